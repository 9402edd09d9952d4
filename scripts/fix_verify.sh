#!/usr/bin/env bash
# Verifies `--fix` on a copy of a rule tree: what it rewrites, that every rewritten file still
# parses with no new error, and that no file that is not a rule was touched.
#
#   scripts/fix_verify.sh BINARY DIR [EXTRA_FLAGS…]     e.g. scripts/fix_verify.sh target/release/sigscope ../shared/corpus/sigmahq --unsafe-fixes
#
# Prints: files and findings fixed, files changed, errors before and after (by code), new
# errors (code and file) if any, and changed files that were reported as not rules (SC013).
# Exit status 1 when a new error appears or a file that is not a rule changed.
set -euo pipefail
bin=$(realpath "$1"); src=$2; shift 2
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cp -r "$src" "$work/before"; cp -r "$src" "$work/after"
cd "$work"
"$bin" check before --format json > before.json || true
(cd after && "$bin" check . --fix "$@" --format json > ../fixed.json 2> ../fix.err) || true
(cd after && "$bin" check . --format json > ../after.json) || true
python3 - "$work" <<'PY'
import json, os, sys, collections, filecmp
w = sys.argv[1]
load = lambda n: json.load(open(os.path.join(w, n)))
before, after = load("before.json"), load("after.json")
def rel(p, root):
    p = os.path.normpath(p)
    return os.path.relpath(p, root) if root != "." else p
errs = lambda rep, root: collections.Counter((d["code"], rel(d["path"], root)) for d in rep["diagnostics"] if d["severity"] == "error")
eb, ea = errs(before, "before"), errs(after, ".")
not_rules = {rel(d["path"], "before") for d in before["diagnostics"] if d["code"] == "SC013"}
changed = []
for root, _, files in os.walk(os.path.join(w, "before")):
    for f in files:
        a = os.path.join(root, f)
        r = os.path.relpath(a, os.path.join(w, "before"))
        if not filecmp.cmp(a, os.path.join(w, "after", r), shallow=False):
            changed.append(r)
new = [k for k in ea if ea[k] > eb.get(k, 0)]
bad = [r for r in changed if r in not_rules]
print(open(os.path.join(w, "fix.err")).read().strip().splitlines()[-1:] or ["(no fix summary)"])
print(f"files checked {before['files']}; files changed {len(changed)}")
print(f"errors before {sum(eb.values())} after {sum(ea.values())}")
print("new errors:", new or "none")
print("not-rule files changed:", bad or "none", f"(of {len(not_rules)} not-rule files)")
sys.exit(1 if new or bad else 0)
PY
