#include "app/measurement_kind.h"

#include <gtest/gtest.h>

namespace collscope::gui {
namespace {

TEST(MeasurementKind, SaysWhatTheMeasurementsAre) {
  trace::Trace trace;
  trace.meta.source = "nccl-tests";
  EXPECT_EQ(MeasurementKind(trace, "allreduce"), "nccl-tests");
  trace.meta.SetExtraString("library", "rccl");
  EXPECT_EQ(MeasurementKind(trace, "allreduce"), "rccl-tests");
  trace.meta.SetExtraNumber("nccl_tests_json_version", 3);
  EXPECT_EQ(MeasurementKind(trace, "allreduce"), "nccl-tests -J");
  trace::Trace mpi;
  mpi.meta.source = "mpi";
  mpi.meta.SetExtraString("mode", "library");
  EXPECT_EQ(MeasurementKind(mpi, "allreduce"), "MPI library run (MPI_AllReduce)");
  mpi.meta.SetExtraString("mode", "schedule");
  EXPECT_EQ(MeasurementKind(mpi, "allreduce"), "MPI recording");
  trace::Trace nccl;
  nccl.meta.source = "nccl";
  nccl.meta.SetExtraString("mode", "library");
  EXPECT_EQ(MeasurementKind(nccl, "allgather"), "NCCL library run (ncclAllGather)");
}

TEST(MeasurementKind, IterationSpreadComesFromPerIterationTiming) {
  trace::Trace trace;
  trace.measurements.emplace_back();
  EXPECT_FALSE(HasIterationSpread(trace));
  trace.measurements.back().per_iteration = trace::IterationTimes{};
  EXPECT_TRUE(HasIterationSpread(trace));
}

}  // namespace
}  // namespace collscope::gui
