//! Grade 1,000,000 percentages: `cargo bench -p gradebridge --bench grading`.
//! criterion reports the time for the million; divide by 10^6 for ns per grade (the
//! README quotes both).

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use gradebridge::grading::GradeScale;

fn grading(c: &mut Criterion) {
    let scale =
        GradeScale::from_blackboard_symbols("7=86:6=74:5=62:4=50:3=35:2=20:1=0").expect("scale");
    let mut seed: u64 = 7;
    let percents: Vec<f64> = (0..1_000_000)
        .map(|_| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((seed >> 11) as f64 / (1u64 << 53) as f64 * 105_000.0).round() / 1000.0
        })
        .collect();
    let mut group = c.benchmark_group("grade_1m");
    group.throughput(Throughput::Elements(percents.len() as u64));
    if std::env::var_os("GRADEBRIDGE_BENCH_QUICK").is_some() {
        group
            .measurement_time(Duration::from_secs(2))
            .warm_up_time(Duration::from_millis(500))
            .sample_size(20);
    }
    group.bench_function("grade_many_indices", |b| {
        b.iter(|| {
            scale
                .grade_many_indices(black_box(&percents))
                .expect("grades")
        })
    });
    group.bench_function("grade_many (symbols)", |b| {
        b.iter(|| scale.grade_many(black_box(&percents)).expect("grades"))
    });
    group.bench_function("grade_f64, one at a time (exact decimal)", |b| {
        b.iter(|| {
            percents
                .iter()
                .map(|p| scale.grade_f64(black_box(*p)).map(|s| s.len()).unwrap_or(0))
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, grading);
criterion_main!(benches);
