//! The platform seam with a platform that is not ManageBac: an OAuth2 bearer-token
//! platform over a caller's own transport (the public `Transport` trait), on a
//! virtual clock. Shows that the client obtains one token for many concurrent calls,
//! renews an expired token once and that no credential reaches `Debug` or an error.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use gradebridge::client::{ClientBuilder, Transport, TransportError};
use gradebridge::clock::{BoxFuture, Clock, VirtualClock};
use gradebridge::platform::{
    url_for, AuthContext, AuthScheme, BearerToken, Platform, RateLimit, Setting,
};
use gradebridge::{Error, HttpRequest, HttpResponse, Method, RequestSpec};

#[derive(Debug, Clone)]
struct Bearer;

impl Platform for Bearer {
    const ID: &'static str = "bearer_test";
    const NAME: &'static str = "BearerTest";
    const SETTINGS: &'static [Setting] = &[];
    fn from_settings(_: serde_json::Value) -> Result<Self, Error> {
        Ok(Bearer)
    }
    fn base_url(&self) -> &str {
        "https://lms.example"
    }
    fn set_base_url(&mut self, _: &str) -> Result<(), Error> {
        Ok(())
    }
    fn auth(&self) -> AuthScheme {
        AuthScheme::Bearer
    }
    fn check_credentials(&self) -> Result<(), Error> {
        Ok(())
    }
    fn authorize(&self, spec: RequestSpec, auth: &AuthContext) -> Result<HttpRequest, Error> {
        let token = auth.bearer.clone().unwrap_or_default();
        Ok(HttpRequest {
            method: spec.method,
            url: url_for(self.base_url(), &spec),
            headers: vec![("authorization".into(), format!("Bearer {token}"))],
            body: None,
        })
    }
    fn default_rate_limit(&self) -> Option<RateLimit> {
        None
    }
    fn announced_limit(&self, _: &HttpResponse) -> Option<RateLimit> {
        None
    }
    fn token_request(&self) -> Result<HttpRequest, Error> {
        Ok(HttpRequest {
            method: Method::Post,
            url: "https://lms.example/token".into(),
            headers: vec![("authorization".into(), "Basic c2VjcmV0LWtleQ==".into())],
            body: Some(b"grant_type=client_credentials".to_vec()),
        })
    }
    fn parse_token(&self, response: &HttpResponse) -> Result<BearerToken, Error> {
        if response.status != 200 {
            return Err(self.error(response));
        }
        let v: serde_json::Value = serde_json::from_slice(&response.body).unwrap();
        Ok(BearerToken {
            access_token: v["access_token"].as_str().unwrap().to_string(),
            expires_in: v["expires_in"].as_u64(),
        })
    }
}

/// A server in a closure: counts token requests, issues `tok-N`, accepts only the
/// newest token.
struct FakeServer {
    tokens: AtomicUsize,
    current: Mutex<String>,
}

impl Transport for FakeServer {
    fn send<'a>(
        &'a self,
        request: &'a HttpRequest,
        _timeout: Duration,
    ) -> BoxFuture<'a, Result<HttpResponse, TransportError>> {
        Box::pin(async move {
            if request.url.ends_with("/token") {
                let n = self.tokens.fetch_add(1, Ordering::SeqCst) + 1;
                let token = format!("tok-{n}");
                *self.current.lock().unwrap() = token.clone();
                // Let the other callers pile up behind the token request.
                tokio::task::yield_now().await;
                return Ok(HttpResponse::new(
                    200,
                    format!(r#"{{"access_token": "{token}", "expires_in": 3600}}"#),
                ));
            }
            let expected = format!("Bearer {}", self.current.lock().unwrap());
            if request.header("authorization") == Some(expected.as_str()) {
                Ok(HttpResponse::new(200, "{}"))
            } else {
                Ok(HttpResponse::new(401, r#"{"error": "invalid token"}"#))
            }
        })
    }
}

fn client(
    server: Arc<FakeServer>,
    clock: Arc<VirtualClock>,
) -> gradebridge::client::Client<Bearer> {
    ClientBuilder::new(Bearer)
        .transport(server)
        .clock(clock)
        .build()
        .unwrap()
}

fn server() -> Arc<FakeServer> {
    Arc::new(FakeServer {
        tokens: AtomicUsize::new(0),
        current: Mutex::new(String::new()),
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_concurrent_calls_share_one_token_request() {
    let server = server();
    let c = client(server.clone(), Arc::new(VirtualClock::default()));
    let spec = RequestSpec::new(Method::Get, "/things");
    let calls = (0..50).map(|_| {
        let c = c.clone();
        let spec = spec.clone();
        tokio::spawn(async move { c.send(&spec, true).await.map(|r| r.status) })
    });
    for r in futures::future::join_all(calls).await {
        assert_eq!(r.unwrap().unwrap(), 200);
    }
    assert_eq!(server.tokens.load(Ordering::SeqCst), 1);
    let shown = format!("{c:?}");
    assert!(
        !shown.contains("tok-1") && !shown.contains("c2VjcmV0"),
        "{shown}"
    );
}

#[tokio::test]
async fn an_expired_token_is_renewed_once_and_the_call_succeeds() {
    let server = server();
    let clock = Arc::new(VirtualClock::default());
    let c = client(server.clone(), clock.clone());
    let spec = RequestSpec::new(Method::Get, "/things");
    assert_eq!(c.send(&spec, true).await.unwrap().status, 200);
    // Past its life: renewed before use.
    clock.advance(Duration::from_secs(3600));
    assert_eq!(c.send(&spec, true).await.unwrap().status, 200);
    assert_eq!(server.tokens.load(Ordering::SeqCst), 2);
    // Revoked by the server: one 401, one renewal, success.
    *server.current.lock().unwrap() = "revoked-elsewhere".into();
    assert_eq!(c.send(&spec, true).await.unwrap().status, 200);
    assert_eq!(server.tokens.load(Ordering::SeqCst), 3);
    let _ = clock.now();
}

#[tokio::test]
async fn a_refused_token_request_is_an_authentication_error_of_the_platform() {
    struct Refuses;
    impl Transport for Refuses {
        fn send<'a>(
            &'a self,
            _: &'a HttpRequest,
            _: Duration,
        ) -> BoxFuture<'a, Result<HttpResponse, TransportError>> {
            Box::pin(async {
                Ok(HttpResponse::new(
                    401,
                    r#"{"error": "invalid_client", "error_description": "bad key"}"#,
                ))
            })
        }
    }
    let c = ClientBuilder::new(Bearer)
        .transport(Arc::new(Refuses))
        .build()
        .unwrap();
    let e = c
        .send(&RequestSpec::new(Method::Get, "/x"), true)
        .await
        .unwrap_err();
    assert_eq!(e.code(), "unauthorized");
    assert_eq!(e.platform(), Some("bearer_test"));
    assert!(!e.message().contains("c2VjcmV0"), "{}", e.message());
}

#[test]
fn errors_keep_their_source() {
    use std::error::Error as _;
    let r = HttpResponse::new(200, r#"{"task": {"id": "x"}}"#);
    let e =
        gradebridge::Endpoint::parse(&gradebridge::managebac::GetTask::new(1, 2), &r).unwrap_err();
    assert_eq!(e.code(), "decode");
    assert!(
        e.source().is_some(),
        "the serde error is kept as the source"
    );
}
