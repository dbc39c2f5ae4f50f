// Quoted speech in council documents for news-angles: the words inside quotation marks and, when the
// text says who spoke ("said Cllr Jane Smith, cabinet member for housing"), the attribution. A speaker is
// never guessed: "she said" leaves it empty.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace borough::actions::news_angles {

struct Quote {
    std::string text;     // the words between the marks, whitespace collapsed
    std::string speaker;  // "Cllr Jane Smith, cabinet member for housing", or "" when not stated
    std::size_t begin = 0;  // byte range of the quoted words (marks excluded) in the text
    std::size_t end = 0;
};

// Quotes of at least `min_words` words in `text`, in order: curly (“ ”) or straight (") double
// quotation marks, not crossing a blank line. Attribution is read from the 160 bytes after the closing
// mark ("..., said Name" / "..., Name said") or the clause before the opening one ("Name said:",
// "According to Name,"). Thread-safe.
[[nodiscard]] std::vector<Quote> find_quotes(std::string_view text, std::size_t min_words = 4);

}  // namespace borough::actions::news_angles
