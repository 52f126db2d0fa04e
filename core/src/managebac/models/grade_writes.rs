//! Grade writes: PATCH /v2/tasks/{task_id}/students[/{student_id}]

use gradebridge_macros::model;

use super::*;
use crate::de::Clearable;
use crate::error::FieldErrors;

/// A student's grade on a task, as written (`task_grade`) and as answered. Only the
/// fields set are sent; `points`, `author_id`, `submission_id` and `is_late` may be
/// set to `""` ([`Clearable::Clear`]) to clear them, which is not the same as not
/// setting them.
#[derive(Default)]
#[model]
pub struct TaskGrade {
    /// AssessPrep UUID.
    pub assess_prep_uuid: Option<String>,
    /// AssessPrep UID.
    pub assess_prep_uid: Option<String>,
    /// Teacher id of the grader (`""` clears it).
    pub author_id: Option<Clearable<i64>>,
    /// URL of an assessment file.
    pub assessment_file_url: Option<String>,
    /// Points achieved (`""` clears them).
    pub points: Option<Clearable<f64>>,
    /// Comment.
    pub comment: Option<String>,
    /// Submission id (`""` clears it).
    pub submission_id: Option<Clearable<i64>>,
    /// Whether the work was late (`""` clears it).
    pub is_late: Option<Clearable<bool>>,
}

/// One student's grade in a bulk write: `{"id", "task_grade"}`.
#[model(input)]
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
                points: Some(Clearable::Value(points)),
                ..TaskGrade::default()
            },
        }
    }
}

/// The outcome for one item of a bulk write: its `id` (or `index`), `status`, and
/// errors. `ok` is true only for status `ok`.
#[model(input)]
pub struct ItemOutcome {
    /// The item's id (student id, class id), when the answer names it.
    pub id: Option<i64>,
    /// The item's position in the request, for answers by index.
    pub index: Option<i64>,
    /// `ok`, `unprocessable_entity`, `not_found`, ...
    pub status: String,
    /// True when the item was applied.
    pub ok: bool,
    /// Field errors the server gave for the item.
    #[serde(default, skip_serializing_if = "FieldErrors::is_empty")]
    pub errors: FieldErrors,
    /// A plain error message, when the server gave one instead of field errors.
    pub message: Option<String>,
    /// The class as stored, for an applied item of `upsert_classes` (`class_` in
    /// Python, where `class` is a keyword).
    pub class: Option<Class>,
}
