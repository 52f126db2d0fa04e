//! What the client says it is doing (events: answered requests, 429 waits, retries,
//! never a secret) and the retry settings (statuses, caps, attempts in errors).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use gradebridge::client::{ClientBuilder, Event, ManageBacClient};
use gradebridge::managebac::ManageBacConfig;
use gradebridge::ErrorKind;
use gradebridge_sandbox::{Faults, Sandbox, SandboxConfig};

type Seen = Arc<Mutex<Vec<Event>>>;

fn client(
    sb: &Sandbox,
    f: impl FnOnce(ClientBuilder<ManageBacConfig>) -> ClientBuilder<ManageBacConfig>,
) -> (ManageBacClient, Seen) {
    let seen: Seen = Arc::default();
    let sink = seen.clone();
    let builder = ManageBacClient::builder(sb.token())
        .base_url(sb.url())
        .backoff(Duration::from_millis(1))
        .on_event(move |e: &Event| sink.lock().unwrap().push(e.clone()));
    (f(builder).build().unwrap(), seen)
}

#[tokio::test]
async fn requests_retries_and_waits_are_events() {
    let sb = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let (mb, seen) = client(&sb, |b| b);
    sb.set_faults(Faults {
        fail_next: 2,
        ..Faults::default()
    });
    mb.get_class(1001).await.unwrap();
    let events = seen.lock().unwrap().clone();
    let shape: Vec<(&str, Option<u16>, u32)> = events
        .iter()
        .map(|e| match e {
            Event::Request {
                status, attempt, ..
            } => ("request", *status, *attempt),
            Event::Retry {
                status, attempt, ..
            } => ("retry", *status, *attempt),
            Event::RateLimited { attempt, .. } => ("rate_limited", None, *attempt),
        })
        .collect();
    assert_eq!(
        shape,
        vec![
            ("request", Some(503), 1),
            ("retry", Some(503), 1),
            ("request", Some(503), 2),
            ("retry", Some(503), 2),
            ("request", Some(200), 3),
        ]
    );
    let Event::Request {
        platform,
        method,
        path,
        elapsed_ms,
        ..
    } = &events[4]
    else {
        unreachable!()
    };
    assert_eq!(
        (*platform, *method, path.as_str()),
        ("managebac", "GET", "/v2p0/classes/1001")
    );
    assert!(*elapsed_ms >= 0.0);
    assert_eq!(events[4].level(), "debug");
    assert_eq!(events[1].level(), "warning");
    assert_eq!(
        events[0].to_string().split(" (attempt").next().unwrap(),
        "managebac GET /v2p0/classes/1001 -> 503"
    );

    // A 429 is waited out, and said.
    seen.lock().unwrap().clear();
    sb.set_faults(Faults {
        rate_limit_next: 1,
        retry_after_secs: Some(1),
        ..Faults::default()
    });
    mb.get_class(1001).await.unwrap();
    let events = seen.lock().unwrap().clone();
    assert!(
        matches!(events[1], Event::RateLimited { wait_s, attempt: 1, .. } if wait_s > 0.0 && wait_s <= 1.0),
        "{events:?}"
    );
    assert_eq!(events[1].level(), "info");
    assert!(events[1].to_string().contains("waiting"), "{}", events[1]);

    // No event carries the token.
    for e in seen.lock().unwrap().iter() {
        assert!(!format!("{e} {e:?}").contains(sb.token()), "{e}");
        assert!(!serde_json::to_string(e).unwrap().contains(sb.token()));
    }
}

#[tokio::test]
async fn retry_settings_and_attempts_in_errors() {
    let sb = Sandbox::start(SandboxConfig::default()).await.unwrap();
    // One retry of 503: the third 503 reaches the caller after 2 attempts.
    let (mb, _) = client(&sb, |b| b.max_retries(1).retry_statuses([503]));
    sb.set_faults(Faults {
        fail_next: 3,
        ..Faults::default()
    });
    let e = mb.get_class(1001).await.unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::Server), "{e}");
    assert_eq!(e.attempts(), Some(2));
    assert!(e.to_string().ends_with("(after 2 attempts)"), "{e}");

    // A status not listed is not retried.
    let (mb, seen) = client(&sb, |b| b.retry_statuses([502]));
    sb.set_faults(Faults {
        fail_next: 1,
        fail_status: Some(503),
        ..Faults::default()
    });
    let e = mb.get_class(1001).await.unwrap_err();
    assert_eq!(e.attempts(), Some(1));
    assert!(!e.to_string().contains("attempts"), "{e}");
    assert_eq!(seen.lock().unwrap().len(), 1);

    // A Retry-After over the cap reaches the caller at once.
    let (mb, _) = client(&sb, |b| b.max_retry_after(Duration::from_millis(500)));
    sb.set_faults(Faults {
        rate_limit_next: 1,
        retry_after_secs: Some(2),
        ..Faults::default()
    });
    let started = std::time::Instant::now();
    let e = mb.get_class(1001).await.unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::RateLimited { .. }), "{e}");
    assert!(started.elapsed() < Duration::from_secs(2));
    sb.set_faults(Faults::default());

    // The settings are checked.
    for (built, field) in [
        (
            ManageBacClient::builder("t").retry_statuses([429]).build(),
            "retry_statuses",
        ),
        (
            ManageBacClient::builder("t").retry_statuses([404]).build(),
            "retry_statuses",
        ),
        (
            ManageBacClient::builder("t")
                .backoff(Duration::from_secs(2))
                .max_backoff(Duration::from_secs(1))
                .build(),
            "max_backoff",
        ),
    ] {
        let e = built.unwrap_err();
        assert!(
            matches!(e.kind(), ErrorKind::InvalidInput { field: f } if f == field),
            "{e}"
        );
    }
}
