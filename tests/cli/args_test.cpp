#include <gtest/gtest.h>

#include <cmath>

#include "app/cli/args.h"
#include "engine/byte_size.h"

namespace collscope::cli {
namespace {

TEST(ParseByteSize, AcceptsDecimalAndBinarySuffixes) {
  EXPECT_EQ(engine::ParseByteSize("1024"), 1024.0);
  EXPECT_EQ(engine::ParseByteSize("64M"), 64e6);
  EXPECT_EQ(engine::ParseByteSize("64MB"), 64e6);
  EXPECT_EQ(engine::ParseByteSize("64MiB"), 64.0 * 1048576);
  EXPECT_EQ(engine::ParseByteSize("1.5G"), 1.5e9);
  EXPECT_EQ(engine::ParseByteSize("2KiB"), 2048.0);
  EXPECT_EQ(engine::ParseByteSize("8B"), 8.0);
}

TEST(ParseByteSize, RejectsMalformedNegativeAndHugeSizes) {
  for (const char* bad : {"", "M", "-5", "12Q", "1e9", "nan", "inf", "1.2.3", "64 M", "64m",
                          "99999999999999999999999G"}) {
    EXPECT_EQ(engine::ParseByteSize(bad), std::nullopt) << bad;
  }
}

TEST(Args, NamesTheFlagAndValueInErrors) {
  Args::Spec spec;
  spec.value_flags.push_back({"-p", "--ranks"});
  spec.switch_flags.push_back({"--json"});
  try {
    Args::Parse("show", {"--bogus"}, spec);
    FAIL() << "no error";
  } catch (const UsageError& e) {
    EXPECT_EQ(e.message, "show: unknown flag '--bogus' (see 'collscope show --help')");
  }
  Args args = Args::Parse("show", {"-p", "x5"}, spec);
  try {
    args.Integer("--ranks", 1, 10);
    FAIL() << "no error";
  } catch (const UsageError& e) {
    EXPECT_EQ(e.message, "show: --ranks needs a whole number, got 'x5'");
  }
  EXPECT_THROW(Args::Parse("show", {"-p"}, spec), UsageError);
  EXPECT_THROW(Args::Parse("show", {"-p", "1", "--ranks", "2"}, spec), UsageError);
  EXPECT_THROW(Args::Parse("show", {"--json=1"}, spec), UsageError);
  EXPECT_EQ(Args::Parse("show", {"--ranks=7"}, spec).Value("--ranks"), "7");
}

}  // namespace
}  // namespace collscope::cli
