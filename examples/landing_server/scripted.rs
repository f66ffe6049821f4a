//! Script-built pages for the rendering benchmark: a React-style shell whose bundle fetches
//! a landing page's content as JSON and writes it in.

use super::page::landing_page;

/// The shell of every scripted page: a React-style shell ("React App", an empty root)
/// whose bundle (`/app.js`) fetches the page's HTML as JSON (`/api/page.json`) and writes it
/// in, title included. Judged on the server's HTML it fails; rendered, it passes.
pub fn shell() -> String {
    "<!doctype html><html><head><meta charset=\"utf-8\"><title>React App</title>\
     <script defer src=\"/app.js\"></script></head><body><div id=\"root\"></div></body></html>"
        .to_owned()
}

/// The bundle of every scripted page.
pub const BUNDLE: &str = "fetch('/api/page.json').then(r => r.json()).then(p => {\n\
     document.title = p.title;\n\
     document.getElementById('root').innerHTML = p.html;\n\
   });\n";

/// What the bundle fetches for page `i`: its title and body as JSON.
pub fn data(i: usize, target: usize) -> String {
    let page = landing_page(i, target);
    let title = page
        .split_once("<title>")
        .and_then(|(_, rest)| rest.split_once("</title>"))
        .map_or(String::new(), |(t, _)| t.to_owned());
    let body = page
        .split_once("<body>")
        .and_then(|(_, rest)| rest.split_once("</body>"))
        .map_or(String::new(), |(b, _)| b.to_owned());
    // Scripts in the body would not run once written with innerHTML: left out.
    let body = strip_scripts(&body);
    serde_json::json!({ "title": title, "html": body }).to_string()
}

fn strip_scripts(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        out.push_str(&rest[..start]);
        match rest[start..].find("</script>") {
            Some(end) => rest = &rest[start + end + "</script>".len()..],
            None => {
                rest = "";
                break;
            }
        }
    }
    out.push_str(rest);
    out
}
