//! `Changeset`: a batch of staged changes, applied all or nothing by `Network.apply`.
//! `quanyu.Edit` (pure Python) subclasses it to bind a batch to a network.

use pyo3::prelude::*;
use pyo3::types::PyList;

use quanyu::{Change, Changeset};

use crate::convert::{self, date, parse, string};

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
            Change::AddUnit(convert::unit_record(unit)?),
        ))
    }

    /// Stages new values for an existing unit (its level must stay; a new parent moves it).
    fn update_unit<'py>(
        slf: PyRefMut<'py, Self>,
        unit: &Bound<'_, PyAny>,
    ) -> PyResult<PyRefMut<'py, Self>> {
        Ok(Self::stage(
            slf,
            Change::UpdateUnit(convert::unit_record(unit)?),
        ))
    }

    /// Stages moving a unit (and its subtree) under ``parent`` (``None``: make it a root).
    #[pyo3(signature = (id, parent=None))]
    fn move_unit<'py>(
        slf: PyRefMut<'py, Self>,
        id: &Bound<'_, PyAny>,
        parent: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyRefMut<'py, Self>> {
        let id = string(id, "id")?;
        let parent = parent.map(|p| string(p, "parent")).transpose()?;
        Ok(Self::stage(slf, Change::MoveUnit { id, parent }))
    }

    /// Stages removing a unit.
    fn remove_unit<'py>(
        slf: PyRefMut<'py, Self>,
        id: &Bound<'_, PyAny>,
    ) -> PyResult<PyRefMut<'py, Self>> {
        let id = string(id, "id")?;
        Ok(Self::stage(slf, Change::RemoveUnit { id }))
    }

    /// Stages a new organisation.
    fn add_organisation<'py>(
        slf: PyRefMut<'py, Self>,
        organisation: &Bound<'_, PyAny>,
    ) -> PyResult<PyRefMut<'py, Self>> {
        Ok(Self::stage(
            slf,
            Change::AddOrganisation(convert::organisation_record(organisation)?),
        ))
    }

    /// Stages new values for an existing organisation.
    fn update_organisation<'py>(
        slf: PyRefMut<'py, Self>,
        organisation: &Bound<'_, PyAny>,
    ) -> PyResult<PyRefMut<'py, Self>> {
        Ok(Self::stage(
            slf,
            Change::UpdateOrganisation(convert::organisation_record(organisation)?),
        ))
    }

    /// Stages removing an organisation.
    fn remove_organisation<'py>(
        slf: PyRefMut<'py, Self>,
        id: &Bound<'_, PyAny>,
    ) -> PyResult<PyRefMut<'py, Self>> {
        let id = string(id, "id")?;
        Ok(Self::stage(slf, Change::RemoveOrganisation { id }))
    }

    /// Stages a new person.
    fn add_person<'py>(
        slf: PyRefMut<'py, Self>,
        person: &Bound<'_, PyAny>,
    ) -> PyResult<PyRefMut<'py, Self>> {
        Ok(Self::stage(
            slf,
            Change::AddPerson(convert::person_record(person)?),
        ))
    }

    /// Stages new values for an existing person.
    fn update_person<'py>(
        slf: PyRefMut<'py, Self>,
        person: &Bound<'_, PyAny>,
    ) -> PyResult<PyRefMut<'py, Self>> {
        Ok(Self::stage(
            slf,
            Change::UpdatePerson(convert::person_record(person)?),
        ))
    }

    /// Stages removing a person with their memberships and posts.
    fn remove_person<'py>(
        slf: PyRefMut<'py, Self>,
        id: &Bound<'_, PyAny>,
    ) -> PyResult<PyRefMut<'py, Self>> {
        let id = string(id, "id")?;
        Ok(Self::stage(slf, Change::RemovePerson { id }))
    }

    /// Stages a new membership.
    fn add_membership<'py>(
        slf: PyRefMut<'py, Self>,
        membership: &Bound<'_, PyAny>,
    ) -> PyResult<PyRefMut<'py, Self>> {
        Ok(Self::stage(
            slf,
            Change::AddMembership(convert::membership_record(membership)?),
        ))
    }

    /// Stages ending a running membership (a ``MembershipKey`` or record) on ``end``.
    fn end_membership<'py>(
        slf: PyRefMut<'py, Self>,
        key: &Bound<'_, PyAny>,
        end: &Bound<'_, PyAny>,
    ) -> PyResult<PyRefMut<'py, Self>> {
        let key = convert::membership_key(key)?;
        let end = date(end, "end")?;
        Ok(Self::stage(slf, Change::EndMembership { key, end }))
    }

    /// Stages removing a membership (a correction: ending it keeps the history).
    fn remove_membership<'py>(
        slf: PyRefMut<'py, Self>,
        key: &Bound<'_, PyAny>,
    ) -> PyResult<PyRefMut<'py, Self>> {
        Ok(Self::stage(
            slf,
            Change::RemoveMembership(convert::membership_key(key)?),
        ))
    }

    /// Stages a new post.
    fn add_post<'py>(
        slf: PyRefMut<'py, Self>,
        post: &Bound<'_, PyAny>,
    ) -> PyResult<PyRefMut<'py, Self>> {
        Ok(Self::stage(
            slf,
            Change::AddPost(convert::post_record(post)?),
        ))
    }

    /// Stages ending a running post (a ``PostKey`` or record) on ``end``.
    fn end_post<'py>(
        slf: PyRefMut<'py, Self>,
        key: &Bound<'_, PyAny>,
        end: &Bound<'_, PyAny>,
    ) -> PyResult<PyRefMut<'py, Self>> {
        let key = convert::post_key(key)?;
        let end = date(end, "end")?;
        Ok(Self::stage(slf, Change::EndPost { key, end }))
    }

    /// Stages removing a post (a correction).
    fn remove_post<'py>(
        slf: PyRefMut<'py, Self>,
        key: &Bound<'_, PyAny>,
    ) -> PyResult<PyRefMut<'py, Self>> {
        Ok(Self::stage(
            slf,
            Change::RemovePost(convert::post_key(key)?),
        ))
    }

    /// Stages putting a building into a grid of a layer.
    fn set_grid_layer<'py>(
        slf: PyRefMut<'py, Self>,
        record: &Bound<'_, PyAny>,
    ) -> PyResult<PyRefMut<'py, Self>> {
        Ok(Self::stage(
            slf,
            Change::SetGridLayer(convert::grid_layer_record(record)?),
        ))
    }

    /// Stages taking a building out of its grid in ``layer``.
    fn clear_grid_layer<'py>(
        slf: PyRefMut<'py, Self>,
        building: &Bound<'_, PyAny>,
        layer: &Bound<'_, PyAny>,
    ) -> PyResult<PyRefMut<'py, Self>> {
        let building = string(building, "building")?;
        let layer = parse(layer, "layer")?;
        Ok(Self::stage(slf, Change::ClearGridLayer { building, layer }))
    }

    /// Stages a new key task.
    fn add_task<'py>(
        slf: PyRefMut<'py, Self>,
        task: &Bound<'_, PyAny>,
    ) -> PyResult<PyRefMut<'py, Self>> {
        Ok(Self::stage(
            slf,
            Change::AddTask(convert::task_record(task)?),
        ))
    }

    /// Stages new values for an existing key task.
    fn update_task<'py>(
        slf: PyRefMut<'py, Self>,
        task: &Bound<'_, PyAny>,
    ) -> PyResult<PyRefMut<'py, Self>> {
        Ok(Self::stage(
            slf,
            Change::UpdateTask(convert::task_record(task)?),
        ))
    }

    /// Stages removing a key task with its contracts.
    fn remove_task<'py>(
        slf: PyRefMut<'py, Self>,
        id: &Bound<'_, PyAny>,
    ) -> PyResult<PyRefMut<'py, Self>> {
        let id = string(id, "id")?;
        Ok(Self::stage(slf, Change::RemoveTask { id }))
    }

    /// Stages a pioneer starting to lead a volunteer.
    fn add_lead<'py>(
        slf: PyRefMut<'py, Self>,
        lead: &Bound<'_, PyAny>,
    ) -> PyResult<PyRefMut<'py, Self>> {
        Ok(Self::stage(
            slf,
            Change::AddLead(convert::lead_record(lead)?),
        ))
    }

    /// Stages a pioneer no longer leading a volunteer.
    fn remove_lead<'py>(
        slf: PyRefMut<'py, Self>,
        lead: &Bound<'_, PyAny>,
    ) -> PyResult<PyRefMut<'py, Self>> {
        Ok(Self::stage(
            slf,
            Change::RemoveLead(convert::lead_record(lead)?),
        ))
    }

    /// Stages a volunteer starting to serve a household.
    fn add_service<'py>(
        slf: PyRefMut<'py, Self>,
        service: &Bound<'_, PyAny>,
    ) -> PyResult<PyRefMut<'py, Self>> {
        Ok(Self::stage(
            slf,
            Change::AddService(convert::service_record(service)?),
        ))
    }

    /// Stages a volunteer no longer serving a household.
    fn remove_service<'py>(
        slf: PyRefMut<'py, Self>,
        service: &Bound<'_, PyAny>,
    ) -> PyResult<PyRefMut<'py, Self>> {
        Ok(Self::stage(
            slf,
            Change::RemoveService(convert::service_record(service)?),
        ))
    }

    /// Stages a new contract.
    fn add_contract<'py>(
        slf: PyRefMut<'py, Self>,
        contract: &Bound<'_, PyAny>,
    ) -> PyResult<PyRefMut<'py, Self>> {
        Ok(Self::stage(
            slf,
            Change::AddContract(convert::contract_record(contract)?),
        ))
    }

    /// Stages ending a running contract (a ``ContractKey`` or record) on ``end``.
    fn end_contract<'py>(
        slf: PyRefMut<'py, Self>,
        key: &Bound<'_, PyAny>,
        end: &Bound<'_, PyAny>,
    ) -> PyResult<PyRefMut<'py, Self>> {
        let key = convert::contract_key(key)?;
        let end = date(end, "end")?;
        Ok(Self::stage(slf, Change::EndContract { key, end }))
    }

    /// Stages removing a contract (a correction).
    fn remove_contract<'py>(
        slf: PyRefMut<'py, Self>,
        key: &Bound<'_, PyAny>,
    ) -> PyResult<PyRefMut<'py, Self>> {
        Ok(Self::stage(
            slf,
            Change::RemoveContract(convert::contract_key(key)?),
        ))
    }

    /// Stages every record of a list with ``method`` (such as ``"add_unit"``).
    ///
    /// >>> from quanyu import Changeset, UnitRecord
    /// >>> len(Changeset().stage_all("add_unit", [UnitRecord("S", "Subdistrict")]))
    /// 1
    fn stage_all<'py>(
        slf: Bound<'py, Self>,
        method: &str,
        records: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, Self>> {
        const ALLOWED: &[&str] = &[
            "add_unit",
            "update_unit",
            "add_organisation",
            "update_organisation",
            "add_person",
            "update_person",
            "add_membership",
            "add_post",
            "set_grid_layer",
            "add_task",
            "update_task",
            "add_lead",
            "add_service",
            "add_contract",
        ];
        if !ALLOWED.contains(&method) {
            return Err(crate::errors::invalid(
                "method",
                format!(
                    "`{method}` stages no record; expected one of {}",
                    ALLOWED.join(", ")
                ),
            ));
        }
        let f = slf.getattr(method)?;
        for r in records.try_iter()? {
            f.call1((r?,))?;
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
