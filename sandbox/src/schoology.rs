//! The Schoology v1 routes of the sandbox (`/v1/...`): sections mirroring the
//! ManageBac demo classes (the same students, matched by `school_uid` = ManageBac
//! `student_id` and by email), with enrollments, assignments, grades and grading
//! scales; every request signed with OAuth 1.0a, checked here.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use gradebridge::schoology::{SchoologyConfig, SignatureMethod};
use gradebridge::AuthContext;
use serde_json::{json, Map, Value};

use crate::school::School;
use crate::{error_response, lock, AppState};

/// The consumer key the sandbox accepts.
pub const CONSUMER_KEY: &str = "sandbox-consumer-key";
/// The consumer secret the sandbox accepts.
pub const CONSUMER_SECRET: &str = "sandbox-consumer-secret";
/// A user's access token the sandbox accepts (three-legged).
pub const ACCESS_TOKEN: &str = "sandbox-access-token";
/// The access token's secret.
pub const TOKEN_SECRET: &str = "sandbox-token-secret";
/// The section with many students (150), for batch and paging tests.
pub const LARGE_SECTION: i64 = 9100;
/// The most grades one `PUT .../grades` takes.
pub const MAX_BULK: usize = 50;

/// One section: its enrollments, assignments, grades and scales.
#[derive(Debug, Clone, Default)]
pub struct Section {
    /// Section id.
    pub id: i64,
    /// The section in the API's JSON shape.
    pub data: Map<String, Value>,
    /// Enrollments in the API's JSON shape, in order.
    pub enrollments: Vec<Value>,
    /// Assignments by id, in the API's JSON shape.
    pub assignments: BTreeMap<i64, Map<String, Value>>,
    /// Grades by (enrollment id, assignment id), in the API's JSON shape.
    pub grades: BTreeMap<(i64, i64), Map<String, Value>>,
    /// Grading scales in the API's JSON shape.
    pub grading_scales: Vec<Value>,
}

/// Schoology's side of the sandbox school.
#[derive(Debug, Clone, Default)]
pub struct Schoology {
    /// Sections by id.
    pub sections: BTreeMap<i64, Section>,
    /// Users by uid, in the API's JSON shape.
    pub users: BTreeMap<i64, Value>,
    /// (timestamp, nonce) pairs already used.
    pub nonces: HashSet<(String, String)>,
    next_id: i64,
}

fn ib_scale() -> Value {
    json!({"id": 301, "title": "IB 1-7", "type": 1, "auto_averaging": 1, "hide_numeric": 0,
        "scale": {"level": [
            {"grade": "7", "cutoff": 80, "average": 90}, {"grade": "6", "cutoff": 70, "average": 75},
            {"grade": "5", "cutoff": 60, "average": 65}, {"grade": "4", "cutoff": 50, "average": 55},
            {"grade": "3", "cutoff": 40, "average": 45}, {"grade": "2", "cutoff": 25, "average": 32},
            {"grade": "1", "cutoff": 0, "average": 12}]}})
}

fn letter_scale() -> Value {
    json!({"id": 302, "title": "Letters", "type": 1, "auto_averaging": 0, "hide_numeric": 1,
        "scale": {"level": [
            {"grade": "A", "cutoff": 90, "average": 95}, {"grade": "B", "cutoff": 80, "average": 85},
            {"grade": "C", "cutoff": 70, "average": 75}, {"grade": "D", "cutoff": 60, "average": 65},
            {"grade": "F", "cutoff": 0, "average": 30}]}})
}

fn user(uid: i64, school_uid: &str, first: &str, last: &str, email: &str, role: i64) -> Value {
    json!({
        "id": uid, "school_id": 4100, "building_id": 4100, "school_uid": school_uid,
        "name_title": "", "name_first": first, "name_first_preferred": "", "name_middle": "",
        "name_last": last, "name_display": format!("{first} {last}"),
        "username": email.split('@').next().unwrap_or_default(), "primary_email": email,
        "picture_url": "", "role_id": role, "grad_year": if role == 263 { "2027" } else { "" },
    })
}

fn enrollment(id: i64, user: &Value, admin: bool) -> Value {
    json!({
        "id": id, "uid": user["id"], "school_uid": user["school_uid"],
        "name_first": user["name_first"], "name_last": user["name_last"],
        "admin": u8::from(admin), "status": 1, "picture_url": "",
    })
}

impl Schoology {
    /// Sections 9001-9003 mirror ManageBac classes 1001-1003 (the same students,
    /// `section_school_code` = the class's `uniq_id`); section 9100 holds 150
    /// students of its own.
    pub fn seed(school: &School) -> Schoology {
        let mut s = Schoology {
            next_id: 7_000_001,
            ..Schoology::default()
        };
        let teacher = user(
            60900,
            "T1963",
            "Maria",
            "Keller",
            "maria.keller@demo.gradebridge.test",
            262,
        );
        s.users.insert(60900, teacher.clone());
        for (id, st) in &school.students {
            let (last, first) = st.name.split_once(", ").unwrap_or((st.name.as_str(), ""));
            let uid = 60000 + (id - 5000);
            let email = crate::directory::student_email(first, last);
            s.users
                .insert(uid, user(uid, &format!("S{id}"), first, last, &email, 263));
        }
        for (class_id, class) in &school.classes {
            let sid = 9000 + (class_id - 1000);
            let mut section = Section {
                id: sid,
                data: crate::school::as_map(json!({
                    "id": sid, "course_id": 8000 + (class_id - 1000),
                    "section_title": class.data.get("name").cloned().unwrap_or_default(),
                    "section_school_code": class.data.get("uniq_id").cloned().unwrap_or_default(),
                })),
                grading_scales: vec![ib_scale(), letter_scale()],
                ..Section::default()
            };
            section
                .enrollments
                .push(enrollment(sid * 1000, &teacher, true));
            for student in &class.members {
                let uid = 60000 + (student - 5000);
                if let Some(u) = s.users.get(&uid) {
                    section
                        .enrollments
                        .push(enrollment(sid * 1000 + (student - 5000), u, false));
                }
            }
            s.sections.insert(sid, section);
        }
        let mut large = Section {
            id: LARGE_SECTION,
            data: crate::school::as_map(json!({"id": LARGE_SECTION, "course_id": 8100,
                "section_title": "Grade 11 Advisory", "section_school_code": "ADV11"})),
            grading_scales: vec![ib_scale()],
            ..Section::default()
        };
        large
            .enrollments
            .push(enrollment(LARGE_SECTION * 1000, &teacher, true));
        for n in 1..=150i64 {
            let uid = 61000 + n;
            let u = user(
                uid,
                &format!("X{n:03}"),
                "Advisee",
                &format!("No{n:03}"),
                &format!("advisee.{n:03}@demo.gradebridge.test"),
                263,
            );
            large
                .enrollments
                .push(enrollment(LARGE_SECTION * 1000 + n, &u, false));
            s.users.insert(uid, u);
        }
        s.sections.insert(LARGE_SECTION, large);
        // Two published assignments in each mirrored section, one graded in part.
        for sid in [9001, 9002, 9003] {
            for (title, due) in [
                ("Reading journal", "2025-09-26 15:00:00"),
                ("Unit test", "2025-10-17 15:00:00"),
            ] {
                let id = s.next();
                let a = render_new(id, &json!({"title": title, "due": due, "max_points": 20}));
                if let Some(section) = s.sections.get_mut(&sid) {
                    section.assignments.insert(id, a);
                }
            }
        }
        if let Some(section) = s.sections.get_mut(&9001) {
            if let Some(first) = section.assignments.keys().next().copied() {
                let members: Vec<i64> = section
                    .enrollments
                    .iter()
                    .filter(|e| e["admin"] == 0)
                    .filter_map(|e| e["id"].as_i64())
                    .take(5)
                    .collect();
                for (i, e) in members.into_iter().enumerate() {
                    let mut g = Map::new();
                    g.insert("grade".into(), json!(12 + i as i64));
                    g.insert("exception".into(), json!(0));
                    g.insert("comment".into(), json!(""));
                    g.insert("timestamp".into(), json!(1_758_700_800i64));
                    section.grades.insert((e, first), g);
                }
            }
        }
        s
    }

    fn next(&mut self) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }
}

/// A new assignment with Schoology's defaults, flags and numbers as the API writes
/// them (strings for some, integers for others).
fn render_new(id: i64, fields: &Value) -> Map<String, Value> {
    let mut a = crate::school::as_map(json!({
        "id": id, "title": "", "description": "", "due": "", "grading_scale": "0",
        "grading_period": "0", "grading_category": "0", "max_points": "100", "factor": "1",
        "is_final": "0", "show_comments": "0", "grade_stats": "0", "allow_dropbox": "1",
        "allow_discussion": "1", "published": 1, "type": "assignment", "grade_item_id": id,
        "available": 1, "completed": 0, "dropbox_locked": 0, "grading_scale_type": 0,
        "show_rubric": false, "count_in_grade": 1, "collected_only": 0,
        "auto_publish_grades": 1, "num_assignees": 0, "assignees": [],
        "grading_group_ids": [], "completion_status": "",
    }));
    merge(&mut a, fields);
    a
}

/// Apply written fields: numbers and flags stored as the API shows them.
fn merge(a: &mut Map<String, Value>, fields: &Value) {
    if let Some(obj) = fields.as_object() {
        for (k, v) in obj {
            if k == "attachments" || k == "type" || k == "id" {
                continue;
            }
            let v = match (k.as_str(), v) {
                (
                    "max_points" | "factor" | "grading_scale" | "grading_period"
                    | "grading_category",
                    Value::Number(n),
                ) => {
                    json!(n.to_string())
                }
                (_, Value::Bool(b)) => json!(u8::from(*b)),
                _ => v.clone(),
            };
            a.insert(k.clone(), v);
        }
    }
    let n = a
        .get("assignees")
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    a.insert("num_assignees".into(), json!(n));
}

// ---------------------------------------------------------------------------------
// OAuth 1.0a.

fn header_params(header: &str) -> Option<Vec<(String, String)>> {
    let rest = header.strip_prefix("OAuth ")?;
    let mut out = Vec::new();
    for part in rest.split(',') {
        let (k, v) = part.trim().split_once('=')?;
        let v = v.trim().trim_matches('"');
        let v: String = url_decode(v)?;
        out.push((k.trim().to_string(), v));
    }
    Some(out)
}

fn url_decode(s: &str) -> Option<String> {
    let mut out = Vec::with_capacity(s.len());
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Check a Schoology request's signature, nonce and timestamp; the error is the
/// message of the 401.
pub(crate) fn verify(
    state: &AppState,
    method: &str,
    headers: &HeaderMap,
    path_and_query: &str,
) -> Result<(), String> {
    let header = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .ok_or("Missing OAuth Authorization header")?;
    let params = header_params(header).ok_or("Malformed OAuth Authorization header")?;
    let get = |k: &str| params.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    if get("oauth_consumer_key") != Some(CONSUMER_KEY) {
        return Err("Invalid consumer key".into());
    }
    let token = get("oauth_token").ok_or("oauth_token is required (empty for two-legged)")?;
    let method_name = get("oauth_signature_method").ok_or("oauth_signature_method is required")?;
    let sig_method = match method_name {
        "HMAC-SHA1" => SignatureMethod::HmacSha1,
        "PLAINTEXT" => SignatureMethod::Plaintext,
        other => return Err(format!("Unsupported signature method {other}")),
    };
    let nonce = get("oauth_nonce")
        .filter(|n| !n.is_empty())
        .ok_or("oauth_nonce is required")?;
    let timestamp = get("oauth_timestamp").ok_or("oauth_timestamp is required")?;
    let ts: u64 = timestamp.parse().map_err(|_| "Invalid oauth_timestamp")?;
    let now = state.config.clock.now().as_secs();
    if ts + 600 < now || ts > now + 600 {
        return Err("oauth_timestamp is too far from the server's time".into());
    }
    let mut config = SchoologyConfig::new(CONSUMER_KEY, CONSUMER_SECRET)
        .with_signature_method(sig_method)
        .with_oauth_version(get("oauth_version").is_some());
    match token {
        "" => {}
        ACCESS_TOKEN => config = config.with_token(ACCESS_TOKEN, TOKEN_SECRET),
        _ => return Err("Invalid access token".into()),
    }
    let host = headers
        .get("host")
        .and_then(|v| v.to_str().ok())
        .ok_or("Missing Host header")?;
    let url = format!("http://{host}{path_and_query}");
    let expected = config
        .authorization(method, &url, &AuthContext::new(nonce, ts))
        .map_err(|e| e.to_string())?;
    let expected_sig = header_params(&expected)
        .and_then(|p| p.into_iter().find(|(k, _)| k == "oauth_signature"))
        .map(|(_, v)| v);
    if expected_sig.as_deref() != get("oauth_signature") {
        return Err("Invalid OAuth signature".into());
    }
    let fresh = lock(&state.schoology)
        .nonces
        .insert((timestamp.to_string(), nonce.to_string()));
    if !fresh {
        return Err("Nonce already used".into());
    }
    Ok(())
}

// ---------------------------------------------------------------------------------
// Routes.

type S = State<Arc<AppState>>;
type Q = Query<Vec<(String, String)>>;

pub(crate) fn api() -> Router<Arc<AppState>> {
    Router::new()
        .route(
            "/v1/sections/{sid}/assignments",
            get(list_assignments).post(create_assignment),
        )
        .route(
            "/v1/sections/{sid}/assignments/{id}",
            get(get_assignment)
                .put(update_assignment)
                .delete(delete_assignment),
        )
        .route("/v1/sections/{sid}/grade_items", get(list_assignments))
        .route("/v1/sections/{sid}/grades", get(grades).put(update_grades))
        .route("/v1/sections/{sid}/grading_scales", get(grading_scales))
        .route("/v1/sections/{sid}/enrollments", get(enrollments))
        .route("/v1/users/{uid}", get(get_user))
}

fn q<'a>(query: &'a [(String, String)], key: &str) -> Option<&'a str> {
    query
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

fn not_found(what: &str) -> Response {
    error_response(
        StatusCode::NOT_FOUND,
        json!({"error": format!("{what} not found")}),
    )
}

fn bad_request(message: impl Into<String>) -> Response {
    error_response(StatusCode::BAD_REQUEST, json!({"error": message.into()}))
}

/// One page of `items` under `key`, with `total` and `links` (`next` when more
/// follow), read with `start` and `limit` (default 20, at most 200).
fn page(key: &str, items: Vec<Value>, query: &[(String, String)], path: &str) -> Response {
    let start: usize = q(query, "start").and_then(|s| s.parse().ok()).unwrap_or(0);
    let limit: usize = q(query, "limit").and_then(|s| s.parse().ok()).unwrap_or(20);
    if limit == 0 || limit > 200 {
        return bad_request("limit must be between 1 and 200");
    }
    let total = items.len();
    let records: Vec<Value> = items.into_iter().skip(start).take(limit).collect();
    let base = format!("{}{path}", "https://api.schoology.com/v1");
    let mut links = json!({"self": format!("{base}?start={start}&limit={limit}")});
    if start + limit < total {
        links["next"] = json!(format!("{base}?start={}&limit={limit}", start + limit));
    }
    Json(json!({key: records, "total": total, "links": links})).into_response()
}

fn with_section<R>(
    s: &AppState,
    sid: i64,
    f: impl FnOnce(&mut Section, &mut i64) -> R,
) -> Option<R> {
    let mut sch = lock(&s.schoology);
    let Schoology {
        sections, next_id, ..
    } = &mut *sch;
    sections.get_mut(&sid).map(|sec| f(sec, next_id))
}

async fn list_assignments(State(s): S, Path(sid): Path<i64>, Query(query): Q) -> Response {
    let items = with_section(&s, sid, |sec, _| {
        sec.assignments
            .values()
            .map(|a| Value::Object(a.clone()))
            .collect::<Vec<_>>()
    });
    match items {
        Some(items) => page(
            "assignment",
            items,
            &query,
            &format!("/sections/{sid}/assignments"),
        ),
        None => not_found("Section"),
    }
}

async fn get_assignment(State(s): S, Path((sid, id)): Path<(i64, i64)>) -> Response {
    match with_section(&s, sid, |sec, _| sec.assignments.get(&id).cloned()) {
        None => not_found("Section"),
        Some(None) => not_found("Assignment"),
        Some(Some(a)) => Json(Value::Object(a)).into_response(),
    }
}

fn body_object(body: &Bytes) -> Result<Value, Response> {
    let v: Value =
        serde_json::from_slice(body).map_err(|e| bad_request(format!("Invalid JSON: {e}")))?;
    if !v.is_object() {
        return Err(bad_request("the body must be a JSON object"));
    }
    Ok(v)
}

async fn create_assignment(State(s): S, Path(sid): Path<i64>, body: Bytes) -> Response {
    let fields = match body_object(&body) {
        Ok(v) => v,
        Err(r) => return r,
    };
    if fields["title"].as_str().is_none_or(|t| t.trim().is_empty()) {
        return bad_request("title is required");
    }
    let created = with_section(&s, sid, |sec, next| {
        let id = *next;
        *next += 1;
        let a = render_new(id, &fields);
        sec.assignments.insert(id, a.clone());
        a
    });
    match created {
        Some(a) => (StatusCode::CREATED, Json(Value::Object(a))).into_response(),
        None => not_found("Section"),
    }
}

async fn update_assignment(
    State(s): S,
    Path((sid, id)): Path<(i64, i64)>,
    body: Bytes,
) -> Response {
    let fields = match body_object(&body) {
        Ok(v) => v,
        Err(r) => return r,
    };
    if let Some(atts) = fields["attachments"].as_array() {
        if atts.iter().any(|a| a.get("id").is_none()) {
            return bad_request("an attachment without id would be deleted");
        }
    }
    match with_section(&s, sid, |sec, _| match sec.assignments.get_mut(&id) {
        Some(a) => {
            merge(a, &fields);
            true
        }
        None => false,
    }) {
        None => not_found("Section"),
        Some(false) => not_found("Assignment"),
        Some(true) => StatusCode::NO_CONTENT.into_response(),
    }
}

async fn delete_assignment(State(s): S, Path((sid, id)): Path<(i64, i64)>) -> Response {
    match with_section(&s, sid, |sec, _| {
        let found = sec.assignments.remove(&id).is_some();
        sec.grades.retain(|(_, a), _| *a != id);
        found
    }) {
        None => not_found("Section"),
        Some(false) => not_found("Assignment"),
        Some(true) => StatusCode::NO_CONTENT.into_response(),
    }
}

fn render_grade(
    sec: &Section,
    (enrollment, assignment): (i64, i64),
    g: &Map<String, Value>,
) -> Value {
    let max = sec
        .assignments
        .get(&assignment)
        .and_then(|a| a.get("max_points").cloned())
        .unwrap_or(json!("100"));
    let exception = g.get("exception").and_then(Value::as_i64).unwrap_or(0);
    json!({
        "enrollment_id": enrollment, "assignment_id": assignment,
        "grade": if exception == 0 { g.get("grade").cloned().unwrap_or(Value::Null) } else { Value::Null },
        "exception": exception, "max_points": max, "is_final": 0,
        "timestamp": g.get("timestamp").cloned().unwrap_or(json!(0)),
        "comment": g.get("comment").cloned().unwrap_or(json!("")),
        "comment_status": 1, "override": 0, "pending": 0, "type": "assignment",
        "location": "", "scale_id": 0, "scale_type": 0, "category_id": 0,
    })
}

async fn grades(State(s): S, Path(sid): Path<i64>, Query(query): Q) -> Response {
    let assignment = q(&query, "assignment_id").and_then(|v| v.parse::<i64>().ok());
    let enrollment = q(&query, "enrollment_id").and_then(|v| v.parse::<i64>().ok());
    let since = q(&query, "timestamp").and_then(|v| v.parse::<i64>().ok());
    let out = with_section(&s, sid, |sec, _| {
        sec.grades
            .iter()
            .filter(|((e, a), g)| {
                assignment.is_none_or(|x| x == *a)
                    && enrollment.is_none_or(|x| x == *e)
                    && since.is_none_or(|t| {
                        g.get("timestamp").and_then(Value::as_i64).unwrap_or(0) >= t
                    })
            })
            .map(|(k, g)| render_grade(sec, *k, g))
            .collect::<Vec<_>>()
    });
    match out {
        Some(grades) => Json(json!({"grades": {"grade": grades}, "period": [], "final_grade": []}))
            .into_response(),
        None => not_found("Section"),
    }
}

async fn update_grades(State(s): S, Path(sid): Path<i64>, body: Bytes) -> Response {
    let body = match body_object(&body) {
        Ok(v) => v,
        Err(r) => return r,
    };
    let Some(items) = body
        .pointer("/grades/grade")
        .and_then(Value::as_array)
        .cloned()
    else {
        return bad_request("expected {\"grades\": {\"grade\": [...]}}");
    };
    if items.len() > MAX_BULK {
        return bad_request(format!("at most {MAX_BULK} grades a request"));
    }
    let now = s.config.clock.now().as_secs() as i64;
    let out = with_section(&s, sid, |sec, _| {
        items
            .iter()
            .map(|item| {
                let e = item["enrollment_id"].as_i64();
                let a = item["assignment_id"].as_i64();
                let fail = |code: u16, message: &str| {
                    json!({"enrollment_id": item["enrollment_id"], "assignment_id": item["assignment_id"],
                        "response_code": code, "message": message})
                };
                let (Some(e), Some(a)) = (e, a) else {
                    return fail(400, "enrollment_id and assignment_id are required");
                };
                let member = sec
                    .enrollments
                    .iter()
                    .any(|x| x["id"] == e && x["admin"] == 0);
                if !member {
                    return fail(404, "Enrollment not found in this section");
                }
                if !sec.assignments.contains_key(&a) {
                    return fail(404, "Assignment not found in this section");
                }
                let exception = item.get("exception").and_then(Value::as_i64).unwrap_or(0);
                if !(0..=2).contains(&exception) {
                    return fail(400, "exception must be 0, 1 or 2");
                }
                let grade = item.get("grade").cloned().unwrap_or(Value::Null);
                if !(grade.is_null() || grade.is_number()) {
                    return fail(400, "grade must be a number");
                }
                let g = sec.grades.entry((e, a)).or_default();
                if item.get("grade").is_some() || exception != 0 {
                    g.insert("grade".into(), if exception == 0 { grade } else { Value::Null });
                }
                g.insert("exception".into(), json!(exception));
                if let Some(c) = item.get("comment") {
                    g.insert("comment".into(), c.clone());
                }
                g.insert("timestamp".into(), json!(now));
                json!({"enrollment_id": e, "assignment_id": a, "response_code": 200})
            })
            .collect::<Vec<_>>()
    });
    match out {
        Some(results) => (
            StatusCode::MULTI_STATUS,
            Json(json!({"grades": {"grade": results}})),
        )
            .into_response(),
        None => not_found("Section"),
    }
}

async fn grading_scales(State(s): S, Path(sid): Path<i64>) -> Response {
    match with_section(&s, sid, |sec, _| sec.grading_scales.clone()) {
        Some(scales) => Json(json!({"grading_scale": scales})).into_response(),
        None => not_found("Section"),
    }
}

async fn enrollments(State(s): S, Path(sid): Path<i64>, Query(query): Q) -> Response {
    let uid = q(&query, "uid").and_then(|v| v.parse::<i64>().ok());
    let status = q(&query, "enrollment_status").and_then(|v| v.parse::<i64>().ok());
    let kind = q(&query, "type").map(str::to_string);
    let items = with_section(&s, sid, |sec, _| {
        sec.enrollments
            .iter()
            .filter(|e| {
                uid.is_none_or(|u| e["uid"] == u)
                    && status.is_none_or(|st| e["status"] == st)
                    && kind
                        .as_deref()
                        .is_none_or(|k| (k == "admin") == (e["admin"] == 1))
            })
            .cloned()
            .collect::<Vec<_>>()
    });
    match items {
        Some(items) => page(
            "enrollment",
            items,
            &query,
            &format!("/sections/{sid}/enrollments"),
        ),
        None => not_found("Section"),
    }
}

async fn get_user(State(s): S, Path(uid): Path<i64>) -> Response {
    match lock(&s.schoology).users.get(&uid) {
        Some(u) => Json(u.clone()).into_response(),
        None => not_found("User"),
    }
}

/// Schoology's state for `/__sandbox/state`: each section's assignments and grades.
pub(crate) fn state_json(s: &Schoology) -> Value {
    let sections: Map<String, Value> = s
        .sections
        .iter()
        .map(|(id, sec)| {
            let grades: Vec<Value> = sec
                .grades
                .iter()
                .map(|(k, g)| render_grade(sec, *k, g))
                .collect();
            (
                id.to_string(),
                json!({"section": sec.data, "assignments": sec.assignments.values().collect::<Vec<_>>(), "grades": grades,
                    "enrollments": sec.enrollments.len()}),
            )
        })
        .collect();
    json!({"sections": sections})
}
