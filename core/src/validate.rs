//! Checks shared by every platform's operations: each error names the field.

use crate::error::Error;
use crate::float::Text;

/// A positive id.
pub(crate) fn check_id(field: &str, id: i64) -> Result<(), Error> {
    if id > 0 {
        Ok(())
    } else {
        Err(Error::invalid_input(
            field,
            format!("must be a positive id, got {id}"),
        ))
    }
}

/// A non-empty list of distinct positive ids.
pub(crate) fn check_ids(field: &str, ids: &[i64]) -> Result<(), Error> {
    if ids.is_empty() {
        return Err(Error::invalid_input(field, "must not be empty"));
    }
    let repeat = crate::idmap::first_repeat(ids.iter().copied());
    for (i, id) in ids.iter().enumerate() {
        check_id(&format!("{field}[{i}]"), *id)?;
        if repeat == Some(i) {
            return Err(Error::invalid_input(
                format!("{field}[{i}]"),
                format!("id {id} is listed twice"),
            ));
        }
    }
    Ok(())
}

/// A finite number, at least `min`.
pub(crate) fn check_number(field: &str, v: Option<f64>, min: f64) -> Result<(), Error> {
    match v {
        Some(x) if !x.is_finite() => Err(Error::invalid_input(field, "must be a finite number")),
        Some(x) if x < min => Err(Error::invalid_input(
            field,
            format!("must be at least {}, got {}", Text(min), Text(x)),
        )),
        _ => Ok(()),
    }
}

/// An ISO 8601 date or datetime.
pub(crate) fn check_datetime(field: &str, v: Option<&str>) -> Result<(), Error> {
    match v {
        Some(s) if crate::Timestamp::new(s).civil_parts().is_none() => Err(Error::invalid_input(
            field,
            format!("`{s}` is not an ISO 8601 date or datetime"),
        )),
        _ => Ok(()),
    }
}

/// A value as JSON, or an error naming `field`.
pub(crate) fn to_json<T: serde::Serialize>(field: &str, v: &T) -> Result<serde_json::Value, Error> {
    crate::input::to_value(v).map_err(|e| Error::invalid_input(field, e))
}

/// `{}`.
pub(crate) fn is_empty_object(v: &serde_json::Value) -> bool {
    v.as_object().map(|m| m.is_empty()).unwrap_or(false)
}
