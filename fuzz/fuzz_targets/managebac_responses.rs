//! Fuzz every ManageBac response parser (every operation of the registry, through the
//! erased layer the bindings use): any bytes under any status give a value or an
//! error, never a panic or a hang.
#![no_main]

use gradebridge::registry::{make_op, operations};
use gradebridge::HttpResponse;
use libfuzzer_sys::fuzz_target;

/// Arguments that make each operation valid (the parsers do not read them, but
/// `make_op` checks their shape).
fn args(name: &str) -> serde_json::Value {
    let ids = [
        "class_id", "term_id", "task_id", "student_id", "teacher_id", "parent_id",
        "year_group_id", "user_id",
    ];
    let mut map = serde_json::Map::new();
    for id in ids {
        map.insert(id.into(), 1.into());
    }
    map.insert("date".into(), "2026-01-01".into());
    map.insert("student_ids".into(), serde_json::json!([1]));
    map.insert("grades".into(), serde_json::json!([{"id": 1, "task_grade": {"points": 1}}]));
    map.insert("grade".into(), serde_json::json!({"points": 1}));
    map.insert("task".into(), serde_json::json!({"name": "x"}));
    map.insert("class".into(), serde_json::json!({"name": "x"}));
    map.insert("classes".into(), serde_json::json!([{"name": "x"}]));
    map.insert("students".into(), serde_json::json!([{"id": 1, "level": "HL"}]));
    for person in ["student", "teacher", "parent"] {
        map.insert(person.into(), serde_json::json!({"email": "a@b.c"}));
    }
    // Keep only the keys the operation has: try the full set, then drop unknowns.
    let mut value = serde_json::Value::Object(map);
    for _ in 0..16 {
        match make_op("managebac", name, value.clone()) {
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
            .filter(|o| o.platform == "managebac")
            .filter_map(|o| make_op("managebac", o.name, args(o.name)).ok())
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
