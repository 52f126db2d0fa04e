//! The Grades Journey text formats, as typed values: `optionalData`
//! (`key1=value1:key2=value2`) and a column's `mapping` (`Assignment 1=30,Test 1=70`
//! for a weighted column, `Assignment 1, Test 1` for a total column).
//!
//! Written by hand: two small grammars, with errors that name the field and say what
//! is wrong; no crate parses them.

use crate::Map;

use rust_decimal::Decimal;

use crate::error::Error;

/// The limit on an `optionalData` string.
pub const MAX_OPTIONAL_DATA: usize = 2000;

/// Write key/value pairs as `key1=value1:key2=value2`. A key or value holding `:` or
/// `=` (which would change the pairs), an empty key, or a result over 2,000
/// characters is refused, naming `field`.
pub fn format_optional_data(field: &str, data: &Map<String, String>) -> Result<String, Error> {
    let mut out = String::new();
    for (k, v) in data {
        if k.trim().is_empty() {
            return Err(Error::invalid_input(field, "a key is empty"));
        }
        for (what, text) in [("key", k), ("value", v)] {
            if let Some(c) = text.chars().find(|c| *c == ':' || *c == '=') {
                return Err(Error::invalid_input(
                    format!("{field}.{k}"),
                    format!("the {what} `{text}` holds `{c}`, which the key1=value1:key2=value2 format cannot carry"),
                ));
            }
        }
        if !out.is_empty() {
            out.push(':');
        }
        out.push_str(k);
        out.push('=');
        out.push_str(v);
    }
    let n = out.chars().count();
    if n > MAX_OPTIONAL_DATA {
        return Err(Error::invalid_input(
            field,
            format!("is {n} characters written out; the limit is {MAX_OPTIONAL_DATA}"),
        ));
    }
    Ok(out)
}

/// Read `key1=value1:key2=value2` (the docs' and the API's form). An empty string is
/// no pairs; a pair without `=`, an empty key or a key given twice is refused.
pub fn parse_optional_data(text: &str) -> Result<Map<String, String>, Error> {
    let mut out = Map::new();
    if text.is_empty() {
        return Ok(out);
    }
    for (i, pair) in text.split(':').enumerate() {
        let Some((k, v)) = pair.split_once('=') else {
            return Err(Error::invalid_input(
                format!("optionalData[{i}]"),
                format!("`{pair}` is not key=value"),
            ));
        };
        if k.is_empty() {
            return Err(Error::invalid_input(
                format!("optionalData[{i}]"),
                "the key is empty",
            ));
        }
        if v.contains('=') {
            return Err(Error::invalid_input(
                format!("optionalData[{i}]"),
                format!("`{pair}` has more than one `=`"),
            ));
        }
        if out.insert(k.to_string(), v.to_string()).is_some() {
            return Err(Error::invalid_input(
                format!("optionalData[{i}]"),
                format!("the key `{k}` is given twice"),
            ));
        }
    }
    Ok(out)
}

/// A column's `mapping`, read from its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ColumnMapping {
    /// A weighted column: each column's name and its percentage; they add up to 100.
    Weighted(Vec<(String, Decimal)>),
    /// A total column: the columns it adds up.
    Total(Vec<String>),
}

/// The limit on a `mapping` string.
pub const MAX_MAPPING: usize = 333;

fn check_name(field: &str, i: usize, name: &str) -> Result<(), Error> {
    if name.is_empty() {
        return Err(Error::invalid_input(
            format!("{field}[{i}]"),
            "a column name is empty",
        ));
    }
    if name.contains(['=', ',']) {
        return Err(Error::invalid_input(
            format!("{field}[{i}]"),
            format!("the column name `{name}` holds `=` or `,`"),
        ));
    }
    Ok(())
}

impl ColumnMapping {
    /// Read a weighted mapping (`Assignment 1=30,Test 1=30,Test 2=40`: names and
    /// percentages that add up to exactly 100) when the text has `=`, else a total
    /// mapping (`Assignment 1, Test 1`). Errors name `field[i]`.
    pub fn parse(field: &str, text: &str) -> Result<ColumnMapping, Error> {
        let n = text.chars().count();
        if n > MAX_MAPPING {
            return Err(Error::invalid_input(
                field,
                format!("is {n} characters long; the limit is {MAX_MAPPING}"),
            ));
        }
        if text.trim().is_empty() {
            return Err(Error::invalid_input(field, "is empty"));
        }
        if text.contains('=') {
            let mut weights = Vec::new();
            let mut total = Decimal::ZERO;
            for (i, part) in text.split(',').enumerate() {
                let Some((name, pct)) = part.split_once('=') else {
                    return Err(Error::invalid_input(
                        format!("{field}[{i}]"),
                        format!("`{part}` is not name=percentage"),
                    ));
                };
                let name = name.trim();
                check_name(field, i, name)?;
                let pct: Decimal = pct.trim().parse().map_err(|_| {
                    Error::invalid_input(
                        format!("{field}[{i}]"),
                        format!("`{}` is not a percentage", pct.trim()),
                    )
                })?;
                if pct <= Decimal::ZERO || pct > Decimal::ONE_HUNDRED {
                    return Err(Error::invalid_input(
                        format!("{field}[{i}]"),
                        format!("the percentage {pct} is not above 0 and at most 100"),
                    ));
                }
                if weights.iter().any(|(n, _): &(String, Decimal)| n == name) {
                    return Err(Error::invalid_input(
                        format!("{field}[{i}]"),
                        format!("the column `{name}` is given twice"),
                    ));
                }
                total += pct;
                weights.push((name.to_string(), pct));
            }
            if total != Decimal::ONE_HUNDRED {
                return Err(Error::invalid_input(
                    field,
                    format!("the percentages add up to {total}, not 100"),
                ));
            }
            Ok(ColumnMapping::Weighted(weights))
        } else {
            let mut names: Vec<String> = Vec::new();
            for (i, name) in text.split(',').map(str::trim).enumerate() {
                check_name(field, i, name)?;
                if names.iter().any(|n| n == name) {
                    return Err(Error::invalid_input(
                        format!("{field}[{i}]"),
                        format!("the column `{name}` is given twice"),
                    ));
                }
                names.push(name.to_string());
            }
            Ok(ColumnMapping::Total(names))
        }
    }

    /// The mapping's text, as Grades Journey takes it.
    pub fn to_text(&self) -> String {
        match self {
            ColumnMapping::Weighted(w) => w
                .iter()
                .map(|(n, p)| format!("{n}={}", p.normalize()))
                .collect::<Vec<_>>()
                .join(","),
            ColumnMapping::Total(names) => names.join(", "),
        }
    }
}
