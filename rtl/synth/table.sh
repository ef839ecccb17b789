#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Summarises yosys `stat` outputs (one per LANES setting) as a table of
# UltraScale+ primitives: LUTs, flip-flops, DSP48E2, block RAM (36 Kb units,
# a RAMB18 counting as half) and LUT RAM cells.
printf '| LANES | LUT | FF | DSP | BRAM36 | LUTRAM cells |\n|------:|----:|---:|----:|-------:|-------------:|\n'
for f in "$@"; do
  lanes=$(basename "$f" .stat | sed 's/lanes_//')
  awk -v lanes="$lanes" '
    /===/ { lut = ff = dsp = bram = lutram = 0; next }  # keep the last section: the whole-design totals
    $1 ~ /^LUT[1-6]$/ { lut += $2 }
    $1 ~ /^FD[CPRS]E$/ { ff += $2 }
    $1 ~ /^DSP48E2$/ { dsp += $2 }
    $1 ~ /^RAMB36E2$/ { bram += $2 }
    $1 ~ /^RAMB18E2$/ { bram += $2 / 2 }
    $1 ~ /^RAM(32|64|128|256)[XM0-9S]*$/ { lutram += $2 }
    END { printf "| %s | %d | %d | %d | %.1f | %d |\n", lanes, lut, ff, dsp, bram, lutram }
  ' "$f"
done
