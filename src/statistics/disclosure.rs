//! Publishing counts without singling anyone out: a group of fewer than
//! [`THRESHOLD`] associations is merged into "other", and if "other" is
//! still that small the next smallest group joins it, until every group
//! shown holds at least [`THRESHOLD`] (or nothing is shown at all).

/// The smallest group the transparency page shows.
pub const THRESHOLD: i64 = 5;

/// The code of the merged group.
pub const OTHER: &str = "other_merged";

/// Merges the small groups of `rows` (code, count) into [`OTHER`]; groups
/// with no one are dropped. The result keeps the order of `rows`, with
/// [`OTHER`] last. When the whole is under the threshold nothing is
/// returned.
pub fn merge_small(rows: &[(String, i64)]) -> Vec<(String, i64)> {
    let mut kept: Vec<(String, i64)> = rows.iter().filter(|(_, n)| *n > 0).cloned().collect();
    let total: i64 = kept.iter().map(|(_, n)| n).sum();
    if total < THRESHOLD {
        return Vec::new();
    }
    let mut other = 0;
    loop {
        let small = kept
            .iter()
            .enumerate()
            .filter(|(_, (_, n))| *n < THRESHOLD)
            .min_by_key(|(_, (_, n))| *n)
            .map(|(i, _)| i);
        let next = match small {
            Some(i) => i,
            // "other" too small on its own: the smallest kept group joins it.
            None if other > 0 && other < THRESHOLD => {
                match kept.iter().enumerate().min_by_key(|(_, (_, n))| *n) {
                    Some((i, _)) => i,
                    None => break,
                }
            }
            None => break,
        };
        other += kept.remove(next).1;
    }
    if other > 0 {
        kept.push((OTHER.to_string(), other));
    }
    kept
}

/// A total shown as a number only from [`THRESHOLD`] up.
pub fn is_publishable(n: i64) -> bool {
    n == 0 || n >= THRESHOLD
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(v: &[(&str, i64)]) -> Vec<(String, i64)> {
        v.iter().map(|(k, n)| (k.to_string(), *n)).collect()
    }

    #[test]
    fn small_groups_are_merged_into_other() {
        let merged = merge_small(&rows(&[("a", 50), ("b", 3), ("c", 4), ("d", 0)]));
        assert_eq!(merged, rows(&[("a", 50), (OTHER, 7)]));
    }

    #[test]
    fn an_other_group_still_too_small_takes_the_next_smallest() {
        let merged = merge_small(&rows(&[("a", 50), ("b", 6), ("c", 2)]));
        assert_eq!(merged, rows(&[("a", 50), (OTHER, 8)]));
    }

    #[test]
    fn no_group_shown_is_ever_under_the_threshold() {
        for a in 0..12 {
            for b in 0..12 {
                for c in 0..12 {
                    let merged = merge_small(&rows(&[("a", a), ("b", b), ("c", c)]));
                    assert!(
                        merged.iter().all(|(_, n)| *n >= THRESHOLD),
                        "{a} {b} {c}: {merged:?}"
                    );
                    let shown: i64 = merged.iter().map(|(_, n)| n).sum();
                    assert!(shown == a + b + c || merged.is_empty());
                }
            }
        }
    }
}
