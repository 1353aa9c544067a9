//! Why a command failed, and the process exit code each reason gets, so that a billing system's
//! scheduler can tell a file to fix from a batch the chain refused from a node it cannot reach.
//!
//! | code | meaning |
//! |---|---|
//! | 0 | done |
//! | 1 | anything else (e.g. no batch finalized within `--timeout`, a batch lost from the pool too often) |
//! | 2 | invalid input: bad arguments, CSV or JSON, an unreadable or invalid key, a party that is not a participant |
//! | 3 | refused by the chain: the node rejected a transaction (invalid) or it failed in a block (dispatch error) |
//! | 4 | connection lost: the node could not be reached, or the connection broke and could not be re-opened |
//!
//! Code 2 is also what the argument parser (clap) exits with for unknown or missing arguments.

use crate::{chain::ChainError, rpc::RpcError};
use std::fmt;

/// Why a command failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
	/// Anything not below.
	Other,
	/// The caller's input is wrong: arguments, files, keys.
	Input,
	/// The chain refused a transaction, at submission or in a block.
	Refused,
	/// The node could not be reached or the connection broke for good.
	Connection,
}

impl Kind {
	/// The process exit code of this kind of failure.
	pub fn code(self) -> u8 {
		match self {
			Kind::Other => 1,
			Kind::Input => 2,
			Kind::Refused => 3,
			Kind::Connection => 4,
		}
	}
}

/// A failed command: its kind (the exit code) and the message for stderr.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
	/// What kind of failure.
	pub kind: Kind,
	/// What to tell the user.
	pub message: String,
}

impl Failure {
	/// A failure of `kind`.
	pub fn new(kind: Kind, message: impl Into<String>) -> Self {
		Failure { kind, message: message.into() }
	}

	/// Invalid input.
	pub fn input(message: impl Into<String>) -> Self {
		Self::new(Kind::Input, message)
	}

	/// Refused by the chain.
	pub fn refused(message: impl Into<String>) -> Self {
		Self::new(Kind::Refused, message)
	}

	/// The process exit code.
	pub fn code(&self) -> u8 {
		self.kind.code()
	}

	/// The same failure with `context` before its message.
	pub fn context(self, context: impl fmt::Display) -> Self {
		Failure { kind: self.kind, message: format!("{context}: {}", self.message) }
	}

	/// A submission's RPC error: a JSON-RPC error answer to `author_submitExtrinsic` is the
	/// node refusing the transaction; a broken connection is a connection loss.
	pub fn from_submission(error: RpcError) -> Self {
		match error {
			RpcError::Call { .. } => Self::refused(error.to_string()),
			other => other.into(),
		}
	}
}

impl fmt::Display for Failure {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		f.write_str(&self.message)
	}
}

impl std::error::Error for Failure {}

impl From<String> for Failure {
	fn from(message: String) -> Self {
		Self::new(Kind::Other, message)
	}
}

impl From<&str> for Failure {
	fn from(message: &str) -> Self {
		Self::new(Kind::Other, message)
	}
}

impl From<RpcError> for Failure {
	fn from(error: RpcError) -> Self {
		let kind = match &error {
			RpcError::Connection(_) => Kind::Connection,
			// An unusable URL or TLS file is the caller's to fix.
			RpcError::Config(_) => Kind::Input,
			RpcError::Protocol(_) | RpcError::Call { .. } => Kind::Other,
		};
		Self::new(kind, error.to_string())
	}
}

impl From<ChainError> for Failure {
	fn from(error: ChainError) -> Self {
		match error {
			ChainError::Rpc(e) => e.into(),
			other => Self::new(Kind::Other, other.to_string()),
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use serde_json::json;

	#[test]
	fn every_kind_has_its_own_code() {
		let codes: Vec<u8> =
			[Kind::Other, Kind::Input, Kind::Refused, Kind::Connection].map(Kind::code).to_vec();
		assert_eq!(codes, vec![1, 2, 3, 4]);
		assert_eq!(Failure::input("bad line").code(), 2);
		assert_eq!(Failure::refused("no").code(), 3);
		assert_eq!(Failure::from("timeout".to_string()).code(), 1);
	}

	#[test]
	fn rpc_errors_map_to_connection_input_or_refusal() {
		let lost = || RpcError::Connection("ws://127.0.0.1:1: refused".into());
		let call = || RpcError::Call {
			code: 1010,
			message: "Invalid Transaction".into(),
			data: Some(json!("Inability to pay some fees")),
		};
		assert_eq!(Failure::from(lost()).kind, Kind::Connection);
		assert_eq!(Failure::from(ChainError::Rpc(lost())).code(), 4);
		assert_eq!(Failure::from(RpcError::Config("bad url".into())).code(), 2);
		// A reading call's error answer is not a refusal of a transaction…
		assert_eq!(Failure::from(call()).code(), 1);
		// …a submission's is; a submission that lost its connection is a connection loss.
		assert_eq!(Failure::from_submission(call()).code(), 3);
		assert_eq!(Failure::from_submission(lost()).code(), 4);
		assert_eq!(Failure::from(ChainError::Decode("x".into())).code(), 1);
		let failure = Failure::refused("Clearing.UnknownCurrency").context("lines 2–3");
		assert_eq!(
			(failure.code(), failure.message.as_str()),
			(3, "lines 2–3: Clearing.UnknownCurrency")
		);
	}
}
