//! The governance network: units on a level scheme, the Party-organisation tree beside them,
//! persons with homes, memberships and posts, and grid layers — one petgraph graph with
//! derived indices, changed only through all-or-nothing edits.
//!
//! ```
//! use quanyu::{Network, OrganisationKind, OrganisationRecord, PersonRecord, PostRecord, Role, UnitRecord};
//!
//! let mut net = Network::new();
//! let day = "2024-10-13".parse().unwrap();
//! let mut edit = net.edit();
//! edit.add_unit(UnitRecord::new("S", "Subdistrict").name("Riverside"))
//!     .add_unit(UnitRecord::new("A", "Area").parent("S"))
//!     .add_unit(UnitRecord::new("G", "Grid").parent("A").grid_kind(quanyu::GridKind::Community))
//!     .add_unit(UnitRecord::new("B", "Building").parent("G"))
//!     .add_unit(UnitRecord::new("H", "Household").parent("B").residents(3))
//!     .add_organisation(OrganisationRecord::new("WC", OrganisationKind::WorkingCommittee).anchor("S"))
//!     .add_organisation(OrganisationRecord::new("GB", OrganisationKind::GridBranch).anchor("G").parent("WC"))
//!     .add_person(PersonRecord::new("P").name("Wang Fang").home("H"))
//!     .add_post(PostRecord::at_unit("P", Role::GridLeader, "G", day));
//! edit.commit()?;
//!
//! let leaders = net.posts_at_unit("G", day, Some(Role::GridLeader))?;
//! assert_eq!(leaders[0].person.name, "Wang Fang");
//! assert_eq!(net.audit(day).grids_short_of_leaders[0].leaders, 1); // 双网格长: one short
//! # Ok::<(), quanyu::Error>(())
//! ```

mod access;
mod apply;
mod audit;
pub(crate) mod bulk;
mod carry;
mod codes;
mod disclosure;
mod edit;
mod export;
mod extract;
pub(crate) mod flat;
mod graph;
mod handle;
pub(crate) mod identity;
mod ids;
mod index;
mod layers;
mod lookup;
mod names;
mod network;
mod proximity;
mod purge;
mod query;
pub mod reconcile;
mod records;
mod register;
mod relations;
pub(crate) mod rules;
mod scheme;
mod shared;
mod types;
mod validate;

pub(crate) use access::ContractEdge;
pub(crate) use carry::Carry;
pub(crate) use handle::{NodeRef, UnitPos};

pub use audit::{
    GapRow, LeaderGap, MisplacedPost, MisplacedPostRow, StructuralAudit, StructuralGap,
};
pub use edit::{Change, Changeset, CommitSummary, ContractKey, Edit, MembershipKey, PostKey};
pub use extract::ExtractOptions;
pub use identity::{
    FIRST_BIRTH_YEAR, IdNumberError, MINOR_AGE, PhoneError, PhoneKind, age_on, check_id_number,
    check_phone, id_number_check_character, normalise_phone,
};
pub use layers::LayerComparison;
pub use lookup::Responsibility;
pub use network::Network;
pub use proximity::Proximity;
pub use purge::{PurgeReport, PurgedField};
pub use query::{HeldPost, Scope};
pub use reconcile::{
    Crosswalk, CrosswalkCell, LayerRef, Move, MoveReason, SizeMeasure, SplitCompound, UnifiedLayer,
    UnifyOptions, UnifyReach,
};
pub use records::{
    ContractRecord, GridLayerRecord, LeadRecord, MembershipRecord, OrganisationRecord,
    PersonRecord, PostRecord, ServiceRecord, TaskRecord, UnitRecord,
};
pub use rules::{MAX_YEAR, MIN_YEAR};
pub use scheme::{Level, LevelDef, LevelScheme, levels};
pub use shared::SharedNetwork;
pub use types::{
    AllianceCategory, ContractKind, GridKind, GridLayer, KeyTask, Organisation, OrganisationKind,
    Person, Role, Sensitive, Span, TaskCategory, TaskStatus, Unit,
};
