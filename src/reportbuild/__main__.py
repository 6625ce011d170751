import sys

REBUILD = "rm -f .venv/.bootstrap-stamp && make env"


def _run() -> int:
    try:
        from reportbuild.cli import main

        return main()
    except ModuleNotFoundError as error:  # a venv an install left half-made, or a package removed by hand
        if (error.name or "").split(".")[0] in ("", "helpers", "reportbuild"):
            raise  # our own code: a bug, not the environment
        print(
            f"error: the project's Python environment is incomplete ({error}); rebuild it: {REBUILD}", file=sys.stderr
        )
        return 2


sys.exit(_run())
