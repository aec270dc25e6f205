//! Figures laid out as charts a person reads at a glance: horizontal bars
//! with their count and share, and columns for the weeks. Each chart is an
//! SVG drawn here (no script, no third-party library) with a title and a
//! one-sentence summary for screen readers, and always comes with the same
//! numbers as a table; the same rows make the CSV download.

use serde_json::{json, Value};

use super::brackets::{self, number, Bracket};
use super::disclosure;
use super::queries::percentile;
use super::Figures;
use crate::applications::typology::{Sector, StructureType};
use crate::applications::Status;
use crate::host::Policy;
use crate::i18n::{FluentArg, Lang};

/// One line of a chart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// A stable code (for the CSV).
    pub code: String,
    /// The line in words.
    pub label: String,
    pub count: i64,
    /// More about the line, in words (a moderator's decisions by kind).
    pub detail: Option<String>,
}

/// How a chart is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// One horizontal bar per row.
    Bars,
    /// One column per row, in time order.
    Columns,
}

/// A chart: its title, an optional note, its rows, and what shares are of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chart {
    /// An identifier, unique on the page.
    pub id: &'static str,
    pub title: String,
    pub note: Option<String>,
    pub rows: Vec<Row>,
    /// The whole that shares are taken of; `None`: no share column.
    pub base: Option<i64>,
    pub shape: Shape,
}

fn row(code: impl Into<String>, label: impl Into<String>, count: i64) -> Row {
    Row {
        code: code.into(),
        label: label.into(),
        count,
        detail: None,
    }
}

/// The rows of a coded distribution, in the order of `codes`, each code
/// labelled through `key_prefix`.
fn coded(lang: Lang, codes: &[&str], key_prefix: &str, counts: &[(String, i64)]) -> Vec<Row> {
    codes
        .iter()
        .map(|c| {
            let n = counts.iter().filter(|(k, _)| k == c).map(|(_, n)| n).sum();
            row(*c, lang.tr(&format!("{key_prefix}{c}")), n)
        })
        .collect()
}

/// The rows of a bracketed distribution.
fn bracketed(lang: Lang, list: &[Bracket], values: &[(i64, i64)], years: bool) -> Vec<Row> {
    list.iter()
        .zip(brackets::count_into(list, values))
        .map(|(b, n)| row(b.code(), b.label(lang, years), n))
        .collect()
}

fn chart(id: &'static str, lang: Lang, rows: Vec<Row>, base: Option<i64>) -> Chart {
    let note_key = format!("stats-{id}-note");
    Chart {
        id,
        title: lang.tr(&format!("stats-{id}-title")),
        note: lang.has(&note_key).then(|| lang.tr(&note_key)),
        rows,
        base,
        shape: Shape::Bars,
    }
}

const STATUS_CODES: [&str; 7] = [
    "submitted",
    "info_requested",
    "approved",
    "active",
    "provisioning_failed",
    "refused",
    "withdrawn",
];

/// The typology charts, shared by the dashboard and the public page.
fn typology(f: &Figures, lang: Lang) -> Vec<Chart> {
    let types: Vec<&str> = StructureType::ALL.iter().map(|t| t.code()).collect();
    let sectors: Vec<&str> = Sector::ALL.iter().map(|s| s.code()).collect();
    let mut budget = vec![row(
        "undisclosed",
        lang.tr("stats-undisclosed"),
        f.budget_undisclosed,
    )];
    budget.extend(bracketed(lang, brackets::BUDGET, &f.budgets, false));
    let base = Some(f.total);
    vec![
        chart(
            "structure_types",
            lang,
            coded(lang, &types, "structure-type-", &f.structure_types),
            base,
        ),
        chart(
            "sectors",
            lang,
            coded(lang, &sectors, "sector-", &f.sectors),
            base,
        ),
        chart(
            "creation_years",
            lang,
            bracketed(lang, brackets::CREATION_YEAR, &f.creation_years, true),
            base,
        ),
        chart(
            "employees",
            lang,
            bracketed(lang, brackets::EMPLOYEES, &f.employees, false),
            base,
        ),
        chart(
            "members",
            lang,
            bracketed(lang, brackets::MEMBERS, &f.members, false),
            base,
        ),
        chart(
            "beneficiaries",
            lang,
            bracketed(lang, brackets::BENEFICIARIES, &f.beneficiaries, false),
            base,
        ),
        chart("budget", lang, budget, base),
    ]
}

/// Hours to a decision, in brackets a moderator thinks in.
const WAIT: &[Bracket] = &[
    Bracket {
        lo: Some(0),
        hi: Some(23),
    },
    Bracket {
        lo: Some(24),
        hi: Some(71),
    },
    Bracket {
        lo: Some(72),
        hi: Some(167),
    },
    Bracket {
        lo: Some(168),
        hi: Some(335),
    },
    Bracket {
        lo: Some(336),
        hi: None,
    },
];

/// Every chart of the moderators' dashboard.
pub fn dashboard(f: &Figures, lang: Lang, policy: &Policy) -> Vec<Chart> {
    let period_total: i64 = f.by_status.iter().map(|(_, n)| n).sum();
    let mut charts = vec![chart(
        "statuses",
        lang,
        coded(lang, &STATUS_CODES, "status-", &f.by_status),
        Some(period_total),
    )];
    charts.extend(typology(f, lang));
    let mut weeks = chart(
        "weeks",
        lang,
        f.per_week
            .iter()
            .map(|(monday, n)| row(monday.to_string(), week_label(lang, *monday), *n))
            .collect(),
        None,
    );
    weeks.shape = Shape::Columns;
    charts.push(weeks);
    let decided: i64 = f.decision_hours.iter().map(|(_, n)| n).sum();
    let wait_labels = ["lt1d", "1-3d", "3-7d", "1-2w", "gt2w"];
    charts.push(chart(
        "wait",
        lang,
        WAIT.iter()
            .zip(brackets::count_into(WAIT, &f.decision_hours))
            .zip(wait_labels)
            .map(|((_, n), code)| row(code, lang.tr(&format!("stats-wait-{code}")), n))
            .collect(),
        Some(decided),
    ));
    let refusals: i64 = f.refusal_reasons.iter().map(|(_, n)| n).sum();
    charts.push(chart(
        "reasons",
        lang,
        f.refusal_reasons
            .iter()
            .map(|(code, n)| row(code.clone(), policy.reason_label(code, lang), *n))
            .collect(),
        Some(refusals),
    ));
    charts.push(chart(
        "moderators",
        lang,
        f.by_moderator
            .iter()
            .map(|m| Row {
                code: m.actor.clone(),
                label: m.name.clone(),
                count: m.total(),
                detail: Some(lang.tr_args(
                    "stats-moderator-detail",
                    &[
                        ("approved", FluentArg::Number(m.approved)),
                        ("refused", FluentArg::Number(m.refused)),
                        ("info", FluentArg::Number(m.info_requested)),
                    ],
                )),
            })
            .collect(),
        None,
    ));
    charts
}

/// The public charts: the typology of active spaces, every group under the
/// disclosure threshold merged into "other".
pub fn public(f: &Figures, lang: Lang) -> Vec<Chart> {
    typology(f, lang)
        .into_iter()
        .map(|mut c| {
            let pairs: Vec<(String, i64)> =
                c.rows.iter().map(|r| (r.code.clone(), r.count)).collect();
            let labels = c.rows.clone();
            c.rows = disclosure::merge_small(&pairs)
                .into_iter()
                .map(|(code, n)| {
                    let label = labels
                        .iter()
                        .find(|r| r.code == code)
                        .map_or_else(|| lang.tr("stats-other-merged"), |r| r.label.clone());
                    row(code, label, n)
                })
                .collect();
            c
        })
        .collect()
}

/// "semaine du 16/11/2026" / "week of 2026-11-16".
fn week_label(lang: Lang, monday: chrono::NaiveDate) -> String {
    let day = match lang {
        Lang::Fr => monday.format("%d/%m/%Y").to_string(),
        Lang::En => monday.format("%Y-%m-%d").to_string(),
    };
    lang.tr_args("stats-week-of", &[("day", FluentArg::Text(day))])
}

/// A duration in whole hours, in words: "5 h", "1 j 5 h", and from two
/// days on "12 j": the waits are kept by the hour for two days only (see
/// [`brackets::wait_bucket`]).
pub fn duration(lang: Lang, hours: i64) -> String {
    if hours < 24 {
        lang.tr_args("stats-hours", &[("h", FluentArg::Number(hours))])
    } else if hours >= 48 {
        lang.tr_args("stats-days", &[("d", FluentArg::Number(hours / 24))])
    } else {
        lang.tr_args(
            "stats-days-hours",
            &[
                ("d", FluentArg::Number(hours / 24)),
                ("h", FluentArg::Number(hours % 24)),
            ],
        )
    }
}

/// The time-to-decision summary: how many were decided, the median and the
/// 90th percentile.
pub fn wait_summary(f: &Figures, lang: Lang) -> Value {
    let decided: i64 = f.decision_hours.iter().map(|(_, n)| n).sum();
    json!({
        "decided": number(lang, decided),
        "median": percentile(&f.decision_hours, 50).map(|h| duration(lang, h)),
        "p90": percentile(&f.decision_hours, 90).map(|h| duration(lang, h)),
    })
}

/// A share in percent, one decimal, in the writing of `lang`.
fn share(lang: Lang, n: i64, base: i64) -> String {
    if base <= 0 {
        return String::new();
    }
    let tenths = (n * 1000 + base / 2) / base;
    let text = format!("{}.{}", tenths / 10, tenths % 10);
    match lang {
        Lang::Fr => format!("{}\u{a0}%", text.replace('.', ",")),
        Lang::En => format!("{text}%"),
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

impl Chart {
    /// The total of the rows.
    pub fn sum(&self) -> i64 {
        self.rows.iter().map(|r| r.count).sum()
    }

    /// One sentence saying what the chart shows, for screen readers.
    pub fn summary(&self, lang: Lang) -> String {
        match self.rows.iter().max_by_key(|r| r.count) {
            Some(top) if top.count > 0 => lang.tr_args(
                "stats-summary",
                &[
                    ("rows", FluentArg::Number(self.rows.len() as i64)),
                    ("top", FluentArg::Text(top.label.clone())),
                    ("count", FluentArg::Text(number(lang, top.count))),
                ],
            ),
            _ => lang.tr("stats-empty"),
        }
    }

    /// The chart drawn as SVG. The text in it is escaped here.
    pub fn svg(&self, lang: Lang) -> String {
        match self.shape {
            Shape::Bars => self.bars(lang),
            Shape::Columns => self.columns(lang),
        }
    }

    fn head(&self, lang: Lang, width: i64, height: i64) -> String {
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart-svg\" viewBox=\"0 0 {width} {height}\" \
             role=\"img\" aria-labelledby=\"{id}-svg-title {id}-svg-desc\">\
             <title id=\"{id}-svg-title\">{title}</title><desc id=\"{id}-svg-desc\">{desc}</desc>",
            id = self.id,
            title = escape(&self.title),
            desc = escape(&self.summary(lang)),
        )
    }

    /// Label above each bar, so that long labels stay readable on a phone.
    fn bars(&self, lang: Lang) -> String {
        const WIDTH: i64 = 400;
        const ROW: i64 = 42;
        const BAR_MAX: i64 = 290;
        let max = self.rows.iter().map(|r| r.count).max().unwrap_or(0).max(1);
        let height = ROW * self.rows.len() as i64 + 4;
        let mut out = self.head(lang, WIDTH, height);
        for (i, r) in self.rows.iter().enumerate() {
            let y = i as i64 * ROW;
            let w = if r.count > 0 {
                (r.count * BAR_MAX / max).max(2)
            } else {
                0
            };
            let value = match self.base {
                Some(base) => format!("{} ({})", number(lang, r.count), share(lang, r.count, base)),
                None => number(lang, r.count),
            };
            out.push_str(&format!(
                "<text class=\"chart-label\" x=\"0\" y=\"{ly}\">{label}</text>\
                 <rect class=\"chart-bar\" x=\"0\" y=\"{by}\" width=\"{w}\" height=\"16\"></rect>\
                 <text class=\"chart-value\" x=\"{vx}\" y=\"{vy}\">{value}</text>",
                ly = y + 14,
                label = escape(&r.label),
                by = y + 20,
                vx = w + 6,
                vy = y + 33,
                value = escape(&value),
            ));
        }
        out.push_str("</svg>");
        out
    }

    /// One column per row, with the first and last labels under the axis.
    fn columns(&self, lang: Lang) -> String {
        const WIDTH: i64 = 400;
        const PLOT: i64 = 140;
        let n = self.rows.len().max(1) as i64;
        let max = self.rows.iter().map(|r| r.count).max().unwrap_or(0).max(1);
        let slot = (WIDTH - 40) / n;
        let mut out = self.head(lang, WIDTH, PLOT + 40);
        out.push_str(&format!(
            "<text class=\"chart-value\" x=\"0\" y=\"12\">{}</text>\
             <line class=\"chart-axis\" x1=\"36\" y1=\"{PLOT}\" x2=\"{WIDTH}\" y2=\"{PLOT}\"></line>",
            number(lang, max)
        ));
        for (i, r) in self.rows.iter().enumerate() {
            let h = r.count * (PLOT - 20) / max;
            out.push_str(&format!(
                "<rect class=\"chart-bar\" x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\"><title>{t}</title></rect>",
                x = 40 + i as i64 * slot,
                y = PLOT - h,
                w = (slot - 1).max(1),
                t = escape(&format!("{} : {}", r.label, number(lang, r.count))),
            ));
        }
        if let (Some(first), Some(last)) = (self.rows.first(), self.rows.last()) {
            out.push_str(&format!(
                "<text class=\"chart-value\" x=\"40\" y=\"{y}\">{a}</text>\
                 <text class=\"chart-value\" x=\"{WIDTH}\" y=\"{y}\" text-anchor=\"end\">{b}</text>",
                y = PLOT + 18,
                a = escape(&first.label),
                b = escape(&last.label),
            ));
        }
        out.push_str("</svg>");
        out
    }

    /// What the template needs: title, note, SVG, and the table's rows.
    pub fn view(&self, lang: Lang) -> Value {
        json!({
            "id": self.id,
            "title": self.title,
            "note": self.note,
            "svg": self.svg(lang),
            "has_share": self.base.is_some(),
            "has_detail": self.rows.iter().any(|r| r.detail.is_some()),
            "empty": self.sum() == 0,
            "rows": self.rows.iter().map(|r| json!({
                "code": r.code,
                "label": r.label,
                "count": number(lang, r.count),
                "share": self.base.map(|b| share(lang, r.count, b)),
                "detail": r.detail,
            })).collect::<Vec<_>>(),
        })
    }
}

/// Every chart's rows as CSV: `chart,code,label,count,share_percent`.
pub fn csv(charts: &[Chart]) -> String {
    let mut out = String::from("chart,code,label,count,share_percent\r\n");
    let cell = |s: &str| {
        // Quoted, and never read as a formula by a spreadsheet.
        let s = if s.starts_with(['=', '+', '-', '@']) && s.parse::<f64>().is_err() {
            format!("'{s}")
        } else {
            s.to_string()
        };
        format!("\"{}\"", s.replace('"', "\"\""))
    };
    for c in charts {
        for r in &c.rows {
            let pct = c
                .base
                .filter(|b| *b > 0)
                .map(|b| format!("{:.1}", r.count as f64 * 100.0 / b as f64))
                .unwrap_or_default();
            out.push_str(&format!(
                "{},{},{},{},{}\r\n",
                cell(c.id),
                cell(&r.code),
                cell(&r.label),
                r.count,
                pct
            ));
        }
    }
    out
}

/// Status totals for the public page, small ones said as "fewer than 5".
pub fn public_totals(by_status: &[(String, i64)], lang: Lang) -> Vec<Value> {
    [Status::Active, Status::Refused, Status::Withdrawn]
        .iter()
        .map(|s| {
            let n: i64 = by_status.iter().filter(|(c, _)| c == s.code()).map(|(_, n)| n).sum();
            json!({
                "label": lang.tr(&format!("transparency-total-{}", s.code())),
                "count": if disclosure::is_publishable(n) {
                    number(lang, n)
                } else {
                    lang.tr_args("stats-fewer-than", &[("n", FluentArg::Number(disclosure::THRESHOLD))])
                },
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_escaped_inside_the_svg() {
        let c = Chart {
            id: "t",
            title: "<b>".into(),
            note: None,
            rows: vec![row("x", "a<script>", 3)],
            base: Some(3),
            shape: Shape::Bars,
        };
        let svg = c.svg(Lang::En);
        assert!(!svg.contains("<script>") && !svg.contains("<b>"), "{svg}");
        assert!(svg.contains("3 (100.0%)"));
    }

    #[test]
    fn csv_cells_cannot_start_a_formula() {
        let c = Chart {
            id: "t",
            title: String::new(),
            note: None,
            rows: vec![row("=cmd", "=HYPERLINK()", 1)],
            base: None,
            shape: Shape::Bars,
        };
        let text = csv(&[c]);
        assert!(
            text.contains("\"'=cmd\"") && text.contains("\"'=HYPERLINK()\""),
            "{text}"
        );
    }

    #[test]
    fn shares_are_written_the_way_each_language_writes_them() {
        assert_eq!(share(Lang::Fr, 1, 3), "33,3\u{a0}%");
        assert_eq!(share(Lang::En, 2, 3), "66.7%");
    }
}
