//! Axis ticks at "nice" values (steps of 1, 2 or 5 times a power of ten), for
//! the terminal charts and every other picture of a function (plot, SVG).
//!
//! A tick is a value, not a position: whoever draws it places its label at the
//! column or row of that value (`fraction` says where along the axis it lies),
//! so a label never names a value it does not sit at.

/// The tick step for `[lo, hi]` giving at most `max_ticks` ticks: the smallest
/// of 1, 2, 5 × 10^k that keeps the count within bounds (Heckbert, "Nice
/// numbers for graph labels", Graphics Gems, 1990, with a count limit).
pub fn nice_step(lo: f64, hi: f64, max_ticks: usize) -> Option<f64> {
    let span = hi - lo;
    if !(span.is_finite() && span > 0.0) || max_ticks < 2 {
        return None;
    }
    let raw = span / (max_ticks - 1) as f64;
    let mut power = 10f64.powf(raw.log10().floor());
    if power == 0.0 || !power.is_finite() {
        return None;
    }
    loop {
        for mantissa in [1.0, 2.0, 5.0] {
            let step = mantissa * power;
            if count(lo, hi, step) <= max_ticks {
                return Some(step);
            }
        }
        power *= 10.0;
    }
}

/// The multiples of `step` within `[lo, hi]`, computed as k·step (never by
/// adding steps up), with −0 shown as 0.
pub fn ticks_with_step(lo: f64, hi: f64, step: f64) -> Vec<f64> {
    let first = (lo / step - 1e-9).ceil() as i64;
    let last = (hi / step + 1e-9).floor() as i64;
    (first..=last).map(|k| k as f64 * step + 0.0).collect()
}

/// Nice ticks for `[lo, hi]`: at most `max_ticks`, at least one where the range
/// is not empty. Empty for a range that is not finite or not increasing.
pub fn nice_ticks(lo: f64, hi: f64, max_ticks: usize) -> Vec<f64> {
    match nice_step(lo, hi, max_ticks.max(2)) {
        Some(step) => ticks_with_step(lo, hi, step),
        None => Vec::new(),
    }
}

/// How far along `[lo, hi]` the value lies: 0 at `lo`, 1 at `hi`.
pub fn fraction(value: f64, lo: f64, hi: f64) -> f64 {
    (value - lo) / (hi - lo)
}

/// Round to the step's grid, then to 9 decimals, so that repeated steps (a
/// cursor, a slider) do not drift to 0.30000000000000004.
pub fn snap_to_step(value: f64, step: f64) -> f64 {
    let snapped = (value / step).round() * step;
    (snapped * 1e9).round() / 1e9
}

/// Where `value` falls on an axis of `cells` terminal cells, each split into
/// `dots_per_cell` dots (2 across a braille cell, 4 down; 1 without braille), in
/// cells from the axis start: `lo` lands on the centre of the first dot, `hi` on
/// the centre of the last. The cell holding the value is its `floor`.
///
/// This is the one mapping a chart uses for its points, its tick marks and its
/// labels, so that they agree. For a y-axis drawn downward pass `lo` = the top.
pub fn cell_position(value: f64, lo: f64, hi: f64, cells: usize, dots_per_cell: usize) -> f64 {
    let dots = (cells * dots_per_cell).max(1);
    (dot_position(value, lo, hi, dots) + 0.5) / dots_per_cell.max(1) as f64
}

/// The dot (0-based, fractional) of `value` on an axis of `dots` dots.
pub fn dot_position(value: f64, lo: f64, hi: f64, dots: usize) -> f64 {
    fraction(value, lo, hi) * (dots.max(1) - 1) as f64
}

/// A tick label: as many decimals as the step needs and no more, so that
/// 0.1-steps read 0.3 (not 0.30000000000000004) and 0.25 keeps its 5.
pub fn tick_label(value: f64, step: f64) -> String {
    if !(value.is_finite() && step.is_finite() && step > 0.0) {
        return crate::format::shortest(value);
    }
    let magnitude = value.abs().max(step);
    if !(1e-4..1e7).contains(&magnitude) {
        return crate::format::compact(value, 3);
    }
    let decimals = decimals_of(step);
    let text = format!("{value:.decimals$}");
    if text
        .trim_start_matches('-')
        .chars()
        .all(|c| c == '0' || c == '.')
    {
        "0".into()
    } else {
        text
    }
}

/// The decimals a step of 1, 2 or 5 × 10^k needs (0 for whole steps).
fn decimals_of(step: f64) -> usize {
    (0..12)
        .find(|&d| {
            let scaled = step * 10f64.powi(d);
            (scaled - scaled.round()).abs() < 1e-6 * scaled.max(1.0)
        })
        .unwrap_or(12) as usize
}

fn count(lo: f64, hi: f64, step: f64) -> usize {
    let first = (lo / step - 1e-9).ceil();
    let last = (hi / step + 1e-9).floor();
    if last < first {
        0
    } else {
        (last - first) as usize + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_one_two_five() {
        assert_eq!(nice_step(-4.0, 6.0, 6), Some(2.0));
        assert_eq!(nice_step(-4.0, 6.0, 11), Some(1.0));
        assert_eq!(nice_step(0.0, 1.0, 5), Some(0.5));
        assert_eq!(nice_step(0.0, 1.0, 3), Some(0.5));
        assert_eq!(nice_step(-1e-6, 1e-6, 5), Some(5e-7));
        assert_eq!(nice_step(0.0, 1e300, 3), Some(5e299));
    }

    #[test]
    fn the_middle_is_not_snapped_to_zero() {
        // The bug this module replaces: -4..6 labelled its middle (1) as 0.
        let ticks = nice_ticks(-4.0, 6.0, 6);
        assert_eq!(ticks, vec![-4.0, -2.0, 0.0, 2.0, 4.0, 6.0]);
        let zero = fraction(0.0, -4.0, 6.0);
        assert!((zero - 0.4).abs() < 1e-12);
    }

    #[test]
    fn ticks_are_exact_multiples_and_within_range() {
        for &(lo, hi, n) in &[
            (-3.7, 2.2, 5),
            (0.1, 0.4, 4),
            (1000.5, 1000.9, 5),
            (-1e-9, 3e-9, 6),
            (-7.0, -3.0, 3),
        ] {
            let ticks = nice_ticks(lo, hi, n);
            assert!(
                !ticks.is_empty() && ticks.len() <= n,
                "{lo}..{hi}: {ticks:?}"
            );
            let step = nice_step(lo, hi, n).unwrap();
            for t in &ticks {
                assert!(*t >= lo - 1e-9 * step && *t <= hi + 1e-9 * step);
                let k = t / step;
                assert!(
                    (k - k.round()).abs() < 1e-9,
                    "{t} is not a multiple of {step}"
                );
            }
        }
    }

    #[test]
    fn bad_ranges_give_no_ticks() {
        assert!(nice_ticks(1.0, 1.0, 5).is_empty());
        assert!(nice_ticks(2.0, 1.0, 5).is_empty());
        assert!(nice_ticks(f64::NEG_INFINITY, 1.0, 5).is_empty());
        assert!(nice_ticks(-1e308, 1e308, 5).is_empty());
    }

    #[test]
    fn positions_put_the_ends_on_the_end_dots() {
        // 10 braille cells = 20 dots: lo on dot 0 (a quarter cell in), hi on dot 19.
        assert_eq!(cell_position(-4.0, -4.0, 6.0, 10, 2), 0.25);
        assert_eq!(cell_position(6.0, -4.0, 6.0, 10, 2), 9.75);
        // 0 is 40% along: dot 7.6, so in cell 4 (dots 8 and 9).
        assert!((cell_position(0.0, -4.0, 6.0, 10, 2) - 4.05).abs() < 1e-12);
        // Reversed (a y-axis drawn downward): the top value is row 0.
        assert_eq!(cell_position(1.0, 1.0, 0.0, 5, 4), 0.125);
    }

    #[test]
    fn labels_carry_the_decimals_of_the_step() {
        assert_eq!(tick_label(0.30000000000000004, 0.1), "0.3");
        assert_eq!(tick_label(0.25, 0.05), "0.25");
        assert_eq!(tick_label(-0.0, 0.5), "0");
        assert_eq!(tick_label(4.0, 2.0), "4");
        assert_eq!(tick_label(-1.5, 0.5), "-1.5");
        assert_eq!(tick_label(2e-6, 1e-6), "2e-6");
    }
}
