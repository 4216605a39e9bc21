//! Two `hotline serve` processes on one PostgreSQL database: a ticket registered through
//! one arrives, within a second, on the change stream of a board served by the other
//! (LISTEN/NOTIFY), and that board's card endpoint shows it. Real processes, real sockets.
use app::auth::server::hash_password;
use app::domain::roles::{Clearance, Role};
use app::store::testing;
use app::store::users::NewAccount;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const PASSWORD: &str = "correct-horse-42";

struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn serve(url: &str) -> Server {
    let port = free_port();
    let child = Command::new(env!("CARGO_BIN_EXE_hotline"))
        .arg("serve")
        .env("DATABASE_URL", url)
        .env("HOTLINE_BIND", format!("127.0.0.1:{port}"))
        .env("HOTLINE_SECRET", "two-servers-secret-two-servers-secret-00")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let s = Server { child, port };
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if let Ok(r) = request(port, "GET", "/healthz", "", None) {
            if r.starts_with("HTTP/1.1 200") {
                return s;
            }
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("server on {port} did not start");
}

/// One HTTP/1.1 request; the whole response as text.
fn request(
    port: u16,
    method: &str,
    path: &str,
    body: &str,
    cookie: Option<&str>,
) -> std::io::Result<String> {
    let mut s = TcpStream::connect(("127.0.0.1", port))?;
    s.set_read_timeout(Some(Duration::from_secs(10)))?;
    let cookie = cookie
        .map(|c| format!("Cookie: {c}\r\n"))
        .unwrap_or_default();
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: http://127.0.0.1:{port}\r\n\
         Accept: application/json\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Content-Length: {}\r\nConnection: close\r\n{cookie}\r\n{body}",
        body.len()
    )?;
    let mut out = String::new();
    s.read_to_string(&mut out)?;
    Ok(out)
}

fn login(port: u16, login: &str) -> String {
    let r = request(
        port,
        "POST",
        "/api/login",
        &format!("login={login}&password={PASSWORD}"),
        None,
    )
    .unwrap();
    r.lines()
        .find_map(|l| {
            l.strip_prefix("set-cookie: ")
                .or(l.strip_prefix("Set-Cookie: "))
        })
        .and_then(|c| c.split(';').next())
        .map(str::to_owned)
        .unwrap_or_else(|| panic!("no session cookie: {r}"))
}

#[tokio::test]
async fn a_change_through_one_server_reaches_the_board_of_another() {
    let Some(db) = testing::postgres().await else {
        return;
    };
    let s = &db.store;
    let org = testing::small_org(s, None, "", "[]").await;
    let (centre, noise) = (org.centre, org.noise);
    let hash = hash_password(PASSWORD.into()).await.unwrap();
    for (login, role, dept) in [
        ("agent", Role::Agent, centre),
        ("sup", Role::Supervisor, centre),
    ] {
        s.insert_account(&NewAccount {
            login,
            display_name: login,
            password_hash: &hash,
            department_id: dept,
            clearance: Clearance::Internal,
            roles: &[role],
            must_change_password: false,
        })
        .await
        .unwrap();
    }
    let a = serve(&db.url);
    let b = serve(&db.url);

    // The supervisor's board on server B listens to B's change stream.
    let sup = login(b.port, "sup");
    let mut stream = TcpStream::connect(("127.0.0.1", b.port)).unwrap();
    write!(
        stream,
        "GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\nCookie: {sup}\r\n\r\n"
    )
    .unwrap();
    stream
        .set_read_timeout(Some(Duration::from_millis(200)))
        .unwrap();
    let mut seen = String::new();
    let mut read_until = |needle: &str, within: Duration| {
        let deadline = Instant::now() + within;
        let mut buf = [0u8; 4096];
        while Instant::now() < deadline {
            if seen.contains(needle) {
                return true;
            }
            if let Ok(n) = stream.read(&mut buf) {
                seen.push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        }
        seen.contains(needle)
    };
    assert!(
        read_until("text/event-stream", Duration::from_secs(5)),
        "{seen}"
    );
    // B's listener is up once it announced itself (a resync after LISTEN).
    assert!(
        read_until("event: resync", Duration::from_secs(5)),
        "{seen}"
    );

    // The agent registers through server A.
    let agent = login(a.port, "agent");
    let started = Instant::now();
    let body = format!(
        "channel=phone&priority=normal&category_id={noise}&description=%E5%A4%9C%E9%97%B4%E6%96%BD%E5%B7%A5%E5%99%AA%E9%9F%B3\
         &caller_name=%E7%8E%8B%E4%BA%94&caller_phone=13800001234&confidentiality=internal"
    );
    let r = request(a.port, "POST", "/api/tickets/register", &body, Some(&agent)).unwrap();
    assert!(r.starts_with("HTTP/1.1 200"), "{r}");
    let id: i64 = testing::scalar(s, "SELECT MAX(id) FROM tickets").await;
    assert!(
        read_until(
            &format!("event: ticket\ndata: {id}\n"),
            Duration::from_secs(1)
        ),
        "B heard of ticket {id} within a second: {seen}"
    );
    let waited = started.elapsed();
    // And B's board shows the card, assigned to the catalogue's department.
    let r = request(
        b.port,
        "GET",
        &format!("/api/board/card?id={id}"),
        "",
        Some(&sup),
    )
    .unwrap();
    assert!(r.starts_with("HTTP/1.1 200"), "{r}");
    assert!(
        r.contains("\"state\":\"assigned\"") && r.contains("城管"),
        "{r}"
    );
    assert!(
        !r.contains("13800001234"),
        "the card carries the phone masked"
    );
    eprintln!("change crossed servers in {waited:?}");
}
