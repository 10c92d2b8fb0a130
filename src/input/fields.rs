//! Header aliases → canonical fields. The alias table is data
//! (`rules/fields.toml`, embedded in the binary); a config file adds aliases.
//! [`Schema::recognise`] turns a header row into a table kind and a column map.

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;

use super::TableKind;

/// The built-in alias table.
pub const BUILTIN_FIELDS: &str = include_str!("../../rules/fields.toml");

/// Index of a field inside its table kind's schema.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FieldId(pub(crate) usize);

impl FieldId {
    #[must_use]
    pub fn index(self) -> usize {
        self.0
    }
}

/// How a field's value is parsed; a value that does not parse is GD704.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FieldType {
    #[default]
    Text,
    Id,
    Datetime,
    Phone,
    Number,
    Duration,
}

/// One canonical field, as written in `rules/fields.toml`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldDef {
    /// Canonical English name used by rules and JSON output (`closing_text`).
    pub name: String,
    /// Canonical Chinese header (`办结内容`).
    pub header: String,
    /// Other headers seen in real exports.
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default, rename = "type")]
    pub ty: FieldType,
    /// Personal data (phone, ID number, name): masked in every output.
    #[serde(default)]
    pub personal: bool,
}

/// How a header row is recognised as a table kind.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recognise {
    /// Fields that must all be present.
    pub required: Vec<String>,
    /// Fields of which at least `min_any` must be present.
    #[serde(default)]
    pub any: Vec<String>,
    #[serde(default)]
    pub min_any: usize,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FieldsFile {
    recognise: BTreeMap<String, Recognise>,
    tickets: Vec<FieldDef>,
    calls: Vec<FieldDef>,
    flows: Vec<FieldDef>,
}

/// Fields of one table kind, with their normalised aliases.
#[derive(Clone, Debug)]
pub struct TableSchema {
    pub kind: TableKind,
    pub fields: Vec<FieldDef>,
    recognise: Recognise,
    /// normalised header → field index
    lookup: HashMap<String, usize>,
}

impl TableSchema {
    fn build(kind: TableKind, fields: Vec<FieldDef>, recognise: Recognise) -> Result<Self, String> {
        let mut schema = TableSchema {
            kind,
            fields,
            recognise,
            lookup: HashMap::new(),
        };
        schema.reindex();
        for name in schema
            .recognise
            .required
            .iter()
            .chain(&schema.recognise.any)
        {
            if schema.field(name).is_none() {
                return Err(format!("[recognise.{kind}] names unknown field `{name}`"));
            }
        }
        Ok(schema)
    }

    fn reindex(&mut self) {
        self.lookup.clear();
        for (i, f) in self.fields.iter().enumerate() {
            for alias in std::iter::once(&f.name)
                .chain(std::iter::once(&f.header))
                .chain(&f.aliases)
            {
                // The first field to claim an alias keeps it.
                self.lookup.entry(normalize_header(alias)).or_insert(i);
            }
        }
    }

    /// The field called `name`.
    #[must_use]
    pub fn field(&self, name: &str) -> Option<FieldId> {
        self.fields.iter().position(|f| f.name == name).map(FieldId)
    }

    #[must_use]
    pub fn def(&self, id: FieldId) -> &FieldDef {
        &self.fields[id.0]
    }

    /// The field a header cell names, if any.
    #[must_use]
    pub fn lookup(&self, header: &str) -> Option<FieldId> {
        self.lookup
            .get(&normalize_header(header))
            .copied()
            .map(FieldId)
    }

    /// Map header cells to fields. Returns the column of each field (the
    /// first column wins when two name the same field) and the duplicates as
    /// `(field, first column, later column)`.
    #[must_use]
    pub fn map_columns(&self, headers: &[String]) -> ColumnMap {
        let mut columns = vec![None; self.fields.len()];
        let mut dups = Vec::new();
        for (col, h) in headers.iter().enumerate() {
            if let Some(id) = self.lookup(h) {
                match columns[id.0] {
                    None => columns[id.0] = Some(col),
                    Some(first) => dups.push((id, first, col)),
                }
            }
        }
        (columns, dups)
    }

    /// How well a header matches this kind: `None` if it is not this kind,
    /// else the number of mapped columns.
    fn score(&self, columns: &[Option<usize>]) -> Option<usize> {
        let has = |name: &String| self.field(name).is_some_and(|id| columns[id.0].is_some());
        if !self.recognise.required.iter().all(has) {
            return None;
        }
        let any = self.recognise.any.iter().filter(|n| has(n)).count();
        if any < self.recognise.min_any {
            return None;
        }
        Some(columns.iter().filter(|c| c.is_some()).count())
    }

    /// Canonical headers of the fields that recognise this kind (for GD002's
    /// "expected headers" message).
    #[must_use]
    pub fn expected_headers(&self) -> Vec<&str> {
        self.recognise
            .required
            .iter()
            .chain(&self.recognise.any)
            .filter_map(|n| self.field(n))
            .map(|id| self.def(id).header.as_str())
            .collect()
    }
}

/// Column of each field, and the duplicates as `(field, first, later)`.
pub type ColumnMap = (Vec<Option<usize>>, Vec<(FieldId, usize, usize)>);

/// All three table schemas.
#[derive(Clone, Debug)]
pub struct Schema {
    pub tables: Vec<TableSchema>,
}

impl Schema {
    /// The built-in schema.
    ///
    /// # Errors
    /// Never for the shipped file (a test proves it); the error type exists for
    /// [`Schema::from_toml`].
    pub fn builtin() -> Result<Schema, String> {
        Schema::from_toml(BUILTIN_FIELDS)
    }

    /// Parse a fields file.
    ///
    /// # Errors
    /// A message naming the bad key or field.
    pub fn from_toml(text: &str) -> Result<Schema, String> {
        let file: FieldsFile = toml::from_str(text).map_err(|e| e.to_string())?;
        let mut rec = file.recognise;
        let mut take = |k: TableKind| {
            rec.remove(k.as_str())
                .ok_or_else(|| format!("missing [recognise.{k}]"))
        };
        let tables = vec![
            TableSchema::build(TableKind::Tickets, file.tickets, take(TableKind::Tickets)?)?,
            TableSchema::build(TableKind::Calls, file.calls, take(TableKind::Calls)?)?,
            TableSchema::build(TableKind::Flows, file.flows, take(TableKind::Flows)?)?,
        ];
        Ok(Schema { tables })
    }

    #[must_use]
    pub fn table(&self, kind: TableKind) -> &TableSchema {
        // `tables` is built in TableKind::ALL order by `from_toml`.
        &self.tables[kind as usize]
    }

    /// Add aliases (from a config file) to a field.
    ///
    /// # Errors
    /// When the field does not exist in that table.
    pub fn add_aliases(
        &mut self,
        kind: TableKind,
        field: &str,
        aliases: &[String],
    ) -> Result<(), String> {
        let table = &mut self.tables[kind as usize];
        let id = table
            .field(field)
            .ok_or_else(|| format!("no field `{field}` in table `{kind}`"))?;
        // Config aliases win over built-in ones for the same header.
        for a in aliases {
            table.lookup.insert(normalize_header(a), id.0);
        }
        table.fields[id.0].aliases.extend(aliases.iter().cloned());
        Ok(())
    }

    /// Recognise a header row. With `forced`, only that kind is tried (and
    /// only `required` fields are demanded).
    #[must_use]
    pub fn recognise(
        &self,
        headers: &[String],
        forced: Option<TableKind>,
    ) -> Option<(TableKind, Vec<Option<usize>>)> {
        if let Some(kind) = forced {
            let t = self.table(kind);
            let (cols, _) = t.map_columns(headers);
            let ok = t
                .recognise
                .required
                .iter()
                .all(|n| t.field(n).is_some_and(|id| cols[id.0].is_some()));
            return ok.then_some((kind, cols));
        }
        let mut best: Option<(usize, TableKind, Vec<Option<usize>>)> = None;
        for t in &self.tables {
            let (cols, _) = t.map_columns(headers);
            if let Some(score) = t.score(&cols) {
                if best.as_ref().is_none_or(|(s, _, _)| score > *s) {
                    best = Some((score, t.kind, cols));
                }
            }
        }
        best.map(|(_, k, c)| (k, c))
    }
}

/// Normalise a header for alias matching: trim; drop whitespace (also
/// full-width), `*`/`＊` required-markers, a trailing bracketed note
/// (`受理时间（必填）`, `通话时长(秒)` stays matchable by its alias), `_` and `-`;
/// fold full-width ASCII to ASCII; lower-case.
#[must_use]
pub fn normalize_header(h: &str) -> String {
    let mut s: String = h
        .chars()
        .filter(|c| {
            !c.is_whitespace() && !matches!(c, '*' | '＊' | '_' | '-' | '\u{feff}' | '"' | '\'')
        })
        .map(|c| match c {
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            _ => c,
        })
        .collect::<String>()
        .to_lowercase();
    s = s.replace('（', "(").replace('）', ")");
    // Keep "(秒)"-style notes when the alias itself carries them; otherwise the
    // lookup also tries the stem (see `stem`). Normalising both sides the same
    // way is enough: we strip one trailing note here.
    if let Some(open) = s.rfind('(') {
        if s.ends_with(')') && open > 0 {
            let note = &s[open + 1..s.len() - 1];
            if matches!(
                note,
                "必填" | "选填" | "必选" | "可选" | "required" | "optional"
            ) {
                s.truncate(open);
            }
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(h: &[&str]) -> Vec<String> {
        h.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn builtin_schema_loads() {
        let s = Schema::builtin().unwrap();
        assert!(s.table(TableKind::Tickets).field("closing_text").is_some());
    }

    #[test]
    fn normalisation_folds_decoration() {
        assert_eq!(normalize_header(" *工单编号（必填）"), "工单编号");
        assert_eq!(normalize_header("Ticket_ID"), "ticketid");
        assert_eq!(normalize_header("ｔｉｃｋｅｔＩＤ"), "ticketid");
    }

    #[test]
    fn recognises_each_kind() {
        let s = Schema::builtin().unwrap();
        let t = s
            .recognise(&headers(&["工单号", "登记时间", "办理结果"]), None)
            .unwrap();
        assert_eq!(t.0, TableKind::Tickets);
        let c = s
            .recognise(&headers(&["话单编号", "主叫号码", "开始时间"]), None)
            .unwrap();
        assert_eq!(c.0, TableKind::Calls);
        let f = s
            .recognise(
                &headers(&["工单编号", "操作类型", "操作单位", "意见"]),
                None,
            )
            .unwrap();
        assert_eq!(f.0, TableKind::Flows);
        assert!(s.recognise(&headers(&["姓名", "年龄"]), None).is_none());
    }

    #[test]
    fn english_keys_match_canonical_names() {
        let s = Schema::builtin().unwrap();
        let (k, cols) = s
            .recognise(&headers(&["ticketId", "createdAt", "closingText"]), None)
            .unwrap();
        assert_eq!(k, TableKind::Tickets);
        assert_eq!(cols.iter().filter(|c| c.is_some()).count(), 3);
    }

    #[test]
    fn no_alias_names_two_fields_of_one_table() {
        let s = Schema::builtin().unwrap();
        for t in &s.tables {
            let mut owner: HashMap<String, &str> = HashMap::new();
            for f in &t.fields {
                for a in std::iter::once(&f.name)
                    .chain(std::iter::once(&f.header))
                    .chain(&f.aliases)
                {
                    let n = normalize_header(a);
                    if let Some(prev) = owner.insert(n.clone(), &f.name) {
                        assert_eq!(
                            prev, f.name,
                            "{}: `{a}` names both {prev} and {}",
                            t.kind, f.name
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn english_api_keys_are_recognised() {
        let s = Schema::builtin().unwrap();
        let (k, cols) = s
            .recognise(
                &headers(&[
                    "orderNo",
                    "createTime",
                    "deptName",
                    "replyContent",
                    "finishTime",
                    "satisfaction",
                ]),
                None,
            )
            .unwrap();
        assert_eq!(k, TableKind::Tickets);
        assert_eq!(cols.iter().filter(|c| c.is_some()).count(), 6);
    }

    #[test]
    fn duplicate_headers_are_reported_first_wins() {
        let s = Schema::builtin().unwrap();
        let t = s.table(TableKind::Tickets);
        let (cols, dups) = t.map_columns(&headers(&["工单编号", "受理时间", "登记时间"]));
        let created = t.field("created_at").unwrap();
        assert_eq!(cols[created.0], Some(1));
        assert_eq!(dups, vec![(created, 1, 2)]);
    }
}
