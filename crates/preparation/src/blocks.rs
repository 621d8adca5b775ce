//! Cutting a CSV stream into blocks of whole records, so blocks can be parsed on worker
//! threads and written back in order.
//!
//! A block ends just after a `\n` that ends a record as the `csv` crate reads it: a quote
//! opens a quoted field only at a field's start, `""` inside one is a quote, and a newline
//! inside one is data. Blocks without a quote (most register extracts) are cut with one
//! `memrchr`; the others are walked byte by byte.

use std::io::{self, Read};

use memchr::{memchr, memchr_iter, memrchr};

/// Input bytes read per block.
pub(crate) const BLOCK_SIZE: usize = 256 * 1024;
/// The longest record accepted. Past this the run stops rather than buffer without end
/// (e.g. an unclosed quote, or a file whose lines end in a bare `\r`).
pub const MAX_RECORD_BYTES: usize = 16 * 1024 * 1024;

/// Whole records, the first of which starts on line `first_line` (1-based).
pub(crate) struct Block {
    pub seq: u64,
    pub first_line: u64,
    pub data: Vec<u8>,
}

#[derive(Debug)]
pub(crate) enum ReadError {
    Io(io::Error),
    /// The record starting on this line is over [`MAX_RECORD_BYTES`].
    RecordTooLong {
        line: u64,
    },
}

impl From<io::Error> for ReadError {
    fn from(e: io::Error) -> ReadError {
        ReadError::Io(e)
    }
}

/// The offset just past the first (or last) record-ending `\n` in `data`, which starts at
/// a record's start.
pub(crate) fn record_end(data: &[u8], delimiter: u8, first: bool) -> Option<usize> {
    if memchr(b'"', data).is_none() {
        let at = if first {
            memchr(b'\n', data)
        } else {
            memrchr(b'\n', data)
        };
        return at.map(|p| p + 1);
    }
    #[derive(Clone, Copy)]
    enum State {
        FieldStart,
        Unquoted,
        Quoted,
        QuoteInQuoted,
    }
    let mut state = State::FieldStart;
    let mut last = None;
    for (i, &b) in data.iter().enumerate() {
        state = match state {
            State::Quoted if b == b'"' => State::QuoteInQuoted,
            State::Quoted => State::Quoted,
            _ if b == b'\n' => {
                last = Some(i + 1);
                if first {
                    return last;
                }
                State::FieldStart
            }
            // A bare `\r` ends a record for the csv crate too.
            _ if b == delimiter || b == b'\r' => State::FieldStart,
            State::FieldStart | State::QuoteInQuoted if b == b'"' => State::Quoted,
            _ => State::Unquoted,
        };
    }
    last
}

pub(crate) struct Blocks<R> {
    input: R,
    delimiter: u8,
    carry: Vec<u8>,
    seq: u64,
    next_line: u64,
    eof: bool,
}

impl<R: Read> Blocks<R> {
    pub fn new(input: R, delimiter: u8) -> Blocks<R> {
        Blocks {
            input,
            delimiter,
            carry: Vec::new(),
            seq: 0,
            next_line: 1,
            eof: false,
        }
    }

    /// Fills `data` with up to [`BLOCK_SIZE`] more bytes; false at the end of the input.
    fn fill(&mut self, data: &mut Vec<u8>) -> io::Result<()> {
        let start = data.len();
        data.resize(start + BLOCK_SIZE, 0);
        let mut filled = start;
        while filled < data.len() {
            match self.input.read(&mut data[filled..]) {
                Ok(0) => {
                    self.eof = true;
                    break;
                }
                Ok(n) => filled += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        data.truncate(filled);
        Ok(())
    }

    pub fn next_block(&mut self) -> Result<Option<Block>, ReadError> {
        let mut data = std::mem::take(&mut self.carry);
        loop {
            if self.eof {
                break;
            }
            self.fill(&mut data)?;
            if self.eof {
                break;
            }
            match record_end(&data, self.delimiter, false) {
                Some(cut) => {
                    self.carry = data.split_off(cut);
                    break;
                }
                None if data.len() > MAX_RECORD_BYTES => {
                    return Err(ReadError::RecordTooLong {
                        line: self.next_line,
                    });
                }
                None => {}
            }
        }
        if data.is_empty() {
            return Ok(None);
        }
        let block = Block {
            seq: self.seq,
            first_line: self.next_line,
            data,
        };
        self.seq += 1;
        self.next_line += memchr_iter(b'\n', &block.data).count() as u64;
        Ok(Some(block))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_ends_follow_the_csv_quoting_rules() {
        let cases: &[(&str, Option<usize>, Option<usize>)] = &[
            ("a,b\nc,d\n", Some(4), Some(8)),
            ("a,\"b\nx\",c\nd\n", Some(10), Some(12)),
            ("a,\"b\"\"\n\",c\n", Some(11), Some(11)),
            // A quote inside an unquoted field is data.
            ("ab\"c\nd\n", Some(5), Some(7)),
            ("a,\"unclosed\nb\n", None, None),
            ("no newline", None, None),
        ];
        for &(data, first, last) in cases {
            assert_eq!(record_end(data.as_bytes(), b',', true), first, "{data:?}");
            assert_eq!(record_end(data.as_bytes(), b',', false), last, "{data:?}");
        }
    }

    #[test]
    fn blocks_hold_whole_records_and_count_lines() {
        let mut input = String::new();
        for i in 0..40_000 {
            input.push_str(&format!("{i},\"multi\nline {i}\"\n"));
        }
        let mut blocks = Blocks::new(input.as_bytes(), b',');
        let mut joined = Vec::new();
        let mut expected_line = 1;
        while let Some(block) = blocks.next_block().unwrap() {
            assert_eq!(block.first_line, expected_line);
            assert!(block.data.ends_with(b"\"\n"));
            expected_line += memchr_iter(b'\n', &block.data).count() as u64;
            joined.extend_from_slice(&block.data);
        }
        assert!(joined == input.as_bytes());
    }

    #[test]
    fn an_endless_record_is_refused() {
        let input = format!("a\n\"{}", "x".repeat(MAX_RECORD_BYTES + BLOCK_SIZE));
        let mut blocks = Blocks::new(input.as_bytes(), b',');
        assert_eq!(blocks.next_block().unwrap().unwrap().data, b"a\n");
        let second = blocks.next_block();
        assert!(matches!(second, Err(ReadError::RecordTooLong { line: 2 })));
    }
}
