//! The sample partners' websites: every folder of `examples/sample-landing-pages` is a host,
//! every `PATH.html` in it the page at `https://HOST/PATH`, served over HTTPS on one
//! loopback port with a certificate from a throwaway authority made at start.
//!
//! Shared by the `sample_sites` example (which `scripts/sample-ledgers.sh` runs) and the
//! test that checks the committed sample ledgers against a fresh run.

use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::IntoResponse;
use hyper_util::rt::TokioIo;
use hyper_util::service::TowerToHyperService;
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use tokio_rustls::rustls;

/// Running sample sites.
pub struct SampleSites {
    pub addr: SocketAddr,
    /// The authority's certificate, for `lpdir --ca-cert`.
    pub ca_pem: String,
    pub hosts: Vec<String>,
}

impl SampleSites {
    /// `--resolve` values that send each host's https port to this server.
    pub fn pins(&self) -> Vec<String> {
        self.hosts
            .iter()
            .map(|h| format!("{h}:443:{}:{}", self.addr.ip(), self.addr.port()))
            .collect()
    }
}

type Pages = BTreeMap<(String, String), Vec<u8>>;

/// Reads the pages under `folder` and serves them until the runtime stops.
pub async fn start(folder: &Path) -> Result<SampleSites, Box<dyn std::error::Error>> {
    let mut pages = Pages::new();
    let mut hosts = Vec::new();
    for host in std::fs::read_dir(folder)? {
        let host = host?;
        if !host.file_type()?.is_dir() {
            continue;
        }
        let name = host.file_name().to_string_lossy().into_owned();
        collect(&host.path(), "", &name, &mut pages)?;
        hosts.push(name);
    }
    hosts.sort();
    let (config, ca_pem) = tls(&hosts)?;
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let pages = Arc::new(pages);
    let app = axum::Router::new().fallback(move |headers: HeaderMap, uri: Uri| {
        let pages = Arc::clone(&pages);
        async move { page(&pages, &headers, &uri) }
    });
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                continue;
            };
            let acceptor = acceptor.clone();
            let service = TowerToHyperService::new(app.clone());
            tokio::spawn(async move {
                let Ok(tls) = acceptor.accept(stream).await else {
                    return;
                };
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(tls), service)
                    .await;
            });
        }
    });
    Ok(SampleSites {
        addr,
        ca_pem,
        hosts,
    })
}

fn collect(
    dir: &Path,
    prefix: &str,
    host: &str,
    pages: &mut Pages,
) -> Result<(), Box<dyn std::error::Error>> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.file_type()?.is_dir() {
            collect(&entry.path(), &format!("{prefix}{name}/"), host, pages)?;
        } else if let Some(stem) = name.strip_suffix(".html") {
            let body = std::fs::read(entry.path())?;
            pages.insert((host.to_owned(), format!("/{prefix}{stem}")), body);
        }
    }
    Ok(())
}

fn page(pages: &Pages, headers: &HeaderMap, uri: &Uri) -> axum::response::Response {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    let host = host.split(':').next().unwrap_or(host).to_owned();
    let path = uri.path().trim_end_matches('/').to_owned();
    match pages.get(&(host, path)) {
        Some(body) => (
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            body.clone(),
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// A server configuration with one certificate for every host, and the authority's PEM.
fn tls(hosts: &[String]) -> Result<(rustls::ServerConfig, String), Box<dyn std::error::Error>> {
    let mut ca = rcgen::CertificateParams::new(Vec::<String>::new())?;
    ca.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    ca.distinguished_name
        .push(rcgen::DnType::CommonName, "lpdir sample sites (throwaway)");
    ca.key_usages = vec![
        rcgen::KeyUsagePurpose::KeyCertSign,
        rcgen::KeyUsagePurpose::CrlSign,
    ];
    let ca = rcgen::CertifiedIssuer::self_signed(ca, rcgen::KeyPair::generate()?)?;
    let key = rcgen::KeyPair::generate()?;
    let leaf = rcgen::CertificateParams::new(hosts.to_vec())?.signed_by(&key, &ca)?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .with_no_client_auth()
        .with_single_cert(
            vec![leaf.der().clone()],
            rustls::pki_types::PrivateKeyDer::Pkcs8(key.serialize_der().into()),
        )?;
    Ok((config, ca.pem()))
}
