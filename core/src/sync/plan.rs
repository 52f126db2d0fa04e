//! The planner: snapshots of the source and the target plus the config in, a
//! [`Plan`] out. Pure and deterministic: no I/O, no clock.

use crate::Map;

use crate::idmap::IdMap;

use serde::{Deserialize, Serialize};

use super::config::{Direction, SyncConfig};
use crate::blackboard::{ColumnRef, GradableItemInput, GradeSchemaInput, GradeValueInput};
use crate::managebac::{StudentGrades, StudentTermGrade};
use crate::schoology::{Assignment, AssignmentInput, Enrollment, SectionGrade};

/// A ManageBac student as the sync matches them.
#[gradebridge_macros::reader]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Person {
    /// ManageBac id.
    pub id: i64,
    /// Display name.
    pub name: String,
    /// The school's student number (`student_id`).
    pub student_id: Option<String>,
    /// Email.
    pub email: Option<String>,
}

/// One ManageBac class with its grades for the term.
#[gradebridge_macros::reader]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceClass {
    /// Class id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// The school's own id for the class.
    pub uniq_id: Option<String>,
    /// Every student's task grades (`class_grades`).
    pub grades: Vec<StudentGrades>,
    /// Every student's term grade (`term_grades`), when the config wants them.
    pub term_grades: Vec<StudentTermGrade>,
}

/// What the source holds.
#[gradebridge_macros::reader]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Source {
    /// The classes to sync.
    pub classes: Vec<SourceClass>,
    /// Students by ManageBac id.
    pub people: Map<i64, Person>,
    /// Classes the config names that ManageBac does not have.
    pub missing_classes: Vec<i64>,
}

/// One Schoology section as read.
#[gradebridge_macros::reader]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SectionSnapshot {
    /// Section id.
    pub section_id: i64,
    /// Its assignments.
    pub assignments: Vec<Assignment>,
    /// Its enrollments.
    pub enrollments: Vec<Enrollment>,
    /// Users' primary emails by uid (read when people are matched by email).
    pub emails: Map<i64, String>,
    /// Its grades.
    pub grades: Vec<SectionGrade>,
}

/// What the target holds: for Blackboard only what the ledger says was written; for
/// Schoology the sections as read, and the ledger's task-to-assignment links.
#[gradebridge_macros::reader]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Target {
    /// The ledger's last successful value per key.
    pub written: Map<String, String>,
    /// Schoology sections by id.
    pub sections: Map<i64, SectionSnapshot>,
    /// Sections the config names that Schoology does not have (or refused).
    pub missing_sections: Vec<i64>,
}

/// One write, with what the executor needs to send it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Write {
    /// A Grades Journey grade schema (from `grades.scale`).
    BlackboardSchema {
        /// Ledger key.
        key: String,
        /// The schema.
        schema: GradeSchemaInput,
    },
    /// A Grades Journey column.
    BlackboardColumn {
        /// Ledger key.
        key: String,
        /// The column.
        item: GradableItemInput,
    },
    /// A Grades Journey grade value.
    BlackboardValue {
        /// Ledger key.
        key: String,
        /// The value.
        value: GradeValueInput,
    },
    /// A course's external grade column.
    BlackboardExternal {
        /// Ledger key.
        key: String,
        /// The column.
        column: ColumnRef,
    },
    /// A Schoology assignment standing for a ManageBac task.
    SchoologyAssignment {
        /// Ledger key (its value is the assignment id).
        key: String,
        /// Section id.
        section_id: i64,
        /// The task.
        task_id: i64,
        /// The assignment.
        assignment: AssignmentInput,
    },
    /// A ManageBac grade (points on a task), from Schoology.
    ManageBacGrade {
        /// Ledger key.
        key: String,
        /// The task.
        task_id: i64,
        /// The student.
        student_id: i64,
        /// Points.
        points: f64,
    },
    /// A Schoology grade.
    SchoologyGrade {
        /// Ledger key.
        key: String,
        /// Section id.
        section_id: i64,
        /// The task (whose assignment may be created in the same apply).
        task_id: i64,
        /// The assignment, when it exists already.
        assignment_id: Option<i64>,
        /// The student's enrollment.
        enrollment_id: i64,
        /// The grade.
        grade: f64,
    },
}

impl Write {
    /// The ledger key.
    pub fn key(&self) -> &str {
        match self {
            Write::BlackboardSchema { key, .. }
            | Write::BlackboardColumn { key, .. }
            | Write::BlackboardValue { key, .. }
            | Write::BlackboardExternal { key, .. }
            | Write::SchoologyAssignment { key, .. }
            | Write::ManageBacGrade { key, .. }
            | Write::SchoologyGrade { key, .. } => key,
        }
    }
}

/// One change a coordinator reads before anything is written.
#[gradebridge_macros::reader]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    /// The ManageBac class (`1001 English A`).
    pub class: String,
    /// The course or section.
    pub target: String,
    /// `create column`, `set grade`, `create assignment`, `set external grade column`.
    pub action: String,
    /// The task.
    pub task: Option<String>,
    /// The student.
    pub student: Option<String>,
    /// What the target holds now (`None`: nothing).
    pub old: Option<String>,
    /// What it will hold.
    pub new: String,
    /// Why.
    pub why: String,
    /// The write.
    pub write: Write,
}

/// Someone or something the sync could not match: listed, never silently skipped.
#[gradebridge_macros::reader]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unmatched {
    /// The ManageBac class.
    pub class: String,
    /// Who or what (`student 5030 Zimmer, Uma`, `class 1003`).
    pub who: String,
    /// Why.
    pub why: String,
}

/// Counts.
#[gradebridge_macros::reader]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    /// Classes synced.
    pub classes: usize,
    /// Writes planned.
    pub changes: usize,
    /// Writes by action.
    pub by_action: Map<String, usize>,
    /// Grades already up to date.
    pub unchanged: usize,
    /// Unmatched people and classes.
    pub unmatched: usize,
}

/// What a sync would write, and why.
#[gradebridge_macros::reader]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    /// Which way.
    pub direction: Direction,
    /// The writes, in the order they are applied.
    pub changes: Vec<Change>,
    /// What could not be matched.
    pub unmatched: Vec<Unmatched>,
    /// Counts.
    pub summary: Summary,
}

/// A number as a grade value: `7`, `7.5`, no trailing zeros.
pub fn fmt_number(x: f64) -> String {
    crate::grading::decimal_from_f64("grade", x)
        .map(|d| d.normalize().to_string())
        .unwrap_or_else(|_| crate::float::Text(x).to_string())
}

/// A task as the source has it.
#[derive(Debug, Clone)]
struct Task {
    id: i64,
    name: String,
    max_points: Option<f64>,
}

/// The class's tasks, each with a name unique in the class.
fn tasks_of(class: &SourceClass) -> Vec<Task> {
    let mut seen: IdMap<i64, Task> = IdMap::new();
    for s in &class.grades {
        for a in &s.assignments {
            let t = seen.get_or_insert_with(a.id, || Task {
                id: a.id,
                name: a
                    .name
                    .clone()
                    .filter(|n| !n.trim().is_empty())
                    .unwrap_or_else(|| format!("Task {}", a.id)),
                max_points: None,
            });
            if t.max_points.is_none() {
                t.max_points = a.max_points;
            }
        }
    }
    let mut tasks: Vec<Task> = seen.into_values().collect();
    let mut count: Map<String, usize> = Map::new();
    for t in &tasks {
        *count.get_or_insert_with(t.name.clone(), || 0) += 1;
    }
    for t in &mut tasks {
        if count[&t.name] > 1 {
            t.name = format!("{} ({})", t.name, t.id);
        }
    }
    tasks
}

struct Planner<'a> {
    config: &'a SyncConfig,
    /// The scale of `value = "scale"`.
    scale: Option<crate::grading::GradeScale>,
    changes: Vec<Change>,
    unmatched: Vec<Unmatched>,
    unchanged: usize,
}

impl Planner<'_> {
    fn value(&self, score: f64, max: Option<f64>) -> Option<f64> {
        match self.config.grades.value.as_str() {
            "percent" => {
                let max = max.filter(|m| *m > 0.0)?;
                crate::grading::percent_f64(score, max, Some(2), crate::grading::Rounding::HalfUp)
                    .ok()
                    .and_then(crate::grading::dec_to_f64)
            }
            _ => Some(score),
        }
    }

    /// A task's grade as Blackboard receives it: the scale's symbol for the task's
    /// percentage (ManageBac's `group_mark`), or the number.
    fn grade_text(&self, score: f64, max: Option<f64>) -> Option<String> {
        match &self.scale {
            Some(scale) => {
                let max = max.filter(|m| *m > 0.0)?;
                crate::grading::group_mark(score, max, scale).ok()
            }
            None => self.value(score, max).map(fmt_number),
        }
    }

    /// A term average (percent) as Blackboard receives it.
    fn percent_text(&self, percent: f64) -> Option<String> {
        match &self.scale {
            Some(scale) => scale.grade_f64(percent).ok().map(str::to_string),
            None => Some(fmt_number(percent)),
        }
    }

    /// The grade schema columns use (`value = "scale"`).
    fn schema(&self) -> Option<&str> {
        self.scale.as_ref().map(|_| self.config.scale_title())
    }

    /// What a column is, as the ledger remembers it: its points, and its schema.
    fn column_text(&self, points: f64) -> String {
        match self.schema() {
            Some(title) => format!("points={}; schema={title}", fmt_number(points)),
            None => format!("points={}", fmt_number(points)),
        }
    }

    fn column_points(&self, max: Option<f64>) -> f64 {
        match self.config.grades.value.as_str() {
            "percent" | "scale" => 100.0,
            _ => max.unwrap_or(100.0),
        }
    }

    fn user_of(&self, person: Option<&Person>) -> Option<String> {
        let p = person?;
        match self.config.people.rule.as_str() {
            "email" => p.email.clone().filter(|e| !e.is_empty()),
            _ => p.student_id.clone().filter(|s| !s.is_empty()),
        }
    }

    fn unmatched_student(&mut self, class: &str, id: i64, name: &str, why: String) {
        self.unmatched.push(Unmatched {
            class: class.to_string(),
            who: format!("student {id} {name}"),
            why,
        });
    }
}

/// The target a class maps to, by the config's pairs or rule.
pub fn target_of(config: &SyncConfig, class_id: i64, uniq_id: Option<&str>) -> Option<String> {
    if let Some(t) = config.classes.pairs.get(&class_id.to_string()) {
        return Some(t.clone());
    }
    match config.classes.rule.as_deref() {
        Some("uniq_id") => uniq_id.filter(|u| !u.is_empty()).map(str::to_string),
        _ => None,
    }
}

/// Plan a sync. Pure: the same snapshots and config give the same plan.
pub fn plan(config: &SyncConfig, source: &Source, target: &Target) -> Plan {
    let mut p = Planner {
        config,
        scale: config.grade_scale().ok().flatten(),
        changes: Vec::new(),
        unmatched: Vec::new(),
        unchanged: 0,
    };
    for id in &source.missing_classes {
        p.unmatched.push(Unmatched {
            class: format!("{id}"),
            who: format!("class {id}"),
            why: "ManageBac has no such class".into(),
        });
    }
    let mut synced = 0;
    for class in &source.classes {
        let label = format!("{} {}", class.id, class.name);
        let Some(dest) = target_of(config, class.id, class.uniq_id.as_deref()) else {
            p.unmatched.push(Unmatched {
                class: label,
                who: format!("class {}", class.id),
                why: match config.classes.rule.as_deref() {
                    Some("uniq_id") => "the class has no uniq_id to match a course by".into(),
                    _ => "no pair in classes.pairs".into(),
                },
            });
            continue;
        };
        let done = match config.direction {
            Direction::ManagebacToBlackboard => {
                plan_blackboard(&mut p, class, &label, &dest, source, target);
                true
            }
            Direction::ManagebacToSchoology => {
                plan_schoology(&mut p, class, &label, &dest, source, target)
            }
            Direction::SchoologyToManagebac => {
                plan_from_schoology(&mut p, class, &label, &dest, source, target)
            }
        };
        if done {
            synced += 1;
        }
    }
    // The schema the columns use, first, when a Blackboard course is synced.
    if let (Some(scale), true) = (&p.scale, synced > 0) {
        if let Some(c) = schema_change(config, scale, target) {
            p.changes.insert(0, c);
        }
    }
    let mut by_action = Map::new();
    for c in &p.changes {
        *by_action.get_or_insert_with(c.action.clone(), || 0) += 1;
    }
    Plan {
        direction: config.direction,
        summary: Summary {
            classes: synced,
            changes: p.changes.len(),
            by_action,
            unchanged: p.unchanged,
            unmatched: p.unmatched.len(),
        },
        changes: p.changes,
        unmatched: p.unmatched,
    }
}

fn plan_blackboard(
    p: &mut Planner<'_>,
    class: &SourceClass,
    label: &str,
    course: &str,
    source: &Source,
    target: &Target,
) {
    let tasks = tasks_of(class);
    let names: IdMap<i64, &Task> = tasks.iter().map(|t| (t.id, t)).collect();
    let mut columns = Vec::new();
    let mut values = Vec::new();
    for t in &tasks {
        let key = format!("bb/{course}/column/{}", t.name);
        let points = p.column_points(t.max_points);
        let new = p.column_text(points);
        let old = target.written.get(&key);
        if old != Some(&new) {
            columns.push(Change {
                class: label.to_string(),
                target: course.to_string(),
                action: "create column".into(),
                task: Some(t.name.clone()),
                student: None,
                old: old.cloned(),
                new: new.clone(),
                why: if old.is_none() {
                    "the task has no column yet".into()
                } else {
                    "the task's maximum points changed".into()
                },
                write: Write::BlackboardColumn {
                    key,
                    item: manual_column(course, &t.name, points, p.schema()),
                },
            });
        }
    }
    let mut seen_unmatched: IdMap<i64, ()> = IdMap::new();
    for s in &class.grades {
        let person = source.people.get(&s.id);
        let name = person
            .map(|x| x.name.clone())
            .or_else(|| s.name.clone())
            .unwrap_or_default();
        let Some(user) = p.user_of(person) else {
            if seen_unmatched.insert(s.id, ()) {
                let why = format!(
                    "no {} in ManageBac to match a Blackboard user by",
                    p.config.people.rule
                );
                p.unmatched_student(label, s.id, &name, why);
            }
            continue;
        };
        for a in &s.assignments {
            let (Some(score), Some(task)) = (a.score, names.get(&a.id)) else {
                continue;
            };
            let Some(new) = p.grade_text(score, task.max_points) else {
                continue;
            };
            let key = format!("bb/{course}/value/{}/{user}", task.name);
            let old = target.written.get(&key);
            if old == Some(&new) {
                p.unchanged += 1;
                continue;
            }
            values.push(Change {
                class: label.to_string(),
                target: course.to_string(),
                action: "set grade".into(),
                task: Some(task.name.clone()),
                student: Some(format!("{user} {name}")),
                old: old.cloned(),
                new: new.clone(),
                why: if old.is_none() {
                    "graded in ManageBac, not yet sent".into()
                } else {
                    "changed in ManageBac since it was sent".into()
                },
                write: Write::BlackboardValue {
                    key,
                    value: GradeValueInput {
                        course_id: course.to_string(),
                        user_id: user.clone(),
                        name: task.name.clone(),
                        value: new,
                    },
                },
            });
        }
    }
    let mut external = Vec::new();
    if let Some(column) = p.config.grades.term_grade_column.clone() {
        let key = format!("bb/{course}/column/{column}");
        let new = p.column_text(100.0);
        let old = target.written.get(&key);
        if old != Some(&new) {
            columns.push(Change {
                class: label.to_string(),
                target: course.to_string(),
                action: "create column".into(),
                task: Some(column.clone()),
                student: None,
                old: old.cloned(),
                new,
                why: "the term grade column (grades.term_grade_column)".into(),
                write: Write::BlackboardColumn {
                    key,
                    item: manual_column(course, &column, 100.0, p.schema()),
                },
            });
        }
        for s in &class.term_grades {
            let person = source.people.get(&s.id);
            let Some(user) = p.user_of(person) else {
                continue;
            };
            let Some(pct) = s
                .term_grade
                .as_ref()
                .and_then(|t| t.average.as_ref())
                .and_then(|a| a.percent)
            else {
                continue;
            };
            let Some(new) = p.percent_text(pct) else {
                continue;
            };
            let key = format!("bb/{course}/value/{column}/{user}");
            let old = target.written.get(&key);
            if old == Some(&new) {
                p.unchanged += 1;
                continue;
            }
            let name = person.map(|x| x.name.clone()).unwrap_or_default();
            values.push(Change {
                class: label.to_string(),
                target: course.to_string(),
                action: "set grade".into(),
                task: Some(column.clone()),
                student: Some(format!("{user} {name}")),
                old: old.cloned(),
                new: new.clone(),
                why: "the term average in ManageBac".into(),
                write: Write::BlackboardValue {
                    key,
                    value: GradeValueInput {
                        course_id: course.to_string(),
                        user_id: user,
                        name: column.clone(),
                        value: new,
                    },
                },
            });
        }
        let key = format!("bb/{course}/external");
        let old = target.written.get(&key);
        if old != Some(&column) {
            external.push(Change {
                class: label.to_string(),
                target: course.to_string(),
                action: "set external grade column".into(),
                task: Some(column.clone()),
                student: None,
                old: old.cloned(),
                new: column.clone(),
                why: "the term grade is the course's external grade".into(),
                write: Write::BlackboardExternal {
                    key,
                    column: ColumnRef {
                        course_id: course.to_string(),
                        name: column,
                    },
                },
            });
        }
    }
    p.changes.extend(columns);
    p.changes.extend(values);
    p.changes.extend(external);
}

/// The grade schema made from `grades.scale` (schemas belong to the Learn site, not
/// to a course): one change, unless the ledger holds it with these symbols.
fn schema_change(
    config: &SyncConfig,
    scale: &crate::grading::GradeScale,
    target: &Target,
) -> Option<Change> {
    let title = config.scale_title().to_string();
    let key = format!("bb/schema/{title}");
    let symbols = scale.to_blackboard_symbols().ok()?;
    let old = target.written.get(&key);
    if old == Some(&symbols) {
        return None;
    }
    Some(Change {
        class: "all classes".into(),
        target: "Blackboard site".into(),
        action: "create grade schema".into(),
        task: Some(title.clone()),
        student: None,
        old: old.cloned(),
        new: symbols.clone(),
        why: if old.is_none() {
            "grades.scale, for the columns' symbols".into()
        } else {
            "grades.scale changed".into()
        },
        write: Write::BlackboardSchema {
            key,
            schema: GradeSchemaInput {
                title,
                symbols,
                optional_data: None,
            },
        },
    })
}

fn manual_column(course: &str, name: &str, points: f64, schema: Option<&str>) -> GradableItemInput {
    GradableItemInput {
        course_id: course.to_string(),
        name: name.to_string(),
        item_type: "MANUAL_COLUMN".into(),
        instructions: None,
        anonymous: None,
        group: None,
        content_area_name: None,
        available: Some(true),
        color: None,
        attempts: None,
        tracked: None,
        start_date: None,
        end_date: None,
        due_date: None,
        points: Some(points),
        grade_schema: schema.map(str::to_string),
        sequence_num: None,
        extract: None,
        mapping: None,
        optional_data: None,
    }
}

/// The Schoology section a class is paired with, or an unmatched entry saying it is
/// missing.
fn section_of<'t>(
    p: &mut Planner<'_>,
    label: &str,
    dest: &str,
    target: &'t Target,
) -> Option<(i64, &'t SectionSnapshot)> {
    let section_id = dest.parse::<i64>().ok()?;
    let Some(section) = target.sections.get(&section_id) else {
        p.unmatched.push(Unmatched {
            class: label.to_string(),
            who: format!("section {section_id}"),
            why: "Schoology has no such section (or refused to show it)".into(),
        });
        return None;
    };
    Some((section_id, section))
}

fn plan_schoology(
    p: &mut Planner<'_>,
    class: &SourceClass,
    label: &str,
    dest: &str,
    source: &Source,
    target: &Target,
) -> bool {
    let Some((section_id, section)) = section_of(p, label, dest, target) else {
        return false;
    };
    let where_ = format!("section {section_id}");
    let tasks = tasks_of(class);
    // Each task's assignment: the one the ledger remembers, or one with its title.
    let mut assignment_of: IdMap<i64, Option<i64>> = IdMap::new();
    let mut creates = Vec::new();
    for t in &tasks {
        let key = format!("sg/{section_id}/assignment/{}", t.id);
        let remembered = target
            .written
            .get(&key)
            .and_then(|v| v.parse::<i64>().ok())
            .filter(|id| section.assignments.iter().any(|a| a.id == *id));
        let by_title = || {
            section
                .assignments
                .iter()
                .find(|a| a.title.as_deref() == Some(t.name.as_str()))
                .map(|a| a.id)
        };
        match remembered.or_else(by_title) {
            Some(id) => {
                assignment_of.insert(t.id, Some(id));
            }
            None => {
                assignment_of.insert(t.id, None);
                creates.push(Change {
                    class: label.to_string(),
                    target: where_.clone(),
                    action: "create assignment".into(),
                    task: Some(t.name.clone()),
                    student: None,
                    old: None,
                    new: format!("max_points={}", fmt_number(p.column_points(t.max_points))),
                    why: "the task has no assignment yet".into(),
                    write: Write::SchoologyAssignment {
                        key,
                        section_id,
                        task_id: t.id,
                        assignment: AssignmentInput {
                            title: Some(t.name.clone()),
                            max_points: Some(p.column_points(t.max_points)),
                            published: Some(true),
                            ..AssignmentInput::default()
                        },
                    },
                });
            }
        }
    }
    let names: IdMap<i64, &Task> = tasks.iter().map(|t| (t.id, t)).collect();
    let current: IdMap<(i64, i64), Option<f64>> = section
        .grades
        .iter()
        .map(|g| ((g.enrollment_id, g.assignment_id), g.grade))
        .collect();
    let excepted: IdMap<(i64, i64), ()> = section
        .grades
        .iter()
        .filter(|g| g.exception.unwrap_or(0) != 0)
        .map(|g| ((g.enrollment_id, g.assignment_id), ()))
        .collect();
    let mut grades = Vec::new();
    for s in &class.grades {
        let person = source.people.get(&s.id);
        let name = person
            .map(|x| x.name.clone())
            .or_else(|| s.name.clone())
            .unwrap_or_default();
        let enrollment =
            person.and_then(|person| enrollment_of(&p.config.people.rule, section, person));
        let Some(enrollment) = enrollment else {
            let why = format!(
                "no enrollment in section {section_id} with this student's {}",
                p.config.people.rule
            );
            p.unmatched_student(label, s.id, &name, why);
            continue;
        };
        for a in &s.assignments {
            let (Some(score), Some(task)) = (a.score, names.get(&a.id)) else {
                continue;
            };
            let Some(v) = p.value(score, task.max_points) else {
                continue;
            };
            let assignment_id = assignment_of.get(&task.id).copied().flatten();
            // Work excused or marked incomplete in Schoology is the teacher's call
            // there: it is left alone.
            if assignment_id.is_some_and(|aid| excepted.contains(&(enrollment.id, aid))) {
                p.unchanged += 1;
                continue;
            }
            let old =
                assignment_id.and_then(|aid| current.get(&(enrollment.id, aid)).copied().flatten());
            if old.is_some_and(|o| (o - v).abs() < 1e-9) {
                p.unchanged += 1;
                continue;
            }
            grades.push(Change {
                class: label.to_string(),
                target: where_.clone(),
                action: "set grade".into(),
                task: Some(task.name.clone()),
                student: Some(format!("{} {name}", enrollment.id)),
                old: old.map(fmt_number),
                new: fmt_number(v),
                why: if old.is_none() {
                    "graded in ManageBac, not in Schoology".into()
                } else {
                    "differs from ManageBac".into()
                },
                write: Write::SchoologyGrade {
                    key: format!("sg/{section_id}/grade/{}/{}", task.id, enrollment.id),
                    section_id,
                    task_id: task.id,
                    assignment_id,
                    enrollment_id: enrollment.id,
                    grade: v,
                },
            });
        }
    }
    p.changes.extend(creates);
    p.changes.extend(grades);
    true
}

/// The enrollment standing for a ManageBac student in a section, by the config's rule.
fn enrollment_of<'a>(
    rule: &str,
    section: &'a SectionSnapshot,
    person: &Person,
) -> Option<&'a Enrollment> {
    section.enrollments.iter().find(|e| {
        e.admin != Some(true)
            && match rule {
                // ASCII letters in any case: Unicode's case tables are 15 KB of
                // the wasm module, and addresses that differ only in the case of
                // a non-ASCII letter are not the same person's to guess.
                "email" => e.uid.and_then(|u| section.emails.get(&u)).is_some_and(|m| {
                    person
                        .email
                        .as_ref()
                        .is_some_and(|x| x.eq_ignore_ascii_case(m))
                }),
                _ => e.school_uid.is_some() && e.school_uid == person.student_id,
            }
    })
}

/// Schoology to ManageBac: each task's assignment (the ledger's link, or the same
/// title), and each matched student's Schoology grade where it differs from
/// ManageBac's points. Ungraded work is left alone; excused and incomplete work too,
/// unless `grades.excused` / `grades.incomplete` say `zero`.
fn plan_from_schoology(
    p: &mut Planner<'_>,
    class: &SourceClass,
    label: &str,
    dest: &str,
    source: &Source,
    target: &Target,
) -> bool {
    let Some((section_id, section)) = section_of(p, label, dest, target) else {
        return false;
    };
    let tasks = tasks_of(class);
    let mut assignment_of: IdMap<i64, &Assignment> = IdMap::new();
    for t in &tasks {
        let key = format!("sg/{section_id}/assignment/{}", t.id);
        let linked = target.written.get(&key).and_then(|v| v.parse::<i64>().ok());
        let found = section
            .assignments
            .iter()
            .find(|a| Some(a.id) == linked)
            .or_else(|| {
                section
                    .assignments
                    .iter()
                    .find(|a| a.title.as_deref() == Some(t.name.as_str()))
            });
        if let Some(a) = found {
            assignment_of.insert(t.id, a);
        }
    }
    let graded: IdMap<(i64, i64), &SectionGrade> = section
        .grades
        .iter()
        .map(|g| ((g.enrollment_id, g.assignment_id), g))
        .collect();
    for s in &class.grades {
        let Some(person) = source.people.get(&s.id) else {
            continue;
        };
        let Some(enrollment) = enrollment_of(&p.config.people.rule, section, person) else {
            let why = format!(
                "no enrollment in section {section_id} with this student's {}",
                p.config.people.rule
            );
            p.unmatched_student(label, s.id, &person.name, why);
            continue;
        };
        // Every task with an assignment, whether ManageBac lists a result for the
        // student or not.
        for task in &tasks {
            let Some(assignment) = assignment_of.get(&task.id) else {
                continue;
            };
            let score = s
                .assignments
                .iter()
                .find(|a| a.id == task.id)
                .and_then(|a| a.score);
            let Some(g) = graded.get(&(enrollment.id, assignment.id)) else {
                continue;
            };
            // Excused and incomplete work: left alone, or 0 points, as the config says.
            let (grade, excepted) = match (g.exception.unwrap_or(0), g.grade) {
                (0, Some(grade)) => (grade, None),
                (1, _) if p.config.grades.excused == "zero" => (0.0, Some("excused")),
                (2, _) if p.config.grades.incomplete == "zero" => (0.0, Some("incomplete")),
                _ => continue,
            };
            let points = match p.config.grades.value.as_str() {
                "percent" => {
                    let (Some(sg_max), Some(mb_max)) =
                        (assignment.max_points.filter(|m| *m > 0.0), task.max_points)
                    else {
                        continue;
                    };
                    ((grade / sg_max * mb_max) * 100.0).round() / 100.0
                }
                _ => grade,
            };
            if score.is_some_and(|old| (old - points).abs() < 1e-9) {
                p.unchanged += 1;
                continue;
            }
            p.changes.push(Change {
                class: format!("section {section_id}"),
                target: label.to_string(),
                action: "set grade".into(),
                task: Some(task.name.clone()),
                student: Some(format!("{} {}", s.id, person.name)),
                old: score.map(fmt_number),
                new: fmt_number(points),
                why: match (excepted, score) {
                    (Some(what), _) => format!("{what} in Schoology (grades.{what} = \"zero\")"),
                    (None, None) => "graded in Schoology, not in ManageBac".into(),
                    (None, Some(_)) => "changed in Schoology".into(),
                },
                write: Write::ManageBacGrade {
                    key: format!("mb/{}/grade/{}/{}", class.id, task.id, s.id),
                    task_id: task.id,
                    student_id: s.id,
                    points,
                },
            });
        }
    }
    true
}

impl Plan {
    /// Refuse to apply a plan that left people or classes unmatched (nothing is
    /// written then), unless `allow` says to write the rest: the rule the CLI and the
    /// bindings share.
    pub fn check_matched(&self, allow: bool) -> Result<(), crate::Error> {
        if self.unmatched.is_empty() || allow {
            return Ok(());
        }
        let who: Vec<String> = self
            .unmatched
            .iter()
            .map(|u| format!("{}: {}", u.who, u.why))
            .collect();
        Err(crate::Error::invalid_input(
            "unmatched",
            format!(
                "{} people or classes are not matched ({}); nothing was written. Fix the config or the data, or allow unmatched (--allow-unmatched, allow_unmatched=True) to write the rest",
                self.unmatched.len(),
                who.join("; ")
            ),
        ))
    }

    /// The plan as a table a coordinator reads: class, task, student, old -> new,
    /// why; then what could not be matched, and the counts.
    pub fn to_table(&self) -> String {
        let mut out = String::new();
        if self.changes.is_empty() {
            out.push_str("nothing to do: the target holds every grade\n");
        } else {
            let rows: Vec<[String; 5]> = self
                .changes
                .iter()
                .map(|c| {
                    [
                        format!("{} -> {}", c.class, c.target),
                        c.task.clone().unwrap_or_default(),
                        c.student
                            .clone()
                            .unwrap_or_else(|| format!("({})", c.action)),
                        format!("{} -> {}", c.old.as_deref().unwrap_or("-"), c.new),
                        c.why.clone(),
                    ]
                })
                .collect();
            let head = ["class", "task", "student", "old -> new", "why"];
            let mut width = head.map(|h| h.chars().count());
            for r in &rows {
                for (i, cell) in r.iter().enumerate() {
                    width[i] = width[i].max(cell.chars().count()).min(48);
                }
            }
            let line = |cells: &[String]| {
                let mut l = String::new();
                for (i, cell) in cells.iter().enumerate() {
                    let cell: String = cell.chars().take(48).collect();
                    if i + 1 < cells.len() {
                        l.push_str(&format!("{cell:<w$}  ", w = width[i]));
                    } else {
                        l.push_str(&cell);
                    }
                }
                l.trim_end().to_string() + "\n"
            };
            out.push_str(&line(&head.map(String::from)));
            for r in &rows {
                out.push_str(&line(r));
            }
        }
        if !self.unmatched.is_empty() {
            out.push_str(&format!("\nnot matched ({}):\n", self.unmatched.len()));
            for u in &self.unmatched {
                out.push_str(&format!("  {}: {}: {}\n", u.class, u.who, u.why));
            }
        }
        let actions: Vec<String> = self
            .summary
            .by_action
            .iter()
            .map(|(a, n)| format!("{n} {a}"))
            .collect();
        out.push_str(&format!(
            "\n{} classes, {} writes ({}), {} grades already up to date, {} not matched\n",
            self.summary.classes,
            self.summary.changes,
            if actions.is_empty() {
                "none".to_string()
            } else {
                actions.join(", ")
            },
            self.summary.unchanged,
            self.summary.unmatched
        ));
        out
    }
}
