//! From fuzz input to calls: every pallet's calls, with arguments drawn from the state (existing
//! tasks, items, seats, cases, proposals) often enough to go deep — a commitment that opens, a
//! gold answer that matches, a council motion that passes — and from raw bytes (SCALE-decoded)
//! often enough to hit every argument check.

use crate::input::Input;
use codec::Encode;
use frame_support::{weights::Weight, BoundedVec};
use labelchain_runtime::{
	AccountId, Balance, Runtime, RuntimeCall, SessionKeys, LBL, LBL_ASSET_ID, UNIT,
};
use pallet_labeling::{
	BoundingBox, ContentRef, ItemState, Label, LabelSchema, NewItem, TaskId, TaskSpec,
};
use sp_core::H256;
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};
use sp_runtime::{MultiAddress, Perbill};
use std::collections::BTreeMap;

/// The accounts that sign: the development keys (they hold LC and LBL at genesis; Alice is the
/// sudo key; Alice, Bob and Charlie the council).
pub const ACCOUNTS: [Sr25519Keyring; 6] = [
	Sr25519Keyring::Alice,
	Sr25519Keyring::Bob,
	Sr25519Keyring::Charlie,
	Sr25519Keyring::Dave,
	Sr25519Keyring::Eve,
	Sr25519Keyring::Ferdie,
];

/// The reviewers of the "veterans" programs (see [`veterans`]): accounts the programs' other
/// steps never pick as signers, so they are never a reviewed item's annotators or vendor and
/// a panel can be drawn from them.
pub const REVIEWERS: [Sr25519Keyring; 6] = [
	Sr25519Keyring::AliceStash,
	Sr25519Keyring::BobStash,
	Sr25519Keyring::CharlieStash,
	Sr25519Keyring::DaveStash,
	Sr25519Keyring::EveStash,
	Sr25519Keyring::FerdieStash,
];

/// Signer `i`: [`ACCOUNTS`] first, then [`REVIEWERS`].
pub fn signer(i: usize) -> Sr25519Keyring {
	let i = i % (ACCOUNTS.len() + REVIEWERS.len());
	if i < ACCOUNTS.len() {
		ACCOUNTS[i]
	} else {
		REVIEWERS[i - ACCOUNTS.len()]
	}
}

/// The ed25519 (GRANDPA) key of the same name.
pub fn grandpa_key(k: Sr25519Keyring) -> Ed25519Keyring {
	match k {
		Sr25519Keyring::Alice => Ed25519Keyring::Alice,
		Sr25519Keyring::Bob => Ed25519Keyring::Bob,
		Sr25519Keyring::Charlie => Ed25519Keyring::Charlie,
		Sr25519Keyring::Dave => Ed25519Keyring::Dave,
		Sr25519Keyring::Eve => Ed25519Keyring::Eve,
		_ => Ed25519Keyring::Ferdie,
	}
}

/// The account of signer `i` (see [`signer`]).
pub fn account(i: usize) -> AccountId {
	signer(i).to_account_id()
}

/// What the generator remembers between calls: the secrets behind commitments it made, so that
/// reveals can open them.
#[derive(Default)]
pub struct Memo {
	/// (annotator, task, item, round) → (label, salt).
	pub commits: BTreeMap<(usize, TaskId, u32, u32), (Label, [u8; 32])>,
	/// (task, item) → (answer, salt) of the vendor's answer commitment.
	pub gold: BTreeMap<(TaskId, u32), (Option<Label>, [u8; 32])>,
	/// (reviewer, case, round) → (vote, salt).
	pub votes: BTreeMap<(usize, u32, u32), (Label, [u8; 32])>,
}

/// One step of a fuzz program: who signs what (or root, through sudo).
pub struct Step {
	/// The signer (see [`signer`]).
	pub who: usize,
	/// The call.
	pub call: RuntimeCall,
	/// Pay the fee in LBL rather than LC.
	pub fee_in_lbl: bool,
}

fn amount(inp: &mut Input) -> Balance {
	match inp.below(8) {
		0 => 0,
		1 => inp.below(1_000) as Balance,
		2 => inp.range(1, 1_000) as Balance * UNIT,
		3 => inp.range(1, 100) as Balance * LBL,
		4 => Balance::MAX,
		5 => inp.u32() as Balance * inp.u32() as Balance,
		6 => UNIT / 100 * inp.below(300) as Balance,
		_ => inp.range(1, 20_000) as Balance * UNIT,
	}
}

fn lookup(inp: &mut Input) -> MultiAddress<AccountId, ()> {
	MultiAddress::Id(any_account(inp))
}

/// A signer's account, now and then one nobody holds the key of (a task's escrow, …).
fn any_account(inp: &mut Input) -> AccountId {
	if inp.one_in(12) {
		AccountId::from(inp.bytes32())
	} else {
		account(inp.below(ACCOUNTS.len() as u32) as usize)
	}
}

fn task_id(inp: &mut Input) -> TaskId {
	let next = pallet_labeling::NextTaskId::<Runtime>::get();
	let open: Vec<TaskId> = pallet_labeling::Tasks::<Runtime>::iter()
		.filter(|(_, t)| t.status == pallet_labeling::TaskStatus::Open)
		.map(|(id, _)| id)
		.collect();
	match inp.below(16) {
		0 => inp.u32(),
		1..=4 => inp.below(next.saturating_add(1)),
		_ if !open.is_empty() => open[inp.below(open.len() as u32) as usize],
		_ => inp.below(next.saturating_add(1)),
	}
}

fn item_id(inp: &mut Input, task: TaskId) -> u32 {
	let count = pallet_labeling::Tasks::<Runtime>::get(task).map_or(1, |t| t.item_count);
	if inp.one_in(16) {
		inp.u32()
	} else {
		inp.below(count.saturating_add(1))
	}
}

fn schema(inp: &mut Input) -> LabelSchema {
	match inp.below(5) {
		0 => LabelSchema::Categorical { classes: inp.range(2, 5) },
		1 => LabelSchema::MultiLabel { classes: inp.range(1, 6) },
		2 => LabelSchema::BoundingBoxes {
			classes: inp.range(1, 3),
			max_boxes: inp.range(1, 4),
			min_iou: Perbill::from_percent(inp.range(10, 90)),
		},
		3 => LabelSchema::FreeText,
		_ => inp.decode(12).unwrap_or(LabelSchema::Categorical { classes: 2 }),
	}
}

/// A label for `schema`: mostly one of a few valid ones (so that annotators agree), sometimes
/// out of the schema.
pub fn label(inp: &mut Input, schema: &LabelSchema) -> Label {
	if inp.one_in(20) {
		return inp.decode(40).unwrap_or(Label::Class(u32::MAX));
	}
	match *schema {
		LabelSchema::Categorical { classes } => Label::Class(inp.below(classes.saturating_add(1))),
		LabelSchema::MultiLabel { classes } => {
			Label::Classes(inp.below(1u32 << classes.min(8)) as u64)
		}
		LabelSchema::BoundingBoxes { classes, max_boxes, .. } => {
			let n = inp.below(max_boxes.saturating_add(2));
			let boxes: Vec<BoundingBox> = (0..n)
				.map(|_| BoundingBox {
					class: inp.below(classes.saturating_add(1)),
					x: inp.below(3) * 10,
					y: inp.below(3) * 10,
					width: inp.below(3) * 10,
					height: 10 + inp.below(2) * 10,
				})
				.collect();
			Label::Boxes(BoundedVec::truncate_from(boxes))
		}
		LabelSchema::FreeText => Label::Text(H256::repeat_byte(inp.below(3) as u8)),
	}
}

pub(crate) fn salt(inp: &mut Input) -> [u8; 32] {
	[inp.below(4) as u8; 32]
}

fn content(inp: &mut Input, n: u32) -> ContentRef {
	ContentRef {
		uri: BoundedVec::truncate_from(format!("ipfs://fuzz/{n}").into_bytes()),
		digest: if inp.one_in(10) { H256::zero() } else { H256::repeat_byte(inp.byte()) },
	}
}

fn items(
	inp: &mut Input,
	memo: &mut Memo,
	vendor: &AccountId,
	task: TaskId,
	first: u32,
	gold: bool,
) -> Vec<NewItem> {
	let n = if inp.one_in(30) { 101 } else { inp.range(1, 6) };
	let schema = schema_of(task);
	(0..n)
		.map(|i| {
			let content = content(inp, first + i);
			let answer_commitment = (gold || inp.one_in(20)).then(|| {
				let answer = inp.bool().then(|| label(inp, &schema));
				let s = salt(inp);
				memo.gold.insert((task, first + i), (answer.clone(), s));
				pallet_labeling::task::gold_commitment(vendor, &content.digest, &answer, &s)
			});
			NewItem { content, answer_commitment }
		})
		.collect()
}

fn spec(inp: &mut Input) -> pallet_labeling::TaskSpecOf<Runtime> {
	let p = pallet_labeling::Parameters::<Runtime>::get();
	let redundancy = inp.range(p.min_redundancy.max(1), p.min_redundancy.max(1) + 2);
	// Mostly a task the chain accepts (and annotators can be seated on); now and then any.
	let sane = !inp.one_in(5);
	let window = |inp: &mut Input, min: u32| {
		if sane {
			inp.range(min, min + 5)
		} else {
			inp.range(min.saturating_sub(1), min + 50)
		}
	};
	let reward_per_label =
		if sane { inp.range(1, 100) as Balance * LBL / 10 } else { amount(inp).min(1_000 * LBL) };
	let gold_bonus =
		if sane { inp.below(10) as Balance * LBL / 10 } else { amount(inp).min(100 * LBL) };
	let with_gold = inp.bool();
	// At least the chain's least collateral, and its share of a label's pay.
	let unit = reward_per_label.saturating_add(if with_gold { gold_bonus } else { 0 });
	let collateral = if sane {
		p.min_collateral.max(unit.saturating_mul(p.collateral_percent.into()) / 100 + 1)
	} else {
		amount(inp)
	};
	TaskSpec {
		instructions: ContentRef {
			uri: BoundedVec::truncate_from(b"ipfs://instructions".to_vec()),
			digest: H256::repeat_byte(1),
		},
		schema: schema(inp),
		redundancy,
		max_seats: redundancy + inp.below(3),
		confidence: Perbill::from_percent(if sane { inp.range(50, 99) } else { inp.below(101) }),
		commit_window: window(inp, p.min_commit_window),
		reveal_window: window(inp, p.min_reveal_window),
		reward_asset: if sane { LBL_ASSET_ID } else { inp.below(4) },
		reward_per_label,
		gold_bonus,
		collateral,
		with_gold,
		min_stake: if sane { p.min_stake } else { amount(inp) },
		min_reputation: if sane { 0 } else { inp.u32() },
	}
}

/// The round an item is in, if it has one.
fn round_of(task: TaskId, item: u32) -> u32 {
	match pallet_labeling::Items::<Runtime>::get(task, item).map(|i| i.state) {
		Some(
			ItemState::Pending { round }
			| ItemState::Labeling { round, .. }
			| ItemState::AwaitingGold { round, .. }
			| ItemState::Disputed { round, .. },
		) => round,
		_ => 0,
	}
}

pub(crate) fn schema_of(task: TaskId) -> LabelSchema {
	pallet_labeling::Tasks::<Runtime>::get(task)
		.map(|t| t.spec.schema)
		.unwrap_or(LabelSchema::Categorical { classes: 2 })
}

/// A seat of annotator `who`, if they hold any.
fn seat(inp: &mut Input, who: usize) -> Option<(TaskId, u32)> {
	let seats = pallet_labeling::Pallet::<Runtime>::api_annotator(&account(who)).seats;
	if seats.is_empty() {
		return None;
	}
	Some(seats[inp.below(seats.len() as u32) as usize])
}

/// Mostly, switches the signer to one who holds seats (commits and reveals need one).
fn seated_signer(inp: &mut Input, who: &mut usize) {
	if inp.one_in(5) {
		return;
	}
	let seated: Vec<usize> = (0..ACCOUNTS.len())
		.filter(|i| {
			!pallet_labeling::Pallet::<Runtime>::api_annotator(&account(*i)).seats.is_empty()
		})
		.collect();
	if !seated.is_empty() {
		*who = seated[inp.below(seated.len() as u32) as usize];
	}
}

/// Whether the reviewer pool is empty (every program but the "veterans" ones): steps then read
/// the program's bytes as they did before reviewers existed, so older corpus inputs still run
/// the same calls.
fn panel_less() -> bool {
	pallet_disputes::Reviewers::<Runtime>::get().is_empty()
}

/// A task for a vendor's call; in a "veterans" program, mostly signed by its vendor (an
/// appeal, then the vendor's own moves on the task, is where reviews meet the task's life).
fn vendors_task(inp: &mut Input, who: &mut usize) -> TaskId {
	let task = task_id(inp);
	if !panel_less() {
		let vendor = pallet_labeling::Tasks::<Runtime>::get(task).and_then(|t| index_of(&t.vendor));
		if let Some(v) = vendor {
			if !inp.one_in(8) {
				*who = v;
			}
		}
	}
	task
}

/// The signer index of `who`, if it is one of ours.
pub(crate) fn index_of(who: &AccountId) -> Option<usize> {
	(0..ACCOUNTS.len() + REVIEWERS.len()).find(|i| account(*i) == *who)
}

fn labeling(inp: &mut Input, memo: &mut Memo, who: &mut usize) -> RuntimeCall {
	use pallet_labeling::Call as L;
	let me = account(*who);
	let call: L<Runtime> = match inp.below(24) {
		0 | 1 => {
			let task = pallet_labeling::NextTaskId::<Runtime>::get();
			let spec = spec(inp);
			let with_gold = spec.with_gold;
			let schema = spec.schema;
			// The items' answers are drawn against the spec's schema.
			let n = inp.range(1, 6);
			let items: Vec<NewItem> = (0..n)
				.map(|i| {
					let content = content(inp, i);
					let answer_commitment = with_gold.then(|| {
						let answer = inp.bool().then(|| label(inp, &schema));
						let s = salt(inp);
						memo.gold.insert((task, i), (answer.clone(), s));
						pallet_labeling::task::gold_commitment(&me, &content.digest, &answer, &s)
					});
					NewItem { content, answer_commitment }
				})
				.collect();
			L::create_task { spec, items: BoundedVec::truncate_from(items) }
		}
		2 => {
			let task = task_id(inp);
			if let Some(v) =
				pallet_labeling::Tasks::<Runtime>::get(task).and_then(|t| index_of(&t.vendor))
			{
				if !inp.one_in(8) {
					*who = v;
				}
			}
			let first = pallet_labeling::Tasks::<Runtime>::get(task).map_or(0, |t| t.item_count);
			let gold =
				pallet_labeling::Tasks::<Runtime>::get(task).is_some_and(|t| t.spec.with_gold);
			let list = items(inp, memo, &account(*who), task, first, gold);
			// More than a batch may hold: the bound refuses it at decoding, as a node would.
			L::add_items { task, items: BoundedVec::truncate_from(list) }
		}
		3 => {
			let task = vendors_task(inp, who);
			L::top_up { task, extra_reward_per_label: amount(inp), extra_gold_bonus: amount(inp) }
		}
		4 => L::cancel_task { task: vendors_task(inp, who) },
		5 => L::close_task { task: vendors_task(inp, who) },
		6 => L::purge_task { task: vendors_task(inp, who), limit: inp.below(102) },
		7 => {
			let task = task_id(inp);
			let item = item_id(inp, task);
			if let Some(v) =
				pallet_labeling::Tasks::<Runtime>::get(task).and_then(|t| index_of(&t.vendor))
			{
				if !inp.one_in(8) {
					*who = v;
				}
			}
			let (answer, salt) = match memo.gold.get(&(task, item)) {
				Some(known) if !inp.one_in(8) => known.clone(),
				_ => (inp.bool().then(|| label(inp, &schema_of(task))), salt(inp)),
			};
			L::reveal_gold { task, item, answer, salt }
		}
		8 => {
			// Mostly enough to request seats (the chain's least stake, a few times over).
			let min = pallet_labeling::Parameters::<Runtime>::get().min_stake;
			let amount = if inp.one_in(4) {
				amount(inp)
			} else {
				min.saturating_mul(inp.range(1, 4).into())
			};
			L::bond { amount }
		}
		9 => L::unbond { amount: amount(inp) },
		10 => L::withdraw_unbonded {},
		11 | 12 => {
			let count = if inp.one_in(8) { inp.below(66) } else { inp.range(1, 4) };
			L::request_seats { task: task_id(inp), count }
		}
		13..=16 => {
			seated_signer(inp, who);
			let me = account(*who);
			let picked = seat(inp, *who);
			let (task, item) = picked.unwrap_or_else(|| (task_id(inp), 0));
			let round = round_of(task, item);
			let l = label(inp, &schema_of(task));
			let s = salt(inp);
			memo.commits.insert((*who, task, item, round), (l.clone(), s));
			let commitment = if inp.one_in(15) {
				H256(inp.bytes32())
			} else {
				pallet_labeling::annotation::commitment_of(task, item, round, &me, &l, &s)
			};
			L::commit { task, item, commitment }
		}
		17..=20 => {
			seated_signer(inp, who);
			// Mostly a seat we committed on.
			let committed: Vec<(TaskId, u32)> =
				pallet_labeling::Pallet::<Runtime>::api_annotator(&account(*who))
					.seats
					.into_iter()
					.filter(|(t, i)| memo.commits.contains_key(&(*who, *t, *i, round_of(*t, *i))))
					.collect();
			let (task, item) = if !committed.is_empty() && !inp.one_in(5) {
				committed[inp.below(committed.len() as u32) as usize]
			} else {
				seat(inp, *who).unwrap_or_else(|| (task_id(inp), 0))
			};
			let round = round_of(task, item);
			let (label, salt) = match memo.commits.get(&(*who, task, item, round)) {
				Some(known) if !inp.one_in(10) => known.clone(),
				_ => (label(inp, &schema_of(task)), salt(inp)),
			};
			L::reveal { task, item, label, salt }
		}
		21 => {
			// Denounce someone whose commitment we know (a leak), or guess.
			let target = inp.below(ACCOUNTS.len() as u32) as usize;
			let (task, item) = seat(inp, target).unwrap_or_else(|| (task_id(inp), 0));
			let round = round_of(task, item);
			let (label, salt) = memo
				.commits
				.get(&(target, task, item, round))
				.cloned()
				.unwrap_or_else(|| (label(inp, &schema_of(task)), salt(inp)));
			L::denounce { task, item, annotator: account(target), label, salt }
		}
		22 => {
			let task = task_id(inp);
			match inp.below(3) {
				0 => L::settle { task, item: item_id(inp, task) },
				1 => L::claim_payout { task },
				_ => L::forget_record {},
			}
		}
		_ => inp.decode(300).unwrap_or(L::withdraw_unbonded {}),
	};
	RuntimeCall::Labeling(call)
}

fn disputes(inp: &mut Input, memo: &mut Memo, who: &mut usize) -> RuntimeCall {
	use pallet_disputes::Call as D;
	let next = pallet_disputes::NextCaseId::<Runtime>::get();
	let case = if inp.one_in(10) { inp.u32() } else { inp.below(next.saturating_add(1)) };
	let round = pallet_disputes::Cases::<Runtime>::get(case).map_or(0, |c| c.round);
	// Mostly, one of the case's panel signs (votes need a seat); only when it has one, so that
	// programs without reviewers read their bytes as before.
	let panel: Vec<usize> = pallet_disputes::Panels::<Runtime>::get(case)
		.iter()
		.filter_map(|seat| index_of(&seat.reviewer))
		.collect();
	if !panel.is_empty() && !inp.one_in(5) {
		*who = panel[inp.below(panel.len() as u32) as usize];
	}
	let schema = pallet_disputes::Cases::<Runtime>::get(case)
		.map(|c| schema_of(c.task))
		.unwrap_or(LabelSchema::Categorical { classes: 2 });
	let call: D<Runtime> = match inp.below(9) {
		0 => D::join_reviewers {},
		1 => D::leave_reviewers {},
		2 => {
			// Mostly the vendor, who alone may appeal (when a panel could hear it).
			let task = vendors_task(inp, who);
			D::appeal { task, item: item_id(inp, task) }
		}
		3 | 4 => {
			let vote = label(inp, &schema);
			let s = salt(inp);
			memo.votes.insert((*who, case, round), (vote.clone(), s));
			D::commit_vote {
				case,
				commitment: pallet_disputes::vote_commitment(case, round, &account(*who), &vote, &s),
			}
		}
		5 | 6 => {
			let (vote, salt) = match memo.votes.get(&(*who, case, round)) {
				Some(known) if !inp.one_in(10) => known.clone(),
				_ => (label(inp, &schema), salt(inp)),
			};
			D::reveal_vote { case, vote, salt }
		}
		7 => D::advance { case },
		_ => D::evict_reviewer { who: any_account(inp) },
	};
	RuntimeCall::Disputes(call)
}

fn tokens(inp: &mut Input) -> RuntimeCall {
	use pallet_balances::Call as B;
	let asset = if inp.one_in(6) { inp.below(4) } else { LBL_ASSET_ID };
	match inp.below(12) {
		0 => {
			RuntimeCall::Balances(B::transfer_keep_alive { dest: lookup(inp), value: amount(inp) })
		}
		1 => {
			RuntimeCall::Balances(B::transfer_allow_death { dest: lookup(inp), value: amount(inp) })
		}
		2 => RuntimeCall::Balances(B::transfer_all { dest: lookup(inp), keep_alive: inp.bool() }),
		3 => RuntimeCall::Assets(pallet_assets::Call::transfer {
			id: asset.into(),
			target: lookup(inp),
			amount: amount(inp),
		}),
		4 => RuntimeCall::Erc20(pallet_erc20::Call::transfer {
			asset,
			to: lookup(inp),
			value: amount(inp),
		}),
		5 => RuntimeCall::Erc20(pallet_erc20::Call::approve {
			asset,
			spender: lookup(inp),
			value: amount(inp),
		}),
		6 => RuntimeCall::Erc20(pallet_erc20::Call::transfer_from {
			asset,
			from: lookup(inp),
			to: lookup(inp),
			value: amount(inp),
		}),
		7 => RuntimeCall::Erc20(pallet_erc20::Call::increase_allowance {
			asset,
			spender: lookup(inp),
			added: amount(inp),
		}),
		8 => RuntimeCall::Erc20(pallet_erc20::Call::decrease_allowance {
			asset,
			spender: lookup(inp),
			subtracted: amount(inp),
		}),
		9 => RuntimeCall::Assets(
			inp.decode(80).unwrap_or(pallet_assets::Call::touch { id: asset.into() }),
		),
		10 => RuntimeCall::Erc20(inp.decode(120).unwrap_or(
			pallet_erc20::Call::remove_stale_allowance {
				asset,
				owner: lookup(inp),
				spender: lookup(inp),
			},
		)),
		_ => RuntimeCall::Balances(
			inp.decode(80).unwrap_or(B::transfer_all { dest: lookup(inp), keep_alive: true }),
		),
	}
}

/// Calls the chain's governance (root or a council motion) makes.
fn governance(inp: &mut Input) -> RuntimeCall {
	match inp.below(9) {
		0 => RuntimeCall::Labeling(pallet_labeling::Call::update_params {
			update: inp.decode(160).unwrap_or_default(),
		}),
		1 => RuntimeCall::Labeling(pallet_labeling::Call::spend_slashed {
			to: any_account(inp),
			amount: amount(inp),
		}),
		2 => RuntimeCall::Disputes(pallet_disputes::Call::update_params {
			update: inp.decode(120).unwrap_or_default(),
		}),
		3 => RuntimeCall::ValidatorSet(pallet_validator_set::Call::add_validator {
			who: account(inp.below(ACCOUNTS.len() as u32) as usize),
		}),
		4 => RuntimeCall::ValidatorSet(pallet_validator_set::Call::remove_validator {
			who: account(inp.below(ACCOUNTS.len() as u32) as usize),
		}),
		5 => RuntimeCall::ValidatorSet(
			inp.decode(12)
				.unwrap_or(pallet_validator_set::Call::remove_validator { who: account(5) }),
		),
		6 => RuntimeCall::EthBridge(
			inp.decode(200).unwrap_or(pallet_eth_bridge::Call::set_paused { paused: inp.bool() }),
		),
		7 => RuntimeCall::Assets(
			inp.decode(80).unwrap_or(pallet_assets::Call::touch { id: LBL_ASSET_ID.into() }),
		),
		_ => RuntimeCall::Balances(pallet_balances::Call::force_transfer {
			source: lookup(inp),
			dest: lookup(inp),
			value: amount(inp),
		}),
	}
}

fn council(inp: &mut Input, who: &mut usize) -> RuntimeCall {
	use pallet_collective::Call as C;
	type Council = pallet_collective::Instance1;
	// Members mostly (Alice, Bob, Charlie).
	if !inp.one_in(6) {
		*who = inp.below(3) as usize;
	}
	let proposals = pallet_collective::Proposals::<Runtime, Council>::get();
	let pick =
		(!proposals.is_empty()).then(|| proposals[inp.below(proposals.len() as u32) as usize]);
	// `Votes` keeps its fields private; its encoding starts with the proposal's index.
	let index_of = |h: H256| {
		pallet_collective::Voting::<Runtime, Council>::get(h)
			.and_then(|v| <u32 as codec::Decode>::decode(&mut &v.encode()[..]).ok())
			.unwrap_or(0)
	};
	let call: C<Runtime, Council> = match (inp.below(4), pick) {
		(1, Some(hash)) => {
			C::vote { proposal: hash, index: index_of(hash), approve: !inp.one_in(4) }
		}
		(2, Some(hash)) => C::close {
			proposal_hash: hash,
			index: index_of(hash),
			proposal_weight_bound: Weight::from_parts(10_000_000_000, 1_000_000),
			length_bound: 10_000,
		},
		_ => {
			let proposal = governance(inp);
			let length_bound = proposal.encoded_size() as u32 + inp.below(3);
			C::propose { threshold: inp.range(1, 3), proposal: Box::new(proposal), length_bound }
		}
	};
	RuntimeCall::Council(call)
}

/// The state every program starts from, so that programs reach deep states and not only
/// argument checks: Eve (4) has opened a task of `schema` with five items, three annotators per
/// item and the shortest windows; Bob, Charlie and Dave (1–3) have bonded. `with_gold`: every
/// item carries an answer commitment (item 0 a real answer, the others decoys), kept in `memo`.
pub fn prelude(schema: LabelSchema, with_gold: bool, memo: &mut Memo) -> Vec<Step> {
	let p = pallet_labeling::Parameters::<Runtime>::get();
	let vendor = account(4);
	let answer = match schema {
		LabelSchema::Categorical { .. } => Label::Class(1),
		LabelSchema::MultiLabel { .. } => Label::Classes(0b1),
		LabelSchema::BoundingBoxes { .. } => {
			Label::Boxes(BoundedVec::truncate_from(vec![BoundingBox {
				class: 0,
				x: 10,
				y: 10,
				width: 10,
				height: 10,
			}]))
		}
		LabelSchema::FreeText => Label::Text(H256::repeat_byte(1)),
	};
	let items: Vec<NewItem> = (0..5u32)
		.map(|i| {
			let content = ContentRef {
				uri: BoundedVec::truncate_from(format!("ipfs://prelude/{i}").into_bytes()),
				digest: H256::repeat_byte(0x40 + i as u8),
			};
			let answer_commitment = with_gold.then(|| {
				let answer = (i == 0).then(|| answer.clone());
				let salt = [9u8; 32];
				memo.gold.insert((0, i), (answer.clone(), salt));
				pallet_labeling::task::gold_commitment(&vendor, &content.digest, &answer, &salt)
			});
			NewItem { content, answer_commitment }
		})
		.collect();
	let reward_per_label = LBL;
	let gold_bonus = if with_gold { LBL / 2 } else { 0 };
	let spec = TaskSpec {
		instructions: ContentRef {
			uri: BoundedVec::truncate_from(b"ipfs://instructions".to_vec()),
			digest: H256::repeat_byte(1),
		},
		schema,
		redundancy: 3,
		max_seats: 5,
		confidence: Perbill::from_percent(80),
		commit_window: p.min_commit_window,
		reveal_window: p.min_reveal_window,
		reward_asset: LBL_ASSET_ID,
		reward_per_label,
		gold_bonus,
		collateral: p.min_collateral.max(
			(reward_per_label + gold_bonus).saturating_mul(p.collateral_percent.into()) / 100 + 1,
		),
		with_gold,
		min_stake: p.min_stake,
		min_reputation: 0,
	};
	let mut steps = vec![Step {
		who: 4,
		call: RuntimeCall::Labeling(pallet_labeling::Call::create_task {
			spec,
			items: BoundedVec::truncate_from(items),
		}),
		fee_in_lbl: false,
	}];
	for who in 1..=3 {
		steps.push(Step {
			who,
			call: RuntimeCall::Labeling(pallet_labeling::Call::bond {
				amount: p.min_stake.saturating_mul(3),
			}),
			fee_in_lbl: false,
		});
	}
	steps
}

/// The start of a "veterans" program: governance (root) opens the reviewer pool to every
/// account with the stake (no track record needed) and shortens the review windows to the
/// labeling windows' length, and the six [`REVIEWERS`] bond and join. Without it, no account
/// of a 400-step program earns the ten agreements and the gold record a reviewer needs, no
/// panel is ever drawn and no case gets past its draw.
pub fn veterans() -> Vec<Step> {
	let p = pallet_labeling::Parameters::<Runtime>::get();
	let d = pallet_disputes::Parameters::<Runtime>::get();
	let update = pallet_disputes::DisputeParamsUpdate {
		min_reviewer_weight: Some(0),
		min_reviewer_agreements: Some(0),
		commit_window: Some(p.min_commit_window),
		reveal_window: Some(p.min_reveal_window),
		..Default::default()
	};
	let mut steps = vec![Step {
		who: 0,
		call: RuntimeCall::Sudo(pallet_sudo::Call::sudo {
			call: Box::new(RuntimeCall::Disputes(pallet_disputes::Call::update_params { update })),
		}),
		fee_in_lbl: false,
	}];
	for who in ACCOUNTS.len()..ACCOUNTS.len() + REVIEWERS.len() {
		steps.push(Step {
			who,
			call: RuntimeCall::Labeling(pallet_labeling::Call::bond {
				amount: d.reviewer_stake.max(p.min_stake).saturating_mul(3),
			}),
			fee_in_lbl: false,
		});
		steps.push(Step {
			who,
			call: RuntimeCall::Disputes(pallet_disputes::Call::join_reviewers {}),
			fee_in_lbl: false,
		});
	}
	steps
}

/// The next step of the program.
pub fn step(inp: &mut Input, memo: &mut Memo) -> Step {
	let mut who = inp.below(ACCOUNTS.len() as u32) as usize;
	let call = match inp.below(24) {
		0..=10 => labeling(inp, memo, &mut who),
		11..=13 => disputes(inp, memo, &mut who),
		14..=16 => tokens(inp),
		17 | 18 => council(inp, &mut who),
		19 => {
			// Root, through the sudo key (Alice on the development chain).
			if !inp.one_in(6) {
				who = 0;
			}
			RuntimeCall::Sudo(pallet_sudo::Call::sudo { call: Box::new(governance(inp)) })
		}
		20 => {
			let k = ACCOUNTS[who];
			let keys =
				SessionKeys { aura: k.public().into(), grandpa: grandpa_key(k).public().into() };
			RuntimeCall::Session(pallet_session::Call::set_keys { keys, proof: vec![] })
		}
		21 => RuntimeCall::EthBridge(
			inp.decode(250).unwrap_or(pallet_eth_bridge::Call::set_paused { paused: false }),
		),
		22 => RuntimeCall::System(frame_system::Call::remark {
			remark: vec![0; inp.below(64) as usize],
		}),
		_ => {
			// Any call at all, decoded from the bytes (most fail their origin or arguments). Not
			// the System, Session and Sudo pallets: raw storage writes, foreign session keys
			// (whose blocks nobody could sign here) and a lost sudo key are not the runtime's
			// faults.
			match inp.decode::<RuntimeCall>(300) {
				Some(RuntimeCall::System(_) | RuntimeCall::Session(_) | RuntimeCall::Sudo(_))
				| None => RuntimeCall::System(frame_system::Call::remark { remark: vec![] }),
				Some(call) => call,
			}
		}
	};
	Step { who, call, fee_in_lbl: inp.one_in(4) }
}
