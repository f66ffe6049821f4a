//! The destination guard: which addresses the crawler may connect to.
//!
//! Landing URLs come from outside, so fetching them is a server-side request forgery risk.
//! Every address actually connected to (after DNS, for every redirect hop) must be globally
//! routable. IPv6 forms that carry an IPv4 address (mapped, compatible, NAT64, 6to4) are
//! unwrapped first, so `::ffff:127.0.0.1` is loopback.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Why an address is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Blocked {
    Unspecified,
    Loopback,
    Private,
    LinkLocal,
    SharedCgnat,
    Documentation,
    Benchmarking,
    Multicast,
    Broadcast,
    Reserved,
    UniqueLocal,
    SiteLocal,
    Nat64Local,
    Tunnel,
    Discard,
}

impl Blocked {
    pub fn describe(self) -> &'static str {
        match self {
            Blocked::Unspecified => "an unspecified address",
            Blocked::Loopback => "a loopback address (this machine)",
            Blocked::Private => "a private network address",
            Blocked::LinkLocal => "a link-local address (such as the cloud metadata service)",
            Blocked::SharedCgnat => "a carrier-grade NAT address",
            Blocked::Documentation => "a documentation-only address",
            Blocked::Benchmarking => "a benchmarking-only address",
            Blocked::Multicast => "a multicast address",
            Blocked::Broadcast => "the broadcast address",
            Blocked::Reserved => "a reserved address",
            Blocked::UniqueLocal => "an IPv6 unique-local (private) address",
            Blocked::SiteLocal => "an IPv6 site-local address",
            Blocked::Nat64Local => "a local-use NAT64 address",
            Blocked::Tunnel => "a tunnel (Teredo) address that hides its real destination",
            Blocked::Discard => "a discard-only address",
        }
    }
}

/// `None` when `ip` is globally routable, else why it is refused.
pub fn classify(ip: IpAddr) -> Option<Blocked> {
    match ip {
        IpAddr::V4(v4) => classify_v4(v4),
        IpAddr::V6(v6) => match embedded_v4(v6) {
            Some(v4) => classify_v4(v4),
            None => classify_v6(v6),
        },
    }
}

fn classify_v4(ip: Ipv4Addr) -> Option<Blocked> {
    let [a, b, c, _] = ip.octets();
    Some(match (a, b, c) {
        (0, _, _) => Blocked::Unspecified,
        (10, _, _) | (172, 16..=31, _) | (192, 168, _) => Blocked::Private,
        (100, 64..=127, _) => Blocked::SharedCgnat,
        (127, _, _) => Blocked::Loopback,
        (169, 254, _) => Blocked::LinkLocal,
        (192, 0, 0) => Blocked::Reserved,
        (192, 0, 2) | (198, 51, 100) | (203, 0, 113) => Blocked::Documentation,
        (192, 88, 99) => Blocked::Reserved,
        (198, 18..=19, _) => Blocked::Benchmarking,
        (224..=239, _, _) => Blocked::Multicast,
        _ if ip == Ipv4Addr::BROADCAST => Blocked::Broadcast,
        (240..=255, _, _) => Blocked::Reserved,
        _ => return None,
    })
}

fn classify_v6(ip: Ipv6Addr) -> Option<Blocked> {
    let s = ip.segments();
    Some(match s {
        _ if ip.is_unspecified() => Blocked::Unspecified,
        _ if ip.is_loopback() => Blocked::Loopback,
        [0x0064, 0xff9b, 0x0001, ..] => Blocked::Nat64Local,
        [0x0100, 0, 0, 0, ..] => Blocked::Discard,
        [0x2001, 0x0000, ..] => Blocked::Tunnel,
        [0x2001, 0x0db8, ..] => Blocked::Documentation,
        [0x2001, 0x0002, 0, ..] => Blocked::Benchmarking,
        [0x3fff, s1, ..] if s1 <= 0x0fff => Blocked::Documentation,
        [s0, ..] if s0 & 0xfe00 == 0xfc00 => Blocked::UniqueLocal,
        [s0, ..] if s0 & 0xffc0 == 0xfe80 => Blocked::LinkLocal,
        [s0, ..] if s0 & 0xffc0 == 0xfec0 => Blocked::SiteLocal,
        [s0, ..] if s0 & 0xff00 == 0xff00 => Blocked::Multicast,
        // Outside 2000::/3 nothing is globally assigned unicast.
        [s0, ..] if s0 & 0xe000 != 0x2000 => Blocked::Reserved,
        _ => return None,
    })
}

/// The IPv4 address an IPv6 address stands for: IPv4-mapped (`::ffff:a.b.c.d`), the old
/// IPv4-compatible form (`::a.b.c.d`), NAT64 (`64:ff9b::a.b.c.d`) and 6to4 (`2002:ab:cd::`).
pub fn embedded_v4(ip: Ipv6Addr) -> Option<Ipv4Addr> {
    let s = ip.segments();
    let tail = || Ipv4Addr::new((s[6] >> 8) as u8, s[6] as u8, (s[7] >> 8) as u8, s[7] as u8);
    match s {
        [0, 0, 0, 0, 0, 0xffff, _, _] => Some(tail()),
        // `::` and `::1` are IPv6's own unspecified and loopback, not compatible forms.
        [0, 0, 0, 0, 0, 0, hi, lo] if hi != 0 || lo > 1 => Some(tail()),
        [0x0064, 0xff9b, 0, 0, 0, 0, _, _] => Some(tail()),
        [0x2002, hi, lo, ..] => Some(Ipv4Addr::new(
            (hi >> 8) as u8,
            hi as u8,
            (lo >> 8) as u8,
            lo as u8,
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocked(s: &str) -> Option<Blocked> {
        classify(s.parse().unwrap())
    }

    #[test]
    fn refuses_every_non_global_ipv4_range() {
        let cases = [
            ("0.0.0.0", Blocked::Unspecified),
            ("0.1.2.3", Blocked::Unspecified),
            ("127.0.0.1", Blocked::Loopback),
            ("127.255.255.254", Blocked::Loopback),
            ("10.0.0.1", Blocked::Private),
            ("172.16.0.1", Blocked::Private),
            ("172.31.255.255", Blocked::Private),
            ("192.168.1.1", Blocked::Private),
            ("169.254.169.254", Blocked::LinkLocal),
            ("169.254.0.1", Blocked::LinkLocal),
            ("100.64.0.1", Blocked::SharedCgnat),
            ("100.127.255.255", Blocked::SharedCgnat),
            ("192.0.2.10", Blocked::Documentation),
            ("198.51.100.7", Blocked::Documentation),
            ("203.0.113.9", Blocked::Documentation),
            ("198.18.0.1", Blocked::Benchmarking),
            ("224.0.0.1", Blocked::Multicast),
            ("239.255.255.250", Blocked::Multicast),
            ("255.255.255.255", Blocked::Broadcast),
            ("240.0.0.1", Blocked::Reserved),
            ("192.0.0.8", Blocked::Reserved),
        ];
        for (ip, why) in cases {
            assert_eq!(blocked(ip), Some(why), "{ip}");
        }
    }

    #[test]
    fn allows_public_addresses() {
        for ip in [
            "8.8.8.8",
            "1.1.1.1",
            "172.15.255.255",
            "172.32.0.1",
            "100.63.255.255",
            "100.128.0.1",
            "192.169.0.1",
            "2606:4700::1111",
            "2a00:1450:4001::200e",
        ] {
            assert_eq!(blocked(ip), None, "{ip}");
        }
    }

    #[test]
    fn refuses_every_non_global_ipv6_range() {
        let cases = [
            ("::", Blocked::Unspecified),
            ("::1", Blocked::Loopback),
            ("fc00::1", Blocked::UniqueLocal),
            ("fd12:3456::1", Blocked::UniqueLocal),
            ("fe80::1", Blocked::LinkLocal),
            ("fec0::1", Blocked::SiteLocal),
            ("ff02::1", Blocked::Multicast),
            ("2001:db8::1", Blocked::Documentation),
            ("2001::1", Blocked::Tunnel),
            ("64:ff9b:1::1", Blocked::Nat64Local),
            ("100::1", Blocked::Discard),
            ("4000::1", Blocked::Reserved),
        ];
        for (ip, why) in cases {
            assert_eq!(blocked(ip), Some(why), "{ip}");
        }
    }

    #[test]
    fn unwraps_ipv4_inside_ipv6_before_classifying() {
        let cases = [
            ("::ffff:127.0.0.1", Blocked::Loopback),
            ("::ffff:169.254.169.254", Blocked::LinkLocal),
            ("::ffff:10.0.0.1", Blocked::Private),
            ("::127.0.0.1", Blocked::Loopback),
            ("::10.1.2.3", Blocked::Private),
            ("64:ff9b::127.0.0.1", Blocked::Loopback),
            ("64:ff9b::a9fe:a9fe", Blocked::LinkLocal),
            ("2002:7f00:1::", Blocked::Loopback),
            ("2002:c0a8:0101::1", Blocked::Private),
        ];
        for (ip, why) in cases {
            assert_eq!(blocked(ip), Some(why), "{ip}");
        }
        // Public IPv4 inside the same wrappers stays allowed.
        assert_eq!(blocked("::ffff:8.8.8.8"), None);
        assert_eq!(blocked("64:ff9b::808:808"), None);
        assert_eq!(blocked("2002:0808:0808::1"), None);
    }

    #[test]
    fn odd_ipv4_spellings_parse_to_loopback_or_unspecified() {
        // The URL parser normalises these host spellings; the guard sees the real address.
        for (url, ip) in [
            ("http://2130706433/", "127.0.0.1"),
            ("http://0x7f.1/", "127.0.0.1"),
            ("http://0177.0.0.1/", "127.0.0.1"),
            ("http://127.1/", "127.0.0.1"),
            ("http://0/", "0.0.0.0"),
        ] {
            let parsed = url::Url::parse(url).unwrap();
            let Some(url::Host::Ipv4(v4)) = parsed.host() else {
                panic!("{url} is not an IPv4 host")
            };
            assert_eq!(v4.to_string(), ip, "{url}");
            assert!(classify(IpAddr::V4(v4)).is_some(), "{url}");
        }
    }
}
