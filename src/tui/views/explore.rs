//! View 2, Explore: any catalog function with its derivative, a cursor read-out,
//! zoom and pan, parameter sliders, overlays and markers for notable points.

use std::collections::HashMap;

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, List, ListItem, ListState, Paragraph};
use ratatui::Frame;

use crate::activation::{Activation, Configured, CATALOG};
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::chart_view::{self, ChartState};

const LIST_WIDTH: u16 = 22;

pub struct ExploreState {
    pub filter: String,
    /// The filter box has focus: keys type into it.
    pub filtering: bool,
    /// Index into `visible()`.
    pub selected: usize,
    /// Each function keeps its own parameter values while you browse.
    configs: HashMap<&'static str, Configured>,
    pub overlays: Vec<&'static str>,
    pub chart: ChartState,
    pub markers: Vec<(String, f64, f64)>,
}

impl ExploreState {
    pub fn new() -> ExploreState {
        let mut state = ExploreState {
            filter: String::new(),
            filtering: false,
            selected: CATALOG
                .iter()
                .position(|a| a.name == "sigmoid")
                .unwrap_or(0),
            configs: HashMap::new(),
            overlays: Vec::new(),
            chart: ChartState::default(),
            markers: Vec::new(),
        };
        state.refresh_markers();
        state
    }

    /// Catalog entries matching the filter (name, alias or title).
    pub fn visible(&self) -> Vec<&'static Activation> {
        let needle = self.filter.to_lowercase();
        CATALOG
            .iter()
            .filter(|a| {
                needle.is_empty()
                    || a.name.contains(&needle)
                    || a.title.to_lowercase().contains(&needle)
                    || a.aliases.iter().any(|x| x.contains(&needle))
            })
            .collect()
    }

    /// The function on the chart: the selected entry with its parameters.
    pub fn current(&self) -> Option<Configured> {
        let act = *self.visible().get(self.selected)?;
        Some(
            self.configs
                .get(act.name)
                .copied()
                .unwrap_or_else(|| act.configured()),
        )
    }

    fn overlay_funcs(&self) -> Vec<Configured> {
        let current = self.current().map(|c| c.act.name);
        self.overlays
            .iter()
            .filter(|n| Some(**n) != current)
            .filter_map(|n| crate::activation::find(n))
            .map(|a| {
                self.configs
                    .get(a.name)
                    .copied()
                    .unwrap_or_else(|| a.configured())
            })
            .collect()
    }

    fn refresh_markers(&mut self) {
        self.markers = self
            .current()
            .map(|c| chart_view::notable_points(&c))
            .unwrap_or_default();
    }

    fn select(&mut self, index: usize) {
        let count = self.visible().len();
        self.selected = index.min(count.saturating_sub(1));
        self.chart.param = 0;
        self.refresh_markers();
    }

    pub fn update(&mut self, action: Action) {
        match action {
            Action::Down => self.select(self.selected + 1),
            Action::Up => self.select(self.selected.saturating_sub(1)),
            Action::PageDown => self.select(self.selected + 8),
            Action::PageUp => self.select(self.selected.saturating_sub(8)),
            Action::Top => self.select(0),
            Action::Bottom => self.select(usize::MAX),
            Action::Filter => self.filtering = true,
            Action::ToggleOverlay => {
                if let Some(c) = self.current() {
                    match self.overlays.iter().position(|n| *n == c.act.name) {
                        Some(i) => {
                            self.overlays.remove(i);
                        }
                        None => self.overlays.push(c.act.name),
                    }
                }
            }
            Action::ClearOverlays => self.overlays.clear(),
            Action::ParamUp | Action::ParamDown => {
                if let Some(mut c) = self.current() {
                    self.chart.nudge_param(&mut c, action == Action::ParamUp);
                    self.configs.insert(c.act.name, c);
                    self.refresh_markers();
                }
            }
            Action::NextParam | Action::PrevParam => {
                if let Some(c) = self.current() {
                    self.chart.cycle_param(&c, action == Action::NextParam);
                }
            }
            // Cursor, pan, zoom, reset and f′: the same in every chart view.
            other => self.chart.apply(other),
        }
    }

    /// Keys while the filter box has focus. Returns whether anything changed.
    pub fn filter_key(&mut self, key: KeyEvent) -> bool {
        match key.code {
            KeyCode::Esc | KeyCode::Enter => self.filtering = false,
            KeyCode::Backspace => {
                self.filter.pop();
                self.select(0);
            }
            KeyCode::Down => self.select(self.selected + 1),
            KeyCode::Up => self.select(self.selected.saturating_sub(1)),
            KeyCode::Char(c) if !c.is_control() && self.filter.chars().count() < 30 => {
                self.filter.push(c);
                self.select(0);
            }
            _ => return false,
        }
        true
    }
}

impl Default for ExploreState {
    fn default() -> Self {
        ExploreState::new()
    }
}

pub fn draw(app: &App, frame: &mut Frame, area: Rect) {
    let state = &app.explore;
    let [list_area, main_area] =
        Layout::horizontal([Constraint::Length(LIST_WIDTH), Constraint::Min(30)]).areas(area);
    draw_list(app, frame, list_area);
    let Some(current) = state.current() else {
        let message = format!(
            "No function matches '{}'. Backspace to widen the filter.",
            state.filter
        );
        frame.render_widget(Paragraph::new(message).style(app.theme.warn()), main_area);
        return;
    };
    let [info_area, chart_area] =
        Layout::vertical([Constraint::Length(3), Constraint::Min(6)]).areas(main_area);
    frame.render_widget(Paragraph::new(info(app, &current)), info_area);
    chart_view::draw(
        frame,
        chart_area,
        &current,
        &state.overlay_funcs(),
        &state.markers,
        &state.chart,
        app.look,
    );
}

fn info(app: &App, c: &Configured) -> Vec<Line<'static>> {
    let act = c.act;
    let theme = app.theme;
    let yes = |b: bool| if b { "yes" } else { "no" };
    vec![
        Line::from(vec![
            Span::styled(act.title.to_string(), theme.title()),
            Span::styled(format!("   {}", act.paper), theme.dim()),
        ]),
        Line::from(format!("{}    {}", act.formula, act.derivative)),
        Line::styled(
            format!(
                "range {} · zero-centred {} · monotonic {} · smooth {} · saturates: {}",
                act.range,
                yes(act.zero_centered),
                yes(act.monotonic),
                act.smooth.label(),
                act.saturates
            ),
            theme.dim(),
        ),
    ]
}

fn draw_list(app: &App, frame: &mut Frame, area: Rect) {
    let state = &app.explore;
    let theme = app.theme;
    let title = if state.filtering || !state.filter.is_empty() {
        format!(
            " /{}{} ",
            state.filter,
            if state.filtering { "▏" } else { "" }
        )
    } else {
        " functions (/ filter) ".to_string()
    };
    let items: Vec<ListItem> = state
        .visible()
        .iter()
        .map(|a| {
            let mark = if state.overlays.contains(&a.name) {
                "+ "
            } else {
                "  "
            };
            ListItem::new(format!("{mark}{}", a.name))
        })
        .collect();
    let border = if state.filtering {
        theme.key()
    } else {
        theme.dim()
    };
    let list = List::new(items)
        .block(
            Block::default()
                .borders(Borders::RIGHT)
                .border_style(border)
                .title(Line::styled(title, border)),
        )
        .highlight_style(theme.selected());
    let mut list_state = ListState::default().with_selected(Some(state.selected));
    frame.render_stateful_widget(list, area, &mut list_state);
}
