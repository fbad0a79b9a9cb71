//! The chart widget on its own (ratatui TestBackend + insta): without colour, f, f′,
//! each overlay and the cursor must each have their own glyph, shown in the legend,
//! and nothing may be drawn through the legend.

use acttutor::activation;
use acttutor::func::Func;
use acttutor::tui::widgets::buffer_to_text;
use acttutor::tui::widgets::chart::{
    legend_sample, ChartLook, FunctionChart, Plot, Role, SAMPLES_PER_COLUMN,
};
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::Terminal;

const NO_COLOR: ChartLook = ChartLook {
    color: false,
    braille: true,
};

fn catalog(name: &str) -> Func {
    Func::Catalog(activation::find(name).expect("in the catalog").configured())
}

/// gelu with f′, relu and tanh overlaid, the cursor at x = 1.
fn plot(width: u16) -> Plot {
    let overlays = [catalog("relu"), catalog("tanh")];
    let mut plot = Plot::sample(
        &catalog("gelu"),
        &overlays,
        (-3.0, 3.0),
        width as usize * SAMPLES_PER_COLUMN,
        true,
    );
    plot.add_cursor(1.0);
    plot
}

fn render(width: u16, height: u16, look: ChartLook) -> Buffer {
    let plot = plot(width);
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("a test terminal");
    terminal
        .draw(|frame| frame.render_widget(FunctionChart::new(&plot, look), frame.area()))
        .expect("drawn");
    terminal.backend().buffer().clone()
}

#[test]
fn no_color_two_overlays_and_the_cursor_snapshot() {
    let text = buffer_to_text(&render(64, 20, NO_COLOR), false);
    insta::assert_snapshot!("chart_no_color_two_overlays_cursor_64x20", text);
}

#[test]
fn no_color_glyphs_are_distinct_and_in_the_legend() {
    let roles = [
        Role::Value,
        Role::Slope,
        Role::Overlay(0),
        Role::Overlay(1),
        Role::Cursor,
    ];
    for braille in [true, false] {
        let look = ChartLook {
            color: false,
            braille,
        };
        let samples: Vec<String> = roles.iter().map(|&r| legend_sample(r, look)).collect();
        for (i, a) in samples.iter().enumerate() {
            for b in &samples[i + 1..] {
                assert_ne!(
                    a, b,
                    "two roles look alike (braille {braille}): {samples:?}"
                );
            }
        }
        let text = buffer_to_text(&render(64, 20, look), false);
        for (role, sample) in roles.iter().zip(&samples) {
            assert!(
                text.contains(sample.as_str()),
                "{role:?}'s sample {sample:?} is in the legend:\n{text}"
            );
        }
        // The glyph-drawn roles appear in the plot too, not only in the legend.
        for (role, sample) in roles.iter().zip(&samples) {
            let glyph = sample.trim().chars().next().unwrap();
            if glyph as u32 >= 0x2800 && glyph as u32 <= 0x28FF {
                continue; // braille: f and f′ share the dot alphabet, told apart by density
            }
            let count = text.matches(glyph).count();
            assert!(
                count > sample.trim().chars().count(),
                "{role:?} ({glyph}) is drawn in the plot:\n{text}"
            );
        }
    }
}

#[test]
fn nothing_is_drawn_through_the_legend() {
    // Wherever the cursor goes, every legend entry stays whole: its sample, a
    // space and its label, with no curve or cursor cell inside.
    let entries = [
        (Role::Slope, "gelu′"),
        (Role::Overlay(0), "relu"),
        (Role::Overlay(1), "tanh"),
        (Role::Value, "gelu"),
        (Role::Cursor, "cursor"),
    ];
    for cursor in [-2.95, -2.7, -2.5, -2.0, -1.0, 0.0, 1.0, 2.5, 2.95] {
        for (width, height) in [(50, 16), (64, 20), (30, 10)] {
            let mut plot = plot(width);
            plot.series.retain(|s| s.role != Role::Cursor);
            plot.add_cursor(cursor);
            let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
            terminal
                .draw(|frame| {
                    frame.render_widget(FunctionChart::new(&plot, NO_COLOR), frame.area())
                })
                .unwrap();
            let text = buffer_to_text(terminal.backend().buffer(), false);
            for (role, label) in entries {
                let entry = format!("{} {label}", legend_sample(role, NO_COLOR));
                assert!(
                    text.contains(&entry),
                    "{entry:?} whole with the cursor at {cursor}, {width}x{height}:\n{text}"
                );
            }
        }
    }
}
