//! Tasks: /v2/classes/{class_id}/tasks

use gradebridge_macros::model;

use super::*;
use crate::de;
use crate::timestamp::Timestamp;

/// A task (assignment) of a class, as listed, fetched, created or updated.
#[model]
pub struct Task {
    /// Task id.
    pub id: i64,
    /// Task name.
    pub name: Option<String>,
    /// Notes for students.
    pub notes: Option<String>,
    /// The teacher who created it.
    pub author: Option<IdRef>,
    /// Whether a dropbox is enabled.
    pub enable_dropbox: Option<bool>,
    /// Whether the task is a draft.
    pub draft: Option<bool>,
    /// Summative, formative, ...
    pub assessment_type: Option<AssessmentType>,
    /// The task category (with its weight, on a single task).
    pub category: Option<TaskCategoryRef>,
    /// Dropbox id.
    pub dropbox_id: Option<i64>,
    /// Days before the due date that the dropbox opens.
    pub dropbox_opening_days: Option<i64>,
    /// Whether the dropbox is a Google Drive one.
    pub google_drive_dropbox: Option<bool>,
    /// The IB class id.
    pub ib_class_id: Option<i64>,
    /// Unit id.
    pub unit_id: Option<i64>,
    /// Lesson experience id.
    pub lesson_experience_id: Option<i64>,
    /// Students the task is assigned to (empty: the whole class).
    pub assigned_students: Vec<i64>,
    /// Due date.
    pub due_date: Option<Timestamp>,
    /// Whether Turnitin is enabled.
    pub turnitin: Option<bool>,
    /// How the task is assessed.
    pub assessments: Option<TaskAssessments>,
    /// `formative` / `summative` (single task).
    pub task_type: Option<String>,
    /// Display name of the task type (single task).
    pub task_type_name: Option<String>,
    /// The task this one is linked to (single task).
    pub linked_to: Option<LinkedTask>,
    /// Whether the dropbox is on (single task).
    pub dropbox: Option<bool>,
    /// Work templates (single task).
    #[serde(skip_serializing_if = "de::is_empty")]
    pub task_work_templates: Vec<TaskWorkTemplate>,
    /// The unit (single task).
    pub unit: Option<Unit>,
    /// Higher level (single task).
    pub hl: Option<bool>,
    /// Standard level (single task).
    pub sl: Option<bool>,
    /// Assessment types as the single-task view shows them.
    pub assessment_types: Option<AssessmentTypes>,
}

/// `{"id": 17, "kind": "summative", "name": "Summative"}`.
#[model]
pub struct AssessmentType {
    /// Id.
    pub id: i64,
    /// `summative`, `formative`.
    pub kind: Option<String>,
    /// Display name.
    pub name: Option<String>,
}

/// A task's category: `{"id", "name", "weight"?}`.
#[model]
pub struct TaskCategoryRef {
    /// Category id.
    pub id: i64,
    /// Category name.
    pub name: Option<String>,
    /// Category weight (percent).
    pub weight: Option<f64>,
}

/// How a task is assessed: any of binary, points, criteria, comment.
#[derive(Default)]
#[model]
pub struct TaskAssessments {
    /// Complete / incomplete.
    pub binary: Option<TitledAssessment>,
    /// Points out of `max_points`.
    pub points: Option<PointsAssessment>,
    /// Criteria.
    pub criteria: Option<CriteriaAssessment>,
    /// Comments.
    pub comment: Option<TitledAssessment>,
}

/// `{"title": "Binary"}`.
#[derive(Default)]
#[model]
pub struct TitledAssessment {
    /// Display title.
    pub title: Option<String>,
}

/// `{"title": "Points", "max_points": 10}`.
#[derive(Default)]
#[model]
pub struct PointsAssessment {
    /// Display title.
    pub title: Option<String>,
    /// Points available.
    pub max_points: Option<f64>,
}

/// `{"title": "Criteria", "criterions": [24]}`.
#[derive(Default)]
#[model]
pub struct CriteriaAssessment {
    /// Display title.
    pub title: Option<String>,
    /// Criterion ids.
    pub criterions: Vec<i64>,
}

/// `{"class_id": 10299022, "task_id": 11921323}`.
#[model]
pub struct LinkedTask {
    /// Class id.
    pub class_id: Option<i64>,
    /// Task id.
    pub task_id: Option<i64>,
}

/// A task work template.
#[model]
pub struct TaskWorkTemplate {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: Option<String>,
    /// What to do.
    pub details: Option<String>,
}

/// `{"id": 67396, "title": "Dynamics & Kinematics"}`.
#[model]
pub struct Unit {
    /// Unit id.
    pub id: i64,
    /// Unit title.
    pub title: Option<String>,
}

/// `{"comments": {}, "points": {"max_score": 7}}` of a single task.
#[derive(Default)]
#[model]
pub struct AssessmentTypes {
    /// Present when comments are on.
    pub comments: Option<TitledAssessment>,
    /// Points.
    pub points: Option<MaxScore>,
}

/// `{"max_score": 7}`.
#[derive(Default)]
#[model]
pub struct MaxScore {
    /// Points available.
    pub max_score: Option<f64>,
}

/// The `core_task` body of a task create or update. Only the fields set are sent.
#[derive(Default)]
#[model(input)]
pub struct TaskInput {
    /// Teacher id of the author.
    pub author_id: Option<i64>,
    /// Task name (required to create).
    pub name: Option<String>,
    /// Due date, ISO 8601 (`2025-10-01T12:00:00`).
    pub due_date: Option<String>,
    /// Assessment type id.
    pub assessment_type_id: Option<i64>,
    /// Task category id.
    pub task_category_id: Option<i64>,
    /// Notify the class.
    pub notify_group: Option<bool>,
    /// Notify parents.
    pub notify_parents: Option<bool>,
    /// Unit id.
    pub unit_id: Option<i64>,
    /// Lesson experience id.
    pub lesson_experience_id: Option<i64>,
    /// Higher level.
    pub hl: Option<bool>,
    /// Standard level.
    pub sl: Option<bool>,
    /// Notes.
    pub notes: Option<String>,
    /// Enable a dropbox.
    pub enable_dropbox: Option<bool>,
    /// Enable Turnitin.
    pub enable_turnitin: Option<bool>,
    /// Days before the due date that the dropbox opens.
    pub dropbox_opening_days: Option<i64>,
    /// Students to assign (none: the whole class).
    pub assigned_student_ids: Option<Vec<i64>>,
    /// Save as a draft.
    pub draft: Option<bool>,
    /// Phase (MYP language acquisition).
    pub phase: Option<i64>,
    /// How the task is assessed.
    pub assessments: Option<TaskAssessmentsInput>,
}

/// The `assessments` block of a [`TaskInput`].
#[derive(Default)]
#[model]
pub struct TaskAssessmentsInput {
    /// Criteria.
    pub criteria: Option<CriteriaInput>,
    /// Points.
    pub points: Option<PointsInput>,
    /// Binary.
    pub binary: Option<EnabledInput>,
    /// Comment.
    pub comment: Option<EnabledInput>,
}

/// `{"enabled": true, "criterion_ids": [25324]}`.
#[derive(Default)]
#[model(input)]
pub struct CriteriaInput {
    /// On or off.
    pub enabled: Option<bool>,
    /// Criterion ids.
    pub criterion_ids: Option<Vec<i64>>,
}

/// `{"enabled": true, "max_points": 100}`.
#[derive(Default)]
#[model(input)]
pub struct PointsInput {
    /// On or off.
    pub enabled: Option<bool>,
    /// Points available (`""` clears them).
    pub max_points: Option<crate::de::Clearable<f64>>,
}

/// `{"enabled": false}`.
#[derive(Default)]
#[model(input)]
pub struct EnabledInput {
    /// On or off.
    pub enabled: Option<bool>,
}
