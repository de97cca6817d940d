//! Criterion benchmarks for quanyu live in `benches/`.
