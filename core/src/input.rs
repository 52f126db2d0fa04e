//! Strict reading of caller input from loose JSON (Python dicts, JS objects).

use serde::de::DeserializeOwned;

use crate::error::Error;

/// Read `value` as `T`, refusing any key that `T` does not have: nothing the caller
/// wrote is dropped silently. `what` prefixes the field path in errors (`task`,
/// `grades[3]`).
///
/// The value is written out as compact JSON and read back with the same serde_json
/// decoder that reads answers ([`crate::endpoint::from_json`]); a failure's path is
/// found from its position in that text ([`crate::endpoint::json_path_at`]). A
/// path-tracking layer (serde_path_to_error) over a `Value` deserializer would add
/// two more decoders per input type: 0.8 MB of the wasm module before this.
pub fn from_value_strict<T: DeserializeOwned>(
    value: serde_json::Value,
    what: &str,
) -> Result<T, Error> {
    let text = to_text(&value, what)?;
    let mut unknown: Option<String> = None;
    let mut on_ignored = |path: serde_ignored::Path<'_>| {
        if unknown.is_none() {
            unknown = Some(ignored_path(&path.to_string()));
        }
    };
    // Caller input is read strictly: the tolerant readers coerce nothing here.
    let _strict = crate::de::StrictScope::enter();
    let mut de = serde_json::Deserializer::from_slice(&text);
    let result = T::deserialize(serde_ignored::Deserializer::new(&mut de, &mut on_ignored));
    match result {
        Err(e) => Err(input_error(&text, &e, what, "arguments")),
        Ok(_) if unknown.is_some() => Err(Error::invalid_input(
            join(what, &unknown.unwrap_or_default()),
            "unknown field (not sent, nothing dropped: fix the key)",
        )),
        Ok(v) => Ok(v),
    }
}

/// Read API-shaped data that a caller hands over (a Schoology grading scale as the API
/// answered it): tolerantly, as an answer is read (numbers as strings, unknown fields
/// ignored), with the path of a failure under `what`.
pub fn from_value_tolerant<T: DeserializeOwned>(
    value: serde_json::Value,
    what: &str,
) -> Result<T, Error> {
    let text = to_text(&value, what)?;
    crate::endpoint::from_json(&text).map_err(|e| input_error(&text, &e, what, "value"))
}

/// `value` as compact JSON (one line, so an error's column is its offset).
fn to_text(value: &serde_json::Value, what: &str) -> Result<Vec<u8>, Error> {
    serde_json::to_vec(value)
        .map_err(|e| Error::invalid_input(if what.is_empty() { "arguments" } else { what }, e))
}

/// serde_ignored's path of an unknown key (`tasks.0.?.pionts`) as the SDK writes
/// paths (`tasks[0].pionts`): `?` is an Option level, a number a list position.
fn ignored_path(p: &str) -> String {
    let mut out = String::new();
    for seg in p.split('.').filter(|s| *s != "?") {
        if !seg.is_empty() && seg.bytes().all(|b| b.is_ascii_digit()) {
            out.push_str(&format!("[{seg}]"));
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(seg);
        }
    }
    out
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
/// where serde_json stopped in `text`; a missing field is named itself, not its
/// parent. `root` names the whole value when there is neither `what` nor a path.
fn input_error(text: &[u8], e: &serde_json::Error, what: &str, root: &str) -> Error {
    let path = crate::endpoint::json_path_at(text, e.line(), e.column());
    let msg = crate::endpoint::without_position(e);
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

/// A deserializer that, while caller input is read ([`crate::de::strict`]), reads a
/// struct only from a map: serde's derived struct visitors also take a sequence
/// (`["Essay", 10]` as a task), which caller input must not be. Every `#[model]`
/// deserializes through it; answers are read as before, and every other request
/// goes to the deserializer inside unchanged (so the path-tracking and unknown-field
/// layers around it keep working).
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

    /// The one change: in strict reading a struct is read from a map only.
    fn deserialize_struct<V: serde::de::Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        if crate::de::strict() {
            self.0.deserialize_map(visitor)
        } else {
            self.0.deserialize_struct(name, fields, visitor)
        }
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
