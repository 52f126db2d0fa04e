//! The `gradebridge` binary against a sandbox: plan, apply, plan again says nothing
//! to do (the ledger on disk carries what Grades Journey holds), history lists the
//! run; a bad config names the line and key, a wrong token and unmatched people stop
//! before anything is written; all with the exit statuses the README gives.

use std::process::Command;

use gradebridge_sandbox::{Sandbox, SandboxConfig};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_gradebridge"))
}

fn write_config(
    dir: &std::path::Path,
    sb: &Sandbox,
    token: &str,
    extra: &str,
) -> std::path::PathBuf {
    let path = dir.join("sync.toml");
    std::fs::write(
        &path,
        format!(
            r#"direction = "managebac-to-blackboard"
term_id = 2601

[managebac]
base_url = "{url}"
token_env = "GB_TEST_MB_TOKEN"

[blackboard]
host = "{url}"
key = "sandbox-bb-key"
secret_env = "GB_TEST_BB_SECRET"

[classes]
match = "uniq_id"
{extra}
"#,
            url = sb.url()
        ),
    )
    .unwrap();
    let _ = token;
    path
}

fn run(cmd: &mut Command, token: &str) -> (i32, String, String) {
    let out = cmd
        .env("GB_TEST_MB_TOKEN", token)
        .env("GB_TEST_BB_SECRET", "sandbox-bb-secret")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn plan_apply_plan_history() {
    let sb = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(dir.path(), &sb, "sandbox-token", "");
    let c = config.to_str().unwrap();

    let (code, out, err) = run(bin().args(["sync", "plan", "--config", c]), "sandbox-token");
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("set grade"), "{out}");
    assert_eq!(
        sb.stats().log.iter().filter(|e| e.method == "POST").count(),
        0,
        "plan writes nothing"
    );

    let (code, out, err) = run(
        bin().args(["sync", "plan", "--config", c, "--json"]),
        "sandbox-token",
    );
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let planned = v["changes"].as_array().unwrap().len();
    assert!(planned > 100);
    assert_eq!(v["summary"]["changes"], planned);

    let (code, out, err) = run(
        bin().args(["sync", "apply", "--config", c]),
        "sandbox-token",
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains(&format!("applied: {planned} written, 0 failed")),
        "{out}"
    );
    assert!(
        err.contains("apply: grades"),
        "plain progress lines off a terminal: {err}"
    );

    let (code, out, _) = run(bin().args(["sync", "plan", "--config", c]), "sandbox-token");
    assert_eq!(code, 0);
    assert!(out.starts_with("nothing to do"), "{out}");
    assert!(dir.path().join("sync.ledger.sqlite").exists());

    let (code, out, _) = run(
        bin().args(["sync", "history", "--config", c]),
        "sandbox-token",
    );
    assert_eq!(code, 0);
    assert!(out.contains("managebac-to-blackboard"), "{out}");
    assert!(out.contains(&format!("{planned}")), "{out}");
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_config_wrong_token_and_unmatched_write_nothing() {
    let sb = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.toml");
    std::fs::write(
        &path,
        "direction = \"managebac-to-blackboard\"\nterm_id = 2601\n[grades]\nvalue = 5\n",
    )
    .unwrap();
    let (code, _, err) = run(
        bin().args(["sync", "plan", "--config", path.to_str().unwrap()]),
        "x",
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("line 4") && err.contains("grades.value"),
        "{err}"
    );

    let config = write_config(dir.path(), &sb, "", "");
    let (code, _, err) = run(
        bin().args(["sync", "apply", "--config", config.to_str().unwrap()]),
        "wrong-token",
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("401"), "{err}");
    assert!(!err.contains("wrong-token"), "{err}");

    // A class paired to a course whose students have no student_id on record: make
    // one student unmatchable by clearing it in the sandbox's directory.
    sb.with_school(|s| {
        if let Some(st) = s.directory.students.get_mut(&5001) {
            st.remove("student_id");
        }
    });
    let (code, out, err) = run(
        bin().args(["sync", "apply", "--config", config.to_str().unwrap()]),
        "sandbox-token",
    );
    assert_ne!(code, 0);
    assert!(out.contains("student 5001"), "{out}");
    assert!(err.contains("nothing was written"), "{err}");
    assert_eq!(
        sb.stats().log.iter().filter(|e| e.method == "POST").count(),
        0
    );
}

#[test]
fn the_demo_runs_plan_apply_plan() {
    let out = bin().arg("demo").output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("nothing to do"), "{text}");
}
