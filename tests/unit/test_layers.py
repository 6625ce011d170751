"""The layers a newcomer can name from the path: helpers/base → data → model → wording → page, each importing
only itself and the layers before it; the build (reportbuild) never imports the model (chapters publish what
they derive, the build assembles), and publishing never imports running."""

from .test_code_style import _graph

HELPER_LAYERS = ["base", "data", "model", "wording", "page"]


def _layer(module: str) -> str:
    return module.split(".")[1]


def test_every_helper_module_sits_in_a_layer():
    stray = [m for m in _graph() if m.startswith("helpers.") and _layer(m) not in HELPER_LAYERS]
    assert not stray


def test_helper_layers_import_only_the_layers_below():
    upward = sorted(
        f"{m} → {i}"
        for m, imported in _graph().items()
        if m.startswith("helpers.")
        for i in imported
        if i.startswith("helpers.") and HELPER_LAYERS.index(_layer(i)) > HELPER_LAYERS.index(_layer(m))
    )
    assert not upward, upward


def test_the_build_never_imports_the_model_and_publishing_never_imports_running():
    wrong = sorted(
        f"{m} → {i}"
        for m, imported in _graph().items()
        if m.startswith("reportbuild.")
        for i in imported
        if i.startswith("helpers.model") or (m.startswith("reportbuild.publish") and i.startswith("reportbuild.run"))
    )
    assert not wrong, wrong


def test_notebooks_call_the_page_layer_only():
    """A notebook reads like a chapter: it opens the chapter and calls page functions, nothing below."""
    import json

    from helpers.base.paths import PROJECT_ROOT

    below = []
    for path in sorted((PROJECT_ROOT / "notebooks").glob("*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            for line in "".join(cell["source"]).splitlines():
                if line.startswith(("from helpers", "import helpers")) and not line.startswith("from helpers.page"):
                    below.append(f"{path.name}: {line}")
    assert not below, below
