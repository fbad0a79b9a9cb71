//! Two-class toy data sets in the plane, after TensorFlow Playground's: points
//! roughly within [-1, 1]² before noise, labels 0 and 1 in equal numbers, and a
//! seeded train/test split.

use std::fmt;
use std::str::FromStr;

use super::rng::Rng;

/// The share of points held out for testing.
pub const TEST_FRACTION: f64 = 0.2;

/// Which picture the points make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DatasetKind {
    /// A disc of one class inside a ring of the other.
    Circle,
    /// Four quadrants, the sign of x·y.
    Xor,
    /// Two Gaussian blobs.
    Gauss,
    /// Two interleaved spiral arms.
    Spiral,
    /// Two interleaved half-moons.
    Moons,
}

impl DatasetKind {
    pub const ALL: [DatasetKind; 5] = [
        DatasetKind::Circle,
        DatasetKind::Xor,
        DatasetKind::Gauss,
        DatasetKind::Spiral,
        DatasetKind::Moons,
    ];

    pub fn name(self) -> &'static str {
        match self {
            DatasetKind::Circle => "circle",
            DatasetKind::Xor => "xor",
            DatasetKind::Gauss => "gauss",
            DatasetKind::Spiral => "spiral",
            DatasetKind::Moons => "moons",
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            DatasetKind::Circle => "a disc inside a ring",
            DatasetKind::Xor => "four quadrants: class = sign of x·y",
            DatasetKind::Gauss => "two Gaussian blobs",
            DatasetKind::Spiral => "two interleaved spiral arms",
            DatasetKind::Moons => "two interleaved half-moons",
        }
    }

    /// The next kind, for a key that cycles through them.
    pub fn next(self) -> DatasetKind {
        let i = DatasetKind::ALL
            .iter()
            .position(|&k| k == self)
            .unwrap_or(0);
        DatasetKind::ALL[(i + 1) % DatasetKind::ALL.len()]
    }
}

impl fmt::Display for DatasetKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for DatasetKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_ascii_lowercase();
        DatasetKind::ALL
            .into_iter()
            .find(|k| k.name() == wanted)
            .ok_or_else(|| {
                let names: Vec<&str> = DatasetKind::ALL.iter().map(|k| k.name()).collect();
                format!("unknown dataset '{s}'; choose one of {}", names.join(", "))
            })
    }
}

/// Labelled points: `x` holds (x, y) pairs flat, `y` the labels 0.0 or 1.0.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Points {
    pub x: Vec<f64>,
    pub y: Vec<f64>,
}

impl Points {
    pub fn len(&self) -> usize {
        self.y.len()
    }

    pub fn is_empty(&self) -> bool {
        self.y.is_empty()
    }

    /// The i-th point and its label.
    pub fn get(&self, i: usize) -> ([f64; 2], f64) {
        ([self.x[2 * i], self.x[2 * i + 1]], self.y[i])
    }

    fn push(&mut self, point: [f64; 2], label: f64) {
        self.x.extend_from_slice(&point);
        self.y.push(label);
    }
}

/// A generated data set, split into training and test points.
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    pub kind: DatasetKind,
    pub noise: f64,
    pub train: Points,
    pub test: Points,
}

impl Dataset {
    /// `points` points in all (at least 2), Gaussian noise of standard deviation
    /// `noise` added to each coordinate, split 80/20 at random.
    pub fn generate(kind: DatasetKind, points: usize, noise: f64, rng: &mut Rng) -> Dataset {
        let points = points.max(2);
        let mut all = Points::default();
        for i in 0..points {
            // Alternate the classes so they stay balanced for any count.
            let label = (i % 2) as f64;
            let [px, py] = clean_point(kind, label, rng);
            let jitter = [noise * rng.normal(), noise * rng.normal()];
            all.push([px + jitter[0], py + jitter[1]], label);
        }
        let (train, test) = split(&all, rng);
        Dataset {
            kind,
            noise,
            train,
            test,
        }
    }
}

/// A noise-free point of class `label`.
fn clean_point(kind: DatasetKind, label: f64, rng: &mut Rng) -> [f64; 2] {
    match kind {
        DatasetKind::Circle => circle(label, rng),
        DatasetKind::Xor => xor(label, rng),
        DatasetKind::Gauss => gauss(label, rng),
        DatasetKind::Spiral => spiral(label, rng),
        DatasetKind::Moons => moons(label, rng),
    }
}

/// Class 1 inside radius 0.5, class 0 in the ring from 0.7 to 1.0.
fn circle(label: f64, rng: &mut Rng) -> [f64; 2] {
    let radius = if label > 0.5 {
        rng.uniform(0.0, 0.5)
    } else {
        rng.uniform(0.7, 1.0)
    };
    let angle = rng.uniform(0.0, std::f64::consts::TAU);
    [radius * libm::cos(angle), radius * libm::sin(angle)]
}

/// Class 1 where x·y > 0; points keep a small margin from the axes so the clean
/// classes do not touch.
fn xor(label: f64, rng: &mut Rng) -> [f64; 2] {
    const MARGIN: f64 = 0.05;
    let mut coordinate = || {
        let magnitude = rng.uniform(MARGIN, 1.0);
        if rng.next_f64() < 0.5 {
            -magnitude
        } else {
            magnitude
        }
    };
    let x = coordinate();
    let y = coordinate();
    // Flip y's sign when needed so the quadrant matches the label.
    let same_sign = x * y > 0.0;
    if same_sign == (label > 0.5) {
        [x, y]
    } else {
        [x, -y]
    }
}

/// Blobs of spread 0.2 around (0.5, 0.5) and (−0.5, −0.5).
fn gauss(label: f64, rng: &mut Rng) -> [f64; 2] {
    let centre = if label > 0.5 { 0.5 } else { -0.5 };
    [centre + 0.2 * rng.normal(), centre + 0.2 * rng.normal()]
}

/// Two arms, each turning 1.75 times around as the radius grows from 0 to 1.
fn spiral(label: f64, rng: &mut Rng) -> [f64; 2] {
    let t = rng.next_f64();
    let radius = t;
    let angle = 1.75 * std::f64::consts::TAU * t + label * std::f64::consts::PI;
    [radius * libm::sin(angle), radius * libm::cos(angle)]
}

/// scikit-learn's two moons, scaled from [−1, 2] × [−0.5, 1] into [−1, 1] × [−0.5, 0.5].
fn moons(label: f64, rng: &mut Rng) -> [f64; 2] {
    let t = rng.uniform(0.0, std::f64::consts::PI);
    let (x, y) = if label > 0.5 {
        (1.0 - libm::cos(t), 0.5 - libm::sin(t))
    } else {
        (libm::cos(t), libm::sin(t))
    };
    [(x - 0.5) / 1.5, (y - 0.25) / 1.5]
}

/// A random 80/20 split, keeping at least one point on each side.
fn split(all: &Points, rng: &mut Rng) -> (Points, Points) {
    let n = all.len();
    let mut order: Vec<usize> = (0..n).collect();
    rng.shuffle(&mut order);
    let test_len = ((n as f64 * TEST_FRACTION).round() as usize).clamp(1, n - 1);
    let (mut train, mut test) = (Points::default(), Points::default());
    for (rank, &i) in order.iter().enumerate() {
        let (point, label) = all.get(i);
        if rank < test_len {
            test.push(point, label);
        } else {
            train.push(point, label);
        }
    }
    (train, test)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_is_balanced_bounded_and_split() {
        for kind in DatasetKind::ALL {
            let data = Dataset::generate(kind, 500, 0.0, &mut Rng::new(1));
            assert_eq!(data.train.len(), 400, "{kind}");
            assert_eq!(data.test.len(), 100, "{kind}");
            let ones: f64 = data.train.y.iter().chain(&data.test.y).sum();
            assert_eq!(ones, 250.0, "{kind}");
            let limit = if kind == DatasetKind::Gauss {
                1.5
            } else {
                1.0 + 1e-12
            };
            assert!(
                data.train.x.iter().all(|v| v.abs() <= limit),
                "{kind} leaves the square"
            );
        }
    }

    #[test]
    fn clean_labels_follow_the_rule() {
        let xor = Dataset::generate(DatasetKind::Xor, 200, 0.0, &mut Rng::new(2));
        for i in 0..xor.train.len() {
            let ([x, y], label) = xor.train.get(i);
            assert_eq!(x * y > 0.0, label > 0.5);
        }
        let circle = Dataset::generate(DatasetKind::Circle, 200, 0.0, &mut Rng::new(2));
        for i in 0..circle.train.len() {
            let ([x, y], label) = circle.train.get(i);
            assert_eq!((x * x + y * y).sqrt() < 0.6, label > 0.5);
        }
    }

    #[test]
    fn names_parse_and_cycle() {
        assert_eq!("Spiral".parse::<DatasetKind>(), Ok(DatasetKind::Spiral));
        let err = "donut".parse::<DatasetKind>().unwrap_err();
        assert!(err.contains("circle, xor, gauss, spiral, moons"), "{err}");
        assert_eq!(DatasetKind::Moons.next(), DatasetKind::Circle);
    }

    #[test]
    fn noise_moves_points_and_seed_fixes_them() {
        let a = Dataset::generate(DatasetKind::Moons, 100, 0.1, &mut Rng::new(5));
        let b = Dataset::generate(DatasetKind::Moons, 100, 0.1, &mut Rng::new(5));
        let c = Dataset::generate(DatasetKind::Moons, 100, 0.0, &mut Rng::new(5));
        assert_eq!(a, b);
        assert_ne!(a.train.x, c.train.x);
    }
}
