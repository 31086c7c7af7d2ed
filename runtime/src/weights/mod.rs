//! The fixed costs this runtime charges, measured on this runtime by `scripts/benchmark.sh`
//! (`benchmark overhead`), not polkadot-sdk's reference numbers: an empty block (its
//! inherents included) and an empty signed extrinsic (signature, every transaction extension);
//! and the weights of the polkadot-sdk pallets every transfer and every signed extrinsic goes
//! through (balances, frame_system's transaction extensions, the fee extension), benchmarked on
//! this runtime (`benchmark pallet`) with its database (ParityDB) costs.

pub mod block_weights;
pub mod extrinsic_weights;
pub mod frame_system_extensions;
pub mod pallet_asset_tx_payment;
pub mod pallet_balances;

pub use block_weights::BlockExecutionWeight;
pub use extrinsic_weights::ExtrinsicBaseWeight;
