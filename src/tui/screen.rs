//! What every view is: a self-contained screen. It owns its state, takes input with
//! a read-only context and answers with effects (what should happen outside it);
//! it draws from `&self` and the same context. The app (`app.rs`) only routes input
//! to the screen shown and applies the effects.

use crossterm::event::KeyEvent;
use ratatui::layout::{Position, Rect};
use ratatui::Frame;

use super::action::{Action, View};
use super::theme::Theme;
use super::widgets::chart::ChartLook;
use crate::course::{Course, Lesson};
use crate::func::Func;
use crate::learner::{Change, Now, Progress};

/// What a screen may read while it handles input or draws.
pub struct Ctx<'a> {
    pub course: &'a Course,
    /// The lesson of the day shown (none when the course is empty).
    pub lesson: Option<&'a Lesson>,
    pub progress: &'a Progress,
    pub now: Now,
    pub theme: Theme,
    pub look: ChartLook,
    /// Where the screen is drawn, from the terminal size the app last saw: mouse
    /// positions and scroll limits are worked out from it, never from a draw.
    pub body: Rect,
}

impl Ctx<'_> {
    pub fn day(&self) -> Option<u32> {
        self.lesson.map(|l| l.day)
    }
}

/// Input for a screen: a key's action, a key typed into its focused text box, a
/// paste, or the mouse.
#[derive(Debug, Clone, PartialEq)]
pub enum Input {
    Action(Action),
    /// A key without a binding while a text box has focus: it types.
    Type(KeyEvent),
    /// Bracketed paste: one insertion into the focused text box.
    Paste(String),
    /// A left click at a terminal cell.
    Click(Position),
}

/// What should happen outside the screen; the app applies these.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Save these changes with the learner's progress.
    Record(Vec<Change>),
    ShowView(View),
    /// A one-line message in the notice line.
    Notice(String),
    /// The lab asks for the Playground's formula (`Lab::use_formula` receives it).
    TrainPlaygroundFormula,
    /// Show Explore with this catalog function selected (Compare's Enter).
    ExploreFunction(&'static str),
}

/// The text boxes of the app; while one has focus, keys type into it and only
/// the key table's text-box bindings act.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextBox {
    /// Explore's function filter.
    Filter,
    /// The quiz's answer box.
    Answer,
    /// The Playground's formula box.
    Formula,
    /// The Lesson's note pad.
    Notes,
}

impl TextBox {
    pub const ALL: [TextBox; 4] = [
        TextBox::Filter,
        TextBox::Answer,
        TextBox::Formula,
        TextBox::Notes,
    ];

    pub fn title(self) -> &'static str {
        match self {
            TextBox::Filter => "the function filter",
            TextBox::Answer => "the answer box",
            TextBox::Formula => "the formula box",
            TextBox::Notes => "the note pad",
        }
    }

    /// The view the box belongs to.
    pub fn view(self) -> View {
        match self {
            TextBox::Filter => View::Explore,
            TextBox::Answer => View::Quiz,
            TextBox::Formula => View::Playground,
            TextBox::Notes => View::Lesson,
        }
    }
}

/// The form and life cycle every view shares.
pub trait Screen {
    /// The screen is shown, or the day changed while it is: load what belongs to
    /// the day (a quiz, a lab preset). Called by the app on those events only.
    fn on_enter(&mut self, _ctx: &Ctx) -> Vec<Effect> {
        Vec::new()
    }

    /// Handle one input; returns what should happen outside the screen.
    fn handle(&mut self, input: Input, ctx: &Ctx) -> Vec<Effect>;

    /// The terminal size changed (or the day did): recompute what depends on the
    /// layout (wrapped text, scroll limits), so drawing only reads.
    fn relayout(&mut self, _ctx: &Ctx) {}

    /// Finish pending work before a frame (the lab measures its network once per
    /// frame, however many keys came in).
    fn settle(&mut self) {}

    /// Whether the screen wants `tick` called every frame (the lab while running).
    fn ticking(&self) -> bool {
        false
    }

    /// One frame of background work; returns whether a redraw is needed.
    fn tick(&mut self) -> bool {
        false
    }

    /// The text box with focus, if any.
    fn text_box(&self) -> Option<TextBox> {
        None
    }

    /// Whether the screen offers `action` now: keys for things not on screen
    /// (a chart that is not shown, a second parameter a function lacks) are left
    /// out of the footer and do nothing.
    fn offers(&self, _action: Action) -> bool {
        true
    }

    fn draw(&self, ctx: &Ctx, frame: &mut Frame, area: Rect);
}

/// The Playground's formula as the lab receives it: the function, or why not.
pub type FormulaForLab = Result<Func, String>;
