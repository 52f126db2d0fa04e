//! The ledger in SQLite (rusqlite, bundled): WAL mode, one transaction per outcome
//! batch, so a run killed at any point leaves every recorded outcome and every
//! intent.

use gradebridge::Map;
use std::path::Path;

use gradebridge::sync::{Entry, Ledger, RunSummary};
use gradebridge::Error;
use rusqlite::{params, Connection};

/// A ledger in a SQLite file.
pub struct SqliteLedger {
    db: Connection,
}

fn db_error(e: rusqlite::Error) -> Error {
    Error::invalid_input("ledger", e)
}

impl SqliteLedger {
    /// Open (or create) the ledger at `path`.
    pub fn open(path: &Path) -> Result<SqliteLedger, Error> {
        let db = Connection::open(path).map_err(|e| {
            Error::invalid_input("ledger", format!("cannot open {}: {e}", path.display()))
        })?;
        db.execute_batch(
            "PRAGMA journal_mode = WAL;
             PRAGMA synchronous = NORMAL;
             CREATE TABLE IF NOT EXISTS runs (
                 id INTEGER PRIMARY KEY, direction TEXT NOT NULL, started INTEGER NOT NULL,
                 finished INTEGER, written INTEGER NOT NULL DEFAULT 0, failed INTEGER NOT NULL DEFAULT 0);
             CREATE TABLE IF NOT EXISTS outcomes (
                 run INTEGER NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, ok INTEGER NOT NULL,
                 message TEXT, at INTEGER NOT NULL);
             CREATE TABLE IF NOT EXISTS written (key TEXT PRIMARY KEY, value TEXT NOT NULL);
             CREATE TABLE IF NOT EXISTS pending (key TEXT PRIMARY KEY, run INTEGER NOT NULL);",
        )
        .map_err(db_error)?;
        Ok(SqliteLedger { db })
    }
}

impl Ledger for SqliteLedger {
    fn begin_run(&mut self, direction: &str, now: i64) -> Result<i64, Error> {
        self.db
            .execute(
                "INSERT INTO runs (direction, started) VALUES (?1, ?2)",
                params![direction, now],
            )
            .map_err(db_error)?;
        Ok(self.db.last_insert_rowid())
    }

    fn intend(&mut self, run: i64, keys: &[String]) -> Result<(), Error> {
        let tx = self.db.transaction().map_err(db_error)?;
        for k in keys {
            tx.execute(
                "INSERT OR REPLACE INTO pending (key, run) VALUES (?1, ?2)",
                params![k, run],
            )
            .map_err(db_error)?;
        }
        tx.commit().map_err(db_error)
    }

    fn record(&mut self, run: i64, entries: &[Entry], now: i64) -> Result<(), Error> {
        let tx = self.db.transaction().map_err(db_error)?;
        for e in entries {
            tx.execute(
                "INSERT INTO outcomes (run, key, value, ok, message, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![run, e.key, e.value, e.ok, e.message, now],
            )
            .map_err(db_error)?;
            tx.execute("DELETE FROM pending WHERE key = ?1", params![e.key])
                .map_err(db_error)?;
            if e.ok {
                tx.execute(
                    "INSERT OR REPLACE INTO written (key, value) VALUES (?1, ?2)",
                    params![e.key, e.value],
                )
                .map_err(db_error)?;
            }
        }
        tx.commit().map_err(db_error)
    }

    fn end_run(&mut self, run: i64, written: i64, failed: i64, now: i64) -> Result<(), Error> {
        self.db
            .execute(
                "UPDATE runs SET finished = ?1, written = ?2, failed = ?3 WHERE id = ?4",
                params![now, written, failed, run],
            )
            .map_err(db_error)?;
        Ok(())
    }

    fn written(&self) -> Result<Map<String, String>, Error> {
        let mut st = self
            .db
            .prepare("SELECT key, value FROM written")
            .map_err(db_error)?;
        let rows = st
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
            .map_err(db_error)?;
        rows.collect::<Result<_, _>>().map_err(db_error)
    }

    fn pending(&self) -> Result<Vec<String>, Error> {
        let mut st = self
            .db
            .prepare("SELECT key FROM pending ORDER BY key")
            .map_err(db_error)?;
        let rows = st
            .query_map([], |r| r.get::<_, String>(0))
            .map_err(db_error)?;
        rows.collect::<Result<_, _>>().map_err(db_error)
    }

    fn runs(&self) -> Result<Vec<RunSummary>, Error> {
        let mut st = self
            .db
            .prepare(
                "SELECT r.id, r.direction, r.started, r.finished,
                        (SELECT COUNT(*) FROM outcomes o WHERE o.run = r.id AND o.ok),
                        (SELECT COUNT(*) FROM outcomes o WHERE o.run = r.id AND NOT o.ok)
                 FROM runs r ORDER BY r.id DESC",
            )
            .map_err(db_error)?;
        let rows = st
            .query_map([], |r| {
                Ok(RunSummary {
                    id: r.get(0)?,
                    direction: r.get(1)?,
                    started: r.get(2)?,
                    finished: r.get(3)?,
                    written: r.get(4)?,
                    failed: r.get(5)?,
                })
            })
            .map_err(db_error)?;
        rows.collect::<Result<_, _>>().map_err(db_error)
    }
}
