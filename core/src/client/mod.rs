//! The async client (feature `client`): executes endpoints over reqwest (rustls on
//! native, fetch on wasm32) with one rate limiter, retries with backoff for
//! idempotent requests, a per-request timeout and pagination streams. It knows no
//! endpoint: every operation goes through [`ManageBacClient::execute`] or
//! [`ManageBacClient::pages`].
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
use std::sync::Arc;
use std::time::Duration;

use futures_util::stream::{self, Stream, StreamExt};

use crate::clock::{BoxFuture, Clock, MaybeSend};
use crate::endpoint::{Endpoint, Paged};
use crate::error::{Error, ErrorKind};
use crate::http::{HttpRequest, HttpResponse};
use crate::managebac::{self as mb, ManageBacConfig};

mod ratelimit;
mod transport;

pub use ratelimit::RateLimiter;

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

/// How to build a [`ManageBacClient`].
pub struct ClientBuilder {
    token: String,
    base_url: String,
    timeout: Duration,
    max_retries: u32,
    max_rate_limit_waits: u32,
    requests_per_minute: Option<u32>,
    backoff: Duration,
    clock: Option<Arc<dyn Clock>>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("token", &"[redacted]")
            .field("timeout", &self.timeout)
            .field("max_retries", &self.max_retries)
            .field("requests_per_minute", &self.requests_per_minute)
            .finish()
    }
}

impl ClientBuilder {
    /// Base URL (default <https://api.managebac.com>); `http://` only on loopback.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }
    /// Per-request timeout (default 30 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }
    /// Retries of an idempotent request after 502/503/504 or a transport failure
    /// (default 3).
    pub fn max_retries(mut self, n: u32) -> Self {
        self.max_retries = n;
        self
    }
    /// How many 429 answers in a row are waited out before the error reaches the
    /// caller (default 5).
    pub fn max_rate_limit_waits(mut self, n: u32) -> Self {
        self.max_rate_limit_waits = n;
        self
    }
    /// Client-side limit in requests per minute (default 200, ManageBac's limit);
    /// `None` switches it off.
    pub fn requests_per_minute(mut self, rpm: Option<u32>) -> Self {
        self.requests_per_minute = rpm;
        self
    }
    /// First backoff delay between retries (default 250 ms, doubling, capped at 10 s).
    pub fn backoff(mut self, base: Duration) -> Self {
        self.backoff = base;
        self
    }
    /// Read time and sleep through `clock` (tests use [`crate::clock::VirtualClock`]).
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = Some(clock);
        self
    }
    /// Build the client. Fails on an invalid base URL or token.
    pub fn build(self) -> Result<ManageBacClient, Error> {
        let config = ManageBacConfig::new(self.token).with_base_url(&self.base_url)?;
        // Check the token now, so a bad one fails before any request.
        config.build(crate::RequestSpec::new(crate::Method::Get, "/"))?;
        if self.timeout.is_zero() {
            return Err(Error::invalid_input("timeout", "must be positive"));
        }
        if self.requests_per_minute == Some(0) {
            return Err(Error::invalid_input(
                "requests_per_minute",
                "must be positive (or None for no limit)",
            ));
        }
        let http = transport::Transport::new()?;
        Ok(ManageBacClient {
            inner: Arc::new(Inner {
                config,
                http,
                limiter: RateLimiter::new(
                    self.requests_per_minute
                        .map(|r| (r, Duration::from_secs(60))),
                ),
                timeout: self.timeout,
                max_retries: self.max_retries,
                max_rate_limit_waits: self.max_rate_limit_waits,
                backoff: self.backoff,
                clock: self.clock.unwrap_or_else(|| Arc::new(SystemClock)),
            }),
        })
    }
}

struct Inner {
    config: ManageBacConfig,
    http: transport::Transport,
    limiter: RateLimiter,
    timeout: Duration,
    max_retries: u32,
    max_rate_limit_waits: u32,
    backoff: Duration,
    clock: Arc<dyn Clock>,
}

/// The ManageBac client. Cheap to clone (clones share the rate limiter and the
/// connection pool). Its `Debug` never shows the token.
#[derive(Clone)]
pub struct ManageBacClient {
    inner: Arc<Inner>,
}

impl fmt::Debug for ManageBacClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ManageBacClient")
            .field("base_url", &self.inner.config.base_url())
            .field("token", &"[redacted]")
            .field("timeout", &self.inner.timeout)
            .field("max_retries", &self.inner.max_retries)
            .field("rate_limit", &self.inner.limiter.current())
            .finish()
    }
}

impl ManageBacClient {
    /// A builder with the defaults: <https://api.managebac.com>, 30 s timeout, 3
    /// retries, 200 requests per minute.
    pub fn builder(token: impl Into<String>) -> ClientBuilder {
        ClientBuilder {
            token: token.into(),
            base_url: mb::DEFAULT_BASE_URL.to_string(),
            timeout: Duration::from_secs(30),
            max_retries: 3,
            max_rate_limit_waits: 5,
            requests_per_minute: Some(mb::DEFAULT_REQUESTS_PER_MINUTE),
            backoff: Duration::from_millis(250),
            clock: None,
        }
    }

    /// A client with the defaults.
    pub fn new(token: impl Into<String>) -> Result<Self, Error> {
        Self::builder(token).build()
    }

    /// The sans-IO config this client uses (base URL and token).
    pub fn config(&self) -> &ManageBacConfig {
        &self.inner.config
    }

    /// The rate limit in force: `(requests, period)`.
    pub fn rate_limit(&self) -> (u32, Duration) {
        self.inner.limiter.current()
    }

    fn backoff(&self, attempt: u32) -> Duration {
        let base = self.inner.backoff.saturating_mul(1u32 << attempt.min(16));
        let capped = base.min(Duration::from_secs(10));
        // Up to 25% jitter, from the clock's sub-second digits (no RNG needed).
        let jitter_ppm = u64::from(self.inner.clock.now().subsec_nanos() % 250_000);
        capped + capped.mul_f64(jitter_ppm as f64 / 1_000_000.0)
    }

    /// Execute one endpoint: validate, wait for the rate limiter, send, retry what
    /// may be retried, parse.
    pub async fn execute<E>(&self, endpoint: &E) -> Result<E::Output, Error>
    where
        E: Endpoint + ?Sized + Sync,
    {
        let request = self.inner.config.request(endpoint)?;
        let response = self
            .send_with_retries(&request, endpoint.idempotent())
            .await?;
        endpoint.parse(&response)
    }

    /// Send a prepared request with the client's limiter and retry policy, and return
    /// the final response whatever its status (429 and retryable 5xx are handled).
    pub async fn send_with_retries(
        &self,
        request: &HttpRequest,
        idempotent: bool,
    ) -> Result<HttpResponse, Error> {
        let inner = &self.inner;
        let clock = &*inner.clock;
        let mut retries = 0u32;
        let mut waits = 0u32;
        loop {
            inner.limiter.acquire(clock).await;
            match inner.http.send(request, inner.timeout).await {
                Ok(response) => {
                    inner.limiter.observe(&response);
                    if response.status == 429 && waits < inner.max_rate_limit_waits {
                        let err = Error::from_response(&response);
                        let wait = err
                            .retry_after()
                            .and_then(|r| r.delay_from(clock.now()))
                            .unwrap_or_else(|| self.backoff(waits));
                        if wait > MAX_RATE_LIMIT_WAIT {
                            return Ok(response);
                        }
                        inner.limiter.block_until(clock.now() + wait);
                        waits += 1;
                        continue;
                    }
                    let retryable = matches!(response.status, 502..=504);
                    if retryable && idempotent && retries < inner.max_retries {
                        clock.sleep(self.backoff(retries)).await;
                        retries += 1;
                        continue;
                    }
                    return Ok(response);
                }
                Err((err, connect_failed)) => {
                    // A connection that never opened carried nothing: safe to retry
                    // even a create.
                    if (idempotent || connect_failed) && retries < inner.max_retries {
                        clock.sleep(self.backoff(retries)).await;
                        retries += 1;
                        continue;
                    }
                    return Err(err);
                }
            }
        }
    }

    /// The pages of a list, fetched lazily one after another, following `meta` (never
    /// stopping on a short page).
    pub fn pages<P>(
        &self,
        first: P,
    ) -> impl Stream<Item = Result<P::Output, Error>> + MaybeSend + 'static
    where
        P: Paged + Sync + MaybeSend + 'static,
        P::Output: MaybeSend,
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
    pub fn items<P>(
        &self,
        first: P,
    ) -> impl Stream<Item = Result<P::Item, Error>> + MaybeSend + 'static
    where
        P: Paged + Sync + MaybeSend + 'static,
        P::Output: MaybeSend,
        P::Item: MaybeSend + 'static,
    {
        self.pages(first)
            .map(|page| match page {
                Ok(page) => stream::iter(P::items(page).into_iter().map(Ok)).left_stream(),
                Err(e) => stream::iter(vec![Err(e)]).right_stream(),
            })
            .flatten()
    }

    /// Every record of a list, all pages collected.
    pub async fn collect<P>(&self, first: P) -> Result<Vec<P::Item>, Error>
    where
        P: Paged + Sync + MaybeSend + 'static,
        P::Output: MaybeSend,
        P::Item: MaybeSend + 'static,
    {
        let mut out = Vec::new();
        let mut pages = std::pin::pin!(self.pages(first));
        while let Some(page) = pages.next().await {
            out.extend(P::items(page?));
        }
        Ok(out)
    }

    fn pager<P>(&self, op: P) -> Pager<P> {
        Pager {
            client: self.clone(),
            op,
        }
    }

    // -----------------------------------------------------------------------------
    // ManageBac operations, named as in the API table.

    /// Every gradebook grade of a class for a term (paged).
    pub fn class_grades(&self, class_id: i64, term_id: i64) -> Pager<mb::ClassGrades> {
        self.pager(mb::ClassGrades::new(class_id, term_id))
    }
    /// Term grades of a class (paged).
    pub fn term_grades(&self, class_id: i64, term_id: i64) -> Pager<mb::TermGrades> {
        self.pager(mb::TermGrades::new(class_id, term_id))
    }
    /// A class's tasks (paged).
    pub fn tasks(&self, class_id: i64) -> Pager<mb::Tasks> {
        self.pager(mb::Tasks::new(class_id))
    }
    /// One task.
    pub async fn get_task(&self, class_id: i64, task_id: i64) -> Result<mb::Task, Error> {
        self.execute(&mb::GetTask::new(class_id, task_id)).await
    }
    /// Create a task (never retried).
    pub async fn create_task(&self, class_id: i64, task: mb::TaskInput) -> Result<mb::Task, Error> {
        self.execute(&mb::CreateTask::new(class_id, task)).await
    }
    /// Update a task: only the fields set are sent.
    pub async fn update_task(
        &self,
        class_id: i64,
        task_id: i64,
        task: mb::TaskInput,
    ) -> Result<mb::Task, Error> {
        self.execute(&mb::UpdateTask::new(class_id, task_id, task))
            .await
    }
    /// Delete a task.
    pub async fn delete_task(&self, class_id: i64, task_id: i64) -> Result<(), Error> {
        self.execute(&mb::DeleteTask::new(class_id, task_id)).await
    }
    /// Every student's results on a task (paged).
    pub fn task_results(&self, class_id: i64, task_id: i64) -> Pager<mb::TaskResults> {
        self.pager(mb::TaskResults::new(class_id, task_id))
    }
    /// Write one student's grade on a task.
    pub async fn update_task_grade(
        &self,
        task_id: i64,
        student_id: i64,
        grade: mb::TaskGrade,
    ) -> Result<mb::TaskGrade, Error> {
        self.execute(&mb::UpdateTaskGrade::new(task_id, student_id, grade))
            .await
    }
    /// Write many students' grades on a task; one outcome per student.
    pub async fn update_task_grades(
        &self,
        task_id: i64,
        grades: Vec<mb::StudentTaskGrade>,
    ) -> Result<Vec<mb::ItemOutcome>, Error> {
        self.execute(&mb::UpdateTaskGrades::new(task_id, grades))
            .await
    }
    /// Reset students' grades and submissions on a task; one outcome per student.
    pub async fn reset_task_grades(
        &self,
        task_id: i64,
        student_ids: Vec<i64>,
    ) -> Result<Vec<mb::ItemOutcome>, Error> {
        self.execute(&mb::ResetTaskGrades::new(task_id, student_ids))
            .await
    }
    /// A class's criteria.
    pub async fn criteria(&self, class_id: i64) -> Result<Vec<mb::Criterion>, Error> {
        self.execute(&mb::Criteria::new(class_id)).await
    }
    /// A class's task categories.
    pub async fn task_categories(&self, class_id: i64) -> Result<Vec<mb::TaskCategory>, Error> {
        self.execute(&mb::TaskCategories::new(class_id)).await
    }
    /// Every class (paged).
    pub fn classes(&self) -> Pager<mb::Classes> {
        self.pager(mb::Classes::new())
    }
    /// One class.
    pub async fn get_class(&self, class_id: i64) -> Result<mb::Class, Error> {
        self.execute(&mb::GetClass::new(class_id)).await
    }
    /// Create a class (never retried).
    pub async fn create_class(&self, class: mb::ClassInput) -> Result<mb::Class, Error> {
        self.execute(&mb::CreateClass::new(class)).await
    }
    /// Update a class: only the fields set are sent.
    pub async fn update_class(
        &self,
        class_id: i64,
        class: mb::ClassInput,
    ) -> Result<mb::Class, Error> {
        self.execute(&mb::UpdateClass::new(class_id, class)).await
    }
    /// Create or update many classes; one outcome per index.
    pub async fn upsert_classes(
        &self,
        classes: Vec<mb::ClassInput>,
    ) -> Result<Vec<mb::ItemOutcome>, Error> {
        self.execute(&mb::UpsertClasses::new(classes)).await
    }
    /// Add students to a class.
    pub async fn add_class_students(
        &self,
        class_id: i64,
        student_ids: Vec<i64>,
    ) -> Result<mb::StatusAnswer, Error> {
        self.execute(&mb::AddClassStudents::new(class_id, student_ids))
            .await
    }
    /// Remove students from a class.
    pub async fn remove_class_students(
        &self,
        class_id: i64,
        student_ids: Vec<i64>,
    ) -> Result<mb::StatusAnswer, Error> {
        self.execute(&mb::RemoveClassStudents::new(class_id, student_ids))
            .await
    }
    /// Set students' levels in a class; one outcome per student.
    pub async fn update_class_students(
        &self,
        class_id: i64,
        students: Vec<mb::StudentLevel>,
    ) -> Result<Vec<mb::ItemOutcome>, Error> {
        self.execute(&mb::UpdateClassStudents::new(class_id, students))
            .await
    }
}

/// A list operation ready to run: adjust it with [`Pager::with`], then read it as a
/// stream of pages or items, or `.await` it (or [`Pager::collect`]) for every record.
#[derive(Debug, Clone)]
pub struct Pager<P> {
    client: ManageBacClient,
    op: P,
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
