// SPDX-License-Identifier: Apache-2.0
#include "results_csv.hpp"

#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "errors.hpp"

namespace trinity::cli {

namespace {

// A field is echoed in a message only this far: a hostile file's gigabyte
// field must not become a gigabyte message.
constexpr size_t kEchoBytes = 24;

std::string echo(const std::string& s) {
  if (s.size() <= kEchoBytes) return "'" + s + "'";
  return "'" + s.substr(0, kEchoBytes) + "...' (" + std::to_string(s.size()) + " bytes)";
}

uint64_t field(const std::string& s, uint64_t max, const std::string& where) {
  uint64_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty() || v > max)
    throw InputError(where + ": " + echo(s) + " is not an integer in 0.." + std::to_string(max));
  return v;
}

// Reads one line of at most `max` bytes; a longer one cannot be a results
// row, and is refused before it is held in memory.
bool bounded_getline(std::istream& in, std::string& line, size_t max, const std::string& where) {
  line.clear();
  for (int c; (c = in.get()) != EOF;) {
    if (c == '\n') return true;
    if (line.size() == max)
      throw InputError(where + ": line longer than " + std::to_string(max) + " bytes (not a results row)");
    line.push_back(static_cast<char>(c));
  }
  return !line.empty();
}

}  // namespace

void write_results(const std::string& path, const std::vector<FrameResult>& results, const std::vector<int>& labels) {
  // An output that cannot be written is a runtime failure (exit 3), in `run`
  // as in `calibrate`; the check comes after the flush, where a full disk shows.
  std::ofstream f(path);
  if (!f) throw RuntimeFailure(path + ": cannot open for writing (" + std::strerror(errno) + ")");
  const bool json = path.size() >= 5 && path.compare(path.size() - 5, 5, ".json") == 0;
  if (json) {
    nlohmann::json j = nlohmann::json::array();
    for (size_t k = 0; k < results.size(); ++k) {
      nlohmann::json row{{"index", k}, {"prediction", results[k].prediction}, {"counts", results[k].counts}};
      if (!labels.empty()) row["label"] = labels[k];
      j.push_back(row);
    }
    f << j.dump(1) << "\n";
  } else {
    f << "index,label,prediction";
    for (size_t i = 0; i < (results.empty() ? 0 : results[0].counts.size()); ++i) f << ",count" << i;
    f << "\n";
    for (size_t k = 0; k < results.size(); ++k) {
      f << k << "," << (labels.empty() ? std::string() : std::to_string(labels[k])) << "," << results[k].prediction;
      for (uint16_t c : results[k].counts) f << "," << c;
      f << "\n";
    }
  }
  f.flush();
  if (!f) throw RuntimeFailure(path + ": write failed (" + std::strerror(errno) + "); the results are not saved");
}

std::vector<FrameResult> load_results_csv(const std::string& path, uint32_t outputs) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw InputError(path + ": is a directory, not a results file");
  std::ifstream f(path);
  if (!f) throw InputError(path + ": cannot open");
  std::string line;
  std::string want = "index,label,prediction";
  for (uint32_t i = 0; i < outputs; ++i) want += ",count" + std::to_string(i);
  // Every field is a number of at most 10 digits (plus a '\r' at the end).
  const size_t max_line = std::max(want.size(), size_t{11} * (3 + outputs)) + 1;
  if (!bounded_getline(f, line, max_line, path + ":1") || line != want)
    throw InputError(path + ":1: header is not '" + want + "' (a `trinity run --out` file for this model)");
  std::vector<FrameResult> results;
  for (size_t n = 2;; ++n) {
    const std::string where = path + ":" + std::to_string(n);
    if (!bounded_getline(f, line, max_line, where)) break;
    std::vector<std::string> cells;
    std::stringstream ss(line);
    for (std::string c; std::getline(ss, c, ',');) cells.push_back(c);
    if (!line.empty() && line.back() == ',') cells.push_back("");
    if (cells.size() != 3 + size_t{outputs})
      throw InputError(where + ": " + std::to_string(cells.size()) + " fields, expected " +
                       std::to_string(3 + outputs));
    if (field(cells[0], UINT32_MAX, where) != results.size())
      throw InputError(where + ": index " + cells[0] + " where " + std::to_string(results.size()) + " was due");
    FrameResult r;
    r.prediction = static_cast<uint32_t>(field(cells[2], outputs - 1, where));
    for (uint32_t i = 0; i < outputs; ++i) r.counts.push_back(static_cast<uint16_t>(field(cells[3 + i], 65535, where)));
    results.push_back(std::move(r));
  }
  if (results.empty()) throw InputError(path + ": no results");
  return results;
}

}  // namespace trinity::cli
