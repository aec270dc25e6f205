//! The bench's table: one row per figure, printed as Markdown so that the
//! README can show it as it came out.

use std::time::Duration;

/// One figure of the table.
pub struct Row {
    pub backend: &'static str,
    pub measure: String,
    pub size: String,
    pub figure: String,
    pub p50: String,
    pub p99: String,
    /// The ratio to a ceiling, or the target and whether it is met.
    pub against: String,
}

impl Row {
    /// A row whose p50 and p99 are those of `run`, or empty without one.
    pub fn measured(
        backend: &'static str,
        measure: &str,
        size: &str,
        figure: String,
        run: Option<&crate::load::Run>,
        against: String,
    ) -> Row {
        Row {
            backend,
            measure: measure.to_string(),
            size: size.to_string(),
            figure,
            p50: run.map_or_else(String::new, |r| ms(r.percentile(50.0))),
            p99: run.map_or_else(String::new, |r| ms(r.percentile(99.0))),
            against,
        }
    }
}

/// Every row so far, printed as they come and again at the end.
#[derive(Default)]
pub struct Report {
    rows: Vec<Row>,
}

/// A latency in milliseconds, to a tenth.
pub fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

/// A count with thin grouping of thousands.
pub fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

/// Whether `ok`, as the table says it.
pub fn verdict(ok: bool, target: &str) -> String {
    format!("{} {target}", if ok { "met:" } else { "NOT met:" })
}

/// The verdict on a target of several parts: those met, then those not.
pub fn verdicts(parts: &[(bool, String)]) -> String {
    let list = |wanted: bool| {
        parts
            .iter()
            .filter(|(ok, _)| *ok == wanted)
            .map(|(_, part)| part.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let (met, missed) = (list(true), list(false));
    match (met.is_empty(), missed.is_empty()) {
        (_, true) => format!("met: {met}"),
        (true, false) => format!("NOT met: {missed}"),
        (false, false) => format!("met: {met}; NOT met: {missed}"),
    }
}

impl Report {
    /// Adds a row and prints it at once (a long run shows its progress).
    pub fn add(&mut self, row: Row) {
        println!(
            "  {:<9} {:<44} {:>9} {:>16} {:>10} {:>10}  {}",
            row.backend, row.measure, row.size, row.figure, row.p50, row.p99, row.against
        );
        self.rows.push(row);
    }

    /// The whole table in Markdown.
    pub fn markdown(&self) -> String {
        let mut out = String::from(
            "| backend | measure | applications | figure | p50 | p99 | ratio or target |\n\
             | --- | --- | ---: | ---: | ---: | ---: | --- |\n",
        );
        for r in &self.rows {
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} | {} | {} |\n",
                r.backend, r.measure, r.size, r.figure, r.p50, r.p99, r.against
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_grouped_by_thousands() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1000), "1 000");
        assert_eq!(count(1_000_000), "1 000 000");
    }

    #[test]
    fn a_target_of_several_parts_says_which_are_met() {
        let part = |ok, text: &str| (ok, text.to_string());
        assert_eq!(
            verdicts(&[part(true, "a"), part(false, "b"), part(true, "c")]),
            "met: a, c; NOT met: b"
        );
        assert_eq!(verdicts(&[part(true, "a")]), "met: a");
        assert_eq!(verdicts(&[part(false, "b")]), "NOT met: b");
    }
}
