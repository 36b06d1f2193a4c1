#!/bin/sh
# pairlockd as installed: the bundled runtime, with the daemon's JVM options (daemon/jvm.options, installed
# beside the jar; each one's reason is in it); PAIRLOCKD_JAVA_OPTS replaces them.
self=$(readlink -f "$0")
lib=${self%/bin/*}
# shellcheck disable=SC2086
exec "$lib/runtime/bin/java" --enable-native-access=ALL-UNNAMED \
    ${PAIRLOCKD_JAVA_OPTS:-@$lib/lib/pairlockd.jvm.options} \
    -jar "$lib/lib/pairlockd.jar" "$@"
