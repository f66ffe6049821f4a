//! The self-check service against real servers on 127.0.0.1: the service itself and a site of
//! fixture landing pages pinned to it. The JSON API, the form, the limits, the address guard,
//! bad input, reloading and shutting down.

use crate::common;

use common::publish;
use common::service::{HOSTS, generous, pages, published_site, start};
use common::web::{self, Gate, Reply, landing, pinned};
use lpdir::config::{SelfCheckSettings, ServiceLimits};
use serde_json::{Value, json};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

async fn api(addr: SocketAddr, body: Value) -> (u16, Option<String>, Value) {
    api_with(addr, &[], body).await
}

/// `POST /api/check` with extra request headers: the status, `Retry-After` and the JSON.
async fn api_with(
    addr: SocketAddr,
    headers: &[(&str, &str)],
    body: Value,
) -> (u16, Option<String>, Value) {
    let mut request = web::http()
        .post(format!("http://{addr}/api/check"))
        .json(&body);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let r = request.send().await.unwrap();
    let status = r.status().as_u16();
    let retry = r
        .headers()
        .get("retry-after")
        .map(|v| v.to_str().unwrap().to_owned());
    (status, retry, r.json().await.unwrap())
}

/// A page on www.slow.com that the landing server holds until the test opens its gate, and
/// the API request that checks it.
fn held_page(site: &common::web::Site, pages: SocketAddr) -> (Value, Arc<Gate>) {
    let gate = Gate::new();
    site.route(
        "www.slow.com",
        "/held",
        Reply::Gated(gate.clone(), landing("Slow Training", "")),
    );
    let request =
        json!({"url": page_url(pages, "www.slow.com", "/held"), "partner": "Slow Training"});
    (request, gate)
}

fn page_url(pages: SocketAddr, host: &str, path: &str) -> String {
    format!("http://{host}:{}{path}", pages.port())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_api_answers_like_check_json_and_explains_bad_input() {
    let site = pages();
    let p = site.start().await;
    let f = published_site(p).await;
    let s = start(f.root(), pinned(p, HOSTS), generous()).await;

    let (status, _, ok) = api(s.addr, json!({"url": page_url(p, "www.contoso.com", "/microsoft"), "partner": "Contoso Learning", "id": "contoso"})).await;
    assert_eq!(status, 200, "{ok}");
    assert_eq!(ok["verdict"], "accepted", "{ok:#}");
    assert_eq!(ok["rules"].as_array().unwrap().len(), 5);
    for key in ["id", "partner", "url", "final_url", "verdict", "rules"] {
        assert!(ok.get(key).is_some(), "{key} missing: {ok}");
    }

    let (_, _, aws) = api(
        s.addr,
        json!({"url": page_url(p, "www.contoso.com", "/aws"), "partner": "Contoso Learning"}),
    )
    .await;
    assert_eq!(aws["verdict"], "rejected");
    let (_, _, friends) = api(
        s.addr,
        json!({"url": page_url(p, "www.contoso.com", "/friends"), "partner": "Contoso Learning"}),
    )
    .await;
    assert_eq!(
        friends["verdict"], "rejected",
        "Fabrikam is a published partner: {friends:#}"
    );
    assert!(
        friends["rules"][3]["message"]
            .as_str()
            .unwrap()
            .contains("Fabrikam Academy")
    );
    let (_, _, gone) = api(
        s.addr,
        json!({"url": page_url(p, "www.contoso.com", "/gone"), "partner": "Contoso Learning"}),
    )
    .await;
    assert_eq!(gone["verdict"], "unreachable");

    // An internationalised domain name is checked like any other.
    let (status, _, idn) = api(s.addr, json!({"url": format!("http://www.bücher.de:{}/ms", p.port()), "partner": "Bücher Training"})).await;
    assert_eq!(
        (status, idn["verdict"].as_str()),
        (200, Some("accepted")),
        "{idn:#}"
    );

    for (body, code) in [
        (
            json!({"url": "ftp://contoso.com/", "partner": "C"}),
            "invalid_url",
        ),
        (
            json!({"url": "contoso.com/ms", "partner": "C"}),
            "invalid_url",
        ),
        (
            json!({"url": "https://contoso.com/", "partner": ""}),
            "missing_partner",
        ),
        (
            json!({"url": "https://contoso.com/", "partner": "C", "id": "nobody"}),
            "unknown_partner",
        ),
        (json!({"partner": "C"}), "invalid_json"),
    ] {
        let (status, _, e) = api(s.addr, body.clone()).await;
        assert_eq!(
            (status, e["error"].as_str()),
            (400, Some(code)),
            "{body}: {e}"
        );
        assert!(!e["message"].as_str().unwrap().is_empty());
    }
    let client = web::http();
    let r = client
        .post(format!("http://{}/api/check", s.addr))
        .header("content-type", "text/plain")
        .body("url=x")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 415);
    assert_eq!(
        r.json::<Value>().await.unwrap()["error"],
        "unsupported_media_type"
    );
    let big = json!({"url": "https://contoso.com/", "partner": "x".repeat(10_000)});
    let (status, _, e) = api(s.addr, big).await;
    assert_eq!((status, e["error"].as_str()), (413, Some("too_large")));

    let health = client
        .get(format!("http://{}/healthz", s.addr))
        .send()
        .await
        .unwrap();
    assert_eq!(health.text().await.unwrap(), "ok\n");
    let metrics = get_text(&client, format!("http://{}/metrics", s.addr)).await;
    assert!(
        metrics.contains("lpdir_self_check_checks_total{verdict=\"accepted\"} 2"),
        "{metrics}"
    );
    assert!(
        metrics.contains("lpdir_self_check_checks_total{verdict=\"rejected\"} 2"),
        "{metrics}"
    );
    assert!(
        metrics.contains("lpdir_self_check_refused_total{reason=\"invalid\"} 4"),
        "{metrics}"
    );
    assert!(
        metrics.contains("lpdir_self_check_fetch_seconds_count 5"),
        "{metrics}"
    );
    let _ = s.stop.send(());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn limits_answer_429_and_503_with_retry_after() {
    let site = pages();
    let p = site.start().await;
    let f = published_site(p).await;
    let settings = SelfCheckSettings {
        limits: ServiceLimits {
            per_minute: 2,
            per_host_per_minute: 1000,
            max_in_flight: 1,
            max_queue: 0,
            ..ServiceLimits::default()
        },
        ..Default::default()
    };
    let s = start(f.root(), pinned(p, HOSTS), settings).await;
    let check = |path: &str| json!({"url": page_url(p, "www.contoso.com", path), "partner": "Contoso Learning"});
    assert_eq!(api(s.addr, check("/microsoft")).await.0, 200);
    // A cached result does not count against the limit.
    assert_eq!(api(s.addr, check("/microsoft")).await.0, 200);
    assert_eq!(api(s.addr, check("/aws")).await.0, 200);
    let (status, retry, e) = api(s.addr, check("/friends")).await;
    assert_eq!(
        (status, e["error"].as_str()),
        (429, Some("rate_limited")),
        "{e}"
    );
    let retry: u64 = retry.unwrap().parse().unwrap();
    assert!((1..=60).contains(&retry), "{retry}");

    // One check at a time and no queue: a second one while the first runs gets 503.
    let s2 = start(
        f.root(),
        pinned(p, HOSTS),
        SelfCheckSettings {
            limits: ServiceLimits {
                max_in_flight: 1,
                max_queue: 0,
                ..generous().limits
            },
            ..generous()
        },
    )
    .await;
    let (held, gate) = held_page(&site, p);
    let first = tokio::spawn(api(s2.addr, held));
    gate.arrivals(1).await;
    let other =
        json!({"url": page_url(p, "www.contoso.com", "/aws"), "partner": "Contoso Learning"});
    let (status, retry, e) = api(s2.addr, other).await;
    assert_eq!((status, e["error"].as_str()), (503, Some("busy")), "{e}");
    assert!(retry.is_some());
    gate.open();
    assert_eq!(first.await.unwrap().0, 200);

    // The same host at most once a minute, whoever asks.
    let s3 = start(
        f.root(),
        pinned(p, HOSTS),
        SelfCheckSettings {
            limits: ServiceLimits {
                per_host_per_minute: 1,
                ..generous().limits
            },
            ..generous()
        },
    )
    .await;
    assert_eq!(api(s3.addr, check("/microsoft")).await.0, 200);
    let (status, _, e) = api(s3.addr, check("/aws")).await;
    assert_eq!(
        (status, e["error"].as_str()),
        (429, Some("host_limited")),
        "{e}"
    );

    // A check refused for its host's sake costs the client nothing: with two checks a
    // minute, the client's second still runs on another host.
    let s4 = start(
        f.root(),
        pinned(p, HOSTS),
        SelfCheckSettings {
            limits: ServiceLimits {
                per_minute: 2,
                per_host_per_minute: 1,
                ..generous().limits
            },
            ..generous()
        },
    )
    .await;
    assert_eq!(api(s4.addr, check("/microsoft")).await.0, 200);
    assert_eq!(api(s4.addr, check("/aws")).await.0, 429);
    let fabrikam = json!({
        "url": page_url(p, "www.fabrikam.de", "/microsoft"),
        "partner": "Fabrikam Academy"
    });
    let (status, _, e) = api(s4.addr, fabrikam).await;
    assert_eq!(
        status, 200,
        "the host-limited check spent the client's token: {e}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_guard_stands_for_every_visitor() {
    let site = pages();
    let p = site.start().await;
    let port = p.port();
    site.route(
        "www.contoso.com",
        "/to-loopback",
        Reply::Redirect(format!("http://127.0.0.1:{port}/honeypot")),
    )
    .route(
        "www.contoso.com",
        "/to-odd",
        Reply::Redirect(format!("http://0x7f.1:{port}/honeypot")),
    )
    .route(
        "www.contoso.com",
        "/to-name",
        Reply::Redirect(format!("http://localhost:{port}/honeypot")),
    )
    .page("127.0.0.1", "/honeypot", "secret");
    let f = published_site(p).await;
    // The listener's port is allowed, so that only the address guard stands in the way; and
    // --allow-private is ignored by the service.
    let mut network = pinned(p, HOSTS);
    network.ports.push(port);
    network.allow_private = true;
    let s = start(f.root(), network, generous()).await;
    for path in ["/to-loopback", "/to-odd", "/to-name"] {
        let (status, _, r) = api(
            s.addr,
            json!({"url": page_url(p, "www.contoso.com", path), "partner": "Contoso Learning"}),
        )
        .await;
        assert_eq!(
            (status, r["verdict"].as_str()),
            (200, Some("unreachable")),
            "{path}: {r}"
        );
        assert!(
            r["rules"][0]["message"]
                .as_str()
                .unwrap()
                .contains("loopback"),
            "{path}: {r}"
        );
    }
    for url in [
        format!("http://127.0.0.1:{port}/honeypot"),
        format!("http://2130706433:{port}/honeypot"),
        format!("http://localhost:{port}/honeypot"),
        format!("http://[::1]:{port}/honeypot"),
    ] {
        let (status, _, e) = api(s.addr, json!({"url": url, "partner": "X"})).await;
        assert_eq!(
            (status, e["error"].as_str()),
            (400, Some("invalid_url")),
            "{url}: {e}"
        );
        // The form refuses it the same way.
        let form = web::http()
            .post(format!("http://{}/check", s.addr))
            .form(&[("partner", "X"), ("url", url.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(form.status().as_u16(), 400, "{url}");
        assert!(form.text().await.unwrap().contains("id=\"form-error\""));
    }
    let reached: Vec<String> = site
        .requests()
        .into_iter()
        .filter(|r| r.contains("honeypot"))
        .collect();
    assert_eq!(reached, Vec::<String>::new());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_form_answers_bad_input_with_the_form_never_a_500() {
    let site = pages();
    let p = site.start().await;
    let f = published_site(p).await;
    f.write(
        "lpdir.toml",
        "base_url = \"https://partners.example.org/dir/\"\nlanguages = [\"en\", \"nl\"]\n\
         apply = \"mailto:apply@example.org\"\n",
    )
    .write(
        "content/how-to-get-listed.md",
        "---\ntitle: How to get listed\n---\nRules.\n",
    );
    let s = start(f.root(), pinned(p, HOSTS), generous()).await;
    let client = web::http_client()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let post = |body: String, content_type: &'static str| {
        client
            .post(format!("http://{}/check", s.addr))
            .header("content-type", content_type)
            .body(body)
            .send()
    };
    let long_name = format!(
        "partner={}&url=https%3A%2F%2Fcontoso.com%2F",
        "x".repeat(7_000)
    );
    for (body, content_type, needle) in [
        (long_name, "application/x-www-form-urlencoded", "too long"),
        (
            "partner=X&url=ftp%3A%2F%2Fcontoso.com%2F".to_owned(),
            "application/x-www-form-urlencoded",
            "are not web pages",
        ),
        (
            "url=https%3A%2F%2Fcontoso.com%2F".to_owned(),
            "application/x-www-form-urlencoded",
            "name",
        ),
        (
            "{\"partner\": \"X\"}".to_owned(),
            "application/json",
            "name",
        ),
        (
            "%%%".to_owned(),
            "application/x-www-form-urlencoded",
            "name",
        ),
    ] {
        let r = post(body.clone(), content_type).await.unwrap();
        assert_eq!(r.status().as_u16(), 400, "{}", &body[..body.len().min(60)]);
        let page = r.text().await.unwrap();
        assert!(
            page.contains("id=\"check-form\"") && page.contains("id=\"form-error\""),
            "{page}"
        );
        assert!(page.contains(needle), "{needle}: {page}");
    }
    // Each field says what is wrong with it once, beside it, where a screen reader reads it.
    let page = post(
        "partner=&url=contoso.com".into(),
        "application/x-www-form-urlencoded",
    )
    .await
    .unwrap()
    .text()
    .await
    .unwrap();
    for (field, message) in [
        ("partner", "Write your organisation&#39;s name"),
        (
            "url",
            "“contoso.com” is not a complete web address: it does not start with https://",
        ),
    ] {
        assert!(
            page.contains(&format!(
                "aria-invalid=\"true\" aria-describedby=\"{field}-error {field}-hint\""
            )),
            "{field}: {page}"
        );
        assert_eq!(page.matches(message).count(), 1, "{message}: {page}");
        assert!(page.contains(&format!("<a href=\"#{field}\">")), "{page}");
    }
    assert!(!page.contains("id=\"id-error\"") && page.contains("aria-describedby=\"id-hint\""));
    // In Dutch, in Dutch only.
    let nl = client
        .post(format!("http://{}/nl/check", s.addr))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("partner=Contoso&url=contoso.com")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        nl.contains("“contoso.com” is geen volledig webadres: het begint niet met https://"),
        "{nl}"
    );
    assert!(
        !nl.contains("complete web address") && !nl.contains("Write the full"),
        "{nl}"
    );
    let too_big = post(
        format!("partner={}", "x".repeat(10_000)),
        "application/x-www-form-urlencoded",
    )
    .await
    .unwrap();
    assert_eq!(too_big.status().as_u16(), 413);
    assert!(too_big.text().await.unwrap().contains("id=\"check-form\""));

    // A good form goes to the result's shareable address, which shows the verdict first.
    let good = format!(
        "partner=Contoso+Learning&url={}",
        url::form_urlencoded::byte_serialize(page_url(p, "www.contoso.com", "/aws").as_bytes())
            .collect::<String>()
    );
    let r = post(good, "application/x-www-form-urlencoded")
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 303);
    let location = r.headers()["location"].to_str().unwrap().to_owned();
    assert!(
        location.starts_with("/check?partner=Contoso+Learning&url="),
        "{location}"
    );
    let result = client
        .get(format!("http://{}{location}", s.addr))
        .send()
        .await
        .unwrap();
    let headers = result.headers().clone();
    let page = result.text().await.unwrap();
    let verdict = page.find("id=\"verdict\"").unwrap();
    assert!(
        verdict < page.find("rule-no-competitors").unwrap(),
        "the verdict comes first"
    );
    assert!(page.contains("<mark>AWS</mark>"), "{page}");
    assert!(
        page.contains("Remove every mention of Microsoft"),
        "what to change"
    );
    assert!(
        headers["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("frame-ancestors 'none'")
    );
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert!(headers.get("set-cookie").is_none());
    // When it was checked, as a date; the directory, its rules and where to apply.
    let checked = page
        .split("<p class=\"checked\">Checked on ")
        .nth(1)
        .unwrap();
    let date = checked.split(" UTC. — ").next().unwrap();
    let words: Vec<&str> = date.split([' ', ',']).filter(|w| !w.is_empty()).collect();
    assert!(
        words.len() == 4
            && words[0].parse::<u8>().is_ok()
            && words[1].chars().all(|c| c.is_ascii_alphabetic())
            && words[2].parse::<u16>().is_ok()
            && words[3].len() == 5
            && words[3].as_bytes()[2] == b':',
        "{date}"
    );
    assert!(
        page.contains(
            "<a href=\"https://partners.example.org/dir/how-to-get-listed/\" id=\"rules-link\">"
        ) && page.contains("<a href=\"https://partners.example.org/dir/\" id=\"directory-link\">")
            && page.contains("<a href=\"mailto:apply@example.org\">apply@example.org</a>"),
        "{page}"
    );
    // In Dutch.
    let nl = get_text(&client, format!("http://{}/nl{location}", s.addr)).await;
    assert!(
        nl.contains("lang=\"nl\"") && nl.contains("Geen concurrenten"),
        "{nl}"
    );
    // What the rules found, and where, in Dutch too.
    assert!(
        nl.contains(
            "<p class=\"message\">noemt concurrenten van Microsoft: Amazon Web Services (1×)</p>"
        ) && nl.contains("<span class=\"where\">tekst</span>")
            && !nl.contains("mentions Microsoft competitors"),
        "{nl}"
    );
    assert!(
        nl.contains("Gecontroleerd op ")
            && nl.contains("<a href=\"https://partners.example.org/dir/nl/\" id=\"directory-link\">Terug naar de gids</a>")
            && nl.contains("Stuur uw aanvraag naar: <a href=\"mailto:apply@example.org\">"),
        "{nl}"
    );
    let _ = s.stop.send(());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_partner_on_disk_is_known_after_a_reload_and_a_broken_one_is_not_fatal() {
    let site = pages();
    let p = site.start().await;
    site.page(
        "www.contoso.com",
        "/newcomer",
        &landing("Contoso Learning", "<p>With Tailspin Skills.</p>"),
    )
    .page("www.tailspin.com", "/ms", &landing("Tailspin Skills", ""));
    let f = published_site(p).await;
    let mut hosts = HOSTS.to_vec();
    hosts.push("www.tailspin.com");
    let s = start(f.root(), pinned(p, &hosts), generous()).await;
    let ask =
        json!({"url": page_url(p, "www.contoso.com", "/newcomer"), "partner": "Contoso Learning"});
    assert_eq!(api(s.addr, ask.clone()).await.2["verdict"], "accepted");

    // December: Tailspin is published.
    f.entry(
        "2026-12",
        "tailspin",
        "Tailspin Skills",
        "NL",
        &page_url(p, "www.tailspin.com", "/ms"),
        None,
    );
    publish(&f, p, &hosts, "2026-12").await;
    assert_eq!(s.service.reload().unwrap(), 3);
    // The cached answer is for the old directory; a fresh check knows Tailspin.
    let fresh = web::http()
        .get(format!(
            "http://{}/check?partner=Contoso+Learning&url={}&fresh=1",
            s.addr,
            url::form_urlencoded::byte_serialize(
                page_url(p, "www.contoso.com", "/newcomer").as_bytes()
            )
            .collect::<String>()
        ))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        fresh.contains("Tailspin Skills") && fresh.contains("rule-partner-only"),
        "{fresh}"
    );

    // A broken entry keeps the last good directory.
    f.write("content/partners/2026-12/broken.yaml", "name: [oops\n");
    assert!(s.service.reload().is_err());
    assert_eq!(s.service.loaded().partners, 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutting_down_finishes_running_checks_and_refuses_new_ones() {
    let site = pages();
    let p = site.start().await;
    let f = published_site(p).await;
    let s = start(f.root(), pinned(p, HOSTS), generous()).await;
    let (held, gate) = held_page(&site, p);
    let running = tokio::spawn(api(s.addr, held));
    gate.arrivals(1).await;
    let _ = s.stop.send(());
    gate.open();
    let (status, _, r) = running.await.unwrap();
    assert_eq!(
        (status, r["verdict"].as_str()),
        (200, Some("accepted")),
        "{r}"
    );
    s.done.await.unwrap().unwrap();
    assert!(
        tokio::net::TcpStream::connect(s.addr).await.is_err(),
        "still accepting after shutdown"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_home_page_follows_accept_language() {
    let site = pages();
    let p = site.start().await;
    let f = published_site(p).await;
    let s = start(f.root(), pinned(p, HOSTS), generous()).await;
    let client = web::http();
    for (accept, h1) in [
        (
            "nl-NL,nl;q=0.9,en;q=0.8",
            "<h1>Controleer uw landingspagina</h1>",
        ),
        (
            "en-GB,en;q=0.9,nl;q=0.5",
            "<h1>Check your landing page</h1>",
        ),
        ("fr-FR", "<h1>Check your landing page</h1>"),
    ] {
        let page = client
            .get(format!("http://{}/", s.addr))
            .header("accept-language", accept)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(page.contains(h1), "{accept}: {page}");
        // Every page links to both languages.
        assert!(page.contains("hreflang=\"nl\"") && page.contains("hreflang=\"en\""));
    }
}

/// `lpdir self-check` started in `dir` with `args`: the child and the address it serves at
/// (read from its first line), or the child's whole output when it stopped instead.
fn spawn_self_check(
    dir: &std::path::Path,
    args: &[&str],
) -> Result<(std::process::Child, String), String> {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_lpdir"))
        .args(["self-check", "--listen", "127.0.0.1:0"])
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let Some(rest) = first.strip_prefix("Serving the partner self-check at http://") else {
        let out = child.wait_with_output().unwrap();
        return Err(format!("{first}{}", String::from_utf8_lossy(&out.stderr)));
    };
    let addr = rest.split('/').next().unwrap().to_owned();
    Ok((child, addr))
}

#[test]
fn the_command_serves_the_sample_directory_and_stops_on_sigterm() {
    use std::process::Command;
    let (mut child, addr) = spawn_self_check(env!("CARGO_MANIFEST_DIR").as_ref(), &[]).unwrap();
    assert!(addr.starts_with("127.0.0.1:"), "{addr}");
    let mut stream = std::net::TcpStream::connect(&addr).unwrap();
    std::io::Write::write_all(
        &mut stream,
        format!("GET / HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").as_bytes(),
    )
    .unwrap();
    let mut page = String::new();
    std::io::Read::read_to_string(&mut stream, &mut page).unwrap();
    assert!(page.contains("id=\"check-form\""), "{page}");
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    // Waits for the exit, bounded so that a regression fails instead of hanging; not a speed
    // check.
    let pid = child.id().to_string();
    let (exited, exit) = std::sync::mpsc::channel();
    std::thread::spawn(move || exited.send(child.wait()));
    let Ok(status) = exit.recv_timeout(Duration::from_secs(60)) else {
        let _ = std::process::Command::new("kill")
            .args(["-KILL", &pid])
            .status();
        panic!("lpdir self-check did not stop on SIGTERM");
    };
    assert_eq!(status.unwrap().code(), Some(0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_periodic_reload_picks_up_a_new_month_by_itself() {
    let site = pages();
    let p = site.start().await;
    site.page("www.tailspin.com", "/ms", &landing("Tailspin Skills", ""));
    let f = published_site(p).await;
    let mut hosts = HOSTS.to_vec();
    hosts.push("www.tailspin.com");
    let s = start(f.root(), pinned(p, &hosts), generous()).await;
    tokio::spawn(lpdir::service::reload_every(
        s.service.clone(),
        Duration::from_millis(100),
    ));
    assert_eq!(s.service.loaded().partners, 2);
    let mut reloads = s.service.reloads();
    f.entry(
        "2026-12",
        "tailspin",
        "Tailspin Skills",
        "NL",
        &page_url(p, "www.tailspin.com", "/ms"),
        None,
    );
    publish(&f, p, &hosts, "2026-12").await;
    // Waits for the reload that brings the new month, bounded so that a regression fails
    // instead of hanging.
    let picked_up = reloads.wait_for(|loaded| loaded.partners == 3);
    tokio::time::timeout(Duration::from_secs(20), picked_up)
        .await
        .expect("the new month was never picked up")
        .unwrap();
    assert_eq!(s.service.loaded().partners, 3);
}

async fn get_text(client: &reqwest::Client, url: String) -> String {
    client.get(url).send().await.unwrap().text().await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_forwarded_client_cannot_choose_its_own_bucket() {
    let site = pages();
    let p = site.start().await;
    let f = published_site(p).await;
    let settings = SelfCheckSettings {
        limits: ServiceLimits {
            per_minute: 2,
            ..generous().limits
        },
        trusted_proxies: vec!["127.0.0.1".parse().unwrap()],
        ..generous()
    };
    let s = start(f.root(), pinned(p, HOSTS), settings).await;
    let url = page_url(p, "www.contoso.com", "/microsoft");
    // The attacker varies its own entry on the left; the proxy appends the real address
    // with a port. The real address is the client: the third check is refused.
    let statuses = forwarded_checks(s.addr, &url, |i| format!("127.9.8.{i}, 127.5.5.6:4321")).await;
    assert_eq!(statuses, [200, 200, 429]);
    // An entry that is not an address is refused, not trusted.
    let forwarded = [("X-Forwarded-For", "127.1.2.3, not-an-address")];
    let body = json!({"url": url, "partner": "Contoso Learning"});
    let (status, _, e) = api_with(s.addr, &forwarded, body).await;
    assert_eq!(status, 400);
    assert_eq!(e["error"], "bad_forwarded_for", "{e}");

    // From a peer that is not a trusted proxy, the header is ignored: whatever it says, the
    // peer is the client, and its third check is refused.
    let untrusted = SelfCheckSettings {
        limits: ServiceLimits {
            per_minute: 2,
            ..generous().limits
        },
        ..generous()
    };
    let s = start(f.root(), pinned(p, HOSTS), untrusted).await;
    let statuses = forwarded_checks(s.addr, &url, |i| format!("127.9.7.{i}")).await;
    assert_eq!(statuses, [200, 200, 429]);
}

/// Three checks of `url` from this test, each with the `X-Forwarded-For` that `header` gives
/// it and a new partner name (so that no answer comes from the cache): their statuses.
async fn forwarded_checks(
    addr: SocketAddr,
    url: &str,
    header: impl Fn(usize) -> String,
) -> Vec<u16> {
    let mut statuses = Vec::new();
    for i in 0..3 {
        let forwarded = header(i);
        let body = json!({"url": url, "partner": format!("Contoso Learning {i}")});
        let (status, _, _) = api_with(addr, &[("X-Forwarded-For", &forwarded)], body).await;
        statuses.push(status);
    }
    statuses
}

/// SIGTERM's path (the service's stop) while checks run and wait: each waits for a host that
/// answers slowly, one at a time. Every client gets a whole answer (a judged page or 503),
/// and the server ends after the last. The page's time counts from its arrival, so checks
/// that waited for their host end within the grace (before, they were cut off unanswered).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stopping_answers_every_check_in_flight_and_in_the_queue() {
    let site = pages();
    let p = site.start().await;
    let f = published_site(p).await;
    site.route(
        "www.slow.com",
        "/slowest",
        Reply::After(Duration::from_millis(1500), landing("Slow Training", "")),
    );
    let mut network = pinned(p, HOSTS);
    network.timeout = Duration::from_secs(2);
    network.per_host = 1;
    let settings = SelfCheckSettings {
        limits: ServiceLimits {
            max_in_flight: 8,
            max_queue: 12,
            // Twenty connections from 127.0.0.1 at once.
            connections_per_client: 32,
            ..generous().limits
        },
        ..generous()
    };
    let s = start(f.root(), network, settings).await;
    let url = page_url(p, "www.slow.com", "/slowest");
    let mut checks = tokio::task::JoinSet::new();
    for i in 0..20 {
        // An address of its own each: nothing comes from the cache.
        let body = json!({"url": format!("{url}?{i}"), "partner": "Slow Training"});
        let addr = s.addr;
        checks.spawn(async move {
            web::http()
                .post(format!("http://{addr}/api/check"))
                .json(&body)
                .send()
                .await
        });
    }
    // Wait until every check is in flight or queued, then stop.
    while s.service.in_flight() < 8 || s.service.queued() < 12 {
        tokio::task::yield_now().await;
    }
    let _ = s.stop.send(());
    let mut answers = std::collections::BTreeMap::<String, usize>::new();
    while let Some(done) = checks.join_next().await {
        let response = done.unwrap().expect("every client gets an answer");
        let status = response.status().as_u16();
        let body: Value = response.json().await.expect("a whole JSON answer");
        let what = match status {
            200 => format!("200 {}", body["verdict"].as_str().unwrap()),
            503 => format!("503 {}", body["error"].as_str().unwrap()),
            other => panic!("{other}: {body}"),
        };
        *answers.entry(what).or_default() += 1;
    }
    assert_eq!(answers.values().sum::<usize>(), 20, "{answers:?}");
    // One check had the host, the others waited for it until their time was up and say
    // so; the queued ones were turned away.
    let expected = [
        ("200 accepted", 1),
        ("200 unreachable", 7),
        ("503 busy", 12),
    ];
    let expected = expected.map(|(k, n)| (k.to_owned(), n)).into();
    assert_eq!(answers, expected);
    s.done.await.unwrap().unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_form_sent_from_another_website_runs_no_check() {
    let site = pages();
    let p = site.start().await;
    let f = published_site(p).await;
    let s = start(f.root(), pinned(p, HOSTS), generous()).await;
    let client = web::http_client()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let url = page_url(p, "www.contoso.com", "/microsoft");
    let form = [("partner", "Contoso Learning"), ("url", url.as_str())];
    let post = |headers: &[(&'static str, String)]| {
        let mut r = client.post(format!("http://{}/check", s.addr)).form(&form);
        for (name, value) in headers {
            r = r.header(*name, value);
        }
        r.send()
    };
    let seen = site.requests().len();
    let evil = post(&[("origin", "http://attacker.example".into())])
        .await
        .unwrap();
    assert_eq!(evil.status().as_u16(), 403);
    let page = evil.text().await.unwrap();
    assert!(page.contains("another website"), "{page}");
    let fetched = post(&[("sec-fetch-site", "cross-site".into())])
        .await
        .unwrap();
    assert_eq!(fetched.status().as_u16(), 403);
    let cross = [("sec-fetch-site", "cross-site")];
    let body = json!({"url": url, "partner": "Contoso Learning"});
    let (status, _, e) = api_with(s.addr, &cross, body).await;
    assert_eq!(status, 403);
    assert_eq!(e["error"], "cross_site", "{e}");
    // The landing server saw none of it.
    assert_eq!(site.requests().len(), seen, "{:?}", site.requests());
    // The service's own page (same origin), and programs (no such headers), pass.
    let own = post(&[
        ("origin", format!("http://{}", s.addr)),
        ("sec-fetch-site", "same-origin".into()),
    ])
    .await
    .unwrap();
    assert_eq!(own.status().as_u16(), 303);
    assert_eq!(post(&[]).await.unwrap().status().as_u16(), 303);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pins_to_internal_addresses_need_the_operators_word_and_metrics_can_move() {
    let site = pages();
    let p = site.start().await;
    let f = published_site(p).await;
    let options = |allow_private_pins, metrics_here| lpdir::service::ServiceOptions {
        root: f.root().to_owned(),
        network: pinned(p, HOSTS),
        settings: generous(),
        rendering: Default::default(),
        allow_private_pins,
        metrics_here,
    };
    let refused = lpdir::service::Service::start(options(false, true))
        .err()
        .expect("a pin to 127.0.0.1 is refused");
    let text = refused.to_string();
    assert!(
        text.contains("loopback") && text.contains("--allow-private-pins"),
        "{text}"
    );
    // Moved off the service's address: /metrics is not found there, and its own router has it.
    let service = lpdir::service::Service::start(options(true, false)).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let main = listener.local_addr().unwrap();
    let limits = lpdir::http_server::Limits::default();
    let app = lpdir::service::router(service.clone());
    tokio::spawn(lpdir::http_server::run(listener, app, limits.clone()));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let apart = listener.local_addr().unwrap();
    let app = lpdir::service::metrics_router(service);
    tokio::spawn(lpdir::http_server::run(listener, app, limits));
    let get = |addr: SocketAddr| async move {
        let r = web::http()
            .get(format!("http://{addr}/metrics"))
            .send()
            .await
            .unwrap();
        (r.status().as_u16(), r.text().await.unwrap())
    };
    assert_eq!(get(main).await.0, 404);
    let (status, text) = get(apart).await;
    assert_eq!(status, 200);
    assert!(text.contains("lpdir_self_check_checks_total"), "{text}");
}

/// The maintainers' `[validate] allow_http` never opens the public service to plain http,
/// and a pin to loopback needs `--allow-private-pins` (issue 16, F10).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_service_takes_http_and_pins_from_its_own_settings_only() {
    let site = pages();
    let p = site.start().await;
    let f = published_site(p).await;
    f.write("lpdir.toml", "[validate]\nallow_http = true\n");
    let pin = format!("www.contoso.com:{}:127.0.0.1", p.port());
    let refused = spawn_self_check(f.root(), &["--resolve", &pin]).unwrap_err();
    assert!(refused.contains("--allow-private-pins"), "{refused}");

    let check = |addr: String| async move {
        let body = json!({"url": page_url(p, "www.contoso.com", "/microsoft"), "partner": "Contoso Learning"});
        let r = web::http()
            .post(format!("http://{addr}/api/check"))
            .json(&body)
            .send()
            .await
            .unwrap();
        r.json::<Value>().await.unwrap()
    };
    let args = ["--resolve", &pin, "--allow-private-pins"];
    let (mut child, addr) = spawn_self_check(f.root(), &args).unwrap();
    let r = check(addr).await;
    child.kill().unwrap();
    let _ = child.wait();
    assert_eq!(r["verdict"], "unreachable", "{r}");
    assert!(r.to_string().contains("http"), "{r}");

    // The service's own switch does let it through.
    f.write("lpdir.toml", "[self_check]\nallow_http = true\n");
    let (mut child, addr) = spawn_self_check(f.root(), &args).unwrap();
    let r = check(addr).await;
    child.kill().unwrap();
    let _ = child.wait();
    assert_eq!(r["verdict"], "accepted", "{r}");
}

/// A site's own `templates/self-check/` restyles the service's pages; a broken one is refused
/// at a reload, and the last good pages stay. The directory's own templates are not read.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sites_own_templates_restyle_the_service_and_a_broken_one_keeps_the_last() {
    let site = pages();
    let p = site.start().await;
    let f = published_site(p).await;
    let built_in = include_str!("../../templates/self-check/form.html");
    let restyled = built_in.replace(
        "<p class=\"intro\">",
        "<p class=\"banner\">Contoso's programme office</p>\n<p class=\"intro\">",
    );
    f.write("templates/self-check/form.html", &restyled);
    // A broken page of the directory is the site build's business, not the service's.
    f.write("templates/country.html", "{% if %}");
    let s = start(f.root(), pinned(p, HOSTS), generous()).await;
    let client = web::http();
    let home = get_text(&client, format!("http://{}/", s.addr)).await;
    assert!(
        home.contains("<p class=\"banner\">Contoso's programme office</p>"),
        "{home}"
    );
    assert!(home.contains("id=\"check-form\""), "{home}");

    f.write("templates/self-check/form.html", "{% if %}");
    let refused = s.service.reload().unwrap_err().to_string();
    assert!(refused.contains("form.html"), "{refused}");
    let home = get_text(&client, format!("http://{}/nl/", s.addr)).await;
    assert!(home.contains("class=\"banner\""), "{home}");
    assert!(home.contains("lang=\"nl\""), "{home}");
}
