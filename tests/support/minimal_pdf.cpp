#include "support/minimal_pdf.h"

#include <array>
#include <cstdint>
#include <cstdio>
#include <map>
#include <string_view>

namespace borough::test {
namespace {

// Unicode code points that Windows-1252 puts in 0x80-0x9F.
constexpr std::array<std::pair<std::uint32_t, unsigned char>, 27> kWinAnsiHigh = {
    {{0x20AC, 0x80}, {0x201A, 0x82}, {0x0192, 0x83}, {0x201E, 0x84}, {0x2026, 0x85}, {0x2020, 0x86}, {0x2021, 0x87},
     {0x02C6, 0x88}, {0x2030, 0x89}, {0x0160, 0x8A}, {0x2039, 0x8B}, {0x0152, 0x8C}, {0x017D, 0x8E}, {0x2018, 0x91},
     {0x2019, 0x92}, {0x201C, 0x93}, {0x201D, 0x94}, {0x2022, 0x95}, {0x2013, 0x96}, {0x2014, 0x97}, {0x02DC, 0x98},
     {0x2122, 0x99}, {0x0161, 0x9A}, {0x203A, 0x9B}, {0x0153, 0x9C}, {0x017E, 0x9E}, {0x0178, 0x9F}}};

unsigned char to_win_ansi(std::uint32_t cp) {
    if (cp < 0x80 || (cp >= 0xA0 && cp <= 0xFF)) {
        return static_cast<unsigned char>(cp);
    }
    for (const auto& [code, byte] : kWinAnsiHigh) {
        if (code == cp) {
            return byte;
        }
    }
    return '?';
}

// A PDF literal string "(...)" in WinAnsi bytes.
std::string pdf_string(std::string_view utf8) {
    std::string out = "(";
    for (std::size_t i = 0; i < utf8.size();) {
        const auto b = static_cast<unsigned char>(utf8[i]);
        std::uint32_t cp = b;
        std::size_t len = 1;
        if (b >= 0xF0) {
            cp = b & 0x07U;
            len = 4;
        } else if (b >= 0xE0) {
            cp = b & 0x0FU;
            len = 3;
        } else if (b >= 0xC0) {
            cp = b & 0x1FU;
            len = 2;
        }
        for (std::size_t k = 1; k < len && i + k < utf8.size(); ++k) {
            cp = (cp << 6U) | (static_cast<unsigned char>(utf8[i + k]) & 0x3FU);
        }
        i += len;
        const unsigned char c = to_win_ansi(cp);
        if (c == '(' || c == ')' || c == '\\') {
            out += '\\';
        }
        out += static_cast<char>(c);
    }
    return out + ")";
}

std::string num(double v) {
    std::array<char, 32> buf{};
    std::snprintf(buf.data(), buf.size(), "%.2f", v);
    return buf.data();
}

}  // namespace

std::string write_minimal_pdf(std::span<const PdfPage> pages) {
    // Object numbers: 1 catalog, 2 page tree, then one per font, then page + content per page.
    std::map<std::string, int> font_ids;
    for (const auto& page : pages) {
        for (const auto& t : page.texts) {
            font_ids.emplace(t.font, 0);
        }
    }
    int next = 3;
    for (auto& [name, id] : font_ids) {
        id = next++;
    }
    const int first_page = next;

    std::vector<std::string> objects(static_cast<std::size_t>(first_page - 1 + 2 * static_cast<int>(pages.size())));
    std::string kids;
    for (std::size_t p = 0; p < pages.size(); ++p) {
        kids += std::to_string(first_page + 2 * static_cast<int>(p)) + " 0 R ";
    }
    objects[0] = "<< /Type /Catalog /Pages 2 0 R >>";
    objects[1] = "<< /Type /Pages /Kids [ " + kids + "] /Count " + std::to_string(pages.size()) + " >>";
    std::string font_resources;
    int font_index = 1;
    std::map<std::string, std::string> font_tags;
    for (const auto& [name, id] : font_ids) {
        objects[static_cast<std::size_t>(id - 1)] =
            "<< /Type /Font /Subtype /Type1 /BaseFont /" + name + " /Encoding /WinAnsiEncoding >>";
        const std::string tag = "F" + std::to_string(font_index++);
        font_tags[name] = tag;
        font_resources += "/" + tag + " " + std::to_string(id) + " 0 R ";
    }
    for (std::size_t p = 0; p < pages.size(); ++p) {
        const int page_id = first_page + 2 * static_cast<int>(p);
        std::string content;
        for (const auto& t : pages[p].texts) {
            content += "BT /" + font_tags[t.font] + " " + num(t.size_pt) + " Tf " + num(t.x_pt) + " " + num(t.y_pt) +
                       " Td " + pdf_string(t.text) + " Tj ET\n";
        }
        objects[static_cast<std::size_t>(page_id - 1)] =
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 " + num(pages[p].width_pt) + " " + num(pages[p].height_pt) +
            "] /Resources << /Font << " + font_resources + ">> >> /Contents " + std::to_string(page_id + 1) + " 0 R >>";
        objects[static_cast<std::size_t>(page_id)] =
            "<< /Length " + std::to_string(content.size()) + " >>\nstream\n" + content + "endstream";
    }

    std::string out = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n";
    std::vector<std::size_t> offsets;
    for (std::size_t i = 0; i < objects.size(); ++i) {
        offsets.push_back(out.size());
        out += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
    }
    const std::size_t xref = out.size();
    out += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
    for (const std::size_t off : offsets) {
        std::array<char, 32> entry{};
        std::snprintf(entry.data(), entry.size(), "%010zu 00000 n \n", off);
        out += entry.data();
    }
    out += "trailer\n<< /Size " + std::to_string(objects.size() + 1) + " /Root 1 0 R >>\nstartxref\n" +
           std::to_string(xref) + "\n%%EOF\n";
    return out;
}

}  // namespace borough::test
