//! What the client is doing, for logs: each answered request, each wait on a 429 and
//! each retry is an [`Event`], given to the hook of [`super::ClientBuilder::on_event`]
//! (Python logs them through `logging`, JS passes them to `onEvent`) and, on native
//! targets, emitted as a `tracing` event (target `gradebridge`: requests at DEBUG,
//! waits at INFO, retries at WARN). An event names the method and the path, never a query, a header or a
//! body, so no credential can reach a log.

use serde::Serialize;

use crate::float::Fixed;

/// One thing the client did.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Event {
    /// A request was answered (any status) or failed on the way.
    Request {
        /// `managebac`, `schoology`, `blackboard`.
        platform: &'static str,
        /// `GET`, `POST`, ...
        method: &'static str,
        /// The path, without the query.
        path: String,
        /// The status, when there was an answer.
        status: Option<u16>,
        /// 1 for the first try.
        attempt: u32,
        /// Time from sending to the answer, in milliseconds.
        elapsed_ms: f64,
        /// The transport failure, when there was no answer.
        error: Option<String>,
    },
    /// A 429: waiting before trying again.
    RateLimited {
        /// The platform.
        platform: &'static str,
        /// The method.
        method: &'static str,
        /// The path.
        path: String,
        /// How long the client waits, in seconds.
        wait_s: f64,
        /// The attempt that was refused.
        attempt: u32,
    },
    /// A 5xx or a transport failure: trying again after a backoff.
    Retry {
        /// The platform.
        platform: &'static str,
        /// The method.
        method: &'static str,
        /// The path.
        path: String,
        /// The status that is retried, or none for a transport failure.
        status: Option<u16>,
        /// The backoff, in seconds.
        delay_s: f64,
        /// The attempt that failed.
        attempt: u32,
    },
}

impl Event {
    /// The log level the bindings use: `debug`, `info` or `warning`.
    pub fn level(&self) -> &'static str {
        match self {
            Event::Request { .. } => "debug",
            Event::RateLimited { .. } => "info",
            Event::Retry { .. } => "warning",
        }
    }
}

impl std::fmt::Display for Event {
    /// One log line: `GET /v2/classes -> 200 (attempt 1, 41.2 ms)`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Event::Request {
                platform,
                method,
                path,
                status,
                attempt,
                elapsed_ms,
                error,
            } => {
                write!(f, "{platform} {method} {path} -> ")?;
                match (status, error) {
                    (Some(s), _) => write!(f, "{s}")?,
                    (None, Some(e)) => write!(f, "no answer: {e}")?,
                    (None, None) => write!(f, "no answer")?,
                }
                write!(f, " (attempt {attempt}, {} ms)", Fixed(*elapsed_ms, 1))
            }
            Event::RateLimited {
                platform,
                method,
                path,
                wait_s,
                attempt,
            } => write!(
                f,
                "{platform} {method} {path}: 429 rate limited on attempt {attempt}; waiting {} s",
                Fixed(*wait_s, 1)
            ),
            Event::Retry {
                platform,
                method,
                path,
                status,
                delay_s,
                attempt,
            } => {
                write!(f, "{platform} {method} {path}: ")?;
                match status {
                    Some(s) => write!(f, "{s}")?,
                    None => write!(f, "transport failure")?,
                }
                write!(
                    f,
                    " on attempt {attempt}; retrying in {} s",
                    Fixed(*delay_s, 2)
                )
            }
        }
    }
}

/// A hook for [`Event`]s: any `Fn(&Event)` (`Send + Sync` on native targets).
pub trait EventHook: Fn(&Event) + crate::clock::MaybeSend + crate::clock::MaybeSync {}
impl<F: Fn(&Event) + crate::clock::MaybeSend + crate::clock::MaybeSync> EventHook for F {}

/// Emit `event` to `tracing` (native targets) and to the hook.
pub(crate) fn emit(hook: Option<&std::sync::Arc<dyn EventHook>>, event: Event) {
    #[cfg(not(target_arch = "wasm32"))]
    match event.level() {
        "debug" => tracing::debug!(target: "gradebridge", "{event}"),
        "info" => tracing::info!(target: "gradebridge", "{event}"),
        _ => tracing::warn!(target: "gradebridge", "{event}"),
    }
    if let Some(h) = hook {
        h(&event);
    }
}
