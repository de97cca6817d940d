//! The native module `quanyu._quanyu` of the Python package `quanyu`: wrappers around the core
//! crate, conversions at the edge and the mapping of errors onto Python exceptions. No domain
//! logic lives here.

mod batch;
mod changeset;
mod collab;
mod contracts;
mod convert;
mod declared;
mod divisions;
mod entities;
mod errors;
mod events;
mod extract;
mod flow;
mod frames;
mod interop;
mod network;
mod privacy;
mod progress;
mod report;
mod reports;
mod synth;
mod tables;
mod venues;

use pyo3::prelude::*;

/// The native module. Import `quanyu`, not this.
#[pymodule]
fn _quanyu(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("REFERENCE_DATE", quanyu::synth::REFERENCE_DATE)?;
    declared::register(m)?;
    m.add_class::<network::PyNetwork>()?;
    m.add_class::<changeset::PyChangeset>()?;
    m.add_class::<entities::PyLevelScheme>()?;
    m.add_class::<divisions::PyDivisions>()?;
    m.add_class::<tables::Table>()?;
    m.add_class::<flow::PyMinCostFlow>()?;
    m.add_class::<flow::PyFlowSolution>()?;
    m.add_class::<contracts::PyPlanner>()?;
    m.add_class::<reports::ReportCore>()?;
    m.add_function(wrap_pyfunction!(synth::generate, m)?)?;
    m.add_function(wrap_pyfunction!(synth::community, m)?)?;
    m.add_function(wrap_pyfunction!(synth::district, m)?)?;
    m.add_function(wrap_pyfunction!(synth::megacity, m)?)?;
    m.add_function(wrap_pyfunction!(contracts::audit, m)?)?;
    m.add_function(wrap_pyfunction!(contracts::plan, m)?)?;
    m.add_function(wrap_pyfunction!(contracts::reach, m)?)?;
    m.add_function(wrap_pyfunction!(contracts::flow_instances, m)?)?;
    m.add_function(wrap_pyfunction!(contracts::default_rules, m)?)?;
    m.add_function(wrap_pyfunction!(contracts::check_rules, m)?)?;
    m.add_function(wrap_pyfunction!(frames::_frames_changeset, m)?)?;
    m.add_function(wrap_pyfunction!(frames::read_units_with, m)?)?;
    m.add_function(wrap_pyfunction!(flow::_linear_sum_assignment, m)?)?;
    m.add_class::<venues::PyMenu>()?;
    m.add_class::<events::PyWorkCalendar>()?;
    m.add_class::<events::PyEventBook>()?;
    m.add_class::<collab::PyCollaboration>()?;
    m.add_function(wrap_pyfunction!(collab::synth_collaboration, m)?)?;
    m.add_function(wrap_pyfunction!(venues::synth_menu, m)?)?;
    m.add_function(wrap_pyfunction!(venues::synth_requests, m)?)?;
    m.add_function(wrap_pyfunction!(venues::week_of, m)?)?;
    m.add_function(wrap_pyfunction!(venues::_recurrence_parse, m)?)?;
    m.add_function(wrap_pyfunction!(venues::_recurrence_text, m)?)?;
    m.add_function(wrap_pyfunction!(venues::_recurrence_dates, m)?)?;
    m.add_function(wrap_pyfunction!(report::_report_html, m)?)?;
    m.add_function(wrap_pyfunction!(privacy::_mask, m)?)?;
    m.add_class::<privacy::PyPseudonymiser>()?;
    m.add_class::<privacy::PyReveal>()?;
    m.add_function(wrap_pyfunction!(privacy::_suppress_small_cells, m)?)?;
    extract::register(m)?;
    Ok(())
}
