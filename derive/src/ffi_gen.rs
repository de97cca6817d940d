//! The mobile binding's side of a declaration: a `uniffi::Record` or `uniffi::Enum` with the
//! same name, fields and docs, whose field types are the binding's wire types (signed numbers,
//! ISO dates), and the conversions to and from the core type. A conversion from the app
//! collects every problem (naming the row, the field and the value) instead of stopping at the
//! first, so that a rejected call lists them all.
//!
//! The generated code relies on the binding's module `crate::declared` for the wire types and
//! conversions of the basic types (`Wire`), the problem list (`Problems`), row labels (`Label`),
//! `Cx` and `parse_name`; on `crate::types` for the date and personal-value types; and on
//! `crate::error::QuanyuError`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::{Ident, Type};

use crate::decl::{
    Class, Decl, EnumDecl, FieldDecl, FieldDefault, RecordDecl, UnionDecl, docs_attr, last_segment,
    summary, type_args,
};
use crate::handover::HandOver;

/// `quanyu_derive::ffi!`.
pub(crate) fn expand(h: &HandOver) -> syn::Result<TokenStream> {
    match &h.decl {
        Decl::Record(r) => record(&h.path, r),
        Decl::Enum(e) => Ok(plain_enum(&h.path, e)),
        Decl::Union(u) => union(&h.path, u),
    }
}

/// The wire type of a field type: the basic types by name, a declared type by its own name
/// (its mirror in the binding has the same name), containers element-wise, and a tuple through
/// its `Wire` implementation in the binding (uniffi has no tuples; the binding gives each pair
/// a record, and a tuple's elements are standard types, nameable there).
fn wire_type(ty: &Type) -> syn::Result<TokenStream> {
    if let Type::Tuple(_) = ty {
        return Ok(quote!(<#ty as crate::declared::Wire>::Ffi));
    }
    let Some(seg) = last_segment(ty) else {
        return Err(syn::Error::new_spanned(
            ty,
            "this field type has no wire form",
        ));
    };
    let args = type_args(seg);
    let name = seg.ident.to_string();
    Ok(match (name.as_str(), args.as_slice()) {
        ("String" | "CompactString" | "Level", []) => quote!(::std::string::String),
        ("Sensitive", []) => quote!(::std::sync::Arc<crate::types::Sensitive>),
        ("bool", []) => quote!(bool),
        ("f64", []) => quote!(f64),
        ("u8" | "u16" | "i32", []) => quote!(i32),
        ("u32" | "u64" | "usize" | "i64", []) => quote!(i64),
        ("NaiveDate", []) => quote!(crate::types::IsoDate),
        ("NaiveDateTime", []) => quote!(crate::types::IsoDateTime),
        ("NaiveTime", []) => quote!(crate::types::IsoTime),
        ("Weekday", []) => quote!(::chrono::Weekday),
        // A set of venue features is a bit set in the core and the list of its features on
        // the wire.
        ("FeatureSet", []) => quote!(::std::vec::Vec<crate::declared::Feature>),
        ("Option", [t]) => {
            let t = wire_type(t)?;
            quote!(::core::option::Option<#t>)
        }
        ("Vec" | "BTreeSet", [t]) => {
            let t = wire_type(t)?;
            quote!(::std::vec::Vec<#t>)
        }
        ("BTreeMap", [k, v]) => {
            let k = wire_type(k)?;
            let v = wire_type(v)?;
            quote!(::std::collections::HashMap<#k, #v>)
        }
        (_, []) => {
            let ident = &seg.ident;
            quote!(crate::declared::#ident)
        }
        _ => {
            return Err(syn::Error::new_spanned(
                ty,
                "this field type has no wire form",
            ));
        }
    })
}

/// Whether `f` is a personal or sensitive field held by the core as plain text (`String`,
/// `CompactString`, or an `Option` of either): it crosses as the binding's `Sensitive` object
/// (`null` for no value or empty text), so that the generated Kotlin data class and Swift
/// struct print `***` for it rather than the text. (A `Sensitive` field already crosses so.)
fn personal_text(f: &FieldDecl) -> bool {
    if matches!(f.class, Class::Public) {
        return false;
    }
    let text = |t: &Type| {
        last_segment(t).is_some_and(|s| {
            matches!(s.ident.to_string().as_str(), "String" | "CompactString")
                && type_args(s).is_empty()
        })
    };
    text(&f.ty)
        || last_segment(&f.ty).is_some_and(|s| {
            s.ident == "Option" && matches!(type_args(s).as_slice(), [t] if text(t))
        })
}

/// Whether the wire type of `ty` has a default that Kotlin and Swift can write (empty text,
/// zero, false, null, an empty list or map) equal to the core type's `Default`.
fn has_type_default(ty: &Type) -> bool {
    last_segment(ty).is_some_and(|s| {
        matches!(
            s.ident.to_string().as_str(),
            "Option"
                | "String"
                | "CompactString"
                | "bool"
                | "f64"
                | "u8"
                | "u16"
                | "u32"
                | "u64"
                | "usize"
                | "i32"
                | "i64"
                | "Vec"
                | "BTreeSet"
                | "BTreeMap"
                | "FeatureSet"
        )
    })
}

/// The name of a local holding a field's value (kept apart from the generated code's own
/// names, whatever the field is called).
fn local(name: &Ident) -> Ident {
    format_ident!("field_{}", name)
}

/// `GridKind` → `grid_kind`.
fn snake(name: &Ident) -> String {
    heck::ToSnakeCase::to_snake_case(name.to_string().as_str())
}

fn record(path: &TokenStream, r: &RecordDecl) -> syn::Result<TokenStream> {
    let name = &r.name;
    let doc = docs_attr(&summary(&r.doc));
    let mut fields = Vec::new();
    for f in &r.fields {
        let fname = &f.name;
        let fdoc = docs_attr(&summary(&f.doc));
        let personal = personal_text(f);
        let ty = if personal {
            quote!(::core::option::Option<::std::sync::Arc<crate::types::Sensitive>>)
        } else {
            wire_type(&f.ty)?
        };
        let default = match f.default {
            FieldDefault::Default if personal || has_type_default(&f.ty) => {
                quote!(#[uniffi(default)])
            }
            _ => quote!(),
        };
        fields.push(quote! { #fdoc #default pub #fname: #ty });
    }
    let names: Vec<&Ident> = r.fields.iter().map(|f| &f.name).collect();
    // The conversions of each field: personal text through `PersonalText`, the rest `Wire`.
    let to_ffi: Vec<TokenStream> = r
        .fields
        .iter()
        .map(|f| {
            let n = &f.name;
            if personal_text(f) {
                quote!(crate::declared::PersonalText::to_personal(&self.#n))
            } else {
                quote!(crate::declared::Wire::to_ffi(&self.#n, cx))
            }
        })
        .collect();
    let from_ffi: Vec<TokenStream> = r
        .fields
        .iter()
        .map(|f| {
            let n = &f.name;
            if personal_text(f) {
                quote!(::core::option::Option::Some(crate::declared::PersonalText::from_personal(ffi.#n)))
            } else {
                quote!(crate::declared::Wire::from_ffi(ffi.#n, problems))
            }
        })
        .collect();
    let locals: Vec<Ident> = r.fields.iter().map(|f| local(&f.name)).collect();
    let keys: Vec<String> = r.fields.iter().map(|f| f.name.to_string()).collect();
    let label = r
        .label
        .as_ref()
        .map(|l| quote!(crate::declared::Label::label(&ffi.#l)))
        .unwrap_or(quote!(::std::string::String::new()));

    // A record whose every field has a default, not all of which Kotlin and Swift can write
    // (a default set by a function of the core), gets a function that gives it whole.
    let all_defaulted = r.fields.iter().all(|f| !f.required());
    let all_shown = r
        .fields
        .iter()
        .all(|f| matches!(f.default, FieldDefault::Default) && has_type_default(&f.ty));
    let defaults = if all_defaulted && !all_shown {
        let function = format_ident!("default_{}", snake(name));
        let fn_doc =
            format!("A `{name}` with every field at its default, to adjust and pass back.");
        let values = r.fields.iter().map(|f| {
            let d = f.default_fn();
            quote!(<#path>::#d())
        });
        quote! {
            #[doc = #fn_doc]
            #[::uniffi::export]
            pub fn #function() -> #name {
                let value = <#path>::__quanyu_new(#(#values),*);
                crate::declared::Wire::to_ffi(&value, &crate::declared::Cx::default())
            }
        }
    } else {
        TokenStream::new()
    };

    // One match over every field: a bad field drops the others once.
    let build = if r.fields.is_empty() {
        quote!(::core::option::Option::Some(<#path>::__quanyu_new()))
    } else {
        quote! {
            match (#(#locals,)*) {
                (#(::core::option::Option::Some(#locals),)*) => {
                    ::core::option::Option::Some(<#path>::__quanyu_new(#(#locals),*))
                }
                _ => ::core::option::Option::None,
            }
        }
    };

    Ok(quote! {
        #doc
        #[derive(::core::fmt::Debug, ::core::clone::Clone, ::core::cmp::PartialEq, ::uniffi::Record)]
        pub struct #name {
            #(#fields),*
        }

        impl crate::declared::Label for #name {}

        impl crate::declared::Wire for #path {
            type Ffi = #name;

            fn to_ffi(&self, cx: &crate::declared::Cx<'_>) -> #name {
                #name { #(#names: #to_ffi),* }
            }

            fn from_ffi(ffi: #name, problems: &mut crate::declared::Problems) -> ::core::option::Option<Self> {
                problems.begin_record(#label);
                #(
                    problems.enter(#keys);
                    let #locals = #from_ffi;
                    problems.leave();
                )*
                problems.end_record();
                #build
            }
        }

        #defaults
    })
}

fn plain_enum(path: &TokenStream, e: &EnumDecl) -> TokenStream {
    let name = &e.name;
    let doc = docs_attr(&summary(&e.doc));
    let variants: Vec<TokenStream> = e
        .variants
        .iter()
        .map(|v| {
            let vdoc = docs_attr(&summary(&v.doc));
            let vname = &v.name;
            quote!(#vdoc #vname)
        })
        .collect();
    let idents: Vec<&Ident> = e.variants.iter().map(|v| &v.name).collect();
    let parse = format_ident!("parse_{}", snake(name));
    let what = &e.what;
    let parse_doc = format!("The {what} named by `text`, in English (any spelling) or Chinese.");
    quote! {
        #doc
        #[derive(
            ::core::fmt::Debug, ::core::clone::Clone, ::core::marker::Copy, ::core::cmp::PartialEq,
            ::core::cmp::Eq, ::core::cmp::PartialOrd, ::core::cmp::Ord, ::core::hash::Hash,
            ::uniffi::Enum,
        )]
        pub enum #name {
            #(#variants),*
        }

        impl crate::declared::Wire for #path {
            type Ffi = #name;

            fn to_ffi(&self, _cx: &crate::declared::Cx<'_>) -> #name {
                #name::from(*self)
            }

            fn from_ffi(ffi: #name, _problems: &mut crate::declared::Problems) -> ::core::option::Option<Self> {
                ::core::option::Option::Some(<#path>::from(ffi))
            }
        }

        impl ::core::convert::From<#name> for #path {
            fn from(v: #name) -> Self {
                match v { #(#name::#idents => #path::#idents,)* }
            }
        }

        impl ::core::convert::From<#path> for #name {
            fn from(v: #path) -> Self {
                match v { #(#path::#idents => #name::#idents,)* }
            }
        }

        /// A value names its row by its English name (a rule by its kind).
        impl crate::declared::Label for #name {
            fn label(&self) -> ::std::string::String {
                <#path>::from(*self).as_str().to_owned()
            }
        }

        #[::uniffi::export]
        impl #name {
            /// The English name.
            pub fn english(&self) -> ::std::string::String {
                <#path>::from(*self).as_str().to_owned()
            }

            /// The Chinese name (empty where the domain has none).
            pub fn chinese(&self) -> ::std::string::String {
                <#path>::from(*self).chinese().to_owned()
            }
        }

        #[doc = #parse_doc]
        #[::uniffi::export]
        pub fn #parse(text: ::std::string::String) -> ::core::result::Result<#name, crate::error::QuanyuError> {
            crate::declared::parse_name::<#path>(&text).map(#name::from)
        }
    }
}

fn union(path: &TokenStream, u: &UnionDecl) -> syn::Result<TokenStream> {
    let name = &u.name;
    let doc = docs_attr(&summary(&u.doc));
    let mut variants = Vec::new();
    let mut to_arms = Vec::new();
    let mut from_arms = Vec::new();
    for a in &u.arms {
        let aname = &a.name;
        let adoc = docs_attr(&summary(&a.doc));
        let fnames: Vec<&Ident> = a.fields.iter().map(|(n, _)| n).collect();
        let locals: Vec<Ident> = fnames.iter().map(|n| local(n)).collect();
        let keys: Vec<String> = fnames.iter().map(|n| n.to_string()).collect();
        let ftypes = a
            .fields
            .iter()
            .map(|(_, t)| wire_type(t))
            .collect::<syn::Result<Vec<_>>>()?;
        // A tuple variant's value has no doc of its own: the variant's says what it is.
        let fdocs: Vec<TokenStream> = a
            .field_docs
            .iter()
            .map(|d| {
                if d.is_empty() {
                    docs_attr(&summary(&a.doc))
                } else {
                    docs_attr(&summary(d))
                }
            })
            .collect();
        if a.fields.is_empty() {
            variants.push(quote!(#adoc #aname));
            to_arms.push(quote!(#path::#aname => #name::#aname));
            from_arms.push(quote!(#name::#aname => ::core::option::Option::Some(#path::#aname)));
            continue;
        }
        variants.push(quote!(#adoc #aname { #(#fdocs #fnames: #ftypes),* }));
        let core_pat = if a.tuple {
            let l = &locals[0];
            quote!(#path::#aname(#l))
        } else {
            quote!(#path::#aname { #(#fnames: #locals),* })
        };
        to_arms.push(quote! {
            #core_pat => #name::#aname { #(#fnames: crate::declared::Wire::to_ffi(#locals, cx)),* }
        });
        from_arms.push(quote! {
            #name::#aname { #(#fnames: #locals),* } => {
                #(
                    problems.enter(#keys);
                    let #locals = crate::declared::Wire::from_ffi(#locals, problems);
                    problems.leave();
                )*
                match (#(#locals,)*) {
                    (#(::core::option::Option::Some(#locals),)*) => ::core::option::Option::Some(#core_pat),
                    _ => ::core::option::Option::None,
                }
            }
        });
    }
    Ok(quote! {
        #doc
        #[derive(::core::fmt::Debug, ::core::clone::Clone, ::core::cmp::PartialEq, ::uniffi::Enum)]
        pub enum #name {
            #(#variants),*
        }

        impl crate::declared::Label for #name {}

        impl crate::declared::Wire for #path {
            type Ffi = #name;

            fn to_ffi(&self, cx: &crate::declared::Cx<'_>) -> #name {
                match self { #(#to_arms,)* }
            }

            fn from_ffi(ffi: #name, problems: &mut crate::declared::Problems) -> ::core::option::Option<Self> {
                match ffi { #(#from_arms)* }
            }
        }
    })
}
