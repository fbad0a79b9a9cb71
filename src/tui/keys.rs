//! The one key table: it drives dispatch, the footer hints, the `?` help and the
//! README's key table. Every key the app reacts to is here, including those of
//! text boxes, the help overlay, the tour and the Today panel.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::{Action, LabAction, View};
use super::screen::TextBox;

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// In every view, inside text boxes and over overlays too (view switching,
    /// quitting, suspending).
    Anywhere,
    /// In every view, but not while a text box has focus (letters type there).
    Global,
    /// Only in these views.
    Views(&'static [View]),
    /// While one of these text boxes has focus; other keys type into it.
    Boxes(&'static [TextBox]),
    /// While the `?` help is open.
    Help,
    /// While the tour is shown.
    Tour,
    /// While the Today panel is shown; other keys close it and act as usual.
    Today,
    /// While the derivation overlay is shown.
    Derivation,
}

/// What has the keys right now, from the top layer down.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Help,
    /// The derivation overlay (Lesson, Explore).
    Derivation,
    Tour,
    Today,
    TextBox(TextBox),
    /// The view itself.
    View,
}

/// A key: a code plus whether Control or Alt is held (Shift is part of the character).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
}

const fn key(c: char) -> Key {
    code(KeyCode::Char(c))
}

const fn code(code: KeyCode) -> Key {
    Key {
        code,
        ctrl: false,
        alt: false,
    }
}

const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: true,
        alt: false,
    }
}

const fn alt(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: false,
        alt: true,
    }
}

pub struct Binding {
    pub keys: &'static [Key],
    pub action: Action,
    pub scope: Scope,
    /// The line in the help overlay and the README.
    pub help: &'static str,
    /// A short hint for the footer, if this binding earns a place there.
    pub footer: Option<&'static str>,
}

const fn bind(
    keys: &'static [Key],
    action: Action,
    scope: Scope,
    help: &'static str,
    footer: Option<&'static str>,
) -> Binding {
    Binding {
        keys,
        action,
        scope,
        help,
        footer,
    }
}

const CHARTS: Scope = Scope::Views(&[View::Lesson, View::Explore]);
/// Views whose chart moves (cursor, pan, zoom, f′); parameters stay with `CHARTS`.
const CHART_MOVES: Scope = Scope::Views(&[View::Lesson, View::Explore, View::Playground]);
const EXPLORE: Scope = Scope::Views(&[View::Explore]);
const COMPARE: Scope = Scope::Views(&[View::Compare]);
const PLAYGROUND: Scope = Scope::Views(&[View::Playground]);
const LESSON: Scope = Scope::Views(&[View::Lesson]);
const QUIZ: Scope = Scope::Views(&[View::Quiz]);
const LAB: Scope = Scope::Views(&[View::Lab]);
const ANY_BOX: Scope = Scope::Boxes(&TextBox::ALL);
const ANSWER: Scope = Scope::Boxes(&[TextBox::Answer]);
const FORMULA: Scope = Scope::Boxes(&[TextBox::Formula]);
const FILTER: Scope = Scope::Boxes(&[TextBox::Filter]);
const ESC: Key = code(KeyCode::Esc);
const ENTER: Key = code(KeyCode::Enter);
const UP: Key = code(KeyCode::Up);
const DOWN: Key = code(KeyCode::Down);
const LEFT: Key = code(KeyCode::Left);
const RIGHT: Key = code(KeyCode::Right);
const fn f(n: u8) -> Key {
    code(KeyCode::F(n))
}
/// Quiz options are picked by number; `map_key` turns `Pick(0)` into `Pick(digit)`.
const DIGITS: &[Key] = &[
    key('1'),
    key('2'),
    key('3'),
    key('4'),
    key('5'),
    key('6'),
    key('7'),
    key('8'),
    key('9'),
];
use Action as A;
use LabAction as L;

/// Every key of the app, one line each. Order: the help overlay's order.
#[rustfmt::skip]
pub const BINDINGS: &[Binding] = &[
    bind(&[key('1')], A::ShowView(View::Lesson), Scope::Global, "view 1: Lesson", None),
    bind(&[key('2')], A::ShowView(View::Explore), Scope::Global, "view 2: Explore", None),
    bind(&[key('3')], A::ShowView(View::Compare), Scope::Global, "view 3: Compare", None),
    bind(&[key('4')], A::ShowView(View::Quiz), Scope::Global, "view 4: Quiz", None),
    bind(&[key('5')], A::ShowView(View::Lab), Scope::Global, "view 5: Lab", None),
    bind(&[key('6')], A::ShowView(View::Playground), Scope::Global, "view 6: Playground", None),
    bind(&[f(1), alt('1')], A::ShowView(View::Lesson), Scope::Anywhere, "view 1: Lesson, inside text boxes too", None),
    bind(&[f(2), alt('2')], A::ShowView(View::Explore), Scope::Anywhere, "view 2: Explore, inside text boxes too", None),
    bind(&[f(3), alt('3')], A::ShowView(View::Compare), Scope::Anywhere, "view 3: Compare, inside text boxes too", None),
    bind(&[f(4), alt('4')], A::ShowView(View::Quiz), Scope::Anywhere, "view 4: Quiz, inside text boxes too", None),
    bind(&[f(5), alt('5')], A::ShowView(View::Lab), Scope::Anywhere, "view 5: Lab, inside text boxes too", None),
    bind(&[f(6), alt('6')], A::ShowView(View::Playground), Scope::Anywhere, "view 6: Playground, inside text boxes too", None),
    bind(&[code(KeyCode::Tab)], A::NextView, Scope::Anywhere, "next view", Some("views")),
    bind(&[code(KeyCode::BackTab)], A::PrevView, Scope::Anywhere, "previous view", None),
    bind(&[key('n')], A::NextLesson, Scope::Global, "next lesson", Some("next day")),
    bind(&[key('p')], A::PrevLesson, Scope::Global, "previous lesson", Some("prev day")),
    bind(&[UP, key('k')], A::Up, Scope::Global, "scroll / move up", Some("scroll")),
    bind(&[DOWN, key('j')], A::Down, Scope::Global, "scroll / move down", None),
    bind(&[code(KeyCode::PageUp)], A::PageUp, Scope::Global, "page up", None),
    bind(&[code(KeyCode::PageDown)], A::PageDown, Scope::Global, "page down", None),
    bind(&[key('g'), code(KeyCode::Home)], A::Top, Scope::Global, "go to the top", None),
    bind(&[key('G'), code(KeyCode::End)], A::Bottom, Scope::Global, "go to the bottom", None),
    bind(&[LEFT, key('h')], A::CursorLeft, CHART_MOVES, "move the chart cursor left (or click the chart)", Some("cursor")),
    bind(&[RIGHT, key('l')], A::CursorRight, CHART_MOVES, "move the chart cursor right", None),
    bind(&[key('<')], A::PanLeft, CHART_MOVES, "pan the chart left", None),
    bind(&[key('>')], A::PanRight, CHART_MOVES, "pan the chart right", None),
    bind(&[key('+'), key('=')], A::ZoomIn, CHART_MOVES, "zoom the chart in", Some("zoom")),
    bind(&[key('-')], A::ZoomOut, CHART_MOVES, "zoom the chart out", None),
    bind(&[key('0')], A::ResetView, CHART_MOVES, "reset the chart view", None),
    bind(&[key('[')], A::ParamDown, CHARTS, "lower the selected parameter (α, β, …)", Some("param")),
    bind(&[key(']')], A::ParamUp, CHARTS, "raise the selected parameter", None),
    bind(&[key('{')], A::PrevParam, CHARTS, "select the previous parameter (functions with two or more)", Some("which param")),
    bind(&[key('}')], A::NextParam, CHARTS, "select the next parameter", None),
    bind(&[key('d')], A::ToggleDerivative, CHART_MOVES, "show / hide the derivative", Some("f′")),
    bind(&[key('/')], A::Filter, EXPLORE, "type to filter the function list", Some("filter")),
    bind(&[key('o')], A::ToggleOverlay, EXPLORE, "overlay the selected function for comparison", Some("overlay")),
    bind(&[key('O')], A::ClearOverlays, EXPLORE, "clear the overlays", None),
    bind(&[key('s')], A::SortNext, COMPARE, "sort by the next column", Some("sort")),
    bind(&[key('r')], A::SortReverse, COMPARE, "reverse the sort order", Some("reverse")),
    bind(&[ENTER], A::OpenInExplore, COMPARE, "open the selected function in Explore", Some("explore")),
    bind(&[key('i')], A::EditFormula, PLAYGROUND, "type in the formula box (Esc leaves it, Enter keeps the formula)", Some("edit")),
    bind(&[ENTER], A::LoadFormula, PLAYGROUND, "load the selected saved formula (edit when none is saved)", None),
    bind(&[key('x'), code(KeyCode::Delete)], A::RemoveFormula, PLAYGROUND, "remove the selected saved formula", None),
    bind(&[key('c')], A::NextComparison, PLAYGROUND, "compare with the next catalog function", Some("compare")),
    bind(&[key('C')], A::PrevComparison, PLAYGROUND, "compare with the previous catalog function", None),
    bind(&[key('e')], A::EditNotes, LESSON, "edit your notes for this lesson (Esc saves and closes)", Some("notes")),
    bind(&[key('D')], A::ShowDerivation, CHARTS, "the derivation of the chart's function: the rules step by step, then f′", None),
    bind(&[key('D')], A::ToggleSteps, PLAYGROUND, "show / hide the derivative's steps under the formula box (↑↓ scroll them)", None),
    bind(&[key('S')], A::ExportChart, CHART_MOVES, "save the chart on screen as SVG in the current folder (never overwrites)", None),
    bind(&[key('c')], A::ToggleChart, LESSON, "show the lesson's chart full-height / back to the text", Some("chart")),
    bind(DIGITS, A::Pick(0), QUIZ, "pick a choice question's option by its number (else: switch view)", None),
    bind(&[ENTER], A::Submit, QUIZ, "answer (or type into the answer box) / go to the next question", Some("answer/next")),
    bind(&[key('r')], A::Retake, QUIZ, "retake this day's quiz", Some("retake")),
    bind(&[key(' ')], A::Lab(L::Step), LAB, "lab: one training step", Some("step")),
    bind(&[key('s')], A::Lab(L::TenSteps), LAB, "lab: ten training steps", None),
    bind(&[key('r')], A::Lab(L::RunPause), LAB, "lab: run / pause training (a preset pauses at its length)", Some("run")),
    bind(&[key('R')], A::Lab(L::Restart), LAB, "lab: restart with a new seed", None),
    bind(&[key('a')], A::Lab(L::NextActivation), LAB, "lab: next activation (relu, leaky_relu, elu, selu, gelu, silu, mish, …)", Some("activation")),
    bind(&[key('i')], A::Lab(L::NextInit), LAB, "lab: next initialisation (xavier, he, lecun)", Some("init")),
    bind(&[key('+'), key('=')], A::Lab(L::LrUp), LAB, "lab: raise the learning rate (1-2-5 steps)", Some("lr")),
    bind(&[key('-')], A::Lab(L::LrDown), LAB, "lab: lower the learning rate", None),
    bind(&[key('D')], A::Lab(L::NextDataset), LAB, "lab: next dataset: 2-class, spiral3, blobs4, 1-D fits, digits", None),
    bind(&[key('L')], A::Lab(L::NextDepth), LAB, "lab: add a hidden layer (after 8, back to 1)", None),
    bind(&[key('b')], A::Lab(L::ToggleAb), LAB, "lab: A/B mode, a second activation on the same seed and data", Some("A/B")),
    bind(&[key('A')], A::Lab(L::NextOtherActivation), LAB, "lab: next activation for side B", None),
    bind(&[key('[')], A::Lab(L::PrevLayer), LAB, "lab: the layer before (toward the input), for histogram and neuron panel", Some("layer")),
    bind(&[key(']')], A::Lab(L::NextLayer), LAB, "lab: the layer after", None),
    bind(&[key('!')], A::Lab(L::Scenario(1)), LAB, "lab scenario: ReLU with a large learning rate (dying units)", Some("scenarios")),
    bind(&[key('@')], A::Lab(L::Scenario(2)), LAB, "lab scenario: deep sigmoid (vanishing gradients)", None),
    bind(&[key('#')], A::Lab(L::Scenario(3)), LAB, "lab scenario: tanh with a large init (saturation)", None),
    bind(&[key('$')], A::Lab(L::Scenario(4)), LAB, "lab scenario: SELU + LeCun, 16 layers (self-normalising)", None),
    bind(&[key('P')], A::Lab(L::LessonPreset), LAB, "lab: back to this lesson's preset", None),
    bind(&[key('f')], A::Lab(L::UseFormula), LAB, "lab: train with the formula typed in the Playground", None),
    bind(&[key('u')], A::Lab(L::ToggleNeuron), LAB, "lab: inspect a neuron (or click one): weights, z histogram, slopes, δ, gradients", Some("neuron")),
    bind(&[key('<')], A::Lab(L::PrevUnit), LAB, "lab: inspect the unit before in the ▸ layer ([ ] change the layer)", None),
    bind(&[key('>')], A::Lab(L::NextUnit), LAB, "lab: inspect the unit after in the ▸ layer", None),
    bind(&[key('x')], A::Lab(L::ToggleExample), LAB, "lab: step through one training example, forward then backward (or click a point)", Some("example")),
    bind(&[key('.')], A::Lab(L::NextStage), LAB, "lab example: the next stage of the pass", Some("stage")),
    bind(&[key(',')], A::Lab(L::PrevStage), LAB, "lab example: the stage before", None),
    bind(&[key('}')], A::Lab(L::NextPoint), LAB, "lab example: the next training point", Some("point")),
    bind(&[key('{')], A::Lab(L::PrevPoint), LAB, "lab example: the training point before", None),
    bind(&[LEFT], A::CursorLeft, LAB, "lab (digits): select the test image before", None),
    bind(&[RIGHT], A::CursorRight, LAB, "lab (digits): select the next test image", None),
    bind(&[ENTER], A::Submit, ANSWER, "answer with what you typed", Some("answer")),
    bind(&[ENTER], A::KeepFormula, FORMULA, "keep the formula in your list", Some("keep")),
    bind(&[ENTER], A::KeepFilter, FILTER, "close the filter box, keep the filter and the selection", Some("done")),
    bind(&[UP], A::Up, FILTER, "select the function above", None),
    bind(&[DOWN], A::Down, FILTER, "select the function below", None),
    bind(&[ESC], A::Back, ANY_BOX, "leave the box (notes: save; filter: clear); other keys type", Some("leave box")),
    bind(&[key('t')], A::ShowToday, Scope::Global, "show today's plan: day, new lesson, reviews due, streak", None),
    bind(&[key('?')], A::ToggleHelp, Scope::Global, "show / close this help", Some("help")),
    bind(&[ESC], A::Back, Scope::Global, "hide the notice line", None),
    bind(&[key('q')], A::Quit, Scope::Global, "quit", Some("quit")),
    bind(&[ctrl('c')], A::Quit, Scope::Anywhere, "quit, inside text boxes too", Some("quit")),
    bind(&[ctrl('z')], A::Suspend, Scope::Anywhere, "suspend to the shell (fg comes back)", None),
    bind(&[key('q')], A::Quit, Scope::Help, "quit", Some("quit")),
    bind(&[ESC, key('?')], A::Back, Scope::Help, "close this help", Some("close")),
    bind(&[UP, key('k')], A::Up, Scope::Help, "scroll the help up (or the mouse wheel)", Some("scroll")),
    bind(&[DOWN, key('j')], A::Down, Scope::Help, "scroll the help down", None),
    bind(&[code(KeyCode::PageUp)], A::PageUp, Scope::Help, "page up", None),
    bind(&[code(KeyCode::PageDown), key(' ')], A::PageDown, Scope::Help, "page down", None),
    bind(&[key('g'), code(KeyCode::Home)], A::Top, Scope::Help, "to the top", None),
    bind(&[key('G'), code(KeyCode::End)], A::Bottom, Scope::Help, "to the end", None),
    bind(&[key('T')], A::ShowTour, Scope::Help, "the tour: the six views, passing a day, quitting", Some("tour")),
    bind(&[RIGHT, ENTER, key(' '), key('l')], A::TourNext, Scope::Tour, "the tour's next page (the last closes it)", Some("next")),
    bind(&[LEFT, key('h')], A::TourPrev, Scope::Tour, "the tour's previous page", Some("back")),
    bind(&[ESC], A::Back, Scope::Tour, "close the tour (? then T shows it again); other keys close it and act", Some("close")),
    bind(&[key('q')], A::Quit, Scope::Derivation, "quit", Some("quit")),
    bind(&[ESC, key('D')], A::Back, Scope::Derivation, "close the derivation", Some("close")),
    bind(&[UP, key('k')], A::Up, Scope::Derivation, "scroll the derivation up (or the mouse wheel)", Some("scroll")),
    bind(&[DOWN, key('j')], A::Down, Scope::Derivation, "scroll the derivation down", None),
    bind(&[code(KeyCode::PageUp)], A::PageUp, Scope::Derivation, "page up", None),
    bind(&[code(KeyCode::PageDown), key(' ')], A::PageDown, Scope::Derivation, "page down", None),
    bind(&[key('g'), code(KeyCode::Home)], A::Top, Scope::Derivation, "to the top", None),
    bind(&[key('G'), code(KeyCode::End)], A::Bottom, Scope::Derivation, "to the end", None),
    bind(&[ENTER], A::OpenTodayLesson, Scope::Today, "read the lesson the Today panel names", Some("read")),
    bind(&[key('4')], A::OpenTodayQuiz, Scope::Today, "take that lesson's quiz", Some("quiz")),
    bind(&[ESC], A::Back, Scope::Today, "close the Today panel; other keys close it and act", Some("close")),
];

impl Scope {
    /// How the README and the help name where a binding works.
    pub fn describe(self) -> String {
        match self {
            Scope::Anywhere => "everywhere, text boxes too".into(),
            Scope::Global => "everywhere".into(),
            Scope::Views(views) => views
                .iter()
                .map(|v| v.title())
                .collect::<Vec<_>>()
                .join(", "),
            Scope::Boxes(boxes) if boxes.len() == TextBox::ALL.len() => "in a text box".into(),
            Scope::Boxes(boxes) => {
                let names: Vec<&str> = boxes.iter().map(|b| b.title()).collect();
                format!("in {}", names.join(", "))
            }
            Scope::Help => "in the help".into(),
            Scope::Tour => "in the tour".into(),
            Scope::Today => "in the Today panel".into(),
            Scope::Derivation => "in the derivation".into(),
        }
    }

    /// How strongly the binding applies under `focus` in `view` (lower wins), or
    /// `None` when it does not apply there.
    fn rank(self, view: View, focus: Focus) -> Option<u8> {
        match (focus, self) {
            (Focus::Help, Scope::Help) | (Focus::Tour, Scope::Tour) => Some(0),
            (Focus::Today, Scope::Today) => Some(0),
            (Focus::Derivation, Scope::Derivation) => Some(0),
            (Focus::TextBox(b), Scope::Boxes(boxes)) if boxes.contains(&b) => Some(0),
            (Focus::View, Scope::Views(views)) if views.contains(&view) => Some(0),
            (Focus::View, Scope::Global) => Some(1),
            (_, Scope::Anywhere) => Some(2),
            _ => None,
        }
    }
}

impl Key {
    fn matches(self, event: &KeyEvent) -> bool {
        let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
        let alt = event.modifiers.contains(KeyModifiers::ALT);
        let same_code = match (self.code, event.code) {
            // Terminals report letters with and without Shift in the character itself.
            (KeyCode::Char(a), KeyCode::Char(b)) => a == b,
            (a, b) => a == b,
        };
        same_code && ctrl == self.ctrl && alt == self.alt
    }

    /// How the key is written in the footer and help.
    pub fn label(self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "Shift-Tab".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Delete => "Delete".into(),
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other:?}"),
        };
        if self.ctrl {
            format!("Ctrl-{}", base.to_uppercase())
        } else if self.alt {
            format!("Alt-{base}")
        } else {
            base
        }
    }
}

/// The binding a key means under `focus` in `view`: the focused layer's own
/// bindings win over the view's, the view's over global ones.
pub fn binding_for(event: &KeyEvent, view: View, focus: Focus) -> Option<&'static Binding> {
    BINDINGS
        .iter()
        .filter(|b| b.keys.iter().any(|k| k.matches(event)))
        .filter_map(|b| b.scope.rank(view, focus).map(|rank| (rank, b)))
        .min_by_key(|(rank, _)| *rank)
        .map(|(_, b)| b)
}

/// The action a key means under `focus` in `view`.
pub fn map_key(event: &KeyEvent, view: View, focus: Focus) -> Option<Action> {
    binding_for(event, view, focus).map(|b| with_digit(b.action, event))
}

/// `Pick(0)` in the table means "the digit pressed".
fn with_digit(action: Action, event: &KeyEvent) -> Action {
    match (action, event.code) {
        (Action::Pick(0), KeyCode::Char(c)) => Action::Pick(c.to_digit(10).unwrap_or(0) as u8),
        _ => action,
    }
}

/// Footer hints under `focus` in `view`: "key hint" pairs from the table. On a
/// narrow terminal the footer is cut at the right, so the order is: quit and
/// help, the focused layer's or view's own keys, the keys that work anywhere
/// (view switching), then the other global keys.
pub fn footer(view: View, focus: Focus) -> Vec<(String, &'static str)> {
    footer_offered(view, focus, &|_| true)
}

/// `footer`, leaving out the actions the screen does not offer right now
/// (keys for things not on screen are not offered).
pub fn footer_offered(
    view: View,
    focus: Focus,
    offers: &dyn Fn(Action) -> bool,
) -> Vec<(String, &'static str)> {
    let order = |b: &Binding, rank: u8| match (b.action, rank) {
        (Action::Quit | Action::ToggleHelp, _) => 0,
        (_, 0) => 1,
        (_, 2) => 2,
        _ => 3,
    };
    let mut shown: Vec<(u8, &Binding)> = BINDINGS
        .iter()
        .filter(|b| b.footer.is_some() && offers(b.action))
        .filter_map(|b| b.scope.rank(view, focus).map(|rank| (order(b, rank), b)))
        .collect();
    shown.sort_by_key(|(order, _)| *order); // stable: the table's order within a rank
    let mut hints: Vec<(String, &'static str)> = Vec::new();
    for (_, b) in shown {
        let Some(hint) = b.footer else { continue };
        // Quit has a global and an anywhere binding: one hint, with every key.
        match hints.iter_mut().find(|(_, h)| *h == hint) {
            Some((keys, _)) => *keys = format!("{keys}/{}", keys_label(b.keys)),
            None => hints.push((keys_label(b.keys), hint)),
        }
    }
    hints
}

/// "↑/k" for the help and footer.
pub fn keys_label(keys: &[Key]) -> String {
    keys.iter().map(|k| k.label()).collect::<Vec<_>>().join("/")
}

/// One line of the help: (keys, what they do, where).
pub type HelpLine = (String, &'static str, String);

/// Every binding's help line, in the table's order.
pub fn help_lines() -> Vec<HelpLine> {
    BINDINGS.iter().map(help_line).collect()
}

/// The help of one view in sections: its own keys, its text boxes' keys, then
/// the keys that work everywhere. The view's own keys are those it `offers` now:
/// keys for things not on screen are left out, as in the footer.
pub fn help_sections(view: View, offers: &dyn Fn(Action) -> bool) -> Vec<(String, Vec<HelpLine>)> {
    let lines = |scope_ok: &dyn Fn(Scope) -> bool| -> Vec<HelpLine> {
        BINDINGS
            .iter()
            .filter(|b| scope_ok(b.scope))
            .filter(|b| !matches!(b.scope, Scope::Views(_)) || offers(b.action))
            .map(help_line)
            .collect()
    };
    let boxes: Vec<TextBox> = TextBox::ALL
        .into_iter()
        .filter(|b| b.view() == view)
        .collect();
    let mut sections = vec![(
        format!("In {}", view.title()),
        lines(&|s| matches!(s, Scope::Views(v) if v.contains(&view))),
    )];
    for b in boxes {
        sections.push((
            format!("In {} (other keys type)", b.title()),
            lines(&|s| matches!(s, Scope::Boxes(bs) if bs.contains(&b))),
        ));
    }
    sections.push((
        "Everywhere".to_string(),
        lines(&|s| matches!(s, Scope::Global | Scope::Anywhere)),
    ));
    sections.push((
        "In the help, the tour and the Today panel".to_string(),
        lines(&|s| matches!(s, Scope::Help | Scope::Tour | Scope::Today)),
    ));
    if matches!(view, View::Lesson | View::Explore) {
        sections.push((
            "In the derivation (D opens it)".to_string(),
            lines(&|s| s == Scope::Derivation),
        ));
    }
    sections.retain(|(_, lines)| !lines.is_empty());
    sections
}

/// The keys of a layer (help overlay, tour, Today panel), for its own hint line.
pub fn layer_hints(scope: Scope) -> Vec<(String, &'static str)> {
    BINDINGS
        .iter()
        .filter(|b| b.scope == scope)
        .filter_map(|b| b.footer.map(|hint| (keys_label(b.keys), hint)))
        .collect()
}

fn help_line(b: &Binding) -> HelpLine {
    (keys_label(b.keys), b.help, b.scope.describe())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn in_view(code: KeyCode, view: View) -> Option<Action> {
        map_key(&press(code), view, Focus::View)
    }

    fn with(code: KeyCode, modifiers: KeyModifiers, view: View, focus: Focus) -> Option<Action> {
        map_key(&KeyEvent::new(code, modifiers), view, focus)
    }

    #[test]
    fn the_issue_s_keys_map_to_their_actions() {
        let lesson = View::Lesson;
        let shift = KeyModifiers::SHIFT;
        let char = KeyCode::Char;
        assert_eq!(
            in_view(char('2'), lesson),
            Some(Action::ShowView(View::Explore))
        );
        assert_eq!(in_view(KeyCode::Tab, lesson), Some(Action::NextView));
        let back_tab = with(KeyCode::BackTab, shift, lesson, Focus::View);
        assert_eq!(back_tab, Some(Action::PrevView));
        assert_eq!(in_view(char('n'), lesson), Some(Action::NextLesson));
        assert_eq!(in_view(char('j'), lesson), Some(Action::Down));
        assert_eq!(
            with(char('G'), shift, lesson, Focus::View),
            Some(Action::Bottom)
        );
        assert_eq!(in_view(char('l'), View::Explore), Some(Action::CursorRight));
        let plus = with(char('+'), shift, View::Explore, Focus::View);
        assert_eq!(plus, Some(Action::ZoomIn));
        assert_eq!(in_view(char(']'), View::Explore), Some(Action::ParamUp));
        let brace = with(char('}'), shift, View::Explore, Focus::View);
        assert_eq!(brace, Some(Action::NextParam));
        assert_eq!(
            in_view(char('d'), View::Explore),
            Some(Action::ToggleDerivative)
        );
        assert_eq!(in_view(char('?'), lesson), Some(Action::ToggleHelp));
        assert_eq!(in_view(char('q'), lesson), Some(Action::Quit));
        let ctrl_c = with(char('c'), KeyModifiers::CONTROL, View::Quiz, Focus::View);
        assert_eq!(ctrl_c, Some(Action::Quit));
        assert_eq!(
            in_view(char('c'), View::Quiz),
            None,
            "c alone is not Ctrl-C"
        );
    }

    #[test]
    fn digits_pick_quiz_options_and_switch_views_elsewhere() {
        let quiz = View::Quiz;
        assert_eq!(in_view(KeyCode::Char('3'), quiz), Some(Action::Pick(3)));
        assert_eq!(in_view(KeyCode::Char('9'), quiz), Some(Action::Pick(9)));
        let three = in_view(KeyCode::Char('3'), View::Lesson);
        assert_eq!(three, Some(Action::ShowView(View::Compare)));
        assert_eq!(in_view(KeyCode::Enter, quiz), Some(Action::Submit));
        let e = in_view(KeyCode::Char('e'), View::Lesson);
        assert_eq!(e, Some(Action::EditNotes));
    }

    #[test]
    fn view_keys_apply_only_in_their_views() {
        assert_eq!(
            in_view(KeyCode::Char('s'), View::Compare),
            Some(Action::SortNext)
        );
        assert_eq!(in_view(KeyCode::Char('s'), View::Lesson), None);
        assert_eq!(in_view(KeyCode::Char('h'), View::Compare), None);
    }

    #[test]
    fn in_a_text_box_letters_type_and_view_switching_still_works() {
        let answer = Focus::TextBox(TextBox::Answer);
        let none = KeyModifiers::NONE;
        for c in ['p', 'n', 'q', '1', '?', 't'] {
            let typed = with(KeyCode::Char(c), none, View::Quiz, answer);
            assert_eq!(typed, None, "{c} types");
        }
        assert_eq!(
            with(KeyCode::Tab, none, View::Quiz, answer),
            Some(Action::NextView)
        );
        let f2 = with(KeyCode::F(2), none, View::Quiz, answer);
        assert_eq!(f2, Some(Action::ShowView(View::Explore)));
        let alt6 = with(KeyCode::Char('6'), KeyModifiers::ALT, View::Quiz, answer);
        assert_eq!(alt6, Some(Action::ShowView(View::Playground)));
        assert_eq!(
            with(KeyCode::Enter, none, View::Quiz, answer),
            Some(Action::Submit)
        );
        assert_eq!(
            with(KeyCode::Esc, none, View::Quiz, answer),
            Some(Action::Back)
        );
        let notes = Focus::TextBox(TextBox::Notes);
        assert_eq!(
            with(KeyCode::Enter, none, View::Lesson, notes),
            None,
            "a new line"
        );
        let formula = Focus::TextBox(TextBox::Formula);
        let keep = with(KeyCode::Enter, none, View::Playground, formula);
        assert_eq!(keep, Some(Action::KeepFormula));
        let ctrl_c = with(
            KeyCode::Char('c'),
            KeyModifiers::CONTROL,
            View::Quiz,
            answer,
        );
        assert_eq!(ctrl_c, Some(Action::Quit));
        let ctrl_z = with(
            KeyCode::Char('z'),
            KeyModifiers::CONTROL,
            View::Quiz,
            answer,
        );
        assert_eq!(ctrl_z, Some(Action::Suspend));
    }

    #[test]
    fn the_footer_of_a_text_box_shows_the_keys_that_work_there() {
        let hints = footer(View::Quiz, Focus::TextBox(TextBox::Answer));
        let hints: Vec<&str> = hints.iter().map(|(_, h)| *h).collect();
        assert!(
            hints.contains(&"answer") && hints.contains(&"leave box"),
            "{hints:?}"
        );
        assert!(
            hints.contains(&"views") && hints.contains(&"quit"),
            "{hints:?}"
        );
        assert!(
            !hints.contains(&"next day"),
            "n types in the box: {hints:?}"
        );
        let quit = footer(View::Quiz, Focus::TextBox(TextBox::Answer));
        assert!(
            quit.iter().any(|(k, h)| *h == "quit" && k == "Ctrl-C"),
            "{quit:?}"
        );
        let outside = footer(View::Quiz, Focus::View);
        assert!(
            outside.iter().any(|(k, h)| *h == "quit" && k == "q/Ctrl-C"),
            "{outside:?}"
        );
    }

    #[test]
    fn overlays_have_their_own_keys() {
        let none = KeyModifiers::NONE;
        let help = |code| with(code, none, View::Lab, Focus::Help);
        assert_eq!(help(KeyCode::Char('q')), Some(Action::Quit));
        assert_eq!(help(KeyCode::Esc), Some(Action::Back));
        assert_eq!(help(KeyCode::Char('j')), Some(Action::Down));
        assert_eq!(help(KeyCode::Char('T')), Some(Action::ShowTour));
        assert_eq!(
            help(KeyCode::Char(' ')),
            Some(Action::PageDown),
            "not a lab step"
        );
        let today = |code| with(code, none, View::Lab, Focus::Today);
        assert_eq!(today(KeyCode::Enter), Some(Action::OpenTodayLesson));
        assert_eq!(today(KeyCode::Char('4')), Some(Action::OpenTodayQuiz));
        assert_eq!(
            today(KeyCode::Char('n')),
            None,
            "closes the panel, then acts"
        );
        let tour = |code| with(code, none, View::Lesson, Focus::Tour);
        assert_eq!(tour(KeyCode::Right), Some(Action::TourNext));
        assert_eq!(tour(KeyCode::Esc), Some(Action::Back));
    }

    #[test]
    fn every_action_has_help_and_no_key_is_bound_twice_at_one_level() {
        for b in BINDINGS {
            assert!(!b.help.is_empty() && !b.keys.is_empty());
        }
        let focuses = [
            Focus::View,
            Focus::Help,
            Focus::Derivation,
            Focus::Tour,
            Focus::Today,
        ]
        .into_iter()
        .chain(TextBox::ALL.map(Focus::TextBox));
        for focus in focuses {
            for view in View::ALL {
                for rank in 0..3 {
                    let keys: Vec<Key> = BINDINGS
                        .iter()
                        .filter(|b| b.scope.rank(view, focus) == Some(rank))
                        .flat_map(|b| b.keys.iter().copied())
                        .collect();
                    for (i, k) in keys.iter().enumerate() {
                        let clash = keys[i + 1..].contains(k);
                        assert!(!clash, "{} bound twice in {view:?} {focus:?}", k.label());
                    }
                }
            }
        }
    }

    /// One of every action. `listed` matches every variant without a wildcard,
    /// so a new variant does not build until it is listed here too, and the
    /// test below then asks the table for its binding and help line.
    const EVERY_ACTION: &[Action] = &[
        A::Quit,
        A::ShowView(View::Lesson),
        A::ShowView(View::Explore),
        A::ShowView(View::Compare),
        A::ShowView(View::Quiz),
        A::ShowView(View::Lab),
        A::ShowView(View::Playground),
        A::NextView,
        A::PrevView,
        A::NextLesson,
        A::PrevLesson,
        A::Up,
        A::Down,
        A::PageUp,
        A::PageDown,
        A::Top,
        A::Bottom,
        A::CursorLeft,
        A::CursorRight,
        A::PanLeft,
        A::PanRight,
        A::ZoomIn,
        A::ZoomOut,
        A::ResetView,
        A::ParamDown,
        A::ParamUp,
        A::PrevParam,
        A::NextParam,
        A::ToggleDerivative,
        A::ToggleHelp,
        A::Back,
        A::Filter,
        A::ToggleOverlay,
        A::ClearOverlays,
        A::SortNext,
        A::SortReverse,
        A::EditFormula,
        A::LoadFormula,
        A::RemoveFormula,
        A::NextComparison,
        A::PrevComparison,
        A::Pick(0),
        A::Submit,
        A::Retake,
        A::EditNotes,
        A::ShowToday,
        A::KeepFormula,
        A::Suspend,
        A::ShowTour,
        A::TourNext,
        A::TourPrev,
        A::OpenTodayLesson,
        A::OpenTodayQuiz,
        A::Lab(LabAction::Step),
        A::Lab(LabAction::TenSteps),
        A::Lab(LabAction::RunPause),
        A::Lab(LabAction::Restart),
        A::Lab(LabAction::NextActivation),
        A::Lab(LabAction::NextOtherActivation),
        A::Lab(LabAction::NextInit),
        A::Lab(LabAction::LrUp),
        A::Lab(LabAction::LrDown),
        A::Lab(LabAction::NextDataset),
        A::Lab(LabAction::NextDepth),
        A::Lab(LabAction::ToggleAb),
        A::Lab(LabAction::PrevLayer),
        A::Lab(LabAction::NextLayer),
        A::Lab(LabAction::Scenario(1)),
        A::Lab(LabAction::Scenario(2)),
        A::Lab(LabAction::Scenario(3)),
        A::Lab(LabAction::Scenario(4)),
        A::Lab(LabAction::LessonPreset),
        A::Lab(LabAction::UseFormula),
        A::Lab(LabAction::ToggleNeuron),
        A::Lab(LabAction::PrevUnit),
        A::Lab(LabAction::NextUnit),
        A::Lab(LabAction::ToggleExample),
        A::Lab(LabAction::PrevPoint),
        A::Lab(LabAction::NextPoint),
        A::Lab(LabAction::PrevStage),
        A::Lab(LabAction::NextStage),
    ];

    /// Compiles only while every variant is named here (and so in `EVERY_ACTION`).
    #[allow(dead_code)]
    fn listed(action: Action) {
        use LabAction as L;
        match action {
            A::Quit
            | A::ShowView(_)
            | A::NextView
            | A::PrevView
            | A::NextLesson
            | A::PrevLesson
            | A::Up
            | A::Down
            | A::PageUp
            | A::PageDown
            | A::Top
            | A::Bottom
            | A::CursorLeft
            | A::CursorRight
            | A::PanLeft
            | A::PanRight
            | A::ZoomIn
            | A::ZoomOut
            | A::ResetView
            | A::ParamDown
            | A::ParamUp
            | A::PrevParam
            | A::NextParam
            | A::ToggleDerivative
            | A::ToggleHelp
            | A::Back
            | A::Filter
            | A::ToggleOverlay
            | A::ClearOverlays
            | A::SortNext
            | A::SortReverse
            | A::EditFormula
            | A::LoadFormula
            | A::RemoveFormula
            | A::NextComparison
            | A::PrevComparison
            | A::Pick(_)
            | A::Submit
            | A::Retake
            | A::EditNotes
            | A::ShowToday
            | A::KeepFormula
            | A::Suspend
            | A::ShowTour
            | A::TourNext
            | A::TourPrev
            | A::OpenTodayLesson
            | A::OpenTodayQuiz
            | A::ShowDerivation
            | A::ToggleSteps
            | A::ExportChart
            | A::OpenInExplore
            | A::ToggleChart
            | A::KeepFilter => {}
            A::Lab(lab) => match lab {
                L::Step
                | L::TenSteps
                | L::RunPause
                | L::Restart
                | L::NextActivation
                | L::NextOtherActivation
                | L::NextInit
                | L::LrUp
                | L::LrDown
                | L::NextDataset
                | L::NextDepth
                | L::ToggleAb
                | L::PrevLayer
                | L::NextLayer
                | L::Scenario(_)
                | L::LessonPreset
                | L::UseFormula
                | L::ToggleNeuron
                | L::PrevUnit
                | L::NextUnit
                | L::ToggleExample
                | L::PrevPoint
                | L::NextPoint
                | L::PrevStage
                | L::NextStage => {}
            },
        }
    }

    #[test]
    fn every_action_has_a_binding_with_help() {
        for action in EVERY_ACTION {
            let bound = BINDINGS
                .iter()
                .find(|b| b.action == *action && !b.help.is_empty() && !b.keys.is_empty());
            assert!(
                bound.is_some(),
                "{action:?} has no key and help line in the table"
            );
        }
    }

    #[test]
    fn footer_and_help_come_from_the_table() {
        let help = help_lines();
        assert_eq!(help.len(), BINDINGS.len());
        assert!(help.iter().any(|(k, h, _)| k == "q" && *h == "quit"));
        let hints = footer(View::Explore, Focus::View);
        assert!(hints.iter().any(|(k, h)| k == "←/h" && *h == "cursor"));
        assert!(!footer(View::Compare, Focus::View)
            .iter()
            .any(|(_, h)| *h == "cursor"));
    }

    #[test]
    fn lab_keys_leave_the_global_keys_alone() {
        let lab = |c: char| in_view(KeyCode::Char(c), View::Lab);
        assert_eq!(lab(' '), Some(Action::Lab(LabAction::Step)));
        assert_eq!(lab('r'), Some(Action::Lab(LabAction::RunPause)));
        assert_eq!(lab('$'), Some(Action::Lab(LabAction::Scenario(4))));
        // F1–F6 switch views everywhere, the lab included.
        let f2 = in_view(KeyCode::F(2), View::Lab);
        assert_eq!(f2, Some(Action::ShowView(View::Explore)));
        assert_eq!(lab('3'), Some(Action::ShowView(View::Compare)));
        assert_eq!(lab('q'), Some(Action::Quit));
        let global: Vec<Key> = BINDINGS
            .iter()
            .filter(|b| matches!(b.scope, Scope::Global | Scope::Anywhere))
            .flat_map(|b| b.keys.iter().copied())
            .collect();
        for b in BINDINGS.iter().filter(|b| b.scope == LAB) {
            for k in b.keys {
                assert!(!global.contains(k), "{} shadows a global key", k.label());
            }
        }
        assert_eq!(keys_label(&[code(KeyCode::F(1))]), "F1");
        assert_eq!(keys_label(&[alt('1')]), "Alt-1");
    }
}
