//! Decode a class-grades page of 1,000 students x 10 tasks into typed models.
//!
//! `cargo bench -p gradebridge --bench decode`; criterion prints the throughput in
//! MiB/s (and `GRADEBRIDGE_BENCH_QUICK=1` shortens the run).

use std::hint::black_box;
use std::time::Duration;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use gradebridge::managebac::ClassGrades;
use gradebridge::{Endpoint, HttpResponse};

/// A realistic page: ids, names, group marks (numbers, sometimes strings), due dates,
/// comments on some, scores and max points.
pub fn class_grades_payload(students: usize, tasks: usize) -> Vec<u8> {
    let mut out = String::with_capacity(students * tasks * 260);
    out.push_str("{\"students\": [");
    for s in 0..students {
        if s > 0 {
            out.push(',');
        }
        out.push_str(&format!(
            "{{\"id\": {}, \"name\": \"Student{s:04}, Given\", \"assignments\": [",
            12_000_000 + s
        ));
        for t in 0..tasks {
            if t > 0 {
                out.push(',');
            }
            let max = 10 + 5 * (t % 5);
            let score = (s * 7 + t * 3) % (max + 1);
            let mark = 1 + (score * 6) / max;
            let mark = if (s + t) % 3 == 0 {
                format!("\"{mark}\"")
            } else {
                mark.to_string()
            };
            let comment = if (s + t) % 4 == 0 {
                "\"Great analysis, the improvement is noticeable\""
            } else {
                "null"
            };
            out.push_str(&format!(
                "{{\"id\": {}, \"name\": \"Task number {t}\", \"group_mark\": {mark}, \"dropbox_status\": \"early\", \
                 \"due_date\": \"2023-04-25T14:05:00.000Z\", \"comment\": {comment}, \"score\": {score}, \"max_points\": {max}}}",
                18_000_000 + t
            ));
        }
        out.push_str("]}");
    }
    out.push_str(&format!(
        "], \"meta\": {{\"current_page\": 1, \"total_pages\": 1, \"total_count\": {students}, \"per_page\": {students}}}}}"
    ));
    out.into_bytes()
}

/// The same shape with plain serde types and no tolerant readers: serde_json and
/// serde's derive as they come (their `Vec` growth included), for comparison.
mod plain {
    #[derive(serde::Deserialize)]
    #[allow(dead_code)]
    pub struct Page {
        pub students: Vec<Student>,
        pub meta: Option<serde_json::Value>,
    }
    #[derive(serde::Deserialize)]
    #[allow(dead_code)]
    pub struct Student {
        pub id: i64,
        pub name: Option<String>,
        pub assignments: Vec<Assignment>,
    }
    #[derive(serde::Deserialize)]
    #[allow(dead_code)]
    pub struct Assignment {
        pub id: i64,
        pub name: Option<String>,
        pub group_mark: Option<serde_json::Value>,
        pub dropbox_status: Option<String>,
        pub due_date: Option<String>,
        pub comment: Option<String>,
        pub score: Option<f64>,
        pub max_points: Option<f64>,
    }
}

fn decode(c: &mut Criterion) {
    let body = class_grades_payload(1000, 10);
    let response = HttpResponse::new(200, body.clone());
    let op = ClassGrades::new(1, 2);
    let page = op.parse(&response).expect("payload decodes");
    assert_eq!(page.items.len(), 1000);
    assert_eq!(page.items[999].assignments.len(), 10);

    let mut group = c.benchmark_group("class_grades_1000x10");
    group.throughput(Throughput::Bytes(body.len() as u64));
    if std::env::var_os("GRADEBRIDGE_BENCH_QUICK").is_some() {
        group
            .measurement_time(Duration::from_secs(2))
            .warm_up_time(Duration::from_millis(500))
            .sample_size(20);
    }
    group.bench_function("gradebridge typed models", |b| {
        b.iter(|| op.parse(black_box(&response)).expect("decodes"))
    });
    // Read as gradebridge reads an answer: checked as UTF-8 once, then as text.
    group.bench_function("plain serde structs", |b| {
        b.iter(|| {
            let text = std::str::from_utf8(black_box(&response.body)).expect("utf-8");
            serde_json::from_str::<plain::Page>(text).expect("json")
        })
    });
    group.bench_function("plain serde structs from bytes", |b| {
        b.iter(|| serde_json::from_slice::<plain::Page>(black_box(&response.body)).expect("json"))
    });
    group.bench_function("serde_json::Value (untyped baseline)", |b| {
        b.iter(|| {
            serde_json::from_slice::<serde_json::Value>(black_box(&response.body)).expect("json")
        })
    });
    group.finish();
    println!(
        "payload: {} bytes ({:.2} MiB)",
        body.len(),
        body.len() as f64 / 1048576.0
    );
}

criterion_group!(benches, decode);
criterion_main!(benches);
