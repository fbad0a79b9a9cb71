//! Number formatting shared by the command line and the app.

/// The shortest text that reads back to the same f64 (Rust's formatting is
/// round-trip exact); scientific notation for very small or very large magnitudes.
pub fn shortest(v: f64) -> String {
    let magnitude = v.abs();
    if v.is_nan() {
        "NaN".into()
    } else if v.is_infinite() {
        if v > 0.0 { "inf" } else { "-inf" }.into()
    } else if magnitude != 0.0 && !(1e-5..1e16).contains(&magnitude) {
        format!("{v:e}")
    } else {
        format!("{v}")
    }
}

/// A compact label for axes and read-outs: about `digits` significant digits,
/// no trailing zeros (0.25, -1.758, 3.5e-7).
pub fn compact(v: f64, digits: usize) -> String {
    if !v.is_finite() {
        return shortest(v);
    }
    if v == 0.0 {
        return "0".into();
    }
    let magnitude = v.abs();
    if !(1e-3..1e6).contains(&magnitude) {
        let text = format!("{:.*e}", digits.saturating_sub(1), v);
        return trim_mantissa(&text);
    }
    let int_digits = magnitude.log10().floor() as i32 + 1;
    let decimals = (digits as i32 - int_digits).max(0) as usize;
    let text = format!("{v:.decimals$}");
    let trimmed = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    };
    if trimmed == "-0" {
        "0".into()
    } else {
        trimmed
    }
}

fn trim_mantissa(text: &str) -> String {
    match text.split_once('e') {
        Some((mantissa, exp)) if mantissa.contains('.') => {
            format!(
                "{}e{}",
                mantissa.trim_end_matches('0').trim_end_matches('.'),
                exp
            )
        }
        _ => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortest_round_trips() {
        for v in [
            0.1,
            1.0 / 3.0,
            -2.5e-300,
            1e20,
            123456.789,
            0.0,
            -0.0,
            4.9e-324,
        ] {
            let text = shortest(v);
            let back: f64 = text.parse().unwrap();
            assert_eq!(back.to_bits(), v.to_bits(), "{text}");
        }
        assert_eq!(shortest(0.25), "0.25");
        assert_eq!(shortest(1.0), "1");
        assert_eq!(shortest(1e-7), "1e-7");
    }

    #[test]
    fn compact_is_short() {
        assert_eq!(compact(0.25, 4), "0.25");
        assert_eq!(compact(-1.7580993408473769, 4), "-1.758");
        assert_eq!(compact(3.0, 3), "3");
        assert_eq!(compact(1234.5678, 3), "1235");
        assert_eq!(compact(3.5e-7, 3), "3.5e-7");
        assert_eq!(compact(-0.0001, 3), "-1e-4");
    }
}
