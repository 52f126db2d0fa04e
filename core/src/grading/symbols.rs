//! Blackboard Grades Journey `symbols` strings: `A=90:B=80:C=70:D=60:F=0`, or
//! symbols without bounds (`Complete:Incomplete`).
//!
//! Written by hand: a dozen lines of grammar, with errors that give the position.

use std::str::FromStr;

use rust_decimal::Decimal;

use super::{fmt_decimal, GradeScale, Level};
use crate::error::Error;

/// The Grades Journey limit on the `symbols` field.
pub const MAX_SYMBOLS_LEN: usize = 2000;

fn at(item: usize, pos: usize, msg: impl std::fmt::Display) -> Error {
    Error::invalid_input(
        format!("symbols[{item}]"),
        format!("{msg} at position {pos}"),
    )
}

/// A non-negative decimal literal without leading zeros or trailing fraction zeros.
fn plain_number(b: &str) -> String {
    let (int, frac) = b.split_once('.').unwrap_or((b, ""));
    let int = int.trim_start_matches('0');
    let frac = frac.trim_end_matches('0');
    let int = if int.is_empty() { "0" } else { int };
    if frac.is_empty() {
        int.to_string()
    } else {
        format!("{int}.{frac}")
    }
}

impl GradeScale {
    /// Parse a Grades Journey `symbols` string. Errors name the item
    /// (`symbols[2]`) and give the 1-based character position: whitespace, an empty
    /// item, a duplicate symbol, a bad or negative number, bounds on some items only,
    /// equal bounds, more than 2,000 characters.
    pub fn from_blackboard_symbols(text: &str) -> Result<Self, Error> {
        let chars = text.chars().count();
        if chars > MAX_SYMBOLS_LEN {
            return Err(Error::invalid_input(
                "symbols",
                format!(
                    "is {chars} characters long; the limit is {MAX_SYMBOLS_LEN} (position {})",
                    MAX_SYMBOLS_LEN + 1
                ),
            ));
        }
        if text.is_empty() {
            return Err(at(0, 1, "empty symbols string"));
        }
        if let Some((i, c)) = text.chars().enumerate().find(|(_, c)| c.is_whitespace()) {
            let item = text.chars().take(i).filter(|c| *c == ':').count();
            return Err(at(
                item,
                i + 1,
                format!("whitespace ({c:?}) is not allowed"),
            ));
        }
        let mut levels = Vec::new();
        let mut positions = Vec::new();
        let mut pos = 1usize; // 1-based character position of the current item
        for (item, raw) in text.split(':').enumerate() {
            let len = raw.chars().count();
            if raw.is_empty() {
                return Err(at(item, pos, "empty item"));
            }
            let (symbol, bound) = match raw.split_once('=') {
                Some((s, b)) => (s, Some(b)),
                None => (raw, None),
            };
            if symbol.is_empty() {
                return Err(at(item, pos, "empty symbol"));
            }
            let lower_bound = match bound {
                None => None,
                Some(b) => {
                    let bpos = pos + symbol.chars().count() + 1;
                    let ok = !b.is_empty()
                        && b.bytes().all(|c| c.is_ascii_digit() || c == b'.')
                        && b.bytes().filter(|c| *c == b'.').count() <= 1
                        && !b.starts_with('.')
                        && !b.ends_with('.');
                    if !ok {
                        return Err(at(
                            item,
                            bpos,
                            format!("`{b}` is not a non-negative number"),
                        ));
                    }
                    let d = Decimal::from_str(b)
                        .map_err(|_| at(item, bpos, format!("`{b}` is out of range")))?;
                    // Refuse what Decimal would round (more than 28 significant
                    // digits): a bound is kept exactly or not at all.
                    if fmt_decimal(d) != plain_number(b) {
                        return Err(at(
                            item,
                            bpos,
                            format!("`{b}` has more digits than a bound can keep (28)"),
                        ));
                    }
                    Some(d)
                }
            };
            if levels.iter().any(|l: &Level| l.symbol == symbol) {
                return Err(at(item, pos, format!("symbol `{symbol}` appears twice")));
            }
            levels.push(Level {
                symbol: symbol.to_string(),
                lower_bound,
                value: None,
            });
            positions.push(pos);
            pos += len + 1;
        }
        GradeScale::new(levels).map_err(|e| match e.kind() {
            crate::ErrorKind::InvalidInput { field } => {
                let i: usize = field
                    .trim_start_matches("levels[")
                    .split(']')
                    .next()
                    .and_then(|n| n.parse().ok())
                    .unwrap_or(0);
                let msg = e
                    .message()
                    .split_once(": ")
                    .map(|(_, m)| m.to_string())
                    .unwrap_or_default();
                at(i, positions.get(i).copied().unwrap_or(1), msg)
            }
            _ => e,
        })
    }

    /// The scale as a Grades Journey `symbols` string, highest level first. Errors
    /// when the result would pass the 2,000-character limit or a symbol holds `:`,
    /// `=` or whitespace.
    pub fn to_blackboard_symbols(&self) -> Result<String, Error> {
        let mut parts = Vec::with_capacity(self.levels().len());
        for (i, l) in self.levels().iter().enumerate() {
            if l.symbol
                .chars()
                .any(|c| c == ':' || c == '=' || c.is_whitespace())
            {
                return Err(Error::invalid_input(
                    format!("levels[{i}].symbol"),
                    format!(
                        "`{}` cannot be written as a Blackboard symbol (`:`, `=` or whitespace)",
                        l.symbol
                    ),
                ));
            }
            parts.push(match l.lower_bound {
                Some(b) => format!("{}={}", l.symbol, fmt_decimal(b)),
                None => l.symbol.clone(),
            });
        }
        let s = parts.join(":");
        if s.chars().count() > MAX_SYMBOLS_LEN {
            return Err(Error::invalid_input(
                "symbols",
                format!(
                    "would be {} characters long; the limit is {MAX_SYMBOLS_LEN}",
                    s.chars().count()
                ),
            ));
        }
        Ok(s)
    }
}
