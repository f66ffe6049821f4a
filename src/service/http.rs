//! The service's routes: the form and result pages in English (`/`) and Dutch (`/nl/`), the
//! JSON API, health and metrics, its two static files, and the headers every answer carries.

use super::answer::{client_address, cross_site, secs, waiting};
use super::form::{self, FormError};
use super::pages::{self, Inputs, Lang};
use super::state::{Refusal, Service};
use crate::validate::Request;
use axum::Router;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use std::net::SocketAddr;
use std::sync::Arc;

type Shared = State<Arc<Service>>;

/// The service's routes; `/metrics` among them unless the operator moved it elsewhere
/// (`metrics_router`) or switched it off.
pub fn router(service: Arc<Service>) -> Router {
    let max_body = service.settings().limits.max_body;
    let routes = Router::new();
    let routes = match service.options().metrics_here {
        true => routes.route("/metrics", get(metrics)),
        false => routes,
    };
    routes
        .route("/", get(form_page))
        .route("/{lang}/", get(form_page_in))
        .route("/check", get(result_page).post(submit))
        .route("/{lang}/check", get(result_page_in).post(submit_in))
        .route("/check/screenshot.png", get(screenshot))
        .route("/api/check", post(super::api::check))
        .route("/healthz", get(|| async { "ok\n" }))
        .route("/static/self-check.css", get(css))
        .route("/static/self-check.js", get(js))
        .fallback(not_found)
        .layer(axum::extract::DefaultBodyLimit::max(max_body))
        .layer(axum::middleware::from_fn(security_headers))
        .with_state(service)
}

/// The language of a path prefix, or of the visitor's `Accept-Language` on `/`.
fn language(service: &Service, code: Option<&str>, headers: &HeaderMap) -> Option<Lang> {
    let loaded = service.loaded();
    let wanted = match code {
        Some(c) => c.to_owned(),
        None => preferred(headers),
    };
    let index = loaded.languages.iter().position(|l| l.code == wanted)?;
    Some(Lang { loaded, index })
}

/// `nl` when the visitor prefers Dutch to English, else `en`.
fn preferred(headers: &HeaderMap) -> String {
    let accept = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    for part in accept.split(',') {
        let tag = part
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        if tag.starts_with("nl") {
            return "nl".into();
        }
        if tag.starts_with("en") {
            return "en".into();
        }
    }
    "en".into()
}

async fn form_page(State(s): Shared, headers: HeaderMap) -> Response {
    match language(&s, None, &headers) {
        Some(lang) => {
            pages::form(&lang, &Inputs::default(), &[], s.timeout().as_secs()).into_response()
        }
        None => not_found().await,
    }
}

async fn form_page_in(
    State(s): Shared,
    axum::extract::Path(code): axum::extract::Path<String>,
    headers: HeaderMap,
) -> Response {
    match language(&s, Some(&code), &headers) {
        Some(lang) if lang.code != "en" => {
            pages::form(&lang, &Inputs::default(), &[], s.timeout().as_secs()).into_response()
        }
        Some(_) => Redirect::permanent("/").into_response(),
        None => not_found().await,
    }
}

/// A POSTed form: checked for what a form can check, then sent to the result's shareable
/// address, which runs the check.
async fn submit(state: Shared, headers: HeaderMap, form: Form) -> Response {
    submit_as(state, None, headers, form).await
}

async fn submit_in(
    state: Shared,
    axum::extract::Path(code): axum::extract::Path<String>,
    headers: HeaderMap,
    form: Form,
) -> Response {
    submit_as(state, Some(code), headers, form).await
}

/// A form's body, whatever its declared type: what cannot be read as a form is an empty
/// form, answered with the form and what is missing (never a framework error page).
type Form = Result<axum::body::Bytes, axum::extract::rejection::BytesRejection>;

async fn submit_as(
    State(s): Shared,
    code: Option<String>,
    headers: HeaderMap,
    form: Form,
) -> Response {
    let Some(lang) = language(&s, code.as_deref().or(Some("en")), &headers) else {
        return not_found().await;
    };
    let words = &lang.strings.self_check.errors;
    if cross_site(&headers) {
        let page = pages::form(
            &lang,
            &Inputs::default(),
            &[FormError::whole(words.cross_site.clone())],
            s.timeout().as_secs(),
        );
        return page.answer(StatusCode::FORBIDDEN);
    }
    let inputs: Inputs = match form {
        Ok(bytes) => serde_urlencoded::from_bytes(&bytes).unwrap_or_default(),
        Err(_) => {
            let message = words
                .too_large
                .replace("{bytes}", &s.settings().limits.max_body.to_string());
            let page = pages::form(
                &lang,
                &Inputs::default(),
                &[FormError::whole(message)],
                s.timeout().as_secs(),
            );
            return page.answer(StatusCode::PAYLOAD_TOO_LARGE);
        }
    };
    let problems = form_problems(&s, &lang, &inputs);
    if !problems.is_empty() {
        let page = pages::form(&lang, &inputs, &problems, s.timeout().as_secs());
        return page.answer(StatusCode::BAD_REQUEST);
    }
    Redirect::to(&format!("{}check?{}", pages::prefix(&lang), inputs.query())).into_response()
}

/// What is wrong with the inputs, field by field in the visitor's language, before anything
/// is fetched.
fn form_problems(s: &Service, lang: &Lang, inputs: &Inputs) -> Vec<FormError> {
    let request = request_of(inputs);
    form::problems(
        &s.loaded().checker,
        &request,
        &lang.strings.self_check.errors,
    )
}

fn request_of(inputs: &Inputs) -> Request {
    Request {
        url: inputs.url.trim().to_owned(),
        partner: inputs.partner.trim().to_owned(),
        id: Some(inputs.id.trim().to_owned()).filter(|i| !i.is_empty()),
        ..Request::default()
    }
}

#[derive(serde::Deserialize)]
struct ResultQuery {
    #[serde(flatten)]
    inputs: Inputs,
    #[serde(default)]
    fresh: Option<String>,
}

async fn result_page(
    state: Shared,
    peer: ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    query: Result<Query<ResultQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    result_as(state, None, peer, headers, query).await
}

async fn result_page_in(
    state: Shared,
    axum::extract::Path(code): axum::extract::Path<String>,
    peer: ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    query: Result<Query<ResultQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    result_as(state, Some(code), peer, headers, query).await
}

async fn result_as(
    State(s): Shared,
    code: Option<String>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    query: Result<Query<ResultQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let Some(lang) = language(&s, code.as_deref().or(Some("en")), &headers) else {
        return not_found().await;
    };
    let Ok(Query(q)) = query else {
        return Redirect::to(&pages::prefix(&lang)).into_response();
    };
    let problems = form_problems(&s, &lang, &q.inputs);
    if !problems.is_empty() {
        let page = pages::form(&lang, &q.inputs, &problems, s.timeout().as_secs());
        return page.answer(StatusCode::BAD_REQUEST);
    }
    let client = match client_address(&s, peer.ip(), &headers) {
        Ok(c) => c,
        Err(e) => return (StatusCode::BAD_REQUEST, format!("{e}\n")).into_response(),
    };
    let fresh = q.fresh.is_some();
    match s.check(client, &request_of(&q.inputs), fresh).await {
        Ok(checked) => {
            let request = request_of(&q.inputs);
            let pictured = s.picture(&request).is_some();
            let page = pages::result(&lang, &q.inputs, &checked, pictured);
            ([(header::CACHE_CONTROL, "no-store")], page).into_response()
        }
        Err(Refusal::Invalid(e)) => {
            let problem = FormError::of_request(&e, &lang.strings.self_check.errors);
            let page = pages::form(&lang, &q.inputs, &[problem], s.timeout().as_secs());
            page.answer(StatusCode::BAD_REQUEST)
        }
        Err(Refusal::RateLimited(wait) | Refusal::HostLimited(wait)) => waiting(
            StatusCode::TOO_MANY_REQUESTS,
            wait,
            pages::wait(&lang, false, secs(wait)),
        ),
        Err(Refusal::Busy(wait)) => waiting(
            StatusCode::SERVICE_UNAVAILABLE,
            wait,
            pages::wait(&lang, true, secs(wait)),
        ),
    }
}

/// `/metrics` alone, for an address of its own (an operator's internal network).
pub fn metrics_router(service: Arc<Service>) -> Router {
    Router::new()
        .route("/metrics", get(metrics))
        .fallback(not_found)
        .layer(axum::middleware::from_fn(security_headers))
        .with_state(service)
}

async fn metrics(State(s): Shared) -> Response {
    let mut text = s.metrics.render(s.in_flight(), s.queued());
    super::metrics::render_renders(&mut text, s.render_stats());
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        text,
    )
        .into_response()
}

/// The screenshot of a result still kept (the same query as the result's address): never
/// starts a check, so it costs no fetch and needs no limit of its own.
async fn screenshot(
    State(s): Shared,
    query: Result<Query<pages::Inputs>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let Ok(Query(inputs)) = query else {
        return not_found().await;
    };
    match s.picture(&request_of(&inputs)) {
        Some(picture) => (
            [
                (header::CONTENT_TYPE, "image/png"),
                (header::CACHE_CONTROL, "no-store"),
            ],
            picture.as_ref().clone(),
        )
            .into_response(),
        None => not_found().await,
    }
}

async fn css() -> Response {
    static_file(
        "text/css; charset=utf-8",
        include_str!("../../static/self-check.css"),
    )
}

async fn js() -> Response {
    static_file(
        "text/javascript; charset=utf-8",
        include_str!("../../static/self-check.js"),
    )
}

fn static_file(content_type: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
        .into_response()
}

async fn not_found() -> Response {
    (StatusCode::NOT_FOUND, "Not found\n").into_response()
}

/// Headers on every answer: no inline code may run, no framing, no sniffing, no referrer.
async fn security_headers(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let mut r = next.run(request).await;
    let h = r.headers_mut();
    let set = [
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
             form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::X_FRAME_OPTIONS, "DENY"),
    ];
    for (name, value) in set {
        h.insert(name, HeaderValue::from_static(value));
    }
    r
}
