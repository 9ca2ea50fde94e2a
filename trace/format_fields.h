#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "trace/model.h"

namespace collscope::trace {

// A field of a flat record of the collscope-trace format (docs/traces.md,
// "The format"): its key and the member that holds it. These tables are the
// one home of those keys: writer.cpp writes a record's fields in the order
// below and reader.cpp reads them back by key. Fields that are written only
// when set, or read with a check, stay with the code that writes or reads
// them.
template <typename Record>
struct FormatField {
  std::string_view key;
  std::variant<std::string Record::*, std::int32_t Record::*, std::int64_t Record::*,
               double Record::*, bool Record::*>
      member;
};

inline constexpr FormatField<CollNetLink> kCollNetLinkFields[] = {
    {"channel", &CollNetLink::channel},
    {"rank", &CollNetLink::rank},
    {"send", &CollNetLink::send},
    {"transport", &CollNetLink::transport},
};

inline constexpr FormatField<GpuPath> kGpuPathFields[] = {
    {"host", &GpuPath::host}, {"from", &GpuPath::from},       {"to", &GpuPath::to},
    {"hops", &GpuPath::hops}, {"bw_gbps", &GpuPath::bw_gbps}, {"type", &GpuPath::type},
};

inline constexpr FormatField<IterationTimes> kIterationTimesFields[] = {
    {"min_us", &IterationTimes::min_us},     {"max_us", &IterationTimes::max_us},
    {"avg_us", &IterationTimes::avg_us},     {"p50_us", &IterationTimes::p50_us},
    {"p95_us", &IterationTimes::p95_us},     {"p99_us", &IterationTimes::p99_us},
    {"stdev_us", &IterationTimes::stdev_us}, {"cv_pct", &IterationTimes::cv_pct},
};

// Before "wrong", "section" and "per_iteration"; the reader checks that
// "bytes" is not negative.
inline constexpr FormatField<Measurement> kMeasurementFields[] = {
    {"collective", &Measurement::collective}, {"bytes", &Measurement::bytes},
    {"count", &Measurement::count},           {"dtype", &Measurement::dtype},
    {"redop", &Measurement::redop},           {"root", &Measurement::root},
    {"ranks", &Measurement::ranks},           {"time_us", &Measurement::time_us},
    {"algbw_gbps", &Measurement::algbw_gbps}, {"busbw_gbps", &Measurement::busbw_gbps},
    {"in_place", &Measurement::in_place},
};

inline constexpr FormatField<TestSection> kTestSectionFields[] = {
    {"test", &TestSection::test},         {"collective", &TestSection::collective},
    {"ranks", &TestSection::ranks},       {"rows", &TestSection::rows},
    {"complete", &TestSection::complete}, {"command", &TestSection::command},
};

inline constexpr FormatField<TuningChoice> kTuningChoiceFields[] = {
    {"collective", &TuningChoice::collective}, {"bytes", &TuningChoice::bytes},
    {"algorithm", &TuningChoice::algorithm},   {"protocol", &TuningChoice::protocol},
    {"channel_lo", &TuningChoice::channel_lo}, {"channel_hi", &TuningChoice::channel_hi},
    {"comm_ranks", &TuningChoice::comm_ranks},
};

inline constexpr FormatField<TuningTableEntry> kTuningTableEntryFields[] = {
    {"collective", &TuningTableEntry::collective},
    {"algorithm", &TuningTableEntry::algorithm},
    {"protocol", &TuningTableEntry::protocol},
    {"latency_us", &TuningTableEntry::latency_us},
    {"bandwidth_gbps", &TuningTableEntry::bandwidth_gbps},
    {"max_threads", &TuningTableEntry::max_threads},
};

}  // namespace collscope::trace
