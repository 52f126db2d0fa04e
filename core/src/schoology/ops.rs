//! Schoology operations: each a struct whose `new` takes the required arguments.

use serde::{Deserialize, Serialize};

use super::models::*;
use super::{SchoologyConfig, MAX_BULK, MAX_LIMIT};
use crate::endpoint::{decode_success, expect_status, Batched, Endpoint, Page, PageMeta};
use crate::error::Error;
use crate::http::{HttpResponse, Method, RequestSpec};
use crate::validate::{
    check_datetime, check_id, check_ids, check_number, is_empty_object, to_json,
};

/// Implements `start`/`limit` paging for a list endpoint: the `start` and `limit`
/// setters and [`crate::Paged`], following `links.next` and `total`.
macro_rules! offset_paged {
    ($ty:ty, $item:ty, $items_at:literal) => {
        impl $ty {
            /// Start at record `start` (0-based).
            pub fn start(mut self, start: u32) -> Self {
                self.start = Some(start);
                self
            }
            /// Ask for `limit` records a page (1 to 200; 200 when unset).
            pub fn limit(mut self, limit: u32) -> Self {
                self.limit = Some(limit);
                self
            }
        }
        impl $crate::endpoint::Paged for $ty {
            type Item = $item;
            fn items(page: Page<$item>) -> Vec<$item> {
                page.items
            }
            const ITEMS_AT: &'static str = $items_at;
            fn next(&self, page: &Page<$item>) -> Option<Self> {
                self.next_after(page.meta.as_ref(), page.items.len())
            }
            fn next_after(&self, meta: Option<&PageMeta>, count: usize) -> Option<Self> {
                let start = next_start(meta, count, self.start, self.limit)?;
                let mut op = self.clone();
                op.start = Some(start);
                Some(op)
            }
        }
    };
}

/// The `start` of the page after `page`, if there is one: the answer said so with
/// `links.next` (recorded as a page count beyond the current one) and the page was
/// not empty.
fn next_start(
    meta: Option<&PageMeta>,
    count: usize,
    start: Option<u32>,
    limit: Option<u32>,
) -> Option<u32> {
    let meta = meta?;
    if count == 0 || meta.current_page? >= meta.total_pages? {
        return None;
    }
    start.unwrap_or(0).checked_add(limit.unwrap_or(MAX_LIMIT))
}

fn check_limit(start: Option<u32>, limit: Option<u32>) -> Result<(u32, u32), Error> {
    let limit = limit.unwrap_or(MAX_LIMIT);
    if limit == 0 || limit > MAX_LIMIT {
        return Err(Error::invalid_input(
            "limit",
            format!("must be between 1 and {MAX_LIMIT}, got {limit}"),
        ));
    }
    Ok((start.unwrap_or(0), limit))
}

/// A page from a list answer's records, `total` and `links`: its position in terms
/// of pages, and whether a next page exists (only when `links.next` says so).
fn page_of<T>(
    items: Vec<T>,
    start: Option<u32>,
    limit: Option<u32>,
    total: Option<i64>,
    links: Option<&Links>,
) -> Page<T> {
    let limit = i64::from(limit.unwrap_or(MAX_LIMIT).max(1));
    let current = i64::from(start.unwrap_or(0)) / limit + 1;
    let has_next = links.is_some_and(|l| l.next.as_deref().is_some_and(|n| !n.is_empty()));
    let by_total = total.map(|t| (t + limit - 1) / limit);
    let total_pages = if has_next {
        by_total.unwrap_or(current + 1).max(current + 1)
    } else {
        current
    };
    Page {
        items,
        meta: Some(PageMeta {
            current_page: Some(current),
            total_pages: Some(total_pages),
            total_count: total,
            per_page: Some(limit),
        }),
    }
}

fn flag(spec: RequestSpec, key: &str, on: Option<bool>) -> RequestSpec {
    if on == Some(true) {
        spec.query(key, "TRUE")
    } else {
        spec
    }
}

/// `{"assignment": [...], "total", "links"}`.
#[gradebridge_macros::reader]
#[derive(Deserialize)]
struct AssignmentList {
    #[serde(default, deserialize_with = "crate::de::vec")]
    assignment: Vec<Assignment>,
    #[serde(default, deserialize_with = "crate::de::opt_int")]
    total: Option<i64>,
    #[serde(default)]
    links: Option<Links>,
}

// ---------------------------------------------------------------------------------
// Assignments and grade items.

/// `assignments(section_id)`. GET /sections/{section_id}/assignments, 200 records a
/// page unless `limit` says otherwise.
#[gradebridge_macros::reader]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Assignments {
    /// Section id.
    pub section_id: i64,
    /// Include attachments.
    #[serde(default)]
    pub with_attachments: Option<bool>,
    /// Include tags.
    #[serde(default)]
    pub with_tags: Option<bool>,
    /// Include dropbox statistics (teachers).
    #[serde(default)]
    pub with_dropbox_stats: Option<bool>,
    /// First record (0-based).
    #[serde(default)]
    pub start: Option<u32>,
    /// Records a page (at most 200).
    #[serde(default)]
    pub limit: Option<u32>,
}

impl Assignments {
    /// The assignments of section `section_id`.
    pub fn new(section_id: i64) -> Self {
        Assignments {
            section_id,
            with_attachments: None,
            with_tags: None,
            with_dropbox_stats: None,
            start: None,
            limit: None,
        }
    }
}

impl Endpoint for Assignments {
    type Platform = SchoologyConfig;
    type Output = Page<Assignment>;
    fn spec(&self) -> Result<RequestSpec, Error> {
        check_id("section_id", self.section_id)?;
        let (start, limit) = check_limit(self.start, self.limit)?;
        let spec = RequestSpec::new(
            Method::Get,
            format!("/sections/{}/assignments", self.section_id),
        );
        let spec = flag(spec, "with_attachments", self.with_attachments);
        let spec = flag(spec, "with_tags", self.with_tags);
        let spec = flag(spec, "with_dropbox_stats", self.with_dropbox_stats);
        Ok(spec.query("start", start).query("limit", limit))
    }
    fn parse(&self, response: &HttpResponse) -> Result<Self::Output, Error> {
        let b: AssignmentList = decode_success(response, &[200])?;
        Ok(page_of(
            b.assignment,
            self.start,
            self.limit,
            b.total,
            b.links.as_ref(),
        ))
    }
    fn idempotent(&self) -> bool {
        true
    }
}
offset_paged!(Assignments, Assignment, "assignment");

/// `grade_items(section_id)`. GET /sections/{section_id}/grade_items: everything
/// gradable (assignments, discussions, assessments), as assignment objects.
#[gradebridge_macros::reader]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct GradeItems {
    /// Section id.
    pub section_id: i64,
    /// Include attachments.
    #[serde(default)]
    pub with_attachments: Option<bool>,
    /// Include tags.
    #[serde(default)]
    pub with_tags: Option<bool>,
    /// First record (0-based).
    #[serde(default)]
    pub start: Option<u32>,
    /// Records a page (at most 200).
    #[serde(default)]
    pub limit: Option<u32>,
}

impl GradeItems {
    /// The grade items of section `section_id`.
    pub fn new(section_id: i64) -> Self {
        GradeItems {
            section_id,
            with_attachments: None,
            with_tags: None,
            start: None,
            limit: None,
        }
    }
}

impl Endpoint for GradeItems {
    type Platform = SchoologyConfig;
    type Output = Page<Assignment>;
    fn spec(&self) -> Result<RequestSpec, Error> {
        check_id("section_id", self.section_id)?;
        let (start, limit) = check_limit(self.start, self.limit)?;
        let spec = RequestSpec::new(
            Method::Get,
            format!("/sections/{}/grade_items", self.section_id),
        );
        let spec = flag(spec, "with_attachments", self.with_attachments);
        let spec = flag(spec, "with_tags", self.with_tags);
        Ok(spec.query("start", start).query("limit", limit))
    }
    fn parse(&self, response: &HttpResponse) -> Result<Self::Output, Error> {
        let b: AssignmentList = decode_success(response, &[200])?;
        Ok(page_of(
            b.assignment,
            self.start,
            self.limit,
            b.total,
            b.links.as_ref(),
        ))
    }
    fn idempotent(&self) -> bool {
        true
    }
}
offset_paged!(GradeItems, Assignment, "assignment");

/// `get_assignment(section_id, assignment_id)`. GET
/// /sections/{section_id}/assignments/{assignment_id}.
#[gradebridge_macros::reader]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct GetAssignment {
    /// Section id.
    pub section_id: i64,
    /// Assignment id.
    pub assignment_id: i64,
    /// Include attachments.
    #[serde(default)]
    pub with_attachments: Option<bool>,
    /// Include tags.
    #[serde(default)]
    pub with_tags: Option<bool>,
}

impl GetAssignment {
    /// Assignment `assignment_id` of section `section_id`.
    pub fn new(section_id: i64, assignment_id: i64) -> Self {
        GetAssignment {
            section_id,
            assignment_id,
            with_attachments: None,
            with_tags: None,
        }
    }
}

impl Endpoint for GetAssignment {
    type Platform = SchoologyConfig;
    type Output = Assignment;
    fn spec(&self) -> Result<RequestSpec, Error> {
        check_id("section_id", self.section_id)?;
        check_id("assignment_id", self.assignment_id)?;
        let spec = RequestSpec::new(
            Method::Get,
            format!(
                "/sections/{}/assignments/{}",
                self.section_id, self.assignment_id
            ),
        );
        let spec = flag(spec, "with_attachments", self.with_attachments);
        Ok(flag(spec, "with_tags", self.with_tags))
    }
    fn parse(&self, response: &HttpResponse) -> Result<Assignment, Error> {
        decode_success(response, &[200])
    }
    fn idempotent(&self) -> bool {
        true
    }
}

/// Check an assignment input; `create` requires a title.
fn check_assignment(a: &AssignmentInput, field: &str, create: bool) -> Result<(), Error> {
    let f = |name: &str| format!("{field}.{name}");
    match a.title.as_deref() {
        Some(t) if t.trim().is_empty() => {
            return Err(Error::invalid_input(f("title"), "must not be empty"))
        }
        None if create => return Err(Error::invalid_input(f("title"), "is required")),
        _ => {}
    }
    if let Some(due) = a.due.as_deref() {
        check_datetime(&f("due"), Some(due))?;
    }
    check_number(&f("max_points"), a.max_points, 0.0)?;
    check_number(&f("factor"), a.factor, 0.0)?;
    for (name, v) in [
        ("grading_scale", a.grading_scale),
        ("grading_period", a.grading_period),
        ("grading_category", a.grading_category),
    ] {
        if let Some(v) = v {
            if v < 0 {
                return Err(Error::invalid_input(
                    f(name),
                    format!("must be an id or 0, got {v}"),
                ));
            }
        }
    }
    for (name, ids) in [
        ("assignees", &a.assignees),
        ("grading_group_ids", &a.grading_group_ids),
    ] {
        if let Some(ids) = ids {
            // An empty list is meaningful (remove them all); duplicates and bad ids
            // are not.
            if !ids.is_empty() {
                check_ids(&f(name), ids)?;
            }
        }
    }
    if let Some(atts) = &a.attachments {
        if create {
            return Err(Error::invalid_input(
                f("attachments"),
                "only existing attachments' titles can be changed, in an update",
            ));
        }
        for (i, att) in atts.iter().enumerate() {
            check_id(&format!("{field}.attachments[{i}].id"), att.id)?;
        }
    }
    Ok(())
}

/// An assignment input as Schoology's JSON: flags as `0`/`1`, as it documents them.
fn assignment_body(field: &str, a: &AssignmentInput) -> Result<serde_json::Value, Error> {
    let mut body = to_json(field, a)?;
    if let Some(obj) = body.as_object_mut() {
        for v in obj.values_mut() {
            if let serde_json::Value::Bool(b) = v {
                *v = serde_json::Value::from(u8::from(*b));
            }
        }
    }
    Ok(body)
}

/// `create_assignment(section_id, assignment)`. POST
/// /sections/{section_id}/assignments; answers 201 with the assignment. Never
/// retried by the client.
#[gradebridge_macros::reader]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CreateAssignment {
    /// Section id.
    pub section_id: i64,
    /// The assignment (`title` required).
    pub assignment: AssignmentInput,
}

impl CreateAssignment {
    /// Create `assignment` in section `section_id`.
    pub fn new(section_id: i64, assignment: AssignmentInput) -> Self {
        CreateAssignment {
            section_id,
            assignment,
        }
    }
}

impl Endpoint for CreateAssignment {
    type Platform = SchoologyConfig;
    type Output = Assignment;
    fn spec(&self) -> Result<RequestSpec, Error> {
        check_id("section_id", self.section_id)?;
        check_assignment(&self.assignment, "assignment", true)?;
        Ok(RequestSpec::new(
            Method::Post,
            format!("/sections/{}/assignments", self.section_id),
        )
        .json(assignment_body("assignment", &self.assignment)?))
    }
    fn parse(&self, response: &HttpResponse) -> Result<Assignment, Error> {
        decode_success(response, &[200, 201])
    }
    fn idempotent(&self) -> bool {
        false
    }
}

/// `update_assignment(section_id, assignment_id, changes)`. PUT
/// /sections/{section_id}/assignments/{assignment_id} with only the fields set;
/// answers 204.
#[gradebridge_macros::reader]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct UpdateAssignment {
    /// Section id.
    pub section_id: i64,
    /// Assignment id.
    pub assignment_id: i64,
    /// The fields to change.
    pub changes: AssignmentInput,
}

impl UpdateAssignment {
    /// Change `changes` of assignment `assignment_id` in section `section_id`.
    pub fn new(section_id: i64, assignment_id: i64, changes: AssignmentInput) -> Self {
        UpdateAssignment {
            section_id,
            assignment_id,
            changes,
        }
    }
}

impl Endpoint for UpdateAssignment {
    type Platform = SchoologyConfig;
    type Output = ();
    fn spec(&self) -> Result<RequestSpec, Error> {
        check_id("section_id", self.section_id)?;
        check_id("assignment_id", self.assignment_id)?;
        check_assignment(&self.changes, "changes", false)?;
        let body = assignment_body("changes", &self.changes)?;
        if is_empty_object(&body) {
            return Err(Error::invalid_input("changes", "sets no field"));
        }
        Ok(RequestSpec::new(
            Method::Put,
            format!(
                "/sections/{}/assignments/{}",
                self.section_id, self.assignment_id
            ),
        )
        .json(body))
    }
    fn parse(&self, response: &HttpResponse) -> Result<(), Error> {
        expect_status(response, &[200, 204])
    }
    fn idempotent(&self) -> bool {
        true
    }
}

/// `delete_assignment(section_id, assignment_id)`. DELETE
/// /sections/{section_id}/assignments/{assignment_id}; answers 204.
#[gradebridge_macros::reader]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DeleteAssignment {
    /// Section id.
    pub section_id: i64,
    /// Assignment id.
    pub assignment_id: i64,
}

impl DeleteAssignment {
    /// Delete assignment `assignment_id` of section `section_id`.
    pub fn new(section_id: i64, assignment_id: i64) -> Self {
        DeleteAssignment {
            section_id,
            assignment_id,
        }
    }
}

impl Endpoint for DeleteAssignment {
    type Platform = SchoologyConfig;
    type Output = ();
    fn spec(&self) -> Result<RequestSpec, Error> {
        check_id("section_id", self.section_id)?;
        check_id("assignment_id", self.assignment_id)?;
        Ok(RequestSpec::new(
            Method::Delete,
            format!(
                "/sections/{}/assignments/{}",
                self.section_id, self.assignment_id
            ),
        ))
    }
    fn parse(&self, response: &HttpResponse) -> Result<(), Error> {
        expect_status(response, &[200, 204])
    }
    fn idempotent(&self) -> bool {
        true
    }
}

// ---------------------------------------------------------------------------------
// Grades.

/// `grades(section_id)`. GET /sections/{section_id}/grades, optionally of one
/// assignment or enrollment, or changed since `timestamp`: the grades, flattened
/// from `{"grades": {"grade": [...]}}`.
#[gradebridge_macros::reader]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Grades {
    /// Section id.
    pub section_id: i64,
    /// Only this assignment's grades.
    #[serde(default)]
    pub assignment_id: Option<i64>,
    /// Only this enrollment's grades.
    #[serde(default)]
    pub enrollment_id: Option<i64>,
    /// Only grades changed since this time (Unix seconds).
    #[serde(default)]
    pub timestamp: Option<i64>,
}

impl Grades {
    /// The grades of section `section_id`.
    pub fn new(section_id: i64) -> Self {
        Grades {
            section_id,
            assignment_id: None,
            enrollment_id: None,
            timestamp: None,
        }
    }
}

#[gradebridge_macros::reader]
#[derive(Deserialize)]
struct GradesBody {
    #[serde(default)]
    grades: Option<GradeList>,
}

#[gradebridge_macros::reader]
#[derive(Deserialize)]
struct GradeList {
    #[serde(default, deserialize_with = "crate::de::vec")]
    grade: Vec<SectionGrade>,
}

impl Endpoint for Grades {
    type Platform = SchoologyConfig;
    type Output = Vec<SectionGrade>;
    fn spec(&self) -> Result<RequestSpec, Error> {
        check_id("section_id", self.section_id)?;
        if let Some(a) = self.assignment_id {
            check_id("assignment_id", a)?;
        }
        if let Some(e) = self.enrollment_id {
            check_id("enrollment_id", e)?;
        }
        if let Some(t) = self.timestamp {
            if t < 0 {
                return Err(Error::invalid_input(
                    "timestamp",
                    format!("must be Unix seconds, got {t}"),
                ));
            }
        }
        Ok(
            RequestSpec::new(Method::Get, format!("/sections/{}/grades", self.section_id))
                .query_opt("assignment_id", self.assignment_id)
                .query_opt("enrollment_id", self.enrollment_id)
                .query_opt("timestamp", self.timestamp),
        )
    }
    fn parse(&self, response: &HttpResponse) -> Result<Vec<SectionGrade>, Error> {
        let b: GradesBody = decode_success(response, &[200])?;
        Ok(b.grades.map(|g| g.grade).unwrap_or_default())
    }
    fn idempotent(&self) -> bool {
        true
    }
}

/// `update_grades(section_id, grades)`. PUT /sections/{section_id}/grades with
/// `{"grades": {"grade": [...]}}`, at most 50 grades a request: a client sends a
/// longer list in batches and answers one [`GradeOutcome`] per grade, in input order.
#[gradebridge_macros::reader]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct UpdateGrades {
    /// Section id.
    pub section_id: i64,
    /// The grades.
    pub grades: Vec<GradeInput>,
    /// Where this batch starts in the caller's list (for error paths).
    #[serde(skip)]
    offset: usize,
}

impl UpdateGrades {
    /// Write `grades` in section `section_id`.
    pub fn new(section_id: i64, grades: Vec<GradeInput>) -> Self {
        UpdateGrades {
            section_id,
            grades,
            offset: 0,
        }
    }

    fn check_items(&self) -> Result<(), Error> {
        check_distinct(&self.grades, self.offset)?;
        for (i, g) in self.grades.iter().enumerate() {
            let at = |name: &str| format!("grades[{}].{name}", i + self.offset);
            check_id(&at("enrollment_id"), g.enrollment_id)?;
            check_id(&at("assignment_id"), g.assignment_id)?;
            check_number(&at("grade"), g.grade, 0.0)?;
            match g.exception {
                None | Some(0) => {}
                Some(1 | 2) if g.grade.is_some() => {
                    return Err(Error::invalid_input(
                        at("grade"),
                        "must be unset with an exception (1 excused, 2 incomplete): an excepted item has no grade",
                    ))
                }
                Some(1 | 2) => {}
                Some(x) => {
                    return Err(Error::invalid_input(
                        at("exception"),
                        format!("must be 0 (none), 1 (excused) or 2 (incomplete), got {x}"),
                    ))
                }
            }
            if g.grade.is_none() && g.comment.is_none() && g.exception.is_none() {
                return Err(Error::invalid_input(
                    format!("grades[{}]", i + self.offset),
                    "sets none of grade, comment, exception",
                ));
            }
        }
        Ok(())
    }
}

/// No (enrollment, assignment) pair twice: which of two values would win is not said.
fn check_distinct(grades: &[GradeInput], offset: usize) -> Result<(), Error> {
    let repeat =
        crate::idmap::first_repeat(grades.iter().map(|g| (g.enrollment_id, g.assignment_id)));
    match repeat.map(|i| (i, &grades[i])) {
        Some((i, g)) => Err(Error::invalid_input(
            format!("grades[{}]", i + offset),
            format!(
                "enrollment {} on assignment {} is listed twice",
                g.enrollment_id, g.assignment_id
            ),
        )),
        None => Ok(()),
    }
}

#[gradebridge_macros::reader]
#[derive(Deserialize)]
struct GradeOutcomesBody {
    #[serde(default)]
    grades: Option<GradeOutcomeList>,
}

#[gradebridge_macros::reader]
#[derive(Deserialize)]
struct GradeOutcomeList {
    #[serde(default, deserialize_with = "crate::de::vec")]
    grade: Vec<RawGradeOutcome>,
}

#[gradebridge_macros::reader]
#[derive(Deserialize)]
struct RawGradeOutcome {
    #[serde(default, deserialize_with = "crate::de::opt_int")]
    enrollment_id: Option<i64>,
    #[serde(default, deserialize_with = "crate::de::opt_int")]
    assignment_id: Option<i64>,
    #[serde(default, deserialize_with = "crate::de::opt_int")]
    response_code: Option<i64>,
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    message: Option<String>,
}

impl Endpoint for UpdateGrades {
    type Platform = SchoologyConfig;
    type Output = Vec<GradeOutcome>;
    fn spec(&self) -> Result<RequestSpec, Error> {
        check_id("section_id", self.section_id)?;
        if self.grades.is_empty() {
            return Err(Error::invalid_input("grades", "must not be empty"));
        }
        if self.grades.len() > MAX_BULK {
            return Err(Error::invalid_input(
                "grades",
                format!(
                    "at most {MAX_BULK} grades go in one request, got {}: a client sends longer lists in batches",
                    self.grades.len()
                ),
            ));
        }
        self.check_items()?;
        let items: Vec<serde_json::Value> = self
            .grades
            .iter()
            .map(|g| {
                let mut v = to_json("grades", g)?;
                if let Some(obj) = v.as_object_mut() {
                    obj.entry("type")
                        .or_insert_with(|| serde_json::Value::from("assignment"));
                }
                Ok(v)
            })
            .collect::<Result<_, Error>>()?;
        Ok(
            RequestSpec::new(Method::Put, format!("/sections/{}/grades", self.section_id))
                .json(serde_json::json!({ "grades": { "grade": items } })),
        )
    }
    fn parse(&self, response: &HttpResponse) -> Result<Vec<GradeOutcome>, Error> {
        let b: GradeOutcomesBody = decode_success(response, &[200, 201, 207])?;
        let answered = b.grades.map(|g| g.grade).unwrap_or_default();
        Ok(self
            .grades
            .iter()
            .map(|g| {
                let found = answered.iter().find(|o| {
                    o.enrollment_id == Some(g.enrollment_id)
                        && o.assignment_id == Some(g.assignment_id)
                });
                match found {
                    Some(o) => {
                        let ok = o.response_code.is_none_or(|c| (200..300).contains(&c));
                        GradeOutcome {
                            enrollment_id: g.enrollment_id,
                            assignment_id: g.assignment_id,
                            ok,
                            status: if ok { "ok" } else { "error" }.to_string(),
                            response_code: o.response_code,
                            message: o.message.clone(),
                        }
                    }
                    None => GradeOutcome {
                        enrollment_id: g.enrollment_id,
                        assignment_id: g.assignment_id,
                        ok: false,
                        status: "missing".to_string(),
                        response_code: None,
                        message: Some(
                            "the server's answer did not report on this grade".to_string(),
                        ),
                    },
                }
            })
            .collect())
    }
    fn idempotent(&self) -> bool {
        // Setting a grade to a value twice leaves it at that value.
        true
    }
}

impl Batched for UpdateGrades {
    fn batches(&self) -> Result<Vec<Self>, Error> {
        check_id("section_id", self.section_id)?;
        if self.grades.is_empty() {
            return Err(Error::invalid_input("grades", "must not be empty"));
        }
        check_distinct(&self.grades, 0)?;
        let batches: Vec<UpdateGrades> = self
            .grades
            .chunks(MAX_BULK)
            .enumerate()
            .map(|(n, chunk)| UpdateGrades {
                section_id: self.section_id,
                grades: chunk.to_vec(),
                offset: n * MAX_BULK,
            })
            .collect();
        // Everything is checked before the first request leaves.
        for b in &batches {
            b.spec()?;
        }
        Ok(batches)
    }

    fn unanswered(&self, error: &Error, sent: bool) -> Vec<GradeOutcome> {
        let status = match (sent, error.maybe_applied()) {
            (false, _) => "not_sent",
            (true, true) => "unknown",
            (true, false) => "error",
        };
        self.grades
            .iter()
            .map(|g| GradeOutcome {
                enrollment_id: g.enrollment_id,
                assignment_id: g.assignment_id,
                ok: false,
                status: status.to_string(),
                response_code: error.status().map(i64::from),
                message: Some(error.message().to_string()),
            })
            .collect()
    }

    fn join(outputs: Vec<Vec<GradeOutcome>>) -> Vec<GradeOutcome> {
        outputs.into_iter().flatten().collect()
    }
}

// ---------------------------------------------------------------------------------
// Grading scales, enrollments, users.

/// `grading_scales(section_id)`. GET /sections/{section_id}/grading_scales: the
/// scales, flattened from `{"grading_scale": [...]}`.
#[gradebridge_macros::reader]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct GradingScales {
    /// Section id.
    pub section_id: i64,
}

impl GradingScales {
    /// The grading scales of section `section_id`.
    pub fn new(section_id: i64) -> Self {
        GradingScales { section_id }
    }
}

#[gradebridge_macros::reader]
#[derive(Deserialize)]
struct GradingScalesBody {
    #[serde(default, deserialize_with = "crate::de::vec")]
    grading_scale: Vec<GradingScale>,
}

impl Endpoint for GradingScales {
    type Platform = SchoologyConfig;
    type Output = Vec<GradingScale>;
    fn spec(&self) -> Result<RequestSpec, Error> {
        check_id("section_id", self.section_id)?;
        Ok(RequestSpec::new(
            Method::Get,
            format!("/sections/{}/grading_scales", self.section_id),
        ))
    }
    fn parse(&self, response: &HttpResponse) -> Result<Vec<GradingScale>, Error> {
        decode_success::<GradingScalesBody>(response, &[200]).map(|b| b.grading_scale)
    }
    fn idempotent(&self) -> bool {
        true
    }
}

/// `enrollments(section_id)`. GET /sections/{section_id}/enrollments, filtered by
/// user, status (1 active ... 5 archived) or type (`admin` or `member`).
#[gradebridge_macros::reader]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Enrollments {
    /// Section id.
    pub section_id: i64,
    /// Only this user's enrollment.
    #[serde(default)]
    pub uid: Option<i64>,
    /// Only enrollments in this status (1 active, 2 expired, 3 invite pending, 4
    /// request pending, 5 archived).
    #[serde(default)]
    pub enrollment_status: Option<i64>,
    /// Only `admin` (teachers) or `member` (students) enrollments.
    #[serde(default, rename = "type")]
    pub enrollment_type: Option<String>,
    /// First record (0-based).
    #[serde(default)]
    pub start: Option<u32>,
    /// Records a page (at most 200).
    #[serde(default)]
    pub limit: Option<u32>,
}

impl Enrollments {
    /// The enrollments of section `section_id`.
    pub fn new(section_id: i64) -> Self {
        Enrollments {
            section_id,
            uid: None,
            enrollment_status: None,
            enrollment_type: None,
            start: None,
            limit: None,
        }
    }
}

#[gradebridge_macros::reader]
#[derive(Deserialize)]
struct EnrollmentList {
    #[serde(default, deserialize_with = "crate::de::vec")]
    enrollment: Vec<Enrollment>,
    #[serde(default, deserialize_with = "crate::de::opt_int")]
    total: Option<i64>,
    #[serde(default)]
    links: Option<Links>,
}

impl Endpoint for Enrollments {
    type Platform = SchoologyConfig;
    type Output = Page<Enrollment>;
    fn spec(&self) -> Result<RequestSpec, Error> {
        check_id("section_id", self.section_id)?;
        if let Some(u) = self.uid {
            check_id("uid", u)?;
        }
        if let Some(s) = self.enrollment_status {
            if !(1..=5).contains(&s) {
                return Err(Error::invalid_input(
                    "enrollment_status",
                    format!("must be 1 to 5 (1 active, 2 expired, 3 invite pending, 4 request pending, 5 archived), got {s}"),
                ));
            }
        }
        if let Some(t) = self.enrollment_type.as_deref() {
            if t != "admin" && t != "member" {
                return Err(Error::invalid_input(
                    "type",
                    format!("must be `admin` or `member`, got `{t}`"),
                ));
            }
        }
        let (start, limit) = check_limit(self.start, self.limit)?;
        Ok(RequestSpec::new(
            Method::Get,
            format!("/sections/{}/enrollments", self.section_id),
        )
        .query_opt("uid", self.uid)
        .query_opt("enrollment_status", self.enrollment_status)
        .query_opt("type", self.enrollment_type.as_deref())
        .query("start", start)
        .query("limit", limit))
    }
    fn parse(&self, response: &HttpResponse) -> Result<Self::Output, Error> {
        let b: EnrollmentList = decode_success(response, &[200])?;
        Ok(page_of(
            b.enrollment,
            self.start,
            self.limit,
            b.total,
            b.links.as_ref(),
        ))
    }
    fn idempotent(&self) -> bool {
        true
    }
}
offset_paged!(Enrollments, Enrollment, "enrollment");

/// `get_user(uid)`. GET /users/{uid}.
#[gradebridge_macros::reader]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct GetUser {
    /// User id.
    pub uid: i64,
}

impl GetUser {
    /// User `uid`.
    pub fn new(uid: i64) -> Self {
        GetUser { uid }
    }
}

impl Endpoint for GetUser {
    type Platform = SchoologyConfig;
    type Output = User;
    fn spec(&self) -> Result<RequestSpec, Error> {
        check_id("uid", self.uid)?;
        Ok(RequestSpec::new(
            Method::Get,
            format!("/users/{}", self.uid),
        ))
    }
    fn parse(&self, response: &HttpResponse) -> Result<User, Error> {
        decode_success(response, &[200])
    }
    fn idempotent(&self) -> bool {
        true
    }
}
