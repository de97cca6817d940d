//! `Changeset`: a batch of staged changes, applied all or nothing by `Network.apply`.
//! `quanyu.Edit` (pure Python) subclasses it to bind a batch to a network.

use pyo3::prelude::*;
use pyo3::types::PyList;

use quanyu::{Change, Changeset};

use crate::convert::{arg, opt_arg};

/// A batch of staged changes (an owned ``Changeset`` of the core).
///
/// Every method stages one change and returns the changeset, so calls chain. Nothing is
/// checked until the batch is applied (``Network.apply``) or checked (``Network.check``),
/// except the types and enumeration names of the arguments.
///
/// >>> from quanyu import Changeset, UnitRecord
/// >>> c = Changeset().add_unit(UnitRecord("S", "Subdistrict")).add_unit(UnitRecord("A", "Area", parent="S"))
/// >>> len(c)
/// 2
#[pyclass(module = "quanyu._quanyu", name = "Changeset", subclass)]
#[derive(Default)]
pub(crate) struct PyChangeset {
    pub(crate) inner: Changeset,
}

impl PyChangeset {
    fn stage(mut slf: PyRefMut<'_, Self>, change: Change) -> PyRefMut<'_, Self> {
        slf.inner.push(change);
        slf
    }
}

#[pymethods]
impl PyChangeset {
    #[new]
    #[pyo3(signature = (*args, **kwargs))]
    fn new(
        args: &Bound<'_, pyo3::types::PyTuple>,
        kwargs: Option<&Bound<'_, pyo3::types::PyDict>>,
    ) -> Self {
        // Subclasses (quanyu.Edit) take their own constructor arguments.
        let _ = (args, kwargs);
        PyChangeset::default()
    }

    /// The number of staged changes.
    fn __len__(&self) -> usize {
        self.inner.len()
    }

    fn __repr__(&self) -> String {
        format!("<Changeset of {} change(s)>", self.inner.len())
    }

    /// Each staged change as a ``(operation, detail)`` pair of strings, in order.
    ///
    /// >>> from quanyu import Changeset
    /// >>> Changeset().remove_unit("B1").changes()
    /// [('RemoveUnit', 'B1')]
    fn changes(&self) -> Vec<(String, String)> {
        self.inner
            .iter()
            .map(|c| {
                let text = format!("{c:?}");
                let op = text.split(['(', ' ', '{']).next().unwrap_or("").to_owned();
                let detail = match c {
                    Change::RemoveUnit { id }
                    | Change::RemoveOrganisation { id }
                    | Change::RemovePerson { id }
                    | Change::RemoveTask { id } => id.clone(),
                    Change::AddUnit(r) | Change::UpdateUnit(r) => r.id.clone(),
                    Change::AddOrganisation(r) | Change::UpdateOrganisation(r) => r.id.clone(),
                    Change::AddPerson(r) | Change::UpdatePerson(r) => r.id.clone(),
                    Change::AddTask(r) | Change::UpdateTask(r) => r.id.clone(),
                    Change::MoveUnit { id, parent } => {
                        format!("{id} -> {}", parent.as_deref().unwrap_or("(root)"))
                    }
                    Change::AddMembership(r) => format!("{} in {}", r.person, r.organisation),
                    Change::AddPost(r) => format!("{} as {}", r.person, r.role),
                    Change::AddContract(r) => format!("{} {} -> {}", r.kind, r.holder, r.target),
                    Change::SetGridLayer(r) => format!("{} in {} {}", r.building, r.layer, r.grid),
                    Change::AddLead(r) | Change::RemoveLead(r) => {
                        format!("{} -> {}", r.pioneer, r.volunteer)
                    }
                    Change::AddService(r) | Change::RemoveService(r) => {
                        format!("{} -> {}", r.volunteer, r.household)
                    }
                    _ => String::new(),
                };
                (op, detail)
            })
            .collect()
    }

    /// Appends every change of ``other``.
    fn extend<'py>(
        mut slf: PyRefMut<'py, Self>,
        other: PyRef<'_, PyChangeset>,
    ) -> PyRefMut<'py, Self> {
        let more = other.inner.clone();
        slf.inner.extend(more);
        slf
    }

    /// Stages a new unit.
    fn add_unit<'py>(
        slf: PyRefMut<'py, Self>,
        unit: &Bound<'_, PyAny>,
    ) -> PyResult<PyRefMut<'py, Self>> {
        Ok(Self::stage(
            slf,
            Change::AddUnit(arg::<quanyu::UnitRecord>(unit, "unit")?),
        ))
    }

    /// Stages new values for an existing unit (its level must stay; a new parent moves it).
    fn update_unit<'py>(
        slf: PyRefMut<'py, Self>,
        unit: &Bound<'_, PyAny>,
    ) -> PyResult<PyRefMut<'py, Self>> {
        Ok(Self::stage(
            slf,
            Change::UpdateUnit(arg::<quanyu::UnitRecord>(unit, "unit")?),
        ))
    }

    /// Stages moving a unit (and its subtree) under ``parent`` (``None``: make it a root).
    #[pyo3(signature = (id, parent=None))]
    fn move_unit<'py>(
        slf: PyRefMut<'py, Self>,
        id: &Bound<'_, PyAny>,
        parent: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyRefMut<'py, Self>> {
        let id = arg::<String>(id, "id")?;
        let parent = opt_arg::<String>(parent, "parent")?;
        Ok(Self::stage(slf, Change::MoveUnit { id, parent }))
    }

    /// Stages removing a unit.
    fn remove_unit<'py>(
        slf: PyRefMut<'py, Self>,
        id: &Bound<'_, PyAny>,
    ) -> PyResult<PyRefMut<'py, Self>> {
        let id = arg::<String>(id, "id")?;
        Ok(Self::stage(slf, Change::RemoveUnit { id }))
    }

    /// Stages a new organisation.
    fn add_organisation<'py>(
        slf: PyRefMut<'py, Self>,
        organisation: &Bound<'_, PyAny>,
    ) -> PyResult<PyRefMut<'py, Self>> {
        Ok(Self::stage(
            slf,
            Change::AddOrganisation(arg::<quanyu::OrganisationRecord>(
                organisation,
                "organisation",
            )?),
        ))
    }

    /// Stages new values for an existing organisation.
    fn update_organisation<'py>(
        slf: PyRefMut<'py, Self>,
        organisation: &Bound<'_, PyAny>,
    ) -> PyResult<PyRefMut<'py, Self>> {
        Ok(Self::stage(
            slf,
            Change::UpdateOrganisation(arg::<quanyu::OrganisationRecord>(
                organisation,
                "organisation",
            )?),
        ))
    }

    /// Stages removing an organisation.
    fn remove_organisation<'py>(
        slf: PyRefMut<'py, Self>,
        id: &Bound<'_, PyAny>,
    ) -> PyResult<PyRefMut<'py, Self>> {
        let id = arg::<String>(id, "id")?;
        Ok(Self::stage(slf, Change::RemoveOrganisation { id }))
    }

    /// Stages a new person.
    fn add_person<'py>(
        slf: PyRefMut<'py, Self>,
        person: &Bound<'_, PyAny>,
    ) -> PyResult<PyRefMut<'py, Self>> {
        Ok(Self::stage(
            slf,
            Change::AddPerson(arg::<quanyu::PersonRecord>(person, "person")?),
        ))
    }

    /// Stages new values for an existing person.
    fn update_person<'py>(
        slf: PyRefMut<'py, Self>,
        person: &Bound<'_, PyAny>,
    ) -> PyResult<PyRefMut<'py, Self>> {
        Ok(Self::stage(
            slf,
            Change::UpdatePerson(arg::<quanyu::PersonRecord>(person, "person")?),
        ))
    }

    /// Stages removing a person with their memberships and posts.
    fn remove_person<'py>(
        slf: PyRefMut<'py, Self>,
        id: &Bound<'_, PyAny>,
    ) -> PyResult<PyRefMut<'py, Self>> {
        let id = arg::<String>(id, "id")?;
        Ok(Self::stage(slf, Change::RemovePerson { id }))
    }

    /// Stages a new membership.
    fn add_membership<'py>(
        slf: PyRefMut<'py, Self>,
        membership: &Bound<'_, PyAny>,
    ) -> PyResult<PyRefMut<'py, Self>> {
        Ok(Self::stage(
            slf,
            Change::AddMembership(arg::<quanyu::MembershipRecord>(membership, "membership")?),
        ))
    }

    /// Stages ending a running membership (a ``MembershipKey`` or record) on ``end``.
    fn end_membership<'py>(
        slf: PyRefMut<'py, Self>,
        key: &Bound<'_, PyAny>,
        end: &Bound<'_, PyAny>,
    ) -> PyResult<PyRefMut<'py, Self>> {
        let key = arg::<quanyu::MembershipKey>(key, "key")?;
        let end = arg(end, "end")?;
        Ok(Self::stage(slf, Change::EndMembership { key, end }))
    }

    /// Stages removing a membership (a correction: ending it keeps the history).
    fn remove_membership<'py>(
        slf: PyRefMut<'py, Self>,
        key: &Bound<'_, PyAny>,
    ) -> PyResult<PyRefMut<'py, Self>> {
        Ok(Self::stage(
            slf,
            Change::RemoveMembership(arg::<quanyu::MembershipKey>(key, "key")?),
        ))
    }

    /// Stages a new post.
    fn add_post<'py>(
        slf: PyRefMut<'py, Self>,
        post: &Bound<'_, PyAny>,
    ) -> PyResult<PyRefMut<'py, Self>> {
        Ok(Self::stage(
            slf,
            Change::AddPost(arg::<quanyu::PostRecord>(post, "post")?),
        ))
    }

    /// Stages ending a running post (a ``PostKey`` or record) on ``end``.
    fn end_post<'py>(
        slf: PyRefMut<'py, Self>,
        key: &Bound<'_, PyAny>,
        end: &Bound<'_, PyAny>,
    ) -> PyResult<PyRefMut<'py, Self>> {
        let key = arg::<quanyu::PostKey>(key, "key")?;
        let end = arg(end, "end")?;
        Ok(Self::stage(slf, Change::EndPost { key, end }))
    }

    /// Stages removing a post (a correction).
    fn remove_post<'py>(
        slf: PyRefMut<'py, Self>,
        key: &Bound<'_, PyAny>,
    ) -> PyResult<PyRefMut<'py, Self>> {
        Ok(Self::stage(
            slf,
            Change::RemovePost(arg::<quanyu::PostKey>(key, "key")?),
        ))
    }

    /// Stages putting a building into a grid of a layer.
    fn set_grid_layer<'py>(
        slf: PyRefMut<'py, Self>,
        record: &Bound<'_, PyAny>,
    ) -> PyResult<PyRefMut<'py, Self>> {
        Ok(Self::stage(
            slf,
            Change::SetGridLayer(arg::<quanyu::GridLayerRecord>(record, "record")?),
        ))
    }

    /// Stages taking a building out of its grid in ``layer``.
    fn clear_grid_layer<'py>(
        slf: PyRefMut<'py, Self>,
        building: &Bound<'_, PyAny>,
        layer: &Bound<'_, PyAny>,
    ) -> PyResult<PyRefMut<'py, Self>> {
        let building = arg::<String>(building, "building")?;
        let layer = arg(layer, "layer")?;
        Ok(Self::stage(slf, Change::ClearGridLayer { building, layer }))
    }

    /// Stages a new key task.
    fn add_task<'py>(
        slf: PyRefMut<'py, Self>,
        task: &Bound<'_, PyAny>,
    ) -> PyResult<PyRefMut<'py, Self>> {
        Ok(Self::stage(
            slf,
            Change::AddTask(arg::<quanyu::TaskRecord>(task, "task")?),
        ))
    }

    /// Stages new values for an existing key task.
    fn update_task<'py>(
        slf: PyRefMut<'py, Self>,
        task: &Bound<'_, PyAny>,
    ) -> PyResult<PyRefMut<'py, Self>> {
        Ok(Self::stage(
            slf,
            Change::UpdateTask(arg::<quanyu::TaskRecord>(task, "task")?),
        ))
    }

    /// Stages removing a key task with its contracts.
    fn remove_task<'py>(
        slf: PyRefMut<'py, Self>,
        id: &Bound<'_, PyAny>,
    ) -> PyResult<PyRefMut<'py, Self>> {
        let id = arg::<String>(id, "id")?;
        Ok(Self::stage(slf, Change::RemoveTask { id }))
    }

    /// Stages a pioneer starting to lead a volunteer.
    fn add_lead<'py>(
        slf: PyRefMut<'py, Self>,
        lead: &Bound<'_, PyAny>,
    ) -> PyResult<PyRefMut<'py, Self>> {
        Ok(Self::stage(
            slf,
            Change::AddLead(arg::<quanyu::LeadRecord>(lead, "lead")?),
        ))
    }

    /// Stages a pioneer no longer leading a volunteer.
    fn remove_lead<'py>(
        slf: PyRefMut<'py, Self>,
        lead: &Bound<'_, PyAny>,
    ) -> PyResult<PyRefMut<'py, Self>> {
        Ok(Self::stage(
            slf,
            Change::RemoveLead(arg::<quanyu::LeadRecord>(lead, "lead")?),
        ))
    }

    /// Stages a volunteer starting to serve a household.
    fn add_service<'py>(
        slf: PyRefMut<'py, Self>,
        service: &Bound<'_, PyAny>,
    ) -> PyResult<PyRefMut<'py, Self>> {
        Ok(Self::stage(
            slf,
            Change::AddService(arg::<quanyu::ServiceRecord>(service, "service")?),
        ))
    }

    /// Stages a volunteer no longer serving a household.
    fn remove_service<'py>(
        slf: PyRefMut<'py, Self>,
        service: &Bound<'_, PyAny>,
    ) -> PyResult<PyRefMut<'py, Self>> {
        Ok(Self::stage(
            slf,
            Change::RemoveService(arg::<quanyu::ServiceRecord>(service, "service")?),
        ))
    }

    /// Stages a new contract.
    fn add_contract<'py>(
        slf: PyRefMut<'py, Self>,
        contract: &Bound<'_, PyAny>,
    ) -> PyResult<PyRefMut<'py, Self>> {
        Ok(Self::stage(
            slf,
            Change::AddContract(arg::<quanyu::ContractRecord>(contract, "contract")?),
        ))
    }

    /// Stages ending a running contract (a ``ContractKey`` or record) on ``end``.
    fn end_contract<'py>(
        slf: PyRefMut<'py, Self>,
        key: &Bound<'_, PyAny>,
        end: &Bound<'_, PyAny>,
    ) -> PyResult<PyRefMut<'py, Self>> {
        let key = arg::<quanyu::ContractKey>(key, "key")?;
        let end = arg(end, "end")?;
        Ok(Self::stage(slf, Change::EndContract { key, end }))
    }

    /// Stages removing a contract (a correction).
    fn remove_contract<'py>(
        slf: PyRefMut<'py, Self>,
        key: &Bound<'_, PyAny>,
    ) -> PyResult<PyRefMut<'py, Self>> {
        Ok(Self::stage(
            slf,
            Change::RemoveContract(arg::<quanyu::ContractKey>(key, "key")?),
        ))
    }

    /// Stages every record of a list with ``method`` (such as ``"add_unit"``).
    ///
    /// >>> from quanyu import Changeset, UnitRecord
    /// >>> len(Changeset().stage_all("add_unit", [UnitRecord("S", "Subdistrict")]))
    /// 1
    fn stage_all<'py>(
        mut slf: PyRefMut<'py, Self>,
        method: &str,
        records: &Bound<'py, PyAny>,
    ) -> PyResult<PyRefMut<'py, Self>> {
        // Every record of the list is read before any is staged, so that one call reports
        // every bad row (each named by its position and id) and stages nothing if any is bad.
        macro_rules! all {
            ($($method:literal => $record:ty, $change:ident;)+) => {
                match method {
                    $($method => {
                        let list: Vec<$record> = arg(records, "records")?;
                        for r in list {
                            slf.inner.push(Change::$change(r));
                        }
                    })+
                    _ => {
                        let allowed = [$($method),+];
                        return Err(crate::errors::invalid(
                            "method",
                            format!(
                                "`{method}` stages no record; expected one of {}",
                                allowed.join(", ")
                            ),
                        ));
                    }
                }
            };
        }
        all! {
            "add_unit" => quanyu::UnitRecord, AddUnit;
            "update_unit" => quanyu::UnitRecord, UpdateUnit;
            "add_organisation" => quanyu::OrganisationRecord, AddOrganisation;
            "update_organisation" => quanyu::OrganisationRecord, UpdateOrganisation;
            "add_person" => quanyu::PersonRecord, AddPerson;
            "update_person" => quanyu::PersonRecord, UpdatePerson;
            "add_membership" => quanyu::MembershipRecord, AddMembership;
            "add_post" => quanyu::PostRecord, AddPost;
            "set_grid_layer" => quanyu::GridLayerRecord, SetGridLayer;
            "add_task" => quanyu::TaskRecord, AddTask;
            "update_task" => quanyu::TaskRecord, UpdateTask;
            "add_lead" => quanyu::LeadRecord, AddLead;
            "add_service" => quanyu::ServiceRecord, AddService;
            "add_contract" => quanyu::ContractRecord, AddContract;
        }
        Ok(slf)
    }
}

/// The problems of a list, as `Problem` objects.
pub(crate) fn problems_list<'py>(
    py: Python<'py>,
    problems: &[quanyu::Problem],
) -> PyResult<Bound<'py, PyList>> {
    let list = PyList::empty(py);
    for p in problems {
        list.append(crate::errors::problem_object(py, p)?)?;
    }
    Ok(list)
}
