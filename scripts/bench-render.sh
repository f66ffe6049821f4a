#!/usr/bin/env bash
# Rendering benchmark: N script-built pages (a "React App" shell whose bundle fetches the
# content as JSON) on a loopback server, each on its own host name, judged by
# `lpdir validate --jobs 32` rendered and with --render never; and the peak memory of lpdir
# and its browser together.
# Usage: scripts/bench-render.sh [PAGES]   (default: 100)
# Needs: hyperfine (Debian: apt-get install hyperfine) and a Chromium-family browser.
set -euo pipefail
cd "$(dirname "$0")/.."
pages="${1:-100}"
cargo build --release --quiet --bin lpdir --example landing_server
work="${TMPDIR:-/tmp}/lpdir-render-bench"
rm -rf "$work" && mkdir -p "$work"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "browser: $( (chromium --version || google-chrome --version) 2>/dev/null | head -1)"
./target/release/examples/landing_server --scripted --pages "$pages" --out "$work/site" 2>/dev/null &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
while [ ! -s "$work/site/pins.txt" ] || [ "$(wc -l < "$work/site/pins.txt")" -lt "$pages" ]; do sleep 0.1; done
sleep 0.5
pins=$(sed 's/^/--resolve /' "$work/site/pins.txt" | tr '\n' ' ')
base="./target/release/lpdir validate --root $work/site --allow-http --jobs 32 --format json $pins"
# Check that the pages are judged as they should be: all accepted rendered, none without.
$base --render always > "$work/rendered.json" || true
$base --render never > "$work/never.json" || true
for mode in rendered never; do
  echo "$mode: $(grep -A3 '"summary"' "$work/$mode.json" | tr -d ' \n')"
done
echo "$pages pages, --jobs 32:"
hyperfine --warmup 1 --runs 5 --style basic \
  -n rendered "$base --render always > /dev/null || true" \
  -n never "$base --render never > /dev/null || true" 2>&1 | grep -E "^Benchmark|Time|Range|faster"
scripts/peak-memory.py $base --render always || true
