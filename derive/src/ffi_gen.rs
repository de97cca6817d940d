//! The mobile binding's side of a declaration: a `uniffi::Record` or `uniffi::Enum` with the
//! same name, fields and docs, whose field types are the binding's wire types (signed numbers,
//! ISO dates), and the conversions to and from the core type. A conversion from the app
//! collects every problem (naming the row, the field and the value) instead of stopping at the
//! first, so that a rejected call lists them all.
//!
//! The generated code relies on the binding's module `crate::declared` for the wire types and
//! conversions of the basic types (`Wire`), the problem list (`Problems`) and `Cx`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::Type;

use crate::decl::{
    Decl, EnumDecl, FieldDefault, RecordDecl, UnionDecl, docs_attr, last_segment, summary,
    type_args,
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
/// (its mirror in the binding has the same name), containers element-wise.
fn wire_type(ty: &Type) -> syn::Result<TokenStream> {
    if let Type::Tuple(t) = ty
        && t.elems.len() == 2
    {
        let a = wire_type(&t.elems[0])?;
        let b = wire_type(&t.elems[1])?;
        return Ok(quote!(crate::declared::Pair<#a, #b>));
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

/// Whether uniffi can give a field of this type its type's default in Kotlin and Swift.
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
        )
    })
}

fn record(path: &TokenStream, r: &RecordDecl) -> syn::Result<TokenStream> {
    let name = &r.name;
    let doc = docs_attr(&summary(&r.doc));
    let mut fields = Vec::new();
    for f in &r.fields {
        let fname = &f.name;
        let fdoc = docs_attr(&summary(&f.doc));
        let ty = wire_type(&f.ty)?;
        let default = match f.default {
            FieldDefault::Default if has_type_default(&f.ty) => quote!(#[uniffi(default)]),
            _ => quote!(),
        };
        fields.push(quote! { #fdoc #default pub #fname: #ty });
    }
    let names: Vec<&syn::Ident> = r.fields.iter().map(|f| &f.name).collect();
    let keys: Vec<String> = r.fields.iter().map(|f| f.name.to_string()).collect();
    let label = r
        .label
        .as_ref()
        .map(|l| quote!(crate::declared::Label::label(&ffi.#l)))
        .unwrap_or(quote!(::std::string::String::new()));
    Ok(quote! {
        #doc
        #[derive(::core::fmt::Debug, ::core::clone::Clone, ::core::cmp::PartialEq, ::uniffi::Record)]
        pub struct #name {
            #(#fields),*
        }

        impl crate::declared::Wire for #path {
            type Ffi = #name;

            fn to_ffi(&self, cx: &crate::declared::Cx<'_>) -> #name {
                #name { #(#names: crate::declared::Wire::to_ffi(&self.#names, cx)),* }
            }

            fn from_ffi(ffi: #name, problems: &mut crate::declared::Problems) -> ::core::option::Option<Self> {
                problems.begin_record(#label);
                #(
                    problems.enter(#keys);
                    let #names = crate::declared::Wire::from_ffi(ffi.#names, problems);
                    problems.leave();
                )*
                problems.end_record();
                ::core::option::Option::Some(<#path>::__quanyu_new(#(#names?),*))
            }
        }
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
    let idents: Vec<&syn::Ident> = e.variants.iter().map(|v| &v.name).collect();
    let parse = format_ident!(
        "parse_{}",
        heck::ToSnakeCase::to_snake_case(name.to_string().as_str())
    );
    let what = &e.what;
    let parse_doc = format!(
        "The {what} named by `text`: its English name in any case, with or without `_`, `-` and spaces, or its Chinese name."
    );
    quote! {
        #doc
        #[derive(::core::fmt::Debug, ::core::clone::Clone, ::core::marker::Copy, ::core::cmp::PartialEq, ::core::cmp::Eq, ::core::hash::Hash, ::uniffi::Enum)]
        pub enum #name {
            #(#variants),*
        }

        impl crate::declared::Wire for #path {
            type Ffi = #name;

            fn to_ffi(&self, _cx: &crate::declared::Cx<'_>) -> #name {
                match self { #(#path::#idents => #name::#idents,)* }
            }

            fn from_ffi(ffi: #name, _problems: &mut crate::declared::Problems) -> ::core::option::Option<Self> {
                ::core::option::Option::Some(match ffi { #(#name::#idents => #path::#idents,)* })
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

        #[::uniffi::export]
        impl #name {
            /// The English name, as written in files and every binding.
            pub fn english(&self) -> ::std::string::String {
                <#path>::from(*self).as_str().to_owned()
            }

            /// The Chinese name of the domain's term (empty where the domain has none).
            pub fn chinese(&self) -> ::std::string::String {
                <#path>::from(*self).chinese().to_owned()
            }
        }

        #[doc = #parse_doc]
        #[::uniffi::export]
        pub fn #parse(text: ::std::string::String) -> ::core::result::Result<#name, crate::error::QuanyuError> {
            text.parse::<#path>()
                .map(#name::from)
                .map_err(|e| crate::error::QuanyuError::invalid(#what, e.to_string()))
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
        let fnames: Vec<&syn::Ident> = a.fields.iter().map(|(n, _)| n).collect();
        let keys: Vec<String> = fnames.iter().map(|n| n.to_string()).collect();
        let ftypes = a
            .fields
            .iter()
            .map(|(_, t)| wire_type(t))
            .collect::<syn::Result<Vec<_>>>()?;
        variants.push(if a.fields.is_empty() {
            quote!(#adoc #aname)
        } else {
            quote!(#adoc #aname { #(#fnames: #ftypes),* })
        });
        let core_pat = if a.fields.is_empty() {
            quote!(#path::#aname)
        } else if a.tuple {
            let f = fnames[0];
            quote!(#path::#aname(#f))
        } else {
            quote!(#path::#aname { #(#fnames),* })
        };
        let ffi_pat = if a.fields.is_empty() {
            quote!(#name::#aname)
        } else {
            quote!(#name::#aname { #(#fnames),* })
        };
        to_arms.push(quote! {
            #core_pat => #name::#aname { #(#fnames: crate::declared::Wire::to_ffi(#fnames, cx)),* }
        });
        let build = if a.fields.is_empty() {
            quote!(#path::#aname)
        } else if a.tuple {
            let f = fnames[0];
            quote!(#path::#aname(#f?))
        } else {
            quote!(#path::#aname { #(#fnames: #fnames?),* })
        };
        from_arms.push(quote! {
            #ffi_pat => {
                #(
                    problems.enter(#keys);
                    let #fnames = crate::declared::Wire::from_ffi(#fnames, problems);
                    problems.leave();
                )*
                ::core::option::Option::Some(#build)
            }
        });
    }
    // Variants without fields have no braces in their core pattern.
    let to_arms = to_arms.into_iter().zip(&u.arms).map(|(arm, a)| {
        if a.fields.is_empty() {
            let aname = &a.name;
            quote!(#path::#aname => #name::#aname)
        } else {
            arm
        }
    });
    Ok(quote! {
        #doc
        #[derive(::core::fmt::Debug, ::core::clone::Clone, ::core::cmp::PartialEq, ::uniffi::Enum)]
        pub enum #name {
            #(#variants),*
        }

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
