#include "server/web_assets.h"

#include <array>
#include <cstdint>
#include <string>

#include <fmt/format.h>

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

namespace {

// One ETag per embedded file, in the same order; computed once (the files never change while running).
const std::vector<std::string>& embedded_etags() {
    static const std::vector<std::string> kEtags = [] {
        std::vector<std::string> out;
        for (const auto& [path, bytes] : web_assets::embedded_files()) {
            std::uint64_t h = 1469598103934665603ULL;
            for (const char c : bytes) {
                h ^= static_cast<unsigned char>(c);
                h *= 1099511628211ULL;
            }
            out.push_back(fmt::format("\"{:016x}\"", h));
        }
        return out;
    }();
    return kEtags;
}

}  // namespace

WebAsset find_web_asset(std::string_view request_path) {
    const auto& files = web_assets::embedded_files();
    const auto& etags = embedded_etags();
    std::string_view rel = request_path;
    while (!rel.empty() && rel.front() == '/') rel.remove_prefix(1);
    if (!rel.empty()) {
        for (std::size_t i = 0; i < files.size(); ++i) {
            if (files[i].first == rel) return {files[i].second, media_type_for(files[i].first), etags[i]};
        }
    }
    // The workbench routes on the client: every other page is index.html. A missing asset file
    // under /assets/ is a real 404, not the page.
    if (rel.starts_with("assets/")) return {};
    for (std::size_t i = 0; i < files.size(); ++i) {
        if (files[i].first == "index.html") return {files[i].second, media_type_for(files[i].first), etags[i]};
    }
    return {};
}

}  // namespace borough::server
