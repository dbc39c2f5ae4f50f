// Compiled only when the borough_web_assets library (web/dist) is not part of this build: a page
// that says so, so the API still works and the root URL explains itself.
#include "server/web_assets.h"

namespace borough::web_assets {

const std::vector<std::pair<std::string_view, std::string_view>>& embedded_files() {
    static const std::vector<std::pair<std::string_view, std::string_view>> kFiles{
        {"index.html",
         "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>borough</title></head>"
         "<body><h1>borough</h1><p>This build has no web workbench (BOROUGH_BUILD_WEB was off). "
         "The API is at /api/v1; its description is /api/v1/openapi.json.</p></body></html>\n"},
    };
    return kFiles;
}

}  // namespace borough::web_assets
