//! The executor: reads the snapshots with the fewest requests (pages of 200), runs a
//! plan in the largest batches, records every outcome in the ledger as it lands and
//! reports progress through a callback.

use crate::Map;

use crate::idmap::IdMap;

use serde::{Deserialize, Serialize};

use super::config::{Direction, SyncConfig};
use super::ledger::{Entry, Ledger};
use super::plan::{
    plan, target_of, Change, Person, Plan, SectionSnapshot, Source, SourceClass, Target, Write,
};
use crate::blackboard::BlackboardConfig;
use crate::client::{Client, ClientBuilder, ManageBacClient};
use crate::error::Error;
use crate::managebac::{ClassGrades, ManageBacConfig, Students, TermGrades};
use crate::schoology::{Assignments, Enrollments, GradeInput, Grades, SchoologyConfig};
use crate::ErrorKind;

/// The clients a sync talks through.
#[derive(Debug, Clone)]
pub struct Connections {
    /// ManageBac.
    pub managebac: ManageBacClient,
    /// Blackboard, for `managebac-to-blackboard`.
    pub blackboard: Option<Client<BlackboardConfig>>,
    /// Schoology, for `managebac-to-schoology`.
    pub schoology: Option<Client<SchoologyConfig>>,
}

fn secret(
    field: &str,
    given: &Option<String>,
    env_name: &Option<String>,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<String, Error> {
    match (given, env_name) {
        (Some(v), _) => Ok(v.clone()),
        (None, Some(name)) => env(name).filter(|v| !v.is_empty()).ok_or_else(|| {
            Error::invalid_input(
                format!("{field}_env"),
                format!("the environment variable {name} is not set"),
            )
        }),
        (None, None) => Err(Error::invalid_input(
            field,
            format!("give {field} or {field}_env"),
        )),
    }
}

impl Connections {
    /// Clients for `config`, with secrets from the config or from the environment
    /// (`env` looks a variable up).
    pub fn from_config(
        config: &SyncConfig,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Connections, Error> {
        let m = &config.managebac;
        let token = secret("managebac.token", &m.token, &m.token_env, env)?;
        let mut mb = ManageBacConfig::new(token);
        if let Some(url) = &m.base_url {
            mb = mb.with_base_url(url)?;
        }
        let managebac = ClientBuilder::new(mb).build()?;
        let blackboard = match (&config.blackboard, config.direction) {
            (Some(b), Direction::ManagebacToBlackboard) => {
                let s = secret("blackboard.secret", &b.secret, &b.secret_env, env)?;
                Some(ClientBuilder::new(BlackboardConfig::new(&b.host, &b.key, s)?).build()?)
            }
            _ => None,
        };
        let schoology = match (&config.schoology, config.direction) {
            (Some(sg), d) if d.uses_schoology() => {
                let s = secret(
                    "schoology.consumer_secret",
                    &sg.consumer_secret,
                    &sg.consumer_secret_env,
                    env,
                )?;
                let mut c = SchoologyConfig::new(&sg.consumer_key, s);
                if let Some(url) = &sg.base_url {
                    c = c.with_base_url(url)?;
                }
                Some(ClientBuilder::new(c).build()?)
            }
            _ => None,
        };
        Ok(Connections {
            managebac,
            blackboard,
            schoology,
        })
    }
}

/// Read what ManageBac holds for the classes the config names: the class list and
/// the students (200 a page), then each class's grades (and term grades).
pub async fn read_source(conn: &Connections, config: &SyncConfig) -> Result<Source, Error> {
    let mb = &conn.managebac;
    let classes = mb.classes().with(|op| op.per_page(200)).collect().await?;
    let wanted = |id: i64| {
        if !config.classes.only.is_empty() {
            return config.classes.only.contains(&id);
        }
        config.classes.pairs.contains_key(&id.to_string()) || config.classes.rule.is_some()
    };
    let mut missing: Vec<i64> = config
        .classes
        .pairs
        .keys()
        .filter_map(|k| k.parse::<i64>().ok())
        .chain(config.classes.only.iter().copied())
        .filter(|id| !classes.iter().any(|c| c.id == *id))
        .collect();
    missing.sort_unstable();
    missing.dedup();
    let people: Map<i64, Person> = mb
        .collect(Students::new().per_page(200))
        .await?
        .into_iter()
        .map(|s| {
            let name = match (&s.last_name, &s.first_name) {
                (Some(l), Some(f)) => format!("{l}, {f}"),
                _ => s.email.clone().unwrap_or_default(),
            };
            (
                s.id,
                Person {
                    id: s.id,
                    name,
                    student_id: s.student_id.clone(),
                    email: s.email.clone(),
                },
            )
        })
        .collect();
    let mut out = Vec::new();
    for c in classes.into_iter().filter(|c| wanted(c.id)) {
        let grades = mb
            .collect(ClassGrades::new(c.id, config.term_id).per_page(200))
            .await?;
        let term_grades = if config.grades.term_grade_column.is_some()
            && config.direction == Direction::ManagebacToBlackboard
        {
            mb.collect(TermGrades::new(c.id, config.term_id).per_page(200))
                .await?
        } else {
            Vec::new()
        };
        out.push(SourceClass {
            id: c.id,
            name: c.name.clone().unwrap_or_default(),
            uniq_id: c.uniq_id.clone(),
            grades,
            term_grades,
        });
    }
    Ok(Source {
        classes: out,
        people,
        missing_classes: missing,
    })
}

/// Read what the target holds: `written` (the ledger's record), and for Schoology
/// each paired section's assignments, enrollments and grades (and users' emails
/// when people are matched by email).
pub async fn read_target(
    conn: &Connections,
    config: &SyncConfig,
    source: &Source,
    written: Map<String, String>,
) -> Result<Target, Error> {
    let mut target = Target {
        written,
        ..Target::default()
    };
    if let Some(sg) = &conn.schoology {
        for class in &source.classes {
            let Some(section_id) = target_of(config, class.id, class.uniq_id.as_deref())
                .and_then(|s| s.parse::<i64>().ok())
            else {
                continue;
            };
            let assignments = match sg.collect(Assignments::new(section_id)).await {
                Ok(a) => a,
                Err(e) if matches!(e.kind(), ErrorKind::NotFound | ErrorKind::Forbidden) => {
                    target.missing_sections.push(section_id);
                    continue;
                }
                Err(e) => return Err(e),
            };
            let enrollments = sg.collect(Enrollments::new(section_id)).await?;
            let grades = sg.execute(&Grades::new(section_id)).await?;
            let mut emails = Map::new();
            if config.people.rule == "email" {
                for e in enrollments.iter().filter(|e| e.admin != Some(true)) {
                    if let Some(uid) = e.uid {
                        if let Some(m) = sg.get_user(uid).await?.primary_email {
                            emails.insert(uid, m);
                        }
                    }
                }
            }
            target.sections.insert(
                section_id,
                SectionSnapshot {
                    section_id,
                    assignments,
                    enrollments,
                    emails,
                    grades,
                },
            );
        }
    }
    Ok(target)
}

/// Read both sides and plan, with what `ledger` says was written.
pub async fn plan_sync(
    conn: &Connections,
    config: &SyncConfig,
    ledger: &dyn Ledger,
) -> Result<Plan, Error> {
    let written = ledger.written()?;
    plan_written(conn, config, written).await
}

/// Read both sides and plan, given the ledger's record (`Ledger::written`).
pub async fn plan_written(
    conn: &Connections,
    config: &SyncConfig,
    written: Map<String, String>,
) -> Result<Plan, Error> {
    let source = read_source(conn, config).await?;
    let target = read_target(conn, config, &source, written).await?;
    Ok(plan(config, &source, &target))
}

/// A progress callback (`Send` on native targets).
pub trait ProgressFn: FnMut(&Progress) + crate::clock::MaybeSend {}
impl<F: FnMut(&Progress) + crate::clock::MaybeSend> ProgressFn for F {}

/// Where an apply stands, for a progress bar.
#[gradebridge_macros::reader]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    /// Writes done (applied or failed).
    pub done: usize,
    /// Writes in the plan.
    pub total: usize,
    /// `columns`, `grades`, `external grade columns`, `assignments`.
    pub phase: String,
}

/// A write that failed, with its platform's reason.
#[gradebridge_macros::reader]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Failure {
    /// The change.
    pub change: Change,
    /// Why it failed.
    pub reason: String,
}

/// What an apply did.
#[gradebridge_macros::reader]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// The ledger's run id.
    pub run: i64,
    /// Writes applied.
    pub written: usize,
    /// Writes that failed.
    pub failed: Vec<Failure>,
    /// Requests made to the target.
    pub requests: usize,
}

impl Report {
    /// Every write applied.
    pub fn ok(&self) -> bool {
        self.failed.is_empty()
    }
}

struct Run<'a> {
    ledger: &'a mut dyn Ledger,
    progress: &'a mut dyn ProgressFn,
    now: fn() -> i64,
    run: i64,
    done: usize,
    total: usize,
    report: Report,
}

impl Run<'_> {
    /// Record a batch's outcomes (one transaction) and move the progress on.
    fn outcomes(
        &mut self,
        phase: &str,
        items: Vec<(Change, bool, Option<String>)>,
    ) -> Result<(), Error> {
        let entries: Vec<Entry> = items
            .iter()
            .map(|(c, ok, message)| Entry {
                key: c.write.key().to_string(),
                value: ledger_value(c),
                ok: *ok,
                message: message.clone(),
            })
            .collect();
        self.ledger.record(self.run, &entries, (self.now)())?;
        for (change, ok, message) in items {
            self.done += 1;
            if ok {
                self.report.written += 1;
            } else {
                self.report.failed.push(Failure {
                    change,
                    reason: message.unwrap_or_else(|| "failed".into()),
                });
            }
        }
        (self.progress)(&Progress {
            done: self.done,
            total: self.total,
            phase: phase.to_string(),
        });
        Ok(())
    }

    /// A request that failed as a whole: its items failed, with the reason; the
    /// error itself when nothing was written yet.
    fn failed_batch(&mut self, phase: &str, batch: Vec<Change>, e: &Error) -> Result<(), Error> {
        if self.report.written == 0 && !e.maybe_applied() && self.report.failed.is_empty() {
            return Err(e.clone());
        }
        let why = if e.maybe_applied() {
            format!("outcome unknown (the answer was lost; it may have been applied): {e}")
        } else {
            e.to_string()
        };
        self.outcomes(
            phase,
            batch
                .into_iter()
                .map(|c| (c, false, Some(why.clone())))
                .collect(),
        )
    }
}

fn ledger_value(c: &Change) -> String {
    match &c.write {
        Write::SchoologyAssignment { .. } => String::new(),
        _ => c.new.clone(),
    }
}

/// The whole job as the bindings run it: plan against the ledger, refuse a plan
/// that left people or classes unmatched unless `allow_unmatched` (nothing is
/// written then), apply it. The plan and the report.
pub async fn plan_and_apply(
    conn: &Connections,
    config: &SyncConfig,
    ledger: &mut dyn Ledger,
    allow_unmatched: bool,
    progress: &mut dyn ProgressFn,
    now: fn() -> i64,
) -> Result<(Plan, Report), Error> {
    let plan = plan_written(conn, config, ledger.written()?).await?;
    plan.check_matched(allow_unmatched)?;
    let report = apply(conn, config, &plan, ledger, progress, now).await?;
    Ok((plan, report))
}

/// Apply `plan`: writes in the order planned, in the largest batches (Grades Journey
/// 100 a request, Schoology grades 50), each batch's outcomes recorded in `ledger`
/// in one go; `progress` is called after each batch. Creates are recorded as intents
/// first; a resumed run looks an intended Schoology assignment up by title before
/// creating it again.
pub async fn apply(
    conn: &Connections,
    config: &SyncConfig,
    plan: &Plan,
    ledger: &mut dyn Ledger,
    progress: &mut dyn ProgressFn,
    now: fn() -> i64,
) -> Result<Report, Error> {
    let run = ledger.begin_run(config.direction.as_str(), now())?;
    let mut r = Run {
        ledger,
        progress,
        now,
        run,
        done: 0,
        total: plan.changes.len(),
        report: Report {
            run,
            written: 0,
            failed: Vec::new(),
            requests: 0,
        },
    };
    let result = match config.direction {
        Direction::ManagebacToBlackboard => apply_blackboard(conn, plan, &mut r).await,
        Direction::ManagebacToSchoology => apply_schoology(conn, plan, &mut r).await,
        Direction::SchoologyToManagebac => apply_managebac(conn, plan, &mut r).await,
    };
    let (written, failed) = (r.report.written as i64, r.report.failed.len() as i64);
    r.ledger.end_run(run, written, failed, now())?;
    result?;
    Ok(r.report)
}

fn of_kind(plan: &Plan, f: impl Fn(&Write) -> bool) -> Vec<&Change> {
    plan.changes.iter().filter(|c| f(&c.write)).collect()
}

async fn apply_blackboard(conn: &Connections, plan: &Plan, r: &mut Run<'_>) -> Result<(), Error> {
    use crate::blackboard::{
        CreateGradableItems, CreateGradeSchemas, SetExternalGradeColumns, UpdateGradeValues,
    };
    let bb = conn
        .blackboard
        .as_ref()
        .ok_or_else(|| Error::invalid_input("blackboard", "no Blackboard connection"))?;
    let schema = |w: &Write| match w {
        Write::BlackboardSchema { schema, .. } => Some(schema.clone()),
        _ => None,
    };
    journey_phase(
        bb,
        plan,
        r,
        "grade schemas",
        true,
        schema,
        CreateGradeSchemas::new,
    )
    .await?;
    let column = |w: &Write| match w {
        Write::BlackboardColumn { item, .. } => Some(item.clone()),
        _ => None,
    };
    journey_phase(
        bb,
        plan,
        r,
        "columns",
        true,
        column,
        CreateGradableItems::new,
    )
    .await?;
    let value = |w: &Write| match w {
        Write::BlackboardValue { value, .. } => Some(value.clone()),
        _ => None,
    };
    journey_phase(bb, plan, r, "grades", false, value, UpdateGradeValues::new).await?;
    let external = |w: &Write| match w {
        Write::BlackboardExternal { column, .. } => Some(column.clone()),
        _ => None,
    };
    let phase = "external grade columns";
    journey_phase(
        bb,
        plan,
        r,
        phase,
        false,
        external,
        SetExternalGradeColumns::new,
    )
    .await
}

/// Send the plan's writes that `pick` takes through the Grades Journey endpoint
/// `make` builds, 100 items a request, recording each request's outcomes (and, for
/// creates, their intent first).
async fn journey_phase<T: Clone, E>(
    bb: &Client<BlackboardConfig>,
    plan: &Plan,
    r: &mut Run<'_>,
    phase: &str,
    intend: bool,
    pick: impl Fn(&Write) -> Option<T>,
    make: impl Fn(Vec<T>) -> E,
) -> Result<(), Error>
where
    E: crate::endpoint::Batched<
            Platform = BlackboardConfig,
            Output = Vec<crate::blackboard::JourneyOutcome>,
        > + Sync
        + crate::clock::MaybeSend,
{
    const CHUNK: usize = crate::blackboard::DEFAULT_CHUNK_SIZE as usize;
    let chosen: Vec<(&Change, T)> = plan
        .changes
        .iter()
        .filter_map(|c| pick(&c.write).map(|t| (c, t)))
        .collect();
    for batch in chosen.chunks(CHUNK) {
        let changes: Vec<Change> = batch.iter().map(|(c, _)| (*c).clone()).collect();
        if intend {
            let keys: Vec<String> = changes.iter().map(|c| c.write.key().to_string()).collect();
            r.ledger.intend(r.run, &keys)?;
        }
        r.report.requests += 1;
        let op = make(batch.iter().map(|(_, t)| t.clone()).collect());
        match bb.execute_batched(&op).await {
            Ok(out) => r.outcomes(
                phase,
                zip(changes, out.iter().map(|o| (o.ok, o.message.clone()))),
            )?,
            Err(e) => r.failed_batch(phase, changes, &e)?,
        }
    }
    Ok(())
}

fn zip(
    changes: Vec<Change>,
    outcomes: impl Iterator<Item = (bool, Option<String>)>,
) -> Vec<(Change, bool, Option<String>)> {
    let mut outcomes = outcomes;
    changes
        .into_iter()
        .map(|c| match outcomes.next() {
            Some((ok, m)) => (c, ok, m),
            None => (c, false, Some("no outcome for this item".into())),
        })
        .collect()
}

async fn apply_schoology(conn: &Connections, plan: &Plan, r: &mut Run<'_>) -> Result<(), Error> {
    let sg = conn
        .schoology
        .as_ref()
        .ok_or_else(|| Error::invalid_input("schoology", "no Schoology connection"))?;
    // Empty but after a killed run: looked through, not indexed.
    let pending = r.ledger.pending()?;
    let mut created: IdMap<(i64, i64), i64> = IdMap::new();
    for c in of_kind(plan, |w| matches!(w, Write::SchoologyAssignment { .. })) {
        let Write::SchoologyAssignment {
            key,
            section_id,
            task_id,
            assignment,
        } = &c.write
        else {
            continue;
        };
        // A create intended by a killed run may have been applied: look it up first.
        let mut found = None;
        if pending.contains(key) {
            r.report.requests += 1;
            let title = assignment.title.clone();
            found = sg
                .collect(Assignments::new(*section_id))
                .await?
                .into_iter()
                .find(|a| a.title == title)
                .map(|a| a.id);
        }
        r.ledger.intend(r.run, std::slice::from_ref(key))?;
        let id = match found {
            Some(id) => Ok(id),
            None => {
                r.report.requests += 1;
                sg.create_assignment(*section_id, assignment.clone())
                    .await
                    .map(|a| a.id)
            }
        };
        match id {
            Ok(id) => {
                created.insert((*section_id, *task_id), id);
                let entry = Entry {
                    key: key.clone(),
                    value: id.to_string(),
                    ok: true,
                    message: None,
                };
                r.ledger.record(r.run, &[entry], (r.now)())?;
                r.done += 1;
                r.report.written += 1;
                (r.progress)(&Progress {
                    done: r.done,
                    total: r.total,
                    phase: "assignments".into(),
                });
            }
            Err(e) => r.failed_batch("assignments", vec![c.clone()], &e)?,
        }
    }
    let grades = of_kind(plan, |w| matches!(w, Write::SchoologyGrade { .. }));
    let mut by_section: IdMap<i64, Vec<&Change>> = IdMap::new();
    for c in grades {
        if let Write::SchoologyGrade { section_id, .. } = &c.write {
            by_section.get_or_insert_with(*section_id, Vec::new).push(c);
        }
    }
    for (section_id, changes) in by_section.into_pairs() {
        let mut sendable = Vec::new();
        for c in changes {
            let Write::SchoologyGrade {
                task_id,
                assignment_id,
                enrollment_id,
                grade,
                ..
            } = &c.write
            else {
                continue;
            };
            match assignment_id.or_else(|| created.get(&(section_id, *task_id)).copied()) {
                Some(aid) => {
                    sendable.push((c.clone(), GradeInput::points(*enrollment_id, aid, *grade)))
                }
                None => r.outcomes(
                    "grades",
                    vec![(
                        c.clone(),
                        false,
                        Some("its assignment could not be created".into()),
                    )],
                )?,
            }
        }
        for batch in sendable.chunks(crate::schoology::MAX_BULK) {
            let (changes, inputs): (Vec<Change>, Vec<GradeInput>) = batch.iter().cloned().unzip();
            r.report.requests += 1;
            match sg.update_grades(section_id, inputs).await {
                Ok(out) => r.outcomes(
                    "grades",
                    zip(changes, out.iter().map(|o| (o.ok, o.message.clone()))),
                )?,
                Err(e) => r.failed_batch("grades", changes, &e)?,
            }
        }
    }
    Ok(())
}

async fn apply_managebac(conn: &Connections, plan: &Plan, r: &mut Run<'_>) -> Result<(), Error> {
    use crate::managebac::StudentTaskGrade;
    let mut by_task: IdMap<i64, Vec<&Change>> = IdMap::new();
    for c in of_kind(plan, |w| matches!(w, Write::ManageBacGrade { .. })) {
        if let Write::ManageBacGrade { task_id, .. } = &c.write {
            by_task.get_or_insert_with(*task_id, Vec::new).push(c);
        }
    }
    for (task_id, changes) in by_task.into_pairs() {
        let grades: Vec<StudentTaskGrade> = changes
            .iter()
            .filter_map(|c| match &c.write {
                Write::ManageBacGrade {
                    student_id, points, ..
                } => Some(StudentTaskGrade::points(*student_id, *points)),
                _ => None,
            })
            .collect();
        let owned: Vec<Change> = changes.iter().map(|c| (*c).clone()).collect();
        r.report.requests += 1;
        match conn.managebac.update_task_grades(task_id, grades).await {
            Ok(out) => {
                let items = owned
                    .into_iter()
                    .map(|c| {
                        let student = match &c.write {
                            Write::ManageBacGrade { student_id, .. } => *student_id,
                            _ => 0,
                        };
                        match out.iter().find(|o| o.id == Some(student)) {
                            Some(o) => {
                                let why = o.message.clone().or_else(|| {
                                    (!o.errors.is_empty())
                                        .then(|| crate::error::field_errors_text(&o.errors))
                                });
                                (
                                    c,
                                    o.ok,
                                    if o.ok {
                                        None
                                    } else {
                                        why.or(Some(o.status.clone()))
                                    },
                                )
                            }
                            None => (c, false, Some("no outcome for this student".into())),
                        }
                    })
                    .collect();
                r.outcomes("grades", items)?;
            }
            Err(e) => r.failed_batch("grades", owned, &e)?,
        }
    }
    Ok(())
}
