# The enums of `quanyu._enums`: written by `make stubs` from the core's declarations.
from enum import Enum

class GridKind(str, Enum):
    """The kind of a grid (网格): community 社区网格, business district 商圈网格, park 园区, street block 街区 or office building 楼宇."""
    Community = "Community"
    BusinessDistrict = "BusinessDistrict"
    Park = "Park"
    StreetBlock = "StreetBlock"
    OfficeBuilding = "OfficeBuilding"
    @property
    def chinese(self) -> str: ...

class OrganisationKind(str, Enum):
    """The kind of an organisation: the four levels of the Party-organisation tree (四级组织架构) and the members of the regional alliance (全域党建联盟)."""
    WorkingCommittee = "WorkingCommittee"
    GeneralBranch = "GeneralBranch"
    GridBranch = "GridBranch"
    BuildingCell = "BuildingCell"
    AllianceMember = "AllianceMember"
    @property
    def chinese(self) -> str: ...

class AllianceCategory(str, Enum):
    """三建融合: the category of an organisation in the alliance — community Party building, "two new" (new economic and social organisations) Party building, or regional-unit Party building (government departments, schools, hospitals)."""
    Community = "Community"
    TwoNew = "TwoNew"
    RegionalUnit = "RegionalUnit"
    @property
    def chinese(self) -> str: ...

class Role(str, Enum):
    """The roles a person holds as a post ."""
    GridLeader = "GridLeader"
    GridWorker = "GridWorker"
    SecondSecretary = "SecondSecretary"
    SecondBuildingLeader = "SecondBuildingLeader"
    BuildingLeader = "BuildingLeader"
    CommunityMember = "CommunityMember"
    InServiceMember = "InServiceMember"
    Volunteer = "Volunteer"
    Pioneer = "Pioneer"
    Secretary = "Secretary"
    Officer = "Officer"
    @property
    def chinese(self) -> str: ...

class GridLayer(str, Enum):
    """The grid layers that partition the same buildings, each in its own way (一张网)."""
    PartyBuilding = "PartyBuilding"
    Policing = "Policing"
    ComprehensiveGovernance = "ComprehensiveGovernance"
    CityOperations = "CityOperations"
    @property
    def chinese(self) -> str: ...

class TaskCategory(str, Enum):
    """The category of a key task: the six governance actions (六大治理行动)."""
    Grid = "Grid"
    Property = "Property"
    StreetBlock = "StreetBlock"
    Park = "Park"
    OfficeBuilding = "OfficeBuilding"
    Online = "Online"
    @property
    def chinese(self) -> str: ...

class TaskStatus(str, Enum):
    """Where a key task stands. Open and in-progress tasks need an owner; done ones do not."""
    Open = "Open"
    InProgress = "InProgress"
    Done = "Done"
    @property
    def chinese(self) -> str: ...

class ContractKind(str, Enum):
    """The four contracts (四包, the glossary)."""
    Compound = "Compound"
    Building = "Building"
    Neighbours = "Neighbours"
    KeyTask = "KeyTask"
    @property
    def chinese(self) -> str: ...

class Proximity(str, Enum):
    """How near two places are, nearest first."""
    SameBuilding = "SameBuilding"
    SameCompound = "SameCompound"
    SameGrid = "SameGrid"
    SameArea = "SameArea"
    SameSubdistrict = "SameSubdistrict"
    Beyond = "Beyond"
    @property
    def chinese(self) -> str: ...
    def cost(self) -> int | None: ...

class Scope(str, Enum):
    """Whether a question about an organisation covers only itself or its whole subtree."""
    Direct = "Direct"
    Subtree = "Subtree"
    @property
    def chinese(self) -> str: ...

class Mask(str, Enum):
    """How a personal value is masked (脱敏) before it is shown: which characters stay and which become `*`."""
    Mobile = "Mobile"
    Landline = "Landline"
    Phone = "Phone"
    IdNumber = "IdNumber"
    ChineseName = "ChineseName"
    Address = "Address"
    Email = "Email"
    BankCard = "BankCard"
    Full = "Full"
    @property
    def chinese(self) -> str: ...

class AccessAction(str, Enum):
    """What an access did."""
    Reveal = "Reveal"
    Backup = "Backup"
    Purge = "Purge"
    @property
    def chinese(self) -> str: ...

class SizeMeasure(str, Enum):
    """What a grid's size counts."""
    Groups = "Groups"
    Buildings = "Buildings"
    Households = "Households"
    @property
    def chinese(self) -> str: ...

class UnifyReach(str, Enum):
    """Which grids a group may join besides its own."""
    Area = "Area"
    Subdistrict = "Subdistrict"
    Anywhere = "Anywhere"
    @property
    def chinese(self) -> str: ...

class MoveReason(str, Enum):
    """Why a move is in the plan."""
    Unplaced = "Unplaced"
    JoinCompound = "JoinCompound"
    TooLarge = "TooLarge"
    TooSmall = "TooSmall"
    Rebalance = "Rebalance"
    @property
    def chinese(self) -> str: ...

class StructuralGap(str, Enum):
    """The kinds of structural gap, one per list of a [`StructuralAudit`]."""
    GridShortOfLeaders = "GridShortOfLeaders"
    GridWithoutBranch = "GridWithoutBranch"
    BuildingWithoutCell = "BuildingWithoutCell"
    PersonWithoutHome = "PersonWithoutHome"
    MisplacedPost = "MisplacedPost"
    UnitWithoutParent = "UnitWithoutParent"
    @property
    def chinese(self) -> str: ...

class Ineligibility(str, Enum):
    """Why a recorded contract's holder does not count."""
    MissingRole = "MissingRole"
    PostEnded = "PostEnded"
    OutsideJurisdiction = "OutsideJurisdiction"
    NotAbove = "NotAbove"
    NotATarget = "NotATarget"
    @property
    def chinese(self) -> str: ...

class UncoveredReason(str, Enum):
    """Why a target is left uncovered."""
    NoEligibleHolder = "NoEligibleHolder"
    HoldersAtCapacity = "HoldersAtCapacity"
    @property
    def chinese(self) -> str: ...

class VenueKind(str, Enum):
    """The kind of a venue on the shared-venue menu. The first four are the deliberation venues (议事阵地)."""
    BuildingCourtyard = "BuildingCourtyard"
    CommunityPavilion = "CommunityPavilion"
    ParkHall = "ParkHall"
    OnlineHall = "OnlineHall"
    ServiceStation = "ServiceStation"
    MeetingRoom = "MeetingRoom"
    ActivityRoom = "ActivityRoom"
    Classroom = "Classroom"
    SportsGround = "SportsGround"
    @property
    def chinese(self) -> str: ...

class Feature(str, Enum):
    """A feature a venue offers and a request may need. The set is fixed (a [`FeatureSet`] is a bitset of these) so that matching compares features with one machine instruction."""
    Projector = "Projector"
    Screen = "Screen"
    SoundSystem = "SoundSystem"
    VideoConference = "VideoConference"
    Whiteboard = "Whiteboard"
    StepFree = "StepFree"
    AccessibleToilet = "AccessibleToilet"
    AirConditioning = "AirConditioning"
    Heating = "Heating"
    WiFi = "WiFi"
    Kitchen = "Kitchen"
    Outdoor = "Outdoor"
    Parking = "Parking"
    Livestream = "Livestream"
    @property
    def chinese(self) -> str: ...

class BookingReach(str, Enum):
    """Who may book a venue: part of its booking policy. The owner organisation and the organisations under it may always book their own venue; beyond them:"""
    Owner = "Owner"
    SameGrid = "SameGrid"
    SameArea = "SameArea"
    Alliance = "Alliance"
    Subdistrict = "Subdistrict"
    Anyone = "Anyone"
    @property
    def chinese(self) -> str: ...

class BookingStatus(str, Enum):
    """Whether a booking stands, or waits for the owner's approval (venues whose policy needs approval). Either way its slots are taken: a venue is never double-booked."""
    Confirmed = "Confirmed"
    AwaitingApproval = "AwaitingApproval"
    @property
    def chinese(self) -> str: ...

class Unplaced(str, Enum):
    """Why an occurrence of a request was not placed. The matcher filters the venues in this order and reports the step that removed the last candidate."""
    NoVenueInReach = "NoVenueInReach"
    PolicyForbids = "PolicyForbids"
    CapacityTooSmall = "CapacityTooSmall"
    ClosedAtThoseTimes = "ClosedAtThoseTimes"
    AllBooked = "AllBooked"
    @property
    def chinese(self) -> str: ...

class RecurrenceKind(str, Enum):
    """Which days a [`Recurrence`] picks."""
    Weekly = "Weekly"
    MonthlyWorkingDay = "MonthlyWorkingDay"
    EveryWorkingDay = "EveryWorkingDay"
    @property
    def chinese(self) -> str: ...

class Channel(str, Enum):
    """Where an event came from."""
    Patrol = "Patrol"
    ResidentReport = "ResidentReport"
    Hotline = "Hotline"
    AppPhoto = "AppPhoto"
    Sensor = "Sensor"
    Referral = "Referral"
    @property
    def chinese(self) -> str: ...

class Severity(str, Enum):
    """How serious an event is; the SLA may differ per severity."""
    Low = "Low"
    Medium = "Medium"
    High = "High"
    Urgent = "Urgent"
    @property
    def chinese(self) -> str: ...

class Phase(str, Enum):
    """How a state counts for the deadlines: the clock runs, is paused, or has stopped."""
    Open = "Open"
    Paused = "Paused"
    Done = "Done"
    @property
    def chinese(self) -> str: ...

class Effect(str, Enum):
    """What an action does to an event, beyond moving it to its next state."""
    Nothing = "Nothing"
    Accept = "Accept"
    Assign = "Assign"
    ReportUp = "ReportUp"
    SendBack = "SendBack"
    YellowCard = "YellowCard"
    RedCard = "RedCard"
    Handle = "Handle"
    Verify = "Verify"
    Reopen = "Reopen"
    Whistle = "Whistle"
    ReportIn = "ReportIn"
    Close = "Close"
    MergeInto = "MergeInto"
    Absorb = "Absorb"
    @property
    def chinese(self) -> str: ...

class Who(str, Enum):
    """Who may take an action, decided by the posts active on the day of the transition at the event's grid or a unit above it. Escalation brings the units above in (their office may act); it does not take the event out of its grid's hands."""
    Anyone = "Anyone"
    GridWorker = "GridWorker"
    GridLeader = "GridLeader"
    BranchSecretary = "BranchSecretary"
    Office = "Office"
    Handler = "Handler"
    Summoned = "Summoned"
    @property
    def chinese(self) -> str: ...

class CardColour(str, Enum):
    """The colour of a card."""
    Yellow = "Yellow"
    Red = "Red"
    @property
    def chinese(self) -> str: ...

class CardReason(str, Enum):
    """Why a card was given."""
    Unaccepted = "Unaccepted"
    Unhandled = "Unhandled"
    ByHand = "ByHand"
    @property
    def chinese(self) -> str: ...

class EscalationCause(str, Enum):
    """Why an event moved up the unit tree."""
    ReportedUp = "ReportedUp"
    RedCard = "RedCard"
    Overdue = "Overdue"
    @property
    def chinese(self) -> str: ...

class DispatchBasis(str, Enum):
    """Why a candidate is proposed; the order of the variants is the order of preference: the closer the tie to the place, the earlier."""
    Contract = "Contract"
    GridWorker = "GridWorker"
    BuildingCell = "BuildingCell"
    GridLeader = "GridLeader"
    GridBranch = "GridBranch"
    KeyTask = "KeyTask"
    @property
    def chinese(self) -> str: ...

class LinkKind(str, Enum):
    """The six links (六联) between the organisations of a subdistrict."""
    JointBuilding = "JointBuilding"
    SharedVenues = "SharedVenues"
    JointTeams = "JointTeams"
    SharedResources = "SharedResources"
    ProjectAdoption = "ProjectAdoption"
    JointConsultation = "JointConsultation"
    @property
    def chinese(self) -> str: ...

class EvidenceKind(str, Enum):
    """What stands behind a link. Evidence kept by quanyu (a meeting, a project, a venue on the menu, a booking) is referenced by its id; an agreement is referenced by its document number and carries its own dates."""
    Agreement = "Agreement"
    Meeting = "Meeting"
    Project = "Project"
    Venue = "Venue"
    Booking = "Booking"
    @property
    def chinese(self) -> str: ...

class Seat(str, Enum):
    """A seat on the all-area Party-building council (全域党建理事会)."""
    Chair = "Chair"
    ViceChair = "ViceChair"
    Member = "Member"
    @property
    def chinese(self) -> str: ...

class Carriage(str, Enum):
    """One of the three carriages (三驾马车) of a compound."""
    ResidentsCommittee = "ResidentsCommittee"
    OwnersCommittee = "OwnersCommittee"
    PropertyManagement = "PropertyManagement"
    @property
    def chinese(self) -> str: ...

class ProjectStatus(str, Enum):
    """Where a governance project stands."""
    Planned = "Planned"
    Active = "Active"
    Completed = "Completed"
    Suspended = "Suspended"
    @property
    def chinese(self) -> str: ...

class PledgeKind(str, Enum):
    """What an adopting organisation pledges to a project."""
    Venue = "Venue"
    People = "People"
    Money = "Money"
    Service = "Service"
    @property
    def chinese(self) -> str: ...

class WorkKind(str, Enum):
    """What a project, meeting action or link points at outside the book."""
    KeyTask = "KeyTask"
    Event = "Event"
    @property
    def chinese(self) -> str: ...

class MeetingKind(str, Enum):
    """The kind of a meeting."""
    Joint = "Joint"
    RoundTable = "RoundTable"
    Council = "Council"
    Deliberation = "Deliberation"
    @property
    def chinese(self) -> str: ...

class Presence(str, Enum):
    """How a person took part: at the venue, online, or (for a ballot) through a proxy."""
    InPerson = "InPerson"
    Online = "Online"
    Proxy = "Proxy"
    @property
    def chinese(self) -> str: ...

class Raiser(str, Enum):
    """Who raised a topic."""
    Resident = "Resident"
    ThinkTank = "ThinkTank"
    Organisation = "Organisation"
    @property
    def chinese(self) -> str: ...

class Electorate(str, Enum):
    """Who may vote on a motion, read from the register as of its decision day."""
    Residents = "Residents"
    Households = "Households"
    Owners = "Owners"
    Representatives = "Representatives"
    @property
    def chinese(self) -> str: ...

class Choice(str, Enum):
    """A voter's choice."""
    For = "For"
    Against = "Against"
    Abstain = "Abstain"
    @property
    def chinese(self) -> str: ...

class EvidenceState(str, Enum):
    """Whether a link stands on evidence on the day asked about."""
    Current = "Current"
    Ended = "Ended"
    Missing = "Missing"
    @property
    def chinese(self) -> str: ...

class CouncilIssue(str, Enum):
    """What can be wrong with a council."""
    NoChair = "NoChair"
    SeveralChairs = "SeveralChairs"
    TermTooLong = "TermTooLong"
    NotRotated = "NotRotated"
    NotInAlliance = "NotInAlliance"
    @property
    def chinese(self) -> str: ...

__all__ = ['GridKind', 'OrganisationKind', 'AllianceCategory', 'Role', 'GridLayer', 'TaskCategory', 'TaskStatus', 'ContractKind', 'Proximity', 'Scope', 'Mask', 'AccessAction', 'SizeMeasure', 'UnifyReach', 'MoveReason', 'StructuralGap', 'Ineligibility', 'UncoveredReason', 'VenueKind', 'Feature', 'BookingReach', 'BookingStatus', 'Unplaced', 'RecurrenceKind', 'Channel', 'Severity', 'Phase', 'Effect', 'Who', 'CardColour', 'CardReason', 'EscalationCause', 'DispatchBasis', 'LinkKind', 'EvidenceKind', 'Seat', 'Carriage', 'ProjectStatus', 'PledgeKind', 'WorkKind', 'MeetingKind', 'Presence', 'Raiser', 'Electorate', 'Choice', 'EvidenceState', 'CouncilIssue']
