//! Stage 5, for GitHub Actions: one workflow command per finding
//! (`::error file=tickets.csv,line=12,title=GD401 vague-return-reason::…`),
//! which GitHub shows as an annotation on the file. Errors become `::error`,
//! warnings `::warning`, infos `::notice`.

use std::io::{self, Write};

use super::human::sanitize;
use super::{Lang, Report};
use crate::diagnostic::{Diagnostic, Severity};

/// Write one annotation per finding.
///
/// # Errors
/// Whatever writing to `out` returns.
pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    for d in &report.diagnostics {
        writeln!(out, "{}", annotation(&d, report.lang))?;
    }
    Ok(())
}

/// The workflow command for one finding.
#[must_use]
pub fn annotation(d: &Diagnostic, lang: Lang) -> String {
    let command = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    };
    let mut props = format!("file={}", escape_property(&d.file));
    if let Some(row) = d.row {
        props.push_str(&format!(",line={row}"));
    }
    props.push_str(&format!(
        ",title={}",
        escape_property(&format!("{} {}", d.rule, d.name))
    ));

    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    if let Some(suggestion) = &d.suggestion {
        message.push('\n');
        message.push_str(lang.pick("建议: ", "suggestion: "));
        message.push_str(suggestion);
    }
    format!("::{command} {props}::{}", escape_data(&message))
}

/// Escape a command's message: `%`, CR and LF, as the runner expects. Other
/// control characters are made visible so they cannot reach the log raw.
#[must_use]
pub fn escape_data(s: &str) -> String {
    sanitize(
        &s.replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A"),
    )
}

/// Escape a command property value: as [`escape_data`], plus `:` and `,`,
/// which would otherwise end the value.
#[must_use]
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testdata::{cell_diagnostic, sample_report};

    #[test]
    fn snapshot_github() {
        let mut out = Vec::new();
        render(&sample_report(Lang::Zh), &mut out).unwrap();
        insta::assert_snapshot!(String::from_utf8(out).unwrap());
    }

    #[test]
    fn one_line_per_finding_with_the_right_command() {
        let report = sample_report(Lang::Zh);
        let mut out = Vec::new();
        render(&report, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), report.diagnostics.len());
        assert!(lines.iter().any(|l| {
            l.starts_with("::error file=tickets.csv,line=12,title=GD401 vague-return-reason::")
        }));
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("::warning file=data.json,title=GD702"))
        );
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("::notice file=tickets.csv,line=20,"))
        );
    }

    #[test]
    fn escaping_follows_the_runner() {
        assert_eq!(escape_data("50%\r\nx"), "50%25%0D%0Ax");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
        assert_eq!(escape_data("a\x1bb"), "a␛b");
        let mut d = cell_diagnostic("x", "x", 0);
        d.file = "exports/3,月:工单.csv".into();
        d.message = "第一行\n第二行 100%".into();
        d.help = None;
        let line = annotation(&d, Lang::Zh);
        assert_eq!(
            line,
            "::error file=exports/3%2C月%3A工单.csv,line=12,title=GD401 vague-return-reason::第一行%0A第二行 100%25"
        );
    }
}
