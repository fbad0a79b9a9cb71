//! Parsing one lesson file: front matter (TOML between `+++` lines) and body.
//!
//! Problems inside one lesson (a bad question, an unknown name) are reported with
//! their line and the rest of the lesson still loads; a file whose front matter
//! cannot be read at all is rejected whole.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use super::{LabPreset, Lesson, NumericKey, Problem, Quantity, Question, QuestionKind};

const FENCE: &str = "+++";
/// The default tolerance of numeric questions.
pub const DEFAULT_TOLERANCE: f64 = 1e-6;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFront {
    day: Spanned<i64>,
    slug: Spanned<String>,
    title: String,
    plot: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    compare: Vec<Spanned<String>>,
    #[serde(default)]
    params: BTreeMap<Spanned<String>, BTreeMap<String, f64>>,
    lab: Option<Spanned<RawLab>>,
    #[serde(default)]
    quiz: Vec<RawQuestion>,
    /// Words a text answer may use in place of an accepted one.
    #[serde(default)]
    synonyms: BTreeMap<String, Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLab {
    activation: String,
    #[serde(default)]
    params: BTreeMap<String, f64>,
    dataset: Option<String>,
    init: Option<String>,
    lr: Option<f64>,
    hidden: Option<Vec<i64>>,
    steps: Option<i64>,
    seed: Option<i64>,
    noise: Option<f64>,
    batch: Option<i64>,
    init_gain: Option<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuestion {
    id: Spanned<String>,
    kind: String,
    prompt: String,
    explanation: Option<String>,
    options: Option<Vec<String>>,
    answer: Option<Spanned<toml::Value>>,
    why: Option<Vec<String>>,
    tolerance: Option<f64>,
    accept: Option<Vec<String>>,
}

/// Byte offsets in the TOML text → line numbers in the file.
struct Lines<'a> {
    toml: &'a str,
    /// Lines before the TOML text starts (the opening fence).
    offset: usize,
}

impl Lines<'_> {
    fn at(&self, byte: usize) -> usize {
        let byte = byte.min(self.toml.len());
        self.offset + 1 + self.toml[..byte].matches('\n').count()
    }
}

/// Parse a lesson. `Err` holds the problems when the file cannot be used at all;
/// `Ok` may still carry problems about parts of the lesson.
pub fn parse_lesson(file: &str, text: &str) -> Result<(Lesson, Vec<Problem>), Vec<Problem>> {
    let problem = |line: usize, message: String| Problem {
        file: file.to_string(),
        line,
        message,
    };
    let (toml_text, body) = split_front_matter(text).map_err(|(line, m)| vec![problem(line, m)])?;
    let lines = Lines {
        toml: toml_text,
        offset: 1,
    };
    let raw: RawFront = toml::from_str(toml_text).map_err(|err| {
        let line = err.span().map_or(1, |s| lines.at(s.start));
        vec![problem(line, one_line(err.message()))]
    })?;
    let mut problems = Vec::new();
    let mut report = |byte: usize, message: String| problems.push(problem(lines.at(byte), message));

    let day = u32::try_from(*raw.day.get_ref()).ok().filter(|d| *d >= 1);
    if day.is_none() {
        report(
            raw.day.span().start,
            format!("day must be a whole number ≥ 1, got {}", raw.day.get_ref()),
        );
    }
    let slug = raw.slug.get_ref().clone();
    if slug.is_empty()
        || !slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        report(
            raw.slug.span().start,
            format!("slug '{slug}' must be lowercase letters, digits and dashes"),
        );
    }
    if raw.title.trim().is_empty() {
        report(0, "title is empty".into());
    }
    if has_control(&raw.title) {
        report(0, "control character in the title: remove it".into());
    }
    if raw.plot.get_ref().is_empty() {
        report(
            raw.plot.span().start,
            "plot must name at least one function".into(),
        );
    }
    let mut names = |list: &[Spanned<String>]| -> Vec<String> {
        list.iter()
            .filter_map(|name| match crate::activation::lookup(name.get_ref()) {
                Ok(act) => Some(act.name.to_string()),
                Err(err) => {
                    report(name.span().start, err.to_string());
                    None
                }
            })
            .collect()
    };
    let plot = names(raw.plot.get_ref());
    let compare = names(&raw.compare);
    let params = parse_params(raw.params, &mut report);
    let lab = raw.lab.and_then(|lab| parse_lab(lab, &mut report));
    if raw.quiz.is_empty() {
        report(0, "the lesson has no quiz questions ([[quiz]])".into());
    }
    let mut quiz: Vec<Question> = raw
        .quiz
        .into_iter()
        .filter_map(|q| parse_question(q, &lines, &mut report))
        .collect();
    for question in &mut quiz {
        add_synonyms(question, &raw.synonyms);
    }
    if body.trim().is_empty() {
        report(toml_text.len(), "the lesson body is empty".into());
    }
    let body_line = text.len().saturating_sub(body.len());
    let body_line = 1 + text[..body_line].matches('\n').count();
    for (line, message) in body_problems(body, body_line) {
        problems.push(problem(line, message));
    }
    if let Some(problem_at) = file_day_mismatch(file, day) {
        problems.push(problem(lines.at(raw.day.span().start), problem_at));
    }
    let lesson = Lesson {
        file: file.to_string(),
        day: day.unwrap_or(0),
        slug,
        title: clean(raw.title.trim()),
        plot,
        compare,
        params,
        lab,
        quiz,
        // Nothing from a lesson file reaches a terminal with a control character.
        body: clean(body),
        day_line: lines.at(raw.day.span().start),
        slug_line: lines.at(raw.slug.span().start),
    };
    if day.is_none() {
        return Err(problems);
    }
    Ok((lesson, problems))
}

/// Split `+++\n<toml>\n+++\n<body>`. Errors carry a line number.
fn split_front_matter(text: &str) -> Result<(&str, &str), (usize, String)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let rest = text
        .strip_prefix(FENCE)
        .and_then(|r| r.strip_prefix('\n').or_else(|| r.strip_prefix("\r\n")))
        .ok_or((
            1,
            "a lesson must start with a front-matter block: a line `+++`".to_string(),
        ))?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == FENCE {
            return Ok((&rest[..offset], &rest[offset + line.len()..]));
        }
        offset += line.len();
    }
    Err((
        1,
        "the front matter is not closed: add a line `+++` after it".to_string(),
    ))
}

fn has_control(text: &str) -> bool {
    crate::sanitize::first_control(text).is_some()
}

/// The learner-facing texts of a question's kind (options, reasons, answers).
fn kind_texts(kind: &QuestionKind) -> Vec<&str> {
    match kind {
        QuestionKind::Choice { options, why, .. } => {
            options.iter().chain(why).map(String::as_str).collect()
        }
        QuestionKind::Text { accept } => accept.iter().map(String::as_str).collect(),
        QuestionKind::Formula { reference } => vec![reference.as_str()],
        QuestionKind::Numeric { .. } => Vec::new(),
    }
}

fn clean_kind(kind: QuestionKind) -> QuestionKind {
    let all = |list: Vec<String>| list.iter().map(|t| clean(t)).collect();
    match kind {
        QuestionKind::Choice {
            options,
            answer,
            why,
        } => QuestionKind::Choice {
            options: all(options),
            answer,
            why: all(why),
        },
        QuestionKind::Text { accept } => QuestionKind::Text {
            accept: all(accept),
        },
        other => other,
    }
}

fn clean(text: &str) -> String {
    crate::sanitize::clean_text(text).into_owned()
}

/// A lesson file named `dayNN-…` whose NN is not its `day`.
fn file_day_mismatch(file: &str, day: Option<u32>) -> Option<String> {
    let day = day?;
    let name = std::path::Path::new(file).file_name()?.to_str()?;
    let digits: String = name
        .strip_prefix("day")?
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let named: u32 = digits.parse().ok()?;
    (named != day).then(|| {
        format!("the file name says day {named} but `day = {day}`: rename the file or fix `day`")
    })
}

/// Problems in the Markdown body, with their line in the file: control
/// characters, and a line starting `1. ` inside a paragraph (Markdown turns it
/// into a list item, splitting the sentence).
fn body_problems(body: &str, first_line: usize) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    let mut fence: Option<&str> = None;
    let mut in_paragraph = false;
    for (i, line) in body.lines().enumerate() {
        let at = first_line + i;
        if let Some((_, c)) = crate::sanitize::first_control(line) {
            found.push((
                at,
                format!(
                    "control character U+{:04X} in the text: remove it",
                    u32::from(c)
                ),
            ));
        }
        let trimmed = line.trim_start();
        if let Some(open) = fence {
            if trimmed.starts_with(open) {
                fence = None;
            }
            continue;
        }
        if let Some(open) = ["```", "~~~"].into_iter().find(|f| trimmed.starts_with(f)) {
            fence = Some(open);
            in_paragraph = false;
            continue;
        }
        let indent = line.len() - trimmed.len();
        if in_paragraph && indent <= 3 && starts_ordered_one(trimmed) {
            found.push((
                at,
                "this line starts with `1. ` inside a paragraph, so Markdown makes it a list item: reflow the paragraph".into(),
            ));
        }
        in_paragraph = if trimmed.is_empty() {
            false
        } else {
            in_paragraph || starts_paragraph(trimmed, indent)
        };
    }
    found
}

/// `1. text` or `1) text`: the only list marker that can interrupt a paragraph.
fn starts_ordered_one(line: &str) -> bool {
    let rest = line.strip_prefix("1.").or_else(|| line.strip_prefix("1)"));
    rest.is_some_and(|r| r.starts_with(' ') || r.starts_with('\t'))
}

/// Whether a block's first line opens a plain paragraph (not a heading, list,
/// quote, table or indented code).
fn starts_paragraph(line: &str, indent: usize) -> bool {
    let list_marker = |l: &str| {
        let digits = l.chars().take_while(char::is_ascii_digit).count();
        (digits > 0 && matches!(l[digits..].chars().next(), Some('.' | ')')))
            || ["- ", "* ", "+ "].iter().any(|m| l.starts_with(m))
    };
    indent <= 3
        && !line.starts_with('#')
        && !line.starts_with('>')
        && !line.starts_with('|')
        && !list_marker(line)
}

fn one_line(message: &str) -> String {
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn parse_params(
    raw: BTreeMap<Spanned<String>, BTreeMap<String, f64>>,
    report: &mut impl FnMut(usize, String),
) -> BTreeMap<String, BTreeMap<String, f64>> {
    let mut params = BTreeMap::new();
    for (name, values) in raw {
        let act = match crate::activation::lookup(name.get_ref()) {
            Ok(act) => act,
            Err(err) => {
                report(name.span().start, format!("params: {err}"));
                continue;
            }
        };
        let mut c = act.configured();
        for (key, value) in &values {
            if let Err(err) = c.set_param(key, *value) {
                report(name.span().start, format!("params: {err}"));
            }
        }
        params.insert(act.name.to_string(), values);
    }
    params
}

fn parse_lab(raw: Spanned<RawLab>, report: &mut impl FnMut(usize, String)) -> Option<LabPreset> {
    let at = raw.span().start;
    let raw = raw.into_inner();
    let mut ok = true;
    let mut fail = |message: String| {
        report(at, format!("lab: {message}"));
        ok = false;
    };
    let whole = |v: Option<i64>, what: &str, fail: &mut dyn FnMut(String)| {
        v.and_then(|v| {
            let converted = u32::try_from(v).ok();
            if converted.is_none() {
                fail(format!("{what} must be a whole number ≥ 0"));
            }
            converted
        })
    };
    let hidden = raw.hidden.map(|widths| {
        widths
            .iter()
            .map(|&w| whole(Some(w), "a hidden width", &mut fail).unwrap_or(0) as usize)
            .collect()
    });
    let preset = LabPreset {
        steps: whole(raw.steps, "steps", &mut fail),
        seed: whole(raw.seed, "seed", &mut fail).map(u64::from),
        batch: whole(raw.batch, "batch", &mut fail).map(|b| b as usize),
        activation: raw.activation,
        params: raw.params,
        dataset: raw.dataset,
        init: raw.init,
        init_gain: raw.init_gain,
        lr: raw.lr,
        hidden,
        noise: raw.noise,
    };
    // The lab itself is the judge of what it can run (names, ranges, sizes).
    if let Err(message) = crate::lab::LabConfig::from_preset(&preset) {
        fail(message);
    }
    ok.then_some(preset)
}

fn parse_question(
    raw: RawQuestion,
    lines: &Lines,
    report: &mut impl FnMut(usize, String),
) -> Option<Question> {
    let id_at = raw.id.span().start;
    let id = raw.id.get_ref().trim().to_string();
    let mut fail = |message: String| report(id_at, format!("question '{id}': {message}"));
    if id.is_empty() {
        fail("id is empty".into());
        return None;
    }
    if raw.prompt.trim().is_empty() {
        fail("prompt is empty".into());
    }
    let explanation = raw.explanation.unwrap_or_default();
    if explanation.trim().is_empty() {
        fail("explanation is missing (it is shown after answering)".into());
    }
    let answer_at = raw.answer.as_ref().map(|a| a.span().start);
    let answer = raw.answer.map(Spanned::into_inner);
    let kind = match raw.kind.as_str() {
        "choice" => choice(answer, raw.options, raw.why),
        "numeric" => numeric(answer, raw.tolerance),
        "text" => match raw.accept {
            Some(accept) if accept.iter().any(|a| !a.trim().is_empty()) => {
                Ok(QuestionKind::Text { accept })
            }
            _ => Err("a text question needs `accept = [\"...\"]`".to_string()),
        },
        "formula" => formula(answer),
        other => Err(format!(
            "unknown kind '{other}' (choice, numeric, text or formula)"
        )),
    };
    match kind {
        Ok(kind) => {
            let texts = [raw.prompt.as_str(), explanation.as_str()];
            if texts.into_iter().chain(kind_texts(&kind)).any(has_control) {
                report(
                    id_at,
                    format!("question '{id}': control character in its text: remove it"),
                );
            }
            Some(Question {
                id: id.clone(),
                prompt: clean(raw.prompt.trim()),
                explanation: clean(explanation.trim()),
                kind: clean_kind(kind),
                line: lines.at(id_at),
            })
        }
        Err(message) => {
            let at = answer_at.unwrap_or(id_at);
            report(at, format!("question '{id}': {message}"));
            None
        }
    }
}

/// A text question also accepts the lesson's synonyms of its accepted answers
/// (`[synonyms]` `heaviside = ["unit step"]`), compared as answers are: ignoring
/// case and spaces.
fn add_synonyms(question: &mut Question, synonyms: &BTreeMap<String, Vec<String>>) {
    let QuestionKind::Text { accept } = &mut question.kind else {
        return;
    };
    let fold = crate::learner::grade::fold;
    let extra: Vec<String> = synonyms
        .iter()
        .filter(|(word, _)| accept.iter().any(|a| fold(a) == fold(word)))
        .flat_map(|(_, alternatives)| alternatives.iter().cloned())
        .collect();
    for word in extra {
        if !accept.iter().any(|a| fold(a) == fold(&word)) {
            accept.push(word);
        }
    }
}

fn choice(
    answer: Option<toml::Value>,
    options: Option<Vec<String>>,
    why: Option<Vec<String>>,
) -> Result<QuestionKind, String> {
    let options = options.ok_or("a choice question needs `options = [...]`")?;
    if options.len() < 2 {
        return Err("a choice question needs at least 2 options".into());
    }
    let answer = match answer {
        Some(toml::Value::Integer(n)) => n,
        _ => return Err("`answer` must be the number of the right option (1-based)".into()),
    };
    if answer < 1 || answer as usize > options.len() {
        return Err(format!(
            "answer {answer} is out of range: there are {} options (numbered from 1)",
            options.len()
        ));
    }
    let index = answer as usize - 1;
    let why = why.ok_or("a choice question needs `why = [...]`, one entry per option")?;
    if why.len() != options.len() {
        return Err(format!(
            "`why` has {} entries but there are {} options",
            why.len(),
            options.len()
        ));
    }
    if let Some(missing) = (0..options.len()).find(|&i| i != index && why[i].trim().is_empty()) {
        return Err(format!(
            "option {} is wrong but `why` does not say why",
            missing + 1
        ));
    }
    Ok(QuestionKind::Choice {
        options,
        answer: index,
        why,
    })
}

fn numeric(answer: Option<toml::Value>, tolerance: Option<f64>) -> Result<QuestionKind, String> {
    let tolerance = tolerance.unwrap_or(DEFAULT_TOLERANCE);
    if !(tolerance > 0.0 && tolerance.is_finite()) {
        return Err("tolerance must be a positive number".into());
    }
    let key = match answer {
        Some(toml::Value::Integer(n)) => NumericKey::Literal(n as f64),
        Some(toml::Value::Float(v)) => NumericKey::Literal(v),
        Some(toml::Value::Table(table)) => numeric_reference(table)?,
        _ => return Err("`answer` must be a number or a reference like { fn = \"relu\", at = 1.0, of = \"df\" }".into()),
    };
    key.compute()
        .map_err(|e| format!("the answer key cannot be computed: {e}"))?;
    Ok(QuestionKind::Numeric { key, tolerance })
}

fn numeric_reference(table: toml::Table) -> Result<NumericKey, String> {
    if let Some(expr) = table.get("expr") {
        if table.len() > 1 {
            return Err("`expr` cannot be combined with other keys".into());
        }
        let text = expr.as_str().ok_or("`expr` must be a string")?;
        return Ok(NumericKey::Expr(text.to_string()));
    }
    let known = ["fn", "at", "of", "params"];
    if let Some(unknown) = table.keys().find(|k| !known.contains(&k.as_str())) {
        return Err(format!(
            "unknown key '{unknown}' in the answer reference ({})",
            known.join(", ")
        ));
    }
    let function = table
        .get("fn")
        .and_then(toml::Value::as_str)
        .ok_or("a reference needs `fn = \"name\"` (or `expr = \"...\"`)")?;
    let of_text = table.get("of").and_then(toml::Value::as_str).unwrap_or("f");
    let of = Quantity::parse(of_text)
        .ok_or_else(|| format!("of = \"{of_text}\" is not one of f, df, min, argmin, peak"))?;
    let at = match table.get("at") {
        None => None,
        Some(toml::Value::Float(v)) => Some(*v),
        Some(toml::Value::Integer(n)) => Some(*n as f64),
        Some(_) => return Err("`at` must be a number".into()),
    };
    let mut params = BTreeMap::new();
    if let Some(value) = table.get("params") {
        let values = value
            .as_table()
            .ok_or("`params` must be a table like { alpha = 0.1 }")?;
        for (key, v) in values {
            let number = v.as_float().or_else(|| v.as_integer().map(|n| n as f64));
            params.insert(
                key.clone(),
                number.ok_or(format!("params.{key} must be a number"))?,
            );
        }
    }
    Ok(NumericKey::Catalog {
        function: function.to_string(),
        params,
        at,
        of,
    })
}

fn formula(answer: Option<toml::Value>) -> Result<QuestionKind, String> {
    let reference = match answer {
        Some(toml::Value::String(s)) => s,
        _ => return Err("a formula question needs `answer = \"<expression in x>\"`".into()),
    };
    let compiled = crate::expr::parse(&reference)
        .map_err(|e| format!("the reference formula does not parse: {e}"))?;
    if !compiled.uses_x() {
        return Err("the reference formula does not use x".into());
    }
    Ok(QuestionKind::Formula { reference })
}
