//! The items' images on disk: where each one lives (a relative `file_name` under an images
//! directory), fetching the ones missing (`--fetch`), checking each against the content hash the
//! chain pins, and measuring its width and height from the file's header.
//!
//! Sizes are measured, never taken on trust: the chain stores an item's URI and content hash,
//! not its dimensions, so COCO's `width`/`height` and TFRecord's normalized boxes come from the
//! very bytes whose blake2-256 the chain pins.

use crate::{
	dataset::write_atomically,
	record::Record,
	rpc::{parse_hash, to_hex},
};
use anyhow::{anyhow, bail, Context, Result};
use std::{path::PathBuf, time::Duration};

/// The largest image read or downloaded (bytes).
pub const MAX_IMAGE_BYTES: u64 = 64 * 1024 * 1024;

/// How images are found.
#[derive(Clone, Debug)]
pub struct Source {
	/// The images directory: item `i`'s image is `dir/<file_name(i)>`.
	pub dir: PathBuf,
	/// Download an image missing from `dir` from its URI.
	pub fetch: bool,
	/// Gateway for `ipfs://` URIs (`https://ipfs.io` → `https://ipfs.io/ipfs/<cid>/<path>`).
	pub ipfs_gateway: Option<String>,
	/// Check that an image's blake2-256 is the content hash the chain pins (off only for a
	/// vendor who documents another digest).
	pub check_hash: bool,
}

/// An item's image as measured.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Image {
	/// Path relative to the images directory.
	pub file_name: String,
	/// Width in pixels.
	pub width: u32,
	/// Height in pixels.
	pub height: u32,
	/// `jpeg`, `png`, `gif`, `webp`, … (from the file's header).
	pub format: String,
	/// The file's bytes.
	pub bytes: Vec<u8>,
}

/// The file name of item `item`'s image: its id, with the extension of the URI's last path
/// segment when it has a plain one (`https://x/cat.JPG?v=1` → `7.jpg`). Never a path that could
/// leave the images directory.
pub fn file_name(item: u32, uri: &str) -> String {
	let path = uri.split(['?', '#']).next().unwrap_or_default();
	let last = path.rsplit('/').next().unwrap_or_default();
	match last.rsplit_once('.') {
		Some((stem, ext))
			if !stem.is_empty()
				&& (1..=5).contains(&ext.len())
				&& ext.bytes().all(|b| b.is_ascii_alphanumeric()) =>
		{
			format!("{item}.{}", ext.to_ascii_lowercase())
		}
		_ => item.to_string(),
	}
}

/// Where a URI is downloaded from.
fn location(uri: &str, ipfs_gateway: Option<&str>) -> Result<String> {
	if uri.starts_with("http://") || uri.starts_with("https://") || uri.starts_with("file://") {
		return Ok(uri.to_owned());
	}
	if let Some(rest) = uri.strip_prefix("ipfs://") {
		let Some(gateway) = ipfs_gateway else {
			bail!("{uri} is on IPFS: pass --ipfs-gateway URL (for example https://ipfs.io) to fetch it");
		};
		return Ok(format!("{}/ipfs/{rest}", gateway.trim_end_matches('/')));
	}
	bail!("cannot fetch {uri}: only http(s)://, file:// and (with --ipfs-gateway) ipfs:// URIs are fetched")
}

fn download(uri: &str, ipfs_gateway: Option<&str>) -> Result<Vec<u8>> {
	let at = location(uri, ipfs_gateway)?;
	if let Some(path) = at.strip_prefix("file://") {
		let len = std::fs::metadata(path).with_context(|| format!("cannot read {path}"))?.len();
		if len > MAX_IMAGE_BYTES {
			bail!("{path} is {len} bytes, more than the {MAX_IMAGE_BYTES} an image may have");
		}
		return std::fs::read(path).with_context(|| format!("cannot read {path}"));
	}
	let agent: ureq::Agent =
		ureq::Agent::config_builder().timeout_global(Some(Duration::from_secs(120))).build().into();
	let mut response = agent.get(&at).call().map_err(|e| anyhow!("GET {at}: {e}"))?;
	response
		.body_mut()
		.with_config()
		.limit(MAX_IMAGE_BYTES)
		.read_to_vec()
		.map_err(|e| anyhow!("GET {at}: {e}"))
}

/// Width, height and format of an image from its header.
pub fn measure(bytes: &[u8]) -> Result<(u32, u32, String)> {
	let size = imagesize::blob_size(bytes).map_err(|e| anyhow!("not an image: {e}"))?;
	let kind = imagesize::image_type(bytes).map_err(|e| anyhow!("not an image: {e}"))?;
	let width = u32::try_from(size.width).context("width beyond 2^32")?;
	let height = u32::try_from(size.height).context("height beyond 2^32")?;
	if width == 0 || height == 0 {
		bail!("the image has no pixels ({width}×{height})");
	}
	Ok((width, height, format!("{kind:?}").to_ascii_lowercase()))
}

/// Item `r`'s image: read from the images directory, or downloaded into it (with `fetch`),
/// checked against the content hash and measured.
pub fn load(source: &Source, r: &Record) -> Result<Image> {
	let name = file_name(r.item, &r.content_uri);
	let path = source.dir.join(&name);
	let (bytes, fetched) = if path.exists() {
		let len = std::fs::metadata(&path)?.len();
		if len > MAX_IMAGE_BYTES {
			bail!(
				"{} is {len} bytes, more than the {MAX_IMAGE_BYTES} an image may have",
				path.display()
			);
		}
		(std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?, false)
	} else if source.fetch {
		(download(&r.content_uri, source.ipfs_gateway.as_deref())?, true)
	} else {
		bail!(
			"item {}: {} is missing (pass --fetch to download {})",
			r.item,
			path.display(),
			r.content_uri
		);
	};
	if source.check_hash {
		let digest = sp_crypto_hashing::blake2_256(&bytes);
		if parse_hash(&r.content_hash).ok().map(|h| h.0) != Some(digest) {
			bail!(
				"item {}: the image {} has blake2-256 {}, not the content hash {} the chain pins \
				 (pass --no-hash-check only if the vendor documents another digest)",
				r.item,
				if fetched { r.content_uri.clone() } else { path.display().to_string() },
				to_hex(&digest),
				r.content_hash
			);
		}
	}
	let (width, height, format) =
		measure(&bytes).with_context(|| format!("item {}: {}", r.item, r.content_uri))?;
	if fetched {
		write_atomically(&path, &bytes).with_context(|| format!("writing {}", path.display()))?;
	}
	Ok(Image { file_name: name, width, height, format, bytes })
}

/// Every record's image, in record order (downloads run one after another).
pub fn load_all(source: &Source, records: &[Record]) -> Result<Vec<Image>> {
	if !source.dir.is_dir() {
		if source.fetch {
			std::fs::create_dir_all(&source.dir)
				.with_context(|| format!("cannot create {}", source.dir.display()))?;
		} else {
			bail!("the images directory {} does not exist", source.dir.display());
		}
	}
	records.iter().map(|r| load(source, r)).collect()
}

/// Boxes that reach past their image (a sign of a wrong image or careless labels), one line each.
pub fn boxes_outside(records: &[Record], images: &[Image]) -> Vec<String> {
	let mut out = Vec::new();
	for (r, image) in records.iter().zip(images) {
		for b in r.label.as_array().into_iter().flatten() {
			let n = |k: &str| b.get(k).and_then(serde_json::Value::as_u64).unwrap_or(0);
			if n("x") + n("width") > image.width as u64
				|| n("y") + n("height") > image.height as u64
			{
				out.push(format!(
					"item {}: box {b} reaches past the {}×{} image",
					r.item, image.width, image.height
				));
			}
		}
	}
	out
}

/// Where images live when a format needs them but none were given.
pub fn required(source: Option<&Source>, what: &str) -> Result<()> {
	if source.is_none() {
		bail!(
			"{what} needs each image's width and height, measured from the images: pass \
			 --images-dir DIR (with --fetch to download the images into it)"
		);
	}
	Ok(())
}

#[cfg(test)]
pub(crate) mod tests {
	use super::*;
	use crate::record::sample;
	use serde_json::json;

	/// A valid 3×2 PNG (header and one IDAT chunk).
	pub fn png(width: u32, height: u32) -> Vec<u8> {
		let mut b = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
		b.extend(width.to_be_bytes());
		b.extend(height.to_be_bytes());
		b.extend([8, 2, 0, 0, 0, 0, 0, 0, 0]);
		b
	}

	#[test]
	fn file_names_are_the_item_id_with_a_plain_extension() {
		assert_eq!(file_name(7, "https://x/a/cat.JPG?v=1#top"), "7.jpg");
		assert_eq!(file_name(7, "ipfs://bafy/img.png"), "7.png");
		assert_eq!(file_name(7, "ipfs://bafy"), "7");
		assert_eq!(file_name(7, "https://x/.hidden"), "7");
		assert_eq!(file_name(7, "https://x/a.tar/../../etc"), "7");
		assert_eq!(file_name(7, "https://x/a.b/c.j$g"), "7");
		assert_eq!(file_name(0, "https://x/a.toolong"), "0");
	}

	#[test]
	fn ipfs_needs_a_gateway_and_odd_schemes_are_refused() {
		assert!(location("ipfs://bafy/x.png", None)
			.unwrap_err()
			.to_string()
			.contains("--ipfs-gateway"));
		assert_eq!(
			location("ipfs://bafy/x.png", Some("https://ipfs.io/")).expect("ok"),
			"https://ipfs.io/ipfs/bafy/x.png"
		);
		assert!(location("ftp://x/y", None).is_err());
	}

	#[test]
	fn images_are_checked_against_the_pinned_hash_and_measured() {
		let dir = tempfile::tempdir().expect("tmp");
		let src_dir = tempfile::tempdir().expect("tmp");
		let bytes = png(640, 480);
		let original = src_dir.path().join("cat.png");
		std::fs::write(&original, &bytes).expect("write");
		let mut r = sample(3, "bounding_boxes", json!([]));
		r.content_uri = format!("file://{}", original.display());
		r.content_hash = to_hex(&sp_crypto_hashing::blake2_256(&bytes));
		let mut source = Source {
			dir: dir.path().join("images"),
			fetch: false,
			ipfs_gateway: None,
			check_hash: true,
		};
		// Missing without --fetch.
		assert!(load_all(&source, &[r.clone()])
			.unwrap_err()
			.to_string()
			.contains("does not exist"));
		source.fetch = true;
		let images = load_all(&source, &[r.clone()]).expect("fetched");
		assert_eq!(
			(
				images[0].file_name.as_str(),
				images[0].width,
				images[0].height,
				images[0].format.as_str()
			),
			("3.png", 640, 480, "png")
		);
		assert_eq!(std::fs::read(source.dir.join("3.png")).expect("stored"), bytes);
		// Found on disk the second time, even without --fetch.
		source.fetch = false;
		assert_eq!(load(&source, &r).expect("on disk").width, 640);
		// Another picture under the item's name is refused…
		std::fs::write(source.dir.join("3.png"), png(641, 480)).expect("write");
		let err = load(&source, &r).unwrap_err().to_string();
		assert!(err.contains("not the content hash"), "{err}");
		// …unless the vendor's digest is not blake2-256.
		source.check_hash = false;
		assert_eq!(load(&source, &r).expect("unchecked").width, 641);
		// Not an image at all.
		std::fs::write(source.dir.join("3.png"), b"hello").expect("write");
		assert!(load(&source, &r)
			.map_err(|e| format!("{e:#}"))
			.unwrap_err()
			.contains("not an image"));
	}

	#[test]
	fn boxes_past_the_image_are_reported() {
		let r = sample(
			0,
			"bounding_boxes",
			json!([{"class": 0, "x": 0, "y": 0, "width": 10, "height": 10},
				{"class": 0, "x": 5, "y": 0, "width": 10, "height": 1}]),
		);
		let image = Image {
			file_name: "0".into(),
			width: 10,
			height: 10,
			format: "png".into(),
			bytes: vec![],
		};
		let out = boxes_outside(&[r], &[image]);
		assert_eq!(out.len(), 1, "{out:?}");
		assert!(out[0].contains("reaches past the 10×10 image"));
	}
}
