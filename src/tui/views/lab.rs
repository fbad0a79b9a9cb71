//! View 5, the lab: train a small network step by step and watch its neurons live,
//! saturate or die (issue 6). The training itself is `crate::lab`; this file holds
//! the view's state, what its keys do, the time-boxed tick that trains while
//! running, and the layout. The panels are drawn by `widgets::lab_net` (neurons
//! and gradient bars) and `widgets::lab_plots` (boundary, histogram, loss).

use std::time::{Duration, Instant};

use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use crate::course::Lesson;
use crate::format::compact;
use crate::func::Func;
use crate::lab::inspect::{self, UnitRef};
use crate::lab::narrate::Narrator;
use crate::lab::{DatasetKind, Health, Lab, LabConfig, StepOutcome, SCENARIOS};
use crate::tui::action::{Action, LabAction};
use crate::tui::lab_settings::{ladder, next_activation, next_dataset, next_depth, partner};
use crate::tui::screen::{Ctx, Effect, FormulaForLab, Input, Screen};
use crate::tui::theme::Theme;
use crate::tui::widgets::fit_line;
use crate::tui::widgets::lab_digits::DigitsPanel;
use crate::tui::widgets::lab_inspect::{stage_count, NeuronPanel, TracePanel};
use crate::tui::widgets::lab_net::{
    scale_top, DigitImage, DigitsView, NetworkPanel, Side, Snapshot,
};
use crate::tui::widgets::lab_plots::{
    layer_title, percent, Boundary, FitPlot, Histogram, LossChart, GRID, PLANE,
};

mod draw;
mod inspector;
use draw::{click_target, draw, ClickTarget};

/// While running, each tick trains for at most this long (or one step more), so
/// a key pressed meanwhile is read within a frame: with measuring (about 12 ms for
/// the 16-layer scenario) and drawing, a frame stays under 30 ms…
const TICK_BUDGET: Duration = Duration::from_millis(8);
/// …and at most this many steps, so a small network's training stays watchable
/// (about 150 steps a second) instead of finishing in a blink.
const STEPS_PER_TICK: u64 = 5;
/// Points of a regression set's fitted curve over [−1, 1].
const CURVE_SAMPLES: usize = 121;
/// Digits: test images measured around the selected one (the panel shows as
/// many as fit).
pub const IMAGES_PER_PAGE: usize = 6;

/// One side of the lab (two in A/B mode).
#[derive(Debug, Clone)]
pub struct Run {
    pub lab: Lab,
    pub snap: Snapshot,
}

impl Run {
    /// A run not measured yet (the lab measures before the next frame).
    fn new(lab: Lab) -> Run {
        Run {
            lab,
            snap: Snapshot {
                health: empty_health(),
                regions: Vec::new(),
                pre: Vec::new(),
                curve: Vec::new(),
                digits: None,
                neuron: None,
                trace: None,
            },
        }
    }

    /// Everything the panels draw, for the histogram's `layer`, the digits
    /// panel's selected test `image` and what the inspector looks at.
    fn measure(&mut self, layer: usize, image: usize, focus: Focus) {
        let inputs = self.lab.config().dataset.inputs();
        let regions = if inputs == 2 {
            let (cols, rows) = GRID;
            let cells = self.lab.decision_classes(cols, rows, PLANE);
            cells.into_iter().map(|(class, _)| class).collect()
        } else {
            Vec::new()
        };
        let curve = if inputs == 1 {
            let xs: Vec<f64> = (0..CURVE_SAMPLES)
                .map(|i| -1.0 + 2.0 * i as f64 / (CURVE_SAMPLES - 1) as f64)
                .collect();
            let ys = self.lab.curve(&xs);
            xs.into_iter().zip(ys).collect()
        } else {
            Vec::new()
        };
        let digits =
            (self.lab.config().dataset == DatasetKind::Digits).then(|| self.measure_digits(image));
        self.snap = Snapshot {
            health: self.lab.health(),
            regions,
            pre: self.lab.pre_activations(layer),
            curve,
            digits,
            neuron: None,
            trace: None,
        };
        self.measure_focus(focus);
    }

    /// The inspected unit's report and the example's trace, as far as open.
    fn measure_focus(&mut self, focus: Focus) {
        self.snap.neuron = focus
            .neuron
            .and_then(|unit| inspect::inspect(&self.lab, unit).ok());
        self.snap.trace = focus
            .point
            .and_then(|point| inspect::trace(&self.lab, point, focus.unit).ok());
    }

    /// The test images of `image`'s page with their predictions, its
    /// probabilities, the confusion matrix and per-class accuracy.
    fn measure_digits(&mut self, image: usize) -> DigitsView {
        let test = self.lab.data().test.clone();
        let image = image.min(test.len().saturating_sub(1));
        let first = image - image % IMAGES_PER_PAGE;
        let indices: Vec<usize> = (first..test.len()).take(IMAGES_PER_PAGE).collect();
        let flat: Vec<f64> = indices
            .iter()
            .flat_map(|&i| test.input(i).iter().copied())
            .collect();
        let predicted = self.lab.predicted_classes(&flat);
        let images = indices
            .iter()
            .zip(predicted)
            .map(|(&i, predicted)| DigitImage {
                index: i,
                pixels: test.input(i).to_vec(),
                label: test.y[i] as usize,
                predicted,
            })
            .collect();
        DigitsView {
            images,
            selected: image - first,
            probabilities: self.lab.class_probabilities(test.input(image)),
            confusion: self.lab.confusion_matrix(),
            class_accuracy: self.lab.class_accuracy(),
        }
    }

    /// Only the histogram's layer or the inspector's focus changed: the network
    /// did not.
    fn measure_layer(&mut self, layer: usize, focus: Focus) {
        self.snap.pre = self.lab.pre_activations(layer);
        self.measure_focus(focus);
    }

    pub fn label(&self) -> String {
        self.lab.config().activation.label()
    }
}

/// What the inspector measures: the selected unit (the example's path leads down
/// to it), whether the neuron panel wants its report, and the example's point.
#[derive(Debug, Clone, Copy)]
struct Focus {
    unit: UnitRef,
    neuron: Option<UnitRef>,
    point: Option<usize>,
}

/// The example stepped through: a training point and how many stages are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Example {
    pub point: usize,
    pub stage: usize,
}

/// Narrations kept for the view (the newest is shown).
const NARRATIONS_KEPT: usize = 50;

fn empty_health() -> Health {
    Health {
        step: 0,
        loss: f64::NAN,
        accuracy: f64::NAN,
        test_loss: f64::NAN,
        test_accuracy: f64::NAN,
        layers: Vec::new(),
        output_grad_norm: f64::NAN,
        output_delta_rms: f64::NAN,
        diverged: false,
    }
}

#[derive(Debug, Clone)]
pub struct LabState {
    /// Side A's settings; side B differs only in its activation.
    config: LabConfig,
    /// Side B's activation, in A/B mode.
    other: Option<Func>,
    runs: Vec<Run>,
    pub running: bool,
    /// The hidden layer (0-based) the histogram shows.
    pub layer: usize,
    /// Running pauses once here: the preset's or scenario's length, after which
    /// the lesson's text describes what you see.
    target: Option<u64>,
    /// Where the settings came from ("day 7 preset", "scenario: …", "changed").
    pub origin: String,
    /// A note for the learner: what a scenario shows, why training stopped.
    pub message: Option<String>,
    /// The preset's or scenario's length, for starting over from step 0 (A/B):
    /// `None` once the settings were changed by hand.
    preset_steps: Option<u64>,
    /// The lesson whose preset was loaded last (`None` before the first visit), so
    /// leaving the lab and coming back keeps the learner's changes.
    loaded_day: Option<Option<u32>>,
    /// A step or setting changed since the runs were last measured.
    stale: bool,
    /// Only what the panels look at changed since then (the histogram's layer,
    /// the inspected unit, the example's point): the network did not.
    stale_focus: bool,
    /// The gradient bars' right end, taken at step 0 and kept for the run so a
    /// vanishing gradient stays visible (`None` until step 0 is measured).
    grad_top: Option<f64>,
    /// Digits: the selected test image (index in the test split).
    pub image: usize,
    /// The neuron panel is open (it shows unit `unit` of the ▸ layer).
    pub inspecting: bool,
    /// The inspected unit of the ▸ layer (0-based).
    pub unit: usize,
    /// The example stepped through, while its panel is open.
    pub example: Option<Example>,
    /// One narrator per run: says what just happened, when it happens.
    narrators: Vec<Narrator>,
    /// What the narrators said, oldest first ("A " before side A's in A/B mode).
    pub narrations: Vec<String>,
}

impl Default for LabState {
    fn default() -> Self {
        LabState::new(LabConfig::default(), "default settings".into())
    }
}

impl LabState {
    fn new(config: LabConfig, origin: String) -> LabState {
        let mut state = LabState {
            config,
            other: None,
            runs: Vec::new(),
            running: false,
            layer: 0,
            target: None,
            origin,
            message: None,
            preset_steps: None,
            loaded_day: None,
            stale: false,
            stale_focus: false,
            grad_top: None,
            image: 0,
            inspecting: false,
            unit: 0,
            example: None,
            narrators: Vec::new(),
            narrations: Vec::new(),
        };
        state.rebuild();
        state
    }

    pub fn config(&self) -> &LabConfig {
        &self.config
    }

    /// Side A, then side B in A/B mode.
    pub fn runs(&self) -> &[Run] {
        &self.runs
    }

    pub fn is_ab(&self) -> bool {
        self.other.is_some()
    }

    pub fn step_count(&self) -> u64 {
        self.runs.first().map_or(0, |r| r.lab.step_count())
    }

    pub fn diverged(&self) -> bool {
        self.runs.iter().any(|r| r.lab.diverged())
    }

    /// Load the lesson's preset the first time the lab is shown for its day. Each
    /// day starts fresh from its own preset: A/B mode and changes made on another
    /// day stay behind, and the message line says so when something was dropped.
    pub fn enter(&mut self, lesson: Option<&Lesson>) {
        let day = lesson.map(|l| l.day);
        if self.loaded_day == Some(day) {
            return;
        }
        let left = self.loaded_day.flatten();
        let dropped = self.is_ab() || self.step_count() > 0 || self.origin == "changed";
        self.loaded_day = Some(day);
        self.other = None;
        self.message = None;
        self.load_lesson(lesson);
        if let (Some(left), Some(day), true, None) = (left, day, dropped, &self.message) {
            self.message = Some(format!(
                "day {day} starts fresh from its own preset (A/B and changes stay with day {left})"
            ));
        }
    }

    /// The lesson's `[lab]` preset, or the default settings when it has none.
    fn load_lesson(&mut self, lesson: Option<&Lesson>) {
        let preset = lesson.and_then(|l| l.lab.as_ref().map(|p| (l.day, p)));
        let (config, origin, target) = match preset {
            Some((day, p)) => match LabConfig::from_preset(p) {
                Ok(config) => {
                    let origin = match SCENARIOS.iter().find(|s| s.config() == config) {
                        Some(s) => format!("day {day} preset: {}", s.name),
                        None => format!("day {day} preset"),
                    };
                    (config, origin, p.steps.map(u64::from))
                }
                Err(e) => {
                    self.message = Some(format!("day {day}'s lab preset: {e}"));
                    (LabConfig::default(), "default settings".into(), None)
                }
            },
            None => (LabConfig::default(), "default settings".into(), None),
        };
        self.load(config, origin, target);
    }

    /// New settings from a preset or scenario: training starts over, paused.
    fn load(&mut self, config: LabConfig, origin: String, target: Option<u64>) {
        self.config = config;
        self.origin = origin;
        self.target = target;
        self.preset_steps = target;
        self.running = false;
        if self.other.is_some() {
            self.other = Some(partner(&self.config.activation));
        }
        self.rebuild();
    }

    /// Build the run(s) from step 0. A config the lab rejects falls back to the
    /// defaults with a message (presets come from lesson files).
    fn rebuild(&mut self) {
        let a = match Lab::new(self.config.clone()) {
            Ok(lab) => lab,
            Err(e) => {
                self.message = Some(format!("these settings cannot run: {e}"));
                self.config = LabConfig::default();
                Lab::new(self.config.clone()).expect("the default lab config is valid")
            }
        };
        self.layer = self.layer.min(self.config.hidden.len() - 1);
        self.unit = self.unit.min(self.config.hidden[self.layer] - 1);
        if let Some(example) = &mut self.example {
            example.point = example.point.min(a.data().train.len().saturating_sub(1));
        }
        let b = self.other.clone().map(|f| a.twin(f));
        self.runs = std::iter::once(a).chain(b).map(Run::new).collect();
        self.grad_top = None;
        self.narrators = self.runs.iter().map(|_| Narrator::new()).collect();
        self.narrations.clear();
        self.narrate();
        // Measured once before the next frame, however many settings change.
        self.stale = true;
    }

    /// A setting changed: start over from step 0 with the same seed.
    fn changed(&mut self) {
        self.origin = "changed".into();
        self.target = None;
        self.preset_steps = None;
        self.message = None;
        self.running = false;
        self.rebuild();
    }

    /// What the inspector looks at now.
    fn focus(&self) -> Focus {
        let unit = UnitRef {
            layer: self.layer + 1,
            unit: self.unit,
        };
        Focus {
            unit,
            neuron: self.inspecting.then_some(unit),
            point: self.example.map(|e| e.point),
        }
    }

    fn measure(&mut self) {
        let (layer, image, focus) = (self.layer, self.image, self.focus());
        for run in &mut self.runs {
            run.measure(layer, image, focus);
        }
        if self.grad_top.is_none() {
            self.grad_top = Some(scale_top(self.runs.iter().map(|r| &r.snap.health)));
        }
        self.stale = false;
    }

    /// The gradient bars' right end for this run (1 before the first measure).
    pub fn grad_top(&self) -> f64 {
        self.grad_top.unwrap_or(1.0)
    }

    /// Digits: select the test image `delta` places on (wrapping around).
    fn select_image(&mut self, delta: isize) {
        let Some(count) = self.runs.first().map(|r| r.lab.data().test.len()) else {
            return;
        };
        if count == 0 || self.config.dataset != DatasetKind::Digits {
            return;
        }
        self.image = (self.image as isize + delta).rem_euclid(count as isize) as usize;
        self.stale = true;
    }

    pub fn update(&mut self, action: LabAction, lesson: Option<&Lesson>) {
        match action {
            LabAction::Step => self.train(1),
            LabAction::TenSteps => self.train(10),
            LabAction::RunPause => self.run_pause(),
            LabAction::Restart => {
                self.config.seed = self.config.seed.wrapping_add(1);
                self.changed();
                self.message = Some(format!(
                    "new seed {}: new data and weights",
                    self.config.seed
                ));
            }
            LabAction::NextActivation => {
                self.config.activation = next_activation(&self.config.activation, None);
                if self.other.is_some() {
                    self.other = Some(partner(&self.config.activation));
                }
                self.changed();
            }
            LabAction::NextOtherActivation => self.next_other(),
            LabAction::NextInit => {
                self.config.init = self.config.init.next();
                self.changed();
            }
            LabAction::LrUp | LabAction::LrDown => {
                self.config.lr = ladder(self.config.lr, action == LabAction::LrUp);
                self.changed();
            }
            LabAction::NextDataset => {
                self.config.dataset = next_dataset(self.config.dataset);
                // A preset's head may not fit the next set: each set's own head.
                self.config.output = None;
                self.image = 0;
                self.changed();
            }
            LabAction::NextDepth => {
                self.config.hidden = next_depth(&self.config.hidden);
                self.changed();
            }
            LabAction::ToggleAb => self.toggle_ab(),
            LabAction::PrevLayer => self.select_layer(self.layer.saturating_sub(1)),
            LabAction::NextLayer => self.select_layer(self.layer + 1),
            LabAction::Scenario(n) => self.load_scenario(n),
            LabAction::LessonPreset => {
                self.message = None;
                self.load_lesson(lesson);
            }
            LabAction::ToggleNeuron => {
                self.inspecting = !self.inspecting;
                self.stale_focus = true;
            }
            LabAction::PrevUnit => self.step_unit(-1),
            LabAction::NextUnit => self.step_unit(1),
            LabAction::ToggleExample => self.toggle_example(),
            LabAction::PrevPoint => self.step_point(-1),
            LabAction::NextPoint => self.step_point(1),
            LabAction::PrevStage => self.step_stage(false),
            LabAction::NextStage => self.step_stage(true),
            // Needs the Playground's formula: asked of the app (`use_formula`).
            LabAction::UseFormula => {}
        }
    }

    fn load_scenario(&mut self, n: u8) {
        let Some(s) = usize::from(n).checked_sub(1).and_then(|i| SCENARIOS.get(i)) else {
            return;
        };
        self.message = Some(format!(
            "{}: {} (r runs {} steps)",
            s.name, s.description, s.steps
        ));
        self.load(s.config(), format!("scenario: {}", s.name), Some(s.steps));
    }

    fn toggle_ab(&mut self) {
        self.other = match self.other {
            Some(_) => None,
            None => Some(partner(&self.config.activation)),
        };
        // Both sides must start together to stay in lock-step; from step 0 the
        // preset's length applies again.
        self.running = false;
        self.target = self.preset_steps;
        self.rebuild();
    }

    /// Train with `activation` (a formula from the Playground): A/B mode keeps its
    /// side B, and the seed stays.
    pub fn use_activation(&mut self, activation: Func) {
        let label = activation.label();
        self.config.activation = activation;
        self.changed();
        self.message = Some(format!("training f(x) = {label}"));
    }

    fn next_other(&mut self) {
        let Some(current) = &self.other else {
            self.message = Some("press b for A/B mode first".into());
            return;
        };
        self.other = Some(next_activation(current, Some(&self.config.activation)));
        self.running = false;
        self.target = self.preset_steps;
        self.rebuild();
    }

    fn select_layer(&mut self, layer: usize) {
        self.layer = layer.min(self.config.hidden.len() - 1);
        self.unit = self.unit.min(self.config.hidden[self.layer] - 1);
        self.stale_focus = true;
    }

    fn run_pause(&mut self) {
        if self.running {
            self.running = false;
            return;
        }
        if self.runs.iter().all(|r| r.lab.diverged()) {
            self.message = Some(diverged_message(&self.runs));
            return;
        }
        // Past the preset's length, running goes on without a limit.
        if self.target.is_some_and(|t| self.step_count() >= t) {
            self.target = None;
        }
        self.message = None;
        self.running = true;
    }

    /// `n` steps of every run; measured once before the next frame (`settle`),
    /// however many keys come in meanwhile.
    fn train(&mut self, n: u64) {
        for _ in 0..n {
            if !self.step_once() {
                break;
            }
        }
        self.stale = true;
    }

    /// One step of every run in lock-step. Returns whether training may go on:
    /// not when a run diverged (running stops with a message).
    fn step_once(&mut self) -> bool {
        let outcomes: Vec<StepOutcome> = self.runs.iter_mut().map(|r| r.lab.step()).collect();
        if outcomes.contains(&StepOutcome::Diverged) {
            self.running = false;
            self.message = Some(diverged_message(&self.runs));
            return false;
        }
        self.narrate();
        true
    }

    /// Train for one frame while running: a bounded, time-boxed slice of steps.
    /// Returns whether anything changed.
    fn train_slice(&mut self) -> bool {
        if !self.running {
            return false;
        }
        let start = Instant::now();
        for _ in 0..STEPS_PER_TICK {
            if !self.step_once() {
                break;
            }
            if self.target.is_some_and(|t| self.step_count() >= t) {
                self.running = false;
                self.target = None;
                self.message = Some(format!(
                    "paused at step {}, the preset's length (r runs on)",
                    self.step_count()
                ));
                break;
            }
            if start.elapsed() >= TICK_BUDGET {
                break;
            }
        }
        self.stale = true;
        true
    }

    /// Measure the runs if a step or the histogram's layer changed.
    pub fn settle_now(&mut self) {
        if self.stale {
            self.measure();
        } else if self.stale_focus {
            let (layer, focus) = (self.layer, self.focus());
            for run in &mut self.runs {
                run.measure_layer(layer, focus);
            }
        }
        self.stale_focus = false;
    }

    /// `f`: train with the Playground's formula, or say why not.
    pub fn use_formula(&mut self, formula: FormulaForLab) {
        match formula {
            Ok(f) => self.use_activation(f),
            Err(why) => self.message = Some(why),
        }
    }

    fn apply(&mut self, action: Action, ctx: &Ctx) -> Vec<Effect> {
        match action {
            Action::Lab(LabAction::UseFormula) => return vec![Effect::TrainPlaygroundFormula],
            Action::Lab(lab_action) => self.update(lab_action, ctx.lesson),
            // ↑/↓ (and the wheel) pick the histogram's layer, like [ and ].
            Action::Up => self.update(LabAction::PrevLayer, ctx.lesson),
            Action::Down => self.update(LabAction::NextLayer, ctx.lesson),
            // ←/→ pick the digits panel's test image.
            Action::CursorLeft => self.select_image(-1),
            Action::CursorRight => self.select_image(1),
            _ => {}
        }
        Vec::new()
    }
}

impl Screen for LabState {
    fn on_enter(&mut self, ctx: &Ctx) -> Vec<Effect> {
        self.enter(ctx.lesson);
        Vec::new()
    }

    fn handle(&mut self, input: Input, ctx: &Ctx) -> Vec<Effect> {
        match input {
            Input::Action(action) => self.apply(action, ctx),
            Input::Click(at) => {
                self.click(at, ctx);
                Vec::new()
            }
            Input::Type(_) | Input::Paste(_) => Vec::new(),
        }
    }

    fn settle(&mut self) {
        self.settle_now();
    }

    fn ticking(&self) -> bool {
        self.running
    }

    fn offers(&self, action: Action) -> bool {
        match action {
            Action::Lab(
                LabAction::PrevPoint
                | LabAction::NextPoint
                | LabAction::PrevStage
                | LabAction::NextStage,
            ) => self.example.is_some(),
            Action::CursorLeft | Action::CursorRight => self.config.dataset == DatasetKind::Digits,
            _ => true,
        }
    }

    fn tick(&mut self) -> bool {
        self.train_slice()
    }

    fn draw(&self, ctx: &Ctx, frame: &mut Frame, area: Rect) {
        draw(self, ctx, frame, area);
    }
}

fn diverged_message(runs: &[Run]) -> String {
    let names: Vec<String> = runs
        .iter()
        .filter(|r| r.lab.diverged())
        .map(|r| format!("{} at step {}", r.label(), r.lab.step_count()))
        .collect();
    format!(
        "DIVERGED ({}): the loss is no longer finite. Lower lr (-) or restart (R)",
        names.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_lines_are_cut_at_a_word_with_an_ellipsis() {
        let line = || {
            Line::from(vec![
                Span::raw("relu · he"),
                Span::raw(" · day 7 preset: ReLU"),
            ])
        };
        let text = |l: Line| {
            l.spans
                .iter()
                .map(|s| s.content.to_string())
                .collect::<String>()
        };
        assert_eq!(text(fit_line(line(), 80)), "relu · he · day 7 preset: ReLU");
        // "preset: Re" would cut a word: back to "preset", its colon dropped.
        assert_eq!(text(fit_line(line(), 28)), "relu · he · day 7 preset…");
        assert_eq!(text(fit_line(line(), 12)), "relu · he…");
        assert_eq!(text(fit_line(line(), 3)), "…");
    }

    #[test]
    fn running_stops_at_the_target_and_on_divergence() {
        let mut state = LabState {
            target: Some(3),
            ..LabState::default()
        };
        state.update(LabAction::RunPause, None);
        while state.train_slice() {}
        assert_eq!(state.step_count(), 3);
        assert!(!state.running);
        // A linear network at a large learning rate blows up.
        let diverging = LabConfig {
            activation: crate::tui::lab_settings::catalog("identity"),
            lr: 100.0,
            ..LabConfig::default()
        };
        let mut state = LabState::new(diverging, "test".into());
        state.update(LabAction::RunPause, None);
        for _ in 0..100 {
            state.train_slice();
        }
        assert!(state.diverged() && !state.running);
        assert!(state.message.as_deref().unwrap_or("").contains("DIVERGED"));
    }
}
