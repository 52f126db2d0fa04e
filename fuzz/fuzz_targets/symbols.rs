//! Fuzz the Blackboard `symbols` parser: never a panic, and whatever parses formats
//! back to a string that parses to the same scale.
#![no_main]

use gradebridge::grading::GradeScale;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(scale) = GradeScale::from_blackboard_symbols(text) {
            let formatted = scale.to_blackboard_symbols().expect("a parsed scale formats");
            let again = GradeScale::from_blackboard_symbols(&formatted).expect("the formatted string parses");
            assert_eq!(again, scale);
        }
    }
});
