#!/usr/bin/env bash
# Loopback validation benchmark: a local server with N landing pages of ~60 KB, each on its
# own host name (pinned to 127.0.0.1 with --resolve), and `lpdir validate` over all of them.
# Usage: scripts/bench-validate.sh [PAGES...]   (default: 1000 2000)
# Needs: hyperfine and GNU time (Debian: apt-get install hyperfine time).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin lpdir --example landing_server
work="${TMPDIR:-/tmp}/lpdir-validate-bench"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
for pages in "${@:-1000 2000}"; do
  for n in $pages; do
    rm -rf "$work" && mkdir -p "$work"
    ./target/release/examples/landing_server --pages "$n" --out "$work/site" 2>/dev/null &
    server=$!
    trap 'kill $server 2>/dev/null || true' EXIT
    while [ ! -s "$work/site/pins.txt" ] || [ "$(wc -l < "$work/site/pins.txt")" -lt "$n" ]; do sleep 0.1; done
    sleep 0.5
    pins=$(sed 's/^/--resolve /' "$work/site/pins.txt" | tr '\n' ' ')
    cmd="./target/release/lpdir validate --root $work/site --allow-http --format json $pins"
    # One run to check the pages are really judged (all accepted), then the timed runs.
    $cmd > "$work/report.json"
    grep -A3 '"summary"' "$work/report.json" | tr -d ' \n'; echo
    echo "$n pages:"
    hyperfine --warmup 1 --runs 5 --style basic "$cmd > /dev/null" 2>&1 | grep -E "Time|Range"
    /usr/bin/time -f "  peak memory: %M KB" $cmd > /dev/null
    kill $server 2>/dev/null || true
    wait $server 2>/dev/null || true
  done
done
