//! Render a [`Tally`] as the bulletin prints it: the per-group table with its
//! 合计 line, the overdue table (attachments 3/4) and the headline figures of
//! section 一. Formats: an aligned terminal table, TSV (the bulletin's own
//! tab-separated text), CSV (the per-group table only) and JSON (all of it).

use std::io::{self, Write};

use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use super::{By, Headline, Line, Tally, percent};

/// How `n (xx.xx%)` is bracketed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Brackets {
    /// `902 (93.28%)`, as attachment 1.
    #[default]
    Ascii,
    /// `821（96.02%）`, as attachment 2.
    Full,
}

/// Output formats of `gongdan stats`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum StatsFormat {
    /// Aligned columns for a terminal.
    #[default]
    Table,
    /// Tab-separated, exactly as the bulletin's attachments.
    Tsv,
    /// The per-group table as CSV.
    Csv,
    /// Everything as one JSON document.
    Json,
}

/// How to render.
#[derive(Clone, Debug, Default)]
pub struct StatsRender {
    pub format: StatsFormat,
    pub brackets: Brackets,
    /// See [`super::StatsConfig::city_prefix`].
    pub city_prefix: String,
}

/// `n (p%)` in the chosen bracket style.
#[must_use]
pub fn count_pct(n: u64, of: u64, b: Brackets) -> String {
    let p = percent(n, of);
    match b {
        Brackets::Ascii => format!("{n} ({p}%)"),
        Brackets::Full => format!("{n}（{p}%）"),
    }
}

fn titles(by: By) -> (&'static str, &'static str, &'static str) {
    match by {
        By::Unit => ("各成员单位办件量统计", "各成员单位超期工单统计", "承办单位"),
        By::County => ("各县市热线工单量统计", "各县市热线超期工单统计", "承办单位"),
        By::Category => ("各事项分类办件量统计", "各事项分类超期工单统计", "事项分类"),
    }
}

fn line_cells(l: &Line, b: Brackets) -> Vec<String> {
    vec![
        l.name.clone(),
        l.assigned.to_string(),
        l.closed.to_string(),
        l.overdue.to_string(),
        l.evaluated.to_string(),
        count_pct(l.satisfied, l.evaluated, b),
        count_pct(l.unsatisfied, l.evaluated, b),
    ]
}

/// The per-group table as cells: header, one row per group, the 合计 row.
#[must_use]
pub fn main_rows(t: &Tally, b: Brackets) -> Vec<Vec<String>> {
    let first = titles(t.by).2;
    let mut rows = vec![
        [
            first,
            "交办总量",
            "已办理总量",
            "超时量",
            "回访量",
            "市民满意",
            "市民不满意",
        ]
        .map(str::to_owned)
        .to_vec(),
    ];
    rows.extend(t.lines.iter().map(|l| line_cells(l, b)));
    rows.push(line_cells(&t.total, b));
    rows
}

/// A unit name as the overdue tables show it.
fn short(name: &str, city_prefix: &str) -> String {
    match name.strip_prefix(city_prefix) {
        Some(rest) if !city_prefix.is_empty() => format!("市{rest}"),
        _ => name.to_owned(),
    }
}

/// The overdue table as cells: header, then groups with 超期工单 > 0.
#[must_use]
pub fn overdue_rows(t: &Tally, city_prefix: &str) -> Vec<Vec<String>> {
    let mut rows = vec![vec![
        "网络单位".to_owned(),
        "超期工单（单位：件）".to_owned(),
    ]];
    rows.extend(
        t.overdue_lines()
            .into_iter()
            .map(|l| vec![short(&l.name, city_prefix), l.overdue.to_string()]),
    );
    rows
}

/// Section 一's sentence.
#[must_use]
pub fn headline_text(h: &Headline) -> String {
    format!(
        "工单 {} 件，已办结 {} 件，其中热线当即答复 {} 件，网络转办 {} 件；回访评价 {} 件，市民满意 {} 件，满意率 {}%。",
        h.tickets,
        h.closed,
        h.immediate,
        h.transferred,
        h.evaluated,
        h.satisfied,
        percent(h.satisfied, h.evaluated)
    )
}

fn write_aligned(rows: &[Vec<String>], w: &mut dyn Write) -> io::Result<()> {
    let ncol = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..ncol)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| s.width())
                .max()
                .unwrap_or(0)
        })
        .collect();
    for r in rows {
        let mut line = String::new();
        for (c, cell) in r.iter().enumerate() {
            let pad = " ".repeat(widths[c].saturating_sub(cell.width()));
            if c > 0 {
                line.push_str("  ");
                line.push_str(&pad);
                line.push_str(cell);
            } else {
                line.push_str(cell);
                line.push_str(&pad);
            }
        }
        writeln!(w, "{}", line.trim_end())?;
    }
    Ok(())
}

fn write_tsv(rows: &[Vec<String>], w: &mut dyn Write) -> io::Result<()> {
    for r in rows {
        writeln!(w, "{}", r.join("\t"))?;
    }
    Ok(())
}

#[derive(Serialize)]
struct JsonLine<'a> {
    #[serde(flatten)]
    line: &'a Line,
    satisfied_pct: String,
    unsatisfied_pct: String,
}

#[derive(Serialize)]
struct JsonOverdue {
    name: String,
    overdue: u64,
}

#[derive(Serialize)]
struct JsonDoc<'a> {
    by: By,
    lines: Vec<JsonLine<'a>>,
    total: JsonLine<'a>,
    overdue: Vec<JsonOverdue>,
    headline: &'a Headline,
    satisfaction_rate: String,
}

fn json_line(l: &Line) -> JsonLine<'_> {
    JsonLine {
        line: l,
        satisfied_pct: percent(l.satisfied, l.evaluated),
        unsatisfied_pct: percent(l.unsatisfied, l.evaluated),
    }
}

/// Write the tally.
///
/// # Errors
/// Only from the writer.
pub fn render(t: &Tally, opts: &StatsRender, w: &mut dyn Write) -> io::Result<()> {
    let (title, overdue_title, _) = titles(t.by);
    match opts.format {
        StatsFormat::Table | StatsFormat::Tsv => {
            let write: fn(&[Vec<String>], &mut dyn Write) -> io::Result<()> =
                if opts.format == StatsFormat::Tsv {
                    write_tsv
                } else {
                    write_aligned
                };
            writeln!(w, "{title}")?;
            write(&main_rows(t, opts.brackets), w)?;
            writeln!(w)?;
            writeln!(w, "{overdue_title}")?;
            write(&overdue_rows(t, &opts.city_prefix), w)?;
            writeln!(w)?;
            writeln!(w, "{}", headline_text(&t.headline))
        }
        StatsFormat::Csv => {
            let mut c = csv::Writer::from_writer(w);
            for r in main_rows(t, opts.brackets) {
                c.write_record(&r)?;
            }
            c.flush()
        }
        StatsFormat::Json => {
            let doc = JsonDoc {
                by: t.by,
                lines: t.lines.iter().map(json_line).collect(),
                total: json_line(&t.total),
                overdue: t
                    .overdue_lines()
                    .into_iter()
                    .map(|l| JsonOverdue {
                        name: l.name.clone(),
                        overdue: l.overdue,
                    })
                    .collect(),
                headline: &t.headline,
                satisfaction_rate: percent(t.headline.satisfied, t.headline.evaluated),
            };
            serde_json::to_writer_pretty(&mut *w, &doc).map_err(io::Error::other)?;
            writeln!(w)
        }
    }
}
