//! `labelchain-sim [--scale X] [--out DIR] [--only NAME]`: runs every scenario (or those whose
//! name contains NAME) with `X` times the default items, and writes `DIR/incentives.md` and
//! `DIR/incentives.json` (default `benchmarks`).

use labelchain_sim::{catalog, report, scenario};
use std::process::Command;

fn output(cmd: &str, args: &[&str]) -> String {
	Command::new(cmd)
		.args(args)
		.output()
		.ok()
		.map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
		.unwrap_or_default()
}

fn main() -> anyhow::Result<()> {
	let args: Vec<String> = std::env::args().skip(1).collect();
	let value =
		|flag: &str| args.iter().position(|a| a == flag).and_then(|i| args.get(i + 1).cloned());
	let scale: f64 = value("--scale").map(|s| s.parse()).transpose()?.unwrap_or(1.0);
	let out = value("--out").unwrap_or_else(|| "benchmarks".into());
	let only = value("--only");
	let started = std::time::Instant::now();
	let mut results = Vec::new();
	for sc in catalog::all(scale) {
		if only.as_ref().is_some_and(|o| !sc.name.contains(o.as_str())) {
			continue;
		}
		let t = std::time::Instant::now();
		let r = scenario::run(&sc);
		eprintln!(
			"[sim] {}: {} items, {:.2} % correct, {} blocks, {:.1} s",
			r.name,
			r.items,
			r.accuracy * 100.0,
			r.blocks,
			t.elapsed().as_secs_f64()
		);
		for g in &r.groups {
			eprintln!(
				"[sim]     {}: {:+.3} R per label over {} labels",
				g.strategy, g.profit_per_label, g.labels
			);
		}
		results.push(r);
	}
	let goals = catalog::goals(&results);
	for g in &goals {
		eprintln!("[sim] {} {} — {}", if g.met { "MET   " } else { "NOT MET" }, g.goal, g.measured);
	}
	let report = report::Report {
		date: output("date", &["-u", "+%Y-%m-%d"]),
		commit: output("git", &["rev-parse", "--short", "HEAD"]),
		command: format!(
			"scripts/simulate.sh{}",
			if scale == 1.0 { String::new() } else { format!(" --scale {scale}") }
		),
		seconds: started.elapsed().as_secs_f64(),
		suspension: report::suspension_table(),
		scenarios: results,
		goals,
	};
	std::fs::create_dir_all(&out)?;
	std::fs::write(format!("{out}/incentives.md"), report.markdown())?;
	std::fs::write(
		format!("{out}/incentives.json"),
		serde_json::to_string_pretty(&report)? + "\n",
	)?;
	eprintln!("[sim] wrote {out}/incentives.md and {out}/incentives.json");
	Ok(())
}
