//! Schoology: OAuth 1.0a signatures (RFC 5849's example, an independent reference
//! signer), the exact request of every operation, and the documented payloads parsed.

use crate::common;

use common::{fixture, fixture_json, normalize};
use gradebridge::endpoint::Batched;
use gradebridge::platform::build_request;
use gradebridge::schoology::*;
use gradebridge::{AuthContext, Endpoint, ErrorKind, HttpResponse, Method, Paged, Platform};
use hmac::{Hmac, Mac};
use serde_json::json;

const KEY: &str = "ck-123";
const SECRET: &str = "cs-456";
const B: &str = "https://api.schoology.com/v1";

fn api() -> SchoologyConfig {
    SchoologyConfig::new(KEY, SECRET)
}

fn ctx() -> AuthContext {
    AuthContext::new("n0nce", 1_767_225_600)
}

/// RFC 3986 percent-encoding as RFC 5849 section 3.6 asks (unreserved kept).
fn enc(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A reference HMAC-SHA1 signer written from RFC 5849 section 3.4, independent of
/// the crate the core uses.
fn reference_signature(
    method: &str,
    url: &str,
    oauth: &[(&str, &str)],
    consumer_secret: &str,
    token_secret: &str,
) -> String {
    let parsed = url::Url::parse(url).unwrap();
    let base_uri = &parsed[..url::Position::AfterPath];
    let mut params: Vec<(String, String)> = parsed
        .query_pairs()
        .map(|(k, v)| (enc(&k), enc(&v)))
        .chain(oauth.iter().map(|(k, v)| (enc(k), enc(v))))
        .collect();
    params.sort();
    let normalized = params
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&");
    let base = format!("{}&{}&{}", method, enc(base_uri), enc(&normalized));
    let key = format!("{}&{}", enc(consumer_secret), enc(token_secret));
    let mut mac = Hmac::<sha1::Sha1>::new_from_slice(key.as_bytes()).unwrap();
    mac.update(base.as_bytes());
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// The parameters of an `Authorization: OAuth ...` header.
fn header_params(header: &str) -> Vec<(String, String)> {
    let rest = header.strip_prefix("OAuth ").expect("OAuth scheme");
    rest.split(',')
        .map(|kv| {
            let (k, v) = kv.trim().split_once('=').unwrap();
            let v = v.trim_matches('"');
            let v = percent_decode(v);
            (k.to_string(), v)
        })
        .collect()
}

fn percent_decode(s: &str) -> String {
    url::form_urlencoded::parse(format!("x={}", s.replace('+', "%2B")).as_bytes())
        .next()
        .unwrap()
        .1
        .into_owned()
}

/// Check a request: method, URL, the Authorization header signed as the reference
/// signer signs it (two-legged, `oauth_token=""`, realm, version), other headers and
/// the JSON body.
fn expect(
    req: gradebridge::HttpRequest,
    method: Method,
    url: &str,
    body: Option<serde_json::Value>,
) {
    assert_eq!(req.method, method, "method");
    assert_eq!(req.url, url, "url");
    let auth = req.header("authorization").expect("authorization header");
    assert!(
        auth.starts_with("OAuth realm=\"Schoology API\","),
        "realm first: {auth}"
    );
    let params = header_params(auth);
    let get = |k: &str| {
        params
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.as_str())
            .unwrap_or_else(|| panic!("{k} missing in {auth}"))
    };
    assert_eq!(get("oauth_consumer_key"), KEY);
    assert_eq!(get("oauth_token"), "");
    assert_eq!(get("oauth_nonce"), "n0nce");
    assert_eq!(get("oauth_timestamp"), "1767225600");
    assert_eq!(get("oauth_signature_method"), "HMAC-SHA1");
    assert_eq!(get("oauth_version"), "1.0");
    let oauth = [
        ("oauth_consumer_key", KEY),
        ("oauth_nonce", "n0nce"),
        ("oauth_signature_method", "HMAC-SHA1"),
        ("oauth_timestamp", "1767225600"),
        ("oauth_token", ""),
        ("oauth_version", "1.0"),
    ];
    assert_eq!(
        get("oauth_signature"),
        reference_signature(method.as_str(), url, &oauth, SECRET, ""),
        "signature of {url}"
    );
    assert_eq!(req.header("accept"), Some("application/json"));
    match body {
        Some(b) => {
            assert_eq!(req.header("content-type"), Some("application/json"));
            assert_eq!(req.body_json(), Some(b), "body");
            assert_eq!(req.headers.len(), 3);
        }
        None => {
            assert_eq!(req.body, None, "body");
            assert_eq!(req.headers.len(), 2);
        }
    }
}

fn request<E: Endpoint<Platform = SchoologyConfig>>(op: &E) -> gradebridge::HttpRequest {
    build_request(&api(), op, &ctx()).unwrap()
}

// ---------------------------------------------------------------------------------
// Signatures.

#[test]
fn rfc5849_section_1_2_example() {
    let config = SchoologyConfig::new("dpf43f3p2l4k3l03", "kd94hf93k423kf44")
        .with_token("nnch734d00sl2jdk", "pfkkdhi9sl3r4s00")
        .with_oauth_version(false);
    let header = config
        .authorization(
            "GET",
            "http://photos.example.net/photos?file=vacation.jpg&size=original",
            &AuthContext::new("chapoH", 137131202),
        )
        .unwrap();
    let params = header_params(&header);
    let sig = params.iter().find(|(k, _)| k == "oauth_signature").unwrap();
    assert_eq!(sig.1, "MdpQcU8iPSUjWoN/UDMsK2sui9I=");
    assert!(header.contains("oauth_signature=\"MdpQcU8iPSUjWoN%2FUDMsK2sui9I%3D\""));
    // The reference signer agrees on the RFC's example too.
    assert_eq!(
        reference_signature(
            "GET",
            "http://photos.example.net/photos?file=vacation.jpg&size=original",
            &[
                ("oauth_consumer_key", "dpf43f3p2l4k3l03"),
                ("oauth_token", "nnch734d00sl2jdk"),
                ("oauth_signature_method", "HMAC-SHA1"),
                ("oauth_timestamp", "137131202"),
                ("oauth_nonce", "chapoH"),
            ],
            "kd94hf93k423kf44",
            "pfkkdhi9sl3r4s00"
        ),
        "MdpQcU8iPSUjWoN/UDMsK2sui9I="
    );
}

#[test]
fn the_base_string_uses_the_requests_own_scheme_host_and_port() {
    let config = api().with_base_url("http://127.0.0.1:8123/v1").unwrap();
    let req = build_request(&config, &GetUser::new(7), &ctx()).unwrap();
    assert_eq!(req.url, "http://127.0.0.1:8123/v1/users/7");
    let params = header_params(req.header("authorization").unwrap());
    let sig = &params
        .iter()
        .find(|(k, _)| k == "oauth_signature")
        .unwrap()
        .1;
    let oauth = [
        ("oauth_consumer_key", KEY),
        ("oauth_nonce", "n0nce"),
        ("oauth_signature_method", "HMAC-SHA1"),
        ("oauth_timestamp", "1767225600"),
        ("oauth_token", ""),
        ("oauth_version", "1.0"),
    ];
    assert_eq!(
        *sig,
        reference_signature(
            "GET",
            "http://127.0.0.1:8123/v1/users/7",
            &oauth,
            SECRET,
            ""
        )
    );
    // Another port signs differently.
    assert_ne!(
        *sig,
        reference_signature(
            "GET",
            "http://127.0.0.1:8124/v1/users/7",
            &oauth,
            SECRET,
            ""
        )
    );
}

#[test]
fn three_legged_signs_with_the_token_and_its_secret() {
    let config = api().with_token("at-1", "ts-2");
    let req = build_request(&config, &GetUser::new(7), &ctx()).unwrap();
    let params = header_params(req.header("authorization").unwrap());
    let get = |k: &str| params.iter().find(|(n, _)| n == k).unwrap().1.clone();
    assert_eq!(get("oauth_token"), "at-1");
    let oauth = [
        ("oauth_consumer_key", KEY),
        ("oauth_nonce", "n0nce"),
        ("oauth_signature_method", "HMAC-SHA1"),
        ("oauth_timestamp", "1767225600"),
        ("oauth_token", "at-1"),
        ("oauth_version", "1.0"),
    ];
    assert_eq!(
        get("oauth_signature"),
        reference_signature("GET", &format!("{B}/users/7"), &oauth, SECRET, "ts-2")
    );
}

#[test]
fn plaintext_signs_with_the_secrets() {
    let config = api()
        .with_token("at-1", "ts&2")
        .with_signature_method(SignatureMethod::Plaintext);
    let req = build_request(&config, &GetUser::new(7), &ctx()).unwrap();
    let params = header_params(req.header("authorization").unwrap());
    let get = |k: &str| params.iter().find(|(n, _)| n == k).unwrap().1.clone();
    assert_eq!(get("oauth_signature_method"), "PLAINTEXT");
    assert_eq!(get("oauth_signature"), "cs-456&ts%262");
}

#[test]
fn a_signature_needs_a_nonce_and_a_timestamp() {
    let e = build_request(&api(), &GetUser::new(7), &AuthContext::default()).unwrap_err();
    assert_eq!(
        e.kind(),
        &ErrorKind::InvalidInput {
            field: "nonce".into()
        }
    );
    let e = build_request(&api(), &GetUser::new(7), &AuthContext::new("n", 0)).unwrap_err();
    assert_eq!(
        e.kind(),
        &ErrorKind::InvalidInput {
            field: "timestamp".into()
        }
    );
}

#[test]
fn secrets_never_show() {
    let config =
        SchoologyConfig::new("ck-visible", "cs-SECRET-1").with_token("at-SECRET-2", "ts-SECRET-3");
    let debug = format!("{config:?}");
    assert!(debug.contains("ck-visible"));
    for s in ["cs-SECRET-1", "at-SECRET-2", "ts-SECRET-3"] {
        assert!(!debug.contains(s), "{debug}");
    }
    // Bad credentials are refused naming the field, without the value.
    let e = SchoologyConfig::new("ck", "bad secret\n")
        .authorization("GET", B, &ctx())
        .unwrap_err();
    assert_eq!(
        e.kind(),
        &ErrorKind::InvalidInput {
            field: "consumer_secret".into()
        }
    );
    assert!(!e.to_string().contains("bad secret"));
}

#[test]
fn settings_are_read_strictly() {
    let c = SchoologyConfig::from_settings(json!({
        "consumer_key": "k", "consumer_secret": "s", "token": "t", "token_secret": "ts",
        "signature_method": "plaintext", "base_url": "http://localhost:9/v1"
    }))
    .unwrap();
    assert_eq!(Platform::base_url(&c), "http://localhost:9/v1");
    let e = SchoologyConfig::from_settings(
        json!({"consumer_key": "k", "consumer_secret": "s", "token": "t"}),
    )
    .unwrap_err();
    assert_eq!(
        e.kind(),
        &ErrorKind::InvalidInput {
            field: "token_secret".into()
        }
    );
    let e = SchoologyConfig::from_settings(json!({"consumer_key": "k"})).unwrap_err();
    assert_eq!(
        e.kind(),
        &ErrorKind::InvalidInput {
            field: "consumer_secret".into()
        }
    );
    let e = SchoologyConfig::from_settings(
        json!({"consumer_key": "k", "consumer_secret": "s", "signature_method": "RSA-SHA1"}),
    )
    .unwrap_err();
    assert_eq!(
        e.kind(),
        &ErrorKind::InvalidInput {
            field: "signature_method".into()
        }
    );
    let e = SchoologyConfig::from_settings(
        json!({"consumer_key": "k", "consumer_secret": "s", "base_url": "http://example.com/v1"}),
    )
    .unwrap_err();
    assert_eq!(
        e.kind(),
        &ErrorKind::InvalidInput {
            field: "base_url".into()
        }
    );
}

// ---------------------------------------------------------------------------------
// Exact requests.

#[test]
fn assignments_request() {
    expect(
        request(&Assignments::new(9001)),
        Method::Get,
        &format!("{B}/sections/9001/assignments?start=0&limit=200"),
        None,
    );
    let mut op = Assignments::new(9001).start(40).limit(20);
    op.with_attachments = Some(true);
    op.with_tags = Some(false);
    op.with_dropbox_stats = Some(true);
    expect(
        request(&op),
        Method::Get,
        &format!("{B}/sections/9001/assignments?with_attachments=TRUE&with_dropbox_stats=TRUE&start=40&limit=20"),
        None,
    );
    let e = Assignments::new(9001).limit(201).spec().unwrap_err();
    assert_eq!(
        e.kind(),
        &ErrorKind::InvalidInput {
            field: "limit".into()
        }
    );
    let e = Assignments::new(0).spec().unwrap_err();
    assert_eq!(
        e.kind(),
        &ErrorKind::InvalidInput {
            field: "section_id".into()
        }
    );
}

#[test]
fn grade_items_request() {
    expect(
        request(&GradeItems::new(9001)),
        Method::Get,
        &format!("{B}/sections/9001/grade_items?start=0&limit=200"),
        None,
    );
}

#[test]
fn get_assignment_request() {
    let mut op = GetAssignment::new(9001, 5699937);
    expect(
        request(&op),
        Method::Get,
        &format!("{B}/sections/9001/assignments/5699937"),
        None,
    );
    op.with_tags = Some(true);
    expect(
        request(&op),
        Method::Get,
        &format!("{B}/sections/9001/assignments/5699937?with_tags=TRUE"),
        None,
    );
}

fn documented_create() -> AssignmentInput {
    AssignmentInput {
        title: Some("The assignment title".into()),
        description: Some("The assignment description".into()),
        due: Some("2014-09-25 11:30:00".into()),
        assignees: Some(vec![12345, 4567]),
        grading_group_ids: Some(vec![534]),
        count_in_grade: Some(false),
        auto_publish_grades: Some(false),
        ..AssignmentInput::default()
    }
}

#[test]
fn create_assignment_request_is_the_documented_body() {
    let mut doc = fixture_json("schoology/create_assignment.request.json");
    // `type` is read-only ("not supported in POST/PUT"), though the example sends it.
    doc.as_object_mut().unwrap().remove("type");
    let op = CreateAssignment::new(9001, documented_create());
    expect(
        request(&op),
        Method::Post,
        &format!("{B}/sections/9001/assignments"),
        Some(doc),
    );
    assert!(!op.idempotent());
    let e = CreateAssignment::new(9001, AssignmentInput::default())
        .spec()
        .unwrap_err();
    assert_eq!(
        e.kind(),
        &ErrorKind::InvalidInput {
            field: "assignment.title".into()
        }
    );
}

#[test]
fn empty_lists_are_sent_and_unset_ones_are_not() {
    let op = UpdateAssignment::new(
        9001,
        5,
        AssignmentInput {
            assignees: Some(vec![]),
            ..AssignmentInput::default()
        },
    );
    expect(
        request(&op),
        Method::Put,
        &format!("{B}/sections/9001/assignments/5"),
        Some(json!({"assignees": []})),
    );
    let op = UpdateAssignment::new(
        9001,
        5,
        AssignmentInput {
            title: Some("t".into()),
            ..AssignmentInput::default()
        },
    );
    assert_eq!(request(&op).body_json(), Some(json!({"title": "t"})));
    let e = UpdateAssignment::new(9001, 5, AssignmentInput::default())
        .spec()
        .unwrap_err();
    assert_eq!(
        e.kind(),
        &ErrorKind::InvalidInput {
            field: "changes".into()
        }
    );
}

#[test]
fn update_assignment_request_is_the_documented_body() {
    let doc = fixture_json("schoology/update_assignment.request.json");
    let changes: AssignmentInput =
        gradebridge::input::from_value_strict(doc.clone(), "changes").unwrap();
    let op = UpdateAssignment::new(9001, 5699937, changes);
    expect(
        request(&op),
        Method::Put,
        &format!("{B}/sections/9001/assignments/5699937"),
        Some(doc),
    );
    // An attachment without an id would be deleted by Schoology: refused.
    let e = gradebridge::input::from_value_strict::<AssignmentInput>(
        json!({"attachments": [{"title": "x"}]}),
        "changes",
    )
    .unwrap_err();
    assert_eq!(
        e.kind(),
        &ErrorKind::InvalidInput {
            field: "changes.attachments[0].id".into()
        }
    );
}

#[test]
fn delete_assignment_request() {
    expect(
        request(&DeleteAssignment::new(9001, 5)),
        Method::Delete,
        &format!("{B}/sections/9001/assignments/5"),
        None,
    );
    assert!(DeleteAssignment::new(9001, 5)
        .parse(&HttpResponse::new(204, ""))
        .is_ok());
}

#[test]
fn grades_request() {
    expect(
        request(&Grades::new(9001)),
        Method::Get,
        &format!("{B}/sections/9001/grades"),
        None,
    );
    let mut op = Grades::new(9001);
    op.assignment_id = Some(5);
    op.enrollment_id = Some(6);
    op.timestamp = Some(1758700800);
    expect(
        request(&op),
        Method::Get,
        &format!("{B}/sections/9001/grades?assignment_id=5&enrollment_id=6&timestamp=1758700800"),
        None,
    );
}

#[test]
fn update_grades_request_is_the_documented_body() {
    let doc = fixture_json("schoology/update_grades.request.json");
    let grades = vec![
        GradeInput {
            comment: Some("Well argued".into()),
            ..GradeInput::points(9001001, 5699937, 92.0)
        },
        GradeInput {
            enrollment_id: 9001002,
            assignment_id: 5699937,
            grade: None,
            comment: None,
            exception: Some(1),
            item_type: None,
        },
    ];
    expect(
        request(&UpdateGrades::new(9001, grades)),
        Method::Put,
        &format!("{B}/sections/9001/grades"),
        Some(doc),
    );
}

#[test]
fn grading_scales_enrollments_and_users_requests() {
    expect(
        request(&GradingScales::new(9001)),
        Method::Get,
        &format!("{B}/sections/9001/grading_scales"),
        None,
    );
    expect(
        request(&Enrollments::new(9001)),
        Method::Get,
        &format!("{B}/sections/9001/enrollments?start=0&limit=200"),
        None,
    );
    let mut op = Enrollments::new(9001);
    op.uid = Some(60001);
    op.enrollment_status = Some(1);
    op.enrollment_type = Some("member".into());
    expect(
        request(&op),
        Method::Get,
        &format!("{B}/sections/9001/enrollments?uid=60001&enrollment_status=1&type=member&start=0&limit=200"),
        None,
    );
    op.enrollment_type = Some("teacher".into());
    assert_eq!(
        op.spec().unwrap_err().kind(),
        &ErrorKind::InvalidInput {
            field: "type".into()
        }
    );
    expect(
        request(&GetUser::new(60001)),
        Method::Get,
        &format!("{B}/users/60001"),
        None,
    );
}

// ---------------------------------------------------------------------------------
// Batches.

fn many(n: usize) -> Vec<GradeInput> {
    (0..n)
        .map(|i| GradeInput::points(1000 + i as i64, 77, (i % 100) as f64))
        .collect()
}

#[test]
fn update_grades_goes_in_batches_of_fifty() {
    let op = UpdateGrades::new(9001, many(120));
    let batches = op.batches().unwrap();
    assert_eq!(
        batches.iter().map(|b| b.grades.len()).collect::<Vec<_>>(),
        vec![50, 50, 20]
    );
    assert_eq!(batches[2].grades[0].enrollment_id, 1100);
    // One request carries at most 50.
    let e = op.spec().unwrap_err();
    assert_eq!(
        e.kind(),
        &ErrorKind::InvalidInput {
            field: "grades".into()
        }
    );
    // A bad item is named by its place in the caller's list, before anything is sent.
    let mut grades = many(120);
    grades[73].grade = Some(f64::NAN);
    let e = UpdateGrades::new(9001, grades).batches().unwrap_err();
    assert_eq!(
        e.kind(),
        &ErrorKind::InvalidInput {
            field: "grades[73].grade".into()
        }
    );
    let mut grades = many(60);
    grades[55].enrollment_id = grades[3].enrollment_id;
    let e = UpdateGrades::new(9001, grades).batches().unwrap_err();
    assert_eq!(
        e.kind(),
        &ErrorKind::InvalidInput {
            field: "grades[55]".into()
        }
    );
    let mut grades = many(2);
    grades[1].exception = Some(1);
    let e = UpdateGrades::new(9001, grades).batches().unwrap_err();
    assert_eq!(
        e.kind(),
        &ErrorKind::InvalidInput {
            field: "grades[1].grade".into()
        }
    );
    let e = UpdateGrades::new(9001, vec![]).batches().unwrap_err();
    assert_eq!(
        e.kind(),
        &ErrorKind::InvalidInput {
            field: "grades".into()
        }
    );
}

#[test]
fn a_failed_batch_after_applied_ones_is_data() {
    let op = UpdateGrades::new(9001, many(120));
    let mut sent = 0;
    let out = futures::executor::block_on(gradebridge::endpoint::run_batches(&op, |b| {
        sent += 1;
        let n = sent;
        async move {
            if n == 2 {
                Err(gradebridge::Error::transport("connection reset", false).with_maybe_applied())
            } else {
                b.parse(&HttpResponse::new(
                    207,
                    serde_json::to_vec(&json!({"grades": {"grade": b.grades.iter().map(|g| json!({"enrollment_id": g.enrollment_id, "assignment_id": g.assignment_id, "response_code": 200})).collect::<Vec<_>>()}})).unwrap(),
                ))
            }
        }
    }))
    .unwrap();
    assert_eq!(sent, 2, "nothing is sent after a failed batch");
    assert_eq!(out.len(), 120);
    let count = |s: &str| out.iter().filter(|o| o.status == s).count();
    assert_eq!(
        (count("ok"), count("unknown"), count("not_sent")),
        (50, 50, 20)
    );
    assert!(out[..50].iter().all(|o| o.ok));
    assert_eq!(out[119].enrollment_id, 1119);
    // The first batch refused before anything was applied: the error itself.
    let e = futures::executor::block_on(gradebridge::endpoint::run_batches(&op, |_b| async {
        Err::<Vec<GradeOutcome>, _>(gradebridge::Error::new(
            ErrorKind::Unauthorized,
            "bad signature",
        ))
    }))
    .unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::Unauthorized);
}

// ---------------------------------------------------------------------------------
// Documented payloads.

fn ok(rel: &str) -> HttpResponse {
    HttpResponse::new(200, fixture(rel))
}

#[test]
fn assignments_parse_every_documented_field() {
    let op = Assignments::new(9001);
    let page = op
        .parse(&ok("schoology/assignments.response.json"))
        .unwrap();
    assert_eq!(page.items.len(), 1);
    let a = &page.items[0];
    assert_eq!(a.id, 5699937);
    assert_eq!(a.title.as_deref(), Some("this is a test assignment"));
    assert_eq!(
        a.due.as_ref().map(|d| d.as_str()),
        Some("2014-09-25 11:30:00")
    );
    assert_eq!(a.grading_scale, Some(0));
    assert_eq!(a.grading_period, Some(13011));
    assert_eq!(a.max_points, Some(100.0));
    assert_eq!(a.factor, Some(1.0));
    assert_eq!(a.is_final, Some(false));
    assert_eq!(a.allow_dropbox, Some(true));
    assert_eq!(a.published, Some(true));
    assert_eq!(a.item_type.as_deref(), Some("assignment"));
    assert_eq!(a.grade_item_id, Some(5699937));
    assert_eq!(a.show_rubric, Some(false));
    assert_eq!(a.count_in_grade, Some(true));
    assert_eq!(a.collected_only, Some(false));
    assert_eq!(a.num_assignees, Some(4));
    assert_eq!(a.assignees, vec![12345, 4567, 888, 999]);
    assert_eq!(a.grading_group_ids, vec![534]);
    assert_eq!(a.completion_status.as_deref(), Some(""));
    assert_eq!(
        a.links.as_ref().unwrap().self_link.as_deref(),
        Some("http://.../assignments/5699937")
    );
    let meta = page.meta.as_ref().unwrap();
    assert_eq!(meta.total_count, Some(1));
    assert!(op.next(&page).is_none(), "no links.next: the last page");
    // Written back, it is the documented object (flags in the API's own words).
    let back = serde_json::to_value(a).unwrap();
    assert_eq!(back["assignees"], json!([12345, 4567, 888, 999]));
    assert_eq!(back["type"], json!("assignment"));
    assert_eq!(
        back["links"],
        json!({"self": "http://.../assignments/5699937"})
    );
}

#[test]
fn a_next_link_moves_start_by_limit() {
    let op = Assignments::new(9001).limit(2);
    let body = json!({"assignment": [{"id": 1}, {"id": 2}], "total": 5,
        "links": {"self": "x", "next": "https://api.schoology.com/v1/sections/9001/assignments?start=2&limit=2"}});
    let page = op
        .parse(&HttpResponse::new(200, serde_json::to_vec(&body).unwrap()))
        .unwrap();
    let meta = page.meta.clone().unwrap();
    assert_eq!(
        (meta.current_page, meta.total_pages, meta.total_count),
        (Some(1), Some(3), Some(5))
    );
    let next = op.next(&page).unwrap();
    assert_eq!(next.start, Some(2));
    // An empty page ends the list even if a link says otherwise.
    let empty = op
        .parse(&HttpResponse::new(
            200,
            br#"{"assignment": [], "total": 5, "links": {"next": "x"}}"#.to_vec(),
        ))
        .unwrap();
    assert!(op.next(&empty).is_none());
}

#[test]
fn grade_items_and_single_assignments_parse() {
    let page = GradeItems::new(9001)
        .parse(&ok("schoology/grade_items.response.json"))
        .unwrap();
    assert_eq!(page.items[0].assignees, Vec::<i64>::new());
    let a = GetAssignment::new(9001, 5699937)
        .parse(&ok("schoology/get_assignment.response.json"))
        .unwrap();
    assert_eq!(a.id, 5699937);
    assert_eq!(a.links, None);
    let created = CreateAssignment::new(9001, documented_create())
        .parse(&HttpResponse::new(
            201,
            fixture("schoology/create_assignment.response.json"),
        ))
        .unwrap();
    assert_eq!(created.count_in_grade, Some(false));
    assert_eq!(
        normalize(&serde_json::to_value(&created).unwrap())["grading_group_ids"],
        json!([534])
    );
}

#[test]
fn grades_parse_with_exceptions() {
    let grades = Grades::new(9001)
        .parse(&ok("schoology/grades.response.json"))
        .unwrap();
    assert_eq!(grades.len(), 3);
    let g = &grades[0];
    assert_eq!((g.enrollment_id, g.assignment_id), (9001001, 5699937));
    assert_eq!(g.grade, Some(87.5));
    assert_eq!(g.exception, Some(0));
    assert_eq!(g.max_points, Some(100.0));
    assert_eq!(g.timestamp, Some(1758700800));
    assert_eq!(g.comment.as_deref(), Some("Strong analysis"));
    assert_eq!(g.is_override, Some(false));
    assert_eq!(g.pending, Some(false));
    assert_eq!(g.item_type.as_deref(), Some("assignment"));
    assert_eq!((grades[1].grade, grades[1].exception), (None, Some(1)));
    assert_eq!((grades[2].grade, grades[2].exception), (None, Some(2)));
}

#[test]
fn update_grades_outcomes_come_in_input_order() {
    let grades = vec![
        GradeInput::points(9001002, 5699937, 50.0),
        GradeInput::points(9001001, 5699937, 92.0),
        GradeInput::points(9001009, 5699937, 70.0),
    ];
    let out = UpdateGrades::new(9001, grades)
        .parse(&HttpResponse::new(
            207,
            fixture("schoology/update_grades.response.json"),
        ))
        .unwrap();
    let summary: Vec<(i64, bool, &str, Option<i64>)> = out
        .iter()
        .map(|o| (o.enrollment_id, o.ok, o.status.as_str(), o.response_code))
        .collect();
    assert_eq!(
        summary,
        vec![
            (9001002, false, "error", Some(400)),
            (9001001, true, "ok", Some(200)),
            (9001009, false, "missing", None),
        ]
    );
    assert_eq!(out[0].message.as_deref(), Some("Invalid enrollment"));
}

#[test]
fn grading_scales_read_into_a_grade_scale() {
    let scales = GradingScales::new(9001)
        .parse(&ok("schoology/grading_scales.response.json"))
        .unwrap();
    assert_eq!(scales.len(), 2);
    assert_eq!(scales[0].scale_type, Some(1));
    assert_eq!(scales[0].auto_averaging, Some(true));
    let raw: gradebridge::grading::SchoologyScale = gradebridge::input::from_value_tolerant(
        serde_json::to_value(&scales[0]).unwrap(),
        "grading_scale",
    )
    .unwrap();
    let scale = gradebridge::grading::GradeScale::from_schoology(&raw).unwrap();
    assert_eq!(
        scale
            .grade(gradebridge::grading::Decimal::from(85))
            .unwrap(),
        "7"
    );
    assert_eq!(
        scale
            .grade(gradebridge::grading::Decimal::from(55))
            .unwrap(),
        "4"
    );
}

#[test]
fn enrollments_and_users_parse() {
    let page = Enrollments::new(9001)
        .parse(&ok("schoology/enrollments.response.json"))
        .unwrap();
    assert_eq!(page.items.len(), 2);
    let e = &page.items[0];
    assert_eq!(
        (e.id, e.uid, e.admin, e.status),
        (9001001, Some(60001), Some(false), Some(1))
    );
    assert_eq!(e.school_uid.as_deref(), Some("S5001"));
    assert_eq!(page.items[1].admin, Some(true));
    let u = GetUser::new(60001)
        .parse(&ok("schoology/get_user.response.json"))
        .unwrap();
    assert_eq!(u.id, 60001);
    assert_eq!(
        u.primary_email.as_deref(),
        Some("ava.andersen@demo.gradebridge.test")
    );
    assert_eq!(u.school_uid.as_deref(), Some("S5001"));
    assert_eq!(u.role_id, Some(263));
}

#[test]
fn errors_name_the_platform() {
    let e = GetUser::new(1)
        .parse(&HttpResponse::new(
            401,
            r#"{"error": "Invalid OAuth signature"}"#,
        ))
        .unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::Unauthorized);
}
