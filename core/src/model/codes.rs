//! [`CodeIndex`]: units by their statistical division code, so that a look-up by code (what a
//! register keyed by 统计用区划代码 asks) is one hash probe, not a scan of every unit.
//!
//! Derived like the [name index](super::names): built on the first look-up, dropped by every
//! commit (a commit may add, remove or recode units) and rebuilt by the next look-up. A network
//! that is never asked by code never pays for it. Building is thread-safe (readers share the
//! network).

use std::fmt;
use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use crate::model::graph::{Graph, Ix};

/// Unit nodes by the number their 12-digit code spells.
#[derive(Clone, Default)]
pub(super) struct CodeIndex {
    map: OnceLock<FxHashMap<u64, Ix>>,
}

impl fmt::Debug for CodeIndex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.map.get() {
            Some(m) => write!(f, "CodeIndex({} codes)", m.len()),
            None => f.write_str("CodeIndex(not built)"),
        }
    }
}

/// The number a 12-digit code spells; `None` for anything else, which no unit can carry (the
/// rules refuse it on entry).
pub(super) fn code_key(code: &str) -> Option<u64> {
    (code.len() == 12 && code.bytes().all(|b| b.is_ascii_digit()))
        .then(|| code.parse().ok())
        .flatten()
}

impl CodeIndex {
    /// Forgets the index: codes may have changed.
    pub(super) fn clear(&mut self) {
        self.map = OnceLock::new();
    }

    /// The unit node carrying `code`. Units in `order` (the unit pre-order) are indexed in that
    /// order and the first keeps a code, so that when several units share one code (a city
    /// without counties and the county-level entry standing for it) the look-up finds the
    /// highest of them, and always the same one.
    pub(super) fn get(&self, graph: &Graph, order: &[Ix], code: &str) -> Option<Ix> {
        let key = code_key(code)?;
        let map = self.map.get_or_init(|| {
            let mut map = FxHashMap::default();
            for &ix in order {
                let code = graph[ix].as_unit().and_then(|u| u.code.as_deref());
                if let Some(k) = code.and_then(code_key) {
                    map.entry(k).or_insert(ix);
                }
            }
            map
        });
        map.get(&key).copied()
    }
}
