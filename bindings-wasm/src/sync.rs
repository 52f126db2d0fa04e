//! The sync from JS: `sync.plan(config, {ledger})` and `sync.apply(config, {ledger,
//! progress})` in `index.js`. The ledger is the caller's: in memory, saved and restored
//! as JSON (`JSON.stringify(ledger)`, `new sync.Ledger(saved)`), since a browser has no
//! SQLite file.

use gradebridge::Map;
use std::cell::RefCell;
use std::rc::Rc;

use gradebridge::sync::exec::{plan_and_apply, plan_written, Connections, Progress};
use gradebridge::sync::{Ledger, MemoryLedger, SyncConfig};
use gradebridge::Error;
use wasm_bindgen::prelude::*;

use crate::wasm::{
    aborted, error_record, json_as, json_value, promise_unless_aborted, unless_aborted,
};

/// A ledger in memory. `None` while an apply holds it (a second apply or a plan on the
/// same ledger meanwhile is refused, not interleaved).
#[wasm_bindgen]
pub struct SyncLedger {
    inner: Rc<RefCell<Option<MemoryLedger>>>,
}

fn busy() -> Error {
    Error::invalid_input(
        "ledger",
        "an apply is running with this ledger; wait for it to finish",
    )
}

#[wasm_bindgen]
impl SyncLedger {
    /// A new ledger, or one restored from what `toJSONText` gave.
    #[wasm_bindgen(constructor)]
    pub fn new(saved: Option<String>) -> Result<SyncLedger, JsValue> {
        let ledger = match saved {
            Some(text) if !text.trim().is_empty() => {
                json_as("ledger", &text).map_err(|e| error_record(&e))?
            }
            _ => MemoryLedger::default(),
        };
        Ok(SyncLedger {
            inner: Rc::new(RefCell::new(Some(ledger))),
        })
    }

    /// The ledger as JSON text, to keep until the next run.
    #[wasm_bindgen(js_name = toJSONText)]
    pub fn to_json_text(&self) -> Result<String, JsValue> {
        let guard = self.inner.borrow();
        let ledger = guard.as_ref().ok_or_else(|| error_record(&busy()))?;
        serde_json::to_string(ledger).map_err(|e| error_record(&Error::invalid_input("ledger", e)))
    }

    /// Past runs, newest first, as JSON text.
    pub fn runs(&self) -> Result<String, JsValue> {
        let guard = self.inner.borrow();
        let ledger = guard.as_ref().ok_or_else(|| error_record(&busy()))?;
        let runs = ledger.runs().map_err(|e| error_record(&e))?;
        serde_json::to_string(&runs).map_err(|e| error_record(&Error::invalid_input("runs", e)))
    }
}

/// The config (JSON text of the same keys as `sync.toml`) and the connections, with
/// secrets from the config or from `env` (a JSON object of environment variables).
fn connect(config: &str, env: &str) -> Result<(SyncConfig, Connections), Error> {
    let value: serde_json::Value =
        json_value(config).map_err(|e| Error::invalid_input("config", e))?;
    let config = SyncConfig::from_json(value)?;
    let env: Map<String, String> = if env.trim().is_empty() {
        Map::new()
    } else {
        json_as("env", env)?
    };
    let conn = Connections::from_config(&config, &|name| env.get(name).cloned())?;
    Ok((config, conn))
}

fn now() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

fn json<T: serde::Serialize>(field: &str, v: &T) -> Result<String, Error> {
    serde_json::to_string(v).map_err(|e| Error::invalid_input(field, e))
}

/// Plan a sync: a Promise of JSON text `{plan, table}`. Nothing is written. `abort`
/// stops it (`crate::wasm::unless_aborted`).
#[wasm_bindgen(js_name = syncPlan)]
pub fn sync_plan(
    config: String,
    env: String,
    ledger: &SyncLedger,
    abort: Option<js_sys::Promise>,
) -> js_sys::Promise {
    let inner = ledger.inner.clone();
    promise_unless_aborted(abort, async move {
        let result: Result<String, Error> = async {
            let (config, conn) = connect(&config, &env)?;
            let written = inner.borrow().as_ref().ok_or_else(busy)?.written()?;
            let plan = plan_written(&conn, &config, written).await?;
            let table = plan.to_table();
            Ok(format!(
                "{{\"plan\":{},\"table\":{}}}",
                json("plan", &plan)?,
                json("table", &table)?
            ))
        }
        .await;
        result
            .map(|s| JsValue::from_str(&s))
            .map_err(|e| error_record(&e))
    })
}

/// Plan and apply a sync: a Promise of JSON text `{plan, report}`. `progress(done,
/// total, phase)` is called after each batch. People or classes that cannot be
/// matched stop it before anything is written unless `allow_unmatched`. `abort`
/// stops it, sending nothing more (`crate::wasm::unless_aborted`).
#[wasm_bindgen(js_name = syncApply)]
pub fn sync_apply(
    config: String,
    env: String,
    ledger: &SyncLedger,
    progress: Option<js_sys::Function>,
    allow_unmatched: bool,
    abort: Option<js_sys::Promise>,
) -> js_sys::Promise {
    let inner = ledger.inner.clone();
    wasm_bindgen_futures::future_to_promise(async move {
        // The ledger is taken out for the run (so no borrow lives across an await)
        // and put back whatever happens.
        let taken = inner.borrow_mut().take();
        let Some(mut led) = taken else {
            return Err(error_record(&busy()));
        };
        let callback_error: RefCell<Option<JsValue>> = RefCell::new(None);
        // An abort drops the run between or during its requests; the batches
        // written before it stay recorded in the ledger.
        let result: Option<Result<String, Error>> = unless_aborted(abort, async {
            let (config, conn) = connect(&config, &env)?;
            let mut on_progress = |p: &Progress| {
                if let Some(f) = &progress {
                    let args = (
                        JsValue::from_f64(p.done as f64),
                        JsValue::from_f64(p.total as f64),
                        JsValue::from_str(&p.phase),
                    );
                    if let Err(e) = f.call3(&JsValue::NULL, &args.0, &args.1, &args.2) {
                        callback_error.borrow_mut().get_or_insert(e);
                    }
                }
            };
            let (plan, report) = plan_and_apply(
                &conn,
                &config,
                &mut led,
                allow_unmatched,
                &mut on_progress,
                now,
            )
            .await?;
            Ok(format!(
                "{{\"plan\":{},\"report\":{}}}",
                json("plan", &plan)?,
                json("report", &report)?
            ))
        })
        .await;
        *inner.borrow_mut() = Some(led);
        if let Some(e) = callback_error.into_inner() {
            return Err(e);
        }
        match result {
            Some(r) => r
                .map(|s| JsValue::from_str(&s))
                .map_err(|e| error_record(&e)),
            None => Err(aborted()),
        }
    })
}
