//! Term grades: GET /v2/classes/{class_id}/assessments/term/{term_id}/term-grades

use gradebridge_macros::model;

use crate::de::Grade;

/// One student's term grade.
#[model]
pub struct StudentTermGrade {
    /// Student id.
    pub id: i64,
    /// Student name.
    pub name: Option<String>,
    /// The term grade, when one was entered.
    pub term_grade: Option<TermGrade>,
}

/// A term grade with its average, comments and rubrics.
#[model]
pub struct TermGrade {
    /// The grade given.
    pub grade: Option<Grade>,
    /// The calculated average.
    pub average: Option<TermAverage>,
    /// Term comments.
    pub comments: Option<String>,
    /// Rubric grades.
    pub rubrics: Vec<Rubric>,
}

/// `{"percent": 86.5, "grade": "5"}`.
#[model]
pub struct TermAverage {
    /// Average percentage.
    pub percent: Option<f64>,
    /// The average taken through the grade scale.
    pub grade: Option<Grade>,
}

/// A rubric's grade in a term grade.
#[model]
pub struct Rubric {
    /// Rubric id.
    pub id: i64,
    /// Rubric title.
    pub title: Option<String>,
    /// The descriptor given (`Excellent`).
    pub grade: Option<Grade>,
}
