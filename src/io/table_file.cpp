#include "io/table_file.h"

#include <fmt/format.h>

#include <string>

#include "core/file.h"
#include "core/strings.h"
#include "io/csv_reader.h"
#include "io/xlsx_reader.h"

namespace borough::io {
Result<Table> read_table_file(const std::filesystem::path& path, std::string_view sheet) {
    BOROUGH_TRY(const std::string bytes, read_file(path, kMaxTableFileBytes, /*allow_empty=*/true));
    const std::string name = path.filename().string();
    const std::string ext = lower_extension(path.filename().string());
    const std::string_view head = std::string_view(bytes).substr(0, 8);
    if (head.substr(0, 4) == std::string_view("PK\x03\x04", 4)) {
        return read_xlsx(bytes, name, sheet);
    }
    // Compound File Binary: the pre-2007 Excel format, which we do not parse.
    if (head == std::string_view("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8)) {
        return fail(ErrorCode::InvalidInput,
                    fmt::format("{}: is an old binary Excel workbook (.xls), which is not supported; "
                                "open it in Excel or LibreOffice and save it as .xlsx or .csv",
                                name),
                    name);
    }
    if (ext == ".xlsx" || ext == ".xlsm") {
        return fail(ErrorCode::InvalidInput,
                    fmt::format("{}: is not a valid XLSX file (it is not a zip archive); save it again "
                                "as .xlsx or .csv",
                                name),
                    name);
    }
    if (!sheet.empty()) {
        return fail(ErrorCode::InvalidInput,
                    fmt::format("{}: a sheet (\"{}\") was asked for, but this is a CSV file, which has "
                                "no sheets",
                                name, sheet),
                    "sheet");
    }
    return read_csv(bytes, name);
}

}  // namespace borough::io
