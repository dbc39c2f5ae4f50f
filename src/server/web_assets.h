// The web workbench's files (web/dist), embedded in the binary by the borough_web_assets library
// (a fallback page when the web build is off), and how the server serves them.
#pragma once

#include <string_view>
#include <utility>
#include <vector>

namespace borough::web_assets {
// (path relative to web/dist, bytes), e.g. ("index.html", "<!doctype html>...").
const std::vector<std::pair<std::string_view, std::string_view>>& embedded_files();
}  // namespace borough::web_assets

namespace borough::server {

// Content-Type for a file name by its extension; application/octet-stream when unknown.
[[nodiscard]] std::string_view media_type_for(std::string_view path);

struct WebAsset {
    std::string_view body;
    std::string_view media_type;
    // Quoted strong validator of the bytes (FNV-1a 64). Asset names are fixed (not content-hashed), so
    // browsers revalidate every file (Cache-Control: no-cache) and get 304 while it is unchanged.
    std::string_view etag;
};

// "/" and unknown paths → index.html; "/assets/x.js" → that file; nullopt-like empty body when the
// embedded set has no index.html either. Never looks outside the embedded set.
[[nodiscard]] WebAsset find_web_asset(std::string_view request_path);

}  // namespace borough::server
