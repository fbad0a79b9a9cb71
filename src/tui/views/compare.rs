//! View 3, Compare: the catalog's comparison table, sorted by any column (numbers
//! as numbers, through `activation::compare`), with the selected row's chart,
//! formulas and the problem it answered and still suffers beside it. Enter opens
//! the selected function in Explore.

use std::sync::OnceLock;

use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table, TableState, Wrap};
use ratatui::Frame;

use crate::activation::compare::{sorted, Column};
use crate::activation::{Activation, Configured, CATALOG};
use crate::format::compact;
use crate::tui::action::Action;
use crate::tui::chart_view::{self, ChartState, SampleCache};
use crate::tui::screen::{Ctx, Effect, Input, Screen};

/// The sortable columns, in `Column::ALL`'s order: header and how a row's cell reads.
type Text = (&'static str, fn(&Activation) -> String);

const COLUMNS: [Text; 7] = [
    ("name", |a| a.name.to_string()),
    ("range", |a| a.range.to_string()),
    ("0-ctr", |a| yes_no(a.zero_centered)),
    ("monotonic", |a| yes_no(a.monotonic)),
    ("smooth", |a| a.smooth.label().to_string()),
    ("year", |a| {
        a.year.map(|y| y.to_string()).unwrap_or_else(|| "—".into())
    }),
    ("peak |f′|", |a| compact(default_peak(a), 4)),
];

/// The seed question's columns (why it came, what it still suffers): shown in
/// the table when it is wide enough, always in the side panel.
const PROBLEMS: [Text; 2] = [
    ("answered", |a| a.answered.to_string()),
    ("still suffers", |a| a.still_suffers.to_string()),
];

/// The problem columns join the table from this table width (each gets ~26
/// columns; narrower they would show only a few words).
const PROBLEM_TABLE_WIDTH: u16 = 128;
/// A column is never squeezed below this (two characters and `…`).
const MIN_COLUMN: u16 = 3;
/// The side chart keeps at least this many rows (plot and read-out).
const MIN_CHART_ROWS: u16 = 8;

/// Peak |f′| at default parameters, searched once: some entries need a numeric
/// search, too slow to repeat every frame.
fn default_peak(a: &Activation) -> f64 {
    static PEAKS: OnceLock<Vec<f64>> = OnceLock::new();
    let peaks = PEAKS.get_or_init(|| {
        CATALOG
            .iter()
            .map(|a| a.configured().peak_slope())
            .collect()
    });
    let index = CATALOG.iter().position(|b| std::ptr::eq(a, b));
    index
        .and_then(|i| peaks.get(i).copied())
        .unwrap_or(f64::NAN)
}

fn yes_no(b: bool) -> String {
    if b { "yes" } else { "no" }.to_string()
}

#[derive(Debug, Default)]
pub struct CompareState {
    /// Index into the sorted rows.
    pub selected: usize,
    /// Index into `Column::ALL`.
    pub sort: usize,
    pub reverse: bool,
    samples: SampleCache,
}

impl CompareState {
    /// Catalog entries in the current sort order.
    pub fn rows(&self) -> Vec<&'static Activation> {
        sorted(Column::ALL[self.sort % Column::ALL.len()], self.reverse)
    }

    /// The function on the highlighted row.
    pub fn selected_function(&self) -> Option<&'static Activation> {
        self.rows().get(self.selected).copied()
    }

    /// A click on a row of the table selects it.
    fn click(&mut self, at: Position, body: Rect) {
        let [table_area, _] = columns(body);
        let inner = table_block().inner(table_area);
        // The header takes the first row.
        let first = inner.y + 1;
        if !inner.contains(at) || at.y < first {
            return;
        }
        let offset = table_offset(self.selected, inner.height);
        let row = offset + usize::from(at.y - first);
        if row < CATALOG.len() {
            self.selected = row;
        }
    }

    pub fn update(&mut self, action: Action) {
        let last = CATALOG.len() - 1;
        match action {
            Action::Down => self.selected = (self.selected + 1).min(last),
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::PageDown => self.selected = (self.selected + 10).min(last),
            Action::PageUp => self.selected = self.selected.saturating_sub(10),
            Action::Top => self.selected = 0,
            Action::Bottom => self.selected = last,
            Action::SortNext => self.resort(|s| s.sort = (s.sort + 1) % COLUMNS.len()),
            Action::SortReverse => self.resort(|s| s.reverse = !s.reverse),
            _ => {}
        }
    }

    /// Change the order; the highlight stays on the same function, not the same row.
    fn resort(&mut self, change: impl FnOnce(&mut Self)) {
        let name = self.selected_function().map(|a| a.name);
        change(self);
        if let Some(row) = self.rows().iter().position(|a| Some(a.name) == name) {
            self.selected = row;
        }
    }
}

impl Screen for CompareState {
    fn handle(&mut self, input: Input, ctx: &Ctx) -> Vec<Effect> {
        match input {
            Input::Action(Action::OpenInExplore) => {
                return self
                    .selected_function()
                    .map(|a| Effect::ExploreFunction(a.name))
                    .into_iter()
                    .collect();
            }
            Input::Action(action) => self.update(action),
            Input::Click(at) => self.click(at, ctx.body),
            Input::Type(_) | Input::Paste(_) => {}
        }
        Vec::new()
    }

    fn relayout(&mut self, ctx: &Ctx) {
        // The peaks are searched once, here rather than in the first frame.
        default_peak(&CATALOG[0]);
        if let Some(act) = self.selected_function() {
            let c = act.configured();
            let inner = detail_block().inner(columns(ctx.body)[1]);
            let [chart, _] = detail_rows(inner, act);
            self.samples
                .refresh::<_, Configured>(chart, &c, &[], &ChartState::default());
        }
    }

    fn draw(&self, ctx: &Ctx, frame: &mut Frame, area: Rect) {
        draw(self, ctx, frame, area);
    }
}

/// The selected row's panel: a chart above its formulas, problems and paper.
fn detail_block() -> Block<'static> {
    Block::default().borders(Borders::ALL)
}

/// The side panel's text for `act`, most telling first.
fn details(act: &Activation) -> Vec<String> {
    vec![
        act.formula.to_string(),
        format!("answered: {}", act.answered),
        format!("still suffers: {}", act.still_suffers),
        act.derivative.to_string(),
        format!("saturates: {}", act.saturates),
        act.paper.to_string(),
    ]
}

/// Rows the details take when wrapped at `width` (word wrapping may take a
/// little more; the chart gives way first).
fn details_height(act: &Activation, width: u16) -> u16 {
    let width = usize::from(width.max(1));
    let rows: usize = details(act)
        .iter()
        .map(|line| line.chars().count().div_ceil(width).max(1))
        .sum();
    u16::try_from(rows).unwrap_or(u16::MAX)
}

/// The chart takes what the text leaves, never less than `MIN_CHART_ROWS`: a
/// taller terminal gets a taller chart.
fn detail_rows(inner: Rect, act: &Activation) -> [Rect; 2] {
    let text = details_height(act, inner.width) + 1;
    let chart = inner
        .height
        .saturating_sub(text)
        .max(MIN_CHART_ROWS)
        .min(inner.height);
    Layout::vertical([Constraint::Length(chart), Constraint::Min(0)]).areas(inner)
}

/// Table and side panel; the panel grows with the terminal.
fn columns(area: Rect) -> [Rect; 2] {
    let side = if area.width >= 170 {
        42
    } else {
        (area.width * 2 / 5).clamp(34, 48)
    };
    Layout::horizontal([Constraint::Min(40), Constraint::Length(side)]).areas(area)
}

fn table_block() -> Block<'static> {
    Block::default().title(" s sort · r reverse · Enter explore ")
}

/// The first body row shown: the table scrolls just enough to show the selection
/// (`height` counts the header row).
fn table_offset(selected: usize, height: u16) -> usize {
    let rows = usize::from(height.saturating_sub(1).max(1));
    (selected + 1).saturating_sub(rows)
}

/// Column widths within `available` (one space between columns), from each
/// column's widest cell (`content`) and header (`header`): headers give way
/// first (`monot…` over a column of yes/no), then the widest cells.
fn fit_widths(content: &[u16], header: &[u16], available: u16) -> Vec<u16> {
    let mut widths: Vec<u16> = content.iter().zip(header).map(|(c, h)| *c.max(h)).collect();
    let gaps = u16::try_from(widths.len().saturating_sub(1)).unwrap_or(u16::MAX);
    let budget = available.saturating_sub(gaps);
    let floors: [&dyn Fn(usize) -> u16; 2] = [&|i| content[i].max(MIN_COLUMN), &|_| MIN_COLUMN];
    for floor in floors {
        while widths.iter().sum::<u16>() > budget {
            let widest = (0..widths.len())
                .filter(|i| widths[*i] > floor(*i))
                .max_by_key(|i| widths[*i]);
            let Some(i) = widest else { break };
            widths[i] -= 1;
        }
    }
    widths
}

/// `text` cut to `width` characters, ending in `…` when cut (so 1.758 never
/// reads as 1.75).
pub fn ellipsize(text: &str, width: u16) -> String {
    let width = usize::from(width);
    if text.chars().count() <= width {
        return text.to_string();
    }
    let kept: String = text.chars().take(width.saturating_sub(1)).collect();
    format!("{kept}…")
}

fn char_width(text: &str) -> u16 {
    u16::try_from(text.chars().count()).unwrap_or(u16::MAX)
}

/// The table's columns for a table `width` wide: the sortable ones, and the
/// problem columns when they fit.
fn table_columns(width: u16) -> Vec<Text> {
    let mut shown = COLUMNS.to_vec();
    if width >= PROBLEM_TABLE_WIDTH {
        shown.extend(PROBLEMS);
    }
    shown
}

fn draw(state: &CompareState, ctx: &Ctx, frame: &mut Frame, area: Rect) {
    let rows = state.rows();
    let [table_area, side_area] = columns(area);
    draw_table(state, ctx, frame, table_area, &rows);
    if let Some(act) = rows.get(state.selected) {
        draw_side(state, ctx, frame, side_area, act);
    }
}

fn draw_table(
    state: &CompareState,
    ctx: &Ctx,
    frame: &mut Frame,
    area: Rect,
    rows: &[&'static Activation],
) {
    let theme = ctx.theme;
    let shown = table_columns(area.width);
    let headers: Vec<String> = shown
        .iter()
        .enumerate()
        .map(|(i, (name, _))| match (i == state.sort, state.reverse) {
            (true, false) => format!("{name} ▲"),
            (true, true) => format!("{name} ▼"),
            _ => name.to_string(),
        })
        .collect();
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|a| shown.iter().map(|(_, cell)| cell(a)).collect())
        .collect();
    let header_widths: Vec<u16> = headers.iter().map(|h| char_width(h)).collect();
    // The sorted column keeps its whole header (and arrow) as long as it can.
    let content: Vec<u16> = (0..shown.len())
        .map(|i| {
            let widest = cells.iter().map(|row| char_width(&row[i])).max();
            let widest = widest.unwrap_or(0);
            if i == state.sort {
                widest.max(header_widths[i])
            } else {
                widest
            }
        })
        .collect();
    let widths = fit_widths(&content, &header_widths, area.width);
    let header = Row::new(headers.iter().enumerate().map(|(i, text)| {
        let style = if i == state.sort {
            theme.key()
        } else {
            theme.title()
        };
        Cell::from(ellipsize(text, widths[i])).style(style)
    }));
    let body = cells.iter().map(|row| {
        Row::new(
            row.iter()
                .zip(&widths)
                .map(|(text, width)| Cell::from(ellipsize(text, *width))),
        )
    });
    let table = Table::new(body, widths.iter().map(|w| Constraint::Length(*w)))
        .header(header)
        .row_highlight_style(theme.selected())
        .block(table_block().title_style(theme.dim()));
    let offset = table_offset(state.selected, table_block().inner(area).height);
    let mut table_state = TableState::default()
        .with_offset(offset)
        .with_selected(Some(state.selected));
    frame.render_stateful_widget(table, area, &mut table_state);
}

fn draw_side(
    state: &CompareState,
    ctx: &Ctx,
    frame: &mut Frame,
    area: Rect,
    act: &'static Activation,
) {
    let theme = ctx.theme;
    let title = ellipsize(&format!(" {} ", act.title), area.width.saturating_sub(2));
    let block = detail_block()
        .border_style(theme.dim())
        .title(Line::styled(title, theme.title()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [chart, text] = detail_rows(inner, act);
    let c = act.configured();
    chart_view::draw::<_, Configured>(
        frame,
        chart,
        &c,
        &[],
        &[],
        &ChartState::default(),
        ctx.look,
        &state.samples,
    );
    let lines: Vec<Line> = details(act)
        .into_iter()
        .enumerate()
        .map(|(i, line)| match i {
            0 | 3 => Line::raw(line),
            _ => Line::styled(line, theme.dim()),
        })
        .collect();
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), text);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorting_by_year_puts_the_oldest_first_and_reverse_flips_it() {
        let mut state = CompareState {
            sort: 5,
            ..CompareState::default()
        };
        let rows = state.rows();
        assert_eq!(rows[0].name, "identity", "no year sorts first");
        assert_eq!(rows[1].name, "step");
        state.update(Action::SortReverse);
        assert!(state.rows()[0].year >= Some(2020));
    }

    #[test]
    fn cut_cells_end_in_an_ellipsis() {
        assert_eq!(ellipsize("1.758", 4), "1.7…");
        assert_eq!(ellipsize("1.758", 5), "1.758");
        assert_eq!(ellipsize("monotonic", 0), "…");
    }

    #[test]
    fn headers_then_the_widest_columns_give_way() {
        let content = [10, 3, 6];
        let header = [4, 9, 6];
        assert_eq!(fit_widths(&content, &header, 27), vec![10, 9, 6]);
        // 22 left after the two gaps: the header over yes/no goes first.
        assert_eq!(fit_widths(&content, &header, 24), vec![10, 6, 6]);
        // 17 left: the header down to its cells, then the widest cell column.
        assert_eq!(fit_widths(&content, &header, 19), vec![8, 3, 6]);
        assert_eq!(
            fit_widths(&content, &header, 2),
            vec![3, 3, 3],
            "never below 3"
        );
    }

    #[test]
    fn sorting_by_peak_slope_is_numeric() {
        let state = CompareState {
            sort: 6,
            ..CompareState::default()
        };
        let rows = state.rows();
        assert_eq!(rows[0].name, "step");
        let peaks: Vec<f64> = rows.iter().map(|a| a.configured().peak_slope()).collect();
        assert!(peaks.windows(2).all(|w| w[0] <= w[1]));
    }
}
