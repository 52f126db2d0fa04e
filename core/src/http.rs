//! Plain HTTP values: what a request builder returns and what a parser takes.

use std::fmt;

use serde::{Deserialize, Serialize};

/// HTTP method of a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Method {
    /// GET
    Get,
    /// POST
    Post,
    /// PUT
    Put,
    /// PATCH
    Patch,
    /// DELETE
    Delete,
}

impl Method {
    /// The method's name, upper case.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Header names whose values are credentials: never shown by `Debug`.
pub const SENSITIVE_HEADERS: &[&str] = &["auth-token", "authorization", "cookie", "x-api-key"];

/// A request ready to send: absolute URL with its query, headers, body bytes.
///
/// Its `Debug` output masks credential headers (`auth-token`, `authorization`).
#[derive(Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// The method.
    pub method: Method,
    /// Absolute URL including the query string.
    pub url: String,
    /// Headers in the order they are sent.
    pub headers: Vec<(String, String)>,
    /// Body bytes (JSON for every gradebridge operation that has a body).
    pub body: Option<Vec<u8>>,
}

impl HttpRequest {
    /// The value of the first header called `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body parsed as JSON, for tests and logs.
    pub fn body_json(&self) -> Option<serde_json::Value> {
        self.body
            .as_ref()
            .and_then(|b| serde_json::from_slice(b).ok())
    }

    /// The path and query part of the URL (`/v2/classes/1/tasks?term_id=2`).
    pub fn path_and_query(&self) -> &str {
        let after_scheme = self.url.find("://").map(|i| i + 3).unwrap_or(0);
        match self.url[after_scheme..].find('/') {
            Some(i) => &self.url[after_scheme + i..],
            None => "/",
        }
    }
}

impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(k, v)| {
                if SENSITIVE_HEADERS.iter().any(|s| k.eq_ignore_ascii_case(s)) {
                    (k.as_str(), "[redacted]")
                } else {
                    (k.as_str(), v.as_str())
                }
            })
            .collect();
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &headers)
            .field("body", &self.body.as_ref().map(|b| redact_body(b)))
            .finish()
    }
}

/// Keys whose values are credentials in a request body: never shown by `Debug`.
pub const SENSITIVE_FIELDS: &[&str] = &[
    "client_secret",
    "password",
    "token",
    "access_token",
    "refresh_token",
    "oauth_token_secret",
];

/// A body as text for `Debug`, with the values of [`SENSITIVE_FIELDS`] masked (JSON
/// objects and `a=b&c=d` forms).
pub fn redact_body(body: &[u8]) -> String {
    if let Ok(mut v) = serde_json::from_slice::<serde_json::Value>(body) {
        fn walk(v: &mut serde_json::Value) {
            match v {
                serde_json::Value::Object(map) => {
                    for (k, val) in map.iter_mut() {
                        if SENSITIVE_FIELDS.iter().any(|s| k.eq_ignore_ascii_case(s)) {
                            *val = serde_json::Value::String("[redacted]".into());
                        } else {
                            walk(val);
                        }
                    }
                }
                serde_json::Value::Array(items) => items.iter_mut().for_each(walk),
                _ => {}
            }
        }
        walk(&mut v);
        // Not `v.to_string()`: `Value`'s `Display` is a second writer on wasm32.
        return serde_json::to_string(&v).unwrap_or_default();
    }
    let text = String::from_utf8_lossy(body);
    text.split('&')
        .map(|pair| match pair.split_once('=') {
            Some((k, _)) if SENSITIVE_FIELDS.iter().any(|s| k.eq_ignore_ascii_case(s)) => {
                format!("{k}=[redacted]")
            }
            _ => pair.to_string(),
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// A response as received: status, headers and body bytes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HttpResponse {
    /// HTTP status code.
    pub status: u16,
    /// Headers as received.
    pub headers: Vec<(String, String)>,
    /// Body bytes.
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// A response with `status` and `body` and no headers.
    pub fn new(status: u16, body: impl Into<Vec<u8>>) -> Self {
        HttpResponse {
            status,
            headers: Vec::new(),
            body: body.into(),
        }
    }

    /// Add a header.
    pub fn with_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// The value of the first header called `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// True for 2xx statuses.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// What an endpoint asks for, before a platform adds its base URL and credentials:
/// method, path (from the API root, starting with `/`), query pairs and JSON body.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestSpec {
    /// The method.
    pub method: Method,
    /// Path from the API root, such as `/v2/classes/1/tasks`.
    pub path: String,
    /// Query pairs, in order, not yet encoded.
    pub query: Vec<(String, String)>,
    /// JSON body, when the operation has one.
    pub body: Option<serde_json::Value>,
}

impl RequestSpec {
    /// A spec for `method` on `path`.
    pub fn new(method: Method, path: impl Into<String>) -> Self {
        RequestSpec {
            method,
            path: path.into(),
            query: Vec::new(),
            body: None,
        }
    }

    /// Add a query pair.
    pub fn query(mut self, key: &str, value: impl ToString) -> Self {
        self.query.push((key.to_string(), value.to_string()));
        self
    }

    /// Add a query pair when `value` is set.
    pub fn query_opt<T: ToString>(self, key: &str, value: Option<T>) -> Self {
        match value {
            Some(v) => self.query(key, v),
            None => self,
        }
    }

    /// Set the JSON body.
    pub fn json(mut self, body: serde_json::Value) -> Self {
        self.body = Some(body);
        self
    }
}
