#include "engine/cell.h"

#include <algorithm>
#include <cstdlib>

namespace collscope::engine {

std::string ChunkLetters(int chunk) {
  // Spreadsheet columns: z is followed by aa.
  std::string letters;
  for (long long n = static_cast<long long>(chunk) + 1; n > 0; n = (n - 1) / 26) {
    letters.insert(letters.begin(), static_cast<char>('a' + (n - 1) % 26));
  }
  return letters;
}

std::vector<RankArc> CellPool::Runs(const Cell& cell) const {
  if (cell.Empty()) return {};
  if (cell.Pooled()) return sets_[cell.first];
  std::uint32_t p = static_cast<std::uint32_t>(ranks_);
  if (cell.first + cell.count <= p) return {RankArc{cell.first, cell.count}};
  std::uint32_t wrapped = cell.first + cell.count - p;
  return {RankArc{0, wrapped}, RankArc{cell.first, p - cell.first}};
}

std::int64_t CellPool::TermCount(const Cell& cell) const {
  if (cell.Empty()) return 0;
  if (!cell.Pooled()) return cell.count;
  std::int64_t total = 0;
  for (const RankArc& run : sets_[cell.first]) total += run.count;
  return total;
}

bool CellPool::Contains(const Cell& cell, int rank) const {
  for (const RankArc& run : Runs(cell)) {
    if (static_cast<std::uint32_t>(rank) >= run.first &&
        static_cast<std::uint32_t>(rank) < run.first + run.count) {
      return true;
    }
  }
  return false;
}

Cell CellPool::Normalize(const std::vector<RankArc>& runs) {
  std::vector<RankArc> merged;
  for (const RankArc& run : runs) {
    if (!merged.empty() && merged.back().first + merged.back().count == run.first) {
      merged.back().count += run.count;
    } else {
      merged.push_back(run);
    }
  }
  std::uint32_t p = static_cast<std::uint32_t>(ranks_);
  if (merged.size() == 1) {
    return Cell{0, merged[0].count == p ? 0 : merged[0].first, merged[0].count};
  }
  // Two runs touching both ends of [0, p) are one arc across the wrap.
  if (merged.size() == 2 && merged[0].first == 0 && merged[1].first + merged[1].count == p) {
    return Cell{0, merged[1].first, merged[0].count + merged[1].count};
  }
  sets_.push_back(std::move(merged));
  return Cell{0, static_cast<std::uint32_t>(sets_.size() - 1), Cell::kPooled};
}

bool CellPool::Union(const Cell& a, const Cell& b, Cell& out, std::string& why) {
  if (a.chunk != b.chunk) {
    why = "adds chunk " + ChunkLetters(b.chunk) + " to chunk " + ChunkLetters(a.chunk);
    return false;
  }
  std::uint32_t p = static_cast<std::uint32_t>(ranks_);
  // Fast path of every ring and tree step: two arcs that meet end to start.
  if (!a.Pooled() && !b.Pooled() && a.count + b.count <= p) {
    if ((a.first + a.count) % p == b.first || (b.first + b.count) % p == a.first) {
      bool a_first = (a.first + a.count) % p == b.first;
      std::uint32_t count = a.count + b.count;
      out = Cell{a.chunk, count == p ? 0 : (a_first ? a.first : b.first), count};
      return true;
    }
  }
  std::vector<RankArc> runs = Runs(a);
  std::vector<RankArc> other = Runs(b);
  runs.insert(runs.end(), other.begin(), other.end());
  std::sort(runs.begin(), runs.end(),
            [](const RankArc& x, const RankArc& y) { return x.first < y.first; });
  for (std::size_t i = 1; i < runs.size(); ++i) {
    if (runs[i - 1].first + runs[i - 1].count > runs[i].first) {
      why = "adds " + ChunkLetters(a.chunk) + std::to_string(runs[i].first) + " twice";
      return false;
    }
  }
  out = Normalize(runs);
  out.chunk = a.chunk;
  return true;
}

std::vector<Term> CellPool::Terms(const Cell& cell) const {
  std::vector<Term> terms;
  if (cell.Empty()) return terms;
  std::uint32_t p = static_cast<std::uint32_t>(ranks_);
  if (!cell.Pooled() && cell.count < p) {
    // Lecture slide 8: the newest contribution first ("a1+a0", "e0+e4").
    for (std::uint32_t k = cell.count; k-- > 0;) {
      terms.push_back(Term{static_cast<int>((cell.first + k) % p), cell.chunk});
    }
    return terms;
  }
  for (const RankArc& run : Runs(cell)) {
    for (std::uint32_t k = 0; k < run.count; ++k) {
      terms.push_back(Term{static_cast<int>(run.first + k), cell.chunk});
    }
  }
  return terms;
}

namespace {

// A run of ranks as the lecture reads it: "a3+a2+a1+a0" in full, or, from
// kShortestAbbreviatedRun terms on, its two ends around an ellipsis
// ("a5+…+a0"). An ellipsis stands only between the ends of a run of
// consecutive rank numbers, so it always reads as the range it is. A run
// of 4 is as long abbreviated ("a3+…+a0 (4)") as written out.
constexpr std::int64_t kShortestAbbreviatedRun = 5;
// More runs than this are not spelt out at all: "Σa (12)".
constexpr std::size_t kMostRunsSpelt = 3;

struct ReadingRun {
  int from = 0;  // first term read
  int to = 0;    // last term read; |to - from| + 1 terms, consecutive numbers
};

}  // namespace

std::string CellPool::Label(const Cell& cell, int max_terms) const {
  if (cell.Empty()) return "";
  const std::string letters = ChunkLetters(cell.chunk);
  auto term = [&](int rank) { return letters + std::to_string(rank); };
  const std::int64_t count = TermCount(cell);
  if (count <= max_terms) {
    std::string label;
    for (const Term& t : Terms(cell)) label += (label.empty() ? "" : "+") + term(t.rank);
    return label;
  }
  // Too long to spell out. Runs first, so a million-term cell is not
  // expanded: a pooled set is at most a few runs in practice (trees and
  // recursive doubling add whole subtrees), an arc at most two.
  std::vector<ReadingRun> runs;
  const std::uint32_t p = static_cast<std::uint32_t>(ranks_);
  if (!cell.Pooled() && cell.count < p) {
    // Newest first, as Terms reads an arc: one run, or two across the wrap.
    const int newest = static_cast<int>((cell.first + cell.count - 1) % p);
    const int first = static_cast<int>(cell.first);
    if (newest >= first) {
      runs.push_back(ReadingRun{newest, first});
    } else {
      runs.push_back(ReadingRun{newest, 0});
      runs.push_back(ReadingRun{ranks_ - 1, first});
    }
  } else {
    for (const RankArc& arc : Runs(cell)) {
      runs.push_back(
          ReadingRun{static_cast<int>(arc.first), static_cast<int>(arc.first + arc.count - 1)});
    }
  }
  const std::string total = " (" + std::to_string(count) + ")";
  if (runs.size() > kMostRunsSpelt) return "\xCE\xA3" + letters + total;  // Σ
  std::string label;
  bool shortened = false;
  for (const ReadingRun& run : runs) {
    const std::int64_t length = std::abs(run.to - run.from) + 1;
    if (!label.empty()) label += '+';
    if (length >= kShortestAbbreviatedRun) {
      shortened = true;
      label += term(run.from) + "+\xE2\x80\xA6+" + term(run.to);  // …
      continue;
    }
    const int step = run.to >= run.from ? 1 : -1;
    for (int rank = run.from;; rank += step) {
      label += term(rank);
      if (rank == run.to) break;
      label += '+';
    }
  }
  // The count only when terms are hidden: "f0+f7+f6+f5" needs none.
  return shortened ? label + total : label;
}

}  // namespace collscope::engine
