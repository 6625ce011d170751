import os
import sys

REBUILD = "rm -f .venv/.bootstrap-stamp && make env"


def _run() -> int:
    try:
        from reportbuild.run.cli import main

        return main()
    except ModuleNotFoundError as error:  # a venv an install left half-made, or a package removed by hand
        if (error.name or "").split(".")[0] in ("", "helpers", "reportbuild"):
            raise  # our own code: a bug, not the environment
        print(
            f"error: the project's Python environment is incomplete ({error}); rebuild it: {REBUILD}", file=sys.stderr
        )
        return 2


def _leave(code: int) -> None:
    """A stopped build (Ctrl-C, SIGTERM: code 128 + the signal) has cleaned up and said so; it leaves without the
    interpreter's finalisation, where a notebook client cut short can wait for ever on its messaging context
    (zmq Context.term in KernelClient.__del__), after the build's own watchdog thread has been parked."""
    if code > 128:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    sys.exit(code)


_leave(_run())
