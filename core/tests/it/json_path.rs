//! `json_path_at` (the wasm build's way of naming where a decode failed, from the
//! error's position) names the same path as serde_path_to_error (the native build's),
//! for every leaf of the documented payloads replaced by a value of the wrong type.

use crate::common;

use gradebridge::endpoint::json_path_at;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Every path to a scalar leaf.
fn leaves(v: &Value, at: Vec<PathStep>, out: &mut Vec<Vec<PathStep>>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                let mut p = at.clone();
                p.push(PathStep::Key(k.clone()));
                leaves(x, p, out);
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                let mut p = at.clone();
                p.push(PathStep::Index(i));
                leaves(x, p, out);
            }
        }
        _ => out.push(at),
    }
}

#[derive(Clone, Debug)]
enum PathStep {
    Key(String),
    Index(usize),
}

fn set(v: &mut Value, path: &[PathStep], new: Value) {
    let mut cur = v;
    for s in path {
        cur = match s {
            PathStep::Key(k) => &mut cur[k.as_str()],
            PathStep::Index(i) => &mut cur[*i],
        };
    }
    *cur = new;
}

fn check<T: DeserializeOwned>(fixture: &str, pretty: bool) -> usize {
    let doc = common::fixture_json(fixture);
    let mut paths = Vec::new();
    leaves(&doc, Vec::new(), &mut paths);
    let mut compared = 0;
    for p in paths {
        let mut bad = doc.clone();
        set(&mut bad, &p, serde_json::json!({"wrong": [1, 2]}));
        let text = if pretty {
            serde_json::to_vec_pretty(&bad).unwrap()
        } else {
            serde_json::to_vec(&bad).unwrap()
        };
        let Err(plain) = serde_json::from_slice::<T>(&text) else {
            continue; // a field that takes any JSON
        };
        let mut de = serde_json::Deserializer::from_slice(&text);
        let tracked = serde_path_to_error::deserialize::<_, T>(&mut de)
            .err()
            .unwrap();
        let want = tracked.path().to_string().replace(".[", "[");
        let want = if want == "." { String::new() } else { want };
        let got = json_path_at(&text, plain.line(), plain.column());
        assert_eq!(got, want, "{fixture} {p:?} pretty={pretty}: {plain}");
        compared += 1;
    }
    compared
}

#[derive(serde::Deserialize)]
struct Students {
    #[allow(dead_code)]
    students: Vec<gradebridge::managebac::StudentGrades>,
}

#[derive(serde::Deserialize)]
struct Tasks {
    #[allow(dead_code)]
    tasks: Vec<gradebridge::managebac::Task>,
}

#[derive(serde::Deserialize)]
struct Scales {
    #[allow(dead_code)]
    grading_scale: Vec<gradebridge::schoology::GradingScale>,
}

#[test]
fn json_path_at_agrees_with_path_tracking() {
    use gradebridge::schoology::*;
    let mut n = 0;
    for pretty in [false, true] {
        n += check::<Students>("managebac/class_grades.response.json", pretty);
        n += check::<Tasks>("managebac/tasks.response.json", pretty);
        n += check::<Assignment>("schoology/get_assignment.response.json", pretty);
        n += check::<User>("schoology/get_user.response.json", pretty);
        n += check::<Scales>("schoology/grading_scales.response.json", pretty);
    }
    assert!(n > 20, "{n} cases compared");
}

#[test]
fn a_missing_field_is_named_at_its_object() {
    for text in [
        r#"{"students": [{"id": 1, "assignments": []}, {"name": "x", "assignments": [{"id": 2}]}]}"#,
        "{\n  \"students\": [\n    {\"id\": 1},\n    {\"assignments\": [{\"name\": \"q\"}], \"id\": 3}\n  ]\n}",
    ] {
        let plain = serde_json::from_str::<Students>(text).err().unwrap();
        let mut de = serde_json::Deserializer::from_str(text);
        let tracked = serde_path_to_error::deserialize::<_, Students>(&mut de).err().unwrap();
        let want = tracked.path().to_string();
        assert_eq!(json_path_at(text.as_bytes(), plain.line(), plain.column()), want, "{plain}");
    }
}

#[test]
fn an_object_where_a_list_belongs_is_named_at_itself() {
    // serde_json reports these at the `{` it looked at, not just past a value.
    for text in [
        r#"{"students": {"id": 1}}"#,
        r#"{"students": [{"id": 1, "assignments": {"id": 2}}]}"#,
        r#"{"students": [{"id": 1, "assignments": []}, {"id": 2, "assignments": {"id": 3}}]}"#,
        "{\"students\": [\n  {\"id\": 1},\n  {\"id\": 2, \"assignments\":\n    {\"id\": 3}}\n]}",
    ] {
        let plain = serde_json::from_str::<Students>(text).err().expect(text);
        let mut de = serde_json::Deserializer::from_str(text);
        let tracked = serde_path_to_error::deserialize::<_, Students>(&mut de)
            .err()
            .unwrap();
        let want = tracked.path().to_string();
        assert_eq!(
            json_path_at(text.as_bytes(), plain.line(), plain.column()),
            want,
            "{plain}"
        );
    }
}

#[test]
fn a_list_where_an_object_belongs_in_an_answer_is_an_error_at_its_path() {
    // serde's derive would read `[2, "x"]` as a student (its fields in order).
    use gradebridge::managebac::StudentGrades;
    for (text, want) in [
        (r#"[[2, "x"]]"#, "[0]"),
        (r#"[{"id": 1}, [2, "x"]]"#, "[1]"),
        (r#"[{"id": 1, "assignments": [[3]]}]"#, "[0].assignments[0]"),
    ] {
        let e =
            gradebridge::endpoint::decode_json::<Vec<StudentGrades>>(text.as_bytes()).unwrap_err();
        assert_eq!(
            e.kind(),
            &gradebridge::ErrorKind::Decode { path: want.into() },
            "{e}"
        );
    }
}
