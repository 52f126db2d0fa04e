//! # gradebridge
//!
//! One portable core for the gradebook APIs that schools wire together: ManageBac
//! (`/v2` coursework, `/v2p0` classes and the `/v2p3` directory), Schoology v1
//! ([`schoology`]) and Blackboard Learn's Grades Journey ([`blackboard`]), the
//! grade mapping between them ([`grading`]) and the grade [`sync`] that plans and
//! applies the moves.
//!
//! The core is **sans-IO**: every operation is a plain value implementing [`Endpoint`].
//! It turns itself into an [`HttpRequest`] (method, URL, headers, body bytes) and parses
//! an [`HttpResponse`] (status, headers, body bytes) into a typed model or an [`Error`].
//! Nothing here opens a socket, sleeps or reads a clock, so any HTTP stack can drive it:
//!
//! ```
//! use gradebridge::managebac::{ManageBacConfig, coursework::GetTask};
//! use gradebridge::{Endpoint, HttpResponse};
//!
//! let api = ManageBacConfig::new("my-token");
//! let op = GetTask::new(10, 22301867);
//! let request = api.request(&op).unwrap();
//! assert_eq!(request.url, "https://api.managebac.com/v2/classes/10/tasks/22301867");
//!
//! // ... send `request` with your own HTTP client, then:
//! let response = HttpResponse::new(200, r#"{"task": {"id": 22301867, "name": "Essay"}}"#);
//! let task = op.parse(&response).unwrap();
//! assert_eq!(task.name.as_deref(), Some("Essay"));
//! ```
//!
//! With the `client` feature, [`client::ManageBacClient`] executes endpoints over
//! reqwest (native and `wasm32-unknown-unknown`), with pagination, rate limiting,
//! retries and timeouts.
// The docs link to items of the `client` feature (docs.rs builds with it); without
// it those links have nothing to point at.
#![cfg_attr(not(feature = "client"), allow(rustdoc::broken_intra_doc_links))]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]
#![warn(missing_docs)]

pub mod blackboard;
pub mod clock;
mod datetime;
pub mod de;
pub mod endpoint;
pub mod error;
mod float;
pub mod grading;
pub mod http;
mod idmap;
pub mod input;
pub mod managebac;
pub mod map;
pub mod platform;
#[doc(hidden)]
pub mod read;
pub mod registry;
#[cfg(feature = "schema")]
pub mod schema;
pub mod schoology;
pub mod sync;
pub mod timestamp;
mod validate;
pub mod weburl;
#[cfg(any(target_arch = "wasm32", test))]
pub mod write;

#[cfg(feature = "python")]
pub mod python;

#[cfg(feature = "client")]
pub mod client;

pub use endpoint::{Endpoint, Page, PageMeta, Paged};
pub use error::{Error, ErrorKind, FieldErrors, RetryAfter};
pub use http::{HttpRequest, HttpResponse, Method, RequestSpec};
pub use map::Map;
pub use platform::{AuthContext, AuthScheme, Platform, RateLimit};
pub use timestamp::Timestamp;

/// The README's Rust examples, run as doc tests.
#[cfg(all(doctest, feature = "client"))]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
