//! Sealing of confidential agreement terms to the parties' X25519 keys.
//!
//! A confidential roaming agreement keeps its terms off the public state: the chain holds the
//! [commitment](telecom_primitives::commitment) `blake2_256(SCALE(terms) ‖ salt)` and, for each
//! party, an **envelope**: the terms and the salt encrypted to that party's registered X25519 key.
//! Sealing and opening happen off-chain only (`telecom-cli roaming seal-terms` / `open-terms`);
//! the runtime never sees a key or a plaintext, and depends on none of this crate's crypto.
//!
//! ## Envelope, version 2 (written) and version 1 (still read)
//!
//! Version 2 is version 1 with a padded plaintext and its own key-derivation domain, so every
//! envelope is exactly [`PADDED_ENVELOPE_LEN`] (2,048) bytes and its length reveals nothing about
//! the terms (how many tiers, bands or services they price):
//!
//! ```text
//! envelope  = 0x02 ‖ ephemeral public key (32) ‖ nonce (12) ‖ ChaCha20-Poly1305(plaintext) ‖ tag (16)
//! plaintext = len(SCALE(terms)) (u32 LE) ‖ SCALE(terms) ‖ salt (32) ‖ zeros, 1,987 bytes in all
//! info      = "tcc/terms-seal/v2" ‖ genesis hash (32) ‖ agreement id (u32 LE)
//!             ‖ recipient public key (32) ‖ ephemeral public key (32)
//! ```
//!
//! and the key, AAD and checks as below. [`open`] refuses a version 2 plaintext whose length
//! prefix overruns it or whose padding is not all zeros (`BadPadding`). Version 1, which
//! [`open`] still reads (agreements sealed before version 2), is:
//!
//! ```text
//! envelope  = 0x01 ‖ ephemeral public key (32) ‖ nonce (12) ‖ ChaCha20-Poly1305(plaintext) ‖ tag (16)
//! plaintext = SCALE(terms) ‖ salt (32)
//! shared    = X25519(ephemeral secret, recipient public key)       refused if all zero
//! info      = "tcc/terms-seal/v1" ‖ genesis hash (32) ‖ agreement id (u32 LE)
//!             ‖ recipient public key (32) ‖ ephemeral public key (32)
//! key       = HKDF-SHA256(salt: none, ikm: shared, info) → 32 bytes
//! AAD       = the commitment (32)
//! ```
//!
//! - A fresh ephemeral key per envelope, so sealing needs no sender key and one party's envelope
//!   says nothing about another's; the nonce is random as well.
//! - The derived key binds the chain (genesis hash), the agreement, the recipient's key and the
//!   ephemeral key: an envelope copied to another agreement, another chain or presented to
//!   another key does not open (the tag fails).
//! - The commitment is the associated data, so an envelope opens only against the commitment it
//!   was sealed for; [`open`] then recomputes the commitment from what it decrypted and refuses a
//!   mismatch, so a party never acts on terms the chain's commitment does not bind.
//! - The version byte selects the whole construction; an unknown version is refused before any
//!   decryption. The format is frozen by a test vector that an independent implementation
//!   (`reference/envelope_v1.py`, pyca/cryptography) reproduces.
//!
//! Only the holder of the recipient's secret learns the terms. The sender is not authenticated
//! by the envelope: what authenticates the terms is the commitment, posted on-chain by a party's
//! signed extrinsic.

use chacha20poly1305::{
	aead::{Aead, KeyInit, Payload},
	ChaCha20Poly1305, Key, Nonce,
};
use codec::{Decode, Encode};
use hkdf::Hkdf;
use rand_core::{CryptoRng, RngCore};
use sha2::Sha256;
use std::fmt;
use telecom_primitives::commitment::{
	terms_commitment, TermsCommitment, TermsSalt, SEALED_TERMS_OVERHEAD,
};

pub use rand_core::OsRng;
pub use telecom_primitives::commitment;
pub use zeroize::Zeroizing;

/// The envelope version this crate writes: padded to [`PADDED_ENVELOPE_LEN`].
pub const ENVELOPE_VERSION: u8 = 2;

/// The unpadded envelope version this crate still reads (and writes only for its frozen vector).
pub const ENVELOPE_VERSION_V1: u8 = 1;

/// Domain separation of the key derivation of version 1.
pub const KDF_DOMAIN_V1: &[u8] = b"tcc/terms-seal/v1";

/// Domain separation of the key derivation of version 2 (same length as version 1's).
pub const KDF_DOMAIN_V2: &[u8] = b"tcc/terms-seal/v2";

/// Domain separation of the key derivation of a **discount** envelope (version 2 layout): the
/// terms of a confidential discount agreement, bound to its agreement and first month.
pub const KDF_DOMAIN_DISCOUNT_V2: &[u8] = b"tcc/discnt-seal/v2";

/// Length of every version 2 envelope.
pub const PADDED_ENVELOPE_LEN: usize = telecom_primitives::commitment::PADDED_ENVELOPE_LEN as usize;

/// Length of a version 2 plaintext: the envelope less version, ephemeral key, nonce and tag.
pub const PADDED_PLAINTEXT_LEN: usize = PADDED_ENVELOPE_LEN - HEADER_LEN - TAG_LEN;

/// Longest terms encoding a version 2 envelope holds (the plaintext less the length and salt).
pub const MAX_PADDED_TERMS_LEN: usize = PADDED_PLAINTEXT_LEN - 4 - SALT_LEN;

/// Length of an X25519 public key.
pub const PUBLIC_KEY_LEN: usize = 32;

/// Length of a ChaCha20-Poly1305 nonce.
pub const NONCE_LEN: usize = 12;

/// Length of a Poly1305 tag.
pub const TAG_LEN: usize = 16;

/// Length of a salt.
pub const SALT_LEN: usize = 32;

/// Length of the envelope's header: version, ephemeral public key, nonce.
pub const HEADER_LEN: usize = 1 + PUBLIC_KEY_LEN + NONCE_LEN;

/// Bytes an envelope adds to the terms' encoding (the primitives' constant, which the runtime
/// uses to bound stored envelopes).
pub const OVERHEAD: usize = SEALED_TERMS_OVERHEAD as usize;

/// Length of the version 1 (unpadded) envelope of terms whose SCALE encoding is `encoded_len`
/// bytes long. A version 2 envelope is always [`PADDED_ENVELOPE_LEN`].
pub const fn envelope_len(encoded_len: usize) -> usize {
	encoded_len.saturating_add(OVERHEAD)
}

/// Why sealing or opening was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SealError {
	/// The envelope is shorter than a header, a sealed salt and a tag: it is not an envelope.
	Truncated {
		/// Its length.
		len: usize,
	},
	/// The envelope's version byte is not one this crate reads (it may be a newer format, or the
	/// envelope was altered).
	UnsupportedVersion(u8),
	/// A public key of small order (the recipient's key, or the envelope's ephemeral key): the
	/// shared secret would be known to everyone, so nothing is sealed to it or accepted from it.
	LowOrderKey,
	/// The envelope does not authenticate: it was sealed to another key, for another agreement
	/// or chain, or against another commitment, or its bytes were altered.
	Unauthentic,
	/// The envelope authenticates, but the terms and salt inside do not hash to the commitment:
	/// its sender sealed terms the commitment does not bind.
	CommitmentMismatch,
	/// The terms inside are not a SCALE encoding of the expected type (a commitment to another
	/// type or version of the terms).
	Undecodable,
	/// The terms are too long to seal.
	TooLong,
	/// A version 2 envelope authenticates, but its length prefix overruns the plaintext or its
	/// padding is not all zeros: its sender did not follow the format.
	BadPadding,
}

impl fmt::Display for SealError {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		match self {
			SealError::Truncated { len } => write!(
				f,
				"not a sealed envelope: {len} bytes, at least {} expected",
				envelope_len(0)
			),
			SealError::UnsupportedVersion(v) => {
				write!(f, "envelope version {v} is not supported (this tool reads versions {ENVELOPE_VERSION_V1} and {ENVELOPE_VERSION})")
			},
			SealError::LowOrderKey => {
				write!(f, "the public key is of small order (a shared secret everyone knows)")
			},
			SealError::Unauthentic => write!(
				f,
				"the envelope does not open: sealed to another key, agreement, chain or commitment, or altered"
			),
			SealError::CommitmentMismatch => {
				write!(f, "the sealed terms and salt do not match the commitment")
			},
			SealError::Undecodable => {
				write!(f, "the sealed terms do not decode as agreement terms")
			},
			SealError::TooLong => write!(f, "the terms are too long to seal"),
			SealError::BadPadding => {
				write!(f, "the envelope's length prefix or padding is malformed")
			},
		}
	}
}

impl std::error::Error for SealError {}

/// What binds an envelope besides the recipient's key: the chain and the agreement.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SealContext {
	/// The chain's genesis hash.
	pub genesis: [u8; 32],
	/// The agreement's id on that chain.
	pub agreement: u32,
}

/// What binds a **discount** envelope besides the recipient's key: the chain, the agreement and
/// the discount period's first month. Its key derivation has its own domain
/// ([`KDF_DOMAIN_DISCOUNT_V2`]) and adds the month to the info, so an envelope of agreement
/// terms never opens as a discount envelope, and a discount envelope never opens for another
/// agreement or another period of the same agreement:
///
/// ```text
/// info = "tcc/discnt-seal/v2" ‖ genesis hash (32) ‖ agreement id (u32 LE) ‖ year (u16 LE)
///        ‖ month (u8) ‖ recipient public key (32) ‖ ephemeral public key (32)
/// ```
///
/// Everything else (padding to [`PADDED_ENVELOPE_LEN`], AEAD, commitment as AAD) is version 2.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DiscountSealContext {
	/// The chain's genesis hash.
	pub genesis: [u8; 32],
	/// The agreement's id on that chain.
	pub agreement: u32,
	/// The year of the discount period's first month.
	pub year: u16,
	/// The month (1 to 12) of the discount period's first month.
	pub month: u8,
}

/// What an envelope's key is bound to.
#[derive(Clone, Copy)]
enum Binding<'a> {
	Terms(&'a SealContext),
	Discount(&'a DiscountSealContext),
}

/// An operator's X25519 public encryption key (what it registers on-chain).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PublicKey([u8; PUBLIC_KEY_LEN]);

impl PublicKey {
	/// The key from its 32 bytes (RFC 7748 encoding).
	pub fn from_bytes(bytes: [u8; PUBLIC_KEY_LEN]) -> Self {
		PublicKey(bytes)
	}

	/// The key from 64 hex digits, with or without `0x`.
	pub fn from_hex(text: &str) -> Option<Self> {
		let text = text.trim();
		let digits = text.strip_prefix("0x").unwrap_or(text);
		let mut bytes = [0u8; PUBLIC_KEY_LEN];
		hex::decode_to_slice(digits, &mut bytes).ok()?;
		Some(PublicKey(bytes))
	}

	/// Its 32 bytes.
	pub fn to_bytes(&self) -> [u8; PUBLIC_KEY_LEN] {
		self.0
	}

	/// Its bytes in lower-case hex, without `0x`.
	pub fn to_hex(&self) -> String {
		hex::encode(self.0)
	}
}

impl fmt::Debug for PublicKey {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		write!(f, "PublicKey(0x{})", self.to_hex())
	}
}

/// An operator's X25519 secret key. Its bytes are wiped when it is dropped, and `Debug` does not
/// show them.
#[derive(Clone)]
pub struct SecretKey(x25519_dalek::StaticSecret);

impl SecretKey {
	/// A new key from `rng` (use [`OsRng`]).
	pub fn generate<R: RngCore + CryptoRng>(rng: &mut R) -> Self {
		SecretKey(x25519_dalek::StaticSecret::random_from_rng(rng))
	}

	/// The key from its 32 bytes.
	pub fn from_bytes(bytes: [u8; 32]) -> Self {
		SecretKey(x25519_dalek::StaticSecret::from(bytes))
	}

	/// Its 32 bytes, wiped when the returned value is dropped.
	pub fn to_bytes(&self) -> Zeroizing<[u8; 32]> {
		Zeroizing::new(self.0.to_bytes())
	}

	/// Its public key.
	pub fn public_key(&self) -> PublicKey {
		PublicKey(x25519_dalek::PublicKey::from(&self.0).to_bytes())
	}
}

impl fmt::Debug for SecretKey {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		write!(f, "SecretKey({:?})", self.public_key())
	}
}

/// What an envelope held: the terms' SCALE encoding and the salt, which open the commitment.
/// Both are secret; they are wiped when this is dropped.
pub struct Opened {
	encoded: Zeroizing<Vec<u8>>,
	salt: Zeroizing<TermsSalt>,
}

impl Opened {
	/// The terms' SCALE encoding.
	pub fn encoded(&self) -> &[u8] {
		&self.encoded
	}

	/// The salt.
	pub fn salt(&self) -> &TermsSalt {
		&self.salt
	}

	/// The terms, decoded as `T`; all of the encoding must be consumed.
	pub fn decode<T: Decode>(&self) -> Result<T, SealError> {
		let mut input = self.encoded.as_slice();
		let value = T::decode(&mut input).map_err(|_| SealError::Undecodable)?;
		if input.is_empty() {
			Ok(value)
		} else {
			Err(SealError::Undecodable)
		}
	}
}

impl fmt::Debug for Opened {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		write!(f, "Opened({} bytes of terms, salt hidden)", self.encoded.len())
	}
}

/// 32 fresh random bytes to salt a commitment with.
pub fn random_salt<R: RngCore + CryptoRng>(rng: &mut R) -> TermsSalt {
	let mut salt = [0u8; SALT_LEN];
	rng.fill_bytes(&mut salt);
	salt
}

/// The commitment to `terms` salted with `salt` (see [`commitment`]).
pub fn commit<T: Encode>(terms: &T, salt: &TermsSalt) -> TermsCommitment {
	terms_commitment(&terms.encode(), salt)
}

/// Seals the terms encoded as `encoded`, with `salt`, to `recipient` for the agreement of
/// `context`: the envelope, bound to the commitment `terms_commitment(encoded, salt)`.
pub fn seal<R: RngCore + CryptoRng>(
	rng: &mut R,
	context: &SealContext,
	recipient: &PublicKey,
	encoded: &[u8],
	salt: &TermsSalt,
) -> Result<Vec<u8>, SealError> {
	seal_bound(rng, Binding::Terms(context), recipient, encoded, salt)
}

/// Seals the discount terms encoded as `encoded`, with `salt`, to `recipient` for the discount
/// period of `context` (a version 2 envelope with the discount key derivation).
pub fn seal_discount<R: RngCore + CryptoRng>(
	rng: &mut R,
	context: &DiscountSealContext,
	recipient: &PublicKey,
	encoded: &[u8],
	salt: &TermsSalt,
) -> Result<Vec<u8>, SealError> {
	seal_bound(rng, Binding::Discount(context), recipient, encoded, salt)
}

/// [`seal_discount`] of a typed value: its SCALE encoding.
pub fn seal_discount_terms<R: RngCore + CryptoRng, T: Encode>(
	rng: &mut R,
	context: &DiscountSealContext,
	recipient: &PublicKey,
	terms: &T,
	salt: &TermsSalt,
) -> Result<Vec<u8>, SealError> {
	seal_discount(rng, context, recipient, &Zeroizing::new(terms.encode()), salt)
}

fn seal_bound<R: RngCore + CryptoRng>(
	rng: &mut R,
	binding: Binding<'_>,
	recipient: &PublicKey,
	encoded: &[u8],
	salt: &TermsSalt,
) -> Result<Vec<u8>, SealError> {
	let ephemeral = Zeroizing::new({
		let mut bytes = [0u8; 32];
		rng.fill_bytes(&mut bytes);
		bytes
	});
	let mut nonce = [0u8; NONCE_LEN];
	rng.fill_bytes(&mut nonce);
	let commitment = terms_commitment(encoded, salt);
	seal_with(ENVELOPE_VERSION, *ephemeral, nonce, binding, recipient, encoded, salt, &commitment)
}

/// [`seal`] of a typed value: its SCALE encoding.
pub fn seal_terms<R: RngCore + CryptoRng, T: Encode>(
	rng: &mut R,
	context: &SealContext,
	recipient: &PublicKey,
	terms: &T,
	salt: &TermsSalt,
) -> Result<Vec<u8>, SealError> {
	seal(rng, context, recipient, &Zeroizing::new(terms.encode()), salt)
}

/// Opens `envelope` with `secret` for the agreement of `context` against `commitment` (the one the
/// chain holds), and checks that what it held opens the commitment.
pub fn open(
	secret: &SecretKey,
	context: &SealContext,
	commitment: &TermsCommitment,
	envelope: &[u8],
) -> Result<Opened, SealError> {
	open_bound(secret, Binding::Terms(context), commitment, envelope)
}

/// Opens a discount envelope with `secret` for the discount period of `context` against
/// `commitment`; only version 2 (padded) envelopes are discount envelopes.
pub fn open_discount(
	secret: &SecretKey,
	context: &DiscountSealContext,
	commitment: &TermsCommitment,
	envelope: &[u8],
) -> Result<Opened, SealError> {
	match envelope.first() {
		Some(&ENVELOPE_VERSION) | None => {},
		Some(&other) => return Err(SealError::UnsupportedVersion(other)),
	}
	open_bound(secret, Binding::Discount(context), commitment, envelope)
}

/// [`open_discount`], decoding the terms as `T`: the terms and the salt.
pub fn open_discount_terms<T: Decode>(
	secret: &SecretKey,
	context: &DiscountSealContext,
	commitment: &TermsCommitment,
	envelope: &[u8],
) -> Result<(T, TermsSalt), SealError> {
	let opened = open_discount(secret, context, commitment, envelope)?;
	Ok((opened.decode()?, *opened.salt()))
}

fn open_bound(
	secret: &SecretKey,
	binding: Binding<'_>,
	commitment: &TermsCommitment,
	envelope: &[u8],
) -> Result<Opened, SealError> {
	let (&version, rest) =
		envelope.split_first().ok_or(SealError::Truncated { len: envelope.len() })?;
	if version != ENVELOPE_VERSION && version != ENVELOPE_VERSION_V1 {
		return Err(SealError::UnsupportedVersion(version));
	}
	if envelope.len() < envelope_len(0) {
		return Err(SealError::Truncated { len: envelope.len() });
	}
	let (ephemeral, rest) = rest
		.split_first_chunk::<PUBLIC_KEY_LEN>()
		.ok_or(SealError::Truncated { len: envelope.len() })?;
	let (nonce, ciphertext) = rest
		.split_first_chunk::<NONCE_LEN>()
		.ok_or(SealError::Truncated { len: envelope.len() })?;
	let ephemeral = PublicKey(*ephemeral);
	let shared = secret.0.diffie_hellman(&x25519_dalek::PublicKey::from(ephemeral.0));
	if !shared.was_contributory() {
		return Err(SealError::LowOrderKey);
	}
	let key = derive_key(version, shared.as_bytes(), binding, &secret.public_key(), &ephemeral)?;
	let plaintext = Zeroizing::new(
		ChaCha20Poly1305::new(Key::from_slice(key.as_slice()))
			.decrypt(
				Nonce::from_slice(nonce),
				Payload { msg: ciphertext, aad: commitment.as_bytes() },
			)
			.map_err(|_| SealError::Unauthentic)?,
	);
	let plaintext = if version == ENVELOPE_VERSION { unpad(&plaintext)? } else { plaintext };
	let split = plaintext.len().checked_sub(SALT_LEN).ok_or(SealError::CommitmentMismatch)?;
	let (encoded, salt) = plaintext.split_at_checked(split).ok_or(SealError::CommitmentMismatch)?;
	let salt: TermsSalt = salt.try_into().map_err(|_| SealError::CommitmentMismatch)?;
	let opened = Opened { encoded: Zeroizing::new(encoded.to_vec()), salt: Zeroizing::new(salt) };
	if terms_commitment(opened.encoded(), opened.salt()) != *commitment {
		return Err(SealError::CommitmentMismatch);
	}
	Ok(opened)
}

/// [`open`], decoding the terms as `T`: the terms and the salt.
pub fn open_terms<T: Decode>(
	secret: &SecretKey,
	context: &SealContext,
	commitment: &TermsCommitment,
	envelope: &[u8],
) -> Result<(T, TermsSalt), SealError> {
	let opened = open(secret, context, commitment, envelope)?;
	Ok((opened.decode()?, *opened.salt()))
}

/// A version 2 plaintext's terms and salt (`SCALE(terms) ‖ salt`), without its length prefix
/// and padding; refuses a prefix that overruns it and padding that is not all zeros.
fn unpad(plaintext: &[u8]) -> Result<Zeroizing<Vec<u8>>, SealError> {
	let (len, rest) = plaintext.split_first_chunk::<4>().ok_or(SealError::BadPadding)?;
	let len = usize::try_from(u32::from_le_bytes(*len)).map_err(|_| SealError::BadPadding)?;
	let used = len.checked_add(SALT_LEN).ok_or(SealError::BadPadding)?;
	let (terms_and_salt, padding) = rest.split_at_checked(used).ok_or(SealError::BadPadding)?;
	if padding.iter().any(|byte| *byte != 0) {
		return Err(SealError::BadPadding);
	}
	Ok(Zeroizing::new(terms_and_salt.to_vec()))
}

/// The envelope of `version` with a given ephemeral secret and nonce, bound to `commitment`
/// (which [`seal`] computes from the terms; tests pass another to make a lying envelope).
#[allow(clippy::too_many_arguments)]
fn seal_with(
	version: u8,
	ephemeral_secret: [u8; 32],
	nonce: [u8; NONCE_LEN],
	binding: Binding<'_>,
	recipient: &PublicKey,
	encoded: &[u8],
	salt: &TermsSalt,
	commitment: &TermsCommitment,
) -> Result<Vec<u8>, SealError> {
	let ephemeral_secret = x25519_dalek::StaticSecret::from(ephemeral_secret);
	let ephemeral = PublicKey(x25519_dalek::PublicKey::from(&ephemeral_secret).to_bytes());
	let shared = ephemeral_secret.diffie_hellman(&x25519_dalek::PublicKey::from(recipient.0));
	if !shared.was_contributory() {
		return Err(SealError::LowOrderKey);
	}
	let key = derive_key(version, shared.as_bytes(), binding, recipient, &ephemeral)?;
	let mut plaintext = Zeroizing::new(Vec::with_capacity(PADDED_PLAINTEXT_LEN));
	if version == ENVELOPE_VERSION {
		if encoded.len() > MAX_PADDED_TERMS_LEN {
			return Err(SealError::TooLong);
		}
		let len = u32::try_from(encoded.len()).map_err(|_| SealError::TooLong)?;
		plaintext.extend_from_slice(&len.to_le_bytes());
	}
	plaintext.extend_from_slice(encoded);
	plaintext.extend_from_slice(salt);
	if version == ENVELOPE_VERSION {
		plaintext.resize(PADDED_PLAINTEXT_LEN, 0);
	}
	let ciphertext = ChaCha20Poly1305::new(Key::from_slice(key.as_slice()))
		.encrypt(
			Nonce::from_slice(&nonce),
			Payload { msg: plaintext.as_slice(), aad: commitment.as_bytes() },
		)
		.map_err(|_| SealError::TooLong)?;
	let mut envelope = Vec::with_capacity(HEADER_LEN.saturating_add(ciphertext.len()));
	envelope.push(version);
	envelope.extend_from_slice(&ephemeral.0);
	envelope.extend_from_slice(&nonce);
	envelope.extend_from_slice(&ciphertext);
	Ok(envelope)
}

/// Length of the key derivation's info.
const INFO_LEN: usize = KDF_DOMAIN_V1.len() + 32 + 4 + 2 * PUBLIC_KEY_LEN;

/// The AEAD key of an envelope: HKDF-SHA256 of the shared secret, with the version's domain, the
/// chain, the agreement and both public keys as info.
fn derive_key(
	version: u8,
	shared: &[u8; 32],
	binding: Binding<'_>,
	recipient: &PublicKey,
	ephemeral: &PublicKey,
) -> Result<Zeroizing<[u8; 32]>, SealError> {
	let mut info = Vec::with_capacity(INFO_LEN.saturating_add(4));
	match binding {
		Binding::Terms(context) => {
			info.extend_from_slice(if version == ENVELOPE_VERSION {
				KDF_DOMAIN_V2
			} else {
				KDF_DOMAIN_V1
			});
			info.extend_from_slice(&context.genesis);
			info.extend_from_slice(&context.agreement.to_le_bytes());
		},
		Binding::Discount(context) => {
			info.extend_from_slice(KDF_DOMAIN_DISCOUNT_V2);
			info.extend_from_slice(&context.genesis);
			info.extend_from_slice(&context.agreement.to_le_bytes());
			info.extend_from_slice(&context.year.to_le_bytes());
			info.push(context.month);
		},
	}
	info.extend_from_slice(&recipient.0);
	info.extend_from_slice(&ephemeral.0);
	let mut key = Zeroizing::new([0u8; 32]);
	// 32 bytes is far below HKDF-SHA256's limit of 255 × 32; this cannot fail.
	Hkdf::<Sha256>::new(None, shared)
		.expand(&info, key.as_mut_slice())
		.map_err(|_| SealError::TooLong)?;
	Ok(key)
}

#[cfg(test)]
mod tests;
