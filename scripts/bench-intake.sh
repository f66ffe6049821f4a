#!/usr/bin/env bash
# Whole-command intake benchmark: `lpdir add --from` with a backlog of 10,000 rows against a
# synthetic directory of 10,000 partners (and 100,000 against 100,000), timed with hyperfine;
# each run starts from the same site (the month's folder is removed before it).
#
# Writing 10,000 entry files costs the disk's time to make files, so the sites live in memory
# (/dev/shm) to measure lpdir, and the 10,000 case runs on the disk ($TMPDIR) as well, to show
# what a real disk adds.
# Needs: hyperfine and GNU time (Debian: apt-get install hyperfine time).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin lpdir --example synth
disk="${TMPDIR:-/tmp}/lpdir-bench-intake"
memory="/dev/shm/lpdir-bench-intake"
rm -rf "$disk" "$memory" && mkdir -p "$disk" "$memory"
trap 'rm -rf "$memory"' EXIT
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
run() { # rows and partners, folder, runs
  local n="$1" work="$2" runs="$3"
  ./target/release/examples/synth --entries "$n" --out "$work/site-$n" >/dev/null
  # Rows that are all new partners: names and domains no entry uses.
  awk -v n="$n" 'BEGIN { print "name,country,url,city"; for (i = 0; i < n; i++) printf "Backlog Partner %d,NL,https://backlog-%d.nl/microsoft,Utrecht\n", i, i }' \
    > "$work/rows-$n.csv"
  echo "== $n rows against $n partners, in $work"
  hyperfine --runs "$runs" --style basic \
    --prepare "rm -rf $work/site-$n/content/partners/2027-01" \
    "./target/release/lpdir add --from $work/rows-$n.csv --month 2027-01 --root $work/site-$n" 2>&1 | grep -E "Time|Range"
  rm -rf "$work/site-$n/content/partners/2027-01"
  /usr/bin/time -f "  peak memory: %M KB" \
    ./target/release/lpdir add --from "$work/rows-$n.csv" --month 2027-01 --root "$work/site-$n" >/dev/null
  rm -rf "$work/site-$n"
}
run 10000 "$memory" 5
run 10000 "$disk" 3
run 100000 "$memory" 1
