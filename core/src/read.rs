//! What a `#[model]`'s generated reader shares with every other model's: the key
//! matcher ([`Keys`]) and the tolerant rules as seeds ([`Int`], [`OptNum`], ...).
//!
//! serde's derive writes, for each struct, a field-name matcher, a duplicate check
//! and an error per field, and a wrapper type per `deserialize_with` field (each
//! with its own copy of the map's value reader). That was most of the wasm module's
//! model decoding (about 60 KB gzipped). On wasm32 `#[model]` writes a smaller
//! reader (a slot per field and one `match` arm each) that leaves the rest to these,
//! built once: 434.7 -> 417.0 KB gzipped. Natively serde's derive stays (12% faster
//! at decoding a page; `core/benches/decode.rs`). Same messages as serde's:
//! `missing field`, `duplicate field`, `unknown field` (caller input), `invalid
//! type: sequence, expected struct Task`; the tests below read the fixtures and
//! malformed answers with both and compare.

use std::marker::PhantomData;

use serde::de::{Deserialize, DeserializeSeed, Deserializer, Error, MapAccess};

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

    /// The next key's field position, or `None` at the end of the map.
    #[inline]
    pub fn next<'de, A: MapAccess<'de>>(&mut self, map: &mut A) -> Result<Option<usize>, A::Error> {
        map.next_key_seed(KeySeed(self))
    }

    /// `key`'s field position (`usize::MAX` for a key the struct does not have).
    #[inline]
    fn find<E: Error>(&mut self, key: &str) -> Result<usize, E> {
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

/// A key, read as text and matched where serde_json hands it over (borrowed from
/// the input when it has no escapes).
struct KeySeed<'a>(&'a mut Keys);

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = usize;

    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<usize, D::Error> {
        d.deserialize_identifier(self)
    }
}

impl<'de> serde::de::Visitor<'de> for KeySeed<'_> {
    type Value = usize;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a field name")
    }

    #[inline]
    fn visit_str<E: Error>(self, key: &str) -> Result<usize, E> {
        self.0.find(key)
    }
}

macro_rules! rule_seed {
    ($(#[$doc:meta] $name:ident: $ty:ty = $rule:path;)*) => {
        $(
            #[$doc]
            #[doc(hidden)]
            pub struct $name;

            impl<'de> DeserializeSeed<'de> for $name {
                type Value = $ty;
                fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<$ty, D::Error> {
                    $rule(d)
                }
            }
        )*
    };
}

rule_seed! {
    /// [`crate::de::int`] as a seed.
    Int: i64 = crate::de::int;
    /// [`crate::de::opt_int`] as a seed.
    OptInt: Option<i64> = crate::de::opt_int;
    /// [`crate::de::opt_num`] as a seed.
    OptNum: Option<f64> = crate::de::opt_num;
    /// [`crate::de::opt_bool`] as a seed.
    OptBool: Option<bool> = crate::de::opt_bool;
    /// [`crate::de::opt_string`] as a seed.
    OptString: Option<String> = crate::de::opt_string;
    /// [`crate::de::int_vec`] as a seed.
    IntVec: Vec<i64> = crate::de::int_vec;
}

/// [`crate::de::vec`] as a seed: a list that may be `null` (then empty).
#[doc(hidden)]
pub struct VecOf<T>(PhantomData<T>);

impl<T> VecOf<T> {
    /// The seed.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        VecOf(PhantomData)
    }
}

impl<'de, T: Deserialize<'de>> DeserializeSeed<'de> for VecOf<T> {
    type Value = Vec<T>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Vec<T>, D::Error> {
        crate::de::vec(d)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use std::cell::Cell;

    thread_local! {
        static OWN: Cell<bool> = const { Cell::new(false) };
    }

    /// Whether models read with their own reader here (natively they read with
    /// serde's derive, as the library does).
    pub(crate) fn own_reader() -> bool {
        OWN.with(Cell::get)
    }

    /// `read` with serde's derive, then with the models' own reader.
    fn both<T>(read: impl Fn() -> T) -> (T, T) {
        let derived = read();
        OWN.with(|o| o.set(true));
        let own = read();
        OWN.with(|o| o.set(false));
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
    fn fixture_nodes() -> Vec<serde_json::Value> {
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
        let own = crate::input::from_value_strict::<super::Own<T>>(v.clone(), "")
            .map(|x| format!("{:?}", x.0))
            .map_err(show);
        assert_eq!(derived, own, "strict {v}");
        let text = serde_json::to_vec(v).unwrap();
        let derived = crate::endpoint::decode_json::<T>(&text)
            .map(|x| format!("{x:?}"))
            .map_err(show);
        let own = crate::endpoint::decode_json::<super::Own<T>>(&text)
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
