// SPDX-License-Identifier: Apache-2.0
// The workloads, each a host script: Fashion-MNIST under stalls, random
// networks, malformed packets, resets mid-frame, and the short session the
// fault tests run. Also which checker each fault must trip.
#pragma once

#include <string>

#include "axis_source.hpp"
#include "check_log.hpp"
#include "fault_injector.hpp"
#include "golden_core.hpp"
#include "host_model.hpp"
#include "options.hpp"

namespace trinity::sc {

CoreCapacity sc_capacity();

// Returns an empty script for an unknown scenario name.
HostModel::Script make_script(const Options& o);

struct FaultPlan {
  SourceFault source = SourceFault::kNone;
  OutputFault output = OutputFault::kNone;
  Checker catcher = Checker::kCount;  // kCount: no fault
};
bool plan_fault(const std::string& name, FaultPlan* out);

}  // namespace trinity::sc
