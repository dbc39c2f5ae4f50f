#include "engine/llama/llama_text_generator.h"

#include <llama.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include "core/json.h"
#include "core/log.h"
#include "engine/llama/bridge.h"
#include "engine/llama/model.h"

namespace borough::engine::llama {
namespace {

constexpr std::string_view kComponent = "llama";
// A schema-constrained output cut by max_tokens is retried once with this many times the budget.
constexpr int kRetryBudgetFactor = 4;

using SteadyClock = std::chrono::steady_clock;

double ms_between(SteadyClock::time_point from, SteadyClock::time_point to) {
    return std::chrono::duration<double, std::milli>(to - from).count();
}

struct SamplerDeleter {
    void operator()(llama_sampler* sampler) const {
        if (sampler != nullptr) {
            llama_sampler_free(sampler);
        }
    }
};
using SamplerPtr = std::unique_ptr<llama_sampler, SamplerDeleter>;

// One request as the owner thread sees it. Everything it needs is copied out of the
// GenerationRequest, so the task never points into the caller's memory.
struct Task {
    std::vector<llama_token> prompt;
    std::vector<std::string> stop;
    std::stop_token cancel;
    int max_tokens = 0;
    bool has_schema = false;
    bool greedy = false;  // temperature 0 (and not reference_sampling): pick() does the argmax itself
    bool retried = false;
    SamplerPtr chain;    // greedy, or temp + dist(seed)
    SamplerPtr grammar;  // null without a schema
    std::function<void(Result<GenerationResult>)> done;
};

// One sequence of the shared KV cache. Owner thread only.
struct Slot {
    llama_seq_id id = 0;
    std::vector<llama_token> cached;  // tokens whose KV is in sequence `id`, positions 0..size-1
    std::optional<Task> task;         // set while the slot serves a request
    std::size_t prompt_pos = 0;       // next prompt token to evaluate
    bool has_pending = false;         // `pending` was sampled but is not in the KV cache yet
    llama_token pending = 0;
    int n_decoded = 0;
    int cached_prompt = 0;
    std::string text;
    std::int32_t i_batch = -1;   // batch row whose logits to sample after this step
    std::size_t n_in_batch = 0;  // tokens this slot put in the current batch
    SteadyClock::time_point t_start;
    SteadyClock::time_point t_first;
};

std::size_t common_prefix(const std::vector<llama_token>& a, const std::vector<llama_token>& b) {
    const std::size_t n = std::min(a.size(), b.size());
    std::size_t i = 0;
    while (i < n && a[i] == b[i]) {
        ++i;
    }
    return i;
}

void batch_add(llama_batch& batch, llama_token token, std::size_t pos, llama_seq_id seq, bool logits) {
    const auto i = static_cast<std::size_t>(batch.n_tokens);
    batch.token[i] = token;
    batch.pos[i] = static_cast<llama_pos>(pos);
    batch.n_seq_id[i] = 1;
    batch.seq_id[i][0] = seq;
    batch.logits[i] = static_cast<std::int8_t>(logits ? 1 : 0);
    ++batch.n_tokens;
}

}  // namespace

class LlamaTextGenerator::Engine {
public:
    Engine(LlamaOptions options, ModelPtr model, ContextPtr ctx, std::unique_ptr<bridge::ChatTemplate> tmpl)
        : options_(std::move(options)),
          model_(std::move(model)),
          chat_template_(std::move(tmpl)),
          ctx_(std::move(ctx)),
          vocab_(llama_model_get_vocab(model_.get())),
          n_ctx_seq_(static_cast<std::size_t>(llama_n_ctx(ctx_.get())) / static_cast<std::size_t>(options_.n_parallel)),
          name_("llama:" + model_file_name(options_.model_path)) {
        slots_.resize(static_cast<std::size_t>(options_.n_parallel));
        for (std::size_t i = 0; i < slots_.size(); ++i) {
            slots_[i].id = static_cast<llama_seq_id>(i);
        }
        thread_ = std::thread([this] { run(); });
    }

    ~Engine() {
        {
            std::lock_guard lock(mutex_);
            stopping_ = true;
        }
        cv_.notify_all();
        thread_.join();
    }
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;
    Engine(Engine&&) = delete;
    Engine& operator=(Engine&&) = delete;

    [[nodiscard]] const std::string& name() const { return name_; }
    [[nodiscard]] int context_tokens() const { return static_cast<int>(n_ctx_seq_); }
    [[nodiscard]] int count_tokens(std::string_view text) const {
        return static_cast<int>(tokenize(vocab_, text, false).size());
    }

    // Caller thread: template, tokens, grammar and samplers. Errors are InvalidInput naming the field.
    [[nodiscard]] Result<Task> prepare(const GenerationRequest& request) const {
        if (request.messages.empty()) {
            return fail(ErrorCode::InvalidInput, "request has no messages", "messages");
        }
        if (request.max_tokens < 1) {
            return fail(ErrorCode::InvalidInput, "max_tokens must be at least 1", "max_tokens");
        }
        if (!(request.temperature >= 0.0F) || !std::isfinite(request.temperature)) {
            return fail(ErrorCode::InvalidInput, "temperature must be a finite number >= 0", "temperature");
        }
        bridge::Messages messages;
        messages.reserve(request.messages.size());
        for (const auto& m : request.messages) {
            messages.emplace_back(m.role, m.content);
        }
        std::string prompt_text;
        std::string error;
        if (!chat_template_->apply(messages, &prompt_text, &error)) {
            return fail(ErrorCode::InvalidInput, error, "messages");
        }
        Task task;
        task.prompt = tokenize(vocab_, prompt_text, true);
        const llama_token bos = llama_vocab_bos(vocab_);
        // Templates that write the BOS text themselves would get a second one from add_special.
        if (task.prompt.size() >= 2 && task.prompt[0] == bos && task.prompt[1] == bos) {
            task.prompt.erase(task.prompt.begin());
        }
        if (task.prompt.empty()) {
            return fail(ErrorCode::InvalidInput, "prompt is empty", "messages");
        }
        if (task.prompt.size() + 1 > n_ctx_seq_) {
            return fail(ErrorCode::InvalidInput,
                        fmt::format("prompt has {} tokens but one sequence holds {} (n_ctx / n_parallel)",
                                    task.prompt.size(), n_ctx_seq_),
                        "messages");
        }
        task.stop = request.stop;
        task.cancel = request.cancel;
        task.max_tokens = request.max_tokens;
        task.has_schema = request.json_schema.has_value();
        if (task.has_schema) {
            BOROUGH_TRY(task.grammar, grammar_sampler(dump_json(*request.json_schema)));
        }
        task.chain.reset(llama_sampler_chain_init(llama_sampler_chain_default_params()));
        task.greedy = request.temperature == 0.0F && !options_.reference_sampling;
        if (request.temperature == 0.0F) {
            llama_sampler_chain_add(task.chain.get(), llama_sampler_init_greedy());
        } else {
            llama_sampler_chain_add(task.chain.get(), llama_sampler_init_temp(request.temperature));
            const auto seed = static_cast<std::uint32_t>((request.seed + options_.seed) & 0xFFFFFFFFU);
            llama_sampler_chain_add(task.chain.get(), llama_sampler_init_dist(seed));
        }
        return task;
    }

    // A fresh grammar sampler for a JSON Schema. Batches send one schema many times (per-row coding), so
    // the parsed grammar is kept and cloned rather than converted and parsed again. Thread-safe.
    [[nodiscard]] Result<SamplerPtr> grammar_sampler(const std::string& schema) const {
        constexpr std::size_t kMaxCachedGrammars = 16;
        std::lock_guard lock(grammar_mutex_);
        for (const auto& [text, proto] : grammar_cache_) {
            if (text == schema) {
                return SamplerPtr(llama_sampler_clone(proto.get()));
            }
        }
        std::string grammar;
        std::string error;
        if (!bridge::json_schema_to_gbnf(schema, &grammar, &error)) {
            return fail(ErrorCode::InvalidInput, error, "json_schema");
        }
        SamplerPtr proto(llama_sampler_init_grammar(vocab_, grammar.c_str(), "root"));
        if (!proto) {
            return fail(ErrorCode::InvalidInput, "llama.cpp rejected the grammar made from the JSON Schema",
                        "json_schema");
        }
        SamplerPtr fresh(llama_sampler_clone(proto.get()));
        if (grammar_cache_.size() == kMaxCachedGrammars) {
            grammar_cache_.erase(grammar_cache_.begin());
        }
        grammar_cache_.emplace_back(schema, std::move(proto));
        return fresh;
    }

    // Thread-safe. Each task's `done` runs exactly once, on the owner thread.
    void submit(std::vector<Task> tasks) {
        {
            std::lock_guard lock(mutex_);
            for (auto& t : tasks) {
                queue_.push_back(std::move(t));
            }
        }
        cv_.notify_one();
    }

private:
    // Owner thread: admit queued tasks into free slots, decode one batch, sample, repeat.
    void run() {
        llama_batch batch = llama_batch_init(options_.n_batch, 0, 1);
        candidates_.resize(static_cast<std::size_t>(llama_vocab_n_tokens(vocab_)));
        while (true) {
            std::vector<Task> admitted;
            std::vector<Task> cancelled;
            {
                std::unique_lock lock(mutex_);
                cv_.wait(lock, [&] { return stopping_ || !queue_.empty() || has_active(); });
                if (stopping_) {
                    break;
                }
                for (auto it = queue_.begin(); it != queue_.end();) {
                    if (it->cancel.stop_requested()) {
                        cancelled.push_back(std::move(*it));
                        it = queue_.erase(it);
                    } else {
                        ++it;
                    }
                }
                std::size_t free_slots = 0;
                for (const auto& s : slots_) {
                    free_slots += s.task ? 0U : 1U;
                }
                while (free_slots > 0 && !queue_.empty() && !should_wait_for_prefix(queue_.front(), admitted)) {
                    admitted.push_back(std::move(queue_.front()));
                    queue_.pop_front();
                    --free_slots;
                }
            }
            for (auto& t : cancelled) {
                t.done(fail(ErrorCode::Cancelled, "generation cancelled before it started"));
            }
            for (auto& t : admitted) {
                admit(std::move(t));
            }
            step(batch);
        }
        for (auto& slot : slots_) {
            if (slot.task) {
                auto done = std::move(slot.task->done);
                slot.task.reset();
                done(fail(ErrorCode::Unavailable, "llama engine is shutting down"));
            }
        }
        std::deque<Task> rest;
        {
            std::lock_guard lock(mutex_);
            rest.swap(queue_);
        }
        for (auto& t : rest) {
            t.done(fail(ErrorCode::Unavailable, "llama engine is shutting down"));
        }
        llama_batch_free(batch);
    }

    // True when a longer prefix of `task`'s prompt is about to be in the KV cache than is there now:
    // a running slot (or a task admitted in this round) is still evaluating it. Waiting a step or two and
    // then copying it (admit) evaluates a batch's shared instructions once instead of once per slot.
    [[nodiscard]] bool should_wait_for_prefix(const Task& task, const std::vector<Task>& admitted) const {
        constexpr std::size_t kMinGain = 64;  // tokens; below this, evaluating them again is cheaper than waiting
        std::size_t cached = 0;
        std::size_t coming = 0;
        for (const auto& s : slots_) {
            cached = std::max(cached, common_prefix(s.cached, task.prompt));
            if (s.task && s.prompt_pos < s.task->prompt.size()) {
                coming = std::max(coming, common_prefix(s.task->prompt, task.prompt));
            }
        }
        for (const auto& t : admitted) {
            coming = std::max(coming, common_prefix(t.prompt, task.prompt));
        }
        return coming > cached + kMinGain;
    }

    [[nodiscard]] bool has_active() const {
        return std::any_of(slots_.begin(), slots_.end(), [](const Slot& s) { return s.task.has_value(); });
    }

    // Puts a task in the free slot that best matches its prompt, reusing the longest cached prefix of
    // any slot (copied within the unified KV cache when it lives in another sequence).
    void admit(Task task) {
        Slot* slot = nullptr;
        std::size_t keep = 0;
        for (auto& s : slots_) {
            if (s.task) {
                continue;
            }
            const std::size_t lcp = common_prefix(s.cached, task.prompt);
            if (slot == nullptr || lcp > keep) {
                slot = &s;
                keep = lcp;
            }
        }
        BOROUGH_ASSERT(slot != nullptr, "admit() needs a free slot");
        const Slot* donor = nullptr;
        for (const auto& s : slots_) {
            if (&s == slot) {
                continue;
            }
            const std::size_t lcp = common_prefix(s.cached, task.prompt);
            if (lcp > keep) {
                donor = &s;
                keep = lcp;
            }
        }
        // At least one prompt token must be evaluated to get logits for the first sample.
        keep = std::min(keep, task.prompt.size() - 1);
        llama_memory_t mem = llama_get_memory(ctx_.get());
        if (donor != nullptr) {
            llama_memory_seq_rm(mem, slot->id, -1, -1);
            llama_memory_seq_cp(mem, donor->id, slot->id, 0, static_cast<llama_pos>(keep));
        } else if (!llama_memory_seq_rm(mem, slot->id, static_cast<llama_pos>(keep), -1)) {
            llama_memory_seq_rm(mem, slot->id, -1, -1);
            keep = 0;
        }
        slot->cached.assign(task.prompt.begin(), task.prompt.begin() + static_cast<std::ptrdiff_t>(keep));
        slot->prompt_pos = keep;
        slot->cached_prompt = static_cast<int>(keep);
        slot->has_pending = false;
        slot->n_decoded = 0;
        slot->text.clear();
        slot->i_batch = -1;
        slot->n_in_batch = 0;
        slot->t_start = SteadyClock::now();
        slot->t_first = slot->t_start;
        slot->task = std::move(task);
        BOROUGH_LOG_DEBUG(kComponent, "slot {} admitted: prompt {} tokens, {} reused{}", slot->id,
                          slot->task->prompt.size(), keep, donor != nullptr ? " (copied)" : "");
    }

    void step(llama_batch& batch) {
        batch.n_tokens = 0;
        const auto capacity = static_cast<std::size_t>(options_.n_batch);
        for (auto& slot : slots_) {
            if (slot.task && slot.task->cancel.stop_requested()) {
                finish(slot,
                       fail(ErrorCode::Cancelled, fmt::format("generation cancelled after {} tokens", slot.n_decoded)));
            }
        }
        for (auto& slot : slots_) {
            if (!slot.task || !slot.has_pending) {
                continue;
            }
            slot.i_batch = batch.n_tokens;
            batch_add(batch, slot.pending, slot.cached.size(), slot.id, true);
            slot.n_in_batch = 1;
        }
        for (auto& slot : slots_) {
            if (!slot.task || slot.has_pending) {
                continue;
            }
            const auto& prompt = slot.task->prompt;
            const std::size_t room = capacity - static_cast<std::size_t>(batch.n_tokens);
            const std::size_t n = std::min(prompt.size() - slot.prompt_pos, room);
            for (std::size_t k = 0; k < n; ++k) {
                const std::size_t idx = slot.prompt_pos + k;
                const bool last = idx + 1 == prompt.size();
                if (last) {
                    slot.i_batch = batch.n_tokens;
                }
                batch_add(batch, prompt[idx], slot.cached.size() + k, slot.id, last);
            }
            slot.n_in_batch = n;
        }
        if (batch.n_tokens == 0) {
            return;
        }
        const std::int32_t rc = llama_decode(ctx_.get(), batch);
        if (rc != 0) {
            for (auto& slot : slots_) {
                if (slot.n_in_batch == 0) {
                    continue;
                }
                llama_memory_seq_rm(llama_get_memory(ctx_.get()), slot.id, -1, -1);
                slot.cached.clear();
                finish(slot, fail(rc == 1 ? ErrorCode::ResourceExhausted : ErrorCode::Internal,
                                  fmt::format("llama_decode failed with code {} (KV cache full?)", rc)));
            }
            return;
        }
        for (auto& slot : slots_) {
            if (slot.n_in_batch == 0) {
                continue;
            }
            if (slot.has_pending) {
                slot.cached.push_back(slot.pending);
                slot.has_pending = false;
            } else {
                const auto& prompt = slot.task->prompt;
                const auto from = prompt.begin() + static_cast<std::ptrdiff_t>(slot.prompt_pos);
                slot.cached.insert(slot.cached.end(), from, from + static_cast<std::ptrdiff_t>(slot.n_in_batch));
                slot.prompt_pos += slot.n_in_batch;
            }
            slot.n_in_batch = 0;
            if (slot.i_batch >= 0) {
                const std::int32_t row = slot.i_batch;
                slot.i_batch = -1;
                sample(slot, row);
            }
        }
    }

    // Picks the next token. With a grammar, the unconstrained choice is tried first and the grammar is
    // applied to the whole vocabulary only when it forbids that choice (as llama.cpp's common_sampler);
    // greedy requests skip even that (constrained_argmax).
    llama_token pick(Task& task, std::int32_t row) {
        const float* logits = llama_get_logits_ith(ctx_.get(), row);
        if (task.greedy) {
            llama_token token = argmax(logits);
            if (task.grammar && !is_allowed(task.grammar.get(), token)) {
                if (const auto best = constrained_argmax(task.grammar.get(), logits)) {
                    token = *best;
                } else {
                    token = pick_full(task, logits);
                }
            }
            if (task.grammar) {
                llama_sampler_accept(task.grammar.get(), token);
            }
            llama_sampler_accept(task.chain.get(), token);
            return token;
        }
        llama_token token = pick_full(task, logits);
        if (task.grammar) {
            llama_sampler_accept(task.grammar.get(), token);
        }
        llama_sampler_accept(task.chain.get(), token);
        return token;
    }

    // The sampler chain over the whole vocabulary, with the grammar applied first when it rejects the
    // chain's own choice. Accepts nothing.
    llama_token pick_full(Task& task, const float* logits) {
        const std::size_t n_vocab = candidates_.size();
        llama_token_data* data = candidates_.data();
        auto fill = [&] {
            for (std::size_t i = 0; i < n_vocab; ++i) {
                data[i].id = static_cast<llama_token>(i);
                data[i].logit = logits[i];
                data[i].p = 0.0F;
            }
            return llama_token_data_array{data, n_vocab, -1, false};
        };
        llama_token_data_array cur = fill();
        llama_sampler_apply(task.chain.get(), &cur);
        llama_token token = cur.data[cur.selected].id;
        if (task.grammar && !is_allowed(task.grammar.get(), token)) {
            cur = fill();
            llama_sampler_apply(task.grammar.get(), &cur);
            llama_sampler_apply(task.chain.get(), &cur);
            token = cur.data[cur.selected].id;
        }
        return token;
    }

    // Highest logit, ties to the lower id (as llama.cpp's greedy sampler over the vocabulary in id order).
    [[nodiscard]] llama_token argmax(const float* logits) const {
        const std::size_t n_vocab = candidates_.size();
        std::size_t best = 0;
        for (std::size_t i = 1; i < n_vocab; ++i) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return static_cast<llama_token>(best);
    }

    static bool is_allowed(llama_sampler* grammar, llama_token token) {
        llama_token_data single{token, 1.0F, 0.0F};
        llama_token_data_array one{&single, 1, -1, false};
        llama_sampler_apply(grammar, &one);
        return !std::isinf(single.logit);
    }

    // The greedy token under a grammar without running the grammar over the whole vocabulary (which
    // decodes every token's text, one allocation each): the grammar is applied to the best candidates
    // first, in order, and the first it allows is the answer; only if none of the best kTopWide is
    // allowed does it look at the rest. Same token as grammar-over-everything + greedy. Empty when the
    // grammar allows nothing at all.
    std::optional<llama_token> constrained_argmax(llama_sampler* grammar, const float* logits) {
        constexpr std::size_t kTopNarrow = 32;
        constexpr std::size_t kTopWide = 4096;
        const std::size_t n_vocab = candidates_.size();
        const auto better = [](const llama_token_data& a, const llama_token_data& b) {
            return a.logit > b.logit || (a.logit == b.logit && a.id < b.id);
        };
        const auto first_allowed = [&](llama_token_data* from, std::size_t n) -> std::optional<llama_token> {
            llama_token_data_array arr{from, n, -1, false};
            llama_sampler_apply(grammar, &arr);
            for (std::size_t i = 0; i < n; ++i) {
                if (!std::isinf(from[i].logit)) {
                    return from[i].id;
                }
            }
            return std::nullopt;
        };
        // 1. The best kTopNarrow by a heap scan (front = worst kept): one compare per token.
        top_.clear();
        for (std::size_t i = 0; i < n_vocab; ++i) {
            const llama_token_data c{static_cast<llama_token>(i), logits[i], 0.0F};
            if (top_.size() < kTopNarrow) {
                top_.push_back(c);
                std::push_heap(top_.begin(), top_.end(), better);
            } else if (better(c, top_.front())) {
                std::pop_heap(top_.begin(), top_.end(), better);
                top_.back() = c;
                std::push_heap(top_.begin(), top_.end(), better);
            }
        }
        std::sort_heap(top_.begin(), top_.end(), better);
        if (auto t = first_allowed(top_.data(), top_.size())) {
            return t;
        }
        // 2. The next best up to kTopWide, in chunks so a hit stops early.
        llama_token_data* data = candidates_.data();
        for (std::size_t i = 0; i < n_vocab; ++i) {
            data[i] = {static_cast<llama_token>(i), logits[i], 0.0F};
        }
        const std::size_t wide = std::min(kTopWide, n_vocab);
        std::nth_element(data, data + wide, data + n_vocab, better);
        std::sort(data, data + wide, better);
        for (std::size_t from = kTopNarrow; from < wide; from += 512) {
            if (auto t = first_allowed(data + from, std::min<std::size_t>(512, wide - from))) {
                return t;
            }
        }
        // 3. Everything else.
        if (wide == n_vocab) {
            return std::nullopt;
        }
        llama_token_data* rest = data + wide;
        const std::size_t n_rest = n_vocab - wide;
        llama_token_data_array arr{rest, n_rest, -1, false};
        llama_sampler_apply(grammar, &arr);
        const llama_token_data* best = nullptr;
        for (std::size_t i = 0; i < n_rest; ++i) {
            if (!std::isinf(rest[i].logit) && (best == nullptr || better(rest[i], *best))) {
                best = &rest[i];
            }
        }
        return best != nullptr ? std::optional<llama_token>(best->id) : std::nullopt;
    }

    void sample(Slot& slot, std::int32_t row) {
        if (slot.n_decoded == 0) {
            slot.t_first = SteadyClock::now();
        }
        Task& task = *slot.task;
        const llama_token token = pick(task, row);
        if (llama_vocab_is_eog(vocab_, token)) {
            finish(slot, FinishReason::Stop);
            return;
        }
        ++slot.n_decoded;
        const std::size_t old_size = slot.text.size();
        slot.text += token_piece(vocab_, token);
        for (const auto& stop : task.stop) {
            if (stop.empty()) {
                continue;
            }
            const std::size_t from = old_size >= stop.size() ? old_size - stop.size() + 1 : 0;
            const std::size_t at = slot.text.find(stop, from);
            if (at != std::string::npos) {
                slot.text.resize(at);
                finish(slot, FinishReason::Stop);
                return;
            }
        }
        if (slot.n_decoded >= task.max_tokens || slot.cached.size() + 1 >= n_ctx_seq_) {
            finish(slot, FinishReason::Length);
            return;
        }
        slot.pending = token;
        slot.has_pending = true;
    }

    void finish(Slot& slot, FinishReason reason) {
        const auto now = SteadyClock::now();
        Task& task = *slot.task;
        GenerationResult result;
        result.text = slot.text;
        result.prompt_tokens = static_cast<int>(task.prompt.size());
        result.cached_prompt_tokens = slot.cached_prompt;
        result.completion_tokens = slot.n_decoded;
        result.prompt_ms = ms_between(slot.t_start, slot.t_first);
        result.generation_ms = ms_between(slot.t_first, now);
        result.finish_reason = reason;
        result.model = name_;
        if (task.has_schema) {
            auto parsed = parse_json(result.text, "model output");
            if (!parsed) {
                if (reason == FinishReason::Length) {
                    const int budget = std::min(task.max_tokens * kRetryBudgetFactor,
                                                static_cast<int>(n_ctx_seq_ - task.prompt.size()) - 1);
                    if (!task.retried && budget > task.max_tokens) {
                        BOROUGH_LOG_DEBUG(kComponent, "slot {}: JSON cut at {} tokens, retrying with {}", slot.id,
                                          slot.n_decoded, budget);
                        Task again = std::move(task);
                        again.retried = true;
                        again.max_tokens = budget;
                        llama_sampler_reset(again.chain.get());
                        llama_sampler_reset(again.grammar.get());
                        slot.task.reset();
                        slot.has_pending = false;
                        {
                            std::lock_guard lock(mutex_);
                            queue_.push_front(std::move(again));
                        }
                        return;
                    }
                    finish(slot, fail(ErrorCode::ModelOutputInvalid,
                                      fmt::format("model output was cut at {} tokens before the JSON was "
                                                  "complete; raise max_tokens",
                                                  slot.n_decoded),
                                      "max_tokens"));
                    return;
                }
                finish(slot, fail(ErrorCode::ModelOutputInvalid,
                                  "model output is not valid JSON: " + parsed.error().message, "json_schema"));
                return;
            }
            result.json = std::move(parsed).value();
        }
        finish(slot, Result<GenerationResult>(std::move(result)));
    }

    void finish(Slot& slot, Result<GenerationResult> result) {
        auto done = std::move(slot.task->done);
        BOROUGH_LOG_DEBUG(kComponent, "slot {} finished: {} tokens{}", slot.id, slot.n_decoded,
                          result ? "" : ", error");
        slot.task.reset();
        slot.has_pending = false;
        slot.i_batch = -1;
        slot.n_in_batch = 0;
        done(std::move(result));
    }

    const LlamaOptions options_;
    ModelPtr model_;
    std::unique_ptr<bridge::ChatTemplate> chat_template_;
    ContextPtr ctx_;
    const llama_vocab* vocab_;
    const std::size_t n_ctx_seq_;
    const std::string name_;

    mutable std::mutex grammar_mutex_;  // guards grammar_cache_
    mutable std::vector<std::pair<std::string, SamplerPtr>> grammar_cache_;  // schema text → unused prototype

    std::mutex mutex_;  // guards queue_ and stopping_
    std::condition_variable cv_;
    std::deque<Task> queue_;
    bool stopping_ = false;

    std::vector<Slot> slots_;                   // owner thread only
    std::vector<llama_token_data> candidates_;  // owner thread only
    std::vector<llama_token_data> top_;         // owner thread only (constrained_argmax)
    std::thread thread_;
};

Result<std::unique_ptr<LlamaTextGenerator>> LlamaTextGenerator::create(const LlamaOptions& options) {
    if (options.n_parallel < 1 || options.n_parallel > 64) {
        return fail(ErrorCode::InvalidInput, "n_parallel must be between 1 and 64", "n_parallel");
    }
    if (options.n_batch < options.n_parallel) {
        return fail(ErrorCode::InvalidInput, "n_batch must be at least n_parallel", "n_batch");
    }
    if (options.n_ctx < 16 * options.n_parallel) {
        return fail(ErrorCode::InvalidInput, "n_ctx must give each sequence at least 16 tokens", "n_ctx");
    }
    if (options.n_threads < 0) {
        return fail(ErrorCode::InvalidInput, "n_threads must be >= 0", "n_threads");
    }
    BOROUGH_TRY(ModelPtr model, load_model(options.model_path));
    std::string error;
    auto tmpl = bridge::ChatTemplate::create(model.get(), &error);
    if (!tmpl) {
        return fail(ErrorCode::InvalidInput, options.model_path + ": " + error, "model_path");
    }

    const int threads =
        options.n_threads > 0 ? options.n_threads : static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
    llama_context_params params = llama_context_default_params();
    params.n_ctx = static_cast<std::uint32_t>(options.n_ctx);
    params.n_batch = static_cast<std::uint32_t>(options.n_batch);
    params.n_ubatch = static_cast<std::uint32_t>(options.n_batch);
    params.n_seq_max = static_cast<std::uint32_t>(options.n_parallel);
    params.n_threads = threads;
    params.n_threads_batch = threads;
    params.kv_unified = true;  // sequences share prefix cells (llama_memory_seq_cp)
    params.no_perf = true;
    ContextPtr ctx(llama_init_from_model(model.get(), params));
    if (!ctx) {
        return fail(ErrorCode::InvalidInput,
                    "could not create a llama context for " + options.model_path + " (n_ctx too large?)", "n_ctx");
    }
    BOROUGH_LOG_INFO(kComponent, "loaded {} (n_ctx {}, {} sequences, {} threads)", model_file_name(options.model_path),
                     llama_n_ctx(ctx.get()), options.n_parallel, threads);
    auto engine = std::make_unique<Engine>(options, std::move(model), std::move(ctx), std::move(tmpl));
    return std::unique_ptr<LlamaTextGenerator>(new LlamaTextGenerator(std::move(engine)));
}

LlamaTextGenerator::LlamaTextGenerator(std::unique_ptr<Engine> engine) : engine_(std::move(engine)) {}
LlamaTextGenerator::~LlamaTextGenerator() = default;

std::string LlamaTextGenerator::name() const { return engine_->name(); }
int LlamaTextGenerator::context_tokens() const { return engine_->context_tokens(); }
int LlamaTextGenerator::count_tokens(std::string_view text) const { return engine_->count_tokens(text); }

Result<GenerationResult> LlamaTextGenerator::generate(const GenerationRequest& request) {
    BOROUGH_TRY(Task task, engine_->prepare(request));
    std::promise<Result<GenerationResult>> promise;
    auto future = promise.get_future();
    task.done = [&promise](Result<GenerationResult> result) { promise.set_value(std::move(result)); };
    std::vector<Task> tasks;
    tasks.push_back(std::move(task));
    engine_->submit(std::move(tasks));
    return future.get();
}

void LlamaTextGenerator::generate_batch(std::span<const GenerationRequest> requests, const BatchCallback& on_result) {
    std::mutex mutex;
    std::condition_variable cv;
    std::size_t remaining = 0;
    std::vector<Task> tasks;
    for (std::size_t i = 0; i < requests.size(); ++i) {
        auto task = engine_->prepare(requests[i]);
        if (!task) {
            on_result(i, fail(std::move(task).error()));
            continue;
        }
        task->done = [&, i](Result<GenerationResult> result) {
            on_result(i, std::move(result));
            std::lock_guard lock(mutex);
            if (--remaining == 0) {
                cv.notify_all();
            }
        };
        tasks.push_back(std::move(task).value());
    }
    if (tasks.empty()) {
        return;
    }
    remaining = tasks.size();
    engine_->submit(std::move(tasks));
    std::unique_lock lock(mutex);
    cv.wait(lock, [&] { return remaining == 0; });
}

}  // namespace borough::engine::llama
