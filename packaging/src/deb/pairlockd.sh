#!/bin/sh
# pairlockd as installed: the bundled runtime, C2 and the default collector (a long-lived daemon).
self=$(readlink -f "$0")
lib=${self%/bin/*}
exec "$lib/runtime/bin/java" --enable-native-access=ALL-UNNAMED -jar "$lib/lib/pairlockd.jar" "$@"
