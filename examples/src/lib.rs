//! Runnable examples for quanyu live in `examples/`.
