//! Unit tests of the address classifier against an independent table of the IANA
//! special-purpose address registries (IPv4 and IPv6) plus multicast: the first and last
//! address of every range, directly and in every IPv6 form that carries an IPv4 address.
//!
//! The addresses outside loopback live here, among the unit tests, and nowhere in `tests/`:
//! this module only calls `classify`, a pure function, and has no way to open a socket, so a
//! regression in the guard fails here and reaches no address. The network tests
//! (`tests/validate/ssrf.rs`) aim only at a listener on 127.0.0.1.

use super::guard::classify;
use proptest::prelude::*;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// IPv4 ranges that must never be fetched: (network, prefix length).
const V4_BLOCKED: &[(&str, u8)] = &[
    ("0.0.0.0", 8),       // "this network"
    ("10.0.0.0", 8),      // private
    ("100.64.0.0", 10),   // shared address space (CGNAT)
    ("127.0.0.0", 8),     // loopback
    ("169.254.0.0", 16),  // link-local (cloud metadata)
    ("172.16.0.0", 12),   // private
    ("192.0.0.0", 24),    // IETF protocol assignments
    ("192.0.2.0", 24),    // TEST-NET-1
    ("192.88.99.0", 24),  // deprecated 6to4 relay anycast
    ("192.168.0.0", 16),  // private
    ("198.18.0.0", 15),   // benchmarking
    ("198.51.100.0", 24), // TEST-NET-2
    ("203.0.113.0", 24),  // TEST-NET-3
    ("224.0.0.0", 4),     // multicast
    ("240.0.0.0", 4),     // reserved, broadcast included
];

/// IPv6 ranges that must never be fetched, besides those carrying an IPv4 address.
const V6_BLOCKED: &[(&str, u8)] = &[
    ("::", 128),         // unspecified
    ("::1", 128),        // loopback
    ("64:ff9b:1::", 48), // local-use NAT64
    ("100::", 64),       // discard-only
    ("2001::", 32),      // Teredo
    ("2001:2::", 48),    // benchmarking
    ("2001:db8::", 32),  // documentation
    ("3fff::", 20),      // documentation
    ("5f00::", 16),      // SRv6 SIDs
    ("fc00::", 7),       // unique-local
    ("fe80::", 10),      // link-local
    ("fec0::", 10),      // site-local (deprecated)
    ("ff00::", 8),       // multicast
];

fn v4_range(net: &str, len: u8) -> (u32, u32) {
    let first = u32::from(net.parse::<Ipv4Addr>().unwrap());
    let size = if len == 0 {
        u32::MAX
    } else {
        (1u32 << (32 - len)) - 1
    };
    (first, first | size)
}

fn v6_range(net: &str, len: u8) -> (u128, u128) {
    let first = u128::from(net.parse::<Ipv6Addr>().unwrap());
    let size = if len == 128 {
        0
    } else {
        (1u128 << (128 - len)) - 1
    };
    (first, first | size)
}

/// The reference answer for an IPv4 address, from the table alone.
fn v4_is_blocked(ip: u32) -> bool {
    V4_BLOCKED.iter().any(|(net, len)| {
        let (first, last) = v4_range(net, *len);
        (first..=last).contains(&ip)
    })
}

/// Every IPv6 spelling that carries `v4`: mapped, NAT64 (64:ff9b::/96) and 6to4 (2002::/16).
fn carried(v4: Ipv4Addr) -> [Ipv6Addr; 3] {
    let o = v4.octets();
    let (hi, lo) = (
        u16::from_be_bytes([o[0], o[1]]),
        u16::from_be_bytes([o[2], o[3]]),
    );
    [
        v4.to_ipv6_mapped(),
        Ipv6Addr::new(0x64, 0xff9b, 0, 0, 0, 0, hi, lo),
        Ipv6Addr::new(0x2002, hi, lo, 0, 0, 0, 0, 1),
    ]
}

#[test]
fn the_first_and_last_address_of_every_ipv4_range_is_blocked_in_every_form() {
    for (net, len) in V4_BLOCKED {
        let (first, last) = v4_range(net, *len);
        for ip in [first, last] {
            let v4 = Ipv4Addr::from(ip);
            assert!(classify(IpAddr::V4(v4)).is_some(), "{v4} ({net}/{len})");
            for v6 in carried(v4) {
                assert!(classify(IpAddr::V6(v6)).is_some(), "{v6} carries {v4}");
            }
        }
    }
}

#[test]
fn the_first_and_last_address_of_every_ipv6_range_is_blocked() {
    for (net, len) in V6_BLOCKED {
        let (first, last) = v6_range(net, *len);
        for ip in [first, last] {
            let v6 = Ipv6Addr::from(ip);
            assert!(classify(IpAddr::V6(v6)).is_some(), "{v6} ({net}/{len})");
        }
    }
}

#[test]
fn addresses_next_to_the_ranges_are_global() {
    for ip in [
        "1.1.1.1",
        "9.255.255.255",
        "11.0.0.0",
        "100.63.255.255",
        "100.128.0.0",
        "126.255.255.255",
        "128.0.0.0",
        "169.253.255.255",
        "169.255.0.0",
        "172.15.255.255",
        "172.32.0.0",
        "192.0.1.255",
        "192.0.3.0",
        "192.88.98.255",
        "192.88.100.0",
        "192.167.255.255",
        "192.169.0.0",
        "198.17.255.255",
        "198.20.0.0",
        "203.0.112.255",
        "203.0.114.0",
        "223.255.255.255",
    ] {
        let v4: Ipv4Addr = ip.parse().unwrap();
        assert_eq!(classify(IpAddr::V4(v4)), None, "{ip}");
        for v6 in carried(v4) {
            assert_eq!(classify(IpAddr::V6(v6)), None, "{v6} carries {ip}");
        }
    }
    for ip in [
        "2001:1::1",
        "2001:3::1",
        "2001:db7:ffff::1",
        "2001:db9::1",
        "2600::1",
        "3ffe:ffff::1",
        "3fff:1000::1",
    ] {
        let v6: Ipv6Addr = ip.parse().unwrap();
        assert_eq!(classify(IpAddr::V6(v6)), None, "{ip}");
    }
}

proptest! {
    #[test]
    fn any_ipv4_address_is_classified_as_the_table_says(raw in any::<u32>()) {
        let v4 = Ipv4Addr::from(raw);
        let expected = v4_is_blocked(raw);
        prop_assert_eq!(classify(IpAddr::V4(v4)).is_some(), expected, "{}", v4);
        for v6 in carried(v4) {
            prop_assert_eq!(classify(IpAddr::V6(v6)).is_some(), expected, "{} carries {}", v6, v4);
        }
    }

    #[test]
    fn any_address_inside_an_ipv6_range_is_blocked(pick in 0usize..V6_BLOCKED.len(), raw in any::<u128>()) {
        let (net, len) = V6_BLOCKED[pick];
        let (first, last) = v6_range(net, len);
        let ip = Ipv6Addr::from(first | (raw & (last - first)));
        prop_assert!(classify(IpAddr::V6(ip)).is_some(), "{} in {}/{}", ip, net, len);
    }
}
