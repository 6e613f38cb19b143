"""Entry point: `classifier-explorer` / `python -m desktop_app`; the GUI without arguments, the CLI with them."""

from __future__ import annotations

import os
import sys

# numpy's BLAS threads spin after a matrix product and take the cores onnxruntime and the GUI need (measured: +25 %
# on explanation maps on 2 cores); the app does no heavy BLAS work, so one thread is plenty.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

# onnxruntime must be loaded before Qt: on Windows, Qt's older MSVC runtime otherwise breaks its DLL import.
import onnxruntime  # noqa: F401


def main(argv: list[str] | None = None) -> int:
    """Runs the command line when arguments are given, else the desktop app."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) == 2 and args[0] == "--probe-model":  # the child process of core.model_guard.probe_model
        from desktop_app.core.model_guard import run_probe

        return run_probe(args[1])
    if args and not args[0].startswith("--gui"):
        from desktop_app.cli import main as cli_main

        return cli_main(args)
    from desktop_app.ui.app import run_gui

    return run_gui(args)


if __name__ == "__main__":
    import multiprocessing

    multiprocessing.freeze_support()  # the frozen app: a study's worker process starts here, not in main()
    sys.exit(main())
