//! The learner: grading, review scheduling, progress and where it is stored.
//! No terminal code: the app and the command line both build on this.
//!
//! Definitions used everywhere:
//!
//! - **Passed.** A day's lesson is passed when, in one quiz session, the learner's
//!   first graded answers are right for at least 75% of the lesson's questions
//!   (rounded up: 5 of 6, 6 of 7, 6 of 8). Review questions mixed into the quiz do
//!   not count. Passing moves `current_day` to the next day. Reading ahead is
//!   always allowed; passing a later day moves `current_day` past it.
//! - **Review.** A missed question gets a Leitner card (see `schedule`): box 1, due
//!   the next calendar day. Due cards from other days join the next quizzes.
//! - **Streak.** Consecutive local calendar days with at least one answer; shown
//!   as 0 once a whole day has passed without one.

pub mod date;
pub mod grade;
pub mod order;
pub mod progress;
pub mod reading;
pub mod schedule;
pub mod session;
pub mod store;

pub use date::{Date, Now};
pub use grade::{grade, grade_shown, Graded, Verdict};
pub use order::OptionOrder;
pub use progress::{Answer, Change, Progress, Resume, Score};
pub use session::Session;
pub use store::{ImportMode, Imported, Loaded, Store};
