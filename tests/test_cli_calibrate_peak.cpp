// SPDX-License-Identifier: Apache-2.0
// A Gaussian fit can pass --min-r2 with its centre far from where the device
// actually peaks (a skewed curve): calibrate reports the distance, in volts
// and in sigma, and warns above 0.5 sigma, suggesting --shape measured.
#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>

#include "cli_runner.hpp"
#include "temp_dir.hpp"

TEST_CASE("calibrate warns when the fitted centre is far from the measured peak", "[cli][calib]") {
  const trinity::testing::TempDir tmp("trinity_peak");
  const std::string skewed = tmp.file("skewed.csv");
  {
    // sigma 1 V left of the peak at 0 V, 4 V right of it: R^2 ~0.93 passes --min-r2 0.9.
    std::ofstream f(skewed);
    f << "Vg,Id\n";
    for (int k = 0; k <= 200; ++k) {
      const double v = -10 + 0.1 * k, s = v < 0 ? 1.0 : 4.0;
      f << v << "," << 1e-9 * std::exp(-v * v / (2 * s * s)) << "\n";
    }
  }
  const auto r = trinity::testing::run_cli("calibrate --csv " + skewed);
  INFO(r.output);
  CHECK(r.exit_code == 0);
  CHECK(r.output.find("peak        measured at Vg = 0 V; the fitted centre is +1.7") != std::string::npos);
  CHECK(r.output.find("trinity: warning: " + skewed + ": the fitted centre is 0.6") != std::string::npos);
  CHECK(r.output.find("consider --shape measured") != std::string::npos);

  // The measured AAB curve peaks within 0.15 sigma of its fit: no warning.
  const auto aab =
      trinity::testing::run_cli("calibrate --csv " + std::string(TRINITY_DATA_DIR) + "/aab/aab_forward_vds1V.csv");
  INFO(aab.output);
  CHECK(aab.exit_code == 0);
  CHECK(aab.output.find("(0.15 sigma) from it") != std::string::npos);
  CHECK(aab.output.find("warning") == std::string::npos);
}
