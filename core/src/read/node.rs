//! The wasm32 reader of JSON into structs: the text is read once by serde_json into
//! a [`Node`] tree (one reader, built once), and each `#[model]` or `#[reader]`
//! struct is then filled from its table ([`Shape`]: each field's key, its offset
//! in the struct and the function that reads its type) by one shared function,
//! `fill_at`.
//!
//! serde's design builds a visitor and a `deserialize_map` per struct, and a list
//! and an option reader per element type, with the deserializer's code inlined into
//! each: that was most of the wasm module (44 KB gzipped for the structs alone).
//! A table per struct and one reader per field *type* (shared by every struct
//! that has a field of that type) is what serde_json's design leaves out. Written
//! here because no kept crate does this over serde's own `Deserialize` impls (the
//! leaf types, the tolerant rules of [`crate::de`] and serde-derived types read
//! from a [`Node`] unchanged), which the models keep.
//!
//! The failing value's JSON path travels with the error ([`ReadError`]): each
//! struct adds the key it was reading, each list the index. A JSON syntax error
//! comes from the first pass, with serde_json's position.

use std::cell::Cell;
use std::fmt;
use std::mem::MaybeUninit;

use serde::de::{
    self, DeserializeOwned, DeserializeSeed, Deserializer, EnumAccess, Expected, IntoDeserializer,
    MapAccess, SeqAccess, Unexpected, VariantAccess, Visitor,
};
use serde::Deserialize;

use super::Keys;

/// A JSON value as serde_json read it, keys in the text's order (duplicates kept,
/// so that a key given twice is refused as serde's derive refuses it).
#[doc(hidden)]
#[derive(Debug)]
pub enum Node {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A non-negative integer.
    U64(u64),
    /// A negative integer.
    I64(i64),
    /// Any other number.
    F64(f64),
    /// Text.
    Str(String),
    /// A list.
    List(Vec<Node>),
    /// An object, its entries in order.
    Map(Vec<(String, Node)>),
}

impl Node {
    /// serde's `invalid type` error for this node where `exp` was expected.
    fn refused(&self, exp: &dyn de::Expected) -> ReadError {
        de::Error::invalid_type(self.unexpected(), exp)
    }

    fn unexpected(&self) -> Unexpected<'_> {
        match self {
            Node::Null => Unexpected::Unit,
            Node::Bool(b) => Unexpected::Bool(*b),
            Node::U64(n) => Unexpected::Unsigned(*n),
            Node::I64(n) => Unexpected::Signed(*n),
            Node::F64(n) => Unexpected::Float(*n),
            Node::Str(s) => Unexpected::Str(s),
            Node::List(_) => Unexpected::Seq,
            Node::Map(_) => Unexpected::Map,
        }
    }
}

/// A `Value` as the tree its JSON text reads as (objects in the `Value`'s key order,
/// which is also the order its text is written in).
impl From<serde_json::Value> for Node {
    fn from(v: serde_json::Value) -> Node {
        use serde_json::Value;
        match v {
            Value::Null => Node::Null,
            Value::Bool(b) => Node::Bool(b),
            Value::Number(n) => match (n.as_u64(), n.as_i64()) {
                (Some(u), _) => Node::U64(u),
                (None, Some(i)) => Node::I64(i),
                _ => Node::F64(n.as_f64().unwrap_or(f64::NAN)),
            },
            Value::String(s) => Node::Str(s),
            Value::Array(items) => Node::List(items.into_iter().map(Node::from).collect()),
            Value::Object(m) => Node::Map(m.into_iter().map(|(k, v)| (k, Node::from(v))).collect()),
        }
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Node, D::Error> {
        d.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Node, E> {
        Ok(Node::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Node, E> {
        Ok(Node::I64(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Node, E> {
        Ok(Node::U64(v))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Node, E> {
        Ok(Node::F64(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Node, E> {
        Ok(Node::Str(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Node, E> {
        Ok(Node::Str(v))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        Node::deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Node::List(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = map.next_entry::<String, Node>()? {
            entries.push(entry);
        }
        Ok(Node::Map(entries))
    }
}

/// Where in the tree a [`ReadError`] happened: a key or a list index.
#[derive(Debug)]
enum Step {
    Key(String),
    Index(usize),
}

/// A failure to read a [`Node`] as a type: serde_json's error (serde's messages)
/// and the JSON path of the value at fault.
#[doc(hidden)]
#[derive(Debug)]
pub struct ReadError {
    error: serde_json::Error,
    /// The path, innermost step first (steps are added as the error goes up).
    steps: Vec<Step>,
}

impl ReadError {
    #[cold]
    fn at_key(mut self, key: String) -> Self {
        self.steps.push(Step::Key(key));
        self
    }

    #[cold]
    fn at_index(mut self, i: usize) -> Self {
        self.steps.push(Step::Index(i));
        self
    }

    /// serde_json's error and the path, as [`crate::endpoint::json_path_at`] names
    /// it (`students[0].assignments[2].score`).
    pub(crate) fn into_parts(self) -> (serde_json::Error, String) {
        let mut path = String::new();
        for step in self.steps.iter().rev() {
            match step {
                Step::Key(k) => {
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(&crate::endpoint::path_key(k));
                }
                Step::Index(i) => {
                    path.push('[');
                    path.push_str(&i.to_string());
                    path.push(']');
                }
            }
        }
        (self.error, path)
    }
}

impl From<serde_json::Error> for ReadError {
    fn from(error: serde_json::Error) -> Self {
        ReadError {
            error,
            steps: Vec::new(),
        }
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.error.fmt(f)
    }
}

impl std::error::Error for ReadError {}

impl de::Error for ReadError {
    #[cold]
    fn custom<T: fmt::Display>(msg: T) -> Self {
        serde_json::Error::custom(msg).into()
    }
    #[cold]
    fn invalid_type(unexp: Unexpected, exp: &dyn Expected) -> Self {
        Self::custom(format_args!(
            "invalid type: {}, expected {exp}",
            Found(unexp)
        ))
    }
    #[cold]
    fn invalid_value(unexp: Unexpected, exp: &dyn Expected) -> Self {
        Self::custom(format_args!(
            "invalid value: {}, expected {exp}",
            Found(unexp)
        ))
    }
}

/// What a visitor refused, in serde_json's words (`null`, a float as zmij writes
/// it). Written out here, not through serde_json's `invalid_type`, whose use of
/// serde's `Unexpected` text builds `core`'s float printer into the module (serde
/// writes a float with `{}`) although serde_json never takes that branch.
struct Found<'a>(Unexpected<'a>);

impl fmt::Display for Found<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Unexpected::Bool(b) => write!(f, "boolean `{b}`"),
            Unexpected::Unsigned(i) => write!(f, "integer `{i}`"),
            Unexpected::Signed(i) => write!(f, "integer `{i}`"),
            Unexpected::Float(x) => write!(f, "floating point `{}`", zmij::Buffer::new().format(x)),
            Unexpected::Char(c) => write!(f, "character `{c}`"),
            Unexpected::Str(s) => write!(f, "string {s:?}"),
            Unexpected::Bytes(_) => f.write_str("byte array"),
            Unexpected::Unit => f.write_str("null"),
            Unexpected::Option => f.write_str("Option value"),
            Unexpected::NewtypeStruct => f.write_str("newtype struct"),
            Unexpected::Seq => f.write_str("sequence"),
            Unexpected::Map => f.write_str("map"),
            Unexpected::Enum => f.write_str("enum"),
            Unexpected::UnitVariant => f.write_str("unit variant"),
            Unexpected::NewtypeVariant => f.write_str("newtype variant"),
            Unexpected::TupleVariant => f.write_str("tuple variant"),
            Unexpected::StructVariant => f.write_str("struct variant"),
            Unexpected::Other(other) => f.write_str(other),
        }
    }
}

/// The name by which a struct's `Deserialize` asks a [`Node`] for itself
/// ([`model`]); any other deserializer hands the visitor itself, as for any
/// newtype struct.
const MODEL: &str = "\0gradebridge::read::Node";

thread_local! {
    /// The node a [`Node`] hands to the struct that asked for it ([`model`]).
    static HANDED: Cell<Option<Node>> = const { Cell::new(None) };
    /// The whole error of that struct's reading, taken back by the node.
    static FAILED: Cell<Option<ReadError>> = const { Cell::new(None) };
}

/// A number's readers: a number node goes to the visitor (which may still refuse
/// its kind, a float for an integer), anything else is refused.
macro_rules! numbers {
    ($($method:ident)*) => {
        $(fn $method<V: Visitor<'de>>(self, v: V) -> Result<V::Value, ReadError> {
            match self {
                Node::U64(n) => v.visit_u64(n),
                Node::I64(n) => v.visit_i64(n),
                Node::F64(n) => v.visit_f64(n),
                other => Err(other.refused(&v)),
            }
        })*
    };
}

impl<'de> Deserializer<'de> for Node {
    type Error = ReadError;

    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, ReadError> {
        match self {
            Node::Null => v.visit_unit(),
            Node::Bool(b) => v.visit_bool(b),
            Node::U64(n) => v.visit_u64(n),
            Node::I64(n) => v.visit_i64(n),
            Node::F64(n) => v.visit_f64(n),
            Node::Str(s) => v.visit_string(s),
            Node::List(items) => visit_list(items, v),
            Node::Map(entries) => visit_entries(entries, v),
        }
    }

    // A list's and a map's readers (and strings') take the node they ask for and
    // refuse any other with serde's `invalid type` error, which is what each
    // refused `visit_*` of their visitors would say: one match arm per visitor
    // rather than `deserialize_any`'s eight.
    fn deserialize_seq<V: Visitor<'de>>(self, v: V) -> Result<V::Value, ReadError> {
        match self {
            Node::List(items) => visit_list(items, v),
            other => Err(other.refused(&v)),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, v: V) -> Result<V::Value, ReadError> {
        self.deserialize_seq(v)
    }

    fn deserialize_map<V: Visitor<'de>>(self, v: V) -> Result<V::Value, ReadError> {
        match self {
            Node::Map(entries) => visit_entries(entries, v),
            other => Err(other.refused(&v)),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, v: V) -> Result<V::Value, ReadError> {
        match self {
            Node::Str(s) => v.visit_string(s),
            other => Err(other.refused(&v)),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, v: V) -> Result<V::Value, ReadError> {
        self.deserialize_string(v)
    }

    fn deserialize_bool<V: Visitor<'de>>(self, v: V) -> Result<V::Value, ReadError> {
        match self {
            Node::Bool(b) => v.visit_bool(b),
            other => Err(other.refused(&v)),
        }
    }

    numbers! {
        deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64 deserialize_u8
        deserialize_u16 deserialize_u32 deserialize_u64 deserialize_f32 deserialize_f64
    }

    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> Result<V::Value, ReadError> {
        match self {
            Node::Null => v.visit_none(),
            other => v.visit_some(other),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        v: V,
    ) -> Result<V::Value, ReadError> {
        if name == MODEL {
            HANDED.with(|h| h.set(Some(self)));
            return v
                .visit_unit()
                .map_err(|e| FAILED.with(Cell::take).unwrap_or(e));
        }
        v.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, ReadError> {
        match self {
            Node::Str(s) => v.visit_enum(s.into_deserializer()),
            Node::Map(mut entries) if entries.len() == 1 => match entries.pop() {
                Some((key, value)) => v.visit_enum(Variant { key, value }),
                None => Err(de::Error::custom("expected value")),
            },
            // serde_json's words for what is neither a variant's name nor a map of
            // one variant.
            _ => Err(de::Error::custom("expected value")),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, ReadError> {
        v.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        i128 u128 char bytes byte_buf unit unit_struct tuple_struct struct identifier
    }
}

/// `v` visits a list node's items. What is not built per visitor (making, checking
/// and dropping the list being read) is in `Seq::new` and `Seq::end`.
fn visit_list<'de, V: Visitor<'de>>(items: Vec<Node>, v: V) -> Result<V::Value, ReadError> {
    let mut seq = Seq::new(items);
    let out = v.visit_seq(&mut seq);
    let rest = seq.end();
    match (out, rest) {
        (Ok(out), Ok(())) => Ok(out),
        (Err(e), _) | (Ok(_), Err(e)) => Err(e),
    }
}

/// `v` visits a map node's entries (the rest in `Map::new` and `Map::end`).
fn visit_entries<'de, V: Visitor<'de>>(
    entries: Vec<(String, Node)>,
    v: V,
) -> Result<V::Value, ReadError> {
    let mut map = Map::new(entries);
    let out = v.visit_map(&mut map);
    // A failure between a key and its value (a key the struct refuses) is the key's.
    match (out, map.end()) {
        (Ok(out), _) => Ok(out),
        (Err(e), Some(key)) => Err(e.at_key(key)),
        (Err(e), None) => Err(e),
    }
}

/// A list's items, each read with its index on the path of a failure.
struct Seq {
    items: std::vec::IntoIter<Node>,
    at: usize,
}

impl Seq {
    #[inline(never)]
    fn new(items: Vec<Node>) -> Seq {
        Seq {
            items: items.into_iter(),
            at: 0,
        }
    }

    /// serde_json's error for items the visitor left unread; the rest dropped.
    #[inline(never)]
    fn end(self) -> Result<(), ReadError> {
        match self.items.len() {
            0 => Ok(()),
            n => Err(de::Error::invalid_length(
                self.at + n,
                &"fewer elements in array",
            )),
        }
    }
}

impl<'de> SeqAccess<'de> for &mut Seq {
    type Error = ReadError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, ReadError> {
        let Some(item) = self.items.next() else {
            return Ok(None);
        };
        let at = self.at;
        self.at += 1;
        seed.deserialize(item).map(Some).map_err(|e| e.at_index(at))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

/// An object's entries, each value read with its key on the path of a failure.
struct Map {
    entries: std::vec::IntoIter<(String, Node)>,
    value: Option<(String, Node)>,
}

impl Map {
    #[inline(never)]
    fn new(entries: Vec<(String, Node)>) -> Map {
        Map {
            entries: entries.into_iter(),
            value: None,
        }
    }

    /// The key whose value was not asked for (the visitor failed on the key); the
    /// rest dropped.
    #[inline(never)]
    fn end(self) -> Option<String> {
        self.value.map(|(key, _)| key)
    }
}

impl<'de> MapAccess<'de> for &mut Map {
    type Error = ReadError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, ReadError> {
        let Some((key, value)) = self.entries.next() else {
            return Ok(None);
        };
        let read = seed
            .deserialize(Key(&key))
            .map_err(|e| e.at_key(key.clone()))?;
        self.value = Some((key, value));
        Ok(Some(read))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, ReadError> {
        let (key, value) = self
            .value
            .take()
            .ok_or_else(|| <ReadError as de::Error>::custom("value asked before its key"))?;
        seed.deserialize(value).map_err(|e| e.at_key(key))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

/// An object's key, as serde_json hands one over: text (every map the models
/// have is keyed by text).
struct Key<'a>(&'a str);

impl<'de> Deserializer<'de> for Key<'_> {
    type Error = ReadError;

    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, ReadError> {
        v.visit_str(self.0)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

/// An enum variant written as a map of one key (`{"Variant": value}`).
struct Variant {
    key: String,
    value: Node,
}

impl<'de> EnumAccess<'de> for Variant {
    type Error = ReadError;
    type Variant = Node;

    fn variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<(S::Value, Node), ReadError> {
        let v = seed.deserialize(Key(&self.key))?;
        Ok((v, self.value))
    }
}

impl<'de> VariantAccess<'de> for Node {
    type Error = ReadError;

    fn unit_variant(self) -> Result<(), ReadError> {
        match self {
            Node::Null => Ok(()),
            other => Err(de::Error::invalid_type(other.unexpected(), &"unit variant")),
        }
    }
    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, ReadError> {
        seed.deserialize(self)
    }
    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, v: V) -> Result<V::Value, ReadError> {
        self.deserialize_any(v)
    }
    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, ReadError> {
        self.deserialize_any(v)
    }
}

/// JSON text as a [`Node`] tree: all of it (trailing characters are an error).
pub(crate) fn parse(body: &[u8]) -> Result<Node, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_slice(body);
    let node = Node::deserialize(&mut de)?;
    de.end()?;
    Ok(node)
}

/// A field's reader: the field's value read from the node and written at the
/// pointer, which points at the (uninitialized) field of the struct being filled.
#[doc(hidden)]
pub type ReadFn = unsafe fn(Node, *mut u8) -> Result<(), ReadError>;

/// A field's value when its key is absent, written at the pointer.
#[doc(hidden)]
pub type AbsentFn = unsafe fn(*mut u8);

/// One field of a [`Shape`], as `#[model]` writes it.
#[doc(hidden)]
pub struct Field {
    /// `offset_of!` the field in its struct.
    pub offset: usize,
    /// Reads the field's type (the same function for every field of that type).
    pub read: ReadFn,
    /// What an absent key gives (`None`: the field is required).
    pub absent: Option<AbsentFn>,
    /// Drops the field's value (`None` for a type without drop glue).
    pub drop: Option<unsafe fn(*mut u8)>,
}

/// A field that is never read (`#[serde(skip)]`): its default, written at its offset.
#[doc(hidden)]
pub struct Skipped {
    /// `offset_of!` the field in its struct.
    pub offset: usize,
    /// Writes the field's default.
    pub write: AbsentFn,
}

/// How one struct is read: its API keys in field order, each with its [`Field`].
///
/// # Safety (for the macros that write one)
///
/// `fields` and `skipped` together name every field of the struct exactly once,
/// each with its own offset and with functions of that field's type. `#[model]`
/// and `#[reader]` write it from the struct's own fields, so that holds.
#[doc(hidden)]
pub struct Shape {
    /// serde's name for it in errors (`struct Task`).
    pub expecting: &'static str,
    /// The API keys of the read fields, in the order of `fields`.
    pub names: &'static [&'static str],
    /// The read fields.
    pub fields: &'static [Field],
    /// The fields that are never read.
    pub skipped: &'static [Skipped],
    /// Unknown keys are refused in any reading (`deny_unknown_fields`).
    pub deny: bool,
}

/// The struct `T` that `shape` describes, from `d`: a [`Node`] hands itself over
/// (no copy); another deserializer is read into a node first.
///
/// The only code built per struct: what is generic over `T` (its size) is kept to
/// this function, the visitor ([`Fill`]) writes through a pointer.
#[doc(hidden)]
pub fn model<'de, D: Deserializer<'de>, T>(d: D, shape: &'static Shape) -> Result<T, D::Error> {
    let mut out = MaybeUninit::<T>::uninit();
    d.deserialize_newtype_struct(
        MODEL,
        Fill {
            shape,
            out: out.as_mut_ptr().cast(),
        },
    )?;
    // SAFETY: `shape` describes `T` (see `Shape`), and `Fill` succeeds only once
    // `fill_at` wrote every field of `out`.
    Ok(unsafe { out.assume_init() })
}

/// Fills the struct at `out` by `shape`, from the node a [`Node`] hands over or
/// from what another deserializer reads.
struct Fill {
    shape: &'static Shape,
    out: *mut u8,
}

impl<'de> Visitor<'de> for Fill {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.shape.expecting)
    }

    /// The node handed over by [`Node`]'s `deserialize_newtype_struct`; a failure
    /// goes back to it whole (its path included) through `FAILED`.
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        let node = HANDED
            .with(Cell::take)
            .ok_or_else(|| E::custom("no node handed over"))?;
        // SAFETY: `out` points at the uninitialized struct `shape` describes.
        unsafe { fill_at(node, self.shape, self.out) }.map_err(|e| {
            let msg = E::custom(&e.error);
            FAILED.with(|f| f.set(Some(e)));
            msg
        })
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        let node = Node::deserialize(d)?;
        // SAFETY: as above.
        unsafe { fill_at(node, self.shape, self.out) }.map_err(|e| de::Error::custom(e.error))
    }
}

/// Every field of the struct at `base` written from `node` by `shape`, or none
/// (those written are dropped again) and the error.
///
/// # Safety
///
/// `base` points at an uninitialized struct that `shape` describes.
unsafe fn fill_at(node: Node, shape: &Shape, base: *mut u8) -> Result<(), ReadError> {
    let entries = match node {
        Node::Map(entries) => entries,
        other => {
            return Err(de::Error::invalid_type(
                other.unexpected(),
                &shape.expecting,
            ))
        }
    };
    // Fields written so far (a struct has at most 128 read fields).
    let mut written = 0u128;
    // Drops what was written, on a failure.
    let undo = |written: u128| {
        for (i, f) in shape.fields.iter().enumerate() {
            if let (true, Some(drop)) = (written & (1 << i) != 0, f.drop) {
                // SAFETY: field `i` was written and is dropped once.
                unsafe { drop(base.add(f.offset)) };
            }
        }
    };
    let mut keys = if shape.deny {
        Keys::denying(shape.names)
    } else {
        Keys::new(shape.names)
    };
    for (key, value) in entries {
        let at = match keys.find::<ReadError>(&key) {
            Ok(usize::MAX) => continue,
            Ok(at) => at,
            Err(e) => {
                undo(written);
                return Err(e.at_key(key));
            }
        };
        let f = &shape.fields[at];
        // SAFETY: `Keys` hands each field at most once, so the field is unwritten;
        // `f.read` writes `f`'s type at `f`'s offset.
        if let Err(e) = unsafe { (f.read)(value, base.add(f.offset)) } {
            undo(written);
            return Err(e.at_key(key));
        }
        written |= 1 << at;
    }
    for (i, f) in shape.fields.iter().enumerate() {
        if written & (1 << i) != 0 {
            continue;
        }
        match f.absent {
            // SAFETY: the field is unwritten; `absent` writes its type.
            Some(absent) => unsafe { absent(base.add(f.offset)) },
            None => {
                undo(written);
                return Err(de::Error::missing_field(shape.names[i]));
            }
        }
        written |= 1 << i;
    }
    for s in shape.skipped {
        // SAFETY: a skipped field is never read, so it is unwritten.
        unsafe { (s.write)(base.add(s.offset)) };
    }
    Ok(())
}

/// Reads a field of type `T` by its `Deserialize`.
///
/// # Safety
///
/// `at` points at an uninitialized, aligned `T`.
#[doc(hidden)]
pub unsafe fn put<T: DeserializeOwned>(node: Node, at: *mut u8) -> Result<(), ReadError> {
    let value = T::deserialize(node)?;
    // SAFETY: the caller's promise.
    unsafe { at.cast::<T>().write(value) };
    Ok(())
}

/// Reads a field by a tolerant rule of [`crate::de`] ([`Rule`]).
///
/// # Safety
///
/// `at` points at an uninitialized, aligned `R::Value`.
#[doc(hidden)]
pub unsafe fn put_rule<R: Rule>(node: Node, at: *mut u8) -> Result<(), ReadError> {
    let value = R::read(node)?;
    // SAFETY: the caller's promise.
    unsafe { at.cast::<R::Value>().write(value) };
    Ok(())
}

/// Reads a `Vec<T>` field: one loop per element type, where serde's `Vec` reader
/// adds a visitor and a deserializer's `deserialize_seq` per element type.
///
/// # Safety
///
/// `at` points at an uninitialized, aligned `Vec<T>`.
#[doc(hidden)]
pub unsafe fn put_vec<T: DeserializeOwned>(node: Node, at: *mut u8) -> Result<(), ReadError> {
    let value = list::<T>(node)?;
    // SAFETY: the caller's promise.
    unsafe { at.cast::<Vec<T>>().write(value) };
    Ok(())
}

/// Reads an `Option<T>` field as serde does (`null` is `None`).
///
/// # Safety
///
/// `at` points at an uninitialized, aligned `Option<T>`.
#[doc(hidden)]
pub unsafe fn put_option<T: DeserializeOwned>(node: Node, at: *mut u8) -> Result<(), ReadError> {
    let value = match node {
        Node::Null => None,
        node => Some(T::deserialize(node)?),
    };
    // SAFETY: the caller's promise.
    unsafe { at.cast::<Option<T>>().write(value) };
    Ok(())
}

/// Writes `T::default()` (an absent key of a `default` or `Option` field, a
/// skipped field).
///
/// # Safety
///
/// `at` points at an uninitialized, aligned `T`.
#[doc(hidden)]
pub unsafe fn put_default<T: Default>(at: *mut u8) {
    // SAFETY: the caller's promise.
    unsafe { at.cast::<T>().write(T::default()) };
}

/// Drops the `T` at `at`.
///
/// # Safety
///
/// `at` points at a valid `T`, dropped once.
unsafe fn drop_at<T>(at: *mut u8) {
    // SAFETY: the caller's promise.
    unsafe { std::ptr::drop_in_place(at.cast::<T>()) };
}

/// The [`Field::drop`] of a field of type `T`.
#[doc(hidden)]
pub const fn drop_fn<T>() -> Option<unsafe fn(*mut u8)> {
    if std::mem::needs_drop::<T>() {
        Some(drop_at::<T>)
    } else {
        None
    }
}

/// A list of `T` as serde's `Vec<T>` reads one (same messages), each failure with
/// its index on the path.
///
/// Only the allocation is built per element type; the loop ([`fill_list`]) is
/// shared, each item written in place by `put::<T>`.
pub(crate) fn list<T: DeserializeOwned>(node: Node) -> Result<Vec<T>, ReadError> {
    let items = items_of(node)?;
    let mut out = Vec::<T>::with_capacity(items.len());
    let n = items.len();
    // SAFETY: `out` has room for `n` items of `T`; `put::<T>` and `drop_fn::<T>`
    // are `T`'s; on `Ok` all `n` are written, on `Err` none is left written.
    unsafe {
        fill_list(
            items,
            out.as_mut_ptr().cast(),
            std::mem::size_of::<T>(),
            put::<T>,
            drop_fn::<T>(),
        )?;
        out.set_len(n);
    }
    Ok(out)
}

/// A list node's items, or serde's error for what is not a list.
fn items_of(node: Node) -> Result<Vec<Node>, ReadError> {
    match node {
        Node::List(items) => Ok(items),
        other => Err(de::Error::invalid_type(other.unexpected(), &"a sequence")),
    }
}

/// Each of `items` read by `read` into consecutive places of `size` bytes from
/// `base`; on a failure those written are dropped again.
///
/// # Safety
///
/// `base` has room for `items.len()` values of the type `read` writes (`size`
/// bytes each), and `drop` drops that type.
unsafe fn fill_list(
    items: Vec<Node>,
    base: *mut u8,
    size: usize,
    read: ReadFn,
    drop: Option<unsafe fn(*mut u8)>,
) -> Result<(), ReadError> {
    for (i, item) in items.into_iter().enumerate() {
        // SAFETY: place `i` is within the room the caller promised, unwritten.
        if let Err(e) = unsafe { read(item, base.add(i * size)) } {
            if let Some(drop) = drop {
                for j in 0..i {
                    // SAFETY: places before `i` were written, each dropped once.
                    unsafe { drop(base.add(j * size)) };
                }
            }
            return Err(e.at_index(i));
        }
    }
    Ok(())
}

/// A tolerant rule of [`crate::de`] as a field reader reads it.
#[doc(hidden)]
pub trait Rule {
    /// What the rule reads.
    type Value;
    /// The rule applied to `node`.
    fn read(node: Node) -> Result<Self::Value, ReadError>;
}
