//! Drawing the lab: the status lines, the network with its gradient bars, the
//! histogram, the decision boundary and the loss. Reads the state only.

use super::*;

pub(super) fn draw(state: &LabState, ctx: &Ctx, frame: &mut Frame, area: Rect) {
    // A message wraps onto a second line rather than lose its end.
    let message_rows = state.message.as_ref().map_or(0, |m| {
        let width = usize::from(area.width.max(1));
        m.chars().count().div_ceil(width).min(2) as u16
    });
    let [status, message, _, panels] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(message_rows),
        Constraint::Length(u16::from(area.height >= 24)),
        Constraint::Min(0),
    ])
    .areas(area);
    let width = usize::from(area.width);
    let lines: Vec<Line> = status_lines(state, ctx.theme)
        .into_iter()
        .map(|line| fit_line(line, width))
        .collect();
    frame.render_widget(Paragraph::new(lines), status);
    if let Some(text) = &state.message {
        let style = if state.diverged() {
            ctx.theme.bad()
        } else {
            ctx.theme.warn()
        };
        let paragraph = Paragraph::new(Line::styled(text.clone(), style)).wrap(Wrap { trim: true });
        frame.render_widget(paragraph, message);
    }
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(56), Constraint::Percentage(44)])
            .spacing(1)
            .areas(panels);
    draw_left(state, ctx, frame, left);
    draw_right(state, ctx, frame, right);
}

fn sides(state: &LabState) -> Vec<Side<'_>> {
    let ab = state.is_ab();
    state
        .runs
        .iter()
        .zip(["A", "B"])
        .map(|(run, tag)| Side {
            tag: if ab { tag } else { "" },
            lab: &run.lab,
            snap: &run.snap,
        })
        .collect()
}

/// The network with its gradient bars above the histogram.
fn draw_left(state: &LabState, ctx: &Ctx, frame: &mut Frame, area: Rect) {
    let sides = sides(state);
    let wanted = NetworkPanel::rows_wanted(state.config.hidden.len(), sides.len()) as u16;
    let net_rows = wanted.min(area.height.saturating_sub(7).max(area.height / 2));
    let [net, hist] =
        Layout::vertical([Constraint::Length(net_rows), Constraint::Min(0)]).areas(area);
    let panel = NetworkPanel {
        sides: &sides,
        selected: state.layer,
        top: state.grad_top(),
        theme: ctx.theme,
    };
    frame.render_widget(panel, net);
    split_sides(frame, hist, &sides, |frame, rect, side| {
        frame.render_widget(
            Histogram {
                side,
                layer: state.layer,
                theme: ctx.theme,
                look: ctx.look,
            },
            rect,
        )
    });
}

/// The task's picture (decision regions, the fitted curve, or the digits panel)
/// above the loss curve.
fn draw_right(state: &LabState, ctx: &Ctx, frame: &mut Frame, area: Rect) {
    let sides = sides(state);
    let digits = state.config.dataset == DatasetKind::Digits;
    let share = if digits { 72 } else { 55 };
    let [task, loss] =
        Layout::vertical([Constraint::Percentage(share), Constraint::Min(0)]).areas(area);
    split_sides(frame, task, &sides, |frame, rect, side| {
        let theme = ctx.theme;
        match state.config.dataset.inputs() {
            2 => frame.render_widget(Boundary { side, theme }, rect),
            1 => frame.render_widget(
                FitPlot {
                    side,
                    theme,
                    look: ctx.look,
                },
                rect,
            ),
            _ => frame.render_widget(DigitsPanel { side, theme }, rect),
        }
    });
    frame.render_widget(
        LossChart {
            sides: &sides,
            theme: ctx.theme,
            look: ctx.look,
        },
        loss,
    );
}

/// Draw one panel per side, side by side in A/B mode.
fn split_sides(
    frame: &mut Frame,
    area: Rect,
    sides: &[Side],
    mut draw: impl FnMut(&mut Frame, Rect, &Side),
) {
    let rects = Layout::horizontal(vec![
        Constraint::Ratio(1, sides.len().max(1) as u32);
        sides.len()
    ])
    .spacing(1)
    .split(area);
    for (side, rect) in sides.iter().zip(rects.iter()) {
        draw(frame, *rect, side);
    }
}

/// Settings, then figures and whether it runs.
fn status_lines(state: &LabState, theme: Theme) -> Vec<Line<'static>> {
    let c = &state.config;
    let init = if c.init_gain == 1.0 {
        c.init.to_string()
    } else {
        format!("{} ×{}", c.init, compact(c.init_gain, 3))
    };
    let outputs = c.output_size().unwrap_or(1);
    let shape: Vec<String> = std::iter::once(c.dataset.inputs())
        .chain(c.hidden.iter().copied())
        .chain([outputs])
        .map(|w| w.to_string())
        .collect();
    let activations = match &state.other {
        Some(b) => format!("A {} vs B {}", c.activation.label(), b.label()),
        None => c.activation.label(),
    };
    let settings = Line::from(vec![
        Span::styled(activations, theme.title()),
        Span::styled(
            format!(
                " · {init} · lr {} · {} · {} · seed {} · {}",
                compact(c.lr, 4),
                c.dataset,
                shape.join("-"),
                c.seed,
                state.origin
            ),
            theme.dim(),
        ),
    ]);
    vec![settings, figures_line(state, theme)]
}

/// `line` cut to `width` columns at a word's end, with "…" where it was cut.
pub(super) fn fit_line(line: Line<'static>, width: usize) -> Line<'static> {
    if line.width() <= width {
        return line;
    }
    let room = width.saturating_sub(1);
    let mut spans = Vec::new();
    let mut used = 0;
    for span in line.spans {
        let text = span.content.to_string();
        let len = text.chars().count();
        if used + len <= room {
            used += len;
            spans.push(span);
            continue;
        }
        let head: String = text.chars().take(room - used).collect();
        // Back to the last space, unless the next character starts a word anyway.
        let next = text.chars().nth(room - used);
        let cut = match next {
            Some(' ') => head.trim_end().to_string(),
            _ => match head.rfind(' ') {
                Some(at) => head[..at].trim_end().to_string(),
                None => String::new(),
            },
        };
        spans.push(Span::styled(cut, span.style));
        break;
    }
    // A separator left dangling at the end says nothing.
    if let Some(last) = spans.last_mut() {
        let trimmed = last
            .content
            .trim_end_matches([' ', '·', ':', ',', '+', '-', '('])
            .to_string();
        last.content = trimmed.into();
    }
    spans.push(Span::raw("…"));
    Line::from(spans)
}

/// "step 120 ‖ paused · loss 0.352 train 86% test 84%", per side in A/B mode.
fn figures_line(state: &LabState, theme: Theme) -> Line<'static> {
    let (mark, style) = if state.running {
        ("▶ running", theme.good())
    } else {
        ("‖ paused", theme.dim())
    };
    let mut spans = vec![
        Span::styled(format!("step {} ", state.step_count()), theme.title()),
        Span::styled(mark, style),
    ];
    let sides = sides(state);
    if let [side] = sides.as_slice() {
        let h = &side.snap.health;
        let figures = if side.lab.classes().is_some() {
            format!(
                " · loss {} train {} test {}",
                compact(h.loss, 3),
                percent(h.accuracy),
                percent(h.test_accuracy)
            )
        } else {
            format!(
                " · mse {} test mse {}",
                compact(h.loss, 3),
                compact(h.test_loss, 3)
            )
        };
        spans.push(Span::raw(figures));
    } else if let [a, b] = sides.as_slice() {
        // A/B: grouped by figure, so both sides fit in 80 columns.
        let both = |figure: fn(&Health) -> String| {
            let [a, b] = [a, b].map(|s| figure(&s.snap.health));
            format!("A {a} B {b}")
        };
        let figures = if a.lab.classes().is_some() {
            format!(
                " · loss {} · train {} · test {}",
                both(|h| compact(h.loss, 3)),
                both(|h| percent(h.accuracy)),
                both(|h| percent(h.test_accuracy))
            )
        } else {
            format!(
                " · mse {} · test mse {}",
                both(|h| compact(h.loss, 3)),
                both(|h| compact(h.test_loss, 3))
            )
        };
        spans.push(Span::raw(figures));
    }
    for side in sides.iter().filter(|s| s.lab.diverged()) {
        let tag = if side.tag.is_empty() { "" } else { " " };
        spans.push(Span::styled(
            format!(" ·{tag}{} DIVERGED", side.tag),
            theme.bad(),
        ));
    }
    Line::from(spans)
}
