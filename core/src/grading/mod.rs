//! Grade mapping: percentages, scales and symbols, IB 1-7, weighted averages, in
//! exact decimal arithmetic so that a grade lands on the same side of a boundary in
//! Rust, Python and JS.
//!
//! - [`percent`]: score and max points to a percentage, rounded as asked.
//! - [`GradeScale`]: ordered levels (symbol, lower bound, representative value);
//!   [`GradeScale::grade`] maps a percentage to a symbol.
//! - [`GradeScale::from_blackboard_symbols`] / [`GradeScale::to_blackboard_symbols`]:
//!   the Grades Journey `symbols` string (`A=90:B=80:C=70:D=60:F=0`).
//! - [`GradeScale::from_schoology`] / [`GradeScale::to_schoology`]: Schoology's
//!   `grading_scale` object.
//! - [`myp_grade`], [`GradeScale::ib_myp`], [`group_mark`]: IB.
//! - [`weighted_average`]: a term's tasks by category weights, with ManageBac's three
//!   calculation methods.

use std::str::FromStr;

use rust_decimal::RoundingStrategy;
use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::float::Text;

mod average;
mod symbols;

pub use average::*;
/// The exact decimal type of every percentage (re-exported for the bindings).
pub use rust_decimal::Decimal;

/// How to round a percentage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rounding {
    /// Half away from zero: 89.995 -> 90.00 (the default; what schools expect).
    #[default]
    HalfUp,
    /// Half to even (banker's rounding): 89.985 -> 89.98, 89.995 -> 90.00.
    HalfEven,
    /// Toward negative infinity.
    Floor,
    /// Toward positive infinity.
    Ceiling,
}

impl Rounding {
    fn strategy(self) -> RoundingStrategy {
        match self {
            Rounding::HalfUp => RoundingStrategy::MidpointAwayFromZero,
            Rounding::HalfEven => RoundingStrategy::MidpointNearestEven,
            Rounding::Floor => RoundingStrategy::ToNegativeInfinity,
            Rounding::Ceiling => RoundingStrategy::ToPositiveInfinity,
        }
    }
}

impl FromStr for Rounding {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        match s.trim().to_ascii_lowercase().replace('-', "_").as_str() {
            "half_up" => Ok(Rounding::HalfUp),
            "half_even" => Ok(Rounding::HalfEven),
            "floor" => Ok(Rounding::Floor),
            "ceiling" => Ok(Rounding::Ceiling),
            other => Err(Error::invalid_input(
                "rounding",
                format!("`{other}` is not one of half_up, half_even, floor, ceiling"),
            )),
        }
    }
}

/// An `f64` as the decimal it was written as (its shortest round-trip text), so that
/// `89.995` is 89.995 and not 89.99499999999999744.
pub fn decimal_from_f64(field: &str, v: f64) -> Result<Decimal, Error> {
    if !v.is_finite() {
        return Err(Error::invalid_input(
            field,
            format!("must be a finite number, got {}", Text(v)),
        ));
    }
    let text = Text(v).to_string();
    // `from_str` reads the exponent of `1e300` too (`Decimal::from_scientific` never
    // reads what it cannot).
    Decimal::from_str(&text)
        .map_err(|_| Error::invalid_input(field, format!("{} is out of range", Text(v))))
}

/// A number given as decimal text (`"89.995"`, `"1e2"`), as the bindings hand over
/// what a caller wrote (JS's numbers and strings, Python's `int`, `Decimal` and
/// `str`); an error names `field`.
pub fn decimal_from_text(field: &str, text: &str) -> Result<Decimal, Error> {
    let t = text.trim();
    Decimal::from_str(t)
        .map_err(|_| Error::invalid_input(field, format!("`{text}` is not a finite number")))
}

/// The percentage `score / max_points * 100`, exact, rounded to `decimals` places
/// (`None`: not rounded) with `rounding`. A score above `max_points` (extra credit)
/// is allowed; `max_points` of 0 or less, a negative score, NaN or infinity are
/// invalid input.
pub fn percent(
    score: Decimal,
    max_points: Decimal,
    decimals: Option<u32>,
    rounding: Rounding,
) -> Result<Decimal, Error> {
    if max_points <= Decimal::ZERO {
        return Err(Error::invalid_input(
            "max_points",
            format!("must be greater than 0, got {max_points}"),
        ));
    }
    if score < Decimal::ZERO {
        return Err(Error::invalid_input(
            "score",
            format!("must not be negative, got {score}"),
        ));
    }
    let raw = score
        .checked_mul(Decimal::ONE_HUNDRED)
        .and_then(|x| x.checked_div(max_points))
        .ok_or_else(|| Error::invalid_input("score", "is too large"))?;
    Ok(round_to(raw, decimals, rounding))
}

/// [`percent`] for floating-point inputs (each read as the decimal it was written as).
pub fn percent_f64(
    score: f64,
    max_points: f64,
    decimals: Option<u32>,
    rounding: Rounding,
) -> Result<Decimal, Error> {
    percent(
        decimal_from_f64("score", score)?,
        decimal_from_f64("max_points", max_points)?,
        decimals,
        rounding,
    )
}

/// One level of a [`GradeScale`].
#[gradebridge_macros::reader]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Level {
    /// The symbol (`A`, `7`, `Pass`).
    pub symbol: String,
    /// Lowest percentage that reaches this level (`None` in a symbol-only scale).
    #[serde(default, with = "crate::de::opt_decimal_text")]
    pub lower_bound: Option<Decimal>,
    /// The percentage that stands for this level when converting back (Schoology's
    /// `average`); [`GradeScale::percent_for`] falls back to the lower bound.
    #[serde(default, with = "crate::de::opt_decimal_text")]
    pub value: Option<Decimal>,
}

impl Level {
    /// A level with a lower bound.
    pub fn new(symbol: impl Into<String>, lower_bound: Decimal) -> Self {
        Level {
            symbol: symbol.into(),
            lower_bound: Some(lower_bound),
            value: None,
        }
    }
}

/// An ordered grading scale, highest level first.
///
/// Validated on construction: at least one level, no empty or duplicate symbols,
/// either every level has a lower bound or none does (a symbol-only scale such as
/// `Complete:Incomplete`, which validates symbols but cannot grade a percent), bounds
/// distinct and not negative. Levels may be given in any order; they are kept
/// highest first.
///
/// Below the lowest bound (a scale whose lowest level starts above 0), `grade`
/// answers the lowest level: a scale is a partition of all percentages, and the lowest
/// level is its floor.
#[derive(Debug, Clone, Serialize)]
pub struct GradeScale {
    levels: Vec<Level>,
    /// Lower bounds as f64, highest first, for `grade_many`.
    #[serde(skip)]
    bounds_f64: Vec<f64>,
    /// The same padded to eight with -inf (which no finite percent is below), when
    /// there are at most eight: a count over a fixed-size array, which the compiler
    /// unrolls into a few vector compares (the loop over a slice took about three
    /// times the instructions per grade).
    #[serde(skip)]
    bounds8: Option<[f64; 8]>,
}

impl PartialEq for GradeScale {
    /// Same levels, in the same order, with numerically equal bounds and values.
    fn eq(&self, other: &Self) -> bool {
        self.levels == other.levels
    }
}

impl GradeScale {
    /// Validate `levels` and build the scale. Errors name the level
    /// (`levels[2]`, `levels[2].symbol`).
    pub fn new(levels: Vec<Level>) -> Result<Self, Error> {
        if levels.is_empty() {
            return Err(Error::invalid_input(
                "levels",
                "a scale needs at least one level",
            ));
        }
        let bounded = levels.iter().filter(|l| l.lower_bound.is_some()).count();
        if bounded != 0 && bounded != levels.len() {
            let i = levels
                .iter()
                .position(|l| l.lower_bound.is_none())
                .unwrap_or(0);
            return Err(Error::invalid_input(
                format!("levels[{i}].lower_bound"),
                "is missing: either every level has a lower bound or none does",
            ));
        }
        let repeat = crate::idmap::first_repeat(levels.iter().map(|l| l.symbol.as_str()));
        for (i, l) in levels.iter().enumerate() {
            if l.symbol.trim().is_empty() {
                return Err(Error::invalid_input(
                    format!("levels[{i}].symbol"),
                    "must not be empty",
                ));
            }
            if repeat == Some(i) {
                return Err(Error::invalid_input(
                    format!("levels[{i}].symbol"),
                    format!("`{}` appears twice", l.symbol),
                ));
            }
            if let Some(b) = l.lower_bound {
                if b < Decimal::ZERO {
                    return Err(Error::invalid_input(
                        format!("levels[{i}].lower_bound"),
                        format!("must not be negative, got {b}"),
                    ));
                }
            }
        }
        let mut levels = levels;
        if bounded != 0 {
            let order = crate::idmap::sorted_indices(levels.len(), &|a, b| {
                levels[b].lower_bound.cmp(&levels[a].lower_bound)
            });
            for w in order.windows(2) {
                if levels[w[0]].lower_bound == levels[w[1]].lower_bound {
                    return Err(Error::invalid_input(
                        format!("levels[{}].lower_bound", w[1].max(w[0])),
                        format!(
                            "`{}` and `{}` share the lower bound {}",
                            levels[w[0]].symbol,
                            levels[w[1]].symbol,
                            levels[w[0]].lower_bound.unwrap_or_default()
                        ),
                    ));
                }
            }
            let sorted: Vec<Level> = order.iter().map(|i| levels[*i].clone()).collect();
            levels = sorted;
        }
        // Through the decimal's text: Rust's float parser rounds correctly, so equal
        // decimals (0.999 and 0.99900...0) give the same f64 (found by the fuzzer).
        let bounds_f64: Vec<f64> = levels
            .iter()
            .filter_map(|l| l.lower_bound.and_then(dec_to_f64))
            .collect();
        let bounds8 = (bounds_f64.len() <= 8).then(|| {
            let mut b = [f64::NEG_INFINITY; 8];
            b[..bounds_f64.len()].copy_from_slice(&bounds_f64);
            b
        });
        Ok(GradeScale {
            levels,
            bounds_f64,
            bounds8,
        })
    }

    /// The levels, highest first.
    pub fn levels(&self) -> &[Level] {
        &self.levels
    }

    /// True for a scale without bounds (symbols only).
    pub fn is_symbol_only(&self) -> bool {
        self.levels.iter().all(|l| l.lower_bound.is_none())
    }

    /// Whether `symbol` is one of the scale's symbols.
    pub fn contains(&self, symbol: &str) -> bool {
        self.levels.iter().any(|l| l.symbol == symbol)
    }

    fn require_bounds(&self) -> Result<(), Error> {
        if self.is_symbol_only() {
            return Err(Error::invalid_input(
                "scale",
                "is symbol-only: it has no bounds to grade a percent with",
            ));
        }
        Ok(())
    }

    /// The symbol of the highest level whose lower bound `percent` reaches (the
    /// lowest level below every bound).
    pub fn grade(&self, percent: Decimal) -> Result<&str, Error> {
        self.require_bounds()?;
        let level = self
            .levels
            .iter()
            .find(|l| l.lower_bound.map(|b| percent >= b).unwrap_or(false))
            .or_else(|| self.levels.last());
        level
            .map(|l| l.symbol.as_str())
            .ok_or_else(|| Error::invalid_input("scale", "has no levels"))
    }

    /// [`GradeScale::grade`] for a floating-point percentage (read as the decimal it
    /// was written as).
    pub fn grade_f64(&self, percent: f64) -> Result<&str, Error> {
        self.grade(decimal_from_f64("percent", percent)?)
    }

    /// Grade many percentages at once (a binary search per value over the bounds).
    /// A value that is NaN or infinite is invalid input naming its index.
    pub fn grade_many(&self, percents: &[f64]) -> Result<Vec<&str>, Error> {
        Ok(self
            .grade_many_indices(percents)?
            .into_iter()
            .map(|i| self.levels[i as usize].symbol.as_str())
            .collect())
    }

    /// Index of each grade of [`GradeScale::grade_many`] into [`GradeScale::levels`]
    /// (for bindings that return symbols without a string per value).
    pub fn grade_many_indices(&self, percents: &[f64]) -> Result<Vec<u32>, Error> {
        self.require_bounds()?;
        if let Some(i) = percents.iter().position(|p| !p.is_finite()) {
            return Err(Error::invalid_input(
                format!("percents[{i}]"),
                format!("must be a finite number, got {}", Text(percents[i])),
            ));
        }
        // Checked once above, so the loop stays branch-free.
        Ok(percents
            .iter()
            .map(|p| self.level_index(*p) as u32)
            .collect())
    }

    /// The index into [`GradeScale::levels`] of the grade for one finite percentage
    /// (the per-value step of [`GradeScale::grade_many_indices`], for bindings that
    /// read values one at a time). `None` for a symbol-only scale or a value that is
    /// not finite.
    #[inline]
    pub fn grade_index_f64(&self, percent: f64) -> Option<usize> {
        if self.bounds_f64.is_empty() || !percent.is_finite() {
            return None;
        }
        Some(self.level_index(percent))
    }

    /// The one lookup behind the f64 paths: how many bounds (highest first) lie
    /// above `percent`, floored at the lowest level. Needs bounds and a finite
    /// percent.
    #[inline]
    fn level_index(&self, percent: f64) -> usize {
        let bounds = self.bounds_f64.as_slice();
        let above = match &self.bounds8 {
            // Few levels: count without branches.
            Some(b) => b.iter().map(|b| u32::from(*b > percent)).sum::<u32>() as usize,
            None => bounds.partition_point(|b| *b > percent),
        };
        above.min(bounds.len() - 1)
    }

    /// The percentage that stands for `symbol`: its representative value, else its
    /// lower bound; `None` for an unknown symbol or a symbol-only scale.
    pub fn percent_for(&self, symbol: &str) -> Option<Decimal> {
        let l = self.levels.iter().find(|l| l.symbol == symbol)?;
        l.value.or(l.lower_bound)
    }

    /// The IB MYP scale over criteria totals (0-32): 1-5 -> 1, 6-9 -> 2, 10-14 -> 3,
    /// 15-18 -> 4, 19-23 -> 5, 24-27 -> 6, 28-32 -> 7 (a total of 0 gives 1, the
    /// floor). Grade it with the criteria total, not a percent.
    pub fn ib_myp() -> Self {
        let levels = [
            ("7", 28),
            ("6", 24),
            ("5", 19),
            ("4", 15),
            ("3", 10),
            ("2", 6),
            ("1", 0),
        ]
        .iter()
        .map(|(s, b)| Level::new(*s, Decimal::from(*b)))
        .collect();
        // Valid by construction.
        GradeScale::new(levels).unwrap_or_else(|_| GradeScale {
            levels: vec![],
            bounds_f64: vec![],
            bounds8: None,
        })
    }

    /// A school's 1-7 scale from its lower bounds in percent, `bounds[0]` for grade 1
    /// to `bounds[6]` for grade 7 (IB DP has no fixed boundaries: they are data).
    pub fn ib_one_to_seven(bounds: [f64; 7]) -> Result<Self, Error> {
        let mut levels = Vec::with_capacity(7);
        for (i, b) in bounds.iter().enumerate() {
            levels.push(Level::new(
                (i + 1).to_string(),
                decimal_from_f64(&format!("bounds[{i}]"), *b)?,
            ));
        }
        GradeScale::new(levels)
    }
}

/// The IB MYP grade (1-7) for four criteria levels, each 0-8 (summed to 0-32). A
/// criterion outside 0-8 is invalid input naming it. All four at 0 gives 1: the
/// published boundaries start at 1-5 -> 1, and a total of 0 sits on that floor.
///
/// Levels are read as `i64` so that a negative or oversized value from Python or JS is
/// this same invalid-input error, not a conversion failure in a binding.
pub fn myp_grade(criteria: &[i64]) -> Result<u8, Error> {
    if criteria.len() != 4 {
        return Err(Error::invalid_input(
            "criteria",
            format!("MYP has four criteria (A-D), got {}", criteria.len()),
        ));
    }
    let mut total = 0i64;
    for (i, c) in criteria.iter().enumerate() {
        if !(0..=8).contains(c) {
            return Err(Error::invalid_input(
                format!("criteria[{i}]"),
                format!("must be 0-8, got {c}"),
            ));
        }
        total += *c;
    }
    Ok(match total {
        0..=5 => 1,
        6..=9 => 2,
        10..=14 => 3,
        15..=18 => 4,
        19..=23 => 5,
        24..=27 => 6,
        _ => 7,
    })
}

/// ManageBac's `group_mark`: the task percentage (`score / max_points`, exact, not
/// rounded) taken through the program's scale.
pub fn group_mark(score: f64, max_points: f64, scale: &GradeScale) -> Result<String, Error> {
    group_mark_exact(
        decimal_from_f64("score", score)?,
        decimal_from_f64("max_points", max_points)?,
        scale,
    )
}

/// [`group_mark`] from exact numbers (what the bindings read from an int, a
/// `Decimal` or decimal text).
pub fn group_mark_exact(
    score: Decimal,
    max_points: Decimal,
    scale: &GradeScale,
) -> Result<String, Error> {
    let p = percent(score, max_points, None, Rounding::HalfUp)?;
    scale.grade(p).map(str::to_string)
}

/// Schoology's `grading_scale` object: `{id?, title?, type, scale: {level: [{grade,
/// cutoff, average}]}}`; `type` 1 percent, 3 points, 0 numeric.
#[gradebridge_macros::reader]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SchoologyScale {
    /// Scale id.
    #[serde(
        default,
        deserialize_with = "crate::de::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub id: Option<i64>,
    /// Title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// 1 percent, 3 points, 0 numeric (read from numbers or strings).
    #[serde(
        default,
        rename = "type",
        deserialize_with = "crate::de::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub kind: Option<i64>,
    /// The levels.
    pub scale: SchoologyLevels,
}

/// `{"level": [...]}`.
#[gradebridge_macros::reader]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SchoologyLevels {
    /// Levels, as Schoology lists them.
    #[serde(default, deserialize_with = "crate::de::vec")]
    pub level: Vec<SchoologyLevel>,
}

/// `{"grade": "D-", "cutoff": 60, "average": 60}`.
#[gradebridge_macros::reader]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SchoologyLevel {
    /// The symbol.
    pub grade: String,
    /// Lower bound.
    #[serde(deserialize_with = "crate::de::opt_num", default)]
    pub cutoff: Option<f64>,
    /// Representative value.
    #[serde(
        default,
        deserialize_with = "crate::de::opt_num",
        skip_serializing_if = "Option::is_none"
    )]
    pub average: Option<f64>,
}

impl GradeScale {
    /// A scale from Schoology's `grading_scale` object.
    pub fn from_schoology(scale: &SchoologyScale) -> Result<Self, Error> {
        let mut levels = Vec::with_capacity(scale.scale.level.len());
        for (i, l) in scale.scale.level.iter().enumerate() {
            let lower = match l.cutoff {
                Some(c) => Some(decimal_from_f64(&format!("scale.level[{i}].cutoff"), c)?),
                None => None,
            };
            let value = match l.average {
                Some(a) => Some(decimal_from_f64(&format!("scale.level[{i}].average"), a)?),
                None => None,
            };
            levels.push(Level {
                symbol: l.grade.clone(),
                lower_bound: lower,
                value,
            });
        }
        GradeScale::new(levels).map_err(|e| match e.kind() {
            crate::ErrorKind::InvalidInput { field } => Error::invalid_input(
                field
                    .replace("levels[", "scale.level[")
                    .replace(".lower_bound", ".cutoff")
                    .replace(".symbol", ".grade"),
                e.message()
                    .split_once(": ")
                    .map(|(_, m)| m)
                    .unwrap_or(e.message()),
            ),
            _ => e,
        })
    }

    /// The scale as Schoology's `grading_scale` object (type 1, percent).
    pub fn to_schoology(&self, title: Option<&str>) -> SchoologyScale {
        SchoologyScale {
            id: None,
            title: title.map(str::to_string),
            kind: Some(1),
            scale: SchoologyLevels {
                level: self
                    .levels
                    .iter()
                    .map(|l| SchoologyLevel {
                        grade: l.symbol.clone(),
                        cutoff: l.lower_bound.and_then(dec_to_f64),
                        average: l.value.and_then(dec_to_f64),
                    })
                    .collect(),
            },
        }
    }
}

/// Round to `decimals` places and show exactly that many (`90.00`); `None` leaves the
/// value exact, without trailing zeros.
pub(crate) fn round_to(v: Decimal, decimals: Option<u32>, rounding: Rounding) -> Decimal {
    match decimals {
        Some(d) => {
            let d = d.min(20);
            let mut r = v.round_dp_with_strategy(d, rounding.strategy());
            r.rescale(d);
            r
        }
        None => v.round_dp(20).normalize(),
    }
}

/// The nearest f64 to a decimal, correctly rounded (through its text).
pub(crate) fn dec_to_f64(d: Decimal) -> Option<f64> {
    crate::float::parse_f64(&d.normalize().to_string())
}

/// Format a decimal without trailing zeros (`90`, `89.5`).
pub(crate) fn fmt_decimal(d: Decimal) -> String {
    d.normalize().to_string()
}
