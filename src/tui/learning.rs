//! The app's side of the learner: the progress loaded at start and how it is
//! saved — after each answer, each note and on quit. Saving applies changes to the
//! file on disk (`Store::apply`) so another acttutor running at the same time keeps
//! its answers too. A failed save never stops the app: the changes stay pending for
//! the next save (the app shows the failure in its notice line).

use crate::learner::{Change, Now, Progress, Store};

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
}

impl Default for LearnerState {
    fn default() -> Self {
        LearnerState {
            progress: Progress::default(),
            store: None,
            clock: Now::system,
            pending: Vec::new(),
        }
    }
}

impl LearnerState {
    pub fn new(learner: Learner) -> LearnerState {
        LearnerState {
            progress: learner.progress,
            store: learner.store,
            clock: learner.clock,
            pending: Vec::new(),
        }
    }

    pub fn now(&self) -> Now {
        (self.clock)()
    }

    /// Note a lesson as read; saved with the next save.
    pub fn mark_read(&mut self, day: u32) {
        if self.progress.read.insert(day) {
            self.pending.push(Change::Read(day));
        }
    }

    /// Save `changes` and the pending ones. On failure they are kept in memory
    /// and retried with the next save; a notice from the store (a repaired
    /// file) comes back in `Ok`.
    pub fn save(&mut self, changes: Vec<Change>) -> anyhow::Result<Option<String>> {
        let mut all = std::mem::take(&mut self.pending);
        all.extend(changes);
        let Some(store) = &self.store else {
            self.progress.apply_all(all);
            return Ok(None);
        };
        match store.apply(&self.progress, all.clone()) {
            Ok(saved) => {
                self.progress = saved.progress;
                Ok(saved.notice)
            }
            Err(err) => {
                self.progress.apply_all(all.clone());
                self.pending = all;
                Err(err)
            }
        }
    }
}
