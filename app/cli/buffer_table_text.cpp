#include "app/cli/buffer_table_text.h"

#include <algorithm>

namespace collscope::cli {

namespace {

// Terminal columns of a UTF-8 string ("…" is one column, three bytes).
std::size_t Columns(const std::string& text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

void Pad(std::ostream& out, const std::string& text, std::size_t width) {
  out << text;
  for (std::size_t n = Columns(text); n < width; ++n) out << ' ';
}

}  // namespace

std::vector<LabelledTransfer> LabelTransfers(const engine::BufferState& before,
                                             const engine::Schedule& schedule, std::int64_t step) {
  std::vector<engine::Transfer> transfers;
  schedule.AppendTransfers(step, transfers);
  std::vector<LabelledTransfer> labelled;
  labelled.reserve(transfers.size());
  for (const engine::Transfer& t : transfers) {
    labelled.push_back({t, engine::CarriedLabel(before, t, 8)});
  }
  return labelled;
}

void WriteBufferTable(std::ostream& out, const engine::BufferState& state,
                      engine::Collective collective, int max_terms) {
  int p = state.Ranks();
  std::vector<std::vector<std::string>> cells(p, std::vector<std::string>(state.Slots()));
  std::vector<std::size_t> width(state.Slots(), 0);
  for (int slot = 0; slot < state.Slots(); ++slot) {
    width[slot] = Columns(engine::SlotName(collective, p, slot));
  }
  for (int rank = 0; rank < p; ++rank) {
    for (int slot = 0; slot < state.Slots(); ++slot) {
      std::string label = state.Label(rank, slot, max_terms);
      if (label.empty()) label = ".";
      if (state.ChangedInCurrentStep(rank, slot)) label = "[" + label + "]";
      width[slot] = std::max(width[slot], Columns(label));
      cells[rank][slot] = std::move(label);
    }
  }
  std::string gpu_header = "GPU " + std::to_string(p - 1);
  std::size_t first_width = gpu_header.size() + 2;
  Pad(out, "", first_width);
  for (int slot = 0; slot < state.Slots(); ++slot) {
    std::string name = engine::SlotName(collective, p, slot);
    if (slot + 1 == state.Slots()) {
      out << name;
    } else {
      Pad(out, name, width[slot] + 2);
    }
  }
  out << '\n';
  for (int rank = 0; rank < p; ++rank) {
    Pad(out, "GPU " + std::to_string(rank), first_width);
    for (int slot = 0; slot < state.Slots(); ++slot) {
      if (slot + 1 == state.Slots()) {
        out << cells[rank][slot];
      } else {
        Pad(out, cells[rank][slot], width[slot] + 2);
      }
    }
    out << '\n';
  }
}

void WriteTransfers(std::ostream& out, const std::vector<LabelledTransfer>& transfers,
                    std::size_t limit) {
  for (std::size_t i = 0; i < transfers.size() && i < limit; ++i) {
    const engine::Transfer& t = transfers[i].transfer;
    out << "  GPU " << t.src << " -> GPU " << t.dst << "  " << transfers[i].carried
        << (t.op == engine::TransferOp::kReduce ? "  (added)" : "  (copied)");
    if (t.channel != 0) out << "  [tree " << int{t.channel} + 1 << "]";
    out << '\n';
  }
  if (transfers.size() > limit) {
    out << "  ... and " << transfers.size() - limit << " more transfers\n";
  }
}

}  // namespace collscope::cli
