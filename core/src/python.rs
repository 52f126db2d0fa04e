//! Python faces of the models (feature `python`, used by the `gradebridge-py`
//! binding): each model is a Python class with its JSON fields as attributes, a
//! keyword constructor that refuses unknown keys, `to_dict()` in the API's shape,
//! `from_dict()`, `__repr__` and `__eq__`. Conversions only: no endpoint or grade logic.

use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::types::{IntoPyDict, PyDict, PyList, PyModule, PyString, PyTuple};
use pyo3::IntoPyObjectExt;

use crate::de::Grade;
use crate::error::Error;
use crate::managebac::models::SubjectOption;
use crate::timestamp::Timestamp;

/// A [`crate::Map`] as a `dict`, as pyo3 converts a `BTreeMap`.
impl<'py, K, V> IntoPyObject<'py> for crate::Map<K, V>
where
    K: IntoPyObject<'py>,
    V: IntoPyObject<'py>,
{
    type Target = PyDict;
    type Output = Bound<'py, PyDict>;
    type Error = PyErr;
    fn into_pyobject(self, py: Python<'py>) -> Result<Self::Output, Self::Error> {
        self.into_iter().into_py_dict(py)
    }
}

impl<'a, 'py, K, V> IntoPyObject<'py> for &'a crate::Map<K, V>
where
    &'a K: IntoPyObject<'py>,
    &'a V: IntoPyObject<'py>,
{
    type Target = PyDict;
    type Output = Bound<'py, PyDict>;
    type Error = PyErr;
    fn into_pyobject(self, py: Python<'py>) -> Result<Self::Output, Self::Error> {
        self.iter().into_py_dict(py)
    }
}

impl<'py> IntoPyObject<'py> for &Grade {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;
    fn into_pyobject(self, py: Python<'py>) -> Result<Self::Output, Self::Error> {
        match self {
            Grade::Number(n) if crate::de::as_integer(*n).is_some() => {
                (*n as i64).into_bound_py_any(py)
            }
            Grade::Number(n) => n.into_bound_py_any(py),
            Grade::Text(t) => t.into_bound_py_any(py),
        }
    }
}

impl<'py> IntoPyObject<'py> for Grade {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;
    fn into_pyobject(self, py: Python<'py>) -> Result<Self::Output, Self::Error> {
        (&self).into_pyobject(py)
    }
}

impl<'py, T> IntoPyObject<'py> for &crate::de::Clearable<T>
where
    T: Copy + IntoPyObject<'py>,
{
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;
    fn into_pyobject(self, py: Python<'py>) -> Result<Self::Output, Self::Error> {
        match self {
            crate::de::Clearable::Value(v) => v.into_bound_py_any(py),
            crate::de::Clearable::Clear => "".into_bound_py_any(py),
        }
    }
}

impl<'py, T> IntoPyObject<'py> for crate::de::Clearable<T>
where
    T: Copy + IntoPyObject<'py>,
{
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;
    fn into_pyobject(self, py: Python<'py>) -> Result<Self::Output, Self::Error> {
        (&self).into_pyobject(py)
    }
}

impl<'py> IntoPyObject<'py> for &crate::de::Bytes {
    type Target = pyo3::types::PyBytes;
    type Output = Bound<'py, pyo3::types::PyBytes>;
    type Error = std::convert::Infallible;
    fn into_pyobject(self, py: Python<'py>) -> Result<Self::Output, Self::Error> {
        Ok(pyo3::types::PyBytes::new(py, &self.0))
    }
}

impl<'py> IntoPyObject<'py> for crate::de::Bytes {
    type Target = pyo3::types::PyBytes;
    type Output = Bound<'py, pyo3::types::PyBytes>;
    type Error = std::convert::Infallible;
    fn into_pyobject(self, py: Python<'py>) -> Result<Self::Output, Self::Error> {
        Ok(pyo3::types::PyBytes::new(py, &self.0))
    }
}

/// The Python module of the value types the core hands out (`gradebridge._values`:
/// `Timestamp`, `ScaleLevel`), imported once.
static VALUES: pyo3::sync::PyOnceLock<Py<PyModule>> = pyo3::sync::PyOnceLock::new();

/// A value type of `gradebridge._values` by name (types a `str` subclass or a named
/// tuple is simplest written in Python as).
pub fn value_type<'py>(py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
    VALUES
        .get_or_try_init(py, || py.import("gradebridge._values").map(Bound::unbind))?
        .bind(py)
        .getattr(name)
}

/// `gradebridge.Timestamp`, looked up once (`None` without the Python package).
static TIMESTAMP: pyo3::sync::PyOnceLock<Option<Py<PyAny>>> = pyo3::sync::PyOnceLock::new();

impl<'py> IntoPyObject<'py> for &Timestamp {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;
    fn into_pyobject(self, py: Python<'py>) -> Result<Self::Output, Self::Error> {
        let text = PyString::new(py, self.as_str());
        // Without the Python package around it (the bare extension module), plain text.
        let class =
            TIMESTAMP.get_or_init(py, || value_type(py, "Timestamp").ok().map(Bound::unbind));
        let Some(class) = class else {
            return Ok(text.into_any());
        };
        let stamp = class.bind(py).call1((text,))?;
        // A `Timestamp` is text with no attributes of its own (`__slots__ = ()`): it
        // can be part of no cycle, so the GC need not walk it, nor the model that
        // keeps it (see `cached`).
        // Safety: `stamp` is a live object, made here, that refers to nothing.
        unsafe {
            if pyo3::ffi::PyObject_GC_IsTracked(stamp.as_ptr()) == 1 {
                pyo3::ffi::PyObject_GC_UnTrack(stamp.as_ptr().cast());
            }
        }
        Ok(stamp)
    }
}

impl<'py> IntoPyObject<'py> for Timestamp {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;
    fn into_pyobject(self, py: Python<'py>) -> Result<Self::Output, Self::Error> {
        (&self).into_pyobject(py)
    }
}

/// `_timestamp_parts(text)`: what `Timestamp.datetime` is built from: `(year, month,
/// day, hour, minute, second, microsecond, utc_offset_seconds or None)`, or `None`
/// when the text is not a date. The parsing is the core's ([`Timestamp::civil`],
/// [`Timestamp::offset_seconds`]).
#[pyfunction]
#[allow(clippy::type_complexity)]
pub fn _timestamp_parts(text: &str) -> Option<(i16, i8, i8, i8, i8, i8, i32, Option<i32>)> {
    let t = Timestamp::new(text);
    let c = t.civil()?;
    Some((
        c.year(),
        c.month(),
        c.day(),
        c.hour(),
        c.minute(),
        c.second(),
        c.subsec_nanosecond() / 1000,
        t.offset_seconds(),
    ))
}

impl<'py> IntoPyObject<'py> for &SubjectOption {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;
    fn into_pyobject(self, py: Python<'py>) -> Result<Self::Output, Self::Error> {
        match self {
            SubjectOption::Text(t) => t.into_bound_py_any(py),
            SubjectOption::List(l) => l.into_bound_py_any(py),
        }
    }
}

impl<'py> IntoPyObject<'py> for SubjectOption {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;
    fn into_pyobject(self, py: Python<'py>) -> Result<Self::Output, Self::Error> {
        (&self).into_pyobject(py)
    }
}

create_exception!(
    gradebridge,
    GradebridgeError,
    PyException,
    "Base class of every gradebridge error."
);
create_exception!(
    gradebridge,
    InvalidInputError,
    GradebridgeError,
    "Input refused before any request left; `.field` names it."
);
create_exception!(
    gradebridge,
    AuthenticationError,
    GradebridgeError,
    "HTTP 401: missing, invalid or disabled credentials."
);
create_exception!(
    gradebridge,
    PermissionDeniedError,
    GradebridgeError,
    "HTTP 403: the credentials lack a permission."
);
create_exception!(
    gradebridge,
    NotFoundError,
    GradebridgeError,
    "HTTP 404: an id that does not exist."
);
create_exception!(
    gradebridge,
    RateLimitError,
    GradebridgeError,
    "HTTP 429 that was not waited out; `.retry_after` in seconds."
);
create_exception!(
    gradebridge,
    UnprocessableError,
    GradebridgeError,
    "HTTP 422: the server refused the payload; `.field_errors`."
);
create_exception!(
    gradebridge,
    ServerError,
    GradebridgeError,
    "HTTP 5xx (or another unexpected status)."
);
create_exception!(
    gradebridge,
    TransportError,
    GradebridgeError,
    "No answer: connection refused or dropped, TLS, timeout."
);
create_exception!(
    gradebridge,
    DecodeError,
    GradebridgeError,
    "The answer was not the expected JSON; `.path` names where."
);

/// The Python exception for an [`Error`]: the subclass of `GradebridgeError` for its
/// kind, with `code`, `status`, `field`, `field_errors`, `retry_after`, `path`,
/// `attempts`, `maybe_applied`, `timeout` and `body_excerpt` attributes.
pub fn to_py_err(err: &Error) -> PyErr {
    use crate::error::ErrorKind as K;
    let msg = err.message().to_string();
    let py_err = match err.kind() {
        K::InvalidInput { .. } => InvalidInputError::new_err(msg),
        K::Unauthorized => AuthenticationError::new_err(msg),
        K::Forbidden => PermissionDeniedError::new_err(msg),
        K::NotFound => NotFoundError::new_err(msg),
        K::RateLimited { .. } => RateLimitError::new_err(msg),
        K::Unprocessable { .. } => UnprocessableError::new_err(msg),
        K::Transport { .. } => TransportError::new_err(msg),
        K::Decode { .. } => DecodeError::new_err(msg),
        _ => ServerError::new_err(msg),
    };
    Python::attach(|py| {
        let value = py_err.value(py);
        let _ = value.setattr("code", err.code());
        let _ = value.setattr("platform", err.platform());
        let _ = value.setattr("maybe_applied", err.maybe_applied());
        let _ = value.setattr("timeout", err.is_timeout());
        let _ = value.setattr("attempts", err.attempts());
        let _ = value.setattr("status", err.status());
        let _ = value.setattr("body_excerpt", err.body_excerpt());
        let field = match err.kind() {
            K::InvalidInput { field } => Some(field.clone()),
            _ => None,
        };
        let _ = value.setattr("field", field);
        let path = match err.kind() {
            K::Decode { path } => Some(path.clone()),
            _ => None,
        };
        let _ = value.setattr("path", path);
        let _ = value.setattr(
            "field_errors",
            err.field_errors().cloned().unwrap_or_default(),
        );
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default();
        let retry_after = err
            .retry_after()
            .and_then(|r| r.delay_from(now))
            .map(|d| d.as_secs_f64());
        let _ = value.setattr("retry_after", retry_after);
    });
    py_err
}

/// Add the exception classes to a Python module.
pub fn add_exceptions(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("GradebridgeError", py.get_type::<GradebridgeError>())?;
    m.add("InvalidInputError", py.get_type::<InvalidInputError>())?;
    m.add("AuthenticationError", py.get_type::<AuthenticationError>())?;
    m.add(
        "PermissionDeniedError",
        py.get_type::<PermissionDeniedError>(),
    )?;
    m.add("NotFoundError", py.get_type::<NotFoundError>())?;
    m.add("RateLimitError", py.get_type::<RateLimitError>())?;
    m.add("UnprocessableError", py.get_type::<UnprocessableError>())?;
    m.add("ServerError", py.get_type::<ServerError>())?;
    m.add("TransportError", py.get_type::<TransportError>())?;
    m.add("DecodeError", py.get_type::<DecodeError>())?;
    Ok(())
}

/// Read caller input (dicts, lists, tuples, str, int, float, bool, None, and model
/// objects through their `to_dict()`) as JSON, naming the path of anything that
/// cannot be sent: a float that is not finite, an int outside 64 bits, a dict key
/// that is not a string, an object of another type. `what` prefixes the path.
pub fn to_json(value: &Bound<'_, PyAny>, what: &str) -> Result<serde_json::Value, Error> {
    let mut path = what.to_string();
    to_json_at(value, &mut path)
}

fn py_failure(path: &str, e: impl std::fmt::Display) -> Error {
    Error::invalid_input(if path.is_empty() { "value" } else { path }, e)
}

fn to_json_at(value: &Bound<'_, PyAny>, path: &mut String) -> Result<serde_json::Value, Error> {
    use serde_json::Value;
    if value.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(b) = value.cast::<pyo3::types::PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if let Ok(s) = value.cast::<PyString>() {
        return s
            .to_cow()
            .map(|s| Value::String(s.into_owned()))
            .map_err(|e| py_failure(path, e));
    }
    if value.is_instance_of::<pyo3::types::PyInt>() {
        if let Ok(i) = value.extract::<i64>() {
            return Ok(Value::from(i));
        }
        if let Ok(u) = value.extract::<u64>() {
            return Ok(Value::from(u));
        }
        return Err(py_failure(path, "integer is out of range"));
    }
    if let Ok(f) = value.cast::<pyo3::types::PyFloat>() {
        let x = f.value();
        return serde_json::Number::from_f64(x)
            .map(Value::Number)
            .ok_or_else(|| py_failure(path, format!("must be a finite number, got {x}")));
    }
    if let Ok(d) = value.cast::<PyDict>() {
        let mut map = serde_json::Map::with_capacity(d.len());
        for (k, v) in d.iter() {
            let key = k.cast::<PyString>().map_err(|_| {
                py_failure(path, format!("keys must be strings, got {}", type_name(&k)))
            })?;
            let key = key.to_cow().map_err(|e| py_failure(path, e))?.into_owned();
            let len = path.len();
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(&key);
            let v = to_json_at(&v, path)?;
            path.truncate(len);
            map.insert(key, v);
        }
        return Ok(Value::Object(map));
    }
    if value.is_instance_of::<PyList>() || value.is_instance_of::<PyTuple>() {
        let mut out = Vec::new();
        for (i, item) in value
            .try_iter()
            .map_err(|e| py_failure(path, e))?
            .enumerate()
        {
            let item = item.map_err(|e| py_failure(path, e))?;
            let len = path.len();
            path.push_str(&format!("[{i}]"));
            out.push(to_json_at(&item, path)?);
            path.truncate(len);
        }
        return Ok(Value::Array(out));
    }
    if value.hasattr("to_dict").unwrap_or(false) {
        let d = value
            .call_method0("to_dict")
            .map_err(|e| py_failure(path, e))?;
        return to_json_at(&d, path);
    }
    // What Python users hold for numbers and times: a `decimal.Decimal` is sent as
    // the number it is (finite only), a `datetime.datetime` / `datetime.date` as ISO
    // 8601 text (`2026-03-02T15:00:00+01:00`, `2026-03-02`).
    let py = value.py();
    if let Ok(decimal) = py.import("decimal").and_then(|m| m.getattr("Decimal")) {
        if value.is_instance(&decimal).unwrap_or(false) {
            let finite = value
                .call_method0("is_finite")
                .and_then(|f| f.is_truthy())
                .unwrap_or(false);
            let text = value.str().map_err(|e| py_failure(path, e))?.to_string();
            let number = text
                .parse::<f64>()
                .ok()
                .filter(|x| finite && x.is_finite())
                .and_then(serde_json::Number::from_f64);
            return number.map(Value::Number).ok_or_else(|| {
                py_failure(
                    path,
                    format!("must be a finite number, got Decimal('{text}')"),
                )
            });
        }
    }
    if let Ok(dt) = py.import("datetime") {
        let is = |name: &str| {
            dt.getattr(name)
                .and_then(|t| value.is_instance(&t))
                .unwrap_or(false)
        };
        // datetime is a subclass of date: either way, its isoformat().
        if is("datetime") || is("date") {
            let text = value
                .call_method0("isoformat")
                .and_then(|t| t.extract::<String>())
                .map_err(|e| py_failure(path, e))?;
            return Ok(Value::String(text));
        }
    }
    // Any other mapping reads as a dict, any other iterable (a generator, a list
    // method's records) as a list; bytes are neither.
    if !value.is_instance_of::<pyo3::types::PyBytes>() {
        let is_mapping = py
            .import("collections.abc")
            .and_then(|m| m.getattr("Mapping"))
            .and_then(|m| value.is_instance(&m))
            .unwrap_or(false);
        if is_mapping {
            let d = PyDict::new(py);
            d.update(
                value
                    .cast::<pyo3::types::PyMapping>()
                    .map_err(|e| py_failure(path, e))?,
            )
            .map_err(|e| py_failure(path, e))?;
            return to_json_at(d.as_any(), path);
        }
        if let Ok(iter) = value.try_iter() {
            let items = iter
                .collect::<PyResult<Vec<_>>>()
                .map_err(|e| py_failure(path, e))?;
            return to_json_at(
                PyList::new(py, items)
                    .map_err(|e| py_failure(path, e))?
                    .as_any(),
                path,
            );
        }
    }
    Err(py_failure(
        path,
        format!("cannot be sent: a value of type {}", type_name(value)),
    ))
}

fn type_name(value: &Bound<'_, PyAny>) -> String {
    value
        .get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "object".to_string())
}

/// Read caller input (a dict, a model, or keyword arguments) as `T`, refusing unknown
/// keys; errors are [`Error`]s of kind invalid input naming the field under `what`.
pub fn from_py<T: serde::de::DeserializeOwned>(
    value: &Bound<'_, PyAny>,
    what: &str,
) -> Result<T, Error> {
    let json = to_json(value, what)?;
    crate::input::from_value_strict(json, what)
}

/// Read API-shaped data a caller hands over (`Model.from_dict`) as an answer is read:
/// tolerantly, unknown keys ignored; errors name the field under `what`.
pub fn from_py_tolerant<T: serde::de::DeserializeOwned>(
    value: &Bound<'_, PyAny>,
    what: &str,
) -> Result<T, Error> {
    let json = to_json(value, what)?;
    crate::input::from_value_tolerant(json, what)
}

fn repr_of(py: Python<'_>, name: &str, dict: &Bound<'_, PyAny>) -> PyResult<String> {
    let mut parts = Vec::new();
    if let Ok(d) = dict.cast::<PyDict>() {
        for (k, v) in d.iter() {
            parts.push(format!("{}={}", k.str()?, v.repr()?));
        }
    }
    let _ = py;
    Ok(format!("{name}({})", parts.join(", ")))
}

/// The Python face of one model class, registered for [`add_models`]. Used by
/// `#[model]` (in `gradebridge-macros`), so a model needs no line here.
macro_rules! py_model {
    ($ty:ident, $face:ident, $gc:expr, $input:literal, { $($getters:tt)* }) => {
        impl $face {
            fn of(inner: $ty, py: ::pyo3::Python<'_>) -> ::pyo3::PyResult<Self> {
                Self::shared($crate::python::Shared::own(inner), py)
            }
        }

        impl ::core::cmp::PartialEq for $face {
            fn eq(&self, other: &Self) -> bool {
                self.inner.get() == other.inner.get()
            }
        }

        impl $crate::python::PyModel for $ty {
            fn shared_into_py<'py>(
                shared: $crate::python::Shared<Self>,
                py: ::pyo3::Python<'py>,
            ) -> ::pyo3::PyResult<::pyo3::Bound<'py, ::pyo3::PyAny>> {
                Ok($crate::python::new_face(py, $face::shared(shared, py)?, $gc)?.into_any())
            }
        }

        impl<'py> ::pyo3::IntoPyObject<'py> for $ty {
            type Target = $face;
            type Output = ::pyo3::Bound<'py, $face>;
            type Error = ::pyo3::PyErr;
            fn into_pyobject(self, py: ::pyo3::Python<'py>) -> ::pyo3::PyResult<Self::Output> {
                $crate::python::new_face(py, $face::of(self, py)?, $gc)
            }
        }

        impl<'py> ::pyo3::IntoPyObject<'py> for &$ty {
            type Target = $face;
            type Output = ::pyo3::Bound<'py, $face>;
            type Error = ::pyo3::PyErr;
            fn into_pyobject(self, py: ::pyo3::Python<'py>) -> ::pyo3::PyResult<Self::Output> {
                ::core::clone::Clone::clone(self).into_pyobject(py)
            }
        }

        #[::pyo3::pymethods]
        impl $face {
            $($getters)*

            /// Build from keyword arguments named as the API's JSON fields.
            #[new]
            #[pyo3(signature = (**fields))]
            fn __py_new(
                py: ::pyo3::Python<'_>,
                fields: Option<&::pyo3::Bound<'_, ::pyo3::types::PyDict>>,
            ) -> ::pyo3::PyResult<Self> {
                $crate::python::model_new(py, fields).and_then(|v| Self::of(v, py))
            }

            /// Build from a dict in the API's JSON shape. A model the API answers with
            /// is read as an answer is (numbers as text and the like coerced, unknown
            /// keys ignored); what a caller writes (an input model) strictly, unknown
            /// keys refused, as the keyword constructor does.
            #[staticmethod]
            fn from_dict(data: &::pyo3::Bound<'_, ::pyo3::PyAny>) -> ::pyo3::PyResult<Self> {
                if $input {
                    $crate::python::from_py::<$ty>(data, "")
                } else {
                    $crate::python::from_py_tolerant::<$ty>(data, "")
                }
                .map_err(|e| $crate::python::to_py_err(&e))
                .and_then(|v| Self::of(v, data.py()))
            }

            /// The API's JSON shape as a dict (fields that are unset are left out).
            fn to_dict<'py>(
                &self,
                py: ::pyo3::Python<'py>,
            ) -> ::pyo3::PyResult<::pyo3::Bound<'py, ::pyo3::PyAny>> {
                $crate::python::model_to_dict(py, self.inner.get())
            }

            fn __repr__(&self, py: ::pyo3::Python<'_>) -> ::pyo3::PyResult<String> {
                $crate::python::model_repr(py, stringify!($ty), self.inner.get())
            }

            /// The API's JSON shape as text.
            fn to_json(&self) -> ::pyo3::PyResult<String> {
                ::serde_json::to_string(self.inner.get()).map_err(|e| {
                    $crate::python::to_py_err(&$crate::Error::invalid_input("value", e))
                })
            }

            fn __copy__(&self, py: ::pyo3::Python<'_>) -> ::pyo3::PyResult<Self> {
                Self::of(self.inner.get().clone(), py)
            }

            fn __deepcopy__(
                &self,
                py: ::pyo3::Python<'_>,
                _memo: &::pyo3::Bound<'_, ::pyo3::PyAny>,
            ) -> ::pyo3::PyResult<Self> {
                // A model owns all of its data: a copy is a deep copy.
                Self::of(self.inner.get().clone(), py)
            }

            /// Pickle as the class name and `to_dict()`; unpickled with `from_dict`.
            fn __reduce__<'py>(
                &self,
                py: ::pyo3::Python<'py>,
            ) -> ::pyo3::PyResult<(
                ::pyo3::Bound<'py, ::pyo3::PyAny>,
                (&'static str, ::pyo3::Bound<'py, ::pyo3::PyAny>),
            )> {
                use ::pyo3::types::PyAnyMethods;
                let rebuild = py
                    .import("gradebridge._native")?
                    .getattr("_rebuild_model")?;
                Ok((
                    rebuild,
                    (stringify!($ty), $crate::python::model_to_dict(py, self.inner.get())?),
                ))
            }
        }

        ::inventory::submit! {
            $crate::python::ModelClass(|m| {
                use ::pyo3::types::PyModuleMethods;
                m.add_class::<$face>()
            })
        }
    };
}
pub(crate) use py_model;

/// A model's Python object. The class is a GC type (`gc`) only when a slot may hold
/// a container (a list, a nested model); its objects are then built untracked by the
/// GC: until one of its slots holds something the GC tracks ([`cached`]), it can be
/// part of no cycle. (A page of 10,000 task results is then 10,000 objects the GC
/// never walks.)
pub fn new_face<T: pyo3::PyClass + Into<pyo3::PyClassInitializer<T>>>(
    py: Python<'_>,
    face: T,
    gc: bool,
) -> PyResult<Bound<'_, T>> {
    let obj = Bound::new(py, face)?;
    if gc {
        // Safety: `obj` is a live object of a GC type (its class has `__traverse__`
        // when `gc`), and untracking an object with no references is always sound.
        unsafe { pyo3::ffi::PyObject_GC_UnTrack(obj.as_ptr().cast()) };
    }
    Ok(obj)
}

/// The Python value of a number field, for a model's members (its numbers are made
/// Python objects when the model object is made). `f64` and `i64` go through a small
/// per-thread cache of the values last made ([`NumberCache`]); the other number types
/// convert as pyo3 converts them.
pub trait Member {
    /// The field as a Python object.
    fn member(&self, py: Python<'_>) -> PyResult<Py<PyAny>>;
}

macro_rules! plain_members {
    ($($t:ty),*) => {$(
        impl Member for $t {
            fn member(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
                self.into_py_any(py)
            }
        }
    )*};
}
plain_members!(i32, u8, u16, u32, u64, usize, f32, bool);

impl Member for f64 {
    fn member(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        cached_number(|c| c.float(py, *self), || self.into_py_any(py))
    }
}

impl Member for i64 {
    fn member(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        cached_number(|c| c.int(py, *self), || self.into_py_any(py))
    }
}

impl<T: Member> Member for Option<T> {
    fn member(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        match self {
            Some(v) => v.member(py),
            None => Ok(py.None()),
        }
    }
}

/// Slots in each table of a [`NumberCache`].
const CACHED_NUMBERS: usize = 256;

/// The Python `float`s and `int`s made last, by value (direct-mapped, 256 of each):
/// a page of grades repeats the same few scores, maximum points and task ids
/// thousands of times, and a `float` or an `int` above 256 is otherwise a new object
/// each time (CPython caches only the small ints). Numbers are immutable, so
/// sharing one object is invisible but for `is`. (`decode_bench.py`'s page makes
/// 30,000 of them when every score is read: 1,000 students x 10 tasks x id, score
/// and maximum points.)
struct NumberCache {
    floats: Vec<Option<(u64, Py<PyAny>)>>,
    ints: Vec<Option<(u64, Py<PyAny>)>>,
}

impl NumberCache {
    fn slot(bits: u64) -> usize {
        // Fibonacci hashing: the top 8 bits of the product.
        (bits.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 56) as usize
    }

    fn lookup(
        table: &mut Vec<Option<(u64, Py<PyAny>)>>,
        py: Python<'_>,
        bits: u64,
        make: impl FnOnce() -> PyResult<Py<PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        if table.is_empty() {
            table.resize_with(CACHED_NUMBERS, || None);
        }
        let slot = &mut table[Self::slot(bits)];
        if let Some((b, v)) = slot {
            if *b == bits {
                return Ok(v.clone_ref(py));
            }
        }
        let v = make()?;
        *slot = Some((bits, v.clone_ref(py)));
        Ok(v)
    }

    fn float(&mut self, py: Python<'_>, x: f64) -> PyResult<Py<PyAny>> {
        // By bits: 0.0 and -0.0 stay apart.
        Self::lookup(&mut self.floats, py, x.to_bits(), || x.into_py_any(py))
    }

    fn int(&mut self, py: Python<'_>, n: i64) -> PyResult<Py<PyAny>> {
        if (-5..=256).contains(&n) {
            // CPython's own small ints.
            return n.into_py_any(py);
        }
        Self::lookup(&mut self.ints, py, n as u64, || n.into_py_any(py))
    }
}

/// `with` the thread's [`NumberCache`], or `plain` when it is in use further up
/// the stack (it is not: making a number runs no Python code; this keeps a panic out).
fn cached_number(
    with: impl FnOnce(&mut NumberCache) -> PyResult<Py<PyAny>>,
    plain: impl FnOnce() -> PyResult<Py<PyAny>>,
) -> PyResult<Py<PyAny>> {
    NUMBERS
        .try_with(|c| match c.try_borrow_mut() {
            Ok(mut cache) => Some(with(&mut cache)),
            Err(_) => None,
        })
        .ok()
        .flatten()
        .unwrap_or_else(plain)
}

thread_local! {
    /// Per thread: the GIL (or, free-threaded, the thread) is all the locking it needs.
    static NUMBERS: std::cell::RefCell<NumberCache> = const {
        std::cell::RefCell::new(NumberCache { floats: Vec::new(), ints: Vec::new() })
    };
}

/// A model attribute converted once: kept in its slot, so reading it again costs a
/// load and gives the same object (`s.assignments is s.assignments`). Models cannot
/// be changed from Python, so what is kept never goes stale. Used by the getters
/// `#[model]` generates.
pub fn cached<T: pyo3::PyClass>(
    slf: &Bound<'_, T>,
    slot: &std::sync::OnceLock<Py<PyAny>>,
    make: impl FnOnce(Python<'_>) -> PyResult<Py<PyAny>>,
) -> PyResult<Py<PyAny>> {
    let py = slf.py();
    if let Some(v) = slot.get() {
        return Ok(v.clone_ref(py));
    }
    // Not `get_or_init`: `make` runs Python code, which may let another thread in
    // to read the same attribute; the first value set is the one every reader gets.
    let value = make(py)?;
    // Safety: both are live objects; `PyObject_GC_IsTracked` is false for a type the
    // GC does not know, and `slf` is tracked only when its class is a GC type (one
    // whose slots can hold only leaf values is not, and they are never tracked).
    unsafe {
        if pyo3::ffi::PyObject_GC_IsTracked(value.as_ptr()) == 1
            && pyo3::ffi::PyObject_GC_IsTracked(slf.as_ptr()) == 0
            && pyo3::ffi::PyType_GetFlags(pyo3::ffi::Py_TYPE(slf.as_ptr()))
                & pyo3::ffi::Py_TPFLAGS_HAVE_GC
                != 0
        {
            // It may now be part of a cycle (a list the caller appends to).
            pyo3::ffi::PyObject_GC_Track(slf.as_ptr().cast());
        }
    }
    let _ = slot.set(value);
    slot.get()
        .map(|v| v.clone_ref(py))
        .ok_or_else(|| pyo3::exceptions::PyRuntimeError::new_err("model attribute unset"))
}

/// A model's value as its Python object holds it: owned (in an `Arc`) by a model
/// made from a decoded answer or a constructor, or borrowed from that owner by the
/// models read out of it (`s.assignments[0]`), which keep the owner's `Arc` alive.
/// Reading a list of nested models then copies none of their values.
pub struct Shared<T: 'static>(yoke::Yoke<&'static T, yoke::erased::ErasedArcCart>);

impl<T: Send + Sync + 'static> Shared<T> {
    /// Own `value`.
    pub fn own(value: T) -> Self {
        let owned: yoke::Yoke<&'static T, std::sync::Arc<T>> =
            yoke::Yoke::attach_to_cart(std::sync::Arc::new(value), |v: &T| v);
        Shared(owned.erase_arc_cart())
    }
}

impl<T: 'static> Shared<T> {
    /// The value.
    pub fn get(&self) -> &T {
        self.0.get()
    }

    /// A part of the value (`None` when `part` finds none), kept by the same owner.
    fn project<U: 'static>(
        &self,
        part: impl for<'a> FnOnce(&'a T) -> Option<&'a U>,
    ) -> Option<Shared<U>> {
        self.0
            .try_map_project_cloned(|v, _| part(v).ok_or(()))
            .ok()
            .map(Shared)
    }
}

/// A model with a Python class (implemented by `#[model]`).
pub trait PyModel: Sized + Send + Sync + 'static {
    /// The Python object of a (possibly borrowed) value.
    fn shared_into_py<'py>(shared: Shared<Self>, py: Python<'py>) -> PyResult<Bound<'py, PyAny>>;
}

/// One field of a model's value, for its getter: `(&field).field_into_py(py)` picks
/// [`ShareField`] for a nested model, a list of them or an optional one, and
/// [`CopyField`] for any other type (autoref specialisation: the first applies to
/// `Field` itself, the second to `&Field`).
pub struct Field<'a, P: 'static, T: 'static>(pub &'a Shared<P>, pub fn(&P) -> &T);

/// A field whose models borrow their values from the owner's.
pub trait ShareField {
    /// The field as a Python value.
    fn field_into_py(&self, py: Python<'_>) -> PyResult<Py<PyAny>>;
}

/// Any other field: converted from a copy.
pub trait CopyField {
    /// The field as a Python value.
    fn field_into_py(&self, py: Python<'_>) -> PyResult<Py<PyAny>>;
}

impl<P: 'static, M: PyModel> ShareField for Field<'_, P, Vec<M>> {
    fn field_into_py(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let get = self.1;
        let n = get(self.0.get()).len();
        let mut items = Vec::with_capacity(n);
        for i in 0..n {
            if let Some(item) = self.0.project(move |p| get(p).get(i)) {
                items.push(M::shared_into_py(item, py)?);
            }
        }
        Ok(PyList::new(py, items)?.into_any().unbind())
    }
}

impl<P: 'static, M: PyModel> ShareField for Field<'_, P, Option<M>> {
    fn field_into_py(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let get = self.1;
        one_into_py(self.0.project(move |p| get(p).as_ref()), py)
    }
}

impl<P: 'static, M: PyModel> ShareField for Field<'_, P, M> {
    fn field_into_py(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let get = self.1;
        one_into_py(self.0.project(move |p| Some(get(p))), py)
    }
}

/// A nested model's Python object, or `None`.
fn one_into_py<M: PyModel>(model: Option<Shared<M>>, py: Python<'_>) -> PyResult<Py<PyAny>> {
    match model {
        Some(m) => Ok(M::shared_into_py(m, py)?.unbind()),
        None => Ok(py.None()),
    }
}

impl<P: 'static, T: Clone + for<'py> IntoPyObject<'py> + 'static> CopyField for &Field<'_, P, T> {
    fn field_into_py(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        (self.1)(self.0.get()).clone().into_py_any(py)
    }
}

/// `__traverse__` of a model with slots: what they hold.
pub fn traverse_slots(
    slots: &[std::sync::OnceLock<Py<PyAny>>],
    visit: pyo3::PyVisit<'_>,
) -> Result<(), pyo3::PyTraverseError> {
    for value in slots.iter().filter_map(std::sync::OnceLock::get) {
        visit.call(value)?;
    }
    Ok(())
}

/// `_rebuild_model(name, data)`: the model class `name` from its `to_dict()`, what
/// pickle calls to load a model.
#[pyfunction]
pub fn _rebuild_model(py: Python<'_>, name: &str, data: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
    let class = py.import("gradebridge._native")?.getattr(name)?;
    Ok(class.call_method1("from_dict", (data,))?.unbind())
}

/// One model class to add to the Python module (collected from every `#[model]`).
pub struct ModelClass(pub fn(&Bound<'_, pyo3::types::PyModule>) -> PyResult<()>);
inventory::collect!(ModelClass);

/// `Model(**fields)`.
pub fn model_new<T: serde::de::DeserializeOwned>(
    py: Python<'_>,
    fields: Option<&Bound<'_, PyDict>>,
) -> PyResult<T> {
    let d = fields.cloned().unwrap_or_else(|| PyDict::new(py));
    from_py::<T>(d.as_any(), "").map_err(|e| to_py_err(&e))
}

/// `model.to_dict()`.
pub fn model_to_dict<'py, T: serde::Serialize>(
    py: Python<'py>,
    value: &T,
) -> PyResult<Bound<'py, PyAny>> {
    pythonize::pythonize(py, value).map_err(|e| to_py_err(&Error::invalid_input("value", e)))
}

/// `repr(model)`: the class name and its set fields.
pub fn model_repr<T: serde::Serialize>(py: Python<'_>, name: &str, value: &T) -> PyResult<String> {
    let d = model_to_dict(py, value)?;
    repr_of(py, name, &d)
}

/// Add every model class to a Python module.
pub fn add_models(m: &Bound<'_, PyModule>) -> PyResult<()> {
    for class in inventory::iter::<ModelClass> {
        (class.0)(m)?;
    }
    m.add_function(pyo3::wrap_pyfunction!(_rebuild_model, m)?)?;
    m.add_function(pyo3::wrap_pyfunction!(_timestamp_parts, m)?)?;
    Ok(())
}
