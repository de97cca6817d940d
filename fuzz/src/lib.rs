//! Shared code of the fuzz targets (`make fuzz`): the flow solver's certificate check, and the
//! network's round-trip property with changes built from fuzz input.

pub mod flow;
pub mod network;

pub use flow::{certify, check_error};
pub use network::*;
