//! Schoology models: every field the API documentation shows.
//!
//! Response models (`#[model]`) read tolerantly, as Schoology answers: ids and numbers
//! as integers or strings (`"100"`), flags as `0`/`1`, `"0"`/`"1"` or booleans, lists
//! as `null`. Input models (`#[model(input)]`) are strict and send only what is set.

use gradebridge_macros::model;

use crate::timestamp::Timestamp;

/// A list answer's `links`: `{"self": ..., "next": ...}`.
#[derive(Default, Eq)]
#[model]
pub struct Links {
    /// This page (`self` in the API).
    #[serde(rename = "self")]
    pub self_link: Option<String>,
    /// The next page, when there is one.
    pub next: Option<String>,
}

/// An assignment of a section (also what `grade_items` lists: any gradable item).
#[model]
pub struct Assignment {
    /// Assignment id.
    pub id: i64,
    /// Title.
    pub title: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// When it is due (`YYYY-MM-DD HH:MM:SS`).
    pub due: Option<Timestamp>,
    /// Grading scale id (0: none).
    pub grading_scale: Option<i64>,
    /// Grading period id (0: "Other").
    pub grading_period: Option<i64>,
    /// Grading category id.
    pub grading_category: Option<i64>,
    /// Maximum points (without extra credit).
    pub max_points: Option<f64>,
    /// Relative weight.
    pub factor: Option<f64>,
    /// A midterm or final.
    pub is_final: Option<bool>,
    /// Grade comments shown to students.
    pub show_comments: Option<bool>,
    /// Grade statistics shown (without bell curve).
    pub grade_stats: Option<bool>,
    /// Dropbox enabled.
    pub allow_dropbox: Option<bool>,
    /// Discussion enabled.
    pub allow_discussion: Option<bool>,
    /// Published.
    pub published: Option<bool>,
    /// Kind of grade item: `assignment`, `discussion`, `assessment` (read-only).
    #[serde(rename = "type")]
    pub item_type: Option<String>,
    /// The graded object's id (the assignment's, or the discussion's).
    pub grade_item_id: Option<i64>,
    /// Dropbox submissions (teachers, with `with_dropbox_stats`).
    pub dropbox_submissions: Option<i64>,
    /// Time of the last dropbox submission (teachers, with `with_dropbox_stats`).
    pub dropbox_last_submission: Option<i64>,
    /// A rubric is shown to students.
    pub show_rubric: Option<bool>,
    /// Enrollments it is individually assigned to (empty: everyone).
    pub assignees: Vec<i64>,
    /// Grading groups it is assigned to.
    pub grading_group_ids: Vec<i64>,
    /// Counts in the grade (sent only when not the default).
    pub count_in_grade: Option<bool>,
    /// Only collected, not graded (sent only when not the default).
    pub collected_only: Option<bool>,
    /// Grades visible as soon as entered.
    pub auto_publish_grades: Option<bool>,
    /// Availability flag (read-only).
    pub available: Option<i64>,
    /// Completed flag (read-only).
    pub completed: Option<i64>,
    /// Dropbox lock flag (read-only).
    pub dropbox_locked: Option<i64>,
    /// Grading scale type (read-only).
    pub grading_scale_type: Option<i64>,
    /// How many enrollments it is assigned to (read-only).
    pub num_assignees: Option<i64>,
    /// Completion status (read-only).
    pub completion_status: Option<String>,
    /// Related links.
    pub links: Option<Links>,
}

/// An existing attachment in an update: only its title can change. `id` is required,
/// because Schoology deletes an attachment sent without one.
#[model(input)]
pub struct AttachmentInput {
    /// The attachment's id.
    pub id: i64,
    /// Its new title.
    pub title: Option<String>,
}

/// An assignment as created or changed: only the fields set are sent. `title` is
/// required to create. For `assignees` and `grading_group_ids`, unset (`None`)
/// sends nothing and keeps them; an empty list removes them all.
#[derive(Default)]
#[model(input)]
pub struct AssignmentInput {
    /// Title (required to create).
    pub title: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Due date and time (`YYYY-MM-DD HH:MM:SS`, or ISO 8601).
    pub due: Option<String>,
    /// Grading scale id (0: none).
    pub grading_scale: Option<i64>,
    /// Grading period id (0: "Other").
    pub grading_period: Option<i64>,
    /// Grading category id.
    pub grading_category: Option<i64>,
    /// Maximum points (default 100).
    #[serde(serialize_with = "crate::de::opt_num_out")]
    pub max_points: Option<f64>,
    /// Relative weight (default 1).
    #[serde(serialize_with = "crate::de::opt_num_out")]
    pub factor: Option<f64>,
    /// A midterm or final.
    pub is_final: Option<bool>,
    /// Show grade comments to students.
    pub show_comments: Option<bool>,
    /// Show grade statistics.
    pub grade_stats: Option<bool>,
    /// Enable the dropbox (default true).
    pub allow_dropbox: Option<bool>,
    /// Enable the discussion (default true).
    pub allow_discussion: Option<bool>,
    /// Published (default true).
    pub published: Option<bool>,
    /// Enrollment ids it is assigned to; `[]` removes every assignee.
    pub assignees: Option<Vec<i64>>,
    /// Grading group ids; `[]` removes every grading group.
    pub grading_group_ids: Option<Vec<i64>>,
    /// Counts in the grade (default true).
    pub count_in_grade: Option<bool>,
    /// Only collected, not graded (default false).
    pub collected_only: Option<bool>,
    /// Publish grades as soon as entered (default true).
    pub auto_publish_grades: Option<bool>,
    /// Existing attachments whose titles change (update only; each needs its `id`).
    pub attachments: Option<Vec<AttachmentInput>>,
}

/// One grade of a section, as `grades` lists it. A non-zero `exception` (1 excused,
/// 2 incomplete) means there is no grade: `grade` is then `None`.
#[model]
pub struct SectionGrade {
    /// The student's enrollment in the section.
    pub enrollment_id: i64,
    /// The assignment (grade item).
    pub assignment_id: i64,
    /// The grade, in points (`None` when ungraded or excepted).
    #[serde(serialize_with = "crate::de::opt_num_out")]
    pub grade: Option<f64>,
    /// 0 none, 1 excused, 2 incomplete.
    pub exception: Option<i64>,
    /// The assignment's maximum points.
    #[serde(serialize_with = "crate::de::opt_num_out")]
    pub max_points: Option<f64>,
    /// The assignment is a final.
    pub is_final: Option<bool>,
    /// When the grade was last changed (Unix seconds).
    pub timestamp: Option<i64>,
    /// Grade comment.
    pub comment: Option<String>,
    /// Comment visibility.
    pub comment_status: Option<i64>,
    /// The grade overrides a calculated one.
    #[serde(rename = "override")]
    pub is_override: Option<bool>,
    /// The calculated grade.
    pub calculated_grade: Option<f64>,
    /// Awaiting grading.
    pub pending: Option<bool>,
    /// `assignment`, `discussion`, ...
    #[serde(rename = "type")]
    pub item_type: Option<String>,
    /// Where the grade comes from.
    pub location: Option<String>,
    /// Grading scale id.
    pub scale_id: Option<i64>,
    /// Grading scale type.
    pub scale_type: Option<i64>,
    /// Grading category id.
    pub category_id: Option<i64>,
}

/// One grade to write: `{type, assignment_id, enrollment_id, grade, comment,
/// exception}`. A grade with a non-zero `exception` carries no `grade`.
#[model(input)]
pub struct GradeInput {
    /// The student's enrollment in the section.
    pub enrollment_id: i64,
    /// The assignment.
    pub assignment_id: i64,
    /// Points (finite, at least 0).
    #[serde(serialize_with = "crate::de::opt_num_out")]
    pub grade: Option<f64>,
    /// Grade comment.
    pub comment: Option<String>,
    /// 0 none, 1 excused, 2 incomplete.
    pub exception: Option<i64>,
    /// The item's kind (default `assignment`).
    #[serde(rename = "type")]
    pub item_type: Option<String>,
}

impl GradeInput {
    /// Points (and nothing else) for an enrollment on an assignment.
    pub fn points(enrollment_id: i64, assignment_id: i64, grade: f64) -> Self {
        GradeInput {
            enrollment_id,
            assignment_id,
            grade: Some(grade),
            comment: None,
            exception: None,
            item_type: None,
        }
    }
}

/// The outcome for one grade of `update_grades`. `ok` only when Schoology answered
/// 200 for it. `status` is `ok`, `error` (Schoology refused it), `unknown` (its
/// request's answer was lost: it may have been applied), `not_sent` (an earlier
/// batch failed) or `missing` (the answer did not mention it).
#[model(input)]
pub struct GradeOutcome {
    /// The enrollment.
    pub enrollment_id: i64,
    /// The assignment.
    pub assignment_id: i64,
    /// True when the grade was applied.
    pub ok: bool,
    /// `ok`, `error`, `unknown`, `not_sent` or `missing`.
    pub status: String,
    /// Schoology's `response_code` for the item.
    pub response_code: Option<i64>,
    /// Why it failed.
    pub message: Option<String>,
}

/// A section's grading scale (`grading_scales`): `GradeScale.from_schoology` reads
/// it as it is.
#[model]
pub struct GradingScale {
    /// Scale id.
    pub id: Option<i64>,
    /// Title.
    pub title: Option<String>,
    /// 1 percent, 3 points, 0 numeric.
    #[serde(rename = "type")]
    pub scale_type: Option<i64>,
    /// Averaging is automatic.
    pub auto_averaging: Option<bool>,
    /// Numeric grades are hidden.
    pub hide_numeric: Option<bool>,
    /// The levels: `{"level": [...]}`.
    pub scale: Option<GradingScaleLevels>,
}

/// `{"level": [{"grade", "cutoff", "average"}]}`.
#[derive(Default)]
#[model]
pub struct GradingScaleLevels {
    /// Levels, as Schoology lists them.
    pub level: Vec<GradingScaleLevel>,
}

/// `{"grade": "D-", "cutoff": 60, "average": 60}`.
#[model]
pub struct GradingScaleLevel {
    /// The symbol.
    pub grade: Option<String>,
    /// Lower bound (percent).
    pub cutoff: Option<f64>,
    /// Representative value.
    pub average: Option<f64>,
}

/// A member of a section: a student (`admin` false) or a teacher. Grades are keyed
/// by the enrollment's `id`; `uid` is the user.
#[model]
pub struct Enrollment {
    /// Enrollment id (what grades name).
    pub id: i64,
    /// The user's id.
    pub uid: Option<i64>,
    /// The school's own id for the person.
    pub school_uid: Option<String>,
    /// First name.
    pub name_first: Option<String>,
    /// Last name.
    pub name_last: Option<String>,
    /// A section admin (teacher), not a student.
    pub admin: Option<bool>,
    /// 1 active, 2 expired, 3 invite pending, 4 request pending, 5 archived.
    pub status: Option<i64>,
    /// Picture URL.
    pub picture_url: Option<String>,
}

/// A Schoology user (`get_user`): how a sync matches people (`primary_email`,
/// `school_uid`).
#[model]
pub struct User {
    /// User id.
    pub id: i64,
    /// The school's own id for the person.
    pub school_uid: Option<String>,
    /// School id.
    pub school_id: Option<i64>,
    /// Building id.
    pub building_id: Option<i64>,
    /// First name.
    pub name_first: Option<String>,
    /// Preferred first name.
    pub name_first_preferred: Option<String>,
    /// Middle name.
    pub name_middle: Option<String>,
    /// Last name.
    pub name_last: Option<String>,
    /// Display name.
    pub name_display: Option<String>,
    /// Username.
    pub username: Option<String>,
    /// Primary email.
    pub primary_email: Option<String>,
    /// Picture URL.
    pub picture_url: Option<String>,
    /// Role id.
    pub role_id: Option<i64>,
    /// Graduation year.
    pub grad_year: Option<String>,
}
