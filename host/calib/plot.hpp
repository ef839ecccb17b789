// SPDX-License-Identifier: Apache-2.0
// A PNG of a calibration, drawn by gnuplot: the device data with the fit
// (top), and the model-domain table as the hardware reads it against the dAF
// it approximates (bottom).
#pragma once

#include <string>

#include "calibration.hpp"

namespace trinity::calib {

// Runs `gnuplot` from PATH on a script in a private temp directory. Throws
// RuntimeFailure when gnuplot is missing or fails, or no PNG appears.
void write_plot(const Calibration& c, const std::string& png_path);

}  // namespace trinity::calib
