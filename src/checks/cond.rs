//! `when` conditions: a rule runs on a row only when every condition holds
//! (`[[check.when]] field = "channel", contains = ["电话", "热线"]`).

use std::collections::BTreeMap;
use std::sync::{Mutex, PoisonError};

use regex::Regex;
use serde::Deserialize;

use super::{FieldRef, RowCtx};
use crate::input::Schema;

/// One condition as written in a rule file.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CondSpec {
    /// The field tested.
    pub field: String,
    /// Holds when the trimmed value equals one of these.
    #[serde(default)]
    pub equals: Vec<String>,
    /// Holds when the value contains one of these.
    #[serde(default)]
    pub contains: Vec<String>,
    /// Holds when the value matches this regex.
    #[serde(default)]
    pub pattern: Option<String>,
    /// `true`: the value is not empty; `false`: it is empty (or the column
    /// is absent).
    #[serde(default)]
    pub present: Option<bool>,
    /// `true`: the table has this column; `false`: it has not (an absent
    /// column is otherwise indistinguishable from an empty cell).
    #[serde(default)]
    pub column: Option<bool>,
    /// Negate the whole condition.
    #[serde(default)]
    pub not: bool,
}

/// A compiled condition.
#[derive(Clone, Debug)]
pub struct Cond {
    /// The same number for the same search of a value ([`number`]): a row
    /// evaluates it once for all the rules that repeat it. `u32::MAX` for
    /// a test cheaper than looking up its answer (`present`, `column`,
    /// `equals` alone).
    id: u32,
    field: FieldRef,
    equals: Vec<String>,
    contains: Vec<String>,
    pattern: Option<Regex>,
    present: Option<bool>,
    column: Option<bool>,
    not: bool,
}

impl Cond {
    /// # Errors
    /// Unknown field or bad regex.
    pub fn compile(spec: &CondSpec, schema: &Schema) -> Result<Cond, String> {
        let pattern = match &spec.pattern {
            Some(p) => Some(Regex::new(p).map_err(|e| format!("bad pattern in `when`: {e}"))?),
            None => None,
        };
        let field = FieldRef::resolve(schema, &spec.field)?;
        let searches = spec.pattern.is_some() || !spec.contains.is_empty();
        Ok(Cond {
            id: if searches {
                number(spec, &field)
            } else {
                u32::MAX
            },
            field,
            equals: spec.equals.clone(),
            contains: spec.contains.clone(),
            pattern,
            present: spec.present,
            column: spec.column,
            not: spec.not,
        })
    }

    /// Compile a list.
    ///
    /// # Errors
    /// As [`Cond::compile`].
    pub fn compile_all(specs: &[CondSpec], schema: &Schema) -> Result<Vec<Cond>, String> {
        specs.iter().map(|s| Cond::compile(s, schema)).collect()
    }

    /// Whether the condition holds on this row (worked out once per row
    /// for every rule that tests it).
    #[must_use]
    pub fn holds(&self, ctx: &RowCtx) -> bool {
        ctx.cond(self.id, || self.evaluate(ctx))
    }

    fn evaluate(&self, ctx: &RowCtx) -> bool {
        let v = ctx.text(&self.field);
        let mut ok = true;
        if let Some(c) = self.column {
            ok &= c == ctx.cell(&self.field).is_some();
        }
        if let Some(p) = self.present {
            ok &= p != v.is_empty();
        }
        if !self.equals.is_empty() {
            ok &= self.equals.iter().any(|e| e == v);
        }
        if !self.contains.is_empty() {
            ok &= self.contains.iter().any(|c| v.contains(c.as_str()));
        }
        if let Some(re) = &self.pattern {
            ok &= re.is_match(v);
        }
        ok != self.not
    }
}

/// Conditions numbered so far, by everything they test. The rule files
/// repeat conditions (`handling` matching 不予?受理 in a dozen rules), and
/// the rules of a row share one answer ([`RowCtx::cond`]).
static NUMBERS: Mutex<BTreeMap<String, u32>> = Mutex::new(BTreeMap::new());

/// The number of a condition: the same for the same test of the same field.
fn number(spec: &CondSpec, field: &FieldRef) -> u32 {
    let key = format!(
        "{:?}",
        (
            field,
            &spec.equals,
            &spec.contains,
            &spec.pattern,
            spec.present,
            spec.column,
            spec.not
        )
    );
    let mut numbers = NUMBERS.lock().unwrap_or_else(PoisonError::into_inner);
    let next = u32::try_from(numbers.len()).unwrap_or(u32::MAX);
    *numbers.entry(key).or_insert(next)
}

/// Whether every condition holds.
#[must_use]
pub fn all_hold(conds: &[Cond], ctx: &RowCtx) -> bool {
    conds.iter().all(|c| c.holds(ctx))
}
