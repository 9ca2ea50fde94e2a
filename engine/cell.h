#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace collscope::engine {

// One term of a cell: chunk `chunk` of rank `rank`'s input.
struct Term {
  int rank = 0;
  int chunk = 0;
  friend bool operator==(const Term&, const Term&) = default;
};

// A half-open run of ranks [first, first + count) taken modulo p: a ring
// partial sum is one arc, a tree partial sum one subtree of in-order ranks.
struct RankArc {
  std::uint32_t first = 0;
  std::uint32_t count = 0;
};

// What one slot of one rank holds: the sum of chunk `chunk` over a set of
// ranks. 12 bytes, so p = 4096 (16.7 M cells) fits in 200 MB. A set that is
// one arc is stored inline; any other set lives in the CellPool and the
// cell keeps its index there.
struct Cell {
  static constexpr std::uint32_t kPooled = 0x80000000u;

  std::int32_t chunk = -1;  // -1: empty slot
  std::uint32_t first = 0;  // arc start, or pool index when pooled
  std::uint32_t count = 0;  // arc length (kPooled bit set: pooled)

  bool Empty() const { return chunk < 0; }
  bool Pooled() const { return (count & kPooled) != 0; }
  friend bool operator==(const Cell&, const Cell&) = default;

  static Cell Of(int rank, int chunk) { return Cell{chunk, static_cast<std::uint32_t>(rank), 1u}; }
};

// Rank sets that are not a single arc: sorted, disjoint, non-adjacent runs in
// [0, p). Append-only; a cell refers to its set by index.
class CellPool {
 public:
  explicit CellPool(int ranks) : ranks_(ranks) {}

  int Ranks() const { return ranks_; }

  // The cell's rank set as sorted linear runs [first, first+count) in [0, p).
  std::vector<RankArc> Runs(const Cell& cell) const;
  std::int64_t TermCount(const Cell& cell) const;
  bool Contains(const Cell& cell, int rank) const;

  // Sum of two cells of the same chunk with disjoint rank sets. Returns false
  // (and leaves `out` alone) when the chunks differ or a rank would be
  // counted twice: the simulation reports both as schedule errors.
  bool Union(const Cell& a, const Cell& b, Cell& out, std::string& why);

  // Terms in the lecture's reading order: an arc from its newest rank back
  // to its first ("a1+a0", "e0+e4"), a full or scattered set ascending
  // ("b0+b1+b2+b3+b4").
  std::vector<Term> Terms(const Cell& cell) const;

  // The lecture's notation, in the order of Terms. A set of more than
  // max_terms terms is shortened run by run: a run of 5 or more consecutive
  // ranks becomes its two ends around an ellipsis and the count follows
  // ("a0+…+a63 (64)", the arc 59..63, 0..5 "a5+…+a0+a63+…+a59 (11)");
  // shorter runs stay whole ("f0+f7+f6+f5"), so "…" always stands for a
  // range; more than 3 runs become "Σa (12)". An empty cell is "".
  std::string Label(const Cell& cell, int max_terms = 64) const;

  std::size_t PooledSets() const { return sets_.size(); }

 private:
  Cell Normalize(const std::vector<RankArc>& runs);

  int ranks_;
  std::vector<std::vector<RankArc>> sets_;
};

// "a", "b", … "z", "aa", "ab", … (spreadsheet columns, lower case).
std::string ChunkLetters(int chunk);

}  // namespace collscope::engine
