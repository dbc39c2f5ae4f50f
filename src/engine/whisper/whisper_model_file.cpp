#include "engine/whisper/whisper_model_file.h"

#include <array>
#include <cstring>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

namespace borough::engine::whisper {
namespace {

constexpr std::uint32_t kGgmlMagic = 0x67676d6c;  // "ggml" read as a little-endian uint32
constexpr std::uint32_t kGgufMagic = 0x46554747;  // "GGUF"
constexpr std::int32_t kFftBins = 201;            // whisper.cpp asserts 1 + WHISPER_N_FFT / 2
constexpr std::uint32_t kMaxTokenBytes = 1024;
constexpr std::int32_t kMaxNameBytes = 256;
constexpr std::int32_t kQuantVersionFactor = 1000;

// Bytes per block and values per block of the ggml tensor types a whisper model can hold (F32, F16,
// BF16, the legacy and k-quants); the numbers are ggml-common.h's block layouts.
struct TypeSize {
    std::int32_t id;
    std::int64_t block_bytes;
    std::int64_t block_values;
};
constexpr std::array<TypeSize, 14> kTypes = {{{0, 4, 1},
                                              {1, 2, 1},
                                              {2, 18, 32},
                                              {3, 20, 32},
                                              {6, 22, 32},
                                              {7, 24, 32},
                                              {8, 34, 32},
                                              {9, 36, 32},
                                              {10, 84, 256},
                                              {11, 110, 256},
                                              {12, 144, 256},
                                              {13, 176, 256},
                                              {14, 210, 256},
                                              {30, 2, 1}}};

std::optional<TypeSize> type_size(std::int32_t id) {
    for (const auto& t : kTypes) {
        if (t.id == id) {
            return t;
        }
    }
    return std::nullopt;
}

// Sequential reads that know their byte offset, so every error can say where the file went wrong.
class Reader {
public:
    Reader(std::ifstream& in, std::string file, std::uint64_t size) : in_(in), file_(std::move(file)), size_(size) {}

    [[nodiscard]] std::uint64_t offset() const { return offset_; }
    [[nodiscard]] std::uint64_t remaining() const { return size_ - offset_; }

    [[nodiscard]] Status read(void* out, std::uint64_t n, std::string_view what) {
        if (n > remaining()) {
            return truncated(what);
        }
        in_.read(static_cast<char*>(out), static_cast<std::streamsize>(n));
        if (!in_) {
            return fail(ErrorCode::Unavailable, "cannot read " + file_ + " at byte " + std::to_string(offset_),
                        "model");
        }
        offset_ += n;
        return {};
    }

    [[nodiscard]] Result<std::int32_t> i32(std::string_view what) {
        std::int32_t v = 0;
        BOROUGH_TRY_STATUS(read(&v, sizeof v, what));
        return v;
    }

    [[nodiscard]] Status skip(std::uint64_t n, std::string_view what) {
        if (n > remaining()) {
            return truncated(what);
        }
        in_.seekg(static_cast<std::streamoff>(n), std::ios::cur);
        offset_ += n;
        return {};
    }

    [[nodiscard]] Unexpected<Error> invalid(const std::string& problem, std::uint64_t at) const {
        return fail(ErrorCode::InvalidInput,
                    file_ + " is not a usable whisper ggml model: " + problem + " at byte " + std::to_string(at),
                    "model");
    }

private:
    [[nodiscard]] Unexpected<Error> truncated(std::string_view what) const {
        return fail(ErrorCode::InvalidInput,
                    file_ + " is truncated: " + std::string(what) + " at byte " + std::to_string(offset_) +
                        " runs past the end of the file (" + std::to_string(size_) + " bytes)",
                    "model");
    }

    std::ifstream& in_;
    std::string file_;
    std::uint64_t size_;
    std::uint64_t offset_ = 0;
};

struct Range {
    std::int32_t WhisperModelInfo::*field;
    const char* name;
    std::int32_t min;
    std::int32_t max;
};

}  // namespace

Result<WhisperModelInfo> inspect_whisper_model(const std::filesystem::path& path) {
    const std::string file = path.string();
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (!std::filesystem::exists(status)) {
        return fail(ErrorCode::NotFound, "whisper model " + file + " does not exist", "model");
    }
    if (std::filesystem::is_directory(status)) {
        return fail(ErrorCode::InvalidInput, "whisper model " + file + " is a directory, not a model file", "model");
    }
    const std::uint64_t size = std::filesystem::file_size(path, ec);
    std::ifstream in(path, std::ios::binary);
    if (ec || !in) {
        return fail(ErrorCode::Unavailable, "cannot open whisper model " + file, "model");
    }
    Reader r(in, file, size);
    WhisperModelInfo info;
    info.size_bytes = size;

    std::uint32_t magic = 0;
    if (size < sizeof magic) {
        return fail(ErrorCode::InvalidInput,
                    file + " is not a whisper ggml model (" + std::to_string(size) + " bytes, too short for a header)",
                    "model");
    }
    BOROUGH_TRY_STATUS(r.read(&magic, sizeof magic, "the magic"));
    if (magic == kGgufMagic) {
        return fail(ErrorCode::InvalidInput,
                    file +
                        " is not a whisper ggml model: it is a GGUF file; whisper.cpp needs the legacy ggml "
                        ".bin format (e.g. ggml-tiny.en.bin)",
                    "model");
    }
    if (magic != kGgmlMagic) {
        return fail(ErrorCode::InvalidInput, file + " is not a whisper ggml model (bad magic at byte 0)", "model");
    }

    // clang-format off
    static constexpr std::array<Range, 11> kHparams = {{
        {&WhisperModelInfo::n_vocab, "n_vocab", 1, 1 << 20},
        {&WhisperModelInfo::n_audio_ctx, "n_audio_ctx", 1, 1 << 16},
        {&WhisperModelInfo::n_audio_state, "n_audio_state", 1, 1 << 14},
        {&WhisperModelInfo::n_audio_head, "n_audio_head", 1, 1 << 10},
        {&WhisperModelInfo::n_audio_layer, "n_audio_layer", 1, 256},
        {&WhisperModelInfo::n_text_ctx, "n_text_ctx", 1, 1 << 16},
        {&WhisperModelInfo::n_text_state, "n_text_state", 1, 1 << 14},
        {&WhisperModelInfo::n_text_head, "n_text_head", 1, 1 << 10},
        {&WhisperModelInfo::n_text_layer, "n_text_layer", 1, 256},
        {&WhisperModelInfo::n_mels, "n_mels", 1, 1024},
        {&WhisperModelInfo::ftype, "ftype", 0, 1 << 20},
    }};
    // clang-format on
    for (const auto& h : kHparams) {
        const std::uint64_t at = r.offset();
        BOROUGH_TRY(info.*h.field, r.i32(h.name));
        if (info.*h.field < h.min || info.*h.field > h.max) {
            return r.invalid("hparam " + std::string(h.name) + " = " + std::to_string(info.*h.field) + " is outside " +
                                 std::to_string(h.min) + "-" + std::to_string(h.max),
                             at);
        }
    }
    if (info.n_text_state != info.n_audio_state || info.n_audio_state % info.n_audio_head != 0 ||
        info.n_text_state % info.n_text_head != 0) {
        return r.invalid("hparams n_audio_state/n_text_state/heads do not fit together", 4);
    }
    const std::int32_t ftype = info.ftype % kQuantVersionFactor;
    if (ftype < 0 || ftype > 40) {
        return r.invalid("unknown ftype " + std::to_string(info.ftype), 44);
    }

    std::uint64_t at = r.offset();
    BOROUGH_TRY(const std::int32_t n_mel, r.i32("the mel filter count"));
    BOROUGH_TRY(const std::int32_t n_fft, r.i32("the mel filter width"));
    if (n_mel != info.n_mels || n_fft != kFftBins) {
        return r.invalid("mel filters are " + std::to_string(n_mel) + " x " + std::to_string(n_fft) + ", expected " +
                             std::to_string(info.n_mels) + " x " + std::to_string(kFftBins),
                         at);
    }
    BOROUGH_TRY_STATUS(r.skip(static_cast<std::uint64_t>(n_mel) * static_cast<std::uint64_t>(n_fft) * sizeof(float),
                              "the mel filters"));

    at = r.offset();
    BOROUGH_TRY(const std::int32_t n_tokens, r.i32("the vocabulary size"));
    if (n_tokens < 1 || n_tokens > info.n_vocab) {
        return r.invalid(
            "vocabulary holds " + std::to_string(n_tokens) + " tokens, expected 1-" + std::to_string(info.n_vocab), at);
    }
    for (std::int32_t i = 0; i < n_tokens; ++i) {
        at = r.offset();
        std::uint32_t len = 0;
        BOROUGH_TRY_STATUS(r.read(&len, sizeof len, "a vocabulary entry"));
        if (len > kMaxTokenBytes) {
            return r.invalid("token " + std::to_string(i) + " is " + std::to_string(len) + " bytes long", at);
        }
        BOROUGH_TRY_STATUS(r.skip(len, "a vocabulary entry"));
    }

    const std::int32_t expected = 11 + 15 * info.n_audio_layer + 24 * info.n_text_layer;
    while (r.remaining() > 0) {
        at = r.offset();
        BOROUGH_TRY(const std::int32_t n_dims, r.i32("a tensor header"));
        BOROUGH_TRY(const std::int32_t name_len, r.i32("a tensor header"));
        BOROUGH_TRY(const std::int32_t type, r.i32("a tensor header"));
        if (n_dims < 1 || n_dims > 4 || name_len < 1 || name_len > kMaxNameBytes) {
            return r.invalid("tensor " + std::to_string(info.n_tensors) + " has a bad header (n_dims " +
                                 std::to_string(n_dims) + ", name length " + std::to_string(name_len) + ")",
                             at);
        }
        const auto ts = type_size(type);
        if (!ts) {
            return r.invalid(
                "tensor " + std::to_string(info.n_tensors) + " has unsupported type " + std::to_string(type), at);
        }
        std::int64_t n_values = 1;
        for (std::int32_t d = 0; d < n_dims; ++d) {
            BOROUGH_TRY(const std::int32_t ne, r.i32("a tensor shape"));
            if (ne < 1 || n_values > (std::int64_t{1} << 40) / ne) {
                return r.invalid("tensor " + std::to_string(info.n_tensors) + " has a bad shape", at);
            }
            n_values *= ne;
        }
        if (n_values % ts->block_values != 0) {
            return r.invalid("tensor " + std::to_string(info.n_tensors) + " is not whole blocks of its type", at);
        }
        BOROUGH_TRY_STATUS(r.skip(static_cast<std::uint64_t>(name_len), "a tensor name"));
        BOROUGH_TRY_STATUS(
            r.skip(static_cast<std::uint64_t>(n_values / ts->block_values * ts->block_bytes), "tensor data"));
        ++info.n_tensors;
        if (info.n_tensors > expected) {
            break;
        }
    }
    if (info.n_tensors != expected) {
        return fail(ErrorCode::InvalidInput,
                    file + " is not a usable whisper ggml model: it holds " + std::to_string(info.n_tensors) +
                        " tensors where " + std::to_string(info.n_audio_layer) + "+" +
                        std::to_string(info.n_text_layer) + " layers need " + std::to_string(expected),
                    "model");
    }
    return info;
}

}  // namespace borough::engine::whisper
