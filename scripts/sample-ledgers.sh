#!/usr/bin/env bash
# Regenerates the sample directory's ledgers (content/published/*.json) the way a maintainer
# makes real ones: `lpdir publish` for each sample month, in order, against the sample
# partners' websites (examples/sample-landing-pages) served over HTTPS on loopback, with
# every host pinned there (--resolve) and the server's throwaway authority trusted
# (--ca-cert). Nothing leaves this machine.
#
#   scripts/sample-ledgers.sh
#
# The ledgers are rewritten from scratch (they are lpdir's own files); `checked_at` is the
# 18th of each month (LPDIR_TODAY), so a regeneration differs from the committed ledgers
# only where a page, an entry or lpdir's judgement changed.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --release --quiet --bin lpdir --example sample_sites
work=$(mktemp -d)
target/release/examples/sample_sites --out "$work" &
server=$!
trap 'kill "$server" 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do [ -f "$work/resolve.txt" ] && break; sleep 0.1; done
[ -f "$work/resolve.txt" ] || { echo "error: the sample sites did not start" >&2; exit 1; }

# Rendered, as a real month is: the ledgers then say so ("rendered": true), and a machine
# without Chromium stops here instead of writing different ledgers.
args=(--ca-cert "$work/ca.pem" --render always)
while read -r pin; do args+=(--resolve "$pin"); done < "$work/resolve.txt"

rm -f content/published/*.json
for month in $(ls content/partners | grep -E '^[0-9]{4}-[0-9]{2}$'); do
  status=0
  LPDIR_TODAY="$month-18" target/release/lpdir publish --month "$month" "${args[@]}" || status=$?
  # 1: published, with rejections or unreachable pages (the sample has a few on purpose).
  [ "$status" -le 1 ] || exit "$status"
done
echo "Regenerated: $(ls content/published/*.json | tr '\n' ' ')"
