#!/usr/bin/env bash
# Prints the Debian mirror this machine's own apt sources use for a suite, so that the image build
# fetches packages from the same place apt-get does (no mirror host is written into the scripts).
#
#   bash tools/emulator/image/lib/apt-mirror.sh [suite]      # default suite: bookworm
#
# Reads deb822 files (/etc/apt/sources.list.d/*.sources: Types/URIs/Suites/Components) and one-line
# files (/etc/apt/sources.list, /etc/apt/sources.list.d/*.list: `deb [opts] URI suite components`),
# and prints the first `deb` URI that serves exactly <suite> with the `main` component. Exits 1 with
# a message naming the files it read when none does. APT_SOURCES_DIR (default /etc/apt) is for tests.
set -euo pipefail
suite="${1:-bookworm}"
dir="${APT_SOURCES_DIR:-/etc/apt}"
files=()
[ -f "$dir/sources.list" ] && files+=("$dir/sources.list")
for f in "$dir"/sources.list.d/*.list "$dir"/sources.list.d/*.sources; do [ -f "$f" ] && files+=("$f"); done
[ "${#files[@]}" -gt 0 ] || { echo "apt-mirror: no apt sources under $dir" >&2; exit 1; }

found="$(awk -v suite="$suite" '
  function emit(uri) { if (done) exit; done = 1; sub(/\/+$/, "", uri); print uri; exit }
  function has(list, word,   n, i, a) { n = split(list, a, /[ \t]+/); for (i = 1; i <= n; i++) if (a[i] == word) return 1; return 0 }
  function flush() {
    if (types != "" && has(types, "deb") && has(suites, suite) && has(comps, "main") && enabled != "no") {
      n = split(uris, u, /[ \t]+/); for (i = 1; i <= n; i++) if (u[i] != "") emit(u[i])
    }
    types = uris = suites = comps = ""; enabled = ""
  }
  FNR == 1 { flush() }
  FILENAME ~ /\.sources$/ {
    if ($0 ~ /^[ \t]*$/) { flush(); next }
    if ($0 ~ /^[ \t]*#/) next
    key = tolower($1); sub(/:$/, "", key); val = $0; sub(/^[^:]*:[ \t]*/, "", val)
    if (key == "types") types = val; else if (key == "uris") uris = val
    else if (key == "suites") suites = val; else if (key == "components") comps = val
    else if (key == "enabled") enabled = tolower(val)
    next
  }
  {
    line = $0; sub(/#.*/, "", line); gsub(/\[[^]]*\]/, "", line)
    n = split(line, w, /[ \t]+/); j = 0
    for (i = 1; i <= n; i++) if (w[i] != "") f[++j] = w[i]
    if (j >= 4 && f[1] == "deb" && f[3] == suite) { for (i = 4; i <= j; i++) if (f[i] == "main") emit(f[2]) }
  }
  END { flush() }
' "${files[@]}")"
if [ -z "$found" ]; then
  echo "apt-mirror: none of ${files[*]} has a 'deb' source for suite '$suite' with component 'main': add one, or set DEBIAN_MIRROR" >&2
  exit 1
fi
printf '%s\n' "$found"
