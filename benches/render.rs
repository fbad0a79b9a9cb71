//! Frame time of every view in a 200x60 TestBackend, key press to redrawn frame,
//! and a running lab's frame (issue 10's figures: every view ≤ 0.5 ms, a Lab key
//! ≤ 2 ms). `cargo bench --bench render`.
//!
//! Each figure is the mean wall time and, on Linux, the mean CPU time of the
//! process (all threads, from /proc/self/stat): on a shared, loaded machine the
//! wall time includes waiting for a core, the CPU time does not.

use std::time::{Duration, Instant};

use acttutor::course::{Course, Source};
use acttutor::tui::action::{Action, LabAction, View};
use acttutor::tui::keys::Focus;
use acttutor::tui::{App, Options};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
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
        let figure = timed(FRAMES, |_| {
            terminal.draw(|f| app.draw(f)).expect("draw");
        });
        println!("  {:<11} {figure}", view.title());
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
        let figure = timed(FRAMES, |i| {
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
        });
        println!(
            "  {:<10} {:<12} {figure}",
            view.title(),
            format!("{code:?}")
        );
    }
    // Where a Lab key's time goes: the step alone, step + measuring, the frame.
    act(&mut app, Action::ShowView(View::Lab));
    let space = || Event::Key(KeyEvent::new(KeyCode::Char(' '), KeyModifiers::NONE));
    let step = timed(FRAMES, |_| app.handle_event(space()));
    let measured = timed(FRAMES, |_| {
        app.handle_event(space());
        app.settle();
    });
    let frame = timed(FRAMES, |_| {
        terminal.draw(|f| app.draw(f)).expect("draw");
    });
    println!("  Lab parts: step {step}; step + measure {measured}; frame {frame}");
    // A running lab: each frame is a time-boxed slice of training and a redraw
    // (restarted first: the scenario's run would pause at its 500 steps).
    act(&mut app, Action::ShowView(View::Lab));
    act(&mut app, Action::Lab(LabAction::Restart));
    act(&mut app, Action::Lab(LabAction::RunPause));
    let figure = timed(FRAMES, |_| {
        app.tick();
        app.settle();
        terminal.draw(|f| app.draw(f)).expect("draw");
    });
    println!(
        "  {:<10} {:<12} {figure} (steps: {})",
        "Lab",
        "tick",
        app.screens.lab.step_count()
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// CPU time used by the process so far (user + system), if /proc tells.
fn cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which is in parentheses): utime is the
    // 12th, stime the 13th, in clock ticks (100 per second on Linux).
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

/// Wall and CPU time of `n` runs of `f`, per run: "0.123 ms (cpu 0.110)".
fn timed(n: u32, mut f: impl FnMut(u32)) -> String {
    let (wall, cpu0) = (Instant::now(), cpu());
    for i in 0..n {
        f(i);
    }
    let wall = ms(wall.elapsed() / n);
    match (cpu0, cpu()) {
        (Some(a), Some(b)) => format!("{wall:>8.3} ms (cpu {:.3})", ms((b - a) / n)),
        _ => format!("{wall:>8.3} ms"),
    }
}
