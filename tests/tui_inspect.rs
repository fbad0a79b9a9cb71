//! Screen tests of the lab's inspector (issue 16): the neuron panel, the example
//! stepped through and the narration line, by keys and by mouse, at 80x24 and
//! 120x40.

mod common;

use acttutor::course::{Course, Source};
use acttutor::tui::action::View;
use acttutor::tui::widgets::chart::ChartLook;
use acttutor::tui::{App, Options};
use common::screen::{press, screen};

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

#[test]
fn scratch() {
    let mut app = lab_app(7);
    press(&mut app, "ss");
    println!("{}", screen(&mut app, 80, 24));
    press(&mut app, "u");
    println!("{}", screen(&mut app, 80, 24));
    press(&mut app, "x....");
    println!("{}", screen(&mut app, 80, 24));
    println!("{}", screen(&mut app, 120, 40));
    let mut app = lab_app(5);
    press(&mut app, "ssux..............");
    println!("{}", screen(&mut app, 120, 40));
    press(&mut app, "b");
    println!("{}", screen(&mut app, 80, 24));
}
