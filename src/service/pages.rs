//! The service's HTML pages, for partners: the form, the result (the verdict first, then what
//! to change with the evidence, passing rules folded away) and the "wait" pages. Every string
//! from a visitor or a page is escaped; scripts and styles are files, so the pages work under a
//! Content-Security-Policy without inline code, and without JavaScript at all.

use super::cache::Checked;
use super::form::{Field, FormError, MAX_ID, MAX_NAME, MAX_URL};
use crate::i18n::Language;
use crate::page_view::{Detail, PageView, Quote};
use crate::printable::line;
use crate::site::escape_html as esc;
use crate::validate::Status;
use std::fmt::Write;

/// What the visitor typed, to fill the form again.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
pub struct Inputs {
    #[serde(default)]
    pub partner: String,
    #[serde(default)]
    pub url: String,
    #[serde(default)]
    pub id: String,
}

impl Inputs {
    /// The inputs as a query string, for a result's shareable address.
    pub fn query(&self) -> String {
        let mut q = url::form_urlencoded::Serializer::new(String::new());
        q.append_pair("partner", &self.partner)
            .append_pair("url", &self.url);
        if !self.id.is_empty() {
            q.append_pair("id", &self.id);
        }
        q.finish()
    }
}

/// The path prefix of a language: `/` for English, `/nl/` for Dutch.
pub fn prefix(lang: &Language) -> String {
    if lang.code == "en" {
        "/".into()
    } else {
        format!("/{}/", lang.code)
    }
}

/// The language of a page: one of the loaded languages, the others listed in its switch.
pub struct Lang {
    pub loaded: std::sync::Arc<super::state::Loaded>,
    pub index: usize,
}

impl std::ops::Deref for Lang {
    type Target = Language;
    fn deref(&self) -> &Language {
        &self.loaded.languages[self.index]
    }
}

fn page(lang: &Lang, title: &str, body: &str) -> String {
    let links: String = lang
        .loaded
        .languages
        .iter()
        .map(|l| (&l.code, &l.strings.language_name))
        .map(|(code, name)| {
            let current = if *code == lang.code {
                " aria-current=\"true\""
            } else {
                ""
            };
            let href = if code == "en" {
                "/".to_owned()
            } else {
                format!("/{code}/")
            };
            let (code, name) = (esc(code), esc(name));
            format!("<a href=\"{href}\" hreflang=\"{code}\" lang=\"{code}\"{current}>{name}</a>")
        })
        .collect::<Vec<_>>()
        .join(" · ");
    format!(
        "<!DOCTYPE html>\n<html lang=\"{code}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title}</title><link rel=\"stylesheet\" href=\"/static/self-check.css\">\
         <script src=\"/static/self-check.js\" defer></script></head>\
         <body><header><nav class=\"languages\" aria-label=\"{languages}\">{links}</nav></header>\
         <main id=\"main\">{body}</main></body></html>\n",
        code = esc(&lang.code),
        title = esc(title),
        languages = esc(&lang.strings.languages_label),
    )
}

/// The form, with the visitor's inputs and what is wrong with them: a summary on top that
/// links to each field, and each field's message beside it (`aria-invalid`,
/// `aria-describedby`), so that a screen reader reads it with the field.
pub fn form(lang: &Lang, inputs: &Inputs, errors: &[FormError], timeout_secs: u64) -> String {
    let w = &lang.strings.self_check;
    let mut body = format!(
        "<h1>{}</h1><p class=\"intro\">{}</p>",
        esc(&w.title),
        esc(&w.intro)
    );
    let label = |field: Field| match field {
        Field::Partner => &w.name_label,
        Field::Url => &w.url_label,
        Field::Id => &w.id_label,
    };
    if !errors.is_empty() {
        let _ = write!(
            body,
            "<div class=\"error\" role=\"alert\" id=\"form-error\"><h2>{}</h2><ul>",
            esc(&w.form_error)
        );
        for e in errors {
            let _ = match e.field {
                Some(f) => write!(
                    body,
                    "<li><a href=\"#{}\">{}</a></li>",
                    f.name(),
                    esc(label(f))
                ),
                None => write!(body, "<li>{}</li>", esc(&line(&e.text))),
            };
        }
        body.push_str("</ul></div>");
    }
    let field = |f: Field, value: &str, hint: &str, attributes: &str| {
        let name = f.name();
        let error = errors.iter().find(|e| e.field == Some(f));
        let (message, invalid, described) = match error {
            Some(e) => (
                format!(
                    "<span class=\"field-error\" id=\"{name}-error\">{}</span>",
                    esc(&e.text)
                ),
                " aria-invalid=\"true\"",
                format!("{name}-error {name}-hint"),
            ),
            None => (String::new(), "", format!("{name}-hint")),
        };
        format!(
            "<p><label for=\"{name}\">{label}</label>{message}<input id=\"{name}\" name=\"{name}\" \
             {attributes} value=\"{value}\"{invalid} aria-describedby=\"{described}\">\
             <small id=\"{name}-hint\">{hint}</small></p>",
            label = esc(label(f)),
            value = esc(value),
            hint = esc(hint),
        )
    };
    let checking = w.with_seconds(&w.checking, timeout_secs);
    let _ = write!(
        body,
        "<form method=\"post\" action=\"{action}check\" id=\"check-form\" novalidate>{partner}{url}{id}\
         <p><button type=\"submit\">{submit}</button></p>\
         <p id=\"progress\" class=\"progress\" hidden>{checking} <span id=\"elapsed\"></span></p>\
         </form>{apply}",
        action = prefix(lang),
        partner = field(
            Field::Partner,
            &inputs.partner,
            &w.name_hint,
            &format!("required maxlength=\"{MAX_NAME}\" autocomplete=\"organization\""),
        ),
        url = field(
            Field::Url,
            &inputs.url,
            &w.url_hint,
            &format!("type=\"url\" required maxlength=\"{MAX_URL}\""),
        ),
        id = field(
            Field::Id,
            &inputs.id,
            &w.id_hint,
            &format!("maxlength=\"{MAX_ID}\"")
        ),
        submit = esc(&w.submit),
        checking = esc(&checking),
        apply = apply_section(lang),
    );
    page(lang, &w.title, &body)
}

/// How to apply, and where, when the site says.
fn apply_section(lang: &Lang) -> String {
    let w = &lang.strings.self_check;
    let mut out = format!(
        "<section class=\"apply\" id=\"apply\"><p>{}</p>",
        esc(&w.how_to_apply)
    );
    if let Some(apply) = &lang.loaded.links.apply {
        let _ = write!(
            out,
            "<p>{} <a href=\"{}\">{}</a></p>",
            esc(&w.apply_link),
            esc(apply.href()),
            esc(&apply.label())
        );
    }
    out.push_str("</section>");
    out
}

/// A result: the verdict in one sentence, what to change, the passing rules folded away.
pub fn result(lang: &Lang, inputs: &Inputs, checked: &Checked, pictured: bool) -> String {
    let w = &lang.strings.self_check;
    let report = &checked.report;
    let view = PageView::of_report(report, w, Detail::Normal);
    let (class, sentence) = (report.verdict.as_str(), &view.sentence);
    let mut body = format!(
        "<h1>{title}</h1><p class=\"verdict {class}\" id=\"verdict\">{sentence}</p>\
         <p class=\"checked\">{at} — <a href=\"{url}\" rel=\"nofollow noopener\">{url}</a></p>",
        title = esc(&w.title),
        sentence = esc(sentence),
        at = esc(&w
            .checked_at
            .replace("{time}", &lang.format_time(&checked.at))),
        url = esc(&line(&report.url)),
    );
    if let Some(rendered) = report.seen_rendered() {
        let seen = if rendered {
            &w.seen_rendered
        } else {
            &w.seen_server
        };
        let _ = write!(body, "<p class=\"seen\" id=\"seen\">{}</p>", esc(seen));
    }
    if let Some(note) = &report.render_note {
        let note = match report.render_said.is_empty() {
            true => line(note).into_owned(),
            false => line(&w.said(&report.render_said)).into_owned(),
        };
        let _ = write!(
            body,
            "<p class=\"note\" id=\"render-note\">{}</p>",
            esc(&note)
        );
    }
    if !view.failing.is_empty() {
        let _ = write!(body, "<h2>{}</h2>", esc(&w.failing_heading));
    }
    for r in &view.failing {
        let _ = write!(
            body,
            "<section class=\"rule failing\" id=\"rule-{id}\"><h3>{title}</h3>",
            id = esc(&r.id),
            title = esc(&r.title),
        );
        if let Some(fix) = &r.fix {
            let _ = write!(body, "<p class=\"fix\">{}</p>", esc(fix));
        }
        let _ = write!(body, "<p class=\"message\">{}</p>", esc(&r.message));
        if !r.evidence.is_empty() {
            let _ = write!(
                body,
                "<h4>{}</h4><ul class=\"evidence\">",
                esc(&w.evidence_label)
            );
            for q in &r.evidence {
                let _ = write!(
                    body,
                    "<li><span class=\"where\">{}</span> <q>{}</q></li>",
                    esc(&q.place),
                    highlight(q)
                );
            }
            body.push_str("</ul>");
        }
        body.push_str("</section>");
    }
    let passing: Vec<_> = view
        .others
        .iter()
        .filter(|r| r.status == Some(Status::Pass))
        .collect();
    if !passing.is_empty() {
        let _ = write!(
            body,
            "<details class=\"passing\"><summary>{}</summary><ul>",
            esc(&w.passing_heading)
        );
        for r in passing {
            let _ = write!(
                body,
                "<li><strong>{}</strong>: {}</li>",
                esc(&r.title),
                esc(&r.message)
            );
        }
        body.push_str("</ul></details>");
    }
    if pictured {
        let _ = write!(
            body,
            "<figure class=\"screenshot\" id=\"screenshot\"><figcaption>{label}</figcaption>\
             <img src=\"/check/screenshot.png?{query}\" alt=\"{label}\" width=\"1280\" \
             loading=\"lazy\"></figure>",
            label = esc(&w.screenshot_label),
            query = esc(&inputs.query()),
        );
    }
    let share = format!("{}check?{}", prefix(lang), inputs.query());
    let _ = write!(
        body,
        "<p class=\"actions\"><a href=\"{share}\" id=\"share\">{share_label}</a> · \
         <a href=\"{share}&amp;fresh=1\" id=\"again\" rel=\"nofollow\">{again}</a> · \
         <a href=\"{home}\">{another}</a></p>",
        share = esc(&share),
        share_label = esc(&w.share),
        again = esc(&w.check_again),
        home = prefix(lang),
        another = esc(&w.another),
    );
    let links = &lang.loaded.links;
    body.push_str("<nav class=\"site-links\" id=\"site-links\"><ul>");
    if let Some(rules) = links.rules(&lang.code) {
        let _ = write!(
            body,
            "<li><a href=\"{}\" id=\"rules-link\">{}</a></li>",
            esc(&rules),
            esc(&w.rules_link)
        );
    }
    let _ = write!(
        body,
        "<li><a href=\"{}\" id=\"directory-link\">{}</a></li></ul></nav>{}",
        esc(&links.directory(&lang.code)),
        esc(&w.directory_link),
        apply_section(lang)
    );
    page(lang, &w.title, &body)
}

/// "Please wait" for a client over its limit, or a busy service.
pub fn wait(lang: &Lang, busy: bool, seconds: u64) -> String {
    let w = &lang.strings.self_check;
    let text = if busy { &w.busy } else { &w.too_many };
    let body = format!(
        "<h1>{}</h1><p class=\"wait\" id=\"wait\">{}</p><p><a href=\"{}\">{}</a></p>",
        esc(&w.title),
        esc(&w.with_seconds(text, seconds)),
        prefix(lang),
        esc(&w.another)
    );
    page(lang, &w.title, &body)
}

/// A quote escaped, with what the rule found in `<mark>`.
fn highlight(quote: &Quote) -> String {
    let mut out = String::new();
    for (text, marked) in &quote.pieces {
        match marked {
            true => {
                let _ = write!(out, "<mark>{}</mark>", esc(text));
            }
            false => out.push_str(&esc(text)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn evidence_marks_what_was_found_and_escapes_the_rest() {
        let quote = super::Quote {
            place: "body".into(),
            pieces: vec![
                ("We <b>teach</b> ".into(), false),
                ("AWS".into(), true),
                (" & more".into(), false),
            ],
        };
        assert_eq!(
            super::highlight(&quote),
            "We &lt;b&gt;teach&lt;/b&gt; <mark>AWS</mark> &amp; more"
        );
    }
}
