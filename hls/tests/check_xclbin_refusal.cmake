# `make xclbin` on a machine without Vitis: it must stop at once with a
# message that names what is missing, exit non-zero, and leave nothing
# behind (mk/hls.mk). VPP/VITIS_HLS/VIVADO point at nothing so the refusal
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
    if(NOT "${out}${err}" MATCHES "v\\+\\+ not found" OR NOT "${out}${err}" MATCHES "AMD Vitis")
      message(FATAL_ERROR "make xclbin KERNEL=${kernel} did not say that Vitis (v++) is needed")
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
