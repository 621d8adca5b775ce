//! The streaming cohort filter (DESIGN.md section 5): a list of identity codes in, the same
//! list out without the people whose objection is in force on the extraction date.
//!
//! Input is one code per line (`\n` or `\r\n`). Output is every kept code followed by
//! `\n`, in input order. A line that is not a valid code (blank, padded, lower-case,
//! wrong check character, a temporary code when those are not accepted, an over-long or
//! non-UTF-8 line) is not passed through; it is counted and its line number reported,
//! never its content. Duplicates are judged one by one: each copy is kept or removed like
//! the first, because detecting them would need memory in proportion to the input.
//!
//! Memory is bounded by the set of objections in force (16 to 32 bytes each, plus a 1 MiB
//! prefilter) and a fixed number of blocks in flight, whatever the size of the input. With more than one thread,
//! blocks of lines are hashed in parallel and written back in order.

use std::collections::BTreeMap;
use std::io::{self, Read, Write};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Arc, Mutex};

use tietolupa_domain::{Hetu, HetuPolicy};
use zeroize::Zeroize;

/// Lines longer than this cannot be codes; they are skipped as invalid without being
/// buffered.
const MAX_LINE: usize = 64;
/// Input bytes per block.
const BLOCK_SIZE: usize = 256 * 1024;
/// Most invalid line numbers reported (the count is always complete).
pub const MAX_REPORTED_INVALID_LINES: usize = 100;

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
/// HMAC per input line some 150. The filter holds the HMAC key anyway, and with it any
/// code's membership can be tested (the code space is small enough to enumerate), so
/// decrypting the objections in force exposes nothing the key did not; the codes live
/// only in this process's memory and are zeroed when the set is dropped.
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

/// What a run did. Never holds a code.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CohortReport {
    /// Lines read (a last line without `\n` counts).
    pub lines: u64,
    pub kept: u64,
    /// Valid codes removed because of an objection in force.
    pub removed: u64,
    /// Lines that are not valid codes (not passed through).
    pub invalid: u64,
    /// 1-based numbers of the first [`MAX_REPORTED_INVALID_LINES`] invalid lines.
    pub invalid_lines: Vec<u64>,
}

impl CohortReport {
    fn note_invalid(&mut self, line: u64) {
        self.invalid += 1;
        if self.invalid_lines.len() < MAX_REPORTED_INVALID_LINES {
            self.invalid_lines.push(line);
        }
    }

    /// One line for people: `N lines: K kept, R removed, I invalid (lines a, b, ...)`.
    pub fn summary(&self) -> String {
        let mut text = format!(
            "{} lines: {} kept, {} removed, {} invalid",
            self.lines, self.kept, self.removed, self.invalid
        );
        if !self.invalid_lines.is_empty() {
            let numbers: Vec<String> = self.invalid_lines.iter().map(u64::to_string).collect();
            text.push_str(&format!(" (lines {}", numbers.join(", ")));
            if self.invalid > self.invalid_lines.len() as u64 {
                text.push_str(", ...");
            }
            text.push(')');
        }
        text
    }
}

/// How to run.
#[derive(Debug, Clone, Copy)]
pub struct FilterOptions {
    pub policy: HetuPolicy,
    /// Hashing threads; 1 runs everything on the calling thread.
    pub threads: usize,
}

/// A run that stopped early: the input could not be read or the output not written (e.g.
/// the client went away). `report` counts what was written before.
#[derive(Debug, thiserror::Error)]
#[error("cohort filter stopped: {source}")]
pub struct FilterError {
    #[source]
    pub source: io::Error,
    pub report: CohortReport,
}

/// A block of whole lines.
struct Block {
    seq: u64,
    data: Vec<u8>,
}

/// A processed block.
struct Done {
    seq: u64,
    input_bytes: usize,
    output: Vec<u8>,
    lines: u64,
    kept: u64,
    removed: u64,
    /// 0-based line positions within the block, at most the report's cap.
    invalid_at: Vec<u32>,
    invalid: u64,
}

fn process(set: &ObjectorSet, policy: HetuPolicy, block: Block) -> Done {
    let mut done = Done {
        seq: block.seq,
        input_bytes: block.data.len(),
        output: Vec::with_capacity(block.data.len()),
        lines: 0,
        kept: 0,
        removed: 0,
        invalid_at: Vec::new(),
        invalid: 0,
    };
    let data = block.data.strip_suffix(b"\n").unwrap_or(&block.data);
    if block.data.is_empty() {
        return done;
    }
    for line in data.split(|&b| b == b'\n') {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        match Hetu::parse_bytes(line, policy) {
            Ok(hetu) => {
                if set.contains(&hetu) {
                    done.removed += 1;
                } else {
                    done.kept += 1;
                    done.output.extend_from_slice(hetu.expose_bytes());
                    done.output.push(b'\n');
                }
            }
            Err(_) => {
                if done.invalid_at.len() < MAX_REPORTED_INVALID_LINES {
                    done.invalid_at.push(done.lines as u32);
                }
                done.invalid += 1;
            }
        }
        done.lines += 1;
    }
    done
}

/// Cuts the input into blocks of whole lines. An over-long unfinished line is dropped and
/// later stands in as `!`, which no parser accepts, so it counts as one invalid line
/// without being kept in memory. Over-long lines inside a block are simply invalid lines.
struct Blocks<R> {
    input: R,
    carry: Vec<u8>,
    skipping: bool,
    seq: u64,
    eof: bool,
}

impl<R: Read> Blocks<R> {
    fn new(input: R) -> Blocks<R> {
        Blocks {
            input,
            carry: Vec::new(),
            skipping: false,
            seq: 0,
            eof: false,
        }
    }

    fn next_block(&mut self) -> io::Result<Option<Block>> {
        if self.eof {
            return Ok(None);
        }
        let mut data = std::mem::take(&mut self.carry);
        let mut filled = data.len();
        // One spare byte: ending a skipped line may add the `!` stand-in.
        data.resize(filled + BLOCK_SIZE + 1, 0);
        let end = data.len() - 1;
        while filled < end {
            let n = match self.input.read(&mut data[filled..end]) {
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if n == 0 {
                self.eof = true;
                break;
            }
            if self.skipping {
                if let Some(p) = data[filled..filled + n].iter().position(|&b| b == b'\n') {
                    data.copy_within(filled + p..filled + n, filled + 1);
                    data[filled] = b'!';
                    filled += 1 + n - p;
                    self.skipping = false;
                }
            } else {
                filled += n;
            }
        }
        data.truncate(filled);
        if self.eof {
            if self.skipping {
                data.extend_from_slice(b"!\n");
                self.skipping = false;
            }
        } else {
            // Keep the unfinished last line for the next block.
            let cut = data.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
            self.carry = data.split_off(cut);
            if self.carry.len() > MAX_LINE {
                self.carry.clear();
                self.skipping = true;
            }
        }
        if data.is_empty() && self.eof {
            return Ok(None);
        }
        let seq = self.seq;
        self.seq += 1;
        Ok(Some(Block { seq, data }))
    }
}

/// Runs the filter from `input` to `output`. `progress` is told the input bytes consumed
/// after each block, in order. The output is flushed before returning.
pub fn filter<R, W>(
    set: &ObjectorSet,
    input: R,
    mut output: W,
    options: FilterOptions,
    progress: &mut dyn FnMut(u64),
) -> Result<CohortReport, FilterError>
where
    R: Read + Send,
    W: Write,
{
    let mut report = CohortReport::default();
    let mut consumed = 0u64;
    let mut write_done = |done: Done, report: &mut CohortReport| -> io::Result<()> {
        output.write_all(&done.output)?;
        for at in &done.invalid_at {
            report.note_invalid(report.lines + u64::from(*at) + 1);
        }
        // Invalid lines beyond the block's cap still count.
        report.invalid += done.invalid - done.invalid_at.len() as u64;
        report.lines += done.lines;
        report.kept += done.kept;
        report.removed += done.removed;
        consumed += done.input_bytes as u64;
        progress(consumed);
        Ok(())
    };
    let fail = |source, report: CohortReport| FilterError { source, report };

    if options.threads <= 1 {
        let mut blocks = Blocks::new(input);
        loop {
            match blocks.next_block() {
                Ok(Some(block)) => {
                    let done = process(set, options.policy, block);
                    if let Err(e) = write_done(done, &mut report) {
                        return Err(fail(e, report));
                    }
                }
                Ok(None) => break,
                Err(e) => return Err(fail(e, report)),
            }
        }
    } else {
        let threads = options.threads;
        let in_flight = threads * 4;
        let outcome = std::thread::scope(|scope| -> io::Result<()> {
            // Tokens bound the blocks between reading and writing, so a slow block cannot
            // make the others pile up in memory.
            let (token_tx, token_rx) = sync_channel::<()>(in_flight);
            for _ in 0..in_flight {
                token_tx
                    .send(())
                    .expect("the channel has room for every token");
            }
            let (work_tx, work_rx) = sync_channel::<Block>(in_flight);
            let work_rx = Arc::new(Mutex::new(work_rx));
            let (done_tx, done_rx) = sync_channel::<Done>(in_flight);
            let reader = scope.spawn(move || read_blocks(input, token_rx, work_tx));
            for _ in 0..threads {
                let work_rx = Arc::clone(&work_rx);
                let done_tx = done_tx.clone();
                let policy = options.policy;
                scope.spawn(move || hash_blocks(set, policy, &work_rx, &done_tx));
            }
            drop(done_tx);
            let mut pending: BTreeMap<u64, Done> = BTreeMap::new();
            let mut next = 0u64;
            let mut written = Ok(());
            for done in done_rx {
                pending.insert(done.seq, done);
                while let Some(done) = pending.remove(&next) {
                    if let Err(e) = write_done(done, &mut report) {
                        written = Err(e);
                        break;
                    }
                    next += 1;
                    // The reader may be gone already; a missing token then harms no one.
                    let _ = token_tx.send(());
                }
                if written.is_err() {
                    break;
                }
            }
            // Dropping the token sender (and, on error, the result receiver) stops the
            // reader and the workers.
            drop(token_tx);
            written?;
            reader
                .join()
                .unwrap_or_else(|_| Err(io::Error::other("the reader thread panicked")))
        });
        if let Err(e) = outcome {
            return Err(fail(e, report));
        }
    }
    if let Err(e) = output.flush() {
        return Err(fail(e, report));
    }
    Ok(report)
}

fn read_blocks<R: Read>(input: R, tokens: Receiver<()>, work: SyncSender<Block>) -> io::Result<()> {
    let mut blocks = Blocks::new(input);
    while tokens.recv().is_ok() {
        match blocks.next_block()? {
            Some(block) => {
                if work.send(block).is_err() {
                    return Ok(());
                }
            }
            None => return Ok(()),
        }
    }
    Ok(())
}

fn hash_blocks(
    set: &ObjectorSet,
    policy: HetuPolicy,
    work: &Mutex<Receiver<Block>>,
    done: &SyncSender<Done>,
) {
    loop {
        let block = match work.lock() {
            Ok(receiver) => match receiver.recv() {
                Ok(block) => block,
                Err(_) => return,
            },
            Err(_) => return,
        };
        if done.send(process(set, policy, block)).is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const POLICY: HetuPolicy = HetuPolicy::ALLOW_TEMPORARY;

    fn code(n: u16) -> Hetu {
        Hetu::compose(date!(1990 - 05 - 17), '-', 2 + n, POLICY).unwrap()
    }

    fn run(set: &ObjectorSet, input: &[u8], threads: usize) -> (String, CohortReport) {
        let mut out = Vec::new();
        let report = filter(
            set,
            input,
            &mut out,
            FilterOptions {
                policy: POLICY,
                threads,
            },
            &mut |_| {},
        )
        .unwrap();
        (String::from_utf8(out).unwrap(), report)
    }

    #[test]
    fn objectors_are_removed_and_order_kept() {
        let mut set = ObjectorSet::new();
        set.insert(&code(1));
        let input = format!(
            "{}\n{}\r\n{}\n\nnot a code\n{}\n{}",
            code(0).expose(),
            code(1).expose(),
            code(2).expose(),
            code(1).expose(),
            code(2).expose(),
        );
        for threads in [1, 2, 3] {
            let (out, report) = run(&set, input.as_bytes(), threads);
            assert_eq!(
                out,
                format!(
                    "{}\n{}\n{}\n",
                    code(0).expose(),
                    code(2).expose(),
                    code(2).expose()
                )
            );
            assert_eq!(report.lines, 7);
            assert_eq!(report.kept, 3);
            assert_eq!(report.removed, 2, "a duplicate objector is removed twice");
            assert_eq!(report.invalid, 2);
            assert_eq!(report.invalid_lines, vec![4, 5]);
            assert!(!report.summary().contains("not a code"));
        }
    }

    #[test]
    fn large_inputs_keep_order_across_blocks_and_threads() {
        let mut set = ObjectorSet::new();
        let codes: Vec<Hetu> = (0..60_000u32)
            .map(|i| {
                let date = date!(1900 - 01 - 01) + time::Duration::days(i64::from(i % 20_000));
                Hetu::compose(date, 'Y', 2 + (i / 20_000) as u16, POLICY).unwrap()
            })
            .collect();
        for hetu in codes.iter().step_by(7) {
            set.insert(hetu);
        }
        let mut input = String::new();
        for (i, hetu) in codes.iter().enumerate() {
            if i % 10_000 == 5 {
                input.push_str(&"x".repeat(300_000));
                input.push('\n');
            }
            input.push_str(hetu.expose());
            input.push('\n');
        }
        let expected: String = codes
            .iter()
            .enumerate()
            .filter(|(i, _)| i % 7 != 0)
            .map(|(_, h)| format!("{}\n", h.expose()))
            .collect();
        for threads in [1, 2] {
            let (out, report) = run(&set, input.as_bytes(), threads);
            assert!(out == expected, "output differs with {threads} threads");
            assert_eq!(report.invalid, 6);
            assert_eq!(report.invalid_lines[0], 6);
            assert_eq!(report.invalid_lines[1], 10_007);
            assert_eq!(report.lines, 60_006);
            assert_eq!(report.removed, 60_000 / 7 + 1);
        }
    }

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

    #[test]
    fn invalid_line_numbers_are_capped_but_counted() {
        let set = ObjectorSet::new();
        let input = "bad\n".repeat(250);
        let (out, report) = run(&set, input.as_bytes(), 2);
        assert!(out.is_empty());
        assert_eq!(report.invalid, 250);
        assert_eq!(report.invalid_lines.len(), MAX_REPORTED_INVALID_LINES);
        assert!(report.summary().ends_with(", ...)"));
    }

    #[test]
    fn empty_input_is_an_empty_run() {
        let (out, report) = run(&ObjectorSet::new(), b"", 2);
        assert!(out.is_empty());
        assert_eq!(report, CohortReport::default());
    }

    #[test]
    fn a_failing_writer_stops_the_run() {
        struct Broken;
        impl Write for Broken {
            fn write(&mut self, _: &[u8]) -> io::Result<usize> {
                Err(io::Error::new(io::ErrorKind::BrokenPipe, "gone"))
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let input = format!("{}\n", code(0).expose()).repeat(100_000);
        for threads in [1, 2] {
            let err = filter(
                &ObjectorSet::new(),
                input.as_bytes(),
                Broken,
                FilterOptions {
                    policy: POLICY,
                    threads,
                },
                &mut |_| {},
            )
            .unwrap_err();
            assert_eq!(err.source.kind(), io::ErrorKind::BrokenPipe);
        }
    }
}
