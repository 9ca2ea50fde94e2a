// The CLI's streaming JSON writer: what --json output holds for text and
// numbers that JSON cannot carry as they are.
#include "app/cli/json_writer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

namespace collscope::cli {
namespace {

using nlohmann::json;

std::string WriteOneString(std::string_view text) {
  std::ostringstream out;
  JsonWriter(out).BeginObject().Member("text", text).EndObject();
  return out.str();
}

TEST(JsonWriter, ControlCharactersQuotesAndBackslashesReadBackAsWritten) {
  const std::string text = "line 1\nline 2\t\"quoted\" back\\slash \x01 end\r";
  const std::string written = WriteOneString(text);
  EXPECT_EQ(json::parse(written)["text"], text) << written;
  // No raw control byte may stand inside a JSON string (RFC 8259, section 7).
  for (char c : written) EXPECT_GE(static_cast<unsigned char>(c), 0x20) << written;
}

TEST(JsonWriter, InvalidUtf8BecomesReplacementCharacterSoTheOutputParses) {
  // A host name or lesson title read from a file can hold any bytes; 0xff is
  // never valid UTF-8, 0xc3 alone is a cut-off two-byte sequence.
  const std::string written = WriteOneString("gpu\xff-node\xc3");
  json doc;
  ASSERT_NO_THROW(doc = json::parse(written)) << written;
  EXPECT_EQ(doc["text"], "gpu\xEF\xBF\xBD-node\xEF\xBF\xBD");
}

TEST(JsonWriter, ValidUtf8PassesThrough) {
  const std::string text = "\xCE\xB1-\xCE\xB2-\xCE\xB3 model";  // alpha-beta-gamma
  EXPECT_EQ(json::parse(WriteOneString(text))["text"], text);
}

TEST(JsonWriter, NonFiniteNumbersAreNullAndFiniteOnesShortest) {
  std::ostringstream out;
  JsonWriter(out)
      .BeginArray()
      .Number(std::numeric_limits<double>::quiet_NaN())
      .Number(std::numeric_limits<double>::infinity())
      .Number(5e-06)
      .EndArray();
  EXPECT_EQ(out.str(), "[null,null,5e-06]");
}

}  // namespace
}  // namespace collscope::cli
