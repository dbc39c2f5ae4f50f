#include "io/text_document.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "core/file.h"
#include "core/strings.h"
#include "io/docx_text.h"
#include "io/html_text.h"
#include "io/pdf_text.h"

namespace borough::io {
namespace {

constexpr std::string_view kSupported = ".txt, .md, .markdown, .docx, .pdf, .html, .htm";

// Whether `name` is Markdown (true) or plain text (false), by its extension (case-insensitive).
Result<bool> is_markdown_name(const std::string& name, const std::string& where) {
    const std::string ext = lower_extension(name);
    if (ext == ".txt") {
        return false;
    }
    if (ext == ".md" || ext == ".markdown") {
        return true;
    }
    if (ext.empty()) {
        return fail(ErrorCode::InvalidInput,
                    fmt::format("{}: has no file extension (supported: {})", where, kSupported), where);
    }
    return fail(ErrorCode::InvalidInput,
                fmt::format("{}: unsupported file type '{}' (supported: {})", where, ext, kSupported), where);
}

// CRLF and lone CR (old Mac files) become LF.
std::string normalise_newlines(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\r') {
            out += '\n';
            if (i + 1 < text.size() && text[i + 1] == '\n') {
                ++i;
            }
        } else {
            out += text[i];
        }
    }
    return out;
}

// Only ASCII whitespace, NBSP, zero-width space and zero-width no-break space (stray BOMs).
bool is_blank(std::string_view text) {
    constexpr std::array<std::string_view, 3> kInvisible = {"\xC2\xA0", "\xE2\x80\x8B", "\xEF\xBB\xBF"};
    std::size_t i = 0;
    while (i < text.size()) {
        const char c = text[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
            ++i;
            continue;
        }
        const auto* match = std::find_if(kInvisible.begin(), kInvisible.end(),
                                         [&](std::string_view s) { return text.substr(i, s.size()) == s; });
        if (match == kInvisible.end()) {
            return false;
        }
        i += match->size();
    }
    return true;
}

bool is_space_or_tab(char c) { return c == ' ' || c == '\t'; }

std::string_view trim(std::string_view s) {
    while (!s.empty() && is_space_or_tab(s.front())) {
        s.remove_prefix(1);
    }
    while (!s.empty() && is_space_or_tab(s.back())) {
        s.remove_suffix(1);
    }
    return s;
}

// Sets `rest` to the line without up to three leading spaces; false when indented 4+ (code block).
bool strip_indent(std::string_view line, std::string_view& rest) {
    std::size_t spaces = 0;
    while (spaces < line.size() && line[spaces] == ' ') {
        ++spaces;
    }
    if (spaces > 3) {
        return false;
    }
    rest = line.substr(spaces);
    return true;
}

struct Fence {
    char ch = 0;
    std::size_t length = 0;
};

// A run of 3+ backticks or tildes at the start of `rest`, or {0, 0}.
Fence fence_at(std::string_view rest) {
    if (rest.empty() || (rest[0] != '`' && rest[0] != '~')) {
        return {};
    }
    std::size_t n = 0;
    while (n < rest.size() && rest[n] == rest[0]) {
        ++n;
    }
    if (n < 3) {
        return {};
    }
    return {rest[0], n};
}

struct Heading {
    std::string title;
    int level = 0;
    std::size_t line_begin = 0;  // where the heading (its first line) starts
    std::size_t body_begin = 0;  // just after the heading's last line
};

// ATX heading level (1-6) and title, or level 0.
int atx_heading(std::string_view rest, std::string_view& title) {
    std::size_t hashes = 0;
    while (hashes < rest.size() && rest[hashes] == '#') {
        ++hashes;
    }
    if (hashes == 0 || hashes > 6) {
        return 0;
    }
    if (hashes < rest.size() && !is_space_or_tab(rest[hashes])) {
        return 0;
    }
    std::string_view t = trim(rest.substr(hashes));
    // Closing sequence: trailing #s preceded by a space (or the whole title).
    std::size_t k = t.size();
    while (k > 0 && t[k - 1] == '#') {
        --k;
    }
    if (k == 0) {
        t = {};
    } else if (k < t.size() && is_space_or_tab(t[k - 1])) {
        t = trim(t.substr(0, k));
    }
    title = t;
    return static_cast<int>(hashes);
}

// Setext underline of 3+ '=' (level 1) or '-' (level 2), trailing spaces allowed; else 0.
int setext_level(std::string_view rest) {
    const std::string_view t = trim(rest);
    if (t.size() < 3 || (t[0] != '=' && t[0] != '-')) {
        return 0;
    }
    if (!std::all_of(t.begin(), t.end(), [&](char c) { return c == t[0]; })) {
        return 0;
    }
    return t[0] == '=' ? 1 : 2;
}

bool is_list_item_start(std::string_view rest) {
    if (rest.size() >= 2 && (rest[0] == '-' || rest[0] == '*' || rest[0] == '+') && is_space_or_tab(rest[1])) {
        return true;
    }
    std::size_t d = 0;
    while (d < rest.size() && rest[d] >= '0' && rest[d] <= '9') {
        ++d;
    }
    return d > 0 && d + 1 < rest.size() && (rest[d] == '.' || rest[d] == ')') && is_space_or_tab(rest[d + 1]);
}

std::vector<Heading> find_headings(std::string_view text) {
    std::vector<Heading> headings;
    Fence open_fence;
    bool previous_is_paragraph = false;  // the previous line could be a setext title
    std::size_t previous_begin = 0;
    std::string_view previous_line;
    std::size_t b = 0;
    while (b < text.size()) {
        std::size_t e = text.find('\n', b);
        if (e == std::string_view::npos) {
            e = text.size();
        }
        const std::size_t next = e < text.size() ? e + 1 : e;
        const std::string_view line = text.substr(b, e - b);
        std::string_view rest;
        const bool shallow = strip_indent(line, rest);
        bool paragraph = false;
        if (open_fence.ch != 0) {
            const Fence close = shallow ? fence_at(rest) : Fence{};
            if (close.ch == open_fence.ch && close.length >= open_fence.length &&
                trim(rest.substr(close.length)).empty()) {
                open_fence = {};
            }
        } else if (const Fence fence = shallow ? fence_at(rest) : Fence{}; fence.ch != 0) {
            open_fence = fence;
        } else if (trim(line).empty()) {
            // blank line ends a paragraph
        } else {
            std::string_view title;
            const int atx = shallow ? atx_heading(rest, title) : 0;
            const int setext = shallow && previous_is_paragraph ? setext_level(rest) : 0;
            if (atx != 0) {
                headings.push_back(Heading{std::string(title), atx, b, next});
            } else if (setext != 0) {
                headings.push_back(Heading{std::string(trim(previous_line)), setext, previous_begin, next});
            } else {
                paragraph = !(shallow && is_list_item_start(rest));
            }
        }
        previous_is_paragraph = paragraph;
        previous_begin = b;
        previous_line = line;
        b = next;
    }
    return headings;
}

std::vector<Section> markdown_sections(std::string_view text) {
    const std::vector<Heading> headings = find_headings(text);
    std::vector<Section> sections;
    const std::size_t lead_end = headings.empty() ? text.size() : headings.front().line_begin;
    if (headings.empty() || !is_blank(text.substr(0, lead_end))) {
        sections.push_back(Section{"", 0, 0, lead_end});
    }
    for (std::size_t k = 0; k < headings.size(); ++k) {
        const std::size_t end = k + 1 < headings.size() ? headings[k + 1].line_begin : text.size();
        sections.push_back(Section{headings[k].title, headings[k].level, std::min(headings[k].body_begin, end), end});
    }
    return sections;
}

Result<TextDocument> parse(std::string_view bytes, std::string name, const std::string& where) {
    BOROUGH_TRY(const bool markdown, is_markdown_name(name, where));
    if (bytes.empty()) {
        return fail(ErrorCode::InvalidInput, fmt::format("{}: file is empty", where), where);
    }
    if (bytes.size() > kMaxTextDocumentBytes) {
        return fail(
            ErrorCode::ResourceExhausted,
            fmt::format("{}: {} bytes is over the limit of {} bytes", where, bytes.size(), kMaxTextDocumentBytes),
            where);
    }
    BOROUGH_TRY(DecodedText decoded, decode_text(bytes, where));
    TextDocument doc;
    doc.name = std::move(name);
    doc.text = normalise_newlines(decoded.text);
    doc.is_markdown = markdown;
    doc.encoding = decoded.encoding;
    if (is_blank(doc.text)) {
        return fail(ErrorCode::InvalidInput, fmt::format("{}: contains no text", where), where);
    }
    if (markdown) {
        doc.sections = markdown_sections(doc.text);
    } else {
        doc.sections.push_back(Section{"", 0, 0, doc.text.size()});
    }
    return doc;
}

bool is_docx_name(const std::string& name) { return lower_extension(name) == ".docx"; }

// A Word document as Markdown text: "heading N" (and Title) paragraphs become "#"-headings, so the
// sections and sentence offsets work as for a .md file; table rows keep their " | " joins.
Result<TextDocument> parse_docx(std::string_view bytes, std::string name, const std::string& where) {
    if (bytes.size() > kMaxTextDocumentBytes) {
        return fail(
            ErrorCode::ResourceExhausted,
            fmt::format("{}: {} bytes is over the limit of {} bytes", where, bytes.size(), kMaxTextDocumentBytes),
            where);
    }
    BOROUGH_TRY(const auto paragraphs, docx_paragraphs(bytes, where));
    std::string markdown;
    for (const auto& p : paragraphs) {
        const std::string style = ascii_lower(p.style);
        int level = 0;
        if (style == "title") level = 1;
        if (style.starts_with("heading") && style.size() > 7) {
            const char d = style.back();
            if (d >= '1' && d <= '6') level = d - '0';
        }
        std::string text = p.text;
        std::replace(text.begin(), text.end(), '\n', ' ');
        if (level > 0) markdown += std::string(static_cast<std::size_t>(level), '#') + " ";
        markdown += text + "\n\n";
    }
    std::string md_name = name + ".md";  // decides Markdown parsing; the document keeps its own name
    BOROUGH_TRY(auto doc, parse(markdown, md_name, where));
    doc.name = std::move(name);
    return doc;
}

bool is_html_name(const std::string& name) {
    const std::string ext = lower_extension(name);
    return ext == ".html" || ext == ".htm";
}

bool is_pdf_name(const std::string& name) { return lower_extension(name) == ".pdf"; }

// Headings as "#" lines, as for .docx, so sections and offsets work as for a .md file.
Result<TextDocument> parse_html(std::string_view bytes, std::string name, const std::string& where) {
    BOROUGH_TRY(const auto blocks, html_blocks(bytes, where));
    std::string markdown;
    for (const auto& b : blocks) {
        if (b.level > 0) markdown += std::string(static_cast<std::size_t>(b.level), '#') + " ";
        markdown += b.text + "\n\n";
    }
    if (markdown.empty()) return fail(ErrorCode::InvalidInput, fmt::format("{}: contains no text", where), where);
    std::string md_name = name + ".md";
    BOROUGH_TRY(auto doc, parse(markdown, md_name, where));
    doc.name = std::move(name);
    return doc;
}

Result<TextDocument> parse_pdf(std::string_view bytes, std::string name, const std::string& where) {
    if (bytes.size() > kMaxTextDocumentBytes) {
        return fail(
            ErrorCode::ResourceExhausted,
            fmt::format("{}: {} bytes is over the limit of {} bytes", where, bytes.size(), kMaxTextDocumentBytes),
            where);
    }
    BOROUGH_TRY(const auto pdf_pages, pdf_pages_text(bytes, where));
    TextDocument doc;
    doc.name = std::move(name);
    for (const auto& p : pdf_pages) {
        if (!doc.text.empty()) doc.text += "\n\n";
        const std::size_t begin = doc.text.size();
        doc.text += p.text;
        doc.pages.push_back(Page{p.number, begin, doc.text.size()});
    }
    doc.sections.push_back(Section{"", 0, 0, doc.text.size()});
    return doc;
}

}  // namespace

Result<TextDocument> read_text_document(const std::filesystem::path& path) {
    const std::string where = path.string();
    if (is_docx_name(path.filename().string())) {
        BOROUGH_TRY(const std::string bytes, read_file(path, kMaxTextDocumentBytes));
        return parse_docx(bytes, path.filename().string(), where);
    }
    if (is_pdf_name(path.filename().string())) {
        BOROUGH_TRY(const std::string bytes, read_file(path, kMaxTextDocumentBytes));
        return parse_pdf(bytes, path.filename().string(), where);
    }
    if (is_html_name(path.filename().string())) {
        BOROUGH_TRY(const std::string bytes, read_file(path, kMaxTextDocumentBytes));
        return parse_html(bytes, path.filename().string(), where);
    }
    // Check the extension first so an unsupported (maybe large, binary) file is never read.
    BOROUGH_TRY_STATUS(is_markdown_name(path.filename().string(), where));
    BOROUGH_TRY(const std::string bytes, read_file(path, kMaxTextDocumentBytes));
    return parse(bytes, path.filename().string(), where);
}

Result<TextDocument> parse_text_document(std::string_view bytes, std::string name) {
    const std::string where = name;
    if (is_docx_name(name)) return parse_docx(bytes, std::move(name), where);
    if (is_pdf_name(name)) return parse_pdf(bytes, std::move(name), where);
    if (is_html_name(name)) return parse_html(bytes, std::move(name), where);
    return parse(bytes, std::move(name), where);
}

}  // namespace borough::io
