// SPDX-License-Identifier: Apache-2.0
// The calibration's outputs: a $readmemh image for the RTL, a C++ header for
// HLS, and a JSON record for training (schema in docs/calibration.md).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "calibration.hpp"

namespace trinity::calib {

// One 4-hex-digit two's-complement entry per line, entry 0 first, after `//`
// comment lines (Verilog $readmemh skips them) describing the geometry.
std::string format_mem(const Calibration& c);
// The entries of a .mem text (comments and blank lines skipped); throws
// InputError naming `name` and the line on anything else.
std::vector<int16_t> parse_mem(const std::string& text, const std::string& name);

// `namespace ns { constexpr int kLutBits, kLutShift; constexpr int16_t kLutLo,
// kLut[N]; }` -- C++11 constructs only, which every HLS front end accepts.
std::string format_header(const Calibration& c, const std::string& ns = "trinity_daf");

// {"version":1,"shape":..,"source":..,"device":{..},"model_domain":{..},
//  "fit":{..},"lut":{..},"lut_error":{..},"curve":{"x":[..],"a":[..]}}
nlohmann::json to_json(const Calibration& c);
// The table of such a record, checked against spec §2 ranges and sizes;
// throws InputError naming `name`.
Lut lut_from_json(const nlohmann::json& j, const std::string& name);

// Writes atomically enough for a build tool (temp file + rename); throws
// RuntimeFailure naming the path when it cannot.
void write_text_file(const std::string& path, const std::string& text);

}  // namespace trinity::calib
