// libFuzzer entry point for read_xlsx. The first byte picks what the rest is: a whole file, or one
// part (worksheet, shared strings, workbook) placed in an otherwise valid package, so that the fuzzer
// reaches the XML handling instead of stopping at the zip signature. Invariants: an error names the
// file (or the sheet), or every row has header.size() valid UTF-8 cells.
// Also linked into borough_io_tests (as borough::io::fuzz_xlsx), which replays seed inputs through it.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/text_encoding.h"
#include "io/xlsx_reader.h"
#include "io/zip_memory.h"

namespace borough::io {
namespace {

void check(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "fuzz_xlsx: invariant violated: %s\n", what);
        std::abort();
    }
}

constexpr std::string_view kWorkbook =
    R"(<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" )"
    R"(xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">)"
    R"(<sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>)";
constexpr std::string_view kWorkbookRels =
    R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
    R"(<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>)"
    R"(<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>)"
    R"(</Relationships>)";
constexpr std::string_view kSheet =
    R"(<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>)"
    R"(<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>)"
    R"(<row r="2"><c r="A2"><v>7</v></c><c r="B2" t="s"><v>2</v></c></row>)"
    R"(</sheetData></worksheet>)";
constexpr std::string_view kShared =
    R"(<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">)"
    R"(<si><t>id</t></si><si><t>comment</t></si><si><r><t>rich</t></r><r><t xml:space="preserve"> text</t></r></si></sst>)";

}  // namespace

int fuzz_xlsx(const std::uint8_t* data, std::size_t size) {
    if (size == 0) {
        return 0;
    }
    const std::string rest(reinterpret_cast<const char*>(data) + 1, size - 1);
    std::string bytes;
    const int mode = data[0] % 4;
    if (mode == 0) {
        bytes = rest;
    } else {
        const auto zip = zip_in_memory({
            {"xl/workbook.xml", std::string(mode == 3 ? std::string_view(rest) : kWorkbook)},
            {"xl/_rels/workbook.xml.rels", std::string(kWorkbookRels)},
            {"xl/worksheets/sheet1.xml", std::string(mode == 1 ? std::string_view(rest) : kSheet)},
            {"xl/sharedStrings.xml", std::string(mode == 2 ? std::string_view(rest) : kShared)},
        });
        check(zip.has_value(), "building the package");
        bytes = *zip;
    }
    const auto table = read_xlsx(bytes, "fuzz.xlsx");
    if (!table) {
        check(table.error().message.rfind("fuzz.xlsx: ", 0) == 0, "error message names the file");
        check(table.error().field == "fuzz.xlsx" || table.error().field == "sheet", "error field");
        check(!find_invalid_utf8(table.error().message), "error message is UTF-8");
        return 0;
    }
    check(!table->header.empty(), "a header");
    check(!find_invalid_utf8(table->sheet), "sheet name is UTF-8");
    for (const auto& name : table->header) {
        check(!name.empty() && !find_invalid_utf8(name), "header names");
    }
    for (const auto& row : table->rows) {
        check(row.cells.size() == table->header.size(), "every row has header.size() cells");
        check(row.line >= 1, "row numbers are 1-based");
        for (const auto& cell : row.cells) {
            check(!find_invalid_utf8(cell), "cells are UTF-8");
        }
    }
    for (const auto& skipped : table->skipped) {
        check(skipped.line >= 1 && !find_invalid_utf8(skipped.reason), "skipped rows");
    }
    return 0;
}

}  // namespace borough::io

#ifdef BOROUGH_FUZZ_MAIN
// NOLINTNEXTLINE(readability-identifier-naming): libFuzzer fixes this name.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return borough::io::fuzz_xlsx(data, size);
}
#endif
