// Teams transcript .docx exports. Two layouts are read, both through the line rules of plain text:
//   current Teams: "Name   0:03" (or "Name 1:02:03") then the text, in one paragraph (line break)
//   or two; older Teams/Stream: "0:0:3.120 --> 0:0:8.400", the name, the text.
// Turn::line is the paragraph number.
#include <algorithm>
#include <string>

#include "io/docx_text.h"
#include "io/transcript_parse.h"

namespace borough::io::detail {

Status parse_docx_transcript(std::string_view bytes, TranscriptDraft& draft) {
    BOROUGH_TRY(const std::vector<DocxParagraph> paragraphs, docx_paragraphs(bytes, draft.where));
    // Word often separates the name and the time with no-break spaces; the line rules need ASCII.
    std::vector<std::string> texts;
    texts.reserve(paragraphs.size());
    for (const DocxParagraph& p : paragraphs) {
        std::string t;
        t.reserve(p.text.size());
        for (std::size_t i = 0; i < p.text.size(); ++i) {
            if (p.text[i] == '\xC2' && i + 1 < p.text.size() && p.text[i + 1] == '\xA0') {
                t += ' ';
                ++i;
            } else {
                t += p.text[i];
            }
        }
        texts.push_back(std::move(t));
    }
    std::vector<SourceLine> lines;
    lines.reserve(paragraphs.size() * 3);
    for (std::size_t n = 0; n < paragraphs.size(); ++n) {
        const DocxParagraph& p = paragraphs[n];
        const std::string_view text = texts[n];
        std::size_t begin = 0;
        while (begin <= text.size()) {
            const std::size_t end = std::min(text.find('\n', begin), text.size());
            lines.push_back(SourceLine{text.substr(begin, end - begin), p.index});
            begin = end + 1;
        }
        lines.push_back(SourceLine{{}, p.index});  // a paragraph break ends an unnamed turn
    }
    parse_lines(lines, draft);
    return {};
}

}  // namespace borough::io::detail
