//! Styles in one place; with `NO_COLOR` every colour is dropped and emphasis is
//! carried by bold, underline and reverse video instead.

use ratatui::style::{Color, Modifier, Style};

use crate::course::markdown::Look;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    fn fg(self, color: Color) -> Style {
        if self.color {
            Style::default().fg(color)
        } else {
            Style::default()
        }
    }

    pub fn title(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    pub fn dim(self) -> Style {
        if self.color {
            Style::default().fg(Color::DarkGray)
        } else {
            Style::default()
        }
    }

    pub fn key(self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }

    pub fn selected(self) -> Style {
        if self.color {
            Style::default()
                .bg(Color::Blue)
                .fg(Color::White)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::default().add_modifier(Modifier::REVERSED)
        }
    }

    pub fn tab(self, active: bool) -> Style {
        if active {
            self.selected()
        } else {
            self.dim()
        }
    }

    pub fn good(self) -> Style {
        self.fg(Color::Green).add_modifier(Modifier::BOLD)
    }

    pub fn bad(self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    pub fn warn(self) -> Style {
        self.fg(Color::Yellow)
    }

    /// A Markdown piece's look as a terminal style.
    pub fn markdown(self, look: Look) -> Style {
        let mut style = match look.heading {
            Some(1) => self.fg(Color::Cyan).add_modifier(Modifier::BOLD),
            Some(2) => self.fg(Color::LightCyan).add_modifier(Modifier::BOLD),
            Some(_) => self.fg(Color::LightBlue).add_modifier(Modifier::BOLD),
            None => Style::default(),
        };
        if look.chrome {
            style = style.patch(self.dim());
        }
        if look.bold {
            style = style.add_modifier(Modifier::BOLD);
        }
        if look.italic {
            style = style.add_modifier(Modifier::ITALIC);
        }
        if look.code {
            style = style.patch(self.fg(Color::Yellow));
            if !self.color {
                style = style.add_modifier(Modifier::UNDERLINED);
            }
        }
        style
    }
}
