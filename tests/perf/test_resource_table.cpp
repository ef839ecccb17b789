// SPDX-License-Identifier: Apache-2.0
// The synthesis table as data: the shipped file loads, exact rows are
// returned as synthesised, LANES between rows interpolate, LANES outside the
// range get no numbers, and a damaged file is one InputError line.
#include <catch2/catch.hpp>
#include <fstream>

#include "errors.hpp"
#include "resource_table.hpp"
#include "temp_dir.hpp"

using namespace trinity;
using namespace trinity::perf;

TEST_CASE("the shipped resource table loads and answers per LANES", "[perf]") {
  const auto table = load_resource_table(std::string(TRINITY_SOURCE_DIR) + "/data/synth/resources.csv");
  REQUIRE(table.size() >= 3);
  const ResourceEstimate at32 = estimate_resources(table, 32);
  CHECK(at32.available);
  CHECK(at32.synthesised);
  CHECK(at32.row.lut == 31392);
  const ResourceEstimate at64 = estimate_resources(table, 64);
  CHECK(at64.available);
  CHECK_FALSE(at64.synthesised);
  CHECK(at64.row.lut > at32.row.lut);
  CHECK(at64.row.lut < estimate_resources(table, 128).row.lut);
  CHECK(at64.basis.find("interpolated") != std::string::npos);
  const ResourceEstimate at4 = estimate_resources(table, 4);
  CHECK_FALSE(at4.available);
  CHECK(at4.basis.find("outside") != std::string::npos);
}

TEST_CASE("a damaged resource table names the file and line", "[perf]") {
  const testing::TempDir tmp("trinity_perf");
  const auto write = [&](const std::string& text) {
    std::ofstream(tmp.file("r.csv")) << text;
    return tmp.file("r.csv");
  };
  const std::string header = "lanes,lut,ff,dsp,bram36,lutram_cells\n";
  CHECK_THROWS_AS(load_resource_table(tmp.file("missing.csv")), InputError);
  CHECK_THROWS_AS(load_resource_table(write("lanes,lut\n8,1\n")), InputError);
  CHECK_THROWS_AS(load_resource_table(write(header)), InputError);
  CHECK_THROWS_AS(load_resource_table(write(header + "8,1,2,3,4\n")), InputError);
  CHECK_THROWS_AS(load_resource_table(write(header + "8,1,2,x,4,5\n")), InputError);
  CHECK_THROWS_AS(load_resource_table(write(header + "8,1,2,3,4,5\n8,1,2,3,4,5\n")), InputError);
  try {
    load_resource_table(write("# comment\n" + header + "8,1,2,3,-4,5\n"));
    FAIL("accepted a negative count");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()).find("r.csv:3") != std::string::npos);
  }
}
