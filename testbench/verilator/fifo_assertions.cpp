// SPDX-License-Identifier: Apache-2.0
// The SVA assertions of rtl/trinity_fifo.sv can fire: the Verilated FIFO
// (--assert) is driven three ways, and Verilator's error flag must be set
// exactly by the two illegal ones (a push while full, a pop while empty).
// ctest rtl_fifo_assertions. Exit 0 when all three behave.
#include <cstdio>
#include <memory>

#include "Vtrinity_fifo.h"
#include "verilated.h"

namespace {

struct Step {
  bool push, pop;
};

// Runs the steps after reset; true if an assertion failed.
template <size_t N>
bool run(const char* name, const Step (&steps)[N]) {
  auto ctx = std::make_unique<VerilatedContext>();
  ctx->fatalOnError(false);  // count assertion failures instead of aborting
  auto fifo = std::make_unique<Vtrinity_fifo>(ctx.get(), name);
  fifo->clk_i = 0;
  fifo->rst_ni = 0;
  fifo->push_i = 0;
  fifo->pop_i = 0;
  fifo->wdata_i = 0;
  fifo->eval();
  fifo->rst_ni = 1;
  fifo->eval();
  for (size_t i = 0; i < N; ++i) {
    fifo->push_i = steps[i].push;
    fifo->pop_i = steps[i].pop;
    fifo->wdata_i = i;
    fifo->clk_i = 1;
    fifo->eval();
    fifo->clk_i = 0;
    fifo->eval();
  }
  fifo->final();
  return ctx->gotError();
}

}  // namespace

int main() {
  // DEPTH 4: four pushes fill it, then it drains.
  const Step legal[] = {{true, false}, {true, false}, {true, false}, {true, false},
                        {false, true}, {false, true}, {true, true},  {false, true}, {false, true}};
  const Step overflow[] = {{true, false}, {true, false}, {true, false}, {true, false}, {true, false}};
  const Step underflow[] = {{false, false}, {false, true}};
  int failures = 0;
  const auto expect = [&](const char* name, bool fired, bool want) {
    std::printf("%-10s assertion %s (%s)\n", name, fired ? "fired" : "silent", fired == want ? "as expected" : "WRONG");
    if (fired != want) ++failures;
  };
  expect("legal", run("legal", legal), false);
  expect("overflow", run("overflow", overflow), true);
  expect("underflow", run("underflow", underflow), true);
  return failures == 0 ? 0 : 1;
}
