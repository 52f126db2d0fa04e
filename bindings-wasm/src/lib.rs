//! `gradebridge-wasm`: the WebAssembly binding behind the `gradebridge` npm package.
//!
//! Thin by design: it turns JS arguments into core endpoints by operation name (from
//! the core's one table), runs them on the core client (fetch, rate limiting,
//! retries), and converts results to plain JS objects and errors to plain error
//! records that `js/index.js` turns into `Error` subclasses. Nothing here knows a URL
//! or a grade.

// Talc, not the standard library's dlmalloc: 2.4 KB less of the gzipped module.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

#[cfg(target_arch = "wasm32")]
mod sync;
#[cfg(target_arch = "wasm32")]
mod wasm;
