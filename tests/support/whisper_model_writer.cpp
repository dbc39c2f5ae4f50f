#include "support/whisper_model_writer.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdio>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "support/model_file.h"

namespace borough::test_support {
namespace {

constexpr std::uint32_t kGgmlMagic = 0x67676d6c;  // "ggml", as whisper.cpp's WSP_GGML_FILE_MAGIC
constexpr std::int32_t kVocab = 51864;            // tiny.en: English-only (multilingual is >= 51865)
constexpr std::int32_t kVocabInFile = 50256;      // GPT-2 tokens; whisper.cpp appends the specials
constexpr std::int32_t kAudioCtx = 1500;          // 30 s of 10 ms mel frames after the stride-2 conv
constexpr std::int32_t kTextCtx = 448;
constexpr std::int32_t kMels = 80;
constexpr std::int32_t kFftBins = 201;  // 1 + WHISPER_N_FFT / 2
constexpr std::int32_t kFtypeF16 = 1;
constexpr std::int32_t kTypeF32 = 0;  // ggml type ids as stored per tensor
constexpr std::int32_t kTypeF16 = 1;
constexpr float kSmallStd = 0.02F;  // embeddings and biases
constexpr std::size_t kChunkValues = std::size_t{1} << 18;

struct Shape {
    std::int32_t n_state;
    std::int32_t n_head;
    std::int32_t n_audio_layer;
    std::int32_t n_text_layer;
};

Shape shape_of(WhisperModelSize size) {
    switch (size) {
        case WhisperModelSize::Micro:
            return {.n_state = 32, .n_head = 2, .n_audio_layer = 1, .n_text_layer = 1};
        case WhisperModelSize::Tiny:
            return {.n_state = 384, .n_head = 6, .n_audio_layer = 4, .n_text_layer = 4};
    }
    return {};
}

struct TensorSpec {
    std::string name;
    std::vector<std::int32_t> ne;  // ggml order: ne[0] is the contiguous dimension
    std::int32_t type = kTypeF32;
    Fill fill = Fill::Normal;
    float std_dev = kSmallStd;

    [[nodiscard]] std::int64_t elements() const {
        std::int64_t n = 1;
        for (const auto d : ne) {
            n *= d;
        }
        return n;
    }
};

// Matrices are N(0, 1/sqrt(fan_in)) so every layer's output stays about unit scale; layer norms are
// the identity; vectors and embeddings are N(0, 0.02).
std::vector<TensorSpec> tensor_specs(const Shape& s) {
    const std::int32_t n = s.n_state;
    const float matrix_std = 1.0F / std::sqrt(static_cast<float>(n));
    const float mlp_out_std = 1.0F / std::sqrt(static_cast<float>(4 * n));
    std::vector<TensorSpec> t;
    auto vec = [&](std::string name, std::int32_t len, Fill fill = Fill::Normal) {
        t.push_back({std::move(name), {len}, kTypeF32, fill, kSmallStd});
    };
    auto mat = [&](std::string name, std::int32_t cols, std::int32_t rows, float std_dev) {
        t.push_back({std::move(name), {cols, rows}, kTypeF16, Fill::Normal, std_dev});
    };
    auto norm = [&](const std::string& prefix) {
        vec(prefix + ".weight", n, Fill::Ones);
        vec(prefix + ".bias", n, Fill::Zeros);
    };
    auto block = [&](const std::string& p, bool cross) {
        norm(p + "mlp_ln");
        mat(p + "mlp.0.weight", n, 4 * n, matrix_std);
        vec(p + "mlp.0.bias", 4 * n);
        mat(p + "mlp.2.weight", 4 * n, n, mlp_out_std);
        vec(p + "mlp.2.bias", n);
        for (const std::string_view a : {std::string_view("attn"), std::string_view("cross_attn")}) {
            const std::string attn(a);
            if (attn == "cross_attn" && !cross) {
                continue;
            }
            norm(p + attn + "_ln");
            mat(p + attn + ".query.weight", n, n, matrix_std);
            vec(p + attn + ".query.bias", n);
            mat(p + attn + ".key.weight", n, n, matrix_std);
            mat(p + attn + ".value.weight", n, n, matrix_std);
            vec(p + attn + ".value.bias", n);
            mat(p + attn + ".out.weight", n, n, matrix_std);
            vec(p + attn + ".out.bias", n);
        }
    };

    t.push_back({"encoder.positional_embedding", {n, kAudioCtx}, kTypeF32, Fill::Normal, kSmallStd});
    t.push_back({"encoder.conv1.weight", {3, kMels, n}, kTypeF16, Fill::Normal, 1.0F / std::sqrt(3.0F * kMels)});
    t.push_back({"encoder.conv1.bias", {1, n}, kTypeF32, Fill::Normal, kSmallStd});
    t.push_back(
        {"encoder.conv2.weight", {3, n, n}, kTypeF16, Fill::Normal, 1.0F / std::sqrt(3.0F * static_cast<float>(n))});
    t.push_back({"encoder.conv2.bias", {1, n}, kTypeF32, Fill::Normal, kSmallStd});
    norm("encoder.ln_post");
    for (std::int32_t i = 0; i < s.n_audio_layer; ++i) {
        block("encoder.blocks." + std::to_string(i) + ".", false);
    }
    t.push_back({"decoder.positional_embedding", {n, kTextCtx}, kTypeF32, Fill::Normal, kSmallStd});
    mat("decoder.token_embedding.weight", n, kVocab, kSmallStd);
    norm("decoder.ln");
    for (std::int32_t i = 0; i < s.n_text_layer; ++i) {
        block("decoder.blocks." + std::to_string(i) + ".", true);
    }
    return t;
}

// Slaney-style mel filterbank (librosa's default, which OpenAI's whisper uses): 80 triangles over
// 0-8 kHz on the 201 FFT bins of a 400-sample frame at 16 kHz, area-normalised.
std::vector<float> mel_filters() {
    constexpr double kRate = 16000.0;
    constexpr double kLinearStep = 200.0 / 3.0;
    constexpr double kLogStartHz = 1000.0;
    const double log_start_mel = kLogStartHz / kLinearStep;
    const double log_step = std::log(6.4) / 27.0;
    auto hz_to_mel = [&](double hz) {
        return hz < kLogStartHz ? hz / kLinearStep : log_start_mel + std::log(hz / kLogStartHz) / log_step;
    };
    auto mel_to_hz = [&](double mel) {
        return mel < log_start_mel ? mel * kLinearStep : kLogStartHz * std::exp(log_step * (mel - log_start_mel));
    };
    std::array<double, kMels + 2> edges{};
    const double top = hz_to_mel(kRate / 2.0);
    for (std::size_t i = 0; i < edges.size(); ++i) {
        edges[i] = mel_to_hz(top * static_cast<double>(i) / static_cast<double>(kMels + 1));
    }
    std::vector<float> out(static_cast<std::size_t>(kMels) * kFftBins, 0.0F);
    for (std::size_t m = 0; m < static_cast<std::size_t>(kMels); ++m) {
        const double norm = 2.0 / (edges[m + 2] - edges[m]);
        for (std::size_t k = 0; k < static_cast<std::size_t>(kFftBins); ++k) {
            const double hz = static_cast<double>(k) * kRate / (2.0 * (kFftBins - 1));
            const double rise = (hz - edges[m]) / (edges[m + 1] - edges[m]);
            const double fall = (edges[m + 2] - hz) / (edges[m + 2] - edges[m + 1]);
            out[m * kFftBins + k] = static_cast<float>(std::max(0.0, std::min(rise, fall)) * norm);
        }
    }
    return out;
}

// Token `id` of the made-up vocabulary: printable ASCII characters first, " " and "\n" where GPT-2
// has them, and otherwise distinct syllable words (every other one with a leading space, as BPE
// vocabularies have). Syllables are all two letters, so two ids never give the same word.
std::string vocab_token(std::int32_t id) {
    constexpr std::int32_t kPrintable = '~' - '!' + 1;
    if (id < kPrintable) {
        return {static_cast<char>('!' + id)};  // one character
    }
    if (id == 198) {
        return "\n";
    }
    if (id == 220) {
        return " ";
    }
    static constexpr std::array<const char*, 32> kSyllables = {
        "ba", "be", "bo", "da", "de", "di", "fa", "fo", "ga", "go", "ha", "ki", "la", "le", "li", "lo",
        "ma", "me", "mi", "na", "ne", "no", "pa", "pe", "ra", "re", "ri", "sa", "se", "ta", "te", "to"};
    std::string word = id % 2 == 0 ? " " : "";
    auto r = static_cast<std::uint32_t>(id);
    do {
        word += kSyllables[r % kSyllables.size()];
        r /= static_cast<std::uint32_t>(kSyllables.size());
    } while (r != 0);
    return word;
}

// IEEE half from float, round to nearest even (values here are far from overflow and subnormals,
// but both are handled).
std::uint16_t to_half(float value) {
    const auto bits = std::bit_cast<std::uint32_t>(value);
    const auto sign = static_cast<std::uint16_t>((bits >> 16U) & 0x8000U);
    const std::uint32_t abs = bits & 0x7FFFFFFFU;
    if (abs >= 0x7F800000U) {  // inf or NaN
        return static_cast<std::uint16_t>(sign | 0x7C00U | (abs > 0x7F800000U ? 0x200U : 0U));
    }
    if (abs >= 0x477FF000U) {  // rounds above the largest half
        return static_cast<std::uint16_t>(sign | 0x7C00U);
    }
    if (abs < 0x38800000U) {  // subnormal half (or zero): scale by 2^24 and round
        const float scaled = std::bit_cast<float>(abs) * 16777216.0F;
        return static_cast<std::uint16_t>(sign | static_cast<std::uint16_t>(std::nearbyint(scaled)));
    }
    const std::uint32_t rounded = abs + 0x0FFFU + ((abs >> 13U) & 1U);
    return static_cast<std::uint16_t>(sign | ((rounded - 0x38000000U) >> 13U));
}

class Writer {
public:
    explicit Writer(std::FILE* f) : f_(f) {}
    void bytes(const void* data, std::size_t size) { ok_ = ok_ && std::fwrite(data, 1, size, f_) == size; }
    void i32(std::int32_t v) { bytes(&v, sizeof v); }
    void u32(std::uint32_t v) { bytes(&v, sizeof v); }
    [[nodiscard]] bool ok() const { return ok_; }

private:
    std::FILE* f_;
    bool ok_ = true;
};

// Each tensor gets its own stream (tensor_seed), so its values do not depend on the order tensors are
// written in. mt19937_64 is specified exactly by the standard; the normal deviates come from our own
// Box-Muller (seeded_random.h) because std::normal_distribution is not.
void write_tensor(Writer& w, const TensorSpec& t, std::uint64_t seed) {
    w.i32(static_cast<std::int32_t>(t.ne.size()));
    w.i32(static_cast<std::int32_t>(t.name.size()));
    w.i32(t.type);
    for (const auto d : t.ne) {
        w.i32(d);
    }
    w.bytes(t.name.data(), t.name.size());

    std::mt19937_64 rng(tensor_seed(seed, t.name));
    auto value = [&]() { return fill_value(t.fill, rng, t.std_dev); };
    const std::int64_t n = t.elements();
    std::vector<float> f32;
    std::vector<std::uint16_t> f16;
    for (std::int64_t start = 0; start < n && w.ok(); start += static_cast<std::int64_t>(kChunkValues)) {
        const auto count =
            static_cast<std::size_t>(std::min<std::int64_t>(static_cast<std::int64_t>(kChunkValues), n - start));
        if (t.type == kTypeF16) {
            f16.resize(count);
            for (auto& v : f16) {
                v = to_half(value());
            }
            w.bytes(f16.data(), f16.size() * sizeof(std::uint16_t));
        } else {
            f32.resize(count);
            for (auto& v : f32) {
                v = value();
            }
            w.bytes(f32.data(), f32.size() * sizeof(float));
        }
    }
}

}  // namespace

std::optional<WhisperModelSize> parse_whisper_model_size(std::string_view name) {
    for (const auto size : {WhisperModelSize::Micro, WhisperModelSize::Tiny}) {
        if (name == to_string(size)) {
            return size;
        }
    }
    return std::nullopt;
}

std::string_view to_string(WhisperModelSize size) {
    switch (size) {
        case WhisperModelSize::Micro:
            return "micro";
        case WhisperModelSize::Tiny:
            return "tiny";
    }
    return "?";
}

Result<WhisperModelSummary> write_whisper_model(const WhisperModelOptions& options, const std::filesystem::path& out) {
    const Shape s = shape_of(options.size);
    const std::vector<TensorSpec> specs = tensor_specs(s);
    auto size_bytes = write_model_file(out, [&](std::FILE* f) {
        Writer w(f);
        w.u32(kGgmlMagic);
        for (const std::int32_t v : {kVocab, kAudioCtx, s.n_state, s.n_head, s.n_audio_layer, kTextCtx, s.n_state,
                                     s.n_head, s.n_text_layer, kMels, kFtypeF16}) {
            w.i32(v);
        }
        w.i32(kMels);
        w.i32(kFftBins);
        const std::vector<float> filters = mel_filters();
        w.bytes(filters.data(), filters.size() * sizeof(float));
        w.i32(kVocabInFile);
        for (std::int32_t id = 0; id < kVocabInFile; ++id) {
            const std::string token = vocab_token(id);
            w.u32(static_cast<std::uint32_t>(token.size()));
            w.bytes(token.data(), token.size());
        }
        for (const auto& t : specs) {
            write_tensor(w, t, options.seed);
        }
        return w.ok();
    });
    if (!size_bytes) {
        return fail(std::move(size_bytes).error());
    }
    WhisperModelSummary summary;
    summary.n_vocab = kVocab;
    summary.n_vocab_file = kVocabInFile;
    summary.n_state = s.n_state;
    summary.n_tensors = static_cast<std::int32_t>(specs.size());
    summary.size_bytes = *size_bytes;
    return summary;
}

}  // namespace borough::test_support
