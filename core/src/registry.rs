//! The operation registry: every operation of every platform, declared once with
//! what the bindings need, and the one type-erased layer that serves both bindings.
//!
//! A platform module declares its operations with [`crate::operations!`]:
//!
//! ```ignore
//! crate::operations! {
//!     platform: ManageBacConfig;
//!     /// Every gradebook grade of a class for a term.
//!     paged class_grades(class_id: i64, term_id: i64) => ClassGrades;
//!     /// A class's tasks (of one term, when given).
//!     paged tasks(class_id: i64; term_id) => Tasks;
//!     /// One task.
//!     single get_task(class_id: i64, task_id: i64) => GetTask;
//! }
//! ```
//!
//! Each line gives the operation's name (the same in Rust and Python, camelCase in
//! JS), whether it is a list (`paged`) or not (`single`), its positional arguments
//! in order (the required ones with their Rust types, then after `;` the optional
//! ones that may also be passed by position), and its endpoint type, whose `new`
//! takes the required arguments. From that one line come: the Rust client method,
//! the entry in [`OpInfo`] tables that the bindings and the generated faces read,
//! and the dispatch from a name and JSON arguments to a [`DynOp`].

use serde::Serialize;

use crate::endpoint::{Endpoint, Page, PageMeta, Paged};
use crate::error::Error;
use crate::http::{HttpResponse, RequestSpec};
use crate::platform::Platform;

/// What the bindings and the generated faces need to know of one operation.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct OpInfo {
    /// The platform's id (`managebac`).
    pub platform: &'static str,
    /// The operation's name (snake_case).
    pub name: &'static str,
    /// The Rust endpoint type.
    pub type_name: &'static str,
    /// A list operation (its output is a page of records).
    pub paged: bool,
    /// The arguments that may be passed by position, in order.
    pub positional: &'static [&'static str],
    /// How many of `positional` are required (the first ones).
    pub required: usize,
    /// For a list whose records are a JSON list of its item model, where that list
    /// is in the answer (`students`, `grades.grade`; see [`Paged::ITEMS_AT`]);
    /// empty otherwise.
    pub items_at: &'static str,
    /// The operation's documentation (the doc comment of its declaration). Left
    /// out of wasm32 builds, where the generated TypeScript carries it and every
    /// byte is downloaded.
    #[cfg(not(target_arch = "wasm32"))]
    pub doc: &'static str,
    /// The schemas of its arguments and output.
    #[cfg(feature = "schema")]
    #[serde(skip)]
    pub schema: fn(&mut schemars::SchemaGenerator) -> crate::schema::OpSchemas,
}

/// What the bindings need to know of one platform.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PlatformInfo {
    /// The id (`managebac`).
    pub id: &'static str,
    /// The name of its client class in Python and JS (`ManageBac`).
    pub name: &'static str,
    /// Its settings (credentials), in the order the client constructors take them.
    pub settings: &'static [crate::platform::Setting],
    /// The request limit its clients keep to by default, per minute (`None`: none).
    pub requests_per_minute: Option<u32>,
}

/// Every platform.
pub fn platforms() -> impl Iterator<Item = PlatformInfo> {
    fn info<P: Platform>() -> PlatformInfo {
        PlatformInfo {
            id: P::ID,
            name: P::NAME,
            settings: P::SETTINGS,
            requests_per_minute: P::REQUESTS_PER_MINUTE,
        }
    }
    [
        info::<crate::managebac::ManageBacConfig>(),
        info::<crate::schoology::SchoologyConfig>(),
        info::<crate::blackboard::BlackboardConfig>(),
    ]
    .into_iter()
}

/// Every platform's operations, in declaration order.
pub fn operations() -> impl Iterator<Item = &'static OpInfo> {
    crate::managebac::OPERATIONS
        .iter()
        .chain(crate::schoology::OPERATIONS.iter())
        .chain(crate::blackboard::OPERATIONS.iter())
}

/// The operation `name` of `platform`, read from JSON arguments (named as the
/// endpoint struct's fields; unknown keys are refused, naming the field). `null` is
/// no arguments, as `{}` is.
pub fn make_op(
    platform: &str,
    name: &str,
    args: serde_json::Value,
) -> Result<Box<dyn DynOp>, Error> {
    // No arguments, as the bindings' `None`/`undefined` say it: an empty object.
    let args = match args {
        serde_json::Value::Null => serde_json::Value::Object(serde_json::Map::new()),
        other => other,
    };
    let found = match platform {
        crate::managebac::ManageBacConfig::ID => crate::managebac::make_op(name, args),
        crate::schoology::SchoologyConfig::ID => crate::schoology::make_op(name, args),
        crate::blackboard::BlackboardConfig::ID => crate::blackboard::make_op(name, args),
        other => return Err(unknown_platform(other)),
    };
    found.unwrap_or_else(|| {
        let known: Vec<&str> = operations()
            .filter(|o| o.platform == platform)
            .map(|o| o.name)
            .collect();
        Err(Error::invalid_input(
            "operation",
            format!(
                "`{name}` is not an operation of {platform}; known: {}",
                known.join(", ")
            ),
        ))
    })
}

// ---------------------------------------------------------------------------------
// The erased layer.

/// What a binding can do with a parsed output without knowing its type.
pub trait Output: Send {
    /// The output as JSON text (the API's shape; `null` for no output).
    fn to_json(&self) -> Result<String, Error>;
    /// Append the output's JSON text to `buf` (no intermediate string).
    fn write_json(&self, buf: &mut Vec<u8>) -> Result<(), Error>;
    /// The output as a Python object (models as their classes; `None` for no output).
    #[cfg(feature = "python")]
    fn into_py(self: Box<Self>, py: pyo3::Python<'_>) -> pyo3::PyResult<pyo3::Py<pyo3::PyAny>>;
}

/// The bounds an output type meets: serializable, and with the `python` feature,
/// convertible to a Python object.
#[cfg(feature = "python")]
pub trait OutputValue: Serialize + for<'py> pyo3::IntoPyObject<'py> + Send + 'static {}
#[cfg(feature = "python")]
impl<T: Serialize + for<'py> pyo3::IntoPyObject<'py> + Send + 'static> OutputValue for T {}
/// The bounds an output type meets: serializable, and with the `python` feature,
/// convertible to a Python object.
#[cfg(not(feature = "python"))]
pub trait OutputValue: Serialize + Send + 'static {}
#[cfg(not(feature = "python"))]
impl<T: Serialize + Send + 'static> OutputValue for T {}

impl<T: OutputValue> Output for T {
    fn to_json(&self) -> Result<String, Error> {
        // Through `write_json`: one writer per output type, not two.
        json_text(self)
    }
    fn write_json(&self, buf: &mut Vec<u8>) -> Result<(), Error> {
        serde_json::to_writer(buf, self).map_err(not_serialized)
    }
    #[cfg(feature = "python")]
    fn into_py(self: Box<Self>, py: pyo3::Python<'_>) -> pyo3::PyResult<pyo3::Py<pyo3::PyAny>> {
        use pyo3::IntoPyObjectExt;
        if std::any::TypeId::of::<T>() == std::any::TypeId::of::<()>() {
            return Ok(py.None());
        }
        (*self).into_py_any(py)
    }
}

/// An output's JSON text (serde_json's, always UTF-8) as a `String`.
fn json_text(output: &dyn Output) -> Result<String, Error> {
    let mut buf = Vec::new();
    output.write_json(&mut buf)?;
    Ok(String::from_utf8(buf)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
}

/// An output serde_json could not write.
fn not_serialized(e: serde_json::Error) -> Error {
    Error::invalid_input("value", format!("cannot be serialized: {e}"))
}

/// A parsed answer: the value (for a list operation, the page's records), and for a
/// list operation its position and the operation of the next page.
pub struct Parsed {
    /// The output, or the page's records.
    pub value: Box<dyn Output>,
    /// For a list: the operation of the following page (`None` on the last).
    pub next: Option<Box<dyn DynOp>>,
    /// For a list: the page's position, when the platform said.
    pub meta: Option<PageMeta>,
    /// True for a list operation.
    pub paged: bool,
}

/// An operation with its types erased, so that one path serves every operation of
/// every platform in both bindings.
pub trait DynOp: Send + Sync {
    /// The operation's registry entry.
    fn info(&self) -> &'static OpInfo;
    /// Validate the input and describe the request.
    fn spec(&self) -> Result<RequestSpec, Error>;
    /// Whether a retry is safe.
    fn idempotent(&self) -> bool;
    /// Parse a response.
    fn parse(&self, response: &HttpResponse) -> Result<Parsed, Error>;
    /// Parse a list's answer whose records (the list at [`OpInfo::items_at`]) the
    /// caller read itself and left out of `response` (an empty list there): the
    /// status, the page's position and the next page, as `parse` gives them for
    /// `count` records. Any other operation parses as `parse` does.
    fn parse_envelope(&self, response: &HttpResponse, count: usize) -> Result<Parsed, Error> {
        let _ = count;
        self.parse(response)
    }
    /// A list operation's arguments as JSON (named as its fields): how the JS face
    /// passes the next page on. `null` for a single operation (kept out of the
    /// WebAssembly module, where every serializer costs download size).
    fn args(&self) -> serde_json::Value;
    /// Whether its answer is a redirect to follow without credentials.
    fn follows_redirect(&self) -> bool;
    /// Send it on `client` and parse the answer: one request, or for a batched
    /// write, one a batch.
    #[cfg(feature = "client")]
    fn run<'a>(
        &'a self,
        client: &'a dyn ErasedClient,
    ) -> crate::clock::BoxFuture<'a, Result<Parsed, Error>>;
}

/// [`DynOp::run`] of an operation that is one request: one function for all of them
/// (a default method would be built again for each operation type: 40 KB of the wasm
/// module, 1.9 KB once gzipped).
#[cfg(feature = "client")]
fn run_one<'a>(
    op: &'a dyn DynOp,
    client: &'a dyn ErasedClient,
) -> crate::clock::BoxFuture<'a, Result<Parsed, Error>> {
    Box::pin(async move {
        let spec = op.spec()?;
        let (response, attempts) = client
            .send_spec(&spec, op.idempotent(), op.follows_redirect())
            .await?;
        op.parse(&response).map_err(|e| e.with_attempts(attempts))
    })
}

/// A single (non-list) operation, erased. Built by [`crate::operations!`].
pub struct Single<E>(pub E, pub &'static OpInfo);
/// A list operation, erased. Built by [`crate::operations!`].
pub struct Pages<E>(pub E, pub &'static OpInfo);

/// What `Single`, `Pages` and `Batches` share: everything but `parse` (and `run`;
/// `one_request` adds the [`run_one`] of `Single` and `Pages`).
macro_rules! erased_common {
    (one_request) => {
        erased_common!();
        #[cfg(feature = "client")]
        fn run<'a>(
            &'a self,
            client: &'a dyn ErasedClient,
        ) -> crate::clock::BoxFuture<'a, Result<Parsed, Error>> {
            run_one(self, client)
        }
    };
    () => {
        fn info(&self) -> &'static OpInfo {
            self.1
        }
        fn spec(&self) -> Result<RequestSpec, Error> {
            self.0.spec()
        }
        fn idempotent(&self) -> bool {
            self.0.idempotent()
        }
        fn follows_redirect(&self) -> bool {
            self.0.follows_redirect()
        }
    };
}

impl<E> DynOp for Single<E>
where
    E: Endpoint + Serialize + Send + Sync + 'static,
    E::Output: OutputValue,
{
    erased_common!(one_request);
    fn parse(&self, response: &HttpResponse) -> Result<Parsed, Error> {
        let out = self
            .0
            .parse(response)
            .map_err(|e| e.with_platform(self.1.platform))?;
        Ok(Parsed {
            value: Box::new(out),
            next: None,
            meta: None,
            paged: false,
        })
    }
    fn args(&self) -> serde_json::Value {
        serde_json::Value::Null
    }
}

impl<E, T> Pages<E>
where
    E: Paged<Output = Page<T>, Item = T> + Serialize + Send + Sync + 'static,
    Vec<T>: OutputValue,
{
    /// Parse a page; its next page follows from its position and `count` records
    /// (the records parsed here, unless the caller read them itself).
    fn parse_page(&self, response: &HttpResponse, count: Option<usize>) -> Result<Parsed, Error> {
        let page = self
            .0
            .parse(response)
            .map_err(|e| e.with_platform(self.1.platform))?;
        let count = count.unwrap_or(page.items.len());
        let next = self
            .0
            .next_after(page.meta.as_ref(), count)
            .map(|p| Box::new(Pages(p, self.1)) as Box<dyn DynOp>);
        Ok(Parsed {
            value: Box::new(page.items),
            next,
            meta: page.meta,
            paged: true,
        })
    }
}

impl<E, T> DynOp for Pages<E>
where
    E: Paged<Output = Page<T>, Item = T> + Serialize + Send + Sync + 'static,
    Vec<T>: OutputValue,
{
    erased_common!(one_request);
    fn parse(&self, response: &HttpResponse) -> Result<Parsed, Error> {
        self.parse_page(response, None)
    }
    fn parse_envelope(&self, response: &HttpResponse, count: usize) -> Result<Parsed, Error> {
        self.parse_page(response, Some(count))
    }
    fn args(&self) -> serde_json::Value {
        // The arguments that are set: an unset option is left out, not `null`.
        match crate::input::to_value(&self.0) {
            Ok(serde_json::Value::Object(m)) => {
                // Not `retain`: that builds the B-tree's removal code (node merges)
                // into the wasm module for this one use.
                let mut set = serde_json::Map::new();
                for (k, v) in m {
                    if !v.is_null() {
                        set.insert(k, v);
                    }
                }
                serde_json::Value::Object(set)
            }
            other => other.unwrap_or_default(),
        }
    }
}

/// A batched write, erased: its spec and parse are one batch's (the sans-IO face);
/// a client runs every batch ([`DynOp::run`]). Built by [`crate::operations!`].
pub struct Batches<E>(pub E, pub &'static OpInfo);

impl<E> DynOp for Batches<E>
where
    E: crate::endpoint::Batched + Serialize + Send + Sync + 'static,
    E::Output: OutputValue,
{
    erased_common!();
    fn parse(&self, response: &HttpResponse) -> Result<Parsed, Error> {
        Single(self.0.clone(), self.1).parse(response)
    }
    fn args(&self) -> serde_json::Value {
        serde_json::Value::Null
    }
    #[cfg(feature = "client")]
    fn run<'a>(
        &'a self,
        client: &'a dyn ErasedClient,
    ) -> crate::clock::BoxFuture<'a, Result<Parsed, Error>> {
        let platform = self.1.platform;
        Box::pin(async move {
            let out = run_batches_on(&self.0, client)
                .await
                .map_err(|e| e.with_platform(platform))?;
            Ok(Parsed {
                value: Box::new(out),
                next: None,
                meta: None,
                paged: false,
            })
        })
    }
}

/// Build the request of `op` on `platform`, whose settings (credentials, base URL)
/// are given as JSON: the sans-IO path of the bindings.
pub fn build_request(
    platform: &str,
    settings: serde_json::Value,
    op: &dyn DynOp,
    auth: &crate::platform::AuthContext,
) -> Result<crate::HttpRequest, Error> {
    check_platform(platform, op)?;
    let spec = op.spec()?;
    match platform {
        crate::managebac::ManageBacConfig::ID => {
            <crate::managebac::ManageBacConfig as Platform>::from_settings(settings)?
                .authorize(spec, auth)
        }
        crate::schoology::SchoologyConfig::ID => {
            <crate::schoology::SchoologyConfig as Platform>::from_settings(settings)?
                .authorize(spec, auth)
        }
        crate::blackboard::BlackboardConfig::ID => {
            <crate::blackboard::BlackboardConfig as Platform>::from_settings(settings)?
                .authorize(spec, auth)
        }
        other => Err(unknown_platform(other)),
    }
}

fn unknown_platform(other: &str) -> Error {
    Error::invalid_input(
        "platform",
        format!(
            "`{other}` is not a platform; known: {}",
            platforms().map(|p| p.id).collect::<Vec<_>>().join(", ")
        ),
    )
}

fn check_platform(platform: &str, op: &dyn DynOp) -> Result<(), Error> {
    if op.info().platform == platform {
        Ok(())
    } else {
        Err(Error::invalid_input(
            "operation",
            format!(
                "`{}` is an operation of {}, not of {platform}",
                op.info().name,
                op.info().platform
            ),
        ))
    }
}

/// The client settings every platform shares, as the bindings pass them.
#[cfg(feature = "client")]
#[derive(Clone, Default)]
pub struct ClientOptions {
    /// Base URL (default: the platform's).
    pub base_url: Option<String>,
    /// Per-request timeout.
    pub timeout: Option<std::time::Duration>,
    /// Retries of idempotent requests.
    pub max_retries: Option<u32>,
    /// Client-side limit: `None` keeps the platform's, `Some(None)` switches it off.
    pub requests_per_minute: Option<Option<u32>>,
    /// First backoff between retries.
    pub backoff: Option<std::time::Duration>,
    /// Longest backoff.
    pub max_backoff: Option<std::time::Duration>,
    /// Longest `Retry-After` waited out.
    pub max_retry_after: Option<std::time::Duration>,
    /// Statuses retried.
    pub retry_statuses: Option<Vec<u16>>,
    /// Where the client's events go.
    pub on_event: Option<std::sync::Arc<dyn crate::client::EventHook>>,
    /// The caller's product, after `gradebridge/<version>` in the `User-Agent`.
    pub user_agent: Option<String>,
    /// Extra headers for every request.
    pub headers: Vec<(String, String)>,
    /// An HTTP(S) proxy (native targets).
    pub proxy: Option<String>,
}

#[cfg(feature = "client")]
impl std::fmt::Debug for ClientOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientOptions")
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("max_retries", &self.max_retries)
            .field("requests_per_minute", &self.requests_per_minute)
            .field("backoff", &self.backoff)
            .field("max_backoff", &self.max_backoff)
            .field("max_retry_after", &self.max_retry_after)
            .field("retry_statuses", &self.retry_statuses)
            .field("on_event", &self.on_event.is_some())
            .field("user_agent", &self.user_agent)
            .field(
                "headers",
                &self.headers.iter().map(|(k, _)| k).collect::<Vec<_>>(),
            )
            .field("proxy", &self.proxy.is_some())
            .finish()
    }
}

/// A client of any platform, with its types erased: what both bindings hold.
#[cfg(feature = "client")]
pub trait ErasedClient: crate::clock::MaybeSend + crate::clock::MaybeSync {
    /// The platform's id.
    fn platform_id(&self) -> &'static str;
    /// The base URL.
    fn base_url(&self) -> String;
    /// Send a spec with the client's limiter, authentication and retries; with
    /// `follow`, follow a redirect answer without credentials. The answer and how
    /// many attempts it took.
    fn send_spec<'a>(
        &'a self,
        spec: &'a RequestSpec,
        idempotent: bool,
        follow: bool,
    ) -> crate::clock::BoxFuture<'a, Result<(HttpResponse, u32), Error>>;
}

#[cfg(feature = "client")]
impl<P: Platform> ErasedClient for crate::client::Client<P> {
    fn platform_id(&self) -> &'static str {
        P::ID
    }
    fn base_url(&self) -> String {
        self.platform().base_url().to_string()
    }
    fn send_spec<'a>(
        &'a self,
        spec: &'a RequestSpec,
        idempotent: bool,
        follow: bool,
    ) -> crate::clock::BoxFuture<'a, Result<(HttpResponse, u32), Error>> {
        Box::pin(async move {
            let (response, attempts) = self.send_counted(spec, idempotent).await?;
            if follow {
                Ok((self.follow_redirect(spec, response).await?, attempts))
            } else {
                Ok((response, attempts))
            }
        })
    }
}

/// [`crate::endpoint::run_batches`] through any client: the one batch loop per
/// operation type that both the typed client (`Client::execute_batched`) and the
/// registry's erased operations run.
#[cfg(feature = "client")]
pub(crate) async fn run_batches_on<E>(op: &E, client: &dyn ErasedClient) -> Result<E::Output, Error>
where
    E: crate::endpoint::Batched + Sync,
{
    crate::endpoint::run_batches(
        op,
        |batch: E| async move { execute_on(client, &batch).await },
    )
    .await
}

/// One endpoint on any client: validate, send (limits, authentication, retries,
/// a redirect followed when the endpoint asks), parse. `Client::execute` and each
/// batch of [`run_batches_on`] run it.
#[cfg(feature = "client")]
pub(crate) async fn execute_on<E>(client: &dyn ErasedClient, op: &E) -> Result<E::Output, Error>
where
    E: Endpoint + ?Sized + Sync,
{
    let spec = op.spec()?;
    let (response, attempts) = client
        .send_spec(&spec, op.idempotent(), op.follows_redirect())
        .await?;
    op.parse(&response).map_err(|e| {
        e.with_platform(client.platform_id())
            .with_attempts(attempts)
    })
}

/// A client of `platform` from its settings (credentials) as JSON and the shared
/// options.
#[cfg(feature = "client")]
pub fn client_for(
    platform: &str,
    settings: serde_json::Value,
    options: ClientOptions,
) -> Result<std::sync::Arc<dyn ErasedClient>, Error> {
    fn build<P: Platform>(
        p: P,
        o: ClientOptions,
    ) -> Result<std::sync::Arc<dyn ErasedClient>, Error> {
        let mut b = crate::client::ClientBuilder::new(p);
        if let Some(url) = o.base_url {
            b = b.base_url(url);
        }
        if let Some(t) = o.timeout {
            b = b.timeout(t);
        }
        if let Some(n) = o.max_retries {
            b = b.max_retries(n);
        }
        if let Some(rpm) = o.requests_per_minute {
            b = b.requests_per_minute(rpm);
        }
        if let Some(d) = o.backoff {
            b = b.backoff(d);
        }
        if let Some(d) = o.max_backoff {
            b = b.max_backoff(d);
        }
        if let Some(d) = o.max_retry_after {
            b = b.max_retry_after(d);
        }
        if let Some(s) = o.retry_statuses {
            b = b.retry_statuses(s);
        }
        if let Some(hook) = o.on_event {
            b = b.on_event(move |e: &crate::client::Event| hook(e));
        }
        if let Some(ua) = o.user_agent {
            b = b.user_agent(ua);
        }
        for (k, v) in o.headers {
            b = b.header(k, v);
        }
        if let Some(p) = o.proxy {
            b = b.proxy(p);
        }
        Ok(std::sync::Arc::new(b.build()?))
    }
    match platform {
        crate::managebac::ManageBacConfig::ID => build(
            <crate::managebac::ManageBacConfig as Platform>::from_settings(settings)?,
            options,
        ),
        crate::schoology::SchoologyConfig::ID => build(
            <crate::schoology::SchoologyConfig as Platform>::from_settings(settings)?,
            options,
        ),
        crate::blackboard::BlackboardConfig::ID => build(
            <crate::blackboard::BlackboardConfig as Platform>::from_settings(settings)?,
            options,
        ),
        other => Err(unknown_platform(other)),
    }
}

/// Run an erased operation on an erased client: validate, send (limits, retries,
/// authentication), parse.
#[cfg(feature = "client")]
pub async fn run(client: &dyn ErasedClient, op: &dyn DynOp) -> Result<Parsed, Error> {
    check_platform(client.platform_id(), op)?;
    op.run(client).await
}

/// Send an erased operation's request on an erased client (validate, limits,
/// retries, authentication) without parsing the answer: the answer and the number
/// of attempts. For the JS package, which reads a list's records itself and then
/// parses the rest with [`DynOp::parse_envelope`] (or the whole answer with
/// [`DynOp::parse`]); [`run`] is this and `parse` in one.
#[cfg(feature = "client")]
pub async fn send(client: &dyn ErasedClient, op: &dyn DynOp) -> Result<(HttpResponse, u32), Error> {
    check_platform(client.platform_id(), op)?;
    let spec = op.spec()?;
    client
        .send_spec(&spec, op.idempotent(), op.follows_redirect())
        .await
}

/// Read an operation's arguments strictly, or say that `name` is not this
/// platform's (used by [`crate::operations!`]).
#[doc(hidden)]
pub fn read_args<E: serde::de::DeserializeOwned>(args: serde_json::Value) -> Result<E, Error> {
    crate::input::from_value_strict(args, "")
}

/// Declare a platform's operations; see the [module documentation](crate::registry).
#[macro_export]
macro_rules! operations {
    (
        platform: $platform:ty;
        $(
            $(#[doc = $doc:literal])*
            $kind:ident $name:ident ( $($arg:ident : $argty:ty),* $(; $($opt:ident),*)? ) => $ty:ident;
        )*
    ) => {
        /// Every operation of this platform, in declaration order.
        pub static OPERATIONS: &[$crate::registry::OpInfo] = &[
            $($crate::registry::OpInfo {
                platform: <$platform as $crate::platform::Platform>::ID,
                name: stringify!($name),
                type_name: stringify!($ty),
                paged: $crate::operations!(@paged $kind),
                positional: &[$(stringify!($arg),)* $($(stringify!($opt),)*)?],
                required: <[&str]>::len(&[$(stringify!($arg)),*]),
                items_at: $crate::operations!(@items_at $kind $ty),
                #[cfg(not(target_arch = "wasm32"))]
                doc: concat!($($doc, "\n"),*),
                #[cfg(feature = "schema")]
                schema: $crate::operations!(@schema $kind $ty),
            },)*
        ];

        /// The operation `name` from JSON arguments, or `None` when this platform
        /// has no such operation.
        pub fn make_op(
            name: &str,
            args: serde_json::Value,
        ) -> Option<Result<Box<dyn $crate::registry::DynOp>, $crate::Error>> {
            let mut index = 0usize;
            $(
                if name == stringify!($name) {
                    return Some($crate::registry::read_args::<$ty>(args).map(|op| {
                        $crate::operations!(@erase $kind, op, &OPERATIONS[index])
                    }));
                }
                index += 1;
            )*
            let _ = index;
            None
        }

        /// Core's tests: the operation `name`'s arguments read by serde's derive and
        /// by the wasm32 reader (`crate::read::Own`), each as its `Debug` text or
        /// its error.
        #[cfg(test)]
        #[allow(clippy::type_complexity)]
        pub(crate) fn read_both(
            name: &str,
            args: &serde_json::Value,
        ) -> Option<(Result<String, String>, Result<String, String>)> {
            let show = |e: $crate::Error| format!("{:?}: {}", e.kind(), e.message());
            $(
                if name == stringify!($name) {
                    return Some((
                        $crate::registry::read_args::<$ty>(args.clone())
                            .map(|op| format!("{op:?}"))
                            .map_err(show),
                        $crate::read::tests::as_wasm(|| {
                            $crate::registry::read_args::<$crate::read::Own<$ty>>(args.clone())
                        })
                        .map(|op| format!("{:?}", op.0))
                            .map_err(show),
                    ));
                }
            )*
            None
        }

        #[cfg(feature = "client")]
        impl $crate::client::Client<$platform> {
            $($crate::operations!(@method $kind $name ($($arg : $argty),*) $ty [$($doc),*]);)*
        }
    };
    (@schema paged $ty:ident) => {
        |g| $crate::schema::OpSchemas {
            args: g.subschema_for::<$ty>(),
            output: g.subschema_for::<Vec<<$ty as $crate::Paged>::Item>>(),
            item: Some(g.subschema_for::<<$ty as $crate::Paged>::Item>()),
        }
    };
    (@schema single $ty:ident) => {
        |g| $crate::schema::OpSchemas {
            args: g.subschema_for::<$ty>(),
            output: g.subschema_for::<<$ty as $crate::Endpoint>::Output>(),
            item: None,
        }
    };
    (@schema batched $ty:ident) => { $crate::operations!(@schema single $ty) };
    (@items_at paged $ty:ident) => { <$ty as $crate::Paged>::ITEMS_AT };
    (@items_at single $ty:ident) => { "" };
    (@items_at batched $ty:ident) => { "" };
    (@paged paged) => { true };
    (@paged single) => { false };
    (@paged batched) => { false };
    (@erase paged, $op:ident, $info:expr) => {
        Box::new($crate::registry::Pages($op, $info)) as Box<dyn $crate::registry::DynOp>
    };
    (@erase single, $op:ident, $info:expr) => {
        Box::new($crate::registry::Single($op, $info)) as Box<dyn $crate::registry::DynOp>
    };
    (@erase batched, $op:ident, $info:expr) => {
        Box::new($crate::registry::Batches($op, $info)) as Box<dyn $crate::registry::DynOp>
    };
    (@method paged $name:ident ($($arg:ident : $argty:ty),*) $ty:ident [$($doc:literal),*]) => {
        $(#[doc = $doc])*
        ///
        /// A list: `.await` it for every record, or read `.items()` / `.pages()`
        /// lazily.
        pub fn $name(&self, $($arg: $argty),*) -> $crate::client::Pager<$ty> {
            self.pager(<$ty>::new($($arg),*))
        }
    };
    (@method single $name:ident ($($arg:ident : $argty:ty),*) $ty:ident [$($doc:literal),*]) => {
        $(#[doc = $doc])*
        pub async fn $name(
            &self,
            $($arg: $argty),*
        ) -> Result<<$ty as $crate::Endpoint>::Output, $crate::Error> {
            self.execute(&<$ty>::new($($arg),*)).await
        }
    };
    (@method batched $name:ident ($($arg:ident : $argty:ty),*) $ty:ident [$($doc:literal),*]) => {
        $(#[doc = $doc])*
        pub async fn $name(
            &self,
            $($arg: $argty),*
        ) -> Result<<$ty as $crate::Endpoint>::Output, $crate::Error> {
            self.execute_batched(&<$ty>::new($($arg),*)).await
        }
    };
}
