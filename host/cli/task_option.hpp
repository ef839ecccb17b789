// SPDX-License-Identifier: Apache-2.0
// `--task K` of `trinity run` and `trinity verify`: which task of a gated
// model (format version 2) to run, counted from 1 like the paper's tasks.
// Task k (fixed-point spec §1a) runs as the network carrying task k's gate
// alone, as its task 1, with every frame selecting task 1: a device holds the
// gate beside the weights and applies it (protocol v3 GATE, TASK).
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>

#include "network.hpp"
#include "spike_frame.hpp"

namespace trinity::cli {

// 0 = no --task given: the model runs as stored (ungated).
struct TaskChoice {
  uint64_t task = 0;
  bool given = false;
  uint32_t tasks_in_model = 0;  // filled by load_model_for_task
};

void add_task_option(CLI::App* cmd, TaskChoice& choice);

// The model at `path` as `choice` asks: ungated without --task; with it, the
// shared weights and task K's gate alone (single_task_network), which frames
// select by apply_task. An ungated model or K outside 1..K_max is an
// InputError naming --task and the file (exit 2).
Network load_model_for_task(const std::string& path, TaskChoice& choice);
// With --task: every frame selects the task load_model_for_task kept.
void apply_task(std::vector<SpikeFrame>& frames, const TaskChoice& choice);

// "task       2 of 3 (...)\n" for the commands' summaries ("" without --task).
std::string task_line(const TaskChoice& choice);

}  // namespace trinity::cli
