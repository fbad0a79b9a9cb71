//! The order a choice question's options are shown in. The lesson file keeps its
//! own numbering (`answer = 2` names the file's second option); each sitting shows
//! the options in a fresh order so that a fixed key position ("always 1") cannot
//! be learned instead of the lesson. The order is drawn from a seed, so a test (or
//! `acttutor quiz N --plain --seed S`) can reproduce it.

use crate::lab::Rng;

/// Shown position → index in the file, both 0-based.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OptionOrder(Vec<usize>);

impl OptionOrder {
    /// The file's own order (questions that are not shuffled).
    pub fn identity(len: usize) -> OptionOrder {
        OptionOrder((0..len).collect())
    }

    /// A shuffled order of `len` options for the question `id` in the sitting
    /// drawn from `seed`: the same seed and id always give the same order.
    pub fn shuffled(len: usize, seed: u64, id: &str) -> OptionOrder {
        let mut order: Vec<usize> = (0..len).collect();
        Rng::stream(seed, fnv1a(id)).shuffle(&mut order);
        OptionOrder(order)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The file index of the option shown at `shown` (0-based).
    pub fn file_index(&self, shown: usize) -> Option<usize> {
        self.0.get(shown).copied()
    }

    /// Where the file's option `file_index` is shown (0-based).
    pub fn shown_position(&self, file_index: usize) -> Option<usize> {
        self.0.iter().position(|&i| i == file_index)
    }

    /// The options in the order they are shown.
    pub fn arrange<'a>(&self, options: &'a [String]) -> Vec<&'a str> {
        self.0
            .iter()
            .filter_map(|&i| options.get(i).map(String::as_str))
            .collect()
    }
}

/// FNV-1a: a stable hash of a question id (std's hasher may change between
/// Rust versions, which would change every seeded order).
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shuffle_is_a_permutation_and_maps_both_ways() {
        let order = OptionOrder::shuffled(5, 42, "q");
        let mut sorted = order.0.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, vec![0, 1, 2, 3, 4]);
        for shown in 0..5 {
            let file = order.file_index(shown).expect("in range");
            assert_eq!(order.shown_position(file), Some(shown));
        }
        assert_eq!(order.file_index(5), None);
    }

    #[test]
    fn the_same_seed_gives_the_same_order_and_seeds_differ() {
        assert_eq!(
            OptionOrder::shuffled(4, 7, "a"),
            OptionOrder::shuffled(4, 7, "a")
        );
        let distinct: std::collections::BTreeSet<Vec<usize>> = (0..50)
            .map(|seed| OptionOrder::shuffled(4, seed, "a").0)
            .collect();
        // 24 orders exist; 50 seeds reach most of them.
        assert!(distinct.len() > 15, "{}", distinct.len());
    }

    #[test]
    fn fnv1a_matches_its_published_test_vector() {
        // FNV-1a 64-bit of "a" (Fowler–Noll–Vo reference test suite).
        assert_eq!(fnv1a("a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a(""), 0xcbf2_9ce4_8422_2325);
    }

    #[test]
    fn identity_keeps_the_file_order() {
        let options: Vec<String> = ["a", "b", "c"].map(String::from).to_vec();
        assert_eq!(OptionOrder::identity(3).arrange(&options), ["a", "b", "c"]);
    }
}
