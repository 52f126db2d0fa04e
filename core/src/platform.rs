//! The platform seam: everything that differs between the gradebook APIs, declared
//! once per platform.
//!
//! | concern | where it is declared |
//! |---|---|
//! | base URL and hosts | [`Platform::base_url`], [`Platform::set_base_url`] |
//! | authentication | [`Platform::authorize`] (a header token, a signature from the [`AuthContext`]'s nonce and timestamp, or the client's bearer token) and [`Platform::auth`] |
//! | OAuth2 token | [`Platform::token_request`], [`Platform::parse_token`] (only for [`AuthScheme::Bearer`]) |
//! | paging cursor | each list operation's [`crate::Paged::next`], with the platform's helper (ManageBac: [`crate::managebac::next_page`]) |
//! | rate-limit headers | [`Platform::announced_limit`], [`Platform::default_rate_limit`] |
//! | error bodies | [`Platform::error`] |
//!
//! Every operation names its platform ([`crate::Endpoint::Platform`]), so a client of
//! one platform cannot be handed an operation of another. The core stays pure: a
//! signature's nonce and timestamp and a bearer token come in through
//! [`AuthContext`], supplied by the client (or by a sans-IO caller).

use std::fmt;
use std::time::Duration;

use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse, RequestSpec};
use crate::weburl::WebUrl;

/// A request limit: at most `requests` in any `period`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    /// Requests allowed in a period.
    pub requests: u32,
    /// The period.
    pub period: Duration,
}

impl RateLimit {
    /// `requests` a minute.
    pub const fn per_minute(requests: u32) -> Self {
        RateLimit {
            requests,
            period: Duration::from_secs(60),
        }
    }
}

/// One setting of a platform's client (a credential or an option), as the bindings'
/// constructors take it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Setting {
    /// The name (snake_case; camelCase in JS).
    pub name: &'static str,
    /// Must be given.
    pub required: bool,
    /// A credential: never shown in a repr, a log or an error.
    pub secret: bool,
    /// What it is.
    pub doc: &'static str,
}

/// How a platform authenticates, so that a client knows what to supply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthScheme {
    /// A credential that is the same on every request (ManageBac's `auth-token`).
    Static,
    /// A per-request signature from a fresh nonce and a timestamp (OAuth 1.0a).
    Signed,
    /// A bearer token that the client obtains with [`Platform::token_request`] and
    /// renews before it expires (OAuth2 client credentials).
    Bearer,
}

/// What a client supplies when a request is built: the parts of authentication that
/// need randomness, a clock or an earlier request. Built by the client; a sans-IO
/// caller builds it with [`AuthContext::new`].
#[derive(Clone, Default, PartialEq, Eq)]
pub struct AuthContext {
    /// A value used once (OAuth 1.0a `oauth_nonce`).
    pub nonce: String,
    /// Seconds since the Unix epoch (OAuth 1.0a `oauth_timestamp`).
    pub timestamp: u64,
    /// The bearer token of an OAuth2 platform.
    pub bearer: Option<String>,
}

impl fmt::Debug for AuthContext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuthContext")
            .field("nonce", &self.nonce)
            .field("timestamp", &self.timestamp)
            .field("bearer", &self.bearer.as_ref().map(|_| "[redacted]"))
            .finish()
    }
}

impl AuthContext {
    /// A context with `nonce` and `timestamp` and no bearer token.
    pub fn new(nonce: impl Into<String>, timestamp: u64) -> Self {
        AuthContext {
            nonce: nonce.into(),
            timestamp,
            bearer: None,
        }
    }

    /// Add the bearer token.
    pub fn with_bearer(mut self, token: impl Into<String>) -> Self {
        self.bearer = Some(token.into());
        self
    }
}

/// An OAuth2 access token as a token endpoint answered it. `Debug` masks it.
#[derive(Clone, PartialEq, Eq)]
pub struct BearerToken {
    /// The access token.
    pub access_token: String,
    /// Seconds it stays valid, when the server said.
    pub expires_in: Option<u64>,
}

impl fmt::Debug for BearerToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BearerToken")
            .field("access_token", &"[redacted]")
            .field("expires_in", &self.expires_in)
            .finish()
    }
}

/// One gradebook API: where it lives, how it authenticates, what its limits and
/// error bodies look like. Implemented by each platform's config type (for
/// ManageBac, [`crate::managebac::ManageBacConfig`]); its `Debug` never shows a
/// credential.
pub trait Platform: fmt::Debug + Clone + Send + Sync + 'static {
    /// Stable snake_case id (`managebac`), the `platform` of errors and of the
    /// operation registry.
    const ID: &'static str;

    /// The name of its client class in Python and JS (`ManageBac`).
    const NAME: &'static str;

    /// The settings its client takes besides the shared ones (base URL, timeout,
    /// retries, rate limit): the credentials, read by [`Platform::from_settings`].
    const SETTINGS: &'static [Setting];

    /// The platform's config from its settings as JSON (`{"token": ..}`); unknown
    /// keys are refused, naming the key.
    fn from_settings(settings: serde_json::Value) -> Result<Self, Error>;

    /// The base URL, without a trailing slash.
    fn base_url(&self) -> &str;

    /// Use another base URL (a regional host, the sandbox).
    fn set_base_url(&mut self, base_url: &str) -> Result<(), Error>;

    /// How the platform authenticates.
    fn auth(&self) -> AuthScheme;

    /// Check the credentials' form, so a bad one fails before any request.
    fn check_credentials(&self) -> Result<(), Error>;

    /// Build the request for `spec`: base URL, query, credentials, body.
    fn authorize(&self, spec: RequestSpec, auth: &AuthContext) -> Result<HttpRequest, Error>;

    /// The documented request limit a client keeps to by default, per minute
    /// (`None`: none is documented; the client waits out 429s).
    const REQUESTS_PER_MINUTE: Option<u32> = None;

    /// The client-side limit a client starts with.
    fn default_rate_limit(&self) -> Option<RateLimit> {
        Self::REQUESTS_PER_MINUTE.map(RateLimit::per_minute)
    }

    /// The limit a response's headers announce, if they do.
    fn announced_limit(&self, response: &HttpResponse) -> Option<RateLimit>;

    /// The error for a response whose status is not a success.
    fn error(&self, response: &HttpResponse) -> Error {
        Error::from_response(response).with_platform(Self::ID)
    }

    /// The request for a new bearer token ([`AuthScheme::Bearer`] platforms only).
    fn token_request(&self) -> Result<HttpRequest, Error> {
        Err(Error::invalid_input(
            "auth",
            format!("{} does not use bearer tokens", Self::ID),
        ))
    }

    /// Read the token endpoint's answer ([`AuthScheme::Bearer`] platforms only).
    fn parse_token(&self, response: &HttpResponse) -> Result<BearerToken, Error> {
        Err(self.error(response))
    }
}

/// Build `endpoint`'s request on `platform`: validate, then authorize. The one path
/// from an operation to a request, for clients and sans-IO callers alike.
pub fn build_request<E>(
    platform: &E::Platform,
    endpoint: &E,
    auth: &AuthContext,
) -> Result<HttpRequest, Error>
where
    E: crate::Endpoint + ?Sized,
{
    let spec = endpoint.spec()?;
    platform.authorize(spec, auth)
}

/// Turn a spec's path and query into a URL on `base_url`.
pub fn url_for(base_url: &str, spec: &RequestSpec) -> String {
    let mut url = format!("{}{}", base_url.trim_end_matches('/'), spec.path);
    if !spec.query.is_empty() {
        url.push('?');
        url.push_str(&crate::weburl::form_encode(
            spec.query.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        ));
    }
    url
}

/// Read a rate limit from a limit header and a period header in seconds (ManageBac:
/// `X-RateLimit-Limit` / `X-RateLimit-Period`; Blackboard: `X-Rate-Limit-*`).
pub fn limit_from_headers(
    response: &HttpResponse,
    limit_header: &str,
    period_header: &str,
) -> Option<RateLimit> {
    let requests = response
        .header(limit_header)
        .and_then(|v| v.trim().parse::<u32>().ok())?;
    let period = response
        .header(period_header)
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map(Duration::from_secs)?;
    if requests == 0 || period.is_zero() {
        return None;
    }
    Some(RateLimit { requests, period })
}

/// Check a credential's form: not empty, printable ASCII without spaces.
pub(crate) fn check_printable(field: &str, value: &str) -> Result<(), Error> {
    if value.trim().is_empty() {
        return Err(Error::invalid_input(field, "must not be empty"));
    }
    if !value.bytes().all(|b| (0x21..0x7f).contains(&b)) {
        return Err(Error::invalid_input(
            field,
            "must be printable ASCII without spaces (was it pasted with a newline?)",
        ));
    }
    Ok(())
}

/// Serialize a JSON body and add its content type.
pub(crate) fn json_body(
    headers: &mut Vec<(String, String)>,
    v: &serde_json::Value,
) -> Result<Vec<u8>, Error> {
    headers.push(("content-type".to_string(), "application/json".to_string()));
    serde_json::to_vec(v)
        .map_err(|e| Error::invalid_input("body", format!("cannot be serialized: {e}")))
}

/// Parse and check a base URL (`https://`, or `http://` on loopback only).
pub fn parse_base_url(base_url: &str) -> Result<WebUrl, Error> {
    // Unicode host names are refused with their ASCII form named
    // (`UrlError::NonAsciiHost`): ICU4X's tables for them were 50 KB of the gzipped
    // wasm module.
    let url = WebUrl::parse(base_url).map_err(|e| Error::invalid_input("base_url", e))?;
    if url.scheme() == "http" && !url.host().is_loopback() {
        return Err(Error::invalid_input(
            "base_url",
            "http:// is only allowed for loopback hosts (localhost, 127.0.0.1, [::1]); use https://",
        ));
    }
    if url.query().is_some() || url.had_fragment() {
        return Err(Error::invalid_input(
            "base_url",
            "must not have a query or fragment",
        ));
    }
    Ok(url)
}

/// A URL from a literal known to be valid (a platform's default host), without a
/// panic path: an invalid literal would give `data:,`.
pub(crate) fn literal_url(literal: &str) -> WebUrl {
    WebUrl::parse(literal)
        .or_else(|_| WebUrl::parse("https://invalid.invalid"))
        .unwrap_or_else(|_| literal_url("https://invalid.invalid"))
}

#[cfg(test)]
mod base_url_tests {
    use super::parse_base_url;
    use crate::ErrorKind;

    #[test]
    fn a_unicode_host_is_refused_with_its_ascii_form_named() {
        let e = parse_base_url("https://bücher.example").unwrap_err();
        assert_eq!(
            e.kind(),
            &ErrorKind::InvalidInput {
                field: "base_url".into()
            }
        );
        assert!(e.message().contains("punycode, xn--"), "{e}");
        let url = parse_base_url("https://xn--bcher-kva.example/api").unwrap();
        assert_eq!(url.host_str(), "xn--bcher-kva.example");
        assert_eq!(
            parse_base_url("https://Learn.School.EDU")
                .unwrap()
                .host_str(),
            "learn.school.edu"
        );
    }
}
