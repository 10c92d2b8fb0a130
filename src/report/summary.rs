//! Stage 5, shared by the renderers: counts of a finished run by severity,
//! rule, handling unit (承办单位) and file — the figures a supervisor reads
//! first. Pure data; the JSON document embeds it as `summary`.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::{Lang, Report};
use crate::diagnostic::Severity;

/// The label findings without a unit are counted under.
#[must_use]
pub fn unknown_unit(lang: Lang) -> &'static str {
    lang.pick("(未知单位)", "(unknown unit)")
}

/// Counts of a run's findings.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// All findings.
    pub total: usize,
    /// Findings of severity `error`.
    pub errors: usize,
    /// Findings of severity `warning`.
    pub warnings: usize,
    /// Findings of severity `info`.
    pub infos: usize,
    /// One entry per rule that fired, in code order.
    pub by_rule: Vec<RuleCount>,
    /// One entry per handling unit, most findings first, then by name.
    pub by_unit: Vec<UnitCount>,
    /// One entry per input file (findings or not), by path.
    pub by_file: Vec<FileCount>,
    /// Findings a baseline accepted (not counted above); only present when a
    /// baseline is in use.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suppressed: Option<usize>,
}

/// How often one rule fired.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RuleCount {
    /// Rule code, e.g. `GD401`.
    pub rule: String,
    /// Kebab-case rule name.
    pub name: String,
    /// The rule's severity in this run (the highest its findings carry).
    pub severity: Severity,
    /// Number of findings.
    pub count: usize,
}

/// Findings of one handling unit (承办单位).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct UnitCount {
    /// Unit name as written in the export, or the unknown-unit label.
    pub unit: String,
    /// All findings of this unit.
    pub count: usize,
    /// Of which `error`.
    pub errors: usize,
    /// Of which `warning`.
    pub warnings: usize,
    /// Of which `info`.
    pub infos: usize,
    /// Findings per rule code.
    pub by_rule: BTreeMap<String, usize>,
}

/// Findings of one input file (all its sheets together).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FileCount {
    /// Path as in the diagnostics and the `files` list.
    pub file: String,
    /// All findings in this file.
    pub count: usize,
    /// Of which `error`.
    pub errors: usize,
    /// Of which `warning`.
    pub warnings: usize,
    /// Of which `info`.
    pub infos: usize,
}

/// Severity counters shared by the per-unit and per-file rows.
#[derive(Clone, Copy, Default)]
struct Tally {
    count: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
}

impl Tally {
    fn add(&mut self, severity: Severity) {
        self.count += 1;
        match severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
            Severity::Info => self.infos += 1,
        }
    }
}

impl Summary {
    /// Count the findings of `report`.
    #[must_use]
    pub fn from_report(report: &Report) -> Self {
        let mut all = Tally::default();
        // Keyed by code: BTreeMap order is code order.
        // Owned keys: spilled findings are read back one at a time.
        let mut rules: BTreeMap<String, RuleCount> = BTreeMap::new();
        let mut units: HashMap<String, (Tally, BTreeMap<String, usize>)> = HashMap::new();
        let mut files: BTreeMap<String, Tally> = BTreeMap::new();
        for f in &report.files {
            files.entry(f.path.clone()).or_default();
        }
        let unknown = unknown_unit(report.lang);

        for d in &report.diagnostics {
            all.add(d.severity);
            match rules.get_mut(d.rule.as_str()) {
                Some(r) => {
                    r.count += 1;
                    r.severity = r.severity.max(d.severity);
                }
                None => {
                    rules.insert(
                        d.rule.clone(),
                        RuleCount {
                            rule: d.rule.clone(),
                            name: d.name.clone(),
                            severity: d.severity,
                            count: 1,
                        },
                    );
                }
            }
            let unit = d
                .unit
                .as_deref()
                .map(str::trim)
                .filter(|u| !u.is_empty())
                .unwrap_or(unknown);
            if !units.contains_key(unit) {
                units.insert(unit.to_owned(), Default::default());
            }
            if let Some(entry) = units.get_mut(unit) {
                entry.0.add(d.severity);
                match entry.1.get_mut(d.rule.as_str()) {
                    Some(n) => *n += 1,
                    None => {
                        entry.1.insert(d.rule.clone(), 1);
                    }
                }
            }
            match files.get_mut(d.file.as_str()) {
                Some(t) => t.add(d.severity),
                None => files.entry(d.file.clone()).or_default().add(d.severity),
            }
        }

        let mut by_unit: Vec<UnitCount> = units
            .into_iter()
            .map(|(unit, (t, by_rule))| UnitCount {
                unit,
                count: t.count,
                errors: t.errors,
                warnings: t.warnings,
                infos: t.infos,
                by_rule,
            })
            .collect();
        by_unit.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.unit.cmp(&b.unit)));

        Summary {
            total: all.count,
            errors: all.errors,
            warnings: all.warnings,
            infos: all.infos,
            by_rule: rules.into_values().collect(),
            by_unit,
            by_file: files
                .into_iter()
                .map(|(file, t)| FileCount {
                    file,
                    count: t.count,
                    errors: t.errors,
                    warnings: t.warnings,
                    infos: t.infos,
                })
                .collect(),
            suppressed: report.suppressed,
        }
    }
}

/// Files (distinct paths) and data rows read, for the "nothing found" line.
#[must_use]
pub fn files_and_rows(report: &Report) -> (usize, u64) {
    let mut paths: Vec<&str> = report.files.iter().map(|f| f.path.as_str()).collect();
    paths.sort_unstable();
    paths.dedup();
    (paths.len(), report.files.iter().map(|f| f.rows).sum())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testdata::sample_report;

    #[test]
    fn counts_by_severity_rule_unit_and_file() {
        let report = sample_report(Lang::Zh);
        let s = Summary::from_report(&report);
        assert_eq!(s.total, report.diagnostics.len());
        assert_eq!(s.errors + s.warnings + s.infos, s.total);
        let codes: Vec<&str> = s.by_rule.iter().map(|r| r.rule.as_str()).collect();
        let mut sorted = codes.clone();
        sorted.sort_unstable();
        assert_eq!(codes, sorted, "by_rule is in code order");
        assert_eq!(s.by_rule.iter().map(|r| r.count).sum::<usize>(), s.total);
        assert_eq!(s.by_unit.iter().map(|u| u.count).sum::<usize>(), s.total);
        assert!(s.by_unit.windows(2).all(|w| w[0].count >= w[1].count));
        assert!(s.by_unit.iter().any(|u| u.unit == "(未知单位)"));
        assert_eq!(s.by_file.iter().map(|f| f.count).sum::<usize>(), s.total);
    }

    #[test]
    fn unknown_unit_follows_language() {
        let s = Summary::from_report(&sample_report(Lang::En));
        assert!(s.by_unit.iter().any(|u| u.unit == "(unknown unit)"));
    }

    #[test]
    fn empty_report_has_zero_counts() {
        let s = Summary::from_report(&Report::default());
        assert_eq!(s, Summary::default());
    }
}
