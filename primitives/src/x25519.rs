//! Checks on X25519 public keys (RFC 7748) the runtime can make without any curve arithmetic.
//!
//! Curve25519 and its twist have eight and four points of small order. Their u-coordinates are
//! 0, 1, p − 1 and two points of order 8; every X25519 key agreement with one of them gives a
//! shared secret drawn from a handful of values (all zero after clamping), whatever the other
//! side's secret, so an envelope sealed to such a "key" is readable by everyone.
//!
//! An encoding is 32 little-endian bytes; RFC 7748 ignores the top bit and reduces values from
//! p = 2^255 − 19 to 2^255 − 1 modulo p. So each small-order u has several encodings: the
//! canonical one, the non-canonical `u + p` where that fits below 2^255 (for u = 0 and 1) and
//! each of those with the top bit set. [`is_small_order`] masks and reduces the key first, so it
//! refuses all of them.

/// p = 2^255 − 19, little endian.
const P: [u8; 32] = [
	0xed, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f,
];

/// The canonical u-coordinates of the points of small order (1, 2, 4 or 8) on Curve25519 and
/// its twist: 0, 1, p − 1 and the two u-coordinates of order 8
/// (325606250916557431795983626356110631294008115727848805560023387167927233504 and
/// 39382357235489614581723060781553021112529911719440698176882885853963445705823).
pub const SMALL_ORDER_U: [[u8; 32]; 5] = [
	[0; 32],
	[
		1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		0, 0,
	],
	[
		0xec, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0x7f,
	],
	[
		0xe0, 0xeb, 0x7a, 0x7c, 0x3b, 0x41, 0xb8, 0xae, 0x16, 0x56, 0xe3, 0xfa, 0xf1, 0x9f, 0xc4,
		0x6a, 0xda, 0x09, 0x8d, 0xeb, 0x9c, 0x32, 0xb1, 0xfd, 0x86, 0x62, 0x05, 0x16, 0x5f, 0x49,
		0xb8, 0x00,
	],
	[
		0x5f, 0x9c, 0x95, 0xbc, 0xa3, 0x50, 0x8c, 0x24, 0xb1, 0xd0, 0xb1, 0x55, 0x9c, 0x83, 0xef,
		0x5b, 0x04, 0x44, 0x5c, 0xc4, 0x58, 0x1c, 0x8e, 0x86, 0xd8, 0x22, 0x4e, 0xdd, 0xd0, 0x9f,
		0x11, 0x57,
	],
];

/// The u-coordinate an encoding stands for, as RFC 7748 decodes it: the top bit cleared and
/// a value of p or more reduced modulo p (below 2^255 that is at most one subtraction of p,
/// which leaves 0 to 18 in the lowest byte).
pub fn canonical_u(key: &[u8; 32]) -> [u8; 32] {
	let mut u = *key;
	if let Some(top) = u.last_mut() {
		*top &= 0x7f;
	}
	// u ≥ p: compare from the most significant byte down.
	let at_least_p =
		u.iter().rev().zip(P.iter().rev()).find(|(a, b)| a != b).is_none_or(|(a, b)| a > b);
	if at_least_p {
		let low = u.first().copied().unwrap_or(0).wrapping_sub(0xed);
		u = [0; 32];
		if let Some(first) = u.first_mut() {
			*first = low;
		}
	}
	u
}

/// Whether `key` encodes a point of small order (canonically or not): such a key gives a
/// shared secret everyone can compute, so it is no encryption key.
pub fn is_small_order(key: &[u8; 32]) -> bool {
	let u = canonical_u(key);
	SMALL_ORDER_U.contains(&u)
}

#[cfg(test)]
mod tests {
	use super::*;

	/// Every encoding of the small-order points: the canonical ones, `u + p` below 2^255 and
	/// each with the top bit set (libsodium's blocklist, extended by the top bit).
	fn encodings() -> Vec<[u8; 32]> {
		let mut all = SMALL_ORDER_U.to_vec();
		let mut p = P;
		all.push(p); // 0 + p
		p[0] = 0xee;
		all.push(p); // 1 + p
		let with_top: Vec<_> = all
			.iter()
			.map(|u| {
				let mut u = *u;
				u[31] |= 0x80;
				u
			})
			.collect();
		all.extend(with_top);
		all
	}

	#[test]
	fn every_encoding_of_a_small_order_point_is_refused() {
		let all = encodings();
		assert_eq!(all.len(), 14);
		for key in all {
			assert!(is_small_order(&key), "{key:02x?}");
		}
	}

	#[test]
	fn ordinary_keys_pass() {
		let mut base = [0u8; 32];
		base[0] = 9;
		assert!(!is_small_order(&base));
		// p + 2 (non-canonical 2) is the ordinary point u = 2.
		let mut p_plus_2 = P;
		p_plus_2[0] = 0xef;
		assert_eq!(canonical_u(&p_plus_2)[0], 2);
		assert!(!is_small_order(&p_plus_2));
		// RFC 7748 section 6.1's public keys.
		let alice = hex32("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
		let bob = hex32("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
		assert!(!is_small_order(&alice) && !is_small_order(&bob));
		// One bit away from a small-order point is an ordinary key.
		let mut near = SMALL_ORDER_U[3];
		near[0] ^= 1;
		assert!(!is_small_order(&near));
		// 2^255 − 1 is p + 18.
		let mut max = [0xff; 32];
		max[31] = 0x7f;
		assert_eq!(canonical_u(&max)[0], 18);
		assert!(!is_small_order(&max));
	}

	#[allow(clippy::arithmetic_side_effects)]
	fn hex32(text: &str) -> [u8; 32] {
		let mut out = [0u8; 32];
		for (i, byte) in out.iter_mut().enumerate() {
			*byte = u8::from_str_radix(&text[2 * i..2 * i + 2], 16).unwrap();
		}
		out
	}
}
