//! The pallets whose benchmarks the runtime exposes (`--features runtime-benchmarks`).

pub use frame_benchmarking::baseline::Pallet as BaselineBench;
pub use frame_system_benchmarking::{
	extensions::Pallet as SystemExtensionsBench, Pallet as SystemBench,
};

#[allow(unused_imports)]
use crate::*;

frame_benchmarking::define_benchmarks!(
	[frame_benchmarking, BaselineBench::<Runtime>]
	[frame_system, SystemBench::<Runtime>]
	[frame_system_extensions, SystemExtensionsBench::<Runtime>]
	[pallet_balances, Balances]
	[pallet_timestamp, Timestamp]
	[pallet_sudo, Sudo]
	[pallet_assets, Assets]
	[pallet_asset_tx_payment, AssetTxPayment]
	[pallet_erc20, Erc20]
	[pallet_labeling, Labeling]
	[pallet_disputes, Disputes]
	[pallet_eth_bridge, EthBridge]
	[pallet_validator_set, ValidatorSet]
	[pallet_beacon, Beacon]
);

impl frame_system_benchmarking::Config for Runtime {}
impl frame_benchmarking::baseline::Config for Runtime {}
