"""JupyterLab for this project: `make lab` puts this folder first on JUPYTER_CONFIG_PATH (the analyst's own
~/.jupyter still applies). A notebook saved in Lab keeps what the committed notebooks carry, so opening one,
running it and saving it changes nothing git sees but its outputs (nbstripout removes those at commit, see
.pre-commit-config.yaml; `make strip` does the same by hand).

On save Lab writes the running kernel's name ("Python 3 (ipykernel)") into `metadata.kernelspec` and the
language's version, lexer and CodeMirror mode into `metadata.language_info`; the hook below puts back the
committed values. It also drops exactly the metadata nbstripout drops at commit (its defaults: no extra keys are
configured), so the two never disagree about a notebook's metadata. Cell ids are left as Lab keeps them (those it
loaded); nbstripout numbers them at commit.
tests/unit/test_lab_save.py checks the hook against nbstripout and notebooks/; tests/e2e/test_lab_save.py saves a
notebook through a real server.
"""

# What every notebook under notebooks/ carries (a unit test keeps the two equal).
KERNELSPEC = {"display_name": "Python 3", "language": "python", "name": "python3"}
LANGUAGE_INFO = {"name": "python"}

# nbstripout's default keys (nbstripout 0.9: `metadata.signature`, `cell.metadata.execution`, …).
NOTEBOOK_NOISE = ("signature", "widgets")
CELL_NOISE = ("collapsed", "ExecuteTime", "execution", "heading_collapsed", "hidden", "scrolled")


def normalise_notebook(model: dict, **_) -> None:
    """jupyter_server pre-save hook: rewrite a notebook model in place before it is written (other files as they
    are). Outputs and execution counts stay, for the analyst to see on reopening; nbstripout removes them."""
    if model.get("type") != "notebook" or not isinstance(model.get("content"), dict):
        return
    notebook = model["content"]
    metadata = notebook.setdefault("metadata", {})
    metadata["kernelspec"] = dict(KERNELSPEC)
    metadata["language_info"] = dict(LANGUAGE_INFO)
    for key in NOTEBOOK_NOISE:
        metadata.pop(key, None)
    for cell in notebook.get("cells", []):
        for key in CELL_NOISE:
            cell.get("metadata", {}).pop(key, None)


c = get_config()  # noqa: F821 (traitlets provides it when it loads this file)
c.ContentsManager.pre_save_hook = normalise_notebook
