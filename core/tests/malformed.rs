//! Every malformed input of `fixtures/managebac/malformed_inputs.json` (shared with
//! the Python and JS suites) is refused before anything is sent, naming the field.

mod common;

use gradebridge::registry::{build_request, make_op};
use gradebridge::{AuthContext, ErrorKind};

#[test]
fn every_malformed_input_is_refused_naming_the_field() {
    let cases = common::fixture_json("managebac/malformed_inputs.json")["cases"].clone();
    let cases = cases.as_array().unwrap();
    assert!(cases.len() >= 60, "{} cases", cases.len());
    let mut wrong = Vec::new();
    for case in cases {
        let op = case["operation"].as_str().unwrap();
        let result = make_op("managebac", op, case["args"].clone()).and_then(|o| {
            build_request(
                "managebac",
                serde_json::json!({"token": "t"}),
                &*o,
                &AuthContext::default(),
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
