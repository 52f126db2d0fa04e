//! Grades Journey models: what each incoming endpoint takes (strict, `#[model(input)]`,
//! camelCase as the API names its fields) and the one outcome shape every endpoint
//! answers per item.

use crate::Map;

use gradebridge_macros::model;

/// A grading schema to create (`gradeSchemasAPI`).
#[model(input)]
#[serde(rename_all = "camelCase")]
pub struct GradeSchemaInput {
    /// Title (required, at most 333 characters).
    pub title: String,
    /// Symbols with optional lower bounds, `A=90:B=80:F=0` (required, at most 2,000
    /// characters); `GradeScale.to_blackboard_symbols()` writes one.
    pub symbols: String,
    /// Key/value pairs, written as `key1=value1:key2=value2` (at most 2,000
    /// characters; a key or value with `:` or `=` is refused).
    pub optional_data: Option<Map<String, String>>,
}

/// A gradable item or grade column to create (`gradableItemsAPI`).
#[model(input)]
#[serde(rename_all = "camelCase")]
pub struct GradableItemInput {
    /// The course's batch_uid (required, at most 256 characters).
    pub course_id: String,
    /// Title (required, at most 333 characters).
    pub name: String,
    /// `ASSIGNMENT`, `TEST`, `SURVEY`, `DISCUSSION_BOARD`, `WIKI`, `BLOG`, `JOURNAL`,
    /// `SELF_AND_PEER_TEST`, `MANUAL_COLUMN`, `WEIGHTED_COLUMN` or `TOTAL_COLUMN`.
    pub item_type: String,
    /// Instructions (at most 2,000 characters).
    pub instructions: Option<String>,
    /// Anonymous grading (Ultra: needs a `dueDate`).
    pub anonymous: Option<bool>,
    /// A group assignment.
    pub group: Option<bool>,
    /// Where it goes: a content area, or `parent@>@child` (at most 255 characters).
    pub content_area_name: Option<String>,
    /// Visible to students (default false).
    pub available: Option<bool>,
    /// Link colour, a name or hex value (Original courses; at most 10 characters).
    pub color: Option<String>,
    /// Attempts allowed: -1 unlimited (the default), or 1 and more.
    pub attempts: Option<i64>,
    /// Statistics tracking (Original courses).
    pub tracked: Option<bool>,
    /// Display from (an ISO 8601 date or datetime).
    pub start_date: Option<String>,
    /// Display until (an ISO 8601 date or datetime).
    pub end_date: Option<String>,
    /// Due date (an ISO 8601 date or datetime).
    pub due_date: Option<String>,
    /// Points possible (default 100).
    #[serde(serialize_with = "crate::de::opt_num_out")]
    pub points: Option<f64>,
    /// The grade schema's name (at most 333 characters).
    pub grade_schema: Option<String>,
    /// Display order in the content area (Original courses; 0 and more).
    pub sequence_num: Option<i64>,
    /// Extracted by the outgoing extraction.
    pub extract: Option<bool>,
    /// A weighted column's weights (`Assignment 1=30,Test 1=30,Test 2=40`, adding up
    /// to 100) or a total column's columns (`Assignment 1, Test 1`); at most 333
    /// characters. Checked against `itemType`.
    pub mapping: Option<String>,
    /// Key/value pairs, written as `key1=value1:key2=value2` (at most 2,000 characters).
    pub optional_data: Option<Map<String, String>>,
}

/// A column of a course, by name (`gradeColumnDeleteAPI`, `externalGradeColumnAPI`).
#[model(input)]
#[serde(rename_all = "camelCase")]
pub struct ColumnRef {
    /// The course's batch_uid (at most 333 characters).
    pub course_id: String,
    /// The column's name (at most 333 characters).
    pub name: String,
}

/// Enrollment metadata (`userMetadataAPI`).
#[model(input)]
#[serde(rename_all = "camelCase")]
pub struct UserMetadataInput {
    /// The course's batch_uid (at most 333 characters).
    pub course_id: String,
    /// The user's batch_uid (at most 333 characters).
    pub user_id: String,
    /// Key/value pairs, written as `key1=value1:key2=value2` (at most 2,000 characters).
    pub optional_data: Option<Map<String, String>>,
}

/// A grade value (`gradeValueAPI`).
#[model(input)]
#[serde(rename_all = "camelCase")]
pub struct GradeValueInput {
    /// The course's batch_uid (at most 333 characters).
    pub course_id: String,
    /// The user's batch_uid (at most 333 characters).
    pub user_id: String,
    /// The column's name (at most 333 characters).
    pub name: String,
    /// The value: a score or a schema symbol (at most 333 characters).
    pub value: String,
}

/// The outcome for one item: `{status, message, courseId, name}` as Grades Journey
/// answers it, in input order. `ok` only for status `OK`; `status` is `MISSING` when
/// the answer did not mention the item, `UNKNOWN` when its request's answer was lost
/// (it may have been applied) and `NOT_SENT` when an earlier chunk failed.
#[model(input)]
#[serde(rename_all = "camelCase")]
pub struct JourneyOutcome {
    /// The item's position in the caller's list.
    pub index: i64,
    /// True when the item was applied.
    pub ok: bool,
    /// `OK`, `ERROR` (or another word the server used), `MISSING`, `UNKNOWN`,
    /// `NOT_SENT`.
    pub status: String,
    /// The server's message.
    pub message: Option<String>,
    /// The course, as the server named it.
    pub course_id: Option<String>,
    /// The item's name, as the server named it.
    pub name: Option<String>,
}
