//! The relayer's Prometheus metrics (served at `/metrics` with `--prometheus-port`), named like
//! the node's: `labelchain_relayer_*`.

use prometheus_endpoint::{register, Counter, Gauge, Opts, Registry, U64};

/// What the relayer counts.
pub struct Metrics {
	/// Deposits this relayer attested (and saw land).
	pub deposits_attested: Counter<U64>,
	/// Attestations refused or not landing (each retry counts).
	pub attestations_failed: Counter<U64>,
	/// Transfers out this relayer signed.
	pub transfers_signed: Counter<U64>,
	/// Vault releases this relayer confirmed on LabelChain.
	pub releases_confirmed: Counter<U64>,
	/// The next Ethereum block to scan.
	pub eth_next_block: Gauge<U64>,
	/// The next transfer out to sign.
	pub next_outbound: Gauge<U64>,
	/// Rounds that ended in an error (a node unreachable, …).
	pub errors: Counter<U64>,
}

impl Metrics {
	/// The metrics, registered in a new registry.
	pub fn new() -> Result<(Self, Registry), prometheus_endpoint::PrometheusError> {
		let registry = Registry::new_custom(Some("labelchain_relayer".into()), None)?;
		let counter = |name: &str, help: &str| {
			register(Counter::with_opts(Opts::new(name, help))?, &registry)
		};
		let gauge =
			|name: &str, help: &str| register(Gauge::with_opts(Opts::new(name, help))?, &registry);
		let metrics = Self {
			deposits_attested: counter(
				"deposits_attested_total",
				"Deposits this relayer attested",
			)?,
			attestations_failed: counter(
				"attestations_failed_total",
				"Attestations refused or not landing (each retry counts)",
			)?,
			transfers_signed: counter(
				"transfers_signed_total",
				"Transfers out this relayer signed",
			)?,
			releases_confirmed: counter(
				"releases_confirmed_total",
				"Vault releases this relayer confirmed on LabelChain",
			)?,
			eth_next_block: gauge("eth_next_block", "The next Ethereum block to scan")?,
			next_outbound: gauge("next_outbound", "The next transfer out to sign")?,
			errors: counter("errors_total", "Rounds that ended in an error")?,
		};
		Ok((metrics, registry))
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn metrics_are_named_like_the_nodes() {
		let (m, registry) = Metrics::new().expect("registered");
		m.deposits_attested.inc();
		m.eth_next_block.set(42);
		let names: Vec<String> =
			registry.gather().iter().map(|f| f.get_name().to_string()).collect();
		assert!(
			names.contains(&"labelchain_relayer_deposits_attested_total".to_string()),
			"{names:?}"
		);
		assert!(names.contains(&"labelchain_relayer_eth_next_block".to_string()), "{names:?}");
	}
}
