# SPDX-License-Identifier: Apache-2.0
# `make xclbin` on a machine without Vitis: it must stop at once with a
# message that names what is missing, exit non-zero, and leave nothing
# behind (mk/hls.mk); `make xclbin-plan` must print the commands instead. VPP/VITIS_HLS/VIVADO point at nothing so the refusal
# is checked even where Vitis is installed.
set(out_dir ${CMAKE_CURRENT_BINARY_DIR}/xclbin_refusal_out)
file(REMOVE_RECURSE ${out_dir})
foreach(kernel hls rtl)
  foreach(platform xilinx_u250_gen3x16_xdma_4_1_202210_1 xilinx_u280_gen3x16_xdma_1_202211_1
                   xilinx_u55c_gen3x16_xdma_3_202210_1)
    execute_process(
      COMMAND make --no-print-directory -C ${REPO} xclbin TARGET=hw_emu PLATFORM=${platform} KERNEL=${kernel}
              VPP=/nonexistent/v++ VITIS_HLS=/nonexistent/vitis_hls VIVADO=/nonexistent/vivado
              XCLBIN_DIR=${out_dir}
      RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 60)
    message("KERNEL=${kernel} PLATFORM=${platform}: exit ${rc}\n${out}${err}")
    if(rc EQUAL 0)
      message(FATAL_ERROR "make xclbin KERNEL=${kernel} succeeded without Vitis")
    endif()
    if(NOT "${out}${err}" MATCHES "v\\+\\+ not found" OR NOT "${out}${err}" MATCHES "AMD Vitis"
       OR NOT "${out}${err}" MATCHES "vitis_hls" OR NOT "${out}${err}" MATCHES "XILINX_VITIS"
       OR NOT "${out}${err}" MATCHES "platform ${platform}")
      message(FATAL_ERROR "make xclbin KERNEL=${kernel} did not say that Vitis (v++, vitis_hls, "
                          "XILINX_VITIS) and the platform ${platform} are needed")
    endif()
    if(EXISTS ${out_dir})
      message(FATAL_ERROR "make xclbin KERNEL=${kernel} created ${out_dir} before refusing")
    endif()
  endforeach()
endforeach()

# Bad arguments are refused first, each with its own message.
foreach(bad "TARGET=sw" "PLATFORM=xilinx_vck5000_gen4x8_xdma_2_202210_1" "KERNEL=systemc")
  execute_process(
    COMMAND make --no-print-directory -C ${REPO} xclbin TARGET=hw PLATFORM=xilinx_u250_gen3x16_xdma_4_1_202210_1
            KERNEL=hls ${bad} XCLBIN_DIR=${out_dir}
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 60)
  message("${bad}: exit ${rc}\n${out}${err}")
  string(REGEX REPLACE "=.*" "" name "${bad}")
  if(rc EQUAL 0 OR NOT "${out}${err}" MATCHES "${name}=[^ ]* is not supported")
    message(FATAL_ERROR "make xclbin ${bad} was not refused with a message about ${name}")
  endif()
endforeach()

# `make xclbin-plan` prints, without any tool and without creating anything,
# the exact commands `make xclbin` would run: the core (v++ -c or the RTL
# packaging), both movers, the link with the board's config and, for hw_emu,
# emconfigutil.
foreach(kernel hls rtl)
  foreach(platform xilinx_u250_gen3x16_xdma_4_1_202210_1 xilinx_u280_gen3x16_xdma_1_202211_1
                   xilinx_u55c_gen3x16_xdma_3_202210_1)
    string(REGEX MATCH "_(u250|u280|u55c)_" board "${platform}")
    string(REGEX REPLACE "_" "" board "${board}")
    execute_process(
      COMMAND make --no-print-directory -C ${REPO} xclbin-plan TARGET=hw_emu PLATFORM=${platform} KERNEL=${kernel}
              VPP=/nonexistent/v++ VITIS_HLS=/nonexistent/vitis_hls VIVADO=/nonexistent/vivado
              EMCONFIGUTIL=/nonexistent/emconfigutil XCLBIN_DIR=${out_dir}
      RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 60)
    message("xclbin-plan KERNEL=${kernel} PLATFORM=${platform}: exit ${rc}\n${out}${err}")
    if(NOT rc EQUAL 0)
      message(FATAL_ERROR "make xclbin-plan KERNEL=${kernel} PLATFORM=${platform} failed")
    endif()
    set(expect
        "/nonexistent/v\\+\\+ -c -t hw_emu --platform ${platform} -k trinity_mm2s "
        "/nonexistent/v\\+\\+ -c -t hw_emu --platform ${platform} -k trinity_s2mm "
        "/nonexistent/v\\+\\+ -l -t hw_emu --platform ${platform} --config constraints/${board}.cfg "
        "/nonexistent/emconfigutil --platform ${platform} --od "
        "# NUM_CORES=[1-9][0-9]* cores per card \\(constraints/${board}.cfg\\)")
    if(kernel STREQUAL "rtl")
      list(APPEND expect "/nonexistent/vivado -mode batch .*package_xo.tcl .*trinity_core_rtl.xo")
    else()
      list(APPEND expect "/nonexistent/v\\+\\+ -c -t hw_emu --platform ${platform} -k trinity_core ")
    endif()
    foreach(line IN LISTS expect)
      if(NOT "${out}" MATCHES "${line}")
        message(FATAL_ERROR "make xclbin-plan KERNEL=${kernel} PLATFORM=${platform} does not print '${line}'")
      endif()
    endforeach()
    if(EXISTS ${out_dir})
      message(FATAL_ERROR "make xclbin-plan created ${out_dir}")
    endif()
  endforeach()
endforeach()
