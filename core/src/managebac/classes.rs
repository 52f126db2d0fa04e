//! `/v2p0/classes`: list, get, create, update, upsert many, add/remove/update students.

use serde::{Deserialize, Serialize};

use super::models::*;
use super::{
    check_datetime, check_id, check_ids, check_paging, is_empty_object, parse_bulk, to_json,
};
use crate::endpoint::{decode_json, Endpoint, Page, PageMeta};
use crate::error::Error;
use crate::http::{HttpResponse, Method, RequestSpec};

#[gradebridge_macros::reader]
#[derive(Deserialize)]
struct ClassesBody {
    #[serde(default, deserialize_with = "crate::de::vec")]
    classes: Vec<Class>,
    #[serde(default)]
    meta: Option<PageMeta>,
}

/// `classes(modified_since?, deleted_since?, archived?)`: every class, a page at a
/// time. GET /v2p0/classes with `page`, `per_page`.
#[gradebridge_macros::reader]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Classes {
    /// Only classes modified since (ISO 8601).
    #[serde(default)]
    pub modified_since: Option<String>,
    /// Only classes deleted since (ISO 8601).
    #[serde(default)]
    pub deleted_since: Option<String>,
    /// Only archived classes (`true`).
    #[serde(default)]
    pub archived: Option<bool>,
    /// Page (1-based).
    #[serde(default)]
    pub page: Option<u32>,
    /// Records a page (1 to 200).
    #[serde(default)]
    pub per_page: Option<u32>,
}

impl Classes {
    /// Every class.
    pub fn new() -> Self {
        Classes::default()
    }
    /// Only classes modified since `when` (ISO 8601).
    pub fn modified_since(mut self, when: impl Into<String>) -> Self {
        self.modified_since = Some(when.into());
        self
    }
    /// Only classes deleted since `when` (ISO 8601).
    pub fn deleted_since(mut self, when: impl Into<String>) -> Self {
        self.deleted_since = Some(when.into());
        self
    }
    /// Only archived classes.
    pub fn archived(mut self, yes: bool) -> Self {
        self.archived = Some(yes);
        self
    }
}

impl Endpoint for Classes {
    type Platform = super::ManageBacConfig;
    type Output = Page<Class>;
    fn spec(&self) -> Result<RequestSpec, Error> {
        check_paging(self.page, self.per_page)?;
        check_datetime("modified_since", self.modified_since.as_deref())?;
        check_datetime("deleted_since", self.deleted_since.as_deref())?;
        Ok(RequestSpec::new(Method::Get, "/v2p0/classes")
            .query_opt("modified_since", self.modified_since.as_deref())
            .query_opt("deleted_since", self.deleted_since.as_deref())
            .query_opt("archived", self.archived)
            .query_opt("page", self.page)
            .query_opt("per_page", self.per_page))
    }
    fn parse(&self, response: &HttpResponse) -> Result<Self::Output, Error> {
        crate::endpoint::decode_success::<ClassesBody>(response, &[200]).map(|b| Page {
            items: b.classes,
            meta: b.meta,
        })
    }
    fn idempotent(&self) -> bool {
        true
    }
}

paged!(Classes, Class, "classes");

/// A class answer: `{"class": {...}}` (get) or the class itself (create, update).
fn parse_class(response: &HttpResponse, ok: &[u16]) -> Result<Class, Error> {
    if !ok.contains(&response.status) {
        return Err(Error::from_response(response));
    }
    // Try the wrapped form first for a precise error path, then the bare one.
    let wrapped = serde_json::from_slice::<serde_json::Value>(&response.body)
        .ok()
        .map(|v| v.get("class").is_some())
        .unwrap_or(false);
    let result = if wrapped {
        #[gradebridge_macros::reader]
        #[derive(Deserialize)]
        struct W {
            class: Class,
        }
        decode_json::<W>(&response.body).map(|w| w.class)
    } else {
        decode_json::<Class>(&response.body)
    };
    result.map_err(|e| e.with_status(response.status))
}

/// `get_class(class_id)`. GET /v2p0/classes/{id}; answers `{"class": {...}}`.
#[gradebridge_macros::reader]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct GetClass {
    /// Class id.
    pub class_id: i64,
}

impl GetClass {
    /// Class `class_id`.
    pub fn new(class_id: i64) -> Self {
        GetClass { class_id }
    }
}

impl Endpoint for GetClass {
    type Platform = super::ManageBacConfig;
    type Output = Class;
    fn spec(&self) -> Result<RequestSpec, Error> {
        check_id("class_id", self.class_id)?;
        Ok(RequestSpec::new(
            Method::Get,
            format!("/v2p0/classes/{}", self.class_id),
        ))
    }
    fn parse(&self, response: &HttpResponse) -> Result<Class, Error> {
        parse_class(response, &[200])
    }
    fn idempotent(&self) -> bool {
        true
    }
}

fn check_class_input(
    field: &str,
    class: &ClassInput,
    creating: bool,
    allow_id: bool,
) -> Result<serde_json::Value, Error> {
    if let Some(id) = class.id {
        if !allow_id {
            return Err(Error::invalid_input(
                format!("{field}.id"),
                "is not sent in the body here (the id goes in the path)",
            ));
        }
        check_id(&format!("{field}.id"), id)?;
    }
    // `name` is optional even to create: the API generates one.
    if !creating && !allow_id {
        // Fields that only a create may set: the API answers an update that sends
        // them with "unpermitted parameters".
        for (name, set) in [
            ("start_term_id", class.start_term_id.is_some()),
            ("end_term_id", class.end_term_id.is_some()),
            ("subject_id", class.subject_id.is_some()),
            ("program", class.program.is_some()),
            ("grade_number", class.grade_number.is_some()),
        ] {
            if set {
                return Err(Error::invalid_input(
                    format!("{field}.{name}"),
                    "can only be set when the class is created",
                ));
            }
        }
    }
    for (name, id) in [
        ("start_term_id", class.start_term_id),
        ("end_term_id", class.end_term_id),
        ("subject_id", class.subject_id),
    ] {
        if let Some(id) = id {
            check_id(&format!("{field}.{name}"), id)?;
        }
    }
    if let Some(ids) = &class.subject_ids {
        for (i, id) in ids.iter().enumerate() {
            check_id(&format!("{field}.subject_ids[{i}]"), *id)?;
        }
    }
    let body = to_json(field, class)?;
    if is_empty_object(&body) {
        return Err(Error::invalid_input(field, "no field is set"));
    }
    Ok(body)
}

/// `create_class(class)`. POST /v2p0/classes; answers the class. Never retried.
#[gradebridge_macros::reader]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CreateClass {
    /// The class (`name` required).
    pub class: ClassInput,
}

impl CreateClass {
    /// Create `class`.
    pub fn new(class: ClassInput) -> Self {
        CreateClass { class }
    }
}

impl Endpoint for CreateClass {
    type Platform = super::ManageBacConfig;
    type Output = Class;
    fn spec(&self) -> Result<RequestSpec, Error> {
        let body = check_class_input("class", &self.class, true, false)?;
        Ok(RequestSpec::new(Method::Post, "/v2p0/classes").json(body))
    }
    fn parse(&self, response: &HttpResponse) -> Result<Class, Error> {
        parse_class(response, &[200, 201])
    }
    fn idempotent(&self) -> bool {
        false
    }
}

/// `update_class(class_id, class)`. PATCH /v2p0/classes/{id}: only the fields set are
/// sent.
#[gradebridge_macros::reader]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct UpdateClass {
    /// Class id.
    pub class_id: i64,
    /// The fields to change.
    pub class: ClassInput,
}

impl UpdateClass {
    /// Change `class` of class `class_id`.
    pub fn new(class_id: i64, class: ClassInput) -> Self {
        UpdateClass { class_id, class }
    }
}

impl Endpoint for UpdateClass {
    type Platform = super::ManageBacConfig;
    type Output = Class;
    fn spec(&self) -> Result<RequestSpec, Error> {
        check_id("class_id", self.class_id)?;
        let body = check_class_input("class", &self.class, false, false)?;
        Ok(RequestSpec::new(Method::Patch, format!("/v2p0/classes/{}", self.class_id)).json(body))
    }
    fn parse(&self, response: &HttpResponse) -> Result<Class, Error> {
        parse_class(response, &[200])
    }
    fn idempotent(&self) -> bool {
        true
    }
}

/// `upsert_classes(classes)`: create (no `id`) or update (with `id`) many classes.
/// PATCH /v2p0/classes with `{"classes": [...]}`; answered per index.
#[gradebridge_macros::reader]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct UpsertClasses {
    /// The classes.
    pub classes: Vec<ClassInput>,
}

impl UpsertClasses {
    /// Upsert `classes`.
    pub fn new(classes: Vec<ClassInput>) -> Self {
        UpsertClasses { classes }
    }
}

impl Endpoint for UpsertClasses {
    type Platform = super::ManageBacConfig;
    type Output = Vec<ItemOutcome>;
    fn spec(&self) -> Result<RequestSpec, Error> {
        if self.classes.is_empty() {
            return Err(Error::invalid_input("classes", "must not be empty"));
        }
        let mut items = Vec::with_capacity(self.classes.len());
        for (i, c) in self.classes.iter().enumerate() {
            items.push(check_class_input(
                &format!("classes[{i}]"),
                c,
                c.id.is_none(),
                true,
            )?);
        }
        Ok(RequestSpec::new(Method::Patch, "/v2p0/classes")
            .json(serde_json::json!({ "classes": items })))
    }
    fn parse(&self, response: &HttpResponse) -> Result<Self::Output, Error> {
        parse_bulk(response, "classes", None, self.classes.len())
    }
    fn idempotent(&self) -> bool {
        // An item without an id creates a class: a retry could create it twice.
        self.classes.iter().all(|c| c.id.is_some())
    }
}

macro_rules! membership {
    ($(#[$doc:meta])* $name:ident, $suffix:literal) => {
        $(#[$doc])*
        #[gradebridge_macros::reader]
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        pub struct $name {
            /// Class id.
            pub class_id: i64,
            /// Student ids.
            pub student_ids: Vec<i64>,
        }

        impl $name {
            /// For `student_ids` in class `class_id`.
            pub fn new(class_id: i64, student_ids: Vec<i64>) -> Self {
                $name { class_id, student_ids }
            }
        }

        impl Endpoint for $name {
            type Platform = super::ManageBacConfig;
            type Output = StatusAnswer;
            fn spec(&self) -> Result<RequestSpec, Error> {
                check_id("class_id", self.class_id)?;
                check_ids("student_ids", &self.student_ids)?;
                Ok(RequestSpec::new(Method::Post, format!(concat!("/v2p0/classes/{}/", $suffix), self.class_id))
                    .json(serde_json::json!({ "student_ids": self.student_ids })))
            }
            fn parse(&self, response: &HttpResponse) -> Result<StatusAnswer, Error> {
                crate::endpoint::decode_success(response, &[200, 201])
            }
            fn idempotent(&self) -> bool {
                // Adding or removing the same students twice has the same effect.
                true
            }
        }
    };
}

membership!(
    /// `add_class_students(class_id, student_ids)`. POST /v2p0/classes/{id}/add_students
    AddClassStudents,
    "add_students"
);
membership!(
    /// `remove_class_students(class_id, student_ids)`.
    /// POST /v2p0/classes/{id}/remove_students
    RemoveClassStudents,
    "remove_students"
);

/// `update_class_students(class_id, students)`: set students' levels.
/// PATCH /v2p0/classes/{class_id}/students with `{"students": [{"id", "level"}]}`;
/// answered per student.
#[gradebridge_macros::reader]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct UpdateClassStudents {
    /// Class id.
    pub class_id: i64,
    /// Students and their levels.
    pub students: Vec<StudentLevel>,
}

impl UpdateClassStudents {
    /// Set `students`' levels in class `class_id`.
    pub fn new(class_id: i64, students: Vec<StudentLevel>) -> Self {
        UpdateClassStudents { class_id, students }
    }
}

impl Endpoint for UpdateClassStudents {
    type Platform = super::ManageBacConfig;
    type Output = Vec<ItemOutcome>;
    fn spec(&self) -> Result<RequestSpec, Error> {
        check_id("class_id", self.class_id)?;
        if self.students.is_empty() {
            return Err(Error::invalid_input("students", "must not be empty"));
        }
        let repeat = crate::idmap::first_repeat(self.students.iter().map(|s| s.id));
        for (i, s) in self.students.iter().enumerate() {
            check_id(&format!("students[{i}].id"), s.id)?;
            if repeat == Some(i) {
                return Err(Error::invalid_input(
                    format!("students[{i}].id"),
                    format!("student {} is listed twice", s.id),
                ));
            }
            if s.level.trim().is_empty() {
                return Err(Error::invalid_input(
                    format!("students[{i}].level"),
                    "must not be empty",
                ));
            }
        }
        Ok(RequestSpec::new(
            Method::Patch,
            format!("/v2p0/classes/{}/students", self.class_id),
        )
        .json(serde_json::json!({
            "students": crate::input::to_value(&self.students)
                .map_err(|e| Error::invalid_input("students", e))?
        })))
    }
    fn parse(&self, response: &HttpResponse) -> Result<Self::Output, Error> {
        let ids: Vec<i64> = self.students.iter().map(|s| s.id).collect();
        parse_bulk(response, "students", Some(&ids), ids.len())
    }
    fn idempotent(&self) -> bool {
        true
    }
}
