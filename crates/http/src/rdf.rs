//! A small RDF graph and its Turtle and JSON-LD serialisations, enough for the open-data
//! catalogue (docs/open-data.md). Subjects are always IRIs (no blank nodes), so both
//! serialisations of one graph describe the same triples and stay isomorphic; the
//! validation script (tests/dcat/validate.sh) checks that with a real RDF library.

use std::borrow::Cow;
use std::collections::HashMap;

use serde_json::{Map, Value, json};

pub const RDF_TYPE: Iri = Iri::constant("http://www.w3.org/1999/02/22-rdf-syntax-ns#type");

/// An absolute IRI. Built from a constant, or from text whose characters that no IRI may
/// hold are percent-encoded, so neither serialisation ever has to escape one.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Iri(Cow<'static, str>);

impl Iri {
    /// A vocabulary term or other IRI written in the source (trusted to be well formed).
    pub const fn constant(iri: &'static str) -> Iri {
        Iri(Cow::Borrowed(iri))
    }

    /// An IRI made at run time (from a configured URL): spaces, quotes, angle brackets
    /// and the other characters RFC 3987 excludes are percent-encoded.
    pub fn new(iri: &str) -> Iri {
        let mut out = String::with_capacity(iri.len());
        for c in iri.chars() {
            if c <= ' '
                || matches!(c, '<' | '>' | '"' | '{' | '}' | '|' | '^' | '`' | '\\')
                || c == '\u{7f}'
            {
                percent_encode(c, &mut out);
            } else {
                out.push(c);
            }
        }
        Iri(Cow::Owned(out))
    }

    /// This IRI (without its own fragment) with `#fragment`, every character of the
    /// fragment outside RFC 3986's unreserved set percent-encoded: catalogue codes come
    /// from the database.
    pub fn with_fragment(&self, fragment: &str) -> Iri {
        let base = self.0.split('#').next().unwrap_or_default();
        let mut out = String::with_capacity(base.len() + 1 + fragment.len());
        out.push_str(base);
        out.push('#');
        for c in fragment.chars() {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '~') {
                out.push(c);
            } else {
                percent_encode(c, &mut out);
            }
        }
        Iri(Cow::Owned(out))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn percent_encode(c: char, out: &mut String) {
    let mut bytes = [0; 4];
    for b in c.encode_utf8(&mut bytes).bytes() {
        out.push_str(&format!("%{b:02X}"));
    }
}

/// The object of a triple.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Object {
    Iri(Iri),
    /// A string in a language, e.g. `"Kela"@fi`.
    Text {
        value: String,
        language: &'static str,
    },
    /// A string without a language (`xsd:string`).
    Plain(String),
}

impl From<Iri> for Object {
    fn from(iri: Iri) -> Object {
        Object::Iri(iri)
    }
}

impl From<&Iri> for Object {
    fn from(iri: &Iri) -> Object {
        Object::Iri(iri.clone())
    }
}

/// A namespace prefix used to shorten IRIs in both serialisations.
pub type Prefix = (&'static str, &'static str);

struct Node {
    subject: Iri,
    /// Each predicate once, in the order first added, with its objects in that order.
    properties: Vec<(Iri, Vec<Object>)>,
}

/// Triples grouped by subject, kept in the order added so the output is stable. Adding a
/// triple twice keeps one.
#[derive(Default)]
pub struct Graph {
    nodes: Vec<Node>,
    index: HashMap<Iri, usize>,
}

impl Graph {
    pub fn add(&mut self, subject: &Iri, predicate: &Iri, object: impl Into<Object>) {
        let object = object.into();
        let at = match self.index.get(subject) {
            Some(&at) => at,
            None => {
                self.nodes.push(Node {
                    subject: subject.clone(),
                    properties: Vec::new(),
                });
                self.index.insert(subject.clone(), self.nodes.len() - 1);
                self.nodes.len() - 1
            }
        };
        let properties = &mut self.nodes[at].properties;
        match properties.iter_mut().find(|(p, _)| p == predicate) {
            Some((_, objects)) if objects.contains(&object) => {}
            Some((_, objects)) => objects.push(object),
            None => properties.push((predicate.clone(), vec![object])),
        }
    }

    /// The number of triples.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.nodes
            .iter()
            .flat_map(|n| &n.properties)
            .map(|(_, objects)| objects.len())
            .sum()
    }

    /// The subjects with `rdf:type` `class`, in the order added.
    #[cfg(test)]
    pub fn subjects_of_type(&self, class: &Iri) -> Vec<&Iri> {
        let class = Object::Iri(class.clone());
        self.nodes
            .iter()
            .filter(|n| {
                n.properties
                    .iter()
                    .any(|(p, objects)| *p == RDF_TYPE && objects.contains(&class))
            })
            .map(|n| &n.subject)
            .collect()
    }

    /// The objects of `subject`'s `predicate`, in the order added.
    #[cfg(test)]
    pub fn objects(&self, subject: &Iri, predicate: &Iri) -> &[Object] {
        self.index
            .get(subject)
            .and_then(|&at| {
                self.nodes[at]
                    .properties
                    .iter()
                    .find(|(p, _)| p == predicate)
            })
            .map(|(_, objects)| objects.as_slice())
            .unwrap_or_default()
    }

    /// RDF 1.1 Turtle: the prefixes, then one block per subject.
    pub fn to_turtle(&self, prefixes: &[Prefix]) -> String {
        let mut out = String::new();
        for (prefix, namespace) in prefixes {
            out.push_str(&format!("@prefix {prefix}: <{namespace}> .\n"));
        }
        for node in &self.nodes {
            out.push('\n');
            out.push_str(&turtle_iri(&node.subject, prefixes));
            for (i, (predicate, objects)) in node.properties.iter().enumerate() {
                out.push_str(if i == 0 { "\n    " } else { " ;\n    " });
                if *predicate == RDF_TYPE {
                    out.push('a');
                } else {
                    out.push_str(&turtle_iri(predicate, prefixes));
                }
                for (j, object) in objects.iter().enumerate() {
                    out.push_str(if j == 0 { " " } else { ",\n        " });
                    out.push_str(&turtle_object(object, prefixes));
                }
            }
            out.push_str(" .\n");
        }
        out
    }

    /// JSON-LD 1.1 in flattened form: the prefixes as the `@context`, one node object per
    /// subject in `@graph`, every value an explicit `{"@id"}` or `{"@value"}` object so
    /// that no term definition changes what a value means.
    pub fn to_json_ld(&self, prefixes: &[Prefix]) -> Value {
        let context: Map<String, Value> = prefixes
            .iter()
            .map(|(prefix, namespace)| ((*prefix).to_owned(), json!(namespace)))
            .collect();
        let graph: Vec<Value> = self
            .nodes
            .iter()
            .map(|node| {
                let mut object = Map::new();
                object.insert("@id".to_owned(), json!(node.subject.as_str()));
                for (predicate, objects) in &node.properties {
                    if *predicate == RDF_TYPE {
                        let types: Vec<Value> = objects
                            .iter()
                            .filter_map(|o| match o {
                                Object::Iri(iri) => Some(json!(compact(iri, prefixes))),
                                _ => None,
                            })
                            .collect();
                        object.insert("@type".to_owned(), Value::Array(types));
                    } else {
                        let values = objects.iter().map(json_ld_value).collect();
                        object.insert(compact(predicate, prefixes), Value::Array(values));
                    }
                }
                Value::Object(object)
            })
            .collect();
        json!({ "@context": context, "@graph": graph })
    }
}

/// `prefix:local` when a prefix covers the IRI and the rest is a plain name (letters,
/// digits, `_`, `-`, not starting with a digit or `-`), which is a valid local name in
/// both Turtle and JSON-LD; otherwise the whole IRI.
fn prefixed(iri: &Iri, prefixes: &[Prefix]) -> Option<String> {
    prefixes.iter().find_map(|(prefix, namespace)| {
        let local = iri.as_str().strip_prefix(namespace)?;
        let mut chars = local.chars();
        let plain = chars
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        plain.then(|| format!("{prefix}:{local}"))
    })
}

fn compact(iri: &Iri, prefixes: &[Prefix]) -> String {
    prefixed(iri, prefixes).unwrap_or_else(|| iri.as_str().to_owned())
}

fn turtle_iri(iri: &Iri, prefixes: &[Prefix]) -> String {
    prefixed(iri, prefixes).unwrap_or_else(|| format!("<{}>", iri.as_str()))
}

fn turtle_object(object: &Object, prefixes: &[Prefix]) -> String {
    match object {
        Object::Iri(iri) => turtle_iri(iri, prefixes),
        Object::Text { value, language } => format!("{}@{language}", turtle_string(value)),
        Object::Plain(value) => turtle_string(value),
    }
}

/// A Turtle `STRING_LITERAL_QUOTE`: quotes and backslashes escaped, line breaks and tabs
/// by their short escapes, every other control character as `\uXXXX`.
pub fn turtle_string(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn json_ld_value(object: &Object) -> Value {
    match object {
        Object::Iri(iri) => json!({ "@id": iri.as_str() }),
        Object::Text { value, language } => json!({ "@value": value, "@language": language }),
        Object::Plain(value) => json!({ "@value": value }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PREFIXES: &[Prefix] = &[("dct", "http://purl.org/dc/terms/")];
    const TITLE: Iri = Iri::constant("http://purl.org/dc/terms/title");
    const THING: Iri = Iri::constant("http://example.org/Thing");

    #[test]
    fn turtle_strings_escape_quotes_backslashes_and_control_characters() {
        assert_eq!(turtle_string("plain"), "\"plain\"");
        assert_eq!(turtle_string("say \"hi\" \\ bye"), r#""say \"hi\" \\ bye""#);
        assert_eq!(
            turtle_string("line\nbreak\r\ttab\u{0}\u{8}\u{c}\u{1b}\u{7f}"),
            r#""line\nbreak\r\ttab\u0000\u0008\u000C\u001B\u007F""#
        );
        // Non-ASCII letters are written as they are (Turtle is UTF-8).
        assert_eq!(turtle_string("Hälsa åäö"), "\"Hälsa åäö\"");
        // Nothing can close the literal early: `"""` is three escaped quotes.
        assert_eq!(turtle_string("\"\"\""), r#""\"\"\"""#);
    }

    #[test]
    fn iris_made_at_run_time_cannot_break_out_of_angle_brackets() {
        assert_eq!(
            Iri::new("https://lupa.example.fi/a b<c>\"{|}^`\\").as_str(),
            "https://lupa.example.fi/a%20b%3Cc%3E%22%7B%7C%7D%5E%60%5C"
        );
        let base = Iri::new("https://lupa.example.fi/api/catalogue");
        assert_eq!(
            base.with_fragment("dataset-thl hilmo/ä#x").as_str(),
            "https://lupa.example.fi/api/catalogue#dataset-thl%20hilmo%2F%C3%A4%23x"
        );
        // A fragment replaces the base's own.
        assert_eq!(
            base.with_fragment("a").with_fragment("b").as_str(),
            "https://lupa.example.fi/api/catalogue#b"
        );
    }

    fn sample() -> Graph {
        let subject = Iri::new("http://example.org/a");
        let mut graph = Graph::default();
        graph.add(&subject, &RDF_TYPE, &THING);
        graph.add(
            &subject,
            &TITLE,
            Object::Text {
                value: "Rivi \"1\"\nrivi 2".to_owned(),
                language: "fi",
            },
        );
        graph.add(&subject, &TITLE, Object::Plain("x".to_owned()));
        graph.add(&subject, &TITLE, Object::Plain("x".to_owned()));
        graph.add(
            &subject,
            &Iri::constant("http://purl.org/dc/terms/1bad"),
            Iri::new("http://example.org/b"),
        );
        graph
    }

    #[test]
    fn a_triple_added_twice_is_kept_once() {
        assert_eq!(sample().len(), 4);
    }

    #[test]
    fn turtle_groups_by_subject_and_uses_prefixes_only_for_plain_local_names() {
        assert_eq!(
            sample().to_turtle(PREFIXES),
            "@prefix dct: <http://purl.org/dc/terms/> .\n\n\
             <http://example.org/a>\n    \
             a <http://example.org/Thing> ;\n    \
             dct:title \"Rivi \\\"1\\\"\\nrivi 2\"@fi,\n        \"x\" ;\n    \
             <http://purl.org/dc/terms/1bad> <http://example.org/b> .\n"
        );
    }

    #[test]
    fn json_ld_has_the_prefixes_as_context_and_explicit_values() {
        assert_eq!(
            sample().to_json_ld(PREFIXES),
            json!({
                "@context": { "dct": "http://purl.org/dc/terms/" },
                "@graph": [{
                    "@id": "http://example.org/a",
                    "@type": ["http://example.org/Thing"],
                    "dct:title": [
                        { "@value": "Rivi \"1\"\nrivi 2", "@language": "fi" },
                        { "@value": "x" }
                    ],
                    "http://purl.org/dc/terms/1bad": [{ "@id": "http://example.org/b" }]
                }]
            })
        );
    }

    #[test]
    fn graphs_answer_what_they_hold() {
        let graph = sample();
        let a = Iri::new("http://example.org/a");
        assert_eq!(graph.subjects_of_type(&THING), vec![&a]);
        assert_eq!(graph.objects(&a, &TITLE).len(), 2);
        assert!(graph.objects(&THING, &TITLE).is_empty());
    }
}
