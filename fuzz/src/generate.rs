//! Calls generated from the runtime's own type registry.
//!
//! Walking each pallet's `Call` type in the metadata, the generator writes SCALE bytes whose
//! shape always matches the type; the values come from dictionaries of what the dev chain
//! knows (its accounts, TADIG codes, currencies, device ids, small ids that hit genesis objects,
//! boundary integers) or are random. The bytes are then decoded as a `RuntimeCall`, so every
//! call a user could send is reachable, including any added later, without a hand-written
//! generator per call.

use codec::{Compact, Decode, Encode};
use frame_support::__private::{
	metadata::RuntimeMetadata,
	scale_info::{PortableRegistry, TypeDef, TypeDefPrimitive},
};
use sp_core::H256;
use std::collections::BTreeMap;
use telecom_runtime::{AccountId, Runtime};

/// A small, fast, seedable PRNG (SplitMix64).
#[derive(Clone)]
pub struct Rng(pub u64);

impl Rng {
	/// The next 64 random bits.
	pub fn next(&mut self) -> u64 {
		self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
		let mut z = self.0;
		z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
		z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
		z ^ (z >> 31)
	}

	/// A number below `n` (0 if `n` is 0).
	pub fn below(&mut self, n: usize) -> usize {
		if n == 0 {
			return 0;
		}
		(self.next() % n as u64) as usize
	}

	/// True with probability `percent`/100.
	pub fn chance(&mut self, percent: u64) -> bool {
		self.next() % 100 < percent
	}

	/// One element of a non-empty slice.
	pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
		&items[self.below(items.len())]
	}
}

/// What the dev chain knows, for values that hit existing objects.
pub struct Dictionary {
	/// Dev accounts (Alice … Ferdie).
	pub accounts: Vec<AccountId>,
	/// Hashes worth trying: the demo devices' ids, and zero.
	pub hashes: Vec<H256>,
}

/// Values the chain has shown in its events, by (type id, type name as the pallet spells it):
/// ids of objects that exist (bills, offers, grants, tenders, leases …), periods, sequence
/// numbers, amounts. A call's field of the same type and name takes one of them more often than
/// a random value, so calls name objects that exist.
pub type Pools = BTreeMap<(u32, String), Vec<Vec<u8>>>;

/// At most this many values are kept per pool (the most recent).
const POOL_SIZE: usize = 24;

/// The pallets whose calls the fuzzer sends, by runtime index, with their `Call` type ids.
pub struct Targets {
	registry: PortableRegistry,
	/// (pallet index, pallet name, call type id).
	pub pallets: Vec<(u8, String, u32)>,
	/// Event type id of every pallet that has events, by pallet index.
	events: BTreeMap<u8, u32>,
}

/// A field's type name as the pallet spells it, without the `T::` of associated types.
fn normalise(name: &str) -> String {
	name.replace("T::", "").replace(' ', "")
}

/// The first type argument of a generic type name: `GrantId` of
/// `BoundedVec<GrantId,MaxHeartbeatBatch>`, `LicenceId` of `Option<LicenceId>`.
fn first_argument(name: &str) -> Option<String> {
	let inner = name.split_once('<')?.1;
	let end = inner.find([',', '>']).unwrap_or(inner.len());
	Some(inner[..end].to_string())
}

impl Targets {
	/// Reads the call types of `names` from the runtime metadata.
	pub fn new(names: &[&str]) -> Self {
		// Some constants read storage: build the metadata inside externalities.
		let metadata = sp_io::TestExternalities::default().execute_with(Runtime::metadata);
		let RuntimeMetadata::V14(metadata) = metadata.1 else {
			panic!("the runtime's metadata is V14");
		};
		let pallets = metadata
			.pallets
			.iter()
			.filter(|p| names.contains(&p.name.as_str()))
			.filter_map(|p| Some((p.index, p.name.clone(), p.calls.as_ref()?.ty.id)))
			.collect();
		let events = metadata
			.pallets
			.iter()
			.filter_map(|p| Some((p.index, p.event.as_ref()?.ty.id)))
			.collect();
		Targets { registry: metadata.types, pallets, events }
	}

	/// Every call of the pallet `pallet`, as `Pallet.call`.
	pub fn calls_of(&self, pallet: &str) -> Vec<String> {
		let Some((_, name, ty)) = self.pallets.iter().find(|p| p.1 == pallet) else {
			return vec![];
		};
		match self.registry.resolve(*ty).map(|t| &t.type_def) {
			Some(TypeDef::Variant(v)) => {
				v.variants.iter().map(|v| format!("{name}.{}", v.name)).collect()
			},
			_ => vec![],
		}
	}

	/// Adds the top-level fields of an encoded `RuntimeEvent` to the pools.
	pub fn harvest(&self, event: &[u8], pools: &mut Pools) {
		let Some((&pallet, mut input)) = event.split_first() else { return };
		let Some(ty) = self.events.get(&pallet).and_then(|id| self.registry.resolve(*id)) else {
			return;
		};
		let TypeDef::Variant(v) = &ty.type_def else { return };
		let Some((&index, rest)) = input.split_first() else { return };
		input = rest;
		let Some(variant) = v.variants.iter().find(|v| v.index == index) else { return };
		for field in &variant.fields {
			let before = input;
			if self.skip(field.ty.id, &mut input, 0).is_none() {
				return;
			}
			let Some(name) = &field.type_name else { continue };
			let value = before[..before.len() - input.len()].to_vec();
			let pool = pools.entry((field.ty.id, normalise(name))).or_default();
			if !pool.contains(&value) {
				if pool.len() >= POOL_SIZE {
					pool.remove(0);
				}
				pool.push(value);
			}
		}
	}

	/// Moves `input` past one encoded value of type `id`; `None` if it does not decode.
	fn skip(&self, id: u32, input: &mut &[u8], depth: u32) -> Option<()> {
		if depth > 32 {
			return None;
		}
		let ty = self.registry.resolve(id)?;
		let advance = |input: &mut &[u8], n: usize| -> Option<()> {
			*input = input.get(n..)?;
			Some(())
		};
		match &ty.type_def {
			TypeDef::Composite(c) => {
				for field in &c.fields {
					self.skip(field.ty.id, input, depth + 1)?;
				}
			},
			TypeDef::Variant(v) => {
				let (&index, rest) = input.split_first()?;
				*input = rest;
				let variant = v.variants.iter().find(|v| v.index == index)?;
				for field in &variant.fields {
					self.skip(field.ty.id, input, depth + 1)?;
				}
			},
			TypeDef::Sequence(s) => {
				let len = Compact::<u32>::decode(input).ok()?.0;
				if self.is_u8(s.type_param.id) {
					advance(input, len as usize)?;
				} else {
					for _ in 0..len {
						self.skip(s.type_param.id, input, depth + 1)?;
					}
				}
			},
			TypeDef::Array(a) => {
				for _ in 0..a.len {
					self.skip(a.type_param.id, input, depth + 1)?;
				}
			},
			TypeDef::Tuple(t) => {
				for field in &t.fields {
					self.skip(field.id, input, depth + 1)?;
				}
			},
			TypeDef::Primitive(p) => {
				let size = match p {
					TypeDefPrimitive::Bool | TypeDefPrimitive::U8 | TypeDefPrimitive::I8 => 1,
					TypeDefPrimitive::U16 | TypeDefPrimitive::I16 => 2,
					TypeDefPrimitive::U32 | TypeDefPrimitive::I32 | TypeDefPrimitive::Char => 4,
					TypeDefPrimitive::U64 | TypeDefPrimitive::I64 => 8,
					TypeDefPrimitive::U128 | TypeDefPrimitive::I128 => 16,
					TypeDefPrimitive::U256 | TypeDefPrimitive::I256 => 32,
					TypeDefPrimitive::Str => Compact::<u32>::decode(input).ok()?.0 as usize,
				};
				advance(input, size)?;
			},
			TypeDef::Compact(_) => {
				Compact::<u128>::decode(input).ok()?;
			},
			TypeDef::BitSequence(_) => return None,
		}
		Some(())
	}

	/// Name of a pallet's call variant `index`.
	pub fn call_name(&self, pallet: u8, index: u8) -> String {
		let Some((_, name, ty)) = self.pallets.iter().find(|p| p.0 == pallet) else {
			return format!("{pallet}.{index}");
		};
		match self.registry.resolve(*ty).map(|t| &t.type_def) {
			Some(TypeDef::Variant(v)) => v
				.variants
				.iter()
				.find(|v| v.index == index)
				.map(|v| format!("{name}.{}", v.name))
				.unwrap_or_else(|| format!("{name}.{index}")),
			_ => format!("{name}.{index}"),
		}
	}

	/// Every call of the target pallets: (pallet index, call index, `Pallet.call`).
	pub fn all_calls(&self) -> Vec<(u8, u8, String)> {
		let mut calls = Vec::new();
		for (index, name, ty) in &self.pallets {
			if let Some(TypeDef::Variant(v)) = self.registry.resolve(*ty).map(|t| &t.type_def) {
				for variant in &v.variants {
					calls.push((*index, variant.index, format!("{name}.{}", variant.name)));
				}
			}
		}
		calls
	}

	/// Encodes the call `call` of the pallet `pallet` with random arguments.
	pub fn call_of(
		&self,
		pallet: u8,
		call: u8,
		rng: &mut Rng,
		dict: &Dictionary,
		pools: &Pools,
	) -> Option<Vec<u8>> {
		let (_, _, ty) = self.pallets.iter().find(|p| p.0 == pallet)?;
		let TypeDef::Variant(v) = &self.registry.resolve(*ty)?.type_def else { return None };
		let variant = v.variants.iter().find(|v| v.index == call)?;
		let mut out = vec![pallet, call];
		let generator = Gen { targets: self, dict, pools };
		for field in &variant.fields {
			generator.value(field.ty.id, field.type_name.as_deref(), rng, &mut out, 1);
		}
		Some(out)
	}

	/// Encodes a random call of a random target pallet.
	pub fn call(&self, rng: &mut Rng, dict: &Dictionary, pools: &Pools) -> Vec<u8> {
		let (index, _, ty) = rng.pick(&self.pallets);
		let mut out = vec![*index];
		Gen { targets: self, dict, pools }.value(*ty, None, rng, &mut out, 0);
		out
	}

	fn is_u8(&self, id: u32) -> bool {
		matches!(
			self.registry.resolve(id).map(|t| &t.type_def),
			Some(TypeDef::Primitive(TypeDefPrimitive::U8))
		)
	}
}

/// One call being generated: the registry, the dictionaries and the pools.
struct Gen<'a> {
	targets: &'a Targets,
	dict: &'a Dictionary,
	pools: &'a Pools,
}

impl Gen<'_> {
	fn is_u8(&self, id: u32) -> bool {
		self.targets.is_u8(id)
	}

	/// Writes a value of type `id`; `hint` is the type name the field carries (`BillId`,
	/// `SettlementPeriod` …), which selects a pool of values the chain has shown.
	fn value(&self, id: u32, hint: Option<&str>, rng: &mut Rng, out: &mut Vec<u8>, depth: u32) {
		let dict = self.dict;
		if let Some(name) = hint {
			if let Some(pool) = self.pools.get(&(id, normalise(name))) {
				if !pool.is_empty() && rng.chance(70) {
					let value: &Vec<u8> = rng.pick(pool);
					return out.extend_from_slice(value);
				}
			}
		}
		let inner = hint.and_then(first_argument);
		let inner = inner.as_deref();
		let Some(ty) = self.targets.registry.resolve(id) else { return };
		let last = ty.path.segments.last().map(String::as_str).unwrap_or("");
		match last {
			"AccountId32" => return dict_account(rng, dict, out),
			"H256" => {
				let hash = if rng.chance(80) { *rng.pick(&dict.hashes) } else { random_hash(rng) };
				return hash.encode_to(out);
			},
			"CurrencyCode" => {
				let codes: [&[u8; 3]; 6] = [b"EUR", b"USD", b"XDR", b"GBP", b"CHF", b"eur"];
				return out.extend_from_slice(*rng.pick(&codes));
			},
			"TadigCode" => {
				let codes: [&[u8; 5]; 6] =
					[b"DEUTC", b"FRAMC", b"GBRTC", b"ESPTC", b"ITAXX", b"de1tc"];
				return out.extend_from_slice(*rng.pick(&codes));
			},
			_ => {},
		}
		match &ty.type_def {
			TypeDef::Composite(c) => {
				for field in &c.fields {
					let hint = field.type_name.as_deref();
					self.value(field.ty.id, hint, rng, out, depth + 1);
				}
			},
			TypeDef::Variant(v) => {
				if v.variants.is_empty() {
					return;
				}
				// `Option<Id>`: usually `Some`, with the id's pool.
				let variant = if last == "Option" && v.variants.len() == 2 && rng.chance(70) {
					v.variants.iter().find(|v| v.name == "Some").unwrap_or(&v.variants[0])
				} else {
					rng.pick(&v.variants)
				};
				out.push(variant.index);
				for field in &variant.fields {
					let hint = if last == "Option" { inner } else { field.type_name.as_deref() };
					self.value(field.ty.id, hint, rng, out, depth + 1);
				}
			},
			TypeDef::Sequence(s) => {
				let len = if depth > 6 { 0 } else { small_len(rng) };
				Compact(len as u32).encode_to(out);
				if self.is_u8(s.type_param.id) {
					out.extend((0..len).map(|_| rng.next() as u8));
				} else {
					for _ in 0..len {
						self.value(s.type_param.id, inner, rng, out, depth + 1);
					}
				}
			},
			TypeDef::Array(a) => {
				if self.is_u8(a.type_param.id) {
					let zero = rng.chance(20);
					out.extend((0..a.len).map(|_| if zero { 0 } else { rng.next() as u8 }));
				} else {
					for _ in 0..a.len {
						self.value(a.type_param.id, None, rng, out, depth + 1);
					}
				}
			},
			TypeDef::Tuple(t) => {
				for field in &t.fields {
					self.value(field.id, None, rng, out, depth + 1);
				}
			},
			TypeDef::Primitive(p) => primitive(p, rng, out),
			TypeDef::Compact(c) => {
				let mut raw = Vec::new();
				self.value(c.type_param.id, hint, rng, &mut raw, depth + 1);
				let mut padded = [0u8; 16];
				let n = raw.len().min(16);
				padded[..n].copy_from_slice(&raw[..n]);
				let value = u128::from_le_bytes(padded);
				match raw.len() {
					1 => Compact(value as u8).encode_to(out),
					2 => Compact(value as u16).encode_to(out),
					4 => Compact(value as u32).encode_to(out),
					8 => Compact(value as u64).encode_to(out),
					_ => Compact(value).encode_to(out),
				}
			},
			TypeDef::BitSequence(_) => Compact(0u32).encode_to(out),
		}
	}
}

fn dict_account(rng: &mut Rng, dict: &Dictionary, out: &mut Vec<u8>) {
	if rng.chance(90) {
		rng.pick(&dict.accounts).encode_to(out)
	} else {
		random_hash(rng).encode_to(out)
	}
}

fn random_hash(rng: &mut Rng) -> H256 {
	let mut bytes = [0u8; 32];
	for chunk in bytes.chunks_mut(8) {
		chunk.copy_from_slice(&rng.next().to_le_bytes());
	}
	H256(bytes)
}

fn small_len(rng: &mut Rng) -> usize {
	match rng.below(10) {
		0 => 0,
		1..=6 => 1 + rng.below(3),
		7 | 8 => rng.below(17),
		_ => rng.below(300),
	}
}

/// Boundary-heavy values of an unsigned integer of `bits`.
fn unsigned(rng: &mut Rng, bits: u32) -> u128 {
	let max = if bits == 128 { u128::MAX } else { (1u128 << bits) - 1 };
	let value = match rng.below(16) {
		0..=5 => rng.below(4) as u128,
		6 => max,
		7 => max - 1,
		8 => 1u128 << (bits - 1),
		9 => [12u128, 100, 1_000, 10_000, 2_026, 2_025, 2_027][rng.below(7)],
		10 => 10u128.pow(rng.below(39) as u32),
		11 => 1 + rng.below(12) as u128,
		12 => 1_000_000_000_000u128 * (1 + rng.below(1000) as u128),
		_ => u128::from(rng.next()) | (u128::from(rng.next()) << 64),
	};
	value & max
}

fn primitive(p: &TypeDefPrimitive, rng: &mut Rng, out: &mut Vec<u8>) {
	match p {
		TypeDefPrimitive::Bool => out.push(rng.chance(50) as u8),
		TypeDefPrimitive::Char => (rng.next() as u32 % 128).encode_to(out),
		TypeDefPrimitive::Str => {
			let len = small_len(rng);
			let text: String = (0..len).map(|_| (b'a' + (rng.next() % 26) as u8) as char).collect();
			text.encode_to(out)
		},
		TypeDefPrimitive::U8 | TypeDefPrimitive::I8 => out.push(unsigned(rng, 8) as u8),
		TypeDefPrimitive::U16 | TypeDefPrimitive::I16 => (unsigned(rng, 16) as u16).encode_to(out),
		TypeDefPrimitive::U32 | TypeDefPrimitive::I32 => (unsigned(rng, 32) as u32).encode_to(out),
		TypeDefPrimitive::U64 | TypeDefPrimitive::I64 => (unsigned(rng, 64) as u64).encode_to(out),
		TypeDefPrimitive::U128 | TypeDefPrimitive::I128 => unsigned(rng, 128).encode_to(out),
		TypeDefPrimitive::U256 | TypeDefPrimitive::I256 => out.extend([0u8; 32]),
	}
}
