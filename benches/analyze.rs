//! Criterion benchmark of the page analysis: one parse of a realistic 200 KB landing page and
//! all four rules evaluated on it, with a directory of 1,000 other partners.

#[path = "../examples/landing_server/page.rs"]
mod page;

use criterion::{Criterion, criterion_group, criterion_main};
use lpdir::content::Domain;
use lpdir::validate::Fetch;
use lpdir::validate::{Document, Judge, Rival, Subject, Vocabulary};
use std::hint::black_box;
use url::Url;

fn bench(c: &mut Criterion) {
    let html = page::landing_page(7, 200_000);
    let rivals: Vec<Rival> = (100..1100)
        .map(|i| Rival {
            id: format!("p{i}"),
            name: page::name(i),
            aliases: vec![],
            domains: vec![Domain::parse(&format!("partner-{i}.com")).unwrap()],
        })
        .collect();
    let judge = Judge::new(Vocabulary::default(), rivals);
    let url = Url::parse("https://www.partner-7.com/microsoft").unwrap();
    let subject = Subject {
        id: Some("p7".into()),
        name: page::name(7),
        aliases: vec![],
        domains: vec![Domain::parse("partner-7.com").unwrap()],
        verification_token: None,
    };
    let fetch = Fetch {
        submitted: &url,
        final_url: &url,
        token_file: None,
    };
    let mut group = c.benchmark_group("analyze");
    group.bench_function("parse_200kb", |b| {
        b.iter(|| Document::parse(black_box(&html), &url).unwrap())
    });
    let doc = Document::parse(&html, &url).unwrap();
    group.bench_function("rules_200kb", |b| {
        b.iter(|| judge.judge(&subject, black_box(&doc), &fetch))
    });
    group.bench_function("parse_and_rules_200kb", |b| {
        b.iter(|| {
            let doc = Document::parse(black_box(&html), &url).unwrap();
            judge.judge(&subject, &doc, &fetch)
        })
    });
    // Real pages of about the same size, when the shared corpus is at hand (see its README).
    if let Ok(dir) = std::env::var("LPDIR_CORPUS") {
        let mut pages: Vec<String> = std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|e| std::fs::read(e.path()).ok())
            .filter(|b| (150_000..=250_000).contains(&b.len()))
            .map(|b| lpdir::validate::decode_html(&b, "text/html"))
            .collect();
        pages.sort();
        let n = pages.len();
        group.bench_function(
            format!("parse_and_rules_corpus_150_250kb_mean_of_{n}"),
            |b| {
                b.iter(|| {
                    for html in &pages {
                        let doc = Document::parse(black_box(html), &url).unwrap();
                        black_box(judge.judge(&subject, &doc, &fetch));
                    }
                })
            },
        );
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
