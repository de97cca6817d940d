"""Executes a notebook top to bottom in a fresh kernel; fails on the first error.

    run_notebook.py NOTEBOOK           run it in memory; the file is left as it is, and must
                                       already hold the outputs of every code cell
    run_notebook.py --write NOTEBOOK   run it and write the outputs into the file

The committed notebook carries its outputs, so that it reads well where it is published
without running it; `make notebook` refreshes them.
"""

import argparse
import sys
import time

import nbformat
from nbclient import NotebookClient


def strip_volatile(nb: nbformat.NotebookNode) -> None:
    """Drops what changes on every run without changing what the reader sees."""
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    nb.metadata.pop("widgets", None)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notebook")
    parser.add_argument("--write", action="store_true", help="write the outputs into the notebook")
    args = parser.parse_args()

    nb = nbformat.read(args.notebook, as_version=4)
    if not args.write:
        missing = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and c.source.strip() and not c.outputs]
        if missing:
            print(f"{args.notebook}: code cells {missing} have no committed outputs; run `make notebook`", file=sys.stderr)
            return 1
    start = time.perf_counter()
    NotebookClient(nb, timeout=900, kernel_name="python3", resources={"metadata": {"path": "."}}).execute()
    print(f"{args.notebook}: {len(nb.cells)} cells executed in {time.perf_counter() - start:.1f} s")
    if args.write:
        strip_volatile(nb)
        nbformat.validate(nb)
        nbformat.write(nb, args.notebook)
        print(f"{args.notebook}: outputs written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
