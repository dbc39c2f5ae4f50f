// Test helpers for this module: the generated micro model's path (temp folders: support/temp_dir.h).
#pragma once

namespace borough::engine::whisper::testing {

#ifndef BOROUGH_WHISPER_MICRO_MODEL
#error "BOROUGH_WHISPER_MICRO_MODEL must name the generated micro whisper model"
#endif
inline constexpr const char* kMicroModel = BOROUGH_WHISPER_MICRO_MODEL;

}  // namespace borough::engine::whisper::testing
