//! Pure consensus rules: validity, IoU, agreement per schema.

use crate::{consensus::*, types::*};
use frame_support::BoundedVec;
use sp_runtime::Perbill;

fn boxes(v: &[(u32, u32, u32, u32, u32)]) -> Label {
	Label::Boxes(BoundedVec::truncate_from(
		v.iter()
			.map(|&(class, x, y, width, height)| BoundingBox { class, x, y, width, height })
			.collect(),
	))
}

#[test]
fn schemas_and_labels_are_validated() {
	let cat = LabelSchema::Categorical { classes: 3 };
	assert!(schema_is_valid(&cat));
	assert!(!schema_is_valid(&LabelSchema::Categorical { classes: 1 }));
	assert!(!schema_is_valid(&LabelSchema::MultiLabel { classes: 65 }));
	assert!(!schema_is_valid(&LabelSchema::BoundingBoxes {
		classes: 1,
		max_boxes: 17,
		min_iou: Perbill::from_percent(50)
	}));
	assert!(label_is_valid(&cat, &Label::Class(2)));
	assert!(!label_is_valid(&cat, &Label::Class(3)));
	assert!(!label_is_valid(&cat, &Label::Classes(1)));
	let multi = LabelSchema::MultiLabel { classes: 4 };
	assert!(label_is_valid(&multi, &Label::Classes(0b1111)));
	assert!(!label_is_valid(&multi, &Label::Classes(0b10000)));
	let bb =
		LabelSchema::BoundingBoxes { classes: 2, max_boxes: 2, min_iou: Perbill::from_percent(50) };
	assert!(label_is_valid(&bb, &boxes(&[(1, 0, 0, 10, 10)])));
	assert!(!label_is_valid(&bb, &boxes(&[(2, 0, 0, 10, 10)])));
	assert!(!label_is_valid(&bb, &boxes(&[(0, 0, 0, 0, 10)])));
	assert!(!label_is_valid(&bb, &boxes(&[(0, u32::MAX, 0, 1, 1)])));
	assert!(!label_is_valid(&bb, &boxes(&[(0, 0, 0, 1, 1); 3])));
}

#[test]
fn iou_is_exact_at_the_threshold() {
	let a = BoundingBox { class: 0, x: 0, y: 0, width: 10, height: 10 };
	// Overlap 5×10 = 50, union 150: IoU exactly 1/3.
	let b = BoundingBox { class: 0, x: 5, y: 0, width: 10, height: 10 };
	assert!(iou_at_least(&a, &b, Perbill::from_parts(333_333_333)));
	assert!(!iou_at_least(&a, &b, Perbill::from_parts(333_333_334)));
	let far = BoundingBox { class: 0, x: 100, y: 100, width: 1, height: 1 };
	assert!(!iou_at_least(&a, &far, Perbill::from_parts(1)));
}

/// Votes of weight `w` each.
fn votes<'a>(labels: &[&'a Label], w: u64) -> Vec<(&'a Label, u64)> {
	labels.iter().map(|l| (*l, w)).collect()
}

#[test]
fn the_winner_its_margin_and_supporters() {
	let schema = LabelSchema::Categorical { classes: 3 };
	let (a, b, c) = (Label::Class(1), Label::Class(2), Label::Class(0));
	let t = tally(&schema, &votes(&[&a, &b, &a], 10)).unwrap();
	assert_eq!((t.label, t.support, t.margin, t.total, t.supporters), (a.clone(), 20, 10, 30, 2));
	// Three different labels: a tie, margin zero.
	let t = tally(&schema, &votes(&[&a, &b, &c], 10)).unwrap();
	assert_eq!((t.margin, t.supporters), (0, 1));
	// Weight decides the winner: one heavy vote against two light ones.
	let t = tally(&schema, &[(&a, 30), (&b, 10), (&b, 10)]).unwrap();
	assert_eq!((t.label, t.margin, t.supporters), (a, 10, 1));
	assert_eq!(tally(&schema, &[]), None);
}

#[test]
fn accept_only_a_confident_label_that_two_annotators_gave() {
	let schema = LabelSchema::Categorical { classes: 3 };
	let (a, b) = (Label::Class(1), Label::Class(2));
	let two_one = votes(&[&a, &a, &b], 10);
	// Margin 10 against a need of 10: accepted.
	assert!(matches!(decide(&schema, &two_one, 10, 2, true), Decision::Accept(t) if t.label == a));
	// A need of 11: escalate while seats remain; at the last seat a positive margin is enough.
	assert_eq!(decide(&schema, &two_one, 11, 2, true), Decision::Escalate);
	assert!(matches!(decide(&schema, &two_one, 11, 2, false), Decision::Accept(_)));
	// No single account decides an item, whatever its weight (attack: a farmed heavy vote
	// outvoting two honest ones).
	let heavy = [(&a, 100), (&b, 10), (&b, 10)];
	assert_eq!(decide(&schema, &heavy, 10, 2, true), Decision::Escalate);
	assert_eq!(decide(&schema, &heavy, 10, 2, false), Decision::NoConsensus);
	// At the last seat weight alone does not overrule a headcount without confidence
	// (attack: heavy accounts — a vendor's sybils at the weight cap — outvoting three honest
	// annotators 2–3): the item goes to review. With the confidence reached, it is accepted.
	let minority = [(&a, 30), (&a, 30), (&b, 15), (&b, 15), (&b, 15)];
	let t = tally(&schema, &minority).unwrap();
	assert_eq!(
		(t.label.clone(), t.margin, t.supporters, t.rival_supporters),
		(a.clone(), 15, 2, 3)
	);
	assert_eq!(decide(&schema, &minority, 16, 2, false), Decision::NoConsensus);
	assert!(
		matches!(decide(&schema, &minority, 15, 2, false), Decision::Accept(t) if t.label == a)
	);
	// A tie at the last seat is for review.
	assert_eq!(decide(&schema, &votes(&[&a, &b], 10), 0, 2, false), Decision::NoConsensus);
	// Nobody revealed and nothing more to seat: no consensus.
	assert_eq!(decide(&schema, &[], 0, 2, false), Decision::NoConsensus);
	assert_eq!(decide(&schema, &[], 0, 2, true), Decision::Escalate);
}

/// The tally as it was before it compared each pair of votes once: every rival's support
/// searched afresh (up to s³ comparisons). Kept here as the reference the matrix must match.
fn tally_by_search(schema: &LabelSchema, votes: &[(&Label, u64)]) -> Option<Tally> {
	let weight_of = |keep: &dyn Fn(&Label) -> bool| {
		votes.iter().filter(|(l, _)| keep(l)).fold(0u64, |a, (_, w)| a.saturating_add(*w))
	};
	let total = weight_of(&|_| true);
	let mut best: Option<(usize, u64)> = None;
	for (i, (label, _)) in votes.iter().enumerate() {
		let support = weight_of(&|other| labels_agree(schema, label, other));
		if best.is_none_or(|(_, s)| support > s) {
			best = Some((i, support));
		}
	}
	let (winner, support) = best?;
	let label = votes[winner].0;
	let (mut runner_up, mut rival_supporters) = (0u64, 0u32);
	for (other, _) in votes.iter() {
		if !labels_agree(schema, label, other) {
			runner_up = runner_up.max(weight_of(&|x| labels_agree(schema, other, x)));
			let n = votes.iter().filter(|(x, _)| labels_agree(schema, other, x)).count() as u32;
			rival_supporters = rival_supporters.max(n);
		}
	}
	let supporters = votes.iter().filter(|(l, _)| labels_agree(schema, label, l)).count() as u32;
	Some(Tally {
		label: label.clone(),
		support,
		margin: support.saturating_sub(runner_up),
		total,
		supporters,
		rival_supporters,
	})
}

/// Attack: a few annotators reveal box labels that almost agree (their last box off), so
/// that the tally searched every rival's support afresh — s³ label comparisons of up to b²
/// IoUs each, far past what the benchmark (every label agreeing) charged. The tally now
/// compares each ordered pair once; on many vote sets (overlapping boxes, zero-area boxes that
/// agree with nothing, two classes, varied weights) it decides exactly what the search did.
#[test]
fn the_tally_compares_each_pair_once_and_decides_as_the_search_did() {
	let schema =
		LabelSchema::BoundingBoxes { classes: 2, max_boxes: 3, min_iou: Perbill::from_percent(40) };
	let mut seed = 0x2545_f491_4f6c_dd1du64;
	let mut next = |m: u64| {
		seed ^= seed << 13;
		seed ^= seed >> 7;
		seed ^= seed << 17;
		seed % m
	};
	let (mut agreeing, mut rivals) = (0usize, 0usize);
	for _ in 0..2_000 {
		let n = 1 + next(9) as usize;
		let labels: Vec<Label> = (0..n)
			.map(|_| {
				let k = 1 + next(3) as usize;
				let v: Vec<(u32, u32, u32, u32, u32)> = (0..k)
					.map(|_| {
						let (x, w) = (next(4) as u32 * 4, next(3) as u32 * 6);
						(next(2) as u32, x, next(2) as u32 * 3, w, 10)
					})
					.collect();
				boxes(&v)
			})
			.collect();
		let votes: Vec<(&Label, u64)> = labels.iter().map(|l| (l, 1 + next(5))).collect();
		let t = tally(&schema, &votes);
		rivals += t.as_ref().is_some_and(|t| t.rival_supporters > 0) as usize;
		assert_eq!(t, tally_by_search(&schema, &votes));
		agreeing += labels
			.iter()
			.flat_map(|a| labels.iter().map(move |b| (a, b)))
			.filter(|(a, b)| a != b && labels_agree(&schema, a, b))
			.count();
	}
	// The sets had distinct labels that agree (a winner with supporters) and rivals.
	assert!(agreeing > 0 && rivals > 0, "{agreeing} {rivals}");
}

#[test]
fn boxes_agree_by_iou_and_class() {
	let schema =
		LabelSchema::BoundingBoxes { classes: 2, max_boxes: 4, min_iou: Perbill::from_percent(50) };
	let a = boxes(&[(0, 0, 0, 10, 10), (1, 50, 50, 10, 10)]);
	let b = boxes(&[(1, 51, 50, 10, 10), (0, 1, 1, 10, 10)]); // same boxes, shifted, reordered
	let c = boxes(&[(0, 0, 0, 10, 10), (0, 50, 50, 10, 10)]); // wrong class
	let d = boxes(&[(0, 0, 0, 10, 10)]); // one box missing
	assert!(labels_agree(&schema, &a, &b));
	assert!(!labels_agree(&schema, &a, &c));
	assert!(!labels_agree(&schema, &a, &d));
	let got = tally(&schema, &votes(&[&c, &a, &b], 1)).unwrap();
	assert_eq!((got.label, got.support, got.margin, got.supporters), (a, 2, 1, 2));
}

#[test]
fn multi_label_decides_per_class() {
	let schema = LabelSchema::MultiLabel { classes: 3 };
	let (x, y, z) = (Label::Classes(0b011), Label::Classes(0b001), Label::Classes(0b011));
	let t = tally(&schema, &votes(&[&x, &y, &z], 1)).unwrap();
	// Class 0: 3/3 in; class 1: 2/3 in; class 2: 3/3 out. Weakest: 2 of 3, margin 1.
	assert_eq!((t.label, t.support, t.margin, t.total, t.supporters), (x.clone(), 2, 1, 3, 2));
	// An even split of a class has no margin.
	let t = tally(&schema, &votes(&[&x, &y], 1)).unwrap();
	assert_eq!(t.margin, 0);
}

#[test]
fn free_text_compares_hashes() {
	let schema = LabelSchema::FreeText;
	let a = Label::Text([1u8; 32].into());
	let b = Label::Text([2u8; 32].into());
	assert_eq!(tally(&schema, &votes(&[&a, &a, &b], 1)).unwrap().label, a);
}

mod pay {
	use crate::{payout::*, types::*};
	use frame_support::{traits::ConstU32, BoundedVec};
	use sp_runtime::Perbill;

	#[test]
	fn a_label_that_ignores_the_item_scores_zero_on_average() {
		// Attack: answering the majority class without looking. On 60/40 classes an informed
		// crowd (q = 0.9) votes class 0 on 58 % of items.
		// Lazy: always 0. Its peers say 0 on 58 % of items, as often as a vote on another item.
		assert_eq!(score(580_000, 580_000), 0);
		// Always the minority class, or a random class: zero too.
		assert_eq!(score(420_000, 420_000), 0);
		// Informed, voting 0: a peer agrees 0.9 × 0.9 + 0.1 × 0.1 = 82 % of the time, where a
		// vote on another item says 0 58 % of the time.
		let honest = score(820_000, 580_000);
		assert_eq!(honest, 240_000);
		// Divided by the task's mean score, the average informed label earns the reward, and
		// the uninformed one still nothing.
		assert_eq!(normalized(honest, honest as i32), 1_000_000);
		assert_eq!(normalized(0, honest as i32), 0);
		// The mean is never taken below 0.15.
		assert_eq!(normalized(75_000, 10_000), 500_000);
	}

	#[test]
	fn peers_agreement_is_the_share_of_the_other_votes() {
		let schema = LabelSchema::Categorical { classes: 3 };
		let (a, b) = (Label::Class(1), Label::Class(2));
		assert_eq!(
			crate::consensus::peer_agreement(&schema, &[&a, &a, &b]),
			vec![Some(500_000), Some(500_000), Some(0)]
		);
		assert_eq!(crate::consensus::peer_agreement(&schema, &[&a]), vec![None]);
		let mut mean = INITIAL_MEAN_SCORE;
		record_score(&mut mean, 0);
		assert_eq!(mean, 290_625);
		// One outlier moves it at most a thirty-second of one.
		record_score(&mut mean, 50_000_000);
		assert_eq!(mean, 290_625 + (1_000_000 - 290_625) / 32);
	}

	#[test]
	fn pay_is_capped_and_slashes_are_proportional() {
		assert_eq!(pay_for(1_000_000, 100u64, 200), 100);
		assert_eq!(pay_for(500_000, 100u64, 200), 50);
		assert_eq!(pay_for(5_000_000, 100u64, 200), 200);
		assert_eq!(pay_for(-5, 100u64, 200), 0);
		// |score| × reward / (cap × (reward + bonus)): 1 × 100 / (2 × 150) = 1/3.
		assert_eq!(slash_share(-1_000_000, 100u64, 50, 200), Perbill::from_rational(1u32, 3u32));
		assert_eq!(slash_share(-10_000_000, 100u64, 50, 200), Perbill::one());
		assert_eq!(slash_share(0, 100u64, 50, 200), Perbill::zero());
	}

	#[test]
	fn chance_is_estimated_pessimistically_from_other_items_reveals() {
		let schema = LabelSchema::Categorical { classes: 2 };
		assert_eq!(prior_chance(&schema), 500_000);
		assert_eq!(prior_chance(&LabelSchema::FreeText), 0);
		let mut samples: BoundedVec<(ItemId, Label), ConstU32<CHANCE_SAMPLES>> = BoundedVec::new();
		let (zero, one) = (Label::Class(0), Label::Class(1));
		// Nothing revealed yet: one agreeing pseudo-sample and four at the prior, (1 + 2) / 5.
		assert_eq!(chance_of(&schema, &zero, 9, &samples), 600_000);
		// The item's own reveals never count (no self-influence).
		record_revealed(&mut samples, 9, &one);
		assert_eq!(chance_of(&schema, &zero, 9, &samples), 600_000);
		// Attack: a crowd answering class 0 without looking, paid on a new task's first items
		// while the estimate knew nothing. Four reveals on other items that all say 0: class 0
		// agrees by chance for certain, and a lazy label scores nothing.
		for item in 0..4 {
			record_revealed(&mut samples, item, &zero);
		}
		assert_eq!(chance_of(&schema, &zero, 9, &samples), 1_000_000);
		assert_eq!(score(1_000_000, 1_000_000), 0);
		// The pseudo-sample agrees: a class never seen on another item still has 1 / 5.
		assert_eq!(chance_of(&schema, &one, 9, &samples), 200_000);
		// Two reveals on others: two at the prior fill up to four, (2 + 1 + 1) / 5.
		let two: BoundedVec<(ItemId, Label), ConstU32<CHANCE_SAMPLES>> =
			BoundedVec::truncate_from(vec![(1, zero.clone()), (2, zero.clone())]);
		assert_eq!(chance_of(&schema, &zero, 9, &two), 800_000);
		// A ring of the last sixteen reveals, 60/40.
		for k in 0..40u32 {
			record_revealed(&mut samples, 100 + k, if k % 5 < 3 { &zero } else { &one });
		}
		assert_eq!(samples.len() as u32, CHANCE_SAMPLES);
		assert_eq!(samples[0].0, 124);
		// Items 124..=139: nine zeros, seven ones; (9 + 1) / 17.
		assert_eq!(chance_of(&schema, &zero, 9, &samples), 10 * 1_000_000 / 17);
	}
}

mod weight {
	use crate::{mock::test_params, reputation::*, types::*};

	#[test]
	fn ln_matches_floating_point() {
		for n in [1u64, 2, 3, 7, 10, 21, 1000, 1 << 40] {
			let got = ln_scaled(n) as f64 / SCALE as f64;
			assert!((got - (n as f64).ln()).abs() < 1e-9, "ln {n}");
		}
	}

	#[test]
	fn weights_are_log_odds_from_gold_with_a_probation_prior() {
		let p = test_params();
		// A newcomer: ln(4/1).
		assert_eq!(newcomer_weight(&p), 1_386_294);
		let rep = |passes, fails| Reputation {
			credited_passes: passes,
			credited_fails: fails,
			gold_passes: passes,
			gold_fails: fails,
			..Default::default()
		};
		// 18 of 20 gold right: ln(22/3).
		assert_eq!(vote_weight(&rep(18, 2), &p), 1_992_430);
		// A random answerer drifts to zero; worse than random is zero, never negative.
		assert_eq!(vote_weight(&rep(10, 13), &p), 0);
		assert_eq!(vote_weight(&rep(0, 40), &p), 0);
		// The ceiling.
		assert_eq!(vote_weight(&rep(1_000, 0), &p), p.max_vote_weight);
		// A confidence of 90 % needs a margin of ln 9.
		assert_eq!(margin_for(sp_runtime::Perbill::from_percent(90)), 2_197_224);
		assert_eq!(margin_for(sp_runtime::Perbill::from_percent(50)), 0);
	}

	#[test]
	fn one_vendor_moves_a_weight_by_a_bounded_number_of_outcomes() {
		// Attack: a vendor's second account labels the vendor's own gold items with the
		// answers. Only `gold_outcomes_per_vendor` (5) of them count.
		let p = test_params();
		let mut sybil = Reputation::default();
		let vendor = [7u8; 8];
		for _ in 0..40 {
			credit_outcome(&mut sybil, vendor, true, p.gold_outcomes_per_vendor);
		}
		assert_eq!((sybil.gold_passes, sybil.credited_passes), (40, 5));
		// ln((5 + 4) / (0 + 1)) with the mock's prior of four passes and one fail.
		assert_eq!(vote_weight(&sybil, &p), 2_197_224);
		// An honest annotator with forty outcomes spread over eight vendors, one wrong:
		// ln((39 + 4) / (1 + 1)) outweighs the sybil, who cannot buy more from its vendor.
		let mut honest = Reputation::default();
		for v in 0..8u8 {
			for k in 0..5 {
				credit_outcome(&mut honest, [v; 8], k != 0 || v >= 1, p.gold_outcomes_per_vendor);
			}
		}
		assert_eq!((honest.credited_passes, honest.credited_fails), (39, 1));
		assert!(vote_weight(&sybil, &p) < vote_weight(&honest, &p));
		// Fails count within the cap too: one vendor cannot sink an annotator (attack: a
		// competitor's false gold answers) beyond its share.
		let mut target = Reputation::default();
		for _ in 0..40 {
			credit_outcome(&mut target, [9u8; 8], false, p.gold_outcomes_per_vendor);
		}
		assert_eq!((target.gold_fails, target.credited_fails), (40, 5));
		// Past MAX_CREDITED_VENDORS vendors nothing more is credited.
		let mut wide = Reputation::default();
		for v in 0..(MAX_CREDITED_VENDORS + 4) {
			credit_outcome(&mut wide, [v as u8; 8], true, p.gold_outcomes_per_vendor);
		}
		assert_eq!(wide.credited_passes, MAX_CREDITED_VENDORS);
	}

	#[test]
	fn the_suspension_score_rises_on_failures_and_falls_on_passes() {
		let p = test_params();
		let mut rep = Reputation::default();
		// Eight failures in a row cross ln(2.5) × 8 ≈ 7.33 < 8: not yet; the ninth does.
		for _ in 0..8 {
			assert!(!record_risk(&mut rep, true, &p));
		}
		assert!(record_risk(&mut rep, true, &p));
		assert_eq!(rep.risk, 0);
		// A pass lowers it, never below zero.
		assert!(!record_risk(&mut rep, false, &p));
		assert_eq!(rep.risk, 0);
		// Failures among passes at a 20 % rate never build up.
		for k in 0..1_000 {
			assert!(!record_risk(&mut rep, k % 5 == 0, &p));
		}
	}
}
