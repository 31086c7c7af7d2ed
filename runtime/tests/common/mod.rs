//! Helpers shared by the runtime's integration tests.

use frame_support::genesis_builder_helper::build_state;
use labelchain_runtime::{genesis_config_presets::preset_config, RuntimeGenesisConfig};
use sp_genesis_builder::PresetId;

pub fn with_preset<R>(name: &str, check: impl FnOnce() -> R) -> R {
	let config = preset_config(&PresetId::from(name)).expect("the preset exists");
	let mut ext = sp_io::TestExternalities::default();
	ext.execute_with(|| {
		build_state::<RuntimeGenesisConfig>(config).expect("the preset builds a genesis state");
		check()
	})
}
