//! Grading one answer to one question. Pure: the question and the learner's text in,
//! a verdict and what to show out. Input that cannot be graded (a formula that does
//! not parse, a choice number out of range) is `NotGraded`: the learner tries again
//! and nothing is recorded.

use super::order::OptionOrder;
use crate::course::{Question, QuestionKind};
use crate::expr::{parse_number_answer, NumberAnswer};
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
    /// A remark on a right answer, e.g. the spelling of a word typed with a slip.
    pub note: Option<String>,
}

impl Graded {
    pub fn is_right(&self) -> bool {
        self.verdict == Verdict::Right
    }

    pub fn is_graded(&self) -> bool {
        !matches!(self.verdict, Verdict::NotGraded(_))
    }
}

/// Grade `given` (one line as typed; for a choice, the option's 1-based number in
/// the file's own order).
pub fn grade(question: &Question, given: &str) -> Graded {
    let order = match &question.kind {
        QuestionKind::Choice { options, .. } => OptionOrder::identity(options.len()),
        _ => OptionOrder::identity(0),
    };
    grade_shown(question, given, &order)
}

/// Grade `given` when a choice question's options were shown in `order`: the
/// number is the shown one, and the feedback names options by their shown numbers.
pub fn grade_shown(question: &Question, given: &str, order: &OptionOrder) -> Graded {
    let given = given.trim();
    match &question.kind {
        QuestionKind::Choice {
            options,
            answer,
            why,
        } => grade_choice(&Choice::new(options, *answer, why, order), given),
        QuestionKind::Numeric { key, tolerance } => match key.compute() {
            Ok(key) => grade_numeric(key, *tolerance, given),
            Err(err) => not_graded(format!("this question's key is broken: {err}"), "?"),
        },
        QuestionKind::Text { accept } => grade_text(accept, given),
        QuestionKind::Formula { reference } => grade_formula(reference, given),
    }
}

/// The right answer of a question as text (for review lists and summaries), a
/// choice's option numbered as in the file.
pub fn right_answer(question: &Question) -> String {
    match &question.kind {
        QuestionKind::Choice {
            options, answer, ..
        } => format!("{}. {}", answer + 1, options.get(*answer).map_or("", |s| s)),
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
        note: None,
    }
}

fn graded(right: bool, right_answer: String, why_wrong: Option<String>) -> Graded {
    Graded {
        verdict: verdict(right),
        right_answer,
        why_wrong,
        note: None,
    }
}

fn verdict(right: bool) -> Verdict {
    if right {
        Verdict::Right
    } else {
        Verdict::Wrong
    }
}

/// A choice question as the learner saw it: options in shown order.
struct Choice<'q> {
    shown: Vec<&'q str>,
    /// Why each shown option is wrong ("" for the right one).
    why: Vec<&'q str>,
    /// Shown position of the right option.
    answer: usize,
}

impl<'q> Choice<'q> {
    fn new(options: &'q [String], answer: usize, why: &'q [String], order: &OptionOrder) -> Self {
        // A broken order (wrong length) falls back to the file's own.
        let order = if order.len() == options.len() {
            order.clone()
        } else {
            OptionOrder::identity(options.len())
        };
        Choice {
            shown: order.arrange(options),
            why: (0..options.len())
                .filter_map(|s| order.file_index(s))
                .map(|i| why.get(i).map_or("", String::as_str))
                .collect(),
            answer: order.shown_position(answer).unwrap_or(answer),
        }
    }

    /// "3. [0, ∞)": the option's shown number and text.
    fn label(&self, shown: usize) -> String {
        format!("{}. {}", shown + 1, self.shown.get(shown).unwrap_or(&""))
    }
}

fn grade_choice(choice: &Choice, given: &str) -> Graded {
    let right = choice.label(choice.answer);
    let count = choice.shown.len();
    // A number picks an option; the option's own text is accepted too (scripts).
    let picked = given
        .parse::<usize>()
        .ok()
        .and_then(|n| n.checked_sub(1))
        .filter(|&i| i < count)
        .or_else(|| choice.shown.iter().position(|o| fold(o) == fold(given)));
    let Some(picked) = picked else {
        let message = format!("answer with an option's number, 1 to {count}");
        return not_graded(message, &right);
    };
    let why_wrong = (picked != choice.answer).then(|| {
        let reason = choice.why.get(picked).filter(|w| !w.is_empty());
        reason.map_or_else(
            || format!("Option {} is not the right one.", picked + 1),
            |w| format!("Why not {}: {w}", picked + 1),
        )
    });
    graded(picked == choice.answer, right, why_wrong)
}

/// A number as typed: "0.25", ".25", "-1e-3", or plain arithmetic such as "1/4"
/// or "pi/2" (no function calls: see `expr::parse_number_answer`).
pub fn parse_number(given: &str) -> Option<f64> {
    parse_number_answer(given).ok().map(|a| a.value)
}

fn grade_numeric(key: f64, tolerance: f64, given: &str) -> Graded {
    let right = compact(key, 6);
    let answer = match parse_number_answer(given) {
        Ok(answer) => answer,
        Err(message) => return not_graded(message, &right),
    };
    let right_now = within(answer.value, key, tolerance);
    if !right_now {
        if let Some(needed) = short_of_precision(answer, key, tolerance) {
            // Not a miss: the digits given are the key's; more are needed.
            return not_graded(format!("right so far; give {needed} decimals"), &right);
        }
    }
    graded(right_now, right, None)
}

/// Decimals that bring a rounded answer within `tolerance`: the least n with
/// 0.5·10^−n ≤ tolerance (a hair of slack for 0.005 = 0.5·10^−2 in binary).
pub fn decimals_needed(tolerance: f64) -> u32 {
    (0..15)
        .find(|&n| 0.5 * 10f64.powi(-n) <= tolerance * (1.0 + 1e-9))
        .map_or(15, |n| n as u32)
}

/// When a plain decimal answer is the key rounded or cut to the decimals given,
/// reaching at least the key's leading digit, but more decimals are needed: how
/// many.
fn short_of_precision(answer: NumberAnswer, key: f64, tolerance: f64) -> Option<u32> {
    let given = answer.decimals?;
    let needed = decimals_needed(tolerance);
    if given >= needed || answer.value == 0.0 {
        return None;
    }
    let scale = 10f64.powi(i32::try_from(given).ok()?);
    // The digits given must reach the key's leading digit: "1" is not a start
    // on 0.559, "0.6" is.
    if key.abs() * scale < 1.0 {
        return None;
    }
    let same = |candidate: f64| (candidate / scale - answer.value).abs() < 1e-6 / scale;
    (same((key * scale).round()) || same((key * scale).trunc())).then_some(needed)
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
    if accept.iter().any(|a| fold(a) == wanted) {
        return graded(true, right, None);
    }
    match accept.iter().find(|a| is_slip(&fold(a), &wanted)) {
        Some(spelled) => Graded {
            note: Some(format!("Accepted; it is spelled “{}”.", spelled.trim())),
            ..graded(true, right, None)
        },
        None => graded(false, right, None),
    }
}

/// Words shorter than this must be typed exactly (a slip in "tanh" is "tan").
pub const SLIP_MIN_LETTERS: usize = 5;

/// One letter added, dropped, changed, or two neighbours swapped ("afine",
/// "Heavyside"), in an accepted answer of at least `SLIP_MIN_LETTERS` letters.
fn is_slip(accepted: &str, given: &str) -> bool {
    let a: Vec<char> = accepted.chars().collect();
    let b: Vec<char> = given.chars().collect();
    if a.len() < SLIP_MIN_LETTERS || a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    // Skip the common prefix and suffix; what is left must be one edit.
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[prefix..], &b[prefix..]);
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (a, b) = (&a[..a.len() - suffix], &b[..b.len() - suffix]);
    match (a.len(), b.len()) {
        (0, 1) | (1, 0) | (1, 1) => true,
        (2, 2) => a[0] == b[1] && a[1] == b[0],
        _ => false,
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
    graded(
        found.equivalent,
        reference.to_string(),
        (!found.equivalent).then_some(found.reason),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_needed_follow_the_tolerance() {
        // 0.5·10^−n ≤ tolerance, worked by hand.
        assert_eq!(decimals_needed(0.0005), 3);
        assert_eq!(decimals_needed(1e-6), 6);
        assert_eq!(decimals_needed(0.005), 2);
        assert_eq!(decimals_needed(0.01), 2);
        assert_eq!(decimals_needed(0.5), 0);
    }

    #[test]
    fn short_answers_are_right_so_far_only_when_their_digits_are_the_keys() {
        let hint = |given: &str| {
            let answer = parse_number_answer(given).expect("a number");
            // tanh(1)·2 − tanh(2) = 0.5591612…, to 3 decimals.
            short_of_precision(answer, 0.559_161_2, 0.0005)
        };
        assert_eq!(hint("0.56"), Some(3), "rounded");
        assert_eq!(hint("0.55"), Some(3), "cut");
        assert_eq!(hint("0.6"), Some(3));
        assert_eq!(hint("0.57"), None, "a wrong digit");
        assert_eq!(hint("1"), None, "0.559 rounds to 1, but 1 is not a start");
        assert_eq!(hint("0"), None, "zero says nothing");
        assert_eq!(hint("0.5592"), None, "enough decimals: graded");
        assert_eq!(hint("1/2"), None, "arithmetic is exact");
    }

    #[test]
    fn slips_are_one_edit_in_words_of_five_letters_or_more() {
        assert!(is_slip("affine", "afine"));
        assert!(is_slip("heaviside", "heavyside"));
        assert!(is_slip("affine", "affnie"));
        assert!(is_slip("affine", "affines"));
        assert!(!is_slip("affine", "afffinee"));
        assert!(!is_slip("tanh", "tahn"));
        assert!(!is_slip("linear", "lniaer"));
    }
}
