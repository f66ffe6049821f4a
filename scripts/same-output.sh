#!/usr/bin/env bash
# Proves that two commits make the same output from the sample directory, byte for byte:
# the site (`lpdir build`), the monthly runs' ledgers and reports (`lpdir publish`, month by
# month, against the sample partners' websites served over HTTPS on loopback), and the JSON of
# `lpdir validate --all` and of `lpdir check`. For refactors that must not change behaviour.
#
#   scripts/same-output.sh BASE [OTHER]     # OTHER defaults to the working tree
#
# Each side is a `git worktree` (the working tree itself for OTHER), built in debug mode in one
# target folder beside this script's work (dependencies are built once). Nothing leaves this
# machine: every sample host is pinned to 127.0.0.1 (--resolve). Pages are judged as the server
# sends them (--render never) unless RENDER=always is set, which needs Chromium. Exit status 0:
# identical; 1: a difference, shown as a diff.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

[ $# -ge 1 ] || { echo "usage: scripts/same-output.sh BASE [OTHER]" >&2; exit 2; }
base=$(git rev-parse --verify "$1^{commit}")
render=${RENDER:-never}

work=$(mktemp -d)
export CARGO_TARGET_DIR="$repo/target/same-output"
cleanup() {
  [ -n "${server:-}" ] && kill "$server" 2>/dev/null
  git -C "$repo" worktree remove --force "$work/base-tree" 2>/dev/null || true
  [ -n "${other_tree:-}" ] && [ "$other_tree" != "$repo" ] &&
    git -C "$repo" worktree remove --force "$other_tree" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

git worktree add --quiet --detach "$work/base-tree" "$base"
if [ $# -ge 2 ]; then
  other_tree="$work/other-tree"
  git worktree add --quiet --detach "$other_tree" "$(git rev-parse --verify "$2^{commit}")"
else
  other_tree="$repo"
fi

# The sample sites, served once for both sides by the newer tree's server.
(cd "$other_tree" && cargo build --quiet --example sample_sites)
"$CARGO_TARGET_DIR/debug/examples/sample_sites" \
  --pages "$other_tree/examples/sample-landing-pages" --out "$work/sites" 2>/dev/null &
server=$!
for _ in $(seq 300); do [ -f "$work/sites/resolve.txt" ] && break; sleep 0.1; done
[ -f "$work/sites/resolve.txt" ] || { echo "error: the sample sites did not start" >&2; exit 1; }
net=(--ca-cert "$work/sites/ca.pem" --render "$render")
while read -r pin; do net+=(--resolve "$pin"); done < "$work/sites/resolve.txt"

# Runs one side: its own lpdir over a copy of its own sample directory. What is compared goes
# to $out/output: the site, the ledgers, the reports, the JSON and what lpdir said (with the
# durations it reports taken out, the only part that may differ from run to run).
run_side() {
  local tree=$1 out=$2
  (cd "$tree" && cargo build --quiet --bin lpdir)
  mkdir -p "$out/bin" "$out/site" "$out/output"
  cp "$CARGO_TARGET_DIR/debug/lpdir" "$out/bin/lpdir"
  local lpdir="$out/bin/lpdir" said="$out/output/said"
  mkdir -p "$said"
  cp -R "$tree/content" "$tree/lpdir.toml" "$out/site/"
  for dir in templates static i18n; do
    [ -d "$tree/$dir" ] && cp -R "$tree/$dir" "$out/site/"
  done
  (
    cd "$out/site"
    rm -f content/published/*.json
    for month in $(ls content/partners | grep -E '^[0-9]{4}-[0-9]{2}$'); do
      status=0
      LPDIR_TODAY="$month-18" "$lpdir" publish --month "$month" "${net[@]}" \
        > "$said/publish-$month.txt" 2>&1 || status=$?
      echo "exit $status" >> "$said/publish-$month.txt"
    done
    LPDIR_TODAY=2026-11-18 "$lpdir" build > "$said/build.txt" 2>&1
    status=0
    LPDIR_TODAY=2026-11-18 "$lpdir" validate --all --format json "${net[@]}" \
      > "$out/output/validate.json" 2> "$said/validate.txt" || status=$?
    echo "exit $status" >> "$said/validate.txt"
    # `check` of each November request, with the directory (so the other partners are rivals).
    for entry in content/partners/2026-11/*.yaml; do
      name=$(sed -n 's/^name: //p' "$entry")
      url=$(sed -n 's/^landing_url: //p' "$entry")
      [ -n "$url" ] || continue
      status=0
      "$lpdir" check "$url" --partner "$name" --format json "${net[@]}" \
        >> "$out/output/check.json" 2>> "$said/check.txt" || status=$?
      echo "exit $status" >> "$said/check.txt"
    done
  )
  cp -R "$out/site/public" "$out/site/content/published" "$out/output/"
  [ -d "$out/site/reports" ] && cp -R "$out/site/reports" "$out/output/"
  sed -i -E 's/\(?[0-9]+(\.[0-9]+)? (s|ms)\)?/(duration)/g' "$said"/*.txt
}

run_side "$work/base-tree" "$work/out/base"
run_side "$other_tree" "$work/out/other"

if diff -r "$work/out/base/output" "$work/out/other/output"; then
  files=$(find "$work/out/base/output" -type f | wc -l)
  echo "identical: $files files (site, ledgers, reports, JSON, messages) from $(git rev-parse --short "$base") and ${2:-the working tree}"
else
  echo "the output differs (above)" >&2
  exit 1
fi
