#!/usr/bin/env bash
# Self-check service throughput: a cached result served over HTTP, measured with the `oha`
# load generator (cargo install oha), from a release build on loopback.
#   1. a local landing page (examples/landing_server) and `lpdir self-check` pinned to it;
#   2. one check to fill the cache;
#   3. oha: the cached result page and the cached JSON API answer, 50 connections.
# The service's cost over the library call itself: cargo bench --bench self_check.
# Usage: scripts/bench-self-check.sh [REQUESTS]        (default 50000)
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-50000}"
cargo build --release --quiet --bin lpdir --example landing_server
work="${TMPDIR:-/tmp}/lpdir-self-check-bench"
rm -rf "$work" && mkdir -p "$work"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
./target/release/examples/landing_server --pages 1 --out "$work/site" 2>/dev/null &
pages=$!
trap 'kill $pages $service 2>/dev/null || true' EXIT
while [ ! -s "$work/site/pins.txt" ]; do sleep 0.1; done
pin=$(head -1 "$work/site/pins.txt")
host=${pin%%:*}; rest=${pin#*:}; port=${rest%%:*}
# Limits out of the way: this measures serving, not refusing.
cat > "$work/site/lpdir.toml" <<TOML
[self_check]
per_minute = 10000
per_hour = 100000
per_host_per_minute = 1000
cache_secs = 86400
TOML
./target/release/lpdir self-check --root "$work/site" --listen 127.0.0.1:18181 \
  --allow-http --resolve "$pin" 2>/dev/null &
service=$!
until curl -sf http://127.0.0.1:18181/healthz >/dev/null; do sleep 0.1; done
url="http://$host:$port/microsoft"
name=$(sed -n 's/^name: //p' "$work"/site/content/partners/*/partner-0.yaml)
query="partner=$(printf %s "$name" | sed 's/ /+/g')&url=$(printf %s "$url" | sed 's/:/%3A/g; s#/#%2F#g')"
curl -sf "http://127.0.0.1:18181/check?$query" | grep -o 'class="verdict [a-z]*"'
echo "cached result page (GET /check), $n requests, 50 connections:"
oha -n "$n" -c 50 --no-tui "http://127.0.0.1:18181/check?$query" | grep -E "Requests/sec|Slowest|Fastest|Average|\[200\]|\[4|\[5"
echo "cached API answer (POST /api/check), $n requests, 50 connections:"
oha -n "$n" -c 50 --no-tui -m POST -H 'Content-Type: application/json' \
  -d "{\"url\": \"$url\", \"partner\": \"$name\"}" http://127.0.0.1:18181/api/check \
  | grep -E "Requests/sec|Slowest|Fastest|Average|\[200\]|\[4|\[5"
