# Sourced by ./mvnw and ./scctl: exports JAVA_HOME pointing at a JDK >= 25.
# A fresh machine's default java may be 17 with a JDK 25 installed beside it under /usr/lib/jvm;
# Maven must itself run on 25 (its in-process jar tool reads the release-25 module descriptors).
pairlock_java_feature() { # prints the feature release of the java binary $1, or 0
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -1 | grep . || echo 0
}
pairlock_find_jdk() {
  local c v restore_f=
  case $- in *f*) restore_f=1; set +f ;; esac   # the Maven wrapper runs with globbing off
  for c in "${JAVA_HOME:-}" "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")" \
           /usr/lib/jvm/* /opt/java/* /opt/jdk* /usr/local/lib/jvm/*; do
    [ -n "$c" ] && [ -x "$c/bin/java" ] && [ -x "$c/bin/javac" ] || continue
    v=$(pairlock_java_feature "$c/bin/java")
    if [ "${v:-0}" -ge 25 ]; then echo "$c"; [ -z "$restore_f" ] || set -f; return 0; fi
  done
  [ -z "$restore_f" ] || set -f
  return 1
}
if ! PAIRLOCK_JDK=$(pairlock_find_jdk); then
  echo "pairlock: no JDK 25 or newer found (looked at JAVA_HOME, java on PATH, /usr/lib/jvm/*, /opt)." >&2
  echo "pairlock: install one, e.g. 'apt-get install temurin-25-jdk' or 'openjdk-25-jdk', or set JAVA_HOME." >&2
  exit 1
fi
export JAVA_HOME="$PAIRLOCK_JDK"
