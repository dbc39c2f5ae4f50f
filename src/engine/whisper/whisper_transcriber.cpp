#include "engine/whisper/whisper_transcriber.h"

#include <whisper.h>

#include <climits>
#include <cmath>
#include <mutex>
#include <string_view>
#include <utility>
#include <vector>

#include "core/log.h"
#include "core/strings.h"
#include "core/text_encoding.h"

namespace borough::engine::whisper {
namespace {

constexpr std::int64_t kSampleRate = WHISPER_SAMPLE_RATE;
constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// whisper.cpp (and its ggml) log model details and progress; none of it is council content.
void route_log(wsp_ggml_log_level level, const char* text, void* /*user_data*/) {
    const std::string_view line = trim_ascii_whitespace(text == nullptr ? std::string_view() : text);
    if (line.empty()) {
        return;
    }
    if (level == WSP_GGML_LOG_LEVEL_ERROR) {
        BOROUGH_LOG_WARN("whisper", "{}", line);
    } else {
        BOROUGH_LOG_DEBUG("whisper", "{}", line);
    }
}

bool should_abort(void* user_data) { return static_cast<const std::stop_token*>(user_data)->stop_requested(); }

bool may_encode(whisper_context* /*ctx*/, whisper_state* /*state*/, void* user_data) {
    return !should_abort(user_data);
}

std::string valid_utf8(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    while (const auto bad = find_invalid_utf8(text)) {
        out += text.substr(0, *bad);
        out += kReplacement;
        text.remove_prefix(*bad + 1);
    }
    out += text;
    return out;
}

struct ContextDeleter {
    void operator()(whisper_context* ctx) const { whisper_free(ctx); }
};
struct StateDeleter {
    void operator()(whisper_state* state) const { whisper_free_state(state); }
};
using StatePtr = std::unique_ptr<whisper_state, StateDeleter>;

}  // namespace

struct WhisperTranscriber::Impl {
    std::unique_ptr<whisper_context, ContextDeleter> ctx;
    WhisperModelInfo info;
    WhisperOptions options;
    std::string name;
    int language_id = -1;  // -1: detect

    std::mutex mutex;
    std::vector<StatePtr> idle;  // guarded by mutex

    Result<StatePtr> take_state() {
        {
            const std::lock_guard lock(mutex);
            if (!idle.empty()) {
                StatePtr state = std::move(idle.back());
                idle.pop_back();
                return state;
            }
        }
        StatePtr state(whisper_init_state(ctx.get()));
        if (!state) {
            return fail(ErrorCode::ResourceExhausted, "whisper.cpp could not allocate a decoding state for " + name);
        }
        return state;
    }

    void give_back(StatePtr state) {
        const std::lock_guard lock(mutex);
        idle.push_back(std::move(state));
    }
};

WhisperTranscriber::WhisperTranscriber(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
WhisperTranscriber::~WhisperTranscriber() = default;

Result<std::unique_ptr<WhisperTranscriber>> WhisperTranscriber::open(const std::filesystem::path& model,
                                                                     WhisperOptions options) {
    if (options.threads < 1 || options.threads > 1024) {
        return fail(ErrorCode::InvalidInput, "whisper threads must be 1-1024, got " + std::to_string(options.threads),
                    "threads");
    }
    if (options.beam_size < 0 || options.beam_size > 16) {
        return fail(ErrorCode::InvalidInput, "whisper beam_size must be 0-16, got " + std::to_string(options.beam_size),
                    "beam_size");
    }
    // whisper_log_set writes whisper.cpp's process-wide logger, which running calls read: set it once,
    // before the first model exists, never while another transcriber is decoding.
    static std::once_flag log_routed;
    std::call_once(log_routed, [] { whisper_log_set(route_log, nullptr); });
    int language_id = -1;
    if (options.language != "auto") {
        language_id = whisper_lang_id(options.language.c_str());
        if (language_id < 0) {
            return fail(ErrorCode::InvalidInput,
                        "unknown whisper language '" + options.language + "' (use a code such as en, cy, pl, or auto)",
                        "language");
        }
    }
    BOROUGH_TRY(WhisperModelInfo info, inspect_whisper_model(model));
    if (!info.is_multilingual() && options.language != "en") {
        return fail(ErrorCode::InvalidInput,
                    "whisper model " + model.string() + " is English-only; language '" + options.language +
                        "' needs a multilingual model (a name without .en)",
                    "language");
    }

    whisper_context_params cparams = whisper_context_default_params();
    cparams.use_gpu = false;  // only the CPU backend is built (cmake/whisper.cmake)
    std::unique_ptr<whisper_context, ContextDeleter> ctx(
        whisper_init_from_file_with_params_no_state(model.c_str(), cparams));
    if (!ctx) {
        return fail(ErrorCode::InvalidInput,
                    "whisper.cpp could not load " + model.string() + " (see the debug log for its reason)", "model");
    }
    auto impl = std::make_unique<Impl>();
    impl->ctx = std::move(ctx);
    impl->info = info;
    impl->options = std::move(options);
    impl->name = "whisper:" + model.filename().string();
    impl->language_id = language_id;
    BOROUGH_LOG_INFO("whisper", "loaded {} ({} bytes, {}+{} layers, state {}, vocab {}, {} threads)", impl->name,
                     info.size_bytes, info.n_audio_layer, info.n_text_layer, info.n_audio_state, info.n_vocab,
                     impl->options.threads);
    return std::unique_ptr<WhisperTranscriber>(new WhisperTranscriber(std::move(impl)));
}

std::string WhisperTranscriber::name() const { return impl_->name; }
const WhisperModelInfo& WhisperTranscriber::model_info() const { return impl_->info; }
const WhisperOptions& WhisperTranscriber::options() const { return impl_->options; }

Result<std::vector<TranscriptSegment>> WhisperTranscriber::transcribe(std::span<const float> samples,
                                                                      std::int64_t offset_ms, std::stop_token cancel) {
    if (cancel.stop_requested()) {
        return fail(ErrorCode::Cancelled, "transcription cancelled");
    }
    if (samples.empty()) {
        return std::vector<TranscriptSegment>{};
    }
    if (samples.size() > static_cast<std::size_t>(INT_MAX)) {
        return fail(ErrorCode::InvalidInput,
                    "audio window of " + std::to_string(samples.size()) +
                        " samples is too long for one call; stream the recording in windows",
                    "samples");
    }
    for (std::size_t i = 0; i < samples.size(); ++i) {
        if (!std::isfinite(samples[i])) {
            return fail(ErrorCode::InvalidInput, "audio sample " + std::to_string(i) + " is not a finite number",
                        "samples");
        }
    }
    BOROUGH_TRY(StatePtr state, impl_->take_state());

    // whisper_full's defaults (best_of 5, temperature fallback, no text context carried between
    // windows), minus console printing; bench/whisper_cli_peer.cpp sets the same.
    // Beam search starts from the greedy defaults too, as whisper-cli does, so fallback keeps best_of 5.
    whisper_full_params params = whisper_full_default_params(WHISPER_SAMPLING_GREEDY);
    if (impl_->options.beam_size > 1) {
        params.strategy = WHISPER_SAMPLING_BEAM_SEARCH;
        params.beam_search.beam_size = impl_->options.beam_size;
    }
    params.n_threads = static_cast<int>(impl_->options.threads);
    params.language = impl_->language_id < 0 ? "auto" : impl_->options.language.c_str();
    params.detect_language = false;
    params.print_progress = false;
    params.print_realtime = false;
    params.print_timestamps = false;
    params.print_special = false;
    if (!impl_->options.temperature_fallback) {
        params.temperature_inc = 0.0F;
    }
    params.abort_callback = should_abort;
    params.abort_callback_user_data = &cancel;
    params.encoder_begin_callback = may_encode;
    params.encoder_begin_callback_user_data = &cancel;

    const int rc = whisper_full_with_state(impl_->ctx.get(), state.get(), params, samples.data(),
                                           static_cast<int>(samples.size()));
    if (cancel.stop_requested()) {
        // The state may be mid-window; drop it rather than reuse it.
        return fail(ErrorCode::Cancelled, "transcription cancelled");
    }
    if (rc != 0) {
        return fail(ErrorCode::Internal, "whisper.cpp failed to transcribe (whisper_full returned " +
                                             std::to_string(rc) + ") with " + impl_->name);
    }

    const std::int64_t duration_ms = static_cast<std::int64_t>(samples.size()) * 1000 / kSampleRate;
    const int n = whisper_full_n_segments_from_state(state.get());
    std::vector<TranscriptSegment> out;
    out.reserve(static_cast<std::size_t>(std::max(n, 0)));
    std::int64_t previous_start = 0;
    for (int i = 0; i < n; ++i) {
        const char* raw = whisper_full_get_segment_text_from_state(state.get(), i);
        const std::string_view text = trim_ascii_whitespace(raw == nullptr ? std::string_view() : raw);
        if (text.empty()) {
            continue;
        }
        // whisper times are centiseconds from the window start; random or confused models can put
        // them past the audio's end or out of order, so clamp them into the audio and keep order.
        const std::int64_t t0 = std::clamp<std::int64_t>(whisper_full_get_segment_t0_from_state(state.get(), i) * 10,
                                                         previous_start, duration_ms);
        const std::int64_t t1 =
            std::clamp<std::int64_t>(whisper_full_get_segment_t1_from_state(state.get(), i) * 10, t0, duration_ms);
        previous_start = t0;
        out.push_back({offset_ms + t0, offset_ms + t1, valid_utf8(text)});
    }
    impl_->give_back(std::move(state));
    BOROUGH_LOG_DEBUG("whisper", "{}: {} ms of audio at {} ms -> {} segments", impl_->name, duration_ms, offset_ms,
                      out.size());
    return out;
}

}  // namespace borough::engine::whisper
