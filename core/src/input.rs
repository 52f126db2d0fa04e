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
    let result: Result<T, _> = serde_ignored::deserialize(value, |path| {
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
    });
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
            let msg = e.to_string();
            // serde_json's messages name the field for missing/unknown fields only;
            // keep the whole message and name the value.
            Err(Error::invalid_input(join(""), msg))
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
            serde_json::json!({"points": "5", "comment": "ok"}),
            "grade",
        )
        .unwrap();
        assert_eq!(g.points, Some(5.0));
    }
}
