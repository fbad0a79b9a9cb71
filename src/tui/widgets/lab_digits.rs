//! The lab's digits panel: a strip of test images drawn in half-blocks (8×8
//! pixels → 8 columns × 4 rows, ▀ top pixel, ▄ bottom, █ both) with their true
//! and predicted labels (✗ on a wrong one, ▸ on the selected one), the 10×10
//! confusion matrix of the test split with each class's accuracy, and the
//! selected image's class probabilities as bars. Everything drawn was measured
//! once per step (`lab_net::DigitsView`); drawing reads it only.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::lab_net::{share_bar, DigitImage, DigitsView, Side};
use super::lab_plots::percent;
use crate::lab::data::DIGIT_SIDE;
use crate::tui::theme::Theme;

/// A pixel counts as ink from this intensity on (pixels are in [0, 1]).
const INK: f64 = 0.35;
/// Columns an image takes in the strip: its 8 pixels and a gap.
const IMAGE_STEP: usize = DIGIT_SIDE + 2;
/// Rows of the strip: the image's 4 half-block rows and the label row.
const STRIP_ROWS: u16 = (DIGIT_SIDE / 2) as u16 + 1;
/// Matrix cells are this wide ("36 ").
const CELL: usize = 3;

/// The half-block for a top and a bottom pixel.
pub fn half_block(top: f64, bottom: f64) -> char {
    match (top >= INK, bottom >= INK) {
        (true, true) => '█',
        (true, false) => '▀',
        (false, true) => '▄',
        (false, false) => ' ',
    }
}

/// "3→3", or "3→8✗" for a wrong prediction.
pub fn verdict(image: &DigitImage) -> String {
    let mark = if image.label == image.predicted {
        ""
    } else {
        "✗"
    };
    format!("{}→{}{mark}", image.label, image.predicted)
}

/// ".93", "1.00", "0" dropped before the point to save a column.
fn two_places(p: f64) -> String {
    let text = format!("{p:.2}");
    text.strip_prefix('0').map_or(text.clone(), str::to_string)
}

pub struct DigitsPanel<'a> {
    pub side: &'a Side<'a>,
    pub theme: Theme,
}

impl DigitsPanel<'_> {
    fn style(&self, color: Color) -> Style {
        if self.theme.color {
            Style::default().fg(color)
        } else {
            Style::default()
        }
    }

    /// As many images as fit, a window that holds the selected one.
    fn draw_strip(&self, view: &DigitsView, area: Rect, buf: &mut Buffer) {
        let fit = (usize::from(area.width) / IMAGE_STEP).max(1);
        let first = (view.selected + 1).saturating_sub(fit);
        for (slot, image) in view.images.iter().skip(first).take(fit).enumerate() {
            let x = area.x + (slot * IMAGE_STEP) as u16 + 1;
            let selected = first + slot == view.selected;
            let wrong = image.label != image.predicted;
            let ink = if wrong {
                self.style(Color::Red)
            } else {
                self.style(Color::White)
            };
            for row in 0..DIGIT_SIDE / 2 {
                let line: String = (0..DIGIT_SIDE)
                    .map(|col| {
                        let top = image.pixels[2 * row * DIGIT_SIDE + col];
                        let bottom = image.pixels[(2 * row + 1) * DIGIT_SIDE + col];
                        half_block(top, bottom)
                    })
                    .collect();
                buf.set_string(x, area.y + row as u16, line, ink);
            }
            let label_style = match (selected, wrong) {
                (true, _) => self.theme.key(),
                (false, true) => self.theme.bad(),
                (false, false) => self.theme.dim(),
            };
            let mark = if selected { "▸" } else { " " };
            let label = format!("{mark}{}", verdict(image));
            buf.set_string(x - 1, area.y + STRIP_ROWS - 1, label, label_style);
        }
    }

    /// "t\p 0  1 … 9  acc" and a row per true class; the diagonal in bold.
    fn matrix_lines(&self, view: &DigitsView) -> Vec<Line<'static>> {
        let theme = self.theme;
        let mut header = String::from("t\\p");
        for k in 0..view.confusion.len() {
            header.push_str(&format!("{k:>CELL$}"));
        }
        header.push_str("  acc");
        let mut lines = vec![Line::styled(header, theme.dim())];
        for (t, row) in view.confusion.iter().enumerate() {
            let mut spans = vec![Span::styled(format!("{t:>3}"), theme.dim())];
            for (p, &n) in row.iter().enumerate() {
                let (text, style) = match (n, t == p) {
                    (0, _) => ("·".to_string(), theme.dim()),
                    (n, true) => (
                        n.to_string(),
                        self.style(Color::Green).add_modifier(Modifier::BOLD),
                    ),
                    (n, false) => (n.to_string(), self.style(Color::Red)),
                };
                spans.push(Span::styled(format!("{text:>CELL$}"), style));
            }
            let accuracy = view.class_accuracy.get(t).copied().flatten();
            let accuracy = accuracy.map_or("–".into(), percent);
            spans.push(Span::raw(format!(" {accuracy:>4}")));
            lines.push(Line::from(spans));
        }
        lines
    }

    /// "p(k) #12" (the selected test image), then "0 ▍    .05" per class, ◂ on
    /// the predicted class; the true class's bar in green.
    fn probability_lines(&self, view: &DigitsView, width: usize) -> Vec<Line<'static>> {
        let theme = self.theme;
        let Some(image) = view.images.get(view.selected) else {
            return Vec::new();
        };
        let mut lines = vec![Line::styled(
            format!("p(k) #{}", image.index),
            theme.title(),
        )];
        let bar = width.saturating_sub(8).clamp(1, 20);
        for (k, &p) in view.probabilities.iter().enumerate() {
            let mark = if k == image.predicted { "◂" } else { " " };
            let style = if k == image.label {
                self.style(Color::Green)
            } else {
                self.style(Color::Magenta)
            };
            lines.push(Line::from(vec![
                Span::raw(format!("{k} ")),
                Span::styled(share_bar(p, bar), style),
                Span::raw(format!(" {}{mark}", two_places(p))),
            ]));
        }
        lines
    }
}

impl Widget for DigitsPanel<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let Some(view) = &self.side.snap.digits else {
            return;
        };
        if area.height < STRIP_ROWS + 1 || area.width < IMAGE_STEP as u16 {
            return;
        }
        let title = format!(
            "{}test digits: true→predicted, ✗ wrong, ←/→ select",
            self.side.prefix()
        );
        buf.set_line(
            area.x,
            area.y,
            &Line::styled(title, self.theme.title()),
            area.width,
        );
        let strip = Rect {
            y: area.y + 1,
            height: STRIP_ROWS,
            ..area
        };
        self.draw_strip(view, strip, buf);
        let below = area.y + 1 + STRIP_ROWS + 1;
        let bottom = area.y + area.height;
        let matrix = self.matrix_lines(view);
        let matrix_width = matrix.iter().map(Line::width).max().unwrap_or(0) as u16;
        let probabilities_room = area.width.saturating_sub(matrix_width + 2);
        // The probabilities beside the matrix when there is room, else below it.
        let (px, py, pwidth) = if probabilities_room >= 11 {
            (area.x + matrix_width + 2, below, probabilities_room)
        } else {
            let rows = matrix.len() as u16 + 1;
            (area.x, below + rows, area.width)
        };
        if matrix_width <= area.width {
            for (i, line) in matrix.iter().enumerate() {
                let y = below + i as u16;
                if y < bottom {
                    buf.set_line(area.x, y, line, area.width);
                }
            }
        }
        for (i, line) in self
            .probability_lines(view, pwidth.into())
            .iter()
            .enumerate()
        {
            let y = py + i as u16;
            if y < bottom {
                buf.set_line(px, y, line, pwidth);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_blocks_pair_two_pixel_rows() {
        assert_eq!(half_block(1.0, 1.0), '█');
        assert_eq!(half_block(1.0, 0.0), '▀');
        assert_eq!(half_block(0.0, 0.5), '▄');
        assert_eq!(half_block(0.1, 0.2), ' ');
    }

    #[test]
    fn wrong_predictions_are_marked() {
        let image = |label, predicted| DigitImage {
            index: 0,
            pixels: vec![0.0; 64],
            label,
            predicted,
        };
        assert_eq!(verdict(&image(3, 3)), "3→3");
        assert_eq!(verdict(&image(3, 8)), "3→8✗");
        assert_eq!(share_bar(0.5, 4), "██  ");
        assert_eq!(
            (two_places(0.934), two_places(1.0)),
            (".93".into(), "1.00".into())
        );
        assert_eq!(share_bar(1.0 / 16.0, 2), "▏ ");
    }
}
