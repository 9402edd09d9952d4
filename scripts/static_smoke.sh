#!/usr/bin/env bash
# The fully static Linux binary of the release workflow and the container image: the musl
# target (mimalloc's C code is compiled with musl-gcc from musl-tools). Builds it, proves it
# links nothing at run time (no ELF interpreter, no NEEDED library; file and ldd agree), and
# runs it with an empty environment on the example pack.
#
#   scripts/static_smoke.sh        prints the binary's path on its last line
set -euo pipefail
cd "$(dirname "$0")/.."
target="$(uname -m)-unknown-linux-musl"
if ! rustup target list --installed | grep -qx "$target"; then
  rustup target add "$target"
fi
missing=()
command -v musl-gcc >/dev/null 2>&1 || missing+=(musl-tools)
command -v file >/dev/null 2>&1 || missing+=(file)
command -v readelf >/dev/null 2>&1 || missing+=(binutils)
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
start=$SECONDS
cargo build --release --locked --target "$target" >&2
echo "static build: $((SECONDS - start)) s" >&2
bin="target/$target/release/sigscope"

fail() { echo "static_smoke: $*" >&2; exit 1; }
file "$bin" >&2
file -b "$bin" | grep -Eq 'static(-pie)? linked|statically linked' || fail "file does not call $bin static"
# ldd prints "not a dynamic executable" for a static binary, "statically linked" for static-pie.
ldd_out=$(ldd "$bin" 2>&1 || true)
echo "ldd: $ldd_out" >&2
echo "$ldd_out" | grep -Eq 'not a dynamic executable|statically linked' || fail "ldd lists libraries: $ldd_out"
if readelf -lW "$bin" | grep -q 'INTERP'; then fail "$bin asks for an ELF interpreter"; fi
if readelf -dW "$bin" | grep -q '(NEEDED)'; then fail "$bin needs shared libraries"; fi

status=0
env -i "$bin" check rules/ --format json > target/static-rules.json || status=$?
[ "$status" -eq 1 ] || fail "expected exit 1 from 'check rules/' (the seed rule is broken on purpose), got $status"
python3 - target/static-rules.json <<'PY' || fail "unexpected findings"
import json, sys
report = json.load(open(sys.argv[1]))
paths = sorted({d["path"] for d in report["diagnostics"]})
print("findings:", report["summary"], "in", paths, file=sys.stderr)
sys.exit(paths != ["rules/seed/malicious_link_t1204_001.yml"])
PY
env -i "$bin" --version >&2
echo "$bin"
