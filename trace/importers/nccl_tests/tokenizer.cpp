#include "trace/importers/nccl_tests/tokenizer.h"

namespace collscope::trace {
namespace {

using Kind = NcclTestsRecord::Kind;

Kind ClassifyComment(std::string_view body, const std::vector<std::string_view>& tokens) {
  if (body.starts_with("nccl-tests version")) return Kind::kVersion;
  if (body.starts_with("Collective test starting")) return Kind::kTestStart;
  if (body.starts_with("Collective test concluded")) return Kind::kTestEnd;
  if (body.starts_with("nThread ")) return Kind::kParams;
  if (body.starts_with("Out of bounds values")) return Kind::kOutOfBounds;
  if (body.starts_with("Avg bus bandwidth")) return Kind::kAvgBusBw;
  if (!tokens.empty() && tokens[0] == "Rank" && body.find(" on ") != std::string_view::npos &&
      body.find("device") != std::string_view::npos) {
    return Kind::kDevice;
  }
  if (tokens.size() >= 3 && tokens[0] == "size" && tokens[1] == "count") return Kind::kColumns;
  if (!tokens.empty() && tokens[0] == "(B)") return Kind::kUnits;
  if (body.find("out-of-place") != std::string_view::npos) return Kind::kGroupTitles;
  return Kind::kComment;
}

}  // namespace

std::vector<NcclTestsRecord> TokenizeNcclTests(const MixedText& text) {
  std::vector<NcclTestsRecord> records;
  records.reserve(text.records().size());
  for (const TextRecord& piece : text.records()) {
    NcclTestsRecord record;
    record.line = {piece.line, piece.text};
    record.raw = piece.text;
    if (piece.kind == TextRecord::Kind::kNcclLog) {
      record.kind = Kind::kNcclLog;
      record.log = &piece.log;
      records.push_back(std::move(record));
      continue;
    }
    std::string_view body = Trim(piece.text);
    if (body.empty()) {
      record.kind = Kind::kBlank;
    } else if (body.front() == '#') {
      body = Trim(body.substr(1));
      record.line.text = body;
      record.tokens = SplitWhitespace(body);
      record.kind = ClassifyComment(body, record.tokens);
    } else {
      record.line.text = body;
      record.tokens = SplitWhitespace(body);
      std::int64_t size = 0;
      if (ParseInt64(record.tokens[0], size)) {
        record.kind = Kind::kRow;
      } else if (body.starts_with("rccl-tests: Version ")) {
        record.kind = Kind::kRcclVersion;
      } else {
        record.kind = Kind::kOther;
      }
    }
    records.push_back(std::move(record));
  }
  return records;
}

}  // namespace collscope::trace
