#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
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
// Output files are unique per call: ctest runs test cases in parallel.
inline std::string UniqueTempFile() {
  std::string path = ::testing::TempDir() + "collscope_XXXXXX";
  int fd = mkstemp(path.data());
  if (fd >= 0) close(fd);
  return path;
}

inline RunResult RunCollscope(const std::string& args) {
  std::string out = UniqueTempFile();
  std::string err = UniqueTempFile();
  std::string command = std::string(COLLSCOPE_BINARY) + " " + args + " >" + out + " 2>" + err;
  int status = std::system(command.c_str());
  RunResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.out = ReadAll(out);
  result.err = ReadAll(err);
  std::remove(out.c_str());
  std::remove(err.c_str());
  return result;
}

}  // namespace collscope::testing
