//! Errors built from status and body, and secrets kept out of every message.

use std::time::Duration;

use gradebridge::managebac::*;
use gradebridge::{Endpoint, ErrorKind, HttpResponse, RetryAfter};

fn err(status: u16, body: &str) -> gradebridge::Error {
    GetTask::new(1, 2)
        .parse(&HttpResponse::new(status, body))
        .unwrap_err()
}

#[test]
fn unauthorized_and_forbidden() {
    let e = err(401, r#"{"error": "Access Denied"}"#);
    assert_eq!(e.kind(), &ErrorKind::Unauthorized);
    assert_eq!(e.code(), "unauthorized");
    assert_eq!(e.to_string(), "unauthorized (HTTP 401): Access Denied");
    let e = err(403, r#"{"error": "Access Denied"}"#);
    assert_eq!(e.kind(), &ErrorKind::Forbidden);
    assert_eq!(e.status(), Some(403));
}

#[test]
fn not_found() {
    let e = err(404, r#"{"error": "Couldn't find CoreTask with 'id'=2"}"#);
    assert_eq!(e.kind(), &ErrorKind::NotFound);
    assert_eq!(
        e.to_string(),
        "not found (HTTP 404): Couldn't find CoreTask with 'id'=2"
    );
}

#[test]
fn unprocessable_with_field_errors() {
    let e = err(
        422,
        r#"{"errors": {"due_date": ["can't be blank", "is invalid"], "name": "is too long"}}"#,
    );
    let fe = e.field_errors().unwrap();
    assert_eq!(
        fe["due_date"],
        vec!["can't be blank".to_string(), "is invalid".to_string()]
    );
    assert_eq!(fe["name"], vec!["is too long".to_string()]);
    assert!(
        e.to_string()
            .contains("due_date can't be blank, is invalid"),
        "{e}"
    );
    // `error` holding the field errors, as some endpoints answer.
    let e = err(
        422,
        r#"{"error": {"points": ["must be less than or equal to 10"]}}"#,
    );
    assert_eq!(
        e.field_errors().unwrap()["points"],
        vec!["must be less than or equal to 10".to_string()]
    );
    // Unpermitted parameters name the parameter.
    let e = err(
        422,
        r#"{"error": "found unpermitted parameters: :language, :colour", "allowed_params": ["name"]}"#,
    );
    let fe = e.field_errors().unwrap();
    assert!(
        fe.contains_key("language") && fe.contains_key("colour"),
        "{fe:?}"
    );
}

#[test]
fn rate_limited_with_retry_after_seconds_or_reset_datetime() {
    let r =
        HttpResponse::new(429, r#"{"error": "Too Many Requests"}"#).with_header("Retry-After", "7");
    let e = GetTask::new(1, 2).parse(&r).unwrap_err();
    assert_eq!(e.retry_after(), Some(&RetryAfter::Seconds { seconds: 7 }));
    let r = HttpResponse::new(429, "").with_header("X-RateLimit-Reset", "2021-10-28 01:29:40 UTC");
    let e = GetTask::new(1, 2).parse(&r).unwrap_err();
    let ra = e.retry_after().unwrap();
    assert_eq!(
        ra,
        &RetryAfter::At {
            raw: "2021-10-28 01:29:40 UTC".into(),
            unix_seconds: Some(1635384580)
        }
    );
    assert_eq!(
        ra.delay_from(Duration::from_secs(1635384570)),
        Some(Duration::from_secs(10))
    );
    assert_eq!(
        ra.delay_from(Duration::from_secs(1635384590)),
        Some(Duration::ZERO)
    );
    let e = GetTask::new(1, 2)
        .parse(&HttpResponse::new(429, ""))
        .unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::RateLimited { retry_after: None });
}

#[test]
fn server_errors() {
    for status in [500, 502, 503, 504] {
        let e = err(status, "<html>oops</html>");
        assert_eq!(e.kind(), &ErrorKind::Server);
        assert_eq!(e.status(), Some(status));
        assert_eq!(e.body_excerpt(), Some("<html>oops</html>"));
        assert_eq!(e.is_transient(), status != 500);
    }
    assert_eq!(err(418, "").kind(), &ErrorKind::UnexpectedStatus);
}

#[test]
fn the_token_never_shows() {
    let token = "s3cr3t-T0KEN-value";
    let api = ManageBacConfig::new(token);
    assert!(!format!("{api:?}").contains(token));
    let req = api
        .request(&UpdateTaskGrade::new(
            1,
            2,
            TaskGrade {
                points: Some(3.0.into()),
                ..Default::default()
            },
        ))
        .unwrap();
    assert!(!format!("{req:?}").contains(token), "{req:?}");
    assert!(format!("{req:?}").contains("[redacted]"));
    let e = ManageBacConfig::new(format!("{token}\n"))
        .request(&Classes::new())
        .unwrap_err();
    assert!(!format!("{e:?} {e}").contains(token));
    let e = ManageBacConfig::new(token)
        .with_base_url("http://example.com")
        .unwrap_err();
    assert!(!format!("{e:?} {e}").contains(token));
}
