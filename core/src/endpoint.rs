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

    /// Where the records are in the answer's JSON (`students`, `grades.grade`), when
    /// they are read as a JSON list of `Item` there: how the JS package reads the
    /// records itself and leaves only the rest of the answer to the core
    /// ([`crate::registry::DynOp::parse_envelope`]). Empty when not.
    const ITEMS_AT: &'static str = "";

    /// The operation that fetches the page after `page`, or `None` on the last page.
    fn next(&self, page: &Self::Output) -> Option<Self>;

    /// The same from the page's position and its number of records.
    fn next_after(&self, meta: Option<&PageMeta>, count: usize) -> Option<Self>;
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
#[cfg_attr(target_arch = "wasm32", inline(always))]
pub fn decode_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, Error> {
    read_json::<T>(body).map_err(|f| f.into_decode_error(body))
}

/// serde_json's reading of `body` as `T`, all of it (trailing characters are an
/// error): the one decoder each type has, shared by answers and caller input.
pub fn from_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, serde_json::Error> {
    read_json(body).map_err(|f| f.error)
}

/// Why JSON text could not be read as a type: serde_json's error and the JSON path
/// of the value at fault (`students[0].assignments[2].score`).
pub(crate) struct JsonFailure {
    pub(crate) error: serde_json::Error,
    pub(crate) path: String,
}

impl JsonFailure {
    /// serde_json's message without its ` at line 1 column 14`: the path says where
    /// (and the tree that wasm32 reads from has no positions).
    pub(crate) fn message(&self) -> String {
        without_position(&self.error)
    }

    /// The [`ErrorKind::Decode`](crate::ErrorKind::Decode) of an answer's `body`.
    fn into_decode_error(self, body: &[u8]) -> Error {
        let message = self.message();
        Error::decode(self.path, message, body).with_source(self.error)
    }
}

/// `body` read as `T`, or the failure with its JSON path.
///
/// Natively serde_json reads straight into `T` (serde's derive), and a failure's
/// path is found from its position in the text ([`json_path_at`]): one decoder per
/// type, where a path-tracking decoder (serde_path_to_error) would add a second.
/// Valid UTF-8 (every answer, in practice) is read as text: serde_json then does
/// not check each string again, which was a fifth of decoding a page of grades.
///
/// On wasm32 serde_json reads the text into a tree once (`read::Node`),
/// which the models read by their tables (see [`crate::read`]): the path comes with
/// the error, and serde_json's reader is built once, not once per type.
#[cfg_attr(target_arch = "wasm32", inline(always))]
pub(crate) fn read_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, JsonFailure> {
    #[cfg(test)]
    if crate::read::tests::own_reader() {
        return read_tree(body);
    }
    #[cfg(target_arch = "wasm32")]
    return read_tree(body);
    #[cfg(not(target_arch = "wasm32"))]
    {
        let read = match std::str::from_utf8(body) {
            Ok(text) => read_all(serde_json::Deserializer::from_str(text)),
            Err(_) => read_all(serde_json::Deserializer::from_slice(body)),
        };
        read.map_err(|error| JsonFailure {
            path: json_path_of(body, &error),
            error,
        })
    }
}

/// `body` through a `read::Node` tree (wasm32; core's tests of it).
#[cfg(any(target_arch = "wasm32", test))]
#[inline(always)]
fn read_tree<T: DeserializeOwned>(body: &[u8]) -> Result<T, JsonFailure> {
    read_node(parse_tree(body)?)
}

/// `T` from a tree (wasm32; core's tests of it), a struct at the top from a map
/// only ([`crate::input::MapOnly`]).
#[cfg(any(target_arch = "wasm32", test))]
#[inline(always)]
pub(crate) fn read_node<T: DeserializeOwned>(node: crate::read::Node) -> Result<T, JsonFailure> {
    T::deserialize(crate::input::MapOnly(node)).map_err(JsonFailure::from)
}

/// `body` as a tree, or the failure with the path where serde_json stopped.
#[cfg(any(target_arch = "wasm32", test))]
fn parse_tree(body: &[u8]) -> Result<crate::read::Node, JsonFailure> {
    crate::read::parse(body).map_err(|error| JsonFailure {
        path: json_path_of(body, &error),
        error,
    })
}

#[cfg(any(target_arch = "wasm32", test))]
impl From<crate::read::ReadError> for JsonFailure {
    fn from(e: crate::read::ReadError) -> Self {
        let (error, path) = e.into_parts();
        JsonFailure { error, path }
    }
}

/// `T` from all of `de`'s text, through [`crate::input::MapOnly`]: a struct at the
/// top (an operation's arguments, an answer's envelope) is read from a map only.
#[cfg(not(target_arch = "wasm32"))]
fn read_all<'de, R: serde_json::de::Read<'de>, T: serde::Deserialize<'de>>(
    mut de: serde_json::Deserializer<R>,
) -> Result<T, serde_json::Error> {
    let value = T::deserialize(crate::input::MapOnly(&mut de))?;
    de.end()?;
    Ok(value)
}

/// serde_json's message without its ` at line 1 column 14` (the path says where).
pub fn without_position(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    match text.strip_suffix(&suffix) {
        Some(message) => message.to_string(),
        None => text,
    }
}

/// The JSON path (`students[0].assignments[2].score`) of the value where serde_json
/// stopped, at `line` and `column` of `body` (as its errors report them: just past a
/// value it read, or at the `[`/`{` of one it refused unread): a scan of the text
/// that keeps the keys and indexes of the containers it is in.
///
/// Written by hand: a generic scanner shared by every type, where a path-tracking
/// decoder (serde_path_to_error) would add a decoder per type to every build.
/// `core/tests/it/json_path.rs` checks that both name the same paths.
pub fn json_path_at(body: &[u8], line: usize, column: usize) -> String {
    let offset = offset_of(body, line, column);
    path_to(body, value_end(body, offset))
}

/// [`json_path_at`] for serde_json's error `e`, whose message settles the one case
/// that its position leaves open: just past a `[` or `{` that a visitor refused
/// after serde_json had entered it (`invalid type: sequence, expected a string`),
/// the path is that list's or object's, not its first item's.
pub(crate) fn json_path_of(body: &[u8], e: &serde_json::Error) -> String {
    let offset = offset_of(body, e.line(), e.column());
    let message = e.to_string();
    let opener = if message.starts_with("invalid type: sequence") {
        Some(b'[')
    } else if message.starts_with("invalid type: map") {
        Some(b'{')
    } else {
        None
    };
    // Only a `[` after a `[` (or `{` after `{`) stays open: a visitor may have
    // refused the outer one, or serde_json the inner one it peeked at.
    let entered = offset > 0
        && opener.is_some()
        && body.get(offset - 1) == opener.as_ref()
        && body.get(offset) != opener.as_ref();
    let end = if entered {
        offset - 1
    } else {
        value_end(body, offset)
    };
    path_to(body, end)
}

/// The byte offset of serde_json's (`line`, `column`) in `body`.
fn offset_of(body: &[u8], line: usize, column: usize) -> usize {
    let mut offset = body.len();
    let mut l = 1;
    let mut line_start = 0;
    for (i, b) in body.iter().enumerate() {
        if l == line {
            offset = (line_start + column).min(body.len());
            break;
        }
        if *b == b'\n' {
            l += 1;
            line_start = i + 1;
        }
    }
    if l == line && line_start + column <= body.len() {
        offset = line_start + column;
    }
    offset
}

/// The last byte of the failing value, from serde_json's `offset`: it points just
/// past a value serde_json read, or at the `[` or `{` of one it only looked at (a
/// list where an object belongs). No read value is followed directly by `[` or `{`.
fn value_end(body: &[u8], offset: usize) -> usize {
    if matches!(body.get(offset), Some(b'[' | b'{')) {
        offset
    } else {
        offset.saturating_sub(1)
    }
}

/// The path of the value whose last byte is at `end`: a scan of the text that keeps
/// the keys and indexes of the containers it is in.
fn path_to(body: &[u8], end: usize) -> String {
    enum Frame {
        Object(Option<String>),
        Array(usize),
    }
    let mut stack: Vec<Frame> = Vec::new();
    let mut expecting_key = false;
    let mut i = 0;
    while i < body.len() && i < end {
        match body[i] {
            b'{' => {
                stack.push(Frame::Object(None));
                expecting_key = true;
            }
            b'[' => {
                stack.push(Frame::Array(0));
                expecting_key = false;
            }
            b'}' | b']' => {
                stack.pop();
                expecting_key = false;
            }
            b',' => match stack.last_mut() {
                Some(Frame::Array(n)) => *n += 1,
                Some(Frame::Object(_)) => expecting_key = true,
                None => {}
            },
            b':' => expecting_key = false,
            b'"' => {
                let start = i + 1;
                let mut j = start;
                while j < body.len() && body[j] != b'"' {
                    j += if body[j] == b'\\' { 2 } else { 1 };
                }
                if expecting_key {
                    let raw = &body[start..j.min(body.len())];
                    // Unescaped by the `Value` reader every target has already.
                    let quoted = [b"\"", raw, b"\""].concat();
                    let key = match serde_json::from_slice(&quoted) {
                        Ok(serde_json::Value::String(key)) => key,
                        _ => String::from_utf8_lossy(raw).into_owned(),
                    };
                    if let Some(Frame::Object(k)) = stack.last_mut() {
                        *k = Some(key);
                    }
                }
                i = j;
            }
            _ => {}
        }
        i += 1;
    }
    // At a closing brace the object itself is at fault (a missing field): its path,
    // without the last key read in it.
    if body.get(end) == Some(&b'}') {
        if let Some(Frame::Object(k)) = stack.last_mut() {
            *k = None;
        }
    }
    // At a closing bracket the list itself is at fault (too few items for a tuple):
    // its path, without an item's index.
    if body.get(end) == Some(&b']') {
        if let Some(Frame::Array(_)) = stack.last() {
            stack.pop();
        }
    }
    let mut path = String::new();
    for f in &stack {
        match f {
            Frame::Object(Some(k)) => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(&path_key(k));
            }
            Frame::Object(None) => {}
            Frame::Array(n) => path.push_str(&format!("[{n}]")),
        }
    }
    path
}

/// A key as a path names it: as it is, or JSON-quoted when it is empty or blank
/// (`""`), which would otherwise name nothing.
pub(crate) fn path_key(key: &str) -> std::borrow::Cow<'_, str> {
    if key.trim().is_empty() {
        // serde_json's writer into a `Vec`, the one the module has (a `Value`'s
        // `Display` brings a second, with a pretty printer, to wasm32).
        std::borrow::Cow::Owned(serde_json::to_string(key).unwrap_or_default())
    } else {
        std::borrow::Cow::Borrowed(key)
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
