// SPDX-License-Identifier: Apache-2.0
// `trinity verify` as a user meets it: golden, csim and verilator agree bit
// for bit on Fashion-MNIST with the trained model, and a recorded result
// that differs by one spike fails with exit 3 naming the frame.
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "backend.hpp"
#include "cli_runner.hpp"
#include "temp_dir.hpp"

using namespace trinity;
using testing::run_cli;

namespace {

const std::string kModel = std::string(TRINITY_SOURCE_DIR) + "/models/tri_snn_g_s1.trn";

size_t count_of(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t p = text.find(what); p != std::string::npos; p = text.find(what, p + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("verify: golden, golden-wire, csim and verilator agree on Fashion-MNIST test images", "[cli][verify]") {
  std::string backends = "golden,golden-wire,csim";
  if (backend_built("verilator")) backends += ",verilator";
  const auto r = run_cli("verify --model " + kModel + " --backends " + backends + " --dataset fashion-mnist --limit " +
                         std::to_string(TRINITY_VERIFY_IMAGES));
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  CHECK(count_of(r.output, "bit-exact") == count_of(backends, ","));
  CHECK(r.output.find("agree bit for bit on " + std::to_string(TRINITY_VERIFY_IMAGES) + " frames") !=
        std::string::npos);
}

TEST_CASE("verify: simulators run the --sim-limit slice, the RTL's clock is its own", "[cli][verify][facts]") {
  std::string backends = "golden,golden-wire";
  if (backend_built("verilator")) backends += ",verilator";
  const auto r = run_cli("verify --model " + kModel + " --backends " + backends +
                         " --dataset fashion-mnist --limit 6 --sim-limit 2 --clock-mhz 150");
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  CHECK(r.output.find("golden             6") != std::string::npos);
  CHECK(r.output.find("golden-wire        2") != std::string::npos);
  CHECK(r.output.find("on the frames each ran (2 to 6, always the first)") != std::string::npos);
  if (backend_built("verilator")) CHECK(r.output.find("batches of 64) at 150 MHz") != std::string::npos);
}

TEST_CASE("verify: a recorded result one spike off fails with exit 3 and names the frame", "[cli][verify]") {
  const testing::TempDir tmp("trinity_verify");
  const std::string csv = (tmp.path / "golden.csv").string();
  REQUIRE(run_cli("run --model " + kModel + " --dataset fashion-mnist --limit 12 -q --out " + csv).exit_code == 0);
  REQUIRE(run_cli("verify --model " + kModel + " --backends golden --expected " + csv +
                  " --dataset fashion-mnist --limit 12")
              .exit_code == 0);

  // Frame 7's count for output 3 one higher.
  std::ifstream in(csv);
  std::stringstream text;
  std::string line;
  for (int n = 0; std::getline(in, line); ++n) {
    if (n == 8) {
      std::vector<std::string> cells;
      std::stringstream ss(line);
      for (std::string c; std::getline(ss, c, ',');) cells.push_back(c);
      cells[6] = std::to_string(std::stoi(cells[6]) + 1);
      line.clear();
      for (size_t k = 0; k < cells.size(); ++k) line += (k ? "," : "") + cells[k];
    }
    text << line << "\n";
  }
  in.close();
  std::ofstream(csv) << text.str();
  const auto r = run_cli("verify --model " + kModel + " --backends golden,csim --expected " + csv +
                         " --dataset fashion-mnist --limit 12");
  INFO(r.output);
  CHECK(r.exit_code == 3);
  CHECK(r.output.find("MISMATCH at frame 7") != std::string::npos);
  CHECK(r.output.find("output 3 count") != std::string::npos);
}

TEST_CASE("verify: wrong use and bad files are refused", "[cli][verify][errors]") {
  const testing::TempDir tmp("trinity_verify");
  CHECK(run_cli("verify --model " + kModel + " --backends golden,nonsense --dataset fashion-mnist").exit_code == 1);
  CHECK(run_cli("verify --model " + kModel + " --backends golden --dataset fashion-mnist --limit 2").exit_code == 1);
  CHECK(run_cli("verify --model " + kModel + " --backends golden,golden --dataset fashion-mnist --limit 2").exit_code ==
        1);
  const std::string bad = (tmp.path / "bad.csv").string();
  for (const std::string& content :
       {std::string(""), std::string("index,label,prediction\n"),
        std::string("index,label,prediction,count0,count1,count2,count3,count4,count5,count6,count7,count8,count9\n"
                    "0,9,9,1,2,3\n"),
        std::string("index,label,prediction,count0,count1,count2,count3,count4,count5,count6,count7,count8,count9\n"
                    "1,9,9,0,0,0,0,0,0,0,0,0,0\n"),
        std::string("index,label,prediction,count0,count1,count2,count3,count4,count5,count6,count7,count8,count9\n"
                    "0,9,12,0,0,0,0,0,0,0,0,0,0\n"),
        std::string("index,label,prediction,count0,count1,count2,count3,count4,count5,count6,count7,count8,count9\n"
                    "0,9,9,0,0,0,0,0,0,0,0,0,x\n")}) {
    std::ofstream(bad) << content;
    const auto r = run_cli("verify --model " + kModel + " --backends golden --expected " + bad +
                           " --dataset fashion-mnist --limit 1");
    INFO(content << "\n" << r.output);
    CHECK(r.exit_code == 2);
    CHECK(testing::line_count(r.output) == 1);
  }
}
