//! A fast mail relay for the server under test: it speaks just enough SMTP
//! for lettre (8BITMIME and SMTPUTF8 announced, no authentication), accepts
//! every message and keeps only their count.
//!
//! A host sends its e-mails to a relay, and this is what the bench does
//! too. Files in a mail folder (the server's fallback with no relay) made
//! the kernel look for a free inode in a folder of hundreds of thousands
//! of `.eml` files for every e-mail, a cost a relay does not have.
//!
//! The relay acknowledges what it reads at once (`TCP_QUICKACK`). lettre
//! writes a message's closing dot apart from its text, and the kernel
//! holds that small write until the text is acknowledged: a receiver that
//! delays its acknowledgements, as Linux does by default, costs every
//! e-mail 40 ms, which would make this relay, not the server, set how
//! fast the e-mails leave.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::tcp::OwnedReadHalf;
use tokio::net::{TcpListener, TcpStream};

/// The relay; it runs until the bench ends.
pub struct Sink {
    /// The URL to give the server (`PASSEUR_SMTP_URL`).
    pub url: String,
    received: Arc<AtomicU64>,
}

impl Sink {
    /// Starts a relay on a free port of loopback.
    pub async fn start() -> Sink {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a port for the mail relay");
        let port = listener.local_addr().expect("its address").port();
        let received = Arc::new(AtomicU64::new(0));
        let counter = received.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(session(stream, counter.clone()));
            }
        });
        Sink {
            url: format!("smtp://127.0.0.1:{port}"),
            received,
        }
    }

    /// Messages accepted so far.
    pub fn received(&self) -> u64 {
        self.received.load(Ordering::Relaxed)
    }
}

/// One client's session, until it quits or hangs up.
async fn session(stream: TcpStream, received: Arc<AtomicU64>) -> std::io::Result<()> {
    let (reader, mut writer) = stream.into_split();
    let mut lines = BufReader::new(reader);
    writer.write_all(b"220 passeur-bench ready\r\n").await?;
    let mut line = Vec::new();
    loop {
        line.clear();
        if lines.read_until(b'\n', &mut line).await? == 0 {
            return Ok(());
        }
        let verb = line
            .get(..4)
            .map(|v| v.to_ascii_uppercase())
            .unwrap_or_default();
        quick_ack(&lines);
        let answer: &[u8] = match verb.as_slice() {
            b"EHLO" => b"250-passeur-bench\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n",
            b"DATA" => {
                writer.write_all(b"354 go on\r\n").await?;
                // The message ends with a line holding a single dot.
                loop {
                    line.clear();
                    if lines.read_until(b'\n', &mut line).await? == 0 {
                        return Ok(());
                    }
                    quick_ack(&lines);
                    if line == b".\r\n" || line == b".\n" {
                        break;
                    }
                }
                received.fetch_add(1, Ordering::Relaxed);
                b"250 kept\r\n"
            }
            b"QUIT" => {
                writer.write_all(b"221 bye\r\n").await?;
                return Ok(());
            }
            _ => b"250 ok\r\n",
        };
        writer.write_all(answer).await?;
    }
}

/// Acknowledges at once what has arrived, once the buffer holds no more of
/// it: the kernel leaves quick-ack mode on its own, so it is asked again
/// after each read from the socket, not after each line of a read.
fn quick_ack(lines: &BufReader<OwnedReadHalf>) {
    if !lines.buffer().is_empty() {
        return;
    }
    let stream: &TcpStream = lines.get_ref().as_ref();
    let _ = socket2::SockRef::from(stream).set_tcp_quickack(true);
}
