//! View 4, Quiz: the current lesson's questions with due reviews mixed in. Choice
//! questions show their options in a fresh order at every sitting (`Session`), with
//! no option highlighted until the learner moves: Enter alone cannot answer. They
//! are picked with ↑↓ + Enter, the option's shown number or a click; numeric, text
//! and formula answers are typed into a box that takes every key while it has
//! focus. After each answer: right or wrong, the right answer and why a wrong pick
//! is wrong (options named by their shown numbers), the explanation and the
//! counters. Answers are saved one by one, a choice by its number in the file.

use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;
use tui_textarea::TextArea;

use crate::course::{Question, QuestionKind};
use crate::learner::session::{fresh_seed, pass_mark};
use crate::learner::{Graded, Session, Verdict};
use crate::tui::action::{Action, View};
use crate::tui::screen::{Ctx, Effect, Input, Screen, TextBox};
use crate::tui::theme::Theme;

mod draw;
use draw::draw;

pub struct QuizState {
    pub session: Option<Session>,
    /// The highlighted option of a choice question, by shown position (0-based);
    /// `None` until the learner picks one, so Enter alone answers nothing.
    pub selected: Option<usize>,
    /// The seed of the first sitting's option order, each later sitting one more
    /// (reproducible: tests set it before the quiz starts); `None` draws a fresh
    /// seed at every sitting.
    pub seed: Option<u64>,
    /// Sittings started so far.
    sittings: u64,
    pub input: TextArea<'static>,
    /// The answer box has focus: keys type into it.
    pub typing: bool,
    /// The graded answer to the current question, once given.
    pub feedback: Option<Graded>,
    /// Why the last input was not graded (a formula that does not parse, …).
    pub error: Option<String>,
    /// Lines the feedback is scrolled by (long explanations on small screens).
    pub scroll: usize,
}

impl Default for QuizState {
    fn default() -> Self {
        QuizState {
            session: None,
            selected: None,
            seed: None,
            sittings: 0,
            input: new_input(),
            typing: false,
            feedback: None,
            error: None,
            scroll: 0,
        }
    }
}

fn new_input() -> TextArea<'static> {
    let mut input = TextArea::default();
    input.set_cursor_line_style(Style::default());
    input
}

fn is_typed(question: &Question) -> bool {
    !matches!(question.kind, QuestionKind::Choice { .. })
}

impl QuizState {
    /// Ready for a new question: typed questions take the keys at once.
    fn reset_for(&mut self, question: Option<&Question>) {
        self.selected = None;
        self.feedback = None;
        self.error = None;
        self.scroll = 0;
        self.input = new_input();
        self.typing = question.is_some_and(is_typed);
    }
}

impl QuizState {
    /// Start the day's quiz (a fresh session: answers given before stay saved),
    /// its options in a new order.
    fn start(&mut self, ctx: &Ctx) {
        let seed = match self.seed {
            Some(first) => first.wrapping_add(self.sittings),
            None => fresh_seed(ctx.now),
        };
        self.sittings += 1;
        self.session = ctx
            .day()
            .and_then(|day| Session::with_seed(ctx.course, day, ctx.progress, ctx.now, seed));
        self.show_session_question(ctx);
    }

    fn question<'c>(&self, ctx: &Ctx<'c>) -> Option<&'c Question> {
        self.session.as_ref()?.question(ctx.course)
    }

    /// The number of options when a choice question waits for its answer.
    fn awaiting_choice(&self, ctx: &Ctx) -> Option<usize> {
        if self.feedback.is_some() {
            return None;
        }
        match &self.question(ctx)?.kind {
            QuestionKind::Choice { options, .. } => Some(options.len()),
            _ => None,
        }
    }

    fn apply(&mut self, action: Action, ctx: &Ctx) -> Vec<Effect> {
        match action {
            Action::Up | Action::Down => {
                if let Some(n) = self.awaiting_choice(ctx) {
                    self.selected = Some(moved(self.selected, n, action == Action::Up));
                } else if action == Action::Up {
                    self.scroll = self.scroll.saturating_sub(1);
                } else {
                    // The feedback's height is known when drawn, which only reads
                    // the scroll clamped (`scrolled`).
                    self.scroll = self.scroll.saturating_add(1).min(MAX_SCROLL);
                }
                Vec::new()
            }
            Action::Pick(n) => self.pick(usize::from(n), ctx),
            Action::Submit => self.submit(ctx),
            Action::Retake => {
                self.start(ctx);
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    /// A digit answers a waiting choice question; otherwise it switches views as
    /// everywhere else.
    fn pick(&mut self, n: usize, ctx: &Ctx) -> Vec<Effect> {
        match self.awaiting_choice(ctx) {
            Some(options) if (1..=options).contains(&n) => {
                self.selected = Some(n - 1);
                self.answer(n.to_string(), ctx)
            }
            Some(_) => Vec::new(),
            None if (1..=View::ALL.len()).contains(&n) => {
                vec![Effect::ShowView(View::from_index(n - 1))]
            }
            None => Vec::new(),
        }
    }

    /// Enter: answer the highlighted option (none yet: nothing happens), focus the
    /// answer box, or move on.
    fn submit(&mut self, ctx: &Ctx) -> Vec<Effect> {
        let Some(question) = self.question(ctx) else {
            return Vec::new();
        };
        if self.feedback.is_some() {
            self.next_question(ctx);
            Vec::new()
        } else if is_typed(question) {
            self.typing = true;
            Vec::new()
        } else if let Some(selected) = self.selected {
            self.answer((selected + 1).to_string(), ctx)
        } else {
            Vec::new()
        }
    }

    fn next_question(&mut self, ctx: &Ctx) {
        if let Some(session) = self.session.as_mut() {
            session.advance();
        }
        self.show_session_question(ctx);
    }

    /// Put the session's current question on screen, with a fresh answer box.
    fn show_session_question(&mut self, ctx: &Ctx) {
        let question = self.question(ctx);
        self.reset_for(question);
    }

    /// Keys and paste while the answer box has focus: Enter answers, Esc leaves
    /// the box, a paste is one insertion (on one line), other keys type.
    fn box_input(&mut self, input: Input, ctx: &Ctx) -> Vec<Effect> {
        match input {
            Input::Action(Action::Back) => self.typing = false,
            Input::Action(Action::Submit) => {
                let text = self.input.lines().join(" ");
                return self.answer(text, ctx);
            }
            Input::Type(key) => {
                self.input.input(key);
            }
            Input::Paste(text) => {
                self.input.insert_str(text.replace(['\r', '\n'], " "));
            }
            Input::Action(_) | Input::Click(_) => {}
        }
        Vec::new()
    }

    /// Grade `given` (a choice by its shown number) and show the feedback; the
    /// answer is saved through the returned effect, a choice by its number in the
    /// file. Input that cannot be graded (or a right number short of digits)
    /// shows why and waits, counting as nothing.
    fn answer(&mut self, given: String, ctx: &Ctx) -> Vec<Effect> {
        let (Some(question), Some(session)) = (self.question(ctx), self.session.as_mut()) else {
            return Vec::new();
        };
        let graded = session.grade(question, &given);
        if let Verdict::NotGraded(why) = &graded.verdict {
            self.error = Some(why.clone());
            return Vec::new();
        }
        let recorded = session.recorded_answer(question, &given);
        let changes = session.answer(&graded, &recorded, ctx.now);
        self.typing = false;
        self.error = None;
        self.feedback = Some(graded);
        vec![Effect::Record(changes)]
    }

    /// The option (shown position) under a click, while a choice question waits
    /// for its answer. Rows are counted as `draw` lays them out.
    fn option_at(&self, at: Position, ctx: &Ctx) -> Option<usize> {
        self.awaiting_choice(ctx)?;
        let session = self.session.as_ref()?;
        let question = session.question(ctx.course)?;
        let shown = session.shown_options(ctx.course)?;
        let area = inset(ctx.body);
        if !area.contains(at) {
            return None;
        }
        let width = usize::from(area.width);
        let mut row = usize::from(area.y) + rows_above_options(session, question, width);
        for (i, rows) in option_rows(&shown, width).iter().enumerate() {
            if (row..row + rows.len()).contains(&usize::from(at.y)) {
                return Some(i);
            }
            row += rows.len();
        }
        None
    }
}

/// The highlight after ↑ (`up`) or ↓ among `n` options, wrapping round; the first
/// move from no highlight lands on the first (↓) or last (↑) option.
fn moved(selected: Option<usize>, n: usize, up: bool) -> usize {
    match (selected, up) {
        (None, false) => 0,
        (None, true) => n.saturating_sub(1),
        (Some(i), false) => (i + 1) % n.max(1),
        (Some(i), true) => (i + n.saturating_sub(1)) % n.max(1),
    }
}

/// The header above a question: the day, a review's own day, and the counters
/// ("3 of 9 answered · 2 right · pass: 7").
fn header(session: &Session) -> String {
    let review = match session.current() {
        Some(item) if item.review => format!(" · review from day {}", item.day),
        _ => String::new(),
    };
    format!("Day {} quiz{review} · {}", session.day, session.counters())
}

/// Rows from the top of the quiz to its first option: the header, a blank row,
/// the prompt and a blank row (the drawing and the mouse share this).
fn rows_above_options(session: &Session, question: &Question, width: usize) -> usize {
    wrap(&header(session), width).len() + 1 + wrap(&question.prompt, width).len() + 1
}

/// Each option as shown, "2. text", wrapped to the width left of its marker.
fn option_rows(shown: &[&str], width: usize) -> Vec<Vec<String>> {
    shown
        .iter()
        .enumerate()
        .map(|(i, option)| wrap(&format!("{}. {option}", i + 1), width.saturating_sub(2)))
        .collect()
}

/// Far more than any feedback is long: the scroll never runs away.
const MAX_SCROLL: usize = 500;

impl Screen for QuizState {
    fn on_enter(&mut self, ctx: &Ctx) -> Vec<Effect> {
        let stale = self
            .session
            .as_ref()
            .is_none_or(|s| Some(s.day) != ctx.day());
        if stale {
            self.start(ctx);
        }
        Vec::new()
    }

    fn handle(&mut self, input: Input, ctx: &Ctx) -> Vec<Effect> {
        if self.typing {
            return self.box_input(input, ctx);
        }
        match input {
            Input::Action(action) => self.apply(action, ctx),
            Input::Click(at) => match self.option_at(at, ctx) {
                Some(i) => self.pick(i + 1, ctx),
                None => Vec::new(),
            },
            Input::Type(_) | Input::Paste(_) => Vec::new(),
        }
    }

    fn text_box(&self) -> Option<TextBox> {
        self.typing.then_some(TextBox::Answer)
    }

    fn draw(&self, ctx: &Ctx, frame: &mut Frame, area: Rect) {
        draw(self, ctx, frame, area);
    }
}

/// The quiz leaves a column free at each side.
fn inset(area: Rect) -> Rect {
    Rect {
        x: area.x + 1,
        width: area.width.saturating_sub(2),
        ..area
    }
}

/// Word-wrap to `width` columns (one column per char: the course is written so),
/// keeping explicit line breaks. Wrapping here, not in the Paragraph, lets the
/// layout know each part's height.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(10);
    let mut out = Vec::new();
    for paragraph in text.lines() {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            let needed =
                line.chars().count() + usize::from(!line.is_empty()) + word.chars().count();
            if needed > width && !line.is_empty() {
                out.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        out.push(line);
    }
    out
}
