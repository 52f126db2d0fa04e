//! `#[model]`: declare a gradebridge model once and let its field types say how it
//! reads and writes.
//!
//! ```ignore
//! /// One task's result in a student's gradebook row.
//! #[model]
//! pub struct AssignmentGrade {
//!     /// Task id.
//!     pub id: i64,               // an int or a numeric string
//!     /// Points achieved.
//!     pub score: Option<f64>,    // a number or a numeric string; "" and null are None
//! }
//! ```
//!
//! `#[model]` (a response model) reads tolerantly by type: `i64` and `Option<i64>`
//! accept numeric strings, `Option<f64>` numbers or numeric strings (written back as
//! an integer when it is one), `Option<bool>` `0`/`1` and `"true"`, `Option<String>`
//! numbers as text, `Vec<T>` `null` as empty; every `Option` is left out when unset.
//! `#[model(input)]` (what a caller sends) is strict: only `Option` fields get
//! `default` and are left out when unset. A field's own `#[serde(..)]` keys win over
//! the inferred ones; `#[model(plain)]` on a field turns inference off for it.
//!
//! It also derives `Debug, Clone, PartialEq, Serialize, Deserialize`, `JsonSchema`
//! (feature `schema`), and with the feature `python` writes a frozen Python class
//! around the struct (`<Model>Face`, named as the model) with its methods and
//! registers it (a Rust field named as a Python keyword, such as `class`, is `class_`
//! in Python).

use proc_macro::TokenStream;
use proc_macro2::TokenStream as Tokens;
use quote::quote;
use syn::punctuated::Punctuated;
use syn::{parse_macro_input, Attribute, Fields, ItemStruct, Meta, Token, Type};

/// See the crate documentation.
#[proc_macro_attribute]
pub fn model(args: TokenStream, item: TokenStream) -> TokenStream {
    let input_mode = args.to_string().trim() == "input";
    let mut item = parse_macro_input!(item as ItemStruct);
    let camel = container_rename_all(&item.attrs).as_deref() == Some("camelCase");
    let Fields::Named(named) = &mut item.fields else {
        return syn::Error::new_spanned(&item, "#[model] takes a struct with named fields")
            .to_compile_error()
            .into();
    };
    // Each field's Python name, docs and type; its type says how Python reads it
    // ([`py_read`]).
    let mut py_fields: Vec<(syn::Ident, String, Vec<Attribute>, Type)> = Vec::new();
    for field in named.named.iter_mut() {
        let plain = take_plain(&mut field.attrs);
        // How the field reads, for the generated JS readers (`x-read` in the
        // schema): only where the rule is the inferred one and nothing else in its
        // `#[serde(..)]` changes how it reads. A field without one keeps its model
        // on the wasm decoder.
        let read_kind = if input_mode || plain || !reads_plainly(&field.attrs) {
            None
        } else {
            Some(read_kind(&field.ty))
        };
        if !plain {
            let inferred = infer(&field.ty, input_mode);
            merge_serde(&mut field.attrs, inferred);
        }
        if let Some(kind) = read_kind {
            field
                .attrs
                .push(syn::parse_quote!(#[cfg_attr(feature = "schema", schemars(extend("x-read" = #kind)))]));
        }
        if let Some(ident) = &field.ident {
            // Python sees the API's name (a serde rename, such as `type` for a Rust
            // field `item_type`), with `_` after a Python keyword.
            let ident = ident.to_string();
            let api_name = serde_rename(&field.attrs).unwrap_or_else(|| {
                if camel {
                    camel_case(&ident)
                } else {
                    ident.clone()
                }
            });
            let py_name = if PY_KEYWORDS.contains(&api_name.as_str()) {
                format!("{api_name}_")
            } else {
                api_name
            };
            if let Some(id) = &field.ident {
                let docs = doc_attrs(&field.attrs);
                py_fields.push((id.clone(), py_name, docs, field.ty.clone()));
            }
        }
    }
    // A response model whose container attributes change nothing about reading is
    // marked for the JS readers too.
    if !input_mode && container_reads_plainly(&item.attrs) {
        item.attrs
            .push(syn::parse_quote!(#[cfg_attr(feature = "schema", schemars(extend("x-read" = "model")))]));
    }
    let name = item.ident.clone();
    // The Python class is a frozen wrapper around the model (`inner`), with one
    // slot per non-scalar field for its converted value. Frozen, without a
    // `__dict__`, a model whose slots can only hold leaf values (timestamps, grades)
    // is not a GC type at all; one with a list or nested model reports what its
    // slots hold to the GC (`__traverse__`), and is only tracked once a slot holds
    // something the GC tracks (`crate::python::cached`).
    let face = syn::Ident::new(&format!("{name}Face"), name.span());
    let class_name = name.to_string();
    let class_docs = doc_attrs(&item.attrs);
    let mut getters: Vec<Tokens> = Vec::new();
    // Numbers and bools are converted when the object is made and read as plain
    // struct members (`Py_T_OBJECT_EX`, which CPython reads without a call).
    let mut members: Vec<Tokens> = Vec::new();
    let mut member_inits: Vec<Tokens> = Vec::new();
    let mut slots = 0usize;
    // Whether a slot may hold a container (a list, a nested model): only then is the
    // class a GC type.
    let mut gc = false;
    for (ident, py_name, docs, ty) in &py_fields {
        let bare = ident.to_string();
        let bare = bare.trim_start_matches("r#");
        let getter = syn::Ident::new(&format!("__gb_get_{bare}"), ident.span());
        let read = py_read(ty);
        if read == PyRead::Member {
            let member = syn::Ident::new(&format!("__gb_{bare}"), ident.span());
            members.push(quote! {
                #(#docs)*
                #[pyo3(get, name = #py_name)]
                #member: ::pyo3::Py<::pyo3::PyAny>,
            });
            member_inits.push(quote! {
                #member: crate::python::Member::member(&value.#ident, py)?,
            });
        } else if read == PyRead::EachTime {
            getters.push(quote! {
                #(#docs)*
                #[getter]
                #[pyo3(name = #py_name)]
                fn #getter(&self, py: ::pyo3::Python<'_>) -> ::pyo3::PyResult<::pyo3::Py<::pyo3::PyAny>> {
                    ::pyo3::IntoPyObjectExt::into_py_any(&self.inner.get().#ident, py)
                }
            });
        } else {
            gc |= read == PyRead::Kept;
            let slot = slots;
            slots += 1;
            getters.push(quote! {
                #(#docs)*
                #[getter]
                #[pyo3(name = #py_name)]
                fn #getter(slf: &::pyo3::Bound<'_, Self>) -> ::pyo3::PyResult<::pyo3::Py<::pyo3::PyAny>> {
                    let this = ::pyo3::Bound::get(slf);
                    crate::python::cached(slf, &this.slots[#slot], |py| {
                        // A nested model (or a list or option of them) borrows its
                        // value from this one's; anything else is converted from a copy.
                        #[allow(unused_imports)]
                        use crate::python::{CopyField as _, ShareField as _};
                        let field: crate::python::Field<'_, #name, #ty> = crate::python::Field(&this.inner, |m| &m.#ident);
                        (&field).field_into_py(py)
                    })
                }
            });
        }
    }
    let traverse = if gc {
        quote! {
            fn __traverse__(&self, visit: ::pyo3::PyVisit<'_>) -> ::core::result::Result<(), ::pyo3::PyTraverseError> {
                crate::python::traverse_slots(&self.slots, visit)
            }
        }
    } else {
        quote! {}
    };
    let python_items = quote! {
        #[cfg(feature = "python")]
        #(#class_docs)*
        #[::pyo3::pyclass(name = #class_name, frozen, eq, skip_from_py_object, module = "gradebridge")]
        pub struct #face {
            #(#members)*
            inner: crate::python::Shared<#name>,
            slots: [::std::sync::OnceLock<::pyo3::Py<::pyo3::PyAny>>; #slots],
        }

        #[cfg(feature = "python")]
        impl #face {
            #[allow(unused_variables)]
            fn shared(inner: crate::python::Shared<#name>, py: ::pyo3::Python<'_>) -> ::pyo3::PyResult<Self> {
                let value = inner.get();
                Ok(Self {
                    #(#member_inits)*
                    slots: ::core::array::from_fn(|_| ::std::sync::OnceLock::new()),
                    inner,
                })
            }
        }

        #[cfg(feature = "python")]
        crate::python::py_model!(#name, #face, #gc, #input_mode, { #(#getters)* #traverse });
    };
    // Writing: serde's derive, as inherent functions (`remote = "Self"`) that the
    // trait impl calls. Reading, natively: serde's derive too, read from a map only,
    // and caller input from a map of its own keys (`crate::input::MapOnly`): serde's
    // derived visitor would also take a list (`["Essay", 10]` as a task) and skip
    // unknown keys.
    //
    // On wasm32 the model's own reader ([`own_reader`]) where it handles every
    // field's serde keys: a table per model (each field's key, offset and reader)
    // that one function in `crate::read` fills the struct by, from the JSON tree
    // serde_json reads once, where serde's derive writes a visitor per model (the
    // module is downloaded; see `core/src/read/node.rs`). Natively serde's derive
    // stays: it decodes a page of grades faster (core/benches/decode.rs) and size
    // matters less. core's unit tests read with both (`crate::read::tests`), as do
    // the JS tests with the wasm one.
    let own = own_reader(&item, camel);
    let derive_deserialize = if own.is_some() {
        quote!(#[cfg_attr(not(target_arch = "wasm32"), derive(::serde::Deserialize))])
    } else {
        quote!(#[derive(::serde::Deserialize)])
    };
    let test_switch = own.as_ref().map(|_| {
        quote! {
            #[cfg(test)]
            if crate::read::tests::own_reader() {
                return <crate::read::Own<#name> as ::serde::Deserialize>::deserialize(d)
                    .map(|own| own.0);
            }
        }
    });
    let serde_reader = quote! {
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> ::core::result::Result<Self, D::Error> {
                #test_switch
                #name::deserialize(crate::input::MapOnly(d))
            }
        }
    };
    let readers = match &own {
        None => serde_reader,
        Some(reader) => {
            let own_impls = own_impls(&name, &quote!(::serde::Deserialize), reader);
            quote! {
                #[cfg(not(target_arch = "wasm32"))]
                #serde_reader

                #own_impls
            }
        }
    };
    // On wasm32 a model is written by its table ([`own_writer`]) where that handles
    // every field's serde keys; serde's derive stays natively (and writes the
    // inherent `serialize` that `remote = "Self"` asks for, unused on wasm32).
    let serialize_impl = match own_writer(&item, camel) {
        Some(writer) => quote! {
            impl ::serde::Serialize for #name {
                fn serialize<S: ::serde::Serializer>(&self, s: S) -> ::core::result::Result<S::Ok, S::Error> {
                    // SAFETY: `self` is the struct `__writer()` describes.
                    #[cfg(test)]
                    if crate::read::tests::own_reader() {
                        return unsafe { crate::write::model((self as *const Self).cast(), Self::__writer(), s) };
                    }
                    // SAFETY: as above.
                    #[cfg(target_arch = "wasm32")]
                    return unsafe { crate::write::model((self as *const Self).cast(), Self::__writer(), s) };
                    #[cfg(not(target_arch = "wasm32"))]
                    #name::serialize(self, s)
                }
            }

            #writer
        },
        None => quote! {
            impl ::serde::Serialize for #name {
                fn serialize<S: ::serde::Serializer>(&self, s: S) -> ::core::result::Result<S::Ok, S::Error> {
                    #name::serialize(self, s)
                }
            }
        },
    };
    let out: Tokens = quote! {
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize)]
        #derive_deserialize
        #[serde(remote = "Self")]
        #[cfg_attr(feature = "schema", derive(::schemars::JsonSchema))]
        #item

        #python_items

        #serialize_impl

        #readers
    };
    out.into()
}

/// `#[reader]` on a struct with `#[derive(.., Deserialize)]` (an operation's
/// arguments, a sync setting): on wasm32 it is read by the reader `#[model]` writes
/// (`own_reader`: a table of the fields for `crate::read`'s one filling function)
/// instead of serde's derive, which stays natively. A
/// struct with a serde key the own reader does not handle is left as it is. Core's
/// native unit tests reach the own reader through `crate::read::Own<T>` and compare
/// it with serde's derive.
#[proc_macro_attribute]
pub fn reader(_args: TokenStream, item: TokenStream) -> TokenStream {
    let mut item = parse_macro_input!(item as ItemStruct);
    let name = item.ident.clone();
    let camel = container_rename_all(&item.attrs).as_deref() == Some("camelCase");
    let Some(reader) = own_reader(&item, camel) else {
        // Serde's derive everywhere; `Own<T>` reads with it too, so a test that
        // lists every operation's arguments still compiles.
        return quote! {
            #item

            #[cfg(all(not(target_arch = "wasm32"), test))]
            impl<'de> ::serde::Deserialize<'de> for crate::read::Own<#name> {
                fn deserialize<__D: ::serde::Deserializer<'de>>(__d: __D) -> ::core::result::Result<Self, __D::Error> {
                    <#name as ::serde::Deserialize>::deserialize(__d).map(crate::read::Own)
                }
            }
        }
        .into();
    };
    // Take `Deserialize` out of the derives; note whether `Serialize` stays (it
    // reads the `#[serde(..)]` keys on wasm32 too).
    let mut serializes = false;
    // The derive's own path (`Deserialize` as imported), used below so the import
    // is used on both targets.
    let mut found: Option<syn::Path> = None;
    for attr in item
        .attrs
        .iter_mut()
        .filter(|a| a.path().is_ident("derive"))
    {
        let Ok(paths) = attr.parse_args_with(Punctuated::<syn::Path, Token![,]>::parse_terminated)
        else {
            continue;
        };
        let last = |p: &syn::Path| p.segments.last().map(|s| s.ident.to_string());
        serializes |= paths
            .iter()
            .any(|p| last(p).as_deref() == Some("Serialize"));
        if let Some(p) = paths
            .iter()
            .find(|p| last(p).as_deref() == Some("Deserialize"))
        {
            found = Some(p.clone());
        }
        let kept: Vec<&syn::Path> = paths
            .iter()
            .filter(|p| last(p).as_deref() != Some("Deserialize"))
            .collect();
        *attr = syn::parse_quote!(#[derive(#(#kept),*)]);
    }
    let Some(derive) = found else {
        return syn::Error::new_spanned(
            &item.ident,
            "#[reader] needs #[derive(Deserialize)] below it",
        )
        .to_compile_error()
        .into();
    };
    if !serializes {
        // Without a serde derive on wasm32 its keys would be unknown attributes.
        let wrap = |attrs: &mut Vec<Attribute>| {
            for a in attrs.iter_mut().filter(|a| a.path().is_ident("serde")) {
                let Meta::List(list) = &a.meta else { continue };
                let inner = &list.tokens;
                *a = syn::parse_quote!(#[cfg_attr(not(target_arch = "wasm32"), serde(#inner))]);
            }
        };
        wrap(&mut item.attrs);
        if let Fields::Named(named) = &mut item.fields {
            for f in named.named.iter_mut() {
                wrap(&mut f.attrs);
            }
        }
    }
    item.attrs
        .push(syn::parse_quote!(#[cfg_attr(not(target_arch = "wasm32"), derive(#derive))]));
    let own_impls = own_impls(&name, &quote!(#derive), &reader);
    quote! {
        #item

        #own_impls
    }
    .into()
}

/// The struct's `Deserialize` (`trait_path`, as the item names it) by its table
/// (`shape`, from [`own_reader`]) on wasm32, and natively in core's tests through
/// `crate::read::Own`.
fn own_impls(name: &syn::Ident, trait_path: &Tokens, shape: &Tokens) -> Tokens {
    quote! {
        #shape

        #[cfg(target_arch = "wasm32")]
        impl<'de> #trait_path<'de> for #name {
            fn deserialize<__D: ::serde::Deserializer<'de>>(__d: __D) -> ::core::result::Result<Self, __D::Error> {
                crate::read::model(__d, #name::__shape())
            }
        }

        #[cfg(all(not(target_arch = "wasm32"), test))]
        impl<'de> ::serde::Deserialize<'de> for crate::read::Own<#name> {
            fn deserialize<__D: ::serde::Deserializer<'de>>(__d: __D) -> ::core::result::Result<Self, __D::Error> {
                crate::read::model(__d, #name::__shape()).map(crate::read::Own)
            }
        }
    }
}

/// How one field reads, from its `#[serde(..)]` keys (after inference).
struct FieldRead {
    ident: syn::Ident,
    ty: Type,
    /// The key in JSON.
    name: String,
    deserialize_with: Option<String>,
    /// `default` as a flag (`Some(None)`) or a function (`Some(Some(path))`).
    default: Option<Option<syn::Path>>,
    skip: bool,
}

/// The field's reading keys, or `None` when it has one [`own_reader`] does not
/// handle (then serde's derive reads the struct).
fn field_read(field: &syn::Field, camel: bool) -> Option<FieldRead> {
    let ident = field.ident.clone()?;
    let mut read = FieldRead {
        name: default_key(&ident, camel),
        ident,
        ty: field.ty.clone(),
        deserialize_with: None,
        default: None,
        skip: false,
    };
    let mut ok = true;
    for a in field.attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let parsed = a.parse_nested_meta(|m| {
            let key = key_of(&m);
            let text = |m: &syn::meta::ParseNestedMeta| -> syn::Result<String> {
                Ok(m.value()?.parse::<syn::LitStr>()?.value())
            };
            match key.as_str() {
                "rename" => read.name = text(&m)?,
                "deserialize_with" => read.deserialize_with = Some(text(&m)?),
                "with" => read.deserialize_with = Some(format!("{}::deserialize", text(&m)?)),
                "default" => {
                    read.default = Some(if m.input.peek(Token![=]) {
                        Some(syn::parse_str(&text(&m)?)?)
                    } else {
                        None
                    })
                }
                "skip" | "skip_deserializing" => read.skip = true,
                "serialize_with" | "skip_serializing_if" => {
                    let _ = text(&m)?;
                }
                "skip_serializing" => {}
                _ => {
                    ok = false;
                    if m.input.peek(Token![=]) {
                        let _ = m.value()?.parse::<syn::Lit>()?;
                    }
                }
            }
            Ok(())
        });
        if parsed.is_err() {
            return None;
        }
    }
    ok.then_some(read)
}

/// The tolerant rules of `core/src/de.rs` that `crate::read` has as shared field
/// readers (`crate::read::Rule`).
fn rule_type(path: &str, ty: &Type) -> Option<Tokens> {
    // `crate::de::vec` or `de::vec` (with `use crate::de`).
    Some(match path.trim_start_matches("crate::") {
        "de::int" => quote!(crate::read::Int),
        "de::opt_int" => quote!(crate::read::OptInt),
        "de::opt_num" => quote!(crate::read::OptNum),
        "de::opt_bool" => quote!(crate::read::OptBool),
        "de::opt_string" => quote!(crate::read::OptString),
        "de::int_vec" => quote!(crate::read::IntVec),
        "de::vec" => {
            let (_, inner) = split(ty)?;
            let inner = inner?;
            quote!(crate::read::VecOf<#inner>)
        }
        _ => return None,
    })
}

/// The fields of a struct the own reader and writer handle: named fields, no
/// generics, and no container serde key but `rename_all = "camelCase"` and
/// `deny_unknown_fields`.
fn own_fields(item: &ItemStruct, camel: bool) -> Option<&Punctuated<syn::Field, Token![,]>> {
    let container_ok = serde_keys(&item.attrs).iter().all(|(k, plain)| {
        (k == "rename_all" && *plain && camel) || (k == "deny_unknown_fields" && !*plain)
    });
    if !container_ok || !item.generics.params.is_empty() {
        return None;
    }
    match &item.fields {
        Fields::Named(named) => Some(&named.named),
        _ => None,
    }
}

/// A field's JSON key before any `rename`: its name (without `r#`), in camelCase
/// under `rename_all = "camelCase"`.
fn default_key(ident: &syn::Ident, camel: bool) -> String {
    let bare = ident.to_string();
    let bare = bare.trim_start_matches("r#");
    if camel {
        camel_case(bare)
    } else {
        bare.to_string()
    }
}

/// The struct's table for `crate::read`'s `fill_at` (wasm32, and core's tests): an
/// inherent `__shape()` giving each read field's API key, offset, reader (shared
/// by every field of its type: `put::<T>`, `put_vec::<T>`, `put_option::<T>`,
/// `put_rule::<Rule>`, or a small function for another `deserialize_with`), what
/// an absent key gives (`default`, `None` for an `Option`, or nothing: a missing
/// field), and its drop; and each skipped field's default. `None` when the struct
/// or a field has a serde key this does not handle.
fn own_reader(item: &ItemStruct, camel: bool) -> Option<Tokens> {
    let named = own_fields(item, camel)?;
    let deny = serde_keys(&item.attrs)
        .iter()
        .any(|(k, _)| k == "deny_unknown_fields");
    let fields: Vec<FieldRead> = named
        .iter()
        .map(|f| field_read(f, camel))
        .collect::<Option<_>>()?;
    if fields.iter().filter(|f| !f.skip).count() > 128 {
        return None;
    }
    let name = &item.ident;
    let expecting = format!("struct {name}");
    let mut names = Vec::new();
    let mut locals = Vec::new();
    let mut table = Vec::new();
    let mut skipped = Vec::new();
    for (at, f) in fields.iter().enumerate() {
        let ident = &f.ident;
        let ty = &f.ty;
        let offset = quote!(::core::mem::offset_of!(#name, #ident));
        // What an absent key (or a skipped field) gives, when not required.
        let default = match &f.default {
            Some(Some(path)) => {
                let write = syn::Ident::new(&format!("__default{at}"), ident.span());
                locals.push(quote! {
                    unsafe fn #write(at: *mut u8) {
                        let value: #ty = #path();
                        // SAFETY: `fill` hands this field's place, unwritten.
                        unsafe { at.cast::<#ty>().write(value) };
                    }
                });
                Some(quote!(#write))
            }
            Some(None) => Some(quote!(crate::read::put_default::<#ty>)),
            None => None,
        };
        if f.skip {
            let write = default.unwrap_or_else(|| quote!(crate::read::put_default::<#ty>));
            skipped.push(quote!(crate::read::Skipped { offset: #offset, write: #write },));
            continue;
        }
        names.push(f.name.clone());
        let split = split(ty);
        let read = match &f.deserialize_with {
            Some(path) => match rule_type(path, ty) {
                Some(rule) => quote!(crate::read::put_rule::<#rule>),
                None => {
                    let path = syn::parse_str::<syn::Path>(path).ok()?;
                    let read = syn::Ident::new(&format!("__read{at}"), ident.span());
                    locals.push(quote! {
                        unsafe fn #read(
                            node: crate::read::Node,
                            at: *mut u8,
                        ) -> ::core::result::Result<(), crate::read::ReadError> {
                            let value: #ty = #path(node)?;
                            // SAFETY: `fill` hands this field's place, unwritten.
                            unsafe { at.cast::<#ty>().write(value) };
                            ::core::result::Result::Ok(())
                        }
                    });
                    quote!(#read)
                }
            },
            None => match &split {
                Some((n, Some(inner))) if n == "Vec" => quote!(crate::read::put_vec::<#inner>),
                Some((n, Some(inner))) if n == "Option" => {
                    quote!(crate::read::put_option::<#inner>)
                }
                _ => quote!(crate::read::put::<#ty>),
            },
        };
        let is_option = split.as_ref().is_some_and(|(n, _)| n == "Option");
        // serde reads a missing `Option` as `None`, unless a `deserialize_with`
        // reads it (then it is a missing field).
        let absent = match default {
            Some(write) => quote!(::core::option::Option::Some(#write)),
            None if is_option && f.deserialize_with.is_none() => {
                quote!(::core::option::Option::Some(crate::read::put_default::<#ty>))
            }
            None => quote!(::core::option::Option::None),
        };
        table.push(quote! {
            crate::read::Field {
                offset: #offset,
                read: #read,
                absent: #absent,
                drop: crate::read::drop_fn::<#ty>(),
            },
        });
    }
    Some(quote! {
        #[cfg(any(target_arch = "wasm32", test))]
        impl #name {
            /// How `crate::read` fills this struct from a JSON tree.
            #[doc(hidden)]
            fn __shape() -> &'static crate::read::Shape {
                #(#locals)*
                static SHAPE: crate::read::Shape = crate::read::Shape {
                    expecting: #expecting,
                    names: &[#(#names),*],
                    fields: &[#(#table)*],
                    skipped: &[#(#skipped)*],
                    deny: #deny,
                };
                &SHAPE
            }
        }
    })
}

/// The struct's table for `crate::write::model` (wasm32, and core's tests): an
/// inherent `__writer()` giving each written field's API key, offset, writer
/// (`crate::write::field::<T>`, shared by every field of its type, or a small
/// function for a `serialize_with`) and `skip_serializing_if`, in declaration
/// order. `None` when the struct or a field has a serde key this does not handle
/// (then serde's derive writes it everywhere).
fn own_writer(item: &ItemStruct, camel: bool) -> Option<Tokens> {
    let named = own_fields(item, camel)?;
    let name = &item.ident;
    let mut locals = Vec::new();
    let mut table = Vec::new();
    for (at, field) in named.iter().enumerate() {
        let ident = field.ident.as_ref()?;
        let ty = &field.ty;
        let mut key = default_key(ident, camel);
        let (mut skip, mut skip_if, mut with) = (false, None::<String>, None::<String>);
        let mut ok = true;
        for a in field.attrs.iter().filter(|a| a.path().is_ident("serde")) {
            let parsed = a.parse_nested_meta(|m| {
                let text = |m: &syn::meta::ParseNestedMeta| -> syn::Result<String> {
                    Ok(m.value()?.parse::<syn::LitStr>()?.value())
                };
                match key_of(&m).as_str() {
                    "rename" => key = text(&m)?,
                    "skip" | "skip_serializing" => skip = true,
                    "skip_serializing_if" => skip_if = Some(text(&m)?),
                    "serialize_with" => with = Some(text(&m)?),
                    "with" => with = Some(format!("{}::serialize", text(&m)?)),
                    // Reading keys.
                    "deserialize_with" | "skip_deserializing" => {
                        let _ = text(&m);
                    }
                    "default" => {
                        if m.input.peek(Token![=]) {
                            let _ = text(&m)?;
                        }
                    }
                    _ => {
                        ok = false;
                        if m.input.peek(Token![=]) {
                            let _ = m.value()?.parse::<syn::Lit>()?;
                        }
                    }
                }
                Ok(())
            });
            if parsed.is_err() || !ok {
                return None;
            }
        }
        if skip {
            continue;
        }
        let write = match with {
            Some(path) => {
                let path = syn::parse_str::<syn::Path>(&path).ok()?;
                let f = syn::Ident::new(&format!("__write{at}"), ident.span());
                locals.push(quote! {
                    unsafe fn #f(
                        at: *const u8,
                        json: &mut crate::write::Json<'_>,
                    ) -> ::core::result::Result<(), ::serde_json::Error> {
                        // SAFETY: `crate::write` hands this field's place.
                        #path(unsafe { &*at.cast::<#ty>() }, json)
                    }
                });
                quote!(#f)
            }
            None => quote!(crate::write::field::<#ty>),
        };
        let skip = match skip_if.as_deref() {
            None => quote!(::core::option::Option::None),
            Some("Option::is_none") => {
                let (n, inner) = split(ty)?;
                if n != "Option" {
                    return None;
                }
                let inner = inner?;
                quote!(::core::option::Option::Some(crate::write::is_none::<#inner>))
            }
            Some(path) => {
                let path = syn::parse_str::<syn::Path>(path).ok()?;
                let f = syn::Ident::new(&format!("__skip{at}"), ident.span());
                locals.push(quote! {
                    unsafe fn #f(at: *const u8) -> bool {
                        // SAFETY: `crate::write` hands this field's place.
                        #path(unsafe { &*at.cast::<#ty>() })
                    }
                });
                quote!(::core::option::Option::Some(#f))
            }
        };
        table.push(quote! {
            crate::write::Field {
                key: #key,
                offset: ::core::mem::offset_of!(#name, #ident),
                write: #write,
                skip: #skip,
            },
        });
    }
    let struct_name = name.to_string();
    Some(quote! {
        #[cfg(any(target_arch = "wasm32", test))]
        impl #name {
            /// How `crate::write` writes this struct as JSON.
            #[doc(hidden)]
            fn __writer() -> &'static crate::write::Shape {
                #(#locals)*
                static SHAPE: crate::write::Shape = crate::write::Shape {
                    name: #struct_name,
                    fields: &[#(#table)*],
                };
                &SHAPE
            }
        }
    })
}

/// The `#[doc]` attributes among `attrs`.
fn doc_attrs(attrs: &[Attribute]) -> Vec<Attribute> {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("doc"))
        .cloned()
        .collect()
}

const PY_KEYWORDS: &[&str] = &[
    "class", "def", "from", "global", "import", "in", "is", "lambda", "nonlocal", "not", "or",
    "pass", "raise", "return", "try", "while", "with", "yield", "and", "as", "assert", "async",
    "await", "break", "continue", "del", "elif", "else", "except", "finally", "for", "if",
    // Not a keyword, but the first parameter of every method.
    "self",
];

/// The `rename_all = "..."` of a struct's `#[serde(..)]`, if it has one.
fn container_rename_all(attrs: &[Attribute]) -> Option<String> {
    let mut found = None;
    for a in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let _ = a.parse_nested_meta(|m| {
            if let Ok(v) = m.value() {
                if let Ok(lit) = v.parse::<syn::LitStr>() {
                    if m.path.is_ident("rename_all") {
                        found = Some(lit.value());
                    }
                }
            }
            Ok(())
        });
    }
    found
}

/// `course_id` -> `courseId`, as serde's `rename_all = "camelCase"` does.
fn camel_case(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// The `rename = "..."` of a field's `#[serde(..)]`, if it has one.
fn serde_rename(attrs: &[Attribute]) -> Option<String> {
    let mut found = None;
    for a in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let _ = a.parse_nested_meta(|m| {
            if m.path.is_ident("rename") {
                if let Ok(v) = m.value() {
                    if let Ok(lit) = v.parse::<syn::LitStr>() {
                        found = Some(lit.value());
                    }
                }
            } else if let Ok(v) = m.value() {
                // Skip the value of any other key.
                let _ = v.parse::<syn::Lit>();
            }
            Ok(())
        });
    }
    found
}

/// How Python reads a model field.
#[derive(PartialEq)]
enum PyRead {
    /// A number or a bool (or an `Option` of one): converted when the object is
    /// made and kept as a plain struct member.
    Member,
    /// Text (or an `Option` of it): cheap to convert on each read.
    EachTime,
    /// A value that holds no other Python object (a timestamp, a grade that is a
    /// number or text): converted on first read and kept in a slot, like `Kept`,
    /// but never part of a reference cycle, so the GC need not know of it.
    KeptLeaf,
    /// Anything else (a list, a nested model): converted on first read and kept in
    /// a slot (`crate::python::cached`), so that reading it twice costs once and
    /// gives the same object.
    Kept,
}

fn py_read(ty: &Type) -> PyRead {
    const NUMBERS: &[&str] = &[
        "i64", "i32", "u8", "u16", "u32", "u64", "usize", "f64", "f32", "bool",
    ];
    let name = match split(ty) {
        Some((outer, inner)) if outer == "Option" => name_of(inner),
        Some((outer, _)) => outer,
        None => String::new(),
    };
    if NUMBERS.contains(&name.as_str()) {
        PyRead::Member
    } else if name == "String" {
        PyRead::EachTime
    } else if name == "Timestamp" || name == "Grade" {
        PyRead::KeptLeaf
    } else {
        PyRead::Kept
    }
}

/// How a field of this type reads (its `x-read` kind, and what [`infer`] gives it):
/// `int`, `opt_int`, `opt_num`, `opt_bool`, `opt_string`, `opt` (serde's `Option`
/// of the inner type), `int_vec`, `vec` (a list, `null` as empty), or `plain`
/// (serde's own reading of the type).
fn read_kind(ty: &Type) -> &'static str {
    let Some((outer, inner)) = split(ty) else {
        return "plain";
    };
    match (outer.as_str(), name_of(inner).as_str()) {
        ("i64", _) => "int",
        ("Option", "i64") => "opt_int",
        ("Option", "f64") => "opt_num",
        ("Option", "bool") => "opt_bool",
        ("Option", "String") => "opt_string",
        ("Option", _) => "opt",
        ("Vec", "i64") => "int_vec",
        ("Vec", _) => "vec",
        _ => "plain",
    }
}

/// The name of a `#[serde(..)]` key (`rename` in `rename = "x"`).
fn key_of(m: &syn::meta::ParseNestedMeta) -> String {
    m.path
        .get_ident()
        .map(|i| i.to_string())
        .unwrap_or_default()
}

/// The keys of every `#[serde(..)]` in `attrs`, each with whether its value is a
/// plain string (`rename = "x"`, not `rename(deserialize = "x")`).
fn serde_keys(attrs: &[Attribute]) -> Vec<(String, bool)> {
    let mut keys = Vec::new();
    for a in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let parsed = a.parse_nested_meta(|m| {
            let key = key_of(&m);
            let plain_value = match m.value() {
                Ok(v) => v.parse::<syn::LitStr>().is_ok(),
                Err(_) => {
                    // A flag, or a list such as `rename(deserialize = "x")`: skip its
                    // contents.
                    let _ = m.parse_nested_meta(|inner| {
                        let _ = inner.value().and_then(|v| v.parse::<syn::Lit>());
                        Ok(())
                    });
                    false
                }
            };
            keys.push((key, plain_value));
            Ok(())
        });
        if parsed.is_err() {
            keys.push((String::new(), false));
        }
    }
    keys
}

/// True when a field's own `#[serde(..)]` leaves reading to the inferred rule: only
/// a plain `rename` and the writing keys.
fn reads_plainly(attrs: &[Attribute]) -> bool {
    serde_keys(attrs).iter().all(|(k, plain)| {
        (k == "rename" && *plain) || k == "skip_serializing_if" || k == "serialize_with"
    })
}

/// True when a struct's `#[serde(..)]` changes nothing about reading its fields
/// beyond their names (`rename_all`).
fn container_reads_plainly(attrs: &[Attribute]) -> bool {
    serde_keys(attrs)
        .iter()
        .all(|(k, plain)| k == "rename_all" && *plain)
}

/// Remove `#[model(plain)]` from a field's attributes; true when it was there.
fn take_plain(attrs: &mut Vec<Attribute>) -> bool {
    let before = attrs.len();
    attrs.retain(|a| !a.path().is_ident("model"));
    attrs.len() != before
}

/// The type's last path segment name and its first generic argument.
fn split(ty: &Type) -> Option<(String, Option<&Type>)> {
    // A type that came through a `macro_rules!` `$t:ty` is wrapped in a group.
    let ty = match ty {
        Type::Group(g) => &*g.elem,
        Type::Paren(p) => &*p.elem,
        other => other,
    };
    let Type::Path(p) = ty else { return None };
    let seg = p.path.segments.last()?;
    let inner = match &seg.arguments {
        syn::PathArguments::AngleBracketed(a) => a.args.iter().find_map(|g| match g {
            syn::GenericArgument::Type(t) => Some(t),
            _ => None,
        }),
        _ => None,
    };
    Some((seg.ident.to_string(), inner))
}

fn name_of(ty: Option<&Type>) -> String {
    ty.and_then(split).map(|(n, _)| n).unwrap_or_default()
}

/// The serde keys a field of this type gets: `(key, value)`, value `None` for a flag.
/// A response field's keys follow from its reading rule ([`read_kind`]).
fn infer(ty: &Type, input: bool) -> Vec<(&'static str, Option<&'static str>)> {
    let skip_none = ("skip_serializing_if", Some("Option::is_none"));
    let kind = read_kind(ty);
    if input {
        return if kind.starts_with("opt") {
            vec![("default", None), skip_none]
        } else {
            vec![]
        };
    }
    let reader = |f: &'static str| ("deserialize_with", Some(f));
    match kind {
        "int" => vec![reader("crate::de::int")],
        "opt_int" => vec![("default", None), reader("crate::de::opt_int"), skip_none],
        "opt_num" => vec![
            ("default", None),
            reader("crate::de::opt_num"),
            ("serialize_with", Some("crate::de::opt_num_out")),
            skip_none,
        ],
        "opt_bool" => vec![("default", None), reader("crate::de::opt_bool"), skip_none],
        "opt_string" => vec![
            ("default", None),
            reader("crate::de::opt_string"),
            skip_none,
        ],
        "opt" => vec![("default", None), skip_none],
        "int_vec" => vec![("default", None), reader("crate::de::int_vec")],
        "vec" => vec![("default", None), reader("crate::de::vec")],
        _ => vec![],
    }
}

/// Add the inferred keys to the field's `#[serde(..)]`, unless the field sets them.
fn merge_serde(attrs: &mut Vec<Attribute>, inferred: Vec<(&'static str, Option<&'static str>)>) {
    let mut given: Vec<String> = Vec::new();
    for a in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        if let Ok(list) = a.parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated) {
            for m in list {
                if let Some(id) = m.path().get_ident() {
                    given.push(id.to_string());
                }
            }
        }
    }
    let mut parts: Vec<Tokens> = Vec::new();
    for (key, value) in inferred {
        if given.iter().any(|g| g == key) {
            continue;
        }
        let k = syn::Ident::new(key, proc_macro2::Span::call_site());
        parts.push(match value {
            Some(v) => quote!(#k = #v),
            None => quote!(#k),
        });
    }
    if !parts.is_empty() {
        attrs.push(syn::parse_quote!(#[serde(#(#parts),*)]));
    }
}
