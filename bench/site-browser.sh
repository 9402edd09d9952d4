#!/usr/bin/env bash
# Benchmark the rule index of SigmaHQ's site in headless Chromium: time to usable (plain and with
# the CPU throttled 4×) and filter, sort, search and reset times (bench/site-browser.mjs).
#   bench/site-browser.sh [CORPUS_DIR]      (default ../shared/corpus/sigmahq)
# Needs Chromium (/usr/bin/chromium or $CHROMIUM) and `npm ci` in tests/browser.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-../shared/corpus/sigmahq}
if [ ! -d "$corpus" ]; then
  echo "skipped: $corpus is absent"
  exit 0
fi
cargo build --release --locked -q
out=$(mktemp -d)/site
target/release/sigscope site "$corpus"/rules* "$corpus"/deprecated -o "$out" --title "SigmaHQ" > /dev/null
echo "rules/index.html:        $(stat -c %s "$out/rules/index.html") bytes"
echo "assets/search-index.js:  $(stat -c %s "$out/assets/search-index.js") bytes"
echo "site:                    $(du -sb "$out" | cut -f1) bytes"
node bench/site-browser.mjs "$out" "${RUNS:-3}"
rm -rf "$(dirname "$out")"
