//! The sync's config: which platforms, which classes map to which courses or
//! sections, how people are matched, how a grade is written. Read from TOML (the
//! CLI's `sync.toml`) or from JSON (the bindings); an error names the line and the key.

use crate::Map;

use serde::{Deserialize, Serialize};

use crate::error::Error;

/// Which way grades move.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Direction {
    /// ManageBac tasks and term grades to Blackboard Grades Journey columns.
    ManagebacToBlackboard,
    /// ManageBac tasks to Schoology assignments and grades.
    ManagebacToSchoology,
    /// Grades entered in Schoology to the ManageBac tasks their assignments stand
    /// for (by the ledger's link or the same title), with the bulk grade write.
    SchoologyToManagebac,
}

impl Direction {
    /// The name the config file uses (`managebac-to-blackboard`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::ManagebacToBlackboard => "managebac-to-blackboard",
            Direction::ManagebacToSchoology => "managebac-to-schoology",
            Direction::SchoologyToManagebac => "schoology-to-managebac",
        }
    }

    /// Whether Schoology is one side.
    pub fn uses_schoology(self) -> bool {
        matches!(
            self,
            Direction::ManagebacToSchoology | Direction::SchoologyToManagebac
        )
    }
}

/// The whole config.
#[gradebridge_macros::reader]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SyncConfig {
    /// Which way grades move.
    pub direction: Direction,
    /// The ManageBac term whose grades are synced.
    pub term_id: i64,
    /// ManageBac's connection.
    pub managebac: ManageBacSettings,
    /// Blackboard's connection (direction `managebac-to-blackboard`).
    #[serde(default)]
    pub blackboard: Option<BlackboardSettings>,
    /// Schoology's connection (direction `managebac-to-schoology`).
    #[serde(default)]
    pub schoology: Option<SchoologySettings>,
    /// Which classes go where.
    #[serde(default)]
    pub classes: ClassRules,
    /// How people are matched.
    #[serde(default)]
    pub people: PeopleRules,
    /// How grades are written.
    #[serde(default)]
    pub grades: GradeRules,
}

/// ManageBac's connection: a token (or the name of the environment variable that
/// holds it) and optionally a base URL.
#[gradebridge_macros::reader]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManageBacSettings {
    /// Base URL (default `https://api.managebac.com`).
    #[serde(default)]
    pub base_url: Option<String>,
    /// The API token (prefer `token_env`).
    #[serde(default)]
    pub token: Option<String>,
    /// The environment variable holding the token.
    #[serde(default)]
    pub token_env: Option<String>,
}

/// Blackboard's connection.
#[gradebridge_macros::reader]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BlackboardSettings {
    /// The Learn site (`https://learn.school.edu`).
    pub host: String,
    /// The REST application's key.
    pub key: String,
    /// The secret (prefer `secret_env`).
    #[serde(default)]
    pub secret: Option<String>,
    /// The environment variable holding the secret.
    #[serde(default)]
    pub secret_env: Option<String>,
}

/// Schoology's connection.
#[gradebridge_macros::reader]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SchoologySettings {
    /// Base URL (default `https://api.schoology.com/v1`).
    #[serde(default)]
    pub base_url: Option<String>,
    /// The consumer key.
    pub consumer_key: String,
    /// The consumer secret (prefer `consumer_secret_env`).
    #[serde(default)]
    pub consumer_secret: Option<String>,
    /// The environment variable holding the consumer secret.
    #[serde(default)]
    pub consumer_secret_env: Option<String>,
}

/// How ManageBac classes find their course or section.
#[gradebridge_macros::reader]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClassRules {
    /// A rule: `uniq_id` (the class's `uniq_id` is the Blackboard `courseId`).
    #[serde(default, rename = "match")]
    pub rule: Option<String>,
    /// Explicit pairs: ManageBac class id to course id or section id.
    #[serde(default)]
    pub pairs: Map<String, String>,
    /// Only these ManageBac classes (default: every class the rule or pairs name).
    #[serde(default)]
    pub only: Vec<i64>,
}

/// How a ManageBac student is found on the other side.
#[gradebridge_macros::reader]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeopleRules {
    /// `student_id` (ManageBac `student_id` = Blackboard `userId` = Schoology
    /// `school_uid`) or `email` (ManageBac `email` = Blackboard `userId` = Schoology
    /// `primary_email`).
    #[serde(default = "default_people", rename = "match")]
    pub rule: String,
}

fn default_people() -> String {
    "student_id".into()
}

impl Default for PeopleRules {
    fn default() -> Self {
        PeopleRules {
            rule: default_people(),
        }
    }
}

/// How a grade is written.
#[gradebridge_macros::reader]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GradeRules {
    /// `points` (as ManageBac holds them, out of the task's maximum), `percent` (of
    /// the maximum, exact, written with up to 2 decimals) or `scale` (the symbol of
    /// `scale` for the task's percentage: ManageBac's `group_mark`, such as IB 1-7;
    /// Blackboard only, where the scale becomes a grade schema).
    #[serde(default = "default_value")]
    pub value: String,
    /// The scale for `value = "scale"`, as Grades Journey writes symbols: each symbol
    /// with its lower bound in percent, highest first (`7=84:6=70:5=57:4=44:3=32:2=19:1=0`).
    #[serde(default)]
    pub scale: Option<String>,
    /// The title of the Grades Journey grade schema made from `scale` (default
    /// `gradebridge scale`).
    #[serde(default)]
    pub scale_title: Option<String>,
    /// Schoology to ManageBac: work marked excused in Schoology (`exception` 1):
    /// `skip` (default: ManageBac is left as it is) or `zero` (0 points).
    #[serde(default = "default_skip")]
    pub excused: String,
    /// Schoology to ManageBac: work marked incomplete in Schoology (`exception` 2):
    /// `skip` (default) or `zero` (0 points).
    #[serde(default = "default_skip")]
    pub incomplete: String,
    /// Blackboard: the column holding each student's term average, set as the
    /// course's external grade column (leave out to skip).
    #[serde(default)]
    pub term_grade_column: Option<String>,
}

fn default_value() -> String {
    "points".into()
}

fn default_skip() -> String {
    "skip".into()
}

impl Default for GradeRules {
    fn default() -> Self {
        GradeRules {
            value: default_value(),
            scale: None,
            scale_title: None,
            excused: default_skip(),
            incomplete: default_skip(),
            term_grade_column: None,
        }
    }
}

/// Where in the TOML text byte `offset` is: 1-based line and column.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

impl SyncConfig {
    /// Read a TOML config; an error names the line and the key
    /// (`sync.toml line 7, key grades.value: ...`).
    pub fn from_toml(text: &str) -> Result<SyncConfig, Error> {
        let de = toml::Deserializer::parse(text).map_err(|e| toml_error(text, &e, ""))?;
        let config: SyncConfig = serde_path_to_error::deserialize(de).map_err(|e| {
            let path = e.path().to_string();
            toml_error(text, e.inner(), &path)
        })?;
        config.check()?;
        Ok(config)
    }

    /// Read a config given as JSON (the bindings), strictly.
    pub fn from_json(value: serde_json::Value) -> Result<SyncConfig, Error> {
        let config: SyncConfig = crate::input::from_value_strict(value, "")?;
        config.check()?;
        Ok(config)
    }

    /// Check what the types cannot say.
    pub fn check(&self) -> Result<(), Error> {
        if self.term_id <= 0 {
            return Err(Error::invalid_input("term_id", "must be a positive id"));
        }
        match self.direction {
            Direction::ManagebacToBlackboard if self.blackboard.is_none() => {
                return Err(Error::invalid_input(
                    "blackboard",
                    "the direction managebac-to-blackboard needs a [blackboard] table",
                ))
            }
            d if d.uses_schoology() && self.schoology.is_none() => {
                return Err(Error::invalid_input(
                    "schoology",
                    "a direction with Schoology needs a [schoology] table",
                ))
            }
            _ => {}
        }
        if !matches!(self.people.rule.as_str(), "student_id" | "email") {
            return Err(Error::invalid_input(
                "people.match",
                format!(
                    "`{}` is not a rule; known: student_id, email",
                    self.people.rule
                ),
            ));
        }
        self.check_grades()?;
        match self.classes.rule.as_deref() {
            None if self.classes.pairs.is_empty() => {
                return Err(Error::invalid_input(
                    "classes",
                    "give classes.match = \"uniq_id\" or classes.pairs",
                ))
            }
            Some("uniq_id") if self.direction.uses_schoology() => {
                return Err(Error::invalid_input(
                    "classes.match",
                    "Schoology sections are named by id: give classes.pairs ({ \"1001\" = \"9001\" })",
                ))
            }
            Some("uniq_id") | None => {}
            Some(other) => {
                return Err(Error::invalid_input(
                    "classes.match",
                    format!("`{other}` is not a rule; known: uniq_id"),
                ))
            }
        }
        for (k, v) in &self.classes.pairs {
            if k.parse::<i64>().map_or(true, |id| id <= 0) {
                return Err(Error::invalid_input(
                    format!("classes.pairs.{k}"),
                    "the key must be a ManageBac class id",
                ));
            }
            if self.direction.uses_schoology() && v.parse::<i64>().map_or(true, |id| id <= 0) {
                return Err(Error::invalid_input(
                    format!("classes.pairs.{k}"),
                    format!("`{v}` is not a Schoology section id"),
                ));
            }
        }
        Ok(())
    }
}

impl SyncConfig {
    fn check_grades(&self) -> Result<(), Error> {
        let g = &self.grades;
        match g.value.as_str() {
            "points" | "percent" => {
                if g.scale.is_some() {
                    return Err(Error::invalid_input(
                        "grades.scale",
                        format!("is used with value = \"scale\", not \"{}\"", g.value),
                    ));
                }
            }
            "scale" => {
                if self.direction != Direction::ManagebacToBlackboard {
                    return Err(Error::invalid_input(
                        "grades.value",
                        "Schoology grades are numbers: use \"points\" or \"percent\" (\"scale\" is for Blackboard)",
                    ));
                }
                self.grade_scale()?;
            }
            other => {
                return Err(Error::invalid_input(
                    "grades.value",
                    format!("`{other}` is not a conversion; known: points, percent, scale"),
                ))
            }
        }
        if let Some(t) = &g.scale_title {
            if t.trim().is_empty() || t.chars().count() > 333 {
                return Err(Error::invalid_input(
                    "grades.scale_title",
                    "must be 1 to 333 characters",
                ));
            }
        }
        for (field, v) in [
            ("grades.excused", &g.excused),
            ("grades.incomplete", &g.incomplete),
        ] {
            if !matches!(v.as_str(), "skip" | "zero") {
                return Err(Error::invalid_input(
                    field,
                    format!("`{v}` is not a choice; known: skip, zero"),
                ));
            }
        }
        Ok(())
    }

    /// The scale of `value = "scale"`, read from `grades.scale`; `None` for the other
    /// conversions. Every level needs a lower bound.
    pub fn grade_scale(&self) -> Result<Option<crate::grading::GradeScale>, Error> {
        if self.grades.value != "scale" {
            return Ok(None);
        }
        let text = self.grades.scale.as_deref().ok_or_else(|| {
            Error::invalid_input(
                "grades.scale",
                "value = \"scale\" needs the scale: symbols with lower bounds in percent (\"7=84:6=70:5=57:4=44:3=32:2=19:1=0\")",
            )
        })?;
        let scale = crate::grading::GradeScale::from_blackboard_symbols(text)
            .map_err(|e| Error::invalid_input("grades.scale", e.message()))?;
        if scale.is_symbol_only() {
            return Err(Error::invalid_input(
                "grades.scale",
                "every symbol needs its lower bound in percent (\"A=90:B=80:F=0\")",
            ));
        }
        Ok(Some(scale))
    }

    /// The grade schema's title for `value = "scale"`.
    pub fn scale_title(&self) -> &str {
        self.grades
            .scale_title
            .as_deref()
            .unwrap_or("gradebridge scale")
    }
}

fn toml_error(text: &str, e: &toml::de::Error, path: &str) -> Error {
    let at = e
        .span()
        .map(|s| {
            let (line, col) = line_col(text, s.start);
            format!("line {line}, column {col}: ")
        })
        .unwrap_or_default();
    let message = e.message().trim().to_string();
    let field = if path.is_empty() || path == "." {
        "config".to_string()
    } else {
        path.to_string()
    };
    Error::invalid_input(field, format!("{at}{message}"))
}

#[cfg(test)]
mod tests {
    use super::Direction;

    #[test]
    fn a_direction_is_named_as_the_config_file_names_it() {
        for d in [
            Direction::ManagebacToBlackboard,
            Direction::ManagebacToSchoology,
            Direction::SchoologyToManagebac,
        ] {
            assert_eq!(serde_json::to_value(d).unwrap(), d.as_str());
            let read: Direction = serde_json::from_value(d.as_str().into()).unwrap();
            assert_eq!(read, d);
        }
    }
}
