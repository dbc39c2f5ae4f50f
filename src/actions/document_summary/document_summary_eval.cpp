#include "actions/document_summary/document_summary_eval.h"

#include <fmt/format.h>

#include <sstream>

#include "actions/document_summary/document_summary.h"
#include "core/clock.h"
#include "core/file.h"
#include "nlp/rouge.h"
#include "nlp/sentences.h"
#include "nlp/textrank.h"

namespace borough::actions::document_summary {

Result<Json> evaluate_document_summary(const std::filesystem::path& eval_dir) {
    const auto path = eval_dir / "longdoc_squality" / "data" / "v1-3" / "txt" / "test.jsonl";
    if (!std::filesystem::exists(path)) {
        return fail(ErrorCode::NotFound,
                    fmt::format("no evaluation set found under {} (expected longdoc_squality/data/v1-3/txt/test.jsonl)",
                                eval_dir.string()),
                    "data");
    }
    BOROUGH_TRY(const auto bytes, read_file(path, 256 << 20));
    BOROUGH_TRY(auto scorer, nlp::RougeScorer::create());
    SystemClock clock;
    NullProgressSink progress;
    ActionContext ctx{nullptr, clock, progress, {}};
    struct Totals {
        double r1 = 0, r2 = 0, rl = 0;
    };
    Totals ours, budgeted, lead, textrank;
    std::size_t documents = 0, line_no = 0;
    std::istringstream lines(bytes);
    for (std::string line; std::getline(lines, line);) {
        ++line_no;
        if (line.empty()) continue;
        BOROUGH_TRY(auto j, parse_json(line, fmt::format("{}:{}", path.string(), line_no)));
        if (!j.contains("document") || !j.contains("questions") || j["questions"].empty()) {
            return fail(ErrorCode::InvalidInput, fmt::format("{}:{}: not a SQuALITY record", path.string(), line_no),
                        path.string());
        }
        std::vector<std::string> refs;
        for (const auto& r : j["questions"][0].value("responses", Json::array())) {
            refs.push_back(r.value("response_text", ""));
        }
        if (refs.empty()) continue;
        std::size_t ref_words = 0;
        for (const auto& r : refs) ref_words += scorer->tokens(r).size();
        const std::size_t budget = std::max<std::size_t>(1, ref_words / refs.size());

        SourceText src;
        src.name = "story.txt";
        src.text = j["document"].get<std::string>();
        src.sentences = nlp::split_sentences(src.text);
        BOROUGH_TRY(const auto summary, summarise_extractive(src, Json{{"length", "long"}}, ctx));
        std::string ours_text;
        for (const auto& p : summary["key_points"]) ours_text += p["text"].get<std::string>() + "\n";
        BOROUGH_TRY(const auto to_budget,
                    summarise_extractive(src, Json{{"words", static_cast<std::int64_t>(budget)}}, ctx));
        std::string budget_text;
        for (const auto& p : to_budget["key_points"]) budget_text += p["text"].get<std::string>() + "\n";
        nlp::TextRankOptions tr;
        tr.max_sentences = budget / 10 + 1;
        std::string ranked;
        for (std::size_t i : nlp::select_summary(src.sentences, tr)) ranked += src.sentences[i].text + "\n";

        const auto add = [&](Totals& t, const std::string& text) {
            const std::string cut = nlp::first_words(text, budget);
            for (const auto& r : refs) {
                const auto s = scorer->score(cut, r);
                t.r1 += s.rouge1.f1 / static_cast<double>(refs.size());
                t.r2 += s.rouge2.f1 / static_cast<double>(refs.size());
                t.rl += s.rouge_l.f1 / static_cast<double>(refs.size());
            }
        };
        add(ours, ours_text);
        add(budgeted, budget_text);
        add(lead, src.text);
        add(textrank, ranked);
        ++documents;
    }
    if (documents == 0) return fail(ErrorCode::NotFound, fmt::format("{}: no documents", path.string()), "data");
    const double n = static_cast<double>(documents);
    Json rows = Json::array();
    std::string md = fmt::format(
        "SQuALITY test, \"What is the plot of the story?\", {} documents, 4 references each; every system cut "
        "to the mean reference length. ROUGE F1:\n\n| Method | ROUGE-1 | ROUGE-2 | ROUGE-L |\n|---|---:|---:|---:|\n",
        documents);
    for (const auto& [name, t] :
         {std::pair{"borough document-summary (extractive, long)", ours},
          std::pair{"borough document-summary (extractive, words = reference length)", budgeted},
          std::pair{"lead-N", lead}, std::pair{"TextRank (plain, to length)", textrank}}) {
        rows.push_back({{"method", name}, {"rouge1", t.r1 / n}, {"rouge2", t.r2 / n}, {"rougeL", t.rl / n}});
        md += fmt::format("| {} | {:.3f} | {:.3f} | {:.3f} |\n", name, t.r1 / n, t.r2 / n, t.rl / n);
    }
    return Json{
        {"action", "document-summary"},
        {"sets",
         Json::array(
             {{{"set", "SQuALITY test plot questions"}, {"documents", documents}, {"methods", std::move(rows)}}})},
        {"markdown", md}};
}

}  // namespace borough::actions::document_summary
