//! The landing page the tests write for a partner: Microsoft-themed, named for its owner, with
//! nothing of anyone else. The rules' unit tests and the integration tests (tests/common/web.rs
//! includes this file) share it, so both judge the same page.

/// A landing page that passes every rule for `name`, with `extra` HTML in its main part.
pub fn landing(name: &str, extra: &str) -> String {
    format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>{name} – Microsoft training</title>\
         <meta name=\"description\" content=\"Microsoft courses by {name}\"></head><body>\
         <header><nav><a href=\"/\">Home</a> <a href=\"/courses\">Courses</a></nav></header>\
         <main><h1>Microsoft training at {name}</h1>\
         <p>Azure administration (AZ-104), Power BI (PL-300), Microsoft 365 and Microsoft Teams courses.</p>\
         {extra}</main><footer>© 2026 {name}</footer></body></html>"
    )
}
