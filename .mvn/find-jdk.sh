# Sourced by ./mvnw and ./scctl: exports JAVA_HOME pointing at a JDK >= 25.
# A fresh machine's default java may be 17 with a JDK 25 installed beside it under /usr/lib/jvm;
# Maven must itself run on 25 (its in-process jar tool reads the release-25 module descriptors).
# Each candidate's version is read from its `release` file, so finding the JDK starts no JVM
# (a JVM start costs 50-100 ms, more than a warm scctl call is allowed in all).
pairlock_feature_of() { # sets PAIRLOCK_FEATURE to the JDK at $1's feature release, or 0 (builtins only: no fork)
  local v= line
  if [ -r "$1/release" ]; then
    while IFS= read -r line; do
      case $line in JAVA_VERSION=\"*) v=${line#JAVA_VERSION=\"}; v=${v%%[!0-9]*}; break ;; esac
    done <"$1/release"
  fi
  if [ -z "$v" ] && [ -x "$1/bin/java" ]; then   # no release file: ask the JVM (slow, rare)
    v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -1)
  fi
  PAIRLOCK_FEATURE=${v:-0}
}
pairlock_is_25() { [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] && pairlock_feature_of "$1" && [ "$PAIRLOCK_FEATURE" -ge 25 ]; }
pairlock_find_jdk() {
  local c restore_f=
  case $- in *f*) restore_f=1; set +f ;; esac   # the Maven wrapper runs with globbing off
  # PAIRLOCK_JDK_DIRS replaces the standard places (tests use it to stand for a JDK-17-only machine)
  for c in "${JAVA_HOME:-}" "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")" \
           ${PAIRLOCK_JDK_DIRS:-/usr/lib/jvm/* /opt/java/* /opt/jdk* /usr/local/lib/jvm/*}; do
    if [ -n "$c" ] && pairlock_is_25 "$c"; then echo "$c"; [ -z "$restore_f" ] || set -f; return 0; fi
  done
  [ -z "$restore_f" ] || set -f
  return 1
}
pairlock_no_jdk() {
  cat >&2 <<'MSG'
pairlock: no JDK 25 or newer found (looked at JAVA_HOME, java on PATH, /usr/lib/jvm/*, /opt).
pairlock: Debian bookworm has no JDK 25 package (its default-jdk is 17). Install Eclipse Temurin 25
pairlock: from the Adoptium apt repository, as root:
    apt-get install -y wget gpg
    wget -qO- https://packages.adoptium.net/artifactory/api/gpg/key/public | gpg --dearmor -o /usr/share/keyrings/adoptium.gpg
    echo "deb [signed-by=/usr/share/keyrings/adoptium.gpg] https://packages.adoptium.net/artifactory/deb bookworm main" > /etc/apt/sources.list.d/adoptium.list
    apt-get update && apt-get install -y temurin-25-jdk
pairlock: or unpack any JDK 25 under /opt, or set JAVA_HOME to one. (The .deb needs none: it carries its own runtime.)
MSG
}
# The answer is cached (one line, the JDK's path) and re-checked on use by reading its release file
# with builtins, so a warm call forks nothing here; JAVA_HOME, when it names a JDK >= 25, wins.
pairlock_jdk_cache="${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/pairlock/jdk-home"
PAIRLOCK_JDK=
if [ -n "${JAVA_HOME:-}" ] && pairlock_is_25 "$JAVA_HOME"; then
  PAIRLOCK_JDK=$JAVA_HOME
elif [ -r "$pairlock_jdk_cache" ] && IFS= read -r PAIRLOCK_JDK <"$pairlock_jdk_cache" && [ -n "$PAIRLOCK_JDK" ] \
     && pairlock_is_25 "$PAIRLOCK_JDK"; then
  :
elif PAIRLOCK_JDK=$(pairlock_find_jdk); then
  { mkdir -p "${pairlock_jdk_cache%/*}" && printf '%s\n' "$PAIRLOCK_JDK" >"$pairlock_jdk_cache"; } 2>/dev/null || true
else
  pairlock_no_jdk
  exit 1
fi
export JAVA_HOME="$PAIRLOCK_JDK"
