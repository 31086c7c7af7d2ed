//! The fixed costs this runtime charges, measured on this runtime by `scripts/benchmark.sh`
//! (`benchmark overhead`), not polkadot-sdk's reference numbers: an empty block (its
//! inherents included) and an empty signed extrinsic (signature, every transaction extension).

pub mod block_weights;
pub mod extrinsic_weights;

pub use block_weights::BlockExecutionWeight;
pub use extrinsic_weights::ExtrinsicBaseWeight;
