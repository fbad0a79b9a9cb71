//! Leitner review: a missed question gets a card in box 1, due the next day. Each
//! right answer moves its card up a box, and the box sets the wait until the card is
//! due again: 1, 2, 4, 7 and 14 days, a spread that fits a three-week course. A miss
//! sends the card back to box 1. A right answer in box 5 keeps it there, due in
//! 14 days. Questions answered right the first time get no card: review is for what
//! was missed. Dates are arguments: nothing here reads the clock.

use serde::{Deserialize, Serialize};

use super::date::Date;

/// Days to wait after reaching box 1, 2, 3, 4, 5.
pub const INTERVALS: [i64; 5] = [1, 2, 4, 7, 14];
pub const TOP_BOX: u8 = 5;

/// One question's place in the review schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Card {
    #[serde(rename = "box")]
    pub box_: u8,
    pub due: Date,
}

impl Card {
    pub fn is_due(&self, today: Date) -> bool {
        self.due <= today
    }
}

/// The wait after a card lands in `box_` (1-based, clamped to 1..=5).
pub fn interval(box_: u8) -> i64 {
    INTERVALS[usize::from(box_.clamp(1, TOP_BOX)) - 1]
}

/// The card after an answer given on `today`. `None` in, `None` out for a first
/// right answer: the question does not need review.
pub fn after_answer(card: Option<Card>, correct: bool, today: Date) -> Option<Card> {
    let box_ = match (card, correct) {
        (_, false) => 1,
        (None, true) => return None,
        (Some(card), true) => (card.box_ + 1).min(TOP_BOX),
    };
    Some(Card {
        box_,
        due: today.add_days(interval(box_)),
    })
}
