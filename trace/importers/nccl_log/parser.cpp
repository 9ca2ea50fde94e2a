#include "trace/importers/nccl_log/parser.h"

#include <algorithm>
#include <optional>
#include <set>
#include <tuple>
#include <utility>

namespace collscope::trace {
namespace {

struct CollCall {
  std::int64_t op_count = 0;
  std::string collective;
  std::int64_t count = 0;
  std::string dtype;
  std::int32_t nranks = 0;
};

// Everything learnt about one communicator.
struct Comm {
  std::string key;
  std::int32_t nranks = 0;
  std::int32_t nnodes = 0;
  std::int32_t coll_channels = 0;
  std::int32_t nvls_channels = -1;  // -1: not logged
  std::map<std::int32_t, RankInfo> ranks;
  std::map<std::int32_t, std::vector<std::int32_t>> channel_rings;  // rank 0's dump
  std::set<std::int32_t> truncated_rings;
  std::map<std::int32_t, std::map<std::int32_t, std::int32_t>> ring_next;  // channel, rank -> next
  std::map<std::int32_t, std::map<std::int32_t, TreeNode>> trees;          // channel, rank -> node
  std::vector<Link> links;
  std::set<std::tuple<std::int32_t, std::int32_t, std::int32_t>> link_keys;
  std::vector<CollNetLink> collnet;
  std::vector<GpuPath> gpu_paths;
  std::set<std::tuple<std::string, std::string, std::string>> gpu_path_keys;  // host, from, to
  std::map<std::int32_t, std::vector<CollCall>> calls_by_rank;
  std::vector<TuningTableEntry> tuning_table;
  std::size_t lines = 0;
};

std::string ProcessKey(const NcclLogLine& line) {
  return std::string(line.host) + ":" + std::to_string(line.pid);
}
std::string ThreadKey(const NcclLogLine& line) {
  return ProcessKey(line) + ":" + std::to_string(line.tid);
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

std::optional<std::int32_t> SmallInt(std::string_view text) {
  std::int64_t value = 0;
  if (!ParseInt64(text, value) || value < -1 || value > (1 << 24)) return std::nullopt;
  return static_cast<std::int32_t>(value);
}

// "1/-1/-1" -> {1}.
std::vector<std::int32_t> Children(std::string_view text) {
  std::vector<std::int32_t> children;
  while (!text.empty()) {
    const std::size_t slash = text.find('/');
    if (auto child = SmallInt(text.substr(0, slash)); child && *child >= 0) {
      children.push_back(*child);
    }
    if (slash == std::string_view::npos) break;
    text.remove_prefix(slash + 1);
  }
  return children;
}

// The state of the TUNING table a thread is printing (src/graph/tuning.cc
// prints it in blocks of three algorithms: an `Algorithm` row, a `Protocol`
// row, a `Max NThreads` row, then one row per collective).
struct TableBlock {
  std::vector<std::string> algorithms;  // one per column
  std::vector<std::string> protocols;
  std::vector<std::int32_t> threads;
};

std::vector<std::string_view> Cells(std::string_view message) {
  std::vector<std::string_view> cells;
  while (true) {
    const std::size_t bar = message.find('|');
    cells.push_back(Trim(message.substr(0, bar)));
    if (bar == std::string_view::npos) break;
    message.remove_prefix(bar + 1);
  }
  return cells;
}

}  // namespace

struct NcclLogParser::State {
  explicit State(ImportResult& result_in) : result(result_in) {}

  ImportResult& result;
  std::string path;
  std::size_t records = 0;
  std::set<std::string> hosts;
  std::string first_host;
  std::vector<Comm> comms;
  std::map<std::string, std::size_t> comm_index;
  // Thread -> communicator it is setting up (between Init START and COMPLETE).
  std::map<std::string, std::size_t> bound;
  // Thread -> records waiting for the thread's Init COMPLETE to name their
  // communicator (NCCL before Init START was printed).
  std::map<std::string, std::vector<NcclLogLine>> pending;
  std::map<std::string, std::string> pending_path;
  std::map<std::string, std::size_t> last_of_process;               // process -> comm last seen
  std::map<std::string, std::pair<std::size_t, int>> pointer_rank;  // process:comm -> comm, rank
  std::map<std::string, TableBlock> table_blocks;                   // thread -> table being printed
  std::vector<std::pair<TuningChoice, std::optional<std::size_t>>> choices;

  Comm& CommByKey(const std::string& key) {
    auto it = comm_index.find(key);
    if (it != comm_index.end()) return comms[it->second];
    comm_index[key] = comms.size();
    comms.emplace_back().key = key;
    return comms.back();
  }

  void Add(const NcclLogLine& line) {
    ++records;
    if (line.level == NcclLogLine::Level::kWarn) {
      result.warnings.push_back(LinePosition(path, line.line) + ": NCCL WARN " +
                                std::string(Trim(line.message)));
      return;
    }
    if (!line.host.empty()) {
      if (first_host.empty()) first_host = std::string(line.host);
      hosts.insert(std::string(line.host));
    }
    const std::string_view message = Trim(line.message);
    if (message.starts_with("NCCL version ") || message.starts_with("RCCL version ")) {
      return Version(message);
    }
    if (line.level != NcclLogLine::Level::kInfo) return;
    const std::vector<std::string_view> tokens = SplitWhitespace(message);
    if (tokens.empty()) return;
    if (message.ends_with("Init START") || message.ends_with("Init COMPLETE")) {
      // A cut record may have lost its commId; only whole ones name a comm.
      if (!line.cut) InitLine(line, tokens, message.ends_with("Init COMPLETE"));
      return;
    }
    if (message.find(" Bytes -> ") != std::string_view::npos) return TuningLine(line, tokens);
    if (tokens[0].ends_with(':') && tokens.size() > 2 && tokens[1] == "opCount") {
      return CollLine(line, tokens);
    }
    if (message.starts_with("Using network ")) {
      result.trace.meta.SetExtraString("network", message.substr(14));
      return;
    }
    // "NCCL_MAX_NCHANNELS set by environment to 4" (misc/param.cc): a
    // channel count the user chose, so the logged count tells nothing of
    // the machine (trace/model_fit.cpp).
    if (tokens.size() >= 5 && tokens[1] == "set" && tokens[2] == "by" &&
        tokens[3] == "environment" && tokens[0].starts_with("NCCL_") &&
        (tokens[0].find("NCHANNELS") != std::string_view::npos ||
         tokens[0].find("CTAS") != std::string_view::npos)) {
      result.trace.meta.SetExtraString("channels_set_by", tokens[0]);
      return;
    }
    if (line.cut) return;  // its end is missing: no ring, tree or link from it
    if (After(tokens, "nNodes") && After(tokens, "comm")) return NodesLine(line, tokens);
    Comm* comm = BoundComm(line);
    if (comm == nullptr) {
      if (IsTopologyLine(tokens, message)) Defer(line);
      return;
    }
    Apply(*comm, line, tokens, message);
  }

  static bool IsTopologyLine(const std::vector<std::string_view>& tokens,
                             std::string_view message) {
    const std::string_view first = tokens[0];
    return first == "Channel" || first == "Ring" || first == "Trees" || first == "Tree" ||
           first == "CollNet" || IsPathLine(tokens) ||
           (tokens.size() >= 3 && tokens[1] == "coll") ||
           message.find('|') != std::string_view::npos;
  }

  // GPU/0-17000 :GPU/0-17000 (0/5000.0/LOC) GPU/0-65000 (1/240.0/NVL) ...
  static bool IsPathLine(const std::vector<std::string_view>& tokens) {
    return tokens.size() >= 3 && tokens[0].starts_with("GPU/") && tokens[1].starts_with(":");
  }

  Comm* BoundComm(const NcclLogLine& line) {
    auto it = bound.find(ThreadKey(line));
    return it != bound.end() ? &comms[it->second] : nullptr;
  }

  void Defer(const NcclLogLine& line) {
    const std::string key = ThreadKey(line);
    pending[key].push_back(line);
    pending_path[key] = path;
  }

  void Apply(Comm& comm, const NcclLogLine& line, const std::vector<std::string_view>& tokens,
             std::string_view message) {
    if (tokens[0] == "Channel" && message.find(" via ") != std::string_view::npos) {
      return TransportLine(comm, tokens, message);
    }
    if (tokens[0] == "CollNet" && message.find(" via ") != std::string_view::npos) {
      return CollNetLine(comm, tokens, message);
    }
    if (tokens[0] == "Channel" && tokens.size() >= 4 && tokens[2] == ":") {
      return ChannelRingLine(comm, tokens);
    }
    if (tokens[0] == "Ring" && tokens.size() >= 4 && tokens[2] == ":") {
      return RingLine(comm, tokens);
    }
    if (tokens[0] == "Trees") return TreesLine(comm, tokens);
    if (IsPathLine(tokens)) return PathLine(comm, line, tokens);
    if (tokens[0] == "Tree" && tokens.size() >= 8 && tokens[2] == ":") {
      return TreeLine(comm, tokens);
    }
    if (tokens.size() >= 3 && tokens[1] == "coll" && tokens[2].starts_with("channels")) {
      // "8 coll channels, 8 collnet channels, 0 nvls channels, 8 p2p
      // channels, ..." (init.cc): 0 NVLS channels means NVLS is off.
      if (auto channels = SmallInt(tokens[0])) comm.coll_channels = *channels;
      for (std::size_t i = 1; i + 1 < tokens.size(); ++i) {
        if (tokens[i] == "nvls" && tokens[i + 1].starts_with("channels")) {
          if (auto nvls = SmallInt(tokens[i - 1])) comm.nvls_channels = *nvls;
        }
      }
      return;
    }
    if (message.find('|') != std::string_view::npos) return TableLine(comm, line, message);
  }

  void Version(std::string_view message) {
    // NCCL version 2.21.5+cuda12.4; RCCL version 2.22.3+hip6.2 (or "version :")
    const bool rccl = message.starts_with("RCCL");
    std::string_view version = Trim(message.substr(13));
    if (version.starts_with(':')) version = Trim(version.substr(1));
    version = version.substr(0, version.find_first_of(" \t"));
    const std::size_t plus = version.find_first_of("+-");
    if (plus != std::string_view::npos) {
      const std::string_view build = version.substr(plus + 1);
      if (build.starts_with("cuda")) result.trace.meta.SetExtraString("cuda", build.substr(4));
      if (build.starts_with("hip")) result.trace.meta.SetExtraString("hip", build.substr(3));
      version = version.substr(0, plus);
    }
    if (rccl) result.trace.meta.SetExtraString("library", "rccl");
    Meta& meta = result.trace.meta;
    if (meta.nccl_version.empty()) {
      meta.nccl_version = std::string(version);
    } else if (meta.nccl_version != version) {
      result.warnings.push_back(path + ": several NCCL versions in one log (" + meta.nccl_version +
                                ", " + std::string(version) + ")");
    }
  }

  void InitLine(const NcclLogLine& line, const std::vector<std::string_view>& tokens,
                bool complete) {
    auto comm_ptr = After(tokens, "comm");
    auto rank = IntAfter(tokens, "rank");
    auto nranks = IntAfter(tokens, "nranks");
    if (!comm_ptr || !rank || !nranks || *nranks < 1 || *rank < 0 || *rank >= *nranks ||
        *nranks > (1 << 24)) {
      return;
    }
    std::string key;
    if (auto comm_id = After(tokens, "commId")) {
      key = "commId " + std::string(*comm_id);
    } else if (auto color = After(tokens, "color")) {
      key = "split color " + std::string(*color) + " nranks " + std::to_string(*nranks);
    } else {
      // NCCL <= 2.12 printed no commId: processes of one job agree on nranks.
      key = "nranks " + std::to_string(*nranks);
    }
    CommByKey(key);
    const std::size_t index = comm_index[key];
    Comm& comm = comms[index];
    last_of_process[ProcessKey(line)] = index;
    pointer_rank[ProcessKey(line) + ":" + std::string(*comm_ptr)] = {index,
                                                                     static_cast<int>(*rank)};
    comm.nranks = static_cast<std::int32_t>(*nranks);
    RankInfo& info = comm.ranks[static_cast<std::int32_t>(*rank)];
    info.rank = static_cast<std::int32_t>(*rank);
    info.host = std::string(line.host);
    if (auto dev = IntAfter(tokens, "cudaDev")) info.device = static_cast<std::int32_t>(*dev);
    ++comm.lines;
    // The thread's earlier records were this communicator's set-up.
    const std::string thread = ThreadKey(line);
    if (auto it = pending.find(thread); it != pending.end()) {
      const std::string saved_path = path;
      path = pending_path[thread];
      for (const NcclLogLine& earlier : it->second) Replay(comm, earlier);
      path = saved_path;
      pending.erase(it);
    }
    if (complete) {
      bound.erase(thread);
    } else {
      bound[thread] = index;
    }
  }

  void Replay(Comm& comm, const NcclLogLine& line) {
    const std::string_view message = Trim(line.message);
    const std::vector<std::string_view> tokens = SplitWhitespace(message);
    if (!tokens.empty()) Apply(comm, line, tokens, message);
  }

  void NodesLine(const NcclLogLine& line, const std::vector<std::string_view>& tokens) {
    // comm 0x... rank 0 nRanks 4 nNodes 1 localRanks 4 localRank 0 MNNVL 0
    auto comm_ptr = After(tokens, "comm");
    Comm* comm = nullptr;
    if (auto it = pointer_rank.find(ProcessKey(line) + ":" + std::string(*comm_ptr));
        it != pointer_rank.end()) {
      comm = &comms[it->second.first];
    } else {
      comm = BoundComm(line);
    }
    if (comm == nullptr) return;
    if (auto nodes = SmallInt(After(tokens, "nNodes").value_or(""))) comm->nnodes = *nodes;
    ++comm->lines;
  }

  void ChannelRingLine(Comm& comm, const std::vector<std::string_view>& tokens) {
    // Channel 00/24 : 0 1 2 3   (rank 0 prints the ring order of each channel)
    auto channel = ChannelOf(tokens[1]);
    if (!channel) return;
    std::vector<std::int32_t> ring;
    bool truncated = false;
    for (std::size_t i = 3; i < tokens.size(); ++i) {
      if (auto rank = SmallInt(tokens[i]); rank && *rank >= 0) {
        ring.push_back(*rank);
      } else {
        truncated = true;  // "..." when the line passed 127 characters
        break;
      }
    }
    comm.channel_rings[*channel] = std::move(ring);
    if (truncated) comm.truncated_rings.insert(*channel);
    ++comm.lines;
  }

  void RingLine(Comm& comm, const std::vector<std::string_view>& tokens) {
    // Ring 00 : 3 -> 0 -> 1   (prev -> me -> next)
    auto channel = ChannelOf(tokens[1]);
    if (!channel || tokens.size() < 8 || tokens[4] != "->" || tokens[6] != "->") return;
    auto me = SmallInt(tokens[5]);
    auto next = SmallInt(tokens[7]);
    if (!me || !next || *me < 0 || *next < 0) return;
    comm.ring_next[*channel][*me] = *next;
    ++comm.lines;
  }

  void TreesLine(Comm& comm, const std::vector<std::string_view>& tokens) {
    // Trees [0] 1/-1/-1->0->-1 [1] 1/-1/-1->0->-1 ...   (children->me->parent)
    // NCCL 2.4-2.6 printed " [%d] %d->%d->%d/%d/%d": up->me->down0/down1/down2.
    for (std::size_t i = 1; i + 1 < tokens.size(); i += 2) {
      const std::string_view label = tokens[i];
      if (label.size() < 3 || label.front() != '[' || label.back() != ']') break;
      auto channel = SmallInt(label.substr(1, label.size() - 2));
      const std::string_view entry = tokens[i + 1];
      const std::size_t first = entry.find("->");
      const std::size_t second = entry.find("->", first + 2);
      if (!channel || first == std::string_view::npos || second == std::string_view::npos) break;
      const std::string_view head = entry.substr(0, first);
      const std::string_view tail = entry.substr(second + 2);
      const bool parent_first =
          tail.find('/') != std::string_view::npos && head.find('/') == std::string_view::npos;
      auto me = SmallInt(entry.substr(first + 2, second - first - 2));
      auto parent = SmallInt(parent_first ? head : tail);
      if (!me || !parent || *me < 0) break;
      TreeNode node;
      node.rank = *me;
      node.parent = *parent;
      node.children = Children(parent_first ? tail : head);
      comm.trees[*channel][node.rank] = std::move(node);
    }
    ++comm.lines;
  }

  void TreeLine(Comm& comm, const std::vector<std::string_view>& tokens) {
    // Tree 0 : -1 -> 0 -> 1/-1/-1   (2.27+: parent -> me -> children)
    auto channel = ChannelOf(tokens[1]);
    if (!channel || tokens[4] != "->" || tokens[6] != "->") return;
    auto parent = SmallInt(tokens[3]);
    auto me = SmallInt(tokens[5]);
    if (!parent || !me || *me < 0) return;
    TreeNode node;
    node.rank = *me;
    node.parent = *parent;
    node.children = Children(tokens[7]);
    comm.trees[*channel][node.rank] = std::move(node);
    ++comm.lines;
  }

  void TransportLine(Comm& comm, const std::vector<std::string_view>& tokens,
                     std::string_view message) {
    // Channel 00/0 : 0[0] -> 1[1] via P2P/IPC/read
    // Channel 00 : 0[0] -> 1[1] via SHM/direct/direct
    // Channel 00/0 : 3[3] -> 4[0] [send] via NET/IB/0/GDRDMA
    // Channel 01 : 2[b1000] -> 6[b1000] [send] via NET/IB/0   (<= 2.12)
    if (tokens.size() < 7 || tokens[2] != ":" || tokens[4] != "->") return;
    auto channel = ChannelOf(tokens[1]);
    auto src = RankOfPeer(tokens[3]);
    auto dst = RankOfPeer(tokens[5]);
    if (!channel || !src || !dst) return;
    std::string_view transport = Trim(message.substr(message.find(" via ") + 5));
    // 2.19+ may append " comm 0x... nRanks 08" to the transport.
    transport = Trim(transport.substr(0, transport.find(" comm 0x")));
    if (comm.link_keys.insert({*channel, *src, *dst}).second) {
      comm.links.push_back(
          Link{.src = *src, .dst = *dst, .transport = std::string(transport), .channel = *channel});
    }
    ++comm.lines;
  }

  void PathLine(Comm& comm, const NcclLogLine& line, const std::vector<std::string_view>& tokens) {
    // One GPU's paths to every node of its node's topology, as
    // ncclTopoPrintPaths prints them (src/graph/paths.cc): "TYPE/ID
    // (hops/bandwidth/path type)" after the GPU's own "TYPE/ID :".
    //   GPU/0-17000 :GPU/0-17000 (0/5000.0/LOC) GPU/0-65000 (1/240.0/NVL) CPU/0-0 (1/24.0/PHB)
    //   GPU/1000 :GPU/1000 (0/5000.000000/LOC) GPU/81000 (3/24.000000/SYS)   (<= 2.18)
    // Only the GPU-to-GPU paths are kept: they say how the GPUs are joined.
    const std::string_view from = tokens[0].substr(4);
    for (std::size_t i = 1; i + 1 < tokens.size(); i += 2) {
      std::string_view to = tokens[i];
      if (to.starts_with(':')) to.remove_prefix(1);
      const std::string_view figures = tokens[i + 1];
      if (!to.starts_with("GPU/") || !figures.starts_with('(') || !figures.ends_with(')')) continue;
      to.remove_prefix(4);
      if (to == from) continue;
      const std::string_view inside = figures.substr(1, figures.size() - 2);
      const std::size_t first = inside.find('/');
      const std::size_t second = inside.find('/', first + 1);
      if (second == std::string_view::npos) continue;
      GpuPath gpu_path;
      auto hops = SmallInt(inside.substr(0, first));
      const std::string_view type = inside.substr(second + 1);
      if (!hops || *hops < 0 || type.empty() ||
          !ParseDouble(inside.substr(first + 1, second - first - 1), gpu_path.bw_gbps)) {
        continue;
      }
      gpu_path.host = std::string(line.host);
      gpu_path.from = std::string(from);
      gpu_path.to = std::string(to);
      gpu_path.hops = *hops;
      gpu_path.type = std::string(type);
      if (comm.gpu_path_keys.insert({gpu_path.host, gpu_path.from, gpu_path.to}).second) {
        comm.gpu_paths.push_back(std::move(gpu_path));
      }
    }
    ++comm.lines;
  }

  void CollNetLine(Comm& comm, const std::vector<std::string_view>& tokens,
                   std::string_view message) {
    // CollNet 00/0 : 3 [send] via COLLNET/SHARP/0/GDRDMA (src/transport/coll_net.cc)
    if (tokens.size() < 5 || tokens[2] != ":") return;
    auto channel = ChannelOf(tokens[1]);
    auto rank = SmallInt(tokens[3]);
    if (!channel || !rank || *rank < 0) return;
    CollNetLink link;
    link.channel = *channel;
    link.rank = *rank;
    link.send = tokens[4] != "[receive]" && tokens[4] != "[recv]";
    link.transport = std::string(Trim(message.substr(message.find(" via ") + 5)));
    comm.collnet.push_back(std::move(link));
    ++comm.lines;
  }

  void TableLine(Comm& comm, const NcclLogLine& line, std::string_view message) {
    std::vector<std::string_view> cells = Cells(message);
    if (cells.size() < 2) return;
    const std::string_view label = cells[0];
    cells.erase(cells.begin());
    while (!cells.empty() && cells.back().empty()) cells.pop_back();
    TableBlock& block = table_blocks[ThreadKey(line)];
    if (label == "Algorithm") {
      block = TableBlock();
      for (std::string_view cell : cells) {
        block.algorithms.push_back(CanonicalNcclAlgorithm(cell));
      }
      return;
    }
    if (label == "Protocol") {
      block.protocols.clear();
      for (std::string_view cell : cells) block.protocols.push_back(CanonicalNcclProtocol(cell));
      return;
    }
    if (label == "Max NThreads") {
      block.threads.clear();
      for (std::string_view cell : cells) block.threads.push_back(SmallInt(cell).value_or(0));
      return;
    }
    const std::string collective = CanonicalCollective(label);
    if (collective.empty() || block.algorithms.empty() || block.protocols.empty()) return;
    const std::size_t per_algorithm =
        std::max<std::size_t>(1, block.protocols.size() / block.algorithms.size());
    for (std::size_t column = 0; column < cells.size() && column < block.protocols.size();
         ++column) {
      // "10.4/  43.6": latency in us / bandwidth in GB/s
      const std::string_view cell = cells[column];
      const std::size_t slash = cell.find('/');
      if (slash == std::string_view::npos) continue;
      TuningTableEntry entry;
      if (!ParseDouble(Trim(cell.substr(0, slash)), entry.latency_us) ||
          !ParseDouble(Trim(cell.substr(slash + 1)), entry.bandwidth_gbps)) {
        continue;
      }
      if (entry.bandwidth_gbps <= 0) continue;  // 0.0 marks a disabled pair
      const std::size_t algorithm = column / per_algorithm;
      if (algorithm >= block.algorithms.size()) break;
      entry.collective = collective;
      entry.algorithm = block.algorithms[algorithm];
      entry.protocol = block.protocols[column];
      if (column < block.threads.size()) entry.max_threads = block.threads[column];
      comm.tuning_table.push_back(std::move(entry));
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
    call.count = std::max<std::int64_t>(0, IntAfter(tokens, "count").value_or(0));
    if (auto type = IntAfter(tokens, "datatype")) call.dtype = NcclDatatypeName(*type);
    for (std::string_view token : tokens) {
      if (token.starts_with("[nranks=") && token.ends_with("]")) {
        call.nranks = SmallInt(token.substr(8, token.size() - 9)).value_or(0);
      }
    }
    std::int32_t rank = -1;
    Comm* comm = nullptr;
    if (auto comm_ptr = After(tokens, "comm")) {
      auto it = pointer_rank.find(ProcessKey(line) + ":" + std::string(*comm_ptr));
      if (it != pointer_rank.end()) {
        comm = &comms[it->second.first];
        rank = it->second.second;
        last_of_process[ProcessKey(line)] = it->second.first;
      }
    }
    if (comm == nullptr) comm = ProcessComm(line);
    comm->calls_by_rank[rank].push_back(std::move(call));
    ++comm->lines;
  }

  // The communicator a line without a pointer most likely belongs to.
  Comm* ProcessComm(const NcclLogLine& line) {
    if (Comm* comm = BoundComm(line)) return comm;
    auto process = last_of_process.find(ProcessKey(line));
    if (process != last_of_process.end()) return &comms[process->second];
    return &CommByKey("");
  }

  void TuningLine(const NcclLogLine& line, const std::vector<std::string_view>& tokens) {
    // AllReduce: 1048576 Bytes -> Algo RING proto LL128 channel{Lo..Hi}={0..23}
    // (2.24+; older: "Algo 1 proto 2 time 50.3")
    TuningChoice choice;
    std::string_view name = tokens[0];
    if (name.ends_with(':')) name.remove_suffix(1);
    choice.collective = CanonicalCollective(name);
    if (choice.collective.empty()) return;
    for (std::size_t i = 1; i + 1 < tokens.size(); ++i) {
      if (tokens[i + 1] == "Bytes") ParseInt64(tokens[i], choice.bytes);
    }
    if (auto algo = After(tokens, "Algo")) choice.algorithm = CanonicalNcclAlgorithm(*algo);
    if (auto proto = After(tokens, "proto")) choice.protocol = CanonicalNcclProtocol(*proto);
    for (std::string_view token : tokens) {
      const std::size_t open = token.find("={");
      const std::size_t dots = token.find("..", open == std::string_view::npos ? 0 : open);
      if (!token.starts_with("channel") || open == std::string_view::npos ||
          dots == std::string_view::npos || !token.ends_with("}")) {
        continue;
      }
      choice.channel_lo = SmallInt(token.substr(open + 2, dots - open - 2)).value_or(-1);
      choice.channel_hi = SmallInt(token.substr(dots + 2, token.size() - dots - 3)).value_or(-1);
    }
    std::optional<std::size_t> comm;
    if (auto it = bound.find(ThreadKey(line)); it != bound.end()) {
      comm = it->second;
    } else if (auto process = last_of_process.find(ProcessKey(line));
               process != last_of_process.end()) {
      comm = process->second;
    }
    choices.emplace_back(std::move(choice), comm);
  }

  Status Finish(const std::vector<SourceFile>& files, const FinishOptions& options);
};

// The lecture's n for a COLL line: count is per rank for allgather (send
// count) and reducescatter (receive count), NCCL's nccl.h.
std::int64_t CallBytes(const CollCall& call, std::int32_t nranks) {
  const std::int64_t element = DtypeSize(call.dtype);
  std::int64_t bytes = call.count * (element > 0 ? element : 1);
  if (call.collective == "allgather" || call.collective == "reducescatter" ||
      call.collective == "alltoall") {
    bytes *= std::max<std::int32_t>(1, call.nranks > 0 ? call.nranks : nranks);
  }
  return bytes;
}

Status NcclLogParser::State::Finish(const std::vector<SourceFile>& files,
                                    const FinishOptions& options) {
  Trace& trace = result.trace;
  if (records == 0) {
    return Status::Failure(files.front().path +
                           ":1: no NCCL log lines ('host:pid:tid [dev] NCCL INFO ...')");
  }
  // Records still waiting for their thread's Init line: the process's
  // communicator, else the pool of unnamed ones.
  for (auto& [thread, lines] : pending) {
    if (lines.empty()) continue;
    const std::string saved_path = path;
    path = pending_path[thread];
    Comm* comm = ProcessComm(lines.front());
    for (const NcclLogLine& line : lines) Replay(*comm, line);
    path = saved_path;
  }
  pending.clear();
  // The communicator to show: the largest (the world), the first of equals.
  const Comm* chosen = nullptr;
  std::size_t used = 0;
  for (std::size_t i = 0; i < comms.size(); ++i) {
    const Comm& comm = comms[i];
    if (comm.lines == 0) continue;
    ++used;
    if (chosen == nullptr || comm.nranks > chosen->nranks) chosen = &comm;
  }
  if (used > 1 && chosen != nullptr) {
    result.warnings.push_back(files.front().path + ": " + std::to_string(used) +
                              " communicators in the log; showing " +
                              (chosen->key.empty() ? std::string("the unnamed one") : chosen->key) +
                              " (" + std::to_string(chosen->nranks) + " ranks)");
  }
  if (options.set_source) trace.meta.source = "nccl-log";
  if (trace.meta.host.empty()) {
    std::string names;
    for (const std::string& host : hosts) names += (names.empty() ? "" : ",") + host;
    trace.meta.host = names;
  }
  if (options.set_source) {
    std::string names;
    for (const SourceFile& file : files) names += (names.empty() ? "" : ", ") + file.path;
    trace.meta.note = "imported from an NCCL_DEBUG=INFO log: " + names;
  }
  const std::size_t first_choice = trace.tuning_choices.size();
  for (auto& [choice, comm] : choices) {
    if (comm && choice.comm_ranks == 0) choice.comm_ranks = comms[*comm].nranks;
    trace.tuning_choices.push_back(std::move(choice));
  }
  if (chosen == nullptr) {
    result.warnings.push_back(files.front().path +
                              ": no communicator, ring, tree or transport lines found");
    return Status::Ok();
  }
  const Comm& comm = *chosen;
  std::int32_t nranks = comm.nranks;
  if (nranks == 0 && !comm.ranks.empty()) nranks = comm.ranks.rbegin()->first + 1;
  if (options.set_ranks) {
    // Every rank of the communicator, also those whose lines are not in
    // this log (rank 0's log of a 16-rank job still has 16 ranks).
    for (std::int32_t rank = 0; rank < nranks; ++rank) {
      auto it = comm.ranks.find(rank);
      RankInfo info;
      info.rank = rank;
      if (it != comm.ranks.end()) info = it->second;
      trace.ranks.push_back(info);
    }
  }
  trace.meta.SetExtraNumber("nranks", nranks);
  if (comm.nnodes > 0) {
    trace.meta.SetExtraNumber("nodes", comm.nnodes);
  } else if (!hosts.empty() && trace.meta.ExtraJson("nodes") == nullptr) {
    trace.meta.SetExtraNumber("nodes", static_cast<double>(hosts.size()));
  }
  if (comm.coll_channels > 0) trace.meta.SetExtraNumber("coll_channels", comm.coll_channels);
  if (comm.nvls_channels >= 0) trace.meta.SetExtraNumber("nvls_channels", comm.nvls_channels);

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
      result.warnings.push_back(files.front().path + ": ring of channel " +
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
  trace.topology.collnet = comm.collnet;
  trace.topology.gpu_paths = comm.gpu_paths;
  trace.tuning_table = comm.tuning_table;

  // Calls: one rank's COLL lines (the lowest rank that printed them), with
  // the algorithm and protocol of the TUNING choices in the same order.
  if (!comm.calls_by_rank.empty()) {
    const std::vector<CollCall>& calls = comm.calls_by_rank.begin()->second;
    std::vector<bool> used_choice(trace.tuning_choices.size(), false);
    for (const CollCall& call : calls) {
      Run run;
      run.collective = call.collective;
      run.dtype = call.dtype;
      run.bytes = CallBytes(call, nranks);
      run.iteration = static_cast<std::int32_t>(call.op_count);
      run.comm_ranks = call.nranks > 0 ? call.nranks : nranks;
      const std::int64_t element = std::max(1, DtypeSize(call.dtype));
      for (std::size_t t = first_choice; t < trace.tuning_choices.size(); ++t) {
        const TuningChoice& choice = trace.tuning_choices[t];
        if (used_choice[t] || choice.collective != call.collective) continue;
        if (choice.bytes != run.bytes && choice.bytes != call.count * element) continue;
        run.algorithm = choice.algorithm;
        run.protocol = choice.protocol;
        used_choice[t] = true;
        break;
      }
      trace.runs.push_back(std::move(run));
    }
  }
  return Status::Ok();
}

NcclLogParser::NcclLogParser(ImportResult& result) : state_(std::make_unique<State>(result)) {}
NcclLogParser::~NcclLogParser() = default;

void NcclLogParser::Add(const std::string& path, const NcclLogLine& line) {
  if (state_->path != path) state_->path = path;
  state_->Add(line);
}

std::size_t NcclLogParser::records() const { return state_->records; }

Status NcclLogParser::Finish(const std::vector<SourceFile>& files, const FinishOptions& options) {
  return state_->Finish(files, options);
}

namespace {

int Sniff(std::string_view /*path*/, std::string_view head) {
  if (head.find(" NCCL INFO ") != std::string_view::npos ||
      head.find(" NCCL WARN ") != std::string_view::npos) {
    return 60;
  }
  if (head.find("NCCL version ") != std::string_view::npos ||
      head.find("RCCL version ") != std::string_view::npos) {
    return 40;
  }
  return 0;
}

Result<ImportResult> Import(SourceFiles sources) {
  // The parser's records are views into every file's text.
  return ImportAllAtOnce(std::move(sources),
                         [](const std::vector<SourceFile>& files, ImportResult& result) {
                           NcclLogParser parser(result);
                           for (const SourceFile& file : files) {
                             for (const NcclLogLine& line : TokenizeNcclLog(file.text))
                               parser.Add(file.path, line);
                           }
                           return parser.Finish(files, {});
                         });
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
