# SPDX-License-Identifier: Apache-2.0
# The CMake target graph (docs/layout.md).
#
#   make dep-graph    configure a scratch build with `cmake --graphviz`, check
#                     the layering rules and render docs/dependency-graph.svg
#                     (needs Graphviz `dot`: scripts/install-deps.sh)
#
# ctest dep_graph_layering checks the same rules on every test run.

.PHONY: dep-graph

dep-graph:
	/usr/bin/python3 scripts/dep_graph.py render --source . --scratch $(BUILD)/dep-graph --svg docs/dependency-graph.svg
