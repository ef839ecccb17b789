// SPDX-License-Identifier: Apache-2.0
// I-V CSV parsing and the whole calibration behind it (fit, table, error
// report, writers): a curve is calibrated or refused with one InputError.
#include <string_view>

#include "calibration.hpp"
#include "fuzz_common.hpp"
#include "iv_csv.hpp"
#include "writers.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  trinity::fuzz::expect_accept_or_input_error([&] {
    const trinity::calib::IvCurve curve = trinity::calib::parse_iv_csv(text, "fuzz.csv");
    for (auto shape : {trinity::calib::Shape::kGaussian, trinity::calib::Shape::kMeasured}) {
      trinity::calib::CalibrationOptions options;
      options.shape = shape;
      options.lut_bits = 6;  // small tables keep the executions fast
      const trinity::calib::Calibration c = trinity::calib::calibrate(curve, options);
      (void)trinity::calib::format_mem(c);
      (void)trinity::calib::to_json(c).dump();
    }
  });
  return 0;
}
