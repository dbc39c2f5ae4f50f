// Sentence segmentation for English prose (council reports, minutes, survey answers). Offsets are byte
// offsets into the source text, so citations can point back at the exact span.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace borough::nlp {

struct Sentence {
    std::size_t begin = 0;  // byte offset of the first character in the source text
    std::size_t end = 0;    // one past the last byte (trailing whitespace excluded)
    std::string text;       // the sentence with internal whitespace runs collapsed to one space
};

// Splits on . ! ? (and ellipses, closing quotes/brackets) followed by whitespace and an upper-case letter,
// digit or quote, and always at blank lines and list-item / heading line starts. Does not split after
// common abbreviations (Mr, Mrs, Ms, Dr, Cllr, St, e.g., i.e., etc., No., approx., cf.), initials ("J. Smith"),
// decimals ("2.5") or section numbers ("3.2.1"). Empty input gives no sentences.
std::vector<Sentence> split_sentences(std::string_view text);

}  // namespace borough::nlp
