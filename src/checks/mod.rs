//! Stage 3 of the pipeline: check kinds. A rule file's `[check]` table names
//! a kind and its parameters; [`Check::compile`] turns it into one variant of
//! [`Check`], and one `match` dispatches row-level, table-level and
//! cross-row work. The rule data (codes, messages) stays in `rules/`.

pub mod call_link;
pub mod cells;
pub mod classes;
pub mod compact;
pub mod cond;
pub mod garble;
pub mod garbled_text;
pub mod memo;
pub mod overdue;
pub mod pattern_set;
pub mod phrases;
pub mod ping_pong;
pub mod template;
pub mod ticket_ref;
pub mod time_order;
pub mod unique;

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use chrono::NaiveDateTime;
use rustc_hash::FxHashMap;
use serde::Deserialize;

use crate::diagnostic::Span;
use crate::input::{FieldId, Row, Schema, TableKind, TableMeta};
use crate::report::Lang;
use crate::text::Analysis;

/// A field named in a rule file: `closing_text` (a tickets field) or
/// `calls.caller` / `flows.opinion`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldRef {
    pub kind: TableKind,
    pub id: FieldId,
    pub name: String,
    /// The canonical Chinese header, for messages about a missing column.
    pub header: String,
}

impl FieldRef {
    /// Resolve a field name against the schema.
    ///
    /// # Errors
    /// When the table or field does not exist.
    pub fn resolve(schema: &Schema, name: &str) -> Result<FieldRef, String> {
        let (kind, field) = match name.split_once('.') {
            Some((t, f)) => (
                TableKind::parse(t).ok_or_else(|| format!("unknown table `{t}` in `{name}`"))?,
                f,
            ),
            None => (TableKind::Tickets, name),
        };
        let id = schema
            .table(kind)
            .field(field)
            .ok_or_else(|| format!("unknown field `{field}` in table `{kind}`"))?;
        let header = schema.table(kind).def(id).header.clone();
        Ok(FieldRef {
            kind,
            id,
            name: field.to_owned(),
            header,
        })
    }
}

/// What the checks may consult beyond the row: indexes built from the other
/// tables of the export, and run-wide settings.
#[derive(Debug, Default)]
pub struct Env {
    /// The moment the export was taken, for "still open past its deadline".
    pub export_time: Option<NaiveDateTime>,
    /// The call records, when a calls table was supplied.
    pub calls: Option<call_link::CallIndex>,
    /// Returns per ticket, when a flows table was supplied.
    pub flows: Option<ping_pong::FlowIndex>,
    /// Working days and holidays, for deadlines counted in working days.
    pub calendar: crate::calendar::Calendar,
}

/// One row under check.
pub struct RowCtx<'a> {
    pub meta: &'a TableMeta,
    pub row: &'a Row,
    pub lang: Lang,
    pub env: &'a Env,
    /// Index of the table in the run (for findings reported later).
    pub table: usize,
    /// Texts of this row already analysed, shared by every rule that reads
    /// them: a cell is segmented once per row, not once per rule.
    pub analyses: AnalysisCache,
}

/// The analyses of one row's texts, keyed by where the text lies in memory
/// (a cell, or a line of it, borrowed from the row), and what each phrase
/// class's searcher found in them: rules that name the same class (shared
/// through `rules/classes/`) search a text for it once per row.
#[derive(Default)]
pub struct AnalysisCache {
    /// A text's place and length, and its analysis.
    texts: RefCell<Vec<(usize, usize, Rc<Analysis>)>>,
    /// What a searcher found in a text (`RowCtx::found`).
    found: RefCell<FxHashMap<FoundKey, Option<(usize, usize)>>>,
    /// The `when` conditions numbered below 128 worked out on this row
    /// (`RowCtx::cond`): a bit per number, and whether it held.
    conds_known: Cell<u128>,
    conds_held: Cell<u128>,
}

/// A searcher's id and the place and length of the text it searched.
type FoundKey = (u32, usize, usize);

impl RowCtx<'_> {
    /// The analysis of a text of this row (a cell or part of one),
    /// computed on first use.
    #[must_use]
    pub fn analysis(&self, text: &str) -> Rc<Analysis> {
        let key = (text.as_ptr() as usize, text.len());
        if let Some((_, _, a)) = self
            .analyses
            .texts
            .borrow()
            .iter()
            .find(|(p, l, _)| (*p, *l) == key)
        {
            return Rc::clone(a);
        }
        let a = Rc::new(Analysis::of(text));
        self.analyses
            .texts
            .borrow_mut()
            .push((key.0, key.1, Rc::clone(&a)));
        a
    }

    /// What searcher `id` finds in a text of this row (a cell or part of
    /// one), worked out by `find` on first use.
    pub(crate) fn found(
        &self,
        id: u32,
        text: &str,
        find: impl FnOnce() -> Option<(usize, usize)>,
    ) -> Option<(usize, usize)> {
        let key = (id, text.as_ptr() as usize, text.len());
        if let Some(f) = self.analyses.found.borrow().get(&key) {
            return *f;
        }
        let f = find();
        self.analyses.found.borrow_mut().insert(key, f);
        f
    }

    /// Whether condition number `id` holds on this row, worked out by
    /// `evaluate` on first use.
    /// (A run's rules number a few dozen; beyond 128 each is evaluated.)
    pub(crate) fn cond(&self, id: u32, evaluate: impl FnOnce() -> bool) -> bool {
        if id >= 128 {
            return evaluate();
        }
        let bit = 1u128 << id;
        let c = &self.analyses;
        if c.conds_known.get() & bit != 0 {
            return c.conds_held.get() & bit != 0;
        }
        let holds = evaluate();
        c.conds_known.set(c.conds_known.get() | bit);
        if holds {
            c.conds_held.set(c.conds_held.get() | bit);
        }
        holds
    }

    /// The cell of a field: `None` when this table has no such column (or
    /// the field belongs to another table), else the text, possibly empty.
    #[must_use]
    pub fn cell(&self, f: &FieldRef) -> Option<&str> {
        if f.kind != self.meta.kind {
            return None;
        }
        self.meta.column(f.id).map(|c| self.row.cell(c))
    }

    /// The trimmed text of a field, "" when absent.
    #[must_use]
    pub fn text(&self, f: &FieldRef) -> &str {
        self.cell(f).map_or("", crate::input::values::trim)
    }

    /// Pick a message for the run's language.
    #[must_use]
    pub fn say(&self, zh: impl Into<String>, en: impl Into<String>) -> String {
        match self.lang {
            Lang::Zh => zh.into(),
            Lang::En => en.into(),
        }
    }
}

/// A check's raw finding; the engine adds the rule's message, location,
/// ticket and unit.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Finding {
    /// The cell the finding is about, in the current table.
    pub field: Option<FieldId>,
    /// Offending characters inside that cell.
    pub span: Option<Span>,
    /// Fills `{detail}` in the rule's message.
    pub detail: String,
    /// Further placeholders for the message.
    pub args: Vec<(&'static str, String)>,
    pub suggestion: Option<String>,
    /// Overrides the rule's severity (a "could not run" note is not an error).
    pub severity: Option<crate::diagnostic::Severity>,
    /// The detail is the whole message (a note about the run, not a ticket).
    pub standalone: bool,
}

impl Finding {
    #[must_use]
    pub fn at(field: FieldId, detail: String) -> Finding {
        Finding {
            field: Some(field),
            detail,
            ..Finding::default()
        }
    }
}

/// Where a finding reported after the rows were read belongs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowRef {
    pub table: usize,
    /// Spreadsheet row; the header row for findings about a whole table.
    pub row: u64,
    pub ticket: Option<String>,
    pub unit: Option<String>,
    /// The text of the finding's cell, for the excerpt.
    pub text: Option<String>,
}

/// A finding from a cross-row or table-level check, with its place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Deferred {
    pub at: RowRef,
    pub finding: Finding,
}

/// What a cross-row check computed for one row in the parallel phase.
#[derive(Debug, Default)]
pub enum Prepared {
    #[default]
    Nothing,
    /// `template`: hashes of the masked reply and of the masked appeal.
    Template { reply: u64, appeal: u64 },
    /// `overdue`: the row's latest time, and an open ticket's deadline.
    Overdue {
        latest: Option<NaiveDateTime>,
        deadline: Option<(NaiveDateTime, overdue::DeadlineSource)>,
    },
}

/// Per-run state of a cross-row check.
#[derive(Debug, Default)]
pub enum State {
    #[default]
    None,
    Unique(unique::State),
    CallLink(call_link::State),
    TicketRef(ticket_ref::State),
    Template(template::State),
    Overdue(overdue::State),
}

/// The check kinds. One variant per kind; the rule file's `kind` picks it.
#[derive(Debug)]
pub enum Check {
    /// Findings raised by the readers (GD001–GD003, GD102); no row logic.
    Input,
    RequiredField(cells::RequiredField),
    AllowedValues(cells::AllowedValues),
    Pattern(cells::Pattern),
    Length(cells::Length),
    ValueType(cells::ValueType),
    Unique(unique::Unique),
    TimeOrder(time_order::TimeOrder),
    Phrases(phrases::Phrases),
    Garble(Box<garbled_text::Garbled>),
    CallLink(call_link::CallLink),
    PingPong(ping_pong::PingPong),
    /// Boxed: its phrase class (searchers and all) is large.
    TicketRef(Box<ticket_ref::TicketRef>),
    Template(template::Template),
    /// Boxed: the time-limit table and its fields make it the largest kind.
    Overdue(Box<overdue::Overdue>),
}

#[derive(Deserialize)]
struct KindOnly {
    kind: String,
}

fn parse<T: serde::de::DeserializeOwned>(table: &toml::Table) -> Result<T, String> {
    let mut t = table.clone();
    t.remove("kind");
    toml::Value::Table(t)
        .try_into::<T>()
        .map_err(|e| e.message().to_owned())
}

impl Check {
    /// Compile a `[check]` table.
    ///
    /// # Errors
    /// Unknown kind, unknown or mistyped parameter, unknown field, bad regex.
    pub fn compile(table: &toml::Table, schema: &Schema) -> Result<Check, String> {
        let kind: KindOnly = toml::Value::Table(table.clone())
            .try_into()
            .map_err(|_| "missing `kind`".to_owned())?;
        Ok(match kind.kind.as_str() {
            "input" => {
                if table.len() > 1 {
                    return Err("kind `input` takes no parameters".to_owned());
                }
                Check::Input
            }
            "required-field" => {
                Check::RequiredField(cells::RequiredField::compile(parse(table)?, schema)?)
            }
            "allowed-values" => {
                Check::AllowedValues(cells::AllowedValues::compile(parse(table)?, schema)?)
            }
            "pattern" => Check::Pattern(cells::Pattern::compile(parse(table)?, schema)?),
            "length" => Check::Length(cells::Length::compile(parse(table)?, schema)?),
            "value-type" => Check::ValueType(cells::ValueType::compile(parse(table)?, schema)?),
            "unique" => Check::Unique(unique::Unique::compile(parse(table)?, schema)?),
            "time-order" => {
                Check::TimeOrder(time_order::TimeOrder::compile(parse(table)?, schema)?)
            }
            "phrases" => Check::Phrases(phrases::Phrases::compile(parse(table)?, schema)?),
            "garble" => Check::Garble(Box::new(garbled_text::Garbled::compile(
                parse(table)?,
                schema,
            )?)),
            "call-link" => Check::CallLink(call_link::CallLink::compile(parse(table)?, schema)?),
            "ping-pong" => Check::PingPong(ping_pong::PingPong::compile(parse(table)?, schema)?),
            "ticket-reference" => Check::TicketRef(Box::new(ticket_ref::TicketRef::compile(
                parse(table)?,
                schema,
            )?)),
            "template" => Check::Template(template::Template::compile(parse(table)?, schema)?),
            "overdue" => {
                Check::Overdue(Box::new(overdue::Overdue::compile(parse(table)?, schema)?))
            }
            other => return Err(format!("unknown check kind `{other}`")),
        })
    }

    /// The tables this check reads.
    #[must_use]
    pub fn tables(&self) -> Vec<TableKind> {
        match self {
            Check::Input => TableKind::ALL.to_vec(),
            Check::RequiredField(c) => c.tables(),
            Check::AllowedValues(c) => c.tables(),
            Check::Pattern(c) => vec![c.field.kind],
            Check::Length(c) => vec![c.field.kind],
            Check::ValueType(c) => c.tables(),
            Check::Unique(c) => vec![c.field.kind],
            Check::TimeOrder(c) => c.tables(),
            Check::Phrases(c) => c.tables(),
            Check::Garble(c) => c.tables(),
            Check::CallLink(_) | Check::PingPong(_) | Check::TicketRef(_) | Check::Template(_) => {
                vec![TableKind::Tickets]
            }
            Check::Overdue(c) => c.tables(),
        }
    }

    /// Whether the check consults the call records' index
    /// ([`Env::calls`]); without such a rule the index is not built.
    #[must_use]
    pub fn reads_calls(&self) -> bool {
        matches!(self, Check::CallLink(_))
    }

    /// Whether the check consults the flow records' returns
    /// ([`Env::flows`]); without such a rule the index is not built.
    #[must_use]
    pub fn reads_flows(&self) -> bool {
        matches!(self, Check::PingPong(_))
    }

    /// Whether the check keeps state across rows (then `observe` runs on
    /// every row, in file order, on one thread).
    #[must_use]
    pub fn new_state(&self) -> State {
        match self {
            Check::Unique(_) => State::Unique(unique::State::default()),
            Check::CallLink(_) => State::CallLink(call_link::State::default()),
            Check::TicketRef(_) => State::TicketRef(ticket_ref::State::default()),
            Check::Template(_) => State::Template(template::State::default()),
            Check::Overdue(_) => State::Overdue(overdue::State::default()),
            _ => State::None,
        }
    }

    /// Findings about a table as a whole (e.g. a required column missing).
    pub fn check_table(&self, meta: &TableMeta, table: usize, lang: Lang, out: &mut Vec<Deferred>) {
        if let Check::RequiredField(c) = self {
            c.check_table(meta, table, lang, out);
        }
    }

    /// Row-level work; runs in parallel, so it must not keep state.
    pub fn check_row(&self, ctx: &RowCtx, out: &mut Vec<Finding>) {
        match self {
            Check::Input | Check::Unique(_) | Check::TicketRef(_) | Check::Template(_) => {}
            Check::CallLink(c) => c.check_row(ctx, out),
            Check::PingPong(c) => c.check_row(ctx, out),
            Check::RequiredField(c) => c.check_row(ctx, out),
            Check::AllowedValues(c) => c.check_row(ctx, out),
            Check::Pattern(c) => c.check_row(ctx, out),
            Check::Length(c) => c.check_row(ctx, out),
            Check::ValueType(c) => c.check_row(ctx, out),
            Check::TimeOrder(c) => c.check_row(ctx, out),
            Check::Phrases(c) => c.check_row(ctx, out),
            Check::Garble(c) => c.check_row(ctx, out),
            Check::Overdue(c) => c.check_row(ctx, out),
        }
    }

    /// Cross-row work, in file order.
    /// The expensive, stateless part of cross-row work (masking a text,
    /// searching phrases), run in parallel with `check_row`; its result is
    /// handed to `observe`.
    #[must_use]
    pub fn prepare(&self, ctx: &RowCtx) -> Prepared {
        match self {
            Check::Template(c) => c.prepare(ctx),
            Check::Overdue(c) => c.prepare(ctx),
            _ => Prepared::Nothing,
        }
    }

    /// Cross-row work, in file order, with what `prepare` computed.
    pub fn observe(
        &self,
        ctx: &RowCtx,
        prepared: Prepared,
        state: &mut State,
        out: &mut Vec<Deferred>,
    ) {
        match (self, state) {
            (Check::Unique(c), State::Unique(s)) => c.observe(ctx, s),
            (Check::CallLink(c), State::CallLink(s)) => c.observe(ctx, s),
            (Check::TicketRef(c), State::TicketRef(s)) => c.observe(ctx, s, out),
            (Check::Template(c), State::Template(s)) => c.observe(ctx, prepared, s),
            (Check::Overdue(c), State::Overdue(s)) => c.observe(ctx, prepared, s),
            _ => {}
        }
    }

    /// Findings that need every row first.
    pub fn finish(&self, state: State, lang: Lang, out: &mut Vec<Deferred>) {
        match (self, state) {
            (Check::Unique(c), State::Unique(s)) => c.finish(s, lang, out),
            (Check::CallLink(c), State::CallLink(s)) => c.finish(s, lang, out),
            (Check::TicketRef(c), State::TicketRef(s)) => c.finish(s, lang, out),
            (Check::Template(c), State::Template(s)) => c.finish(s, lang, out),
            (Check::Overdue(c), State::Overdue(s)) => c.finish(s, lang, out),
            _ => {}
        }
    }
}
