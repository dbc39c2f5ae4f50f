#include "actions/document_summary/document_source.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/strings.h"
#include "io/text_document.h"

namespace borough::actions::document_summary {
namespace {

std::string format_of(const std::string& name, const io::TextDocument& doc) {
    const std::string ext = lower_extension(name);
    if (ext == ".pdf") return "pdf";
    if (ext == ".html" || ext == ".htm") return "html";
    if (ext == ".docx") return "docx";
    return doc.is_markdown ? "markdown" : "text";
}

// "§" + the heading as written: council reports number their own sections ("2.1 Housing"), and a
// computed outline number could contradict the one printed in the document.
std::string section_label(const io::Section& s) {
    if (s.title.empty()) return {};
    return "\xC2\xA7" + s.title;
}

// True when the sentence is a heading line of a Markdown (or converted .docx / HTML) text.
bool is_heading_line(std::string_view text, std::size_t begin) {
    std::size_t line = begin == 0 ? 0 : text.rfind('\n', begin - 1);
    line = (line == std::string_view::npos || begin == 0) ? 0 : line + 1;
    const std::size_t i = text.find_first_not_of(" \t", line);
    return i != std::string_view::npos && i <= begin && text[i] == '#';
}

}  // namespace

std::string DocumentSource::reference(std::size_t index) const {
    if (index < sentence_page.size() && sentence_page[index] > 0) return fmt::format("p. {}", sentence_page[index]);
    if (index < sentence_section.size() && sentence_section[index] >= 0) {
        return section_labels[static_cast<std::size_t>(sentence_section[index])];
    }
    return {};
}

std::string DocumentSource::section_title(std::size_t index) const {
    if (index >= sentence_section.size() || sentence_section[index] < 0) return {};
    const std::string& label = section_labels[static_cast<std::size_t>(sentence_section[index])];
    return label.size() > 2 ? label.substr(2) : std::string();  // without the "§"
}

Json DocumentSource::citation(std::size_t index) const {
    const auto& s = source.sentences[index];
    Json c{{"sentence", index + 1}, {"begin", s.begin}, {"end", s.end}};
    if (index < sentence_page.size() && sentence_page[index] > 0) c["page"] = sentence_page[index];
    if (std::string title = section_title(index); !title.empty()) c["section"] = std::move(title);
    if (std::string ref = reference(index); !ref.empty()) c["ref"] = std::move(ref);
    return c;
}

Json DocumentSource::summary() const {
    Json j{{"name", source.name}, {"format", format}, {"sentences", source.sentences.size()}};
    if (page_count > 0) j["pages"] = page_count;
    const auto titled = std::count_if(section_labels.begin(), section_labels.end(),
                                      [](const std::string& l) { return !l.empty(); });
    if (titled > 0) j["sections"] = titled;
    return j;
}

Result<DocumentSource> read_document_source(const ActionInput& input) {
    DocumentSource out;
    out.source.name = input.name;
    io::TextDocument doc;
    const std::string ext = lower_extension(input.name);
    // Text handed over as text (not bytes) is still Markdown when its name says so.
    if (input.is_bytes || ext == ".md" || ext == ".markdown") {
        BOROUGH_TRY(doc, io::parse_text_document(input.content, input.name));
    } else {
        doc.name = input.name;
        doc.text = input.content;
        doc.sections.push_back(io::Section{"", 0, 0, doc.text.size()});
    }
    out.format = format_of(input.name, doc);
    out.source.text = std::move(doc.text);
    out.source.sentences = nlp::split_sentences(out.source.text);
    if (out.source.sentences.empty()) {
        return fail(ErrorCode::InvalidInput, fmt::format("{}: the document has no text to work on", input.name),
                    input.name);
    }
    out.page_count = static_cast<int>(doc.pages.size());
    out.section_labels.reserve(doc.sections.size());
    for (const auto& s : doc.sections) out.section_labels.push_back(section_label(s));

    const auto& sentences = out.source.sentences;
    const std::size_t n = sentences.size();
    out.sentence_page.assign(n, 0);
    out.sentence_section.assign(n, -1);
    out.sentence_is_heading.assign(n, false);
    std::size_t page = 0;
    std::size_t section = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t b = sentences[i].begin;
        // Pages and sections are sorted: advance monotonically (sentences are sorted too).
        while (page + 1 < doc.pages.size() && doc.pages[page].end <= b) ++page;
        if (page < doc.pages.size()) out.sentence_page[i] = doc.pages[page].number;
        // A heading line lies between the previous section's end and its own body: the first section
        // whose end lies after the sentence start is the one it belongs to.
        while (section < doc.sections.size() && doc.sections[section].end <= b) ++section;
        if (section < doc.sections.size() && !out.section_labels[section].empty()) {
            out.sentence_section[i] = static_cast<int>(section);
        }
        out.sentence_is_heading[i] = (out.format != "text" && out.format != "pdf") &&
                                     is_heading_line(out.source.text, b);
    }
    return out;
}

Json sentence_id_schema(std::size_t sentence_count) {
    constexpr std::size_t kMaxEnum = 256;
    if (sentence_count > kMaxEnum) return Json{{"type", "string"}, {"pattern", "^S[1-9][0-9]*$"}};
    Json ids = Json::array();
    for (std::size_t i = 1; i <= sentence_count; ++i) ids.push_back(fmt::format("S{}", i));
    return Json{{"type", "string"}, {"enum", std::move(ids)}};
}

std::string format_citations(const Json& citations) {
    std::string out;
    for (const auto& c : citations) {
        if (!c.is_object() || !c.contains("sentence")) continue;
        out += out.empty() ? "[" : "; ";
        out += fmt::format("S{}", c["sentence"].get<long long>());
        if (auto it = c.find("ref"); it != c.end() && it->is_string()) out += ", " + it->get<std::string>();
    }
    if (!out.empty()) out += "]";
    return out;
}

}  // namespace borough::actions::document_summary
