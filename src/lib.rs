//! acttutor: a terminal tutor for deep-learning activation functions.
//!
//! Layout: `activation` (the catalog, softmax, gates) and `expr` (formulas), `course`
//! (lesson files), `learner` (quizzes, review, progress) and `lab` (the toy network)
//! hold the math and data; `axis` (nice chart ticks) and `sanitize` (text made safe
//! for a terminal) serve every chart and printout; `svg` writes charts as files. None of these imports terminal
//! code: `cli` and `tui` are the only modules that know about terminals.
#![forbid(unsafe_code)]

pub mod activation;
pub mod axis;
pub mod cli;
pub mod course;
pub mod expr;
pub mod format;
pub mod func;
pub mod lab;
pub mod learner;
pub mod sanitize;
pub mod svg;
pub mod tui;
