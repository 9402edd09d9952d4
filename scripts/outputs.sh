#!/usr/bin/env bash
# Writes every output a refactor must keep byte for byte into OUT_DIR, so two builds can be
# compared with `diff -r`:
#   scripts/outputs.sh BIN OUT_DIR [CORPUS_DIR]
#   scripts/outputs.sh target/release/sigscope /tmp/before && (build) &&
#   scripts/outputs.sh target/release/sigscope /tmp/after && diff -r /tmp/before /tmp/after
# It covers JSON, SARIF, concise and human output (both profiles) on the corpus and on every
# fixture, `--diff` of all fixes, `lints`, `explain` of every lint, and the corpus's site.
set -uo pipefail
bin=$(realpath "$1")
out=$(realpath -m "$2")
root=$(realpath "$(dirname "$0")/..")
corpus=$(realpath -m "${3:-$root/../shared/corpus/sigmahq}")
rm -rf "$out"
mkdir -p "$out/fixtures" "$out/corpus" "$out/explain"
export COLUMNS=100 NO_COLOR=1

run() { # name, args…: stdout, stderr and exit code of one run
  local name=$1
  shift
  "$bin" "$@" > "$name.out" 2> "$name.err"
  echo $? > "$name.rc"
}

cd "$root"
"$bin" lints > "$out/lints.txt"
"$bin" lints | awk '{print $1}' | grep '^SC' | while read -r code; do
  "$bin" explain "$code" > "$out/explain/$code.md"
done

cd "$root/tests/fixtures"
for entry in lints/* fix/* cli/* config/*; do
  name="$out/fixtures/$(echo "$entry" | tr '/' '_')"
  for profile in default sigmahq; do
    run "$name.$profile.json" check "$entry" --profile "$profile" --format json
    run "$name.$profile.sarif" check "$entry" --profile "$profile" --format sarif
    run "$name.$profile.human" check "$entry" --profile "$profile" --unsafe-fixes
  done
  run "$name.diff" check "$entry" --diff --unsafe-fixes
done

if [ -d "$corpus" ]; then
  cd "$corpus"
  inputs=(rules* deprecated unsupported)
  for profile in default sigmahq; do
    run "$out/corpus/$profile.json" check "${inputs[@]}" --profile "$profile" --format json
    run "$out/corpus/$profile.sarif" check "${inputs[@]}" --profile "$profile" --format sarif
    run "$out/corpus/$profile.concise" check "${inputs[@]}" --profile "$profile" --format concise
    run "$out/corpus/$profile.human" check "${inputs[@]}" --profile "$profile"
  done
  run "$out/corpus/diff" check "${inputs[@]}" --diff --unsafe-fixes
  run "$out/corpus/site" site "${inputs[@]}" -o "$out/site" --title SigmaHQ
  # The summary line carries the build time.
  sed -i "s/ in [0-9.]*s: / in Ns: /; s|$out|OUT|g" "$out/corpus/site.out"
else
  echo "no corpus at $corpus: fixtures only" >&2
fi
cd "$root"
run "$out/example-site" site rules -o "$out/example-site-out"
sed -i "s/ in [0-9.]*s: / in Ns: /; s|$out|OUT|g" "$out/example-site.out"
echo "wrote $(find "$out" -type f | wc -l) files to $out"
