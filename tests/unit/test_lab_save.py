"""The analyst's JupyterLab (`make lab`): it listens where LAB_PORT and LAB_IP say, and its pre-save hook
(jupyter_config/jupyter_server_config.py) writes a notebook saved in Lab as the committed notebooks are, agreeing
with nbstripout about metadata. tests/e2e/test_lab_save.py saves a notebook through a real server."""

import copy
import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from traitlets.config.loader import PyFileConfigLoader

from conftest import make
from helpers.base.paths import NOTEBOOKS_DIR, PROJECT_ROOT

CONFIG = PROJECT_ROOT / "jupyter_config" / "jupyter_server_config.py"
NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))


def _hook():
    """The pre-save hook as Jupyter loads it from the config file."""
    return PyFileConfigLoader(CONFIG.name, path=str(CONFIG.parent)).load_config().ContentsManager.pre_save_hook


HOOK = _hook()
CONFIGURED = HOOK.__globals__  # the config file's names: KERNELSPEC, LANGUAGE_INFO, NOTEBOOK_NOISE, CELL_NOISE


def as_lab_saves(content: dict, outputs: bool) -> dict:
    """A notebook's JSON as JupyterLab 4 sends it to be saved after opening it (and, with `outputs`, running it):
    the kernel's display name, the language's full description, timings and view state Lab may record."""
    saved = copy.deepcopy(content)
    saved["metadata"]["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
    saved["metadata"]["language_info"] = {
        "codemirror_mode": {"name": "ipython", "version": 3},
        "file_extension": ".py",
        "mimetype": "text/x-python",
        "name": "python",
        "nbconvert_exporter": "python",
        "pygments_lexer": "ipython3",
        "version": sys.version.split()[0],
    }
    saved["metadata"]["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    for number, cell in enumerate(saved["cells"]):
        if cell["cell_type"] != "code" or not outputs:
            continue
        cell["execution_count"] = number
        cell["metadata"]["execution"] = {"iopub.status.busy": "2026-01-01T00:00:00.000000Z"}
        cell["metadata"]["scrolled"] = True
        cell["outputs"] = [{"output_type": "stream", "name": "stdout", "text": ["运行结果\n"]}]
    return saved


def _saved_by_lab(path: Path, outputs: bool) -> str:
    """What the server writes for `path` saved from Lab: the hook on the model, then nbformat as jupyter_server."""
    model = {"type": "notebook", "format": "json", "content": as_lab_saves(json.loads(path.read_bytes()), outputs)}
    HOOK(model=model, path=path.name, contents_manager=None)
    text = nbformat.writes(nbformat.from_dict(model["content"]), version=nbformat.NO_CONVERT)
    return text if text.endswith("\n") else text + "\n"


def test_jupyter_loads_the_hook_from_the_config_file():
    assert callable(HOOK) and HOOK.__name__ == "normalise_notebook"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_the_notebooks_carry_what_the_hook_writes(path):
    metadata = json.loads(path.read_bytes())["metadata"]
    assert metadata["kernelspec"] == CONFIGURED["KERNELSPEC"]
    assert metadata["language_info"] == CONFIGURED["LANGUAGE_INFO"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_opened_and_saved_in_lab_a_notebook_is_byte_identical(path):
    assert _saved_by_lab(path, outputs=False).encode() == path.read_bytes()


KEPT_CELL_METADATA = {"tags": ["parameters"], "jupyter": {"outputs_hidden": True}, "editable": False}


@pytest.fixture(scope="module")
def stripped_at_commit(tmp_path_factory) -> dict:
    """One nbstripout run (as the pre-commit hook and `make strip` run it) over: every notebook run and saved in
    Lab, and a notebook carrying every metadata key the hook drops and some it keeps, left as Lab saved it; with
    the hook's version of that notebook."""
    folder = tmp_path_factory.mktemp("saved-in-lab")
    for path in NOTEBOOKS:
        (folder / path.name).write_text(_saved_by_lab(path, outputs=True), encoding="utf-8")
    cell_metadata = {
        key: {"x": "1"} if key in ("execution", "ExecuteTime") else True for key in CONFIGURED["CELL_NOISE"]
    }
    nb = nbformat.v4.new_notebook(metadata={key: {"x": 1} for key in (*CONFIGURED["NOTEBOOK_NOISE"], "minzheng")})
    nb.metadata.update(kernelspec=CONFIGURED["KERNELSPEC"], language_info=CONFIGURED["LANGUAGE_INFO"])
    nb.cells = [nbformat.v4.new_code_cell("1", id="0", metadata={**cell_metadata, **KEPT_CELL_METADATA})]
    nbformat.write(nb, folder / "keys.ipynb")
    hooked = {"type": "notebook", "content": json.loads((folder / "keys.ipynb").read_bytes())}
    HOOK(model=hooked, path="keys.ipynb", contents_manager=None)
    nbstripout = Path(sys.executable).with_name("nbstripout")
    files = sorted(str(p) for p in folder.glob("*.ipynb"))
    subprocess.run([str(nbstripout), *files], check=True, cwd=folder, timeout=60)
    return {"folder": folder, "hooked": hooked["content"]}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_run_and_saved_in_lab_then_stripped_at_commit_a_notebook_is_byte_identical(stripped_at_commit, path):
    """After Run All and save, nbstripout gives the committed bytes back: only outputs and counts differed."""
    assert (stripped_at_commit["folder"] / path.name).read_bytes() == path.read_bytes()


def test_the_hook_drops_exactly_the_metadata_nbstripout_drops(stripped_at_commit):
    """nbstripout's default keys (notebook and cell metadata) go, others (tags, Lab's outputs_hidden) stay, in
    the hook as in nbstripout: neither undoes the other."""
    stripped = json.loads((stripped_at_commit["folder"] / "keys.ipynb").read_bytes())
    hooked = stripped_at_commit["hooked"]
    assert hooked["metadata"] == stripped["metadata"] and "minzheng" in stripped["metadata"]
    assert hooked["cells"][0]["metadata"] == stripped["cells"][0]["metadata"] == KEPT_CELL_METADATA


def test_other_files_are_saved_as_they_are():
    model = {"type": "file", "format": "text", "content": '{"metadata": {"kernelspec": {}}}'}
    before = copy.deepcopy(model)
    HOOK(model=model, path="x.json", contents_manager=None)
    assert model == before


def _lab_command(*assignments: str) -> str:
    result = make("-n", "lab", *assignments, check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_make_lab_listens_where_it_is_told_with_the_projects_config():
    command = _lab_command("LAB_PORT=9999", "LAB_IP=127.0.0.1")
    assert f"JUPYTER_CONFIG_PATH='{PROJECT_ROOT}/jupyter_config'" in command
    assert "--port='9999'" in command and "--ip='127.0.0.1'" in command and "--notebook-dir=notebooks" in command


def test_make_lab_leaves_jupyters_defaults_when_unset():
    command = _lab_command()
    assert "--port" not in command and "--ip" not in command


@pytest.mark.parametrize(
    "assignment, ok",
    [
        ("LAB_PORT=1", True),
        ("LAB_PORT=65535", True),
        ("LAB_PORT=65536", False),
        ("LAB_PORT=123456", False),
        ("LAB_PORT=0", False),
        ("LAB_PORT=08888", False),
        ("LAB_PORT=８８８８", False),
        ("LAB_IP=::1", True),
        ("LAB_IP=localhost", True),
        ("LAB_IP=127.0.0.1 --ServerApp.token=", False),
        ("LAB_IP=*", False),
    ],
)
def test_lab_port_and_address_are_checked_like_every_variable(assignment, ok):
    result = make("-n", "help", assignment, check=False)
    variable = assignment.split("=")[0]
    if ok:
        assert result.returncode == 0, result.stderr
    else:
        assert result.returncode != 0 and result.stderr.count("parameter ") == 1
        assert f"parameter {variable}: " in result.stderr and "is not allowed; allowed:" in result.stderr
