//! `POST /api/check`: the check for programs. JSON in (`url`, `partner`, optional `id`,
//! `aliases`, `domains`), exactly `lpdir check --format json` out; errors as JSON with a
//! stable `error` code and a message.

use super::answer::{client_address, cross_site, secs, waiting};
use super::state::{Refusal, Service};
use crate::validate::Request;
use axum::Json;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::net::SocketAddr;
use std::sync::Arc;

#[derive(serde::Serialize)]
struct ApiError {
    error: &'static str,
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    retry_after: Option<u64>,
}

fn error(status: StatusCode, code: &'static str, message: impl Into<String>) -> Response {
    let body = ApiError {
        error: code,
        message: message.into(),
        retry_after: None,
    };
    (status, Json(body)).into_response()
}

pub async fn check(
    State(s): State<Arc<Service>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: axum::body::Body,
) -> Response {
    let json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| {
            t.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .eq_ignore_ascii_case("application/json")
        });
    if cross_site(&headers) {
        let message = "a page on another website sent this request; the API takes requests \
                       from programs and from the service's own pages only";
        return error(StatusCode::FORBIDDEN, "cross_site", message);
    }
    if !json {
        let message = "send the request as JSON, with Content-Type: application/json";
        return error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            message,
        );
    }
    let max_body = s.settings().limits.max_body;
    let Ok(bytes) = axum::body::to_bytes(body, max_body).await else {
        let message = format!("the request is larger than {max_body} bytes");
        return error(StatusCode::PAYLOAD_TOO_LARGE, "too_large", message);
    };
    let request: Request = match serde_json::from_slice(&bytes) {
        Ok(r) => r,
        Err(e) => {
            let message = format!("the request is not the expected JSON object: {e}");
            return error(StatusCode::BAD_REQUEST, "invalid_json", message);
        }
    };
    let client = match client_address(&s, peer.ip(), &headers) {
        Ok(c) => c,
        Err(e) => return error(StatusCode::BAD_REQUEST, "bad_forwarded_for", e.to_string()),
    };
    let refusal = match s.check(client, &request, false).await {
        Ok(checked) => return Json(&checked.report).into_response(),
        Err(refusal) => refusal,
    };
    let (status, code, message, wait) = match refusal {
        Refusal::Invalid(e) => {
            let message = format!("{e}; {}", e.help());
            return error(StatusCode::BAD_REQUEST, e.code(), message);
        }
        Refusal::RateLimited(w) => (
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            "too many checks from this client",
            w,
        ),
        Refusal::HostLimited(w) => (
            StatusCode::TOO_MANY_REQUESTS,
            "host_limited",
            "that site was checked too often just now",
            w,
        ),
        Refusal::Busy(w) => (
            StatusCode::SERVICE_UNAVAILABLE,
            "busy",
            "too many checks are running",
            w,
        ),
    };
    let body = ApiError {
        error: code,
        message: format!("{message}; try again in {} s", secs(wait)),
        retry_after: Some(secs(wait)),
    };
    waiting(status, wait, Json(body))
}
