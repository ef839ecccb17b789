// SPDX-License-Identifier: Apache-2.0
// `trinity calibrate --csv CURVE.csv`: fit a dAF to a measured transfer curve
// and write its lookup table for the RTL (.mem), HLS (.hpp) and training
// (.json). Without --out-dir, --json, --mem, --header or --plot it only
// prints the result, so a look at a new curve never overwrites anything.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "calibration.hpp"
#include "commands.hpp"
#include "errors.hpp"
#include "exit_policy.hpp"
#include "model_file.hpp"
#include "plot.hpp"
#include "writers.hpp"

namespace trinity::cli {

namespace {

namespace fs = std::filesystem;
using namespace trinity::calib;

struct CalibrateArgs {
  std::string csv;
  std::string shape = "gaussian";
  int lut_bits = kDefaultLutBits;
  double amplitude = kDefaultModelTarget.amplitude;
  double center = kDefaultModelTarget.center;
  double sigma = kDefaultModelTarget.sigma;
  double min_r2 = 0.9;
  std::string out_dir, json, mem, header, plot, model_in, model_out;
};

// A Gaussian whose centre lies far from the data's own maximum can still
// pass --min-r2 (a skewed or clipped curve); beyond this many sigma the table
// no longer peaks where the device does, and the report says so.
constexpr double kCentreWarnSigma = 0.5;

// Where the measured curve peaks, and how far the fitted centre is from it.
struct PeakOffset {
  double peak_vg = 0, volts = 0, sigmas = 0;
};

PeakOffset peak_offset(const Calibration& c) {
  const IvCurve& d = c.data;
  const size_t k = static_cast<size_t>(std::max_element(d.id.begin(), d.id.end()) - d.id.begin());
  PeakOffset p;
  p.peak_vg = d.vg[k];
  p.volts = c.fit.g.center - p.peak_vg;
  p.sigmas = c.fit.g.sigma > 0 ? std::abs(p.volts) / c.fit.g.sigma : 0;
  return p;
}

void print_report(const Calibration& c) {
  const IvCurve& d = c.data;
  const FitResult& f = c.fit;
  const Gaussian& g = f.g;
  const Gaussian& m = c.options.target;
  const Lut& lut = c.lut;
  std::printf("dAF calibration of %s\n", d.source.c_str());
  std::printf("  data        %zu points, Vg %g ... %g V, %s sweep, %s layout, columns '%s' '%s'\n", d.size(),
              d.vg.front(), d.vg.back(), d.descending ? "downward" : "upward",
              d.keysight ? "Keysight DataName/DataValue" : "plain CSV", d.vg_column.c_str(), d.id_column.c_str());
  std::printf("  fit         A_dev = %.5g A, mu_dev = %.5g V, sigma_dev = %.5g V (FWHM %.4g V)\n", g.amplitude,
              g.center, g.sigma, g.fwhm());
  std::printf("              R^2 = %.5f, RMSE = %.4g A (%.2f%% of A_dev), max |error| = %.4g A (%.2f%%)\n",
              f.quality.r2, f.quality.rmse, 100 * f.quality.rmse / g.amplitude, f.quality.max_abs_error,
              100 * f.quality.max_abs_error / g.amplitude);
  std::printf("              Levenberg-Marquardt: %d evaluations, %s\n", f.evaluations, f.lm_message.c_str());
  const PeakOffset p = peak_offset(c);
  std::printf("  peak        measured at Vg = %.5g V; the fitted centre is %+.3g V (%.2f sigma) from it\n", p.peak_vg,
              p.volts, p.sigmas);
  if (p.sigmas > kCentreWarnSigma)
    std::fprintf(stderr,
                 "trinity: warning: %s: the fitted centre is %.2f sigma (%.3g V) from the measured peak, more than "
                 "%.2f: the curve is not a symmetric bell; consider --shape measured\n",
                 d.source.c_str(), p.sigmas, std::abs(p.volts), kCentreWarnSigma);
  std::printf("  transform   x = %g + (Vg - (%.5g V)) * %.5g /V,   a = %g * Ids / %.5g A\n", m.center, g.center,
              m.sigma / g.sigma, m.amplitude, g.amplitude);
  std::printf("  target      g(x) = %g * exp(-(x - %g)^2 / (2 * %g^2))   [shape: %s]\n", m.amplitude, m.center, m.sigma,
              shape_name(c.options.shape));
  std::printf("  LUT         %zu entries (lut_bits %d), lut_lo %d (x = %.5g), lut_shift %d (step %.6g)\n",
              lut.entries.size(), lut.lut_bits, lut.lut_lo, lut.lut_lo / 256.0, lut.lut_shift, lut.step_lsb() / 256.0);
  std::printf("              covers x in [%.5g, %.5g), sized for [%.5g, %.5g]; entries %d ... %d\n",
              lut.first_v() / 256.0, (lut.last_v() + 1) / 256.0, c.range_lo, c.range_hi,
              *std::min_element(lut.entries.begin(), lut.entries.end()),
              *std::max_element(lut.entries.begin(), lut.entries.end()));
  std::printf(
      "  LUT error   max %.5g (at V_d = %d, x = %.5g), rms %.5g, over V_d %d ... %d (|lut[idx(v)]/256 - g(v/256)|)\n",
      c.lut_error.max, c.lut_error.worst_v, c.lut_error.worst_v / 256.0, c.lut_error.rms, c.lut_error.v_lo,
      c.lut_error.v_hi);
}

// The model-file consumer of the table: a trained network's LUT layers take
// the calibrated table, and the metadata records where it came from.
void write_model_with_table(const Calibration& c, const CalibrateArgs& a) {
  const Activity writing("writing " + a.model_out + " from " + a.model_in);
  std::string metadata;
  TaskGates gates;  // carried over unchanged: the table is shared by every task
  Network net = load_model(a.model_in, &metadata, &gates);
  bool any = false;
  for (Layer& layer : net.layers)
    if (uses_lut(layer.kind)) {
      apply_to_layer(c.lut, layer);
      layer.kind = c.options.shape == Shape::kMeasured ? UnitKind::kTriLut : UnitKind::kTriGauss;  // spec §1
      any = true;
    }
  if (!any) throw InputError(a.model_in + ": the model has no LUT layer (kind tri-G or tri-LUT) to take the table");
  nlohmann::json meta = metadata.empty() ? nlohmann::json::object() : nlohmann::json::parse(metadata);
  meta["daf"] = to_json(c);
  meta["daf"].erase("curve");  // the table and its parameters, not the raw data
  save_model(a.model_out, net, meta.dump(), gates);
}

void run(const CalibrateArgs& a) {
  if (a.model_in.empty() != a.model_out.empty()) throw UsageError("--model and --model-out go together");
  CalibrationOptions options;
  options.shape = parse_shape(a.shape);
  options.lut_bits = a.lut_bits;
  options.target = Gaussian{a.amplitude, a.center, a.sigma};
  options.min_r2 = a.min_r2;
  const Activity fitting("calibrating " + a.csv);
  const Calibration c = calibrate_file(a.csv, options);
  print_report(c);

  std::string json = a.json, mem = a.mem, header = a.header;
  if (!a.out_dir.empty()) {
    std::error_code ec;
    fs::create_directories(a.out_dir, ec);
    if (ec) throw RuntimeFailure(a.out_dir + ": cannot create directory (" + ec.message() + ")");
    const std::string stem = (fs::path(a.out_dir) / fs::path(a.csv).stem()).string() + "_" + a.shape;
    if (json.empty()) json = stem + ".json";
    if (mem.empty()) mem = stem + ".mem";
    if (header.empty()) header = stem + ".hpp";
  }
  if (!json.empty()) {
    write_text_file(json, to_json(c).dump(1) + "\n");
    std::printf("  wrote       %s\n", json.c_str());
  }
  if (!mem.empty()) {
    write_text_file(mem, format_mem(c));
    std::printf("  wrote       %s\n", mem.c_str());
  }
  if (!header.empty()) {
    write_text_file(header, format_header(c));
    std::printf("  wrote       %s\n", header.c_str());
  }
  if (!a.plot.empty()) {
    write_plot(c, a.plot);
    std::printf("  wrote       %s\n", a.plot.c_str());
  }
  if (!a.model_out.empty()) {
    write_model_with_table(c, a);
    std::printf("  wrote       %s (the table in every LUT layer of %s)\n", a.model_out.c_str(), a.model_in.c_str());
  }
  if (json.empty() && mem.empty() && header.empty() && a.plot.empty() && a.model_out.empty()) {
    std::printf("  (nothing written: give --out-dir DIR, or --json/--mem/--header/--plot FILE)\n");
  }
}

}  // namespace

void register_calibrate(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "calibrate", "Fit a Gaussian dAF to a transfer curve (Keysight B1500A or plain CSV) and write its lookup table");
  auto a = std::make_shared<CalibrateArgs>();
  cmd->add_option("--csv", a->csv, "Transfer curve: Vg and Id columns, one monotonic sweep")->required();
  cmd->add_option("--shape", a->shape, "Table holds the fitted Gaussian or the measured curve")
      ->check(CLI::IsMember({"gaussian", "measured"}))
      ->capture_default_str();
  cmd->add_option("--lut-bits", a->lut_bits, "Table size 2^N entries")->check(CLI::Range(1, 12))->capture_default_str();
  cmd->add_option("--amplitude", a->amplitude, "Model-domain peak A_m (activation units)")->capture_default_str();
  cmd->add_option("--center", a->center, "Model-domain centre mu_m (V_d units)")->capture_default_str();
  cmd->add_option("--sigma", a->sigma, "Model-domain width sigma_m (V_d units)")->capture_default_str();
  cmd->add_option("--min-r2", a->min_r2, "Refuse curves whose Gaussian fit has a lower R^2")->capture_default_str();
  cmd->add_option("--out-dir", a->out_dir, "Write DIR/<csv stem>_<shape>.json, .mem and .hpp (created if missing)");
  cmd->add_option("--json", a->json, "Training record (overrides the --out-dir name)");
  cmd->add_option("--mem", a->mem, "RTL $readmemh table (overrides the --out-dir name)");
  cmd->add_option("--header", a->header, "HLS C++ header (overrides the --out-dir name)");
  cmd->add_option("--plot", a->plot, "PNG of data, fit and table (needs gnuplot)");
  cmd->add_option("--model", a->model_in, "Trained model whose LUT layers take the table (with --model-out)");
  cmd->add_option("--model-out", a->model_out, "Where to write that model with the calibrated table");
  cmd->callback([a] { run(*a); });
}

}  // namespace trinity::cli
