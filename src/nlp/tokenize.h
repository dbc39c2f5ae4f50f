// Word tokenisation and stop words for the extractive methods (TF-IDF, TextRank, BM25 later).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace borough::nlp {

// Lower-cased word tokens: letters/digits with internal apostrophes or hyphens kept ("council's",
// "follow-up"); UTF-8 letters beyond ASCII are kept as-is (lower-casing ASCII only). Punctuation dropped.
// Also: a curly apostrophe (U+2019) becomes "'", and "." or "," between digits is kept ("2.5m",
// "3.2.1", "1,000"), so amounts and paragraph numbers stay one token.
std::vector<std::string> word_tokens(std::string_view text);

// English stop words (articles, pronouns, auxiliaries, prepositions; a fixed built-in list).
bool is_stopword(std::string_view lower_word);

// word_tokens minus stop words and tokens shorter than 2 bytes.
std::vector<std::string> content_tokens(std::string_view text);

}  // namespace borough::nlp
