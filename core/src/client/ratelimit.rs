//! One request limiter per client: sliding windows of at most `limit` requests in
//! any `period`. The configured window (ManageBac's documented 200 a minute) and the
//! one the server announces in its headers ([`crate::Platform::announced_limit`]) are
//! both kept, so neither a faster rate nor a smaller burst is ever exceeded. After a
//! 429 every request is held back until the time the server named. Until the first
//! answer has arrived, requests go one at a time: the server may announce a stricter
//! limit in that answer, and a burst sent before it is known would draw 429s.
//!
//! Written here rather than taken from `governor`: it must run on wasm32 too, read
//! time through the [`Clock`] seam (so tests run it on a virtual clock) and follow the
//! server's headers.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use crate::clock::Clock;

/// One sliding window: the send times of the requests in the last `period`.
#[derive(Debug)]
struct Window {
    limit: u32,
    period: Duration,
    sent: VecDeque<Duration>,
}

impl Window {
    fn new(limit: u32, period: Duration) -> Self {
        Window {
            limit,
            period,
            sent: VecDeque::new(),
        }
    }

    /// How long until this window has room at `now` (`None`: it has).
    fn wait(&mut self, now: Duration) -> Option<Duration> {
        while let Some(front) = self.sent.front() {
            if *front + self.period <= now {
                self.sent.pop_front();
            } else {
                break;
            }
        }
        if (self.sent.len() as u64) < u64::from(self.limit) {
            None
        } else {
            let oldest = self.sent.front().copied().unwrap_or(now);
            // A margin for the time a request takes to reach the server, which counts
            // it on arrival: 1/400 of the period, at least 250 ms.
            let margin = (self.period / 400).max(Duration::from_millis(250));
            Some(oldest + self.period - now + margin)
        }
    }

    /// Requests per second.
    fn rate(&self) -> f64 {
        f64::from(self.limit) / self.period.as_secs_f64()
    }
}

#[derive(Debug)]
struct State {
    configured: Option<Window>,
    announced: Option<Window>,
    blocked_until: Duration,
}

/// A sliding-window request limiter (see the module documentation).
#[derive(Debug)]
pub struct RateLimiter {
    state: Mutex<State>,
    learned: AtomicBool,
    probe: futures_util::lock::Mutex<()>,
}

/// Held by the one request in flight before the server's first answer (see
/// [`RateLimiter::first_answer`]).
pub type ProbeGuard<'a> = futures_util::lock::MutexGuard<'a, ()>;

impl RateLimiter {
    /// At most `limit` requests in any `period`; `None` switches client-side limiting
    /// off (a 429 is still waited out, and an announced limit is still kept).
    pub fn new(limit: Option<(u32, Duration)>) -> Self {
        let configured = limit.filter(|(l, p)| *l > 0 && !p.is_zero());
        RateLimiter {
            state: Mutex::new(State {
                configured: configured.map(|(l, p)| Window::new(l, p)),
                announced: None,
                blocked_until: Duration::ZERO,
            }),
            learned: AtomicBool::new(configured.is_none()),
            probe: futures_util::lock::Mutex::new(()),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The limit that binds: `(requests, period)` of the announced window when it
    /// is stricter (a smaller burst or a slower rate) than the configured one, else
    /// the configured one (`u32::MAX` a minute when there is none).
    pub fn current(&self) -> (u32, Duration) {
        let s = self.lock();
        match (&s.configured, &s.announced) {
            (Some(c), Some(a)) if a.limit < c.limit || a.rate() < c.rate() => (a.limit, a.period),
            (Some(c), _) => (c.limit, c.period),
            (None, Some(a)) => (a.limit, a.period),
            (None, None) => (u32::MAX, Duration::from_secs(60)),
        }
    }

    /// How long to wait before a request may go, or `None` to go now (and count it).
    fn try_acquire(&self, now: Duration) -> Option<Duration> {
        let mut s = self.lock();
        if now < s.blocked_until {
            return Some(s.blocked_until - now);
        }
        let waits = [
            s.configured.as_mut().and_then(|w| w.wait(now)),
            s.announced.as_mut().and_then(|w| w.wait(now)),
        ];
        if let Some(wait) = waits.iter().flatten().max() {
            return Some(*wait);
        }
        let State {
            configured,
            announced,
            ..
        } = &mut *s;
        for w in [configured.as_mut(), announced.as_mut()]
            .into_iter()
            .flatten()
        {
            w.sent.push_back(now);
        }
        None
    }

    /// Before the server's first answer, wait for the one request in flight and
    /// return a guard to hold while this request is sent (then the next waits for
    /// this answer); after it, `None` at once.
    pub async fn first_answer(&self) -> Option<ProbeGuard<'_>> {
        if self.learned.load(Ordering::Acquire) {
            return None;
        }
        let guard = self.probe.lock().await;
        if self.learned.load(Ordering::Acquire) {
            None
        } else {
            Some(guard)
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

    /// An answer arrived: keep the limit it announces (if any) beside the configured
    /// one, and let requests go concurrently from now on.
    pub fn observe(&self, announced: Option<crate::platform::RateLimit>) {
        self.learned.store(true, Ordering::Release);
        let Some(crate::platform::RateLimit { requests, period }) = announced else {
            return;
        };
        if requests == 0 || period.is_zero() {
            return;
        }
        let mut s = self.lock();
        match &mut s.announced {
            Some(w) if w.limit == requests && w.period == period => {}
            Some(w) => {
                w.limit = requests;
                w.period = period;
            }
            None => {
                // Count what was sent in the current period against it too.
                let mut w = Window::new(requests, period);
                if let Some(c) = &s.configured {
                    w.sent = c.sent.clone();
                }
                s.announced = Some(w);
            }
        }
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
