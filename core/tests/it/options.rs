//! Client options a school's network needs: the `User-Agent` (gradebridge's, plus the
//! caller's product), extra headers (never in place of a credential), a proxy.

use gradebridge::client::ManageBacClient;
use gradebridge::ErrorKind;
use gradebridge_sandbox::{Sandbox, SandboxConfig};

fn ua() -> String {
    format!("gradebridge/{}", env!("CARGO_PKG_VERSION"))
}

#[tokio::test]
async fn user_agent_and_extra_headers() {
    let sb = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let plain = ManageBacClient::builder(sb.token())
        .base_url(sb.url())
        .build()
        .unwrap();
    plain.get_class(1001).await.unwrap();
    let mine = ManageBacClient::builder(sb.token())
        .base_url(sb.url())
        .user_agent("nightly-sync/2.3 (it@school.edu)")
        .header("X-School", "Lycee Voltaire")
        .header("x-request-source", "nightly")
        .build()
        .unwrap();
    mine.get_class(1001).await.unwrap();
    let log = sb.stats().log;
    assert_eq!(log[0].user_agent.as_deref(), Some(ua().as_str()));
    assert!(log[0].x_headers.is_empty());
    assert_eq!(
        log[1].user_agent.as_deref(),
        Some(format!("{} nightly-sync/2.3 (it@school.edu)", ua()).as_str())
    );
    assert_eq!(log[1].x_headers["x-school"], "Lycee Voltaire");
    assert_eq!(log[1].x_headers["x-request-source"], "nightly");
    for (name, value) in [
        ("Authorization", "Bearer x"),
        ("auth-token", "x"),
        ("User-Agent", "me"),
        ("bad header", "x"),
        ("X-Ok", "line\nbreak"),
    ] {
        let e = ManageBacClient::builder("t")
            .header(name, value)
            .build()
            .unwrap_err();
        assert!(
            matches!(e.kind(), ErrorKind::InvalidInput { field } if field == &format!("headers.{name}")),
            "{name}: {e}"
        );
    }
    let e = ManageBacClient::builder("t")
        .user_agent("two\nlines")
        .build()
        .unwrap_err();
    assert!(
        matches!(e.kind(), ErrorKind::InvalidInput { field } if field == "user_agent"),
        "{e}"
    );
}

#[tokio::test]
async fn through_a_proxy() {
    // The sandbox answers absolute-form requests, so it can stand in for a forward
    // proxy: the base URL names a port where nothing listens, and the request still
    // arrives, through the proxy.
    let sb = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let mb = ManageBacClient::builder(sb.token())
        .base_url("http://127.0.0.1:9")
        .proxy(sb.url())
        .max_retries(0)
        .build()
        .unwrap();
    assert_eq!(mb.get_class(1001).await.unwrap().id, 1001);
    assert_eq!(sb.stats().log.len(), 1);
    let e = ManageBacClient::builder("t")
        .proxy("::not a url")
        .build()
        .unwrap_err();
    assert!(
        matches!(e.kind(), ErrorKind::InvalidInput { field } if field == "proxy"),
        "{e}"
    );
}
