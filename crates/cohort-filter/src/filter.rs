//! The run itself: blocks of lines in, hashed on worker threads, written back in order.

use std::collections::BTreeMap;
use std::io::{self, Read, Write};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Arc, Mutex};

use tietolupa_domain::{Hetu, HetuPolicy};

use crate::ObjectorSet;

/// Lines longer than this cannot be codes; they are skipped as invalid without being
/// buffered.
const MAX_LINE: usize = 64;
/// Input bytes per block.
const BLOCK_SIZE: usize = 256 * 1024;
/// Most invalid line numbers reported (the count is always complete).
pub const MAX_REPORTED_INVALID_LINES: usize = 100;

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
