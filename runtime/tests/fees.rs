//! The fee cost model (`labelchain_runtime::fees`): a block's normal class costs 100 LC in
//! compute and in bytes, congestion raises the price, and what a transfer and a label cost.
//! `cargo test -p labelchain-runtime --test fees -- --nocapture` prints the measured fees.

mod common;

use codec::Encode;
use frame_support::{
	dispatch::{DispatchClass, GetDispatchInfo},
	traits::{tokens::ConversionToAssetBalance, Hooks},
	weights::{Weight, WeightToFee},
};
use labelchain_runtime::{
	fees::{ComputeToFee, LengthToFee, FULL_BLOCK_FEE, NORMAL_LENGTH, NORMAL_REF_TIME},
	token::LblFeeConversion,
	Balance, Runtime, RuntimeCall, TransactionPayment, TxExtension, UncheckedExtrinsic,
	LBL_ASSET_ID, UNIT,
};
use pallet_transaction_payment::Multiplier;
use sp_keyring::Sr25519Keyring;
use sp_runtime::{generic::Era, traits::One, FixedPointNumber, MultiAddress, MultiSignature};

/// `call` as Alice would sign it (paying in LBL when `lbl`), with its encoded length.
fn signed(call: RuntimeCall, lbl: bool) -> (UncheckedExtrinsic, u32) {
	let who = Sr25519Keyring::Alice;
	let extensions: TxExtension = (
		frame_system::CheckNonZeroSender::new(),
		frame_system::CheckSpecVersion::new(),
		frame_system::CheckTxVersion::new(),
		frame_system::CheckGenesis::new(),
		frame_system::CheckEra::from(Era::mortal(64, 1)),
		frame_system::CheckNonce::from(1_000),
		frame_system::CheckWeight::new(),
		pallet_asset_tx_payment::ChargeAssetTxPayment::from(0, lbl.then_some(LBL_ASSET_ID)),
		frame_metadata_hash_extension::CheckMetadataHash::new(false),
		pallet_labeling::CheckReveal::new(),
	);
	// The fee depends on the weight and the length, not on the signature's validity.
	let signature = MultiSignature::Sr25519(who.sign(b"labelchain fee test"));
	let xt = UncheckedExtrinsic::new_signed(
		call,
		MultiAddress::Id(who.to_account_id()),
		signature,
		extensions,
	);
	let len = xt.encoded_size() as u32;
	(xt, len)
}

/// What `call` costs as a signed transaction, in LC (before any tip), at the current
/// multiplier.
fn fee(call: RuntimeCall) -> Balance {
	let (xt, len) = signed(call, false);
	TransactionPayment::query_info(xt, len).partial_fee
}

fn lc(units: Balance) -> f64 {
	units as f64 / UNIT as f64
}

#[test]
fn a_blocks_normal_class_costs_the_full_block_fee_in_compute_and_in_bytes() {
	let weights = <Runtime as frame_system::Config>::BlockWeights::get();
	let normal = weights.get(DispatchClass::Normal).max_total.expect("limited");
	assert_eq!(normal.ref_time(), NORMAL_REF_TIME);
	let length = <Runtime as frame_system::Config>::BlockLength::get();
	assert_eq!(*length.max.get(DispatchClass::Normal) as u64, NORMAL_LENGTH);
	assert_eq!(ComputeToFee::weight_to_fee(&normal), FULL_BLOCK_FEE);
	assert_eq!(LengthToFee::weight_to_fee(&Weight::from_parts(NORMAL_LENGTH, 0)), FULL_BLOCK_FEE);
	assert_eq!(FULL_BLOCK_FEE, 100 * UNIT);
	// Nothing that uses the block is free.
	assert_eq!(ComputeToFee::weight_to_fee(&Weight::from_parts(1, 0)), 134);
	assert_eq!(LengthToFee::weight_to_fee(&Weight::from_parts(1, 0)), 25_431_316);
}

/// Attack: fill a block's normal class (and so a victim's window) cheaply. Before the cost
/// model, filling the normal length with remarks cost about 0.04 LC a block.
#[test]
fn filling_a_block_costs_at_least_the_full_block_fee() {
	common::with_preset(sp_genesis_builder::DEV_RUNTIME_PRESET, || {
		let weights = <Runtime as frame_system::Config>::BlockWeights::get();
		let normal = weights.get(DispatchClass::Normal).max_total.expect("limited");
		// By length: the largest remarks. By compute: transfers, a cheap call per byte.
		let remark = RuntimeCall::System(frame_system::Call::remark { remark: vec![0; 64 * 1024] });
		let transfer = RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
			dest: MultiAddress::Id(Sr25519Keyring::Bob.to_account_id()),
			value: UNIT,
		});
		for call in [remark, transfer] {
			let (xt, len) = signed(call, false);
			let weight = xt.get_dispatch_info().total_weight();
			let by_length = NORMAL_LENGTH / len as u64;
			let by_weight = normal.ref_time() / weight.ref_time().max(1);
			let fitting = by_length.min(by_weight) as u128;
			let cost = TransactionPayment::query_info(xt, len).partial_fee * (fitting + 1);
			println!(
				"filling a block with {} transactions of {len} bytes and {} ps costs {:.2} LC",
				fitting + 1,
				weight.ref_time(),
				lc(cost)
			);
			assert!(cost >= FULL_BLOCK_FEE, "a full block for {:.4} LC", lc(cost));
		}
	});
}

/// Full blocks raise fees by v × (1 − 25 %) = 0.075 % a block; empty blocks bring them back
/// down to the base price and no further.
#[test]
fn congestion_raises_fees_and_quiet_blocks_bring_them_back() {
	common::with_preset(sp_genesis_builder::DEV_RUNTIME_PRESET, || {
		let weights = <Runtime as frame_system::Config>::BlockWeights::get();
		let normal = weights.get(DispatchClass::Normal).max_total.expect("limited");
		let transfer = || {
			RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
				dest: MultiAddress::Id(Sr25519Keyring::Bob.to_account_id()),
				value: UNIT,
			})
		};
		let base = fee(transfer());
		let block = |full: bool| {
			frame_system::BlockWeight::<Runtime>::kill();
			if full {
				frame_system::Pallet::<Runtime>::register_extra_weight_unchecked(
					normal,
					DispatchClass::Normal,
				);
			}
			<TransactionPayment as Hooks<u32>>::on_finalize(1);
		};
		let multiplier = pallet_transaction_payment::NextFeeMultiplier::<Runtime>::get;
		assert_eq!(multiplier(), Multiplier::one());
		let mut blocks = 0;
		while multiplier() < Multiplier::saturating_from_integer(2) {
			block(true);
			blocks += 1;
		}
		println!("full blocks double fees in {blocks} blocks ({} min)", blocks * 3 / 60);
		assert!((900..=950).contains(&blocks), "fees doubled in {blocks} full blocks");
		// The multiplier scales the weight part of a fee (not the base fee or the length fee):
		// most of a transfer's.
		assert!(fee(transfer()) * 2 > base * 3, "{} vs {base}", fee(transfer()));
		// An hour of full blocks: fees more than double again.
		for _ in 0..1_200 {
			block(true);
		}
		assert!(multiplier() > Multiplier::saturating_from_integer(4));
		// Quiet blocks: back to the base price, never below.
		for _ in 0..20_000 {
			block(false);
		}
		assert_eq!(multiplier(), Multiplier::one());
		assert_eq!(fee(transfer()), base);
	});
}

/// What users pay at the base price: a transfer, and a label's three transactions (in LC and
/// in LBL), far below the reward a label earns.
#[test]
fn a_label_costs_a_fraction_of_its_reward() {
	common::with_preset(sp_genesis_builder::DEV_RUNTIME_PRESET, || {
		let transfer = fee(RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
			dest: MultiAddress::Id(Sr25519Keyring::Bob.to_account_id()),
			value: UNIT,
		}));
		let label = [
			RuntimeCall::Labeling(pallet_labeling::Call::request_seats { task: 0, count: 1 }),
			RuntimeCall::Labeling(pallet_labeling::Call::commit {
				task: 0,
				item: 0,
				commitment: Default::default(),
			}),
			RuntimeCall::Labeling(pallet_labeling::Call::reveal {
				task: 0,
				item: 0,
				label: pallet_labeling::Label::Class(1),
				salt: [0; 32],
			}),
		]
		.into_iter()
		.map(fee)
		.sum::<Balance>();
		let label_lbl = LblFeeConversion::to_asset_balance(label, LBL_ASSET_ID).expect("LBL");
		println!(
			"transfer {:.4} LC; label (request_seats + commit + reveal) {:.4} LC = {:.6} LBL",
			lc(transfer),
			lc(label),
			label_lbl as f64 / labelchain_runtime::LBL as f64
		);
		// A transfer costs more than the dust it could create.
		assert!(transfer > labelchain_runtime::EXISTENTIAL_DEPOSIT);
		// A label's fees (the reveal charged up front for the settlement it may trigger) are
		// under 0.2 % of a 1 LBL reward.
		assert!(label_lbl * 500 < labelchain_runtime::LBL);
	});
}
