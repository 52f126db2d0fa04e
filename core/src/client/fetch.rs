//! The wasm32 transport: the `fetch` of the browser, worker or Node (18+) the module
//! runs in, called directly.
//!
//! Written here, not taken from reqwest (whose wasm32 client is the same `fetch`
//! underneath, and which [`super::ReqwestTransport`] still offers): reqwest brings
//! the `http` crate's header and status types and tables into the module, 21 KB of
//! the gzipped npm package (470.1 KB with it; see `bindings-wasm/bench/size.mjs`),
//! where `fetch` takes the request as strings and bytes.

use std::time::Duration;

use futures_util::future::{select, Either};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::transport::{Transport, TransportError};
use crate::clock::BoxFuture;
use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse};

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// The global `fetch` (`window`, a worker's `self`, Node's `globalThis`).
    #[wasm_bindgen(js_name = fetch)]
    fn global_fetch(input: &web_sys::Request) -> js_sys::Promise;
}

/// The default transport on wasm32: `fetch`, with an `AbortController` that stops
/// the request when the call's future is dropped (a caller's `AbortSignal`) or its
/// timeout passes. Redirects are `fetch`'s own (the browser drops an
/// `Authorization` header on a redirect to another origin).
#[derive(Debug, Clone, Default)]
pub struct FetchTransport;

impl FetchTransport {
    /// The transport (it holds nothing: each request gets its own controller).
    pub fn new() -> Self {
        FetchTransport
    }
}

/// Aborts the fetch (and its body read) when dropped unfinished; harmless after.
struct AbortOnDrop(web_sys::AbortController);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

impl Transport for FetchTransport {
    fn send<'a>(
        &'a self,
        request: &'a HttpRequest,
        timeout: Duration,
    ) -> BoxFuture<'a, Result<HttpResponse, TransportError>> {
        Box::pin(async move {
            let controller = web_sys::AbortController::new().map_err(|e| failed(request, &e))?;
            let _abort = AbortOnDrop(controller.clone());
            let js_request =
                to_js(request, &controller.signal()).map_err(|e| failed(request, &e))?;
            let exchange = exchange(js_request);
            let millis = u32::try_from(timeout.as_millis()).unwrap_or(u32::MAX);
            let timer = gloo_timers::future::TimeoutFuture::new(millis);
            futures_util::pin_mut!(exchange);
            match select(exchange, timer).await {
                Either::Left((answer, _)) => answer.map_err(|e| failed(request, &e)),
                // Dropping `_abort` stops the fetch.
                Either::Right(_) => Err(TransportError {
                    error: Error::transport(
                        format!(
                            "the request timed out: error sending request for url ({}): \
                             no answer within {} ms",
                            request.url, millis
                        ),
                        true,
                    ),
                    connect_failed: false,
                }),
            }
        })
    }
}

/// The `Request` that `fetch` takes.
fn to_js(
    request: &HttpRequest,
    signal: &web_sys::AbortSignal,
) -> Result<web_sys::Request, JsValue> {
    let init = web_sys::RequestInit::new();
    init.set_method(request.method.as_str());
    let headers = web_sys::Headers::new()?;
    for (name, value) in &request.headers {
        headers.append(name, value)?;
    }
    init.set_headers(&headers);
    if let Some(body) = request.body.as_deref().filter(|b| !b.is_empty()) {
        init.set_body(&js_sys::Uint8Array::from(body));
    }
    init.set_signal(Some(signal));
    web_sys::Request::new_with_str_and_init(&request.url, &init)
}

/// Send, then read the status, the headers and the whole body.
async fn exchange(request: web_sys::Request) -> Result<HttpResponse, JsValue> {
    let response: web_sys::Response = JsFuture::from(global_fetch(&request)).await?.dyn_into()?;
    let status = response.status();
    let mut headers = Vec::new();
    // `fetch` gives names in lower case, and each once (repeated ones joined by ", ").
    for entry in response.headers().entries() {
        let pair: js_sys::Array = entry?.unchecked_into();
        if let (Some(name), Some(value)) = (pair.get(0).as_string(), pair.get(1).as_string()) {
            headers.push((name, value));
        }
    }
    let buffer = JsFuture::from(response.array_buffer()?).await?;
    let body = js_sys::Uint8Array::new(&buffer).to_vec();
    Ok(HttpResponse {
        status,
        headers,
        body,
    })
}

/// What `fetch` threw or rejected with (`TypeError: fetch failed`, with Node's
/// cause such as `connect ECONNREFUSED 127.0.0.1:9`), as the transport error.
fn failed(request: &HttpRequest, e: &JsValue) -> TransportError {
    let mut message = format!(
        "the connection failed: error sending request for url ({})",
        request.url
    );
    let mut cause = Some(e.clone());
    // An error and its causes, as far as they go (a few levels at most).
    for _ in 0..4 {
        let Some(value) = cause.take() else { break };
        if value.is_undefined() || value.is_null() {
            break;
        }
        message.push_str(": ");
        match value.dyn_ref::<js_sys::Error>() {
            Some(error) => {
                message.push_str(&String::from(error.message()));
                cause = Some(error.cause());
            }
            None => message.push_str(&value.as_string().unwrap_or_else(|| format!("{value:?}"))),
        }
    }
    TransportError {
        error: Error::transport(message, false),
        connect_failed: false,
    }
}
