#!/usr/bin/env bash
# Lays out the installable image under packaging/target/image (the file tree of the .deb, rooted
# at /), packs it as a tarball, and builds the .deb with dpkg-deb when that is available.
# Run by `./mvnw package` (exec-maven-plugin) with JAVA_HOME = the JDK 25 Maven runs on.
set -euo pipefail
version=$1
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
target="$here/target"
img="$target/image"
lib="$img/usr/lib/pairlock"
jar="$root/scctl-cli/target/scctl.jar"
[ -f "$jar" ] || { echo "build-image: $jar missing (build scctl-cli first)" >&2; exit 1; }

rm -rf "$img"
mkdir -p "$lib/bin" "$lib/lib" "$img/usr/bin" "$img/usr/share/man/man1" \
         "$img/usr/share/bash-completion/completions" "$img/usr/share/doc/pairlock/examples"

# the runtime: only the JDK modules the tools use (jdeps), no JDK needed on the target
jars=("$jar")
pairlockd_jar=$(ls "$root"/daemon/target/pairlockd.jar 2>/dev/null || true)
[ -n "$pairlockd_jar" ] && jars+=("$pairlockd_jar")
modules=$("$JAVA_HOME/bin/jdeps" --print-module-deps --ignore-missing-deps --multi-release 25 "${jars[@]}")
"$JAVA_HOME/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
    --output "$lib/runtime"

cp "$jar" "$lib/lib/scctl.jar"
install -m 0755 "$here/src/deb/scctl.sh" "$lib/bin/scctl"
ln -s ../lib/pairlock/bin/scctl "$img/usr/bin/scctl"
if [ -n "$pairlockd_jar" ]; then
  cp "$pairlockd_jar" "$lib/lib/pairlockd.jar"
  cp "$root/daemon/jvm.options" "$lib/lib/pairlockd.jvm.options"   # the JVM options bin/pairlockd passes
  install -m 0755 "$here/src/deb/pairlockd.sh" "$lib/bin/pairlockd"
  ln -s ../lib/pairlock/bin/pairlockd "$img/usr/bin/pairlockd"
  unit="$root/etc/pairlockd.service"
  if [ -f "$unit" ]; then
    # the unit as shipped in etc/ points at a checkout under /opt/pairlock: installed, it is /usr/bin
    mkdir -p "$img/lib/systemd/system"
    sed -e 's|/opt/pairlock/pairlockd|/usr/bin/pairlockd|g' -e 's|file:///opt/pairlock/daemon/README.md|man:scctl(1)|' \
        "$unit" >"$img/lib/systemd/system/pairlockd.service"
  fi
else
  echo "build-image: no daemon/target/pairlockd.jar: the image has scctl only"
fi

# man pages (picocli-codegen -> asciidoctor, made by the Maven build), gzipped as Debian wants them
for m in "$target"/man/*.1; do
  [ -f "$m" ] || { echo "build-image: no man pages in $target/man" >&2; exit 1; }
  gzip -9n <"$m" >"$img/usr/share/man/man1/$(basename "$m").gz"
done
"$lib/runtime/bin/java" --enable-native-access=ALL-UNNAMED -jar "$lib/lib/scctl.jar" completion bash \
    >"$img/usr/share/bash-completion/completions/scctl"
cp "$here"/src/etc/*.conf "$img/usr/share/doc/pairlock/examples/"
# the platform module's sample platform files, wherever it keeps them (not its tests')
find "$root/etc" "$root/platform" -name '*.conf' -not -path '*/target/*' -not -path '*/src/test/*' \
    -exec cp {} "$img/usr/share/doc/pairlock/examples/" \; 2>/dev/null || true
cp "$root/README.md" "$img/usr/share/doc/pairlock/README.md"

# The AOT cache is made where the files finally lie (a cache is valid only for that runtime, jar
# path and jar timestamp): by the .deb's postinst; for an unpacked tarball, by running
# usr/lib/pairlock/lib/make-aot-cache once. The build makes none: it would be thrown away.
cat >"$lib/lib/make-aot-cache" <<'AOT'
#!/bin/sh
lib=$(cd "$(dirname "$0")/.." && pwd)
exec "$lib/runtime/bin/java" --enable-native-access=ALL-UNNAMED -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
    -Xlog:aot=off -Xlog:cds=off -XX:AOTCacheOutput="$lib/lib/scctl.aot" -cp "$lib/lib/scctl.jar" dev.pairlock.scctl.AotTraining
AOT
chmod 0755 "$lib/lib/make-aot-cache"
tar -C "$img" -czf "$target/pairlock-$version-image.tar.gz" .

if ! command -v dpkg-deb >/dev/null; then
  echo "build-image: dpkg-deb not found: image and tarball only (apt-get install dpkg-dev for the .deb)"
  exit 0
fi
debversion=${version//-/\~}
deb="$target/deb"
rm -rf "$deb"
cp -a "$img" "$deb"
mkdir -p "$deb/DEBIAN"
size=$(du -sk "$deb" | cut -f1)
cat >"$deb/DEBIAN/control" <<CONTROL
Package: pairlock
Version: $debversion
Architecture: amd64
Maintainer: pairlock developers <pairlock@localhost>
Installed-Size: $size
Depends: libc6, zlib1g, passwd
Section: admin
Priority: optional
Homepage: https://pairlock.invalid/
Description: HAL and failover manager for a pair of redundant system controllers
 scctl, the bring-up CLI (i2c-tools, libgpiod and devmem semantics, the platform's
 boards, SPLLs, clocks and failover), and pairlockd, the failover daemon, with a
 bundled Java 25 runtime: no JDK needed.
CONTROL
install -m 0755 "$here/src/deb/postinst" "$deb/DEBIAN/postinst"
install -m 0755 "$here/src/deb/prerm" "$deb/DEBIAN/prerm"
install -m 0755 "$here/src/deb/postrm" "$deb/DEBIAN/postrm"
out="$target/pairlock_${debversion}_amd64.deb"
dpkg-deb --root-owner-group -Zgzip --build "$deb" "$out" >/dev/null
rm -rf "$deb"
echo "build-image: $out ($(du -h "$out" | cut -f1)), image $img"
