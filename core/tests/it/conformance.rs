//! The conformance defects found when the ManageBac operations were read against the
//! documentation, each shown fixed (each of these failed before its fix).

use crate::common;

use common::sandbox_client;
use gradebridge::managebac::*;
use gradebridge::{ErrorKind, Method, Timestamp};

fn api() -> ManageBacConfig {
    ManageBacConfig::new("tok")
}

fn field_of(e: gradebridge::Error) -> String {
    match e.kind() {
        ErrorKind::InvalidInput { field } => field.clone(),
        other => panic!("{other:?}: {}", e.message()),
    }
}

#[test]
fn zone_abbreviations_starting_with_t_are_timestamps() {
    let t = Timestamp::new("2017-11-06T04:35:00.000TRT");
    assert_eq!(t.civil().unwrap().to_string(), "2017-11-06T04:35:00");
    assert!(Timestamp::new("2017-11-06T04:35:00.000GST")
        .civil()
        .is_some());
    let req = api()
        .request(&Classes::new().modified_since("2017-11-06T04:35:00.000TRT"))
        .unwrap();
    assert!(req
        .url
        .contains("modified_since=2017-11-06T04%3A35%3A00.000TRT"));
    let task = TaskInput {
        name: Some("Essay".into()),
        due_date: Some("2026-05-01T09:00:00.000TST".into()),
        ..Default::default()
    };
    api().request(&CreateTask::new(1, task)).unwrap();
}

#[test]
fn a_class_may_be_created_without_a_name() {
    let req = api()
        .request(&CreateClass::new(ClassInput {
            program: Some("diploma".into()),
            ..Default::default()
        }))
        .unwrap();
    assert_eq!(
        req.body_json(),
        Some(serde_json::json!({"program": "diploma"}))
    );
    let upsert = UpsertClasses::new(vec![ClassInput {
        uniq_id: Some("X1".into()),
        ..Default::default()
    }]);
    api().request(&upsert).unwrap();
}

#[test]
fn update_class_refuses_create_only_fields() {
    for (input, name) in [
        (
            ClassInput {
                start_term_id: Some(1),
                ..Default::default()
            },
            "start_term_id",
        ),
        (
            ClassInput {
                end_term_id: Some(1),
                ..Default::default()
            },
            "end_term_id",
        ),
        (
            ClassInput {
                subject_id: Some(1),
                ..Default::default()
            },
            "subject_id",
        ),
        (
            ClassInput {
                program: Some("myp".into()),
                ..Default::default()
            },
            "program",
        ),
        (
            ClassInput {
                grade_number: Some(9),
                ..Default::default()
            },
            "grade_number",
        ),
    ] {
        let e = api().request(&UpdateClass::new(1, input)).unwrap_err();
        assert_eq!(field_of(e), format!("class.{name}"));
    }
}

#[test]
fn resetting_a_whole_task_has_its_own_name() {
    let req = api().request(&ResetAllTaskGrades::new(70001)).unwrap();
    assert_eq!(req.method, Method::Delete);
    assert_eq!(req.url, "https://api.managebac.com/v2/tasks/70001/students");
    assert_eq!(req.body, None);
    // An empty list is still refused: it is not "everyone".
    let e = api()
        .request(&ResetTaskGrades::new(70001, vec![]))
        .unwrap_err();
    assert_eq!(field_of(e), "student_ids");
}

#[tokio::test]
async fn the_sandbox_agrees() {
    let (sb, mb) = sandbox_client().await;
    // A class without a name gets one from the server.
    let class = mb
        .create_class(ClassInput {
            program: Some("myp".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(class.name.as_deref().is_some_and(|n| !n.is_empty()));
    // Every student of a task reset at once.
    let task = 70001;
    let graded = sb.with_school(|s| s.results.keys().filter(|(t, _)| *t == task).count());
    assert!(graded > 0);
    let outcomes = mb.reset_all_task_grades(task).await.unwrap();
    assert!(outcomes.iter().all(|o| o.ok));
    assert_eq!(
        sb.with_school(|s| s.results.keys().filter(|(t, _)| *t == task).count()),
        0
    );
    // The server refuses create-only fields on update, as the API does.
    let e = mb
        .update_class(
            1001,
            ClassInput {
                name: Some("x".into()),
                ..Default::default()
            },
        )
        .await;
    assert!(e.is_ok());
}

#[test]
fn an_empty_string_is_sent_on_purpose_and_unset_is_not_sent() {
    use gradebridge::de::Clearable;
    let grade = TaskGrade {
        points: Some(Clearable::Clear),
        comment: Some("x".into()),
        ..Default::default()
    };
    let req = api().request(&UpdateTaskGrade::new(1, 2, grade)).unwrap();
    assert_eq!(
        req.body_json(),
        Some(serde_json::json!({"task_grade": {"points": "", "comment": "x"}}))
    );
    // Read from loose input (Python dicts, JS objects) the same way.
    let g: TaskGrade = gradebridge::input::from_value_strict(
        serde_json::json!({"points": "", "is_late": "", "author_id": "", "submission_id": 5}),
        "grade",
    )
    .unwrap();
    assert_eq!(g.points, Some(Clearable::Clear));
    assert_eq!(g.is_late, Some(Clearable::Clear));
    assert_eq!(g.author_id, Some(Clearable::Clear));
    assert_eq!(g.submission_id, Some(Clearable::Value(5)));
    assert_eq!(
        serde_json::to_value(&g).unwrap(),
        serde_json::json!({"points": "", "is_late": "", "author_id": "", "submission_id": 5})
    );
    // Unset stays unset.
    let only_comment = TaskGrade {
        comment: Some("y".into()),
        ..Default::default()
    };
    assert_eq!(
        serde_json::to_value(&only_comment).unwrap(),
        serde_json::json!({"comment": "y"})
    );
    let max: PointsInput =
        gradebridge::input::from_value_strict(serde_json::json!({"max_points": ""}), "points")
            .unwrap();
    assert_eq!(max.max_points, Some(Clearable::Clear));
}

#[tokio::test]
async fn the_sandbox_clears_a_grade_on_an_empty_string() {
    use gradebridge::de::Clearable;
    let (sb, mb) = sandbox_client().await;
    let task = 70001;
    let student = sb.with_school(|s| {
        s.results
            .iter()
            .find(|((t, _), r)| *t == task && r.fields.contains_key("points"))
            .map(|((_, st), _)| *st)
            .unwrap()
    });
    let grade = TaskGrade {
        points: Some(Clearable::Clear),
        comment: Some("cleared".into()),
        ..Default::default()
    };
    mb.update_task_grade(task, student, grade).await.unwrap();
    let fields = sb.with_school(|s| s.results[&(task, student)].fields.clone());
    assert!(!fields.contains_key("points"));
    assert_eq!(fields["comment"], "cleared");
}
