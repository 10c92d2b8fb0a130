//! `time-order`: date-times that must come in order (GD603: closed before
//! created, callback before closed). Values that do not parse are left to
//! `value-type` (GD704).

use serde::Deserialize;

use super::{FieldRef, Finding, RowCtx};
use crate::input::{Schema, TableKind, datetime};

/// Parameters of `kind = "time-order"`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimeOrderSpec {
    /// Pairs `[earlier, later]`: the first must not be after the second.
    pub pairs: Vec<[String; 2]>,
    /// Slack in seconds before a pair counts as out of order (clock skew
    /// between systems).
    #[serde(default)]
    pub tolerance_s: i64,
}

#[derive(Debug)]
pub struct TimeOrder {
    pairs: Vec<(FieldRef, FieldRef)>,
    tolerance_s: i64,
}

impl TimeOrder {
    /// # Errors
    /// Unknown field, or a pair across two tables.
    pub fn compile(spec: TimeOrderSpec, schema: &Schema) -> Result<Self, String> {
        let mut pairs = Vec::new();
        for [a, b] in &spec.pairs {
            let (a, b) = (FieldRef::resolve(schema, a)?, FieldRef::resolve(schema, b)?);
            if a.kind != b.kind {
                return Err(format!(
                    "`{}` and `{}` are in different tables",
                    a.name, b.name
                ));
            }
            pairs.push((a, b));
        }
        Ok(TimeOrder {
            pairs,
            tolerance_s: spec.tolerance_s.max(0),
        })
    }

    #[must_use]
    pub fn tables(&self) -> Vec<TableKind> {
        let mut k: Vec<TableKind> = self.pairs.iter().map(|(a, _)| a.kind).collect();
        k.sort();
        k.dedup();
        k
    }

    pub fn check_row(&self, ctx: &RowCtx, out: &mut Vec<Finding>) {
        for (a, b) in &self.pairs {
            let (Some(ta), Some(tb)) = (ctx.cell(a), ctx.cell(b)) else {
                continue;
            };
            let (Some(da), Some(db)) = (datetime::parse(ta), datetime::parse(tb)) else {
                continue;
            };
            if (da - db).num_seconds() > self.tolerance_s {
                let (ha, hb) = (
                    ctx.meta.header(ctx.meta.column(a.id).unwrap_or(0)),
                    ctx.meta.header(ctx.meta.column(b.id).unwrap_or(0)),
                );
                let mut f = Finding::at(
                    b.id,
                    ctx.say(
                        format!("「{hb}」{} 早于「{ha}」{}", tb.trim(), ta.trim()),
                        format!("“{hb}” {} is earlier than “{ha}” {}", tb.trim(), ta.trim()),
                    ),
                );
                f.args.push(("earlier", a.name.clone()));
                f.args.push(("later", b.name.clone()));
                out.push(f);
            }
        }
    }
}
