//! Schoology against the in-process sandbox: signed requests accepted (HMAC-SHA1,
//! PLAINTEXT, three-legged), tampered and replayed ones refused with 401; an
//! assignment created, listed back through pages, graded for 120 enrollments in
//! three batches, read back and deleted.

use std::collections::BTreeMap;
use std::time::Duration;

use gradebridge::client::{Client, ClientBuilder};
use gradebridge::platform::build_request;
use gradebridge::schoology::*;
use gradebridge::{AuthContext, ErrorKind, Method};
use gradebridge_sandbox::schoology::{
    ACCESS_TOKEN, CONSUMER_KEY, CONSUMER_SECRET, LARGE_SECTION, TOKEN_SECRET,
};
use gradebridge_sandbox::{Sandbox, SandboxConfig};

async fn sandbox() -> (Sandbox, Client<SchoologyConfig>) {
    let sb = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let client = client_of(&sb, SchoologyConfig::new(CONSUMER_KEY, CONSUMER_SECRET));
    (sb, client)
}

fn client_of(sb: &Sandbox, config: SchoologyConfig) -> Client<SchoologyConfig> {
    ClientBuilder::new(config)
        .base_url(format!("{}/v1", sb.url()))
        .backoff(Duration::from_millis(1))
        .build()
        .unwrap()
}

fn count(sb: &Sandbox, method: &str, path_prefix: &str) -> usize {
    sb.stats()
        .log
        .iter()
        .filter(|e| e.method == method && e.path.starts_with(path_prefix))
        .count()
}

#[tokio::test]
async fn create_page_grade_120_read_back_delete() {
    let (sb, sg) = sandbox().await;
    let section = LARGE_SECTION;
    let mut ids = Vec::new();
    for n in 1..=5 {
        let a = sg
            .create_assignment(
                section,
                AssignmentInput {
                    title: Some(format!("Essay {n}")),
                    max_points: Some(100.0),
                    due: Some("2026-03-02 15:00:00".into()),
                    ..AssignmentInput::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(a.title.as_deref(), Some(format!("Essay {n}").as_str()));
        assert_eq!(a.max_points, Some(100.0));
        ids.push(a.id);
    }
    // Listed back two a page: three pages.
    sb.clear_stats();
    let listed = sg
        .assignments(section)
        .with(|op| op.limit(2))
        .collect()
        .await
        .unwrap();
    assert_eq!(listed.iter().map(|a| a.id).collect::<Vec<_>>(), ids);
    assert_eq!(
        count(&sb, "GET", &format!("/v1/sections/{section}/assignments")),
        3
    );

    // 150 students and a teacher; the first 120 students graded.
    let enrollments = sg.enrollments(section).collect().await.unwrap();
    assert_eq!(enrollments.len(), 151);
    let students: Vec<i64> = enrollments
        .iter()
        .filter(|e| e.admin == Some(false))
        .map(|e| e.id)
        .take(120)
        .collect();
    let target = ids[0];
    let grades: Vec<GradeInput> = students
        .iter()
        .enumerate()
        .map(|(i, e)| GradeInput {
            comment: Some(format!("note {i}")),
            ..GradeInput::points(*e, target, (i % 100) as f64 + 0.5)
        })
        .collect();
    sb.clear_stats();
    let outcomes = sg.update_grades(section, grades.clone()).await.unwrap();
    assert_eq!(outcomes.len(), 120);
    assert!(
        outcomes.iter().all(|o| o.ok && o.status == "ok"),
        "{outcomes:?}"
    );
    assert_eq!(
        outcomes.iter().map(|o| o.enrollment_id).collect::<Vec<_>>(),
        students
    );
    assert_eq!(
        count(&sb, "PUT", &format!("/v1/sections/{section}/grades")),
        3
    );

    let back = sg
        .execute(&{
            let mut op = Grades::new(section);
            op.assignment_id = Some(target);
            op
        })
        .await
        .unwrap();
    let back: BTreeMap<i64, (Option<f64>, Option<String>)> = back
        .into_iter()
        .map(|g| (g.enrollment_id, (g.grade, g.comment)))
        .collect();
    let sent: BTreeMap<i64, (Option<f64>, Option<String>)> = grades
        .iter()
        .map(|g| (g.enrollment_id, (g.grade, g.comment.clone())))
        .collect();
    assert_eq!(back, sent);

    sg.delete_assignment(section, target).await.unwrap();
    let e = sg.get_assignment(section, target).await.unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::NotFound);
    assert_eq!(e.platform(), Some("schoology"));
}

#[tokio::test]
async fn a_bad_item_is_an_outcome_and_the_others_apply() {
    let (_sb, sg) = sandbox().await;
    let a = sg.assignments(9001).collect().await.unwrap()[0].id;
    let out = sg
        .update_grades(
            9001,
            vec![
                GradeInput::points(9001002, a, 15.0),
                GradeInput::points(9001999, a, 15.0),
                GradeInput {
                    exception: Some(1),
                    ..GradeInput {
                        grade: None,
                        ..GradeInput::points(9001003, a, 0.0)
                    }
                },
            ],
        )
        .await
        .unwrap();
    let summary: Vec<(bool, &str)> = out.iter().map(|o| (o.ok, o.status.as_str())).collect();
    assert_eq!(summary, vec![(true, "ok"), (false, "error"), (true, "ok")]);
    assert_eq!(out[1].response_code, Some(404));
    let grades = sg.grades(9001).await.unwrap();
    let excused = grades.iter().find(|g| g.enrollment_id == 9001003).unwrap();
    assert_eq!((excused.grade, excused.exception), (None, Some(1)));
}

#[tokio::test]
async fn tampered_and_replayed_requests_get_401() {
    let (sb, _sg) = sandbox().await;
    let config = SchoologyConfig::new(CONSUMER_KEY, CONSUMER_SECRET)
        .with_base_url(&format!("{}/v1", sb.url()))
        .unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let http = reqwest::Client::new();
    let send = |req: gradebridge::HttpRequest| {
        let http = http.clone();
        async move {
            let mut b = http.request(reqwest::Method::GET, &req.url);
            for (k, v) in &req.headers {
                b = b.header(k, v);
            }
            let r = b.send().await.unwrap();
            (r.status().as_u16(), r.text().await.unwrap())
        }
    };
    let ctx = AuthContext::new("tamper-test-1", now);
    let req = build_request(&config, &Enrollments::new(9001), &ctx).unwrap();
    assert_eq!(req.method, Method::Get);
    // Signed as it is: accepted.
    assert_eq!(send(req.clone()).await.0, 200);
    // The same nonce again: a replay.
    let (status, body) = send(req.clone()).await;
    assert_eq!((status, body.contains("Nonce already used")), (401, true));
    // A changed query under the old signature.
    let mut tampered = build_request(
        &config,
        &Enrollments::new(9001),
        &AuthContext::new("tamper-test-2", now),
    )
    .unwrap();
    tampered.url = tampered.url.replace("limit=200", "limit=199");
    let (status, body) = send(tampered).await;
    assert_eq!(
        (status, body.contains("Invalid OAuth signature")),
        (401, true)
    );
    // Through the client, a wrong secret is the authentication error.
    let wrong = client_of(&sb, SchoologyConfig::new(CONSUMER_KEY, "not-the-secret"));
    let e = wrong.get_user(60001).await.unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::Unauthorized);
    assert_eq!(e.status(), Some(401));
    assert!(!format!("{e} {e:?} {wrong:?}").contains("not-the-secret"));
}

#[tokio::test]
async fn plaintext_and_three_legged_are_accepted() {
    let (sb, _) = sandbox().await;
    for config in [
        SchoologyConfig::new(CONSUMER_KEY, CONSUMER_SECRET)
            .with_signature_method(SignatureMethod::Plaintext),
        SchoologyConfig::new(CONSUMER_KEY, CONSUMER_SECRET).with_token(ACCESS_TOKEN, TOKEN_SECRET),
        SchoologyConfig::new(CONSUMER_KEY, CONSUMER_SECRET)
            .with_token(ACCESS_TOKEN, TOKEN_SECRET)
            .with_signature_method(SignatureMethod::Plaintext),
    ] {
        let sg = client_of(&sb, config);
        let u = sg.get_user(60001).await.unwrap();
        assert_eq!(u.school_uid.as_deref(), Some("S5001"));
        let first = u.name_first.clone().unwrap().to_lowercase();
        assert!(u.primary_email.unwrap().starts_with(&format!("{first}.")));
    }
    let sg = client_of(
        &sb,
        SchoologyConfig::new(CONSUMER_KEY, CONSUMER_SECRET).with_token(ACCESS_TOKEN, "wrong"),
    );
    assert_eq!(
        sg.get_user(60001).await.unwrap_err().kind(),
        &ErrorKind::Unauthorized
    );
}

#[tokio::test]
async fn concurrent_calls_each_get_a_fresh_nonce() {
    let (sb, sg) = sandbox().await;
    let calls = (0..50).map(|i| sg.get_user(60001 + (i % 30)));
    let users = futures::future::join_all(calls).await;
    assert!(users.iter().all(|u| u.is_ok()), "{users:?}");
    assert_eq!(sb.stats().by_status.get(&401), None);
}

#[tokio::test]
async fn the_sections_scale_reads_into_a_grade_scale() {
    let (_sb, sg) = sandbox().await;
    let scales = sg.grading_scales(9001).await.unwrap();
    let ib = scales
        .iter()
        .find(|s| s.title.as_deref() == Some("IB 1-7"))
        .unwrap();
    let raw: gradebridge::grading::SchoologyScale =
        gradebridge::input::from_value_tolerant(serde_json::to_value(ib).unwrap(), "grading_scale")
            .unwrap();
    let scale = gradebridge::grading::GradeScale::from_schoology(&raw).unwrap();
    assert_eq!(
        scale
            .grade(gradebridge::grading::Decimal::from(72))
            .unwrap(),
        "6"
    );
}

#[tokio::test]
async fn people_match_managebac_by_school_uid_and_email() {
    let (sb, sg) = sandbox().await;
    let roster = sg.enrollments(9001).collect().await.unwrap();
    let members = sb.with_school(|s| s.classes[&1001].members.len());
    assert_eq!(
        roster.iter().filter(|e| e.admin == Some(false)).count(),
        members
    );
    let first = roster.iter().find(|e| e.admin == Some(false)).unwrap();
    assert_eq!(first.school_uid.as_deref(), Some("S5001"));
    let user = sg.get_user(first.uid.unwrap()).await.unwrap();
    assert!(user
        .primary_email
        .unwrap()
        .ends_with("@demo.gradebridge.test"));
}
