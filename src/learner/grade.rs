//! Grading one answer to one question. Pure: the question and the learner's text in,
//! a verdict and what to show out. Input that cannot be graded (a formula that does
//! not parse, a choice number out of range) is `NotGraded`: the learner tries again
//! and nothing is recorded.

use crate::course::{Question, QuestionKind};
use crate::format::compact;

/// The outcome of grading.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    Right,
    Wrong,
    /// Not an answer yet: say why and let the learner try again.
    NotGraded(String),
}

/// A verdict plus what the learner should see next to it.
#[derive(Debug, Clone, PartialEq)]
pub struct Graded {
    pub verdict: Verdict,
    /// The right answer, written out ("1. [0, ∞)", "0.25", "max(0, x)").
    pub right_answer: String,
    /// For a wrong choice: why that option is wrong. For a wrong formula: where it
    /// differs.
    pub why_wrong: Option<String>,
}

impl Graded {
    pub fn is_right(&self) -> bool {
        self.verdict == Verdict::Right
    }

    pub fn is_graded(&self) -> bool {
        !matches!(self.verdict, Verdict::NotGraded(_))
    }
}

/// Grade `given` (one line as typed; for a choice, the option's 1-based number).
pub fn grade(question: &Question, given: &str) -> Graded {
    let given = given.trim();
    match &question.kind {
        QuestionKind::Choice {
            options,
            answer,
            why,
        } => grade_choice(options, *answer, why, given),
        QuestionKind::Numeric { key, tolerance } => match key.compute() {
            Ok(key) => grade_numeric(key, *tolerance, given),
            Err(err) => not_graded(format!("this question's key is broken: {err}"), "?"),
        },
        QuestionKind::Text { accept } => grade_text(accept, given),
        QuestionKind::Formula { reference } => grade_formula(reference, given),
    }
}

/// The right answer of a question as text (for review lists and summaries).
pub fn right_answer(question: &Question) -> String {
    match &question.kind {
        QuestionKind::Choice {
            options, answer, ..
        } => choice_label(options, *answer),
        QuestionKind::Numeric { key, .. } => key
            .compute()
            .map(|k| compact(k, 6))
            .unwrap_or_else(|e| format!("? ({e})")),
        QuestionKind::Text { accept } => text_label(accept),
        QuestionKind::Formula { reference } => reference.clone(),
    }
}

fn not_graded(message: String, right: &str) -> Graded {
    Graded {
        verdict: Verdict::NotGraded(message),
        right_answer: right.to_string(),
        why_wrong: None,
    }
}

fn verdict(right: bool) -> Verdict {
    if right {
        Verdict::Right
    } else {
        Verdict::Wrong
    }
}

fn choice_label(options: &[String], answer: usize) -> String {
    format!("{}. {}", answer + 1, options.get(answer).map_or("", |s| s))
}

fn grade_choice(options: &[String], answer: usize, why: &[String], given: &str) -> Graded {
    let right = choice_label(options, answer);
    // A number picks an option; the option's own text is accepted too (scripts).
    let picked = given
        .parse::<usize>()
        .ok()
        .and_then(|n| n.checked_sub(1))
        .filter(|&i| i < options.len())
        .or_else(|| options.iter().position(|o| fold(o) == fold(given)));
    let Some(picked) = picked else {
        let message = format!("answer with an option's number, 1 to {}", options.len());
        return not_graded(message, &right);
    };
    let why_wrong = (picked != answer).then(|| {
        let reason = why.get(picked).filter(|w| !w.is_empty());
        reason.map_or_else(
            || format!("Option {} is not the right one.", picked + 1),
            |w| format!("Why not {}: {w}", picked + 1),
        )
    });
    Graded {
        verdict: verdict(picked == answer),
        right_answer: right,
        why_wrong,
    }
}

/// A number as typed: "0.25", ".25", "-1e-3", or a constant expression such as
/// "1/4" or "pi/2".
pub fn parse_number(given: &str) -> Option<f64> {
    let plain = given.trim().replace('−', "-");
    plain
        .parse::<f64>()
        .ok()
        .or_else(|| crate::expr::eval_constant(&plain).ok())
        .filter(|v| v.is_finite())
}

fn grade_numeric(key: f64, tolerance: f64, given: &str) -> Graded {
    let right = compact(key, 6);
    let Some(value) = parse_number(given) else {
        return not_graded(
            format!("'{given}' is not a number; type e.g. 0.25 or 1/4"),
            &right,
        );
    };
    Graded {
        verdict: verdict(within(value, key, tolerance)),
        right_answer: right,
        why_wrong: None,
    }
}

/// |value − key| ≤ tolerance, edges included. A few ulps of slack so that an answer
/// exactly on the edge ("0.501" for 0.5 ± 0.001) is not lost to rounding.
pub fn within(value: f64, key: f64, tolerance: f64) -> bool {
    let slack = 4.0 * f64::EPSILON * value.abs().max(key.abs()).max(1.0);
    (value - key).abs() <= tolerance + slack
}

/// Case and whitespace do not count: "Kaiming He" = "kaiminghe".
pub fn fold(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

fn text_label(accept: &[String]) -> String {
    match accept {
        [] => String::new(),
        [one] => one.clone(),
        [first, rest @ ..] => format!("{first} (also accepted: {})", rest.join(", ")),
    }
}

fn grade_text(accept: &[String], given: &str) -> Graded {
    let right = text_label(accept);
    if given.is_empty() {
        return not_graded("type an answer first".into(), &right);
    }
    let wanted = fold(given);
    Graded {
        verdict: verdict(accept.iter().any(|a| fold(a) == wanted)),
        right_answer: right,
        why_wrong: None,
    }
}

fn grade_formula(reference: &str, given: &str) -> Graded {
    let reference_parsed = match crate::expr::parse(reference) {
        Ok(r) => r,
        Err(err) => {
            return not_graded(
                format!("this question's reference is broken: {err}"),
                reference,
            )
        }
    };
    if given.is_empty() {
        return not_graded("type a formula in x first".into(), reference);
    }
    let answer = match crate::expr::parse(given) {
        Ok(a) => a,
        Err(err) => {
            let message = format!("{err}\n{}", err.render(given));
            return not_graded(message, reference);
        }
    };
    let found = crate::expr::compare_formulas(&answer, &reference_parsed);
    Graded {
        verdict: verdict(found.equivalent),
        right_answer: reference.to_string(),
        why_wrong: (!found.equivalent).then_some(found.reason),
    }
}
