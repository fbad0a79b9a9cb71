//! View 4, Quiz: the current lesson's questions with due reviews mixed in. Choice
//! questions are picked with ↑↓ + Enter or the option's number; numeric, text and
//! formula answers are typed into a box that takes every key while it has focus.
//! After each answer: right or wrong, the right answer, why a wrong pick is wrong,
//! the explanation and the score so far. Answers are saved one by one.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;
use tui_textarea::TextArea;

use crate::course::{Question, QuestionKind};
use crate::learner::session::pass_mark;
use crate::learner::{grade, Graded, Session, Verdict};
use crate::tui::action::{Action, View};
use crate::tui::app::App;
use crate::tui::theme::Theme;

pub struct QuizState {
    pub session: Option<Session>,
    /// The highlighted option of a choice question.
    pub selected: usize,
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
            selected: 0,
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
        self.selected = 0;
        self.feedback = None;
        self.error = None;
        self.scroll = 0;
        self.input = new_input();
        self.typing = question.is_some_and(is_typed);
    }
}

impl App {
    /// Start the quiz of the lesson shown when the Quiz view shows another day's.
    pub(crate) fn sync_quiz(&mut self) {
        let Some(day) = self.current_lesson().map(|l| l.day) else {
            return;
        };
        let stale = self.quiz.session.as_ref().is_none_or(|s| s.day != day);
        if self.view == View::Quiz && stale {
            self.start_quiz(day);
        }
    }

    fn start_quiz(&mut self, day: u32) {
        let now = self.now();
        self.quiz.session = Session::new(&self.course, day, &self.learner.progress, now);
        self.show_session_question();
    }

    fn quiz_question(&self) -> Option<&Question> {
        self.quiz.session.as_ref()?.question(&self.course)
    }

    /// The number of options when a choice question waits for its answer.
    fn awaiting_choice(&self) -> Option<usize> {
        if self.quiz.feedback.is_some() {
            return None;
        }
        match &self.quiz_question()?.kind {
            QuestionKind::Choice { options, .. } => Some(options.len()),
            _ => None,
        }
    }

    pub(crate) fn quiz_update(&mut self, action: Action) {
        match action {
            Action::Up | Action::Down => {
                if let Some(n) = self.awaiting_choice() {
                    let step = if action == Action::Up { n - 1 } else { 1 };
                    self.quiz.selected = (self.quiz.selected + step) % n;
                } else if action == Action::Up {
                    self.quiz.scroll = self.quiz.scroll.saturating_sub(1);
                } else {
                    // Clamped when drawn: only the drawing knows the height.
                    self.quiz.scroll += 1;
                }
            }
            Action::Pick(n) => self.pick(usize::from(n)),
            Action::Submit => self.submit(),
            Action::Retake => {
                if let Some(day) = self.current_lesson().map(|l| l.day) {
                    self.start_quiz(day);
                }
            }
            _ => {}
        }
    }

    /// A digit answers a waiting choice question; otherwise it switches views as
    /// everywhere else.
    fn pick(&mut self, n: usize) {
        match self.awaiting_choice() {
            Some(options) if (1..=options).contains(&n) => {
                self.quiz.selected = n - 1;
                self.answer(n.to_string());
            }
            Some(_) => {}
            None if (1..=View::ALL.len()).contains(&n) => self.view = View::from_index(n - 1),
            None => {}
        }
    }

    /// Enter: answer the highlighted option, focus the answer box, or move on.
    fn submit(&mut self) {
        let Some(question) = self.quiz_question() else {
            return;
        };
        if self.quiz.feedback.is_some() {
            self.next_question();
        } else if is_typed(question) {
            self.quiz.typing = true;
        } else {
            self.answer((self.quiz.selected + 1).to_string());
        }
    }

    fn next_question(&mut self) {
        if let Some(session) = self.quiz.session.as_mut() {
            session.advance();
        }
        self.show_session_question();
    }

    /// Put the session's current question on screen, with a fresh answer box.
    fn show_session_question(&mut self) {
        let question = self
            .quiz
            .session
            .as_ref()
            .and_then(|s| s.question(&self.course));
        self.quiz.reset_for(question);
    }

    /// Keys while the answer box has focus: Enter answers, Esc leaves the box,
    /// everything else types.
    pub(crate) fn quiz_input_key(&mut self, key: KeyEvent) -> bool {
        match key.code {
            KeyCode::Esc => self.quiz.typing = false,
            KeyCode::Enter => {
                let text = self.quiz.input.lines().join(" ");
                self.answer(text);
            }
            _ => {
                self.quiz.input.input(key);
            }
        }
        true
    }

    /// Grade `given`, record it and show the feedback. Input that cannot be graded
    /// shows why and waits for another try.
    fn answer(&mut self, given: String) {
        let Some(question) = self.quiz_question() else {
            return;
        };
        let graded = grade(question, &given);
        if let Verdict::NotGraded(why) = &graded.verdict {
            self.quiz.error = Some(why.clone());
            return;
        }
        let now = self.now();
        let changes = match self.quiz.session.as_mut() {
            Some(session) => session.answer(&graded, &given, now),
            None => Vec::new(),
        };
        self.quiz.typing = false;
        self.quiz.error = None;
        self.quiz.feedback = Some(graded);
        self.record_or_notice(changes);
    }
}

pub fn draw(app: &App, frame: &mut Frame, area: Rect) {
    let area = Rect {
        x: area.x + 1,
        width: area.width.saturating_sub(2),
        ..area
    };
    let theme = app.theme;
    let Some(session) = &app.quiz.session else {
        let text = "No quiz for this lesson.";
        frame.render_widget(Paragraph::new(Line::styled(text, theme.dim())), area);
        return;
    };
    match session.question(&app.course) {
        Some(question) => draw_question(app, session, question, frame, area),
        None => draw_summary(app, session, frame, area),
    }
}

fn draw_question(app: &App, session: &Session, q: &Question, frame: &mut Frame, area: Rect) {
    let theme = app.theme;
    let width = area.width as usize;
    let mut top = vec![status_line(session, theme), Line::raw("")];
    top.extend(
        wrap(&q.prompt, width)
            .into_iter()
            .map(|l| Line::styled(l, theme.title())),
    );
    top.push(Line::raw(""));
    if let QuestionKind::Choice {
        options, answer, ..
    } = &q.kind
    {
        top.extend(option_lines(app, options, *answer, width));
        top.push(Line::raw(""));
    }
    let box_height = if is_typed(q) { 3 } else { 0 };
    let [top_area, box_area, rest] = Layout::vertical([
        Constraint::Length(top.len() as u16),
        Constraint::Length(box_height),
        Constraint::Min(0),
    ])
    .areas(area);
    frame.render_widget(Paragraph::new(top), top_area);
    if is_typed(q) {
        draw_input(app, q, frame, box_area);
    }
    let lines = feedback_lines(app, session, q, width);
    frame.render_widget(
        Paragraph::new(scrolled(lines, app.quiz.scroll, rest.height, app.theme)),
        rest,
    );
}

/// The lines from `scroll` on that fit in `height`; when some are hidden, the last
/// row says how to see them.
fn scrolled(
    lines: Vec<Line<'static>>,
    scroll: usize,
    height: u16,
    theme: Theme,
) -> Vec<Line<'static>> {
    let height = usize::from(height);
    if lines.len() <= height || height < 2 {
        return lines;
    }
    let room = height - 1;
    let start = scroll.min(lines.len() - room);
    let more = if start + room < lines.len() {
        "↓/j shows more"
    } else {
        "↑/k scrolls back"
    };
    let mut shown: Vec<Line> = lines.into_iter().skip(start).take(room).collect();
    shown.push(Line::styled(more, theme.dim()));
    shown
}

fn status_line(session: &Session, theme: Theme) -> Line<'static> {
    let item = session.current();
    let review = match item {
        Some(item) if item.review => format!(" · review from day {}", item.day),
        _ => String::new(),
    };
    let score = session.score();
    let text = format!(
        "Day {} quiz · question {} of {}{review} · {} right of {} (pass: {})",
        session.day,
        session.position + 1,
        session.items.len(),
        score.right,
        score.of,
        pass_mark(score.of)
    );
    Line::styled(text, theme.dim())
}

/// The options with a cursor before answering, ✓ and ✗ after.
fn option_lines(app: &App, options: &[String], answer: usize, width: usize) -> Vec<Line<'static>> {
    let theme = app.theme;
    let picked = app.quiz.feedback.as_ref().map(|_| app.quiz.selected);
    let mut lines = Vec::new();
    for (i, option) in options.iter().enumerate() {
        let (marker, style) = match picked {
            None if i == app.quiz.selected => ("›", theme.selected()),
            None => (" ", Style::default()),
            Some(_) if i == answer => ("✓", theme.good()),
            Some(p) if p == i => ("✗", theme.bad()),
            Some(_) => (" ", theme.dim()),
        };
        let text = format!("{}. {option}", i + 1);
        for (n, piece) in wrap(&text, width.saturating_sub(2)).into_iter().enumerate() {
            let lead = if n == 0 { marker } else { " " };
            lines.push(Line::from(vec![
                Span::raw(format!("{lead} ")),
                Span::styled(piece, style),
            ]));
        }
    }
    lines
}

fn draw_input(app: &App, q: &Question, frame: &mut Frame, area: Rect) {
    let theme = app.theme;
    let what = match q.kind {
        QuestionKind::Numeric { .. } => "a number",
        QuestionKind::Formula { .. } => "a formula in x",
        _ => "your answer",
    };
    let title = if app.quiz.typing {
        format!(" {what} · Enter answers · Esc leaves the box ")
    } else {
        format!(" {what} · Enter to type ")
    };
    let border = if app.quiz.typing {
        theme.key()
    } else {
        theme.dim()
    };
    let mut input = app.quiz.input.clone();
    input.set_block(
        Block::default()
            .borders(Borders::ALL)
            .border_style(border)
            .title(title),
    );
    if !app.quiz.typing {
        input.set_cursor_style(Style::default());
    }
    frame.render_widget(&input, area);
}

/// Below the question: the verdict and explanation, or how to answer.
fn feedback_lines(app: &App, session: &Session, q: &Question, width: usize) -> Vec<Line<'static>> {
    let theme = app.theme;
    let mut lines = Vec::new();
    if let Some(error) = &app.quiz.error {
        lines.push(Line::styled("Not graded — try again:", theme.warn()));
        // Kept unwrapped: a caret line must stay under its column.
        lines.extend(
            error
                .lines()
                .map(|l| Line::styled(l.to_string(), theme.warn())),
        );
        return lines;
    }
    let Some(graded) = &app.quiz.feedback else {
        let hint = if is_typed(q) {
            "Type the answer and press Enter."
        } else {
            "↑↓ and Enter, or press the option's number."
        };
        lines.push(Line::styled(hint, theme.dim()));
        return lines;
    };
    let verdict = if graded.is_right() {
        Line::styled(format!("✓ Right: {}", graded.right_answer), theme.good())
    } else {
        let text = format!("✗ Wrong. The answer is {}", graded.right_answer);
        Line::styled(text, theme.bad())
    };
    lines.extend(rewrap(verdict, width));
    for text in graded.why_wrong.iter().chain([&q.explanation]) {
        lines.extend(wrap(text, width).into_iter().map(Line::raw));
    }
    let last = session.position + 1 >= session.items.len();
    let next = if last {
        "Enter: your score"
    } else {
        "Enter: next question"
    };
    lines.push(Line::styled(next, theme.key()));
    lines
}

fn draw_summary(app: &App, session: &Session, frame: &mut Frame, area: Rect) {
    let theme = app.theme;
    let score = session.score();
    let percent = (score.right * 100).checked_div(score.of).unwrap_or(0);
    let mut lines = vec![
        Line::styled(format!("Day {} quiz — done", session.day), theme.title()),
        Line::raw(""),
        Line::raw(format!(
            "Score: {} of {} right ({percent}%)",
            score.right, score.of
        )),
    ];
    let reviews = session.review_score();
    if reviews.of > 0 {
        lines.push(Line::raw(format!(
            "Reviews: {} of {} right",
            reviews.right, reviews.of
        )));
    }
    lines.push(Line::raw(""));
    let verdict = if session.passed() {
        Line::styled("Passed! The next day is open: press n.", theme.good())
    } else {
        let needed = format!(
            "Not passed yet: {} right needed. Press r to try again.",
            pass_mark(score.of)
        );
        Line::styled(needed, theme.warn())
    };
    lines.push(verdict);
    lines.push(Line::styled(
        "Questions you missed come back as reviews on later days.",
        theme.dim(),
    ));
    let width = area.width as usize;
    let wrapped: Vec<Line> = lines
        .into_iter()
        .flat_map(|line| rewrap(line, width))
        .collect();
    frame.render_widget(Paragraph::new(wrapped), area);
}

/// Wrap a styled one-span line.
fn rewrap(line: Line<'static>, width: usize) -> Vec<Line<'static>> {
    let style = line.spans.first().map(|s| s.style).unwrap_or_default();
    let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
    if text.is_empty() {
        return vec![Line::raw("")];
    }
    wrap(&text, width)
        .into_iter()
        .map(|l| Line::styled(l, style))
        .collect()
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
