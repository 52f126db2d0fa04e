//! # gradebridge-sandbox
//!
//! A local, stateful fake of the ManageBac and Schoology APIs (Blackboard to come),
//! like stripe-mock: it serves ManageBac's `/v2` coursework, `/v2p0` classes and
//! `/v2p3` directory paths and Schoology's `/v1` sections (OAuth 1.0a signatures
//! checked, see [`schoology`]) over HTTP, seeded with a demo school, keeps state in memory, checks the `auth-token`,
//! paginates with `page` / `per_page` and `meta`, enforces a per-client request limit
//! with 429 and the rate-limit headers, validates writes with 422 and field errors,
//! answers bulk writes per item, sends CORS headers, and injects faults on demand.
//!
//! Start it in-process (Rust tests) with [`Sandbox::start`], or run the binary
//! `gradebridge-sandbox`, which prints `listening on http://127.0.0.1:PORT`.
//!
//! Control endpoints (no token needed): `GET /__sandbox/health`,
//! `GET /__sandbox/stats`, `GET /__sandbox/state`, `GET|PUT /__sandbox/faults`,
//! `PUT /__sandbox/rate-limit`, `POST /__sandbox/reset`, and `PUT
//! /__sandbox/load-class` (class [`LOAD_CLASS_ID`]'s grades become a generated class
//! of any size, for load and memory benchmarks).

// Route helpers return a ready `Response` as their error: it is the answer to send.
#![allow(clippy::result_large_err)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use gradebridge::clock::{BoxFuture, Clock};
use serde::{Deserialize, Serialize};
use serde_json::json;

pub mod blackboard;
pub mod directory;
mod routes;
pub use routes::LOAD_CLASS_ID;
pub mod school;
pub mod schoology;

pub use school::School;

/// The default token the sandbox accepts.
pub const DEFAULT_TOKEN: &str = "sandbox-token";
/// A token that may read but not write (writes answer 403).
pub const READONLY_TOKEN: &str = "sandbox-readonly-token";
/// The OAuth2 client id the sandbox accepts at `/oauth/token`.
pub const OAUTH_CLIENT_ID: &str = "sandbox-client";
/// The OAuth2 client secret the sandbox accepts at `/oauth/token`.
pub const OAUTH_CLIENT_SECRET: &str = "sandbox-secret";
/// How long a bearer token issued by the sandbox lives, in seconds.
pub const TOKEN_LIFETIME_SECS: u64 = 3600;

/// Real time, through tokio.
#[derive(Debug, Default, Clone, Copy)]
pub struct TokioClock;

impl Clock for TokioClock {
    fn now(&self) -> Duration {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default()
    }
    fn sleep(&self, d: Duration) -> BoxFuture<'static, ()> {
        Box::pin(tokio::time::sleep(d))
    }
}

/// How to run a sandbox.
#[derive(Clone)]
pub struct SandboxConfig {
    /// Address to listen on (port 0 picks a free port).
    pub addr: SocketAddr,
    /// The token with full access.
    pub token: String,
    /// Request limit per client IP: `(requests, period)`; `None` switches it off.
    pub rate_limit: Option<(u32, Duration)>,
    /// Clock for the request limit and timestamps (share a
    /// [`gradebridge::clock::VirtualClock`] with a client in tests).
    pub clock: Arc<dyn Clock>,
    /// Records a page when the request does not say (ManageBac: 100).
    pub default_per_page: u32,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        SandboxConfig {
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            token: DEFAULT_TOKEN.to_string(),
            rate_limit: Some((200, Duration::from_secs(60))),
            clock: Arc::new(TokioClock),
            default_per_page: 100,
        }
    }
}

impl std::fmt::Debug for SandboxConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SandboxConfig")
            .field("addr", &self.addr)
            .field("rate_limit", &self.rate_limit)
            .field("default_per_page", &self.default_per_page)
            .finish()
    }
}

/// Faults to inject, switched on and off at run time.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Faults {
    /// The next N API requests answer `fail_status`.
    pub fail_next: u32,
    /// Status for `fail_next` and `error_rate` (default 503).
    pub fail_status: Option<u16>,
    /// A share (0 to 1) of API requests that answer `fail_status`.
    pub error_rate: f64,
    /// Added latency per API request, in milliseconds (real time).
    pub latency_ms: u64,
    /// The next N API requests drop the connection mid-answer.
    pub drop_next: u32,
    /// A share (0 to 1) of API requests whose connection is dropped.
    pub drop_rate: f64,
    /// The next N API requests answer 429 with `Retry-After: retry_after_secs`.
    pub rate_limit_next: u32,
    /// `Retry-After` seconds of `rate_limit_next` (default 1).
    pub retry_after_secs: Option<u64>,
    /// Make page N of every list short (half of `per_page`), as the real API may.
    pub short_page: Option<u32>,
    /// Only inject into requests of this method (`GET`, `PATCH`, ...).
    pub only_method: Option<String>,
    /// The next N writes (POST, PUT, PATCH, DELETE) are applied, and then their
    /// connection is dropped: the answer is lost after the write.
    pub drop_after_write_next: u32,
    /// The next N writes are applied, and then answered `fail_status` (default 503).
    pub fail_after_write_next: u32,
}

/// One request as the sandbox saw it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LogEntry {
    /// When, in milliseconds since the Unix epoch on the sandbox's clock.
    pub at_ms: u128,
    /// Method.
    pub method: String,
    /// Path and query.
    pub path: String,
    /// Status answered (0 for a dropped connection).
    pub status: u16,
    /// The request's `User-Agent`.
    #[serde(default)]
    pub user_agent: Option<String>,
    /// The request's `x-` headers (a client's extra headers), by lower-case name.
    #[serde(default)]
    pub x_headers: BTreeMap<String, String>,
}

/// What the sandbox has served.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Stats {
    /// API requests (control endpoints not counted).
    pub requests: u64,
    /// Answers by status.
    pub by_status: BTreeMap<u16, u64>,
    /// Every API request, in order.
    pub log: Vec<LogEntry>,
    /// Bearer tokens issued by `/oauth/token`.
    pub tokens_issued: u64,
    /// Avatar images served, and how many of those requests carried a credential
    /// (a redirect followed with the token: should stay 0).
    pub avatars_served: u64,
    /// Avatar image requests that carried `auth-token` or `authorization`.
    pub avatars_with_credentials: u64,
}

pub(crate) struct AppState {
    pub(crate) config: SandboxConfig,
    pub(crate) school: Mutex<School>,
    pub(crate) schoology: Mutex<schoology::Schoology>,
    pub(crate) blackboard: Mutex<blackboard::Blackboard>,
    faults: Mutex<Faults>,
    stats: Mutex<Stats>,
    windows: Mutex<HashMap<IpAddr, VecDeque<Duration>>>,
    rate_limit: Mutex<Option<(u32, Duration)>>,
    rng: Mutex<u64>,
    /// Issued bearer tokens and when they expire (time since the epoch).
    pub(crate) bearer_tokens: Mutex<HashMap<String, Duration>>,
    /// The generated load class (`PUT /__sandbox/load-class`): students and tasks.
    pub(crate) load_class: Mutex<Option<(usize, usize)>>,
}

pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl AppState {
    fn chance(&self, p: f64) -> bool {
        if p <= 0.0 {
            return false;
        }
        let mut s = lock(&self.rng);
        *s = s
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((*s >> 33) as f64) / ((1u64 << 31) as f64) < p
    }

    pub(crate) fn short_page(&self) -> Option<u32> {
        lock(&self.faults).short_page
    }

    pub(crate) fn now_iso(&self) -> String {
        school::iso(self.config.clock.now().as_secs() as i64)
    }
}

/// A running sandbox. Dropping it stops the server.
pub struct Sandbox {
    addr: SocketAddr,
    state: Arc<AppState>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
}

impl std::fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sandbox").field("url", &self.url()).finish()
    }
}

impl Sandbox {
    /// Start a sandbox with `config` on the current tokio runtime.
    pub async fn start(config: SandboxConfig) -> std::io::Result<Sandbox> {
        let listener = tokio::net::TcpListener::bind(config.addr).await?;
        let addr = listener.local_addr()?;
        let school = School::demo();
        let state = Arc::new(AppState {
            rate_limit: Mutex::new(config.rate_limit),
            config,
            schoology: Mutex::new(schoology::Schoology::seed(&school)),
            blackboard: Mutex::new(blackboard::Blackboard::seed(&school)),
            school: Mutex::new(school),
            faults: Mutex::new(Faults::default()),
            stats: Mutex::new(Stats::default()),
            windows: Mutex::new(HashMap::new()),
            rng: Mutex::new(0x5eed),
            bearer_tokens: Mutex::new(HashMap::new()),
            load_class: Mutex::new(None),
        });
        let app = router(state.clone());
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(async move {
            let serve = axum::serve(
                listener,
                app.into_make_service_with_connect_info::<SocketAddr>(),
            )
            .with_graceful_shutdown(async move {
                let _ = rx.await;
            });
            if let Err(e) = serve.await {
                eprintln!("gradebridge-sandbox: server error: {e}");
            }
        });
        Ok(Sandbox {
            addr,
            state,
            shutdown: Some(tx),
        })
    }

    /// Expire every bearer token issued so far.
    pub fn expire_tokens(&self) {
        lock(&self.state.bearer_tokens).clear();
        blackboard::expire(&self.state);
    }

    /// Start with the defaults on a free loopback port.
    pub async fn start_default() -> std::io::Result<Sandbox> {
        Sandbox::start(SandboxConfig::default()).await
    }

    /// The base URL, `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The token it accepts.
    pub fn token(&self) -> &str {
        &self.state.config.token
    }

    /// Replace the injected faults.
    pub fn set_faults(&self, faults: Faults) {
        *lock(&self.state.faults) = faults;
    }

    /// Make class [`LOAD_CLASS_ID`]'s grades (any term) a generated class of `students`
    /// students with `tasks` assignments each, made page by page (as `PUT
    /// /__sandbox/load-class`).
    pub fn set_load_class(&self, students: usize, tasks: usize) {
        *lock(&self.state.load_class) = Some((students, tasks));
    }

    /// Change the request limit (`None`: off).
    pub fn set_rate_limit(&self, limit: Option<(u32, Duration)>) {
        *lock(&self.state.rate_limit) = limit;
        lock(&self.state.windows).clear();
    }

    /// What it has served so far.
    pub fn stats(&self) -> Stats {
        lock(&self.state.stats).clone()
    }

    /// Forget the stats.
    pub fn clear_stats(&self) {
        *lock(&self.state.stats) = Stats::default();
    }

    /// Read (or change) the school's state.
    pub fn with_school<R>(&self, f: impl FnOnce(&mut School) -> R) -> R {
        f(&mut lock(&self.state.school))
    }

    /// Read (or change) Schoology's state.
    pub fn with_schoology<R>(&self, f: impl FnOnce(&mut schoology::Schoology) -> R) -> R {
        f(&mut lock(&self.state.schoology))
    }

    /// Read (or change) Blackboard's state.
    pub fn with_blackboard<R>(&self, f: impl FnOnce(&mut blackboard::Blackboard) -> R) -> R {
        f(&mut lock(&self.state.blackboard))
    }

    /// Reseed the school and clear faults, stats and rate-limit windows.
    pub fn reset(&self) {
        reset_state(&self.state);
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

fn reset_state(state: &AppState) {
    let school = School::demo();
    *lock(&state.schoology) = schoology::Schoology::seed(&school);
    *lock(&state.blackboard) = blackboard::Blackboard::seed(&school);
    *lock(&state.school) = school;
    *lock(&state.faults) = Faults::default();
    *lock(&state.stats) = Stats::default();
    *lock(&state.rate_limit) = state.config.rate_limit;
    lock(&state.windows).clear();
    lock(&state.bearer_tokens).clear();
    *lock(&state.load_class) = None;
}

fn router(state: Arc<AppState>) -> Router {
    let control = Router::new()
        .route(
            "/__sandbox/health",
            get(|| async { Json(json!({"ok": true})) }),
        )
        .route("/__sandbox/stats", get(get_stats))
        .route("/__sandbox/faults", get(get_faults).put(put_faults))
        .route("/__sandbox/rate-limit", put(put_rate_limit))
        .route("/__sandbox/load-class", put(put_load_class))
        .route("/__sandbox/reset", post(post_reset))
        .route("/__sandbox/state", get(get_state))
        .route("/__sandbox/expire-tokens", post(post_expire_tokens))
        .route("/oauth/token", post(oauth_token))
        .route("/learn/api/public/v1/oauth2/token", post(blackboard::token))
        .route("/__sandbox/blackboard", get(get_blackboard))
        .route("/__sandbox/avatars/{file}", get(avatar_image));
    let api = routes::api()
        .merge(directory::api())
        .merge(schoology::api())
        .merge(blackboard::api())
        .layer(middleware::from_fn_with_state(state.clone(), gate));
    control
        .merge(api)
        .layer(
            // Any origin, method and header; every header exposed (the client reads the
            // rate-limit headers). No credentials: the token is a header, not a cookie.
            tower_http::cors::CorsLayer::permissive().max_age(Duration::from_secs(600)),
        )
        .with_state(state)
}

async fn get_stats(State(s): State<Arc<AppState>>) -> Json<Stats> {
    Json(lock(&s.stats).clone())
}

async fn get_faults(State(s): State<Arc<AppState>>) -> Json<Faults> {
    Json(lock(&s.faults).clone())
}

async fn put_faults(State(s): State<Arc<AppState>>, Json(f): Json<Faults>) -> Json<Faults> {
    *lock(&s.faults) = f.clone();
    Json(f)
}

#[derive(Deserialize)]
struct LoadClassBody {
    students: usize,
    #[serde(default = "ten")]
    tasks: usize,
}

fn ten() -> usize {
    10
}

/// `PUT /__sandbox/load-class {"students": 20000, "tasks": 10}`: class
/// [`routes::LOAD_CLASS_ID`]'s grades for any term become that many generated students
/// (made page by page on each request, never held), for load and memory benchmarks.
async fn put_load_class(
    State(s): State<Arc<AppState>>,
    Json(b): Json<LoadClassBody>,
) -> Json<serde_json::Value> {
    *lock(&s.load_class) = Some((b.students, b.tasks));
    Json(json!({"class_id": routes::LOAD_CLASS_ID, "students": b.students, "tasks": b.tasks}))
}

#[derive(Deserialize)]
struct RateLimitBody {
    limit: Option<u32>,
    #[serde(default)]
    period_secs: Option<u64>,
}

async fn put_rate_limit(
    State(s): State<Arc<AppState>>,
    Json(b): Json<RateLimitBody>,
) -> Json<serde_json::Value> {
    let limit = b
        .limit
        .filter(|l| *l > 0)
        .map(|l| (l, Duration::from_secs(b.period_secs.unwrap_or(60).max(1))));
    *lock(&s.rate_limit) = limit;
    lock(&s.windows).clear();
    Json(json!({"limit": limit.map(|l| l.0), "period_secs": limit.map(|l| l.1.as_secs())}))
}

/// The school's state, for tests in other languages to check writes against:
/// grades by task and student, tasks, and class memberships and levels.
async fn get_state(State(s): State<Arc<AppState>>) -> Json<serde_json::Value> {
    let school = lock(&s.school);
    let results: Vec<serde_json::Value> = school
        .results
        .iter()
        .map(|((task, student), r)| json!({"task_id": task, "student_id": student, "grade": r.fields}))
        .collect();
    let tasks: Vec<serde_json::Value> = school
        .tasks
        .values()
        .map(
            |t| json!({"id": t.id(), "class_id": t.class_id, "term_id": t.term_id, "task": t.data, "unrendered": t.extra}),
        )
        .collect();
    let classes: serde_json::Map<String, serde_json::Value> = school
        .classes
        .iter()
        .map(|(id, c)| {
            (
                id.to_string(),
                json!({"class": c.data, "members": c.members, "former": c.former, "levels": c.levels}),
            )
        })
        .collect();
    drop(school);
    let schoology = schoology::state_json(&lock(&s.schoology));
    Json(json!({"results": results, "tasks": tasks, "classes": classes, "schoology": schoology}))
}

/// What Grades Journey received: schemas, and per course its columns, external
/// grade column, enrollment metadata and grade values.
async fn get_blackboard(State(s): State<Arc<AppState>>) -> Json<serde_json::Value> {
    Json(serde_json::to_value(&*lock(&s.blackboard)).unwrap_or_default())
}

/// Expire every issued bearer token now (the next call gets a 401 and renews).
async fn post_expire_tokens(State(s): State<Arc<AppState>>) -> Json<serde_json::Value> {
    lock(&s.bearer_tokens).clear();
    blackboard::expire(&s);
    Json(json!({"ok": true}))
}

/// `POST /oauth/token`: client credentials as JSON, answered with a bearer token
/// (`expires_in` 3600) or a 401 `invalid_client`.
async fn oauth_token(State(s): State<Arc<AppState>>, body: axum::body::Bytes) -> Response {
    let v: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
    if v["grant_type"] != "client_credentials" {
        return error_response(
            StatusCode::BAD_REQUEST,
            json!({"error": "unsupported_grant_type", "error_description": "only client_credentials is supported"}),
        );
    }
    if v["client_id"] != OAUTH_CLIENT_ID || v["client_secret"] != OAUTH_CLIENT_SECRET {
        return error_response(
            StatusCode::UNAUTHORIZED,
            json!({"error": "invalid_client", "error_description": "Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method."}),
        );
    }
    let now = s.config.clock.now();
    let n = {
        let mut stats = lock(&s.stats);
        stats.tokens_issued += 1;
        stats.tokens_issued
    };
    let token = format!("sandbox-bearer-{n}-{}", now.as_nanos() % 1_000_000);
    lock(&s.bearer_tokens).insert(
        token.clone(),
        now + Duration::from_secs(TOKEN_LIFETIME_SECS),
    );
    Json(json!({
        "access_token": token,
        "token_type": "Bearer",
        "expires_in": TOKEN_LIFETIME_SECS,
        "scope": v.get("scope").and_then(|x| x.as_str()).unwrap_or("read write"),
        "created_at": now.as_secs(),
    }))
    .into_response()
}

/// The bytes of a 1x1 PNG, the sandbox's avatar for everyone.
pub const AVATAR_PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
    0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0xf0,
    0x1f, 0x00, 0x05, 0x00, 0x01, 0xff, 0x89, 0x99, 0x3d, 0x1d, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];

/// Where `/v2p3/avatars/{id}` redirects: the image, as a file store would serve it
/// (no credential needed; one that arrives is counted in the stats).
async fn avatar_image(State(s): State<Arc<AppState>>, headers: axum::http::HeaderMap) -> Response {
    let mut stats = lock(&s.stats);
    stats.avatars_served += 1;
    if headers.contains_key("auth-token") || headers.contains_key("authorization") {
        stats.avatars_with_credentials += 1;
    }
    drop(stats);
    ([("content-type", "image/png")], AVATAR_PNG).into_response()
}

async fn post_reset(State(s): State<Arc<AppState>>) -> Json<serde_json::Value> {
    reset_state(&s);
    Json(json!({"ok": true}))
}

pub(crate) fn error_response(status: StatusCode, body: serde_json::Value) -> Response {
    (status, Json(body)).into_response()
}

fn reset_header(secs: u64) -> String {
    match jiff::Timestamp::from_second(secs as i64) {
        Ok(ts) => ts.strftime("%Y-%m-%d %H:%M:%S UTC").to_string(),
        Err(_) => String::new(),
    }
}

/// Faults, request limit, authentication, stats: in front of every API route.
async fn gate(
    State(state): State<Arc<AppState>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request: Request,
    next: Next,
) -> Response {
    let method = request.method().clone();
    let path = request
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_string())
        .unwrap_or_default();
    let user_agent = request
        .headers()
        .get("user-agent")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let x_headers: BTreeMap<String, String> = request
        .headers()
        .iter()
        .filter(|(k, _)| k.as_str().starts_with("x-"))
        .filter_map(|(k, v)| Some((k.as_str().to_string(), v.to_str().ok()?.to_string())))
        .collect();
    let now = state.config.clock.now();
    let response = gate_inner(&state, peer.ip(), request, next, now).await;
    let status = response.status().as_u16();
    let dropped = response.extensions().get::<Dropped>().is_some();
    let mut stats = lock(&state.stats);
    stats.requests += 1;
    let status = if dropped { 0 } else { status };
    *stats.by_status.entry(status).or_default() += 1;
    stats.log.push(LogEntry {
        at_ms: now.as_millis(),
        method: method.to_string(),
        path,
        status,
        user_agent,
        x_headers,
    });
    response
}

#[derive(Clone, Copy)]
struct Dropped;

/// A response whose connection drops before the body: the client sees no answer.
fn dropped_response() -> Response {
    let stream = futures_util::stream::once(async {
        Err::<bytes::Bytes, std::io::Error>(std::io::Error::other("sandbox: dropped connection"))
    });
    let mut response = Response::new(Body::from_stream(stream));
    response.extensions_mut().insert(Dropped);
    response
}

async fn gate_inner(
    state: &AppState,
    ip: IpAddr,
    request: Request,
    next: Next,
    now: Duration,
) -> Response {
    if request.method() == Method::OPTIONS {
        return next.run(request).await;
    }
    // Faults.
    let is_write = !matches!(*request.method(), Method::GET | Method::HEAD);
    let (latency, fail, drop, limited, retry_after, after_write) = {
        let mut f = lock(&state.faults);
        // Faults that happen after the write was applied.
        let mut after_write = None;
        if is_write && f.drop_after_write_next > 0 {
            f.drop_after_write_next -= 1;
            after_write = Some(None);
        } else if is_write && f.fail_after_write_next > 0 {
            f.fail_after_write_next -= 1;
            after_write = Some(Some(f.fail_status.unwrap_or(503)));
        }
        let applies = f
            .only_method
            .as_ref()
            .map(|m| m.eq_ignore_ascii_case(request.method().as_str()))
            .unwrap_or(true);
        let mut fail = None;
        let mut drop = false;
        let mut limited = false;
        if applies {
            if f.rate_limit_next > 0 {
                f.rate_limit_next -= 1;
                limited = true;
            } else if f.drop_next > 0 {
                f.drop_next -= 1;
                drop = true;
            } else if f.fail_next > 0 {
                f.fail_next -= 1;
                fail = Some(f.fail_status.unwrap_or(503));
            } else if state.chance(f.drop_rate) {
                drop = true;
            } else if state.chance(f.error_rate) {
                fail = Some(f.fail_status.unwrap_or(503));
            }
        }
        (
            f.latency_ms,
            fail,
            drop,
            limited,
            f.retry_after_secs.unwrap_or(1),
            after_write,
        )
    };
    if latency > 0 {
        tokio::time::sleep(Duration::from_millis(latency)).await;
    }
    if drop {
        return dropped_response();
    }
    if limited {
        let mut r = error_response(
            StatusCode::TOO_MANY_REQUESTS,
            json!({"error": "Too Many Requests"}),
        );
        if let Ok(v) = HeaderValue::from_str(&retry_after.to_string()) {
            r.headers_mut().insert("retry-after", v);
        }
        return r;
    }
    if let Some(status) = fail {
        let code = StatusCode::from_u16(status).unwrap_or(StatusCode::SERVICE_UNAVAILABLE);
        return error_response(
            code,
            json!({"error": format!("sandbox: injected {status}")}),
        );
    }

    // ManageBac's request limit, per client IP, sliding window (Schoology documents
    // none; Blackboard's daily quota is announced in its own headers).
    let path = request.uri().path();
    let managebac = !(path.starts_with("/v1/") || path.starts_with("/learn/"));
    let limit = if managebac {
        *lock(&state.rate_limit)
    } else {
        None
    };
    let mut remaining = None;
    if let Some((max, period)) = limit {
        let mut windows = lock(&state.windows);
        let w = windows.entry(ip).or_default();
        while let Some(front) = w.front() {
            if *front + period <= now {
                w.pop_front();
            } else {
                break;
            }
        }
        if w.len() as u64 >= u64::from(max) {
            let oldest = w.front().copied().unwrap_or(now);
            let reset = oldest + period;
            let wait = (reset - now).as_secs_f64().ceil().max(1.0) as u64;
            drop_guard(windows);
            let mut r = error_response(
                StatusCode::TOO_MANY_REQUESTS,
                json!({"error": "Too Many Requests: the limit is exceeded, retry later"}),
            );
            let h = r.headers_mut();
            for (k, v) in [
                ("retry-after", wait.to_string()),
                ("x-ratelimit-limit", max.to_string()),
                ("x-ratelimit-period", period.as_secs().to_string()),
                ("x-ratelimit-remaining", "0".to_string()),
                (
                    "x-ratelimit-reset",
                    reset_header(reset.as_secs_f64().ceil() as u64),
                ),
            ] {
                if let Ok(v) = HeaderValue::from_str(&v) {
                    h.insert(k, v);
                }
            }
            return r;
        }
        w.push_back(now);
        remaining = Some((
            max,
            period,
            u64::from(max) - w.len() as u64,
            w.front().copied().unwrap_or(now) + period,
        ));
    }

    // Authentication: the `auth-token` header (or the `auth_token` query parameter the
    // API also accepts).
    let header_token = request
        .headers()
        .get("auth-token")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let query_token = request.uri().query().and_then(|q| {
        q.split('&')
            .find_map(|kv| kv.strip_prefix("auth_token=").map(str::to_string))
    });
    let token = header_token.or(query_token);
    // Or an OAuth2 bearer token issued by /oauth/token and not expired.
    let bearer = request
        .headers()
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::to_string);
    let bearer_ok = bearer.as_ref().is_some_and(|b| {
        lock(&state.bearer_tokens)
            .get(b)
            .is_some_and(|exp| state.config.clock.now() < *exp)
    });
    // Schoology's paths (`/v1/...`) are signed with OAuth 1.0a instead.
    let path_and_query = request
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_string())
        .unwrap_or_default();
    let journey = path_and_query.starts_with("/learn/api/v2/");
    let signed = if path_and_query.starts_with("/v1/") {
        Some(schoology::verify(
            state,
            request.method().as_str(),
            request.headers(),
            &path_and_query,
        ))
    } else {
        None
    };
    let full = match &signed {
        Some(verdict) => verdict.is_ok(),
        None if journey => blackboard::bearer_ok(state, request.headers()),
        None => token.as_deref() == Some(state.config.token.as_str()) || bearer_ok,
    };
    let readonly = signed.is_none() && !journey && token.as_deref() == Some(READONLY_TOKEN);
    // Writes with a body must say it is JSON, as the API requires.
    let has_body = request
        .headers()
        .get("content-length")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
        .is_some_and(|n| n > 0)
        || request.headers().contains_key("transfer-encoding");
    let json_body = request
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    let mut response = if has_body && !json_body && request.method() != Method::GET {
        error_response(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            json!({"error": "Content-Type must be application/json"}),
        )
    } else if let Some(Err(why)) = &signed {
        error_response(StatusCode::UNAUTHORIZED, json!({"error": why}))
    } else if journey && !full {
        error_response(
            StatusCode::UNAUTHORIZED,
            json!({"status": 401, "message": "Bearer token is invalid or expired"}),
        )
    } else if !full && !readonly {
        error_response(StatusCode::UNAUTHORIZED, json!({"error": "Access Denied"}))
    } else if readonly && request.method() != Method::GET {
        error_response(StatusCode::FORBIDDEN, json!({"error": "Access Denied"}))
    } else {
        let applied = next.run(request).await;
        match after_write {
            // The write was applied; its answer is lost.
            Some(None) => dropped_response(),
            Some(Some(status)) => error_response(
                StatusCode::from_u16(status).unwrap_or(StatusCode::SERVICE_UNAVAILABLE),
                json!({"error": format!("sandbox: injected {status} after the write")}),
            ),
            None => applied,
        }
    };
    if journey {
        let h = response.headers_mut();
        for (k, v) in blackboard::quota_headers(state) {
            if let Ok(v) = HeaderValue::from_str(&v) {
                h.insert(k, v);
            }
        }
    }
    if let Some((max, period, left, reset)) = remaining {
        let h = response.headers_mut();
        for (k, v) in [
            ("x-ratelimit-limit", max.to_string()),
            ("x-ratelimit-period", period.as_secs().to_string()),
            ("x-ratelimit-remaining", left.to_string()),
            ("x-ratelimit-reset", reset_header(reset.as_secs())),
        ] {
            if let Ok(v) = HeaderValue::from_str(&v) {
                h.insert(k, v);
            }
        }
    }
    response
}

fn drop_guard<T>(_g: T) {}
