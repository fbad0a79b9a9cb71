//! Narration: one line, in words, when something happens in a run ("step 12: 7 of
//! 8 units in L1 died (z < 0 on every point; largest z −0.4)"). Every line is built
//! from a condition on the numbers of the run and those numbers, and is emitted
//! when its condition becomes true, not at every step while it holds.
//!
//! `narrate` is a pure function of the previous and the current `Summary`; the
//! `Narrator` keeps the previous one between steps and measures what a line needs.

use std::fmt;

use super::health::{self, Health};
use super::network::Workspace;
use super::Lab;

/// The first layer's gradient at most this share of the largest other layer's is
/// vanishing (narrated once per further power of ten).
pub const VANISHING_RATIO: f64 = 1e-3;
/// A step that changes the loss by at most this share of it leaves it where it was.
pub const STALL_FRACTION: f64 = 1e-6;
/// A layer with at least this share of its units saturated is worth a line.
pub const SATURATED_LAYER_SHARE: f64 = 0.25;

/// One hidden layer's numbers that narrations read.
#[derive(Debug, Clone, PartialEq)]
pub struct LayerSummary {
    pub width: usize,
    pub dead: usize,
    pub saturated: usize,
    /// ‖∂loss/∂W‖ of the weights feeding the layer.
    pub grad_norm: f64,
    /// The largest z of the layer's dead units over the training set (`None` when
    /// none is dead or it was not measured).
    pub dead_max_z: Option<f64>,
}

/// A run's state after a step, as far as narrations need it.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub step: u64,
    /// The full training set's loss.
    pub loss: f64,
    /// The previous summary's loss minus this one's (`None` for the first).
    pub loss_drop: Option<f64>,
    pub layers: Vec<LayerSummary>,
    pub output_grad_norm: f64,
    pub diverged: bool,
}

impl Summary {
    /// The numbers of a health report (no dead unit's z: see `measure_dead_z`).
    pub fn from_health(health: &Health) -> Summary {
        Summary {
            step: health.step,
            loss: health.loss,
            loss_drop: None,
            layers: health
                .layers
                .iter()
                .map(|l| LayerSummary {
                    width: l.width,
                    dead: l.dead,
                    saturated: l.saturated,
                    grad_norm: l.grad_norm,
                    dead_max_z: None,
                })
                .collect(),
            output_grad_norm: health.output_grad_norm,
            diverged: health.diverged,
        }
    }

    /// Fill each layer's `dead_max_z` from a forward pass over the lab's training
    /// set (a unit is dead when f′(z) = 0 on every point, as in the health report).
    pub fn measure_dead_z(&mut self, lab: &Lab) {
        let train = &lab.data().train;
        let mut ws = Workspace::new();
        lab.network()
            .forward(&lab.config().activation, &train.x, &mut ws);
        let n = ws.len().max(1);
        for (i, layer) in self.layers.iter_mut().enumerate() {
            let z = ws.pre_activations(i + 1).chunks_exact(n);
            let slopes = ws.slopes(i + 1).chunks_exact(n);
            layer.dead_max_z = z
                .zip(slopes)
                .filter(|(_, s)| s.iter().all(|&s| s == 0.0))
                .flat_map(|(z, _)| z.iter().copied())
                .reduce(f64::max);
        }
    }

    /// Whether the loss stopped moving at this step.
    fn loss_stalled(&self) -> bool {
        self.loss_drop
            .is_some_and(|drop| drop.abs() <= STALL_FRACTION * self.loss.abs())
    }

    /// The index of the first hidden layer whose every unit is dead.
    fn all_dead_layer(&self) -> Option<usize> {
        self.layers
            .iter()
            .position(|l| l.width > 0 && l.dead == l.width)
    }

    /// L1's gradient norm over the largest of the other weight layers', with that
    /// layer's name; `None` when either is 0 or not finite.
    fn first_layer_ratio(&self) -> Option<(f64, String)> {
        let first = self.layers.first()?.grad_norm;
        let others = self
            .layers
            .iter()
            .enumerate()
            .skip(1)
            .map(|(i, l)| (l.grad_norm, format!("L{}", i + 1)))
            .chain(std::iter::once((
                self.output_grad_norm,
                "the output layer".to_string(),
            )));
        let (top, name) = others.fold((0.0, String::new()), |best, (g, name)| {
            if g > best.0 {
                (g, name)
            } else {
                best
            }
        });
        let ratio = first / top;
        (first > 0.0 && top > 0.0 && ratio.is_finite()).then_some((ratio, name))
    }
}

/// A line of narration: what happened at `step`.
#[derive(Debug, Clone, PartialEq)]
pub struct Narration {
    pub step: u64,
    pub text: String,
}

impl fmt::Display for Narration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "step {}: {}", self.step, self.text)
    }
}

/// The lines whose condition holds in `current` and did not in `previous` (`None`
/// at the start of a run, when every condition that holds is new).
pub fn narrate(previous: Option<&Summary>, current: &Summary) -> Vec<String> {
    // A diverged run's numbers are not finite: nothing to tell from them (the
    // report itself says that the run diverged).
    if current.diverged {
        return Vec::new();
    }
    let mut lines = Vec::new();
    for (i, layer) in current.layers.iter().enumerate() {
        let before = previous.and_then(|p| p.layers.get(i));
        lines.extend(deaths(i + 1, before, layer, previous.is_none()));
        lines.extend(saturation(i + 1, before, layer));
    }
    lines.extend(vanishing(previous, current));
    lines.extend(stalled(previous, current));
    lines
}

/// Units that died (or came back) in layer `number` since `before`.
fn deaths(
    number: usize,
    before: Option<&LayerSummary>,
    now: &LayerSummary,
    start: bool,
) -> Vec<String> {
    let was = before.map_or(0, |b| b.dead);
    let (dead, width) = (now.dead, now.width);
    let mut lines = Vec::new();
    if dead > was {
        let why = match now.dead_max_z {
            Some(z) if z < 0.0 => format!("z < 0 on every point; largest z {}", short(z)),
            Some(z) => format!("f′(z) = 0 on every point; largest z {}", short(z)),
            None => "f′(z) = 0 on every point".to_string(),
        };
        let what = if start {
            format!("{dead} of {width} units in L{number} are dead from the start")
        } else if was == 0 {
            format!("{dead} of {width} units in L{number} died")
        } else {
            format!(
                "{} in L{number} died, {dead} of {width} now",
                units(dead - was, "more ")
            )
        };
        lines.push(format!("{what} ({why})"));
        if dead == width {
            lines.push(format!(
                "every unit in L{number} is dead: the output is the same for every \
                 point, and no gradient reaches the layers below L{number}"
            ));
        }
    } else if dead < was {
        lines.push(format!(
            "{} in L{number} came back to life ({dead} of {width} still dead)",
            units(was - dead, "")
        ));
    }
    lines
}

/// "1 more unit", "3 more units".
fn units(count: usize, more: &str) -> String {
    let plural = if count == 1 { "" } else { "s" };
    format!("{count} {more}unit{plural}")
}

/// A quarter or more of layer `number`'s units became saturated.
fn saturation(number: usize, before: Option<&LayerSummary>, now: &LayerSummary) -> Option<String> {
    let many = |saturated: usize, width: usize| {
        width > 0 && saturated as f64 >= SATURATED_LAYER_SHARE * width as f64
    };
    let was = before.is_some_and(|b| many(b.saturated, b.width));
    (many(now.saturated, now.width) && !was).then(|| {
        format!(
            "{} of {} units in L{number} are saturated (|f′| < 0.1 × peak on ≥ 90% of the \
             points): they learn, but barely",
            now.saturated, now.width
        )
    })
}

/// L1's gradient fell to a new power of ten below `VANISHING_RATIO` of the largest
/// other layer's.
fn vanishing(previous: Option<&Summary>, current: &Summary) -> Option<String> {
    let (ratio, name) = current.first_layer_ratio()?;
    let decade = ratio.log10().round() as i32;
    if ratio > VANISHING_RATIO {
        return None;
    }
    let before = previous
        .and_then(Summary::first_layer_ratio)
        .filter(|(r, _)| *r <= VANISHING_RATIO)
        .map(|(r, _)| r.log10().round() as i32);
    if before.is_some_and(|d| d <= decade) {
        return None;
    }
    Some(format!(
        "L1's gradient is {} of {name}'s ({} vs {}): the slopes multiply on the way down",
        power_of_ten(decade),
        short(current.layers[0].grad_norm),
        short(ratio.recip() * current.layers[0].grad_norm),
    ))
}

/// The loss stopped falling while a whole layer is dead.
fn stalled(previous: Option<&Summary>, current: &Summary) -> Option<String> {
    let layer = current.all_dead_layer()?;
    let holds = |s: &Summary| s.loss_stalled() && s.all_dead_layer().is_some();
    if !holds(current) || previous.is_some_and(holds) {
        return None;
    }
    Some(format!(
        "the loss stopped falling at {}: every unit in L{} is dead",
        short(current.loss),
        layer + 1
    ))
}

/// "10⁻⁵".
fn power_of_ten(exponent: i32) -> String {
    const DIGITS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    let sign = if exponent < 0 { "⁻" } else { "" };
    let digits: String = exponent
        .unsigned_abs()
        .to_string()
        .chars()
        .filter_map(|c| c.to_digit(10).map(|d| DIGITS[d as usize]))
        .collect();
    format!("10{sign}{digits}")
}

/// A number in a few significant digits, with a real minus sign.
fn short(value: f64) -> String {
    crate::format::compact(value, 2).replace('-', "−")
}

/// Keeps the last summary of a run and narrates each new one.
#[derive(Debug, Clone, Default)]
pub struct Narrator {
    last: Option<Summary>,
}

impl Narrator {
    pub fn new() -> Narrator {
        Narrator::default()
    }

    /// The narrations of the lab's state now (`health` measured at its current
    /// weights), each once, when its condition becomes true.
    pub fn observe(&mut self, lab: &Lab, health: &Health) -> Vec<Narration> {
        self.tell(lab, Summary::from_health(health))
    }

    /// `observe` without a health report at hand: the lab's pass over the
    /// training set at its current weights (`Lab::training_pass`), which with full
    /// batches the next step then uses instead of repeating it.
    pub fn observe_lab(&mut self, lab: &mut Lab) -> Vec<Narration> {
        let profile = lab.slope_profile();
        let (step, diverged) = (lab.step_count(), lab.diverged());
        let (result, net, halves) = lab.training_pass();
        let layers = health::measure_layers_of(net, halves, profile);
        let output_grad_norm = halves.first().map_or(f64::NAN, |ws| {
            health::weight_grad_norm(net, ws, net.weight_layers() - 1)
        });
        let health = Health {
            step,
            loss: result.loss,
            accuracy: result.accuracy,
            test_loss: f64::NAN,
            test_accuracy: f64::NAN,
            layers,
            output_grad_norm,
            output_delta_rms: f64::NAN,
            diverged: diverged || !result.loss.is_finite(),
        };
        self.tell(lab, Summary::from_health(&health))
    }

    fn tell(&mut self, lab: &Lab, mut current: Summary) -> Vec<Narration> {
        current.loss_drop = self.last.as_ref().map(|p| p.loss - current.loss);
        let more_dead = current.layers.iter().enumerate().any(|(i, l)| {
            let was = self.last.as_ref().and_then(|p| p.layers.get(i));
            l.dead > was.map_or(0, |w| w.dead)
        });
        if more_dead {
            current.measure_dead_z(lab);
        }
        let step = current.step;
        let lines = narrate(self.last.as_ref(), &current);
        self.last = Some(current);
        lines
            .into_iter()
            .map(|text| Narration { step, text })
            .collect()
    }

    /// Forget the run (after a restart).
    pub fn reset(&mut self) {
        self.last = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layer(width: usize, dead: usize, grad_norm: f64) -> LayerSummary {
        LayerSummary {
            width,
            dead,
            saturated: 0,
            grad_norm,
            dead_max_z: None,
        }
    }

    fn summary(step: u64, loss: f64, layers: Vec<LayerSummary>) -> Summary {
        Summary {
            step,
            loss,
            loss_drop: None,
            layers,
            output_grad_norm: 0.001,
            diverged: false,
        }
    }

    #[test]
    fn deaths_are_told_once_with_their_numbers() {
        let before = summary(11, 0.5, vec![layer(8, 0, 0.1), layer(8, 0, 0.1)]);
        let mut now = summary(12, 0.4, vec![layer(8, 7, 0.1), layer(8, 0, 0.1)]);
        now.layers[0].dead_max_z = Some(-0.4);
        let lines = narrate(Some(&before), &now);
        assert_eq!(
            lines,
            vec!["7 of 8 units in L1 died (z < 0 on every point; largest z −0.4)"]
        );
        assert!(narrate(Some(&now), &now).is_empty(), "no change, no line");
        let mut all = now.clone();
        all.layers[0].dead = 8;
        let lines = narrate(Some(&now), &all);
        assert!(lines[0].starts_with("1 more unit in L1 died, 8 of 8 now"));
        assert!(lines[1].starts_with("every unit in L1 is dead"));
    }

    #[test]
    fn the_stall_needs_a_dead_layer_and_a_flat_loss() {
        let before = summary(5, 0.69, vec![layer(4, 4, 0.0)]);
        let mut now = summary(6, 0.69, vec![layer(4, 4, 0.0)]);
        now.loss_drop = Some(0.0);
        let lines = narrate(Some(&before), &now);
        assert_eq!(
            lines,
            vec!["the loss stopped falling at 0.69: every unit in L1 is dead"]
        );
        assert!(narrate(Some(&now), &now).is_empty());
        let mut alive = now.clone();
        alive.layers[0].dead = 3;
        assert!(!narrate(Some(&alive), &alive)
            .iter()
            .any(|l| l.contains("stopped")));
    }

    #[test]
    fn vanishing_is_told_per_power_of_ten() {
        let healthy = summary(0, 0.7, vec![layer(8, 0, 0.01), layer(8, 0, 0.05)]);
        assert!(narrate(None, &healthy).is_empty());
        let weak = summary(1, 0.7, vec![layer(8, 0, 1e-7), layer(8, 0, 0.01)]);
        assert_eq!(
            narrate(Some(&healthy), &weak),
            vec![
                "L1's gradient is 10⁻⁵ of L2's (1e−7 vs 0.01): the slopes multiply on \
                  the way down"
            ]
        );
        assert!(narrate(Some(&weak), &weak).is_empty());
        let weaker = summary(2, 0.7, vec![layer(8, 0, 1e-8), layer(8, 0, 0.01)]);
        assert!(narrate(Some(&weak), &weaker)[0].contains("10⁻⁶ of L2's"));
    }

    #[test]
    fn a_diverged_run_tells_nothing() {
        let mut gone = summary(3, f64::NAN, vec![layer(4, 4, f64::NAN)]);
        gone.diverged = true;
        assert!(narrate(None, &gone).is_empty());
    }

    #[test]
    fn powers_of_ten_in_superscript() {
        assert_eq!(power_of_ten(-5), "10⁻⁵");
        assert_eq!(power_of_ten(12), "10¹²");
    }
}
