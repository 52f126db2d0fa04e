//! `/v2` coursework: grades for a term, term grades, tasks, task results, grade
//! writes, criteria and task categories.

use serde::{Deserialize, Serialize};

use super::models::*;
use super::{
    check_datetime, check_id, check_ids, check_number, check_paging, is_empty_object, parse_bulk,
    to_json,
};
use crate::endpoint::{decode_success, expect_status, Endpoint, Page, PageMeta};
use crate::error::Error;
use crate::http::{HttpResponse, Method, RequestSpec};

macro_rules! page_body {
    ($name:ident, $key:literal, $item:ty) => {
        #[gradebridge_macros::reader]
        #[derive(Deserialize)]
        struct $name {
            #[serde(default, rename = $key, deserialize_with = "crate::de::vec")]
            items: Vec<$item>,
            #[serde(default)]
            meta: Option<PageMeta>,
        }
        impl $name {
            /// Where the records are in the answer.
            const KEY: &'static str = $key;
        }
        impl From<$name> for Page<$item> {
            fn from(b: $name) -> Self {
                Page {
                    items: b.items,
                    meta: b.meta,
                }
            }
        }
    };
}

page_body!(StudentGradesBody, "students", StudentGrades);
page_body!(TermGradesBody, "students", StudentTermGrade);
page_body!(TasksBody, "tasks", Task);
page_body!(TaskResultsBody, "students", TaskResult);

// ---------------------------------------------------------------------------------

/// `class_grades(class_id, term_id, include_archived_students?)`: every gradebook grade
/// of a class for a term. GET /v2/classes/{class_id}/assessments/term/{term_id}/grades
#[gradebridge_macros::reader]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ClassGrades {
    /// Class id.
    pub class_id: i64,
    /// Term id.
    pub term_id: i64,
    /// Include archived students.
    #[serde(default)]
    pub include_archived_students: Option<bool>,
    /// Page (1-based).
    #[serde(default)]
    pub page: Option<u32>,
    /// Records a page.
    #[serde(default)]
    pub per_page: Option<u32>,
}

impl ClassGrades {
    /// Grades of class `class_id` for term `term_id`.
    pub fn new(class_id: i64, term_id: i64) -> Self {
        ClassGrades {
            class_id,
            term_id,
            include_archived_students: None,
            page: None,
            per_page: None,
        }
    }
    /// Include archived students.
    pub fn include_archived_students(mut self, yes: bool) -> Self {
        self.include_archived_students = Some(yes);
        self
    }
}

impl Endpoint for ClassGrades {
    type Platform = super::ManageBacConfig;
    type Output = Page<StudentGrades>;
    fn spec(&self) -> Result<RequestSpec, Error> {
        check_id("class_id", self.class_id)?;
        check_id("term_id", self.term_id)?;
        check_paging(self.page, self.per_page)?;
        Ok(RequestSpec::new(
            Method::Get,
            format!(
                "/v2/classes/{}/assessments/term/{}/grades",
                self.class_id, self.term_id
            ),
        )
        .query_opt("include_archived_students", self.include_archived_students)
        .query_opt("page", self.page)
        .query_opt("per_page", self.per_page))
    }
    fn parse(&self, response: &HttpResponse) -> Result<Self::Output, Error> {
        decode_success::<StudentGradesBody>(response, &[200]).map(Into::into)
    }
    fn idempotent(&self) -> bool {
        true
    }
}
paged!(ClassGrades, StudentGrades, StudentGradesBody::KEY);

/// `term_grades(class_id, term_id, student_ids?, include_archived_students?,
/// unenrolled_only?)`. GET /v2/classes/{class_id}/assessments/term/{term_id}/term-grades
#[gradebridge_macros::reader]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TermGrades {
    /// Class id.
    pub class_id: i64,
    /// Term id.
    pub term_id: i64,
    /// Only these students (sent as `student_ids[]`).
    #[serde(default)]
    pub student_ids: Option<Vec<i64>>,
    /// Include archived students.
    #[serde(default)]
    pub include_archived_students: Option<bool>,
    /// Only students no longer enrolled in the class.
    #[serde(default)]
    pub unenrolled_only: Option<bool>,
    /// Page (1-based).
    #[serde(default)]
    pub page: Option<u32>,
    /// Records a page.
    #[serde(default)]
    pub per_page: Option<u32>,
}

impl TermGrades {
    /// Term grades of class `class_id` for term `term_id`.
    pub fn new(class_id: i64, term_id: i64) -> Self {
        TermGrades {
            class_id,
            term_id,
            student_ids: None,
            include_archived_students: None,
            unenrolled_only: None,
            page: None,
            per_page: None,
        }
    }
    /// Only these students.
    pub fn student_ids(mut self, ids: Vec<i64>) -> Self {
        self.student_ids = Some(ids);
        self
    }
    /// Include archived students.
    pub fn include_archived_students(mut self, yes: bool) -> Self {
        self.include_archived_students = Some(yes);
        self
    }
    /// Only students no longer enrolled.
    pub fn unenrolled_only(mut self, yes: bool) -> Self {
        self.unenrolled_only = Some(yes);
        self
    }
}

impl Endpoint for TermGrades {
    type Platform = super::ManageBacConfig;
    type Output = Page<StudentTermGrade>;
    fn spec(&self) -> Result<RequestSpec, Error> {
        check_id("class_id", self.class_id)?;
        check_id("term_id", self.term_id)?;
        check_paging(self.page, self.per_page)?;
        let mut spec = RequestSpec::new(
            Method::Get,
            format!(
                "/v2/classes/{}/assessments/term/{}/term-grades",
                self.class_id, self.term_id
            ),
        );
        if let Some(ids) = &self.student_ids {
            check_ids("student_ids", ids)?;
            for id in ids {
                spec = spec.query("student_ids[]", id);
            }
        }
        Ok(spec
            .query_opt("include_archived_students", self.include_archived_students)
            .query_opt("unenrolled_only", self.unenrolled_only)
            .query_opt("page", self.page)
            .query_opt("per_page", self.per_page))
    }
    fn parse(&self, response: &HttpResponse) -> Result<Self::Output, Error> {
        decode_success::<TermGradesBody>(response, &[200]).map(Into::into)
    }
    fn idempotent(&self) -> bool {
        true
    }
}
paged!(TermGrades, StudentTermGrade, TermGradesBody::KEY);

/// `tasks(class_id, term_id?)`: a class's tasks. GET /v2/classes/{class_id}/tasks
#[gradebridge_macros::reader]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Tasks {
    /// Class id.
    pub class_id: i64,
    /// Only tasks of this term.
    #[serde(default)]
    pub term_id: Option<i64>,
    /// Page (1-based).
    #[serde(default)]
    pub page: Option<u32>,
    /// Records a page.
    #[serde(default)]
    pub per_page: Option<u32>,
}

impl Tasks {
    /// Tasks of class `class_id`.
    pub fn new(class_id: i64) -> Self {
        Tasks {
            class_id,
            term_id: None,
            page: None,
            per_page: None,
        }
    }
    /// Only tasks of term `term_id`.
    pub fn term_id(mut self, term_id: i64) -> Self {
        self.term_id = Some(term_id);
        self
    }
}

impl Endpoint for Tasks {
    type Platform = super::ManageBacConfig;
    type Output = Page<Task>;
    fn spec(&self) -> Result<RequestSpec, Error> {
        check_id("class_id", self.class_id)?;
        if let Some(t) = self.term_id {
            check_id("term_id", t)?;
        }
        check_paging(self.page, self.per_page)?;
        Ok(
            RequestSpec::new(Method::Get, format!("/v2/classes/{}/tasks", self.class_id))
                .query_opt("term_id", self.term_id)
                .query_opt("page", self.page)
                .query_opt("per_page", self.per_page),
        )
    }
    fn parse(&self, response: &HttpResponse) -> Result<Self::Output, Error> {
        decode_success::<TasksBody>(response, &[200]).map(Into::into)
    }
    fn idempotent(&self) -> bool {
        true
    }
}
paged!(Tasks, Task, TasksBody::KEY);

#[gradebridge_macros::reader]
#[derive(Deserialize)]
struct TaskBody {
    task: Task,
}

/// `get_task(class_id, task_id)`. GET /v2/classes/{class_id}/tasks/{task_id}
#[gradebridge_macros::reader]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct GetTask {
    /// Class id.
    pub class_id: i64,
    /// Task id.
    pub task_id: i64,
}

impl GetTask {
    /// Task `task_id` of class `class_id`.
    pub fn new(class_id: i64, task_id: i64) -> Self {
        GetTask { class_id, task_id }
    }
}

impl Endpoint for GetTask {
    type Platform = super::ManageBacConfig;
    type Output = Task;
    fn spec(&self) -> Result<RequestSpec, Error> {
        check_id("class_id", self.class_id)?;
        check_id("task_id", self.task_id)?;
        Ok(RequestSpec::new(
            Method::Get,
            format!("/v2/classes/{}/tasks/{}", self.class_id, self.task_id),
        ))
    }
    fn parse(&self, response: &HttpResponse) -> Result<Task, Error> {
        decode_success::<TaskBody>(response, &[200]).map(|b| b.task)
    }
    fn idempotent(&self) -> bool {
        true
    }
}

fn check_task_input(task: &TaskInput, creating: bool) -> Result<serde_json::Value, Error> {
    if creating {
        match &task.name {
            Some(n) if !n.trim().is_empty() => {}
            _ => {
                return Err(Error::invalid_input(
                    "task.name",
                    "is required to create a task",
                ))
            }
        }
    }
    for (field, id) in [
        ("task.author_id", task.author_id),
        ("task.assessment_type_id", task.assessment_type_id),
        ("task.task_category_id", task.task_category_id),
        ("task.unit_id", task.unit_id),
        ("task.lesson_experience_id", task.lesson_experience_id),
    ] {
        if let Some(id) = id {
            check_id(field, id)?;
        }
    }
    if let Some(ids) = &task.assigned_student_ids {
        for (i, id) in ids.iter().enumerate() {
            check_id(&format!("task.assigned_student_ids[{i}]"), *id)?;
        }
    }
    check_datetime("task.due_date", task.due_date.as_deref())?;
    if let Some(d) = task.dropbox_opening_days {
        if d < 0 {
            return Err(Error::invalid_input(
                "task.dropbox_opening_days",
                "must not be negative",
            ));
        }
    }
    if let Some(a) = &task.assessments {
        if let Some(p) = &a.points {
            check_number(
                "task.assessments.points.max_points",
                p.max_points.and_then(|m| m.value()),
                0.0,
            )?;
        }
        if let Some(ids) = a.criteria.as_ref().and_then(|c| c.criterion_ids.as_ref()) {
            for (i, id) in ids.iter().enumerate() {
                check_id(
                    &format!("task.assessments.criteria.criterion_ids[{i}]"),
                    *id,
                )?;
            }
        }
    }
    let body = to_json("task", task)?;
    if is_empty_object(&body) {
        return Err(Error::invalid_input("task", "no field is set"));
    }
    Ok(body)
}

/// `create_task(class_id, task)`. POST /v2/classes/{class_id}/tasks with
/// `{"core_task": {...}}`; answers 201. Never retried by the client.
#[gradebridge_macros::reader]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CreateTask {
    /// Class id.
    pub class_id: i64,
    /// The task (`name` required).
    pub task: TaskInput,
}

impl CreateTask {
    /// Create `task` in class `class_id`.
    pub fn new(class_id: i64, task: TaskInput) -> Self {
        CreateTask { class_id, task }
    }
}

impl Endpoint for CreateTask {
    type Platform = super::ManageBacConfig;
    type Output = Task;
    fn spec(&self) -> Result<RequestSpec, Error> {
        check_id("class_id", self.class_id)?;
        let body = check_task_input(&self.task, true)?;
        Ok(
            RequestSpec::new(Method::Post, format!("/v2/classes/{}/tasks", self.class_id))
                .json(serde_json::json!({ "core_task": body })),
        )
    }
    fn parse(&self, response: &HttpResponse) -> Result<Task, Error> {
        decode_success::<TaskBody>(response, &[200, 201]).map(|b| b.task)
    }
    fn idempotent(&self) -> bool {
        false
    }
}

/// `update_task(class_id, task_id, task)`. PUT /v2/classes/{class_id}/tasks/{task_id}
/// with `{"core_task": {...}}`: only the fields set are sent.
#[gradebridge_macros::reader]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct UpdateTask {
    /// Class id.
    pub class_id: i64,
    /// Task id.
    pub task_id: i64,
    /// The fields to change.
    pub task: TaskInput,
}

impl UpdateTask {
    /// Change `task` of task `task_id` in class `class_id`.
    pub fn new(class_id: i64, task_id: i64, task: TaskInput) -> Self {
        UpdateTask {
            class_id,
            task_id,
            task,
        }
    }
}

impl Endpoint for UpdateTask {
    type Platform = super::ManageBacConfig;
    type Output = Task;
    fn spec(&self) -> Result<RequestSpec, Error> {
        check_id("class_id", self.class_id)?;
        check_id("task_id", self.task_id)?;
        let body = check_task_input(&self.task, false)?;
        Ok(RequestSpec::new(
            Method::Put,
            format!("/v2/classes/{}/tasks/{}", self.class_id, self.task_id),
        )
        .json(serde_json::json!({ "core_task": body })))
    }
    fn parse(&self, response: &HttpResponse) -> Result<Task, Error> {
        decode_success::<TaskBody>(response, &[200]).map(|b| b.task)
    }
    fn idempotent(&self) -> bool {
        true
    }
}

/// `delete_task(class_id, task_id)`. DELETE /v2/classes/{class_id}/tasks/{task_id};
/// answers 204.
#[gradebridge_macros::reader]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DeleteTask {
    /// Class id.
    pub class_id: i64,
    /// Task id.
    pub task_id: i64,
}

impl DeleteTask {
    /// Delete task `task_id` of class `class_id`.
    pub fn new(class_id: i64, task_id: i64) -> Self {
        DeleteTask { class_id, task_id }
    }
}

impl Endpoint for DeleteTask {
    type Platform = super::ManageBacConfig;
    type Output = ();
    fn spec(&self) -> Result<RequestSpec, Error> {
        check_id("class_id", self.class_id)?;
        check_id("task_id", self.task_id)?;
        Ok(RequestSpec::new(
            Method::Delete,
            format!("/v2/classes/{}/tasks/{}", self.class_id, self.task_id),
        ))
    }
    fn parse(&self, response: &HttpResponse) -> Result<(), Error> {
        expect_status(response, &[200, 204])
    }
    fn idempotent(&self) -> bool {
        true
    }
}

/// `task_results(class_id, task_id)`: every student's results on a task.
/// GET /v2/classes/{class_id}/tasks/{task_id}/students
#[gradebridge_macros::reader]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TaskResults {
    /// Class id.
    pub class_id: i64,
    /// Task id.
    pub task_id: i64,
    /// Page (1-based).
    #[serde(default)]
    pub page: Option<u32>,
    /// Records a page.
    #[serde(default)]
    pub per_page: Option<u32>,
}

impl TaskResults {
    /// Results of task `task_id` in class `class_id`.
    pub fn new(class_id: i64, task_id: i64) -> Self {
        TaskResults {
            class_id,
            task_id,
            page: None,
            per_page: None,
        }
    }
}

impl Endpoint for TaskResults {
    type Platform = super::ManageBacConfig;
    type Output = Page<TaskResult>;
    fn spec(&self) -> Result<RequestSpec, Error> {
        check_id("class_id", self.class_id)?;
        check_id("task_id", self.task_id)?;
        check_paging(self.page, self.per_page)?;
        Ok(RequestSpec::new(
            Method::Get,
            format!(
                "/v2/classes/{}/tasks/{}/students",
                self.class_id, self.task_id
            ),
        )
        .query_opt("page", self.page)
        .query_opt("per_page", self.per_page))
    }
    fn parse(&self, response: &HttpResponse) -> Result<Self::Output, Error> {
        decode_success::<TaskResultsBody>(response, &[200]).map(Into::into)
    }
    fn idempotent(&self) -> bool {
        true
    }
}
paged!(TaskResults, TaskResult, TaskResultsBody::KEY);

fn check_task_grade(field: &str, grade: &TaskGrade) -> Result<serde_json::Value, Error> {
    check_number(
        &format!("{field}.points"),
        grade.points.and_then(|p| p.value()),
        0.0,
    )?;
    if let Some(id) = grade.author_id.and_then(|v| v.value()) {
        check_id(&format!("{field}.author_id"), id)?;
    }
    if let Some(id) = grade.submission_id.and_then(|v| v.value()) {
        check_id(&format!("{field}.submission_id"), id)?;
    }
    let body = to_json(field, grade)?;
    if is_empty_object(&body) {
        return Err(Error::invalid_input(field, "no field is set"));
    }
    Ok(body)
}

#[gradebridge_macros::reader]
#[derive(Deserialize)]
struct TaskGradeBody {
    task_grade: TaskGrade,
}

/// `update_task_grade(task_id, student_id, grade)`.
/// PATCH /v2/tasks/{task_id}/students/{student_id} with `{"task_grade": {...}}`.
#[gradebridge_macros::reader]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct UpdateTaskGrade {
    /// Task id.
    pub task_id: i64,
    /// Student id.
    pub student_id: i64,
    /// The grade: only the fields set are sent.
    pub grade: TaskGrade,
}

impl UpdateTaskGrade {
    /// Write `grade` for student `student_id` on task `task_id`.
    pub fn new(task_id: i64, student_id: i64, grade: TaskGrade) -> Self {
        UpdateTaskGrade {
            task_id,
            student_id,
            grade,
        }
    }
}

impl Endpoint for UpdateTaskGrade {
    type Platform = super::ManageBacConfig;
    type Output = TaskGrade;
    fn spec(&self) -> Result<RequestSpec, Error> {
        check_id("task_id", self.task_id)?;
        check_id("student_id", self.student_id)?;
        let body = check_task_grade("grade", &self.grade)?;
        Ok(RequestSpec::new(
            Method::Patch,
            format!("/v2/tasks/{}/students/{}", self.task_id, self.student_id),
        )
        .json(serde_json::json!({ "task_grade": body })))
    }
    fn parse(&self, response: &HttpResponse) -> Result<TaskGrade, Error> {
        decode_success::<TaskGradeBody>(response, &[200]).map(|b| b.task_grade)
    }
    fn idempotent(&self) -> bool {
        true
    }
}

/// `update_task_grades(task_id, grades)`: many students' grades at once.
/// PATCH /v2/tasks/{task_id}/students with `{"students": [{"id", "task_grade"}]}`;
/// answered per student. Every student's outcome is returned, failures included.
#[gradebridge_macros::reader]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct UpdateTaskGrades {
    /// Task id.
    pub task_id: i64,
    /// One grade per student.
    pub grades: Vec<StudentTaskGrade>,
}

impl UpdateTaskGrades {
    /// Write `grades` on task `task_id`.
    pub fn new(task_id: i64, grades: Vec<StudentTaskGrade>) -> Self {
        UpdateTaskGrades { task_id, grades }
    }
}

impl Endpoint for UpdateTaskGrades {
    type Platform = super::ManageBacConfig;
    type Output = Vec<ItemOutcome>;
    fn spec(&self) -> Result<RequestSpec, Error> {
        check_id("task_id", self.task_id)?;
        if self.grades.is_empty() {
            return Err(Error::invalid_input("grades", "must not be empty"));
        }
        let repeat = crate::idmap::first_repeat(self.grades.iter().map(|g| g.id));
        for (i, g) in self.grades.iter().enumerate() {
            check_id(&format!("grades[{i}].id"), g.id)?;
            if repeat == Some(i) {
                return Err(Error::invalid_input(
                    format!("grades[{i}].id"),
                    format!("student {} is listed twice", g.id),
                ));
            }
        }
        let mut students = Vec::with_capacity(self.grades.len());
        for (i, g) in self.grades.iter().enumerate() {
            let body = check_task_grade(&format!("grades[{i}].task_grade"), &g.task_grade)?;
            students.push(serde_json::json!({ "id": g.id, "task_grade": body }));
        }
        Ok(RequestSpec::new(
            Method::Patch,
            format!("/v2/tasks/{}/students", self.task_id),
        )
        .json(serde_json::json!({ "students": students })))
    }
    fn parse(&self, response: &HttpResponse) -> Result<Self::Output, Error> {
        let ids: Vec<i64> = self.grades.iter().map(|g| g.id).collect();
        parse_bulk(response, "students", Some(&ids), ids.len())
    }
    fn idempotent(&self) -> bool {
        true
    }
}

/// `reset_task_grades(task_id, student_ids)`: delete students' grades and submissions.
/// DELETE /v2/tasks/{task_id}/students with `{"student_ids": [...]}`; answered per
/// student.
#[gradebridge_macros::reader]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ResetTaskGrades {
    /// Task id.
    pub task_id: i64,
    /// Students whose grades to reset.
    pub student_ids: Vec<i64>,
}

impl ResetTaskGrades {
    /// Reset `student_ids` on task `task_id`.
    pub fn new(task_id: i64, student_ids: Vec<i64>) -> Self {
        ResetTaskGrades {
            task_id,
            student_ids,
        }
    }
}

impl Endpoint for ResetTaskGrades {
    type Platform = super::ManageBacConfig;
    type Output = Vec<ItemOutcome>;
    fn spec(&self) -> Result<RequestSpec, Error> {
        check_id("task_id", self.task_id)?;
        check_ids("student_ids", &self.student_ids)?;
        Ok(RequestSpec::new(
            Method::Delete,
            format!("/v2/tasks/{}/students", self.task_id),
        )
        .json(serde_json::json!({ "student_ids": self.student_ids })))
    }
    fn parse(&self, response: &HttpResponse) -> Result<Self::Output, Error> {
        parse_bulk(
            response,
            "students",
            Some(&self.student_ids),
            self.student_ids.len(),
        )
    }
    fn idempotent(&self) -> bool {
        true
    }
}

/// `reset_all_task_grades(task_id)`: delete every student's grade and submission on
/// a task. DELETE /v2/tasks/{task_id}/students without `student_ids` (the API's
/// "all students"); answered per student. A separate operation, so that nobody
/// resets a whole task by leaving a list empty.
#[gradebridge_macros::reader]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ResetAllTaskGrades {
    /// Task id.
    pub task_id: i64,
}

impl ResetAllTaskGrades {
    /// Reset every student on task `task_id`.
    pub fn new(task_id: i64) -> Self {
        ResetAllTaskGrades { task_id }
    }
}

impl Endpoint for ResetAllTaskGrades {
    type Platform = super::ManageBacConfig;
    type Output = Vec<ItemOutcome>;
    fn spec(&self) -> Result<RequestSpec, Error> {
        check_id("task_id", self.task_id)?;
        Ok(RequestSpec::new(
            Method::Delete,
            format!("/v2/tasks/{}/students", self.task_id),
        ))
    }
    fn parse(&self, response: &HttpResponse) -> Result<Self::Output, Error> {
        // The answer names the students it reset; none is "missing".
        parse_bulk(response, "students", Some(&[]), 0)
    }
    fn idempotent(&self) -> bool {
        true
    }
}

#[gradebridge_macros::reader]
#[derive(Deserialize)]
struct CriteriaBody {
    #[serde(default, deserialize_with = "crate::de::vec")]
    criteria: Vec<Criterion>,
}

/// `criteria(class_id)`. GET /v2/classes/{class_id}/criteria
#[gradebridge_macros::reader]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Criteria {
    /// Class id.
    pub class_id: i64,
}

impl Criteria {
    /// Criteria of class `class_id`.
    pub fn new(class_id: i64) -> Self {
        Criteria { class_id }
    }
}

impl Endpoint for Criteria {
    type Platform = super::ManageBacConfig;
    type Output = Vec<Criterion>;
    fn spec(&self) -> Result<RequestSpec, Error> {
        check_id("class_id", self.class_id)?;
        Ok(RequestSpec::new(
            Method::Get,
            format!("/v2/classes/{}/criteria", self.class_id),
        ))
    }
    fn parse(&self, response: &HttpResponse) -> Result<Self::Output, Error> {
        decode_success::<CriteriaBody>(response, &[200]).map(|b| b.criteria)
    }
    fn idempotent(&self) -> bool {
        true
    }
}

#[gradebridge_macros::reader]
#[derive(Deserialize)]
struct TaskCategoriesBody {
    #[serde(default, deserialize_with = "crate::de::vec")]
    task_categories: Vec<TaskCategory>,
}

/// `task_categories(class_id)`. GET /v2/classes/{class_id}/task_categories
#[gradebridge_macros::reader]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TaskCategories {
    /// Class id.
    pub class_id: i64,
}

impl TaskCategories {
    /// Task categories of class `class_id`.
    pub fn new(class_id: i64) -> Self {
        TaskCategories { class_id }
    }
}

impl Endpoint for TaskCategories {
    type Platform = super::ManageBacConfig;
    type Output = Vec<TaskCategory>;
    fn spec(&self) -> Result<RequestSpec, Error> {
        check_id("class_id", self.class_id)?;
        Ok(RequestSpec::new(
            Method::Get,
            format!("/v2/classes/{}/task_categories", self.class_id),
        ))
    }
    fn parse(&self, response: &HttpResponse) -> Result<Self::Output, Error> {
        decode_success::<TaskCategoriesBody>(response, &[200]).map(|b| b.task_categories)
    }
    fn idempotent(&self) -> bool {
        true
    }
}
