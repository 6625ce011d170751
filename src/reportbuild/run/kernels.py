"""Fresh kernels, started ahead of time: one notebook per kernel, but never waiting for one to boot.

A spare kernel is started (and imports what every chapter imports) while the build process does other
work: its own imports, or rendering the previous chapter. Each kernel is used for one notebook only.
Kernels talk over IPC sockets in a private folder: no TCP port to race for under parallel builds
(papermill#511). The kernel's start-up code installs the recorder (reportbuild.run.record), which writes what the
notebook read to `record` after every cell.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

from reportbuild.errors import ChapterFailed
from reportbuild.run.record import RECORD_VARIABLE, ROOTS_VARIABLE

# The recorder first, so it sees everything the notebook reads. Every chapter notebook imports the two analysis
# modules (helpers.page.chapter.open_chapter, helpers.page.sections), so importing them ahead adds nothing to any
# chapter's recorded inputs.
START_UP = (
    "import reportbuild.run.record; reportbuild.run.record.start_in_kernel(); "
    "import helpers.page.chapter, helpers.page.sections"
)
roots: list[str] = []  # the folders whose reads count (the build sets them: data and reports folders)
cwd: str | None = None  # where kernels run: the reports folder (the overview reads the chapters' results there)


@dataclass
class Kernel:
    manager: object
    folder: Path
    record: Path
    booting: threading.Thread
    failure: list = field(default_factory=list)

    def wait(self) -> Kernel:
        while self.booting.is_alive():  # a kernel that dies while it boots is noticed at once, not after 120 s
            self.booting.join(0.2)
            if self.booting.is_alive() and not self.manager.is_alive():
                self.failure.append("its process ended while it was starting")
                break
        if self.failure:
            raise ChapterFailed(f"the notebook's kernel did not start: {self.failure[0]}")
        return self

    def stop(self) -> None:
        # not waiting for a boot still under way: the kernel is killed, and the boot thread ends when it notices
        if self.manager.has_kernel:
            self.manager.shutdown_kernel(now=True)
        shutil.rmtree(self.folder, ignore_errors=True)


def _boot(manager, failure: list) -> None:
    try:
        client = manager.blocking_client()  # this thread waits; the notebook's client (async) must not
        client.start_channels()
        client.wait_for_ready(timeout=120)
        client.execute_interactive(START_UP, silent=True, store_history=False, timeout=120)
        client.stop_channels()
    except Exception as error:  # reported to whoever waits for this kernel
        failure.append(error)


def start() -> Kernel:
    """Launch a kernel and let it boot in the background."""
    from jupyter_client.manager import KernelManager

    folder = Path(tempfile.mkdtemp(prefix=f"kernel-{os.getpid()}-"))  # the pid: see reportbuild.run.leftovers
    record = folder / "read.json"
    # The notebook runner gets an async client from this manager: a blocking one would block nbclient's event
    # loop while it waits for output, so a runaway cell's timeout and a dead kernel would never be noticed.
    manager = KernelManager(
        kernel_name="python3",
        transport="ipc",
        ip=str(folder / "k"),
        client_class="jupyter_client.asynchronous.AsyncKernelClient",
    )
    recording = {RECORD_VARIABLE: str(record), ROOTS_VARIABLE: os.pathsep.join(roots)}
    manager.start_kernel(cwd=cwd, env={**os.environ, **recording})
    failure: list = []
    kernel = Kernel(
        manager, folder, record, threading.Thread(target=_boot, args=(manager, failure), daemon=True), failure
    )
    kernel.booting.start()
    return kernel


_spare: Kernel | None = None
# Whether another notebook will need a kernel in this process; the build sets it (a spare nobody uses
# would only take CPU from the reports still being rendered).
more_to_come = lambda: True


def take() -> Kernel:
    """A booted kernel for the next notebook: the spare if one was started, else a new one."""
    global _spare
    kernel, _spare = (_spare or start()), None
    if not kernel.manager.is_alive():  # the spare died (killed, out of memory) while it waited: a fresh one
        kernel.stop()
        kernel = start()
    try:
        return kernel.wait()
    except BaseException:  # a kernel that failed to boot, or Ctrl-C while waiting for it: stopped, not orphaned
        kernel.stop()
        raise


def start_spare() -> None:
    """Start booting the kernel the next notebook of this process will use, if one will."""
    global _spare
    if _spare is None and more_to_come():
        _spare = start()


def stop_spare() -> None:
    global _spare
    if _spare is not None:
        _spare.stop()
        _spare = None
