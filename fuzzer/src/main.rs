//! `labelchain-fuzzer`: replays the corpus, then fuzzes for a given time — random programs and
//! mutations of the inputs that showed new behaviour (a new (pallet, call, outcome) triple) —
//! and stops at the first input that breaks an invariant or panics the runtime, saving it to
//! `<corpus>/crashes/`.
//!
//! ```text
//! labelchain-fuzzer [--seconds 3600] [--seed 1] [--corpus fuzzer/corpus] [--save-new]
//!                   [--outcomes FILE]   # every (pallet, call, outcome) seen, one per line
//! labelchain-fuzzer replay FILE...
//! ```

use labelchain_fuzzer::{chain::Violation, input::SplitMix, run};
use std::{
	collections::BTreeMap,
	fs,
	path::{Path, PathBuf},
	process::ExitCode,
	time::{Duration, Instant},
};

struct Args {
	seconds: u64,
	seed: u64,
	corpus: PathBuf,
	save_new: bool,
	outcomes: Option<PathBuf>,
	replay: Vec<PathBuf>,
}

fn parse() -> Result<Args, String> {
	let mut args = Args {
		seconds: 60,
		seed: 1,
		corpus: PathBuf::from("fuzzer/corpus"),
		save_new: false,
		outcomes: None,
		replay: vec![],
	};
	let mut it = std::env::args().skip(1);
	while let Some(a) = it.next() {
		let mut value = |name: &str| it.next().ok_or(format!("{name} needs a value"));
		match a.as_str() {
			"--seconds" => {
				args.seconds = value("--seconds")?.parse().map_err(|e| format!("--seconds: {e}"))?
			}
			"--seed" => args.seed = value("--seed")?.parse().map_err(|e| format!("--seed: {e}"))?,
			"--corpus" => args.corpus = PathBuf::from(value("--corpus")?),
			"--save-new" => args.save_new = true,
			"--outcomes" => args.outcomes = Some(PathBuf::from(value("--outcomes")?)),
			"replay" => args.replay.extend(it.by_ref().map(PathBuf::from)),
			other => return Err(format!("unknown argument `{other}`")),
		}
	}
	Ok(args)
}

/// A block's wall-clock budget: a LabelChain block has one second of compute; a native release
/// build is faster than the wasm the nodes run, so a block over it is surely too slow. Debug
/// builds are too slow to say anything.
fn budget() -> Option<Duration> {
	(!cfg!(debug_assertions)).then(|| Duration::from_secs(1))
}

fn name_of(data: &[u8]) -> String {
	hex(&sp_io::hashing::blake2_128(data))
}

fn hex(bytes: &[u8]) -> String {
	bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Runs one input, turning a panic into a violation.
fn attempt(data: &[u8]) -> Result<labelchain_fuzzer::chain::Stats, Violation> {
	match std::panic::catch_unwind(|| run(data, budget())) {
		Ok(result) => result,
		Err(panic) => {
			let what = panic
				.downcast_ref::<String>()
				.cloned()
				.or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
				.unwrap_or_else(|| "a panic".into());
			Err(Violation { block: 0, what: format!("the runtime panicked: {what}") })
		}
	}
}

fn crash(corpus: &Path, data: &[u8], v: &Violation) -> ExitCode {
	let dir = corpus.join("crashes");
	let _ = fs::create_dir_all(&dir);
	let file = dir.join(name_of(data));
	let _ = fs::write(&file, data);
	eprintln!("BROKEN at block #{}: {}\ninput saved: {}", v.block, v.what, file.display());
	ExitCode::from(1)
}

fn corpus_files(dir: &Path) -> Vec<PathBuf> {
	let mut files: Vec<PathBuf> = fs::read_dir(dir)
		.map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.is_file()).collect())
		.unwrap_or_default();
	files.sort();
	files
}

fn mutate(rng: &mut SplitMix, pool: &[Vec<u8>], base: &[u8]) -> Vec<u8> {
	let mut out = base.to_vec();
	for _ in 0..=rng.below(4) {
		let len = out.len() as u64;
		match rng.below(5) {
			0 if len > 0 => {
				let i = rng.below(len) as usize;
				out[i] = rng.next() as u8;
			}
			1 => {
				let at = rng.below(len + 1) as usize;
				let n = 1 + rng.below(32) as usize;
				let extra = rng.bytes(n);
				out.splice(at..at, extra);
			}
			2 if len > 8 => {
				let at = rng.below(len) as usize;
				let end = (at + 1 + rng.below(32) as usize).min(out.len());
				out.drain(at..end);
			}
			3 if !pool.is_empty() => {
				let other = &pool[rng.below(pool.len() as u64) as usize];
				let from = rng.below(other.len() as u64 + 1) as usize;
				let at = rng.below(len + 1) as usize;
				out.truncate(at);
				out.extend_from_slice(&other[from..]);
			}
			_ => {
				let n = 1 + rng.below(64) as usize;
				out.extend(rng.bytes(n));
			}
		}
	}
	out.truncate(8_192);
	out
}

fn main() -> ExitCode {
	let args = match parse() {
		Ok(a) => a,
		Err(e) => {
			eprintln!("error: {e}");
			return ExitCode::from(2);
		}
	};
	// Panics are findings, reported by `attempt`; keep the default hook quiet.
	std::panic::set_hook(Box::new(|_| {}));
	if !args.replay.is_empty() {
		for file in &args.replay {
			let data = fs::read(file).unwrap_or_default();
			match attempt(&data) {
				Ok(s) => {
					// Which calls succeeded (pallet.call×times): how deep the input goes.
					let ok: Vec<String> = s
						.outcomes
						.iter()
						.filter(|((_, _, o), _)| o == "ok")
						.map(|((p, c, _), n)| format!("{p}.{c}×{n}"))
						.collect();
					println!(
						"{}: OK ({} blocks, {}/{} extrinsics succeeded: {})",
						file.display(),
						s.blocks,
						s.succeeded,
						s.submitted,
						ok.join(" ")
					)
				}
				Err(v) => {
					println!("{}: BROKEN at block #{}: {}", file.display(), v.block, v.what);
					return ExitCode::from(1);
				}
			}
		}
		return ExitCode::SUCCESS;
	}

	let started = Instant::now();
	let mut seen: BTreeMap<(u8, u8, String), u64> = BTreeMap::new();
	let mut pool: Vec<Vec<u8>> = Vec::new();
	let (mut execs, mut blocks, mut extrinsics) = (0u64, 0u64, 0u64);
	let mut slowest = Duration::ZERO;
	let mut fullest = 0u64;
	for file in corpus_files(&args.corpus) {
		let data = fs::read(&file).unwrap_or_default();
		match attempt(&data) {
			Ok(s) => {
				for (k, n) in s.outcomes {
					*seen.entry(k).or_default() += n;
				}
				blocks += s.blocks as u64;
				pool.push(data);
			}
			Err(v) => return crash(&args.corpus, &data, &v),
		}
		execs += 1;
	}
	println!("[fuzz] corpus: {} inputs replayed, {} outcomes", pool.len(), seen.len());
	let mut rng = SplitMix(args.seed);
	let mut last_report = Instant::now();
	while started.elapsed() < Duration::from_secs(args.seconds) {
		let data = if pool.is_empty() || rng.below(4) == 0 {
			let len = 64 + rng.below(2_048) as usize;
			rng.bytes(len)
		} else {
			let base = pool[rng.below(pool.len() as u64) as usize].clone();
			mutate(&mut rng, &pool, &base)
		};
		execs += 1;
		match attempt(&data) {
			Ok(s) => {
				blocks += s.blocks as u64;
				extrinsics += s.submitted as u64;
				slowest = slowest.max(s.slowest_block);
				fullest = fullest.max(s.fullest_block_ppm);
				let new = s.outcomes.keys().any(|k| !seen.contains_key(k));
				for (k, n) in s.outcomes {
					*seen.entry(k).or_default() += n;
				}
				if new {
					if args.save_new {
						let _ = fs::create_dir_all(&args.corpus);
						let _ = fs::write(args.corpus.join(name_of(&data)), &data);
					}
					pool.push(data);
				}
			}
			Err(v) => return crash(&args.corpus, &data, &v),
		}
		if last_report.elapsed() > Duration::from_secs(60) {
			last_report = Instant::now();
			println!(
				"[fuzz] {:>5} s: {execs} inputs, {blocks} blocks, {extrinsics} extrinsics, {} outcomes, pool {}, slowest block {slowest:?}, fullest {:.1} %",
				started.elapsed().as_secs(),
				seen.len(),
				pool.len(),
				fullest as f64 / 10_000.0
			);
		}
	}
	if let Some(file) = &args.outcomes {
		let lines: Vec<String> = seen
			.iter()
			.map(|((p, c, o), n)| format!("pallet {p:>2} call {c:>2}: {o} ×{n}"))
			.collect();
		let _ = fs::write(file, lines.join("\n") + "\n");
	}
	println!(
		"[fuzz] done: {} s, {execs} inputs, {blocks} blocks, {extrinsics} extrinsics, {} distinct outcomes, slowest block {slowest:?}, fullest {:.1} %; no invariant broken",
		started.elapsed().as_secs(),
		seen.len(),
		fullest as f64 / 10_000.0
	);
	ExitCode::SUCCESS
}
