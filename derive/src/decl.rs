//! A declaration as every generator sees it: a record (a struct with named fields), a plain
//! enum (unit variants with English and Chinese names) or a data enum (variants that carry
//! records). Parsed once from the item, with its docs and attributes, so that the core's
//! schema and each binding's classes read the same facts.

use proc_macro2::{Span, TokenStream};
use syn::spanned::Spanned;
use syn::{Attribute, Data, DeriveInput, Expr, Fields, Ident, Lit, LitStr, Meta, Type};

/// A parsed declaration.
pub(crate) enum Decl {
    Record(RecordDecl),
    Enum(EnumDecl),
    Union(UnionDecl),
}

impl Decl {
    /// Parses a struct or enum item.
    pub(crate) fn parse(input: &DeriveInput) -> syn::Result<Decl> {
        if !input.generics.params.is_empty() {
            return Err(syn::Error::new(
                input.generics.span(),
                "declared types take no generic parameters or lifetimes",
            ));
        }
        let doc = docs(&input.attrs);
        match &input.data {
            Data::Struct(s) => {
                let Fields::Named(named) = &s.fields else {
                    return Err(syn::Error::new(
                        input.ident.span(),
                        "a declared record needs named fields",
                    ));
                };
                let container = RecordAttrs::parse(&input.attrs)?;
                let (fields, skipped): (Vec<FieldDecl>, Vec<FieldDecl>) = named
                    .named
                    .iter()
                    .map(|f| {
                        FieldDecl::parse(f, container.default_all, container.default_container)
                    })
                    .collect::<syn::Result<Vec<_>>>()?
                    .into_iter()
                    .partition(|f| !f.skip);
                let skipped = skipped.into_iter().map(|f| f.name).collect();
                let label = match &container.label {
                    Some(l) => Some(
                        fields
                            .iter()
                            .find(|f| f.name == l)
                            .map(|f| f.name.clone())
                            .ok_or_else(|| {
                                syn::Error::new(
                                    input.ident.span(),
                                    format!("no field `{l}` to label rows with"),
                                )
                            })?,
                    ),
                    None => fields
                        .iter()
                        .find(|f| f.name == "id")
                        .or(fields.first())
                        .map(|f| f.name.clone()),
                };
                Ok(Decl::Record(RecordDecl {
                    name: input.ident.clone(),
                    doc,
                    table: container.table,
                    fields,
                    skipped,
                    label,
                    mutable: container.mutable,
                    cells: container.cells,
                    entity: container.entity,
                }))
            }
            Data::Enum(e) => {
                let unit = e.variants.iter().all(|v| matches!(v.fields, Fields::Unit));
                if unit {
                    let what = EnumAttrs::parse(&input.attrs)?
                        .what
                        .unwrap_or_else(|| lower_words(&input.ident.to_string()));
                    let variants = e
                        .variants
                        .iter()
                        .map(VariantDecl::parse)
                        .collect::<syn::Result<Vec<_>>>()?;
                    Ok(Decl::Enum(EnumDecl {
                        name: input.ident.clone(),
                        doc,
                        what,
                        variants,
                    }))
                } else {
                    let arms = e
                        .variants
                        .iter()
                        .map(ArmDecl::parse)
                        .collect::<syn::Result<Vec<_>>>()?;
                    Ok(Decl::Union(UnionDecl {
                        name: input.ident.clone(),
                        doc,
                        arms,
                    }))
                }
            }
            Data::Union(_) => Err(syn::Error::new(
                input.ident.span(),
                "unions cannot be declared",
            )),
        }
    }

    /// The declared type's name.
    pub(crate) fn name(&self) -> &Ident {
        match self {
            Decl::Record(r) => &r.name,
            Decl::Enum(e) => &e.name,
            Decl::Union(u) => &u.name,
        }
    }
}

/// A record: a struct with named fields.
pub(crate) struct RecordDecl {
    pub(crate) name: Ident,
    pub(crate) doc: String,
    /// The CSV table it is one row of, if any (`units` for `units.csv`).
    pub(crate) table: Option<String>,
    pub(crate) fields: Vec<FieldDecl>,
    /// The internal fields (`#[serde(skip)]`), filled with their `Default` by the bindings.
    pub(crate) skipped: Vec<Ident>,
    /// The field that names a row in messages: `#[record(label = "…")]`, else `id`, else the
    /// first field.
    pub(crate) label: Option<Ident>,
    /// Whether the bindings' objects may be changed after they are made
    /// (`#[record(mutable)]`: configuration such as a contract rule), else frozen.
    pub(crate) mutable: bool,
    /// Whether the record is read from a row of text cells by its declaration
    /// (`#[record(cells)]`: a CSV table whose columns are the fields).
    pub(crate) cells: bool,
    /// The entity the record stands for in the network (`#[record(entity = "Unit")]`): the
    /// fields not marked `#[field(linked)]` are copied to and from it by name.
    pub(crate) entity: Option<syn::Path>,
}

impl RecordDecl {
    /// The fields in the order a constructor takes them: the required ones first, then the
    /// ones with defaults, each group in declaration order.
    pub(crate) fn signature_order(&self) -> Vec<&FieldDecl> {
        let mut out: Vec<&FieldDecl> = self.fields.iter().filter(|f| f.required()).collect();
        out.extend(self.fields.iter().filter(|f| !f.required()));
        out
    }
}

/// How a field's value is chosen when the input leaves it out.
pub(crate) enum FieldDefault {
    /// The field must be given.
    Required,
    /// `None` for an `Option`, else the type's `Default`.
    Default,
    /// A function of the declaring module, from `#[serde(default = "path")]`.
    Function(syn::ExprPath),
    /// The field's value in the record's own `Default` (`#[record(default)]`).
    Container,
}

/// Whom a field's value may be shown to (PIPL): see `quanyu::schema::FieldClass`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    Public,
    Personal,
    Sensitive,
}

impl Class {
    pub(crate) fn variant(self) -> Ident {
        Ident::new(
            match self {
                Class::Public => "Public",
                Class::Personal => "Personal",
                Class::Sensitive => "Sensitive",
            },
            Span::call_site(),
        )
    }
}

/// One field of a record.
pub(crate) struct FieldDecl {
    pub(crate) name: Ident,
    pub(crate) ty: Type,
    pub(crate) doc: String,
    pub(crate) default: FieldDefault,
    pub(crate) class: Class,
    /// The field's name in serde forms and CSV columns (a `#[serde(rename)]`, else the name).
    pub(crate) wire_name: String,
    /// Whether the text names a level of the network's scheme (`#[field(level)]`): a small
    /// vocabulary, laid out as a dictionary column.
    pub(crate) level: bool,
    /// Whether the field is internal (`#[serde(skip)]`): left out of the schema and the
    /// bindings, and filled with its `Default` when a binding makes the record.
    pub(crate) skip: bool,
    /// Whether the field is not a value of the record's entity (`#[field(linked)]`: a relation,
    /// or a name the network resolves), so not copied to and from it.
    pub(crate) linked: bool,
    /// The variant of `quanyu::privacy::Mask` that masks a personal or sensitive field
    /// (`#[field(personal, mask = "mobile")]`, the name in snake case or as the variant), spanned
    /// at the attribute so that an unknown name is reported there.
    pub(crate) mask: Option<Ident>,
    /// Why a personal or sensitive field is held (`#[field(personal, purpose = "…")]`).
    pub(crate) purpose: Option<String>,
    /// For how many years after its subject's last link ends a personal or sensitive field is
    /// kept (`#[field(personal, retention_years = 3)]`).
    pub(crate) retention_years: Option<u32>,
}

impl FieldDecl {
    fn parse(f: &syn::Field, default_all: bool, container: bool) -> syn::Result<FieldDecl> {
        let name = f
            .ident
            .clone()
            .ok_or_else(|| syn::Error::new(f.span(), "a declared field needs a name"))?;
        let mut default = if container {
            FieldDefault::Container
        } else if default_all || is_option(&f.ty) {
            FieldDefault::Default
        } else {
            FieldDefault::Required
        };
        let mut wire_name = name.to_string();
        let mut class = Class::Public;
        let mut skip = false;
        let mut level = false;
        let mut linked = false;
        let mut mask: Option<(Ident, Span)> = None;
        let mut purpose: Option<String> = None;
        let mut retention_years: Option<u32> = None;
        let mut field_span: Option<Span> = None;
        for attr in &f.attrs {
            if attr.path().is_ident("serde") {
                attr.parse_nested_meta(|meta| {
                    if meta.path.is_ident("default") {
                        if meta.input.peek(syn::Token![=]) {
                            let s: LitStr = meta.value()?.parse()?;
                            default = FieldDefault::Function(s.parse()?);
                        } else {
                            default = FieldDefault::Default;
                        }
                    } else if meta.path.is_ident("rename") {
                        let s: LitStr = meta.value()?.parse()?;
                        wire_name = s.value();
                    } else if meta.path.is_ident("skip") {
                        skip = true;
                    } else {
                        skip_meta_value(&meta)?;
                    }
                    Ok(())
                })?;
            } else if attr.path().is_ident("field") {
                field_span = Some(attr.span());
                attr.parse_nested_meta(|meta| {
                    if meta.path.is_ident("personal") {
                        class = Class::Personal;
                    } else if meta.path.is_ident("sensitive") {
                        class = Class::Sensitive;
                    } else if meta.path.is_ident("public") {
                        class = Class::Public;
                    } else if meta.path.is_ident("default") {
                        default = if meta.input.peek(syn::Token![=]) {
                            let s: LitStr = meta.value()?.parse()?;
                            FieldDefault::Function(s.parse()?)
                        } else {
                            FieldDefault::Default
                        };
                    } else if meta.path.is_ident("level") {
                        level = true;
                    } else if meta.path.is_ident("linked") {
                        linked = true;
                    } else if meta.path.is_ident("mask") {
                        let s: LitStr = meta.value()?.parse()?;
                        let variant =
                            heck::ToUpperCamelCase::to_upper_camel_case(s.value().as_str());
                        if variant.is_empty() || syn::parse_str::<Ident>(&variant).is_err() {
                            return Err(syn::Error::new(
                                s.span(),
                                "expected the name of a mask, such as \"mobile\" or \"id_number\"",
                            ));
                        }
                        mask = Some((Ident::new(&variant, s.span()), s.span()));
                    } else if meta.path.is_ident("purpose") {
                        let s: LitStr = meta.value()?.parse()?;
                        if s.value().trim().is_empty() {
                            return Err(syn::Error::new(
                                s.span(),
                                "a purpose says why the field is held",
                            ));
                        }
                        purpose = Some(s.value());
                    } else if meta.path.is_ident("retention_years") {
                        let n: syn::LitInt = meta.value()?.parse()?;
                        retention_years = Some(n.base10_parse()?);
                    } else {
                        return Err(meta.error(
                            "expected `public`, `personal`, `sensitive`, `mask = \"…\"`, \
                             `purpose = \"…\"`, `retention_years = N`, `default`, `level` or \
                             `linked`",
                        ));
                    }
                    Ok(())
                })?;
            }
        }
        if let Some((_, span)) = &mask
            && class == Class::Public
        {
            return Err(syn::Error::new(
                *span,
                "a mask is for a personal or sensitive field: add `personal` or `sensitive`",
            ));
        }
        // A personal field says why it is held and for how long, so that none is kept
        // without a reason (PIPL art. 6 and 19); a public one has neither.
        let span = field_span.unwrap_or_else(|| f.span());
        match (
            class == Class::Public,
            purpose.is_some(),
            retention_years.is_some(),
        ) {
            (true, false, false) | (false, true, true) => {}
            (true, _, _) => {
                return Err(syn::Error::new(
                    span,
                    "a purpose and a retention are for a personal or sensitive field: add \
                     `personal` or `sensitive`",
                ));
            }
            (false, _, _) => {
                return Err(syn::Error::new(
                    span,
                    "a personal or sensitive field declares why it is held and for how long: \
                     add `purpose = \"…\"` and `retention_years = N`",
                ));
            }
        }
        Ok(FieldDecl {
            mask: mask.map(|(m, _)| m),
            purpose,
            retention_years,
            doc: docs(&f.attrs),
            ty: f.ty.clone(),
            name,
            default,
            class,
            wire_name,
            level,
            skip,
            linked,
        })
    }

    /// Whether the input must give the field.
    pub(crate) fn required(&self) -> bool {
        matches!(self.default, FieldDefault::Required)
    }

    /// The name of the hidden function of the core type that gives a defaulted field's value.
    pub(crate) fn default_fn(&self) -> Ident {
        Ident::new(&format!("__quanyu_default_{}", self.name), self.name.span())
    }
}

/// A plain enum: unit variants, each with an English and a Chinese name.
pub(crate) struct EnumDecl {
    pub(crate) name: Ident,
    pub(crate) doc: String,
    /// What a value is, in messages ("grid kind").
    pub(crate) what: String,
    pub(crate) variants: Vec<VariantDecl>,
}

/// One variant of a plain enum.
pub(crate) struct VariantDecl {
    pub(crate) name: Ident,
    pub(crate) doc: String,
    /// The Chinese name (`网格长`), if the domain has one.
    pub(crate) zh: Option<String>,
    /// Further accepted spellings.
    pub(crate) aliases: Vec<String>,
}

impl VariantDecl {
    fn parse(v: &syn::Variant) -> syn::Result<VariantDecl> {
        let mut zh = None;
        let mut aliases = Vec::new();
        for attr in &v.attrs {
            if attr.path().is_ident("named") {
                attr.parse_nested_meta(|meta| {
                    let s: LitStr = meta.value()?.parse()?;
                    if meta.path.is_ident("zh") {
                        zh = Some(s.value());
                    } else if meta.path.is_ident("alias") {
                        aliases.push(s.value());
                    } else {
                        return Err(meta.error("expected `zh = \"…\"` or `alias = \"…\"`"));
                    }
                    Ok(())
                })?;
            }
        }
        Ok(VariantDecl {
            name: v.ident.clone(),
            doc: docs(&v.attrs),
            zh,
            aliases,
        })
    }
}

/// A data enum: each variant carries one declared record (or nothing).
pub(crate) struct UnionDecl {
    pub(crate) name: Ident,
    pub(crate) doc: String,
    pub(crate) arms: Vec<ArmDecl>,
}

/// One variant of a data enum.
pub(crate) struct ArmDecl {
    pub(crate) name: Ident,
    pub(crate) doc: String,
    /// The variant's fields: `(name, type)`; a tuple variant's single field is named by
    /// `#[named(field = "…")]`.
    pub(crate) fields: Vec<(Ident, Type)>,
    /// The doc comment of each field, in the order of `fields` (empty where there is none).
    pub(crate) field_docs: Vec<String>,
    /// Whether the variant is written `V(x)` (else `V { x }` or `V`).
    pub(crate) tuple: bool,
}

impl ArmDecl {
    fn parse(v: &syn::Variant) -> syn::Result<ArmDecl> {
        let mut field_name: Option<String> = None;
        for attr in &v.attrs {
            if attr.path().is_ident("named") {
                attr.parse_nested_meta(|meta| {
                    if meta.path.is_ident("field") {
                        let s: LitStr = meta.value()?.parse()?;
                        field_name = Some(s.value());
                        Ok(())
                    } else {
                        Err(meta.error("expected `field = \"…\"`"))
                    }
                })?;
            }
        }
        let field_docs = v.fields.iter().map(|f| docs(&f.attrs)).collect();
        let (fields, tuple) = match &v.fields {
            Fields::Unit => (Vec::new(), false),
            Fields::Named(n) => (
                n.named
                    .iter()
                    .map(|f| {
                        (
                            f.ident.clone().unwrap_or_else(|| v.ident.clone()),
                            f.ty.clone(),
                        )
                    })
                    .collect(),
                false,
            ),
            Fields::Unnamed(u) => {
                if u.unnamed.len() != 1 {
                    return Err(syn::Error::new(
                        v.span(),
                        "a tuple variant carries exactly one value",
                    ));
                }
                let name = field_name.ok_or_else(|| {
                    syn::Error::new(
                        v.span(),
                        "name the value of a tuple variant: #[named(field = \"…\")]",
                    )
                })?;
                (
                    vec![(Ident::new(&name, v.ident.span()), u.unnamed[0].ty.clone())],
                    true,
                )
            }
        };
        Ok(ArmDecl {
            name: v.ident.clone(),
            doc: docs(&v.attrs),
            fields,
            field_docs,
            tuple,
        })
    }
}

struct RecordAttrs {
    table: Option<String>,
    label: Option<String>,
    default_all: bool,
    default_container: bool,
    mutable: bool,
    cells: bool,
    entity: Option<syn::Path>,
}

impl RecordAttrs {
    fn parse(attrs: &[Attribute]) -> syn::Result<RecordAttrs> {
        let mut out = RecordAttrs {
            table: None,
            label: None,
            default_all: false,
            default_container: false,
            mutable: false,
            cells: false,
            entity: None,
        };
        for attr in attrs {
            if attr.path().is_ident("record") {
                attr.parse_nested_meta(|meta| {
                    if meta.path.is_ident("mutable") {
                        out.mutable = true;
                        return Ok(());
                    }
                    if meta.path.is_ident("default") {
                        out.default_container = true;
                        return Ok(());
                    }
                    if meta.path.is_ident("cells") {
                        out.cells = true;
                        return Ok(());
                    }
                    let s: LitStr = meta.value()?.parse()?;
                    if meta.path.is_ident("table") {
                        out.table = Some(s.value());
                        Ok(())
                    } else if meta.path.is_ident("label") {
                        out.label = Some(s.value());
                        Ok(())
                    } else if meta.path.is_ident("entity") {
                        out.entity = Some(s.parse()?);
                        Ok(())
                    } else {
                        Err(meta.error(
                            "expected `table = \"…\"`, `label = \"…\"`, `entity = \"…\"`, `mutable`, \
                             `default` or `cells`",
                        ))
                    }
                })?;
            } else if attr.path().is_ident("serde") {
                attr.parse_nested_meta(|meta| {
                    if meta.path.is_ident("default") && !meta.input.peek(syn::Token![=]) {
                        out.default_all = true;
                    } else {
                        skip_meta_value(&meta)?;
                    }
                    Ok(())
                })?;
            }
        }
        Ok(out)
    }
}

struct EnumAttrs {
    what: Option<String>,
}

impl EnumAttrs {
    fn parse(attrs: &[Attribute]) -> syn::Result<EnumAttrs> {
        let mut what = None;
        for attr in attrs {
            if attr.path().is_ident("named") {
                attr.parse_nested_meta(|meta| {
                    if meta.path.is_ident("what") {
                        let s: LitStr = meta.value()?.parse()?;
                        what = Some(s.value());
                        Ok(())
                    } else {
                        Err(meta.error("expected `what = \"…\"`"))
                    }
                })?;
            }
        }
        Ok(EnumAttrs { what })
    }
}

/// Consumes `= value` or `(...)` after a meta path this parser does not interpret.
fn skip_meta_value(meta: &syn::meta::ParseNestedMeta<'_>) -> syn::Result<()> {
    if meta.input.peek(syn::Token![=]) {
        let _: Expr = meta.value()?.parse()?;
    } else if meta.input.peek(syn::token::Paren) {
        let _: TokenStream = {
            let content;
            syn::parenthesized!(content in meta.input);
            content.parse()?
        };
    }
    Ok(())
}

/// The doc comment of an item, its lines joined, each with its leading space removed.
pub(crate) fn docs(attrs: &[Attribute]) -> String {
    let lines: Vec<String> = attrs
        .iter()
        .filter(|a| a.path().is_ident("doc"))
        .filter_map(|a| match &a.meta {
            Meta::NameValue(nv) => match &nv.value {
                Expr::Lit(syn::ExprLit {
                    lit: Lit::Str(s), ..
                }) => Some(s.value()),
                _ => None,
            },
            _ => None,
        })
        .map(|l| l.strip_prefix(' ').map(str::to_owned).unwrap_or(l))
        .collect();
    lines.join("\n")
}

/// A `#[doc = "…"]` attribute holding a doc comment (for items the generators write).
pub(crate) fn docs_attr(doc: &str) -> TokenStream {
    if doc.is_empty() {
        TokenStream::new()
    } else {
        quote::quote!(#[doc = #doc])
    }
}

/// The first paragraph of a doc comment, without the examples and with intra-doc links
/// reduced to their text: what schemas and the bindings show.
pub(crate) fn summary(doc: &str) -> String {
    let mut out = Vec::new();
    for line in doc.lines() {
        if line.trim().is_empty() || line.trim_start().starts_with("```") {
            break;
        }
        out.push(line.trim());
    }
    unlink(&out.join(" "))
}

/// `[`x`](crate::X)` and `[text](Self::y)` → `` `x` `` and `text`.
fn unlink(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let Some(close) = rest[open..].find("](").map(|c| open + c) else {
            break;
        };
        let Some(end) = rest[close..].find(')').map(|e| close + e) else {
            break;
        };
        out.push_str(&rest[..open]);
        out.push_str(&rest[open + 1..close]);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

/// Whether `ty` is written `Option<…>`.
pub(crate) fn is_option(ty: &Type) -> bool {
    last_segment(ty).is_some_and(|s| s.ident == "Option")
}

/// The last path segment of a type written as a path.
pub(crate) fn last_segment(ty: &Type) -> Option<&syn::PathSegment> {
    match ty {
        Type::Path(p) if p.qself.is_none() => p.path.segments.last(),
        Type::Group(g) => last_segment(&g.elem),
        Type::Paren(p) => last_segment(&p.elem),
        _ => None,
    }
}

/// The generic type arguments of a path type's last segment (`T` of `Option<T>`).
pub(crate) fn type_args(seg: &syn::PathSegment) -> Vec<&Type> {
    match &seg.arguments {
        syn::PathArguments::AngleBracketed(a) => a
            .args
            .iter()
            .filter_map(|g| match g {
                syn::GenericArgument::Type(t) => Some(t),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// `GridKind` → "grid kind".
pub(crate) fn lower_words(name: &str) -> String {
    use heck::ToSnakeCase;
    name.to_snake_case().replace('_', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(item: syn::DeriveInput) -> syn::Result<FieldDecl> {
        match Decl::parse(&item)? {
            Decl::Record(mut r) => Ok(r.fields.remove(0)),
            _ => unreachable!("a struct is a record"),
        }
    }

    fn error(item: syn::DeriveInput) -> String {
        match field(item) {
            Ok(_) => String::new(),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn a_mask_is_named_in_snake_case_or_as_the_variant() {
        let f = field(syn::parse_quote! {
            struct R { #[field(sensitive, mask = "id_number", purpose = "p", retention_years = 3)] x: String }
        })
        .unwrap();
        assert_eq!(f.mask.unwrap().to_string(), "IdNumber");
        assert_eq!(
            (f.purpose.as_deref(), f.retention_years),
            (Some("p"), Some(3))
        );
        let f = field(syn::parse_quote! {
            struct R { #[field(personal, mask = "ChineseName", purpose = "p", retention_years = 3)] x: String }
        })
        .unwrap();
        assert_eq!(f.mask.unwrap().to_string(), "ChineseName");
        let f = field(syn::parse_quote! { struct R { #[field(personal, purpose = "p", retention_years = 0)] x: String } }).unwrap();
        assert!(f.mask.is_none());
    }

    #[test]
    fn a_mask_needs_a_personal_field_and_a_name() {
        let public = error(syn::parse_quote! {
            struct R { #[field(mask = "mobile")] x: String }
        });
        assert!(public.contains("personal or sensitive"), "{public}");
        let empty = error(syn::parse_quote! {
            struct R { #[field(personal, mask = "")] x: String }
        });
        assert!(empty.contains("the name of a mask"), "{empty}");
        let bad = error(syn::parse_quote! {
            struct R { #[field(personal, mask = "!?")] x: String }
        });
        assert!(bad.contains("the name of a mask"), "{bad}");
    }

    #[test]
    fn a_personal_field_says_why_and_for_how_long() {
        let bare = error(syn::parse_quote! { struct R { #[field(personal)] x: String } });
        assert!(bare.contains("why it is held and for how long"), "{bare}");
        let half = error(syn::parse_quote! {
            struct R { #[field(sensitive, purpose = "identity checks")] x: String }
        });
        assert!(half.contains("retention_years"), "{half}");
        let public = error(syn::parse_quote! {
            struct R { #[field(purpose = "p", retention_years = 1)] x: String }
        });
        assert!(public.contains("personal or sensitive"), "{public}");
        let blank = error(syn::parse_quote! {
            struct R { #[field(personal, purpose = " ", retention_years = 1)] x: String }
        });
        assert!(blank.contains("why the field is held"), "{blank}");
    }
}
