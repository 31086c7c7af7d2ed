//! Helpers shared by the runtime's integration tests.

use frame_support::genesis_builder_helper::build_state;
use labelchain_runtime::{genesis_config_presets::get_preset, RuntimeGenesisConfig};
use sp_genesis_builder::PresetId;

/// Applies a JSON patch onto a JSON value, as the node does with a preset and the default config.
fn merge(base: &mut serde_json::Value, patch: serde_json::Value) {
	match (base, patch) {
		(serde_json::Value::Object(base), serde_json::Value::Object(patch)) => {
			for (key, value) in patch {
				merge(base.entry(key).or_insert(serde_json::Value::Null), value);
			}
		}
		(base, patch) => *base = patch,
	}
}

pub fn with_preset<R>(name: &str, check: impl FnOnce() -> R) -> R {
	let patch: serde_json::Value =
		serde_json::from_slice(&get_preset(&PresetId::from(name)).expect("the preset exists"))
			.expect("a preset is JSON");
	let mut config = serde_json::to_value(RuntimeGenesisConfig::default()).expect("serializable");
	merge(&mut config, patch);
	let mut ext = sp_io::TestExternalities::default();
	ext.execute_with(|| {
		build_state::<RuntimeGenesisConfig>(serde_json::to_vec(&config).expect("serializable"))
			.expect("the preset builds a genesis state");
		check()
	})
}
