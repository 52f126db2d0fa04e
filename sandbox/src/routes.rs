//! The ManageBac routes of the sandbox.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, patch, post};
use axum::{Json, Router};
use serde_json::{json, Map, Value};

use crate::school::{as_map, num, School, TaskRec};
use crate::{error_response, lock, AppState};

type S = State<Arc<AppState>>;
type Q = Query<Vec<(String, String)>>;

pub(crate) fn api() -> Router<Arc<AppState>> {
    Router::new()
        .route(
            "/v2/classes/{class_id}/assessments/term/{term_id}/grades",
            get(class_grades),
        )
        .route(
            "/v2/classes/{class_id}/assessments/term/{term_id}/term-grades",
            get(term_grades),
        )
        .route("/v2/classes/{class_id}/tasks", get(tasks).post(create_task))
        .route(
            "/v2/classes/{class_id}/tasks/{task_id}",
            get(get_task).put(update_task).delete(delete_task),
        )
        .route(
            "/v2/classes/{class_id}/tasks/{task_id}/students",
            get(task_results),
        )
        .route(
            "/v2/tasks/{task_id}/students/{student_id}",
            patch(update_task_grade),
        )
        .route(
            "/v2/tasks/{task_id}/students",
            patch(update_task_grades).delete(reset_task_grades),
        )
        .route("/v2/classes/{class_id}/criteria", get(criteria))
        .route(
            "/v2/classes/{class_id}/task_categories",
            get(task_categories),
        )
        .route(
            "/v2p0/classes",
            get(classes).post(create_class).patch(upsert_classes),
        )
        .route(
            "/v2p0/classes/{class_id}",
            get(get_class).patch(update_class),
        )
        .route("/v2p0/classes/{class_id}/add_students", post(add_students))
        .route(
            "/v2p0/classes/{class_id}/remove_students",
            post(remove_students),
        )
        .route(
            "/v2p0/classes/{class_id}/students",
            patch(update_class_students),
        )
}

// ---------------------------------------------------------------------------------
// Helpers

pub(crate) fn not_found(model: &str, id: impl std::fmt::Display) -> Response {
    error_response(
        StatusCode::NOT_FOUND,
        json!({"error": format!("Couldn't find {model} with 'id'={id}")}),
    )
}

pub(crate) fn unprocessable(errors: Value) -> Response {
    error_response(
        StatusCode::UNPROCESSABLE_ENTITY,
        json!({ "errors": errors }),
    )
}

pub(crate) fn param<'a>(q: &'a [(String, String)], key: &str) -> Option<&'a str> {
    q.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
}

pub(crate) fn flag(q: &[(String, String)], key: &str) -> bool {
    matches!(param(q, key), Some("true" | "1" | "True"))
}

pub(crate) fn ids_param(q: &[(String, String)], key: &str) -> Option<Vec<i64>> {
    let bracket = format!("{key}[]");
    let mut out = Vec::new();
    let mut seen = false;
    for (k, v) in q {
        if k == key || *k == bracket {
            seen = true;
            out.extend(v.split(',').filter_map(|s| s.trim().parse::<i64>().ok()));
        }
    }
    seen.then_some(out)
}

/// The page of `items` that `page` / `per_page` (at most 200) ask for, and its
/// `meta`. With the `short_page` fault, that page holds half as many records (none
/// lost: later pages shift), as the real API sometimes does.
pub(crate) fn page_of(
    state: &AppState,
    q: &[(String, String)],
    items: Vec<Value>,
) -> (Vec<Value>, Value) {
    let per_page = param(q, "per_page")
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(state.config.default_per_page as usize)
        .clamp(1, 200);
    let page = param(q, "page")
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(1)
        .max(1);
    let short = state.short_page().map(|p| p as usize);
    let mut chunks: Vec<std::ops::Range<usize>> = Vec::new();
    let mut start = 0;
    while start < items.len() {
        let n = if short == Some(chunks.len() + 1) {
            (per_page / 2).max(1)
        } else {
            per_page
        };
        let end = (start + n).min(items.len());
        chunks.push(start..end);
        start = end;
    }
    let total_pages = chunks.len().max(1);
    let slice: Vec<Value> = chunks
        .get(page - 1)
        .map(|r| items[r.clone()].to_vec())
        .unwrap_or_default();
    let meta = json!({"current_page": page, "total_pages": total_pages, "total_count": items.len(), "per_page": per_page});
    (slice, meta)
}

/// Paginate `items` under `key`, with `meta` (see [`page_of`]).
pub(crate) fn paginate(
    state: &AppState,
    q: &[(String, String)],
    key: &str,
    items: Vec<Value>,
) -> Response {
    let (slice, meta) = page_of(state, q, items);
    Json(json!({ key: slice, "meta": meta })).into_response()
}

pub(crate) fn parse_body(body: &Bytes) -> Result<Value, Response> {
    serde_json::from_slice::<Value>(body).map_err(|e| {
        error_response(
            StatusCode::BAD_REQUEST,
            json!({"error": format!("invalid JSON body: {e}")}),
        )
    })
}

/// The array under `key` of a JSON body, or the 400 the API answers without it.
fn array_param(body: &Bytes, key: &str) -> Result<Vec<Value>, Response> {
    let v = parse_body(body)?;
    match v.get(key).and_then(Value::as_array) {
        Some(items) => Ok(items.clone()),
        None => Err(error_response(
            StatusCode::BAD_REQUEST,
            json!({"error": format!("param is missing or the value is empty: {key}")}),
        )),
    }
}

/// 422 for keys that are not permitted, as ManageBac answers.
pub(crate) fn check_permitted(obj: &Map<String, Value>, allowed: &[&str]) -> Result<(), Response> {
    let bad: Vec<String> = obj
        .keys()
        .filter(|k| !allowed.contains(&k.as_str()))
        .map(|k| format!(":{k}"))
        .collect();
    if bad.is_empty() {
        Ok(())
    } else {
        Err(error_response(
            StatusCode::UNPROCESSABLE_ENTITY,
            json!({"error": format!("found unpermitted parameters: {}", bad.join(", ")), "allowed_params": allowed}),
        ))
    }
}

fn student_visible(school: &School, id: i64, include_archived: bool) -> bool {
    school
        .students
        .get(&id)
        .map(|s| include_archived || !s.archived)
        .unwrap_or(false)
}

fn student_name(school: &School, id: i64) -> Value {
    school
        .students
        .get(&id)
        .map(|s| json!(s.name))
        .unwrap_or(Value::Null)
}

fn is_datetime(s: &str) -> bool {
    gradebridge::Timestamp::new(s).civil().is_some()
}

// ---------------------------------------------------------------------------------
// Coursework

/// The class whose grades `PUT /__sandbox/load-class` generates.
pub const LOAD_CLASS_ID: i64 = 9999;

/// One page of the generated load class: `students` students with `tasks` assignments
/// each (the shape of the decode benchmarks' page), made for this request only.
fn load_class_page(students: usize, tasks: usize, q: &[(String, String)]) -> Response {
    let per_page = param(q, "per_page")
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(100)
        .clamp(1, 200);
    let page = param(q, "page")
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(1)
        .max(1);
    let start = ((page - 1) * per_page).min(students);
    let end = (start + per_page).min(students);
    let items: Vec<Value> = (start..end)
        .map(|s| {
            let assignments: Vec<Value> = (0..tasks)
                .map(|t| {
                    let max = 10 + 5 * (t % 5);
                    let score = (s * 7 + t * 3) % (max + 1);
                    json!({
                        "id": 18_000_000 + t, "name": format!("Task number {t}"),
                        "group_mark": 1 + (score * 6) / max, "dropbox_status": "early",
                        "due_date": "2023-04-25T14:05:00.000Z",
                        "comment": if (s + t) % 4 == 0 { json!("Great analysis, the improvement is noticeable") } else { Value::Null },
                        "score": score, "max_points": max
                    })
                })
                .collect();
            json!({"id": 12_000_000 + s, "name": format!("Student{s:05}, Given"), "assignments": assignments})
        })
        .collect();
    let meta = json!({"current_page": page, "total_pages": students.div_ceil(per_page).max(1),
        "total_count": students, "per_page": per_page});
    Json(json!({"students": items, "meta": meta})).into_response()
}

async fn class_grades(
    State(st): S,
    Path((class_id, term_id)): Path<(i64, i64)>,
    Query(q): Q,
) -> Response {
    if class_id == LOAD_CLASS_ID {
        if let Some((students, tasks)) = *lock(&st.load_class) {
            return load_class_page(students, tasks, &q);
        }
    }
    let items = {
        let school = lock(&st.school);
        let Some(class) = school.classes.get(&class_id) else {
            return not_found("IbClass", class_id);
        };
        if !school.terms.iter().any(|t| t.id == term_id) {
            return not_found("AcademicTerm", term_id);
        }
        let archived = flag(&q, "include_archived_students");
        let tasks: Vec<&TaskRec> = school
            .tasks
            .values()
            .filter(|t| t.class_id == class_id && t.term_id == term_id)
            .collect();
        class
            .members
            .iter()
            .filter(|s| student_visible(&school, **s, archived))
            .map(|s| {
                let assignments: Vec<Value> = tasks
                    .iter()
                    .filter_map(|t| {
                        let r = school.results.get(&(t.id(), *s))?;
                        let score = r.score()?;
                        let max = t.max_points();
                        let mut a = json!({
                            "id": t.id(),
                            "name": t.data.get("name"),
                            "due_date": t.data.get("due_date"),
                            "comment": r.comment(),
                            "score": num(score),
                        });
                        if let Some(m) = max {
                            a["max_points"] = num(m);
                            if m > 0.0 {
                                a["group_mark"] = json!(school.grade_for(100.0 * score / m));
                            }
                        }
                        if t.data.get("enable_dropbox").and_then(Value::as_bool) == Some(true) {
                            a["dropbox_status"] =
                                json!(if r.fields.get("is_late").and_then(Value::as_bool)
                                    == Some(true)
                                {
                                    "late"
                                } else {
                                    "early"
                                });
                        }
                        Some(a)
                    })
                    .collect();
                json!({"id": s, "name": student_name(&school, *s), "assignments": assignments})
            })
            .collect::<Vec<_>>()
    };
    paginate(&st, &q, "students", items)
}

async fn term_grades(
    State(st): S,
    Path((class_id, term_id)): Path<(i64, i64)>,
    Query(q): Q,
) -> Response {
    let items =
        {
            let school = lock(&st.school);
            let Some(class) = school.classes.get(&class_id) else {
                return not_found("IbClass", class_id);
            };
            if !school.terms.iter().any(|t| t.id == term_id) {
                return not_found("AcademicTerm", term_id);
            }
            let archived = flag(&q, "include_archived_students");
            let filter = ids_param(&q, "student_ids");
            let pool: Vec<i64> = if flag(&q, "unenrolled_only") {
                class.former.iter().copied().collect()
            } else {
                class.members.iter().copied().collect()
            };
            pool.into_iter()
                .filter(|s| student_visible(&school, *s, archived))
                .filter(|s| filter.as_ref().map(|f| f.contains(s)).unwrap_or(true))
                .map(|s| {
                    let avg = school.term_average(class_id, term_id, s);
                    let rubric = ["Excellent", "Good", "Satisfactory"][(s % 3) as usize];
                    let term_grade = avg.map(|p| {
                    let g = school.grade_for(p);
                    // Like the real API, the average's grade is sometimes a string.
                    let avg_grade = if s % 2 == 0 { json!(g.to_string()) } else { json!(g) };
                    json!({
                        "grade": g,
                        "average": {"percent": p, "grade": avg_grade},
                        "comments": school.term_comments.get(&(class_id, term_id, s)),
                        "rubrics": [{"id": 11181, "title": "Class Participation", "grade": rubric}]
                    })
                });
                    json!({"id": s, "name": student_name(&school, s), "term_grade": term_grade})
                })
                .collect::<Vec<_>>()
        };
    paginate(&st, &q, "students", items)
}

async fn tasks(State(st): S, Path(class_id): Path<i64>, Query(q): Q) -> Response {
    let items = {
        let school = lock(&st.school);
        if !school.classes.contains_key(&class_id) {
            return not_found("IbClass", class_id);
        }
        let term = param(&q, "term_id").and_then(|v| v.parse::<i64>().ok());
        school
            .tasks
            .values()
            .filter(|t| t.class_id == class_id && term.map(|x| x == t.term_id).unwrap_or(true))
            .map(|t| Value::Object(t.data.clone()))
            .collect::<Vec<_>>()
    };
    paginate(&st, &q, "tasks", items)
}

fn task_detail(school: &School, t: &TaskRec) -> Value {
    let mut v = Value::Object(t.data.clone());
    if let Some(cat) = v.get_mut("category") {
        cat["weight"] = json!(school.task_weight(t));
    }
    let kind = t
        .data
        .get("assessment_type")
        .and_then(|a| a.get("kind"))
        .cloned()
        .unwrap_or(Value::Null);
    let name = t
        .data
        .get("assessment_type")
        .and_then(|a| a.get("name"))
        .cloned()
        .unwrap_or(Value::Null);
    v["task_type"] = kind;
    v["task_type_name"] = name;
    v["dropbox"] = t
        .data
        .get("enable_dropbox")
        .cloned()
        .unwrap_or(json!(false));
    v["task_work_templates"] = json!([]);
    if let Some(max) = t.max_points() {
        v["assessment_types"] = json!({"comments": {}, "points": {"max_score": num(max)}});
    }
    v
}

fn find_task(school: &School, class_id: i64, task_id: i64) -> Result<&TaskRec, Response> {
    if !school.classes.contains_key(&class_id) {
        return Err(not_found("IbClass", class_id));
    }
    match school.tasks.get(&task_id) {
        Some(t) if t.class_id == class_id => Ok(t),
        _ => Err(not_found("CoreTask", task_id)),
    }
}

async fn get_task(State(st): S, Path((class_id, task_id)): Path<(i64, i64)>) -> Response {
    let school = lock(&st.school);
    match find_task(&school, class_id, task_id) {
        Ok(t) => Json(json!({"task": task_detail(&school, t)})).into_response(),
        Err(r) => r,
    }
}

const TASK_KEYS: &[&str] = &[
    "author_id",
    "name",
    "due_date",
    "assessment_type_id",
    "task_category_id",
    "notify_group",
    "notify_parents",
    "unit_id",
    "lesson_experience_id",
    "hl",
    "sl",
    "notes",
    "enable_dropbox",
    "enable_turnitin",
    "dropbox_opening_days",
    "assigned_student_ids",
    "draft",
    "phase",
    "assessments",
];

/// Validate a `core_task` and apply it to `data`. Returns field errors.
/// What a task write sets that the API applies without rendering it.
fn unrendered(input: &Map<String, Value>) -> Map<String, Value> {
    ["notify_group", "notify_parents", "phase"]
        .iter()
        .filter_map(|k| {
            input
                .get(*k)
                .filter(|v| !v.is_null())
                .map(|v| (k.to_string(), v.clone()))
        })
        .collect()
}

fn apply_task(
    school: &School,
    class_id: i64,
    data: &mut Map<String, Value>,
    input: &Map<String, Value>,
    creating: bool,
) -> Result<(), Response> {
    check_permitted(input, TASK_KEYS)?;
    // Nulls are ignored, as the API documents (and never rendered).
    let input: Map<String, Value> = input
        .iter()
        .filter(|(_, v)| !v.is_null())
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let input = &input;
    let mut errors = Map::new();
    let mut err = |k: &str, m: &str| {
        errors.insert(k.to_string(), json!([m]));
    };
    match input.get("name") {
        Some(Value::String(s)) if !s.trim().is_empty() => {}
        Some(_) => err("name", "can't be blank"),
        None if creating => err("name", "can't be blank"),
        None => {}
    }
    if let Some(d) = input.get("due_date") {
        if !d.as_str().map(is_datetime).unwrap_or(false) {
            err("due_date", "is not a valid datetime");
        }
    }
    let category = input.get("task_category_id").map(|c| {
        c.as_i64().and_then(|id| {
            school.classes[&class_id]
                .categories
                .iter()
                .find(|k| k.get("id").and_then(Value::as_i64) == Some(id))
                .cloned()
        })
    });
    if let Some(None) = category {
        err("task_category_id", "is invalid");
    }
    let max = input
        .get("assessments")
        .and_then(|a| a.get("points"))
        .and_then(|p| p.get("max_points"));
    if let Some(m) = max {
        if !m.as_f64().map(|x| x >= 0.0).unwrap_or(false) {
            err("max_points", "must be greater than or equal to 0");
        }
    }
    let assessment_type = input.get("assessment_type_id").map(|v| match v.as_i64() {
        Some(17) => Some(json!({"id": 17, "kind": "summative", "name": "Summative"})),
        Some(18) => Some(json!({"id": 18, "kind": "formative", "name": "Formative"})),
        _ => None,
    });
    if let Some(None) = assessment_type {
        err("assessment_type_id", "is invalid");
    }
    if !errors.is_empty() {
        return Err(unprocessable(Value::Object(errors)));
    }
    if let Some(Some(t)) = assessment_type {
        data.insert("assessment_type".into(), t);
    }
    for key in [
        "name",
        "notes",
        "due_date",
        "enable_dropbox",
        "draft",
        "dropbox_opening_days",
        "unit_id",
        "lesson_experience_id",
        "hl",
        "sl",
    ] {
        if let Some(v) = input.get(key) {
            data.insert(key.to_string(), v.clone());
        }
    }
    if let Some(v) = input.get("enable_turnitin") {
        data.insert("turnitin".into(), v.clone());
    }
    if let Some(v) = input.get("author_id") {
        data.insert("author".into(), json!({"id": v}));
    }
    if let Some(v) = input.get("assigned_student_ids") {
        data.insert("assigned_students".into(), v.clone());
    }
    if let Some(Some(cat)) = category {
        data.insert(
            "category".into(),
            json!({"id": cat["id"], "name": cat["name"]}),
        );
    }
    if let Some(a) = input.get("assessments").and_then(Value::as_object) {
        let mut out = data
            .get("assessments")
            .cloned()
            .map(as_map)
            .unwrap_or_default();
        for (kind, title) in [
            ("binary", "Binary"),
            ("points", "Points"),
            ("criteria", "Criteria"),
            ("comment", "Comment"),
        ] {
            if let Some(spec) = a.get(kind) {
                let enabled = spec.get("enabled").and_then(Value::as_bool).unwrap_or(true);
                if !enabled {
                    out.remove(kind);
                    continue;
                }
                let mut entry = json!({"title": title});
                if kind == "points" {
                    entry["max_points"] = spec.get("max_points").cloned().unwrap_or(json!(100));
                }
                if kind == "criteria" {
                    entry["criterions"] = spec.get("criterion_ids").cloned().unwrap_or(json!([]));
                }
                out.insert(kind.to_string(), entry);
            }
        }
        data.insert("assessments".into(), Value::Object(out));
    }
    Ok(())
}

fn core_task(body: &Bytes) -> Result<Map<String, Value>, Response> {
    let v = parse_body(body)?;
    match v.get("core_task") {
        Some(Value::Object(m)) => Ok(m.clone()),
        _ => Err(error_response(
            StatusCode::BAD_REQUEST,
            json!({"error": "param is missing or the value is empty: core_task"}),
        )),
    }
}

async fn create_task(State(st): S, Path(class_id): Path<i64>, body: Bytes) -> Response {
    let input = match core_task(&body) {
        Ok(m) => m,
        Err(r) => return r,
    };
    let mut school = lock(&st.school);
    if !school.classes.contains_key(&class_id) {
        return not_found("IbClass", class_id);
    }
    let id = school.next_id();
    let mut data = as_map(json!({
        "id": id, "notes": "", "author": {"id": 1960}, "enable_dropbox": false, "draft": false,
        "assessment_type": {"id": 18, "kind": "formative", "name": "Formative"},
        "google_drive_dropbox": false, "ib_class_id": class_id, "assigned_students": [],
        "turnitin": false, "assessments": {}
    }));
    if let Err(r) = apply_task(&school, class_id, &mut data, &input, true) {
        return r;
    }
    let term_id = data
        .get("due_date")
        .and_then(Value::as_str)
        .map(|d| school.term_for_date(d))
        .unwrap_or_else(|| school.terms.first().map(|t| t.id).unwrap_or(0));
    let rec = TaskRec {
        class_id,
        term_id,
        data,
        extra: unrendered(&input),
    };
    // The documented answer: the task in its list shape.
    let body = json!({"task": rec.data});
    school.tasks.insert(id, rec);
    (StatusCode::CREATED, Json(body)).into_response()
}

async fn update_task(
    State(st): S,
    Path((class_id, task_id)): Path<(i64, i64)>,
    body: Bytes,
) -> Response {
    let input = match core_task(&body) {
        Ok(m) => m,
        Err(r) => return r,
    };
    let mut school = lock(&st.school);
    let mut data = match find_task(&school, class_id, task_id) {
        Ok(t) => t.data.clone(),
        Err(r) => return r,
    };
    if let Err(r) = apply_task(&school, class_id, &mut data, &input, false) {
        return r;
    }
    let Some(rec) = school.tasks.get_mut(&task_id) else {
        return not_found("CoreTask", task_id);
    };
    rec.data = data;
    rec.extra.extend(unrendered(&input));
    Json(json!({"task": rec.data})).into_response()
}

async fn delete_task(State(st): S, Path((class_id, task_id)): Path<(i64, i64)>) -> Response {
    let mut school = lock(&st.school);
    if let Err(r) = find_task(&school, class_id, task_id) {
        return r;
    }
    school.tasks.remove(&task_id);
    school.results.retain(|(t, _), _| *t != task_id);
    StatusCode::NO_CONTENT.into_response()
}

async fn task_results(
    State(st): S,
    Path((class_id, task_id)): Path<(i64, i64)>,
    Query(q): Q,
) -> Response {
    let items = {
        let school = lock(&st.school);
        let t = match find_task(&school, class_id, task_id) {
            Ok(t) => t,
            Err(r) => return r,
        };
        let max = t.max_points();
        school.classes[&class_id]
            .members
            .iter()
            .filter(|s| student_visible(&school, **s, false))
            .map(|s| {
                let r = school.results.get(&(task_id, *s));
                let mut assessments = json!({
                    "comments": r.and_then(|r| r.comment()),
                    "points": {"score": r.and_then(|r| r.score()).map(num), "max_score": max.map(num)},
                });
                if t.data.get("enable_dropbox").and_then(Value::as_bool) == Some(true) {
                    assessments["dropbox_status"] = json!(if r.is_some() { "early" } else { "waiting" });
                }
                json!({"id": s, "name": student_name(&school, *s), "task_works": [], "assessments": assessments})
            })
            .collect::<Vec<_>>()
    };
    paginate(&st, &q, "students", items)
}

const GRADE_KEYS: &[&str] = &[
    "assess_prep_uuid",
    "assess_prep_uid",
    "author_id",
    "assessment_file_url",
    "points",
    "comment",
    "submission_id",
    "is_late",
];

/// Validate one `task_grade`: field errors, or the fields to store.
fn check_grade(task: &TaskRec, grade: &Value) -> Result<Map<String, Value>, Value> {
    let Some(obj) = grade.as_object() else {
        return Err(json!({"task_grade": ["must be an object"]}));
    };
    let mut errors = Map::new();
    for k in obj.keys() {
        if !GRADE_KEYS.contains(&k.as_str()) {
            errors.insert(k.clone(), json!(["is not a permitted parameter"]));
        }
    }
    let clears = |v: &Value| v == &json!("");
    if let Some(p) = obj.get("points").filter(|p| !clears(p)) {
        match p.as_f64() {
            None if !p.is_null() => {
                errors.insert("points".into(), json!(["is not a number"]));
            }
            Some(x) if x < 0.0 => {
                errors.insert(
                    "points".into(),
                    json!(["must be greater than or equal to 0"]),
                );
            }
            Some(x) => {
                if let Some(max) = task.max_points() {
                    if x > max {
                        errors.insert(
                            "points".into(),
                            json!([format!("must be less than or equal to {max}")]),
                        );
                    }
                }
            }
            None => {}
        }
    }
    if let Some(l) = obj.get("is_late").filter(|l| !clears(l)) {
        if !l.is_boolean() {
            errors.insert("is_late".into(), json!(["is not a boolean"]));
        }
    }
    if errors.is_empty() {
        Ok(obj.clone())
    } else {
        Err(Value::Object(errors))
    }
}

fn store_grade(
    school: &mut School,
    task_id: i64,
    student: i64,
    fields: Map<String, Value>,
) -> Map<String, Value> {
    let rec = school.results.entry((task_id, student)).or_default();
    for (k, v) in fields {
        if v.is_null() {
            continue; // null is ignored, as the API documents
        }
        if v == json!("") {
            // An empty string is a value: it clears the field.
            rec.fields.remove(&k);
            continue;
        }
        rec.fields.insert(k, v);
    }
    rec.fields.clone()
}

fn task_member(
    school: &School,
    task_id: i64,
) -> Result<(TaskRec, std::collections::BTreeSet<i64>), Response> {
    let Some(t) = school.tasks.get(&task_id) else {
        return Err(not_found("CoreTask", task_id));
    };
    let members = school
        .classes
        .get(&t.class_id)
        .map(|c| c.members.clone())
        .unwrap_or_default();
    Ok((t.clone(), members))
}

async fn update_task_grade(
    State(st): S,
    Path((task_id, student_id)): Path<(i64, i64)>,
    body: Bytes,
) -> Response {
    let v = match parse_body(&body) {
        Ok(v) => v,
        Err(r) => return r,
    };
    let mut school = lock(&st.school);
    let (task, members) = match task_member(&school, task_id) {
        Ok(x) => x,
        Err(r) => return r,
    };
    if !members.contains(&student_id) {
        return not_found("Student", student_id);
    }
    let Some(grade) = v.get("task_grade") else {
        return error_response(
            StatusCode::BAD_REQUEST,
            json!({"error": "param is missing or the value is empty: task_grade"}),
        );
    };
    match check_grade(&task, grade) {
        Ok(fields) => {
            let stored = store_grade(&mut school, task_id, student_id, fields);
            Json(json!({"task_grade": stored})).into_response()
        }
        Err(errors) => unprocessable(errors),
    }
}

async fn update_task_grades(State(st): S, Path(task_id): Path<i64>, body: Bytes) -> Response {
    let students = match array_param(&body, "students") {
        Ok(items) => items,
        Err(r) => return r,
    };
    let mut school = lock(&st.school);
    let (task, members) = match task_member(&school, task_id) {
        Ok(x) => x,
        Err(r) => return r,
    };
    let mut out = Vec::new();
    for item in students {
        let id = item.get("id").and_then(Value::as_i64);
        let Some(id) = id.filter(|i| members.contains(i)) else {
            out.push(json!({"id": item.get("id"), "status": "not_found", "error": {"id": ["Couldn't find Student"]}}));
            continue;
        };
        match check_grade(&task, item.get("task_grade").unwrap_or(&Value::Null)) {
            Ok(fields) => {
                store_grade(&mut school, task_id, id, fields);
                out.push(json!({"id": id, "status": "ok"}));
            }
            Err(errors) => {
                out.push(json!({"id": id, "status": "unprocessable_entity", "error": errors}))
            }
        }
    }
    Json(Value::Array(out)).into_response()
}

async fn reset_task_grades(State(st): S, Path(task_id): Path<i64>, body: Bytes) -> Response {
    // Without `student_ids` the API resets every student of the task.
    let listed = if body.iter().all(u8::is_ascii_whitespace) {
        None
    } else {
        match parse_body(&body) {
            Ok(v) => v.get("student_ids").and_then(Value::as_array).cloned(),
            Err(r) => return r,
        }
    };
    let mut school = lock(&st.school);
    let (_, members) = match task_member(&school, task_id) {
        Ok(x) => x,
        Err(r) => return r,
    };
    let all = listed.is_none();
    let ids = listed.unwrap_or_else(|| members.iter().map(|m| json!(m)).collect());
    if all {
        // Every student: former members' grades too.
        school.results.retain(|(t, _), _| *t != task_id);
    }
    let mut out = Vec::new();
    for raw in ids {
        match raw.as_i64().filter(|i| members.contains(i)) {
            Some(id) => {
                school.results.remove(&(task_id, id));
                out.push(json!({"id": id, "status": "ok"}));
            }
            None => out.push(json!({"id": raw, "status": "not_found"})),
        }
    }
    Json(Value::Array(out)).into_response()
}

async fn criteria(State(st): S, Path(class_id): Path<i64>) -> Response {
    let school = lock(&st.school);
    match school.classes.get(&class_id) {
        Some(c) => Json(json!({"criteria": c.criteria})).into_response(),
        None => not_found("IbClass", class_id),
    }
}

async fn task_categories(State(st): S, Path(class_id): Path<i64>) -> Response {
    let school = lock(&st.school);
    match school.classes.get(&class_id) {
        Some(c) => Json(json!({"task_categories": c.categories})).into_response(),
        None => not_found("IbClass", class_id),
    }
}

// ---------------------------------------------------------------------------------
// Classes

/// Whether `updated` is at or after `since`: compared as instants when both carry an
/// offset (`Z`, `+03:00`), else as the wall-clock times written.
fn modified_since(updated: &gradebridge::Timestamp, since: &gradebridge::Timestamp) -> bool {
    match (updated.instant(), since.instant()) {
        (Some(u), Some(s)) => u >= s,
        _ => match (updated.civil(), since.civil()) {
            (Some(u), Some(s)) => u >= s,
            _ => true,
        },
    }
}

async fn classes(State(st): S, Query(q): Q) -> Response {
    for key in ["modified_since", "deleted_since"] {
        if let Some(v) = param(&q, key) {
            if !is_datetime(v) {
                return unprocessable(json!({ key: ["is not a valid timestamp"] }));
            }
        }
    }
    let items = {
        let school = lock(&st.school);
        if param(&q, "deleted_since").is_some() {
            Vec::new() // the sandbox deletes no classes
        } else {
            let archived = flag(&q, "archived");
            let since = param(&q, "modified_since").map(gradebridge::Timestamp::new);
            school
                .classes
                .values()
                .filter(|c| {
                    c.data
                        .get("archived")
                        .and_then(Value::as_bool)
                        .unwrap_or(false)
                        == archived
                })
                .filter(|c| match &since {
                    Some(since) => c
                        .data
                        .get("updated_at")
                        .and_then(Value::as_str)
                        .map(|u| modified_since(&gradebridge::Timestamp::new(u), since))
                        .unwrap_or(true),
                    None => true,
                })
                .map(|c| Value::Object(c.data.clone()))
                .collect()
        }
    };
    paginate(&st, &q, "classes", items)
}

async fn get_class(State(st): S, Path(class_id): Path<i64>) -> Response {
    let school = lock(&st.school);
    match school.classes.get(&class_id) {
        Some(c) => Json(json!({"class": c.data})).into_response(),
        None => not_found("IbClass", class_id),
    }
}

const CLASS_KEYS: &[&str] = &[
    "start_term_id",
    "end_term_id",
    "subject_id",
    "program",
    "grade_number",
    "name",
    "description",
    "language",
    "uniq_id",
    "class_section",
    "subject_ids",
    "sl",
    "hl",
    "subject_option",
    "lock_memberships",
    "archived",
];

/// Validate class input; field errors or nothing.
fn check_class(input: &Map<String, Value>, creating: bool, upsert: bool) -> Result<(), Value> {
    let mut errors = Map::new();
    for k in input.keys() {
        if !CLASS_KEYS.contains(&k.as_str()) && k != "id" {
            errors.insert(k.clone(), json!(["is not a permitted parameter"]));
        }
    }
    // `name` is optional even to create (a name is generated); null is ignored.
    match input.get("name") {
        Some(Value::String(s)) if !s.trim().is_empty() => {}
        None | Some(Value::Null) => {}
        Some(_) => {
            errors.insert("name".into(), json!(["can't be blank"]));
        }
    }
    if !creating && !upsert {
        for k in [
            "start_term_id",
            "end_term_id",
            "subject_id",
            "program",
            "grade_number",
        ] {
            if input.contains_key(k) {
                errors.insert(k.into(), json!(["is not a permitted parameter"]));
            }
        }
    }
    if let Some(p) = input.get("program") {
        if !matches!(
            p.as_str(),
            Some("diploma" | "myp" | "pyp" | "cp" | "ms" | "hs")
        ) {
            errors.insert("program".into(), json!(["is not included in the list"]));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Value::Object(errors))
    }
}

fn apply_class(data: &mut Map<String, Value>, input: &Map<String, Value>, now: &str) {
    for (k, v) in input {
        // Nulls are ignored, as the API ignores them (and never renders them).
        if k == "id" || k == "subject_ids" || v.is_null() {
            continue;
        }
        if k == "program" {
            let name = match v.as_str() {
                Some("diploma") => "IB Diploma",
                Some("myp") => "IB Middle Years",
                Some("pyp") => "IB Primary Years",
                Some("cp") => "IB Career-related",
                _ => "Other",
            };
            data.insert("program".into(), json!(name));
            data.insert("program_code".into(), v.clone());
            continue;
        }
        data.insert(k.clone(), v.clone());
    }
    data.insert("updated_at".into(), json!(now));
}

fn new_class(school: &mut School, input: &Map<String, Value>, now: &str) -> Value {
    let id = school.next_id();
    let mut data = as_map(json!({
        "id": id, "created_at": now, "applicable_levels": [], "archived": false, "teachers": [], "subjects": []
    }));
    apply_class(&mut data, input, now);
    if !data.contains_key("name") {
        data.insert("name".into(), json!(format!("Class {id}")));
    }
    let value = Value::Object(data.clone());
    school.classes.insert(
        id,
        crate::school::ClassRec {
            data,
            members: Default::default(),
            former: Default::default(),
            levels: BTreeMap::new(),
            categories: vec![],
            criteria: vec![],
        },
    );
    value
}

async fn create_class(State(st): S, body: Bytes) -> Response {
    let v = match parse_body(&body) {
        Ok(v) => v,
        Err(r) => return r,
    };
    let Some(input) = v.as_object() else {
        return unprocessable(json!({"base": ["must be an object"]}));
    };
    if let Err(errors) = check_class(input, true, false) {
        return unprocessable(errors);
    }
    let now = st.now_iso();
    let mut school = lock(&st.school);
    Json(new_class(&mut school, input, &now)).into_response()
}

async fn update_class(State(st): S, Path(class_id): Path<i64>, body: Bytes) -> Response {
    let v = match parse_body(&body) {
        Ok(v) => v,
        Err(r) => return r,
    };
    let Some(input) = v.as_object() else {
        return unprocessable(json!({"base": ["must be an object"]}));
    };
    if let Err(errors) = check_class(input, false, false) {
        return unprocessable(errors);
    }
    let now = st.now_iso();
    let mut school = lock(&st.school);
    let Some(class) = school.classes.get_mut(&class_id) else {
        return not_found("IbClass", class_id);
    };
    apply_class(&mut class.data, input, &now);
    Json(Value::Object(class.data.clone())).into_response()
}

async fn upsert_classes(State(st): S, body: Bytes) -> Response {
    let items = match array_param(&body, "classes") {
        Ok(items) => items,
        Err(r) => return r,
    };
    let now = st.now_iso();
    let mut school = lock(&st.school);
    let mut out = Vec::new();
    for (index, item) in items.iter().enumerate() {
        let Some(input) = item.as_object() else {
            out.push(json!({"index": index, "status": "unprocessable_entity", "errors": {"base": ["must be an object"]}}));
            continue;
        };
        let id = input.get("id").and_then(Value::as_i64);
        if let Some(id) = id {
            if !school.classes.contains_key(&id) {
                out.push(json!({"index": index, "status": "not_found", "errors": {"id": [format!("Cannot find Class with ID={id}")]}}));
                continue;
            }
        }
        if let Err(errors) = check_class(input, id.is_none(), true) {
            out.push(json!({"index": index, "status": "unprocessable_entity", "errors": errors}));
            continue;
        }
        let class = match id {
            Some(id) => match school.classes.get_mut(&id) {
                Some(c) => {
                    apply_class(&mut c.data, input, &now);
                    Value::Object(c.data.clone())
                }
                None => continue,
            },
            None => new_class(&mut school, input, &now),
        };
        out.push(json!({"index": index, "status": "ok", "class": class}));
    }
    Json(Value::Array(out)).into_response()
}

fn student_ids_body(body: &Bytes) -> Result<Vec<i64>, Response> {
    let v = parse_body(body)?;
    match v.get("student_ids").and_then(Value::as_array) {
        Some(ids) if !ids.is_empty() => Ok(ids.iter().filter_map(Value::as_i64).collect()),
        _ => Err(unprocessable(json!({"student_ids": ["can't be blank"]}))),
    }
}

async fn add_students(State(st): S, Path(class_id): Path<i64>, body: Bytes) -> Response {
    change_membership(&st, class_id, &body, true)
}

async fn remove_students(State(st): S, Path(class_id): Path<i64>, body: Bytes) -> Response {
    change_membership(&st, class_id, &body, false)
}

/// Add (or remove) students: every id must be a known student (422 otherwise);
/// removed students are kept as former members.
fn change_membership(st: &AppState, class_id: i64, body: &Bytes, add: bool) -> Response {
    let ids = match student_ids_body(body) {
        Ok(ids) => ids,
        Err(r) => return r,
    };
    let mut school = lock(&st.school);
    if let Some(missing) = ids.iter().find(|i| !school.students.contains_key(i)) {
        return unprocessable(
            json!({"student_ids": [format!("Couldn't find Student with 'id'={missing}")]}),
        );
    }
    let Some(class) = school.classes.get_mut(&class_id) else {
        return not_found("IbClass", class_id);
    };
    for id in ids {
        if add {
            class.members.insert(id);
            class.former.remove(&id);
        } else if class.members.remove(&id) {
            class.former.insert(id);
        }
    }
    Json(json!({"status": "ok"})).into_response()
}

async fn update_class_students(State(st): S, Path(class_id): Path<i64>, body: Bytes) -> Response {
    let items = match array_param(&body, "students") {
        Ok(items) => items,
        Err(r) => return r,
    };
    let mut school = lock(&st.school);
    let Some(class) = school.classes.get_mut(&class_id) else {
        return not_found("IbClass", class_id);
    };
    let allowed: Vec<String> = class
        .data
        .get("applicable_levels")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    let mut out = Vec::new();
    let mut seen: HashMap<i64, ()> = HashMap::new();
    for item in items {
        let id = item.get("id").and_then(Value::as_i64);
        let Some(id) = id.filter(|i| class.members.contains(i)) else {
            out.push(json!({"id": item.get("id"), "status": "not_found"}));
            continue;
        };
        seen.insert(id, ());
        match item.get("level").and_then(Value::as_str) {
            Some(level) if allowed.iter().any(|a| a == level) => {
                class.levels.insert(id, level.to_string());
                out.push(json!({"id": id, "status": "ok"}));
            }
            _ => out.push(json!({"id": id, "status": "unprocessable_entity", "errors": {"level": ["is not included in the list"]}})),
        }
    }
    Json(json!({ "students": out })).into_response()
}
