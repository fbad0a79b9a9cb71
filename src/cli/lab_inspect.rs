//! `lab --inspect LAYER:UNIT` and `--trace POINT`: the neuron inspector's records
//! and the narrations, as JSON fields of the report lines and as text.

use std::io::{self, Write};

use anyhow::anyhow;
use serde_json::{json, Value};

use super::lab::number;
use crate::format::compact;
use crate::lab::inspect::{self, NeuronReport, Trace, UnitRef};
use crate::lab::narrate::Narration;
use crate::lab::Lab;

/// Bins of the z histogram in the JSON record.
const Z_BINS: usize = 10;

/// What the run was asked to inspect: a hidden unit and a training point.
#[derive(Debug, Clone, Copy, Default)]
pub struct Probe {
    pub unit: Option<UnitRef>,
    pub point: Option<usize>,
}

impl Probe {
    /// The flags' values checked against the lab's network and training set; each
    /// error names the valid range.
    pub fn new(inspect: Option<&str>, trace: Option<&str>, lab: &Lab) -> anyhow::Result<Probe> {
        let unit = match inspect {
            Some(spec) => {
                let unit: UnitRef = spec.parse().map_err(|e| anyhow!("--inspect: {e}"))?;
                unit.check(lab.network())
                    .map_err(|e| anyhow!("--inspect {spec}: {e}"))?;
                Some(unit)
            }
            None => None,
        };
        let point = match trace {
            Some(text) => {
                let len = lab.data().train.len();
                let point: usize = text.trim().parse().map_err(|_| {
                    anyhow!(
                        "--trace wants a training point's index, 0 to {}; got '{text}'",
                        len.saturating_sub(1)
                    )
                })?;
                inspect::check_point(lab, point).map_err(|e| anyhow!("--trace: {e}"))?;
                Some(point)
            }
            None => None,
        };
        Ok(Probe { unit, point })
    }

    /// The unit a trace's path leads to: the inspected one, else unit 0 of layer 1
    /// (the deepest, where vanishing shows most).
    fn path_target(&self) -> UnitRef {
        self.unit.unwrap_or(UnitRef { layer: 1, unit: 0 })
    }

    fn inspect(&self, lab: &Lab) -> Option<NeuronReport> {
        inspect::inspect(lab, self.unit?).ok()
    }

    fn trace(&self, lab: &Lab) -> Option<Trace> {
        inspect::trace(lab, self.point?, self.path_target()).ok()
    }

    /// Add `"inspect"` (every line), `"trace"` (the last line) and `"narration"`
    /// (when there is any) to a JSON report line.
    pub fn add_json(&self, report: &mut Value, lab: &Lab, last: bool, told: &[Narration]) {
        if let Some(record) = self.inspect(lab) {
            report["inspect"] = inspect_json(&record);
        }
        if last {
            if let Some(trace) = self.trace(lab) {
                report["trace"] = trace_json(&trace);
            }
        }
        if !told.is_empty() {
            let lines: Vec<String> = told.iter().map(Narration::to_string).collect();
            report["narration"] = json!(lines);
        }
    }

    /// The unit's record and the point's trace at the end of a text report.
    pub fn write_text(&self, lab: &Lab, out: &mut impl Write) -> io::Result<()> {
        if let Some(record) = self.inspect(lab) {
            write_inspect(&record, lab.step_count(), out)?;
        }
        if let Some(trace) = self.trace(lab) {
            write_trace(&trace, out)?;
        }
        Ok(())
    }
}

fn numbers(values: &[f64]) -> Value {
    Value::Array(values.iter().map(|&v| number(v)).collect())
}

/// The `"inspect"` record (the fields first, then the rest).
pub fn inspect_json(r: &NeuronReport) -> Value {
    let ((lo, hi), counts) = r.z_histogram(Z_BINS);
    let update = match &r.last_update {
        Some(u) => json!({
            "weights": numbers(&u.weights),
            "bias": number(u.bias),
            "norm": number(u.norm),
        }),
        None => Value::Null,
    };
    json!({
        "layer": r.layer,
        "unit": r.unit,
        "weights": numbers(&r.weights),
        "bias": number(r.bias),
        "flat_share": number(r.flat_share),
        "saturated_share": number(r.saturated_share),
        "mean_delta": number(r.mean_delta),
        "bias_grad": number(r.bias_grad),
        "weight_grad": numbers(&r.weight_grad),
        "mean_delta_slope": number(r.mean_delta_slope),
        "state": r.state().label(),
        "z_histogram": {"min": number(lo), "max": number(hi), "counts": counts},
        "last_update": update,
        "moved": number(r.moved),
    })
}

/// The `"trace"` record: forward (z, f(z), f′ per layer; the output layer's z are
/// the logits), the head's output, backward (δ per layer, the output's first), and
/// the dominant path from the target unit up.
pub fn trace_json(t: &Trace) -> Value {
    let last = t.layers.len();
    let forward: Vec<Value> = t
        .layers
        .iter()
        .map(|l| {
            if l.layer == last {
                json!({"layer": l.layer, "z": numbers(&l.z)})
            } else {
                json!({"layer": l.layer, "z": numbers(&l.z), "f": numbers(&l.a),
                       "slope": numbers(&l.slopes)})
            }
        })
        .collect();
    let backward: Vec<Value> = t
        .layers
        .iter()
        .rev()
        .map(|l| json!({"layer": l.layer, "delta": numbers(&l.delta)}))
        .collect();
    let path: Vec<Value> = t
        .path
        .iter()
        .map(|s| {
            json!({
                "layer": s.layer, "unit": s.unit, "z": number(s.z), "slope": number(s.slope),
                "signal": number(s.signal), "delta": number(s.delta),
                "up_unit": s.up_unit, "weight": number(s.weight), "factor": number(s.factor),
            })
        })
        .collect();
    json!({
        "point": t.point,
        "input": numbers(&t.input),
        "label": number(t.label),
        "loss": number(t.loss),
        "forward": forward,
        "output": numbers(&t.output),
        "backward": backward,
        "target": {"layer": t.target.layer, "unit": t.target.unit},
        "output_unit": t.output_unit,
        "output_delta": number(t.output_delta),
        "path": path,
        "product": number(t.path_product()),
        "weight_grad": numbers(&t.weight_grad),
        "bias_grad": number(t.bias_grad),
    })
}

fn list(values: &[f64]) -> String {
    let items: Vec<String> = values.iter().map(|&v| compact(v, 3)).collect();
    items.join(", ")
}

fn percent(share: f64) -> String {
    format!("{}%", compact(100.0 * share, 3))
}

fn write_inspect(r: &NeuronReport, step: u64, out: &mut impl Write) -> io::Result<()> {
    let (lo, hi) = r.z_range();
    writeln!(
        out,
        "\nUnit {}:{} at step {step} ({}), over the training set:",
        r.layer,
        r.unit,
        r.state().label()
    )?;
    writeln!(
        out,
        "  weights [{}], bias {}",
        list(&r.weights),
        compact(r.bias, 3)
    )?;
    writeln!(
        out,
        "  z from {} to {}; f'(z) ≈ 0 on {} of the points, < 0.1 × peak on {}",
        compact(lo, 3),
        compact(hi, 3),
        percent(r.flat_share),
        percent(r.saturated_share)
    )?;
    writeln!(
        out,
        "  mean error signal δ reaching it {}; mean δ·f'(z) {}",
        compact(r.mean_delta, 3),
        compact(r.mean_delta_slope, 3)
    )?;
    writeln!(
        out,
        "  ∂loss/∂b {}, ∂loss/∂w [{}]",
        compact(r.bias_grad, 3),
        list(&r.weight_grad)
    )?;
    match &r.last_update {
        Some(u) => writeln!(
            out,
            "  last update: Δw [{}], Δb {} (size {}); moved {} since step 0",
            list(&u.weights),
            compact(u.bias, 3),
            compact(u.norm, 3),
            compact(r.moved, 3)
        ),
        None => writeln!(out, "  no update yet"),
    }
}

fn write_trace(t: &Trace, out: &mut impl Write) -> io::Result<()> {
    writeln!(
        out,
        "\nTraining point {} (input [{}], label {}), loss {}:",
        t.point,
        list(&t.input),
        compact(t.label, 3),
        compact(t.loss, 3)
    )?;
    for l in &t.layers {
        if l.slopes.is_empty() {
            writeln!(out, "  output: z [{}] → [{}]", list(&l.z), list(&t.output))?;
        } else {
            writeln!(
                out,
                "  L{}: z [{}] → f(z) [{}]",
                l.layer,
                list(&l.z),
                list(&l.a)
            )?;
        }
    }
    writeln!(
        out,
        "  Backward, from output {} (δ {}) down to unit {}, along the largest w·δ:",
        t.output_unit,
        compact(t.output_delta, 3),
        t.target
    )?;
    for s in t.path.iter().rev() {
        writeln!(
            out,
            "    L{} unit {}: w {} to the unit above, f'(z) {}, δ {}",
            s.layer,
            s.unit,
            compact(s.weight, 3),
            compact(s.slope, 3),
            compact(s.delta, 3)
        )?;
    }
    let slopes: Vec<String> = t
        .slopes_on_path()
        .iter()
        .rev()
        .map(|&s| compact(s, 2))
        .collect();
    writeln!(
        out,
        "  f'(z) on the path: {} — δ at unit {} = {}",
        slopes.join(" · "),
        t.target,
        compact(t.path_product(), 3)
    )
}
