//! The service's HTML pages, for partners: the form, the result (the verdict first, then what
//! to change with the evidence, passing rules folded away) and the "wait" pages. Every string
//! from a visitor or a page is escaped; scripts and styles are files, so the pages work under a
//! Content-Security-Policy without inline code, and without JavaScript at all.

use super::cache::Checked;
use super::form::{Field, FormError, MAX_ID, MAX_NAME, MAX_URL};
use crate::i18n::Language;
use crate::page_view::{Detail, PageView};
use crate::printable::line;
use crate::site::SiteError;
use crate::validate::Status;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use serde::Serialize;

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

/// A page of the service, rendered, or the template error that stopped it.
pub struct Page(Result<String, SiteError>);

impl Page {
    /// The page with `status`; a page that failed to render is a 500 that says why (logged
    /// too: an operator's template is at fault).
    pub fn answer(self, status: StatusCode) -> Response {
        match self.0 {
            Ok(html) => (status, Html(html)).into_response(),
            Err(e) => {
                tracing::error!("a self-check page failed to render: {e}");
                let text = "The self-check's page could not be made; the service's log says why.\n";
                (StatusCode::INTERNAL_SERVER_ERROR, text).into_response()
            }
        }
    }
}

impl IntoResponse for Page {
    fn into_response(self) -> Response {
        self.answer(StatusCode::OK)
    }
}

/// A link to the page in one of the service's languages.
#[derive(Serialize)]
struct LanguageLink<'a> {
    code: &'a str,
    name: &'a str,
    href: String,
    current: bool,
}

/// Renders `template` with what every page shows (its words, language and language links)
/// and `extra`.
fn render(lang: &Lang, template: &str, extra: tera::Context) -> Page {
    let w = &lang.strings.self_check;
    let languages: Vec<LanguageLink> = lang
        .loaded
        .languages
        .iter()
        .map(|l| LanguageLink {
            code: &l.code,
            name: &l.strings.language_name,
            href: prefix(l),
            current: l.code == lang.code,
        })
        .collect();
    let mut ctx = tera::Context::new();
    ctx.insert("w", w);
    ctx.insert("lang", &lang.code);
    ctx.insert("languages", &languages);
    ctx.insert("languages_label", &lang.strings.languages_label);
    ctx.insert("prefix", &prefix(lang));
    if let Some(apply) = &lang.loaded.links.apply {
        let link = serde_json::json!({"href": apply.href(), "label": apply.label()});
        ctx.insert("apply", &link);
    }
    ctx.extend(extra);
    Page(lang.loaded.templates.render(template, &ctx))
}

/// One field of the form, as the template shows it.
#[derive(Serialize)]
struct FieldView<'a> {
    name: &'static str,
    label: &'a str,
    hint: &'a str,
    value: &'a str,
    error: Option<&'a str>,
    kind: Option<&'static str>,
    required: bool,
    maxlength: usize,
    autocomplete: Option<&'static str>,
}

/// An error of the form, with the label of its field (the summary links to the field).
#[derive(Serialize)]
struct ErrorView<'a> {
    field: Option<&'static str>,
    label: Option<&'a str>,
    text: std::borrow::Cow<'a, str>,
}

/// The form, with the visitor's inputs and what is wrong with them: a summary on top that
/// links to each field, and each field's message beside it (`aria-invalid`,
/// `aria-describedby`), so that a screen reader reads it with the field.
pub fn form(lang: &Lang, inputs: &Inputs, errors: &[FormError], timeout_secs: u64) -> Page {
    let w = &lang.strings.self_check;
    let label = |field: Field| match field {
        Field::Partner => w.name_label.as_str(),
        Field::Url => w.url_label.as_str(),
        Field::Id => w.id_label.as_str(),
    };
    let error_of = |f: Field| {
        errors
            .iter()
            .find(|e| e.field == Some(f))
            .map(|e| e.text.as_str())
    };
    let fields = [
        FieldView {
            name: Field::Partner.name(),
            label: label(Field::Partner),
            hint: &w.name_hint,
            value: &inputs.partner,
            error: error_of(Field::Partner),
            kind: None,
            required: true,
            maxlength: MAX_NAME,
            autocomplete: Some("organization"),
        },
        FieldView {
            name: Field::Url.name(),
            label: label(Field::Url),
            hint: &w.url_hint,
            value: &inputs.url,
            error: error_of(Field::Url),
            kind: Some("url"),
            required: true,
            maxlength: MAX_URL,
            autocomplete: None,
        },
        FieldView {
            name: Field::Id.name(),
            label: label(Field::Id),
            hint: &w.id_hint,
            value: &inputs.id,
            error: error_of(Field::Id),
            kind: None,
            required: false,
            maxlength: MAX_ID,
            autocomplete: None,
        },
    ];
    let errors: Vec<ErrorView> = errors
        .iter()
        .map(|e| ErrorView {
            field: e.field.map(Field::name),
            label: e.field.map(label),
            text: line(&e.text),
        })
        .collect();
    let mut ctx = tera::Context::new();
    ctx.insert("fields", &fields);
    ctx.insert("errors", &errors);
    ctx.insert("checking", &w.with_seconds(&w.checking, timeout_secs));
    render(lang, "self-check/form.html", ctx)
}

/// A result: the verdict in one sentence, what to change, the passing rules folded away.
pub fn result(lang: &Lang, inputs: &Inputs, checked: &Checked, pictured: bool) -> Page {
    let w = &lang.strings.self_check;
    let report = &checked.report;
    let view = PageView::of_report(report, w, Detail::Normal);
    let seen = report.seen_rendered().map(|rendered| match rendered {
        true => &w.seen_rendered,
        false => &w.seen_server,
    });
    let note = report
        .render_note
        .as_ref()
        .map(|note| match report.render_said.is_empty() {
            true => line(note).into_owned(),
            false => line(&w.said(&report.render_said)).into_owned(),
        });
    let passing: Vec<_> = view
        .others
        .iter()
        .filter(|r| r.status == Some(Status::Pass))
        .collect();
    let links = &lang.loaded.links;
    let mut ctx = tera::Context::new();
    ctx.insert("verdict", report.verdict.as_str());
    ctx.insert("view", &view);
    ctx.insert(
        "checked_at",
        &w.checked_at
            .replace("{time}", &lang.format_time(&checked.at)),
    );
    ctx.insert("url", &line(&report.url));
    ctx.insert("seen", &seen);
    ctx.insert("note", &note);
    ctx.insert("passing", &passing);
    if pictured {
        ctx.insert(
            "screenshot",
            &format!("/check/screenshot.png?{}", inputs.query()),
        );
    }
    ctx.insert(
        "share",
        &format!("{}check?{}", prefix(lang), inputs.query()),
    );
    ctx.insert("rules_link", &links.rules(&lang.code));
    ctx.insert("directory_link", &links.directory(&lang.code));
    render(lang, "self-check/result.html", ctx)
}

/// "Please wait" for a client over its limit, or a busy service.
pub fn wait(lang: &Lang, busy: bool, seconds: u64) -> Page {
    let w = &lang.strings.self_check;
    let text = if busy { &w.busy } else { &w.too_many };
    let mut ctx = tera::Context::new();
    ctx.insert("text", &w.with_seconds(text, seconds));
    render(lang, "self-check/wait.html", ctx)
}

#[cfg(test)]
mod tests {
    #[test]
    fn evidence_marks_what_was_found_and_escapes_the_rest() {
        let templates = crate::site::Templates::builtin().unwrap();
        let mut ctx = tera::Context::new();
        let pieces = [
            ("We <b>teach</b> ", false),
            ("AWS", true),
            (" & more", false),
        ]
        .map(|(text, marked)| crate::page_view::Piece {
            text: text.to_owned(),
            marked,
        });
        let quote = serde_json::json!({"place": "body", "pieces": pieces});
        ctx.insert("r", &serde_json::json!({"evidence": [quote]}));
        let html = templates.render("self-check/evidence.html", &ctx).unwrap();
        assert!(
            html.contains(
                "<span class=\"where\">body</span> \
                 <q>We &lt;b&gt;teach&lt;/b&gt; <mark>AWS</mark> &amp; more</q>"
            ),
            "{html}"
        );
    }
}
