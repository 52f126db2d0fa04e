//! Tolerant reading: deserializers for what real payloads send.
//!
//! Numbers arrive as strings (`"max_points": "100"`), booleans as `0`/`1`, ids as
//! integers or strings, fields present, absent or `null`. These helpers read all of
//! it; models use them with `#[serde(deserialize_with = "...")]`. Unknown fields are
//! never an error (no model denies them).

use std::fmt;

use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};

thread_local! {
    static STRICT: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// True while caller input is being read ([`crate::input::from_value_strict`]): then
/// the tolerant readers below coerce nothing (no numeric strings, no `0`/`1`
/// booleans, no numbers as text, no `null` inside a list of ids). Reading answers
/// stays tolerant; writing is strict.
pub fn strict() -> bool {
    STRICT.with(|s| s.get())
}

/// Reads inside this scope are strict (see [`strict`]); the previous mode comes back
/// when it is dropped.
pub struct StrictScope(bool);

impl StrictScope {
    /// Enter strict reading.
    pub fn enter() -> Self {
        StrictScope(STRICT.with(|s| s.replace(true)))
    }
}

impl Drop for StrictScope {
    fn drop(&mut self) {
        let previous = self.0;
        STRICT.with(|s| s.set(previous));
    }
}

fn refuse<E: de::Error, V>(unexpected: de::Unexpected<'_>, expected: &str) -> Result<V, E> {
    Err(E::invalid_type(unexpected, &expected))
}

/// `n` as an integer when it is one (and exactly representable): how a number that
/// came as `22` is written back as `22`, not `22.0`.
pub fn as_integer(n: f64) -> Option<i64> {
    if n.is_finite() && n.fract() == 0.0 && n.abs() < 9.0e15 {
        Some(n as i64)
    } else {
        None
    }
}

/// An integer, or a string holding one; `null` and `""` are `None`, or an error
/// where the integer is `required` (raised while the value is read, so the JSON
/// path names the field, not the object that holds it).
struct IntVisitor {
    required: bool,
}

const NULL_INT: &str = "expected an integer, found null";

impl IntVisitor {
    fn absent<E: de::Error>(&self) -> Result<Option<i64>, E> {
        if self.required {
            Err(E::custom(NULL_INT))
        } else {
            Ok(None)
        }
    }
}

impl<'de> Visitor<'de> for IntVisitor {
    type Value = Option<i64>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an integer, or a string holding one")
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        i64::try_from(v)
            .map(Some)
            .map_err(|_| E::custom("integer out of range"))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        if strict() {
            return refuse(de::Unexpected::Float(v), "an integer");
        }
        if let Some(i) = as_integer(v) {
            Ok(Some(i))
        } else {
            Err(E::invalid_value(de::Unexpected::Float(v), &self))
        }
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        if strict() {
            return refuse(de::Unexpected::Str(v), "an integer");
        }
        let t = v.trim();
        if t.is_empty() {
            return self.absent();
        }
        if let Ok(n) = t.parse::<i64>() {
            return Ok(Some(n));
        }
        match crate::float::parse_f64(t) {
            Some(f) => self.visit_f64(f),
            None => Err(E::invalid_value(de::Unexpected::Str(v), &self)),
        }
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        self.absent()
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        self.absent()
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

/// An optional integer: int, integral float, numeric string; `null` or `""` is `None`.
pub fn opt_int<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    d.deserialize_any(IntVisitor { required: false })
}

/// A required integer (an id): int or numeric string.
pub fn int<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    d.deserialize_any(IntVisitor { required: true })?
        .ok_or_else(|| de::Error::custom(NULL_INT))
}

struct NumVisitor;

impl<'de> Visitor<'de> for NumVisitor {
    type Value = Option<f64>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a number, or a string holding one")
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(v as f64))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(v as f64))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Some(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        if strict() {
            return refuse(de::Unexpected::Str(v), "a number");
        }
        let t = v.trim();
        if t.is_empty() {
            return Ok(None);
        }
        match crate::float::parse_f64(t) {
            Some(f) if f.is_finite() => Ok(Some(f)),
            _ => Err(E::invalid_value(de::Unexpected::Str(v), &self)),
        }
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(NumVisitor)
    }
}

/// An optional number: number or numeric string; `null` or `""` is `None`.
pub fn opt_num<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    d.deserialize_any(NumVisitor)
}

struct BoolVisitor;

impl<'de> Visitor<'de> for BoolVisitor {
    type Value = Option<bool>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a boolean, 0/1, or \"true\"/\"false\"")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Some(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        if strict() {
            return refuse(de::Unexpected::Signed(v), "a boolean");
        }
        match v {
            0 => Ok(Some(false)),
            1 => Ok(Some(true)),
            _ => Err(E::invalid_value(de::Unexpected::Signed(v), &self)),
        }
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        if strict() {
            return refuse(de::Unexpected::Unsigned(v), "a boolean");
        }
        match v {
            0 => Ok(Some(false)),
            1 => Ok(Some(true)),
            _ => Err(E::invalid_value(de::Unexpected::Unsigned(v), &self)),
        }
    }
    /// `1.0` and `0.0` as `1` and `0`: JSON does not tell them apart (a JS reader
    /// sees the same number).
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        if strict() {
            return refuse(de::Unexpected::Float(v), "a boolean");
        }
        if v == 0.0 {
            Ok(Some(false))
        } else if v == 1.0 {
            Ok(Some(true))
        } else {
            Err(E::invalid_value(de::Unexpected::Float(v), &self))
        }
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        if strict() {
            return refuse(de::Unexpected::Str(v), "a boolean");
        }
        match v.trim().to_ascii_lowercase().as_str() {
            "" => Ok(None),
            "true" | "1" | "yes" | "t" => Ok(Some(true)),
            "false" | "0" | "no" | "f" => Ok(Some(false)),
            _ => Err(E::invalid_value(de::Unexpected::Str(v), &self)),
        }
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(BoolVisitor)
    }
}

/// An optional boolean: `true`/`false`, `0`/`1`, or those as strings.
pub fn opt_bool<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    d.deserialize_any(BoolVisitor)
}

struct StringVisitor;

impl<'de> Visitor<'de> for StringVisitor {
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Some(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        if strict() {
            return refuse(de::Unexpected::Signed(v), "a string");
        }
        Ok(Some(v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        if strict() {
            return refuse(de::Unexpected::Unsigned(v), "a string");
        }
        Ok(Some(v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        if strict() {
            return refuse(de::Unexpected::Float(v), "a string");
        }
        Ok(Some(crate::float::Text(v).to_string()))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        if strict() {
            return refuse(de::Unexpected::Bool(v), "a string");
        }
        Ok(Some(v.to_string()))
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(StringVisitor)
    }
}

/// An optional string; numbers and booleans are kept as their text.
pub fn opt_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    d.deserialize_any(StringVisitor)
}

/// A list that may be `null` or absent (then empty).
#[cfg(target_arch = "wasm32")]
pub fn vec<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

/// A list that may be `null` or absent (then empty).
///
/// Natively, serde's own `Option<Vec<T>>` but for how the list grows: room for 16
/// items at the first (up to 4 KiB of them), each item pushed as it is read, and
/// the room given back when less than half of it was used. serde's `Vec` grows
/// 4, 8, 16 (two reallocations, each a copy, for a student's 10 task results) and
/// wraps each item in an `Option` first (another copy of a 200-byte struct). Same
/// values, same errors (`expected a sequence`); the capacity is never above what
/// serde's growth leaves. (wasm32 keeps serde's: its models read from a tree, and
/// code size counts more there.)
#[cfg(not(target_arch = "wasm32"))]
pub fn vec<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    d.deserialize_option(OptionalList(std::marker::PhantomData))
}

/// [`vec`]'s reader of `null` or a list.
#[cfg(not(target_arch = "wasm32"))]
struct OptionalList<T>(std::marker::PhantomData<T>);

#[cfg(not(target_arch = "wasm32"))]
impl<'de, T: Deserialize<'de>> Visitor<'de> for OptionalList<T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("option")
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_seq(List(std::marker::PhantomData))
    }
}

/// [`vec`]'s reader of the list itself.
#[cfg(not(target_arch = "wasm32"))]
struct List<T>(std::marker::PhantomData<T>);

/// Items of `T` that the first allocation of a [`List`] has room for: 16, or as
/// many as fit in 4 KiB (at least 4).
#[cfg(not(target_arch = "wasm32"))]
fn first_room<T>() -> usize {
    (4096 / std::mem::size_of::<T>().max(1)).clamp(4, 16)
}

#[cfg(not(target_arch = "wasm32"))]
impl<'de, T: Deserialize<'de>> Visitor<'de> for List<T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a sequence")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::new();
        if let Some(n) = seq.size_hint() {
            // As serde's own reading: never more than 1 MiB on a length's word.
            out.reserve(n.min((1 << 20) / std::mem::size_of::<T>().max(1)));
        }
        while seq.next_element_seed(Push(&mut out))?.is_some() {}
        if out.len() * 2 <= out.capacity() {
            out.shrink_to_fit();
        }
        Ok(out)
    }
}

/// One item of a [`List`], read straight into it.
#[cfg(not(target_arch = "wasm32"))]
struct Push<'a, T>(&'a mut Vec<T>);

#[cfg(not(target_arch = "wasm32"))]
impl<'de, T: Deserialize<'de>> de::DeserializeSeed<'de> for Push<'_, T> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        let item = T::deserialize(d)?;
        if self.0.capacity() == 0 {
            self.0.reserve_exact(first_room::<T>());
        }
        self.0.push(item);
        Ok(())
    }
}

struct IntListVisitor;

impl<'de> Visitor<'de> for IntListVisitor {
    type Value = Vec<i64>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of integers")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(v) = seq.next_element::<Lenient<i64>>()? {
            match v.0 {
                Some(v) => out.push(v),
                None if strict() => {
                    return Err(de::Error::invalid_type(de::Unexpected::Unit, &"an integer"))
                }
                None => {}
            }
        }
        Ok(out)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        if strict() {
            return refuse(de::Unexpected::Str(v), "a list of integers");
        }
        v.split(',')
            .filter(|s| !s.trim().is_empty())
            .map(|s| {
                s.trim()
                    .parse::<i64>()
                    .map_err(|_| E::invalid_value(de::Unexpected::Str(v), &self))
            })
            .collect()
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(IntListVisitor)
    }
}

/// A list of ids: each an int or a numeric string; `null` is empty; a
/// comma-separated string is split.
pub fn int_vec<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<i64>, D::Error> {
    d.deserialize_any(IntListVisitor)
}

struct Lenient<T>(Option<T>);

impl<'de> Deserialize<'de> for Lenient<i64> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(IntVisitor { required: false })
            .map(Lenient)
    }
}

/// A grade as ManageBac sends it: a number in one record (`"grade": 6`) and a
/// string in the next (`"grade": "5"`), or a symbol (`"A"`, `"Excellent"`).
///
/// Numeric strings become [`Grade::Number`], so `6` and `"6"` compare equal;
/// serializing writes a number (an integer when it is one) or the text.
#[derive(Debug, Clone, PartialEq)]
pub enum Grade {
    /// A numeric grade (IB 1-7, a percentage, points).
    Number(f64),
    /// A symbol or descriptor.
    Text(String),
}

impl Grade {
    /// The grade as a number, when it is one.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Grade::Number(n) => Some(*n),
            Grade::Text(_) => None,
        }
    }

    /// The grade as text (`6`, `5.5`, `A`).
    pub fn as_text(&self) -> String {
        self.to_string()
    }
}

impl fmt::Display for Grade {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Grade::Number(n) if as_integer(*n).is_some() => write!(f, "{}", *n as i64),
            Grade::Number(n) => write!(f, "{n}"),
            Grade::Text(s) => f.write_str(s),
        }
    }
}

impl From<f64> for Grade {
    fn from(v: f64) -> Self {
        Grade::Number(v)
    }
}

impl From<i64> for Grade {
    fn from(v: i64) -> Self {
        Grade::Number(v as f64)
    }
}

impl From<&str> for Grade {
    fn from(v: &str) -> Self {
        Grade::Text(v.to_string())
    }
}

impl Serialize for Grade {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Grade::Number(n) if as_integer(*n).is_some() => s.serialize_i64(*n as i64),
            Grade::Number(n) => s.serialize_f64(*n),
            Grade::Text(t) => s.serialize_str(t),
        }
    }
}

struct GradeVisitor;

impl<'de> Visitor<'de> for GradeVisitor {
    type Value = Grade;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a grade (number or string)")
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Grade, E> {
        Ok(Grade::Number(v as f64))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Grade, E> {
        Ok(Grade::Number(v as f64))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Grade, E> {
        Ok(Grade::Number(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Grade, E> {
        let t = v.trim();
        match crate::float::parse_f64(t) {
            Some(n) if n.is_finite() && !t.is_empty() && looks_numeric(t) => Ok(Grade::Number(n)),
            _ => Ok(Grade::Text(v.to_string())),
        }
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Grade, E> {
        Ok(Grade::Text(v.to_string()))
    }
}

fn looks_numeric(t: &str) -> bool {
    t.bytes()
        .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-' || b == b'+')
}

impl<'de> Deserialize<'de> for Grade {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(GradeVisitor)
    }
}

/// Write an optional number as the API does: an integer when it is one (`50`, not
/// `50.0`).
pub fn opt_num_out<S: Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(n) if as_integer(*n).is_some() => s.serialize_some(&(*n as i64)),
        Some(n) => s.serialize_some(n),
        None => s.serialize_none(),
    }
}

/// A value that can also be sent as `""`. ManageBac treats an empty string as a value
/// ("Empty string values are not ignored and will overwrite existing values"): it
/// clears the field. So a field of this type has three states: `None` (not set,
/// never sent), `Some(Clearable::Value(x))` and `Some(Clearable::Clear)` (sent as
/// `""`). Reading is tolerant: numbers as strings, `0`/`1` for booleans.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Clearable<T> {
    /// A value.
    Value(T),
    /// The empty string: clear the field.
    Clear,
}

impl<T: Copy> Clearable<T> {
    /// The value, unless this clears.
    pub fn value(&self) -> Option<T> {
        match self {
            Clearable::Value(v) => Some(*v),
            Clearable::Clear => None,
        }
    }
}

impl<T> From<T> for Clearable<T> {
    fn from(v: T) -> Self {
        Clearable::Value(v)
    }
}

/// The scalars a [`Clearable`] holds, and how each reads from loose JSON.
pub trait ClearableScalar: Sized + Copy {
    /// What the visitor expects, for error messages.
    const EXPECTING: &'static str;
    /// From an integer.
    fn from_i64(v: i64) -> Option<Self>;
    /// From a float.
    fn from_f64(v: f64) -> Option<Self>;
    /// From a boolean.
    fn from_bool(v: bool) -> Option<Self>;
    /// From non-empty text.
    fn from_text(v: &str) -> Option<Self>;
    /// Write the value.
    fn write<S: Serializer>(self, s: S) -> Result<S::Ok, S::Error>;
}

impl ClearableScalar for f64 {
    const EXPECTING: &'static str = "a number (or \"\" to clear it)";
    fn from_i64(v: i64) -> Option<Self> {
        Some(v as f64)
    }
    fn from_f64(v: f64) -> Option<Self> {
        v.is_finite().then_some(v)
    }
    fn from_bool(_: bool) -> Option<Self> {
        None
    }
    fn from_text(v: &str) -> Option<Self> {
        crate::float::parse_f64(v).filter(|x| x.is_finite())
    }
    fn write<S: Serializer>(self, s: S) -> Result<S::Ok, S::Error> {
        match as_integer(self) {
            Some(i) => s.serialize_i64(i),
            None => s.serialize_f64(self),
        }
    }
}

impl ClearableScalar for i64 {
    const EXPECTING: &'static str = "an integer (or \"\" to clear it)";
    fn from_i64(v: i64) -> Option<Self> {
        Some(v)
    }
    fn from_f64(v: f64) -> Option<Self> {
        as_integer(v)
    }
    fn from_bool(_: bool) -> Option<Self> {
        None
    }
    fn from_text(v: &str) -> Option<Self> {
        v.parse().ok()
    }
    fn write<S: Serializer>(self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(self)
    }
}

impl ClearableScalar for bool {
    const EXPECTING: &'static str = "a boolean (or \"\" to clear it)";
    fn from_i64(v: i64) -> Option<Self> {
        match v {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }
    fn from_f64(v: f64) -> Option<Self> {
        as_integer(v).and_then(Self::from_i64)
    }
    fn from_bool(v: bool) -> Option<Self> {
        Some(v)
    }
    fn from_text(v: &str) -> Option<Self> {
        match v {
            "true" | "1" => Some(true),
            "false" | "0" => Some(false),
            _ => None,
        }
    }
    fn write<S: Serializer>(self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bool(self)
    }
}

impl<T: ClearableScalar> Serialize for Clearable<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Clearable::Value(v) => v.write(s),
            Clearable::Clear => s.serialize_str(""),
        }
    }
}

struct ClearableVisitor<T>(std::marker::PhantomData<T>);

impl<'de, T: ClearableScalar> Visitor<'de> for ClearableVisitor<T> {
    type Value = Clearable<T>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(T::EXPECTING)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        if strict() && T::from_bool(true).is_some() {
            // 0/1 for a boolean is a coercion.
            return refuse(de::Unexpected::Signed(v), T::EXPECTING);
        }
        T::from_i64(v)
            .map(Clearable::Value)
            .ok_or_else(|| E::invalid_value(de::Unexpected::Signed(v), &self))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        if strict() && T::from_bool(true).is_some() {
            // 0/1 for a boolean is a coercion.
            return refuse(de::Unexpected::Unsigned(v), T::EXPECTING);
        }
        i64::try_from(v)
            .ok()
            .and_then(T::from_i64)
            .map(Clearable::Value)
            .ok_or_else(|| E::invalid_value(de::Unexpected::Unsigned(v), &self))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        if strict() && T::from_bool(true).is_some() {
            return refuse(de::Unexpected::Float(v), T::EXPECTING);
        }
        T::from_f64(v)
            .map(Clearable::Value)
            .ok_or_else(|| E::invalid_value(de::Unexpected::Float(v), &self))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        T::from_bool(v)
            .map(Clearable::Value)
            .ok_or_else(|| E::invalid_type(de::Unexpected::Bool(v), &self))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        let t = v.trim();
        if t.is_empty() {
            return Ok(Clearable::Clear);
        }
        if strict() {
            return refuse(de::Unexpected::Str(v), T::EXPECTING);
        }
        T::from_text(t)
            .map(Clearable::Value)
            .ok_or_else(|| E::invalid_value(de::Unexpected::Str(v), &self))
    }
}

impl<'de, T: ClearableScalar> Deserialize<'de> for Clearable<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ClearableVisitor(std::marker::PhantomData))
    }
}

/// Bytes (an image): base64 text in JSON (and in JS), `bytes` in Python.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Bytes(pub Vec<u8>);

impl fmt::Debug for Bytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Bytes({} bytes)", self.0.len())
    }
}

impl Serialize for Bytes {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use base64::Engine;
        s.serialize_str(&base64::engine::general_purpose::STANDARD.encode(&self.0))
    }
}

impl<'de> Deserialize<'de> for Bytes {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use base64::Engine;
        let text = String::deserialize(d)?;
        base64::engine::general_purpose::STANDARD
            .decode(text.trim())
            .map(Bytes)
            .map_err(de::Error::custom)
    }
}

/// Serde helper: skip a `Vec` field when it is empty.
pub fn is_empty<T>(v: &[T]) -> bool {
    v.is_empty()
}

/// An optional decimal written as text (`"90"`, `"1e2"`, `""` or `null` for none), as
/// `rust_decimal::serde::str_option` reads and writes it, with the same messages.
/// rust_decimal's visitor tries `Decimal::from_scientific` after `from_str`, which
/// already reads an exponent (and never fails where that succeeds): that second
/// parser is 2 KB of the wasm module, so this reads with `from_str` alone.
pub mod opt_decimal_text {
    use std::fmt;
    use std::str::FromStr;

    use rust_decimal::Decimal;
    use serde::de::{self, Deserializer, Visitor};
    use serde::Serializer;

    /// Read it (see [the module](self)).
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
        d.deserialize_option(OptDecimalText)
    }

    /// Write it as `rust_decimal::serde::str_option` does (text, or `null`).
    pub fn serialize<S: Serializer>(v: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
        rust_decimal::serde::str_option::serialize(v, s)
    }

    struct OptDecimalText;

    impl<'de> Visitor<'de> for OptDecimalText {
        type Value = Option<Decimal>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a Decimal type representing a fixed-point number")
        }
        fn visit_none<E: de::Error>(self) -> Result<Option<Decimal>, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Option<Decimal>, D::Error> {
            d.deserialize_str(self)
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Option<Decimal>, E> {
            if v.is_empty() {
                return Ok(None);
            }
            match Decimal::from_str(v) {
                Ok(d) => Ok(Some(d)),
                // rust_decimal's message is `from_scientific`'s: with an exponent the
                // same as `from_str`'s (both read the part before it alike), without
                // one its "Failed to parse".
                Err(e) if v.contains(['e', 'E']) => Err(E::custom(e)),
                Err(_) => Err(E::custom("Failed to parse")),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `vec` reads as serde's `Option<Vec<T>>` (then empty for `None`) does: the same
    /// values and the same messages, from the text and from a tree; and it never
    /// holds more room than serde's growth leaves.
    #[test]
    fn vec_reads_as_serdes_option_vec_does() {
        #[derive(Deserialize, Debug, PartialEq)]
        struct Ours(#[serde(deserialize_with = "vec")] Vec<(i64, String)>);
        #[derive(Deserialize, Debug, PartialEq)]
        struct Theirs(Option<Vec<(i64, String)>>);
        let item = r#"[7, "x"]"#;
        let mut texts: Vec<String> = [
            "null",
            "[]",
            "5",
            "\"a\"",
            "{}",
            "[1]",
            r#"[[1, 2]]"#,
            "[null]",
        ]
        .iter()
        .map(|t| t.to_string())
        .collect();
        for n in [1, 3, 4, 5, 8, 9, 10, 16, 17, 33] {
            texts.push(format!("[{}]", vec![item; n].join(", ")));
        }
        texts.push(format!("[{item}, {item}, 5]"));
        texts.push(format!("[{item}, {item}"));
        for text in &texts {
            let ours = serde_json::from_str::<Ours>(text).map_err(|e| e.to_string());
            let theirs = serde_json::from_str::<Theirs>(text)
                .map(|t| Ours(t.0.unwrap_or_default()))
                .map_err(|e| e.to_string());
            assert_eq!(ours, theirs, "{text}");
            let value: Result<serde_json::Value, _> = serde_json::from_str(text);
            if let Ok(value) = value {
                let ours = serde_json::from_value::<Ours>(value.clone()).map_err(|e| e.to_string());
                let theirs = serde_json::from_value::<Theirs>(value)
                    .map(|t| Ours(t.0.unwrap_or_default()))
                    .map_err(|e| e.to_string());
                assert_eq!(ours, theirs, "{text} (as a tree)");
            }
            if let (Ok(ours), Ok(theirs)) = (
                serde_json::from_str::<Ours>(text),
                serde_json::from_str::<Theirs>(text),
            ) {
                let (ours, theirs) = (ours.0, theirs.0.unwrap_or_default());
                assert!(ours.capacity() <= theirs.capacity(), "{text}");
                // Up to 8 items, exactly their room (serde's: 4 or 8).
                if ours.len() <= 8 {
                    assert_eq!(ours.capacity(), ours.len(), "{text}");
                }
            }
        }
    }

    /// `opt_decimal_text` reads as `rust_decimal::serde::str_option` does: the same
    /// values and the same messages.
    #[test]
    fn opt_decimal_text_reads_as_rust_decimal_does() {
        #[derive(Deserialize, Debug, PartialEq)]
        struct Ours(#[serde(with = "opt_decimal_text")] Option<rust_decimal::Decimal>);
        #[derive(Deserialize, Debug, PartialEq)]
        struct Theirs(
            #[serde(with = "rust_decimal::serde::str_option")] Option<rust_decimal::Decimal>,
        );
        let texts = [
            "90",
            "89.995",
            "-0",
            "1e2",
            "1E-3",
            "2.5e-28",
            "2.5e-29",
            "1.5e-40",
            "1e28",
            "1e29",
            "1e400",
            "7.9228162514264337593543950335e28",
            "79228162514264337593543950336",
            "0.00000000000000000000000000015",
            "",
            " 5",
            "5 ",
            "1_000",
            "abc",
            "1e",
            "e5",
            "1e+2",
            "1.2.3",
            "--1",
            "1e-2e3",
            "NaN",
            "inf",
        ];
        let mut inputs: Vec<serde_json::Value> = texts.iter().map(|t| (*t).into()).collect();
        inputs.extend([
            serde_json::Value::Null,
            5.into(),
            true.into(),
            serde_json::json!([]),
        ]);
        for v in inputs {
            let ours = serde_json::from_value::<Ours>(v.clone()).map_err(|e| e.to_string());
            let theirs = serde_json::from_value::<Theirs>(v.clone()).map_err(|e| e.to_string());
            assert_eq!(ours.map(|o| o.0), theirs.map(|t| t.0), "{v}");
        }
    }

    #[derive(Deserialize, Debug, PartialEq)]
    struct T {
        #[serde(default, deserialize_with = "opt_int")]
        i: Option<i64>,
        #[serde(default, deserialize_with = "opt_num")]
        n: Option<f64>,
        #[serde(default, deserialize_with = "opt_bool")]
        b: Option<bool>,
        #[serde(default, deserialize_with = "int_vec")]
        ids: Vec<i64>,
        #[serde(default)]
        g: Option<Grade>,
    }

    fn t(s: &str) -> T {
        serde_json::from_str(s).unwrap()
    }

    #[test]
    fn numbers_as_strings() {
        assert_eq!(t(r#"{"i": "12", "n": "100"}"#).i, Some(12));
        assert_eq!(t(r#"{"n": "100.5"}"#).n, Some(100.5));
        assert_eq!(t(r#"{"i": 12.0, "n": 3}"#).i, Some(12));
        assert_eq!(t(r#"{"i": null, "n": ""}"#).n, None);
        assert!(serde_json::from_str::<T>(r#"{"i": "abc"}"#).is_err());
    }

    #[test]
    fn booleans_as_numbers() {
        assert_eq!(t(r#"{"b": 1}"#).b, Some(true));
        assert_eq!(t(r#"{"b": 0}"#).b, Some(false));
        // As a JS reader sees them: the same numbers.
        assert_eq!(t(r#"{"b": 1.0}"#).b, Some(true));
        assert_eq!(t(r#"{"b": -0.0}"#).b, Some(false));
        assert!(serde_json::from_str::<T>(r#"{"b": 0.5}"#).is_err());
        assert_eq!(t(r#"{"b": "true"}"#).b, Some(true));
        assert_eq!(t(r#"{"b": null}"#).b, None);
        assert_eq!(t(r#"{}"#).b, None);
    }

    #[test]
    fn id_lists() {
        assert_eq!(t(r#"{"ids": [1, "2", null]}"#).ids, vec![1, 2]);
        assert_eq!(t(r#"{"ids": "1,2,3"}"#).ids, vec![1, 2, 3]);
        assert_eq!(t(r#"{"ids": null}"#).ids, Vec::<i64>::new());
    }

    #[test]
    fn grades_number_or_string() {
        assert_eq!(t(r#"{"g": 6}"#).g, Some(Grade::Number(6.0)));
        assert_eq!(t(r#"{"g": "5"}"#).g, Some(Grade::Number(5.0)));
        assert_eq!(t(r#"{"g": "A-"}"#).g, Some(Grade::Text("A-".into())));
        assert_eq!(
            t(r#"{"g": "Excellent"}"#).g,
            Some(Grade::Text("Excellent".into()))
        );
        assert_eq!(t(r#"{"g": "inf"}"#).g, Some(Grade::Text("inf".into())));
        assert_eq!(serde_json::to_string(&Grade::Number(6.0)).unwrap(), "6");
        assert_eq!(serde_json::to_string(&Grade::Number(5.5)).unwrap(), "5.5");
    }
}
