#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Summarises yosys `stat` outputs (one per LANES or LANESxENGINES setting) as
# a table of UltraScale+ primitives: LUTs, flip-flops, DSP48E2, block RAM
# (36 Kb units, a RAMB18 counting as half), UltraRAM (URAM288), LUT RAM cells,
# and LUT sites:
# the LUTs plus the LUTs the LUT-RAM and shift-register cells occupy (a
# RAM64M8 or RAM32M16 is 8 LUTs of a SLICEM, a RAM64M or RAM32M 4, an
# SRL16E or SRLC32E 1, ...). LUT sites is the number to hold against an
# SLR's LUTs: a LUT-RAM cell is not one LUT.
printf '| LANES | LUT | LUT sites | FF | DSP | BRAM36 | URAM | LUTRAM cells |\n|------:|----:|----------:|---:|----:|-------:|-----:|-------------:|\n'
for f in "$@"; do
  lanes=$(basename "$f" .stat | sed 's/lanes_//')
  awk -v lanes="$lanes" '
    /===/ { lut = ff = dsp = bram = uram = lutram = sites = 0; next }  # keep the last section: the whole-design totals
    $1 ~ /^LUT[1-6]$/ { lut += $2 }
    $1 ~ /^FD[CPRS]E$/ { ff += $2 }
    $1 ~ /^DSP48E2$/ { dsp += $2 }
    $1 ~ /^RAMB36E2$/ { bram += $2 }
    $1 ~ /^RAMB18E2$/ { bram += $2 / 2 }
    $1 ~ /^URAM288(_BASE)?$/ { uram += $2 }
    $1 ~ /^RAM(32|64|128|256)[XM0-9S]*$/ { lutram += $2 }
    $1 ~ /^RAM(64M8|32M16|256X1D)$/ { sites += 8 * $2 }
    $1 ~ /^RAM(64M|32M|128X1D|256X1S)$/ { sites += 4 * $2 }
    $1 ~ /^RAM(32X1D|64X1D|128X1S)$/ { sites += 2 * $2 }
    $1 ~ /^RAM(32X1S|64X1S)$/ { sites += $2 }
    $1 ~ /^SRL(16E|C32E)$/ { sites += $2 }
    END { printf "| %s | %d | %d | %d | %d | %.1f | %d | %d |\n", lanes, lut, lut + sites, ff, dsp, bram, uram, lutram }
  ' "$f"
done
