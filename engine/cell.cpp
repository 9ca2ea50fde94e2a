#include "engine/cell.h"

#include <algorithm>

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

std::string CellPool::Label(const Cell& cell, int max_terms) const {
  if (cell.Empty()) return "";
  std::string letters = ChunkLetters(cell.chunk);
  auto term = [&](const Term& t) { return letters + std::to_string(t.rank); };
  std::int64_t count = TermCount(cell);
  if (count > max_terms && count > 2) {
    // Only the ends are needed; avoid listing a million terms.
    std::vector<Term> ends;
    std::uint32_t p = static_cast<std::uint32_t>(ranks_);
    if (!cell.Pooled() && cell.count < p) {
      ends = {Term{static_cast<int>((cell.first + cell.count - 1) % p), cell.chunk},
              Term{static_cast<int>(cell.first), cell.chunk}};
    } else {
      std::vector<RankArc> runs = Runs(cell);
      ends = {Term{static_cast<int>(runs.front().first), cell.chunk},
              Term{static_cast<int>(runs.back().first + runs.back().count - 1), cell.chunk}};
    }
    return term(ends[0]) + "+\xE2\x80\xA6+" + term(ends[1]) + " (" + std::to_string(count) + ")";
  }
  std::string label;
  for (const Term& t : Terms(cell)) {
    if (!label.empty()) label += '+';
    label += term(t);
  }
  return label;
}

}  // namespace collscope::engine
