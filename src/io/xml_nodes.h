// Namespace-blind lookups in pugixml trees for the Office Open XML readers (XLSX, DOCX): parts use
// whatever prefixes their writer chose, so elements are matched by local name. Private to src/io.
#pragma once

#include <pugixml.hpp>
#include <string_view>

namespace borough::io::xml {

// "w:p" → "p"; a name without a prefix is returned as is.
inline std::string_view local_name(const char* qualified) {
    const std::string_view n(qualified);
    const auto colon = n.find(':');
    return colon == std::string_view::npos ? n : n.substr(colon + 1);
}

// The first child element with this local name, or an empty node.
inline pugi::xml_node child(pugi::xml_node node, std::string_view local) {
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
        if (c.type() == pugi::node_element && local_name(c.name()) == local) {
            return c;
        }
    }
    return {};
}

}  // namespace borough::io::xml
