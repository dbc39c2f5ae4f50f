// Checks a whisper.cpp model file (the legacy ggml `.bin` format of ggml-tiny.en.bin) without loading
// its weights: whisper.cpp trusts the file it is given, so a wrong, truncated or corrupt file is
// refused here first, with a message that names the file and the byte offset.
#pragma once

#include <cstdint>
#include <filesystem>

#include "core/result.h"

namespace borough::engine::whisper {

// The file's hyperparameters, as whisper.cpp's whisper_model_load reads them.
struct WhisperModelInfo {
    std::int32_t n_vocab = 0;
    std::int32_t n_audio_ctx = 0;
    std::int32_t n_audio_state = 0;
    std::int32_t n_audio_head = 0;
    std::int32_t n_audio_layer = 0;
    std::int32_t n_text_ctx = 0;
    std::int32_t n_text_state = 0;
    std::int32_t n_text_head = 0;
    std::int32_t n_text_layer = 0;
    std::int32_t n_mels = 0;
    std::int32_t ftype = 0;      // as stored (quantisation version * 1000 + ggml ftype)
    std::int32_t n_tensors = 0;  // weight tensors in the file
    std::uint64_t size_bytes = 0;

    // whisper.cpp's rule: multilingual vocabularies have 51865 tokens or more.
    [[nodiscard]] bool is_multilingual() const { return n_vocab >= 51865; }
};

// Walks the whole header chain (hparams, mel filters, vocabulary, every tensor header; tensor data is
// skipped, not read), so the cost is a few hundred small reads. Fails with NotFound (no such file),
// InvalidInput (a directory; "not a whisper ggml model" for a bad magic or a GGUF file; hparams out of
// range; truncated or inconsistent at byte N; tensor count not what the layer counts need; the
// message names the file) or Unavailable (unreadable). Thread-safe (touches nothing shared).
[[nodiscard]] Result<WhisperModelInfo> inspect_whisper_model(const std::filesystem::path& path);

}  // namespace borough::engine::whisper
