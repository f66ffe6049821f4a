#![no_main]
//! Fuzzes the page analyser: arbitrary bytes, decoded and parsed as a landing page, then judged.
//! Builds on stable without a sanitizer: `cargo fuzz run -s none analyze_page`.

use libfuzzer_sys::fuzz_target;
use lpdir::content::Domain;
use lpdir::validate::decode_html;
use lpdir::validate::Fetch;
use lpdir::validate::{Document, Judge, Subject, Vocabulary};
use std::sync::LazyLock;

static JUDGE: LazyLock<Judge> = LazyLock::new(|| Judge::new(Vocabulary::default(), vec![]));

fuzz_target!(|data: &[u8]| {
    let base = url::Url::parse("https://www.contoso.com/microsoft").unwrap();
    let Ok(doc) = Document::parse(&decode_html(data, "text/html"), &base) else { return };
    let subject = Subject {
        id: None,
        name: "Contoso Learning".into(),
        aliases: vec![],
        domains: vec![Domain::parse("contoso.com").unwrap()],
        verification_token: Some("token-1234".into()),
    };
    let rules = JUDGE.judge(&subject, &doc, &Fetch { submitted: &base, final_url: &base, token_file: None });
    assert_eq!(rules.len(), 4);
});
