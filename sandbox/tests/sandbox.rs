//! The sandbox as a server: the binary, CORS, control endpoints, auth and limit
//! headers, checked over raw HTTP.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

use gradebridge_sandbox::{Faults, Sandbox, SandboxConfig};
use serde_json::{json, Value};

#[test]
fn the_binary_prints_its_address_and_serves() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_gradebridge-sandbox"))
        .args(["--port", "0", "--rate-limit", "0"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line
        .trim()
        .strip_prefix("listening on ")
        .unwrap()
        .to_string();
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    let rt = tokio::runtime::Runtime::new().unwrap();
    let body: Value = rt.block_on(async {
        reqwest::Client::new()
            .get(format!("{url}/v2p0/classes"))
            .header("auth-token", "sandbox-token")
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    });
    child.kill().unwrap();
    let _ = child.wait();
    assert_eq!(body["classes"].as_array().unwrap().len(), 3);
    assert_eq!(
        body["meta"],
        json!({"current_page": 1, "total_pages": 1, "total_count": 3, "per_page": 100})
    );
}

#[test]
fn the_binary_refuses_bad_options() {
    let out = Command::new(env!("CARGO_BIN_EXE_gradebridge-sandbox"))
        .args(["--port", "x"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--port"));
}

#[tokio::test]
async fn cors_preflight_and_headers() {
    let sb = Sandbox::start_default().await.unwrap();
    let http = reqwest::Client::new();
    let r = http
        .request(
            reqwest::Method::OPTIONS,
            format!("{}/v2/tasks/1/students", sb.url()),
        )
        .header("origin", "http://localhost:5173")
        .header("access-control-request-method", "PATCH")
        .header("access-control-request-headers", "auth-token,content-type")
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success());
    assert_eq!(r.headers()["access-control-allow-origin"], "*");
    let r = http
        .get(format!("{}/v2p0/classes", sb.url()))
        .header("origin", "http://localhost:5173")
        .header("auth-token", "sandbox-token")
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["access-control-allow-origin"], "*");
    assert_eq!(r.headers()["access-control-expose-headers"], "*");
    assert_eq!(r.headers()["x-ratelimit-limit"], "200");
    assert_eq!(r.headers()["x-ratelimit-period"], "60");
    assert_eq!(r.headers()["x-ratelimit-remaining"], "199");
    let reset = r.headers()["x-ratelimit-reset"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(reset.ends_with(" UTC") && reset.len() == 23, "{reset}");
}

#[tokio::test]
async fn auth_errors_and_limit_answers() {
    let sb = Sandbox::start(SandboxConfig {
        rate_limit: Some((2, Duration::from_secs(60))),
        ..Default::default()
    })
    .await
    .unwrap();
    let http = reqwest::Client::new();
    let url = format!("{}/v2/classes/1001/criteria", sb.url());
    let r = http.get(&url).send().await.unwrap();
    assert_eq!(r.status(), 401);
    assert_eq!(
        r.json::<Value>().await.unwrap(),
        json!({"error": "Access Denied"})
    );
    let r = http
        .get(&url)
        .header("auth-token", "sandbox-token")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let r = http
        .get(&url)
        .header("auth-token", "sandbox-token")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 429);
    let retry: u64 = r.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry));
    assert_eq!(r.headers()["x-ratelimit-remaining"], "0");
    // Switched off at run time.
    let r = http
        .put(format!("{}/__sandbox/rate-limit", sb.url()))
        .json(&json!({"limit": null}))
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success());
    let r = http
        .get(&url)
        .header("auth-token", "sandbox-token")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn control_endpoints() {
    let sb = Sandbox::start_default().await.unwrap();
    let http = reqwest::Client::new();
    let base = sb.url();
    let faults = json!({"fail_next": 1, "fail_status": 502});
    let r = http
        .put(format!("{base}/__sandbox/faults"))
        .json(&faults)
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success());
    let r = http
        .get(format!("{base}/v2p0/classes"))
        .header("auth-token", "sandbox-token")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 502);
    let stats: Value = http
        .get(format!("{base}/__sandbox/stats"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(stats["requests"], 1);
    assert_eq!(stats["log"][0]["status"], 502);
    // Writes change state; reset restores the seed.
    let r = http
        .patch(format!("{base}/v2/tasks/70001/students/5001"))
        .header("auth-token", "sandbox-token")
        .json(&json!({"task_grade": {"points": 3}}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(
        sb.with_school(|s| s.results[&(70001, 5001)].score()),
        Some(3.0)
    );
    http.post(format!("{base}/__sandbox/reset"))
        .send()
        .await
        .unwrap();
    assert_ne!(
        sb.with_school(|s| s.results[&(70001, 5001)].score()),
        Some(3.0)
    );
    assert_eq!(sb.stats().requests, 0);
    sb.set_faults(Faults::default());
}

#[tokio::test]
async fn validation_answers_422_with_field_errors() {
    let sb = Sandbox::start_default().await.unwrap();
    let http = reqwest::Client::new();
    let r = http
        .post(format!("{}/v2/classes/1001/tasks", sb.url()))
        .header("auth-token", "sandbox-token")
        .json(&json!({"core_task": {"name": "", "due_date": "someday"}}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    assert_eq!(
        r.json::<Value>().await.unwrap(),
        json!({"errors": {"name": ["can't be blank"], "due_date": ["is not a valid datetime"]}})
    );
    let r = http
        .post(format!("{}/v2p0/classes", sb.url()))
        .header("auth-token", "sandbox-token")
        .json(&json!({"name": "X", "colour": "red"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    assert_eq!(
        r.json::<Value>().await.unwrap()["errors"]["colour"],
        json!(["is not a permitted parameter"])
    );
}
