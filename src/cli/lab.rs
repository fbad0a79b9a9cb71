//! `acttutor lab`: train the toy network headless and report its health, as JSON
//! lines (`--json`) or as a readable report with a chart of the loss.

use std::io::{self, Write};
use std::process::ExitCode;

use anyhow::{anyhow, bail};
use clap::Args as ClapArgs;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;
use serde_json::{json, Value};

use super::lab_inspect::Probe;
use super::FunctionArgs;
use crate::activation;
use crate::format::compact;
use crate::func::Func;
use crate::lab::narrate::{Narration, Narrator};
use crate::lab::{self, thin_history, Health, Lab, LabConfig, Scenario, StepOutcome};
use crate::tui::widgets::buffer_to_text;
use crate::tui::widgets::chart::{fit_y, ChartLook, FunctionChart, Plot, Role, Series};

/// Steps when neither --steps nor a scenario says.
const DEFAULT_STEPS: u64 = 500;
/// More steps than this is a typo (a million steps of a small net take a minute).
const MAX_STEPS: u64 = 1_000_000;
/// The exit status of a run that diverged.
const DIVERGED: u8 = 3;
const CHART_WIDTH: u16 = 72;
const CHART_HEIGHT: u16 = 12;

#[derive(Debug, ClapArgs)]
#[command(after_help = after_help())]
pub struct Args {
    /// The hidden layers' activation: a catalog name or alias [default: tanh].
    #[arg(long, value_name = "NAME")]
    pub activation: Option<String>,

    /// A formula in x as the activation instead, e.g. --expr "x*tanh(ln(1+exp(x)))".
    #[arg(
        long = "expr",
        value_name = "F",
        allow_hyphen_values = true,
        conflicts_with_all = ["activation", "params"]
    )]
    pub expr: Option<String>,

    /// Set a parameter of the activation, e.g. --param alpha=0.1 (repeatable).
    #[arg(long = "param", value_name = "KEY=VALUE")]
    pub params: Vec<String>,

    /// Start from a preset: relu-large-lr, deep-sigmoid, tanh-large-init,
    /// selu-lecun, softmax-vs-sigmoid, relu-vs-tanh-sine, identity-sine or
    /// relu-large-lr-digits; other flags override its settings.
    #[arg(long, value_name = "NAME")]
    pub scenario: Option<String>,

    /// The data [default: circle]. Two classes in the plane: circle, xor, gauss,
    /// spiral, moons; more classes in the plane: spiral3 (3 arms), blobs4 (4
    /// clusters); regression on [-1, 1]: sine, abs, step, square; images: digits
    /// (1797 8x8 handwritten digits, 10 classes; UCI, CC BY 4.0).
    #[arg(long, value_name = "D")]
    pub dataset: Option<String>,

    /// The output head [default: the dataset's: sigmoid for two classes, softmax for
    /// more, linear for regression]. sigmoid: one sigma output and binary
    /// cross-entropy (one per class on a multi-class set); softmax: K class
    /// probabilities and cross-entropy; linear: the output itself and mean squared
    /// error.
    #[arg(long, value_name = "H")]
    pub output: Option<String>,

    /// Points in all, 80% for training and 20% for testing [default: 500; not for
    /// digits].
    #[arg(long, value_name = "N")]
    pub points: Option<usize>,

    /// Standard deviation of the noise added to each coordinate [default: 0.05].
    #[arg(long, allow_negative_numbers = true, value_name = "S")]
    pub noise: Option<f64>,

    /// Hidden layer widths, input side first [default: 8,8].
    #[arg(long, value_name = "W,W,...")]
    pub hidden: Option<String>,

    /// Weight initialisation: xavier, he or lecun [default: xavier].
    #[arg(long, value_name = "I")]
    pub init: Option<String>,

    /// Multiply the init's standard deviation by G [default: 1].
    #[arg(long, allow_negative_numbers = true, value_name = "G")]
    pub init_gain: Option<f64>,

    /// Learning rate [default: 0.3].
    #[arg(long, allow_negative_numbers = true, value_name = "R")]
    pub lr: Option<f64>,

    /// Points per step; 0 = the whole training set [default: 0].
    #[arg(long, value_name = "B")]
    pub batch: Option<usize>,

    /// Gradient-descent steps [default: 500, or the scenario's].
    #[arg(long, value_name = "N")]
    pub steps: Option<u64>,

    /// Seed for the data, the weights and the batch order [default: 1].
    #[arg(long, value_name = "S")]
    pub seed: Option<u64>,

    /// Report every K steps (and at step 0 and the last) [default: a tenth of --steps].
    #[arg(long, value_name = "K")]
    pub every: Option<u64>,

    /// One JSON object per report line instead of the text report.
    #[arg(long)]
    pub json: bool,

    /// Inspect hidden unit LAYER:UNIT (layers counted from 1, units from 0): its
    /// weights, bias, f' shares, error signal and gradients over the training set,
    /// as "inspect" in every JSON line, or at the end of the text report.
    #[arg(long, value_name = "LAYER:UNIT")]
    pub inspect: Option<String>,

    /// Trace training point P (from 0) at the last step: z and f(z) at every layer,
    /// the output, δ at every layer, and the backward path of weights and f'(z) down
    /// to the inspected unit (default 1:0), as "trace" in the last JSON line.
    #[arg(long, value_name = "P")]
    pub trace: Option<String>,
}

/// Exit codes, what each health figure is, and where the defaults come from.
fn after_help() -> String {
    format!(
        "Exit status: 0 when training ran to the end; 3 when it diverged (the loss or a \
weight stopped being finite: the last report says so, with \"diverged\":true and null \
numbers in JSON); 1 on bad input; 2 on a usage error.

Health is measured on the whole training set, per hidden layer:
  dead       units with f'(z) = 0 on every point.
  saturated  units not dead with |f'(z)| < 0.1 x the activation's peak |f'| on at \
least 90% of the points, counted only for activations whose slope fades toward 0 on \
a side (sigmoid, tanh, softsign, softplus, ELU, SELU, GELU, SiLU, mish, ...). ReLU's \
and the hard variants' flat sides are exactly 0 and leaky ReLU's slope stays alpha, \
so their units are never counted saturated: read their dead count instead.
  blocked    units not dead that get no error signal: the gradient of their weights \
and bias is exactly 0, because a layer above is entirely dead.
  mean, std  mean and standard deviation of the layer's outputs f(z) (after the \
activation), over all points and units.
  grad_norm  Frobenius norm of the gradient of the loss with respect to the weight \
matrix W feeding the layer (biases not included); the text report calls it \
\"grad norm\".
  delta_rms  the error signal back-propagation brings to the layer: the root mean \
square, over the training points and the layer's units, of each point's dl/dz (its \
delta). It shrinks by f'(z) x w per layer on the way down; grad_norm is delta times \
the layer's input averaged over the points, so on a plateau where the output's error \
averages out grad_norm is small everywhere while delta_rms still falls toward the \
input. The text report calls it \"delta rms\"; the app's gradient bars show it.

Narration: a line when something happens (units die or come back, a whole layer is \
dead, layer 1's gradient falls to a new power of ten below 1e-3 of the largest other \
layer's, the loss stops falling with a dead layer, a quarter of a layer saturates), \
each computed from the numbers after every step and told once, when its condition \
becomes true: \"▸ step N: …\" lines in the text report, a \"narration\" list in the \
next JSON line.

--inspect LAYER:UNIT adds to every JSON line \"inspect\": {{layer, unit, weights, \
bias, flat_share (f'(z) ≈ 0), saturated_share (|f'(z)| < 0.1 x peak), mean_delta (the \
error signal reaching the unit, before f'), bias_grad, weight_grad, mean_delta_slope, \
state, z_histogram, last_update, moved}}; --trace P adds \"trace\" to the last line: \
forward (z, f, slope per layer; the last layer is the output's logits), output, \
backward (delta per layer, output first), and the path from the output down to the \
inspected unit through the unit above with the largest w·delta: weight, slope \
(f'(z)), delta and factor per layer, their product, and the point's gradients.

Defaults: {}. {}",
        LabConfig::default().summary(),
        lab::STARTING_SETTINGS
    )
}

pub fn run(
    args: &Args,
    dots: bool,
    colored: bool,
    out: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    let scenario = find_scenario(args.scenario.as_deref())?;
    let config = build_config(args, scenario)?;
    let steps = args
        .steps
        .or(scenario.map(|s| s.steps))
        .unwrap_or(DEFAULT_STEPS);
    if steps > MAX_STEPS {
        bail!("--steps must be at most {MAX_STEPS}, got {steps}");
    }
    let every = args.every.unwrap_or((steps / 10).max(1));
    if every == 0 {
        bail!("--every must be at least 1");
    }
    let mut lab = Lab::new(config)?;
    let probe = Probe::new(args.inspect.as_deref(), args.trace.as_deref(), &lab)?;
    let look = ChartLook {
        color: colored,
        braille: !dots,
    };
    let result = if args.json {
        train_json(&mut lab, steps, every, &probe, out)
    } else {
        train_text(&mut lab, scenario, steps, every, look, &probe, out)
    };
    match result {
        Ok(diverged) => Ok(exit_code(diverged)),
        // `acttutor lab --json | head -3` closes the pipe early: stop quietly.
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        Err(err) => Err(err.into()),
    }
}

fn exit_code(diverged: bool) -> ExitCode {
    if diverged {
        ExitCode::from(DIVERGED)
    } else {
        ExitCode::SUCCESS
    }
}

fn find_scenario(name: Option<&str>) -> anyhow::Result<Option<&'static Scenario>> {
    let Some(name) = name else { return Ok(None) };
    lab::scenario(name).map(Some).ok_or_else(|| {
        let keys: Vec<&str> = lab::SCENARIOS
            .iter()
            .chain(&lab::HEAD_SCENARIOS)
            .map(|s| s.key)
            .collect();
        anyhow!(
            "unknown scenario '{name}'; choose one of {}",
            keys.join(", ")
        )
    })
}

/// The scenario's config (or the defaults) with every given flag applied.
fn build_config(args: &Args, scenario: Option<&Scenario>) -> anyhow::Result<LabConfig> {
    let mut config = scenario.map(Scenario::config).unwrap_or_default();
    config.activation = activation_from(args, &config.activation)?;
    if let Some(name) = &args.dataset {
        config.dataset = name.parse().map_err(|e: String| anyhow!(e))?;
    }
    if let Some(name) = &args.output {
        config.output = Some(name.parse().map_err(|e: String| anyhow!(e))?);
    }
    if config.dataset.is_fixed() {
        let fixed = |flag: &str| {
            anyhow!(
                "{flag} does not apply to {}: it always has its {} images (choose a \
                 generated dataset for {flag}: {})",
                config.dataset,
                lab::data::DIGIT_COUNT,
                generated_datasets()
            )
        };
        if args.points.is_some() {
            return Err(fixed("--points"));
        }
        if args.noise.is_some() {
            return Err(fixed("--noise"));
        }
    }
    if let Some(hidden) = &args.hidden {
        config.hidden = parse_widths(hidden)?;
    }
    if let Some(init) = &args.init {
        config.init = init.parse().map_err(|e: String| anyhow!(e))?;
    }
    config.points = args.points.unwrap_or(config.points);
    config.noise = args.noise.unwrap_or(config.noise);
    config.init_gain = args.init_gain.unwrap_or(config.init_gain);
    config.lr = args.lr.unwrap_or(config.lr);
    config.batch = args.batch.unwrap_or(config.batch);
    config.seed = args.seed.unwrap_or(config.seed);
    config.validate()?;
    Ok(config)
}

/// The datasets whose points are generated (all but digits).
fn generated_datasets() -> String {
    let names: Vec<&str> = lab::DatasetKind::ALL
        .iter()
        .filter(|k| !k.is_fixed())
        .map(|k| k.name())
        .collect();
    names.join(", ")
}

/// --expr F, --activation NAME with its --params, or the preset's activation with
/// --params applied to it.
fn activation_from(args: &Args, preset: &Func) -> anyhow::Result<Func> {
    if let Some(text) = &args.expr {
        let formula = FunctionArgs {
            name: None,
            params: Vec::new(),
            expr: Some(text.clone()),
        };
        return formula.resolve();
    }
    let entry = match (&args.activation, preset.catalog()) {
        (Some(name), _) => activation::lookup(name)?,
        (None, _) if args.params.is_empty() => return Ok(preset.clone()),
        (None, Some(configured)) => configured.act,
        (None, None) => {
            bail!("--param applies to a catalog activation; name one with --activation")
        }
    };
    Ok(Func::Catalog(activation::configure(entry, &args.params)?))
}

/// "16,16,8" → [16, 16, 8].
fn parse_widths(text: &str) -> anyhow::Result<Vec<usize>> {
    text.split(',')
        .map(str::trim)
        .map(|w| {
            w.parse::<usize>()
                .map_err(|_| anyhow!("--hidden: '{w}' is not a layer width"))
        })
        .collect()
}

/// Whether a report is due after `step` of `steps`.
fn due(step: u64, steps: u64, every: u64) -> bool {
    // checked_rem: reads the same under every MSRV clippy may check against.
    step.checked_rem(every) == Some(0) || step == steps
}

/// Train, printing one JSON line per report; on digits the last line also has
/// the test split's confusion matrix. Returns whether the run diverged.
fn train_json(
    lab: &mut Lab,
    steps: u64,
    every: u64,
    probe: &Probe,
    out: &mut impl Write,
) -> io::Result<bool> {
    train(lab, steps, every, |lab, health, last, told| {
        let mut report = json_report(health, lab.output_kind(), lab.classes());
        probe.add_json(&mut report, lab, last, told);
        if last && lab.config().dataset == lab::DatasetKind::Digits {
            report["confusion"] = json!(lab.confusion_matrix());
        }
        writeln!(out, "{report}")?;
        out.flush()
    })
}

/// Step to `steps`, calling `report` with the health at step 0, every `every`
/// steps, at the end, and once more at divergence (then it stops); `last` is true
/// for the final report. Between reports the narrator measures the training set
/// after every step (narrations are told when they happen, not only at reports);
/// `report` gets those since the previous report.
fn train(
    lab: &mut Lab,
    steps: u64,
    every: u64,
    mut report: impl FnMut(&mut Lab, &Health, bool, &[Narration]) -> io::Result<()>,
) -> io::Result<bool> {
    let mut narrator = Narrator::new();
    let health = lab.health();
    let mut told = narrator.observe(lab, &health);
    report(lab, &health, steps == 0, &told)?;
    told.clear();
    for step in 1..=steps {
        let diverged = lab.step() == StepOutcome::Diverged;
        if diverged || due(step, steps, every) {
            let health = lab.health();
            told.extend(narrator.observe(lab, &health));
            report(lab, &health, diverged || step == steps, &told)?;
            told.clear();
            if diverged {
                return Ok(true);
            }
        } else {
            told.extend(narrator.observe_lab(lab));
        }
    }
    Ok(false)
}

/// `{"step":0,"output":"sigmoid","classes":2,"loss":…,"test_loss":…,"accuracy":…,
/// "test_accuracy":…,"layers":[…]}`, plus `"diverged":true` once it has;
/// non-finite numbers are null, and so are the losses and accuracies of a diverged
/// run. Regression (`classes` = `None`) has no accuracy: null.
pub fn json_report(health: &Health, output: lab::Head, classes: Option<usize>) -> Value {
    let layers: Vec<Value> = health
        .layers
        .iter()
        .map(|layer| {
            json!({
                "width": layer.width,
                "dead": layer.dead,
                "saturated": layer.saturated,
                "blocked": layer.blocked,
                "mean": number(layer.mean),
                "std": number(layer.std),
                "grad_norm": number(layer.grad_norm),
                "delta_rms": number(layer.delta_rms),
            })
        })
        .collect();
    // A diverged network's accuracy is meaningless: null, like its loss.
    let score = |value: f64| {
        if health.diverged {
            Value::Null
        } else {
            number(value)
        }
    };
    let accuracy = |value: f64| match classes {
        Some(_) => score(value),
        None => Value::Null,
    };
    let mut report = json!({
        "step": health.step,
        "output": output.name(),
        "classes": classes,
        "loss": score(health.loss),
        "test_loss": score(health.test_loss),
        "accuracy": accuracy(health.accuracy),
        "test_accuracy": accuracy(health.test_accuracy),
        "layers": layers,
    });
    if health.diverged {
        report["diverged"] = Value::Bool(true);
    }
    report
}

pub(super) fn number(value: f64) -> Value {
    if value.is_finite() {
        json!(value)
    } else {
        Value::Null
    }
}

/// Train, printing the settings, a table per report and a chart of the loss.
fn train_text(
    lab: &mut Lab,
    scenario: Option<&Scenario>,
    steps: u64,
    every: u64,
    look: ChartLook,
    probe: &Probe,
    out: &mut impl Write,
) -> io::Result<bool> {
    write_settings(lab, scenario, out)?;
    let regression = !lab.output_kind().classifies();
    let diverged = train(lab, steps, every, |_, health, _, told| {
        for line in told {
            writeln!(out, "▸ {line}")?;
        }
        write_table(health, regression, out)
    })?;
    probe.write_text(lab, out)?;
    if diverged {
        writeln!(
            out,
            "Diverged at step {}: the loss or a weight is no longer finite. \
             Try a smaller learning rate.",
            lab.step_count()
        )?;
    }
    write_chart(lab.loss_history(), look, out)?;
    Ok(diverged)
}

fn write_settings(lab: &Lab, scenario: Option<&Scenario>, out: &mut impl Write) -> io::Result<()> {
    if let Some(s) = scenario {
        writeln!(out, "Scenario: {} — {}", s.name, s.description)?;
    }
    let summary = lab.config().summary();
    writeln!(out, "Network: {}", crate::sanitize::clean_line(&summary))?;
    let profile = lab.slope_profile();
    let saturated = if profile.saturates {
        format!(
            "saturated = |f'| < 0.1 × peak |f'| ({}) on ≥ 90% of them",
            compact(profile.peak, 4)
        )
    } else {
        format!(
            "saturated: never for {} (its slope does not fade toward 0)",
            lab.config().activation.label()
        )
    };
    writeln!(
        out,
        "Data: {} training points, {} test points.\nHealth on the training set: dead = \
         f' = 0 on every point; {saturated}; blocked = not dead but no error signal \
         (a layer above is all dead); mean f and std f of the layer's outputs f(z); \
         grad norm = ‖∂loss/∂W‖ of the weights feeding the layer; delta rms = the error \
         signal ∂ℓ/∂z reaching the layer, per point (root mean square).",
        lab.data().train.len(),
        lab.data().test.len(),
    )
}

fn write_table(health: &Health, regression: bool, out: &mut impl Write) -> io::Result<()> {
    if regression {
        writeln!(
            out,
            "\nstep {}: loss (MSE) {}, test loss {}",
            health.step,
            compact(health.loss, 4),
            compact(health.test_loss, 4)
        )?;
    } else {
        writeln!(
            out,
            "\nstep {}: loss {}, accuracy {}, test accuracy {}",
            health.step,
            compact(health.loss, 4),
            compact(health.accuracy, 3),
            compact(health.test_accuracy, 3)
        )?;
    }
    writeln!(
        out,
        "  {:>5} {:>5} {:>5} {:>9} {:>7} {:>9} {:>9} {:>10} {:>10}",
        "layer",
        "width",
        "dead",
        "saturated",
        "blocked",
        "mean f",
        "std f",
        "grad norm",
        "delta rms"
    )?;
    for (i, layer) in health.layers.iter().enumerate() {
        writeln!(
            out,
            "  {:>5} {:>5} {:>5} {:>9} {:>7} {:>9} {:>9} {:>10} {:>10}",
            i + 1,
            layer.width,
            layer.dead,
            layer.saturated,
            layer.blocked,
            compact(layer.mean, 3),
            compact(layer.std, 3),
            compact(layer.grad_norm, 3),
            compact(layer.delta_rms, 3)
        )?;
    }
    Ok(())
}

/// The loss per step as a braille chart (nothing when there are no steps).
fn write_chart(history: &[f64], look: ChartLook, out: &mut impl Write) -> io::Result<()> {
    let points = thin_history(history, 2 * CHART_WIDTH as usize);
    if points.len() < 2 {
        return Ok(());
    }
    let series = vec![Series {
        // No legend: it would hide the start of the curve, top left.
        label: String::new(),
        role: Role::Value,
        points,
    }];
    let plot = Plot {
        x_range: (0.0, history.len().saturating_sub(1).max(1) as f64),
        y_range: fit_y(&series),
        series,
    };
    let area = Rect::new(0, 0, CHART_WIDTH, CHART_HEIGHT);
    let mut buf = Buffer::empty(area);
    FunctionChart::new(&plot, look).render(area, &mut buf);
    writeln!(out, "\nTraining loss by step:")?;
    out.write_all(buffer_to_text(&buf, look.color).as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_parse_and_explain() {
        assert_eq!(parse_widths("16, 8,4").unwrap(), vec![16, 8, 4]);
        let err = parse_widths("8,x").unwrap_err().to_string();
        assert_eq!(err, "--hidden: 'x' is not a layer width");
    }

    #[test]
    fn reports_fall_on_multiples_and_the_end() {
        let due: Vec<u64> = (1..=25).filter(|&s| due(s, 25, 10)).collect();
        assert_eq!(due, vec![10, 20, 25]);
    }
}
