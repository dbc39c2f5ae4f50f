#include "core/file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <system_error>

#include <fmt/format.h>

namespace borough {

Result<std::string> read_file(const std::filesystem::path& path, std::uint64_t max_bytes,
                              bool allow_empty) {
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (ec || !std::filesystem::exists(status)) {
        return fail(ErrorCode::NotFound, fmt::format("{}: no such file", path.string()), path.string());
    }
    if (std::filesystem::is_directory(status)) {
        return fail(ErrorCode::InvalidInput, fmt::format("{}: is a directory, not a file", path.string()),
                    path.string());
    }
    const auto size = std::filesystem::file_size(path, ec);
    if (!ec && size > max_bytes) {
        return fail(ErrorCode::ResourceExhausted,
                    fmt::format("{}: {} bytes is over the limit of {} bytes", path.string(), size,
                                max_bytes),
                    path.string());
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return fail(ErrorCode::Unavailable,
                    fmt::format("{}: cannot be read ({})", path.string(), std::strerror(errno)),
                    path.string());
    }
    std::string data;
    if (!ec) data.reserve(static_cast<std::size_t>(size));
    char buf[65536];
    while (in.read(buf, sizeof buf) || in.gcount() > 0) {
        data.append(buf, static_cast<std::size_t>(in.gcount()));
        if (data.size() > max_bytes) {
            return fail(ErrorCode::ResourceExhausted,
                        fmt::format("{}: over the limit of {} bytes", path.string(), max_bytes),
                        path.string());
        }
    }
    if (in.bad()) {
        return fail(ErrorCode::Unavailable, fmt::format("{}: read error", path.string()), path.string());
    }
    if (data.empty() && !allow_empty) {
        return fail(ErrorCode::InvalidInput, fmt::format("{}: file is empty", path.string()),
                    path.string());
    }
    return data;
}

Status write_file_atomic(const std::filesystem::path& path, std::string_view data) {
    const std::filesystem::path tmp = path.string() + ".tmp";
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
    if (fd < 0) {
        return fail(ErrorCode::Unavailable,
                    fmt::format("{}: cannot write ({})", path.string(), std::strerror(errno)),
                    path.string());
    }
    std::size_t done = 0;
    while (done < data.size()) {
        const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            const int err = errno;
            ::close(fd);
            ::unlink(tmp.c_str());
            return fail(ErrorCode::Unavailable,
                        fmt::format("{}: write failed ({})", path.string(), std::strerror(err)),
                        path.string());
        }
        done += static_cast<std::size_t>(n);
    }
    ::fsync(fd);
    ::close(fd);
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        const int err = errno;
        ::unlink(tmp.c_str());
        return fail(ErrorCode::Unavailable,
                    fmt::format("{}: cannot replace ({})", path.string(), std::strerror(err)),
                    path.string());
    }
    return {};
}

}  // namespace borough
