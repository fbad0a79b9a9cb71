//! The lab's network panel: one row per hidden layer (input at the top, output at
//! the bottom), each neuron as a state symbol followed by a bar glyph of its share
//! of points in the flat region, and the layer's error signal δ (the RMS of each
//! point's ∂ℓ/∂z, what back-propagation carries down) as a bar on a log scale fixed
//! for the run (its right end chosen at step 0), so vanishing gradients show as bars
//! shrinking toward the input however small every figure becomes later.
//!
//! Why δ and not ‖∂loss/∂W‖: on a plateau where the output's error averages out
//! over the points (a deep sigmoid net stuck at p = ½), the weight gradients are
//! small at every layer alike, while δ still falls by a factor f′(z) · w per layer
//! (Glorot & Bengio 2010 make the same distinction). The command line reports both.
//!
//! Symbols carry the state without colour (NO_COLOR): ● alive, ◐ saturated, ✕ dead,
//! ○ blocked (alive, but no error signal reaches it).

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::lab::inspect::{NeuronReport, Trace};
use crate::lab::{Health, Lab, LayerHealth, NeuronHealth, NeuronState};
use crate::tui::theme::Theme;

/// What the panels show of one run, measured once after it changed (measuring
/// needs the network's buffers, drawing only reads this).
#[derive(Debug, Clone)]
pub struct Snapshot {
    pub health: Health,
    /// The predicted class on the `lab_plots::GRID` over `lab_plots::PLANE`, top
    /// row first (sets in the plane; empty otherwise).
    pub regions: Vec<usize>,
    /// The selected layer's pre-activations, one row of points per neuron.
    pub pre: Vec<f64>,
    /// Regression: the fitted curve as (x, network(x)) over [−1, 1].
    pub curve: Vec<(f64, f64)>,
    /// Digits: the test images on show, probabilities and confusion matrix.
    pub digits: Option<DigitsView>,
    /// The inspected unit over the training set (while the neuron panel is open).
    pub neuron: Option<NeuronReport>,
    /// The example stepped through (while the example panel is open).
    pub trace: Option<Trace>,
}

/// What the digits panel shows, computed once per step (drawing needs no network).
#[derive(Debug, Clone, PartialEq)]
pub struct DigitsView {
    /// A few test images around the selected one, in test-split order.
    pub images: Vec<DigitImage>,
    /// The position of the selected image in `images`.
    pub selected: usize,
    /// The selected image's score per class (softmax probabilities, or one
    /// sigmoid per class).
    pub probabilities: Vec<f64>,
    /// `confusion[true][predicted]` over the test split.
    pub confusion: Vec<Vec<usize>>,
    /// Per class, the share of its test images predicted right.
    pub class_accuracy: Vec<Option<f64>>,
}

/// One test image with its true and predicted class.
#[derive(Debug, Clone, PartialEq)]
pub struct DigitImage {
    /// Its index in the test split.
    pub index: usize,
    /// 8×8 pixels in [0, 1], row by row.
    pub pixels: Vec<f64>,
    pub label: usize,
    pub predicted: usize,
}

/// One side of the lab as the widgets see it (the view-model): its tag ("A"/"B"
/// in A/B mode, else ""), the run (settings, data, loss history) and its snapshot.
pub struct Side<'a> {
    pub tag: &'static str,
    pub lab: &'a Lab,
    pub snap: &'a Snapshot,
}

impl Side<'_> {
    pub fn label(&self) -> String {
        self.lab.config().activation.label()
    }

    /// What a panel's title starts with: "A " in A/B mode, "" otherwise.
    pub fn prefix(&self) -> String {
        if self.tag.is_empty() {
            String::new()
        } else {
            format!("{} ", self.tag)
        }
    }
}

/// Decades the error-signal bars span, down from the scale's top: a deep sigmoid
/// net's δ falls by about 0.6 of a decade per layer, so eight layers (the lab's
/// deepest) still end inside the bars.
pub const DECADES: f64 = 8.0;
/// Eighths of a cell, for bars with sub-cell resolution.
const EIGHTHS: [char; 8] = ['▏', '▎', '▍', '▌', '▋', '▊', '▉', '█'];
/// A neuron's flat share as a rising block: nothing flat → blank, all → full.
const LEVELS: [char; 9] = [' ', '▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

pub fn symbol(state: NeuronState) -> char {
    match state {
        NeuronState::Alive => '●',
        NeuronState::Saturated => '◐',
        NeuronState::Dead => '✕',
    }
}

pub fn state_style(state: NeuronState, theme: Theme) -> Style {
    if !theme.color {
        return match state {
            NeuronState::Alive => Style::default(),
            _ => Style::default().add_modifier(Modifier::BOLD),
        };
    }
    Style::default().fg(match state {
        NeuronState::Alive => Color::Green,
        NeuronState::Saturated => Color::Yellow,
        NeuronState::Dead => Color::Red,
    })
}

/// The mark for blocked units: alive, but no error signal reaches them.
pub const BLOCKED: char = '○';

/// A neuron's mark: its state, or ○ when it is not dead but blocked.
fn neuron_symbol(n: &NeuronHealth) -> char {
    if n.blocked && n.state != NeuronState::Dead {
        BLOCKED
    } else {
        symbol(n.state)
    }
}

/// "3.2e-2", "0", "NaN": the same width for every layer.
pub fn norm_label(g: f64) -> String {
    if !g.is_finite() {
        "NaN".into()
    } else if g == 0.0 {
        "0".into()
    } else {
        format!("{g:.1e}")
    }
}

/// The largest error signal of `healths`, rounded up to a power of ten: the
/// bars' right end, so one scale serves every layer (and both sides in A/B mode).
/// The lab takes it at step 0 and keeps it for the run.
pub fn scale_top<'a>(healths: impl IntoIterator<Item = &'a Health>) -> f64 {
    let max = healths
        .into_iter()
        .flat_map(|h| h.delta_rms())
        .filter(|g| g.is_finite() && *g > 0.0)
        .fold(0.0, f64::max);
    if max > 0.0 {
        10f64.powf(max.log10().ceil())
    } else {
        1.0
    }
}

/// A bar of `width` cells for `g` on the log scale ending at `top`.
pub fn log_bar(g: f64, top: f64, width: usize) -> String {
    let fraction = if g.is_finite() && g > 0.0 {
        ((g / top).log10() / DECADES + 1.0).clamp(0.0, 1.0)
    } else {
        0.0
    };
    share_bar(fraction, width)
}

/// A bar of `width` cells filled to `fraction` (0–1), in eighths of a cell.
pub fn share_bar(fraction: f64, width: usize) -> String {
    let eighths = (fraction.clamp(0.0, 1.0) * (width * 8) as f64).round() as usize;
    let mut bar: String = "█".repeat(eighths / 8);
    if !eighths.is_multiple_of(8) {
        bar.push(EIGHTHS[eighths % 8 - 1]);
    }
    let used = bar.chars().count();
    bar.push_str(&" ".repeat(width.saturating_sub(used)));
    bar
}

/// How the columns share the panel's width.
struct Columns {
    /// Neurons drawn per layer (`cell` cells each).
    neurons: usize,
    /// 2: symbol and flat-share glyph; 1 (compact): the symbol only, so a 16-wide
    /// layer keeps its μ/σ at 120 columns.
    cell: usize,
    bar: usize,
    /// Dead/saturated counts and the output mean/std, when there is room.
    stats: bool,
    counts: bool,
}

const NAME: usize = 7; // "▸L16 A " or " L1    "
const NUMBER: usize = 9; // the space before the bar, " 3.2e-2"
const STATS: usize = 18; // " μ -0.035 σ 0.0041"
const COUNTS: usize = 7; // " 2✕ 1◐"

/// The narrowest gradient bar worth a full row.
const MIN_BAR: usize = 8;

impl Columns {
    /// Every neuron, the counts and μ/σ if they fit, with two cells per neuron or
    /// else one; on narrower panels as many neurons as fit, two cells each.
    fn fit(width: usize, widest: usize) -> Columns {
        let room = width.saturating_sub(NAME + NUMBER);
        for cell in [2, 1] {
            let fixed = cell * widest + COUNTS + STATS;
            if fixed + MIN_BAR <= room {
                return Columns {
                    neurons: widest,
                    cell,
                    bar: (room - fixed).min(24),
                    stats: true,
                    counts: true,
                };
            }
        }
        let neurons = widest.min(room.saturating_sub(6) / 2).max(1);
        let mut rest = room.saturating_sub(2 * neurons);
        let counts = rest >= COUNTS + 10;
        if counts {
            rest -= COUNTS;
        }
        let stats = rest >= STATS + 10;
        if stats {
            rest -= STATS;
        }
        Columns {
            neurons,
            cell: 2,
            bar: rest.clamp(1, 24),
            stats,
            counts,
        }
    }
}

/// What a line of the network panel shows.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Row {
    /// A hidden layer (0-based) of side `side`, `width` units wide.
    Layer {
        side: usize,
        layer: usize,
        width: usize,
    },
    /// The legend, the input row or an output row.
    Other,
}

pub struct NetworkPanel<'a> {
    pub sides: &'a [Side<'a>],
    /// The layer the histogram shows (marked ▸).
    pub selected: usize,
    /// The inspected unit of the selected layer, drawn in reverse video.
    pub unit: Option<usize>,
    /// The gradient bars' right end, fixed for the run (`scale_top` at step 0).
    pub top: f64,
    pub theme: Theme,
}

impl NetworkPanel<'_> {
    /// Rows to show everything: legend, input, each layer per side, outputs.
    pub fn rows_wanted(depth: usize, sides: usize) -> usize {
        2 + depth * sides + sides
    }

    fn legend(&self, columns: &Columns) -> Line<'static> {
        let theme = self.theme;
        let mut spans = Vec::new();
        for state in [
            NeuronState::Alive,
            NeuronState::Saturated,
            NeuronState::Dead,
        ] {
            spans.push(Span::styled(
                format!("{} ", symbol(state)),
                state_style(state, theme),
            ));
            spans.push(Span::raw(format!("{}  ", state.label())));
        }
        // Explained in `?` always; named here when it is on screen.
        let blocked = self.sides.iter().any(|s| {
            let layers = &s.snap.health.layers;
            layers.iter().any(|l| l.blocked > 0)
        });
        if blocked {
            spans.push(Span::styled(format!("{BLOCKED} "), theme.warn()));
            spans.push(Span::raw("blocked  "));
        }
        if columns.cell == 2 {
            spans.push(Span::styled("▁▄█ flat", theme.dim()));
        }
        Line::from(spans)
    }

    fn input_row(&self, columns: &Columns, top: f64) -> Line<'static> {
        let exponent = top.log10().round() as i32;
        let scale = format!(
            "δ rms log 1e{}…1e{exponent}, fixed",
            exponent - DECADES as i32
        );
        // Ends where the gradient numbers end, moving left over the neurons'
        // columns when the bars are too narrow to hold it.
        let counts = if columns.counts { COUNTS } else { 0 };
        let end = columns.cell * columns.neurons + counts + NUMBER + columns.bar;
        let inputs = match self.sides.first().map(|s| s.lab.config().dataset.inputs()) {
            Some(2) | None => "x y".to_string(),
            Some(1) => "x".to_string(),
            Some(n) => format!("{n} px"),
        };
        let lead = end
            .saturating_sub(scale.chars().count())
            .max(inputs.len() + 1);
        Line::from(vec![
            Span::styled(format!("{:<NAME$}", " in"), self.theme.dim()),
            Span::raw(format!("{inputs:<lead$}")),
            Span::styled(scale, self.theme.dim()),
        ])
    }

    fn name(&self, text: &str, side: &Side, selected: bool) -> Span<'static> {
        let mark = if selected { '▸' } else { ' ' };
        let style = if selected {
            self.theme.key()
        } else {
            self.theme.dim()
        };
        let name = format!("{text} {}", side.tag);
        Span::styled(format!("{mark}{name:<5} "), style)
    }

    fn layer_row(
        &self,
        side: &Side,
        index: usize,
        layer: &LayerHealth,
        c: &Columns,
        top: f64,
    ) -> Line<'static> {
        let selected = index == self.selected;
        let mut spans = vec![self.name(&format!("L{}", index + 1), side, selected)];
        let inspected = self.unit.filter(|_| selected);
        spans.extend(neuron_spans(&layer.neurons, c, self.theme, inspected));
        if c.counts {
            spans.push(Span::raw(format!(
                " {:>2}✕{:>2}◐",
                layer.dead, layer.saturated
            )));
        }
        spans.extend(self.bar_spans(layer.delta_rms, c, top));
        if c.stats {
            spans.push(Span::styled(
                format!(" μ {:>6} σ {:<6}", short(layer.mean), short(layer.std)),
                self.theme.dim(),
            ));
        }
        Line::from(spans)
    }

    fn output_row(&self, side: &Side, health: &Health, c: &Columns, top: f64) -> Line<'static> {
        let mut spans = vec![
            self.name("out", side, false),
            Span::raw(head_label(side, c.cell * c.neurons)),
        ];
        if c.counts {
            spans.push(Span::raw(" ".repeat(COUNTS)));
        }
        spans.extend(self.bar_spans(health.output_delta_rms, c, top));
        Line::from(spans)
    }

    fn bar_spans(&self, g: f64, c: &Columns, top: f64) -> [Span<'static>; 3] {
        let style = if self.theme.color {
            Style::default().fg(Color::Magenta)
        } else {
            Style::default()
        };
        [
            Span::raw(" "),
            Span::styled(log_bar(g, top, c.bar), style),
            Span::raw(format!(" {:>7}", norm_label(g))),
        ]
    }

    /// Every line of the panel with what it shows, and the selected layer's first
    /// line.
    fn lines(&self, columns: &Columns, top: f64) -> (Vec<(Line<'static>, Row)>, usize) {
        let mut lines = vec![
            (self.legend(columns), Row::Other),
            (self.input_row(columns, top), Row::Other),
        ];
        let depth = self.sides.first().map_or(0, |s| s.snap.health.layers.len());
        let mut selected_line = 0;
        for index in 0..depth {
            for (s, side) in self.sides.iter().enumerate() {
                if let Some(layer) = side.snap.health.layers.get(index) {
                    if index == self.selected && selected_line == 0 {
                        selected_line = lines.len();
                    }
                    let line = self.layer_row(side, index, layer, columns, top);
                    let row = Row::Layer {
                        side: s,
                        layer: index,
                        width: layer.width,
                    };
                    lines.push((line, row));
                }
            }
        }
        for side in self.sides {
            let line = self.output_row(side, &side.snap.health, columns, top);
            lines.push((line, Row::Other));
        }
        (lines, selected_line)
    }

    fn columns(&self, area: Rect) -> Columns {
        let widest = self
            .sides
            .iter()
            .flat_map(|s| s.snap.health.layers.iter().map(|l| l.width))
            .max()
            .unwrap_or(1);
        Columns::fit(area.width as usize, widest)
    }

    /// The indices of the lines shown in `height` rows: all of them, or when there
    /// are too many layers the legend and a window that keeps the selected layer
    /// in view.
    fn visible(total: usize, selected: usize, height: usize) -> Vec<usize> {
        if total <= height {
            return (0..total).collect();
        }
        let window = height.saturating_sub(1);
        let first = (selected.saturating_sub(window / 2)).clamp(1, total - window);
        std::iter::once(0).chain(first..first + window).collect()
    }

    /// The neuron drawn at `pos` (a click): its side, layer (0-based) and unit.
    pub fn unit_at(&self, area: Rect, pos: Position) -> Option<(usize, usize, usize)> {
        if !area.contains(pos) || area.width < 10 {
            return None;
        }
        let columns = self.columns(area);
        let (lines, selected) = self.lines(&columns, self.top);
        let shown = Self::visible(lines.len(), selected, area.height as usize);
        let line = *shown.get(usize::from(pos.y - area.y))?;
        let Row::Layer { side, layer, width } = lines[line].1 else {
            return None;
        };
        let x = usize::from(pos.x - area.x).checked_sub(NAME)?;
        let unit = x / columns.cell;
        // A cut row's last cell is "…", not a neuron.
        let drawn = if width > columns.neurons {
            columns.neurons.saturating_sub(1)
        } else {
            width
        };
        (unit < drawn).then_some((side, layer, unit))
    }
}

/// "-0.02", "0.41", "1.2e3": four significant characters or so.
fn short(v: f64) -> String {
    crate::format::compact(v, 2)
}

/// The output head's name on the output row, padded to `width`: σ, softmax (sm
/// when narrow) or linear (id when narrow).
fn head_label(side: &Side, width: usize) -> String {
    let (long, short) = match side.lab.output_kind() {
        crate::lab::Head::Sigmoid => ("σ", "σ"),
        crate::lab::Head::Softmax => ("softmax", "sm"),
        crate::lab::Head::Linear => ("linear", "id"),
    };
    let name = if long.chars().count() <= width {
        long
    } else {
        short
    };
    format!("{name:<width$}")
}

/// The first neurons as symbol + flat-share glyph (symbol only in a compact
/// row); "…" marks the rest.
fn neuron_spans(
    neurons: &[NeuronHealth],
    c: &Columns,
    theme: Theme,
    inspected: Option<usize>,
) -> Vec<Span<'static>> {
    let shown = c.neurons;
    let cut = neurons.len() > shown;
    let take = if cut { shown.saturating_sub(1) } else { shown };
    let mut spans: Vec<Span> = neurons
        .iter()
        .take(take)
        .enumerate()
        .map(|(i, n)| {
            let text = if c.cell == 2 {
                let level = LEVELS[(n.flat_share * 8.0).round().clamp(0.0, 8.0) as usize];
                format!("{}{level}", neuron_symbol(n))
            } else {
                neuron_symbol(n).to_string()
            };
            let style = state_style(n.state, theme);
            if inspected == Some(i) {
                Span::styled(text, style.add_modifier(Modifier::REVERSED))
            } else {
                Span::styled(text, style)
            }
        })
        .collect();
    let used = c.cell * take;
    if cut {
        spans.push(Span::styled(
            format!("{:<w$}", "…", w = c.cell),
            theme.dim(),
        ));
    }
    let width = c.cell * shown;
    let drawn = if cut { used + c.cell } else { used };
    spans.push(Span::raw(" ".repeat(width.saturating_sub(drawn))));
    spans
}

impl Widget for NetworkPanel<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.height == 0 || area.width < 10 {
            return;
        }
        let columns = self.columns(area);
        let (lines, selected) = self.lines(&columns, self.top);
        let shown = Self::visible(lines.len(), selected, area.height as usize);
        for (row, &index) in shown.iter().enumerate() {
            buf.set_line(area.x, area.y + row as u16, &lines[index].0, area.width);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_bars_shrink_by_decades() {
        // 8 decades over 4 cells: two decades a cell.
        assert_eq!(log_bar(1.0, 1.0, 4), "████");
        assert_eq!(log_bar(1e-4, 1.0, 4), "██  ");
        assert_eq!(log_bar(1e-6, 1.0, 4), "█   ");
        assert_eq!(log_bar(1e-9, 1.0, 4), "    ");
        assert_eq!(log_bar(0.0, 1.0, 4), "    ");
        assert_eq!(log_bar(f64::NAN, 1.0, 4), "    ");
        assert_eq!(log_bar(10f64.powf(-0.75), 1.0, 1).chars().count(), 1);
    }

    #[test]
    fn norms_read_the_same_width() {
        assert_eq!(norm_label(0.0321), "3.2e-2");
        assert_eq!(norm_label(0.0), "0");
        assert_eq!(norm_label(f64::INFINITY), "NaN");
    }
}
