// SPDX-License-Identifier: Apache-2.0
// The trinity model file (`.trn`), docs/model-format.md. Loading never trusts
// a size it has not compared with the bytes actually present, so a hostile or
// damaged file is rejected with one line (InputError) and never makes the
// loader allocate more than the file's own size.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "network.hpp"
#include "task_gates.hpp"

namespace trinity {

// Version 1: network + metadata. Version 2: the same plus a gate section
// (per-task synapse masks); a writer uses 2 exactly when there are gates, so
// the encoding stays canonical.
constexpr uint16_t kModelFormatVersion = 1;
constexpr uint16_t kGatedModelFormatVersion = 2;
constexpr size_t kModelTaskCountBytes = 4;
constexpr size_t kModelHeaderBytes = 32;
constexpr size_t kModelRecordBytes = 24;
constexpr size_t kModelCrcBytes = 4;
constexpr uint32_t kMaxModelMetadataBytes = 65536;
constexpr uint64_t kMaxModelFileBytes = (uint64_t{1} << 30) + (uint64_t{1} << 20);

// Reads and checks `path` (every rule of docs/model-format.md, in its order),
// then runs validate(). The metadata JSON text is stored verbatim in
// *metadata_json when given ("" when the file has none); the task gates of a
// version 2 file in *gates (empty for version 1). Throws InputError.
Network load_model(const std::string& path, std::string* metadata_json = nullptr, TaskGates* gates = nullptr);

// The same checks on bytes already in memory; `name` stands for the path in
// messages.
Network parse_model(const std::vector<uint8_t>& bytes, const std::string& name, std::string* metadata_json = nullptr,
                    TaskGates* gates = nullptr);

// The canonical encoding: parse_model(serialize_model(n, m, g)) gives back n,
// m and g, and serialize_model of a loaded model reproduces the file byte for
// byte (version 1 without gates, version 2 with). Throws InputError when
// `net` fails validate(), `gates` fail validate_gates(), `metadata_json` is
// neither empty nor a JSON object of at most 65536 bytes, or when the file
// would exceed kMaxModelFileBytes (the loader would refuse it).
std::vector<uint8_t> serialize_model(const Network& net, const std::string& metadata_json, const TaskGates& gates = {});

// Writes serialize_model() to `path` through a temporary file renamed into
// place, so readers never see a half-written model. Throws InputError for an
// unsavable network and RuntimeFailure when the file cannot be written.
void save_model(const std::string& path, const Network& net, const std::string& metadata_json,
                const TaskGates& gates = {});

// The CRC field a file holding (net, metadata, gates) carries: for a loaded
// model it equals the stored checksum, which is what `trinity info` prints.
uint32_t model_crc(const Network& net, const std::string& metadata_json, const TaskGates& gates = {});

// zlib crc32 (ISO-HDLC) over any length.
uint32_t crc32_bytes(const uint8_t* data, size_t size);

}  // namespace trinity
