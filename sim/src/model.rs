//! What the simulated world is made of: items with a ground truth and a difficulty, label
//! schemas, and how each kind of annotator answers.

use frame_support::BoundedVec;
use pallet_labeling::{BoundingBox, Label, LabelSchema};
use serde::Serialize;
use sp_core::H256;
use sp_runtime::Perbill;

/// A small, seeded, reproducible generator (splitmix64).
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
	pub fn new(seed: u64) -> Self {
		Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
	}
	pub fn next_u64(&mut self) -> u64 {
		self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
		let mut z = self.0;
		z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
		z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
		z ^ (z >> 31)
	}
	/// Uniform in [0, 1).
	pub fn unit(&mut self) -> f64 {
		(self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
	}
	pub fn chance(&mut self, p: f64) -> bool {
		self.unit() < p
	}
	pub fn below(&mut self, n: u64) -> u64 {
		self.next_u64() % n.max(1)
	}
	pub fn bytes32(&mut self) -> [u8; 32] {
		let mut out = [0u8; 32];
		for chunk in out.chunks_mut(8) {
			chunk.copy_from_slice(&self.next_u64().to_le_bytes());
		}
		out
	}
	/// An index drawn with the given weights.
	pub fn weighted(&mut self, weights: &[f64]) -> usize {
		let total: f64 = weights.iter().sum();
		let mut x = self.unit() * total;
		for (i, w) in weights.iter().enumerate() {
			if x < *w {
				return i;
			}
			x -= w;
		}
		weights.len() - 1
	}
}

/// The kinds of task the simulation posts.
#[derive(Clone, Debug, Serialize)]
pub enum SchemaKind {
	/// One class of `priors.len()`, drawn with these priors (class 0 the most common).
	Categorical { priors: Vec<f64> },
	/// A subset of four classes, each present with its probability.
	MultiLabel { presence: Vec<f64> },
	/// One to three boxes of two classes.
	Boxes,
	/// Free text, compared by the hash of its canonical form.
	FreeText,
}

/// An item's ground truth.
#[derive(Clone, Debug)]
pub struct Truth {
	pub label: Label,
	/// The wrong label careful annotators most often give on a hard item (errors correlate).
	pub confusable: Label,
	/// Hard items (one in five) are answered less accurately.
	pub hard: bool,
}

fn boxes(v: Vec<BoundingBox>) -> Label {
	Label::Boxes(BoundedVec::truncate_from(v))
}

impl SchemaKind {
	pub fn name(&self) -> String {
		match self {
			SchemaKind::Categorical { priors } => format!(
				"categorical {}",
				priors.iter().map(|p| format!("{:.0}", p * 100.0)).collect::<Vec<_>>().join("/")
			),
			SchemaKind::MultiLabel { .. } => "multi-label (4 classes)".into(),
			SchemaKind::Boxes => "bounding boxes".into(),
			SchemaKind::FreeText => "free text".into(),
		}
	}

	pub fn schema(&self) -> LabelSchema {
		match self {
			SchemaKind::Categorical { priors } => {
				LabelSchema::Categorical { classes: priors.len() as u32 }
			}
			SchemaKind::MultiLabel { presence } => {
				LabelSchema::MultiLabel { classes: presence.len() as u32 }
			}
			SchemaKind::Boxes => LabelSchema::BoundingBoxes {
				classes: 2,
				max_boxes: 4,
				min_iou: Perbill::from_percent(50),
			},
			SchemaKind::FreeText => LabelSchema::FreeText,
		}
	}

	/// How many answers there are to choose from (for Dawid–Skene's error model).
	pub fn choices(&self) -> usize {
		match self {
			SchemaKind::Categorical { priors } => priors.len(),
			SchemaKind::MultiLabel { presence } => 1 << presence.len(),
			_ => 1_000,
		}
	}

	fn random_box(rng: &mut Rng) -> BoundingBox {
		BoundingBox {
			class: rng.below(2) as u32,
			x: rng.below(500) as u32,
			y: rng.below(500) as u32,
			width: 40 + rng.below(80) as u32,
			height: 40 + rng.below(80) as u32,
		}
	}

	pub fn truth(&self, rng: &mut Rng) -> Truth {
		let hard = rng.chance(0.2);
		let label = match self {
			SchemaKind::Categorical { priors } => Label::Class(rng.weighted(priors) as u32),
			SchemaKind::MultiLabel { presence } => {
				let mut mask = 0u64;
				for (c, p) in presence.iter().enumerate() {
					if rng.chance(*p) {
						mask |= 1 << c;
					}
				}
				Label::Classes(mask)
			}
			SchemaKind::Boxes => {
				boxes((0..1 + rng.below(3)).map(|_| Self::random_box(rng)).collect())
			}
			SchemaKind::FreeText => Label::Text(H256(rng.bytes32())),
		};
		let confusable = self.other_than(&label, rng);
		Truth { label, confusable, hard }
	}

	/// A label that is not `label`, at random.
	fn other_than(&self, label: &Label, rng: &mut Rng) -> Label {
		match (self, label) {
			(SchemaKind::Categorical { priors }, Label::Class(c)) => {
				let k = priors.len() as u64;
				Label::Class(((*c as u64 + 1 + rng.below(k - 1)) % k) as u32)
			}
			(SchemaKind::MultiLabel { presence }, Label::Classes(mask)) => {
				let bit = rng.below(presence.len() as u64);
				Label::Classes(mask ^ (1 << bit))
			}
			(SchemaKind::Boxes, Label::Boxes(b)) => {
				let mut v = b.to_vec();
				match rng.below(3) {
					// A box missed.
					0 if v.len() > 1 => {
						v.pop();
					}
					// A box of the wrong class.
					1 => v[0].class = 1 - v[0].class,
					// An extra box.
					_ => v.push(Self::random_box(rng)),
				}
				boxes(v)
			}
			_ => Label::Text(H256(rng.bytes32())),
		}
	}

	/// The same answer as `label`, drawn by another hand: boxes a few pixels off.
	fn redrawn(&self, label: &Label, rng: &mut Rng) -> Label {
		match label {
			Label::Boxes(b) => boxes(
				b.iter()
					.map(|x| BoundingBox {
						x: x.x + rng.below(4) as u32,
						y: x.y + rng.below(4) as u32,
						width: x.width - 2 + rng.below(4) as u32,
						height: x.height - 2 + rng.below(4) as u32,
						..*x
					})
					.collect(),
			),
			other => other.clone(),
		}
	}

	/// An informed annotator of accuracy `q`: right with `q` (0.15 less on the one item in five
	/// that is hard, 0.0375 more on the others: `q` on average); a wrong answer is the item's
	/// confusable one seven times in ten, so errors on an item correlate.
	pub fn informed(&self, truth: &Truth, q: f64, rng: &mut Rng) -> Label {
		let q = if truth.hard { q - 0.15 } else { q + 0.0375 };
		let q = q.clamp(1.0 / self.choices().min(1_000) as f64, 0.995);
		if rng.chance(q) {
			self.redrawn(&truth.label, rng)
		} else if rng.chance(0.7) {
			self.redrawn(&truth.confusable, rng)
		} else {
			self.other_than(&truth.label, rng)
		}
	}

	/// An answer that ignores the item.
	pub fn random(&self, rng: &mut Rng) -> Label {
		match self {
			SchemaKind::Categorical { priors } => {
				Label::Class(rng.below(priors.len() as u64) as u32)
			}
			SchemaKind::MultiLabel { presence } => Label::Classes(rng.below(1 << presence.len())),
			SchemaKind::Boxes => {
				boxes((0..1 + rng.below(3)).map(|_| Self::random_box(rng)).collect())
			}
			SchemaKind::FreeText => Label::Text(H256(rng.bytes32())),
		}
	}

	/// The most common answer, given without looking at the item.
	pub fn lazy(&self) -> Label {
		match self {
			SchemaKind::Categorical { .. } => Label::Class(0),
			SchemaKind::MultiLabel { presence } => Label::Classes(
				presence.iter().enumerate().filter(|(_, p)| **p > 0.5).map(|(c, _)| 1 << c).sum(),
			),
			SchemaKind::Boxes => boxes(vec![]),
			SchemaKind::FreeText => Label::Text(H256::zero()),
		}
	}

	/// The one label a colluding bloc always gives (the least common class).
	pub fn bloc(&self) -> Label {
		match self {
			SchemaKind::Categorical { priors } => Label::Class(priors.len() as u32 - 1),
			SchemaKind::MultiLabel { presence } => Label::Classes((1 << presence.len()) - 1),
			SchemaKind::Boxes => {
				boxes(vec![BoundingBox { class: 1, x: 0, y: 0, width: 600, height: 600 }])
			}
			SchemaKind::FreeText => Label::Text(H256::repeat_byte(0xbb)),
		}
	}

	pub fn agree(&self, a: &Label, b: &Label) -> bool {
		pallet_labeling::consensus::labels_agree(&self.schema(), a, b)
	}
}

/// How an annotator behaves.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub enum Strategy {
	/// Looks at every item; right with probability `q`.
	Honest { q: f64 },
	/// Answers at random.
	Random,
	/// Answers the most common class without looking.
	Lazy,
	/// A colluding bloc: always the same label. `coordinated` members ask for seats in the
	/// same task in the same block, trying to land on the same items.
	Bloc { coordinated: bool },
	/// A random answerer who moves to a fresh account after `after` labels (dodging
	/// suspension), leaving the old stake to unbond.
	Rotator { after: u32 },
	/// A vendor's second account: labels only its vendor's tasks, answers gold items with the
	/// answers it knows and the others with accuracy `q`.
	Sybil { q: f64 },
	/// Annotators who share answers off chain: whoever of the ring labels an item first tells
	/// the others, who copy it without looking.
	Ring { q: f64 },
}

impl Strategy {
	pub fn name(&self) -> String {
		match self {
			Strategy::Honest { q } => format!("honest q={q}"),
			Strategy::Random => "random spammer".into(),
			Strategy::Lazy => "lazy (majority class)".into(),
			Strategy::Bloc { coordinated: false } => "colluding bloc (fixed label)".into(),
			Strategy::Bloc { coordinated: true } => {
				"colluding bloc, coordinated seat requests".into()
			}
			Strategy::Rotator { after } => format!("rotator (new account every {after} labels)"),
			Strategy::Sybil { q } => format!("vendor's sybil (q={q} + known gold)"),
			Strategy::Ring { q } => format!("answer-sharing ring (q={q})"),
		}
	}
}
