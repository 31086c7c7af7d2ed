//! Genesis presets: `development` (Alice alone) and `local_testnet` (four validators).
//!
//! Four validators is the smallest set that survives one failure: GRANDPA needs more than two
//! thirds of the authorities online to finalize, and 3 of 4 is more than two thirds.

use crate::{
	token::lbl_genesis, AccountId, BalancesConfig, CouncilMembershipConfig, RuntimeGenesisConfig,
	SessionKeys, SudoConfig, LBL, UNIT,
};
use alloc::{vec, vec::Vec};
use frame_support::{build_struct_json_patch, BoundedVec};
use serde_json::Value;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_consensus_grandpa::AuthorityId as GrandpaId;
use sp_genesis_builder::{self, PresetId};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};

/// What each endowed development account starts with: 1 million LC.
pub const ENDOWMENT: crate::Balance = 1_000_000 * UNIT;
/// The session length of the development presets: one minute (20 blocks), so that a validator
/// added by governance authors within two minutes. Governance changes it
/// (`validatorSet.setSessionLength`).
pub const SESSION_LENGTH: crate::BlockNumber = crate::MINUTES;
/// And 1 million LBL; the rest of LBL's supply is in the incentive pool.
pub const LBL_ENDOWMENT: crate::Balance = 1_000_000 * LBL;

/// The genesis of a chain with the given validators, endowed accounts (in `LC` and LBL), vendor
/// council and sudo key (`None`: no one holds root; the council governs).
fn labelchain_genesis(
	initial_authorities: Vec<(AccountId, AuraId, GrandpaId)>,
	root_key: Option<AccountId>,
	endowed_accounts: Vec<AccountId>,
	council: Vec<AccountId>,
) -> Value {
	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig {
			balances: endowed_accounts.iter().cloned().map(|k| (k, ENDOWMENT)).collect::<Vec<_>>(),
		},
		// Aura's and GRANDPA's authorities come from the session's genesis keys.
		validator_set: pallet_validator_set::GenesisConfig {
			validators: initial_authorities.iter().map(|x| x.0.clone()).collect::<Vec<_>>(),
			session_length: SESSION_LENGTH,
		},
		session: pallet_session::GenesisConfig {
			keys: initial_authorities
				.iter()
				.map(|(account, aura, grandpa)| {
					(
						account.clone(),
						account.clone(),
						SessionKeys { aura: aura.clone(), grandpa: grandpa.clone() },
					)
				})
				.collect::<Vec<_>>(),
		},
		sudo: SudoConfig { key: root_key },
		council_membership: CouncilMembershipConfig { members: BoundedVec::truncate_from(council) },
		assets: lbl_genesis(
			&endowed_accounts.iter().cloned().map(|k| (k, LBL_ENDOWMENT)).collect::<Vec<_>>()
		),
	})
}

/// A development validator: its account and Aura key are the sr25519 dev key, its GRANDPA key
/// the ed25519 dev key of the same name (what `--alice`, `--bob`, … put in the keystore).
fn authority(sr: Sr25519Keyring, ed: Ed25519Keyring) -> (AccountId, AuraId, GrandpaId) {
	(sr.to_account_id(), sr.public().into(), ed.public().into())
}

/// The well-known development accounts (Alice … Ferdie and their `//stash` accounts).
fn dev_accounts() -> Vec<AccountId> {
	Sr25519Keyring::iter().map(|k| k.to_account_id()).collect()
}

/// The vendor council of the development presets: Alice, Bob and Charlie.
fn dev_council() -> Vec<AccountId> {
	[Sr25519Keyring::Alice, Sr25519Keyring::Bob, Sr25519Keyring::Charlie]
		.iter()
		.map(|k| k.to_account_id())
		.collect()
}

/// `development`: Alice is the only validator and the sudo key; Alice, Bob and Charlie are the
/// council.
pub fn development_config_genesis() -> Value {
	labelchain_genesis(
		vec![authority(Sr25519Keyring::Alice, Ed25519Keyring::Alice)],
		Some(Sr25519Keyring::Alice.to_account_id()),
		dev_accounts(),
		dev_council(),
	)
}

/// `local_testnet`: Alice, Bob, Charlie and Dave validate; no sudo key: the council (Alice, Bob,
/// Charlie) governs.
pub fn local_config_genesis() -> Value {
	labelchain_genesis(
		vec![
			authority(Sr25519Keyring::Alice, Ed25519Keyring::Alice),
			authority(Sr25519Keyring::Bob, Ed25519Keyring::Bob),
			authority(Sr25519Keyring::Charlie, Ed25519Keyring::Charlie),
			authority(Sr25519Keyring::Dave, Ed25519Keyring::Dave),
		],
		None,
		dev_accounts(),
		dev_council(),
	)
}

/// The JSON patch of the named preset, if it exists.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_ref() {
		sp_genesis_builder::DEV_RUNTIME_PRESET => development_config_genesis(),
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET => local_config_genesis(),
		_ => return None,
	};
	serde_json::to_vec(&patch).ok()
}

/// The whole genesis config of the named preset as JSON — the default config with the preset's
/// patch applied, as the node does — for tools and tests that build a preset's state natively.
#[cfg(feature = "std")]
pub fn preset_config(id: &PresetId) -> Option<Vec<u8>> {
	fn merge(base: &mut Value, patch: Value) {
		match (base, patch) {
			(Value::Object(base), Value::Object(patch)) => {
				for (key, value) in patch {
					merge(base.entry(key).or_insert(Value::Null), value);
				}
			}
			(base, patch) => *base = patch,
		}
	}
	let patch: Value = serde_json::from_slice(&get_preset(id)?).ok()?;
	let mut config = serde_json::to_value(RuntimeGenesisConfig::default()).ok()?;
	merge(&mut config, patch);
	serde_json::to_vec(&config).ok()
}

/// The names of the presets this runtime offers.
pub fn preset_names() -> Vec<PresetId> {
	vec![
		PresetId::from(sp_genesis_builder::DEV_RUNTIME_PRESET),
		PresetId::from(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET),
	]
}
