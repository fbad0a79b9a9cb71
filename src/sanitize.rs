//! Text from files and arguments, made safe for a terminal.
//!
//! A lesson, a progress file or a command-line argument can carry control
//! characters: an escape sequence in a lesson could set the window title, write
//! the clipboard (OSC 52) or move the cursor. Every string that comes from outside
//! the program passes through here before it reaches a terminal, and shows each
//! control character as a visible escape (`\x1b`, `\u{9b}`) instead.
//!
//! What counts as a control character: C0 (U+0000–U+001F), DEL (U+007F), C1
//! (U+0080–U+009F), and the Unicode bidirectional overrides and isolates
//! (U+202A–U+202E, U+2066–U+2069), which reorder what a reader sees
//! ("Trojan Source", CVE-2021-42574).

use std::borrow::Cow;

/// Whether `c` must not reach a terminal as it is.
pub fn is_control(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// One line for a terminal: every control character, newlines and tabs
/// included, shown as a visible escape.
pub fn clean_line(s: &str) -> Cow<'_, str> {
    clean(s, |_| false)
}

/// Multi-line text for a terminal: newlines and tabs stay, every other control
/// character is shown as a visible escape.
pub fn clean_text(s: &str) -> Cow<'_, str> {
    clean(s, |c| c == '\n' || c == '\t')
}

/// A piece of input quoted in a message: one clean line of at most `max`
/// characters (then "…"), so a hostile or huge name cannot flood a message.
pub fn clean_quote(s: &str, max: usize) -> String {
    let line = clean_line(s);
    match line.char_indices().nth(max) {
        Some((end, _)) => format!("{}…", &line[..end]),
        None => line.into_owned(),
    }
}

/// The first control character in `s` that `clean_text` would escape, with its
/// byte offset: for `check`, which reports where it is.
pub fn first_control(s: &str) -> Option<(usize, char)> {
    s.char_indices()
        .find(|&(_, c)| is_control(c) && c != '\n' && c != '\t')
}

fn clean(s: &str, keep: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !s.chars().any(|c| is_control(c) && !keep(c)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_control(c) && !keep(c) {
            out.push_str(&visible_escape(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// `\x1b` for one-byte characters, `\u{9b}` for the rest.
fn visible_escape(c: char) -> String {
    let code = u32::from(c);
    if code < 0x80 {
        format!("\\x{code:02x}")
    } else {
        format!("\\u{{{code:x}}}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn osc52_clipboard_write_is_shown_not_sent() {
        // OSC 52 ; c ; base64 BEL: what a hostile lesson would carry.
        let hostile = "Day 1\x1b]52;c;ZWNobyBoaQ==\x07 ok";
        let cleaned = clean_line(hostile);
        assert_eq!(cleaned, "Day 1\\x1b]52;c;ZWNobyBoaQ==\\x07 ok");
        assert!(!cleaned.chars().any(is_control));
    }

    #[test]
    fn c1_csi_and_bidi_overrides_are_escaped() {
        assert_eq!(clean_line("a\u{9b}2Jb"), "a\\u{9b}2Jb");
        assert_eq!(clean_line("x\u{202E}y\u{2066}z"), "x\\u{202e}y\\u{2066}z");
        assert_eq!(clean_line("del\u{7f}"), "del\\x7f");
    }

    #[test]
    fn text_keeps_newlines_and_tabs_but_not_carriage_returns() {
        assert_eq!(clean_text("a\n\tb\r\nc"), "a\n\tb\\x0d\nc");
        assert_eq!(clean_line("a\nb"), "a\\x0ab");
    }

    #[test]
    fn clean_strings_are_borrowed_untouched() {
        let s = "σ(x) = 1 / (1 + e^−x) — ✕ ◐ ●";
        assert!(matches!(clean_text(s), Cow::Borrowed(_)));
        assert!(matches!(clean_line(s), Cow::Borrowed(_)));
    }

    #[test]
    fn quotes_are_clean_and_short() {
        assert_eq!(clean_quote("abc", 3), "abc");
        assert_eq!(clean_quote("abcd", 3), "abc…");
        assert_eq!(clean_quote("\x1b]0;t", 20), "\\x1b]0;t");
    }

    #[test]
    fn first_control_reports_the_offset() {
        assert_eq!(first_control("ab\ncd"), None);
        assert_eq!(first_control("é\x1b[2J"), Some((2, '\x1b')));
    }
}
