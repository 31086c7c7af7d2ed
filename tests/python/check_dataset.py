"""Loads LabelChain datasets with the libraries training teams use and checks what they read.

Run by tests/e2e/export.test.js on datasets exported from a real dev chain:

    python check_dataset.py manifest.json

The manifest lists, per task, the exported files, the images directory and the records the
test already checked against the chain through polkadot.js (`expected`). Every loader must
give back exactly those values, with the right types:

- JSON Lines: pandas (`read_json(lines=True, dtype={"paid": str, "agreement": "float64"})`,
  the dtypes the dataset card documents: pandas otherwise reads amounts as floats and a column
  of whole agreements as integers) and Hugging Face `datasets` (by file, and by directory through the card's YAML);
- Parquet: pyarrow (typed columns) and pandas;
- TFRecord: the framing's CRC32C checked with the `crc32c` package, every record parsed as a
  `tf.train.Example` by Google's protobuf runtime, and read by the `tfrecord` package;
- COCO: pycocotools, with the image files, sizes and boxes.

It then writes tampered copies (`tampered` in the manifest) that `labelchain-cli verify` must
refuse: a TFRecord whose label feature was changed (record left alone), a TFRecord whose
record was changed, and a Parquet file with a changed label.
"""

import json
import math
import os
import struct
import sys
import tempfile

os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_HOME", tempfile.mkdtemp(prefix="labelchain-hf-"))
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")

import crc32c  # noqa: E402
import datasets  # noqa: E402
import pandas as pd  # noqa: E402
import pyarrow as pa  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402
from pycocotools.coco import COCO  # noqa: E402
from tfrecord import example_pb2  # noqa: E402
from tfrecord.reader import tfrecord_loader  # noqa: E402

datasets.disable_progress_bars()
datasets.logging.set_verbosity_error()

BLOCK_FIELDS = ("settled_block", "exported_block")


def check(cond, message):
    if not cond:
        raise AssertionError(message)


def plain(record):
    """A record with a null `schema.max_boxes` dropped (as the JSON form leaves it out)."""
    out = dict(record)
    schema = dict(out["schema"])
    if schema.get("max_boxes") is None:
        schema.pop("max_boxes", None)
    out["schema"] = schema
    return out


def same_records(got, expected, where):
    # `agreement` is a float in every file; the manifest's JSON (written by JavaScript) prints
    # a whole one as an integer.
    expected = [dict(e, agreement=float(e["agreement"])) for e in expected]
    check(len(got) == len(expected), f"{where}: {len(got)} records, expected {len(expected)}")
    for g, e in zip(got, expected):
        g = plain(g)
        for key, want in e.items():
            have = g.get(key)
            if isinstance(want, float):
                check(isinstance(have, float) and have == want, f"{where}: item {e['item']} `{key}` is {have!r}, expected {want!r}")
            else:
                check(have == want and type(have) is type(want),
                      f"{where}: item {e['item']} `{key}` is {have!r} ({type(have).__name__}), expected {want!r} ({type(want).__name__})")
        check(set(g) == set(e), f"{where}: fields {sorted(g)} are not {sorted(e)}")


def python_value(v):
    """numpy/pandas scalars and arrays to plain Python values."""
    if hasattr(v, "tolist"):
        v = v.tolist()
    if isinstance(v, list):
        return [python_value(x) for x in v]
    if isinstance(v, dict):
        return {k: python_value(x) for k, x in v.items()}
    return v


def check_jsonl(path, expected, card_dir):
    df = pd.read_json(path, lines=True, dtype={"paid": str, "agreement": "float64"})
    for field in BLOCK_FIELDS:
        check(str(df[field].dtype) == "int64", f"pandas: `{field}` is {df[field].dtype}, not int64")
    check(all(isinstance(p, str) for p in df["paid"]), "pandas: `paid` is not read as text")
    rows = [{k: python_value(v) for k, v in row.items()} for row in df.to_dict(orient="records")]
    same_records(rows, expected, f"pandas {path}")
    # Without the dtype, no column turns into a date (block numbers are named `*_block`).
    df = pd.read_json(path, lines=True)
    dates = [c for c in df.columns if "datetime" in str(df[c].dtype)]
    check(not dates, f"pandas reads {dates} as dates")

    ds = datasets.load_dataset("json", data_files=path, split="train")
    check(ds.features["paid"].dtype == "string", f"datasets: `paid` is {ds.features['paid']}")
    for field in BLOCK_FIELDS:
        check(ds.features[field].dtype == "int64", f"datasets: `{field}` is {ds.features[field]}")
    same_records(list(ds), expected, f"datasets {path}")
    # The card's YAML names the data files: the directory loads as a dataset.
    by_dir = datasets.load_dataset(card_dir, split="train")
    same_records(list(by_dir), expected, f"datasets (directory {card_dir})")
    print(f"OK JSON Lines {path}: pandas and datasets read {len(expected)} records")


LABEL_TYPES = {
    "categorical": pa.int64(),
    "multi_label": pa.list_(pa.field("element", pa.int64(), nullable=False)),
    "bounding_boxes": pa.list_(pa.field("element", pa.struct(
        [pa.field(n, pa.int64(), nullable=False) for n in ("class", "x", "y", "width", "height")]), nullable=False)),
    "free_text": pa.string(),
}


def check_parquet(path, expected, kind):
    table = pq.read_table(path)
    label = table.schema.field("label").type
    check(label.equals(LABEL_TYPES[kind]), f"pyarrow: `label` is {label}, expected {LABEL_TYPES[kind]}")
    check(table.schema.field("paid").type == pa.string(), "pyarrow: `paid` is not a string")
    for field in BLOCK_FIELDS:
        check(table.schema.field(field).type == pa.int64(), f"pyarrow: `{field}` is not int64")
    meta = json.loads(table.schema.metadata[b"labelchain"])
    check(meta["exported_block_hash"] == expected[0]["exported_block_hash"], "pyarrow: provenance metadata")
    same_records(table.to_pylist(), expected, f"pyarrow {path}")
    df = pd.read_parquet(path)
    check(len(df) == len(expected) and str(df["settled_block"].dtype) == "int64", "pandas read_parquet")
    print(f"OK Parquet {path}: pyarrow and pandas read {len(expected)} typed records")


def frames(path):
    """The records of a TFRecord file, each CRC checked with the crc32c package."""
    def masked(data):
        crc = crc32c.crc32c(data)
        return ((((crc >> 15) | (crc << 17)) & 0xFFFFFFFF) + 0xA282EAD8) & 0xFFFFFFFF

    data = open(path, "rb").read()
    out, at = [], 0
    while at < len(data):
        length_bytes = data[at:at + 8]
        (length,) = struct.unpack("<Q", length_bytes)
        (crc,) = struct.unpack("<I", data[at + 8:at + 12])
        check(crc == masked(length_bytes), f"{path}: record {len(out) + 1}: length CRC")
        body = data[at + 12:at + 12 + length]
        (crc,) = struct.unpack("<I", data[at + 12 + length:at + 16 + length])
        check(crc == masked(body), f"{path}: record {len(out) + 1}: data CRC")
        out.append(body)
        at += 16 + length
    return out


def feature(example, name):
    f = example.features.feature[name]
    kind = f.WhichOneof("kind")
    return list(getattr(f, kind).value) if kind else []


def check_tfrecord(path, expected, kind, images_dir, sizes):
    examples = [example_pb2.Example.FromString(b) for b in frames(path)]
    check(len(examples) == len(expected), f"{path}: {len(examples)} examples")
    for ex, e in zip(examples, expected):
        record = json.loads(feature(ex, "labelchain/record")[0])
        same_records([record], [e], f"{path} labelchain/record")
        check(feature(ex, "image/source_id") == [str(e["item"]).encode()], "image/source_id")
        if kind == "categorical":
            check(feature(ex, "image/class/label") == [e["label"]], f"item {e['item']}: image/class/label")
        elif kind == "multi_label":
            check(feature(ex, "image/class/label") == e["label"], f"item {e['item']}: image/class/label")
        elif kind == "free_text":
            check(feature(ex, "text/hash") == [e["label"].encode()], "text/hash")
        else:
            w, h = sizes[str(e["item"])]
            check(feature(ex, "image/width") == [w] and feature(ex, "image/height") == [h], "image size")
            name = feature(ex, "image/filename")[0].decode()
            check(feature(ex, "image/encoded")[0] == open(os.path.join(images_dir, name), "rb").read(), "image/encoded")
            boxes = e["label"]
            for key, value in (("xmin", lambda b: b["x"] / w), ("ymin", lambda b: b["y"] / h),
                               ("xmax", lambda b: (b["x"] + b["width"]) / w),
                               ("ymax", lambda b: (b["y"] + b["height"]) / h)):
                got = feature(ex, f"image/object/bbox/{key}")
                check(len(got) == len(boxes) and all(math.isclose(g, value(b), rel_tol=1e-6) for g, b in zip(got, boxes)),
                      f"item {e['item']}: image/object/bbox/{key} {got}")
            check(feature(ex, "image/object/class/label") == [b["class"] + 1 for b in boxes], "class labels")
    # And the tfrecord package reads every example.
    loaded = list(tfrecord_loader(path, None))
    check(len(loaded) == len(expected), "tfrecord_loader")
    check([int(bytes(x["image/source_id"])) for x in loaded] == [e["item"] for e in expected], "tfrecord_loader ids")
    print(f"OK TFRecord {path}: {len(expected)} examples, CRCs and features checked")


def check_coco(path, expected, images_dir, sizes):
    coco = COCO(path)
    ids = sorted(coco.getImgIds())
    check(ids == [e["item"] for e in expected], f"pycocotools: image ids {ids}")
    for e in expected:
        (img,) = coco.loadImgs(e["item"])
        w, h = sizes[str(e["item"])]
        check((img["width"], img["height"]) == (w, h), f"pycocotools: image {e['item']} size {img['width']}×{img['height']}")
        check(os.path.isfile(os.path.join(images_dir, img["file_name"])), f"{img['file_name']} not in {images_dir}")
        check(img["coco_url"] == e["content_uri"], "coco_url")
        anns = coco.loadAnns(coco.getAnnIds(imgIds=[e["item"]]))
        got = [(a["category_id"] - 1, a["bbox"]) for a in anns]
        want = [(b["class"], [b["x"], b["y"], b["width"], b["height"]]) for b in e["label"]]
        check(got == want, f"pycocotools: image {e['item']} boxes {got}, expected {want}")
    print(f"OK COCO {path}: pycocotools reads {len(ids)} images with sizes and boxes")


def tamper(manifest):
    out = manifest["tampered"]
    os.makedirs(out, exist_ok=True)
    for task in manifest["tasks"]:
        kind, files = task["kind"], task["files"]
        if kind == "categorical":
            # A label feature changed, the record left alone.
            examples = [example_pb2.Example.FromString(b) for b in frames(files["tfrecord"])]
            labels = examples[0].features.feature["image/class/label"].int64_list
            labels.value[0] = (labels.value[0] + 1) % task["expected"][0]["schema"]["classes"]
            write_tfrecord(os.path.join(out, "feature.tfrecord"), examples)
            # A label changed in a Parquet row, metadata kept.
            table = pq.read_table(files["parquet"])
            rows = table.to_pylist()
            rows[0]["label"] = (rows[0]["label"] + 1) % rows[0]["schema"]["classes"]
            changed = pa.Table.from_pylist(rows, schema=table.schema)
            pq.write_table(changed, os.path.join(out, "label.parquet"))
        if kind == "bounding_boxes":
            # The record inside an example changed (a box moved).
            examples = [example_pb2.Example.FromString(b) for b in frames(files["tfrecord"])]
            values = examples[0].features.feature["labelchain/record"].bytes_list.value
            record = json.loads(values[0])
            record["label"][0]["x"] += 1
            values[0] = json.dumps(record).encode()
            write_tfrecord(os.path.join(out, "record.tfrecord"), examples)
    print(f"tampered copies in {out}")


def write_tfrecord(path, examples):
    def masked(data):
        crc = crc32c.crc32c(data)
        return struct.pack("<I", ((((crc >> 15) | (crc << 17)) & 0xFFFFFFFF) + 0xA282EAD8) & 0xFFFFFFFF)

    with open(path, "wb") as f:
        for ex in examples:
            body = ex.SerializeToString()
            length = struct.pack("<Q", len(body))
            f.write(length + masked(length) + body + masked(body))


def main():
    manifest = json.load(open(sys.argv[1]))
    for task in manifest["tasks"]:
        kind, files, expected = task["kind"], task["files"], task["expected"]
        check_jsonl(files["jsonl"], expected, task["dir"])
        check_parquet(files["parquet"], expected, kind)
        check_tfrecord(files["tfrecord"], expected, kind, task.get("images_dir"), task.get("sizes", {}))
        if "coco" in files:
            check_coco(files["coco"], expected, task["images_dir"], task["sizes"])
    tamper(manifest)
    print("all loaders agree with the chain")


if __name__ == "__main__":
    main()
