"""quanyu (全域): whole-area, Party-building-led grassroots governance networks.

The governance network of a subdistrict (or a whole city) in one graph: units on a level
scheme, the Party-organisation tree beside them, persons with homes, memberships and posts,
grid layers, key tasks and the four contracts; the structural audit; optimal contract plans;
JSON snapshots, CSV tables, Arrow tables and DataFrames; networkx- and scipy-compatible flow
solvers in :mod:`quanyu.flow`.

>>> import quanyu
>>> net = quanyu.synth.community(2024)
>>> day = quanyu.synth.REFERENCE_DATE
>>> grid = net.units_by_level("Grid")[0]
>>> [h.role for h in net.posts_at_unit(grid.id, day, role="GridLeader")]
['GridLeader', 'GridLeader']
>>> audit = net.audit(day)
>>> audit.gap_count() > 0
True
"""

from . import collab, contracts, events, flow, privacy, report, synth, venues
from ._edit import Edit
from ._enums import (
    AllianceCategory,
    ContractKind,
    GridKind,
    GridLayer,
    OrganisationKind,
    Proximity,
    Role,
    Scope,
    StructuralGap,
    TaskCategory,
    TaskStatus,
)
from ._errors import (
    ArgumentTypeError,
    CalendarError,
    InfeasibleError,
    InvalidArgumentError,
    NotFoundError,
    Origin,
    ParseError,
    Problem,
    QuanyuError,
    TransitionRefusedError,
    UnboundedError,
    ValidationError,
)
from ._quanyu import (
    Changeset,
    Divisions,
    LayerComparison,
    LevelScheme,
    Network,
    Table,
    __version__,
    read_units_with,
)
from ._records import (
    CommitSummary,
    ContractKey,
    ContractRecord,
    GridLayerRecord,
    HeldPost,
    KeyTask,
    LeadRecord,
    LevelDef,
    MembershipKey,
    MembershipRecord,
    Organisation,
    OrganisationRecord,
    Person,
    PersonRecord,
    PostKey,
    PostRecord,
    ServiceRecord,
    Span,
    TaskRecord,
    Unit,
    UnitRecord,
)
from ._reports import Report, Responsibility, Row, StructuralAudit

__all__ = [
    "AllianceCategory",
    "ArgumentTypeError",
    "CalendarError",
    "Changeset",
    "CommitSummary",
    "ContractKey",
    "ContractKind",
    "ContractRecord",
    "Divisions",
    "Edit",
    "GridKind",
    "GridLayer",
    "GridLayerRecord",
    "HeldPost",
    "InfeasibleError",
    "InvalidArgumentError",
    "KeyTask",
    "LayerComparison",
    "LeadRecord",
    "LevelDef",
    "LevelScheme",
    "MembershipKey",
    "MembershipRecord",
    "Network",
    "NotFoundError",
    "Organisation",
    "OrganisationKind",
    "OrganisationRecord",
    "Origin",
    "ParseError",
    "Person",
    "PersonRecord",
    "PostKey",
    "PostRecord",
    "Problem",
    "Proximity",
    "QuanyuError",
    "Report",
    "Responsibility",
    "Role",
    "Row",
    "Scope",
    "ServiceRecord",
    "Span",
    "StructuralAudit",
    "StructuralGap",
    "Table",
    "TransitionRefusedError",
    "TaskCategory",
    "TaskRecord",
    "TaskStatus",
    "UnboundedError",
    "Unit",
    "UnitRecord",
    "ValidationError",
    "__version__",
    "collab",
    "contracts",
    "events",
    "flow",
    "read_units_with",
    "report",
    "synth",
    "venues",
]
