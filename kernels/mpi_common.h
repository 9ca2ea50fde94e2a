#pragma once

// MPI plumbing shared by the mpi backend and the NCCL recorder (which uses
// MPI to start, to agree on a clock and to gather timings on rank 0).

#include <cstdint>
#include <string>
#include <vector>

#include "kernels/backend.h"
#include "kernels/recording.h"
#include "trace/model.h"
#include "trace/packed_event.h"

namespace collscope::kernels {

// The launcher's process count, read before MPI_Init (OpenMPI, PMI, PMIx,
// Slurm's srun); 0 when no launcher started this process.
int LauncherSize();

// MPI started for one recording (MPI_Init_thread, funnelled: only the main
// thread calls MPI): this process's rank and the world's size.
struct MpiWorld {
  int rank = 0;
  int size = 1;
};
MpiWorld StartMpi();

// Once per iteration every rank agrees whether to go on: false when a signal
// reached some rank (its number goes to stop_signal) or some rank found a
// wrong result. Collective.
bool AgreeToGoOn(bool failed, int& stop_signal);

// Agrees on whether some rank found a wrong result (`failure` non-empty);
// the lowest such rank prints its line. Collective.
bool AnyRankFailed(const std::string& failure, int rank);

// A time zero every rank agrees on (collective: call on all ranks).
Clock::time_point AgreeClockZero(int rank);
// Rank 0's measured host (meta.machine) to every rank, for the ranks' own
// files (collective).
void BroadcastMachine(trace::Meta& meta);
// Each rank's host name into trace.ranks on rank 0 (collective).
void GatherHosts(trace::Trace& trace, int rank, int size);
// Every rank's events (packed, trace/packed_event.h) and iteration times to
// rank 0, which builds one run
// per measured iteration (from the first rank's start to the last rank's
// end) into trace.runs. With gather false, only this rank's own (rank 0's
// partial trace when a peer hangs). Collective when gather is true.
void GatherRuns(const RecordOptions& options, int rank, int size,
                const std::vector<trace::PackedEvent>& events, std::vector<std::int64_t> starts,
                std::vector<std::int64_t> ends, const std::vector<std::uint16_t>& phases,
                trace::Trace& trace, bool gather);

}  // namespace collscope::kernels
