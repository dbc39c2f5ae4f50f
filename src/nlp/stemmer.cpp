#include "nlp/stemmer.h"

#include <libstemmer.h>

#include <climits>

namespace borough::nlp {

Result<std::unique_ptr<Stemmer>> Stemmer::create() {
    sb_stemmer* stemmer = sb_stemmer_new("english", "UTF_8");
    if (stemmer == nullptr) {
        return fail(ErrorCode::Unavailable, "libstemmer could not create the English Snowball stemmer", "stemmer");
    }
    return std::unique_ptr<Stemmer>(new Stemmer(stemmer));
}

Stemmer::~Stemmer() { sb_stemmer_delete(stemmer_); }

std::string_view Stemmer::stem(std::string_view lower_word) {
    if (lower_word.size() > static_cast<std::size_t>(INT_MAX)) {
        return lower_word;
    }
    // sb_symbol is unsigned char: the bytes are the same, only the pointer type differs.
    const auto* in = reinterpret_cast<const sb_symbol*>(lower_word.data());
    const sb_symbol* out = sb_stemmer_stem(stemmer_, in, static_cast<int>(lower_word.size()));
    if (out == nullptr) {
        return lower_word;
    }
    const int length = sb_stemmer_length(stemmer_);
    return {reinterpret_cast<const char*>(out), static_cast<std::size_t>(length)};
}

}  // namespace borough::nlp
