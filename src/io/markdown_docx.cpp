#include "io/markdown_docx.h"

#include <algorithm>
#include <cctype>

#include "core/strings.h"

namespace borough::io {

namespace {

constexpr std::size_t kMaxTableColumns = 63;

void add_run(std::vector<DocxRun>& runs, std::string_view text, bool bold, bool italic) {
    if (text.empty()) return;
    if (!runs.empty() && runs.back().bold == bold && runs.back().italic == italic) {
        runs.back().text.append(text);
        return;
    }
    runs.push_back(DocxRun{std::string(text), bold, italic});
}

// Position of the closing `marker` for an opener ending at `from`, or npos. The closer must follow a
// non-space character, so "2 * 3 * 4" stays literal.
std::size_t find_closer(std::string_view text, std::size_t from, std::string_view marker) {
    std::size_t pos = from;
    while ((pos = text.find(marker, pos)) != std::string_view::npos) {
        if (pos > from && text[pos - 1] != ' ' && text[pos - 1] != '\\') return pos;
        pos += marker.size();
    }
    return std::string_view::npos;
}

void parse_inline(std::string_view text, bool bold, bool italic, std::vector<DocxRun>& runs) {
    std::string plain;
    auto flush = [&] {
        add_run(runs, plain, bold, italic);
        plain.clear();
    };
    std::size_t i = 0;
    while (i < text.size()) {
        const char c = text[i];
        if (c == '\\' && i + 1 < text.size() &&
            std::string_view("\\`*_[]()#+-.!|").find(text[i + 1]) != std::string_view::npos) {
            plain += text[i + 1];
            i += 2;
            continue;
        }
        if (c == '*' && i + 1 < text.size() && text[i + 1] == '*' && i + 2 < text.size() && text[i + 2] != ' ') {
            const std::size_t close = find_closer(text, i + 2, "**");
            if (close != std::string_view::npos) {
                flush();
                parse_inline(text.substr(i + 2, close - i - 2), true, italic, runs);
                i = close + 2;
                continue;
            }
        }
        if ((c == '*' || c == '_') && i + 1 < text.size() && text[i + 1] != ' ' && text[i + 1] != c &&
            (c == '*' || i == 0 || text[i - 1] == ' ' || text[i - 1] == '(')) {
            const std::size_t close = find_closer(text, i + 1, std::string_view(&text[i], 1));
            if (close != std::string_view::npos &&
                (c == '*' || close + 1 >= text.size() || !std::isalnum(static_cast<unsigned char>(text[close + 1])))) {
                flush();
                parse_inline(text.substr(i + 1, close - i - 1), bold, true, runs);
                i = close + 1;
                continue;
            }
        }
        if (c == '`') {
            const std::size_t close = text.find('`', i + 1);
            if (close != std::string_view::npos) {
                plain.append(text.substr(i + 1, close - i - 1));
                i = close + 1;
                continue;
            }
        }
        if (c == '[') {
            const std::size_t mid = text.find("](", i + 1);
            const std::size_t end = mid == std::string_view::npos ? mid : text.find(')', mid + 2);
            if (mid != std::string_view::npos && end != std::string_view::npos) {
                flush();
                parse_inline(text.substr(i + 1, mid - i - 1), bold, italic, runs);
                const std::string_view url = text.substr(mid + 2, end - mid - 2);
                if (!url.empty()) {
                    plain.append(" (");
                    plain.append(url);
                    plain.append(")");
                }
                i = end + 1;
                continue;
            }
        }
        plain += c;
        ++i;
    }
    flush();
}

struct Line {
    std::string_view text;  // without indentation
    int indent = 0;         // columns (a tab counts 4)
};

Line split_indent(std::string_view raw) {
    Line line;
    std::size_t i = 0;
    for (; i < raw.size() && (raw[i] == ' ' || raw[i] == '\t'); ++i) line.indent += raw[i] == '\t' ? 4 : 1;
    line.text = raw.substr(i);
    while (!line.text.empty() && (line.text.back() == '\r' || line.text.back() == ' ')) line.text.remove_suffix(1);
    return line;
}

// "- x", "* x", "+ x" → the item text; nullopt-like empty view with ok=false otherwise.
bool bullet_item(std::string_view t, std::string_view& item) {
    if (t.size() >= 2 && (t[0] == '-' || t[0] == '*' || t[0] == '+') && t[1] == ' ') {
        item = trim_ascii_whitespace(t.substr(2));
        return true;
    }
    return false;
}

bool numbered_item(std::string_view t, std::string_view& item) {
    std::size_t i = 0;
    while (i < t.size() && i < 9 && t[i] >= '0' && t[i] <= '9') ++i;
    if (i == 0 || i + 1 >= t.size() || (t[i] != '.' && t[i] != ')') || t[i + 1] != ' ') return false;
    item = trim_ascii_whitespace(t.substr(i + 2));
    return true;
}

bool is_rule(std::string_view t) {
    if (t.size() < 3) return false;
    const char c = t[0];
    if (c != '-' && c != '*' && c != '_') return false;
    return std::all_of(t.begin(), t.end(), [c](char x) { return x == c || x == ' '; });
}

std::vector<std::string> table_cells(std::string_view t) {
    if (!t.empty() && t.front() == '|') t.remove_prefix(1);
    if (!t.empty() && t.back() == '|' && (t.size() < 2 || t[t.size() - 2] != '\\')) t.remove_suffix(1);
    std::vector<std::string> cells;
    std::string cell;
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (t[i] == '\\' && i + 1 < t.size() && t[i + 1] == '|') {
            cell += '|';
            ++i;
        } else if (t[i] == '|') {
            cells.emplace_back(trim_ascii_whitespace(cell));
            cell.clear();
        } else {
            cell += t[i];
        }
    }
    cells.emplace_back(trim_ascii_whitespace(cell));
    return cells;
}

bool is_table_separator(std::string_view t) {
    if (t.find('-') == std::string_view::npos || t.find('|') == std::string_view::npos) return false;
    return std::all_of(t.begin(), t.end(), [](char c) { return c == '|' || c == '-' || c == ':' || c == ' '; });
}

// Cell text without inline markers (table cells are plain text in DocxBlock).
std::string plain_text(std::string_view text) {
    std::string out;
    for (const DocxRun& run : markdown_inline_runs(text)) out += run.text;
    return out;
}

}  // namespace

std::vector<DocxRun> markdown_inline_runs(std::string_view text) {
    std::vector<DocxRun> runs;
    parse_inline(text, false, false, runs);
    return runs;
}

std::vector<DocxBlock> markdown_to_docx_blocks(std::string_view markdown) {
    std::vector<Line> lines;
    for (std::size_t start = 0; start <= markdown.size();) {
        const std::size_t end = markdown.find('\n', start);
        lines.push_back(split_indent(markdown.substr(start, end == std::string_view::npos ? end : end - start)));
        if (end == std::string_view::npos) break;
        start = end + 1;
    }

    std::vector<DocxBlock> blocks;
    std::string paragraph;
    bool paragraph_quote = false;
    auto flush_paragraph = [&] {
        if (paragraph.empty()) return;
        DocxBlock block{DocxBlock::Kind::Paragraph};
        block.runs = markdown_inline_runs(paragraph);
        if (paragraph_quote) {
            for (auto& run : block.runs) run.italic = true;
        }
        blocks.push_back(std::move(block));
        paragraph.clear();
        paragraph_quote = false;
    };

    for (std::size_t i = 0; i < lines.size(); ++i) {
        const Line& line = lines[i];
        std::string_view t = line.text;
        if (t.empty()) {
            flush_paragraph();
            continue;
        }
        if (t.starts_with("```") || t.starts_with("~~~")) {
            // A fenced block: each line verbatim as its own paragraph.
            flush_paragraph();
            const std::string_view fence = t.substr(0, 3);
            for (++i; i < lines.size() && !lines[i].text.starts_with(fence); ++i) {
                DocxBlock block{DocxBlock::Kind::Paragraph};
                block.runs.push_back(DocxRun{std::string(lines[i].text), false, false});
                if (!lines[i].text.empty()) blocks.push_back(std::move(block));
            }
            continue;
        }
        if (t.front() == '#') {
            std::size_t level = 0;
            while (level < t.size() && t[level] == '#') ++level;
            if (level <= 6 && (level == t.size() || t[level] == ' ')) {
                flush_paragraph();
                std::string_view title = trim_ascii_whitespace(t.substr(level));
                while (!title.empty() && title.back() == '#') title.remove_suffix(1);
                DocxBlock block{DocxBlock::Kind::Heading};
                block.level = static_cast<int>(std::min<std::size_t>(level, 3));
                block.runs = markdown_inline_runs(trim_ascii_whitespace(title));
                blocks.push_back(std::move(block));
                continue;
            }
        }
        if (is_rule(t)) {
            flush_paragraph();
            continue;
        }
        std::string_view item;
        const bool bullet = bullet_item(t, item);
        if (bullet || numbered_item(t, item)) {
            flush_paragraph();
            DocxBlock block{bullet ? DocxBlock::Kind::Bullet : DocxBlock::Kind::Numbered};
            block.level = std::clamp(line.indent / 2, 0, 2);
            block.runs = markdown_inline_runs(item);
            blocks.push_back(std::move(block));
            continue;
        }
        if (t.front() == '|' && i + 1 < lines.size() && is_table_separator(lines[i + 1].text)) {
            flush_paragraph();
            DocxBlock block{DocxBlock::Kind::Table};
            auto add_row = [&](std::string_view row_text) {
                std::vector<std::string> row;
                for (auto& cell : table_cells(row_text)) row.push_back(plain_text(cell));
                if (row.size() > kMaxTableColumns) row.resize(kMaxTableColumns);
                block.rows.push_back(std::move(row));
            };
            add_row(t);
            for (i += 2; i < lines.size() && !lines[i].text.empty() && lines[i].text.front() == '|'; ++i) {
                add_row(lines[i].text);
            }
            --i;
            const bool has_text = std::any_of(block.rows.begin(), block.rows.end(), [](const auto& row) {
                return std::any_of(row.begin(), row.end(), [](const std::string& c) { return !c.empty(); });
            });
            if (has_text) blocks.push_back(std::move(block));
            continue;
        }
        const bool quote = t.front() == '>';
        if (quote) t = trim_ascii_whitespace(t.substr(1));
        if (!paragraph.empty() && quote != paragraph_quote) flush_paragraph();
        paragraph_quote = quote;
        if (!paragraph.empty()) paragraph += ' ';
        paragraph.append(t);
    }
    flush_paragraph();
    return blocks;
}

}  // namespace borough::io
