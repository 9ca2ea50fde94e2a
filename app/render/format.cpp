#include "app/render/format.h"

#include <cctype>
#include <cmath>
#include <cstdio>

namespace collscope::gui {

namespace {

std::string Printf(const char* format, double value, const char* unit) {
  char text[64];
  std::snprintf(text, sizeof text, format, value, unit);
  return text;
}

// Three significant digits.
std::string Scaled(double value, const char* unit) {
  const double a = std::fabs(value);
  if (a >= 100) return Printf("%.0f %s", value, unit);
  if (a >= 10) return Printf("%.1f %s", value, unit);
  return Printf("%.2f %s", value, unit);
}

// `value` in the largest unit of `units` (each 1000 times the one before,
// the first 10^first_exponent) that keeps it at least 1.
std::string ByThousands(double value, int first_exponent, const std::vector<const char*>& units) {
  const double a = std::fabs(value);
  std::size_t k = 0;
  // Each scale from its exponent, not by repeated products: 1e-15 x 1000^5
  // is not exactly 1, and "1 s/B" must not read "1000 ms/B".
  auto scale = [&](std::size_t unit) {
    return std::pow(10.0, first_exponent + 3 * static_cast<int>(unit));
  };
  while (k + 1 < units.size() && a >= scale(k + 1) * (1 - 1e-12)) ++k;
  return Scaled(value / scale(k), units[k]);
}

bool EndsInDigit(std::string_view word) {
  return !word.empty() && std::isdigit(static_cast<unsigned char>(word.back()));
}

// A unit or an operator that must stay with the number before it.
bool StartsAUnit(std::string_view word) {
  if (word.empty()) return false;
  const unsigned char c = static_cast<unsigned char>(word.front());
  return std::isalpha(c) || c >= 0x80 || c == '%';
}

// α, β or γ: a name that stays with the number after it ("β 4.00 ms").
bool IsGreekName(std::string_view word) {
  return word == "\xCE\xB1" || word == "\xCE\xB2" || word == "\xCE\xB3";
}

bool StartsWithDigit(std::string_view word) {
  return !word.empty() && std::isdigit(static_cast<unsigned char>(word.front()));
}

}  // namespace

std::string FormatSeconds(double s) {
  const double a = std::fabs(s);
  if (a == 0) return "0 s";
  if (a < 1e-6) return Scaled(s * 1e9, "ns");
  if (a < 1e-3) return Scaled(s * 1e6, "µs");
  if (a < 1) return Scaled(s * 1e3, "ms");
  return Scaled(s, "s");
}

std::string FormatBytes(double b) {
  if (b < 1e3) return Printf("%.0f %s", b, "B");
  if (b < 1e6) return Scaled(b / 1e3, "KB");
  if (b < 1e9) return Scaled(b / 1e6, "MB");
  return Scaled(b / 1e9, "GB");
}

std::string FormatFactor(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.4g", value);
  return text;
}

std::string FormatSecondsPerByte(double seconds_per_byte) {
  if (seconds_per_byte == 0) return "0 s/B";
  return ByThousands(seconds_per_byte, -15, {"fs/B", "ps/B", "ns/B", "µs/B", "ms/B", "s/B"});
}

std::string FormatBandwidth(double bytes_per_second) {
  if (bytes_per_second == 0) return "0 B/s";
  return ByThousands(bytes_per_second, 0, {"B/s", "KB/s", "MB/s", "GB/s", "TB/s"});
}

std::string CountOf(long long count, std::string_view singular) {
  return std::to_string(count) + " " + std::string(singular) + (count == 1 ? "" : "s");
}

std::vector<std::string> WrapLines(std::string_view text, float width,
                                   const std::function<float(std::string_view)>& measure) {
  // Words at spaces, a unit glued to the number before it and a Greek name
  // to the number after it.
  std::vector<std::string> words;
  std::size_t at = 0;
  while (at <= text.size()) {
    std::size_t end = text.find(' ', at);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view word = text.substr(at, end - at);
    if (!word.empty()) {
      const bool glued = !words.empty() && ((EndsInDigit(words.back()) && StartsAUnit(word)) ||
                                            (IsGreekName(words.back()) && StartsWithDigit(word)));
      if (glued) {
        words.back() += " " + std::string(word);
      } else {
        words.emplace_back(word);
      }
    }
    at = end + 1;
  }
  std::vector<std::string> lines;
  for (const std::string& word : words) {
    if (!lines.empty() && measure(lines.back() + " " + word) <= width) {
      lines.back() += " " + word;
    } else {
      lines.push_back(word);
    }
  }
  return lines;
}

}  // namespace collscope::gui
