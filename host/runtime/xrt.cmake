# SPDX-License-Identifier: Apache-2.0
# The xrt backend (XRT native C++ API), included at the
# end of host/runtime/CMakeLists.txt.
#
# XRT is found from an XRT install's own package config first (e.g.
# /opt/xilinx/xrt/share/cmake/XRT, on CMAKE_PREFIX_PATH or via XILINX_XRT),
# else from the headers and library alone: Debian's libxrt-dev ships neither
# a CMake config nor a usable xrt.pc.

# The rule that finds a card's cores from its compute-unit names is plain
# C++, so it is built (and tested) always.
target_sources(trinity_runtime PRIVATE ${CMAKE_CURRENT_LIST_DIR}/xrt_cores.cpp)

find_package(XRT CONFIG QUIET HINTS $ENV{XILINX_XRT} /opt/xilinx/xrt PATH_SUFFIXES share/cmake/XRT)
if(XRT_FOUND AND TARGET XRT::xrt_coreutil)
  set(_trinity_xrt_lib XRT::xrt_coreutil)
  set(_trinity_xrt_inc ${XRT_INCLUDE_DIRS})  # the imported target may not carry them
  set(_trinity_xrt_where "XRT ${XRT_VERSION} package config (${XRT_DIR})")
else()
  find_path(TRINITY_XRT_INCLUDE_DIR xrt/xrt_device.h
    HINTS $ENV{XILINX_XRT}/include /opt/xilinx/xrt/include
    PATH_SUFFIXES xrt)  # Debian: /usr/include/xrt/xrt/xrt_device.h
  find_library(TRINITY_XRT_COREUTIL xrt_coreutil HINTS $ENV{XILINX_XRT}/lib /opt/xilinx/xrt/lib)
  if(TRINITY_XRT_INCLUDE_DIR AND TRINITY_XRT_COREUTIL)
    set(_trinity_xrt_lib ${TRINITY_XRT_COREUTIL})
    set(_trinity_xrt_inc ${TRINITY_XRT_INCLUDE_DIR})
    set(_trinity_xrt_where "${TRINITY_XRT_COREUTIL}, headers in ${TRINITY_XRT_INCLUDE_DIR}")
  endif()
endif()

# XRT's xrt_uuid.h calls libuuid inline (uuid_clear, uuid_copy, ...), so the
# code that includes it links libuuid itself (Debian: uuid-dev).
find_library(TRINITY_UUID_LIB uuid)
set(_trinity_xrt_why "no XRT found: install libxrt-dev, or source /opt/xilinx/xrt/setup.sh")
if(_trinity_xrt_lib AND NOT TRINITY_UUID_LIB)
  set(_trinity_xrt_why "XRT found, but not libuuid: install uuid-dev")
  unset(_trinity_xrt_lib)
endif()

if(_trinity_xrt_lib)
  target_sources(trinity_runtime PRIVATE ${CMAKE_CURRENT_LIST_DIR}/xrt_device.cpp ${CMAKE_CURRENT_LIST_DIR}/xrt_backend.cpp)
  if(_trinity_xrt_inc)
    # SYSTEM: XRT's headers are not ours to keep warning-free.
    target_include_directories(trinity_runtime SYSTEM PRIVATE ${_trinity_xrt_inc})
  endif()
  target_link_libraries(trinity_runtime PRIVATE ${_trinity_xrt_lib} ${TRINITY_UUID_LIB})
  target_compile_definitions(trinity_runtime PRIVATE TRINITY_WITH_XRT=1)
  message(STATUS "xrt backend: built against ${_trinity_xrt_where}")
else()
  message(STATUS "xrt backend: not built (${_trinity_xrt_why})")
endif()
