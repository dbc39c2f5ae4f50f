#include "jobs/model_catalogue.h"

#include <algorithm>
#include <fstream>
#include <system_error>

#include <fmt/format.h>

#include "core/http_client.h"
#include "core/sha256.h"

namespace borough::jobs {

namespace fs = std::filesystem;

bool is_url(std::string_view source) { return source.starts_with("http://") || source.starts_with("https://"); }

// Language models are GGUF; whisper.cpp speech models use the older GGML layout, whose first four
// bytes are the magic 0x67676d6c stored little-endian ("lmgg").
Status check_model_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    char magic[4] = {};
    in.read(magic, 4);
    const std::string_view first(magic, static_cast<std::size_t>(std::max<std::streamsize>(in.gcount(), 0)));
    if (first != "GGUF" && first != "lmgg") {
        return fail(ErrorCode::InvalidInput,
                    fmt::format("{}: not a model file: the first 4 bytes are neither 'GGUF' (a language model) nor "
                                "the whisper.cpp GGML magic (a speech model)",
                                path.string()),
                    path.string());
    }
    return {};
}

Result<store::ModelRecord> add_model(store::JobStore& jobs, const Clock& clock, const fs::path& models_dir,
                                     const ModelSource& source, const std::string& actor,
                                     const DownloadProgress& progress) {
    store::ModelRecord m;
    m.source = source.source;
    const bool url = is_url(source.source);
    if (url) {
        if (source.sha256.empty()) {
            return fail(ErrorCode::InvalidInput,
                        "a model downloaded from a URL needs its expected checksum (sha256)", "sha256");
        }
        std::string file = source.source.substr(source.source.find_last_of('/') + 1);
        if (auto q = file.find('?'); q != std::string::npos) file.resize(q);
        if (file.empty() || file == "." || file == "..") file = "model.gguf";
        std::error_code ec;
        fs::create_directories(models_dir, ec);
        const fs::path dest = models_dir / file;
        HttpClient http;
        DownloadOptions opts;
        opts.expected_sha256 = source.sha256;
        opts.progress = progress;
        BOROUGH_TRY(auto got, http.download(source.source, dest, opts));
        m.path = fs::absolute(dest).string();
        m.sha256 = got.sha256;
        m.size_bytes = got.size_bytes;
    } else {
        std::error_code ec;
        if (!fs::is_regular_file(source.source, ec)) {
            return fail(ErrorCode::NotFound, fmt::format("{}: no such model file", source.source), "source");
        }
        BOROUGH_TRY(auto sha, sha256_file_hex(source.source));
        if (!source.sha256.empty() && sha != source.sha256) {
            return fail(ErrorCode::InvalidInput,
                        fmt::format("{}: sha256 is {}, expected {}", source.source, sha, source.sha256), "sha256");
        }
        m.path = fs::absolute(source.source).string();
        m.sha256 = sha;
        m.size_bytes = fs::file_size(source.source, ec);
    }
    if (auto st = check_model_file(m.path); !st) {
        if (url) {
            std::error_code ec;
            fs::remove(m.path, ec);
        }
        return fail(st.error());
    }
    m.name = source.name.empty() ? fs::path(m.path).stem().string() : source.name;
    m.added_at = format_utc(clock.now());
    BOROUGH_TRY_STATUS(jobs.upsert_model(m));
    (void)jobs.append_audit(actor, "model.added", m.name,
                            Json{{"sha256", m.sha256}, {"size_bytes", m.size_bytes}, {"source", m.source}});
    return m;
}

}  // namespace borough::jobs
