#!/bin/sh
# pairlockd as installed: the bundled runtime, with the checkout launcher's flags for a daemon that
# idles most of the time (serial collector, C1, small heap: daemon/README.md); PAIRLOCKD_JAVA_OPTS replaces them.
self=$(readlink -f "$0")
lib=${self%/bin/*}
# shellcheck disable=SC2086
exec "$lib/runtime/bin/java" --enable-native-access=ALL-UNNAMED \
    ${PAIRLOCKD_JAVA_OPTS:--XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xms8m -Xmx48m -Xss512k -XX:ReservedCodeCacheSize=24m -XX:MaxMetaspaceSize=48m} \
    -jar "$lib/lib/pairlockd.jar" "$@"
