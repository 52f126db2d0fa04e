//! The six Grades Journey endpoints: each a batched write of a JSON array.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::models::*;
use super::values::{format_optional_data, ColumnMapping};
use super::{BlackboardConfig, DEFAULT_CHUNK_SIZE, JOURNEY_PATH};
use crate::endpoint::{decode_success, Batched, Endpoint};
use crate::error::Error;
use crate::http::{HttpResponse, Method, RequestSpec};
use crate::validate::{check_datetime, check_number};

/// The item types `gradableItemsAPI` takes.
pub const ITEM_TYPES: [&str; 11] = [
    "ASSIGNMENT",
    "TEST",
    "SURVEY",
    "DISCUSSION_BOARD",
    "WIKI",
    "BLOG",
    "JOURNAL",
    "SELF_AND_PEER_TEST",
    "MANUAL_COLUMN",
    "WEIGHTED_COLUMN",
    "TOTAL_COLUMN",
];

/// What every Grades Journey item does: check itself and give its wire JSON (with
/// `optionalData` and `mapping` written as text), and the key that must not repeat
/// in one call.
pub trait JourneyItem {
    /// Check the item (errors name `at.field`) and give the JSON the API takes.
    fn wire(&self, at: &str) -> Result<Value, Error>;
    /// Two items with the same key in one call would race: which one wins is not said.
    fn key(&self) -> String;
}

fn required(at: &str, field: &str, value: &str, max: usize) -> Result<(), Error> {
    if value.trim().is_empty() {
        return Err(Error::invalid_input(format!("{at}.{field}"), "is required"));
    }
    limit(at, field, Some(value), max)
}

fn limit(at: &str, field: &str, value: Option<&str>, max: usize) -> Result<(), Error> {
    if let Some(v) = value {
        let n = v.chars().count();
        if n > max {
            return Err(Error::invalid_input(
                format!("{at}.{field}"),
                format!("is {n} characters long; the limit is {max}"),
            ));
        }
    }
    Ok(())
}

fn with_optional_data(
    at: &str,
    mut v: Value,
    data: &Option<crate::Map<String, String>>,
) -> Result<Value, Error> {
    if let (Some(data), Some(obj)) = (data, v.as_object_mut()) {
        let text = format_optional_data(&format!("{at}.optionalData"), data)?;
        obj.insert("optionalData".into(), Value::String(text));
    }
    Ok(v)
}

fn to_value<T: Serialize>(at: &str, item: &T) -> Result<Value, Error> {
    crate::input::to_value(item).map_err(|e| Error::invalid_input(at, e))
}

impl JourneyItem for GradeSchemaInput {
    fn wire(&self, at: &str) -> Result<Value, Error> {
        required(at, "title", &self.title, 333)?;
        required(at, "symbols", &self.symbols, 2000)?;
        crate::grading::GradeScale::from_blackboard_symbols(&self.symbols).map_err(|e| {
            Error::invalid_input(
                format!("{at}.symbols"),
                e.message().split_once(": ").map_or(e.message(), |(_, m)| m),
            )
        })?;
        with_optional_data(at, to_value(at, self)?, &self.optional_data)
    }
    fn key(&self) -> String {
        self.title.clone()
    }
}

impl JourneyItem for GradableItemInput {
    fn wire(&self, at: &str) -> Result<Value, Error> {
        required(at, "courseId", &self.course_id, 256)?;
        required(at, "name", &self.name, 333)?;
        if !ITEM_TYPES.contains(&self.item_type.as_str()) {
            return Err(Error::invalid_input(
                format!("{at}.itemType"),
                format!(
                    "`{}` is not an item type; known: {}",
                    self.item_type,
                    ITEM_TYPES.join(", ")
                ),
            ));
        }
        limit(at, "instructions", self.instructions.as_deref(), 2000)?;
        limit(
            at,
            "contentAreaName",
            self.content_area_name.as_deref(),
            255,
        )?;
        if let Some(area) = self.content_area_name.as_deref() {
            let parts: Vec<&str> = area.split("@>@").collect();
            if parts.len() > 2 || parts.iter().any(|p| p.trim().is_empty()) {
                return Err(Error::invalid_input(
                    format!("{at}.contentAreaName"),
                    format!("`{area}` is not a content area or `parent@>@child`"),
                ));
            }
        }
        limit(at, "color", self.color.as_deref(), 10)?;
        if let Some(a) = self.attempts {
            if a == 0 || a < -1 {
                return Err(Error::invalid_input(
                    format!("{at}.attempts"),
                    format!("must be -1 (unlimited) or at least 1, got {a}"),
                ));
            }
        }
        for (field, v) in [
            ("startDate", &self.start_date),
            ("endDate", &self.end_date),
            ("dueDate", &self.due_date),
        ] {
            check_datetime(&format!("{at}.{field}"), v.as_deref())?;
        }
        check_number(&format!("{at}.points"), self.points, 0.0)?;
        limit(at, "gradeSchema", self.grade_schema.as_deref(), 333)?;
        if let Some(n) = self.sequence_num {
            if n < 0 {
                return Err(Error::invalid_input(
                    format!("{at}.sequenceNum"),
                    format!("must be 0 or more, got {n}"),
                ));
            }
        }
        if let Some(m) = self.mapping.as_deref() {
            let field = format!("{at}.mapping");
            let parsed = ColumnMapping::parse(&field, m)?;
            match (self.item_type.as_str(), &parsed) {
                ("WEIGHTED_COLUMN", ColumnMapping::Weighted(_))
                | ("TOTAL_COLUMN", ColumnMapping::Total(_)) => {}
                ("WEIGHTED_COLUMN", _) => {
                    return Err(Error::invalid_input(
                        field,
                        "a weighted column's mapping is name=percentage pairs (`Assignment 1=30,Test 1=70`)",
                    ))
                }
                ("TOTAL_COLUMN", _) => {
                    return Err(Error::invalid_input(
                        field,
                        "a total column's mapping is a list of columns (`Assignment 1, Test 1`)",
                    ))
                }
                (other, _) => {
                    return Err(Error::invalid_input(
                        field,
                        format!("only a WEIGHTED_COLUMN or TOTAL_COLUMN has a mapping, not {other}"),
                    ))
                }
            }
        }
        with_optional_data(at, to_value(at, self)?, &self.optional_data)
    }
    fn key(&self) -> String {
        format!("{}\u{0}{}", self.course_id, self.name)
    }
}

impl JourneyItem for ColumnRef {
    fn wire(&self, at: &str) -> Result<Value, Error> {
        required(at, "courseId", &self.course_id, 333)?;
        required(at, "name", &self.name, 333)?;
        to_value(at, self)
    }
    fn key(&self) -> String {
        format!("{}\u{0}{}", self.course_id, self.name)
    }
}

impl JourneyItem for UserMetadataInput {
    fn wire(&self, at: &str) -> Result<Value, Error> {
        required(at, "courseId", &self.course_id, 333)?;
        required(at, "userId", &self.user_id, 333)?;
        with_optional_data(at, to_value(at, self)?, &self.optional_data)
    }
    fn key(&self) -> String {
        format!("{}\u{0}{}", self.course_id, self.user_id)
    }
}

impl JourneyItem for GradeValueInput {
    fn wire(&self, at: &str) -> Result<Value, Error> {
        required(at, "courseId", &self.course_id, 333)?;
        required(at, "userId", &self.user_id, 333)?;
        required(at, "name", &self.name, 333)?;
        required(at, "value", &self.value, 333)?;
        to_value(at, self)
    }
    fn key(&self) -> String {
        format!("{}\u{0}{}\u{0}{}", self.course_id, self.user_id, self.name)
    }
}

fn check_distinct<T: JourneyItem>(field: &str, items: &[T], offset: usize) -> Result<(), Error> {
    let keys: Vec<String> = items.iter().map(JourneyItem::key).collect();
    match crate::idmap::first_repeat(keys.iter().map(String::as_str)) {
        Some(i) => Err(Error::invalid_input(
            format!("{field}[{}]", i + offset),
            "the same item is listed twice in one call (which one wins is not said)",
        )),
        None => Ok(()),
    }
}

fn chunk_of(chunk_size: Option<u32>) -> Result<usize, Error> {
    match chunk_size.unwrap_or(DEFAULT_CHUNK_SIZE) {
        0 => Err(Error::invalid_input("chunk_size", "must be at least 1")),
        n => Ok(n as usize),
    }
}

#[gradebridge_macros::reader]
#[derive(Deserialize)]
struct RawOutcome {
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    status: Option<String>,
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    message: Option<String>,
    #[serde(
        default,
        rename = "courseId",
        deserialize_with = "crate::de::opt_string"
    )]
    course_id: Option<String>,
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    name: Option<String>,
}

/// One outcome per item, in order: the answer's items by position, `MISSING` for
/// any it left out.
fn outcomes(
    response: &HttpResponse,
    sent: usize,
    offset: usize,
) -> Result<Vec<JourneyOutcome>, Error> {
    let raw: Vec<RawOutcome> = decode_success(response, &[200, 201, 207])?;
    let mut raw = raw.into_iter();
    Ok((0..sent)
        .map(|i| {
            let index = (i + offset) as i64;
            match raw.next() {
                Some(r) => {
                    let status = r.status.unwrap_or_else(|| "UNKNOWN".to_string());
                    JourneyOutcome {
                        index,
                        ok: status.eq_ignore_ascii_case("OK"),
                        status,
                        message: r.message,
                        course_id: r.course_id,
                        name: r.name,
                    }
                }
                None => JourneyOutcome {
                    index,
                    ok: false,
                    status: "MISSING".to_string(),
                    message: Some("the server's answer did not report on this item".to_string()),
                    course_id: None,
                    name: None,
                },
            }
        })
        .collect())
}

macro_rules! journey_write {
    ($(#[doc = $doc:literal])* $ty:ident, $field:ident, $item:ty, $endpoint:literal, $idempotent:expr) => {
        $(#[doc = $doc])*
        #[gradebridge_macros::reader]
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        pub struct $ty {
            /// The items, in order.
            pub $field: Vec<$item>,
            /// Items a request carries (default 100); a client sends longer lists in
            /// chunks and answers in input order.
            #[serde(default)]
            pub chunk_size: Option<u32>,
            /// Where this chunk starts in the caller's list (for error paths and
            /// outcome indexes).
            #[serde(skip)]
            offset: usize,
        }

        impl $ty {
            /// Send `items`.
            pub fn new($field: Vec<$item>) -> Self {
                $ty {
                    $field,
                    chunk_size: None,
                    offset: 0,
                }
            }
            /// Items a request carries.
            pub fn chunk_size(mut self, n: u32) -> Self {
                self.chunk_size = Some(n);
                self
            }
        }

        impl Endpoint for $ty {
            type Platform = BlackboardConfig;
            type Output = Vec<JourneyOutcome>;
            fn spec(&self) -> Result<RequestSpec, Error> {
                let field = stringify!($field);
                let chunk = chunk_of(self.chunk_size)?;
                if self.$field.is_empty() {
                    return Err(Error::invalid_input(field, "must not be empty"));
                }
                if self.$field.len() > chunk {
                    return Err(Error::invalid_input(
                        field,
                        format!(
                            "{} items go in one request at most (chunk_size), got {}: a client sends longer lists in chunks",
                            chunk,
                            self.$field.len()
                        ),
                    ));
                }
                check_distinct(field, &self.$field, self.offset)?;
                let body = self
                    .$field
                    .iter()
                    .enumerate()
                    .map(|(i, item)| item.wire(&format!("{field}[{}]", i + self.offset)))
                    .collect::<Result<Vec<_>, _>>()?;
                Ok(RequestSpec::new(Method::Post, format!("{JOURNEY_PATH}/{}", $endpoint))
                    .json(Value::Array(body)))
            }
            fn parse(&self, response: &HttpResponse) -> Result<Vec<JourneyOutcome>, Error> {
                outcomes(response, self.$field.len(), self.offset)
            }
            fn idempotent(&self) -> bool {
                $idempotent
            }
        }

        impl Batched for $ty {
            fn batches(&self) -> Result<Vec<Self>, Error> {
                let field = stringify!($field);
                let chunk = chunk_of(self.chunk_size)?;
                if self.$field.is_empty() {
                    return Err(Error::invalid_input(field, "must not be empty"));
                }
                check_distinct(field, &self.$field, 0)?;
                let batches: Vec<Self> = self
                    .$field
                    .chunks(chunk)
                    .enumerate()
                    .map(|(n, part)| $ty {
                        $field: part.to_vec(),
                        chunk_size: self.chunk_size,
                        offset: n * chunk,
                    })
                    .collect();
                for b in &batches {
                    b.spec()?;
                }
                Ok(batches)
            }
            fn unanswered(&self, error: &Error, sent: bool) -> Vec<JourneyOutcome> {
                let status = match (sent, error.maybe_applied()) {
                    (false, _) => "NOT_SENT",
                    (true, true) => "UNKNOWN",
                    (true, false) => "ERROR",
                };
                (0..self.$field.len())
                    .map(|i| JourneyOutcome {
                        index: (i + self.offset) as i64,
                        ok: false,
                        status: status.to_string(),
                        message: Some(error.message().to_string()),
                        course_id: None,
                        name: None,
                    })
                    .collect()
            }
            fn join(outputs: Vec<Vec<JourneyOutcome>>) -> Vec<JourneyOutcome> {
                outputs.into_iter().flatten().collect()
            }
        }
    };
}

journey_write!(
    /// `create_grade_schemas(schemas)`. POST .../gradeSchemasAPI. Not retried (a
    /// schema created twice is an error the second time).
    CreateGradeSchemas, schemas, GradeSchemaInput, "gradeSchemasAPI", false
);
journey_write!(
    /// `create_gradable_items(items)`. POST .../gradableItemsAPI. Not retried.
    CreateGradableItems, items, GradableItemInput, "gradableItemsAPI", false
);
journey_write!(
    /// `delete_grade_columns(columns)`. POST .../gradeColumnDeleteAPI.
    DeleteGradeColumns, columns, ColumnRef, "gradeColumnDeleteAPI", true
);
journey_write!(
    /// `set_external_grade_columns(columns)`. POST .../externalGradeColumnAPI.
    SetExternalGradeColumns, columns, ColumnRef, "externalGradeColumnAPI", true
);
journey_write!(
    /// `create_user_metadata(entries)`. POST .../userMetadataAPI.
    CreateUserMetadata, entries, UserMetadataInput, "userMetadataAPI", true
);
journey_write!(
    /// `update_grade_values(values)`. POST .../gradeValueAPI: setting a value twice
    /// leaves it at that value, so it is retried.
    UpdateGradeValues, values, GradeValueInput, "gradeValueAPI", true
);
