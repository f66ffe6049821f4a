//! `NetworkSettings`: how the crawler fetches, and `Pin`, an operator's `--resolve` entry.

use std::net::IpAddr;
use std::str::FromStr;
use std::time::Duration;

/// The crawler's limits and permissions.
#[derive(Debug, Clone, PartialEq)]
pub struct NetworkSettings {
    /// The whole fetch of one page: every attempt and redirect included.
    pub timeout: Duration,
    /// The largest body accepted, counted after decompression.
    pub max_bytes: u64,
    pub user_agent: String,
    /// Accept plain-http landing pages.
    pub allow_http: bool,
    /// Lift the address and port checks (for a maintainer's intranet).
    pub allow_private: bool,
    /// Hosts pinned to addresses by the operator; used as given, whatever the address.
    pub pins: Vec<Pin>,
    /// Pages fetched at once.
    pub jobs: usize,
    /// Requests at once to one host.
    pub per_host: usize,
    /// Retries after 429, 502, 503, 504 or a connection error.
    pub retries: u32,
    pub max_redirects: usize,
    /// The ports fetched on hosts that are not pinned: 80 and 443. A test aims the crawler
    /// at a listener on 127.0.0.1 by adding its port, so that only the address guard stands
    /// between them.
    pub ports: Vec<u16>,
    /// Root certificates trusted besides the system's, as PEM (`--ca-cert`): an intranet's
    /// own authority, or the sample sites' throwaway one.
    pub extra_roots: Vec<u8>,
}

impl Default for NetworkSettings {
    fn default() -> Self {
        NetworkSettings {
            timeout: Duration::from_secs(20),
            max_bytes: 5 * 1024 * 1024,
            user_agent: format!(
                "lpdir/{} (+https://github.com/lpdir/lpdir)",
                env!("CARGO_PKG_VERSION")
            ),
            allow_http: false,
            allow_private: false,
            pins: Vec::new(),
            jobs: 32,
            per_host: 2,
            retries: 2,
            max_redirects: 10,
            ports: vec![80, 443],
            extra_roots: Vec::new(),
        }
    }
}

impl NetworkSettings {
    /// The pin for `host` and `port`, if the operator gave one.
    pub fn pin(&self, host: &str, port: u16) -> Option<&Pin> {
        self.pins
            .iter()
            .find(|p| p.port == port && p.host.eq_ignore_ascii_case(host))
    }
}

/// `HOST:PORT:ADDR`, like curl's `--resolve`: connections to HOST on PORT go to ADDR.
/// `HOST:PORT:ADDR:TO_PORT` (like curl's `--connect-to`) connects to ADDR on TO_PORT
/// instead, for URLs on their scheme's port: a test serves `https://contoso.com/` from an
/// unprivileged loopback port, and the page's URL, Host and TLS name stay the real ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pin {
    pub host: String,
    pub port: u16,
    pub addr: IpAddr,
    /// Where to connect, when not `port`.
    pub to_port: Option<u16>,
}

impl Pin {
    /// `HOST:PORT:ADDR`.
    pub fn new(host: &str, port: u16, addr: IpAddr) -> Pin {
        Pin {
            host: host.to_ascii_lowercase(),
            port,
            addr,
            to_port: None,
        }
    }

    /// The address connections go to.
    pub fn target(&self) -> std::net::SocketAddr {
        std::net::SocketAddr::new(self.addr, self.to_port.unwrap_or(self.port))
    }
}

impl FromStr for Pin {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let usage = || {
            format!(
                "`{s}` is not HOST:PORT:ADDR or HOST:PORT:ADDR:TO_PORT \
                 (for example contoso.com:443:203.0.113.7, or contoso.com:443:[::1]:8443)"
            )
        };
        let (host, rest) = s.split_once(':').ok_or_else(usage)?;
        let (port, target) = rest.split_once(':').ok_or_else(usage)?;
        // ADDR alone (an IPv6 address may come bare or in brackets), or ADDR:TO_PORT (an
        // IPv6 address then in brackets, as in a URL).
        let (addr, to_port) = match target.parse::<IpAddr>() {
            Ok(addr) => (addr, None),
            Err(_) => match target.strip_prefix('[') {
                Some(bracketed) => {
                    let (addr, after) = bracketed.split_once(']').ok_or_else(usage)?;
                    let to_port = match after {
                        "" => None,
                        p => Some(p.strip_prefix(':').ok_or_else(usage)?),
                    };
                    (addr.parse().map_err(|_| usage())?, to_port)
                }
                None => {
                    let (addr, p) = target.rsplit_once(':').ok_or_else(usage)?;
                    (addr.parse().map_err(|_| usage())?, Some(p))
                }
            },
        };
        let to_port = match to_port {
            Some(p) => Some(p.parse().map_err(|_| usage())?),
            None => None,
        };
        Ok(Pin {
            to_port,
            ..Pin::new(host, port.parse().map_err(|_| usage())?, addr)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_pins() {
        let p: Pin = "Contoso.com:8080:127.0.0.1".parse().unwrap();
        assert_eq!(
            (p.host.as_str(), p.port, p.addr.to_string().as_str()),
            ("contoso.com", 8080, "127.0.0.1")
        );
        let p: Pin = "contoso.com:443:[::1]".parse().unwrap();
        assert_eq!(p.addr.to_string(), "::1");
        assert!("contoso.com:x:1.2.3.4".parse::<Pin>().is_err());
        let p: Pin = "contoso.com:443:127.0.0.1:8443".parse().unwrap();
        assert_eq!(p.target().to_string(), "127.0.0.1:8443");
        let p: Pin = "contoso.com:443:[::1]:8443".parse().unwrap();
        assert_eq!(p.target().to_string(), "[::1]:8443");
        let p: Pin = "contoso.com:443:::1".parse().unwrap();
        assert_eq!(p.target().to_string(), "[::1]:443");
        assert!("contoso.com:443:127.0.0.1:x".parse::<Pin>().is_err());
        assert!("contoso.com:443:[::1]8443".parse::<Pin>().is_err());
        assert!("contoso.com".parse::<Pin>().is_err());
    }
}
