// SPDX-License-Identifier: Apache-2.0
// dAF tables (host/calib/lut.hpp) against spec §3 idx() and §7, the writers
// (host/calib/writers.hpp) read back, and `trinity calibrate` end to end.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "calibration.hpp"
#include "errors.hpp"
#include "fixed_point.hpp"
#include "lut.hpp"
#include "network.hpp"
#include "writers.hpp"

using namespace trinity::calib;
using trinity::InputError;

namespace fs = std::filesystem;

namespace {

const std::string kForward = std::string(TRINITY_DATA_DIR) + "/aab/aab_forward_vds1V.csv";

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// A scratch directory per test process, removed at exit.
struct Scratch {
  fs::path dir = fs::temp_directory_path() / ("trinity_calib_test_" + std::to_string(getpid()));
  Scratch() { fs::create_directories(dir); }
  ~Scratch() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
};

// The exit status of `trinity ARGS` with output to files in `dir`.
int cli(const std::string& args, const fs::path& dir, const std::string& env = "") {
  const std::string cmd = env + " '" TRINITY_CLI "' " + args + " >'" + (dir / "out.txt").string() + "' 2>'" +
                          (dir / "err.txt").string() + "'";
  const int rc = std::system(cmd.c_str());
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

}  // namespace

TEST_CASE("geometry: the default Gaussian target gets 256 entries of 1/64 from mu - 2", "[calib][lut]") {
  const auto [lo, hi] = gaussian_support(kDefaultModelTarget);
  CHECK(lo == Approx(1.0 - 4 * 0.4));
  CHECK(hi == Approx(1.0 + 4 * 0.4));
  const LutGeometry g = choose_geometry(lo, hi, 8);
  CHECK(g.lut_bits == 8);
  CHECK(g.lut_shift == 2);
  CHECK(g.lut_lo == -256);
  CHECK(g.first_v() == -256);
  CHECK(g.last_v() == 767);
  CHECK(g.centre(0) == Approx((-256 + 2) / 256.0));
  // A large amplitude widens the support to where 256·g < 1/2.
  const auto [lo2, hi2] = gaussian_support(Gaussian{100.0, 0.0, 1.0});
  CHECK(hi2 == Approx(std::sqrt(2 * std::log(51200.0))));
  CHECK(lo2 == Approx(-hi2));
}

TEST_CASE("geometry: the finest shift that covers the range, for any range and size", "[calib][lut]") {
  const double ranges[][2] = {{0, 0},     {-0.6, 2.6}, {-128, 127.99}, {-200, 300}, {5, 5.001},
                              {-1, -0.5}, {100, 127},  {-127.9, -100}, {0.3, 0.3}};
  for (int bits = 1; bits <= 12; ++bits) {
    for (auto& r : ranges) {
      INFO("bits " << bits << " range " << r[0] << " " << r[1]);
      const LutGeometry g = choose_geometry(r[0], r[1], bits);
      const long lo = std::max<long>(std::floor(r[0] * 256), -32768);
      const long hi = std::min<long>(std::ceil(r[1] * 256), 32767);
      CHECK(g.first_v() <= lo);
      CHECK(g.last_v() >= hi);
      CHECK(g.lut_shift >= 0);
      CHECK(g.lut_shift <= 15);
      if (g.lut_shift > 0) CHECK((1L << (bits + g.lut_shift - 1)) < hi - lo + 1);  // one less would not cover
    }
  }
  CHECK(choose_geometry(-1000, 1000, 1).lut_shift == 15);
  CHECK(choose_geometry(-1000, 1000, 1).lut_lo == -32768);
  CHECK_THROWS_AS(choose_geometry(0, 1, 0), InputError);
  CHECK_THROWS_AS(choose_geometry(0, 1, 13), InputError);
  CHECK_THROWS_AS(choose_geometry(1, 0, 8), InputError);
  CHECK_THROWS_AS(choose_geometry(0, INFINITY, 8), InputError);
}

TEST_CASE("entries are sat16(round(256·g(x_k))) at the §7 bucket centres", "[calib][lut]") {
  for (int shift : {0, 1, 3}) {
    LutGeometry geo;
    geo.lut_bits = 4;
    geo.lut_shift = shift;
    geo.lut_lo = -20;
    const Lut lut = build_lut(geo, [](double x) { return 3.0 * x - 0.25; });
    REQUIRE(lut.entries.size() == 16);
    for (int k = 0; k < 16; ++k) {
      // Integer form of x_k·256 from the spec text.
      const long v = -20 + k * (1L << shift) + (shift == 0 ? 0 : (1L << (shift - 1)));
      CHECK(lut.entries[k] == std::lround(256 * (3.0 * v / 256.0 - 0.25)));
    }
  }
  LutGeometry geo;
  geo.lut_bits = 2;
  const Lut big = build_lut(geo, [](double x) { return x < 1.0 / 256 ? 1e9 : -1e9; });
  CHECK(big.entries[0] == 32767);
  CHECK(big.entries[3] == -32768);
  CHECK_THROWS_AS(build_lut(geo, [](double) { return NAN; }), InputError);
}

TEST_CASE("the table is read through idx(): clamped at both ends", "[calib][lut]") {
  const Lut lut = build_lut(choose_geometry(-0.6, 2.6, 8), [](double x) { return x; });
  CHECK(lut.at(-32768) == lut.entries.front());
  CHECK(lut.at(lut.lut_lo) == lut.entries.front());
  CHECK(lut.at(lut.lut_lo + 3) == lut.entries[0]);
  CHECK(lut.at(lut.lut_lo + 4) == lut.entries[1]);
  CHECK(lut.at(lut.last_v()) == lut.entries.back());
  CHECK(lut.at(32767) == lut.entries.back());
  for (int v = -32768; v <= 32767; v += 97) {
    CHECK(lut.at(v) == lut.entries[trinity::lut_index(v, lut.lut_lo, lut.lut_shift, lut.lut_bits)]);
  }
}

TEST_CASE("LUT error is the hardware's error, bounded by slope·step + rounding", "[calib][lut]") {
  const Gaussian g = kDefaultModelTarget;
  const Lut lut = build_lut(choose_geometry(-0.6, 2.6, 8), g);
  const LutError e = lut_error(lut, g);
  CHECK(e.v_lo == lut.first_v());
  CHECK(e.v_hi == lut.last_v());
  const double slope = g.amplitude / g.sigma * std::exp(-0.5);
  CHECK(e.max <= slope * lut.step_lsb() / 256.0 + 0.5 / 256 + 1e-9);
  CHECK(e.max > 0);
  CHECK(e.rms < e.max);
  CHECK(std::fabs(lut.at(e.worst_v) / 256.0 - g(e.worst_v / 256.0)) == Approx(e.max));
  // Clamping costs nothing past the support: g is below 1/512 there.
  const LutError all = lut_error(lut, g, -32768, 32767);
  CHECK(all.max == Approx(e.max));
  // More entries, smaller error.
  const Lut fine = build_lut(choose_geometry(-0.6, 2.6, 12), g);
  CHECK(lut_error(fine, g).max < e.max / 4);
  // A table that is exactly g has no error.
  const Lut steps = build_lut(choose_geometry(0, 1, 8), [](double) { return 0.5; });
  CHECK(lut_error(steps, [](double) { return 0.5; }).max == 0);
}

TEST_CASE("measured shape: the table covers the data and holds the interpolated curve", "[calib][lut]") {
  CalibrationOptions opt;
  opt.shape = Shape::kMeasured;
  const Calibration c = calibrate_file(kForward, opt);
  REQUIRE(c.model_curve.x.size() == 201);
  CHECK(c.range_lo == c.model_curve.x.front());
  CHECK(c.range_hi == c.model_curve.x.back());
  CHECK(c.lut.first_v() <= std::floor(c.range_lo * 256));
  CHECK(c.lut.last_v() >= std::ceil(c.range_hi * 256));
  for (size_t k = 0; k < c.lut.entries.size(); ++k) {
    REQUIRE(c.lut.entries[k] == std::lround(256 * interpolate(c.model_curve, c.lut.centre(k))));
  }
  CHECK(c.g(-100) == c.model_curve.a.front());
  CHECK(c.g(100) == c.model_curve.a.back());
  // The measured peak sits near the target's centre and height.
  const auto peak = std::max_element(c.model_curve.a.begin(), c.model_curve.a.end());
  CHECK(*peak == Approx(1.0).margin(0.1));
  CHECK(c.model_curve.x[peak - c.model_curve.a.begin()] == Approx(1.0).margin(0.15));
  CHECK(c.lut_error.max < 0.05);
  // The error is measured over the data's range, where the table matters.
  CHECK(c.lut_error.v_lo == std::floor(c.range_lo * 256));
  CHECK(c.lut_error.v_hi == std::ceil(c.range_hi * 256));
}

TEST_CASE("writers: .mem parses back to the entries, two's complement", "[calib][lut][writers]") {
  CalibrationOptions opt;
  opt.target.amplitude = -1.0;  // negative entries exercise two's complement
  const Calibration c = calibrate_file(kForward, opt);
  const std::string mem = format_mem(c);
  CHECK(mem.rfind("// ", 0) == 0);
  CHECK(parse_mem(mem, "t.mem") == c.lut.entries);
  std::istringstream in(mem);
  std::string line;
  size_t data_lines = 0;
  while (std::getline(in, line)) {
    if (line.rfind("//", 0) == 0) continue;
    REQUIRE(std::regex_match(line, std::regex("[0-9a-f]{4}")));
    ++data_lines;
  }
  CHECK(data_lines == 256);
  CHECK(mem.find("\nff00\n") != std::string::npos);  // -256: the peak of -g
  CHECK_THROWS_WITH(parse_mem("// x\n00ff\nxyz\n", "b.mem"), Catch::StartsWith("b.mem: line 3:"));
}

TEST_CASE("writers: the HLS header carries geometry and every entry", "[calib][lut][writers]") {
  const Calibration c = calibrate_file(kForward, {});
  const std::string h = format_header(c, "daf_test");
  CHECK(h.find("namespace daf_test {") != std::string::npos);
  CHECK(h.find("constexpr int kLutBits = 8;") != std::string::npos);
  CHECK(h.find("constexpr int kLutShift = 2;") != std::string::npos);
  CHECK(h.find("constexpr int16_t kLutLo = -256;") != std::string::npos);
  const size_t open = h.find("kLut[256] = {");
  REQUIRE(open != std::string::npos);
  std::string body = h.substr(open + 13, h.find("};", open) - open - 13);
  std::replace(body.begin(), body.end(), ',', ' ');
  std::istringstream in(body);
  std::vector<int16_t> values;
  int v;
  while (in >> v) values.push_back(static_cast<int16_t>(v));
  CHECK(values == c.lut.entries);
}

TEST_CASE("writers: JSON has exactly the training schema and round-trips the table", "[calib][lut][writers]") {
  const Calibration c = calibrate_file(kForward, {});
  const nlohmann::json j = to_json(c);
  std::vector<std::string> keys;
  for (auto it = j.begin(); it != j.end(); ++it) keys.push_back(it.key());
  CHECK(keys == std::vector<std::string>{"curve", "device", "fit", "lut", "lut_error", "model_domain", "shape",
                                         "source", "version"});
  CHECK(j["version"] == 1);
  CHECK(j["shape"] == "gaussian");
  CHECK(j["source"] == kForward);
  CHECK(j["device"]["center_V"].get<double>() == Approx(c.fit.g.center));
  CHECK(j["device"].size() == 3);
  CHECK(j["model_domain"]["sigma"] == 0.4);
  CHECK(j["fit"]["r2"].get<double>() == Approx(c.fit.quality.r2));
  CHECK(j["fit"].contains("rmse_A"));
  CHECK(j["fit"].contains("max_abs_error_A"));
  CHECK(j["lut"]["lut_bits"] == 8);
  CHECK(j["lut_error"]["max"].get<double>() == Approx(c.lut_error.max));
  CHECK(j["curve"]["x"].size() == 201);
  CHECK(j["curve"]["a"].size() == 201);

  const nlohmann::json parsed = nlohmann::json::parse(j.dump());
  const Lut back = lut_from_json(parsed, "d.json");
  CHECK(back.entries == c.lut.entries);
  CHECK(back.lut_lo == c.lut.lut_lo);
  CHECK(back.lut_shift == c.lut.lut_shift);

  trinity::Layer layer;
  apply_to_layer(back, layer);
  CHECK(layer.lut == c.lut.entries);
  CHECK(layer.lut_bits == 8);
  CHECK(layer.lut_entries() == 256);

  nlohmann::json bad = parsed;
  bad["lut"]["entries"].erase(0);
  CHECK_THROWS_WITH(lut_from_json(bad, "d.json"), Catch::Contains("255 values"));
  bad = parsed;
  bad["lut"]["lut_shift"] = 16;
  CHECK_THROWS_WITH(lut_from_json(bad, "d.json"), Catch::Contains("lut.lut_shift = 16"));
  bad = parsed;
  bad["lut"]["entries"][3] = 40000;
  CHECK_THROWS_WITH(lut_from_json(bad, "d.json"), Catch::Contains("entries[3]"));
}

TEST_CASE("trinity calibrate writes .json/.mem/.hpp and maps errors to exit codes", "[calib][cli]") {
  Scratch s;
  const fs::path out = s.dir / "daf";
  REQUIRE(cli("calibrate --csv '" + kForward + "' --shape measured --lut-bits 10 --out-dir '" + out.string() + "'",
              s.dir) == 0);
  const std::string report = slurp(s.dir / "out.txt");
  CHECK(report.find("R^2 = 0.99") != std::string::npos);
  CHECK(report.find("LUT error") != std::string::npos);
  const nlohmann::json j = nlohmann::json::parse(slurp(out / "aab_forward_vds1V_measured.json"));
  CHECK(j["shape"] == "measured");
  CHECK(j["lut"]["entries"].size() == 1024);
  CHECK(parse_mem(slurp(out / "aab_forward_vds1V_measured.mem"), "m") == lut_from_json(j, "j").entries);
  CHECK(fs::exists(out / "aab_forward_vds1V_measured.hpp"));

  // Only a report: nothing written.
  CHECK(cli("calibrate --csv '" + kForward + "'", s.dir) == 0);
  CHECK(slurp(s.dir / "out.txt").find("nothing written") != std::string::npos);

  // Bad input file: exit 2 with the file and line.
  std::ofstream(s.dir / "bad.csv") << "Vg,Id\n1,2\n2,nan\n";
  CHECK(cli("calibrate --csv '" + (s.dir / "bad.csv").string() + "'", s.dir) == 2);
  CHECK(slurp(s.dir / "err.txt").find("bad.csv: line 3: Id is not finite") != std::string::npos);
  CHECK(cli("calibrate --csv '" + std::string(TRINITY_DATA_DIR) + "/aab/aab_forward_vdsneg1V.csv'", s.dir) == 2);

  // --plot without gnuplot on PATH is a runtime failure (exit 3), not a crash.
  CHECK(cli("calibrate --csv '" + kForward + "' --plot '" + (s.dir / "p.png").string() + "'", s.dir,
            "PATH=/nonexistent") == 3);
  CHECK(slurp(s.dir / "err.txt").find("gnuplot") != std::string::npos);
}

TEST_CASE("trinity calibrate --plot writes a PNG when gnuplot is installed", "[calib][cli][plot]") {
  if (std::system("command -v gnuplot >/dev/null 2>&1") != 0) {
    WARN("gnuplot not installed; --plot not exercised");
    return;
  }
  Scratch s;
  const fs::path png = s.dir / "daf plot's.png";  // a space and a quote in the path
  REQUIRE(cli("calibrate --csv '" + kForward + "' --plot \"" + png.string() + "\"", s.dir) == 0);
  const std::string bytes = slurp(png);
  REQUIRE(bytes.size() > 1000);
  CHECK(bytes.compare(0, 8, "\x89PNG\r\n\x1a\n") == 0);
}
