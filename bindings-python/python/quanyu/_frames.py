"""DataFrames in: networks, posts, contracts (and every other table) from any object with the
Arrow PyCapsule interface (pyarrow, polars, pandas ≥ 2.2), or from pandas without pyarrow.

Each frame is validated exactly like the CSV file with the same rows, through the same
reader: the same problems (with the frame's name and 1-based row), and one all-or-nothing
import for all the frames together.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from . import _quanyu

if TYPE_CHECKING:
    from ._quanyu import Network
    from ._records import CommitSummary

TABLES = (
    "units",
    "organisations",
    "persons",
    "memberships",
    "posts",
    "grid_layers",
    "tasks",
    "leads",
    "serves",
    "contracts",
)


def _payload(name: str, frame: Any) -> Any:
    """What the native reader takes: an Arrow-capable object, or CSV bytes for pandas
    without pyarrow."""
    module = type(frame).__module__
    if module.startswith("pandas"):
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            return frame.to_csv(index=False).encode()
        if not hasattr(frame, "__arrow_c_stream__"):
            import pyarrow as pa

            return pa.Table.from_pandas(frame, preserve_index=False)
    return frame


def changeset(**frames: Any) -> _quanyu.Changeset:
    """The frames' rows as one ``Changeset``; ``ValidationError`` lists every bad cell.

    >>> import pyarrow as pa
    >>> len(changeset(units=pa.table({"id": ["S"], "level": ["Subdistrict"]})))
    1
    """
    unknown = sorted(set(frames) - set(TABLES))
    if unknown:
        raise TypeError(f"unknown table(s) {', '.join(unknown)}; expected some of {', '.join(TABLES)}")
    items = [(name, name, _payload(name, frames[name])) for name in TABLES if frames.get(name) is not None]
    return _quanyu._frames_changeset(items)


def import_frames(network: Network, progress: Callable[[int, int], object] | None = None, **frames: Any) -> CommitSummary:
    """Imports the frames into ``network`` as one edit (see ``Network.import_frames``);
    ``progress(done, total)`` counts the frames read, then the commit."""
    if progress is not None and not callable(progress):
        raise TypeError("`progress` must be a callable progress(done, total)")
    total = sum(1 for name in TABLES if frames.get(name) is not None) + 1
    if progress:
        progress(0, total)
    staged = changeset(**frames)
    if progress:
        progress(total - 1, total)
    summary = network.apply(staged)
    if progress:
        progress(total, total)
    return summary
