#!/bin/bash
# kernel-it stage 2: runs inside the VM as root, chrooted into the host's root filesystem
# (read-only 9p), started by stage 1 (kernel-it/vm/init). kernel-it/run copies this file and a
# host.env next to it into the writable share, which is mounted here at /run/kit/out.
#
# Sets up the devices (i2c-dev + i2c-stub, configfs + gpio-sim with a default chip, the ivshmem
# BAR), publishes where they are as KIT_* environment variables and kit.* system properties, runs
# the JUnit Platform Console Launcher on the kernel-it test classes (tag "kernel") and writes
# /run/kit/out/status. A setup problem is written as "setup-failed: ..." (a failure, never a skip).
# shellcheck disable=SC2034 # the KIT_* variables are published indirectly (${!v}) below
set -euo pipefail
OUT=/run/kit/out
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/tmp/home LANG=C.UTF-8
mkdir -p "$HOME"

fail() {
    echo "KIT-SETUP-FAILED: $*" >&2
    echo "setup-failed: $*" >"$OUT/status"
    exit 70
}
trap 'fail "stage2 command failed at line $LINENO: $BASH_COMMAND"' ERR
log() { local up _; read -r up _ </proc/uptime; echo "kit: [${up}s] $*"; }   # no forks: TCG makes them slow

# shellcheck source=/dev/null
source "$OUT/host.env"   # KIT_KERNEL KIT_JAVA_HOME KIT_I2C_STUB_ADDRS KIT_GPIO_SIM_KO ... (see run)

read -r release </proc/sys/kernel/osrelease
[[ $release == "$KIT_KERNEL" ]] || fail "booted kernel $release, expected $KIT_KERNEL"
[[ -d /lib/modules/$KIT_KERNEL ]] || fail "/lib/modules/$KIT_KERNEL is missing in the host root"

# ---- I2C: i2c-dev + i2c-stub ---------------------------------------------------------------
modprobe i2c-dev || fail "modprobe i2c-dev failed"
modprobe i2c-stub "chip_addr=$KIT_I2C_STUB_ADDRS" || fail "modprobe i2c-stub chip_addr=$KIT_I2C_STUB_ADDRS failed"
buses=()
for d in /sys/bus/i2c/devices/i2c-*; do
    [[ -e $d/name ]] || continue
    read -r name <"$d/name"
    if [[ $name == "SMBus stub driver" ]]; then
        n=${d##*/i2c-}
        [[ -c /dev/i2c-$n ]] || fail "i2c-stub adapter i2c-$n has no /dev/i2c-$n character device"
        buses+=("$n")
    fi
done
((${#buses[@]} > 0)) || fail "i2c-stub loaded but no adapter named 'SMBus stub driver' in /sys/bus/i2c/devices"
printf -v KIT_I2C_STUB_BUSES '%s,' "${buses[@]}"; KIT_I2C_STUB_BUSES=${KIT_I2C_STUB_BUSES%,}
log "i2c-stub on bus(es) $KIT_I2C_STUB_BUSES, chips $KIT_I2C_STUB_ADDRS"

# ---- GPIO: configfs + gpio-sim, one default chip ----------------------------------------------
modprobe configfs || fail "modprobe configfs failed"
mountpoint -q /sys/kernel/config || mount -t configfs configfs /sys/kernel/config \
    || fail "cannot mount configfs on /sys/kernel/config"
[[ -f $KIT_GPIO_SIM_KO ]] || fail "gpio-sim module $KIT_GPIO_SIM_KO not found (kernel-it/run builds it)"
insmod "$KIT_GPIO_SIM_KO" || fail "insmod $KIT_GPIO_SIM_KO failed (see dmesg above)"
[[ -d /sys/kernel/config/gpio-sim ]] || fail "gpio-sim loaded but /sys/kernel/config/gpio-sim is missing"

KIT_GPIO_SIM_CONFIGFS=/sys/kernel/config/gpio-sim/kit
IFS=, read -r -a line_names <<<"$KIT_GPIO_SIM_LINE_NAMES"
mkdir "$KIT_GPIO_SIM_CONFIGFS" "$KIT_GPIO_SIM_CONFIGFS/bank0"
echo "$KIT_GPIO_SIM_NUM_LINES" >"$KIT_GPIO_SIM_CONFIGFS/bank0/num_lines"
echo "pairlock-kit" >"$KIT_GPIO_SIM_CONFIGFS/bank0/label"
lines=()
for i in "${!line_names[@]}"; do
    [[ -n ${line_names[$i]} ]] || continue
    mkdir "$KIT_GPIO_SIM_CONFIGFS/bank0/line$i"
    echo "${line_names[$i]}" >"$KIT_GPIO_SIM_CONFIGFS/bank0/line$i/name"
    lines+=("${line_names[$i]}=$i")
done
echo 1 >"$KIT_GPIO_SIM_CONFIGFS/live" || fail "gpio-sim: cannot make the default chip live"
read -r KIT_GPIO_SIM_DEV <"$KIT_GPIO_SIM_CONFIGFS/dev_name"
read -r KIT_GPIO_SIM_CHIP_NAME <"$KIT_GPIO_SIM_CONFIGFS/bank0/chip_name"
KIT_GPIO_SIM_CHIP=/dev/$KIT_GPIO_SIM_CHIP_NAME
KIT_GPIO_SIM_SYSFS=/sys/devices/platform/$KIT_GPIO_SIM_DEV/$KIT_GPIO_SIM_CHIP_NAME
KIT_GPIO_SIM_LABEL=pairlock-kit
printf -v KIT_GPIO_SIM_LINES '%s,' "${lines[@]}"; KIT_GPIO_SIM_LINES=${KIT_GPIO_SIM_LINES%,}
[[ -c $KIT_GPIO_SIM_CHIP ]] || fail "gpio-sim chip $KIT_GPIO_SIM_CHIP_NAME has no $KIT_GPIO_SIM_CHIP"
[[ -f $KIT_GPIO_SIM_SYSFS/sim_gpio0/pull ]] || fail "gpio-sim sysfs $KIT_GPIO_SIM_SYSFS/sim_gpio0/pull missing"
log "gpio-sim $KIT_GPIO_SIM_DEV: $KIT_GPIO_SIM_CHIP ($KIT_GPIO_SIM_NUM_LINES lines: $KIT_GPIO_SIM_LINES)"

# ---- ivshmem-plain: BAR2 is the host file ---------------------------------------------------
pci=
for d in /sys/bus/pci/devices/*; do
    read -r vendor <"$d/vendor"; read -r device <"$d/device"
    if [[ $vendor == 0x1af4 && $device == 0x1110 ]]; then pci=$d; break; fi
done
[[ -n $pci ]] || fail "no ivshmem PCI device (vendor 0x1af4 device 0x1110) in /sys/bus/pci/devices"
# resource line N+1 is BAR N: "start end flags"; ivshmem-plain's shared memory is BAR2
{ read -r _; read -r _; read -r bar_start bar_end _; } <"$pci/resource"
((bar_start != 0)) || fail "ivshmem BAR2 is not assigned ($pci/resource: $bar_start $bar_end)"
# no driver binds ivshmem: enable memory decoding so the BAR answers (sysfs 'enable')
read -r enabled <"$pci/enable"
[[ $enabled != 0 ]] || echo 1 >"$pci/enable" || fail "cannot enable PCI device $pci"
KIT_IVSHMEM_PCI=${pci##*/}
printf -v KIT_IVSHMEM_BAR_ADDR '0x%x' "$bar_start"
KIT_IVSHMEM_BAR_SIZE=$((bar_end - bar_start + 1))
KIT_IVSHMEM_RESOURCE=$pci/resource2
KIT_IVSHMEM_FILE=/run/kit/shm/$KIT_IVSHMEM_FILE_NAME
[[ -f $KIT_IVSHMEM_FILE ]] || fail "ivshmem backing file $KIT_IVSHMEM_FILE not visible through 9p"
log "ivshmem $KIT_IVSHMEM_PCI BAR2 at $KIT_IVSHMEM_BAR_ADDR size $KIT_IVSHMEM_BAR_SIZE = host $KIT_IVSHMEM_HOST_FILE"

# ---- watchdog: softdog, which only logs when it fires (daemon.WatchdogKernelTest) ------------
modprobe softdog soft_noboot=1 || fail "modprobe softdog soft_noboot=1 failed"
[[ -c /dev/watchdog0 ]] || fail "softdog loaded but /dev/watchdog0 is missing"
log "softdog on /dev/watchdog0 (soft_noboot=1: firing logs 'softdog: Triggered - Reboot ignored')"

# ---- publish ------------------------------------------------------------------------------
KIT_OUT_DIR=$OUT
vars=(KIT_KERNEL KIT_OUT_DIR
      KIT_I2C_STUB_BUSES KIT_I2C_STUB_ADDRS
      KIT_GPIO_SIM_KO KIT_GPIO_SIM_CONFIGFS KIT_GPIO_SIM_DEV KIT_GPIO_SIM_CHIP KIT_GPIO_SIM_CHIP_NAME
      KIT_GPIO_SIM_SYSFS KIT_GPIO_SIM_LABEL KIT_GPIO_SIM_NUM_LINES KIT_GPIO_SIM_LINES
      KIT_IVSHMEM_PCI KIT_IVSHMEM_BAR_ADDR KIT_IVSHMEM_BAR_SIZE KIT_IVSHMEM_RESOURCE
      KIT_IVSHMEM_FILE KIT_IVSHMEM_HOST_FILE)
props=()
: >"$OUT/kit.env"
for v in "${vars[@]}"; do
    export "${v?}"
    printf '%s=%s\n' "$v" "${!v}" >>"$OUT/kit.env"
    p=${v,,}; p=${p//_/.}          # KIT_IVSHMEM_BAR_ADDR -> kit.ivshmem.bar.addr
    props+=("-D$p=${!v}")
done

# ---- --exec: a command instead of the JUnit suite (kernel-it/run --exec, bench/run-vm) ---------
trap - ERR
set +e
if [[ -n ${KIT_EXEC:-} ]]; then
    export KIT_JAVA_HOME
    log "running --exec command: $KIT_EXEC"
    (cd /tmp && bash -c "$KIT_EXEC") 2>&1 | tee "$OUT/exec.log"
    rc=${PIPESTATUS[0]}
    log "--exec command exited with $rc"
    read -r up _ </proc/uptime
    echo "$up" >"$OUT/uptime"
    echo "ok exec-exit=$rc" >"$OUT/status"
    exit 0
fi

# ---- JUnit --------------------------------------------------------------------------------
cp=$(<"$KIT_CLASSPATH_FILE")
selectors=(--scan-class-path "$KIT_TEST_CLASSES")
if [[ -n ${KIT_JUNIT_ARGS:-} ]]; then
    eval "selectors=($KIT_JUNIT_ARGS)"   # explicit selectors replace the class-path scan
fi
log "starting JUnit ($KIT_JAVA_HOME)"
# shellcheck disable=SC2086 # KIT_JAVA_OPTS is a word list on purpose
"$KIT_JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED \
    -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData -Djava.io.tmpdir=/tmp \
    -Djunit.jupiter.execution.timeout.default="$KIT_TEST_TIMEOUT" \
    $KIT_JAVA_OPTS "${props[@]}" \
    -jar "$KIT_CONSOLE_JAR" execute \
    --disable-banner --disable-ansi-colors --details=tree --details-theme=ascii \
    --exclude-engine=junit-vintage --include-tag kernel --class-path "$cp" "${selectors[@]}" \
    --reports-dir "$OUT/reports" 2>&1 | tee "$OUT/junit.log"
rc=${PIPESTATUS[0]}
log "JUnit exited with $rc"
read -r up _ </proc/uptime
echo "$up" >"$OUT/uptime"   # kernel-it/run checks the guest clock against the host's
echo "ok junit-exit=$rc" >"$OUT/status"
exit 0
