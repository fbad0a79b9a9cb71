//! The vocabulary of the app: every key press becomes one `Action` (through the
//! key table, `keys.rs`), which the app or the screen shown applies.

/// The six views, in tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum View {
    #[default]
    Lesson,
    Explore,
    Compare,
    Quiz,
    Lab,
    Playground,
}

impl View {
    pub const ALL: [View; 6] = [
        View::Lesson,
        View::Explore,
        View::Compare,
        View::Quiz,
        View::Lab,
        View::Playground,
    ];

    pub fn title(self) -> &'static str {
        match self {
            View::Lesson => "Lesson",
            View::Explore => "Explore",
            View::Compare => "Compare",
            View::Quiz => "Quiz",
            View::Lab => "Lab",
            View::Playground => "Playground",
        }
    }

    pub fn index(self) -> usize {
        View::ALL.iter().position(|v| *v == self).unwrap_or(0)
    }

    pub fn from_index(i: usize) -> View {
        View::ALL[i % View::ALL.len()]
    }

    /// The name stored in progress ("lesson", "explore", …).
    pub fn key(self) -> &'static str {
        match self {
            View::Lesson => "lesson",
            View::Explore => "explore",
            View::Compare => "compare",
            View::Quiz => "quiz",
            View::Lab => "lab",
            View::Playground => "playground",
        }
    }

    pub fn from_key(key: &str) -> Option<View> {
        View::ALL.into_iter().find(|v| v.key() == key)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Quit,
    ShowView(View),
    NextView,
    PrevView,
    NextLesson,
    PrevLesson,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    CursorLeft,
    CursorRight,
    PanLeft,
    PanRight,
    ZoomIn,
    ZoomOut,
    ResetView,
    ParamDown,
    ParamUp,
    PrevParam,
    NextParam,
    ToggleDerivative,
    ToggleHelp,
    /// Esc: close the overlay or leave the text input.
    Back,
    /// Explore: start typing to filter the list.
    Filter,
    /// Explore: add or remove the selected function as an overlay.
    ToggleOverlay,
    /// Explore: remove every overlay.
    ClearOverlays,
    /// Compare: sort by the next column.
    SortNext,
    /// Compare: reverse the sort order.
    SortReverse,
    /// Compare: open the selected function in Explore.
    OpenInExplore,
    /// Lesson: the chart full-height, or back to the text.
    ToggleChart,
    /// Explore's filter box: close it and keep the filter (Esc clears it).
    KeepFilter,
    /// Playground: give the formula box focus (keys type into it).
    EditFormula,
    /// Playground: load the selected saved formula into the box.
    LoadFormula,
    /// Playground: remove the selected saved formula.
    RemoveFormula,
    /// Playground: compare with the next catalog function.
    NextComparison,
    /// Playground: compare with the previous catalog function.
    PrevComparison,
    /// Quiz: pick option N (1-based). In the key table `Pick(0)` stands for the
    /// digit pressed; `keys::map_key` fills it in.
    Pick(u8),
    /// Quiz: answer with the selected option or the typed text; after the
    /// feedback, go to the next question.
    Submit,
    /// Quiz: start the day's quiz over.
    Retake,
    /// Lesson: open the note pad (Esc saves and closes it).
    EditNotes,
    /// Show the Today panel again.
    ShowToday,
    /// Playground, in the formula box: keep the formula in the learner's list.
    KeepFormula,
    /// Ctrl-Z: give the terminal back to the shell until `fg`.
    Suspend,
    /// Open the tour (from the help).
    ShowTour,
    TourNext,
    TourPrev,
    /// Today panel: open the lesson it names…
    OpenTodayLesson,
    /// …or that lesson's quiz.
    OpenTodayQuiz,
    /// A key of the lab view (view 5).
    Lab(LabAction),
    /// Lesson, Explore: open the derivation of the function on the chart.
    ShowDerivation,
    /// Playground: show / hide the derivative's steps under the formula box.
    ToggleSteps,
    /// Lesson, Explore, Playground: save the chart on screen as an SVG file.
    ExportChart,
}

/// What the lab's keys do; `views::lab` applies them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabAction {
    /// One training step.
    Step,
    /// Ten training steps.
    TenSteps,
    /// Start or pause continuous training.
    RunPause,
    /// Start again with the next seed.
    Restart,
    /// The next activation in the lab's list.
    NextActivation,
    /// A/B mode: the next activation for side B.
    NextOtherActivation,
    NextInit,
    LrUp,
    LrDown,
    NextDataset,
    /// Add a hidden layer (back to one after the deepest).
    NextDepth,
    /// Train a second activation beside the first, in lock-step.
    ToggleAb,
    /// The histogram shows the layer before / after.
    PrevLayer,
    NextLayer,
    /// Load scenario N (1-based, in `lab::SCENARIOS` order).
    Scenario(u8),
    /// Back to the current lesson's preset (or the default).
    LessonPreset,
    /// Train with the formula typed in the Playground.
    UseFormula,
    /// Open or close the neuron panel (the inspected unit of the ▸ layer).
    ToggleNeuron,
    /// Inspect the unit before / after in the ▸ layer.
    PrevUnit,
    NextUnit,
    /// Open or close the example step-through.
    ToggleExample,
    /// The example's training point before / after.
    PrevPoint,
    NextPoint,
    /// The example's previous / next stage.
    PrevStage,
    NextStage,
}
