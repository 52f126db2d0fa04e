//! Classes: /v2p0/classes

use gradebridge_macros::model;

use crate::de;
use crate::timestamp::Timestamp;
use serde::{Deserialize, Serialize};

/// A class.
#[model]
pub struct Class {
    /// Class id.
    pub id: i64,
    /// Name.
    pub name: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Language of instruction (code).
    pub language: Option<String>,
    /// School's unique id.
    pub uniq_id: Option<String>,
    /// Section of a duplicated class.
    pub class_section: Option<String>,
    /// First academic term.
    pub start_term_id: Option<i64>,
    /// Last academic term.
    pub end_term_id: Option<i64>,
    /// Created at.
    pub created_at: Option<Timestamp>,
    /// Updated at.
    pub updated_at: Option<Timestamp>,
    /// Grade (`Grade 11`).
    pub grade: Option<String>,
    /// Grade number.
    pub grade_number: Option<i64>,
    /// Levels offered (`HL`, `SL`).
    pub applicable_levels: Vec<String>,
    /// Program name.
    pub program: Option<String>,
    /// Program code (`diploma`, `myp`).
    pub program_code: Option<String>,
    /// Subject id.
    pub subject_id: Option<i64>,
    /// Subject name.
    pub subject_name: Option<String>,
    /// Subject group.
    pub subject_group: Option<String>,
    /// Subject group id.
    pub subject_group_id: Option<i64>,
    /// Subject option.
    pub subject_option: Option<SubjectOption>,
    /// Lock memberships (`students_only`).
    pub lock_memberships: Option<String>,
    /// Archived.
    pub archived: Option<bool>,
    /// Subjects.
    #[serde(skip_serializing_if = "de::is_empty")]
    pub subjects: Vec<Subject>,
    /// Teachers.
    pub teachers: Vec<ClassTeacher>,
}

/// A subject option: a language level, or phases.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum SubjectOption {
    /// For subjects with a language level (`Language and literature`).
    Text(String),
    /// For subjects with phases (`["1", "2", "3"]`).
    List(Vec<String>),
}

/// A class's subject.
#[model]
pub struct Subject {
    /// Subject id.
    pub id: i64,
    /// Name.
    pub name: Option<String>,
    /// Subject group id.
    pub subject_group_id: Option<i64>,
    /// Subject group.
    pub subject_group: Option<String>,
}

/// A class's teacher.
#[model]
pub struct ClassTeacher {
    /// Teacher id.
    pub teacher_id: i64,
    /// Shown on reports.
    pub show_on_reports: Option<bool>,
    /// Teacher archived.
    pub teacher_archived: Option<bool>,
}

/// The body of a class create, update, or one item of an upsert. Only the fields set
/// are sent.
#[derive(Default)]
#[model(input)]
pub struct ClassInput {
    /// Class id: only in `upsert_classes` (absent: create).
    pub id: Option<i64>,
    /// Archive the class (update, upsert).
    pub archived: Option<bool>,
    /// First academic term (create).
    pub start_term_id: Option<i64>,
    /// Last academic term (create).
    pub end_term_id: Option<i64>,
    /// Subject id (create).
    pub subject_id: Option<i64>,
    /// Program code (create): `diploma`, `myp`, ...
    pub program: Option<String>,
    /// Grade number (create).
    pub grade_number: Option<i64>,
    /// Name.
    pub name: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Language code.
    pub language: Option<String>,
    /// School's unique id.
    pub uniq_id: Option<String>,
    /// Section.
    pub class_section: Option<String>,
    /// Subject ids.
    pub subject_ids: Option<Vec<i64>>,
    /// Standard level.
    pub sl: Option<bool>,
    /// Higher level.
    pub hl: Option<bool>,
    /// Subject option.
    pub subject_option: Option<SubjectOption>,
    /// Lock memberships.
    pub lock_memberships: Option<String>,
}

/// A student's level in a class: `{"id": 123, "level": "HL"}`.
#[model(input)]
pub struct StudentLevel {
    /// Student id.
    pub id: i64,
    /// Level (`HL`, `SL`).
    pub level: String,
}

/// `{"status": "ok"}` of add/remove students.
#[model]
pub struct StatusAnswer {
    /// `ok`.
    pub status: Option<String>,
}
