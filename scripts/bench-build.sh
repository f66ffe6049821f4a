#!/usr/bin/env bash
# Whole-command build benchmark: synthetic sites of 1,000, 10,000 and 100,000 entries with
# the ledgers of a run that accepted them all (a published build: partner pages, statistics,
# embeds and what each partner teaches included), timed with hyperfine (wall time over
# several runs) and GNU time (peak memory).
#
# A build of 10,000 partners writes about 19,000 files in 19,000 folders, so the disk's cost
# of making files counts: the output goes to memory (/dev/shm) to measure lpdir, and for
# 10,000 entries to the disk as well ($TMPDIR), to show what a real disk adds.
# Needs: hyperfine and GNU time (Debian: apt-get install hyperfine time).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin lpdir --example synth
work="${TMPDIR:-/tmp}/lpdir-bench"
memory="/dev/shm/lpdir-bench"
rm -rf "$work" "$memory" && mkdir -p "$work" "$memory"
trap 'rm -rf "$memory"' EXIT
for n in 1000 10000 100000; do
  ./target/release/examples/synth --entries "$n" --ledgers --out "$work/site-$n" >/dev/null
done
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
run() { # entries, output folder, runs
  echo "== $1 entries into $2"
  hyperfine --warmup 1 --runs "$3" --style basic \
    "./target/release/lpdir build --root $work/site-$1 --output $2/out-$1" 2>&1 | grep -E "Time|Range"
  /usr/bin/time -f "  peak memory: %M KB" ./target/release/lpdir build --root "$work/site-$1" --output "$2/out-$1"
}
run 1000 "$memory" 10
run 10000 "$memory" 10
run 10000 "$work" 5
run 100000 "$memory" 3
