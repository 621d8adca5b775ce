//! Output tables: the CSV formats of FREQUENCY and MAGNITUDE tables, parsed into a [`Table`].
//!
//! Both formats: comma-separated, UTF-8 (a byte-order mark is allowed), RFC 4180 quoting.
//! The first row is the header and the first column holds the row labels. A missing value
//! is an empty cell (also `NA`, `NaN` or `.`, as R, pandas and Stata write them).
//! - FREQUENCY: every other column is a count per cell, a whole number >= 0.
//! - MAGNITUDE: the other columns come in groups `<label>:sum`, `<label>:count`,
//!   `<label>:largest`, `<label>:second`, one group per column label, in any order. The
//!   count is a whole number >= 0; the other parts are numbers and may be negative.
//!
//! Errors say where (1-based line and CSV column) and never echo a cell's content, only
//! header labels, which the holder wrote to describe the table.

use std::collections::HashMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::TableKind;
use crate::csv_shape::check_quoting;

/// A parsed table: `cells[row][column]`, with labels for both.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub row_labels: Vec<String>,
    pub column_labels: Vec<String>,
    pub cells: Vec<Vec<Cell>>,
}

impl Table {
    /// How many cells the table has.
    pub fn cell_count(&self) -> usize {
        self.cells.iter().map(Vec::len).sum()
    }
}

/// One cell; `None` is a missing value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell {
    Frequency(Option<i64>),
    Magnitude {
        sum: Option<f64>,
        count: Option<i64>,
        largest: Option<f64>,
        second: Option<f64>,
    },
}

/// The four columns of a magnitude table's cell, named as in the header suffix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MagnitudePart {
    Sum,
    Count,
    Largest,
    Second,
}

impl MagnitudePart {
    pub const ALL: [MagnitudePart; 4] = [
        MagnitudePart::Sum,
        MagnitudePart::Count,
        MagnitudePart::Largest,
        MagnitudePart::Second,
    ];

    /// The header suffix: `sum`, `count`, `largest`, `second`.
    pub fn as_str(self) -> &'static str {
        match self {
            MagnitudePart::Sum => "sum",
            MagnitudePart::Count => "count",
            MagnitudePart::Largest => "largest",
            MagnitudePart::Second => "second",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for MagnitudePart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Bounds on what a single table may be; a table beyond them is refused before it is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParseLimits {
    /// The file's size in bytes.
    pub max_bytes: usize,
    /// Rows times value columns (a magnitude group counts as one column).
    pub max_cells: usize,
}

impl ParseLimits {
    /// 16 MiB and 250 000 cells: far above any table a person can review, small enough to
    /// check in milliseconds.
    pub const DEFAULT: ParseLimits = ParseLimits {
        max_bytes: 16 * 1024 * 1024,
        max_cells: 250_000,
    };
}

impl Default for ParseLimits {
    fn default() -> Self {
        ParseLimits::DEFAULT
    }
}

/// Why a table could not be read. `line` is the 1-based line of the file where the record
/// starts; `column` the 1-based field of that record.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TableError {
    #[error("line {line} is not UTF-8 text")]
    NotUtf8 { line: u64 },
    #[error("line {line} is not well-formed CSV (a quote out of place or never closed)")]
    Malformed { line: u64 },
    #[error("line {line} has {found} fields, the header has {expected}")]
    Ragged {
        line: u64,
        expected: usize,
        found: usize,
    },
    #[error("the table has no header or no rows")]
    Empty,
    #[error("the table has no columns besides the row labels")]
    NoValueColumns,
    #[error("the file is larger than {limit} bytes")]
    TooLarge { limit: usize },
    #[error("the table has more than {limit} cells")]
    TooManyCells { limit: usize },
    #[error("column {column} (\"{label}\") is not named <label>:sum, :count, :largest or :second")]
    NotMagnitudeColumn { column: usize, label: String },
    #[error("the magnitude columns of \"{label}\" have no \"{label}:{part}\"")]
    MagnitudeColumnsMissing { label: String, part: MagnitudePart },
    #[error("column {column} (\"{label}\") appears twice in the header")]
    DuplicateColumn { column: usize, label: String },
    #[error("line {line}, column {column}: not a number")]
    NotANumber { line: u64, column: usize },
    #[error("line {line}, column {column}: a count must be a whole number")]
    NotAWholeNumber { line: u64, column: usize },
    #[error("line {line}, column {column}: a count cannot be negative")]
    NegativeCount { line: u64, column: usize },
    #[error(
        "line {line}, column {column}: the cell's parts disagree (second above largest, the two \
         largest above the sum, or contributions the count does not allow)"
    )]
    InconsistentCell { line: u64, column: usize },
}

/// Reads a table of the declared kind. Nothing is returned unless the whole table is valid.
pub fn parse_table(
    bytes: &[u8],
    kind: TableKind,
    limits: &ParseLimits,
) -> Result<Table, TableError> {
    if bytes.len() > limits.max_bytes {
        return Err(TableError::TooLarge {
            limit: limits.max_bytes,
        });
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    check_quoting(bytes).map_err(|line| TableError::Malformed { line })?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut records = reader.byte_records();

    let header = match records.next() {
        None => return Err(TableError::Empty),
        Some(record) => text_record(record?)?,
    };
    if header.fields.len() < 2 {
        return Err(TableError::NoValueColumns);
    }
    let layout = Layout::from_header(&header.fields[1..], kind)?;
    let mut table = Table {
        row_labels: Vec::new(),
        column_labels: layout.column_labels(),
        cells: Vec::new(),
    };
    let expected = header.fields.len();
    for record in records {
        let record = text_record(record?)?;
        if record.fields.len() != expected {
            return Err(TableError::Ragged {
                line: record.line,
                expected,
                found: record.fields.len(),
            });
        }
        if (table.cells.len() + 1).saturating_mul(table.column_labels.len()) > limits.max_cells {
            return Err(TableError::TooManyCells {
                limit: limits.max_cells,
            });
        }
        let mut fields = record.fields.into_iter();
        table.row_labels.push(fields.next().unwrap_or_default());
        let values: Vec<String> = fields.collect();
        table.cells.push(layout.cells(&values, record.line)?);
    }
    if table.cells.is_empty() {
        return Err(TableError::Empty);
    }
    Ok(table)
}

/// Writes a table in the CSV format [`parse_table`] reads for `kind`. Cells of the other
/// kind are written as missing values. The header's first field is left empty.
pub fn write_table(table: &Table, kind: TableKind) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let mut header = vec![String::new()];
    for label in &table.column_labels {
        match kind {
            TableKind::Frequency => header.push(label.clone()),
            TableKind::Magnitude => header.extend(
                MagnitudePart::ALL
                    .iter()
                    .map(|part| format!("{label}:{part}")),
            ),
        }
    }
    // Writing into a Vec cannot fail and every record has the header's length.
    let _ = writer.write_record(&header);
    for (label, row) in table.row_labels.iter().zip(&table.cells) {
        let mut record = vec![label.clone()];
        for cell in row {
            match (kind, cell) {
                (TableKind::Frequency, Cell::Frequency(count)) => record.push(show(*count)),
                (TableKind::Frequency, _) => record.push(String::new()),
                (
                    TableKind::Magnitude,
                    Cell::Magnitude {
                        sum,
                        count,
                        largest,
                        second,
                    },
                ) => record.extend([show(*sum), show(*count), show(*largest), show(*second)]),
                (TableKind::Magnitude, _) => record.extend(std::iter::repeat_n(String::new(), 4)),
            }
        }
        let _ = writer.write_record(&record);
    }
    writer.into_inner().unwrap_or_default()
}

fn show<T: ToString>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

/// A record's fields as text, with the line it starts on.
struct TextRecord {
    line: u64,
    fields: Vec<String>,
}

fn text_record(record: csv::ByteRecord) -> Result<TextRecord, TableError> {
    let line = record.position().map_or(0, csv::Position::line);
    let fields = record
        .iter()
        .map(|field| std::str::from_utf8(field).map(str::to_owned))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|_| TableError::NotUtf8 { line })?;
    Ok(TextRecord { line, fields })
}

impl From<csv::Error> for TableError {
    /// Reading from a byte slice with flexible lengths leaves only syntax faults, which the
    /// quoting check catches first; whatever remains is reported as malformed.
    fn from(error: csv::Error) -> Self {
        let line = error.position().map_or(0, csv::Position::line);
        match error.kind() {
            csv::ErrorKind::Utf8 { .. } => TableError::NotUtf8 { line },
            _ => TableError::Malformed { line },
        }
    }
}

/// Where each value column of the header goes.
enum Layout {
    Frequency(Vec<String>),
    /// Column labels, and for each, the CSV field index (among value fields) of each part in
    /// [`MagnitudePart::ALL`] order.
    Magnitude(Vec<(String, [usize; 4])>),
}

impl Layout {
    fn from_header(fields: &[String], kind: TableKind) -> Result<Layout, TableError> {
        match kind {
            TableKind::Frequency => {
                let mut seen = HashMap::new();
                for (i, label) in fields.iter().enumerate() {
                    if seen.insert(label.as_str(), i).is_some() {
                        return Err(TableError::DuplicateColumn {
                            column: i + 2,
                            label: label.clone(),
                        });
                    }
                }
                Ok(Layout::Frequency(fields.to_vec()))
            }
            TableKind::Magnitude => {
                let mut groups: Vec<(String, [Option<usize>; 4])> = Vec::new();
                for (i, name) in fields.iter().enumerate() {
                    let parsed = name.rsplit_once(':').and_then(|(label, suffix)| {
                        MagnitudePart::ALL
                            .into_iter()
                            .find(|p| p.as_str() == suffix)
                            .map(|p| (label, p))
                    });
                    let Some((label, part)) = parsed else {
                        return Err(TableError::NotMagnitudeColumn {
                            column: i + 2,
                            label: name.clone(),
                        });
                    };
                    let group = match groups.iter().position(|(l, _)| l == label) {
                        Some(g) => g,
                        None => {
                            groups.push((label.to_owned(), [None; 4]));
                            groups.len() - 1
                        }
                    };
                    let slot = &mut groups[group].1[part.index()];
                    if slot.is_some() {
                        return Err(TableError::DuplicateColumn {
                            column: i + 2,
                            label: name.clone(),
                        });
                    }
                    *slot = Some(i);
                }
                let mut out = Vec::with_capacity(groups.len());
                for (label, slots) in groups {
                    let mut indices = [0; 4];
                    for part in MagnitudePart::ALL {
                        match slots[part.index()] {
                            Some(i) => indices[part.index()] = i,
                            None => {
                                return Err(TableError::MagnitudeColumnsMissing { label, part });
                            }
                        }
                    }
                    out.push((label, indices));
                }
                Ok(Layout::Magnitude(out))
            }
        }
    }

    fn column_labels(&self) -> Vec<String> {
        match self {
            Layout::Frequency(labels) => labels.clone(),
            Layout::Magnitude(groups) => groups.iter().map(|(label, _)| label.clone()).collect(),
        }
    }

    /// A data row's value fields (the label removed) as cells.
    fn cells(&self, values: &[String], line: u64) -> Result<Vec<Cell>, TableError> {
        // `column` in errors is the CSV field number: value index + 2 (1-based, after the label).
        let at = |i: usize| (line, i + 2);
        match self {
            Layout::Frequency(_) => values
                .iter()
                .enumerate()
                .map(|(i, v)| parse_count(v, at(i)).map(Cell::Frequency))
                .collect(),
            Layout::Magnitude(groups) => groups
                .iter()
                .map(|(_, [s, c, l, n])| {
                    let cell = Cell::Magnitude {
                        sum: parse_number(&values[*s], at(*s))?,
                        count: parse_count(&values[*c], at(*c))?,
                        largest: parse_number(&values[*l], at(*l))?,
                        second: parse_number(&values[*n], at(*n))?,
                    };
                    if !consistent(&cell) {
                        return Err(TableError::InconsistentCell {
                            line,
                            column: s + 2,
                        });
                    }
                    Ok(cell)
                })
                .collect(),
        }
    }
}

/// The spellings of a missing value: empty, and what R, pandas and Stata write.
fn is_missing(text: &str) -> bool {
    text.is_empty()
        || text == "."
        || text.eq_ignore_ascii_case("na")
        || text.eq_ignore_ascii_case("nan")
}

fn parse_number(text: &str, (line, column): (u64, usize)) -> Result<Option<f64>, TableError> {
    let text = text.trim();
    if is_missing(text) {
        return Ok(None);
    }
    // Rust also reads "inf" and "nan"; a table cell must be a finite number.
    match text.parse::<f64>() {
        Ok(x) if x.is_finite() => Ok(Some(x)),
        _ => Err(TableError::NotANumber { line, column }),
    }
}

/// 2^53: beyond it an `f64` no longer holds every whole number.
const EXACT_INTEGER_LIMIT: f64 = 9_007_199_254_740_992.0;

fn parse_count(text: &str, (line, column): (u64, usize)) -> Result<Option<i64>, TableError> {
    let trimmed = text.trim();
    let count = match trimmed.parse::<i64>() {
        Ok(n) => Some(n),
        // Counts written as floats ("12.0"), as pandas does in a column with gaps.
        Err(_) => match parse_number(trimmed, (line, column))? {
            None => None,
            Some(x) if x.fract() == 0.0 && x.abs() < EXACT_INTEGER_LIMIT => Some(x as i64),
            Some(_) => return Err(TableError::NotAWholeNumber { line, column }),
        },
    };
    match count {
        Some(n) if n < 0 => Err(TableError::NegativeCount { line, column }),
        other => Ok(other),
    }
}

/// Whether a magnitude cell's parts can describe real contributions. Only checked where the
/// parts are present and not negative: with negative contributions the largest may exceed
/// the sum, and the cell goes to review anyway.
fn consistent(cell: &Cell) -> bool {
    let Cell::Magnitude {
        sum,
        count,
        largest,
        second,
    } = *cell
    else {
        return true;
    };
    let values = [sum, largest, second];
    if values.iter().flatten().any(|x| *x < 0.0) {
        return true;
    }
    // Sums are often rounded by the statistics package; allow a relative slack of 1e-9.
    let slack = |x: f64| x.abs() * 1e-9 + 1e-9;
    if let (Some(l), Some(s)) = (largest, second)
        && s > l + slack(l)
    {
        return false;
    }
    if let (Some(t), Some(l)) = (sum, largest)
        && l + second.unwrap_or(0.0) > t + slack(t)
    {
        return false;
    }
    // The largest contribution is at least the mean: sum <= count x largest.
    if let (Some(t), Some(n), Some(l)) = (sum, count, largest)
        && t > n as f64 * l + slack(t)
    {
        return false;
    }
    match count {
        Some(0) => values.iter().flatten().all(|x| *x == 0.0),
        Some(1) => second.is_none_or(|s| s == 0.0),
        _ => true,
    }
}
