//! The lab's network panel: one row per hidden layer (input at the top, output at
//! the bottom), each neuron as a state symbol followed by a bar glyph of its share
//! of points in the flat region, and the layer's gradient norm as a bar on a log
//! scale, so vanishing gradients show as bars shrinking toward the input.
//!
//! Symbols carry the state without colour (NO_COLOR): ● alive, ◐ saturated, ✕ dead.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::lab::{Health, Lab, LayerHealth, NeuronHealth, NeuronState};
use crate::tui::theme::Theme;

/// What the panels show of one run, measured once after it changed (measuring
/// needs the network's buffers, drawing only reads this).
#[derive(Debug, Clone)]
pub struct Snapshot {
    pub health: Health,
    /// σ(network) on the `lab_plots::GRID` over `lab_plots::PLANE`, top row first.
    pub grid: Vec<f64>,
    /// The selected layer's pre-activations, one row of points per neuron.
    pub pre: Vec<f64>,
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
}

/// Decades the gradient bars span, down from the largest norm shown.
pub const DECADES: f64 = 6.0;
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

/// The largest gradient norm on show, rounded up to a power of ten: the bars'
/// right end, so one scale serves every layer (and both sides in A/B mode).
fn scale_top(sides: &[Side]) -> f64 {
    let max = sides
        .iter()
        .flat_map(|s| s.snap.health.grad_norms())
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
    let eighths = (fraction * (width * 8) as f64).round() as usize;
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
    /// Neurons drawn per layer (two cells each).
    neurons: usize,
    bar: usize,
    /// Dead/saturated counts and the output mean/std, when there is room.
    stats: bool,
    counts: bool,
}

const NAME: usize = 7; // "▸L16 A " or " L1    "
const NUMBER: usize = 9; // the space before the bar, " 3.2e-2"
const STATS: usize = 16; // " μ -0.02 σ 0.41"
const COUNTS: usize = 7; // " 2✕ 1◐"

impl Columns {
    fn fit(width: usize, widest: usize) -> Columns {
        let room = width.saturating_sub(NAME + NUMBER);
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
            bar: rest.clamp(1, 24),
            stats,
            counts,
        }
    }
}

pub struct NetworkPanel<'a> {
    pub sides: &'a [Side<'a>],
    /// The layer the histogram shows (marked ▸).
    pub selected: usize,
    pub theme: Theme,
}

impl NetworkPanel<'_> {
    /// Rows to show everything: legend, input, each layer per side, outputs.
    pub fn rows_wanted(depth: usize, sides: usize) -> usize {
        2 + depth * sides + sides
    }

    fn legend(&self) -> Line<'static> {
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
        spans.push(Span::styled("▁▄█ flat", theme.dim()));
        Line::from(spans)
    }

    fn input_row(&self, columns: &Columns, top: f64) -> Line<'static> {
        let exponent = top.log10().round() as i32;
        let scale = format!("‖∇W‖ log 1e{}…1e{exponent}", exponent - DECADES as i32);
        // Ends where the gradient numbers end, moving left over the neurons'
        // columns when the bars are too narrow to hold it.
        let counts = if columns.counts { COUNTS } else { 0 };
        let end = 2 * columns.neurons + counts + NUMBER + columns.bar;
        let lead = end.saturating_sub(scale.chars().count()).max(4);
        Line::from(vec![
            Span::styled(format!("{:<NAME$}", " in"), self.theme.dim()),
            Span::raw(format!("{:<lead$}", "x y")),
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
        spans.extend(neuron_spans(&layer.neurons, c.neurons, self.theme));
        if c.counts {
            spans.push(Span::raw(format!(
                " {:>2}✕{:>2}◐",
                layer.dead, layer.saturated
            )));
        }
        spans.extend(self.bar_spans(layer.grad_norm, c, top));
        if c.stats {
            spans.push(Span::styled(
                format!(" μ {:>5} σ {:<5}", short(layer.mean), short(layer.std)),
                self.theme.dim(),
            ));
        }
        Line::from(spans)
    }

    fn output_row(&self, side: &Side, health: &Health, c: &Columns, top: f64) -> Line<'static> {
        let mut spans = vec![
            self.name("out", side, false),
            Span::raw(format!("{:<w$}", "σ", w = 2 * c.neurons)),
        ];
        if c.counts {
            spans.push(Span::raw(" ".repeat(COUNTS)));
        }
        spans.extend(self.bar_spans(health.output_grad_norm, c, top));
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

    fn lines(&self, columns: &Columns, top: f64) -> (Vec<Line<'static>>, usize) {
        let mut lines = vec![self.legend(), self.input_row(columns, top)];
        let depth = self.sides.first().map_or(0, |s| s.snap.health.layers.len());
        let mut selected_line = 0;
        for index in 0..depth {
            for side in self.sides {
                if let Some(layer) = side.snap.health.layers.get(index) {
                    if index == self.selected && selected_line == 0 {
                        selected_line = lines.len();
                    }
                    lines.push(self.layer_row(side, index, layer, columns, top));
                }
            }
        }
        for side in self.sides {
            lines.push(self.output_row(side, &side.snap.health, columns, top));
        }
        (lines, selected_line)
    }
}

/// "-0.02", "0.41", "1.2e3": four significant characters or so.
fn short(v: f64) -> String {
    crate::format::compact(v, 2)
}

/// The first `shown` neurons as symbol + flat-share glyph; "…" marks the rest.
fn neuron_spans(neurons: &[NeuronHealth], shown: usize, theme: Theme) -> Vec<Span<'static>> {
    let cut = neurons.len() > shown;
    let take = if cut { shown.saturating_sub(1) } else { shown };
    let mut spans: Vec<Span> = neurons
        .iter()
        .take(take)
        .map(|n| {
            let level = LEVELS[(n.flat_share * 8.0).round().clamp(0.0, 8.0) as usize];
            Span::styled(
                format!("{}{level}", symbol(n.state)),
                state_style(n.state, theme),
            )
        })
        .collect();
    let used = 2 * take;
    if cut {
        spans.push(Span::styled("… ", theme.dim()));
    }
    let width = 2 * shown;
    let drawn = if cut { used + 2 } else { used };
    spans.push(Span::raw(" ".repeat(width.saturating_sub(drawn))));
    spans
}

impl Widget for NetworkPanel<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.height == 0 || area.width < 10 {
            return;
        }
        let widest = self
            .sides
            .iter()
            .flat_map(|s| s.snap.health.layers.iter().map(|l| l.width))
            .max()
            .unwrap_or(1);
        let columns = Columns::fit(area.width as usize, widest);
        let top = scale_top(self.sides);
        let (lines, selected) = self.lines(&columns, top);
        let height = area.height as usize;
        // Too many layers to show: keep the legend and scroll the rest so the
        // selected layer stays in view.
        let body: Vec<Line> = if lines.len() > height {
            let window = height.saturating_sub(1);
            let first = (selected.saturating_sub(window / 2)).clamp(1, lines.len() - window);
            std::iter::once(lines[0].clone())
                .chain(lines[first..first + window].iter().cloned())
                .collect()
        } else {
            lines
        };
        for (row, line) in body.iter().enumerate() {
            buf.set_line(area.x, area.y + row as u16, line, area.width);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_bars_shrink_by_decades() {
        assert_eq!(log_bar(1.0, 1.0, 6), "██████");
        assert_eq!(log_bar(1e-3, 1.0, 6), "███   ");
        assert_eq!(log_bar(1e-7, 1.0, 6), "      ");
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
