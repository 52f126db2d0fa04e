//! Strict reading of caller input from loose JSON (Python dicts, JS objects).

use serde::de::DeserializeOwned;

use crate::error::Error;

/// Read `value` as `T`, refusing any key that `T` does not have: nothing the caller
/// wrote is dropped silently. `what` prefixes the field path in errors (`task`,
/// `grades[3]`).
///
/// It is read by the decoder that reads answers, which names the JSON path of a
/// failure: natively the value is written out as compact JSON and read back by
/// serde_json, the path found from the failure's position in that text
/// ([`crate::endpoint::json_path_at`]); on wasm32 it is read as the tree it already
/// is, the path carried by the error (`read::Node`). An unknown key is refused
/// where it is read (by each model's key matcher, and by [`MapOnly`] for a
/// serde-derived struct at the top). Path-tracking and unknown-key layers
/// (serde_path_to_error, serde_ignored) over a `Value` deserializer added three more
/// decoders per input type, 1.2 MB of the wasm module.
pub fn from_value_strict<T: DeserializeOwned>(
    value: serde_json::Value,
    what: &str,
) -> Result<T, Error> {
    // Caller input is read strictly: the tolerant readers coerce nothing here.
    let _strict = crate::de::StrictScope::enter();
    read_value(value).map_err(|f| input_error(f, what, "arguments"))
}

/// `value` read as `T`: on wasm32 (and in core's tests of its reader) as the tree
/// it already is; natively written out as compact JSON and read back by serde_json.
#[cfg_attr(target_arch = "wasm32", inline(always))]
fn read_value<T: DeserializeOwned>(
    value: serde_json::Value,
) -> Result<T, crate::endpoint::JsonFailure> {
    #[cfg(test)]
    if crate::read::tests::own_reader() {
        return crate::endpoint::read_node(crate::read::Node::from(value));
    }
    #[cfg(target_arch = "wasm32")]
    {
        crate::endpoint::read_node(crate::read::Node::from(value))
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let text = to_text(&value)?;
        crate::endpoint::read_json(&text)
    }
}

/// Read API-shaped data that a caller hands over (a Schoology grading scale as the API
/// answered it): tolerantly, as an answer is read (numbers as strings, unknown fields
/// ignored), with the path of a failure under `what`.
pub fn from_value_tolerant<T: DeserializeOwned>(
    value: serde_json::Value,
    what: &str,
) -> Result<T, Error> {
    read_value(value).map_err(|f| input_error(f, what, "value"))
}

/// `value` as a `serde_json::Value` (a request body, an operation's arguments). On
/// wasm32 it is written as JSON text and read back: that reuses the text writer
/// every model has and the one `Value` reader, where `serde_json::to_value` builds
/// a second writer per type (4 KB of the gzipped module). Natively `to_value`.
pub(crate) fn to_value<T: serde::Serialize + ?Sized>(
    value: &T,
) -> Result<serde_json::Value, serde_json::Error> {
    #[cfg(target_arch = "wasm32")]
    {
        value_of_text(serde_json::to_vec(value)?)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        serde_json::to_value(value)
    }
}

/// JSON text as a `Value` (wasm32's [`to_value`], the reading not built per type).
#[cfg(target_arch = "wasm32")]
fn value_of_text(text: Vec<u8>) -> Result<serde_json::Value, serde_json::Error> {
    serde_json::from_slice(&text)
}

/// `value` as compact JSON (one line, so an error's column is its offset).
#[cfg(not(target_arch = "wasm32"))]
fn to_text(value: &serde_json::Value) -> Result<Vec<u8>, crate::endpoint::JsonFailure> {
    // A `Value` always writes (it holds no non-finite number, no non-text key).
    serde_json::to_vec(value).map_err(|error| crate::endpoint::JsonFailure {
        error,
        path: String::new(),
    })
}

/// What the SDK says of an unknown key: serde's `unknown field `pionts`, expected one
/// of `points`, `comment`` with the key left to the path and the promise made plain.
fn unknown_message(msg: &str) -> String {
    match msg
        .strip_prefix("unknown field `")
        .and_then(|r| r.split_once('`'))
    {
        Some((_, rest)) => format!("unknown field (not sent, nothing dropped: fix the key){rest}"),
        None => msg.to_string(),
    }
}

/// `path` under the caller's `what` (`grade` + `points` is `grade.points`).
fn join(what: &str, p: &str) -> String {
    if what.is_empty() {
        p.to_string()
    } else if p.is_empty() {
        what.to_string()
    } else if p.starts_with('[') {
        format!("{what}{p}")
    } else {
        format!("{what}.{p}")
    }
}

/// An [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) naming the field
/// at fault (`f`'s path); a missing field is named itself, not its parent. `root` names the whole value when there is neither `what` nor a path.
fn input_error(f: crate::endpoint::JsonFailure, what: &str, root: &str) -> Error {
    let path = f.path;
    let msg = unknown_message(&crate::endpoint::without_position(&f.error));
    let path = match msg
        .strip_prefix("missing field `")
        .and_then(|r| r.split('`').next())
    {
        Some(field) if path.is_empty() => field.to_string(),
        Some(field) => format!("{path}.{field}"),
        None => path,
    };
    let field = join(what, &path);
    let field = if field.is_empty() {
        root.to_string()
    } else {
        field
    };
    Error::invalid_input(field, msg)
}

/// A deserializer that reads a struct only from a map and, while caller input is
/// read ([`crate::de::strict`]), refuses a key the struct does not have: serde's
/// derived struct visitors also take a sequence (`["Essay", 10]` as a task), and
/// skip unknown keys, which caller input must not do. Natively every `#[model]`
/// deserializes through it, answers and caller input alike; on wasm32 models are
/// filled from the tree by their own tables (`read::Node`), and it wraps only what
/// is read at the top, for the serde-derived structs read there. Every other request
/// goes to the deserializer inside unchanged.
#[doc(hidden)]
pub struct MapOnly<D>(pub D);

macro_rules! forward {
    ($($method:ident),* $(,)?) => {
        $(
            fn $method<V: serde::de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
                self.0.$method(visitor)
            }
        )*
    };
}

impl<'de, D: serde::Deserializer<'de>> serde::Deserializer<'de> for MapOnly<D> {
    type Error = D::Error;

    forward!(
        deserialize_any,
        deserialize_bool,
        deserialize_i8,
        deserialize_i16,
        deserialize_i32,
        deserialize_i64,
        deserialize_i128,
        deserialize_u8,
        deserialize_u16,
        deserialize_u32,
        deserialize_u64,
        deserialize_u128,
        deserialize_f32,
        deserialize_f64,
        deserialize_char,
        deserialize_str,
        deserialize_string,
        deserialize_bytes,
        deserialize_byte_buf,
        deserialize_option,
        deserialize_unit,
        deserialize_seq,
        deserialize_map,
        deserialize_identifier,
        deserialize_ignored_any,
    );

    fn deserialize_unit_struct<V: serde::de::Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_unit_struct(name, visitor)
    }

    fn deserialize_newtype_struct<V: serde::de::Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_newtype_struct(name, visitor)
    }

    fn deserialize_tuple<V: serde::de::Visitor<'de>>(
        self,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_tuple(len, visitor)
    }

    fn deserialize_tuple_struct<V: serde::de::Visitor<'de>>(
        self,
        name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_tuple_struct(name, len, visitor)
    }

    /// The one change: a struct is read from a map (in strict reading, of its own keys).
    fn deserialize_struct<V: serde::de::Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        let known = Known {
            inner: visitor,
            check: crate::de::strict().then_some(fields),
        };
        // A map only: serde_json refuses anything else before reading into it, so the
        // error's position (and the path found from it) is the value's own. And each
        // struct has one reader: serde_json's `deserialize_struct` beside its
        // `deserialize_map` was a second copy per struct, 10 KB of the gzipped wasm.
        self.0.deserialize_map(known)
    }

    fn deserialize_enum<V: serde::de::Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_enum(name, variants, visitor)
    }

    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

/// A struct's visitor that refuses a sequence, and in strict reading unknown keys.
struct Known<V> {
    inner: V,
    /// The struct's fields, to check each key against (strict reading only).
    check: Option<&'static [&'static str]>,
}

impl<'de, V: serde::de::Visitor<'de>> serde::de::Visitor<'de> for Known<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.inner.expecting(f)
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        // Natively an answer's keys go straight to the struct's own visitor: a branch
        // less per key, about 1% of decoding a page. On wasm32 (where only
        // serde-derived structs come here) answers share the strict reader's code, so
        // each such struct has one visitor.
        #[cfg(not(target_arch = "wasm32"))]
        if self.check.is_none() {
            return self.inner.visit_map(map);
        }
        self.inner.visit_map(KnownMap {
            map,
            check: self.check,
        })
    }

    /// serde's derive would read a struct from a list of its fields in order; no API
    /// answers so and no caller means it, so a list is an error with its path (and
    /// the derived list reader, 90 KB of the wasm module, is never built).
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, _: A) -> Result<V::Value, A::Error> {
        Err(serde::de::Error::invalid_type(
            serde::de::Unexpected::Seq,
            &self,
        ))
    }
}

/// The map under [`Known`]: each key is checked (strict reading) before the struct's
/// own field visitor sees it.
struct KnownMap<A> {
    map: A,
    check: Option<&'static [&'static str]>,
}

impl<'de, A: serde::de::MapAccess<'de>> serde::de::MapAccess<'de> for KnownMap<A> {
    type Error = A::Error;

    /// Each key is read as text by one reader shared by every struct, checked, and
    /// handed to the struct's own field seed as a `&str`. Reading it with the field
    /// seed itself built serde_json's key reader once per struct (15 KB of the
    /// gzipped wasm module).
    fn next_key_seed<K: serde::de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        let Some(key) = self.map.next_key_seed(KeyText)? else {
            return Ok(None);
        };
        if let Some(fields) = self.check {
            if !fields.contains(&key.as_ref()) {
                return Err(serde::de::Error::unknown_field(&key, fields));
            }
        }
        seed.deserialize(serde::de::value::StrDeserializer::<A::Error>::new(&key))
            .map(Some)
    }

    fn next_value_seed<S: serde::de::DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<S::Value, A::Error> {
        self.map.next_value_seed(seed)
    }

    fn size_hint(&self) -> Option<usize> {
        self.map.size_hint()
    }
}

/// A key of a [`KnownMap`], as text (borrowed from the input where it has no escapes).
struct KeyText;

impl<'de> serde::de::DeserializeSeed<'de> for KeyText {
    type Value = std::borrow::Cow<'de, str>;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> serde::de::Visitor<'de> for KeyText {
    type Value = std::borrow::Cow<'de, str>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a field name")
    }

    fn visit_borrowed_str<E: serde::de::Error>(self, key: &'de str) -> Result<Self::Value, E> {
        Ok(std::borrow::Cow::Borrowed(key))
    }

    fn visit_str<E: serde::de::Error>(self, key: &str) -> Result<Self::Value, E> {
        Ok(std::borrow::Cow::Owned(key.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::managebac::models::{TaskGrade, TaskInput};
    use crate::ErrorKind;

    #[test]
    fn a_list_where_an_object_belongs_is_named_at_its_index() {
        // serde_json stops at the `[` it looked at; the `,` or `[` before it counts.
        for (args, want) in [
            (serde_json::json!([[1, 2]]), "grades[0]"),
            (
                serde_json::json!([{"id": 1, "task_grade": {"points": 5}}, [1, 2]]),
                "grades[1]",
            ),
            (
                serde_json::json!([{"id": 1, "task_grade": [5]}]),
                "grades[0].task_grade",
            ),
        ] {
            let e = from_value_strict::<Vec<crate::managebac::StudentTaskGrade>>(args, "grades")
                .unwrap_err();
            assert_eq!(
                e.kind(),
                &ErrorKind::InvalidInput { field: want.into() },
                "{e}"
            );
        }
    }

    #[test]
    fn unknown_key_is_named() {
        let e =
            from_value_strict::<TaskGrade>(serde_json::json!({"points": 5, "pionts": 6}), "grade")
                .unwrap_err();
        assert_eq!(
            e.kind(),
            &ErrorKind::InvalidInput {
                field: "grade.pionts".into()
            }
        );
    }

    #[test]
    fn a_list_is_not_read_as_a_struct() {
        // serde's derived visitors take `["x"]` for a struct; caller input must not.
        for (value, field) in [
            (serde_json::json!(["Essay", "x"]), "task"),
            (
                serde_json::json!({"name": "x", "assessments": [{"max_points": 5}]}),
                "task.assessments",
            ),
        ] {
            let e = from_value_strict::<TaskInput>(value.clone(), "task").unwrap_err();
            assert_eq!(
                e.kind(),
                &ErrorKind::InvalidInput {
                    field: field.into()
                },
                "{value}: {e}"
            );
            assert!(e.to_string().contains("expected"), "{e}");
        }
        let e = from_value_strict::<TaskGrade>(serde_json::json!([5]), "grade").unwrap_err();
        assert_eq!(
            e.kind(),
            &ErrorKind::InvalidInput {
                field: "grade".into()
            }
        );
        // A map still reads.
        assert!(from_value_strict::<TaskGrade>(serde_json::json!({"points": 5}), "grade").is_ok());
    }

    #[test]
    fn nested_unknown_key_is_named() {
        let e = from_value_strict::<TaskInput>(
            serde_json::json!({"name": "x", "assessments": {"points": {"max": 5}}}),
            "task",
        )
        .unwrap_err();
        assert_eq!(
            e.kind(),
            &ErrorKind::InvalidInput {
                field: "task.assessments.points.max".into()
            }
        );
    }

    #[test]
    fn list_positions_in_brackets() {
        let e = from_value_strict::<Vec<crate::managebac::StudentTaskGrade>>(
            serde_json::json!([{"id": 1, "task_grade": {"points": 1}}, {"id": 2, "task_grade": {"pionts": 1}}]),
            "grades",
        )
        .unwrap_err();
        assert_eq!(
            e.kind(),
            &ErrorKind::InvalidInput {
                field: "grades[1].task_grade.pionts".into()
            }
        );
    }

    #[test]
    fn known_keys_read() {
        let g = from_value_strict::<TaskGrade>(
            serde_json::json!({"points": 5, "comment": "ok"}),
            "grade",
        )
        .unwrap();
        assert_eq!(g.points, Some(5.0.into()));
        // Writing is strict: a number as text is refused, naming the field.
        let e = from_value_strict::<TaskGrade>(serde_json::json!({"points": "5"}), "grade")
            .unwrap_err();
        assert_eq!(
            e.kind(),
            &ErrorKind::InvalidInput {
                field: "grade.points".into()
            }
        );
    }
}

#[cfg(test)]
mod path_tests {
    use super::*;
    use crate::ErrorKind;

    #[test]
    fn wrong_type_names_the_field() {
        let e = from_value_strict::<crate::managebac::ClassGrades>(
            serde_json::json!({"class_id": "10", "term_id": 2}),
            "",
        )
        .unwrap_err();
        assert_eq!(
            e.kind(),
            &ErrorKind::InvalidInput {
                field: "class_id".into()
            }
        );
        assert!(e.message().contains("expected i64"), "{}", e.message());
    }

    #[test]
    fn missing_field_is_named() {
        let e = from_value_strict::<crate::managebac::ClassGrades>(
            serde_json::json!({"class_id": 10}),
            "",
        )
        .unwrap_err();
        assert_eq!(
            e.kind(),
            &ErrorKind::InvalidInput {
                field: "term_id".into()
            }
        );
    }

    #[test]
    fn nested_wrong_type_names_the_item() {
        let e = from_value_strict::<Vec<crate::managebac::StudentTaskGrade>>(
            serde_json::json!([{"id": 1, "task_grade": {"points": 1}}, {"id": 2, "task_grade": {"comment": ["x"]}}]),
            "grades",
        )
        .unwrap_err();
        assert_eq!(
            e.kind(),
            &ErrorKind::InvalidInput {
                field: "grades[1].task_grade.comment".into()
            }
        );
    }
}
