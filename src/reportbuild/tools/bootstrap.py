"""Install what the build needs: Debian packages from apt.txt and a venv from environment.yml.

Standard library only: it runs before the project's environment exists.
Usage: python3 src/reportbuild/tools/bootstrap.py [VENV_DIR]
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
ENVIRONMENT = ROOT / "environment.yml"
APT_LIST = ROOT / "apt.txt"
LOCK = ROOT / "requirements.lock"
INPUTS = (ENVIRONMENT, APT_LIST, ROOT / "pyproject.toml", LOCK)


def pip_requirements(environment_yml: Path) -> list[str]:
    """The entries of the `pip:` list of a conda environment file (a small YAML subset)."""
    requirements, pip_indent = [], None
    for line in environment_yml.read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(line) - len(line.lstrip())
        if pip_indent is None:
            if stripped in ("- pip:", "-  pip:"):
                pip_indent = indent
            continue
        if indent <= pip_indent:
            break
        requirements.append(stripped.removeprefix("-").strip())
    if not requirements:
        sys.exit(f"bootstrap: no `pip:` list found in {environment_yml}")
    return requirements


def debian_packages(apt_txt: Path) -> list[str]:
    lines = apt_txt.read_text(encoding="utf-8").splitlines()
    return [line.split("#")[0].strip() for line in lines if line.split("#")[0].strip()]


def is_installed(package: str) -> bool:
    result = subprocess.run(["dpkg-query", "-W", "-f=${Status}", package], capture_output=True, text=True)
    return result.returncode == 0 and "install ok installed" in result.stdout


def ensure_debian_packages(packages: list[str]) -> None:
    if not shutil.which("dpkg-query"):
        print("bootstrap: not a Debian system; make sure these are installed: " + " ".join(packages))
        return
    missing = [p for p in packages if not is_installed(p)]
    if not missing:
        return
    command = ["apt-get", "install", "-y", "--no-install-recommends", *missing]
    if os.geteuid() != 0:
        sys.exit(
            f"bootstrap: missing Debian packages. Install them with:\n  sudo apt-get update && sudo {' '.join(command)}"
        )
    print(f"bootstrap: installing Debian packages: {' '.join(missing)}", flush=True)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run([*command, "-qq"], check=True, env=env, stdout=subprocess.DEVNULL)


def inputs_digest() -> str:
    digest = hashlib.sha256()
    for path in INPUTS:
        digest.update(path.read_bytes() if path.exists() else b"")
    return digest.hexdigest()


def ensure_venv(venv: Path) -> None:
    stamp = venv / ".bootstrap-stamp"
    digest = inputs_digest()
    python = venv / "bin" / "python"
    if stamp.exists() and stamp.read_text() == digest and python.exists():
        stamp.touch()  # current: newer than its inputs again, so make does not ask next time
        return
    if not python.exists():
        print(f"bootstrap: creating {venv}", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    print("bootstrap: installing Python packages from environment.yml", flush=True)
    pip = [str(python), "-m", "pip", "--disable-pip-version-check", "-q"]
    requirements = pip_requirements(ENVIRONMENT)
    unpinned = not_locked(requirements, locked(LOCK))
    if unpinned:
        print(
            f"bootstrap: {LOCK.name} does not pin {', '.join(unpinned)} as environment.yml does: installing by "
            "resolving (slower); then pin what was installed with `make lock`",
            flush=True,
        )
    if unpinned or not install_locked(pip, locked(LOCK), [r for r in requirements if r.startswith("-e")]):
        install(pip, requirements)
    # Byte-compiled once here, on every core (pip compiles one file at a time): a machine may forbid writing
    # bytecode at import (PYTHONDONTWRITEBYTECODE), and a module left uncompiled is then compiled again by every
    # process that imports it.
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    # (-qq, no check: like pip, a file that is not valid Python 3, a template named .py, is left as it is)
    # (Packages' own test suites are never imported: not compiled.)
    compileall = [str(python), "-m", "compileall", "-qq", "-j", "0", "-x", "/tests/", site]
    subprocess.run(compileall, check=False, stdout=subprocess.DEVNULL)
    stamp.write_text(digest)


def locked(lock: Path) -> list[str]:
    """The `name==version` lines of the lock file (`make lock` writes it from a working venv)."""
    if not lock.exists():
        return []
    lines = [line.split("#")[0].strip() for line in lock.read_text(encoding="utf-8").splitlines()]
    return [line for line in lines if line]


def _name(requirement: str) -> str:
    """A distribution's name as pip compares them: case, `_` and `.` aside, without extras (`name[extra]`)."""
    return requirement.split("==")[0].split("[")[0].strip().lower().replace("_", "-").replace(".", "-")


def not_locked(requirements: list[str], lock: list[str]) -> list[str]:
    """environment.yml's pins the lock does not hold at the same version (an edit not yet locked)."""
    pins = {_name(line): line.split("==", 1)[1].strip() for line in lock if "==" in line}
    wanted = [r for r in requirements if not r.startswith("-e")]
    return [r for r in wanted if "==" not in r or pins.get(_name(r)) != r.split("==", 1)[1].strip()]


def install(pip: list[str], requirements: list[str], *options: str) -> None:
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as handle:
        handle.write("\n".join(requirements) + "\n")
    try:
        subprocess.run([*pip, "install", "--no-compile", *options, "-r", handle.name], check=True, cwd=ROOT)
    finally:
        os.unlink(handle.name)


def install_locked(pip: list[str], lock: list[str], editable: list[str]) -> bool:
    """Every locked package, nothing resolved: in parts at once, one per core (pip unpacks one wheel at a time, and
    most of its time is unpacking). A part that fails is tried again in one go; False unless `pip check` then
    finds every requirement met."""
    parts = [lock[n :: _cores()] for n in range(_cores())]
    running = [_pip_install(pip, ["--no-deps", *part]) for part in parts if part]
    if any([process.wait() != 0 for process in running]):
        print("bootstrap: installing the locked packages again, in one go", flush=True)
        try:
            install(pip, lock, "--no-deps")
        except subprocess.CalledProcessError:
            return False
    if editable:
        subprocess.run([*pip, "install", "--no-compile", "--no-deps", *_flatten(editable)], check=True, cwd=ROOT)
    return subprocess.run([*pip, "check"], cwd=ROOT, stdout=subprocess.DEVNULL).returncode == 0


def _pip_install(pip: list[str], arguments: list[str]) -> subprocess.Popen:
    return subprocess.Popen([*pip, "install", "--no-compile", *arguments], cwd=ROOT)


def _flatten(editable: list[str]) -> list[str]:
    return [word for line in editable for word in line.split()]


def _cores() -> int:
    return max(1, min(4, os.cpu_count() or 1))


def main() -> None:
    venv = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / ".venv").resolve()
    ensure_debian_packages(debian_packages(APT_LIST))
    ensure_venv(venv)


if __name__ == "__main__":
    main()
