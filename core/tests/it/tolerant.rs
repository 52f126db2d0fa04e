//! Tolerant reading: strings for numbers, 0/1 booleans, nulls, unknown fields, odd
//! timestamps; and decode errors that name the JSON path and quote the body.

use crate::common;

use common::fixture;
use gradebridge::de::Grade;
use gradebridge::managebac::*;
use gradebridge::{Endpoint, ErrorKind, HttpResponse};

#[test]
fn strings_nulls_and_unknown_fields() {
    let page = ClassGrades::new(1, 2)
        .parse(&HttpResponse::new(
            200,
            fixture("managebac/tolerant/class_grades.json"),
        ))
        .unwrap();
    let meta = page.meta.unwrap();
    assert_eq!(
        (meta.current_page, meta.total_pages, meta.per_page),
        (Some(1), Some(3), Some(1))
    );
    let a = &page.items[0].assignments[0];
    assert_eq!(a.id, 18376636);
    assert_eq!(a.group_mark, Some(Grade::Number(5.0)));
    assert_eq!(a.score, Some(22.5));
    assert_eq!(a.max_points, Some(32.0));
    let b = &page.items[0].assignments[1];
    assert_eq!(
        (b.group_mark.clone(), b.score, b.name.clone()),
        (None, None, None)
    );
    assert!(
        page.items[1].assignments.is_empty(),
        "null list reads as empty"
    );
    assert!(
        page.items[2].assignments.is_empty(),
        "absent list reads as empty"
    );
    assert_eq!(page.items[2].name, None);
}

#[test]
fn timestamps_keep_their_text() {
    let page = ClassGrades::new(1, 2)
        .parse(&HttpResponse::new(
            200,
            fixture("managebac/tolerant/class_grades.json"),
        ))
        .unwrap();
    let gst = page.items[0].assignments[0].due_date.as_ref().unwrap();
    assert_eq!(gst.as_str(), "2017-11-06T04:35:00.000GST");
    assert_eq!(gst.instant(), None, "an abbreviation is not an offset");
    assert_eq!(gst.civil().unwrap().to_string(), "2017-11-06T04:35:00");
    let offset = page.items[0].assignments[1].due_date.as_ref().unwrap();
    assert_eq!(
        offset.instant().unwrap().to_string(),
        "2025-05-08T18:10:00Z"
    );
    // Written back unchanged.
    let v = serde_json::to_value(&page.items[0].assignments[0]).unwrap();
    assert_eq!(v["due_date"], "2017-11-06T04:35:00.000GST");
}

#[test]
fn booleans_as_numbers_and_strings() {
    let page = Tasks::new(1)
        .parse(&HttpResponse::new(
            200,
            fixture("managebac/tolerant/tasks.json"),
        ))
        .unwrap();
    let t = &page.items[0];
    assert_eq!(
        (t.enable_dropbox, t.draft, t.turnitin),
        (Some(true), Some(false), Some(false))
    );
    assert_eq!(t.assigned_students, vec![11084604, 10193652]);
    assert_eq!(t.category.as_ref().unwrap().weight, Some(20.0));
    assert_eq!(t.category.as_ref().unwrap().id, 1848);
    let a = t.assessments.as_ref().unwrap();
    assert_eq!(a.points.as_ref().unwrap().max_points, Some(100.0));
    assert!(a.criteria.as_ref().unwrap().criterions.is_empty());
    assert_eq!(page.meta, None);
}

#[test]
fn term_average_grade_number_then_string() {
    let body = r#"{"students": [
        {"id": 1, "term_grade": {"grade": 6, "average": {"percent": 85, "grade": 6}}},
        {"id": 2, "term_grade": {"grade": "5", "average": {"percent": "86.5", "grade": "5"}}},
        {"id": 3, "term_grade": {"grade": "A*", "average": null, "rubrics": null}},
        {"id": 4, "term_grade": null}
    ]}"#;
    let page = TermGrades::new(1, 2)
        .parse(&HttpResponse::new(200, body))
        .unwrap();
    let g = |i: usize| page.items[i].term_grade.as_ref().unwrap();
    assert_eq!(
        g(0).average.as_ref().unwrap().grade,
        Some(Grade::Number(6.0))
    );
    assert_eq!(
        g(1).average.as_ref().unwrap().grade,
        Some(Grade::Number(5.0))
    );
    assert_eq!(g(1).average.as_ref().unwrap().percent, Some(86.5));
    assert_eq!(g(1).grade, g(1).average.as_ref().unwrap().grade);
    assert_eq!(g(2).grade, Some(Grade::Text("A*".into())));
    assert!(g(2).rubrics.is_empty());
    assert_eq!(page.items[3].term_grade, None);
}

#[test]
fn decode_error_names_the_path_and_quotes_the_body() {
    let body = r#"{"students": [{"id": 1, "assignments": [{"id": 2, "score": "twenty"}]}]}"#;
    let e = ClassGrades::new(1, 2)
        .parse(&HttpResponse::new(200, body))
        .unwrap_err();
    assert_eq!(
        e.kind(),
        &ErrorKind::Decode {
            path: "students[0].assignments[0].score".into()
        }
    );
    assert_eq!(e.status(), Some(200));
    assert!(
        e.message().contains("students[0].assignments[0].score"),
        "{}",
        e.message()
    );
    assert!(
        e.message().contains(r#"{"students": [{"id": 1"#),
        "{}",
        e.message()
    );
}

#[test]
fn not_json_is_a_decode_error() {
    let html = "<html><body>502 Bad Gateway</body></html>";
    let e = GetClass::new(1)
        .parse(&HttpResponse::new(200, html))
        .unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::Decode { .. }));
    assert!(e.message().contains("<html><body>502"), "{}", e.message());
    let long = format!("{{\"class\": {}", "x".repeat(5000));
    let e = GetClass::new(1)
        .parse(&HttpResponse::new(200, long))
        .unwrap_err();
    assert!(e.message().len() < 600, "the excerpt is short");
    let e = GetTask::new(1, 2)
        .parse(&HttpResponse::new(200, r#"{"task": {"name": "no id"}}"#))
        .unwrap_err();
    assert_eq!(
        e.kind(),
        &ErrorKind::Decode {
            path: "task".into()
        }
    );
    assert!(
        e.message().contains("missing field `id`"),
        "{}",
        e.message()
    );
}

#[test]
fn a_body_that_is_not_utf8_is_a_decode_error_naming_the_string() {
    // Valid UTF-8 is read as text (no second check per string); anything else takes
    // the slow path, which names the field.
    let body = |name: &[u8]| {
        [
            &br#"{"students": [{"id": 1, "name": ""#[..],
            name,
            br#"", "assignments": []}]}"#,
        ]
        .concat()
    };
    let ok = body(b"Zo\xc3\xab");
    let page = ClassGrades::new(1, 2)
        .parse(&HttpResponse::new(200, ok))
        .unwrap();
    assert_eq!(page.items[0].name.as_deref(), Some("Zoë"));
    let bad = body(b"Zo\xff");
    let e = ClassGrades::new(1, 2)
        .parse(&HttpResponse::new(200, bad))
        .unwrap_err();
    assert_eq!(
        e.kind(),
        &ErrorKind::Decode {
            path: "students[0].name".into()
        }
    );
    assert!(e.message().contains("invalid unicode"), "{}", e.message());
}
