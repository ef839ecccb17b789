#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Runs every libFuzzer harness of tests/fuzz for SECONDS each, one after the
# other, each on its seeds (written at build time) and its own growing corpus
# in BUILD/fuzz-corpus, and prints one table: executions, speed, coverage,
# corpus size and the verdict. Exits 1 if any harness found a crash, a leak,
# a timeout or a sanitizer report (the reproducer is left in BUILD/fuzz-findings).
#   scripts/run_fuzz.sh BUILD SECONDS [harness ...]
# With FUZZ_RUNS=N in the environment each harness stops after N executions
# (libFuzzer -runs) or SECONDS, whichever comes first; SECONDS 0 is no limit.
set -u
# ASan keeps freed blocks in a quarantine (256 MB by default) to catch use
# after free; 64 MB still holds the frees of thousands of executions (each
# input is at most a few kB, each execution frees well under 100 kB), and
# keeps the recycled memory warm: 1.2x to 1.9x more executions a second
# (docs/robustness.md). Set ASAN_OPTIONS to override.
export ASAN_OPTIONS=${ASAN_OPTIONS:-quarantine_size_mb=64}
runs=${FUZZ_RUNS:--1}
[ -n "$runs" ] || runs=-1
build=${1:?usage: run_fuzz.sh BUILD SECONDS [harness ...]}
seconds=${2:?usage: run_fuzz.sh BUILD SECONDS [harness ...]}
shift 2
harnesses=${*:-"model iv_csv npy idx nmnist protocol host_driver"}
fuzz_dir=$build/tests/fuzz
logs=$build/fuzz-logs
mkdir -p "$logs" "$build/fuzz-findings"
failed=0
echo "# $(date -u '+%Y-%m-%d %H:%M:%S UTC'), load $(cut -d' ' -f1-3 /proc/loadavg), seconds $seconds, runs $runs, ASAN_OPTIONS $ASAN_OPTIONS"
# cpu: user + system seconds of the fuzzer (from /usr/bin/time when it is
# installed), so a speed can be told apart from the machine's load.
timer=
[ -x /usr/bin/time ] && timer="/usr/bin/time -f %U+%S -o"
printf '%-12s %8s %8s %12s %10s %8s %8s %8s  %s\n' harness seconds cpu execs "execs/s" cov ft corpus result
for h in $harnesses; do
  corpus=$build/fuzz-corpus/$h
  mkdir -p "$corpus"
  log=$logs/$h.log
  # The longest input each harness is given: room for what its checks need
  # (a small network's model file or protocol stream, a short I-V curve, a
  # few IDX images; the host driver reads a few dozen bytes of damage), and
  # no more, so that time goes to many inputs rather than long ones.
  case $h in
    model | npy | nmnist | protocol) max_len=4096 ;;
    iv_csv) max_len=2048 ;;
    idx) max_len=1024 ;;
    host_driver) max_len=128 ;;
    *) max_len=4096 ;;
  esac
  start=$(date +%s)
  # -timeout: one input may take at most 10 s; -rss_limit_mb: 2 GB; leaks
  # are reported (ASan's LeakSanitizer, on by default).
  rm -f "$logs/$h.cpu"
  $timer ${timer:+"$logs/$h.cpu"} "$fuzz_dir/fuzz_$h" -max_total_time="$seconds" -runs="$runs" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$build/fuzz-findings/$h-" "$corpus" "$fuzz_dir/seeds/$h" >"$log" 2>&1
  rc=$?
  took=$(( $(date +%s) - start ))
  cpu=$(tail -n 1 "$logs/$h.cpu" 2>/dev/null | awk -F+ '$2 != "" { printf "%.1f", $1 + $2 }')
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1 | cut -d' ' -f2)
  ft=$(grep -o 'ft: [0-9]*' "$log" | tail -n 1 | cut -d' ' -f2)
  files=$(find "$corpus" -type f | wc -l)
  if [ "$rc" -eq 0 ]; then
    result=ok
  else
    result="FAILED (exit $rc, see $log)"
    failed=1
  fi
  printf '%-12s %8s %8s %12s %10s %8s %8s %8s  %s\n' "$h" "$took" "${cpu:-?}" "${execs:-?}" "${speed:-?}" "${cov:-?}" "${ft:-?}" \
    "$files" "$result"
done
echo "# $(date -u '+%Y-%m-%d %H:%M:%S UTC'), load $(cut -d' ' -f1-3 /proc/loadavg)"
exit $failed
