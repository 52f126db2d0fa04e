//! The async client (feature `client`): one [`Client`] generic over the platform
//! ([`crate::Platform`]), the transport ([`Transport`], reqwest by default: rustls on
//! native, fetch on wasm32) and the clock ([`Clock`]). It rate-limits, retries
//! idempotent requests with backoff, waits out 429s, obtains and renews bearer
//! tokens, signs each attempt afresh and follows pages. It knows no endpoint: every
//! operation goes through [`Client::execute`] or [`Client::pages`]; the named methods
//! (`mb.class_grades(..)`) are generated from each platform's operation registry.
//!
//! ```no_run
//! # async fn demo() -> Result<(), gradebridge::Error> {
//! use gradebridge::client::ManageBacClient;
//!
//! let mb = ManageBacClient::builder("my-token").build()?;
//! for class in mb.classes().collect().await? {
//!     println!("{} {}", class.id, class.name.unwrap_or_default());
//! }
//! let grades = mb.class_grades(10, 20).collect().await?;
//! # let _ = grades; Ok(()) }
//! ```

use std::fmt;
use std::future::IntoFuture;
use std::sync::atomic::AtomicU64;
use std::sync::Arc;
use std::time::Duration;

use futures_util::stream::{self, Stream, StreamExt};

use crate::clock::{BoxFuture, Clock, MaybeSend};
use crate::endpoint::{Endpoint, Paged};
use crate::error::{Error, ErrorKind};
use crate::http::{HttpResponse, RequestSpec};
use crate::managebac::ManageBacConfig;
use crate::platform::{Platform, RateLimit};

use self::core::Core;

mod core;
mod events;
#[cfg(target_arch = "wasm32")]
mod fetch;
mod ratelimit;
mod transport;

pub use events::{Event, EventHook};
#[cfg(target_arch = "wasm32")]
pub use fetch::FetchTransport;
pub use ratelimit::RateLimiter;
pub use transport::{ReqwestTransport, Transport, TransportError};

/// The ManageBac client: [`Client`] on [`ManageBacConfig`].
pub type ManageBacClient = Client<ManageBacConfig>;

/// The system clock: `web-time` (works on wasm32) and tokio's or the browser's timers.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Duration {
        web_time::SystemTime::now()
            .duration_since(web_time::UNIX_EPOCH)
            .unwrap_or_default()
    }

    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()> {
        #[cfg(not(target_arch = "wasm32"))]
        {
            Box::pin(tokio::time::sleep(duration))
        }
        #[cfg(target_arch = "wasm32")]
        {
            Box::pin(gloo_timers::future::sleep(duration))
        }
    }
}

/// Longest wait the client accepts from a 429 before it gives the error to the
/// caller instead.
pub const MAX_RATE_LIMIT_WAIT: Duration = Duration::from_secs(300);

/// A bearer token is renewed this long before the server said it expires.
pub const TOKEN_RENEW_MARGIN: Duration = Duration::from_secs(60);

/// How to build a [`Client`]: the platform's config plus the client's settings.
pub struct ClientBuilder<P: Platform> {
    platform: P,
    base_url: Option<String>,
    options: Options,
}

/// A builder's settings besides the platform's (the same for every platform).
struct Options {
    timeout: Duration,
    max_retries: u32,
    max_rate_limit_waits: u32,
    rate_limit: Option<RateLimit>,
    backoff: Duration,
    max_backoff: Duration,
    max_retry_after: Duration,
    retry_statuses: Vec<u16>,
    on_event: Option<Arc<dyn EventHook>>,
    user_agent: Option<String>,
    headers: Vec<(String, String)>,
    proxy: Option<String>,
    clock: Option<Arc<dyn Clock>>,
    transport: Option<Arc<dyn Transport>>,
}

impl<P: Platform> fmt::Debug for ClientBuilder<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("platform", &self.platform)
            .field("base_url", &self.base_url)
            .field("timeout", &self.options.timeout)
            .field("max_retries", &self.options.max_retries)
            .field("rate_limit", &self.options.rate_limit)
            .field("backoff", &self.options.backoff)
            .field("max_backoff", &self.options.max_backoff)
            .field("max_retry_after", &self.options.max_retry_after)
            .field("retry_statuses", &self.options.retry_statuses)
            .finish()
    }
}

impl<P: Platform> ClientBuilder<P> {
    /// A builder for `platform` with the defaults: 30 s timeout, 3 retries of 502,
    /// 503 and 504 (and transport failures), 250 ms first backoff doubling up to 10
    /// s, 5 waited 429s of at most 300 s each, the platform's own rate limit.
    pub fn new(platform: P) -> Self {
        let rate_limit = platform.default_rate_limit();
        ClientBuilder {
            platform,
            base_url: None,
            options: Options {
                timeout: Duration::from_secs(30),
                max_retries: 3,
                max_rate_limit_waits: 5,
                rate_limit,
                backoff: Duration::from_millis(250),
                max_backoff: Duration::from_secs(10),
                max_retry_after: MAX_RATE_LIMIT_WAIT,
                retry_statuses: vec![502, 503, 504],
                on_event: None,
                user_agent: None,
                headers: Vec::new(),
                proxy: None,
                clock: None,
                transport: None,
            },
        }
    }
    /// Base URL (a regional host, the sandbox); `http://` only on loopback.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }
    /// Per-request timeout (default 30 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.options.timeout = timeout;
        self
    }
    /// Retries of an idempotent request after 502/503/504 or a transport failure
    /// (default 3).
    pub fn max_retries(mut self, n: u32) -> Self {
        self.options.max_retries = n;
        self
    }
    /// How many 429 answers in a row are waited out before the error reaches the
    /// caller (default 5).
    pub fn max_rate_limit_waits(mut self, n: u32) -> Self {
        self.options.max_rate_limit_waits = n;
        self
    }
    /// Client-side limit in requests per minute (default: the platform's, 200 for
    /// ManageBac); `None` switches it off.
    pub fn requests_per_minute(mut self, rpm: Option<u32>) -> Self {
        self.options.rate_limit = rpm.map(RateLimit::per_minute);
        self
    }
    /// First backoff delay between retries (default 250 ms, doubling, capped at
    /// [`ClientBuilder::max_backoff`]).
    pub fn backoff(mut self, base: Duration) -> Self {
        self.options.backoff = base;
        self
    }
    /// The longest backoff between retries (default 10 s).
    pub fn max_backoff(mut self, max: Duration) -> Self {
        self.options.max_backoff = max;
        self
    }
    /// The longest `Retry-After` a 429 may ask the client to wait (default 300 s);
    /// a longer one reaches the caller as a rate-limit error at once.
    pub fn max_retry_after(mut self, max: Duration) -> Self {
        self.options.max_retry_after = max;
        self
    }
    /// The statuses retried for idempotent requests (default 502, 503, 504); 429 is
    /// always waited out instead, and only 5xx statuses may be listed.
    pub fn retry_statuses(mut self, statuses: impl IntoIterator<Item = u16>) -> Self {
        self.options.retry_statuses = statuses.into_iter().collect();
        self
    }
    /// Call `hook` with each [`Event`] (answered requests, 429 waits, retries); they
    /// also go to `tracing` (target `gradebridge`).
    pub fn on_event(mut self, hook: impl EventHook + 'static) -> Self {
        self.options.on_event = Some(Arc::new(hook));
        self
    }
    /// Add your own product to the `User-Agent` (`gradebridge/0.1.0 my-sync/2.3`);
    /// by default it is `gradebridge/<version>`. (Browsers send their own.)
    pub fn user_agent(mut self, suffix: impl Into<String>) -> Self {
        self.options.user_agent = Some(suffix.into());
        self
    }
    /// A header sent with every request (a proxy's key, a tracing id). It cannot
    /// replace the credential headers or the `User-Agent`.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.options.headers.push((name.into(), value.into()));
        self
    }
    /// Send through an HTTP(S) proxy (`http://proxy.school.edu:3128`); native targets
    /// only. Without it, the `HTTPS_PROXY` / `HTTP_PROXY` / `NO_PROXY` environment
    /// variables are honoured.
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        self.options.proxy = Some(url.into());
        self
    }
    /// Read time and sleep through `clock` (tests use [`crate::clock::VirtualClock`]).
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.options.clock = Some(clock);
        self
    }
    /// Send through `transport` instead of reqwest.
    pub fn transport(mut self, transport: Arc<dyn Transport>) -> Self {
        self.options.transport = Some(transport);
        self
    }
    /// Build the client. Fails on an invalid base URL or credentials.
    pub fn build(self) -> Result<Client<P>, Error> {
        let mut platform = self.platform;
        if let Some(url) = &self.base_url {
            platform.set_base_url(url)?;
        }
        // Check the credentials now, so a bad one fails before any request.
        platform.check_credentials()?;
        Ok(Client {
            inner: Arc::new(Inner {
                platform,
                core: core(self.options)?,
            }),
        })
    }
}

/// The client's state from a builder's settings, checked (one function for every
/// platform).
fn core(o: Options) -> Result<Core, Error> {
    if o.timeout.is_zero() {
        return Err(Error::invalid_input("timeout", "must be positive"));
    }
    if matches!(o.rate_limit, Some(RateLimit { requests: 0, .. })) {
        return Err(Error::invalid_input(
            "requests_per_minute",
            "must be positive (or None for no limit)",
        ));
    }
    if let Some(s) = o.retry_statuses.iter().find(|s| !(500..=599).contains(*s)) {
        return Err(Error::invalid_input(
            "retry_statuses",
            format!("{s} is not a 5xx status (429 is always waited out; others are not retried)"),
        ));
    }
    if o.max_backoff < o.backoff {
        return Err(Error::invalid_input(
            "max_backoff",
            "must be at least the first backoff",
        ));
    }
    let mut headers = vec![(
        "user-agent".to_string(),
        match &o.user_agent {
            Some(suffix) => {
                check_header_value("user_agent", suffix)?;
                format!(
                    "gradebridge/{} {}",
                    env!("CARGO_PKG_VERSION"),
                    suffix.trim()
                )
            }
            None => format!("gradebridge/{}", env!("CARGO_PKG_VERSION")),
        },
    )];
    for (name, value) in &o.headers {
        let lower = name.to_ascii_lowercase();
        let field = format!("headers.{name}");
        if lower.is_empty()
            || !lower
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_.!#$%&'*+^`|~".contains(&b))
        {
            return Err(Error::invalid_input(field, "not a header name"));
        }
        if lower == "user-agent"
            || crate::http::SENSITIVE_HEADERS
                .iter()
                .any(|h| h.eq_ignore_ascii_case(&lower))
        {
            return Err(Error::invalid_input(
                field,
                "the client sets this header itself (use user_agent for the User-Agent)",
            ));
        }
        check_header_value(&field, value)?;
        headers.push((lower, value.clone()));
    }
    let http = match (o.transport, &o.proxy) {
        (Some(t), _) => t,
        (None, Some(url)) => Arc::new(ReqwestTransport::with_proxy(url)?),
        #[cfg(not(target_arch = "wasm32"))]
        (None, None) => Arc::new(ReqwestTransport::new()?),
        #[cfg(target_arch = "wasm32")]
        (None, None) => Arc::new(FetchTransport::new()),
    };
    Ok(Core {
        http,
        limiter: RateLimiter::new(o.rate_limit.map(|r| (r.requests, r.period))),
        timeout: o.timeout,
        max_retries: o.max_retries,
        max_rate_limit_waits: o.max_rate_limit_waits,
        backoff: o.backoff,
        max_backoff: o.max_backoff,
        max_retry_after: o.max_retry_after,
        retry_statuses: o.retry_statuses,
        on_event: o.on_event,
        headers,
        clock: o.clock.unwrap_or_else(|| Arc::new(SystemClock)),
        nonce: AtomicU64::new(0),
        nonce_seed: nonce_seed(),
        last_timestamp: AtomicU64::new(0),
        token: futures_util::lock::Mutex::new(None),
    })
}

/// A header value: printable ASCII and spaces, nothing that could end the header.
fn check_header_value(field: &str, value: &str) -> Result<(), Error> {
    if value.trim().is_empty() || !value.bytes().all(|b| b == b' ' || b.is_ascii_graphic()) {
        return Err(Error::invalid_input(
            field,
            "must be printable ASCII (spaces allowed, no line breaks)",
        ));
    }
    Ok(())
}

struct Inner<P> {
    platform: P,
    core: Core,
}

/// The client of one platform. Cheap to clone (clones share the rate limiter, the
/// bearer token and the connection pool). Its `Debug` never shows a credential.
pub struct Client<P: Platform> {
    inner: Arc<Inner<P>>,
}

impl<P: Platform> Clone for Client<P> {
    fn clone(&self) -> Self {
        Client {
            inner: self.inner.clone(),
        }
    }
}

impl<P: Platform> fmt::Debug for Client<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("platform", &self.inner.platform)
            .field("timeout", &self.inner.core.timeout)
            .field("max_retries", &self.inner.core.max_retries)
            .field("rate_limit", &self.inner.core.limiter.current())
            .finish()
    }
}

impl ManageBacClient {
    /// A ManageBac client builder with the defaults: <https://api.managebac.com>,
    /// 30 s timeout, 3 retries, 200 requests per minute.
    pub fn builder(token: impl Into<String>) -> ClientBuilder<ManageBacConfig> {
        ClientBuilder::new(ManageBacConfig::new(token))
    }

    /// A ManageBac client with the defaults.
    pub fn new(token: impl Into<String>) -> Result<Self, Error> {
        Self::builder(token).build()
    }

    /// The sans-IO config this client uses (base URL and token).
    pub fn config(&self) -> &ManageBacConfig {
        &self.inner.platform
    }
}

impl<P: Platform> Client<P> {
    /// The platform's config (base URL, credentials).
    pub fn platform(&self) -> &P {
        &self.inner.platform
    }

    /// The rate limit in force: `(requests, period)`.
    pub fn rate_limit(&self) -> (u32, Duration) {
        self.inner.core.limiter.current()
    }

    /// Execute one endpoint: validate, wait for the rate limiter, send, retry what
    /// may be retried, parse.
    ///
    /// Boxed: a caller that awaits several endpoints (the sync, a paging loop)
    /// holds a pointer to each one's state, not a copy of its state machine.
    pub fn execute<'a, E>(&'a self, endpoint: &'a E) -> BoxFuture<'a, Result<E::Output, Error>>
    where
        E: Endpoint<Platform = P> + ?Sized + Sync,
    {
        Box::pin(crate::registry::execute_on(self, endpoint))
    }

    /// Send a batched write ([`crate::endpoint::Batched`]) batch after batch and join
    /// the outcomes; see [`crate::endpoint::run_batches`] for what a failed batch
    /// gives.
    pub fn execute_batched<'a, E>(
        &'a self,
        endpoint: &'a E,
    ) -> BoxFuture<'a, Result<E::Output, Error>>
    where
        E: crate::endpoint::Batched<Platform = P> + Sync + MaybeSend,
        E::Output: MaybeSend,
    {
        Box::pin(self.execute_batched_inline(endpoint))
    }

    async fn execute_batched_inline<E>(&self, endpoint: &E) -> Result<E::Output, Error>
    where
        E: crate::endpoint::Batched<Platform = P> + Sync,
    {
        crate::registry::run_batches_on(endpoint, self)
            .await
            .map_err(|e| e.with_platform(P::ID))
    }

    /// Send a request spec with the client's limiter, authentication and retry
    /// policy, and return the final response whatever its status (429, retryable
    /// 5xx and, for bearer tokens, one 401 are handled). Each attempt is authorized
    /// afresh (a new nonce and timestamp for signed platforms).
    pub async fn send(&self, spec: &RequestSpec, idempotent: bool) -> Result<HttpResponse, Error> {
        self.send_counted(spec, idempotent).await.map(|(r, _)| r)
    }

    /// [`Client::send`], and how many attempts it took (errors carry the count).
    pub async fn send_counted(
        &self,
        spec: &RequestSpec,
        idempotent: bool,
    ) -> Result<(HttpResponse, u32), Error> {
        let inner = &*self.inner;
        inner
            .core
            .send_counted(&inner.platform, spec, idempotent)
            .await
    }

    /// Follow a redirect answer (3xx with `Location`) with a plain GET that carries no
    /// credential (the target is often another host, such as a file store); any
    /// other answer is returned as it is.
    pub async fn follow_redirect(
        &self,
        spec: &RequestSpec,
        response: HttpResponse,
    ) -> Result<HttpResponse, Error> {
        let inner = &*self.inner;
        inner
            .core
            .follow_redirect(&inner.platform, spec, response)
            .await
    }

    /// The pages of a list, fetched lazily one after another, following the
    /// platform's paging cursor (never stopping on a short page).
    pub fn pages<E>(
        &self,
        first: E,
    ) -> impl Stream<Item = Result<E::Output, Error>> + MaybeSend + 'static
    where
        E: Paged<Platform = P> + Sync + MaybeSend + 'static,
        E::Output: MaybeSend,
    {
        let client = self.clone();
        stream::unfold(Some(first), move |state| {
            let client = client.clone();
            async move {
                let op = state?;
                match client.execute(&op).await {
                    Ok(page) => {
                        let next = op.next(&page);
                        Some((Ok(page), next))
                    }
                    Err(e) => Some((Err(e), None)),
                }
            }
        })
    }

    /// The records of a list, fetched a page at a time as the stream is read.
    pub fn items<E>(
        &self,
        first: E,
    ) -> impl Stream<Item = Result<E::Item, Error>> + MaybeSend + 'static
    where
        E: Paged<Platform = P> + Sync + MaybeSend + 'static,
        E::Output: MaybeSend,
        E::Item: MaybeSend + 'static,
    {
        self.pages(first)
            .map(|page| match page {
                Ok(page) => stream::iter(E::items(page).into_iter().map(Ok)).left_stream(),
                Err(e) => stream::iter(vec![Err(e)]).right_stream(),
            })
            .flatten()
    }

    /// Every record of a list, all pages collected.
    pub async fn collect<E>(&self, first: E) -> Result<Vec<E::Item>, Error>
    where
        E: Paged<Platform = P> + Sync + MaybeSend + 'static,
        E::Output: MaybeSend,
        E::Item: MaybeSend + 'static,
    {
        // The loop `pages` runs, without its stream: a stream's state machine per
        // list type cost the wasm module 2 KB gzipped.
        let mut out = Vec::new();
        let mut next = Some(first);
        while let Some(op) = next {
            let page = self.execute(&op).await?;
            next = op.next(&page);
            out.extend(E::items(page));
        }
        Ok(out)
    }

    /// A list operation ready to run (see [`Pager`]).
    pub fn pager<E: Paged<Platform = P>>(&self, op: E) -> Pager<E> {
        Pager {
            client: self.clone(),
            op,
        }
    }
}

/// A list operation ready to run: adjust it with [`Pager::with`], then read it as a
/// stream of pages or items, or `.await` it (or [`Pager::collect`]) for every record.
pub struct Pager<P: Paged> {
    client: Client<P::Platform>,
    op: P,
}

impl<P: Paged + fmt::Debug> fmt::Debug for Pager<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pager").field("op", &self.op).finish()
    }
}

impl<P: Paged + Clone> Clone for Pager<P> {
    fn clone(&self) -> Self {
        Pager {
            client: self.client.clone(),
            op: self.op.clone(),
        }
    }
}

impl<P> Pager<P>
where
    P: Paged + Sync + MaybeSend + 'static,
    P::Output: MaybeSend,
    P::Item: MaybeSend + 'static,
{
    /// The endpoint of the first page.
    pub fn endpoint(&self) -> &P {
        &self.op
    }
    /// Change the operation's options: `mb.term_grades(1, 2).with(|op| op.unenrolled_only(true))`.
    pub fn with(mut self, f: impl FnOnce(P) -> P) -> Self {
        self.op = f(self.op);
        self
    }
    /// The pages, fetched lazily.
    pub fn pages(self) -> impl Stream<Item = Result<P::Output, Error>> + MaybeSend + 'static {
        self.client.pages(self.op)
    }
    /// The records, fetched a page at a time.
    pub fn items(self) -> impl Stream<Item = Result<P::Item, Error>> + MaybeSend + 'static {
        self.client.items(self.op)
    }
    /// Every record of every page.
    pub async fn collect(self) -> Result<Vec<P::Item>, Error> {
        self.client.collect(self.op).await
    }
    /// Only the first page (or the one set with `page`).
    pub async fn first_page(&self) -> Result<P::Output, Error> {
        self.client.execute(&self.op).await
    }
}

impl<P> IntoFuture for Pager<P>
where
    P: Paged + Sync + MaybeSend + 'static,
    P::Output: MaybeSend,
    P::Item: MaybeSend + 'static,
{
    type Output = Result<Vec<P::Item>, Error>;
    type IntoFuture = BoxFuture<'static, Self::Output>;
    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move { self.collect().await })
    }
}

/// True when `e` is a transport failure caused by the timeout.
pub fn is_timeout(e: &Error) -> bool {
    matches!(e.kind(), ErrorKind::Transport { timeout: true })
}

/// 64 random bits from the operating system (or the browser's crypto), 0 if none.
fn nonce_seed() -> u64 {
    let mut b = [0u8; 8];
    let _ = getrandom::getrandom(&mut b);
    u64::from_le_bytes(b)
}
