//! Drawing the quiz: the question, its options or answer box, the feedback and
//! the score at the end. Reads the state only.

use super::*;

pub(super) fn draw(state: &QuizState, ctx: &Ctx, frame: &mut Frame, area: Rect) {
    let area = inset(area);
    let theme = ctx.theme;
    let Some(session) = &state.session else {
        let text = "No quiz for this lesson.";
        frame.render_widget(Paragraph::new(Line::styled(text, theme.dim())), area);
        return;
    };
    match session.question(ctx.course) {
        Some(question) => draw_question(state, ctx, session, question, frame, area),
        None => draw_summary(ctx, session, frame, area),
    }
}

fn draw_question(
    state: &QuizState,
    ctx: &Ctx,
    session: &Session,
    q: &Question,
    frame: &mut Frame,
    area: Rect,
) {
    let theme = ctx.theme;
    let width = area.width as usize;
    // Laid out as `rows_above_options` counts (clicks find options by it).
    let mut top: Vec<Line> = wrap(&header(session), width)
        .into_iter()
        .map(|l| Line::styled(l, theme.dim()))
        .collect();
    top.push(Line::raw(""));
    top.extend(
        wrap(&q.prompt, width)
            .into_iter()
            .map(|l| Line::styled(l, theme.title())),
    );
    top.push(Line::raw(""));
    if let Some(shown) = session.shown_options(ctx.course) {
        top.extend(option_lines(state, theme, session, q, &shown, width));
        top.push(Line::raw(""));
    }
    let box_height = if is_typed(q) { 3 } else { 0 };
    let [top_area, box_area, rest] = Layout::vertical([
        Constraint::Length(top.len() as u16),
        Constraint::Length(box_height),
        Constraint::Min(0),
    ])
    .areas(area);
    frame.render_widget(Paragraph::new(top), top_area);
    if is_typed(q) {
        draw_input(state, theme, q, frame, box_area);
    }
    let lines = feedback_lines(state, theme, session, q, width);
    frame.render_widget(
        Paragraph::new(scrolled(lines, state.scroll, rest.height, theme)),
        rest,
    );
}

/// The lines from `scroll` on that fit in `height`; when some are hidden, the last
/// row says how to see them.
fn scrolled(
    lines: Vec<Line<'static>>,
    scroll: usize,
    height: u16,
    theme: Theme,
) -> Vec<Line<'static>> {
    let height = usize::from(height);
    if lines.len() <= height || height < 2 {
        return lines;
    }
    let room = height - 1;
    let start = scroll.min(lines.len() - room);
    let more = if start + room < lines.len() {
        "↓/j shows more"
    } else {
        "↑/k scrolls back"
    };
    let mut shown: Vec<Line> = lines.into_iter().skip(start).take(room).collect();
    shown.push(Line::styled(more, theme.dim()));
    shown
}

/// The options in shown order: a cursor on the highlighted one (if any) before
/// answering, ✓ on the right one and ✗ on a wrong pick after.
fn option_lines(
    state: &QuizState,
    theme: Theme,
    session: &Session,
    q: &Question,
    shown: &[&str],
    width: usize,
) -> Vec<Line<'static>> {
    let answered = state.feedback.is_some();
    let right = right_position(session, q);
    let mut lines = Vec::new();
    for (i, rows) in option_rows(shown, width).into_iter().enumerate() {
        let picked = state.selected == Some(i);
        let (marker, style) = match (answered, picked) {
            (false, true) => ("›", theme.selected()),
            (false, false) => (" ", Style::default()),
            (true, _) if Some(i) == right => ("✓", theme.good()),
            (true, true) => ("✗", theme.bad()),
            (true, false) => (" ", theme.dim()),
        };
        for (n, piece) in rows.into_iter().enumerate() {
            let lead = if n == 0 { marker } else { " " };
            lines.push(Line::from(vec![
                Span::raw(format!("{lead} ")),
                Span::styled(piece, style),
            ]));
        }
    }
    lines
}

/// Where the right option of a choice question is shown (0-based).
fn right_position(session: &Session, q: &Question) -> Option<usize> {
    let QuestionKind::Choice { answer, .. } = &q.kind else {
        return None;
    };
    session.current()?.order.shown_position(*answer)
}

fn draw_input(state: &QuizState, theme: Theme, q: &Question, frame: &mut Frame, area: Rect) {
    let what = match q.kind {
        QuestionKind::Numeric { .. } => "a number",
        QuestionKind::Formula { .. } => "a formula in x",
        _ => "your answer",
    };
    let title = if state.typing {
        format!(" {what} · Enter answers · Esc leaves the box ")
    } else {
        format!(" {what} · Enter to type ")
    };
    let border = if state.typing {
        theme.key()
    } else {
        theme.dim()
    };
    let mut input = state.input.clone();
    input.set_block(
        Block::default()
            .borders(Borders::ALL)
            .border_style(border)
            .title(title),
    );
    if !state.typing {
        input.set_cursor_style(Style::default());
    }
    frame.render_widget(&input, area);
}

/// Below the question: the verdict and explanation, or how to answer.
fn feedback_lines(
    state: &QuizState,
    theme: Theme,
    session: &Session,
    q: &Question,
    width: usize,
) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    if let Some(error) = &state.error {
        lines.push(Line::styled("Not graded — try again:", theme.warn()));
        // Kept unwrapped: a caret line must stay under its column.
        lines.extend(
            error
                .lines()
                .map(|l| Line::styled(l.to_string(), theme.warn())),
        );
        return lines;
    }
    let Some(graded) = &state.feedback else {
        let hint = if is_typed(q) {
            "Type the answer and press Enter."
        } else {
            "↑↓ to choose, Enter to answer (or press the option's number)."
        };
        lines.push(Line::styled(hint, theme.dim()));
        return lines;
    };
    let verdict = if graded.is_right() {
        Line::styled(format!("✓ Right: {}", graded.right_answer), theme.good())
    } else {
        let text = format!("✗ Wrong. The answer is {}", graded.right_answer);
        Line::styled(text, theme.bad())
    };
    lines.extend(rewrap(verdict, width));
    if let Some(note) = &graded.note {
        lines.extend(rewrap(Line::styled(note.clone(), theme.good()), width));
    }
    for text in graded.why_wrong.iter().chain([&q.explanation]) {
        lines.extend(wrap(text, width).into_iter().map(Line::raw));
    }
    let last = session.position + 1 >= session.items.len();
    let next = if last {
        "Enter: your score"
    } else {
        "Enter: next question"
    };
    lines.push(Line::styled(next, theme.key()));
    lines
}

fn draw_summary(ctx: &Ctx, session: &Session, frame: &mut Frame, area: Rect) {
    let theme = ctx.theme;
    let score = session.score();
    let percent = (score.right * 100).checked_div(score.of).unwrap_or(0);
    let mut lines = vec![
        Line::styled(format!("Day {} quiz — done", session.day), theme.title()),
        Line::raw(""),
        Line::raw(format!(
            "Score: {} of {} right ({percent}%)",
            score.right, score.of
        )),
    ];
    let reviews = session.review_score();
    if reviews.of > 0 {
        lines.push(Line::raw(format!(
            "Reviews: {} of {} right",
            reviews.right, reviews.of
        )));
    }
    lines.push(Line::raw(""));
    let verdict = if session.passed() {
        Line::styled("Passed! The next day is open: press n.", theme.good())
    } else {
        let needed = format!(
            "Not passed yet: {} right needed. Press r to try again.",
            pass_mark(score.of)
        );
        Line::styled(needed, theme.warn())
    };
    lines.push(verdict);
    lines.push(Line::styled(
        "Questions you missed come back as reviews on later days.",
        theme.dim(),
    ));
    let width = area.width as usize;
    let wrapped: Vec<Line> = lines
        .into_iter()
        .flat_map(|line| rewrap(line, width))
        .collect();
    frame.render_widget(Paragraph::new(wrapped), area);
}

/// Wrap a styled one-span line.
fn rewrap(line: Line<'static>, width: usize) -> Vec<Line<'static>> {
    let style = line.spans.first().map(|s| s.style).unwrap_or_default();
    let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
    if text.is_empty() {
        return vec![Line::raw("")];
    }
    wrap(&text, width)
        .into_iter()
        .map(|l| Line::styled(l, style))
        .collect()
}
