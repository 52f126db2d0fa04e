//! The ledger: what was written where, when, with which value and outcome. Grades
//! Journey cannot be read back, so the ledger is how a second run knows what
//! Blackboard holds; for Schoology it remembers which assignment stands for which
//! task. The CLI keeps it in SQLite (WAL, one transaction per outcome batch); the
//! core's [`MemoryLedger`] serves tests and the browser.

use crate::Map;

use serde::{Deserialize, Serialize};

use crate::error::Error;

/// One written item's outcome.
#[gradebridge_macros::reader]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// What was written (`bb/GB1001/value/Essay/S5001`).
    pub key: String,
    /// The value written.
    pub value: String,
    /// Applied.
    pub ok: bool,
    /// The platform's reason, when it was not.
    pub message: Option<String>,
}

/// A past run, as `sync history` lists it.
#[gradebridge_macros::reader]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunSummary {
    /// Run id.
    pub id: i64,
    /// `managebac-to-blackboard`, ...
    pub direction: String,
    /// Started, Unix seconds.
    pub started: i64,
    /// Finished, Unix seconds (`None`: interrupted).
    pub finished: Option<i64>,
    /// Items written.
    pub written: i64,
    /// Items that failed.
    pub failed: i64,
}

/// Where a sync records intents and outcomes. `Send` on native targets, so that an
/// apply can run on any thread.
pub trait Ledger: crate::clock::MaybeSend {
    /// Start a run.
    fn begin_run(&mut self, direction: &str, now: i64) -> Result<i64, Error>;
    /// Record that `keys` are about to be written (a create's intent: a resumed run
    /// looks the object up before creating it again).
    fn intend(&mut self, run: i64, keys: &[String]) -> Result<(), Error>;
    /// Record a batch of outcomes, all at once.
    fn record(&mut self, run: i64, entries: &[Entry], now: i64) -> Result<(), Error>;
    /// Finish a run with its counts.
    fn end_run(&mut self, run: i64, written: i64, failed: i64, now: i64) -> Result<(), Error>;
    /// The value last written successfully under each key.
    fn written(&self) -> Result<Map<String, String>, Error>;
    /// Keys intended but without an outcome (a run was killed in between).
    fn pending(&self) -> Result<Vec<String>, Error>;
    /// Past runs, newest first.
    fn runs(&self) -> Result<Vec<RunSummary>, Error>;
}

/// A ledger in memory. It serializes (to JSON, say) so that a caller can keep it
/// between runs where there is no SQLite, as the browser's callers do.
#[gradebridge_macros::reader]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MemoryLedger {
    written: Map<String, String>,
    /// Sorted, each key once: a `BTreeSet`'s tree code was 2.3 KB of the gzipped
    /// wasm module, for a set that is empty but after a killed run.
    #[serde(deserialize_with = "sorted_keys")]
    pending: Vec<String>,
    runs: Vec<RunSummary>,
}

/// A list of keys, sorted and each once, as a set of them reads.
fn sorted_keys<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    let mut keys = Vec::<String>::deserialize(d)?;
    keys.sort_unstable();
    keys.dedup();
    Ok(keys)
}

impl Ledger for MemoryLedger {
    fn begin_run(&mut self, direction: &str, now: i64) -> Result<i64, Error> {
        let id = self.runs.len() as i64 + 1;
        self.runs.push(RunSummary {
            id,
            direction: direction.to_string(),
            started: now,
            finished: None,
            written: 0,
            failed: 0,
        });
        Ok(id)
    }
    fn intend(&mut self, _run: i64, keys: &[String]) -> Result<(), Error> {
        for key in keys {
            if let Err(at) = self.pending.binary_search(key) {
                self.pending.insert(at, key.clone());
            }
        }
        Ok(())
    }
    fn record(&mut self, _run: i64, entries: &[Entry], _now: i64) -> Result<(), Error> {
        for e in entries {
            if let Ok(at) = self.pending.binary_search(&e.key) {
                self.pending.remove(at);
            }
            if e.ok {
                self.written.insert(e.key.clone(), e.value.clone());
            }
        }
        Ok(())
    }
    fn end_run(&mut self, run: i64, written: i64, failed: i64, now: i64) -> Result<(), Error> {
        if let Some(r) = self.runs.iter_mut().find(|r| r.id == run) {
            r.finished = Some(now);
            r.written = written;
            r.failed = failed;
        }
        Ok(())
    }
    fn written(&self) -> Result<Map<String, String>, Error> {
        Ok(self.written.clone())
    }
    fn pending(&self) -> Result<Vec<String>, Error> {
        Ok(self.pending.clone())
    }
    fn runs(&self) -> Result<Vec<RunSummary>, Error> {
        Ok(self.runs.iter().rev().cloned().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(key: &str, ok: bool) -> Entry {
        Entry {
            key: key.into(),
            value: "7".into(),
            ok,
            message: None,
        }
    }

    #[test]
    fn pending_keys_are_a_set_kept_sorted() {
        let mut ledger = MemoryLedger::default();
        let run = ledger.begin_run("managebac-to-schoology", 1).unwrap();
        let keys = |k: &[&str]| k.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        ledger.intend(run, &keys(&["b", "a", "c", "a"])).unwrap();
        ledger.intend(run, &keys(&["b"])).unwrap();
        assert_eq!(ledger.pending().unwrap(), keys(&["a", "b", "c"]));
        ledger
            .record(run, &[entry("b", true), entry("zz", false)], 2)
            .unwrap();
        assert_eq!(ledger.pending().unwrap(), keys(&["a", "c"]));
        let text = serde_json::to_value(&ledger).unwrap();
        assert_eq!(text["pending"], serde_json::json!(["a", "c"]));
        // Read back as a set reads: sorted, each once.
        let read: MemoryLedger =
            serde_json::from_value(serde_json::json!({"pending": ["c", "a", "c"]})).unwrap();
        assert_eq!(read.pending().unwrap(), keys(&["a", "c"]));
    }
}
