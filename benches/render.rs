//! Frame time of every view in a 200x60 TestBackend, key press to redrawn frame,
//! and a running lab's frame (issue 10's figures: every view ≤ 0.5 ms, a Lab key
//! ≤ 2 ms). `cargo bench --bench render`.

use std::time::{Duration, Instant};

use acttutor::course::{Course, Source};
use acttutor::tui::action::{Action, LabAction, View};
use acttutor::tui::keys::Focus;
use acttutor::tui::{App, Options};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

const FRAMES: u32 = 300;

fn act(app: &mut App, action: Action) {
    app.apply(action, Focus::View);
    app.settle();
}

fn main() {
    let mut app = App::new(Course::load(&Source::Embedded), Options::default());
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).expect("test backend");
    app.resize(200, 60);
    // The lab with a trained network: the 16-layer SELU scenario after 100 steps.
    act(&mut app, Action::ShowView(View::Lab));
    act(&mut app, Action::Lab(LabAction::Scenario(4)));
    for _ in 0..10 {
        act(&mut app, Action::Lab(LabAction::TenSteps));
    }
    println!("render one frame at 200x60 (mean of {FRAMES}):");
    for view in View::ALL {
        act(&mut app, Action::ShowView(view));
        // Warm caches (searched peaks) as a running app would.
        terminal.draw(|f| app.draw(f)).expect("draw");
        let start = Instant::now();
        for _ in 0..FRAMES {
            terminal.draw(|f| app.draw(f)).expect("draw");
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
    act(&mut app, Action::ShowView(View::Explore));
    for c in "/elu".chars() {
        app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
    app.handle_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    // The playground's formula box has focus: each key re-parses and redraws.
    act(&mut app, Action::ShowView(View::Playground));
    act(&mut app, Action::EditFormula);
    println!("key press to redrawn frame at 200x60 (mean of {FRAMES}):");
    for (view, code) in presses {
        act(&mut app, Action::ShowView(view));
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
            terminal.draw(|f| app.draw(f)).expect("draw");
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
    act(&mut app, Action::ShowView(View::Lab));
    act(&mut app, Action::Lab(LabAction::Restart));
    act(&mut app, Action::Lab(LabAction::RunPause));
    let start = Instant::now();
    for _ in 0..FRAMES {
        app.tick();
        app.settle();
        terminal.draw(|f| app.draw(f)).expect("draw");
    }
    println!(
        "  {:<10} tick     {:>8.3} ms (steps: {})",
        "Lab",
        ms(start.elapsed() / FRAMES),
        app.screens.lab.step_count()
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}
