// SPDX-License-Identifier: Apache-2.0
// `--task K` of `trinity run` and `trinity verify`: which task of a gated
// model (format version 2) to run, counted from 1 like the paper's tasks.
// Task k is run as the network with its gated-off weights zeroed (fixed-point
// spec §1a), so every backend runs it as it runs any model.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>

#include "network.hpp"

namespace trinity::cli {

// 0 = no --task given: the model runs as stored (ungated).
struct TaskChoice {
  uint64_t task = 0;
  bool given = false;
  uint32_t tasks_in_model = 0;  // filled by load_model_for_task
};

void add_task_option(CLI::App* cmd, TaskChoice& choice);

// The model at `path` as `choice` asks: ungated without --task, task K's
// network with it. An ungated model or K outside 1..K_max is an InputError
// naming --task and the file (exit 2).
Network load_model_for_task(const std::string& path, TaskChoice& choice);

// "task       2 of 3 (...)\n" for the commands' summaries ("" without --task).
std::string task_line(const TaskChoice& choice);

}  // namespace trinity::cli
