//! The request loop (rate limit, authentication, retries, 429 waits, bearer tokens,
//! redirects), built once for every platform: it reaches its platform through
//! [`Api`], an object-safe view of [`Platform`]. As methods of the generic
//! `Client<P>` it was built once per platform type (four copies of the retry loop,
//! 24 KB of the wasm module raw).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use crate::clock::{BoxFuture, Clock};
use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse, RequestSpec};
use crate::platform::{AuthContext, AuthScheme, BearerToken, Platform, RateLimit};

use super::events::{self, Event, EventHook};
use super::ratelimit::RateLimiter;
use super::transport::{Transport, TransportError};
use super::TOKEN_RENEW_MARGIN;

/// What the request loop asks of a platform: [`Platform`]'s methods of the same
/// names (`id` is `Platform::ID`).
pub(super) trait Api: Send + Sync {
    fn id(&self) -> &'static str;
    fn base_url(&self) -> &str;
    fn auth(&self) -> AuthScheme;
    fn authorize(&self, spec: RequestSpec, auth: &AuthContext) -> Result<HttpRequest, Error>;
    fn announced_limit(&self, response: &HttpResponse) -> Option<RateLimit>;
    fn error(&self, response: &HttpResponse) -> Error;
    fn token_request(&self) -> Result<HttpRequest, Error>;
    fn parse_token(&self, response: &HttpResponse) -> Result<BearerToken, Error>;
}

impl<P: Platform> Api for P {
    fn id(&self) -> &'static str {
        P::ID
    }
    fn base_url(&self) -> &str {
        Platform::base_url(self)
    }
    fn auth(&self) -> AuthScheme {
        Platform::auth(self)
    }
    fn authorize(&self, spec: RequestSpec, auth: &AuthContext) -> Result<HttpRequest, Error> {
        Platform::authorize(self, spec, auth)
    }
    fn announced_limit(&self, response: &HttpResponse) -> Option<RateLimit> {
        Platform::announced_limit(self, response)
    }
    fn error(&self, response: &HttpResponse) -> Error {
        Platform::error(self, response)
    }
    fn token_request(&self) -> Result<HttpRequest, Error> {
        Platform::token_request(self)
    }
    fn parse_token(&self, response: &HttpResponse) -> Result<BearerToken, Error> {
        Platform::parse_token(self, response)
    }
}

/// A bearer token and when to renew it.
pub(super) struct CachedToken {
    pub(super) token: String,
    pub(super) renew_at: Option<Duration>,
}

/// The client's state that is the same for every platform.
pub(super) struct Core {
    pub(super) http: Arc<dyn Transport>,
    pub(super) limiter: RateLimiter,
    pub(super) timeout: Duration,
    pub(super) max_retries: u32,
    pub(super) max_rate_limit_waits: u32,
    pub(super) backoff: Duration,
    pub(super) max_backoff: Duration,
    pub(super) max_retry_after: Duration,
    pub(super) retry_statuses: Vec<u16>,
    pub(super) on_event: Option<Arc<dyn EventHook>>,
    /// The `User-Agent` and the caller's extra headers, added to every request.
    pub(super) headers: Vec<(String, String)>,
    pub(super) clock: Arc<dyn Clock>,
    pub(super) nonce: AtomicU64,
    /// Random per client, so that two clients never share a nonce (even on one
    /// virtual clock).
    pub(super) nonce_seed: u64,
    pub(super) last_timestamp: AtomicU64,
    pub(super) token: futures_util::lock::Mutex<Option<CachedToken>>,
}

impl Core {
    fn backoff(&self, attempt: u32) -> Duration {
        let base = self.backoff.saturating_mul(1u32 << attempt.min(16));
        let capped = base.min(self.max_backoff);
        // Up to 25% jitter, from the clock's sub-second digits (no RNG needed).
        let jitter_ppm = u64::from(self.clock.now().subsec_nanos() % 250_000);
        capped + capped.mul_f64(jitter_ppm as f64 / 1_000_000.0)
    }

    /// A fresh authentication context: a unique nonce, a timestamp that never goes
    /// backwards (even across concurrent requests) and the bearer token, if any.
    async fn auth_context(
        &self,
        api: &dyn Api,
        renew_from: Option<&str>,
    ) -> Result<AuthContext, Error> {
        let now = self.clock.now();
        let n = self.nonce.fetch_add(1, Ordering::Relaxed);
        let nonce = format!("{:x}{:x}{:08x}", self.nonce_seed, now.as_nanos(), n);
        let secs = now.as_secs();
        let previous = self.last_timestamp.fetch_max(secs, Ordering::Relaxed);
        let mut auth = AuthContext::new(nonce, secs.max(previous));
        if api.auth() == AuthScheme::Bearer {
            auth.bearer = Some(self.bearer(api, renew_from).await?);
        }
        Ok(auth)
    }

    /// The bearer token: the cached one while it is valid, else one new token
    /// request shared by every caller waiting for it. `renew_from` is a token the
    /// server refused: it is replaced unless another caller already did.
    async fn bearer(&self, api: &dyn Api, renew_from: Option<&str>) -> Result<String, Error> {
        let mut slot = self.token.lock().await;
        if let Some(cached) = slot.as_ref() {
            let fresh = cached.renew_at.is_none_or(|t| self.clock.now() < t);
            let refused = renew_from == Some(cached.token.as_str());
            if fresh && !refused {
                return Ok(cached.token.clone());
            }
        }
        let mut request = api.token_request()?;
        request.headers.extend(self.headers.iter().cloned());
        self.limiter.acquire(&*self.clock).await;
        let response = self
            .http
            .send(&request, self.timeout)
            .await
            .map_err(|e| e.error.with_platform(api.id()))?;
        let BearerToken {
            access_token,
            expires_in,
        } = api
            .parse_token(&response)
            .map_err(|e| e.with_platform(api.id()))?;
        let renew_at = expires_in.map(|s| {
            let life = Duration::from_secs(s);
            self.clock.now() + life.saturating_sub(TOKEN_RENEW_MARGIN.min(life / 2))
        });
        *slot = Some(CachedToken {
            token: access_token.clone(),
            renew_at,
        });
        Ok(access_token)
    }

    /// Report a retry (after `status`, or a transport failure) and wait out its
    /// backoff.
    async fn retry_pause(
        &self,
        api: &dyn Api,
        spec: &RequestSpec,
        status: Option<u16>,
        retries: u32,
        attempt: u32,
    ) {
        let delay = self.backoff(retries);
        events::emit(
            self.on_event.as_ref(),
            Event::Retry {
                platform: api.id(),
                method: spec.method.as_str(),
                path: spec.path.clone(),
                status,
                delay_s: delay.as_secs_f64(),
                attempt,
            },
        );
        self.clock.sleep(delay).await;
    }

    /// Send with the limiter, authentication and retry policy; the answer and how
    /// many attempts it took (errors carry the count).
    ///
    /// Boxed, as [`Core::follow_redirect`] is: each `Client<P>` wrapper and
    /// `execute::<E>` awaits it through one call, so its state machine is not inlined
    /// into them (on wasm32 it was, twice: 6.5 KB of code each).
    pub(super) fn send_counted<'a>(
        &'a self,
        api: &'a dyn Api,
        spec: &'a RequestSpec,
        idempotent: bool,
    ) -> BoxFuture<'a, Result<(HttpResponse, u32), Error>> {
        Box::pin(self.send_counted_inline(api, spec, idempotent))
    }

    async fn send_counted_inline(
        &self,
        api: &dyn Api,
        spec: &RequestSpec,
        idempotent: bool,
    ) -> Result<(HttpResponse, u32), Error> {
        let clock = &*self.clock;
        let hook = self.on_event.as_ref();
        let method = spec.method.as_str();
        let mut retries = 0u32;
        let mut waits = 0u32;
        let mut attempt = 0u32;
        let mut refused_token: Option<String> = None;
        let mut renewed = false;
        loop {
            attempt += 1;
            let auth = self
                .auth_context(api, refused_token.as_deref())
                .await
                .map_err(|e| e.with_attempts(attempt))?;
            let mut request = api.authorize(spec.clone(), &auth)?;
            request.headers.extend(self.headers.iter().cloned());
            // Before the server's first answer, one request at a time.
            let probe = self.limiter.first_answer().await;
            self.limiter.acquire(clock).await;
            let started = clock.now();
            let sent = self.http.send(&request, self.timeout).await;
            let elapsed_ms = clock.now().saturating_sub(started).as_secs_f64() * 1000.0;
            if let Ok(response) = &sent {
                self.limiter.observe(api.announced_limit(response));
            }
            drop(probe);
            events::emit(
                hook,
                Event::Request {
                    platform: api.id(),
                    method,
                    path: spec.path.clone(),
                    status: sent.as_ref().ok().map(|r| r.status),
                    attempt,
                    elapsed_ms,
                    error: sent.as_ref().err().map(|e| e.error.message().to_string()),
                },
            );
            match sent {
                Ok(response) => {
                    if response.status == 401 && auth.bearer.is_some() && !renewed {
                        // An expired or revoked token: renew it once and try again.
                        renewed = true;
                        refused_token = auth.bearer;
                        continue;
                    }
                    if response.status == 429 && waits < self.max_rate_limit_waits {
                        let err = api.error(&response);
                        let wait = err
                            .retry_after()
                            .and_then(|r| r.delay_from(clock.now()))
                            .unwrap_or_else(|| self.backoff(waits));
                        if wait > self.max_retry_after {
                            return Ok((response, attempt));
                        }
                        events::emit(
                            hook,
                            Event::RateLimited {
                                platform: api.id(),
                                method,
                                path: spec.path.clone(),
                                wait_s: wait.as_secs_f64(),
                                attempt,
                            },
                        );
                        self.limiter.block_until(clock.now() + wait);
                        waits += 1;
                        continue;
                    }
                    let retryable = self.retry_statuses.contains(&response.status);
                    if retryable && idempotent && retries < self.max_retries {
                        self.retry_pause(api, spec, Some(response.status), retries, attempt)
                            .await;
                        retries += 1;
                        continue;
                    }
                    return Ok((response, attempt));
                }
                Err(TransportError {
                    error,
                    connect_failed,
                }) => {
                    // A connection that never opened carried nothing: safe to retry
                    // even a create.
                    if (idempotent || connect_failed) && retries < self.max_retries {
                        self.retry_pause(api, spec, None, retries, attempt).await;
                        retries += 1;
                        continue;
                    }
                    let error = error.with_platform(api.id()).with_attempts(attempt);
                    // A write that left and got no answer may have been applied.
                    let sent_write = !connect_failed && spec.method != crate::Method::Get;
                    return Err(if sent_write {
                        error.with_maybe_applied()
                    } else {
                        error
                    });
                }
            }
        }
    }

    /// Follow a redirect answer (3xx with `Location`) with a plain GET that carries no
    /// credential (the target is often another host, such as a file store); any
    /// other answer is returned as it is.
    pub(super) fn follow_redirect<'a>(
        &'a self,
        api: &'a dyn Api,
        spec: &'a RequestSpec,
        response: HttpResponse,
    ) -> BoxFuture<'a, Result<HttpResponse, Error>> {
        Box::pin(self.follow_redirect_inline(api, spec, response))
    }

    async fn follow_redirect_inline(
        &self,
        api: &dyn Api,
        spec: &RequestSpec,
        response: HttpResponse,
    ) -> Result<HttpResponse, Error> {
        if !matches!(response.status, 301 | 302 | 303 | 307 | 308) {
            return Ok(response);
        }
        let Some(location) = response.header("location") else {
            return Ok(response);
        };
        let base = crate::platform::url_for(api.base_url(), spec);
        let target = crate::weburl::WebUrl::parse(&base)
            .and_then(|b| b.join(location))
            .map_err(|e| {
                Error::decode("location", format!("not a URL: {e}"), location.as_bytes())
                    .with_platform(api.id())
            })?;
        let request = crate::HttpRequest {
            method: crate::Method::Get,
            url: target.to_string(),
            headers: vec![("accept".to_string(), "*/*".to_string())],
            body: None,
        };
        self.http
            .send(&request, self.timeout)
            .await
            .map_err(|e| e.error.with_platform(api.id()))
    }
}
