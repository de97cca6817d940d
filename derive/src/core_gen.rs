//! What the derives add to the core crate: the schema constant of a record or enum, the names
//! of an enum (English, Chinese, aliases) with `Display`, `FromStr` and serde, and the hidden
//! macro that hands the declaration to the bindings' generators.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::DeriveInput;

use crate::decl::{Decl, EnumDecl, FieldDefault, RecordDecl, UnionDecl, summary};

/// `#[derive(Record)]` and `#[derive(Enum)]`.
pub(crate) fn expand(input: &DeriveInput) -> syn::Result<TokenStream> {
    let decl = Decl::parse(input)?;
    let body = match &decl {
        Decl::Record(r) => record(r),
        Decl::Enum(e) => plain_enum(e),
        Decl::Union(u) => union(u),
    };
    let hand_over = hand_over(input, decl.name());
    Ok(quote! { #body #hand_over })
}

/// The hidden exported macro that calls a generator with the item's tokens: the bindings
/// generate their classes from exactly what the core declared.
fn hand_over(input: &DeriveInput, name: &syn::Ident) -> TokenStream {
    let mac = format_ident!("__quanyu_declaration_{}", name);
    quote! {
        #[doc(hidden)]
        #[macro_export]
        macro_rules! #mac {
            ([$($generator:tt)*] $($path:tt)*) => {
                $($generator)* ! { $($path)* ; #input }
            };
        }
    }
}

fn field_schemas(r: &RecordDecl) -> Vec<TokenStream> {
    r.fields
        .iter()
        .map(|f| {
            let name = &f.wire_name;
            let doc = summary(&f.doc);
            let ty = &f.ty;
            let required = f.required();
            let class = f.class.variant();
            let mask = match &f.mask {
                Some(m) => quote!(::core::option::Option::Some(::quanyu::privacy::Mask::#m)),
                None => quote!(::core::option::Option::None),
            };
            let purpose = match &f.purpose {
                Some(p) => quote!(::core::option::Option::Some(#p)),
                None => quote!(::core::option::Option::None),
            };
            let retention = match f.retention_years {
                Some(years) => quote!(::core::option::Option::Some(
                    ::quanyu::schema::Retention { years: #years }
                )),
                None => quote!(::core::option::Option::None),
            };
            let value = if f.level {
                quote!(|| ::quanyu::schema::Type::Level)
            } else {
                quote!(<#ty as ::quanyu::schema::Value>::value_type)
            };
            quote! {
                ::quanyu::schema::FieldSchema {
                    name: #name,
                    doc: #doc,
                    value: #value,
                    required: #required,
                    class: ::quanyu::schema::FieldClass::#class,
                    mask: #mask,
                    purpose: #purpose,
                    retention: #retention,
                }
            }
        })
        .collect()
}

fn record(r: &RecordDecl) -> TokenStream {
    let name = &r.name;
    let name_str = name.to_string();
    let doc = summary(&r.doc);
    let table = match &r.table {
        Some(t) => quote!(::core::option::Option::Some(#t)),
        None => quote!(::core::option::Option::None),
    };
    let fields = field_schemas(r);
    // The value of each defaulted field, reachable from the bindings (which show it as the
    // default of a constructor argument).
    let defaults: Vec<TokenStream> = r
        .fields
        .iter()
        .filter_map(|f| {
            let fname = f.default_fn();
            let ty = &f.ty;
            let value = match &f.default {
                FieldDefault::Required => return None,
                FieldDefault::Default => quote!(::core::default::Default::default()),
                FieldDefault::Function(path) => quote!(#path()),
                FieldDefault::Container => {
                    let name = &f.name;
                    quote!(<Self as ::core::default::Default>::default().#name)
                }
            };
            Some(quote! {
                #[doc(hidden)]
                pub fn #fname() -> #ty { #value }
            })
        })
        .collect();
    // A constructor from every declared field in declaration order, so that the bindings
    // can make records whose struct is `#[non_exhaustive]` (internal fields get their default).
    let params: Vec<TokenStream> = r
        .fields
        .iter()
        .map(|f| {
            let n = &f.name;
            let ty = &f.ty;
            quote!(#n: #ty)
        })
        .collect();
    let names: Vec<&syn::Ident> = r.fields.iter().map(|f| &f.name).collect();
    let skipped = &r.skipped;
    let defaults = quote! {
        impl #name {
            #(#defaults)*

            #[doc(hidden)]
            #[allow(clippy::too_many_arguments)]
            pub fn __quanyu_new(#(#params),*) -> Self {
                #name { #(#names,)* #(#skipped: ::core::default::Default::default(),)* }
            }
        }
    };
    let cells = if r.cells { from_cells(r) } else { quote!() };
    let carry = r.entity.as_ref().map(|e| carry(r, e));
    // Each personal field masked in place unless `shown` names it, by its declared rule.
    let masks: Vec<TokenStream> = r
        .fields
        .iter()
        .enumerate()
        .filter(|(_, f)| f.class != crate::decl::Class::Public)
        .map(|(i, f)| {
            let n = &f.name;
            quote! {
                let field = &<Self as ::quanyu::schema::Record>::SCHEMA.fields[#i];
                if !shown(field.name) {
                    ::quanyu::privacy::Maskable::mask_as(&mut self.#n, field);
                }
            }
        })
        .collect();
    let mask_fn = (!masks.is_empty()).then(|| {
        quote! {
            fn mask_personal(&mut self, shown: &dyn ::core::ops::Fn(&str) -> bool) {
                #(#masks)*
            }
        }
    });
    quote! {
        impl ::quanyu::schema::Record for #name {
            const SCHEMA: &'static ::quanyu::schema::RecordSchema = &::quanyu::schema::RecordSchema {
                name: #name_str,
                doc: #doc,
                table: #table,
                fields: &[#(#fields),*],
            };
            #mask_fn
        }
        impl ::quanyu::schema::Value for #name {
            fn value_type() -> ::quanyu::schema::Type {
                ::quanyu::schema::Type::Record(<Self as ::quanyu::schema::Record>::SCHEMA)
            }
        }
        #defaults
        #cells
        #carry
    }
}

/// The copies of the fields a record shares with its entity (`#[record(entity = "…")]`): every
/// field not `#[field(linked)]`, by name, so that a new plain field needs no line where
/// records become entities and back; a field the entity lacks is a compile error.
fn carry(r: &RecordDecl, entity: &syn::Path) -> TokenStream {
    let name = &r.name;
    let fields: Vec<&syn::Ident> = r
        .fields
        .iter()
        .filter(|f| !f.linked)
        .map(|f| &f.name)
        .collect();
    quote! {
        impl #name {
            /// Copies onto `entity` the fields the record shares with it.
            pub(crate) fn carry_to(&self, entity: &mut #entity) {
                #(entity.#fields = ::quanyu::model::Carry::carry(&self.#fields);)*
            }

            /// Copies from `entity` the fields the record shares with it.
            pub(crate) fn carry_from(&mut self, entity: &#entity) {
                #(self.#fields = ::quanyu::model::Carry::carry(&entity.#fields);)*
            }
        }
    }
}

/// `FromCells` (`#[record(cells)]`): every field read from the column of its name, required or
/// with its declared default, so that readers of tables hold no list of the fields.
fn from_cells(r: &RecordDecl) -> TokenStream {
    let name = &r.name;
    let reads = r.fields.iter().map(|f| {
        let (field, ty, column) = (&f.name, &f.ty, &f.wire_name);
        if f.required() {
            quote!(let #field = ::quanyu::schema::required_cell::<#ty>(cells, #column);)
        } else {
            let default = f.default_fn();
            quote!(let #field = ::quanyu::schema::optional_cell::<#ty>(cells, #column, #name::#default);)
        }
    });
    let values = r.fields.iter().map(|f| {
        let field = &f.name;
        if f.required() {
            quote!(#field: #field?)
        } else {
            quote!(#field)
        }
    });
    let skipped = &r.skipped;
    quote! {
        impl ::quanyu::schema::FromCells for #name {
            fn from_cells(
                cells: &mut dyn ::quanyu::schema::CellSource,
            ) -> ::core::option::Option<Self> {
                // Every cell is read before any missing one ends the row, so that all of the
                // row's problems are reported at once.
                #(#reads)*
                ::core::option::Option::Some(#name {
                    #(#values,)*
                    #(#skipped: ::core::default::Default::default(),)*
                })
            }
        }
    }
}

fn union(u: &UnionDecl) -> TokenStream {
    let name = &u.name;
    let name_str = name.to_string();
    let doc = summary(&u.doc);
    let arms: Vec<TokenStream> = u
        .arms
        .iter()
        .map(|a| {
            let arm = a.name.to_string();
            let doc = summary(&a.doc);
            let fields = a.fields.iter().map(|(f, ty)| {
                let f = f.to_string();
                quote! {
                    ::quanyu::schema::FieldSchema {
                        name: #f,
                        doc: "",
                        value: <#ty as ::quanyu::schema::Value>::value_type,
                        required: true,
                        class: ::quanyu::schema::FieldClass::Public,
                        mask: ::core::option::Option::None,
                        purpose: ::core::option::Option::None,
                        retention: ::core::option::Option::None,
                    }
                }
            });
            quote! {
                ::quanyu::schema::ArmSchema { name: #arm, doc: #doc, fields: &[#(#fields),*] }
            }
        })
        .collect();
    quote! {
        impl ::quanyu::schema::Union for #name {
            const SCHEMA: &'static ::quanyu::schema::UnionSchema = &::quanyu::schema::UnionSchema {
                name: #name_str,
                doc: #doc,
                arms: &[#(#arms),*],
            };
        }
        impl ::quanyu::schema::Value for #name {
            fn value_type() -> ::quanyu::schema::Type {
                ::quanyu::schema::Type::Union(<Self as ::quanyu::schema::Union>::SCHEMA)
            }
        }
    }
}

fn plain_enum(e: &EnumDecl) -> TokenStream {
    let name = &e.name;
    let name_str = name.to_string();
    let what = &e.what;
    let doc = summary(&e.doc);
    let idents: Vec<&syn::Ident> = e.variants.iter().map(|v| &v.name).collect();
    let english: Vec<String> = idents.iter().map(|i| i.to_string()).collect();
    let chinese: Vec<String> = e
        .variants
        .iter()
        .map(|v| v.zh.clone().unwrap_or_default())
        .collect();
    let variant_schemas: Vec<TokenStream> = e
        .variants
        .iter()
        .map(|v| {
            let n = v.name.to_string();
            let zh = v.zh.clone().unwrap_or_default();
            let doc = summary(&v.doc);
            let aliases = &v.aliases;
            quote! {
                ::quanyu::schema::VariantSchema { name: #n, zh: #zh, aliases: &[#(#aliases),*], doc: #doc }
            }
        })
        .collect();
    let indices = 0..idents.len();
    let indices2 = 0..idents.len();
    quote! {
        impl #name {
            /// Every value, in declaration order.
            pub const ALL: &'static [#name] = &[#(#name::#idents),*];

            /// The English name, as written in code, files and every binding.
            pub const fn as_str(self) -> &'static str {
                match self { #(#name::#idents => #english,)* }
            }

            /// The Chinese name of the domain's term (empty where the domain has none).
            pub const fn chinese(self) -> &'static str {
                match self { #(#name::#idents => #chinese,)* }
            }
        }

        impl ::quanyu::schema::Enum for #name {
            const SCHEMA: &'static ::quanyu::schema::EnumSchema = &::quanyu::schema::EnumSchema {
                name: #name_str,
                what: #what,
                doc: #doc,
                variants: &[#(#variant_schemas),*],
            };

            fn index(self) -> usize {
                match self { #(#name::#idents => #indices,)* }
            }

            fn from_index(index: usize) -> ::core::option::Option<Self> {
                match index {
                    #(#indices2 => ::core::option::Option::Some(#name::#idents),)*
                    _ => ::core::option::Option::None,
                }
            }
        }

        impl ::quanyu::schema::Value for #name {
            fn value_type() -> ::quanyu::schema::Type {
                ::quanyu::schema::Type::Enum(<Self as ::quanyu::schema::Enum>::SCHEMA)
            }
        }

        impl ::core::fmt::Display for #name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::quanyu::schema::FromCell for #name {
            fn read_cell(text: &str) -> ::core::result::Result<Self, ::std::string::String> {
                ::quanyu::schema::parse_cell(text)
            }
        }

        impl ::core::str::FromStr for #name {
            type Err = ::quanyu::schema::UnknownName;

            fn from_str(s: &str) -> ::core::result::Result<Self, Self::Err> {
                ::quanyu::schema::parse_name::<Self>(s)
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> ::core::result::Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> ::core::result::Result<Self, D::Error> {
                ::quanyu::schema::deserialize_name(d)
            }
        }
    }
}
