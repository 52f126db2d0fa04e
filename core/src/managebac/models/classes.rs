//! Classes: /v2p0/classes

use gradebridge_macros::model;

use crate::de;
use crate::timestamp::Timestamp;
use serde::{Deserialize, Serialize};

/// A class.
#[model]
pub struct Class {
    /// Class id.
    pub id: i64,
    /// Name.
    pub name: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Language of instruction (code).
    pub language: Option<String>,
    /// School's unique id.
    pub uniq_id: Option<String>,
    /// Section of a duplicated class.
    pub class_section: Option<String>,
    /// First academic term.
    pub start_term_id: Option<i64>,
    /// Last academic term.
    pub end_term_id: Option<i64>,
    /// Created at.
    pub created_at: Option<Timestamp>,
    /// Updated at.
    pub updated_at: Option<Timestamp>,
    /// Grade (`Grade 11`).
    pub grade: Option<String>,
    /// Grade number.
    pub grade_number: Option<i64>,
    /// Levels offered (`HL`, `SL`).
    pub applicable_levels: Vec<String>,
    /// Program name.
    pub program: Option<String>,
    /// Program code (`diploma`, `myp`).
    pub program_code: Option<String>,
    /// Subject id.
    pub subject_id: Option<i64>,
    /// Subject name.
    pub subject_name: Option<String>,
    /// Subject group.
    pub subject_group: Option<String>,
    /// Subject group id.
    pub subject_group_id: Option<i64>,
    /// Subject option.
    pub subject_option: Option<SubjectOption>,
    /// Lock memberships (`students_only`).
    pub lock_memberships: Option<String>,
    /// Archived.
    pub archived: Option<bool>,
    /// Subjects.
    #[serde(skip_serializing_if = "de::is_empty")]
    pub subjects: Vec<Subject>,
    /// Teachers.
    pub teachers: Vec<ClassTeacher>,
}

/// A subject option: a language level, or phases.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum SubjectOption {
    /// For subjects with a language level (`Language and literature`).
    Text(String),
    /// For subjects with phases (`["1", "2", "3"]`).
    List(Vec<String>),
}

/// Read as serde's `untagged` derive reads it (text, or a list of texts; anything
/// else is "data did not match any variant of untagged enum SubjectOption"), without
/// serde's buffering of the value to try each variant: that second deserializer was
/// 1 KB of the gzipped wasm module for this one enum.
impl<'de> Deserialize<'de> for SubjectOption {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match d.deserialize_any(TextOrList)? {
            Some(option) => Ok(option),
            None => Err(serde::de::Error::custom(
                "data did not match any variant of untagged enum SubjectOption",
            )),
        }
    }
}

/// A [`SubjectOption`] as read, `None` when the value is neither text nor a list of
/// texts. A list item reads with this too (`Some(Text)` being a text).
struct TextOrList;

impl<'de> serde::de::Visitor<'de> for TextOrList {
    type Value = Option<SubjectOption>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a text or a list of texts")
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(SubjectOption::Text(v.to_owned())))
    }
    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Some(SubjectOption::Text(v)))
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        // Every item is read (serde reads the whole value first); one that is not
        // text makes the whole value match no variant.
        let mut items = Vec::new();
        let mut all_text = true;
        while let Some(item) = seq.next_element::<Item>()? {
            match item.0 {
                Some(SubjectOption::Text(text)) => items.push(text),
                _ => all_text = false,
            }
        }
        Ok(all_text.then_some(SubjectOption::List(items)))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map
            .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
            .is_some()
        {}
        Ok(None)
    }
    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

/// A list item of a [`SubjectOption`] (read by [`TextOrList`], never failing).
struct Item(Option<SubjectOption>);

impl<'de> Deserialize<'de> for Item {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(TextOrList).map(Item)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hand-written reader reads and fails as serde's `untagged` derive does.
    #[test]
    fn subject_option_reads_as_serde_s_untagged_derive() {
        mod derived {
            // Same name: serde's message names the enum.
            #[derive(Debug, PartialEq, serde::Deserialize)]
            #[serde(untagged)]
            pub enum SubjectOption {
                Text(String),
                List(Vec<String>),
            }
        }
        use derived::SubjectOption as Derived;
        #[derive(Debug, Deserialize)]
        struct Ours {
            o: Option<SubjectOption>,
        }
        #[derive(Debug, Deserialize)]
        struct Theirs {
            o: Option<Derived>,
        }
        let as_derived = |o: &SubjectOption| match o {
            SubjectOption::Text(t) => Derived::Text(t.clone()),
            SubjectOption::List(l) => Derived::List(l.clone()),
        };
        for text in [
            r#""HL""#,
            r#""""#,
            r#"["1","2","3"]"#,
            "[]",
            r#"["1",2]"#,
            "[null]",
            "[[]]",
            r#"[["1"]]"#,
            r#"[{"a":1}]"#,
            "5",
            "-5",
            "5.5",
            "true",
            "{}",
            r#"{"a":"b"}"#,
            "null",
        ] {
            let doc = format!(r#"{{"o":{text}}}"#);
            let ours = serde_json::from_str::<Ours>(&doc)
                .map(|o| o.o.as_ref().map(as_derived))
                .map_err(|e| e.to_string());
            let theirs = serde_json::from_str::<Theirs>(&doc)
                .map(|t| t.o)
                .map_err(|e| e.to_string());
            assert_eq!(ours, theirs, "{text}");
        }
    }
}

/// A class's subject.
#[model]
pub struct Subject {
    /// Subject id.
    pub id: i64,
    /// Name.
    pub name: Option<String>,
    /// Subject group id.
    pub subject_group_id: Option<i64>,
    /// Subject group.
    pub subject_group: Option<String>,
}

/// A class's teacher.
#[model]
pub struct ClassTeacher {
    /// Teacher id.
    pub teacher_id: i64,
    /// Shown on reports.
    pub show_on_reports: Option<bool>,
    /// Teacher archived.
    pub teacher_archived: Option<bool>,
}

/// The body of a class create, update, or one item of an upsert. Only the fields set
/// are sent.
#[derive(Default)]
#[model(input)]
pub struct ClassInput {
    /// Class id: only in `upsert_classes` (absent: create).
    pub id: Option<i64>,
    /// Archive the class (update, upsert).
    pub archived: Option<bool>,
    /// First academic term (create).
    pub start_term_id: Option<i64>,
    /// Last academic term (create).
    pub end_term_id: Option<i64>,
    /// Subject id (create).
    pub subject_id: Option<i64>,
    /// Program code (create): `diploma`, `myp`, ...
    pub program: Option<String>,
    /// Grade number (create).
    pub grade_number: Option<i64>,
    /// Name.
    pub name: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Language code.
    pub language: Option<String>,
    /// School's unique id.
    pub uniq_id: Option<String>,
    /// Section.
    pub class_section: Option<String>,
    /// Subject ids.
    pub subject_ids: Option<Vec<i64>>,
    /// Standard level.
    pub sl: Option<bool>,
    /// Higher level.
    pub hl: Option<bool>,
    /// Subject option.
    pub subject_option: Option<SubjectOption>,
    /// Lock memberships.
    pub lock_memberships: Option<String>,
}

/// A student's level in a class: `{"id": 123, "level": "HL"}`.
#[model(input)]
pub struct StudentLevel {
    /// Student id.
    pub id: i64,
    /// Level (`HL`, `SL`).
    pub level: String,
}

/// `{"status": "ok"}` of add/remove students.
#[model]
pub struct StatusAnswer {
    /// `ok`.
    pub status: Option<String>,
}
