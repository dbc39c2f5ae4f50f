#include "server/export.h"

#include <gtest/gtest.h>

#include "io/xlsx_writer.h"
#include "io/zip_memory.h"

namespace borough::server {
namespace {

constexpr std::string_view kDraft =
    "> **DRAFT** prepared with AI assistance (extractive) \xE2\x80\x94 check before use. Job j1.\n\n# "
    "Minutes\n\nText.\n";

std::string docx_xml(const std::string& bytes, const std::string& part) {
    auto entries = io::unzip_in_memory(bytes);
    EXPECT_TRUE(entries);
    for (const auto& [name, content] : *entries) {
        if (name == part) return content;
    }
    return {};
}

TEST(ExportMarkdown, DraftKeepsOrAddsTheBanner) {
    EXPECT_EQ(export_markdown(kDraft, {}), std::string(kDraft));
    const std::string edited = export_markdown("# Minutes\n\nEdited by hand.\n", {});
    EXPECT_TRUE(edited.starts_with(kDraftBanner)) << edited;
    EXPECT_NE(edited.find("Edited by hand."), std::string::npos);
}

TEST(ExportMarkdown, ApprovedReplacesTheBanner) {
    const std::string out = export_markdown(kDraft, {true, "Lisa Ward", "2026-11-22"});
    EXPECT_EQ(out, "> Approved by Lisa Ward on 2026-11-22.\n\n# Minutes\n\nText.\n");
    EXPECT_EQ(out.find("DRAFT"), std::string::npos);
}

TEST(ExportDocx, WatermarkOnlyOnDrafts) {
    auto draft = export_docx(kDraft, "Meeting minutes", {});
    ASSERT_TRUE(draft) << draft.error().describe();
    EXPECT_NE(docx_xml(*draft, "word/header1.xml").find("DRAFT"), std::string::npos);
    auto approved = export_docx(kDraft, "Meeting minutes", {true, "Lisa Ward", "2026-11-22"});
    ASSERT_TRUE(approved);
    EXPECT_EQ(docx_xml(*approved, "word/header1.xml").find("DRAFT"), std::string::npos);
    const std::string body = docx_xml(*approved, "word/document.xml");
    EXPECT_NE(body.find("Approved by Lisa Ward on 2026-11-22"), std::string::npos);
    EXPECT_EQ(body.find("DRAFT"), std::string::npos);
}

TEST(ExportXlsx, ApprovalReplacesTheWorkbooksDraftStatus) {
    io::XlsxSheet about;
    about.name = "About";
    about.rows.push_back({"Status", "DRAFT prepared with AI assistance \xE2\x80\x94 check before use"});
    auto bytes = io::xlsx_to_bytes({about});
    ASSERT_TRUE(bytes);
    auto draft = export_xlsx(*bytes, {});
    ASSERT_TRUE(draft);
    EXPECT_EQ(*draft, *bytes);
    auto approved = export_xlsx(*bytes, {true, "Lisa Ward", "2026-11-22"});
    ASSERT_TRUE(approved) << approved.error().describe();
    const std::string sheet = docx_xml(*approved, "xl/worksheets/sheet1.xml");
    EXPECT_NE(sheet.find("Approved by Lisa Ward on 2026-11-22"), std::string::npos) << sheet;
    EXPECT_EQ(sheet.find("DRAFT"), std::string::npos);
    EXPECT_FALSE(export_xlsx("not a zip", {true, "A", "2026-01-01"}));
}

}  // namespace
}  // namespace borough::server
