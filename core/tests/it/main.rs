//! The integration tests of `gradebridge`, one module per area, linked into one test
//! binary: each `tests/*.rs` file is its own binary of about 55 MB in a debug build,
//! and two dozen of them filled the disk of a CI machine. `tests/tracing.rs` stays
//! apart, because `tracing` caches each callsite's interest for the whole process.
//!
//! Run one area with a filter: `cargo test -p gradebridge --test it requests::`.

mod common;

mod blackboard;
mod directory;
mod errors;
mod grading;
mod items_at;
mod json_path;
mod malformed;
mod parsing;
mod requests;
mod schoology;
mod tolerant;

#[cfg(feature = "client")]
mod ambiguous;
#[cfg(feature = "client")]
mod blackboard_client;
#[cfg(feature = "client")]
mod client;
#[cfg(feature = "client")]
mod conformance;
#[cfg(feature = "client")]
mod directory_client;
#[cfg(feature = "client")]
mod events;
#[cfg(feature = "client")]
mod oauth2;
#[cfg(feature = "client")]
mod options;
#[cfg(feature = "client")]
mod schoology_client;
#[cfg(feature = "client")]
mod seam;
#[cfg(feature = "client")]
mod sync;

#[cfg(feature = "schema")]
mod description;
