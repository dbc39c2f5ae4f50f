// Language identification for short survey answers, so non-English answers are reported instead of
// being themed as English. Script first, then common-word profiles for the languages UK councils see.
#pragma once

#include <string>
#include <string_view>

namespace borough::nlp {

struct LanguageGuess {
    // ISO 639-1 code. Latin-script profiles: "en", "cy" (Welsh), "pl", "ro", "es", "fr", "de", "pt",
    // "it", "lt", "so". By script: "ar", "ur", "fa", "bn", "pa", "gu", "hi", "ta", "ru", "uk", "el",
    // "he", "zh", "ja", "ko", "th", "am" (Ethiopic: Amharic or Tigrinya). "und" when there is too little
    // to decide (fewer than 3 Latin words, or no profile word at all); callers treat "und" as English.
    std::string code;
    double confidence = 0;  // heuristic in [0, 1]; not a calibrated probability
};

// Pure and thread-safe. Never reports a foreign language for English with typos or slang: a Latin-
// script answer is only foreign when its profile clearly outscores English (see language.cpp).
LanguageGuess detect_language(std::string_view text);

}  // namespace borough::nlp
