// Test helpers shared by this module's tests: tolerant word matching for OCR text (temp folders:
// support/temp_dir.h).
#pragma once

#include <cctype>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/strings.h"

namespace borough::engine::tesseract::testing {

inline std::vector<std::string> lower_words(std::string_view text) {
    std::vector<std::string> words;
    std::string cur;
    for (const char c : text) {
        if (std::isalnum(static_cast<unsigned char>(c)) != 0) {
            cur += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        } else if (!cur.empty()) {
            words.push_back(std::move(cur));
            cur.clear();
        }
    }
    if (!cur.empty()) {
        words.push_back(std::move(cur));
    }
    return words;
}

// The expected words (case-insensitive) missing from `text`, allowing one OCR edit per word.
inline std::vector<std::string> missing_words(std::string_view text, std::string_view expected) {
    const auto got = lower_words(text);
    std::vector<std::string> missing;
    for (const auto& want : lower_words(expected)) {
        const std::size_t allowed = want.size() > 3 ? 1U : 0U;
        bool found = false;
        // A word OCR split in two ("A pil") is matched against the pair joined.
        for (std::size_t i = 0; i < got.size() && !found; ++i) {
            found = borough::edit_distance(got[i], want) <= allowed ||
                    (i + 1 < got.size() && borough::edit_distance(got[i] + got[i + 1], want) <= allowed);
        }
        if (!found) {
            missing.push_back(want);
        }
    }
    return missing;
}

}  // namespace borough::engine::tesseract::testing
