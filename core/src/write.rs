//! The wasm32 writer of `#[model]` structs as JSON: each model has a table
//! ([`Shape`]: each field's key, its offset in the struct, the writer of its type and
//! when it is left out), walked by one function, where serde's derive writes a
//! `serialize` per model with serde_json's writer inlined into it (about 9 KB of the
//! gzipped module). A field's writer is shared by every field of its type. The
//! counterpart of [`crate::read`]'s `Shape` for reading; natively serde's derive
//! stays, and core's unit tests write every fixture's models both ways and compare
//! the text.
//!
//! On wasm32 every model is written by serde_json's writer into a `Vec<u8>` ([`Json`]):
//! an operation's output, a request body (`crate::input::to_value` goes through
//! its text), the sync's plan. [`model`] recognizes that writer ([`with_json`]) and
//! walks the table with it; any other serializer gets the model through a
//! `serde_json::Value` of its text, the same JSON.

use std::mem::ManuallyDrop;

use serde::ser::{Error as _, SerializeStruct};
use serde::{Serialize, Serializer};

/// serde_json's compact writer into a `Vec<u8>`: the serializer a model meets on
/// wasm32.
pub type Json<'a> = serde_json::Serializer<&'a mut Vec<u8>>;

/// Writes the value at a field's place (a `T`) with [`Json`].
pub type WriteFn = unsafe fn(*const u8, &mut Json<'_>) -> Result<(), serde_json::Error>;

/// A struct's table for [`model`]: its fields in declaration order, each field that
/// is written at all (`#[serde(skip)]` ones are not in it).
#[doc(hidden)]
pub struct Shape {
    /// The struct's name (serde's `serialize_struct` name).
    pub name: &'static str,
    /// The fields written, in order.
    pub fields: &'static [Field],
}

/// One field of a [`Shape`].
#[doc(hidden)]
pub struct Field {
    /// Its JSON key.
    pub key: &'static str,
    /// `offset_of!` the field.
    pub offset: usize,
    /// The writer of its type ([`field`], or the model's own for `serialize_with`).
    pub write: WriteFn,
    /// `skip_serializing_if`: whether the value at the field's place is left out.
    pub skip: Option<unsafe fn(*const u8) -> bool>,
}

/// The writer of a field of type `T`: `T`'s `Serialize` with [`Json`], one for every
/// field of that type.
///
/// # Safety
/// `at` points to a live `T`.
pub unsafe fn field<T: Serialize>(
    at: *const u8,
    json: &mut Json<'_>,
) -> Result<(), serde_json::Error> {
    // SAFETY: the caller's.
    unsafe { &*at.cast::<T>() }.serialize(json)
}

/// `skip_serializing_if = "Option::is_none"` for a field of type `Option<T>`.
///
/// # Safety
/// `at` points to a live `Option<T>`.
pub unsafe fn is_none<T>(at: *const u8) -> bool {
    // SAFETY: the caller's.
    unsafe { &*at.cast::<Option<T>>() }.is_none()
}

/// Run `write` with `s` when `s` is [`Json`] (`&mut serde_json::Serializer<&mut
/// Vec<u8>>`), or hand `s` back.
///
/// serde's `Serializer` is generic, so a table of writers (plain function pointers)
/// can only be used with one serializer type, found here by its type id. `typeid`
/// (dtolnay's, the one `erased-serde` uses) compares types that are not `'static`,
/// lifetimes left out.
pub fn with_json<S: Serializer>(
    s: S,
    write: impl FnOnce(&mut Json<'_>) -> Result<(), serde_json::Error>,
) -> Result<Result<S::Ok, S::Error>, S> {
    if typeid::of::<S>() != typeid::of::<&mut Json<'static>>() {
        return Err(s);
    }
    let s = ManuallyDrop::new(s);
    // SAFETY: `S` is `&'a mut serde_json::Serializer<&'b mut Vec<u8>>` for some
    // lifetimes 'a and 'b (the same type but for lifetimes, which the type ids
    // leave out): a reference, copied here bit for bit, and used only during this
    // call, within those lifetimes. `s` is not used again (a `&mut` has no drop).
    let json: &mut Json<'_> = unsafe { std::mem::transmute_copy(&*s) };
    Ok(match write(json) {
        // SAFETY: for that `S`, `S::Ok` is `()` and `S::Error` is
        // `serde_json::Error`; each is moved, not copied (`ManuallyDrop`).
        Ok(()) => Ok(unsafe { std::mem::transmute_copy(&()) }),
        Err(e) => Err(unsafe { std::mem::transmute_copy(&*ManuallyDrop::new(e)) }),
    })
}

/// Write the model at `at` (a `#[model]` struct whose table is `shape`) with `s`.
///
/// # Safety
/// `at` points to a live struct whose table is `shape` (the model's `Serialize`
/// hands its own address and table).
pub unsafe fn model<S: Serializer>(
    at: *const u8,
    shape: &'static Shape,
    s: S,
) -> Result<S::Ok, S::Error> {
    // SAFETY: the caller's.
    match with_json(s, |json| unsafe { walk(at, shape, json) }) {
        Ok(written) => written,
        Err(s) => {
            // Another serializer: the same JSON, by way of a `Value`.
            let mut text = Vec::new();
            // SAFETY: as above.
            unsafe { walk(at, shape, &mut serde_json::Serializer::new(&mut text)) }
                .map_err(S::Error::custom)?;
            serde_json::from_slice::<serde_json::Value>(&text)
                .map_err(S::Error::custom)?
                .serialize(s)
        }
    }
}

/// Write a struct by its table: serde's derive, as a loop.
///
/// # Safety
/// `at` points to a live struct whose table is `shape`.
unsafe fn walk(at: *const u8, shape: &Shape, json: &mut Json<'_>) -> Result<(), serde_json::Error> {
    // SAFETY (each `add` and call below): `offset` is the field's `offset_of!` in
    // the struct at `at`, and `skip`/`write` are for the field's type.
    let skipped = |f: &Field| f.skip.is_some_and(|skip| unsafe { skip(at.add(f.offset)) });
    let len = shape.fields.iter().filter(|f| !skipped(f)).count();
    let mut out = json.serialize_struct(shape.name, len)?;
    for f in shape.fields.iter().filter(|f| !skipped(f)) {
        out.serialize_field(
            f.key,
            &Slot {
                at: unsafe { at.add(f.offset) },
                write: f.write,
            },
        )?;
    }
    out.end()
}

/// A field's value, as serde_json's struct writer asks for it.
struct Slot {
    at: *const u8,
    write: WriteFn,
}

impl Serialize for Slot {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // SAFETY: `walk` made the slot from a live field and its type's writer.
        match with_json(s, |json| unsafe { (self.write)(self.at, json) }) {
            Ok(written) => written,
            // serde_json's struct writer hands its own serializer: never reached.
            Err(_) => Err(S::Error::custom(
                "a model's field is written by serde_json only",
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::tests::{as_wasm, fixture_nodes};

    /// Every fixture node that reads as `T` (or a list of `T`), written by serde's
    /// derive and by the table: the same text, and the same `Value` (a serializer
    /// other than serde_json's `Vec` writer). Returns how many were written.
    fn same<T: serde::de::DeserializeOwned + Serialize>(all: &[serde_json::Value]) -> usize {
        let mut n = 0;
        for node in all {
            let Ok(model) = serde_json::from_value::<Vec<T>>(node.clone())
                .or_else(|_| serde_json::from_value::<T>(node.clone()).map(|m| vec![m]))
            else {
                continue;
            };
            let derived = serde_json::to_string(&model).unwrap();
            let own = as_wasm(|| serde_json::to_string(&model).unwrap());
            assert_eq!(derived, own, "{}", std::any::type_name::<T>());
            let derived = serde_json::to_value(&model).unwrap();
            let own = as_wasm(|| serde_json::to_value(&model).unwrap());
            assert_eq!(derived, own, "{}", std::any::type_name::<T>());
            n += model.len();
        }
        n
    }

    #[test]
    fn every_fixture_model_writes_the_same_both_ways() {
        use crate::blackboard as bb;
        use crate::managebac as mb;
        use crate::schoology as sg;
        // Outcomes are made by the SDK, and Blackboard's bodies carry `optionalData`
        // as text: these are written from values made here.
        let mut all = fixture_nodes();
        all.extend([
            serde_json::json!([
                {"id": 1, "index": 0, "status": "OK", "ok": true, "errors": {}},
                {"id": null, "index": 2, "status": "ERROR", "ok": false, "message": "no",
                 "errors": {"points": ["must be a number", "too big"], "a": []},
                 "class": {"id": 7, "name": "Math"}},
                {"id": 4, "status": "ERROR", "ok": false, "errors": {"points": ["x"]}},
            ]),
            serde_json::json!([
                {"enrollment_id": 1, "assignment_id": 2, "ok": true, "status": "ok"},
                {"enrollment_id": 1, "assignment_id": 2, "ok": false, "status": "ERROR",
                 "response_code": 404, "message": "gone"},
            ]),
            serde_json::json!([
                {"index": 0, "ok": true, "status": "OK"},
                {"index": 1, "ok": false, "status": "ERROR", "message": "bad", "courseId": "c",
                 "name": "n"},
            ]),
            serde_json::json!([
                {"title": "PF", "symbols": "P=80:F=0"},
                {"title": "PF", "symbols": "P=80:F=0", "optionalData": {"b": "2", "a": "1"}},
            ]),
            serde_json::json!([
                {"courseId": "c", "name": "Final", "itemType": "MANUAL_COLUMN"},
                {"courseId": "c", "name": "Final", "itemType": "MANUAL_COLUMN", "points": 100,
                 "instructions": "", "anonymous": false, "attempts": 1, "sequenceNum": 2,
                 "optionalData": {"SIS_ID": "FG1"}, "mapping": "A=50,B=50"},
                {"courseId": "c", "name": "Final", "itemType": "MANUAL_COLUMN", "points": 0.5},
            ]),
        ]);
        let counts = [
            same::<mb::StudentGrades>(&all),
            same::<mb::StudentTermGrade>(&all),
            same::<mb::Class>(&all),
            same::<mb::Task>(&all),
            same::<mb::TaskResult>(&all),
            same::<mb::TaskCategory>(&all),
            same::<mb::Criterion>(&all),
            same::<mb::Student>(&all),
            same::<mb::Parent>(&all),
            same::<mb::Teacher>(&all),
            same::<mb::School>(&all),
            same::<mb::YearGroup>(&all),
            same::<mb::Membership>(&all),
            same::<mb::AcademicYear>(&all),
            same::<mb::TaskInput>(&all),
            same::<mb::ClassInput>(&all),
            same::<mb::StudentInput>(&all),
            same::<mb::ItemOutcome>(&all),
            same::<bb::JourneyOutcome>(&all),
            same::<bb::GradableItemInput>(&all),
            same::<bb::GradeSchemaInput>(&all),
            same::<bb::GradeValueInput>(&all),
            same::<bb::UserMetadataInput>(&all),
            same::<sg::Assignment>(&all),
            same::<sg::SectionGrade>(&all),
            same::<sg::Enrollment>(&all),
            same::<sg::User>(&all),
            same::<sg::GradingScale>(&all),
            same::<sg::GradeOutcome>(&all),
            same::<sg::AssignmentInput>(&all),
            same::<sg::GradeInput>(&all),
        ];
        // Each type met at least one fixture.
        assert!(counts.iter().all(|&n| n > 0), "{counts:?}");
    }

    #[test]
    fn with_json_knows_serde_json_s_vec_writer_only() {
        let mut out = Vec::new();
        let mut json = serde_json::Serializer::new(&mut out);
        let r = with_json(&mut json, |j| "x".serialize(j));
        assert!(matches!(r, Ok(Ok(()))));
        assert_eq!(out, b"\"x\"");
        // A `Value` serializer is handed back.
        let r = with_json(serde_json::value::Serializer, |_| unreachable!());
        assert!(r.is_err());
        // So is a pretty writer into a `Vec`.
        let mut out = Vec::new();
        let mut pretty = serde_json::Serializer::pretty(&mut out);
        assert!(with_json(&mut pretty, |_| unreachable!()).is_err());
    }
}
