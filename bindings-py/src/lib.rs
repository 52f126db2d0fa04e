//! `gradebridge._native`: the Python binding of gradebridge.
//!
//! Thin by design: it turns Python arguments into core endpoints (by operation name,
//! from the core's one table), runs them on the core client (blocking with the GIL
//! released, or as asyncio awaitables), and converts results and errors. Models,
//! exceptions and conversions live in `gradebridge::python`; URLs, retries, rate
//! limiting and parsing live in the core.

#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod grading;

use std::collections::VecDeque;
use std::panic::AssertUnwindSafe;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::FutureExt;
use gradebridge::client::ManageBacClient;
use gradebridge::managebac::ManageBacConfig;
use gradebridge::python::{add_exceptions, add_models, from_py, to_py_err, GradebridgeError};
use gradebridge::{Endpoint, Error, HttpRequest, HttpResponse, Page, PageMeta, Paged};
use pyo3::exceptions::PyStopAsyncIteration;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList};
use pyo3::IntoPyObjectExt;

/// Rust-side allocations (decoding a page allocates tens of thousands of strings)
/// go to mimalloc; Python objects keep Python's allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Builds a Python value from a parsed result once the GIL is held again.
type Convert = Box<dyn FnOnce(Python<'_>) -> PyResult<Py<PyAny>> + Send>;

/// A parsed answer: the value (for a list operation, the page's records as a list),
/// and for list operations the page's `meta` and the operation of the next page.
struct Parsed {
    value: Convert,
    next: Option<Box<dyn DynOp>>,
    meta: Option<PageMeta>,
    paged: bool,
}

/// An endpoint with its types erased, so one path serves every operation.
trait DynOp: Send + Sync {
    fn name(&self) -> &'static str;
    fn request(&self, config: &ManageBacConfig) -> Result<HttpRequest, Error>;
    fn idempotent(&self) -> bool;
    fn parse(&self, response: &HttpResponse) -> Result<Parsed, Error>;
}

struct Single<E>(E, &'static str);
struct Pages<P>(P, &'static str);

impl<E> DynOp for Single<E>
where
    E: Endpoint + Clone + Send + Sync + 'static,
    E::Output: for<'py> IntoPyObject<'py> + Send + 'static,
{
    fn name(&self) -> &'static str {
        self.1
    }
    fn request(&self, config: &ManageBacConfig) -> Result<HttpRequest, Error> {
        config.request(&self.0)
    }
    fn idempotent(&self) -> bool {
        self.0.idempotent()
    }
    fn parse(&self, response: &HttpResponse) -> Result<Parsed, Error> {
        let out = self.0.parse(response)?;
        let unit = std::any::TypeId::of::<E::Output>() == std::any::TypeId::of::<()>();
        Ok(Parsed {
            value: Box::new(move |py| {
                if unit {
                    Ok(py.None())
                } else {
                    out.into_py_any(py)
                }
            }),
            next: None,
            meta: None,
            paged: false,
        })
    }
}

impl<P, T> DynOp for Pages<P>
where
    P: Paged<Output = Page<T>, Item = T> + Clone + Send + Sync + 'static,
    T: for<'py> IntoPyObject<'py> + Send + 'static,
{
    fn name(&self) -> &'static str {
        self.1
    }
    fn request(&self, config: &ManageBacConfig) -> Result<HttpRequest, Error> {
        config.request(&self.0)
    }
    fn idempotent(&self) -> bool {
        self.0.idempotent()
    }
    fn parse(&self, response: &HttpResponse) -> Result<Parsed, Error> {
        let page = self.0.parse(response)?;
        let next = self
            .0
            .next(&page)
            .map(|p| Box::new(Pages(p, self.1)) as Box<dyn DynOp>);
        let meta = page.meta.clone();
        let items = page.items;
        Ok(Parsed {
            value: Box::new(move |py| items.into_py_any(py)),
            next,
            meta,
            paged: true,
        })
    }
}

macro_rules! registry {
    (single: [$($sname:literal => $sty:ty),* $(,)?], paged: [$($pname:literal => $pty:ty),* $(,)?]) => {
        /// Every operation name, single then paged.
        const OPERATIONS: &[&str] = &[$($sname,)* $($pname,)*];
        /// The names of the list operations.
        const PAGED: &[&str] = &[$($pname,)*];

        fn make_op(name: &str, args: &Bound<'_, PyAny>) -> Result<Box<dyn DynOp>, Error> {
            match name {
                $($sname => Ok(Box::new(Single(from_py::<$sty>(args, "")?, $sname))),)*
                $($pname => Ok(Box::new(Pages(from_py::<$pty>(args, "")?, $pname))),)*
                other => Err(Error::invalid_input(
                    "operation",
                    format!("`{other}` is not an operation; known: {}", OPERATIONS.join(", ")),
                )),
            }
        }
    };
}
gradebridge::managebac_operations!(registry);

/// A list operation by name (an error for a single one).
fn list_op(
    py: Python<'_>,
    name: &str,
    args: Option<&Bound<'_, PyDict>>,
) -> PyResult<Box<dyn DynOp>> {
    let op = make_op(name, &args_or_empty(py, args)).map_err(|e| to_py_err(&e))?;
    if !PAGED.contains(&op.name()) {
        return Err(to_py_err(&Error::invalid_input(
            "operation",
            format!("`{name}` is not a list operation"),
        )));
    }
    Ok(op)
}

fn args_or_empty<'py>(py: Python<'py>, args: Option<&Bound<'py, PyDict>>) -> Bound<'py, PyAny> {
    args.cloned().unwrap_or_else(|| PyDict::new(py)).into_any()
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

async fn run(client: &ManageBacClient, op: &dyn DynOp) -> Result<Parsed, Error> {
    let request = op.request(client.config())?;
    let response = client.send_with_retries(&request, op.idempotent()).await?;
    op.parse(&response)
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

/// The native ManageBac client shared by `gradebridge.ManageBac` and
/// `gradebridge.AsyncManageBac`. Its repr never shows the token.
#[pyclass(module = "gradebridge._native", frozen)]
struct Client {
    inner: ManageBacClient,
}

#[pymethods]
impl Client {
    #[new]
    #[pyo3(signature = (token, base_url = None, timeout = 30.0, max_retries = 3, requests_per_minute = Some(200)))]
    fn new(
        token: String,
        base_url: Option<String>,
        timeout: f64,
        max_retries: u32,
        requests_per_minute: Option<u32>,
    ) -> PyResult<Self> {
        guard(|| {
            if !timeout.is_finite() || timeout <= 0.0 {
                return Err(to_py_err(&Error::invalid_input(
                    "timeout",
                    "must be a positive number of seconds",
                )));
            }
            let mut b = ManageBacClient::builder(token)
                .timeout(Duration::from_secs_f64(timeout))
                .max_retries(max_retries)
                .requests_per_minute(requests_per_minute);
            if let Some(url) = base_url {
                b = b.base_url(url);
            }
            // Building the reqwest client needs the runtime's context.
            let _enter = runtime().enter();
            let inner = b.build().map_err(|e| to_py_err(&e))?;
            Ok(Client { inner })
        })
    }

    /// The base URL.
    #[getter]
    fn base_url(&self) -> String {
        self.inner.config().base_url().to_string()
    }

    /// Run one operation and wait for it, with the GIL released.
    #[pyo3(signature = (name, args = None))]
    fn call(
        &self,
        py: Python<'_>,
        name: &str,
        args: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Py<PyAny>> {
        guard(|| {
            let op = make_op(name, &args_or_empty(py, args)).map_err(|e| to_py_err(&e))?;
            if PAGED.contains(&op.name()) {
                // A list operation called directly collects every page.
                let it = PageIterator::new(self.inner.clone(), op);
                let out = PyList::empty(py);
                while let Some(item) = it.next_item(py)? {
                    out.append(item)?;
                }
                return Ok(out.into_any().unbind());
            }
            let client = self.inner.clone();
            let parsed = py
                .detach(|| runtime().block_on(run(&client, &*op)))
                .map_err(|e| to_py_err(&e))?;
            (parsed.value)(py)
        })
    }

    /// Run one operation as an awaitable.
    #[pyo3(signature = (name, args = None))]
    fn call_async<'py>(
        &self,
        py: Python<'py>,
        name: &str,
        args: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        guard(|| {
            let op = make_op(name, &args_or_empty(py, args)).map_err(|e| to_py_err(&e))?;
            let client = self.inner.clone();
            pyo3_async_runtimes::tokio::future_into_py(
                py,
                caught(async move {
                    let mut next = Some(op);
                    let mut collected: Option<Vec<Py<PyAny>>> = None;
                    while let Some(op) = next.take() {
                        let parsed = run(&client, &*op).await.map_err(|e| to_py_err(&e))?;
                        if !parsed.paged {
                            return Python::attach(|py| (parsed.value)(py));
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
        args: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<PageIterator> {
        guard(|| {
            let op = list_op(py, name, args)?;
            Ok(PageIterator::new(self.inner.clone(), op))
        })
    }

    /// A lazy async iterator over a list operation's records.
    #[pyo3(signature = (name, args = None))]
    fn aiterate(
        &self,
        py: Python<'_>,
        name: &str,
        args: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<AsyncPageIterator> {
        guard(|| {
            let op = list_op(py, name, args)?;
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
        format!("Client(base_url={:?})", self.inner.config().base_url())
    }
}

fn list_items(py: Python<'_>, value: Convert) -> PyResult<Vec<Py<PyAny>>> {
    let list = value(py)?;
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
    client: ManageBacClient,
    state: Mutex<IterState>,
}

impl PageIterator {
    fn new(client: ManageBacClient, op: Box<dyn DynOp>) -> Self {
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
            let parsed = py
                .detach(|| runtime().block_on(run(&client, &*op)))
                .map_err(|e| to_py_err(&e))?;
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
}

/// Async iterator over the records of a list operation (`async for`).
#[pyclass(module = "gradebridge._native", frozen)]
struct AsyncPageIterator {
    client: ManageBacClient,
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
                    let Some(op) = st.next.take() else {
                        return Err(PyStopAsyncIteration::new_err(()));
                    };
                    let parsed = run(&client, &*op).await.map_err(|e| to_py_err(&e))?;
                    st.next = parsed.next;
                    let items = Python::attach(|py| list_items(py, parsed.value))?;
                    st.buffer.extend(items);
                }
            }),
        )
    }
}

// ---------------------------------------------------------------------------------
// Sans-IO

/// An HTTP request built by an `Operation`: send it with any HTTP client. Its repr
/// masks the credential headers.
#[pyclass(module = "gradebridge._native", frozen, get_all)]
struct Request {
    method: String,
    url: String,
    headers: Vec<(String, String)>,
    body: Option<Py<PyBytes>>,
}

#[pymethods]
impl Request {
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
/// and `.parse(status, headers, body)`.
#[pyclass(module = "gradebridge._native", frozen)]
struct Operation {
    op: Box<dyn DynOp>,
}

#[pymethods]
impl Operation {
    #[new]
    #[pyo3(signature = (name, args = None))]
    fn new(py: Python<'_>, name: &str, args: Option<&Bound<'_, PyDict>>) -> PyResult<Self> {
        guard(|| {
            Ok(Operation {
                op: make_op(name, &args_or_empty(py, args)).map_err(|e| to_py_err(&e))?,
            })
        })
    }

    /// The operation's name.
    #[getter]
    fn name(&self) -> &'static str {
        self.op.name()
    }

    /// Whether a retry after a 5xx or a dropped connection is safe.
    #[getter]
    fn idempotent(&self) -> bool {
        self.op.idempotent()
    }

    /// True for list operations (their `parse` answers a page).
    #[getter]
    fn paged(&self) -> bool {
        PAGED.contains(&self.op.name())
    }

    /// Build the request (validates the input first).
    #[pyo3(signature = (token, base_url = None))]
    fn request(
        &self,
        py: Python<'_>,
        token: String,
        base_url: Option<String>,
    ) -> PyResult<Request> {
        guard(|| {
            let mut config = ManageBacConfig::new(token);
            if let Some(url) = base_url {
                config = config.with_base_url(&url).map_err(|e| to_py_err(&e))?;
            }
            let req = self.op.request(&config).map_err(|e| to_py_err(&e))?;
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
    #[pyo3(signature = (status, headers, body))]
    fn parse(
        &self,
        py: Python<'_>,
        status: u16,
        headers: Vec<(String, String)>,
        body: &[u8],
    ) -> PyResult<Py<PyAny>> {
        guard(|| {
            let response = HttpResponse {
                status,
                headers,
                body: body.to_vec(),
            };
            let parsed = self.op.parse(&response).map_err(|e| to_py_err(&e))?;
            if !parsed.paged {
                return (parsed.value)(py);
            }
            let next = match parsed.next {
                Some(op) => Some(Py::new(py, Operation { op })?),
                None => None,
            };
            let page = Page_ {
                items: (parsed.value)(py)?,
                meta: parsed.meta,
                next,
            };
            page.into_py_any(py)
        })
    }

    fn __repr__(&self) -> String {
        format!("Operation({:?})", self.op.name())
    }
}

/// For the tests: panic inside the binding's guard, to show that a Rust panic
/// reaches Python as a `GradebridgeError`, not as pyo3's `PanicException`.
#[pyfunction]
#[allow(clippy::panic)]
fn _panic_for_tests() -> PyResult<()> {
    guard(|| panic!("deliberate test panic"))
}

/// The names of every operation.
#[pyfunction]
fn operations() -> Vec<&'static str> {
    OPERATIONS.to_vec()
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    add_models(m)?;
    grading::add(m)?;
    add_exceptions(m)?;
    m.add_class::<Client>()?;
    m.add_class::<PageIterator>()?;
    m.add_class::<AsyncPageIterator>()?;
    m.add_class::<Operation>()?;
    m.add_class::<Request>()?;
    m.add("Page", m.py().get_type::<Page_>())?;
    m.add_function(wrap_pyfunction!(operations, m)?)?;
    m.add_function(wrap_pyfunction!(_panic_for_tests, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
