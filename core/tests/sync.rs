//! The sync against the in-process sandbox, both directions: plan, apply, plan again
//! is empty, and the sandbox holds exactly the planned values. Config errors name the
//! line and the key.

use gradebridge::sync::exec::{apply, plan_sync, Connections, Progress};
use gradebridge::sync::*;
use gradebridge::ErrorKind;
use gradebridge_sandbox::{Sandbox, SandboxConfig};

fn config(sb: &Sandbox, direction: &str, extra: &str) -> SyncConfig {
    let text = format!(
        r#"
direction = "{direction}"
term_id = 2601

[managebac]
base_url = "{url}"
token = "sandbox-token"

[blackboard]
host = "{url}"
key = "sandbox-bb-key"
secret = "sandbox-bb-secret"

[schoology]
base_url = "{url}/v1"
consumer_key = "sandbox-consumer-key"
consumer_secret = "sandbox-consumer-secret"

{extra}
"#,
        url = sb.url()
    );
    SyncConfig::from_toml(&text).unwrap()
}

fn no_env(_: &str) -> Option<String> {
    None
}

#[tokio::test]
async fn managebac_to_blackboard_plan_apply_plan_empty() {
    let sb = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let cfg = config(
        &sb,
        "managebac-to-blackboard",
        "[classes]\nmatch = \"uniq_id\"\n\n[grades]\nterm_grade_column = \"Term 1 grade\"\n",
    );
    let conn = Connections::from_config(&cfg, &no_env).unwrap();
    let mut ledger = MemoryLedger::default();
    let plan = plan_sync(&conn, &cfg, &ledger).await.unwrap();
    assert!(plan.summary.changes > 100, "{}", plan.to_table());
    assert_eq!(plan.summary.classes, 3);
    let values: Vec<&Change> = plan
        .changes
        .iter()
        .filter(|c| c.action == "set grade")
        .collect();
    let mut seen = Vec::new();
    let report = apply(
        &conn,
        &cfg,
        &plan,
        &mut ledger,
        &mut |p| seen.push(p.clone()),
        || 0,
    )
    .await
    .unwrap();
    assert!(report.ok(), "{:?}", report.failed);
    assert_eq!(report.written, plan.changes.len());
    assert_eq!(seen.last().unwrap().done, plan.changes.len());
    // The sandbox holds exactly the planned values.
    sb.with_blackboard(|s| {
        for c in &values {
            let Write::BlackboardValue { value, .. } = &c.write else {
                unreachable!()
            };
            assert_eq!(
                s.courses[&value.course_id].values[&value.name][&value.user_id],
                value.value
            );
        }
        let stored: usize = s
            .courses
            .values()
            .map(|c| c.values.values().map(|v| v.len()).sum::<usize>())
            .sum();
        assert_eq!(stored, values.len());
        assert_eq!(
            s.courses["GB1001"].external.as_deref(),
            Some("Term 1 grade")
        );
    });
    let again = plan_sync(&conn, &cfg, &ledger).await.unwrap();
    assert!(again.changes.is_empty(), "{}", again.to_table());
    assert!(again.to_table().starts_with("nothing to do"));
    // A grade changed in ManageBac is the only change next time.
    let task = sb.with_school(|s| {
        let t = s
            .tasks
            .values()
            .find(|t| t.class_id == 1001 && t.term_id == 2601)
            .unwrap();
        t.id()
    });
    let mb = &conn.managebac;
    mb.update_task_grade(
        task,
        5001,
        gradebridge::managebac::TaskGrade {
            points: Some(gradebridge::de::Clearable::Value(1.0)),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let next = plan_sync(&conn, &cfg, &ledger).await.unwrap();
    // The grade, and the term average it moves.
    assert_eq!(next.changes.len(), 2, "{}", next.to_table());
    assert_eq!(next.changes[0].new, "1");
    assert!(next.changes[0].old.is_some());
    assert_eq!(next.changes[1].task.as_deref(), Some("Term 1 grade"));
}

#[tokio::test]
async fn managebac_to_schoology_plan_apply_plan_empty() {
    let sb = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let cfg = config(
        &sb,
        "managebac-to-schoology",
        "[classes]\npairs = { \"1001\" = \"9001\", \"1002\" = \"9002\" }\n",
    );
    let conn = Connections::from_config(&cfg, &no_env).unwrap();
    let mut ledger = MemoryLedger::default();
    let plan = plan_sync(&conn, &cfg, &ledger).await.unwrap();
    assert_eq!(plan.summary.classes, 2);
    let creates = plan
        .summary
        .by_action
        .get("create assignment")
        .copied()
        .unwrap_or(0);
    assert!(creates > 0, "{}", plan.to_table());
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
    assert!(again.changes.is_empty(), "{}", again.to_table());
    // Every planned grade is in Schoology, on the assignment made for its task.
    let written = ledger.written().unwrap();
    sb.with_schoology(|s| {
        for c in &plan.changes {
            if let Write::SchoologyGrade {
                section_id,
                task_id,
                enrollment_id,
                grade,
                ..
            } = &c.write
            {
                let aid: i64 = written[&format!("sg/{section_id}/assignment/{task_id}")]
                    .parse()
                    .unwrap();
                let g = &s.sections[section_id].grades[&(*enrollment_id, aid)];
                assert_eq!(g["grade"].as_f64(), Some(*grade));
            }
        }
    });
}

#[test]
fn config_errors_name_the_line_and_the_key() {
    let e = SyncConfig::from_toml(
        "direction = \"managebac-to-blackboard\"\nterm_id = 2601\n[managebac]\ntoken = 5\n",
    )
    .unwrap_err();
    let text = e.to_string();
    assert!(
        matches!(e.kind(), ErrorKind::InvalidInput { field } if field == "managebac.token"),
        "{text}"
    );
    assert!(text.contains("line 4"), "{text}");
    let e = SyncConfig::from_toml("direction = \"sideways\"\nterm_id = 1\n").unwrap_err();
    assert!(e.to_string().contains("line 1"), "{e}");
    let e = SyncConfig::from_toml(
        "direction = \"managebac-to-blackboard\"\nterm_id = 1\ncolour = 1\n[managebac]\n",
    )
    .unwrap_err();
    assert!(e.to_string().contains("colour"), "{e}");
    let e = SyncConfig::from_toml("direction = \"managebac-to-schoology\"\nterm_id = 1\n[managebac]\ntoken = \"t\"\n[schoology]\nconsumer_key = \"k\"\n[classes]\nmatch = \"uniq_id\"\n").unwrap_err();
    assert!(
        matches!(e.kind(), ErrorKind::InvalidInput { field } if field == "classes.match"),
        "{e}"
    );
}

#[tokio::test]
async fn schoology_grades_come_back_to_managebac() {
    let sb = Sandbox::start(SandboxConfig::default()).await.unwrap();
    // First ManageBac -> Schoology makes an assignment per task.
    let out = config(
        &sb,
        "managebac-to-schoology",
        "[classes]\npairs = { \"1001\" = \"9001\" }\n",
    );
    let conn = Connections::from_config(&out, &no_env).unwrap();
    let mut ledger = MemoryLedger::default();
    let plan = plan_sync(&conn, &out, &ledger).await.unwrap();
    assert!(apply(
        &conn,
        &out,
        &plan,
        &mut ledger,
        &mut |_: &Progress| {},
        || 0
    )
    .await
    .unwrap()
    .ok());
    // A teacher regrades three students in Schoology and excuses a fourth.
    let sg = conn.schoology.clone().unwrap();
    let (task_id, task_max) = sb.with_school(|s| {
        let t = s
            .tasks
            .values()
            .find(|t| t.class_id == 1001 && t.term_id == 2601)
            .unwrap();
        (
            t.id(),
            t.data["assessments"]["points"]["max_points"]
                .as_f64()
                .unwrap(),
        )
    });
    let aid: i64 = ledger.written().unwrap()[&format!("sg/9001/assignment/{task_id}")]
        .parse()
        .unwrap();
    let mut regraded = Vec::new();
    for (k, enrollment) in [9001002i64, 9001003, 9001004].iter().enumerate() {
        regraded.push(gradebridge::schoology::GradeInput::points(
            *enrollment,
            aid,
            task_max - 0.5 - k as f64,
        ));
    }
    regraded.push(gradebridge::schoology::GradeInput {
        exception: Some(1),
        ..gradebridge::schoology::GradeInput {
            grade: None,
            ..gradebridge::schoology::GradeInput::points(9001005, aid, 0.0)
        }
    });
    assert!(sg
        .update_grades(9001, regraded)
        .await
        .unwrap()
        .iter()
        .all(|o| o.ok));
    // Schoology -> ManageBac: exactly those three (the excused one is left alone).
    let back = config(
        &sb,
        "schoology-to-managebac",
        "[classes]\npairs = { \"1001\" = \"9001\" }\n",
    );
    let plan = plan_sync(&conn, &back, &ledger).await.unwrap();
    let students: Vec<String> = plan
        .changes
        .iter()
        .map(|c| c.student.clone().unwrap())
        .collect();
    assert_eq!(plan.changes.len(), 3, "{}", plan.to_table());
    assert!(students[0].starts_with("5002 "), "{students:?}");
    let report = apply(
        &conn,
        &back,
        &plan,
        &mut ledger,
        &mut |_: &Progress| {},
        || 0,
    )
    .await
    .unwrap();
    assert!(report.ok(), "{:?}", report.failed);
    assert_eq!(report.requests, 1, "one bulk grade write for the task");
    for (k, student) in [5002i64, 5003, 5004].iter().enumerate() {
        let pts = sb.with_school(|s| s.results[&(task_id, *student)].score());
        assert_eq!(pts, Some(task_max - 0.5 - k as f64));
    }
    assert!(plan_sync(&conn, &back, &ledger)
        .await
        .unwrap()
        .changes
        .is_empty());
    // And the other way round, nothing to do either.
    assert!(plan_sync(&conn, &out, &ledger)
        .await
        .unwrap()
        .changes
        .is_empty());
}
