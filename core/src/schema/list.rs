//! The list of every declared type, for the bindings' generators.

/// Calls a generator once for every declared record, enum and report, with the type's path and
/// its declaration: `quanyu::for_each_declaration!(quanyu_derive::python)` makes the Python
/// classes, `quanyu::for_each_declaration!(quanyu_derive::ffi)` the Kotlin and Swift types.
///
/// A generator is any macro that takes `path ; item` (the item as declared, with its docs
/// and attributes). This list is the one place a new declared type is added.
///
/// ```
/// use quanyu::schema::{Type, Value};
///
/// let mut names: Vec<String> = Vec::new();
/// macro_rules! collect {
///     ($path:path ; $($item:tt)*) => { names.push(<$path as Value>::value_type().to_string()) };
/// }
/// quanyu::for_each_declaration!(collect);
/// assert!(names.iter().any(|n| n == "UnitRecord"));
/// assert!(names.iter().any(|n| n == "Role"));
/// ```
#[macro_export]
macro_rules! for_each_declaration {
    ($($generator:tt)*) => {
        // The enums of the network.
        $crate::__quanyu_declaration_GridKind!([$($generator)*] $crate::GridKind);
        $crate::__quanyu_declaration_OrganisationKind!([$($generator)*] $crate::OrganisationKind);
        $crate::__quanyu_declaration_AllianceCategory!([$($generator)*] $crate::AllianceCategory);
        $crate::__quanyu_declaration_Role!([$($generator)*] $crate::Role);
        $crate::__quanyu_declaration_GridLayer!([$($generator)*] $crate::GridLayer);
        $crate::__quanyu_declaration_TaskCategory!([$($generator)*] $crate::TaskCategory);
        $crate::__quanyu_declaration_TaskStatus!([$($generator)*] $crate::TaskStatus);
        $crate::__quanyu_declaration_ContractKind!([$($generator)*] $crate::ContractKind);
        $crate::__quanyu_declaration_Proximity!([$($generator)*] $crate::Proximity);
        $crate::__quanyu_declaration_Scope!([$($generator)*] $crate::Scope);
        // The masks of personal fields.
        $crate::__quanyu_declaration_Mask!([$($generator)*] $crate::privacy::Mask);
        // Who saw personal fields in full, and why.
        $crate::__quanyu_declaration_AccessAction!([$($generator)*] $crate::privacy::AccessAction);
        $crate::__quanyu_declaration_AccessRecord!([$($generator)*] $crate::privacy::AccessRecord);
        // What a retention purge removed.
        $crate::__quanyu_declaration_PurgedField!([$($generator)*] $crate::PurgedField);
        $crate::__quanyu_declaration_PurgeReport!([$($generator)*] $crate::PurgeReport);
        // The records of the network's tables, and their keys.
        $crate::__quanyu_declaration_UnitRecord!([$($generator)*] $crate::UnitRecord);
        $crate::__quanyu_declaration_OrganisationRecord!([$($generator)*] $crate::OrganisationRecord);
        $crate::__quanyu_declaration_PersonRecord!([$($generator)*] $crate::PersonRecord);
        $crate::__quanyu_declaration_MembershipRecord!([$($generator)*] $crate::MembershipRecord);
        $crate::__quanyu_declaration_PostRecord!([$($generator)*] $crate::PostRecord);
        $crate::__quanyu_declaration_GridLayerRecord!([$($generator)*] $crate::GridLayerRecord);
        $crate::__quanyu_declaration_TaskRecord!([$($generator)*] $crate::TaskRecord);
        $crate::__quanyu_declaration_LeadRecord!([$($generator)*] $crate::LeadRecord);
        $crate::__quanyu_declaration_ServiceRecord!([$($generator)*] $crate::ServiceRecord);
        $crate::__quanyu_declaration_ContractRecord!([$($generator)*] $crate::ContractRecord);
        $crate::__quanyu_declaration_MembershipKey!([$($generator)*] $crate::MembershipKey);
        $crate::__quanyu_declaration_PostKey!([$($generator)*] $crate::PostKey);
        $crate::__quanyu_declaration_ContractKey!([$($generator)*] $crate::ContractKey);
        $crate::__quanyu_declaration_LevelDef!([$($generator)*] $crate::LevelDef);
        // Changes and what a commit did.
        $crate::__quanyu_declaration_Change!([$($generator)*] $crate::Change);
        $crate::__quanyu_declaration_CommitSummary!([$($generator)*] $crate::CommitSummary);
        // The entities as read back, and the answers of queries.
        $crate::__quanyu_declaration_Unit!([$($generator)*] $crate::Unit);
        $crate::__quanyu_declaration_Organisation!([$($generator)*] $crate::Organisation);
        $crate::__quanyu_declaration_Person!([$($generator)*] $crate::Person);
        $crate::__quanyu_declaration_KeyTask!([$($generator)*] $crate::KeyTask);
        $crate::__quanyu_declaration_Span!([$($generator)*] $crate::Span);
        $crate::__quanyu_declaration_HeldPost!([$($generator)*] $crate::HeldPost);
        $crate::__quanyu_declaration_Responsibility!([$($generator)*] $crate::Responsibility);
        // The structural audit and the comparison of grid layers.
        $crate::__quanyu_declaration_LeaderGap!([$($generator)*] $crate::LeaderGap);
        $crate::__quanyu_declaration_MisplacedPost!([$($generator)*] $crate::MisplacedPost);
        $crate::__quanyu_declaration_StructuralAudit!([$($generator)*] $crate::StructuralAudit);
        $crate::__quanyu_declaration_LayerComparison!([$($generator)*] $crate::LayerComparison);
        $crate::__quanyu_declaration_CrosswalkCell!([$($generator)*] $crate::CrosswalkCell);
        $crate::__quanyu_declaration_SplitCompound!([$($generator)*] $crate::SplitCompound);
        $crate::__quanyu_declaration_Crosswalk!([$($generator)*] $crate::Crosswalk);
        $crate::__quanyu_declaration_SizeMeasure!([$($generator)*] $crate::SizeMeasure);
        $crate::__quanyu_declaration_UnifyReach!([$($generator)*] $crate::UnifyReach);
        $crate::__quanyu_declaration_UnifyOptions!([$($generator)*] $crate::UnifyOptions);
        $crate::__quanyu_declaration_MoveReason!([$($generator)*] $crate::MoveReason);
        $crate::__quanyu_declaration_Move!([$($generator)*] $crate::Move);
        $crate::__quanyu_declaration_UnifiedLayer!([$($generator)*] $crate::UnifiedLayer);
        $crate::__quanyu_declaration_StructuralGap!([$($generator)*] $crate::StructuralGap);
        $crate::__quanyu_declaration_GapRow!([$($generator)*] $crate::GapRow);
        $crate::__quanyu_declaration_MisplacedPostRow!([$($generator)*] $crate::MisplacedPostRow);
        // The four contracts.
        $crate::__quanyu_declaration_Ineligibility!([$($generator)*] $crate::contracts::Ineligibility);
        $crate::__quanyu_declaration_UncoveredReason!([$($generator)*] $crate::contracts::UncoveredReason);
        $crate::__quanyu_declaration_ContractRule!([$($generator)*] $crate::contracts::ContractRule);
        $crate::__quanyu_declaration_OverCapacity!([$($generator)*] $crate::contracts::OverCapacity);
        $crate::__quanyu_declaration_IneligibleContract!([$($generator)*] $crate::contracts::IneligibleContract);
        $crate::__quanyu_declaration_RuleAudit!([$($generator)*] $crate::contracts::RuleAudit);
        $crate::__quanyu_declaration_CoverageRow!([$($generator)*] $crate::contracts::CoverageRow);
        $crate::__quanyu_declaration_ContractAudit!([$($generator)*] $crate::contracts::ContractAudit);
        $crate::__quanyu_declaration_NewContract!([$($generator)*] $crate::contracts::NewContract);
        $crate::__quanyu_declaration_UncoveredTarget!([$($generator)*] $crate::contracts::UncoveredTarget);
        $crate::__quanyu_declaration_RulePlan!([$($generator)*] $crate::contracts::RulePlan);
        $crate::__quanyu_declaration_Plan!([$($generator)*] $crate::contracts::Plan);
        $crate::__quanyu_declaration_PlannerStats!([$($generator)*] $crate::contracts::PlannerStats);
        $crate::__quanyu_declaration_PioneerReach!([$($generator)*] $crate::contracts::PioneerReach);
        $crate::__quanyu_declaration_Reach!([$($generator)*] $crate::contracts::Reach);
        $crate::__quanyu_declaration_RuleAuditRow!([$($generator)*] $crate::contracts::RuleAuditRow);
        $crate::__quanyu_declaration_KindTarget!([$($generator)*] $crate::contracts::KindTarget);
        $crate::__quanyu_declaration_OverCapacityRow!([$($generator)*] $crate::contracts::OverCapacityRow);
        $crate::__quanyu_declaration_IneligibleRow!([$($generator)*] $crate::contracts::IneligibleRow);
        $crate::__quanyu_declaration_RuleSummary!([$($generator)*] $crate::contracts::RuleSummary);
        $crate::__quanyu_declaration_PlanSummary!([$($generator)*] $crate::contracts::PlanSummary);
        $crate::__quanyu_declaration_AddedContractRow!([$($generator)*] $crate::contracts::AddedContractRow);
        $crate::__quanyu_declaration_UncoveredRow!([$($generator)*] $crate::contracts::UncoveredRow);
        // The shared-venue menu.
        $crate::__quanyu_declaration_VenueKind!([$($generator)*] $crate::venues::VenueKind);
        $crate::__quanyu_declaration_Feature!([$($generator)*] $crate::venues::Feature);
        $crate::__quanyu_declaration_BookingReach!([$($generator)*] $crate::venues::BookingReach);
        $crate::__quanyu_declaration_BookingStatus!([$($generator)*] $crate::venues::BookingStatus);
        $crate::__quanyu_declaration_Unplaced!([$($generator)*] $crate::venues::Unplaced);
        $crate::__quanyu_declaration_VenueRecord!([$($generator)*] $crate::venues::VenueRecord);
        $crate::__quanyu_declaration_OpeningHoursRecord!([$($generator)*] $crate::venues::OpeningHoursRecord);
        $crate::__quanyu_declaration_ExceptionRecord!([$($generator)*] $crate::venues::ExceptionRecord);
        $crate::__quanyu_declaration_TimeWindow!([$($generator)*] $crate::venues::TimeWindow);
        $crate::__quanyu_declaration_RequestRecord!([$($generator)*] $crate::venues::RequestRecord);
        $crate::__quanyu_declaration_BookingRecord!([$($generator)*] $crate::venues::BookingRecord);
        $crate::__quanyu_declaration_MenuRecords!([$($generator)*] $crate::venues::MenuRecords);
        $crate::__quanyu_declaration_AddSummary!([$($generator)*] $crate::venues::AddSummary);
        $crate::__quanyu_declaration_Calendar!([$($generator)*] $crate::venues::Calendar);
        $crate::__quanyu_declaration_Occurrence!([$($generator)*] $crate::venues::Occurrence);
        $crate::__quanyu_declaration_SlotOffer!([$($generator)*] $crate::venues::SlotOffer);
        $crate::__quanyu_declaration_SlotSearch!([$($generator)*] $crate::venues::SlotSearch);
        $crate::__quanyu_declaration_MatchOptions!([$($generator)*] $crate::venues::MatchOptions);
        $crate::__quanyu_declaration_Placement!([$($generator)*] $crate::venues::Placement);
        $crate::__quanyu_declaration_UnplacedOccurrence!([$($generator)*] $crate::venues::UnplacedOccurrence);
        $crate::__quanyu_declaration_MatchScore!([$($generator)*] $crate::venues::MatchScore);
        $crate::__quanyu_declaration_InstanceOccurrence!([$($generator)*] $crate::venues::InstanceOccurrence);
        $crate::__quanyu_declaration_InstancePlacement!([$($generator)*] $crate::venues::InstancePlacement);
        $crate::__quanyu_declaration_InstanceGroup!([$($generator)*] $crate::venues::InstanceGroup);
        $crate::__quanyu_declaration_MatchingInstance!([$($generator)*] $crate::venues::MatchingInstance);
        $crate::__quanyu_declaration_MatchReport!([$($generator)*] $crate::venues::MatchReport);
        $crate::__quanyu_declaration_UnplacedRow!([$($generator)*] $crate::venues::UnplacedRow);
        $crate::__quanyu_declaration_MatchSummary!([$($generator)*] $crate::venues::MatchSummary);
        $crate::__quanyu_declaration_CoverageGap!([$($generator)*] $crate::venues::CoverageGap);
        $crate::__quanyu_declaration_SupplyDemand!([$($generator)*] $crate::venues::SupplyDemand);
        $crate::__quanyu_declaration_RecurrenceKind!([$($generator)*] $crate::venues::RecurrenceKind);
        $crate::__quanyu_declaration_Recurrence!([$($generator)*] $crate::venues::Recurrence);
        // Grid events.
        $crate::__quanyu_declaration_Channel!([$($generator)*] $crate::events::Channel);
        $crate::__quanyu_declaration_Severity!([$($generator)*] $crate::events::Severity);
        $crate::__quanyu_declaration_Phase!([$($generator)*] $crate::events::Phase);
        $crate::__quanyu_declaration_Effect!([$($generator)*] $crate::events::Effect);
        $crate::__quanyu_declaration_Who!([$($generator)*] $crate::events::Who);
        $crate::__quanyu_declaration_CardColour!([$($generator)*] $crate::events::CardColour);
        $crate::__quanyu_declaration_CardReason!([$($generator)*] $crate::events::CardReason);
        $crate::__quanyu_declaration_EscalationCause!([$($generator)*] $crate::events::EscalationCause);
        $crate::__quanyu_declaration_CategoryRecord!([$($generator)*] $crate::events::CategoryRecord);
        $crate::__quanyu_declaration_EventRecord!([$($generator)*] $crate::events::EventRecord);
        $crate::__quanyu_declaration_TransitionRecord!([$($generator)*] $crate::events::TransitionRecord);
        $crate::__quanyu_declaration_StateDef!([$($generator)*] $crate::events::StateDef);
        $crate::__quanyu_declaration_ActionDef!([$($generator)*] $crate::events::ActionDef);
        $crate::__quanyu_declaration_SlaRule!([$($generator)*] $crate::events::SlaRule);
        $crate::__quanyu_declaration_CardRecord!([$($generator)*] $crate::events::CardRecord);
        $crate::__quanyu_declaration_EscalationRecord!([$($generator)*] $crate::events::EscalationRecord);
        $crate::__quanyu_declaration_Refusal!([$($generator)*] $crate::events::Refusal);
        $crate::__quanyu_declaration_EventStatus!([$($generator)*] $crate::events::EventStatus);
        $crate::__quanyu_declaration_RefusalRow!([$($generator)*] $crate::events::RefusalRow);
        $crate::__quanyu_declaration_Replay!([$($generator)*] $crate::events::Replay);
        $crate::__quanyu_declaration_Clash!([$($generator)*] $crate::events::Clash);
        $crate::__quanyu_declaration_MergeReport!([$($generator)*] $crate::events::MergeReport);
        $crate::__quanyu_declaration_Duplicate!([$($generator)*] $crate::events::Duplicate);
        $crate::__quanyu_declaration_AlertRule!([$($generator)*] $crate::events::AlertRule);
        $crate::__quanyu_declaration_Alert!([$($generator)*] $crate::events::Alert);
        $crate::__quanyu_declaration_DispatchBasis!([$($generator)*] $crate::events::DispatchBasis);
        $crate::__quanyu_declaration_HandlerProposal!([$($generator)*] $crate::events::HandlerProposal);
        $crate::__quanyu_declaration_EventFacts!([$($generator)*] $crate::events::EventFacts);
        $crate::__quanyu_declaration_EventStats!([$($generator)*] $crate::events::EventStats);
        $crate::__quanyu_declaration_EventAnalytics!([$($generator)*] $crate::events::EventAnalytics);
        // Working together: links, council, carriages, projects, meetings, deliberation.
        $crate::__quanyu_declaration_LinkKind!([$($generator)*] $crate::collab::LinkKind);
        $crate::__quanyu_declaration_EvidenceKind!([$($generator)*] $crate::collab::EvidenceKind);
        $crate::__quanyu_declaration_Seat!([$($generator)*] $crate::collab::Seat);
        $crate::__quanyu_declaration_Carriage!([$($generator)*] $crate::collab::Carriage);
        $crate::__quanyu_declaration_ProjectStatus!([$($generator)*] $crate::collab::ProjectStatus);
        $crate::__quanyu_declaration_PledgeKind!([$($generator)*] $crate::collab::PledgeKind);
        $crate::__quanyu_declaration_WorkKind!([$($generator)*] $crate::collab::WorkKind);
        $crate::__quanyu_declaration_MeetingKind!([$($generator)*] $crate::collab::MeetingKind);
        $crate::__quanyu_declaration_Presence!([$($generator)*] $crate::collab::Presence);
        $crate::__quanyu_declaration_Raiser!([$($generator)*] $crate::collab::Raiser);
        $crate::__quanyu_declaration_Electorate!([$($generator)*] $crate::collab::Electorate);
        $crate::__quanyu_declaration_Choice!([$($generator)*] $crate::collab::Choice);
        $crate::__quanyu_declaration_EvidenceState!([$($generator)*] $crate::collab::EvidenceState);
        $crate::__quanyu_declaration_CouncilIssue!([$($generator)*] $crate::collab::CouncilIssue);
        $crate::__quanyu_declaration_LinkRecord!([$($generator)*] $crate::collab::LinkRecord);
        $crate::__quanyu_declaration_EvidenceRecord!([$($generator)*] $crate::collab::EvidenceRecord);
        $crate::__quanyu_declaration_SeatRecord!([$($generator)*] $crate::collab::SeatRecord);
        $crate::__quanyu_declaration_CarriageRecord!([$($generator)*] $crate::collab::CarriageRecord);
        $crate::__quanyu_declaration_ProjectRecord!([$($generator)*] $crate::collab::ProjectRecord);
        $crate::__quanyu_declaration_PledgeRecord!([$($generator)*] $crate::collab::PledgeRecord);
        $crate::__quanyu_declaration_MilestoneRecord!([$($generator)*] $crate::collab::MilestoneRecord);
        $crate::__quanyu_declaration_AttachmentRecord!([$($generator)*] $crate::collab::AttachmentRecord);
        $crate::__quanyu_declaration_MeetingRecord!([$($generator)*] $crate::collab::MeetingRecord);
        $crate::__quanyu_declaration_AttendanceRecord!([$($generator)*] $crate::collab::AttendanceRecord);
        $crate::__quanyu_declaration_AgendaItemRecord!([$($generator)*] $crate::collab::AgendaItemRecord);
        $crate::__quanyu_declaration_MotionRecord!([$($generator)*] $crate::collab::MotionRecord);
        $crate::__quanyu_declaration_ActionRecord!([$($generator)*] $crate::collab::ActionRecord);
        $crate::__quanyu_declaration_ForumRecord!([$($generator)*] $crate::collab::ForumRecord);
        $crate::__quanyu_declaration_TopicRecord!([$($generator)*] $crate::collab::TopicRecord);
        $crate::__quanyu_declaration_ProcedureRecord!([$($generator)*] $crate::collab::ProcedureRecord);
        $crate::__quanyu_declaration_OwnerRecord!([$($generator)*] $crate::collab::OwnerRecord);
        $crate::__quanyu_declaration_RepresentativeRecord!([$($generator)*] $crate::collab::RepresentativeRecord);
        $crate::__quanyu_declaration_BallotRecord!([$($generator)*] $crate::collab::BallotRecord);
        $crate::__quanyu_declaration_SecretCount!([$($generator)*] $crate::collab::SecretCount);
        $crate::__quanyu_declaration_LinkCheck!([$($generator)*] $crate::collab::LinkCheck);
        $crate::__quanyu_declaration_MemberLinks!([$($generator)*] $crate::collab::MemberLinks);
        $crate::__quanyu_declaration_SixLinksReport!([$($generator)*] $crate::collab::SixLinksReport);
        $crate::__quanyu_declaration_LinkKindRollup!([$($generator)*] $crate::collab::LinkKindRollup);
        $crate::__quanyu_declaration_CouncilProblem!([$($generator)*] $crate::collab::CouncilProblem);
        $crate::__quanyu_declaration_CouncilReport!([$($generator)*] $crate::collab::CouncilReport);
        $crate::__quanyu_declaration_CompoundCarriages!([$($generator)*] $crate::collab::CompoundCarriages);
        $crate::__quanyu_declaration_ProjectRollup!([$($generator)*] $crate::collab::ProjectRollup);
        $crate::__quanyu_declaration_AdopterRollup!([$($generator)*] $crate::collab::AdopterRollup);
        $crate::__quanyu_declaration_FollowUp!([$($generator)*] $crate::collab::FollowUp);
        $crate::__quanyu_declaration_FollowUps!([$($generator)*] $crate::collab::FollowUps);
        $crate::__quanyu_declaration_Tally!([$($generator)*] $crate::collab::Tally);
        $crate::__quanyu_declaration_BallotMerge!([$($generator)*] $crate::collab::BallotMerge);
    };
}
