//! The `gradebridge` command: `sync plan`, `sync apply`, `sync history`, `sandbox`
//! and `demo`, a thin shell over the core's sync and its client.

#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

mod command;
pub mod ledger;

pub use command::run;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use gradebridge::sync::exec::{apply, plan_sync, Connections, Progress, Report};
use gradebridge::sync::{Ledger, MemoryLedger, Plan, SyncConfig};
use gradebridge::Error;
use gradebridge_sandbox::Sandbox;

pub use ledger::SqliteLedger;

/// Exit status: every write applied.
pub const EXIT_OK: i32 = 0;
/// Exit status: some writes failed, or people or classes were not matched.
pub const EXIT_FAILED: i32 = 1;
/// Exit status: a bad config, a wrong credential, an unreachable host.
pub const EXIT_ERROR: i32 = 2;

/// Read a config file; errors name the file, the line and the key.
pub fn read_config(path: &Path) -> Result<SyncConfig, Error> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        Error::invalid_input("config", format!("cannot read {}: {e}", path.display()))
    })?;
    SyncConfig::from_toml(&text).map_err(|e| {
        Error::invalid_input(
            field_of(&e).unwrap_or_else(|| "config".into()),
            format!("{}: {}", path.display(), strip_field(e.message())),
        )
    })
}

fn field_of(e: &Error) -> Option<String> {
    match e.kind() {
        gradebridge::ErrorKind::InvalidInput { field } => Some(field.clone()),
        _ => None,
    }
}

fn strip_field(message: &str) -> &str {
    message.split_once("`: ").map_or(message, |(_, m)| m)
}

/// The ledger's default place: next to the config (`sync.toml` ->
/// `sync.ledger.sqlite`).
pub fn default_ledger(config: &Path) -> PathBuf {
    let stem = config
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "sync".into());
    config.with_file_name(format!("{stem}.ledger.sqlite"))
}

/// Point every connection of `config` at `sandbox`, with its credentials.
pub fn use_sandbox(config: &mut SyncConfig, sandbox: &Sandbox) {
    let url = sandbox.url();
    config.managebac.base_url = Some(url.clone());
    config.managebac.token = Some(sandbox.token().to_string());
    config.managebac.token_env = None;
    if let Some(b) = &mut config.blackboard {
        b.host = url.clone();
        b.key = gradebridge_sandbox::blackboard::KEY.into();
        b.secret = Some(gradebridge_sandbox::blackboard::SECRET.into());
        b.secret_env = None;
    }
    if let Some(s) = &mut config.schoology {
        s.base_url = Some(format!("{url}/v1"));
        s.consumer_key = gradebridge_sandbox::schoology::CONSUMER_KEY.into();
        s.consumer_secret = Some(gradebridge_sandbox::schoology::CONSUMER_SECRET.into());
        s.consumer_secret_env = None;
    }
}

/// Seconds since the Unix epoch.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default()
}

/// Connections from the config, secrets from the environment.
pub fn connect(config: &SyncConfig) -> Result<Connections, Error> {
    Connections::from_config(config, &|name| std::env::var(name).ok())
}

/// Plan and print (a table, or JSON).
pub async fn cmd_plan(config: &SyncConfig, ledger: &dyn Ledger, json: bool) -> Result<Plan, Error> {
    let conn = connect(config)?;
    let plan = plan_sync(&conn, config, ledger).await?;
    if json {
        let out = serde_json::json!({"changes": plan.changes, "unmatched": plan.unmatched, "summary": plan.summary});
        println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
    } else {
        print!("{}", plan.to_table());
    }
    Ok(plan)
}

/// Progress on a terminal (a bar), or plain lines.
pub struct ProgressView {
    bar: Option<indicatif::ProgressBar>,
    last_phase: String,
}

impl ProgressView {
    /// A bar on a terminal, plain lines otherwise.
    pub fn new(total: usize) -> ProgressView {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = indicatif::ProgressBar::new(total as u64);
            if let Ok(style) = indicatif::ProgressStyle::with_template(
                "{spinner} {msg:<22} [{bar:30}] {pos}/{len} writes ({per_sec})",
            ) {
                bar.set_style(style.progress_chars("=> "));
            }
            bar
        });
        ProgressView {
            bar,
            last_phase: String::new(),
        }
    }

    /// Show where the apply stands.
    pub fn update(&mut self, p: &Progress) {
        match &self.bar {
            Some(bar) => {
                bar.set_message(p.phase.clone());
                bar.set_position(p.done as u64);
            }
            None => {
                eprintln!("apply: {} {}/{}", p.phase, p.done, p.total);
            }
        }
        self.last_phase = p.phase.clone();
    }

    /// Done.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// Plan, then apply with progress, then print the summary and every failure.
pub async fn cmd_apply(
    config: &SyncConfig,
    ledger: &mut dyn Ledger,
    allow_unmatched: bool,
) -> Result<(Plan, Report), Error> {
    let conn = connect(config)?;
    let plan = plan_sync(&conn, config, ledger).await?;
    if let Err(e) = plan.check_matched(allow_unmatched) {
        print!("{}", plan.to_table());
        return Err(e);
    }
    let mut view = ProgressView::new(plan.changes.len());
    let report = apply(
        &conn,
        config,
        &plan,
        ledger,
        &mut |p: &Progress| view.update(p),
        now,
    )
    .await;
    view.finish();
    let report = report?;
    println!(
        "applied: {} written, {} failed, {} requests to the target (run {})",
        report.written,
        report.failed.len(),
        report.requests,
        report.run
    );
    for f in &report.failed {
        println!(
            "  failed: {} -> {} {} {}: {}",
            f.change.class,
            f.change.target,
            f.change.task.as_deref().unwrap_or(""),
            f.change.student.as_deref().unwrap_or(""),
            f.reason
        );
    }
    Ok((plan, report))
}

/// Print past runs.
pub fn cmd_history(ledger: &dyn Ledger) -> Result<(), Error> {
    let runs = ledger.runs()?;
    if runs.is_empty() {
        println!("no runs yet");
    }
    println!(
        "{:>4}  {:<26}  {:<20}  {:>8}  {:>6}",
        "run", "direction", "started (UTC)", "written", "failed"
    );
    for r in runs {
        let started = gradebridge_sandbox::school::iso(r.started);
        let state = if r.finished.is_some() {
            ""
        } else {
            "  (interrupted)"
        };
        println!(
            "{:>4}  {:<26}  {:<20}  {:>8}  {:>6}{state}",
            r.id,
            r.direction,
            started.get(..19).unwrap_or(&started),
            r.written,
            r.failed
        );
    }
    Ok(())
}

/// The README's first command: an in-process sandbox, the example Blackboard config
/// pointed at it, the plan, the apply with progress, and the plan again (empty).
pub async fn cmd_demo() -> Result<i32, Error> {
    let sandbox = Sandbox::start_default()
        .await
        .map_err(|e| Error::transport(format!("cannot start the sandbox: {e}"), false))?;
    let mut config = SyncConfig::from_toml(include_str!("../../examples/sync/blackboard.toml"))?;
    use_sandbox(&mut config, &sandbox);
    println!(
        "sandbox: {} (ManageBac, Schoology and Blackboard in one process)\n",
        sandbox.url()
    );
    println!("== gradebridge sync plan (examples/sync/blackboard.toml --sandbox)\n");
    let mut ledger = MemoryLedger::default();
    cmd_plan(&config, &ledger, false).await?;
    println!("\n== gradebridge sync apply\n");
    let (_, report) = cmd_apply(&config, &mut ledger, false).await?;
    println!("\n== gradebridge sync plan (again)\n");
    let again = cmd_plan(&config, &ledger, false).await?;
    let received: usize = sandbox.with_blackboard(|s| {
        s.courses
            .values()
            .map(|c| c.values.values().map(|v| v.len()).sum::<usize>())
            .sum()
    });
    println!(
        "\nBlackboard (sandbox) now holds {received} grade values in {} courses.",
        sandbox.with_blackboard(|s| s.courses.values().filter(|c| !c.columns.is_empty()).count())
    );
    Ok(if report.ok() && again.changes.is_empty() {
        EXIT_OK
    } else {
        EXIT_FAILED
    })
}
