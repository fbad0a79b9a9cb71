//! The Quiz, Lab and Playground tabs before their issues land: what is coming,
//! and what works already from the command line.

use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use crate::tui::action::View;
use crate::tui::app::App;

pub fn draw(app: &App, frame: &mut Frame, area: Rect, view: View) {
    let (what, meanwhile) = match view {
        View::Quiz => (
            "The mini-quiz of each lesson: choice, numeric, text and formula questions, with an explanation for every wrong option and a review of past misses.",
            "Meanwhile: `acttutor show DAY` prints the lesson.",
        ),
        View::Lab => (
            "The toy network lab: train a small network step by step and watch ReLU neurons die, sigmoid and tanh neurons saturate and gradients vanish.",
            "Meanwhile: `acttutor lab --activation relu --json` trains headless.",
        ),
        _ => (
            "The formula playground: type your own activation and see it and its exact derivative as you type.",
            "Meanwhile: `acttutor values --expr \"x*tanh(ln(1+exp(x)))\" --at 0,1`.",
        ),
    };
    let text = vec![
        Line::styled(format!("{} — coming soon", view.title()), app.theme.title()),
        Line::raw(""),
        Line::raw(what),
        Line::raw(""),
        Line::styled(meanwhile, app.theme.dim()),
    ];
    frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), area);
}
