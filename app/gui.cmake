# The desktop GUI (issue 4): GLFW + OpenGL 3 + Dear ImGui 1.86 from Debian's
# libimgui-dev. Included by app/CMakeLists.txt when COLLSCOPE_WITH_GUI is on.
find_package(PkgConfig REQUIRED)
pkg_check_modules(IMGUI REQUIRED IMPORTED_TARGET GLOBAL imgui)
find_package(glfw3 REQUIRED)
set(OpenGL_GL_PREFERENCE GLVND)
find_package(OpenGL REQUIRED)

# Debian ships the GLFW and OpenGL3 backends as sources only. They are
# third-party code, so they get their own target without -Werror.
set(COLLSCOPE_IMGUI_BACKENDS_DIR /usr/share/doc/libimgui-dev/examples/backends
    CACHE PATH "Directory holding imgui_impl_glfw.cpp and imgui_impl_opengl3.cpp")
add_library(collscope_imgui_backends STATIC
  ${COLLSCOPE_IMGUI_BACKENDS_DIR}/imgui_impl_glfw.cpp
  ${COLLSCOPE_IMGUI_BACKENDS_DIR}/imgui_impl_opengl3.cpp
)
target_include_directories(collscope_imgui_backends PUBLIC /usr/include/imgui/backends)
target_link_libraries(collscope_imgui_backends PUBLIC PkgConfig::IMGUI glfw OpenGL::GL ${CMAKE_DL_LIBS})

add_library(collscope_gui STATIC
  ${CMAKE_CURRENT_LIST_DIR}/gui_main.cpp
  ${CMAKE_CURRENT_LIST_DIR}/gui/glfw_window.cpp
  ${CMAKE_CURRENT_LIST_DIR}/gui/startup.cpp
  ${CMAKE_CURRENT_LIST_DIR}/gui/display.cpp
  ${CMAKE_CURRENT_LIST_DIR}/gui/panel_set.cpp
  ${CMAKE_CURRENT_LIST_DIR}/gui/imports.cpp
  ${CMAKE_CURRENT_LIST_DIR}/gui/key_names.cpp
  ${CMAKE_CURRENT_LIST_DIR}/gui/key_bindings.cpp
  ${CMAKE_CURRENT_LIST_DIR}/gui/script_runner.cpp
  ${CMAKE_CURRENT_LIST_DIR}/gui/script_verbs.cpp
  ${CMAKE_CURRENT_LIST_DIR}/gui/walk_all.cpp
  ${CMAKE_CURRENT_LIST_DIR}/gui/frame_bench.cpp
  ${CMAKE_CURRENT_LIST_DIR}/gui_options.cpp
  ${CMAKE_CURRENT_LIST_DIR}/app_state.cpp
  ${CMAKE_CURRENT_LIST_DIR}/schedule_walk.cpp
  ${CMAKE_CURRENT_LIST_DIR}/lesson_book.cpp
  ${CMAKE_CURRENT_LIST_DIR}/cost_formula.cpp
  ${CMAKE_CURRENT_LIST_DIR}/prediction_quiz.cpp
  ${CMAKE_CURRENT_LIST_DIR}/loaded_trace.cpp
  ${CMAKE_CURRENT_LIST_DIR}/script.cpp
  ${CMAKE_CURRENT_LIST_DIR}/state_dump.cpp
  ${CMAKE_CURRENT_LIST_DIR}/trace_loader.cpp
  ${CMAKE_CURRENT_LIST_DIR}/folder_listing.cpp
  ${CMAKE_CURRENT_LIST_DIR}/trace_replay.cpp
  ${CMAKE_CURRENT_LIST_DIR}/kernel_lanes.cpp
  ${CMAKE_CURRENT_LIST_DIR}/nccl_choice_curves.cpp
  ${CMAKE_CURRENT_LIST_DIR}/measurement_kind.cpp
  ${CMAKE_CURRENT_LIST_DIR}/layout.cpp
  ${CMAKE_CURRENT_LIST_DIR}/panels/panel.cpp
  ${CMAKE_CURRENT_LIST_DIR}/panels/centre_view.cpp
  ${CMAKE_CURRENT_LIST_DIR}/panels/busbw_plot.cpp
  ${CMAKE_CURRENT_LIST_DIR}/panels/nccl_model_plot.cpp
  ${CMAKE_CURRENT_LIST_DIR}/panels/tuning_table.cpp
  ${CMAKE_CURRENT_LIST_DIR}/panels/trace_topology.cpp
  ${CMAKE_CURRENT_LIST_DIR}/panels/file_browser.cpp
  ${CMAKE_CURRENT_LIST_DIR}/panels/trace_banner.cpp
  ${CMAKE_CURRENT_LIST_DIR}/panels/menu_bar.cpp
  ${CMAKE_CURRENT_LIST_DIR}/panels/lesson_panel.cpp
  ${CMAKE_CURRENT_LIST_DIR}/panels/controls.cpp
  ${CMAKE_CURRENT_LIST_DIR}/panels/ring_view.cpp
  ${CMAKE_CURRENT_LIST_DIR}/panels/tree_view.cpp
  ${CMAKE_CURRENT_LIST_DIR}/panels/transfer_arrows.cpp
  ${CMAKE_CURRENT_LIST_DIR}/panels/buffer_table.cpp
  ${CMAKE_CURRENT_LIST_DIR}/panels/buffer_table_layout.cpp
  ${CMAKE_CURRENT_LIST_DIR}/panels/buffer_table_marks.cpp
  ${CMAKE_CURRENT_LIST_DIR}/panels/buffer_table_overview.cpp
  ${CMAKE_CURRENT_LIST_DIR}/panels/buffer_table_pattern.cpp
  ${CMAKE_CURRENT_LIST_DIR}/panels/cost_overlay.cpp
  ${CMAKE_CURRENT_LIST_DIR}/panels/help_window.cpp
  ${CMAKE_CURRENT_LIST_DIR}/panels/timeline.cpp
  ${CMAKE_CURRENT_LIST_DIR}/panels/time_axis.cpp
  ${CMAKE_CURRENT_LIST_DIR}/panels/kernel_timeline.cpp
  ${CMAKE_CURRENT_LIST_DIR}/panels/lesson_figures.cpp
  ${CMAKE_CURRENT_LIST_DIR}/panels/figure_code.cpp
  ${CMAKE_CURRENT_LIST_DIR}/panels/figure_dependency_graph.cpp
  ${CMAKE_CURRENT_LIST_DIR}/panels/figure_overlap.cpp
  ${CMAKE_CURRENT_LIST_DIR}/panels/figure_scaling.cpp
  ${CMAKE_CURRENT_LIST_DIR}/panels/figure_point_to_point.cpp
  ${CMAKE_CURRENT_LIST_DIR}/panels/figure_compositions.cpp
  ${CMAKE_CURRENT_LIST_DIR}/panels/figure_delta.cpp
  ${CMAKE_CURRENT_LIST_DIR}/panels/figure_nccl.cpp
  ${CMAKE_CURRENT_LIST_DIR}/render/fonts.cpp
  ${CMAKE_CURRENT_LIST_DIR}/render/theme.cpp
  ${CMAKE_CURRENT_LIST_DIR}/render/draw.cpp
  ${CMAKE_CURRENT_LIST_DIR}/render/text_layout.cpp
  ${CMAKE_CURRENT_LIST_DIR}/render/format.cpp
  ${CMAKE_CURRENT_LIST_DIR}/render/wrapped_text.cpp
  ${CMAKE_CURRENT_LIST_DIR}/render/screenshot.cpp
  ${CMAKE_CURRENT_LIST_DIR}/render/texture.cpp
)
collscope_target_defaults(collscope_gui)
target_link_libraries(collscope_gui PUBLIC collscope_engine collscope_cli collscope_trace
                                     PRIVATE collscope_imgui_backends PkgConfig::IMGUI glfw OpenGL::GL)

target_link_libraries(collscope PRIVATE collscope_gui)
target_compile_definitions(collscope PRIVATE COLLSCOPE_HAS_GUI)
