//! Every operation builds the exact request: method, URL with query, headers, body.

use crate::common;

use common::fixture_json;
use gradebridge::managebac::*;
use gradebridge::{ErrorKind, HttpRequest, Method};
use serde_json::json;

const TOKEN: &str = "tok-123";

fn api() -> ManageBacConfig {
    ManageBacConfig::new(TOKEN)
}

fn get_headers() -> Vec<(String, String)> {
    vec![
        ("accept".into(), "application/json".into()),
        ("auth-token".into(), TOKEN.into()),
    ]
}

fn body_headers() -> Vec<(String, String)> {
    let mut h = get_headers();
    h.push(("content-type".into(), "application/json".into()));
    h
}

fn expect(req: HttpRequest, method: Method, url: &str, body: Option<serde_json::Value>) {
    assert_eq!(req.method, method, "method");
    assert_eq!(req.url, url, "url");
    match body {
        Some(b) => {
            assert_eq!(req.headers, body_headers(), "headers");
            assert_eq!(req.body_json(), Some(b), "body");
        }
        None => {
            assert_eq!(req.headers, get_headers(), "headers");
            assert_eq!(req.body, None, "body");
        }
    }
}

const B: &str = "https://api.managebac.com";

#[test]
fn class_grades() {
    expect(
        api().request(&ClassGrades::new(10, 20)).unwrap(),
        Method::Get,
        &format!("{B}/v2/classes/10/assessments/term/20/grades"),
        None,
    );
    let op = ClassGrades::new(10, 20)
        .include_archived_students(true)
        .page(2)
        .per_page(50);
    expect(
        api().request(&op).unwrap(),
        Method::Get,
        &format!("{B}/v2/classes/10/assessments/term/20/grades?include_archived_students=true&page=2&per_page=50"),
        None,
    );
}

#[test]
fn term_grades() {
    let op = TermGrades::new(10, 20)
        .student_ids(vec![1, 2])
        .include_archived_students(false)
        .unenrolled_only(true);
    expect(
        api().request(&op).unwrap(),
        Method::Get,
        &format!("{B}/v2/classes/10/assessments/term/20/term-grades?student_ids%5B%5D=1&student_ids%5B%5D=2&include_archived_students=false&unenrolled_only=true"),
        None,
    );
}

#[test]
fn tasks_and_get_task() {
    expect(
        api().request(&Tasks::new(7)).unwrap(),
        Method::Get,
        &format!("{B}/v2/classes/7/tasks"),
        None,
    );
    expect(
        api().request(&Tasks::new(7).term_id(3)).unwrap(),
        Method::Get,
        &format!("{B}/v2/classes/7/tasks?term_id=3"),
        None,
    );
    expect(
        api().request(&GetTask::new(7, 9)).unwrap(),
        Method::Get,
        &format!("{B}/v2/classes/7/tasks/9"),
        None,
    );
}

#[test]
fn create_task_sends_the_documented_body() {
    let doc = fixture_json("managebac/create_task.request.json");
    let task: TaskInput = serde_json::from_value(doc["core_task"].clone()).unwrap();
    let req = api().request(&CreateTask::new(7, task)).unwrap();
    expect(
        req,
        Method::Post,
        &format!("{B}/v2/classes/7/tasks"),
        Some(doc),
    );
}

#[test]
fn update_task_sends_only_fields_set() {
    let doc = fixture_json("managebac/update_task.request.json");
    let task: TaskInput = serde_json::from_value(doc["core_task"].clone()).unwrap();
    expect(
        api().request(&UpdateTask::new(7, 9, task)).unwrap(),
        Method::Put,
        &format!("{B}/v2/classes/7/tasks/9"),
        Some(doc),
    );
    let partial = TaskInput {
        notes: Some(String::new()),
        ..Default::default()
    };
    expect(
        api().request(&UpdateTask::new(7, 9, partial)).unwrap(),
        Method::Put,
        &format!("{B}/v2/classes/7/tasks/9"),
        Some(json!({"core_task": {"notes": ""}})),
    );
}

#[test]
fn delete_task() {
    expect(
        api().request(&DeleteTask::new(7, 9)).unwrap(),
        Method::Delete,
        &format!("{B}/v2/classes/7/tasks/9"),
        None,
    );
}

#[test]
fn task_results() {
    expect(
        api().request(&TaskResults::new(7, 9)).unwrap(),
        Method::Get,
        &format!("{B}/v2/classes/7/tasks/9/students"),
        None,
    );
}

#[test]
fn update_task_grade() {
    let doc = fixture_json("managebac/update_task_grade.request.json");
    let grade: TaskGrade = serde_json::from_value(doc["task_grade"].clone()).unwrap();
    expect(
        api().request(&UpdateTaskGrade::new(9, 5, grade)).unwrap(),
        Method::Patch,
        &format!("{B}/v2/tasks/9/students/5"),
        Some(doc),
    );
}

#[test]
fn update_task_grades() {
    let doc = fixture_json("managebac/update_task_grades.request.json");
    let grades: Vec<StudentTaskGrade> = serde_json::from_value(doc["students"].clone()).unwrap();
    expect(
        api().request(&UpdateTaskGrades::new(9, grades)).unwrap(),
        Method::Patch,
        &format!("{B}/v2/tasks/9/students"),
        Some(doc),
    );
    let two = vec![
        StudentTaskGrade::points(1, 7.5),
        StudentTaskGrade::points(2, 0.0),
    ];
    expect(
        api().request(&UpdateTaskGrades::new(9, two)).unwrap(),
        Method::Patch,
        &format!("{B}/v2/tasks/9/students"),
        Some(
            json!({"students": [{"id": 1, "task_grade": {"points": 7.5}}, {"id": 2, "task_grade": {"points": 0}}]}),
        ),
    );
}

#[test]
fn reset_task_grades() {
    expect(
        api()
            .request(&ResetTaskGrades::new(9, vec![8, 12]))
            .unwrap(),
        Method::Delete,
        &format!("{B}/v2/tasks/9/students"),
        Some(json!({"student_ids": [8, 12]})),
    );
}

#[test]
fn criteria_and_categories() {
    expect(
        api().request(&Criteria::new(7)).unwrap(),
        Method::Get,
        &format!("{B}/v2/classes/7/criteria"),
        None,
    );
    expect(
        api().request(&TaskCategories::new(7)).unwrap(),
        Method::Get,
        &format!("{B}/v2/classes/7/task_categories"),
        None,
    );
}

#[test]
fn classes_list() {
    expect(
        api().request(&Classes::new()).unwrap(),
        Method::Get,
        &format!("{B}/v2p0/classes"),
        None,
    );
    let op = Classes::new()
        .modified_since("2025-01-01T00:00:00Z")
        .archived(true)
        .page(3)
        .per_page(200);
    expect(
        api().request(&op).unwrap(),
        Method::Get,
        &format!("{B}/v2p0/classes?modified_since=2025-01-01T00%3A00%3A00Z&archived=true&page=3&per_page=200"),
        None,
    );
    let op = Classes::new().deleted_since("2025-01-01");
    expect(
        api().request(&op).unwrap(),
        Method::Get,
        &format!("{B}/v2p0/classes?deleted_since=2025-01-01"),
        None,
    );
}

#[test]
fn get_create_update_class() {
    expect(
        api().request(&GetClass::new(854)).unwrap(),
        Method::Get,
        &format!("{B}/v2p0/classes/854"),
        None,
    );
    let doc = fixture_json("managebac/create_class.request.json");
    let class: ClassInput = serde_json::from_value(doc.clone()).unwrap();
    expect(
        api().request(&CreateClass::new(class)).unwrap(),
        Method::Post,
        &format!("{B}/v2p0/classes"),
        Some(doc),
    );
    let doc = fixture_json("managebac/update_class.request.json");
    let class: ClassInput = serde_json::from_value(doc.clone()).unwrap();
    expect(
        api().request(&UpdateClass::new(123, class)).unwrap(),
        Method::Patch,
        &format!("{B}/v2p0/classes/123"),
        Some(doc),
    );
}

#[test]
fn upsert_classes() {
    let doc = fixture_json("managebac/upsert_classes.request.json");
    let classes: Vec<ClassInput> = serde_json::from_value(doc["classes"].clone()).unwrap();
    let op = UpsertClasses::new(classes);
    use gradebridge::Endpoint;
    assert!(op.idempotent(), "every item has an id");
    expect(
        api().request(&op).unwrap(),
        Method::Patch,
        &format!("{B}/v2p0/classes"),
        Some(doc),
    );
    let creating = UpsertClasses::new(vec![ClassInput {
        name: Some("New".into()),
        ..Default::default()
    }]);
    assert!(!creating.idempotent(), "an item without id creates");
}

#[test]
fn class_students() {
    let doc = fixture_json("managebac/add_class_students.request.json");
    expect(
        api().request(&AddClassStudents::new(5, vec![1])).unwrap(),
        Method::Post,
        &format!("{B}/v2p0/classes/5/add_students"),
        Some(doc),
    );
    let doc = fixture_json("managebac/remove_class_students.request.json");
    expect(
        api()
            .request(&RemoveClassStudents::new(5, vec![1]))
            .unwrap(),
        Method::Post,
        &format!("{B}/v2p0/classes/5/remove_students"),
        Some(doc),
    );
    let doc = fixture_json("managebac/update_class_students.request.json");
    let students: Vec<StudentLevel> = serde_json::from_value(doc["students"].clone()).unwrap();
    expect(
        api()
            .request(&UpdateClassStudents::new(5, students))
            .unwrap(),
        Method::Patch,
        &format!("{B}/v2p0/classes/5/students"),
        Some(doc),
    );
}

#[test]
fn idempotence_per_operation() {
    use gradebridge::Endpoint;
    assert!(!CreateTask::new(1, TaskInput::default()).idempotent());
    assert!(!CreateClass::new(ClassInput::default()).idempotent());
    assert!(UpdateTaskGrades::new(1, vec![]).idempotent());
    assert!(ClassGrades::new(1, 2).idempotent());
    assert!(DeleteTask::new(1, 2).idempotent());
}

fn invalid_field(e: gradebridge::Error) -> String {
    match e.kind() {
        ErrorKind::InvalidInput { field } => field.clone(),
        other => panic!("expected InvalidInput, got {other:?}"),
    }
}

#[test]
fn strict_writing_names_the_field_before_sending() {
    let a = api();
    assert_eq!(
        invalid_field(a.request(&ClassGrades::new(0, 2)).unwrap_err()),
        "class_id"
    );
    assert_eq!(
        invalid_field(a.request(&ClassGrades::new(1, -2)).unwrap_err()),
        "term_id"
    );
    assert_eq!(
        invalid_field(a.request(&Classes::new().per_page(201)).unwrap_err()),
        "per_page"
    );
    assert_eq!(
        invalid_field(a.request(&Classes::new().per_page(0)).unwrap_err()),
        "per_page"
    );
    assert_eq!(
        invalid_field(a.request(&Classes::new().page(0)).unwrap_err()),
        "page"
    );
    assert_eq!(
        invalid_field(
            a.request(&Classes::new().modified_since("yesterday"))
                .unwrap_err()
        ),
        "modified_since"
    );
    assert_eq!(
        invalid_field(
            a.request(&CreateTask::new(1, TaskInput::default()))
                .unwrap_err()
        ),
        "task.name"
    );
    let bad_due = TaskInput {
        name: Some("x".into()),
        due_date: Some("soon".into()),
        ..Default::default()
    };
    assert_eq!(
        invalid_field(a.request(&CreateTask::new(1, bad_due)).unwrap_err()),
        "task.due_date"
    );
    assert_eq!(
        invalid_field(
            a.request(&UpdateTask::new(1, 2, TaskInput::default()))
                .unwrap_err()
        ),
        "task"
    );
    let grades = vec![
        StudentTaskGrade::points(1, 5.0),
        StudentTaskGrade::points(-3, 5.0),
    ];
    assert_eq!(
        invalid_field(a.request(&UpdateTaskGrades::new(1, grades)).unwrap_err()),
        "grades[1].id"
    );
    let grades = vec![
        StudentTaskGrade::points(1, 5.0),
        StudentTaskGrade::points(1, 6.0),
    ];
    assert_eq!(
        invalid_field(a.request(&UpdateTaskGrades::new(1, grades)).unwrap_err()),
        "grades[1].id"
    );
    let grades = vec![StudentTaskGrade::points(1, f64::NAN)];
    assert_eq!(
        invalid_field(a.request(&UpdateTaskGrades::new(1, grades)).unwrap_err()),
        "grades[0].task_grade.points"
    );
    let grades = vec![StudentTaskGrade {
        id: 4,
        task_grade: TaskGrade::default(),
    }];
    assert_eq!(
        invalid_field(a.request(&UpdateTaskGrades::new(1, grades)).unwrap_err()),
        "grades[0].task_grade"
    );
    assert_eq!(
        invalid_field(a.request(&UpdateTaskGrades::new(1, vec![])).unwrap_err()),
        "grades"
    );
    assert_eq!(
        invalid_field(a.request(&ResetTaskGrades::new(1, vec![])).unwrap_err()),
        "student_ids"
    );
    assert_eq!(
        invalid_field(
            a.request(&AddClassStudents::new(1, vec![2, 0]))
                .unwrap_err()
        ),
        "student_ids[1]"
    );
    let with_id = ClassInput {
        id: Some(4),
        name: Some("x".into()),
        ..Default::default()
    };
    assert_eq!(
        invalid_field(a.request(&CreateClass::new(with_id)).unwrap_err()),
        "class.id"
    );
    let nameless = vec![
        ClassInput {
            name: Some("ok".into()),
            ..Default::default()
        },
        ClassInput {
            description: Some("d".into()),
            ..Default::default()
        },
    ];
    // A new class needs no name: the API generates one (see tests/it/conformance.rs).
    assert_eq!(
        a.request(&UpsertClasses::new(nameless))
            .unwrap()
            .body_json(),
        Some(json!({"classes": [{"name": "ok"}, {"description": "d"}]}))
    );
    let levels = vec![StudentLevel {
        id: 3,
        level: " ".into(),
    }];
    assert_eq!(
        invalid_field(a.request(&UpdateClassStudents::new(1, levels)).unwrap_err()),
        "students[0].level"
    );
}

#[test]
fn base_url_rules() {
    let ok = ManageBacConfig::new(TOKEN)
        .with_base_url("http://127.0.0.1:8080")
        .unwrap();
    assert_eq!(
        ok.request(&GetClass::new(1)).unwrap().url,
        "http://127.0.0.1:8080/v2p0/classes/1"
    );
    assert!(ManageBacConfig::new(TOKEN)
        .with_base_url("http://localhost:3000/")
        .is_ok());
    assert!(ManageBacConfig::new(TOKEN)
        .with_base_url("http://[::1]:3000")
        .is_ok());
    assert!(ManageBacConfig::new(TOKEN)
        .with_base_url("https://api.managebac.cn")
        .is_ok());
    let e = ManageBacConfig::new(TOKEN)
        .with_base_url("http://api.managebac.com")
        .unwrap_err();
    assert_eq!(invalid_field(e), "base_url");
    let e = ManageBacConfig::new(TOKEN)
        .with_base_url("ftp://x")
        .unwrap_err();
    assert_eq!(invalid_field(e), "base_url");
    let prefixed = ManageBacConfig::new(TOKEN)
        .with_base_url("https://proxy.school.org/mb/")
        .unwrap();
    assert_eq!(
        prefixed.request(&GetClass::new(1)).unwrap().url,
        "https://proxy.school.org/mb/v2p0/classes/1"
    );
}

#[test]
fn token_travels_in_the_header_only() {
    let req = api().request(&Classes::new()).unwrap();
    assert!(!req.url.contains(TOKEN));
    assert_eq!(req.header("Auth-Token"), Some(TOKEN));
    assert_eq!(
        invalid_field(
            ManageBacConfig::new("")
                .request(&Classes::new())
                .unwrap_err()
        ),
        "token"
    );
    assert_eq!(
        invalid_field(
            ManageBacConfig::new("abc\n")
                .request(&Classes::new())
                .unwrap_err()
        ),
        "token"
    );
}
