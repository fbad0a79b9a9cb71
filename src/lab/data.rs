//! The lab's data sets: two-class toy sets in the plane after TensorFlow
//! Playground's (points roughly within [-1, 1]² before noise), two multi-class sets
//! in the plane, four 1-D regression targets on [−1, 1], and the UCI handwritten
//! digits (8×8 images, ten classes). Every set has a seeded 80/20 train/test split.
//!
//! Labels: a class index (0.0, 1.0, …) for classification, the target value for
//! regression.

use std::fmt;
use std::io::Read;
use std::str::FromStr;
use std::sync::OnceLock;

use super::rng::Rng;

/// The share of points held out for testing.
pub const TEST_FRACTION: f64 = 0.2;

/// Pixels per side of a digits image.
pub const DIGIT_SIDE: usize = 8;
/// Images in the digits set.
pub const DIGIT_COUNT: usize = 1797;
/// The largest pixel value in the raw digits data (pixels are divided by it).
pub const DIGIT_MAX: f64 = 16.0;

/// The UCI optical-recognition digits as scikit-learn ships them
/// (`sklearn/datasets/data/digits.csv.gz`): one image a line, 64 pixels 0–16 row by
/// row, then the label. Alpaydin & Kaynak (1998), CC BY 4.0.
static DIGITS_CSV_GZ: &[u8] = include_bytes!("../../data/digits.csv.gz");

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
    /// Three interleaved spiral arms, one class each.
    Spiral3,
    /// Four Gaussian clusters, one class each.
    Blobs4,
    /// y = sin(πx) on [−1, 1].
    Sine,
    /// y = |x| on [−1, 1].
    Abs,
    /// y = 0 for x < 0, 1 from 0 on.
    Step,
    /// y = x² on [−1, 1].
    Square,
    /// The UCI handwritten digits: 1797 images of 8×8 pixels, ten classes.
    Digits,
}

/// What a data set asks the network to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Task {
    /// Pick one of `classes` classes (2 for the two-class sets).
    Classify { classes: usize },
    /// Predict a real number.
    Regress,
}

impl DatasetKind {
    pub const ALL: [DatasetKind; 12] = [
        DatasetKind::Circle,
        DatasetKind::Xor,
        DatasetKind::Gauss,
        DatasetKind::Spiral,
        DatasetKind::Moons,
        DatasetKind::Spiral3,
        DatasetKind::Blobs4,
        DatasetKind::Sine,
        DatasetKind::Abs,
        DatasetKind::Step,
        DatasetKind::Square,
        DatasetKind::Digits,
    ];

    /// The two-class sets in the plane, which the `D` key of the app cycles through.
    pub const TWO_CLASS: [DatasetKind; 5] = [
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
            DatasetKind::Spiral3 => "spiral3",
            DatasetKind::Blobs4 => "blobs4",
            DatasetKind::Sine => "sine",
            DatasetKind::Abs => "abs",
            DatasetKind::Step => "step",
            DatasetKind::Square => "square",
            DatasetKind::Digits => "digits",
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            DatasetKind::Circle => "a disc inside a ring",
            DatasetKind::Xor => "four quadrants: class = sign of x·y",
            DatasetKind::Gauss => "two Gaussian blobs",
            DatasetKind::Spiral => "two interleaved spiral arms",
            DatasetKind::Moons => "two interleaved half-moons",
            DatasetKind::Spiral3 => "three interleaved spiral arms, three classes",
            DatasetKind::Blobs4 => "four Gaussian clusters, four classes",
            DatasetKind::Sine => "regression: y = sin(πx) on [−1, 1]",
            DatasetKind::Abs => "regression: y = |x| on [−1, 1]",
            DatasetKind::Step => "regression: y = 0 for x < 0, 1 from 0 on",
            DatasetKind::Square => "regression: y = x² on [−1, 1]",
            DatasetKind::Digits => "UCI handwritten digits: 1797 8×8 images, ten classes",
        }
    }

    pub fn task(self) -> Task {
        match self {
            DatasetKind::Spiral3 => Task::Classify { classes: 3 },
            DatasetKind::Blobs4 => Task::Classify { classes: 4 },
            DatasetKind::Digits => Task::Classify { classes: 10 },
            DatasetKind::Sine | DatasetKind::Abs | DatasetKind::Step | DatasetKind::Square => {
                Task::Regress
            }
            _ => Task::Classify { classes: 2 },
        }
    }

    /// Numbers per input: 2 in the plane, 1 for regression, 64 pixels for digits.
    pub fn inputs(self) -> usize {
        match self {
            DatasetKind::Digits => DIGIT_SIDE * DIGIT_SIDE,
            _ if self.task() == Task::Regress => 1,
            _ => 2,
        }
    }

    /// Whether the points are fixed (digits) rather than generated: `points` and
    /// `noise` do not apply.
    pub fn is_fixed(self) -> bool {
        self == DatasetKind::Digits
    }

    /// The next two-class set in the plane, for a key that cycles through them (the
    /// other sets need views of their own).
    pub fn next(self) -> DatasetKind {
        let sets = DatasetKind::TWO_CLASS;
        let i = sets
            .iter()
            .position(|&k| k == self)
            .unwrap_or(sets.len() - 1);
        sets[(i + 1) % sets.len()]
    }

    /// "circle, xor, …, digits".
    pub fn names() -> String {
        let names: Vec<&str> = DatasetKind::ALL.iter().map(|k| k.name()).collect();
        names.join(", ")
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
                format!(
                    "unknown dataset '{s}'; choose one of {}",
                    DatasetKind::names()
                )
            })
    }
}

/// Labelled points: `x` holds the inputs flat, `dim` numbers per point (pixels row
/// by row for digits); `y` one label per point (a class index, or the target).
#[derive(Debug, Clone, PartialEq)]
pub struct Points {
    pub x: Vec<f64>,
    pub y: Vec<f64>,
    /// Numbers per point.
    pub dim: usize,
}

impl Default for Points {
    /// Empty points in the plane.
    fn default() -> Self {
        Points::with_dim(2)
    }
}

impl Points {
    pub fn with_dim(dim: usize) -> Points {
        Points {
            x: Vec::new(),
            y: Vec::new(),
            dim,
        }
    }

    pub fn len(&self) -> usize {
        self.y.len()
    }

    pub fn is_empty(&self) -> bool {
        self.y.is_empty()
    }

    /// The i-th point's first two coordinates (a 1-D point gets y = 0) and its label.
    pub fn get(&self, i: usize) -> ([f64; 2], f64) {
        let row = self.input(i);
        let at = |k: usize| row.get(k).copied().unwrap_or(0.0);
        ([at(0), at(1)], self.y[i])
    }

    /// The i-th point's inputs (`dim` numbers).
    pub fn input(&self, i: usize) -> &[f64] {
        &self.x[self.dim * i..self.dim * (i + 1)]
    }

    fn push(&mut self, input: &[f64], label: f64) {
        self.x.extend_from_slice(input);
        self.y.push(label);
    }
}

/// A data set, split into training and test points.
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    pub kind: DatasetKind,
    pub noise: f64,
    pub train: Points,
    pub test: Points,
}

impl Dataset {
    /// `points` points in all (at least 2), Gaussian noise of standard deviation
    /// `noise` added to each coordinate (to the target for regression), split 80/20
    /// at random. Digits are always their 1797 images, without noise.
    pub fn generate(kind: DatasetKind, points: usize, noise: f64, rng: &mut Rng) -> Dataset {
        let all = match kind {
            DatasetKind::Digits => digits().clone(),
            _ if kind.task() == Task::Regress => regression(kind, points.max(2), noise, rng),
            _ => plane(kind, points.max(2), noise, rng),
        };
        let (train, test) = split(&all, rng);
        Dataset {
            kind,
            noise: if kind.is_fixed() { 0.0 } else { noise },
            train,
            test,
        }
    }
}

/// Points in the plane, the classes taking turns so they stay balanced.
fn plane(kind: DatasetKind, points: usize, noise: f64, rng: &mut Rng) -> Points {
    let classes = match kind.task() {
        Task::Classify { classes } => classes,
        Task::Regress => 1,
    };
    let mut all = Points::with_dim(2);
    for i in 0..points {
        let label = (i % classes) as f64;
        let [px, py] = clean_point(kind, label, rng);
        let jitter = [noise * rng.normal(), noise * rng.normal()];
        all.push(&[px + jitter[0], py + jitter[1]], label);
    }
    all
}

/// x uniform on [−1, 1], the target plus Gaussian noise.
fn regression(kind: DatasetKind, points: usize, noise: f64, rng: &mut Rng) -> Points {
    let mut all = Points::with_dim(1);
    for _ in 0..points {
        let x = rng.uniform(-1.0, 1.0);
        let y = target(kind, x) + noise * rng.normal();
        all.push(&[x], y);
    }
    all
}

/// The noise-free regression target at x (0 for a set that is not regression).
pub fn target(kind: DatasetKind, x: f64) -> f64 {
    match kind {
        DatasetKind::Sine => libm::sin(std::f64::consts::PI * x),
        DatasetKind::Abs => x.abs(),
        DatasetKind::Step => {
            if x < 0.0 {
                0.0
            } else {
                1.0
            }
        }
        DatasetKind::Square => x * x,
        _ => 0.0,
    }
}

/// The digits, decoded once: pixels divided by 16 into [0, 1].
pub fn digits() -> &'static Points {
    static DIGITS: OnceLock<Points> = OnceLock::new();
    DIGITS.get_or_init(|| {
        // The file is part of the program and a test decodes it: failing here is a
        // broken build, not bad input.
        decode_digits(DIGITS_CSV_GZ).expect("the embedded digits file decodes")
    })
}

/// Digits from gzipped CSV: 64 pixels (0–16) and a label (0–9) a line.
pub fn decode_digits(gz: &[u8]) -> Result<Points, String> {
    let mut text = String::new();
    flate2::read::GzDecoder::new(gz)
        .read_to_string(&mut text)
        .map_err(|e| format!("digits: cannot decompress: {e}"))?;
    let pixels = DIGIT_SIDE * DIGIT_SIDE;
    let mut all = Points::with_dim(pixels);
    let mut input = Vec::with_capacity(pixels);
    for (line_no, line) in text.lines().enumerate().filter(|(_, l)| !l.is_empty()) {
        let bad = |what: &str| format!("digits line {}: {what}", line_no + 1);
        input.clear();
        for field in line.split(',') {
            let value: f64 = field
                .trim()
                .parse()
                .map_err(|_| bad(&format!("'{field}' is not a number")))?;
            input.push(value);
        }
        let Some(label) = input.pop() else {
            return Err(bad("empty"));
        };
        if input.len() != pixels {
            return Err(bad(&format!("{} pixels, not {pixels}", input.len())));
        }
        if !input.iter().all(|p| (0.0..=DIGIT_MAX).contains(p)) {
            return Err(bad("a pixel outside 0–16"));
        }
        if !(0.0..=9.0).contains(&label) || label.fract() != 0.0 {
            return Err(bad(&format!("label {label} is not a digit")));
        }
        for p in &mut input {
            *p /= DIGIT_MAX;
        }
        all.push(&input, label);
    }
    Ok(all)
}

/// A noise-free point of class `label`.
fn clean_point(kind: DatasetKind, label: f64, rng: &mut Rng) -> [f64; 2] {
    match kind {
        DatasetKind::Circle => circle(label, rng),
        DatasetKind::Xor => xor(label, rng),
        DatasetKind::Gauss => gauss(label, rng),
        DatasetKind::Spiral => spiral(label, rng),
        DatasetKind::Moons => moons(label, rng),
        DatasetKind::Spiral3 => spiral3(label, rng),
        DatasetKind::Blobs4 => blobs4(label, rng),
        // Not sets in the plane: `plane` is never asked for them.
        _ => [0.0, 0.0],
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

/// Three arms a third of a turn apart, each turning 1.75 times around as the
/// radius grows from 0 to 1.
fn spiral3(label: f64, rng: &mut Rng) -> [f64; 2] {
    let t = rng.next_f64();
    let angle = 1.75 * std::f64::consts::TAU * t + label * std::f64::consts::TAU / 3.0;
    [t * libm::sin(angle), t * libm::cos(angle)]
}

/// Four clusters of spread 0.2 around (±0.5, ±0.5), class k in quadrant k
/// (counter-clockwise from the top right).
fn blobs4(label: f64, rng: &mut Rng) -> [f64; 2] {
    const CENTRES: [[f64; 2]; 4] = [[0.5, 0.5], [-0.5, 0.5], [-0.5, -0.5], [0.5, -0.5]];
    let [cx, cy] = CENTRES[(label as usize) % 4];
    [cx + 0.2 * rng.normal(), cy + 0.2 * rng.normal()]
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
    let (mut train, mut test) = (Points::with_dim(all.dim), Points::with_dim(all.dim));
    for (rank, &i) in order.iter().enumerate() {
        let side = if rank < test_len {
            &mut test
        } else {
            &mut train
        };
        side.push(all.input(i), all.y[i]);
    }
    (train, test)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_two_class_kind_is_balanced_bounded_and_split() {
        for kind in DatasetKind::TWO_CLASS {
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
