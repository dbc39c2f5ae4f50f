// libFuzzer entry point for read_csv: arbitrary bytes must give either an error naming the file or a
// table whose rows all have header.size() valid UTF-8 cells and whose line numbers lie in the input.
// Also linked into borough_io_tests (as borough::io::fuzz_csv), which replays seed inputs through it.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "core/text_encoding.h"
#include "io/fuzz_support.h"
#include "io/csv_reader.h"

namespace borough::io {
namespace {

void check(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "fuzz_csv: invariant violated: %s\n", what);
        std::abort();
    }
}

}  // namespace

int fuzz_csv(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    const auto table = read_csv(bytes, "fuzz.csv");
    if (!table) {
        check(table.error().message.rfind("fuzz.csv: ", 0) == 0, "error message names the file");
        check(table.error().field == "fuzz.csv", "error field is the file");
        return 0;
    }
    const std::size_t lines = fuzz::physical_lines(bytes);
    check(!table->header.empty(), "a header");
    for (const auto& name : table->header) {
        check(!name.empty() && !find_invalid_utf8(name), "header names non-blank UTF-8");
    }
    std::size_t previous = 0;
    for (const auto& row : table->rows) {
        check(row.cells.size() == table->header.size(), "every row has header.size() cells");
        check(row.line > previous && row.line <= lines, "row lines increase and lie in the input");
        previous = row.line;
        for (const auto& cell : row.cells) {
            check(!find_invalid_utf8(cell), "cells are UTF-8");
        }
    }
    for (const auto& skipped : table->skipped) {
        check(skipped.line >= 1 && skipped.line <= lines, "skipped line lies in the input");
        check(!skipped.reason.empty() && !find_invalid_utf8(skipped.reason), "skipped reason is UTF-8 text");
    }
    return 0;
}

}  // namespace borough::io

#ifdef BOROUGH_FUZZ_MAIN
// NOLINTNEXTLINE(readability-identifier-naming): libFuzzer fixes this name.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return borough::io::fuzz_csv(data, size);
}
#endif
