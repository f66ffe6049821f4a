//! The address guard against a real listener on 127.0.0.1 that counts every request. Every
//! target here is a spelling of this machine (odd loopback literals, names that resolve to
//! loopback, IPv4-mapped loopback), and the listener's port is allowed, so that only the
//! address guard stands between the crawler and the listener: a regression in the guard
//! fails here, and cannot reach any other machine. Addresses outside loopback appear only in
//! the classifier's unit tests (src/validate/guard_table.rs), which open no socket.

use crate::common;

use common::web::{Reply, Site, landing};
use lpdir::content::Domain;
use lpdir::validate::{
    Candidate, Judge, NetworkSettings, Pin, Rule, Subject, Validator, Verdict, Vocabulary,
};
use std::net::SocketAddr;
use std::time::Duration;

/// Loopback spellings of the listener, unpinned: each must be refused.
fn loopback_targets(port: u16) -> Vec<String> {
    [
        "127.0.0.1",
        "127.1",
        "127.0.1",
        "2130706433",
        "0x7f.1",
        "0x7f000001",
        "0177.0.0.1",
        "127.255.255.254",
        "[::1]",
        "[::ffff:127.0.0.1]",
        "[::ffff:7f00:1]",
        "[0:0:0:0:0:ffff:127.0.0.1]",
        "localhost",
        "LOCALHOST",
    ]
    .iter()
    .map(|h| format!("http://{h}:{port}/secret"))
    .collect()
}

fn settings(addr: SocketAddr) -> NetworkSettings {
    NetworkSettings {
        allow_http: true,
        timeout: Duration::from_secs(5),
        ports: vec![80, 443, addr.port()],
        pins: vec![Pin::new("www.contoso.com", addr.port(), addr.ip())],
        ..Default::default()
    }
}

fn contoso() -> Subject {
    Subject {
        id: None,
        name: "Contoso".into(),
        aliases: vec![],
        domains: vec![Domain::parse("contoso.com").unwrap()],
        verification_token: None,
    }
}

fn secrets(site: &Site) -> Vec<String> {
    site.requests()
        .into_iter()
        .filter(|r| r.contains("secret"))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn submitted_loopback_urls_are_refused_before_any_connection() {
    let site = Site::default();
    let addr = site.start().await;
    site.page("127.0.0.1", "/secret", "the listener's secret");
    let validator =
        Validator::new(settings(addr), Judge::new(Vocabulary::default(), vec![])).unwrap();
    for target in loopback_targets(addr.port()) {
        let url = target.parse().unwrap();
        let r = validator
            .check(&Candidate {
                subject: contoso(),
                url,
            })
            .await;
        assert_eq!(r.verdict, Verdict::Unreachable, "{target}");
        let m = &r.rule(Rule::Reachable).unwrap().message;
        assert!(
            m.starts_with("blocked destination:") && m.contains("loopback"),
            "{target}: {m}"
        );
    }
    assert_eq!(secrets(&site), Vec::<String>::new());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redirects_to_loopback_are_refused_at_every_hop() {
    let site = Site::default();
    let addr = site.start().await;
    let targets = loopback_targets(addr.port());
    for (i, target) in targets.iter().enumerate() {
        site.route(
            "www.contoso.com",
            &format!("/r{i}"),
            Reply::Redirect(target.clone()),
        );
    }
    // Two hops: the second one is the bad one.
    site.route("www.contoso.com", "/twice", Reply::Redirect("/r0".into()));
    let validator =
        Validator::new(settings(addr), Judge::new(Vocabulary::default(), vec![])).unwrap();
    let paths = (0..targets.len())
        .map(|i| format!("/r{i}"))
        .chain(["/twice".to_owned()]);
    for path in paths {
        let url = format!("http://www.contoso.com:{}{path}", addr.port());
        let r = validator
            .check(&Candidate {
                subject: contoso(),
                url: url.parse().unwrap(),
            })
            .await;
        assert_eq!(r.verdict, Verdict::Unreachable, "{path}");
        let m = &r.rule(Rule::Reachable).unwrap().message;
        assert!(m.contains("loopback"), "{path}: {m}");
    }
    assert_eq!(secrets(&site), Vec::<String>::new());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pin_applies_to_its_own_host_and_port_only() {
    let site = Site::default();
    let addr = site.start().await;
    site.page("www.contoso.com", "/secret", &landing("Contoso", ""));
    // Port 80 of www.contoso.com goes to 127.0.0.2, where nothing listens; the listener's
    // port goes to the listener. A request for port 80 must never reach the listener.
    let mut network = settings(addr);
    network.pins.push(Pin::new(
        "www.contoso.com",
        80,
        "127.0.0.2".parse().unwrap(),
    ));
    let validator = Validator::new(network, Judge::new(Vocabulary::default(), vec![])).unwrap();
    let r = validator
        .check(&Candidate {
            subject: contoso(),
            url: "http://www.contoso.com/secret".parse().unwrap(),
        })
        .await;
    assert_eq!(r.verdict, Verdict::Unreachable, "{r:#?}");
    assert!(
        r.rule(Rule::Reachable)
            .unwrap()
            .message
            .contains("cannot connect"),
        "{r:#?}"
    );
    assert_eq!(secrets(&site), Vec::<String>::new());
    // And the listener's own pin still works.
    let url = format!("http://www.contoso.com:{}/secret", addr.port());
    let r = validator
        .check(&Candidate {
            subject: contoso(),
            url: url.parse().unwrap(),
        })
        .await;
    assert_ne!(r.verdict, Verdict::Unreachable, "{r:#?}");
    assert_eq!(secrets(&site).len(), 1);
}
