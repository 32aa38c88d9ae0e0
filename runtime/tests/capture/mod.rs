//! Captures the tracing output of a test binary, for tests that assert on
//! logs.
//!
//! The subscriber is the binary's global default, installed the first time
//! a test asks for a capture, and never a thread-local one
//! (`tracing::subscriber::set_default`): tracing caches, per callsite and
//! for the whole process, whether any subscriber wants it. While only one
//! dispatcher exists, tracing-core works that out from the default of the
//! thread that reaches the callsite first, so a thread without a default
//! (another test, a blocking-pool thread) caches "never", and the callsite
//! then stays silent on the capturing thread too. With a global default
//! every thread has the same subscriber, and events from any thread
//! (`spawn_blocking`, other runtimes) are captured as well.
//!
//! A capture holds a lock for as long as it lives, so the tests of a binary
//! that capture run one at a time; each starts with an empty log. Events of
//! tests that do not capture land in the log too, so a binary with
//! log-capturing tests should hold no others.
#![allow(dead_code)]

use std::io::Write;
use std::sync::{Mutex, MutexGuard, Once, PoisonError};

static LOGS: Mutex<Vec<u8>> = Mutex::new(Vec::new());
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());
static INSTALL: Once = Once::new();

/// Everything logged, at every level, while it lives.
pub struct Capture {
    _one_at_a_time: MutexGuard<'static, ()>,
}

/// Starts capturing: installs the subscriber on the first call, waits for
/// any other capture of the binary to end, and empties the log.
pub fn capture() -> Capture {
    INSTALL.call_once(|| {
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_writer(|| Sink)
            .with_ansi(false)
            .finish();
        tracing::subscriber::set_global_default(subscriber)
            .expect("nothing else in a log-capturing test binary sets a global subscriber");
    });
    let guard = ONE_AT_A_TIME.lock().unwrap_or_else(PoisonError::into_inner);
    logs().clear();
    Capture { _one_at_a_time: guard }
}

impl Capture {
    /// What has been logged since the capture started.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&logs()).into_owned()
    }
}

fn logs() -> MutexGuard<'static, Vec<u8>> {
    // A test that panicked while holding the lock left whole events behind:
    // a write appends a formatted event at once.
    LOGS.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Where the subscriber writes each formatted event (in one `write`).
struct Sink;

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        logs().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
