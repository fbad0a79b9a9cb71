//! Screen tests of the lab's inspector (issue 16): the neuron panel, the example
//! stepped through and the narration line, by keys and by mouse, at 80x24 and
//! 120x40. The numbers on screen are checked against the library run on its own
//! (a `Lab` built from the same settings and stepped as often): the inspector's
//! numbers themselves are checked against finite differences in lab_inspect.rs.

mod common;

use acttutor::course::{Course, Source};
use acttutor::format::compact;
use acttutor::lab::inspect::{self, UnitRef};
use acttutor::lab::narrate::Narrator;
use acttutor::lab::Lab;
use acttutor::tui::action::View;
use acttutor::tui::widgets::chart::ChartLook;
use acttutor::tui::{App, Options};
use common::screen::{click, press, screen};

fn lab_app(day: u32) -> App {
    App::new(
        Course::load(&Source::Embedded),
        Options {
            look: ChartLook {
                color: true,
                braille: true,
            },
            start_day: day,
            start_view: View::Lab,
        },
    )
}

/// The lab the app runs, rebuilt by the library alone: the same settings,
/// stepped as often.
fn replica(app: &App) -> Lab {
    let state = &app.screens.lab;
    let mut lab = Lab::new(state.config().clone()).expect("the app's settings run");
    lab.steps(state.step_count());
    lab
}

/// The (column, row) of the first cell at which `line` has `text`.
fn find(screen: &str, text: &str) -> Option<(u16, u16)> {
    screen.lines().enumerate().find_map(|(row, line)| {
        let at = line.find(text)?;
        Some((line[..at].chars().count() as u16, row as u16))
    })
}

/// The row of the first line that starts with `prefix`.
fn row_starting(screen: &str, prefix: &str) -> Option<u16> {
    screen
        .lines()
        .position(|l| l.starts_with(prefix))
        .map(|r| r as u16)
}

/// The footer: the last line of the screen.
fn footer(screen: &str) -> &str {
    screen.lines().last().unwrap_or("")
}

#[test]
fn the_neuron_panel_shows_the_units_numbers_at_80x24_and_120x40() {
    // Day 7: ReLU at lr 5 on moons; after 20 steps most of layer 1 is dead.
    let mut app = lab_app(7);
    press(&mut app, "ss");
    let before = screen(&mut app, 80, 24);
    assert!(footer(&before).contains("u neuron") || !before.contains("f′=0 on"));
    press(&mut app, "u");
    let small = screen(&mut app, 80, 24);
    let large = screen(&mut app, 120, 40);
    let report = inspect::inspect(&replica(&app), UnitRef { layer: 1, unit: 0 }).expect("a unit");
    assert_eq!(
        report.state().label(),
        "dead",
        "unit 0 of L1 died by step 20"
    );
    for text in [&small, &large] {
        assert!(text.contains("L1:0 ✕ dead"), "{text}");
        let weights: Vec<String> = report.weights.iter().map(|&w| compact(w, 2)).collect();
        let title = format!("w {} · b {}", weights.join(" "), compact(report.bias, 2));
        assert!(text.contains(&title), "{title}\n{text}");
        assert!(text.contains("f′=0 on 100%"), "{text}");
        assert!(text.contains("∂L/∂w 0 0 · ∂L/∂b 0"), "no gradient: {text}");
        let moved = format!("{} in all", compact(report.moved, 2));
        assert!(text.contains(&moved), "{moved}\n{text}");
        // The histogram of its z, under f and f′.
        assert!(text.contains("z over 400 training points"), "{text}");
    }
    insta::assert_snapshot!("inspect_neuron_80x24", small);
    insta::assert_snapshot!("inspect_neuron_120x40", large);
}

#[test]
fn keys_pick_the_unit_and_the_layer() {
    let mut app = lab_app(7);
    press(&mut app, ">");
    assert!(app.screens.lab.inspecting, "> opens the panel");
    assert!(screen(&mut app, 120, 40).contains("L1:1 "));
    press(&mut app, "]>");
    assert_eq!((app.screens.lab.layer, app.screens.lab.unit), (1, 2));
    let wide = screen(&mut app, 120, 40);
    assert!(wide.contains("L2:2 "), "{wide}");
    // Its 8 incoming weights in full where they fit, as a norm where not.
    let report = inspect::inspect(&replica(&app), UnitRef { layer: 2, unit: 2 }).expect("a unit");
    let weights: Vec<String> = report.weights.iter().map(|&w| compact(w, 2)).collect();
    assert_eq!(weights.len(), 8);
    assert!(wide.contains(&format!("w {}", weights.join(" "))), "{wide}");
    let norm = report.weights.iter().map(|w| w * w).sum::<f64>().sqrt();
    let narrow = screen(&mut app, 80, 24);
    assert!(
        narrow.contains(&format!("w ‖·‖ {} of 8", compact(norm, 2))),
        "{narrow}"
    );
    press(&mut app, "<<<");
    assert_eq!(app.screens.lab.unit, 7, "wraps around the layer's 8 units");
    press(&mut app, "u");
    assert!(!app.screens.lab.inspecting);
    assert!(
        !screen(&mut app, 120, 40).contains("f′=0 on"),
        "u closes it"
    );
}

#[test]
fn a_click_on_a_neuron_inspects_it() {
    let mut app = lab_app(7);
    let text = screen(&mut app, 120, 40);
    // The layer rows start "▸L1    " and " L2    ": neuron k at column 7 + 2k.
    let row = row_starting(&text, " L2 ").expect("layer 2's row");
    click(&mut app, 7 + 2 * 3, row);
    let lab = &app.screens.lab;
    assert!(lab.inspecting);
    assert_eq!((lab.layer, lab.unit), (1, 3));
    let text = screen(&mut app, 120, 40);
    assert!(text.contains("L2:3 "), "{text}");
    // A click on the gradient bar of the row is not a neuron.
    let row = row_starting(&text, "▸L2").expect("layer 2 is selected now");
    click(&mut app, 40, row);
    assert_eq!(app.screens.lab.unit, 3);
}

/// The stages' text at the final stage of the example, and the trace the library
/// computes for the same point.
fn final_stage(app: &mut App, width: u16, height: u16) -> String {
    for _ in 0..40 {
        press(app, ".");
    }
    screen(app, width, height)
}

#[test]
fn the_example_steps_forward_then_back_and_shrinks_in_deep_sigmoid() {
    // Day 5: the deep-sigmoid scenario, six layers of 8.
    let mut app = lab_app(5);
    let footer_before = footer(&screen(&mut app, 120, 40)).to_string();
    assert!(!footer_before.contains("stage"), "{footer_before}");
    press(&mut app, "x");
    let text = screen(&mut app, 120, 40);
    assert!(
        text.contains("stage 1/16"),
        "6 layers: 6 + 1 forward, 1 + 6 back, 2: {text}"
    );
    assert!(
        text.contains("point 0 ") && text.contains("→ L1:0 z "),
        "{text}"
    );
    assert!(!text.contains("← L1:0"), "backward not yet: {text}");
    press(&mut app, ".......");
    let text = screen(&mut app, 120, 40);
    assert!(
        text.contains("→ out:0 z ") && text.contains("← out:0 δ = p − y"),
        "{text}"
    );
    let text = final_stage(&mut app, 120, 40);
    let trace = inspect::trace(&replica(&app), 0, UnitRef { layer: 1, unit: 0 }).expect("a point");
    let slopes: Vec<String> = trace
        .slopes_on_path()
        .iter()
        .rev()
        .map(|&s| compact(s, 2))
        .collect();
    let product = format!("Π f′ {}", slopes.join("·"));
    assert!(text.contains(&product), "{product}\n{text}");
    assert!(
        trace.slopes_on_path().iter().all(|&s| s <= 0.25),
        "σ′ ≤ 1/4"
    );
    let delta = format!("= {}", compact(trace.path_product(), 2));
    assert!(
        text.contains(&delta) && text.contains("∂ℓ/∂b"),
        "{delta}\n{text}"
    );
    // Each step down the path multiplies δ by at most a quarter of a weight.
    assert!(trace.path_product().abs() < 1e-3 * trace.output_delta.abs());
    insta::assert_snapshot!("inspect_example_deep_sigmoid_120x40", text);
    // The next point starts over from the first stage.
    press(&mut app, "}");
    let text = screen(&mut app, 80, 24);
    assert!(
        text.contains("point 1 ") && text.contains("stage 1/16"),
        "{text}"
    );
    assert!(
        footer(&text).contains("stage") || text.contains(". next"),
        "{text}"
    );
    insta::assert_snapshot!("inspect_example_80x24", text);
}

#[test]
fn a_dead_relus_zero_stops_the_signal() {
    let mut app = lab_app(7);
    press(&mut app, "sssss");
    // Find a point whose path from unit 0 of L2 meets a zero slope.
    let lab = replica(&app);
    let target = UnitRef { layer: 1, unit: 0 };
    let point = (0..lab.data().train.len())
        .find(|&p| {
            let t = inspect::trace(&lab, p, target).expect("a point");
            t.slopes_on_path().contains(&0.0)
        })
        .expect("layer 1's unit 0 is dead: its slope is 0 at every point");
    press(&mut app, "x");
    for _ in 0..point {
        press(&mut app, "}");
    }
    let text = final_stage(&mut app, 120, 40);
    assert!(text.contains(&format!("point {point} ")), "{text}");
    assert!(
        text.contains("← L1:0 f′ 0 ·"),
        "the zero that stops it: {text}"
    );
    assert!(text.contains("δ L1:0 = "), "{text}");
    assert!(text.contains("= 0 = ∂ℓ/∂b"), "{text}");
}

#[test]
fn a_click_on_the_boundary_picks_the_nearest_point() {
    let mut app = lab_app(7);
    let text = screen(&mut app, 120, 40);
    let (column, row) = find(&text, "boundary · moons").expect("the boundary plot");
    // A cell of the picture with a training point drawn in it.
    let lines: Vec<Vec<char>> = text.lines().map(|l| l.chars().collect()).collect();
    let (at_column, at_row) = (row + 3..row + 12)
        .flat_map(|r| (column..column + 30).map(move |c| (c, r)))
        .find(|&(c, r)| matches!(lines[r as usize].get(c as usize), Some('o' | 'x')))
        .expect("training points in the picture");
    click(&mut app, at_column, at_row);
    let example = app
        .screens
        .lab
        .example
        .expect("the click opened the example");
    let text = screen(&mut app, 120, 40);
    assert!(
        text.contains(&format!("point {} ", example.point)),
        "{text}"
    );
    // The marked point is drawn within a cell of the click.
    let (mark_column, mark_row) = find(&text, "◉").expect("the point is marked");
    assert!(
        mark_column.abs_diff(at_column) <= 1 && mark_row.abs_diff(at_row) <= 1,
        "clicked ({at_column}, {at_row}), marked ({mark_column}, {mark_row})\n{text}"
    );
    // No training point is nearer to the click than the chosen one by more than
    // a cell: the chosen one is the library's nearest to where the mark is.
    let lab = replica(&app);
    let x = lab.data().train.input(example.point).to_vec();
    assert_eq!(
        inspect::nearest_training_point(&lab, &x),
        Some(example.point)
    );
}

#[test]
fn the_narration_line_says_what_the_library_narrator_says_when_it_happens() {
    let mut app = lab_app(7);
    let mut lab = replica(&app);
    let mut narrator = Narrator::new();
    let mut expected: Vec<String> = narrator
        .observe_lab(&mut lab)
        .iter()
        .map(ToString::to_string)
        .collect();
    for step in 1..=60 {
        press(&mut app, " ");
        lab.step();
        expected.extend(
            narrator
                .observe_lab(&mut lab)
                .iter()
                .map(ToString::to_string),
        );
        assert_eq!(app.screens.lab.narrations, expected, "step {step}");
    }
    assert!(
        expected.iter().any(|l| l.contains("died")),
        "units die in this run: {expected:?}"
    );
    let text = screen(&mut app, 200, 40);
    let newest = expected.last().expect("something was said");
    assert!(text.contains(&format!("▸ {newest}")), "{newest}\n{text}");
}

#[test]
fn a_healthy_run_narrates_nothing() {
    // Day 18 has no preset: the default tanh network, which trains cleanly.
    let mut app = lab_app(18);
    for _ in 0..30 {
        press(&mut app, "s");
    }
    assert_eq!(app.screens.lab.step_count(), 300);
    assert!(app.screens.lab.narrations.is_empty());
    assert!(screen(&mut app, 80, 24).contains("▸ nothing has happened yet"));
}

#[test]
fn example_keys_are_offered_only_with_the_example_open() {
    let mut app = lab_app(5);
    press(&mut app, "?");
    let help = screen(&mut app, 120, 60);
    assert!(!help.contains("the next stage of the pass"), "{help}");
    press(&mut app, "?x?");
    let help = screen(&mut app, 120, 60);
    assert!(help.contains("the next stage of the pass"), "{help}");
    // Without the example, `.` does nothing (and opens nothing).
    let mut app = lab_app(5);
    press(&mut app, ".}");
    assert_eq!(app.screens.lab.example, None);
}

/// The panels open, on every kind of task (plane, curve, images) and in A/B mode,
/// draw at every terminal size without a panic, and clicks anywhere are safe.
#[test]
fn open_panels_draw_at_every_size() {
    let mut app = lab_app(7);
    press(&mut app, "sux..");
    let mut tasks = vec!["moons".to_string()];
    for _ in 0..12 {
        for w in (0..=200).step_by(13) {
            for h in (0..=60).step_by(7) {
                screen(&mut app, w, h);
            }
        }
        for (w, h) in [(80, 24), (120, 40)] {
            let text = screen(&mut app, w, h);
            assert!(text.contains("stage "), "{w}x{h}: {text}");
            for (c, r) in [(0, 0), (5, 10), (20, 12), (60, 15), (70, 20), (79, 23)] {
                click(&mut app, c, r);
            }
        }
        press(&mut app, "D");
        let dataset = app.screens.lab.config().dataset.to_string();
        if tasks.contains(&dataset) {
            break;
        }
        tasks.push(dataset);
        if tasks.len() == 3 {
            press(&mut app, "b");
        }
    }
    let seen = |name: &str| tasks.iter().any(|t| t == name);
    assert!(seen("digits") && seen("sine"), "{tasks:?}");
}
