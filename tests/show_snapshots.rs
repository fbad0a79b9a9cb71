//! `acttutor show` as a reader sees it at 80 columns, for the lessons with the
//! widest tables, quotes and formulas (issue 12): tables never split a word or a
//! code span (or turn into one block per row), quotes end with their text, the
//! title prints once and no raw backticks appear. Each snapshot was read line by
//! line when it was accepted.

mod common;

fn show(day: &str) -> String {
    // Not a terminal: `show` wraps at its fixed 80 columns.
    let text = common::stdout_of(&["show", day]);
    assert!(
        text.lines().all(|l| l.chars().count() <= 80),
        "day {day} has a line over 80 columns"
    );
    assert!(!text.contains('`'), "day {day} shows a raw backtick");
    text
}

/// A quote never ends with a bar-only line.
fn assert_quotes_end_with_text(text: &str) {
    let lines: Vec<&str> = text.lines().collect();
    for pair in lines.windows(2) {
        let bar_only = pair[0].trim() == "▎";
        assert!(
            !bar_only || pair[1].starts_with('▎'),
            "a quote ends with an empty bar:\n{text}"
        );
    }
}

macro_rules! show_snapshot {
    ($name:ident, $day:literal) => {
        #[test]
        fn $name() {
            let text = show($day);
            assert_quotes_end_with_text(&text);
            let title = text.lines().next().unwrap_or_default().to_string();
            let heading = title.split(" · ").nth(1).unwrap_or_default();
            assert_eq!(text.matches(heading).count(), 1, "the title prints once");
            insta::assert_snapshot!(text);
        }
    };
}

show_snapshot!(show_day_04_80, "4");
show_snapshot!(show_day_16_80, "16");
show_snapshot!(show_day_17_80, "17");
show_snapshot!(show_day_19_80, "19");
show_snapshot!(show_day_21_80, "21");
