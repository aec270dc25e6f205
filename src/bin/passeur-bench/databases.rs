//! Where one backend's databases live. Each size of a run gets a database
//! of its own: a 30 s intake adds a few hundred thousand applications, so
//! a size measured on the database the sizes before it left would be
//! measured on far more rows than it says.

use std::path::PathBuf;

use diesel::{Connection, RunQueryDsl};

/// A backend's home for the run's databases.
pub enum Place {
    /// A folder per database under the system's temporary folder.
    Sqlite,
    /// A database per size on the PostgreSQL server at this URL.
    Postgres(String),
}

impl Place {
    /// The URL of a fresh, empty database for `size` applications.
    pub fn fresh(&self, size: u64) -> String {
        match self {
            Place::Sqlite => {
                let dir = folder(size);
                let _ = std::fs::remove_dir_all(&dir);
                std::fs::create_dir_all(&dir).expect("a work folder");
                format!("sqlite://{}", dir.join("passeur.db").display())
            }
            Place::Postgres(admin) => {
                let name = name(size);
                let mut conn =
                    diesel::PgConnection::establish(admin).expect("the PostgreSQL server");
                diesel::sql_query(format!("DROP DATABASE IF EXISTS {name}"))
                    .execute(&mut conn)
                    .expect("drop");
                diesel::sql_query(format!("CREATE DATABASE {name}"))
                    .execute(&mut conn)
                    .expect("create");
                let mut url = url::Url::parse(admin).expect("a PostgreSQL URL");
                url.set_path(&name);
                url.to_string()
            }
        }
    }

    /// Removes the database made by `fresh(size)`, unless `keep`, in which
    /// case it says where it stays (to profile its queries afterwards).
    pub fn finish(&self, size: u64, url: &str, keep: bool) {
        if keep {
            println!("  (kept: {url})");
            return;
        }
        match self {
            Place::Sqlite => {
                let _ = std::fs::remove_dir_all(folder(size));
            }
            Place::Postgres(admin) => {
                if let Ok(mut conn) = diesel::PgConnection::establish(admin) {
                    let _ = diesel::sql_query(format!(
                        "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                        name(size)
                    ))
                    .execute(&mut conn);
                }
            }
        }
    }
}

/// Where Debian's PostgreSQL listens on its Unix socket.
const LOCAL_SOCKET: &str = "/var/run/postgresql";

/// The local PostgreSQL server as user `postgres`: through its Unix socket
/// when there is one, as a host would connect Passeur to a server on the
/// same machine, otherwise over TCP on the loopback.
///
/// Over TCP, libpq encrypts the loopback's traffic whenever the server
/// offers TLS, as Debian's does: the benchmark's writer took 2 716
/// submissions a second that way, 3 156 without TLS and 3 578 through the
/// socket. The environment's `PASSEUR_BENCH_POSTGRES_URL` measures any
/// other way.
pub fn local_server() -> String {
    let socket = std::path::Path::new(LOCAL_SOCKET).join(".s.PGSQL.5432");
    if socket.exists() {
        format!("postgres:///postgres?host={LOCAL_SOCKET}&user=postgres")
    } else {
        "postgres://postgres@127.0.0.1:5432/postgres".into()
    }
}

/// `url` as it may be printed: its password, in the user part or in the
/// query (`?password=`), hidden.
pub fn shown(url: &str) -> String {
    let Ok(mut parsed) = url::Url::parse(url) else {
        return "(a URL that does not parse)".into();
    };
    if parsed.password().is_some() {
        let _ = parsed.set_password(Some("hidden"));
    }
    let pairs: Vec<(String, String)> = parsed
        .query_pairs()
        .map(|(k, v)| match k.as_ref() {
            "password" => (k.into_owned(), "hidden".into()),
            _ => (k.into_owned(), v.into_owned()),
        })
        .collect();
    if !pairs.is_empty() {
        parsed.query_pairs_mut().clear().extend_pairs(pairs);
    }
    parsed.to_string()
}

fn folder(size: u64) -> PathBuf {
    std::env::temp_dir().join(format!(
        "passeur-bench-{}-sqlite-{size}",
        std::process::id()
    ))
}

fn name(size: u64) -> String {
    format!("passeur_bench_{}_{size}", std::process::id())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_printed_url_hides_its_password_wherever_it_is() {
        assert_eq!(
            shown("postgres://bench:s3cret@db.example/postgres"),
            "postgres://bench:hidden@db.example/postgres"
        );
        let socket = shown("postgres:///postgres?host=/var/run/postgresql&password=s3cret");
        assert!(!socket.contains("s3cret"), "{socket}");
        assert!(socket.contains("password=hidden"), "{socket}");
        assert_eq!(
            shown("postgres://postgres@127.0.0.1:5432/postgres"),
            "postgres://postgres@127.0.0.1:5432/postgres"
        );
    }
}
