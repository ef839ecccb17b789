// SPDX-License-Identifier: Apache-2.0
// sc_tb: the Verilated trinity_core (SystemC model) between an AXI4-Stream
// source and sink, with handshake, causality, framing and response checkers
// and a GoldenCore scoreboard on its streams. One scenario per process.
// Exit 0 when no checker fired, or, for --scenario fault, when the checker
// meant to catch the injected fault fired; 1 otherwise; 2 for usage errors.
#include <chrono>
#include <cstdio>
#include <ctime>
#include <memory>
#include <systemc>

#include "Vtrinity_core.h"
#include "axis_signals.hpp"
#include "axis_sink.hpp"
#include "axis_source.hpp"
#include "causality_checker.hpp"
#include "check_log.hpp"
#include "fault_injector.hpp"
#include "framing_checker.hpp"
#include "handshake_checker.hpp"
#include "host_model.hpp"
#include "options.hpp"
#include "response_checker.hpp"
#include "scenarios.hpp"
#include "scoreboard.hpp"
#include "verilated.h"
#ifdef SC_TRACE_FST
#include "verilated_fst_sc.h"
#endif

using namespace trinity::sc;

namespace {
// Fault scenarios strike the source this many beats in (past the first CONFIG).
constexpr uint64_t kSourceFaultAfter = 20;
}  // namespace

int sc_main(int argc, char* argv[]) {
  Options opt;
  if (!parse_options(argc, argv, &opt)) return 2;
  FaultPlan plan;
  if (!plan_fault(opt.fault, &plan)) {
    std::fprintf(stderr, "unknown fault: %s\n", opt.fault.c_str());
    return 2;
  }
  if (plan.catcher != Checker::kCount && opt.scenario != "fault") {
    std::fprintf(stderr, "--fault goes with --scenario fault (--fault none: its fault-free control run)\n");
    return 2;
  }
  HostModel::Script script = make_script(opt);
  if (!script) {
    std::fprintf(stderr, "unknown scenario: %s\n", opt.scenario.c_str());
    return 2;
  }
#ifndef SC_TRACE_FST
  if (!opt.fst.empty()) {
    std::fprintf(stderr, "--fst needs sc_tb_fst (configure with -DTRINITY_SC_FST=ON)\n");
    return 2;
  }
#endif
  sc_core::sc_clock clk("clk", clock_period(), 0.5, sc_core::SC_ZERO_TIME, true);
  sc_core::sc_signal<bool> rst_n("rst_n", false);
  AxisSignals in("s_axis");        // source -> core
  AxisSignals core_out("m_axis");  // core -> fault injector
  AxisSignals out("sink");         // fault injector -> sink

  CheckLog log;
  auto core = std::make_unique<Vtrinity_core>("core");
  core->clk_i(clk);
  core->rst_ni(rst_n);
  core->s_axis_tdata_i(in.tdata);
  core->s_axis_tvalid_i(in.tvalid);
  core->s_axis_tlast_i(in.tlast);
  core->s_axis_tready_o(in.tready);
  core->m_axis_tdata_o(core_out.tdata);
  core->m_axis_tvalid_o(core_out.tvalid);
  core->m_axis_tlast_o(core_out.tlast);
  core->m_axis_tready_i(core_out.tready);

  AxisSource source("source", opt.seed);
  source.clk(clk);
  source.rst_n(rst_n);
  source.bind(in);
  source.inject(plan.source, kSourceFaultAfter);

  FaultInjector injector("injector", plan.output);
  injector.clk(clk);
  injector.rst_n(rst_n);
  injector.bind(core_out, out);

  AxisSink sink("sink", opt.seed + 1);
  sink.clk(clk);
  sink.tready(out.tready);

  // Checkers watch what the host sees: the input as sent, the output after
  // the injector (transparent unless a fault is chosen).
  HandshakeChecker in_hs("in_handshake", log, Checker::kInHandshake, false);
  in_hs.clk(clk);
  in_hs.rst_n(rst_n);
  in_hs.link.bind(in);
  HandshakeChecker out_hs("out_handshake", log, Checker::kOutHandshake, true);
  out_hs.clk(clk);
  out_hs.rst_n(rst_n);
  out_hs.link.bind(out);
  CausalityChecker causality("causality", log);
  causality.clk(clk);
  causality.rst_n(rst_n);
  causality.in.bind(in);
  causality.out.bind(out);
  FramingChecker framing("framing", log);
  framing.clk(clk);
  framing.rst_n(rst_n);
  framing.link.bind(out);
  ResponseChecker responses("responses", log);
  responses.clk(clk);
  responses.rst_n(rst_n);
  responses.link.bind(out);
  Scoreboard scoreboard("scoreboard", log, sc_capacity());
  scoreboard.clk(clk);
  scoreboard.rst_n(rst_n);
  scoreboard.in.bind(in);
  scoreboard.out.bind(out);

  HostModel host("host", source, sink, responses, log, opt.max_cycles, opt.stuck_cycles, script);
  host.clk(clk);
  host.rst_n(rst_n);
  host.core_s_tready(in.tready);
  host.core_m_tvalid(core_out.tvalid);
  host.core_m_tready(core_out.tready);

#ifdef SC_TRACE_FST
  std::unique_ptr<VerilatedFstSc> fst;
  if (!opt.fst.empty()) {
    Verilated::traceEverOn(true);
    // Verilator's SystemC tracing needs elaboration done before trace().
    sc_core::sc_start(sc_core::SC_ZERO_TIME);
    fst = std::make_unique<VerilatedFstSc>();
    core->trace(fst.get(), 99);
    fst->open(opt.fst.c_str());
  }
#endif

  const auto wall0 = std::chrono::steady_clock::now();
  const std::clock_t cpu0 = std::clock();
  sc_core::sc_start();
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
  // CPU time too: on a shared machine wall time says more about the neighbours.
  const double cpu = double(std::clock() - cpu0) / CLOCKS_PER_SEC;
  core->final();
#ifdef SC_TRACE_FST
  if (fst) fst->close();
#endif

  scoreboard.finish();
  responses.finish();
  const uint64_t cycles = cycle_now();
  std::printf(
      "run: %llu cycles in %.2f s wall, %.2f s CPU (%.3f Mcycles/s CPU); %llu input beats, %llu output words "
      "compared, %llu RESULTs, %llu answers matched, %llu output packets framed\n",
      static_cast<unsigned long long>(cycles), secs, cpu, cycles / cpu / 1e6,
      static_cast<unsigned long long>(scoreboard.input_beats()),
      static_cast<unsigned long long>(scoreboard.words_compared()),
      static_cast<unsigned long long>(scoreboard.results_compared()),
      static_cast<unsigned long long>(responses.matched()), static_cast<unsigned long long>(framing.packets()));
  log.print_summary();

  if (plan.catcher != Checker::kCount) {
    const bool struck = source.fault_done() || injector.struck();
    const bool caught = log.count(plan.catcher) > 0;
    std::printf("fault %s: %s, checker %s %s -> %s\n", opt.fault.c_str(), struck ? "injected" : "NOT injected",
                checker_name(plan.catcher), caught ? "fired" : "did NOT fire", caught ? "PASS" : "FAIL");
    return caught ? 0 : 1;
  }
  const bool pass = log.total() == 0 && host.finished();
  std::printf("%s: %s\n", opt.scenario.c_str(), pass ? "PASS" : "FAIL");
  return pass ? 0 : 1;
}
