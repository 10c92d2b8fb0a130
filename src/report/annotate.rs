//! Stage 5, shared by the annotated outputs (XLSX workbook and CSV): after the
//! run the input tables are read again through the same readers, and each
//! row comes back with its cells (personal data masked) and the findings
//! that point at it, which the writers turn into three added columns
//! 问题代码, 问题说明, 修改建议. Findings that point at no written row
//! (a whole file, a header) are collected for a separate list.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use super::Lang;
use super::Report;
use crate::diagnostic::{Diagnostic, Severity};
use crate::engine::CHUNK_ROWS;
use crate::input::{FieldId, InputIssue, Row, RowSource, Schema, TableMeta};
use crate::privacy;

/// Names of the summary sheets (and of the CSV file of findings without a
/// row), reserved so no input table takes them.
pub const SHEET_BY_UNIT: &str = "按承办单位";
pub const SHEET_BY_RULE: &str = "按规则";
pub const SHEET_OTHER: &str = "其他问题";

/// Excel's limit for a sheet name, in characters.
const MAX_SHEET_NAME: usize = 31;

/// Findings by spreadsheet row, for one table.
type RowFindings<'r> = BTreeMap<u64, Vec<Cow<'r, Diagnostic>>>;

/// The findings of a run, by table and row, handed out as tables are
/// written. What is never handed out ends in [`Index::unplaced`].
pub struct Index<'r> {
    tables: HashMap<(String, Option<String>), RowFindings<'r>>,
    unplaced: Vec<Cow<'r, Diagnostic>>,
}

impl<'r> Index<'r> {
    /// Index every finding of `report` that names a row.
    #[must_use]
    pub fn new(report: &'r Report) -> Self {
        let mut tables: HashMap<_, RowFindings> = HashMap::new();
        let mut unplaced = Vec::new();
        for d in &report.diagnostics {
            match d.row {
                Some(row) => tables
                    .entry((d.file.clone(), d.sheet.clone()))
                    .or_default()
                    .entry(row)
                    .or_default()
                    .push(d),
                None => unplaced.push(d),
            }
        }
        Index { tables, unplaced }
    }

    /// Open one table for writing: its rows with their findings.
    #[must_use]
    pub fn table(
        &mut self,
        src: Box<dyn RowSource>,
        schema: &Schema,
        show_personal: bool,
    ) -> TableRows<'r> {
        let meta = src.meta();
        let findings = self
            .tables
            .remove(&(meta.file.clone(), meta.sheet.clone()))
            .unwrap_or_default();
        let personal = personal_columns(meta, schema);
        TableRows {
            src,
            findings,
            personal,
            show_personal,
            buf: Vec::new(),
            pos: 0,
            done: false,
            issues: Vec::new(),
        }
    }

    /// Give back what a table did not place (findings on its header row, or
    /// on rows it did not write).
    pub fn give_back(&mut self, rows: TableRows<'r>) {
        self.unplaced.extend(rows.findings.into_values().flatten());
    }

    /// Findings a writer could not place (rows past a format's limit).
    pub fn add_unplaced(&mut self, findings: Vec<Cow<'r, Diagnostic>>) {
        self.unplaced.extend(findings);
    }

    /// Every finding not written on a row, in report order.
    #[must_use]
    pub fn unplaced(mut self) -> Vec<Cow<'r, Diagnostic>> {
        for (_, rows) in self.tables.drain() {
            self.unplaced.extend(rows.into_values().flatten());
        }
        self.unplaced
            .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        self.unplaced
    }
}

/// One table being re-read, row by row.
pub struct TableRows<'r> {
    src: Box<dyn RowSource>,
    findings: RowFindings<'r>,
    personal: Vec<bool>,
    show_personal: bool,
    buf: Vec<Row>,
    pos: usize,
    done: bool,
    /// Reading problems were reported by the run already; ignored here.
    issues: Vec<InputIssue>,
}

/// One input row as written: its spreadsheet row number, its cells (masked
/// unless `--show-personal-data`) and the findings that point at it.
pub struct AnnotatedRow<'r> {
    pub number: u64,
    pub cells: Vec<String>,
    pub findings: Vec<Cow<'r, Diagnostic>>,
}

impl<'r> TableRows<'r> {
    #[must_use]
    pub fn meta(&self) -> &TableMeta {
        self.src.meta()
    }

    /// The next row, or `None` at the end of the table.
    pub fn next_row(&mut self) -> Option<AnnotatedRow<'r>> {
        if self.pos == self.buf.len() {
            if self.done {
                return None;
            }
            self.buf.clear();
            self.pos = 0;
            self.issues.clear();
            if !self
                .src
                .next_chunk(CHUNK_ROWS, &mut self.buf, &mut self.issues)
            {
                self.done = true;
                return None;
            }
        }
        let row = std::mem::take(&mut self.buf[self.pos]);
        self.pos += 1;
        let cells = row
            .cells
            .into_iter()
            .enumerate()
            .map(|(i, c)| {
                let personal = self.personal.get(i).copied().unwrap_or(false);
                shown_cell(&c, personal, self.show_personal).unwrap_or(c)
            })
            .collect();
        Some(AnnotatedRow {
            number: row.number,
            cells,
            findings: self.findings.remove(&row.number).unwrap_or_default(),
        })
    }
}

/// Which columns of a table hold personal data (phones, ID numbers, names).
#[must_use]
pub fn personal_columns(meta: &TableMeta, schema: &Schema) -> Vec<bool> {
    let mut personal = vec![false; meta.headers.len()];
    for (i, def) in schema.table(meta.kind).fields.iter().enumerate() {
        if def.personal {
            if let Some(c) = meta.column(FieldId(i)) {
                personal[c] = true;
            }
        }
    }
    personal
}

/// A cell as the annotated outputs show it, the way the findings show it: a
/// personal column masked whole, numbers in free text masked by pattern.
/// `None` when the cell is shown unchanged.
#[must_use]
pub fn shown_cell(text: &str, personal: bool, show_personal: bool) -> Option<String> {
    if show_personal || text.is_empty() {
        return None;
    }
    if personal {
        let masked = privacy::mask_value(text);
        return (masked != text).then_some(masked);
    }
    match privacy::mask_text(text) {
        Cow::Borrowed(_) => None,
        Cow::Owned(s) => Some(s),
    }
}

/// The three added column headers. English runs get bilingual headers, so
/// a workbook filtered by a Chinese colleague still finds 问题代码.
#[must_use]
pub fn added_headers(lang: Lang) -> [&'static str; 3] {
    match lang {
        Lang::Zh => ["问题代码", "问题说明", "修改建议"],
        Lang::En => ["问题代码 Rule", "问题说明 Problem", "修改建议 How to fix"],
    }
}

/// The text of the three added columns for one row: one line per finding,
/// the same line in each column belonging to the same finding.
#[must_use]
pub fn added_cells(findings: &[Cow<'_, Diagnostic>], lang: Lang) -> [String; 3] {
    let mut codes = Vec::with_capacity(findings.len());
    let mut problems = Vec::with_capacity(findings.len());
    let mut fixes = Vec::with_capacity(findings.len());
    for d in findings {
        codes.push(d.rule.clone());
        problems.push(format!(
            "{}{}",
            severity_tag(d.severity, lang),
            one_line(&d.message)
        ));
        fixes.push(fix_text(d, lang));
    }
    [codes.join("\n"), problems.join("\n"), fixes.join("\n")]
}

/// `【错误】` / `[error] `: the severity, for outputs without colour.
#[must_use]
pub fn severity_tag(severity: Severity, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("【{}】", severity.label_zh()),
        Lang::En => format!("[{}] ", severity.as_str()),
    }
}

/// How to fix one finding on one line: the rule's help, and the concrete
/// suggestion (recovered text, replacement) where there is one.
#[must_use]
pub fn fix_text(d: &Diagnostic, lang: Lang) -> String {
    let help = d.help.as_deref().map(one_line).filter(|s| !s.is_empty());
    let suggestion = d
        .suggestion
        .as_deref()
        .map(one_line)
        .filter(|s| !s.is_empty());
    match (help, suggestion) {
        (Some(h), Some(s)) => match lang {
            Lang::Zh => format!("{h}（建议：{s}）"),
            Lang::En => format!("{h} (suggested: {s})"),
        },
        (Some(h), None) => h,
        (None, Some(s)) => lang.pick("建议：", "suggested: ").to_owned() + &s,
        (None, None) => "—".to_owned(),
    }
}

/// Newlines inside a message would break the line-per-finding alignment.
fn one_line(s: &str) -> String {
    s.split(['\r', '\n'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The name each table gets as a sheet (and in CSV file names): the file's
/// stem, with the sheet name for XLSX input (`三月导出-工单`); characters
/// Excel and file systems refuse replaced by `_`; at most 31 characters;
/// unique without regard to case and distinct from `reserved`.
#[must_use]
pub fn table_names(metas: &[&TableMeta], reserved: &[&str]) -> Vec<String> {
    let mut taken: Vec<String> = reserved.iter().map(|r| r.to_lowercase()).collect();
    taken.push("history".to_owned()); // reserved by Excel itself
    let mut names = Vec::with_capacity(metas.len());
    for meta in metas {
        let stem = Path::new(&meta.file)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let stem = clean_name(&stem);
        let base = match &meta.sheet {
            Some(sheet) => {
                let sheet: String = clean_name(sheet).chars().take(MAX_SHEET_NAME - 1).collect();
                let room = MAX_SHEET_NAME - 1 - sheet.chars().count();
                let stem: String = stem.chars().take(room).collect();
                if stem.is_empty() {
                    sheet
                } else {
                    format!("{stem}-{sheet}")
                }
            }
            None => stem.chars().take(MAX_SHEET_NAME).collect(),
        };
        let base = if base.is_empty() {
            "表".to_owned()
        } else {
            base
        };
        let mut name = base.clone();
        let mut n = 2;
        while taken.contains(&name.to_lowercase()) {
            let suffix = format!("~{n}");
            let keep = MAX_SHEET_NAME - suffix.chars().count();
            name = base.chars().take(keep).collect::<String>() + &suffix;
            n += 1;
        }
        taken.push(name.to_lowercase());
        names.push(name);
    }
    names
}

/// Replace what a sheet name or a file name may not hold, and the
/// apostrophes Excel refuses at either end.
fn clean_name(s: &str) -> String {
    let cleaned: String = s
        .chars()
        .map(|c| {
            if c.is_control() || "[]:*?/\\<>\"|".contains(c) {
                '_'
            } else {
                c
            }
        })
        .collect();
    cleaned.trim().trim_matches('\'').trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::{Format, TableKind};

    fn meta(file: &str, sheet: Option<&str>) -> TableMeta {
        TableMeta {
            file: file.to_owned(),
            sheet: sheet.map(str::to_owned),
            format: Format::Csv,
            encoding: "UTF-8".to_owned(),
            kind: TableKind::Tickets,
            headers: Vec::new(),
            header_row: 1,
            columns: Vec::new(),
        }
    }

    #[test]
    fn names_are_valid_unique_sheet_names() {
        let metas = [
            meta("邵阳市/三月工单.csv", None),
            meta("县/三月工单.json", None),
            meta("a/导出.xlsx", Some("工单")),
            meta("b/x[1]:*?.csv", None),
            meta("按规则.csv", None),
            meta(
                "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三.csv",
                None,
            ),
            meta("history.csv", None),
            meta("'quoted'.csv", None),
        ];
        let refs: Vec<&TableMeta> = metas.iter().collect();
        let names = table_names(&refs, &[SHEET_BY_UNIT, SHEET_BY_RULE, SHEET_OTHER]);
        assert_eq!(names[0], "三月工单");
        assert_eq!(names[1], "三月工单~2");
        assert_eq!(names[2], "导出-工单");
        assert_eq!(names[3], "x_1____");
        assert_eq!(names[4], "按规则~2");
        assert_eq!(names[5].chars().count(), 31);
        assert_eq!(names[6], "history~2");
        assert_eq!(names[7], "quoted");
        let mut lower: Vec<String> = names.iter().map(|n| n.to_lowercase()).collect();
        lower.sort();
        lower.dedup();
        assert_eq!(lower.len(), names.len());
    }

    #[test]
    fn long_stems_keep_the_sheet_name() {
        let m = meta(
            "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十.xlsx",
            Some("流转记录"),
        );
        let names = table_names(&[&m], &[]);
        assert!(names[0].ends_with("-流转记录"), "{}", names[0]);
        assert_eq!(names[0].chars().count(), 31);
    }

    #[test]
    fn cells_are_masked_like_the_findings() {
        assert_eq!(
            shown_cell("13812345678", true, false).as_deref(),
            Some("138****5678")
        );
        assert_eq!(
            shown_cell("王女士来电13812345678反映", false, false).as_deref(),
            Some("王女士来电138****5678反映")
        );
        assert_eq!(shown_cell("13812345678", true, true), None);
        assert_eq!(shown_cell("路灯不亮", false, false), None);
    }
}
