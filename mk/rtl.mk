# SPDX-License-Identifier: Apache-2.0
# RTL core flows (docs/rtl.md). Co-simulation runs in ctest; these are the
# extra, slower checks and are not part of `make test`.
#
#   make lint                   verilator --lint-only -Wall on rtl/ (LANES,
#                               CODERS and ENGINES variants too)
#   make synth                  yosys synth_xilinx -family xcup for each of
#                               RTL_SYNTH_LANES, table of LUT/FF/DSP/BRAM
#   make rtl-sim-fst            FST waveform of the co-simulation's error test
#   make gen-capacity           regenerate contract/capacity.hpp and
#                               rtl/trinity_capacity_pkg.sv from
#                               contract/capacity.mk

# The capacity (COSIM_*, HW_*): one source for Make, CMake, C++ and SV.
include contract/capacity.mk

VERILATOR       ?= verilator
YOSYS           ?= yosys
# The RTL sources in compile order, listed once in rtl/trinity_core.f.
RTL_FILE_LIST   := rtl/trinity_core.f
RTL_SOURCES     := $(shell grep -v '^//' $(RTL_FILE_LIST))
RTL_SYNTH_LANES ?= 8 32 128
# A configuration is LANES or LANESxENGINES (make synth, make timing-depth):
# its yosys chparam arguments.
rtl_config_chparam = -set LANES $(word 1,$(subst x, ,$(1))) -set ENGINES $(or $(word 2,$(subst x, ,$(1))),1)
RTL_SYNTH_DIR   ?= $(BUILD)/synth
# Capacity synthesised: the co-simulation's (fits the 784-512-10 model).
RTL_SYNTH_PARAMS ?= -set MAX_LAYERS $(COSIM_MAX_LAYERS) -set MAX_NEURONS $(COSIM_MAX_NEURONS) \
                    -set MAX_T $(COSIM_MAX_T) -set MAX_WEIGHT_BYTES $(COSIM_MAX_WEIGHT_BYTES) \
                    -set MAX_LUT_ENTRIES $(COSIM_MAX_LUT_ENTRIES) -set MAX_TASKS $(COSIM_MAX_TASKS)

.PHONY: lint synth rtl-sim-fst gen-capacity

gen-capacity:
	scripts/gen_capacity.py

lint:
	$(VERILATOR) --lint-only -Wall --assert --top-module trinity_core $(RTL_SOURCES)
	@for l in 4 8 128; do \
	  $(VERILATOR) --lint-only -Wall --assert --top-module trinity_core -GLANES=$$l $(RTL_SOURCES) || exit 1; done
	@for c in 1 2 4 16 32; do \
	  $(VERILATOR) --lint-only -Wall --assert --top-module trinity_core -GCODERS=$$c $(RTL_SOURCES) || exit 1; done
	@for e in 2 4 8 32; do \
	  $(VERILATOR) --lint-only -Wall --assert --top-module trinity_core -GENGINES=$$e $(RTL_SOURCES) || exit 1; done
	$(VERILATOR) --lint-only -Wall --assert --top-module trinity_core -GENGINES=16 -GLANES=4 $(RTL_SOURCES)
	$(VERILATOR) --lint-only -Wall --assert --top-module trinity_core_krnl $(RTL_SOURCES) \
	  constraints/rtl_kernel/trinity_core_krnl.sv
	@echo "lint: clean"

$(RTL_SYNTH_DIR)/lanes_%.log: $(RTL_SOURCES) $(RTL_FILE_LIST) contract/capacity.mk
	@mkdir -p $(@D)
	$(YOSYS) -q -l $@ -p "read_verilog -sv $(RTL_SOURCES); \
	  chparam $(call rtl_config_chparam,$*) $(RTL_SYNTH_PARAMS) trinity_core; \
	  synth_xilinx -family xcup -top trinity_core; tee -o $(@:.log=.stat) stat" > /dev/null

synth: $(foreach l,$(RTL_SYNTH_LANES),$(RTL_SYNTH_DIR)/lanes_$(l).log)
	@rtl/synth/table.sh $(foreach l,$(RTL_SYNTH_LANES),$(RTL_SYNTH_DIR)/lanes_$(l).stat)

# A waveform of the co-simulation's error-code test. Every build can trace:
# TRINITY_RTL_FST=<file> on rtl_cosim, or `trinity run --backend verilator
# --trace <file>`.
rtl-sim-fst: build
	TRINITY_RTL_FST=$(BUILD)/rtl_errors.fst $(BUILD)/testbench/verilator/rtl_cosim "[errors]"
	@echo "waveform: $(BUILD)/rtl_errors.fst (gtkwave)"

# Cycles per frame per core configuration (LANES or LANESxENGINES) in
# Verilator against the issue-11 bound, batch-1 latency, and projected
# frames/s per core and per card (docs/rtl.md "Benchmark"), every word
# bit-exact. RTL_BENCH_CONFIGS="32x1 32x4 ..." (default 32x1 32x4; each
# configuration is its own Verilator build, about 5-10 min at 32x4). The
# largest configuration that fits an SLR, issue 11's: RTL_BENCH_CONFIGS="32x4 64x32"
# (64x32: about 35 min of build and 5 min of simulation on 2 cores).
.PHONY: rtl-bench
rtl-bench: deps
	bench/rtl_bench.sh $(RTL_BENCH_CONFIGS)

# Cycles per frame of gated tasks (model format v2) against the same network
# ungated, in this build's Verilated core (docs/rtl.md; about 20 s at IMAGES=50).
.PHONY: rtl-bench-gated
rtl-bench-gated: build
	BUILD=$(BUILD) bench/rtl_gated_bench.sh

# What skipping gated-off synapses could save (docs/rtl.md "Gated tasks"),
# counted from the continual-t20e1 runs' gates (drawn again from their seed);
# a few seconds.
.PHONY: bench-gated-rows
bench-gated-rows:
	/usr/bin/python3 bench/gated_rows.py --seed 1 --tasks 20

# Which ENGINES, LANES and UPDATE_LANES the ENGINES x LANES core of issue 11
# needs (docs/rtl.md "Choosing ENGINES, LANES and UPDATE_LANES"): a cycle and
# resource model on 200 Fashion-MNIST frames' spike trains from the Python
# integer forward, with its cross-check against today's measured core; about
# 4 s (3.5 s measured on the loaded 2-core machine).
.PHONY: bench-engines
bench-engines:
	OMP_NUM_THREADS=1 /usr/bin/python3 bench/engines_model.py --images 200

# Engines that never wait for each other, only for data (docs/rtl.md "Engines
# that run ahead"): a schedule model of today's slices and update pipeline with
# K partial-sum banks, on the same 200 frames; about 5 s.
.PHONY: bench-runahead
bench-runahead:
	OMP_NUM_THREADS=1 /usr/bin/python3 bench/runahead_model.py --images 200
