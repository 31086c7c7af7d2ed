//! The LabelChain validator node.

#![warn(missing_docs)]

mod beacon;
mod chain_spec;
mod cli;
mod command;
mod rpc;
mod service;
mod shutdown;

fn main() -> sc_cli::Result<()> {
	command::run()
}
