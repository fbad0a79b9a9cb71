//! The one key table: it drives dispatch, the footer hints and the `?` help.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::{Action, LabAction, View};

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Global,
    /// Only in these views.
    Views(&'static [View]),
}

/// A key: a code plus whether Control is held (Shift is part of the character).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
}

const fn key(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: false,
    }
}

const fn code(code: KeyCode) -> Key {
    Key { code, ctrl: false }
}

const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: true,
    }
}

pub struct Binding {
    pub keys: &'static [Key],
    pub action: Action,
    pub scope: Scope,
    /// The line in the help overlay.
    pub help: &'static str,
    /// A short hint for the footer, if this binding earns a place there.
    pub footer: Option<&'static str>,
}

const CHARTS: &[View] = &[View::Lesson, View::Explore];
const EXPLORE: &[View] = &[View::Explore];
const COMPARE: &[View] = &[View::Compare];
const PLAYGROUND: &[View] = &[View::Playground];
const LESSON: &[View] = &[View::Lesson];
const QUIZ: &[View] = &[View::Quiz];
const LAB: &[View] = &[View::Lab];
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
/// Views whose chart moves (cursor, pan, zoom, f′); parameters stay with `CHARTS`.
const CHART_MOVES: &[View] = &[View::Lesson, View::Explore, View::Playground];

/// Every key of the app. Order: the help overlay's order.
pub const BINDINGS: &[Binding] = &[
    Binding {
        keys: &[key('1')],
        action: Action::ShowView(View::Lesson),
        scope: Scope::Global,
        help: "view 1: Lesson",
        footer: None,
    },
    Binding {
        keys: &[key('2')],
        action: Action::ShowView(View::Explore),
        scope: Scope::Global,
        help: "view 2: Explore",
        footer: None,
    },
    Binding {
        keys: &[key('3')],
        action: Action::ShowView(View::Compare),
        scope: Scope::Global,
        help: "view 3: Compare",
        footer: None,
    },
    Binding {
        keys: &[key('4')],
        action: Action::ShowView(View::Quiz),
        scope: Scope::Global,
        help: "view 4: Quiz",
        footer: None,
    },
    Binding {
        keys: &[key('5')],
        action: Action::ShowView(View::Lab),
        scope: Scope::Global,
        help: "view 5: Lab",
        footer: None,
    },
    Binding {
        keys: &[key('6')],
        action: Action::ShowView(View::Playground),
        scope: Scope::Global,
        help: "view 6: Playground",
        footer: None,
    },
    Binding {
        keys: &[code(KeyCode::Tab)],
        action: Action::NextView,
        scope: Scope::Global,
        help: "next view",
        footer: Some("views"),
    },
    Binding {
        keys: &[code(KeyCode::BackTab)],
        action: Action::PrevView,
        scope: Scope::Global,
        help: "previous view",
        footer: None,
    },
    Binding {
        keys: &[key('n')],
        action: Action::NextLesson,
        scope: Scope::Global,
        help: "next lesson",
        footer: Some("next day"),
    },
    Binding {
        keys: &[key('p')],
        action: Action::PrevLesson,
        scope: Scope::Global,
        help: "previous lesson",
        footer: Some("prev day"),
    },
    Binding {
        keys: &[code(KeyCode::Up), key('k')],
        action: Action::Up,
        scope: Scope::Global,
        help: "scroll / move up",
        footer: Some("scroll"),
    },
    Binding {
        keys: &[code(KeyCode::Down), key('j')],
        action: Action::Down,
        scope: Scope::Global,
        help: "scroll / move down",
        footer: None,
    },
    Binding {
        keys: &[code(KeyCode::PageUp)],
        action: Action::PageUp,
        scope: Scope::Global,
        help: "page up",
        footer: None,
    },
    Binding {
        keys: &[code(KeyCode::PageDown)],
        action: Action::PageDown,
        scope: Scope::Global,
        help: "page down",
        footer: None,
    },
    Binding {
        keys: &[key('g'), code(KeyCode::Home)],
        action: Action::Top,
        scope: Scope::Global,
        help: "go to the top",
        footer: None,
    },
    Binding {
        keys: &[key('G'), code(KeyCode::End)],
        action: Action::Bottom,
        scope: Scope::Global,
        help: "go to the bottom",
        footer: None,
    },
    Binding {
        keys: &[code(KeyCode::Left), key('h')],
        action: Action::CursorLeft,
        scope: Scope::Views(CHART_MOVES),
        help: "move the chart cursor left",
        footer: Some("cursor"),
    },
    Binding {
        keys: &[code(KeyCode::Right), key('l')],
        action: Action::CursorRight,
        scope: Scope::Views(CHART_MOVES),
        help: "move the chart cursor right",
        footer: None,
    },
    Binding {
        keys: &[key('<')],
        action: Action::PanLeft,
        scope: Scope::Views(CHART_MOVES),
        help: "pan the chart left",
        footer: None,
    },
    Binding {
        keys: &[key('>')],
        action: Action::PanRight,
        scope: Scope::Views(CHART_MOVES),
        help: "pan the chart right",
        footer: None,
    },
    Binding {
        keys: &[key('+'), key('=')],
        action: Action::ZoomIn,
        scope: Scope::Views(CHART_MOVES),
        help: "zoom the chart in",
        footer: Some("zoom"),
    },
    Binding {
        keys: &[key('-')],
        action: Action::ZoomOut,
        scope: Scope::Views(CHART_MOVES),
        help: "zoom the chart out",
        footer: None,
    },
    Binding {
        keys: &[key('0')],
        action: Action::ResetView,
        scope: Scope::Views(CHART_MOVES),
        help: "reset the chart view",
        footer: None,
    },
    Binding {
        keys: &[key('[')],
        action: Action::ParamDown,
        scope: Scope::Views(CHARTS),
        help: "lower the selected parameter (α, β, …)",
        footer: Some("param"),
    },
    Binding {
        keys: &[key(']')],
        action: Action::ParamUp,
        scope: Scope::Views(CHARTS),
        help: "raise the selected parameter",
        footer: None,
    },
    Binding {
        keys: &[key('{')],
        action: Action::PrevParam,
        scope: Scope::Views(CHARTS),
        help: "select the previous parameter",
        footer: None,
    },
    Binding {
        keys: &[key('}')],
        action: Action::NextParam,
        scope: Scope::Views(CHARTS),
        help: "select the next parameter",
        footer: None,
    },
    Binding {
        keys: &[key('d')],
        action: Action::ToggleDerivative,
        scope: Scope::Views(CHART_MOVES),
        help: "show / hide the derivative",
        footer: Some("f′"),
    },
    Binding {
        keys: &[key('/')],
        action: Action::Filter,
        scope: Scope::Views(EXPLORE),
        help: "type to filter the function list",
        footer: Some("filter"),
    },
    Binding {
        keys: &[key('o')],
        action: Action::ToggleOverlay,
        scope: Scope::Views(EXPLORE),
        help: "overlay the selected function for comparison",
        footer: Some("overlay"),
    },
    Binding {
        keys: &[key('O')],
        action: Action::ClearOverlays,
        scope: Scope::Views(EXPLORE),
        help: "clear the overlays",
        footer: None,
    },
    Binding {
        keys: &[key('s')],
        action: Action::SortNext,
        scope: Scope::Views(COMPARE),
        help: "sort by the next column",
        footer: Some("sort"),
    },
    Binding {
        keys: &[key('r')],
        action: Action::SortReverse,
        scope: Scope::Views(COMPARE),
        help: "reverse the sort order",
        footer: Some("reverse"),
    },
    Binding {
        keys: &[key('i')],
        action: Action::EditFormula,
        scope: Scope::Views(PLAYGROUND),
        help: "type in the formula box (Esc leaves it, Enter keeps the formula)",
        footer: Some("edit"),
    },
    Binding {
        keys: &[code(KeyCode::Enter)],
        action: Action::LoadFormula,
        scope: Scope::Views(PLAYGROUND),
        help: "load the selected saved formula (edit when none is saved)",
        footer: None,
    },
    Binding {
        keys: &[key('x'), code(KeyCode::Delete)],
        action: Action::RemoveFormula,
        scope: Scope::Views(PLAYGROUND),
        help: "remove the selected saved formula",
        footer: None,
    },
    Binding {
        keys: &[key('c')],
        action: Action::NextComparison,
        scope: Scope::Views(PLAYGROUND),
        help: "compare with the next catalog function",
        footer: Some("compare"),
    },
    Binding {
        keys: &[key('C')],
        action: Action::PrevComparison,
        scope: Scope::Views(PLAYGROUND),
        help: "compare with the previous catalog function",
        footer: None,
    },
    Binding {
        keys: &[key('e')],
        action: Action::EditNotes,
        scope: Scope::Views(LESSON),
        help: "edit your notes for this lesson (Esc saves and closes)",
        footer: Some("notes"),
    },
    Binding {
        keys: DIGITS,
        action: Action::Pick(0),
        scope: Scope::Views(QUIZ),
        help: "pick a choice question's option by its number (else: switch view)",
        footer: None,
    },
    Binding {
        keys: &[code(KeyCode::Enter)],
        action: Action::Submit,
        scope: Scope::Views(QUIZ),
        help: "answer (or type into the answer box) / go to the next question",
        footer: Some("answer/next"),
    },
    Binding {
        keys: &[key('r')],
        action: Action::Retake,
        scope: Scope::Views(QUIZ),
        help: "retake this day's quiz",
        footer: Some("retake"),
    },
    Binding {
        keys: &[key(' ')],
        action: Action::Lab(LabAction::Step),
        scope: Scope::Views(LAB),
        help: "lab: one training step",
        footer: Some("step"),
    },
    Binding {
        keys: &[key('s')],
        action: Action::Lab(LabAction::TenSteps),
        scope: Scope::Views(LAB),
        help: "lab: ten training steps",
        footer: None,
    },
    Binding {
        keys: &[key('r')],
        action: Action::Lab(LabAction::RunPause),
        scope: Scope::Views(LAB),
        help: "lab: run / pause training",
        footer: Some("run"),
    },
    Binding {
        keys: &[key('R')],
        action: Action::Lab(LabAction::Restart),
        scope: Scope::Views(LAB),
        help: "lab: restart with a new seed",
        footer: None,
    },
    Binding {
        keys: &[key('a')],
        action: Action::Lab(LabAction::NextActivation),
        scope: Scope::Views(LAB),
        help: "lab: next activation (relu, leaky_relu, elu, selu, gelu, silu, mish, …)",
        footer: Some("activation"),
    },
    Binding {
        keys: &[key('i')],
        action: Action::Lab(LabAction::NextInit),
        scope: Scope::Views(LAB),
        help: "lab: next initialisation (xavier, he, lecun)",
        footer: Some("init"),
    },
    Binding {
        keys: &[key('+'), key('=')],
        action: Action::Lab(LabAction::LrUp),
        scope: Scope::Views(LAB),
        help: "lab: raise the learning rate (1-2-5 steps)",
        footer: Some("lr"),
    },
    Binding {
        keys: &[key('-')],
        action: Action::Lab(LabAction::LrDown),
        scope: Scope::Views(LAB),
        help: "lab: lower the learning rate",
        footer: None,
    },
    Binding {
        keys: &[key('D')],
        action: Action::Lab(LabAction::NextDataset),
        scope: Scope::Views(LAB),
        help: "lab: next dataset (circle, xor, gauss, spiral, moons)",
        footer: None,
    },
    Binding {
        keys: &[key('L')],
        action: Action::Lab(LabAction::NextDepth),
        scope: Scope::Views(LAB),
        help: "lab: add a hidden layer (after 8, back to 1)",
        footer: None,
    },
    Binding {
        keys: &[key('b')],
        action: Action::Lab(LabAction::ToggleAb),
        scope: Scope::Views(LAB),
        help: "lab: A/B mode, a second activation on the same seed and data",
        footer: Some("A/B"),
    },
    Binding {
        keys: &[key('A')],
        action: Action::Lab(LabAction::NextOtherActivation),
        scope: Scope::Views(LAB),
        help: "lab: next activation for side B",
        footer: None,
    },
    Binding {
        keys: &[key('[')],
        action: Action::Lab(LabAction::PrevLayer),
        scope: Scope::Views(LAB),
        help: "lab: histogram of the layer before (toward the input)",
        footer: Some("layer"),
    },
    Binding {
        keys: &[key(']')],
        action: Action::Lab(LabAction::NextLayer),
        scope: Scope::Views(LAB),
        help: "lab: histogram of the layer after",
        footer: None,
    },
    Binding {
        keys: &[key('!'), code(KeyCode::F(1))],
        action: Action::Lab(LabAction::Scenario(1)),
        scope: Scope::Views(LAB),
        help: "lab scenario: ReLU with a large learning rate (dying units)",
        footer: Some("scenarios"),
    },
    Binding {
        keys: &[key('@'), code(KeyCode::F(2))],
        action: Action::Lab(LabAction::Scenario(2)),
        scope: Scope::Views(LAB),
        help: "lab scenario: deep sigmoid (vanishing gradients)",
        footer: None,
    },
    Binding {
        keys: &[key('#'), code(KeyCode::F(3))],
        action: Action::Lab(LabAction::Scenario(3)),
        scope: Scope::Views(LAB),
        help: "lab scenario: tanh with a large init (saturation)",
        footer: None,
    },
    Binding {
        keys: &[key('$'), code(KeyCode::F(4))],
        action: Action::Lab(LabAction::Scenario(4)),
        scope: Scope::Views(LAB),
        help: "lab scenario: SELU + LeCun, 16 layers (self-normalising)",
        footer: None,
    },
    Binding {
        keys: &[key('P')],
        action: Action::Lab(LabAction::LessonPreset),
        scope: Scope::Views(LAB),
        help: "lab: back to this lesson's preset",
        footer: None,
    },
    Binding {
        keys: &[key('f')],
        action: Action::Lab(LabAction::UseFormula),
        scope: Scope::Views(LAB),
        help: "lab: train with the formula typed in the Playground",
        footer: None,
    },
    Binding {
        keys: &[key('t')],
        action: Action::ShowToday,
        scope: Scope::Global,
        help: "show today's plan: day, new lesson, reviews due, streak",
        footer: None,
    },
    Binding {
        keys: &[key('?')],
        action: Action::ToggleHelp,
        scope: Scope::Global,
        help: "show / close this help",
        footer: Some("help"),
    },
    Binding {
        keys: &[code(KeyCode::Esc)],
        action: Action::Back,
        scope: Scope::Global,
        help: "close the help / leave a text box",
        footer: None,
    },
    Binding {
        keys: &[key('q'), ctrl('c')],
        action: Action::Quit,
        scope: Scope::Global,
        help: "quit",
        footer: Some("quit"),
    },
];

impl Scope {
    fn includes(self, view: View) -> bool {
        match self {
            Scope::Global => true,
            Scope::Views(views) => views.contains(&view),
        }
    }

    fn is_specific(self) -> bool {
        matches!(self, Scope::Views(_))
    }
}

impl Key {
    fn matches(self, event: &KeyEvent) -> bool {
        let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
        let same_code = match (self.code, event.code) {
            // Terminals report letters with and without Shift in the character itself.
            (KeyCode::Char(a), KeyCode::Char(b)) => a == b,
            (a, b) => a == b,
        };
        same_code && ctrl == self.ctrl
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
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other:?}"),
        };
        if self.ctrl {
            format!("Ctrl-{}", base.to_uppercase())
        } else {
            base
        }
    }
}

/// The action a key means in `view`: view-specific bindings win over global ones.
pub fn map_key(event: &KeyEvent, view: View) -> Option<Action> {
    let applicable =
        |b: &&Binding| b.scope.includes(view) && b.keys.iter().any(|k| k.matches(event));
    BINDINGS
        .iter()
        .filter(applicable)
        .max_by_key(|b| b.scope.is_specific())
        .map(|b| with_digit(b.action, event))
}

/// `Pick(0)` in the table means "the digit pressed".
fn with_digit(action: Action, event: &KeyEvent) -> Action {
    match (action, event.code) {
        (Action::Pick(0), KeyCode::Char(c)) => Action::Pick(c.to_digit(10).unwrap_or(0) as u8),
        _ => action,
    }
}

/// Footer hints for a view: "key hint" pairs from the table.
/// On a narrow terminal the footer is cut at the right, so the order is: help and
/// quit, the view's own keys, then the other global keys.
pub fn footer(view: View) -> Vec<(String, &'static str)> {
    let rank = |b: &Binding| match (b.scope.is_specific(), b.action) {
        (false, Action::ToggleHelp | Action::Quit) => 0,
        (true, _) => 1,
        (false, _) => 2,
    };
    let mut shown: Vec<&Binding> = BINDINGS
        .iter()
        .filter(|b| b.scope.includes(view) && b.footer.is_some())
        .collect();
    shown.sort_by_key(|b| rank(b)); // stable: the table's order within a rank
    shown
        .into_iter()
        .filter_map(|b| b.footer.map(|hint| (keys_label(b.keys), hint)))
        .collect()
}

/// "↑/k" for the help and footer.
pub fn keys_label(keys: &[Key]) -> String {
    keys.iter().map(|k| k.label()).collect::<Vec<_>>().join("/")
}

/// The help overlay's lines: (keys, what they do, where).
pub fn help_lines() -> Vec<(String, &'static str, String)> {
    BINDINGS.iter().map(help_line).collect()
}

/// The help lines of the keys that work in `view`: all of them no longer fit on
/// one screen.
/// The help of one view: its own keys first, then the keys that work everywhere.
pub fn help_lines_in(view: View) -> Vec<(String, &'static str, String)> {
    let in_view = |specific: bool| {
        BINDINGS
            .iter()
            .filter(move |b| b.scope.includes(view) && b.scope.is_specific() == specific)
            .map(help_line)
    };
    in_view(true).chain(in_view(false)).collect()
}

fn help_line(b: &Binding) -> (String, &'static str, String) {
    let scope = match b.scope {
        Scope::Global => String::new(),
        Scope::Views(views) => views
            .iter()
            .map(|v| v.title())
            .collect::<Vec<_>>()
            .join(", "),
    };
    (keys_label(b.keys), b.help, scope)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn the_issue_s_keys_map_to_their_actions() {
        let lesson = View::Lesson;
        assert_eq!(
            map_key(&press(KeyCode::Char('2')), lesson),
            Some(Action::ShowView(View::Explore))
        );
        assert_eq!(
            map_key(&press(KeyCode::Tab), lesson),
            Some(Action::NextView)
        );
        assert_eq!(
            map_key(
                &KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT),
                lesson
            ),
            Some(Action::PrevView)
        );
        assert_eq!(
            map_key(&press(KeyCode::Char('n')), lesson),
            Some(Action::NextLesson)
        );
        assert_eq!(
            map_key(&press(KeyCode::Char('j')), lesson),
            Some(Action::Down)
        );
        assert_eq!(
            map_key(
                &KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT),
                lesson
            ),
            Some(Action::Bottom)
        );
        assert_eq!(
            map_key(&press(KeyCode::Char('l')), View::Explore),
            Some(Action::CursorRight)
        );
        assert_eq!(
            map_key(
                &KeyEvent::new(KeyCode::Char('+'), KeyModifiers::SHIFT),
                View::Explore
            ),
            Some(Action::ZoomIn)
        );
        assert_eq!(
            map_key(&press(KeyCode::Char(']')), View::Explore),
            Some(Action::ParamUp)
        );
        assert_eq!(
            map_key(
                &KeyEvent::new(KeyCode::Char('}'), KeyModifiers::SHIFT),
                View::Explore
            ),
            Some(Action::NextParam)
        );
        assert_eq!(
            map_key(&press(KeyCode::Char('d')), View::Explore),
            Some(Action::ToggleDerivative)
        );
        assert_eq!(
            map_key(&press(KeyCode::Char('?')), lesson),
            Some(Action::ToggleHelp)
        );
        assert_eq!(
            map_key(&press(KeyCode::Char('q')), lesson),
            Some(Action::Quit)
        );
        assert_eq!(
            map_key(
                &KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL),
                View::Quiz
            ),
            Some(Action::Quit)
        );
        assert_eq!(
            map_key(&press(KeyCode::Char('c')), View::Quiz),
            None,
            "c alone is not Ctrl-C"
        );
    }

    #[test]
    fn digits_pick_quiz_options_and_switch_views_elsewhere() {
        let quiz = View::Quiz;
        assert_eq!(
            map_key(&press(KeyCode::Char('3')), quiz),
            Some(Action::Pick(3))
        );
        assert_eq!(
            map_key(&press(KeyCode::Char('9')), quiz),
            Some(Action::Pick(9))
        );
        let three = map_key(&press(KeyCode::Char('3')), View::Lesson);
        assert_eq!(three, Some(Action::ShowView(View::Compare)));
        assert_eq!(map_key(&press(KeyCode::Enter), quiz), Some(Action::Submit));
        let e = map_key(&press(KeyCode::Char('e')), View::Lesson);
        assert_eq!(e, Some(Action::EditNotes));
    }

    #[test]
    fn view_keys_apply_only_in_their_views() {
        assert_eq!(
            map_key(&press(KeyCode::Char('s')), View::Compare),
            Some(Action::SortNext)
        );
        assert_eq!(map_key(&press(KeyCode::Char('s')), View::Lesson), None);
        assert_eq!(map_key(&press(KeyCode::Char('h')), View::Compare), None);
    }

    #[test]
    fn every_action_has_help_and_no_key_is_bound_twice_in_a_view() {
        for b in BINDINGS {
            assert!(!b.help.is_empty() && !b.keys.is_empty());
        }
        // A view's own binding may shadow a global one (digits pick quiz options),
        // but no key means two things at the same level.
        for (view, specific) in View::ALL.into_iter().flat_map(|v| [(v, false), (v, true)]) {
            let keys: Vec<Key> = BINDINGS
                .iter()
                .filter(|b| b.scope.includes(view) && b.scope.is_specific() == specific)
                .flat_map(|b| b.keys.iter().copied())
                .collect();
            for (i, k) in keys.iter().enumerate() {
                let clash = keys[i + 1..].iter().any(|other| other == k);
                assert!(!clash, "{} bound twice in {view:?}", k.label());
            }
        }
    }

    #[test]
    fn footer_and_help_come_from_the_table() {
        let help = help_lines();
        assert_eq!(help.len(), BINDINGS.len());
        assert!(help.iter().any(|(k, h, _)| k == "q/Ctrl-C" && *h == "quit"));
        let hints = footer(View::Explore);
        assert!(hints.iter().any(|(k, h)| k == "←/h" && *h == "cursor"));
        assert!(!footer(View::Compare).iter().any(|(_, h)| *h == "cursor"));
    }

    #[test]
    fn lab_keys_leave_the_global_keys_alone() {
        let lab = |c: char| map_key(&press(KeyCode::Char(c)), View::Lab);
        assert_eq!(lab(' '), Some(Action::Lab(LabAction::Step)));
        assert_eq!(lab('r'), Some(Action::Lab(LabAction::RunPause)));
        assert_eq!(lab('$'), Some(Action::Lab(LabAction::Scenario(4))));
        assert_eq!(
            map_key(&press(KeyCode::F(2)), View::Lab),
            Some(Action::Lab(LabAction::Scenario(2)))
        );
        assert_eq!(lab('3'), Some(Action::ShowView(View::Compare)));
        assert_eq!(lab('q'), Some(Action::Quit));
        let global: Vec<Key> = BINDINGS
            .iter()
            .filter(|b| b.scope == Scope::Global)
            .flat_map(|b| b.keys.iter().copied())
            .collect();
        for b in BINDINGS.iter().filter(|b| b.scope == Scope::Views(LAB)) {
            for k in b.keys {
                assert!(!global.contains(k), "{} shadows a global key", k.label());
            }
        }
        assert_eq!(keys_label(&[code(KeyCode::F(1))]), "F1");
    }
}
