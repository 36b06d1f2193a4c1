#!/bin/sh
# scctl as installed: the runtime bundled with it (no JDK lookup), the AOT cache made at install
# (no source tree, no build check), C1 and the serial collector for a short-lived command.
self=$(readlink -f "$0")
lib=${self%/bin/*}
java="$lib/runtime/bin/java"
jar="$lib/lib/scctl.jar"
for a in "$@"; do
  # a simulation sweep runs on every core for minutes: C2 and the default collector
  [ "$a" = simulate ] && exec "$java" --enable-native-access=ALL-UNNAMED -jar "$jar" "$@"
done
for aot in /var/cache/pairlock/scctl.aot "$lib/lib/scctl.aot"; do
  if [ -f "$aot" ]; then
    exec "$java" --enable-native-access=ALL-UNNAMED -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
        -XX:AOTCache="$aot" -Xlog:aot=off -Xlog:cds=off -jar "$jar" "$@"
  fi
done
exec "$java" --enable-native-access=ALL-UNNAMED -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar "$jar" "$@"
