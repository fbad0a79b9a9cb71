//! `acttutor quiz DAY --plain`: a day's quiz line by line on stdin and stdout, for
//! screen readers and scripts. One answer per line; the end of input ends the quiz
//! early and keeps what was answered. Answers are saved one by one exactly as the
//! app saves them (`learner::Session` + `Store::apply`). Choice options come in a
//! fresh order at every sitting; `--seed N` reproduces one.

use std::io::{BufRead, Write};
use std::process::ExitCode;

use anyhow::anyhow;
use clap::Args as ClapArgs;

use crate::course::{Course, Question, QuestionKind};
use crate::learner::session::{fresh_seed, pass_mark};
use crate::learner::{Graded, Now, Progress, Session, Store, Verdict};

#[derive(Debug, ClapArgs)]
pub struct Args {
    /// A day number or a slug, e.g. 6 or relu.
    pub lesson: String,

    /// Plain text on stdin/stdout instead of the full-screen app.
    #[arg(long)]
    pub plain: bool,

    /// Shuffle the choice options with this seed, to reproduce a sitting (the
    /// default is a fresh order every time). Used with --plain.
    #[arg(long, value_name = "N", requires = "plain")]
    pub seed: Option<u64>,
}

/// Everything the plain quiz reads and writes.
pub struct Plain<'a, R, W> {
    pub course: &'a Course,
    pub store: &'a Store,
    pub clock: &'a dyn Fn() -> Now,
    pub input: R,
    pub out: W,
    /// Show a "> " prompt (only when a person types).
    pub prompt: bool,
    /// The seed of the options' order; `None` draws a fresh one.
    pub seed: Option<u64>,
}

/// `acttutor quiz DAY --plain` as dispatched from `cli::run`.
pub fn command(cli: &super::Cli, args: &Args, out: &mut impl Write) -> anyhow::Result<ExitCode> {
    use std::io::IsTerminal;
    let course = super::course::load(cli.lessons.as_ref())?;
    super::course::warn_problems(&course);
    let day = find_day(&course, &args.lesson)?;
    let store = Store::locate()?;
    let stdin = std::io::stdin();
    let mut plain = Plain {
        course: &course,
        store: &store,
        clock: &Now::system,
        prompt: stdin.is_terminal(),
        input: stdin.lock(),
        out,
        seed: args.seed,
    };
    plain.run(day)
}

/// The day of `which`, or an error naming the valid range.
pub fn find_day(course: &Course, which: &str) -> anyhow::Result<u32> {
    course.find(which).map(|l| l.day).ok_or_else(|| {
        let days = course.lessons.len();
        anyhow!(
            "no lesson '{}': give a day (1–{days}) or a slug (see `acttutor list`)",
            crate::sanitize::clean_quote(which, 60)
        )
    })
}

impl<R: BufRead, W: Write> Plain<'_, R, W> {
    pub fn run(&mut self, day: u32) -> anyhow::Result<ExitCode> {
        let loaded = self.store.load();
        if let Some(notice) = &loaded.notice {
            eprintln!("acttutor: {}", crate::sanitize::clean_line(notice));
        }
        let mut progress = loaded.progress;
        let now = (self.clock)();
        let seed = self.seed.unwrap_or_else(|| fresh_seed(now));
        let mut session = Session::with_seed(self.course, day, &progress, now, seed)
            .ok_or_else(|| anyhow!("no lesson for day {day}"))?;
        self.header(&session)?;
        while let Some(question) = session.question(self.course) {
            if !self.ask(&mut session, question, &mut progress)? {
                let answered = session.results.iter().flatten().count();
                writeln!(
                    self.out,
                    "\nInput ended: {answered} of {} answered; your answers are kept.",
                    session.items.len()
                )?;
                break;
            }
            session.advance();
        }
        self.summary(&session, &progress)?;
        Ok(ExitCode::SUCCESS)
    }

    fn header(&mut self, session: &Session) -> anyhow::Result<()> {
        let lesson = self
            .course
            .day(session.day)
            .ok_or_else(|| anyhow!("no lesson for day {}", session.day))?;
        let reviews = session.reviews();
        let extra = match reviews {
            0 => String::new(),
            1 => " and 1 review".to_string(),
            n => format!(" and {n} reviews"),
        };
        writeln!(
            self.out,
            "Day {} · {} — quiz: {} questions{extra}",
            lesson.day,
            lesson.title,
            lesson.quiz.len()
        )?;
        writeln!(
            self.out,
            "One answer per line. Pass mark: {} of {}.",
            pass_mark(lesson.quiz.len()),
            lesson.quiz.len()
        )?;
        Ok(())
    }

    /// Ask until graded; false when the input has ended.
    fn ask(
        &mut self,
        session: &mut Session,
        q: &Question,
        progress: &mut Progress,
    ) -> anyhow::Result<bool> {
        let Some(item) = session.current().cloned() else {
            return Ok(false);
        };
        let tag = if item.review {
            format!(" · review from day {}", item.day)
        } else {
            String::new()
        };
        writeln!(
            self.out,
            "\nQuestion {} of {}{tag}",
            session.position + 1,
            session.items.len()
        )?;
        writeln!(self.out, "{}", q.prompt)?;
        for (number, option) in session
            .shown_options(self.course)
            .unwrap_or_default()
            .iter()
            .enumerate()
        {
            writeln!(self.out, "  {}. {option}", number + 1)?;
        }
        writeln!(self.out, "{}", how_to_answer(q))?;
        loop {
            let Some(line) = self.read_line()? else {
                return Ok(false);
            };
            let graded = session.grade(q, &line);
            if let Verdict::NotGraded(why) = &graded.verdict {
                // The reason may quote what was typed.
                let why = crate::sanitize::clean_line(why);
                writeln!(self.out, "Not graded: {why}. Try again.")?;
                continue;
            }
            let recorded = session.recorded_answer(q, &line);
            let changes = session.answer(&graded, &recorded, (self.clock)());
            match self.store.apply(progress, changes) {
                Ok(saved) => {
                    *progress = saved.progress;
                    if let Some(notice) = saved.notice {
                        eprintln!("acttutor: {}", crate::sanitize::clean_line(&notice));
                    }
                }
                Err(err) => eprintln!(
                    "acttutor: could not save this answer: {}",
                    crate::sanitize::clean_line(&format!("{err:#}"))
                ),
            }
            write_feedback(&mut self.out, q, &graded)?;
            writeln!(self.out, "{}", session.counters())?;
            return Ok(true);
        }
    }

    fn read_line(&mut self) -> anyhow::Result<Option<String>> {
        if self.prompt {
            write!(self.out, "> ")?;
        }
        self.out.flush()?;
        let mut line = String::new();
        if super::read_line_capped(&mut self.input, &mut line)? == 0 {
            return Ok(None);
        }
        let line = line.trim_end_matches(['\n', '\r']).to_string();
        if !self.prompt {
            // Piped input is not echoed by a terminal: show it so the transcript reads.
            writeln!(self.out, "> {}", crate::sanitize::clean_line(&line))?;
        }
        Ok(Some(line))
    }

    fn summary(&mut self, session: &Session, progress: &Progress) -> anyhow::Result<()> {
        let score = session.score();
        let percent = (score.right * 100).checked_div(score.of).unwrap_or(0);
        let verdict = if session.passed() {
            passed_next(self.course, progress)
        } else {
            format!(
                "not passed yet ({} needed); try again with acttutor quiz {} --plain",
                pass_mark(score.of),
                session.day
            )
        };
        writeln!(
            self.out,
            "\nScore: {} of {} right ({percent}%) — {verdict}.",
            score.right, score.of
        )?;
        let reviews = session.review_score();
        if reviews.of > 0 {
            writeln!(
                self.out,
                "Reviews: {} of {} right.",
                reviews.right, reviews.of
            )?;
        }
        Ok(())
    }
}

/// What follows a pass: the learner's current day as the saved progress has it
/// (passing day 1 again while on day 3 leaves day 3 next), or the course's end.
fn passed_next(course: &Course, progress: &Progress) -> String {
    let unpassed = course.lessons.iter().find(|l| !progress.is_passed(l.day));
    match course.day(progress.current_day) {
        Some(current) if !progress.is_passed(current.day) => {
            format!("passed; day {} is next", current.day)
        }
        _ => match unpassed {
            Some(lesson) => format!("passed; day {} is still to pass", lesson.day),
            None => "passed: every day of the course is passed".to_string(),
        },
    }
}

/// The line telling what kind of answer is expected.
pub fn how_to_answer(q: &Question) -> String {
    match &q.kind {
        QuestionKind::Choice { options, .. } => {
            format!("Answer with a number, 1 to {}:", options.len())
        }
        QuestionKind::Numeric { .. } => "Answer with a number (e.g. 0.25 or 1/4):".into(),
        QuestionKind::Text { .. } => "Type the answer:".into(),
        QuestionKind::Formula { .. } => "Type a formula in x (e.g. max(0, x)):".into(),
    }
}

fn write_feedback(out: &mut impl Write, q: &Question, graded: &Graded) -> std::io::Result<()> {
    if graded.is_right() {
        writeln!(out, "Right. {}", graded.right_answer)?;
        if let Some(note) = &graded.note {
            writeln!(out, "{note}")?;
        }
    } else {
        writeln!(out, "Wrong. The answer is {}", graded.right_answer)?;
    }
    if let Some(why) = &graded.why_wrong {
        writeln!(out, "{}", crate::sanitize::clean_text(why))?;
    }
    writeln!(out, "{}", q.explanation)
}
