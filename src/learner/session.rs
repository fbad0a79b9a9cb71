//! One sitting of a day's quiz, shared by the app and `acttutor quiz DAY --plain` so
//! both record answers the same way.
//!
//! The session asks each of the lesson's questions once, with up to `MAX_REVIEWS`
//! due review questions from other days mixed in (one after each lesson question).
//! Only the first graded answer to an item counts. The lesson is passed when the
//! lesson questions answered right in this session reach `pass_mark` (75% of the
//! lesson's questions, rounded up); reviews do not count towards it.
//!
//! Each sitting shows every choice question's options in a fresh order drawn from
//! the session's seed (see `order`); the screen shows `shown_options`, passes the
//! learner's shown number to `grade`, and the feedback names options by the
//! numbers the learner saw.

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicU64, Ordering};

use super::date::Now;
use super::grade::{grade_shown, Graded};
use super::order::OptionOrder;
use super::progress::{Answer, Change, Progress, Score};
use crate::course::{Course, Question, QuestionKind};

/// A lesson is passed at this percentage of its questions right.
pub const PASS_PERCENT: usize = 75;
/// At most this many review questions join one quiz.
pub const MAX_REVIEWS: usize = 10;

/// Right answers needed to pass a quiz of `n` questions.
pub fn pass_mark(n: usize) -> usize {
    (n * PASS_PERCENT).div_ceil(100)
}

/// A question to ask.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub id: String,
    /// The day of the lesson the question belongs to.
    pub day: u32,
    pub review: bool,
    /// How a choice question's options are shown (empty for other kinds).
    pub order: OptionOrder,
}

#[derive(Debug, Clone)]
pub struct Session {
    pub day: u32,
    pub items: Vec<Item>,
    /// The item being asked.
    pub position: usize,
    /// The first graded result of each item.
    pub results: Vec<Option<bool>>,
    /// The course's last day (the current day never moves past it).
    last_day: u32,
    /// The seed the options' order was drawn from (to reproduce a sitting).
    pub seed: u64,
}

/// Sittings started in the same millisecond still get different seeds.
static SITTINGS: AtomicU64 = AtomicU64::new(0);

/// A seed for a new sitting: the clock and a per-process count.
pub fn fresh_seed(now: Now) -> u64 {
    let count = SITTINGS.fetch_add(1, Ordering::Relaxed);
    now.unix_ms ^ (u64::from(std::process::id()) << 40) ^ count.wrapping_mul(0x9E37_79B9)
}

impl Session {
    /// The quiz of `day` with the reviews due on `now.today` mixed in, its options
    /// in a fresh order.
    pub fn new(course: &Course, day: u32, progress: &Progress, now: Now) -> Option<Session> {
        Session::with_seed(course, day, progress, now, fresh_seed(now))
    }

    /// As `new`, with the options' order drawn from `seed` (reproducible).
    pub fn with_seed(
        course: &Course,
        day: u32,
        progress: &Progress,
        now: Now,
        seed: u64,
    ) -> Option<Session> {
        let lesson = course.day(day)?;
        let item = |day: u32, question: &Question, review: bool| Item {
            id: question.id.clone(),
            day,
            review,
            order: match &question.kind {
                QuestionKind::Choice { options, .. } => {
                    OptionOrder::shuffled(options.len(), seed, &question.id)
                }
                _ => OptionOrder::identity(0),
            },
        };
        let reviews: Vec<Item> = progress
            .reviews_due(now.today)
            .into_iter()
            .filter_map(|id| course.question(id))
            .filter(|(l, _)| l.day != day)
            .take(MAX_REVIEWS)
            .map(|(l, q)| item(l.day, q, true))
            .collect();
        let mut items = Vec::new();
        let mut reviews = reviews.into_iter();
        for question in &lesson.quiz {
            items.push(item(day, question, false));
            items.extend(reviews.next());
        }
        items.extend(reviews);
        Some(Session {
            day,
            results: vec![None; items.len()],
            items,
            position: 0,
            last_day: course.lessons.last().map_or(day, |l| l.day),
            seed,
        })
    }

    /// The current choice question's options as shown, numbered from 1 on screen.
    pub fn shown_options<'c>(&self, course: &'c Course) -> Option<Vec<&'c str>> {
        let item = self.current()?;
        match &course.question(&item.id)?.1.kind {
            QuestionKind::Choice { options, .. } => Some(item.order.arrange(options)),
            _ => None,
        }
    }

    /// Grade `given` for the current item: a choice by the number shown.
    pub fn grade(&self, question: &Question, given: &str) -> Graded {
        let identity = OptionOrder::identity(0);
        let order = self.current().map_or(&identity, |item| &item.order);
        grade_shown(question, given, order)
    }

    /// The answer as it is recorded in the progress: a choice picked by its shown
    /// number is recorded by the file's number, so records do not depend on the
    /// order of one sitting. Other answers are recorded as typed.
    pub fn recorded_answer(&self, question: &Question, given: &str) -> String {
        let given = given.trim();
        let file_number = match (&question.kind, self.current()) {
            (QuestionKind::Choice { .. }, Some(item)) => given
                .parse::<usize>()
                .ok()
                .and_then(|n| n.checked_sub(1))
                .and_then(|shown| item.order.file_index(shown))
                .map(|i| (i + 1).to_string()),
            _ => None,
        };
        file_number.unwrap_or_else(|| given.to_string())
    }

    /// "3 of 9 answered · 2 right · pass: 7", over the lesson's questions; reviews
    /// mixed in are counted after it ("· reviews: 1 of 2 right").
    pub fn counters(&self) -> String {
        let lesson: Vec<Option<bool>> = self.lesson_results().collect();
        let answered = lesson.iter().flatten().count();
        let right = lesson.iter().filter(|r| **r == Some(true)).count();
        let mut text = format!(
            "{answered} of {} answered · {right} right · pass: {}",
            lesson.len(),
            pass_mark(lesson.len())
        );
        let reviews = self.review_score();
        if reviews.of > 0 {
            text.push_str(&format!(
                " · reviews: {} of {} right",
                reviews.right, reviews.of
            ));
        }
        text
    }

    pub fn current(&self) -> Option<&Item> {
        self.items.get(self.position)
    }

    pub fn question<'c>(&self, course: &'c Course) -> Option<&'c Question> {
        self.current()
            .and_then(|item| course.question(&item.id))
            .map(|(_, q)| q)
    }

    pub fn is_finished(&self) -> bool {
        self.position >= self.items.len()
    }

    /// Whether the current item already has its (first) graded answer.
    pub fn is_answered(&self) -> bool {
        self.results.get(self.position).is_some_and(Option::is_some)
    }

    pub fn advance(&mut self) {
        self.position = (self.position + 1).min(self.items.len());
    }

    /// Record a graded answer to the current item; returns the changes to save.
    /// Ungraded input and second attempts record nothing.
    pub fn answer(&mut self, graded: &Graded, given: &str, now: Now) -> Vec<Change> {
        if !graded.is_graded() || self.is_answered() {
            return Vec::new();
        }
        let Some(item) = self.current().cloned() else {
            return Vec::new();
        };
        let correct = graded.is_right();
        self.results[self.position] = Some(correct);
        let mut changes = vec![Change::Answer(Answer {
            id: item.id.clone(),
            day: item.day,
            date: now.today,
            time: now.unix_ms,
            given: given.trim().to_string(),
            correct,
            review: item.review,
            uid: super::progress::new_uid(),
        })];
        // Once passed, every further lesson answer updates the score (the best is kept).
        if !item.review && self.passed() {
            changes.push(Change::Passed {
                day: self.day,
                score: self.score(),
                last_day: self.last_day,
            });
        }
        changes
    }

    /// Lesson questions right out of the lesson's questions.
    pub fn score(&self) -> Score {
        let lesson = self.lesson_results();
        Score {
            right: lesson.clone().filter(|r| *r == Some(true)).count(),
            of: lesson.count(),
        }
    }

    /// Reviews right out of reviews answered.
    pub fn review_score(&self) -> Score {
        let answered = self
            .items
            .iter()
            .zip(&self.results)
            .filter_map(|(item, r)| if item.review { *r } else { None });
        answered.fold(Score::default(), |s, right| Score {
            right: s.right + usize::from(right),
            of: s.of + 1,
        })
    }

    pub fn reviews(&self) -> usize {
        self.items.iter().filter(|i| i.review).count()
    }

    pub fn passed(&self) -> bool {
        let score = self.score();
        score.of > 0 && score.right >= pass_mark(score.of)
    }

    fn lesson_results(&self) -> impl Iterator<Item = Option<bool>> + Clone + '_ {
        self.items
            .iter()
            .zip(&self.results)
            .filter(|(item, _)| !item.review)
            .map(|(_, r)| *r)
    }
}

/// Ids of a lesson's questions (for tallies).
pub fn lesson_ids(course: &Course, day: u32) -> BTreeSet<&str> {
    course
        .day(day)
        .map(|l| l.quiz.iter().map(|q| q.id.as_str()).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::course::Source;
    use crate::learner::Date;

    fn now() -> Now {
        Now {
            today: Date::from_ymd(2025, 3, 1),
            unix_ms: 1_740_787_200_000,
        }
    }

    #[test]
    fn counters_say_answered_right_and_the_pass_mark() {
        let course = Course::load(&Source::Embedded);
        let mut session =
            Session::with_seed(&course, 1, &Progress::default(), now(), 1).expect("day 1");
        let n = session.items.len();
        assert_eq!(
            session.counters(),
            format!("0 of {n} answered · 0 right · pass: {}", pass_mark(n))
        );
        let q = session.question(&course).expect("a question").clone();
        let right = crate::learner::grade::right_answer(&q);
        // The file's right option, typed as its text, is right in any order.
        let text = right.split_once(". ").map_or(right.as_str(), |(_, t)| t);
        let graded = session.grade(&q, text);
        assert!(graded.is_right(), "{graded:?}");
        session.answer(&graded, text, now());
        assert!(session
            .counters()
            .starts_with(&format!("1 of {n} answered · 1 right")));
    }

    #[test]
    fn the_shown_number_of_the_key_is_right_whatever_the_order() {
        let course = Course::load(&Source::Embedded);
        for seed in 0..20 {
            let session =
                Session::with_seed(&course, 1, &Progress::default(), now(), seed).expect("day 1");
            let q = session.question(&course).expect("a question");
            let QuestionKind::Choice {
                options, answer, ..
            } = &q.kind
            else {
                panic!("day 1 opens with a choice question");
            };
            let shown = session.shown_options(&course).expect("options");
            let at = shown
                .iter()
                .position(|o| *o == options[*answer])
                .expect("the key is shown");
            let graded = session.grade(q, &(at + 1).to_string());
            assert!(graded.is_right(), "seed {seed}");
            let recorded = session.recorded_answer(q, &(at + 1).to_string());
            assert_eq!(recorded, (answer + 1).to_string(), "the file's number");
            assert!(graded.right_answer.starts_with(&format!("{}. ", at + 1)));
        }
    }
}
