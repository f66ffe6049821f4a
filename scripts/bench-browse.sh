#!/usr/bin/env bash
# The directory in a browser at scale: a synthetic published directory of 10,000 entries,
# its home page's HTML weight, and in headless Chromium the time until the filters are usable
# and the time a keystroke takes to update the painted list (examples/browse_bench).
# Needs Debian's chromium (as the browser tests do).
set -euo pipefail
cd "$(dirname "$0")/.."
entries="${1:-10000}"
cargo build --release --quiet --bin lpdir --example browse_bench
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
./target/release/examples/browse_bench --entries "$entries" --runs 5
