//! The privacy promise, kept by the software: retention per outcome
//! (deletion or anonymisation that keeps the statistics true), and the
//! applicant's rights to a copy of their data and to its deletion.

pub mod erasure;
pub mod export;
pub mod retention;
