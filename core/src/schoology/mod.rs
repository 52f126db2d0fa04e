//! Schoology v1: sections' assignments, grade items, grades, grading scales,
//! enrollments and users, signed with OAuth 1.0a.
//!
//! [`SchoologyConfig`] holds the base URL and the consumer key and secret (and, for
//! three-legged access, the user's token and token secret); each operation is a
//! struct in [`ops`] implementing [`crate::Endpoint`]. Requests are signed with
//! HMAC-SHA1 (default) or PLAINTEXT by the `oauth1-request` crate, from the nonce and
//! timestamp of the [`AuthContext`] (a client supplies fresh ones per request).

use std::fmt;

use crate::weburl::WebUrl;
use secrecy::{ExposeSecret, SecretString};

use crate::error::Error;
use crate::http::{HttpRequest, RequestSpec};
use crate::platform::{AuthContext, AuthScheme, Platform, RateLimit};

pub mod models;
pub mod ops;

pub use models::*;
pub use ops::*;

crate::operations! {
    platform: SchoologyConfig;
    /// A section's assignments.
    paged assignments(section_id: i64; with_attachments, with_tags, with_dropbox_stats) => Assignments;
    /// A section's grade items (anything gradable: assignments, discussions, ...).
    paged grade_items(section_id: i64; with_attachments, with_tags) => GradeItems;
    /// One assignment.
    single get_assignment(section_id: i64, assignment_id: i64; with_attachments, with_tags) => GetAssignment;
    /// Create an assignment (`title` required; never retried).
    single create_assignment(section_id: i64, assignment: AssignmentInput) => CreateAssignment;
    /// Change an assignment: only the fields set are sent.
    single update_assignment(section_id: i64, assignment_id: i64, changes: AssignmentInput) => UpdateAssignment;
    /// Delete an assignment (cannot be undone).
    single delete_assignment(section_id: i64, assignment_id: i64) => DeleteAssignment;
    /// A section's grades (of one assignment or enrollment, or changed since a
    /// time, when given).
    single grades(section_id: i64; assignment_id, enrollment_id, timestamp) => Grades;
    /// Write grades, in requests of at most 50; one outcome per grade, in input
    /// order (a partial failure is data, never an exception).
    batched update_grades(section_id: i64, grades: Vec<GradeInput>) => UpdateGrades;
    /// A section's grading scales.
    single grading_scales(section_id: i64) => GradingScales;
    /// A section's enrollments (students and teachers).
    paged enrollments(section_id: i64; uid, enrollment_status) => Enrollments;
    /// One user (with `primary_email` and `school_uid`).
    single get_user(uid: i64) => GetUser;
}

/// The default base URL.
pub const DEFAULT_BASE_URL: &str = "https://api.schoology.com/v1";

/// The largest `limit` Schoology accepts: lists are read 200 records a page.
pub const MAX_LIMIT: u32 = 200;

/// The most items a Schoology bulk write takes.
pub const MAX_BULK: usize = 50;

/// How requests are signed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SignatureMethod {
    /// HMAC-SHA1 (the default, and Schoology's recommendation).
    #[default]
    HmacSha1,
    /// PLAINTEXT: the secrets themselves, so only over HTTPS (or loopback).
    Plaintext,
}

impl std::str::FromStr for SignatureMethod {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        match s.trim().to_ascii_uppercase().replace('_', "-").as_str() {
            "HMAC-SHA1" => Ok(SignatureMethod::HmacSha1),
            "PLAINTEXT" => Ok(SignatureMethod::Plaintext),
            _ => Err(Error::invalid_input(
                "signature_method",
                format!("`{s}` is not a signature method; known: HMAC-SHA1, PLAINTEXT"),
            )),
        }
    }
}

/// Where and as whom to call Schoology. Two-legged (the consumer key and secret,
/// with `oauth_token=""`) unless a user's access token and token secret are given
/// (three-legged). Secrets are masked in `Debug`.
#[derive(Clone)]
pub struct SchoologyConfig {
    base_url: WebUrl,
    consumer_key: String,
    consumer_secret: SecretString,
    token: Option<(String, SecretString)>,
    signature_method: SignatureMethod,
    oauth_version: bool,
}

impl fmt::Debug for SchoologyConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SchoologyConfig")
            .field("base_url", &self.base_url.as_str())
            .field("consumer_key", &self.consumer_key)
            .field("consumer_secret", &"[redacted]")
            .field("token", &self.token.as_ref().map(|_| "[redacted]"))
            .field("signature_method", &self.signature_method)
            .finish()
    }
}

impl SchoologyConfig {
    /// A two-legged config for <https://api.schoology.com/v1>.
    pub fn new(consumer_key: impl Into<String>, consumer_secret: impl Into<String>) -> Self {
        SchoologyConfig {
            base_url: crate::platform::literal_url(DEFAULT_BASE_URL),
            consumer_key: consumer_key.into(),
            consumer_secret: SecretString::from(consumer_secret.into()),
            token: None,
            signature_method: SignatureMethod::HmacSha1,
            oauth_version: true,
        }
    }

    /// Send `oauth_version="1.0"` (the default; the parameter is optional in RFC
    /// 5849, whose examples leave it out).
    pub fn with_oauth_version(mut self, send: bool) -> Self {
        self.oauth_version = send;
        self
    }

    /// Act as a user: sign with their access token and token secret (three-legged).
    pub fn with_token(mut self, token: impl Into<String>, token_secret: impl Into<String>) -> Self {
        self.token = Some((token.into(), SecretString::from(token_secret.into())));
        self
    }

    /// Sign with PLAINTEXT or HMAC-SHA1.
    pub fn with_signature_method(mut self, method: SignatureMethod) -> Self {
        self.signature_method = method;
        self
    }

    /// Use another base URL (the sandbox, a proxy): `https://`, or `http://` on a
    /// loopback host only.
    pub fn with_base_url(mut self, base_url: &str) -> Result<Self, Error> {
        self.base_url = crate::platform::parse_base_url(base_url)?;
        Ok(self)
    }

    /// The `Authorization` header value for a request (`method`, full `url` with
    /// its query), signed with `auth`'s nonce and timestamp.
    pub fn authorization(
        &self,
        method: &str,
        url: &str,
        auth: &AuthContext,
    ) -> Result<String, Error> {
        self.check_credentials()?;
        if auth.nonce.is_empty() {
            return Err(Error::invalid_input(
                "nonce",
                "a signed request needs a nonce (a client supplies one per request)",
            ));
        }
        let timestamp = std::num::NonZeroU64::new(auth.timestamp).ok_or_else(|| {
            Error::invalid_input(
                "timestamp",
                "a signed request needs a timestamp (seconds since 1970)",
            )
        })?;
        let url = WebUrl::parse(url).map_err(|e| Error::invalid_input("url", e))?;
        // The base string URI: the request's own scheme, host, port (when not the
        // default) and path; the query goes in as parameters.
        let base_uri = url.without_query();
        let params = crate::weburl::form_pairs(url.query().unwrap_or(""));
        let params = oauth1_request::ParameterList::new(params);
        let (token, token_secret) = match &self.token {
            Some((t, s)) => (t.as_str(), s.expose_secret()),
            // Two-legged: Schoology expects `oauth_token=""`.
            None => ("", ""),
        };
        let token = oauth1_request::Token::from_parts(
            self.consumer_key.as_str(),
            self.consumer_secret.expose_secret(),
            token,
            token_secret,
        );
        let header = match self.signature_method {
            SignatureMethod::HmacSha1 => {
                let mut b =
                    oauth1_request::Builder::with_token(token, oauth1_request::HmacSha1::new());
                b.nonce(auth.nonce.as_str())
                    .timestamp(timestamp)
                    .version(self.oauth_version);
                b.authorize(method, base_uri, &params)
            }
            SignatureMethod::Plaintext => {
                let mut b =
                    oauth1_request::Builder::with_token(token, oauth1_request::Plaintext::new());
                b.nonce(auth.nonce.as_str())
                    .timestamp(timestamp)
                    .version(self.oauth_version);
                encode_plaintext_signature(b.authorize(method, base_uri, &params))
            }
        };
        // oauth1-request writes no realm; Schoology's header carries one (the realm
        // is not part of the signature, RFC 5849 section 3.4.1.3.1).
        Ok(match header.strip_prefix("OAuth ") {
            Some(rest) => format!("OAuth realm=\"Schoology API\",{rest}"),
            None => header,
        })
    }
}

/// oauth1-request 0.6 writes a PLAINTEXT signature into the header as it is
/// (`secret&token_secret`, already encoded once); RFC 5849 section 3.5.1 encodes every
/// header value, so that `&` and `%` survive (section 3.4.4's example:
/// `oauth_signature="ja893SD9%26xyz4992k83j47x0b"`). Encode it here.
fn encode_plaintext_signature(header: String) -> String {
    const KEY: &str = "oauth_signature=\"";
    let Some(at) = header.find(KEY) else {
        return header;
    };
    let start = at + KEY.len();
    let Some(len) = header[start..].find('"') else {
        return header;
    };
    let mut out = String::with_capacity(header.len() + 8);
    out.push_str(&header[..start]);
    // RFC 3986's unreserved characters stay; every other byte is `%XX`.
    crate::weburl::encode_into(&mut out, &header[start..start + len], |b| {
        !(b.is_ascii_alphanumeric() || b"-._~".contains(&b))
    });
    out.push_str(&header[start + len..]);
    out
}

impl Platform for SchoologyConfig {
    const ID: &'static str = "schoology";
    const NAME: &'static str = "Schoology";
    // Schoology documents no fixed limit: none is kept, and a 429 is waited out
    // (its Retry-After, or backoff) and the announced limit learned.
    const REQUESTS_PER_MINUTE: Option<u32> = None;
    const SETTINGS: &'static [crate::platform::Setting] = &[
        crate::platform::Setting {
            name: "consumer_key",
            required: true,
            secret: false,
            doc: "The API consumer key (Schoology: your profile > API Credentials).",
        },
        crate::platform::Setting {
            name: "consumer_secret",
            required: true,
            secret: true,
            doc: "The API consumer secret.",
        },
        crate::platform::Setting {
            name: "token",
            required: false,
            secret: true,
            doc: "A user's OAuth access token (three-legged); two-legged without it.",
        },
        crate::platform::Setting {
            name: "token_secret",
            required: false,
            secret: true,
            doc: "The access token's secret (with token).",
        },
        crate::platform::Setting {
            name: "signature_method",
            required: false,
            secret: false,
            doc: "HMAC-SHA1 (default) or PLAINTEXT (HTTPS only).",
        },
    ];

    /// `{"consumer_key", "consumer_secret", "token"?, "token_secret"?,
    /// "signature_method"?, "base_url"?}`.
    fn from_settings(settings: serde_json::Value) -> Result<Self, Error> {
        #[gradebridge_macros::reader]
        #[derive(serde::Deserialize)]
        struct Settings {
            consumer_key: String,
            consumer_secret: String,
            #[serde(default)]
            token: Option<String>,
            #[serde(default)]
            token_secret: Option<String>,
            #[serde(default)]
            signature_method: Option<String>,
            #[serde(default)]
            base_url: Option<String>,
        }
        let s: Settings = crate::input::from_value_strict(settings, "")?;
        let mut config = SchoologyConfig::new(s.consumer_key, s.consumer_secret);
        match (s.token, s.token_secret) {
            (Some(t), Some(ts)) => config = config.with_token(t, ts),
            (Some(_), None) => {
                return Err(Error::invalid_input(
                    "token_secret",
                    "is required with token",
                ))
            }
            (None, Some(_)) => {
                return Err(Error::invalid_input(
                    "token",
                    "is required with token_secret",
                ))
            }
            (None, None) => {}
        }
        if let Some(m) = s.signature_method {
            config = config.with_signature_method(m.parse()?);
        }
        if let Some(url) = s.base_url {
            config = config.with_base_url(&url)?;
        }
        Ok(config)
    }

    fn base_url(&self) -> &str {
        self.base_url.as_str().trim_end_matches('/')
    }

    fn set_base_url(&mut self, base_url: &str) -> Result<(), Error> {
        self.base_url = crate::platform::parse_base_url(base_url)?;
        Ok(())
    }

    fn auth(&self) -> AuthScheme {
        AuthScheme::Signed
    }

    fn check_credentials(&self) -> Result<(), Error> {
        crate::platform::check_printable("consumer_key", &self.consumer_key)?;
        crate::platform::check_printable("consumer_secret", self.consumer_secret.expose_secret())?;
        if let Some((t, s)) = &self.token {
            crate::platform::check_printable("token", t)?;
            crate::platform::check_printable("token_secret", s.expose_secret())?;
        }
        Ok(())
    }

    fn authorize(&self, spec: RequestSpec, auth: &AuthContext) -> Result<HttpRequest, Error> {
        let url = crate::platform::url_for(Platform::base_url(self), &spec);
        let authorization = self.authorization(spec.method.as_str(), &url, auth)?;
        let mut headers = vec![
            ("accept".to_string(), "application/json".to_string()),
            ("authorization".to_string(), authorization),
        ];
        let body = match spec.body {
            Some(v) => Some(crate::platform::json_body(&mut headers, &v)?),
            None => None,
        };
        Ok(HttpRequest {
            method: spec.method,
            url,
            headers,
            body,
        })
    }

    fn announced_limit(&self, response: &crate::HttpResponse) -> Option<RateLimit> {
        crate::platform::limit_from_headers(response, "x-ratelimit-limit", "x-ratelimit-period")
    }
}
