//! The Blackboard Learn routes of the sandbox: the OAuth2 token endpoint and the six
//! Grades Journey endpoints, with state per course (schemas, columns, the external
//! grade column, enrollment metadata, grade values) that `GET /__sandbox/blackboard`
//! shows, since Grades Journey itself cannot be read back. Courses are the ManageBac
//! classes' `uniq_id`s, users the students' `student_id`s (one school).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde_json::{json, Value};

use crate::school::School;
use crate::{error_response, lock, AppState};

/// The REST application key the sandbox accepts.
pub const KEY: &str = "sandbox-bb-key";
/// The REST application secret the sandbox accepts.
pub const SECRET: &str = "sandbox-bb-secret";
/// How long a token lives, in seconds.
pub const TOKEN_LIFETIME_SECS: u64 = 3600;
/// The daily quota the sandbox announces.
pub const DAILY_QUOTA: u64 = 10_000;

/// One course's Grades Journey state.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Course {
    /// Enrolled users' batch_uids.
    pub users: BTreeSet<String>,
    /// Columns by name, as created (the wire JSON).
    pub columns: BTreeMap<String, Value>,
    /// The external grade column's name.
    pub external: Option<String>,
    /// Enrollment metadata by user: its `optionalData` text.
    pub metadata: BTreeMap<String, String>,
    /// Grade values by column, then user.
    pub values: BTreeMap<String, BTreeMap<String, String>>,
}

/// Blackboard's side of the sandbox school.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Blackboard {
    /// Grade schemas by title: `{symbols, optionalData}`.
    pub schemas: BTreeMap<String, Value>,
    /// Courses by batch_uid.
    pub courses: BTreeMap<String, Course>,
    /// The token issued and when it expires (time since the epoch).
    #[serde(skip)]
    pub token: Option<(String, Duration)>,
    /// Tokens issued so far.
    pub tokens_issued: u64,
    /// Calls counted against today's quota.
    pub calls_today: u64,
    /// How many times each grade value was applied (`course/column/user`): the
    /// witness that a sync writes every grade once.
    pub applied: BTreeMap<String, u32>,
}

impl Blackboard {
    /// Courses `GB1001`-`GB1003` with the ManageBac classes' students (`S5001`...),
    /// and `ADV11` with 150 users `X001`-`X150` (Schoology's large section).
    pub fn seed(school: &School) -> Blackboard {
        let mut bb = Blackboard::default();
        for (id, class) in &school.classes {
            let course = Course {
                users: class.members.iter().map(|s| format!("S{s}")).collect(),
                ..Course::default()
            };
            bb.courses.insert(format!("GB{id}"), course);
        }
        bb.courses.insert(
            "ADV11".into(),
            Course {
                users: (1..=150).map(|n| format!("X{n:03}")).collect(),
                ..Course::default()
            },
        );
        bb
    }
}

pub(crate) fn api() -> Router<Arc<AppState>> {
    Router::new()
        .route(
            "/learn/api/v2/cc/gradejourney/gradeSchemasAPI",
            post(schemas),
        )
        .route(
            "/learn/api/v2/cc/gradejourney/gradableItemsAPI",
            post(gradable_items),
        )
        .route(
            "/learn/api/v2/cc/gradejourney/gradeColumnDeleteAPI",
            post(delete_columns),
        )
        .route(
            "/learn/api/v2/cc/gradejourney/externalGradeColumnAPI",
            post(external_column),
        )
        .route(
            "/learn/api/v2/cc/gradejourney/userMetadataAPI",
            post(user_metadata),
        )
        .route(
            "/learn/api/v2/cc/gradejourney/gradeValueAPI",
            post(grade_values),
        )
}

/// `POST /learn/api/public/v1/oauth2/token`: HTTP Basic key:secret and the form
/// `grant_type=client_credentials`; the same token again until it expires.
pub(crate) async fn token(
    State(s): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    use base64::Engine;
    let form = String::from_utf8_lossy(&body);
    if !form
        .split('&')
        .any(|kv| kv == "grant_type=client_credentials")
    {
        return error_response(
            StatusCode::BAD_REQUEST,
            json!({"error": "unsupported_grant_type", "error_description": "grant_type must be client_credentials"}),
        );
    }
    let basic = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "))
        .and_then(|b| base64::engine::general_purpose::STANDARD.decode(b).ok())
        .and_then(|b| String::from_utf8(b).ok());
    if basic.as_deref() != Some(&format!("{KEY}:{SECRET}")) {
        return error_response(
            StatusCode::UNAUTHORIZED,
            json!({"error": "invalid_client", "error_description": "Invalid client credentials"}),
        );
    }
    let now = s.config.clock.now();
    let mut bb = lock(&s.blackboard);
    let (token, expires) = match &bb.token {
        Some((t, exp)) if *exp > now => (t.clone(), *exp),
        _ => {
            bb.tokens_issued += 1;
            let t = format!(
                "bb-token-{}-{}",
                bb.tokens_issued,
                now.as_nanos() % 1_000_000
            );
            let exp = now + Duration::from_secs(TOKEN_LIFETIME_SECS);
            bb.token = Some((t.clone(), exp));
            (t, exp)
        }
    };
    Json(json!({
        "access_token": token,
        "token_type": "bearer",
        "expires_in": (expires - now).as_secs(),
    }))
    .into_response()
}

/// Is this a valid, unexpired Grades Journey bearer token?
pub(crate) fn bearer_ok(state: &AppState, headers: &HeaderMap) -> bool {
    let Some(given) = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
    else {
        return false;
    };
    let now = state.config.clock.now();
    matches!(&lock(&state.blackboard).token, Some((t, exp)) if t == given && *exp > now)
}

/// Count a call against the daily quota; the headers to answer with.
pub(crate) fn quota_headers(state: &AppState) -> [(&'static str, String); 3] {
    let mut bb = lock(&state.blackboard);
    bb.calls_today += 1;
    let now = state.config.clock.now().as_secs();
    let reset = 86_400 - now % 86_400;
    [
        ("x-rate-limit-limit", DAILY_QUOTA.to_string()),
        (
            "x-rate-limit-remaining",
            DAILY_QUOTA.saturating_sub(bb.calls_today).to_string(),
        ),
        ("x-rate-limit-reset", reset.to_string()),
    ]
}

/// Expire the Grades Journey token now.
pub(crate) fn expire(state: &AppState) {
    lock(&state.blackboard).token = None;
}

fn items(body: &Bytes) -> Result<Vec<Value>, Response> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Array(items)) => Ok(items),
        Ok(_) => Err(error_response(
            StatusCode::BAD_REQUEST,
            json!({"status": 400, "message": "The body must be a JSON array"}),
        )),
        Err(e) => Err(error_response(
            StatusCode::BAD_REQUEST,
            json!({"status": 400, "message": format!("Invalid JSON: {e}")}),
        )),
    }
}

fn text<'a>(item: &'a Value, key: &str) -> &'a str {
    item.get(key).and_then(Value::as_str).unwrap_or_default()
}

fn outcome(course: &str, name: &str, ok: Result<&str, String>) -> Value {
    match ok {
        Ok(message) => {
            json!({"status": "OK", "message": message, "courseId": course, "name": name})
        }
        Err(message) => {
            json!({"status": "ERROR", "message": message, "courseId": course, "name": name})
        }
    }
}

/// Answer each item of the body with `f`, under the lock.
fn each(
    s: &AppState,
    body: &Bytes,
    mut f: impl FnMut(&mut Blackboard, &Value) -> Value,
) -> Response {
    let items = match items(body) {
        Ok(i) => i,
        Err(r) => return r,
    };
    let mut bb = lock(&s.blackboard);
    let out: Vec<Value> = items.iter().map(|item| f(&mut bb, item)).collect();
    Json(Value::Array(out)).into_response()
}

async fn schemas(State(s): State<Arc<AppState>>, body: Bytes) -> Response {
    each(&s, &body, |bb, item| {
        let title = text(item, "title");
        let symbols = text(item, "symbols");
        let result = if title.is_empty() {
            Err("title is required".to_string())
        } else {
            match gradebridge::grading::GradeScale::from_blackboard_symbols(symbols) {
                Err(e) => Err(format!("Invalid symbols: {}", e.message())),
                Ok(_) => {
                    let existed = bb
                        .schemas
                        .insert(
                            title.to_string(),
                            json!({"symbols": symbols, "optionalData": item.get("optionalData")}),
                        )
                        .is_some();
                    Ok(if existed {
                        "Grade schema successfully updated"
                    } else {
                        "Grade schema successfully created"
                    })
                }
            }
        };
        outcome("", title, result)
    })
}

async fn gradable_items(State(s): State<Arc<AppState>>, body: Bytes) -> Response {
    each(&s, &body, |bb, item| {
        let course_id = text(item, "courseId");
        let name = text(item, "name");
        let schema = text(item, "gradeSchema");
        let result = if name.is_empty() {
            Err("name is required".to_string())
        } else if !schema.is_empty() && !bb.schemas.contains_key(schema) {
            Err(format!("Grade schema {schema} not found"))
        } else {
            match bb.courses.get_mut(course_id) {
                None => Err(format!("Course {course_id} not found")),
                Some(course) => {
                    let existed = course
                        .columns
                        .insert(name.to_string(), item.clone())
                        .is_some();
                    Ok(if existed {
                        "Gradecolumn successfully updated"
                    } else {
                        "Gradecolumn successfully created"
                    })
                }
            }
        };
        outcome(course_id, name, result)
    })
}

async fn delete_columns(State(s): State<Arc<AppState>>, body: Bytes) -> Response {
    each(&s, &body, |bb, item| {
        let course_id = text(item, "courseId");
        let name = text(item, "name");
        let result = match bb.courses.get_mut(course_id) {
            None => Err(format!("Course {course_id} not found")),
            Some(course) => match course.columns.remove(name) {
                None => Err(format!("Grade column {name} not found")),
                Some(_) => {
                    course.values.remove(name);
                    if course.external.as_deref() == Some(name) {
                        course.external = None;
                    }
                    Ok("Grade column successfully deleted")
                }
            },
        };
        outcome(course_id, name, result)
    })
}

async fn external_column(State(s): State<Arc<AppState>>, body: Bytes) -> Response {
    each(&s, &body, |bb, item| {
        let course_id = text(item, "courseId");
        let name = text(item, "name");
        let result = match bb.courses.get_mut(course_id) {
            None => Err(format!("Course {course_id} not found")),
            Some(course) if !course.columns.contains_key(name) => {
                Err(format!("Grade column {name} not found"))
            }
            Some(course) => {
                course.external = Some(name.to_string());
                Ok("External grade column successfully updated")
            }
        };
        outcome(course_id, name, result)
    })
}

async fn user_metadata(State(s): State<Arc<AppState>>, body: Bytes) -> Response {
    each(&s, &body, |bb, item| {
        let course_id = text(item, "courseId");
        let user = text(item, "userId");
        let result = match bb.courses.get_mut(course_id) {
            None => Err(format!("Course {course_id} not found")),
            Some(course) if !course.users.contains(user) => {
                Err(format!("User {user} is not enrolled in {course_id}"))
            }
            Some(course) => {
                course
                    .metadata
                    .insert(user.to_string(), text(item, "optionalData").to_string());
                Ok("User metadata successfully created")
            }
        };
        outcome(course_id, user, result)
    })
}

async fn grade_values(State(s): State<Arc<AppState>>, body: Bytes) -> Response {
    each(&s, &body, |bb, item| {
        let course_id = text(item, "courseId");
        let user = text(item, "userId");
        let name = text(item, "name");
        let value = text(item, "value");
        let schemas = bb.schemas.clone();
        let Blackboard {
            courses, applied, ..
        } = bb;
        let result = match courses.get_mut(course_id) {
            None => Err(format!("Course {course_id} not found")),
            Some(course) => match course.columns.get(name) {
                None => Err(format!("Grade column {name} not found")),
                Some(_) if !course.users.contains(user) => {
                    Err(format!("User {user} is not enrolled in {course_id}"))
                }
                Some(column) => {
                    let schema = column.get("gradeSchema").and_then(Value::as_str);
                    let symbols = schema
                        .and_then(|t| schemas.get(t))
                        .and_then(|v| v["symbols"].as_str())
                        .and_then(|s| {
                            gradebridge::grading::GradeScale::from_blackboard_symbols(s).ok()
                        });
                    let valid = value.parse::<f64>().is_ok_and(f64::is_finite)
                        || symbols.is_some_and(|sc| sc.levels().iter().any(|l| l.symbol == value));
                    if value.is_empty() || !valid {
                        Err(format!("Invalid grade value {value:?} for column {name}"))
                    } else {
                        course
                            .values
                            .entry(name.to_string())
                            .or_default()
                            .insert(user.to_string(), value.to_string());
                        *applied
                            .entry(format!("{course_id}/{name}/{user}"))
                            .or_default() += 1;
                        Ok("Grade value successfully added")
                    }
                }
            },
        };
        outcome(course_id, name, result)
    })
}
