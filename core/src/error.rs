//! The one error type of gradebridge.
//!
//! Every failure, whether invalid input caught before a request leaves, an HTTP error
//! status, a transport failure or a body that does not decode, is an [`Error`] whose
//! [`ErrorKind`] says what happened. Bindings map each kind once (Python exception
//! subclasses, JS `Error` subclasses).

use crate::Map;
use std::fmt;
use std::time::Duration;

use serde::Serialize;

use crate::http::HttpResponse;

/// Field name to the messages the server (or local validation) gave for it.
pub type FieldErrors = Map<String, Vec<String>>;

/// How long a rate-limited caller should wait, as the server said it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum RetryAfter {
    /// `Retry-After: <seconds>`.
    Seconds {
        /// Seconds to wait.
        seconds: u64,
    },
    /// `X-RateLimit-Reset: 2021-10-28 01:29:40 UTC` (or an HTTP date in `Retry-After`).
    At {
        /// The header's text as sent.
        raw: String,
        /// The instant as seconds since the Unix epoch, when it could be parsed.
        unix_seconds: Option<i64>,
    },
}

impl RetryAfter {
    /// The time to wait from `now` (time since the Unix epoch). `None` when the
    /// server's reset time could not be parsed.
    pub fn delay_from(&self, now: Duration) -> Option<Duration> {
        match self {
            RetryAfter::Seconds { seconds } => Some(Duration::from_secs(*seconds)),
            RetryAfter::At { unix_seconds, .. } => {
                let at = (*unix_seconds)?;
                let at = Duration::from_secs(u64::try_from(at).ok()?);
                Some(at.saturating_sub(now))
            }
        }
    }
}

/// What kind of failure an [`Error`] is.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum ErrorKind {
    /// The caller's input was rejected before any request left.
    InvalidInput {
        /// The offending field (a dotted path such as `students[2].id`).
        field: String,
    },
    /// HTTP 401: missing, invalid or disabled credentials.
    Unauthorized,
    /// HTTP 403: the credentials lack a permission (ManageBac also answers
    /// `Access Denied` here).
    Forbidden,
    /// HTTP 404: an id that does not exist.
    NotFound,
    /// HTTP 429: too many requests.
    RateLimited {
        /// How long the server asked the caller to wait, when it said.
        retry_after: Option<RetryAfter>,
    },
    /// HTTP 422 (or 400 with field errors): the server refused the payload.
    Unprocessable {
        /// Field errors as the server listed them.
        field_errors: FieldErrors,
    },
    /// HTTP 5xx.
    Server,
    /// Any other unexpected HTTP status.
    UnexpectedStatus,
    /// The request never got an answer: connection refused or dropped, DNS, TLS,
    /// timeout.
    Transport {
        /// True when the failure was the per-request timeout.
        timeout: bool,
    },
    /// The answer was not the JSON that was expected.
    Decode {
        /// JSON path of the failure, such as `students[0].assignments[2].score`.
        path: String,
    },
}

impl ErrorKind {
    /// A stable snake_case code for the kind (`invalid_input`, `unauthorized`, ...),
    /// the `code` of the JS errors.
    pub fn code(&self) -> &'static str {
        match self {
            ErrorKind::InvalidInput { .. } => "invalid_input",
            ErrorKind::Unauthorized => "unauthorized",
            ErrorKind::Forbidden => "forbidden",
            ErrorKind::NotFound => "not_found",
            ErrorKind::RateLimited { .. } => "rate_limited",
            ErrorKind::Unprocessable { .. } => "unprocessable",
            ErrorKind::Server => "server",
            ErrorKind::UnexpectedStatus => "unexpected_status",
            ErrorKind::Transport { .. } => "transport",
            ErrorKind::Decode { .. } => "decode",
        }
    }
}

/// The one error type of gradebridge. It never holds a credential: messages are built
/// from field names, statuses and server bodies only.
///
/// It says which platform answered ([`Error::platform`]) and keeps the error
/// underneath (the transport's or the decoder's) as its
/// [`std::error::Error::source`].
///
/// It is one pointer wide (the details are boxed), so `Result<T, Error>` stays small.
#[derive(Debug, Clone, Serialize)]
#[serde(transparent)]
pub struct Error {
    inner: Box<ErrorInner>,
}

#[derive(Debug, Clone, Serialize)]
struct ErrorInner {
    kind: ErrorKind,
    message: String,
    status: Option<u16>,
    body_excerpt: Option<String>,
    platform: Option<&'static str>,
    maybe_applied: bool,
    attempts: Option<u32>,
    #[serde(skip)]
    source: Option<std::sync::Arc<dyn std::error::Error + Send + Sync>>,
}

/// Two errors are equal when everything but their source is.
impl PartialEq for Error {
    fn eq(&self, other: &Self) -> bool {
        let (a, b) = (&*self.inner, &*other.inner);
        a.kind == b.kind
            && a.message == b.message
            && a.status == b.status
            && a.body_excerpt == b.body_excerpt
            && a.platform == b.platform
            && a.maybe_applied == b.maybe_applied
            && a.attempts == b.attempts
    }
}

impl Error {
    fn from_inner(inner: ErrorInner) -> Self {
        Error {
            inner: Box::new(inner),
        }
    }
}

impl PartialEq for ErrorInner {
    fn eq(&self, other: &Self) -> bool {
        self.kind == other.kind
            && self.message == other.message
            && self.status == other.status
            && self.body_excerpt == other.body_excerpt
            && self.platform == other.platform
    }
}

/// Longest excerpt of a body kept in an error.
pub const BODY_EXCERPT_CHARS: usize = 200;

impl Error {
    /// A new error of `kind` with a human-readable message.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error::from_inner(ErrorInner {
            kind,
            message: message.into(),
            status: None,
            body_excerpt: None,
            platform: None,
            maybe_applied: false,
            attempts: None,
            source: None,
        })
    }

    /// Say which platform answered (`managebac`, ...). Kept when already set.
    pub fn with_platform(mut self, platform: &'static str) -> Self {
        if self.inner.platform.is_none() {
            self.inner.platform = Some(platform);
        }
        self
    }

    /// Keep the error underneath (reqwest's, serde's) as the source.
    pub fn with_source(mut self, source: impl std::error::Error + Send + Sync + 'static) -> Self {
        self.inner.source = Some(std::sync::Arc::new(source));
        self
    }

    /// Mark a write whose request was sent but whose answer was lost (a timeout, a
    /// dropped connection): it may have been applied, and the message says so.
    pub fn with_maybe_applied(mut self) -> Self {
        if !self.inner.maybe_applied {
            self.inner.maybe_applied = true;
            self.inner.message.push_str(
                " (the request was sent and may have been applied: the outcome is unknown; \
                 read the record back, and for a create look it up, before trying again)",
            );
        }
        self
    }

    /// Say how many attempts the client made (the first try and its retries and
    /// waits); from 2 on, the message says so too.
    pub fn with_attempts(mut self, attempts: u32) -> Self {
        if self.inner.attempts.is_none() {
            self.inner.attempts = Some(attempts);
            if attempts > 1 {
                self.inner
                    .message
                    .push_str(&format!(" (after {attempts} attempts)"));
            }
        }
        self
    }

    /// How many attempts the client made before this error (`None` when it did not
    /// come from the client).
    pub fn attempts(&self) -> Option<u32> {
        self.inner.attempts
    }

    /// True for a write whose request was sent but whose answer was lost: it may have
    /// been applied. False when the request never left (nothing was written).
    pub fn maybe_applied(&self) -> bool {
        self.inner.maybe_applied
    }

    /// The platform whose answer (or whose request) failed, when known.
    pub fn platform(&self) -> Option<&'static str> {
        self.inner.platform
    }

    /// Invalid input in `field`, raised before any request leaves.
    pub fn invalid_input(field: impl Into<String>, message: impl fmt::Display) -> Self {
        let field = field.into();
        let message = format!("invalid `{field}`: {message}");
        Error::new(ErrorKind::InvalidInput { field }, message)
    }

    /// A transport failure (connection, TLS, timeout).
    pub fn transport(message: impl Into<String>, timeout: bool) -> Self {
        Error::new(ErrorKind::Transport { timeout }, message)
    }

    /// A body that did not decode, at JSON `path`.
    pub fn decode(path: impl Into<String>, message: impl fmt::Display, body: &[u8]) -> Self {
        let path = path.into();
        let excerpt = excerpt(body);
        let shown_path = if path.is_empty() || path == "." {
            "(root)"
        } else {
            &path
        };
        let message =
            format!("could not decode the response at `{shown_path}`: {message}; body starts with: {excerpt}");
        Error::from_inner(ErrorInner {
            kind: ErrorKind::Decode { path },
            message,
            status: None,
            body_excerpt: Some(excerpt),
            platform: None,
            maybe_applied: false,
            attempts: None,
            source: None,
        })
    }

    /// Attach the HTTP status.
    pub fn with_status(mut self, status: u16) -> Self {
        self.inner.status = Some(status);
        self
    }

    /// What kind of error this is.
    pub fn kind(&self) -> &ErrorKind {
        &self.inner.kind
    }

    /// A stable snake_case code for the kind.
    pub fn code(&self) -> &'static str {
        self.inner.kind.code()
    }

    /// The human-readable message (also the `Display`).
    pub fn message(&self) -> &str {
        &self.inner.message
    }

    /// The HTTP status, when the error came from a response.
    pub fn status(&self) -> Option<u16> {
        self.inner.status
    }

    /// The start of the response body, when the error came from a response.
    pub fn body_excerpt(&self) -> Option<&str> {
        self.inner.body_excerpt.as_deref()
    }

    /// Field errors of an [`ErrorKind::Unprocessable`] error (empty otherwise).
    pub fn field_errors(&self) -> Option<&FieldErrors> {
        match &self.inner.kind {
            ErrorKind::Unprocessable { field_errors } => Some(field_errors),
            _ => None,
        }
    }

    /// True for a transport failure that was the per-request timeout (no answer in
    /// time); false for every other error.
    pub fn is_timeout(&self) -> bool {
        matches!(self.inner.kind, ErrorKind::Transport { timeout: true })
    }

    /// What the server said about waiting, for a [`ErrorKind::RateLimited`] error.
    pub fn retry_after(&self) -> Option<&RetryAfter> {
        match &self.inner.kind {
            ErrorKind::RateLimited { retry_after } => retry_after.as_ref(),
            _ => None,
        }
    }

    /// True for errors that a retry of an idempotent request may cure (502, 503,
    /// 504 and transport failures).
    pub fn is_transient(&self) -> bool {
        match self.inner.kind {
            ErrorKind::Transport { .. } => true,
            ErrorKind::Server => matches!(self.inner.status, Some(502..=504)),
            _ => false,
        }
    }

    /// Build the error for a response whose status is not a success.
    ///
    /// Reads the vendors' error bodies: `{"error": "..."}`, `{"errors": {field: [..]}}`,
    /// `{"error": {field: [..]}}`, `{"message": ".."}`, `{"error_description": ".."}`.
    pub fn from_response(response: &HttpResponse) -> Self {
        let status = response.status;
        let body: Option<serde_json::Value> = serde_json::from_slice(&response.body).ok();
        let server_message = body.as_ref().and_then(server_message);
        let field_errors = body.as_ref().map(collect_field_errors).unwrap_or_default();
        let (kind, label) = match status {
            401 => (ErrorKind::Unauthorized, "unauthorized"),
            403 => (ErrorKind::Forbidden, "forbidden"),
            404 => (ErrorKind::NotFound, "not found"),
            429 => (
                ErrorKind::RateLimited {
                    retry_after: retry_after_from_headers(response),
                },
                "rate limited",
            ),
            422 => (
                ErrorKind::Unprocessable {
                    field_errors: field_errors.clone(),
                },
                "unprocessable",
            ),
            400 if !field_errors.is_empty() => (
                ErrorKind::Unprocessable {
                    field_errors: field_errors.clone(),
                },
                "unprocessable",
            ),
            500..=599 => (ErrorKind::Server, "server error"),
            _ => (ErrorKind::UnexpectedStatus, "unexpected status"),
        };
        let mut message = format!("{label} (HTTP {status})");
        if let Some(m) = &server_message {
            message.push_str(": ");
            message.push_str(m);
        }
        if matches!(kind, ErrorKind::Unprocessable { .. }) && !field_errors.is_empty() {
            message.push_str(" [");
            message.push_str(&field_errors_text(&field_errors));
            message.push(']');
        }
        let excerpt = excerpt(&response.body);
        Error::from_inner(ErrorInner {
            kind,
            message,
            status: Some(status),
            body_excerpt: if excerpt.is_empty() {
                None
            } else {
                Some(excerpt)
            },
            platform: None,
            maybe_applied: false,
            attempts: None,
            source: None,
        })
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.inner.message)
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.inner
            .source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

/// The start of a body, cut on a character boundary, for error messages.
pub fn excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let text = text.trim();
    match text.char_indices().nth(BODY_EXCERPT_CHARS) {
        Some((i, _)) => format!("{}...", &text[..i]),
        None => text.to_string(),
    }
}

fn server_message(body: &serde_json::Value) -> Option<String> {
    for key in ["error", "message", "error_description", "errorMessage"] {
        if let Some(serde_json::Value::String(s)) = body.get(key) {
            return Some(s.clone());
        }
    }
    None
}

fn collect_field_errors(body: &serde_json::Value) -> FieldErrors {
    let mut out = FieldErrors::new();
    for key in ["errors", "error"] {
        if let Some(serde_json::Value::Object(map)) = body.get(key) {
            for (field, v) in map {
                out.get_or_insert_with(field.clone(), Vec::new)
                    .extend(messages_of(v));
            }
        }
    }
    // `{"error": "found unpermitted parameters: :language, :foo"}`
    if let Some(serde_json::Value::String(s)) = body.get("error") {
        if let Some(rest) = s.strip_prefix("found unpermitted parameters:") {
            for name in rest.split(',') {
                let name = name.trim().trim_start_matches(':');
                if !name.is_empty() {
                    out.get_or_insert_with(name.to_string(), Vec::new)
                        .push("is not a permitted parameter".to_string());
                }
            }
        }
    }
    out
}

/// Field errors as one line: `points must be a number; comment is too long, ...`.
pub(crate) fn field_errors_text(errors: &FieldErrors) -> String {
    let fields: Vec<String> = errors
        .iter()
        .map(|(k, v)| format!("{k} {}", v.join(", ")))
        .collect();
    fields.join("; ")
}

/// The messages of one field-error value (`["a", "b"]`, `"a"`, `{...}`).
pub(crate) fn messages_of(v: &serde_json::Value) -> Vec<String> {
    // Another value as its compact JSON text, by serde_json's writer into a `Vec`
    // (not `to_string()`: `Value`'s `Display` is a second writer on wasm32).
    let text = |v: &serde_json::Value| match v {
        serde_json::Value::String(s) => s.clone(),
        other => serde_json::to_string(other).unwrap_or_default(),
    };
    match v {
        serde_json::Value::Array(items) => items.iter().map(text).collect(),
        serde_json::Value::Null => vec![],
        other => vec![text(other)],
    }
}

/// Field errors from a per-item `error`/`errors` value of a bulk answer.
pub(crate) fn field_errors_of(v: Option<&serde_json::Value>) -> (FieldErrors, Option<String>) {
    let mut out = FieldErrors::new();
    match v {
        Some(serde_json::Value::Object(map)) => {
            for (field, v) in map {
                out.get_or_insert_with(field.clone(), Vec::new)
                    .extend(messages_of(v));
            }
            (out, None)
        }
        Some(serde_json::Value::String(s)) => (out, Some(s.clone())),
        Some(serde_json::Value::Array(items)) => {
            let msgs: Vec<String> = items.iter().flat_map(messages_of).collect();
            if !msgs.is_empty() {
                out.insert("base".to_string(), msgs);
            }
            (out, None)
        }
        _ => (out, None),
    }
}

/// `Retry-After` (seconds or HTTP date) or `X-RateLimit-Reset` (a datetime such as
/// `2021-10-28 01:29:40 UTC`, or epoch seconds).
pub fn retry_after_from_headers(response: &HttpResponse) -> Option<RetryAfter> {
    if let Some(v) = response.header("retry-after") {
        let v = v.trim();
        if let Ok(seconds) = v.parse::<u64>() {
            return Some(RetryAfter::Seconds { seconds });
        }
        if let Some(f) = crate::float::parse_f64(v) {
            if f.is_finite() && f >= 0.0 {
                return Some(RetryAfter::Seconds {
                    seconds: f.ceil() as u64,
                });
            }
        }
        return Some(RetryAfter::At {
            raw: v.to_string(),
            unix_seconds: parse_reset_datetime(v),
        });
    }
    let v = response
        .header("x-ratelimit-reset")
        .or_else(|| response.header("x-rate-limit-reset"))?
        .trim();
    Some(RetryAfter::At {
        raw: v.to_string(),
        unix_seconds: parse_reset_datetime(v),
    })
}

/// Parse a reset time: `2021-10-28 01:29:40 UTC`, RFC 3339, an HTTP date
/// (`Thu, 28 Oct 2021 01:29:40 GMT`) or epoch seconds.
pub fn parse_reset_datetime(v: &str) -> Option<i64> {
    let v = v.trim();
    if let Ok(n) = v.parse::<i64>() {
        // Large numbers are epoch seconds; small ones would be a delay, handled by
        // the caller as Retry-After seconds.
        return Some(n);
    }
    if let Some(rest) = v.strip_suffix(" UTC").or_else(|| v.strip_suffix(" GMT")) {
        if let Some(c) = crate::datetime::civil(rest.trim()) {
            return Some(c.unix_seconds());
        }
    }
    if let Some(i) = crate::datetime::instant(v) {
        return Some(i.unix_seconds());
    }
    crate::datetime::rfc2822(v)
}

#[cfg(test)]
mod reset_tests {
    use super::parse_reset_datetime;

    #[test]
    fn reset_times_in_every_form_read_the_same() {
        for v in [
            "2021-10-28 01:29:40 UTC",
            "2021-10-28T01:29:40Z",
            "2021-10-28T03:29:40+02:00",
            "Thu, 28 Oct 2021 01:29:40 GMT",
            "Thu, 28 Oct 2021 03:29:40 +0200",
            " 1635384580 ",
        ] {
            assert_eq!(parse_reset_datetime(v), Some(1_635_384_580), "{v}");
        }
        for v in ["", "soon", "Thu, 32 Oct 2021 01:29:40 GMT"] {
            assert_eq!(parse_reset_datetime(v), None, "{v}");
        }
    }
}
