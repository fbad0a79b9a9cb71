//! View 2, Explore: any catalog function with its derivative, a cursor read-out,
//! zoom and pan, parameter sliders, overlays and markers for notable points.

use std::collections::HashMap;

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, List, ListItem, ListState, Paragraph};
use ratatui::Frame;

use crate::activation::{Activation, Configured, CATALOG};
use crate::tui::action::Action;
use crate::tui::chart_view::{self, ChartState, SampleCache};
use crate::tui::screen::{Ctx, Effect, Input, Screen, TextBox};

const LIST_WIDTH: u16 = 22;
/// The filter is a name, not prose: longer input is cut.
const FILTER_CHARS: usize = 30;

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
    samples: SampleCache,
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
            samples: SampleCache::default(),
        };
        state.refresh_markers();
        state
    }

    /// Catalog entries matching the filter, best match first: an exact name wins
    /// (`elu` puts elu before relu), then aliases, prefixes, substrings.
    pub fn visible(&self) -> Vec<&'static Activation> {
        crate::activation::compare::filter(&self.filter)
    }

    /// Select the catalog function `name` with no filter (Compare's Enter).
    pub fn show_function(&mut self, name: &str) {
        self.filtering = false;
        self.filter.clear();
        if let Some(index) = self.visible().iter().position(|a| a.name == name) {
            self.select(index);
        }
    }

    /// Leave the filter box and clear the filter, keeping the function selected.
    fn clear_filter(&mut self) {
        let name = self.current().map(|c| c.act.name);
        self.show_function(name.unwrap_or_default());
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

    /// A key typed into the filter box: Backspace and printable characters.
    fn type_key(&mut self, key: KeyEvent) {
        match key.code {
            KeyCode::Backspace => {
                self.filter.pop();
            }
            KeyCode::Char(c) => self.push_filter(&c.to_string()),
            _ => return,
        }
        self.select(0);
    }

    fn push_filter(&mut self, text: &str) {
        let room = FILTER_CHARS.saturating_sub(self.filter.chars().count());
        self.filter
            .extend(text.chars().filter(|c| !c.is_control()).take(room));
    }

    /// Keys and paste while the filter box has focus.
    fn filter_input(&mut self, input: Input) {
        match input {
            Input::Action(Action::Back) => self.clear_filter(),
            Input::Action(Action::KeepFilter) => self.filtering = false,
            Input::Action(Action::Up) => self.select(self.selected.saturating_sub(1)),
            Input::Action(Action::Down) => self.select(self.selected + 1),
            Input::Type(key) => self.type_key(key),
            Input::Paste(text) => {
                self.push_filter(&text);
                self.select(0);
            }
            Input::Action(_) | Input::Click(_) => {}
        }
    }

    /// A click on the list selects its row; in the chart it moves the cursor.
    fn click(&mut self, at: Position, body: Rect) {
        let [list_area, main_area] = columns(body);
        let list_inner = list_block(Line::raw("")).inner(list_area);
        if list_inner.contains(at) {
            let offset = list_offset(self.selected, list_inner.height);
            self.select(offset + usize::from(at.y - list_inner.y));
        } else if let Some(x) = chart_view::x_at(rows(main_area)[1], &self.chart, at) {
            self.chart.set_cursor(x);
        }
    }
}

impl Screen for ExploreState {
    fn handle(&mut self, input: Input, ctx: &Ctx) -> Vec<Effect> {
        match input {
            _ if self.filtering => self.filter_input(input),
            Input::Action(action) => self.update(action),
            Input::Click(at) => self.click(at, ctx.body),
            Input::Type(_) | Input::Paste(_) => {}
        }
        Vec::new()
    }

    fn relayout(&mut self, ctx: &Ctx) {
        if let Some(current) = self.current() {
            let [_, chart] = rows(columns(ctx.body)[1]);
            self.samples
                .refresh(chart, &current, &self.overlay_funcs(), &self.chart);
        }
    }

    fn text_box(&self) -> Option<TextBox> {
        self.filtering.then_some(TextBox::Filter)
    }

    /// `{`/`}` only where the function has a second parameter to switch to.
    fn offers(&self, action: Action) -> bool {
        match action {
            Action::NextParam | Action::PrevParam => {
                self.current().is_some_and(|c| c.act.params.len() > 1)
            }
            _ => true,
        }
    }

    fn draw(&self, ctx: &Ctx, frame: &mut Frame, area: Rect) {
        let [list_area, main_area] = columns(area);
        self.draw_list(ctx, frame, list_area);
        let Some(current) = self.current() else {
            let message = format!(
                "No function matches '{}'. Backspace to widen the filter.",
                self.filter
            );
            frame.render_widget(Paragraph::new(message).style(ctx.theme.warn()), main_area);
            return;
        };
        let [info_area, chart_area] = rows(main_area);
        frame.render_widget(Paragraph::new(info(ctx, &current)), info_area);
        chart_view::draw(
            frame,
            chart_area,
            &current,
            &self.overlay_funcs(),
            &self.markers,
            &self.chart,
            ctx.look,
            &self.samples,
        );
    }
}

fn columns(area: Rect) -> [Rect; 2] {
    Layout::horizontal([Constraint::Length(LIST_WIDTH), Constraint::Min(30)]).areas(area)
}

fn rows(main: Rect) -> [Rect; 2] {
    Layout::vertical([Constraint::Length(3), Constraint::Min(6)]).areas(main)
}

/// The list's frame: a border at the right and the title (or filter) on top.
fn list_block(title: Line<'static>) -> Block<'static> {
    Block::default().borders(Borders::RIGHT).title(title)
}

/// The first row shown: the list scrolls just enough to show the selection.
fn list_offset(selected: usize, height: u16) -> usize {
    (selected + 1).saturating_sub(usize::from(height.max(1)))
}

impl Default for ExploreState {
    fn default() -> Self {
        ExploreState::new()
    }
}

fn info(ctx: &Ctx, c: &Configured) -> Vec<Line<'static>> {
    let act = c.act;
    let theme = ctx.theme;
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

impl ExploreState {
    fn draw_list(&self, ctx: &Ctx, frame: &mut Frame, area: Rect) {
        let state = self;
        let theme = ctx.theme;
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
        let block = list_block(Line::styled(title, border)).border_style(border);
        let offset = list_offset(state.selected, block.inner(area).height);
        let list = List::new(items)
            .block(block)
            .highlight_style(theme.selected());
        let mut list_state = ListState::default()
            .with_offset(offset)
            .with_selected(Some(state.selected));
        frame.render_stateful_widget(list, area, &mut list_state);
    }
}

impl ExploreState {
    /// The selected function, its overlays and the chart's range, for the
    /// derivation overlay and the SVG export.
    pub fn chart_shown(&self) -> Option<crate::tui::export::ChartShown> {
        Some(crate::tui::export::ChartShown {
            main: crate::func::Func::Catalog(self.current()?),
            overlays: self
                .overlay_funcs()
                .into_iter()
                .map(crate::func::Func::Catalog)
                .collect(),
            chart: self.chart.clone(),
        })
    }
}
