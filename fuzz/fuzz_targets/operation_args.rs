//! Fuzz the caller-input reader through every operation of every platform: any JSON
//! value as an operation's arguments gives an operation or an `InvalidInput` error
//! that names a field, never a panic; an operation made from it builds its request,
//! or refuses it, without panicking, and a list operation's arguments round-trip.
#![no_main]

use gradebridge::registry::{make_op, operations, OpInfo};
use gradebridge::ErrorKind;
use libfuzzer_sys::fuzz_target;

fn all_infos() -> &'static Vec<&'static OpInfo> {
    static INFOS: std::sync::OnceLock<Vec<&'static OpInfo>> = std::sync::OnceLock::new();
    INFOS.get_or_init(|| operations().collect())
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, text)) = data.split_first() else {
        return;
    };
    let Ok(args) = serde_json::from_slice::<serde_json::Value>(text) else {
        return;
    };
    let infos = all_infos();
    let info = infos[pick as usize % infos.len()];
    match make_op(info.platform, info.name, args) {
        Ok(op) => {
            let _ = op.spec();
            let _ = op.idempotent();
            // A list operation's arguments (`null` for the others) read again give
            // the same operation.
            let args = op.args();
            if !args.is_null() {
                let again = make_op(info.platform, info.name, args.clone())
                    .unwrap_or_else(|e| panic!("{}: its own args refused: {e}", info.name));
                assert_eq!(again.args(), args, "{}", info.name);
            }
        }
        Err(e) => match e.kind() {
            ErrorKind::InvalidInput { field } => {
                assert!(!field.is_empty(), "{}: an error without a field: {e}", info.name)
            }
            other => panic!("{}: not an input error: {other:?} {e}", info.name),
        },
    }
});
