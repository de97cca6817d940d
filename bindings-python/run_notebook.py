"""Executes a notebook top to bottom in a fresh kernel; fails on the first error."""

import sys
import time

import nbformat
from nbclient import NotebookClient


def main(path: str) -> None:
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    NotebookClient(nb, timeout=900, kernel_name="python3", resources={"metadata": {"path": "."}}).execute()
    print(f"{path}: {len(nb.cells)} cells executed in {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main(sys.argv[1])
