"""The `mlops-lint` command and `python -m mlops_lint`."""

from __future__ import annotations

import contextlib
import gc
import os
import sys


def run() -> None:
    """Run the command line in a process of its own."""
    # A run allocates millions of small objects and frees them by reference counting; cycles are
    # rare. Collecting every 700 allocations (the default) cost a tenth of a large assessment.
    gc.set_threshold(100_000, 50, 100)
    from mlops_lint.cli import main  # noqa: PLC0415 - imported once the collector is tuned

    gc.freeze()  # what the imports made lives for the whole run: never scan it again
    code = main(exiting=True)
    # Tearing down the interpreter frees every object of the run one by one (half a second on a
    # large repository); nothing is left to clean up, so flush the output and leave at once.
    with contextlib.suppress(OSError, ValueError):  # a closed pipe (`mlops-lint | head`): nothing to add
        sys.stdout.flush()
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    run()
