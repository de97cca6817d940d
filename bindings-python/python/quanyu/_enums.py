"""The enumerations of DOMAIN.md, as ``str`` enums named by their English names.

Every quanyu call that takes one of these also takes a plain string, matched leniently
(``"grid_leader"``, ``"GRID-LEADER"`` and ``Role.GridLeader`` are the same); every call that
returns one returns the canonical name, which compares equal to the enum member.

>>> Role.GridLeader == "GridLeader"
True
>>> str(GridKind.BusinessDistrict)
'BusinessDistrict'
"""

from __future__ import annotations

from enum import Enum


class _Named(str, Enum):
    def __str__(self) -> str:
        return str(self.value)


class GridKind(_Named):
    """The kind of a grid (网格): community, business district, park, street block, office building.

    >>> GridKind("Park")
    <GridKind.Park: 'Park'>
    """

    Community = "Community"
    BusinessDistrict = "BusinessDistrict"
    Park = "Park"
    StreetBlock = "StreetBlock"
    OfficeBuilding = "OfficeBuilding"


class OrganisationKind(_Named):
    """The four levels of the Party-organisation tree (四级组织架构) and alliance members.

    >>> OrganisationKind.GridBranch.value
    'GridBranch'
    """

    WorkingCommittee = "WorkingCommittee"
    GeneralBranch = "GeneralBranch"
    GridBranch = "GridBranch"
    BuildingCell = "BuildingCell"
    AllianceMember = "AllianceMember"


class AllianceCategory(_Named):
    """三建融合: community, "two new", or regional-unit Party building.

    >>> AllianceCategory.TwoNew == "TwoNew"
    True
    """

    Community = "Community"
    TwoNew = "TwoNew"
    RegionalUnit = "RegionalUnit"


class Role(_Named):
    """The roles a person holds as a post (DOMAIN.md §3).

    >>> len(Role)
    9
    """

    GridLeader = "GridLeader"
    GridWorker = "GridWorker"
    SecondSecretary = "SecondSecretary"
    SecondBuildingLeader = "SecondBuildingLeader"
    BuildingLeader = "BuildingLeader"
    CommunityMember = "CommunityMember"
    InServiceMember = "InServiceMember"
    Volunteer = "Volunteer"
    Pioneer = "Pioneer"


class GridLayer(_Named):
    """The grid layers that partition the same buildings (一张网).

    >>> [l.value for l in GridLayer][:2]
    ['PartyBuilding', 'Policing']
    """

    PartyBuilding = "PartyBuilding"
    Policing = "Policing"
    ComprehensiveGovernance = "ComprehensiveGovernance"
    CityOperations = "CityOperations"


class TaskCategory(_Named):
    """The six governance actions (六大治理行动) a key task belongs to.

    >>> TaskCategory.Online.value
    'Online'
    """

    Grid = "Grid"
    Property = "Property"
    StreetBlock = "StreetBlock"
    Park = "Park"
    OfficeBuilding = "OfficeBuilding"
    Online = "Online"


class TaskStatus(_Named):
    """Where a key task stands.

    >>> TaskStatus.InProgress.value
    'InProgress'
    """

    Open = "Open"
    InProgress = "InProgress"
    Done = "Done"


class ContractKind(_Named):
    """The four contracts (四包, DOMAIN.md §4).

    >>> [k.value for k in ContractKind]
    ['Compound', 'Building', 'Neighbours', 'KeyTask']
    """

    Compound = "Compound"
    Building = "Building"
    Neighbours = "Neighbours"
    KeyTask = "KeyTask"


class Proximity(_Named):
    """How near two places are, nearest first; :meth:`cost` is the tier (``None`` beyond).

    >>> Proximity.SameGrid.cost()
    2
    """

    SameBuilding = "SameBuilding"
    SameCompound = "SameCompound"
    SameGrid = "SameGrid"
    SameArea = "SameArea"
    SameSubdistrict = "SameSubdistrict"
    Beyond = "Beyond"

    def cost(self) -> int | None:
        """The cost tier: 0 for the same building up to 4 for the same subdistrict."""
        order = list(Proximity)
        i = order.index(self)
        return None if self is Proximity.Beyond else i


class Scope(_Named):
    """Whether a question about an organisation covers only itself or its whole subtree.

    >>> Scope.Subtree.value
    'Subtree'
    """

    Direct = "Direct"
    Subtree = "Subtree"
