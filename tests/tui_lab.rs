//! Screen tests of the lab view (view 5): snapshots of fixed-seed runs, NO_COLOR
//! symbols, what the keys do, A/B mode, scenarios, ticks and tiny terminals.

use acttutor::course::{Course, Source};
use acttutor::lab::{DatasetKind, Init, SCENARIOS};
use acttutor::tui::action::View;
use acttutor::tui::widgets::buffer_to_text;
use acttutor::tui::widgets::chart::ChartLook;
use acttutor::tui::{App, Options};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

/// The app on `day`, in the lab.
fn lab_app(day: u32, color: bool) -> App {
    let course = Course::load(&Source::Embedded);
    App::new(
        course,
        Options {
            look: ChartLook {
                color,
                braille: true,
            },
            start_day: day,
            start_view: View::Lab,
        },
    )
}

fn press(app: &mut App, keys: &str) {
    for c in keys.chars() {
        app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
}

/// The screen at `width`×`height`: the app is told the size first, as the
/// terminal would (layout is worked out then, never while drawing).
fn screen(app: &mut App, width: u16, height: u16) -> String {
    app.resize(width, height);
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| app.draw(frame)).unwrap();
    buffer_to_text(terminal.backend().buffer(), false)
}

fn activation(app: &App) -> String {
    app.screens.lab.config().activation.label()
}

#[test]
fn starts_from_the_lesson_preset() {
    // Day 7's preset is the "ReLU with a large learning rate" scenario.
    let app = lab_app(7, true);
    let c = app.screens.lab.config();
    assert_eq!(activation(&app), "relu");
    assert_eq!(
        (c.dataset, c.init, c.lr),
        (DatasetKind::Moons, Init::He, 5.0)
    );
    assert!(app
        .screens
        .lab
        .origin
        .contains("ReLU with a large learning rate"));
    assert_eq!(app.screens.lab.step_count(), 0);
    // Another lesson, another preset; a lesson without one gets the defaults.
    let mut app = lab_app(7, true);
    press(&mut app, "n");
    assert_eq!(activation(&app), "leaky_relu(alpha=0.1)");
}

#[test]
fn snapshot_80x24_after_fifty_steps() {
    let mut app = lab_app(4, true);
    press(&mut app, "sssss");
    assert_eq!(app.screens.lab.step_count(), 50);
    let text = screen(&mut app, 80, 24);
    assert!(text.contains("step 50"), "{text}");
    assert!(text.contains("● alive"), "legend: {text}");
    assert!(text.contains("train loss"));
    assert!(text.contains("boundary"));
    insta::assert_snapshot!("lab_tanh_moons_80x24", text);
}

#[test]
fn snapshot_140x40_deep_sigmoid() {
    let mut app = lab_app(1, true);
    press(&mut app, "@");
    assert_eq!(activation(&app), "sigmoid");
    press(&mut app, "ssssssssss");
    let text = screen(&mut app, 140, 40);
    assert!(text.contains("L6"), "{text}");
    insta::assert_snapshot!("lab_deep_sigmoid_140x40", text);
}

#[test]
fn no_color_keeps_states_apart_by_symbol() {
    let mut app = lab_app(7, false);
    press(&mut app, "ssssssssss");
    let text = screen(&mut app, 100, 30);
    let health = &app.screens.lab.runs()[0].snap.health;
    let dead: usize = health.layers.iter().map(|l| l.dead).sum();
    assert!(dead > 0, "lr 5 kills ReLU units: {health:?}");
    assert!(text.contains('✕') && text.contains('●'), "{text}");
    assert!(text.contains("✕ dead") && text.contains("◐ saturated"));
    assert!(text.contains("o class 0") && text.contains("x class 1"));
    assert!(text.contains("f′ dotted"), "{text}");
    // Nothing but symbols tells the states apart: no colour anywhere.
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    terminal.draw(|frame| app.draw(frame)).unwrap();
    let buffer = terminal.backend().buffer();
    assert!(buffer
        .content()
        .iter()
        .all(|c| c.fg == ratatui::style::Color::Reset));
    insta::assert_snapshot!("lab_relu_dead_no_color_100x30", text);
}

#[test]
fn keys_step_run_and_reset() {
    let mut app = lab_app(4, true);
    press(&mut app, " ");
    assert_eq!(app.screens.lab.step_count(), 1);
    press(&mut app, "s");
    assert_eq!(app.screens.lab.step_count(), 11);
    // r runs: ticks train; r again pauses; ticks then do nothing.
    press(&mut app, "r");
    assert!(app.screens.lab.running && app.ticking());
    assert!(app.tick());
    let after_tick = app.screens.lab.step_count();
    assert!(after_tick > 11, "{after_tick}");
    assert!(screen(&mut app, 80, 24).contains("▶ running"));
    press(&mut app, "r");
    assert!(!app.ticking() && !app.tick());
    assert_eq!(app.screens.lab.step_count(), after_tick);
    assert!(screen(&mut app, 80, 24).contains("‖ paused"));
    // Leaving the lab stops the ticks; coming back keeps the run.
    press(&mut app, "r2");
    assert!(!app.ticking());
    press(&mut app, "5");
    assert!(app.ticking() && app.screens.lab.step_count() == after_tick);
    press(&mut app, "r");
    // a: the next activation, from step 0, the seed kept.
    let seed = app.screens.lab.config().seed;
    press(&mut app, "a");
    assert_eq!(activation(&app), "sigmoid");
    assert_eq!(app.screens.lab.step_count(), 0);
    assert_eq!(app.screens.lab.config().seed, seed);
    press(&mut app, "a");
    assert_eq!(activation(&app), "relu", "wraps around");
}

#[test]
fn keys_change_each_setting() {
    let mut app = lab_app(4, true);
    let before = app.screens.lab.config().clone();
    press(&mut app, "ss");
    press(&mut app, "i");
    assert_eq!(app.screens.lab.config().init, Init::He);
    assert_eq!(
        app.screens.lab.step_count(),
        0,
        "a change restarts training"
    );
    press(&mut app, "+");
    assert_eq!(app.screens.lab.config().lr, 0.5);
    press(&mut app, "-");
    assert_eq!(app.screens.lab.config().lr, 0.2);
    press(&mut app, "-");
    assert_eq!(app.screens.lab.config().lr, 0.1);
    press(&mut app, "D");
    assert_eq!(
        app.screens.lab.config().dataset,
        DatasetKind::Spiral3,
        "D: every set in turn"
    );
    press(&mut app, "L");
    assert_eq!(app.screens.lab.config().hidden, vec![8, 8, 8]);
    assert_eq!(app.screens.lab.config().seed, before.seed);
    press(&mut app, "R");
    assert_eq!(
        app.screens.lab.config().seed,
        before.seed + 1,
        "R: a new seed"
    );
    // [ and ] pick the histogram's layer, within the network.
    press(&mut app, "]]]]");
    assert_eq!(app.screens.lab.layer, 2);
    assert!(screen(&mut app, 80, 24).contains("L3 z:"));
    press(&mut app, "[");
    assert_eq!(app.screens.lab.layer, 1);
    // P: back to the lesson's preset.
    press(&mut app, "P");
    assert_eq!(app.screens.lab.config(), &before);
}

#[test]
fn ab_mode_trains_two_networks_in_lock_step() {
    let mut app = lab_app(7, true);
    press(&mut app, "b");
    assert!(app.screens.lab.is_ab());
    press(&mut app, "ss");
    let runs = app.screens.lab.runs();
    assert_eq!(runs.len(), 2);
    assert_eq!(runs[0].label(), "relu");
    assert_eq!(runs[1].label(), "leaky_relu");
    assert_eq!(runs[0].lab.step_count(), 20);
    assert_eq!(runs[1].lab.step_count(), 20);
    assert_eq!(runs[0].lab.data(), runs[1].lab.data(), "the same data");
    let text = screen(&mut app, 80, 24);
    assert!(text.contains("A relu vs B leaky_relu"), "{text}");
    assert!(text.contains("A boundary") && text.contains("B boundary"));
    assert!(text.contains("L1 A") && text.contains("L1 B"));
    insta::assert_snapshot!("lab_ab_80x24", text);
    insta::assert_snapshot!("lab_ab_140x40", screen(&mut app, 140, 40));
    // A: another activation for side B; b again: back to one network.
    press(&mut app, "A");
    assert_eq!(app.screens.lab.runs()[1].label(), "elu");
    press(&mut app, "b");
    assert_eq!(app.screens.lab.runs().len(), 1);
}

#[test]
fn scenario_keys_load_each_scenario() {
    let mut app = lab_app(1, true);
    for (key, scenario) in "!@#$".chars().zip(&SCENARIOS) {
        press(&mut app, &key.to_string());
        assert_eq!(app.screens.lab.config(), &scenario.config(), "{key}");
        assert!(app.screens.lab.origin.contains(scenario.name));
        assert!(screen(&mut app, 100, 30).contains(scenario.name));
    }
    // F1–F6 switch views everywhere, the lab included.
    app.handle_key(KeyEvent::new(KeyCode::F(1), KeyModifiers::NONE));
    assert_eq!(app.view, View::Lesson);
}

#[test]
fn divergence_says_so_and_stops_running() {
    // Day 1 trains a linear network: at a large learning rate it blows up.
    let mut app = lab_app(1, true);
    for _ in 0..30 {
        press(&mut app, "+");
    }
    press(&mut app, "r");
    for _ in 0..200 {
        if !app.tick() {
            break;
        }
    }
    assert!(
        app.screens.lab.diverged(),
        "lr {}",
        app.screens.lab.config().lr
    );
    assert!(!app.screens.lab.running);
    let text = screen(&mut app, 80, 24);
    assert!(text.contains("DIVERGED"), "{text}");
    press(&mut app, "r ");
    assert!(
        !app.screens.lab.running,
        "a diverged run does not start again"
    );
}

#[test]
fn tiny_and_odd_sizes_do_not_panic() {
    let mut app = lab_app(11, true);
    press(&mut app, "bss");
    for (w, h) in [
        (60, 20),
        (61, 21),
        (80, 24),
        (200, 60),
        (59, 19),
        (1, 1),
        (0, 0),
    ] {
        screen(&mut app, w, h);
    }
    let mut app = lab_app(4, false);
    press(&mut app, "s");
    for (w, h) in [(60, 20), (70, 22), (300, 100)] {
        screen(&mut app, w, h);
    }
}

/// Go to the Playground, replace the text in its box, and come back to the Lab.
fn type_in_playground(app: &mut App, text: &str) {
    let key = |app: &mut App, code| app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
    press(app, "6i");
    while !app.screens.playground.text().is_empty() {
        key(app, KeyCode::Backspace);
    }
    press(app, text);
    key(app, KeyCode::Esc);
    press(app, "5");
}

#[test]
fn f_trains_the_formula_typed_in_the_playground() {
    let mut app = lab_app(7, true);
    type_in_playground(&mut app, "");
    press(&mut app, "f");
    assert!(screen(&mut app, 120, 40).contains("type a formula in the Playground (6) first"));
    assert_eq!(activation(&app), "relu", "the activation stays");
    type_in_playground(&mut app, "x*");
    press(&mut app, "f");
    assert!(screen(&mut app, 120, 40).contains("does not parse"));
    assert_eq!(activation(&app), "relu");
    type_in_playground(&mut app, "x*sigmoid(x)");
    press(&mut app, "f");
    assert_eq!(activation(&app), "x*sigmoid(x)");
    assert!(screen(&mut app, 120, 40).contains("training f(x) = x*sigmoid(x)"));
    press(&mut app, "s");
    assert_eq!(app.screens.lab.step_count(), 10, "it trains");
}

#[test]
fn every_terminal_size_draws_without_panicking() {
    let mut app = lab_app(7, true);
    press(&mut app, "sb");
    for w in (0..=130).step_by(7) {
        for h in (0..=60).step_by(5) {
            screen(&mut app, w, h);
        }
    }
    for (w, h) in [(60, 20), (61, 21), (300, 20), (60, 120), (62, 20)] {
        screen(&mut app, w, h);
    }
}

/// Train until the run pauses by itself (the preset's length), as the event loop
/// would, a frame at a time.
fn run_until_paused(app: &mut App) {
    press(app, "r");
    assert!(app.screens.lab.running);
    for _ in 0..10_000 {
        if !app.tick() {
            break;
        }
    }
    app.settle();
    assert!(!app.screens.lab.running, "paused by itself");
}

#[test]
fn each_day_loads_its_own_preset_afresh_status_line_included() {
    // Day 2's preset runs 300 steps.
    let mut app = lab_app(2, true);
    run_until_paused(&mut app);
    assert_eq!(app.screens.lab.step_count(), 300);
    let text = screen(&mut app, 100, 30);
    assert!(
        text.contains("paused at step 300, the preset's length"),
        "{text}"
    );
    press(&mut app, "b");
    assert!(app.screens.lab.is_ab());
    press(&mut app, "n");
    let text = screen(&mut app, 100, 30);
    assert!(text.contains("day 3 preset"), "{text}");
    assert!(text.contains("step 0 "), "{text}");
    assert!(!text.contains("paused at step 300"), "{text}");
    assert!(!app.screens.lab.is_ab(), "A/B stays with day 2");
    assert!(
        text.contains("day 3 starts fresh from its own preset (A/B and changes stay with day 2)"),
        "what carries between days is said on screen: {text}"
    );
    // Back on day 2: its preset again, from step 0.
    press(&mut app, "p");
    assert_eq!(app.screens.lab.step_count(), 0);
    assert!(app.screens.lab.origin.starts_with("day 2 preset"));
}

#[test]
fn a_b_mode_stops_at_the_preset_s_length_too() {
    let mut app = lab_app(2, true);
    run_until_paused(&mut app);
    // A/B starts both sides over from step 0: the preset's length applies again.
    press(&mut app, "b");
    assert_eq!(app.screens.lab.step_count(), 0);
    run_until_paused(&mut app);
    assert_eq!(app.screens.lab.step_count(), 300);
    let runs = app.screens.lab.runs();
    assert_eq!(runs.len(), 2);
    assert!(
        runs.iter().all(|r| r.lab.step_count() == 300),
        "in lock-step"
    );
    // Past the length, r runs on without a limit, as the message says.
    press(&mut app, "r");
    assert!(app.screens.lab.running);
    app.tick();
    assert!(app.screens.lab.step_count() > 300);
}

/// Eighths of a cell in a gradient bar token ("███▍" = 28), or `None` when the
/// token is not a bar.
fn bar_eighths(token: &str) -> Option<usize> {
    let partial = ['▏', '▎', '▍', '▌', '▋', '▊', '▉'];
    token.chars().try_fold(0, |sum, c| match c {
        '█' => Some(sum + 8),
        _ => partial.iter().position(|&p| p == c).map(|i| sum + i + 1),
    })
}

/// The network panel's gradient bars, input side first, output last, read from
/// the screen: on each layer row (L1…, out) the token before the norm label.
fn gradient_bars(text: &str) -> Vec<(String, usize)> {
    let is_norm = |t: &str| t == "0" || (t.contains('e') && t.parse::<f64>().is_ok());
    let mut bars: Vec<(String, usize)> = Vec::new();
    let rows = text.lines().filter_map(|line| {
        let tokens: Vec<&str> = line.split_whitespace().collect();
        let name = tokens.first()?.trim_start_matches('▸');
        let layer = name.starts_with('L') && name[1..].parse::<u32>().is_ok();
        if !(layer || name == "out") {
            return None;
        }
        let at = tokens.iter().position(|t| is_norm(t))?;
        let bar = at
            .checked_sub(1)
            .and_then(|i| bar_eighths(tokens[i]))
            .unwrap_or(0);
        Some((name.to_string(), bar))
    });
    // The panel ends with its output row (the histogram's title below is not one).
    for row in rows {
        let out = row.0 == "out";
        bars.push(row);
        if out {
            break;
        }
    }
    bars
}

/// Whether the bars order as the norms do: a norm three times smaller than
/// another never gets a bar as long.
fn bars_follow_norms(bars: &[(String, usize)], norms: &[f64]) -> bool {
    bars.iter().zip(norms).all(|((_, bi), &gi)| {
        bars.iter()
            .zip(norms)
            .all(|((_, bj), &gj)| 3.0 * gi >= gj || bi < bj)
    })
}

/// Issue 11: "deep-sigmoid bars still shrink toward the input at step 740". The
/// bars show the error signal δ per point: on the plateau the weights' gradients
/// are small at every layer alike, but δ still falls layer by layer.
#[test]
fn deep_sigmoid_bars_shrink_toward_the_input_at_step_0_and_740() {
    let mut app = lab_app(1, true);
    press(&mut app, "@");
    let start = gradient_bars(&screen(&mut app, 140, 40));
    let mut top = 0;
    for step in [0, 740] {
        while app.screens.lab.step_count() < step {
            press(&mut app, "s");
        }
        let text = screen(&mut app, 140, 40);
        let bars = gradient_bars(&text);
        let names: Vec<&str> = bars.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["L1", "L2", "L3", "L4", "L5", "L6", "out"], "{text}");
        let signals = app.screens.lab.runs()[0].snap.health.delta_rms();
        // Each layer down gets less than half the signal of the layer above: the
        // slopes σ′ ≤ 0.25 multiply on the way down.
        assert!(
            signals.windows(2).all(|p| p[0] < 0.5 * p[1]),
            "step {step}: {signals:?}"
        );
        assert!(signals[0] * 1e3 < signals[6], "step {step}: {signals:?}");
        let lengths: Vec<usize> = bars.iter().map(|b| b.1).collect();
        assert!(
            lengths.windows(2).all(|p| p[0] < p[1]),
            "step {step}: the bars grow from the input to the output: {lengths:?}\n{text}"
        );
        assert!(
            lengths[0] > 0 && lengths[0] + 48 <= lengths[6],
            "step {step}: {lengths:?}\n{text}"
        );
        assert!(bars_follow_norms(&bars, &signals), "{bars:?} {signals:?}");
        assert!(text.contains("δ rms") && text.contains("fixed"), "{text}");
        if step == 0 {
            top = *lengths.iter().max().unwrap_or(&0);
        } else {
            // The scale stayed step 0's: the output's bar is as long as it was then.
            assert!(lengths[6] <= top, "{lengths:?} vs top {top}");
        }
    }
    assert_eq!(start.len(), 7);
}

/// Words the status line of day 11 uses when it has the room (at 300 columns).
fn status_words() -> Vec<&'static str> {
    vec![
        "selu", "lecun", "lr", "0.1", "spiral", "seed", "1", "day", "11", "preset", "SELU",
        "LeCun", "layers", "16",
    ]
}

#[test]
fn day_11_at_120x40_shows_every_layer_with_mu_and_sigma() {
    let mut app = lab_app(11, true);
    assert_eq!(app.screens.lab.config().hidden, vec![16; 16]);
    press(&mut app, "ss");
    let text = screen(&mut app, 120, 40);
    let layer_rows: Vec<&str> = text
        .lines()
        .filter(|l| {
            let name = l.trim_start_matches(['▸', ' ']);
            name.starts_with('L') && name.contains(" μ ") && name.contains(" σ ")
        })
        .collect();
    assert_eq!(layer_rows.len(), 16, "μ/σ on every layer:\n{text}");
    // Every neuron of each 16-wide layer, none hidden behind "…".
    for row in &layer_rows {
        let neurons = row.chars().filter(|c| "●◐✕○".contains(*c)).count();
        assert!(neurons >= 16, "{row}");
        assert!(!row.contains('…'), "{row}");
    }
    // A status line cut for width ends in "…" after a whole word.
    for line in text.lines().skip(3).take(2) {
        if let Some(head) = line.trim_end().strip_suffix('…') {
            assert!(head.ends_with(|c: char| c.is_alphanumeric()), "{line}");
            let word = head.rsplit(' ').next().unwrap_or("");
            assert!(status_words().contains(&word), "{word} cut: {line}");
        }
    }
    insta::assert_snapshot!("lab_day11_selu_120x40", text);
}

#[test]
fn digits_show_images_confusion_matrix_and_probabilities() {
    let mut app = lab_app(17, true);
    assert_eq!(app.screens.lab.config().dataset, DatasetKind::Digits);
    press(&mut app, "ss");
    let text = screen(&mut app, 120, 40);
    let run = &app.screens.lab.runs()[0];
    let view = run
        .snap
        .digits
        .as_ref()
        .expect("the digits view is measured");
    // The matrix counts every test image once; its rows are the true classes.
    let total: usize = view.confusion.iter().flatten().sum();
    assert_eq!(total, run.lab.data().test.len());
    for (class, row) in view.confusion.iter().enumerate() {
        let labelled = (0..run.lab.data().test.len())
            .filter(|&i| run.lab.data().test.y[i] as usize == class)
            .count();
        assert_eq!(row.iter().sum::<usize>(), labelled, "class {class}");
    }
    // Softmax probabilities sum to 1.
    let sum: f64 = view.probabilities.iter().sum();
    assert!((sum - 1.0).abs() < 1e-9, "{sum}");
    assert!(text.contains("t\\p") && text.contains("p(k) #0"), "{text}");
    assert!(text.contains('→') && text.contains("▸"), "{text}");
    assert!(
        text.contains('▀') || text.contains('▄') || text.contains('█'),
        "{text}"
    );
    insta::assert_snapshot!("lab_digits_120x40", text);
    // → selects the next test image; its probabilities follow.
    app.handle_key(KeyEvent::new(KeyCode::Right, KeyModifiers::NONE));
    let text = screen(&mut app, 120, 40);
    assert_eq!(app.screens.lab.image, 1);
    assert!(text.contains("p(k) #1"), "{text}");
}

#[test]
fn sine_shows_the_data_and_the_fitted_curve() {
    let mut app = lab_app(4, true);
    // D cycles every set: moons → spiral3 → blobs4 → sine.
    press(&mut app, "DDD");
    assert_eq!(app.screens.lab.config().dataset, DatasetKind::Sine);
    press(&mut app, "sssss");
    let text = screen(&mut app, 100, 30);
    let run = &app.screens.lab.runs()[0];
    assert_eq!(run.snap.curve.len(), 121);
    assert!(run.snap.regions.is_empty());
    assert!(
        text.contains("fit · sine") && text.contains("1-8-8-1"),
        "{text}"
    );
    assert!(text.contains("mse"), "regression reports its error: {text}");
    // The loss chart's x axis ends at the last step, 50 (not 49).
    let axis = text.lines().rev().nth(1).unwrap_or("");
    assert_eq!(axis.split_whitespace().last(), Some("50"), "{text}");
    insta::assert_snapshot!("lab_sine_fit_100x30", text);
}

#[test]
fn multi_class_sets_draw_k_regions() {
    let mut app = lab_app(4, false);
    press(&mut app, "DD");
    assert_eq!(app.screens.lab.config().dataset, DatasetKind::Blobs4);
    press(&mut app, "sssss");
    let text = screen(&mut app, 100, 30);
    for legend in [
        "o class 0",
        "x class 1",
        "+ class 2",
        "* class 3",
        "▓ says 3",
    ] {
        assert!(text.contains(legend), "{legend}: {text}");
    }
    let classes: std::collections::BTreeSet<usize> = app.screens.lab.runs()[0]
        .snap
        .regions
        .iter()
        .copied()
        .collect();
    assert!(
        classes.len() >= 3,
        "regions of several classes: {classes:?}"
    );
}

#[test]
fn digits_fits_and_regions_draw_at_every_size() {
    // Day 17 is digits; D from there goes round to circle, then on to the rest.
    let mut app = lab_app(17, false);
    for round in 0..13 {
        for (w, h) in [(20, 6), (40, 12), (80, 24), (100, 30), (200, 60)] {
            let _ = screen(&mut app, w, h);
        }
        press(&mut app, "bsb");
        if round < 12 {
            press(&mut app, "D");
        }
    }
    assert_eq!(app.screens.lab.config().dataset, DatasetKind::Digits);
}
