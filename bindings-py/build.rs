//! Tell the crate which Python it is built for (`cfg(Py_LIMITED_API)` and the
//! version flags), as pyo3 itself sees it: `grading.rs` reads lists and floats inline
//! in a build for one Python version, through the C API's functions under abi3.
fn main() {
    pyo3_build_config::use_pyo3_cfgs();
}
