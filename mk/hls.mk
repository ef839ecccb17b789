# Alveo build flows (docs/alveo-build.md): the HLS kernels in hls/ or the RTL
# core in rtl/ linked with the mm2s/s2mm movers into an xclbin by v++.
#
#   make xclbin TARGET=hw|hw_emu PLATFORM=<platform> KERNEL=hls|rtl
#   make hls-csim | hls-csynth | hls-cosim      (Vitis HLS on hls/run_hls.tcl)
#
# None of this can run without AMD Vitis (v++, vitis_hls) and, for
# KERNEL=rtl, Vivado. Without them every target here stops before doing
# anything, says what is missing and exits non-zero: a half-built xclbin is
# worse than none. The csim of the kernels needs no Vitis: ctest runs it.

TARGET   ?= hw
PLATFORM ?= xilinx_u250_gen3x16_xdma_4_1_202210_1
KERNEL   ?= hls
KERNEL_FREQ_MHZ ?= 300
VPP       ?= v++
VITIS_HLS ?= vitis_hls
VIVADO    ?= vivado
XCLBIN_DIR ?= build/xclbin/$(KERNEL)-$(TARGET)-$(HLS_BOARD)

HLS_PLATFORMS := xilinx_u250_gen3x16_xdma_4_1_202210_1 \
                 xilinx_u280_gen3x16_xdma_1_202211_1 \
                 xilinx_u55c_gen3x16_xdma_3_202210_1
HLS_BOARD := $(or $(if $(findstring _u250_,$(PLATFORM)),u250),$(if $(findstring _u280_,$(PLATFORM)),u280),$(if $(findstring _u55c_,$(PLATFORM)),u55c),unknown)
# The FPGA part is needed only to package the RTL kernel (Vivado project).
HLS_PART_u250 := xcu250-figd2104-2L-e
HLS_PART_u280 := xcu280-fsvh2892-2L-e
HLS_PART_u55c := xcu55c-fsvh2892-2L-e

HLS_INCLUDES := -I hls -I sim/golden -I host/protocol
HLS_HEADERS  := hls/trinity_core.hpp hls/trinity_kernels.hpp sim/golden/fixed_point.hpp host/protocol/protocol.hpp
HLS_MOVERS   := trinity_mm2s trinity_s2mm
XCLBIN       := $(XCLBIN_DIR)/trinity.xclbin

.PHONY: xclbin hls-check-args hls-check-vitis hls-check-vivado hls-csim hls-csynth hls-cosim

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
	  echo "mk/hls.mk: $(VPP) not found. Building an xclbin needs AMD Vitis (2022.2 or later: v++, vitis_hls)" >&2; \
	  echo "  and the platform $(PLATFORM) installed; source <Vitis>/settings64.sh and" >&2; \
	  echo "  /opt/xilinx/xrt/setup.sh first (docs/alveo-build.md). Nothing was built." >&2; exit 1; }
	@test -n "$(XILINX_VITIS)$(XILINX_HLS)" || command -v $(VITIS_HLS) >/dev/null 2>&1 || { \
	  echo "mk/hls.mk: $(VITIS_HLS) not found: v++ needs Vitis HLS to compile the kernels. Nothing was built." >&2; exit 1; }

hls-check-vivado: hls-check-vitis
	@command -v $(VIVADO) >/dev/null 2>&1 || { \
	  echo "mk/hls.mk: $(VIVADO) not found: KERNEL=rtl packages rtl/ with Vivado (package_xo); it comes with Vitis. Nothing was built." >&2; exit 1; }
	@test -f rtl/trinity_core.sv || { \
	  echo "mk/hls.mk: rtl/trinity_core.sv (top module trinity_core) not found: KERNEL=rtl needs the RTL core. Nothing was built." >&2; exit 1; }

# Every tool the chosen flow needs, checked before any rule that does work
# (order-only prerequisites), so even `make -j` builds nothing half-way.
HLS_CHECKS := hls-check-vitis $(if $(filter rtl,$(KERNEL)),hls-check-vivado)

xclbin: $(HLS_CHECKS) $(XCLBIN)
	@echo "xclbin: $(XCLBIN)"

# One .xo per HLS kernel. --hls.clock is the synthesis target only; the
# platform's scalable kernel clock is set at link time (--kernel_frequency).
$(XCLBIN_DIR)/%.xo: hls/%.cpp $(HLS_HEADERS) | $(HLS_CHECKS)
	@mkdir -p $(@D)
	$(VPP) -c -t $(TARGET) --platform $(PLATFORM) -k $* $(HLS_INCLUDES) \
	  --hls.clock $(KERNEL_FREQ_MHZ)000000:$* --temp_dir $(@D)/tmp_$* --log_dir $(@D)/log -o $@ $<

$(XCLBIN_DIR)/trinity_core.xo: hls/trinity_core_top.cpp $(HLS_HEADERS) | $(HLS_CHECKS)
	@mkdir -p $(@D)
	$(VPP) -c -t $(TARGET) --platform $(PLATFORM) -k trinity_core $(HLS_INCLUDES) \
	  --hls.clock $(KERNEL_FREQ_MHZ)000000:trinity_core --temp_dir $(@D)/tmp_core --log_dir $(@D)/log -o $@ $<

# The RTL core (in the wrapper constraints/rtl_kernel/trinity_core_krnl.sv)
# as an RTL kernel with the same name and stream ports as the HLS core, so
# the same connectivity file links either.
$(XCLBIN_DIR)/trinity_core_rtl.xo: $(wildcard rtl/*.sv rtl/*.v) constraints/rtl_kernel/kernel.xml \
                                   constraints/rtl_kernel/package_xo.tcl constraints/rtl_kernel/trinity_core_krnl.sv \
                                   constraints/trinity_core_rtl.xdc | $(HLS_CHECKS)
	@mkdir -p $(@D)
	cd $(@D) && $(VIVADO) -mode batch -nojournal -nolog -source $(CURDIR)/constraints/rtl_kernel/package_xo.tcl \
	  -tclargs $(abspath $@) $(CURDIR)/rtl $(CURDIR)/constraints/rtl_kernel/kernel.xml \
	  $(CURDIR)/constraints/trinity_core_rtl.xdc $(HLS_PART_$(HLS_BOARD))

HLS_CORE_XO := $(XCLBIN_DIR)/$(if $(filter rtl,$(KERNEL)),trinity_core_rtl,trinity_core).xo

$(XCLBIN): $(HLS_CORE_XO) $(foreach k,$(HLS_MOVERS),$(XCLBIN_DIR)/$(k).xo) constraints/$(HLS_BOARD).cfg | $(HLS_CHECKS)
	$(VPP) -l -t $(TARGET) --platform $(PLATFORM) --config constraints/$(HLS_BOARD).cfg \
	  --kernel_frequency $(KERNEL_FREQ_MHZ) --temp_dir $(@D)/tmp_link --log_dir $(@D)/log \
	  -o $@ $(filter %.xo,$^)

# Vitis HLS alone: C simulation, synthesis and C/RTL co-simulation of the
# core at the hardware LANES and capacity (hls/run_hls.tcl).
hls-csim hls-csynth hls-cosim: hls-check-args
	@command -v $(VITIS_HLS) >/dev/null 2>&1 || { \
	  echo "mk/hls.mk: $(VITIS_HLS) not found: $@ needs AMD Vitis HLS (source <Vitis>/settings64.sh). Nothing was run." >&2; \
	  echo "  The C simulation also runs without Vitis: ctest -R hls" >&2; exit 1; }
	@mkdir -p build/vitis_hls
	cd build/vitis_hls && $(VITIS_HLS) -f $(CURDIR)/hls/run_hls.tcl -tclargs $(subst hls-,,$@) $(CURDIR) \
	  $(HLS_PART_$(HLS_BOARD)) $(KERNEL_FREQ_MHZ)
