//! The authority's messages: what each kind says in Finnish, Swedish and English, as plain
//! text and HTML, rendered from an outbox row's kind and payload.
//!
//! Payloads hold ids, numbers, dates and titles only. An identity code, a research plan,
//! an internal remark or the text of an information request is never put in a payload, so
//! no template can show one: a message says that something is waiting and links to it.

mod smtp;
mod templates;

pub use smtp::{Mailer, MailerError, Outgoing, SendError};
pub use templates::{Language, RenderError, Rendered, render};
