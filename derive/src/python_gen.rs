//! The Python binding's side of a declaration.
//!
//! A record becomes a frozen native class of `quanyu._quanyu` that stores its field values as
//! given, as a dataclass does (so a record can be built first and checked when it is used),
//! with a constructor whose signature is the declaration's (required fields first), properties,
//! `repr` (personal fields left out), equality, hashing, pickling, `to_dict` and `replace`;
//! plus the conversions between the class (or a dict, or any object with the same attributes)
//! and the core type, which collect every problem instead of stopping at the first.
//!
//! The generated code relies on the binding's module `crate::declared` for the conversions of
//! the basic types (`PyValue`), the problem list (`Problems`) and the shared methods.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::decl::{Class, Decl, EnumDecl, RecordDecl, docs_attr, summary};
use crate::handover::HandOver;

/// `quanyu_derive::python!`.
pub(crate) fn expand(h: &HandOver) -> syn::Result<TokenStream> {
    Ok(match &h.decl {
        Decl::Record(r) => record(&h.path, r),
        Decl::Enum(e) => plain_enum(&h.path, e),
        // Change sets have their own hand-made class (a builder of changes).
        Decl::Union(_) => TokenStream::new(),
    })
}

/// `quanyu_derive::python_register!`: lists the declaration for the module's registration
/// (a statement that names no local variable: macro hygiene hides the caller's locals).
pub(crate) fn register(h: &HandOver) -> syn::Result<TokenStream> {
    let path = &h.path;
    Ok(match &h.decl {
        Decl::Record(r) => {
            let class = class_ident(&r.name);
            quote! {
                crate::declared::Registry::list_record::<crate::declared::#class>(
                    <#path as ::quanyu::schema::Record>::SCHEMA,
                );
            }
        }
        Decl::Enum(_) => {
            quote! {
                crate::declared::Registry::list_enum(<#path as ::quanyu::schema::Enum>::SCHEMA);
            }
        }
        Decl::Union(_) => TokenStream::new(),
    })
}

fn class_ident(name: &syn::Ident) -> syn::Ident {
    format_ident!("Py{}", name)
}

fn record(path: &TokenStream, r: &RecordDecl) -> TokenStream {
    let class = class_ident(&r.name);
    let py_name = r.name.to_string();
    let order = r.signature_order();
    // The class's docs: the core's summary, then its fields as an example that always holds.
    let field_list: Vec<String> = order.iter().map(|f| format!("'{}'", f.name)).collect();
    let fields_repr = if field_list.len() == 1 {
        format!("({},)", field_list[0])
    } else {
        format!("({})", field_list.join(", "))
    };
    let doc = docs_attr(&format!(
        "{}\n\nThe fields, in the order the constructor takes them:\n\n>>> from quanyu._quanyu import {py_name}\n>>> {py_name}.__match_args__\n{fields_repr}",
        summary(&r.doc)
    ));
    let n = order.len();
    let names: Vec<String> = order.iter().map(|f| f.name.to_string()).collect();
    let shown: Vec<bool> = order.iter().map(|f| f.class == Class::Public).collect();
    let storage = if r.mutable {
        quote!(crate::declared::Mutable)
    } else {
        quote!(crate::declared::Fixed<#n>)
    };
    let subclass = format_ident!(
        "{}_SUBCLASS",
        heck::ToShoutySnakeCase::to_shouty_snake_case(py_name.as_str())
    );

    // The constructor: required fields are plain arguments; the others default to `None`,
    // which stands for the declared default (shown by the stub).
    let signature: Vec<TokenStream> = order
        .iter()
        .map(|f| {
            let name = &f.name;
            if f.required() {
                quote!(#name)
            } else {
                quote!(#name = None)
            }
        })
        .collect();
    let new_params: Vec<TokenStream> = order
        .iter()
        .map(|f| {
            let name = &f.name;
            if f.required() {
                quote!(#name: ::pyo3::Bound<'py, ::pyo3::PyAny>)
            } else {
                quote!(#name: ::core::option::Option<::pyo3::Bound<'py, ::pyo3::PyAny>>)
            }
        })
        .collect();
    // Each value is read as the core reads it and kept in its Python form (an enum member, a
    // `datetime.date`); a value that cannot be read is kept as given and reported when the
    // record is used, as a dataclass would keep it.
    let new_values: Vec<TokenStream> = order
        .iter()
        .map(|f| {
            let name = &f.name;
            let field = quote!(|r: &#path| &r.#name);
            if f.required() {
                quote!(crate::declared::normalize(&#name, &cx, #field)?)
            } else {
                let default = f.default_fn();
                quote! {
                    match #name {
                        ::core::option::Option::Some(v) if !v.is_none() => crate::declared::normalize(&v, &cx, #field)?,
                        _ => crate::declared::PyValue::to_py(&<#path>::#default(), &cx)?.unbind(),
                    }
                }
            }
        })
        .collect();

    let getters: Vec<TokenStream> = order
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let name = &f.name;
            let doc = docs_attr(&summary(&f.doc));
            let setter = if r.mutable {
                let set = format_ident!("set_{}", name);
                quote! {
                    #[setter]
                    fn #set(&self, value: ::pyo3::Bound<'_, ::pyo3::PyAny>) {
                        crate::declared::Storage::set(&self.values, #i, value.unbind());
                    }
                }
            } else {
                quote!()
            };
            quote! {
                #doc
                #[getter]
                fn #name(&self, py: ::pyo3::Python<'_>) -> ::pyo3::Py<::pyo3::PyAny> {
                    crate::declared::Storage::get(&self.values, py, #i)
                }
                #setter
            }
        })
        .collect();

    // Core → Python: the values in signature order.
    let to_values: Vec<TokenStream> = order
        .iter()
        .map(|f| {
            let name = &f.name;
            quote!(crate::declared::PyValue::to_py(&self.#name, cx)?.unbind())
        })
        .collect();

    // Python → core: every field read, every problem kept.
    let reads: Vec<TokenStream> = r
        .fields
        .iter()
        .map(|f| {
            let name = &f.name;
            let key = f.name.to_string();
            let index = order
                .iter()
                .position(|o| o.name == f.name)
                .unwrap_or_default();
            if f.required() {
                quote!(let #name = source.required(problems, #index, #key);)
            } else {
                let default = f.default_fn();
                quote!(let #name = source.optional(problems, #index, #key, <#path>::#default);)
            }
        })
        .collect();
    let fields: Vec<&syn::Ident> = r.fields.iter().map(|f| &f.name).collect();
    let label = r.label.as_ref().map(|l| l.to_string()).unwrap_or_default();
    let mutable = r.mutable;

    quote! {
        #doc
        #[::pyo3::pyclass(module = "quanyu._quanyu", name = #py_name, frozen, subclass)]
        pub(crate) struct #class {
            values: #storage,
        }

        /// The Python subclass that stands for the class, if one was registered
        /// (`_quanyu._use_subclass`): values made by the core become its instances.
        static #subclass: ::pyo3::sync::PyOnceLock<::pyo3::Py<::pyo3::types::PyType>> = ::pyo3::sync::PyOnceLock::new();

        impl crate::declared::Stored for #class {
            type Storage = #storage;
            const FIELDS: &'static [(&'static str, bool)] = &[#((#names, #shown)),*];
            const SCHEMA: &'static ::quanyu::schema::RecordSchema = <#path as ::quanyu::schema::Record>::SCHEMA;
            const MUTABLE: bool = #mutable;

            fn storage(&self) -> &#storage {
                &self.values
            }

            fn subclass() -> &'static ::pyo3::sync::PyOnceLock<::pyo3::Py<::pyo3::types::PyType>> {
                &#subclass
            }
        }

        #[::pyo3::pymethods]
        impl #class {
            #[new]
            #[pyo3(signature = (#(#signature),*))]
            #[allow(clippy::too_many_arguments)]
            fn __new__<'py>(py: ::pyo3::Python<'py>, #(#new_params),*) -> ::pyo3::PyResult<Self> {
                let cx = crate::declared::Cx::new(py);
                let values = ::std::vec![#(#new_values),*];
                ::core::result::Result::Ok(#class { values: crate::declared::Storage::from_vec(values) })
            }

            #(#getters)*

            /// The field `key`, as a mapping would give it (`KeyError` for a name that is not a
            /// field).
            fn __getitem__(slf: &::pyo3::Bound<'_, Self>, key: &str) -> ::pyo3::PyResult<::pyo3::Py<::pyo3::PyAny>> {
                crate::declared::item(slf, key)
            }

            #[classattr]
            fn __match_args__(py: ::pyo3::Python<'_>) -> ::pyo3::PyResult<::pyo3::Py<::pyo3::types::PyTuple>> {
                ::core::result::Result::Ok(::pyo3::types::PyTuple::new(py, [#(#names),*])?.unbind())
            }

            fn __repr__(slf: &::pyo3::Bound<'_, Self>) -> ::pyo3::PyResult<::std::string::String> {
                crate::declared::repr(slf)
            }

            fn __richcmp__(
                slf: &::pyo3::Bound<'_, Self>,
                other: &::pyo3::Bound<'_, ::pyo3::PyAny>,
                op: ::pyo3::pyclass::CompareOp,
            ) -> ::pyo3::PyResult<::pyo3::Py<::pyo3::PyAny>> {
                crate::declared::richcmp(slf, other, op)
            }

            fn __hash__(slf: &::pyo3::Bound<'_, Self>) -> ::pyo3::PyResult<isize> {
                crate::declared::hash(slf)
            }

            fn __reduce__<'py>(slf: &::pyo3::Bound<'py, Self>) -> ::pyo3::PyResult<::pyo3::Bound<'py, ::pyo3::types::PyTuple>> {
                crate::declared::reduce(slf)
            }

            /// The fields as a dict, in constructor order (nested records stay objects).
            fn to_dict<'py>(slf: &::pyo3::Bound<'py, Self>) -> ::pyo3::PyResult<::pyo3::Bound<'py, ::pyo3::types::PyDict>> {
                crate::declared::to_dict(slf)
            }

            /// A copy with the given fields changed.
            #[pyo3(signature = (**changes))]
            fn replace<'py>(
                slf: &::pyo3::Bound<'py, Self>,
                changes: ::core::option::Option<&::pyo3::Bound<'py, ::pyo3::types::PyDict>>,
            ) -> ::pyo3::PyResult<::pyo3::Bound<'py, ::pyo3::PyAny>> {
                crate::declared::replace(slf, changes)
            }

            #[pyo3(signature = (**changes))]
            fn __replace__<'py>(
                slf: &::pyo3::Bound<'py, Self>,
                changes: ::core::option::Option<&::pyo3::Bound<'py, ::pyo3::types::PyDict>>,
            ) -> ::pyo3::PyResult<::pyo3::Bound<'py, ::pyo3::PyAny>> {
                crate::declared::replace(slf, changes)
            }
        }

        impl crate::declared::PyValue for #path {
            fn to_py<'py>(&self, cx: &crate::declared::Cx<'_, 'py>) -> ::pyo3::PyResult<::pyo3::Bound<'py, ::pyo3::PyAny>> {
                let values = ::std::vec![#(#to_values),*];
                crate::declared::make::<#class>(cx.py(), values, |values| #class { values })
            }

            fn from_py(
                obj: &::pyo3::Bound<'_, ::pyo3::PyAny>,
                problems: &mut crate::declared::Problems,
            ) -> ::core::option::Option<Self> {
                let source = crate::declared::Source::<#class>::of(obj, #py_name, #label, problems)?;
                #(#reads)*
                problems.end_record();
                ::core::option::Option::Some(<#path>::__quanyu_new(#(#fields?),*))
            }
        }
    }
}

fn plain_enum(path: &TokenStream, e: &EnumDecl) -> TokenStream {
    let name = e.name.to_string();
    let members = format_ident!(
        "{}_MEMBERS",
        heck::ToShoutySnakeCase::to_shouty_snake_case(name.as_str())
    );
    quote! {
        static #members: ::pyo3::sync::PyOnceLock<::std::vec::Vec<::pyo3::Py<::pyo3::PyAny>>> = ::pyo3::sync::PyOnceLock::new();

        impl crate::declared::PyValue for #path {
            fn to_py<'py>(&self, cx: &crate::declared::Cx<'_, 'py>) -> ::pyo3::PyResult<::pyo3::Bound<'py, ::pyo3::PyAny>> {
                crate::declared::enum_member(cx.py(), &#members, #name, ::quanyu::schema::Enum::index(*self))
            }

            fn from_py(
                obj: &::pyo3::Bound<'_, ::pyo3::PyAny>,
                problems: &mut crate::declared::Problems,
            ) -> ::core::option::Option<Self> {
                crate::declared::parse_enum(obj, problems)
            }
        }
    }
}
