#![allow(dead_code)]
//! Helpers shared by the integration tests.

use std::path::PathBuf;

/// The workspace's `fixtures/` folder.
pub fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fixtures")
}

/// Bytes of `fixtures/<rel>`.
pub fn fixture(rel: &str) -> Vec<u8> {
    std::fs::read(fixtures_dir().join(rel)).unwrap_or_else(|e| panic!("fixture {rel}: {e}"))
}

/// `fixtures/<rel>` as JSON.
pub fn fixture_json(rel: &str) -> serde_json::Value {
    serde_json::from_slice(&fixture(rel)).unwrap()
}

/// Drop nulls and normalise numbers (22 == 22.0), so a model written back can be
/// compared with the documented payload.
pub fn normalize(v: &serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), normalize(v)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(normalize).collect()),
        Value::Number(n) => {
            let f = n.as_f64().unwrap();
            if f.fract() == 0.0 {
                Value::from(f as i64)
            } else {
                Value::from(f)
            }
        }
        other => other.clone(),
    }
}

/// A sandbox in-process and a ManageBac client of it with a 1 ms backoff.
#[cfg(feature = "client")]
pub async fn sandbox_client() -> (
    gradebridge_sandbox::Sandbox,
    gradebridge::client::ManageBacClient,
) {
    let sb = gradebridge_sandbox::Sandbox::start(gradebridge_sandbox::SandboxConfig::default())
        .await
        .unwrap();
    let mb = gradebridge::client::ManageBacClient::builder(sb.token())
        .base_url(sb.url())
        .backoff(std::time::Duration::from_millis(1))
        .build()
        .unwrap();
    (sb, mb)
}
