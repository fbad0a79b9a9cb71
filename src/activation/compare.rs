//! The model side of the Compare and Explore views: sort keys that compare
//! numbers as numbers (a range by its bounds, smoothness by its order), and the
//! function-list filter where an exact name wins.

use std::cmp::Ordering;
use std::sync::OnceLock;

use super::{fold_name, Activation, Configured, Kind, Smoothness, CATALOG};

/// The columns of the comparison table, in the table's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Name,
    Range,
    ZeroCentered,
    Monotonic,
    Smoothness,
    Year,
    PeakSlope,
}

impl Column {
    pub const ALL: [Column; 7] = [
        Column::Name,
        Column::Range,
        Column::ZeroCentered,
        Column::Monotonic,
        Column::Smoothness,
        Column::Year,
        Column::PeakSlope,
    ];
}

/// A cell's value for sorting: text for names, numbers for everything else.
#[derive(Debug, Clone, PartialEq)]
pub enum SortKey {
    Text(String),
    Number(f64),
    /// A range: by its lower bound, then its upper bound.
    Bounds(f64, f64),
}

impl SortKey {
    /// A total order (NaN last), so sorting never depends on the input order.
    pub fn compare(&self, other: &SortKey) -> Ordering {
        match (self, other) {
            (SortKey::Text(a), SortKey::Text(b)) => a.cmp(b),
            (SortKey::Number(a), SortKey::Number(b)) => a.total_cmp(b),
            (SortKey::Bounds(a0, a1), SortKey::Bounds(b0, b1)) => {
                a0.total_cmp(b0).then(a1.total_cmp(b1))
            }
            // Different kinds never meet in one column; keep the order stable.
            _ => Ordering::Equal,
        }
    }
}

/// Smoothness in its mathematical order: none < C0 < C1 < C∞.
pub fn smoothness_rank(s: Smoothness) -> u8 {
    match s {
        Smoothness::Discontinuous => 0,
        Smoothness::C0 => 1,
        Smoothness::C1 => 2,
        Smoothness::CInf => 3,
    }
}

/// The sort key of an entry (at its default parameters) in a column.
pub fn sort_key(a: &'static Activation, column: Column) -> SortKey {
    let yes = |b: bool| SortKey::Number(f64::from(u8::from(b)));
    match column {
        Column::Name => SortKey::Text(a.name.to_string()),
        Column::Range => {
            let (lo, hi) = default_value(a, |d| d.range);
            SortKey::Bounds(lo, hi)
        }
        Column::ZeroCentered => yes(a.zero_centered),
        Column::Monotonic => yes(a.monotonic),
        Column::Smoothness => SortKey::Number(f64::from(smoothness_rank(a.smooth))),
        // No year (the identity) comes before all of history.
        Column::Year => SortKey::Number(a.year.map_or(f64::NEG_INFINITY, f64::from)),
        Column::PeakSlope => SortKey::Number(default_value(a, |d| (d.peak, d.peak)).0),
    }
}

/// The catalog sorted by a column (ties keep the catalog's order), reversed
/// on request.
pub fn sorted(column: Column, reverse: bool) -> Vec<&'static Activation> {
    let mut rows: Vec<(SortKey, &'static Activation)> =
        CATALOG.iter().map(|a| (sort_key(a, column), a)).collect();
    rows.sort_by(|(a, _), (b, _)| a.compare(b));
    if reverse {
        rows.reverse();
    }
    rows.into_iter().map(|(_, a)| a).collect()
}

/// The computed facts of an entry at its default parameters, found once.
#[derive(Debug, Clone, Copy)]
struct Defaults {
    range: (f64, f64),
    peak: f64,
}

fn default_value<T>(a: &Activation, pick: impl Fn(&Defaults) -> T) -> T {
    static DEFAULTS: OnceLock<Vec<Defaults>> = OnceLock::new();
    let all = DEFAULTS.get_or_init(|| {
        CATALOG
            .iter()
            .map(|a| {
                let c = a.configured();
                Defaults {
                    range: range_bounds(&c),
                    peak: c.peak_slope(),
                }
            })
            .collect()
    });
    let index = CATALOG.iter().position(|b| std::ptr::eq(a, b));
    let fallback = Defaults {
        range: (f64::NAN, f64::NAN),
        peak: f64::NAN,
    };
    pick(index.and_then(|i| all.get(i)).unwrap_or(&fallback))
}

/// Beyond this |f| at the far probes, the function is taken to be unbounded.
const UNBOUNDED: f64 = 1e5;
/// The far probes: every catalog function is settled (or clearly growing) there.
const FAR: f64 = 1e6;

/// The range of f as numbers: the lowest and highest values over a fine grid on
/// [−50, 50] and far probes at ±10³ and ±10⁶, with ±∞ where f keeps growing.
/// Computed from f, not read from the range text, so parameters count.
pub fn range_bounds(c: &Configured) -> (f64, f64) {
    // A gated entry is linear in its value input: unbounded both ways unless the
    // gate is shut exactly.
    if c.act.kind == Kind::Gated {
        return if c.df(1.0) == 0.0 {
            (0.0, 0.0)
        } else {
            (f64::NEG_INFINITY, f64::INFINITY)
        };
    }
    let grid = (0..=10_000).map(|i| -50.0 + i as f64 / 100.0);
    let probes = [-FAR, -1e3, 1e3, FAR];
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for y in grid.chain(probes).map(|x| c.f(x)).filter(|y| y.is_finite()) {
        lo = lo.min(y);
        hi = hi.max(y);
    }
    let far = [c.f(-FAR), c.f(FAR)];
    if far.iter().any(|&y| y > UNBOUNDED) {
        hi = f64::INFINITY;
    }
    if far.iter().any(|&y| y < -UNBOUNDED) {
        lo = f64::NEG_INFINITY;
    }
    (lo, hi)
}

/// How well a query matches an entry: lower is better, None for no match.
fn match_rank(a: &Activation, query: &str) -> Option<u8> {
    let wanted = fold_name(query);
    if wanted.is_empty() {
        return Some(3);
    }
    let names = || {
        std::iter::once(a.name)
            .chain(a.aliases.iter().copied())
            .map(fold_name)
    };
    if fold_name(a.name) == wanted {
        Some(0)
    } else if names().any(|n| n == wanted) {
        Some(1)
    } else if names().any(|n| n.starts_with(&wanted)) {
        Some(2)
    } else if names().any(|n| n.contains(&wanted))
        || a.title
            .to_lowercase()
            .contains(&query.trim().to_lowercase())
    {
        Some(3)
    } else {
        None
    }
}

/// The entries a filter shows, best match first: an exact name, then an exact
/// alias, then names starting with the query, then any containing it (or a
/// title that does); the catalog's order within each. Case, spaces, dashes and
/// underscores are ignored, as in `find`. So `elu` lists elu before relu, and
/// `swish` lists swish before silu (whose alias is swish1).
pub fn filter(query: &str) -> Vec<&'static Activation> {
    let mut hits: Vec<(u8, &'static Activation)> = CATALOG
        .iter()
        .filter_map(|a| match_rank(a, query).map(|rank| (rank, a)))
        .collect();
    hits.sort_by_key(|(rank, _)| *rank);
    hits.into_iter().map(|(_, a)| a).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(rows: &[&Activation]) -> Vec<&'static str> {
        rows.iter().map(|a| a.name).collect()
    }

    fn position(rows: &[&Activation], name: &str) -> usize {
        rows.iter().position(|a| a.name == name).unwrap()
    }

    #[test]
    fn an_exact_name_wins_the_filter() {
        assert_eq!(filter("elu")[0].name, "elu");
        assert!(names(&filter("elu")).contains(&"relu"), "relu still listed");
        assert_eq!(filter("swish")[0].name, "swish");
        assert_eq!(filter("swish1")[0].name, "silu", "by its alias");
        assert!(names(&filter("swish")).contains(&"silu"));
        assert_eq!(filter("logistic")[0].name, "sigmoid");
        assert_eq!(filter("Leaky ReLU")[0].name, "leaky_relu");
        assert_eq!(filter("gelu")[0].name, "gelu");
        assert_eq!(filter("").len(), CATALOG.len());
        assert!(filter("qqq").is_empty());
        // A title word finds its entry too.
        assert_eq!(names(&filter("heaviside")), vec!["step"]);
    }

    #[test]
    fn prefixes_come_before_substrings() {
        let rows = filter("relu");
        assert_eq!(rows[0].name, "relu");
        assert!(position(&rows, "relu6") < position(&rows, "leaky_relu"));
    }

    #[test]
    fn smoothness_sorts_in_its_mathematical_order() {
        let rows = sorted(Column::Smoothness, false);
        let ranks: Vec<u8> = rows.iter().map(|a| smoothness_rank(a.smooth)).collect();
        assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "{ranks:?}");
        assert_eq!(rows[0].name, "step", "none first");
        assert_eq!(rows.last().unwrap().smooth, Smoothness::CInf);
    }

    #[test]
    fn ranges_sort_by_their_bounds() {
        let bounds = |name: &str| range_bounds(&super::super::find(name).unwrap().configured());
        assert_eq!(bounds("sigmoid"), (0.0, 1.0));
        assert_eq!(bounds("tanh"), (-1.0, 1.0));
        assert_eq!(bounds("relu"), (0.0, f64::INFINITY));
        assert_eq!(bounds("identity"), (f64::NEG_INFINITY, f64::INFINITY));
        assert_eq!(bounds("glu"), (f64::NEG_INFINITY, f64::INFINITY));
        assert_eq!(bounds("step"), (0.0, 1.0));
        // SELU's floor is −λα (Klambauer et al. 2017): 1.0507009873554805 ×
        // 1.6732632423543772 = 1.7580993408473766.
        let (lo, hi) = bounds("selu");
        assert!((lo + 1.7580993408473766).abs() < 1e-12 && hi == f64::INFINITY);
        // GELU's minimum, −0.16997120747990367 at x = −0.7517915 (mpmath).
        assert!((bounds("gelu").0 + 0.16997120747990367).abs() < 1e-6);
        let rows = names(&sorted(Column::Range, false));
        assert_eq!(rows[0], "identity", "(−∞, …) first");
        assert!(
            position_of(&rows, "selu") < position_of(&rows, "elu"),
            "−1.758 < −1"
        );
        assert!(position_of(&rows, "tanh") < position_of(&rows, "sigmoid"));
        assert!(position_of(&rows, "sigmoid") < position_of(&rows, "relu"));
        assert!(
            position_of(&rows, "relu6") < position_of(&rows, "relu"),
            "[0, 6] < [0, ∞)"
        );
    }

    fn position_of(rows: &[&str], name: &str) -> usize {
        rows.iter().position(|n| *n == name).unwrap()
    }

    #[test]
    fn numbers_sort_as_numbers_and_reverse_flips() {
        let rows = sorted(Column::PeakSlope, false);
        let peaks: Vec<f64> = rows.iter().map(|a| a.configured().peak_slope()).collect();
        assert!(peaks.windows(2).all(|w| w[0] <= w[1]), "{peaks:?}");
        let years = sorted(Column::Year, false);
        assert_eq!(years[0].name, "identity", "no year first");
        assert_eq!(years[1].name, "step", "1943");
        let reversed = sorted(Column::Year, true);
        assert_eq!(reversed.last().unwrap().name, "identity");
        // Booleans: no before yes.
        let mono = sorted(Column::Monotonic, false);
        assert!(!mono[0].monotonic && mono.last().unwrap().monotonic);
    }
}
