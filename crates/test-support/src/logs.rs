//! Captures every log line of the test process (debug level and above unless a test asks
//! for more), so a test can assert that nothing sensitive was logged.

use std::io;
use std::sync::{Mutex, OnceLock};

static LOGS: Mutex<Vec<u8>> = Mutex::new(Vec::new());
/// The filter the capturing subscriber was installed with, if it was.
static INSTALLED: OnceLock<Option<String>> = OnceLock::new();

struct Capture;

impl io::Write for Capture {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if let Ok(mut logs) = LOGS.lock() {
            logs.extend_from_slice(buf);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Installs the capturing subscriber at debug level as the process's global one (once).
/// Returns false if another subscriber was installed first, in which case nothing is
/// captured.
pub fn install() -> bool {
    install_with("debug")
}

/// As [`install`], with `filter` (e.g. `trace`) if this is the first install of the
/// process. Returns whether the capturing subscriber runs with exactly `filter`; nextest
/// runs each test in a process of its own, so a test's first call decides.
pub fn install_with(filter: &str) -> bool {
    let installed = INSTALLED.get_or_init(|| {
        let ok = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::new(filter))
            .with_writer(|| Capture)
            .with_ansi(false)
            .try_init()
            .is_ok();
        ok.then(|| filter.to_owned())
    });
    installed.as_deref() == Some(filter)
}

/// Everything logged so far in this process.
pub fn captured() -> String {
    LOGS.lock()
        .map(|logs| String::from_utf8_lossy(&logs).into_owned())
        .unwrap_or_default()
}
