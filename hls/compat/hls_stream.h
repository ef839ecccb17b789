// SPDX-License-Identifier: Apache-2.0
// Stand-in for Xilinx's hls_stream.h in C simulation: an unbounded FIFO.
// Reading an empty stream is a testbench bug (the hardware would block
// forever), so it throws instead of returning garbage as csim would.
#pragma once

#include <deque>
#include <stdexcept>
#include <string>

namespace hls {

template <typename T>
class stream {
 public:
  stream() = default;
  explicit stream(const char* name) : name_(name) {}
  stream(const stream&) = delete;
  stream& operator=(const stream&) = delete;

  T read() {
    if (q_.empty()) throw std::runtime_error("hls::stream '" + name_ + "': read from an empty stream");
    T v = q_.front();
    q_.pop_front();
    return v;
  }
  void read(T& v) { v = read(); }
  bool read_nb(T& v) {
    if (q_.empty()) return false;
    v = read();
    return true;
  }
  void write(const T& v) { q_.push_back(v); }
  bool write_nb(const T& v) {
    write(v);
    return true;
  }
  void operator>>(T& v) { v = read(); }
  void operator<<(const T& v) { write(v); }
  bool empty() const { return q_.empty(); }
  bool full() const { return false; }
  size_t size() const { return q_.size(); }

 private:
  std::string name_ = "anonymous";
  std::deque<T> q_;
};

}  // namespace hls
