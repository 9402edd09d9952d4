#!/usr/bin/env bash
# Tests scripts/action.sh, the GitHub Action's logic, against a local "release": BINARY packed by
# scripts/release_archive.sh as the release workflow packs it, served from a file:// URL. Covers
# install, PR annotations, SARIF, inputs, the cache, and a checksum mismatch that must fail
# without installing anything.
#
#   scripts/action_smoke.sh BINARY       (a Linux x86_64 or aarch64 build)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(realpath "$1")
fail() { echo "action_smoke: $*" >&2; exit 1; }
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
case "$(uname -m)" in
  x86_64) arch=X64 ;;
  aarch64) arch=ARM64 ;;
  *) fail "no release target for $(uname -m)" ;;
esac
target="$(uname -m)-unknown-linux-musl"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
scripts/release_archive.sh "$target" "$bin" "$work/release" > /dev/null
archive="sigscope-$version-$target.tar.gz"
[ -f "$work/release/$archive" ] && [ -f "$work/release/$archive.sha256" ] || fail "release_archive.sh did not write $archive and its checksum"

# One step of the action: a fresh GITHUB_OUTPUT and GITHUB_PATH, the runner's variables.
step() {
  local mode=$1; shift
  : > "$work/output"; : > "$work/path"
  env -u INPUT_VERSION -u INPUT_ARGS -u INPUT_SARIF_FILE \
    RUNNER_OS=Linux RUNNER_ARCH="$arch" ACTION_REF="v$version" ACTION_REPOSITORY=example/sigscope \
    INPUT_RELEASE_URL="file://$work/release" SIGSCOPE_CACHE="$work/cache" \
    GITHUB_OUTPUT="$work/output" GITHUB_PATH="$work/path" "$@" scripts/action.sh "$mode"
}
expect_output() { grep -qxF "$1" "$work/output" || fail "GITHUB_OUTPUT lacks '$1': $(cat "$work/output")"; }

echo "-- resolve: the version from the action's tag"
step resolve > /dev/null
expect_output "version=$version"
expect_output "target=$target"
expect_output "dir=$work/cache/$version/$target"

echo "-- install: download, verify, unpack, PATH"
step install > "$work/log" 2>&1 || { cat "$work/log"; fail "install failed"; }
grep -q "installed in $work/cache/$version/$target" "$work/log" || fail "install did not say where: $(cat "$work/log")"
cached="$work/cache/$version/$target/sigscope"
cmp -s "$cached" "$bin" || fail "the installed binary is not the released one"
grep -qxF "$work/cache/$version/$target" "$work/path" || fail "GITHUB_PATH lacks the binary's folder"
expect_output "bin=$cached"

echo "-- check: annotations on stdout, SARIF written, exit 1 on the seed rule"
status=0
step check SIGSCOPE_BIN="$cached" INPUT_PATHS="rules/" INPUT_SARIF_FILE="$work/out.sarif" > "$work/annotations" || status=$?
[ "$status" -eq 1 ] || fail "check exited $status, expected 1"
grep -q '^::error file=rules/seed/malicious_link_t1204_001.yml,line=2,col=5,' "$work/annotations" \
  || fail "no SC107 annotation: $(cat "$work/annotations")"
if grep -v 'file=rules/seed/malicious_link_t1204_001.yml,' "$work/annotations" | grep -q '^::'; then
  fail "annotations outside the seed rule"
fi
expect_output "sarif-file=$work/out.sarif"
python3 - "$work/out.sarif" "$work/annotations" <<'PY' || fail "the SARIF report does not match the annotations"
import json, sys
sarif = json.load(open(sys.argv[1]))
results = sarif["runs"][0]["results"]
annotations = [l for l in open(sys.argv[2]) if l.startswith("::")]
assert sarif["version"] == "2.1.0", sarif["version"]
assert len(results) == len(annotations) > 0, (len(results), len(annotations))
PY

echo "-- inputs: args and format are passed, several paths split on spaces"
status=0
step check SIGSCOPE_BIN="$cached" INPUT_PATHS="rules/seed rules/" INPUT_ARGS="--select SC107 --fail-level warning" \
  INPUT_FORMAT=concise > "$work/concise" || status=$?
[ "$status" -eq 1 ] || fail "check with args exited $status, expected 1"
[ "$(cat "$work/concise")" = "rules/seed/malicious_link_t1204_001.yml:2:5: SC107 \`id\` is not a UUID: \`df00tech-t1204-001\`" ] \
  || fail "unexpected concise output: $(cat "$work/concise")"
status=0
step check SIGSCOPE_BIN="$cached" INPUT_PATHS="rules/windows rules/linux" > "$work/clean" || status=$?
# Only SC808 notices (related rules outside the checked folders): below the fail level.
[ "$status" -eq 0 ] && ! grep -qv '^::notice .*title=SC808::' "$work/clean" \
  || fail "clean rules: exit $status, expected 0 and only SC808 notices: $(cat "$work/clean")"

echo "-- cache: a second install downloads nothing"
mv "$work/release" "$work/release.away"
step install > "$work/log" 2>&1 || { cat "$work/log"; fail "a cached install failed"; }
grep -q "from the cache" "$work/log" || fail "the second install did not use the cache: $(cat "$work/log")"
mv "$work/release.away" "$work/release"

echo "-- a checksum mismatch fails and installs nothing"
cp "$work/release/$archive" "$work/good.tar.gz"
printf 'x' >> "$work/release/$archive"
status=0
step install SIGSCOPE_CACHE="$work/cache2" > "$work/log" 2>&1 || status=$?
[ "$status" -ne 0 ] || fail "a tampered archive was installed"
grep -q "^::error title=sigscope action::checksum mismatch for $archive" "$work/log" || fail "no checksum error: $(cat "$work/log")"
[ ! -e "$work/cache2/$version/$target" ] || fail "a tampered archive left files in the cache"
cp "$work/good.tar.gz" "$work/release/$archive"

echo "-- a missing release, an unknown runner and a ref that is no tag fail with a message"
status=0
step install SIGSCOPE_CACHE="$work/cache3" INPUT_VERSION=9.9.9 > "$work/log" 2>&1 || status=$?
[ "$status" -ne 0 ] && grep -q "could not download file://$work/release/sigscope-9.9.9-" "$work/log" \
  || fail "a missing release: status $status, $(cat "$work/log")"
status=0
step install SIGSCOPE_CACHE="$work/cache3" RUNNER_OS=Linux RUNNER_ARCH=ARM > "$work/log" 2>&1 || status=$?
[ "$status" -ne 0 ] && grep -q "no sigscope release binary for Linux on ARM" "$work/log" \
  || fail "an unknown runner: status $status, $(cat "$work/log")"
status=0
step resolve ACTION_REF=main > "$work/log" 2>&1 || status=$?
[ "$status" -ne 0 ] && grep -q "set the \`version\` input" "$work/log" || fail "a branch ref: status $status, $(cat "$work/log")"
status=0
step resolve INPUT_VERSION="../../x" > "$work/log" 2>&1 || status=$?
[ "$status" -ne 0 ] && grep -q "is not a sigscope version" "$work/log" || fail "a bad version: status $status, $(cat "$work/log")"

echo "-- a release folder given as a plain path, and an explicit version"
step install SIGSCOPE_CACHE="$work/cache4" INPUT_RELEASE_URL="$work/release" INPUT_VERSION="v$version" > "$work/log" 2>&1 \
  || { cat "$work/log"; fail "install from a folder failed"; }
cmp -s "$work/cache4/$version/$target/sigscope" "$bin" || fail "install from a folder: wrong binary"
echo "action script: all cases passed"
