//! One request limiter per client: a sliding window of at most `limit` requests in
//! any `period`, that adopts the limit the server announces (read from its headers by
//! the platform, [`crate::Platform::announced_limit`]) when it is stricter, and holds
//! every request back after a 429 until the time the server named.
//!
//! Written here rather than taken from `governor`: it must run on wasm32 too, read
//! time through the [`Clock`] seam (so tests run it on a virtual clock) and follow the
//! server's headers.

use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::Duration;

use crate::clock::Clock;

#[derive(Debug)]
struct State {
    limit: u32,
    period: Duration,
    sent: VecDeque<Duration>,
    blocked_until: Duration,
}

/// A sliding-window request limiter.
#[derive(Debug)]
pub struct RateLimiter {
    enabled: bool,
    configured: (u32, Duration),
    state: Mutex<State>,
}

impl RateLimiter {
    /// At most `limit` requests in any `period`; `None` switches limiting off (a 429
    /// is still waited out).
    pub fn new(limit: Option<(u32, Duration)>) -> Self {
        let (enabled, (limit, period)) = match limit {
            Some((l, p)) if l > 0 && !p.is_zero() => (true, (l, p)),
            _ => (false, (u32::MAX, Duration::from_secs(60))),
        };
        RateLimiter {
            enabled,
            configured: (limit, period),
            state: Mutex::new(State {
                limit,
                period,
                sent: VecDeque::new(),
                blocked_until: Duration::ZERO,
            }),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The limit in force: `(requests, period)`.
    pub fn current(&self) -> (u32, Duration) {
        let s = self.lock();
        (s.limit, s.period)
    }

    /// How long to wait before a request may go, or `None` to go now (and count it).
    fn try_acquire(&self, now: Duration) -> Option<Duration> {
        let mut s = self.lock();
        if now < s.blocked_until {
            return Some(s.blocked_until - now);
        }
        if !self.enabled {
            return None;
        }
        let period = s.period;
        while let Some(front) = s.sent.front() {
            if *front + period <= now {
                s.sent.pop_front();
            } else {
                break;
            }
        }
        if (s.sent.len() as u64) < u64::from(s.limit) {
            s.sent.push_back(now);
            None
        } else {
            let oldest = s.sent.front().copied().unwrap_or(now);
            // A small margin for the time a request takes to reach the server.
            Some(oldest + period - now + period / 400)
        }
    }

    /// Wait until a request may go.
    pub async fn acquire(&self, clock: &dyn Clock) {
        while let Some(wait) = self.try_acquire(clock.now()) {
            clock.sleep(wait.max(Duration::from_millis(1))).await;
        }
    }

    /// Hold every request back until `until` (time since the Unix epoch).
    pub fn block_until(&self, until: Duration) {
        let mut s = self.lock();
        if until > s.blocked_until {
            s.blocked_until = until;
        }
    }

    /// Adopt the server's announced limit when it is stricter than the configured
    /// one.
    pub fn observe(&self, announced: Option<crate::platform::RateLimit>) {
        if !self.enabled {
            return;
        }
        let Some(crate::platform::RateLimit {
            requests: limit,
            period,
        }) = announced
        else {
            return;
        };
        if limit == 0 || period.is_zero() {
            return;
        }
        let mut s = self.lock();
        // Compare rates: limit / period.
        let (cl, cp) = self.configured;
        let server_stricter =
            u128::from(limit) * cp.as_millis() < u128::from(cl) * period.as_millis();
        let (new_limit, new_period) = if server_stricter {
            (limit, period)
        } else {
            (cl, cp)
        };
        s.limit = new_limit;
        s.period = new_period;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::VirtualClock;
    use crate::http::HttpResponse;
    use crate::Platform;

    #[test]
    fn window_holds_at_most_limit() {
        let clock = VirtualClock::default();
        let rl = RateLimiter::new(Some((3, Duration::from_secs(10))));
        let start = clock.now();
        let mut times = vec![];
        for _ in 0..7 {
            futures::executor::block_on(rl.acquire(&clock));
            times.push(clock.now() - start);
        }
        for i in 3..times.len() {
            assert!(
                times[i] - times[i - 3] >= Duration::from_secs(10),
                "{times:?}"
            );
        }
    }

    #[test]
    fn adopts_stricter_server_limit() {
        let rl = RateLimiter::new(Some((200, Duration::from_secs(60))));
        let r = HttpResponse::new(200, "")
            .with_header("X-RateLimit-Limit", "60")
            .with_header("X-RateLimit-Period", "60");
        let mb = crate::managebac::ManageBacConfig::new("t");
        rl.observe(mb.announced_limit(&r));
        assert_eq!(rl.current(), (60, Duration::from_secs(60)));
        let looser = HttpResponse::new(200, "")
            .with_header("X-RateLimit-Limit", "1000")
            .with_header("X-RateLimit-Period", "60");
        rl.observe(mb.announced_limit(&looser));
        assert_eq!(rl.current(), (200, Duration::from_secs(60)));
    }
}
