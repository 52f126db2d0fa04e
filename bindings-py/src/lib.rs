//! `gradebridge._native`: the Python binding of gradebridge.
//!
//! Thin by design: it turns Python arguments into core endpoints (by operation name,
//! from the core's one table), runs them on the core client (blocking with the GIL
//! released, or as asyncio awaitables), and converts results and errors. Models,
//! exceptions and conversions live in `gradebridge::python`; URLs, retries, rate
//! limiting and parsing live in the core.

#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod grading;
mod sync;

use std::collections::VecDeque;
use std::panic::AssertUnwindSafe;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::FutureExt;
use gradebridge::python::{add_exceptions, add_models, to_py_err, GradebridgeError};
use gradebridge::registry::{self, ClientOptions, DynOp, ErasedClient, Parsed};
use gradebridge::{AuthContext, Error, HttpResponse, PageMeta};
use pyo3::exceptions::PyStopAsyncIteration;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList};
use pyo3::IntoPyObjectExt;

/// Rust-side allocations (decoding a page allocates tens of thousands of strings)
/// go to mimalloc; Python objects keep Python's allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc's `mi_option_e` (`mimalloc.h`, the same in
/// the v2 and v3 sources that libmimalloc-sys builds; the crate names no constant).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// mimalloc gives memory freed by a page of models back to the OS after 10 ms by
/// default; a script that decodes a page, works on it and reads the next one then
/// has that memory faulted in (and zeroed, a 2 MiB page at a time where the kernel
/// backs it with huge pages) again for each page. One second keeps it while pages
/// follow one another, and still hands it back soon after. In `decode_bench.py`,
/// side by side, on 2026-11-28: decode + read every score 1.10x-1.12x msgspec with
/// this against 1.13x-1.29x without, in alternating runs, and a steadier ratio.
fn tune_allocator() {
    // Safety: sets a number in mimalloc's option table; any value is valid.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 1000) };
}

fn make_op(platform: &str, name: &str, args: &Bound<'_, PyAny>) -> Result<Box<dyn DynOp>, Error> {
    let json = gradebridge::python::to_json(args, "")?;
    registry::make_op(platform, name, json)
}

/// A list operation by name (an error for a single one).
fn list_op(
    py: Python<'_>,
    platform: &str,
    name: &str,
    args: Option<&Bound<'_, PyAny>>,
) -> PyResult<Box<dyn DynOp>> {
    let op = make_op(platform, name, &args_or_empty(py, args)).map_err(|e| to_py_err(&e))?;
    if !op.info().paged {
        return Err(to_py_err(&Error::invalid_input(
            "operation",
            format!("`{name}` is not a list operation"),
        )));
    }
    Ok(op)
}

/// The arguments as given, or none (`{}`). Any object is taken: core reads it and
/// refuses what is not a mapping of the operation's fields with an
/// `InvalidInputError` at `arguments`, as in JS (pyo3's own check of a `dict` raised
/// a `TypeError`).
fn args_or_empty<'py>(py: Python<'py>, args: Option<&Bound<'py, PyAny>>) -> Bound<'py, PyAny> {
    args.cloned().unwrap_or_else(|| PyDict::new(py).into_any())
}

/// Run a closure, turning a Rust panic into a `GradebridgeError` (never pyo3's
/// `PanicException`, which escapes `except Exception`).
fn guard<T>(f: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    match std::panic::catch_unwind(AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(p) => Err(GradebridgeError::new_err(format!(
            "internal error (a bug in gradebridge): {}",
            panic_text(&p)
        ))),
    }
}

fn panic_text(p: &Box<dyn std::any::Any + Send>) -> String {
    p.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panic".to_string())
}

type SharedClient = Arc<dyn ErasedClient>;

async fn run(client: &SharedClient, op: &dyn DynOp) -> Result<Parsed, Error> {
    registry::run(&**client, op).await
}

/// The parsed value as a Python object (the GIL is held).
fn value_of(py: Python<'_>, parsed: Parsed) -> PyResult<Py<PyAny>> {
    parsed.value.into_py(py)
}

/// Run an async block on the shared runtime, catching panics.
async fn caught<T>(fut: impl std::future::Future<Output = PyResult<T>>) -> PyResult<T> {
    match AssertUnwindSafe(fut).catch_unwind().await {
        Ok(r) => r,
        Err(p) => Err(GradebridgeError::new_err(format!(
            "internal error (a bug in gradebridge): {}",
            panic_text(&p)
        ))),
    }
}

fn runtime() -> &'static tokio::runtime::Runtime {
    pyo3_async_runtimes::tokio::get_runtime()
}

/// Wait for `fut` on the shared runtime with the GIL released, checking for signals
/// every 100 ms: Ctrl-C (KeyboardInterrupt, or whatever a signal handler raises)
/// stops a blocking call at once, even during a long 429 wait, and drops the request.
fn block_on<T: Send>(
    py: Python<'_>,
    fut: impl std::future::Future<Output = Result<T, Error>> + Send,
) -> PyResult<T> {
    block_on_rt(py, runtime(), fut)
}

/// [`block_on`] on a given runtime.
pub(crate) fn block_on_rt<T: Send>(
    py: Python<'_>,
    rt: &tokio::runtime::Runtime,
    fut: impl std::future::Future<Output = Result<T, Error>> + Send,
) -> PyResult<T> {
    let out: PyResult<Result<T, Error>> = py.detach(|| {
        rt.block_on(async {
            let mut fut = std::pin::pin!(fut);
            loop {
                tokio::select! {
                    out = &mut fut => return Ok(out),
                    _ = tokio::time::sleep(Duration::from_millis(100)) => {
                        Python::attach(|py| py.check_signals())?;
                    }
                }
            }
        })
    });
    out?.map_err(|e| to_py_err(&e))
}

/// The client's events to the `gradebridge` logger of Python's `logging`: each
/// request at DEBUG, 429 waits at INFO, retries at WARNING, with the event as a dict
/// in the record's `gradebridge` attribute. Events carry no secret.
fn logging_hook(py: Python<'_>) -> PyResult<Arc<dyn gradebridge::client::EventHook>> {
    let logger = py
        .import("logging")?
        .call_method1("getLogger", ("gradebridge",))?
        .unbind();
    Ok(Arc::new(move |e: &gradebridge::client::Event| {
        Python::attach(|py| {
            let level = match e.level() {
                "debug" => 10,
                "info" => 20,
                _ => 30,
            };
            let logged = (|| -> PyResult<()> {
                let logger = logger.bind(py);
                if !logger.call_method1("isEnabledFor", (level,))?.is_truthy()? {
                    return Ok(());
                }
                let extra = PyDict::new(py);
                if let Ok(event) = pythonize::pythonize(py, e) {
                    extra.set_item("gradebridge", event)?;
                }
                let kwargs = PyDict::new(py);
                kwargs.set_item("extra", extra)?;
                logger.call_method("log", (level, "%s", e.to_string()), Some(&kwargs))?;
                Ok(())
            })();
            // Python runs a pending Ctrl-C's handler in whatever Python code the
            // main thread runs next, which may be this logging: its
            // KeyboardInterrupt would end here, and the call would go on (a 429
            // wait of 30 s, six times). So it is raised again, for `block_on`'s
            // next signal check. Any other failure of logging is not the call's.
            if let Err(err) = logged {
                if err.is_instance_of::<pyo3::exceptions::PyKeyboardInterrupt>(py) {
                    // SAFETY: called with the GIL held (`attach`); it only marks
                    // SIGINT as pending.
                    unsafe { pyo3::ffi::PyErr_SetInterrupt() };
                }
            }
        });
    }))
}

/// Seconds as a duration, or an error naming the setting.
fn seconds(field: &str, v: Option<f64>) -> PyResult<Option<Duration>> {
    match v {
        None => Ok(None),
        Some(s) if s.is_finite() && s >= 0.0 => Ok(Some(Duration::from_secs_f64(s))),
        Some(_) => Err(to_py_err(&Error::invalid_input(
            field,
            "must be a finite number of seconds, at least 0",
        ))),
    }
}

/// The native client of one platform, shared by the generated blocking and asyncio
/// clients (`gradebridge.ManageBac`, `gradebridge.AsyncManageBac`, ...). Its repr
/// never shows a credential.
#[pyclass(module = "gradebridge._native", frozen)]
struct Client {
    platform: String,
    inner: SharedClient,
}

#[pymethods]
impl Client {
    #[new]
    #[pyo3(signature = (platform, settings, base_url = None, timeout = 30.0, max_retries = 3, requests_per_minute = Some(200), backoff = None, max_backoff = None, max_retry_after = None, retry_statuses = None, user_agent = None, headers = None, proxy = None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        platform: String,
        settings: &Bound<'_, PyDict>,
        base_url: Option<String>,
        timeout: f64,
        max_retries: u32,
        requests_per_minute: Option<u32>,
        backoff: Option<f64>,
        max_backoff: Option<f64>,
        max_retry_after: Option<f64>,
        retry_statuses: Option<Vec<u16>>,
        user_agent: Option<String>,
        headers: Option<Vec<(String, String)>>,
        proxy: Option<String>,
    ) -> PyResult<Self> {
        guard(|| {
            if !timeout.is_finite() || timeout <= 0.0 {
                return Err(to_py_err(&Error::invalid_input(
                    "timeout",
                    "must be a positive number of seconds",
                )));
            }
            let settings =
                gradebridge::python::to_json(settings.as_any(), "").map_err(|e| to_py_err(&e))?;
            let options = ClientOptions {
                base_url,
                timeout: Some(Duration::from_secs_f64(timeout)),
                max_retries: Some(max_retries),
                requests_per_minute: Some(requests_per_minute),
                backoff: seconds("retry.backoff", backoff)?,
                max_backoff: seconds("retry.max_backoff", max_backoff)?,
                max_retry_after: seconds("retry.max_retry_after", max_retry_after)?,
                retry_statuses,
                on_event: Some(logging_hook(py)?),
                user_agent,
                headers: headers.unwrap_or_default(),
                proxy,
            };
            // Building the reqwest client needs the runtime's context.
            let _enter = runtime().enter();
            let inner =
                registry::client_for(&platform, settings, options).map_err(|e| to_py_err(&e))?;
            Ok(Client { platform, inner })
        })
    }

    /// The base URL.
    #[getter]
    fn base_url(&self) -> String {
        self.inner.base_url()
    }

    /// Run one operation and wait for it, with the GIL released.
    #[pyo3(signature = (name, args = None))]
    fn call(
        &self,
        py: Python<'_>,
        name: &str,
        args: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        guard(|| {
            let op = make_op(&self.platform, name, &args_or_empty(py, args))
                .map_err(|e| to_py_err(&e))?;
            if op.info().paged {
                // A list operation called directly collects every page.
                let it = PageIterator::new(self.inner.clone(), op);
                let out = PyList::empty(py);
                while let Some(item) = it.next_item(py)? {
                    out.append(item)?;
                }
                return Ok(out.into_any().unbind());
            }
            let client = self.inner.clone();
            let parsed = block_on(py, run(&client, &*op))?;
            value_of(py, parsed)
        })
    }

    /// Run one operation as an awaitable.
    #[pyo3(signature = (name, args = None))]
    fn call_async<'py>(
        &self,
        py: Python<'py>,
        name: &str,
        args: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        guard(|| {
            let op = make_op(&self.platform, name, &args_or_empty(py, args))
                .map_err(|e| to_py_err(&e))?;
            let client = self.inner.clone();
            pyo3_async_runtimes::tokio::future_into_py(
                py,
                caught(async move {
                    let mut next = Some(op);
                    let mut collected: Option<Vec<Py<PyAny>>> = None;
                    while let Some(op) = next.take() {
                        let parsed = run(&client, &*op).await.map_err(|e| to_py_err(&e))?;
                        if !parsed.paged {
                            return Python::attach(|py| value_of(py, parsed));
                        }
                        next = parsed.next;
                        let items = Python::attach(|py| list_items(py, parsed.value))?;
                        collected.get_or_insert_with(Vec::new).extend(items);
                    }
                    Python::attach(|py| collected.unwrap_or_default().into_py_any(py))
                }),
            )
        })
    }

    /// A lazy iterator over a list operation's records (one page fetched at a time,
    /// with the GIL released while it waits).
    #[pyo3(signature = (name, args = None))]
    fn iterate(
        &self,
        py: Python<'_>,
        name: &str,
        args: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PageIterator> {
        guard(|| {
            let op = list_op(py, &self.platform, name, args)?;
            Ok(PageIterator::new(self.inner.clone(), op))
        })
    }

    /// A lazy async iterator over a list operation's records.
    #[pyo3(signature = (name, args = None))]
    fn aiterate(
        &self,
        py: Python<'_>,
        name: &str,
        args: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<AsyncPageIterator> {
        guard(|| {
            let op = list_op(py, &self.platform, name, args)?;
            Ok(AsyncPageIterator {
                client: self.inner.clone(),
                state: Arc::new(tokio::sync::Mutex::new(IterState {
                    buffer: VecDeque::new(),
                    next: Some(op),
                })),
            })
        })
    }

    fn __repr__(&self) -> String {
        format!(
            "Client(platform={:?}, base_url={:?})",
            self.platform,
            self.inner.base_url()
        )
    }
}

fn list_items(py: Python<'_>, value: Box<dyn registry::Output>) -> PyResult<Vec<Py<PyAny>>> {
    let list = value.into_py(py)?;
    let list = list.bind(py);
    list.try_iter()?.map(|i| i.map(|b| b.unbind())).collect()
}

struct IterState {
    buffer: VecDeque<Py<PyAny>>,
    next: Option<Box<dyn DynOp>>,
}

/// Iterator over the records of a list operation; fetches the next page only when
/// the records read so far run out.
#[pyclass(module = "gradebridge._native", frozen)]
struct PageIterator {
    client: SharedClient,
    state: Mutex<IterState>,
}

impl PageIterator {
    fn new(client: SharedClient, op: Box<dyn DynOp>) -> Self {
        PageIterator {
            client,
            state: Mutex::new(IterState {
                buffer: VecDeque::new(),
                next: Some(op),
            }),
        }
    }

    fn next_item(&self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        loop {
            let op = {
                let mut st = self.state.lock().unwrap_or_else(|e| e.into_inner());
                if let Some(item) = st.buffer.pop_front() {
                    return Ok(Some(item));
                }
                match st.next.take() {
                    Some(op) => op,
                    None => return Ok(None),
                }
            };
            let client = self.client.clone();
            let parsed = match block_on(py, run(&client, &*op)) {
                Ok(p) => p,
                Err(e) => {
                    // The page is still to fetch: iterating again tries it again.
                    let mut st = self.state.lock().unwrap_or_else(|e| e.into_inner());
                    st.next = Some(op);
                    return Err(e);
                }
            };
            let items = list_items(py, parsed.value)?;
            let mut st = self.state.lock().unwrap_or_else(|e| e.into_inner());
            st.next = parsed.next;
            st.buffer.extend(items);
        }
    }
}

#[pymethods]
impl PageIterator {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(&self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        guard(|| self.next_item(py))
    }

    /// The pages not read yet, each a `Page` (`items`, `meta` with `total_count` for
    /// a progress bar, `next`), fetched one at a time.
    fn pages(&self) -> PagesIterator {
        let mut st = self.state.lock().unwrap_or_else(|e| e.into_inner());
        st.buffer.clear();
        PagesIterator {
            client: self.client.clone(),
            next: Mutex::new(st.next.take()),
        }
    }
}

/// Iterator over the pages of a list operation (`mb.classes().pages()`).
#[pyclass(module = "gradebridge._native", frozen)]
struct PagesIterator {
    client: SharedClient,
    next: Mutex<Option<Box<dyn DynOp>>>,
}

#[pymethods]
impl PagesIterator {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(&self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        guard(|| {
            let Some(op) = self.next.lock().unwrap_or_else(|e| e.into_inner()).take() else {
                return Ok(None);
            };
            let client = self.client.clone();
            let parsed = match block_on(py, run(&client, &*op)) {
                Ok(p) => p,
                Err(e) => {
                    *self.next.lock().unwrap_or_else(|e| e.into_inner()) = Some(op);
                    return Err(e);
                }
            };
            let (page, next) = page_of(py, parsed)?;
            *self.next.lock().unwrap_or_else(|e| e.into_inner()) = next;
            Ok(Some(page))
        })
    }
}

/// The operation of a list's next page, if any.
type NextOp = Option<Box<dyn DynOp>>;

/// Fetch the page of the operation in `slot` (`None`: the list is done). On a
/// failure the operation stays in `slot`, so that iterating again fetches the same
/// page; on success the caller stores the next page's operation.
async fn fetch(client: &SharedClient, slot: &mut NextOp) -> Result<Option<Parsed>, Error> {
    let Some(op) = slot.take() else {
        return Ok(None);
    };
    match run(client, &*op).await {
        Ok(parsed) => Ok(Some(parsed)),
        Err(e) => {
            *slot = Some(op);
            Err(e)
        }
    }
}

/// A fetched page as a Python `Page` (its `next` an `Operation` for the caller), and
/// the operation of the next page, kept by the iterator.
fn page_of(py: Python<'_>, parsed: Parsed) -> PyResult<(Py<PyAny>, NextOp)> {
    let next = match &parsed.next {
        Some(n) => Some(Py::new(
            py,
            Operation {
                op: registry::make_op(n.info().platform, n.info().name, n.args())
                    .map_err(|e| to_py_err(&e))?,
                args: n.args(),
            },
        )?),
        None => None,
    };
    let page = Page_ {
        items: parsed.value.into_py(py)?,
        meta: parsed.meta,
        next,
    };
    Ok((page.into_py_any(py)?, parsed.next))
}

/// Async iterator over the pages of a list operation (`amb.classes().pages()`).
#[pyclass(module = "gradebridge._native", frozen)]
struct AsyncPagesIterator {
    client: SharedClient,
    next: Arc<tokio::sync::Mutex<Option<Box<dyn DynOp>>>>,
}

#[pymethods]
impl AsyncPagesIterator {
    fn __aiter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __anext__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let next = self.next.clone();
        let client = self.client.clone();
        pyo3_async_runtimes::tokio::future_into_py(
            py,
            caught(async move {
                let mut slot = next.lock().await;
                let Some(parsed) = fetch(&client, &mut slot).await.map_err(|e| to_py_err(&e))?
                else {
                    return Err(PyStopAsyncIteration::new_err(()));
                };
                let (page, following) = Python::attach(|py| page_of(py, parsed))?;
                *slot = following;
                Ok(page)
            }),
        )
    }
}

/// Async iterator over the records of a list operation (`async for`).
#[pyclass(module = "gradebridge._native", frozen)]
struct AsyncPageIterator {
    client: SharedClient,
    state: Arc<tokio::sync::Mutex<IterState>>,
}

#[pymethods]
impl AsyncPageIterator {
    fn __aiter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __anext__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let state = self.state.clone();
        let client = self.client.clone();
        pyo3_async_runtimes::tokio::future_into_py(
            py,
            caught(async move {
                let mut st = state.lock().await;
                loop {
                    if let Some(item) = st.buffer.pop_front() {
                        return Ok(item);
                    }
                    let Some(parsed) = fetch(&client, &mut st.next)
                        .await
                        .map_err(|e| to_py_err(&e))?
                    else {
                        return Err(PyStopAsyncIteration::new_err(()));
                    };
                    st.next = parsed.next;
                    let items = Python::attach(|py| list_items(py, parsed.value))?;
                    st.buffer.extend(items);
                }
            }),
        )
    }

    /// The pages not read yet, each a `Page` (`items`, `meta` with `total_count`,
    /// `next`): `async for page in amb.classes().pages()`.
    fn pages(&self) -> PyResult<AsyncPagesIterator> {
        let mut st = self
            .state
            .try_lock()
            .map_err(|_| GradebridgeError::new_err("the iterator is being read; wait for it"))?;
        st.buffer.clear();
        Ok(AsyncPagesIterator {
            client: self.client.clone(),
            next: Arc::new(tokio::sync::Mutex::new(st.next.take())),
        })
    }

    /// `await amb.classes()`: every record not read yet, as a list.
    fn __await__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let state = self.state.clone();
        let client = self.client.clone();
        let all = pyo3_async_runtimes::tokio::future_into_py(
            py,
            caught(async move {
                let mut st = state.lock().await;
                let mut out: Vec<Py<PyAny>> = st.buffer.drain(..).collect();
                while let Some(parsed) = fetch(&client, &mut st.next)
                    .await
                    .map_err(|e| to_py_err(&e))?
                {
                    st.next = parsed.next;
                    out.extend(Python::attach(|py| list_items(py, parsed.value))?);
                }
                Python::attach(|py| PyList::new(py, out).map(|l| l.into_any().unbind()))
            }),
        )?;
        all.call_method0("__await__")
    }
}

// ---------------------------------------------------------------------------------
// Sans-IO

/// Response headers from any Python HTTP client: a mapping's `items()`, or pairs.
fn header_pairs(h: &Bound<'_, PyAny>) -> PyResult<Vec<(String, String)>> {
    let bad = || {
        to_py_err(&Error::invalid_input(
            "headers",
            "must be a mapping of str to str (dict, requests' or httpx's headers) or (name, value) pairs",
        ))
    };
    let items = if h.hasattr("items")? {
        h.call_method0("items")?
    } else {
        h.clone()
    };
    let mut out = Vec::new();
    for item in items.try_iter().map_err(|_| bad())? {
        let (k, v): (String, String) = item?.extract().map_err(|_| bad())?;
        out.push((k, v));
    }
    Ok(out)
}

/// A response body as bytes: `bytes`, `bytearray`, `memoryview`, or `str` (UTF-8).
fn body_bytes(b: &Bound<'_, PyAny>) -> PyResult<Vec<u8>> {
    if let Ok(s) = b.cast::<pyo3::types::PyString>() {
        return Ok(s.to_cow()?.as_bytes().to_vec());
    }
    if let Ok(bytes) = b.cast::<PyBytes>() {
        return Ok(bytes.as_bytes().to_vec());
    }
    let builtins = b.py().import("builtins")?;
    let is_buffer = b.is_instance(&builtins.getattr("bytearray")?)?
        || b.is_instance(&builtins.getattr("memoryview")?)?;
    if !is_buffer {
        return Err(to_py_err(&Error::invalid_input(
            "body",
            "must be bytes, bytearray, memoryview or str",
        )));
    }
    let as_bytes = builtins.getattr("bytes")?.call1((b,))?;
    Ok(as_bytes.cast::<PyBytes>()?.as_bytes().to_vec())
}

/// An HTTP request built by an `Operation`: send it with any HTTP client. Its repr
/// masks the credential headers.
#[pyclass(module = "gradebridge._native", frozen)]
struct Request {
    #[pyo3(get)]
    method: String,
    #[pyo3(get)]
    url: String,
    headers: Vec<(String, String)>,
    #[pyo3(get)]
    body: Option<Py<PyBytes>>,
}

#[pymethods]
impl Request {
    /// The headers as a dict, as `requests`, `httpx` and `urllib` take them.
    #[getter]
    fn headers<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for (k, v) in &self.headers {
            d.set_item(k, v)?;
        }
        Ok(d)
    }

    fn __repr__(&self) -> String {
        let headers: Vec<String> = self
            .headers
            .iter()
            .map(|(k, v)| {
                let shown = if gradebridge::http::SENSITIVE_HEADERS
                    .iter()
                    .any(|s| k.eq_ignore_ascii_case(s))
                {
                    "[redacted]"
                } else {
                    v.as_str()
                };
                format!("{k}: {shown}")
            })
            .collect();
        format!(
            "Request(method={:?}, url={:?}, headers=[{}])",
            self.method,
            self.url,
            headers.join(", ")
        )
    }
}

/// One page of a list operation, parsed sans-IO: `items`, `meta`, and `next`, the
/// operation for the following page (None on the last).
#[pyclass(module = "gradebridge._native", frozen, get_all)]
struct Page_ {
    items: Py<PyAny>,
    meta: Option<PageMeta>,
    next: Option<Py<Operation>>,
}

/// Any operation by name, for users with their own HTTP stack:
/// `Operation("class_grades", {"class_id": 1, "term_id": 2})`, then `.request(token)`
/// and `.parse(status, headers, body)`. Another platform's operation names it:
/// `Operation(name, args, platform="schoology")`.
#[pyclass(module = "gradebridge._native", frozen)]
struct Operation {
    op: Box<dyn DynOp>,
    /// The arguments as given (JSON names), for `args`.
    args: serde_json::Value,
}

#[pymethods]
impl Operation {
    #[new]
    #[pyo3(signature = (name, args = None, platform = "managebac"))]
    fn new(
        py: Python<'_>,
        name: &str,
        args: Option<&Bound<'_, PyAny>>,
        platform: &str,
    ) -> PyResult<Self> {
        guard(|| {
            let args = gradebridge::python::to_json(&args_or_empty(py, args), "")
                .map_err(|e| to_py_err(&e))?;
            Ok(Operation {
                op: registry::make_op(platform, name, args.clone()).map_err(|e| to_py_err(&e))?,
                args,
            })
        })
    }

    /// The operation's name.
    #[getter]
    fn name(&self) -> &'static str {
        self.op.info().name
    }

    /// The operation's platform.
    #[getter]
    fn platform(&self) -> &'static str {
        self.op.info().platform
    }

    /// The arguments, with the API's JSON names (a page's `next` holds the next
    /// page's); a new dict on each read.
    #[getter]
    fn args<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        pythonize::pythonize(py, &self.args)
            .map_err(|e| to_py_err(&Error::invalid_input("args", e)))
    }

    /// Whether a retry after a 5xx or a dropped connection is safe.
    #[getter]
    fn idempotent(&self) -> bool {
        self.op.idempotent()
    }

    /// True for list operations (their `parse` answers a page).
    #[getter]
    fn paged(&self) -> bool {
        self.op.info().paged
    }

    /// Build the request (validates the input first). ManageBac's settings are
    /// `token` (or `client_id` and `client_secret` in `settings`, with the `bearer`
    /// token you obtained) and `base_url`; `nonce` and `timestamp` are for signed
    /// platforms.
    #[pyo3(signature = (token = None, base_url = None, *, settings = None, nonce = None, timestamp = None, bearer = None))]
    #[allow(clippy::too_many_arguments)]
    fn request(
        &self,
        py: Python<'_>,
        token: Option<String>,
        base_url: Option<String>,
        settings: Option<&Bound<'_, PyDict>>,
        nonce: Option<String>,
        timestamp: Option<u64>,
        bearer: Option<String>,
    ) -> PyResult<Request> {
        guard(|| {
            let mut json = match settings {
                Some(s) => gradebridge::python::to_json(s.as_any(), "settings")
                    .map_err(|e| to_py_err(&e))?,
                None => serde_json::Value::Object(Default::default()),
            };
            if let Some(map) = json.as_object_mut() {
                if let Some(t) = token {
                    map.insert("token".into(), t.into());
                }
                if let Some(u) = base_url {
                    map.insert("base_url".into(), u.into());
                }
            }
            let mut auth =
                AuthContext::new(nonce.unwrap_or_default(), timestamp.unwrap_or_default());
            auth.bearer = bearer;
            let req = registry::build_request(self.op.info().platform, json, &*self.op, &auth)
                .map_err(|e| to_py_err(&e))?;
            Ok(Request {
                method: req.method.as_str().to_string(),
                url: req.url,
                headers: req.headers,
                body: req.body.map(|b| PyBytes::new(py, &b).unbind()),
            })
        })
    }

    /// Parse a response: the model (or list of models), or for a list operation a
    /// `Page`; an error status raises the matching exception.
    /// `headers` as any HTTP client hands them over (a dict, `requests`'
    /// `CaseInsensitiveDict`, `httpx.Headers`, `urllib`'s `HTTPMessage`, or `(name,
    /// value)` pairs); `body` as `bytes`, `bytearray`, `memoryview` or `str`.
    #[pyo3(signature = (status, headers, body))]
    fn parse(
        &self,
        py: Python<'_>,
        status: u16,
        headers: &Bound<'_, PyAny>,
        body: &Bound<'_, PyAny>,
    ) -> PyResult<Py<PyAny>> {
        guard(|| {
            let response = HttpResponse {
                status,
                headers: header_pairs(headers)?,
                body: body_bytes(body)?,
            };
            let parsed = self.op.parse(&response).map_err(|e| to_py_err(&e))?;
            if !parsed.paged {
                return value_of(py, parsed);
            }
            let next = match parsed.next {
                Some(op) => {
                    let args = op.args();
                    Some(Py::new(py, Operation { op, args })?)
                }
                None => None,
            };
            let page = Page_ {
                items: parsed.value.into_py(py)?,
                meta: parsed.meta,
                next,
            };
            page.into_py_any(py)
        })
    }

    fn __repr__(&self) -> String {
        format!("Operation({:?})", self.op.info().name)
    }
}

/// For the tests: panic inside the binding's guard, to show that a Rust panic
/// reaches Python as a `GradebridgeError`, not as pyo3's `PanicException`.
#[pyfunction]
#[allow(clippy::panic)]
fn _panic_for_tests() -> PyResult<()> {
    guard(|| panic!("deliberate test panic"))
}

/// The names of every operation of `platform` (default ManageBac).
#[pyfunction]
#[pyo3(signature = (platform = "managebac"))]
fn operations(platform: &str) -> Vec<&'static str> {
    registry::operations()
        .filter(|o| o.platform == platform)
        .map(|o| o.name)
        .collect()
}

/// The operation registry: one dict per operation (platform, name, paged,
/// positional, required, doc), for the parity tests and tools.
#[pyfunction]
fn registry_entries(py: Python<'_>) -> PyResult<Py<PyAny>> {
    let entries: Vec<&registry::OpInfo> = registry::operations().collect();
    pythonize::pythonize(py, &entries)
        .map(|b| b.unbind())
        .map_err(|e| to_py_err(&Error::invalid_input("registry", e)))
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    tune_allocator();
    add_models(m)?;
    grading::add(m)?;
    sync::add(m)?;
    add_exceptions(m)?;
    m.add_class::<Client>()?;
    m.add_class::<PageIterator>()?;
    m.add_class::<PagesIterator>()?;
    m.add_class::<AsyncPageIterator>()?;
    m.add_class::<AsyncPagesIterator>()?;
    m.add_class::<Operation>()?;
    m.add_class::<Request>()?;
    m.add("Page", m.py().get_type::<Page_>())?;
    m.add_function(wrap_pyfunction!(operations, m)?)?;
    m.add_function(wrap_pyfunction!(registry_entries, m)?)?;
    m.add_function(wrap_pyfunction!(_panic_for_tests, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
