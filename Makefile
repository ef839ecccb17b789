# Front door: `make demo` and `make test` (README). Each installs what is
# missing first, then builds with CMake.
BUILD      ?= build
BUILD_SAN  ?= build-asan
JOBS       ?= $(shell nproc)
CMAKE_GEN  := -G Ninja
TRINITY    := $(BUILD)/host/cli/trinity
MODEL      ?= models/tri_snn_g_quick.trn
DAF_CSV    ?= data/aab/aab_forward_vds1V.csv

.PHONY: all deps build test test-unit test-sanitize demo bench clean

all: build

deps:
	@scripts/install-deps.sh

$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=Release

build: deps $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS)

test: build test-unit test-sanitize

test-unit:
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

# The unit tests again under AddressSanitizer and UndefinedBehaviorSanitizer.
test-sanitize: deps
	cmake -S . -B $(BUILD_SAN) $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=Debug -DTRINITY_SANITIZE=ON
	cmake --build $(BUILD_SAN) -j $(JOBS)
	ctest --test-dir $(BUILD_SAN) --output-on-failure -j $(JOBS)

demo: build
	@echo "== 1. calibrate the dendritic activation from the AAB transistor curve ($(DAF_CSV))"
	$(TRINITY) calibrate --csv $(DAF_CSV) --out-dir $(BUILD)/daf --plot $(BUILD)/daf/daf.png
	@echo "== 2. the model"
	$(TRINITY) info $(MODEL)
	@echo "== 3. bit-accurate inference on the Fashion-MNIST test set"
	$(TRINITY) run --model $(MODEL) --backend golden --dataset fashion-mnist --split test

bench: build
	bench/run_bench.sh $(BUILD) $(MODEL)

clean:
	rm -rf $(BUILD) $(BUILD_SAN)
