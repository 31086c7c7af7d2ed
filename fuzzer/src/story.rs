//! Stories: in a "veterans" program, a step now and then moves one item on through its life as
//! honest (and sometimes careless) participants would — annotators ask for seats, the seated
//! commit and, once the commit window closes, reveal; the vendor opens its answer; the vendor
//! appeals a settled label; the panel commits and reveals votes — with the blocks in between
//! built. Random steps alone almost never take an item through all three reveals (a 300 s run
//! settled none), so appeals, panels and tallies were never reached; a story reaches them in a
//! few steps, and the program's other steps land in between (a close while a panel votes, a
//! purge, an unbond, a parameter change). Annotators often commit and reveal everything they
//! hold at once (`commit_many`, `reveal_many`).

use crate::{
	chain::{Chain, Violation},
	gen::{account, index_of, label, salt, schema_of, Memo, Step, ACCOUNTS},
	input::Input,
};
use labelchain_runtime::{Runtime, RuntimeCall};
use pallet_disputes::Phase;
use frame_support::{traits::Get, BoundedVec};
use pallet_labeling::{ItemState, Label, OpenedLabel, SealedLabel, SlotsOf, TaskId, TaskStatus};

/// The most blocks one story step lets pass (a window is a few blocks).
const MAX_WAIT: u32 = 40;

fn labeling(who: usize, call: pallet_labeling::Call<Runtime>) -> Step {
	Step { who, call: RuntimeCall::Labeling(call), fee_in_lbl: false }
}

fn disputes(who: usize, call: pallet_disputes::Call<Runtime>) -> Step {
	Step { who, call: RuntimeCall::Disputes(call), fee_in_lbl: false }
}

/// Builds blocks until the window clock passes `end` (at most [`MAX_WAIT`]).
fn wait_past(chain: &mut Chain, end: u32) -> Result<(), Violation> {
	let clock = pallet_labeling::Pallet::<Runtime>::window_clock();
	for _ in 0..end.saturating_add(1).saturating_sub(clock).clamp(1, MAX_WAIT) {
		chain.next_block()?;
	}
	Ok(())
}

/// The items a story can move on: not failed, not settled unless a panel could hear an appeal
/// on it; mostly the prelude's task (0).
fn pick_item(inp: &mut Input) -> Option<(TaskId, u32)> {
	let reviewers = !pallet_disputes::Reviewers::<Runtime>::get().is_empty();
	let candidates = |task: Option<TaskId>| -> Vec<(TaskId, u32)> {
		pallet_labeling::Items::<Runtime>::iter()
			.filter(|(t, _, _)| task.is_none_or(|only| *t == only))
			.filter(|(_, _, it)| match it.state {
				ItemState::Failed => false,
				ItemState::Settled => reviewers,
				_ => true,
			})
			.map(|(t, i, _)| (t, i))
			.collect()
	};
	let mut items = if inp.one_in(4) { candidates(None) } else { candidates(Some(0)) };
	if items.is_empty() {
		items = candidates(None);
	}
	items.sort();
	(!items.is_empty()).then(|| items[inp.below(items.len() as u32) as usize])
}

/// A label most participants of one step agree on, and now and then one who does not.
fn vote(inp: &mut Input, truth: &Label, schema: &pallet_labeling::LabelSchema) -> Label {
	if inp.one_in(5) {
		label(inp, schema)
	} else {
		truth.clone()
	}
}

/// The running stage of an item: (round, commit_end), with its slots.
fn running(task: TaskId, item: u32) -> Option<(u32, u32, SlotsOf<Runtime>)> {
	match pallet_labeling::Items::<Runtime>::get(task, item)?.state {
		ItemState::Labeling { round, commit_end, .. } => {
			Some((round, commit_end, pallet_labeling::Slots::<Runtime>::get(task, item)))
		}
		_ => None,
	}
}

/// `who` commits on every seat they hold whose commit phase runs, in one `commit_many` (the
/// label `truth` mostly; now and then a repeated entry or an item they hold no seat on).
fn commit_all(
	inp: &mut Input,
	memo: &mut Memo,
	chain: &mut Chain,
	who: usize,
	truth: &Label,
) -> Result<(), Violation> {
	let me = account(who);
	let clock = pallet_labeling::Pallet::<Runtime>::window_clock();
	let mut entries = Vec::new();
	for (task, item) in pallet_labeling::Pallet::<Runtime>::api_annotator(&me).seats {
		let Some((round, commit_end, slots)) = running(task, item) else { continue };
		if clock > commit_end || slots.iter().any(|s| s.annotator == me && s.commitment.is_some()) {
			continue;
		}
		let l = vote(inp, truth, &schema_of(task));
		let s = salt(inp);
		memo.commits.insert((who, task, item, round), (l.clone(), s));
		let commitment = pallet_labeling::annotation::commitment_of(task, item, round, &me, &l, &s);
		entries.push(SealedLabel { task, item, commitment });
	}
	if inp.one_in(8) {
		if let Some(first) = entries.first().cloned() {
			entries.push(first);
		}
	}
	chain.submit(&labeling(
		who,
		pallet_labeling::Call::commit_many { commitments: BoundedVec::truncate_from(entries) },
	))
}

/// `who` reveals every commitment they remember whose reveals are open, in one `reveal_many`
/// (now and then with one entry that does not open its commitment: the pool must refuse it).
fn reveal_all(
	inp: &mut Input,
	memo: &mut Memo,
	chain: &mut Chain,
	who: usize,
) -> Result<(), Violation> {
	let me = account(who);
	let mut entries = Vec::new();
	for (task, item) in pallet_labeling::Pallet::<Runtime>::api_annotator(&me).seats {
		let Some((round, _, slots)) = running(task, item) else { continue };
		if !slots.iter().any(|s| s.annotator == me && s.commitment.is_some() && s.label.is_none()) {
			continue;
		}
		let Some((label, salt)) = memo.commits.get(&(who, task, item, round)).cloned() else {
			continue;
		};
		entries.push(OpenedLabel { task, item, label, salt });
	}
	if inp.one_in(8) {
		if let Some(e) = entries.first_mut() {
			e.salt = [0xee; 32];
		}
	}
	// Now and then a bound below the entries' items (one seat): refused, as a bad salt is.
	let most = <Runtime as pallet_labeling::Config>::MaxSeats::get();
	let seats = if inp.one_in(8) { 1 } else { most };
	let bound = pallet_labeling::CloseBound::largest(seats);
	chain.submit(&labeling(
		who,
		pallet_labeling::Call::reveal_many { reveals: BoundedVec::truncate_from(entries), bound },
	))
}

/// Moves one item on by its next natural step (and lets the blocks it needs pass).
pub fn advance(inp: &mut Input, memo: &mut Memo, chain: &mut Chain) -> Result<(), Violation> {
	let Some((task, item)) = pick_item(inp) else { return Ok(()) };
	let Some(t) = pallet_labeling::Tasks::<Runtime>::get(task) else { return Ok(()) };
	let Some(it) = pallet_labeling::Items::<Runtime>::get(task, item) else { return Ok(()) };
	let vendor = index_of(&t.vendor).unwrap_or(0);
	let schema = schema_of(task);
	match it.state {
		ItemState::Pending { .. } => {
			// Everyone of ours who is not the vendor asks for a seat or two; the draw seats them
			// at the start of a later block.
			for who in (0..ACCOUNTS.len()).filter(|w| *w != vendor) {
				if !inp.one_in(6) {
					let count = inp.range(1, 2);
					chain.submit(&labeling(
						who,
						pallet_labeling::Call::request_seats { task, count },
					))?;
				}
			}
			chain.next_block()?;
			chain.next_block()?;
		}
		ItemState::Labeling { round, commit_end, reveal_end, .. } => {
			let clock = pallet_labeling::Pallet::<Runtime>::window_clock();
			let slots = pallet_labeling::Slots::<Runtime>::get(task, item);
			if clock <= commit_end {
				let truth = label(inp, &schema);
				for slot in slots.iter().filter(|s| s.commitment.is_none()) {
					let Some(who) = index_of(&slot.annotator) else { continue };
					if inp.one_in(8) {
						continue; // a seat left empty
					}
					if inp.one_in(3) {
						// Every seat of theirs in its commit phase, with one signature.
						commit_all(inp, memo, chain, who, &truth)?;
						continue;
					}
					let l = vote(inp, &truth, &schema);
					let s = salt(inp);
					memo.commits.insert((who, task, item, round), (l.clone(), s));
					let commitment = pallet_labeling::annotation::commitment_of(
						task,
						item,
						round,
						&slot.annotator,
						&l,
						&s,
					);
					chain.submit(&labeling(
						who,
						pallet_labeling::Call::commit { task, item, commitment },
					))?;
				}
				wait_past(chain, commit_end)?;
			} else if clock <= reveal_end {
				for slot in slots.iter().filter(|s| s.commitment.is_some() && s.label.is_none()) {
					let Some(who) = index_of(&slot.annotator) else { continue };
					let Some((label, salt)) = memo.commits.get(&(who, task, item, round)).cloned()
					else {
						continue;
					};
					if inp.one_in(10) {
						continue; // a reveal forgotten
					}
					if inp.one_in(3) {
						reveal_all(inp, memo, chain, who)?;
						continue;
					}
					chain.submit(&labeling(
						who,
						pallet_labeling::Call::reveal { task, item, label, salt },
					))?;
				}
				if inp.bool() {
					wait_past(chain, reveal_end)?;
				} else {
					chain.next_block()?;
				}
			} else {
				let who = inp.below(ACCOUNTS.len() as u32) as usize;
				chain.submit(&labeling(who, pallet_labeling::Call::settle { task, item }))?;
				chain.next_block()?;
			}
		}
		ItemState::AwaitingGold { until, .. } => {
			if inp.one_in(4) {
				// The vendor keeps its answer; the item settles without it after `until`.
				wait_past(chain, until)?;
				let who = inp.below(ACCOUNTS.len() as u32) as usize;
				chain.submit(&labeling(who, pallet_labeling::Call::settle { task, item }))?;
			} else {
				let (answer, salt) = memo.gold.get(&(task, item)).cloned().unwrap_or((None, [0; 32]));
				chain.submit(&labeling(
					vendor,
					pallet_labeling::Call::reveal_gold { task, item, answer, salt },
				))?;
			}
			chain.next_block()?;
		}
		ItemState::Settled | ItemState::Disputed { .. } => {
			let Some(case) = pallet_disputes::CaseOfItem::<Runtime>::get(task, item) else {
				if t.status != TaskStatus::Closed && it.state == ItemState::Settled {
					// The vendor disputes the label, or is done with the task.
					let call = if inp.one_in(3) {
						RuntimeCall::Labeling(pallet_labeling::Call::close_task { task })
					} else {
						RuntimeCall::Disputes(pallet_disputes::Call::appeal { task, item })
					};
					chain.submit(&Step { who: vendor, call, fee_in_lbl: false })?;
					chain.next_block()?;
				}
				return Ok(());
			};
			if inp.one_in(6) {
				// An impatient vendor closes the task while the review runs.
				chain.submit(&labeling(vendor, pallet_labeling::Call::close_task { task }))?;
			}
			let Some(c) = pallet_disputes::Cases::<Runtime>::get(case) else { return Ok(()) };
			let panel = pallet_disputes::Panels::<Runtime>::get(case);
			let clock = pallet_labeling::Pallet::<Runtime>::window_clock();
			match c.phase {
				Phase::Drawing { at } => {
					let now = frame_system::Pallet::<Runtime>::block_number();
					for _ in 0..at.saturating_add(1).saturating_sub(now).clamp(1, MAX_WAIT) {
						chain.next_block()?;
					}
				}
				Phase::Voting { commit_end, .. } if clock <= commit_end => {
					let truth = label(inp, &schema);
					for seat in panel.iter().filter(|s| s.commitment.is_none()) {
						let Some(who) = index_of(&seat.reviewer) else { continue };
						if inp.one_in(8) {
							continue;
						}
						let v = vote(inp, &truth, &schema);
						let s = salt(inp);
						memo.votes.insert((who, case, c.round), (v.clone(), s));
						let commitment =
							pallet_disputes::vote_commitment(case, c.round, &seat.reviewer, &v, &s);
						chain.submit(&disputes(
							who,
							pallet_disputes::Call::commit_vote { case, commitment },
						))?;
					}
					wait_past(chain, commit_end)?;
				}
				Phase::Voting { reveal_end, .. } => {
					for seat in panel.iter().filter(|s| s.commitment.is_some() && s.vote.is_none()) {
						let Some(who) = index_of(&seat.reviewer) else { continue };
						let Some((vote, salt)) = memo.votes.get(&(who, case, c.round)).cloned()
						else {
							continue;
						};
						if inp.one_in(10) {
							continue;
						}
						chain.submit(&disputes(
							who,
							pallet_disputes::Call::reveal_vote { case, vote, salt },
						))?;
					}
					wait_past(chain, reveal_end)?;
				}
			}
		}
		ItemState::Failed => {}
	}
	Ok(())
}
