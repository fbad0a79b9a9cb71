//! The lab's inspector (issue 16): one hidden unit over the training set, and one
//! training example stepped through the network, forward then backward.
//!
//! The neuron panel shows what decides whether a unit learns: its weights and
//! bias; the histogram of its pre-activation z under f and f′; the share of points
//! where f′(z) ≈ 0 (the flat, dead side) or below a tenth of the peak
//! (saturated); the error signal δ reaching it, δ·f′(z) (its bias gradient) and
//! its weight gradient; its last update and how far it moved since step 0.
//!
//! The example panel follows one point: forward, z and f(z) along the path from
//! the inspected unit up to the output; backward, δ = ∂ℓ/∂z from the output down
//! the same path, each layer's δ the one above times a weight and a slope f′(z),
//! so a learner sees a deep sigmoid's `0.25 · 0.21 · …` shrink the signal, and a
//! dead ReLU's 0 stop it. Every number comes from `lab::inspect`, measured once
//! per step; drawing only reads.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::chart::ChartLook;
use super::fit_line;
use super::lab_net::{state_style, symbol, Side};
use super::lab_plots::Histogram;
use crate::format::compact;
use crate::lab::inspect::{NeuronReport, Trace};
use crate::lab::Head;
use crate::tui::theme::Theme;

/// A number in two significant digits ("-0.072", "3.3e-5").
fn num(v: f64) -> String {
    compact(v, 2)
}

/// "86%".
fn share(v: f64) -> String {
    format!("{:.0}%", 100.0 * v)
}

/// Every value ("0.52 -1.3 0.07") when they fit in `room` columns, else their
/// norm and count ("‖·‖ 1.2 of 8").
fn values_or_norm(values: &[f64], room: usize) -> String {
    let all = values.iter().map(|&v| num(v)).collect::<Vec<_>>().join(" ");
    if all.chars().count() <= room {
        return all;
    }
    let norm = values.iter().map(|v| v * v).sum::<f64>().sqrt();
    format!("‖·‖ {} of {}", num(norm), values.len())
}

/// One hidden unit over the training set.
pub struct NeuronPanel<'a> {
    pub side: &'a Side<'a>,
    pub report: &'a NeuronReport,
    pub theme: Theme,
    pub look: ChartLook,
}

impl NeuronPanel<'_> {
    /// "L1:3 ✕ dead · w 0.52 -1.3 · b 0.11" (`weights` in the title: all of them
    /// when they fit in `width`, else their norm), or without the weights.
    fn title(&self, width: usize, weights: bool) -> Line<'static> {
        let r = self.report;
        let state = r.state();
        let name = format!("{}L{}:{} ", self.side.prefix(), r.layer, r.unit);
        let bias = format!(" · b {}", num(r.bias));
        let used = name.chars().count() + 2 + state.label().len() + 5 + bias.chars().count();
        let w = if weights {
            format!(
                " · w {}",
                values_or_norm(&r.weights, width.saturating_sub(used))
            )
        } else {
            String::new()
        };
        Line::from(vec![
            Span::styled(name, self.theme.title()),
            Span::styled(symbol(state).to_string(), state_style(state, self.theme)),
            Span::styled(format!(" {}", state.label()), self.theme.title()),
            Span::raw(format!("{w}{bias}")),
        ])
    }

    /// The lines above the histogram: the title, and the weights on a line of
    /// their own when they do not fit in it but fit there (and `rows` allow).
    fn head(&self, width: usize, rows: u16) -> Vec<Line<'static>> {
        let with_weights = self.title(width, true);
        let own_line = format!("w {}", values_or_norm(&self.report.weights, usize::MAX));
        let fits_title = with_weights.width() <= width && !with_weights.to_string().contains("‖·‖");
        if fits_title || own_line.chars().count() > width || rows < 11 {
            return vec![with_weights];
        }
        vec![self.title(width, false), Line::raw(own_line)]
    }

    /// The numbers under the histogram, most telling first.
    fn figures(&self, width: usize) -> Vec<Line<'static>> {
        let r = self.report;
        let dim = self.theme.dim();
        let last = match &r.last_update {
            Some(u) => format!("last step moved it {} · ", num(u.norm)),
            None => String::new(),
        };
        vec![
            Line::raw(format!(
                "f′=0 on {} · f′<0.1·peak on {}",
                share(r.flat_share),
                share(r.saturated_share)
            )),
            Line::from(vec![
                Span::raw(format!(
                    "mean δ in {} · mean δ·f′ {}",
                    num(r.mean_delta),
                    num(r.mean_delta_slope)
                )),
                Span::styled(" = ∂L/∂b", dim),
            ]),
            {
                let bias = format!(" · ∂L/∂b {}", num(r.bias_grad));
                let room = width.saturating_sub(6 + bias.chars().count());
                Line::raw(format!(
                    "∂L/∂w {}{bias}",
                    values_or_norm(&r.weight_grad, room)
                ))
            },
            Line::raw(format!("{last}{} in all", num(r.moved))),
        ]
    }
}

impl Widget for NeuronPanel<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.height == 0 || area.width < 12 {
            return;
        }
        let width = usize::from(area.width);
        let head = self.head(width, area.height);
        for (i, line) in head.iter().enumerate().take(usize::from(area.height)) {
            buf.set_line(
                area.x,
                area.y + i as u16,
                &fit_line(line.clone(), width),
                area.width,
            );
        }
        let figures = self.figures(width);
        // The histogram needs 5 rows (title, 2 bars, marker, axis); the figures
        // come first when the panel is short.
        let top = head.len() as u16;
        let rows = area.height.saturating_sub(top);
        let shown = if rows < 5 {
            usize::from(rows).min(figures.len())
        } else {
            usize::from(rows - 5).min(figures.len())
        };
        let first_figure = area.y + area.height - shown as u16;
        for (i, line) in figures.into_iter().take(shown).enumerate() {
            buf.set_line(
                area.x,
                first_figure + i as u16,
                &fit_line(line, width),
                area.width,
            );
        }
        let hist_rows = rows - shown as u16;
        if hist_rows >= 5 {
            let z_title = Line::styled(
                format!("z over {} training points · f · f′", self.report.z.len()),
                self.theme.dim(),
            );
            Histogram {
                side: self.side,
                values: &self.report.z,
                title: fit_line(z_title, width),
                theme: self.theme,
                look: self.look,
            }
            .render(
                Rect {
                    y: area.y + top,
                    height: hist_rows,
                    ..area
                },
                buf,
            );
        }
    }
}

/// One training example stepped through the network: the rows up to `stage`.
pub struct TracePanel<'a> {
    pub side: &'a Side<'a>,
    pub trace: &'a Trace,
    /// How many stages are shown (0 = only the first forward row).
    pub stage: usize,
    pub theme: Theme,
}

/// The stages of a trace: forward along the path, the output, its δ, back down
/// the path, the product of the slopes, and the target's δ as a product.
pub fn stage_count(trace: &Trace) -> usize {
    2 * trace.path.len() + 4
}

impl TracePanel<'_> {
    /// "point 17 (0.52, -0.31) class 1".
    fn header(&self) -> Line<'static> {
        let t = self.trace;
        let at = if t.input.len() <= 3 {
            let coords: Vec<String> = t.input.iter().map(|&v| num(v)).collect();
            format!("({})", coords.join(", "))
        } else {
            format!("({} px)", t.input.len())
        };
        let label = match self.side.lab.output_kind() {
            Head::Linear => format!("y {}", num(t.label)),
            _ => format!("class {}", t.label),
        };
        Line::from(vec![
            Span::styled(
                format!("{}point {} ", self.side.prefix(), t.point),
                self.theme.title(),
            ),
            Span::raw(format!("{at} {label}")),
        ])
    }

    /// Every stage's line, in order.
    fn stages(&self) -> Vec<Line<'static>> {
        let t = self.trace;
        let theme = self.theme;
        let last = t.layers.len();
        let out = t.output_unit;
        let mut lines = Vec::new();
        for step in &t.path {
            let a = t.layers[step.layer - 1].a.get(step.unit).copied();
            lines.push(Line::raw(format!(
                "→ L{}:{} z {} f(z) {}",
                step.layer,
                step.unit,
                num(step.z),
                num(a.unwrap_or(f64::NAN))
            )));
        }
        let z_out = t.layers[last - 1].z.get(out).copied().unwrap_or(f64::NAN);
        let p = t.output.get(out).copied().unwrap_or(f64::NAN);
        let (p_name, delta_rule) = match self.side.lab.output_kind() {
            Head::Linear => ("ŷ", "2(ŷ − y)"),
            Head::Sigmoid => ("p", "p − y"),
            Head::Softmax => ("p", "p − 1[y=k]"),
        };
        lines.push(Line::raw(format!(
            "→ out:{out} z {} {p_name} {} loss {}",
            num(z_out),
            num(p),
            num(t.loss)
        )));
        lines.push(Line::raw(format!(
            "← out:{out} δ = {delta_rule} = {}",
            num(t.output_delta)
        )));
        for step in t.path.iter().rev() {
            // A zero slope stops the signal: the dead ReLU's 0.
            let slope_style = if step.slope == 0.0 {
                theme.bad()
            } else {
                Style::default()
            };
            lines.push(Line::from(vec![
                Span::raw(format!("← L{}:{} f′ ", step.layer, step.unit)),
                Span::styled(num(step.slope), slope_style),
                Span::raw(format!(" · w {} → δ {}", num(step.weight), num(step.delta))),
                Span::styled(format!(" (δ↑ ×{})", num(step.factor)), theme.dim()),
            ]));
        }
        lines.extend(self.product_lines());
        lines
    }

    /// "Π f′ 0.25·0.21·0.24 = 0.013" and "δ L1:0 = -0.5 × Π(δ↑ ×…) = 2.1e-5 = ∂ℓ/∂b".
    fn product_lines(&self) -> [Line<'static>; 2] {
        let t = self.trace;
        let slopes = t.slopes_on_path();
        let product: f64 = slopes.iter().product();
        let factors: Vec<String> = slopes.iter().rev().map(|&s| num(s)).collect();
        let target = format!("L{}:{}", t.target.layer, t.target.unit);
        [
            Line::raw(format!("Π f′ {} = {}", factors.join("·"), num(product))),
            Line::from(vec![
                Span::raw(format!(
                    "δ {target} = {} × Π(δ↑ ×) = {}",
                    num(t.output_delta),
                    num(t.path_product())
                )),
                Span::styled(" = ∂ℓ/∂b", self.theme.dim()),
            ]),
        ]
    }
}

impl Widget for TracePanel<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.height == 0 || area.width < 12 {
            return;
        }
        let width = usize::from(area.width);
        buf.set_line(area.x, area.y, &fit_line(self.header(), width), area.width);
        let stages = self.stages();
        let current = self.stage.min(stages.len() - 1);
        let rows = usize::from(area.height - 1);
        let hint_row = rows >= 3;
        let room = if hint_row { rows - 1 } else { rows };
        // The current stage stays in view: the rows before it scroll away.
        let first = (current + 1).saturating_sub(room);
        for (i, line) in stages[first..=current].iter().enumerate() {
            let mut line = line.clone();
            if first + i == current {
                line = line.patch_style(Style::default().add_modifier(Modifier::BOLD));
            }
            buf.set_line(
                area.x,
                area.y + 1 + i as u16,
                &fit_line(line, width),
                area.width,
            );
        }
        if hint_row {
            let hint = format!(
                "stage {}/{} · . next · , back · {{ }} point",
                current + 1,
                stages.len()
            );
            buf.set_line(
                area.x,
                area.y + area.height - 1,
                &fit_line(Line::styled(hint, self.theme.dim()), width),
                area.width,
            );
        }
    }
}
