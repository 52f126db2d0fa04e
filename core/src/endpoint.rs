//! The shape every operation shares: a value that becomes a request and reads the
//! answer. Pure: no I/O, no clock.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::http::{HttpResponse, RequestSpec};
use gradebridge_macros::model;

/// One API operation.
///
/// [`Endpoint::spec`] validates the operation's input and says what to send (method,
/// path, query, JSON body); its [`Endpoint::Platform`] (for ManageBac,
/// [`crate::managebac::ManageBacConfig`]) adds the base URL and credentials
/// ([`crate::platform::build_request`]). [`Endpoint::parse`] turns any response into
/// the typed output or the typed error.
pub trait Endpoint {
    /// The platform the operation belongs to.
    type Platform: crate::platform::Platform;

    /// What a successful answer parses into.
    type Output;

    /// Validate the input and describe the request. Errors are
    /// [`crate::ErrorKind::InvalidInput`] naming the field.
    fn spec(&self) -> Result<RequestSpec, Error>;

    /// Parse a response (any status) into the output or an error.
    fn parse(&self, response: &HttpResponse) -> Result<Self::Output, Error>;

    /// May a client retry this request after a 5xx or a dropped connection without
    /// risking a duplicate effect? False for operations that create.
    fn idempotent(&self) -> bool;

    /// Does the answer come as a redirect to follow (ManageBac's avatars)? The client
    /// then fetches the `Location` with a plain GET that carries no credential, and
    /// parses that answer. False for every other operation.
    fn follows_redirect(&self) -> bool {
        false
    }
}

/// A list operation: it also knows where the next page is.
pub trait Paged: Endpoint + Sized {
    /// One record of the list.
    type Item;

    /// The records of one page.
    fn items(page: Self::Output) -> Vec<Self::Item>;

    /// The operation that fetches the page after `page`, or `None` on the last page.
    fn next(&self, page: &Self::Output) -> Option<Self>;
}

/// A write that goes out as several requests when its input is longer than one
/// request may carry (Schoology's 50 grades, Grades Journey's chunks). Each batch is
/// itself an operation whose [`Endpoint::spec`] sends at most one request's worth;
/// [`run_batches`] sends them in order and joins their outcomes.
pub trait Batched: Endpoint + Sized + Clone {
    /// Validate the whole input (every item, duplicates across batches) and split it
    /// into the operations to send, in order; one when it fits in one request.
    fn batches(&self) -> Result<Vec<Self>, Error>;

    /// The outcome of every item of this batch when its request failed with `error`:
    /// `sent` is false for batches that were never sent because an earlier one failed.
    fn unanswered(&self, error: &Error, sent: bool) -> Self::Output;

    /// The batches' outputs, in input order.
    fn join(outputs: Vec<Self::Output>) -> Self::Output;
}

/// Send `op`'s batches one after the other with `send`, and join their outputs.
///
/// Partial failure is data: when a batch fails after an earlier one was applied, or
/// with an answer that was lost (`maybe_applied`), its items and those of the
/// batches after it come back as failed outcomes ([`Batched::unanswered`]), never as
/// an exception that would hide what was written. A failure before anything could
/// have been applied (the first batch, refused) is the error itself.
pub async fn run_batches<E, F, Fut>(op: &E, mut send: F) -> Result<E::Output, Error>
where
    E: Batched,
    F: FnMut(E) -> Fut,
    Fut: std::future::Future<Output = Result<E::Output, Error>>,
{
    let batches = op.batches()?;
    let single = batches.len() == 1;
    let mut outputs = Vec::with_capacity(batches.len());
    let mut failed: Option<Error> = None;
    for (i, batch) in batches.into_iter().enumerate() {
        if let Some(e) = &failed {
            outputs.push(batch.unanswered(e, false));
            continue;
        }
        match send(batch.clone()).await {
            Ok(out) => outputs.push(out),
            Err(e) if single || (i == 0 && !e.maybe_applied()) => return Err(e),
            Err(e) => {
                outputs.push(batch.unanswered(&e, true));
                failed = Some(e);
            }
        }
    }
    Ok(E::join(outputs))
}

/// Where a page stands in its list, in terms every platform can give: ManageBac's
/// `meta` block (`{"current_page", "total_pages", "total_count", "per_page"}`) reads
/// into it as it is; a platform that pages by offset fills it from its own fields.
#[derive(Default, Eq)]
#[model]
pub struct PageMeta {
    /// The page this answer holds (1-based).
    pub current_page: Option<i64>,
    /// How many pages the query has.
    pub total_pages: Option<i64>,
    /// How many records the query has across all pages.
    pub total_count: Option<i64>,
    /// The page size asked for (a page may still hold fewer records).
    pub per_page: Option<i64>,
}

/// One page of a list: its records and the pagination block, when the API sent one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Page<T> {
    /// The records of this page.
    pub items: Vec<T>,
    /// Pagination block.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<PageMeta>,
}

/// Check the status (any of `ok`) and decode the body as `T`, with the JSON path of
/// a failure.
pub fn decode_success<T: DeserializeOwned>(
    response: &HttpResponse,
    ok: &[u16],
) -> Result<T, Error> {
    if !ok.contains(&response.status) {
        return Err(Error::from_response(response));
    }
    decode_json(&response.body).map_err(|e| e.with_status(response.status))
}

/// Decode bytes as `T`; a failure names the JSON path and quotes the body's start.
///
/// The fast path is plain serde_json; only a failure is decoded again with
/// serde_path_to_error to find the path.
pub fn decode_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, Error> {
    // On wasm32 the download size matters more: one decoder per type, the one that
    // tracks the path.
    #[cfg(not(target_arch = "wasm32"))]
    if let Ok(v) = serde_json::from_slice::<T>(body) {
        return Ok(v);
    }
    let mut de = serde_json::Deserializer::from_slice(body);
    match serde_path_to_error::deserialize::<_, T>(&mut de) {
        Ok(v) => {
            de.end()
                .map_err(|e| Error::decode("", format!("trailing characters: {e}"), body))?;
            Ok(v)
        }
        Err(e) => {
            let path = e.path().to_string();
            let inner = e.into_inner();
            Err(Error::decode(path, &inner, body).with_source(inner))
        }
    }
}

/// Check the status only (for answers without a body, such as 204).
pub fn expect_status(response: &HttpResponse, ok: &[u16]) -> Result<(), Error> {
    if ok.contains(&response.status) {
        Ok(())
    } else {
        Err(Error::from_response(response))
    }
}
