"""The build: runs chapter notebooks in fresh kernels, renders HTML and PDF, assembles the book, keeps the
manifest. Entry point: `python -m reportbuild` (reportbuild.run.cli). Never imported by a notebook."""
