//! How CSV tables are read and written: the text encoding, whether columns and files that
//! match no table are allowed, whether exports start with a byte-order mark.

/// Options of a CSV import ([`Network::import_csv_with`](crate::Network::import_csv_with),
/// [`read_table_with`](crate::io::csv::read_table_with),
/// [`Menu::import_csv_with`](crate::venues::Menu::import_csv_with)).
///
/// By default text must be UTF-8 (with or without a byte-order mark), every column must be one
/// of the table's and every file in an import directory one of its tables: a typo in a header
/// or a file name is an error naming the nearest known name, not a silently empty column.
///
/// ```
/// use quanyu::io::ImportOptions;
/// let opts = ImportOptions::new().encoding("gb18030").allow_extra_columns(true);
/// assert_eq!(opts.encoding.as_deref(), Some("gb18030"));
/// assert!(opts.allow_extra_columns && !opts.allow_extra_files);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ImportOptions {
    /// The text encoding, by its WHATWG label (`utf-8`, `gb18030`, `gbk`, `big5`, ...); `None`
    /// is UTF-8. A byte-order mark, if present, wins.
    pub encoding: Option<String>,
    /// Ignore columns that are not the table's (otherwise each is an error).
    pub allow_extra_columns: bool,
    /// Ignore files in an import directory that are none of its tables (otherwise each is an
    /// error). Hidden files (named with a leading `.`) and subdirectories are always ignored.
    pub allow_extra_files: bool,
    /// Accept units added without a parent on a level that needs one (a part cut out of a
    /// bigger network, as [`Network::extract`](crate::Network::extract) makes); otherwise each
    /// is an error, since a table row without its parent is most often a mistake.
    pub allow_orphans: bool,
}

impl ImportOptions {
    /// The defaults: UTF-8, strict columns and files.
    ///
    /// ```
    /// assert_eq!(quanyu::io::ImportOptions::new(), Default::default());
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads text in `label`'s encoding (a WHATWG label such as `gb18030`).
    ///
    /// ```
    /// let o = quanyu::io::ImportOptions::new().encoding("gbk");
    /// assert_eq!(o.encoding.as_deref(), Some("gbk"));
    /// ```
    pub fn encoding(mut self, label: impl Into<String>) -> Self {
        self.encoding = Some(label.into());
        self
    }

    /// Whether columns that are not the table's are ignored.
    ///
    /// ```
    /// assert!(quanyu::io::ImportOptions::new().allow_extra_columns(true).allow_extra_columns);
    /// ```
    pub fn allow_extra_columns(mut self, allow: bool) -> Self {
        self.allow_extra_columns = allow;
        self
    }

    /// Whether units without a parent on a level that needs one are accepted.
    ///
    /// ```
    /// assert!(quanyu::io::ImportOptions::new().allow_orphans(true).allow_orphans);
    /// ```
    pub fn allow_orphans(mut self, allow: bool) -> Self {
        self.allow_orphans = allow;
        self
    }

    /// Whether files that are none of the tables are ignored.
    ///
    /// ```
    /// assert!(quanyu::io::ImportOptions::new().allow_extra_files(true).allow_extra_files);
    /// ```
    pub fn allow_extra_files(mut self, allow: bool) -> Self {
        self.allow_extra_files = allow;
        self
    }
}

/// Options of a CSV export ([`Network::export_csv_with`](crate::Network::export_csv_with),
/// [`Menu::export_csv_with`](crate::venues::Menu::export_csv_with)).
///
/// An export is for sharing, so personal fields are masked unless the options
/// [reveal](ExportOptions::reveal) some for a purpose.
///
/// ```
/// let opts = quanyu::io::ExportOptions::new().bom(true);
/// assert!(opts.bom);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ExportOptions {
    /// Start each file with a UTF-8 byte-order mark, which Excel needs to open UTF-8 text
    /// (Chinese names, say) as UTF-8 rather than in the system's code page.
    pub bom: bool,
    /// Personal fields to write in full, for a purpose (written to the network's access log);
    /// `None` masks every personal field by its declared rule.
    pub reveal: Option<crate::privacy::Reveal>,
}

impl ExportOptions {
    /// The defaults: plain UTF-8, no byte-order mark.
    ///
    /// ```
    /// assert!(!quanyu::io::ExportOptions::new().bom);
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether each file starts with a UTF-8 byte-order mark.
    ///
    /// ```
    /// assert!(quanyu::io::ExportOptions::new().bom(true).bom);
    /// ```
    pub fn bom(mut self, bom: bool) -> Self {
        self.bom = bom;
        self
    }

    /// Writes the fields `reveal` names in full (checked, then recorded in the access log).
    ///
    /// ```
    /// use quanyu::privacy::Reveal;
    /// let opts = quanyu::io::ExportOptions::new().reveal(Reveal::new("ops", "backup").fields(["phone"]));
    /// assert!(opts.reveal.unwrap().shows("phone"));
    /// ```
    pub fn reveal(mut self, reveal: crate::privacy::Reveal) -> Self {
        self.reveal = Some(reveal);
        self
    }
}
