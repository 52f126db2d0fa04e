//! `/v2p3` directory: students, teachers, parents, year groups, class students,
//! memberships, the school (academic years, grades, subjects) and `ping`.
//!
//! List operations share one declaration macro (`list_op!`): the struct, its
//! filters sent as query parameters (a list as repeated `name[]`), validation, and
//! paging by `meta`.

use crate::Map;

use serde::{Deserialize, Serialize};

use super::models::*;
use super::{check_datetime, check_id, check_ids, check_paging, to_json};
use crate::endpoint::{decode_success, Endpoint, Page, PageMeta};
use crate::error::Error;
use crate::http::{HttpResponse, Method, RequestSpec};

/// A filter of a list operation: how it is checked and sent.
pub(crate) trait Filter {
    fn check(&self, field: &str) -> Result<(), Error>;
    fn send(&self, spec: RequestSpec, field: &str) -> RequestSpec;
}

impl Filter for Option<bool> {
    fn check(&self, _: &str) -> Result<(), Error> {
        Ok(())
    }
    fn send(&self, spec: RequestSpec, field: &str) -> RequestSpec {
        spec.query_opt(field, *self)
    }
}

impl Filter for Option<i64> {
    fn check(&self, field: &str) -> Result<(), Error> {
        self.map_or(Ok(()), |id| check_id(field, id))
    }
    fn send(&self, spec: RequestSpec, field: &str) -> RequestSpec {
        spec.query_opt(field, *self)
    }
}

impl Filter for Option<String> {
    fn check(&self, field: &str) -> Result<(), Error> {
        if field.ends_with("_since") {
            check_datetime(field, self.as_deref())
        } else {
            Ok(())
        }
    }
    fn send(&self, spec: RequestSpec, field: &str) -> RequestSpec {
        spec.query_opt(field, self.as_deref())
    }
}

impl Filter for Option<Vec<i64>> {
    fn check(&self, field: &str) -> Result<(), Error> {
        self.as_deref().map_or(Ok(()), |ids| check_ids(field, ids))
    }
    fn send(&self, mut spec: RequestSpec, field: &str) -> RequestSpec {
        for id in self.iter().flatten() {
            spec = spec.query(&format!("{field}[]"), id);
        }
        spec
    }
}

/// Declares a list operation: a struct with path ids, filters and paging, sent as
/// GET `path` and read from `key` with `meta`.
macro_rules! list_op {
    (
        $(#[$m:meta])* $name:ident => $item:ty, $key:literal,
        path($($pid:ident),*) $path:literal,
        filters { $($(#[$fm:meta])* $f:ident : $ft:ty,)* }
    ) => {
        $(#[$m])*
        #[gradebridge_macros::reader]
        #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
        #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        pub struct $name {
            $(
                #[doc = concat!("`", stringify!($pid), "`.")]
                pub $pid: i64,
            )*
            $($(#[$fm])* #[serde(default)] pub $f: $ft,)*
            /// Page (1-based).
            #[serde(default)]
            pub page: Option<u32>,
            /// Records a page (1 to 200).
            #[serde(default)]
            pub per_page: Option<u32>,
        }

        impl $name {
            /// The first page, no filters.
            #[allow(clippy::new_without_default)]
            pub fn new($($pid: i64),*) -> Self {
                $name { $($pid,)* ..Default::default() }
            }
        }

        impl Endpoint for $name {
            type Platform = super::ManageBacConfig;
            type Output = Page<$item>;
            fn spec(&self) -> Result<RequestSpec, Error> {
                $(check_id(stringify!($pid), self.$pid)?;)*
                check_paging(self.page, self.per_page)?;
                $(Filter::check(&self.$f, stringify!($f))?;)*
                #[allow(unused_mut)]
                let mut spec = RequestSpec::new(Method::Get, format!($path, $($pid = self.$pid),*));
                $(spec = Filter::send(&self.$f, spec, stringify!($f));)*
                Ok(spec.query_opt("page", self.page).query_opt("per_page", self.per_page))
            }
            fn parse(&self, response: &HttpResponse) -> Result<Self::Output, Error> {
                #[gradebridge_macros::reader]
                #[derive(Deserialize)]
                struct Body {
                    #[serde(default, rename = $key, deserialize_with = "crate::de::vec")]
                    items: Vec<$item>,
                    #[serde(default)]
                    meta: Option<PageMeta>,
                }
                decode_success::<Body>(response, &[200]).map(|b| Page {
                    items: b.items,
                    meta: b.meta,
                })
            }
            fn idempotent(&self) -> bool {
                true
            }
        }
        paged!($name, $item, $key);
    };
}

/// Declares a GET of one record: `path` with ids, answered as `{key: record}`.
macro_rules! get_op {
    ($(#[$m:meta])* $name:ident => $out:ty, $key:literal, path($($pid:ident),*) $path:literal) => {
        $(#[$m])*
        #[gradebridge_macros::reader]
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        pub struct $name {
            $(
                #[doc = concat!("`", stringify!($pid), "`.")]
                pub $pid: i64,
            )*
        }

        impl $name {
            /// The operation for these ids.
            #[allow(clippy::new_without_default)]
            pub fn new($($pid: i64),*) -> Self {
                $name { $($pid),* }
            }
        }

        impl Endpoint for $name {
            type Platform = super::ManageBacConfig;
            type Output = $out;
            fn spec(&self) -> Result<RequestSpec, Error> {
                $(check_id(stringify!($pid), self.$pid)?;)*
                Ok(RequestSpec::new(Method::Get, format!($path, $($pid = self.$pid),*)))
            }
            fn parse(&self, response: &HttpResponse) -> Result<$out, Error> {
                #[gradebridge_macros::reader]
                #[derive(Deserialize)]
                struct Body {
                    #[serde(rename = $key)]
                    value: $out,
                }
                decode_success::<Body>(response, &[200]).map(|b| b.value)
            }
            fn idempotent(&self) -> bool {
                true
            }
        }
    };
}

/// Declares the create (POST) and update (PATCH) of a person: bodies `{key: {...}}`,
/// a create's `options.send_welcome_email`, answers `{key: record}`.
macro_rules! person_writes {
    ($create:ident, $update:ident, $input:ident, $out:ty, $key:ident, $id:ident, $path:literal) => {
        #[doc = concat!("`create_", stringify!($key), "(", stringify!($key), ")`: POST ", $path, " (`email` required). Never retried.")]
        #[gradebridge_macros::reader]
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        pub struct $create {
            #[doc = concat!("The ", stringify!($key), " to create.")]
            pub $key: $input,
            /// Enqueue a welcome email for the new account.
            #[serde(default)]
            pub send_welcome_email: Option<bool>,
        }

        impl $create {
            #[doc = concat!("Create `", stringify!($key), "`.")]
            pub fn new($key: $input) -> Self {
                $create { $key, send_welcome_email: None }
            }
        }

        impl Endpoint for $create {
            type Platform = super::ManageBacConfig;
            type Output = $out;
            fn spec(&self) -> Result<RequestSpec, Error> {
                let field = stringify!($key);
                match self.$key.email.as_deref() {
                    Some(e) if !e.trim().is_empty() => {}
                    _ => {
                        return Err(Error::invalid_input(
                            format!("{field}.email"),
                            "is required to create",
                        ))
                    }
                }
                let mut body = serde_json::Map::new();
                body.insert(field.to_string(), to_json(field, &self.$key)?);
                if let Some(send) = self.send_welcome_email {
                    body.insert("options".into(), serde_json::json!({ "send_welcome_email": send }));
                }
                Ok(RequestSpec::new(Method::Post, $path).json(serde_json::Value::Object(body)))
            }
            fn parse(&self, response: &HttpResponse) -> Result<$out, Error> {
                #[gradebridge_macros::reader]
                #[derive(Deserialize)]
                struct Body {
                    $key: $out,
                }
                decode_success::<Body>(response, &[200, 201]).map(|b| b.$key)
            }
            fn idempotent(&self) -> bool {
                false
            }
        }

        #[doc = concat!("`update_", stringify!($key), "(", stringify!($id), ", ", stringify!($key), ")`: PATCH ", $path, "/{id}; only the fields set are sent.")]
        #[gradebridge_macros::reader]
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        pub struct $update {
            #[doc = concat!("`", stringify!($id), "`.")]
            pub $id: i64,
            /// The fields to change.
            pub $key: $input,
        }

        impl $update {
            #[doc = concat!("Change `", stringify!($key), "`.")]
            pub fn new($id: i64, $key: $input) -> Self {
                $update { $id, $key }
            }
        }

        impl Endpoint for $update {
            type Platform = super::ManageBacConfig;
            type Output = $out;
            fn spec(&self) -> Result<RequestSpec, Error> {
                let field = stringify!($key);
                check_id(stringify!($id), self.$id)?;
                let value = to_json(field, &self.$key)?;
                if super::is_empty_object(&value) {
                    return Err(Error::invalid_input(field, "no field is set"));
                }
                Ok(RequestSpec::new(Method::Patch, format!(concat!($path, "/{}"), self.$id))
                    .json(serde_json::json!({ field: value })))
            }
            fn parse(&self, response: &HttpResponse) -> Result<$out, Error> {
                #[gradebridge_macros::reader]
                #[derive(Deserialize)]
                struct Body {
                    $key: $out,
                }
                decode_success::<Body>(response, &[200]).map(|b| b.$key)
            }
            fn idempotent(&self) -> bool {
                true
            }
        }
    };
}

/// Declares a PUT without a body answered `{"status": "ok"}` (archive, unarchive).
macro_rules! status_op {
    ($(#[$m:meta])* $name:ident, $id:ident, $path:literal) => {
        $(#[$m])*
        #[gradebridge_macros::reader]
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        pub struct $name {
            #[doc = concat!("`", stringify!($id), "`.")]
            pub $id: i64,
        }

        impl $name {
            /// The operation for this id.
            pub fn new($id: i64) -> Self {
                $name { $id }
            }
        }

        impl Endpoint for $name {
            type Platform = super::ManageBacConfig;
            type Output = StatusAnswer;
            fn spec(&self) -> Result<RequestSpec, Error> {
                check_id(stringify!($id), self.$id)?;
                Ok(RequestSpec::new(Method::Put, format!($path, self.$id)))
            }
            fn parse(&self, response: &HttpResponse) -> Result<StatusAnswer, Error> {
                decode_success(response, &[200])
            }
            fn idempotent(&self) -> bool {
                // Archiving twice leaves the record archived.
                true
            }
        }
    };
}

/// Declares a POST of `{"student_ids": [...]}` to a year group, answered
/// `{"status": "ok"}`.
macro_rules! year_group_students_op {
    ($(#[$m:meta])* $name:ident, $suffix:literal) => {
        $(#[$m])*
        #[gradebridge_macros::reader]
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        pub struct $name {
            /// Year group id.
            pub year_group_id: i64,
            /// Student ids.
            pub student_ids: Vec<i64>,
        }

        impl $name {
            /// For `student_ids` in year group `year_group_id`.
            pub fn new(year_group_id: i64, student_ids: Vec<i64>) -> Self {
                $name { year_group_id, student_ids }
            }
        }

        impl Endpoint for $name {
            type Platform = super::ManageBacConfig;
            type Output = StatusAnswer;
            fn spec(&self) -> Result<RequestSpec, Error> {
                check_id("year_group_id", self.year_group_id)?;
                check_ids("student_ids", &self.student_ids)?;
                Ok(RequestSpec::new(
                    Method::Post,
                    format!(concat!("/v2p3/year-groups/{}/", $suffix), self.year_group_id),
                )
                .json(serde_json::json!({ "student_ids": self.student_ids })))
            }
            fn parse(&self, response: &HttpResponse) -> Result<StatusAnswer, Error> {
                decode_success(response, &[200, 201])
            }
            fn idempotent(&self) -> bool {
                true
            }
        }
    };
}

// ---------------------------------------------------------------------------------
// People

list_op! {
    /// `students(...)`: every student, a page at a time. GET /v2p3/students
    Students => Student, "students", path() "/v2p3/students",
    filters {
        /// Only these students.
        ids: Option<Vec<i64>>,
        /// Only archived (`true`) or only active (`false`) students.
        archived: Option<bool>,
        /// `enrolled`, `withdrawn` or `graduated`.
        status: Option<String>,
        /// Only students modified since (ISO 8601).
        modified_since: Option<String>,
        /// Only students deleted since (ISO 8601).
        deleted_since: Option<String>,
        /// Only students of these year groups.
        year_group_ids: Option<Vec<i64>>,
        /// Only students of these homeroom advisors.
        homeroom_advisor_ids: Option<Vec<i64>>,
        /// Search names, email and student id.
        q: Option<String>,
    }
}

get_op! {
    /// `get_student(student_id)`. GET /v2p3/students/{id}
    GetStudent => Student, "student", path(student_id) "/v2p3/students/{student_id}"
}

list_op! {
    /// `teachers(...)`: every teacher. GET /v2p3/teachers
    Teachers => Teacher, "teachers", path() "/v2p3/teachers",
    filters {
        /// Only these teachers.
        ids: Option<Vec<i64>>,
        /// Only archived (`true`) or only active (`false`) teachers.
        archived: Option<bool>,
        /// Only teachers modified since (ISO 8601).
        modified_since: Option<String>,
        /// Only teachers deleted since (ISO 8601).
        deleted_since: Option<String>,
        /// Search names and email.
        q: Option<String>,
    }
}

get_op! {
    /// `get_teacher(teacher_id)`. GET /v2p3/teachers/{id}
    GetTeacher => Teacher, "teacher", path(teacher_id) "/v2p3/teachers/{teacher_id}"
}

list_op! {
    /// `parents(...)`: every parent. GET /v2p3/parents
    Parents => Parent, "parents", path() "/v2p3/parents",
    filters {
        /// Only these parents.
        ids: Option<Vec<i64>>,
        /// Only archived (`true`) or only active (`false`) parents.
        archived: Option<bool>,
        /// Only parents modified since (ISO 8601).
        modified_since: Option<String>,
        /// Only parents deleted since (ISO 8601).
        deleted_since: Option<String>,
        /// Search names and email.
        q: Option<String>,
    }
}

get_op! {
    /// `get_parent(parent_id)`. GET /v2p3/parents/{id}
    GetParent => Parent, "parent", path(parent_id) "/v2p3/parents/{parent_id}"
}

// ---------------------------------------------------------------------------------
// Year groups, classes' students, memberships

list_op! {
    /// `year_groups(...)`: every year group. GET /v2p3/year-groups
    YearGroups => YearGroup, "year_groups", path() "/v2p3/year-groups",
    filters {
        /// Only year groups modified since (ISO 8601).
        modified_since: Option<String>,
        /// Only archived (`true`) or only active (`false`) year groups.
        archived: Option<bool>,
        /// Only year groups of these students.
        student_ids: Option<Vec<i64>>,
    }
}

get_op! {
    /// `year_group_advisors(year_group_id)`. GET /v2p3/year-groups/{id}/advisors
    YearGroupAdvisors => Vec<Advisor>, "advisors",
    path(year_group_id) "/v2p3/year-groups/{year_group_id}/advisors"
}

list_op! {
    /// `year_group_students(year_group_id)`: the students of a year group.
    /// GET /v2p3/year-groups/{id}/students
    YearGroupStudents => Student, "students",
    path(year_group_id) "/v2p3/year-groups/{year_group_id}/students",
    filters {
        /// Only these students.
        student_ids: Option<Vec<i64>>,
    }
}

/// `class_students(class_id)`: a class's students with their levels.
/// GET /v2p3/classes/{class_id}/students (answered as `student_ids` and
/// `student_levels`, read here as one record a student).
#[gradebridge_macros::reader]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ClassStudents {
    /// Class id.
    pub class_id: i64,
    /// Include archived students.
    #[serde(default)]
    pub include_archived_students: Option<bool>,
    /// Only these students.
    #[serde(default)]
    pub student_ids: Option<Vec<i64>>,
    /// Page (1-based).
    #[serde(default)]
    pub page: Option<u32>,
    /// Records a page (1 to 200).
    #[serde(default)]
    pub per_page: Option<u32>,
}

impl ClassStudents {
    /// The students of class `class_id`.
    pub fn new(class_id: i64) -> Self {
        ClassStudents {
            class_id,
            ..Default::default()
        }
    }
}

impl Endpoint for ClassStudents {
    type Platform = super::ManageBacConfig;
    type Output = Page<ClassStudent>;
    fn spec(&self) -> Result<RequestSpec, Error> {
        check_id("class_id", self.class_id)?;
        check_paging(self.page, self.per_page)?;
        Filter::check(&self.student_ids, "student_ids")?;
        let spec = RequestSpec::new(
            Method::Get,
            format!("/v2p3/classes/{}/students", self.class_id),
        )
        .query_opt("include_archived_students", self.include_archived_students);
        Ok(Filter::send(&self.student_ids, spec, "student_ids")
            .query_opt("page", self.page)
            .query_opt("per_page", self.per_page))
    }
    fn parse(&self, response: &HttpResponse) -> Result<Self::Output, Error> {
        #[gradebridge_macros::reader]
        #[derive(Deserialize)]
        struct Body {
            #[serde(default, deserialize_with = "crate::de::int_vec")]
            student_ids: Vec<i64>,
            #[serde(default)]
            student_levels: Option<Map<String, Option<String>>>,
            #[serde(default)]
            meta: Option<PageMeta>,
        }
        let b = decode_success::<Body>(response, &[200])?;
        let levels = b.student_levels.unwrap_or_default();
        let items = b
            .student_ids
            .into_iter()
            .map(|id| ClassStudent {
                id,
                level: levels.get(&id.to_string()).cloned().flatten(),
            })
            .collect();
        Ok(Page {
            items,
            meta: b.meta,
        })
    }
    fn idempotent(&self) -> bool {
        true
    }
}
paged!(ClassStudents, ClassStudent);

list_op! {
    /// `memberships(...)`: who is in which class. GET /v2p3/memberships
    Memberships => Membership, "memberships", path() "/v2p3/memberships",
    filters {
        /// Only memberships of these classes.
        class_ids: Option<Vec<i64>>,
        /// Only memberships of these users.
        user_ids: Option<Vec<i64>>,
        /// Only memberships of these students.
        student_ids: Option<Vec<i64>>,
        /// Only memberships modified since (ISO 8601).
        modified_since: Option<String>,
        /// Only memberships deleted since (ISO 8601).
        deleted_since: Option<String>,
        /// Only classes that happen on this date (`yyyy-mm-dd`).
        class_happens_on: Option<String>,
    }
}

// ---------------------------------------------------------------------------------
// School

get_op! {
    /// `school()`: the school's details. GET /v2p3/school
    GetSchool => School, "school", path() "/v2p3/school"
}

get_op! {
    /// `subjects()`: the school's subjects by program code. GET /v2p3/school/subjects
    Subjects => Map<String, Vec<SchoolSubject>>, "subjects", path() "/v2p3/school/subjects"
}

get_op! {
    /// `ping()`: check the token and the connection. GET /v2p3/ping
    Ping => Option<String>, "pong", path() "/v2p3/ping"
}

/// `school_grades()`: each program's grades. GET /v2p3/school/grades
#[gradebridge_macros::reader]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SchoolGrades {}

impl SchoolGrades {
    /// The operation.
    pub fn new() -> Self {
        SchoolGrades {}
    }
}

impl Endpoint for SchoolGrades {
    type Platform = super::ManageBacConfig;
    type Output = Vec<ProgramGrades>;
    fn spec(&self) -> Result<RequestSpec, Error> {
        Ok(RequestSpec::new(Method::Get, "/v2p3/school/grades"))
    }
    fn parse(&self, response: &HttpResponse) -> Result<Self::Output, Error> {
        #[gradebridge_macros::reader]
        #[derive(Deserialize)]
        struct Programs {
            #[serde(default, deserialize_with = "crate::de::vec")]
            programs: Vec<ProgramGrades>,
        }
        #[gradebridge_macros::reader]
        #[derive(Deserialize)]
        struct Body {
            school: Programs,
        }
        decode_success::<Body>(response, &[200]).map(|b| b.school.programs)
    }
    fn idempotent(&self) -> bool {
        true
    }
}

/// `academic_years(program_code?, active?)`: academic years with their terms, by
/// program code. GET /v2p3/school/academic-years
#[gradebridge_macros::reader]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AcademicYears {
    /// Only this program (`diploma`, `myp`).
    #[serde(default)]
    pub program_code: Option<String>,
    /// Only the current (`true`) or the other (`false`) years.
    #[serde(default)]
    pub active: Option<bool>,
}

impl AcademicYears {
    /// Every program's years.
    pub fn new() -> Self {
        AcademicYears::default()
    }
}

impl Endpoint for AcademicYears {
    type Platform = super::ManageBacConfig;
    type Output = Map<String, Vec<AcademicYear>>;
    fn spec(&self) -> Result<RequestSpec, Error> {
        Ok(RequestSpec::new(Method::Get, "/v2p3/school/academic-years")
            .query_opt("program_code", self.program_code.as_deref())
            .query_opt("active", self.active))
    }
    fn parse(&self, response: &HttpResponse) -> Result<Self::Output, Error> {
        #[gradebridge_macros::reader]
        #[derive(Deserialize)]
        struct Years {
            #[serde(default, deserialize_with = "crate::de::vec")]
            academic_years: Vec<AcademicYear>,
        }
        #[gradebridge_macros::reader]
        #[derive(Deserialize)]
        struct Body {
            academic_years: Map<String, Years>,
        }
        decode_success::<Body>(response, &[200]).map(|b| {
            b.academic_years
                .into_iter()
                .map(|(k, v)| (k, v.academic_years))
                .collect()
        })
    }
    fn idempotent(&self) -> bool {
        true
    }
}

// ---------------------------------------------------------------------------------
// Writes

person_writes!(
    CreateStudent,
    UpdateStudent,
    StudentInput,
    Student,
    student,
    student_id,
    "/v2p3/students"
);
person_writes!(
    CreateTeacher,
    UpdateTeacher,
    TeacherInput,
    Teacher,
    teacher,
    teacher_id,
    "/v2p3/teachers"
);
person_writes!(
    CreateParent,
    UpdateParent,
    ParentInput,
    Parent,
    parent,
    parent_id,
    "/v2p3/parents"
);

status_op!(
    /// `archive_student(student_id)`. PUT /v2p3/students/{id}/archive
    ArchiveStudent, student_id, "/v2p3/students/{}/archive"
);
status_op!(
    /// `unarchive_student(student_id)`. PUT /v2p3/students/{id}/unarchive
    UnarchiveStudent, student_id, "/v2p3/students/{}/unarchive"
);
status_op!(
    /// `archive_parent(parent_id)`. PUT /v2p3/parents/{id}/archive
    ArchiveParent, parent_id, "/v2p3/parents/{}/archive"
);
status_op!(
    /// `unarchive_parent(parent_id)`. PUT /v2p3/parents/{id}/unarchive
    UnarchiveParent, parent_id, "/v2p3/parents/{}/unarchive"
);

year_group_students_op!(
    /// `add_year_group_students(year_group_id, student_ids)`.
    /// POST /v2p3/year-groups/{id}/add_students
    AddYearGroupStudents, "add_students"
);
year_group_students_op!(
    /// `remove_year_group_students(year_group_id, student_ids)`.
    /// POST /v2p3/year-groups/{id}/remove_students
    RemoveYearGroupStudents, "remove_students"
);

// ---------------------------------------------------------------------------------
// Attendance

/// A date in a path: `yyyy-mm-dd`.
fn check_date(field: &str, date: &str) -> Result<(), Error> {
    match crate::datetime::date(date) {
        Some(_) => Ok(()),
        None => Err(Error::invalid_input(
            field,
            format!("`{date}` is not a date (yyyy-mm-dd)"),
        )),
    }
}

/// Declares an attendance read: a path of ids (and a date), the student filter, and
/// the answer read whole (`class_*`) or from `students` (homeroom).
macro_rules! attendance_op {
    (
        $(#[$m:meta])* $name:ident => $out:ty, $read:ident,
        path($($pid:ident : $pty:ty),*) $path:literal, archived: $archived:literal
    ) => {
        $(#[$m])*
        #[gradebridge_macros::reader]
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        pub struct $name {
            $(
                #[doc = concat!("`", stringify!($pid), "`.")]
                pub $pid: $pty,
            )*
            /// Only these students.
            #[serde(default)]
            pub student_ids: Option<Vec<i64>>,
            /// Include archived students (term reports only).
            #[serde(default)]
            pub archived_students: Option<bool>,
        }

        impl $name {
            /// The report for these ids.
            pub fn new($($pid: $pty),*) -> Self {
                $name { $($pid,)* student_ids: None, archived_students: None }
            }
        }

        impl Endpoint for $name {
            type Platform = super::ManageBacConfig;
            type Output = $out;
            fn spec(&self) -> Result<RequestSpec, Error> {
                $(attendance_op!(@check $pid, self.$pid);)*
                Filter::check(&self.student_ids, "student_ids")?;
                if !$archived && self.archived_students.is_some() {
                    return Err(Error::invalid_input(
                        "archived_students",
                        "is only accepted by the term reports",
                    ));
                }
                let spec = RequestSpec::new(Method::Get, format!($path, $($pid = self.$pid),*))
                    .query_opt("archived_students", self.archived_students);
                Ok(Filter::send(&self.student_ids, spec, "student_ids"))
            }
            fn parse(&self, response: &HttpResponse) -> Result<$out, Error> {
                attendance_op!(@read $read, response, $out)
            }
            fn idempotent(&self) -> bool {
                true
            }
        }
    };
    (@check date, $v:expr) => { check_date("date", &$v)? };
    (@check $pid:ident, $v:expr) => { check_id(stringify!($pid), $v)? };
    (@read whole, $response:ident, $out:ty) => { decode_success::<$out>($response, &[200]) };
    (@read students, $response:ident, $out:ty) => {{
        #[gradebridge_macros::reader]
        #[derive(Deserialize)]
        struct Body {
            #[serde(default, deserialize_with = "crate::de::vec")]
            students: $out,
        }
        decode_success::<Body>($response, &[200]).map(|b| b.students)
    }};
}

attendance_op! {
    /// `homeroom_term_attendance(year_group_id, term_id)`: each student's homeroom
    /// totals for a term. GET /v2p3/year-groups/{id}/homeroom/attendance/term/{term_id}
    HomeroomTermAttendance => Vec<TermAttendance>, students,
    path(year_group_id: i64, term_id: i64)
    "/v2p3/year-groups/{year_group_id}/homeroom/attendance/term/{term_id}", archived: true
}

attendance_op! {
    /// `homeroom_date_attendance(year_group_id, date)`: each student's homeroom mark on
    /// a date (`yyyy-mm-dd`). GET /v2p3/year-groups/{id}/homeroom/attendance/date/{date}
    HomeroomDateAttendance => Vec<DateAttendance>, students,
    path(year_group_id: i64, date: String)
    "/v2p3/year-groups/{year_group_id}/homeroom/attendance/date/{date}", archived: false
}

attendance_op! {
    /// `class_term_attendance(class_id, term_id)`: each student's totals in a class
    /// for a term. GET /v2p3/classes/{id}/attendance/term/{term_id}
    ClassTermAttendanceReport => ClassTermAttendance, whole,
    path(class_id: i64, term_id: i64)
    "/v2p3/classes/{class_id}/attendance/term/{term_id}", archived: true
}

attendance_op! {
    /// `class_date_attendance(class_id, date)`: each student's marks in a class on a
    /// date, by period. GET /v2p3/classes/{id}/attendance/date/{date}
    ClassDateAttendanceReport => ClassDateAttendance, whole,
    path(class_id: i64, date: String)
    "/v2p3/classes/{class_id}/attendance/date/{date}", archived: false
}

// ---------------------------------------------------------------------------------
// Avatars

/// `avatar(user_id)`: a user's avatar image with its content type.
/// GET /v2p3/avatars/{id}, which answers with a redirect to the image: a client
/// follows it with a plain GET that carries no credential.
#[gradebridge_macros::reader]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct GetAvatar {
    /// The user (student, teacher or parent) id.
    pub user_id: i64,
}

impl GetAvatar {
    /// The avatar of `user_id`.
    pub fn new(user_id: i64) -> Self {
        GetAvatar { user_id }
    }
}

impl Endpoint for GetAvatar {
    type Platform = super::ManageBacConfig;
    type Output = Avatar;
    fn spec(&self) -> Result<RequestSpec, Error> {
        check_id("user_id", self.user_id)?;
        Ok(RequestSpec::new(
            Method::Get,
            format!("/v2p3/avatars/{}", self.user_id),
        ))
    }
    /// The image of a 200; for a redirect not followed (sans-IO), its `location`.
    fn parse(&self, response: &HttpResponse) -> Result<Avatar, Error> {
        match response.status {
            200 => Ok(Avatar {
                content_type: response.header("content-type").map(str::to_string),
                data: crate::de::Bytes(response.body.clone()),
                location: None,
            }),
            301 | 302 | 303 | 307 | 308 => Ok(Avatar {
                content_type: None,
                data: crate::de::Bytes::default(),
                location: response.header("location").map(str::to_string),
            }),
            _ => Err(Error::from_response(response)),
        }
    }
    fn idempotent(&self) -> bool {
        true
    }
    fn follows_redirect(&self) -> bool {
        true
    }
}
