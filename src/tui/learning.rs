//! The app's side of the learner: the progress loaded at start, where the app
//! reopens, and saving — after each answer, each note and on quit. Saving applies
//! changes to the file on disk (`Store::apply`) so another acttutor running at the
//! same time keeps its answers too. A failed save never stops the app: it is shown
//! in `app.notice` and the changes stay pending for the next save.

use crossterm::event::{KeyCode, KeyEvent};

use super::action::View;
use super::app::App;
use crate::learner::{Change, Now, Progress, Resume, Store};

/// What the app is given at start.
pub struct Learner {
    pub store: Option<Store>,
    pub progress: Progress,
    pub notice: Option<String>,
    pub clock: fn() -> Now,
}

impl Learner {
    /// The learner's stored progress (`ACTTUTOR_HOME` or the data directory).
    pub fn system() -> Learner {
        match Store::locate() {
            Ok(store) => {
                let loaded = store.load();
                Learner {
                    store: Some(store),
                    progress: loaded.progress,
                    notice: loaded.notice,
                    clock: Now::system,
                }
            }
            Err(err) => Learner {
                store: None,
                progress: Progress::default(),
                notice: Some(format!("progress will not be saved: {err:#}")),
                clock: Now::system,
            },
        }
    }

    /// Progress kept in memory only (tests, or when nothing can be saved).
    pub fn in_memory(progress: Progress, clock: fn() -> Now) -> Learner {
        Learner {
            store: None,
            progress,
            notice: None,
            clock,
        }
    }
}

/// The learner's state inside the app.
pub struct LearnerState {
    pub progress: Progress,
    pub store: Option<Store>,
    pub clock: fn() -> Now,
    /// Changes not saved yet: lessons opened, and changes whose save failed.
    pending: Vec<Change>,
    /// The Today panel is shown.
    pub today_open: bool,
}

impl Default for LearnerState {
    fn default() -> Self {
        LearnerState {
            progress: Progress::default(),
            store: None,
            clock: Now::system,
            pending: Vec::new(),
            today_open: false,
        }
    }
}

impl App {
    /// Give the app the learner's progress; open on `start` (day, view), else where
    /// the learner left off with the Today panel shown.
    pub fn attach_learner(&mut self, learner: Learner, start: Option<(u32, View)>) {
        let resume = learner.progress.resume.clone();
        let current_day = learner.progress.current_day;
        self.playground
            .set_saved_formulas(learner.progress.playground.clone());
        self.learner = LearnerState {
            progress: learner.progress,
            store: learner.store,
            clock: learner.clock,
            pending: Vec::new(),
            today_open: start.is_none(),
        };
        if learner.notice.is_some() {
            self.notice = learner.notice;
        }
        let (day, view) = start.unwrap_or_else(|| match resume {
            Some(r) => (r.day, View::from_key(&r.view).unwrap_or_default()),
            None => (current_day, View::Lesson),
        });
        if let Some(index) = self.course.lessons.iter().position(|l| l.day == day) {
            self.go_to_lesson(index);
        }
        self.view = view;
        self.after_update();
    }

    pub fn now(&self) -> Now {
        (self.learner.clock)()
    }

    /// Save `changes`, the pending ones and where the app is now. On failure the
    /// changes are kept in memory and retried with the next save.
    pub fn record(&mut self, changes: Vec<Change>) -> anyhow::Result<()> {
        let mut all = std::mem::take(&mut self.learner.pending);
        all.extend(changes);
        if let Some(lesson) = self.current_lesson() {
            all.push(Change::Resume(Resume {
                day: lesson.day,
                view: self.view.key().to_string(),
            }));
        }
        let Some(store) = &self.learner.store else {
            self.learner.progress.apply_all(all);
            return Ok(());
        };
        match store.apply(&self.learner.progress, all.clone()) {
            Ok(saved) => {
                self.learner.progress = saved.progress;
                // Formulas another app kept meanwhile appear here too.
                let formulas = self.learner.progress.playground.clone();
                self.playground.set_saved_formulas(formulas);
                if saved.notice.is_some() {
                    self.notice = saved.notice;
                }
                Ok(())
            }
            Err(err) => {
                self.learner.progress.apply_all(all.clone());
                self.learner.pending = all;
                Err(err)
            }
        }
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

    /// Run after every action: note the lesson as read, keep the quiz in step
    /// with the lesson shown.
    pub(crate) fn after_update(&mut self) {
        if self.view == View::Lesson {
            if let Some(day) = self.current_lesson().map(|l| l.day) {
                if self.learner.progress.read.insert(day) {
                    self.learner.pending.push(Change::Read(day));
                }
            }
        }
        self.sync_quiz();
    }

    /// A key while the Today panel is open closes it; Esc and Enter do only that.
    pub(crate) fn close_today(&mut self, key: &KeyEvent) -> bool {
        self.learner.today_open = false;
        matches!(key.code, KeyCode::Esc | KeyCode::Enter)
    }
}
