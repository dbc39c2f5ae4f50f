#include "engine/text_generator.h"

namespace borough::engine {

std::string_view to_string(FinishReason reason) {
    switch (reason) {
        case FinishReason::Stop: return "stop";
        case FinishReason::Length: return "length";
        case FinishReason::Cancelled: return "cancelled";
    }
    return "stop";
}

void TextGenerator::generate_batch(std::span<const GenerationRequest> requests, const BatchCallback& on_result) {
    for (std::size_t i = 0; i < requests.size(); ++i) on_result(i, generate(requests[i]));
}

int TextGenerator::count_tokens(std::string_view text) const {
    return static_cast<int>((text.size() + 3) / 4);
}

}  // namespace borough::engine
