//! View 3, Compare: the catalog's comparison table, sortable by column, with a
//! small chart of the selected row.

use std::sync::OnceLock;

use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Cell, Row, Table, TableState};
use ratatui::Frame;

use crate::activation::{Activation, Configured, CATALOG};
use crate::format::compact;
use crate::tui::action::Action;
use crate::tui::chart_view::{self, ChartState, SampleCache};
use crate::tui::screen::{Ctx, Effect, Input, Screen};

/// The sortable columns: header and the text of a row's cell.
/// A column: its header and how a row's cell reads.
type Column = (&'static str, fn(&Activation) -> String);

const COLUMNS: [Column; 7] = [
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
    pub sort: usize,
    pub reverse: bool,
    samples: SampleCache,
}

impl CompareState {
    /// Catalog entries in the current sort order.
    pub fn rows(&self) -> Vec<&'static Activation> {
        let mut rows: Vec<&'static Activation> = CATALOG.iter().collect();
        rows.sort_by(|a, b| {
            sort_key(a, self.sort)
                .partial_cmp(&sort_key(b, self.sort))
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        if self.reverse {
            rows.reverse();
        }
        rows
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
            Action::SortNext => self.sort = (self.sort + 1) % COLUMNS.len(),
            Action::SortReverse => self.reverse = !self.reverse,
            _ => {}
        }
    }
}

/// Numbers sort as numbers, text as text.
#[derive(PartialEq, PartialOrd)]
enum SortKey {
    Number(f64),
    Text(String),
}

fn sort_key(a: &Activation, column: usize) -> SortKey {
    match column {
        5 => SortKey::Number(a.year.map_or(0.0, f64::from)),
        6 => SortKey::Number(default_peak(a)),
        _ => SortKey::Text((COLUMNS[column].1)(a)),
    }
}

impl Screen for CompareState {
    fn handle(&mut self, input: Input, ctx: &Ctx) -> Vec<Effect> {
        match input {
            Input::Action(action) => self.update(action),
            Input::Click(at) => self.click(at, ctx.body),
            Input::Type(_) | Input::Paste(_) => {}
        }
        Vec::new()
    }

    fn relayout(&mut self, ctx: &Ctx) {
        // The peaks are searched once, here rather than in the first frame.
        default_peak(&CATALOG[0]);
        if let Some(act) = self.rows().get(self.selected) {
            let c = act.configured();
            let chart = chart_rect(detail_block().inner(columns(ctx.body)[1]));
            self.samples
                .refresh::<_, Configured>(chart, &c, &[], &ChartState::default());
        }
    }

    fn draw(&self, ctx: &Ctx, frame: &mut Frame, area: Rect) {
        draw(self, ctx, frame, area);
    }
}

/// The selected row's panel: a chart above its formula and paper.
fn detail_block() -> Block<'static> {
    Block::default().borders(Borders::ALL)
}

fn detail_rows(inner: Rect) -> [Rect; 2] {
    Layout::vertical([Constraint::Length(12.min(inner.height)), Constraint::Min(0)]).areas(inner)
}

fn chart_rect(inner: Rect) -> Rect {
    detail_rows(inner)[0]
}

fn columns(area: Rect) -> [Rect; 2] {
    Layout::horizontal([Constraint::Min(50), Constraint::Length(34)]).areas(area)
}

fn table_block() -> Block<'static> {
    Block::default().title(" s sort · r reverse ")
}

/// The first body row shown: the table scrolls just enough to show the selection
/// (`height` counts the header row).
fn table_offset(selected: usize, height: u16) -> usize {
    let rows = usize::from(height.saturating_sub(1).max(1));
    (selected + 1).saturating_sub(rows)
}

fn draw(state: &CompareState, ctx: &Ctx, frame: &mut Frame, area: Rect) {
    let theme = ctx.theme;
    let rows = state.rows();
    let [table_area, chart_area] = columns(area);
    let header = Row::new(COLUMNS.iter().enumerate().map(|(i, (name, _))| {
        let arrow = match (i == state.sort, state.reverse) {
            (true, false) => " ▲",
            (true, true) => " ▼",
            _ => "",
        };
        let style = if i == state.sort {
            theme.key()
        } else {
            theme.title()
        };
        Cell::from(format!("{name}{arrow}")).style(style)
    }));
    let body = rows
        .iter()
        .map(|a| Row::new(COLUMNS.iter().map(|(_, cell)| Cell::from(cell(a)))));
    let widths = [
        Constraint::Length(13),
        Constraint::Min(12),
        Constraint::Length(7),
        Constraint::Length(11),
        Constraint::Length(8),
        Constraint::Length(6),
        Constraint::Length(11),
    ];
    let table = Table::new(body, widths)
        .header(header)
        .row_highlight_style(theme.selected())
        .block(Block::default().title(Line::styled(" s sort · r reverse ", theme.dim())));
    let offset = table_offset(state.selected, table_block().inner(table_area).height);
    let mut table_state = TableState::default()
        .with_offset(offset)
        .with_selected(Some(state.selected));
    frame.render_stateful_widget(table, table_area, &mut table_state);

    if let Some(act) = rows.get(state.selected) {
        let block = detail_block()
            .border_style(theme.dim())
            .title(Line::styled(format!(" {} ", act.title), theme.title()));
        let inner = block.inner(chart_area);
        frame.render_widget(block, chart_area);
        let [chart, text] = detail_rows(inner);
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
        let details = vec![
            Line::from(act.formula),
            Line::from(act.derivative),
            Line::styled(format!("saturates: {}", act.saturates), theme.dim()),
            Line::styled(act.paper, theme.dim()),
        ];
        frame.render_widget(
            ratatui::widgets::Paragraph::new(details).wrap(ratatui::widgets::Wrap { trim: true }),
            text,
        );
    }
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
