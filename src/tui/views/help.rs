//! The `?` overlay: how to quit and close it first, then the keys of the current
//! view, of its text boxes and of everywhere, straight from the key table; in the
//! Lab also what every symbol, bar and number on screen means. It scrolls on short
//! terminals; where it sits is worked out from the terminal's size, not in drawing.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;

use super::quiz::wrap;
use crate::tui::action::{Action, View};
use crate::tui::keys::{help_sections, layer_hints, Scope};
use crate::tui::theme::Theme;

/// What the Lab's screen shows, symbol by symbol (the help's last section there).
const LAB_LEGEND: &[(&str, &str)] = &[
    (
        "●",
        "a neuron that is alive: its slope f′ is not flat for most points",
    ),
    (
        "◐",
        "saturated: |f′(z)| < 10% of f's peak slope for at least 90% of the points",
    ),
    (
        "✕",
        "dead: f′(z) = 0 for every training point, so it no longer learns",
    ),
    (
        "○",
        "blocked: alive, but no error reaches it (a layer above is all dead)",
    ),
    (
        "▁▄█",
        "after each neuron: its share of points in the flat region (|f′| < 10% of peak)",
    ),
    (
        "δ rms",
        "per layer: the error signal ∂ℓ/∂z back-propagation brings to it, per training point (root mean square)",
    ),
    (
        "bars",
        "δ rms on a log scale over 8 decades, its top fixed at step 0 for the run: bars shrinking toward the input = vanishing (the weights' gradient ‖∇W‖ is δ times the layer's input, averaged: `acttutor lab` reports both)",
    ),
    (
        "2✕ 1◐",
        "per layer: how many neurons are dead and saturated",
    ),
    (
        "μ σ",
        "per layer: mean and standard deviation of its outputs over the training points",
    ),
    (
        "histogram",
        "the ▸ layer's pre-activations z; red/▔ marks where f′ is flat; f solid, f′ dotted",
    ),
    (
        "o x ░",
        "the data's classes; ░ ▒ ▓ where the network predicts class 1, 2, 3 (blank: 0)",
    ),
    (
        "fit",
        "1-D sets (sine, abs, step, square): • the data, ⣀ the network's curve",
    ),
    (
        "digits",
        "test images true→predicted (✗ wrong); matrix rows = true class; p(k) #i: image i's class probabilities (◂ predicted)",
    ),
    (
        "loss",
        "training loss per step (A and B in A/B mode); train/test = accuracy",
    ),
    (
        "step ▶ ‖",
        "steps trained, running or paused; a preset pauses at its length",
    ),
    (
        "▸ step N:",
        "the narration: what just happened (units died, the gradient vanished, the loss stalled), told once, when it happens",
    ),
    (
        "neuron (u)",
        "one unit over the training set: weights w, bias b, its z histogram under f and f′, the shares of points with f′ = 0 and f′ < 0.1 × peak, the mean error δ reaching it, mean δ·f′ (= ∂L/∂b), ∂L/∂w, its last update and how far it moved since step 0",
    ),
    (
        "example (x)",
        "one training point (◉ on the data): → z and f(z) along a path to the output, then ← δ = f′ × the error from above (w: the weight from the unit above that sends the most; ×k: δ over that unit's δ); Π f′ multiplies the slopes",
    ),
];

#[derive(Debug, Default)]
pub struct HelpState {
    pub open: bool,
    scroll: usize,
    /// Lines of the help and how many fit, for the current view and size.
    total: usize,
    rows: usize,
}

impl HelpState {
    pub fn open(&mut self) {
        self.open = true;
        self.scroll = 0;
    }

    /// Work out how much fits (on open and on resize); `offers` says which of the
    /// view's keys it offers now.
    pub fn relayout(&mut self, view: View, area: Rect, offers: &dyn Fn(Action) -> bool) {
        let lines = lines(view, Theme { color: false }, room(area), offers);
        self.total = lines.len();
        self.rows = usize::from(popup(area, &lines).height.saturating_sub(2));
        self.scroll = self.scroll.min(self.last());
    }

    fn last(&self) -> usize {
        self.total.saturating_sub(self.rows)
    }

    /// Scroll with the help's keys (and the mouse wheel).
    pub fn scroll_by(&mut self, action: Action) {
        let page = self.rows.max(2) - 1;
        self.scroll = super::scrolled(self.scroll, action, page, self.last());
    }

    pub fn draw(
        &self,
        view: View,
        theme: Theme,
        frame: &mut Frame,
        area: Rect,
        offers: &dyn Fn(Action) -> bool,
    ) {
        let lines = lines(view, theme, room(area), offers);
        let rect = popup(area, &lines);
        let visible = usize::from(rect.height.saturating_sub(2));
        let scroll = self.scroll.min(lines.len().saturating_sub(visible));
        let title = if lines.len() > visible {
            " keys — ↑↓ scroll · Esc or ? closes "
        } else {
            " keys — Esc or ? closes "
        };
        let mut block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.key())
            .title(Line::styled(title, theme.title()));
        if scroll + visible < lines.len() {
            block = block.title_bottom(Line::styled(" more ↓ ", theme.dim()));
        }
        frame.render_widget(Clear, rect);
        let shown: Vec<Line> = lines.into_iter().skip(scroll).collect();
        frame.render_widget(Paragraph::new(shown).block(block), rect);
    }
}

/// The columns inside the overlay's border at most.
fn room(area: Rect) -> usize {
    usize::from(area.width.saturating_sub(2))
}

/// The overlay's place: centred, as wide and tall as its lines allow.
fn popup(area: Rect, lines: &[Line]) -> Rect {
    let width = (lines.iter().map(Line::width).max().unwrap_or(40) as u16 + 2).min(area.width);
    let height = (lines.len() as u16 + 2).min(area.height);
    super::today::centered(area, width, height)
}

/// The help's own keys on the first line (quitting among them), then a section
/// per group of keys, then the Lab's legend there; descriptions wrap to `room`
/// columns.
pub fn lines(
    view: View,
    theme: Theme,
    room: usize,
    offers: &dyn Fn(Action) -> bool,
) -> Vec<Line<'static>> {
    let mut lines = vec![hint_line(&layer_hints(Scope::Help), theme)];
    let sections = help_sections(view, offers);
    let key_width = sections
        .iter()
        .flat_map(|(_, entries)| entries.iter().map(|(k, _, _)| k.chars().count()))
        .max()
        .unwrap_or(0);
    for (heading, entries) in sections {
        lines.push(Line::raw(""));
        lines.push(Line::styled(heading, theme.title()));
        for (keys, help, _) in entries {
            lines.extend(entry(&keys, help, key_width, room, theme));
        }
    }
    if view == View::Lab {
        lines.push(Line::raw(""));
        lines.push(Line::styled("Reading the lab", theme.title()));
        let width = LAB_LEGEND
            .iter()
            .map(|(s, _)| s.chars().count())
            .max()
            .unwrap_or(0);
        for (symbol, meaning) in LAB_LEGEND {
            lines.extend(entry(symbol, meaning, width, room, theme));
        }
    }
    lines
}

/// "q quit · Esc/? close · …" in key and hint styles.
pub fn hint_line(hints: &[(String, &'static str)], theme: Theme) -> Line<'static> {
    let mut spans = vec![Span::raw(" ")];
    for (keys, hint) in hints {
        spans.push(Span::styled(keys.clone(), theme.key()));
        spans.push(Span::styled(format!(" {hint}  "), theme.dim()));
    }
    Line::from(spans)
}

/// " keys  what they do", the description wrapped under itself.
fn entry(
    keys: &str,
    help: &str,
    key_width: usize,
    room: usize,
    theme: Theme,
) -> Vec<Line<'static>> {
    let pad = " ".repeat(key_width.saturating_sub(keys.chars().count()));
    let indent = key_width + 3;
    wrap(help, room.saturating_sub(indent))
        .into_iter()
        .enumerate()
        .map(|(i, text)| {
            let lead = if i == 0 {
                Span::styled(format!(" {keys}{pad}  "), theme.key())
            } else {
                Span::raw(" ".repeat(indent))
            };
            Line::from(vec![lead, Span::raw(text)])
        })
        .collect()
}
