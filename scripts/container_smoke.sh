#!/usr/bin/env bash
# The container image's contents tested without a container engine: a root file system holding
# only what the Dockerfile's last stage copies (the static binary at /usr/local/bin/sigscope), a
# /rules folder as `docker run -v "$PWD:/rules"` mounts it, and the Dockerfile's USER, WORKDIR,
# ENV PATH and ENTRYPOINT, run under chroot: no libc, /etc, /tmp, /proc or shell, not root.
# Needs root (chroot).
#
#   scripts/container_smoke.sh STATIC_BINARY
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(realpath "$1")
fail() { echo "container_smoke: $*" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || fail "needs root for chroot"

# The last stage of the Dockerfile, read rather than restated, so the test follows it.
stage=$(awk '/^FROM /{buf=""} {buf=buf $0 "\n"} END{printf "%s", buf}' Dockerfile)
grep -qx 'FROM scratch' <<< "$stage" || fail "the image's last stage is not FROM scratch"
user=$(sed -n 's/^USER //p' <<< "$stage")
workdir=$(sed -n 's/^WORKDIR //p' <<< "$stage")
path=$(sed -n 's/^ENV PATH=//p' <<< "$stage")
entry=$(sed -n 's/^ENTRYPOINT \["\(.*\)"\]$/\1/p' <<< "$stage")
dest=$(sed -n 's/^COPY --from=build [^ ]* //p' <<< "$stage")
[[ "$user" =~ ^[1-9][0-9]*:[1-9][0-9]*$ ]] || fail "USER must be a numeric non-root uid:gid, is '$user'"
[ "$dest" = "$path/$entry" ] || fail "ENTRYPOINT $entry is not the copied binary $dest on PATH $path"

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
chmod 755 "$root"   # mktemp makes it 0700; an image's / is 755
install -D -m 755 "$bin" "$root$dest"
mkdir -p "$root$workdir"
cp -r rules/. "$root$workdir/"
chmod -R a+rX,go-w "$root$workdir"

# docker run IMAGE ARGS... → ENTRYPOINT + ARGS in WORKDIR as USER with only the image's ENV.
run() {
  python3 - "$root" "$workdir" "$user" "$path" "$entry" "$@" <<'PY'
import os, shutil, sys
root, workdir, user, path, entry, *args = sys.argv[1:]
uid, gid = (int(x) for x in user.split(":"))
os.chroot(root)
os.chdir(workdir)
os.setgroups([])
os.setgid(gid)
os.setuid(uid)
env = {"PATH": path}
exe = shutil.which(entry, path=path)
if exe is None:
    sys.exit(f"{entry} is not on PATH {path} in the image")
os.execve(exe, [entry, *args], env)
PY
}

run --version || fail "--version failed"
status=0
out=$(run check --format concise) || status=$?
echo "$out"
[ "$status" -eq 1 ] || fail "expected exit 1 from the image's default 'check' on the example pack, got $status"
others=$(grep -v '^\./seed/malicious_link_t1204_001.yml:' <<< "$out" || true)
[ -z "$others" ] || fail "findings outside the seed rule: $others"
grep -q '^\./seed/malicious_link_t1204_001.yml:2:5: SC107 ' <<< "$out" || fail "the seed rule's SC107 is missing"
status=0
run check /rules/seed --select SC301 --format json > /dev/null || status=$?
[ "$status" -eq 1 ] || fail "expected exit 1 from 'check /rules/seed', got $status"
echo "container image contents: static binary runs as $user in $workdir on an empty root"
