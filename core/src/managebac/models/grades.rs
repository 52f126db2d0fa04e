//! Class grades for a term: GET /v2/classes/{class_id}/assessments/term/{term_id}/grades

use gradebridge_macros::model;

use crate::de::Grade;
use crate::timestamp::Timestamp;

/// One student's gradebook row for a term.
#[model]
pub struct StudentGrades {
    /// Student id.
    pub id: i64,
    /// Student name, `Last, First`.
    pub name: Option<String>,
    /// The student's graded tasks.
    pub assignments: Vec<AssignmentGrade>,
}

/// One task's result in a student's gradebook row.
#[model]
pub struct AssignmentGrade {
    /// Task id.
    pub id: i64,
    /// Task name.
    pub name: Option<String>,
    /// The task percentage taken through the program's grade scale.
    pub group_mark: Option<Grade>,
    /// Dropbox submission status (`waiting`, `early`, `late`, ...), when the task has
    /// a dropbox.
    pub dropbox_status: Option<String>,
    /// Extra days granted on the due date.
    pub due_date_extension_days: Option<i64>,
    /// Due date.
    pub due_date: Option<Timestamp>,
    /// Teacher comment.
    pub comment: Option<String>,
    /// Points achieved.
    pub score: Option<f64>,
    /// Points available.
    pub max_points: Option<f64>,
    /// Completion for binary tasks (`completed`, `incompleted`).
    pub binary: Option<String>,
}
