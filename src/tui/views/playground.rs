//! View 6, Playground: the learner types a formula in x and sees it and its exact
//! derivative as they type, next to a catalog function for comparison, with a small
//! table of values and a list of their own saved formulas.
//!
//! The formula is parsed once per edit, never per frame: a frame only samples the
//! compiled program (a few hundred evaluations at ~30 ns each).

use std::sync::{Arc, OnceLock};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, List, ListItem, ListState, Paragraph};
use ratatui::Frame;
use tui_textarea::{CursorMove, TextArea};

use crate::activation::{Kind, CATALOG};
use crate::expr::{self, Compiled, Derivation, DeriveError, ExprError, FormulaVerdict};
use crate::format::compact;
use crate::func::Func;
use crate::learner::Change;
use crate::tui::action::Action;
use crate::tui::chart_view::{self, ChartState, Evaluate, SampleCache};
use crate::tui::export::ChartShown;
use crate::tui::screen::{Ctx, Effect, FormulaForLab, Input, Screen, TextBox};
use crate::tui::theme::Theme;
use crate::tui::views::derivation::wrap_indented;

mod draw;
use draw::draw;

/// The formula the box starts with: Mish, built from pieces the learner knows.
pub const EXAMPLE: &str = "x*tanh(ln(1+exp(x)))";
/// The catalog function compared with at the start (the example equals it).
const FIRST_COMPARISON: &str = "mish";
/// Where the table of values evaluates.
const TABLE_XS: [f64; 5] = [-2.0, -1.0, 0.0, 1.0, 2.0];
const PROMPT: &str = " f(x) = ";
/// Legend labels longer than this are cut: the full formula is in the box above.
const LABEL_CHARS: usize = 16;
/// Rows the chart and side panel keep when the steps are shown.
const MIN_MAIN_ROWS: u16 = 8;
/// The derivative's line starts like the box's prompt, so f and f′ line up.
const DERIVATIVE_PROMPT: &str = "f′(x) = ";

/// A catalog function the formula can be compared with.
struct Comparison {
    name: &'static str,
    func: Func,
    /// The same function as a compiled formula, for `expr::compare_formulas`.
    reference: Compiled,
}

/// The scalar catalog functions that parse as `name(x)` (gated ones need a second
/// input and are left out). Built once: parsing 20-odd names per key is waste.
fn comparisons() -> &'static [Comparison] {
    static LIST: OnceLock<Vec<Comparison>> = OnceLock::new();
    LIST.get_or_init(|| {
        CATALOG
            .iter()
            .filter(|a| a.kind == Kind::Scalar)
            .filter_map(|a| {
                let reference = expr::parse(&format!("{}(x)", a.name)).ok()?;
                Some(Comparison {
                    name: a.name,
                    func: Func::Catalog(a.configured()),
                    reference,
                })
            })
            .collect()
    })
}

pub struct PlaygroundState {
    input: TextArea<'static>,
    /// The formula box has focus: every key but Ctrl-C types into it.
    pub editing: bool,
    /// The last formula that parsed. While the text does not parse it stays on
    /// the chart, dimmed, so the picture does not vanish at every half-typed `(`.
    current: Option<Arc<Compiled>>,
    error: Option<ExprError>,
    /// Index into `comparisons()`; `None` compares with nothing.
    comparison: Option<usize>,
    verdict: Option<FormulaVerdict>,
    saved: Vec<String>,
    /// Index into `saved`.
    pub selected: usize,
    /// Set when `saved` changes, so the app knows to store progress.
    saved_changed: bool,
    pub chart: ChartState,
    markers: Vec<(String, f64, f64)>,
    /// Feedback on the last Enter / load / remove, until the next edit.
    feedback: Option<String>,
    samples: SampleCache,
    /// d/dx of the text in the box, worked out on each edit; `None` while the
    /// text is empty or does not parse.
    derivation: Option<Result<Derivation, DeriveError>>,
    /// The steps of the derivative show under its line (`D`).
    pub show_steps: bool,
    /// The steps wrapped to the view's width (in `relayout`), the first shown,
    /// and how many rows they get.
    steps: Vec<String>,
    steps_scroll: usize,
    steps_rows: u16,
}

impl PlaygroundState {
    pub fn new() -> PlaygroundState {
        let mut state = PlaygroundState {
            input: new_input(EXAMPLE, false),
            editing: false,
            current: None,
            error: None,
            comparison: comparisons()
                .iter()
                .position(|c| c.name == FIRST_COMPARISON),
            verdict: None,
            saved: Vec::new(),
            selected: 0,
            saved_changed: false,
            chart: ChartState::default(),
            markers: Vec::new(),
            feedback: None,
            samples: SampleCache::default(),
            derivation: None,
            show_steps: false,
            steps: Vec::new(),
            steps_scroll: 0,
            steps_rows: 0,
        };
        state.reparse();
        state
    }

    /// The text in the box.
    pub fn text(&self) -> String {
        self.input.lines().join("")
    }

    /// Replace the text in the box (cursor at the end) and re-parse it.
    pub fn set_text(&mut self, text: &str) {
        self.input = new_input(text, self.editing);
        self.reparse();
    }

    /// The formula on the chart: the text if it parses, else the last that did.
    pub fn current(&self) -> Option<Func> {
        self.current.clone().map(Func::Expr)
    }

    /// Why the text does not parse (`None` when it does, or when the box is empty).
    pub fn error(&self) -> Option<&ExprError> {
        self.error.as_ref()
    }

    /// The chart shows an older formula than the text in the box.
    pub fn is_stale(&self) -> bool {
        self.current
            .as_ref()
            .is_some_and(|c| c.source() != self.text().trim())
    }

    pub fn comparison_name(&self) -> Option<&'static str> {
        self.comparison.map(|i| comparisons()[i].name)
    }

    /// Whether the formula equals the comparison function, and why (or why not).
    pub fn verdict(&self) -> Option<&FormulaVerdict> {
        self.verdict.as_ref()
    }

    /// The learner's own formulas, oldest first (for saving with progress).
    pub fn saved_formulas(&self) -> &[String] {
        &self.saved
    }

    /// Restore the learner's formulas (from progress). Does not mark them changed.
    pub fn set_saved_formulas(&mut self, formulas: Vec<String>) {
        self.saved = formulas;
        self.selected = self.selected.min(self.saved.len().saturating_sub(1));
    }

    /// Whether the saved list changed since the last call: the app stores progress
    /// when this says so.
    pub fn take_saved_changed(&mut self) -> bool {
        std::mem::take(&mut self.saved_changed)
    }

    /// (x, f(x), f′(x)) at the table's points, for the formula on the chart.
    pub fn values(&self) -> Vec<(f64, f64, f64)> {
        let Some(c) = &self.current else {
            return Vec::new();
        };
        TABLE_XS
            .iter()
            .map(|&x| {
                let (f, df) = c.eval(x);
                (x, f, df)
            })
            .collect()
    }

    /// d/dx of the formula in the box, or why it cannot be shown (`None` while
    /// the text is empty or does not parse).
    pub fn derivation(&self) -> Option<&Result<Derivation, DeriveError>> {
        self.derivation.as_ref()
    }

    /// The steps as shown (wrapped to the view), from the first visible.
    pub fn visible_steps(&self) -> &[String] {
        let end = (self.steps_scroll + usize::from(self.steps_rows)).min(self.steps.len());
        &self.steps[self.steps_scroll.min(end)..end]
    }

    /// The function, comparison and range on the chart, for the SVG export.
    pub fn chart_shown(&self) -> Option<ChartShown> {
        Some(ChartShown {
            main: self.current()?,
            overlays: self.overlays(),
            chart: self.chart.clone(),
        })
    }

    pub fn update(&mut self, action: Action) {
        if self.show_steps && self.scroll_steps(action) {
            return;
        }
        match action {
            Action::ToggleSteps => {
                self.show_steps = !self.show_steps;
                self.steps_scroll = 0;
            }
            Action::EditFormula => self.set_editing(true),
            Action::LoadFormula => self.load_selected(),
            Action::RemoveFormula => self.remove_selected(),
            Action::NextComparison => self.cycle_comparison(true),
            Action::PrevComparison => self.cycle_comparison(false),
            Action::Down => self.select(self.selected + 1),
            Action::Up => self.select(self.selected.saturating_sub(1)),
            Action::PageDown => self.select(self.selected + 8),
            Action::PageUp => self.select(self.selected.saturating_sub(8)),
            Action::Top => self.select(0),
            Action::Bottom => self.select(usize::MAX),
            // Cursor, pan, zoom, reset and f′: the same in every chart view.
            other => self.chart.apply(other),
        }
    }

    /// A key typed into the box. Ctrl-M and a typed newline are Enter: the box
    /// stays one line.
    fn type_key(&mut self, key: KeyEvent) {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Char('\n' | '\r') => self.keep(),
            KeyCode::Char('m' | 'j') if ctrl => self.keep(),
            // A tab in a formula is never wanted.
            KeyCode::Tab | KeyCode::BackTab => {}
            _ => {
                if self.input.input(key) {
                    self.edited();
                }
            }
        }
    }

    /// A paste is one insertion (on one line) and one parse, however long.
    fn paste(&mut self, text: &str) {
        if self.input.insert_str(text.replace(['\r', '\n'], " ")) {
            self.edited();
        }
    }

    fn edited(&mut self) {
        self.feedback = None;
        self.reparse();
    }

    /// Keys and paste while the box has focus.
    fn box_input(&mut self, input: Input) {
        match input {
            Input::Action(Action::Back) => self.set_editing(false),
            Input::Action(Action::KeepFormula) => self.keep(),
            Input::Type(key) => self.type_key(key),
            Input::Paste(text) => self.paste(&text),
            Input::Action(_) | Input::Click(_) => {}
        }
    }

    /// The formula on the chart, labelled for its legend.
    fn shown(&self) -> Option<Shown> {
        let compiled = self.current.as_ref()?;
        Some(Shown {
            func: Func::Expr(compiled.clone()),
            label: short_label(compiled.source(), self.is_stale()),
        })
    }

    /// The catalog function compared with, drawn over the formula.
    fn overlays(&self) -> Vec<Func> {
        self.comparison
            .map(|i| comparisons()[i].func.clone())
            .into_iter()
            .collect()
    }

    /// The formula the lab trains with `f`, or why it cannot.
    pub fn formula_for_lab(&self) -> FormulaForLab {
        if self.text().trim().is_empty() {
            return Err("type a formula in the Playground (6) first".into());
        }
        if let Some(e) = self.error() {
            return Err(format!("the Playground's formula does not parse: {e}"));
        }
        self.current()
            .ok_or_else(|| "type a formula in the Playground (6) first".into())
    }

    /// A click in the chart moves its cursor; on the saved list, selects a row.
    fn click(&mut self, at: Position, body: Rect) {
        let parts = layout(body, self.derivative_rows());
        if let Some(x) = chart_view::x_at(parts.chart, &self.chart, at) {
            self.chart.set_cursor(x);
        } else if parts.saved_rows.contains(at) && !self.saved.is_empty() {
            let offset = list_offset(self.selected, parts.saved_rows.height);
            self.select(offset + usize::from(at.y - parts.saved_rows.y));
        }
    }

    /// While the steps show, the list keys scroll them; returns whether `action`
    /// was one of those.
    fn scroll_steps(&mut self, action: Action) -> bool {
        let page = usize::from(self.steps_rows.max(2) - 1);
        self.steps_scroll = match action {
            Action::Down => self.steps_scroll + 1,
            Action::Up => self.steps_scroll.saturating_sub(1),
            Action::PageDown => self.steps_scroll + page,
            Action::PageUp => self.steps_scroll.saturating_sub(page),
            Action::Top => 0,
            Action::Bottom => usize::MAX,
            _ => return false,
        };
        self.clamp_steps_scroll();
        true
    }

    fn clamp_steps_scroll(&mut self) {
        let last = self
            .steps
            .len()
            .saturating_sub(usize::from(self.steps_rows));
        self.steps_scroll = self.steps_scroll.min(last);
    }

    /// The steps wrapped to `width` columns (below a two-column indent), and the
    /// rows they get in a view of `height` rows.
    fn wrap_steps(&mut self, width: u16, height: u16) {
        self.steps = match &self.derivation {
            Some(Ok(d)) if self.show_steps => d
                .lines()
                .iter()
                .flat_map(|l| wrap_indented(l, usize::from(width.saturating_sub(3))))
                .collect(),
            _ => Vec::new(),
        };
        let room = height.saturating_sub(1 + 1 + 3 + MIN_MAIN_ROWS);
        self.steps_rows = (self.steps.len() as u16).min(room);
        self.clamp_steps_scroll();
    }

    /// Rows under the box for the derivative: its line, then the steps shown.
    fn derivative_rows(&self) -> u16 {
        1 + self.steps_rows
    }

    fn set_editing(&mut self, editing: bool) {
        self.editing = editing;
        self.input.set_cursor_style(cursor_style(editing));
    }

    /// Parse the text; on success it replaces the chart's formula, on failure the
    /// old one stays (stale) and the error is kept for display.
    fn reparse(&mut self) {
        let text = self.text();
        self.derivation = None;
        if text.trim().is_empty() {
            self.error = None;
            return;
        }
        match expr::parse(&text) {
            Ok(compiled) => {
                self.derivation = Some(expr::derive(&text));
                let compiled = Arc::new(compiled);
                self.error = None;
                self.markers = chart_view::notable_points(&Func::Expr(compiled.clone()));
                self.current = Some(compiled);
                self.refresh_verdict();
            }
            Err(err) => self.error = Some(err),
        }
    }

    fn refresh_verdict(&mut self) {
        self.verdict = match (&self.current, self.comparison) {
            (Some(typed), Some(i)) => {
                Some(expr::compare_formulas(typed, &comparisons()[i].reference))
            }
            _ => None,
        };
    }

    /// c/C: through the catalog and back to no comparison.
    fn cycle_comparison(&mut self, forward: bool) {
        let n = comparisons().len();
        self.comparison = match (self.comparison, forward) {
            (None, true) => Some(0),
            (None, false) => n.checked_sub(1),
            (Some(i), true) => (i + 1 < n).then_some(i + 1),
            (Some(i), false) => i.checked_sub(1),
        };
        self.refresh_verdict();
    }

    /// Enter in the box: keep a formula that parses in the learner's list.
    fn keep(&mut self) {
        let text = self.text().trim().to_string();
        if text.is_empty() || self.error.is_some() {
            self.feedback = Some("only a formula that parses can be kept: fix it first".into());
            return;
        }
        match self.saved.iter().position(|s| *s == text) {
            Some(i) => {
                self.selected = i;
                self.feedback = Some(format!("already in your functions as #{}", i + 1));
            }
            None => {
                self.saved.push(text);
                self.selected = self.saved.len() - 1;
                self.saved_changed = true;
                self.feedback = Some(format!("kept as #{} in your functions", self.saved.len()));
            }
        }
    }

    fn load_selected(&mut self) {
        match self.saved.get(self.selected).cloned() {
            Some(text) => {
                self.set_text(&text);
                self.feedback = Some(format!("loaded #{}", self.selected + 1));
            }
            None => self.set_editing(true),
        }
    }

    fn remove_selected(&mut self) {
        if self.selected < self.saved.len() {
            let gone = self.saved.remove(self.selected);
            self.select(self.selected);
            self.saved_changed = true;
            self.feedback = Some(format!("removed {gone}"));
        }
    }

    fn select(&mut self, index: usize) {
        self.selected = index.min(self.saved.len().saturating_sub(1));
    }
}

impl Screen for PlaygroundState {
    fn handle(&mut self, input: Input, ctx: &Ctx) -> Vec<Effect> {
        match input {
            _ if self.editing => self.box_input(input),
            Input::Action(action) => self.update(action),
            Input::Click(at) => self.click(at, ctx.body),
            Input::Type(_) | Input::Paste(_) => {}
        }
        // The learner's list is saved with the progress whenever it changes.
        if self.take_saved_changed() {
            vec![Effect::Record(vec![Change::Formulas(self.saved.clone())])]
        } else {
            Vec::new()
        }
    }

    fn relayout(&mut self, ctx: &Ctx) {
        self.wrap_steps(ctx.body.width, ctx.body.height);
        if let Some(shown) = self.shown() {
            let area = layout(ctx.body, self.derivative_rows()).chart;
            self.samples
                .refresh(area, &shown, &self.overlays(), &self.chart);
        }
    }

    fn text_box(&self) -> Option<TextBox> {
        self.editing.then_some(TextBox::Formula)
    }

    fn draw(&self, ctx: &Ctx, frame: &mut Frame, area: Rect) {
        draw(self, ctx, frame, area);
    }
}

/// Where the parts of the view sit.
struct Parts {
    input: Rect,
    /// The derivative's line and its steps.
    derivative: Rect,
    status: Rect,
    chart: Rect,
    side: Rect,
    /// The rows of the saved list (below its title).
    saved_rows: Rect,
}

/// The parts of the view in `area`, the derivative taking `derivative_rows`.
fn layout(area: Rect, derivative_rows: u16) -> Parts {
    let [input, derivative, status, main] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(derivative_rows),
        Constraint::Length(3),
        Constraint::Min(4),
    ])
    .areas(area);
    let side_width = (area.width / 3).clamp(27, 34);
    let [chart, side] =
        Layout::horizontal([Constraint::Min(20), Constraint::Length(side_width)]).areas(main);
    let [list, _] = side_rows(side_block().inner(side));
    let [_, saved_rows] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(list);
    Parts {
        input,
        derivative,
        status,
        chart,
        side,
        saved_rows,
    }
}

fn side_block() -> Block<'static> {
    Block::default().borders(Borders::LEFT)
}

/// The saved list above the table of values.
fn side_rows(inner: Rect) -> [Rect; 2] {
    Layout::vertical([Constraint::Min(2), Constraint::Length(6)]).areas(inner)
}

/// The first row shown: the list scrolls just enough to show the selection.
fn list_offset(selected: usize, height: u16) -> usize {
    (selected + 1).saturating_sub(usize::from(height.max(1)))
}

impl Default for PlaygroundState {
    fn default() -> Self {
        PlaygroundState::new()
    }
}

fn new_input(text: &str, editing: bool) -> TextArea<'static> {
    // One line only: newlines would make a formula the parser reads differently
    // from what the box shows.
    let line = text.replace(['\n', '\r'], " ");
    let mut input = TextArea::new(vec![line]);
    input.set_cursor_line_style(Style::default());
    input.set_cursor_style(cursor_style(editing));
    input.set_placeholder_text(format!("type a formula in x, e.g. {EXAMPLE}"));
    input.move_cursor(CursorMove::End);
    input
}

/// Without focus the cursor is hidden, so the box does not look like it takes keys.
fn cursor_style(editing: bool) -> Style {
    if editing {
        Style::default().add_modifier(Modifier::REVERSED)
    } else {
        Style::default()
    }
}

/// The typed formula as the chart sees it: a short legend label, marked when stale.
struct Shown {
    func: Func,
    label: String,
}

impl Evaluate for Shown {
    fn eval(&self, x: f64) -> (f64, f64) {
        self.func.eval(x)
    }
    fn label(&self) -> String {
        self.label.clone()
    }
}

fn short_label(source: &str, stale: bool) -> String {
    let mut label: String = source.chars().take(LABEL_CHARS).collect();
    if source.chars().count() > LABEL_CHARS {
        label.push('…');
    }
    if stale {
        format!("(old) {label}")
    } else {
        label
    }
}
