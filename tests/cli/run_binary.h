#pragma once

#include <sys/wait.h>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

namespace collscope::testing {

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

inline std::string ReadAll(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Runs the collscope binary with a shell-quoted argument string.
inline RunResult RunCollscope(const std::string& args) {
  std::string out = ::testing::TempDir() + "collscope_out.txt";
  std::string err = ::testing::TempDir() + "collscope_err.txt";
  std::string command = std::string(COLLSCOPE_BINARY) + " " + args + " >" + out + " 2>" + err;
  int status = std::system(command.c_str());
  RunResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.out = ReadAll(out);
  result.err = ReadAll(err);
  return result;
}

}  // namespace collscope::testing
