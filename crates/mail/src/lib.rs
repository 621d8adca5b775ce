//! The authority's messages: what each kind says in Finnish, Swedish and English, as plain
//! text and HTML, rendered from an outbox row's kind and payload.
//!
//! Payloads hold ids, numbers, dates and titles only. An identity code, a research plan or
//! an internal remark is never put in a payload, so no template can show one.

mod render;
mod smtp;

pub use render::{Language, RenderError, Rendered, render};
pub use smtp::{Mailer, MailerError, Outgoing, SendError};
