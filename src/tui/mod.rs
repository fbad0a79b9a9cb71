//! The full-screen app. Only this module and `cli` know about terminals.

pub mod widgets;
