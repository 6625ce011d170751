"""`make regions SCHEDULER=tcp://host:8786`: the regions handed to a Dask distributed cluster instead of local workers.

Each region is one task. A worker runs the same build a user's `make REGION=…` runs (`python -m reportbuild
reports`), with the same checkout and data folder, which the cluster's machines share at the same paths (a shared
file system); reports land where a local build puts them, and each region's batch keeps its own manifest. The
workers are started from the project's venv (`.venv/bin/dask worker tcp://host:8786 --nthreads 1`): one region at
a time each, its chapters on that machine's cores. Ctrl-C cancels the regions not started and stops those running,
each leaving its reports and records whole.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from reportbuild.run.batch import STOP_GRACE, Stopped

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
STOP_EVENT = "minzheng-stop-regions-{}"  # a Dask Event every task of one batch watches: set on Ctrl-C
POLL = 0.2  # seconds between looks at the stop event while a region builds


@dataclass
class RegionRun:
    """What a worker reports of one region's build."""

    region: str
    code: int
    output: str
    worker: str
    seconds: float


def build_region(project: str, data: str, region: str, reports: str, compare: str, jobs: str, stop: str) -> RegionRun:
    """On a worker: one region's build, through the project's own entry point; stopped (SIGINT, as Ctrl-C would)
    when the client sets the stop event."""
    from distributed import Event, get_worker

    started = time.monotonic()
    stopping = Event(stop)
    if stopping.is_set():  # Ctrl-C came before this region's turn: it never starts
        return RegionRun(region, 128 + signal.SIGINT, "not started: the build of regions was stopped", "", 0.0)
    command = [sys.executable, "-m", "reportbuild", "reports", f"--region={region}", f"--reports={reports}"]
    command += [f"--compare={compare}", f"--jobs={jobs}"]
    environment = {**os.environ, "MINZHENG_DATA": data}
    # What it says goes to a file, not to a pipe: nobody reads it until the build ends, and a full pipe would stop it.
    with tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace") as said:
        process = subprocess.Popen(  # in a session of its own: a stop reaches its kernels and workers, as Ctrl-C would
            command, cwd=project, env=environment, stdout=said, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            while process.poll() is None and not stopping.is_set():
                time.sleep(POLL)
        finally:  # stopped, or this task itself failed or was cancelled: the build never outlives it unasked
            _stop(process)
        said.seek(0)
        output = said.read()
    return RegionRun(region, process.returncode, output, get_worker().address, round(time.monotonic() - started, 1))


def _stop(process: subprocess.Popen) -> None:
    """Ctrl-C to a build still running, as a user would press it; a build that has not left STOP_GRACE later
    (a stop lost while it started, or swallowed) is killed with its kernels."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGINT)
    try:
        process.wait(STOP_GRACE + 1)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)


def build_regions(address: str, regions: list[str], reports: Path, compare: str, jobs: str, say) -> int:
    """Hand every region to the cluster at `address`; print each region's lines as it ends; 0 if all succeeded."""
    from distributed import Client, Event

    from helpers.base.paths import data_dir
    from reportbuild.run.record import PROJECT_ROOT

    try:
        _answers(address)
        client = Client(address, timeout="20s")
    except OSError as error:
        raise ConnectionError(f"parameter SCHEDULER: no Dask scheduler answers at {address} ({error})") from None
    stopped: list[int] = []  # Ctrl-C or SIGTERM, noted by the handlers, acted on by _follow
    previous = {s: signal.signal(s, lambda signum, frame: stopped.append(signum)) for s in STOP_SIGNALS}
    try:
        with client:
            stop = Event(STOP_EVENT.format(uuid.uuid4().hex), client=client)  # its own: another batch's Ctrl-C
            arguments = (str(PROJECT_ROOT), str(data_dir()), str(reports.resolve()), compare, jobs, stop.name)
            say(f"handing {len(regions)} region(s) to the Dask cluster at {address} ({_workers(client)} worker(s))")
            futures = [
                client.submit(build_region, arguments[0], arguments[1], region, *arguments[2:], key=f"region-{region}")
                for region in regions
            ]
            return _follow(futures, stop, stopped, say)
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _answers(address: str) -> None:
    """A refused or unreachable tcp:// address fails at once (Dask's client would retry it until its timeout)."""
    import socket
    from urllib.parse import urlsplit

    parts = urlsplit(address)
    if parts.scheme == "tcp" and parts.hostname and parts.port:
        socket.create_connection((parts.hostname, parts.port), timeout=5).close()


def _follow(futures, stop, stopped: list[int], say) -> int:
    """Print each region as it ends. Once `stopped` holds a signal: set the stop event, wait for the running regions
    to stop themselves (the rest never start) and stop. Polled, not waited on: a signal never lands inside the
    client's own waiting, which would swallow it."""
    failed, reported = 0, set()
    while len(reported) < len(futures):
        for future in futures:
            if future.done() and future.key not in reported:
                failed |= _report(future, say)
                reported.add(future.key)
        if stopped:
            stop.set()
            _wait_for(futures)
            raise Stopped(stopped[0])
        time.sleep(POLL)
    return failed


def _workers(client) -> int:
    return len(client.scheduler_info(n_workers=-1).get("workers", {}))


def _report(future, say) -> int:
    """Print a finished region's lines, each naming the region, and where it ran; 1 if it failed."""
    try:
        run = future.result()
    except Exception as error:  # the task itself failed (a worker lost, a checkout missing on that machine)
        say(f"[{future.key.removeprefix('region-')}/] error: the cluster could not build it: {error}")
        return 1
    for line in run.output.splitlines():
        say(f"[{run.region}/] {line}")
    outcome = "done" if run.code == 0 else f"failed (exit {run.code})"
    say(f"[{run.region}/] {outcome} in {run.seconds:.1f}s on worker {run.worker}")
    return 0 if run.code == 0 else 1


def _wait_for(futures, seconds: float = STOP_GRACE) -> None:
    """Until every region has stopped (or never started), at most `seconds`."""
    deadline = time.monotonic() + seconds
    while not all(f.done() for f in futures) and time.monotonic() < deadline:
        time.sleep(POLL)
