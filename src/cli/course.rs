//! `acttutor list`, `show` and `check`: the course without the full-screen app.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::anyhow;

use crate::course::{markdown, Course, Lesson, Source};

/// Width of `show`'s text when stdout is not a terminal.
const SHOW_WIDTH: usize = 80;

/// The course the user asked for: `--lessons DIR` / ACTTUTOR_LESSONS, or the built-in one.
pub fn source(lessons: Option<&PathBuf>) -> Source {
    match lessons {
        Some(dir) => Source::Dir(dir.clone()),
        None => Source::Embedded,
    }
}

/// The course to read from: like `Course::load`, but a `--lessons` that is not a
/// folder, or a folder without one valid lesson, is an error (a course of no
/// lessons cannot be listed, shown or quizzed).
pub fn load(lessons: Option<&PathBuf>) -> anyhow::Result<Course> {
    if let Some(dir) = lessons {
        if !dir.is_dir() {
            anyhow::bail!(
                "--lessons {}: not a folder; give a folder of lesson files (dayNN-slug.md)",
                dir.display()
            );
        }
    }
    let course = Course::load(&source(lessons));
    if course.lessons.is_empty() {
        let why = course
            .problems
            .first()
            .map_or_else(|| "no lessons".to_string(), ToString::to_string);
        anyhow::bail!(
            "the course has no lesson that loads ({why}); `acttutor check DIR` lists every problem"
        );
    }
    Ok(course)
}

/// Problems of a course the user did not ask to check: warnings on stderr.
pub fn warn_problems(course: &Course) {
    for problem in &course.problems {
        eprintln!(
            "warning: {}",
            crate::sanitize::clean_line(&problem.to_string())
        );
    }
}

pub fn list(
    course: &Course,
    status: &dyn Fn(&Lesson) -> String,
    out: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    warn_problems(course);
    let title_width = course.title_width();
    for lesson in &course.lessons {
        let title = &lesson.title;
        let pad = " ".repeat(title_width - title.chars().count());
        let line = format!("Day {:>2}  {title}{pad}  {}", lesson.day, status(lesson));
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(ExitCode::SUCCESS)
}

pub fn show(
    course: &Course,
    which: &str,
    width: Option<usize>,
    out: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    warn_problems(course);
    let lesson = course.find(which).ok_or_else(|| {
        let days = course.lessons.len();
        anyhow!(
            "no lesson '{}': give a day (1–{days}) or a slug (see `acttutor list`)",
            crate::sanitize::clean_quote(which, 60)
        )
    })?;
    out.write_all(lesson_text(lesson, width.unwrap_or(SHOW_WIDTH)).as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

/// A lesson as plain text: header, body, and where its quiz is.
pub fn lesson_text(lesson: &Lesson, width: usize) -> String {
    let header = format!("Day {} · {}", lesson.day, lesson.title);
    let mut text = format!(
        "{header}\n{}\n\n",
        "═".repeat(header.chars().count().min(width))
    );
    let body = markdown::without_leading_title(&lesson.body);
    text.push_str(&markdown::to_plain(&markdown::render(body, width)));
    text.push_str(&format!(
        "\nQuiz: {} — run acttutor quiz {} --plain, or press 4 in the app.\n",
        questions(lesson.quiz.len()),
        lesson.day
    ));
    text
}

/// "1 question", "8 questions".
fn questions(n: usize) -> String {
    if n == 1 {
        "1 question".into()
    } else {
        format!("{n} questions")
    }
}

pub fn check(course: &Course, out: &mut impl Write) -> anyhow::Result<ExitCode> {
    for problem in &course.problems {
        writeln!(out, "{}", crate::sanitize::clean_line(&problem.to_string()))?;
    }
    writeln!(out, "{}", course.summary())?;
    Ok(if course.problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
