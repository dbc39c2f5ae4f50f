#include "io/xlsx_writer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <limits>

#include "core/file.h"
#include "io/table_file.h"
#include "io/xlsx_reader.h"

namespace borough::io {

int fuzz_xlsx(const std::uint8_t* data, std::size_t size);

namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class XlsxWriterTest : public ::testing::Test {
protected:
    void SetUp() override {
        static std::atomic<int> counter{0};
        dir_ = std::filesystem::temp_directory_path() /
               ("borough_xlsx_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
        std::filesystem::create_directories(dir_);
    }
    void TearDown() override {
        std::error_code ec;
        std::filesystem::remove_all(dir_, ec);
    }
    std::string bytes(const std::filesystem::path& p) {
        auto b = read_file(p, 1ULL << 30);
        EXPECT_TRUE(b) << b.error().describe();
        return b ? *b : std::string();
    }
    std::filesystem::path dir_;
};

XlsxSheet coding_sheet() {
    XlsxSheet s;
    s.name = "Coding";
    s.header = {"id", "answer", "score"};
    s.rows.push_back({"r1", "Bins <late> & \"smelly\" 'often'", 0.5});
    s.rows.push_back({"r2", "  leading and trailing spaces  ", 3});
    s.rows.push_back({"r3", "Line one\r\nline two\ttab _x0041_ literal", -1.25e10});
    s.rows.push_back({"r4", std::string("ctrl\x01\x1F gone \xEF\xBF\xBE and bad \xFF byte"), 7});
    s.rows.push_back({"r5", "", 1});
    s.column_widths = {8, 60, 0};
    return s;
}

TEST_F(XlsxWriterTest, RoundTripsThroughTheReader) {
    XlsxSheet summary;
    summary.name = "Summary";
    summary.header = {"theme", "count"};
    summary.rows.push_back({"Waste", 12});
    const auto path = dir_ / "report.xlsx";
    ASSERT_TRUE(write_xlsx(path, {coding_sheet(), summary}));
    EXPECT_FALSE(std::filesystem::exists(dir_ / "report.xlsx.part"));

    const auto t = read_table_file(path);
    ASSERT_TRUE(t) << t.error().describe();
    EXPECT_EQ(t->sheet, "Coding");
    EXPECT_THAT(t->header, ElementsAre("id", "answer", "score"));
    ASSERT_EQ(t->rows.size(), 5u);
    EXPECT_THAT(t->rows[0].cells, ElementsAre("r1", "Bins <late> & \"smelly\" 'often'", "0.5"));
    EXPECT_THAT(t->rows[1].cells, ElementsAre("r2", "  leading and trailing spaces  ", "3"));
    EXPECT_THAT(t->rows[2].cells, ElementsAre("r3", "Line one\nline two\ttab _x0041_ literal", "-12500000000"));
    EXPECT_THAT(t->rows[3].cells, ElementsAre("r4", "ctrl gone  and bad \xEF\xBF\xBD byte", "7"));
    EXPECT_THAT(t->rows[4].cells, ElementsAre("r5", "", "1"));
    EXPECT_EQ(t->rows[4].line, 6u);

    const auto second = read_table_file(path, "summary");
    ASSERT_TRUE(second) << second.error().describe();
    EXPECT_THAT(second->rows[0].cells, ElementsAre("Waste", "12"));
}

TEST_F(XlsxWriterTest, WritesTheOoxmlPartsExcelNeeds) {
    const auto path = dir_ / "parts.xlsx";
    ASSERT_TRUE(write_xlsx(path, {coding_sheet()}));
    const std::string b = bytes(path);
    // Entry names are stored uncompressed in the zip directory.
    for (const char* part :
         {"[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "docProps/app.xml", "xl/workbook.xml",
          "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/worksheets/sheet1.xml"}) {
        EXPECT_THAT(b, HasSubstr(part));
    }
    EXPECT_EQ(b.substr(0, 4), std::string("PK\x03\x04", 4));
}

TEST_F(XlsxWriterTest, SameInputGivesTheSameBytes) {
    ASSERT_TRUE(write_xlsx(dir_ / "a.xlsx", {coding_sheet()}));
    ASSERT_TRUE(write_xlsx(dir_ / "b.xlsx", {coding_sheet()}));
    EXPECT_EQ(bytes(dir_ / "a.xlsx"), bytes(dir_ / "b.xlsx"));
}

TEST_F(XlsxWriterTest, TruncatesCellsOverExcelsLimitVisibly) {
    XlsxSheet s;
    s.name = "Long";
    s.header = {"answer"};
    s.rows.push_back({std::string(40000, 'a')});
    s.rows.push_back({std::string(kMaxXlsxCellChars, 'b')});
    ASSERT_TRUE(write_xlsx(dir_ / "long.xlsx", {s}));
    const auto t = read_table_file(dir_ / "long.xlsx");
    ASSERT_TRUE(t) << t.error().describe();
    const std::string& cut = t->rows[0].cells[0];
    EXPECT_EQ(cut.size(), kMaxXlsxCellChars - 12 + kTruncatedMarker.size());
    EXPECT_TRUE(cut.ends_with(kTruncatedMarker));
    EXPECT_EQ(t->rows[1].cells[0].size(), kMaxXlsxCellChars);  // exactly at the limit: kept whole
}

TEST_F(XlsxWriterTest, WritesNonFiniteNumbersAsText) {
    XlsxSheet s;
    s.header = {"x"};
    s.rows.push_back({std::numeric_limits<double>::quiet_NaN()});
    s.rows.push_back({-std::numeric_limits<double>::infinity()});
    ASSERT_TRUE(write_xlsx(dir_ / "nan.xlsx", {s}));
    const auto t = read_table_file(dir_ / "nan.xlsx");
    ASSERT_TRUE(t) << t.error().describe();
    EXPECT_EQ(t->sheet, "Sheet 1");
    EXPECT_EQ(t->rows[0].cells[0], "NaN");
    EXPECT_EQ(t->rows[1].cells[0], "-Infinity");
}

// A sheet whose rows come from an XlsxRowSource, and the same rows held as cells.
std::pair<XlsxSheet, XlsxSheet> generated_and_held(std::size_t rows) {
    XlsxSheet held;
    held.name = "Rows";
    held.header = {"id", "answer", "score", "note"};
    held.rows.push_back({"first", "held before the generated rows", 1});
    XlsxSheet generated = held;
    for (std::size_t i = 0; i < rows; ++i) {
        held.rows.push_back({"g" + std::to_string(i), i % 3 == 0 ? std::string("Bins & <bags> _x0041_") : std::string(),
                             static_cast<double>(i) / 8, i % 5 == 0 ? std::string(" padded ") : std::string("")});
    }
    generated.generated_rows.count = rows;
    generated.generated_rows.columns = 4;
    generated.generated_rows.row = [id = std::string()](std::size_t i, std::vector<XlsxCellView>& cells) mutable {
        id = "g" + std::to_string(i);
        cells = {XlsxCellView(std::string_view(id)), XlsxCellView(i % 3 == 0 ? "Bins & <bags> _x0041_" : ""),
                 XlsxCellView(static_cast<double>(i) / 8), XlsxCellView(i % 5 == 0 ? " padded " : "")};
    };
    return {held, generated};
}

TEST_F(XlsxWriterTest, GeneratedRowsGiveTheSameBytesAsHeldRows) {
    // 20,000 rows also take the path where a second thread writes the XML.
    for (const std::size_t rows : {std::size_t{3}, std::size_t{20000}}) {
        const auto [held, generated] = generated_and_held(rows);
        EXPECT_EQ(generated.row_count(), rows + 1);
        const auto a = xlsx_to_bytes({held});
        const auto b = xlsx_to_bytes({generated});
        ASSERT_TRUE(a) << a.error().describe();
        ASSERT_TRUE(b) << b.error().describe();
        EXPECT_EQ(*a, *b) << rows;
        const auto back = read_xlsx(*b, "rows.xlsx", "Rows");
        ASSERT_TRUE(back) << back.error().describe();
        ASSERT_EQ(back->rows.size(), rows + 1);
        EXPECT_THAT(back->rows[1].cells, ElementsAre("g0", "Bins & <bags> _x0041_", "0", " padded "));
        EXPECT_EQ(back->rows[rows].cells[0], "g" + std::to_string(rows - 1));
        EXPECT_EQ(back->rows[rows].line, rows + 2);
    }
}

TEST_F(XlsxWriterTest, FileAndBytesAreTheSame) {
    const auto path = dir_ / "same.xlsx";
    ASSERT_TRUE(write_xlsx(path, {coding_sheet()}));
    const auto b = xlsx_to_bytes({coding_sheet()});
    ASSERT_TRUE(b) << b.error().describe();
    EXPECT_EQ(bytes(path), *b);
    EXPECT_FALSE(xlsx_to_bytes({}));
}

TEST_F(XlsxWriterTest, GeneratedRowWiderThanDeclaredIsAnError) {
    XlsxSheet s;
    s.name = "Wide";
    s.header = {"a"};
    s.generated_rows.count = 5;
    s.generated_rows.columns = 1;
    s.generated_rows.row = [](std::size_t i, std::vector<XlsxCellView>& cells) {
        cells = {XlsxCellView(1.0)};
        if (i == 3) cells.emplace_back(2.0);
    };
    const auto st = write_xlsx(dir_ / "wide.xlsx", {s});
    ASSERT_FALSE(st);
    EXPECT_EQ(st.error().code, ErrorCode::InvalidInput);
    EXPECT_THAT(st.error().message, HasSubstr("wide.xlsx"));
    EXPECT_THAT(st.error().message, HasSubstr("\"Wide\", row 5"));  // sheet row 5: header + 4th data row
    EXPECT_FALSE(std::filesystem::exists(dir_ / "wide.xlsx"));
}

TEST_F(XlsxWriterTest, NumbersReadBackExactly) {
    XlsxSheet s;
    s.header = {"x"};
    const std::vector<double> values{0,    -0.0, 1,       -7,    0.1,    1.0 / 3, 123456789012345.0,
                                     1e15, 1e16, -2.5e-7, 1e300, 65535.5};
    for (const double v : values) s.rows.push_back({v});
    const auto b = xlsx_to_bytes({s});
    ASSERT_TRUE(b) << b.error().describe();
    const auto back = read_xlsx(*b, "n.xlsx", "");
    ASSERT_TRUE(back) << back.error().describe();
    ASSERT_EQ(back->rows.size(), values.size());
    for (std::size_t i = 0; i < values.size(); ++i) {
        EXPECT_EQ(std::stod(back->rows[i].cells[0]), values[i]) << back->rows[i].cells[0];
    }
}

TEST(XlsxSheetNamesTest, SanitisesTruncatesAndMakesUnique) {
    EXPECT_THAT(xlsx_sheet_names({"Q1: Parks/Open [spaces]?", "", "'quoted'", "history", "Themes", "THEMES",
                                  std::string(40, 'x'), std::string(40, 'x')}),
                ElementsAre("Q1_ Parks_Open _spaces__", "Sheet 2", "quoted", "history (2)", "Themes", "THEMES (2)",
                            std::string(31, 'x'), std::string(27, 'x') + " (2)"));
}

TEST_F(XlsxWriterTest, ErrorsNameThePath) {
    const auto none = write_xlsx(dir_ / "none.xlsx", {});
    ASSERT_FALSE(none);
    EXPECT_EQ(none.error().code, ErrorCode::InvalidInput);
    const auto missing_dir = write_xlsx(dir_ / "no" / "such" / "dir.xlsx", {coding_sheet()});
    ASSERT_FALSE(missing_dir);
    EXPECT_EQ(missing_dir.error().code, ErrorCode::Unavailable);
    EXPECT_THAT(missing_dir.error().message, HasSubstr("dir.xlsx"));
}

TEST_F(XlsxWriterTest, WrittenWorkbookIsAFuzzSeed) {
    XlsxSheet s;
    s.name = "Tiny";
    s.header = {"a", "b"};
    s.rows.push_back({"x & y", 1});
    ASSERT_TRUE(write_xlsx(dir_ / "tiny.xlsx", {s}));
    const std::string seed = std::string(1, '\0') + bytes(dir_ / "tiny.xlsx");
    EXPECT_EQ(fuzz_xlsx(reinterpret_cast<const std::uint8_t*>(seed.data()), seed.size()), 0);
}

}  // namespace
}  // namespace borough::io
