//! The course: lesson files (Markdown with TOML front matter), loaded from the copy
//! embedded in the binary or from a folder, and validated.
//!
//! A broken lesson never stops the course: the valid lessons load and every problem
//! is kept as `file:line: message` for `acttutor check` and the app to show.

pub mod markdown;
mod parse;
mod validate;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

pub use parse::parse_lesson;

/// The course compiled into the binary (see build.rs).
pub const EMBEDDED: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/lessons.rs"));

/// A problem in a lesson file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    pub file: String,
    pub line: usize,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A file name or a quoted value could carry control characters.
        let clean = crate::sanitize::clean_line;
        write!(
            f,
            "{}:{}: {}",
            clean(&self.file),
            self.line,
            clean(&self.message)
        )
    }
}

/// One lesson: a day of the course.
#[derive(Debug, Clone, PartialEq)]
pub struct Lesson {
    pub file: String,
    pub day: u32,
    pub slug: String,
    pub title: String,
    /// Catalog names charted beside the lesson.
    pub plot: Vec<String>,
    pub compare: Vec<String>,
    /// Parameter presets: activation name → (key → value).
    pub params: BTreeMap<String, BTreeMap<String, f64>>,
    pub lab: Option<LabPreset>,
    pub quiz: Vec<Question>,
    /// The Markdown body after the front matter.
    pub body: String,
    /// Lines of `day` and `slug` in the file (for messages).
    pub day_line: usize,
    pub slug_line: usize,
}

impl Lesson {
    /// The plot's functions with the lesson's parameter presets applied.
    pub fn plotted(&self) -> Vec<crate::activation::Configured> {
        self.plot
            .iter()
            .chain(&self.compare)
            .filter_map(|name| {
                let act = crate::activation::find(name)?;
                let mut c = act.configured();
                for (key, value) in self.params.get(name).into_iter().flatten() {
                    let _ = c.set_param(key, *value);
                }
                Some(c)
            })
            .collect()
    }
}

/// The lab's "try it" preset for a lesson.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LabPreset {
    pub activation: String,
    pub params: BTreeMap<String, f64>,
    pub dataset: Option<String>,
    pub init: Option<String>,
    /// Multiplies the init's standard deviation (8 makes tanh saturate).
    pub init_gain: Option<f64>,
    pub lr: Option<f64>,
    pub hidden: Option<Vec<usize>>,
    pub steps: Option<u32>,
    pub seed: Option<u64>,
    pub noise: Option<f64>,
    pub batch: Option<usize>,
}

/// A quiz question.
#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    /// Stable id: progress is keyed by it.
    pub id: String,
    pub prompt: String,
    pub explanation: String,
    pub kind: QuestionKind,
    /// Line of the question's `id` in its file (for messages).
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub enum QuestionKind {
    Choice {
        options: Vec<String>,
        /// 0-based index of the right option (1-based in the file).
        answer: usize,
        /// Why each option is wrong ("" for the right one).
        why: Vec<String>,
    },
    Numeric {
        key: NumericKey,
        tolerance: f64,
    },
    Text {
        accept: Vec<String>,
    },
    Formula {
        reference: String,
    },
}

impl QuestionKind {
    pub fn name(&self) -> &'static str {
        match self {
            QuestionKind::Choice { .. } => "choice",
            QuestionKind::Numeric { .. } => "numeric",
            QuestionKind::Text { .. } => "text",
            QuestionKind::Formula { .. } => "formula",
        }
    }
}

/// What a numeric answer key is computed from.
#[derive(Debug, Clone, PartialEq)]
pub enum NumericKey {
    /// A typed number, for facts that are not a function's value (a year, a count).
    Literal(f64),
    /// A value of a catalog function, computed by the program.
    Catalog {
        function: String,
        params: BTreeMap<String, f64>,
        at: Option<f64>,
        of: Quantity,
    },
    /// A constant expression such as `4^(-10)`.
    Expr(String),
}

/// Which property of a catalog function a key asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quantity {
    Value,
    Slope,
    Min,
    Argmin,
    Peak,
}

impl Quantity {
    pub fn parse(text: &str) -> Option<Quantity> {
        Some(match text {
            "f" => Quantity::Value,
            "df" => Quantity::Slope,
            "min" => Quantity::Min,
            "argmin" => Quantity::Argmin,
            "peak" => Quantity::Peak,
            _ => return None,
        })
    }

    /// Does this quantity need a point `at`?
    pub fn needs_point(self) -> bool {
        matches!(self, Quantity::Value | Quantity::Slope)
    }
}

impl NumericKey {
    /// The key's value, computed by the catalog or the expression engine.
    pub fn compute(&self) -> Result<f64, String> {
        let value = match self {
            NumericKey::Literal(v) => *v,
            NumericKey::Catalog {
                function,
                params,
                at,
                of,
            } => catalog_quantity(function, params, *at, *of)?,
            NumericKey::Expr(text) => {
                crate::expr::eval_constant(text).map_err(|e| e.to_string())?
            }
        };
        if value.is_finite() {
            Ok(value)
        } else {
            Err(format!("the answer key is not a finite number ({value})"))
        }
    }
}

fn catalog_quantity(
    function: &str,
    params: &BTreeMap<String, f64>,
    at: Option<f64>,
    of: Quantity,
) -> Result<f64, String> {
    let act = crate::activation::lookup(function).map_err(|e| e.to_string())?;
    let mut c = act.configured();
    for (key, value) in params {
        c.set_param(key, *value).map_err(|e| e.to_string())?;
    }
    let point = || at.ok_or_else(|| format!("`of = \"{}\"` needs `at = X`", quantity_name(of)));
    match of {
        Quantity::Value => Ok(c.f(point()?)),
        Quantity::Slope => Ok(c.df(point()?)),
        Quantity::Peak => Ok(c.peak_slope()),
        Quantity::Min | Quantity::Argmin => {
            let m = crate::activation::minimum(|x| c.f(x))
                .ok_or_else(|| format!("{} has no minimum", act.name))?;
            Ok(if of == Quantity::Min { m.value } else { m.at })
        }
    }
}

fn quantity_name(of: Quantity) -> &'static str {
    match of {
        Quantity::Value => "f",
        Quantity::Slope => "df",
        Quantity::Min => "min",
        Quantity::Argmin => "argmin",
        Quantity::Peak => "peak",
    }
}

/// Where a course comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Embedded,
    Dir(PathBuf),
}

/// A loaded course: the valid lessons in day order and every problem found.
#[derive(Debug, Clone, Default)]
pub struct Course {
    pub lessons: Vec<Lesson>,
    pub problems: Vec<Problem>,
}

impl Course {
    /// Load and validate a course. Never fails: unreadable files become problems.
    pub fn load(source: &Source) -> Course {
        let files = match source {
            Source::Embedded => EMBEDDED
                .iter()
                .map(|(name, text)| (format!("lessons/{name}"), Ok(text.to_string())))
                .collect(),
            Source::Dir(dir) => read_dir(dir),
        };
        Course::from_files(files)
    }

    /// Build a course from (file name, contents or read error) pairs.
    pub fn from_files(files: Vec<(String, Result<String, String>)>) -> Course {
        let mut course = Course::default();
        for (file, contents) in files {
            match contents {
                Ok(text) => match parse_lesson(&file, &text) {
                    Ok((lesson, problems)) => {
                        course.problems.extend(problems);
                        course.lessons.push(lesson);
                    }
                    Err(problems) => course.problems.extend(problems),
                },
                Err(message) => course.problems.push(Problem {
                    file,
                    line: 1,
                    message,
                }),
            }
        }
        validate::check_course(&mut course);
        course.lessons.sort_by_key(|l| l.day);
        course.problems.sort();
        course
    }

    /// The longest title, in characters (to line up listings).
    pub fn title_width(&self) -> usize {
        self.lessons
            .iter()
            .map(|l| l.title.chars().count())
            .max()
            .unwrap_or(0)
    }

    pub fn question_count(&self) -> usize {
        self.lessons.iter().map(|l| l.quiz.len()).sum()
    }

    /// A lesson by day number or slug.
    pub fn find(&self, day_or_slug: &str) -> Option<&Lesson> {
        let wanted = day_or_slug.trim();
        let day = wanted
            .trim_start_matches(|c: char| c.is_ascii_alphabetic() || c == ' ')
            .parse::<u32>()
            .ok();
        self.lessons
            .iter()
            .find(|l| Some(l.day) == day || l.slug.eq_ignore_ascii_case(wanted) || l.file == wanted)
    }

    pub fn day(&self, day: u32) -> Option<&Lesson> {
        self.lessons.iter().find(|l| l.day == day)
    }

    /// Every question of the course by id (for review of past misses).
    pub fn question(&self, id: &str) -> Option<(&Lesson, &Question)> {
        self.lessons
            .iter()
            .flat_map(|l| l.quiz.iter().map(move |q| (l, q)))
            .find(|(_, q)| q.id == id)
    }

    /// The summary line of `acttutor check`: "22 lessons, 171 questions, 0 problems".
    pub fn summary(&self) -> String {
        format!(
            "{}, {}, {}",
            count(self.lessons.len(), "lesson"),
            count(self.question_count(), "question"),
            count(self.problems.len(), "problem")
        )
    }
}

/// "1 problem", "2 problems".
fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// What an entry of the course folder is: a file to read, one to pass over
/// (another extension, a hidden file), or a problem to report (a folder, a FIFO,
/// a link that leads nowhere). A FIFO is never opened: reading it would hang.
fn classify(path: &Path) -> Result<bool, String> {
    let hidden = path
        .file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with('.'));
    if hidden {
        return Ok(false);
    }
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(err) => {
            let link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
            return Err(if link {
                format!("a symbolic link that leads nowhere (a loop or a missing target): {err}")
            } else {
                format!("cannot read this entry: {err}")
            });
        }
    };
    if meta.is_dir() {
        return Err("a folder inside the course folder: lessons are .md files; move it out".into());
    }
    if !meta.is_file() {
        return Err("not a regular file (a FIFO, socket or device): not read".into());
    }
    Ok(path.extension().is_some_and(|x| x == "md"))
}

/// The `.md` files of a folder, sorted by name, and a problem for every entry
/// that is not a file.
fn read_dir(dir: &Path) -> Vec<(String, Result<String, String>)> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(err) => {
            return vec![(
                dir.display().to_string(),
                Err(format!("cannot read the course folder: {err}")),
            )]
        }
    };
    let mut all: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    all.sort();
    let mut files = Vec::new();
    let mut lessons = 0;
    for path in all {
        let name = path.display().to_string();
        match classify(&path) {
            Ok(true) => {
                lessons += 1;
                let text = std::fs::read_to_string(&path).map_err(|e| format!("cannot read: {e}"));
                files.push((name, text));
            }
            Ok(false) => {}
            Err(message) => files.push((name, Err(message))),
        }
    }
    if lessons == 0 {
        files.push((
            dir.display().to_string(),
            Err("no lesson files (*.md) in this folder".to_string()),
        ));
    }
    files
}
