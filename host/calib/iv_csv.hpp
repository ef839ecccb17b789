// SPDX-License-Identifier: Apache-2.0
// Transfer curves (drain current against gate voltage) read from CSV files:
// Keysight B1500A / EasyEXPERT exports and plain two-column tables.
//
// Accepted:
//   - any lines before the header (instrument metadata: SetupTitle,
//     TestParameter, ...), blank lines anywhere, '#' comment lines anywhere;
//   - a header naming the gate-voltage column (Vg, VG, V_G, Vgs, Vgate,
//     Gate Voltage) and the drain-current column (Id, ID, Ids, I_D, Idrain,
//     Drain Current), matched case-insensitively ignoring spaces, '_', '-',
//     '.'; other columns are ignored. `DataName, ...` headers make the file a
//     Keysight export, whose data rows must then start with `DataValue`;
//   - a unit suffix on a column name, `(V)` or `[V]` style: V, mV, uV for
//     the voltage; A, mA, uA/µA, nA, pA, fA for the current. Values are
//     converted to volts and amperes; no suffix means V and A;
//   - comma, semicolon or tab separators (taken from the header line); with
//     semicolons or tabs a decimal comma is accepted; double-quoted fields;
//     LF, CRLF or CR line ends; a UTF-8 byte-order mark.
//
// Rejected, with `FILE: line N: what` (trinity::InputError):
//   - a data row with an empty, non-numeric, NaN or infinite value, a missing
//     column, or a non-empty field beyond the header's columns;
//   - a value beyond any instrument (|Vg| > 1e4 V or |Id| > 1e4 A);
//   - Vg that repeats or turns back: a file holds one monotonic sweep, up or
//     down. A double (forward + backward) sweep is hysteretic, so one
//     Gaussian cannot describe it; split it into one file per direction;
//   - fewer than kMinPoints data rows, no header, a second DataName block,
//     control bytes (binary files), lines over 64 KiB, files over 64 MiB.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace trinity::calib {

constexpr size_t kMinPoints = 5;
constexpr size_t kMaxCsvBytes = size_t{64} << 20;
constexpr size_t kMaxCsvLineBytes = size_t{64} << 10;

struct IvCurve {
  std::string source;        // the path (or name) the data came from, for messages
  std::vector<double> vg;    // volts, strictly increasing
  std::vector<double> id;    // amperes, id[i] belongs to vg[i]
  std::vector<size_t> line;  // 1-based source line of each point
  bool descending = false;   // the file swept Vg downwards (points are stored reversed)
  bool keysight = false;     // DataName/DataValue layout
  std::string vg_column;     // header names as written, e.g. "Vg (V)"
  std::string id_column;

  size_t size() const { return vg.size(); }
};

// Throws trinity::InputError naming `path` and the line on any problem.
IvCurve read_iv_csv(const std::string& path);

// The same, on text already in memory; `name` is used in messages.
IvCurve parse_iv_csv(std::string_view text, const std::string& name);

}  // namespace trinity::calib
