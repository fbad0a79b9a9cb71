//! The app: it owns the six screens, the overlays and the learner's progress; it
//! routes input to whatever has focus (help, tour, Today panel, a text box, the
//! view) through the key table, and applies the effects the screens return. It
//! changes no screen's state itself and draws nothing of a view's own.

use crossterm::event::{Event, KeyEvent, KeyEventKind, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};
use ratatui::Frame;

use std::path::PathBuf;

use super::action::{Action, View};
use super::export::ChartShown;
use super::keys::{footer_offered, map_key, Focus};
use super::learning::{Learner, LearnerState};
use super::screen::{Ctx, Effect, Input, Screen};
use super::theme::Theme;
use super::views::{
    self, compare::CompareState, derivation::DerivationState, explore::ExploreState,
    help::HelpState, lab::LabState, lesson::LessonState, playground::PlaygroundState,
    quiz::QuizState, today, tour::TourState,
};
use super::widgets::chart::ChartLook;
use crate::course::Course;
use crate::learner::{Change, Now, Resume};

/// How the app starts.
#[derive(Debug, Clone)]
pub struct Options {
    pub look: ChartLook,
    pub start_day: u32,
    pub start_view: View,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            look: ChartLook::default(),
            start_day: 1,
            start_view: View::Lesson,
        }
    }
}

/// The six views.
#[derive(Default)]
pub struct Screens {
    pub lesson: LessonState,
    pub explore: ExploreState,
    pub compare: CompareState,
    pub quiz: QuizState,
    pub lab: LabState,
    pub playground: PlaygroundState,
}

impl Screens {
    pub fn get(&self, view: View) -> &dyn Screen {
        match view {
            View::Lesson => &self.lesson,
            View::Explore => &self.explore,
            View::Compare => &self.compare,
            View::Quiz => &self.quiz,
            View::Lab => &self.lab,
            View::Playground => &self.playground,
        }
    }

    pub fn get_mut(&mut self, view: View) -> &mut dyn Screen {
        match view {
            View::Lesson => &mut self.lesson,
            View::Explore => &mut self.explore,
            View::Compare => &mut self.compare,
            View::Quiz => &mut self.quiz,
            View::Lab => &mut self.lab,
            View::Playground => &mut self.playground,
        }
    }
}

/// Lines the mouse wheel scrolls a lesson by (lists move one row).
const WHEEL_LINES: usize = 3;

pub struct App {
    pub course: Course,
    /// Index into `course.lessons`.
    pub lesson_index: usize,
    pub view: View,
    pub quit: bool,
    /// Ctrl-Z was pressed: the event loop hands the terminal back and stops.
    pub suspend: bool,
    pub theme: Theme,
    pub look: ChartLook,
    /// A one-line message for the learner (course problems, failed saves).
    pub notice: Option<String>,
    /// The terminal's size as last told (start and resize events): layout and
    /// mouse positions are worked out from it.
    pub size: Rect,
    pub screens: Screens,
    pub help: HelpState,
    pub tour: TourState,
    /// The Today panel is shown.
    pub today_open: bool,
    /// Progress and saving.
    pub learner: LearnerState,
    /// The derivation overlay (`D` in Lesson and Explore).
    pub derivation: DerivationState,
    /// Where `S` saves the chart on screen: the current folder unless told
    /// otherwise (tests give a temporary one).
    pub export_dir: PathBuf,
}

/// The read-only context for the screens, from the app's fields (a macro, so the
/// borrow stays on those fields and a screen can be borrowed mutably beside it).
macro_rules! ctx {
    ($app:expr) => {
        Ctx {
            course: &$app.course,
            lesson: $app.course.lessons.get($app.lesson_index),
            progress: &$app.learner.progress,
            now: $app.learner.now(),
            theme: $app.theme,
            look: $app.look,
            body: views::chrome($app.size, $app.notice.is_some()).body,
        }
    };
}

impl App {
    pub fn new(course: Course, options: Options) -> App {
        let lesson_index = course
            .lessons
            .iter()
            .position(|l| l.day == options.start_day)
            .unwrap_or(0);
        let notice = match course.problems.len() {
            0 => None,
            1 => Some(format!("course problem: {}", course.problems[0])),
            n => Some(format!(
                "{n} course problems, first: {} (run `acttutor check`)",
                course.problems[0]
            )),
        };
        let mut app = App {
            course,
            lesson_index,
            view: options.start_view,
            quit: false,
            suspend: false,
            theme: Theme {
                color: options.look.color,
            },
            look: options.look,
            notice,
            size: Rect::new(0, 0, 80, 24),
            screens: Screens::default(),
            help: HelpState::default(),
            tour: TourState::default(),
            today_open: false,
            learner: LearnerState::default(),
            derivation: DerivationState::default(),
            export_dir: PathBuf::from("."),
        };
        app.enter_view();
        app.settle();
        app
    }

    pub fn current_lesson(&self) -> Option<&crate::course::Lesson> {
        self.course.lessons.get(self.lesson_index)
    }

    pub fn now(&self) -> Now {
        self.learner.now()
    }

    /// Give the app the learner's progress; open on `start` (day, view), else where
    /// the learner left off with the Today panel shown. The tour opens on the very
    /// first start: progress that was never saved by the app has no resume point.
    pub fn attach_learner(&mut self, learner: Learner, start: Option<(u32, View)>) {
        let resume = learner.progress.resume.clone();
        let current_day = learner.progress.current_day;
        let first_start = resume.is_none();
        self.screens
            .playground
            .set_saved_formulas(learner.progress.playground.clone());
        if learner.notice.is_some() {
            self.notice = learner.notice.clone();
        }
        self.learner = LearnerState::new(learner);
        self.today_open = start.is_none();
        if start.is_none() && first_start {
            self.tour.open();
        }
        let (day, view) = start.unwrap_or_else(|| match resume {
            Some(r) => (r.day, View::from_key(&r.view).unwrap_or_default()),
            None => (current_day, View::Lesson),
        });
        self.go_to_day(day);
        self.show_view(view);
        self.enter_view();
        self.settle();
    }

    /// The terminal has this size now (at start and on every resize).
    pub fn resize(&mut self, width: u16, height: u16) {
        self.size = Rect::new(0, 0, width, height);
        self.settle();
    }

    /// What has the keys, from the top layer down.
    pub fn focus(&self) -> Focus {
        if self.help.open {
            Focus::Help
        } else if self.derivation.open {
            Focus::Derivation
        } else if self.tour.is_open() {
            Focus::Tour
        } else if self.today_open {
            Focus::Today
        } else if let Some(b) = self.screens.get(self.view).text_box() {
            Focus::TextBox(b)
        } else {
            Focus::View
        }
    }

    /// Handle one terminal event without finishing the frame's work; the event
    /// loop calls `settle` once after draining every pending event.
    pub fn handle_event(&mut self, event: Event) {
        match event {
            Event::Key(key) if key.kind != KeyEventKind::Release => self.route_key(key),
            Event::Paste(text) => self.paste(text),
            Event::Mouse(mouse) => self.mouse(mouse),
            Event::Resize(width, height) => self.size = Rect::new(0, 0, width, height),
            _ => {}
        }
    }

    /// Handle a key press and finish the frame's work (tests, one key at a time).
    pub fn handle_key(&mut self, key: KeyEvent) {
        self.handle_event(Event::Key(key));
        self.settle();
    }

    /// Before a frame: lay out what depends on the size, and let the screen shown
    /// finish pending work (the lab measures its network once per frame).
    pub fn settle(&mut self) {
        let ctx = ctx!(self);
        let screen = self.screens.get_mut(self.view);
        screen.relayout(&ctx);
        screen.settle();
        if self.help.open {
            let (view, screens) = (self.view, &self.screens);
            self.help
                .relayout(view, self.size, &|a| screens.get(view).offers(a));
        }
        if self.derivation.open {
            self.derivation.relayout(self.size);
        }
        self.note_lesson_read();
    }

    /// A lesson counts as read once its end has been on screen, with nothing
    /// over it (paging past it with `n` does not count).
    fn note_lesson_read(&mut self) {
        let covered =
            self.help.open || self.tour.is_open() || self.today_open || self.derivation.open;
        if self.view != View::Lesson || covered || views::too_small(self.size) {
            return;
        }
        if let Some(day) = self.screens.lesson.end_in_view() {
            self.learner.mark_read(day);
        }
    }

    fn route_key(&mut self, key: KeyEvent) {
        let focus = self.focus();
        match (focus, map_key(&key, self.view, focus)) {
            (Focus::TextBox(_), None) => self.send_to_screen(Input::Type(key)),
            // Any other key closes the tour or the Today panel and acts as usual.
            (Focus::Tour, None) => {
                self.tour.close();
                self.route_key(key);
            }
            (Focus::Today, None) => {
                self.today_open = false;
                self.route_key(key);
            }
            (_, Some(action)) => self.apply(action, focus),
            (_, None) => {}
        }
    }

    /// Apply a key's action: the app's own, or the screen's.
    pub fn apply(&mut self, action: Action, focus: Focus) {
        match (focus, action) {
            (_, Action::Quit) => self.quit = true,
            (_, Action::Suspend) => self.suspend = true,
            (Focus::Help, Action::Back | Action::ToggleHelp) => self.help.open = false,
            (Focus::Help, Action::ShowTour) => {
                self.help.open = false;
                self.tour.open();
            }
            (Focus::Help, scroll @ (Action::Up | Action::Down | Action::PageUp)) => {
                self.help.scroll_by(scroll)
            }
            (Focus::Help, scroll @ (Action::PageDown | Action::Top | Action::Bottom)) => {
                self.help.scroll_by(scroll)
            }
            (Focus::Derivation, Action::Back) => self.derivation.close(),
            (Focus::Derivation, scroll @ (Action::Up | Action::Down | Action::PageUp)) => {
                self.derivation.scroll_by(scroll)
            }
            (Focus::Derivation, scroll @ (Action::PageDown | Action::Top | Action::Bottom)) => {
                self.derivation.scroll_by(scroll)
            }
            (Focus::Tour, Action::TourNext) => self.tour.next(),
            (Focus::Tour, Action::TourPrev) => self.tour.prev(),
            (Focus::Tour, Action::Back) => self.tour.close(),
            (Focus::Today, Action::Back) => self.today_open = false,
            (Focus::Today, Action::OpenTodayLesson) => self.open_today(View::Lesson),
            (Focus::Today, Action::OpenTodayQuiz) => self.open_today(View::Quiz),
            (_, Action::ShowView(view)) => self.switch_view(view),
            (_, Action::NextView) => self.switch_view(View::from_index(self.view.index() + 1)),
            (_, Action::PrevView) => {
                self.switch_view(View::from_index(self.view.index() + View::ALL.len() - 1))
            }
            (Focus::View, Action::ToggleHelp) => {
                self.help.open();
                let (view, screens) = (self.view, &self.screens);
                self.help
                    .relayout(view, self.size, &|a| screens.get(view).offers(a));
            }
            (Focus::View, Action::ShowToday) => self.today_open = true,
            (Focus::View, Action::ShowDerivation) => self.open_derivation(),
            (Focus::View, Action::ExportChart) => self.export_chart(),
            (Focus::View, Action::Back) => self.notice = None,
            (Focus::View, Action::NextLesson) => self.change_day(self.lesson_index + 1),
            (Focus::View, Action::PrevLesson) => {
                if let Some(index) = self.lesson_index.checked_sub(1) {
                    self.change_day(index);
                }
            }
            // Keys for things not on screen do nothing (and are not offered).
            (Focus::View | Focus::TextBox(_), other)
                if self.screens.get(self.view).offers(other) =>
            {
                self.send_to_screen(Input::Action(other))
            }
            _ => {}
        }
    }

    /// Today's Enter and `4`: the day the panel names, not the day last browsed.
    fn open_today(&mut self, view: View) {
        self.today_open = false;
        self.go_to_day(self.learner.progress.current_day);
        self.show_view(view);
        self.enter_view();
    }

    /// Show `view` from a key or click: overlays close, the screen is entered.
    fn switch_view(&mut self, view: View) {
        self.help.open = false;
        self.derivation.close();
        self.tour.close();
        self.today_open = false;
        if view != self.view {
            self.show_view(view);
            self.enter_view();
        }
    }

    /// The function, overlays and range of the chart in the view shown, if it has one.
    fn chart_shown(&self) -> Option<ChartShown> {
        match self.view {
            View::Lesson => self.screens.lesson.chart_shown(),
            View::Explore => self.screens.explore.chart_shown(),
            View::Playground => self.screens.playground.chart_shown(),
            _ => None,
        }
    }

    /// `D`: the derivation of the catalog function on the chart, or why there is none.
    fn open_derivation(&mut self) {
        let shown = self.chart_shown();
        let Some(function) = shown.as_ref().and_then(|s| s.main.catalog()) else {
            self.notice = Some("no function on this chart to derive".into());
            return;
        };
        match crate::expr::derive_function(function) {
            Ok(derivation) => self.derivation.open(&derivation, self.size),
            Err(err) => self.notice = Some(format!("no derivation to show: {err}")),
        }
    }

    /// `S`: the chart on screen as an SVG file; where it went (or why not) in the
    /// notice line.
    fn export_chart(&mut self) {
        self.notice = Some(match self.chart_shown() {
            Some(shown) => match shown.save(&self.export_dir) {
                Ok(path) => format!("chart saved to {}", path.display()),
                Err(err) => err,
            },
            None => "no chart to save here".into(),
        });
    }

    fn show_view(&mut self, view: View) {
        self.view = view;
    }

    /// Go to another lesson (n/p) and let the screen shown load its day.
    fn change_day(&mut self, index: usize) {
        if index < self.course.lessons.len() && index != self.lesson_index {
            self.lesson_index = index;
            self.enter_view();
        }
    }

    fn go_to_day(&mut self, day: u32) {
        if let Some(index) = self.course.lessons.iter().position(|l| l.day == day) {
            self.lesson_index = index;
        }
    }

    /// The view shown was entered (or its day changed): tell its screen.
    fn enter_view(&mut self) {
        let ctx = ctx!(self);
        let effects = self.screens.get_mut(self.view).on_enter(&ctx);
        self.apply_effects(effects);
    }

    fn send_to_screen(&mut self, input: Input) {
        let ctx = ctx!(self);
        let effects = self.screens.get_mut(self.view).handle(input, &ctx);
        self.apply_effects(effects);
    }

    fn apply_effects(&mut self, effects: Vec<Effect>) {
        for effect in effects {
            match effect {
                Effect::Record(changes) => self.record_or_notice(changes),
                Effect::ShowView(view) => self.switch_view(view),
                Effect::Notice(text) => self.notice = Some(text),
                Effect::ExploreFunction(name) => {
                    self.screens.explore.show_function(name);
                    self.switch_view(View::Explore);
                }
                Effect::TrainPlaygroundFormula => {
                    let formula = self.screens.playground.formula_for_lab();
                    self.screens.lab.use_formula(formula);
                }
            }
        }
    }

    /// A paste goes to the focused text box as one insertion; elsewhere it is
    /// dropped (it must not act as a burst of keys).
    fn paste(&mut self, text: String) {
        if matches!(self.focus(), Focus::TextBox(_)) {
            self.send_to_screen(Input::Paste(text));
        }
    }

    /// Clicks on a tab switch views, clicks in the view go to its screen, the
    /// wheel scrolls the help or the view.
    fn mouse(&mut self, mouse: MouseEvent) {
        let at = Position::new(mouse.column, mouse.row);
        let up = match mouse.kind {
            MouseEventKind::ScrollUp => true,
            MouseEventKind::ScrollDown => false,
            MouseEventKind::Down(MouseButton::Left) => return self.click(at),
            _ => return,
        };
        let action = if up { Action::Up } else { Action::Down };
        if self.help.open {
            return self.help.scroll_by(action);
        }
        if self.derivation.open {
            return self.derivation.scroll_by(action);
        }
        if self.focus() != Focus::View {
            return;
        }
        let times = if self.view == View::Lesson {
            WHEEL_LINES
        } else {
            1
        };
        for _ in 0..times {
            self.send_to_screen(Input::Action(action));
        }
    }

    fn click(&mut self, at: Position) {
        if self.help.open || self.derivation.open || views::too_small(self.size) {
            return;
        }
        // A click closes the tour and the Today panel, like a key.
        self.tour.close();
        self.today_open = false;
        let chrome = views::chrome(self.size, self.notice.is_some());
        if chrome.tabs.contains(at) {
            if let Some(view) = views::tab_at(chrome.tabs, at.x) {
                self.switch_view(view);
            }
        } else if chrome.body.contains(at) {
            self.send_to_screen(Input::Click(at));
        }
    }

    /// Save `changes`, the pending ones and where the app is now. On failure the
    /// changes are kept in memory and retried with the next save.
    pub fn record(&mut self, mut changes: Vec<Change>) -> anyhow::Result<()> {
        if let Some(lesson) = self.current_lesson() {
            changes.push(Change::Resume(Resume {
                day: lesson.day,
                view: self.view.key().to_string(),
            }));
        }
        if let Some(notice) = self.learner.save(changes)? {
            self.notice = Some(notice);
        }
        // Formulas another app kept meanwhile appear in this one's list too.
        let saved = &self.learner.progress.playground;
        if saved.as_slice() != self.screens.playground.saved_formulas() {
            self.screens.playground.set_saved_formulas(saved.clone());
        }
        Ok(())
    }

    /// `record`, with a failure shown in the notice line.
    pub fn record_or_notice(&mut self, changes: Vec<Change>) {
        if let Err(err) = self.record(changes) {
            self.notice = Some(format!("could not save your progress: {err:#}"));
        }
    }

    /// Save where the app is (on quit).
    pub fn save_progress(&mut self) -> anyhow::Result<()> {
        self.record(Vec::new())
    }

    /// Whether the event loop must wake up on its own (the lab trains).
    pub fn ticking(&self) -> bool {
        self.screens.get(self.view).ticking()
    }

    /// One frame of background work; returns whether a redraw is needed.
    pub fn tick(&mut self) -> bool {
        self.ticking() && self.screens.get_mut(self.view).tick()
    }

    /// Draw the whole app. Reads only: everything it shows was prepared in
    /// `handle_event` and `settle`.
    pub fn draw(&self, frame: &mut Frame) {
        let area = frame.area();
        let theme = self.theme;
        if views::too_small(area) {
            views::draw_too_small(frame, area, theme);
            return;
        }
        let chrome = views::chrome(area, self.notice.is_some());
        let title = match self.current_lesson() {
            Some(lesson) => format!(
                "Day {} of {} · {}",
                lesson.day,
                self.course.lessons.len(),
                lesson.title
            ),
            None => "No lessons loaded (see `acttutor check`)".to_string(),
        };
        views::draw_header(frame, chrome.header, theme, &title);
        views::draw_tabs(frame, chrome.tabs, theme, self.view);
        let ctx = Ctx {
            body: chrome.body,
            ..ctx!(self)
        };
        self.screens.get(self.view).draw(&ctx, frame, chrome.body);
        if let Some(text) = &self.notice {
            views::draw_notice(frame, chrome.notice, theme, text);
        }
        views::draw_footer(
            frame,
            chrome.footer,
            theme,
            &footer_offered(self.view, self.focus(), &|action| {
                self.screens.get(self.view).offers(action)
            }),
        );
        if self.today_open {
            today::draw(&ctx, frame, chrome.body);
        }
        if self.tour.is_open() {
            self.tour.draw(theme, frame, area);
        }
        if self.derivation.open {
            self.derivation.draw(theme, frame, area);
        }
        if self.help.open {
            let offers = |a| self.screens.get(self.view).offers(a);
            self.help.draw(self.view, theme, frame, area, &offers);
        }
    }
}
