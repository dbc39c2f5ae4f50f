#include "actions/survey_analysis/survey_action.h"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>

#include <fmt/format.h>

#include "actions/survey_analysis/scanned_form.h"
#include "actions/survey_analysis/survey_report.h"
#include "core/file.h"
#include "core/strings.h"
#include "io/csv_reader.h"
#include "io/xlsx_reader.h"
#include "io/xlsx_writer.h"

namespace borough::actions::survey {
namespace {

namespace fs = std::filesystem;

std::string param_string(const Json& params, const char* name) {
    if (!params.contains(name) || params[name].is_null()) return {};
    return params[name].get<std::string>();
}

enum class InputFormat { Csv, Xlsx, OldXls, Image, Pdf };

InputFormat sniff(std::string_view b) {
    if (b.starts_with("PK\x03\x04")) return InputFormat::Xlsx;
    if (b.starts_with("\xD0\xCF\x11\xE0")) return InputFormat::OldXls;
    if (b.starts_with("%PDF")) return InputFormat::Pdf;
    if (b.starts_with("\x89PNG") || b.starts_with("\xFF\xD8\xFF") || b.starts_with(std::string_view("II*\0", 4)) ||
        b.starts_with(std::string_view("MM\0*", 4))) {
        return InputFormat::Image;
    }
    return InputFormat::Csv;
}

// A temporary file that is removed when this goes out of scope (OCR engines read paths).
class TempFile {
public:
    static Result<TempFile> write(std::string_view bytes, std::string_view suffix) {
        std::random_device rd;
        const fs::path path = fs::temp_directory_path() / fmt::format("borough-{:016x}{}", (std::uint64_t{rd()} << 32) ^ rd(), suffix);
        BOROUGH_TRY_STATUS(write_file_atomic(path, bytes));
        return TempFile(path);
    }
    TempFile(TempFile&& o) noexcept : path_(std::move(o.path_)) { o.path_.clear(); }
    TempFile& operator=(TempFile&&) = delete;
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;
    ~TempFile() {
        std::error_code ec;
        if (!path_.empty()) fs::remove(path_, ec);
    }
    const fs::path& path() const { return path_; }

private:
    explicit TempFile(fs::path p) : path_(std::move(p)) {}
    fs::path path_;
};

// Scanned paper forms → a table with one row per page: the field labels, then one column per question.
Result<io::Table> table_from_forms(const ActionInput& input, const std::vector<std::string>& questions,
                                   ActionContext& ctx, std::vector<float>& confidence) {
    if (ctx.ocr == nullptr) {
        return fail(ErrorCode::InvalidInput,
                    fmt::format("{}: scanned forms need the OCR engine, which this build or configuration lacks",
                                input.name),
                    "input");
    }
    if (questions.empty()) {
        return fail(ErrorCode::InvalidInput,
                    fmt::format("{}: for scanned forms, name the printed question headings with --columns "
                                "(separated by ';')",
                                input.name),
                    "columns");
    }
    const std::string ext = fs::path(input.name).extension().string();
    BOROUGH_TRY(auto tmp, TempFile::write(input.content, ext));
    BOROUGH_TRY(auto pages, ctx.ocr->read_file(tmp.path(), ctx.stop));
    const std::vector<std::string> fields{"Respondent ID", "Ward", "Age band", "Tenure"};
    io::Table t;
    t.source = input.name;
    t.encoding = "OCR (tesseract)";
    t.header = fields;
    t.header.insert(t.header.end(), questions.begin(), questions.end());
    for (const auto& page : pages) {
        if (!page.error.empty()) {
            t.skipped.push_back({page.page, fmt::format("page {}: {}", page.page, page.error)});
            continue;
        }
        const FormRow row = read_form_page(page, questions, fields);
        io::TableRow tr;
        tr.line = page.page;
        for (const auto& f : fields) {
            auto it = row.fields.find(f);
            tr.cells.push_back(it == row.fields.end() ? std::string() : it->second);
        }
        tr.cells.resize(t.header.size());
        for (const auto& a : row.answers) {  // FormAnswer::question is 1-based
            if (a.question >= 1 && a.question <= questions.size()) tr.cells[fields.size() + a.question - 1] = a.text;
        }
        t.rows.push_back(std::move(tr));
        confidence.push_back(row.confidence);
    }
    return t;
}

Result<std::string> xlsx_bytes(const std::vector<io::XlsxSheet>& sheets) {
    BOROUGH_TRY(auto tmp, TempFile::write("", ".xlsx"));
    BOROUGH_TRY_STATUS(io::write_xlsx(tmp.path(), sheets));
    return read_file(tmp.path(), std::uint64_t{4} << 30);
}

}  // namespace

std::vector<std::string> split_list(std::string_view text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find(';', start);
        if (end == std::string_view::npos) end = text.size();
        const auto item = trim_ascii_whitespace(text.substr(start, end - start));
        if (!item.empty()) out.emplace_back(item);
        start = end + 1;
    }
    return out;
}

Result<std::vector<nlp::CodebookEntry>> parse_codebook(std::string_view csv_text) {
    BOROUGH_TRY(auto table, io::read_csv(csv_text, "codebook"));
    const auto name = table.column("theme");
    const auto description = table.column("description");
    const auto keywords = table.column("keywords");
    if (!name) {
        return fail(ErrorCode::InvalidInput, "codebook: needs a \"theme\" column (and optionally \"description\", "
                                             "\"keywords\" with keywords separated by ';')",
                    "codebook");
    }
    if (!table.skipped.empty()) {
        return fail(ErrorCode::InvalidInput,
                    fmt::format("codebook: line {}: {}", table.skipped[0].line, table.skipped[0].reason), "codebook");
    }
    std::vector<nlp::CodebookEntry> out;
    for (const auto& row : table.rows) {
        nlp::CodebookEntry e;
        e.name = std::string(trim_ascii_whitespace(row.cells[*name]));
        if (e.name.empty()) {
            return fail(ErrorCode::InvalidInput, fmt::format("codebook: line {}: the theme name is empty", row.line),
                        "codebook");
        }
        if (description) e.description = row.cells[*description];
        if (keywords) e.keywords = split_list(row.cells[*keywords]);
        out.push_back(std::move(e));
    }
    if (out.empty()) return fail(ErrorCode::InvalidInput, "codebook: it has no themes", "codebook");
    return out;
}

Result<ActionOutput> run_survey_analysis(const ActionDefinition& /*action*/, const ActionInput& input,
                                         const Json& params, ActionContext& ctx) {
    const auto start = std::chrono::steady_clock::now();
    SurveyOptions options;
    options.columns.questions = split_list(param_string(params, "columns"));
    options.columns.segments = split_list(param_string(params, "segments"));
    options.columns.id = param_string(params, "id_column");
    if (params.contains("seed")) options.seed = params["seed"].get<std::uint64_t>();
    if (params.contains("stability_runs")) options.stability_runs = params["stability_runs"].get<std::size_t>();
    if (params.contains("combined")) options.combined = params["combined"].get<bool>();
    if (params.contains("per_row")) options.per_row_llm = params["per_row"].get<bool>();
    if (const auto book = param_string(params, "codebook"); !book.empty()) {
        BOROUGH_TRY(options.codebook, parse_codebook(book));
    }

    ctx.progress.on_progress("read", 0, 1);
    io::Table table;
    const std::string sheet = param_string(params, "sheet");
    switch (sniff(input.content)) {
        case InputFormat::Xlsx: {
            BOROUGH_TRY(table, io::read_xlsx(input.content, input.name, sheet));
            break;
        }
        case InputFormat::OldXls:
            return fail(ErrorCode::InvalidInput,
                        fmt::format("{} is an old binary Excel workbook (.xls); save it as .xlsx or .csv", input.name),
                        "input");
        case InputFormat::Image:
        case InputFormat::Pdf: {
            BOROUGH_TRY(table, table_from_forms(input, options.columns.questions, ctx, options.ocr_confidence));
            options.columns.id = "Respondent ID";
            break;
        }
        case InputFormat::Csv: {
            if (!sheet.empty()) {
                return fail(ErrorCode::InvalidInput, fmt::format("{} is a CSV file: it has no sheets", input.name),
                            "sheet");
            }
            BOROUGH_TRY(table, io::read_csv(input.content, input.name));
            break;
        }
    }
    ctx.progress.on_progress("read", 1, 1);
    const double read_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();

    BOROUGH_TRY(auto result, analyse_survey(table, options, ctx));
    result.timings_ms["read"] = read_ms;

    auto t0 = std::chrono::steady_clock::now();
    ActionOutput out;
    out.method = result.method;
    out.warnings = result.warnings;
    for (const auto& s : result.skipped_rows) {
        out.warnings.push_back(fmt::format("{}: line {} skipped: {}", result.source, s.line, s.reason));
    }
    out.markdown = render_survey_markdown(result);
    out.artifacts.push_back({"html", "text/html; charset=utf-8", render_survey_html(result)});
    BOROUGH_TRY(auto xlsx, xlsx_bytes(survey_sheets(result)));
    out.artifacts.push_back({"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                             std::move(xlsx)});
    result.timings_ms["reports"] =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    result.timings_ms["total"] =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    out.result = survey_to_json(result);
    out.timings = out.result["timings_ms"];
    return out;
}

}  // namespace borough::actions::survey
