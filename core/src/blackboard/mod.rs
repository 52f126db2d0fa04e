//! Blackboard Learn Grades Journey v2: the six incoming endpoints, with Learn's
//! OAuth2 client-credentials token.
//!
//! [`BlackboardConfig`] holds the Learn site's host and the REST application's key
//! and secret; a client asks `/learn/api/public/v1/oauth2/token` for a bearer token
//! (HTTP Basic, `grant_type=client_credentials`), shares it among concurrent calls
//! and renews it before it expires and once on a 401. Each endpoint takes a JSON
//! array and answers one `{status, message, courseId, name}` per item; every write
//! here is [`crate::endpoint::Batched`]: checked whole before anything is sent, sent
//! in chunks, answered with one [`JourneyOutcome`] per item in input order.

use std::fmt;

use crate::weburl::WebUrl;
use secrecy::{ExposeSecret, SecretString};

use crate::error::Error;
use crate::http::{HttpRequest, RequestSpec};
use crate::platform::{AuthContext, AuthScheme, Platform, RateLimit};

pub mod models;
pub mod ops;
pub mod values;

pub use models::*;
pub use ops::*;
pub use values::*;

crate::operations! {
    platform: BlackboardConfig;
    /// Create grading schemas (`gradeSchemasAPI`); one outcome per schema.
    batched create_grade_schemas(schemas: Vec<GradeSchemaInput>) => CreateGradeSchemas;
    /// Create gradable items and grade columns (`gradableItemsAPI`); one outcome per
    /// item.
    batched create_gradable_items(items: Vec<GradableItemInput>) => CreateGradableItems;
    /// Delete grade columns (`gradeColumnDeleteAPI`); one outcome per column.
    batched delete_grade_columns(columns: Vec<ColumnRef>) => DeleteGradeColumns;
    /// Set each course's external grade column (`externalGradeColumnAPI`, Original
    /// courses); one outcome per column.
    batched set_external_grade_columns(columns: Vec<ColumnRef>) => SetExternalGradeColumns;
    /// Create enrollment metadata (`userMetadataAPI`); one outcome per entry.
    batched create_user_metadata(entries: Vec<UserMetadataInput>) => CreateUserMetadata;
    /// Write grade values (`gradeValueAPI`); one outcome per value.
    batched update_grade_values(values: Vec<GradeValueInput>) => UpdateGradeValues;
}

/// The path of the token endpoint on the Learn host.
pub const TOKEN_PATH: &str = "/learn/api/public/v1/oauth2/token";

/// Where the Grades Journey endpoints live on the Learn host.
pub const JOURNEY_PATH: &str = "/learn/api/v2/cc/gradejourney";

/// Items a request carries unless `chunk_size` says otherwise.
pub const DEFAULT_CHUNK_SIZE: u32 = 100;

/// Where and as whom to call Blackboard Learn: the site's host and the REST
/// application's key and secret. The secret is masked in `Debug`.
#[derive(Clone)]
pub struct BlackboardConfig {
    host: WebUrl,
    key: String,
    secret: SecretString,
}

impl fmt::Debug for BlackboardConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BlackboardConfig")
            .field("host", &self.host.as_str())
            .field("key", &self.key)
            .field("secret", &"[redacted]")
            .finish()
    }
}

impl BlackboardConfig {
    /// A config for the Learn site at `host` (`https://learn.school.edu`; `http://`
    /// only for a loopback host).
    pub fn new(
        host: &str,
        key: impl Into<String>,
        secret: impl Into<String>,
    ) -> Result<Self, Error> {
        let host = crate::platform::parse_base_url(host).map_err(|e| rename_field(e, "host"))?;
        Ok(BlackboardConfig {
            host,
            key: key.into(),
            secret: SecretString::from(secret.into()),
        })
    }
}

fn rename_field(e: Error, field: &str) -> Error {
    match e.kind() {
        crate::ErrorKind::InvalidInput { .. } => {
            let msg = e
                .message()
                .split_once(": ")
                .map(|(_, m)| m.to_string())
                .unwrap_or_else(|| e.message().to_string());
            Error::invalid_input(field, msg)
        }
        _ => e,
    }
}

impl Platform for BlackboardConfig {
    const ID: &'static str = "blackboard";
    const NAME: &'static str = "Blackboard";
    const SETTINGS: &'static [crate::platform::Setting] = &[
        crate::platform::Setting {
            name: "host",
            required: true,
            secret: false,
            doc: "The Learn site's base URL (https://learn.school.edu).",
        },
        crate::platform::Setting {
            name: "key",
            required: true,
            secret: false,
            doc: "The REST application's key (Anthology Developer Portal).",
        },
        crate::platform::Setting {
            name: "secret",
            required: true,
            secret: true,
            doc: "The REST application's secret.",
        },
    ];

    /// `{"host", "key", "secret", "base_url"?}` (`base_url` overrides the host, for a
    /// proxy).
    fn from_settings(settings: serde_json::Value) -> Result<Self, Error> {
        #[gradebridge_macros::reader]
        #[derive(serde::Deserialize)]
        struct Settings {
            host: String,
            key: String,
            secret: String,
            #[serde(default)]
            base_url: Option<String>,
        }
        let s: Settings = crate::input::from_value_strict(settings, "")?;
        let mut config = BlackboardConfig::new(&s.host, s.key, s.secret)?;
        if let Some(url) = s.base_url {
            config.set_base_url(&url)?;
        }
        Ok(config)
    }

    fn base_url(&self) -> &str {
        self.host.as_str().trim_end_matches('/')
    }

    fn set_base_url(&mut self, base_url: &str) -> Result<(), Error> {
        self.host = crate::platform::parse_base_url(base_url)?;
        Ok(())
    }

    fn auth(&self) -> AuthScheme {
        AuthScheme::Bearer
    }

    fn check_credentials(&self) -> Result<(), Error> {
        crate::platform::check_printable("key", &self.key)?;
        crate::platform::check_printable("secret", self.secret.expose_secret())
    }

    fn authorize(&self, spec: RequestSpec, auth: &AuthContext) -> Result<HttpRequest, Error> {
        self.check_credentials()?;
        let bearer = auth.bearer.as_deref().ok_or_else(|| {
            Error::invalid_input(
                "bearer",
                "Blackboard needs a bearer token: use a client, or pass one in (bearer=...)",
            )
        })?;
        let url = crate::platform::url_for(Platform::base_url(self), &spec);
        let mut headers = vec![
            ("accept".to_string(), "application/json".to_string()),
            ("authorization".to_string(), format!("Bearer {bearer}")),
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

    // Blackboard's quota is per day (10,000 calls by default, raised on request):
    // none is assumed (REQUESTS_PER_MINUTE stays None); the one its headers announce
    // is kept to.

    /// `X-Rate-Limit-Limit` calls per 24 hours.
    fn announced_limit(&self, response: &crate::HttpResponse) -> Option<RateLimit> {
        let requests = response
            .header("x-rate-limit-limit")
            .and_then(|v| v.trim().parse::<u32>().ok())
            .filter(|n| *n > 0)?;
        Some(RateLimit {
            requests,
            period: std::time::Duration::from_secs(24 * 3600),
        })
    }

    /// POST the token endpoint with HTTP Basic `key:secret` and
    /// `grant_type=client_credentials`.
    fn token_request(&self) -> Result<HttpRequest, Error> {
        use base64::Engine;
        self.check_credentials()?;
        let basic = base64::engine::general_purpose::STANDARD.encode(format!(
            "{}:{}",
            self.key,
            self.secret.expose_secret()
        ));
        Ok(HttpRequest {
            method: crate::Method::Post,
            url: format!("{}{TOKEN_PATH}", Platform::base_url(self)),
            headers: vec![
                ("accept".to_string(), "application/json".to_string()),
                ("authorization".to_string(), format!("Basic {basic}")),
                (
                    "content-type".to_string(),
                    "application/x-www-form-urlencoded".to_string(),
                ),
            ],
            body: Some(b"grant_type=client_credentials".to_vec()),
        })
    }

    /// `{"access_token", "token_type", "expires_in"}`; a refusal (its
    /// `error_description`) is an authentication error.
    fn parse_token(
        &self,
        response: &crate::HttpResponse,
    ) -> Result<crate::platform::BearerToken, Error> {
        if !response.is_success() {
            let body: serde_json::Value =
                serde_json::from_slice(&response.body).unwrap_or_default();
            let why = body
                .get("error_description")
                .or_else(|| body.get("message"))
                .or_else(|| body.get("error"))
                .and_then(|v| v.as_str())
                .map(str::to_string)
                .unwrap_or_else(|| Error::from_response(response).message().to_string());
            let kind = if matches!(response.status, 400 | 401 | 403) {
                crate::ErrorKind::Unauthorized
            } else {
                Error::from_response(response).kind().clone()
            };
            return Err(Error::new(
                kind,
                format!("the token endpoint refused the application's key and secret: {why}"),
            )
            .with_status(response.status)
            .with_platform(Self::ID));
        }
        #[gradebridge_macros::reader]
        #[derive(serde::Deserialize)]
        struct Token {
            access_token: String,
            #[serde(default, deserialize_with = "crate::de::opt_int")]
            expires_in: Option<i64>,
        }
        let t: Token = crate::endpoint::decode_success(response, &[200, 201])?;
        Ok(crate::platform::BearerToken {
            access_token: t.access_token,
            expires_in: t.expires_in.and_then(|s| u64::try_from(s).ok()),
        })
    }
}
