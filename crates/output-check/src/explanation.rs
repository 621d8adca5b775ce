//! Why a cell was flagged, as data: the rule's figures. The API renders it in the reader's
//! language ([`Explanation::render`]) from the machine form (serde); `Display` is the English
//! text for logs-free places like the CLI and tests.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::{Language, MagnitudePart};

/// A row or a column of a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Line {
    Row,
    Column,
}

/// The figures behind a finding. The machine form is tagged by `reason`, fields camelCase:
/// `{"reason":"BELOW_MINIMUM_FREQUENCY","count":3,"threshold":10}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    tag = "reason",
    rename_all = "SCREAMING_SNAKE_CASE",
    rename_all_fields = "camelCase"
)]
pub enum Explanation {
    /// Minimum frequency: `count` units or contributors, fewer than `threshold`.
    BelowMinimumFrequency { count: i64, threshold: u64 },
    /// N-k dominance: the `n` largest contributions add up to `top`, at least `k` of `total`.
    Dominance {
        n: u32,
        top: f64,
        total: f64,
        k: f64,
    },
    /// p% rule: what is left after the two largest, `remainder`, is less than `p` times the
    /// `largest`, so the second-largest contributor can estimate the largest within p.
    PPercent {
        remainder: f64,
        largest: f64,
        p: f64,
    },
    /// Every contribution is zero: each contributor learns that all the others gave zero.
    AllZero { count: i64 },
    /// Class disclosure: all `total` units of this row or column are in this one cell.
    AllInOneCell { line: Line, total: i64 },
    /// Class disclosure: a zero in a row of `row_total` and a column of `column_total` units
    /// tells that none of them has the other's attribute.
    DisclosiveZero { row_total: i64, column_total: i64 },
    /// A value is missing (`part` is `None` in a frequency table).
    Missing { part: Option<MagnitudePart> },
    /// A magnitude value is negative: the dominance rules assume non-negative contributions.
    Negative { part: MagnitudePart },
}

impl Explanation {
    /// The finding's text in `language`, with its figures written as that language writes
    /// numbers. Each language is a whole sentence per reason, so a translator reads and a
    /// reviewer checks them side by side.
    pub fn render(&self, language: Language) -> String {
        match language {
            Language::En => self.english(),
            Language::Fi => self.finnish(),
            Language::Sv => self.swedish(),
        }
    }

    fn english(&self) -> String {
        let number = |value: &dyn fmt::Display| Language::En.number(value);
        let percent = |value| Language::En.percent(value);
        match self {
            Explanation::BelowMinimumFrequency { count, threshold } => format!(
                "{} is below the minimum frequency of {}",
                number(count),
                number(threshold)
            ),
            Explanation::Dominance { n, top, total, k } => format!(
                "the {n} largest contributions ({}) are {} of the cell total ({}), \
                 at least the limit of {}",
                number(top),
                percent(share(*top, *total)),
                number(total),
                percent(k * 100.0)
            ),
            Explanation::PPercent {
                remainder,
                largest,
                p,
            } => format!(
                "the total less the two largest contributions ({}) is under {} of the largest \
                 ({}), so the second largest contributor can estimate it that closely",
                number(remainder),
                percent(p * 100.0),
                number(largest)
            ),
            Explanation::AllZero { count } => format!(
                "all {} contributions are zero, so each contributor learns the others' values",
                number(count)
            ),
            Explanation::AllInOneCell { line, total } => {
                let line = match line {
                    Line::Row => "row",
                    Line::Column => "column",
                };
                format!("all {} units of the {line} are in this cell", number(total))
            }
            Explanation::DisclosiveZero {
                row_total,
                column_total,
            } => format!(
                "a zero in a row of {} and a column of {} units tells that none of them has \
                 the other's attribute",
                number(row_total),
                number(column_total)
            ),
            Explanation::Missing { part: None } => {
                "the value is missing, so the cell cannot be checked".to_owned()
            }
            Explanation::Missing { part: Some(part) } => {
                format!("the {part} is missing, so dominance is not defined")
            }
            Explanation::Negative { part } => {
                format!("the {part} is negative, so dominance is not defined")
            }
        }
    }

    /// Finnish. "Arvo" is a contribution and "tiedonantaja" a contributor, the terms of
    /// disclosure control in Finnish official statistics.
    fn finnish(&self) -> String {
        let number = |value: &dyn fmt::Display| Language::Fi.number(value);
        let percent = |value| Language::Fi.percent(value);
        match self {
            Explanation::BelowMinimumFrequency { count, threshold } => format!(
                "{} alittaa vähimmäisfrekvenssin {}",
                number(count),
                number(threshold)
            ),
            Explanation::Dominance { n, top, total, k } => format!(
                "{n} suurinta arvoa (yhteensä {}) on {} solun summasta ({}) eli vähintään \
                 dominanssisäännön raja {}",
                number(top),
                percent(share(*top, *total)),
                number(total),
                percent(k * 100.0)
            ),
            Explanation::PPercent {
                remainder,
                largest,
                p,
            } => format!(
                "solun summa ilman kahta suurinta arvoa ({}) on alle {} suurimmasta arvosta \
                 ({}), joten toiseksi suurin tiedonantaja voi arvioida suurimman arvon \
                 {}:n tarkkuudella (p %:n sääntö)",
                number(remainder),
                percent(p * 100.0),
                number(largest),
                percent(p * 100.0)
            ),
            Explanation::AllZero { count } => format!(
                "kaikki {} arvoa ovat nollia, joten jokainen tiedonantaja saa tietää muiden \
                 arvot",
                number(count)
            ),
            Explanation::AllInOneCell { line, total } => {
                let line = match line {
                    Line::Row => "rivin",
                    Line::Column => "sarakkeen",
                };
                format!(
                    "{line} kaikki {} yksikköä ovat tässä solussa",
                    number(total)
                )
            }
            Explanation::DisclosiveZero {
                row_total,
                column_total,
            } => format!(
                "nolla paljastaa, ettei yhdelläkään rivin {} yksiköstä ole sarakkeen \
                 ominaisuutta eikä yhdelläkään sarakkeen {} yksiköstä rivin ominaisuutta",
                number(row_total),
                number(column_total)
            ),
            Explanation::Missing { part: None } => {
                "arvo puuttuu, joten solua ei voi tarkastaa".to_owned()
            }
            Explanation::Missing { part: Some(part) } => format!(
                "{} puuttuu, joten dominanssisääntöä ei voi soveltaa",
                finnish_part(*part)
            ),
            Explanation::Negative { part } => format!(
                "{} on negatiivinen, joten dominanssisääntöä ei voi soveltaa",
                finnish_part(*part)
            ),
        }
    }

    /// Swedish. "Värde" is a contribution and "uppgiftslämnare" a contributor, the terms of
    /// disclosure control in Swedish official statistics.
    fn swedish(&self) -> String {
        let number = |value: &dyn fmt::Display| Language::Sv.number(value);
        let percent = |value| Language::Sv.percent(value);
        match self {
            Explanation::BelowMinimumFrequency { count, threshold } => format!(
                "{} understiger minimifrekvensen {}",
                number(count),
                number(threshold)
            ),
            Explanation::Dominance { n, top, total, k } => format!(
                "de {n} största värdena (sammanlagt {}) utgör {} av cellens summa ({}) och når \
                 därmed dominansregelns gräns på {}",
                number(top),
                percent(share(*top, *total)),
                number(total),
                percent(k * 100.0)
            ),
            Explanation::PPercent {
                remainder,
                largest,
                p,
            } => format!(
                "cellens summa utan de två största värdena ({}) är under {} av det största \
                 värdet ({}), så den näst största uppgiftslämnaren kan uppskatta det största \
                 värdet inom {} (p %-regeln)",
                number(remainder),
                percent(p * 100.0),
                number(largest),
                percent(p * 100.0)
            ),
            Explanation::AllZero { count } => format!(
                "alla {} värden är noll, så varje uppgiftslämnare får veta de andras värden",
                number(count)
            ),
            Explanation::AllInOneCell { line, total } => {
                let line = match line {
                    Line::Row => "raden",
                    Line::Column => "kolumnen",
                };
                format!("alla {} enheter i {line} finns i denna cell", number(total))
            }
            Explanation::DisclosiveZero {
                row_total,
                column_total,
            } => format!(
                "nollan röjer att ingen av radens {} enheter har kolumnens egenskap och att \
                 ingen av kolumnens {} enheter har radens",
                number(row_total),
                number(column_total)
            ),
            Explanation::Missing { part: None } => {
                "värdet saknas, så cellen kan inte kontrolleras".to_owned()
            }
            Explanation::Missing { part: Some(part) } => format!(
                "{} saknas, så dominansregeln kan inte tillämpas",
                swedish_part(*part).0
            ),
            Explanation::Negative { part } => {
                let (part, negative) = swedish_part(*part);
                format!("{part} är {negative}, så dominansregeln kan inte tillämpas")
            }
        }
    }
}

/// English, the text of logs-free places such as the CLI and tests: [`Explanation::render`]
/// in [`Language::En`].
impl fmt::Display for Explanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Language::En))
    }
}

/// A magnitude cell's part as the subject of a Finnish sentence.
fn finnish_part(part: MagnitudePart) -> &'static str {
    match part {
        MagnitudePart::Sum => "summa",
        MagnitudePart::Count => "tiedonantajien lukumäärä",
        MagnitudePart::Largest => "suurin arvo",
        MagnitudePart::Second => "toiseksi suurin arvo",
    }
}

/// A magnitude cell's part in the definite form, and "negative" agreeing with its gender.
fn swedish_part(part: MagnitudePart) -> (&'static str, &'static str) {
    match part {
        MagnitudePart::Sum => ("summan", "negativ"),
        MagnitudePart::Count => ("antalet uppgiftslämnare", "negativt"),
        MagnitudePart::Largest => ("det största värdet", "negativt"),
        MagnitudePart::Second => ("det näst största värdet", "negativt"),
    }
}

fn share(top: f64, total: f64) -> f64 {
    if total == 0.0 {
        0.0
    } else {
        top / total * 100.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Asserts the text in each language; `Display` is the English one.
    #[track_caller]
    fn reads(explanation: Explanation, en: &str, fi: &str, sv: &str) {
        assert_eq!(explanation.render(Language::En), en);
        assert_eq!(explanation.to_string(), en);
        assert_eq!(explanation.render(Language::Fi), fi);
        assert_eq!(explanation.render(Language::Sv), sv);
    }

    #[test]
    fn below_minimum_frequency() {
        reads(
            Explanation::BelowMinimumFrequency {
                count: 7,
                threshold: 10,
            },
            "7 is below the minimum frequency of 10",
            "7 alittaa vähimmäisfrekvenssin 10",
            "7 understiger minimifrekvensen 10",
        );
        reads(
            Explanation::BelowMinimumFrequency {
                count: 1234,
                threshold: 10000,
            },
            "1234 is below the minimum frequency of 10000",
            "1\u{a0}234 alittaa vähimmäisfrekvenssin 10\u{a0}000",
            "1\u{a0}234 understiger minimifrekvensen 10\u{a0}000",
        );
    }

    #[test]
    fn dominance() {
        reads(
            Explanation::Dominance {
                n: 2,
                top: 910.0,
                total: 1000.0,
                k: 0.90,
            },
            "the 2 largest contributions (910) are 91.0 % of the cell total (1000), at least \
             the limit of 90.0 %",
            "2 suurinta arvoa (yhteensä 910) on 91,0\u{a0}% solun summasta (1\u{a0}000) eli \
             vähintään dominanssisäännön raja 90,0\u{a0}%",
            "de 2 största värdena (sammanlagt 910) utgör 91,0\u{a0}% av cellens summa \
             (1\u{a0}000) och når därmed dominansregelns gräns på 90,0\u{a0}%",
        );
    }

    #[test]
    fn dominance_with_fractions_and_large_figures() {
        reads(
            Explanation::Dominance {
                n: 2,
                top: 1234567.5,
                total: 1250000.0,
                k: 0.85,
            },
            "the 2 largest contributions (1234567.5) are 98.8 % of the cell total (1250000), \
             at least the limit of 85.0 %",
            "2 suurinta arvoa (yhteensä 1\u{a0}234\u{a0}567,5) on 98,8\u{a0}% solun summasta \
             (1\u{a0}250\u{a0}000) eli vähintään dominanssisäännön raja 85,0\u{a0}%",
            "de 2 största värdena (sammanlagt 1\u{a0}234\u{a0}567,5) utgör 98,8\u{a0}% av \
             cellens summa (1\u{a0}250\u{a0}000) och når därmed dominansregelns gräns på \
             85,0\u{a0}%",
        );
    }

    /// The rules never give a dominance finding for a zero total, but the text must not
    /// divide by it if one is ever made.
    #[test]
    fn dominance_of_a_zero_total_is_a_zero_share() {
        reads(
            Explanation::Dominance {
                n: 2,
                top: 0.0,
                total: 0.0,
                k: 0.9,
            },
            "the 2 largest contributions (0) are 0.0 % of the cell total (0), at least the \
             limit of 90.0 %",
            "2 suurinta arvoa (yhteensä 0) on 0,0\u{a0}% solun summasta (0) eli vähintään \
             dominanssisäännön raja 90,0\u{a0}%",
            "de 2 största värdena (sammanlagt 0) utgör 0,0\u{a0}% av cellens summa (0) och når \
             därmed dominansregelns gräns på 90,0\u{a0}%",
        );
    }

    #[test]
    fn p_percent() {
        reads(
            Explanation::PPercent {
                remainder: 75.0,
                largest: 800.0,
                p: 0.1,
            },
            "the total less the two largest contributions (75) is under 10.0 % of the largest \
             (800), so the second largest contributor can estimate it that closely",
            "solun summa ilman kahta suurinta arvoa (75) on alle 10,0\u{a0}% suurimmasta \
             arvosta (800), joten toiseksi suurin tiedonantaja voi arvioida suurimman arvon \
             10,0\u{a0}%:n tarkkuudella (p %:n sääntö)",
            "cellens summa utan de två största värdena (75) är under 10,0\u{a0}% av det största \
             värdet (800), så den näst största uppgiftslämnaren kan uppskatta det största \
             värdet inom 10,0\u{a0}% (p %-regeln)",
        );
        reads(
            Explanation::PPercent {
                remainder: 140.5,
                largest: 64000.0,
                p: 0.25,
            },
            "the total less the two largest contributions (140.5) is under 25.0 % of the \
             largest (64000), so the second largest contributor can estimate it that closely",
            "solun summa ilman kahta suurinta arvoa (140,5) on alle 25,0\u{a0}% suurimmasta \
             arvosta (64\u{a0}000), joten toiseksi suurin tiedonantaja voi arvioida suurimman \
             arvon 25,0\u{a0}%:n tarkkuudella (p %:n sääntö)",
            "cellens summa utan de två största värdena (140,5) är under 25,0\u{a0}% av det \
             största värdet (64\u{a0}000), så den näst största uppgiftslämnaren kan uppskatta \
             det största värdet inom 25,0\u{a0}% (p %-regeln)",
        );
    }

    #[test]
    fn all_zero() {
        reads(
            Explanation::AllZero { count: 3 },
            "all 3 contributions are zero, so each contributor learns the others' values",
            "kaikki 3 arvoa ovat nollia, joten jokainen tiedonantaja saa tietää muiden arvot",
            "alla 3 värden är noll, så varje uppgiftslämnare får veta de andras värden",
        );
    }

    #[test]
    fn all_in_one_cell_of_a_row_and_of_a_column() {
        reads(
            Explanation::AllInOneCell {
                line: Line::Row,
                total: 25,
            },
            "all 25 units of the row are in this cell",
            "rivin kaikki 25 yksikköä ovat tässä solussa",
            "alla 25 enheter i raden finns i denna cell",
        );
        reads(
            Explanation::AllInOneCell {
                line: Line::Column,
                total: 12000,
            },
            "all 12000 units of the column are in this cell",
            "sarakkeen kaikki 12\u{a0}000 yksikköä ovat tässä solussa",
            "alla 12\u{a0}000 enheter i kolumnen finns i denna cell",
        );
    }

    #[test]
    fn disclosive_zero() {
        reads(
            Explanation::DisclosiveZero {
                row_total: 25,
                column_total: 12,
            },
            "a zero in a row of 25 and a column of 12 units tells that none of them has the \
             other's attribute",
            "nolla paljastaa, ettei yhdelläkään rivin 25 yksiköstä ole sarakkeen ominaisuutta \
             eikä yhdelläkään sarakkeen 12 yksiköstä rivin ominaisuutta",
            "nollan röjer att ingen av radens 25 enheter har kolumnens egenskap och att ingen \
             av kolumnens 12 enheter har radens",
        );
    }

    #[test]
    fn missing_frequency_value() {
        reads(
            Explanation::Missing { part: None },
            "the value is missing, so the cell cannot be checked",
            "arvo puuttuu, joten solua ei voi tarkastaa",
            "värdet saknas, så cellen kan inte kontrolleras",
        );
    }

    #[test]
    fn missing_magnitude_parts() {
        for (part, en, fi, sv) in [
            (
                MagnitudePart::Sum,
                "the sum is missing, so dominance is not defined",
                "summa puuttuu, joten dominanssisääntöä ei voi soveltaa",
                "summan saknas, så dominansregeln kan inte tillämpas",
            ),
            (
                MagnitudePart::Count,
                "the count is missing, so dominance is not defined",
                "tiedonantajien lukumäärä puuttuu, joten dominanssisääntöä ei voi soveltaa",
                "antalet uppgiftslämnare saknas, så dominansregeln kan inte tillämpas",
            ),
            (
                MagnitudePart::Largest,
                "the largest is missing, so dominance is not defined",
                "suurin arvo puuttuu, joten dominanssisääntöä ei voi soveltaa",
                "det största värdet saknas, så dominansregeln kan inte tillämpas",
            ),
            (
                MagnitudePart::Second,
                "the second is missing, so dominance is not defined",
                "toiseksi suurin arvo puuttuu, joten dominanssisääntöä ei voi soveltaa",
                "det näst största värdet saknas, så dominansregeln kan inte tillämpas",
            ),
        ] {
            reads(Explanation::Missing { part: Some(part) }, en, fi, sv);
        }
    }

    #[test]
    fn negative_magnitude_parts() {
        for (part, en, fi, sv) in [
            (
                MagnitudePart::Sum,
                "the sum is negative, so dominance is not defined",
                "summa on negatiivinen, joten dominanssisääntöä ei voi soveltaa",
                "summan är negativ, så dominansregeln kan inte tillämpas",
            ),
            (
                MagnitudePart::Count,
                "the count is negative, so dominance is not defined",
                "tiedonantajien lukumäärä on negatiivinen, joten dominanssisääntöä ei voi \
                 soveltaa",
                "antalet uppgiftslämnare är negativt, så dominansregeln kan inte tillämpas",
            ),
            (
                MagnitudePart::Largest,
                "the largest is negative, so dominance is not defined",
                "suurin arvo on negatiivinen, joten dominanssisääntöä ei voi soveltaa",
                "det största värdet är negativt, så dominansregeln kan inte tillämpas",
            ),
            (
                MagnitudePart::Second,
                "the second is negative, so dominance is not defined",
                "toiseksi suurin arvo on negatiivinen, joten dominanssisääntöä ei voi soveltaa",
                "det näst största värdet är negativt, så dominansregeln kan inte tillämpas",
            ),
        ] {
            reads(Explanation::Negative { part }, en, fi, sv);
        }
    }
}
