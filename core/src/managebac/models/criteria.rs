//! Criteria and task categories

use gradebridge_macros::model;

/// An assessment criterion of a class.
#[model]
pub struct Criterion {
    /// Criterion id.
    pub id: i64,
    /// Title.
    pub title: Option<String>,
    /// Level descriptors.
    pub descriptors: Vec<Descriptor>,
}

/// `{"value": "Good", "descriptor": "..."}`.
#[model]
pub struct Descriptor {
    /// Level value.
    pub value: Option<String>,
    /// Level description.
    pub descriptor: Option<String>,
}

/// A task category with its weight.
#[model]
pub struct TaskCategory {
    /// Category id.
    pub id: i64,
    /// Name.
    pub name: Option<String>,
    /// Background colour (`#205C00`).
    pub background_color: Option<String>,
    /// Text colour.
    pub color: Option<String>,
    /// Weight (percent) in the term average.
    pub weight: Option<f64>,
}
