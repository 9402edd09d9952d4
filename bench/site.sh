#!/usr/bin/env bash
# Benchmark `sigscope site` on the SigmaHQ corpus: a fresh build and a rebuild over the same
# directory, three times each, then the output size and the search index size.
#   bench/site.sh [CORPUS_DIR]      (default ../shared/corpus/sigmahq)
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-../shared/corpus/sigmahq}
if [ ! -d "$corpus" ]; then
  echo "skipped: $corpus is absent"
  exit 0
fi
cargo build --release --locked -q
bin=target/release/sigscope
out=$(mktemp -d)/site
inputs=("$corpus"/rules* "$corpus"/deprecated)
time_one() {
  local start end
  start=$(date +%s.%N)
  "$bin" site "${inputs[@]}" -o "$out" --title "SigmaHQ" > /dev/null
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }'
}
echo "nproc: $(nproc)"
for i in 1 2 3; do
  rm -rf "$out"
  echo "fresh build $i: $(time_one) s"
done
for i in 1 2 3; do
  echo "rebuild $i:     $(time_one) s"
done
echo "files:        $(find "$out" -type f | wc -l)"
echo "output size:  $(du -sh "$out" | cut -f1)"
echo "search index: $(stat -c %s "$out/assets/search-index.js") bytes"
echo "rules index:  $(stat -c %s "$out/rules/index.html") bytes"
rm -rf "$(dirname "$out")"
