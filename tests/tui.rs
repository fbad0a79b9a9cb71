//! Screen tests of the app: ratatui's TestBackend + insta snapshots (committed in
//! tests/snapshots/), driven by synthetic key events, at 80x24 and a tiny size.

mod common;
use common::screen::{app, app_with, click, key, mouse, press, screen};

use acttutor::course::{Course, Source};
use acttutor::tui::action::View;
use acttutor::tui::keys::{Focus, BINDINGS};
use acttutor::tui::widgets::buffer_to_text;
use acttutor::tui::widgets::chart::ChartLook;
use acttutor::tui::{App, Options};
use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::backend::TestBackend;
use ratatui::style::Color;
use ratatui::Terminal;

#[test]
fn opens_on_day_one_in_the_lesson_view() {
    let mut app = app();
    let text = screen(&mut app, 80, 24);
    assert!(text.starts_with(" acttutor  Day 1 of"), "{text}");
    insta::assert_snapshot!("lesson_80x24", text);
}

#[test]
fn explore_shows_a_braille_chart_with_cursor_readout() {
    let mut app = app();
    press(&mut app, "2");
    let text = screen(&mut app, 80, 24);
    assert!(text.chars().any(|c| ('\u{2801}'..='\u{28ff}').contains(&c)));
    assert!(
        text.contains("f(x) = 0.5") && text.contains("f′(x) = 0.25"),
        "{text}"
    );
    insta::assert_snapshot!("explore_80x24", text);
    // The cursor moves and the read-out follows.
    press(&mut app, "lllll");
    assert!(screen(&mut app, 80, 24).contains("x = 1 "));
}

#[test]
fn explore_parameters_zoom_filter_and_overlays() {
    let mut app = app();
    press(&mut app, "2/leaky");
    assert!(
        app.screens.explore.filtering,
        "typing goes to the filter box"
    );
    assert_eq!(
        app.view,
        View::Explore,
        "letters do not switch views while typing"
    );
    key(&mut app, KeyCode::Enter);
    assert_eq!(
        app.screens.explore.current().unwrap().act.name,
        "leaky_relu"
    );
    press(&mut app, "]]]");
    assert_eq!(app.screens.explore.current().unwrap().params[0], 0.04);
    let text = screen(&mut app, 80, 24);
    assert!(text.contains("α = 0.04"), "{text}");
    press(&mut app, "+");
    assert!(app.screens.explore.chart.half_width < 5.0);
    press(&mut app, "0");
    assert_eq!(app.screens.explore.chart.half_width, 5.0);
    press(&mut app, "o");
    assert_eq!(app.screens.explore.overlays, vec!["leaky_relu"]);
    press(&mut app, "d");
    assert!(!app.screens.explore.chart.show_derivative);
    insta::assert_snapshot!("explore_leaky_80x24", screen(&mut app, 80, 24));
}

#[test]
fn gelu_shows_its_minimum_marker() {
    let mut app = app();
    press(&mut app, "2/gelu");
    key(&mut app, KeyCode::Esc);
    let text = screen(&mut app, 100, 30);
    assert!(text.contains("min -0.17 at x = -0.7518"), "{text}");
}

#[test]
fn compare_sorts_and_shows_the_selected_row() {
    let mut app = app();
    press(&mut app, "3");
    let text = screen(&mut app, 80, 24);
    assert!(text.contains("name ▲"), "{text}");
    press(&mut app, "sssss");
    assert!(screen(&mut app, 120, 30).contains("year ▲"));
    press(&mut app, "r");
    assert!(screen(&mut app, 120, 30).contains("year ▼"));
    insta::assert_snapshot!("compare_80x24", screen(&mut app, 80, 24));
}

#[test]
fn lesson_navigation_and_scrolling() {
    let mut app = app();
    press(&mut app, "n");
    assert!(screen(&mut app, 80, 24).contains("Day 2 of"));
    press(&mut app, "p");
    assert!(screen(&mut app, 80, 24).contains("Day 1 of"));
    press(&mut app, "p");
    assert!(screen(&mut app, 80, 24).contains("Day 1 of"), "no day 0");
    let top = screen(&mut app, 80, 24);
    press(&mut app, "jjj");
    assert_ne!(screen(&mut app, 80, 24), top);
    press(&mut app, "g");
    assert_eq!(screen(&mut app, 80, 24), top);
    press(&mut app, "G");
    let bottom = screen(&mut app, 80, 24);
    press(&mut app, "j");
    assert_eq!(
        screen(&mut app, 80, 24),
        bottom,
        "scrolling stops at the end"
    );
}

#[test]
fn wide_lesson_view_has_a_chart_beside_the_text() {
    let mut app = app();
    let text = screen(&mut app, 140, 40);
    assert!(text.contains("chart"));
    assert!(text.chars().any(|c| ('\u{2801}'..='\u{28ff}').contains(&c)));
}

#[test]
fn tabs_cycle_and_every_view_renders() {
    let mut app = app();
    for view in View::ALL {
        assert_eq!(app.view, view);
        let text = screen(&mut app, 80, 24);
        assert!(text.contains(&format!("{} {}", view.index() + 1, view.title())));
        key(&mut app, KeyCode::Tab);
    }
    assert_eq!(app.view, View::Lesson);
    app.handle_key(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT));
    assert_eq!(app.view, View::Playground);
    // The playground has its own screen tests (tests/playground.rs).
    assert!(screen(&mut app, 80, 24).contains(" f(x) = "));
}

#[test]
fn help_overlay_lists_every_binding() {
    let mut app = app();
    press(&mut app, "?");
    let text = screen(&mut app, 100, 50);
    insta::assert_snapshot!("help_100x50", text);
    // Each view's help lists the keys that work there (paging down through
    // it); together, every key. Some keys are offered only when what they act
    // on is on screen: the lab's example keys once an example is open, its
    // image keys on the digits, `{`/`}` for a function with two parameters.
    key(&mut app, KeyCode::Esc);
    press(&mut app, "5");
    while app.screens.lab.config().dataset != acttutor::lab::DatasetKind::Digits {
        press(&mut app, "D");
    }
    press(&mut app, "x2/softplus");
    key(&mut app, KeyCode::Enter);
    press(&mut app, "?");
    let mut texts = Vec::new();
    for view in View::ALL {
        app.view = view;
        app.settle();
        let mut text = String::new();
        for _ in 0..6 {
            text.push_str(&screen(&mut app, 100, 50));
            key(&mut app, KeyCode::PageDown);
        }
        key(&mut app, KeyCode::Home);
        let offers = |a| app.screens.get(view).offers(a);
        for (_, lines) in acttutor::tui::keys::help_sections(view, &offers) {
            for (_, help, _) in lines {
                assert!(text.contains(help), "{view:?} help lacks '{help}'");
            }
        }
        for b in BINDINGS.iter().filter(|b| !offers(b.action)) {
            assert!(!text.contains(b.help), "{view:?} help offers '{}'", b.help);
        }
        texts.push(text);
    }
    for b in BINDINGS {
        let shown = texts.iter().any(|t| t.contains(b.help));
        assert!(shown, "no view's help has '{}'", b.help);
    }
    app.view = View::Lesson;
    key(&mut app, KeyCode::Esc);
    assert!(!app.help.open);
    press(&mut app, "??");
    assert!(!app.help.open, "? closes it too");
}

#[test]
fn footer_hints_come_from_the_key_table() {
    let mut app = app();
    let text = screen(&mut app, 120, 30);
    let footer = text.lines().last().unwrap();
    for (keys, hint) in acttutor::tui::keys::footer(View::Lesson, Focus::View)
        .into_iter()
        .take(4)
    {
        assert!(footer.contains(&format!("{keys} {hint}")), "{footer}");
    }
}

#[test]
fn tiny_terminals_get_a_message_and_the_app_recovers() {
    let mut app = app();
    press(&mut app, "2");
    let small = screen(&mut app, 50, 15);
    assert!(small.contains("Terminal too small"), "{small}");
    assert!(small.contains("50×15"));
    insta::assert_snapshot!("too_small_50x15", small);
    for (w, h) in [(1, 1), (0, 0), (3, 40), (200, 2)] {
        screen(&mut app, w, h); // must not panic
    }
    for (w, h) in [(59, 20), (60, 19)] {
        assert!(screen(&mut app, w, h).contains("too small"), "{w}x{h}");
    }
    let again = screen(&mut app, 80, 24);
    assert!(again.contains("2 Explore") && !again.contains("too small"));
}

#[test]
fn no_color_draws_without_colour_and_keeps_curves_apart() {
    let mut app = app_with(ChartLook {
        color: false,
        braille: true,
    });
    press(&mut app, "2");
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal.draw(|frame| app.draw(frame)).unwrap();
    let buffer = terminal.backend().buffer();
    assert!(buffer
        .content()
        .iter()
        .all(|c| c.fg == Color::Reset && c.bg == Color::Reset));
    let text = buffer_to_text(buffer, false);
    assert!(
        text.contains("(solid)") && text.contains("(dotted)"),
        "{text}"
    );
}

#[test]
fn dots_fallback_draws_without_braille() {
    let mut app = app_with(ChartLook {
        color: true,
        braille: false,
    });
    press(&mut app, "2");
    let text = screen(&mut app, 80, 24);
    assert!(!text.chars().any(|c| ('\u{2801}'..='\u{28ff}').contains(&c)));
    assert!(text.contains('•'));
}

#[test]
fn quit_keys() {
    let mut app = app();
    press(&mut app, "q");
    assert!(app.quit);
    let mut app = self::app();
    app.handle_key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
    assert!(app.quit);
    // While typing in a filter, q types instead of quitting; Ctrl-C still quits.
    let mut app = self::app();
    press(&mut app, "2/q");
    assert!(!app.quit);
    app.handle_key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
    assert!(app.quit);
}

#[test]
fn a_broken_lesson_is_shown_as_a_notice_and_the_rest_loads() {
    let good = Course::load(&Source::Embedded).lessons[0].file.clone();
    let text = acttutor::course::EMBEDDED
        .iter()
        .find(|(name, _)| good.ends_with(name))
        .map(|(_, text)| text.to_string())
        .unwrap();
    let course = Course::from_files(vec![
        ("day01.md".into(), Ok(text)),
        ("day02.md".into(), Ok("no front matter".into())),
    ]);
    let mut app = App::new(course, Options::default());
    let screen = screen(&mut app, 100, 30);
    assert!(screen.contains("Day 1 of 1"), "{screen}");
    assert!(screen.contains("course problem: day02.md:1:"), "{screen}");
}

#[test]
fn every_view_draws_at_every_size_without_panicking() {
    for view in View::ALL {
        let mut app = app();
        press(&mut app, &(view.index() + 1).to_string());
        for w in (0..=130).step_by(9) {
            for h in (0..=60).step_by(6) {
                screen(&mut app, w, h);
            }
        }
        // Every size around the smallest the app draws (60x20), where layouts
        // switch between "too small" and the tightest real layout.
        for w in 56..=64 {
            for h in 17..=24 {
                screen(&mut app, w, h);
            }
        }
    }
}

#[test]
fn the_help_scrolls_on_a_short_terminal() {
    let mut app = app();
    press(&mut app, "5?");
    let top = screen(&mut app, 80, 24);
    assert!(top.contains("In Lab") && top.contains("more ↓"), "{top}");
    let first_rows: Vec<&str> = top.lines().take(6).collect();
    assert!(
        first_rows.iter().any(|l| l.contains("q quit")),
        "how to quit is on the first page: {top}"
    );
    assert!(
        !top.contains("Everywhere"),
        "the global keys come after the view's"
    );
    key(&mut app, KeyCode::End);
    let bottom = screen(&mut app, 80, 24);
    assert!(
        bottom.contains("step ▶ ‖"),
        "the lab's legend ends it: {bottom}"
    );
    assert!(!bottom.contains("more ↓"));
    press(&mut app, "jjj");
    assert_eq!(
        screen(&mut app, 80, 24),
        bottom,
        "scrolling stops at the end"
    );
    press(&mut app, "g");
    assert_eq!(screen(&mut app, 80, 24), top);
    // Paging through shows every key and explains every symbol of the lab.
    let mut pages = String::new();
    for _ in 0..20 {
        pages.push_str(&screen(&mut app, 80, 24));
        key(&mut app, KeyCode::PageDown);
    }
    for shown in [
        "Everywhere",
        "Reading the lab",
        "○",
        "✕",
        "◐",
        "●",
        "‖∇W‖",
        "μ σ",
        "histogram",
        "o x ░",
    ] {
        assert!(pages.contains(shown), "the lab's help explains {shown}");
    }
    press(&mut app, "q");
    assert!(
        app.quit,
        "q quits from the help too, as its first line says"
    );
}

/// Every `.rs` file under `src/tui/<dir>`, with its text.
fn sources(dir: &str) -> Vec<(String, String)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/tui");
    let mut files = Vec::new();
    let mut stack = vec![root.join(dir)];
    while let Some(path) = stack.pop() {
        if path.is_dir() {
            for entry in std::fs::read_dir(&path).unwrap() {
                stack.push(entry.unwrap().path());
            }
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).unwrap();
            files.push((path.display().to_string(), text));
        }
    }
    files
}

#[test]
fn the_tui_keeps_its_shape() {
    // Views and widgets do not know the app: they get a context and view-models.
    for dir in ["views", "widgets"] {
        for (file, text) in sources(dir) {
            for banned in [
                "tui::app",
                "super::app",
                "super::super::app",
                "App {",
                "&App",
            ] {
                assert!(!text.contains(banned), "{file} uses the app ({banned})");
            }
            // Drawing never writes state: no interior mutability to hide it in.
            for banned in ["std::cell", "RefCell", "Cell<", "OnceCell"] {
                assert!(!text.contains(banned), "{file} has {banned}");
            }
        }
    }
    for (file, text) in sources("widgets") {
        assert!(!text.contains("tui::views"), "{file} imports a view");
    }
    // The app's methods live in the app's file only.
    for (file, text) in sources("") {
        if !file.ends_with("src/tui/app.rs") {
            assert!(!text.contains("impl App"), "{file} has an `impl App`");
        }
    }
}

/// Where `needle` starts on the screen: (column, row); a leading newline in
/// `needle` asks for a line that starts with the rest (after the indent).
fn find(text: &str, needle: &str) -> (u16, u16) {
    if let Some(start) = needle.strip_prefix('\n') {
        return text
            .lines()
            .enumerate()
            .find_map(|(row, line)| {
                let indent = line.len() - line.trim_start().len();
                line.trim_start()
                    .starts_with(start)
                    .then_some((indent as u16, row as u16))
            })
            .unwrap_or_else(|| panic!("no line starts with {start}: {text}"));
    }
    text.lines()
        .enumerate()
        .find_map(|(row, line)| {
            line.find(needle)
                .map(|at| (line[..at].chars().count() as u16, row as u16))
        })
        .unwrap_or_else(|| panic!("{needle} not on screen: {text}"))
}

#[test]
fn a_click_on_a_tab_switches_the_view() {
    let mut app = app();
    let text = screen(&mut app, 80, 24);
    for (label, view) in [
        ("3 Compare", View::Compare),
        ("6 Playground", View::Playground),
        ("1 Lesson", View::Lesson),
    ] {
        let (x, y) = find(&text, label);
        click(&mut app, x + 2, y);
        assert_eq!(app.view, view, "{label}");
    }
    // A click beside the tabs does nothing.
    click(&mut app, 79, 1);
    assert_eq!(app.view, View::Lesson);
}

#[test]
fn the_wheel_scrolls_the_lesson_and_the_help() {
    let mut app = app();
    let top = screen(&mut app, 80, 24);
    mouse(&mut app, MouseEventKind::ScrollDown, 10, 10);
    assert_eq!(app.screens.lesson.scroll, 3);
    assert_ne!(screen(&mut app, 80, 24), top);
    mouse(&mut app, MouseEventKind::ScrollUp, 10, 10);
    assert_eq!(screen(&mut app, 80, 24), top);
    press(&mut app, "?");
    let help = screen(&mut app, 80, 24);
    mouse(&mut app, MouseEventKind::ScrollDown, 10, 10);
    assert_ne!(screen(&mut app, 80, 24), help, "the help scrolls");
    assert_eq!(app.screens.lesson.scroll, 0, "not the lesson under it");
}

#[test]
fn a_click_in_a_chart_moves_its_cursor_and_on_a_row_selects_it() {
    let mut app = app();
    press(&mut app, "2");
    let text = screen(&mut app, 100, 30);
    // The plot spans x from -5 to 5: a click near its right end reads x > 3.
    let (x, y) = find(&text, "x = 0 ");
    click(&mut app, 99, y - 4);
    assert!(app.screens.explore.chart.cursor > 3.0, "{}", x);
    click(&mut app, 30, y - 4);
    assert!(app.screens.explore.chart.cursor < -3.0);
    // A click on the function list selects that function.
    let text = screen(&mut app, 100, 30);
    let (x, y) = find(&text, "relu");
    click(&mut app, x, y);
    assert_eq!(app.screens.explore.current().unwrap().act.name, "relu");
    // Compare: a click on a row selects it.
    press(&mut app, "3");
    let text = screen(&mut app, 100, 30);
    let (x, y) = find(&text, "\nelu ");
    click(&mut app, x, y);
    let rows = app.screens.compare.rows();
    assert_eq!(rows[app.screens.compare.selected].name, "elu");
}

#[test]
fn a_burst_of_keys_is_handled_in_full_and_measured_once() {
    let mut app = app();
    press(&mut app, "5");
    // Keys arrive faster than frames: the loop handles them all, then settles.
    for _ in 0..3000 {
        app.handle_event(Event::Key(KeyEvent::new(
            KeyCode::Char(' '),
            KeyModifiers::NONE,
        )));
    }
    app.settle();
    assert_eq!(app.screens.lab.step_count(), 3000);
    assert!(screen(&mut app, 80, 24).contains("step 3000"));
}

#[test]
fn after_esc_n_and_p_move_between_days_again() {
    let mut app = app();
    press(&mut app, "2/gel");
    assert_eq!(app.screens.explore.filter, "gel");
    press(&mut app, "n");
    assert_eq!(app.lesson_index, 0, "n types into the filter");
    key(&mut app, KeyCode::Esc);
    press(&mut app, "n");
    assert_eq!(app.lesson_index, 1);
    press(&mut app, "p");
    assert_eq!(app.lesson_index, 0);
}

#[test]
fn a_paste_outside_a_text_box_does_nothing() {
    let mut app = app();
    press(&mut app, "4");
    let before = screen(&mut app, 80, 24);
    app.handle_event(Event::Paste("1234 q n p r".into()));
    app.settle();
    assert!(!app.quit && app.view == View::Quiz);
    assert!(
        app.learner.progress.answers.is_empty(),
        "no answer recorded"
    );
    assert_eq!(screen(&mut app, 80, 24), before);
}

#[test]
fn ctrl_z_asks_the_loop_to_suspend_from_anywhere() {
    let mut app = app();
    press(&mut app, "2/");
    assert!(app.screens.explore.filtering);
    app.handle_key(KeyEvent::new(KeyCode::Char('z'), KeyModifiers::CONTROL));
    assert!(app.suspend && !app.quit, "suspend, not type or quit");
    assert_eq!(app.screens.explore.filter, "", "nothing typed");
}

#[test]
fn any_storm_of_keys_pastes_clicks_and_resizes_leaves_the_app_whole() {
    let mut app = app();
    // A small linear congruential generator: the same storm on every run.
    let mut seed: u64 = 0x5eed;
    let mut next = move |n: u64| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) % n
    };
    let keys: Vec<KeyCode> = "1234567890abcdefghijklmnoprstuvwxyzABDGLOPR!@#$[]{}<>+-=/? "
        .chars()
        .map(KeyCode::Char)
        .chain([
            KeyCode::Enter,
            KeyCode::Esc,
            KeyCode::Tab,
            KeyCode::BackTab,
            KeyCode::Backspace,
            KeyCode::Up,
            KeyCode::Down,
            KeyCode::Left,
            KeyCode::Right,
            KeyCode::PageUp,
            KeyCode::PageDown,
            KeyCode::Home,
            KeyCode::End,
            KeyCode::F(1),
            KeyCode::F(5),
            KeyCode::F(6),
        ])
        .collect();
    let (mut width, mut height) = (80u16, 24u16);
    for i in 0..2000 {
        let event = match next(10) {
            0..=5 => Event::Key(KeyEvent::new(
                keys[next(keys.len() as u64) as usize],
                KeyModifiers::NONE,
            )),
            6 => Event::Paste("x*".repeat(next(300) as usize) + "\n(ä)"),
            7 => Event::Mouse(MouseEvent {
                kind: [
                    MouseEventKind::Down(MouseButton::Left),
                    MouseEventKind::ScrollUp,
                    MouseEventKind::ScrollDown,
                ][next(3) as usize],
                column: next(u64::from(width) + 5) as u16,
                row: next(u64::from(height) + 5) as u16,
                modifiers: KeyModifiers::NONE,
            }),
            8 => {
                width = next(201) as u16;
                height = next(61) as u16;
                Event::Resize(width, height)
            }
            _ => Event::FocusGained,
        };
        app.handle_event(event);
        app.quit = false;
        app.suspend = false;
        if i % 25 == 0 {
            app.settle();
            screen(&mut app, width, height);
        }
    }
    app.settle();
    assert!(screen(&mut app, 100, 30).contains("acttutor"));
}
