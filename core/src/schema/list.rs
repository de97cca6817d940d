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
        // The records of the network's tables.
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
    };
}
