// SPDX-License-Identifier: Apache-2.0
// Stand-in for Xilinx's ap_axi_sdata.h: the AXI4-Stream beat ap_axiu<D, U,
// TI, TD>. Only the side channels the kernels touch (TDATA, TKEEP, TSTRB,
// TLAST) are modelled; U, TI and TD must be 0, as protocol v2 §1 has no
// TUSER/TID/TDEST.
#pragma once

#include "ap_int.h"

template <int D, int U, int TI, int TD>
struct ap_axiu {
  static_assert(U == 0 && TI == 0 && TD == 0, "the compat ap_axiu has no TUSER/TID/TDEST");
  ap_uint<D> data;
  ap_uint<(D + 7) / 8> keep;
  ap_uint<(D + 7) / 8> strb;
  ap_uint<1> last;
};
