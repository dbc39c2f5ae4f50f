// Snowball English stemmer (Debian libstemmer) behind a small RAII wrapper, so that libstemmer.h stays
// inside stemmer.cpp. Used by the theme features ("repairs", "repaired" -> "repair").
#pragma once

#include <memory>
#include <string_view>

#include "core/result.h"

struct sb_stemmer;

namespace borough::nlp {

class Stemmer {
public:
    // English Snowball stemmer over UTF-8. Fails with Unavailable when libstemmer cannot create it.
    [[nodiscard]] static Result<std::unique_ptr<Stemmer>> create();
    ~Stemmer();
    Stemmer(const Stemmer&) = delete;
    Stemmer& operator=(const Stemmer&) = delete;
    Stemmer(Stemmer&&) = delete;
    Stemmer& operator=(Stemmer&&) = delete;

    // Stem of one lower-cased word. NOT thread-safe (libstemmer keeps state): one Stemmer per thread.
    // The returned view points into the stemmer's buffer and is valid until the next call. A word the
    // stemmer cannot handle (allocation failure) is returned unchanged.
    std::string_view stem(std::string_view lower_word);

private:
    explicit Stemmer(sb_stemmer* stemmer) : stemmer_(stemmer) {}
    sb_stemmer* stemmer_;
};

}  // namespace borough::nlp
