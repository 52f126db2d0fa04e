#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Duration;

use std::sync::Arc;

use gradebridge::registry::{self, ClientOptions, DynOp, ErasedClient, Parsed};
use gradebridge::{AuthContext, Error, ErrorKind, HttpResponse};
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

/// A plain record of an error: a JS object (`{gradebridgeError: true, code, message,
/// platform, ...}`) that `js/index.js` turns into the matching `Error` subclass.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ErrorRecord<'a> {
    gradebridge_error: bool,
    code: &'a str,
    message: &'a str,
    platform: Option<&'a str>,
    maybe_applied: bool,
    timeout: bool,
    attempts: Option<u32>,
    status: Option<u16>,
    field: Option<&'a str>,
    path: Option<&'a str>,
    field_errors: Option<&'a gradebridge::FieldErrors>,
    retry_after: Option<f64>,
    body_excerpt: Option<&'a str>,
}

pub(crate) fn error_record(e: &Error) -> JsValue {
    let now = Duration::from_millis(js_sys::Date::now() as u64);
    let record = ErrorRecord {
        gradebridge_error: true,
        code: e.code(),
        message: e.message(),
        platform: e.platform(),
        maybe_applied: e.maybe_applied(),
        timeout: e.is_timeout(),
        attempts: e.attempts(),
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
    serde_json::to_string(&record)
        .ok()
        .and_then(|json| js_sys::JSON::parse(&json).ok())
        .unwrap_or_else(|| JsValue::from_str(e.message()))
}

/// JSON text from JS as a `serde_json::Value`, by serde_json's byte reader: the one
/// the core reads answers with (`serde_json::from_str` built a second reader, 6 KB
/// of the gzipped module).
pub(crate) fn json_value(text: &str) -> serde_json::Result<serde_json::Value> {
    serde_json::from_slice(text.as_bytes())
}

/// JSON text from JS (a ledger, header pairs, an environment) as `T`, read as an
/// answer is, its failure naming `field` and the JSON path. Through a `Value`, not
/// serde_json's reader per type: that built serde_json's typed reading (and with it
/// core's float printer) into the module for three small inputs.
pub(crate) fn json_as<T: serde::de::DeserializeOwned>(field: &str, text: &str) -> Result<T, Error> {
    let value = json_value(text).map_err(|e| Error::invalid_input(field, e))?;
    gradebridge::input::from_value_tolerant(value, field)
}

fn from_js(field: &str, args: &str) -> Result<serde_json::Value, Error> {
    if args.trim().is_empty() {
        return Ok(serde_json::Value::Object(Default::default()));
    }
    json_value(args).map_err(|e| Error::invalid_input(field, e))
}

fn make_op(platform: &str, name: &str, args: &str) -> Result<Box<dyn DynOp>, Error> {
    registry::make_op(platform, name, from_js("arguments", args)?)
}

/// A parsed answer as a JS value: the output, or for a list operation
/// `{items, meta, next}` where `next` holds the arguments of the following page.
fn parsed_to_js(parsed: Parsed) -> Result<JsValue, JsValue> {
    if !parsed.paged {
        let value = parsed.value.to_json().map_err(|e| error_record(&e))?;
        return Ok(JsValue::from_str(&value));
    }
    // One buffer for the whole page: `{"items":[..],"meta":..,"next":..}`.
    let mut buf = Vec::with_capacity(64 * 1024);
    buf.extend_from_slice(b"{\"items\":");
    parsed
        .value
        .write_json(&mut buf)
        .map_err(|e| error_record(&e))?;
    buf.extend_from_slice(b",\"meta\":");
    serde_json::to_writer(&mut buf, &parsed.meta)
        .map_err(|e| error_record(&Error::invalid_input("meta", e)))?;
    buf.extend_from_slice(b",\"next\":");
    match &parsed.next {
        Some(op) => serde_json::to_writer(&mut buf, &op.args())
            .map_err(|e| error_record(&Error::invalid_input("next", e)))?,
        None => buf.extend_from_slice(b"null"),
    }
    buf.push(b'}');
    let text =
        String::from_utf8(buf).map_err(|e| error_record(&Error::invalid_input("value", e)))?;
    Ok(JsValue::from_str(&text))
}

/// The native client of one platform behind `ManageBac` (and the other platforms'
/// classes) in `index.js`.
#[wasm_bindgen]
pub struct NativeClient {
    inner: Arc<dyn ErasedClient>,
}

#[wasm_bindgen]
impl NativeClient {
    /// A client of `platform` with its settings (credentials) as JSON;
    /// `rate_limit_off` switches the client-side limit off.
    #[wasm_bindgen(constructor)]
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        platform: String,
        settings: String,
        base_url: Option<String>,
        timeout_ms: Option<f64>,
        max_retries: Option<u32>,
        requests_per_minute: Option<u32>,
        rate_limit_off: bool,
        backoff_ms: Option<f64>,
        max_backoff_ms: Option<f64>,
        max_retry_after_ms: Option<f64>,
        retry_statuses: Option<Vec<u16>>,
        on_event: Option<js_sys::Function>,
        user_agent: Option<String>,
        headers: Option<String>,
    ) -> Result<NativeClient, JsValue> {
        let ms = |field: &str, v: Option<f64>| -> Result<Option<Duration>, JsValue> {
            match v {
                None => Ok(None),
                Some(x) if x.is_finite() && x >= 0.0 => {
                    Ok(Some(Duration::from_secs_f64(x / 1000.0)))
                }
                Some(_) => Err(error_record(&Error::invalid_input(
                    field,
                    "must be a finite number of milliseconds, at least 0",
                ))),
            }
        };
        let mut options = ClientOptions {
            base_url,
            max_retries,
            backoff: ms("retry.backoffMs", backoff_ms)?,
            max_backoff: ms("retry.maxBackoffMs", max_backoff_ms)?,
            max_retry_after: ms("retry.maxRetryAfterMs", max_retry_after_ms)?,
            retry_statuses,
            user_agent,
            headers: match headers {
                Some(text) => json_as("headers", &text).map_err(|e| error_record(&e))?,
                None => Vec::new(),
            },
            ..Default::default()
        };
        if let Some(f) = on_event {
            // The event as JSON text; `index.js` parses it and calls the user's
            // `onEvent`, catching what it throws.
            options.on_event = Some(Arc::new(move |e: &gradebridge::client::Event| {
                if let Ok(text) = serde_json::to_string(e) {
                    let _ = f.call1(&JsValue::NULL, &JsValue::from_str(&text));
                }
            }));
        }
        if let Some(ms) = timeout_ms {
            if !ms.is_finite() || ms <= 0.0 {
                return Err(error_record(&Error::invalid_input(
                    "timeoutMs",
                    "must be a positive number",
                )));
            }
            options.timeout = Some(Duration::from_secs_f64(ms / 1000.0));
        }
        if rate_limit_off {
            options.requests_per_minute = Some(None);
        } else if let Some(n) = requests_per_minute {
            options.requests_per_minute = Some(Some(n));
        }
        let settings = from_js("settings", &settings).map_err(|e| error_record(&e))?;
        let inner =
            registry::client_for(&platform, settings, options).map_err(|e| error_record(&e))?;
        Ok(NativeClient { inner })
    }

    /// The base URL.
    #[wasm_bindgen(getter, js_name = baseUrl)]
    pub fn base_url(&self) -> String {
        self.inner.base_url()
    }

    /// Run one operation: a Promise of its output (for a list operation, one page:
    /// `{items, meta, next}`). `abort` stops it ([`unless_aborted`]).
    pub fn call(
        &self,
        name: String,
        args: String,
        abort: Option<js_sys::Promise>,
    ) -> js_sys::Promise {
        let client = self.inner.clone();
        let op = make_op(client.platform_id(), &name, &args);
        let work = async move {
            let op = op.map_err(|e| error_record(&e))?;
            let parsed = registry::run(&*client, &*op)
                .await
                .map_err(|e| error_record(&e))?;
            parsed_to_js(parsed)
        };
        promise_unless_aborted(abort, work)
    }
}

#[wasm_bindgen]
impl NativeClient {
    /// Send a list operation's request (limits, retries, authentication) and give
    /// the answer unparsed, `[status, headers (JSON pairs), body, attempts]`: the JS
    /// package reads the records itself (`parseEnvelope`, else `parseResponse`).
    pub fn fetch(
        &self,
        name: String,
        args: String,
        abort: Option<js_sys::Promise>,
    ) -> js_sys::Promise {
        let client = self.inner.clone();
        let op = make_op(client.platform_id(), &name, &args);
        let work = async move {
            let op = op.map_err(|e| error_record(&e))?;
            let (response, attempts) = registry::send(&*client, &*op)
                .await
                .map_err(|e| error_record(&e))?;
            let headers = serde_json::to_string(&response.headers).unwrap_or_default();
            let out = js_sys::Array::new();
            out.push(&JsValue::from(response.status));
            out.push(&JsValue::from_str(&headers));
            out.push(&js_sys::Uint8Array::from(response.body.as_slice()));
            out.push(&JsValue::from(attempts));
            Ok(out.into())
        };
        promise_unless_aborted(abort, work)
    }
}

/// `work`, unless `abort` settles first (then `None`): a Promise that the JS package
/// settles when the caller's `AbortSignal` fires. `work` is then dropped, and with
/// it its fetch in flight (reqwest aborts it), its retry or 429 timer and every
/// request it had yet to send. The JS package has already rejected the call with the
/// signal's reason, so what the call gives then is never seen.
pub(crate) async fn unless_aborted<F: std::future::Future>(
    abort: Option<js_sys::Promise>,
    work: F,
) -> Option<F::Output> {
    let Some(abort) = abort else {
        return Some(work.await);
    };
    let work = std::pin::pin!(work);
    let aborted = wasm_bindgen_futures::JsFuture::from(abort);
    match futures_util::future::select(work, aborted).await {
        futures_util::future::Either::Left((out, _)) => Some(out),
        futures_util::future::Either::Right(_) => None,
    }
}

/// What an aborted call settles with (unseen: the JS package rejected it already).
pub(crate) fn aborted() -> JsValue {
    JsValue::from_str("aborted")
}

/// A Promise of `work`, which `abort` stops ([`unless_aborted`]).
pub(crate) fn promise_unless_aborted(
    abort: Option<js_sys::Promise>,
    work: impl std::future::Future<Output = Result<JsValue, JsValue>> + 'static,
) -> js_sys::Promise {
    wasm_bindgen_futures::future_to_promise(async move {
        unless_aborted(abort, work)
            .await
            .unwrap_or_else(|| Err(aborted()))
    })
}

#[derive(Serialize)]
struct RequestRecord {
    method: &'static str,
    url: String,
    headers: Vec<(String, String)>,
    body: Option<String>,
}

/// Sans-IO: the request for an operation, `{method, url, headers, body}`.
/// `settings` is the platform's settings as JSON (ManageBac: `{token, base_url}` or
/// `{client_id, client_secret}` with the `bearer` token).
#[wasm_bindgen(js_name = buildRequest)]
pub fn build_request(
    platform: String,
    name: String,
    args: String,
    settings: String,
    nonce: Option<String>,
    timestamp: Option<f64>,
    bearer: Option<String>,
) -> Result<JsValue, JsValue> {
    let op = make_op(&platform, &name, &args).map_err(|e| error_record(&e))?;
    let settings = from_js("settings", &settings).map_err(|e| error_record(&e))?;
    let mut auth = AuthContext::new(
        nonce.unwrap_or_default(),
        timestamp.unwrap_or_default() as u64,
    );
    auth.bearer = bearer;
    let req =
        registry::build_request(&platform, settings, &*op, &auth).map_err(|e| error_record(&e))?;
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
    platform: String,
    name: String,
    args: String,
    status: u16,
    headers: String,
    body: &[u8],
    attempts: Option<u32>,
) -> Result<JsValue, JsValue> {
    let response = response_of(status, &headers, body)?;
    parse_with(&platform, &name, &args, attempts, |op| op.parse(&response))
}

/// Make the operation and parse with `parse`; a parse error of an answer a client
/// fetched carries its number of `attempts`.
fn parse_with(
    platform: &str,
    name: &str,
    args: &str,
    attempts: Option<u32>,
    parse: impl FnOnce(&dyn DynOp) -> Result<Parsed, Error>,
) -> Result<JsValue, JsValue> {
    let op = make_op(platform, name, args).map_err(|e| error_record(&e))?;
    let parsed = parse(&*op).map_err(|e| match attempts {
        Some(n) => error_record(&e.with_attempts(n)),
        None => error_record(&e),
    })?;
    parsed_to_js(parsed)
}

/// Sans-IO, the JS package's fast path for a list: parse an answer whose `count`
/// records JS read itself and left out (an empty list at the operation's
/// `items_at`): the status, the page's position and the next page.
#[wasm_bindgen(js_name = parseEnvelope)]
#[allow(clippy::too_many_arguments)] // the parts of a response, flat across the JS boundary
pub fn parse_envelope(
    platform: String,
    name: String,
    args: String,
    status: u16,
    headers: String,
    body: &[u8],
    count: usize,
    attempts: Option<u32>,
) -> Result<JsValue, JsValue> {
    let response = response_of(status, &headers, body)?;
    parse_with(&platform, &name, &args, attempts, |op| {
        op.parse_envelope(&response, count)
    })
}

/// A response from its parts (`headers` as JSON `[name, value]` pairs).
fn response_of(status: u16, headers: &str, body: &[u8]) -> Result<HttpResponse, JsValue> {
    let headers: Vec<(String, String)> = if headers.trim().is_empty() {
        Vec::new()
    } else {
        // `invalid `headers[0]`: ...` names the pair at fault.
        json_as("headers", headers).map_err(|e| error_record(&e))?
    };
    Ok(HttpResponse {
        status,
        headers,
        body: body.to_vec(),
    })
}

/// The operation registry as JSON: one object per operation (platform, name,
/// paged, positional, required, doc).
#[wasm_bindgen]
pub fn operations() -> String {
    let entries: Vec<&registry::OpInfo> = registry::operations().collect();
    serde_json::to_string(&entries).unwrap_or_default()
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
pub fn idempotent(platform: String, name: String, args: String) -> Result<bool, JsValue> {
    Ok(make_op(&platform, &name, &args)
        .map_err(|e| error_record(&e))?
        .idempotent())
}

// ---------------------------------------------------------------------------------
// Grade mapping

use gradebridge::grading as g;
use std::str::FromStr;

fn rounding(r: Option<String>) -> Result<g::Rounding, JsValue> {
    match r {
        Some(r) => g::Rounding::from_str(&r).map_err(|e| error_record(&e)),
        None => Ok(g::Rounding::HalfUp),
    }
}

fn json_arg<T: serde::de::DeserializeOwned>(field: &str, json: &str) -> Result<T, JsValue> {
    let v: serde_json::Value =
        json_value(json).map_err(|e| error_record(&Error::invalid_input(field, e)))?;
    gradebridge::input::from_value_strict(v, field).map_err(|e| error_record(&e))
}

/// An ordered grading scale, highest level first (wrapped by `GradeScale` in
/// `index.js`).
#[wasm_bindgen]
pub struct NativeScale {
    inner: g::GradeScale,
}

#[wasm_bindgen]
impl NativeScale {
    /// From levels as JSON: `[{symbol, lower_bound?, value?}]`, bounds as decimal text.
    #[wasm_bindgen(js_name = fromLevels)]
    pub fn from_levels(json: &str) -> Result<NativeScale, JsValue> {
        let levels: Vec<g::Level> = json_arg("levels", json)?;
        Ok(NativeScale {
            inner: g::GradeScale::new(levels).map_err(|e| error_record(&e))?,
        })
    }

    /// From a Blackboard Grades Journey `symbols` string.
    #[wasm_bindgen(js_name = fromBlackboardSymbols)]
    pub fn from_blackboard_symbols(symbols: &str) -> Result<NativeScale, JsValue> {
        Ok(NativeScale {
            inner: g::GradeScale::from_blackboard_symbols(symbols).map_err(|e| error_record(&e))?,
        })
    }

    /// From Schoology's `grading_scale` object, as JSON.
    #[wasm_bindgen(js_name = fromSchoology)]
    pub fn from_schoology(json: &str) -> Result<NativeScale, JsValue> {
        // API data: read as an answer is, tolerantly.
        let raw: g::SchoologyScale =
            json_as("grading_scale", json).map_err(|e| error_record(&e))?;
        Ok(NativeScale {
            inner: g::GradeScale::from_schoology(&raw).map_err(|e| error_record(&e))?,
        })
    }

    /// The IB MYP scale over criteria totals.
    #[wasm_bindgen(js_name = ibMyp)]
    pub fn ib_myp() -> NativeScale {
        NativeScale {
            inner: g::GradeScale::ib_myp(),
        }
    }

    /// The Grades Journey `symbols` string.
    #[wasm_bindgen(js_name = toBlackboardSymbols)]
    pub fn to_blackboard_symbols(&self) -> Result<String, JsValue> {
        self.inner
            .to_blackboard_symbols()
            .map_err(|e| error_record(&e))
    }

    /// Schoology's `grading_scale` object, as JSON.
    #[wasm_bindgen(js_name = toSchoology)]
    pub fn to_schoology(&self, title: Option<String>) -> Result<String, JsValue> {
        to_json_text(&self.inner.to_schoology(title.as_deref()))
    }

    /// The levels as JSON, highest first.
    pub fn levels(&self) -> Result<String, JsValue> {
        to_json_text(self.inner.levels())
    }

    /// The symbol for a percentage given as decimal text (`"89.995"`).
    pub fn grade(&self, percent: &str) -> Result<String, JsValue> {
        let p = decimal_arg("percent", percent)?;
        self.inner
            .grade(p)
            .map(str::to_string)
            .map_err(|e| error_record(&e))
    }

    /// For each percentage, the index of its level in `levels()`.
    #[wasm_bindgen(js_name = gradeIndices)]
    pub fn grade_indices(&self, percents: &[f64]) -> Result<Vec<u32>, JsValue> {
        self.inner
            .grade_many_indices(percents)
            .map_err(|e| error_record(&e))
    }

    /// The percentage that stands for a symbol, as decimal text, or undefined.
    #[wasm_bindgen(js_name = percentFor)]
    pub fn percent_for(&self, symbol: &str) -> Option<String> {
        self.inner
            .percent_for(symbol)
            .map(|d| d.normalize().to_string())
    }

    /// Whether two scales are equal.
    pub fn equals(&self, other: &NativeScale) -> bool {
        self.inner == other.inner
    }
}

fn to_json_text<T: Serialize + ?Sized>(v: &T) -> Result<String, JsValue> {
    serde_json::to_string(v).map_err(|e| error_record(&Error::invalid_input("value", e)))
}

/// A number handed over as decimal text (JS's `numText`), or an error naming `field`.
fn decimal_arg(field: &str, v: &str) -> Result<g::Decimal, JsValue> {
    g::decimal_from_text(field, v).map_err(|e| error_record(&e))
}

/// `score / max_points * 100` as exact decimal text, rounded as asked.
#[wasm_bindgen(js_name = percentText)]
pub fn percent_text(
    score: &str,
    max_points: &str,
    decimals: Option<u32>,
    rounding_mode: Option<String>,
) -> Result<String, JsValue> {
    g::percent(
        decimal_arg("score", score)?,
        decimal_arg("max_points", max_points)?,
        decimals,
        rounding(rounding_mode)?,
    )
    .map(|d| d.to_string())
    .map_err(|e| error_record(&e))
}

/// The IB MYP grade for four criteria levels.
#[wasm_bindgen(js_name = mypGrade)]
pub fn myp_grade(criteria: &str) -> Result<u8, JsValue> {
    let criteria: Vec<i64> = json_arg("criteria", criteria)?;
    g::myp_grade(&criteria).map_err(|e| error_record(&e))
}

/// ManageBac's group_mark, from decimal text (a JS number would take `null` as 0).
#[wasm_bindgen(js_name = groupMark)]
pub fn group_mark(score: &str, max_points: &str, scale: &NativeScale) -> Result<String, JsValue> {
    g::group_mark_exact(
        decimal_arg("score", score)?,
        decimal_arg("max_points", max_points)?,
        &scale.inner,
    )
    .map_err(|e| error_record(&e))
}

/// A weighted average; tasks and categories as JSON; the result as JSON.
#[wasm_bindgen(js_name = weightedAverage)]
pub fn weighted_average(
    tasks: &str,
    categories: &str,
    class_tasks: Option<String>,
    method: Option<String>,
    decimals: Option<u32>,
    rounding_mode: Option<String>,
) -> Result<String, JsValue> {
    let tasks: serde_json::Value = json_arg("tasks", tasks)?;
    let cats: serde_json::Value = json_arg("categories", categories)?;
    let class_tasks = class_tasks
        .map(|t| json_arg::<serde_json::Value>("class_tasks", &t))
        .transpose()?;
    let method = match method {
        Some(m) => g::AverageMethod::from_str(&m).map_err(|e| error_record(&e))?,
        None => g::AverageMethod::PercentageWeights,
    };
    let avg = g::weighted_average_json(
        tasks,
        cats,
        class_tasks,
        method,
        decimals,
        rounding(rounding_mode)?,
    )
    .map_err(|e| error_record(&e))?;
    to_json_text(&avg)
}
