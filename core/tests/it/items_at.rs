//! `OpInfo::items_at`, where a list's records are in its answer, is what the JS package
//! trusts when it reads the records itself and hands the core the rest of the answer
//! (`DynOp::parse_envelope`). For every list that declares one, on its shared fixture
//! and on the same answer with more pages to come: the list there holds exactly the
//! records the core reads, and the envelope (the answer with that list emptied)
//! gives the same position and next page as the whole answer.

use crate::common;

use gradebridge::registry::{make_op, operations};
use gradebridge::HttpResponse;
use serde_json::{json, Value};

fn fixture_for(platform: &str, name: &str) -> Option<Value> {
    let dir = common::fixtures_dir().join(platform);
    [
        dir.join(format!("{name}.response.json")),
        dir.join("directory").join(format!("{name}.response.json")),
    ]
    .iter()
    .find(|p| p.exists())
    .map(|p| serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap())
}

fn list_at<'a>(doc: &'a mut Value, at: &str) -> &'a mut Value {
    let mut v = doc;
    for key in at.split('.') {
        v = v
            .get_mut(key)
            .unwrap_or_else(|| panic!("no `{key}` of `{at}`"));
    }
    v
}

fn summary(p: &gradebridge::registry::Parsed) -> (Value, Value) {
    (
        serde_json::to_value(&p.meta).unwrap(),
        p.next.as_ref().map(|n| n.args()).unwrap_or(Value::Null),
    )
}

#[test]
fn items_at_names_the_records_and_the_envelope_pages_the_same() {
    let mut checked = Vec::new();
    for info in operations().filter(|o| !o.items_at.is_empty()) {
        assert!(info.paged, "{}: items_at on a single operation", info.name);
        let Some(fixture) = fixture_for(info.platform, info.name) else {
            continue;
        };
        let args: serde_json::Map<String, Value> = info.positional[..info.required]
            .iter()
            .map(|p| (p.to_string(), json!(7)))
            .collect();
        let op = make_op(info.platform, info.name, Value::Object(args)).unwrap();
        // As documented, and with pages to come (ManageBac's `meta`, Schoology's
        // `total` and `links.next`; each platform ignores the other's).
        let mut more = fixture.clone();
        more["meta"] =
            json!({"current_page": 1, "total_pages": 3, "total_count": 600, "per_page": 200});
        more["total"] = json!(600);
        more["links"] = json!({"self": "x", "next": "https://api.example/next"});
        for doc in [fixture, more] {
            let whole = op
                .parse(&HttpResponse::new(200, serde_json::to_vec(&doc).unwrap()))
                .unwrap();
            let records: Value = serde_json::from_str(&whole.value.to_json().unwrap()).unwrap();
            let mut envelope = doc.clone();
            let list = list_at(&mut envelope, info.items_at);
            let count = list.as_array().map_or(0, Vec::len);
            assert_eq!(
                records.as_array().map(Vec::len),
                Some(count),
                "{}: the list at `{}` is not the records",
                info.name,
                info.items_at
            );
            *list = json!([]);
            let env = op
                .parse_envelope(
                    &HttpResponse::new(200, serde_json::to_vec(&envelope).unwrap()),
                    count,
                )
                .unwrap();
            assert_eq!(env.value.to_json().unwrap(), "[]", "{}", info.name);
            assert_eq!(summary(&env), summary(&whole), "{}", info.name);
        }
        checked.push(info.name);
    }
    // The lists with fixtures: the coursework pages, the directory and Schoology.
    for name in [
        "class_grades",
        "tasks",
        "students",
        "assignments",
        "enrollments",
    ] {
        assert!(checked.contains(&name), "{name} not checked: {checked:?}");
    }
}
