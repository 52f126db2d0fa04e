//! Tell the crate which Python it is built for (`cfg(Py_LIMITED_API)` and the
//! version flags), as pyo3 itself sees it: `grading.rs` reads lists and floats inline
//! in a build for one Python version, through the C API's functions under abi3.
//!
//! One more cfg, `gb_plain_refcount`: CPython's reference count is a plain integer
//! that `Py_INCREF` only increments (a version-specific, non-debug, GIL build of
//! CPython before 3.12, which made some objects immortal), so `grading.rs` may add
//! many references at once.
//!
//! And `gb_list_malloc`: a version-specific build of CPython with the GIL, whose
//! list is an `ob_item` array from `PyMem_Malloc` with `allocated` slots and
//! `Py_SIZE` of them in use (the free-threaded build lays its lists out otherwise),
//! so `grading.rs` may allocate a new list's items itself, without zeroing them.
use pyo3_build_config::{BuildFlag, GilUsed, PythonAbiKind, PythonImplementation};

fn main() {
    pyo3_build_config::use_pyo3_cfgs();
    println!("cargo:rustc-check-cfg=cfg(gb_plain_refcount)");
    println!("cargo:rustc-check-cfg=cfg(gb_list_malloc)");
    let c = pyo3_build_config::get();
    let version = c.version();
    let cpython_with_gil = c.implementation() == PythonImplementation::CPython
        && c.target_abi().kind() == PythonAbiKind::VersionSpecific(GilUsed::GilEnabled);
    if cpython_with_gil {
        println!("cargo:rustc-cfg=gb_list_malloc");
    }
    if cpython_with_gil
        && (version.major, version.minor) < (3, 12)
        && !c.build_flags().0.contains(&BuildFlag::Py_REF_DEBUG)
    {
        println!("cargo:rustc-cfg=gb_plain_refcount");
    }
}
