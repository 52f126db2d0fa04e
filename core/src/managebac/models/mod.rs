//! ManageBac models: every field the API documentation shows.
//!
//! Each is declared with [`gradebridge_macros::model`]: the field types say how a
//! model reads. Response models (`#[model]`) read tolerantly (numbers as strings,
//! `0`/`1` booleans, `null` lists, unknown fields ignored) and write the API's JSON
//! shape back, leaving out fields that were absent. Input models (`#[model(input)]`:
//! `TaskInput`, `ClassInput`, ...) are strict: a field left unset is never sent, and
//! [`crate::input::from_value_strict`] reads them from loose JSON (Python dicts, JS
//! objects) refusing any unknown key.

//!
//! One file a resource; everything is re-exported here.

mod classes;
mod common;
mod criteria;
mod grade_writes;
mod grades;
mod people;
mod results;
mod school;
mod tasks;
mod term_grades;

pub use classes::*;
pub use common::*;
pub use criteria::*;
pub use grade_writes::*;
pub use grades::*;
pub use people::*;
pub use results::*;
pub use school::*;
pub use tasks::*;
pub use term_grades::*;
