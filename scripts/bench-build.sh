#!/usr/bin/env bash
# Whole-command build benchmark: synthetic sites of 1,000, 10,000 and 100,000 entries with
# the ledgers of a run that accepted them all (a published build: partner pages, statistics,
# embeds and what each partner teaches included),
# timed with hyperfine (wall time over several runs) and GNU time (peak memory).
# Needs: hyperfine and GNU time (Debian: apt-get install hyperfine time).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin lpdir --example synth
work="${TMPDIR:-/tmp}/lpdir-bench"
rm -rf "$work" && mkdir -p "$work"
for n in 1000 10000 100000; do
  ./target/release/examples/synth --entries "$n" --ledgers --out "$work/site-$n" >/dev/null
done
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
for n in 1000 10000 100000; do
  hyperfine --warmup 1 --runs 5 --style basic \
    "./target/release/lpdir build --root $work/site-$n --output $work/out-$n" 2>&1 | grep -E "Time|Range"
  /usr/bin/time -f "  peak memory: %M KB" ./target/release/lpdir build --root "$work/site-$n" --output "$work/out-$n" >/dev/null
done
