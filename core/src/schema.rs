//! The machine-readable description of gradebridge (feature `schema`): the JSON
//! Schema of every model and the operation registry. The bindings' faces (Python
//! stubs and clients, TypeScript types and method tables) are generated from it by
//! `scripts/faces.py`; `core/tests/it/description.rs` fails when the committed
//! `description.json` differs from what the Rust code says now.

use std::borrow::Cow;

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::Serialize;

use crate::registry::OpInfo;

/// The schemas of one operation's arguments and output.
#[derive(Debug, Clone)]
pub struct OpSchemas {
    /// The endpoint struct (its fields are the arguments).
    pub args: Schema,
    /// What a call returns (for a list, every record).
    pub output: Schema,
    /// For a list, one record.
    pub item: Option<Schema>,
}

impl JsonSchema for crate::de::Grade {
    fn schema_name() -> Cow<'static, str> {
        "Grade".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A grade: a number (IB 1-7, a percentage, points) or a symbol.",
            "type": ["number", "string"]
        })
    }
}

impl<T: JsonSchema> JsonSchema for crate::de::Clearable<T> {
    fn schema_name() -> Cow<'static, str> {
        format!("Clearable_{}", T::schema_name()).into()
    }
    fn json_schema(g: &mut SchemaGenerator) -> Schema {
        let inner = g.subschema_for::<T>();
        json_schema!({
            "description": "A value, or \"\" to clear the field.",
            "anyOf": [inner, {"type": "string", "const": ""}]
        })
    }
}

impl JsonSchema for crate::de::Bytes {
    fn schema_name() -> Cow<'static, str> {
        "Bytes".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "Bytes: base64 text in JSON and JS, bytes in Python.",
            "type": "string",
            "contentEncoding": "base64"
        })
    }
}

impl JsonSchema for crate::Timestamp {
    fn schema_name() -> Cow<'static, str> {
        "Timestamp".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A timestamp as the API sent it (ISO 8601 text, kept as is).",
            "type": "string",
            "format": "timestamp"
        })
    }
}

#[derive(Serialize)]
struct OperationDescription {
    #[serde(flatten)]
    info: OpInfo,
    args: Schema,
    output: Schema,
    #[serde(skip_serializing_if = "Option::is_none")]
    item: Option<Schema>,
}

#[derive(Serialize)]
struct Description {
    version: &'static str,
    platforms: Vec<crate::registry::PlatformInfo>,
    operations: Vec<OperationDescription>,
    /// Models as the bindings hand them out (the serialize contract: a field that
    /// may be left out is optional).
    models: serde_json::Map<String, serde_json::Value>,
    /// Operation arguments as the bindings accept them (the deserialize contract).
    inputs: serde_json::Map<String, serde_json::Value>,
}

fn defs(mut generator: SchemaGenerator) -> serde_json::Map<String, serde_json::Value> {
    generator.take_definitions(true)
}

/// The description as pretty JSON text (stable: the same code gives the same text).
pub fn describe() -> String {
    let mut out_gen = schemars::generate::SchemaSettings::draft2020_12()
        .for_serialize()
        .into_generator();
    let mut in_gen = schemars::generate::SchemaSettings::draft2020_12()
        .for_deserialize()
        .into_generator();
    let mut operations = Vec::new();
    for info in crate::registry::operations() {
        let out = (info.schema)(&mut out_gen);
        let args = (info.schema)(&mut in_gen).args;
        operations.push(OperationDescription {
            info: *info,
            args,
            output: out.output,
            item: out.item,
        });
    }
    // The page position is a model of every list.
    out_gen.subschema_for::<crate::PageMeta>();
    let platforms = crate::registry::platforms().collect();
    let description = Description {
        version: env!("CARGO_PKG_VERSION"),
        platforms,
        operations,
        models: defs(out_gen),
        inputs: defs(in_gen),
    };
    let mut text = serde_json::to_string_pretty(&description).unwrap_or_default();
    text.push('\n');
    text
}
