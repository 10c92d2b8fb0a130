//! `garble`: the GD101 check kind — runs the [`super::garble::Detector`] over
//! free-text fields and reports one finding per garbled cell, with the
//! recovered text as the suggestion when the original can be rebuilt.

use serde::Deserialize;

use super::garble::{Detector, GarbleParams, repair};
use super::{FieldRef, Finding, RowCtx};
use crate::diagnostic::Span;
use crate::input::{Schema, TableKind};

/// Parameters of `kind = "garble"`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GarbleSpec {
    /// The free-text fields to read (`closing_text`, `flows.opinion`, …).
    pub fields: Vec<String>,
    /// The detector's thresholds (see `GarbleParams`).
    #[serde(default)]
    pub params: GarbleParams,
}

/// The compiled check.
#[derive(Debug)]
pub struct Garbled {
    fields: Vec<FieldRef>,
    detector: Detector,
}

impl Garbled {
    /// # Errors
    /// Unknown field; no field.
    pub fn compile(spec: GarbleSpec, schema: &Schema) -> Result<Self, String> {
        if spec.fields.is_empty() {
            return Err("`fields` is empty".to_owned());
        }
        Ok(Garbled {
            fields: spec
                .fields
                .iter()
                .map(|f| FieldRef::resolve(schema, f))
                .collect::<Result<_, _>>()?,
            detector: Detector::new(spec.params),
        })
    }

    #[must_use]
    pub fn tables(&self) -> Vec<TableKind> {
        let mut k: Vec<TableKind> = self.fields.iter().map(|f| f.kind).collect();
        k.sort();
        k.dedup();
        k
    }

    /// The free-text fields this check reads (`gongdan fix` repairs the same).
    #[must_use]
    pub fn fields(&self) -> &[FieldRef] {
        &self.fields
    }

    /// The detector, built from the rule's parameters.
    #[must_use]
    pub fn detector(&self) -> &Detector {
        &self.detector
    }

    pub fn check_row(&self, ctx: &RowCtx, out: &mut Vec<Finding>) {
        for f in &self.fields {
            let Some(text) = ctx.cell(f) else { continue };
            if text.is_empty() {
                continue;
            }
            let hits = self.detector.detect(text);
            let Some(first) = hits.first() else { continue };
            let mut kinds: Vec<&str> = Vec::new();
            for h in &hits {
                let label = ctx
                    .lang
                    .pick(h.mechanism.label_zh(), h.mechanism.label_en());
                if !kinds.contains(&label) {
                    kinds.push(label);
                }
            }
            let shown: String = text
                .chars()
                .skip(first.start)
                .take((first.end - first.start).min(20))
                .collect();
            let recovered = repair(text, &hits);
            let n = hits.len();
            let detail = match &recovered {
                Some(_) => ctx.say(
                    format!("有 {n} 处乱码（{}），如「{shown}」；原文可以恢复，见修改建议", kinds.join("、")),
                    format!("{n} garbled run(s) ({}), e.g. “{shown}”; the original can be recovered, see the suggestion", kinds.join(", ")),
                ),
                None => ctx.say(
                    format!("有 {n} 处乱码（{}），如「{shown}」；原文无法自动恢复，请按原始记录重新填写", kinds.join("、")),
                    format!("{n} garbled run(s) ({}), e.g. “{shown}”; the original cannot be recovered, re-enter it from the source record", kinds.join(", ")),
                ),
            };
            let mut finding = Finding::at(f.id, detail);
            finding.span = Some(Span {
                start: first.start,
                end: first.end,
            });
            finding.suggestion = recovered;
            finding
                .args
                .push(("mechanism", first.mechanism.code().to_owned()));
            out.push(finding);
        }
    }
}
