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

const TWO_THIRDS: AgreementRule = AgreementRule { numerator: 2, denominator: 3 };

#[test]
fn agreement_rule_is_a_strict_majority_and_exact() {
	assert!(TWO_THIRDS.is_valid());
	assert!(!AgreementRule { numerator: 1, denominator: 2 }.is_valid());
	assert!(!AgreementRule { numerator: 4, denominator: 3 }.is_valid());
	assert!(!AgreementRule { numerator: 0, denominator: 0 }.is_valid());
	assert!(TWO_THIRDS.is_met(2, 3));
	assert!(!TWO_THIRDS.is_met(1_999_999, 3_000_000));
	assert!(!TWO_THIRDS.is_met(0, 0));
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

#[test]
fn categorical_two_of_three() {
	let schema = LabelSchema::Categorical { classes: 3 };
	let (a, b) = (Label::Class(1), Label::Class(2));
	let c = consensus(&schema, &TWO_THIRDS, &[(&a, 1), (&b, 1), (&a, 1)]).unwrap();
	assert_eq!((c.label, c.support, c.total), (a.clone(), 2, 3));
	assert_eq!(consensus(&schema, &TWO_THIRDS, &[(&a, 1), (&b, 1), (&Label::Class(0), 1)]), None);
	// Weight decides: one trusted annotator outweighs two newcomers at 4 vs 2.
	let c = consensus(&schema, &TWO_THIRDS, &[(&a, 4), (&b, 1), (&b, 1)]).unwrap();
	assert_eq!(c.label, a);
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
	let got = consensus(&schema, &TWO_THIRDS, &[(&c, 1), (&a, 1), (&b, 1)]).unwrap();
	assert_eq!((got.label, got.support), (a, 2));
}

#[test]
fn multi_label_decides_per_class() {
	let schema = LabelSchema::MultiLabel { classes: 3 };
	let (x, y, z) = (Label::Classes(0b011), Label::Classes(0b001), Label::Classes(0b011));
	let c = best_candidate(&schema, &[(&x, 1), (&y, 1), (&z, 1)]).unwrap();
	// Class 0: 3/3 in; class 1: 2/3 in; class 2: 3/3 out. Weakest: 2 of 3.
	assert_eq!((c.label, c.support, c.total), (Label::Classes(0b011), 2, 3));
	assert!(TWO_THIRDS.is_met(c.support, c.total));
	let split = [(&x, 1), (&y, 1)];
	let c = best_candidate(&schema, &split).unwrap();
	assert!(!TWO_THIRDS.is_met(c.support, c.total));
}

#[test]
fn free_text_compares_hashes() {
	let schema = LabelSchema::FreeText;
	let a = Label::Text([1u8; 32].into());
	let b = Label::Text([2u8; 32].into());
	assert_eq!(consensus(&schema, &TWO_THIRDS, &[(&a, 1), (&a, 1), (&b, 1)]).unwrap().label, a);
	assert_eq!(best_candidate(&schema, &[]), None);
}
