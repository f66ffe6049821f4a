#!/usr/bin/env bash
# Hostile-page benchmark: pages as large as the 5 MiB cap allows, built to make the analysis
# slow or large (examples/landing_server/hostile.rs), served on loopback.
#  1. each kind alone, with `lpdir check`: wall time and peak memory of the whole command;
#  2. 32 hostile pages at once (`lpdir validate --jobs 32`): peak memory of the whole run.
# Usage: scripts/bench-hostile.sh        Needs: GNU time (Debian: apt-get install time).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin lpdir --example landing_server
work="${TMPDIR:-/tmp}/lpdir-hostile-bench"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
rm -rf "$work" && mkdir -p "$work"
./target/release/examples/landing_server --hostile --pages 32 --out "$work/site" 2>/dev/null &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
while [ ! -s "$work/site/pins.txt" ] || [ "$(wc -l < "$work/site/pins.txt")" -lt 32 ]; do sleep 0.1; done
sleep 0.5
kinds=(deep-divs heading-marquee formatting nested-tables many-nodes many-headings huge-attributes links terms)
printf "%-16s %-9s %8s %10s  %s\n" kind verdict seconds "peak MB" "first failing rule"
for i in "${!kinds[@]}"; do
  pin=$(sed -n "$((i + 1))p" "$work/site/pins.txt")
  host=${pin%%:*}; rest=${pin#*:}; port=${rest%%:*}
  /usr/bin/time -o "$work/time" -f "%e %M" ./target/release/lpdir check "http://$host:$port/microsoft" \
    --partner "Hostile Training" --allow-http --resolve "$pin" --format json > "$work/check.json" || true
  read -r secs kb < <(tail -1 "$work/time")
  verdict=$(grep -m1 '"verdict"' "$work/check.json" | cut -d'"' -f4)
  why=$(python3 -c "import json,sys; r=json.load(open(sys.argv[1])); f=[x for x in r[\"rules\"] if x[\"status\"]==\"fail\"]; print((f[0][\"rule\"]+\": \"+f[0][\"message\"])[:72] if f else \"\")" "$work/check.json")
  printf "%-16s %-9s %8s %10s  %s\n" "${kinds[$i]}" "$verdict" "$secs" "$((kb / 1024))" "$why"
done
pins=$(sed 's/^/--resolve /' "$work/site/pins.txt" | tr '\n' ' ')
/usr/bin/time -o "$work/time" -f "%e %M" ./target/release/lpdir validate --root "$work/site" \
  --allow-http --jobs 32 --format json $pins > "$work/report.json" || true
read -r secs kb < <(tail -1 "$work/time")
echo "32 hostile pages, --jobs 32: $secs s, peak $((kb / 1024)) MB; $(grep -A3 '"summary"' "$work/report.json" | tr -d ' \n')"
