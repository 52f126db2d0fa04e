//! The shared grade-mapping vectors (fixtures/grading/vectors.json), and property
//! tests.

use crate::common;

use std::str::FromStr;

use gradebridge::grading::*;
use gradebridge::ErrorKind;
use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::Value;

fn vectors() -> Value {
    common::fixture_json("grading/vectors.json")
}

fn field_of(e: gradebridge::Error) -> String {
    match e.kind() {
        ErrorKind::InvalidInput { field } => field.clone(),
        other => panic!("expected InvalidInput, got {other:?}"),
    }
}

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap()
}

#[test]
fn there_are_at_least_200_vectors() {
    assert!(vectors()["count"].as_u64().unwrap() >= 200);
}

#[test]
fn percent_vectors() {
    for v in vectors()["percent"].as_array().unwrap() {
        let rounding = Rounding::from_str(v["rounding"].as_str().unwrap()).unwrap();
        let got = percent_f64(
            f(&v["score"]),
            f(&v["max_points"]),
            Some(v["decimals"].as_u64().unwrap() as u32),
            rounding,
        );
        match v.get("error") {
            Some(field) => assert_eq!(field_of(got.unwrap_err()), field.as_str().unwrap(), "{v}"),
            None => assert_eq!(
                got.unwrap().to_string(),
                v["expect"].as_str().unwrap(),
                "{v}"
            ),
        }
    }
}

#[test]
fn grade_vectors() {
    let vs = vectors();
    for v in vs["grade"].as_array().unwrap() {
        let scale = GradeScale::from_blackboard_symbols(v["symbols"].as_str().unwrap()).unwrap();
        let expect = v["expect"].as_str().unwrap();
        assert_eq!(scale.grade_f64(f(&v["percent"])).unwrap(), expect, "{v}");
        assert_eq!(
            scale.grade_many(&[f(&v["percent"])]).unwrap(),
            vec![expect],
            "grade_many {v}"
        );
    }
    for v in vs["grade_errors"].as_array().unwrap() {
        let scale = GradeScale::from_blackboard_symbols(v["symbols"].as_str().unwrap()).unwrap();
        assert_eq!(
            field_of(scale.grade_f64(f(&v["percent"])).unwrap_err()),
            v["error"].as_str().unwrap()
        );
    }
}

#[test]
fn symbols_vectors() {
    let vs = vectors();
    for v in vs["symbols"].as_array().unwrap() {
        let scale = GradeScale::from_blackboard_symbols(v["input"].as_str().unwrap()).unwrap();
        let formatted = scale.to_blackboard_symbols().unwrap();
        assert_eq!(formatted, v["format"].as_str().unwrap(), "{v}");
        assert_eq!(
            GradeScale::from_blackboard_symbols(&formatted).unwrap(),
            scale,
            "round trip {v}"
        );
    }
    for v in vs["symbols_errors"].as_array().unwrap() {
        let e = GradeScale::from_blackboard_symbols(v["input"].as_str().unwrap()).unwrap_err();
        let position = format!("position {}", v["position"]);
        assert!(
            e.message().contains(&position),
            "{} should say {position}",
            e.message()
        );
        assert_eq!(field_of(e), v["field"].as_str().unwrap(), "{}", v["input"]);
    }
}

#[test]
fn schoology_vectors() {
    let vs = vectors();
    for v in vs["schoology"].as_array().unwrap() {
        let raw: SchoologyScale = serde_json::from_value(v["scale"].clone()).unwrap();
        let scale = GradeScale::from_schoology(&raw).unwrap();
        assert_eq!(
            scale.to_blackboard_symbols().unwrap(),
            v["symbols"].as_str().unwrap()
        );
        for g in v["grades"].as_array().unwrap() {
            assert_eq!(scale.grade_f64(f(&g[0])).unwrap(), g[1].as_str().unwrap());
        }
        for p in v["percent_for"].as_array().unwrap() {
            assert_eq!(
                scale.percent_for(p[0].as_str().unwrap()),
                Some(Decimal::from_str(p[1].as_str().unwrap()).unwrap())
            );
        }
        let back = GradeScale::from_schoology(&scale.to_schoology(None)).unwrap();
        assert_eq!(back, scale, "Schoology round trip");
    }
    for v in vs["schoology_errors"].as_array().unwrap() {
        let raw: SchoologyScale = serde_json::from_value(v["scale"].clone()).unwrap();
        assert_eq!(
            field_of(GradeScale::from_schoology(&raw).unwrap_err()),
            v["field"].as_str().unwrap()
        );
    }
}

#[test]
fn myp_vectors() {
    let vs = vectors();
    let scale = GradeScale::ib_myp();
    for v in vs["myp"].as_array().unwrap() {
        let crit: Vec<i64> = v["criteria"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_i64().unwrap())
            .collect();
        let expect = v["expect"].as_u64().unwrap() as u8;
        assert_eq!(myp_grade(&crit).unwrap(), expect, "{v}");
        let total: i64 = crit.iter().sum();
        assert_eq!(
            scale.grade(Decimal::from(total)).unwrap(),
            expect.to_string(),
            "scale {v}"
        );
    }
    for v in vs["myp_errors"].as_array().unwrap() {
        let crit: Vec<i64> = v["criteria"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_i64().unwrap())
            .collect();
        assert_eq!(
            field_of(myp_grade(&crit).unwrap_err()),
            v["field"].as_str().unwrap()
        );
    }
}

#[test]
fn group_mark_vectors() {
    for v in vectors()["group_mark"].as_array().unwrap() {
        let scale = GradeScale::from_blackboard_symbols(v["symbols"].as_str().unwrap()).unwrap();
        assert_eq!(
            group_mark(f(&v["score"]), f(&v["max_points"]), &scale).unwrap(),
            v["expect"].as_str().unwrap(),
            "{v}"
        );
    }
}

#[test]
fn weighted_vectors() {
    let vs = vectors();
    for v in vs["weighted"].as_array().unwrap() {
        let tasks: Vec<TaskScore> = serde_json::from_value(v["tasks"].clone()).unwrap();
        let cats: Vec<CategoryWeight> = serde_json::from_value(v["categories"].clone()).unwrap();
        let method = AverageMethod::from_str(v["method"].as_str().unwrap()).unwrap();
        let avg = weighted_average(&tasks, &cats, method, Some(2), Rounding::HalfUp).unwrap();
        assert_eq!(
            avg.percent.map(|p| p.to_string()),
            v["expect"].as_str().map(str::to_string),
            "{}",
            v["name"]
        );
        let ids: Vec<i64> = avg.contributing.iter().filter_map(|c| c.task_id).collect();
        let expect: Vec<i64> = v["contributing"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i.as_i64().unwrap())
            .collect();
        assert_eq!(ids, expect, "{}", v["name"]);
    }
    for v in vs["weighted_errors"].as_array().unwrap() {
        let tasks: Vec<TaskScore> = serde_json::from_value(v["tasks"].clone()).unwrap();
        let cats: Vec<CategoryWeight> = serde_json::from_value(v["categories"].clone()).unwrap();
        let e = weighted_average(
            &tasks,
            &cats,
            AverageMethod::PercentageWeights,
            None,
            Rounding::HalfUp,
        )
        .unwrap_err();
        assert_eq!(field_of(e), v["field"].as_str().unwrap());
    }
}

#[test]
fn scale_validation_names_the_level() {
    let e = GradeScale::new(vec![]).unwrap_err();
    assert_eq!(field_of(e), "levels");
    let e = GradeScale::new(vec![
        Level::new("A", Decimal::from(90)),
        Level::new("", Decimal::from(0)),
    ])
    .unwrap_err();
    assert_eq!(field_of(e), "levels[1].symbol");
    let e = GradeScale::new(vec![Level::new("A", Decimal::from(-1))]).unwrap_err();
    assert_eq!(field_of(e), "levels[0].lower_bound");
    assert!(percent_f64(f64::NAN, 10.0, None, Rounding::HalfUp).is_err());
    assert!(percent_f64(1.0, f64::INFINITY, None, Rounding::HalfUp).is_err());
    let scale = GradeScale::from_blackboard_symbols("A=90:F=0").unwrap();
    assert_eq!(
        field_of(scale.grade_many(&[50.0, f64::NAN]).unwrap_err()),
        "percents[1]"
    );
}

#[test]
fn fuzzer_find_too_many_digits_is_refused_not_rounded() {
    // Found by `cargo fuzz run symbols`: Decimal rounds a 40-digit bound to 28
    // digits; formatting then parsing gave a different f64 bound.
    let e = GradeScale::from_blackboard_symbols("X=0.998999999999999999999999999999999999999")
        .unwrap_err();
    assert_eq!(field_of(e), "symbols[0]");
    let ok = GradeScale::from_blackboard_symbols("X=0.9990000000000000000000:F=0").unwrap();
    assert_eq!(ok.to_blackboard_symbols().unwrap(), "X=0.999:F=0");
    assert_eq!(
        GradeScale::from_blackboard_symbols("X=0.999:F=0").unwrap(),
        ok
    );
    assert_eq!(ok.grade_many(&[0.999]).unwrap(), vec!["X"]);
}

fn arb_scale() -> impl Strategy<Value = GradeScale> {
    proptest::collection::btree_set(0u32..100_000, 1..12).prop_map(|bounds| {
        let levels = bounds
            .into_iter()
            .enumerate()
            .map(|(i, b)| Level::new(format!("S{i}"), Decimal::new(i64::from(b), 3)))
            .collect();
        GradeScale::new(levels).unwrap()
    })
}

proptest! {
    #[test]
    fn grade_is_monotone_in_the_percent(scale in arb_scale(), a in 0.0f64..120.0, b in 0.0f64..120.0) {
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        let rank = |s: &str| scale.levels().iter().position(|l| l.symbol == s).unwrap();
        // levels are highest first: a higher percent never gets a later (lower) level.
        prop_assert!(rank(scale.grade_f64(hi).unwrap()) <= rank(scale.grade_f64(lo).unwrap()));
        let many = scale.grade_many(&[lo, hi]).unwrap();
        prop_assert_eq!(many[0], scale.grade_f64(lo).unwrap());
        prop_assert_eq!(many[1], scale.grade_f64(hi).unwrap());
    }

    #[test]
    fn symbols_round_trip(scale in arb_scale()) {
        let text = scale.to_blackboard_symbols().unwrap();
        prop_assert_eq!(GradeScale::from_blackboard_symbols(&text).unwrap(), scale);
    }

    #[test]
    fn symbols_parser_never_panics(s in "\\PC{0,64}") {
        let _ = GradeScale::from_blackboard_symbols(&s);
    }

    #[test]
    fn weighted_average_lies_between_the_extremes(
        tasks in proptest::collection::vec((0usize..3, 0u32..200, 1u32..200), 1..20),
        method in prop_oneof![Just(AverageMethod::PercentageWeights), Just(AverageMethod::PointsWeights), Just(AverageMethod::AbsoluteWeights)],
    ) {
        let names = ["quiz", "homework", "test"];
        let cats: Vec<CategoryWeight> = names.iter().zip([20.0, 30.0, 50.0]).map(|(c, w)| CategoryWeight { category: c.to_string(), weight: w }).collect();
        let tasks: Vec<TaskScore> = tasks.iter().enumerate().map(|(i, (c, s, m))| TaskScore {
            task_id: Some(i as i64), category: names[*c].to_string(), score: Some(f64::from(*s)), max_points: f64::from(*m), excused: false, missing: false,
        }).collect();
        let avg = weighted_average(&tasks, &cats, method, None, Rounding::HalfUp).unwrap();
        let p = avg.percent.unwrap();
        let min = avg.contributing.iter().map(|c| c.percent).min().unwrap();
        let max = avg.contributing.iter().map(|c| c.percent).max().unwrap();
        let eps = Decimal::new(1, 15);
        prop_assert!(p >= min - eps && p <= max + eps, "{} not in [{}, {}]", p, min, max);
    }
}

#[test]
fn decimal_text_is_read_once_for_every_binding() {
    for (text, want) in [
        ("89.995", "89.995"),
        (" 7 ", "7"),
        ("1e2", "100"),
        ("-0.5", "-0.5"),
    ] {
        assert_eq!(
            decimal_from_text("percent", text).unwrap(),
            Decimal::from_str(want).unwrap(),
            "{text}"
        );
    }
    for text in ["", "x", "NaN", "inf", "1,5"] {
        let e = decimal_from_text("score", text).unwrap_err();
        assert_eq!(
            e.kind(),
            &ErrorKind::InvalidInput {
                field: "score".into()
            }
        );
        assert_eq!(
            e.to_string(),
            format!("invalid `score`: `{text}` is not a finite number")
        );
    }
}
