//! The gradebridge demo: list classes, fetch a class's tasks and its grades for a term,
//! write a bulk grade update, read it back, and print it as a table.
//!
//! By default it starts the sandbox in-process, so it needs no school:
//!
//! ```text
//! cargo run -p gradebridge-examples --bin demo
//! ```
//!
//! Against a live school, set `GRADEBRIDGE_BASE_URL` (e.g. https://api.managebac.com)
//! and `GRADEBRIDGE_TOKEN`; optionally `GRADEBRIDGE_CLASS_ID` and
//! `GRADEBRIDGE_TERM_ID`. It only writes grades to a live school when
//! `GRADEBRIDGE_DEMO_WRITE=1` is also set.

use std::collections::BTreeMap;

use gradebridge::client::ManageBacClient;
use gradebridge::managebac::{StudentGrades, StudentTaskGrade, Task};
use gradebridge_sandbox::Sandbox;

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

#[tokio::main]
async fn main() {
    if let Err(e) = run().await {
        eprintln!("demo failed: {e}");
        std::process::exit(1);
    }
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

async fn run() -> Result<()> {
    let live = env("GRADEBRIDGE_BASE_URL").zip(env("GRADEBRIDGE_TOKEN"));
    let mut _sandbox = None;
    let (base_url, token, may_write) = match live {
        Some((url, token)) => {
            println!("Live school at {url}");
            (
                url,
                token,
                env("GRADEBRIDGE_DEMO_WRITE").as_deref() == Some("1"),
            )
        }
        None => {
            let sb = Sandbox::start_default().await?;
            println!(
                "Sandbox listening on {} (demo school, token `{}`)",
                sb.url(),
                sb.token()
            );
            let pair = (sb.url(), sb.token().to_string(), true);
            _sandbox = Some(sb);
            pair
        }
    };
    let mb = ManageBacClient::builder(token).base_url(base_url).build()?;

    // 1. Classes.
    let classes = mb.classes().await?;
    println!("\n{} classes:", classes.len());
    for c in &classes {
        println!(
            "  {:>6}  {:<55} {}",
            c.id,
            c.name.as_deref().unwrap_or("-"),
            c.program.as_deref().unwrap_or("")
        );
    }
    let class = match env("GRADEBRIDGE_CLASS_ID").and_then(|v| v.parse::<i64>().ok()) {
        Some(id) => classes
            .iter()
            .find(|c| c.id == id)
            .ok_or(format!("class {id} not found"))?,
        None => classes.first().ok_or("the school has no classes")?,
    };
    let term_id = env("GRADEBRIDGE_TERM_ID")
        .and_then(|v| v.parse::<i64>().ok())
        .or(class.start_term_id)
        .ok_or("set GRADEBRIDGE_TERM_ID: the class names no term")?;

    // 2. Tasks and grades for the term.
    let tasks = mb.tasks(class.id).with(|op| op.term_id(term_id)).await?;
    let grades = mb.class_grades(class.id, term_id).await?;
    println!(
        "\nClass {} \"{}\", term {term_id}: {} tasks, {} students",
        class.id,
        class.name.as_deref().unwrap_or("-"),
        tasks.len(),
        grades.len()
    );
    print_table(&tasks, &grades, 8);
    print_roster(&mb, class.id, &grades, 8).await;

    // 3. A bulk grade update on the first task with points: +1 point for the first
    //    five graded students (capped at the maximum), and one deliberately invalid
    //    write, to show that partial failure comes back as data.
    let Some(task) = tasks.iter().find(|t| {
        t.assessments
            .as_ref()
            .and_then(|a| a.points.as_ref())
            .is_some()
    }) else {
        println!("\nNo task with points: nothing to write.");
        return Ok(());
    };
    if !may_write {
        println!(
            "\nLive school: skipping the grade write (set GRADEBRIDGE_DEMO_WRITE=1 to write)."
        );
        return Ok(());
    }
    let max = task
        .assessments
        .as_ref()
        .and_then(|a| a.points.as_ref())
        .and_then(|p| p.max_points)
        .unwrap_or(100.0);
    let mut writes: Vec<StudentTaskGrade> = grades
        .iter()
        .filter_map(|s| {
            let now = s.assignments.iter().find(|a| a.id == task.id)?.score?;
            Some(StudentTaskGrade::points(s.id, (now + 1.0).min(max)))
        })
        .take(5)
        .collect();
    if let Some(s) = grades.iter().find(|s| writes.iter().all(|w| w.id != s.id)) {
        writes.push(StudentTaskGrade::points(s.id, max + 10.0)); // over the maximum: refused
    }
    println!(
        "\nWriting {} grades to task {} \"{}\" (max {max}):",
        writes.len(),
        task.id,
        task.name.as_deref().unwrap_or("-")
    );
    let outcomes = mb.update_task_grades(task.id, writes).await?;
    for o in &outcomes {
        let detail = if o.errors.is_empty() {
            String::new()
        } else {
            o.errors
                .iter()
                .map(|(k, v)| format!("{k} {}", v.join(", ")))
                .collect::<Vec<_>>()
                .join("; ")
        };
        println!(
            "  student {:>6}  {:<4} {:<22} {}",
            o.id.unwrap_or_default(),
            if o.ok { "ok" } else { "FAIL" },
            o.status,
            detail
        );
    }
    let failed = outcomes.iter().filter(|o| !o.ok).count();
    println!("  {} applied, {} refused", outcomes.len() - failed, failed);

    // 4. Read back.
    let after = mb.class_grades(class.id, term_id).await?;
    println!("\nAfter the write:");
    print_table(&tasks, &after, 8);
    Ok(())
}

/// The class's students from the directory with their email, student number and
/// level beside the term average: how a sync matches people across systems.
async fn print_roster(mb: &ManageBacClient, class_id: i64, grades: &[StudentGrades], rows: usize) {
    let (roster, people) = match (
        mb.class_students(class_id).await,
        mb.students().with(|op| op.per_page(200)).await,
    ) {
        (Ok(r), Ok(p)) => (r, p),
        (Err(e), _) | (_, Err(e)) => {
            println!("\n(no roster: {e})");
            return;
        }
    };
    let people: BTreeMap<i64, _> = people.into_iter().map(|p| (p.id, p)).collect();
    println!(
        "\nRoster of class {class_id}: {} students, email and level beside the term average",
        roster.len()
    );
    println!(
        "  {:<24} {:<42} {:<8} {:<5} {:>6}",
        "student", "email", "id", "level", "avg %"
    );
    for r in roster.iter().take(rows) {
        let p = people.get(&r.id);
        let name = p
            .map(|p| {
                format!(
                    "{}, {}",
                    p.last_name.as_deref().unwrap_or(""),
                    p.first_name.as_deref().unwrap_or("")
                )
            })
            .unwrap_or_else(|| "?".into());
        let email = p
            .and_then(|p| p.email.clone())
            .unwrap_or_else(|| "-".into());
        let number = p
            .and_then(|p| p.student_id.clone())
            .unwrap_or_else(|| "-".into());
        let avg = grades
            .iter()
            .find(|g| g.id == r.id)
            .map(|g| {
                let scored: Vec<(f64, f64)> = g
                    .assignments
                    .iter()
                    .filter_map(|a| a.score.zip(a.max_points))
                    .collect();
                let total: f64 = scored.iter().map(|(_, m)| m).sum();
                let got: f64 = scored.iter().map(|(s, _)| s).sum();
                if total > 0.0 {
                    format!("{:.1}", 100.0 * got / total)
                } else {
                    "-".into()
                }
            })
            .unwrap_or_else(|| "-".into());
        let name: String = name.chars().take(24).collect();
        println!(
            "  {name:<24} {:<42} {number:<8} {:<5} {avg:>6}",
            email.chars().take(42).collect::<String>(),
            r.level.as_deref().unwrap_or("-")
        );
    }
    if roster.len() > rows {
        println!("  ... {} more students", roster.len() - rows);
    }
}

/// Students down, tasks across: `score/max`, `-` when not graded.
fn print_table(tasks: &[Task], students: &[StudentGrades], rows: usize) {
    let cols: Vec<&Task> = tasks.iter().take(6).collect();
    print!("  {:<24}", "student");
    for (i, _) in cols.iter().enumerate() {
        print!(" {:>9}", format!("T{}", i + 1));
    }
    println!(" {:>7}", "avg %");
    for s in students.iter().take(rows) {
        let by_task: BTreeMap<i64, _> = s.assignments.iter().map(|a| (a.id, a)).collect();
        let name: String = s.name.as_deref().unwrap_or("?").chars().take(24).collect();
        print!("  {name:<24}");
        let (mut got, mut max) = (0.0, 0.0);
        for t in &cols {
            match by_task.get(&t.id).and_then(|a| a.score.zip(a.max_points)) {
                Some((score, m)) => {
                    got += score;
                    max += m;
                    print!(" {:>9}", format!("{score}/{m}"));
                }
                None => print!(" {:>9}", "-"),
            }
        }
        if max > 0.0 {
            println!(" {:>7.1}", 100.0 * got / max);
        } else {
            println!(" {:>7}", "-");
        }
    }
    if students.len() > rows {
        println!("  ... {} more students", students.len() - rows);
    }
    for (i, t) in cols.iter().enumerate() {
        println!(
            "  T{} = {} ({})",
            i + 1,
            t.name.as_deref().unwrap_or("-"),
            t.id
        );
    }
}
