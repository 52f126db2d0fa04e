//! The sync under faults: 2,100 grades into Grades Journey with 5% 5xx, 5% dropped
//! connections and 50 ms latency, re-run until the plan is empty (as a nightly job
//! would), every grade applied exactly once (the sandbox counts each application);
//! and a run killed mid-apply, resumed from the SQLite ledger on disk, the same.

use gradebridge::sync::exec::{apply, plan_sync, Connections, Progress};
use gradebridge::sync::{Ledger, SyncConfig};
use gradebridge_cli::SqliteLedger;
use gradebridge_sandbox::school::{ResultRec, TaskRec};
use gradebridge_sandbox::{Faults, Sandbox, SandboxConfig};
use serde_json::json;

/// 70 more graded tasks in class 1002 (30 students): 2,100 more grades.
fn big_class(sb: &Sandbox) -> usize {
    sb.with_school(|s| {
        let students: Vec<i64> = s.classes[&1002].members.iter().copied().collect();
        for t in 0..70i64 {
            let id = 80_001 + t;
            let data = json!({"id": id, "name": format!("Problem set {}", t + 1), "assignment_type": "Points",
                "assessments": {"points": {"title": "Points", "max_points": 20}}, "assigned_students": []});
            s.tasks.insert(
                id,
                TaskRec {
                    class_id: 1002,
                    term_id: 2601,
                    data: data.as_object().cloned().unwrap(),
                    extra: Default::default(),
                },
            );
            for (k, st) in students.iter().enumerate() {
                let mut fields = serde_json::Map::new();
                fields.insert("points".into(), json!((t + k as i64) % 21));
                s.results.insert((id, *st), ResultRec { fields });
            }
        }
        students.len() * 70
    })
}

fn config(sb: &Sandbox) -> SyncConfig {
    SyncConfig::from_toml(&format!(
        r#"direction = "managebac-to-blackboard"
term_id = 2601
[managebac]
base_url = "{url}"
token = "sandbox-token"
[blackboard]
host = "{url}"
key = "sandbox-bb-key"
secret = "sandbox-bb-secret"
[classes]
pairs = {{ "1002" = "GB1002" }}
"#,
        url = sb.url()
    ))
    .unwrap()
}

async fn sandbox() -> Sandbox {
    Sandbox::start(SandboxConfig {
        rate_limit: None,
        ..SandboxConfig::default()
    })
    .await
    .unwrap()
}

fn applications(sb: &Sandbox) -> (usize, u32) {
    sb.with_blackboard(|s| {
        (
            s.applied.len(),
            s.applied.values().copied().max().unwrap_or(0),
        )
    })
}

#[tokio::test(flavor = "multi_thread")]
async fn two_thousand_grades_under_faults_each_applied_once() {
    let sb = sandbox().await;
    let added = big_class(&sb);
    assert!(added >= 2000);
    let cfg = config(&sb);
    let conn = Connections::from_config(&cfg, &|_| None).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut ledger = SqliteLedger::open(&dir.path().join("l.sqlite")).unwrap();
    sb.set_faults(Faults {
        error_rate: 0.05,
        drop_rate: 0.05,
        latency_ms: 50,
        ..Faults::default()
    });
    let mut planned = 0;
    let mut runs = 0;
    loop {
        runs += 1;
        assert!(runs <= 5, "the plan never emptied");
        let plan = match plan_sync(&conn, &cfg, &ledger).await {
            Ok(p) => p,
            Err(e) if e.is_transient() => continue,
            Err(e) => panic!("{e}"),
        };
        if plan.changes.is_empty() {
            break;
        }
        planned += plan
            .changes
            .iter()
            .filter(|c| c.action == "set grade")
            .count();
        let _ = apply(
            &conn,
            &cfg,
            &plan,
            &mut ledger,
            &mut |_: &Progress| {},
            || 0,
        )
        .await;
    }
    sb.set_faults(Faults::default());
    let (keys, most) = applications(&sb);
    assert!(keys >= 2000, "{keys} grades applied");
    assert_eq!(
        keys, planned,
        "each planned grade applied, none planned twice"
    );
    assert_eq!(most, 1, "no grade applied twice");
    let faults = sb
        .stats()
        .log
        .iter()
        .filter(|e| e.status == 0 || e.status >= 500)
        .count();
    assert!(faults > 0, "faults were injected");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_run_killed_mid_apply_resumes_from_the_ledger_on_disk() {
    let sb = sandbox().await;
    big_class(&sb);
    let cfg = config(&sb);
    let conn = Connections::from_config(&cfg, &|_| None).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ledger.sqlite");
    sb.set_faults(Faults {
        latency_ms: 20,
        ..Faults::default()
    });
    let total;
    {
        let mut ledger = SqliteLedger::open(&path).unwrap();
        let plan = plan_sync(&conn, &cfg, &ledger).await.unwrap();
        total = plan.changes.len();
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let mut tx = Some(tx);
        let mut on_progress = |p: &Progress| {
            if p.done >= total / 3 {
                if let Some(tx) = tx.take() {
                    let _ = tx.send(());
                }
            }
        };
        // "kill -9" at the next await after a third is written: the apply future is
        // dropped, the ledger file keeps what was recorded.
        tokio::select! {
            _ = apply(&conn, &cfg, &plan, &mut ledger, &mut on_progress, || 0) => panic!("finished before the kill"),
            _ = rx => {}
        }
    }
    let (done_before, _) = applications(&sb);
    assert!(done_before > 0 && done_before < total);
    // A new process: the ledger reopened from disk.
    let mut ledger = SqliteLedger::open(&path).unwrap();
    let runs = ledger.runs().unwrap();
    assert_eq!(
        runs[0].finished, None,
        "the killed run shows as interrupted"
    );
    let plan = plan_sync(&conn, &cfg, &ledger).await.unwrap();
    assert!(plan.changes.len() < total && !plan.changes.is_empty());
    let report = apply(
        &conn,
        &cfg,
        &plan,
        &mut ledger,
        &mut |_: &Progress| {},
        || 0,
    )
    .await
    .unwrap();
    assert!(report.ok(), "{:?}", report.failed);
    let again = plan_sync(&conn, &cfg, &ledger).await.unwrap();
    assert!(again.changes.is_empty());
    let (keys, most) = applications(&sb);
    assert!(keys >= 2000);
    assert_eq!(most, 1, "no grade applied twice across the kill");
}
