//! When a lesson counts as read: when its end has been on screen, not when the
//! learner pages past it. The screen asks `end_seen` after drawing the lesson and,
//! the first time it is true for a day, records `Change::Read(day)`.

/// Whether the last line of a text of `total_lines` lines is visible when the
/// view shows `visible_lines` lines from line `top` (0-based). An empty text
/// counts as seen.
pub fn end_seen(top: usize, visible_lines: usize, total_lines: usize) -> bool {
    visible_lines > 0 && top.saturating_add(visible_lines) >= total_lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_end_is_seen_only_when_the_last_line_is_in_view() {
        // 100 lines, 30 on screen: lines 0–29 shown at first.
        assert!(!end_seen(0, 30, 100));
        assert!(!end_seen(69, 30, 100), "line 98 is the last shown");
        assert!(end_seen(70, 30, 100), "line 99, the last, is shown");
        assert!(end_seen(0, 30, 20), "a short lesson fits at once");
        assert!(!end_seen(0, 0, 20), "nothing drawn, nothing seen");
        assert!(end_seen(usize::MAX, 5, 10), "no overflow");
    }
}
