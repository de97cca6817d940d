//! `quanyu.synth`: seeded synthetic cities.

use pyo3::prelude::*;

use quanyu::synth::{self, Scale};

use crate::errors::IntoPyResult;
use crate::network::PyNetwork;
use crate::progress::{Callback, run};

fn seed(v: &Bound<'_, PyAny>) -> PyResult<u64> {
    crate::convert::arg(v, "seed")
}

/// A synthetic city of ``scale`` (``"community"``, ``"district"`` or ``"megacity"``) from
/// ``seed``; ``progress(done, total)`` is called as subdistricts are generated.
///
/// >>> import quanyu
/// >>> quanyu.synth.generate("community", 2024) == quanyu.synth.community(2024)
/// True
/// >>> quanyu.synth.generate("village", 1)
/// Traceback (most recent call last):
/// ...
/// quanyu._errors.InvalidArgumentError: invalid argument `scale`: unknown scale `village`; expected community, district or megacity
#[pyfunction]
#[pyo3(signature = (scale, seed, progress=None))]
pub(crate) fn generate(
    py: Python<'_>,
    scale: &str,
    seed: &Bound<'_, PyAny>,
    progress: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyNetwork> {
    let scale: Scale = scale.parse::<Scale>().py_err()?;
    let seed = self::seed(seed)?;
    let callback = Callback::new(progress)?;
    let net = run(py, &callback, move |p| synth::generate(scale, seed, p))?;
    Ok(PyNetwork::wrap(net))
}

/// One synthetic subdistrict: 15 community grids and 6 business-district grids, a few hundred
/// buildings, about 23,000 households.
///
/// >>> import quanyu
/// >>> seen = []
/// >>> net = quanyu.synth.community(2024, progress=lambda done, total: seen.append((done, total)))
/// >>> net.level_counts()[:3], seen
/// ([('Subdistrict', 1), ('Area', 5), ('Grid', 21)], [(0, 1), (1, 1)])
#[pyfunction]
#[pyo3(signature = (seed, progress=None))]
pub(crate) fn community(
    py: Python<'_>,
    seed: &Bound<'_, PyAny>,
    progress: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyNetwork> {
    generate(py, "community", seed, progress)
}

/// A synthetic district of 15 subdistricts (``generate("district", seed)``). The seed is
/// checked before anything is generated:
///
/// >>> import quanyu
/// >>> quanyu.synth.district(-1)
/// Traceback (most recent call last):
/// ...
/// quanyu._errors.InvalidArgumentError: invalid argument `seed`: must be a whole number from 0 to 18446744073709551615, got int -1
#[pyfunction]
#[pyo3(signature = (seed, progress=None))]
pub(crate) fn district(
    py: Python<'_>,
    seed: &Bound<'_, PyAny>,
    progress: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyNetwork> {
    generate(py, "district", seed, progress)
}

/// A synthetic megacity: 215 subdistricts, a million buildings, ten million households
/// (about 35 s and 5 GB in a release build); ``progress`` follows it subdistrict by
/// subdistrict.
///
/// >>> import inspect, quanyu
/// >>> inspect.signature(quanyu.synth.megacity)
/// <Signature (seed, progress=None)>
#[pyfunction]
#[pyo3(signature = (seed, progress=None))]
pub(crate) fn megacity(
    py: Python<'_>,
    seed: &Bound<'_, PyAny>,
    progress: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyNetwork> {
    generate(py, "megacity", seed, progress)
}
