"""The one exception hierarchy of quanyu.

Every error quanyu raises on purpose derives from :class:`QuanyuError`, except file errors,
which are the built-in :class:`FileNotFoundError`, :class:`PermissionError` and
:class:`OSError`, and wrong argument types, which are :class:`TypeError`.

>>> import quanyu
>>> issubclass(quanyu.ValidationError, ValueError), issubclass(quanyu.NotFoundError, KeyError)
(True, True)
"""

from __future__ import annotations

from typing import NamedTuple


class Origin(NamedTuple):
    """Where an input row came from: a file or table name and its 1-based data row.

    >>> Origin("units.csv", 3)
    Origin(source='units.csv', row=3)
    """

    source: str
    row: int


class Problem(tuple):  # type: ignore[type-arg]
    """One thing wrong with an edit or an input row: ``(id, field, message)``.

    It unpacks as a 3-tuple; :attr:`origin` tells the input row, when the change came from a
    file or table.

    >>> p = Problem("B-7", "parent", "unknown unit `G-99`", Origin("units.csv", 12))
    >>> id, field, message = p
    >>> field, p.origin.row
    ('parent', 12)
    >>> str(p)
    'units.csv row 12: `B-7`.parent: unknown unit `G-99`'
    """

    origin: Origin | None

    def __new__(
        cls, id: str, field: str, message: str, origin: Origin | None = None
    ) -> Problem:
        self = super().__new__(cls, (id, field, message))
        self.origin = origin
        return self

    @property
    def id(self) -> str:
        """The id of the entity at fault (empty if the row has no usable id)."""
        return str(self[0])

    @property
    def field(self) -> str:
        """The field or column at fault."""
        return str(self[1])

    @property
    def message(self) -> str:
        """What is wrong and what was expected."""
        return str(self[2])

    def __repr__(self) -> str:
        return f"Problem(id={self.id!r}, field={self.field!r}, message={self.message!r}, origin={self.origin!r})"

    def __str__(self) -> str:
        where = f"{self.origin.source} row {self.origin.row}: " if self.origin else ""
        return f"{where}`{self.id}`.{self.field}: {self.message}"

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (Problem, (self.id, self.field, self.message, self.origin))


class QuanyuError(Exception):
    """The base of every quanyu error.

    >>> issubclass(InfeasibleError, QuanyuError)
    True
    """


class ValidationError(QuanyuError, ValueError):
    """An edit, import or request was rejected, and nothing was changed.

    :attr:`problems` lists every problem found, each an ``(id, field, message)`` tuple.

    >>> e = ValidationError("1 problem found", [Problem("u", "parent", "unknown unit `x`")])
    >>> [tuple(p) for p in e.problems]
    [('u', 'parent', 'unknown unit `x`')]
    """

    problems: list[Problem]

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.problems = list(problems or [])

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (type(self), (str(self), self.problems))


class NotFoundError(QuanyuError, KeyError):
    """No entity of that kind has that id (also a :class:`KeyError`).

    >>> e = NotFoundError("unit `x` not found", "unit", "x")
    >>> str(e), e.kind, e.id
    ('unit `x` not found', 'unit', 'x')
    """

    kind: str
    id: str

    def __init__(self, message: str, kind: str = "", id: str = "") -> None:
        super().__init__(message)
        self.kind = kind
        self.id = id

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (type(self), (str(self), self.kind, self.id))


class InfeasibleError(QuanyuError):
    """A problem has no feasible solution (a supply or demand that cannot be met).

    >>> raise InfeasibleError("node 1 (demand 3): 3 short")
    Traceback (most recent call last):
    ...
    quanyu._errors.InfeasibleError: node 1 (demand 3): 3 short
    """


class UnboundedError(QuanyuError):
    """The objective can be made arbitrarily good (a negative cycle of unbounded capacity).

    >>> issubclass(UnboundedError, QuanyuError)
    True
    """


class ParseError(QuanyuError, ValueError):
    """A file or text could not be parsed; :attr:`source_name` and :attr:`line` say where.

    >>> e = ParseError("snapshot:1: bad", "snapshot", 1)
    >>> (e.source_name, e.line)
    ('snapshot', 1)
    """

    source_name: str
    line: int | None

    def __init__(self, message: str, source_name: str = "", line: int | None = None) -> None:
        super().__init__(message)
        self.source_name = source_name
        self.line = line

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (type(self), (str(self), self.source_name, self.line))


class InvalidArgumentError(QuanyuError, ValueError):
    """An argument is out of its domain (a negative count, NaN, an unknown name).

    When the argument is a record (or a list of them), :attr:`problems` lists every problem
    found in it, each naming the row (the record's id), the field and the value.

    >>> e = InvalidArgumentError("invalid argument `limit`: must not be negative", "limit")
    >>> e.name, e.problems
    ('limit', [])
    """

    name: str
    problems: list[Problem]

    def __init__(self, message: str, name: str = "", problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.name = name
        self.problems = list(problems or [])

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (type(self), (str(self), self.name, self.problems))


class ArgumentTypeError(InvalidArgumentError, TypeError):
    """An argument, or a field of a record given as one, has the wrong Python type (also a
    :class:`TypeError`, as Python's own functions raise).

    >>> issubclass(ArgumentTypeError, TypeError) and issubclass(ArgumentTypeError, InvalidArgumentError)
    True
    """


class CalendarError(QuanyuError, ValueError):
    """A date falls in a year the working-day calendar does not cover: the calendar never
    guesses a year's holidays. :attr:`year` is the year asked for, :attr:`covered` the years
    covered (``'2007–2025'``); add a year with ``WorkCalendar.add_year_table``.

    >>> e = CalendarError("the calendar does not cover 2031", 2031, "2007–2025")
    >>> (e.year, e.covered)
    (2031, '2007–2025')
    """

    year: int
    covered: str

    def __init__(self, message: str, year: int = 0, covered: str = "") -> None:
        super().__init__(message)
        self.year = year
        self.covered = covered

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (type(self), (str(self), self.year, self.covered))


class TransitionRefusedError(QuanyuError):
    """A transition of a grid event was refused: the event's state does not allow the action,
    or the actor holds none of the posts that may take it (:attr:`needed`) at the unit where
    the event stands (:attr:`unit`). Nothing was changed.

    >>> e = TransitionRefusedError("refused", "E1", "discover", "P9", "G1", ["网格员 GridWorker"])
    >>> (e.event, e.actor, e.unit, e.needed)
    ('E1', 'P9', 'G1', ['网格员 GridWorker'])
    """

    event: str
    action: str
    actor: str
    unit: str
    needed: list[str]

    def __init__(
        self,
        message: str,
        event: str = "",
        action: str = "",
        actor: str = "",
        unit: str = "",
        needed: list[str] | None = None,
    ) -> None:
        super().__init__(message)
        self.event = event
        self.action = action
        self.actor = actor
        self.unit = unit
        self.needed = list(needed or [])

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (type(self), (str(self), self.event, self.action, self.actor, self.unit, self.needed))
