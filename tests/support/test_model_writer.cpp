#include "support/test_model_writer.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>
#include <system_error>
#include <utility>
#include <vector>

#include "ggml.h"
#include "gguf.h"
#include "support/model_file.h"
#include "support/seeded_random.h"

#ifndef BOROUGH_LLAMA_VOCAB_DIR
#error "BOROUGH_LLAMA_VOCAB_DIR must name llama.cpp's models/ folder"
#endif

namespace borough::test_support {
namespace {

// ChatML, for vocabularies that carry no template. Its markers are plain text for the llama-spm vocab
// ("<|im_start|>" tokenizes into ordinary pieces), which is enough for template and decode tests.
constexpr const char* kChatMlTemplate =
    "{% for message in messages %}"
    "{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

// Embeddings and biases are N(0, 0.02); matrices are N(0, 1/sqrt(fan_in)) so each layer's output is
// about unit scale: activations stay finite and, unlike an all-0.02 model, the residual stream is not
// dominated by the input embedding (with tied embeddings that makes greedy decoding repeat its input).
constexpr float kEmbeddingStd = 0.02F;
constexpr std::int64_t kQ8Block = 32;
constexpr std::size_t kQ8BlockBytes = 34;  // fp16 scale + 32 int8 (ggml block_q8_0)
constexpr std::size_t kChunkBytes = std::size_t{1} << 20;

// Shape of one kind of model; matrices use `matrix_type`, 1-D tensors are always F32.
struct ModelShape {
    const char* arch;
    const char* name;
    const char* vocab_file;
    std::int64_t n_embd;
    std::int64_t n_layer;
    std::int64_t n_head;
    std::int64_t n_head_kv;
    std::int64_t n_ff;
    std::int64_t n_ctx;
    float rope_theta;
    ggml_type matrix_type;
};

ModelShape shape_of(TestModelKind kind) {
    // clang-format off
    switch (kind) {
        case TestModelKind::Tiny:
            return {.arch = "llama", .name = "borough-tiny", .vocab_file = "ggml-vocab-llama-spm.gguf",
                    .n_embd = 64, .n_layer = 2, .n_head = 4, .n_head_kv = 2, .n_ff = 128, .n_ctx = 2048,
                    .rope_theta = 10000.0F, .matrix_type = GGML_TYPE_F16};
        case TestModelKind::TinyQwen2:
            return {.arch = "qwen2", .name = "borough-tiny-qwen2", .vocab_file = "ggml-vocab-qwen2.gguf",
                    .n_embd = 64, .n_layer = 2, .n_head = 4, .n_head_kv = 2, .n_ff = 128, .n_ctx = 2048,
                    .rope_theta = 1000000.0F, .matrix_type = GGML_TYPE_F16};
        case TestModelKind::TinyBert:
            return {.arch = "bert", .name = "borough-tiny-bert", .vocab_file = "ggml-vocab-bert-bge.gguf",
                    .n_embd = 64, .n_layer = 2, .n_head = 4, .n_head_kv = 4, .n_ff = 128, .n_ctx = 512,
                    .rope_theta = 0.0F, .matrix_type = GGML_TYPE_F16};
        case TestModelKind::Qwen2Bench:  // Qwen2-0.5B
            return {.arch = "qwen2", .name = "borough-qwen2-bench", .vocab_file = "ggml-vocab-qwen2.gguf",
                    .n_embd = 896, .n_layer = 24, .n_head = 14, .n_head_kv = 2, .n_ff = 4864, .n_ctx = 32768,
                    .rope_theta = 1000000.0F, .matrix_type = GGML_TYPE_Q8_0};
    }
    // clang-format on
    return {};
}

struct TensorSpec {
    std::string name;
    std::int64_t ne0;
    std::int64_t ne1;  // 1 for 1-D tensors
    ggml_type type;
    Fill fill;
    // Standard deviation for Fill::Normal.
    [[nodiscard]] float std_dev() const {
        const bool is_matrix =
            ne1 > 1 && name.find("embd") == std::string::npos && name.find("token_types") == std::string::npos;
        return is_matrix ? 1.0F / std::sqrt(static_cast<float>(ne0)) : kEmbeddingStd;
    }
};

std::vector<TensorSpec> tensor_specs(TestModelKind kind, const ModelShape& s, std::int64_t n_vocab,
                                     std::int64_t n_token_types) {
    const ggml_type mt = s.matrix_type;
    const std::int64_t head_dim = s.n_embd / s.n_head;
    const std::int64_t n_embd_kv = head_dim * s.n_head_kv;
    std::vector<TensorSpec> t;
    auto blk = [](std::int64_t i, const char* rest) { return "blk." + std::to_string(i) + "." + rest; };
    if (kind == TestModelKind::TinyBert) {
        t.push_back({"token_embd.weight", s.n_embd, n_vocab, mt, Fill::Normal});
        // type and position embeddings are added with views/get_rows; F32 keeps every op supported
        t.push_back({"token_types.weight", s.n_embd, n_token_types, GGML_TYPE_F32, Fill::Normal});
        t.push_back({"position_embd.weight", s.n_embd, s.n_ctx, GGML_TYPE_F32, Fill::Normal});
        t.push_back({"token_embd_norm.weight", s.n_embd, 1, GGML_TYPE_F32, Fill::Ones});
        t.push_back({"token_embd_norm.bias", s.n_embd, 1, GGML_TYPE_F32, Fill::Zeros});
        for (std::int64_t i = 0; i < s.n_layer; ++i) {
            for (const char* m : {"attn_q", "attn_k", "attn_v", "attn_output"}) {
                t.push_back({blk(i, m) + ".weight", s.n_embd, s.n_embd, mt, Fill::Normal});
                t.push_back({blk(i, m) + ".bias", s.n_embd, 1, GGML_TYPE_F32, Fill::Normal});
            }
            t.push_back({blk(i, "attn_output_norm.weight"), s.n_embd, 1, GGML_TYPE_F32, Fill::Ones});
            t.push_back({blk(i, "attn_output_norm.bias"), s.n_embd, 1, GGML_TYPE_F32, Fill::Zeros});
            t.push_back({blk(i, "ffn_up.weight"), s.n_embd, s.n_ff, mt, Fill::Normal});
            t.push_back({blk(i, "ffn_up.bias"), s.n_ff, 1, GGML_TYPE_F32, Fill::Normal});
            t.push_back({blk(i, "ffn_down.weight"), s.n_ff, s.n_embd, mt, Fill::Normal});
            t.push_back({blk(i, "ffn_down.bias"), s.n_embd, 1, GGML_TYPE_F32, Fill::Normal});
            t.push_back({blk(i, "layer_output_norm.weight"), s.n_embd, 1, GGML_TYPE_F32, Fill::Ones});
            t.push_back({blk(i, "layer_output_norm.bias"), s.n_embd, 1, GGML_TYPE_F32, Fill::Zeros});
        }
        return t;
    }
    // llama / qwen2 decoder; the output projection is tied to token_embd (as in Qwen2-0.5B).
    const bool qkv_bias = std::string(s.arch) == "qwen2";
    t.push_back({"token_embd.weight", s.n_embd, n_vocab, mt, Fill::Normal});
    t.push_back({"output_norm.weight", s.n_embd, 1, GGML_TYPE_F32, Fill::Ones});
    for (std::int64_t i = 0; i < s.n_layer; ++i) {
        t.push_back({blk(i, "attn_norm.weight"), s.n_embd, 1, GGML_TYPE_F32, Fill::Ones});
        t.push_back({blk(i, "attn_q.weight"), s.n_embd, s.n_embd, mt, Fill::Normal});
        t.push_back({blk(i, "attn_k.weight"), s.n_embd, n_embd_kv, mt, Fill::Normal});
        t.push_back({blk(i, "attn_v.weight"), s.n_embd, n_embd_kv, mt, Fill::Normal});
        if (qkv_bias) {
            t.push_back({blk(i, "attn_q.bias"), s.n_embd, 1, GGML_TYPE_F32, Fill::Normal});
            t.push_back({blk(i, "attn_k.bias"), n_embd_kv, 1, GGML_TYPE_F32, Fill::Normal});
            t.push_back({blk(i, "attn_v.bias"), n_embd_kv, 1, GGML_TYPE_F32, Fill::Normal});
        }
        t.push_back({blk(i, "attn_output.weight"), s.n_embd, s.n_embd, mt, Fill::Normal});
        t.push_back({blk(i, "ffn_norm.weight"), s.n_embd, 1, GGML_TYPE_F32, Fill::Ones});
        t.push_back({blk(i, "ffn_gate.weight"), s.n_embd, s.n_ff, mt, Fill::Normal});
        t.push_back({blk(i, "ffn_up.weight"), s.n_embd, s.n_ff, mt, Fill::Normal});
        t.push_back({blk(i, "ffn_down.weight"), s.n_ff, s.n_embd, mt, Fill::Normal});
    }
    return t;
}

struct GgufDeleter {
    void operator()(gguf_context* c) const { gguf_free(c); }
};
struct GgmlDeleter {
    void operator()(ggml_context* c) const { ggml_free(c); }
};
using GgufPtr = std::unique_ptr<gguf_context, GgufDeleter>;

// Keeps only the tokenizer.* keys of the vocab file: its general.* and <arch>.* keys describe the
// model the vocab was cut from, not ours.
void copy_tokenizer_keys(gguf_context* out, const gguf_context* vocab) {
    gguf_set_kv(out, vocab);
    std::vector<std::string> drop;
    for (std::int64_t i = 0; i < gguf_get_n_kv(out); ++i) {
        const std::string key = gguf_get_key(out, i);
        if (key.rfind("tokenizer.", 0) != 0) {
            drop.push_back(key);
        }
    }
    for (const auto& key : drop) {
        gguf_remove_key(out, key.c_str());
    }
}

void set_hparams(gguf_context* g, TestModelKind kind, const ModelShape& s) {
    const std::string a = s.arch;
    auto u32 = [&](const std::string& key, std::int64_t v) {
        gguf_set_val_u32(g, (a + "." + key).c_str(), static_cast<std::uint32_t>(v));
    };
    gguf_set_val_str(g, "general.architecture", s.arch);
    gguf_set_val_str(g, "general.name", s.name);
    gguf_set_val_u32(g, "general.file_type", s.matrix_type == GGML_TYPE_Q8_0 ? 7U : 1U);
    u32("context_length", s.n_ctx);
    u32("embedding_length", s.n_embd);
    u32("block_count", s.n_layer);
    u32("feed_forward_length", s.n_ff);
    u32("attention.head_count", s.n_head);
    u32("attention.head_count_kv", s.n_head_kv);
    if (kind == TestModelKind::TinyBert) {
        gguf_set_val_f32(g, (a + ".attention.layer_norm_epsilon").c_str(), 1e-12F);
        gguf_set_val_bool(g, (a + ".attention.causal").c_str(), false);
        u32("pooling_type", 1);  // LLAMA_POOLING_TYPE_MEAN
        return;
    }
    gguf_set_val_f32(g, (a + ".attention.layer_norm_rms_epsilon").c_str(), 1e-6F);
    gguf_set_val_f32(g, (a + ".rope.freq_base").c_str(), s.rope_theta);
    u32("rope.dimension_count", s.n_embd / s.n_head);
    if (gguf_find_key(g, "tokenizer.chat_template") < 0) {
        gguf_set_val_str(g, "tokenizer.chat_template", kChatMlTemplate);
    }
}

// Streams one tensor's bytes in chunks so the ~500 MB bench model never sits in memory.
bool write_tensor_data(std::FILE* f, const TensorSpec& t, std::uint64_t seed) {
    SplitMix64 rng(tensor_seed(seed, t.name));
    const std::int64_t n = t.ne0 * t.ne1;
    std::vector<std::uint8_t> buf;
    buf.reserve(kChunkBytes + kQ8BlockBytes);
    auto flush = [&]() {
        const bool ok = std::fwrite(buf.data(), 1, buf.size(), f) == buf.size();
        buf.clear();
        return ok;
    };
    if (t.type == GGML_TYPE_Q8_0) {
        // Random int8 quants with one fixed scale: std of U(-128,127) is ~73.9, so the scale
        // gives weights with std t.std_dev(). Orders of magnitude faster than quantising floats.
        const ggml_fp16_t d = ggml_fp32_to_fp16(t.std_dev() / 73.9F);
        std::array<std::uint8_t, sizeof(ggml_fp16_t)> d_bytes{};
        std::memcpy(d_bytes.data(), &d, sizeof d);
        for (std::int64_t b = 0; b < n / kQ8Block; ++b) {
            buf.insert(buf.end(), d_bytes.begin(), d_bytes.end());
            for (int w = 0; w < 4; ++w) {
                std::uint64_t r = rng();
                for (int k = 0; k < 8; ++k) {
                    buf.push_back(static_cast<std::uint8_t>(r & 0xFFU));
                    r >>= 8U;
                }
            }
            if (buf.size() >= kChunkBytes && !flush()) {
                return false;
            }
        }
        return flush();
    }
    const auto chunk = static_cast<std::int64_t>(kChunkBytes / sizeof(float));
    std::vector<float> vals;
    std::vector<ggml_fp16_t> halves;
    const float std_dev = t.std_dev();
    for (std::int64_t start = 0; start < n; start += chunk) {
        const std::int64_t count = std::min(chunk, n - start);
        vals.resize(static_cast<std::size_t>(count));
        for (auto& v : vals) {
            v = fill_value(t.fill, rng, std_dev);
        }
        if (t.type == GGML_TYPE_F16) {
            halves.resize(vals.size());
            ggml_fp32_to_fp16_row(vals.data(), halves.data(), count);
            if (std::fwrite(halves.data(), sizeof(ggml_fp16_t), halves.size(), f) != halves.size()) {
                return false;
            }
        } else if (std::fwrite(vals.data(), sizeof(float), vals.size(), f) != vals.size()) {
            return false;
        }
    }
    return true;
}

}  // namespace

std::optional<TestModelKind> parse_test_model_kind(std::string_view name) {
    for (const auto kind :
         {TestModelKind::Tiny, TestModelKind::TinyQwen2, TestModelKind::TinyBert, TestModelKind::Qwen2Bench}) {
        if (name == to_string(kind)) {
            return kind;
        }
    }
    return std::nullopt;
}

std::string_view to_string(TestModelKind kind) {
    switch (kind) {
        case TestModelKind::Tiny:
            return "tiny";
        case TestModelKind::TinyQwen2:
            return "tiny-qwen2";
        case TestModelKind::TinyBert:
            return "tiny-bert";
        case TestModelKind::Qwen2Bench:
            return "qwen2-bench";
    }
    return "unknown";
}

std::filesystem::path default_vocab_path(TestModelKind kind) {
    return std::filesystem::path(BOROUGH_LLAMA_VOCAB_DIR) / shape_of(kind).vocab_file;
}

Result<TestModelSummary> write_test_model(const TestModelOptions& options, const std::filesystem::path& out) {
    const ModelShape shape = shape_of(options.kind);
    const std::filesystem::path vocab_path =
        options.vocab_path.empty() ? default_vocab_path(options.kind) : options.vocab_path;
    std::error_code ec;
    if (!std::filesystem::is_regular_file(vocab_path, ec)) {
        return fail(ErrorCode::NotFound, "vocab file " + vocab_path.string() + " does not exist", "vocab");
    }
    const gguf_init_params vocab_params{/*no_alloc=*/true, /*ctx=*/nullptr};
    const GgufPtr vocab(gguf_init_from_file(vocab_path.c_str(), vocab_params));
    if (!vocab) {
        return fail(ErrorCode::InvalidInput, "vocab file " + vocab_path.string() + " is not a GGUF file", "vocab");
    }
    const std::int64_t tokens_key = gguf_find_key(vocab.get(), "tokenizer.ggml.tokens");
    if (tokens_key < 0 || gguf_get_kv_type(vocab.get(), tokens_key) != GGUF_TYPE_ARRAY) {
        return fail(ErrorCode::InvalidInput,
                    "vocab file " + vocab_path.string() + " has no tokenizer.ggml.tokens array", "vocab");
    }
    const auto n_vocab = static_cast<std::int64_t>(gguf_get_arr_n(vocab.get(), tokens_key));
    std::int64_t n_token_types = 0;
    if (options.kind == TestModelKind::TinyBert) {
        const std::int64_t k = gguf_find_key(vocab.get(), "tokenizer.ggml.token_type_count");
        n_token_types = k < 0 ? 2 : static_cast<std::int64_t>(gguf_get_val_u32(vocab.get(), k));
    }

    const GgufPtr g(gguf_init_empty());
    copy_tokenizer_keys(g.get(), vocab.get());
    if (options.kind == TestModelKind::TinyBert && gguf_find_key(g.get(), "tokenizer.ggml.token_type_count") < 0) {
        gguf_set_val_u32(g.get(), "tokenizer.ggml.token_type_count", static_cast<std::uint32_t>(n_token_types));
    }
    set_hparams(g.get(), options.kind, shape);

    const std::vector<TensorSpec> specs = tensor_specs(options.kind, shape, n_vocab, n_token_types);
    for (const auto& t : specs) {
        if (t.ne0 % ggml_blck_size(t.type) != 0) {
            return fail(ErrorCode::Internal, "tensor " + t.name + " rows are not whole blocks");
        }
    }
    // Metadata-only tensors: gguf needs shapes and types here; data is streamed below.
    const ggml_init_params meta_params{specs.size() * ggml_tensor_overhead(), nullptr, true};
    const std::unique_ptr<ggml_context, GgmlDeleter> meta(ggml_init(meta_params));
    for (const auto& t : specs) {
        ggml_tensor* tensor = t.ne1 == 1 ? ggml_new_tensor_1d(meta.get(), t.type, t.ne0)
                                         : ggml_new_tensor_2d(meta.get(), t.type, t.ne0, t.ne1);
        ggml_set_name(tensor, t.name.c_str());
        gguf_add_tensor(g.get(), tensor);
    }

    auto size_bytes = write_model_file(out, [&](std::FILE* f) {
        bool ok = gguf_write_to_file_ptr(g.get(), f, /*only_meta=*/true);
        const auto data_offset = static_cast<std::size_t>(std::ftell(f));
        const std::size_t alignment = gguf_get_alignment(g.get());
        const std::vector<std::uint8_t> zeros(alignment, 0);
        for (std::size_t i = 0; ok && i < specs.size(); ++i) {
            const auto pos = static_cast<std::size_t>(std::ftell(f));
            ok = pos - data_offset == gguf_get_tensor_offset(g.get(), static_cast<std::int64_t>(i)) &&
                 write_tensor_data(f, specs[i], options.seed);
            const std::size_t size = gguf_get_tensor_size(g.get(), static_cast<std::int64_t>(i));
            const std::size_t pad = (alignment - size % alignment) % alignment;
            ok = ok && std::fwrite(zeros.data(), 1, pad, f) == pad;
        }
        return ok;
    });
    if (!size_bytes) {
        return fail(std::move(size_bytes).error());
    }
    TestModelSummary summary;
    summary.architecture = shape.arch;
    summary.n_vocab = n_vocab;
    summary.n_embd = shape.n_embd;
    summary.n_tensors = static_cast<std::int64_t>(specs.size());
    summary.size_bytes = *size_bytes;
    return summary;
}

}  // namespace borough::test_support
