// SPDX-License-Identifier: Apache-2.0
// The tasks of a gated model (format v2) through the real CLI: `trinity info`
// lists each task's gate density per layer, `trinity run --task K` gives
// exactly the results of the task's network saved as an ordinary model, and
// `trinity verify --task K` (or --all-tasks) holds the backends to each other.
#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <random>

#include "cli_runner.hpp"
#include "model_file.hpp"
#include "random_network.hpp"
#include "task_gates.hpp"
#include "temp_dir.hpp"

using namespace trinity;
using testing::run_cli;

namespace {

std::string slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(f)), {});
}

}  // namespace

TEST_CASE("a gated model through the CLI: info lists tasks and run or verify --task K runs task K", "[cli][gates]") {
  const testing::TempDir tmp("trinity_tasks");
  std::mt19937 rng(12);
  Network net = testing::two_layer_net(rng, 4, 784, 20, 10, UnitKind::kTriGauss, UnitKind::kTriRelu);
  for (Layer& l : net.layers) l.w_shift = 0;  // weights large enough that gating changes the output
  const TaskGates gates = testing::random_gates(rng, net, 3, {0.03, 0.3, 1.0});
  const std::string model = tmp.file("gated.trn");
  save_model(model, net, "", gates);

  SECTION("info lists every task's density per layer") {
    const auto r = run_cli("info " + model);
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    CHECK(r.output.find("format     v2") != std::string::npos);
    CHECK(r.output.find("tasks      3") != std::string::npos);
    for (uint32_t k = 0; k < 3; ++k) {
      std::string line = "task " + std::to_string(k + 1) + ":";
      for (size_t l = 0; l < 2; ++l) {
        const uint64_t kept = gate_kept(gates, k, l), all = net.layers[l].weights.size();
        char part[96];
        std::snprintf(part, sizeof part, "%s layer %zu %.2f %% (%llu of %llu)", l ? "," : "", l, 100.0 * kept / all,
                      static_cast<unsigned long long>(kept), static_cast<unsigned long long>(all));
        line += part;
      }
      CHECK(r.output.find(line + "\n") != std::string::npos);
    }
    CHECK(r.output.find("task 3: layer 0 100.00 % (15680 of 15680), layer 1 100.00 % (200 of 200)") !=
          std::string::npos);
  }
  SECTION("run --task K equals the task's network saved as an ordinary model") {
    for (uint32_t k = 0; k < 3; ++k) {
      CAPTURE(k + 1);
      const std::string plain = tmp.file("task.trn");
      save_model(plain, gated_network(net, gates, k), "");
      const std::string common = " --dataset fashion-mnist --limit 60 -q --out ";
      const auto a = run_cli("run --model " + model + " --task " + std::to_string(k + 1) + common + tmp.file("a.csv"));
      const auto b = run_cli("run --model " + plain + common + tmp.file("b.csv"));
      INFO(a.output);
      REQUIRE(a.exit_code == 0);
      REQUIRE(b.exit_code == 0);
      CHECK(a.output.find("task       " + std::to_string(k + 1) + " of 3") != std::string::npos);
      CHECK(slurp(tmp.file("a.csv")) == slurp(tmp.file("b.csv")));
    }
    // Without --task the model runs ungated: task 3 keeps every synapse, so
    // they agree; task 1 (3 %) differs, so the gates were applied.
    REQUIRE(run_cli("run --model " + model + " --dataset fashion-mnist --limit 60 -q --out " + tmp.file("u.csv"))
                .exit_code == 0);
    REQUIRE(
        run_cli("run --model " + model + " --task 3 --dataset fashion-mnist --limit 60 -q --out " + tmp.file("t3.csv"))
            .exit_code == 0);
    REQUIRE(
        run_cli("run --model " + model + " --task 1 --dataset fashion-mnist --limit 60 -q --out " + tmp.file("t1.csv"))
            .exit_code == 0);
    // The JSON summary names the task too.
    const auto j = run_cli("run --model " + model + " --task 2 --dataset fashion-mnist --limit 5 --format json");
    REQUIRE(j.exit_code == 0);
    CHECK(j.output.find("\"task\": {") != std::string::npos);
    CHECK(j.output.find("\"tasks\": 3") != std::string::npos);
    CHECK(slurp(tmp.file("u.csv")) == slurp(tmp.file("t3.csv")));
    CHECK(slurp(tmp.file("u.csv")) != slurp(tmp.file("t1.csv")));
  }
  SECTION("verify --task holds the backends to each other on that task") {
    const auto r = run_cli("verify --model " + model +
                           " --task 2 --backends golden,golden-wire,csim --dataset fashion-mnist "
                           "--limit 30");
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    CHECK(r.output.find("task       2 of 3") != std::string::npos);
    CHECK(r.output.find("all 3 agree bit for bit on 30 frames") != std::string::npos);
  }
  SECTION("calibrate --model keeps the gates: the table is shared by every task") {
    const std::string out = tmp.file("calibrated.trn");
    const auto r = run_cli("calibrate --csv " + std::string(TRINITY_DATA_DIR) + "/aab/aab_forward_vds1V.csv --model " +
                           model + " --model-out " + out + " --out-dir " + tmp.file("daf"));
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    TaskGates back;
    const Network calibrated = load_model(out, nullptr, &back);
    CHECK(back.tasks == gates.tasks);
    CHECK(back.bits == gates.bits);
    CHECK(calibrated.layers[0].weights == net.layers[0].weights);
  }
  SECTION("verify --all-tasks runs every task on every backend") {
    const auto r = run_cli("verify --model " + model +
                           " --all-tasks --backends golden,golden-wire,csim --dataset fashion-mnist --limit 20");
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    for (int k = 1; k <= 3; ++k) CHECK(r.output.find("task       " + std::to_string(k) + " of 3") != std::string::npos);
    CHECK(r.output.find("every task (3) agrees bit for bit on every backend") != std::string::npos);
  }
}
