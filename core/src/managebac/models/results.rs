//! Task results: GET /v2/classes/{class_id}/tasks/{task_id}/students

use gradebridge_macros::model;

use crate::de;

/// One student's results on a task.
#[model]
pub struct TaskResult {
    /// Student id.
    pub id: i64,
    /// Student name.
    pub name: Option<String>,
    /// Submissions per work template.
    pub task_works: Vec<TaskWork>,
    /// The assessment.
    pub assessments: Option<ResultAssessments>,
}

/// A submission for a work template.
#[model]
pub struct TaskWork {
    /// Task work id.
    pub id: i64,
    /// Work template id.
    pub template_id: Option<i64>,
    /// `submitted`, `late`, `waiting`.
    pub submission_status: Option<String>,
}

/// A student's assessment on a task.
#[derive(Default)]
#[model]
pub struct ResultAssessments {
    /// Dropbox status, when the task has a dropbox.
    pub dropbox_status: Option<String>,
    /// Teacher comments.
    pub comments: Option<String>,
    /// Points.
    pub points: Option<PointsResult>,
    /// Binary completion (sent as `0`/`1`).
    pub binary: Option<bool>,
}

/// `{"score": 6, "max_score": 7}`; `score` is `None` when not graded.
#[derive(Default)]
#[model]
pub struct PointsResult {
    /// Points achieved (written as `null` when not graded).
    #[model(plain)]
    #[serde(
        default,
        deserialize_with = "crate::de::opt_num",
        serialize_with = "de::opt_num_out"
    )]
    pub score: Option<f64>,
    /// Points available.
    pub max_score: Option<f64>,
}
