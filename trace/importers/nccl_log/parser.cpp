#include "trace/importers/nccl_log/parser.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

namespace collscope::trace {
namespace {

struct CollCall {
  std::int64_t op_count = 0;
  std::string collective;
  std::int64_t count = 0;
  std::string dtype;
  std::int32_t nranks = 0;
};

struct Tuning {
  std::string collective;
  std::int64_t bytes = 0;
  std::string algorithm;
  std::string protocol;
};

// Everything learnt about one communicator.
struct Comm {
  std::string key;
  std::int32_t nranks = 0;
  std::int32_t nnodes = 0;
  std::int32_t coll_channels = 0;
  std::map<std::int32_t, RankInfo> ranks;
  std::map<std::int32_t, std::vector<std::int32_t>> channel_rings;  // rank 0's dump
  std::set<std::int32_t> truncated_rings;
  std::map<std::int32_t, std::map<std::int32_t, std::int32_t>> ring_next;  // channel, rank -> next
  std::map<std::int32_t, std::map<std::int32_t, TreeNode>> trees;          // channel, rank -> node
  std::vector<Link> links;
  std::set<std::tuple<std::int32_t, std::int32_t, std::int32_t>> link_keys;
  std::map<std::int32_t, std::vector<CollCall>> calls_by_rank;
  std::map<std::int32_t, std::vector<Tuning>> tuning_by_rank;
  std::size_t lines = 0;
};

std::string ProcessKey(const NcclLogLine& line) {
  return std::string(line.host) + ":" + std::to_string(line.pid);
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Value after `name` in a token list ("rank 3" -> "3").
std::optional<std::string_view> After(const std::vector<std::string_view>& tokens,
                                      std::string_view name) {
  for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
    if (tokens[i] == name) return tokens[i + 1];
  }
  return std::nullopt;
}

std::optional<std::int64_t> IntAfter(const std::vector<std::string_view>& tokens,
                                     std::string_view name, int base = 10) {
  auto text = After(tokens, name);
  std::int64_t value = 0;
  if (text && ParseInt64(*text, value, base)) return value;
  return std::nullopt;
}

// "3[3]" or "1[21000]" (busId before 2.18.3) -> 3.
std::optional<std::int32_t> RankOfPeer(std::string_view token) {
  const std::size_t bracket = token.find('[');
  std::int64_t rank = 0;
  if (!ParseInt64(token.substr(0, bracket), rank)) return std::nullopt;
  return static_cast<std::int32_t>(rank);
}

// "00/24" or "00" -> 0.
std::optional<std::int32_t> ChannelOf(std::string_view token) {
  std::int64_t channel = 0;
  if (!ParseInt64(token.substr(0, token.find('/')), channel)) return std::nullopt;
  return static_cast<std::int32_t>(channel);
}

// NCCL's algorithm and protocol ids (src/include/devcomm.h) for TUNING lines
// that print numbers instead of names.
std::string AlgorithmName(std::string_view text) {
  static const char* const kNames[] = {
      "tree", "ring", "collnet_direct", "collnet_chain", "nvls", "nvls_tree", "pat"};
  std::int64_t id = 0;
  if (ParseInt64(text, id) && id >= 0 && id < 7) return kNames[id];
  return Lower(text);
}
std::string ProtocolName(std::string_view text) {
  static const char* const kNames[] = {"LL", "LL128", "SIMPLE"};
  std::int64_t id = 0;
  if (ParseInt64(text, id) && id >= 0 && id < 3) return kNames[id];
  std::string upper(text);
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return upper;
}

class LogParser {
 public:
  explicit LogParser(ImportResult& result) : result_(result) {}

  void Parse(const SourceFile& file) {
    path_ = file.path;
    for (const NcclLogLine& line : TokenizeNcclLog(file.text)) {
      ++nccl_lines_;
      Handle(line);
    }
  }

  Status Finish(const std::vector<SourceFile>& files);

 private:
  Comm& CommFor(const NcclLogLine& line) {
    auto it = current_.find(ThreadKey(line));
    if (it != current_.end()) return comms_[it->second];
    // Another thread of a process that set up a communicator (TUNING lines
    // come from the user's thread): the process's latest one.
    auto process = last_of_process_.find(ProcessKey(line));
    if (process != last_of_process_.end()) return comms_[process->second];
    // No Init line seen at all: the lines of unknown communicators are pooled.
    return CommByKey("");
  }

  std::string ThreadKey(const NcclLogLine& line) {
    return ProcessKey(line) + ":" + std::to_string(line.tid);
  }

  Comm& CommByKey(const std::string& key) {
    auto it = comm_index_.find(key);
    if (it != comm_index_.end()) return comms_[it->second];
    comm_index_[key] = comms_.size();
    comms_.emplace_back().key = key;
    return comms_.back();
  }

  void Handle(const NcclLogLine& line) {
    if (line.level == NcclLogLine::Level::kWarn) {
      result_.warnings.push_back(LinePosition(path_, line.line) + ": NCCL WARN " +
                                 std::string(Trim(line.message)));
      return;
    }
    if (!line.host.empty() && first_host_.empty()) first_host_ = std::string(line.host);
    if (!line.host.empty()) hosts_.insert(std::string(line.host));
    const std::string_view message = Trim(line.message);
    const std::vector<std::string_view> tokens = SplitWhitespace(message);
    if (tokens.empty()) return;
    if (message.starts_with("NCCL version ")) return Version(message);
    if (message.find("Init START") != std::string_view::npos ||
        message.find("Init COMPLETE") != std::string_view::npos) {
      return InitLine(line, tokens);
    }
    if (After(tokens, "nNodes") && After(tokens, "comm")) return NodesLine(line, tokens);
    if (tokens[0] == "Channel" && message.find(" via ") != std::string_view::npos) {
      return TransportLine(line, tokens, message);
    }
    if (tokens[0] == "Channel" && tokens.size() >= 4 && tokens[2] == ":") {
      return ChannelRingLine(line, tokens);
    }
    if (tokens[0] == "Ring" && tokens.size() >= 4 && tokens[2] == ":") {
      return RingLine(line, tokens);
    }
    if (tokens[0] == "Trees") return TreesLine(line, tokens);
    if (tokens.size() >= 3 && tokens[1] == "coll" && tokens[2].starts_with("channels")) {
      std::int64_t channels = 0;
      if (ParseInt64(tokens[0], channels)) {
        CommFor(line).coll_channels = static_cast<std::int32_t>(channels);
      }
      return;
    }
    if (message.starts_with("Using network ")) {
      result_.trace.meta.SetExtraString("network", message.substr(14));
      return;
    }
    if (tokens[0].ends_with(':') && tokens.size() > 2 && tokens[1] == "opCount") {
      return CollLine(line, tokens);
    }
    if (message.find(" Bytes -> ") != std::string_view::npos) return TuningLine(line, tokens);
    // Anything else (GRAPH patterns, thresholds, NVLS, plugin lines, lines
    // of versions we have not seen): skipped on purpose.
  }

  void Version(std::string_view message) {
    // NCCL version 2.21.5+cuda12.4
    std::string_view version = message.substr(13);
    version = Trim(version);
    const std::size_t plus = version.find('+');
    if (plus != std::string_view::npos) {
      std::string_view cuda = version.substr(plus + 1);
      if (cuda.starts_with("cuda")) result_.trace.meta.SetExtraString("cuda", cuda.substr(4));
      version = version.substr(0, plus);
    }
    if (result_.trace.meta.nccl_version.empty()) {
      result_.trace.meta.nccl_version = std::string(version);
    } else if (result_.trace.meta.nccl_version != version) {
      result_.warnings.push_back(path_ + ": several NCCL versions in one log (" +
                                 result_.trace.meta.nccl_version + ", " + std::string(version) +
                                 ")");
    }
  }

  void InitLine(const NcclLogLine& line, const std::vector<std::string_view>& tokens) {
    auto comm_ptr = After(tokens, "comm");
    auto rank = IntAfter(tokens, "rank");
    auto nranks = IntAfter(tokens, "nranks");
    if (!comm_ptr || !rank || !nranks) return;
    std::string key;
    if (auto comm_id = After(tokens, "commId")) {
      key = std::string(*comm_id);
    } else if (auto color = After(tokens, "color")) {
      key = "split color " + std::string(*color) + " nranks " + std::to_string(*nranks);
    } else {
      key = ProcessKey(line) + ":" + std::string(*comm_ptr);
    }
    Comm& comm = CommByKey(key);
    current_[ThreadKey(line)] = comm_index_[key];
    last_of_process_[ProcessKey(line)] = comm_index_[key];
    pointer_rank_[ProcessKey(line) + ":" + std::string(*comm_ptr)] = {comm_index_[key],
                                                                      static_cast<int>(*rank)};
    comm.nranks = static_cast<std::int32_t>(*nranks);
    RankInfo& info = comm.ranks[static_cast<std::int32_t>(*rank)];
    info.rank = static_cast<std::int32_t>(*rank);
    info.host = std::string(line.host);
    if (auto dev = IntAfter(tokens, "cudaDev")) info.device = static_cast<std::int32_t>(*dev);
    ++comm.lines;
  }

  void NodesLine(const NcclLogLine& line, const std::vector<std::string_view>& tokens) {
    auto comm_ptr = After(tokens, "comm");
    auto it = pointer_rank_.find(ProcessKey(line) + ":" + std::string(*comm_ptr));
    Comm& comm = it != pointer_rank_.end() ? comms_[it->second.first] : CommFor(line);
    if (auto nodes = IntAfter(tokens, "nNodes")) comm.nnodes = static_cast<std::int32_t>(*nodes);
    if (auto nranks = IntAfter(tokens, "nRanks")) comm.nranks = static_cast<std::int32_t>(*nranks);
    ++comm.lines;
  }

  void ChannelRingLine(const NcclLogLine& line, const std::vector<std::string_view>& tokens) {
    auto channel = ChannelOf(tokens[1]);
    if (!channel) return;
    Comm& comm = CommFor(line);
    std::vector<std::int32_t> ring;
    bool truncated = false;
    for (std::size_t i = 3; i < tokens.size(); ++i) {
      std::int64_t rank = 0;
      if (ParseInt64(tokens[i], rank)) {
        ring.push_back(static_cast<std::int32_t>(rank));
      } else {
        truncated = true;  // "..." when the line passed 127 characters
        break;
      }
    }
    comm.channel_rings[*channel] = std::move(ring);
    if (truncated) comm.truncated_rings.insert(*channel);
    ++comm.lines;
  }

  void RingLine(const NcclLogLine& line, const std::vector<std::string_view>& tokens) {
    // Ring 00 : 3 -> 0 -> 1   (prev -> me -> next)
    auto channel = ChannelOf(tokens[1]);
    if (!channel || tokens.size() < 8 || tokens[4] != "->" || tokens[6] != "->") return;
    std::int64_t me = 0, next = 0;
    if (!ParseInt64(tokens[5], me) || !ParseInt64(tokens[7], next)) return;
    Comm& comm = CommFor(line);
    comm.ring_next[*channel][static_cast<std::int32_t>(me)] = static_cast<std::int32_t>(next);
    ++comm.lines;
  }

  void TreesLine(const NcclLogLine& line, const std::vector<std::string_view>& tokens) {
    // Trees [0] 1/-1/-1->0->-1 [1] 1/-1/-1->0->-1 ...
    Comm& comm = CommFor(line);
    for (std::size_t i = 1; i + 1 < tokens.size(); i += 2) {
      const std::string_view label = tokens[i];
      if (label.size() < 3 || label.front() != '[' || label.back() != ']') break;
      std::int64_t channel = 0;
      if (!ParseInt64(label.substr(1, label.size() - 2), channel)) break;
      const std::string_view entry = tokens[i + 1];
      const std::size_t first = entry.find("->");
      const std::size_t second = entry.find("->", first + 2);
      if (first == std::string_view::npos || second == std::string_view::npos) break;
      std::int64_t me = 0, parent = 0;
      if (!ParseInt64(entry.substr(first + 2, second - first - 2), me)) break;
      if (!ParseInt64(entry.substr(second + 2), parent)) break;
      TreeNode node;
      node.rank = static_cast<std::int32_t>(me);
      node.parent = static_cast<std::int32_t>(parent);
      std::string_view children = entry.substr(0, first);
      while (!children.empty()) {
        const std::size_t slash = children.find('/');
        std::int64_t child = -1;
        if (ParseInt64(children.substr(0, slash), child) && child >= 0) {
          node.children.push_back(static_cast<std::int32_t>(child));
        }
        if (slash == std::string_view::npos) break;
        children.remove_prefix(slash + 1);
      }
      comm.trees[static_cast<std::int32_t>(channel)][node.rank] = std::move(node);
    }
    ++comm.lines;
  }

  void TransportLine(const NcclLogLine& line, const std::vector<std::string_view>& tokens,
                     std::string_view message) {
    // Channel 00/0 : 0[0] -> 1[1] via P2P/IPC/read
    // Channel 00 : 0[0] -> 1[1] via SHM/direct/direct
    // Channel 00/0 : 3[3] -> 4[0] [send] via NET/IB/0/GDRDMA
    if (tokens.size() < 7 || tokens[2] != ":" || tokens[4] != "->") return;
    auto channel = ChannelOf(tokens[1]);
    auto src = RankOfPeer(tokens[3]);
    auto dst = RankOfPeer(tokens[5]);
    if (!channel || !src || !dst) return;
    std::string transport(Trim(message.substr(message.find(" via ") + 5)));
    Comm& comm = CommFor(line);
    if (comm.link_keys.insert({*channel, *src, *dst}).second) {
      comm.links.push_back(
          Link{.src = *src, .dst = *dst, .transport = transport, .channel = *channel});
    }
    ++comm.lines;
  }

  void CollLine(const NcclLogLine& line, const std::vector<std::string_view>& tokens) {
    // AllReduce: opCount 0 sendbuff 0x.. recvbuff 0x.. count 262144 datatype 7 op 0 root 0
    //   comm 0x.. [nranks=4] stream 0x..
    CollCall call;
    call.collective = CanonicalCollective(tokens[0].substr(0, tokens[0].size() - 1));
    if (call.collective.empty()) return;
    call.op_count = IntAfter(tokens, "opCount", 16).value_or(0);
    call.count = IntAfter(tokens, "count").value_or(0);
    if (auto type = IntAfter(tokens, "datatype")) call.dtype = NcclDatatypeName(*type);
    for (std::string_view token : tokens) {
      std::int64_t nranks = 0;
      if (token.starts_with("[nranks=") && token.ends_with("]") &&
          ParseInt64(token.substr(8, token.size() - 9), nranks)) {
        call.nranks = static_cast<std::int32_t>(nranks);
      }
    }
    std::int32_t rank = -1;
    Comm* comm = nullptr;
    if (auto comm_ptr = After(tokens, "comm")) {
      auto it = pointer_rank_.find(ProcessKey(line) + ":" + std::string(*comm_ptr));
      if (it != pointer_rank_.end()) {
        comm = &comms_[it->second.first];
        rank = it->second.second;
        last_of_process_[ProcessKey(line)] = it->second.first;
      }
    }
    if (comm == nullptr) comm = &CommFor(line);
    comm->calls_by_rank[rank].push_back(std::move(call));
    ++comm->lines;
  }

  void TuningLine(const NcclLogLine& line, const std::vector<std::string_view>& tokens) {
    // AllReduce: 1048576 Bytes -> Algo RING proto LL128 channel{Lo..Hi}={0..23}
    Tuning tuning;
    std::string_view name = tokens[0];
    if (name.ends_with(':')) name.remove_suffix(1);
    tuning.collective = CanonicalCollective(name);
    if (tuning.collective.empty()) return;
    for (std::size_t i = 1; i + 1 < tokens.size(); ++i) {
      if (tokens[i + 1] == "Bytes") ParseInt64(tokens[i], tuning.bytes);
    }
    if (auto algo = After(tokens, "Algo")) tuning.algorithm = AlgorithmName(*algo);
    if (auto proto = After(tokens, "proto")) tuning.protocol = ProtocolName(*proto);
    Comm& comm = CommFor(line);
    comm.tuning_by_rank[0].push_back(std::move(tuning));
    ++comm.lines;
  }

  ImportResult& result_;
  std::string path_;
  std::size_t nccl_lines_ = 0;
  std::string first_host_;
  std::set<std::string> hosts_;
  std::vector<Comm> comms_;
  std::map<std::string, std::size_t> comm_index_;
  std::map<std::string, std::size_t> current_;                       // thread -> comm being set up
  std::map<std::string, std::size_t> last_of_process_;               // process -> comm last seen
  std::map<std::string, std::pair<std::size_t, int>> pointer_rank_;  // process:comm -> comm, rank
};

// The lecture's n for a COLL line: count is per rank for allgather (send
// count) and reducescatter (receive count), reference §1.2.
std::int64_t CallBytes(const CollCall& call, std::int32_t nranks) {
  const std::int64_t element = DtypeSize(call.dtype);
  std::int64_t bytes = call.count * (element > 0 ? element : 1);
  if (call.collective == "allgather" || call.collective == "reducescatter" ||
      call.collective == "alltoall") {
    bytes *= std::max<std::int32_t>(1, call.nranks > 0 ? call.nranks : nranks);
  }
  return bytes;
}

Status LogParser::Finish(const std::vector<SourceFile>& files) {
  Trace& trace = result_.trace;
  if (nccl_lines_ == 0) {
    return Status::Failure(files.front().path +
                           ":1: no NCCL log lines ('host:pid:tid [dev] NCCL INFO ...')");
  }
  // The communicator to show: the largest (the world), the first of equals.
  const Comm* chosen = nullptr;
  for (const Comm& comm : comms_) {
    if (comm.lines == 0) continue;
    if (chosen == nullptr || comm.nranks > chosen->nranks) chosen = &comm;
  }
  std::size_t used = 0;
  for (const Comm& comm : comms_) used += comm.lines > 0 ? 1 : 0;
  if (used > 1 && chosen != nullptr) {
    result_.warnings.push_back(files.front().path + ": " + std::to_string(used) +
                               " communicators in the log; showing commId " + chosen->key + " (" +
                               std::to_string(chosen->nranks) + " ranks)");
  }
  trace.meta.source = "nccl-log";
  trace.meta.host = first_host_;
  if (hosts_.size() > 1) {
    std::string hosts;
    for (const std::string& host : hosts_) hosts += (hosts.empty() ? "" : ",") + host;
    trace.meta.host = hosts;
  }
  std::string names;
  for (const SourceFile& file : files) names += (names.empty() ? "" : ", ") + file.path;
  trace.meta.note = "imported from an NCCL_DEBUG=INFO log: " + names;
  if (chosen == nullptr) {
    result_.warnings.push_back(files.front().path +
                               ": no communicator, ring, tree or transport lines found");
    return Status::Ok();
  }
  const Comm& comm = *chosen;
  for (const auto& [rank, info] : comm.ranks) trace.ranks.push_back(info);
  std::int32_t nranks = comm.nranks;
  if (nranks == 0) nranks = static_cast<std::int32_t>(comm.ranks.size());
  trace.meta.SetExtraNumber("nranks", nranks);
  if (comm.nnodes > 0) {
    trace.meta.SetExtraNumber("nodes", comm.nnodes);
  } else if (!hosts_.empty()) {
    trace.meta.SetExtraNumber("nodes", static_cast<double>(hosts_.size()));
  }
  if (comm.coll_channels > 0) trace.meta.SetExtraNumber("coll_channels", comm.coll_channels);

  // Rings: rank 0's full dump per channel, or the per-rank `Ring` lines
  // followed from rank 0 when the dump is missing or cut at 127 characters.
  std::set<std::int32_t> channels;
  for (const auto& [channel, ring] : comm.channel_rings) channels.insert(channel);
  for (const auto& [channel, next] : comm.ring_next) channels.insert(channel);
  for (std::int32_t channel : channels) {
    auto dump = comm.channel_rings.find(channel);
    if (dump != comm.channel_rings.end() && !comm.truncated_rings.contains(channel)) {
      trace.topology.rings.push_back(dump->second);
      continue;
    }
    auto next = comm.ring_next.find(channel);
    std::vector<std::int32_t> ring;
    if (next != comm.ring_next.end() && !next->second.empty()) {
      std::int32_t rank = next->second.begin()->first;
      const std::int32_t start = rank;
      do {
        ring.push_back(rank);
        auto it = next->second.find(rank);
        if (it == next->second.end()) {
          ring.clear();
          break;
        }
        rank = it->second;
      } while (rank != start && ring.size() <= next->second.size());
      if (ring.size() != next->second.size() ||
          (nranks > 0 && ring.size() != std::size_t(nranks))) {
        ring.clear();
      }
    }
    if (!ring.empty()) {
      trace.topology.rings.push_back(std::move(ring));
    } else {
      result_.warnings.push_back(files.front().path + ": ring of channel " +
                                 std::to_string(channel) +
                                 " is incomplete in the log (truncated dump, missing Ring lines)");
    }
  }
  for (const auto& [channel, nodes] : comm.trees) {
    Tree tree;
    tree.channel = channel;
    for (const auto& [rank, node] : nodes) tree.nodes.push_back(node);
    trace.topology.trees.push_back(std::move(tree));
  }
  trace.topology.links = comm.links;

  // Calls: one rank's COLL lines (the lowest rank that printed them), with
  // the algorithm and protocol of rank 0's TUNING lines in the same order.
  if (!comm.calls_by_rank.empty()) {
    const auto& [rank, calls] = *comm.calls_by_rank.begin();
    std::vector<Tuning> tuning;
    if (auto it = comm.tuning_by_rank.find(0); it != comm.tuning_by_rank.end()) {
      tuning = it->second;
    }
    std::vector<bool> used_tuning(tuning.size(), false);
    for (const CollCall& call : calls) {
      Run run;
      run.collective = call.collective;
      run.dtype = call.dtype;
      run.bytes = CallBytes(call, nranks);
      run.iteration = static_cast<std::int32_t>(call.op_count);
      for (std::size_t t = 0; t < tuning.size(); ++t) {
        if (used_tuning[t] || tuning[t].collective != call.collective) continue;
        const std::int64_t element = std::max(1, DtypeSize(call.dtype));
        if (tuning[t].bytes != run.bytes && tuning[t].bytes != call.count * element) continue;
        run.algorithm = tuning[t].algorithm;
        run.protocol = tuning[t].protocol;
        used_tuning[t] = true;
        break;
      }
      trace.runs.push_back(std::move(run));
    }
    (void)rank;
  }
  return Status::Ok();
}

int Sniff(std::string_view /*path*/, std::string_view head) {
  if (head.find(" NCCL INFO ") != std::string_view::npos ||
      head.find(" NCCL WARN ") != std::string_view::npos) {
    return 60;
  }
  if (head.find("NCCL version ") != std::string_view::npos) return 40;
  return 0;
}

Result<ImportResult> Import(std::vector<SourceFile>& files) {
  ImportResult result;
  LogParser parser(result);
  for (const SourceFile& file : files) parser.Parse(file);
  if (Status status = parser.Finish(files); !status.ok()) {
    return Result<ImportResult>::Failure(status.error);
  }
  return result;
}

}  // namespace

std::string NcclDatatypeName(std::int64_t code) {
  // ncclDataType_t (nccl.h): ncclInt8 .. ncclBfloat16, then the fp8 types.
  static const char* const kNames[] = {"int8",    "uint8",    "int32",       "uint32",
                                       "int64",   "uint64",   "float16",     "float32",
                                       "float64", "bfloat16", "float8_e4m3", "float8_e5m2"};
  if (code >= 0 && code < 12) return kNames[code];
  return "type" + std::to_string(code);
}

Importer NcclLogImporter() {
  return {.name = "nccl-log",
          .description = "NCCL_DEBUG=INFO logs: rings, trees, transports, COLL/TUNING lines",
          .sniff = Sniff,
          .import = Import};
}

}  // namespace collscope::trace
