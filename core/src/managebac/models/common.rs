//! Shapes every resource shares.

use gradebridge_macros::model;

/// `{"id": 10193613}`: a reference to another record.
#[model]
pub struct IdRef {
    /// The record's id.
    pub id: i64,
}
