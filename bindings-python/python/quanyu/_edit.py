"""``Edit``: a changeset bound to a network, committed all or nothing."""

from __future__ import annotations

from types import TracebackType
from typing import TYPE_CHECKING

from ._quanyu import Changeset

if TYPE_CHECKING:
    from ._quanyu import Network
    from ._records import CommitSummary


class Edit(Changeset):
    """A batch of staged changes on a network (``Network.edit()``).

    Stage changes with the ``Changeset`` methods, then :meth:`commit`; or use it as a context
    manager, which commits when the block ends without an exception and discards the batch
    otherwise. A refused commit raises ``ValidationError`` with every problem found, and the
    network is exactly as it was.

    >>> import quanyu
    >>> net = quanyu.Network()
    >>> e = net.edit()
    >>> _ = e.add_unit(quanyu.UnitRecord("G", "Grid", parent="A")).add_unit(quanyu.UnitRecord("A", "Area", parent="S"))
    >>> _ = e.add_unit(quanyu.UnitRecord("S", "Subdistrict"))
    >>> e.commit().added
    3
    >>> with net.edit() as e:
    ...     _ = e.add_unit(quanyu.UnitRecord("B", "Building", parent="A"))  # not in an area
    Traceback (most recent call last):
    ...
    quanyu._errors.ValidationError: 1 problem found, nothing changed
      `B`.parent: a Building cannot sit directly in an Area (`A`); ...
    >>> "B" in net
    False
    """

    def __init__(self, network: Network) -> None:
        self._network = network
        self._committed = False

    @property
    def network(self) -> Network:
        """The network this edit applies to."""
        return self._network

    def remove_subtree(self, id: str) -> Edit:
        """Stages removing the unit ``id`` and every unit below it, deepest first."""
        below = [u.id for u in self._network.descendants(id)]
        for unit in reversed(below):
            self.remove_unit(unit)
        self.remove_unit(id)
        return self

    def commit(self) -> CommitSummary:
        """Validates the batch and applies all of it, or none of it."""
        summary = self._network.apply(self)
        self._committed = True
        return summary

    def __enter__(self) -> Edit:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is None and not self._committed:
            self.commit()

    def __repr__(self) -> str:
        return f"<Edit of {len(self)} change(s)>"
