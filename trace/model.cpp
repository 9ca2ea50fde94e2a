#include "trace/model.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "trace/json_text.h"

namespace collscope::trace {
namespace {

std::string Lower(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return out;
}

// Lower case without '_', '-', ' ' and c10d/nccl decorations, so that
// "all_reduce", "AllReduce" and "all-reduce" compare equal.
std::string Squash(std::string_view text) {
  std::string out;
  for (char c : Lower(text)) {
    if (c != '_' && c != '-' && c != ' ') out.push_back(c);
  }
  return out;
}

// A one- or two-digit id ("1", "6"); the names NCCL prints are never digits.
bool ParseSmallInt(std::string_view text, std::int64_t& out) {
  if (text.empty() || text.size() > 2) return false;
  out = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    out = out * 10 + (c - '0');
  }
  return true;
}

}  // namespace

const std::string* Meta::ExtraJson(std::string_view key) const {
  for (const auto& [k, v] : extra_json) {
    if (k == key) return &v;
  }
  return nullptr;
}

void Meta::SetExtraJson(std::string key, std::string json) {
  for (auto& [k, v] : extra_json) {
    if (k == key) {
      v = std::move(json);
      return;
    }
  }
  extra_json.emplace_back(std::move(key), std::move(json));
}

void Meta::SetExtraString(std::string key, std::string_view value) {
  SetExtraJson(std::move(key), JsonQuote(value));
}

void Meta::SetExtraNumber(std::string key, double value) {
  SetExtraJson(std::move(key), JsonNumber(value));
}

std::uint16_t Trace::InternPhase(std::string_view name) {
  for (std::size_t i = 0; i < phases.size(); ++i) {
    if (phases[i] == name) return static_cast<std::uint16_t>(i);
  }
  // More than 65535 distinct phase names is not a trace, it is an attack;
  // fold the rest onto the last one.
  if (phases.size() >= 0xFFFF) return 0xFFFE;
  phases.emplace_back(name);
  return static_cast<std::uint16_t>(phases.size() - 1);
}

std::string_view Trace::PhaseName(std::uint16_t index) const {
  if (index < phases.size()) return phases[index];
  return {};
}

std::size_t Trace::StepEventCount() const {
  std::size_t count = 0;
  for (const Run& run : runs) count += run.steps.size();
  return count;
}

std::int32_t Trace::RankCount() const {
  std::int32_t highest = -1;
  for (const RankInfo& info : ranks) highest = std::max(highest, info.rank);
  if (highest < 0) {
    for (const Run& run : runs) {
      highest = std::max(highest, run.rank);
      for (const StepEvent& event : run.steps) highest = std::max(highest, event.rank);
    }
  }
  if (highest < 0) {
    for (const Measurement& m : measurements) highest = std::max(highest, m.ranks - 1);
  }
  return highest + 1;
}

int DtypeSize(std::string_view dtype) {
  const std::string name = CanonicalDtype(dtype);
  if (name == "int8" || name == "uint8" || name == "float8_e4m3" || name == "float8_e5m2") {
    return 1;
  }
  if (name == "float16" || name == "bfloat16" || name == "int16") return 2;
  if (name == "float32" || name == "int32" || name == "uint32") return 4;
  if (name == "float64" || name == "int64" || name == "uint64") return 8;
  return 0;
}

std::string CanonicalDtype(std::string_view dtype) {
  // nccl-tests names, NCCL kernel name suffixes, old nccl-tests names and
  // PyTorch's c10 ScalarType names.
  static const std::array<std::pair<std::string_view, std::string_view>, 34> kNames = {{
      {"int8", "int8"},
      {"char", "int8"},
      {"i8", "int8"},
      {"int8_t", "int8"},
      {"uint8", "uint8"},
      {"u8", "uint8"},
      {"byte", "uint8"},
      {"uint8_t", "uint8"},
      {"int32", "int32"},
      {"int", "int32"},
      {"i32", "int32"},
      {"uint32", "uint32"},
      {"u32", "uint32"},
      {"int64", "int64"},
      {"long", "int64"},
      {"i64", "int64"},
      {"uint64", "uint64"},
      {"u64", "uint64"},
      {"half", "float16"},
      {"f16", "float16"},
      {"float16", "float16"},
      {"float", "float32"},
      {"f32", "float32"},
      {"float32", "float32"},
      {"double", "float64"},
      {"f64", "float64"},
      {"float64", "float64"},
      {"bfloat16", "bfloat16"},
      {"bf16", "bfloat16"},
      {"short", "int16"},
      {"f8e4m3", "float8_e4m3"},
      {"f8e5m2", "float8_e5m2"},
      {"float8_e4m3", "float8_e4m3"},
      {"float8_e5m2", "float8_e5m2"},
  }};
  const std::string lower = Lower(dtype);
  for (const auto& [from, to] : kNames) {
    if (lower == from) return std::string(to);
  }
  return std::string(dtype);
}

std::string CanonicalCollective(std::string_view name) {
  std::string squashed = Squash(name);
  // Strip decorations: nccl-tests' "_perf", c10d's "_base" and trailing '_',
  // the "nccl:" and "c10d::" prefixes.
  for (std::string_view prefix : {"c10d::", "nccl:", "c10d:"}) {
    if (squashed.starts_with(prefix)) squashed.erase(0, prefix.size());
  }
  for (std::string_view suffix : {"perf", "base", "coalesced"}) {
    if (squashed.size() > suffix.size() && squashed.ends_with(suffix)) {
      squashed.erase(squashed.size() - suffix.size());
    }
  }
  static const std::array<std::pair<std::string_view, std::string_view>, 14> kNames = {{
      {"allreduce", "allreduce"},
      {"reducescatter", "reducescatter"},
      {"reducescattertensor", "reducescatter"},
      {"allgather", "allgather"},
      {"allgatherintotensor", "allgather"},
      {"broadcast", "broadcast"},
      {"reduce", "reduce"},
      {"scatter", "scatter"},
      {"gather", "gather"},
      {"alltoall", "alltoall"},
      {"alltoallv", "alltoall"},
      {"sendrecv", "sendrecv"},
      {"send", "sendrecv"},
      {"recv", "sendrecv"},
  }};
  for (const auto& [from, to] : kNames) {
    if (squashed == from) return std::string(to);
  }
  return {};
}

double BusBwFactor(std::string_view collective, int ranks) {
  if (ranks < 1) return 1;
  const double n = ranks;
  const std::string name = CanonicalCollective(collective);
  if (name == "allreduce") return 2 * (n - 1) / n;
  if (name == "reducescatter" || name == "allgather" || name == "alltoall" || name == "scatter" ||
      name == "gather") {
    return (n - 1) / n;
  }
  return 1;  // broadcast, reduce, sendrecv
}

std::string CanonicalNcclAlgorithm(std::string_view name) {
  // src/include/device.h: NCCL_ALGO_TREE 0, RING 1, COLLNET_DIRECT 2,
  // COLLNET_CHAIN 3, NVLS 4, NVLS_TREE 5, PAT 6 (2.23+); ncclAlgoStr gives
  // "Tree", "Ring", "CollNetDirect", "CollNetChain", "NVLS", "NVLSTree", "PAT".
  static const std::array<std::string_view, 7> kNames = {
      "tree", "ring", "collnet_direct", "collnet_chain", "nvls", "nvls_tree", "pat"};
  std::int64_t id = -1;
  if (ParseSmallInt(name, id) && id >= 0 && id < static_cast<std::int64_t>(kNames.size())) {
    return std::string(kNames[static_cast<std::size_t>(id)]);
  }
  const std::string squashed = Squash(name);
  for (std::string_view known : kNames) {
    std::string known_squashed(known);
    std::erase(known_squashed, '_');
    if (squashed == known_squashed) return std::string(known);
  }
  return Lower(name);
}

std::string CanonicalNcclProtocol(std::string_view name) {
  // src/include/device.h: NCCL_PROTO_LL 0, LL128 1, SIMPLE 2.
  static const std::array<std::string_view, 3> kNames = {"LL", "LL128", "SIMPLE"};
  std::int64_t id = -1;
  if (ParseSmallInt(name, id) && id >= 0 && id < static_cast<std::int64_t>(kNames.size())) {
    return std::string(kNames[static_cast<std::size_t>(id)]);
  }
  std::string upper(name);
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return upper;
}

}  // namespace collscope::trace
