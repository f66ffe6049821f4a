//! The DNS hook: every name the HTTP client connects to is resolved here, so the address
//! guard sees the addresses actually used (DNS rebinding and redirects included).

use super::guard;
use super::network::Pin;
use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use std::net::SocketAddr;

/// Why a name was not resolved to a usable address. Found again in reqwest's error chain.
#[derive(Debug, thiserror::Error)]
pub enum ResolveError {
    #[error("`{host}` resolves to {address}, {}", reason.describe())]
    Blocked {
        host: String,
        address: std::net::IpAddr,
        reason: guard::Blocked,
    },
    #[error("`{host}` could not be resolved: {message}")]
    Lookup { host: String, message: String },
}

/// Resolves through the system, except pinned names, and refuses non-global addresses.
pub struct GuardedResolver {
    pub pins: Vec<Pin>,
    pub allow_private: bool,
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let host = name.as_str().to_ascii_lowercase();
        // The operator's pins are used as given. The port comes from the URL, which the
        // fetcher only lets through for a pinned host on its pinned port.
        let pinned: Vec<SocketAddr> = self
            .pins
            .iter()
            .filter(|p| p.host == host)
            .map(|p| SocketAddr::new(p.addr, p.port))
            .collect();
        let allow_private = self.allow_private;
        Box::pin(async move {
            if !pinned.is_empty() {
                return Ok(Box::new(pinned.into_iter()) as Addrs);
            }
            let found: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0))
                .await
                .map_err(|e| ResolveError::Lookup {
                    host: host.clone(),
                    message: e.to_string(),
                })?
                .collect();
            if allow_private {
                return Ok(Box::new(found.into_iter()) as Addrs);
            }
            // Keep only global addresses: a name that answers with both a public and an
            // internal address is never connected to the internal one.
            let mut refused = None;
            let global: Vec<SocketAddr> = found
                .into_iter()
                .filter(|a| match guard::classify(a.ip()) {
                    None => true,
                    Some(reason) => {
                        refused.get_or_insert((a.ip(), reason));
                        false
                    }
                })
                .collect();
            match (global.is_empty(), refused) {
                (true, Some((address, reason))) => Err(Box::new(ResolveError::Blocked {
                    host,
                    address,
                    reason,
                }) as _),
                (true, None) => Err(Box::new(ResolveError::Lookup {
                    host,
                    message: "no address".into(),
                }) as _),
                (false, _) => Ok(Box::new(global.into_iter()) as Addrs),
            }
        })
    }
}
