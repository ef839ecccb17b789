# SPDX-License-Identifier: Apache-2.0
# Performance model of the RTL core (docs/perf-model.md).
#
#   make perf-model-bench       model-vs-RTL error table per model and LANES
#                               (Verilator builds in build-perf-bench-<LANES>)
#   PERF_LANES="8 32 128" IMAGES=100 NETWORKS=60 MODELS="models/a.trn ..."

PERF_LANES ?= 8 32 128

.PHONY: perf-model-bench

perf-model-bench:
	bench/perf_model_bench.sh $(PERF_LANES)
