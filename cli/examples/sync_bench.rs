//! The sync's request count against the bulk minimum, on a school of 20 classes x 30
//! students x 15 tasks (9,000 grades) synced from ManageBac into Blackboard Grades
//! Journey in the in-process sandbox, and the request rate achieved under a limit
//! that binds. Prints two tables; run with
//! `cargo run --release -p gradebridge-cli --example sync_bench`.

use std::time::Instant;

use gradebridge::sync::exec::{apply, plan_sync, Connections, Progress};
use gradebridge::sync::{MemoryLedger, SyncConfig};
use gradebridge_sandbox::blackboard::Course;
use gradebridge_sandbox::school::{ResultRec, TaskRec};
use gradebridge_sandbox::{Sandbox, SandboxConfig};
use serde_json::json;

const CLASSES: i64 = 20;
const TASKS: i64 = 15;

/// Replace the demo's classes with 20 classes of the same 30 students, 15 graded tasks
/// each, and a Blackboard course for each.
fn big_school(sb: &Sandbox) -> (usize, usize) {
    let students: Vec<i64> = sb.with_school(|s| s.students.keys().copied().collect());
    let mut grades = 0;
    sb.with_school(|s| {
        let template = s.classes[&1001].clone();
        s.classes.clear();
        s.tasks.clear();
        s.results.clear();
        for c in 0..CLASSES {
            let id = 2001 + c;
            let mut class = template.clone();
            class.data.insert("id".into(), json!(id));
            class.data.insert("name".into(), json!(format!("Class {}", c + 1)));
            class.data.insert("uniq_id".into(), json!(format!("GB{id}")));
            class.members = students.iter().copied().collect();
            class.former.clear();
            s.classes.insert(id, class);
            for t in 0..TASKS {
                let task = id * 100 + t;
                let data = json!({"id": task, "name": format!("Task {}", t + 1),
                    "assessments": {"points": {"title": "Points", "max_points": 20}}, "assigned_students": []});
                s.tasks.insert(
                    task,
                    TaskRec {
                        class_id: id,
                        term_id: 2601,
                        data: data.as_object().cloned().unwrap_or_default(),
                        extra: Default::default(),
                    },
                );
                for (k, st) in students.iter().enumerate() {
                    let mut fields = serde_json::Map::new();
                    fields.insert("points".into(), json!((t as usize + k) % 21));
                    s.results.insert((task, *st), ResultRec { fields });
                    grades += 1;
                }
            }
        }
    });
    sb.with_blackboard(|b| {
        b.courses.clear();
        for c in 0..CLASSES {
            b.courses.insert(
                format!("GB{}", 2001 + c),
                Course {
                    users: students.iter().map(|s| format!("S{s}")).collect(),
                    ..Course::default()
                },
            );
        }
    });
    (students.len(), grades)
}

#[tokio::main]
async fn main() {
    let sb = Sandbox::start(SandboxConfig::default())
        .await
        .unwrap_or_else(|e| panic!("sandbox: {e}"));
    let (students, grades) = big_school(&sb);
    let config = SyncConfig::from_toml(&format!(
        "direction = \"managebac-to-blackboard\"\nterm_id = 2601\n[managebac]\nbase_url = \"{u}\"\ntoken = \"sandbox-token\"\n[blackboard]\nhost = \"{u}\"\nkey = \"sandbox-bb-key\"\nsecret = \"sandbox-bb-secret\"\n[classes]\nmatch = \"uniq_id\"\n",
        u = sb.url()
    ))
    .unwrap_or_else(|e| panic!("{e}"));
    let conn = Connections::from_config(&config, &|_| None).unwrap_or_else(|e| panic!("{e}"));
    let mut ledger = MemoryLedger::default();
    let t0 = Instant::now();
    let plan = plan_sync(&conn, &config, &ledger)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let planned = t0.elapsed();
    let t1 = Instant::now();
    let report = apply(
        &conn,
        &config,
        &plan,
        &mut ledger,
        &mut |_: &Progress| {},
        || 0,
    )
    .await
    .unwrap_or_else(|e| panic!("{e}"));
    let applied = t1.elapsed();
    let log = sb.stats().log;
    let count =
        |f: &dyn Fn(&str, &str) -> bool| log.iter().filter(|e| f(&e.method, &e.path)).count();
    let reads = count(&|m, p| m == "GET" && p.starts_with("/v2"));
    let writes = count(&|m, p| m == "POST" && p.starts_with("/learn/"));
    let too_many = log.iter().filter(|e| e.status == 429).count();
    let planned_of = |a: &str| plan.changes.iter().filter(|c| c.action == a).count();
    let (columns, values) = (planned_of("create column"), planned_of("set grade"));
    // The bulk minimum: the class list and the students at 200 a page, one
    // class_grades page per class (30 students), and Grades Journey at 100 items a
    // request for the columns and the values planned (the archived student's grades
    // are not in class_grades, so not planned).
    let min_reads = 1 + students.div_ceil(200) + CLASSES as usize;
    let min_writes = columns.div_ceil(100) + values.div_ceil(100);
    println!("school: {CLASSES} classes x {students} students x {TASKS} tasks = {grades} grades; planned {columns} columns, {values} values");
    println!("| phase | requests | bulk minimum | time |");
    println!("|---|---|---|---|");
    println!(
        "| read ManageBac (plan) | {reads} | {min_reads} | {:.2} s |",
        planned.as_secs_f64()
    );
    println!(
        "| write Grades Journey (apply) | {writes} | {min_writes} | {:.2} s |",
        applied.as_secs_f64()
    );
    println!(
        "written: {}, failed: {}, 429s answered: {too_many} (none reached the caller: the apply succeeded)",
        report.written,
        report.failed.len()
    );
    let again = plan_sync(&conn, &config, &ledger)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    println!("plan again: {} changes", again.changes.len());
    let rate = rate_run(&sb, &config).await;
    if reads != min_reads
        || writes != min_writes
        || !report.ok()
        || !again.changes.is_empty()
        || rate < 0.95
    {
        std::process::exit(1);
    }
}

/// The read phase again, with fresh clients, under a request limit that binds (11
/// requests per 30 s, sliding window, as the sandbox applies ManageBac's): the
/// achieved request rate against the best the limit allows for the same requests.
async fn rate_run(sb: &Sandbox, config: &SyncConfig) -> f64 {
    const LIMIT: u32 = 11;
    const PERIOD: u64 = 30;
    sb.set_rate_limit(Some((LIMIT, std::time::Duration::from_secs(PERIOD))));
    let before = sb.stats().log.len();
    let conn = Connections::from_config(config, &|_| None).unwrap_or_else(|e| panic!("{e}"));
    let ledger = MemoryLedger::default();
    let t0 = Instant::now();
    let plan = plan_sync(&conn, config, &ledger).await;
    let took = t0.elapsed().as_secs_f64();
    let log = sb.stats().log;
    let run = &log[before..];
    let sent = run.iter().filter(|e| e.path.starts_with("/v2")).count();
    let refused = run.iter().filter(|e| e.status == 429).count();
    let answered = sent - refused;
    // With a sliding window the best schedule sends LIMIT requests at once and the
    // next LIMIT a full period later.
    let best = (answered.div_ceil(LIMIT as usize) - 1) as f64 * PERIOD as f64;
    let share = if took > 0.0 { best / took } else { 1.0 };
    println!();
    println!("request rate under a limit that binds ({LIMIT} requests per {PERIOD} s):");
    println!("| reads | time | best the limit allows | achieved rate vs allowed | 429s answered by the server | 429s reaching the caller |");
    println!("|---|---|---|---|---|---|");
    println!(
        "| {answered} | {took:.2} s | {best:.2} s | {:.1}% | {refused} | {} |",
        share * 100.0,
        usize::from(plan.is_err())
    );
    sb.set_rate_limit(None);
    if plan.is_err() {
        return 0.0;
    }
    share
}
