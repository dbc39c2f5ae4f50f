#include "io/ooxml_package.h"

#include <fmt/format.h>

#include "core/text_encoding.h"
#include "io/utf8_repair.h"

namespace borough::io {
namespace {

void append_element(std::string& out, std::string_view tag, std::string_view text) {
    if (text.empty()) {
        return;
    }
    out += fmt::format("<{}>", tag);
    if (find_invalid_utf8(text)) {
        append_xml_escaped(out, repair_utf8(text));
    } else {
        append_xml_escaped(out, text);
    }
    out += fmt::format("</{}>", tag);
}

}  // namespace

std::string core_properties_xml(const CoreProperties& properties) {
    std::string out(kXmlDecl);
    out +=
        "<cp:coreProperties "
        "xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
        "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" "
        "xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" "
        "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">";
    append_element(out, "dc:title", properties.title);
    append_element(out, "dc:subject", properties.subject);
    append_element(out, "dc:creator", properties.creator);
    out += "</cp:coreProperties>";
    return out;
}

std::string app_properties_xml(bool with_doc_security) {
    std::string out(kXmlDecl);
    out +=
        "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\" "
        "xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">"
        "<Application>borough</Application>";
    if (with_doc_security) {
        out += "<DocSecurity>0</DocSecurity>";
    }
    out += "</Properties>";
    return out;
}

std::string package_rels_xml(std::string_view main_part) {
    std::string out(kXmlDecl);
    out += fmt::format(
        "<Relationships xmlns=\"{0}\">"
        "<Relationship Id=\"rId1\" Type=\"{1}/officeDocument\" Target=\"{2}\"/>"
        "<Relationship Id=\"rId2\" Type=\"{0}/metadata/core-properties\" Target=\"docProps/core.xml\"/>"
        "<Relationship Id=\"rId3\" Type=\"{1}/extended-properties\" Target=\"docProps/app.xml\"/>"
        "</Relationships>",
        kPackageRelNs, kRelNs, main_part);
    return out;
}

std::string content_types_xml(const std::vector<PartContentType>& parts) {
    std::string out(kXmlDecl);
    out +=
        "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
        "<Default Extension=\"xml\" ContentType=\"application/xml\"/>";
    const auto add = [&out](std::string_view part, std::string_view type) {
        out += fmt::format(R"(<Override PartName="{}" ContentType="{}"/>)", part, type);
    };
    for (const auto& p : parts) {
        add(p.part, p.content_type);
    }
    add("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml");
    add("/docProps/app.xml", "application/vnd.openxmlformats-officedocument.extended-properties+xml");
    out += "</Types>";
    return out;
}

}  // namespace borough::io
