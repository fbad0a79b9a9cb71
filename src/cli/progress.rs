//! `acttutor progress`: the learner's state, and resetting, exporting and importing it.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::bail;
use clap::Args as ClapArgs;
use serde_json::json;

use crate::course::{Course, Lesson};
use crate::learner::session::lesson_ids;
use crate::learner::{ImportMode, Imported, Now, Progress, Store};
use crate::sanitize::clean_line;

#[derive(Debug, ClapArgs)]
pub struct Args {
    /// Print the state as JSON.
    #[arg(long, conflicts_with_all = ["reset", "export", "import"])]
    pub json: bool,

    /// Start over. Asks first; the old progress is kept in a backup file.
    #[arg(long, conflicts_with_all = ["export", "import"])]
    pub reset: bool,

    /// With --reset: do not ask.
    #[arg(long, short = 'y', requires = "reset")]
    pub yes: bool,

    /// Write the progress to FILE (to move it to another machine); `-` writes to
    /// stdout. FILE must be absent or a regular file; an existing one needs --force.
    #[arg(
        long,
        value_name = "FILE",
        conflicts_with = "import",
        allow_hyphen_values = true
    )]
    pub export: Option<PathBuf>,

    /// With --export: overwrite FILE if it exists.
    #[arg(long, requires = "export")]
    pub force: bool,

    /// Merge the progress in FILE into this one (answers are united). The current
    /// file is backed up first.
    #[arg(long, value_name = "FILE")]
    pub import: Option<PathBuf>,

    /// With --import: replace this progress with FILE's instead of merging.
    #[arg(long, requires = "import")]
    pub replace: bool,
}

/// `acttutor progress …` as dispatched from `cli::run`.
pub fn command(cli: &super::Cli, args: &Args, out: &mut impl Write) -> anyhow::Result<ExitCode> {
    let course = Course::load(&super::course::source(cli.lessons.as_ref()));
    let store = Store::locate()?;
    run(
        args,
        &course,
        &store,
        Now::system(),
        &mut std::io::stdin().lock(),
        out,
    )
}

/// The progress for `list`; none (blank statuses) if it cannot be found.
pub fn load_quietly() -> Progress {
    Store::locate().map(|s| load(&s)).unwrap_or_default()
}

pub fn run(
    args: &Args,
    course: &Course,
    store: &Store,
    now: Now,
    input: &mut impl BufRead,
    out: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    if args.reset {
        return reset(store, args.yes, input, out);
    }
    if let Some(file) = &args.export {
        return export(store, file, args.force, out);
    }
    if let Some(file) = &args.import {
        let mode = if args.replace {
            ImportMode::Replace
        } else {
            ImportMode::Merge
        };
        return import(store, file, mode, out);
    }
    let loaded = store.read()?;
    tell(loaded.notice);
    let progress = loaded.progress;
    if args.json {
        let text = serde_json::to_string_pretty(&json_state(course, &progress, now))?;
        writeln!(out, "{text}")?;
    } else {
        text_state(course, &progress, now, out)?;
        writeln!(out, "\nStored in {}", shown(&store.path()))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Load for reading; a problem (a damaged file moved aside) is told on stderr.
pub fn load(store: &Store) -> Progress {
    let loaded = store.load();
    tell(loaded.notice);
    loaded.progress
}

/// A notice for the learner, on stderr, on one clean line.
fn tell(notice: Option<String>) {
    if let Some(notice) = notice {
        eprintln!("acttutor: {}", clean_line(&notice));
    }
}

/// A path as it may be printed: control characters shown as escapes.
fn shown(path: &Path) -> String {
    clean_line(&path.display().to_string()).into_owned()
}

/// `--export FILE` (refusals are the store's), or `--export -` to stdout.
fn export(
    store: &Store,
    file: &Path,
    force: bool,
    out: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    if file.as_os_str() == "-" {
        out.write_all(&store.export_bytes()?)?;
        return Ok(ExitCode::SUCCESS);
    }
    store.export(file, force)?;
    writeln!(out, "Exported {} to {}.", shown(&store.path()), shown(file))?;
    Ok(ExitCode::SUCCESS)
}

fn reset(
    store: &Store,
    yes: bool,
    input: &mut impl BufRead,
    out: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    if !yes {
        write!(
            out,
            "Reset all progress in {}? A backup is kept. [y/N] ",
            shown(&store.path())
        )?;
        out.flush()?;
        let mut answer = String::new();
        super::read_line_capped(input, &mut answer)?;
        if !matches!(answer.trim(), "y" | "Y" | "yes" | "Yes" | "YES") {
            writeln!(out)?;
            bail!("not reset (answer y to confirm, or pass --yes)");
        }
    }
    match store.reset()? {
        Some(kept) => writeln!(
            out,
            "Progress reset. The old progress is kept in {}.",
            shown(&kept)
        )?,
        None => writeln!(out, "There was no progress to reset.")?,
    }
    Ok(ExitCode::SUCCESS)
}

fn import(
    store: &Store,
    file: &Path,
    mode: ImportMode,
    out: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    let backup = match store.import(file, mode)? {
        Imported::Unchanged => {
            writeln!(
                out,
                "Nothing new in {}: the progress is unchanged.",
                shown(file)
            )?;
            return Ok(ExitCode::SUCCESS);
        }
        Imported::Changed { backup } => backup,
    };
    let how = match mode {
        ImportMode::Merge => "Merged",
        ImportMode::Replace => "Replaced the progress with",
    };
    writeln!(out, "{how} {}.", shown(file))?;
    if let Some(backup) = backup {
        writeln!(
            out,
            "The progress before the import is kept in {}.",
            shown(&backup)
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The JSON of `progress --json`: one entry per lesson; `answered` and `correct`
/// count every recorded answer to the lesson's questions, reviews included.
pub fn json_state(course: &Course, progress: &Progress, now: Now) -> serde_json::Value {
    let days: Vec<serde_json::Value> = course
        .lessons
        .iter()
        .map(|lesson| {
            let (answered, correct) = progress.tally(&lesson_ids(course, lesson.day));
            json!({
                "day": lesson.day,
                "slug": lesson.slug,
                "answered": answered,
                "correct": correct,
                "passed": progress.is_passed(lesson.day),
                "read": progress.read.contains(&lesson.day),
            })
        })
        .collect();
    json!({
        "current_day": progress.current_day,
        "streak": progress.streak_on(now.today),
        "reviews_due": reviews_due(course, progress, now),
        "days": days,
    })
}

/// Due reviews of questions the course still has.
pub fn reviews_due(course: &Course, progress: &Progress, now: Now) -> usize {
    let due = progress.reviews_due(now.today);
    due.into_iter()
        .filter(|id| course.question(id).is_some())
        .count()
}

fn text_state(
    course: &Course,
    progress: &Progress,
    now: Now,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let streak = progress.streak_on(now.today);
    let due = reviews_due(course, progress, now);
    writeln!(
        out,
        "Day {} of {} · {} of {} days passed · streak {streak} day{} · {due} review{} due",
        progress.current_day,
        course.lessons.len(),
        progress.passed.len(),
        course.lessons.len(),
        plural(streak as usize),
        plural(due),
    )?;
    writeln!(out)?;
    let width = course.title_width();
    for lesson in &course.lessons {
        let (answered, correct) = progress.tally(&lesson_ids(course, lesson.day));
        let score = if answered == 0 {
            String::new()
        } else {
            format!("{correct} of {answered} answers right")
        };
        let pad = " ".repeat(width - lesson.title.chars().count());
        let line = format!(
            "Day {:>2}  {}{pad}  {:<11} {score}",
            lesson.day,
            lesson.title,
            status(progress, lesson)
        );
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// A lesson's status for `list`: "passed 6/7", "current", "read" or "".
pub fn status(progress: &Progress, lesson: &Lesson) -> String {
    if let Some(score) = progress.passed.get(&lesson.day) {
        format!("passed {}/{}", score.right, score.of)
    } else if lesson.day == progress.current_day {
        "current".into()
    } else if progress.read.contains(&lesson.day) {
        "read".into()
    } else {
        String::new()
    }
}
