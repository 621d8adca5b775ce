//! The set of people whose objection is in force, built for a lookup per input line.

use tietolupa_domain::Hetu;
use zeroize::Zeroize;

/// Bits of the prefilter: 1 MiB, which stays in a core's L2 cache, where the table (8 MiB
/// for 300 k objections) does not.
const PREFILTER_BITS: u32 = 23;

/// Spreads a packed code over 64 bits (the packed form is dense in its low bits).
#[inline]
fn spread(packed: u64) -> u64 {
    let x = (packed ^ (packed >> 31)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    x ^ (x >> 29)
}

/// The people whose objection is in force on the extraction date, held as packed codes
/// ([`Hetu::packed`]) in an open-addressing table with a one-bit-per-slot prefilter: most
/// people have not objected, and for them the lookup ends at a clear bit that is an L2
/// hit. With 300 k objections about 3.5 % of the others pass to the table.
///
/// Why plain codes and not blind indexes: comparing codes costs a few nanoseconds, an
/// HMAC per input line some 150. The process that runs the filter holds the HMAC key
/// anyway, and with it any code's membership can be tested (the code space is small enough
/// to enumerate), so decrypting the objections in force exposes nothing the key did not;
/// the codes live only in this process's memory and are zeroed when the set is dropped.
pub struct ObjectorSet {
    /// Packed codes; 0 marks an empty slot (a packed code is never 0).
    slots: Vec<u64>,
    len: usize,
    prefilter: Vec<u64>,
}

impl Default for ObjectorSet {
    fn default() -> ObjectorSet {
        ObjectorSet::with_capacity(0)
    }
}

impl ObjectorSet {
    pub fn new() -> ObjectorSet {
        ObjectorSet::default()
    }

    /// A set with room for `objections` codes, so loading a known number does not rehash.
    pub fn with_capacity(objections: usize) -> ObjectorSet {
        ObjectorSet {
            slots: vec![0; ObjectorSet::slots_for(objections)],
            len: 0,
            prefilter: vec![0; 1 << (PREFILTER_BITS - 6)],
        }
    }

    /// At most half the slots in use keeps linear probes short.
    fn slots_for(objections: usize) -> usize {
        (objections.saturating_mul(2)).next_power_of_two().max(64)
    }

    #[inline]
    fn slot(&self, spread: u64) -> usize {
        let bits = self.slots.len().trailing_zeros();
        (spread >> (64 - bits)) as usize
    }

    #[inline]
    fn prefilter_bit(spread: u64) -> usize {
        (spread & ((1 << PREFILTER_BITS) - 1)) as usize
    }

    /// Adds a person; adding the same person again changes nothing.
    pub fn insert(&mut self, hetu: &Hetu) {
        if (self.len + 1) * 2 > self.slots.len() {
            self.grow();
        }
        if self.insert_packed(hetu.packed()) {
            self.len += 1;
        }
    }

    fn insert_packed(&mut self, packed: u64) -> bool {
        let spread = spread(packed);
        let bit = ObjectorSet::prefilter_bit(spread);
        self.prefilter[bit / 64] |= 1 << (bit % 64);
        let mask = self.slots.len() - 1;
        let mut at = self.slot(spread);
        loop {
            match self.slots[at] {
                0 => {
                    self.slots[at] = packed;
                    return true;
                }
                existing if existing == packed => return false,
                _ => at = (at + 1) & mask,
            }
        }
    }

    fn grow(&mut self) {
        self.rehash(self.len + 1);
    }

    fn rehash(&mut self, objections: usize) {
        let old = std::mem::replace(&mut self.slots, vec![0; ObjectorSet::slots_for(objections)]);
        for &packed in old.iter().filter(|&&p| p != 0) {
            self.insert_packed(packed);
        }
        zero(old);
    }

    /// The set of everyone in `parts`, built in one pass at its final size: loading in
    /// parallel parts and merging sets had cost a quarter of the load in rehashing and
    /// page faults.
    pub fn from_parts(parts: &[PackedCodes]) -> ObjectorSet {
        let total = parts.iter().map(PackedCodes::len).sum();
        let mut set = ObjectorSet::with_capacity(total);
        for &packed in parts.iter().flat_map(|part| part.codes.iter()) {
            if set.insert_packed(packed) {
                set.len += 1;
            }
        }
        set
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Whether the person has an objection in force.
    #[inline]
    pub fn contains(&self, hetu: &Hetu) -> bool {
        let packed = hetu.packed();
        let spread = spread(packed);
        let bit = ObjectorSet::prefilter_bit(spread);
        if self.prefilter[bit / 64] & (1 << (bit % 64)) == 0 {
            return false;
        }
        let mask = self.slots.len() - 1;
        let mut at = self.slot(spread);
        loop {
            match self.slots[at] {
                0 => return false,
                existing if existing == packed => return true,
                _ => at = (at + 1) & mask,
            }
        }
    }
}

impl Drop for ObjectorSet {
    fn drop(&mut self) {
        zero(std::mem::take(&mut self.slots));
    }
}

impl std::fmt::Debug for ObjectorSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ObjectorSet")
            .field("len", &self.len)
            .finish_non_exhaustive()
    }
}

/// Packed codes gathered (on a loading thread) for [`ObjectorSet::from_parts`]; zeroed when
/// dropped, and never reallocated behind the caller's back, so no copy is left unzeroed.
pub struct PackedCodes {
    codes: Vec<u64>,
}

impl PackedCodes {
    pub fn with_capacity(codes: usize) -> PackedCodes {
        PackedCodes {
            codes: Vec::with_capacity(codes),
        }
    }

    pub fn push(&mut self, hetu: &Hetu) {
        if self.codes.len() == self.codes.capacity() {
            let mut larger = Vec::with_capacity((self.codes.capacity() * 2).max(64));
            larger.extend_from_slice(&self.codes);
            zero(std::mem::replace(&mut self.codes, larger));
        }
        self.codes.push(hetu.packed());
    }

    pub fn len(&self) -> usize {
        self.codes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }
}

impl Drop for PackedCodes {
    fn drop(&mut self) {
        zero(std::mem::take(&mut self.codes));
    }
}

impl std::fmt::Debug for PackedCodes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PackedCodes")
            .field("len", &self.codes.len())
            .finish_non_exhaustive()
    }
}

/// Overwrites codes before their memory goes back to the allocator.
fn zero(mut slots: Vec<u64>) {
    slots.zeroize();
}

#[cfg(test)]
mod tests {
    use super::*;
    use tietolupa_domain::HetuPolicy;
    use time::macros::date;

    const POLICY: HetuPolicy = HetuPolicy::ALLOW_TEMPORARY;

    #[test]
    fn the_set_holds_exactly_what_was_inserted_through_growth() {
        let mut set = ObjectorSet::new();
        let codes: Vec<Hetu> = (0..5_000u32)
            .map(|i| {
                let date = date!(1950 - 01 - 01) + time::Duration::days(i64::from(i % 2_500));
                let sign = ['-', 'Y'][(i / 2_500) as usize];
                Hetu::compose(date, sign, 2 + (i % 7) as u16, POLICY).unwrap()
            })
            .collect();
        for (i, hetu) in codes.iter().enumerate() {
            if i % 2 == 0 {
                set.insert(hetu);
                set.insert(hetu);
            }
        }
        assert_eq!(set.len(), 2_500, "inserting twice counts once");
        for (i, hetu) in codes.iter().enumerate() {
            assert_eq!(set.contains(hetu), i % 2 == 0, "code {i}");
        }
        let empty = ObjectorSet::with_capacity(10);
        assert!(empty.is_empty() && !empty.contains(&codes[0]));
    }

    #[test]
    fn a_set_from_parts_holds_every_part_once() {
        let codes: Vec<Hetu> = (0..3_000u16)
            .map(|i| {
                let date = date!(1980 - 01 - 01) + time::Duration::days(i64::from(i));
                Hetu::compose(date, '-', 2 + i % 800, POLICY).unwrap()
            })
            .collect();
        // A part starting too small grows (zeroing what it leaves); one code is in two
        // parts, as a person in force twice on a past date can be.
        let mut first = PackedCodes::with_capacity(1);
        for hetu in &codes[..1_000] {
            first.push(hetu);
        }
        let mut second = PackedCodes::with_capacity(1_001);
        for hetu in codes[1_000..2_000].iter().chain([&codes[0]]) {
            second.push(hetu);
        }
        let parts = [first, PackedCodes::with_capacity(0), second];
        assert_eq!(parts.iter().map(PackedCodes::len).sum::<usize>(), 2_001);
        let set = ObjectorSet::from_parts(&parts);
        assert_eq!(set.len(), 2_000);
        for (i, hetu) in codes.iter().enumerate() {
            assert_eq!(set.contains(hetu), i < 2_000, "code {i}");
        }
        assert!(ObjectorSet::from_parts(&[]).is_empty());
    }
}
