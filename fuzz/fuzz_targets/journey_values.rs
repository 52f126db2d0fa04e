//! Fuzz the Grades Journey text formats: `optionalData` (`k=v:k2=v2`) and a column's
//! `mapping` (weighted or total), read from any text; what is read writes back and
//! reads again the same.
#![no_main]

use gradebridge::blackboard::{format_optional_data, parse_optional_data, ColumnMapping};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(map) = parse_optional_data(text) {
        if let Ok(written) = format_optional_data("optionalData", &map) {
            assert_eq!(parse_optional_data(&written).ok(), Some(map));
        }
    }
    if let Ok(m) = ColumnMapping::parse("mapping", text) {
        assert_eq!(ColumnMapping::parse("mapping", &m.to_text()).ok(), Some(m));
    }
});
