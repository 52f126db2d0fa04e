//! The transport seam: [`Transport`] sends one request and answers the response.
//! [`ReqwestTransport`] (rustls) is the default on native targets and
//! `FetchTransport` (the platform's `fetch`) on wasm32; a Rust
//! user can bring their own HTTP client by implementing the trait, as oauth2-rs does
//! with its `AsyncHttpClient`.

use std::time::Duration;

use crate::clock::{BoxFuture, MaybeSend, MaybeSync};
use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse};

/// Why a request got no answer.
#[derive(Debug, Clone, PartialEq)]
pub struct TransportError {
    /// The error to report ([`crate::ErrorKind::Transport`]).
    pub error: Error,
    /// True when the connection never opened, so nothing was sent and even a
    /// create may be retried.
    pub connect_failed: bool,
}

/// Sends requests. Implementations follow no redirects (a credential header must
/// not travel to another host) and honour `timeout` for the whole exchange.
pub trait Transport: MaybeSend + MaybeSync + 'static {
    /// Send `request` and read the whole response.
    fn send<'a>(
        &'a self,
        request: &'a HttpRequest,
        timeout: Duration,
    ) -> BoxFuture<'a, Result<HttpResponse, TransportError>>;
}

/// The default transport on native targets: reqwest with rustls. On wasm32 it works
/// too (the browser's fetch underneath), but the default there is `FetchTransport`.
#[derive(Debug, Clone)]
pub struct ReqwestTransport {
    http: reqwest::Client,
}

impl ReqwestTransport {
    /// A transport with its own connection pool.
    pub fn new() -> Result<Self, Error> {
        #[cfg(not(target_arch = "wasm32"))]
        let http = reqwest::Client::builder()
            // A token travels in a header that reqwest would carry across a
            // redirect to another host: follow none.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| {
                Error::transport(format!("cannot build the HTTP client: {e}"), false).with_source(e)
            })?;
        #[cfg(target_arch = "wasm32")]
        let http = reqwest::Client::new();
        Ok(ReqwestTransport { http })
    }

    /// A transport through an HTTP(S) proxy (native targets; on wasm32 the browser
    /// or Node decides, and asking for one is an error).
    pub fn with_proxy(url: &str) -> Result<Self, Error> {
        #[cfg(not(target_arch = "wasm32"))]
        {
            let proxy = reqwest::Proxy::all(url)
                .map_err(|e| Error::invalid_input("proxy", format!("not a proxy URL: {e}")))?;
            let http = reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .proxy(proxy)
                .build()
                .map_err(|e| {
                    Error::transport(format!("cannot build the HTTP client: {e}"), false)
                        .with_source(e)
                })?;
            Ok(ReqwestTransport { http })
        }
        #[cfg(target_arch = "wasm32")]
        {
            let _ = url;
            Err(Error::invalid_input(
                "proxy",
                "a proxy is chosen by the browser or Node, not by gradebridge",
            ))
        }
    }

    /// Use an existing reqwest client (its redirect policy should follow none).
    pub fn from_client(http: reqwest::Client) -> Self {
        ReqwestTransport { http }
    }

    async fn send_inner(
        &self,
        request: &HttpRequest,
        timeout: Duration,
    ) -> Result<HttpResponse, TransportError> {
        let method = match request.method {
            crate::Method::Get => reqwest::Method::GET,
            crate::Method::Post => reqwest::Method::POST,
            crate::Method::Put => reqwest::Method::PUT,
            crate::Method::Patch => reqwest::Method::PATCH,
            crate::Method::Delete => reqwest::Method::DELETE,
        };
        let mut builder = self.http.request(method, &request.url);
        for (k, v) in &request.headers {
            builder = builder.header(k.as_str(), v.as_str());
        }
        if let Some(body) = &request.body {
            builder = builder.body(body.clone());
        }
        builder = builder.timeout(timeout);
        let response = builder.send().await.map_err(to_error)?;
        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            .map(|(k, v)| {
                (
                    k.as_str().to_string(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        let body = response.bytes().await.map_err(to_error)?.to_vec();
        Ok(HttpResponse {
            status,
            headers,
            body,
        })
    }
}

impl Transport for ReqwestTransport {
    fn send<'a>(
        &'a self,
        request: &'a HttpRequest,
        timeout: Duration,
    ) -> BoxFuture<'a, Result<HttpResponse, TransportError>> {
        Box::pin(self.send_inner(request, timeout))
    }
}

fn to_error(e: reqwest::Error) -> TransportError {
    let timeout = e.is_timeout();
    #[cfg(not(target_arch = "wasm32"))]
    let connect = e.is_connect();
    #[cfg(target_arch = "wasm32")]
    let connect = false;
    let what = if timeout {
        "the request timed out"
    } else if connect {
        "could not connect"
    } else {
        "the connection failed"
    };
    // reqwest's message names the URL (never the token, which is a header).
    let mut message = format!("{what}: {e}");
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        message.push_str(": ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    TransportError {
        error: Error::transport(message, timeout).with_source(e),
        connect_failed: connect && !timeout,
    }
}
