//! Peak memory while paging through a big class: pages of 200 students x 10 tasks
//! from the in-process sandbox's generated load class, every score read. Streaming
//! the pages holds one page at a time, so 100 pages peak where 10 pages do;
//! collecting every record grows with the pages, shown beside it. Each case runs in a
//! fresh process (the peak RSS of a process only grows). Linux (reads `VmHWM` from
//! `/proc/self/status`). Run with
//! `cargo run --release -p gradebridge-cli --example memory_bench`.

use std::process::Command;

use futures_util::StreamExt;
use gradebridge::client::ManageBacClient;
use gradebridge_sandbox::{Sandbox, SandboxConfig, LOAD_CLASS_ID};

const PER_PAGE: usize = 200;

/// The process's peak resident set, in MiB.
fn peak_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        })
        .map(|kb| kb / 1024.0)
        .unwrap_or(f64::NAN)
}

/// One case in this process: prints `pages students after_first peak`.
async fn run_case(case: &str, pages_wanted: usize) {
    let sb = Sandbox::start(SandboxConfig {
        rate_limit: None,
        ..Default::default()
    })
    .await
    .expect("sandbox");
    sb.set_load_class(pages_wanted * PER_PAGE, 10);
    let mb = ManageBacClient::builder(sb.token())
        .base_url(sb.url())
        .requests_per_minute(None)
        .build()
        .expect("client");
    let list = mb
        .class_grades(LOAD_CLASS_ID, 2601)
        .with(|op| op.per_page(PER_PAGE as u32));
    let (mut pages, mut students, mut total) = (0usize, 0usize, 0.0f64);
    let mut after_first = f64::NAN;
    if case == "stream" {
        let mut stream = std::pin::pin!(list.pages());
        while let Some(page) = stream.next().await {
            let page = page.expect("page");
            for s in &page.items {
                students += 1;
                total += s.assignments.iter().filter_map(|a| a.score).sum::<f64>();
            }
            pages += 1;
            if pages == 1 {
                after_first = peak_mib();
            }
        }
    } else {
        let all = list.await.expect("collect");
        after_first = f64::NAN;
        pages = all.len().div_ceil(PER_PAGE);
        for s in &all {
            students += 1;
            total += s.assignments.iter().filter_map(|a| a.score).sum::<f64>();
        }
    }
    assert!(total > 0.0);
    println!("{pages} {students} {after_first} {}", peak_mib());
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let (Some(case), Some(pages)) = (args.get(1), args.get(2)) {
        let rt = tokio::runtime::Runtime::new().expect("runtime");
        rt.block_on(run_case(case, pages.parse().expect("pages")));
        return;
    }
    let exe = std::env::current_exe().expect("current exe");
    println!(
        "Rust: pages of {PER_PAGE} students x 10 tasks, every score read; peak RSS of a fresh process (sandbox in-process)"
    );
    println!("| case | pages | students | peak after page 1 | peak at the end |");
    println!("|---|---|---|---|---|");
    let mut peaks = Vec::new();
    for (case, pages) in [
        ("stream", 10),
        ("stream", 100),
        ("collect", 10),
        ("collect", 100),
    ] {
        let out = Command::new(&exe)
            .args([case, &pages.to_string()])
            .output()
            .expect("run case");
        let text = String::from_utf8_lossy(&out.stdout);
        let v: Vec<f64> = text
            .split_whitespace()
            .filter_map(|x| x.parse().ok())
            .collect();
        let [pages, students, first, end] = v[..] else {
            eprintln!(
                "case {case} failed: {text} {}",
                String::from_utf8_lossy(&out.stderr)
            );
            std::process::exit(1);
        };
        let first = if first.is_nan() {
            "-".to_string()
        } else {
            format!("{first:.1} MiB")
        };
        let label = if case == "stream" {
            "stream the pages (`.pages()`)"
        } else {
            "collect every record (`.await`)"
        };
        println!("| {label} | {pages} | {students} | {first} | {end:.1} MiB |");
        peaks.push(end);
    }
    println!(
        "streaming 100 pages peaks at {:.2}x the peak of 10 pages (one page held at a time: about 1x); collecting, {:.2}x",
        peaks[1] / peaks[0],
        peaks[3] / peaks[2]
    );
}
