# SPDX-License-Identifier: Apache-2.0
# The soak (issue 14, docs/robustness.md): 10^6 frames through golden-wire
# and csim, 10^4 through the Verilated RTL with 20 % random stalls, malformed
# packets injected between batches, every result checked against golden,
# resident memory at start and end. One table; `time` gives its wall time.
SOAK_FRAMES     ?= 1000000
SOAK_RTL_FRAMES ?= 10000

.PHONY: soak
soak: build
	@printf '%-12s %10s %8s %10s %8s %9s %12s %10s  %s\n' backend frames seconds "frames/s" "stalls%" injected \
	  "RSS start KiB" "end KiB" checked
	$(BUILD)/bench/trinity_soak golden-wire $(SOAK_FRAMES) --inject-every 16
	$(BUILD)/bench/trinity_soak csim $(SOAK_FRAMES) --inject-every 16
	$(BUILD)/bench/trinity_soak verilator $(SOAK_RTL_FRAMES) --stalls 20 --inject-every 2 --chunk 512
