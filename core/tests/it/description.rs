//! The generated-file drift test, first link: `core/description.json` (what
//! `scripts/faces.py` generates the Python and TypeScript faces from) must be what
//! the Rust code describes now. `GRADEBRIDGE_BLESS=1 cargo test -p gradebridge
//! --features schema --test it description::` rewrites it; `scripts/faces.py` then
//! rewrites the faces, and its `--check` (run by the test command) closes the chain.

use std::path::Path;

#[test]
fn description_json_is_up_to_date() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("description.json");
    let now = gradebridge::schema::describe();
    if std::env::var_os("GRADEBRIDGE_BLESS").is_some() {
        std::fs::write(&path, &now).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == now,
        "core/description.json is out of date: run `GRADEBRIDGE_BLESS=1 cargo test -p gradebridge \
         --features schema --test it description::` then `python3 scripts/faces.py`"
    );
}

#[test]
fn every_operation_is_described_once() {
    let text = gradebridge::schema::describe();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let ops = v["operations"].as_array().unwrap();
    let registry: Vec<_> = gradebridge::registry::operations().collect();
    assert_eq!(ops.len(), registry.len());
    let mut names: Vec<_> = ops
        .iter()
        .map(|o| format!("{}.{}", o["platform"], o["name"]))
        .collect();
    names.sort();
    names.dedup();
    assert_eq!(
        names.len(),
        registry.len(),
        "an operation is declared twice"
    );
    // Optional on the wire means optional in the description.
    let class = &v["models"]["Class"];
    let required: Vec<&str> = class["required"]
        .as_array()
        .map(|r| r.iter().filter_map(|x| x.as_str()).collect())
        .unwrap_or_default();
    assert!(!required.contains(&"subjects"), "{required:?}");
    let task = &v["models"]["Task"]["required"];
    assert!(!task.to_string().contains("task_work_templates"), "{task}");
}
