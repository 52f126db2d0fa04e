#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Duration;

use gradebridge::client::ManageBacClient;
use gradebridge::managebac::ManageBacConfig;
use gradebridge::{Endpoint, Error, ErrorKind, HttpRequest, HttpResponse, Page, Paged};
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// Values cross the wasm boundary as JSON text both ways (`index.js` calls
/// `JSON.stringify` / `JSON.parse`): one serde path (serde_json) keeps the module
/// small, and for a large gradebook page it is faster than building objects field by
/// field through the boundary.
fn to_js<T: Serialize + ?Sized>(v: &T) -> Result<JsValue, JsValue> {
    serde_json::to_string(v)
        .map(|s| JsValue::from_str(&s))
        .map_err(|e| error_record(&Error::invalid_input("value", e)))
}

/// A plain record of an error, turned into the matching `Error` subclass by
/// `js/index.js`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ErrorRecord<'a> {
    gradebridge_error: bool,
    code: &'a str,
    message: &'a str,
    status: Option<u16>,
    field: Option<&'a str>,
    path: Option<&'a str>,
    field_errors: Option<&'a gradebridge::FieldErrors>,
    retry_after: Option<f64>,
    body_excerpt: Option<&'a str>,
}

fn error_record(e: &Error) -> JsValue {
    let now = Duration::from_millis(js_sys::Date::now() as u64);
    let record = ErrorRecord {
        gradebridge_error: true,
        code: e.code(),
        message: e.message(),
        status: e.status(),
        field: match e.kind() {
            ErrorKind::InvalidInput { field } => Some(field),
            _ => None,
        },
        path: match e.kind() {
            ErrorKind::Decode { path } => Some(path),
            _ => None,
        },
        field_errors: e.field_errors(),
        retry_after: e
            .retry_after()
            .and_then(|r| r.delay_from(now))
            .map(|d| d.as_secs_f64()),
        body_excerpt: e.body_excerpt(),
    };
    match serde_json::to_string(&record) {
        Ok(json) => JsValue::from_str(&json),
        Err(_) => JsValue::from_str(e.message()),
    }
}

/// An endpoint with its types erased.
trait DynOp {
    fn request(&self, config: &ManageBacConfig) -> Result<HttpRequest, Error>;
    fn idempotent(&self) -> bool;
    /// The output as a JS value; for list operations `{items, meta, next}` where
    /// `next` holds the arguments of the following page (or null).
    fn parse(&self, response: &HttpResponse) -> Result<JsValue, JsValue>;
}

struct Single<E>(E);
struct Pages<P>(P);

impl<E> DynOp for Single<E>
where
    E: Endpoint,
    E::Output: Serialize,
{
    fn request(&self, config: &ManageBacConfig) -> Result<HttpRequest, Error> {
        config.request(&self.0)
    }
    fn idempotent(&self) -> bool {
        self.0.idempotent()
    }
    fn parse(&self, response: &HttpResponse) -> Result<JsValue, JsValue> {
        let out = self.0.parse(response).map_err(|e| error_record(&e))?;
        to_js(&out)
    }
}

#[derive(Serialize)]
struct PageRecord<'a, T, P> {
    items: &'a [T],
    meta: &'a Option<gradebridge::PageMeta>,
    next: Option<P>,
}

impl<P, T> DynOp for Pages<P>
where
    P: Paged<Output = Page<T>, Item = T> + Serialize,
    T: Serialize,
{
    fn request(&self, config: &ManageBacConfig) -> Result<HttpRequest, Error> {
        config.request(&self.0)
    }
    fn idempotent(&self) -> bool {
        self.0.idempotent()
    }
    fn parse(&self, response: &HttpResponse) -> Result<JsValue, JsValue> {
        let page = self.0.parse(response).map_err(|e| error_record(&e))?;
        let next = self.0.next(&page);
        to_js(&PageRecord {
            items: &page.items,
            meta: &page.meta,
            next,
        })
    }
}

fn from_js(args: &str) -> Result<serde_json::Value, Error> {
    if args.trim().is_empty() {
        return Ok(serde_json::Value::Object(Default::default()));
    }
    serde_json::from_str(args).map_err(|e| Error::invalid_input("arguments", e))
}

macro_rules! registry {
    (single: [$($sname:literal => $sty:ty),* $(,)?], paged: [$($pname:literal => $pty:ty),* $(,)?]) => {
        const OPERATIONS: &[&str] = &[$($sname,)* $($pname,)*];

        fn make_op(name: &str, args: &str) -> Result<Box<dyn DynOp>, Error> {
            let args = from_js(args)?;
            match name {
                $($sname => Ok(Box::new(Single(gradebridge::input::from_value_strict::<$sty>(args, "")?))),)*
                $($pname => Ok(Box::new(Pages(gradebridge::input::from_value_strict::<$pty>(args, "")?))),)*
                other => Err(Error::invalid_input(
                    "operation",
                    format!("`{other}` is not an operation; known: {}", OPERATIONS.join(", ")),
                )),
            }
        }
    };
}
gradebridge::managebac_operations!(registry);

/// The native ManageBac client behind `ManageBac` in `index.js`.
#[wasm_bindgen]
pub struct NativeClient {
    inner: ManageBacClient,
}

#[wasm_bindgen]
impl NativeClient {
    /// A client; `rate_limit_off` switches the client-side limit off.
    #[wasm_bindgen(constructor)]
    pub fn new(
        token: String,
        base_url: Option<String>,
        timeout_ms: Option<f64>,
        max_retries: Option<u32>,
        requests_per_minute: Option<u32>,
        rate_limit_off: bool,
    ) -> Result<NativeClient, JsValue> {
        let mut b = ManageBacClient::builder(token);
        if let Some(url) = base_url {
            b = b.base_url(url);
        }
        if let Some(ms) = timeout_ms {
            if !ms.is_finite() || ms <= 0.0 {
                return Err(error_record(&Error::invalid_input(
                    "timeoutMs",
                    "must be a positive number",
                )));
            }
            b = b.timeout(Duration::from_secs_f64(ms / 1000.0));
        }
        if let Some(n) = max_retries {
            b = b.max_retries(n);
        }
        if rate_limit_off {
            b = b.requests_per_minute(None);
        } else if let Some(n) = requests_per_minute {
            b = b.requests_per_minute(Some(n));
        }
        let inner = b.build().map_err(|e| error_record(&e))?;
        Ok(NativeClient { inner })
    }

    /// The base URL.
    #[wasm_bindgen(getter, js_name = baseUrl)]
    pub fn base_url(&self) -> String {
        self.inner.config().base_url().to_string()
    }

    /// Run one operation: a Promise of its output (for a list operation, one page:
    /// `{items, meta, next}`).
    pub fn call(&self, name: String, args: String) -> js_sys::Promise {
        let client = self.inner.clone();
        let op = make_op(&name, &args);
        wasm_bindgen_futures::future_to_promise(async move {
            let op = op.map_err(|e| error_record(&e))?;
            let request = op.request(client.config()).map_err(|e| error_record(&e))?;
            let response = client
                .send_with_retries(&request, op.idempotent())
                .await
                .map_err(|e| error_record(&e))?;
            op.parse(&response)
        })
    }
}

#[derive(Serialize)]
struct RequestRecord {
    method: &'static str,
    url: String,
    headers: Vec<(String, String)>,
    body: Option<String>,
}

/// Sans-IO: the request for an operation, `{method, url, headers, body}`.
#[wasm_bindgen(js_name = buildRequest)]
pub fn build_request(
    name: String,
    args: String,
    token: String,
    base_url: Option<String>,
) -> Result<JsValue, JsValue> {
    let op = make_op(&name, &args).map_err(|e| error_record(&e))?;
    let mut config = ManageBacConfig::new(token);
    if let Some(url) = base_url {
        config = config.with_base_url(&url).map_err(|e| error_record(&e))?;
    }
    let req = op.request(&config).map_err(|e| error_record(&e))?;
    to_js(&RequestRecord {
        method: req.method.as_str(),
        url: req.url,
        headers: req.headers,
        body: req.body.map(|b| String::from_utf8_lossy(&b).into_owned()),
    })
}

/// Sans-IO: parse a response (`headers` as `[name, value]` pairs) into the output,
/// or throw the error record.
#[wasm_bindgen(js_name = parseResponse)]
pub fn parse_response(
    name: String,
    args: String,
    status: u16,
    headers: String,
    body: &[u8],
) -> Result<JsValue, JsValue> {
    let op = make_op(&name, &args).map_err(|e| error_record(&e))?;
    let headers: Vec<(String, String)> = if headers.trim().is_empty() {
        Vec::new()
    } else {
        serde_json::from_str(&headers).map_err(|e| {
            error_record(&Error::invalid_input(
                "headers",
                format!("must be [name, value] pairs: {e}"),
            ))
        })?
    };
    op.parse(&HttpResponse {
        status,
        headers,
        body: body.to_vec(),
    })
}

/// Every operation name, as a JSON array.
#[wasm_bindgen]
pub fn operations() -> String {
    serde_json::to_string(OPERATIONS).unwrap_or_default()
}

/// For the tests: a Rust panic (an abort on wasm32), which `index.js` must turn into
/// a `GradebridgeError`.
#[wasm_bindgen(js_name = panicForTests)]
#[allow(clippy::panic)]
pub fn panic_for_tests() {
    panic!("deliberate test panic");
}

/// Whether an operation may be retried safely (for sans-IO users).
#[wasm_bindgen]
pub fn idempotent(name: String, args: String) -> Result<bool, JsValue> {
    Ok(make_op(&name, &args)
        .map_err(|e| error_record(&e))?
        .idempotent())
}
