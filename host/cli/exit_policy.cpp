// SPDX-License-Identifier: Apache-2.0
#include "exit_policy.hpp"

#include <cstdio>
#include <new>

#include "errors.hpp"

namespace trinity::cli {

namespace {

std::string& interrupted() {
  static std::string what;
  return what;
}

std::string with_activity(const std::string& problem) {
  const std::string& doing = interrupted_activity();
  return doing.empty() ? problem : problem + " while " + doing;
}

int print(const char* kind, const std::string& message, int code) {
  std::fprintf(stderr, "trinity: %s: %s\n", kind, one_line(message).c_str());
  return code;
}

}  // namespace

std::string one_line(const std::string& message) {
  std::string out;
  const size_t keep = std::min(message.size(), kMaxMessageBytes);
  out.reserve(keep + 40);
  for (size_t k = 0; k < keep; ++k) {
    const unsigned char c = static_cast<unsigned char>(message[k]);
    if (c == '\n') {
      out += "; ";
      while (k + 1 < keep && message[k + 1] == ' ') ++k;  // the next line's indent
    } else {
      out += c < 0x20 || c == 0x7f ? '?' : static_cast<char>(c);
    }
  }
  if (keep < message.size()) out += "... (" + std::to_string(message.size() - keep) + " more bytes)";
  return out;
}

Activity::Activity(std::string what) : what_(std::move(what)), uncaught_(std::uncaught_exceptions()) {}

Activity::~Activity() {
  // Unwinding because of an exception: the innermost scope records first.
  if (std::uncaught_exceptions() > uncaught_ && interrupted().empty()) interrupted() = what_;
}

const std::string& interrupted_activity() { return interrupted(); }

int report_failure(const CLI::App& app, std::exception_ptr e) {
  try {
    std::rethrow_exception(e);
  } catch (const CLI::CallForHelp& h) {
    return const_cast<CLI::App&>(app).exit(h);
  } catch (const CLI::CallForAllHelp& h) {
    return const_cast<CLI::App&>(app).exit(h);
  } catch (const CLI::CallForVersion& v) {
    return const_cast<CLI::App&>(app).exit(v);
  } catch (const CLI::ParseError& p) {
    return print("usage", std::string(p.what()) + " (see trinity --help)", kExitUsage);
  } catch (const UsageError& u) {
    return print("usage", u.what(), kExitUsage);
  } catch (const InputError& i) {
    return print("error", i.what(), kExitBadInput);
  } catch (const RuntimeFailure& f) {
    return print("failure", f.what(), kExitFailure);
  } catch (const std::bad_alloc&) {
    return print("failure", with_activity("out of memory"), kExitFailure);
  } catch (const std::exception& x) {
    return print("failure", with_activity(x.what()), kExitFailure);
  } catch (...) {
    return print("failure", with_activity("unknown error"), kExitFailure);
  }
}

}  // namespace trinity::cli
