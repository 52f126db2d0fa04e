//! What a `#[model]`'s generated reader shares with every other model's: the key
//! matcher ([`Keys`]), the tolerant rules as field readers ([`Int`], [`OptNum`],
//! ...), and on wasm32 the tree reader itself (`node`).
//!
//! On wasm32 a struct with a `#[model]` or `#[reader]` is read from a `Node`
//! tree by its table (`Shape`), filled by one shared function: serde's derive
//! writes a visitor per struct, and serde_json a `deserialize_map` around each and
//! a list and an option reader per type, most of the module's size (see
//! `node`). Natively serde's derive stays (faster on a page of grades, and size
//! matters less). Same messages as serde's: `missing field`, `duplicate field`,
//! `unknown field` (caller input), `invalid type: sequence, expected struct
//! Task`, and the same JSON paths; the tests below read the fixtures and malformed
//! answers with both and compare.

use std::marker::PhantomData;

use serde::de::Error;

#[cfg(any(target_arch = "wasm32", test))]
mod node;
#[cfg(any(target_arch = "wasm32", test))]
pub use node::*;

/// A model read by its own reader, in core's native unit tests (`tests` below), which
/// compare it with serde's derive; on wasm32 the model's `Deserialize` is that reader.
#[doc(hidden)]
pub struct Own<T>(pub T);

/// A struct's keys as they are read: each key's position among the struct's API
/// field names, `usize::MAX` for a key the struct does not have (its value is
/// skipped), an error for a key seen twice, and in strict reading
/// ([`crate::de::strict`], caller input) for an unknown key.
#[doc(hidden)]
pub struct Keys {
    fields: &'static [&'static str],
    strict: bool,
    /// Fields already read (a struct has at most 128).
    seen: u128,
    /// Where the next key is looked for first: keys mostly come in field order.
    hint: usize,
}

impl Keys {
    /// The keys of a struct whose API field names are `fields`, in field order.
    pub fn new(fields: &'static [&'static str]) -> Self {
        Keys {
            fields,
            strict: crate::de::strict(),
            seen: 0,
            hint: 0,
        }
    }

    /// The keys of a struct that refuses unknown keys in any reading
    /// (`#[serde(deny_unknown_fields)]`).
    pub fn denying(fields: &'static [&'static str]) -> Self {
        Keys {
            strict: true,
            ..Keys::new(fields)
        }
    }

    /// `key`'s field position (`usize::MAX` for a key the struct does not have).
    #[inline]
    pub fn find<E: Error>(&mut self, key: &str) -> Result<usize, E> {
        let at = match self.fields.get(self.hint) {
            Some(f) if *f == key => Some(self.hint),
            _ => self.fields.iter().position(|f| *f == key),
        };
        match at {
            Some(i) => {
                self.hint = i + 1;
                let bit = 1u128 << (i & 127);
                if self.seen & bit != 0 {
                    return Err(E::duplicate_field(self.fields[i]));
                }
                self.seen |= bit;
                Ok(i)
            }
            None if self.strict => Err(E::unknown_field(key, self.fields)),
            None => Ok(usize::MAX),
        }
    }
}

macro_rules! rules {
    ($(#[$doc:meta] $name:ident: $ty:ty = $rule:path;)*) => {
        $(
            #[$doc]
            #[doc(hidden)]
            pub struct $name;

            #[cfg(any(target_arch = "wasm32", test))]
            impl Rule for $name {
                type Value = $ty;
                fn read(node: Node) -> Result<$ty, ReadError> {
                    $rule(node)
                }
            }
        )*
    };
}

rules! {
    /// [`crate::de::int`] as a field reader.
    Int: i64 = crate::de::int;
    /// [`crate::de::opt_int`] as a field reader.
    OptInt: Option<i64> = crate::de::opt_int;
    /// [`crate::de::opt_num`] as a field reader.
    OptNum: Option<f64> = crate::de::opt_num;
    /// [`crate::de::opt_bool`] as a field reader.
    OptBool: Option<bool> = crate::de::opt_bool;
    /// [`crate::de::opt_string`] as a field reader.
    OptString: Option<String> = crate::de::opt_string;
    /// [`crate::de::int_vec`] as a field reader.
    IntVec: Vec<i64> = crate::de::int_vec;
}

/// [`crate::de::vec`] as a field reader: a list that may be `null` (then empty).
#[doc(hidden)]
pub struct VecOf<T>(PhantomData<T>);

#[cfg(any(target_arch = "wasm32", test))]
impl<T: serde::de::DeserializeOwned> Rule for VecOf<T> {
    type Value = Vec<T>;
    fn read(node: Node) -> Result<Vec<T>, ReadError> {
        match node {
            Node::Null => Ok(Vec::new()),
            node => node::list(node),
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use std::cell::Cell;

    thread_local! {
        static OWN: Cell<bool> = const { Cell::new(false) };
    }

    /// Whether models read with their own reader here, from a tree as on wasm32
    /// (natively they read with serde's derive, as the library does).
    pub(crate) fn own_reader() -> bool {
        OWN.with(Cell::get)
    }

    /// `read` as on wasm32: JSON text through a [`super::Node`] tree, the models
    /// by their own reader.
    pub(crate) fn as_wasm<R>(read: impl FnOnce() -> R) -> R {
        OWN.with(|o| o.set(true));
        let out = read();
        OWN.with(|o| o.set(false));
        out
    }

    /// `read` with serde's derive, then with the models' own reader.
    fn both<T>(read: impl Fn() -> T) -> (T, T) {
        let derived = read();
        let own = as_wasm(&read);
        (derived, own)
    }

    fn fixture(path: &str) -> Vec<u8> {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/");
        std::fs::read(format!("{root}{path}")).unwrap()
    }

    /// Each value of `json`'s top-level object (or `json` itself) read as `T` both ways:
    /// the same model, or the same error (message and JSON path).
    fn same<T: serde::de::DeserializeOwned + PartialEq + std::fmt::Debug>(text: &[u8]) {
        let (derived, own) = both(|| crate::endpoint::decode_json::<T>(text));
        match (&derived, &own) {
            (Ok(a), Ok(b)) => assert_eq!(a, b),
            (Err(a), Err(b)) => {
                assert_eq!(a.kind(), b.kind(), "{a} / {b}");
                assert_eq!(a.message(), b.message());
            }
            _ => panic!(
                "{} differ: {derived:?} / {own:?}",
                String::from_utf8_lossy(text)
            ),
        }
    }

    #[test]
    fn the_own_reader_reads_the_fixtures_as_serde_does() {
        use crate::managebac::models::*;
        use serde_json::Value;
        let field = |path: &str, key: &str| {
            let v: Value = serde_json::from_slice(&fixture(path)).unwrap();
            serde_json::to_vec(&v[key]).unwrap()
        };
        same::<Vec<StudentGrades>>(&field("managebac/class_grades.response.json", "students"));
        same::<Vec<Class>>(&field("managebac/classes.response.json", "classes"));
        same::<Vec<Task>>(&field("managebac/tasks.response.json", "tasks"));
        same::<Task>(&field("managebac/get_task.response.json", "task"));
        same::<Vec<StudentTermGrade>>(&field("managebac/term_grades.response.json", "students"));
        for name in std::fs::read_dir(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../fixtures/managebac/tolerant"
        ))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        {
            let v: Value =
                serde_json::from_slice(&fixture(&format!("managebac/tolerant/{name}"))).unwrap();
            for (key, value) in v.as_object().into_iter().flatten() {
                let text = serde_json::to_vec(value).unwrap();
                match key.as_str() {
                    "students" => {
                        same::<Vec<StudentGrades>>(&text);
                        same::<Vec<StudentTermGrade>>(&text);
                    }
                    "tasks" => same::<Vec<Task>>(&text),
                    "task" => same::<Task>(&text),
                    "classes" => same::<Vec<Class>>(&text),
                    "class" => same::<Class>(&text),
                    _ => {}
                }
            }
        }
    }

    /// Every object and list in every shared fixture (answers and request bodies of
    /// the three platforms, in `fixtures/`), each with what it holds.
    pub(crate) fn fixture_nodes() -> Vec<serde_json::Value> {
        fn collect(v: &serde_json::Value, out: &mut Vec<serde_json::Value>) {
            match v {
                serde_json::Value::Object(m) => {
                    out.push(v.clone());
                    m.values().for_each(|x| collect(x, out));
                }
                serde_json::Value::Array(items) => {
                    out.push(v.clone());
                    items.iter().for_each(|x| collect(x, out));
                }
                _ => {}
            }
        }
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures");
        let (mut nodes, mut files) = (Vec::new(), 0);
        let mut dirs = vec![std::path::PathBuf::from(root)];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "json") {
                    let v = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
                    collect(&v, &mut nodes);
                    files += 1;
                }
            }
        }
        assert!(files > 50, "{files} fixture files");
        nodes
    }

    /// Every object and list of objects in every shared fixture (answers and
    /// request bodies of the three platforms), read as each of these models both
    /// ways: the same model or the same error.
    #[test]
    fn every_fixture_node_reads_the_same_both_ways() {
        fn each<T: serde::de::DeserializeOwned + PartialEq + std::fmt::Debug>(all: &[Vec<u8>]) {
            for text in all {
                same::<T>(text);
                same::<Vec<T>>(text);
            }
        }
        let all: Vec<Vec<u8>> = fixture_nodes()
            .iter()
            .map(|v| serde_json::to_vec(v).unwrap())
            .collect();
        assert!(all.len() > 500, "{} nodes", all.len());
        use crate::blackboard as bb;
        use crate::managebac as mb;
        use crate::schoology as sg;
        each::<mb::StudentGrades>(&all);
        each::<mb::StudentTermGrade>(&all);
        each::<mb::Class>(&all);
        each::<mb::Task>(&all);
        each::<mb::Student>(&all);
        each::<mb::Parent>(&all);
        each::<mb::TaskInput>(&all);
        each::<mb::ClassInput>(&all);
        each::<bb::JourneyOutcome>(&all);
        each::<bb::GradableItemInput>(&all);
        each::<bb::GradeSchemaInput>(&all);
        each::<bb::GradeValueInput>(&all);
        each::<bb::UserMetadataInput>(&all);
        each::<sg::Assignment>(&all);
        each::<sg::SectionGrade>(&all);
        each::<sg::Enrollment>(&all);
        each::<sg::User>(&all);
        each::<sg::GradingScale>(&all);
        each::<sg::GradeOutcome>(&all);
        each::<sg::AssignmentInput>(&all);
        each::<sg::GradeInput>(&all);
    }

    /// Every operation's arguments, read by serde's derive and by the wasm32 reader
    /// (`#[reader]`): the same operation or the same error, for arguments of every
    /// shape and, in the last argument, every object and list in the shared
    /// fixtures.
    #[test]
    fn every_operation_reads_its_arguments_the_same_both_ways() {
        use serde_json::{json, Value};
        let nodes = fixture_nodes();
        let values = [
            json!(1),
            json!("1"),
            json!("x"),
            json!(1.5),
            json!(-3),
            json!(true),
            json!(null),
            json!([1, 2]),
            json!(["a"]),
            json!({"a": 1}),
        ];
        let (mut read, mut total) = (0, 0);
        for op in crate::registry::operations() {
            let with = |fill: &dyn Fn(usize) -> Value| -> Value {
                let mut m = serde_json::Map::new();
                for (i, name) in op.positional.iter().enumerate() {
                    m.insert(name.to_string(), fill(i));
                }
                Value::Object(m)
            };
            let mut cases = vec![json!({}), json!([]), json!([1]), json!("x")];
            for v in &values {
                cases.push(with(&|_| v.clone()));
                let mut unknown = with(&|_| v.clone());
                unknown["zzz"] = json!(1);
                cases.push(unknown);
                // The required ones as numbers, the rest this value.
                cases.push(with(&|i| {
                    if i < op.required {
                        json!(1)
                    } else {
                        v.clone()
                    }
                }));
            }
            if let Some(last) = op.positional.len().checked_sub(1) {
                for node in &nodes {
                    cases.push(with(&|i| if i == last { node.clone() } else { json!(1) }));
                }
            }
            for args in &cases {
                let found = match op.platform {
                    "managebac" => crate::managebac::read_both(op.name, args),
                    "schoology" => crate::schoology::read_both(op.name, args),
                    _ => crate::blackboard::read_both(op.name, args),
                };
                let (derived, own) = found.expect("an operation of its platform");
                assert_eq!(derived, own, "{} {}({args})", op.platform, op.name);
                total += 1;
                read += derived.is_ok() as usize;
            }
        }
        // Enough are read (not refused) that the agreement is not only on errors.
        assert!(read > 1000 && total > 20_000, "{read} read of {total}");
    }

    /// `T` read from `v` by serde's derive and by the wasm32 reader, in both
    /// readings (answers, and caller input in strict mode): the same value or the
    /// same error.
    fn plain_same<T>(v: &serde_json::Value)
    where
        T: serde::de::DeserializeOwned + std::fmt::Debug,
        super::Own<T>: serde::de::DeserializeOwned,
    {
        let show = |e: crate::Error| format!("{:?}: {}", e.kind(), e.message());
        let derived = crate::input::from_value_strict::<T>(v.clone(), "")
            .map(|x| format!("{x:?}"))
            .map_err(show);
        let own = as_wasm(|| crate::input::from_value_strict::<super::Own<T>>(v.clone(), ""))
            .map(|x| format!("{:?}", x.0))
            .map_err(show);
        assert_eq!(derived, own, "strict {v}");
        let text = serde_json::to_vec(v).unwrap();
        let derived = crate::endpoint::decode_json::<T>(&text)
            .map(|x| format!("{x:?}"))
            .map_err(show);
        let own = as_wasm(|| crate::endpoint::decode_json::<super::Own<T>>(&text))
            .map(|x| format!("{:?}", x.0))
            .map_err(show);
        assert_eq!(derived, own, "{v}");
    }

    /// The sync's config (each example in `examples/sync`, and each with a key
    /// taken out, a value of every other type, an unknown key added), the grading
    /// scales, averages and the ledger: read the same both ways.
    #[test]
    fn settings_read_the_same_both_ways() {
        use serde_json::{json, Value};
        fn variants(v: &Value, out: &mut Vec<Value>) {
            let Value::Object(m) = v else { return };
            let odd = [
                json!(1),
                json!("x"),
                json!(null),
                json!([]),
                json!({}),
                json!(true),
                json!(1.5),
            ];
            let mut unknown = m.clone();
            unknown.insert("zzz".into(), json!(1));
            out.push(Value::Object(unknown));
            for (k, child) in m {
                let mut without = m.clone();
                without.remove(k);
                out.push(Value::Object(without));
                for o in &odd {
                    let mut changed = m.clone();
                    changed.insert(k.clone(), o.clone());
                    out.push(Value::Object(changed));
                }
                let mut inner = Vec::new();
                variants(child, &mut inner);
                for c in inner {
                    let mut changed = m.clone();
                    changed.insert(k.clone(), c);
                    out.push(Value::Object(changed));
                }
            }
        }
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/sync");
        let mut configs = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            let config: Value = toml::from_str(&text).unwrap();
            let mut all = vec![config.clone()];
            variants(&config, &mut all);
            for v in &all {
                plain_same::<crate::sync::SyncConfig>(v);
            }
            configs += all.len();
        }
        assert!(configs > 300, "{configs}");
        let mut nodes = fixture_nodes();
        nodes.extend([
            json!({"symbol": "7", "min": 80}),
            json!({"symbol": "7", "min": "80"}),
            json!({"symbol": "7", "lower_bound": "80", "value": "7"}),
            json!({"symbol": "7", "lower_bound": 80}),
            json!({"symbol": "7", "lower_bound": "x"}),
            json!({"symbol": "7", "lower_bound": null}),
            json!({"lower_bound": "1"}),
            json!({"task_id": 1, "score": 5, "max_points": 10, "category_id": 2, "weight": 1}),
            json!({"category_id": 2, "weight": 50}),
        ]);
        for v in &nodes {
            plain_same::<crate::grading::Level>(v);
            plain_same::<crate::grading::SchoologyScale>(v);
            plain_same::<crate::grading::TaskScore>(v);
            plain_same::<crate::grading::CategoryWeight>(v);
            plain_same::<crate::sync::ledger::MemoryLedger>(v);
        }
    }

    /// The JSON path of a failure, both ways, for values serde_json's position
    /// alone leaves open (a visitor refused a list it had entered, a list of one
    /// item too short for a tuple).
    #[test]
    fn paths_name_the_value_at_fault() {
        use crate::managebac::models::StudentGrades;
        for (text, want) in [
            (r#"[{"id": 1, "name": ["x"]}]"#, "[0].name"),
            (r#"[{"id": 1, "name": [{"x": 1}]}]"#, "[0].name"),
            (r#"[{"id": 1, "name": {"x": 1}}]"#, "[0].name"),
            (
                r#"[{"id": 1, "assignments": [{"id": 2, "score": [1]}]}]"#,
                "[0].assignments[0].score",
            ),
            (r#"[{"id": 1, "id": 2}]"#, "[0].id"),
            (r#"[{"name": "A"}]"#, "[0]"),
        ] {
            let (derived, own) =
                both(|| crate::endpoint::decode_json::<Vec<StudentGrades>>(text.as_bytes()));
            for e in [derived.unwrap_err(), own.unwrap_err()] {
                assert_eq!(
                    e.kind(),
                    &crate::ErrorKind::Decode { path: want.into() },
                    "{text}: {e}"
                );
            }
        }
    }

    #[test]
    fn the_own_reader_fails_as_serde_does() {
        use crate::managebac::models::*;
        for text in [
            r#"[{"id": 1, "name": "A", "assignments": [{"id": "x"}]}]"#,
            r#"[{"name": "A"}]"#,
            r#"[{"id": 1, "id": 2}]"#,
            r#"[["A", 1]]"#,
            r#"[{"id": 1, "assignments": {"id": 2}}]"#,
            r#"[{"id": 1, "assignments": [{"id": 2, "score": "ten"}]}]"#,
            r#"[{"id": 1, "assignments": [{"id": 2, "score": 5, "unknown": [1, {"x": 2}]}]}]"#,
            r#"[{"id": 1, "assignments": null}, {"id": 2}]"#,
            // A list or an object where text belongs: the path is the field's, not
            // its first item's (serde_json's position alone cannot tell).
            r#"[{"id": 1, "name": ["x"]}]"#,
            r#"[{"id": 1, "name": [{"x": 1}]}]"#,
            r#"[{"id": 1, "name": {"x": 1}}]"#,
            r#"[{"id": 1, "assignments": [["x"]]}]"#,
            // Each kind of value refused, in serde_json's words (a float as zmij
            // writes it, `null`, an escaped string).
            r#"[{"id": 1.5}]"#,
            r#"[{"id": 1e300}]"#,
            r#"[{"id": -0.0}]"#,
            r#"[{"id": true}]"#,
            r#"[{"id": -7}]"#,
            r#"[{"id": 1, "assignments": [{"id": 2, "score": true}]}]"#,
            r#"[{"id": 1, "assignments": [{"id": 2, "score": "x\"y\u00e9"}]}]"#,
            r#"[{"id": 1, "assignments": 3.25}]"#,
            r#"[{"id": null}]"#,
        ] {
            same::<Vec<StudentGrades>>(text.as_bytes());
        }
        // Caller input: unknown keys refused, numbers as text refused, lists refused.
        for args in [
            serde_json::json!({"name": "Essay", "max_points": 10}),
            serde_json::json!({"name": "Essay", "pionts": 10}),
            serde_json::json!({"name": "Essay", "assessments": {"points": {"max": 5}}}),
            serde_json::json!(["Essay"]),
        ] {
            let (derived, own) =
                both(|| crate::input::from_value_strict::<TaskInput>(args.clone(), "task"));
            assert_eq!(
                derived
                    .as_ref()
                    .map_err(|e| (e.kind().clone(), e.message().to_string())),
                own.as_ref()
                    .map_err(|e| (e.kind().clone(), e.message().to_string())),
                "{args}"
            );
        }
    }
}
