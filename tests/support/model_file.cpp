#include "support/model_file.h"

#include <cerrno>
#include <memory>
#include <string>
#include <system_error>

namespace borough::test_support {
namespace {

struct FileCloser {
    void operator()(std::FILE* f) const { std::fclose(f); }
};

}  // namespace

Result<std::uint64_t> write_model_file(const std::filesystem::path& out, const std::function<bool(std::FILE*)>& write) {
    std::filesystem::path tmp = out;
    tmp += ".tmp";
    std::error_code ec;
    {
        const std::unique_ptr<std::FILE, FileCloser> f(std::fopen(tmp.c_str(), "wb"));
        if (!f) {
            return fail(
                ErrorCode::Internal,
                "cannot create " + tmp.string() + ": " + std::error_code(errno, std::generic_category()).message(),
                "out");
        }
        if (!write(f.get()) || std::fflush(f.get()) != 0) {
            std::filesystem::remove(tmp, ec);
            return fail(ErrorCode::Internal, "failed writing " + tmp.string(), "out");
        }
    }
    std::filesystem::rename(tmp, out, ec);
    if (ec) {
        return fail(ErrorCode::Internal, "cannot rename " + tmp.string() + ": " + ec.message(), "out");
    }
    return std::uint64_t{std::filesystem::file_size(out, ec)};
}

}  // namespace borough::test_support
