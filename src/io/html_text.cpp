#include "io/html_text.h"

#include <fmt/format.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include <algorithm>
#include <array>
#include <climits>
#include <memory>

#include "core/strings.h"
#include "core/text_encoding.h"
#include "io/utf8_repair.h"

namespace borough::io {
namespace {

constexpr std::array<std::string_view, 14> kDropped = {"script", "style",  "noscript", "template", "head",
                                                       "nav",    "header", "footer",   "aside",    "svg",
                                                       "math",   "iframe", "object",   "select"};
constexpr std::array<std::string_view, 33> kBlocks = {
    "p",      "div",     "li",         "ul",      "ol",      "dl",      "dt",     "dd",       "table",
    "tbody",  "thead",   "tfoot",      "caption", "section", "article", "main",   "blockquote",
    "figure", "figcaption", "address", "hr",      "form",    "fieldset", "legend", "details",
    "summary", "body",   "html",       "center",  "pre",     "br",      "td",     "th"};

template <std::size_t N>
bool is_one_of(std::string_view name, const std::array<std::string_view, N>& names) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

std::string_view node_name(const xmlNode* n) {
    return n->name == nullptr ? std::string_view() : std::string_view(reinterpret_cast<const char*>(n->name));
}

int heading_level(std::string_view name) {
    if (name.size() == 2 && name[0] == 'h' && name[1] >= '1' && name[1] <= '6') return name[1] - '0';
    return 0;
}

// Walks the parsed tree once, turning it into blocks. Iterative, so deeply nested markup cannot
// overflow the stack.
class BlockCollector {
public:
    std::vector<HtmlBlock> take() { return std::move(blocks_); }

    void walk(xmlNode* first) {
        xmlNode* n = first;
        while (n != nullptr) {
            if (enter(n) && n->children != nullptr) {
                n = n->children;
                continue;
            }
            if (n->type == XML_ELEMENT_NODE && !is_one_of(node_name(n), kDropped)) leave(n);
            while (n != nullptr) {
                if (n->next != nullptr) {
                    n = n->next;
                    break;
                }
                xmlNode* parent = n->parent;
                if (parent == nullptr || parent->type != XML_ELEMENT_NODE) {
                    n = nullptr;
                    break;
                }
                leave(parent);
                n = parent;
            }
        }
        emit(0);
    }

private:
    // True when the walk should visit n's children.
    bool enter(xmlNode* n) {
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            if (n->content != nullptr) append(reinterpret_cast<const char*>(n->content));
            return false;
        }
        if (n->type != XML_ELEMENT_NODE) return false;
        const std::string_view name = node_name(n);
        if (is_one_of(name, kDropped)) return false;
        if (name == "pre") ++pre_depth_;
        if (row_ == nullptr && heading_ == nullptr) {
            if (const int level = heading_level(name); level > 0) {
                emit(0);
                heading_ = n;
                level_ = level;
            } else if (name == "tr") {
                emit(0);
                row_ = n;
                cells_.clear();
            } else if (is_one_of(name, kBlocks)) {
                emit(0);
            }
        } else if (row_ != nullptr && cell_ == nullptr && (name == "td" || name == "th")) {
            current_.clear();  // whitespace between cells
            cell_ = n;
        } else {
            soft_break(name);
        }
        return true;
    }

    void leave(xmlNode* n) {
        const std::string_view name = node_name(n);
        if (name == "pre" && pre_depth_ > 0) --pre_depth_;
        if (n == heading_) {
            emit(level_);
            heading_ = nullptr;
            level_ = 0;
        } else if (n == cell_) {
            cells_.push_back(trimmed(current_));
            current_.clear();
            cell_ = nullptr;
        } else if (n == row_) {
            std::string row;
            for (const auto& c : cells_) {
                if (c.empty()) continue;
                if (!row.empty()) row += " | ";
                row += c;
            }
            current_ = std::move(row);
            emit(0);
            row_ = nullptr;
            cells_.clear();
        } else if (row_ == nullptr && heading_ == nullptr && is_one_of(name, kBlocks)) {
            emit(0);
        } else {
            soft_break(name);
        }
    }

    // A block boundary inside a heading or a table cell separates words but does not end the block.
    void soft_break(std::string_view name) {
        if ((is_one_of(name, kBlocks) || name == "tr") && !current_.empty() && current_.back() != ' ') current_ += ' ';
    }

    void append(std::string_view text) {
        for (std::size_t i = 0; i < text.size(); ++i) {
            const char c = text[i];
            const bool nbsp = c == '\xC2' && i + 1 < text.size() && text[i + 1] == '\xA0';
            const bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || nbsp;
            if (nbsp) ++i;
            if (pre_depth_ > 0 && heading_ == nullptr && row_ == nullptr) {
                current_ += (c == '\r' || c == '\f') ? '\n' : (nbsp ? ' ' : c);
            } else if (space) {
                if (!current_.empty() && current_.back() != ' ') current_ += ' ';
            } else {
                current_ += c;
            }
        }
    }

    static std::string trimmed(std::string_view s) {
        const std::size_t b = s.find_first_not_of(" \t\n");
        if (b == std::string_view::npos) return {};
        const std::size_t e = s.find_last_not_of(" \t\n");
        return std::string(s.substr(b, e - b + 1));
    }

    void emit(int level) {
        std::string text = trimmed(current_);
        current_.clear();
        if (text.empty()) return;
        if (level > 0) std::replace(text.begin(), text.end(), '\n', ' ');
        blocks_.push_back(HtmlBlock{level, repair_utf8(text)});
    }

    std::vector<HtmlBlock> blocks_;
    std::string current_;
    std::vector<std::string> cells_;
    const xmlNode* heading_ = nullptr;
    const xmlNode* row_ = nullptr;
    const xmlNode* cell_ = nullptr;
    int level_ = 0;
    int pre_depth_ = 0;
};

// Whether the document declares its own charset in its first bytes (<meta charset=...> or the
// http-equiv form); libxml2 then converts from it.
bool declares_charset(std::string_view bytes) {
    const std::string head = ascii_lower(bytes.substr(0, 2048));
    return head.find("charset") != std::string::npos && head.find("<meta") != std::string::npos;
}

struct DocFree {
    void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};

}  // namespace

Result<std::vector<HtmlBlock>> html_blocks(std::string_view bytes, std::string_view name) {
    const std::string where(name);
    if (bytes.empty()) return fail(ErrorCode::InvalidInput, fmt::format("{}: file is empty", where), where);
    if (bytes.size() > kMaxHtmlBytes) {
        return fail(ErrorCode::ResourceExhausted,
                    fmt::format("{}: {} bytes is over the limit of {} bytes", where, bytes.size(), kMaxHtmlBytes),
                    where);
    }
    // Initialise libxml2 once before any parse (its own docs ask for this before threads use it).
    static const bool kInitialised = [] {
        xmlInitParser();
        return true;
    }();
    (void)kInitialised;
    std::string utf8;
    const char* encoding = nullptr;
    std::string_view input = bytes;
    if (!declares_charset(bytes)) {
        BOROUGH_TRY(DecodedText decoded, decode_text(bytes, where));
        utf8 = std::move(decoded.text);
        input = utf8;
        encoding = "UTF-8";
    }
    constexpr int kOptions = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET;
    std::unique_ptr<xmlDoc, DocFree> doc(
        htmlReadMemory(input.data(), static_cast<int>(input.size()), nullptr, encoding, kOptions));
    if (!doc) {
        return fail(ErrorCode::InvalidInput, fmt::format("{}: cannot parse as HTML", where), where);
    }
    BlockCollector collector;
    collector.walk(doc->children);
    return collector.take();
}

}  // namespace borough::io
