// The parts every Office Open XML package written here shares (docProps core and app properties, the
// package relationships, the content types) and the XML escaping of text, for the DOCX and XLSX
// writers. Private to src/io; knows nothing of libzip (zip_archive.h packs and unpacks the parts).
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace borough::io {

inline constexpr std::string_view kXmlDecl = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
// kRelNs: the document-level relationship types (officeDocument, styles, worksheet...) and r:id.
// kPackageRelNs: the namespace of .rels parts, and of package-level types (metadata/core-properties).
inline constexpr std::string_view kRelNs = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
inline constexpr std::string_view kPackageRelNs = "http://schemas.openxmlformats.org/package/2006/relationships";

// What append_xml_escaped writes besides XML's own escapes.
enum class XmlEscapes {
    // Plain XML: CR is dropped (a parser would turn it into LF anyway).
    Xml,
    // SpreadsheetML text (ST_Xstring), where "_xHHHH_" is an escape: CR is written as "_x000D_" and the
    // underscore of a literal "_xHHHH_" as "_x005F_", so that both read back as they were.
    Spreadsheet,
};

namespace ooxml_detail {

constexpr bool is_hex(unsigned char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// Bytes that append_xml_escaped must look at; everything else is copied as is.
template <XmlEscapes kEscapes>
inline constexpr std::array<bool, 256> kSpecialByte = [] {
    std::array<bool, 256> t{};
    for (std::size_t c = 0; c < 0x20; ++c) {
        t[c] = c != '\t' && c != '\n';
    }
    for (const std::size_t c :
         {std::size_t{'&'}, std::size_t{'<'}, std::size_t{'>'}, std::size_t{'"'}, std::size_t{0xEF}}) {
        t[c] = true;
    }
    t[std::size_t{'_'}] = kEscapes == XmlEscapes::Spreadsheet;
    return t;
}();

}  // namespace ooxml_detail

// Appends UTF-8 `text` escaped for XML character data or a double-quoted attribute value: & < > " as
// entities; the characters XML 1.0 forbids (C0 controls other than TAB and LF, U+FFFE, U+FFFF) are
// dropped; CR as `kEscapes` says. Invalid UTF-8 is copied as it is: repair it first. `Out` has
// append(std::string_view) (a std::string, or a counter for measuring). Hot in big sheets: a table
// lookup per byte, and unescaped runs appended whole.
template <XmlEscapes kEscapes = XmlEscapes::Xml, class Out>
void append_xml_escaped(Out& out, std::string_view text) {
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t n = text.size();
    std::size_t run = 0;  // start of the bytes not yet appended
    for (std::size_t i = 0; i < n; ++i) {
        const unsigned char c = s[i];
        if (!ooxml_detail::kSpecialByte<kEscapes>[c]) {
            continue;
        }
        std::string_view replacement;  // empty: the byte is dropped
        std::size_t skip = 1;
        switch (c) {
            case '&':
                replacement = "&amp;";
                break;
            case '<':
                replacement = "&lt;";
                break;
            case '>':
                replacement = "&gt;";
                break;
            case '"':
                replacement = "&quot;";
                break;
            case '\r':
                if constexpr (kEscapes == XmlEscapes::Spreadsheet) {
                    replacement = "_x000D_";
                }
                break;
            case '_':  // only in Spreadsheet mode
                if (i + 6 < n && s[i + 1] == 'x' && ooxml_detail::is_hex(s[i + 2]) && ooxml_detail::is_hex(s[i + 3]) &&
                    ooxml_detail::is_hex(s[i + 4]) && ooxml_detail::is_hex(s[i + 5]) && s[i + 6] == '_') {
                    replacement = "_x005F_";
                    break;
                }
                continue;
            case 0xEF:
                if (i + 2 < n && s[i + 1] == 0xBF && (s[i + 2] == 0xBE || s[i + 2] == 0xBF)) {
                    skip = 3;  // U+FFFE or U+FFFF
                    break;
                }
                continue;
            default:
                break;  // another C0 control
        }
        out.append(text.substr(run, i - run));
        out.append(replacement);
        i += skip - 1;
        run = i + 1;
    }
    out.append(text.substr(run));
}

// docProps/core.xml (Dublin Core). An empty field is left out; text is escaped, invalid UTF-8 becomes
// U+FFFD. No dates, so the bytes depend only on the fields.
struct CoreProperties {
    std::string_view title{};  // `{}`: designated initialisers may leave fields out, warning-free
    std::string_view subject{};
    std::string_view creator{};
};
[[nodiscard]] std::string core_properties_xml(const CoreProperties& properties);

// docProps/app.xml: Application "borough", and DocSecurity 0 (no protection) when asked (Word's files
// carry it, Excel's need not).
[[nodiscard]] std::string app_properties_xml(bool with_doc_security);

// _rels/.rels: rId1 the main part `main_part` ("word/document.xml", no leading slash), rId2
// docProps/core.xml, rId3 docProps/app.xml.
[[nodiscard]] std::string package_rels_xml(std::string_view main_part);

// A part name ("/word/document.xml", with the leading slash) and its content type.
struct PartContentType {
    std::string part;
    std::string_view content_type;
};

// [Content_Types].xml: the defaults for .rels and .xml, an override for each of `parts` in order,
// then those of docProps/core.xml and docProps/app.xml, which every package here has.
[[nodiscard]] std::string content_types_xml(const std::vector<PartContentType>& parts);

}  // namespace borough::io
