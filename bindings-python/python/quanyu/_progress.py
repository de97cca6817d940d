"""Progress of long calls: a callable ``progress(done, total)``, or ``True`` for a tqdm bar.

>>> with progress_callback(None, "planning") as cb:
...     cb is None
True
>>> with progress_callback(lambda done, total: None, "planning") as cb:
...     callable(cb)
True
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Callable, Iterator, Union

ProgressArg = Union[Callable[[int, int], object], bool, None]


@contextmanager
def progress_callback(progress: ProgressArg, what: str) -> Iterator[Callable[[int, int], object] | None]:
    """The callback to hand a long call: ``progress`` itself, a tqdm bar's update for
    ``True`` (no bar when tqdm is not installed), or ``None``."""
    if progress is None or progress is False:
        yield None
        return
    if progress is True:
        try:
            from tqdm.auto import tqdm  # type: ignore[import-untyped, unused-ignore]
        except ImportError:
            yield None
            return
        bar = tqdm(desc=what, unit="step")

        def step(done: int, total: int) -> None:
            bar.total = total
            bar.n = done
            bar.refresh()

        try:
            yield step
        finally:
            bar.close()
        return
    if not callable(progress):
        raise TypeError(f"`progress` must be a callable progress(done, total), True or None, not {type(progress).__name__}")
    yield progress
