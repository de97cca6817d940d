//! The pairs that declared fields hold, as records: Kotlin and Swift have no tuples in uniffi's
//! interface. Each pair type of the core has one record here, whose field names say what the
//! pair's halves are wherever the core uses it.

use super::{Cx, Label, Problems, Wire};

/// A (holder, target) pair named in a contract rule: pinned (every plan keeps it) or forbidden.
#[derive(Debug, Clone, PartialEq, Eq, Hash, uniffi::Record)]
pub struct HolderTarget {
    /// The holder's id.
    pub holder: String,
    /// The target's id.
    pub target: String,
}

impl Label for HolderTarget {}

impl Wire for (String, String) {
    type Ffi = HolderTarget;

    fn to_ffi(&self, _cx: &Cx<'_>) -> HolderTarget {
        HolderTarget {
            holder: self.0.clone(),
            target: self.1.clone(),
        }
    }

    fn from_ffi(ffi: HolderTarget, _problems: &mut Problems) -> Option<Self> {
        Some((ffi.holder, ffi.target))
    }
}

/// How many occurrences a match placed at one priority.
#[derive(Debug, Clone, PartialEq, Eq, Hash, uniffi::Record)]
pub struct PriorityCount {
    /// The priority, 0 to 255.
    pub priority: i32,
    /// Occurrences of that priority placed.
    pub placed: i64,
}

impl Label for PriorityCount {}

impl Wire for (u8, u64) {
    type Ffi = PriorityCount;

    fn to_ffi(&self, cx: &Cx<'_>) -> PriorityCount {
        PriorityCount {
            priority: self.0.to_ffi(cx),
            placed: self.1.to_ffi(cx),
        }
    }

    fn from_ffi(ffi: PriorityCount, problems: &mut Problems) -> Option<Self> {
        problems.enter("priority");
        let priority = u8::from_ffi(ffi.priority, problems);
        problems.leave();
        problems.enter("placed");
        let placed = u64::from_ffi(ffi.placed, problems);
        problems.leave();
        Some((priority?, placed?))
    }
}

/// A grid and how many of the buildings in question it holds.
#[derive(Debug, Clone, PartialEq, Eq, Hash, uniffi::Record)]
pub struct GridBuildings {
    /// The grid: a unit id, or a grid code of a layer.
    pub grid: String,
    /// How many of the buildings are in it.
    pub buildings: i64,
}

impl Label for GridBuildings {}

impl Wire for (String, usize) {
    type Ffi = GridBuildings;

    fn to_ffi(&self, cx: &Cx<'_>) -> GridBuildings {
        GridBuildings {
            grid: self.0.clone(),
            buildings: self.1.to_ffi(cx),
        }
    }

    fn from_ffi(ffi: GridBuildings, problems: &mut Problems) -> Option<Self> {
        problems.enter("buildings");
        let buildings = usize::from_ffi(ffi.buildings, problems);
        problems.leave();
        Some((ffi.grid, buildings?))
    }
}

/// A grid of a unified layer and its size, in the measure the plan was asked for (groups,
/// buildings or households).
#[derive(Debug, Clone, PartialEq, Eq, Hash, uniffi::Record)]
pub struct GridSize {
    /// The grid: a unit id, or a grid code of a layer.
    pub grid: String,
    /// Its size.
    pub size: i64,
}

impl Label for GridSize {}

impl Wire for (String, u64) {
    type Ffi = GridSize;

    fn to_ffi(&self, cx: &Cx<'_>) -> GridSize {
        GridSize {
            grid: self.0.clone(),
            size: self.1.to_ffi(cx),
        }
    }

    fn from_ffi(ffi: GridSize, problems: &mut Problems) -> Option<Self> {
        problems.enter("size");
        let size = u64::from_ffi(ffi.size, problems);
        problems.leave();
        Some((ffi.grid, size?))
    }
}

/// A grid whose buildings fall in several grids of the other partition (a tree grid split by a
/// layer, or a layer grid spanning tree grids).
#[derive(Debug, Clone, PartialEq, Eq, Hash, uniffi::Record)]
pub struct GridSplit {
    /// The grid.
    pub grid: String,
    /// The grids of the other partition its buildings fall in, with how many in each.
    pub across: Vec<GridBuildings>,
}

impl Label for GridSplit {}

impl Wire for (String, Vec<(String, usize)>) {
    type Ffi = GridSplit;

    fn to_ffi(&self, cx: &Cx<'_>) -> GridSplit {
        GridSplit {
            grid: self.0.clone(),
            across: self.1.to_ffi(cx),
        }
    }

    fn from_ffi(ffi: GridSplit, problems: &mut Problems) -> Option<Self> {
        problems.begin_record(ffi.grid.clone());
        problems.enter("across");
        let across = Vec::<(String, usize)>::from_ffi(ffi.across, problems);
        problems.leave();
        problems.end_record();
        Some((ffi.grid, across?))
    }
}
