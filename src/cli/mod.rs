//! The command line: argument parsing and one module per subcommand.
//!
//! Every error reaches the user as one line on stderr and a non-zero exit status.

mod course;
mod derive;
mod function;
mod lab;
mod lab_inspect;
mod plot;
mod progress;
mod quiz;
mod softmax;
mod table;
mod values;

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

pub use function::FunctionArgs;

/// acttutor: learn deep-learning activation functions in the terminal.
#[derive(Debug, Parser)]
#[command(
    name = "acttutor",
    version,
    about,
    long_about = None,
    after_help = "Without a command, acttutor opens the full-screen app on your current day."
)]
pub struct Cli {
    /// Load the course from this folder instead of the built-in one.
    #[arg(long, global = true, value_name = "DIR", env = "ACTTUTOR_LESSONS")]
    pub lessons: Option<PathBuf>,

    /// Draw charts with dots instead of braille (for fonts without braille).
    #[arg(long, global = true)]
    pub dots: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print f(x) and f'(x) of a function at chosen points.
    Values(values::Args),
    /// Draw f and f' as a braille chart, or as an SVG picture (--format svg).
    Plot(plot::Args),
    /// The comparison table of the catalog.
    Table(table::Args),
    /// Softmax probabilities of some logits.
    Softmax(softmax::Args),
    /// Train the toy network headless and report the health of its layers.
    Lab(Box<lab::Args>),
    /// The course's lessons, one line each, with your status.
    List,
    /// Print a lesson as plain text (for reading, piping, screen readers).
    Show {
        /// A day number or a slug, e.g. 6 or relu.
        lesson: String,
    },
    /// Validate a course (the built-in one, or DIR); exit 1 on any problem.
    Check {
        /// A folder of lesson files.
        dir: Option<PathBuf>,
    },
    /// Your progress: days done, scores, reviews due, streak; reset, export, import.
    Progress(progress::Args),
    /// Take a day's quiz (`--plain`: line by line on stdin/stdout).
    Quiz(quiz::Args),
    /// The derivative of a formula or catalog function, as a formula (`--steps`: how).
    Derive(derive::Args),
}

/// Parse the arguments; on a parse error print one line and exit 2.
pub fn parse() -> Result<Cli, ExitCode> {
    match Cli::try_parse_from(std::env::args_os().map(leading_dot_negative)) {
        Ok(cli) => Ok(cli),
        Err(err) => {
            use clap::error::ErrorKind;
            if matches!(
                err.kind(),
                ErrorKind::DisplayHelp | ErrorKind::DisplayVersion
            ) {
                // --help and --version are not errors.
                let _ = err.print();
                return Err(ExitCode::SUCCESS);
            }
            // clap quotes the offending argument: clean it.
            let line = one_line(&err.render().to_string());
            eprintln!("acttutor: {}", crate::sanitize::clean_quote(&line, 500));
            Err(ExitCode::from(2))
        }
    }
}

/// clap takes `-.5` for a flag (it knows negative numbers only as `-0.5`): an
/// argument that is exactly such a number is given to clap as `-0.5`.
fn leading_dot_negative(arg: std::ffi::OsString) -> std::ffi::OsString {
    match arg.to_str() {
        Some(text) if text.starts_with("-.") && text.parse::<f64>().is_ok() => {
            format!("-0{}", &text[1..]).into()
        }
        _ => arg,
    }
}

/// Squeeze clap's multi-line message into one line: the error and its tip.
fn one_line(message: &str) -> String {
    let mut parts = message
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("Usage:") && !l.starts_with("For more"))
        .map(|l| l.trim_start_matches("error: ").to_string());
    let first = parts.next().unwrap_or_default();
    match parts.next() {
        Some(tip) => format!("{first} ({})", tip.trim_start_matches("tip: ")),
        None => first,
    }
}

/// Run a subcommand, writing to stdout. Returns the exit code.
pub fn run(cli: &Cli, command: &Command) -> anyhow::Result<ExitCode> {
    if let Command::Quiz(args) = command {
        if !args.plain {
            return open_app(cli, Some(&args.lesson));
        }
    }
    let stdout = io::stdout();
    let colored = stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let mut out = io::BufWriter::new(stdout.lock());
    let code = match command {
        Command::Values(args) => values::run(args, &mut out)?,
        Command::Plot(args) => plot::run(args, cli.dots, colored, &mut out)?,
        Command::Table(args) => table::run(args, &mut out)?,
        Command::Softmax(args) => softmax::run(args, &mut out)?,
        Command::Lab(args) => lab::run(args, cli.dots, colored, &mut out)?,
        Command::List => {
            let course = course::load(cli.lessons.as_ref())?;
            let learner = progress::load_quietly();
            course::list(&course, &|l| progress::status(&learner, l), &mut out)?
        }
        Command::Show { lesson } => {
            let course = course::load(cli.lessons.as_ref())?;
            let width = colored.then(terminal_width).flatten();
            course::show(&course, lesson, width, &mut out)?
        }
        Command::Check { dir } => {
            let course =
                crate::course::Course::load(&course::source(dir.as_ref().or(cli.lessons.as_ref())));
            course::check(&course, &mut out)?
        }
        Command::Progress(args) => progress::command(cli, args, &mut out)?,
        Command::Quiz(args) => quiz::command(cli, args, &mut out)?,
        Command::Derive(args) => derive::run(args, &mut out)?,
    };
    out.flush().or_else(ignore_broken_pipe)?;
    Ok(code)
}

/// Open the full-screen app (no subcommand).
pub fn run_app(cli: &Cli) -> anyhow::Result<ExitCode> {
    open_app(cli, None)
}

/// Open the app where the learner left it, or on the quiz of `quiz_day`.
fn open_app(cli: &Cli, quiz_day: Option<&str>) -> anyhow::Result<ExitCode> {
    if !io::stdout().is_terminal() {
        anyhow::bail!(
            "the app needs a terminal; for text output try `acttutor show 1` or `acttutor --help`"
        );
    }
    let course = course::load(cli.lessons.as_ref())?;
    let look = crate::tui::widgets::chart::ChartLook {
        color: std::env::var_os("NO_COLOR").is_none(),
        braille: !cli.dots,
    };
    let options = crate::tui::Options {
        look,
        ..crate::tui::Options::default()
    };
    let start = match quiz_day {
        Some(which) => Some((
            quiz::find_day(&course, which)?,
            crate::tui::action::View::Quiz,
        )),
        None => None,
    };
    let mut app = crate::tui::App::new(course, options);
    app.attach_learner(crate::tui::learning::Learner::system(), start);
    let result = crate::tui::run(&mut app);
    // The terminal is restored by now: a failed save can be told on stderr.
    if let Err(err) = app.save_progress() {
        let err = format!("{err:#}");
        eprintln!(
            "acttutor: could not save your progress: {}",
            crate::sanitize::clean_line(&err)
        );
    }
    result?;
    Ok(ExitCode::SUCCESS)
}

/// The terminal's width, capped for comfortable reading.
fn terminal_width() -> Option<usize> {
    crossterm::terminal::size()
        .ok()
        .map(|(w, _)| (w as usize).clamp(40, 100))
}

/// The exit status of a command, its error (if any) told on stderr as one clean
/// line. A closed stdout (`acttutor values … | head`) is not an error: the
/// reader has what it wanted, so the command ends quietly with status 0.
pub fn finish(result: anyhow::Result<ExitCode>) -> ExitCode {
    match result {
        Ok(code) => code,
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            let line = err
                .chain()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(": ");
            eprintln!("acttutor: {}", crate::sanitize::clean_line(&line));
            ExitCode::FAILURE
        }
    }
}

/// Whether any cause of `err` is a write to a closed pipe.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}

/// The longest line read from stdin (`quiz --plain`, confirmations): far above
/// any answer, far below what `< /dev/zero` would make us allocate.
pub const MAX_LINE: usize = 64 * 1024;

/// `read_line`, but a line longer than `MAX_LINE` bytes is an error instead of
/// an allocation without end. Returns the bytes read (0 at end of input).
pub fn read_line_capped(input: &mut impl io::BufRead, line: &mut String) -> anyhow::Result<usize> {
    use io::{BufRead, Read};
    let mut bytes = Vec::new();
    let limit = MAX_LINE as u64 + 1;
    let n = input.by_ref().take(limit).read_until(b'\n', &mut bytes)?;
    if n as u64 == limit && !bytes.ends_with(b"\n") {
        anyhow::bail!("an input line is longer than {MAX_LINE} bytes");
    }
    line.push_str(&String::from_utf8_lossy(&bytes));
    Ok(n)
}

/// `acttutor values … | head` closes the pipe early: that is not an error.
pub fn ignore_broken_pipe(err: io::Error) -> io::Result<()> {
    if err.kind() == io::ErrorKind::BrokenPipe {
        Ok(())
    } else {
        Err(err)
    }
}

/// An argument quoted in an error: clean, and cut if long.
fn quoted(text: &str) -> String {
    crate::sanitize::clean_quote(text, 60)
}

/// Parse a number given on the command line, naming the flag in the error.
pub fn parse_number(text: &str, what: &str) -> anyhow::Result<f64> {
    let value: f64 = text
        .trim()
        .parse()
        .map_err(|_| anyhow::anyhow!("{what}: '{}' is not a number", quoted(text.trim())))?;
    if !value.is_finite() {
        anyhow::bail!("{what}: '{}' is not a finite number", quoted(text.trim()));
    }
    Ok(value)
}
