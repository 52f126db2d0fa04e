//! Fuzz every Schoology and Blackboard response parser (every operation of the
//! registry, through the erased layer the bindings use): any bytes under any status
//! give a value or an error, never a panic or a hang.
#![no_main]

use gradebridge::registry::{make_op, operations};
use gradebridge::HttpResponse;
use libfuzzer_sys::fuzz_target;

/// Arguments that make each operation valid (the parsers do not read them, but
/// `make_op` checks their shape).
fn args(platform: &str, name: &str) -> serde_json::Value {
    let ids = ["section_id", "assignment_id", "uid"];
    let mut map = serde_json::Map::new();
    for id in ids {
        map.insert(id.into(), 1.into());
    }
    map.insert("assignment".into(), serde_json::json!({"title": "x"}));
    map.insert("changes".into(), serde_json::json!({"title": "x"}));
    map.insert(
        "grades".into(),
        serde_json::json!([{"enrollment_id": 1, "assignment_id": 1, "grade": 1}]),
    );
    map.insert("schemas".into(), serde_json::json!([{"title": "t", "symbols": "A=1:B=0"}]));
    map.insert(
        "items".into(),
        serde_json::json!([{"courseId": "c", "name": "n", "itemType": "TEST"}]),
    );
    map.insert("columns".into(), serde_json::json!([{"courseId": "c", "name": "n"}]));
    map.insert("entries".into(), serde_json::json!([{"courseId": "c", "userId": "u"}]));
    map.insert(
        "values".into(),
        serde_json::json!([{"courseId": "c", "userId": "u", "name": "n", "value": "1"}]),
    );
    // Keep only the keys the operation has: try the full set, then drop unknowns.
    let mut value = serde_json::Value::Object(map);
    for _ in 0..16 {
        match make_op(platform, name, value.clone()) {
            Ok(_) => return value,
            Err(e) => match e.kind() {
                gradebridge::ErrorKind::InvalidInput { field } => {
                    let key = field.split(['.', '[']).next().unwrap_or("").to_string();
                    if let Some(m) = value.as_object_mut() {
                        if m.remove(&key).is_none() {
                            return value;
                        }
                    }
                }
                _ => return value,
            },
        }
    }
    value
}

/// Every operation with valid arguments, built once.
fn all_ops() -> &'static Vec<Box<dyn gradebridge::registry::DynOp>> {
    static OPS: std::sync::OnceLock<Vec<Box<dyn gradebridge::registry::DynOp>>> =
        std::sync::OnceLock::new();
    OPS.get_or_init(|| {
        operations()
            .filter(|o| o.platform == "schoology" || o.platform == "blackboard")
            .filter_map(|o| make_op(o.platform, o.name, args(o.platform, o.name)).ok())
            .collect()
    })
}

fuzz_target!(|data: &[u8]| {
    if data.len() < 2 {
        return;
    }
    let ops = all_ops();
    let op = &ops[data[0] as usize % ops.len()];
    let status = [200u16, 201, 207, 302, 400, 401, 404, 422, 429, 500][data[1] as usize % 10];
    let response = HttpResponse::new(status, data[2..].to_vec())
        .with_header("Retry-After", "7")
        .with_header("Location", "/a.png");
    let _ = op.parse(&response);
});
