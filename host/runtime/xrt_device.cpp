// SPDX-License-Identifier: Apache-2.0
#include "xrt_device.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <limits>
#include <string>
#include <vector>

// XRT's own headers: Debian installs them under /usr/include/xrt, an XRT
// install under /opt/xilinx/xrt/include; xrt.cmake adds the directory.
#include <xrt/xrt_bo.h>
#include <xrt/xrt_device.h>
#include <xrt/xrt_kernel.h>

#include "errors.hpp"
#include "protocol.hpp"
#include "xrt_cores.hpp"

namespace trinity {

namespace {

// The kernels' host-visible arguments (hls/trinity_mm2s.cpp, hls/trinity_s2mm.cpp).
// Indices count every argument, streams included, as the xclbin does.
constexpr int kMm2sMem = 0, kMm2sWords = 1;
constexpr int kS2mmMem = 1, kS2mmMaxWords = 2, kS2mmCount = 3;

struct ExpectedArg {
  int index;
  const char* name;
};

const char* state_name(ert_cmd_state s) {
  switch (s) {
    case ERT_CMD_STATE_NEW: return "new";
    case ERT_CMD_STATE_QUEUED: return "queued";
    case ERT_CMD_STATE_RUNNING: return "running";
    case ERT_CMD_STATE_COMPLETED: return "completed";
    case ERT_CMD_STATE_ERROR: return "error";
    case ERT_CMD_STATE_ABORT: return "aborted";
    case ERT_CMD_STATE_SUBMITTED: return "submitted";
    case ERT_CMD_STATE_TIMEOUT: return "timeout";
    case ERT_CMD_STATE_NORESPONSE: return "no response";
    default: return "unknown";
  }
}

bool digits_only(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

xrt::device open_device(const std::string& spec) {
  try {
    if (digits_only(spec)) return xrt::device(static_cast<unsigned>(std::stoul(spec)));
    return xrt::device(spec);
  } catch (const std::exception& e) {
    std::string hint;
    if (!std::getenv("XILINX_XRT")) hint = "; is XRT set up (source /opt/xilinx/xrt/setup.sh)?";
    throw RuntimeFailure("no Alveo device found: the xrt backend cannot open device " + spec + " (XRT: " + e.what() +
                         ")" + hint);
  }
}

// The compute units of the kernel named `name` in the xclbin, which must have
// the host-bound arguments at the indices this driver sets.
std::vector<std::string> kernel_cus(const xrt::xclbin& xclbin, const std::string& path, const std::string& name,
                                    const std::vector<ExpectedArg>& args) {
  const auto kernels = xclbin.get_kernels();
  const auto k = std::find_if(kernels.begin(), kernels.end(), [&](const auto& x) { return x.get_name() == name; });
  if (k == kernels.end()) throw InputError("kernel " + name + " missing from " + path + "; built with make xclbin?");
  const auto found = k->get_args();
  for (const auto& want : args) {
    const auto a = std::find_if(found.begin(), found.end(), [&](const auto& x) { return x.get_name() == want.name; });
    if (a == found.end() || a->get_index() != static_cast<size_t>(want.index)) {
      std::string seen;
      for (const auto& x : found) seen += (seen.empty() ? "" : ", ") + x.get_name();
      throw InputError(path + ": " + name + " needs argument '" + want.name + "' at index " +
                       std::to_string(want.index) + " (the xclbin has: " + seen +
                       "); rebuild it from this tree's hls/ with make xclbin");
    }
  }
  std::vector<std::string> cus;
  for (const auto& cu : k->get_cus()) cus.push_back(cu_short_name(cu.get_name()));
  return cus;
}

// The cores of the xclbin (xrt_cores.hpp). The stream connections themselves
// are not in the xclbin's metadata this API reads; the names are the
// contract.
unsigned find_cores(const xrt::xclbin& xclbin, const std::string& path) {
  const auto mm2s = kernel_cus(xclbin, path, "trinity_mm2s", {{kMm2sMem, "mem"}, {kMm2sWords, "words"}});
  const auto core = kernel_cus(xclbin, path, "trinity_core", {});
  const auto s2mm = kernel_cus(xclbin, path, "trinity_s2mm",
                               {{kS2mmMem, "mem"}, {kS2mmMaxWords, "max_words"}, {kS2mmCount, "word_count"}});
  const unsigned n = count_core_chains(mm2s, core, s2mm);
  if (n == 0) {
    std::string seen;
    for (const auto* cus : {&mm2s, &core, &s2mm})
      for (const auto& c : *cus) seen += (seen.empty() ? "" : ", ") + c;
    throw InputError(path + ": compute units " + seen +
                     " are not chains trinity_mm2s_k -> trinity_core_k -> trinity_s2mm_k, k = 1 ... N; rebuild it "
                     "with make xclbin (constraints/<board>.cfg)");
  }
  return n;
}

}  // namespace

struct XrtCard::Impl {
  std::string name;
  std::string xclbin;
  xrt::device device;
  xrt::uuid uuid;
  unsigned cores = 0;
};

XrtCard::XrtCard(const std::string& device, const std::string& path) : impl_(std::make_unique<Impl>()) {
  Impl& c = *impl_;
  c.name = "xrt " + device;
  c.xclbin = path;
  std::error_code ec;
  if (path.empty()) throw UsageError("xrt: no xclbin given (--xclbin FILE)");
  if (!std::filesystem::is_regular_file(path, ec)) throw InputError("cannot read xclbin " + path);

  // The card first: without one, whether the file is a good xclbin is moot.
  c.device = open_device(device);
  try {
    c.name = "xrt " + c.device.get_info<xrt::info::device::bdf>();
  } catch (const std::exception&) {
    // keep the name the user gave
  }

  xrt::xclbin xclbin;
  try {
    xclbin = xrt::xclbin(path);
  } catch (const std::exception& e) {
    throw InputError(path + " is not an xclbin (XRT: " + e.what() + ")");
  }
  c.cores = find_cores(xclbin, path);
  try {
    c.uuid = c.device.load_xclbin(xclbin);
  } catch (const std::exception& e) {
    throw RuntimeFailure(c.name + ": cannot load " + path + " (built for " + xclbin.get_xsa_name() +
                         "; XRT: " + e.what() + ")");
  }
}

XrtCard::~XrtCard() = default;

std::string XrtCard::name() const { return impl_->name; }

unsigned XrtCard::cores() const { return impl_->cores; }

struct XrtDevice::Impl {
  struct Slot {
    xrt::bo in, out, count;                    // count: the one word trinity_s2mm writes its word count to
    size_t in_capacity = 0, out_capacity = 0;  // words
    xrt::run mm2s, s2mm;
    size_t max_out = 0;  // bound on this batch's output words
    unsigned timeout_ms = 0;
  };

  std::shared_ptr<XrtCard> card;  // kept open while any of its cores is
  unsigned timeout_ms = 0;
  std::string name;
  xrt::kernel mm2s, s2mm;
  xrt::memory_group in_group = 0, out_group = 0;
  xrt::memory_group count_group = 0;
  std::array<Slot, 2> slots;
  std::deque<size_t> in_flight;  // slots, oldest first
  size_t next_slot = 0;
  std::string failed;  // why the device became unusable

  [[noreturn]] void fail(const std::string& why) {
    failed = why;
    throw RuntimeFailure(name + ": " + why);
  }

  xrt::bo allocate(size_t words, xrt::memory_group group, const char* what) {
    const size_t bytes = std::max<size_t>(words * 4, 4096);
    try {
      return xrt::bo(card->impl_->device, bytes, group);
    } catch (const std::exception& e) {
      fail(std::string("out of device memory? cannot allocate ") + std::to_string(bytes) + " bytes for the " + what +
           " in memory bank " + std::to_string(group) + " (XRT: " + e.what() + ")");
    }
  }

  void wait(const xrt::run& run, const char* kernel, unsigned timeout_ms) {
    const ert_cmd_state s = run.wait(std::chrono::milliseconds(timeout_ms));
    if (s == ERT_CMD_STATE_TIMEOUT)
      // The card still holds part of the batch; only a reset brings it back.
      fail("timed out after " + std::to_string(timeout_ms) + " ms waiting for " + kernel +
           " (card stalled? reset it with xbutil reset)");
    if (s != ERT_CMD_STATE_COMPLETED) fail(std::string(kernel) + " ended in state " + state_name(s));
  }

  void start_s2mm(size_t k) {
    Slot& s = slots[k];
    s.s2mm.set_arg(kS2mmMem, s.out);
    s.s2mm.set_arg(kS2mmMaxWords, static_cast<uint32_t>(s.max_out));
    s.s2mm.set_arg(kS2mmCount, s.count);
    s.s2mm.start();
  }
};

unsigned XrtDevice::default_timeout_ms(size_t in_words, size_t max_out_words) {
  // 2 s, plus 250 us per word moved: the HLS core needs under 1 us per input
  // word of a 784-512-10 network (docs/alveo-build.md), so only a dead card
  // or a wedged stream reaches this.
  const size_t ms = 2000 + (in_words + max_out_words) / 4;
  return static_cast<unsigned>(std::min<size_t>(ms, std::numeric_limits<unsigned>::max()));
}

XrtDevice::XrtDevice(const XrtOptions& o)
    : XrtDevice(std::make_shared<XrtCard>(o.device, o.xclbin), o.core, o.timeout_ms) {}

XrtDevice::XrtDevice(std::shared_ptr<XrtCard> card, unsigned core, unsigned timeout_ms)
    : impl_(std::make_unique<Impl>()) {
  Impl& d = *impl_;
  if (!card) throw RuntimeFailure("xrt: no card");
  const XrtCard::Impl& c = *card->impl_;
  if (core < 1 || core > c.cores)
    throw InputError(c.xclbin + " has " + std::to_string(c.cores) + " cores; there is no core " + std::to_string(core));
  d.card = std::move(card);
  d.timeout_ms = timeout_ms;
  const std::string k = std::to_string(core);
  d.name = c.name + (c.cores > 1 ? " core " + k : "");
  // Exclusive: another process on the same stream would interleave its
  // packets with ours, and reading s2mm's word_count register requires it.
  // "kernel:{cu}" opens this core's compute unit alone.
  auto open_kernel = [&](const std::string& kernel) {
    const std::string cu = kernel + ":{" + kernel + "_" + k + "}";
    try {
      return xrt::kernel(c.device, c.uuid, cu, xrt::kernel::cu_access_mode::exclusive);
    } catch (const std::exception& e) {
      throw RuntimeFailure(
          d.name + ": cannot open " + cu +
          " for exclusive use (another process on this card, or the card given twice?) (XRT: " + e.what() + ")");
    }
  };
  d.mm2s = open_kernel("trinity_mm2s");
  d.s2mm = open_kernel("trinity_s2mm");
  try {
    d.in_group = static_cast<xrt::memory_group>(d.mm2s.group_id(kMm2sMem));
    d.out_group = static_cast<xrt::memory_group>(d.s2mm.group_id(kS2mmMem));
    d.count_group = static_cast<xrt::memory_group>(d.s2mm.group_id(kS2mmCount));
    for (auto& s : d.slots) {
      s.mm2s = xrt::run(d.mm2s);
      s.s2mm = xrt::run(d.s2mm);
    }
  } catch (const std::exception& e) {
    throw RuntimeFailure(d.name + ": " + c.xclbin + ": cannot bind the kernels' arguments (XRT: " + e.what() + ")");
  }
  for (auto& s : d.slots) s.count = d.allocate(1, d.count_group, "word count");
  drain_stale_output();
}

void XrtDevice::drain_stale_output() {
  // The free-running core outlives host processes: output a previous process
  // left in the stream FIFOs would come first in our first batch. QUERY-only
  // batches collect it until one returns just the STATUS answering its QUERY
  // (stale output may itself end in an older QUERY's answer, which stops s2mm
  // early; the next drain takes the rest).
  const uint32_t query = protocol::header(protocol::kQuery, 0);
  for (int attempt = 0; attempt < 8; ++attempt) {
    submit({query}, size_t{1} << 20);
    const std::vector<uint32_t> out = collect();
    if (out.size() == 1 + protocol::kStatusLength) return;
  }
  impl_->fail("the core keeps sending output nobody asked for; reload the xclbin or reset the card (xbutil reset)");
}

XrtDevice::~XrtDevice() {
  // Drain what is still queued (a run abandoned by an exception): a batch
  // whose s2mm never runs stalls the core, and the mm2s feeding it, until
  // the card is reset. After a failure the card is past helping.
  try {
    while (!impl_->in_flight.empty() && impl_->failed.empty()) collect();
  } catch (...) {
    // a destructor reports nothing; the error that abandoned the run already did
  }
}

std::string XrtDevice::name() const { return impl_->name; }

void XrtDevice::submit(std::vector<uint32_t> words, size_t max_out_words) {
  Impl& d = *impl_;
  if (!d.failed.empty()) throw RuntimeFailure(d.name + ": unusable after an earlier failure: " + d.failed);
  if (d.in_flight.size() >= d.slots.size())
    throw RuntimeFailure(d.name + ": more than " + std::to_string(d.slots.size()) + " batches submitted");
  if (words.size() > std::numeric_limits<uint32_t>::max() || max_out_words > std::numeric_limits<uint32_t>::max())
    throw RuntimeFailure(d.name + ": batch too large for the kernels' 32-bit word counts");
  const size_t k = d.next_slot;
  Impl::Slot& s = d.slots[k];
  if (s.in_capacity < words.size()) {
    s.in = d.allocate(words.size(), d.in_group, "input buffer");
    s.in_capacity = std::max<size_t>(words.size(), 1024);
  }
  if (s.out_capacity < max_out_words) {
    s.out = d.allocate(max_out_words, d.out_group, "output buffer");
    s.out_capacity = std::max<size_t>(max_out_words, 1024);
  }
  s.max_out = max_out_words;
  s.timeout_ms = d.timeout_ms                        ? d.timeout_ms
                 : std::getenv("XCL_EMULATION_MODE") ? 0  // emulation speed is unknowable; 0 waits forever
                                                     : default_timeout_ms(words.size(), max_out_words);
  try {
    const size_t bytes = words.size() * 4;
    if (bytes) {
      s.in.write(words.data(), bytes, 0);
      s.in.sync(XCL_BO_SYNC_BO_TO_DEVICE, bytes, 0);
    }
    // Both movers queued at once: s2mm writes its word count to this slot's
    // own buffer, so the card runs batch k+1 while the host reads batch k.
    d.start_s2mm(k);
    s.mm2s.set_arg(kMm2sMem, s.in);
    s.mm2s.set_arg(kMm2sWords, static_cast<uint32_t>(words.size()));
    s.mm2s.start();
  } catch (const RuntimeFailure&) {
    throw;
  } catch (const std::exception& e) {
    d.fail(std::string("cannot start a batch (XRT: ") + e.what() + ")");
  }
  d.in_flight.push_back(k);
  d.next_slot = (k + 1) % d.slots.size();
}

std::vector<uint32_t> XrtDevice::collect() {
  Impl& d = *impl_;
  if (!d.failed.empty()) throw RuntimeFailure(d.name + ": unusable after an earlier failure: " + d.failed);
  if (d.in_flight.empty()) throw RuntimeFailure(d.name + ": collect() without a submitted batch");
  const size_t k = d.in_flight.front();
  Impl::Slot& s = d.slots[k];
  std::vector<uint32_t> out;
  try {
    d.wait(s.s2mm, "trinity_s2mm", s.timeout_ms);
    uint32_t count = 0;
    s.count.sync(XCL_BO_SYNC_BO_FROM_DEVICE, sizeof count, 0);
    s.count.read(&count, sizeof count, 0);
    // mm2s ended before the core could answer the QUERY it carried; this
    // only collects its completion.
    d.wait(s.mm2s, "trinity_mm2s", s.timeout_ms ? std::max(s.timeout_ms, 1000u) : 0);
    d.in_flight.pop_front();
    if (count > s.max_out)
      d.fail("trinity_s2mm counted " + std::to_string(count) + " output words for a buffer of " +
             std::to_string(s.max_out) + " (the words beyond it were dropped)");
    out.resize(count);
    if (count) {
      s.out.sync(XCL_BO_SYNC_BO_FROM_DEVICE, size_t{count} * 4, 0);
      s.out.read(out.data(), size_t{count} * 4, 0);
    }
  } catch (const RuntimeFailure&) {
    throw;
  } catch (const std::exception& e) {
    d.fail(std::string("cannot collect a batch (XRT: ") + e.what() + ")");
  }
  return out;
}

}  // namespace trinity
