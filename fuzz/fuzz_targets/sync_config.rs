//! Fuzz the sync config reader: any text gives a config or an error naming where,
//! never a panic or a hang.
#![no_main]

use gradebridge::sync::SyncConfig;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = SyncConfig::from_toml(text);
    }
});
