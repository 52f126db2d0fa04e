//! The command line: clap's types and [`run`].

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::*;
use gradebridge::sync::Ledger;

#[derive(Parser)]
#[command(
    name = "gradebridge",
    version,
    about = "Move grades between ManageBac and Blackboard or Schoology"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// The grade sync: plan, apply, history.
    Sync {
        #[command(subcommand)]
        action: SyncAction,
    },
    /// Run the sandbox (ManageBac, Schoology, Blackboard) until interrupted.
    Sandbox {
        /// Port (0: any free port).
        #[arg(long, default_value_t = 0)]
        port: u16,
    },
    /// Sync the example config against an in-process sandbox: plan, apply, plan again.
    Demo,
}

#[derive(clap::Args)]
struct Common {
    /// The sync config (TOML; see examples/sync/).
    #[arg(long)]
    config: PathBuf,
    /// The ledger (SQLite); default: next to the config.
    #[arg(long)]
    ledger: Option<PathBuf>,
    /// Run against an in-process sandbox with its own URLs and credentials.
    #[arg(long)]
    sandbox: bool,
}

#[derive(Subcommand)]
enum SyncAction {
    /// Show what would change; nothing is written.
    Plan {
        #[command(flatten)]
        common: Common,
        /// Print JSON: {"changes": [...], "unmatched": [...], "summary": {...}}.
        #[arg(long)]
        json: bool,
    },
    /// Write what plan shows, with progress; resumable.
    Apply {
        #[command(flatten)]
        common: Common,
        /// Only plan (the same as `sync plan`).
        #[arg(long)]
        dry_run: bool,
        /// Write what can be matched even when some people or classes cannot.
        #[arg(long)]
        allow_unmatched: bool,
    },
    /// List past runs with their counts.
    History {
        /// The sync config (its ledger sits next to it).
        #[arg(long)]
        config: Option<PathBuf>,
        /// The ledger (SQLite).
        #[arg(long)]
        ledger: Option<PathBuf>,
    },
}

fn fail(e: &gradebridge::Error) -> i32 {
    eprintln!("error: {e}");
    EXIT_ERROR
}

/// Run the command with `args` (the program name first, as `std::env::args()`
/// gives them) and return its exit status. Used by the binary and by the Python
/// package's `gradebridge` console script.
pub fn run(args: Vec<String>) -> i32 {
    let cli = match Cli::try_parse_from(args) {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { EXIT_ERROR } else { EXIT_OK };
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            return EXIT_ERROR;
        }
    };
    runtime.block_on(async move {
        match cli.command {
            Command::Demo => match cmd_demo().await {
                Ok(code) => code,
                Err(e) => fail(&e),
            },
            Command::Sandbox { port } => {
                let config = gradebridge_sandbox::SandboxConfig {
                    addr: std::net::SocketAddr::from(([127, 0, 0, 1], port)),
                    ..Default::default()
                };
                match gradebridge_sandbox::Sandbox::start(config).await {
                    Ok(sb) => {
                        println!("listening on {}", sb.url());
                        let _ = tokio::signal::ctrl_c().await;
                        EXIT_OK
                    }
                    Err(e) => {
                        eprintln!("error: {e}");
                        EXIT_ERROR
                    }
                }
            }
            Command::Sync { action } => sync(action).await,
        }
    })
}

async fn sync(action: SyncAction) -> i32 {
    enum Mode {
        Plan { json: bool },
        Apply { allow_unmatched: bool },
    }
    let (common, mode) = match action {
        SyncAction::History { config, ledger } => {
            let path = match (ledger, config) {
                (Some(l), _) => l,
                (None, Some(c)) => default_ledger(&c),
                (None, None) => {
                    eprintln!("error: give --config or --ledger");
                    return EXIT_ERROR;
                }
            };
            return match SqliteLedger::open(&path).and_then(|l| cmd_history(&l)) {
                Ok(()) => EXIT_OK,
                Err(e) => fail(&e),
            };
        }
        SyncAction::Plan { common, json } => (common, Mode::Plan { json }),
        SyncAction::Apply {
            common,
            dry_run: true,
            ..
        } => (common, Mode::Plan { json: false }),
        SyncAction::Apply {
            common,
            allow_unmatched,
            ..
        } => (common, Mode::Apply { allow_unmatched }),
    };
    let mut config = match read_config(&common.config) {
        Ok(c) => c,
        Err(e) => return fail(&e),
    };
    let sandbox = if common.sandbox {
        match gradebridge_sandbox::Sandbox::start_default().await {
            Ok(sb) => {
                use_sandbox(&mut config, &sb);
                eprintln!("sandbox: {}", sb.url());
                Some(sb)
            }
            Err(e) => {
                eprintln!("error: cannot start the sandbox: {e}");
                return EXIT_ERROR;
            }
        }
    } else {
        None
    };
    // With --sandbox the ledger lives only as long as the run (the sandbox's data
    // does too), unless --ledger names one.
    let mut ledger: Box<dyn Ledger> = match (&common.ledger, &sandbox) {
        (None, Some(_)) => Box::new(gradebridge::sync::MemoryLedger::default()),
        (Some(path), _) => match SqliteLedger::open(path) {
            Ok(l) => Box::new(l),
            Err(e) => return fail(&e),
        },
        (None, None) => match SqliteLedger::open(&default_ledger(&common.config)) {
            Ok(l) => Box::new(l),
            Err(e) => return fail(&e),
        },
    };
    let code = match mode {
        Mode::Plan { json } => match cmd_plan(&config, ledger.as_ref(), json).await {
            Ok(_) => EXIT_OK,
            Err(e) => fail(&e),
        },
        Mode::Apply { allow_unmatched } => {
            match cmd_apply(&config, ledger.as_mut(), allow_unmatched).await {
                Ok((_, report)) if report.ok() => EXIT_OK,
                Ok(_) => EXIT_FAILED,
                Err(e) => fail(&e),
            }
        }
    };
    drop(sandbox);
    code
}
