# Sourced by kernel-it/run for --campaign (uses its CACHE, KVER, SRC_TARBALL, SRC_VERSION, KIT_DIR,
# say, die). Builds, on the host, what the chassis needs inside the VM:
#  - kit-i2c-stub.ko: Debian's drivers/i2c/i2c-stub.c with kit-i2c-stub.patch (a nack_mask knob
#    for empty slots and failing buses, a log of every write naming the writing process, a byte
#    write counter in each register's high byte, its own adapter name so that it loads next to
#    the stock i2c-stub). Cached per kernel and patch, like gpio-sim.ko.
#  - the backplane (backplane.c and the units base.h names), compiled on every run (~1 s).
# shellcheck shell=bash

build_chassis() {
    local patch=$KIT_DIR/chassis/kit-i2c-stub.patch
    local recipe b vm
    recipe="kit-i2c-stub $(sha256sum "$patch" | cut -c1-16), linux-source-6.1 $SRC_VERSION"
    KIT_STUB_KO=$CACHE/kit-i2c-stub.ko
    if [[ ! -f $KIT_STUB_KO || "$(cat "$CACHE/kit-i2c-stub.recipe" 2>/dev/null)" != "$recipe" ]]; then
        say "building kit-i2c-stub.ko for $KVER (once per kernel and patch; cached in $CACHE)"
        b=$CACHE/build-kit-i2c-stub
        rm -rf "$b" && mkdir -p "$b/src"
        tar -C "$b/src" -xJf "$SRC_TARBALL" --strip-components=1 linux-source-6.1/drivers/i2c/i2c-stub.c \
            || die "cannot extract drivers/i2c/i2c-stub.c from $SRC_TARBALL"
        cp "$b/src/drivers/i2c/i2c-stub.c" "$b/kit-i2c-stub-main.c"
        patch -s -d "$b" kit-i2c-stub-main.c <"$patch" \
            || die "kit-i2c-stub.patch no longer applies to linux-source-6.1 $SRC_VERSION's i2c-stub.c"
        printf 'obj-m := kit-i2c-stub.o\nkit-i2c-stub-y := kit-i2c-stub-main.o\n' >"$b/Kbuild"
        if ! make -s -C "/lib/modules/$KVER/build" M="$b" modules >"$b/build.log" 2>&1; then
            cat "$b/build.log" >&2; die "kit-i2c-stub module build failed"
        fi
        vm=$(modinfo -F vermagic "$b/kit-i2c-stub.ko")
        [[ $vm == "$KVER "* ]] || die "kit-i2c-stub.ko vermagic '$vm' does not match kernel $KVER"
        cp "$b/kit-i2c-stub.ko" "$KIT_STUB_KO.tmp" && mv "$KIT_STUB_KO.tmp" "$KIT_STUB_KO"
        echo "$recipe" >"$CACHE/kit-i2c-stub.recipe"
        rm -rf "$b"
    fi
    KIT_BACKPLANE=$KIT_DIR/target/chassis/backplane
    mkdir -p "${KIT_BACKPLANE%/*}"
    gcc -O2 -Wall -Wextra -Werror -Wno-sign-compare -std=gnu11 -o "$KIT_BACKPLANE" \
        "$KIT_DIR/chassis/backplane.c" "$KIT_DIR/chassis/base.c" "$KIT_DIR/chassis/devices.c" \
        "$KIT_DIR/chassis/procs.c" "$KIT_DIR/chassis/wires.c" "$KIT_DIR/chassis/chassis_io.c" \
        "$KIT_DIR/chassis/physics.c" \
        || die "the backplane does not compile"
    # the daemon (and scctl) the campaign runs: their launchers build the jars when stale
    if [[ $CAMPAIGN_ARGS != *"--daemon standin"* ]]; then
        (cd "$REPO" && ./pairlockd --version >/dev/null) || die "building pairlockd failed (./pairlockd --version)"
        (cd "$REPO" && ./scctl --version >/dev/null) || die "building scctl failed (./scctl --version)"
    fi
    KIT_PAIRLOCKD_JAR=$REPO/daemon/target/pairlockd.jar
    KIT_PAIRLOCKD_OPTIONS=$REPO/daemon/jvm.options   # the JVM options every pairlockd launcher passes
    KIT_SCCTL_JAR=$REPO/scctl-cli/target/scctl.jar
    KIT_PAIRLOCKD_JSA=
    [[ $CAMPAIGN_ARGS == *"--daemon standin"* ]] || pairlockd_cds
    visible_in_vm "$KIT_STUB_KO" "kit-i2c-stub.ko"
    visible_in_vm "$KIT_PAIRLOCKD_JAR" "pairlockd's jar"
    visible_in_vm "$KIT_BACKPLANE" "the backplane"
}

# A class-data-sharing archive of pairlockd (JDK AppCDS), made on the host by a short --sim run
# with the daemon's own JVM options: a JVM start under TCG spends most of its time loading
# classes (measured on the host: START line after 1.8 s without, 0.8 s with). Same JDK, same jar
# path and time in the VM, so the daemons there map it; if anything does not match, the JVM
# silently starts without it. Rebuilt whenever the jar or daemon/jvm.options is newer.
pairlockd_cds() {
    local d=$KIT_DIR/target/chassis/cds jsa=$KIT_DIR/target/chassis/pairlockd.jsa java pid i
    java=$JAVA_HOME_VM/bin/java
    if [[ ! -f $jsa || $KIT_PAIRLOCKD_JAR -nt $jsa || $KIT_PAIRLOCKD_OPTIONS -nt $jsa ]]; then
        rm -rf "$d" "$jsa" && mkdir -p "$d/state"
        (umask 077 && head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$d/pair.key" && echo >>"$d/pair.key")
        cat >"$d/sc0.conf" <<CONF
sc = sc0
slots = 10
fdt = 1s
peer.primary.local = 127.0.0.1:$((40000 + RANDOM % 20000))
peer.primary.remote = 127.0.0.1:9
key.file = $d/pair.key
state.dir = $d/state
control.socket = $d/control.sock
# data sync as in the chassis (daemons.sync_keys), so that its classes are in the archive too
sync.port = $((40000 + RANDOM % 20000))
sync.link.primary = 127.0.0.1
sync.link.primary.listen = 127.0.0.1
sync.item.users.path = $d/data/users
sync.item.users.priority = 1
sync.item.users.type = immediate
CONF
        mkdir -p "$d/data/users"
        "$java" --enable-native-access=ALL-UNNAMED "@$KIT_PAIRLOCKD_OPTIONS" -XX:ArchiveClassesAtExit="$jsa" -jar "$KIT_PAIRLOCKD_JAR" --config "$d/sc0.conf" \
            --sim --foreground >"$d/run.log" 2>&1 &
        pid=$!
        for ((i = 0; i < 600; i++)); do
            grep -q 'event=ROLE_CHANGE MAIN' "$d/run.log" && break
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -TERM "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true
        [[ -s $jsa ]] || { say "warning: no CDS archive for pairlockd (see $d/run.log); the daemons start without one"; return 0; }
    fi
    KIT_PAIRLOCKD_JSA=$jsa
}
