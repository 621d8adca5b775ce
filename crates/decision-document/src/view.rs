//! The document as the template sees it: a header and a list of blocks, every text already
//! in the document's language. The template only lays blocks out; what a document holds is
//! decided here, and the public version is built from the public content alone.

use serde::Serialize;
use time::Date;

use crate::model::{Confidential, DecisionContent, Language, Party, Person, Variant};
use crate::sanitize::Sanitizer;
use crate::texts::{self, Texts};

#[derive(Debug, Serialize)]
pub(crate) struct View {
    pub lang: &'static str,
    pub meta: Meta,
    pub header: Header,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Serialize)]
pub(crate) struct Meta {
    pub title: String,
    pub author: String,
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

/// Repeated on every page.
#[derive(Debug, Serialize)]
pub(crate) struct Header {
    pub authority: String,
    pub document: String,
    pub diary_number: String,
    pub page: &'static str,
}

#[derive(Debug, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub(crate) enum Block {
    Title {
        text: String,
        subtitle: String,
    },
    Heading {
        text: String,
    },
    /// Label and value pairs.
    Fields {
        rows: Vec<[String; 2]>,
    },
    Paragraphs {
        items: Vec<String>,
    },
    Numbered {
        items: Vec<String>,
    },
    /// A table whose header row repeats on every page it spans; `widths` are fractions.
    Table {
        columns: Vec<String>,
        widths: Vec<f64>,
        rows: Vec<Vec<String>>,
    },
    Note {
        text: String,
    },
}

/// What the full version adds; the public version has none of it.
struct ConfidentialPart<'a>(&'a Confidential);

pub(crate) fn build(
    language: Language,
    content: &DecisionContent,
    confidential: Option<&Confidential>,
    clean: &Sanitizer,
) -> View {
    let t = texts::texts(language);
    let confidential = confidential.map(ConfidentialPart);
    let variant = if confidential.is_some() {
        Variant::Full
    } else {
        Variant::Public
    };
    let heading = texts::kind_heading(language, content.kind);
    let mut b = Builder {
        language,
        t,
        clean,
        blocks: Vec::new(),
    };

    b.title(heading, variant);
    b.identification(content);
    b.subject(content);
    b.parties(content, confidential.as_ref());
    b.ruling(content);
    b.data_sources(content);
    b.environment_and_validity(content);
    if let Some(c) = &confidential {
        b.processors(c);
        b.plans(c);
    }
    b.conditions(content);
    b.refused(content);
    b.reasoning(content);
    b.fee(content);
    b.signatures(content);
    b.appeal();

    View {
        lang: language.code(),
        meta: Meta {
            title: clean.line(&format!("{heading} {}", content.diary_number)),
            author: clean.line(&content.authority),
            year: content.decision_date.year(),
            month: u8::from(content.decision_date.month()),
            day: content.decision_date.day(),
        },
        header: Header {
            authority: clean.line(&content.authority),
            document: match variant {
                Variant::Full => t.decision.to_owned(),
                Variant::Public => format!("{} – {}", t.decision, t.public_version),
            },
            diary_number: clean.line(&content.diary_number),
            page: t.page,
        },
        blocks: b.blocks,
    }
}

struct Builder<'a> {
    language: Language,
    t: &'static Texts,
    clean: &'a Sanitizer,
    blocks: Vec<Block>,
}

impl Builder<'_> {
    fn heading(&mut self, text: &str) {
        self.blocks.push(Block::Heading {
            text: text.to_owned(),
        });
    }

    fn fields(&mut self, rows: Vec<(&str, String)>) {
        let rows: Vec<[String; 2]> = rows
            .into_iter()
            .filter(|(_, value)| !value.trim().is_empty())
            .map(|(label, value)| [label.to_owned(), self.clean.text(&value)])
            .collect();
        if !rows.is_empty() {
            self.blocks.push(Block::Fields { rows });
        }
    }

    fn title(&mut self, heading: &str, variant: Variant) {
        self.blocks.push(Block::Title {
            text: heading.to_owned(),
            subtitle: match variant {
                Variant::Full => String::new(),
                Variant::Public => self.t.public_version.to_owned(),
            },
        });
        if variant == Variant::Public {
            self.blocks.push(Block::Note {
                text: self.t.public_version_note.to_owned(),
            });
        }
    }

    fn identification(&mut self, c: &DecisionContent) {
        let t = self.t;
        self.fields(vec![
            (t.diary_number, c.diary_number.clone()),
            (t.decision_number, c.decision_number.clone()),
            (t.decision_date, date(self.language, c.decision_date)),
        ]);
    }

    fn subject(&mut self, c: &DecisionContent) {
        let t = self.t;
        self.heading(t.subject);
        let changes = c
            .amendment_changes
            .iter()
            .map(|change| texts::amendment_change(self.language, *change))
            .collect::<Vec<_>>()
            .join(", ");
        self.fields(vec![
            (t.title, c.title.clone()),
            (
                t.purpose,
                c.purpose
                    .map(|p| texts::purpose(self.language, p).to_owned())
                    .unwrap_or_default(),
            ),
            (t.permit, c.permit_diary_number.clone().unwrap_or_default()),
            (t.changes, changes),
            (
                t.public_summary,
                c.public_summary.clone().unwrap_or_default(),
            ),
        ]);
    }

    fn party(&self, party: &Party) -> String {
        match party {
            Party::Organisation(o) => match o.business_id.as_deref().map(str::trim) {
                Some(id) if !id.is_empty() => format!("{} ({} {id})", o.name, self.t.business_id),
                _ => o.name.clone(),
            },
            Party::PrivatePerson => self.t.private_person.to_owned(),
        }
    }

    fn person(&self, rows: &mut Vec<(&'static str, String)>, person: Option<&Person>) {
        let t = self.t;
        if let Some(p) = person {
            rows.push((t.contact_person, p.name.clone()));
            rows.push((t.email, p.email.clone().unwrap_or_default()));
            rows.push((t.phone, p.phone.clone().unwrap_or_default()));
            rows.push((
                t.postal_address,
                p.postal_address.clone().unwrap_or_default(),
            ));
        }
    }

    fn parties(&mut self, c: &DecisionContent, confidential: Option<&ConfidentialPart<'_>>) {
        let t = self.t;
        self.heading(t.parties);
        let mut rows = vec![(t.applicant, self.party(&c.applicant))];
        self.person(&mut rows, confidential.and_then(|c| c.0.applicant.as_ref()));
        if let Some(holder) = &c.holder {
            rows.push((t.holder, self.party(holder)));
            self.person(&mut rows, confidential.and_then(|c| c.0.holder.as_ref()));
        }
        if let Some(c) = confidential {
            rows.push((
                t.billing_reference,
                c.0.billing_reference.clone().unwrap_or_default(),
            ));
        }
        self.fields(rows);
    }

    fn ruling(&mut self, c: &DecisionContent) {
        let t = self.t;
        self.heading(t.ruling);
        self.fields(vec![(
            t.outcome,
            texts::outcome(self.language, c.outcome).to_owned(),
        )]);
        self.blocks.push(Block::Paragraphs {
            items: vec![texts::ruling(self.language, c.kind, c.outcome).to_owned()],
        });
    }

    fn data_sources(&mut self, c: &DecisionContent) {
        if c.data_sources.is_empty() {
            return;
        }
        let t = self.t;
        self.heading(t.data_sources);
        let rows = c
            .data_sources
            .iter()
            .map(|s| {
                vec![
                    self.clean.text(&s.name),
                    self.clean.text(&s.controller),
                    self.clean.text(&s.variables),
                    span(self.language, s.period_from, s.period_to),
                ]
            })
            .collect();
        self.blocks.push(Block::Table {
            columns: vec![
                t.data_source.to_owned(),
                t.controller.to_owned(),
                t.variables.to_owned(),
                t.time_span.to_owned(),
            ],
            // Wide enough for the longest fixed header word ("Personuppgiftsansvarig").
            widths: vec![2.1, 2.2, 2.7, 1.5],
            rows,
        });
    }

    fn environment_and_validity(&mut self, c: &DecisionContent) {
        let validity = match (c.valid_from, c.valid_until) {
            (None, None) => String::new(),
            (from, until) => span(self.language, from, until),
        };
        if c.processing_environment.is_none() && validity.is_empty() {
            return;
        }
        let t = self.t;
        self.heading(t.environment_and_validity);
        self.fields(vec![
            (
                t.processing_environment,
                c.processing_environment.clone().unwrap_or_default(),
            ),
            (t.validity, validity),
        ]);
    }

    fn processors(&mut self, c: &ConfidentialPart<'_>) {
        if c.0.processors.is_empty() {
            return;
        }
        let t = self.t;
        self.heading(t.processors);
        let rows =
            c.0.processors
                .iter()
                .map(|p| vec![self.clean.text(&p.name), self.clean.text(&p.organisation)])
                .collect();
        self.blocks.push(Block::Table {
            columns: vec![t.name.to_owned(), t.organisation.to_owned()],
            widths: vec![1.0, 1.0],
            rows,
        });
    }

    fn plans(&mut self, c: &ConfidentialPart<'_>) {
        let items = self.non_blank(&c.0.plans);
        if items.is_empty() {
            return;
        }
        self.heading(self.t.plans);
        self.blocks.push(Block::Paragraphs { items });
    }

    fn conditions(&mut self, c: &DecisionContent) {
        let items = self.non_blank(&c.conditions);
        if items.is_empty() {
            return;
        }
        self.heading(self.t.conditions);
        self.blocks.push(Block::Numbered { items });
    }

    fn refused(&mut self, c: &DecisionContent) {
        if c.refused.is_empty() {
            return;
        }
        let t = self.t;
        self.heading(t.refused);
        let rows = c
            .refused
            .iter()
            .map(|r| vec![self.clean.text(&r.item), self.clean.text(&r.reason)])
            .collect();
        self.blocks.push(Block::Table {
            columns: vec![t.refused_item.to_owned(), t.refusal_reason.to_owned()],
            widths: vec![1.0, 2.0],
            rows,
        });
    }

    fn reasoning(&mut self, c: &DecisionContent) {
        let items = paragraphs(&self.clean.text(&c.reasoning));
        if items.is_empty() {
            return;
        }
        self.heading(self.t.reasoning);
        self.blocks.push(Block::Paragraphs { items });
    }

    fn fee(&mut self, c: &DecisionContent) {
        let Some(fee) = &c.fee else { return };
        let t = self.t;
        self.heading(t.fee);
        self.fields(vec![
            (t.amount, euros(self.language, fee.amount_cents)),
            (
                t.fee_category,
                texts::fee_category(self.language, fee.category).to_owned(),
            ),
            (
                t.legal_basis,
                texts::fee_basis(self.language, fee.decree.as_deref()),
            ),
        ]);
    }

    fn signatures(&mut self, c: &DecisionContent) {
        let t = self.t;
        self.heading(t.signatures);
        let official = |o: &crate::model::Official| match o.title.as_deref().map(str::trim) {
            Some(title) if !title.is_empty() => format!("{}, {title}", o.name),
            _ => o.name.clone(),
        };
        self.fields(vec![
            (t.decider, official(&c.decider)),
            (t.presenter, official(&c.presenter)),
        ]);
        self.blocks.push(Block::Note {
            text: t.approved_electronically.to_owned(),
        });
    }

    fn appeal(&mut self) {
        self.heading(self.t.appeal);
        self.blocks.push(Block::Paragraphs {
            items: self
                .t
                .appeal_paragraphs
                .iter()
                .map(|p| (*p).to_owned())
                .collect(),
        });
    }

    fn non_blank(&self, items: &[String]) -> Vec<String> {
        items
            .iter()
            .map(|i| self.clean.text(i))
            .filter(|i| !i.trim().is_empty())
            .collect()
    }
}

/// Blank lines separate paragraphs; single line breaks stay within one.
fn paragraphs(text: &str) -> Vec<String> {
    text.split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_owned)
        .collect()
}

pub(crate) fn date(language: Language, date: Date) -> String {
    match language {
        Language::Fi | Language::Sv => {
            format!("{}.{}.{}", date.day(), u8::from(date.month()), date.year())
        }
        Language::En => format!("{} {} {}", date.day(), date.month(), date.year()),
    }
}

fn span(language: Language, from: Option<Date>, to: Option<Date>) -> String {
    match (from, to) {
        (None, None) => String::new(),
        (Some(f), Some(t)) => format!("{} – {}", date(language, f), date(language, t)),
        (Some(f), None) => format!("{} –", date(language, f)),
        (None, Some(t)) => format!("– {}", date(language, t)),
    }
}

/// Finnish and Swedish write "1 000,00 €"; English "€1,000.00". The space is a no-break one.
fn euros(language: Language, cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    let (whole, rest) = (abs / 100, abs % 100);
    let digits = whole.to_string();
    let separator = match language {
        Language::En => ',',
        Language::Fi | Language::Sv => '\u{a0}',
    };
    let mut grouped = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(separator);
        }
        grouped.push(ch);
    }
    match language {
        Language::En => format!("{sign}€{grouped}.{rest:02}"),
        Language::Fi | Language::Sv => format!("{sign}{grouped},{rest:02}\u{a0}€"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn euros_are_written_as_each_language_writes_them() {
        assert_eq!(euros(Language::Fi, 100_000), "1\u{a0}000,00\u{a0}€");
        assert_eq!(euros(Language::En, 300_050), "€3,000.50");
        assert_eq!(euros(Language::Sv, 25_000), "250,00\u{a0}€");
        assert_eq!(euros(Language::En, 123_456_789), "€1,234,567.89");
        assert_eq!(euros(Language::En, -5), "-€0.05");
    }

    #[test]
    fn blank_lines_separate_paragraphs() {
        assert_eq!(paragraphs("a\nb\n\n\n c \n\n"), vec!["a\nb", "c"]);
        assert!(paragraphs(" \n\n ").is_empty());
    }
}
