//! Weighted term averages, as ManageBac computes them.

use crate::idmap::IdMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{decimal_from_f64, Rounding};
use crate::error::Error;
use crate::managebac::models::{AssignmentGrade, Task, TaskCategory};

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
#[gradebridge_macros::reader]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaskScore {
    /// The task (reported back among the contributing tasks).
    #[serde(default)]
    pub task_id: Option<i64>,
    /// Its category: the key of a [`CategoryWeight`] (an integer id is read as its
    /// text).
    #[serde(deserialize_with = "category_key")]
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
#[gradebridge_macros::reader]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategoryWeight {
    /// The key tasks refer to (an id or a name; an integer id is read as its text).
    #[serde(deserialize_with = "category_key")]
    pub category: String,
    /// The weight (any non-negative number; weights need not add up to 100).
    pub weight: f64,
}

/// A category key as text: ManageBac's category ids are integers.
fn category_key<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    // A visitor, not an untagged enum: no buffering, and less code in the wasm module.
    struct Key;
    impl serde::de::Visitor<'_> for Key {
        type Value = String;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a category name or an integer id")
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<String, E> {
            Ok(v.to_string())
        }
    }
    d.deserialize_any(Key)
}

/// The tasks of a [`weighted_average`] from what ManageBac answers: a student's
/// `assignments` from class grades (which carry the score and maximum but not the
/// category) and the class's tasks (from `tasks`, which carry each task's category).
/// Errors name `tasks[i]` (the assignment).
pub fn task_scores(
    assignments: &[AssignmentGrade],
    class_tasks: &[Task],
) -> Result<Vec<TaskScore>, Error> {
    let by_id: IdMap<i64, i64> = class_tasks
        .iter()
        .filter_map(|t| Some((t.id, t.category.as_ref()?.id)))
        .collect();
    assignments
        .iter()
        .enumerate()
        .map(|(i, a)| task_score(i, a.id, a.score, a.max_points, &by_id))
        .collect()
}

/// One assignment's [`TaskScore`], its category looked up by task id.
fn task_score(
    i: usize,
    id: i64,
    score: Option<f64>,
    max_points: Option<f64>,
    category_of: &IdMap<i64, i64>,
) -> Result<TaskScore, Error> {
    let category = category_of.get(&id).ok_or_else(|| {
        Error::invalid_input(
            format!("tasks[{i}]"),
            format!(
                "task {id} has no category among the class's tasks (pass the class's tasks, with their categories, as `class_tasks`)"
            ),
        )
    })?;
    let max_points = match (max_points, score) {
        (Some(m), _) => m,
        // Ungraded and without a maximum: left out of the average all the same.
        (None, None) => 1.0,
        (None, Some(_)) => {
            return Err(Error::invalid_input(
                format!("tasks[{i}].max_points"),
                "missing: a graded task needs its maximum points",
            ))
        }
    };
    Ok(TaskScore {
        task_id: Some(id),
        category: category.to_string(),
        score,
        max_points,
        excused: false,
        missing: false,
    })
}

/// The categories of a [`weighted_average`] from ManageBac's task categories (keyed
/// by id, as [`task_scores`] keys the tasks). A category without a weight is an error
/// naming `categories[i].weight`.
pub fn category_weights(categories: &[TaskCategory]) -> Result<Vec<CategoryWeight>, Error> {
    categories
        .iter()
        .enumerate()
        .map(|(i, c)| category_weight(i, c.id, c.weight))
        .collect()
}

fn category_weight(i: usize, id: i64, weight: Option<f64>) -> Result<CategoryWeight, Error> {
    Ok(CategoryWeight {
        category: id.to_string(),
        weight: weight.ok_or_else(|| {
            Error::invalid_input(
                format!("categories[{i}].weight"),
                "missing: ManageBac gave this category no weight",
            )
        })?,
    })
}

/// What `weighted_average_json` reads of ManageBac's shapes (an assignment from
/// class grades, a task, a task category), read as answers are (numbers as text,
/// unknown fields ignored). One small type for the three: decoding whole `Task`s here
/// would add their decoders to the WebAssembly module for four numbers.
#[gradebridge_macros::reader]
#[derive(Deserialize)]
struct ApiLite {
    #[serde(deserialize_with = "crate::de::int")]
    id: i64,
    #[serde(default, deserialize_with = "crate::de::opt_num")]
    score: Option<f64>,
    #[serde(default, deserialize_with = "crate::de::opt_num")]
    max_points: Option<f64>,
    #[serde(default, deserialize_with = "crate::de::opt_num")]
    weight: Option<f64>,
    /// A task's category (`{"id": 3, ...}`).
    #[serde(default)]
    category: Option<Box<ApiLite>>,
}

/// [`weighted_average`] over what a caller of the Python or JS binding holds, as
/// JSON: each task either a [`TaskScore`] (it has a `category`) or a ManageBac
/// assignment from class grades (`id`, `score`, `max_points`: its category comes from
/// `class_tasks`, the class's tasks); each category either a [`CategoryWeight`] (it
/// has a `category`) or a ManageBac task category (`id`, `weight`). gradebridge's own
/// shapes are read strictly; ManageBac's as an answer is read.
pub fn weighted_average_json(
    tasks: serde_json::Value,
    categories: serde_json::Value,
    class_tasks: Option<serde_json::Value>,
    method: AverageMethod,
    decimals: Option<u32>,
    rounding: Rounding,
) -> Result<WeightedAverage, Error> {
    let mut category_of = IdMap::new();
    if let Some(v) = class_tasks {
        for (j, t) in json_list(v, "class_tasks")?.into_iter().enumerate() {
            let t: ApiLite = crate::input::from_value_tolerant(t, &format!("class_tasks[{j}]"))?;
            if let Some(c) = t.category {
                category_of.insert(t.id, c.id);
            }
        }
    }
    let tasks = read_each(tasks, "tasks", |i, a| {
        task_score(i, a.id, a.score, a.max_points, &category_of)
    })?;
    let categories = read_each(categories, "categories", |i, c| {
        category_weight(i, c.id, c.weight)
    })?;
    weighted_average(&tasks, &categories, method, decimals, rounding)
}

/// The items of a JSON list (an error naming `what` for anything else).
fn json_list(v: serde_json::Value, what: &str) -> Result<Vec<serde_json::Value>, Error> {
    match v {
        serde_json::Value::Array(items) => Ok(items),
        _ => Err(Error::invalid_input(what, "must be a list")),
    }
}

/// Each item of the list `what`: gradebridge's own shape (it has a `category`) read
/// strictly as `T`, ManageBac's read as an answer is ([`ApiLite`]) and made a `T` by
/// `api` (given the item's index).
fn read_each<T: serde::de::DeserializeOwned>(
    v: serde_json::Value,
    what: &str,
    api: impl Fn(usize, ApiLite) -> Result<T, Error>,
) -> Result<Vec<T>, Error> {
    json_list(v, what)?
        .into_iter()
        .enumerate()
        .map(|(i, v)| {
            let at = format!("{what}[{i}]");
            if v.as_object().is_some_and(|o| !o.contains_key("category")) {
                api(i, crate::input::from_value_tolerant(v, &at)?)
            } else {
                crate::input::from_value_strict(v, &at)
            }
        })
        .collect()
}

/// A task that counted, with its percentage.
#[gradebridge_macros::reader]
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
#[gradebridge_macros::reader]
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
#[gradebridge_macros::reader]
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
    let mut weights: IdMap<&str, Decimal> = IdMap::new();
    for (i, c) in categories.iter().enumerate() {
        let w = decimal_from_f64(&format!("categories[{i}].weight"), c.weight)?;
        if w < Decimal::ZERO {
            return Err(Error::invalid_input(
                format!("categories[{i}].weight"),
                "must not be negative",
            ));
        }
        if !weights.insert(c.category.as_str(), w) {
            return Err(Error::invalid_input(
                format!("categories[{i}].category"),
                format!("`{}` is listed twice", c.category),
            ));
        }
    }
    // Per category: (sum of percents, count, points earned, points possible).
    let mut per_cat: IdMap<&str, (Decimal, u32, Decimal, Decimal)> = IdMap::new();
    let mut contributing = Vec::new();
    for (i, t) in tasks.iter().enumerate() {
        if !weights.contains(&t.category.as_str()) {
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
        let e = per_cat.get_or_insert_with(t.category.as_str(), || {
            (Decimal::ZERO, 0, Decimal::ZERO, Decimal::ZERO)
        });
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
        let w = weights.get(&cat).copied().unwrap_or_default();
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
    for (cat, v) in per_cat.iter() {
        let share = carried(cat, v.1) / total;
        let p = match method {
            AverageMethod::AbsoluteWeights => v.0 / Decimal::from(v.1),
            _ => cat_percent(v),
        };
        avg += share * p;
        parts.push(CategoryPart {
            category: cat.to_string(),
            weight: weights.get(&cat).copied().unwrap_or_default().normalize(),
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
