#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Runs every libFuzzer harness of tests/fuzz for SECONDS each, one after the
# other, each on its seeds (written at build time) and its own growing corpus
# in BUILD/fuzz-corpus, and prints one table: executions, speed, coverage,
# corpus size and the verdict. Exits 1 if any harness found a crash, a leak,
# a timeout or a sanitizer report (the reproducer is left in BUILD/fuzz-findings).
#   scripts/run_fuzz.sh BUILD SECONDS [harness ...]
set -u
build=${1:?usage: run_fuzz.sh BUILD SECONDS [harness ...]}
seconds=${2:?usage: run_fuzz.sh BUILD SECONDS [harness ...]}
shift 2
harnesses=${*:-"model iv_csv npy idx nmnist protocol host_driver"}
fuzz_dir=$build/tests/fuzz
logs=$build/fuzz-logs
mkdir -p "$logs" "$build/fuzz-findings"
failed=0
printf '%-12s %8s %12s %10s %8s %8s %8s  %s\n' harness seconds execs "execs/s" cov ft corpus result
for h in $harnesses; do
  corpus=$build/fuzz-corpus/$h
  mkdir -p "$corpus"
  log=$logs/$h.log
  start=$(date +%s)
  # -timeout: one input may take at most 10 s; -rss_limit_mb: 2 GB; leaks
  # are reported (ASan's LeakSanitizer, on by default).
  "$fuzz_dir/fuzz_$h" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$build/fuzz-findings/$h-" "$corpus" "$fuzz_dir/seeds/$h" >"$log" 2>&1
  rc=$?
  took=$(( $(date +%s) - start ))
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
  printf '%-12s %8s %12s %10s %8s %8s %8s  %s\n' "$h" "$took" "${execs:-?}" "${speed:-?}" "${cov:-?}" "${ft:-?}" \
    "$files" "$result"
done
exit $failed
