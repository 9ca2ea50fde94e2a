// Fuzzes the lesson parser: any bytes give a lesson or one error line that
// names the file, never a crash or an exception.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "app/lessons/lesson.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  collscope::lessons::Lesson lesson;
  std::string error;
  bool ok = collscope::lessons::ParseLesson(text, "fuzz.json", lesson, error);
  if (!ok && (error.rfind("fuzz.json:", 0) != 0 || error.find('\n') != std::string::npos)) {
    std::abort();
  }
  if (ok && lesson.scenes.empty()) std::abort();
  return 0;
}
