//! reqwest behind one `send`: the only place that touches the network.

use std::time::Duration;

use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse};

pub(crate) struct Transport {
    http: reqwest::Client,
}

impl Transport {
    pub(crate) fn new() -> Result<Self, Error> {
        #[cfg(not(target_arch = "wasm32"))]
        let http = reqwest::Client::builder()
            // The token is a custom header that reqwest would carry across a
            // redirect to another host: follow none.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| Error::transport(format!("cannot build the HTTP client: {e}"), false))?;
        #[cfg(target_arch = "wasm32")]
        let http = reqwest::Client::new();
        Ok(Transport { http })
    }

    /// Send; on failure also say whether the connection never opened (nothing sent).
    pub(crate) async fn send(
        &self,
        request: &HttpRequest,
        timeout: Duration,
    ) -> Result<HttpResponse, (Error, bool)> {
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
        let response = builder.send().await.map_err(|e| to_error(&e))?;
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
        let body = response.bytes().await.map_err(|e| to_error(&e))?.to_vec();
        Ok(HttpResponse {
            status,
            headers,
            body,
        })
    }
}

fn to_error(e: &reqwest::Error) -> (Error, bool) {
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
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        message.push_str(": ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    (Error::transport(message, timeout), connect && !timeout)
}
