//! ManageBac models: every field the API documentation shows.
//!
//! Reading is tolerant (numbers as strings, `0`/`1` booleans, `null` lists, unknown
//! fields ignored). Serializing writes the API's JSON shape back, leaving out fields
//! that were absent. Input types (`TaskInput`, `TaskGrade`, `ClassInput`, ...) are
//! strict: a field left unset is never sent, and [`crate::input::from_value_strict`]
//! reads them from loose JSON (Python dicts, JS objects) refusing any unknown key.

use serde::{Deserialize, Serialize};

use crate::de::{self, Grade};
use crate::error::FieldErrors;
use crate::timestamp::Timestamp;

/// `{"id": 10193613}`: a reference to another record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(get_all, eq, skip_from_py_object, module = "gradebridge")
)]
pub struct IdRef {
    /// The record's id.
    #[serde(deserialize_with = "de::int")]
    pub id: i64,
}

// ---------------------------------------------------------------------------------
// Class grades for a term: GET /v2/classes/{class_id}/assessments/term/{term_id}/grades

/// One student's gradebook row for a term.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(get_all, eq, skip_from_py_object, module = "gradebridge")
)]
pub struct StudentGrades {
    /// Student id.
    #[serde(deserialize_with = "de::int")]
    pub id: i64,
    /// Student name, `Last, First`.
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub name: Option<String>,
    /// The student's graded tasks.
    #[serde(default, deserialize_with = "de::vec")]
    pub assignments: Vec<AssignmentGrade>,
}

/// One task's result in a student's gradebook row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(get_all, eq, skip_from_py_object, module = "gradebridge")
)]
pub struct AssignmentGrade {
    /// Task id.
    #[serde(deserialize_with = "de::int")]
    pub id: i64,
    /// Task name.
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub name: Option<String>,
    /// The task percentage taken through the program's grade scale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_mark: Option<Grade>,
    /// Dropbox submission status (`waiting`, `early`, `late`, ...), when the task has
    /// a dropbox.
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub dropbox_status: Option<String>,
    /// Extra days granted on the due date.
    #[serde(
        default,
        deserialize_with = "de::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub due_date_extension_days: Option<i64>,
    /// Due date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_date: Option<Timestamp>,
    /// Teacher comment.
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub comment: Option<String>,
    /// Points achieved.
    #[serde(
        default,
        deserialize_with = "de::opt_num",
        serialize_with = "de::opt_num_out",
        skip_serializing_if = "Option::is_none"
    )]
    pub score: Option<f64>,
    /// Points available.
    #[serde(
        default,
        deserialize_with = "de::opt_num",
        serialize_with = "de::opt_num_out",
        skip_serializing_if = "Option::is_none"
    )]
    pub max_points: Option<f64>,
    /// Completion for binary tasks (`completed`, `incompleted`).
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub binary: Option<String>,
}

// ---------------------------------------------------------------------------------
// Term grades: GET /v2/classes/{class_id}/assessments/term/{term_id}/term-grades

/// One student's term grade.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(get_all, eq, skip_from_py_object, module = "gradebridge")
)]
pub struct StudentTermGrade {
    /// Student id.
    #[serde(deserialize_with = "de::int")]
    pub id: i64,
    /// Student name.
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub name: Option<String>,
    /// The term grade, when one was entered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub term_grade: Option<TermGrade>,
}

/// A term grade with its average, comments and rubrics.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(get_all, eq, skip_from_py_object, module = "gradebridge")
)]
pub struct TermGrade {
    /// The grade given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grade: Option<Grade>,
    /// The calculated average.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub average: Option<TermAverage>,
    /// Term comments.
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub comments: Option<String>,
    /// Rubric grades.
    #[serde(default, deserialize_with = "de::vec")]
    pub rubrics: Vec<Rubric>,
}

/// `{"percent": 86.5, "grade": "5"}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(get_all, eq, skip_from_py_object, module = "gradebridge")
)]
pub struct TermAverage {
    /// Average percentage.
    #[serde(
        default,
        deserialize_with = "de::opt_num",
        serialize_with = "de::opt_num_out",
        skip_serializing_if = "Option::is_none"
    )]
    pub percent: Option<f64>,
    /// The average taken through the grade scale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grade: Option<Grade>,
}

/// A rubric's grade in a term grade.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(get_all, eq, skip_from_py_object, module = "gradebridge")
)]
pub struct Rubric {
    /// Rubric id.
    #[serde(deserialize_with = "de::int")]
    pub id: i64,
    /// Rubric title.
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub title: Option<String>,
    /// The descriptor given (`Excellent`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grade: Option<Grade>,
}

// ---------------------------------------------------------------------------------
// Tasks: /v2/classes/{class_id}/tasks

/// A task (assignment) of a class, as listed, fetched, created or updated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(get_all, eq, skip_from_py_object, module = "gradebridge")
)]
pub struct Task {
    /// Task id.
    #[serde(deserialize_with = "de::int")]
    pub id: i64,
    /// Task name.
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub name: Option<String>,
    /// Notes for students.
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub notes: Option<String>,
    /// The teacher who created it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<IdRef>,
    /// Whether a dropbox is enabled.
    #[serde(
        default,
        deserialize_with = "de::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub enable_dropbox: Option<bool>,
    /// Whether the task is a draft.
    #[serde(
        default,
        deserialize_with = "de::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub draft: Option<bool>,
    /// Summative, formative, ...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assessment_type: Option<AssessmentType>,
    /// The task category (with its weight, on a single task).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<TaskCategoryRef>,
    /// Dropbox id.
    #[serde(
        default,
        deserialize_with = "de::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub dropbox_id: Option<i64>,
    /// Days before the due date that the dropbox opens.
    #[serde(
        default,
        deserialize_with = "de::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub dropbox_opening_days: Option<i64>,
    /// Whether the dropbox is a Google Drive one.
    #[serde(
        default,
        deserialize_with = "de::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub google_drive_dropbox: Option<bool>,
    /// The IB class id.
    #[serde(
        default,
        deserialize_with = "de::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub ib_class_id: Option<i64>,
    /// Unit id.
    #[serde(
        default,
        deserialize_with = "de::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub unit_id: Option<i64>,
    /// Lesson experience id.
    #[serde(
        default,
        deserialize_with = "de::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub lesson_experience_id: Option<i64>,
    /// Students the task is assigned to (empty: the whole class).
    #[serde(default, deserialize_with = "de::int_vec")]
    pub assigned_students: Vec<i64>,
    /// Due date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_date: Option<Timestamp>,
    /// Whether Turnitin is enabled.
    #[serde(
        default,
        deserialize_with = "de::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub turnitin: Option<bool>,
    /// How the task is assessed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assessments: Option<TaskAssessments>,
    /// `formative` / `summative` (single task).
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub task_type: Option<String>,
    /// Display name of the task type (single task).
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub task_type_name: Option<String>,
    /// The task this one is linked to (single task).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub linked_to: Option<LinkedTask>,
    /// Whether the dropbox is on (single task).
    #[serde(
        default,
        deserialize_with = "de::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub dropbox: Option<bool>,
    /// Work templates (single task).
    #[serde(
        default,
        deserialize_with = "de::vec",
        skip_serializing_if = "de::is_empty"
    )]
    pub task_work_templates: Vec<TaskWorkTemplate>,
    /// The unit (single task).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<Unit>,
    /// Higher level (single task).
    #[serde(
        default,
        deserialize_with = "de::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub hl: Option<bool>,
    /// Standard level (single task).
    #[serde(
        default,
        deserialize_with = "de::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub sl: Option<bool>,
    /// Assessment types as the single-task view shows them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assessment_types: Option<AssessmentTypes>,
}

/// `{"id": 17, "kind": "summative", "name": "Summative"}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(get_all, eq, skip_from_py_object, module = "gradebridge")
)]
pub struct AssessmentType {
    /// Id.
    #[serde(deserialize_with = "de::int")]
    pub id: i64,
    /// `summative`, `formative`.
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub kind: Option<String>,
    /// Display name.
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub name: Option<String>,
}

/// A task's category: `{"id", "name", "weight"?}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(get_all, eq, skip_from_py_object, module = "gradebridge")
)]
pub struct TaskCategoryRef {
    /// Category id.
    #[serde(deserialize_with = "de::int")]
    pub id: i64,
    /// Category name.
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub name: Option<String>,
    /// Category weight (percent).
    #[serde(
        default,
        deserialize_with = "de::opt_num",
        serialize_with = "de::opt_num_out",
        skip_serializing_if = "Option::is_none"
    )]
    pub weight: Option<f64>,
}

/// How a task is assessed: any of binary, points, criteria, comment.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(get_all, eq, skip_from_py_object, module = "gradebridge")
)]
pub struct TaskAssessments {
    /// Complete / incomplete.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub binary: Option<TitledAssessment>,
    /// Points out of `max_points`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points: Option<PointsAssessment>,
    /// Criteria.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub criteria: Option<CriteriaAssessment>,
    /// Comments.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<TitledAssessment>,
}

/// `{"title": "Binary"}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(get_all, eq, skip_from_py_object, module = "gradebridge")
)]
pub struct TitledAssessment {
    /// Display title.
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub title: Option<String>,
}

/// `{"title": "Points", "max_points": 10}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(get_all, eq, skip_from_py_object, module = "gradebridge")
)]
pub struct PointsAssessment {
    /// Display title.
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub title: Option<String>,
    /// Points available.
    #[serde(
        default,
        deserialize_with = "de::opt_num",
        serialize_with = "de::opt_num_out",
        skip_serializing_if = "Option::is_none"
    )]
    pub max_points: Option<f64>,
}

/// `{"title": "Criteria", "criterions": [24]}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(get_all, eq, skip_from_py_object, module = "gradebridge")
)]
pub struct CriteriaAssessment {
    /// Display title.
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub title: Option<String>,
    /// Criterion ids.
    #[serde(default, deserialize_with = "de::int_vec")]
    pub criterions: Vec<i64>,
}

/// `{"class_id": 10299022, "task_id": 11921323}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(get_all, eq, skip_from_py_object, module = "gradebridge")
)]
pub struct LinkedTask {
    /// Class id.
    #[serde(
        default,
        deserialize_with = "de::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub class_id: Option<i64>,
    /// Task id.
    #[serde(
        default,
        deserialize_with = "de::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub task_id: Option<i64>,
}

/// A task work template.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(get_all, eq, skip_from_py_object, module = "gradebridge")
)]
pub struct TaskWorkTemplate {
    /// Id.
    #[serde(deserialize_with = "de::int")]
    pub id: i64,
    /// Name.
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub name: Option<String>,
    /// What to do.
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub details: Option<String>,
}

/// `{"id": 67396, "title": "Dynamics & Kinematics"}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(get_all, eq, skip_from_py_object, module = "gradebridge")
)]
pub struct Unit {
    /// Unit id.
    #[serde(deserialize_with = "de::int")]
    pub id: i64,
    /// Unit title.
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub title: Option<String>,
}

/// `{"comments": {}, "points": {"max_score": 7}}` of a single task.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(get_all, eq, skip_from_py_object, module = "gradebridge")
)]
pub struct AssessmentTypes {
    /// Present when comments are on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comments: Option<TitledAssessment>,
    /// Points.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points: Option<MaxScore>,
}

/// `{"max_score": 7}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(get_all, eq, skip_from_py_object, module = "gradebridge")
)]
pub struct MaxScore {
    /// Points available.
    #[serde(
        default,
        deserialize_with = "de::opt_num",
        serialize_with = "de::opt_num_out",
        skip_serializing_if = "Option::is_none"
    )]
    pub max_score: Option<f64>,
}

/// The `core_task` body of a task create or update. Only the fields set are sent.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(get_all, eq, skip_from_py_object, module = "gradebridge")
)]
pub struct TaskInput {
    /// Teacher id of the author.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author_id: Option<i64>,
    /// Task name (required to create).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Due date, ISO 8601 (`2025-10-01T12:00:00`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_date: Option<String>,
    /// Assessment type id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assessment_type_id: Option<i64>,
    /// Task category id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_category_id: Option<i64>,
    /// Notify the class.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notify_group: Option<bool>,
    /// Notify parents.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notify_parents: Option<bool>,
    /// Unit id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_id: Option<i64>,
    /// Lesson experience id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lesson_experience_id: Option<i64>,
    /// Higher level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hl: Option<bool>,
    /// Standard level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sl: Option<bool>,
    /// Notes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// Enable a dropbox.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_dropbox: Option<bool>,
    /// Enable Turnitin.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_turnitin: Option<bool>,
    /// Days before the due date that the dropbox opens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dropbox_opening_days: Option<i64>,
    /// Students to assign (none: the whole class).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assigned_student_ids: Option<Vec<i64>>,
    /// Save as a draft.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub draft: Option<bool>,
    /// Phase (MYP language acquisition).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase: Option<i64>,
    /// How the task is assessed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assessments: Option<TaskAssessmentsInput>,
}

/// The `assessments` block of a [`TaskInput`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(get_all, eq, skip_from_py_object, module = "gradebridge")
)]
pub struct TaskAssessmentsInput {
    /// Criteria.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub criteria: Option<CriteriaInput>,
    /// Points.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points: Option<PointsInput>,
    /// Binary.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub binary: Option<EnabledInput>,
    /// Comment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<EnabledInput>,
}

/// `{"enabled": true, "criterion_ids": [25324]}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(get_all, eq, skip_from_py_object, module = "gradebridge")
)]
pub struct CriteriaInput {
    /// On or off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// Criterion ids.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub criterion_ids: Option<Vec<i64>>,
}

/// `{"enabled": true, "max_points": 100}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(get_all, eq, skip_from_py_object, module = "gradebridge")
)]
pub struct PointsInput {
    /// On or off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// Points available.
    #[serde(
        default,
        deserialize_with = "de::opt_num",
        serialize_with = "de::opt_num_out",
        skip_serializing_if = "Option::is_none"
    )]
    pub max_points: Option<f64>,
}

/// `{"enabled": false}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(get_all, eq, skip_from_py_object, module = "gradebridge")
)]
pub struct EnabledInput {
    /// On or off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
}

// ---------------------------------------------------------------------------------
// Task results: GET /v2/classes/{class_id}/tasks/{task_id}/students

/// One student's results on a task.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(get_all, eq, skip_from_py_object, module = "gradebridge")
)]
pub struct TaskResult {
    /// Student id.
    #[serde(deserialize_with = "de::int")]
    pub id: i64,
    /// Student name.
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub name: Option<String>,
    /// Submissions per work template.
    #[serde(default, deserialize_with = "de::vec")]
    pub task_works: Vec<TaskWork>,
    /// The assessment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assessments: Option<ResultAssessments>,
}

/// A submission for a work template.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(get_all, eq, skip_from_py_object, module = "gradebridge")
)]
pub struct TaskWork {
    /// Task work id.
    #[serde(deserialize_with = "de::int")]
    pub id: i64,
    /// Work template id.
    #[serde(
        default,
        deserialize_with = "de::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub template_id: Option<i64>,
    /// `submitted`, `late`, `waiting`.
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub submission_status: Option<String>,
}

/// A student's assessment on a task.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(get_all, eq, skip_from_py_object, module = "gradebridge")
)]
pub struct ResultAssessments {
    /// Dropbox status, when the task has a dropbox.
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub dropbox_status: Option<String>,
    /// Teacher comments.
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub comments: Option<String>,
    /// Points.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points: Option<PointsResult>,
    /// Binary completion (sent as `0`/`1`).
    #[serde(
        default,
        deserialize_with = "de::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub binary: Option<bool>,
}

/// `{"score": 6, "max_score": 7}`; `score` is `None` when not graded.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(get_all, eq, skip_from_py_object, module = "gradebridge")
)]
pub struct PointsResult {
    /// Points achieved.
    #[serde(
        default,
        deserialize_with = "de::opt_num",
        serialize_with = "de::opt_num_out"
    )]
    pub score: Option<f64>,
    /// Points available.
    #[serde(
        default,
        deserialize_with = "de::opt_num",
        serialize_with = "de::opt_num_out",
        skip_serializing_if = "Option::is_none"
    )]
    pub max_score: Option<f64>,
}

// ---------------------------------------------------------------------------------
// Grade writes: PATCH /v2/tasks/{task_id}/students[/{student_id}]

/// A student's grade on a task, as written (`task_grade`) and as answered. Only the
/// fields set are sent.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(get_all, eq, skip_from_py_object, module = "gradebridge")
)]
pub struct TaskGrade {
    /// AssessPrep UUID.
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub assess_prep_uuid: Option<String>,
    /// AssessPrep UID.
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub assess_prep_uid: Option<String>,
    /// Teacher id of the grader.
    #[serde(
        default,
        deserialize_with = "de::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub author_id: Option<i64>,
    /// URL of an assessment file.
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub assessment_file_url: Option<String>,
    /// Points achieved.
    #[serde(
        default,
        deserialize_with = "de::opt_num",
        serialize_with = "de::opt_num_out",
        skip_serializing_if = "Option::is_none"
    )]
    pub points: Option<f64>,
    /// Comment.
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub comment: Option<String>,
    /// Submission id.
    #[serde(
        default,
        deserialize_with = "de::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub submission_id: Option<i64>,
    /// Whether the work was late.
    #[serde(
        default,
        deserialize_with = "de::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub is_late: Option<bool>,
}

/// One student's grade in a bulk write: `{"id", "task_grade"}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(get_all, eq, skip_from_py_object, module = "gradebridge")
)]
pub struct StudentTaskGrade {
    /// Student id.
    pub id: i64,
    /// The grade.
    pub task_grade: TaskGrade,
}

impl StudentTaskGrade {
    /// Points (and nothing else) for a student.
    pub fn points(id: i64, points: f64) -> Self {
        StudentTaskGrade {
            id,
            task_grade: TaskGrade {
                points: Some(points),
                ..TaskGrade::default()
            },
        }
    }
}

/// The outcome for one item of a bulk write: its `id` (or `index`), `status`, and
/// errors. `ok` is true only for status `ok`.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(get_all, eq, skip_from_py_object, module = "gradebridge")
)]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ItemOutcome {
    /// The item's id (student id, class id), when the answer names it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    /// The item's position in the request, for answers by index.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub index: Option<i64>,
    /// `ok`, `unprocessable_entity`, `not_found`, ...
    pub status: String,
    /// True when the item was applied.
    pub ok: bool,
    /// Field errors the server gave for the item.
    #[serde(default, skip_serializing_if = "FieldErrors::is_empty")]
    pub errors: FieldErrors,
    /// A plain error message, when the server gave one instead of field errors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// The class as stored, for an applied item of `upsert_classes` (`class` in the
    /// JSON; `class_` in Rust and Python, where `class` is a keyword).
    #[serde(default, rename = "class", skip_serializing_if = "Option::is_none")]
    pub class_: Option<Class>,
}

// ---------------------------------------------------------------------------------
// Criteria and task categories

/// An assessment criterion of a class.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(get_all, eq, skip_from_py_object, module = "gradebridge")
)]
pub struct Criterion {
    /// Criterion id.
    #[serde(deserialize_with = "de::int")]
    pub id: i64,
    /// Title.
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub title: Option<String>,
    /// Level descriptors.
    #[serde(default, deserialize_with = "de::vec")]
    pub descriptors: Vec<Descriptor>,
}

/// `{"value": "Good", "descriptor": "..."}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(get_all, eq, skip_from_py_object, module = "gradebridge")
)]
pub struct Descriptor {
    /// Level value.
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub value: Option<String>,
    /// Level description.
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub descriptor: Option<String>,
}

/// A task category with its weight.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(get_all, eq, skip_from_py_object, module = "gradebridge")
)]
pub struct TaskCategory {
    /// Category id.
    #[serde(deserialize_with = "de::int")]
    pub id: i64,
    /// Name.
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub name: Option<String>,
    /// Background colour (`#205C00`).
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub background_color: Option<String>,
    /// Text colour.
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub color: Option<String>,
    /// Weight (percent) in the term average.
    #[serde(
        default,
        deserialize_with = "de::opt_num",
        serialize_with = "de::opt_num_out",
        skip_serializing_if = "Option::is_none"
    )]
    pub weight: Option<f64>,
}

// ---------------------------------------------------------------------------------
// Classes: /v2p0/classes

/// A class.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(get_all, eq, skip_from_py_object, module = "gradebridge")
)]
pub struct Class {
    /// Class id.
    #[serde(deserialize_with = "de::int")]
    pub id: i64,
    /// Name.
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub name: Option<String>,
    /// Description.
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub description: Option<String>,
    /// Language of instruction (code).
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub language: Option<String>,
    /// School's unique id.
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub uniq_id: Option<String>,
    /// Section of a duplicated class.
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub class_section: Option<String>,
    /// First academic term.
    #[serde(
        default,
        deserialize_with = "de::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub start_term_id: Option<i64>,
    /// Last academic term.
    #[serde(
        default,
        deserialize_with = "de::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub end_term_id: Option<i64>,
    /// Created at.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<Timestamp>,
    /// Updated at.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<Timestamp>,
    /// Grade (`Grade 11`).
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub grade: Option<String>,
    /// Grade number.
    #[serde(
        default,
        deserialize_with = "de::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub grade_number: Option<i64>,
    /// Levels offered (`HL`, `SL`).
    #[serde(default, deserialize_with = "de::vec")]
    pub applicable_levels: Vec<String>,
    /// Program name.
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub program: Option<String>,
    /// Program code (`diploma`, `myp`).
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub program_code: Option<String>,
    /// Subject id.
    #[serde(
        default,
        deserialize_with = "de::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub subject_id: Option<i64>,
    /// Subject name.
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub subject_name: Option<String>,
    /// Subject group.
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub subject_group: Option<String>,
    /// Subject group id.
    #[serde(
        default,
        deserialize_with = "de::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub subject_group_id: Option<i64>,
    /// Subject option.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject_option: Option<SubjectOption>,
    /// Lock memberships (`students_only`).
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub lock_memberships: Option<String>,
    /// Archived.
    #[serde(
        default,
        deserialize_with = "de::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub archived: Option<bool>,
    /// Subjects.
    #[serde(
        default,
        deserialize_with = "de::vec",
        skip_serializing_if = "de::is_empty"
    )]
    pub subjects: Vec<Subject>,
    /// Teachers.
    #[serde(default, deserialize_with = "de::vec")]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(get_all, eq, skip_from_py_object, module = "gradebridge")
)]
pub struct Subject {
    /// Subject id.
    #[serde(deserialize_with = "de::int")]
    pub id: i64,
    /// Name.
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub name: Option<String>,
    /// Subject group id.
    #[serde(
        default,
        deserialize_with = "de::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub subject_group_id: Option<i64>,
    /// Subject group.
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub subject_group: Option<String>,
}

/// A class's teacher.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(get_all, eq, skip_from_py_object, module = "gradebridge")
)]
pub struct ClassTeacher {
    /// Teacher id.
    #[serde(deserialize_with = "de::int")]
    pub teacher_id: i64,
    /// Shown on reports.
    #[serde(
        default,
        deserialize_with = "de::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub show_on_reports: Option<bool>,
    /// Teacher archived.
    #[serde(
        default,
        deserialize_with = "de::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub teacher_archived: Option<bool>,
}

/// The body of a class create, update, or one item of an upsert. Only the fields set
/// are sent.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(get_all, eq, skip_from_py_object, module = "gradebridge")
)]
pub struct ClassInput {
    /// Class id: only in `upsert_classes` (absent: create).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    /// Archive the class (update, upsert).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archived: Option<bool>,
    /// First academic term (create).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_term_id: Option<i64>,
    /// Last academic term (create).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_term_id: Option<i64>,
    /// Subject id (create).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject_id: Option<i64>,
    /// Program code (create): `diploma`, `myp`, ...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub program: Option<String>,
    /// Grade number (create).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grade_number: Option<i64>,
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Language code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// School's unique id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uniq_id: Option<String>,
    /// Section.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class_section: Option<String>,
    /// Subject ids.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject_ids: Option<Vec<i64>>,
    /// Standard level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sl: Option<bool>,
    /// Higher level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hl: Option<bool>,
    /// Subject option.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject_option: Option<SubjectOption>,
    /// Lock memberships.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lock_memberships: Option<String>,
}

/// A student's level in a class: `{"id": 123, "level": "HL"}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(get_all, eq, skip_from_py_object, module = "gradebridge")
)]
pub struct StudentLevel {
    /// Student id.
    pub id: i64,
    /// Level (`HL`, `SL`).
    pub level: String,
}

/// `{"status": "ok"}` of add/remove students.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(get_all, eq, skip_from_py_object, module = "gradebridge")
)]
pub struct StatusAnswer {
    /// `ok`.
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub status: Option<String>,
}
