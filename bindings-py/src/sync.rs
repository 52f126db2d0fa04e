//! The sync from Python: `gradebridge.sync.plan` / `apply` (wrapped into typed
//! dataclasses by `gradebridge/sync.py`), the ledger, and the `gradebridge` console
//! script (the same command as the Rust binary).

use std::sync::Mutex;

use gradebridge::python::{to_py_err, GradebridgeError};
use gradebridge::sync::exec::{plan_and_apply, plan_written, Progress};
use gradebridge::sync::{Ledger, MemoryLedger, SyncConfig};
use gradebridge::Error;
use pyo3::prelude::*;

/// A sync ledger: in memory, or a SQLite file (WAL) that a nightly job keeps.
#[pyclass(module = "gradebridge._native", name = "SyncLedger")]
pub struct SyncLedger {
    inner: Mutex<Box<dyn Ledger>>,
    path: Option<String>,
}

#[pymethods]
impl SyncLedger {
    #[new]
    #[pyo3(signature = (path = None))]
    fn new(path: Option<std::path::PathBuf>) -> PyResult<Self> {
        let (inner, shown): (Box<dyn Ledger>, Option<String>) = match path {
            Some(p) => (
                Box::new(gradebridge_cli::SqliteLedger::open(&p).map_err(|e| to_py_err(&e))?),
                Some(p.display().to_string()),
            ),
            None => (Box::new(MemoryLedger::default()), None),
        };
        Ok(SyncLedger {
            inner: Mutex::new(inner),
            path: shown,
        })
    }

    /// Past runs, newest first, as dicts.
    fn runs(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let runs = self.lock().runs().map_err(|e| to_py_err(&e))?;
        pythonize::pythonize(py, &runs)
            .map(|b| b.unbind())
            .map_err(|e| to_py_err(&Error::invalid_input("runs", e)))
    }

    fn __repr__(&self) -> String {
        match &self.path {
            Some(p) => format!("SyncLedger({p:?})"),
            None => "SyncLedger(in memory)".to_string(),
        }
    }
}

impl SyncLedger {
    fn lock(&self) -> std::sync::MutexGuard<'_, Box<dyn Ledger>> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The config from a path (TOML), TOML text isn't accepted here to keep errors
/// clear: a path or a dict.
fn config_of(config: &Bound<'_, PyAny>) -> Result<SyncConfig, Error> {
    if let Ok(path) = config.extract::<std::path::PathBuf>() {
        if config.is_instance_of::<pyo3::types::PyString>()
            || config.hasattr("__fspath__").unwrap_or(false)
        {
            return gradebridge_cli::read_config(&path);
        }
    }
    let json = gradebridge::python::to_json(config, "config")?;
    SyncConfig::from_json(json)
}

fn run_on_runtime<T: Send>(
    py: Python<'_>,
    f: impl std::future::Future<Output = Result<T, Error>> + Send,
) -> PyResult<T> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| GradebridgeError::new_err(format!("cannot start a runtime: {e}")))?;
    crate::block_on_rt(py, &rt, f)
}

/// Plan a sync: `(plan as JSON text, the plan as a table)`.
#[pyfunction]
#[pyo3(signature = (config, ledger))]
pub fn sync_plan(
    py: Python<'_>,
    config: &Bound<'_, PyAny>,
    ledger: &SyncLedger,
) -> PyResult<(String, String)> {
    let config = config_of(config).map_err(|e| to_py_err(&e))?;
    let written = ledger.lock().written().map_err(|e| to_py_err(&e))?;
    let plan = run_on_runtime(py, async {
        let conn = gradebridge_cli::connect(&config)?;
        plan_written(&conn, &config, written).await
    })?;
    let json =
        serde_json::to_string(&plan).map_err(|e| to_py_err(&Error::invalid_input("plan", e)))?;
    Ok((json, plan.to_table()))
}

/// Plan and apply a sync; `progress(done, total, phase)` after each batch. Returns
/// `(plan JSON, report JSON)`. People or classes that cannot be matched stop it
/// before anything is written unless `allow_unmatched`.
#[pyfunction]
#[pyo3(signature = (config, ledger, progress = None, allow_unmatched = false))]
pub fn sync_apply(
    py: Python<'_>,
    config: &Bound<'_, PyAny>,
    ledger: &SyncLedger,
    progress: Option<Py<PyAny>>,
    allow_unmatched: bool,
) -> PyResult<(String, String)> {
    let config = config_of(config).map_err(|e| to_py_err(&e))?;
    let mut guard = ledger.lock();
    let ledger_mut: &mut dyn Ledger = guard.as_mut();
    let callback_error: Mutex<Option<PyErr>> = Mutex::new(None);
    let result = run_on_runtime(py, async {
        let conn = gradebridge_cli::connect(&config)?;
        let mut on_progress = |p: &Progress| {
            if let Some(cb) = &progress {
                Python::attach(|py| {
                    if let Err(e) = cb.call1(py, (p.done, p.total, p.phase.clone())) {
                        let mut slot = callback_error.lock().unwrap_or_else(|e| e.into_inner());
                        if slot.is_none() {
                            *slot = Some(e);
                        }
                    }
                });
            }
        };
        plan_and_apply(
            &conn,
            &config,
            ledger_mut,
            allow_unmatched,
            &mut on_progress,
            gradebridge_cli::now,
        )
        .await
    });
    if let Some(e) = callback_error
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .take()
    {
        return Err(e);
    }
    let (plan, report) = result?;
    let plan =
        serde_json::to_string(&plan).map_err(|e| to_py_err(&Error::invalid_input("plan", e)))?;
    let report = serde_json::to_string(&report)
        .map_err(|e| to_py_err(&Error::invalid_input("report", e)))?;
    Ok((plan, report))
}

/// The `gradebridge` command with `argv` (without the program name); its exit status.
#[pyfunction]
pub fn cli(py: Python<'_>, argv: Vec<String>) -> i32 {
    let mut args = vec!["gradebridge".to_string()];
    args.extend(argv);
    py.detach(|| {
        std::panic::catch_unwind(|| gradebridge_cli::run(args)).unwrap_or_else(|_| {
            eprintln!("error: internal error (a bug in gradebridge)");
            gradebridge_cli::EXIT_ERROR
        })
    })
}

/// Register the sync's functions and classes.
pub fn add(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<SyncLedger>()?;
    m.add_function(wrap_pyfunction!(sync_plan, m)?)?;
    m.add_function(wrap_pyfunction!(sync_apply, m)?)?;
    m.add_function(wrap_pyfunction!(cli, m)?)?;
    Ok(())
}
