//! Honest outcomes for ambiguous writes, and no burst past a limit not yet heard.

use crate::common;

use std::time::Duration;

use common::sandbox_client;
use gradebridge::client::ManageBacClient;
use gradebridge::managebac::*;
use gradebridge::ErrorKind;
use gradebridge_sandbox::{Faults, Sandbox, SandboxConfig, DEFAULT_TOKEN};

fn task(name: &str) -> TaskInput {
    TaskInput {
        name: Some(name.into()),
        ..Default::default()
    }
}

#[tokio::test]
async fn a_write_whose_answer_was_lost_after_it_was_applied_says_so() {
    let (sb, mb) = sandbox_client().await;
    sb.set_faults(Faults {
        drop_after_write_next: 1,
        ..Default::default()
    });
    let e = mb.create_task(1001, task("Lost answer")).await.unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::Transport { .. }), "{e:?}");
    assert!(e.maybe_applied(), "{e}");
    assert!(
        e.message().contains("may have been applied"),
        "{}",
        e.message()
    );
    // It was: the task exists, once (a create is never retried).
    let found = sb.with_school(|s| {
        s.tasks
            .values()
            .filter(|t| t.data.get("name").and_then(|n| n.as_str()) == Some("Lost answer"))
            .count()
    });
    assert_eq!(found, 1);

    // A read that loses its answer is not "maybe applied".
    sb.set_faults(Faults {
        drop_next: 10,
        ..Default::default()
    });
    let e = mb.get_class(1001).await.unwrap_err();
    assert!(!e.maybe_applied());
}

#[tokio::test]
async fn a_write_that_never_left_is_not_maybe_applied() {
    // Nothing listens on this port: the connection is refused, nothing was sent.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let mb = ManageBacClient::builder("tok")
        .base_url(url)
        .max_retries(0)
        .build()
        .unwrap();
    let e = mb.create_task(1001, task("Never sent")).await.unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::Transport { .. }));
    assert!(!e.maybe_applied(), "{e}");
}

/// Real time (a virtual clock shared by 150 concurrent sleepers jumps ahead between a
/// request's slot and its arrival, which no real network does): 60 requests per 2 s,
/// so 150 calls take about 4 s.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_calls_wait_for_the_first_answer_before_bursting() {
    let sb = Sandbox::start(SandboxConfig {
        rate_limit: Some((60, Duration::from_secs(2))),
        ..Default::default()
    })
    .await
    .unwrap();
    // The client starts at ManageBac's documented 200/min; the server allows far less,
    // and says so only in its answers' headers.
    let mb = ManageBacClient::builder(DEFAULT_TOKEN)
        .base_url(sb.url())
        .build()
        .unwrap();
    let calls = (0..150).map(|_| {
        let mb = mb.clone();
        tokio::spawn(async move { mb.get_class(1001).await })
    });
    for r in futures::future::join_all(calls).await {
        r.unwrap().unwrap();
    }
    let stats = sb.stats();
    assert_eq!(stats.requests, 150);
    assert_eq!(stats.by_status.get(&429), None, "{:?}", stats.by_status);
    assert_eq!(mb.rate_limit(), (60, Duration::from_secs(2)));
}
