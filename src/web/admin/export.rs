//! `GET /admin/export.csv`: the filtered queue as CSV, streamed page by page
//! so that memory stays flat whatever the number of rows.

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use tokio::sync::mpsc;
use tokio_stream::wrappers::ReceiverStream;

use super::queue::filter_of;
use super::Signed;
use crate::applications::Application;
use crate::moderation::audit;
use crate::moderation::queue::{self, Cursor};
use crate::state::AppState;

/// The columns, with the stable field codes of the contract.
pub const COLUMNS: &[&str] = &[
    "id",
    "status",
    "created_at",
    "confirmed_at",
    "organisation_name",
    "structure_type",
    "sectors",
    "creation_year",
    "employees",
    "members",
    "beneficiaries",
    "annual_budget_eur",
    "description",
    "website",
    "postal_code",
    "city",
    "country",
    "contact_name",
    "contact_email",
    "space_name",
    "office_suite",
    "language",
    "flags",
];

/// A cell that a spreadsheet would take for a formula is made text.
fn cell(value: &str) -> String {
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_string()
    }
}

fn row(app: &Application, flags: &[String]) -> Vec<String> {
    vec![
        app.id.clone(),
        app.status.clone(),
        app.created_at.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        app.confirmed_at
            .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
            .unwrap_or_default(),
        cell(&app.organisation_name),
        app.structure_type.clone(),
        app.sectors.replace(',', ";"),
        app.creation_year.to_string(),
        app.employees.to_string(),
        app.members.to_string(),
        app.beneficiaries.to_string(),
        app.annual_budget_eur
            .map(|b| b.to_string())
            .unwrap_or_default(),
        cell(&app.description),
        cell(app.website.as_deref().unwrap_or("")),
        cell(&app.postal_code),
        cell(&app.city),
        app.country.clone(),
        cell(&app.contact_name),
        cell(&app.contact_email),
        app.space_name.clone(),
        app.office_suite.clone(),
        app.language.clone(),
        flags.join(";"),
    ]
}

fn encode(rows: &[Vec<String>]) -> Vec<u8> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    for r in rows {
        // Writing to memory cannot fail.
        let _ = writer.write_record(r);
    }
    writer.into_inner().unwrap_or_default()
}

/// `GET /admin/export.csv`.
pub async fn csv(req: HttpRequest, state: web::Data<AppState>, signed: Signed) -> HttpResponse {
    let filter = filter_of(&req);
    let (tx, rx) = mpsc::channel::<Result<web::Bytes, std::io::Error>>(4);
    let state2 = state.clone();
    let actor = signed.actor();
    let query = filter.to_query();
    // The export is personal data leaving the tool: it is logged.
    tokio::task::spawn_blocking(move || {
        let mut conn = match state2.pool.get() {
            Ok(c) => c,
            Err(e) => {
                let _ = tx.blocking_send(Err(std::io::Error::other(e.to_string())));
                return;
            }
        };
        let _ = audit::record(
            &mut conn,
            None,
            &actor,
            "export.csv",
            Some(serde_json::json!({ "filter": query })),
            crate::db::now(),
        );
        let header: Vec<String> = COLUMNS.iter().map(|c| c.to_string()).collect();
        if tx
            .blocking_send(Ok(web::Bytes::from(encode(&[header]))))
            .is_err()
        {
            return;
        }
        let prepared = filter.prepare(&mut conn);
        let mut after: Option<Cursor> = None;
        loop {
            let page = match queue::page(&mut conn, &prepared, after.as_ref(), 500).and_then(|p| {
                let next = p.next.clone();
                queue::with_flags(&mut conn, p.rows).map(|rows| (rows, next))
            }) {
                Ok(page) => page,
                Err(e) => {
                    let _ = tx.blocking_send(Err(std::io::Error::other(e.to_string())));
                    return;
                }
            };
            let (rows, next) = page;
            let encoded: Vec<Vec<String>> = rows
                .iter()
                .map(|r| {
                    row(
                        &r.application,
                        &r.flags.iter().map(|f| f.kind.clone()).collect::<Vec<_>>(),
                    )
                })
                .collect();
            if tx
                .blocking_send(Ok(web::Bytes::from(encode(&encoded))))
                .is_err()
            {
                return; // The client went away.
            }
            match next {
                Some(c) => after = Some(c),
                None => return,
            }
        }
    });
    HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"passeur-applications.csv\"",
        ))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .streaming(ReceiverStream::new(rx))
}

#[cfg(test)]
mod tests {
    use super::cell;

    #[test]
    fn cells_that_look_like_formulas_are_made_text() {
        assert_eq!(cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(cell("Les Amis"), "Les Amis");
    }
}
