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
        // The operator's pins are used as given. This resolver only holds the pins of one
        // port (the fetcher has a client per pinned port), so the pin's port is the URL's;
        // a pin's other target port is kept by the connector for URLs without an explicit
        // port (hyper-util keeps a resolver's non-zero port then).
        let pinned: Vec<SocketAddr> = self
            .pins
            .iter()
            .filter(|p| p.host == host)
            .map(Pin::target)
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
            usable(&host, found, allow_private)
                .map(|a| Box::new(a.into_iter()) as Addrs)
                .map_err(|e| Box::new(e) as _)
        })
    }
}

/// The addresses of `host` that may be connected to: only global ones (unless private ones
/// are allowed), so a name that answers with both a public and an internal address is never
/// connected to the internal one.
fn usable(
    host: &str,
    found: Vec<SocketAddr>,
    allow_private: bool,
) -> Result<Vec<SocketAddr>, ResolveError> {
    if allow_private {
        return Ok(found);
    }
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
        (true, Some((address, reason))) => Err(ResolveError::Blocked {
            host: host.to_owned(),
            address,
            reason,
        }),
        (true, None) => Err(ResolveError::Lookup {
            host: host.to_owned(),
            message: "no address".into(),
        }),
        (false, _) => Ok(global),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Pure: no socket is opened, so the public addresses here are only values.
    #[test]
    fn a_name_with_a_public_and_an_internal_address_keeps_only_the_public_one() {
        let found = |list: &[&str]| -> Vec<SocketAddr> {
            list.iter().map(|a| a.parse().unwrap()).collect()
        };
        let mixed = found(&["127.0.0.1:0", "203.0.114.7:0", "[::1]:0", "10.1.2.3:0"]);
        let kept = usable("mixed.example", mixed.clone(), false).unwrap();
        assert_eq!(kept, found(&["203.0.114.7:0"]));
        assert_eq!(usable("mixed.example", mixed.clone(), true).unwrap(), mixed);
        let err = usable(
            "inside.example",
            found(&["10.1.2.3:0", "127.0.0.1:0"]),
            false,
        );
        assert!(matches!(
            err,
            Err(ResolveError::Blocked {
                reason: guard::Blocked::Private,
                ..
            })
        ));
        assert!(matches!(
            usable("none.example", vec![], false),
            Err(ResolveError::Lookup { .. })
        ));
    }
}
