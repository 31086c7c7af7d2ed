//! Parquet for tabular use (pandas, pyarrow, DuckDB, Spark): one row per accepted item, one
//! column per record field, with the label typed by the task's schema:
//!
//! | schema          | `label` column                                                    |
//! |-----------------|-------------------------------------------------------------------|
//! | categorical     | `int64`                                                           |
//! | multi-label     | `list<int64>` (sorted class indices)                              |
//! | bounding boxes  | `list<struct<class, x, y, width, height: int64>>`                 |
//! | free text       | `string` (0x-hex blake2-256 of the canonical text)                |
//!
//! `schema` is a `struct<kind: string, classes: int64, max_boxes: int64 (null but for boxes)>`;
//! `paid` is a decimal string (amounts exceed 2^63); block numbers are `int64`. The file's
//! key-value metadata `labelchain` holds the provenance (task, genesis, export block).
//! Written with the `parquet` crate's column writers (no Arrow), uncompressed.

use crate::record::Record;
use anyhow::{anyhow, bail, Context, Result};
use parquet::{
	column::writer::ColumnWriter,
	data_type::ByteArray,
	file::{
		metadata::KeyValue,
		properties::WriterProperties,
		reader::{FileReader, SerializedFileReader},
		writer::SerializedFileWriter,
	},
	record::{Field, Row},
	schema::parser::parse_message_type,
};
use serde_json::{json, Map, Value};
use std::{path::Path, sync::Arc};

/// The Parquet message type of a task whose schema is `kind`.
pub fn message_type(kind: &str) -> Result<String> {
	let label = match kind {
		"categorical" => "required int64 label;".to_string(),
		"multi_label" => {
			"required group label (LIST) { repeated group list { required int64 element; } }".into()
		}
		"bounding_boxes" => {
			"required group label (LIST) { repeated group list { required group element { \
			required int64 class; required int64 x; required int64 y; required int64 width; \
			required int64 height; } } }"
				.into()
		}
		"free_text" => "required binary label (UTF8);".into(),
		other => bail!("unknown schema kind `{other}`"),
	};
	Ok(format!(
		"message labelchain_record {{
			required int64 task;
			required int64 item;
			required binary content_uri (UTF8);
			required binary content_hash (UTF8);
			required group schema {{
				required binary kind (UTF8);
				required int64 classes;
				optional int64 max_boxes;
			}}
			{label}
			required double agreement;
			required int64 agreement_ppb;
			required int64 annotators;
			required int64 agreeing;
			required boolean gold;
			required binary decided_by (UTF8);
			required binary payout_tier (UTF8);
			required binary paid (UTF8);
			required int64 round;
			required int64 settled_block;
			required binary settled_block_hash (UTF8);
			required binary genesis_hash (UTF8);
			required int64 exported_block;
			required binary exported_block_hash (UTF8);
		}}"
	))
}

/// One leaf column's values and levels.
enum Values {
	Int(Vec<i64>),
	Double(Vec<f64>),
	Bool(Vec<bool>),
	Text(Vec<ByteArray>),
}

struct Column {
	values: Values,
	def: Option<Vec<i16>>,
	rep: Option<Vec<i16>>,
}

impl Column {
	fn plain(values: Values) -> Self {
		Self { values, def: None, rep: None }
	}
}

fn ints(records: &[Record], f: impl Fn(&Record) -> u64) -> Column {
	Column::plain(Values::Int(records.iter().map(|r| f(r) as i64).collect()))
}

fn texts(records: &[Record], f: impl Fn(&Record) -> &str) -> Column {
	Column::plain(Values::Text(records.iter().map(|r| ByteArray::from(f(r))).collect()))
}

/// A list column's leaves: `pick` gives each record's elements (one value per leaf each).
fn list_columns(
	records: &[Record],
	leaves: usize,
	pick: impl Fn(&Value) -> Result<Vec<Vec<i64>>>,
) -> Result<Vec<Column>> {
	let mut values = vec![Vec::new(); leaves];
	let (mut def, mut rep) = (Vec::new(), Vec::new());
	for r in records {
		let elements =
			pick(&r.label).with_context(|| format!("item {}: label {}", r.item, r.label))?;
		if elements.is_empty() {
			def.push(0);
			rep.push(0);
		}
		for (i, element) in elements.iter().enumerate() {
			def.push(1);
			rep.push(if i == 0 { 0 } else { 1 });
			for (leaf, v) in values.iter_mut().zip(element) {
				leaf.push(*v);
			}
		}
	}
	Ok(values
		.into_iter()
		.map(|v| Column { values: Values::Int(v), def: Some(def.clone()), rep: Some(rep.clone()) })
		.collect())
}

fn label_columns(kind: &str, records: &[Record]) -> Result<Vec<Column>> {
	let int =
		|v: &Value| v.as_u64().map(|n| n as i64).ok_or_else(|| anyhow!("{v} is not a number"));
	Ok(match kind {
		"categorical" => {
			let v = records.iter().map(|r| int(&r.label)).collect::<Result<Vec<_>>>()?;
			vec![Column::plain(Values::Int(v))]
		}
		"multi_label" => list_columns(records, 1, |label| {
			label.as_array().context("not a list")?.iter().map(|c| Ok(vec![int(c)?])).collect()
		})?,
		"bounding_boxes" => list_columns(records, 5, |label| {
			label
				.as_array()
				.context("not a list")?
				.iter()
				.map(|b| {
					["class", "x", "y", "width", "height"]
						.iter()
						.map(|k| int(b.get(*k).unwrap_or(&Value::Null)))
						.collect()
				})
				.collect()
		})?,
		"free_text" => vec![texts(records, |r| r.label.as_str().unwrap_or_default())],
		other => bail!("unknown schema kind `{other}`"),
	})
}

/// The Parquet file of `records` (all of one task).
pub fn to_parquet(records: &[Record]) -> Result<Vec<u8>> {
	let first = records.first().ok_or_else(|| anyhow!("no records"))?;
	let kind = first.schema.kind.as_str();
	let schema = Arc::new(parse_message_type(&message_type(kind)?)?);
	let mut columns = vec![
		ints(records, |r| r.task.into()),
		ints(records, |r| r.item.into()),
		texts(records, |r| &r.content_uri),
		texts(records, |r| &r.content_hash),
		texts(records, |r| &r.schema.kind),
		ints(records, |r| r.schema.classes.into()),
		Column {
			values: Values::Int(
				records.iter().filter_map(|r| r.schema.max_boxes).map(i64::from).collect(),
			),
			def: Some(records.iter().map(|r| r.schema.max_boxes.is_some() as i16).collect()),
			rep: None,
		},
	];
	columns.extend(label_columns(kind, records)?);
	columns.extend([
		Column::plain(Values::Double(records.iter().map(|r| r.agreement).collect())),
		ints(records, |r| r.agreement_ppb.into()),
		ints(records, |r| r.annotators.into()),
		ints(records, |r| r.agreeing.into()),
		Column::plain(Values::Bool(records.iter().map(|r| r.gold).collect())),
		texts(records, |r| &r.decided_by),
		texts(records, |r| &r.payout_tier),
		texts(records, |r| &r.paid),
		ints(records, |r| r.round.into()),
		ints(records, |r| r.settled_block.into()),
		texts(records, |r| &r.settled_block_hash),
		texts(records, |r| &r.genesis_hash),
		ints(records, |r| r.exported_block.into()),
		texts(records, |r| &r.exported_block_hash),
	]);
	let provenance = json!({
		"task": first.task,
		"genesis_hash": first.genesis_hash,
		"exported_block": first.exported_block,
		"exported_block_hash": first.exported_block_hash,
	});
	let properties = WriterProperties::builder()
		.set_created_by(format!("labelchain-cli {}", env!("CARGO_PKG_VERSION")))
		.set_key_value_metadata(Some(vec![KeyValue::new(
			"labelchain".into(),
			provenance.to_string(),
		)]))
		.build();
	let mut writer = SerializedFileWriter::new(Vec::new(), schema, Arc::new(properties))?;
	let mut group = writer.next_row_group()?;
	let mut columns = columns.into_iter();
	while let Some(mut column) = group.next_column()? {
		let Column { values, def, rep } =
			columns.next().ok_or_else(|| anyhow!("the schema has more columns than the data"))?;
		let (def, rep) = (def.as_deref(), rep.as_deref());
		match (column.untyped(), values) {
			(ColumnWriter::Int64ColumnWriter(w), Values::Int(v)) => w.write_batch(&v, def, rep)?,
			(ColumnWriter::DoubleColumnWriter(w), Values::Double(v)) => {
				w.write_batch(&v, def, rep)?
			}
			(ColumnWriter::BoolColumnWriter(w), Values::Bool(v)) => w.write_batch(&v, def, rep)?,
			(ColumnWriter::ByteArrayColumnWriter(w), Values::Text(v)) => {
				w.write_batch(&v, def, rep)?
			}
			_ => bail!("a column's values do not have the schema's type"),
		};
		column.close()?;
	}
	if columns.next().is_some() {
		bail!("the data has more columns than the schema");
	}
	group.close()?;
	Ok(writer.into_inner()?)
}

fn json_of(field: &Field) -> Result<Value> {
	Ok(match field {
		Field::Null => Value::Null,
		Field::Bool(b) => json!(b),
		Field::Long(n) => json!(n),
		Field::Double(d) => serde_json::Number::from_f64(*d)
			.map(Value::Number)
			.ok_or_else(|| anyhow!("{d} is not a number"))?,
		Field::Str(s) => json!(s),
		Field::Group(row) => object_of(row)?,
		Field::ListInternal(list) => {
			Value::Array(list.elements().iter().map(json_of).collect::<Result<_>>()?)
		}
		other => bail!("a value of an unexpected type: {other:?}"),
	})
}

fn object_of(row: &Row) -> Result<Value> {
	let mut out = Map::new();
	for (name, field) in row.get_column_iter() {
		out.insert(name.clone(), json_of(field)?);
	}
	Ok(Value::Object(out))
}

/// The rows of a Parquet file written by [`to_parquet`], as record JSON (a null `max_boxes`
/// dropped, as records leave it out).
pub fn from_parquet(path: &Path) -> Result<Vec<Value>> {
	let file =
		std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
	let reader = SerializedFileReader::new(file)
		.with_context(|| format!("{} is not a Parquet file", path.display()))?;
	let mut out = Vec::new();
	for row in reader.get_row_iter(None)? {
		let mut value = object_of(&row?)?;
		if let Some(schema) = value.get_mut("schema").and_then(Value::as_object_mut) {
			if schema.get("max_boxes") == Some(&Value::Null) {
				schema.remove("max_boxes");
			}
		}
		out.push(value);
	}
	Ok(out)
}

/// The provenance stored in a Parquet file's metadata.
pub fn provenance(path: &Path) -> Result<Option<Value>> {
	let file = std::fs::File::open(path)?;
	let reader = SerializedFileReader::new(file)?;
	let kv = reader.metadata().file_metadata().key_value_metadata();
	Ok(kv
		.into_iter()
		.flatten()
		.find(|kv| kv.key == "labelchain")
		.and_then(|kv| kv.value.as_deref())
		.and_then(|v| serde_json::from_str(v).ok()))
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::record::sample;

	fn round_trip(records: &[Record]) -> Vec<Record> {
		let dir = tempfile::tempdir().expect("tmp");
		let path = dir.path().join("t.parquet");
		std::fs::write(&path, to_parquet(records).expect("written")).expect("write");
		assert_eq!(
			provenance(&path).expect("read").expect("present")["exported_block_hash"],
			json!(records[0].exported_block_hash)
		);
		from_parquet(&path)
			.expect("reads")
			.into_iter()
			.map(|v| serde_json::from_value(v).expect("a record"))
			.collect()
	}

	#[test]
	fn every_schema_round_trips_with_typed_labels() {
		let mut cats = vec![sample(0, "categorical", json!(2)), sample(1, "categorical", json!(0))];
		cats[1].paid = u128::MAX.to_string();
		cats[1].agreement = 0.666666667;
		cats[1].agreement_ppb = 666_666_667;
		assert_eq!(round_trip(&cats), cats);
		let multi = vec![
			sample(0, "multi_label", json!([0, 2])),
			sample(1, "multi_label", json!([])),
			sample(2, "multi_label", json!([1])),
		];
		assert_eq!(round_trip(&multi), multi);
		let b = |class, x| json!({"class": class, "x": x, "y": 2, "width": 3, "height": 4});
		let boxes = vec![
			sample(0, "bounding_boxes", json!([b(1, 10), b(0, 20)])),
			sample(1, "bounding_boxes", json!([])),
			sample(2, "bounding_boxes", json!([b(0, 5)])),
		];
		assert_eq!(round_trip(&boxes), boxes);
		let text = vec![sample(0, "free_text", json!(format!("0x{}", "cd".repeat(32))))];
		assert_eq!(round_trip(&text), text);
	}

	#[test]
	fn a_label_outside_its_schema_is_not_written() {
		let err = to_parquet(&[sample(0, "categorical", json!("x"))]).unwrap_err().to_string();
		assert!(err.contains("not a number"), "{err}");
		assert!(to_parquet(&[sample(0, "ranking", json!(1))]).is_err());
		let dir = tempfile::tempdir().expect("tmp");
		let path = dir.path().join("x.parquet");
		std::fs::write(&path, b"PAR1 not really").expect("write");
		assert!(from_parquet(&path).is_err());
	}
}
