//! Blackboard against the in-process sandbox: a schema from a GradeScale, a manual
//! column using it, 100 grade values read back from the sandbox, the external grade
//! column, the column deleted; one bad item an ERROR outcome among OKs; one token
//! for 50 concurrent calls, renewed once when it expires; secrets never shown.

use std::time::Duration;

use gradebridge::blackboard::*;
use gradebridge::client::{Client, ClientBuilder};
use gradebridge::grading::GradeScale;
use gradebridge::ErrorKind;
use gradebridge_sandbox::blackboard::{KEY, SECRET};
use gradebridge_sandbox::{Sandbox, SandboxConfig};

async fn sandbox() -> (Sandbox, Client<BlackboardConfig>) {
    let sb = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let bb = client_of(&sb, SECRET);
    (sb, bb)
}

fn client_of(sb: &Sandbox, secret: &str) -> Client<BlackboardConfig> {
    ClientBuilder::new(BlackboardConfig::new(&sb.url(), KEY, secret).unwrap())
        .backoff(Duration::from_millis(1))
        .build()
        .unwrap()
}

fn column(course: &str, name: &str) -> ColumnRef {
    ColumnRef {
        course_id: course.into(),
        name: name.into(),
    }
}

fn manual(course: &str, name: &str, schema: &str) -> GradableItemInput {
    GradableItemInput {
        course_id: course.into(),
        name: name.into(),
        item_type: "MANUAL_COLUMN".into(),
        instructions: None,
        anonymous: None,
        group: None,
        content_area_name: None,
        available: Some(true),
        color: None,
        attempts: None,
        tracked: None,
        start_date: None,
        end_date: None,
        due_date: None,
        points: Some(7.0),
        grade_schema: Some(schema.into()),
        sequence_num: None,
        extract: None,
        mapping: None,
        optional_data: None,
    }
}

#[tokio::test]
async fn schema_column_100_values_external_delete() {
    let (sb, bb) = sandbox().await;
    let scale = GradeScale::ib_one_to_seven([0.0, 25.0, 40.0, 50.0, 60.0, 70.0, 80.0]).unwrap();
    let symbols = scale.to_blackboard_symbols().unwrap();
    let out = bb
        .create_grade_schemas(vec![
            GradeSchemaInput {
                title: "IB 1-7".into(),
                symbols: symbols.clone(),
                optional_data: None,
            },
            GradeSchemaInput {
                title: "Pass-Fail-Custom-Schema".into(),
                symbols: "P=80:F=0".into(),
                optional_data: None,
            },
        ])
        .await
        .unwrap();
    assert!(out.iter().all(|o| o.ok), "{out:?}");
    // The docs' schema round-trips through a GradeScale.
    let doc = GradeScale::from_blackboard_symbols("P=80:F=0").unwrap();
    assert_eq!(doc.to_blackboard_symbols().unwrap(), "P=80:F=0");

    let out = bb
        .create_gradable_items(vec![manual("ADV11", "Term 1 grade", "IB 1-7")])
        .await
        .unwrap();
    assert!(out[0].ok, "{out:?}");

    let values: Vec<GradeValueInput> = (1..=100)
        .map(|n| GradeValueInput {
            course_id: "ADV11".into(),
            user_id: format!("X{n:03}"),
            name: "Term 1 grade".into(),
            value: ((n % 7) + 1).to_string(),
        })
        .collect();
    let out = bb
        .execute_batched(&UpdateGradeValues::new(values.clone()).chunk_size(40))
        .await
        .unwrap();
    assert_eq!(out.len(), 100);
    assert!(out.iter().all(|o| o.ok));
    assert_eq!(
        out.iter().map(|o| o.index).collect::<Vec<_>>(),
        (0..100).collect::<Vec<_>>()
    );
    let posts = sb
        .stats()
        .log
        .iter()
        .filter(|e| e.path.ends_with("/gradeValueAPI"))
        .count();
    assert_eq!(posts, 3, "100 values in chunks of 40");
    sb.with_blackboard(|state| {
        let stored = &state.courses["ADV11"].values["Term 1 grade"];
        assert_eq!(stored.len(), 100);
        for v in &values {
            assert_eq!(stored[&v.user_id], v.value);
        }
    });

    let out = bb
        .set_external_grade_columns(vec![column("ADV11", "Term 1 grade")])
        .await
        .unwrap();
    assert!(out[0].ok);
    assert_eq!(
        sb.with_blackboard(|s| s.courses["ADV11"].external.clone()),
        Some("Term 1 grade".to_string())
    );
    let out = bb
        .delete_grade_columns(vec![column("ADV11", "Term 1 grade")])
        .await
        .unwrap();
    assert!(out[0].ok);
    assert!(sb.with_blackboard(|s| s.courses["ADV11"].columns.is_empty()));
}

#[tokio::test]
async fn one_bad_item_is_an_error_outcome_and_the_others_apply() {
    let (sb, bb) = sandbox().await;
    bb.create_grade_schemas(vec![GradeSchemaInput {
        title: "PF".into(),
        symbols: "P=50:F=0".into(),
        optional_data: None,
    }])
    .await
    .unwrap();
    bb.create_gradable_items(vec![manual("GB1002", "Essay", "PF")])
        .await
        .unwrap();
    let value = |user: &str, v: &str| GradeValueInput {
        course_id: "GB1002".into(),
        user_id: user.into(),
        name: "Essay".into(),
        value: v.into(),
    };
    let out = bb
        .update_grade_values(vec![
            value("S5001", "P"),
            value("S9999", "P"),
            value("S5002", "Q"),
            value("S5003", "F"),
        ])
        .await
        .unwrap();
    let summary: Vec<(bool, &str)> = out.iter().map(|o| (o.ok, o.status.as_str())).collect();
    assert_eq!(
        summary,
        vec![
            (true, "OK"),
            (false, "ERROR"),
            (false, "ERROR"),
            (true, "OK")
        ]
    );
    assert!(out[1].message.as_deref().unwrap().contains("not enrolled"));
    sb.with_blackboard(|s| {
        let v = &s.courses["GB1002"].values["Essay"];
        assert_eq!(
            (v.get("S5001"), v.get("S5003"), v.len()),
            (Some(&"P".to_string()), Some(&"F".to_string()), 2)
        );
    });
    // An unknown course or schema is an ERROR item, not a failed request.
    let out = bb
        .create_gradable_items(vec![
            manual("NOPE", "x", "PF"),
            manual("GB1002", "y", "Nope"),
        ])
        .await
        .unwrap();
    assert!(out.iter().all(|o| !o.ok && o.status == "ERROR"));
}

#[tokio::test]
async fn one_token_for_fifty_concurrent_calls_renewed_once() {
    let (sb, bb) = sandbox().await;
    let calls = (0..50).map(|i| {
        bb.create_user_metadata(vec![UserMetadataInput {
            course_id: "GB1002".into(),
            user_id: format!("S{}", 5001 + (i % 30)),
            optional_data: Some([("EnrollType".to_string(), "LetterGrade".to_string())].into()),
        }])
    });
    let all = futures::future::join_all(calls).await;
    assert!(
        all.iter().all(|r| r.as_ref().is_ok_and(|o| o[0].ok)),
        "{all:?}"
    );
    assert_eq!(sb.with_blackboard(|s| s.tokens_issued), 1);
    sb.expire_tokens();
    let out = bb
        .delete_grade_columns(vec![column("GB1002", "none")])
        .await
        .unwrap();
    assert_eq!(out[0].status, "ERROR");
    assert_eq!(sb.with_blackboard(|s| s.tokens_issued), 2);
    assert_eq!(sb.stats().by_status.get(&401).copied(), Some(1));
}

#[tokio::test]
async fn a_wrong_secret_is_an_authentication_error_and_never_shown() {
    let (sb, _) = sandbox().await;
    let bb = client_of(&sb, "wrong-SECRET-value");
    let e = bb
        .update_grade_values(vec![GradeValueInput {
            course_id: "GB1002".into(),
            user_id: "S5001".into(),
            name: "x".into(),
            value: "1".into(),
        }])
        .await
        .unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::Unauthorized);
    assert!(e.message().contains("Invalid client credentials"), "{e}");
    assert_eq!(e.platform(), Some("blackboard"));
    let shown = format!("{e} {e:?} {bb:?}");
    assert!(!shown.contains("wrong-SECRET-value"), "{shown}");
    assert!(!shown.contains("bb-token"), "{shown}");
}
