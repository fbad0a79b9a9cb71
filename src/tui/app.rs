//! The app's state and its one `update`. Keys are routed by focus: the help overlay,
//! then a focused text input, then the key table (view keys before global keys).

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::{Action, View};
use super::keys::map_key;
use super::learning::LearnerState;
use super::theme::Theme;
use super::views::{
    compare::CompareState, explore::ExploreState, lab::LabState, lesson::LessonState,
    notes::NotesState, playground::PlaygroundState, quiz::QuizState,
};
use super::widgets::chart::ChartLook;
use crate::course::Course;

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

pub struct App {
    pub course: Course,
    /// Index into `course.lessons`.
    pub lesson_index: usize,
    pub view: View,
    pub help: bool,
    /// Lines the help overlay is scrolled by (it scrolls on short terminals).
    pub help_scroll: usize,
    /// Help lines that fit at the last draw, to stop scrolling at the end.
    pub help_rows: std::cell::Cell<usize>,
    pub quit: bool,
    pub theme: Theme,
    pub look: ChartLook,
    /// A one-line message for the learner (course problems, hints).
    pub notice: Option<String>,
    pub lesson: LessonState,
    pub explore: ExploreState,
    pub compare: CompareState,
    pub playground: PlaygroundState,
    /// Progress, saving and the Today panel (see `learning`).
    pub learner: LearnerState,
    pub quiz: QuizState,
    pub notes: NotesState,
    /// The lab view's settings, runs and training state.
    pub lab: LabState,
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
            help: false,
            help_scroll: 0,
            help_rows: std::cell::Cell::new(usize::MAX),
            quit: false,
            theme: Theme {
                color: options.look.color,
            },
            look: options.look,
            notice,
            lesson: LessonState::default(),
            explore: ExploreState::new(),
            compare: CompareState::default(),
            playground: PlaygroundState::new(),
            learner: LearnerState::default(),
            quiz: QuizState::default(),
            notes: NotesState::default(),
            lab: LabState::default(),
        };
        app.lesson.load(app.course.lessons.get(lesson_index));
        app.sync_lab();
        app
    }

    pub fn current_lesson(&self) -> Option<&crate::course::Lesson> {
        self.course.lessons.get(self.lesson_index)
    }

    /// Handle a key press; returns whether anything changed (a redraw is needed).
    pub fn handle_key(&mut self, key: KeyEvent) -> bool {
        let changed = self.route_key(key);
        // The playground's list changes from inside its text box too, which returns
        // before `update`: store it here, after every key.
        if self.playground.take_saved_changed() {
            // Only this app's edits are saved: another app's formulas stay.
            let edits = crate::learner::Change::formula_edits(
                &self.learner.progress.playground,
                self.playground.saved_formulas(),
            );
            self.record_or_notice(edits);
        }
        changed
    }

    fn route_key(&mut self, key: KeyEvent) -> bool {
        let ctrl_c =
            key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL);
        if ctrl_c {
            self.quit = true;
            return true;
        }
        if self.help {
            return self.help_key(key);
        }
        if self.learner.today_open && self.close_today(&key) {
            return true;
        }
        if let Some(changed) = self.focused_input(key) {
            return changed;
        }
        match map_key(&key, self.view) {
            Some(action) => {
                self.update(action);
                true
            }
            None => false,
        }
    }

    /// Keys while the help is open: scroll it, or close it (Esc, ?, q).
    fn help_key(&mut self, key: KeyEvent) -> bool {
        let total = super::views::help::lines(self).len();
        let last = total.saturating_sub(self.help_rows.get().min(total));
        let scroll = self.help_scroll;
        self.help_scroll = match key.code {
            KeyCode::Esc | KeyCode::Char('?') | KeyCode::Char('q') => {
                self.help = false;
                return true;
            }
            KeyCode::Down | KeyCode::Char('j') => scroll + 1,
            KeyCode::Up | KeyCode::Char('k') => scroll.saturating_sub(1),
            KeyCode::PageDown | KeyCode::Char(' ') => scroll + 10,
            KeyCode::PageUp => scroll.saturating_sub(10),
            KeyCode::Home | KeyCode::Char('g') => 0,
            KeyCode::End | KeyCode::Char('G') => last,
            _ => return false,
        }
        .min(last);
        self.help_scroll != scroll
    }

    /// A text input with focus takes every key but Ctrl-C: letters type, they do
    /// not quit or switch views.
    fn focused_input(&mut self, key: KeyEvent) -> Option<bool> {
        match self.view {
            View::Explore if self.explore.filtering => Some(self.explore.filter_key(key)),
            View::Playground if self.playground.editing => Some(self.playground.input_key(key)),
            View::Quiz if self.quiz.typing => Some(self.quiz_input_key(key)),
            View::Lesson if self.notes.is_open() => Some(self.notes_key(key)),
            _ => None,
        }
    }

    /// Apply an action. The only place state changes.
    pub fn update(&mut self, action: Action) {
        match action {
            Action::Quit => self.quit = true,
            Action::ToggleHelp => {
                self.help = !self.help;
                self.help_scroll = 0;
            }
            Action::Back => {
                self.help = false;
                self.notice = None;
            }
            Action::ShowToday => self.learner.today_open = true,
            Action::EditNotes => self.open_notes(),
            Action::ShowView(view) => self.view = view,
            Action::NextView => self.view = View::from_index(self.view.index() + 1),
            Action::PrevView => {
                self.view = View::from_index(self.view.index() + View::ALL.len() - 1)
            }
            Action::NextLesson => self.go_to_lesson(self.lesson_index + 1),
            Action::PrevLesson => {
                if self.lesson_index > 0 {
                    self.go_to_lesson(self.lesson_index - 1);
                }
            }
            other => self.update_view(other),
        }
        self.sync_lab();
        self.after_update();
    }

    fn update_view(&mut self, action: Action) {
        match self.view {
            View::Lesson => self.lesson.update(action),
            View::Explore => self.explore.update(action),
            View::Compare => self.compare.update(action),
            View::Playground => self.playground.update(action),
            View::Quiz => self.quiz_update(action),
            View::Lab => self.lab_update(action),
        }
    }

    pub fn go_to_lesson(&mut self, index: usize) {
        if index < self.course.lessons.len() && index != self.lesson_index {
            self.lesson_index = index;
            self.lesson.load(self.course.lessons.get(index));
        }
    }
}
