//! Why a value was refused: a translation key and its arguments, so that the
//! same refusal reads well in French and in English, in a page or in JSON.

use std::collections::BTreeMap;

/// One reason a value was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The message's key in the translation files (`error-…`).
    pub key: &'static str,
    /// Numbers the message shows (a length, a year…).
    pub args: Vec<(&'static str, i64)>,
}

impl Problem {
    /// A problem whose message needs no number.
    pub fn new(key: &'static str) -> Problem {
        Problem {
            key,
            args: Vec::new(),
        }
    }

    /// Adds a number the message shows.
    pub fn with(mut self, name: &'static str, value: i64) -> Problem {
        self.args.push((name, value));
        self
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.key)?;
        for (name, value) in &self.args {
            write!(f, " {name}={value}")?;
        }
        Ok(())
    }
}

/// Every field's problems, keyed by the field's contract name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldErrors(BTreeMap<&'static str, Vec<Problem>>);

impl FieldErrors {
    /// Records a problem with `field`.
    pub fn add(&mut self, field: &'static str, problem: Problem) {
        self.0.entry(field).or_default().push(problem);
    }

    /// Whether no field has a problem.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The problems of one field.
    pub fn get(&self, field: &str) -> Option<&[Problem]> {
        self.0.get(field).map(Vec::as_slice)
    }

    /// Fields and their problems, in field-name order.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &[Problem])> {
        self.0.iter().map(|(k, v)| (*k, v.as_slice()))
    }

    /// Keeps `Ok` values and files errors under `field`.
    pub fn take<T>(&mut self, field: &'static str, result: Result<T, Problem>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(problem) => {
                self.add(field, problem);
                None
            }
        }
    }
}
