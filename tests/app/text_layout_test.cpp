// The layout counters read text back from ImGui's draw lists: these tests
// draw known text with ImGui itself (no window, no GL: ImGui only needs its
// font atlas built) and check what the counters see.
#include "app/render/text_layout.h"

#include <gtest/gtest.h>

#include <functional>

#include "imgui.h"

namespace collscope::gui {
namespace {

class TextLayoutTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(800, 600);
    io.DeltaTime = 1.0f / 60;
    ImFontConfig config;
    config.SizePixels = 20;
    io.Fonts->AddFontDefault(&config);
    unsigned char* pixels = nullptr;
    int w = 0;
    int h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
  }
  void TearDown() override { ImGui::DestroyContext(); }

  // Draws one frame with `draw` filling a plain window and returns what the
  // counters read from it.
  TextLayoutCounts Frame(const std::function<void(ImDrawList*)>& draw) {
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(800, 600));
    ImGui::Begin("test", nullptr, ImGuiWindowFlags_NoDecoration);
    draw(ImGui::GetWindowDrawList());
    ImGui::End();
    ImGui::Render();
    items_ = ReadTextItems(*ImGui::GetDrawData(), *ImGui::GetIO().Fonts);
    return CountTextLayout(items_);
  }

  std::vector<TextItem> items_;
  const ImU32 black_ = IM_COL32(0, 0, 0, 255);
  const ImU32 red_ = IM_COL32(255, 0, 0, 255);
};

TEST_F(TextLayoutTest, LabelsApartAreTwoItemsNeitherCutNorOverlapping) {
  const TextLayoutCounts counts = Frame([&](ImDrawList* draw) {
    draw->AddText(ImVec2(50, 50), black_, "GPU 0");
    draw->AddText(ImVec2(300, 50), black_, "GPU 1");
  });
  EXPECT_EQ(counts.text_items, 2);
  EXPECT_EQ(counts.clipped_text, 0);
  EXPECT_EQ(counts.overlapping_text, 0);
}

TEST_F(TextLayoutTest, TwoTagsDrawnOverEachOtherOverlap) {
  // The straggler demo's "waitiwaiting": two tags a few pixels apart.
  const TextLayoutCounts counts = Frame([&](ImDrawList* draw) {
    draw->AddText(ImVec2(100, 100), black_, "waiting");
    draw->AddText(ImVec2(140, 100), black_, "waiting");
  });
  EXPECT_EQ(counts.text_items, 2);
  EXPECT_EQ(counts.overlapping_text, 1);
}

TEST_F(TextLayoutTest, AMarkOnTheLastCharacterOverlapsTheLabel) {
  const TextLayoutCounts counts = Frame([&](ImDrawList* draw) {
    draw->AddText(ImVec2(100, 100), black_, "e0+e1+e2");
    const float end = 100 + ImGui::CalcTextSize("e0+e1+e2").x;
    draw->AddText(ImVec2(end - 8, 96), red_, "v");
  });
  EXPECT_EQ(counts.overlapping_text, 1);
}

TEST_F(TextLayoutTest, TextPastItsClipRectangleIsClipped) {
  const TextLayoutCounts counts = Frame([&](ImDrawList* draw) {
    draw->PushClipRect(ImVec2(0, 0), ImVec2(140, 600), true);
    draw->AddText(ImVec2(100, 100), black_, "e0+e1+e2+e3");
    draw->PopClipRect();
    draw->AddText(ImVec2(100, 200), black_, "fits");
  });
  EXPECT_EQ(counts.text_items, 2);
  EXPECT_EQ(counts.clipped_text, 1);
}

TEST_F(TextLayoutTest, TextImGuiTrimmedToAFineClipRectangleIsClipped) {
  // What a button or a window title too narrow for its text does.
  const TextLayoutCounts counts = Frame([&](ImDrawList* draw) {
    const ImVec4 fine(0, 0, 137, 600);
    draw->AddText(nullptr, 0.0f, ImVec2(100, 100), black_, "e0+e1+e2+e3", nullptr, 0.0f, &fine);
  });
  EXPECT_EQ(counts.clipped_text, 1);
}

TEST_F(TextLayoutTest, LinesOfWrappedTextDoNotOverlap) {
  const TextLayoutCounts counts = Frame([&](ImDrawList*) {
    ImGui::PushTextWrapPos(200);
    ImGui::TextWrapped("Each GPU sends one chunk to its right neighbour and adds what it gets.");
    ImGui::PopTextWrapPos();
    ImGui::Text("second item");
  });
  EXPECT_GE(counts.text_items, 4);
  EXPECT_EQ(counts.clipped_text, 0);
  EXPECT_EQ(counts.overlapping_text, 0);
}

TEST_F(TextLayoutTest, AWindowTooNarrowForItsTextClipsIt) {
  ImGui::NewFrame();
  ImGui::SetNextWindowPos(ImVec2(10, 10));
  ImGui::SetNextWindowSize(ImVec2(120, 200));
  ImGui::Begin("Buffer table (rows = GPUs, columns = chunks)");
  ImGui::TextUnformatted("e0+e1+e2+e3+e4 is the complete sum");
  ImGui::End();
  ImGui::Render();
  const TextLayoutCounts counts = MeasureTextLayout();
  EXPECT_EQ(counts.truncated_titles, 1);
  EXPECT_GE(counts.clipped_text, 1);  // the line past the window's right edge
}

}  // namespace
}  // namespace collscope::gui
