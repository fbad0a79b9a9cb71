//! Drawing the lab: the status lines, the newest narration, the network with its
//! error-signal bars, the histogram (or the neuron panel), the decision boundary
//! and the loss (or the example stepped through). Reads the state only; a click is
//! read against the same layout (`click_target`).

use super::*;

/// Where each part of the lab goes in `area`: the same for drawing and for
/// reading a click.
struct Regions {
    status: Rect,
    message: Rect,
    narration: Rect,
    /// The network panel, then the histogram or the neuron panel below it.
    net: Rect,
    lower_left: Rect,
    /// The task's picture, then the loss or the example below it.
    task: Rect,
    lower_right: Rect,
}

fn regions(state: &LabState, area: Rect) -> Regions {
    let width = usize::from(area.width.max(1));
    // A message wraps onto a second line rather than lose its end; so does the
    // newest narration when the screen is tall enough.
    let message_rows = state
        .message
        .as_ref()
        .map_or(0, |m| m.chars().count().div_ceil(width).min(2) as u16);
    let narration_rows = match state.narrations.last() {
        Some(text) if area.height >= 30 && text.chars().count() + 2 > width => 2,
        _ => u16::from(area.height >= 12),
    };
    let [status, message, narration, _, panels] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(message_rows),
        Constraint::Length(narration_rows),
        Constraint::Length(u16::from(area.height >= 24)),
        Constraint::Min(0),
    ])
    .areas(area);
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(56), Constraint::Percentage(44)])
            .spacing(1)
            .areas(panels);
    let sides = state.runs.len();
    let wanted = NetworkPanel::rows_wanted(state.config.hidden.len(), sides) as u16;
    let net_rows = wanted.min(left.height.saturating_sub(7).max(left.height / 2));
    let [net, lower_left] =
        Layout::vertical([Constraint::Length(net_rows), Constraint::Min(0)]).areas(left);
    // The same split with the example open: the picture must not move under the
    // mouse that clicked a point in it.
    let digits = state.config.dataset == DatasetKind::Digits;
    let share = if digits { 72 } else { 55 };
    let [task, lower_right] =
        Layout::vertical([Constraint::Percentage(share), Constraint::Min(0)]).areas(right);
    Regions {
        status,
        message,
        narration,
        net,
        lower_left,
        task,
        lower_right,
    }
}

pub(super) fn draw(state: &LabState, ctx: &Ctx, frame: &mut Frame, area: Rect) {
    let r = regions(state, area);
    let width = usize::from(area.width);
    let lines: Vec<Line> = status_lines(state, ctx.theme)
        .into_iter()
        .map(|line| fit_line(line, width))
        .collect();
    frame.render_widget(Paragraph::new(lines), r.status);
    if let Some(text) = &state.message {
        let style = if state.diverged() {
            ctx.theme.bad()
        } else {
            ctx.theme.warn()
        };
        let paragraph = Paragraph::new(Line::styled(text.clone(), style)).wrap(Wrap { trim: true });
        frame.render_widget(paragraph, r.message);
    }
    draw_narration(state, ctx.theme, frame, r.narration);
    let sides = sides(state);
    frame.render_widget(network_panel(state, &sides, ctx.theme), r.net);
    draw_lower_left(state, ctx, frame, r.lower_left, &sides);
    draw_task(state, ctx, frame, r.task, &sides);
    draw_lower_right(state, ctx, frame, r.lower_right, &sides);
}

/// The newest narration: what just happened, in words.
fn draw_narration(state: &LabState, theme: Theme, frame: &mut Frame, area: Rect) {
    if area.height == 0 {
        return;
    }
    let line = match state.narrations.last() {
        Some(text) => Line::from(vec![
            Span::styled("▸ ", theme.key()),
            Span::styled(text.clone(), theme.warn()),
        ]),
        None => Line::styled("▸ nothing has happened yet", theme.dim()),
    };
    if area.height > 1 {
        frame.render_widget(Paragraph::new(line).wrap(Wrap { trim: true }), area);
    } else {
        frame.render_widget(
            Paragraph::new(fit_line(line, usize::from(area.width))),
            area,
        );
    }
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

fn network_panel<'a>(state: &LabState, sides: &'a [Side<'a>], theme: Theme) -> NetworkPanel<'a> {
    NetworkPanel {
        sides,
        selected: state.layer,
        unit: (state.inspecting || state.example.is_some()).then_some(state.unit),
        top: state.grad_top(),
        theme,
    }
}

/// The narrowest an inspector panel is drawn side by side with B's in A/B mode;
/// narrower, only side A's is shown (its numbers would be cut to nothing).
const MIN_PANEL_WIDTH: u16 = 30;

/// The sides whose inspector panels fit in `area`.
fn panel_sides<'a, 'b>(area: Rect, sides: &'a [Side<'b>]) -> &'a [Side<'b>] {
    if sides.len() > 1 && area.width < 2 * MIN_PANEL_WIDTH + 1 {
        &sides[..1]
    } else {
        sides
    }
}

/// Below the network: the inspected neuron's panel, or the ▸ layer's histogram.
fn draw_lower_left(state: &LabState, ctx: &Ctx, frame: &mut Frame, area: Rect, sides: &[Side]) {
    if state.inspecting {
        return split_sides(
            frame,
            area,
            panel_sides(area, sides),
            |frame, rect, side| {
                if let Some(report) = &side.snap.neuron {
                    let (theme, look) = (ctx.theme, ctx.look);
                    frame.render_widget(
                        NeuronPanel {
                            side,
                            report,
                            theme,
                            look,
                        },
                        rect,
                    );
                }
            },
        );
    }
    split_sides(frame, area, sides, |frame, rect, side| {
        let (theme, look) = (ctx.theme, ctx.look);
        frame.render_widget(
            Histogram {
                side,
                values: &side.snap.pre,
                title: layer_title(side, state.layer, usize::from(rect.width), theme),
                theme,
                look,
            },
            rect,
        )
    });
}

/// The task's picture: decision regions, the fitted curve, or the digits panel.
fn draw_task(state: &LabState, ctx: &Ctx, frame: &mut Frame, area: Rect, sides: &[Side]) {
    let marked = state.example.map(|e| e.point);
    split_sides(frame, area, sides, |frame, rect, side| {
        let theme = ctx.theme;
        match state.config.dataset.inputs() {
            2 => frame.render_widget(
                Boundary {
                    side,
                    theme,
                    marked,
                },
                rect,
            ),
            1 => frame.render_widget(
                FitPlot {
                    side,
                    theme,
                    look: ctx.look,
                    marked,
                },
                rect,
            ),
            _ => frame.render_widget(DigitsPanel { side, theme }, rect),
        }
    });
}

/// Below the task: the example stepped through, or the loss curve.
fn draw_lower_right(state: &LabState, ctx: &Ctx, frame: &mut Frame, area: Rect, sides: &[Side]) {
    if let Some(example) = state.example {
        split_sides(
            frame,
            area,
            panel_sides(area, sides),
            |frame, rect, side| {
                if let Some(trace) = &side.snap.trace {
                    frame.render_widget(
                        TracePanel {
                            side,
                            trace,
                            stage: example.stage,
                            theme: ctx.theme,
                        },
                        rect,
                    );
                }
            },
        );
        return;
    }
    frame.render_widget(
        LossChart {
            sides,
            theme: ctx.theme,
            look: ctx.look,
        },
        area,
    );
}

/// What a click in the lab lands on.
pub(super) enum ClickTarget {
    /// A neuron of the network panel: its layer (0-based) and unit.
    Unit { layer: usize, unit: usize },
    /// A place in the data's input space (the boundary plot or the fitted curve).
    Input(Vec<f64>),
}

/// What the click at `at` lands on, from the same layout as the drawing.
pub(super) fn click_target(state: &LabState, ctx: &Ctx, at: Position) -> Option<ClickTarget> {
    let r = regions(state, ctx.body);
    let sides = sides(state);
    if r.net.contains(at) {
        let panel = network_panel(state, &sides, ctx.theme);
        let (_, layer, unit) = panel.unit_at(r.net, at)?;
        return Some(ClickTarget::Unit { layer, unit });
    }
    if !r.task.contains(at) {
        return None;
    }
    let rects = side_rects(r.task, sides.len());
    let (side, rect) = sides
        .iter()
        .zip(rects.iter())
        .find(|(_, rect)| rect.contains(at))?;
    let input = match state.config.dataset.inputs() {
        2 => Boundary::plane_at(*rect, at)?.to_vec(),
        1 => {
            let plot = FitPlot {
                side,
                theme: ctx.theme,
                look: ctx.look,
                marked: None,
            };
            vec![plot.x_at(*rect, at)?]
        }
        _ => return None,
    };
    Some(ClickTarget::Input(input))
}

/// One rectangle per side, side by side.
fn side_rects(area: Rect, sides: usize) -> std::rc::Rc<[Rect]> {
    Layout::horizontal(vec![Constraint::Ratio(1, sides.max(1) as u32); sides])
        .spacing(1)
        .split(area)
}

/// Draw one panel per side, side by side in A/B mode.
fn split_sides(
    frame: &mut Frame,
    area: Rect,
    sides: &[Side],
    mut draw: impl FnMut(&mut Frame, Rect, &Side),
) {
    let rects = side_rects(area, sides.len());
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
