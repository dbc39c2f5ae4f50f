// zip_archive.h (the libzip layer) and zip_memory.h (whole archives, built on it): the zip code of
// src/io, tested together so that the byte surgery below serves both.
#include "io/zip_archive.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <ctime>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "io/zip_memory.h"

namespace borough::io {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

using Entries = std::vector<std::pair<std::string, std::string>>;

// The archive zip_in_memory makes of `entries` (add_zip_entry at level 6, then zip_source_bytes).
std::string zipped(const Entries& entries) {
    auto bytes = zip_in_memory(entries);
    EXPECT_TRUE(bytes) << bytes.error().describe();
    return bytes.value_or(std::string());
}

// Text that deflate cannot shrink to a few bytes, so that its compressed data can be damaged.
std::string varied_text(std::size_t size) {
    std::mt19937 rng(7);
    std::string out(size, ' ');
    for (char& c : out) {
        c = static_cast<char>('a' + rng() % 26);
    }
    return out;
}

std::uint16_t u16(const std::string& bytes, std::size_t at) {
    return static_cast<std::uint16_t>(static_cast<unsigned char>(bytes[at]) |
                                      (static_cast<unsigned char>(bytes[at + 1]) << 8));
}

// `zip` with the compression method of every entry set to `method` in its local and central headers.
std::string with_compression_method(std::string zip, std::uint16_t method) {
    for (const auto& [signature, offset] : {std::pair<std::string_view, std::size_t>{"PK\x03\x04", 8},
                                            std::pair<std::string_view, std::size_t>{"PK\x01\x02", 10}}) {
        for (std::size_t at = zip.find(signature); at != std::string::npos; at = zip.find(signature, at + 4)) {
            zip[at + offset] = static_cast<char>(method & 0xff);
            zip[at + offset + 1] = static_cast<char>(method >> 8);
        }
    }
    return zip;
}

// `zip` with bytes inside the compressed data of its first entry flipped.
std::string with_damaged_data(std::string zip) {
    const std::size_t data = 30 + std::size_t{u16(zip, 26)} + u16(zip, 28);  // after the local header
    for (std::size_t at = data + 16; at < data + 48; ++at) {
        zip[at] = static_cast<char>(zip[at] ^ 0x55);
    }
    return zip;
}

TEST(ZipArchive, AnEntryWrittenIsReadBackWithTheFixedStamp) {
    const std::string content(100000, 'x');
    const std::string bytes = zipped({{"[Content_Types].xml", "<Types/>"}, {"xl/Workbook.xml", content}});
    EXPECT_EQ(bytes, zipped({{"[Content_Types].xml", "<Types/>"}, {"xl/Workbook.xml", content}}));

    auto zip = open_zip_in_memory(bytes);
    ASSERT_TRUE(zip) << zip.error().message;
    EXPECT_TRUE(has_zip_entry(zip->get(), "xl/workbook.xml"));  // names match ignoring case
    EXPECT_FALSE(has_zip_entry(zip->get(), "xl/styles.xml"));
    const auto read = read_zip_entry(zip->get(), "xl/workbook.xml", "book.xlsx", content.size());
    ASSERT_TRUE(read) << read.error().message;
    EXPECT_EQ(*read, content);

    zip_stat_t st;
    zip_stat_init(&st);
    ASSERT_EQ(zip_stat(zip->get(), "xl/Workbook.xml", 0, &st), 0);
    EXPECT_EQ(st.comp_method, ZIP_CM_DEFLATE);
    EXPECT_LT(st.comp_size, content.size() / 10);
    std::tm stamp{};
    ASSERT_NE(localtime_r(&st.mtime, &stamp), nullptr);  // libzip reads DOS times as local time
    EXPECT_EQ(stamp.tm_year + 1900, 2020);
    EXPECT_EQ(stamp.tm_mon, 0);
    EXPECT_EQ(stamp.tm_mday, 1);
}

TEST(ZipArchive, ErrorsNameTheFileAndTheEntry) {
    const std::string bytes = zipped({{"word/document.xml", std::string(70000, 'w')}});
    auto zip = open_zip_in_memory(bytes);
    ASSERT_TRUE(zip) << zip.error().message;

    const auto missing = read_zip_entry(zip->get(), "word/styles.xml", "notes.docx", 1000);
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, ErrorCode::InvalidInput);
    EXPECT_EQ(missing.error().message, "notes.docx: the part word/styles.xml is missing");
    EXPECT_EQ(missing.error().field, "notes.docx");

    const auto big = read_zip_entry(zip->get(), "word/document.xml", "notes.docx", 69999);
    ASSERT_FALSE(big);
    EXPECT_EQ(big.error().code, ErrorCode::ResourceExhausted);
    EXPECT_EQ(big.error().message,
              "notes.docx: the part word/document.xml expands to more than 69999 bytes; refusing it");
    EXPECT_EQ(big.error().field, "notes.docx");

    // A caller's own check sees the bytes as they come out, in blocks, and its error ends the read.
    std::uint64_t seen = 0;
    const auto stopped = read_zip_entry(zip->get(), "word/document.xml", "notes.docx", [&](std::uint64_t n) -> Status {
        seen = n;
        if (n > 1000 && n < 70000) {
            return fail(ErrorCode::ResourceExhausted, "caller's limit");
        }
        return {};
    });
    ASSERT_FALSE(stopped);
    EXPECT_EQ(stopped.error().message, "caller's limit");
    EXPECT_EQ(seen, std::uint64_t{64} * 1024);

    const auto garbage = open_zip_in_memory("PK\x03\x04 not really a zip");
    ASSERT_FALSE(garbage);
    EXPECT_EQ(garbage.error().code, ErrorCode::InvalidInput);
    EXPECT_FALSE(garbage.error().message.empty());  // libzip's reason, for the caller to put in context
}

TEST(ZipArchive, AnEntryThatCannotBeOpenedOrIsCorruptIsNamed) {
    const std::string bytes = zipped({{"word/document.xml", varied_text(20000)}});

    const std::string unsupported = with_compression_method(bytes, 97);
    auto zip = open_zip_in_memory(unsupported);
    ASSERT_TRUE(zip) << zip.error().message;
    const auto unopened = read_zip_entry(zip->get(), "word/document.xml", "notes.docx", 100000);
    ASSERT_FALSE(unopened);
    EXPECT_EQ(unopened.error().code, ErrorCode::InvalidInput);
    EXPECT_THAT(unopened.error().message, StartsWith("notes.docx: cannot read the part word/document.xml ("));
    EXPECT_EQ(unopened.error().field, "notes.docx");

    const std::string damaged = with_damaged_data(bytes);
    zip = open_zip_in_memory(damaged);
    ASSERT_TRUE(zip) << zip.error().message;
    const auto corrupt = read_zip_entry(zip->get(), "word/document.xml", "notes.docx", 100000);
    ASSERT_FALSE(corrupt);
    EXPECT_EQ(corrupt.error().code, ErrorCode::InvalidInput);
    EXPECT_THAT(corrupt.error().message, StartsWith("notes.docx: the part word/document.xml is corrupt ("));
    EXPECT_EQ(corrupt.error().field, "notes.docx");
}

TEST(ZipArchive, ReadingByIndexLeavesTheWordingToTheCaller) {
    const std::string bytes = zipped({{"a.txt", "first"}, {"A.TXT", "second"}});
    auto zip = open_zip_in_memory(bytes);
    ASSERT_TRUE(zip) << zip.error().message;
    const auto no_limit = [](std::uint64_t) { return Status(); };
    std::vector<ZipEntryFault> faults;
    const auto fault_error = [&](ZipEntryFault fault, std::string_view why) {
        faults.push_back(fault);
        return Error{ErrorCode::InvalidInput, "caller's words: " + std::string(why), std::string()};
    };
    // By index, names that differ only in case are two entries.
    EXPECT_EQ(read_zip_entry_at(zip->get(), 0, no_limit, fault_error).value_or(""), "first");
    EXPECT_EQ(read_zip_entry_at(zip->get(), 1, no_limit, fault_error).value_or(""), "second");
    EXPECT_TRUE(faults.empty());

    const std::string unsupported = with_compression_method(bytes, 97);
    zip = open_zip_in_memory(unsupported);
    ASSERT_TRUE(zip) << zip.error().message;
    const auto unopened = read_zip_entry_at(zip->get(), 1, no_limit, fault_error);
    ASSERT_FALSE(unopened);
    EXPECT_THAT(unopened.error().message, StartsWith("caller's words: "));
    EXPECT_EQ(faults, std::vector<ZipEntryFault>{ZipEntryFault::CannotOpen});

    faults.clear();
    const std::string damaged = with_damaged_data(zipped({{"a.txt", varied_text(20000)}}));
    zip = open_zip_in_memory(damaged);
    ASSERT_TRUE(zip) << zip.error().message;
    EXPECT_FALSE(read_zip_entry_at(zip->get(), 0, no_limit, fault_error));
    EXPECT_EQ(faults, std::vector<ZipEntryFault>{ZipEntryFault::Corrupt});
}

TEST(ZipArchive, AddingAMissingSourceIsAnInternalErrorWithContext) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* memory = zip_source_buffer_create(nullptr, 0, 0, &error);
    ASSERT_NE(memory, nullptr);
    const ZipArchive zip(zip_open_from_source(memory, ZIP_TRUNCATE, &error));
    zip_error_fini(&error);
    ASSERT_NE(zip, nullptr);
    const Status added = add_zip_entry(zip.get(), "a.xml", nullptr, 1, "xlsx");
    ASSERT_FALSE(added);
    EXPECT_EQ(added.error().code, ErrorCode::Internal);
    EXPECT_THAT(added.error().message, HasSubstr("xlsx: cannot create a zip entry"));
}

TEST(ZipMemory, UnzipRejectsGarbageAndHonoursTheSizeLimit) {
    const auto garbage = unzip_in_memory("not a zip at all");
    ASSERT_FALSE(garbage);
    EXPECT_EQ(garbage.error().code, ErrorCode::InvalidInput);
    const auto archive = zip_in_memory({{"a.txt", std::string(1000, 'a')}, {"b.txt", "bee"}});
    ASSERT_TRUE(archive) << archive.error().describe();
    const auto all = unzip_in_memory(*archive);
    ASSERT_TRUE(all) << all.error().describe();
    ASSERT_EQ(all->size(), 2u);
    EXPECT_EQ((*all)[0], (std::pair<std::string, std::string>{"a.txt", std::string(1000, 'a')}));
    EXPECT_EQ((*all)[1], (std::pair<std::string, std::string>{"b.txt", "bee"}));
    const auto limited = unzip_in_memory(*archive, 999);
    ASSERT_FALSE(limited);
    EXPECT_THAT(limited.error().message, HasSubstr("more than 999 bytes"));
}

TEST(ZipMemory, UnzipGivesEveryEntryInArchiveOrder) {
    const Entries entries = {{"b.txt", "bee"}, {"a.txt", ""}, {"B.TXT", "upper"}, {"dir/\xC3\xBC.txt", "u"}};
    const auto all = unzip_in_memory(zipped(entries));
    ASSERT_TRUE(all) << all.error().describe();
    EXPECT_EQ(*all, entries);
}

TEST(ZipMemory, UnzipErrorsNameTheEntry) {
    const auto garbage = unzip_in_memory("PK\x03\x04 not really a zip");
    ASSERT_FALSE(garbage);
    EXPECT_EQ(garbage.error().code, ErrorCode::InvalidInput);
    EXPECT_THAT(garbage.error().message, StartsWith("unzip_in_memory: not a readable zip archive ("));

    // The limit counts all entries together and names the one that crossed it.
    const std::string bytes = zipped({{"a.txt", std::string(1000, 'a')}, {"b.txt", "bee"}});
    EXPECT_TRUE(unzip_in_memory(bytes, 1003));
    const auto limited = unzip_in_memory(bytes, 1002);
    ASSERT_FALSE(limited);
    EXPECT_EQ(limited.error().code, ErrorCode::InvalidInput);
    EXPECT_EQ(limited.error().message, "unzip_in_memory: more than 1002 bytes decompressed (at entry b.txt)");
    EXPECT_EQ(limited.error().field, "");

    const auto unopened = unzip_in_memory(with_compression_method(bytes, 97));
    ASSERT_FALSE(unopened);
    EXPECT_EQ(unopened.error().code, ErrorCode::InvalidInput);
    EXPECT_THAT(unopened.error().message, StartsWith("unzip_in_memory: cannot open entry 0 ("));

    const auto corrupt = unzip_in_memory(with_damaged_data(zipped({{"a.txt", varied_text(20000)}})));
    ASSERT_FALSE(corrupt);
    EXPECT_EQ(corrupt.error().code, ErrorCode::InvalidInput);
    EXPECT_THAT(corrupt.error().message, StartsWith("unzip_in_memory: entry a.txt is corrupt ("));
}

}  // namespace
}  // namespace borough::io
