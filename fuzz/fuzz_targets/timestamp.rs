//! Fuzz the timestamp reader: any text gives a civil time, an instant or neither,
//! never a panic; the original text is always kept.
#![no_main]

use gradebridge::Timestamp;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let t = Timestamp::new(text);
        let _ = t.civil();
        let _ = t.instant();
        assert_eq!(t.as_str(), text);
    }
});
