#pragma once

#include "trace/importers/importer.h"
#include "trace/importers/partial/tokenizer.h"

namespace collscope::trace {

// The ranks' own files of one recording (OUT.rankN.partial, or OUT.rankN
// once a rank's loop ended; format.h), merged into one trace: every
// iteration any rank finished, marked incomplete and naming the rank that
// stopped first and the step where, when the run did not end on every rank.
Importer RankPartialImporter();

namespace partial {

// Of the ranks that never ended their loop, the one that stopped first:
// the earliest place in the run (a live peer always gets at least as far
// as a dead rank, since everything it waits for was sent), then, between
// ranks in the same step, the oldest last sign of life (a killed rank's
// stops; its peers keep beating while they wait for it). -1 when every
// rank ended.
int StoppedFirst(const std::vector<RankFile>& ranks);

}  // namespace partial
}  // namespace collscope::trace
