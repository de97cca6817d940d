//! What a generator receives from a declaration's hidden macro: the declared type's path (as
//! the binding reaches it) and the declaration itself.

use proc_macro2::TokenStream;
use syn::parse::{Parse, ParseStream};

use crate::decl::Decl;

/// `path ; item`.
pub(crate) struct HandOver {
    /// The declared type's path, such as `$crate::UnitRecord` (kept as tokens: `$crate`
    /// resolves where the generated code is expanded).
    pub(crate) path: TokenStream,
    /// The declaration.
    pub(crate) decl: Decl,
}

impl Parse for HandOver {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let mut path = TokenStream::new();
        while !input.peek(syn::Token![;]) {
            let tt: proc_macro2::TokenTree = input.parse()?;
            path.extend([tt]);
        }
        input.parse::<syn::Token![;]>()?;
        let item: syn::DeriveInput = input.parse()?;
        Ok(HandOver {
            path,
            decl: Decl::parse(&item)?,
        })
    }
}
