//! The mail worker: delivers the outbox by SMTP. It runs only when an SMTP host is
//! configured; every `TIETOLUPA_MAIL_POLL_INTERVAL` it claims the messages that are due
//! (in batches, until none are left), renders each in its recipient's language, sends it,
//! and records the outcome (`store::outbox::delivery`).
//!
//! Any number of server instances may run it against one database: claims are leases
//! that never overlap, so each message is sent by one instance. Delivery is at least
//! once: a crash after the SMTP server accepted a message but before it was marked sent
//! sends it again when the lease lapses, with the same Message-ID.
//!
//! On shutdown the worker finishes the message in hand, gives the rest of its batch back
//! and stops.

use std::sync::Arc;
use std::time::{Duration, Instant};

use tietolupa_config::Config;
use tietolupa_mail::{Language, Mailer, Outgoing, render};
use tietolupa_store::Db;
use tietolupa_store::outbox::delivery::{self, ClaimedMessage, FailureOutcome, RetryPolicy};
use time::OffsetDateTime;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use crate::StartError;
use crate::metrics::{MailEvent, Metrics};

/// How long a claim holds. Longer than a batch may take to send.
const LEASE: Duration = Duration::from_secs(10 * 60);
/// No new message of a batch is started after this long; the rest are given back, so
/// no send outlives the lease.
const BATCH_TIME: Duration = Duration::from_secs(5 * 60);

/// How long a stopping server waits for the message in hand.
pub const STOP_GRACE: Duration = Duration::from_secs(45);

/// The worker the configuration asks for: `None` without an SMTP host (messages then stay
/// queued). A configuration that cannot send (a bad sender, a missing password) stops
/// the start.
pub fn from_config(
    config: &Config,
    public_url: &str,
    db: &Db,
    metrics: &Arc<Metrics>,
) -> Result<Option<MailWorker>, StartError> {
    let mail = &config.mail;
    let Some(smtp) = &mail.smtp else {
        if config.is_dev() {
            tracing::info!("no SMTP host configured: outbox messages stay queued");
        } else {
            tracing::warn!(
                "no SMTP host configured (TIETOLUPA_SMTP_HOST): outbox messages stay queued"
            );
        }
        return Ok(None);
    };
    let password = match &smtp.username {
        Some(_) => {
            let secrets = config
                .secrets_file
                .clone()
                .unwrap_or_else(|| config.data_dir.join("secrets.toml"));
            tietolupa_config::smtp_password(&secrets)?
        }
        None => None,
    };
    let mailer = Mailer::new(smtp, password, &mail.from, public_url)?;
    tracing::info!(host = %smtp.host, port = smtp.port, tls = %smtp.tls, "mail worker configured");
    Ok(Some(MailWorker {
        db: db.clone(),
        mailer,
        public_url: public_url.to_owned(),
        policy: RetryPolicy {
            base: mail.retry_base,
            max_attempts: mail.max_attempts,
        },
        poll_interval: mail.poll_interval,
        batch_size: mail.batch_size,
        metrics: metrics.clone(),
    }))
}

/// What the worker needs.
pub struct MailWorker {
    pub db: Db,
    pub mailer: Mailer,
    /// The base of links in messages.
    pub public_url: String,
    pub policy: RetryPolicy,
    pub poll_interval: Duration,
    pub batch_size: u32,
    pub metrics: Arc<Metrics>,
}

/// The running worker; dropping it aborts the task, [`RunningWorker::stop`] stops it
/// gracefully.
pub struct RunningWorker {
    stop: CancellationToken,
    task: Option<JoinHandle<()>>,
}

impl RunningWorker {
    /// Asks the worker to stop and waits until it has (at most `grace`).
    pub async fn stop(mut self, grace: Duration) {
        self.stop.cancel();
        if let Some(task) = self.task.take()
            && tokio::time::timeout(grace, task).await.is_err()
        {
            tracing::warn!("mail worker did not stop in time");
        }
    }
}

impl Drop for RunningWorker {
    fn drop(&mut self) {
        if let Some(task) = &self.task {
            task.abort();
        }
    }
}

impl MailWorker {
    pub fn spawn(self) -> RunningWorker {
        let stop = CancellationToken::new();
        let token = stop.clone();
        let task = tokio::spawn(async move { self.run(token).await });
        RunningWorker {
            stop,
            task: Some(task),
        }
    }

    async fn run(self, stop: CancellationToken) {
        tracing::info!(
            poll_ms = self.poll_interval.as_millis() as u64,
            "mail worker started"
        );
        loop {
            self.deliver_due(&stop).await;
            tokio::select! {
                () = stop.cancelled() => break,
                () = tokio::time::sleep(self.poll_interval) => {}
            }
        }
        tracing::info!("mail worker stopped");
    }

    /// Sends batches until none is due (or a stop is asked).
    async fn deliver_due(&self, stop: &CancellationToken) {
        let limit = u64::from(self.batch_size);
        while !stop.is_cancelled() {
            let batch =
                match delivery::claim(&self.db, OffsetDateTime::now_utc(), LEASE, limit).await {
                    Ok(batch) => batch,
                    Err(e) => {
                        tracing::warn!(error = %e, "mail worker: claiming failed");
                        return;
                    }
                };
            let full = batch.len() as u64 >= limit;
            let started = Instant::now();
            let mut batch = batch.into_iter();
            for message in batch.by_ref() {
                self.deliver(message).await;
                if stop.is_cancelled() || started.elapsed() > BATCH_TIME {
                    break;
                }
            }
            let rest: Vec<_> = batch.map(|m| m.id).collect();
            if let Err(e) = delivery::release(&self.db, rest).await {
                tracing::warn!(error = %e, "mail worker: giving back a batch failed");
            }
            if !full {
                return;
            }
        }
    }

    #[tracing::instrument(skip_all, fields(message_id = %message.id, kind = %message.kind))]
    async fn deliver(&self, message: ClaimedMessage) {
        let now = OffsetDateTime::now_utc();
        let Some(to) = message.recipient_email.as_deref() else {
            self.dead(&message, "the recipient has no e-mail address")
                .await;
            return;
        };
        let language = Language::from_code(&message.language);
        let content = match render(&message.kind, &message.payload, language, &self.public_url) {
            Ok(content) => content,
            Err(e) => {
                self.dead(&message, &format!("cannot render: {e}")).await;
                return;
            }
        };
        let id = message.id.to_string();
        let sent = self
            .mailer
            .send(Outgoing {
                id: &id,
                to,
                language,
                content: &content,
            })
            .await;
        match sent {
            Ok(()) => {
                self.metrics.observe_mail(MailEvent::Sent);
                tracing::info!("message sent");
                // If this fails the lease lapses and the message goes again: at least once.
                if let Err(e) =
                    delivery::sent(&self.db, message.id, OffsetDateTime::now_utc()).await
                {
                    tracing::error!(error = %e, "mail worker: recording a sent message failed");
                }
            }
            Err(e) if e.is_permanent() => self.dead(&message, &e.to_string()).await,
            Err(e) => {
                match delivery::failed(&self.db, message.id, now, &e.to_string(), self.policy).await
                {
                    Ok(FailureOutcome::RetryAt(at)) => {
                        self.metrics.observe_mail(MailEvent::Retried);
                        tracing::warn!(error = %e, attempts = message.attempts + 1, retry_at = %at, "message not sent; will retry");
                    }
                    Ok(FailureOutcome::Dead) => {
                        self.metrics.observe_mail(MailEvent::Dead);
                        tracing::warn!(error = %e, attempts = message.attempts + 1, "message not sent; now a dead letter");
                    }
                    Err(store) => {
                        tracing::error!(error = %store, "mail worker: recording a failure failed");
                    }
                }
            }
        }
    }

    async fn dead(&self, message: &ClaimedMessage, reason: &str) {
        match delivery::dead(&self.db, message.id, OffsetDateTime::now_utc(), reason).await {
            Ok(()) => {
                self.metrics.observe_mail(MailEvent::Dead);
                tracing::warn!(reason, "message is a dead letter");
            }
            Err(e) => tracing::error!(error = %e, "mail worker: recording a dead letter failed"),
        }
    }
}
