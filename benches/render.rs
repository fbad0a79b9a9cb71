//! Frame time of every view in a 200x60 TestBackend, and key press to redrawn
//! frame (issue 4's figures: under 1 ms and under 16 ms). `cargo bench --bench render`.

use std::time::{Duration, Instant};

use acttutor::course::{Course, Source};
use acttutor::tui::action::{Action, LabAction, View};
use acttutor::tui::{views, App, Options};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

const FRAMES: u32 = 300;

fn main() {
    let mut app = App::new(Course::load(&Source::Embedded), Options::default());
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).expect("test backend");
    // The lab with a trained network: the 16-layer SELU scenario after 100 steps.
    app.update(Action::ShowView(View::Lab));
    app.update(Action::Lab(LabAction::Scenario(4)));
    for _ in 0..10 {
        app.update(Action::Lab(LabAction::TenSteps));
    }
    println!("render one frame at 200x60 (mean of {FRAMES}):");
    for view in View::ALL {
        app.view = view;
        // Warm caches (rendered Markdown, searched peaks) as a running app would.
        terminal.draw(|f| views::draw(&app, f)).expect("draw");
        let start = Instant::now();
        for _ in 0..FRAMES {
            terminal.draw(|f| views::draw(&app, f)).expect("draw");
        }
        println!(
            "  {:<11} {:>8.3} ms",
            view.title(),
            ms(start.elapsed() / FRAMES)
        );
    }
    let presses: [(View, KeyCode); 7] = [
        (View::Lesson, KeyCode::Char('j')),
        (View::Lesson, KeyCode::Char('n')),
        (View::Explore, KeyCode::Char('l')),
        (View::Explore, KeyCode::Char(']')),
        (View::Compare, KeyCode::Char('s')),
        (View::Playground, KeyCode::Backspace),
        // One training step of the 16-layer lab, measured and redrawn.
        (View::Lab, KeyCode::Char(' ')),
    ];
    // Explore on a function with a parameter, so `]` re-draws a changed curve.
    app.view = View::Explore;
    for c in "/elu".chars() {
        app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
    app.handle_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    // The playground's formula box has focus: each key re-parses and redraws.
    app.playground.update(Action::EditFormula);
    println!("key press to redrawn frame at 200x60 (mean of {FRAMES}):");
    for (view, code) in presses {
        app.view = view;
        app.lesson_index = 0;
        let start = Instant::now();
        for i in 0..FRAMES {
            // Alternate n/p so lesson changes keep happening.
            let code = match code {
                KeyCode::Char('n') if i % 2 == 1 => KeyCode::Char('p'),
                KeyCode::Char(']') if i % 2 == 1 => KeyCode::Char('['),
                // Break the formula's last ')' and type it back: error and redraw alike.
                KeyCode::Backspace if i % 2 == 1 => KeyCode::Char(')'),
                _ => code,
            };
            app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
            terminal.draw(|f| views::draw(&app, f)).expect("draw");
        }
        println!(
            "  {:<10} {:?} {:>8.3} ms",
            view.title(),
            code,
            ms(start.elapsed() / FRAMES)
        );
    }
    // A running lab: each frame is a time-boxed slice of training and a redraw
    // (restarted first: the scenario's run would pause at its 500 steps).
    app.view = View::Lab;
    app.update(Action::Lab(LabAction::Restart));
    app.update(Action::Lab(LabAction::RunPause));
    let start = Instant::now();
    for _ in 0..FRAMES {
        app.tick();
        terminal.draw(|f| views::draw(&app, f)).expect("draw");
    }
    println!(
        "  {:<10} tick     {:>8.3} ms (steps: {})",
        "Lab",
        ms(start.elapsed() / FRAMES),
        app.lab.step_count()
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}
