// SPDX-License-Identifier: Apache-2.0
#include "plot.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "errors.hpp"

extern char** environ;

namespace trinity::calib {

namespace {

namespace fs = std::filesystem;

// gnuplot single-quoted strings take no escapes except '' for a quote.
std::string quoted(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\n' || c == '\r') continue;
    out += c;
    if (c == '\'') out += '\'';
  }
  return out + "'";
}

// Titles are double-quoted so "\n" can break them into two lines.
std::string title(const std::string& first, const std::string& second) {
  std::string out = "\"";
  for (const std::string* part : {&first, &second}) {
    for (char c : *part) {
      if (c == '\n' || c == '\r') continue;
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    if (part == &first) out += "\\n";
  }
  return out + "\"";
}

struct CurrentUnit {
  double scale;
  const char* name;
};

CurrentUnit current_unit(double magnitude) {
  static const CurrentUnit units[] = {{1, "A"}, {1e-3, "mA"}, {1e-6, "uA"}, {1e-9, "nA"}, {1e-12, "pA"}};
  for (const auto& u : units) {
    if (magnitude >= u.scale) return u;
  }
  return {1e-15, "fA"};
}

// Removes the temp directory however write_plot leaves.
struct TempDir {
  fs::path path;
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "trinity-plot-XXXXXX").string();
    if (!mkdtemp(tmpl.data()))
      throw RuntimeFailure(std::string("--plot: cannot make a temp directory (") + std::strerror(errno) + ")");
    path = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

void write_file(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary);
  out << text;
  if (!out) throw RuntimeFailure("--plot: cannot write " + p.string());
}

std::string gnuplot_reason(const fs::path& p) {
  std::ifstream in(p);
  std::string line, last;
  // gnuplot reports the offending script line after an echo of it; the last
  // non-empty line holds the reason.
  while (std::getline(in, line)) {
    if (!line.empty()) last = line;
  }
  return last.substr(0, 300);
}

void run_gnuplot(const fs::path& script, const fs::path& log, const std::string& png_path) {
  const std::string what = "--plot " + png_path;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  std::string prog = "gnuplot", arg = script.string();
  char* argv[] = {prog.data(), arg.data(), nullptr};
  pid_t pid = 0;
  const int rc = posix_spawnp(&pid, "gnuplot", &actions, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc == ENOENT) {
    throw RuntimeFailure(what + ": needs gnuplot, which is not on PATH (Debian: apt-get install gnuplot-nox)");
  }
  if (rc != 0) throw RuntimeFailure(what + ": cannot start gnuplot (" + std::strerror(rc) + ")");
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) throw RuntimeFailure(what + ": lost the gnuplot process");
  }
  // posix_spawnp may report a missing program only as the child's exit 127.
  if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
    throw RuntimeFailure(what + ": needs gnuplot, which is not on PATH (Debian: apt-get install gnuplot-nox)");
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    throw RuntimeFailure(what + ": gnuplot failed: " + gnuplot_reason(log));
  }
}

}  // namespace

void write_plot(const Calibration& c, const std::string& png_path) {
  TempDir dir;
  char buf[512];

  const CurrentUnit unit = current_unit(c.fit.g.amplitude);
  std::ostringstream dev;
  for (size_t i = 0; i < c.data.size(); ++i) dev << c.data.vg[i] << ' ' << c.data.id[i] / unit.scale << '\n';
  dev << "\n\n";
  const double v0 = c.data.vg.front(), v1 = c.data.vg.back();
  for (int k = 0; k <= 800; ++k) {
    const double v = v0 + (v1 - v0) * k / 800;
    dev << v << ' ' << c.fit.g(v) / unit.scale << '\n';
  }
  write_file(dir.path / "device.dat", dev.str());

  // The table as idx() reads it: one flat step per bucket, and the clamped
  // edge values continued a little past both ends.
  const Lut& lut = c.lut;
  const double t0 = lut.first_v() / 256.0, t1 = (lut.last_v() + 1) / 256.0;
  const double margin = 0.08 * (t1 - t0);
  const double p0 = std::max(t0 - margin, -128.0), p1 = std::min(t1 + margin, 128.0);
  std::ostringstream mod;
  mod << p0 << ' ' << lut.entries.front() / 256.0 << '\n';
  for (size_t k = 0; k < lut.entries.size(); ++k) {
    const double a = (int64_t{lut.lut_lo} + static_cast<int64_t>(k) * lut.step_lsb()) / 256.0;
    const double b = a + lut.step_lsb() / 256.0;
    if (b <= t0 || a >= t1 + 1e-9) continue;
    mod << std::max(a, t0) << ' ' << lut.entries[k] / 256.0 << '\n'
        << std::min(b, t1) << ' ' << lut.entries[k] / 256.0 << '\n';
  }
  mod << p1 << ' ' << lut.entries.back() / 256.0 << "\n\n\n";
  for (int k = 0; k <= 2000; ++k) {
    const double x = p0 + (p1 - p0) * k / 2000;
    mod << x << ' ' << c.g(x) << '\n';
  }
  mod << "\n\n";
  for (size_t i = 0; i < c.model_curve.x.size(); ++i) mod << c.model_curve.x[i] << ' ' << c.model_curve.a[i] << '\n';
  write_file(dir.path / "model.dat", mod.str());

  const Gaussian& d = c.fit.g;
  const Gaussian& m = c.options.target;
  std::ostringstream gp;
  gp << "if (strstrt(GPVAL_TERMINALS, 'pngcairo') > 0) {\n"
        "  set terminal pngcairo size 1000,1100 noenhanced font 'sans,10'\n"
        "} else {\n"
        "  set terminal png size 1000,1100 noenhanced\n"
        "}\n";
  gp << "set output " << quoted(png_path) << "\n";
  gp << "set multiplot layout 2,1\nset grid\nset key top right\n";
  std::snprintf(buf, sizeof buf,
                "Gaussian fit A = %.4g %s, mu = %.4g V, sigma = %.4g V;  R^2 = %.5f, RMSE = %.3g %s, max |err| = "
                "%.3g %s",
                d.amplitude / unit.scale, unit.name, d.center, d.sigma, c.fit.quality.r2,
                c.fit.quality.rmse / unit.scale, unit.name, c.fit.quality.max_abs_error / unit.scale, unit.name);
  gp << "set title " << title("Device: " + c.data.source, buf) << "\n";
  gp << "set xlabel 'Vg (V)'\nset ylabel " << quoted(std::string("Ids (") + unit.name + ")") << "\n";
  gp << "plot " << quoted((dir.path / "device.dat").string())
     << " index 0 using 1:2 with points pt 7 ps 0.6 lc rgb '#1f77b4' title 'data', "
     << "'' index 1 using 1:2 with lines lw 2 lc rgb '#d62728' title 'Gaussian fit'\n";
  char head[256];
  std::snprintf(head, sizeof head, "Model domain, shape %s: target A = %g, mu = %g, sigma = %g",
                shape_name(c.options.shape), m.amplitude, m.center, m.sigma);
  std::snprintf(
      buf, sizeof buf, "LUT %zu entries, lut_lo %d, lut_shift %d (step %.4g);  error vs g: max %.4g, rms %.4g",
      lut.entries.size(), lut.lut_lo, lut.lut_shift, lut.step_lsb() / 256.0, c.lut_error.max, c.lut_error.rms);
  gp << "set title " << title(head, buf) << "\n";
  gp << "set xlabel 'V_d (model units, Q7.8 value / 256)'\nset ylabel 'a (model units)'\n";
  gp << "set xrange [" << p0 << ":" << p1 << "]\n";
  gp << "plot " << quoted((dir.path / "model.dat").string())
     << " index 0 using 1:2 with lines lw 2 lc rgb '#2ca02c' title 'LUT (as idx() reads it)', "
     << "'' index 1 using 1:2 with lines lw 1 lc rgb '#d62728' title "
     << quoted(c.options.shape == Shape::kGaussian ? "g: target Gaussian" : "g: measured, interpolated") << ", "
     << "'' index 2 using 1:2 with points pt 7 ps 0.4 lc rgb '#1f77b4' title 'data, mapped'\n";
  gp << "unset multiplot\nset output\n";
  write_file(dir.path / "plot.gp", gp.str());

  std::error_code ec;
  fs::remove(png_path, ec);
  run_gnuplot(dir.path / "plot.gp", dir.path / "gnuplot.log", png_path);
  if (!fs::exists(png_path, ec) || fs::file_size(png_path, ec) == 0) {
    throw RuntimeFailure("--plot: gnuplot wrote no image to " + png_path + ": " +
                         gnuplot_reason(dir.path / "gnuplot.log"));
  }
}

}  // namespace trinity::calib
