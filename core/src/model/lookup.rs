//! Look-ups an app makes while a user waits: who is responsible for a place, what a holder
//! contracts, and units or persons by the start of their name.

use chrono::NaiveDate;
use petgraph::Direction;
use petgraph::visit::EdgeRef;
use serde::Serialize;

use crate::model::graph::{Ix, Relation};
use crate::model::index::NONE;
use crate::model::levels::{BUILDING, COMPOUND, GRID};
use crate::model::{ContractRecord, Network, Organisation, OrganisationKind, Person, Role, Unit};
use crate::schema::Record;
use crate::{EntityKind, Error, Result};

/// Everyone responsible for a unit on a date: the holders of contracts on it, the grid leaders
/// of its grid, its grid branch and its building cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Record)]
#[non_exhaustive]
pub struct Responsibility {
    /// The unit asked about.
    pub unit: String,
    /// Running contracts whose target is the unit (its second building leader, say).
    pub contracts: Vec<ContractRecord>,
    /// The grid containing the unit (or the unit itself), if any.
    pub grid: Option<String>,
    /// The ids of that grid's leaders on the date.
    pub grid_leaders: Vec<String>,
    /// The grid branch anchored on that grid.
    pub grid_branch: Option<String>,
    /// The building cell of the unit's building (or of its compound).
    pub building_cell: Option<String>,
}

impl Network {
    /// Who is responsible for `unit` on `as_of`.
    ///
    /// ```
    /// # let net = quanyu::synth::community(3)?;
    /// let b = net.units_by_level("Building")?.next().unwrap().id.clone();
    /// let r = net.responsible_for(&b, quanyu::synth::REFERENCE_DATE)?;
    /// assert!(r.grid.is_some());
    /// assert!(!r.grid_leaders.is_empty());
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn responsible_for(&self, unit: &str, as_of: NaiveDate) -> Result<Responsibility> {
        let ix = self.unit_ix(unit)?;
        let above = |level: &str| -> Option<Ix> {
            let l = self.scheme.level(level)?;
            let mut p = self.unit_tree.pos(ix)?;
            loop {
                let at = self.unit_tree.order[p as usize];
                if self.unit_at(at).level == l {
                    return Some(at);
                }
                p = self.unit_tree.parent[p as usize];
                if p == NONE {
                    return None;
                }
            }
        };
        let anchored = |at: Ix, kind: OrganisationKind| -> Option<&Organisation> {
            self.sources(at, |r| matches!(r, Relation::AnchoredOn))
                .map(|o| self.organisation_at(o))
                .filter(|o| o.kind == kind)
                .last()
        };
        let grid = above(GRID);
        let grid_leaders = match grid {
            Some(g) => self
                .posts_at(g, as_of, Some(Role::GridLeader))
                .into_iter()
                .map(|h| h.person.id.to_string())
                .collect(),
            None => Vec::new(),
        };
        let building_cell = [above(BUILDING), above(COMPOUND)]
            .into_iter()
            .flatten()
            .find_map(|at| anchored(at, OrganisationKind::BuildingCell))
            .map(|o| o.id.to_string());
        Ok(Responsibility {
            unit: unit.to_owned(),
            contracts: self.contracts_into(ix, as_of),
            grid: grid.map(|g| self.unit_at(g).id.to_string()),
            grid_leaders,
            grid_branch: grid
                .and_then(|g| anchored(g, OrganisationKind::GridBranch))
                .map(|o| o.id.to_string()),
            building_cell,
        })
    }

    /// The contracts `holder` (a person, or an organisation) holds on `as_of`: "the households
    /// I contract".
    ///
    /// ```
    /// # let net = quanyu::synth::community(3)?;
    /// let c = net.contract_records().next().unwrap();
    /// let mine = net.contracts_held(&c.holder, quanyu::synth::REFERENCE_DATE)?;
    /// assert!(mine.iter().all(|m| m.holder == c.holder));
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn contracts_held(&self, holder: &str, as_of: NaiveDate) -> Result<Vec<ContractRecord>> {
        // Neither a person nor an organisation: say so, not just that one of them is missing.
        let ix = self
            .person_ix(holder)
            .or_else(|_| self.organisation_ix(holder))
            .map_err(|_| Error::not_found(EntityKind::ContractHolder, holder))?;
        Ok(self
            .contract_records_of(ix)
            .into_iter()
            .filter(|c| c.span().contains(as_of))
            .collect())
    }

    /// The contracts on `target` (a unit, or a key task) on `as_of`.
    ///
    /// ```
    /// # let net = quanyu::synth::community(3)?;
    /// let c = net.contract_records().next().unwrap();
    /// let on = net.contracts_on(&c.target, quanyu::synth::REFERENCE_DATE)?;
    /// assert!(on.iter().all(|x| x.target == c.target));
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn contracts_on(&self, target: &str, as_of: NaiveDate) -> Result<Vec<ContractRecord>> {
        let ix = self
            .unit_ix(target)
            .or_else(|_| self.task_ix(target))
            .map_err(|_| Error::not_found(EntityKind::ContractTarget, target))?;
        Ok(self.contracts_into(ix, as_of))
    }

    /// Units whose name starts with `prefix`, at most `limit`, in name order (by bytes of the
    /// UTF-8, so "第10" before "第1网格"), equal names by id. A binary search in an index of the
    /// names, built on the first call after a commit: a search box can ask on every keystroke.
    ///
    /// ```
    /// # let net = quanyu::synth::community(3)?;
    /// let grids = net.units_named("第1", 10);
    /// assert!(!grids.is_empty() && grids.iter().all(|u| u.name.starts_with("第1")));
    /// assert!(grids.windows(2).all(|w| w[0].name <= w[1].name));
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn units_named(&self, prefix: &str, limit: usize) -> Vec<&Unit> {
        self.names
            .units(&self.graph, prefix, limit)
            .into_iter()
            .map(|ix| self.unit_at(ix))
            .collect()
    }

    /// The unit carrying the 12-digit statistical division code `code` (统计用区划代码), if
    /// any: one hash probe in an index of the codes, built on the first call after a commit
    /// (so it always sees the network as it is). Where several units carry one code (a city
    /// without counties and the county-level entry standing for it, as division lists give
    /// it), the first in [pre-order](Network::units) — the highest — is found. Anything but 12
    /// ASCII digits finds nothing, since no unit can carry it.
    ///
    /// ```
    /// use quanyu::{LevelScheme, Network, UnitRecord};
    /// let mut net = Network::with_scheme(LevelScheme::national());
    /// let mut edit = net.edit();
    /// edit.add_unit(UnitRecord::new("330106", "County").name("西湖区").code("330106000000"));
    /// edit.add_unit(UnitRecord::new("330106001", "Township").parent("330106").code("330106001000"));
    /// edit.commit()?;
    /// assert_eq!(net.unit_by_code("330106001000").unwrap().id, "330106001");
    /// assert!(net.unit_by_code("330106").is_none()); // a 6-digit code is no unit's code
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn unit_by_code(&self, code: &str) -> Option<&Unit> {
        self.codes
            .get(&self.graph, &self.unit_tree.order, code)
            .map(|ix| self.unit_at(ix))
    }

    /// Persons whose name starts with `prefix`, at most `limit`, in name order, equal names by
    /// id; found like [`Network::units_named`].
    ///
    /// ```
    /// # let net = quanyu::synth::community(3)?;
    /// let wangs = net.persons_named("王", 5);
    /// assert!(wangs.len() == 5 && wangs.iter().all(|p| p.name.starts_with('王')));
    /// assert!(wangs.windows(2).all(|w| (&w[0].name, &w[0].id) < (&w[1].name, &w[1].id)));
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn persons_named(&self, prefix: &str, limit: usize) -> Vec<&Person> {
        self.names
            .persons(&self.graph, prefix, limit)
            .into_iter()
            .map(|ix| self.person_at(ix))
            .collect()
    }

    fn contracts_into(&self, target: Ix, as_of: NaiveDate) -> Vec<ContractRecord> {
        let id = &self.graph[target].id();
        let mut v: Vec<ContractRecord> = self
            .graph
            .edges_directed(target, Direction::Incoming)
            .filter_map(|e| match *e.weight() {
                Relation::Contract(kind, span) if span.contains(as_of) => Some(ContractRecord {
                    kind,
                    holder: self.graph[e.source()].id().to_owned(),
                    target: (*id).to_owned(),
                    start: span.start,
                    end: span.end,
                }),
                _ => None,
            })
            .collect();
        v.reverse();
        v
    }
}
