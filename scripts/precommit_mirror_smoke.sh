#!/usr/bin/env bash
# Tests the pre-commit mirror template (pre-commit-mirror/) end to end: the template committed to
# a temp git repository, `pre-commit try-repo` on it in a temp rule repository, with pip offline
# (PIP_NO_INDEX) and PIP_FIND_LINKS at the wheel scripts/wheel_smoke.sh built, so the pin
# `sigscope==VERSION` can only resolve to that wheel. A staged broken rule fails with its
# findings, a staged clean rule passes. Prints the time to the first result, environment
# creation included.
#
#   scripts/precommit_mirror_smoke.sh PRE_COMMIT WHEEL_DIR
set -euo pipefail
cd "$(dirname "$0")/.."
pre_commit=$(realpath "$1")
wheels=$(realpath "$2")
fail() { echo "precommit_mirror_smoke: $*" >&2; exit 1; }
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
grep -q "\"sigscope==$version\"" pre-commit-mirror/pyproject.toml \
  || fail "pre-commit-mirror/pyproject.toml must pin sigscope==$version, Cargo.toml's version"

# The mirror's hook is the source hook with another language: compare them key by key (with the
# YAML parser pre-commit itself uses).
py="$(dirname "$pre_commit")/python"
[ -x "$py" ] || py=python3
"$py" - .pre-commit-hooks.yaml pre-commit-mirror/.pre-commit-hooks.yaml <<'PY' || fail "the mirror's hook differs from .pre-commit-hooks.yaml"
import sys, yaml
(source,), (mirror,) = (yaml.safe_load(open(p)) for p in sys.argv[1:])
assert source["language"] == "rust" and mirror["language"] == "python", (source["language"], mirror["language"])
for key in sorted((set(source) | set(mirror)) - {"language", "description"}):
    assert source.get(key) == mirror.get(key), (key, source.get(key), mirror.get(key))
PY

# pip builds the mirror package with its build backend (setuptools), offline too: fetch that
# wheel once, next to nothing else.
offline=target/pip-offline
if ! ls "$offline"/setuptools-*.whl > /dev/null 2>&1; then
  python3 -m pip download -q --disable-pip-version-check --only-binary :all: --no-deps -d "$offline" 'setuptools>=61'
fi
offline=$(realpath "$offline")

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git_q() { git -c user.name=ci -c user.email=ci@example.invalid -c init.defaultBranch=main -c commit.gpgsign=false "$@"; }
cp -r pre-commit-mirror "$work/mirror"
git_q -C "$work/mirror" init -q
git_q -C "$work/mirror" add -A
git_q -C "$work/mirror" commit -qm "sigscope-pre-commit $version"

mkdir "$work/repo"
git_q -C "$work/repo" init -q
mkdir "$work/repo/rules"
cp rules/seed/malicious_link_t1204_001.yml "$work/repo/rules/bad.yml"
git_q -C "$work/repo" add rules/bad.yml

try_repo() {
  (cd "$work/repo" && env PIP_NO_INDEX=1 \
    PIP_FIND_LINKS="$wheels $offline" PIP_DISABLE_PIP_VERSION_CHECK=1 NO_COLOR=1 \
    "$pre_commit" try-repo "$work/mirror" sigscope --color never)
}

start=$(date +%s.%N)
status=0
try_repo > "$work/first.log" 2>&1 || status=$?
end=$(date +%s.%N)
cat "$work/first.log"
first=$(python3 -c "print(f'{$end - $start:.1f}')")
[ "$status" -eq 1 ] || fail "try-repo on a broken rule exited $status, expected 1"
grep -q '^sigscope\.*Failed' "$work/first.log" || fail "the hook did not fail"
grep -q 'rules/bad.yml:2:5' "$work/first.log" && grep -q 'SC107' "$work/first.log" \
  || fail "the hook's output lacks the broken rule's SC107 at 2:5"
git_q -C "$work/repo" rm -q --cached rules/bad.yml
rm "$work/repo/rules/bad.yml"
cp rules/windows/process_creation/proc_creation_win_certutil_download_or_decode.yml "$work/repo/rules/good.yml"
git_q -C "$work/repo" add rules/good.yml
try_repo > "$work/second.log" 2>&1 || { cat "$work/second.log"; fail "try-repo on a clean rule failed"; }
grep -q '^sigscope\.*Passed' "$work/second.log" || fail "the hook did not pass: $(cat "$work/second.log")"

# try-repo installs into a new temporary store each time; a configured hook installs once into
# PRE_COMMIT_HOME and reuses it: the binary there must be the wheel's, and a second run is quick.
cat > "$work/repo/.pre-commit-config.yaml" <<YAML
repos:
  - repo: $work/mirror
    rev: $(git -C "$work/mirror" rev-parse HEAD)
    hooks:
      - id: sigscope
YAML
git_q -C "$work/repo" add .pre-commit-config.yaml
run() { (cd "$work/repo" && env PRE_COMMIT_HOME="$work/pre-commit-home" PIP_NO_INDEX=1 \
  PIP_FIND_LINKS="$wheels $offline" PIP_DISABLE_PIP_VERSION_CHECK=1 "$pre_commit" run --color never); }
run > "$work/third.log" 2>&1 || { cat "$work/third.log"; fail "pre-commit run with the mirror failed"; }
installed=$(find "$work/pre-commit-home" -path '*/py_env-*/bin/sigscope' | head -n 1)
[ -n "$installed" ] || fail "pre-commit's environment has no sigscope binary"
python3 -m zipfile -e "$(ls "$wheels"/sigscope-"$version"-*.whl)" "$work/wheel"
cmp -s "$installed" "$work/wheel/sigscope-$version.data/scripts/sigscope" \
  || fail "pre-commit installed a sigscope that is not the local wheel's"
start=$(date +%s.%N)
run > "$work/fourth.log" 2>&1 || { cat "$work/fourth.log"; fail "a second pre-commit run failed"; }
end=$(date +%s.%N)
grep -q '^sigscope\.*Passed' "$work/fourth.log" || fail "the hook did not pass: $(cat "$work/fourth.log")"
echo "pre-commit mirror: try-repo's first result in $first s (new virtualenv, mirror build, wheel install, check); an installed hook's next run $(python3 -c "print(f'{$end - $start:.1f}')") s"
