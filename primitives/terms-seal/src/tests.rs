use super::*;
use codec::{Decode, Encode};

fn h<const N: usize>(hex_text: &str) -> [u8; N] {
	let mut out = [0u8; N];
	hex::decode_to_slice(hex_text, &mut out).unwrap();
	out
}

fn context() -> SealContext {
	SealContext { genesis: [0x42; 32], agreement: 7 }
}

/// Stand-in for agreement terms: the crate seals any SCALE value.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode)]
struct Terms {
	currency: [u8; 3],
	data_price: u128,
	tiers: Vec<(u64, u16)>,
}

fn terms() -> Terms {
	Terms {
		currency: *b"XDR",
		data_price: 1_250,
		tiers: vec![(1_000_000, 500), (5_000_000, 1_200)],
	}
}

// RFC 7748 section 5.2: the X25519 function on two test inputs, and iterated.
#[test]
fn rfc7748_x25519_vectors() {
	let vectors = [
		(
			"a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4",
			"e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c",
			"c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552",
		),
		(
			"4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d",
			"e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493",
			"95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957",
		),
	];
	for (scalar, u, expected) in vectors {
		assert_eq!(x25519_dalek::x25519(h(scalar), h(u)), h::<32>(expected));
	}
	// k = u = 9, then k, u = X25519(k, u), k.
	let mut k = [0u8; 32];
	k[0] = 9;
	let mut u = k;
	for i in 1..=1_000 {
		let next = x25519_dalek::x25519(k, u);
		u = k;
		k = next;
		if i == 1 {
			assert_eq!(
				k,
				h::<32>("422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079")
			);
		}
	}
	assert_eq!(k, h::<32>("684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51"));
}

// RFC 7748 section 6.1: Alice's and Bob's key pairs and their shared secret, through this crate's
// key types.
#[test]
fn rfc7748_diffie_hellman() {
	let alice = SecretKey::from_bytes(h(
		"77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a",
	));
	let bob = SecretKey::from_bytes(h(
		"5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb",
	));
	assert_eq!(
		alice.public_key().to_hex(),
		"8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a"
	);
	assert_eq!(
		bob.public_key().to_hex(),
		"de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f"
	);
	let shared = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";
	let ab = alice.0.diffie_hellman(&x25519_dalek::PublicKey::from(bob.public_key().to_bytes()));
	let ba = bob.0.diffie_hellman(&x25519_dalek::PublicKey::from(alice.public_key().to_bytes()));
	assert_eq!(hex::encode(ab.as_bytes()), shared);
	assert_eq!(hex::encode(ba.as_bytes()), shared);
}

// RFC 8439 section 2.8.2: the AEAD_CHACHA20_POLY1305 example.
#[test]
fn rfc8439_chacha20_poly1305_vector() {
	let plaintext: &[u8] = b"Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.";
	let aad = h::<12>("50515253c0c1c2c3c4c5c6c7");
	let key: Vec<u8> = (0x80u8..=0x9f).collect();
	let nonce = h::<12>("070000004041424344454647");
	let expected_ciphertext = "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d63dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b3692ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc3ff4def08e4b7a9de576d26586cec64b6116";
	let expected_tag = "1ae10b594f09e26a7e902ecbd0600691";
	let cipher = ChaCha20Poly1305::new(Key::from_slice(&key));
	let sealed =
		cipher.encrypt(Nonce::from_slice(&nonce), Payload { msg: plaintext, aad: &aad }).unwrap();
	let (ciphertext, tag) = sealed.split_at(plaintext.len());
	assert_eq!(hex::encode(ciphertext), expected_ciphertext);
	assert_eq!(hex::encode(tag), expected_tag);
	let opened =
		cipher.decrypt(Nonce::from_slice(&nonce), Payload { msg: &sealed, aad: &aad }).unwrap();
	assert_eq!(opened, plaintext);
	let mut altered = aad;
	altered[0] ^= 1;
	assert!(cipher
		.decrypt(Nonce::from_slice(&nonce), Payload { msg: &sealed, aad: &altered })
		.is_err());
}

// RFC 5869 appendix A.1: HKDF-SHA256 test case 1.
#[test]
fn rfc5869_hkdf_sha256_case_1() {
	let ikm = [0x0bu8; 22];
	let salt: Vec<u8> = (0x00u8..=0x0c).collect();
	let info: Vec<u8> = (0xf0u8..=0xf9).collect();
	let (prk, hkdf) = Hkdf::<Sha256>::extract(Some(&salt), &ikm);
	assert_eq!(
		hex::encode(prk),
		"077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5"
	);
	let mut okm = [0u8; 42];
	hkdf.expand(&info, &mut okm).unwrap();
	assert_eq!(
		hex::encode(okm),
		"3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"
	);
}

// Our own envelope format, frozen: fixed ephemeral key (RFC 7748's Alice), nonce, context,
// terms and salt, sealed to RFC 7748's Bob. `reference/envelope_v1.py` computes the same bytes
// with pyca/cryptography.
#[test]
fn envelope_v1_is_frozen() {
	let encoded: &[u8] = b"IOT terms: data 1,250 per MB";
	let salt: TermsSalt = core::array::from_fn(|i| i as u8);
	let commitment = terms_commitment(encoded, &salt);
	assert_eq!(
		hex::encode(commitment.as_bytes()),
		"218e120afd04192b584d4ebcf6ff31e4e87655140cd74e83e325d579bd913d84"
	);
	let bob = SecretKey::from_bytes(h(
		"5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb",
	));
	let envelope = seal_with(
		ENVELOPE_VERSION_V1,
		h("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"),
		[0x24; NONCE_LEN],
		Binding::Terms(&context()),
		&bob.public_key(),
		encoded,
		&salt,
		&commitment,
	)
	.unwrap();
	assert_eq!(
		hex::encode(&envelope),
		concat!(
			"01",
			"8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a",
			"242424242424242424242424",
			"9d39b56445eaeceb9b20ba0d8d4b90439d7d68dae0163ec2537d1f402950365b",
			"4164542b8b0f69d842316106b269332af48a5c0e4291854aaaeedef6458fa2c1",
			"d44c09ad96ea9c5e6bfacc0a",
		)
	);
	assert_eq!(envelope.len(), envelope_len(encoded.len()));
	let opened = open(&bob, &context(), &commitment, &envelope).unwrap();
	assert_eq!(opened.encoded(), encoded);
	assert_eq!(opened.salt(), &salt);
}

// Version 2, frozen: the inputs of version 1, padded to 2,048 bytes under the v2 key domain.
// `reference/envelope_v2.py` computes the same bytes with pyca/cryptography; the vector pins
// the first 77 bytes (header and start of the ciphertext), the tag and Blake2b-256 of all of it.
#[test]
fn envelope_v2_is_frozen() {
	let encoded: &[u8] = b"IOT terms: data 1,250 per MB";
	let salt: TermsSalt = core::array::from_fn(|i| i as u8);
	let commitment = terms_commitment(encoded, &salt);
	let bob = SecretKey::from_bytes(h(
		"5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb",
	));
	let envelope = seal_with(
		ENVELOPE_VERSION,
		h("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"),
		[0x24; NONCE_LEN],
		Binding::Terms(&context()),
		&bob.public_key(),
		encoded,
		&salt,
		&commitment,
	)
	.unwrap();
	assert_eq!(envelope.len(), PADDED_ENVELOPE_LEN);
	assert_eq!(
		hex::encode(&envelope[..77]),
		concat!(
			"02",
			"8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a",
			"242424242424242424242424",
			"d5b14d7c3ff4898beb325859b7a14cb9faa90e289262cc27a1991c6a22620326",
		)
	);
	assert_eq!(
		hex::encode(&envelope[PADDED_ENVELOPE_LEN - 16..]),
		"13dba5ebfd32764102d99d34bfc62b3e"
	);
	assert_eq!(
		hex::encode(sp_core_blake2_256(&envelope)),
		"87a97326b300253787fd39efb3de7abae37b1067f190cfe06dfd5429e485bdf3"
	);
	let opened = open(&bob, &context(), &commitment, &envelope).unwrap();
	assert_eq!(opened.encoded(), encoded);
	assert_eq!(opened.salt(), &salt);
}

/// Blake2b-256, through the commitment's hash (`terms_commitment(x, salt)` hashes `x ‖ salt`):
/// the envelope less its last 32 bytes, with those as the "salt".
fn sp_core_blake2_256(bytes: &[u8]) -> [u8; 32] {
	let (head, tail) = bytes.split_last_chunk::<32>().unwrap();
	terms_commitment(head, tail).0
}

/// Padded envelopes all have one length, whatever the terms; their padding and length prefix
/// are authenticated and checked; terms too long for the padding are refused; version 1
/// envelopes still open.
#[test]
fn padded_envelopes_hide_the_terms_length() {
	let rng = &mut OsRng;
	let key = SecretKey::generate(rng);
	let salt = random_salt(rng);
	for len in [0usize, 1, 28, 500, MAX_PADDED_TERMS_LEN] {
		let encoded = vec![0xA5; len];
		let envelope = seal(rng, &context(), &key.public_key(), &encoded, &salt).unwrap();
		assert_eq!((envelope.len(), envelope[0]), (PADDED_ENVELOPE_LEN, 2));
		let opened = open(&key, &context(), &terms_commitment(&encoded, &salt), &envelope).unwrap();
		assert_eq!(opened.encoded(), encoded.as_slice());
	}
	let too_long = vec![0u8; MAX_PADDED_TERMS_LEN + 1];
	assert_eq!(
		seal(rng, &context(), &key.public_key(), &too_long, &salt).unwrap_err(),
		SealError::TooLong
	);
	// A version 1 envelope of the same terms still opens.
	let encoded = terms().encode();
	let commitment = terms_commitment(&encoded, &salt);
	let v1 = seal_with(
		ENVELOPE_VERSION_V1,
		*SecretKey::generate(rng).to_bytes(),
		[9; NONCE_LEN],
		Binding::Terms(&context()),
		&key.public_key(),
		&encoded,
		&salt,
		&commitment,
	)
	.unwrap();
	assert_eq!(v1.len(), envelope_len(encoded.len()));
	assert_eq!(open_terms::<Terms>(&key, &context(), &commitment, &v1).unwrap().0, terms());
	// A version byte switched between 1 and 2 does not open (separate key domains).
	let mut relabelled = v1.clone();
	relabelled[0] = ENVELOPE_VERSION;
	assert_eq!(
		open(&key, &context(), &commitment, &relabelled).unwrap_err(),
		SealError::Unauthentic
	);
	// The unpadding refuses an overrunning length prefix and non-zero padding.
	let mut plaintext = vec![0u8; PADDED_PLAINTEXT_LEN];
	plaintext[..4].copy_from_slice(&(PADDED_PLAINTEXT_LEN as u32).to_le_bytes());
	assert_eq!(unpad(&plaintext).unwrap_err(), SealError::BadPadding);
	plaintext[..4].copy_from_slice(&3u32.to_le_bytes());
	assert_eq!(unpad(&plaintext).unwrap().len(), 3 + SALT_LEN);
	plaintext[PADDED_PLAINTEXT_LEN - 1] = 1;
	assert_eq!(unpad(&plaintext).unwrap_err(), SealError::BadPadding);
}

#[test]
fn layout_matches_the_runtime_bound() {
	assert_eq!(PADDED_PLAINTEXT_LEN, 1_987);
	assert_eq!(
		PADDED_ENVELOPE_LEN - MAX_PADDED_TERMS_LEN,
		telecom_primitives::commitment::PADDED_ENVELOPE_OVERHEAD as usize
	);
	assert_eq!(envelope_len(0), HEADER_LEN + SALT_LEN + TAG_LEN);
	assert_eq!(OVERHEAD, 93);
	assert_eq!(INFO_LEN, 17 + 32 + 4 + 64);
}

#[test]
fn both_parties_open_their_envelopes_and_get_terms_and_salt() {
	let rng = &mut OsRng;
	let (a, b) = (SecretKey::generate(rng), SecretKey::generate(rng));
	assert_ne!(a.public_key(), b.public_key());
	let salt = random_salt(rng);
	let commitment = commit(&terms(), &salt);
	let for_a = seal_terms(rng, &context(), &a.public_key(), &terms(), &salt).unwrap();
	let for_b = seal_terms(rng, &context(), &b.public_key(), &terms(), &salt).unwrap();
	assert_eq!(for_a.len(), PADDED_ENVELOPE_LEN);
	for (key, envelope) in [(&a, &for_a), (&b, &for_b)] {
		let (opened, opened_salt) =
			open_terms::<Terms>(key, &context(), &commitment, envelope).unwrap();
		assert_eq!(opened, terms());
		assert_eq!(opened_salt, salt);
	}
	// Each party's key opens only its own envelope.
	assert_eq!(open(&a, &context(), &commitment, &for_b).unwrap_err(), SealError::Unauthentic);
	// Sealing the same terms again gives other bytes (fresh ephemeral key and nonce) under the
	// same commitment.
	let again = seal_terms(rng, &context(), &a.public_key(), &terms(), &salt).unwrap();
	assert_ne!(again, for_a);
	assert!(open(&a, &context(), &commitment, &again).is_ok());
}

#[test]
fn wrong_key_chain_agreement_or_commitment_is_unauthentic() {
	let rng = &mut OsRng;
	let key = SecretKey::generate(rng);
	let salt = random_salt(rng);
	let commitment = commit(&terms(), &salt);
	let envelope = seal_terms(rng, &context(), &key.public_key(), &terms(), &salt).unwrap();
	let stranger = SecretKey::generate(rng);
	assert_eq!(
		open(&stranger, &context(), &commitment, &envelope).unwrap_err(),
		SealError::Unauthentic
	);
	let other_agreement = SealContext { agreement: 8, ..context() };
	assert_eq!(
		open(&key, &other_agreement, &commitment, &envelope).unwrap_err(),
		SealError::Unauthentic
	);
	let mut other_chain = context();
	other_chain.genesis[31] ^= 1;
	assert_eq!(
		open(&key, &other_chain, &commitment, &envelope).unwrap_err(),
		SealError::Unauthentic
	);
	// Altered AAD: another commitment (other salt, other terms).
	let other_salt = commit(&terms(), &random_salt(rng));
	assert_eq!(open(&key, &context(), &other_salt, &envelope).unwrap_err(), SealError::Unauthentic);
	let mut amended = terms();
	amended.data_price = 1_249;
	assert_eq!(
		open(&key, &context(), &commit(&amended, &salt), &envelope).unwrap_err(),
		SealError::Unauthentic
	);
}

#[test]
fn any_altered_byte_is_refused() {
	let rng = &mut OsRng;
	let key = SecretKey::generate(rng);
	let salt = random_salt(rng);
	let commitment = commit(&terms(), &salt);
	let envelope = seal_terms(rng, &context(), &key.public_key(), &terms(), &salt).unwrap();
	// Ephemeral key, nonce, ciphertext and tag: every byte position after the version.
	for position in 1..envelope.len() {
		let mut altered = envelope.clone();
		altered[position] ^= 0x01;
		let error = open(&key, &context(), &commitment, &altered).unwrap_err();
		assert!(
			matches!(error, SealError::Unauthentic | SealError::LowOrderKey),
			"byte {position}: {error:?}"
		);
	}
	// The version.
	let mut altered = envelope.clone();
	altered[0] = 3;
	assert_eq!(
		open(&key, &context(), &commitment, &altered).unwrap_err(),
		SealError::UnsupportedVersion(3)
	);
	altered[0] = 0;
	assert_eq!(
		open(&key, &context(), &commitment, &altered).unwrap_err(),
		SealError::UnsupportedVersion(0)
	);
	// Cut short or extended.
	assert_eq!(
		open(&key, &context(), &commitment, &[]).unwrap_err(),
		SealError::Truncated { len: 0 }
	);
	let short = &envelope[..envelope_len(0) - 1];
	assert_eq!(
		open(&key, &context(), &commitment, short).unwrap_err(),
		SealError::Truncated { len: short.len() }
	);
	assert_eq!(
		open(&key, &context(), &commitment, &envelope[..envelope.len() - 1]).unwrap_err(),
		SealError::Unauthentic
	);
	let mut longer = envelope.clone();
	longer.push(0);
	assert_eq!(open(&key, &context(), &commitment, &longer).unwrap_err(), SealError::Unauthentic);
}

#[test]
fn low_order_keys_are_refused_both_ways() {
	let rng = &mut OsRng;
	let salt = random_salt(rng);
	// u = 0 and u = 1 are of small order: the shared secret is all zeros.
	for u in [[0u8; 32], {
		let mut one = [0u8; 32];
		one[0] = 1;
		one
	}] {
		assert_eq!(
			seal_terms(rng, &context(), &PublicKey::from_bytes(u), &terms(), &salt).unwrap_err(),
			SealError::LowOrderKey
		);
	}
	// An envelope whose ephemeral key is of small order is refused before decryption.
	let key = SecretKey::generate(rng);
	let commitment = commit(&terms(), &salt);
	let mut envelope = seal_terms(rng, &context(), &key.public_key(), &terms(), &salt).unwrap();
	envelope[1..1 + PUBLIC_KEY_LEN].fill(0);
	assert_eq!(open(&key, &context(), &commitment, &envelope).unwrap_err(), SealError::LowOrderKey);
}

#[test]
fn an_envelope_whose_contents_do_not_match_its_commitment_is_refused() {
	// A dishonest sealer binds the envelope to a commitment of other terms: it authenticates,
	// but the opener recomputes the commitment and refuses it.
	let rng = &mut OsRng;
	let key = SecretKey::generate(rng);
	let salt = random_salt(rng);
	let mut other = terms();
	other.data_price = 9_999;
	let claimed = commit(&other, &salt);
	let envelope = seal_with(
		ENVELOPE_VERSION,
		*SecretKey::generate(rng).to_bytes(),
		[7; NONCE_LEN],
		Binding::Terms(&context()),
		&key.public_key(),
		&terms().encode(),
		&salt,
		&claimed,
	)
	.unwrap();
	assert_eq!(
		open(&key, &context(), &claimed, &envelope).unwrap_err(),
		SealError::CommitmentMismatch
	);
}

#[test]
fn terms_of_another_type_are_undecodable() {
	let rng = &mut OsRng;
	let key = SecretKey::generate(rng);
	let salt = random_salt(rng);
	let commitment = commit(&terms(), &salt);
	let envelope = seal_terms(rng, &context(), &key.public_key(), &terms(), &salt).unwrap();
	// A shorter type leaves bytes over; a longer one runs out.
	assert_eq!(
		open_terms::<([u8; 3], u128)>(&key, &context(), &commitment, &envelope).unwrap_err(),
		SealError::Undecodable
	);
	assert_eq!(
		open_terms::<(Terms, u8)>(&key, &context(), &commitment, &envelope).unwrap_err(),
		SealError::Undecodable
	);
}

#[test]
fn keys_round_trip_and_never_print_the_secret() {
	let key = SecretKey::generate(&mut OsRng);
	let bytes = key.to_bytes();
	let again = SecretKey::from_bytes(*bytes);
	assert_eq!(again.public_key(), key.public_key());
	let shown = format!("{key:?}");
	assert!(!shown.contains(&hex::encode(*bytes)), "{shown}");
	assert!(shown.contains(&key.public_key().to_hex()));
	let public = key.public_key();
	assert_eq!(PublicKey::from_hex(&public.to_hex()), Some(public));
	assert_eq!(PublicKey::from_hex(&format!("0x{}", public.to_hex())), Some(public));
	assert_eq!(PublicKey::from_hex("0x1234"), None);
	assert_eq!(PublicKey::from_hex(&"zz".repeat(32)), None);
}

/// The runtime's check (`telecom_primitives::x25519::is_small_order`, no curve arithmetic)
/// agrees with X25519 itself: every encoding it refuses gives a non-contributory (known)
/// shared secret, and fresh keys, their non-canonical encodings and the top-bit variants
/// pass.
#[test]
fn the_runtimes_small_order_check_agrees_with_x25519() {
	use telecom_primitives::x25519::{is_small_order, SMALL_ORDER_U};
	let rng = &mut OsRng;
	let secret = SecretKey::generate(rng);
	let mut refused = SMALL_ORDER_U.to_vec();
	let mut p = [0xff; 32];
	p[0] = 0xed;
	p[31] = 0x7f;
	refused.push(p);
	p[0] = 0xee;
	refused.push(p);
	for key in refused.clone() {
		let mut top = key;
		top[31] |= 0x80;
		refused.push(top);
	}
	for key in &refused {
		assert!(is_small_order(key), "{}", hex::encode(key));
		let shared = secret.0.diffie_hellman(&x25519_dalek::PublicKey::from(*key));
		assert!(!shared.was_contributory(), "{}", hex::encode(key));
	}
	for _ in 0..64 {
		let public = SecretKey::generate(rng).public_key().to_bytes();
		let mut top = public;
		top[31] |= 0x80;
		for key in [public, top] {
			assert!(!is_small_order(&key));
			assert!(secret
				.0
				.diffie_hellman(&x25519_dalek::PublicKey::from(key))
				.was_contributory());
		}
	}
}

#[test]
fn discount_envelopes_are_bound_to_their_agreement_and_month() {
	let rng = &mut OsRng;
	let key = SecretKey::generate(rng);
	let salt = random_salt(rng);
	let encoded = terms().encode();
	let commitment = terms_commitment(&encoded, &salt);
	let discount = DiscountSealContext { genesis: [7; 32], agreement: 3, year: 2026, month: 11 };
	let envelope = seal_discount(rng, &discount, &key.public_key(), &encoded, &salt).unwrap();
	// Padded like every version 2 envelope.
	assert_eq!(envelope.len(), PADDED_ENVELOPE_LEN);
	assert_eq!(envelope[0], ENVELOPE_VERSION);
	let opened = open_discount(&key, &discount, &commitment, &envelope).unwrap();
	assert_eq!((opened.encoded(), opened.salt()), (&encoded[..], &salt));
	// Another month, another agreement, another chain: the tag fails.
	for other in [
		DiscountSealContext { month: 12, ..discount },
		DiscountSealContext { year: 2027, ..discount },
		DiscountSealContext { agreement: 4, ..discount },
		DiscountSealContext { genesis: [8; 32], ..discount },
	] {
		assert_eq!(
			open_discount(&key, &other, &commitment, &envelope).unwrap_err(),
			SealError::Unauthentic
		);
	}
	// Never an agreement-terms envelope, either way round.
	let terms_context = SealContext { genesis: [7; 32], agreement: 3 };
	assert_eq!(
		open(&key, &terms_context, &commitment, &envelope).unwrap_err(),
		SealError::Unauthentic
	);
	let terms_envelope = seal(rng, &terms_context, &key.public_key(), &encoded, &salt).unwrap();
	assert_eq!(
		open_discount(&key, &discount, &commitment, &terms_envelope).unwrap_err(),
		SealError::Unauthentic
	);
	// Only the padded version is a discount envelope.
	let mut v1 = envelope.clone();
	v1[0] = ENVELOPE_VERSION_V1;
	assert_eq!(
		open_discount(&key, &discount, &commitment, &v1).unwrap_err(),
		SealError::UnsupportedVersion(ENVELOPE_VERSION_V1)
	);
	// Typed round trip.
	let typed = seal_discount_terms(rng, &discount, &key.public_key(), &terms(), &salt).unwrap();
	let (decoded, opened_salt) =
		open_discount_terms::<Terms>(&key, &discount, &commitment, &typed).unwrap();
	assert_eq!((decoded, opened_salt), (terms(), salt));
}
