//! Who the client is: the peer, or behind trusted reverse proxies the address they forwarded
//! in `X-Forwarded-For`. (`Forwarded:`, RFC 7239, is not read: a proxy in front of the
//! service must set `X-Forwarded-For`.)

use std::net::{IpAddr, SocketAddr};

/// An `X-Forwarded-For` entry that is not an address: the request is refused, since the
/// client it names cannot be limited.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the X-Forwarded-For entry `{0}` is not an IP address")]
pub struct BadForwardedFor(pub String);

/// The client of a request from `peer`. When the peer is a trusted proxy, the header's
/// entries are walked from the right, past every trusted proxy; the first other entry is
/// the client, with its port (`IP:port`, `[v6]:port`) ignored. IPv4-mapped IPv6 addresses
/// count as IPv4 (a service listening on `[::]` sees IPv4 peers that way).
pub fn client(
    peer: IpAddr,
    trusted: &[IpAddr],
    forwarded_for: &[&str],
) -> Result<IpAddr, BadForwardedFor> {
    let peer = peer.to_canonical();
    let is_trusted = |ip: IpAddr| trusted.iter().any(|t| t.to_canonical() == ip);
    if !is_trusted(peer) {
        return Ok(peer);
    }
    let entries = forwarded_for
        .iter()
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .filter(|e| !e.is_empty());
    let entries: Vec<&str> = entries.collect();
    for entry in entries.iter().rev() {
        let ip = parse(entry).ok_or_else(|| BadForwardedFor(printable(entry)))?;
        if !is_trusted(ip) {
            return Ok(ip);
        }
    }
    // Only proxies forwarded it: the last of them stands for the client.
    Ok(entries.first().and_then(|e| parse(e)).unwrap_or(peer))
}

/// `IP`, `IP:port`, `[v6]` or `[v6]:port`, canonical.
fn parse(entry: &str) -> Option<IpAddr> {
    let ip = entry
        .parse::<IpAddr>()
        .ok()
        .or_else(|| entry.parse::<SocketAddr>().ok().map(|s| s.ip()))
        .or_else(|| {
            let inner = entry.strip_prefix('[')?.strip_suffix(']')?;
            inner.parse::<IpAddr>().ok()
        })?;
    Some(ip.to_canonical())
}

fn printable(entry: &str) -> String {
    crate::printable::line(&entry.chars().take(64).collect::<String>()).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn the_client_is_the_first_untrusted_entry_from_the_right() {
        let trusted = [ip("127.0.0.1")];
        let proxy = ip("127.0.0.1");
        // An attacker's own spoofed entries on the left never become the client: the proxy
        // appended the real one, with or without a port.
        for header in [
            "9.9.8.1, 5.5.5.6:4321",
            "9.9.8.2, 5.5.5.6",
            "1.2.3.4, [2001:db8::1]:443",
        ] {
            let got = client(proxy, &trusted, &[header]).unwrap();
            let want = if header.contains("2001") {
                ip("2001:db8::1")
            } else {
                ip("5.5.5.6")
            };
            assert_eq!(got, want, "{header}");
        }
        // Chained trusted proxies are skipped.
        let trusted = [ip("127.0.0.1"), ip("10.0.0.2")];
        assert_eq!(
            client(proxy, &trusted, &["7.7.7.7", "10.0.0.2"]).unwrap(),
            ip("7.7.7.7")
        );
        // An untrusted peer is the client, whatever it claims.
        assert_eq!(
            client(ip("8.8.4.4"), &trusted, &["1.1.1.1"]).unwrap(),
            ip("8.8.4.4")
        );
    }

    #[test]
    fn mapped_peers_count_as_ipv4_and_garbage_is_refused() {
        let trusted = [ip("127.0.0.1")];
        // Listening on [::], the proxy on 127.0.0.1 arrives as ::ffff:127.0.0.1.
        let mapped = ip("::ffff:127.0.0.1");
        assert_eq!(
            client(mapped, &trusted, &["5.5.5.6"]).unwrap(),
            ip("5.5.5.6")
        );
        assert_eq!(
            client(ip("::ffff:9.9.9.9"), &trusted, &[]).unwrap(),
            ip("9.9.9.9")
        );
        assert!(client(mapped, &trusted, &["1.1.1.1, not-an-ip"]).is_err());
        assert_eq!(client(mapped, &trusted, &[]).unwrap(), ip("127.0.0.1"));
    }
}
