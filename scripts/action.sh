#!/usr/bin/env bash
# The GitHub Action's logic (action.yml runs it; scripts/action_smoke.sh tests it with a local
# release directory). Inputs arrive as environment variables, never pasted into the script.
#
#   scripts/action.sh resolve   version, target triple and cache folder → $GITHUB_OUTPUT
#   scripts/action.sh install   download the release archive for this runner into the cache
#                               folder (unless already there), verify its SHA-256, unpack it
#   scripts/action.sh check     run `sigscope check`, and write SARIF when asked
#
# INPUT_VERSION         sigscope version (default: the action's own tag, v0.2.0 → 0.2.0)
# INPUT_RELEASE_URL     where that version's release assets are (default: the action
#                       repository's GitHub release vVERSION); an https:// or file:// URL or a
#                       local folder
# INPUT_PATHS           paths to check, separated by spaces (default `.`)
# INPUT_ARGS            more `sigscope check` arguments, separated by spaces
# INPUT_FORMAT          report format on stdout (default `github`: pull request annotations)
# INPUT_SARIF_FILE      also write a SARIF report there
# ACTION_REF, ACTION_REPOSITORY   github.action_ref and github.action_repository
# SIGSCOPE_CACHE        cache root (default $RUNNER_TOOL_CACHE/sigscope)
# SIGSCOPE_BIN          the binary `check` runs (default: the installed one)
set -euo pipefail
tmp=

# stderr: the messages of functions whose stdout is captured must still reach the log.
fail() {
  echo "::error title=sigscope action::$*" >&2
  exit 1
}

output() {
  if [ -n "${GITHUB_OUTPUT:-}" ]; then echo "$1=$2" >> "$GITHUB_OUTPUT"; fi
}

version() {
  local v=${INPUT_VERSION:-}
  local ref=${ACTION_REF:-${GITHUB_ACTION_REF:-}}
  if [ -z "$v" ]; then
    case "$ref" in
      v[0-9]*) v=$ref ;;
      *) fail "set the \`version\` input: the action's ref \`$ref\` is not a release tag like v0.2.0" ;;
    esac
  fi
  v=${v#v}
  [[ "$v" =~ ^[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.+-]+)?$ ]] || fail "\`$v\` is not a sigscope version; write one like 0.2.0"
  echo "$v"
}

target() {
  case "${RUNNER_OS:-$(uname -s)}/${RUNNER_ARCH:-$(uname -m)}" in
    Linux/X64 | Linux/x86_64) echo x86_64-unknown-linux-musl ;;
    Linux/ARM64 | Linux/aarch64) echo aarch64-unknown-linux-musl ;;
    macOS/X64 | Darwin/x86_64) echo x86_64-apple-darwin ;;
    macOS/ARM64 | Darwin/arm64) echo aarch64-apple-darwin ;;
    Windows/X64) echo x86_64-pc-windows-msvc ;;
    *) fail "no sigscope release binary for ${RUNNER_OS:-$(uname -s)} on ${RUNNER_ARCH:-$(uname -m)}; install it with \`cargo install --locked\` and run \`sigscope check\` instead" ;;
  esac
}

cache_dir() {
  local root=${SIGSCOPE_CACHE:-${RUNNER_TOOL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}}/sigscope}
  echo "$root/$1/$2"
}

exe_name() {
  case "$1" in *windows*) echo sigscope.exe ;; *) echo sigscope ;; esac
}

sha256() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | cut -d' ' -f1
  else
    shasum -a 256 "$1" | cut -d' ' -f1
  fi
}

fetch() {
  case "$1" in
    https://* | file://*) curl --proto '=https,file' -fsSL --retry 3 -o "$2" "$1" ;;
    *://*) fail "release-url must be https://, file:// or a folder: $1" ;;
    *) cp "$1" "$2" ;;
  esac
}

install() {
  local version target dir exe base archive expected actual
  version=$(version) || exit 1
  target=$(target) || exit 1
  dir=$(cache_dir "$version" "$target")
  exe=$(exe_name "$target")
  if [ -x "$dir/$exe" ]; then
    echo "sigscope $version ($target) from the cache: $dir"
  else
    base=${INPUT_RELEASE_URL:-}
    if [ -z "$base" ]; then
      local repo=${ACTION_REPOSITORY:-${GITHUB_ACTION_REPOSITORY:-}}
      [ -n "$repo" ] || fail "set the \`release-url\` input: the action's repository is unknown"
      base="https://github.com/$repo/releases/download/v$version"
    fi
    case "$target" in *windows*) archive="sigscope-$version-$target.zip" ;; *) archive="sigscope-$version-$target.tar.gz" ;; esac
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    echo "downloading $base/$archive"
    fetch "$base/$archive" "$tmp/$archive" || fail "could not download $base/$archive"
    fetch "$base/$archive.sha256" "$tmp/$archive.sha256" || fail "could not download $base/$archive.sha256"
    expected=$(cut -d' ' -f1 < "$tmp/$archive.sha256" | head -n 1 | tr 'A-F' 'a-f')
    actual=$(sha256 "$tmp/$archive")
    [ "$expected" = "$actual" ] || fail "checksum mismatch for $archive: $archive.sha256 says $expected, the download is $actual; nothing was installed"
    mkdir -p "$tmp/unpacked"
    case "$archive" in
      *.zip) unzip -q "$tmp/$archive" -d "$tmp/unpacked" ;;
      *) tar -xzf "$tmp/$archive" -C "$tmp/unpacked" ;;
    esac
    [ -f "$tmp/unpacked/$exe" ] || fail "$archive holds no $exe"
    chmod 755 "$tmp/unpacked/$exe"
    mkdir -p "$(dirname "$dir")"
    rm -rf "$dir"
    mv "$tmp/unpacked" "$dir"
    echo "sigscope $version ($target) installed in $dir (sha256 $actual)"
  fi
  if [ -n "${GITHUB_PATH:-}" ]; then echo "$dir" >> "$GITHUB_PATH"; fi
  output bin "$dir/$exe"
  "$dir/$exe" --version
}

check() {
  local bin=${SIGSCOPE_BIN:-sigscope} paths=() args=() status=0
  read -ra paths <<< "${INPUT_PATHS:-.}"
  read -ra args <<< "${INPUT_ARGS:-}"
  [ ${#paths[@]} -gt 0 ] || paths=(.)
  if [ -n "${INPUT_SARIF_FILE:-}" ]; then
    # Exit 1 means findings, which the report run below turns into the step's result.
    "$bin" check "${paths[@]}" ${args[@]+"${args[@]}"} --format sarif --output-file "$INPUT_SARIF_FILE" || status=$?
    [ "$status" -le 1 ] || exit "$status"
    output sarif-file "$INPUT_SARIF_FILE"
  fi
  "$bin" check "${paths[@]}" ${args[@]+"${args[@]}"} --format "${INPUT_FORMAT:-github}"
}

case "${1:-}" in
  resolve)
    v=$(version) || exit 1
    t=$(target) || exit 1
    output version "$v"
    output target "$t"
    output dir "$(cache_dir "$v" "$t")"
    echo "sigscope $v for $t"
    ;;
  install) install ;;
  check) check ;;
  *)
    echo "usage: $0 resolve|install|check" >&2
    exit 2
    ;;
esac
