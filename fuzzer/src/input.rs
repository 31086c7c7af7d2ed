//! The fuzz input: a byte string read as a sequence of choices (as `arbitrary`'s
//! `Unstructured`): every choice takes bytes from the front, and an exhausted input answers
//! zeros, so any byte string is a valid program and a mutation changes a few choices only.

use codec::Decode;

/// A fuzz input being read.
pub struct Input<'a> {
	data: &'a [u8],
}

impl<'a> Input<'a> {
	/// Reads `data`.
	pub fn new(data: &'a [u8]) -> Self {
		Self { data }
	}

	/// Whether every byte was read.
	pub fn is_empty(&self) -> bool {
		self.data.is_empty()
	}

	/// The next byte (0 once exhausted).
	pub fn byte(&mut self) -> u8 {
		match self.data.split_first() {
			Some((b, rest)) => {
				self.data = rest;
				*b
			}
			None => 0,
		}
	}

	/// A number below `n` (0 when `n` is 0), from as few bytes as `n` needs.
	pub fn below(&mut self, n: u32) -> u32 {
		if n <= 1 {
			return 0;
		}
		let mut v: u32 = 0;
		let mut range: u64 = 1;
		while range < n as u64 {
			v = (v << 8) | self.byte() as u32;
			range <<= 8;
		}
		v % n
	}

	/// A number in `lo..=hi`.
	pub fn range(&mut self, lo: u32, hi: u32) -> u32 {
		lo.saturating_add(self.below(hi.saturating_sub(lo).saturating_add(1)))
	}

	/// A coin flip.
	pub fn bool(&mut self) -> bool {
		self.byte() & 1 == 1
	}

	/// Whether to take a 1-in-`n` branch.
	pub fn one_in(&mut self, n: u32) -> bool {
		self.below(n) == 0
	}

	/// Four bytes as a u32.
	pub fn u32(&mut self) -> u32 {
		u32::from_le_bytes([self.byte(), self.byte(), self.byte(), self.byte()])
	}

	/// 32 bytes.
	pub fn bytes32(&mut self) -> [u8; 32] {
		let mut out = [0u8; 32];
		for b in out.iter_mut() {
			*b = self.byte();
		}
		out
	}

	/// A value SCALE-decoded from the next up-to-`max` bytes (how many is itself a choice), or
	/// `None` when they do not decode: arbitrary arguments for the calls not modelled one by one.
	pub fn decode<T: Decode>(&mut self, max: u32) -> Option<T> {
		let len = self.below(max.saturating_add(1)) as usize;
		let take = len.min(self.data.len());
		let (head, rest) = self.data.split_at(take);
		self.data = rest;
		T::decode(&mut &head[..]).ok()
	}
}

/// splitmix64: the fuzzer's own deterministic generator of random inputs (no `rand`).
pub struct SplitMix(pub u64);

impl SplitMix {
	/// The next 64 random bits.
	pub fn next(&mut self) -> u64 {
		self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
		let mut z = self.0;
		z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
		z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
		z ^ (z >> 31)
	}

	/// A number below `n`.
	pub fn below(&mut self, n: u64) -> u64 {
		if n == 0 {
			0
		} else {
			self.next() % n
		}
	}

	/// `len` random bytes.
	pub fn bytes(&mut self, len: usize) -> Vec<u8> {
		(0..len).map(|_| self.next() as u8).collect()
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn choices_stay_in_range_and_an_exhausted_input_reads_zeros() {
		let data = [0xff, 0x07, 0x10];
		let mut i = Input::new(&data);
		assert_eq!(i.below(10), 5);
		assert_eq!(i.below(1_000), (0x07 << 8 | 0x10) % 1_000);
		assert!(i.is_empty());
		assert_eq!((i.byte(), i.below(7), i.range(3, 9)), (0, 0, 3));
		assert_eq!(i.decode::<u32>(8), None);
	}
}
