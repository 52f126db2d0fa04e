//! The `/v2p3` directory of the sandbox: people (students, teachers, parents), year
//! groups, class students, memberships, the school. Seeded to agree with the demo
//! school's classes and grades: the same student ids, names and archived state.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use serde_json::{json, Map, Value};

use crate::routes::{flag, ids_param, not_found, paginate, param, parse_body};
use crate::school::{as_map, School};
use crate::{error_response, lock, AppState};

type S = State<Arc<AppState>>;
type Q = Query<Vec<(String, String)>>;

/// The three kinds of people, by their path and JSON key.
#[derive(Clone, Copy)]
pub(crate) enum Kind {
    Student,
    Teacher,
    Parent,
}

impl Kind {
    fn key(self) -> &'static str {
        match self {
            Kind::Student => "student",
            Kind::Teacher => "teacher",
            Kind::Parent => "parent",
        }
    }
    fn model(self) -> &'static str {
        match self {
            Kind::Student => "Student",
            Kind::Teacher => "Teacher",
            Kind::Parent => "Parent",
        }
    }
    fn store(self, school: &mut School) -> &mut BTreeMap<i64, Map<String, Value>> {
        match self {
            Kind::Student => &mut school.directory.students,
            Kind::Teacher => &mut school.directory.teachers,
            Kind::Parent => &mut school.directory.parents,
        }
    }
    /// The fields a caller may write (as the docs list them).
    fn writable(self) -> Vec<&'static str> {
        let mut v = vec![
            "email",
            "first_name",
            "middle_name",
            "last_name",
            "nickname",
            "other_name",
            "identifier",
            "gender",
            "birthday",
            "phone_number",
            "mobile_phone_number",
            "street_address",
            "street_address_ii",
            "city",
            "state",
            "zipcode",
            "country",
            "nationalities",
            "languages",
            "timezone",
            "password",
        ];
        v.extend(match self {
            Kind::Student => vec![
                "student_id",
                "graduated_on",
                "withdrawn_on",
                "homeroom_advisor_id",
                "year_group_id",
                "graduating_year",
                "parent_ids",
            ],
            Kind::Teacher => vec!["programs"],
            Kind::Parent => vec![
                "salutation",
                "title",
                "employer",
                "work_email",
                "work_phone",
                "work_address",
                "work_address_ii",
                "work_fax",
                "work_city",
                "work_state",
                "work_postal_code",
                "work_country",
                "child_ids",
            ],
        });
        v
    }
}

/// The directory's records in the API's JSON shape.
#[derive(Debug, Clone, Default)]
pub struct Directory {
    /// Students by id.
    pub students: BTreeMap<i64, Map<String, Value>>,
    /// Teachers by id.
    pub teachers: BTreeMap<i64, Map<String, Value>>,
    /// Parents by id.
    pub parents: BTreeMap<i64, Map<String, Value>>,
    /// Year groups by id (`student_ids` kept in the record).
    pub year_groups: BTreeMap<i64, Map<String, Value>>,
}

/// The email of a seeded student: `first.last@demo.gradebridge.test`.
pub fn student_email(first: &str, last: &str) -> String {
    format!(
        "{}.{}@demo.gradebridge.test",
        first.to_lowercase(),
        last.to_lowercase()
    )
}

impl Directory {
    /// The seeded directory for `school`'s students and classes.
    pub fn seed(school: &School) -> Directory {
        let created = "2025-08-01T08:00:00.000Z";
        let mut d = Directory::default();
        for (i, (id, s)) in school.students.iter().enumerate() {
            let (last, first) = s.name.split_once(", ").unwrap_or((s.name.as_str(), ""));
            let yg = if i < 20 { 301 } else { 302 };
            let parents: Vec<i64> = if i < 10 {
                vec![7001 + i as i64]
            } else {
                vec![]
            };
            d.students.insert(
                *id,
                as_map(json!({
                    "id": id,
                    "email": student_email(first, last),
                    "first_name": first,
                    "last_name": last,
                    "archived": s.archived,
                    "ui_language": "en",
                    "created_at": created,
                    "updated_at": created,
                    "student_id": format!("S{id}"),
                    "identifier": format!("S{id}"),
                    "gender": if i % 2 == 0 { "Female" } else { "Male" },
                    "timezone": "Europe/Amsterdam",
                    "homeroom_advisor_id": 1963,
                    "year_group_id": yg,
                    "graduating_year": if yg == 301 { 2027 } else { 2029 },
                    "parent_ids": parents,
                    "nationalities": [],
                    "languages": ["ENG"],
                    "role": "Student",
                })),
            );
        }
        let teachers = [
            (1960, "Ada", "Moreau"),
            (1961, "Bram", "Visser"),
            (1962, "Chiara", "Conti"),
            (1963, "Dev", "Rao"),
        ];
        for (id, first, last) in teachers {
            d.teachers.insert(
                id,
                as_map(json!({
                    "id": id,
                    "email": format!("{}.{}@demo.gradebridge.test", first.to_lowercase(), last.to_lowercase()),
                    "first_name": first,
                    "last_name": last,
                    "archived": false,
                    "ui_language": "en",
                    "timezone": "Europe/Amsterdam",
                    "programs": ["100_120"],
                    "nationalities": [],
                    "languages": ["ENG"],
                    "role": if id == 1963 { "Advisor" } else { "Teacher" },
                })),
            );
        }
        for i in 0..10i64 {
            let child = 5001 + i;
            let last = school.students[&child]
                .name
                .split(", ")
                .next()
                .unwrap_or("Parent")
                .to_string();
            d.parents.insert(
                7001 + i,
                as_map(json!({
                    "id": 7001 + i,
                    "email": format!("parent.{}@demo.gradebridge.test", last.to_lowercase()),
                    "first_name": "Sam",
                    "last_name": last,
                    "archived": false,
                    "ui_language": "en",
                    "child_ids": [child],
                    "children": [{"id": child, "relationship": "Parent"}],
                    "nationalities": [],
                    "languages": [],
                    "role": "Parent",
                })),
            );
        }
        for (id, name, short, program, code, grade, number, year) in [
            (
                301,
                "IB Diploma Group of 2027 (Grade 11)",
                "IB DP 2027",
                "IB Diploma",
                "diploma",
                "Grade 11",
                12,
                2027,
            ),
            (
                302,
                "IB MYP Group of 2029 (Year 4)",
                "IB MYP 2029",
                "IB Middle Years",
                "myp",
                "Year 4",
                10,
                2029,
            ),
        ] {
            let ids: Vec<i64> = d
                .students
                .iter()
                .filter(|(_, s)| s["year_group_id"] == json!(id))
                .map(|(k, _)| *k)
                .collect();
            d.year_groups.insert(
                id,
                as_map(json!({
                    "id": id, "name": name, "short_name": short, "program": program,
                    "program_code": code, "grade": grade, "archived": false,
                    "grade_number": number, "graduation_year": year, "student_ids": ids,
                })),
            );
        }
        d
    }
}

pub(crate) fn api() -> Router<Arc<AppState>> {
    Router::new()
        .merge(people(Kind::Student, true))
        .merge(people(Kind::Teacher, false))
        .merge(people(Kind::Parent, true))
        .route("/v2p3/year-groups", get(year_groups))
        .route("/v2p3/year-groups/{id}/students", get(year_group_students))
        .route("/v2p3/year-groups/{id}/advisors", get(year_group_advisors))
        .route(
            "/v2p3/year-groups/{id}/add_students",
            post(add_year_group_students),
        )
        .route(
            "/v2p3/year-groups/{id}/remove_students",
            post(remove_year_group_students),
        )
        .route("/v2p3/classes/{id}/students", get(class_students))
        .route("/v2p3/memberships", get(memberships))
        .route("/v2p3/school", get(school))
        .route("/v2p3/school/academic-years", get(academic_years))
        .route("/v2p3/school/grades", get(school_grades))
        .route("/v2p3/school/subjects", get(subjects))
        .route("/v2p3/ping", get(|| async { Json(json!({"pong": "ok"})) }))
        .route("/v2p3/avatars/{id}", get(avatar))
        .route(
            "/v2p3/year-groups/{id}/homeroom/attendance/term/{term_id}",
            get(homeroom_term_attendance),
        )
        .route(
            "/v2p3/year-groups/{id}/homeroom/attendance/date/{date}",
            get(homeroom_date_attendance),
        )
        .route(
            "/v2p3/classes/{id}/attendance/term/{term_id}",
            get(class_term_attendance),
        )
        .route(
            "/v2p3/classes/{id}/attendance/date/{date}",
            get(class_date_attendance),
        )
}

fn matches_q(rec: &Map<String, Value>, q: &str) -> bool {
    let q = q.to_lowercase();
    [
        "first_name",
        "last_name",
        "middle_name",
        "nickname",
        "other_name",
        "email",
        "student_id",
    ]
    .iter()
    .any(|k| {
        rec.get(*k)
            .and_then(Value::as_str)
            .is_some_and(|v| v.to_lowercase().contains(&q))
    })
}

fn list(st: &AppState, q: &[(String, String)], kind: Kind) -> Response {
    let mut school = lock(&st.school);
    let ids = ids_param(q, "ids");
    let year_groups = ids_param(q, "year_group_ids");
    let advisors = ids_param(q, "homeroom_advisor_ids");
    let archived = param(q, "archived").map(|v| matches!(v, "true" | "1"));
    let search = param(q, "q").map(str::to_string);
    let items: Vec<Value> = kind
        .store(&mut school)
        .iter()
        .filter(|(id, _)| ids.as_ref().is_none_or(|ids| ids.contains(id)))
        .filter(|(_, r)| archived.is_none_or(|a| r.get("archived") == Some(&json!(a))))
        .filter(|(_, r)| {
            year_groups.as_ref().is_none_or(|ids| {
                ids.iter()
                    .any(|y| r.get("year_group_id") == Some(&json!(y)))
            })
        })
        .filter(|(_, r)| {
            advisors.as_ref().is_none_or(|ids| {
                ids.iter()
                    .any(|y| r.get("homeroom_advisor_id") == Some(&json!(y)))
            })
        })
        .filter(|(_, r)| search.as_deref().is_none_or(|s| matches_q(r, s)))
        .map(|(_, r)| Value::Object(r.clone()))
        .collect();
    drop(school);
    paginate(st, q, &format!("{}s", kind.key()), items)
}

fn one(st: &AppState, id: i64, kind: Kind) -> Response {
    let mut school = lock(&st.school);
    match kind.store(&mut school).get(&id) {
        Some(r) => Json(json!({ kind.key(): r })).into_response(),
        None => not_found(kind.model(), id),
    }
}

/// The fields of a person write, refusing keys the docs do not list (422); nulls
/// are ignored, as the API ignores them.
fn person_fields(kind: Kind, body: &Value) -> Result<Map<String, Value>, Response> {
    let Some(obj) = body.get(kind.key()).and_then(Value::as_object) else {
        return Err(error_response(
            StatusCode::BAD_REQUEST,
            json!({"error": format!("param is missing or the value is empty: {}", kind.key())}),
        ));
    };
    let allowed = kind.writable();
    crate::routes::check_permitted(obj, &allowed)?;
    Ok(obj
        .iter()
        .filter(|(k, v)| !v.is_null() && k.as_str() != "password")
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect())
}

fn email_taken(
    store: &BTreeMap<i64, Map<String, Value>>,
    email: &Value,
    except: Option<i64>,
) -> bool {
    store
        .iter()
        .any(|(id, r)| Some(*id) != except && r.get("email") == Some(email))
}

fn create(st: &AppState, body: &Bytes, kind: Kind) -> Response {
    let body = match parse_body(body) {
        Ok(b) => b,
        Err(r) => return r,
    };
    let fields = match person_fields(kind, &body) {
        Ok(f) => f,
        Err(r) => return r,
    };
    let now = st.now_iso();
    let mut school = lock(&st.school);
    let email = fields.get("email").cloned().unwrap_or(Value::Null);
    if email.as_str().is_none_or(|e| e.trim().is_empty()) {
        return crate::routes::unprocessable(json!({"email": ["can't be blank"]}));
    }
    if email_taken(kind.store(&mut school), &email, None) {
        return crate::routes::unprocessable(json!({"email": ["has already been taken"]}));
    }
    let id = school.next_id();
    let mut rec = as_map(json!({
        "id": id, "archived": false, "ui_language": "en", "created_at": now, "updated_at": now,
        "nationalities": [], "languages": [], "role": kind.model(),
    }));
    rec.extend(fields);
    if let Kind::Student = kind {
        sync_student(&mut school, id, &rec);
    }
    kind.store(&mut school).insert(id, rec.clone());
    let welcome = body
        .pointer("/options/send_welcome_email")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let options = json!({"welcome_email": if welcome { "enqueued" } else { "skipped" }});
    (
        StatusCode::CREATED,
        Json(json!({ kind.key(): rec, "options": options })),
    )
        .into_response()
}

fn update(st: &AppState, id: i64, body: &Bytes, kind: Kind) -> Response {
    let body = match parse_body(body) {
        Ok(b) => b,
        Err(r) => return r,
    };
    let fields = match person_fields(kind, &body) {
        Ok(f) => f,
        Err(r) => return r,
    };
    let now = st.now_iso();
    let mut school = lock(&st.school);
    if let Some(email) = fields.get("email") {
        if email_taken(kind.store(&mut school), email, Some(id)) {
            return crate::routes::unprocessable(json!({"email": ["has already been taken"]}));
        }
    }
    let Some(rec) = kind.store(&mut school).get_mut(&id) else {
        return not_found(kind.model(), id);
    };
    rec.extend(fields);
    rec.insert("updated_at".into(), json!(now));
    let rec = rec.clone();
    if let Kind::Student = kind {
        sync_student(&mut school, id, &rec);
    }
    Json(json!({ kind.key(): rec })).into_response()
}

/// Keep the gradebook's view of a student (name, archived) in step.
fn sync_student(school: &mut School, id: i64, rec: &Map<String, Value>) {
    let first = rec.get("first_name").and_then(Value::as_str).unwrap_or("");
    let last = rec.get("last_name").and_then(Value::as_str).unwrap_or("");
    let archived = rec
        .get("archived")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let entry = school
        .students
        .entry(id)
        .or_insert_with(|| crate::school::Student {
            id,
            name: String::new(),
            archived,
        });
    entry.name = format!("{last}, {first}");
    entry.archived = archived;
}

fn set_archived(st: &AppState, id: i64, kind: Kind, archived: bool) -> Response {
    let mut school = lock(&st.school);
    let Some(rec) = kind.store(&mut school).get_mut(&id) else {
        return not_found(kind.model(), id);
    };
    rec.insert("archived".into(), json!(archived));
    let rec = rec.clone();
    if let Kind::Student = kind {
        sync_student(&mut school, id, &rec);
    }
    Json(json!({"status": "ok"})).into_response()
}

/// The routes of one kind of person: list, create, get, update, and archive and
/// unarchive where the API has them.
fn people(kind: Kind, archive: bool) -> Router<Arc<AppState>> {
    let base = format!("/v2p3/{}s", kind.key());
    let mut r = Router::new()
        .route(
            &base,
            get(move |State(st): S, Query(q): Q| async move { list(&st, &q, kind) })
                .post(move |State(st): S, body: Bytes| async move { create(&st, &body, kind) }),
        )
        .route(
            &format!("{base}/{{id}}"),
            get(move |State(st): S, Path(id): Path<i64>| async move { one(&st, id, kind) }).patch(
                move |State(st): S, Path(id): Path<i64>, body: Bytes| async move {
                    update(&st, id, &body, kind)
                },
            ),
        );
    if archive {
        for (suffix, archived) in [("archive", true), ("unarchive", false)] {
            r = r.route(
                &format!("{base}/{{id}}/{suffix}"),
                put(move |State(st): S, Path(id): Path<i64>| async move {
                    set_archived(&st, id, kind, archived)
                }),
            );
        }
    }
    r
}

async fn year_groups(State(st): S, Query(q): Q) -> Response {
    let school = lock(&st.school);
    let archived = param(&q, "archived").map(|v| matches!(v, "true" | "1"));
    let students = ids_param(&q, "student_ids");
    let items: Vec<Value> = school
        .directory
        .year_groups
        .values()
        .filter(|r| archived.is_none_or(|a| r.get("archived") == Some(&json!(a))))
        .filter(|r| {
            students.as_ref().is_none_or(|ids| {
                ids.iter().any(|s| {
                    r.get("student_ids")
                        .and_then(Value::as_array)
                        .is_some_and(|a| a.contains(&json!(s)))
                })
            })
        })
        .map(|r| Value::Object(r.clone()))
        .collect();
    drop(school);
    paginate(&st, &q, "year_groups", items)
}

fn year_group_ids(school: &School, id: i64) -> Option<Vec<i64>> {
    school.directory.year_groups.get(&id).map(|r| {
        r.get("student_ids")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_i64).collect())
            .unwrap_or_default()
    })
}

async fn year_group_students(State(st): S, Path(id): Path<i64>, Query(q): Q) -> Response {
    let school = lock(&st.school);
    let Some(ids) = year_group_ids(&school, id) else {
        return not_found("IbGroup", id);
    };
    let only = ids_param(&q, "student_ids");
    let items: Vec<Value> = ids
        .iter()
        .filter(|s| only.as_ref().is_none_or(|o| o.contains(s)))
        .filter_map(|s| school.directory.students.get(s))
        .map(|r| Value::Object(r.clone()))
        .collect();
    drop(school);
    paginate(&st, &q, "students", items)
}

async fn year_group_advisors(State(st): S, Path(id): Path<i64>) -> Response {
    let school = lock(&st.school);
    if !school.directory.year_groups.contains_key(&id) {
        return not_found("IbGroup", id);
    }
    Json(json!({"advisors": [{"id": 1963, "roles": ["homeroom", "cas"]}]})).into_response()
}

fn change_year_group(st: &AppState, id: i64, body: &Bytes, add: bool) -> Response {
    let body = match parse_body(body) {
        Ok(b) => b,
        Err(r) => return r,
    };
    let ids: Vec<i64> = body
        .get("student_ids")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_i64).collect())
        .unwrap_or_default();
    if ids.is_empty() {
        return error_response(
            StatusCode::BAD_REQUEST,
            json!({"error": "param is missing or the value is empty: student_ids"}),
        );
    }
    let mut school = lock(&st.school);
    if let Some(bad) = ids
        .iter()
        .find(|s| !school.directory.students.contains_key(s))
    {
        return not_found("Student", bad);
    }
    let Some(mut current) = year_group_ids(&school, id) else {
        return not_found("IbGroup", id);
    };
    for s in &ids {
        current.retain(|x| x != s);
        if add {
            current.push(*s);
        }
        if let Some(rec) = school.directory.students.get_mut(s) {
            rec.insert(
                "year_group_id".into(),
                if add { json!(id) } else { Value::Null },
            );
        }
    }
    current.sort_unstable();
    if let Some(yg) = school.directory.year_groups.get_mut(&id) {
        yg.insert("student_ids".into(), json!(current));
    }
    Json(json!({"status": "ok"})).into_response()
}

async fn add_year_group_students(State(st): S, Path(id): Path<i64>, body: Bytes) -> Response {
    change_year_group(&st, id, &body, true)
}
async fn remove_year_group_students(State(st): S, Path(id): Path<i64>, body: Bytes) -> Response {
    change_year_group(&st, id, &body, false)
}

async fn class_students(State(st): S, Path(id): Path<i64>, Query(q): Q) -> Response {
    let school = lock(&st.school);
    let Some(class) = school.classes.get(&id) else {
        return not_found("IbClass", id);
    };
    let archived = flag(&q, "include_archived_students");
    let only = ids_param(&q, "student_ids");
    let ids: Vec<i64> = class
        .members
        .iter()
        .filter(|s| archived || school.students.get(s).is_some_and(|x| !x.archived))
        .filter(|s| only.as_ref().is_none_or(|o| o.contains(s)))
        .copied()
        .collect();
    let levels: Map<String, Value> = ids
        .iter()
        .filter_map(|s| class.levels.get(s).map(|l| (s.to_string(), json!(l))))
        .collect();
    drop(school);
    let (page, meta) = crate::routes::page_of(&st, &q, ids.iter().map(|i| json!(i)).collect());
    let page_levels: Map<String, Value> = levels
        .into_iter()
        .filter(|(k, _)| {
            page.iter()
                .any(|i| i.as_i64().is_some_and(|n| k.parse() == Ok(n)))
        })
        .collect();
    let mut v = json!({"student_ids": page, "meta": meta});
    if !page_levels.is_empty() {
        v["student_levels"] = Value::Object(page_levels);
    }
    Json(v).into_response()
}

async fn memberships(State(st): S, Query(q): Q) -> Response {
    let school = lock(&st.school);
    let classes = ids_param(&q, "class_ids");
    let users = ids_param(&q, "user_ids");
    let students = ids_param(&q, "student_ids");
    let mut items = Vec::new();
    let mut n = 0;
    for (class_id, class) in &school.classes {
        if classes.as_ref().is_some_and(|c| !c.contains(class_id)) {
            continue;
        }
        let teacher = class
            .data
            .get("teachers")
            .and_then(|t| t[0]["teacher_id"].as_i64());
        let mut people: Vec<(i64, &str)> = teacher.map(|t| (t, "Teacher")).into_iter().collect();
        people.extend(class.members.iter().map(|s| (*s, "Student")));
        for (user, role) in people {
            n += 1;
            if users.as_ref().is_some_and(|u| !u.contains(&user)) {
                continue;
            }
            if students
                .as_ref()
                .is_some_and(|u| role != "Student" || !u.contains(&user))
            {
                continue;
            }
            let record = if role == "Student" {
                school.directory.students.get(&user)
            } else {
                school.directory.teachers.get(&user)
            };
            let mut m = json!({
                "id": 100_000 + n,
                "user_id": user,
                "class_id": class_id,
                "user_email": record.and_then(|r| r.get("email")).cloned().unwrap_or(Value::Null),
                "uniq_class_id": class.data.get("uniq_id").cloned().unwrap_or(Value::Null),
                "role": role,
                "created_at": "2025-08-01T08:00:00.000Z",
                "updated_at": "2025-08-01T08:00:00.000Z",
            });
            if role == "Student" {
                m["uniq_student_id"] = record
                    .and_then(|r| r.get("student_id"))
                    .cloned()
                    .unwrap_or(Value::Null);
                if let Some(level) = class.levels.get(&user) {
                    m["level"] = json!(if level == "HL" { 1 } else { 0 });
                }
            }
            items.push(m);
        }
    }
    drop(school);
    paginate(&st, &q, "memberships", items)
}

async fn school(State(_st): S) -> Response {
    Json(json!({"school": {
        "subdomain": "demo", "name": "gradebridge Demo School", "country": "NL", "language": "en",
        "session_in_may": true, "programs": ["IB Diploma", "IB Middle Years"],
        "enabled_programs": [{"name": "IB Diploma", "code": "diploma"}, {"name": "IB Middle Years", "code": "myp"}],
    }}))
    .into_response()
}

async fn academic_years(State(st): S, Query(q): Q) -> Response {
    let school = lock(&st.school);
    let terms: Vec<Value> = school
        .terms
        .iter()
        .enumerate()
        .map(|(i, t)| json!({"id": t.id, "name": t.name, "active": i == 1, "starts_on": t.starts, "ends_on": t.ends, "exam_grade": false}))
        .collect();
    let year = |id: i64| json!({"academic_years": [{"id": id, "name": "August 2025 - July 2026", "active": true, "starts_on": "2025-08-18", "ends_on": "2026-06-12", "academic_terms": terms}]});
    let mut out = Map::new();
    for (code, id) in [("diploma", 2501), ("myp", 2502)] {
        if param(&q, "program_code").is_none_or(|p| p == code) {
            out.insert(code.into(), year(id));
        }
    }
    Json(json!({"academic_years": out})).into_response()
}

async fn school_grades(State(_st): S) -> Response {
    Json(json!({"school": {"programs": [
        {"name": "IB Diploma", "code": "diploma", "grades": [
            {"name": "Grade 11", "label": "DP1", "code": "diploma;12", "uid": 100120015, "grade_number": 12},
            {"name": "Grade 12", "label": "DP2", "code": "diploma;13", "uid": 100120016, "grade_number": 13}]},
        {"name": "IB Middle Years", "code": "myp", "grades": [
            {"name": "Year 4", "label": "Grade 9", "code": "myp;10", "uid": 100110013, "grade_number": 10}]}
    ]}}))
    .into_response()
}

async fn subjects(State(st): S) -> Response {
    let school = lock(&st.school);
    let mut out: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for class in school.classes.values() {
        let code = class
            .data
            .get("program_code")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let mut s = json!({
            "id": class.data.get("subject_id").cloned().unwrap_or(Value::Null),
            "name": class.data.get("subject_name").cloned().unwrap_or(Value::Null),
            "group": class.data.get("subject_group").cloned().unwrap_or(Value::Null),
            "group_id": class.data.get("subject_group_id").cloned().unwrap_or(Value::Null),
        });
        if code == "diploma" {
            s["hl"] = json!(true);
            s["sl"] = json!(true);
        }
        out.entry(code).or_default().push(s);
    }
    Json(json!({ "subjects": out })).into_response()
}

// ---------------------------------------------------------------------------------
// Attendance: deterministic marks derived from the ids, so a report reads the same
// every time.

fn term_totals(student: i64, term: i64) -> Value {
    let absent = (student + term) % 4;
    let late = (student * 7 + term) % 3;
    let present = 60 - absent - late;
    json!({
        "id": student,
        "attendance": {"Present": present, "Absent": absent, "Late": late},
        "attendance_categories": [
            {"label": "Present", "status": 1, "value": present},
            {"label": "Absent", "status": 0, "value": absent},
            {"label": "Late", "status": -1, "value": late},
        ],
    })
}

fn mark(student: i64, date: &str, period: i64) -> Value {
    let day: i64 = date.bytes().map(i64::from).sum();
    let absent = (student + day + period) % 9 == 0;
    json!({
        "status": if absent { "Absent" } else { "Present" },
        "note": if absent { "Reported by the office." } else { "" },
        "category": {"status": if absent { 0 } else { 1 }},
    })
}

fn valid_date(date: &str) -> bool {
    date.len() == 10 && date.parse::<jiff::civil::Date>().is_ok()
}

fn bad_date(date: &str) -> Response {
    error_response(
        StatusCode::BAD_REQUEST,
        json!({"error": format!("invalid date: {date}")}),
    )
}

fn only(q: &[(String, String)], ids: Vec<i64>) -> Vec<i64> {
    let filter = ids_param(q, "student_ids");
    ids.into_iter()
        .filter(|s| filter.as_ref().is_none_or(|f| f.contains(s)))
        .collect()
}

/// Whose attendance a report covers: a year group's homeroom or a class.
#[derive(Clone, Copy)]
enum Group {
    Homeroom,
    Class,
}

/// A report: each student of the group (filtered by `student_ids`) as `record`
/// makes it; a class report adds how its timetable numbers periods.
fn attendance(
    st: &AppState,
    group: Group,
    id: i64,
    q: &[(String, String)],
    record: impl Fn(i64) -> Value,
) -> Response {
    let school = lock(&st.school);
    let ids = match group {
        Group::Homeroom => year_group_ids(&school, id),
        Group::Class => school
            .classes
            .get(&id)
            .map(|c| c.members.iter().copied().collect()),
    };
    let Some(ids) = ids else {
        return match group {
            Group::Homeroom => not_found("IbGroup", id),
            Group::Class => not_found("IbClass", id),
        };
    };
    let students: Vec<Value> = only(q, ids).into_iter().map(record).collect();
    match group {
        Group::Homeroom => Json(json!({ "students": students })).into_response(),
        Group::Class => Json(json!({
            "students": students,
            "timetable": {"period_starts_count_from": 1, "period_offset": 0},
        }))
        .into_response(),
    }
}

async fn homeroom_term_attendance(
    State(st): S,
    Path((id, term)): Path<(i64, i64)>,
    Query(q): Q,
) -> Response {
    attendance(&st, Group::Homeroom, id, &q, |s| term_totals(s, term))
}

async fn class_term_attendance(
    State(st): S,
    Path((id, term)): Path<(i64, i64)>,
    Query(q): Q,
) -> Response {
    attendance(&st, Group::Class, id, &q, |s| term_totals(s, term + id))
}

async fn homeroom_date_attendance(
    State(st): S,
    Path((id, date)): Path<(i64, String)>,
    Query(q): Q,
) -> Response {
    if !valid_date(&date) {
        return bad_date(&date);
    }
    attendance(
        &st,
        Group::Homeroom,
        id,
        &q,
        |s| json!({"id": s, "attendance": mark(s, &date, 0)}),
    )
}

async fn class_date_attendance(
    State(st): S,
    Path((id, date)): Path<(i64, String)>,
    Query(q): Q,
) -> Response {
    if !valid_date(&date) {
        return bad_date(&date);
    }
    attendance(
        &st,
        Group::Class,
        id,
        &q,
        |s| json!({"id": s, "attendance": {"1": mark(s, &date, 1), "3": mark(s, &date, 3)}}),
    )
}

/// `GET /v2p3/avatars/{id}`: a redirect to the image, as the API answers.
async fn avatar(State(st): S, Path(id): Path<i64>) -> Response {
    let school = lock(&st.school);
    let d = &school.directory;
    if !(d.students.contains_key(&id)
        || d.teachers.contains_key(&id)
        || d.parents.contains_key(&id))
    {
        return not_found("User", id);
    }
    (
        StatusCode::FOUND,
        [("location", format!("/__sandbox/avatars/{id}.png"))],
    )
        .into_response()
}
