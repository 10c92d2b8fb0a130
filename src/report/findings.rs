//! The findings of a run in bounded memory. Up to a bound they stay in
//! memory; beyond it they are sorted and written to a temporary file as a
//! sorted run, and reading merges the runs with the in-memory tail. A
//! province's month (a million tickets, hundreds of thousands of findings)
//! so costs a temporary file, not hundreds of megabytes, and the output is
//! the same byte for byte: the order is [`Diagnostic::sort_key`], ties kept
//! in the order the findings were pushed, as [`crate::diagnostic::sort`]
//! (a stable sort) keeps them.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap};
use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};

use crate::diagnostic::{Diagnostic, Severity, Span};

/// Findings kept in memory before a sorted run is written out: about
/// 10 MB of findings (a finding with its strings is ~2 KB), some sixty
/// runs for a province's month (a million tickets).
pub const DEFAULT_BOUND: usize = 5_000;

/// Environment variable that sets the bound (a positive number of findings),
/// for tests and tuning; [`Findings::from_env`] reads it.
pub const BOUND_VAR: &str = "GONGDAN_SPILL_AFTER";

/// Read-buffer space shared by the runs while merging.
const MERGE_BUFFER: usize = 4 << 20;

/// The findings of a run. Push in any order; [`Findings::iter`] yields
/// them sorted.
pub struct Findings {
    bound: usize,
    /// Findings not written out, each with its push number (the tie-break).
    mem: Vec<(u64, Diagnostic)>,
    /// Whether `mem` is in output order.
    sorted: bool,
    spill: Option<Spill>,
    /// Why the temporary file could not be written, if it could not: from
    /// then on every finding stays in memory.
    spill_error: Option<io::Error>,
    next: u64,
    len: usize,
    /// Running count per severity (info, warning, error).
    severities: [usize; 3],
    /// Each rule's first help text: a spilled finding with the same text
    /// writes none and shares this one when read back.
    helps: HashMap<String, Arc<str>>,
    /// The first error met reading the runs back (iteration then stops).
    read_error: Mutex<Option<io::Error>>,
}

/// The temporary file and the sorted runs in it, one after the other.
struct Spill {
    /// Unnamed, so the system removes it even when the process is killed.
    file: Mutex<File>,
    end: u64,
    runs: Vec<(u64, u64)>,
}

impl Default for Findings {
    fn default() -> Self {
        Self::with_bound(DEFAULT_BOUND)
    }
}

impl fmt::Debug for Findings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Findings")
            .field("len", &self.len)
            .field("bound", &self.bound)
            .field("runs", &self.spill.as_ref().map_or(0, |s| s.runs.len()))
            .finish_non_exhaustive()
    }
}

impl Findings {
    /// An empty store that keeps up to `bound` findings in memory (at least 1).
    #[must_use]
    pub fn with_bound(bound: usize) -> Self {
        Findings {
            bound: bound.max(1),
            mem: Vec::new(),
            sorted: true,
            spill: None,
            spill_error: None,
            next: 0,
            len: 0,
            severities: [0; 3],
            helps: HashMap::new(),
            read_error: Mutex::new(None),
        }
    }

    /// An empty store with the bound from [`BOUND_VAR`], else
    /// [`DEFAULT_BOUND`].
    #[must_use]
    pub fn from_env() -> Self {
        let bound = std::env::var(BOUND_VAR)
            .ok()
            .and_then(|v| v.trim().parse::<usize>().ok())
            .filter(|&n| n > 0)
            .unwrap_or(DEFAULT_BOUND);
        Self::with_bound(bound)
    }

    /// Add a finding; when the memory bound is reached, write the findings
    /// in memory out as a sorted run.
    pub fn push(&mut self, d: Diagnostic) {
        let seq = self.next;
        self.next += 1;
        self.push_numbered(seq, d);
    }

    fn push_numbered(&mut self, seq: u64, d: Diagnostic) {
        self.len += 1;
        self.severities[severity_slot(d.severity)] += 1;
        if let Some(h) = &d.help {
            if !self.helps.contains_key(&d.rule) {
                self.helps.insert(d.rule.clone(), Arc::clone(h));
            }
        }
        if self.mem.len() == self.mem.capacity() {
            // Grow to the bound, not past it (doubling would leave up to
            // half the vector unused until the run ends).
            let want = (self.mem.capacity() * 2).max(16).min(self.bound);
            if want > self.mem.len() {
                self.mem.reserve_exact(want - self.mem.len());
            }
        }
        self.mem.push((seq, d));
        self.sorted = false;
        if self.mem.len() >= self.bound && self.spill_error.is_none() {
            self.spill_mem();
        }
    }

    /// The push number the next finding gets (the engine notes it to find
    /// the finding again).
    #[must_use]
    pub fn next_number(&self) -> u64 {
        self.next
    }

    #[must_use]
    pub fn len(&self) -> usize {
        self.len
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// How many findings have this severity.
    #[must_use]
    pub fn count(&self, severity: Severity) -> usize {
        self.severities[severity_slot(severity)]
    }

    /// How many sorted runs went to the temporary file.
    #[must_use]
    pub fn runs(&self) -> usize {
        self.spill.as_ref().map_or(0, |s| s.runs.len())
    }

    /// Why findings could not be written to a temporary file (they were
    /// kept in memory instead), if that happened.
    #[must_use]
    pub fn spill_error(&self) -> Option<&io::Error> {
        self.spill_error.as_ref()
    }

    /// Put the findings in memory in output order, so that iterating need
    /// not sort them each time.
    pub fn seal(&mut self) {
        if !self.sorted {
            // Push numbers are distinct, so `order` is total and an
            // unstable sort (which needs no buffer) gives the same order.
            self.mem.sort_unstable_by(order);
            self.sorted = true;
        }
    }

    /// Every finding in output order. Callable any number of times; findings
    /// in memory are lent, spilled ones read back. A failure to read ends
    /// the iteration early and is kept for [`Findings::finish`].
    #[must_use]
    pub fn iter(&self) -> Iter<'_> {
        Iter {
            inner: self.numbered(),
        }
    }

    /// Every finding, in output order, in memory: for tests and small runs.
    #[must_use]
    pub fn to_vec(&self) -> Vec<Diagnostic> {
        self.iter().map(Cow::into_owned).collect()
    }

    /// The error that ended an iteration early, if one did. Callers that
    /// iterated call this before trusting what they wrote.
    ///
    /// # Errors
    /// The first failure to read the temporary file back.
    pub fn finish(&self) -> io::Result<()> {
        match self.read_error.lock() {
            Ok(mut slot) => slot.take().map_or(Ok(()), Err),
            Err(_) => Err(io::Error::other("findings store lock poisoned")),
        }
    }

    /// Keep only the findings `keep` accepts, offered in output order.
    /// Returns how many were left out.
    pub fn retain(&mut self, mut keep: impl FnMut(&Diagnostic) -> bool) -> usize {
        let before = self.len;
        self.rewrite(|_, d| keep(&d).then_some(d));
        before - self.len
    }

    /// Replace or drop each finding, offered in output order with its push
    /// number; the result is sorted again (a change may move a finding).
    /// When the temporary file cannot be read back the store is left as it
    /// was and the error kept for [`Findings::finish`].
    pub fn rewrite(&mut self, mut f: impl FnMut(u64, Diagnostic) -> Option<Diagnostic>) {
        if self.spill.is_none() {
            self.seal();
            let mem = std::mem::take(&mut self.mem);
            self.len = 0;
            self.severities = [0; 3];
            for (seq, d) in mem {
                if let Some(d) = f(seq, d) {
                    self.len += 1;
                    self.severities[severity_slot(d.severity)] += 1;
                    self.mem.push((seq, d));
                }
            }
            self.sorted = false;
            self.seal();
            return;
        }
        let mut out = Findings::with_bound(self.bound);
        out.helps = self.helps.clone();
        out.next = self.next;
        for (seq, d) in self.numbered() {
            if let Some(d) = f(seq, d.into_owned()) {
                out.push_numbered(seq, d);
            }
        }
        if let Err(e) = self.finish() {
            self.keep_error(e);
            return;
        }
        out.seal();
        *self = out;
    }

    fn keep_error(&self, e: io::Error) {
        if let Ok(mut slot) = self.read_error.lock() {
            slot.get_or_insert(e);
        }
    }

    /// The merge of the runs and the in-memory tail, with push numbers.
    fn numbered(&self) -> Numbered<'_> {
        let mut tail: Vec<&(u64, Diagnostic)> = self.mem.iter().collect();
        if !self.sorted {
            tail.sort_by(|a, b| order(a, b));
        }
        let runs = self.spill.as_ref().map_or(&[][..], |s| &s.runs[..]);
        let mut sources = Vec::with_capacity(runs.len() + 1);
        if let Some(spill) = &self.spill {
            let capacity = (MERGE_BUFFER / runs.len().max(1)).clamp(4 << 10, 256 << 10);
            for &(start, end) in runs {
                sources.push(Source::Run(BufReader::with_capacity(
                    capacity,
                    RunReader {
                        file: &spill.file,
                        pos: start,
                        end,
                    },
                )));
            }
        }
        sources.push(Source::Mem(tail.into_iter()));
        let mut it = Numbered {
            store: self,
            sources,
            heap: BinaryHeap::new(),
            line: Vec::new(),
            failed: false,
        };
        for i in 0..it.sources.len() {
            if let Some(head) = it.pull(i) {
                it.heap.push(head);
            }
        }
        it
    }

    /// Sort the findings in memory and write them out as one run. On
    /// failure they stay in memory, and so do all later ones.
    fn spill_mem(&mut self) {
        self.seal();
        match self.write_run() {
            Ok(run) => {
                if let Some(s) = self.spill.as_mut() {
                    s.end = run.1;
                    s.runs.push(run);
                }
                self.mem.clear();
                self.mem.shrink_to(self.bound);
            }
            Err(e) => {
                self.spill_error = Some(io::Error::new(
                    e.kind(),
                    format!(
                        "无法写入临时文件（{}），发现项留在内存中 / could not write findings to a temporary file in {}, keeping them in memory: {e}",
                        std::env::temp_dir().display(),
                        std::env::temp_dir().display()
                    ),
                ));
            }
        }
    }

    fn write_run(&mut self) -> io::Result<(u64, u64)> {
        if self.spill.is_none() {
            self.spill = Some(Spill {
                file: Mutex::new(tempfile::tempfile()?),
                end: 0,
                runs: Vec::new(),
            });
        }
        let Some(spill) = self.spill.as_ref() else {
            return Err(io::Error::other("no temporary file"));
        };
        let mut file = spill
            .file
            .lock()
            .map_err(|_| io::Error::other("findings store lock poisoned"))?;
        let start = spill.end;
        file.seek(SeekFrom::Start(start))?;
        let mut w = BufWriter::with_capacity(64 << 10, &mut *file);
        for (seq, d) in &self.mem {
            let shared = match (&d.help, self.helps.get(&d.rule)) {
                (Some(h), Some(first)) => **h == **first,
                _ => false,
            };
            serde_json::to_writer(&mut w, &Spilled::of(*seq, d, shared))?;
            w.write_all(b"\n")?;
        }
        w.flush()?;
        drop(w);
        let end = file.stream_position()?;
        Ok((start, end))
    }
}

impl From<Vec<Diagnostic>> for Findings {
    /// Findings in memory (however many), in output order.
    fn from(diags: Vec<Diagnostic>) -> Self {
        let mut f = Findings::with_bound(usize::MAX);
        f.extend(diags);
        f.seal();
        f
    }
}

impl FromIterator<Diagnostic> for Findings {
    fn from_iter<I: IntoIterator<Item = Diagnostic>>(iter: I) -> Self {
        Findings::from(iter.into_iter().collect::<Vec<_>>())
    }
}

impl Extend<Diagnostic> for Findings {
    fn extend<I: IntoIterator<Item = Diagnostic>>(&mut self, iter: I) {
        for d in iter {
            self.push(d);
        }
    }
}

/// A JSON array of the findings in output order, written as they are read.
impl Serialize for Findings {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl<'a> IntoIterator for &'a Findings {
    type Item = Cow<'a, Diagnostic>;
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

impl IntoIterator for Findings {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;

    /// Every finding in memory at once: for tests and small runs.
    fn into_iter(self) -> Self::IntoIter {
        self.to_vec().into_iter()
    }
}

fn severity_slot(s: Severity) -> usize {
    match s {
        Severity::Info => 0,
        Severity::Warning => 1,
        Severity::Error => 2,
    }
}

/// Output order: the sort key, then the push number.
fn order(a: &(u64, Diagnostic), b: &(u64, Diagnostic)) -> Ordering {
    a.1.sort_key()
        .cmp(&b.1.sort_key())
        .then_with(|| a.0.cmp(&b.0))
}

/// The findings in output order; see [`Findings::iter`].
pub struct Iter<'a> {
    inner: Numbered<'a>,
}

impl<'a> Iterator for Iter<'a> {
    type Item = Cow<'a, Diagnostic>;

    fn next(&mut self) -> Option<Self::Item> {
        self.inner.next().map(|(_, d)| d)
    }
}

enum Source<'a> {
    Run(BufReader<RunReader<'a>>),
    Mem(std::vec::IntoIter<&'a (u64, Diagnostic)>),
}

/// The next finding of one source, ordered so that the heap's top is the
/// smallest.
struct Head<'a> {
    seq: u64,
    d: Cow<'a, Diagnostic>,
    source: usize,
}

impl Ord for Head<'_> {
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .d
            .sort_key()
            .cmp(&self.d.sort_key())
            .then_with(|| other.seq.cmp(&self.seq))
    }
}

impl PartialOrd for Head<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Head<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Head<'_> {}

/// K-way merge of the sources by (sort key, push number).
struct Numbered<'a> {
    store: &'a Findings,
    sources: Vec<Source<'a>>,
    heap: BinaryHeap<Head<'a>>,
    line: Vec<u8>,
    failed: bool,
}

impl<'a> Numbered<'a> {
    fn pull(&mut self, i: usize) -> Option<Head<'a>> {
        if self.failed {
            return None;
        }
        match &mut self.sources[i] {
            Source::Mem(it) => it.next().map(|(seq, d)| Head {
                seq: *seq,
                d: Cow::Borrowed(d),
                source: i,
            }),
            Source::Run(r) => {
                self.line.clear();
                let read = r.read_until(b'\n', &mut self.line).and_then(|n| {
                    if n == 0 {
                        return Ok(None);
                    }
                    let s: Spilled = serde_json::from_slice(&self.line)?;
                    Ok(Some(s))
                });
                match read {
                    Ok(Some(s)) => {
                        let (seq, d) = s.restore(&self.store.helps);
                        Some(Head {
                            seq,
                            d: Cow::Owned(d),
                            source: i,
                        })
                    }
                    Ok(None) => None,
                    Err(e) => {
                        self.failed = true;
                        self.heap.clear();
                        self.store.keep_error(io::Error::new(
                            e.kind(),
                            format!(
                                "无法读回临时文件中的发现项 / could not read back the findings written to a temporary file in {}: {e}",
                                std::env::temp_dir().display()
                            ),
                        ));
                        None
                    }
                }
            }
        }
    }
}

impl<'a> Iterator for Numbered<'a> {
    type Item = (u64, Cow<'a, Diagnostic>);

    fn next(&mut self) -> Option<Self::Item> {
        let head = self.heap.pop()?;
        if let Some(next) = self.pull(head.source) {
            self.heap.push(next);
        }
        if self.failed {
            return None;
        }
        Some((head.seq, head.d))
    }
}

/// One run's bytes of the shared temporary file. Each read seeks first, so
/// any number of runs read the one file in turn.
struct RunReader<'a> {
    file: &'a Mutex<File>,
    pos: u64,
    end: u64,
}

impl Read for RunReader<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let left = usize::try_from(self.end - self.pos).unwrap_or(usize::MAX);
        let want = buf.len().min(left);
        if want == 0 {
            return Ok(0);
        }
        let mut file = self
            .file
            .lock()
            .map_err(|_| io::Error::other("findings store lock poisoned"))?;
        file.seek(SeekFrom::Start(self.pos))?;
        let n = file.read(&mut buf[..want])?;
        if n == 0 {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        self.pos += n as u64;
        Ok(n)
    }
}

/// A finding as written to the temporary file: every field, including the
/// ones JSON output leaves out, and the help text only when it is not the
/// rule's shared one.
#[derive(Serialize, Deserialize)]
struct Spilled<'a> {
    seq: u64,
    #[serde(borrow)]
    rule: Cow<'a, str>,
    #[serde(borrow)]
    name: Cow<'a, str>,
    severity: Severity,
    #[serde(borrow)]
    message: Cow<'a, str>,
    /// The help is the rule's shared text.
    shared_help: bool,
    #[serde(borrow)]
    help: Option<Cow<'a, str>>,
    #[serde(borrow)]
    ticket_id: Option<Cow<'a, str>>,
    #[serde(borrow)]
    unit: Option<Cow<'a, str>>,
    #[serde(borrow)]
    field: Option<Cow<'a, str>>,
    #[serde(borrow)]
    column: Option<Cow<'a, str>>,
    #[serde(borrow)]
    file: Cow<'a, str>,
    #[serde(borrow)]
    sheet: Option<Cow<'a, str>>,
    row: Option<u64>,
    #[serde(borrow)]
    cell: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pointer: Option<Cow<'a, str>>,
    span: Option<Span>,
    #[serde(borrow)]
    excerpt: Option<Cow<'a, str>>,
    #[serde(borrow)]
    suggestion: Option<Cow<'a, str>>,
    excerpt_offset: usize,
    column_index: Option<usize>,
}

fn lend(s: &Option<String>) -> Option<Cow<'_, str>> {
    s.as_deref().map(Cow::Borrowed)
}

fn own(s: Option<Cow<'_, str>>) -> Option<String> {
    s.map(Cow::into_owned)
}

impl<'a> Spilled<'a> {
    fn of(seq: u64, d: &'a Diagnostic, shared_help: bool) -> Self {
        Spilled {
            seq,
            rule: Cow::Borrowed(&d.rule),
            name: Cow::Borrowed(&d.name),
            severity: d.severity,
            message: Cow::Borrowed(&d.message),
            shared_help,
            help: if shared_help {
                None
            } else {
                d.help.as_deref().map(Cow::Borrowed)
            },
            ticket_id: lend(&d.ticket_id),
            unit: lend(&d.unit),
            field: lend(&d.field),
            column: lend(&d.column),
            file: Cow::Borrowed(&d.file),
            sheet: lend(&d.sheet),
            row: d.row,
            cell: lend(&d.cell),
            pointer: lend(&d.pointer),
            span: d.span,
            excerpt: lend(&d.excerpt),
            suggestion: lend(&d.suggestion),
            excerpt_offset: d.excerpt_offset,
            column_index: d.column_index,
        }
    }

    fn restore(self, helps: &HashMap<String, Arc<str>>) -> (u64, Diagnostic) {
        let help = if self.shared_help {
            helps.get(self.rule.as_ref()).cloned()
        } else {
            self.help.map(|h| Arc::from(h.as_ref()))
        };
        (
            self.seq,
            Diagnostic {
                rule: self.rule.into_owned(),
                name: self.name.into_owned(),
                severity: self.severity,
                message: self.message.into_owned(),
                help,
                ticket_id: own(self.ticket_id),
                unit: own(self.unit),
                field: own(self.field),
                column: own(self.column),
                file: self.file.into_owned(),
                sheet: own(self.sheet),
                row: self.row,
                cell: own(self.cell),
                pointer: own(self.pointer),
                span: self.span,
                excerpt: own(self.excerpt),
                suggestion: own(self.suggestion),
                excerpt_offset: self.excerpt_offset,
                column_index: self.column_index,
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic;
    use crate::report::testdata::cell_diagnostic;

    /// Findings in a scrambled order, with ties in the sort key that differ
    /// elsewhere, shared and own help texts, and the unserialised fields set.
    fn scrambled(n: u64) -> Vec<Diagnostic> {
        (0..n)
            .map(|i| {
                let mut d = cell_diagnostic("此处不属于我公司责任范围", "不属于", (i % 3) as usize);
                let k = (i * 7919) % n;
                d.file = format!("f{}.csv", k % 3);
                d.row = Some(k / 4);
                d.column_index = (k % 5 != 0).then_some((k % 4) as usize);
                d.ticket_id = Some(format!("T{i}"));
                d.severity = if i % 2 == 0 {
                    Severity::Error
                } else {
                    Severity::Warning
                };
                if i % 5 == 0 {
                    d.help = Some(format!("第 {i} 条的帮助").into());
                }
                if i % 11 == 0 {
                    d.help = None;
                    d.rule = "GD501".into();
                }
                d
            })
            .collect()
    }

    fn sorted(mut v: Vec<Diagnostic>) -> Vec<Diagnostic> {
        diagnostic::sort(&mut v);
        v
    }

    #[test]
    fn spilled_runs_merge_into_the_sorted_order() {
        let diags = scrambled(200);
        let mut store = Findings::with_bound(3);
        store.extend(diags.clone());
        assert!(store.runs() > 10, "{store:?}");
        assert_eq!(store.len(), 200);
        assert_eq!(store.count(Severity::Error), 100);
        let want = sorted(diags);
        assert_eq!(store.to_vec(), want);
        // Again, without sealing the tail first, and after it.
        assert_eq!(store.to_vec(), want);
        store.seal();
        assert_eq!(store.to_vec(), want);
        store.finish().unwrap();
        // Help texts read back share the rule's one copy.
        let helps: Vec<Arc<str>> = store
            .iter()
            .filter(|d| d.rule == "GD401")
            .filter_map(|d| d.help.clone())
            .collect();
        let shared = helps.iter().filter(|h| Arc::ptr_eq(h, &helps[0])).count();
        assert!(shared > 100, "{shared}");
    }

    #[test]
    fn a_small_run_stays_in_memory() {
        let diags = scrambled(50);
        let store: Findings = diags.clone().into_iter().collect();
        assert_eq!(store.runs(), 0);
        assert_eq!(store.to_vec(), sorted(diags.clone()));
        let mut pushed = Findings::with_bound(DEFAULT_BOUND);
        pushed.extend(diags.clone());
        assert_eq!(pushed.runs(), 0);
        assert_eq!(pushed.to_vec(), sorted(diags));
    }

    #[test]
    fn retain_and_rewrite_work_on_spilled_findings() {
        let diags = scrambled(100);
        for bound in [4, DEFAULT_BOUND] {
            let mut store = Findings::with_bound(bound);
            store.extend(diags.clone());
            let mut seen = 0;
            let removed = store.retain(|d| {
                seen += 1;
                !(d.severity == Severity::Warning && seen % 3 == 0)
            });
            let mut want = sorted(diags.clone());
            let mut seen = 0;
            want.retain(|d| {
                seen += 1;
                !(d.severity == Severity::Warning && seen % 3 == 0)
            });
            assert_eq!(removed, 100 - want.len());
            assert_eq!(store.len(), want.len());
            assert_eq!(store.to_vec(), want);

            // A rewrite that moves findings is sorted again.
            store.rewrite(|_, mut d| {
                d.file = format!("z{}", d.file);
                d.row = d.row.map(|r| 1000 - r);
                Some(d)
            });
            let want = sorted(
                want.into_iter()
                    .map(|mut d| {
                        d.file = format!("z{}", d.file);
                        d.row = d.row.map(|r| 1000 - r);
                        d
                    })
                    .collect(),
            );
            assert_eq!(store.to_vec(), want);
            store.finish().unwrap();
        }
    }

    #[test]
    fn ties_keep_the_push_order() {
        // Equal sort keys, told apart only by what the key leaves out.
        let diags: Vec<Diagnostic> = (0..20)
            .map(|i| {
                let mut d = cell_diagnostic("不属于", "不属于", 0);
                d.suggestion = Some(format!("{i}"));
                d
            })
            .rev()
            .collect();
        let mut store = Findings::with_bound(3);
        store.extend(diags.clone());
        assert_eq!(store.to_vec(), diags);
    }

    #[test]
    fn json_is_the_array_of_findings() {
        let diags = scrambled(30);
        let mut store = Findings::with_bound(4);
        store.extend(diags.clone());
        assert_eq!(
            serde_json::to_string(&store).unwrap(),
            serde_json::to_string(&sorted(diags)).unwrap()
        );
        assert_eq!(serde_json::to_string(&Findings::default()).unwrap(), "[]");
    }
}
