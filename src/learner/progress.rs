//! The learner's progress: what is stored in `progress.json`, and the changes the
//! app and the command line make to it.
//!
//! Answers are the source of truth. Leitner cards, the streak and the last study
//! date are derived from them (`rebuild`) by replaying the answers in time order,
//! so two copies of the progress merge by uniting their answers and replaying.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::date::Date;
use super::schedule::{self, Card};

/// Bumped when the file format changes incompatibly.
pub const FORMAT_VERSION: u32 = 1;

/// Limits a progress file is held to (imports are refused beyond them; a loaded
/// file is trimmed to them). Far above what a learner produces.
pub const MAX_DAY: u32 = 1000;
/// Characters kept of one quiz answer (a number or a word or two is expected).
pub const MAX_GIVEN: usize = 200;
/// Characters in one lesson's notes.
pub const MAX_NOTE: usize = 100_000;
/// Saved playground formulas, each at most `expr::MAX_LEN` characters.
pub const MAX_FORMULAS: usize = 1000;
/// Recorded answers: years of daily study.
pub const MAX_ANSWERS: usize = 1_000_000;
/// Questions in one day's quiz.
pub const MAX_QUESTIONS: usize = 1000;
/// Characters in a question id or a lesson slug.
pub const MAX_ID: usize = 200;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Progress {
    pub version: u32,
    /// The course day the learner has reached: the day after the last passed one.
    pub current_day: u32,
    /// Where the app was left, to reopen there.
    pub resume: Option<Resume>,
    /// Days whose lesson was opened.
    pub read: BTreeSet<u32>,
    /// Days whose quiz was passed, with the best passing score.
    pub passed: BTreeMap<u32, Score>,
    /// Every graded answer, oldest first.
    pub answers: Vec<Answer>,
    /// Leitner card per question id (derived from `answers`).
    pub cards: BTreeMap<String, Card>,
    /// Consecutive study days up to `last_study_date` (derived from `answers`).
    pub streak: u32,
    pub last_study_date: Option<Date>,
    /// The learner's notes per lesson slug.
    pub notes: BTreeMap<String, String>,
    /// Formulas saved in the playground.
    pub playground: Vec<String>,
}

impl Default for Progress {
    fn default() -> Self {
        Progress {
            version: FORMAT_VERSION,
            current_day: 1,
            resume: None,
            read: BTreeSet::new(),
            passed: BTreeMap::new(),
            answers: Vec::new(),
            cards: BTreeMap::new(),
            streak: 0,
            last_study_date: None,
            notes: BTreeMap::new(),
            playground: Vec::new(),
        }
    }
}

/// The day and view the app was left on ("lesson", "quiz", … as `View::key`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resume {
    pub day: u32,
    pub view: String,
}

/// One graded answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    /// The question's id.
    pub id: String,
    /// The day of the lesson the question belongs to.
    pub day: u32,
    /// The learner's local calendar date.
    pub date: Date,
    /// UNIX time in milliseconds.
    pub time: u64,
    pub given: String,
    pub correct: bool,
    /// Asked as a review of an earlier miss.
    #[serde(default)]
    pub review: bool,
    /// This answer's identity (random, see `new_uid`): two learners giving the
    /// same answer in the same millisecond are two answers. 0 in files written
    /// before it existed, where (id, time, given) is the identity.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub uid: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

impl Answer {
    /// Two records of the same answer (from two copies of the file) are one.
    fn key(&self) -> (u64, &str, &str, u64) {
        (self.time, &self.id, &self.given, self.uid)
    }
}

/// A fresh, non-zero answer identity: std's per-process random hash keys over
/// the process id, a counter and the clock, so no two processes (or calls)
/// share one in practice.
pub fn new_uid() -> u64 {
    use std::hash::BuildHasher;
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let count = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let uid = std::hash::RandomState::new().hash_one((std::process::id(), count, nanos));
    uid.max(1)
}

/// Questions right out of questions asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Score {
    pub right: usize,
    pub of: usize,
}

/// One change to the progress. Saving applies changes to the freshest copy on disk
/// rather than overwriting it, so concurrent processes keep each other's work.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    Answer(Answer),
    /// A quiz was passed; the course moves on, up to `last_day`.
    Passed {
        day: u32,
        score: Score,
        last_day: u32,
    },
    Read(u32),
    Resume(Resume),
    /// Set a lesson's note (empty removes it).
    Note {
        slug: String,
        text: String,
    },
    /// A note edited from `before` to `text`: if the stored note is no longer
    /// `before` (another app changed it), both texts are kept.
    NoteEdit {
        slug: String,
        before: String,
        text: String,
    },
    /// The whole list of saved formulas. Through `Store::apply` only its
    /// differences from the caller's copy are applied; prefer the edits below.
    Formulas(Vec<String>),
    /// Keep a formula (once).
    AddFormula(String),
    /// Drop a formula.
    RemoveFormula(String),
}

impl Change {
    /// The edits that turn the list `before` into `after`: what to remove, then
    /// what to add. Applied to another copy, they keep that copy's own formulas.
    pub fn formula_edits(before: &[String], after: &[String]) -> Vec<Change> {
        let removed = before.iter().filter(|f| !after.contains(f));
        let added = after.iter().filter(|f| !before.contains(f));
        removed
            .map(|f| Change::RemoveFormula(f.clone()))
            .chain(added.map(|f| Change::AddFormula(f.clone())))
            .collect()
    }
}

impl Progress {
    /// Apply changes, then re-derive cards and streak.
    pub fn apply_all(&mut self, changes: impl IntoIterator<Item = Change>) {
        for change in changes {
            self.apply(change);
        }
        self.rebuild();
    }

    /// Apply changes made by a process whose copy of the progress was `base` to
    /// this copy (fresher: read from disk under the lock). A whole formula list
    /// (`Change::Formulas`) is applied as the edits it makes to `base`'s list, so
    /// two apps on one home keep each other's formulas.
    pub fn apply_over(&mut self, base: &Progress, changes: impl IntoIterator<Item = Change>) {
        let mut before = base.playground.clone();
        for change in changes {
            match change {
                Change::Formulas(after) => {
                    for edit in Change::formula_edits(&before, &after) {
                        self.apply(edit);
                    }
                    before = after;
                }
                other => self.apply(other),
            }
        }
        self.rebuild();
    }

    /// The note to store for `slug` when a process changed it from `before` to
    /// `text`: its text, unless the note here changed meanwhile; then both.
    fn note_over(&self, slug: &str, before: &str, text: String) -> String {
        let here = self.notes.get(slug).map_or("", String::as_str);
        if here == before || here.trim().is_empty() || here == text {
            return text;
        }
        if text.trim().is_empty() || contains_paragraphs(here, &text) {
            // Removed there but edited here, or already here: keep this one.
            return here.to_string();
        }
        format!("{here}\n\n{text}")
    }

    fn apply(&mut self, change: Change) {
        match change {
            Change::Answer(mut answer) => {
                answer.given = truncate_chars(&answer.given, MAX_GIVEN);
                if answer.uid == 0 {
                    answer.uid = new_uid();
                }
                self.answers.push(answer);
            }
            Change::Passed {
                day,
                score,
                last_day,
            } => self.mark_passed(day, score, last_day),
            Change::Read(day) => {
                self.read.insert(day);
            }
            Change::Resume(resume) => self.resume = Some(resume),
            Change::Note { slug, text } => {
                if text.trim().is_empty() {
                    self.notes.remove(&slug);
                } else {
                    self.notes.insert(slug, text);
                }
            }
            Change::NoteEdit { slug, before, text } => {
                let text = self.note_over(&slug, &before, text);
                self.apply(Change::Note { slug, text });
            }
            Change::Formulas(formulas) => self.playground = formulas,
            Change::AddFormula(formula) => {
                if !self.playground.contains(&formula) {
                    self.playground.push(formula);
                }
            }
            Change::RemoveFormula(formula) => self.playground.retain(|f| *f != formula),
        }
    }

    fn mark_passed(&mut self, day: u32, score: Score, last_day: u32) {
        let best = self.passed.entry(day).or_insert(score);
        if score.right * best.of.max(1) > best.right * score.of.max(1) {
            *best = score;
        }
        self.current_day = self.current_day.max((day + 1).min(last_day.max(1)));
    }

    /// Unite another copy into this one (import): answers, read and passed days and
    /// saved formulas are united; a note both copies have is kept from both.
    pub fn merge(&mut self, other: &Progress) {
        self.answers.extend(other.answers.iter().cloned());
        self.read.extend(other.read.iter().copied());
        for (day, score) in &other.passed {
            self.mark_passed(*day, *score, u32::MAX);
        }
        self.current_day = self.current_day.max(other.current_day);
        for (slug, text) in &other.notes {
            let mine = self.notes.entry(slug.clone()).or_default();
            if mine.trim().is_empty() {
                mine.clone_from(text);
            } else if !contains_paragraphs(mine, text) {
                // Importing the same file again adds nothing.
                mine.push_str("\n\n");
                mine.push_str(text);
            }
        }
        for formula in &other.playground {
            if !self.playground.contains(formula) {
                self.playground.push(formula.clone());
            }
        }
        self.rebuild();
    }

    /// Sort and dedupe the answers, then replay them for the cards and the streak.
    pub fn rebuild(&mut self) {
        self.answers.sort_by(|a, b| a.key().cmp(&b.key()));
        // Sorted by the key, so copies of one answer are neighbours.
        self.answers.dedup_by(|a, b| a.key() == b.key());
        self.cards.clear();
        for answer in &self.answers {
            let card = self.cards.get(&answer.id).copied();
            match schedule::after_answer(card, answer.correct, answer.date) {
                Some(card) => self.cards.insert(answer.id.clone(), card),
                None => self.cards.remove(&answer.id),
            };
        }
        let dates: BTreeSet<Date> = self.answers.iter().map(|a| a.date).collect();
        self.last_study_date = dates.last().copied();
        self.streak = run_length(&dates);
    }

    /// The streak as of `today`: 0 once a whole day has passed without study.
    pub fn streak_on(&self, today: Date) -> u32 {
        match self.last_study_date {
            Some(last) if today.since(last) <= 1 => self.streak,
            _ => 0,
        }
    }

    /// Ids of the questions due for review on `today`, the longest overdue first.
    pub fn reviews_due(&self, today: Date) -> Vec<&str> {
        let mut due: Vec<(&str, &Card)> = self
            .cards
            .iter()
            .filter(|(_, c)| c.is_due(today))
            .map(|(id, c)| (id.as_str(), c))
            .collect();
        due.sort_by_key(|(id, c)| (c.due, *id));
        due.into_iter().map(|(id, _)| id).collect()
    }

    /// (answered, correct) over every recorded answer to these questions.
    pub fn tally(&self, ids: &BTreeSet<&str>) -> (usize, usize) {
        let mine = self.answers.iter().filter(|a| ids.contains(a.id.as_str()));
        mine.fold((0, 0), |(n, k), a| (n + 1, k + usize::from(a.correct)))
    }

    pub fn is_passed(&self, day: u32) -> bool {
        self.passed.contains_key(&day)
    }

    /// What makes this progress unfit to import, as lessons are checked: days
    /// and scores out of range, oversized or control-character text. Empty if fine.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let mut check = |ok: bool, problem: String| {
            if !ok {
                problems.push(problem);
            }
        };
        let day_ok = |day: u32| (1..=MAX_DAY).contains(&day);
        check(
            day_ok(self.current_day),
            format!(
                "current_day {} is not between 1 and {MAX_DAY}",
                self.current_day
            ),
        );
        for &day in self.read.iter().chain(self.passed.keys()) {
            check(
                day_ok(day),
                format!("day {day} is not between 1 and {MAX_DAY}"),
            );
        }
        for (day, score) in &self.passed {
            check(
                score.right <= score.of && score.of <= MAX_QUESTIONS,
                format!(
                    "the score of day {day} ({} of {}) is impossible",
                    score.right, score.of
                ),
            );
        }
        check(
            self.answers.len() <= MAX_ANSWERS,
            format!("{} answers (at most {MAX_ANSWERS})", self.answers.len()),
        );
        for answer in &self.answers {
            check(
                day_ok(answer.day),
                format!("an answer names day {}", answer.day),
            );
            check(
                text_fits(&answer.id, MAX_ID, false),
                "an answer's question id is too long or has control characters".to_string(),
            );
            check(
                text_fits(&answer.given, MAX_GIVEN, false),
                format!(
                    "an answer to '{}' is over {MAX_GIVEN} characters or has control characters",
                    shown(&answer.id)
                ),
            );
        }
        for (slug, note) in &self.notes {
            check(
                text_fits(slug, MAX_ID, false) && text_fits(note, MAX_NOTE, true),
                format!(
                    "the notes on '{}' are over {MAX_NOTE} characters or have control characters",
                    shown(slug)
                ),
            );
        }
        check(
            self.playground.len() <= MAX_FORMULAS,
            format!(
                "{} saved formulas (at most {MAX_FORMULAS})",
                self.playground.len()
            ),
        );
        for formula in &self.playground {
            check(
                text_fits(formula, crate::expr::MAX_LEN, false),
                format!(
                    "the saved formula '{}' is over {} characters or has control characters",
                    shown(formula),
                    crate::expr::MAX_LEN
                ),
            );
        }
        problems
    }

    /// Bring a loaded file within the limits, keeping all it can: days clamped,
    /// long answers cut, control characters in notes, formulas and answers shown
    /// as visible escapes (so no screen ever receives them raw).
    pub fn tidy(&mut self) {
        self.current_day = self.current_day.clamp(1, MAX_DAY);
        for answer in &mut self.answers {
            let given = crate::sanitize::clean_line(&answer.given);
            answer.given = truncate_chars(&given, MAX_GIVEN);
        }
        for note in self.notes.values_mut() {
            if let std::borrow::Cow::Owned(clean) = crate::sanitize::clean_text(note) {
                *note = clean;
            }
        }
        for formula in &mut self.playground {
            if let std::borrow::Cow::Owned(clean) = crate::sanitize::clean_line(formula) {
                *formula = clean;
            }
        }
    }
}

/// At most `max` characters of `text`.
fn truncate_chars(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((end, _)) => text[..end].to_string(),
        None => text.to_string(),
    }
}

/// Whether `text` is at most `max` characters with no control characters
/// (newlines and tabs allowed when `multiline`).
fn text_fits(text: &str, max: usize, multiline: bool) -> bool {
    let clean = if multiline {
        crate::sanitize::first_control(text).is_none()
    } else {
        !text.chars().any(crate::sanitize::is_control)
    };
    clean && text.chars().nth(max).is_none()
}

/// A short, safe rendering of a name for a message.
fn shown(text: &str) -> String {
    let clean = crate::sanitize::clean_line(text);
    match clean.char_indices().nth(40) {
        Some((end, _)) => format!("{}…", &clean[..end]),
        None => clean.into_owned(),
    }
}

/// Whether every paragraph of `text` is already a paragraph of `mine`.
fn contains_paragraphs(mine: &str, text: &str) -> bool {
    let have: BTreeSet<&str> = mine.split("\n\n").collect();
    text.split("\n\n").all(|p| have.contains(p))
}

/// Consecutive dates ending at the last one.
fn run_length(dates: &BTreeSet<Date>) -> u32 {
    let mut run = 0;
    let mut expected = None;
    for date in dates.iter().rev() {
        if expected.is_some_and(|e| e != *date) {
            break;
        }
        run += 1;
        expected = Some(date.add_days(-1));
    }
    run
}
