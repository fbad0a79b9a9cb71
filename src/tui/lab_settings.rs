//! The lab's settings as its keys step through them: the activations `a`
//! cycles, side B's partner, depths and the learning-rate ladder. No drawing here.

use crate::activation;
use crate::func::Func;
use crate::lab::DatasetKind;

/// The activations `a` cycles through: the ones the course compares in the lab.
pub const ACTIVATIONS: [&str; 10] = [
    "relu",
    "leaky_relu",
    "elu",
    "selu",
    "gelu",
    "silu",
    "mish",
    "softplus",
    "tanh",
    "sigmoid",
];

/// The deepest network `L` builds before going back to one layer.
const MAX_DEPTH: usize = 8;
/// Learning rates `+`/`-` stay within.
const LR_RANGE: (f64, f64) = (1e-4, 100.0);

/// A catalog activation with its default parameters.
pub fn catalog(name: &str) -> Func {
    let entry = activation::find(name).unwrap_or(&activation::CATALOG[0]);
    Func::Catalog(entry.configured())
}

/// The entry after `current` in `ACTIVATIONS` (the first if it is not listed),
/// skipping `avoid` (side A, when choosing side B).
pub fn next_activation(current: &Func, avoid: Option<&Func>) -> Func {
    let name = current.catalog().map(|c| c.act.name);
    let at = ACTIVATIONS.iter().position(|n| Some(*n) == name);
    let avoid = avoid.and_then(|f| f.catalog()).map(|c| c.act.name);
    let start = at.map_or(0, |i| i + 1);
    let pick = (0..ACTIVATIONS.len())
        .map(|k| ACTIVATIONS[(start + k) % ACTIVATIONS.len()])
        .find(|n| Some(*n) != avoid)
        .unwrap_or("relu");
    catalog(pick)
}

/// Side B's first activation: leaky ReLU against ReLU, ReLU against the rest.
pub fn partner(a: &Func) -> Func {
    match a.catalog().map(|c| c.act.name) {
        Some("relu") => catalog("leaky_relu"),
        _ => catalog("relu"),
    }
}

/// The data set after `current` in `DatasetKind::ALL`: the two-class sets, the
/// multi-class ones, the 1-D regressions and digits, then back to the first.
pub fn next_dataset(current: DatasetKind) -> DatasetKind {
    let all = DatasetKind::ALL;
    let at = all
        .iter()
        .position(|&k| k == current)
        .unwrap_or(all.len() - 1);
    all[(at + 1) % all.len()]
}

/// One more hidden layer as wide as the last; after `MAX_DEPTH`, back to one.
pub fn next_depth(hidden: &[usize]) -> Vec<usize> {
    match hidden {
        [] => vec![8],
        [first, ..] if hidden.len() >= MAX_DEPTH => vec![*first],
        [.., last] => {
            let mut deeper = hidden.to_vec();
            deeper.push(*last);
            deeper
        }
    }
}

/// The next learning rate up or down on the 1-2-5 ladder (0.1, 0.2, 0.5, 1, …),
/// from any start (0.3 goes to 0.5 or 0.2).
pub fn ladder(lr: f64, up: bool) -> f64 {
    let rungs = (-5..=3).flat_map(|e| [1.0, 2.0, 5.0].map(|m| m * 10f64.powi(e)));
    let rungs: Vec<f64> = rungs
        .filter(|r| (LR_RANGE.0..=LR_RANGE.1).contains(r))
        .collect();
    let next = if up {
        rungs.iter().copied().find(|&r| r > lr * (1.0 + 1e-9))
    } else {
        rungs.iter().rev().copied().find(|&r| r < lr * (1.0 - 1e-9))
    };
    // Round away the float noise of 10^e (0.30000000000000004).
    let snap = |v: f64| format!("{v:.6e}").parse().unwrap_or(v);
    snap(next.unwrap_or(lr.clamp(LR_RANGE.0, LR_RANGE.1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lr_ladder_moves_in_1_2_5_steps() {
        assert_eq!(ladder(0.3, true), 0.5);
        assert_eq!(ladder(0.3, false), 0.2);
        assert_eq!(ladder(1.0, true), 2.0);
        assert_eq!(ladder(0.1, false), 0.05);
        assert_eq!(ladder(100.0, true), 100.0, "capped");
    }

    #[test]
    fn datasets_cycle_through_every_set() {
        let mut seen = vec![DatasetKind::Circle];
        while seen.len() <= DatasetKind::ALL.len() {
            seen.push(next_dataset(*seen.last().unwrap()));
        }
        assert_eq!(seen[12], DatasetKind::Circle, "{seen:?}");
        assert!(seen.contains(&DatasetKind::Sine) && seen.contains(&DatasetKind::Digits));
        assert_eq!(next_dataset(DatasetKind::Digits), DatasetKind::Circle);
    }

    #[test]
    fn depth_cycles_back_to_one_layer() {
        assert_eq!(next_depth(&[8, 8]), vec![8, 8, 8]);
        assert_eq!(next_depth(&[16; 16]), vec![16]);
        assert_eq!(next_depth(&[4; MAX_DEPTH]), vec![4]);
    }

    #[test]
    fn activations_cycle_and_side_b_avoids_side_a() {
        let relu = catalog("relu");
        assert_eq!(next_activation(&relu, None).label(), "leaky_relu");
        let leaky = catalog("leaky_relu");
        assert_eq!(next_activation(&relu, Some(&leaky)).label(), "elu");
        assert_eq!(next_activation(&catalog("step"), None).label(), "relu");
        assert_eq!(partner(&relu).label(), "leaky_relu");
        assert_eq!(partner(&catalog("tanh")).label(), "relu");
    }
}
