# SPDX-License-Identifier: Apache-2.0
# Alveo build flows (docs/alveo-build.md): the HLS kernels in hls/ or the RTL
# core in rtl/ linked with the mm2s/s2mm movers into an xclbin by v++.
#
#   make xclbin      TARGET=hw|hw_emu PLATFORM=<platform> KERNEL=hls|rtl
#   make xclbin-plan TARGET=hw|hw_emu PLATFORM=<platform> KERNEL=hls|rtl
#                    (NUM_CORES cores per card from constraints/<board>.cfg)
#   make hls-csim | hls-csynth | hls-cosim      (Vitis HLS on hls/run_hls.tcl)
#
# None of this can run without AMD Vitis (v++, vitis_hls, XILINX_VITIS), the
# platform and, for KERNEL=rtl, Vivado. Without them every target here stops
# before doing anything, says what is missing and exits non-zero: a
# half-built xclbin is worse than none. `make xclbin-plan` needs none of
# them: it prints the exact commands `make xclbin` would run, in order, and
# runs nothing. The csim of the kernels needs no Vitis either: ctest runs it.

TARGET   ?= hw
PLATFORM ?= xilinx_u250_gen3x16_xdma_4_1_202210_1
KERNEL   ?= hls
KERNEL_FREQ_MHZ ?= 300
VPP          ?= v++
VITIS_HLS    ?= vitis_hls
VIVADO       ?= vivado
EMCONFIGUTIL ?= emconfigutil
# Extra v++ options for every compile and link (e.g. VPP_FLAGS=--save-temps),
# and for the HLS compiles only (VPP_COMPILE_FLAGS).
VPP_FLAGS         ?=
VPP_COMPILE_FLAGS ?=
XCLBIN_DIR   ?= build/xclbin/$(KERNEL)-$(TARGET)-$(HLS_BOARD)

HLS_PLATFORMS := xilinx_u250_gen3x16_xdma_4_1_202210_1 \
                 xilinx_u280_gen3x16_xdma_1_202211_1 \
                 xilinx_u55c_gen3x16_xdma_3_202210_1
HLS_BOARD := $(or $(if $(findstring _u250_,$(PLATFORM)),u250),$(if $(findstring _u280_,$(PLATFORM)),u280),$(if $(findstring _u55c_,$(PLATFORM)),u55c),unknown)
# The link configuration of the board, and how many cores (NUM_CORES: chains
# trinity_mm2s_k -> trinity_core_k -> trinity_s2mm_k, one per SLR) it places:
# U250 4, U280 3, U55C 3, read from its nk= line (the table in
# contract/alveo_platforms.hpp must agree; ctest checks it).
HLS_CONFIG    := constraints/$(HLS_BOARD).cfg
HLS_NUM_CORES := $(shell sed -n 's/^nk=trinity_core:\([0-9]*\).*/\1/p' $(HLS_CONFIG) 2>/dev/null)
# The FPGA part is needed only to package the RTL kernel (Vivado project);
# `platforminfo -p <platform>` prints it.
HLS_PART_u250 := xcu250-figd2104-2L-e
HLS_PART_u280 := xcu280-fsvh2892-2L-e
HLS_PART_u55c := xcu55c-fsvh2892-2L-e

# The kernels include the contract's headers by relative path
# (hls/trinity_core.hpp), so v++ gets no -I; the headers are prerequisites.
HLS_HEADERS  := $(wildcard hls/*.hpp contract/*.hpp)
HLS_MOVERS   := trinity_mm2s trinity_s2mm
# The RTL core's sources (KERNEL=rtl), listed once in rtl/trinity_core.f.
HLS_RTL_FILE_LIST := rtl/trinity_core.f
XCLBIN       := $(XCLBIN_DIR)/trinity.xclbin
HLS_CORE_XO  := $(XCLBIN_DIR)/$(if $(filter rtl,$(KERNEL)),trinity_core_rtl,trinity_core).xo
HLS_XOS      := $(HLS_CORE_XO) $(foreach k,$(HLS_MOVERS),$(XCLBIN_DIR)/$(k).xo)
HLS_EMCONFIG := $(if $(filter hw_emu,$(TARGET)),$(XCLBIN_DIR)/emconfig.json)

# The commands, defined once: the rules below run them and xclbin-plan
# prints them.
#
# v++ compile of one HLS kernel ($(1) kernel, $(2) source). --hls.clock is
# the synthesis target only; the platform's scalable kernel clock is set at
# link time (--kernel_frequency).
HLS_CMD_COMPILE = $(strip $(VPP) -c -t $(TARGET) --platform $(PLATFORM) -k $(1) \
  --hls.clock $(KERNEL_FREQ_MHZ)000000:$(1) --temp_dir $(XCLBIN_DIR)/tmp_$(1) --log_dir $(XCLBIN_DIR)/log \
  $(VPP_FLAGS) $(VPP_COMPILE_FLAGS) -o $(XCLBIN_DIR)/$(1).xo $(2))
# The RTL core (in the wrapper constraints/rtl_kernel/trinity_core_krnl.sv) as
# an RTL kernel with the same name and stream ports as the HLS core, so the
# same connectivity file links either. The same .xo serves hw and hw_emu.
HLS_CMD_PACKAGE_RTL = $(strip cd $(XCLBIN_DIR) && $(VIVADO) -mode batch -nojournal -nolog \
  -source $(CURDIR)/constraints/rtl_kernel/package_xo.tcl \
  -tclargs $(abspath $(XCLBIN_DIR))/trinity_core_rtl.xo $(CURDIR)/$(HLS_RTL_FILE_LIST) $(CURDIR)/constraints/rtl_kernel/kernel.xml \
  $(CURDIR)/constraints/trinity_core_rtl.xdc $(HLS_PART_$(HLS_BOARD)))
HLS_CMD_LINK = $(strip $(VPP) -l -t $(TARGET) --platform $(PLATFORM) --config $(HLS_CONFIG) \
  --kernel_frequency $(KERNEL_FREQ_MHZ) --temp_dir $(XCLBIN_DIR)/tmp_link --log_dir $(XCLBIN_DIR)/log \
  $(VPP_FLAGS) -o $(XCLBIN) $(HLS_XOS))
# hw_emu runs need emconfig.json beside the host program (or in the
# directory EMCONFIG_PATH names) and XCL_EMULATION_MODE=hw_emu.
HLS_CMD_EMCONFIG = $(EMCONFIGUTIL) --platform $(PLATFORM) --od $(XCLBIN_DIR)

.PHONY: xclbin xclbin-plan hls-check-args hls-check-vitis hls-check-vivado hls-csim hls-csynth hls-cosim

# Refuses at once: bad arguments first, then missing tools. Every rule that
# does work depends on these, so nothing starts before they pass.
hls-check-args:
	@case " $(HLS_PLATFORMS) " in *" $(PLATFORM) "*) ;; *) \
	  echo "mk/hls.mk: PLATFORM=$(PLATFORM) is not supported; use one of: $(HLS_PLATFORMS)" >&2; exit 2;; esac
	@case "$(TARGET)" in hw|hw_emu) ;; *) \
	  echo "mk/hls.mk: TARGET=$(TARGET) is not supported; use TARGET=hw or TARGET=hw_emu" >&2; exit 2;; esac
	@case "$(KERNEL)" in hls|rtl) ;; *) \
	  echo "mk/hls.mk: KERNEL=$(KERNEL) is not supported; use KERNEL=hls or KERNEL=rtl" >&2; exit 2;; esac

hls-check-vitis: hls-check-args
	@command -v $(VPP) >/dev/null 2>&1 || { \
	  echo "mk/hls.mk: $(VPP) not found. Nothing was built. Building an xclbin needs AMD Vitis 2022.2 or later" >&2; \
	  echo "  (v++ and vitis_hls on PATH and XILINX_VITIS set: source <Vitis>/settings64.sh), XRT" >&2; \
	  echo "  (source /opt/xilinx/xrt/setup.sh) and the platform $(PLATFORM) installed" >&2; \
	  echo "  (/opt/xilinx/platforms/$(PLATFORM)/ or PLATFORM_REPO_PATHS)$(if $(filter rtl,$(KERNEL)),; KERNEL=rtl also needs Vivado)." >&2; \
	  echo "  docs/alveo-build.md has the details; 'make xclbin-plan ...' prints the commands without running them." >&2; \
	  exit 1; }
	@test -n "$(XILINX_VITIS)" || { \
	  echo "mk/hls.mk: XILINX_VITIS is not set, so v++ cannot find its installation: source <Vitis>/settings64.sh. Nothing was built." >&2; exit 1; }
	@command -v $(VITIS_HLS) >/dev/null 2>&1 || { \
	  echo "mk/hls.mk: $(VITIS_HLS) not found: v++ -c needs Vitis HLS to compile the kernels (source <Vitis>/settings64.sh). Nothing was built." >&2; exit 1; }
	@for d in $(subst :, ,$(PLATFORM_REPO_PATHS)) /opt/xilinx/platforms; do \
	  test -f "$$d/$(PLATFORM)/$(PLATFORM).xpfm" && exit 0; done; \
	  echo "mk/hls.mk: platform $(PLATFORM) not installed: no $(PLATFORM)/$(PLATFORM).xpfm under PLATFORM_REPO_PATHS" >&2; \
	  echo "  ($(or $(PLATFORM_REPO_PATHS),unset)) or /opt/xilinx/platforms. Install its development (xpfm) package. Nothing was built." >&2; exit 1
	@test "$(TARGET)" != hw_emu || command -v $(EMCONFIGUTIL) >/dev/null 2>&1 || { \
	  echo "mk/hls.mk: $(EMCONFIGUTIL) not found: TARGET=hw_emu needs it (it comes with Vitis) for emconfig.json. Nothing was built." >&2; exit 1; }

hls-check-vivado: hls-check-vitis
	@command -v $(VIVADO) >/dev/null 2>&1 || { \
	  echo "mk/hls.mk: $(VIVADO) not found: KERNEL=rtl packages rtl/ with Vivado (package_xo); it comes with Vitis. Nothing was built." >&2; exit 1; }
	@test -f rtl/trinity_core.sv || { \
	  echo "mk/hls.mk: rtl/trinity_core.sv (top module trinity_core) not found: KERNEL=rtl needs the RTL core. Nothing was built." >&2; exit 1; }

# Every tool the chosen flow needs, checked before any rule that does work
# (order-only prerequisites), so even `make -j` builds nothing half-way.
HLS_CHECKS := hls-check-vitis $(if $(filter rtl,$(KERNEL)),hls-check-vivado)

xclbin: $(HLS_CHECKS) $(XCLBIN) $(HLS_EMCONFIG)
	@echo "xclbin: $(XCLBIN), $(HLS_NUM_CORES) cores ($(HLS_CONFIG))$(if $(HLS_EMCONFIG), (run with XCL_EMULATION_MODE=hw_emu and $(HLS_EMCONFIG) beside the host program or EMCONFIG_PATH=$(XCLBIN_DIR)))"

# What `make xclbin` with the same variables would run, in order; runs
# nothing and needs no tools (arguments are still checked).
xclbin-plan: hls-check-args
	@echo "# make xclbin TARGET=$(TARGET) PLATFORM=$(PLATFORM) KERNEL=$(KERNEL): commands in order (not run)"
	@echo "# NUM_CORES=$(HLS_NUM_CORES) cores per card ($(HLS_CONFIG))"
	@echo "mkdir -p $(XCLBIN_DIR)"
	@$(if $(filter rtl,$(KERNEL)),echo '$(HLS_CMD_PACKAGE_RTL)',echo '$(call HLS_CMD_COMPILE,trinity_core,hls/trinity_core_top.cpp)')
	@$(foreach k,$(HLS_MOVERS),echo '$(call HLS_CMD_COMPILE,$(k),hls/$(k).cpp)';)
	@echo '$(HLS_CMD_LINK)'
	@$(if $(HLS_EMCONFIG),echo '$(HLS_CMD_EMCONFIG)',true)

$(XCLBIN_DIR)/%.xo: hls/%.cpp $(HLS_HEADERS) | $(HLS_CHECKS)
	@mkdir -p $(@D)
	$(call HLS_CMD_COMPILE,$*,$<)

$(XCLBIN_DIR)/trinity_core.xo: hls/trinity_core_top.cpp $(HLS_HEADERS) | $(HLS_CHECKS)
	@mkdir -p $(@D)
	$(call HLS_CMD_COMPILE,trinity_core,$<)

$(XCLBIN_DIR)/trinity_core_rtl.xo: $(HLS_RTL_FILE_LIST) $(shell grep -v '^//' $(HLS_RTL_FILE_LIST)) constraints/rtl_kernel/kernel.xml \
                                   constraints/rtl_kernel/package_xo.tcl constraints/rtl_kernel/trinity_core_krnl.sv \
                                   constraints/trinity_core_rtl.xdc | $(HLS_CHECKS)
	@mkdir -p $(@D)
	$(HLS_CMD_PACKAGE_RTL)

$(XCLBIN): $(HLS_XOS) $(HLS_CONFIG) | $(HLS_CHECKS)
	$(HLS_CMD_LINK)

$(XCLBIN_DIR)/emconfig.json: | $(HLS_CHECKS)
	@mkdir -p $(@D)
	$(HLS_CMD_EMCONFIG)

# Vitis HLS alone: C simulation, synthesis and C/RTL co-simulation of the
# core at the hardware LANES and capacity (hls/run_hls.tcl).
hls-csim hls-csynth hls-cosim: hls-check-args
	@command -v $(VITIS_HLS) >/dev/null 2>&1 || { \
	  echo "mk/hls.mk: $(VITIS_HLS) not found: $@ needs AMD Vitis HLS (source <Vitis>/settings64.sh). Nothing was run." >&2; \
	  echo "  The C simulation also runs without Vitis: ctest -R hls" >&2; exit 1; }
	@mkdir -p build/vitis_hls
	cd build/vitis_hls && $(VITIS_HLS) -f $(CURDIR)/hls/run_hls.tcl -tclargs $(subst hls-,,$@) $(CURDIR) \
	  $(HLS_PART_$(HLS_BOARD)) $(KERNEL_FREQ_MHZ)
