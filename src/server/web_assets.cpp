#include "server/web_assets.h"

#include <array>

#include "core/strings.h"

namespace borough::server {

std::string_view media_type_for(std::string_view path) {
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 16> kTypes{{
        {".html", "text/html; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".json", "application/json"},
        {".map", "application/json"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".jpg", "image/jpeg"},
        {".ico", "image/x-icon"},
        {".woff", "font/woff"},
        {".woff2", "font/woff2"},
        {".txt", "text/plain; charset=utf-8"},
        {".webmanifest", "application/manifest+json"},
        {".webp", "image/webp"},
        {".gif", "image/gif"},
    }};
    const std::string ext = lower_extension(path);
    for (const auto& [e, type] : kTypes) {
        if (e == ext) return type;
    }
    return "application/octet-stream";
}

WebAsset find_web_asset(std::string_view request_path) {
    const auto& files = web_assets::embedded_files();
    std::string_view rel = request_path;
    while (!rel.empty() && rel.front() == '/') rel.remove_prefix(1);
    if (!rel.empty()) {
        for (const auto& [path, bytes] : files) {
            if (path == rel) return {bytes, media_type_for(path), path.starts_with("assets/")};
        }
    }
    // The workbench routes on the client: every other page is index.html. A missing asset file
    // under /assets/ is a real 404, not the page.
    if (rel.starts_with("assets/")) return {};
    for (const auto& [path, bytes] : files) {
        if (path == "index.html") return {bytes, media_type_for(path), false};
    }
    return {};
}

}  // namespace borough::server
