use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use tietolupa_auth::{DevIssuer, KeyLoadError, Verifier, load_public_keys};
use tietolupa_config::{Config, DEV_ISSUER, SecretsError};
use tietolupa_domain::HetuPolicy;
use tietolupa_graphql::Limits;
use tietolupa_objection_crypto::{ObjectionCrypto, ObjectionKeys};
use tietolupa_permit_credential::PermitKeyRing;
use tietolupa_store::applications::attachments::AttachmentFiles;
use tietolupa_store::credentials::CredentialIssuer;
use tietolupa_store::{Backend, Db, StoreError, seed};
use tokio::net::TcpListener;

use crate::metrics::{Metrics, MetricsAccess};
use crate::register_cache::RegisterCache;
use crate::router::{RouterSettings, router};
use crate::state::AppState;

/// Room for the multipart form's other parts next to the largest file.
const UPLOAD_FORM_ALLOWANCE: usize = 64 * 1024;

/// Why the server did not start. Each names what to fix.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("database: {0}")]
    Database(#[from] StoreError),
    #[error(transparent)]
    PublicKeys(#[from] KeyLoadError),
    #[error(transparent)]
    Secrets(#[from] SecretsError),
    #[error("sign-in provider: {0}")]
    SignIn(#[from] tietolupa_auth::oidc::OidcSetupError),
    #[error("development token key: {0}")]
    DevIssuer(std::io::Error),
    #[error("permit-signing keys: {0}")]
    PermitSigning(#[from] tietolupa_permit_credential::KeyError),
    #[error("mail: {0}")]
    Mail(#[from] tietolupa_mail::MailerError),
    #[error("cannot listen on {address}: {source}")]
    Bind {
        address: SocketAddr,
        source: std::io::Error,
    },
}

/// A server bound to its port, ready to run: migrations applied, reference data (and in
/// dev mode demo data) seeded, keys loaded.
pub struct Application {
    listener: TcpListener,
    router: Router,
    db: Db,
    files: AttachmentFiles,
    jobs_interval: std::time::Duration,
    reminders: tietolupa_domain::message::ReminderPolicy,
    /// Present when an SMTP host is configured.
    mail_worker: Option<crate::mail_worker::MailWorker>,
}

impl Application {
    pub async fn build(config: &Config) -> Result<Application, StartError> {
        // Loaded first so a missing or bad secrets file stops the server before it
        // touches the database.
        let objection_crypto = objection_crypto(config)?;

        let mut keys = match &config.auth_public_keys {
            Some(path) => load_public_keys(path, &config.auth_issuer, &config.auth_audience)?,
            None => Vec::new(),
        };
        let dev_issuer = if config.is_dev() {
            let issuer = DevIssuer::load_or_generate(
                &config.data_dir.join("dev-issuer-key.pem"),
                DEV_ISSUER,
                &config.auth_audience,
            )
            .map_err(StartError::DevIssuer)?;
            keys.push(issuer.trusted_key());
            Some(Arc::new(issuer))
        } else {
            None
        };
        let verifier = Arc::new(Verifier::new(keys, config.auth_leeway));

        let mut db = Db::connect_with(&config.database_url, config.database_max_connections)
            .await?
            .with_session_cache(config.sign_in.session_cache)
            .with_delivery_due_days(config.delivery_due_days);
        let signing = permit_credentials(config, &config.public_url)?;
        if let Some(issuer) = signing.clone() {
            db = db.with_permit_credentials(issuer);
        }
        if let Some(url) = &config.database_replica_url {
            let replica = tietolupa_store::replica::Replica::connect(
                url,
                config.database_max_connections.unwrap_or(16),
                config.database_replica_max_lag,
            )
            .await?;
            db = db.with_replica(replica);
        }
        db.migrate().await?;
        let reference = seed::reference_data(&db).await?;
        let demo = if config.seed_demo_data {
            seed::demo_data(&db).await?
        } else {
            seed::SeedReport::default()
        };
        let demo_decisions = if config.seed_demo_data {
            let started = std::time::Instant::now();
            let added =
                seed::demo_decisions(&db, config.demo_decisions, time::OffsetDateTime::now_utc())
                    .await?;
            if added > 0 {
                tracing::info!(
                    added,
                    elapsed_ms = started.elapsed().as_millis() as u64,
                    "demo decisions seeded"
                );
            }
            added
        } else {
            0
        };
        // Work in every state for the demo users; after the decisions so that the
        // register's numbering of those stays as it was.
        let demo_cases = if config.seed_demo_data {
            demo_cases(config, &db, &objection_crypto).await?
        } else {
            seed::DemoCasesReport::default()
        };
        tracing::info!(
            backend = ?db.backend(),
            demo_applications_added = demo_cases.applications,
            demo_objections_added = demo_cases.objections,
            catalogue_added = reference.controllers + reference.data_sources,
            demo_users_added = demo.users,
            demo_decisions_added = demo_decisions,
            "database ready"
        );

        let files = attachment_files(config);
        let output = &config.output_check;
        let output_check = output_check(config);
        let listener =
            TcpListener::bind(config.listen)
                .await
                .map_err(|source| StartError::Bind {
                    address: config.listen,
                    source,
                })?;
        let public_url = public_url(config, &listener);
        // Bound only now, after the seed, so that a listening port means a ready server.
        // With port 0 (tests) the public URL is known only here: credentials issued from
        // now on name the port bound.
        if let Some(issuer) = signing {
            db = db.with_permit_credentials(issuer.at_public_url(&public_url));
        }
        if let Some(keys) = audit_checkpoints(config, &public_url)? {
            db = db.with_audit_checkpoints(keys);
        }
        let schema = tietolupa_graphql::build_schema(
            db.clone(),
            objection_crypto.clone(),
            Limits {
                max_depth: config.graphql_max_depth,
                max_complexity: config.graphql_max_complexity,
                max_aliases: config.graphql_max_aliases,
                max_root_fields: config.graphql_max_root_fields,
                max_query_bytes: config.graphql_max_query_bytes,
            },
            tietolupa_graphql::SchemaSettings {
                fees: config.fees,
                files: files.clone(),
                directors: crate::jobs::directors(&config.messages.directors),
                reminders: config.messages.reminders,
                output_check,
            },
        );
        let metrics = Arc::new(Metrics::new(
            match (&config.metrics_token, config.is_dev()) {
                (Some(token), _) => MetricsAccess::Token(token.clone()),
                (None, true) => MetricsAccess::Open,
                (None, false) => MetricsAccess::Closed,
            },
            config.metrics_cache,
        ));
        let mail_worker = crate::mail_worker::from_config(config, &public_url, &db, &metrics)?;
        let sign_in = Arc::new(crate::sign_in::SignIn::new(&config.sign_in, &public_url)?);
        let state = AppState::new(crate::state::Shared {
            db: db.clone(),
            public_url: public_url.as_str().into(),
            objection_crypto,
            schema,
            verifier,
            dev_issuer,
            files: files.clone(),
            output_check,
            metrics,
            register_cache: Arc::new(RegisterCache::new(config.register_cache)),
            sign_in,
            pseudonymisation: pseudonymisation_key(config)?.map(Arc::new),
        });
        let router = router(
            state,
            RouterSettings {
                dev_mode: config.is_dev(),
                web_dir: &config.web_dir,
                body_limit: config.request_body_limit,
                upload_limit: config.attachment_max_bytes + UPLOAD_FORM_ALLOWANCE,
                cohort_filter_body_limit: config.cohort_filter_max_bytes,
                preparation_body_limit: config.preparation_max_bytes,
                output_upload_limit: crate::output_files::body_limit(output.max_file_bytes),
                timeout: config.request_timeout,
                rate_limit_anonymous: config.rate_limit_anonymous,
                rate_limit_dev_token: config.rate_limit_dev_token,
                cors_allowed_origins: &config.cors_allowed_origins,
                hsts_max_age: config.hsts_max_age,
                trusted_proxies: config.trusted_proxies.clone(),
            },
        );
        Ok(Application {
            listener,
            router,
            db,
            files,
            jobs_interval: config.jobs_interval,
            reminders: config.messages.reminders,
            mail_worker,
        })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("a bound listener has a local address")
    }

    pub fn db(&self) -> &Db {
        &self.db
    }

    /// Serves until `shutdown` completes, then finishes in-flight requests.
    pub async fn run_until(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        tracing::info!(address = %self.local_addr(), "listening");
        let jobs = crate::jobs::spawn(
            self.db.clone(),
            self.files.clone(),
            self.jobs_interval,
            self.reminders,
        );
        let checkpoints = crate::jobs::spawn_checkpoints(self.db.clone());
        let replica_monitor = self.db.replica().cloned().map(watch_replica);
        // SQLite has no server to lose (see `Db::check_primary`).
        let primary_monitor =
            (self.db.backend() == Backend::Postgres).then(|| watch_primary(self.db.clone()));
        let mail_worker = self.mail_worker.map(crate::mail_worker::MailWorker::spawn);
        let served = axum::serve(
            self.listener,
            self.router
                .into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown)
        .await;
        jobs.abort();
        checkpoints.abort();
        for monitor in [replica_monitor, primary_monitor].into_iter().flatten() {
            monitor.abort();
        }
        if let Some(worker) = mail_worker {
            worker.stop(crate::mail_worker::STOP_GRACE).await;
        }
        served?;
        self.db.close().await.ok();
        tracing::info!("stopped");
        Ok(())
    }
}

/// The public URL (links in messages, Message-ID hosts, sign-in redirects); when it is the
/// default made from a listen address with port 0 (tests), the port actually bound.
fn public_url(config: &Config, listener: &TcpListener) -> String {
    let configured = &config.public_url;
    match listener.local_addr() {
        Ok(bound)
            if config.listen.port() == 0 && *configured == format!("http://{}", config.listen) =>
        {
            format!("http://{bound}")
        }
        _ => configured.clone(),
    }
}

/// The objection registry's keys and identity-code policy, from the configuration.
/// The demo users' work in every state, unless `TIETOLUPA_DEMO_CASES` is off or it was
/// seeded before (the caller checks that demo data is wanted at all: dev mode only).
pub async fn demo_cases(
    config: &Config,
    db: &Db,
    crypto: &ObjectionCrypto,
) -> Result<seed::DemoCasesReport, StoreError> {
    if !config.demo_cases {
        return Ok(seed::DemoCasesReport::default());
    }
    seed::demo_cases(
        db,
        crypto,
        &attachment_files(config),
        &output_check(config),
        &config.fees,
        &crate::jobs::directors(&config.messages.directors),
        time::OffsetDateTime::now_utc(),
    )
    .await
}

/// The attachment store (application attachments and output files), from the configuration.
fn attachment_files(config: &Config) -> AttachmentFiles {
    AttachmentFiles::new(
        config.data_dir.join("attachments"),
        config.attachment_max_bytes as u64,
    )
}

/// The output check's configured thresholds and file size bound.
fn output_check(config: &Config) -> tietolupa_store::output::OutputCheck {
    let output = &config.output_check;
    tietolupa_store::output::OutputCheck::new(
        output.min_frequency,
        output.dominance_n,
        output.dominance_k,
        output.p_percent,
        output.max_file_bytes,
    )
}

/// What signs permit credentials: the secrets file's `[permit_signing]` ring (generated in
/// dev). Without the ring no credentials are issued, and the server says so.
pub fn permit_credentials(
    config: &Config,
    public_url: &str,
) -> Result<Option<CredentialIssuer>, StartError> {
    let keys = config.load_identity_code_keys()?;
    let Some(ring) = keys.permit_signing.as_ref() else {
        tracing::warn!("no [permit_signing] key ring in the secrets file: no permit credentials");
        return Ok(None);
    };
    let ring = PermitKeyRing::from_seeds(
        &ring.current,
        ring.keys
            .iter()
            .map(|(kid, key)| (kid.clone(), *key.expose())),
    )?;
    Ok(Some(CredentialIssuer::new(
        ring,
        public_url,
        config.permit_status_list_ttl,
        config.permit_visas,
    )))
}

/// The log's name in its checkpoints: the public URL without its scheme, then `/audit`
/// (C2SP tlog-checkpoint: a schemeless URL). Witnesses know the log by it, so the public
/// URL must stay put (docs/operations.md "Audit checkpoints").
pub fn audit_origin(public_url: &str) -> String {
    let host = public_url
        .split_once("://")
        .map_or(public_url, |(_, rest)| rest)
        .trim_end_matches('/');
    format!("{host}/audit")
}

/// What signs the audit log's checkpoints: the secrets file's `[audit_checkpoint]` ring
/// (generated in dev). Without it no checkpoints are signed, and the server says so.
pub fn audit_checkpoints(
    config: &Config,
    public_url: &str,
) -> Result<Option<tietolupa_store::audit_tree::CheckpointKeys>, StartError> {
    let origin = audit_origin(public_url);
    let keys = checkpoint_keys_named(config, &origin)?;
    if keys.is_none() {
        tracing::warn!(
            origin,
            "no [audit_checkpoint] key ring in the secrets file, or the public URL cannot \
             name the audit log: no audit checkpoints"
        );
    }
    Ok(keys)
}

/// The `[audit_checkpoint]` ring as keys of the log named `origin`; `None` without the
/// ring or when `origin` cannot be a signed-note key name.
pub fn checkpoint_keys_named(
    config: &Config,
    origin: &str,
) -> Result<Option<tietolupa_store::audit_tree::CheckpointKeys>, StartError> {
    let keys = config.load_identity_code_keys()?;
    let Some(ring) = keys.audit_checkpoint.as_ref() else {
        return Ok(None);
    };
    Ok(tietolupa_store::audit_tree::CheckpointKeys::new(
        origin,
        &ring.current,
        ring.keys
            .iter()
            .map(|(id, key)| (id.as_str(), key.expose())),
    ))
}

/// The current master pseudonymisation key, if the secrets file has the ring.
pub fn pseudonymisation_key(
    config: &Config,
) -> Result<Option<tietolupa_preparation::MasterKey>, SecretsError> {
    let keys = config.load_identity_code_keys()?;
    Ok(keys.pseudonymisation.as_ref().map(|ring| {
        let (id, key) = ring.current_key();
        tietolupa_preparation::MasterKey::new(id, key.expose())
    }))
}

pub fn objection_crypto(config: &Config) -> Result<ObjectionCrypto, SecretsError> {
    let keys = config.load_identity_code_keys()?;
    let policy = if config.allow_temporary_identity_codes {
        HetuPolicy::ALLOW_TEMPORARY
    } else {
        HetuPolicy::ORDINARY_ONLY
    };
    Ok(ObjectionCrypto::new(ObjectionKeys::new(&keys), policy))
}

/// Completes on SIGINT (Ctrl-C) or SIGTERM. The handlers are installed when this is
/// called, not when the future is first polled: the server binds its port before it
/// starts serving, and a SIGTERM in between (a supervisor stopping a server it just saw
/// listening) would otherwise end the process by the signal's default action instead of
/// shutting it down. Call it inside the runtime, before [`Application::build`].
pub fn shutdown_signal() -> impl Future<Output = ()> + Send + 'static {
    #[cfg(unix)]
    let (interrupt, terminate) = {
        use tokio::signal::unix::{SignalKind, signal};
        (
            signal(SignalKind::interrupt()).ok(),
            signal(SignalKind::terminate()).ok(),
        )
    };
    async move {
        #[cfg(unix)]
        {
            let received = |signal: Option<tokio::signal::unix::Signal>| async move {
                match signal {
                    Some(mut signal) => {
                        signal.recv().await;
                    }
                    None => std::future::pending::<()>().await,
                }
            };
            tokio::select! {
                () = received(interrupt) => tracing::info!("SIGINT received, shutting down"),
                () = received(terminate) => tracing::info!("SIGTERM received, shutting down"),
            }
        }
        #[cfg(not(unix))]
        {
            if tokio::signal::ctrl_c().await.is_err() {
                std::future::pending::<()>().await;
            }
            tracing::info!("Ctrl-C received, shutting down");
        }
    }
}

/// How often the replica's replay lag is read.
const REPLICA_CHECK_INTERVAL: std::time::Duration = std::time::Duration::from_millis(500);
/// How often the primary is checked: a write waiting for a connection when the primary
/// dies fails within about this long plus the check's own bound.
const PRIMARY_CHECK_INTERVAL: std::time::Duration = std::time::Duration::from_millis(500);

/// Checks the primary every `PRIMARY_CHECK_INTERVAL`, and at once when a request saw its
/// connection fail, so that commands fail fast with `UNAVAILABLE` while it is down and
/// resume when it answers again (`Db::check_primary` logs each change).
fn watch_primary(db: Db) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            // Failures are recorded (and logged when new) by the check itself.
            let _ = db.check_primary().await;
            db.primary_check_due(PRIMARY_CHECK_INTERVAL).await;
        }
    })
}

/// Reads the replica's lag in the background, so that register reads know where to go
/// without asking; logs when the replica stops or starts being used.
fn watch_replica(replica: Arc<tietolupa_store::replica::Replica>) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut was_usable = None;
        loop {
            let measured = replica.measure().await;
            let usable = replica.usable();
            if was_usable != Some(usable) {
                match (&measured, usable) {
                    (_, true) => tracing::info!(
                        lag_ms = replica.last_lag().map(|l| l.as_millis() as u64),
                        "register reads go to the replica"
                    ),
                    (Ok(lag), false) => tracing::warn!(
                        lag_ms = lag.as_millis() as u64,
                        "the replica lags past its bound: register reads go to the primary"
                    ),
                    (Err(error), false) => tracing::warn!(
                        %error,
                        "the replica does not answer: register reads go to the primary"
                    ),
                }
                was_usable = Some(usable);
            }
            tokio::time::sleep(REPLICA_CHECK_INTERVAL).await;
        }
    })
}
