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
}

impl Answer {
    /// Two records of the same answer (from two copies of the file) are one.
    fn key(&self) -> (&str, u64, &str) {
        (&self.id, self.time, &self.given)
    }
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
    Note {
        slug: String,
        text: String,
    },
    Formulas(Vec<String>),
}

impl Progress {
    /// Apply changes, then re-derive cards and streak.
    pub fn apply_all(&mut self, changes: impl IntoIterator<Item = Change>) {
        for change in changes {
            self.apply(change);
        }
        self.rebuild();
    }

    fn apply(&mut self, change: Change) {
        match change {
            Change::Answer(answer) => self.answers.push(answer),
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
            Change::Formulas(formulas) => self.playground = formulas,
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
            } else if mine != text {
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
        self.answers
            .sort_by(|a, b| (a.time, &a.id, &a.given).cmp(&(b.time, &b.id, &b.given)));
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
