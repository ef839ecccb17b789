// SPDX-License-Identifier: Apache-2.0
#include "options.hpp"

#include <cstdio>
#include <cstdlib>

namespace trinity::sc {

namespace {
const char* const kUsage =
    "usage: sc_tb --scenario fashion|random|image|tasks|malformed|fuzz|reset|fault [--fault NAME] [--seed N]\n"
    "             [--images N] [--sessions N] [--in-gap PCT] [--out-stall PCT] [--max-cycles N]\n"
    "             [--stuck-cycles N] [--fst FILE]\n"
    "faults: src-drop-tvalid src-change-tdata drop-tvalid change-tdata early-output wrong-tlast\n"
    "        swallow-status corrupt-data stale-after-reset block-output\n"
    "exit 0: no checker fired (or, for a fault, the checker meant to catch it fired)\n";

bool number(const char* s, uint64_t* out) {
  char* end = nullptr;
  *out = std::strtoull(s, &end, 10);
  return end != s && *end == '\0';
}
}  // namespace

bool parse_options(int argc, char** argv, Options* o) {
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--help" || a == "-h") {
      std::fputs(kUsage, stdout);
      return false;
    }
    if (i + 1 >= argc) {
      std::fprintf(stderr, "%s needs a value\n%s", a.c_str(), kUsage);
      return false;
    }
    const char* v = argv[++i];
    uint64_t n = 0;
    const bool is_number = number(v, &n);
    if (a == "--scenario") {
      o->scenario = v;
    } else if (a == "--fault") {
      o->fault = v;
    } else if (a == "--fst") {
      o->fst = v;
    } else if (is_number && a == "--seed") {
      o->seed = static_cast<uint32_t>(n);
    } else if (is_number && a == "--images") {
      o->images = static_cast<uint32_t>(n);
    } else if (is_number && a == "--sessions") {
      o->sessions = static_cast<uint32_t>(n);
    } else if (is_number && n <= 100 && a == "--in-gap") {
      o->in_gap = static_cast<int>(n);
    } else if (is_number && n <= 100 && a == "--out-stall") {
      o->out_stall = static_cast<int>(n);
    } else if (is_number && a == "--max-cycles") {
      o->max_cycles = n;
    } else if (is_number && n > 0 && a == "--stuck-cycles") {
      o->stuck_cycles = n;
    } else {
      std::fprintf(stderr, "bad option or value: %s %s\n%s", a.c_str(), v, kUsage);
      return false;
    }
  }
  if (o->scenario.empty()) {
    std::fputs(kUsage, stderr);
    return false;
  }
  return true;
}

}  // namespace trinity::sc
