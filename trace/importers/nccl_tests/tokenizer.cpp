#include "trace/importers/nccl_tests/tokenizer.h"

#include "trace/importers/nccl_log/tokenizer.h"

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

std::vector<NcclTestsRecord> TokenizeNcclTests(std::string_view text) {
  std::vector<NcclTestsRecord> records;
  LineCursor cursor(text);
  Line line;
  while (cursor.Next(line)) {
    NcclTestsRecord record;
    record.line = line;
    // mpirun --tag-output: "[1,0]<stdout>:"
    if (line.text.starts_with('[')) {
      if (const std::size_t tag = line.text.find(">:"); tag < 24) {  // npos is never < 24
        record.line.text.remove_prefix(tag + 2);
      }
    }
    if (ParseNcclLogLine(record.line)) {
      record.kind = Kind::kNcclLog;
      records.push_back(record);
      continue;
    }
    std::string_view body = Trim(record.line.text);
    if (body.empty()) {
      record.kind = Kind::kBlank;
    } else if (body.front() == '#') {
      body.remove_prefix(1);
      body = Trim(body);
      record.line.text = body;
      record.tokens = SplitWhitespace(body);
      record.kind = ClassifyComment(body, record.tokens);
    } else {
      record.line.text = body;
      record.tokens = SplitWhitespace(body);
      std::int64_t size = 0;
      record.kind = ParseInt64(record.tokens[0], size) ? Kind::kRow : Kind::kOther;
    }
    records.push_back(std::move(record));
  }
  return records;
}

}  // namespace collscope::trace
