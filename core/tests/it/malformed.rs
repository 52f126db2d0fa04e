//! Every malformed input of `fixtures/{managebac,schoology}/malformed_inputs.json` (shared with
//! the Python and JS suites) is refused before anything is sent, naming the field.

use crate::common;

use gradebridge::registry::{build_request, make_op};
use gradebridge::{AuthContext, ErrorKind};

#[test]
fn every_malformed_input_is_refused_naming_the_field() {
    check("managebac", serde_json::json!({"token": "t"}), 60);
}

#[test]
fn every_malformed_schoology_input_is_refused_naming_the_field() {
    check(
        "schoology",
        serde_json::json!({"consumer_key": "k", "consumer_secret": "s"}),
        40,
    );
}

fn check(platform: &str, settings: serde_json::Value, at_least: usize) {
    let cases = common::fixture_json(&format!("{platform}/malformed_inputs.json"))["cases"].clone();
    let cases = cases.as_array().unwrap();
    assert!(cases.len() >= at_least, "{} cases", cases.len());
    let mut wrong = Vec::new();
    for case in cases {
        let op = case["operation"].as_str().unwrap();
        let result = make_op(platform, op, case["args"].clone()).and_then(|o| {
            build_request(
                platform,
                settings.clone(),
                &*o,
                &AuthContext::new("n", 1_767_225_600),
            )
        });
        let want = case["field"].as_str().unwrap();
        match result {
            Err(e) => match e.kind() {
                ErrorKind::InvalidInput { field } if field == want => {}
                _ => wrong.push(format!("{op} ({}): {}", case["why"], e.message())),
            },
            Ok(r) => wrong.push(format!(
                "{op} ({}): ACCEPTED {:?}",
                case["why"],
                r.body_json()
            )),
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn every_operation_refuses_an_unknown_argument_naming_it() {
    let ops: Vec<_> = gradebridge::registry::operations().collect();
    assert!(ops.len() >= 72, "{} operations", ops.len());
    for info in ops {
        let e = make_op(
            info.platform,
            info.name,
            serde_json::json!({"zz_not_an_argument": 1}),
        )
        .err()
        .unwrap_or_else(|| panic!("{}.{} accepted an unknown key", info.platform, info.name));
        assert_eq!(
            e.kind(),
            &ErrorKind::InvalidInput {
                field: "zz_not_an_argument".into()
            },
            "{}.{}: {e}",
            info.platform,
            info.name
        );
        assert!(e.message().contains("nothing dropped"), "{e}");
    }
}

#[test]
fn null_arguments_are_no_arguments() {
    // As the bindings' `None`/`undefined`: an operation without arguments is made,
    // one with required arguments names the first one missing.
    let op = make_op("managebac", "school", serde_json::Value::Null).unwrap();
    assert_eq!(op.spec().unwrap().path, "/v2p3/school");
    let e = make_op("managebac", "class_grades", serde_json::Value::Null)
        .err()
        .unwrap();
    assert_eq!(
        e.kind(),
        &ErrorKind::InvalidInput {
            field: "class_id".into()
        },
        "{e}"
    );
    assert_eq!(
        e.to_string(),
        "invalid `class_id`: missing field `class_id`"
    );
}

#[test]
fn an_empty_or_blank_key_is_named_quoted() {
    // Found by the operation_args fuzz target: `{"": 3}` was refused as "invalid ``".
    for (args, field) in [
        (serde_json::json!({"": 3, "task_id": 1}), "\"\""),
        (serde_json::json!({"task_id": 1, " ": 3}), "\" \""),
        (
            serde_json::json!({"task_id": 1, "student_id": 2, "grade": {"": 1}}),
            "grade.\"\"",
        ),
    ] {
        let name = if args.get("grade").is_some() {
            "update_task_grade"
        } else {
            "reset_all_task_grades"
        };
        let e = make_op("managebac", name, args).err().unwrap();
        assert_eq!(
            e.kind(),
            &ErrorKind::InvalidInput {
                field: field.into()
            },
            "{e}"
        );
        assert!(
            e.to_string()
                .starts_with(&format!("invalid `{field}`: unknown field")),
            "{e}"
        );
    }
}

#[test]
fn every_operation_refuses_its_arguments_as_a_list() {
    // serde's derive reads a struct from a list of its fields in order; an
    // operation's arguments are read from a map only (`MapOnly`, at the top too).
    for info in gradebridge::registry::operations() {
        let e = make_op(info.platform, info.name, serde_json::json!([1, 2, 3]))
            .err()
            .unwrap_or_else(|| panic!("{}.{} took a list", info.platform, info.name));
        assert_eq!(
            e.kind(),
            &ErrorKind::InvalidInput {
                field: "arguments".into()
            },
            "{}.{}: {e}",
            info.platform,
            info.name
        );
        assert!(
            e.to_string().contains("invalid type: sequence, expected "),
            "{e}"
        );
    }
}
