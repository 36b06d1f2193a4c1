#!/bin/bash
# kernel-it/run --campaign long [--campaign-args ARGS] [--plan FILE]: the long campaign, one VM boot
# per line of long.plan (so other engineers' kernel-it runs get the machine between batches),
# each batch's results kept under kernel-it/target/campaign-long/<time>/, then one report
# (report.py) over all of them: REPORT.md there and on stdout.
set -euo pipefail
KIT_DIR=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
PLAN=$KIT_DIR/chassis/long.plan
EXTRA=
while (($#)); do
    case $1 in
        --campaign-args) EXTRA=$2; shift 2 ;;
        --plan) PLAN=$2; shift 2 ;;
        *) echo "long.sh: unknown option $1" >&2; exit 2 ;;
    esac
done
OUT=$KIT_DIR/target/campaign-long/$(date +%Y%m%d-%H%M%S)
mkdir -p "$OUT"
build=()
n=0 failed_batches=0
seed=${KIT_CAMPAIGN_SEED:-$RANDOM}
best=
batch() {   # FDT SPECS: one VM boot; its results go to $OUT/batch-N
    local fdt=$1 specs=$2 args
    n=$((n + 1))
    args="--seed $((seed + n)) $EXTRA"
    [[ $fdt == default ]] || args="--fdt-ms $fdt $args"
    echo "=== batch $n: FDT $fdt: $specs"
    if ! "$KIT_DIR/run" "${build[@]}" --timeout 7200 --campaign "$specs" --campaign-args "$args" | tail -n 60; then
        failed_batches=$((failed_batches + 1))
    fi
    build=(--no-build)
    rm -rf "$OUT/batch-$n" && cp -r "$KIT_DIR/target/kit-run/out/campaign" "$OUT/batch-$n" 2>/dev/null || true
    sleep 5   # let a waiting kernel-it run take the lock
}
while read -r fdt specs <&3; do
    [[ -z $fdt || $fdt == \#* ]] && continue
    case $fdt in
        sweep)
            read -r list specs <<<"$specs"
            for f in ${list//,/ }; do
                batch "$f" "$specs"
                if python3 "$KIT_DIR/chassis/report.py" --quiet-ok "$OUT/batch-$n"; then best=$f; break; fi
            done
            echo "=== shortest FDT without false failovers or lease lapses: ${best:-none of $list}" ;;
        atbest)
            [[ -n $best ]] && batch "$best" "$specs" ;;
        *)  batch "$fdt" "$specs" ;;
    esac
done 3<"$PLAN"
echo "shortest quiet FDT: ${best:-none found}" >"$OUT/SWEEP"
python3 "$KIT_DIR/chassis/report.py" "$OUT"/batch-* | tee "$OUT/REPORT.md"
echo "long campaign: $n batches ($failed_batches with failures); results in $OUT"
((failed_batches == 0))
