//! The classic aggregators, run on the same revealed votes the chain saw, to compare with the
//! chain's accepted labels: majority vote, and one-coin Dawid–Skene (each annotator right with
//! an unknown probability, estimated by EM from all their votes; Dawid and Skene, 1979).

use crate::model::SchemaKind;
use pallet_labeling::Label;

/// One item's votes: (annotator index, label), in reveal order.
pub type Votes = Vec<(usize, Label)>;

/// The votes grouped by agreement: each group's first label and the votes in it.
fn groups(kind: &SchemaKind, votes: &Votes) -> Vec<(Label, Vec<usize>)> {
	let mut out: Vec<(Label, Vec<usize>)> = Vec::new();
	for (i, (_, label)) in votes.iter().enumerate() {
		match out.iter_mut().find(|(l, _)| kind.agree(l, label)) {
			Some((_, members)) => members.push(i),
			None => out.push((label.clone(), vec![i])),
		}
	}
	out
}

/// The label most votes agree with; a tie goes to the label revealed first.
pub fn majority(kind: &SchemaKind, votes: &Votes) -> Option<Label> {
	let mut best: Option<(Label, usize)> = None;
	for (label, members) in groups(kind, votes) {
		if best.as_ref().is_none_or(|(_, n)| members.len() > *n) {
			best = Some((label, members.len()));
		}
	}
	best.map(|(l, _)| l)
}

/// One-coin Dawid–Skene over every item's votes; returns each item's most probable label.
pub fn dawid_skene(kind: &SchemaKind, items: &[Votes], annotators: usize) -> Vec<Option<Label>> {
	let choices = kind.choices().max(2) as f64;
	let grouped: Vec<Vec<(Label, Vec<usize>)>> = items.iter().map(|v| groups(kind, v)).collect();
	let mut p = vec![0.7f64; annotators];
	let mut posteriors: Vec<Vec<f64>> = Vec::new();
	for _ in 0..30 {
		// E: each item's posterior over its groups of votes.
		posteriors = items
			.iter()
			.zip(grouped.iter())
			.map(|(votes, groups)| {
				let logs: Vec<f64> = groups
					.iter()
					.map(|(_, members)| {
						votes
							.iter()
							.enumerate()
							.map(|(i, (a, _))| {
								let pa = p[*a].clamp(0.01, 0.99);
								if members.contains(&i) {
									pa.ln()
								} else {
									((1.0 - pa) / (choices - 1.0)).ln()
								}
							})
							.sum()
					})
					.collect();
				let max = logs.iter().cloned().fold(f64::MIN, f64::max);
				let exps: Vec<f64> = logs.iter().map(|l| (l - max).exp()).collect();
				let total: f64 = exps.iter().sum();
				exps.iter().map(|e| e / total).collect()
			})
			.collect();
		// M: each annotator's accuracy, the expected share of their votes that are right.
		let mut right = vec![1.0f64; annotators];
		let mut count = vec![2.0f64; annotators];
		for ((votes, groups), post) in items.iter().zip(grouped.iter()).zip(posteriors.iter()) {
			for (g, (_, members)) in groups.iter().enumerate() {
				for i in members {
					right[votes[*i].0] += post[g];
				}
			}
			for (a, _) in votes {
				count[*a] += 1.0;
			}
		}
		for a in 0..annotators {
			p[a] = right[a] / count[a];
		}
	}
	grouped
		.iter()
		.zip(posteriors.iter())
		.map(|(groups, post)| {
			post.iter()
				.enumerate()
				.max_by(|a, b| a.1.partial_cmp(b.1).unwrap_or(std::cmp::Ordering::Equal))
				.map(|(g, _)| groups[g].0.clone())
		})
		.collect()
}
