// SPDX-License-Identifier: Apache-2.0
#include "iv_csv.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>

#include "errors.hpp"

namespace trinity::calib {

namespace {

constexpr double kMaxAbsVolts = 1e4;
constexpr double kMaxAbsAmps = 1e4;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Quotes are dropped and the content kept: exports quote names, never numbers
// with separators in them, so no escaping rules are needed beyond "".
std::string unquote(std::string_view s) {
  s = trim(s);
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') {
    std::string out;
    for (size_t i = 1; i + 1 < s.size(); ++i) {
      out += s[i];
      if (s[i] == '"' && i + 2 < s.size() && s[i + 1] == '"') ++i;
    }
    return std::string(trim(out));
  }
  return std::string(s);
}

char detect_separator(std::string_view line) {
  size_t commas = 0, semicolons = 0, tabs = 0;
  bool quoted = false;
  for (char c : line) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    commas += c == ',';
    semicolons += c == ';';
    tabs += c == '\t';
  }
  if (tabs > 0) return '\t';
  if (semicolons > 0) return ';';
  return ',';
}

std::vector<std::string> split_fields(std::string_view line, char sep) {
  std::vector<std::string> fields;
  bool quoted = false;
  size_t start = 0;
  for (size_t i = 0; i <= line.size(); ++i) {
    if (i < line.size() && line[i] == '"') quoted = !quoted;
    if (i == line.size() || (!quoted && line[i] == sep)) {
      fields.push_back(unquote(line.substr(start, i - start)));
      start = i + 1;
    }
  }
  return fields;
}

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// "Gate Voltage" -> "gatevoltage", "V_G" -> "vg".
std::string normalise_name(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == ' ' || c == '_' || c == '-' || c == '.' || c == '\t') continue;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

bool is_gate_voltage_name(const std::string& n) {
  return n == "vg" || n == "vgs" || n == "vgate" || n == "gatevoltage";
}

bool is_drain_current_name(const std::string& n) {
  return n == "id" || n == "ids" || n == "idrain" || n == "draincurrent";
}

struct Column {
  std::string name;  // as written, with its unit
  std::string base;  // normalised name without the unit
  std::string unit;  // as written, empty when none
};

Column split_unit(const std::string& field) {
  Column c{field, normalise_name(field), ""};
  std::string_view s = trim(field);
  if (s.empty()) return c;
  const char close = s.back();
  const char open = close == ')' ? '(' : (close == ']' ? '[' : '\0');
  if (open == '\0') return c;
  const size_t at = s.rfind(open);
  if (at == std::string_view::npos) return c;
  c.unit = std::string(trim(s.substr(at + 1, s.size() - at - 2)));
  c.base = normalise_name(s.substr(0, at));
  return c;
}

// µ arrives as UTF-8 MICRO SIGN, GREEK SMALL LETTER MU or Latin-1 0xB5.
std::string fold_micro(const std::string& unit) {
  std::string out;
  for (size_t i = 0; i < unit.size(); ++i) {
    const auto b = static_cast<unsigned char>(unit[i]);
    if (b == 0xC2 && i + 1 < unit.size() && static_cast<unsigned char>(unit[i + 1]) == 0xB5) {
      out += 'u';
      ++i;
    } else if (b == 0xCE && i + 1 < unit.size() && static_cast<unsigned char>(unit[i + 1]) == 0xBC) {
      out += 'u';
      ++i;
    } else if (b == 0xB5) {
      out += 'u';
    } else {
      out += unit[i];
    }
  }
  return out;
}

// Prefixes are case-sensitive (m is milli); the base letter may be either case.
std::optional<double> unit_scale(const std::string& raw, char base) {
  const std::string u = fold_micro(raw);
  if (u.empty()) return 1.0;
  const char last = static_cast<char>(std::tolower(static_cast<unsigned char>(u.back())));
  if (last != base) return std::nullopt;
  const std::string prefix = u.substr(0, u.size() - 1);
  if (prefix.empty()) return 1.0;
  if (prefix == "m") return 1e-3;
  if (prefix == "u") return 1e-6;
  if (base == 'a') {
    if (prefix == "n") return 1e-9;
    if (prefix == "p") return 1e-12;
    if (prefix == "f") return 1e-15;
  }
  return std::nullopt;
}

class Parser {
 public:
  Parser(std::string_view text, const std::string& name) : text_(text), name_(name) {}

  IvCurve run() {
    curve_.source = name_;
    if (text_.size() > kMaxCsvBytes) {
      fail_file("file is " + std::to_string(text_.size()) + " bytes, more than the " +
                std::to_string(kMaxCsvBytes >> 20) + " MiB limit for a transfer curve");
    }
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") text_.remove_prefix(3);
    if (trim(text_).empty()) fail_file("empty file");
    size_t pos = 0;
    while (pos < text_.size()) {
      size_t end = pos;
      while (end < text_.size() && text_[end] != '\n' && text_[end] != '\r') ++end;
      ++line_no_;
      handle_line(text_.substr(pos, end - pos));
      // LF, CRLF and lone CR (old Mac exports) all end a line.
      pos = end;
      if (pos < text_.size() && text_[pos] == '\r') ++pos;
      if (pos < text_.size() && text_[pos] == '\n') ++pos;
    }
    finish();
    return std::move(curve_);
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw InputError(name_ + ": line " + std::to_string(line_no_) + ": " + what);
  }
  [[noreturn]] void fail_file(const std::string& what) const { throw InputError(name_ + ": " + what); }

  void handle_line(std::string_view raw) {
    if (raw.size() > kMaxCsvLineBytes) {
      fail("line is " + std::to_string(raw.size()) + " bytes long, more than " + std::to_string(kMaxCsvLineBytes) +
           " (not a CSV transfer curve?)");
    }
    for (char c : raw) {
      const auto b = static_cast<unsigned char>(c);
      if ((b < 0x20 && c != '\t') || b == 0x7F) {
        char hex[8];
        std::snprintf(hex, sizeof hex, "0x%02X", b);
        fail(std::string("control byte ") + hex + " (binary data, not a CSV text file)");
      }
    }
    const std::string_view line = trim(raw);
    if (line.empty() || line.front() == '#') return;
    if (!have_header_) {
      consider_header(line);
    } else {
      data_row(line);
    }
  }

  void consider_header(std::string_view line) {
    const char sep = detect_separator(line);
    std::vector<std::string> fields = split_fields(line, sep);
    const std::string first = lower_ascii(fields.front());
    const bool keysight = first == "dataname";
    if (first == "datavalue") fail("DataValue row before the DataName header");
    // EasyEXPERT metadata lists channel names (`TestParameter, Channel.VName,
    // Vd, Vg, ...`); such a line is never the header, whatever it names.
    if (first == "testparameter" || first == "analysissetup" || first == "setuptitle" || first == "primitivetest" ||
        first.rfind("dimension", 0) == 0 || first.rfind("testtime", 0) == 0) {
      return;
    }
    std::vector<Column> columns;
    for (size_t i = keysight ? 1 : 0; i < fields.size(); ++i) columns.push_back(split_unit(fields[i]));
    std::optional<size_t> vg_col, id_col;
    for (size_t i = 0; i < columns.size(); ++i) {
      if (is_gate_voltage_name(columns[i].base)) {
        if (vg_col) fail("two gate-voltage columns ('" + columns[*vg_col].name + "', '" + columns[i].name + "')");
        vg_col = i;
      } else if (is_drain_current_name(columns[i].base)) {
        if (id_col) fail("two drain-current columns ('" + columns[*id_col].name + "', '" + columns[i].name + "')");
        id_col = i;
      }
    }
    if (!vg_col || !id_col) {
      if (keysight) {
        fail(std::string("DataName header has no ") + (vg_col ? "drain-current" : "gate-voltage") +
             " column (names accepted: " +
             (vg_col ? "Id, Ids, I_D, Idrain, Drain Current" : "Vg, Vgs, V_G, Vgate, Gate Voltage") + ")");
      }
      if (looks_numeric(fields)) {
        fail(
            "data row before a header; the file needs a header naming the gate-voltage (Vg) and drain-current (Id) "
            "columns");
      }
      return;  // metadata
    }
    const auto vscale = unit_scale(columns[*vg_col].unit, 'v');
    if (!vscale) fail("unknown unit '" + columns[*vg_col].unit + "' for gate voltage (accepted: V, mV, uV)");
    const auto iscale = unit_scale(columns[*id_col].unit, 'a');
    if (!iscale)
      fail("unknown unit '" + columns[*id_col].unit + "' for drain current (accepted: A, mA, uA, nA, pA, fA)");
    have_header_ = true;
    header_line_ = line_no_;
    sep_ = sep;
    offset_ = keysight ? 1 : 0;
    vg_col_ = *vg_col + offset_;
    id_col_ = *id_col + offset_;
    n_fields_ = fields.size();
    vg_scale_ = *vscale;
    id_scale_ = *iscale;
    curve_.keysight = keysight;
    curve_.vg_column = columns[*vg_col].name;
    curve_.id_column = columns[*id_col].name;
  }

  bool looks_numeric(const std::vector<std::string>& fields) const {
    if (fields.size() < 2) return false;
    for (const auto& f : fields) {
      double v;
      if (!parse_number(f, v)) return false;
    }
    return true;
  }

  bool parse_number(std::string s, double& out) const {
    if (sep_ != ',' && s.find(',') != std::string::npos && s.find('.') == std::string::npos) {
      std::replace(s.begin(), s.end(), ',', '.');
    }
    std::string_view v = trim(s);
    if (!v.empty() && v.front() == '+') v.remove_prefix(1);
    if (v.empty()) return false;
    const auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
    if (ptr != v.data() + v.size()) return false;
    if (ec == std::errc::result_out_of_range) {
      out = NAN;  // over- or underflows a double; value() says so
      return true;
    }
    return ec == std::errc();
  }

  double value(const std::vector<std::string>& fields, size_t col, const std::string& what, double scale, double limit,
               const char* unit) const {
    const std::string& f = fields[col];
    if (f.empty()) fail("empty " + what + " value");
    double v = 0;
    if (!parse_number(f, v)) fail(what + " is not a number ('" + clip(f) + "')");
    if (std::isnan(v) && lower_ascii(f).find("nan") == std::string::npos) {
      fail(what + " is out of the range of a double ('" + clip(f) + "')");
    }
    if (!std::isfinite(v)) fail(what + " is not finite ('" + clip(f) + "')");
    v *= scale;
    if (!(std::fabs(v) <= limit)) {
      char buf[96];
      std::snprintf(buf, sizeof buf, "%s = %g %s is beyond any instrument (limit %g %s)", what.c_str(), v, unit, limit,
                    unit);
      fail(buf);
    }
    return v;
  }

  static std::string clip(const std::string& s) { return s.size() > 40 ? s.substr(0, 40) + "..." : s; }

  void data_row(std::string_view line) {
    std::vector<std::string> fields = split_fields(line, sep_);
    if (curve_.keysight) {
      const std::string first = lower_ascii(fields.front());
      if (first == "dataname") fail("second DataName block; a file must hold one sweep");
      if (first != "datavalue")
        fail("expected a DataValue row after the DataName header (line " + std::to_string(header_line_) + ")");
    }
    const size_t need = std::max(vg_col_, id_col_) + 1;
    if (fields.size() < need) {
      const bool vg_missing = fields.size() <= vg_col_;
      fail("missing " + std::string(vg_missing ? "gate-voltage" : "drain-current") + " column (row has " +
           std::to_string(fields.size() - offset_) + " values, header has " + std::to_string(n_fields_ - offset_) +
           ")");
    }
    for (size_t i = n_fields_; i < fields.size(); ++i) {
      if (!fields[i].empty()) {
        fail("row has " + std::to_string(fields.size() - offset_) + " values, header has " +
             std::to_string(n_fields_ - offset_));
      }
    }
    const double vg = value(fields, vg_col_, "Vg", vg_scale_, kMaxAbsVolts, "V");
    const double id = value(fields, id_col_, "Id", id_scale_, kMaxAbsAmps, "A");
    check_monotonic(vg);
    curve_.vg.push_back(vg);
    curve_.id.push_back(id);
    curve_.line.push_back(line_no_);
  }

  void check_monotonic(double vg) {
    const size_t n = curve_.vg.size();
    if (n == 0) return;
    const double prev = curve_.vg.back();
    char buf[200];
    if (vg == prev) {
      std::snprintf(buf, sizeof buf, "Vg = %g V repeats line %zu; a file must hold one monotonic sweep", vg,
                    curve_.line.back());
      fail(buf);
    }
    const bool down = vg < prev;
    if (n == 1) {
      curve_.descending = down;
    } else if (down != curve_.descending) {
      std::snprintf(buf, sizeof buf,
                    "Vg turns back (%g V after %g V at line %zu); a file must hold one monotonic sweep (split a "
                    "double sweep into one file per direction)",
                    vg, prev, curve_.line.back());
      fail(buf);
    }
  }

  void finish() {
    if (!have_header_) {
      fail_file("line " + std::to_string(line_no_) +
                ": end of file without a header naming the gate-voltage (Vg) and drain-current (Id) columns");
    }
    if (curve_.size() < kMinPoints) {
      fail_file("line " + std::to_string(line_no_) + ": end of file after " + std::to_string(curve_.size()) +
                " data rows; a transfer curve needs at least " + std::to_string(kMinPoints));
    }
    if (curve_.descending) {
      std::reverse(curve_.vg.begin(), curve_.vg.end());
      std::reverse(curve_.id.begin(), curve_.id.end());
      std::reverse(curve_.line.begin(), curve_.line.end());
    }
  }

  std::string_view text_;
  const std::string& name_;
  IvCurve curve_;
  size_t line_no_ = 0;
  bool have_header_ = false;
  size_t header_line_ = 0;
  char sep_ = ',';
  size_t offset_ = 0;
  size_t vg_col_ = 0, id_col_ = 0, n_fields_ = 0;
  double vg_scale_ = 1, id_scale_ = 1;
};

}  // namespace

IvCurve parse_iv_csv(std::string_view text, const std::string& name) { return Parser(text, name).run(); }

IvCurve read_iv_csv(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw InputError(path + ": is a directory, not a CSV file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path + ": cannot open (" + std::strerror(errno) + ")");
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  if (size < 0) throw InputError(path + ": cannot read (not a regular file?)");
  if (static_cast<unsigned long long>(size) > kMaxCsvBytes) {
    throw InputError(path + ": file is " + std::to_string(size) + " bytes, more than the " +
                     std::to_string(kMaxCsvBytes >> 20) + " MiB limit for a transfer curve");
  }
  in.seekg(0, std::ios::beg);
  std::string text(static_cast<size_t>(size), '\0');
  if (size > 0 && !in.read(text.data(), size)) throw InputError(path + ": read error");
  return parse_iv_csv(text, path);
}

}  // namespace trinity::calib
