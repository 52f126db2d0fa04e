//! Grade mapping for Python: `GradeScale` and functions over the core's
//! `gradebridge::grading`. Conversions only.

use std::str::FromStr;

use gradebridge::grading::{self as g, AverageMethod, Rounding};
use gradebridge::python::{to_json, to_py_err};
use gradebridge::Error;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyFloat, PyList, PyString};

fn err(e: Error) -> PyErr {
    to_py_err(&e)
}

fn to_decimal<'py>(py: Python<'py>, d: rust_decimal::Decimal) -> PyResult<Bound<'py, PyAny>> {
    py.import("decimal")?
        .getattr("Decimal")?
        .call1((d.to_string(),))
}

/// A number from Python: `decimal.Decimal` and `int` exactly, `float` as the decimal
/// it was written as.
fn number(field: &str, v: &Bound<'_, PyAny>) -> PyResult<rust_decimal::Decimal> {
    if v.is_instance_of::<PyBool>() {
        return Err(err(Error::invalid_input(
            field,
            "must be a number, not a bool",
        )));
    }
    if v.is_instance_of::<PyFloat>() {
        let f: f64 = v.extract()?;
        return g::decimal_from_f64(field, f).map_err(err);
    }
    g::decimal_from_text(field, &v.str()?.to_string()).map_err(err)
}

/// `decimals`, checked as the JS package checks it: absent, or a whole number (an
/// `int`, not a bool) from 0 up, else an `InvalidInputError` at `decimals`; pyo3's
/// own conversion raised a `TypeError` or `OverflowError` that named no argument,
/// and took `True` as 1.
fn decimals_arg(v: Option<&Bound<'_, PyAny>>) -> PyResult<Option<u32>> {
    let Some(v) = v.filter(|v| !v.is_none()) else {
        return Ok(None);
    };
    if !v.is_instance_of::<PyBool>() && v.is_instance_of::<pyo3::types::PyInt>() {
        if let Ok(d) = v.extract::<u32>() {
            return Ok(Some(d));
        }
    }
    Err(err(Error::invalid_input(
        "decimals",
        format!("must be a whole number, at least 0, got {}", v.repr()?),
    )))
}

/// A level as Python sees it: `(symbol, lower_bound, value)`.
type LevelTuple<'py> = (String, Option<Bound<'py, PyAny>>, Option<Bound<'py, PyAny>>);

fn rounding(r: &str) -> PyResult<Rounding> {
    Rounding::from_str(r).map_err(err)
}

/// An ordered grading scale (highest level first): symbols, lower bounds in percent,
/// representative values.
#[pyclass(module = "gradebridge._native", frozen)]
pub struct GradeScale {
    inner: g::GradeScale,
    /// One Python string per level, shared by every result of `grade_many`.
    symbols: Vec<Py<PyString>>,
}

impl GradeScale {
    fn wrap(py: Python<'_>, inner: g::GradeScale) -> Self {
        let symbols = inner
            .levels()
            .iter()
            .map(|l| PyString::intern(py, &l.symbol).unbind())
            .collect();
        GradeScale { inner, symbols }
    }
}

#[pymethods]
impl GradeScale {
    /// A scale from levels: dicts (or objects) with `symbol`, `lower_bound` and
    /// optionally `value`; any order.
    #[new]
    fn new(py: Python<'_>, levels: &Bound<'_, PyAny>) -> PyResult<Self> {
        let mut out = Vec::new();
        for (i, item) in levels.try_iter()?.enumerate() {
            let item = item?;
            let get = |k: &str| -> PyResult<Option<Bound<'_, PyAny>>> {
                match item.get_item(k) {
                    Ok(v) if !v.is_none() => Ok(Some(v)),
                    Ok(_) => Ok(None),
                    Err(_) => Ok(item.getattr(k).ok().filter(|v| !v.is_none())),
                }
            };
            let symbol: String = match get("symbol")? {
                Some(s) => s.extract()?,
                None => {
                    return Err(err(Error::invalid_input(
                        format!("levels[{i}].symbol"),
                        "is required",
                    )))
                }
            };
            let lower_bound = get("lower_bound")?
                .map(|v| number(&format!("levels[{i}].lower_bound"), &v))
                .transpose()?;
            let value = get("value")?
                .map(|v| number(&format!("levels[{i}].value"), &v))
                .transpose()?;
            out.push(g::Level {
                symbol,
                lower_bound,
                value,
            });
        }
        Ok(Self::wrap(py, g::GradeScale::new(out).map_err(err)?))
    }

    /// Parse a Blackboard Grades Journey `symbols` string (`A=90:B=80:F=0`).
    #[staticmethod]
    fn from_blackboard_symbols(py: Python<'_>, symbols: &str) -> PyResult<Self> {
        Ok(Self::wrap(
            py,
            g::GradeScale::from_blackboard_symbols(symbols).map_err(err)?,
        ))
    }

    /// The scale as a Grades Journey `symbols` string.
    fn to_blackboard_symbols(&self) -> PyResult<String> {
        self.inner.to_blackboard_symbols().map_err(err)
    }

    /// A scale from Schoology's `grading_scale` object (a dict).
    #[staticmethod]
    fn from_schoology(py: Python<'_>, grading_scale: &Bound<'_, PyAny>) -> PyResult<Self> {
        // API data: read as an answer is, tolerantly.
        let json = gradebridge::python::to_json(grading_scale, "grading_scale").map_err(err)?;
        let raw: g::SchoologyScale =
            gradebridge::input::from_value_tolerant(json, "grading_scale").map_err(err)?;
        Ok(Self::wrap(
            py,
            g::GradeScale::from_schoology(&raw).map_err(err)?,
        ))
    }

    /// The scale as Schoology's `grading_scale` object (a dict).
    #[pyo3(signature = (title = None))]
    fn to_schoology<'py>(
        &self,
        py: Python<'py>,
        title: Option<&str>,
    ) -> PyResult<Bound<'py, PyAny>> {
        pythonize::pythonize(py, &self.inner.to_schoology(title))
            .map_err(|e| err(Error::invalid_input("scale", e)))
    }

    /// The IB MYP scale over criteria totals 0-32.
    #[staticmethod]
    fn ib_myp(py: Python<'_>) -> Self {
        Self::wrap(py, g::GradeScale::ib_myp())
    }

    /// The symbol for a percentage (`decimal.Decimal`, `int` or `float`).
    fn grade(&self, percent: &Bound<'_, PyAny>) -> PyResult<Py<PyString>> {
        let p = number("percent", percent)?;
        let symbol = self.inner.grade(p).map_err(err)?;
        let i = self
            .inner
            .levels()
            .iter()
            .position(|l| l.symbol == symbol)
            .unwrap_or(0);
        Ok(self.symbols[i].clone_ref(percent.py()))
    }

    /// The symbols for many percentages (a list, tuple or any iterable of numbers, or
    /// a one-dimensional buffer of doubles: `array.array('d')`, a numpy float64
    /// array, a memoryview), as a list.
    fn grade_many<'py>(
        &self,
        py: Python<'py>,
        percents: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyList>> {
        if self.inner.is_symbol_only() {
            return Err(err(Error::invalid_input(
                "scale",
                "is symbol-only: it has no bounds to grade a percent with",
            )));
        }
        if let Ok(list) = percents.cast::<PyList>() {
            return self.grade_list(py, list);
        }
        // Text and bytes are iterables, of characters and of small ints: `b"abc"`
        // would be graded as 97, 98 and 99.
        if percents.is_instance_of::<pyo3::types::PyString>()
            || percents.is_instance_of::<pyo3::types::PyBytes>()
            || percents.is_instance_of::<pyo3::types::PyByteArray>()
        {
            return Err(err(Error::invalid_input(
                "percents",
                format!(
                    "must be a list, tuple or other iterable of numbers, not {}",
                    percents.get_type().name()?
                ),
            )));
        }
        // A buffer of machine doubles, one-dimensional: `array.array('d')`, a numpy
        // float64 array (a column of a DataFrame), a memoryview of either. One copy of
        // its values (it may change under us once the GIL is let go), no float
        // objects. pyo3 has no buffer API for abi3 before 3.11: there these are read
        // as the iterables they also are.
        #[cfg(any(Py_3_11, not(Py_LIMITED_API)))]
        if let Ok(buffer) = pyo3::buffer::PyBuffer::<f64>::get(percents) {
            if buffer.dimensions() != 1 {
                return Err(err(Error::invalid_input(
                    "percents",
                    format!(
                        "must be one-dimensional, not a {}-dimensional buffer",
                        buffer.dimensions()
                    ),
                )));
            }
            let values = buffer.to_vec(py)?;
            let idx = py
                .detach(|| self.inner.grade_many_indices(&values))
                .map_err(err)?;
            let mut out = Filling::new(py, idx.len(), &self.symbols)?;
            for level in &idx {
                // SAFETY: one push per item of `idx`, the length `out` was made for.
                unsafe { out.push(*level as usize) };
            }
            return Ok(out.finish());
        }
        // Any other iterable: as a list, so every item is read (and refused) alike.
        // What the iteration itself raises (a generator's error, Ctrl-C) is the
        // caller's and passes through.
        let items = percents.try_iter().map_err(|e| {
            err(Error::invalid_input(
                "percents",
                format!("must be a list, tuple or other iterable of numbers ({e})"),
            ))
        })?;
        let list = py.get_type::<PyList>().call1((items,))?;
        self.grade_list(py, list.cast()?)
    }

    /// The percentage that stands for a symbol (its value, else its lower bound), or
    /// None.
    fn percent_for<'py>(
        &self,
        py: Python<'py>,
        symbol: &str,
    ) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.inner
            .percent_for(symbol)
            .map(|d| to_decimal(py, d))
            .transpose()
    }

    /// The levels, highest first: `ScaleLevel(symbol, lower_bound, value)` named
    /// tuples (`gradebridge.ScaleLevel`).
    #[getter]
    fn levels<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyAny>>> {
        let class = gradebridge::python::value_type(py, "ScaleLevel")?;
        self.inner
            .levels()
            .iter()
            .map(|l| {
                let t: LevelTuple<'py> = (
                    l.symbol.clone(),
                    l.lower_bound.map(|d| to_decimal(py, d)).transpose()?,
                    l.value.map(|d| to_decimal(py, d)).transpose()?,
                );
                class.call1(t)
            })
            .collect()
    }

    /// True when the scale has no bounds (symbols only).
    #[getter]
    fn symbol_only(&self) -> bool {
        self.inner.is_symbol_only()
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<GradeScale>()
            .map(|o| o.get().inner == self.inner)
            .unwrap_or(false)
    }

    fn __repr__(&self) -> String {
        match self.inner.to_blackboard_symbols() {
            Ok(s) => format!(
                "GradeScale.from_blackboard_symbols('{}')",
                s.replace('\\', "\\\\").replace('\'', "\\'")
            ),
            Err(_) => format!("GradeScale({} levels)", self.inner.levels().len()),
        }
    }
}

/// `score / max_points * 100` as an exact `decimal.Decimal`, rounded to `decimals`
/// places with `rounding` (`half_up`, `half_even`, `floor`, `ceiling`).
#[pyfunction]
#[pyo3(signature = (score, max_points, *, decimals = None, rounding = "half_up"))]
pub fn percent<'py>(
    py: Python<'py>,
    score: &Bound<'py, PyAny>,
    max_points: &Bound<'py, PyAny>,
    decimals: Option<&Bound<'py, PyAny>>,
    rounding: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let r = self::rounding(rounding)?;
    let p = g::percent(
        number("score", score)?,
        number("max_points", max_points)?,
        decimals_arg(decimals)?,
        r,
    )
    .map_err(err)?;
    to_decimal(py, p)
}

/// The IB MYP grade (1-7) for four criteria levels (0-8 each).
#[pyfunction]
pub fn myp_grade(criteria: Vec<i64>) -> PyResult<u8> {
    g::myp_grade(&criteria).map_err(err)
}

/// ManageBac's group_mark: the task percentage through a scale. `score` and
/// `max_points` are read as `percent` reads them (int, float, `Decimal`, decimal
/// text; not None or a bool).
#[pyfunction]
pub fn group_mark(
    score: &Bound<'_, PyAny>,
    max_points: &Bound<'_, PyAny>,
    scale: &GradeScale,
) -> PyResult<String> {
    g::group_mark_exact(
        number("score", score)?,
        number("max_points", max_points)?,
        &scale.inner,
    )
    .map_err(err)
}

/// A weighted term average. `tasks`: dicts with `category`, `score`, `max_points`
/// and optionally `task_id`, `excused`, `missing`, or a student's `assignments` from
/// `class_grades` (their categories come from `class_tasks`, the class's `tasks`);
/// `categories`: dicts with `category` and `weight`, or what `task_categories`
/// returns. Returns a dict: `percent` (Decimal or None), `contributing`, `categories`.
#[pyfunction]
#[pyo3(signature = (tasks, categories, *, class_tasks = None, method = "percentage_weights", decimals = None, rounding = "half_up"))]
pub fn weighted_average<'py>(
    py: Python<'py>,
    tasks: &Bound<'py, PyAny>,
    categories: &Bound<'py, PyAny>,
    class_tasks: Option<&Bound<'py, PyAny>>,
    method: &str,
    decimals: Option<&Bound<'py, PyAny>>,
    rounding: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let decimals = decimals_arg(decimals)?;
    let tasks = to_json(tasks, "tasks").map_err(err)?;
    let cats = to_json(categories, "categories").map_err(err)?;
    let class_tasks = class_tasks
        .map(|t| to_json(t, "class_tasks"))
        .transpose()
        .map_err(err)?;
    let method = AverageMethod::from_str(method).map_err(err)?;
    let avg = g::weighted_average_json(
        tasks,
        cats,
        class_tasks,
        method,
        decimals,
        self::rounding(rounding)?,
    )
    .map_err(err)?;
    let out = pythonize::pythonize(py, &avg).map_err(|e| err(Error::invalid_input("result", e)))?;
    // Decimals travel as text through serde: make them decimal.Decimal.
    let dec = py.import("decimal")?.getattr("Decimal")?;
    if let Some(p) = avg.percent {
        out.set_item("percent", dec.call1((p.to_string(),))?)?;
    }
    for (i, c) in avg.contributing.iter().enumerate() {
        out.get_item("contributing")?
            .get_item(i)?
            .set_item("percent", dec.call1((c.percent.to_string(),))?)?;
    }
    for (i, c) in avg.categories.iter().enumerate() {
        let item = out.get_item("categories")?.get_item(i)?;
        item.set_item("percent", dec.call1((c.percent.to_string(),))?)?;
        item.set_item("weight", dec.call1((c.weight.to_string(),))?)?;
        item.set_item("share", dec.call1((c.share.to_string(),))?)?;
    }
    Ok(out)
}

impl GradeScale {
    /// `grade_many` over a list, on the C API: read each item as a double, grade it,
    /// and put the level's shared symbol string in the result, with no Python object
    /// made per item. This is the one place gradebridge uses the C API by hand.
    ///
    /// What it costs, per 1,000,000 grades (`grade_bench.py`, callgrind): pyo3's safe
    /// list iteration (a new reference and a type check per item) took 20.9 ms
    /// against 12.4 ms for the C API's functions; CPython's inline list and float
    /// access (a wheel per Python version, not abi3) and one reference-count update
    /// per level instead of per item bring it near `sum(percents)`, and a result
    /// list whose items are not zeroed first (`Filling`) to it.
    fn grade_list<'py>(
        &self,
        py: Python<'py>,
        list: &Bound<'py, PyList>,
    ) -> PyResult<Bound<'py, PyList>> {
        let mut out = Filling::new(py, list.len(), &self.symbols)?;
        // On a free-threaded Python, no other thread changes the list while it is
        // read (the section pauses while an item's `__float__` runs, as in
        // CPython's own list code); with the GIL, this is the GIL.
        pyo3::sync::critical_section::with_critical_section(list.as_any(), || {
            self.fill(py, list, &mut out)
        })?;
        Ok(out.finish())
    }

    /// Grade the items of `list` into `out`, made for as many.
    fn fill(
        &self,
        py: Python<'_>,
        list: &Bound<'_, PyList>,
        out: &mut Filling<'_, '_>,
    ) -> PyResult<()> {
        use pyo3::ffi;
        let size = out.capacity;
        // The list's length now; read again whenever Python code may have run.
        let mut len = size;
        for i in 0..size {
            let index = i as usize;
            if i >= len {
                return Err(err(Error::invalid_input(
                    "percents",
                    "changed size while it was graded",
                )));
            }
            // SAFETY: the list is read within its current length (an item's
            // `__float__` may shrink it), with the GIL or in a critical section;
            // the item is a borrowed reference; an exact float is read in place,
            // anything else through `PyFloat_AsDouble`, which reads any real number
            // (int, Decimal) and sets an exception when it cannot.
            let v = unsafe {
                let item = list_item(list.as_ptr(), i);
                if i + AHEAD < len {
                    prefetch(list_item(list.as_ptr(), i + AHEAD));
                }
                if ffi::PyFloat_CheckExact(item) != 0 {
                    float_value(item)
                } else {
                    out.pause();
                    let v = other_number(py, item, index)?;
                    len = list_len(list.as_ptr());
                    v
                }
            };
            let Some(level) = self.inner.grade_index_f64(v) else {
                return Err(err(Error::invalid_input(
                    format!("percents[{index}]"),
                    format!("must be a finite number, got {v}"),
                )));
            };
            // SAFETY: one push per item, `size` in all, the length `out` was made for.
            unsafe { out.push(level) };
        }
        Ok(())
    }
}

/// An item of `grade_many`'s list that is not an exact float, as a double: any real
/// number (int, Decimal, a float subclass) through `PyFloat_AsDouble`, not a bool.
/// Out of the loop and cold: kept inline, this rare path made the loop over floats
/// about twice as slow on this machine (same instructions, worse layout).
///
/// # Safety
/// `item` is a live object and the GIL is held (or the list's critical section).
#[cold]
#[inline(never)]
unsafe fn other_number(
    py: Python<'_>,
    item: *mut pyo3::ffi::PyObject,
    index: usize,
) -> PyResult<f64> {
    if pyo3::ffi::PyBool_Check(item) != 0 {
        return Err(err(Error::invalid_input(
            format!("percents[{index}]"),
            "must be a number, not a bool",
        )));
    }
    let v = pyo3::ffi::PyFloat_AsDouble(item);
    if v == -1.0 {
        if let Some(e) = PyErr::take(py) {
            // Not a number (or one too large for a float): the caller's input. Any
            // other error (raised by the item's own `__float__`, Ctrl-C) passes
            // through.
            use pyo3::exceptions::{PyOverflowError, PyTypeError, PyValueError};
            if !(e.is_instance_of::<PyTypeError>(py)
                || e.is_instance_of::<PyValueError>(py)
                || e.is_instance_of::<PyOverflowError>(py))
            {
                return Err(e);
            }
            return Err(err(Error::invalid_input(
                format!("percents[{index}]"),
                format!("must be a number ({e})"),
            )));
        }
    }
    Ok(v)
}

/// `grade_many`'s result: a new list filled in order with the scale's symbol
/// strings. Two costs of a million-item list are left out:
/// - the references to the symbols are counted per level (`counts`) and taken at
///   once (`pause`), seven reference-count updates in place of a million;
/// - where CPython's list layout is known (`gb_list_malloc`, set by `build.rs`),
///   the item array is allocated without zeroing it (`PyList_New` zeroes it: 8 MB
///   of writes for a million items; leaving that out took `grade_bench.py` from
///   11.7 ms to 5.5-8.3 ms) and the list's size follows the items written.
///
/// Whenever Python code may run (`pause`, before an item's `__float__`) and when the
/// list is let go (`finish`, or dropped on an error), the list holds exactly the
/// items written, owning a reference to each, so no one ever sees it otherwise.
struct Filling<'a, 'py> {
    list: Bound<'py, PyList>,
    /// How many items are written.
    filled: pyo3::ffi::Py_ssize_t,
    /// How many it was made for.
    capacity: pyo3::ffi::Py_ssize_t,
    symbols: &'a [Py<PyString>],
    /// Per level, the references written whose count is not taken yet.
    counts: Vec<usize>,
}

impl<'a, 'py> Filling<'a, 'py> {
    /// A list for `n` items, to hold symbols of `symbols`.
    fn new(py: Python<'py>, n: usize, symbols: &'a [Py<PyString>]) -> PyResult<Self> {
        let capacity = pyo3::ffi::Py_ssize_t::try_from(n)
            .map_err(|_| err(Error::invalid_input("percents", "too many values")))?;
        // SAFETY: `PyList_New` gives a new reference (or NULL with an exception
        // set), owned by the `Bound` from here on. With `gb_list_malloc` its item
        // array is ours to set while it is empty: one CPython frees with
        // `PyMem_Free` (as `list_dealloc` does), `allocated` slots long, of which
        // the first `Py_SIZE` are read.
        let list = unsafe {
            #[cfg(gb_list_malloc)]
            let raw = pyo3::ffi::PyList_New(0);
            #[cfg(not(gb_list_malloc))]
            let raw = pyo3::ffi::PyList_New(capacity);
            if raw.is_null() {
                return Err(PyErr::fetch(py));
            }
            let list = Bound::from_owned_ptr(py, raw).cast_into_unchecked::<PyList>();
            #[cfg(gb_list_malloc)]
            if capacity > 0 {
                let bytes = n
                    .checked_mul(std::mem::size_of::<*mut pyo3::ffi::PyObject>())
                    .ok_or_else(|| err(Error::invalid_input("percents", "too many values")))?;
                let items = pyo3::ffi::PyMem_Malloc(bytes).cast::<*mut pyo3::ffi::PyObject>();
                if items.is_null() {
                    return Err(pyo3::exceptions::PyMemoryError::new_err(
                        "no memory for the grades",
                    ));
                }
                let l = raw.cast::<pyo3::ffi::PyListObject>();
                (*l).ob_item = items;
                (*l).allocated = capacity;
            }
            list
        };
        Ok(Filling {
            list,
            filled: 0,
            capacity,
            symbols,
            counts: vec![0; symbols.len()],
        })
    }

    /// Write the symbol of `level` as the next item.
    ///
    /// # Safety
    /// Fewer than `capacity` items are written, and `level` is a level of the scale.
    #[inline(always)]
    unsafe fn push(&mut self, level: usize) {
        let item = self.symbols.get_unchecked(level).as_ptr();
        *self.counts.get_unchecked_mut(level) += 1;
        #[cfg(gb_list_malloc)]
        {
            let l = self.list.as_ptr().cast::<pyo3::ffi::PyListObject>();
            *(*l).ob_item.offset(self.filled) = item;
        }
        #[cfg(all(not(gb_list_malloc), not(Py_LIMITED_API)))]
        pyo3::ffi::PyList_SET_ITEM(self.list.as_ptr(), self.filled, item);
        #[cfg(Py_LIMITED_API)]
        pyo3::ffi::PyList_SetItem(self.list.as_ptr(), self.filled, item);
        self.filled += 1;
    }

    /// Make the list hold what is written, before Python code may run.
    fn pause(&mut self) {
        for (symbol, count) in self.symbols.iter().zip(self.counts.iter_mut()) {
            // SAFETY: the GIL is held (this holds a `Bound`), and the symbol is
            // alive: `self.symbols` owns a reference to it.
            unsafe { incref_by(symbol.as_ptr(), std::mem::take(count)) };
        }
        // SAFETY: the first `filled` slots are written (and now owned); a list's
        // size is a plain field of its object.
        #[cfg(gb_list_malloc)]
        unsafe {
            (*self.list.as_ptr().cast::<pyo3::ffi::PyVarObject>()).ob_size = self.filled;
        }
    }

    /// The list, every item written.
    fn finish(mut self) -> Bound<'py, PyList> {
        self.pause();
        self.list.clone()
    }
}

impl Drop for Filling<'_, '_> {
    fn drop(&mut self) {
        self.pause();
    }
}

// CPython's list and float access: inline reads of the object (the macros) in a
// build for one Python version, the C API's functions under the stable ABI.

/// The length of a list.
#[inline(always)]
unsafe fn list_len(list: *mut pyo3::ffi::PyObject) -> pyo3::ffi::Py_ssize_t {
    #[cfg(not(Py_LIMITED_API))]
    return pyo3::ffi::PyList_GET_SIZE(list);
    #[cfg(Py_LIMITED_API)]
    return pyo3::ffi::PyList_Size(list);
}

/// The borrowed item `i` of a list, in bounds.
#[inline(always)]
unsafe fn list_item(
    list: *mut pyo3::ffi::PyObject,
    i: pyo3::ffi::Py_ssize_t,
) -> *mut pyo3::ffi::PyObject {
    #[cfg(not(Py_LIMITED_API))]
    return pyo3::ffi::PyList_GET_ITEM(list, i);
    #[cfg(Py_LIMITED_API)]
    return pyo3::ffi::PyList_GetItem(list, i);
}

/// How many items ahead `grade_list` asks for the float it will read: the list
/// holds pointers to objects spread over the heap, whose loads otherwise wait on
/// memory one at a time.
const AHEAD: pyo3::ffi::Py_ssize_t = 16;

/// Ask the CPU to bring the object at `p` into cache (a hint: no effect on what
/// the program does, and none off x86_64).
#[inline(always)]
fn prefetch(p: *mut pyo3::ffi::PyObject) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch does not fault, whatever the address.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(p as *const i8)
    };
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

/// The value of an exact float.
#[inline(always)]
unsafe fn float_value(f: *mut pyo3::ffi::PyObject) -> f64 {
    #[cfg(not(Py_LIMITED_API))]
    return pyo3::ffi::PyFloat_AS_DOUBLE(f);
    #[cfg(Py_LIMITED_API)]
    return pyo3::ffi::PyFloat_AsDouble(f);
}

/// Take `count` new references to `object` at once: one addition where CPython's
/// reference count is a plain integer (`gb_plain_refcount`, set by `build.rs`),
/// else `Py_INCREF` `count` times.
#[inline(always)]
unsafe fn incref_by(object: *mut pyo3::ffi::PyObject, count: usize) {
    #[cfg(gb_plain_refcount)]
    {
        (*object).ob_refcnt += count as pyo3::ffi::Py_ssize_t;
    }
    #[cfg(not(gb_plain_refcount))]
    for _ in 0..count {
        pyo3::ffi::Py_INCREF(object);
    }
}

/// Add the grading classes and functions to the module.
pub fn add(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<GradeScale>()?;
    m.add_function(wrap_pyfunction!(percent, m)?)?;
    m.add_function(wrap_pyfunction!(myp_grade, m)?)?;
    m.add_function(wrap_pyfunction!(group_mark, m)?)?;
    m.add_function(wrap_pyfunction!(weighted_average, m)?)?;
    Ok(())
}
