//! Strict reading of caller input from loose JSON (Python dicts, JS objects).

use serde::de::DeserializeOwned;

use crate::error::Error;

/// Read `value` as `T`, refusing any key that `T` does not have: nothing the caller
/// wrote is dropped silently. `what` prefixes the field path in errors (`task`,
/// `grades[3]`).
pub fn from_value_strict<T: DeserializeOwned>(
    value: serde_json::Value,
    what: &str,
) -> Result<T, Error> {
    let mut unknown: Option<String> = None;
    let mut on_ignored = |path: serde_ignored::Path<'_>| {
        if unknown.is_none() {
            // serde_ignored writes `?` for each Option level: leave those out.
            let p = path.to_string();
            // and `.0` for list positions, written here as `[0]`.
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
            unknown = Some(out);
        }
    };
    // Caller input is read strictly: the tolerant readers coerce nothing here.
    let _strict = crate::de::StrictScope::enter();
    let ignoring = serde_ignored::Deserializer::new(value, &mut on_ignored);
    // serde_path_to_error names where a wrong type or a missing field is.
    let result: Result<T, _> = serde_path_to_error::deserialize(ignoring);
    let join = |p: &str| {
        if what.is_empty() {
            p.to_string()
        } else if p.is_empty() || p == "?" {
            what.to_string()
        } else if p.starts_with('[') {
            format!("{what}{p}")
        } else {
            format!("{what}.{p}")
        }
    };
    match result {
        Err(e) => {
            let path = bracketed(&e.path().to_string());
            let msg = e.into_inner().to_string();
            // A missing field is reported at its parent: name the field itself.
            let path = match msg
                .strip_prefix("missing field `")
                .and_then(|r| r.split('`').next())
            {
                Some(field) if path.is_empty() => field.to_string(),
                Some(field) => format!("{path}.{field}"),
                None => path,
            };
            let field = join(&path);
            let field = if field.is_empty() {
                "arguments".to_string()
            } else {
                field
            };
            Err(Error::invalid_input(field, msg))
        }
        Ok(_) if unknown.is_some() => {
            let path = unknown.unwrap_or_default();
            Err(Error::invalid_input(
                join(&path),
                "unknown field (not sent, nothing dropped: fix the key)",
            ))
        }
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
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = bracketed(&e.path().to_string());
        let field = match (what.is_empty(), path.is_empty()) {
            (true, true) => "value".to_string(),
            (true, false) => path,
            (false, true) => what.to_string(),
            (false, false) if path.starts_with('[') => format!("{what}{path}"),
            (false, false) => format!("{what}.{path}"),
        };
        Error::invalid_input(field, e.into_inner())
    })
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

/// serde_path_to_error's `a.b[0].c` is already bracketed; its root is `.`.
fn bracketed(p: &str) -> String {
    if p == "." {
        String::new()
    } else {
        p.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::managebac::models::{TaskGrade, TaskInput};
    use crate::ErrorKind;

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
