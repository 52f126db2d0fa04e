//! The sync: plan, then apply.
//!
//! The planner ([`plan::plan`]) is pure: snapshots of the source (ManageBac) and the
//! target (Schoology as read; Blackboard Grades Journey, which cannot be read, as the
//! [`ledger`] says it was written) plus the [`config::SyncConfig`] in, a
//! [`plan::Plan`] of writes with reasons out. The executor ([`exec`], feature
//! `client`) reads the snapshots with the fewest requests, applies the plan in the
//! largest batches, records each batch's outcomes in the ledger and reports progress.
//! Planning again after an apply gives an empty plan.

pub mod config;
#[cfg(feature = "client")]
pub mod exec;
pub mod ledger;
pub mod plan;

pub use config::*;
pub use ledger::*;
pub use plan::*;
