# SPDX-License-Identifier: Apache-2.0
# Host-side throughput (docs/benchmarks.md, "Host streaming").
#
#   make bench-host             rate coding, protocol encoding and StreamBackend
#                               against a replay of recorded golden-core output
#   HOST_BENCH_MODEL=models/x.trn HOST_BENCH_FRAMES=10000 HOST_BENCH_BATCH=256

HOST_BENCH_MODEL  ?= models/tri_snn_g_quick.trn
HOST_BENCH_FRAMES ?= 10000
HOST_BENCH_BATCH  ?= 256

.PHONY: bench-host

bench-host: deps $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS) --target host_stream_bench
	$(BUILD)/bench/host_stream_bench $(HOST_BENCH_MODEL) $(HOST_BENCH_FRAMES) $(HOST_BENCH_BATCH)
