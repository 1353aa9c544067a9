//! Telecom consortium chain node.

#![warn(missing_docs)]

mod chain_spec;
mod cli;
mod command;
mod production_spec;
mod rpc;
mod service;
mod validation_priority;

fn main() -> sc_cli::Result<()> {
	command::run()
}
