# SPDX-License-Identifier: Apache-2.0
# Register-to-register logic depth of the synthesised core (docs/rtl.md,
# "Logic depth"), without Vivado:
#
#   make timing-depth                    LANES 8 (TIMING_LANES="8 32" for more;
#                                         LANESxENGINES, e.g. 8x4, for engines)
#   make timing-depth TIMING_MAX_LEVELS=n   also fail if an endpoint is deeper
#                                         than n LUT levels (TIMING_MAX_NS: ns)
#
# Synthesises exactly what `make synth` does (RTL_SOURCES and
# RTL_SYNTH_PARAMS from mk/rtl.mk, synth_xilinx -family xcup), writes the
# netlist as JSON and walks it with rtl/synth/timing_depth.py, which states
# its per-element delay model at the top. Reports the worst paths, their LUT
# levels, carry blocks, DSP and BRAM stages and an estimated delay, and how
# many endpoints miss TIMING_TARGET_NS. About 3-4 minutes per LANES 8 run on
# a loaded 2-core machine.

TIMING_LANES     ?= 8
TIMING_DIR       ?= $(BUILD)/timing
TIMING_TARGET_NS ?= 3.33
TIMING_WORST     ?= 20
# Regression guards, off unless set (a core synthesis takes minutes, too
# long for ctest; docs/rtl.md "Logic depth" has the current values).
TIMING_MAX_LEVELS ?=
TIMING_MAX_NS     ?=

.PHONY: timing-depth

$(TIMING_DIR)/lanes_%.txt: $(RTL_SOURCES) rtl/synth/timing_depth.py
	@mkdir -p $(@D)
	rtl/synth/timing_depth.py --yosys $(YOSYS) --sources $(RTL_SOURCES) --top trinity_core \
	  --chparam "$(call rtl_config_chparam,$*) $(RTL_SYNTH_PARAMS)" --json $(@:.txt=.json) \
	  --target-ns $(TIMING_TARGET_NS) --worst $(TIMING_WORST) --trace 3 \
	  --summary-json $(@:.txt=.summary.json) > $@.tmp && mv $@.tmp $@

timing-depth: $(foreach l,$(TIMING_LANES),$(TIMING_DIR)/lanes_$(l).txt)
	@for f in $^; do echo "== $$f"; cat $$f; echo; done
	@$(if $(TIMING_MAX_LEVELS)$(TIMING_MAX_NS),,true ||) for l in $(TIMING_LANES); do rtl/synth/timing_depth.py --netlist $(TIMING_DIR)/lanes_$$l.json \
	  --target-ns $(TIMING_TARGET_NS) --worst 0 --trace 0 \
	  $(if $(TIMING_MAX_LEVELS),--max-levels $(TIMING_MAX_LEVELS)) $(if $(TIMING_MAX_NS),--max-ns $(TIMING_MAX_NS)) \
	  > /dev/null || { echo "timing-depth: LANES $$l exceeds the guard"; exit 1; }; done
