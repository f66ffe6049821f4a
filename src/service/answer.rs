//! What the HTML pages and the JSON API share about a request and its answer: the body's
//! size limit, where a request came from, whether another website sent it, and how a
//! refusal says when to come back.

use super::Service;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::net::IpAddr;
use std::time::Duration;

/// Whether a browser sent the request from another website (CSRF): `Sec-Fetch-Site:
/// cross-site`, or, from a browser that does not send that header, an `Origin` other than
/// the address the request came to. (`Origin: null` is what the service's own pages send
/// under its `no-referrer` policy, so it decides nothing.) Programs send neither header and
/// pass; so does a link followed from elsewhere to a result's address, which is meant to be
/// shared.
pub fn cross_site(headers: &HeaderMap) -> bool {
    let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(site) = text("sec-fetch-site") {
        return site.eq_ignore_ascii_case("cross-site");
    }
    match (text("origin"), text("host")) {
        (None | Some("null"), _) => false,
        (Some(origin), Some(host)) => {
            let authority = origin.split_once("://").map_or("", |(_, a)| a);
            !authority.eq_ignore_ascii_case(host)
        }
        (Some(_), None) => true,
    }
}

/// The client's address (see `client.rs`); an unreadable `X-Forwarded-For` from a trusted
/// proxy is an error, refused with 400.
pub fn client_address(
    s: &Service,
    peer: IpAddr,
    headers: &HeaderMap,
) -> Result<IpAddr, super::client::BadForwardedFor> {
    let values: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .map(|v| v.to_str().unwrap_or("\u{fffd}"))
        .collect();
    super::client::client(peer, &s.settings().trusted_proxies, &values)
}

/// Whole seconds to wait, at least one.
pub fn secs(d: Duration) -> u64 {
    d.as_secs_f64().ceil().max(1.0) as u64
}

/// A refusal with its `Retry-After`.
pub fn waiting(status: StatusCode, wait: Duration, body: impl IntoResponse) -> Response {
    let mut r = body.into_response();
    // A body that failed (a page whose template failed) keeps its own error status.
    if r.status().is_success() {
        *r.status_mut() = status;
    }
    if let Ok(v) = HeaderValue::from_str(&secs(wait).to_string()) {
        r.headers_mut().insert(header::RETRY_AFTER, v);
    }
    r
}
