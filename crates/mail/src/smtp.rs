//! Sending a rendered message by SMTP (lettre over tokio, TLS by rustls).
//!
//! Each message carries a Message-ID made from its outbox id and the host of the public
//! URL, `<outbox-id@lupa.example.fi>`: a resend after a lost acknowledgement has the same
//! id, so the recipient's mail system (and the tests) can tell a duplicate.

use std::time::Duration;

use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::transport::smtp::extension::ClientId;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use secrecy::{ExposeSecret, SecretString};
use tietolupa_config::{SmtpConfig, SmtpTls};

use crate::{Language, Rendered};

/// Longest wait for one SMTP command; a stuck server must not hold a claimed batch past
/// its lease.
const COMMAND_TIMEOUT: Duration = Duration::from_secs(30);

/// The configuration cannot make a mailer. Names the setting at fault.
#[derive(Debug, thiserror::Error)]
pub enum MailerError {
    #[error("TIETOLUPA_MAIL_FROM is not a valid mailbox")]
    InvalidFrom,
    #[error("TIETOLUPA_PUBLIC_URL has no host for Message-IDs")]
    NoHost,
    #[error("TLS for the SMTP server: {0}")]
    Tls(String),
    #[error("TIETOLUPA_SMTP_USERNAME is set but the secrets file has no smtp_password")]
    MissingPassword,
}

/// Why one message was not sent. The text never holds the recipient's address or any
/// of the message (it is stored as the message's `last_error`).
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    /// The stored address does not parse; no retry can help.
    #[error("the recipient address is not valid")]
    InvalidAddress,
    /// The message could not be put together (e.g. a header the builder refuses).
    #[error("the message could not be built")]
    Build,
    /// The SMTP server refused or could not be reached.
    #[error("{0}")]
    Transport(String),
}

impl SendError {
    /// Whether trying again later cannot help.
    pub fn is_permanent(&self) -> bool {
        matches!(self, SendError::InvalidAddress | SendError::Build)
    }
}

/// One message to send.
#[derive(Debug, Clone, Copy)]
pub struct Outgoing<'a> {
    /// The outbox id: the local part of the Message-ID.
    pub id: &'a str,
    pub to: &'a str,
    pub language: Language,
    pub content: &'a Rendered,
}

/// A connection setup to one SMTP server; cheap to share, opens a connection per message.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    message_id_host: String,
}

impl Mailer {
    /// A mailer for `smtp`, sending as `from`, with Message-IDs on the host of
    /// `public_url`.
    pub fn new(
        smtp: &SmtpConfig,
        password: Option<SecretString>,
        from: &str,
        public_url: &str,
    ) -> Result<Mailer, MailerError> {
        let from: Mailbox = from.parse().map_err(|_| MailerError::InvalidFrom)?;
        let message_id_host = url_host(public_url).ok_or(MailerError::NoHost)?;
        let tls = match smtp.tls {
            SmtpTls::None => Tls::None,
            SmtpTls::StartTls => Tls::Required(tls_parameters(&smtp.host)?),
            SmtpTls::Tls => Tls::Wrapper(tls_parameters(&smtp.host)?),
        };
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&smtp.host)
            .port(smtp.port)
            .tls(tls)
            .timeout(Some(COMMAND_TIMEOUT))
            .hello_name(client_id(&message_id_host));
        if let Some(username) = &smtp.username {
            let password = password.ok_or(MailerError::MissingPassword)?;
            builder = builder.credentials(Credentials::new(
                username.clone(),
                password.expose_secret().to_owned(),
            ));
        }
        Ok(Mailer {
            transport: builder.build(),
            from,
            message_id_host,
        })
    }

    /// The Message-ID of the outbox message `id`, with its angle brackets.
    pub fn message_id(&self, id: &str) -> String {
        format!("<{id}@{}>", self.message_id_host)
    }

    /// Sends one message; `Ok` once the server has accepted it.
    pub async fn send(&self, message: Outgoing<'_>) -> Result<(), SendError> {
        let to: Mailbox = message.to.parse().map_err(|_| SendError::InvalidAddress)?;
        let email = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(message.content.subject.clone())
            .message_id(Some(self.message_id(message.id)))
            .raw_header(HeaderValue::new(
                HeaderName::new_from_ascii_str("Content-Language"),
                language_tag(message.language).to_owned(),
            ))
            // RFC 3834: tells auto-responders not to answer.
            .raw_header(HeaderValue::new(
                HeaderName::new_from_ascii_str("Auto-Submitted"),
                "auto-generated".to_owned(),
            ))
            .multipart(
                MultiPart::alternative()
                    .singlepart(
                        SinglePart::builder()
                            .header(ContentType::TEXT_PLAIN)
                            .body(message.content.text.clone()),
                    )
                    .singlepart(
                        SinglePart::builder()
                            .header(ContentType::TEXT_HTML)
                            .body(message.content.html.clone()),
                    ),
            )
            .map_err(|_| SendError::Build)?;
        self.transport
            .send(email)
            .await
            .map(|_| ())
            .map_err(|e| SendError::Transport(describe(&e)))
    }
}

/// The EHLO name: our public host, as an address literal when it is an IP address.
fn client_id(host: &str) -> ClientId {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    match bare.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V4(ip)) => ClientId::Ipv4(ip),
        Ok(std::net::IpAddr::V6(ip)) => ClientId::Ipv6(ip),
        Err(_) => ClientId::Domain(host.to_owned()),
    }
}

fn tls_parameters(host: &str) -> Result<TlsParameters, MailerError> {
    TlsParameters::new(host.to_owned()).map_err(|e| MailerError::Tls(e.to_string()))
}

/// A short, address-free description of a transport error: the SMTP reply code when
/// there is one (the server's text may quote the recipient), else the kind of failure.
fn describe(error: &lettre::transport::smtp::Error) -> String {
    if let Some(code) = error.status() {
        let kind = if error.is_permanent() {
            "refused"
        } else {
            "temporarily refused"
        };
        return format!("SMTP server {kind} the message ({code})");
    }
    if error.is_timeout() {
        "SMTP server timed out".to_owned()
    } else if error.is_tls() {
        "TLS with the SMTP server failed".to_owned()
    } else {
        "SMTP server unreachable or closed the connection".to_owned()
    }
}

fn language_tag(language: Language) -> &'static str {
    match language {
        Language::Fi => "fi",
        Language::Sv => "sv",
        Language::En => "en",
    }
}

/// `https://lupa.example.fi:8443/x` → `lupa.example.fi`.
fn url_host(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = if host.starts_with('[') {
        host.split_inclusive(']').next()?
    } else {
        host.split(':').next()?
    };
    (!host.is_empty()).then(|| host.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_message_id_host_is_the_public_urls_host() {
        assert_eq!(
            url_host("https://lupa.example.fi:8443/app").as_deref(),
            Some("lupa.example.fi")
        );
        assert_eq!(
            url_host("http://127.0.0.1:8080").as_deref(),
            Some("127.0.0.1")
        );
        assert_eq!(url_host("http://[::1]:8080").as_deref(), Some("[::1]"));
        assert_eq!(url_host("http://"), None);
    }

    #[test]
    fn a_bad_sender_is_refused_at_start_up() {
        let smtp = SmtpConfig {
            host: "127.0.0.1".to_owned(),
            port: 25,
            tls: SmtpTls::None,
            username: None,
        };
        assert!(matches!(
            Mailer::new(&smtp, None, "not a mailbox", "http://x"),
            Err(MailerError::InvalidFrom)
        ));
        let mailer = Mailer::new(&smtp, None, "Lupa <noreply@x.fi>", "https://lupa.fi").unwrap();
        assert_eq!(mailer.message_id("abc"), "<abc@lupa.fi>");
    }
}
