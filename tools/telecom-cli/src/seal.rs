//! Confidential agreement terms, offline: `telecom-cli roaming keygen`, `public-key`,
//! `seal-terms` and `open-terms`, on top of [`telecom_terms_seal`].
//!
//! - **Keys** are X25519 secrets in files, never on the command line: `keygen` writes one
//!   (`0x` + 64 hex digits and a newline) to a new file readable by its owner only (0600) and
//!   prints the public key, which is what the operator registers on-chain and gives its
//!   counterparties. Reading a secret (or a salt) from a file that its group or others may read is
//!   refused, as ssh does.
//! - **Sealing** takes the terms in the chain's JSON (what `roaming_agreement` returns as
//!   `terms`), the recipients' public keys, the agreement id and the chain's genesis hash. It
//!   writes the commitment, the salt (new, or an existing salt file reused so that re-sealing
//!   the same terms to a new key keeps the commitment) and one envelope per recipient, each
//!   `0x` + hex.
//! - **Opening** takes the key file, an envelope, the agreement, the genesis hash and the
//!   commitment the chain holds; it prints the terms only after they and the salt inside have
//!   been checked against that commitment, and can save the salt (needed to reveal the terms in
//!   arbitration).

use codec::Encode;
use pallet_roaming_settlement::AgreementTerms;
use std::{
	fs::{File, OpenOptions},
	io::Write,
	path::{Path, PathBuf},
};
use telecom_primitives::{terms_commitment, TermsCommitment, TermsSalt};
use telecom_roaming_rating::DiscountAgreement;
use telecom_terms_seal::{
	open_discount_terms, open_terms, random_salt, seal, seal_discount, DiscountSealContext, OsRng,
	PublicKey, SealContext, SecretKey, Zeroizing,
};

/// Permission bits of the files this module writes: owner read and write.
pub const SECRET_FILE_MODE: u32 = 0o600;

/// Writes a new X25519 secret to `path` (which must not exist) with mode 0600 and returns its
/// public key.
pub fn keygen(path: &Path) -> Result<PublicKey, String> {
	let secret = SecretKey::generate(&mut OsRng);
	let text = Zeroizing::new(format!("0x{}\n", hex::encode(*secret.to_bytes())));
	write_new_secret(path, text.as_bytes())?;
	Ok(secret.public_key())
}

/// The X25519 secret in `path`: its first non-empty line, 64 hex digits with or without `0x`.
pub fn load_secret(path: &Path) -> Result<SecretKey, String> {
	let bytes = read_secret_hex::<32>(path, "key file")?;
	Ok(SecretKey::from_bytes(*bytes))
}

/// The salt in `path` (as `seal-terms` writes it).
pub fn load_salt(path: &Path) -> Result<TermsSalt, String> {
	Ok(*read_secret_hex::<32>(path, "salt file")?)
}

/// A 32-byte hash from `0x` + 64 hex digits (a genesis hash or a commitment).
pub fn parse_hash(text: &str, what: &str) -> Result<[u8; 32], String> {
	let text = text.trim();
	let digits = text.strip_prefix("0x").unwrap_or(text);
	let mut out = [0u8; 32];
	hex::decode_to_slice(digits, &mut out)
		.map_err(|_| format!("{what} must be 0x + 64 hex digits"))?;
	Ok(out)
}

/// A recipient's public key from `0x` + 64 hex digits.
pub fn parse_public_key(text: &str) -> Result<PublicKey, String> {
	PublicKey::from_hex(text)
		.ok_or_else(|| format!("{text:?} is not a public key (0x + 64 hex digits)"))
}

/// Agreement terms from the chain's JSON form.
pub fn parse_terms(text: &str) -> Result<AgreementTerms, String> {
	serde_json::from_str(text).map_err(|e| format!("not agreement terms: {e}"))
}

/// What `seal-terms` wrote.
#[derive(Clone, Debug)]
pub struct Sealed {
	/// The commitment the chain is to hold.
	pub commitment: TermsCommitment,
	/// Where the commitment was written.
	pub commitment_file: PathBuf,
	/// The salt's file.
	pub salt_file: PathBuf,
	/// Whether the salt is new (else an existing salt file was reused).
	pub new_salt: bool,
	/// Each recipient and the file of its envelope.
	pub envelopes: Vec<(PublicKey, PathBuf)>,
}

/// Seals `terms` for `recipients` into `out_dir` (created if missing): the commitment, a salt
/// (read from `salt_file` if it exists, else new and written there, default `out_dir/salt`) and
/// one envelope per recipient. Refuses to overwrite an envelope or a different commitment.
pub fn seal_to_files(
	terms: &AgreementTerms,
	recipients: &[PublicKey],
	context: &SealContext,
	salt_file: Option<&Path>,
	out_dir: &Path,
) -> Result<Sealed, String> {
	let encoded = Zeroizing::new(terms.encode());
	let name = format!("agreement-{}", context.agreement);
	seal_files(&encoded, recipients, salt_file, out_dir, &name, |key, salt| {
		seal(&mut OsRng, context, key, &encoded, salt)
	})
}

/// Seals the discount terms `terms` for `recipients` into `out_dir` as [`seal_to_files`] does,
/// with the discount envelope of `context` (bound to the agreement and the period's first
/// month); files are named `discount-AGREEMENT-YYYY-MM.*`.
pub fn seal_discount_to_files(
	terms: &DiscountAgreement,
	recipients: &[PublicKey],
	context: &DiscountSealContext,
	salt_file: Option<&Path>,
	out_dir: &Path,
) -> Result<Sealed, String> {
	let encoded = Zeroizing::new(terms.encode());
	let name = format!("discount-{}-{:04}-{:02}", context.agreement, context.year, context.month);
	seal_files(&encoded, recipients, salt_file, out_dir, &name, |key, salt| {
		seal_discount(&mut OsRng, context, key, &encoded, salt)
	})
}

/// Opens the discount envelope in `envelope_file` with the secret in `key_file`, checked
/// against `commitment`: the discount terms and the salt (written to `salt_out`, a new 0600
/// file, if given).
pub fn open_discount_from_files(
	key_file: &Path,
	envelope_file: &Path,
	context: &DiscountSealContext,
	commitment: &TermsCommitment,
	salt_out: Option<&Path>,
) -> Result<(DiscountAgreement, TermsSalt), String> {
	let secret = load_secret(key_file)?;
	let envelope = read_envelope(envelope_file)?;
	let (terms, salt) =
		open_discount_terms::<DiscountAgreement>(&secret, context, commitment, &envelope)
			.map_err(|e| format!("{}: {e}", envelope_file.display()))?;
	if let Some(path) = salt_out {
		write_salt(path, &salt)?;
	}
	Ok((terms, salt))
}

/// The bytes of an envelope file (`0x` + hex).
pub fn read_envelope(path: &Path) -> Result<Vec<u8>, String> {
	let text = std::fs::read_to_string(path)
		.map_err(|e| format!("cannot read {}: {e}", path.display()))?;
	let text = text.trim();
	hex::decode(text.strip_prefix("0x").unwrap_or(text))
		.map_err(|_| format!("{}: not an envelope (0x + hex)", path.display()))
}

/// Seals `encoded` with `seal_one` for each recipient into `out_dir`, files named after `name`.
fn seal_files(
	encoded: &[u8],
	recipients: &[PublicKey],
	salt_file: Option<&Path>,
	out_dir: &Path,
	name: &str,
	seal_one: impl Fn(&PublicKey, &TermsSalt) -> Result<Vec<u8>, telecom_terms_seal::SealError>,
) -> Result<Sealed, String> {
	if recipients.is_empty() {
		return Err("no recipient: give --to with each party's public key".into());
	}
	for (i, key) in recipients.iter().enumerate() {
		if recipients[..i].contains(key) {
			return Err(format!("recipient 0x{} is given twice", key.to_hex()));
		}
	}
	std::fs::create_dir_all(out_dir)
		.map_err(|e| format!("cannot create {}: {e}", out_dir.display()))?;
	// A salt is reused only when named: once a reveal publishes it, every other commitment
	// made with it is an unsalted hash of guessable terms.
	if salt_file.is_none() && out_dir.join("salt").exists() {
		return Err(format!(
			"{} exists: a salt is never reused silently; seal into a new directory, or pass \
			 --salt-file to seal the same terms again (e.g. to a rotated key)",
			out_dir.join("salt").display()
		));
	}
	let salt_file = salt_file.map(Path::to_path_buf).unwrap_or_else(|| out_dir.join("salt"));
	let (salt, new_salt) = if salt_file.exists() {
		(load_salt(&salt_file)?, false)
	} else {
		(random_salt(&mut OsRng), true)
	};
	let commitment = terms_commitment(encoded, &salt);
	// Seal and check everything before writing anything, so a refusal leaves no partial output.
	let mut envelopes = Vec::with_capacity(recipients.len());
	for key in recipients {
		let envelope =
			seal_one(key, &salt).map_err(|e| format!("recipient 0x{}: {e}", key.to_hex()))?;
		let file = out_dir.join(format!("{name}.{}.envelope", &key.to_hex()[..16]));
		if file.exists() {
			return Err(format!(
				"{} exists: seal into another directory (envelopes are never overwritten)",
				file.display()
			));
		}
		envelopes.push((*key, file, envelope));
	}
	let commitment_file = out_dir.join(format!("{name}.commitment"));
	let commitment_text = format!("{commitment:?}\n");
	let commitment_exists = match std::fs::read_to_string(&commitment_file) {
		Ok(existing) if existing == commitment_text => true,
		Ok(_) => {
			return Err(format!(
				"{} holds another commitment: seal into another directory",
				commitment_file.display()
			))
		},
		Err(_) => false,
	};
	if new_salt {
		let text = Zeroizing::new(format!("0x{}\n", hex::encode(salt)));
		write_new_secret(&salt_file, text.as_bytes())?;
	}
	if !commitment_exists {
		write_new(&commitment_file, commitment_text.as_bytes(), 0o644)?;
	}
	let mut written = Vec::with_capacity(envelopes.len());
	for (key, file, envelope) in envelopes {
		write_new(&file, format!("0x{}\n", hex::encode(envelope)).as_bytes(), 0o644)?;
		written.push((key, file));
	}
	Ok(Sealed { commitment, commitment_file, salt_file, new_salt, envelopes: written })
}

/// Opens the envelope in `envelope_file` with the secret in `key_file`, checked against
/// `commitment`: the terms and the salt. Writes the salt to `salt_out` (a new file, 0600) if
/// given.
pub fn open_from_files(
	key_file: &Path,
	envelope_file: &Path,
	context: &SealContext,
	commitment: &TermsCommitment,
	salt_out: Option<&Path>,
) -> Result<(AgreementTerms, TermsSalt), String> {
	let secret = load_secret(key_file)?;
	let envelope = read_envelope(envelope_file)?;
	let (terms, salt) = open_terms::<AgreementTerms>(&secret, context, commitment, &envelope)
		.map_err(|e| format!("{}: {e}", envelope_file.display()))?;
	if let Some(path) = salt_out {
		let text = Zeroizing::new(format!("0x{}\n", hex::encode(salt)));
		write_new_secret(path, text.as_bytes())?;
	}
	Ok((terms, salt))
}

/// Writes `salt` to `path`, a new file readable by its owner only (0600), as `seal-terms` does.
pub fn write_salt(path: &Path, salt: &TermsSalt) -> Result<(), String> {
	let text = Zeroizing::new(format!("0x{}\n", hex::encode(salt)));
	write_new_secret(path, text.as_bytes())
}

/// Reads `N` bytes of hex from the first non-empty line of a secret file, refusing a file that
/// its group or others may read; the file's content never appears in an error.
fn read_secret_hex<const N: usize>(path: &Path, what: &str) -> Result<Zeroizing<[u8; N]>, String> {
	check_private(path, what)?;
	let text = Zeroizing::new(
		std::fs::read_to_string(path)
			.map_err(|e| format!("cannot read {what} {}: {e}", path.display()))?,
	);
	let line = text
		.lines()
		.map(str::trim)
		.find(|l| !l.is_empty())
		.ok_or_else(|| format!("{what} {} is empty", path.display()))?;
	let digits = line.strip_prefix("0x").unwrap_or(line);
	let mut bytes = Zeroizing::new([0u8; N]);
	hex::decode_to_slice(digits, bytes.as_mut_slice()).map_err(|_| {
		format!("{what} {} does not hold 0x + {} hex digits", path.display(), 2 * N)
	})?;
	Ok(bytes)
}

/// Refuses a secret file whose group or others have any permission.
#[cfg(unix)]
fn check_private(path: &Path, what: &str) -> Result<(), String> {
	use std::os::unix::fs::PermissionsExt;
	let mode = std::fs::metadata(path)
		.map_err(|e| format!("cannot read {what} {}: {e}", path.display()))?
		.permissions()
		.mode();
	if mode & 0o077 != 0 {
		return Err(format!(
			"{what} {} may be read by others (mode {:o}): chmod 600 it",
			path.display(),
			mode & 0o777
		));
	}
	Ok(())
}

#[cfg(not(unix))]
fn check_private(_path: &Path, _what: &str) -> Result<(), String> {
	Ok(())
}

/// Writes a new secret file (mode 0600); never overwrites.
fn write_new_secret(path: &Path, bytes: &[u8]) -> Result<(), String> {
	write_new(path, bytes, SECRET_FILE_MODE)
}

/// Writes a new file with `mode`; refuses to overwrite one.
fn write_new(path: &Path, bytes: &[u8], mode: u32) -> Result<(), String> {
	let mut options = OpenOptions::new();
	options.write(true).create_new(true);
	#[cfg(unix)]
	{
		use std::os::unix::fs::OpenOptionsExt;
		options.mode(mode);
	}
	#[cfg(not(unix))]
	let _ = mode;
	let mut file: File = options.open(path).map_err(|e| match e.kind() {
		std::io::ErrorKind::AlreadyExists => {
			format!("{} exists: refusing to overwrite it", path.display())
		},
		_ => format!("cannot create {}: {e}", path.display()),
	})?;
	file.write_all(bytes)
		.and_then(|()| file.sync_all())
		.map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// A disputed batch named on the command line: `a:SEQUENCE` or `b:SEQUENCE` (whose network the
/// usage was on, case-insensitive).
pub fn parse_batch(
	text: &str,
) -> Result<(pallet_roaming_settlement::Side, pallet_roaming_settlement::FileSequence), String> {
	use pallet_roaming_settlement::Side;
	let (side, sequence) =
		text.split_once(':').ok_or_else(|| format!("--batch {text}: give SIDE:SEQUENCE"))?;
	let side = match side {
		"a" | "A" => Side::A,
		"b" | "B" => Side::B,
		_ => return Err(format!("--batch {text}: the side is a or b")),
	};
	let sequence = sequence
		.trim()
		.parse()
		.map_err(|_| format!("--batch {text}: not a file sequence number"))?;
	Ok((side, sequence))
}

#[cfg(test)]
mod tests {
	use super::*;
	use telecom_terms_seal::commit;

	#[test]
	fn reveal_batches_are_side_and_sequence() {
		use pallet_roaming_settlement::Side;
		assert_eq!(parse_batch("a:1"), Ok((Side::A, 1)));
		assert_eq!(parse_batch("B:99999"), Ok((Side::B, 99_999)));
		assert!(parse_batch("c:1").is_err());
		assert!(parse_batch("a1").is_err());
		assert!(parse_batch("a:x").is_err());
		assert!(parse_batch("a:-1").is_err());
	}
	use std::os::unix::fs::PermissionsExt;

	/// A fresh directory per test, removed at the end.
	struct TempDir(PathBuf);

	impl TempDir {
		fn new(name: &str) -> Self {
			let dir =
				std::env::temp_dir().join(format!("telecom-seal-{name}-{}", std::process::id()));
			let _ = std::fs::remove_dir_all(&dir);
			std::fs::create_dir_all(&dir).unwrap();
			TempDir(dir)
		}
	}

	impl Drop for TempDir {
		fn drop(&mut self) {
			let _ = std::fs::remove_dir_all(&self.0);
		}
	}

	/// The dev chain's demo agreement terms, in the chain's JSON, from the runtime's genesis
	/// preset (so the test follows the terms type as it changes).
	fn demo_terms_json() -> String {
		let genesis = telecom_runtime::genesis_config_presets::development_config_genesis();
		genesis["roaming"]["agreements"][0][2].to_string()
	}

	fn context() -> SealContext {
		SealContext { genesis: [0x6e; 32], agreement: 0 }
	}

	fn mode(path: &Path) -> u32 {
		std::fs::metadata(path).unwrap().permissions().mode() & 0o777
	}

	#[test]
	fn keygen_writes_a_private_key_file_once() {
		let dir = TempDir::new("keygen");
		let file = dir.0.join("deu.x25519");
		let public = keygen(&file).unwrap();
		assert_eq!(mode(&file), 0o600);
		let text = std::fs::read_to_string(&file).unwrap();
		assert!(text.starts_with("0x") && text.trim().len() == 66, "{text}");
		assert_eq!(load_secret(&file).unwrap().public_key(), public);
		// Never overwritten: the existing key stays.
		assert!(keygen(&file).unwrap_err().contains("refusing to overwrite"));
		assert_eq!(std::fs::read_to_string(&file).unwrap(), text);
		// A key file others may read is refused, without showing its content.
		std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o640)).unwrap();
		let error = load_secret(&file).unwrap_err();
		assert!(error.contains("chmod 600") && !error.contains(&text[2..10]), "{error}");
		std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
		std::fs::write(&file, "0xnot-hex-at-all-secret\n").unwrap();
		let error = load_secret(&file).unwrap_err();
		assert!(error.contains("64 hex digits") && !error.contains("secret"), "{error}");
		std::fs::write(&file, "\n\n").unwrap();
		assert!(load_secret(&file).unwrap_err().contains("empty"));
		assert!(load_secret(&dir.0.join("missing")).unwrap_err().contains("cannot read"));
	}

	#[test]
	fn both_parties_open_the_sealed_terms_and_the_commitment_checks() {
		let dir = TempDir::new("roundtrip");
		let (deu, fra) = (dir.0.join("deu.key"), dir.0.join("fra.key"));
		let (deu_public, fra_public) = (keygen(&deu).unwrap(), keygen(&fra).unwrap());
		let terms = parse_terms(&demo_terms_json()).unwrap();
		let out = dir.0.join("sealed");
		let sealed =
			seal_to_files(&terms, &[deu_public, fra_public], &context(), None, &out).unwrap();
		assert!(sealed.new_salt);
		assert_eq!(mode(&sealed.salt_file), 0o600);
		assert_eq!(sealed.envelopes.len(), 2);
		let salt = load_salt(&sealed.salt_file).unwrap();
		assert_eq!(sealed.commitment, commit(&terms, &salt));
		assert_eq!(
			parse_hash(&std::fs::read_to_string(&sealed.commitment_file).unwrap(), "c").unwrap(),
			sealed.commitment.0
		);
		for ((key_file, public), (recipient, envelope)) in
			[(&deu, deu_public), (&fra, fra_public)].into_iter().zip(&sealed.envelopes)
		{
			assert_eq!(public, *recipient);
			let salt_out = dir.0.join(format!("{}.salt", public.to_hex()));
			let (opened, opened_salt) = open_from_files(
				key_file,
				envelope,
				&context(),
				&sealed.commitment,
				Some(&salt_out),
			)
			.unwrap();
			assert_eq!(opened, terms);
			assert_eq!(opened_salt, salt);
			assert_eq!(load_salt(&salt_out).unwrap(), salt);
			assert_eq!(mode(&salt_out), 0o600);
		}
		// The envelope is the chain's form of the terms, padded (version 2): its size is fixed,
		// whatever the terms price.
		let envelope = std::fs::read_to_string(&sealed.envelopes[0].1).unwrap();
		assert_eq!(envelope.trim().len(), 2 + 2 * telecom_terms_seal::PADDED_ENVELOPE_LEN);
		assert!(envelope.trim().starts_with("0x02"));
	}

	#[test]
	fn resealing_to_a_new_key_with_the_salt_keeps_the_commitment() {
		let dir = TempDir::new("rotation");
		let (old, new, fra) = (dir.0.join("old.key"), dir.0.join("new.key"), dir.0.join("fra.key"));
		let (old_public, new_public, fra_public) =
			(keygen(&old).unwrap(), keygen(&new).unwrap(), keygen(&fra).unwrap());
		let terms = parse_terms(&demo_terms_json()).unwrap();
		let first =
			seal_to_files(&terms, &[old_public, fra_public], &context(), None, &dir.0.join("v1"))
				.unwrap();
		// Rotation: the same terms and salt sealed to the new key give the same commitment.
		let second = seal_to_files(
			&terms,
			&[new_public],
			&context(),
			Some(&first.salt_file),
			&dir.0.join("v2"),
		)
		.unwrap();
		assert!(!second.new_salt);
		assert_eq!(second.commitment, first.commitment);
		let (opened, _) =
			open_from_files(&new, &second.envelopes[0].1, &context(), &first.commitment, None)
				.unwrap();
		assert_eq!(opened, terms);
		// Sealing again into the same directory overwrites nothing.
		let again = seal_to_files(
			&terms,
			&[fra_public],
			&context(),
			Some(&first.salt_file),
			&dir.0.join("v1"),
		);
		assert!(again.unwrap_err().contains("never overwritten"));
		// A new salt into the same directory would replace the commitment: refused, and the
		// new salt is not written.
		let fresh = dir.0.join("fresh.salt");
		let other =
			seal_to_files(&terms, &[new_public], &context(), Some(&fresh), &dir.0.join("v1"))
				.unwrap_err();
		assert!(other.contains("another commitment"), "{other}");
		assert!(!fresh.exists());
	}

	/// Review finding 6 of the sealed discounts: sealing other terms (a discount, an amendment)
	/// into a directory that already holds a salt reused that salt for the new commitment.
	#[test]
	fn a_salt_is_never_reused_without_being_named() {
		let dir = TempDir::new("salt-reuse");
		let key = dir.0.join("a.key");
		let public = keygen(&key).unwrap();
		let terms = parse_terms(&demo_terms_json()).unwrap();
		let out = dir.0.join("partner");
		let first = seal_to_files(&terms, &[public], &context(), None, &out).unwrap();
		assert!(first.new_salt);
		let error = seal_to_files(&terms, &[public], &context(), None, &out).unwrap_err();
		assert!(error.contains("never reused silently"), "{error}");
		// Into a new directory: a new salt, so another commitment for the same terms.
		let second = seal_to_files(&terms, &[public], &context(), None, &dir.0.join("p2")).unwrap();
		assert!(second.new_salt);
		assert_ne!(second.commitment, first.commitment);
	}

	#[test]
	fn refusals() {
		let dir = TempDir::new("refusals");
		let (deu, fra) = (dir.0.join("deu.key"), dir.0.join("fra.key"));
		let deu_public = keygen(&deu).unwrap();
		keygen(&fra).unwrap();
		let terms = parse_terms(&demo_terms_json()).unwrap();
		let out = dir.0.join("sealed");
		// Nothing to seal to, a key given twice, a small-order key: nothing written.
		assert!(seal_to_files(&terms, &[], &context(), None, &out).unwrap_err().contains("--to"));
		assert!(seal_to_files(&terms, &[deu_public, deu_public], &context(), None, &out)
			.unwrap_err()
			.contains("twice"));
		let zero = PublicKey::from_bytes([0; 32]);
		assert!(seal_to_files(&terms, &[deu_public, zero], &context(), None, &out)
			.unwrap_err()
			.contains("small order"));
		assert!(!out.join("salt").exists());
		let sealed = seal_to_files(&terms, &[deu_public], &context(), None, &out).unwrap();
		let envelope = &sealed.envelopes[0].1;
		let open = |key: &Path, context: &SealContext, commitment: &TermsCommitment| {
			open_from_files(key, envelope, context, commitment, None).unwrap_err()
		};
		// Another party's key, another agreement or chain, another commitment.
		assert!(open(&fra, &context(), &sealed.commitment).contains("does not open"));
		let other_agreement = SealContext { agreement: 1, ..context() };
		assert!(open(&deu, &other_agreement, &sealed.commitment).contains("does not open"));
		let mut amended = terms.clone();
		amended.dispute_window += 1;
		let salt = load_salt(&sealed.salt_file).unwrap();
		assert!(open(&deu, &context(), &commit(&amended, &salt)).contains("does not open"));
		// An altered envelope, or one that is not hex.
		let text = std::fs::read_to_string(envelope).unwrap();
		let altered = dir.0.join("altered.envelope");
		let last = if text.trim().ends_with('0') { "1" } else { "0" };
		std::fs::write(&altered, format!("{}{last}", &text.trim()[..text.trim().len() - 1]))
			.unwrap();
		let error =
			open_from_files(&deu, &altered, &context(), &sealed.commitment, None).unwrap_err();
		assert!(error.contains("does not open"), "{error}");
		std::fs::write(&altered, format!("0x03{}", &text.trim()[4..])).unwrap();
		let error =
			open_from_files(&deu, &altered, &context(), &sealed.commitment, None).unwrap_err();
		assert!(error.contains("version 3"), "{error}");
		std::fs::write(&altered, "terms").unwrap();
		let error =
			open_from_files(&deu, &altered, &context(), &sealed.commitment, None).unwrap_err();
		assert!(error.contains("not an envelope"), "{error}");
		// The salt is never written over an existing file.
		let error = open_from_files(&deu, envelope, &context(), &sealed.commitment, Some(&deu))
			.unwrap_err();
		assert!(error.contains("refusing to overwrite"), "{error}");
		// Bad inputs.
		assert!(parse_public_key("0x1234").unwrap_err().contains("64 hex"));
		assert!(parse_hash("0x12", "--genesis").unwrap_err().contains("--genesis"));
		assert!(parse_terms("{\"currency\": \"XDR\"}")
			.unwrap_err()
			.contains("not agreement terms"));
	}

	#[test]
	fn discount_terms_are_sealed_to_both_parties_for_their_agreement_and_month() {
		let dir = TempDir::new("discount");
		let (deu, fra) = (dir.0.join("deu.key"), dir.0.join("fra.key"));
		let (deu_public, fra_public) = (keygen(&deu).unwrap(), keygen(&fra).unwrap());
		let terms = crate::discount::tests::example_agreement();
		let context =
			DiscountSealContext { genesis: [0x6e; 32], agreement: 4, year: 2026, month: 1 };
		let out = dir.0.join("sealed");
		let sealed =
			seal_discount_to_files(&terms, &[deu_public, fra_public], &context, None, &out)
				.unwrap();
		let salt = load_salt(&sealed.salt_file).unwrap();
		assert_eq!(sealed.commitment, commit(&terms, &salt));
		assert!(sealed.commitment_file.ends_with("discount-4-2026-01.commitment"));
		for (key_file, (_, envelope)) in [&deu, &fra].into_iter().zip(&sealed.envelopes) {
			let (opened, opened_salt) =
				open_discount_from_files(key_file, envelope, &context, &sealed.commitment, None)
					.unwrap();
			assert_eq!((opened, opened_salt), (terms.clone(), salt));
			// Padded: the envelope's length says nothing about the tiers.
			let bytes = read_envelope(envelope).unwrap();
			assert_eq!(bytes.len(), telecom_terms_seal::PADDED_ENVELOPE_LEN);
		}
		// Another month or agreement does not open; nor does the agreement-terms opener.
		let envelope = &sealed.envelopes[0].1;
		let other = DiscountSealContext { month: 2, ..context };
		assert!(open_discount_from_files(&deu, envelope, &other, &sealed.commitment, None)
			.unwrap_err()
			.contains("does not open"));
		let terms_context = SealContext { genesis: [0x6e; 32], agreement: 4 };
		assert!(open_from_files(&deu, envelope, &terms_context, &sealed.commitment, None)
			.unwrap_err()
			.contains("does not open"));
	}
}
