//! A scenario: a population of annotator strategies and vendors working through many tasks on
//! the real runtime, block by block, and what came of it.
//!
//! Each block: the runtime's `on_initialize` seats the previous block's requests and advances
//! review cases; vendors post tasks and reveal answer commitments once an item's labels are in;
//! every annotator keeps `seats` seats busy — asking for more in a task it picks, committing a
//! label on each new seat (chosen by its strategy, with a fresh salt) and revealing once reveals
//! open; reviewers drawn onto panels vote (the truth with probability 0.95); and a keeper
//! settles items whose windows passed. Everything runs through signed `RuntimeCall`s.
//!
//! A warm-up of honest work comes first (a chain already in use: honest annotators have a gold
//! record), then the other groups join; only the items posted after the warm-up are measured.

use crate::{
	aggregate::{self, Votes},
	model::{Rng, SchemaKind, Strategy, Truth},
	world::{self, Labeling},
};
use labelchain_runtime::{AccountId, Balance, RuntimeCall, RuntimeEvent, LBL, LBL_ASSET_ID};
use pallet_labeling::{
	annotation::commitment_of, task::gold_commitment, ContentRef, DisputeKind, ItemId, ItemState,
	Label, NewItem, RoundIndex, TaskId, TaskSpec, Verdict,
};
use serde::Serialize;
use sp_core::H256;
use sp_runtime::Perbill;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Capital cost of stake: 10 % a year, at 200 labels a day per annotator.
pub const CAPITAL_RATE: f64 = 0.10;
pub const LABELS_PER_DAY: f64 = 200.0;

/// A group of annotators following one strategy.
#[derive(Clone, Debug, Serialize)]
pub struct Group {
	pub strategy: Strategy,
	pub count: u32,
	/// LBL each bonds.
	pub stake: u128,
	/// Honest accounts that label only during the warm-up and then only review.
	pub reviewers_only: bool,
}

impl Group {
	pub fn new(strategy: Strategy, count: u32) -> Self {
		Group { strategy, count, stake: 1_000, reviewers_only: false }
	}
}

/// What a scenario sets up.
#[derive(Clone, Debug, Serialize)]
pub struct Scenario {
	pub name: String,
	/// The question it answers.
	pub question: String,
	/// Task schemas, posted in turn.
	pub kinds: Vec<SchemaKind>,
	/// Reward per label in LBL (the gold bonus is the same; the collateral twice their sum).
	pub reward: u128,
	pub redundancy: u32,
	pub max_seats: u32,
	pub confidence_percent: u32,
	/// Share of items that are gold.
	pub gold_share: f64,
	/// Items measured, after `warmup` items labeled by the honest groups alone.
	pub items: u32,
	pub warmup: u32,
	pub groups: Vec<Group>,
	/// Honest vendors, posting tasks in turn (a market, not a single customer: the gold
	/// outcomes one vendor's items can move a vote weight by are capped).
	pub honest_vendors: u32,
	/// One more vendor takes its turn posting tasks and commits this share of its gold
	/// answers wrongly.
	pub false_gold: f64,
	/// One more vendor takes its turn posting tasks; its sybils label only those.
	pub sybil_vendor: bool,
	/// Seats each annotator keeps busy.
	pub seats: u32,
	pub seed: u64,
}

impl Scenario {
	pub fn new(name: &str, question: &str, groups: Vec<Group>) -> Self {
		Scenario {
			name: name.into(),
			question: question.into(),
			kinds: vec![SchemaKind::Categorical { priors: vec![0.6, 0.4] }],
			reward: 1,
			redundancy: 3,
			max_seats: 5,
			confidence_percent: 95,
			gold_share: 0.1,
			items: 1_200,
			warmup: 600,
			groups,
			honest_vendors: 3,
			false_gold: 0.0,
			sybil_vendor: false,
			seats: 4,
			seed: 1,
		}
	}
}

#[derive(Clone, Debug, Default, Serialize)]
struct Stats {
	labels: u64,
	paid: u128,
	slashed: u128,
	fees: u128,
	review_income: u128,
	gold_fails: u64,
	/// Gold items judged (passed or failed).
	gold_labels: u64,
	no_reveals: u64,
	suspended_at: Option<u64>,
	/// Account switches (rotators).
	rotations: u32,
}

struct Agent {
	who: AccountId,
	group: usize,
	strategy: Strategy,
	stats: Stats,
	/// Labels since its current account started (rotators).
	labels_here: u32,
	/// Label and salt committed per (task, item, round).
	memory: HashMap<(TaskId, ItemId, RoundIndex), (Label, [u8; 32])>,
	/// Retired: stopped asking for seats, leaves when its last seat is judged.
	retiring: bool,
	gone: bool,
	/// Index in the Dawid–Skene annotator table (every account gets one).
	ds: usize,
}

#[derive(Clone)]
struct ItemRec {
	kind: usize,
	truth: Truth,
	/// The answer the vendor committed to (gold items), or `None` (a decoy).
	answer: Option<Label>,
	measured: bool,
	vendor: usize,
	votes: Votes,
	settled: Option<Label>,
	disputed: Option<DisputeKind>,
	failed: bool,
	escalated: bool,
	voids: u32,
}

struct Vendor {
	who: AccountId,
	false_gold: f64,
	start: Balance,
	tasks: Vec<TaskId>,
}

/// What one strategy group got.
#[derive(Clone, Debug, Serialize)]
pub struct GroupResult {
	pub strategy: String,
	pub accounts: u32,
	pub labels: u64,
	/// Net profit per label, in units of the reward per label.
	pub profit_per_label: f64,
	/// Its parts, per label, in units of the reward.
	pub paid_per_label: f64,
	pub slashed_per_label: f64,
	pub fees_per_label: f64,
	pub capital_per_label: f64,
	/// Review fees earned per label (not in the profit).
	pub review_income_per_label: f64,
	/// Share of the group's accounts suspended, and the median labels at suspension.
	pub suspended_share: f64,
	pub median_labels_to_suspension: Option<u64>,
	pub gold_fail_rate: f64,
	/// Highest and mean vote weight of the group's accounts at the end (millionths).
	pub max_weight: u32,
	pub mean_weight: f64,
}

/// What a scenario measured.
#[derive(Clone, Debug, Serialize)]
pub struct ScenarioResult {
	pub name: String,
	pub question: String,
	pub setup: String,
	pub blocks: u32,
	pub items: u64,
	pub accepted: u64,
	/// Accepted labels that agree with the ground truth, of accepted.
	pub accuracy: f64,
	/// Majority vote and Dawid–Skene on the same revealed votes, same items.
	pub majority_accuracy: f64,
	pub dawid_skene_accuracy: f64,
	pub escalated_share: f64,
	pub disputed_share: f64,
	pub contested_gold: u64,
	pub overturned_gold: u64,
	pub void_rounds: u64,
	pub failed_share: f64,
	pub mean_votes_per_item: f64,
	/// Accepted labels equal to the colluding bloc's label where the truth differs.
	pub bloc_flips: u64,
	pub groups: Vec<GroupResult>,
	/// Vendors' cost per accepted item, in units of the reward (honest, false-gold, sybil).
	pub vendor_cost_per_item: Vec<(String, f64)>,
	/// Sybils' gold record and weight against what the same passes spread over vendors give.
	pub sybil_record: Option<SybilRecord>,
}

#[derive(Clone, Debug, Serialize)]
pub struct SybilRecord {
	pub gold_passes: u32,
	pub credited_passes: u32,
	pub gold_fails: u32,
	pub weight: u32,
	/// The weight of an honest annotator with the same gold passes and fails from many vendors.
	pub weight_same_record_many_vendors: u32,
	/// The highest weight an honest annotator of this run reached.
	pub honest_max_weight: u32,
}

const TASK_ITEMS: u32 = 64;
const GOLD_SALT: [u8; 32] = [0x5a; 32];

struct Sim<'a> {
	sc: &'a Scenario,
	rng: Rng,
	agents: Vec<Agent>,
	by_account: HashMap<AccountId, usize>,
	vendors: Vec<Vendor>,
	items: BTreeMap<(TaskId, ItemId), ItemRec>,
	open_tasks: Vec<TaskId>,
	task_vendor: HashMap<TaskId, usize>,
	in_flight: BTreeSet<(TaskId, ItemId)>,
	awaiting: Vec<(TaskId, ItemId)>,
	/// Review duties: case → (task, item, reviewers, commit_end, reveal_end).
	cases: BTreeMap<u32, (TaskId, ItemId, Vec<AccountId>, u32, u32)>,
	votes_cast: HashMap<(u32, AccountId), (Label, [u8; 32], bool)>,
	ring_answers: HashMap<(TaskId, ItemId, RoundIndex), Label>,
	created: u32,
	measuring: bool,
	next_account: u32,
	ds_count: usize,
	contested: u64,
	overturned: u64,
}

fn lbl_units(n: u128) -> Balance {
	n.saturating_mul(LBL)
}

impl<'a> Sim<'a> {
	fn new(sc: &'a Scenario) -> Self {
		Sim {
			sc,
			rng: Rng::new(sc.seed),
			agents: Vec::new(),
			by_account: HashMap::new(),
			vendors: Vec::new(),
			items: BTreeMap::new(),
			open_tasks: Vec::new(),
			task_vendor: HashMap::new(),
			in_flight: BTreeSet::new(),
			awaiting: Vec::new(),
			cases: BTreeMap::new(),
			votes_cast: HashMap::new(),
			ring_answers: HashMap::new(),
			created: 0,
			measuring: false,
			next_account: 100,
			ds_count: 0,
			contested: 0,
			overturned: 0,
		}
	}

	fn reward(&self) -> Balance {
		lbl_units(self.sc.reward)
	}

	/// Shortens the review windows so that panels fit the simulated time; everything else is
	/// the runtime's own parameters.
	fn setup(&mut self) {
		world::root(RuntimeCall::Disputes(pallet_disputes::Call::update_params {
			update: pallet_disputes::DisputeParamsUpdate {
				panel_delay: Some(2),
				commit_window: Some(5),
				reveal_window: Some(5),
				..Default::default()
			},
		}))
		.expect("governance sets the review windows");
		let honest = self.sc.honest_vendors.max(1);
		let vendors = honest + (self.sc.false_gold > 0.0) as u32 + self.sc.sybil_vendor as u32;
		for v in 0..vendors {
			let who = world::account(v);
			world::fund(&who, lbl_units(50_000_000));
			let false_gold =
				if v == honest && self.sc.false_gold > 0.0 { self.sc.false_gold } else { 0.0 };
			self.vendors.push(Vendor {
				who: who.clone(),
				false_gold,
				start: world::lbl_of(&who),
				tasks: vec![],
			});
		}
		for (g, group) in self.sc.groups.clone().iter().enumerate() {
			if matches!(group.strategy, Strategy::Honest { .. }) {
				for _ in 0..group.count {
					self.spawn(g);
				}
			}
		}
	}

	/// Honest annotators join the reviewer pool once their record allows it.
	fn join_reviewers(&mut self) {
		type R = labelchain_runtime::Runtime;
		let pool = pallet_disputes::Reviewers::<R>::get();
		let needed = pallet_disputes::Parameters::<R>::get().min_reviewer_agreements;
		for a in 0..self.agents.len() {
			let agent = &self.agents[a];
			if !matches!(agent.strategy, Strategy::Honest { .. }) || pool.contains(&agent.who) {
				continue;
			}
			if pallet_labeling::Pallet::<R>::record_of(&agent.who).agreements >= needed {
				let who = agent.who.clone();
				let _ = world::dispatch(
					&who,
					RuntimeCall::Disputes(pallet_disputes::Call::join_reviewers {}),
				);
			}
		}
	}

	fn spawn(&mut self, group: usize) -> usize {
		let who = world::account(self.next_account);
		self.next_account += 1;
		let g = &self.sc.groups[group];
		world::fund(&who, lbl_units(g.stake + 10));
		let (r, _) = world::dispatch(
			&who,
			RuntimeCall::Labeling(pallet_labeling::Call::bond { amount: lbl_units(g.stake) }),
		);
		r.expect("annotators bond");
		let agent = Agent {
			who: who.clone(),
			group,
			strategy: g.strategy.clone(),
			stats: Stats::default(),
			labels_here: 0,
			memory: HashMap::new(),
			retiring: false,
			gone: false,
			ds: self.ds_count,
		};
		self.ds_count += 1;
		self.agents.push(agent);
		self.by_account.insert(who, self.agents.len() - 1);
		self.agents.len() - 1
	}

	fn join_the_others(&mut self) {
		for (g, group) in self.sc.groups.clone().iter().enumerate() {
			if !matches!(group.strategy, Strategy::Honest { .. }) {
				for _ in 0..group.count {
					self.spawn(g);
				}
			}
		}
	}

	fn spec(&self, kind: &SchemaKind) -> pallet_labeling::TaskSpecOf<labelchain_runtime::Runtime> {
		let reward = self.reward();
		TaskSpec {
			instructions: ContentRef {
				uri: frame_support::BoundedVec::truncate_from(b"sim://instructions".to_vec()),
				digest: H256::repeat_byte(1),
			},
			schema: kind.schema(),
			redundancy: self.sc.redundancy,
			max_seats: self.sc.max_seats,
			confidence: Perbill::from_percent(self.sc.confidence_percent),
			commit_window: 30,
			reveal_window: 10,
			reward_asset: LBL_ASSET_ID,
			reward_per_label: reward,
			gold_bonus: reward,
			collateral: 4 * reward,
			with_gold: self.sc.gold_share > 0.0,
			min_stake: 100 * LBL,
			min_reputation: 0,
		}
	}

	/// Vendors keep two tasks with items never offered yet, until every item is posted;
	/// annotators choose among every task with items open for seats (escalated items come
	/// back to their task's open set).
	fn post_tasks(&mut self) {
		type R = labelchain_runtime::Runtime;
		let total = self.sc.warmup + self.sc.items;
		let fresh = |t: &TaskId| {
			pallet_labeling::Tasks::<R>::get(t)
				.is_some_and(|task| task.next_fresh < task.item_count)
		};
		while self.vendors.iter().flat_map(|v| v.tasks.iter()).filter(|t| fresh(t)).count() < 2
			&& self.created < total
		{
			if !self.measuring && self.created >= self.sc.warmup {
				self.measuring = true;
				self.join_the_others();
			}
			let v = (self.created / TASK_ITEMS) as usize % self.vendors.len();
			let kind_index = (self.created / TASK_ITEMS) as usize % self.sc.kinds.len();
			let kind = self.sc.kinds[kind_index].clone();
			let task = pallet_labeling::NextTaskId::<labelchain_runtime::Runtime>::get();
			let count = TASK_ITEMS.min(total - self.created);
			let vendor = self.vendors[v].who.clone();
			let mut new_items = Vec::new();
			for i in 0..count {
				let truth = kind.truth(&mut self.rng);
				let hash = H256(self.rng.bytes32());
				let gold = self.rng.chance(self.sc.gold_share);
				let answer = gold.then(|| {
					if self.rng.chance(self.vendors[v].false_gold) {
						truth.confusable.clone()
					} else {
						truth.label.clone()
					}
				});
				let commitment = (self.sc.gold_share > 0.0)
					.then(|| gold_commitment(&vendor, &hash, &answer, &GOLD_SALT));
				new_items.push(NewItem {
					content: ContentRef {
						uri: frame_support::BoundedVec::truncate_from(b"sim://item".to_vec()),
						digest: hash,
					},
					answer_commitment: commitment,
				});
				self.items.insert(
					(task, i),
					ItemRec {
						kind: kind_index,
						truth,
						answer,
						measured: self.measuring,
						vendor: v,
						votes: vec![],
						settled: None,
						disputed: None,
						failed: false,
						escalated: false,
						voids: 0,
					},
				);
			}
			let call = RuntimeCall::Labeling(pallet_labeling::Call::create_task {
				spec: self.spec(&kind),
				items: frame_support::BoundedVec::truncate_from(new_items),
			});
			world::dispatch(&vendor, call).0.expect("vendors can post tasks");
			self.created += count;
			self.task_vendor.insert(task, v);
			self.vendors[v].tasks.push(task);
		}
		self.open_tasks = self
			.vendors
			.iter()
			.flat_map(|v| v.tasks.iter().copied())
			.filter(|t| !pallet_labeling::OpenItems::<R>::get(t).is_empty())
			.collect();
	}

	fn handle(&mut self, events: Vec<RuntimeEvent>) {
		use pallet_labeling::Event as L;
		for event in events {
			match event {
				RuntimeEvent::Labeling(e) => match e {
					L::Judged { task, item, annotator, verdict, paid, slashed, .. } => {
						let measured = self.items.get(&(task, item)).is_some_and(|i| i.measured);
						if let Some(&a) = self.by_account.get(&annotator) {
							let agent = &mut self.agents[a];
							agent.labels_here += 1;
							if measured {
								agent.stats.labels += 1;
								agent.stats.paid += paid;
								agent.stats.slashed += slashed;
								agent.stats.gold_fails += (verdict == Verdict::GoldFailed) as u64;
								agent.stats.gold_labels +=
									matches!(verdict, Verdict::GoldFailed | Verdict::GoldPassed)
										as u64;
								agent.stats.no_reveals += (verdict == Verdict::NoReveal) as u64;
							}
						}
					}
					L::Revealed { task, item, annotator, label } => {
						if let (Some(rec), Some(&a)) =
							(self.items.get_mut(&(task, item)), self.by_account.get(&annotator))
						{
							rec.votes.push((self.agents[a].ds, label));
						}
					}
					L::RoundVoided { task, item, .. } => {
						if let Some(rec) = self.items.get_mut(&(task, item)) {
							rec.votes.clear();
							rec.voids += 1;
						}
					}
					L::StageOpened { task, item, .. } => {
						self.in_flight.insert((task, item));
					}
					L::Escalated { task, item, .. } => {
						self.in_flight.insert((task, item));
						if let Some(rec) = self.items.get_mut(&(task, item)) {
							rec.escalated = true;
						}
					}
					L::AwaitingGold { task, item, .. } => {
						self.in_flight.insert((task, item));
						self.awaiting.push((task, item));
					}
					L::ItemSettled { task, item, label, .. } => {
						if let Some(rec) = self.items.get_mut(&(task, item)) {
							rec.settled = Some(label);
						}
					}
					L::ItemDisputed { task, item, kind, .. } => {
						if kind == DisputeKind::GoldContested {
							self.contested += 1;
						}
						if let Some(rec) = self.items.get_mut(&(task, item)) {
							rec.disputed = Some(kind);
						}
					}
					L::ItemFailed { task, item } => {
						if let Some(rec) = self.items.get_mut(&(task, item)) {
							rec.failed = true;
						}
					}
					L::GoldOverturned { .. } => self.overturned += 1,
					L::Suspended { who, .. } => {
						if let Some(&a) = self.by_account.get(&who) {
							let agent = &mut self.agents[a];
							if agent.stats.suspended_at.is_none() {
								agent.stats.suspended_at = Some(agent.stats.labels);
							}
						}
					}
					_ => (),
				},
				RuntimeEvent::Disputes(e) => match e {
					pallet_disputes::Event::PanelDrawn {
						case,
						reviewers,
						commit_end,
						reveal_end,
						..
					} => {
						if let Some(c) =
							pallet_disputes::Cases::<labelchain_runtime::Runtime>::get(case)
						{
							self.cases
								.insert(case, (c.task, c.item, reviewers, commit_end, reveal_end));
						}
					}
					pallet_disputes::Event::ReviewerPaid { reviewer, amount, .. } => {
						if let Some(&a) = self.by_account.get(&reviewer) {
							if self.measuring {
								self.agents[a].stats.review_income += amount;
							}
						}
					}
					pallet_disputes::Event::CaseClosed { case, .. }
					| pallet_disputes::Event::CaseEscalated { case, .. } => {
						self.cases.remove(&case);
					}
					_ => (),
				},
				_ => (),
			}
		}
	}

	/// Vendors reveal answer commitments of items whose labels are in.
	fn reveal_answers(&mut self) {
		for (task, item) in std::mem::take(&mut self.awaiting) {
			let Some(rec) = self.items.get(&(task, item)) else { continue };
			let vendor = self.vendors[rec.vendor].who.clone();
			let call = RuntimeCall::Labeling(pallet_labeling::Call::reveal_gold {
				task,
				item,
				answer: rec.answer.clone(),
				salt: GOLD_SALT,
			});
			let _ = world::dispatch(&vendor, call);
		}
	}

	/// The label `agent` gives on an item, by its strategy.
	fn choose(&mut self, a: usize, task: TaskId, item: ItemId, round: RoundIndex) -> Label {
		let rec = self.items[&(task, item)].clone();
		let kind = self.sc.kinds[rec.kind].clone();
		match self.agents[a].strategy.clone() {
			Strategy::Honest { q } => kind.informed(&rec.truth, q, &mut self.rng),
			Strategy::Random | Strategy::Rotator { .. } => kind.random(&mut self.rng),
			Strategy::Lazy => kind.lazy(),
			Strategy::Bloc { .. } => kind.bloc(),
			Strategy::Sybil { q } => match &rec.answer {
				Some(answer) => answer.clone(),
				None => kind.informed(&rec.truth, q, &mut self.rng),
			},
			Strategy::Ring { q } => {
				let key = (task, item, round);
				if let Some(shared) = self.ring_answers.get(&key) {
					shared.clone()
				} else {
					let label = kind.informed(&rec.truth, q, &mut self.rng);
					self.ring_answers.insert(key, label.clone());
					label
				}
			}
		}
	}

	fn call(&mut self, a: usize, call: RuntimeCall) -> bool {
		let who = self.agents[a].who.clone();
		let (result, fee) = world::dispatch(&who, call);
		if std::env::var("SIM_DEBUG").is_ok() {
			if let Err(e) = &result {
				eprintln!("[debug] group {} {:?}", self.agents[a].group, e);
			}
		}
		if self.measuring {
			self.agents[a].stats.fees += fee;
		}
		result.is_ok()
	}

	fn act(&mut self, a: usize, coordinated_task: Option<TaskId>) {
		type R = labelchain_runtime::Runtime;
		if self.agents[a].gone {
			return;
		}
		let who = self.agents[a].who.clone();
		let now = world::now();
		let Some(ledger) = pallet_labeling::Stakes::<R>::get(&who) else { return };
		// Work on the seats held.
		for (task, item) in ledger.seats.iter().copied() {
			let (Some(t), Some(it)) = (
				pallet_labeling::Tasks::<R>::get(task),
				pallet_labeling::Items::<R>::get(task, item),
			) else {
				continue;
			};
			let ItemState::Labeling { round, stage, commit_end, .. } = it.state else { continue };
			let slots = pallet_labeling::Slots::<R>::get(task, item);
			let Some(slot) = slots.iter().find(|s| s.annotator == who && s.stage == stage) else {
				continue;
			};
			let open = Labeling::reveals_open(&t, &it.state, &slots, now);
			if slot.commitment.is_none() && !open && now <= commit_end {
				let label = self.choose(a, task, item, round);
				let salt = self.rng.bytes32();
				let commitment = commitment_of(task, item, round, &who, &label, &salt);
				if self.call(
					a,
					RuntimeCall::Labeling(pallet_labeling::Call::commit { task, item, commitment }),
				) {
					self.agents[a].memory.insert((task, item, round), (label, salt));
				}
			} else if slot.commitment.is_some() && slot.label.is_none() && open {
				if let Some((label, salt)) =
					self.agents[a].memory.get(&(task, item, round)).cloned()
				{
					self.call(
						a,
						RuntimeCall::Labeling(pallet_labeling::Call::reveal {
							task,
							item,
							label,
							salt,
						}),
					);
				}
			}
		}
		// Rotators leave after `after` labels, for a fresh account.
		if let Strategy::Rotator { after } = self.agents[a].strategy {
			if !self.agents[a].retiring && self.agents[a].labels_here >= after {
				self.agents[a].retiring = true;
				let g = self.agents[a].group;
				let fresh = self.spawn(g);
				self.agents[fresh].stats.rotations = 0;
				self.agents[a].stats.rotations += 1;
			}
		}
		if self.agents[a].retiring {
			if ledger.seats.is_empty() && ledger.requested == 0 {
				let free = ledger.bonded.saturating_sub(ledger.locked);
				if free > 0 {
					self.call(
						a,
						RuntimeCall::Labeling(pallet_labeling::Call::unbond { amount: free }),
					);
				}
				self.agents[a].gone = true;
			}
			return;
		}
		if ledger.suspended_until.is_some_and(|until| until > now) {
			return;
		}
		if self.measuring && self.sc.groups[self.agents[a].group].reviewers_only {
			return;
		}
		// Keep `seats` seats busy: seats still to commit or reveal, and requests.
		let busy = ledger.requested
			+ ledger
				.seats
				.iter()
				.filter(|(task, item)| {
					let Some(it) = pallet_labeling::Items::<R>::get(task, item) else {
						return false;
					};
					let ItemState::Labeling { stage, .. } = it.state else { return false };
					pallet_labeling::Slots::<R>::get(task, item)
						.iter()
						.any(|s| s.annotator == who && s.stage == stage && s.label.is_none())
				})
				.count() as u32;
		if busy >= self.sc.seats {
			return;
		}
		let task = match (&self.agents[a].strategy, coordinated_task) {
			(Strategy::Bloc { coordinated: true }, Some(t)) => Some(t),
			(Strategy::Sybil { .. }, _) => {
				let mine: Vec<TaskId> = self
					.open_tasks
					.iter()
					.copied()
					.filter(|t| self.task_vendor.get(t) == Some(&(self.vendors.len() - 1)))
					.collect();
				(!mine.is_empty()).then(|| mine[self.rng.below(mine.len() as u64) as usize])
			}
			_ => (!self.open_tasks.is_empty())
				.then(|| self.open_tasks[self.rng.below(self.open_tasks.len() as u64) as usize]),
		};
		if let Some(task) = task {
			// Slashes shrink the stake; every annotator tops it up to its group's level (what
			// it lost is already counted as slashed), so a losing strategy keeps its share of
			// the seats instead of dropping out.
			let stake = lbl_units(self.sc.groups[self.agents[a].group].stake);
			if ledger.bonded < stake {
				let top_up = stake - ledger.bonded;
				world::fund(&who, top_up);
				self.call(a, RuntimeCall::Labeling(pallet_labeling::Call::bond { amount: top_up }));
			}
			let count = (self.sc.seats - busy).min(4);
			self.call(
				a,
				RuntimeCall::Labeling(pallet_labeling::Call::request_seats { task, count }),
			);
		}
	}

	/// Reviewers on panels commit and then reveal; their vote is the truth nineteen times in
	/// twenty.
	fn review(&mut self) {
		let now = world::now();
		let cases: Vec<_> = self.cases.iter().map(|(c, v)| (*c, v.clone())).collect();
		for (case, (task, item, reviewers, commit_end, reveal_end)) in cases {
			let round = pallet_disputes::Cases::<labelchain_runtime::Runtime>::get(case)
				.map(|c| c.round)
				.unwrap_or_default();
			for reviewer in reviewers {
				let Some(&a) = self.by_account.get(&reviewer) else { continue };
				let key = (case, reviewer.clone());
				match self.votes_cast.get(&key).cloned() {
					None if now <= commit_end => {
						let rec = &self.items[&(task, item)];
						let kind = self.sc.kinds[rec.kind].clone();
						let truth = rec.truth.clone();
						let vote = if self.rng.chance(0.95) {
							truth.label.clone()
						} else {
							kind.informed(&truth, 0.0, &mut self.rng)
						};
						let salt = self.rng.bytes32();
						let commitment =
							pallet_disputes::vote_commitment(case, round, &reviewer, &vote, &salt);
						if self.call(
							a,
							RuntimeCall::Disputes(pallet_disputes::Call::commit_vote {
								case,
								commitment,
							}),
						) {
							self.votes_cast.insert(key, (vote, salt, false));
						}
					}
					Some((vote, salt, false)) if now > commit_end && now <= reveal_end => {
						self.call(
							a,
							RuntimeCall::Disputes(pallet_disputes::Call::reveal_vote {
								case,
								vote: vote.clone(),
								salt,
							}),
						);
						self.votes_cast.insert(key, (vote, salt, true));
					}
					_ => (),
				}
			}
		}
	}

	/// Anyone settles items whose windows passed (here: the first vendor).
	fn keep(&mut self) {
		type R = labelchain_runtime::Runtime;
		let now = world::now();
		let keeper = self.vendors[0].who.clone();
		let flight: Vec<_> = self.in_flight.iter().copied().collect();
		for (task, item) in flight {
			let Some(it) = pallet_labeling::Items::<R>::get(task, item) else {
				self.in_flight.remove(&(task, item));
				continue;
			};
			let due = match it.state {
				ItemState::Labeling { reveal_end, .. } => now > reveal_end,
				ItemState::AwaitingGold { until, .. } => now > until,
				ItemState::Pending { .. } => false,
				_ => {
					self.in_flight.remove(&(task, item));
					false
				}
			};
			if due {
				let _ = world::dispatch(
					&keeper,
					RuntimeCall::Labeling(pallet_labeling::Call::settle { task, item }),
				);
			}
		}
	}

	fn done(&self) -> bool {
		self.created >= self.sc.warmup + self.sc.items
			&& self.items.values().all(|r| r.settled.is_some() || r.failed)
			&& self.cases.is_empty()
	}

	fn run(&mut self, max_blocks: u32) -> u32 {
		self.setup();
		let mut blocks = 0;
		while blocks < max_blocks && !self.done() {
			let hash = self.rng.bytes32();
			world::next_block(hash);
			blocks += 1;
			let events = world::take_events();
			self.handle(events);
			self.post_tasks();
			self.reveal_answers();
			let coordinated = (!self.open_tasks.is_empty())
				.then(|| self.open_tasks[self.rng.below(self.open_tasks.len() as u64) as usize]);
			let mut order: Vec<usize> = (0..self.agents.len()).collect();
			for i in (1..order.len()).rev() {
				order.swap(i, self.rng.below(i as u64 + 1) as usize);
			}
			for a in order {
				self.act(a, coordinated);
			}
			if blocks % 10 == 0 {
				self.join_reviewers();
			}
			self.review();
			self.keep();
			let events = world::take_events();
			self.handle(events);
		}
		// Vendors close their tasks: what they spent stays spent, the rest comes back.
		for v in 0..self.vendors.len() {
			for task in self.vendors[v].tasks.clone() {
				let _ = world::dispatch(
					&self.vendors[v].who.clone(),
					RuntimeCall::Labeling(pallet_labeling::Call::close_task { task }),
				);
			}
		}
		blocks
	}

	fn result(&self, blocks: u32) -> ScenarioResult {
		type R = labelchain_runtime::Runtime;
		let reward = self.reward() as f64;
		let measured: Vec<&ItemRec> = self.items.values().filter(|r| r.measured).collect();
		let accepted: Vec<&ItemRec> =
			measured.iter().copied().filter(|r| r.settled.is_some()).collect();
		let kind_of = |r: &ItemRec| self.sc.kinds[r.kind].clone();
		let correct = |r: &ItemRec, l: &Option<Label>| {
			l.as_ref().is_some_and(|l| kind_of(r).agree(l, &r.truth.label))
		};
		let share = |n: usize, d: usize| if d == 0 { 0.0 } else { n as f64 / d as f64 };
		// Majority vote and Dawid–Skene per schema, on the items the chain accepted.
		let (mut mv_right, mut ds_right) = (0usize, 0usize);
		for k in 0..self.sc.kinds.len() {
			let kind = &self.sc.kinds[k];
			let these: Vec<&ItemRec> = accepted.iter().copied().filter(|r| r.kind == k).collect();
			let votes: Vec<Votes> = these.iter().map(|r| r.votes.clone()).collect();
			let ds = aggregate::dawid_skene(kind, &votes, self.ds_count.max(1));
			for (r, d) in these.iter().zip(ds) {
				mv_right += correct(r, &aggregate::majority(kind, &r.votes)) as usize;
				ds_right += correct(r, &d) as usize;
			}
		}
		if std::env::var("SIM_DISAGREE").is_ok() {
			for r in accepted.iter() {
				let kind = kind_of(r);
				let mv = aggregate::majority(&kind, &r.votes);
				if correct(r, &mv) != correct(r, &r.settled) {
					let w: Vec<String> = r
						.votes
						.iter()
						.map(|(a, l)| {
							let agent = self.agents.iter().find(|x| x.ds == *a).expect("voter");
							format!("{:?}/g{}", l, agent.group)
						})
						.collect();
					eprintln!(
						"[disagree] truth {:?} hard {} chain {:?} mv {:?} votes {}",
						r.truth.label,
						r.truth.hard,
						r.settled,
						mv,
						w.join(" ")
					);
				}
			}
		}
		let bloc_flips = accepted
			.iter()
			.filter(|r| {
				let kind = kind_of(r);
				let l = r.settled.as_ref().expect("accepted");
				kind.agree(l, &kind.bloc()) && !kind.agree(l, &r.truth.label)
			})
			.count() as u64;
		let params = pallet_labeling::Parameters::<R>::get();
		let weight_of = |who: &AccountId| {
			pallet_labeling::reputation::vote_weight(
				&pallet_labeling::Pallet::<R>::record_of(who),
				&params,
			)
		};
		let mut groups = Vec::new();
		for (g, group) in self.sc.groups.iter().enumerate() {
			let members: Vec<&Agent> = self.agents.iter().filter(|a| a.group == g).collect();
			let labels: u64 = members.iter().map(|a| a.stats.labels).sum();
			let sum =
				|f: &dyn Fn(&Agent) -> u128| members.iter().map(|a| f(a)).sum::<u128>() as f64;
			let per = |x: f64| if labels == 0 { 0.0 } else { x / labels as f64 / reward };
			// Capital: the stake, at 200 labels a day; a rotator's old stake also sits out the
			// unbonding period after each switch.
			let stake = lbl_units(group.stake) as f64;
			let per_day = CAPITAL_RATE / 365.0;
			let unbonding_days = params.unbonding_period as f64 / labelchain_runtime::DAYS as f64;
			let rotations: f64 = members.iter().map(|a| a.stats.rotations as f64).sum();
			let capital = stake * per_day * (labels as f64 / LABELS_PER_DAY)
				+ stake * per_day * unbonding_days * rotations;
			let paid = per(sum(&|a| a.stats.paid));
			let slashed = per(sum(&|a| a.stats.slashed));
			let fees = per(sum(&|a| a.stats.fees));
			let capital = per(capital);
			let suspended: Vec<u64> = members.iter().filter_map(|a| a.stats.suspended_at).collect();
			let mut sorted = suspended.clone();
			sorted.sort();
			let weights: Vec<u32> = members.iter().map(|a| weight_of(&a.who)).collect();
			let gold_fails: u64 = members.iter().map(|a| a.stats.gold_fails).sum();
			let gold_labels: u64 = members.iter().map(|a| a.stats.gold_labels).sum();
			groups.push(GroupResult {
				strategy: group.strategy.name(),
				accounts: members.len() as u32,
				labels,
				profit_per_label: paid - slashed - fees - capital,
				paid_per_label: paid,
				slashed_per_label: slashed,
				fees_per_label: fees,
				capital_per_label: capital,
				review_income_per_label: per(sum(&|a| a.stats.review_income)),
				suspended_share: share(suspended.len(), members.len()),
				median_labels_to_suspension: sorted.get(sorted.len() / 2).copied(),
				gold_fail_rate: share(gold_fails as usize, gold_labels.max(1) as usize),
				max_weight: weights.iter().copied().max().unwrap_or(0),
				mean_weight: share(weights.iter().map(|w| *w as usize).sum(), weights.len().max(1)),
			});
		}
		// Vendors' spending per accepted item (over the whole run, warm-up included): the
		// honest vendors together, then the others.
		let honest = self.sc.honest_vendors.max(1) as usize;
		let cost = |range: std::ops::Range<usize>| {
			let items = self
				.items
				.values()
				.filter(|r| r.settled.is_some() && range.contains(&r.vendor))
				.count()
				.max(1);
			let spent: f64 = range
				.clone()
				.map(|v| {
					let vendor = &self.vendors[v];
					vendor.start.saturating_sub(world::lbl_of(&vendor.who)) as f64
				})
				.sum();
			spent / items as f64 / reward
		};
		let mut vendor_cost_per_item = vec![("honest vendors".to_string(), cost(0..honest))];
		for v in honest..self.vendors.len() {
			let name = if self.vendors[v].false_gold > 0.0 {
				format!(
					"vendor committing {:.0} % of gold answers wrongly",
					self.vendors[v].false_gold * 100.0
				)
			} else {
				"vendor farming weight for its sybils".to_string()
			};
			vendor_cost_per_item.push((name, cost(v..v + 1)));
		}
		let sybil_record = self.sc.sybil_vendor.then(|| {
			let sybils: Vec<&Agent> = self
				.agents
				.iter()
				.filter(|a| matches!(a.strategy, Strategy::Sybil { .. }))
				.collect();
			let best = sybils
				.iter()
				.max_by_key(|a| weight_of(&a.who))
				.map(|a| pallet_labeling::Pallet::<R>::record_of(&a.who))
				.unwrap_or_default();
			let spread = pallet_labeling::Reputation {
				credited_passes: best.gold_passes,
				credited_fails: best.gold_fails,
				gold_passes: best.gold_passes,
				gold_fails: best.gold_fails,
				..Default::default()
			};
			SybilRecord {
				gold_passes: best.gold_passes,
				credited_passes: best.credited_passes,
				gold_fails: best.gold_fails,
				weight: pallet_labeling::reputation::vote_weight(&best, &params),
				weight_same_record_many_vendors: pallet_labeling::reputation::vote_weight(
					&spread, &params,
				),
				honest_max_weight: self
					.agents
					.iter()
					.filter(|a| matches!(a.strategy, Strategy::Honest { .. }))
					.map(|a| weight_of(&a.who))
					.max()
					.unwrap_or(0),
			}
		});
		let votes: usize = accepted.iter().map(|r| r.votes.len()).sum();
		ScenarioResult {
			name: self.sc.name.clone(),
			question: self.sc.question.clone(),
			setup: format!(
				"{}; reward {} LBL (bonus {} LBL, collateral {} LBL); r = {}, up to {} seats, confidence {} %; gold {:.0} %",
				self.sc.kinds.iter().map(|k| k.name()).collect::<Vec<_>>().join(", "),
				self.sc.reward,
				self.sc.reward,
				4 * self.sc.reward,
				self.sc.redundancy,
				self.sc.max_seats,
				self.sc.confidence_percent,
				self.sc.gold_share * 100.0
			),
			blocks,
			items: measured.len() as u64,
			accepted: accepted.len() as u64,
			accuracy: share(accepted.iter().filter(|r| correct(r, &r.settled)).count(), accepted.len()),
			majority_accuracy: share(mv_right, accepted.len()),
			dawid_skene_accuracy: share(ds_right, accepted.len()),
			escalated_share: share(measured.iter().filter(|r| r.escalated).count(), measured.len()),
			disputed_share: share(measured.iter().filter(|r| r.disputed.is_some()).count(), measured.len()),
			contested_gold: self.contested,
			overturned_gold: self.overturned,
			void_rounds: measured.iter().map(|r| r.voids as u64).sum(),
			failed_share: share(measured.iter().filter(|r| r.failed).count(), measured.len()),
			mean_votes_per_item: share(votes, accepted.len()),
			bloc_flips,
			groups,
			vendor_cost_per_item,
			sybil_record,
		}
	}
}

/// Runs `scenario` on a fresh development chain.
pub fn run(scenario: &Scenario) -> ScenarioResult {
	let mut ext = world::genesis();
	ext.execute_with(|| {
		let mut sim = Sim::new(scenario);
		let blocks = sim.run(20_000);
		sim.result(blocks)
	})
}
