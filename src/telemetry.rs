use tietolupa_config::{Config, LogFormat};
use tracing_subscriber::EnvFilter;

/// Logs go to stderr, so `tietolupa schema > schema.graphql` stays clean.
pub fn init(config: &Config) {
    let filter = EnvFilter::try_new(&config.log_filter).unwrap_or_else(|e| {
        eprintln!("warning: TIETOLUPA_LOG is not a valid filter ({e}); using `info`");
        EnvFilter::new("info")
    });
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match config.log_format {
        // Each line carries its spans' fields, so lines logged while serving a request
        // carry the request span's `request_id`.
        LogFormat::Json => builder
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .with_span_list(true)
            .init(),
        LogFormat::Text => builder.init(),
    }
}
