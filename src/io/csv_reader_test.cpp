#include "io/csv_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "io/table_file.h"

namespace borough::io {

int fuzz_csv(const std::uint8_t* data, std::size_t size);

namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

Table parse(std::string_view bytes) {
    auto table = read_csv(bytes, "survey.csv");
    EXPECT_TRUE(table) << table.error().describe();
    return table ? std::move(table).value() : Table{};
}

std::vector<std::string> column(const Table& t, std::size_t c) {
    std::vector<std::string> out;
    for (const auto& row : t.rows) {
        out.push_back(row.cells.at(c));
    }
    return out;
}

TEST(CsvReaderTest, ReadsQuotedCommasNewlinesAndDoubledQuotes) {
    const Table t = parse(
        "id,comment,ward\n"
        "1,\"Bins, recycling and parks\",North\n"
        "2,\"First line\nsecond line\",South\n"
        "3,\"She said \"\"fix the lights\"\"\",East\n");
    EXPECT_THAT(t.header, ElementsAre("id", "comment", "ward"));
    ASSERT_EQ(t.rows.size(), 3u);
    EXPECT_THAT(column(t, 1),
                ElementsAre("Bins, recycling and parks", "First line\nsecond line", "She said \"fix the lights\""));
    // Lines are physical lines where each record starts: record 2 spans lines 3-4.
    EXPECT_EQ(t.rows[0].line, 2u);
    EXPECT_EQ(t.rows[1].line, 3u);
    EXPECT_EQ(t.rows[2].line, 5u);
    EXPECT_TRUE(t.skipped.empty());
    EXPECT_EQ(t.encoding, "UTF-8");
    EXPECT_EQ(t.delimiter, ',');
}

TEST(CsvReaderTest, HandlesCrlfAndLoneCrLineEnds) {
    const Table crlf = parse("id,comment\r\n1,\"a\r\nb\"\r\n2,c\r\n");
    ASSERT_EQ(crlf.rows.size(), 2u);
    EXPECT_EQ(crlf.rows[0].cells[1], "a\nb");  // line breaks inside quotes become LF
    EXPECT_EQ(crlf.rows[1].cells[1], "c");
    EXPECT_EQ(crlf.rows[1].line, 4u);
    const Table cr = parse("id,comment\r1,x\r2,y");
    EXPECT_THAT(column(cr, 1), ElementsAre("x", "y"));
    EXPECT_EQ(cr.rows[1].line, 3u);
}

TEST(CsvReaderTest, StripsBomAndReportsEncoding) {
    const Table t = parse("\xEF\xBB\xBFid,comment\n1,caf\xC3\xA9\n");
    EXPECT_EQ(t.header[0], "id");
    EXPECT_EQ(t.encoding, "UTF-8 with BOM");
    EXPECT_EQ(t.rows[0].cells[1], "caf\xC3\xA9");
}

TEST(CsvReaderTest, DetectsSemicolonDelimiterDespiteCommasInText) {
    const Table t = parse("id;comment;ward\n1;Parks, roads;North\n2;Fine;South\n3;\"a;b\";East\n");
    EXPECT_EQ(t.delimiter, ';');
    EXPECT_THAT(t.header, ElementsAre("id", "comment", "ward"));
    EXPECT_THAT(column(t, 1), ElementsAre("Parks, roads", "Fine", "a;b"));
}

TEST(CsvReaderTest, DetectsTabAndPipeDelimiters) {
    const Table tab = parse("id\tcomment\n1\tgood, mostly\n2\tbad; very\n");
    EXPECT_EQ(tab.delimiter, '\t');
    EXPECT_THAT(column(tab, 1), ElementsAre("good, mostly", "bad; very"));
    const Table pipe = parse("id|comment\n1|x\n");
    EXPECT_EQ(pipe.delimiter, '|');
}

TEST(CsvReaderTest, OneColumnFileUsesComma) {
    const Table t = parse("comment\nThe park is lovely\nMore bins please\n");
    EXPECT_THAT(t.header, ElementsAre("comment"));
    EXPECT_EQ(t.rows.size(), 2u);
}

TEST(CsvReaderTest, DecodesWindows1252) {
    const Table t = parse(
        "id,comment\n1,caf\xE9 closed\n2,\x93quoted\x94 \x80"
        "5\n");
    EXPECT_EQ(t.encoding, "Windows-1252");
    EXPECT_THAT(column(t, 1), ElementsAre("caf\xC3\xA9 closed",
                                          "\xE2\x80\x9Cquoted\xE2\x80\x9D \xE2\x82\xAC"
                                          "5"));
    EXPECT_TRUE(t.skipped.empty());
}

TEST(CsvReaderTest, SkipsOnlyTheRecordWithAnInvalidByteInAUtf8File) {
    const Table t = parse(
        "id,comment\n"
        "1,Caf\xC3\xA9 on the high street\n"
        "2,Cost \xC2\xA3"
        "5\n"
        "3,bad \xFF byte\n"
        "4,Na\xC3\xAFve but fine\n");
    EXPECT_EQ(t.encoding, "UTF-8");
    EXPECT_THAT(column(t, 0), ElementsAre("1", "2", "4"));
    ASSERT_EQ(t.skipped.size(), 1u);
    EXPECT_EQ(t.skipped[0].line, 4u);
    EXPECT_THAT(t.skipped[0].reason, HasSubstr("invalid UTF-8 at byte 5 of field 2"));
}

TEST(CsvReaderTest, UnbalancedQuoteKeepsEarlierRowsAndNamesTheLine) {
    const Table t = parse("id,comment\n1,fine\n2,\"never closed\n3,after\n4,also after\n");
    EXPECT_THAT(column(t, 0), ElementsAre("1", "3", "4"));
    ASSERT_EQ(t.skipped.size(), 1u);
    EXPECT_EQ(t.skipped[0].line, 3u);
    EXPECT_EQ(t.skipped[0].reason, "unbalanced quote");
}

TEST(CsvReaderTest, WrongFieldCountNamesTheLineAndKeepsTheRest) {
    const Table t = parse("id,comment,ward\n1,a,North\n2,b\n3,c,South,extra\n4,d,East\n");
    EXPECT_THAT(column(t, 0), ElementsAre("1", "4"));
    ASSERT_EQ(t.skipped.size(), 2u);
    EXPECT_EQ(t.skipped[0].line, 3u);
    EXPECT_EQ(t.skipped[0].reason, "2 fields, expected 3");
    EXPECT_EQ(t.skipped[1].line, 4u);
    EXPECT_EQ(t.skipped[1].reason, "4 fields, expected 3");
}

TEST(CsvReaderTest, ToleratesEmptyTrailingFieldsAndBlankLines) {
    const Table t = parse("id,comment\n1,a,,\n\n2,b\n\n\n");
    EXPECT_THAT(column(t, 1), ElementsAre("a", "b"));
    EXPECT_TRUE(t.skipped.empty());
    EXPECT_EQ(t.rows[1].line, 4u);
}

TEST(CsvReaderTest, KeepsTextAfterAClosingQuoteAndLiteralQuotesInsideFields) {
    const Table t = parse("id,comment\n1,\"quoted\" tail\n2,6\" pipe\n");
    EXPECT_THAT(column(t, 1), ElementsAre("quoted tail", "6\" pipe"));
}

TEST(CsvReaderTest, MakesHeaderNamesUnique) {
    const Table t = parse("Ward,,ward, Comment ,Column 2\nN,x,y,z,w\n");
    EXPECT_THAT(t.header, ElementsAre("Ward", "Column 2 (2)", "ward (2)", "Comment", "Column 2"));
    EXPECT_EQ(t.column("  comment"), 3u);
    EXPECT_EQ(t.column("WARD"), 0u);
    EXPECT_EQ(t.column("age"), std::nullopt);
}

TEST(CsvReaderTest, HeaderOnlyIsAnEmptyTable) {
    const Table t = parse("id,comment\n");
    EXPECT_EQ(t.header.size(), 2u);
    EXPECT_TRUE(t.rows.empty());
}

TEST(CsvReaderTest, EmptyAndBinaryInputAreErrors) {
    for (const std::string_view empty : {std::string_view(""), std::string_view("\xEF\xBB\xBF\r\n  \n")}) {
        const auto t = read_csv(empty, "empty.csv");
        ASSERT_FALSE(t);
        EXPECT_EQ(t.error().code, ErrorCode::InvalidInput);
        EXPECT_THAT(t.error().message, HasSubstr("empty.csv: the file is empty"));
        EXPECT_EQ(t.error().field, "empty.csv");
    }
    const auto binary = read_csv(std::string_view("id,x\n1,\0\n", 9), "b.csv");
    ASSERT_FALSE(binary);
    EXPECT_THAT(binary.error().message, HasSubstr("NUL byte at offset 7"));
    const auto no_header = read_csv("\"\"\n", "q.csv");
    ASSERT_FALSE(no_header);
    EXPECT_THAT(no_header.error().message, HasSubstr("q.csv: has no header row"));
    const auto header = read_csv("id,\"comment\n1,2\n", "h.csv");
    ASSERT_FALSE(header);
    EXPECT_THAT(header.error().message, HasSubstr("header row (line 1) has an unbalanced quote"));
}

TEST(CsvReaderTest, ReadsManyRecordsInOnePass) {
    std::string csv = "id,comment,ward\n";
    for (int i = 0; i < 20000; ++i) {
        csv += std::to_string(i) + ",\"answer " + std::to_string(i) + ", with a comma\",Ward " + std::to_string(i % 7) +
               "\n";
    }
    const Table t = parse(csv);
    ASSERT_EQ(t.rows.size(), 20000u);
    EXPECT_EQ(t.rows.back().cells[1], "answer 19999, with a comma");
    EXPECT_EQ(t.rows.back().line, 20001u);
}

class TableFileTest : public ::testing::Test {
protected:
    void SetUp() override {
        static std::atomic<int> counter{0};
        dir_ = std::filesystem::temp_directory_path() /
               ("borough_table_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
        std::filesystem::create_directories(dir_);
    }
    void TearDown() override {
        std::error_code ec;
        std::filesystem::remove_all(dir_, ec);
    }
    std::filesystem::path write(const std::string& name, const std::string& bytes) {
        auto path = dir_ / name;
        std::ofstream(path, std::ios::binary) << bytes;
        return path;
    }
    std::filesystem::path dir_;
};

TEST_F(TableFileTest, ReadsCsvByContentAndNamesTheFile) {
    const auto t = read_table_file(write("answers.txt", "id,comment\n1,ok\n"));
    ASSERT_TRUE(t) << t.error().describe();
    EXPECT_EQ(t->source, "answers.txt");
    EXPECT_EQ(t->rows.size(), 1u);
}

TEST_F(TableFileTest, MissingFileOldXlsAndFakeXlsxAreClearErrors) {
    const auto missing = read_table_file(dir_ / "absent.csv");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, ErrorCode::NotFound);
    EXPECT_THAT(missing.error().message, HasSubstr("absent.csv"));

    const auto xls = read_table_file(write("old.xls", std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + "xx"));
    ASSERT_FALSE(xls);
    EXPECT_THAT(xls.error().message, HasSubstr("old.xls: is an old binary Excel workbook"));
    EXPECT_THAT(xls.error().message, HasSubstr("save it as .xlsx or .csv"));

    const auto fake = read_table_file(write("fake.xlsx", "id,comment\n"));
    ASSERT_FALSE(fake);
    EXPECT_THAT(fake.error().message, HasSubstr("fake.xlsx: is not a valid XLSX file"));

    const auto sheet = read_table_file(write("s.csv", "id,comment\n"), "Responses");
    ASSERT_FALSE(sheet);
    EXPECT_EQ(sheet.error().field, "sheet");
}

// Seeds replayed through the fuzz target's invariant checks (the fuzzer itself needs clang).
TEST(CsvFuzzSeedsTest, SeedsKeepTheInvariants) {
    const std::vector<std::string> seeds = {
        "",
        "a",
        "a,b\n1,2",
        "a,b\n\"1\n2\",3\r\n4,5\r6,7",
        "a;b\n1;\"x;y\"\n2",
        "a,b\n1,\"unclosed\n2,3\n\"",
        std::string("\xEF\xBB\xBF") + "a,b\n1,\xFF\n2,\xC3\xA9",
        "a,b\n\x93q\x94,\xE9\n",
        "\"\"\"\",\"\n\n",
        "\"\"",  // found by the fuzzer: a lone empty quoted field is no header
        "\"\"\n\"\"\n",
        ",,,\n,,,\n,,\n",
        std::string("a,b\n1,\0", 7),
        "\r\r\r\na,b,c\r\n1,2,3,4,,\r\n",
    };
    for (const auto& seed : seeds) {
        EXPECT_EQ(fuzz_csv(reinterpret_cast<const std::uint8_t*>(seed.data()), seed.size()), 0);
    }
}

}  // namespace
}  // namespace borough::io
