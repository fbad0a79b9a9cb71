//! The chart on screen as an SVG file for notes (the `S` key in Lesson, Explore
//! and Playground): the same function, overlays, x-range and f′ switch as on
//! screen, sampled once per pixel, written beside the learner's files under a
//! name not taken yet.

use std::path::{Path, PathBuf};

use super::chart_view::ChartState;
use super::widgets::chart::{chart_title, svg_chart, Plot};
use crate::func::Func;
use crate::svg;

/// What a chart view shows: the function, its overlays and the chart's state.
#[derive(Debug, Clone)]
pub struct ChartShown {
    pub main: Func,
    pub overlays: Vec<Func>,
    pub chart: ChartState,
}

impl ChartShown {
    /// The chart as an SVG document, sampled once per horizontal pixel.
    pub fn to_svg(&self) -> String {
        let size = svg::Size::default();
        let plot = Plot::sample(
            &self.main,
            &self.overlays,
            self.chart.x_range(),
            size.width as usize,
            self.chart.show_derivative,
        );
        svg::render(&svg_chart(&plot, chart_title(&self.main)), size)
    }

    /// Write the chart into `dir` as `<function>.svg` (`-2`, `-3`, … when taken);
    /// never overwrites. Returns the path written, or why it could not be.
    pub fn save(&self, dir: &Path) -> Result<PathBuf, String> {
        let stem = svg::file_stem(&self.main.label());
        svg::save_fresh(dir, &stem, &self.to_svg())
            .map_err(|e| format!("could not save the chart in {}: {e}", dir.display()))
    }
}
