//! The lab's inspector (issue 16): which neuron the panel shows and which example
//! is stepped through, what a click lands on, and the narration after each step.
//! The numbers come from `lab::inspect` and `lab::narrate`; the panels are drawn by
//! `widgets::lab_inspect`.

use super::*;

impl LabState {
    /// Ask each run's narrator what happened at its current step; keep the lines.
    pub(super) fn narrate(&mut self) {
        let ab = self.runs.len() > 1;
        for ((run, narrator), tag) in self
            .runs
            .iter_mut()
            .zip(&mut self.narrators)
            .zip(["A", "B"])
        {
            for line in narrator.observe_lab(&mut run.lab) {
                let tag = if ab { format!("{tag} ") } else { String::new() };
                self.narrations.push(format!("{tag}{line}"));
            }
        }
        let extra = self.narrations.len().saturating_sub(NARRATIONS_KEPT);
        self.narrations.drain(..extra);
    }

    /// Inspect unit `unit` of layer `layer` (0-based; clamped to the network).
    pub fn inspect_unit(&mut self, layer: usize, unit: usize) {
        self.layer = layer.min(self.config.hidden.len() - 1);
        self.unit = unit.min(self.config.hidden[self.layer] - 1);
        self.inspecting = true;
        self.stale_focus = true;
    }

    /// The unit `delta` places along the ▸ layer (wrapping around); opens the panel.
    pub(super) fn step_unit(&mut self, delta: isize) {
        let width = self.config.hidden[self.layer] as isize;
        let unit = (self.unit as isize + delta).rem_euclid(width) as usize;
        self.inspect_unit(self.layer, unit);
    }

    /// Step through training point `point` from its first stage.
    pub fn open_example(&mut self, point: usize) {
        let count = self.runs.first().map_or(0, |r| r.lab.data().train.len());
        if count == 0 {
            return;
        }
        self.example = Some(Example {
            point: point.min(count - 1),
            stage: 0,
        });
        self.stale_focus = true;
    }

    pub(super) fn toggle_example(&mut self) {
        if self.example.take().is_none() {
            self.open_example(0);
        }
        self.stale_focus = true;
    }

    /// The training point `delta` places on (wrapping around), from its first stage.
    pub(super) fn step_point(&mut self, delta: isize) {
        let count = self.runs.first().map_or(0, |r| r.lab.data().train.len());
        if let (Some(example), true) = (self.example, count > 0) {
            let point = (example.point as isize + delta).rem_euclid(count as isize);
            self.open_example(point as usize);
        }
    }

    /// The example's next or previous stage (within the trace's stages).
    pub(super) fn step_stage(&mut self, forward: bool) {
        let stages = self
            .runs
            .first()
            .and_then(|r| r.snap.trace.as_ref())
            .map_or(1, stage_count);
        if let Some(example) = &mut self.example {
            example.stage = if forward {
                (example.stage + 1).min(stages - 1)
            } else {
                example.stage.saturating_sub(1)
            };
        }
    }

    /// A click on a neuron inspects it; a click on the data picks the nearest
    /// training point as the example.
    pub(super) fn click(&mut self, at: Position, ctx: &Ctx) {
        match click_target(self, ctx, at) {
            Some(ClickTarget::Unit { layer, unit }) => self.inspect_unit(layer, unit),
            Some(ClickTarget::Input(input)) => {
                let nearest = self
                    .runs
                    .first()
                    .and_then(|r| inspect::nearest_training_point(&r.lab, &input));
                if let Some(point) = nearest {
                    self.open_example(point);
                }
            }
            None => {}
        }
    }
}
