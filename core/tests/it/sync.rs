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
    // With `excused = "zero"` the excused student gets 0 points, said why.
    let zero = config(
        &sb,
        "schoology-to-managebac",
        "[classes]\npairs = { \"1001\" = \"9001\" }\n[grades]\nexcused = \"zero\"\n",
    );
    let plan = plan_sync(&conn, &zero, &ledger).await.unwrap();
    assert_eq!(plan.changes.len(), 1, "{}", plan.to_table());
    assert_eq!(plan.changes[0].new, "0");
    assert!(
        plan.changes[0].why.contains("excused"),
        "{:?}",
        plan.changes[0]
    );
    assert!(plan.changes[0]
        .student
        .as_deref()
        .unwrap()
        .starts_with("5005 "));
    // And the other way round, nothing to do either.
    assert!(plan_sync(&conn, &out, &ledger)
        .await
        .unwrap()
        .changes
        .is_empty());
}

#[tokio::test]
async fn a_scale_becomes_a_grade_schema_and_symbols() {
    let sb = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let ib = "7=84:6=70:5=57:4=44:3=32:2=19:1=0";
    let cfg = config(
        &sb,
        "managebac-to-blackboard",
        &format!("[classes]\nmatch = \"uniq_id\"\n\n[grades]\nvalue = \"scale\"\nscale = \"{ib}\"\nscale_title = \"IB 1-7\"\nterm_grade_column = \"Term 1 grade\"\n"),
    );
    let scale = gradebridge::grading::GradeScale::from_blackboard_symbols(ib).unwrap();
    let conn = Connections::from_config(&cfg, &no_env).unwrap();
    let mut ledger = MemoryLedger::default();
    let plan = plan_sync(&conn, &cfg, &ledger).await.unwrap();
    let schemas: Vec<&Change> = plan
        .changes
        .iter()
        .filter(|c| c.action == "create grade schema")
        .collect();
    assert_eq!(
        schemas.len(),
        1,
        "one schema for the site, not one per course"
    );
    assert_eq!(schemas[0].new, ib);
    // Every grade is a symbol of the scale.
    let mut checked = 0;
    for c in plan.changes.iter().filter(|c| c.action == "set grade") {
        assert!(
            ["1", "2", "3", "4", "5", "6", "7"].contains(&c.new.as_str()),
            "{c:?}"
        );
        if c.task.as_deref() == Some("Term 1 grade") {
            continue;
        }
        checked += 1;
    }
    assert!(checked > 50, "{}", plan.to_table());
    // And a task's symbol is ManageBac's group_mark, through the grading code.
    let Write::BlackboardValue { value, .. } = &plan
        .changes
        .iter()
        .find(|c| c.action == "set grade" && c.task.as_deref() != Some("Term 1 grade"))
        .unwrap()
        .write
    else {
        unreachable!()
    };
    let (task, student) = sb.with_school(|s| {
        let course = &value.course_id;
        let class = s
            .classes
            .iter()
            .find(|(_, c)| c.data["uniq_id"].as_str() == Some(course))
            .map(|(id, _)| *id)
            .unwrap();
        let task = s
            .tasks
            .values()
            .find(|t| {
                t.class_id == class
                    && t.term_id == 2601
                    && t.data["name"]
                        .as_str()
                        .is_some_and(|n| value.name.starts_with(n))
            })
            .map(|t| {
                (
                    t.id(),
                    t.data["assessments"]["points"]["max_points"]
                        .as_f64()
                        .unwrap(),
                )
            })
            .unwrap();
        let student: i64 = value.user_id.trim_start_matches('S').parse().unwrap();
        (task, s.results[&(task.0, student)].score().unwrap())
    });
    assert_eq!(
        value.value,
        gradebridge::grading::group_mark(student, task.1, &scale).unwrap()
    );
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
    sb.with_blackboard(|s| {
        assert_eq!(s.schemas["IB 1-7"]["symbols"], ib);
        assert_eq!(
            s.courses["GB1001"]
                .columns
                .values()
                .filter(|c| c["gradeSchema"] == "IB 1-7")
                .count(),
            s.courses["GB1001"].columns.len()
        );
    });
    assert!(plan_sync(&conn, &cfg, &ledger)
        .await
        .unwrap()
        .changes
        .is_empty());
    // The scale is refused for Schoology, and a bad scale names the field.
    let text = |extra: &str| {
        format!("direction = \"managebac-to-blackboard\"\nterm_id = 1\n[managebac]\ntoken = \"t\"\n[blackboard]\nhost = \"https://x.edu\"\nkey = \"k\"\n[classes]\nmatch = \"uniq_id\"\n[grades]\n{extra}")
    };
    for (extra, field) in [
        ("value = \"scale\"\n", "grades.scale"),
        ("value = \"scale\"\nscale = \"A:B\"\n", "grades.scale"),
        ("value = \"scale\"\nscale = \"A=90:B 80\"\n", "grades.scale"),
        ("value = \"points\"\nscale = \"A=90:B=0\"\n", "grades.scale"),
        ("value = \"letters\"\n", "grades.value"),
        ("excused = \"ignore\"\n", "grades.excused"),
    ] {
        let e = SyncConfig::from_toml(&text(extra)).unwrap_err();
        assert!(
            matches!(e.kind(), ErrorKind::InvalidInput { field: f } if f == field),
            "{extra}: {e}"
        );
    }
    let e = SyncConfig::from_toml("direction = \"managebac-to-schoology\"\nterm_id = 1\n[managebac]\ntoken = \"t\"\n[schoology]\nconsumer_key = \"k\"\n[classes]\npairs = { \"1\" = \"2\" }\n[grades]\nvalue = \"scale\"\nscale = \"A=90:B=0\"\n").unwrap_err();
    assert!(
        e.to_string().contains("Schoology grades are numbers"),
        "{e}"
    );
}

#[tokio::test]
async fn people_matched_by_email_ignore_the_case_of_ascii_letters() {
    let sb = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let cfg = config(
        &sb,
        "managebac-to-schoology",
        "[classes]\npairs = { \"1001\" = \"9001\" }\n[people]\nmatch = \"email\"\n",
    );
    let conn = Connections::from_config(&cfg, &no_env).unwrap();
    let ledger = MemoryLedger::default();
    let plan = plan_sync(&conn, &cfg, &ledger).await.unwrap();
    assert!(plan.unmatched.is_empty(), "{:?}", plan.unmatched);
    // Schoology writes one student's address in capitals: still the same person.
    let (uid, email) = sb.with_schoology(|s| {
        let enrolled = s.sections[&9001]
            .enrollments
            .iter()
            .find(|e| e["admin"] == 0)
            .map(|e| e["uid"].as_i64().unwrap())
            .unwrap();
        let user = s.users.get_mut(&enrolled).unwrap();
        let email = user["primary_email"].as_str().unwrap().to_string();
        user["primary_email"] = email.to_ascii_uppercase().into();
        (enrolled, email)
    });
    let upper = plan_sync(&conn, &cfg, &ledger).await.unwrap();
    assert!(upper.unmatched.is_empty(), "{:?}", upper.unmatched);
    assert_eq!(upper.changes, plan.changes);
    // Another address is another person: the student is left unmatched.
    sb.with_schoology(|s| {
        let (local, domain) = email.split_once('@').unwrap();
        s.users.get_mut(&uid).unwrap()["primary_email"] = format!("{local}.x@{domain}").into();
    });
    let other = plan_sync(&conn, &cfg, &ledger).await.unwrap();
    assert_eq!(other.unmatched.len(), 1, "{:?}", other.unmatched);
    assert!(
        other.unmatched[0].why.contains("email"),
        "{:?}",
        other.unmatched
    );
}
