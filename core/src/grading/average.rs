//! Weighted term averages, as ManageBac computes them.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{decimal_from_f64, Rounding};
use crate::error::Error;

/// How a school averages a term (ManageBac, "Configuring Gradebook Calculation
/// Options").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AverageMethod {
    /// Each task's percentage; a category's percentage is the mean of its tasks';
    /// categories weighted by their weights.
    #[default]
    PercentageWeights,
    /// Percentage weights with points-based averaging: a category's percentage is its
    /// points earned over points possible; categories weighted by their weights.
    PointsWeights,
    /// Absolute weights: every task counts with its category's weight, so a category
    /// with more tasks weighs more.
    AbsoluteWeights,
}

impl std::str::FromStr for AverageMethod {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        match s.trim() {
            "percentage_weights" => Ok(AverageMethod::PercentageWeights),
            "points_weights" => Ok(AverageMethod::PointsWeights),
            "absolute_weights" => Ok(AverageMethod::AbsoluteWeights),
            other => Err(Error::invalid_input(
                "method",
                format!(
                    "`{other}` is not one of percentage_weights, points_weights, absolute_weights"
                ),
            )),
        }
    }
}

/// One task's result for the average.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaskScore {
    /// The task (reported back among the contributing tasks).
    #[serde(default)]
    pub task_id: Option<i64>,
    /// Its category: the key of a [`CategoryWeight`].
    pub category: String,
    /// Points earned; `None` when not graded (left out).
    #[serde(default)]
    pub score: Option<f64>,
    /// Points possible.
    pub max_points: f64,
    /// Excused (left out).
    #[serde(default)]
    pub excused: bool,
    /// Missing (left out; a school that counts missing work as 0 passes `score: 0`).
    #[serde(default)]
    pub missing: bool,
}

/// A category and its weight (ManageBac task categories carry a `weight`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategoryWeight {
    /// The key tasks refer to (an id or a name).
    pub category: String,
    /// The weight (any non-negative number; weights need not add up to 100).
    pub weight: f64,
}

/// A task that counted, with its percentage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Contribution {
    /// The task.
    pub task_id: Option<i64>,
    /// Its category.
    pub category: String,
    /// Its percentage (exact).
    #[serde(with = "rust_decimal::serde::str")]
    pub percent: Decimal,
}

/// A category's part of the average.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CategoryPart {
    /// The category.
    pub category: String,
    /// Its weight as given.
    #[serde(with = "rust_decimal::serde::str")]
    pub weight: Decimal,
    /// Its share of the average once empty categories' weights are shared out (0 to 1).
    #[serde(with = "rust_decimal::serde::str")]
    pub share: Decimal,
    /// Its percentage (exact).
    #[serde(with = "rust_decimal::serde::str")]
    pub percent: Decimal,
}

/// The result of [`weighted_average`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WeightedAverage {
    /// The average percentage, rounded as asked; `None` when no task counted.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub percent: Option<Decimal>,
    /// The tasks that counted.
    pub contributing: Vec<Contribution>,
    /// The categories that had tasks, with their shares.
    pub categories: Vec<CategoryPart>,
}

/// The weighted average of a term's tasks. Ungraded, excused and missing tasks are
/// left out, and the weights of categories left without tasks are shared among the
/// rest (the average is taken over the weights of the categories that have tasks).
/// Exact decimal arithmetic; rounded to `decimals` places with `rounding` at the end
/// only (`None`: not rounded).
pub fn weighted_average(
    tasks: &[TaskScore],
    categories: &[CategoryWeight],
    method: AverageMethod,
    decimals: Option<u32>,
    rounding: Rounding,
) -> Result<WeightedAverage, Error> {
    let mut weights: BTreeMap<&str, Decimal> = BTreeMap::new();
    for (i, c) in categories.iter().enumerate() {
        let w = decimal_from_f64(&format!("categories[{i}].weight"), c.weight)?;
        if w < Decimal::ZERO {
            return Err(Error::invalid_input(
                format!("categories[{i}].weight"),
                "must not be negative",
            ));
        }
        if weights.insert(c.category.as_str(), w).is_some() {
            return Err(Error::invalid_input(
                format!("categories[{i}].category"),
                format!("`{}` is listed twice", c.category),
            ));
        }
    }
    // Per category: (sum of percents, count, points earned, points possible).
    let mut per_cat: BTreeMap<&str, (Decimal, u32, Decimal, Decimal)> = BTreeMap::new();
    let mut contributing = Vec::new();
    for (i, t) in tasks.iter().enumerate() {
        if !weights.contains_key(t.category.as_str()) {
            return Err(Error::invalid_input(
                format!("tasks[{i}].category"),
                format!("`{}` is not among the categories", t.category),
            ));
        }
        let max = decimal_from_f64(&format!("tasks[{i}].max_points"), t.max_points)?;
        if max <= Decimal::ZERO {
            return Err(Error::invalid_input(
                format!("tasks[{i}].max_points"),
                "must be greater than 0",
            ));
        }
        let Some(score) = t.score else { continue };
        if t.excused || t.missing {
            continue;
        }
        let score = decimal_from_f64(&format!("tasks[{i}].score"), score)?;
        if score < Decimal::ZERO {
            return Err(Error::invalid_input(
                format!("tasks[{i}].score"),
                "must not be negative",
            ));
        }
        let pct = score * Decimal::ONE_HUNDRED / max;
        let e = per_cat.entry(t.category.as_str()).or_insert((
            Decimal::ZERO,
            0,
            Decimal::ZERO,
            Decimal::ZERO,
        ));
        e.0 += pct;
        e.1 += 1;
        e.2 += score;
        e.3 += max;
        contributing.push(Contribution {
            task_id: t.task_id,
            category: t.category.clone(),
            percent: pct.normalize(),
        });
    }
    if contributing.is_empty() {
        return Ok(WeightedAverage {
            percent: None,
            contributing,
            categories: Vec::new(),
        });
    }
    let cat_percent = |(sum, n, earned, possible): &(Decimal, u32, Decimal, Decimal)| match method {
        AverageMethod::PointsWeights => *earned * Decimal::ONE_HUNDRED / *possible,
        _ => *sum / Decimal::from(*n),
    };
    // The weight each category carries: its weight, times its task count for
    // absolute weights.
    let carried = |cat: &str, n: u32| {
        let w = weights.get(cat).copied().unwrap_or_default();
        if method == AverageMethod::AbsoluteWeights {
            w * Decimal::from(n)
        } else {
            w
        }
    };
    let total: Decimal = per_cat.iter().map(|(c, v)| carried(c, v.1)).sum();
    if total <= Decimal::ZERO {
        return Err(Error::invalid_input(
            "categories",
            "every category that has graded tasks has weight 0: there is nothing to weight by",
        ));
    }
    let mut avg = Decimal::ZERO;
    let mut parts = Vec::new();
    for (cat, v) in &per_cat {
        let share = carried(cat, v.1) / total;
        let p = match method {
            AverageMethod::AbsoluteWeights => v.0 / Decimal::from(v.1),
            _ => cat_percent(v),
        };
        avg += share * p;
        parts.push(CategoryPart {
            category: cat.to_string(),
            weight: weights.get(cat).copied().unwrap_or_default().normalize(),
            share: share.normalize(),
            percent: p.normalize(),
        });
    }
    let percent = super::round_to(avg, decimals, rounding);
    Ok(WeightedAverage {
        percent: Some(percent),
        contributing,
        categories: parts,
    })
}
