//! The sandbox agrees with the ManageBac documentation where it used not to: the
//! content type of writes, `modified_since` as an instant, nulls ignored, the
//! documented answer of task writes, `assessment_type_id` applied, notifications and
//! phase kept.

use gradebridge_sandbox::{Sandbox, SandboxConfig};
use serde_json::{json, Value};

async fn start() -> (Sandbox, reqwest::Client) {
    (
        Sandbox::start(SandboxConfig::default()).await.unwrap(),
        reqwest::Client::new(),
    )
}

async fn call(
    c: &reqwest::Client,
    sb: &Sandbox,
    method: reqwest::Method,
    path: &str,
    body: Option<Value>,
    content_type: &str,
) -> (u16, Value) {
    let mut r = c
        .request(method, format!("{}{path}", sb.url()))
        .header("auth-token", sb.token());
    if let Some(b) = body {
        r = r.header("content-type", content_type).body(b.to_string());
    }
    let resp = r.send().await.unwrap();
    let status = resp.status().as_u16();
    (status, resp.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn writes_must_be_json() {
    let (sb, c) = start().await;
    let body = json!({"core_task": {"name": "x"}});
    let (status, answer) = call(
        &c,
        &sb,
        reqwest::Method::POST,
        "/v2/classes/1001/tasks",
        Some(body.clone()),
        "text/plain",
    )
    .await;
    assert_eq!(status, 415, "{answer}");
    let (status, _) = call(
        &c,
        &sb,
        reqwest::Method::POST,
        "/v2/classes/1001/tasks",
        Some(body),
        "application/json",
    )
    .await;
    assert_eq!(status, 201);
}

#[tokio::test]
async fn modified_since_compares_instants() {
    let (sb, c) = start().await;
    // Classes were updated at 2025-08-01T08:00:00Z. 10:00+03:00 is 07:00Z: before.
    let (_, a) = call(
        &c,
        &sb,
        reqwest::Method::GET,
        "/v2p0/classes?modified_since=2025-08-01T10:00:00%2B03:00",
        None,
        "",
    )
    .await;
    assert_eq!(a["classes"].as_array().unwrap().len(), 3, "{a}");
    // 09:00Z is after: none. (Wall-clock text comparison said the opposite.)
    let (_, b) = call(
        &c,
        &sb,
        reqwest::Method::GET,
        "/v2p0/classes?modified_since=2025-08-01T09:00:00Z",
        None,
        "",
    )
    .await;
    assert_eq!(b["classes"].as_array().unwrap().len(), 0, "{b}");
}

#[tokio::test]
async fn task_writes_answer_the_documented_shape_and_apply_every_field() {
    let (sb, c) = start().await;
    let body = json!({"core_task": {
        "name": "Essay", "notes": null, "assessment_type_id": 17, "notify_group": true,
        "notify_parents": false, "phase": 2, "due_date": "2026-03-01T12:00:00Z"
    }});
    let (status, answer) = call(
        &c,
        &sb,
        reqwest::Method::POST,
        "/v2/classes/1001/tasks",
        Some(body),
        "application/json",
    )
    .await;
    assert_eq!(status, 201);
    let task = &answer["task"];
    assert_eq!(
        task["assessment_type"],
        json!({"id": 17, "kind": "summative", "name": "Summative"})
    );
    // The documented answer has no detail fields (category weight, unit, ...), and a
    // null is never stored or rendered.
    assert!(task.get("task_work_templates").is_none());
    assert_ne!(task["notes"], Value::Null);
    assert!(task.get("phase").is_none() && task.get("notify_group").is_none());
    let id = task["id"].as_i64().unwrap();
    let state: Value = c
        .get(format!("{}/__sandbox/state", sb.url()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let stored = state["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == id)
        .unwrap()
        .clone();
    assert_eq!(
        stored["unrendered"],
        json!({"notify_group": true, "notify_parents": false, "phase": 2})
    );
    let (status, bad) = call(
        &c,
        &sb,
        reqwest::Method::PUT,
        &format!("/v2/classes/1001/tasks/{id}"),
        Some(json!({"core_task": {"assessment_type_id": 99}})),
        "application/json",
    )
    .await;
    assert_eq!(status, 422);
    assert!(bad["errors"]["assessment_type_id"].is_array(), "{bad}");
}

#[tokio::test]
async fn nulls_are_ignored_when_a_class_is_created() {
    let (sb, c) = start().await;
    let (status, answer) = call(
        &c,
        &sb,
        reqwest::Method::POST,
        "/v2p0/classes",
        Some(json!({"name": "Bio", "description": null, "program": "myp"})),
        "application/json",
    )
    .await;
    assert!(status == 200 || status == 201, "{status} {answer}");
    let class = answer.get("class").unwrap_or(&answer);
    assert!(class.get("description").is_none(), "{class}");
}
