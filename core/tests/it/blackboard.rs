//! Blackboard Grades Journey: the exact request of each of the six endpoints (the
//! docs' corrected examples as bodies), the documented answers parsed into outcomes,
//! every size limit at the limit and one past it, `optionalData` and `mapping`, the
//! token request, chunking.

use crate::common;

use gradebridge::Map;

use common::{fixture, fixture_json};
use gradebridge::blackboard::*;
use gradebridge::endpoint::Batched;
use gradebridge::platform::{build_request, Platform};
use gradebridge::{AuthContext, Endpoint, ErrorKind, HttpResponse, Method};
use serde_json::json;

const HOST: &str = "https://learn.school.edu";

fn api() -> BlackboardConfig {
    BlackboardConfig::new(HOST, "app-key", "app-secret").unwrap()
}

fn request<E: Endpoint<Platform = BlackboardConfig>>(op: &E) -> gradebridge::HttpRequest {
    build_request(&api(), op, &AuthContext::default().with_bearer("tok-1")).unwrap()
}

fn expect(req: gradebridge::HttpRequest, endpoint: &str, body: serde_json::Value) {
    assert_eq!(req.method, Method::Post);
    assert_eq!(
        req.url,
        format!("{HOST}/learn/api/v2/cc/gradejourney/{endpoint}")
    );
    assert_eq!(
        req.headers,
        vec![
            ("accept".to_string(), "application/json".to_string()),
            ("authorization".to_string(), "Bearer tok-1".to_string()),
            ("content-type".to_string(), "application/json".to_string()),
        ]
    );
    assert_eq!(req.body_json(), Some(body));
}

fn field_of(e: gradebridge::Error) -> String {
    match e.kind() {
        ErrorKind::InvalidInput { field } => field.clone(),
        other => panic!("not an input error: {other:?} {e}"),
    }
}

fn data(pairs: &[(&str, &str)]) -> Option<Map<String, String>> {
    Some(
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    )
}

fn schema() -> GradeSchemaInput {
    GradeSchemaInput {
        title: "Pass-Fail-Custom-Schema".into(),
        symbols: "P=80:F=0".into(),
        optional_data: data(&[("sisSchemaID", "PF")]),
    }
}

fn item() -> GradableItemInput {
    GradableItemInput {
        course_id: "course1".into(),
        name: "Final Grade".into(),
        item_type: "MANUAL_COLUMN".into(),
        instructions: Some("".into()),
        anonymous: Some(false),
        group: Some(false),
        content_area_name: Some("Assignments".into()),
        available: Some(true),
        color: None,
        attempts: Some(1),
        tracked: Some(false),
        start_date: None,
        end_date: None,
        due_date: None,
        points: Some(100.0),
        grade_schema: Some("Pass-Fail-Custom-Schema".into()),
        sequence_num: Some(1),
        extract: Some(true),
        mapping: None,
        optional_data: data(&[("SIS_ID", "FG123456")]),
    }
}

fn column(course: &str, name: &str) -> ColumnRef {
    ColumnRef {
        course_id: course.into(),
        name: name.into(),
    }
}

fn value(course: &str, user: &str, name: &str, v: &str) -> GradeValueInput {
    GradeValueInput {
        course_id: course.into(),
        user_id: user.into(),
        name: name.into(),
        value: v.into(),
    }
}

// ---------------------------------------------------------------------------------
// Exact requests: the docs' (corrected) examples.

#[test]
fn create_grade_schemas_request() {
    expect(
        request(&CreateGradeSchemas::new(vec![schema()])),
        "gradeSchemasAPI",
        fixture_json("blackboard/create_grade_schemas.request.json"),
    );
    assert!(!CreateGradeSchemas::new(vec![schema()]).idempotent());
}

#[test]
fn create_gradable_items_request() {
    expect(
        request(&CreateGradableItems::new(vec![item()])),
        "gradableItemsAPI",
        fixture_json("blackboard/create_gradable_items.request.json"),
    );
}

#[test]
fn delete_and_external_column_requests() {
    let doc = fixture_json("blackboard/delete_grade_columns.request.json");
    expect(
        request(&DeleteGradeColumns::new(vec![column(
            "course1",
            "Final Grade",
        )])),
        "gradeColumnDeleteAPI",
        doc,
    );
    expect(
        request(&SetExternalGradeColumns::new(vec![column(
            "course1",
            "Final Grade",
        )])),
        "externalGradeColumnAPI",
        fixture_json("blackboard/set_external_grade_columns.request.json"),
    );
}

#[test]
fn user_metadata_and_grade_value_requests() {
    let entries = vec![
        UserMetadataInput {
            course_id: "course1".into(),
            user_id: "student1".into(),
            optional_data: data(&[("EnrollType", "LetterGrade")]),
        },
        UserMetadataInput {
            course_id: "course1".into(),
            user_id: "student2".into(),
            optional_data: data(&[("EnrollType", "Audit")]),
        },
    ];
    expect(
        request(&CreateUserMetadata::new(entries)),
        "userMetadataAPI",
        fixture_json("blackboard/create_user_metadata.request.json"),
    );
    expect(
        request(&UpdateGradeValues::new(vec![value(
            "course001",
            "user1",
            "FINAL GRADE",
            "B",
        )])),
        "gradeValueAPI",
        fixture_json("blackboard/update_grade_values.request.json"),
    );
}

#[test]
fn the_docs_requests_read_back_as_inputs() {
    // The corrected examples are valid input (optionalData read from its text).
    let doc = fixture_json("blackboard/create_gradable_items.request.json");
    let mut v = doc[0].clone();
    let text = v["optionalData"].as_str().unwrap().to_string();
    v["optionalData"] = serde_json::to_value(parse_optional_data(&text).unwrap()).unwrap();
    let parsed: GradableItemInput = gradebridge::input::from_value_strict(v, "items[0]").unwrap();
    assert_eq!(parsed, item());
}

#[test]
fn the_token_request_is_basic_auth_and_a_form() {
    let req = api().token_request().unwrap();
    assert_eq!(req.method, Method::Post);
    assert_eq!(req.url, format!("{HOST}/learn/api/public/v1/oauth2/token"));
    assert_eq!(
        req.header("authorization"),
        Some("Basic YXBwLWtleTphcHAtc2VjcmV0")
    );
    assert_eq!(
        req.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        req.body.as_deref(),
        Some(&b"grant_type=client_credentials"[..])
    );
    let t = api()
        .parse_token(&HttpResponse::new(
            200,
            fixture("blackboard/token.response.json"),
        ))
        .unwrap();
    assert_eq!(t.expires_in, Some(3599));
    let e = api()
        .parse_token(&HttpResponse::new(
            401,
            r#"{"error": "invalid_client", "error_description": "Invalid client credentials"}"#,
        ))
        .unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::Unauthorized);
    assert!(e.message().contains("Invalid client credentials"));
    assert!(!format!("{e} {:?}", api()).contains("app-secret"));
}

#[test]
fn the_host_is_checked() {
    assert_eq!(
        field_of(BlackboardConfig::new("http://learn.school.edu", "k", "s").unwrap_err()),
        "host"
    );
    assert!(BlackboardConfig::new("http://127.0.0.1:9", "k", "s").is_ok());
    let e = build_request(
        &api(),
        &UpdateGradeValues::new(vec![value("c", "u", "n", "1")]),
        &AuthContext::default(),
    )
    .unwrap_err();
    assert_eq!(field_of(e), "bearer");
}

// ---------------------------------------------------------------------------------
// Answers.

#[test]
fn documented_answers_parse_in_order() {
    for (rel, n) in [
        ("blackboard/create_grade_schemas.response.json", 1),
        ("blackboard/create_gradable_items.response.json", 1),
        ("blackboard/delete_grade_columns.response.json", 1),
        ("blackboard/set_external_grade_columns.response.json", 1),
        ("blackboard/create_user_metadata.response.json", 2),
        ("blackboard/update_grade_values.response.json", 1),
    ] {
        let op = DeleteGradeColumns::new((0..n).map(|i| column("c", &format!("n{i}"))).collect());
        let out = op.parse(&HttpResponse::new(200, fixture(rel))).unwrap();
        assert_eq!(out.len(), n, "{rel}");
        assert!(out.iter().all(|o| o.ok && o.status == "OK"), "{rel}");
    }
    let op = CreateUserMetadata::new(vec![]);
    let _ = op;
    let out = UpdateGradeValues::new(vec![value("c", "u1", "n", "1"), value("c", "u2", "n", "1"), value("c", "u3", "n", "1")])
        .parse(&HttpResponse::new(
            200,
            serde_json::to_vec(&json!([
                {"status": "OK", "message": "Grade value successfully added", "courseId": "c", "name": "n"},
                {"status": "ERROR", "message": "User not enrolled", "courseId": "c", "name": "n"}
            ]))
            .unwrap(),
        ))
        .unwrap();
    let summary: Vec<(i64, bool, &str)> = out
        .iter()
        .map(|o| (o.index, o.ok, o.status.as_str()))
        .collect();
    assert_eq!(
        summary,
        vec![(0, true, "OK"), (1, false, "ERROR"), (2, false, "MISSING")]
    );
    assert_eq!(out[1].message.as_deref(), Some("User not enrolled"));
}

// ---------------------------------------------------------------------------------
// Limits: each at the limit (accepted) and one past it (refused, naming the field).

fn at(n: usize) -> String {
    "x".repeat(n)
}

#[test]
fn every_size_limit_at_and_past_the_limit() {
    type Case = (
        &'static str,
        usize,
        fn(String) -> Result<gradebridge::HttpRequest, gradebridge::Error>,
    );
    fn schemas(s: GradeSchemaInput) -> Result<gradebridge::HttpRequest, gradebridge::Error> {
        build_request(
            &api(),
            &CreateGradeSchemas::new(vec![s]),
            &AuthContext::default().with_bearer("t"),
        )
    }
    fn items(i: GradableItemInput) -> Result<gradebridge::HttpRequest, gradebridge::Error> {
        build_request(
            &api(),
            &CreateGradableItems::new(vec![i]),
            &AuthContext::default().with_bearer("t"),
        )
    }
    fn meta(m: UserMetadataInput) -> Result<gradebridge::HttpRequest, gradebridge::Error> {
        build_request(
            &api(),
            &CreateUserMetadata::new(vec![m]),
            &AuthContext::default().with_bearer("t"),
        )
    }
    fn values(v: GradeValueInput) -> Result<gradebridge::HttpRequest, gradebridge::Error> {
        build_request(
            &api(),
            &UpdateGradeValues::new(vec![v]),
            &AuthContext::default().with_bearer("t"),
        )
    }
    fn cols(c: ColumnRef) -> Result<gradebridge::HttpRequest, gradebridge::Error> {
        build_request(
            &api(),
            &DeleteGradeColumns::new(vec![c.clone()]),
            &AuthContext::default().with_bearer("t"),
        )
        .and_then(|_| {
            build_request(
                &api(),
                &SetExternalGradeColumns::new(vec![c]),
                &AuthContext::default().with_bearer("t"),
            )
        })
    }
    let cases: Vec<Case> = vec![
        ("schemas[0].title", 333, |s| {
            schemas(GradeSchemaInput {
                title: s,
                ..schema()
            })
        }),
        ("schemas[0].optionalData", 2000, |s| {
            // `k=` plus the value: the written-out string is what is limited.
            let v = s[2..].to_string();
            schemas(GradeSchemaInput {
                optional_data: data(&[("k", &v)]),
                ..schema()
            })
        }),
        ("items[0].courseId", 256, |s| {
            items(GradableItemInput {
                course_id: s,
                ..item()
            })
        }),
        ("items[0].name", 333, |s| {
            items(GradableItemInput { name: s, ..item() })
        }),
        ("items[0].instructions", 2000, |s| {
            items(GradableItemInput {
                instructions: Some(s),
                ..item()
            })
        }),
        ("items[0].contentAreaName", 255, |s| {
            items(GradableItemInput {
                content_area_name: Some(s),
                ..item()
            })
        }),
        ("items[0].color", 10, |s| {
            items(GradableItemInput {
                color: Some(s),
                ..item()
            })
        }),
        ("items[0].gradeSchema", 333, |s| {
            items(GradableItemInput {
                grade_schema: Some(s),
                ..item()
            })
        }),
        ("items[0].optionalData", 2000, |s| {
            items(GradableItemInput {
                optional_data: data(&[("k", &s[2..])]),
                ..item()
            })
        }),
        ("items[0].mapping", 333, |s| {
            // A total column's list of names, written out to `n` characters.
            let n = s.len();
            let mut names = Vec::new();
            let mut len = 0;
            let mut i = 0;
            while len < n {
                let name = format!("c{i}");
                let add = if names.is_empty() {
                    name.len()
                } else {
                    name.len() + 2
                };
                if len + add > n {
                    let last: String = names.pop().unwrap_or_default();
                    let pad = n
                        - (len
                            - if names.is_empty() {
                                last.len()
                            } else {
                                last.len() + 2
                            });
                    let sep = if names.is_empty() { 0 } else { 2 };
                    names.push(format!("{last}{}", "x".repeat(pad - sep - last.len())));
                    break;
                }
                names.push(name);
                len += add;
                i += 1;
            }
            let text = names.join(", ");
            assert_eq!(text.len(), n, "mapping of {n}");
            items(GradableItemInput {
                item_type: "TOTAL_COLUMN".into(),
                mapping: Some(text),
                ..item()
            })
        }),
        ("columns[0].courseId", 333, |s| cols(column(&s, "n"))),
        ("columns[0].name", 333, |s| cols(column("c", &s))),
        ("entries[0].courseId", 333, |s| {
            meta(UserMetadataInput {
                course_id: s,
                user_id: "u".into(),
                optional_data: None,
            })
        }),
        ("entries[0].userId", 333, |s| {
            meta(UserMetadataInput {
                course_id: "c".into(),
                user_id: s,
                optional_data: None,
            })
        }),
        ("entries[0].optionalData", 2000, |s| {
            meta(UserMetadataInput {
                course_id: "c".into(),
                user_id: "u".into(),
                optional_data: data(&[("k", &s[2..])]),
            })
        }),
        ("values[0].courseId", 333, |s| {
            values(value(&s, "u", "n", "1"))
        }),
        ("values[0].userId", 333, |s| {
            values(value("c", &s, "n", "1"))
        }),
        ("values[0].name", 333, |s| values(value("c", "u", &s, "1"))),
        ("values[0].value", 333, |s| values(value("c", "u", "n", &s))),
    ];
    for (field, max, build) in cases {
        assert!(
            build(at(max)).is_ok(),
            "{field} at {max}: {:?}",
            build(at(max)).err()
        );
        let e = build(at(max + 1)).unwrap_err();
        assert_eq!(field_of(e), field, "{field} past {max}");
    }
    // symbols: 2,000 characters of valid symbols, then one more.
    let mut symbols = String::new();
    let mut i = 0;
    while symbols.len() < 1990 {
        if !symbols.is_empty() {
            symbols.push(':');
        }
        symbols.push_str(&format!("S{i}"));
        i += 1;
    }
    let fill = 2000 - symbols.len() - 1;
    symbols.push_str(&format!(":{}", "z".repeat(fill)));
    assert_eq!(symbols.chars().count(), 2000);
    assert!(schemas(GradeSchemaInput {
        symbols: symbols.clone(),
        ..schema()
    })
    .is_ok());
    symbols.push('z');
    assert_eq!(
        field_of(
            schemas(GradeSchemaInput {
                symbols,
                ..schema()
            })
            .unwrap_err()
        ),
        "schemas[0].symbols"
    );
}

#[test]
fn required_fields_and_item_types() {
    let e = CreateGradableItems::new(vec![GradableItemInput {
        course_id: " ".into(),
        ..item()
    }])
    .spec()
    .unwrap_err();
    assert_eq!(field_of(e), "items[0].courseId");
    let e = CreateGradableItems::new(vec![GradableItemInput {
        item_type: "QUIZ".into(),
        ..item()
    }])
    .spec()
    .unwrap_err();
    assert_eq!(field_of(e), "items[0].itemType");
    let e = CreateGradableItems::new(vec![GradableItemInput {
        attempts: Some(0),
        ..item()
    }])
    .spec()
    .unwrap_err();
    assert_eq!(field_of(e), "items[0].attempts");
    let e = CreateGradableItems::new(vec![GradableItemInput {
        due_date: Some("".into()),
        ..item()
    }])
    .spec()
    .unwrap_err();
    assert_eq!(field_of(e), "items[0].dueDate");
    let e = CreateGradableItems::new(vec![GradableItemInput {
        points: Some(f64::NAN),
        ..item()
    }])
    .spec()
    .unwrap_err();
    assert_eq!(field_of(e), "items[0].points");
    let e = CreateGradableItems::new(vec![GradableItemInput {
        content_area_name: Some("a@>@b@>@c".into()),
        ..item()
    }])
    .spec()
    .unwrap_err();
    assert_eq!(field_of(e), "items[0].contentAreaName");
    assert!(CreateGradableItems::new(vec![GradableItemInput {
        content_area_name: Some("Units@>@Unit 1".into()),
        ..item()
    }])
    .spec()
    .is_ok());
    let e = CreateGradeSchemas::new(vec![GradeSchemaInput {
        symbols: "A=90:B".into(),
        ..schema()
    }])
    .spec()
    .unwrap_err();
    assert_eq!(field_of(e), "schemas[0].symbols");
    let e = UpdateGradeValues::new(vec![value("c", "u", "n", "")])
        .spec()
        .unwrap_err();
    assert_eq!(field_of(e), "values[0].value");
    let e = UpdateGradeValues::new(vec![value("c", "u", "n", "1"), value("c", "u", "n", "2")])
        .spec()
        .unwrap_err();
    assert_eq!(field_of(e), "values[1]");
    let e = UpdateGradeValues::new(vec![]).spec().unwrap_err();
    assert_eq!(field_of(e), "values");
}

#[test]
fn mappings_are_typed_and_checked() {
    let weighted = |m: &str| GradableItemInput {
        item_type: "WEIGHTED_COLUMN".into(),
        mapping: Some(m.into()),
        ..item()
    };
    let ok = CreateGradableItems::new(vec![weighted("Assignment 1=30,Test 1=30,Test 2=40")]);
    assert_eq!(
        request(&ok).body_json().unwrap()[0]["mapping"],
        "Assignment 1=30,Test 1=30,Test 2=40"
    );
    for (m, field) in [
        ("Assignment 1=30,Test 1=30,Test 2=30", "items[0].mapping"),
        ("Assignment 1=30,Test 1", "items[0].mapping[1]"),
        ("A=50,A=50", "items[0].mapping[1]"),
        ("A=x,B=50", "items[0].mapping[0]"),
        ("Assignment 1, Test 1", "items[0].mapping"),
    ] {
        let e = CreateGradableItems::new(vec![weighted(m)])
            .spec()
            .unwrap_err();
        assert_eq!(field_of(e), field, "{m}");
    }
    assert_eq!(
        ColumnMapping::parse("m", "A=33.5,B=66.5").unwrap(),
        ColumnMapping::Weighted(vec![
            ("A".into(), "33.5".parse().unwrap()),
            ("B".into(), "66.5".parse().unwrap())
        ])
    );
    assert_eq!(
        ColumnMapping::parse("m", "Assignment 1, Test 1")
            .unwrap()
            .to_text(),
        "Assignment 1, Test 1"
    );
    let total = GradableItemInput {
        item_type: "TOTAL_COLUMN".into(),
        mapping: Some("A=100".into()),
        ..item()
    };
    assert_eq!(
        field_of(CreateGradableItems::new(vec![total]).spec().unwrap_err()),
        "items[0].mapping"
    );
    let manual = GradableItemInput {
        mapping: Some("A, B".into()),
        ..item()
    };
    assert_eq!(
        field_of(CreateGradableItems::new(vec![manual]).spec().unwrap_err()),
        "items[0].mapping"
    );
}

#[test]
fn optional_data_refuses_what_it_cannot_carry() {
    for (k, v) in [("a:b", "1"), ("a", "x=y"), ("a", "b:c")] {
        let e = CreateUserMetadata::new(vec![UserMetadataInput {
            course_id: "c".into(),
            user_id: "u".into(),
            optional_data: data(&[(k, v)]),
        }])
        .spec()
        .unwrap_err();
        assert_eq!(field_of(e), format!("entries[0].optionalData.{k}"));
    }
    assert_eq!(
        parse_optional_data("key1=value1:key2=value2").unwrap(),
        data(&[("key1", "value1"), ("key2", "value2")]).unwrap()
    );
    assert!(parse_optional_data("key1").is_err());
    assert!(parse_optional_data("a=1:a=2").is_err());
    assert_eq!(
        format_optional_data("o", &data(&[("b", "2"), ("a", "1")]).unwrap()).unwrap(),
        "a=1:b=2"
    );
}

#[test]
fn long_lists_go_in_chunks_in_order() {
    let values: Vec<GradeValueInput> = (0..250)
        .map(|i| value("c", &format!("u{i}"), "n", "1"))
        .collect();
    let op = UpdateGradeValues::new(values.clone());
    let batches = op.batches().unwrap();
    assert_eq!(
        batches.iter().map(|b| b.values.len()).collect::<Vec<_>>(),
        vec![100, 100, 50]
    );
    let op = UpdateGradeValues::new(values.clone()).chunk_size(120);
    assert_eq!(op.batches().unwrap().len(), 3);
    let mut bad = values;
    bad[173].value = String::new();
    assert_eq!(
        field_of(UpdateGradeValues::new(bad).batches().unwrap_err()),
        "values[173].value"
    );
    let e = UpdateGradeValues::new(vec![value("c", "u", "n", "1")])
        .chunk_size(0)
        .batches()
        .unwrap_err();
    assert_eq!(field_of(e), "chunk_size");
}

#[test]
fn settings_are_read_strictly() {
    let c = BlackboardConfig::from_settings(
        json!({"host": "http://localhost:9", "key": "k", "secret": "s"}),
    )
    .unwrap();
    assert_eq!(Platform::base_url(&c), "http://localhost:9");
    let e = BlackboardConfig::from_settings(json!({"host": "https://x", "key": "k"})).unwrap_err();
    assert_eq!(field_of(e), "secret");
    let e = BlackboardConfig::from_settings(json!({"host": "ftp://x", "key": "k", "secret": "s"}))
        .unwrap_err();
    assert_eq!(field_of(e), "host");
}
