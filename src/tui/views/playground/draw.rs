//! Drawing the playground: the box, its derivative (and steps), the error or
//! comparison under it, the chart, the saved list and the table of values. Reads
//! the state only.

use super::*;

pub(super) fn draw(state: &PlaygroundState, ctx: &Ctx, frame: &mut Frame, area: Rect) {
    let parts = layout(area, state.derivative_rows());
    draw_input(state, ctx.theme, frame, parts.input);
    draw_derivative(state, ctx.theme, frame, parts.derivative);
    frame.render_widget(
        Paragraph::new(status_lines(state, ctx.theme, parts.status.width)),
        parts.status,
    );
    draw_chart(state, ctx, frame, parts.chart);
    draw_side(state, ctx.theme, frame, parts.side);
}

fn draw_input(state: &PlaygroundState, theme: Theme, frame: &mut Frame, area: Rect) {
    let prompt_style = if state.editing {
        theme.key()
    } else {
        theme.dim()
    };
    let prompt_width = PROMPT.chars().count() as u16;
    let [prompt_area, box_area] =
        Layout::horizontal([Constraint::Length(prompt_width), Constraint::Min(1)]).areas(area);
    frame.render_widget(
        Paragraph::new(Span::styled(PROMPT, prompt_style)),
        prompt_area,
    );
    frame.render_widget(&state.input, box_area);
}

/// f′ under the box, lined up with f, and the steps below it when shown.
fn draw_derivative(state: &PlaygroundState, theme: Theme, frame: &mut Frame, area: Rect) {
    let [line, steps] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
    frame.render_widget(
        Paragraph::new(derivative_line(state, theme, line.width)),
        line,
    );
    let shown: Vec<Line> = state
        .visible_steps()
        .iter()
        .map(|l| Line::styled(format!("   {l}"), theme.dim()))
        .collect();
    frame.render_widget(Paragraph::new(shown), steps);
}

/// "f′(x) = σ(x) + x·σ(x)·(1 − σ(x))   D steps · S svg", cut with … when too wide
/// (the steps end with the whole result); a clear line when there is none.
fn derivative_line(state: &PlaygroundState, theme: Theme, width: u16) -> Line<'static> {
    let width = usize::from(width);
    let prompt = Span::styled(DERIVATIVE_PROMPT, theme.dim());
    let derivation = match state.derivation() {
        Some(Ok(d)) => d,
        Some(Err(DeriveError::TooLarge { .. })) => {
            return Line::styled(
                "f′(x): too large to show as a formula (the chart still draws it exactly)",
                theme.warn(),
            )
        }
        Some(Err(err)) => return Line::styled(format!("f′(x): {err}"), theme.warn()),
        None if state.error().is_some() => {
            return Line::styled("f′(x): shown when the formula parses", theme.dim())
        }
        None => return Line::raw(""),
    };
    let hint = if !state.show_steps {
        "   D steps · S svg".to_string()
    } else if state.steps.len() > state.visible_steps().len() {
        let last = state.steps_scroll + state.visible_steps().len();
        format!("   D hides steps · ↑↓ {last}/{}", state.steps.len())
    } else {
        "   D hides steps".to_string()
    };
    let room = width.saturating_sub(DERIVATIVE_PROMPT.chars().count() + hint.chars().count());
    let pretty = derivation.pretty();
    let shown = if pretty.chars().count() <= room {
        pretty
    } else {
        let cut: String = pretty.chars().take(room.saturating_sub(1)).collect();
        format!("{cut}…")
    };
    Line::from(vec![
        prompt,
        Span::styled(shown, theme.warn()),
        Span::styled(hint, theme.dim()),
    ])
}

/// Three lines under the box: the error with its caret, or the comparison; then
/// what the keys do right now.
fn status_lines(state: &PlaygroundState, theme: Theme, width: u16) -> Vec<Line<'static>> {
    let mut lines = match &state.error {
        Some(err) => error_lines(err, &state.text(), width, theme),
        None if state.text().trim().is_empty() => vec![
            Line::styled(
                "  numbers, x, pi, e, + - * / ^, exp ln sqrt abs sin cos tanh erf max min …",
                theme.dim(),
            ),
            Line::styled(
                "  and every catalog function by name: gelu(x), sigmoid(2*x)",
                theme.dim(),
            ),
        ],
        None => comparison_lines(state, theme),
    };
    while lines.len() < 2 {
        lines.push(Line::raw(""));
    }
    // The third line is the key hints unless the error needs it.
    if lines.len() < 3 {
        lines.push(hint_line(state, theme));
    }
    lines
}

/// The input again with a caret under the error's column (scrolled so the caret
/// shows on narrow screens) and the message beside it; the hint, and the message
/// when it does not fit beside the caret, on a third line.
fn error_lines(err: &ExprError, text: &str, width: u16, theme: Theme) -> Vec<Line<'static>> {
    let indent = PROMPT.chars().count();
    let room = (width as usize).saturating_sub(indent + 1).max(8);
    let rendered = err.render(text);
    let (echo, caret) = rendered.split_once('\n').unwrap_or((rendered.as_str(), ""));
    // Keep the caret within the visible part: drop the same leading characters
    // from both lines.
    let skip = err
        .column
        .saturating_sub(room * 2 / 3)
        .min(err.column.saturating_sub(1));
    let cut = |s: &str| -> String { s.chars().skip(skip).collect() };
    let mut echo = cut(echo);
    if skip > 0 {
        echo = format!("…{}", echo.chars().skip(1).collect::<String>());
    }
    let caret = cut(caret);
    let pad = " ".repeat(indent);
    let beside = indent + caret.chars().count() + 1 + err.message.chars().count() <= width as usize;
    let mut caret_spans = vec![Span::raw(pad.clone()), Span::styled(caret, theme.bad())];
    let mut third = Vec::new();
    if beside {
        caret_spans.push(Span::styled(format!(" {}", err.message), theme.bad()));
    } else {
        third.push(Span::styled(format!("  {}", err.message), theme.bad()));
    }
    if let Some(hint) = &err.hint {
        let sep = if third.is_empty() { "  " } else { "; " };
        third.push(Span::styled(format!("{sep}{hint}"), theme.warn()));
    }
    let mut lines = vec![
        Line::from(vec![Span::raw(pad), Span::styled(echo, theme.dim())]),
        Line::from(caret_spans),
    ];
    if !third.is_empty() {
        lines.push(Line::from(third));
    }
    lines
}

fn comparison_lines(state: &PlaygroundState, theme: Theme) -> Vec<Line<'static>> {
    let (Some(name), Some(verdict)) = (state.comparison_name(), state.verdict()) else {
        return vec![Line::styled(
            "  compared with nothing (c/C picks a catalog function)",
            theme.dim(),
        )];
    };
    let (mark, says, style) = if verdict.equivalent {
        ("✓", "equals", theme.good())
    } else {
        ("✗", "differs from", theme.warn())
    };
    vec![
        Line::from(vec![
            Span::styled(format!("  {mark} f {says} {name}"), style),
            Span::styled("   (c/C compares with another)", theme.dim()),
        ]),
        Line::styled(format!("    {}", verdict.reason), theme.dim()),
    ]
}

fn hint_line(state: &PlaygroundState, theme: Theme) -> Line<'static> {
    if let Some(feedback) = &state.feedback {
        return Line::styled(format!("  {feedback}"), theme.key());
    }
    let hint = if state.editing {
        "  typing: Enter keeps the formula · Esc leaves the box · Tab/F1–F6 views"
    } else {
        "  i edit · Enter load saved · x remove · c/C compare · ←→ + - chart · d f′"
    };
    Line::styled(hint, theme.dim())
}

fn draw_chart(state: &PlaygroundState, ctx: &Ctx, frame: &mut Frame, area: Rect) {
    let Some(shown) = state.shown() else {
        let message = "Nothing to draw yet: type a formula in x (i to edit).";
        frame.render_widget(Paragraph::new(message).style(ctx.theme.dim()), area);
        return;
    };
    let stale = state.is_stale();
    chart_view::draw(
        frame,
        area,
        &shown,
        &state.overlays(),
        &state.markers,
        &state.chart,
        ctx.look,
        &state.samples,
    );
    if stale {
        // The picture belongs to an older formula: dim it rather than hide it.
        frame
            .buffer_mut()
            .set_style(area, Style::default().add_modifier(Modifier::DIM));
    }
}

fn draw_side(state: &PlaygroundState, theme: Theme, frame: &mut Frame, area: Rect) {
    let block = side_block().border_style(theme.dim());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [list_area, table_area] = side_rows(inner);
    draw_saved(state, theme, frame, list_area);
    frame.render_widget(Paragraph::new(table_lines(state, theme)), table_area);
}

fn draw_saved(state: &PlaygroundState, theme: Theme, frame: &mut Frame, area: Rect) {
    let title = Line::styled(" your functions", theme.title());
    if state.saved.is_empty() {
        let text = vec![
            title,
            Line::styled(" (Enter in the box keeps", theme.dim()),
            Line::styled("  a formula here)", theme.dim()),
        ];
        frame.render_widget(Paragraph::new(text), area);
        return;
    }
    let [title_area, list_area] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    frame.render_widget(Paragraph::new(title), title_area);
    let items: Vec<ListItem> = state
        .saved
        .iter()
        .enumerate()
        .map(|(i, f)| ListItem::new(format!(" {}. {f}", i + 1)))
        .collect();
    let list = List::new(items).highlight_style(theme.selected());
    let mut list_state = ListState::default()
        .with_offset(list_offset(state.selected, list_area.height))
        .with_selected(Some(state.selected));
    frame.render_stateful_widget(list, list_area, &mut list_state);
}

fn table_lines(state: &PlaygroundState, theme: Theme) -> Vec<Line<'static>> {
    let style = if state.is_stale() {
        theme.dim()
    } else {
        Style::default()
    };
    let mut lines = vec![Line::styled(
        format!(" {:>4} {:>9} {:>9}", "x", "f(x)", "f′(x)"),
        theme.title(),
    )];
    lines.extend(state.values().into_iter().map(|(x, f, df)| {
        Line::styled(
            format!(
                " {:>4} {:>9} {:>9}",
                compact(x, 3),
                compact(f, 5),
                compact(df, 5)
            ),
            style,
        )
    }));
    lines
}
