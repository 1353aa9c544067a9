//! Signing keys for the billing system: from a file or the environment, never the command line
//! (where every user of the machine could read them in the process list).

use sp_core::{sr25519, Pair};
use std::path::Path;

/// Environment variable holding the secret URI when no key file is given.
pub const KEY_ENV: &str = "TELECOM_SURI";

/// Loads an sr25519 key from `file` (its first non-empty line) or else from `$TELECOM_SURI`.
///
/// The secret is a secret URI: a BIP-39 phrase, a `0x` seed, or a dev URI such as `//Alice`,
/// each optionally with derivation junctions.
pub fn load(file: Option<&Path>) -> Result<sr25519::Pair, String> {
	let secret = match file {
		Some(path) => {
			let text = std::fs::read_to_string(path)
				.map_err(|e| format!("cannot read key file {}: {e}", path.display()))?;
			text.lines()
				.map(str::trim)
				.find(|l| !l.is_empty())
				.map(str::to_string)
				.ok_or_else(|| format!("key file {} is empty", path.display()))?
		},
		None => std::env::var(KEY_ENV)
			.ok()
			.filter(|s| !s.trim().is_empty())
			.ok_or_else(|| format!("no signing key: pass --key-file FILE or set {KEY_ENV}"))?,
	};
	pair_from_suri(&secret)
}

/// Parses a secret URI into a key pair, without echoing the secret in the error.
pub fn pair_from_suri(secret: &str) -> Result<sr25519::Pair, String> {
	sr25519::Pair::from_string(secret.trim(), None)
		.map_err(|e| format!("the signing key is not a valid secret URI ({e:?})"))
}

#[cfg(test)]
mod tests {
	use super::*;
	use sp_core::crypto::Ss58Codec;

	#[test]
	fn keys_come_from_a_file_and_errors_do_not_leak_the_secret() {
		let dir = std::env::temp_dir().join(format!("telecom-keys-{}", std::process::id()));
		std::fs::create_dir_all(&dir).unwrap();
		let file = dir.join("alice.key");
		std::fs::write(&file, "\n  //Alice  \n").unwrap();
		let pair = load(Some(&file)).unwrap();
		assert_eq!(
			pair.public().to_ss58check(),
			"5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"
		);
		std::fs::write(&file, "not a secret at all").unwrap();
		let error = load(Some(&file)).err().unwrap();
		assert!(!error.contains("not a secret at all"), "{error}");
		std::fs::write(&file, "\n\n").unwrap();
		assert!(load(Some(&file)).err().unwrap().contains("empty"));
		assert!(load(Some(&dir.join("missing"))).err().unwrap().contains("cannot read"));
		std::fs::remove_dir_all(&dir).unwrap();
	}
}
