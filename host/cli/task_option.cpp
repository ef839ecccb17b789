// SPDX-License-Identifier: Apache-2.0
#include "task_option.hpp"

#include "errors.hpp"
#include "model_file.hpp"
#include "option_checks.hpp"
#include "task_gates.hpp"

namespace trinity::cli {

void add_task_option(CLI::App* cmd, TaskChoice& choice) {
  cmd->add_option_function<uint64_t>(
         "--task",
         [&choice](const uint64_t& k) {
           choice.task = k;
           choice.given = true;
         },
         "Task K of a gated model (format v2; `trinity info` lists them), from 1: its gated-off weights run as 0 "
         "(a device gets its gate and selects it, protocol v3)")
      ->check(whole_number());
}

Network load_model_for_task(const std::string& path, TaskChoice& choice) {
  TaskGates gates;
  const Network net = load_model(path, nullptr, &gates);
  choice.tasks_in_model = gates.tasks;
  if (!choice.given) return net;
  const std::string option = "--task " + std::to_string(choice.task) + ": ";
  if (gates.empty()) throw InputError(option + path + " has no task gates (a format version 1 model)");
  if (choice.task < 1 || choice.task > gates.tasks)
    throw InputError(option + path + " has tasks 1.." + std::to_string(gates.tasks));
  return single_task_network(net, gates, choice.task - 1);
}

void apply_task(std::vector<SpikeFrame>& frames, const TaskChoice& choice) {
  if (!choice.given) return;
  for (SpikeFrame& f : frames) f.task = 1;  // the one task single_task_network keeps
}

std::string task_line(const TaskChoice& choice) {
  if (!choice.given) return "";
  return "task       " + std::to_string(choice.task) + " of " + std::to_string(choice.tasks_in_model) +
         " (gated-off weights run as 0)\n";
}

}  // namespace trinity::cli
