"""A notebook opened and saved in the analyst's JupyterLab is byte for byte the committed one: a real Lab server from
the venv, with the project's config as `make lab` gives it (JUPYTER_CONFIG_PATH=jupyter_config), on 127.0.0.1 with a
free port and a token, serving a copy of the notebooks; each is opened (GET /api/contents/<path>) and saved back
(PUT) with the metadata JupyterLab 4 writes, and the file on disk must hold its original bytes. Bounded in time;
the server is stopped at the end."""

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from helpers.base.paths import NOTEBOOKS_DIR, PROJECT_ROOT

pytestmark = pytest.mark.e2e
TIME_LIMIT = 15.0  # seconds for the whole test: server start, every open and save, shutdown
JUPYTER = Path(sys.executable).with_name("jupyter")

# What JupyterLab 4.6 sends when it saves a notebook it opened with the project's kernel (seen in Chromium): the
# kernel's display name and the language's full description instead of what the notebooks carry.
LAB_KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
LAB_LANGUAGE_INFO = {
    "codemirror_mode": {"name": "ipython", "version": 3},
    "file_extension": ".py",
    "mimetype": "text/x-python",
    "name": "python",
    "nbconvert_exporter": "python",
    "pygments_lexer": "ipython3",
    "version": sys.version.split()[0],
}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Lab:
    """A JupyterLab server on 127.0.0.1 serving `root`, started as `make lab` starts it (the project's config
    first on JUPYTER_CONFIG_PATH) but with its own config, data and runtime folders under `home`."""

    def __init__(self, root: Path, home: Path, deadline: float):
        self.port, self.token, self.deadline = _free_port(), secrets.token_hex(16), deadline
        self.log = home / "server.log"
        env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "JUPYTERLAB"))}
        env |= {
            "JUPYTER_CONFIG_PATH": str(PROJECT_ROOT / "jupyter_config"),
            "JUPYTER_CONFIG_DIR": str(home / "config"),
            "JUPYTER_DATA_DIR": str(home / "data"),
            "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
            "JUPYTERLAB_SETTINGS_DIR": str(home / "settings"),
            "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"),
        }
        command = [
            str(JUPYTER),
            "lab",
            "--no-browser",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={self.port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={self.token}",
            f"--ServerApp.root_dir={root}",
            *(["--allow-root"] if os.geteuid() == 0 else []),
        ]
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                command, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=home, start_new_session=True
            )

    def request(self, method: str, path: str, body: dict | None = None) -> dict:
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}",
            method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=max(0.5, self.deadline - time.monotonic())) as response:
            return json.loads(response.read() or b"null")

    def wait_until_up(self) -> None:
        while True:
            if self.process.poll() is not None:
                pytest.fail(f"the Lab server exited ({self.process.returncode}):\n{self.log.read_text()[-2000:]}")
            try:
                self.request("GET", "/api/status")
                return
            except OSError:
                if time.monotonic() > self.deadline:
                    pytest.fail(f"the Lab server did not answer in time:\n{self.log.read_text()[-2000:]}")
                time.sleep(0.1)

    def stop(self) -> None:
        """Stop the server this test started (its own process group), at once if it does not stop in 5 s."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


@pytest.fixture
def notebooks(tmp_path) -> Path:
    """A copy of the notebooks: the server never sees notebooks/ itself."""
    folder = tmp_path / "notebooks"
    folder.mkdir()
    for path in sorted(NOTEBOOKS_DIR.glob("*.ipynb")):
        shutil.copy2(path, folder / path.name)
    return folder


def test_a_notebook_opened_and_saved_in_lab_keeps_its_bytes(notebooks, tmp_path):
    started = time.monotonic()
    home = tmp_path / "jupyter"
    home.mkdir()
    lab = Lab(notebooks, home, deadline=started + TIME_LIMIT - 3)  # leave time to stop it
    try:
        lab.wait_until_up()
        for path in sorted(notebooks.glob("*.ipynb")):
            original, written = path.read_bytes(), path.stat().st_mtime_ns
            model = lab.request("GET", f"/api/contents/{path.name}?type=notebook&content=1")
            content = model["content"]
            assert content["metadata"]["kernelspec"] != LAB_KERNELSPEC  # so the save below changes something
            content["metadata"].update(kernelspec=LAB_KERNELSPEC, language_info=LAB_LANGUAGE_INFO)
            saved = lab.request(
                "PUT", f"/api/contents/{path.name}", {"type": "notebook", "format": "json", "content": content}
            )
            assert saved["last_modified"] != model["last_modified"] and path.stat().st_mtime_ns != written
            assert path.read_bytes() == original, f"{path.name} changed when saved in Lab"
    finally:
        lab.stop()
    assert f"Saving file at /{path.name}" in lab.log.read_text()
    assert time.monotonic() - started < TIME_LIMIT
