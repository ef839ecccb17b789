// SPDX-License-Identifier: Apache-2.0
// The transfer-curve reader (host/calib/iv_csv.hpp): what it accepts, and
// that every rejection is an InputError naming the file and the line.
#include <catch2/catch.hpp>
#include <random>
#include <string>

#include "errors.hpp"
#include "iv_csv.hpp"

using trinity::InputError;
using trinity::calib::IvCurve;
using trinity::calib::parse_iv_csv;
using trinity::calib::read_iv_csv;

namespace {

const std::string kData = TRINITY_DATA_DIR;

// Five points of a plain table under `header`, with `sep` between values.
std::string plain(const std::string& header, char sep = ',') {
  std::string s = header + "\n";
  const char* rows[][2] = {{"-2", "1"}, {"-1", "2"}, {"0", "4"}, {"1", "2"}, {"2", "1"}};
  for (auto& r : rows) s += std::string(r[0]) + sep + r[1] + "\n";
  return s;
}

std::string keysight(const std::string& rows) {
  return "SetupTitle, I/V Sweep\nPrimitiveTest, I/V Sweep\nTestParameter, Channel.Unit, SMU1, SMU2\n"
         "TestParameter, Channel.VName, Vg, Vd, Id\nDataName, Vg, Id\n" +
         rows;
}

const std::string kFiveRows =
    "DataValue, -2, 1e-9\nDataValue, -1, 2e-9\nDataValue, 0, 4e-9\nDataValue, 1, 2e-9\nDataValue, 2, 1e-9\n";

// The error message, or "" when the text parses.
std::string error_of(const std::string& text, const std::string& name = "t.csv") {
  try {
    parse_iv_csv(text, name);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("reads the model-generated Keysight export data/aab/aab_forward_vds1V.csv", "[calib][csv]") {
  const IvCurve c = read_iv_csv(kData + "/aab/aab_forward_vds1V.csv");
  CHECK(c.keysight);
  CHECK_FALSE(c.descending);
  REQUIRE(c.size() == 201);
  CHECK(c.vg.front() == Approx(-10.0));
  CHECK(c.vg.back() == Approx(10.0));
  CHECK(c.vg_column == "Vg");
  CHECK(c.id_column == "Id");
  CHECK(c.line.front() == 11);  // after 10 metadata/header lines
  double peak = 0;
  for (double i : c.id) peak = std::max(peak, i);
  CHECK(peak > 1e-9);
  CHECK(peak < 1e-8);
}

TEST_CASE("a downward (backward) sweep is stored in increasing Vg with its lines", "[calib][csv]") {
  const IvCurve c = read_iv_csv(kData + "/aab/aab_backward_vds1V.csv");
  CHECK(c.descending);
  REQUIRE(c.size() == 201);
  CHECK(c.vg.front() == Approx(-10.0));
  CHECK(c.vg.back() == Approx(10.0));
  CHECK(c.line.front() > c.line.back());  // the file listed +10 V first
  for (size_t i = 1; i < c.size(); ++i) REQUIRE(c.vg[i] > c.vg[i - 1]);
}

TEST_CASE("DataName/DataValue rows with metadata before them", "[calib][csv]") {
  const IvCurve c = parse_iv_csv(keysight(kFiveRows), "k.csv");
  CHECK(c.keysight);
  REQUIRE(c.size() == 5);
  CHECK(c.id[2] == Approx(4e-9));
  CHECK(c.line[0] == 6);  // the TestParameter line naming Vg and Id is not the header
}

TEST_CASE("header names are matched whatever their spelling", "[calib][csv]") {
  for (const char* h : {"Vg,Id", "VG,ID", "V_G,I_D", "Gate Voltage,Drain Current", "Vgate,Ids", "vgs,idrain",
                        "\"Vg (V)\",\"Id (A)\""}) {
    INFO(h);
    const IvCurve c = parse_iv_csv(plain(h), "h.csv");
    CHECK(c.size() == 5);
    CHECK(c.id[2] == 4.0);
  }
  // Other columns are ignored, wherever they are.
  const IvCurve c = parse_iv_csv("Time,Vd,Id,Ig,Vg\n0,1,5,0,-2\n1,1,6,0,-1\n2,1,7,0,0\n3,1,8,0,1\n4,1,9,0,2\n", "x");
  CHECK(c.vg[4] == 2.0);
  CHECK(c.id[4] == 9.0);
}

TEST_CASE("unit suffixes convert to volts and amperes", "[calib][csv]") {
  struct Case {
    const char* header;
    double v_scale, i_scale;
  };
  const Case cases[] = {
      {"Vg(V),Id(A)", 1, 1},
      {"Vg [V],Id [A]", 1, 1},
      {"Vg (mV),Id (nA)", 1e-3, 1e-9},
      {"Vg (V),Id (uA)", 1, 1e-6},
      {"Vg (V),Id (\xC2\xB5"
       "A)",
       1, 1e-6},  // UTF-8 MICRO SIGN
      {"Vg (V),Id (\xCE\xBC"
       "A)",
       1, 1e-6},  // GREEK SMALL LETTER MU
      {"Vg (V),Id (\xB5"
       "A)",
       1, 1e-6},  // Latin-1
      {"Vg (V),Id (mA)", 1, 1e-3},
      {"Vg (V),Id (pA)", 1, 1e-12},
      {"Vg (v),Id (a)", 1, 1},
  };
  for (const Case& k : cases) {
    INFO(k.header);
    const IvCurve c = parse_iv_csv(plain(k.header), "u.csv");
    CHECK(c.vg[0] == Approx(-2 * k.v_scale));
    CHECK(c.id[2] == Approx(4 * k.i_scale));
  }
  CHECK_THAT(error_of(plain("Vg (K),Id (A)")), Catch::Contains("line 1") && Catch::Contains("unknown unit 'K'"));
  CHECK_THAT(error_of(plain("Vg (V),Id (V)")), Catch::Contains("line 1") && Catch::Contains("drain current"));
  CHECK_THAT(error_of(plain("Vg (V),Id (MA)")), Catch::Contains("unknown unit 'MA'"));
}

TEST_CASE("separators, decimal commas, CRLF, CR, BOM, comments and blank lines", "[calib][csv]") {
  CHECK(parse_iv_csv(plain("Vg;Id", ';'), "s").size() == 5);
  CHECK(parse_iv_csv(plain("Vg\tId", '\t'), "t").size() == 5);
  const IvCurve dc = parse_iv_csv("Vg;Id (nA)\n-2,5;1,5\n-1;2\n0;4,25\n1;2\n2;1\n", "dc");
  CHECK(dc.vg[0] == -2.5);
  CHECK(dc.id[0] == Approx(1.5e-9));
  CHECK(dc.id[2] == Approx(4.25e-9));
  const std::string text = plain("Vg,Id");
  std::string crlf, cr;
  for (char ch : text) {
    crlf += ch == '\n' ? std::string("\r\n") : std::string(1, ch);
    cr += ch == '\n' ? '\r' : ch;
  }
  CHECK(parse_iv_csv(crlf, "crlf").size() == 5);
  CHECK(parse_iv_csv(cr, "cr").size() == 5);
  CHECK(parse_iv_csv("\xEF\xBB\xBF" + text, "bom").size() == 5);
  const IvCurve c = parse_iv_csv("# exported by hand\n\nVg,Id\n-2,1\n\n# mid comment\n-1,2\n0,4\n1,2\n2,1\n\n", "c");
  CHECK(c.size() == 5);
  CHECK(c.line[1] == 7);
  // A trailing separator (an empty extra field) is common in exports.
  CHECK(parse_iv_csv("Vg,Id,\n-2,1,\n-1,2,\n0,4,\n1,2,\n2,1,\n", "trail").size() == 5);
  CHECK(parse_iv_csv("Vg,Id\n+1e-3,1\n2e-3,2\n3e-3,4\n4e-3,2\n5e-3,1\n", "plus").vg[0] == 1e-3);
}

TEST_CASE("every bad data row is rejected with its line number", "[calib][csv]") {
  struct Case {
    const char* row;  // replaces the third data row, which is line 4
    const char* says;
  };
  const Case cases[] = {
      {"0,nan", "Id is not finite"},
      {"0,inf", "Id is not finite"},
      {"-inf,1", "Vg is not finite"},
      {"0,", "empty Id"},
      {",4", "empty Vg"},
      {"0,abc", "Id is not a number ('abc')"},
      {"0x10,4", "Vg is not a number"},
      {"0,4e", "Id is not a number"},
      {"0", "missing drain-current column"},
      {"0,4,7", "row has 3 values, header has 2"},
      {"-1,4", "Vg = -1 V repeats line 3"},
      {"-3,4", "Vg turns back"},
      {"0,1e999", "out of the range of a double"},
      {"0,1e-999", "out of the range"},
      {"0,2e4", "Id = 20000 A is beyond any instrument"},
      {"1e5,1", "beyond any instrument"},
  };
  for (const Case& k : cases) {
    INFO(k.row);
    const std::string text = std::string("Vg,Id\n-2,1\n-1,2\n") + k.row + "\n1,2\n2,1\n3,0.5\n";
    const std::string err = error_of(text, "bad.csv");
    CHECK_THAT(err, Catch::StartsWith("bad.csv: line 4: ") && Catch::Contains(k.says));
  }
}

TEST_CASE("file-level rejections name the file and a line", "[calib][csv]") {
  CHECK_THAT(error_of("Vg,Id\n1,1\n2,2\n3,3\n", "few.csv"), Catch::StartsWith("few.csv: line 4: ") &&
                                                                Catch::Contains("after 3 data rows") &&
                                                                Catch::Contains("at least 5"));
  CHECK_THAT(error_of("SetupTitle, x\nfoo, bar\n", "nohdr.csv"),
             Catch::StartsWith("nohdr.csv: line 2: end of file without a header"));
  CHECK_THAT(error_of("-2,1\n-1,2\n0,4\n", "raw.csv"), Catch::StartsWith("raw.csv: line 1: data row before a header"));
  CHECK_THAT(error_of("SetupTitle, x\nDataValue, 1, 2\n"), Catch::Contains("line 2: DataValue row before"));
  CHECK_THAT(error_of(keysight(kFiveRows) + "DataName, Vg, Id\nDataValue, 3, 1\n"),
             Catch::Contains("line 11: second DataName block"));
  CHECK_THAT(error_of(keysight("DataValue, -2, 1\nAnalysisSetup, x\n")),
             Catch::Contains("line 7: expected a DataValue row"));
  CHECK_THAT(error_of("DataName, Vg, Ig\nDataValue, 1, 2\n"), Catch::Contains("line 1: DataName header has no drain"));
  CHECK_THAT(error_of("Vg,Id,Ids\n1,2,3\n"), Catch::Contains("line 1: two drain-current columns"));
  CHECK_THAT(error_of(""), Catch::Contains("empty file"));
  CHECK_THAT(error_of("\xEF\xBB\xBF  "), Catch::Contains("empty file"));
  CHECK_THAT(error_of("Vg,Id\n-2,1\n\x89PNG\x1a\n"), Catch::Contains("line 3: control byte 0x1A"));
  CHECK_THAT(error_of(std::string("Vg,Id\n") + std::string(70000, '1') + "\n"),
             Catch::Contains("line 2: line is 70000 bytes long"));
  CHECK_THAT(error_of(std::string("ab\0cd", 5)), Catch::Contains("line 1: control byte 0x00"));
}

TEST_CASE("files that cannot be read are InputErrors", "[calib][csv]") {
  CHECK_THROWS_WITH(read_iv_csv("/nonexistent/x.csv"), Catch::StartsWith("/nonexistent/x.csv: cannot open"));
  CHECK_THROWS_WITH(read_iv_csv(kData), Catch::Contains("is a directory"));
}

TEST_CASE("no input crashes the reader: random bytes and mutated files", "[calib][csv]") {
  std::mt19937 rng(12345);
  const std::string base = keysight(kFiveRows);
  const std::string alphabet = "0123456789.,;\t\r\n-+eE \"#DataValueNameVgId()[]unam\xB5\xC2\x00\xFF";
  int parsed = 0, rejected = 0;
  for (int iter = 0; iter < 3000; ++iter) {
    std::string text;
    if (iter % 3 == 0) {
      text.resize(rng() % 200);
      for (char& ch : text) ch = static_cast<char>(rng());
    } else {
      text = base;
      const int edits = 1 + rng() % 4;
      for (int e = 0; e < edits && !text.empty(); ++e) {
        const size_t at = rng() % text.size();
        const char ch = alphabet[rng() % alphabet.size()];
        switch (rng() % 3) {
          case 0: text[at] = ch; break;
          case 1: text.insert(at, 1, ch); break;
          default: text.erase(at, 1 + rng() % 8); break;
        }
      }
    }
    try {
      const IvCurve c = parse_iv_csv(text, "fuzz");
      REQUIRE(c.size() >= trinity::calib::kMinPoints);
      for (size_t i = 1; i < c.size(); ++i) REQUIRE(c.vg[i] > c.vg[i - 1]);
      ++parsed;
    } catch (const InputError&) {
      ++rejected;
    }
  }
  CHECK(parsed > 0);
  CHECK(rejected > 0);
}
