//! ManageBac OAuth2 client credentials and regional hosts: one token request for
//! many concurrent calls, renewal after expiry, secrets kept out of every output.

use std::time::Duration;

use gradebridge::client::{ClientBuilder, ManageBacClient};
use gradebridge::managebac::{ManageBacConfig, Region};
use gradebridge::{ErrorKind, Platform};
use gradebridge_sandbox::{Sandbox, SandboxConfig, OAUTH_CLIENT_ID, OAUTH_CLIENT_SECRET};

async fn setup(secret: &str) -> (Sandbox, ManageBacClient) {
    let sb = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let mb = ClientBuilder::new(ManageBacConfig::oauth2(OAUTH_CLIENT_ID, secret))
        .base_url(sb.url())
        .backoff(Duration::from_millis(1))
        .build()
        .unwrap();
    (sb, mb)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_concurrent_calls_cause_one_token_request() {
    let (sb, mb) = setup(OAUTH_CLIENT_SECRET).await;
    let calls = (0..50).map(|i| {
        let mb = mb.clone();
        tokio::spawn(async move { mb.get_student(5001 + (i % 30)).await })
    });
    for r in futures::future::join_all(calls).await {
        r.unwrap().unwrap();
    }
    assert_eq!(sb.stats().tokens_issued, 1);
}

#[tokio::test]
async fn an_expired_token_is_renewed_once_and_the_call_succeeds() {
    let (sb, mb) = setup(OAUTH_CLIENT_SECRET).await;
    mb.ping().await.unwrap();
    sb.expire_tokens();
    let before = sb.stats().requests;
    assert_eq!(mb.ping().await.unwrap().as_deref(), Some("ok"));
    assert_eq!(sb.stats().tokens_issued, 2);
    // The refused call and its retry: two API requests.
    assert_eq!(sb.stats().requests - before, 2);
}

#[tokio::test]
async fn secrets_never_show() {
    let (_sb, mb) = setup("wrong-secret-value").await;
    let e = mb.ping().await.unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::Unauthorized);
    assert_eq!(e.platform(), Some("managebac"));
    for shown in [e.to_string(), format!("{e:?}"), format!("{mb:?}")] {
        assert!(!shown.contains("wrong-secret-value"), "{shown}");
    }
    let config = ManageBacConfig::oauth2("id", "s3cret-value");
    let token_request = config.token_request().unwrap();
    assert!(String::from_utf8_lossy(token_request.body.as_ref().unwrap()).contains("s3cret-value"));
    let shown = format!("{config:?} {token_request:?}");
    assert!(!shown.contains("s3cret-value"), "{shown}");
}

#[test]
fn regions_and_settings() {
    use std::str::FromStr;
    assert_eq!(
        Region::from_str("US1").unwrap().base_url(),
        "https://api.us.managebac.com"
    );
    let e = Region::from_str("eu").unwrap_err();
    assert!(
        e.message().contains("ca, cn, us1, us2, uat"),
        "{}",
        e.message()
    );
    let c =
        ManageBacConfig::from_settings(serde_json::json!({"token": "t", "region": "cn"})).unwrap();
    assert_eq!(c.base_url(), "https://api.managebac.cn");
    let field = |v: serde_json::Value| match ManageBacConfig::from_settings(v).unwrap_err().kind() {
        ErrorKind::InvalidInput { field } => field.clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!(
        field(serde_json::json!({"token": "t", "region": "us1", "base_url": "https://x.test"})),
        "region"
    );
    assert_eq!(
        field(serde_json::json!({"client_id": "a"})),
        "client_secret"
    );
    assert_eq!(field(serde_json::json!({})), "token");
    assert_eq!(
        field(serde_json::json!({"token": "t", "client_id": "a", "client_secret": "b"})),
        "token"
    );
    let oauth = ManageBacConfig::from_settings(
        serde_json::json!({"client_id": "a", "client_secret": "b", "scope": "read"}),
    )
    .unwrap();
    let body = oauth.token_request().unwrap().body_json().unwrap();
    assert_eq!(
        body,
        serde_json::json!({"grant_type": "client_credentials", "client_id": "a", "client_secret": "b", "scope": "read"})
    );
}
