#!/usr/bin/env bash
# The PyPI wheel (pyproject.toml: maturin, `bindings = "bin"`), built from the static musl target
# and tagged manylinux and musllinux, so one wheel installs on glibc and musl distributions (the
# cargo build of scripts/static_smoke.sh is reused). Installs it into a fresh venv, offline, and
# runs `sigscope --version` and `sigscope check rules/` from there. Leaves the wheel in
# target/wheels for scripts/precommit_mirror_smoke.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
fail() { echo "wheel_smoke: $*" >&2; exit 1; }
target="$(uname -m)-unknown-linux-musl"
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
maturin_venv=target/maturin-venv
if [ ! -x "$maturin_venv/bin/maturin" ]; then
  python3 -m venv "$maturin_venv"
  "$maturin_venv/bin/pip" install -q --disable-pip-version-check 'maturin>=1.9,<2'
fi
rm -rf target/wheels
start=$SECONDS
"$maturin_venv/bin/maturin" build --release --locked --target "$target" \
  --compatibility manylinux2014 musllinux_1_2 --out target/wheels
echo "wheel build: $((SECONDS - start)) s"
wheel=$(ls target/wheels/sigscope-"$version"-py3-none-*.whl)
case "$wheel" in
  *manylinux*musllinux*) ;;
  *) fail "the wheel is not tagged for both glibc and musl: $wheel" ;;
esac
# The binary and the package metadata, nothing else.
extra=$(python3 -m zipfile -l "$wheel" | awk 'NR > 1 {print $1}' | grep -v -e '^sigscope-[^/]*\.dist-info/' -e "^sigscope-$version\.data/scripts/sigscope$" || true)
[ -z "$extra" ] || fail "the wheel holds more than the binary: $extra"

venv=target/wheel-venv
rm -rf "$venv"
python3 -m venv "$venv"
start=$(date +%s.%N)
"$venv/bin/pip" install -q --disable-pip-version-check --no-index --find-links target/wheels "sigscope==$version"
end=$(date +%s.%N)
echo "wheel install into a fresh venv: $(python3 -c "print(f'{$end - $start:.1f}')") s"

out=$("$venv/bin/sigscope" --version)
echo "$out"
[[ "$out" == "sigscope $version "* ]] || fail "--version says '$out'"
status=0
"$venv/bin/sigscope" check rules/ --format json > target/wheel-rules.json || status=$?
[ "$status" -eq 1 ] || fail "expected exit 1 from 'sigscope check rules/' (the seed rule is broken on purpose), got $status"
python3 - target/wheel-rules.json <<'PY' || fail "unexpected findings"
import json, sys
report = json.load(open(sys.argv[1]))
paths = sorted({d["path"] for d in report["diagnostics"]})
print("sigscope check rules/ from the wheel:", report["summary"], "in", paths)
sys.exit(paths != ["rules/seed/malicious_link_t1204_001.yml"])
PY
