//! Between input and checks: the analysis of free Chinese text that the
//! text rules share. A cell is segmented once (jieba's lexicon with parts of
//! speech, plus the domain words of `rules/data/language.toml`), cut into
//! clauses, and each word gets the *mood* of its clause at that point:
//! done (after a perfective marker or with a result complement),
//! pending (after a promise or a progressive marker), irrealis (a request,
//! an obligation, a condition) or negated. From that come
//!
//! - **events**: each verb with its status: a completed action is a verb
//!   in perfective scope or with a result complement (`已在路口增设…`,
//!   `疏通了下水道`, `清理完毕`), whatever the verb;
//! - **units**: organisation noun phrases (a word tagged `nt`, or a noun
//!   phrase whose head is an organisation noun), each marked specific or
//!   generic (`相关部门`) and the writer's own or another's.
//!
//! Phrase classes (`checks::phrases`) use both: a class can require that a
//! match stands outside negated and pending scope, count completed actions
//! as evidence, and write `{unit}` in a pattern for "a specific named unit".

mod lexicon;

use std::sync::OnceLock;

use jieba_rs::Jieba;

pub use lexicon::{Class, Lexicon, Suffixes};

/// The mood of a word: what its clause says about it at that point.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mood {
    /// Plain narration: neither marked done nor undone.
    Plain,
    /// After a perfective marker (已, 已经, 曾).
    Done,
    /// After a light verb done (已安排…, 已要求…): what was set up.
    Directed,
    /// After a promise or progressive marker (将, 正在, 待…后, 尽快).
    Pending,
    /// After a request, obligation or condition (请, 需, 如).
    Irrealis,
    /// After a negator (未, 没有, 无法).
    Negated,
}

impl Mood {
    /// Whether a match in this mood asserts that something is so.
    #[must_use]
    pub fn asserted(self) -> bool {
        matches!(self, Mood::Plain | Mood::Done)
    }
}

/// What kind of verb an event's verb is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VerbGroup {
    /// An action with a result of its own (修复, 增设, 找到, 退还).
    Substantive,
    /// Arranging, directing, receiving, checking (安排, 受理, 核实).
    Light,
    /// Telling the citizen (告知, 解释, 答复).
    Telling,
}

/// A verb and what its clause says about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    /// Byte range of the verb in the text.
    pub start: usize,
    pub end: usize,
    pub group: VerbGroup,
    /// Done: perfective scope or a result complement, not negated or
    /// pending.
    pub done: bool,
    pub mood: Mood,
    /// Its sentence names, before it, when or by whom (a date or time word,
    /// a unit, a person's role): plain narration there reports an action.
    pub anchored: bool,
    /// It follows a verb of telling in its clause: what the citizen was
    /// told (已告知反映人拨打供水服务电话), not what the writer did.
    pub told: bool,
    /// Tells a step of handling: not a word of the lexicon's
    /// `no_handling` (办结, 办理完毕, 反映, 经…), which say that the ticket was
    /// dealt with, or what the citizen did, but not how.
    pub handling: bool,
}

impl Event {
    /// Done, or narrated plainly after a date, a unit or a person (a
    /// substantive verb outside negation, promise, request and what a
    /// directive verb set up: `3月2日维修工上门更换表前阀`).
    #[must_use]
    pub fn reported(&self) -> bool {
        self.group == VerbGroup::Substantive
            && (self.done || self.mood == Mood::Plain && self.anchored)
    }
}

/// An organisation noun phrase.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unit {
    pub start: usize,
    pub end: usize,
    /// Names a unit in particular (`市市场监督管理局`, `派出所`), not
    /// `相关部门` or a bare `单位`.
    pub specific: bool,
    /// The writer's own unit (`我局`, `本单位`).
    pub own: bool,
    /// Named only by what it does (`维保单位`, `市场监管部门`): a unit
    /// that can act or be turned to, but no particular one to send a
    /// ticket to.
    pub role: bool,
}

/// A word of the text.
#[derive(Clone, Debug)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    /// jieba's part-of-speech tag (`v`, `n`, `nt`, …).
    pub pos: &'static str,
    pub mood: Mood,
    /// The mood after the word: differs from `mood` for a marker.
    pub after: Mood,
    /// Index of the clause the word belongs to.
    pub clause: usize,
}

/// One text, analysed.
#[derive(Clone, Debug, Default)]
pub struct Analysis {
    pub tokens: Vec<Token>,
    /// Byte ranges of the clauses.
    pub clauses: Vec<(usize, usize)>,
    pub events: Vec<Event>,
    pub units: Vec<Unit>,
    /// Byte ranges of place names (a word tagged `ns`, or a noun phrase
    /// ending in a place noun: 渤海路与黄河路口, 某菜市场北门, 3号楼).
    pub places: Vec<(usize, usize)>,
    /// Byte ranges of the verbs a deferral waits on (待整改完成后再回复:
    /// 整改): whatever the text said of them before, they are not done yet.
    pub awaited: Vec<(usize, usize)>,
    /// The shadow text and its map, made on first use (several classes of
    /// several rules read it).
    shadowed: std::sync::OnceLock<(String, Vec<(usize, usize)>)>,
    /// The same with the units named only by a role left as they are.
    shadowed_named: std::sync::OnceLock<(String, Vec<(usize, usize)>)>,
}

fn jieba() -> &'static Jieba {
    static JIEBA: OnceLock<Jieba> = OnceLock::new();
    JIEBA.get_or_init(|| {
        let mut j = Jieba::new();
        for (word, pos) in &Lexicon::get().user_words {
            // High enough to win over the segmentation jieba would choose
            // (向来|电人 → 向|来电人).
            let freq = j.suggest_freq(word).max(20_000);
            j.add_word(word, Some(freq), Some(pos));
        }
        for word in Lexicon::get().split_words.iter() {
            j.add_word(word, Some(1), None);
        }
        // The user words pushed the word table past the room jieba reserved
        // for its dictionary, which doubled it (~8 MB unused for the run);
        // a clone holds the same dictionary with vectors of exact size.
        j.clone()
    })
}

/// The byte length of a two-character function word the HMM glued to the
/// start of `word` (应由|维保), if `word` starts with one of `glue_prefixes`.
fn glue_prefix(word: &str, lex: &Lexicon) -> Option<usize> {
    let (k, _) = word.char_indices().nth(2)?;
    lex.glue_prefixes.contains(&word[..k]).then_some(k)
}

/// jieba's HMM joins characters it does not know into new words, and often
/// glues a function word to its neighbour (商贸流通科于|9月, 物业监管科已|与,
/// 9月5日到|该商场). A word the HMM made (not in the dictionary) that starts
/// or ends with one of `glue_chars`, or starts with one of `glue_prefixes`
/// (应由|维保), is cut again by the dictionary alone.
fn split_glued<'a>(
    tags: Vec<jieba_rs::Tag<'a>>,
    text: &'a str,
    lex: &Lexicon,
) -> Vec<jieba_rs::Tag<'a>> {
    let glued = |t: &jieba_rs::Tag<'_>| {
        let mut cs = t.word.chars();
        let (Some(first), Some(last)) = (cs.next(), cs.next_back()) else {
            return false;
        };
        (lex.is_glue(first) || lex.is_glue(last) || glue_prefix(t.word, lex).is_some())
            && !jieba().has_word(t.word)
            || lex.split_words.contains(t.word)
    };
    let Some(first) = tags.iter().position(glued) else {
        return tags;
    };
    let mut out = Vec::with_capacity(tags.len() + 4);
    for (k, t) in tags.into_iter().enumerate() {
        if k < first || k > first && !glued(&t) {
            out.push(t);
            continue;
        }
        let sub = &text[t.byte_start..t.byte_end];
        // A function word glued before an unknown word (应由|维保): the
        // function word by the dictionary, the rest kept whole as the
        // unknown word (a noun) it is.
        let rest = glue_prefix(sub, lex)
            .filter(|&k| sub[k..].chars().count() >= 2 && !jieba().has_word(t.word));
        let head = rest.map_or(sub, |k| &sub[..k]);
        for s in jieba().tag(head, false) {
            out.push(jieba_rs::Tag {
                word: s.word,
                tag: s.tag,
                start: t.start + s.start,
                end: t.start + s.end,
                byte_start: t.byte_start + s.byte_start,
                byte_end: t.byte_start + s.byte_end,
            });
        }
        if let Some(k) = rest {
            let chars = sub[..k].chars().count();
            out.push(jieba_rs::Tag {
                word: &sub[k..],
                tag: "n",
                start: t.start + chars,
                end: t.end,
                byte_start: t.byte_start + k,
                byte_end: t.byte_end,
            });
        }
    }
    out
}

impl Analysis {
    /// Analyse one text.
    #[must_use]
    pub fn of(text: &str) -> Analysis {
        let lex = Lexicon::get();
        let mut a = Analysis::default();
        if text.trim().is_empty() {
            return a;
        }
        let mut tags = split_glued(jieba().tag(text, true), text, lex);
        // Each word's classes, asked once (see `Class`).
        let mut cls: Vec<Class> = tags.iter().map(|t| lex.class(t.word)).collect();
        // Chinese puts no space between words, so a space between two hanzi
        // parts a terse record's clauses as a comma would (未发现价格违法
        // 当日电话回复来电人: the negation ends at the space).
        let han = |c: Option<char>| c.is_some_and(|c| matches!(c, '\u{3400}'..='\u{9fff}'));
        for i in 1..tags.len().saturating_sub(1) {
            let w = tags[i].word;
            if !w.is_empty()
                && w.chars().all(|c| c == ' ' || c == '\u{3000}' || c == '\t')
                && han(tags[i - 1].word.chars().last())
                && han(tags[i + 1].word.chars().next())
            {
                cls[i] = cls[i].with(Class::CLAUSE_BREAK).with(Class::SOFT_BREAK);
            }
        }
        for (t, c) in tags.iter_mut().zip(&cls) {
            if c.has(Class::NOUN_WORD) {
                t.tag = "n";
            }
        }
        let class_at = |k: usize| cls.get(k).copied().unwrap_or_default();
        a.units = units(&tags, &cls, lex);
        a.places = places(&tags, &cls, lex);
        a.awaited = awaited_acts(&tags, lex);
        let in_unit = |at: usize| a.units.iter().any(|u| u.start <= at && at < u.end);
        // What the rest of each word's clause holds after it, worked out in
        // one pass from the end: a verb of consequence (the words before it
        // tell a cause), a dummy verb (what 对 took up before it is dealt
        // with).
        let mut later = vec![(false, false); tags.len()];
        let (mut consequence, mut dummy) = (false, false);
        for k in (0..tags.len()).rev() {
            later[k] = (consequence, dummy);
            let ck = cls[k];
            if ck.is_break() {
                (consequence, dummy) = (false, false);
            } else {
                consequence |= ck.has(Class::CONSEQUENCE_VERB);
                dummy |= ck.has(Class::DUMMY_VERB);
            }
        }
        let mut clause_start = 0usize;
        let mut mood = Mood::Plain;
        let mut clause = 0usize;
        let mut at_clause_start = true;
        let mut prev_final = Mood::Plain;
        // Whether the break before this clause was inside a sentence (，).
        let mut prev_soft = false;
        let mut in_title = false;
        // Inside quotation marks, up to their close or the sentence's end.
        let mut in_quote = false;
        // A promise reaches over the commas of its sentence
        // (下一步将加大巡查力度，发现一起查处一起); a mood carried so is
        // weaker than one set in the clause: a result complement or a date
        // at the clause's start overrides it.
        let mut carried = false;
        // The mood carried is that of a condition awaited (待资金到位后，
        // 立即组织施工): what follows it happens once the condition is met, so
        // an adverb of immediacy (立即, 及时) does not make it a report.
        let mut awaiting = false;
        let mut anchored = false;
        // A verb of telling was done in this clause: what follows is what
        // was told.
        let mut telling = false;
        // After a verb of attitude (高度重视, 关注), until the clause ends:
        // the verbs that follow are what is attended to (均高度重视项目推进).
        let mut attending = false;
        // After a verb of saying (表示, 称), until the clause ends: what
        // follows is what someone said (店主表示配合): anchored by nothing
        // before it, and 立即/马上 there promise (商户表示立即整改).
        let mut saying = false;
        // The clause before was a bare acknowledgement (收到，马上安排人处理):
        // an adverb of immediacy here promises, it does not narrate.
        let mut acknowledged = false;
        // Words of the current clause (perfective markers aside), and whether
        // the only one so far is an acknowledgement.
        let mut clause_words = 0usize;
        let mut clause_ack = false;
        // An act told plainly earlier in the clause, with no 后 since: a 将
        // after it marks the object (到现场将死鸭打捞并做无害化处理).
        let mut prior_act = false;
        // After a causal marker (因, 由于), until the clause ends: the verbs
        // tell the cause, not what was done (因前期雨水较多进度滞后).
        let mut causal = false;
        // After a topic marker (关于), up to a topic head (问题) or the
        // clause's end: the words name the matter (关于夜间施工扰民问题).
        let mut topic = false;
        // The words before this index are the object of a verb of finding
        // out (查看了来电反映的停泊位置): what was looked into, no actions.
        let mut object_end = 0usize;
        // A dummy verb's 了 completes the verb it carries (进行了修剪).
        let mut dummy_done = false;
        // After an object marker (已将…), until the clause ends.
        let mut ba_object = false;
        // The mood a negator replaced: a negation inside a relative clause
        // ends at its 的 (不能登记的规定，并告知… tells).
        let mut before_negation: Option<Mood> = None;
        // The clause opened with a word of purpose (为, 为了).
        let mut purpose = false;
        let in_place_or_unit = |at: usize| {
            a.units
                .iter()
                .any(|u| (u.specific || u.own) && u.start <= at && at < u.end)
        };
        for (i, t) in tags.iter().enumerate() {
            let w = t.word;
            let c = cls[i];
            if c.is_break() {
                if t.byte_start > clause_start {
                    a.clauses.push((clause_start, t.byte_start));
                    clause += 1;
                }
                clause_start = t.byte_end;
                prev_final = mood;
                prev_soft = c.has(Class::SOFT_BREAK);
                acknowledged = clause_ack && clause_words == 1;
                prior_act = false;
                clause_words = 0;
                clause_ack = false;
                telling = false;
                attending = false;
                saying = false;
                causal = false;
                topic = false;
                dummy_done = false;
                ba_object = false;
                before_negation = None;
                let soft = c.has(Class::SOFT_BREAK);
                if !soft {
                    anchored = false;
                    in_quote = false;
                }
                // A clause of purpose (为尽快查清，我局于3月20日调取了…) aims
                // at what the next clause does: its 尽快 promises nothing
                // over the comma.
                let from_purpose = std::mem::take(&mut purpose);
                if soft && mood == Mood::Pending && !from_purpose {
                    carried = true;
                    awaiting = i > 0
                        && tags
                            .get(i - 1)
                            .is_some_and(|p| matches!(p.word, "后" | "以后" | "之后"));
                } else {
                    mood = Mood::Plain;
                    carried = false;
                    awaiting = false;
                }
                at_clause_start = true;
                continue;
            }
            if w.chars().all(char::is_whitespace) {
                continue;
            }
            // …at the clause's start, conjunctions aside (但为尽快查清).
            if lex.purpose_openers.contains(w)
                && tags[..i]
                    .iter()
                    .rev()
                    .take_while(|p| p.byte_start >= clause_start)
                    .all(|p| p.tag == "c" || p.word.trim().is_empty())
            {
                purpose = true;
            }
            // After a colon what was told comes (现回复如下：公交公司将…): an
            // act before it is no act whose object a 将 after it marks.
            if matches!(w, "后" | "以后" | "之后") || c.has(Class::LABEL_MARK) {
                prior_act = false;
            }
            if !c.has(Class::PERFECTIVE) {
                clause_words += 1;
                clause_ack = clause_words == 1 && lex.acknowledgements.contains(w);
            }
            if w == "的" && mood == Mood::Negated {
                if let Some(m) = before_negation.take() {
                    mood = m;
                }
            }
            // Titles of documents (《…通知》) are names, not actions.
            match w {
                "《" => in_title = true,
                "》" => in_title = false,
                // …and a quoted name or title of the matter (就“被AI换脸视频
                // 敲诈”一事, “降糖茶”): no act of the writer's in it.
                "“" | "「" | "『" => in_quote = true,
                "”" | "」" | "』" => in_quote = false,
                _ => {}
            }
            let next = tags.get(i + 1);
            if at_clause_start {
                at_clause_start = false;
                if c.has(Class::CONTINUER) {
                    // A continuer carries the clause before's mood, but not a
                    // possibility over a full stop (…可正常查询。随后工作人员
                    // 电话告知刘先生), nor what a directive set up into a clause
                    // dated of its own (要求站主调整海报，并于当日电话回复张先生:
                    // the unit's own act that day).
                    let mut k = i + 1;
                    if tags.get(k).is_some_and(|n| n.word == "于") {
                        k += 1;
                    }
                    let dated = tags.get(k).is_some_and(|n| {
                        n.tag == "t" || is_date(n.word, tags.get(k + 1).map(|m| m.word))
                    });
                    mood = match prev_final {
                        Mood::Irrealis if !prev_soft => Mood::Plain,
                        Mood::Directed if dated => Mood::Plain,
                        m => m,
                    };
                    carried = false;
                } else if carried
                    && (t.tag == "t"
                        || is_date(w, next.map(|n| n.word))
                        || c.has(Class::CITIZEN)
                        || is_titled_name(w, lex)
                        // A request opens a speech act of its own (正在走流程，
                        // 请耐心等待): the promise carried does not cover it.
                        || lex.request_openers.contains(w))
                {
                    // A date, or the citizen as the subject (…电话告知来电人，
                    // 来电人表示知晓): the clause tells its own story.
                    mood = Mood::Plain;
                    carried = false;
                }
            }
            let pos: &'static str = static_pos(t.tag);
            // jieba sometimes joins the perfective marker to its verb (已转,
            // 已交): read it as the marker, then the verb.
            let (w, c) = match w.strip_prefix('已') {
                Some(rest) if !rest.is_empty() && !c.is_marker() => {
                    if mood != Mood::Negated {
                        mood = Mood::Done;
                        carried = false;
                    }
                    (rest, lex.class(rest))
                }
                _ => (w, c),
            };
            // A date or unit inside a topic (关于3月5日…问题) anchors nothing.
            if !topic
                && (t.tag == "t"
                    || is_date(w, next.map(|n| n.word))
                    || in_place_or_unit(t.byte_start)
                    || c.has(Class::AGENT_END))
            {
                anchored = true;
            }
            // Markers change the mood of what follows them; the marker itself
            // keeps the mood before it (a match that starts at 不 or 已 is
            // judged by what came before).
            let mut before = mood;
            let mut is_marker = true;
            let mut adverb = false;
            // An abbreviation jieba glued to a marker before it (待维保 as
            // one word): the marker still sets the mood for what follows.
            let glued = |m: &str| pos == "j" && w.chars().count() > 1 && w.starts_with(m);
            if glued("待") || glued("将") {
                mood = Mood::Pending;
                is_marker = false;
            } else if glued("需") || glued("须") {
                mood = Mood::Irrealis;
                is_marker = false;
            } else if c.has(Class::NEGATOR) {
                // Chinese negates before the object marker (没有把…告知), so a
                // negator after one is inside the object (已将不予贷款决定
                // 告知申请人): it does not negate the verb.
                if !ba_object {
                    if mood != Mood::Negated {
                        before_negation = Some(mood);
                    }
                    mood = Mood::Negated;
                }
            } else if c.has(Class::PERFECTIVE) {
                mood = Mood::Done;
            } else if c.has(Class::NARRATIVE) {
                if acknowledged && mood == Mood::Plain {
                    // After a bare 收到 the adverb itself promises: a match
                    // that starts at it (马上安排人处理) asserts nothing.
                    mood = Mood::Pending;
                    before = Mood::Pending;
                } else if saying && mood == Mood::Plain {
                    mood = Mood::Pending;
                } else if mood == Mood::Plain || carried && !awaiting {
                    mood = Mood::Done;
                }
            } else if c.has(Class::PROSPECTIVE)
                && t.tag.starts_with('n')
                && !next.is_some_and(|n| {
                    n.tag.starts_with('v')
                        || n.tag.starts_with('d')
                        || matches!(n.tag, "p" | "t" | "m")
                })
            {
                // A word of promise used as a noun, before a noun or at the
                // clause's end (计划用水科, 受年度投资计划限制): no promise.
                is_marker = false;
            } else if c.has(Class::PROSPECTIVE)
                && t.tag.starts_with('n')
                && i > 0
                && tags[i - 1].tag.starts_with('v')
                && !class_at(i - 1).is_marker()
            {
                // …or as a verb's object (开学前早就造计划预订好了): no promise.
                is_marker = false;
            } else if c.has(Class::PROSPECTIVE)
                && lex.predictive.contains(w)
                && next.is_some_and(|n| {
                    lex.effect_verbs.contains(n.word)
                        || class_at(i + 1).has(Class::CONSEQUENCE_VERB)
                })
            {
                // 会 before a verb of effect predicts what a state brings
                // about (随意停放车辆会影响通行, 循环后会产生热量): no one's
                // promise.
                is_marker = false;
            } else if c.has(Class::PROSPECTIVE)
                && lex.ambiguous_prospective.contains(w)
                && i > 0
                && tags[i - 1].word.ends_with('于')
            {
                // 于近期 dates an act (该店确于近期转让, 已于近期停业): "lately";
                // a promise of it needs a marker of its own before (将于近期
                // 开展), which has set the mood already.
                is_marker = false;
            } else if c.has(Class::PROSPECTIVE)
                && lex.ambiguous_prospective.contains(w)
                && tags[i + 1..]
                    .iter()
                    .zip(&cls[i + 1..])
                    .take_while(|(_, nc)| !nc.is_break() || nc.has(Class::SOFT_BREAK))
                    .any(|(n, _)| matches!(n.word, "了" | "过") || n.word.starts_with('已'))
            {
                // 近期 both "lately" and "soon": in a sentence that tells
                // its act done (近期与公安部门联合开展了巡查) it reports; 另行
                // ("anew") there is an adverb, no act of its own.
                is_marker = false;
                adverb = true;
            } else if c.has(Class::PROSPECTIVE)
                && i > 0
                && lex.retrospective.contains(tags[i - 1].word)
            {
                // A plan told as history (原计划于9月底撤并): no promise.
                is_marker = false;
            } else if c.has(Class::PROSPECTIVE)
                && i > 0
                && class_at(i - 1).has(Class::NEGATOR)
                && !lex.object_markers.contains(w)
            {
                // A plan denied (暂未有计划征收, 没有打算): no promise; the
                // negation goes on.
                is_marker = false;
            } else if c.has(Class::PROSPECTIVE) {
                // 将 before a noun is the object marker (把), not "will":
                // 已将垃圾清运完毕.
                // So is 将 before a verb that modifies a head noun (将检测
                // 结果告知来电人).
                let modifies = |k: usize| {
                    tags.get(k).is_some_and(|n| n.tag.starts_with('v'))
                        && tags
                            .get(k + 1)
                            .is_some_and(|h| lex.attributive_heads.contains(h.word))
                };
                // After a perfective marker 将 can only be the object
                // marker (已将上述安排电话告知来电人); so before a
                // number or a determiner (将3名…, 将上述情况).
                let after_done = i > 0
                    && tags
                        .get(i - 1)
                        .is_some_and(|p| lex.perfective.contains(p.word));
                // A verb then a verb of handing over or telling: the first
                // is the thing handed (将退款转给来电人, 将整改情况告知…).
                let handed = |k: usize| {
                    tags.get(k).is_some_and(|n| {
                        n.tag.starts_with('v')
                            && !lex.directive_verbs.contains(n.word)
                            && !lex.light_verbs.contains(n.word)
                            && !lex.prospective.contains(n.word)
                            && !lex.telling_verbs.contains(n.word)
                    }) && tags.get(k + 1).is_some_and(|h| {
                        lex.telling_verbs.contains(h.word)
                            || (h.word.chars().count() > 1 && h.word.ends_with('给'))
                            || lex.handing_verbs.contains(h.word)
                    })
                };
                // A noun phrase (verbs as modifiers, 及/和 between) then a
                // verb of telling or handing over: 将检验及处理结果电话告知
                // 张女士 tells the result, it promises nothing.
                let object_then_told = |from: usize| {
                    let mut noun = false;
                    for (n, nc) in tags[from..].iter().zip(&cls[from..]) {
                        if nc.is_break() {
                            return false;
                        }
                        if noun
                            && (lex.telling_verbs.contains(n.word)
                                || lex.handing_verbs.contains(n.word))
                        {
                            return true;
                        }
                        if nc.has(Class::PROSPECTIVE) || lex.directive_verbs.contains(n.word) {
                            return false;
                        }
                        // A verb that modifies the noun, through 的 (将了解到的情况
                        // 反馈给…), is part of the phrase.
                        let relative = || {
                            tags[from..]
                                .iter()
                                .skip_while(|m| m.byte_start <= n.byte_start)
                                .take(2)
                                .any(|m| m.word == "的")
                        };
                        match n.tag.as_bytes().first() {
                            Some(b'n') => noun = true,
                            Some(b'c' | b'u' | b'r' | b'm' | b'a' | b'q') => {}
                            _ if n.tag == "vn" => {}
                            Some(b'v') if relative() => {}
                            _ => return false,
                        }
                    }
                    false
                };
                // Further on in a clause already told as done, 将 before
                // anything but a verb or an adverb marks the object too
                // (已通过工资专户将拖欠工资全部支付到位).
                let in_done = mood == Mood::Done
                    && next.is_some_and(|n| {
                        !n.tag.starts_with('d')
                            && !n.tag.starts_with('v')
                            && !n.tag.starts_with('p')
                            && !lex.prospective.contains(n.word)
                    });
                let ba = lex.object_markers.contains(w)
                    && (after_done
                        || in_done
                        || prior_act
                            && next.is_some_and(|n| {
                                !n.tag.starts_with('p')
                                    && !n.tag.starts_with('d')
                                    && !lex.prospective.contains(n.word)
                            })
                        || handed(i + 1)
                        // An adjective before a noun starts the object too
                        // (将合同/a 复印件/n 送到…).
                        || next.is_some_and(|n| n.tag.starts_with('a'))
                            && tags.get(i + 2).is_some_and(|m| m.tag.starts_with('n'))
                        || next.is_some_and(|n| {
                            (n.tag.starts_with('n')
                                && !lex.adverbial_nouns.contains(n.word)
                                && !starts_with_dummy(lex, n.word)
                                || n.tag.starts_with('r')
                                || n.tag == "m"
                                // A place word (将路口建筑垃圾…清运).
                                || n.tag == "s"
                                || matches!(
                                    n.word,
                                    "上述"
                                        | "前述"
                                        | "相关"
                                        | "有关"
                                        | "全部"
                                        | "所有"
                                        | "您"
                                        | "你"
                                        | "其"
                                        | "此"
                                ))
                                && !lex.directive_verbs.contains(n.word)
                                && !lex.light_verbs.contains(n.word)
                                && !lex.telling_verbs.contains(n.word)
                        })
                        || modifies(i + 1)
                        || object_then_told(i + 1)
                        // A verb then 的 modifies the object (将散落的注射器
                        // 收集处置).
                        || tags.get(i + 1).is_some_and(|n| n.tag.starts_with('v'))
                            && tags.get(i + 2).is_some_and(|d| d.word == "的")
                        // …with an adverb or a negator before that verb
                        // (将不睡觉的幼儿带离床位), a noun after 的.
                        || next.is_some_and(|n| n.tag.starts_with('d'))
                            && tags.get(i + 2).is_some_and(|n| n.tag.starts_with('v'))
                            && tags.get(i + 3).is_some_and(|d| d.word == "的")
                            && tags.get(i + 4).is_some_and(|n| n.tag.starts_with('n')));
                // 将 before a passive states what befalls someone under a
                // rule (违禁者将被处以罚款): no promise of the writer's.
                let passive = next.is_some_and(|n| n.word == "被");
                if ba {
                    is_marker = false;
                    ba_object = true;
                } else if passive {
                    mood = Mood::Irrealis;
                } else {
                    mood = Mood::Pending;
                }
            } else if c.has(Class::IRREALIS)
                // 限期 sets a deadline for the verb after it (督促企业限期
                // 整改到位); 已于限期内结清 tells of the deadline met.
                && (w != "限期" || next.is_some_and(|n| n.tag.starts_with('v')))
            {
                if mood != Mood::Negated {
                    mood = Mood::Irrealis;
                }
            } else {
                is_marker = false;
            }
            if is_marker {
                carried = false;
            }
            a.tokens.push(Token {
                start: t.byte_start,
                end: t.byte_end,
                pos,
                mood: if is_marker { before } else { mood },
                after: mood,
                clause,
            });
            if c.has(Class::CAUSAL_MARKER) {
                causal = true;
            }
            if topic {
                if lex.topic_heads.contains(w) {
                    topic = false;
                }
                continue;
            }
            if i < object_end {
                continue;
            }
            if lex.topic_markers.contains(w) {
                topic = true;
                continue;
            }
            if is_marker || adverb || c.has(Class::GENERIC_MODIFIER) {
                continue;
            }
            // Verbs inside a unit's name (市政维护所) are no events.
            if c.has(Class::DUMMY_VERB) {
                dummy_done = next.is_some_and(|n| n.word == "了");
                continue;
            }
            if in_title || in_quote || in_unit(t.byte_start) {
                continue;
            }
            let directive = c.has(Class::DIRECTIVE_VERB);
            let listed = c.has(Class::LIGHT_VERB) || c.has(Class::TELLING_VERB) || directive;
            // The noun a dummy verb carries is the action (进行立案查处,
            // 予以行政处罚): jieba tags some actions nouns.
            let carried_action = pos == "n"
                && i.checked_sub(1).is_some_and(|k| {
                    class_at(k).has(Class::DUMMY_VERB)
                        || tags[k].word == "了"
                            && k.checked_sub(1)
                                .is_some_and(|j| class_at(j).has(Class::DUMMY_VERB))
                });
            if !(is_verb(pos) || listed || carried_action && mood == Mood::Pending) {
                continue;
            }
            // A verb right before 的 or a head noun modifies it (维修人员,
            // 处理结果): no event.
            // …and a verb right before a modal or negator is the subject
            // (路灯维修需等停电): no event either.
            // …and a verb right before 时 tells when (夜间施工时尽量避免…): no
            // event either.
            let attributive = next.is_some_and(|n| {
                matches!(n.word, "的" | "时" | "时候" | "之时")
                    || class_at(i + 1).has(Class::ATTRIBUTIVE_HEAD)
                    || class_at(i + 1).has(Class::IRREALIS)
                    || class_at(i + 1).has(Class::NEGATOR)
            });
            if attributive && !listed {
                continue;
            }
            // A verb after a determiner or 的 is a noun (上述安排, 有关要求,
            // 他的处理): no event, and no directive scope (已将上述安排电话告知
            // 来电人 tells the citizen).
            // So is a verb between a preposition and a noun (与受托银行, 对
            // 上网人员), or right after a verb's 了 before a noun, as the
            // object's modifier (调取了装修管理规定, 查看了上网登记系统); after
            // a dummy verb (进行了检查) it is the action itself, and telling
            // the citizen (与来电人沟通说明) is an event wherever it sits.
            let prev = i.checked_sub(1).and_then(|k| tags.get(k));
            let before_noun =
                next.is_some_and(|n| n.tag.starts_with('n') || n.tag.starts_with('v'));
            let after_preposition = prev
                .is_some_and(|p| p.tag == "p" && !lex.object_markers.contains(p.word))
                && before_noun;
            let after_perfective = prev.is_some_and(|p| p.word == "了")
                && i.checked_sub(2).and_then(|k| tags.get(k)).is_some_and(|v| {
                    v.tag.starts_with('v') && !class_at(i - 2).has(Class::DUMMY_VERB)
                })
                && before_noun;
            // A surname jieba read as a verb (符某某).
            let surname = next.is_some_and(|n| n.word.starts_with('某'));
            // A unit's head jieba read as a verb (我站, 站领导高度重视): after
            // 我/本 or before a noun it is the unit.
            // (A one-character word that ends like a unit is a unit's head.)
            let unit_head = w.chars().count() == 1
                && c.has(Class::ORG_END)
                && (i > 0 && class_at(i - 1).has(Class::OWN_MARKER)
                    || next.is_some_and(|n| n.tag.starts_with('n')));
            // So is a verb right after a verb of finding out, before a noun:
            // what was found out about (了解停车收费情况, 询问拒绝加油原因).
            let inquired = i > 0 && class_at(i - 1).has(Class::INQUIRY_VERB) && before_noun;
            let (consequence_later, dummy_later) = later[i];
            // A verb before a verb of consequence in its clause tells the
            // cause (浮球阀损坏导致溢水): no event, nor is the consequence.
            let cause = consequence_later || c.has(Class::CONSEQUENCE_VERB);
            // A verb inside the object of 对 that a dummy verb takes up
            // (对燃气泄漏报警器进行检测) names the thing dealt with: back from
            // the verb to the clause's start or the verb before, a 对.
            let dealt_with = dummy_later
                && tags[..i]
                    .iter()
                    .rev()
                    .take_while(|p| !lex.is_break(p.word) && !p.tag.starts_with('v'))
                    .any(|p| p.tag == "p" && matches!(p.word, "对" | "对于" | "就"));
            let nominal = surname
                || unit_head
                || (cause || dealt_with) && !lex.telling_verbs.contains(w)
                || inquired
                || prev.is_some_and(|p| p.word == "的" || class_at(i - 1).has(Class::DETERMINER))
                || (after_preposition || after_perfective) && !c.has(Class::TELLING_VERB);
            if nominal || attending || causal {
                continue;
            }
            if c.has(Class::ATTITUDE_VERB) {
                attending = true;
            }
            // A verb of finding out takes as its object the words up to a
            // topic head (详细了解其被拖欠工资及劳动关系情况) or, failing one,
            // up to a noun that ends its phrase (查看了来电反映的停泊位置，并…):
            // they name what was looked into, their verbs are no actions. The
            // phrase ends at a marker, 后 or a conjunction of clauses (核查后已将
            // …整改, 查看现场并清理 go on to act); 及/和 join its nouns.
            if c.has(Class::INQUIRY_VERB) {
                let span = tags[i + 1..]
                    .iter()
                    .zip(&cls[i + 1..])
                    .take(12)
                    .take_while(|(n, nc)| {
                        !nc.is_break()
                            && !nc.is_marker()
                            && !matches!(n.word, "并" | "并且" | "而且" | "然后" | "随后" | "同时")
                            && !matches!(n.word, "后" | "以后" | "之后" | "时")
                    })
                    .count();
                let object = &tags[i + 1..i + 1 + span];
                if let Some(k) = object
                    .iter()
                    .rposition(|n| lex.topic_heads.contains(n.word))
                {
                    object_end = i + 2 + k;
                } else if object.last().is_some_and(|n| n.tag.starts_with('n')) {
                    object_end = i + 1 + span;
                }
            }
            // A verb of giving whose object is a piece of information tells
            // (向其提供了价格咨询电话): the object's nouns up to the clause's end.
            let gives_word = lex.giving_verbs.contains(w)
                && tags[i + 1..]
                    .iter()
                    .zip(&cls[i + 1..])
                    .take_while(|(_, nc)| !nc.is_break())
                    .take(16)
                    .filter(|(n, _)| n.tag.starts_with('n'))
                    .last()
                    .is_some_and(|(n, _)| lex.info_nouns.contains(n.word));
            let group = if c.has(Class::TELLING_VERB) || gives_word {
                VerbGroup::Telling
            } else if listed {
                VerbGroup::Light
            } else {
                VerbGroup::Substantive
            };
            let completed_inside = c.has(Class::COMPLETED_INSIDE);
            let complement = next.is_some() && class_at(i + 1).has(Class::COMPLETION)
                || std::mem::take(&mut dummy_done);
            // 检修完成后将恢复, 维修后再答复: a verb (or its completion)
            // followed by 后 is the condition of what comes next, not a
            // report.
            let after_word = if complement { tags.get(i + 2) } else { next };
            let conditional = after_word.is_some_and(|n| matches!(n.word, "后" | "以后" | "之后"))
                || prev.is_some_and(|p| lex.condition_adverbs.contains(p.word))
                || awaited(&tags[i + 1..], lex);
            // A verb before a clause-final 中 is in progress (整改跟进中,
            // 协调中): pending, whatever came before.
            let progressive = next.is_some_and(|n| n.word == "中")
                && tags
                    .get(i + 2)
                    .is_none_or(|n| class_at(i + 2).is_break() || n.word.trim().is_empty());
            let done = !conditional
                && !progressive
                && match mood {
                    Mood::Done => true,
                    Mood::Plain | Mood::Directed => completed_inside || complement,
                    _ => carried && (completed_inside || complement),
                };
            if !conditional && anchored && matches!(mood, Mood::Plain | Mood::Done) {
                prior_act = true;
            }
            a.events.push(Event {
                start: t.byte_start,
                end: t.byte_end,
                group,
                done,
                mood: if conditional {
                    Mood::Irrealis
                } else if progressive && matches!(mood, Mood::Plain | Mood::Done) {
                    Mood::Pending
                } else {
                    mood
                },
                anchored: anchored && !saying,
                told: telling,
                handling: !c.has(Class::NO_HANDLING),
            });
            if group == VerbGroup::Telling && matches!(mood, Mood::Done | Mood::Plain) {
                telling = true;
            }
            if c.has(Class::SAYING_VERB) {
                saying = true;
            }
            // What a directive verb sets up is not yet done: 已安排人员跟进处理.
            // Not a directive verb in a label (联系情况：…): it sets
            // nothing up.
            let label = attributive && class_at(i + 2).has(Class::LABEL_MARK);
            // Nor one whose object is the citizen (电话联系来电人, 通知市民):
            // reaching the citizen sets up no one's work.
            let to_citizen = class_at(i + 1).has(Class::CITIZEN);
            // Nor one that only dates what follows (查询开放安排后电话答复来电人,
            // 协调后商户已整改): after it, the clause tells its own act.
            let then = next.is_some_and(|n| matches!(n.word, "后" | "之后" | "以后"));
            if directive
                && !label
                && !to_citizen
                && !then
                && matches!(mood, Mood::Done | Mood::Plain)
            {
                mood = Mood::Directed;
            } else if directive && mood == Mood::Pending {
                // What a promised order is to bring about is not done
                // either: in 下一步将持续关注，督促整改到位 the 到位 is the
                // order's aim, so a carried promise is no longer overridden
                // by a result complement in this clause.
                carried = false;
            }
        }
        if text.len() > clause_start {
            a.clauses.push((clause_start, text.len()));
        }
        a
    }

    /// Whether the words of `text` that end at byte `end` end with a verb a
    /// later deferral waits on: 已通知楼上业主整改，待整改完成后再回复 says the
    /// 整改 ordered is not done, whatever a pattern made of the order.
    #[must_use]
    pub fn awaits(&self, text: &str, end: usize) -> bool {
        let Some(before) = text.get(..end) else {
            return false;
        };
        self.awaited
            .iter()
            .any(|&(s, e)| s >= end && text.get(s..e).is_some_and(|w| before.ends_with(w)))
    }

    /// Whether byte offset `at` falls inside a word (not at its edge) of a
    /// specific unit's name: 维修 in 排水所维修班.
    #[must_use]
    pub fn inside_a_name(&self, at: usize) -> bool {
        let i = self.tokens.partition_point(|t| t.end <= at);
        self.tokens.get(i).is_some_and(|t| t.start < at)
            && self
                .units
                .iter()
                .any(|u| u.specific && u.start < at && at < u.end)
    }

    /// Whether byte offset `at` falls inside a noun (not at its start): 会
    /// of 园务会 (经园务会研究) or 居委会 is no "will". Not inside a name
    /// jieba guessed (`nr`): it glues words into one (其马上会安排 as
    /// 马上会).
    #[must_use]
    pub fn inside_a_noun(&self, at: usize) -> bool {
        let i = self.tokens.partition_point(|t| t.end <= at);
        self.tokens
            .get(i)
            .is_some_and(|t| t.start < at && t.pos.starts_with('n') && !t.pos.starts_with("nr"))
    }

    /// Whether the clause of byte offset `at` tells no present state before
    /// it: history, a retrospective word (曾, 原本, 此前; jieba may glue 曾
    /// to what follows: 曾以) earlier in the clause (期间曾因业主要求暂缓复检
    /// 一天), or a supposition, a word of condition (如遇, 万一, 一旦) opening
    /// it (如遇危险请拨打110 names no danger now).
    #[must_use]
    pub fn not_current(&self, text: &str, at: usize) -> bool {
        let lex = Lexicon::get();
        let i = self.tokens.partition_point(|t| t.end <= at);
        let Some(clause) = self.tokens.get(i).map(|t| t.clause) else {
            return false;
        };
        self.tokens[..i]
            .iter()
            .rev()
            .take_while(|t| t.clause == clause)
            .filter(|t| !t.pos.starts_with("nr"))
            .filter_map(|t| text.get(t.start..t.end))
            .any(|w| {
                lex.retrospective.contains(w) || w.starts_with('曾') || lex.hypothetical.contains(w)
            })
    }

    /// Whether the name ending at byte offset `end` is only what a verb
    /// acts on, not who acted: right after a verb (past 了/过 and a
    /// determiner or measure: 查看了政务服务中心二楼的取号机, 调取该期培训班
    /// 申报资料) with no act of its own after it (安排网格员上门, 协调物业
    /// 公司立即清理 name who went and who cleared), or after a preposition
    /// of the thing dealt with or where it goes (对该在押人员进行了检查,
    /// 推送至银行); 由, 经 and 被 name who acted.
    #[must_use]
    pub fn object_only(&self, text: &str, end: usize) -> bool {
        let i = self.tokens.partition_point(|t| t.end < end);
        let Some(last) = self.tokens.get(i).filter(|t| t.end == end) else {
            return false;
        };
        let word = |t: &Token| text.get(t.start..t.end).unwrap_or("");
        // The name's first word: the unit's ending here, else the word's.
        let start = self
            .units
            .iter()
            .filter(|u| u.end == end)
            .map(|u| u.start)
            .min()
            .unwrap_or(last.start);
        // A numbered crew (抢险一队, 执法二中队) is a name of its own, whatever
        // word comes before its number.
        if last.pos.starts_with('m') {
            return false;
        }
        let first = self.tokens.partition_point(|t| t.end <= start);
        // The word before, past 了/过/着 and a determiner or measure (该,
        // 该期, 此类): with none of them between, a verb right before a name
        // may be part of it (执法支队, 就业服务中心, 登记科) and is not read.
        let mut parted = false;
        let Some(before) = self.tokens[..first]
            .iter()
            .rev()
            .take_while(|t| t.clause == last.clause)
            .find(|t| {
                let skip = matches!(word(t), "了" | "过" | "着")
                    || matches!(t.pos.as_bytes().first(), Some(b'r' | b'q'));
                parted |= skip;
                !skip
            })
        else {
            return false;
        };
        if before.pos == "p" {
            // …and 与, 和, 同, 跟 join names (市海洋与渔业局) as often as
            // they name whom one dealt with.
            return !matches!(
                word(before),
                "由" | "经" | "被" | "经由" | "交由" | "与" | "和" | "同" | "跟"
            );
        }
        if !parted || !is_verb(before.pos) || before.pos == "vn" {
            return false;
        }
        // What follows in the clause: an act of the name's own (a verb, an
        // adverb, a preposition, a date) makes it who acted.
        !self
            .tokens
            .get(i + 1)
            .filter(|n| n.clause == last.clause)
            .is_some_and(|n| {
                matches!(
                    n.pos.as_bytes().first(),
                    Some(b'v' | b'd' | b'p' | b't' | b'c')
                )
            })
    }

    /// Whether the word at byte offset `at` is an object marker (将, 把)
    /// read as such, not as "will": 现将答复意见回复如下 starts no promise.
    #[must_use]
    pub fn object_marker_at(&self, text: &str, at: usize) -> bool {
        let i = self.tokens.partition_point(|t| t.end <= at);
        self.tokens.get(i).is_some_and(|t| {
            t.start == at
                && text
                    .get(t.start..t.end)
                    .is_some_and(|w| Lexicon::get().object_markers.contains(w))
                && t.after != Mood::Pending
        })
    }

    /// The mood of the text at byte offset `at` (of the word there).
    #[must_use]
    pub fn mood_at(&self, at: usize) -> Mood {
        match self.tokens.binary_search_by(|t| {
            if t.end <= at {
                std::cmp::Ordering::Less
            } else if t.start > at {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        }) {
            // A match that starts inside a marker word (在 of 正在) is in
            // the marker's scope.
            Ok(i) if self.tokens[i].start < at => self.tokens[i].after,
            Ok(i) => self.tokens[i].mood,
            Err(_) => Mood::Plain,
        }
    }

    /// The first completed action of a substantive verb.
    #[must_use]
    pub fn first_done(&self) -> Option<&Event> {
        self.events
            .iter()
            .find(|e| e.done && !e.told && e.group == VerbGroup::Substantive)
    }

    /// The first action reported as done, marked or narrated: in a report,
    /// a plain verb outside negation, promise and request tells what was
    /// done (`3月2日维修工上门更换表前阀`).
    #[must_use]
    pub fn first_reported(&self) -> Option<&Event> {
        self.events.iter().find(|e| e.reported())
    }

    /// The first verb that tells what was done to handle the matter,
    /// result or not (查看, 核实, 组织, 更换…). What someone was told is
    /// not (回复：问题已解决 relays a claim, it tells no step), except a
    /// consultation answered: when nothing told is work done, the telling
    /// itself is the handling (电话答复：缴满15年后可以继续缴费).
    #[must_use]
    pub fn first_acted(&self) -> Option<&Event> {
        let happened = |e: &&Event| e.done || matches!(e.mood, Mood::Plain | Mood::Done);
        if let Some(e) = self
            .events
            .iter()
            .filter(happened)
            .find(|e| e.group != VerbGroup::Telling && !e.told && e.handling)
        {
            return Some(e);
        }
        let told: Vec<&Event> = self.events.iter().filter(|e| e.told).collect();
        if told.is_empty() || told.iter().any(|e| e.done) {
            return None;
        }
        self.events
            .iter()
            .filter(happened)
            .find(|e| e.group == VerbGroup::Telling && !e.told)
    }

    /// The first telling of the citizen that happened (告知, 答复, 回访).
    #[must_use]
    pub fn first_told(&self) -> Option<&Event> {
        self.events.iter().find(|e| {
            e.group == VerbGroup::Telling && (e.done || matches!(e.mood, Mood::Plain | Mood::Done))
        })
    }

    /// The first step still to be taken that the text names with content
    /// of its own: after a necessity marker (需, 有待, 等待…), in the same
    /// clause, a word (verb or noun of two or more characters, or a Latin
    /// name) that is not one of the lexicon's `vague_steps`. Returns the
    /// byte range from the marker to that word: `需重新制卡`, `需待该机具
    /// 下次清机对账`, `需委外催收机构提交…录音`; not `需进一步核实`,
    /// `需要时间处理`, `需协调`. A negated marker (无需, 不需要) is none.
    #[must_use]
    pub fn first_needed(&self, text: &str) -> Option<(usize, usize)> {
        let lex = Lexicon::get();
        for (i, t) in self.tokens.iter().enumerate() {
            let word = &text[t.start..t.end];
            // jieba sometimes glues the marker to the word before it
            // (乘车卡需 → 卡需): a word ending in 需/须 counts, unless it
            // denies the need (无需, 不须).
            let glued = word.chars().count() > 1
                && (word.ends_with('需') || word.ends_with('须'))
                && !word.starts_with(['无', '不', '毋', '勿', '免']);
            if !(lex.necessity.contains(word) || glued) || t.mood == Mood::Negated {
                continue;
            }
            let content = self.tokens[i + 1..]
                .iter()
                .take_while(|u| u.clause == t.clause)
                .find(|u| {
                    let w = &text[u.start..u.end];
                    let wide = w.chars().count() >= 2 || w.chars().all(|c| c.is_ascii_alphabetic());
                    let contentful = u.pos.starts_with('n')
                        || u.pos.starts_with('v')
                        || matches!(u.pos, "eng" | "l" | "i" | "j");
                    wide && contentful
                        && !lex.vague_steps.contains(w)
                        && !lex.is_marker(w)
                        && !lex.necessity.contains(w)
                        && !lex.dummy_verbs.contains(w)
                        && !lex.telling_verbs.contains(w)
                });
            if let Some(u) = content {
                return Some((t.start, u.end));
            }
        }
        None
    }

    /// The first substantive verb left pending (promised, in progress).
    #[must_use]
    pub fn first_pending(&self) -> Option<&Event> {
        self.events
            .iter()
            .find(|e| e.mood == Mood::Pending && e.group != VerbGroup::Telling)
    }

    /// The text (the one analysed) with every specific unit other than the writer's own
    /// replaced by [`UNIT_MARK`] and every place by [`PLACE_MARK`], and the
    /// map back: pairs of (byte offset
    /// in the shadow, byte offset in the text) at every replacement edge.
    #[must_use]
    pub fn shadow(&self, text: &str) -> &(String, Vec<(usize, usize)>) {
        self.shadowed.get_or_init(|| self.make_shadow(text, false))
    }

    /// [`Analysis::shadow`] with only the units named in particular marked:
    /// a unit named only by its role (维保单位, 市场监管部门) stays text.
    #[must_use]
    pub fn shadow_named(&self, text: &str) -> &(String, Vec<(usize, usize)>) {
        self.shadowed_named
            .get_or_init(|| self.make_shadow(text, true))
    }

    fn make_shadow(&self, text: &str, named: bool) -> (String, Vec<(usize, usize)>) {
        let mut spans: Vec<(usize, usize, char)> = self
            .units
            .iter()
            .filter(|u| u.specific && !u.own && !(named && u.role))
            .map(|u| (u.start, u.end, UNIT_MARK))
            .chain(self.places.iter().map(|&(s, e)| (s, e, PLACE_MARK)))
            .collect();
        // Where a place lies inside a unit (邵阳市 in 邵阳市残疾人联合会), the
        // longer span wins.
        spans.sort_unstable_by_key(|&(s, e, _)| (s, std::cmp::Reverse(e)));
        let mut out = String::with_capacity(text.len());
        let mut map = vec![(0, 0)];
        let mut last = 0;
        for (start, end, mark) in spans {
            if start < last {
                continue;
            }
            out.push_str(&text[last..start]);
            map.push((out.len(), start));
            out.push(mark);
            map.push((out.len(), end));
            last = end;
        }
        out.push_str(&text[last..]);
        (out, map)
    }
}

/// Stands for a specific unit in the shadow text that `{unit}` patterns
/// read (a private-use character, never in real text that reaches here
/// unflagged: GD101 reports private-use characters).
pub const UNIT_MARK: char = '\u{F8FF}';

/// Stands for a place name in the shadow text that `{place}` patterns read.
pub const PLACE_MARK: char = '\u{F8FE}';

/// Map a byte offset in a shadow text back to the text.
#[must_use]
pub fn unshadow(map: &[(usize, usize)], at: usize) -> usize {
    let i = map.partition_point(|&(s, _)| s <= at).saturating_sub(1);
    let (s, t) = map[i];
    t + (at - s)
}

/// A name with a title a citizen is called by (刘先生, 王女士): as a clause's
/// subject, the citizen.
fn is_titled_name(w: &str, lex: &Lexicon) -> bool {
    let n = w.chars().count();
    (2..=4).contains(&n)
        && lex
            .citizen_titles
            .iter()
            .any(|t| t.chars().count() < n && w.ends_with(t.as_str()) && t != "某" && t != "某某")
}

/// A date at a clause's start (3月5日, 5日, 当日 is tagged `t`).
fn is_date(w: &str, next: Option<&str>) -> bool {
    // The next word first: it rules out almost every word at once.
    next.is_some_and(|n| matches!(n, "月" | "日" | "号" | "年" | "时" | "点"))
        && w.chars()
            .all(|c| c.is_ascii_digit() || "一二三四五六七八九十".contains(c))
        || w.ends_with('日') && w.chars().any(|c| c.is_ascii_digit())
        || dotted_date(w, next)
}

/// A month and day written with a dot (9.12, 3.5), not a quantity (9.12元).
fn dotted_date(w: &str, next: Option<&str>) -> bool {
    let Some((m, d)) = w.split_once('.') else {
        return false;
    };
    let num = |s: &str| (1..=2).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
    num(m)
        && num(d)
        && m.parse::<u8>().is_ok_and(|m| (1..=12).contains(&m))
        && d.parse::<u8>().is_ok_and(|d| (1..=31).contains(&d))
        && !next.is_some_and(|n| {
            Lexicon::get()
                .quantity_units
                .iter()
                .any(|u| n.starts_with(u.as_str()))
        })
}

/// Whether a word jieba tagged a noun begins with a dummy verb of two
/// characters or more (采取有效, 进行专项): 将 before it is "will", not the
/// object marker (将采取有效措施予以整治).
fn starts_with_dummy(lex: &Lexicon, word: &str) -> bool {
    word.char_indices()
        .skip(2)
        .any(|(k, _)| lex.dummy_verbs.contains(&word[..k]))
}

fn is_verb(pos: &str) -> bool {
    matches!(pos, "v" | "vd" | "vi" | "vg" | "vq" | "vn")
}

/// jieba's tags live in its static lexicon, but the API ties them to the
/// sentence's lifetime; the tag set is small and closed, so map it to
/// static strings (found by their bytes packed in an integer, in a table
/// sorted at compile time: this runs for every word).
fn static_pos(tag: &str) -> &'static str {
    const TAGS: [&str; 60] = [
        "a", "ad", "ag", "an", "b", "c", "d", "df", "dg", "e", "eng", "f", "g", "h", "i", "j", "k",
        "l", "m", "mg", "mq", "n", "ng", "nr", "nrfg", "nrt", "ns", "nt", "nz", "o", "p", "q", "r",
        "rg", "rr", "rz", "s", "t", "tg", "u", "ud", "ug", "uj", "ul", "uv", "uz", "v", "vd", "vg",
        "vi", "vn", "vq", "x", "y", "z", "zg", "yg", "rt", "mt", "nrf",
    ];
    /// Up to four bytes in one integer (every tag is that short).
    const fn pack(s: &str) -> u32 {
        let b = s.as_bytes();
        let mut k = 0u32;
        let mut i = 0;
        while i < b.len() && i < 4 {
            k = k << 8 | b[i] as u32;
            i += 1;
        }
        k
    }
    const SORTED: [(u32, &str); 60] = {
        let mut a = [(0u32, ""); 60];
        let mut i = 0;
        while i < TAGS.len() {
            a[i] = (pack(TAGS[i]), TAGS[i]);
            let mut j = i;
            while j > 0 && a[j - 1].0 > a[j].0 {
                let t = a[j];
                a[j] = a[j - 1];
                a[j - 1] = t;
                j -= 1;
            }
            i += 1;
        }
        a
    };
    match SORTED.binary_search_by_key(&pack(tag), |&(k, _)| k) {
        Ok(i) if SORTED[i].1 == tag => SORTED[i].1,
        _ => "x",
    }
}

#[cfg(test)]
#[test]
fn static_pos_finds_every_tag_and_only_those() {
    for tag in [
        "a", "ad", "ag", "an", "b", "c", "d", "df", "dg", "e", "eng", "f", "g", "h", "i", "j", "k",
        "l", "m", "mg", "mq", "n", "ng", "nr", "nrfg", "nrt", "ns", "nt", "nz", "o", "p", "q", "r",
        "rg", "rr", "rz", "s", "t", "tg", "u", "ud", "ug", "uj", "ul", "uv", "uz", "v", "vd", "vg",
        "vi", "vn", "vq", "x", "y", "z", "zg", "yg", "rt", "mt", "nrf",
    ] {
        assert_eq!(static_pos(tag), tag);
    }
    for other in ["", "nrfgx", "\0a", "vv", "w", "名词"] {
        assert_eq!(static_pos(other), "x", "{other:?}");
    }
}

fn is_nominal(pos: &str) -> bool {
    matches!(
        pos,
        "n" | "ns" | "nz" | "nt" | "nr" | "nrt" | "nrfg" | "ng" | "j" | "l" | "b" | "an" | "s"
    )
}

/// Organisation noun phrases: a head (tagged `nt`, or ending in an
/// organisation head noun) and the nouns and verbal nouns before it.
/// Whether the words after a verb, within its clause, end in a 后 that
/// opens a promise (装修验收后会退, 材料补齐以后再办理): the verb is then the
/// condition of what is promised, not a report.
/// The verbs inside a deferral's condition, 待 (等, 等待) … 后 (以后, 之后,
/// 时) within one clause: 待整改完成后再回复 waits on 整改, 待区财政资金
/// 到位后 on nothing (到位 completes). A verb jieba glued to 待 (待整改)
/// counts without it.
fn awaited_acts(tags: &[jieba_rs::Tag<'_>], lex: &Lexicon) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < tags.len() {
        let w = tags[i].word;
        let opens = matches!(w, "待" | "等" | "等待" | "等到" | "待到");
        let glued = !opens && w.starts_with('待') && w.chars().count() > 1;
        if !(opens || glued) {
            i += 1;
            continue;
        }
        let mut found = Vec::new();
        if glued {
            found.push((tags[i].byte_start + '待'.len_utf8(), tags[i].byte_end));
        }
        let mut k = i + 1;
        let mut closed = false;
        while k < tags.len() && k <= i + 12 {
            let t = &tags[k];
            if lex.is_break(t.word) {
                break;
            }
            if matches!(t.word, "后" | "以后" | "之后" | "时") {
                closed = true;
                break;
            }
            if t.tag.starts_with('v') && !lex.completion.contains(t.word) {
                found.push((t.byte_start, t.byte_end));
            }
            k += 1;
        }
        if closed {
            out.extend(found);
        }
        i = k.max(i + 1);
    }
    out
}

fn awaited(rest: &[jieba_rs::Tag<'_>], lex: &Lexicon) -> bool {
    for (k, t) in rest.iter().take(4).enumerate() {
        if lex.is_break(t.word) || lex.is_marker(t.word) {
            return false;
        }
        if matches!(t.word, "后" | "以后" | "之后") {
            return rest
                .get(k + 1)
                .is_some_and(|n| lex.prospective.contains(n.word) || n.word == "再");
        }
    }
    false
}

fn units(tags: &[jieba_rs::Tag<'_>], cls: &[Class], lex: &Lexicon) -> Vec<Unit> {
    let mut out: Vec<Unit> = Vec::new();
    let is_head = |k: usize| {
        let t = &tags[k];
        // A measure word is no head (三处, 一所), but one after a noun or a
        // verb ends a section's name (征缴股, 医药服务管理股).
        let named_measure = t.tag.starts_with('q')
            && k > 0
            && (is_nominal(tags[k - 1].tag) || is_verb(tags[k - 1].tag));
        (t.tag == "nt" || cls[k].has(Class::ORG_END))
            && !cls[k].has(Class::NON_ORG_END)
            && (!matches!(t.tag.as_bytes().first(), Some(b'm' | b'q' | b'd')) || named_measure)
            // 查处 is a verb; 我办 (tagged a verb too) is the writer's office.
            && (!t.tag.starts_with('v') || lex.own_markers.iter().any(|m| t.word.starts_with(m.as_str())))
            // 所 before a verb is the particle (市民所反映的问题), no office;
            // after a verb it ends a name (市政维护所办结).
            && !(t.word == "所"
                && tags.get(k + 1).is_some_and(|n| n.tag.starts_with('v'))
                && !(k > 0 && is_verb(tags[k - 1].tag)))
    };
    // A document's title (《普通高等学校学生管理规定》) is a name: no unit
    // inside it.
    // Most texts hold no title: then nothing is allocated.
    let mut titled: Vec<bool> = Vec::new();
    if tags.iter().any(|t| t.word.contains('《')) {
        let mut inside = false;
        titled = tags
            .iter()
            .map(|t| {
                inside |= t.word.contains('《');
                let here = inside;
                if t.word.contains('》') {
                    inside = false;
                }
                here
            })
            .collect();
    }
    let titled = |k: usize| titled.get(k).copied().unwrap_or(false);
    let mut i = 0;
    while i < tags.len() {
        let t = &tags[i];
        // 办 after a noun ends an office's name (房管办, 河长办), though jieba
        // tags it a verb.
        // So does any head after 我/本, though tagged a verb (我站将…).
        let office = i > 0
            && (cls[i].has(Class::NOUN_BOUND_HEAD) && is_nominal(tags[i - 1].tag)
                || cls[i - 1].has(Class::OWN_MARKER)
                    && t.word.chars().count() == 1
                    && cls[i].has(Class::ORG_END));
        if titled(i) || !(is_head(i) || office) || cls[i].is_break() {
            i += 1;
            continue;
        }
        // Extend right over further heads (市公安局交警支队, 供电公司营业厅).
        let mut end = i;
        while end + 1 < tags.len()
            && (is_head(end + 1) || tags[end + 1].tag == "nt")
            && !cls[end + 1].is_break()
        {
            end += 1;
        }
        // Extend left over nouns, place names, verbal nouns and verbs; a
        // verb at the left edge is the action on the unit (改派…), not part
        // of its name.
        let mut start = i;
        while start > 0 {
            let p = &tags[start - 1];
            let ok = (is_nominal(p.tag)
                || is_verb(p.tag)
                || p.tag == "m" && p.word.chars().any(|c| !c.is_ascii_digit()))
                && !cls[start - 1].is_marker()
                // 已转 glued by jieba is the marker and a verb: 问题已转分公司处理
                // names 分公司, not 问题已转分公司.
                && !p.word.starts_with('已')
                // 应由/交由 glued by jieba bring in the agent: 应由维保单位
                // names 维保单位, not 电梯维护保养应由维保单位.
                && !p.word.ends_with('由')
                && !cls[start - 1].has(Class::LIGHT_VERB)
                && !cls[start - 1].has(Class::DIRECTIVE_VERB)
                && !cls[start - 1].has(Class::TELLING_VERB);
            // 和 inside a name joins two fields before the head
            // (人力资源和社会保障局, 住房和城乡建设局): read on over it.
            let joined = p.word == "和"
                && start >= 2
                && is_nominal(tags[start - 2].tag)
                && !titled(start - 2)
                && i - start <= 2;
            if joined {
                start -= 2;
                continue;
            }
            if !ok || titled(start - 1) {
                break;
            }
            start -= 1;
        }
        while start < i && is_verb(tags[start].tag) && tags[start].tag != "vn" {
            start += 1;
        }
        // A preposition glued to a level (向区|教委) is not the unit's.
        let mut start_byte = tags[start].byte_start;
        let first = tags[start].word;
        if let Some((k, _)) = first.char_indices().nth(1) {
            if tags[start].tag != "nt"
                && start < end
                && first.chars().count() == 2
                && lex.glued_prepositions.contains(&first[..k])
                && lex.admin_levels.contains(&first[k..])
            {
                start_byte += k;
            }
        }
        let words: Vec<&str> = tags[start..=end].iter().map(|t| t.word).collect();
        let head = words[words.len() - 1];
        let own_prefix = start > 0 && lex.own_markers.contains(tags[start - 1].word)
            || lex
                .own_markers
                .iter()
                .any(|m| head.starts_with(m.as_str()) && head.chars().count() <= 3);
        let modifiers = &words[..words.len() - 1];
        let specific = if modifiers.is_empty() {
            !lex.generic_heads.contains(head)
                && !lex
                    .generic_modifiers
                    .iter()
                    .any(|g| head.starts_with(g.as_str()))
                && head.chars().count() >= 2
        } else {
            // 当地有关部门: a vague word right before the head leaves the
            // unit unnamed, whatever stands before it.
            modifiers.iter().any(|m| !lex.generic_modifiers.contains(m))
                && !modifiers
                    .last()
                    .is_some_and(|m| lex.vague_modifiers.contains(m))
        };
        // A unit or department named only by what it does (维保单位, 供水
        // 单位, 市场监管部门, 价格主管部门) is a role, not a unit in
        // particular: no place, organisation or proper name, no level of
        // government in it.
        let role = (head.ends_with("单位") || head.ends_with("部门"))
            && tags[start..=end].iter().all(|t| {
                !matches!(t.tag, "ns" | "nt" | "nz" | "nr" | "nrt" | "nrfg")
                    && !is_admin_level(t.word, lex)
            });
        let generic_before = start > 0 && lex.generic_modifiers.contains(tags[start - 1].word);
        out.push(Unit {
            start: start_byte,
            end: tags[end].byte_end,
            specific: specific && !generic_before && !own_prefix,
            own: own_prefix,
            role,
        });
        i = end + 1;
    }
    out
}

/// A level of government as a word (市, 县级, 区属), not a noun that starts
/// with one (市场 in 市场监管部门, 市政, 区域).
fn is_admin_level(w: &str, lex: &Lexicon) -> bool {
    lex.admin_levels.iter().any(|l| {
        w.strip_prefix(l.as_str())
            .is_some_and(|rest| matches!(rest, "" | "级" | "直" | "属" | "里" | "委"))
    })
}

/// Place names: words tagged `ns` and noun phrases ending in a place noun
/// (路, 街, 小区, 村, 市场, 门口, 3号楼…), with the nouns and numbers before.
/// The word classes of verbs the lexicon lists (light, directive, dummy,
/// telling, inquiry, handing, saying), whatever jieba tags the word.
const LEXICON_VERBS: Class = Class::LIGHT_VERB
    .with(Class::DIRECTIVE_VERB)
    .with(Class::DUMMY_VERB)
    .with(Class::TELLING_VERB)
    .with(Class::INQUIRY_VERB)
    .with(Class::HANDING_VERB)
    .with(Class::SAYING_VERB);

fn places(tags: &[jieba_rs::Tag<'_>], cls: &[Class], lex: &Lexicon) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    // A verb that ends like a place (堵路, 修路, 过桥) names none.
    let is_place = |k: usize| {
        tags[k].tag == "ns"
            || tags[k].tag == "s"
            || !tags[k].tag.starts_with('v') && cls[k].has(Class::PLACE_END)
    };
    let mut i = 0;
    while i < tags.len() {
        if !is_place(i) || cls[i].is_break() {
            i += 1;
            continue;
        }
        let mut end = i;
        while end + 1 < tags.len()
            && (is_place(end + 1)
                || tags[end + 1].word == "与" && end + 2 < tags.len() && is_place(end + 2))
        {
            end += 1;
        }
        let mut start = i;
        while start > 0 {
            let p = &tags[start - 1];
            // Not a word the lexicon knows as a verb, though jieba tags it a
            // noun (联系 in 请联系长沙市教育局: the place is 长沙市).
            let verb = cls[start - 1].has(LEXICON_VERBS);
            let ok = (is_nominal(p.tag) || p.tag == "m" || p.tag == "nz")
                && !cls[start - 1].is_marker()
                && !cls[start - 1].has(Class::GENERIC_MODIFIER)
                && !verb;
            if !ok {
                break;
            }
            start -= 1;
        }
        // A place head alone (市场 in 转市场监管部门, 小区) names no place, nor
        // does an organisation's head that ends like one (政府: 府).
        let word = tags[start].word;
        let bare = start == end
            && !matches!(tags[start].tag, "ns" | "s")
            && (lex.place_heads.iter().any(|h| h == word)
                || lex.org_heads.iter().any(|h| h == word)
                || lex.generic_heads.contains(word));
        if !bare {
            out.push((tags[start].byte_start, tags[end].byte_end));
        }
        i = end + 1;
    }
    out
}

#[cfg(test)]
mod tests;
