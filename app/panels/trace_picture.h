#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "app/panels/panels.h"
#include "trace/model_fit.h"

namespace collscope::gui {

// A trace without per-step events in the centre: which picture, channel
// and collective, and the model curve of the busbw plot (priced a few
// points a frame). The pictures (busbw_plot, nccl_model_plot, tuning_table,
// trace_topology) share it: one choice, and NCCL's model built once.
enum class TracePicture { kBusbwPlot, kNcclModel, kTuning, kRings, kTrees };
struct TracePictureUi {
  const void* trace = nullptr;  // the trace the choices below are for
  TracePicture picture = TracePicture::kBusbwPlot;
  int channel = 0;
  std::string collective;  // the measurements' collective plotted
  std::string model_key;
  std::vector<double> model_bytes;
  std::vector<double> model_busbw_gbps;  // NaN where the schedule is refused
  std::size_t model_next = 0;
  std::string model_algorithm;
  std::string model_error;
  // NCCL's model for the trace's machine (its init table when logged).
  bool nccl_ready = false;
  trace::TraceModel nccl;
  // NCCL's model calibrated on the run, each size predicted by a fit that
  // did not see it: (bytes, busbw GB/s) of the collective in nccl_fit_for.
  std::string nccl_fit_for;
  std::vector<std::pair<double, double>> nccl_fitted;
  // The why-this-algorithm picture: time or busbw, and its collective.
  bool nccl_plot_busbw = false;
  std::string nccl_collective;
  // A machine preset in place of the trace's machine ("" : the trace's),
  // for a trace that names none or to ask what NCCL would do elsewhere.
  std::string nccl_machine_preset;
  trace::TraceModel nccl_preset_model;
};

}  // namespace collscope::gui
