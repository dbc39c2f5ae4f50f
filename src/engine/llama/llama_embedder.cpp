#include "engine/llama/llama_embedder.h"

#include <llama.h>

#include <algorithm>
#include <cmath>
#include <mutex>
#include <thread>

#include "core/log.h"
#include "engine/llama/model.h"

namespace borough::engine::llama {

struct LlamaEmbedder::State {
    ModelPtr model;
    ContextPtr ctx;
    const llama_vocab* vocab = nullptr;
    std::size_t n_ctx = 0;
    int n_embd = 0;
    std::string name;
    std::mutex mutex;  // one llama_context: calls take turns
};

Result<std::unique_ptr<LlamaEmbedder>> LlamaEmbedder::create(const std::string& model_path, int n_threads) {
    if (n_threads < 0) {
        return fail(ErrorCode::InvalidInput, "n_threads must be >= 0", "n_threads");
    }
    BOROUGH_TRY(ModelPtr model, load_model(model_path));
    const int threads = n_threads > 0 ? n_threads : static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
    const int n_ctx = std::clamp(llama_model_n_ctx_train(model.get()), 32, 8192);
    llama_context_params params = llama_context_default_params();
    params.n_ctx = static_cast<std::uint32_t>(n_ctx);
    // Non-causal models need the whole input in one micro-batch.
    params.n_batch = params.n_ctx;
    params.n_ubatch = params.n_ctx;
    params.n_seq_max = 1;
    params.n_threads = threads;
    params.n_threads_batch = threads;
    params.embeddings = true;
    params.pooling_type = LLAMA_POOLING_TYPE_MEAN;
    params.no_perf = true;
    ContextPtr ctx(llama_init_from_model(model.get(), params));
    if (!ctx) {
        return fail(ErrorCode::InvalidInput, "could not create an embedding context for " + model_path, "model_path");
    }
    auto state = std::make_unique<State>();
    state->vocab = llama_model_get_vocab(model.get());
    state->n_embd = llama_model_n_embd(model.get());
    state->n_ctx = static_cast<std::size_t>(llama_n_ctx(ctx.get()));
    state->name = "llama:" + model_file_name(model_path);
    state->model = std::move(model);
    state->ctx = std::move(ctx);
    BOROUGH_LOG_INFO("llama", "loaded embedder {} ({} dimensions)", model_file_name(model_path), state->n_embd);
    return std::unique_ptr<LlamaEmbedder>(new LlamaEmbedder(std::move(state)));
}

LlamaEmbedder::LlamaEmbedder(std::unique_ptr<State> state) : state_(std::move(state)) {}
LlamaEmbedder::~LlamaEmbedder() = default;

std::string LlamaEmbedder::name() const { return state_->name; }
int LlamaEmbedder::dimensions() const { return state_->n_embd; }

Result<std::vector<std::vector<float>>> LlamaEmbedder::embed(std::span<const std::string> texts) {
    std::lock_guard lock(state_->mutex);
    llama_context* ctx = state_->ctx.get();
    const bool encoder_only =
        llama_model_has_encoder(state_->model.get()) && !llama_model_has_decoder(state_->model.get());
    std::vector<std::vector<float>> out;
    out.reserve(texts.size());
    llama_batch batch = llama_batch_init(static_cast<std::int32_t>(state_->n_ctx), 0, 1);
    for (std::size_t t = 0; t < texts.size(); ++t) {
        std::vector<llama_token> tokens = tokenize(state_->vocab, texts[t], true);
        if (tokens.empty() || tokens.size() > state_->n_ctx) {
            llama_batch_free(batch);
            return fail(ErrorCode::InvalidInput,
                        fmt::format("text {} has {} tokens; the embedding model takes 1 to {}", t, tokens.size(),
                                    state_->n_ctx),
                        fmt::format("texts[{}]", t));
        }
        llama_memory_clear(llama_get_memory(ctx), true);
        batch.n_tokens = 0;
        for (std::size_t i = 0; i < tokens.size(); ++i) {
            batch.token[i] = tokens[i];
            batch.pos[i] = static_cast<llama_pos>(i);
            batch.n_seq_id[i] = 1;
            batch.seq_id[i][0] = 0;
            batch.logits[i] = 1;
            ++batch.n_tokens;
        }
        const std::int32_t rc = encoder_only ? llama_encode(ctx, batch) : llama_decode(ctx, batch);
        const float* pooled = rc == 0 ? llama_get_embeddings_seq(ctx, 0) : nullptr;
        if (pooled == nullptr) {
            llama_batch_free(batch);
            return fail(ErrorCode::Internal, fmt::format("embedding text {} failed (llama code {})", t, rc));
        }
        std::vector<float> v(pooled, pooled + state_->n_embd);
        double norm = 0;
        for (float x : v) {
            norm += static_cast<double>(x) * static_cast<double>(x);
        }
        norm = std::sqrt(norm);
        if (norm > 0) {
            for (float& x : v) {
                x = static_cast<float>(static_cast<double>(x) / norm);
            }
        }
        out.push_back(std::move(v));
    }
    llama_batch_free(batch);
    return out;
}

}  // namespace borough::engine::llama
