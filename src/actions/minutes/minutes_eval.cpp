#include "actions/minutes/minutes_eval.h"

#include <algorithm>
#include <chrono>
#include <set>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "actions/minutes/minutes.h"
#include "core/file.h"
#include "nlp/rouge.h"
#include "nlp/sentences.h"
#include "nlp/textrank.h"

namespace borough::actions::minutes {
namespace {

namespace fs = std::filesystem;

struct Totals {
    double r1 = 0, r2 = 0, rl = 0;
    void add(const nlp::RougeScores& s) {
        r1 += s.rouge1.f1;
        r2 += s.rouge2.f1;
        rl += s.rouge_l.f1;
    }
};

// The minutes as plain text in reading order: per item its title, then its points, decisions and
// actions in the order they were said.
std::string minutes_text(const Minutes& m) {
    std::string out;
    for (const auto& item : m.items) {
        std::vector<std::pair<std::size_t, std::string>> said;  // (turn, text)
        for (const auto& s : item.points) said.emplace_back(s.turn, s.text);
        for (const auto& s : item.decisions) said.emplace_back(s.turn, s.text);
        for (const auto& a : item.actions) said.emplace_back(a.turn, a.said);
        std::stable_sort(said.begin(), said.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        said.erase(std::unique(said.begin(), said.end()), said.end());
        if (m.items.size() > 1) out += item.title + ".\n";
        for (const auto& [turn, text] : said) out += text + "\n";
    }
    return out;
}

}  // namespace

Result<Json> evaluate_minutes(const fs::path& eval_dir) {
    const fs::path root = eval_dir / "meetings_qmsum" / "data";
    if (!fs::exists(root)) {
        return fail(ErrorCode::NotFound,
                    fmt::format("no evaluation set found under {} (expected meetings_qmsum/data/)", eval_dir.string()),
                    "data");
    }
    BOROUGH_TRY(auto scorer, nlp::RougeScorer::create());
    std::vector<fs::path> files;
    for (const char* sub : {"ALL/test", "Committee/all"}) {
        std::error_code ec;
        for (const auto& e : fs::directory_iterator(root / sub, ec)) {
            if (e.path().extension() == ".json") files.push_back(e.path());
        }
    }
    std::sort(files.begin(), files.end());
    std::set<std::string> names;
    Totals ours, lead, textrank;
    std::size_t meetings = 0, refused = 0;
    double extract_ms = 0;
    for (const auto& path : files) {
        if (!names.insert(path.filename().string()).second) continue;  // in both folders
        BOROUGH_TRY(auto bytes, read_file(path, 64 << 20));
        BOROUGH_TRY(auto j, parse_json(bytes, path.string()));
        if (!j.contains("meeting_transcripts") || !j.contains("general_query_list") ||
            j["general_query_list"].empty()) {
            return fail(ErrorCode::InvalidInput, fmt::format("{}: not a QMSum meeting file", path.string()),
                        path.string());
        }
        const std::string reference = j["general_query_list"][0].value("answer", "");
        io::Transcript t;
        t.source = path.filename().string();
        std::string whole;
        for (const auto& turn : j["meeting_transcripts"]) {
            io::Turn tu;
            tu.speaker = turn.value("speaker", "");
            tu.text = turn.value("content", "");
            tu.line = t.turns.size() + 1;
            whole += tu.speaker + ": " + tu.text + "\n";
            t.turns.push_back(std::move(tu));
        }
        const std::size_t budget = std::max<std::size_t>(1, scorer->tokens(reference).size());
        const auto t0 = std::chrono::steady_clock::now();
        auto m = extract_minutes(t, {std::chrono::year_month_day{std::chrono::year{2020}, std::chrono::January,
                                                                 std::chrono::day{1}}});
        extract_ms += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
        if (!m) {
            ++refused;
            continue;
        }
        ++meetings;
        ours.add(scorer->score(nlp::first_words(minutes_text(*m), budget), reference));
        lead.add(scorer->score(nlp::first_words(whole, budget), reference));
        // Plain TextRank over the whole transcript, in document order, to the same length.
        const auto sentences = nlp::split_sentences(whole);
        nlp::TextRankOptions tr;
        tr.max_sentences = std::min<std::size_t>(sentences.size(), budget / 8 + 1);
        std::string ranked;
        for (std::size_t i : nlp::select_summary(sentences, tr)) ranked += sentences[i].text + "\n";
        textrank.add(scorer->score(nlp::first_words(ranked, budget), reference));
    }
    if (meetings == 0) {
        return fail(ErrorCode::NotFound, fmt::format("no QMSum meeting files under {}", root.string()), "data");
    }
    const double n = static_cast<double>(meetings);
    Json rows = Json::array();
    std::string md = fmt::format(
        "QMSum, \"summarise the whole meeting\" references, {} meetings ({} refused as too short); every "
        "system cut to the reference's length. ROUGE F1:\n\n| Method | ROUGE-1 | ROUGE-2 | ROUGE-L |\n"
        "|---|---:|---:|---:|\n",
        meetings, refused);
    for (const auto& [name, tot] : {std::pair{"borough minutes (extractive)", ours}, std::pair{"lead-N", lead},
                                    std::pair{"TextRank (plain)", textrank}}) {
        rows.push_back({{"method", name}, {"rouge1", tot.r1 / n}, {"rouge2", tot.r2 / n}, {"rougeL", tot.rl / n}});
        md += fmt::format("| {} | {:.3f} | {:.3f} | {:.3f} |\n", name, tot.r1 / n, tot.r2 / n, tot.rl / n);
    }
    md += fmt::format("\nMinutes extraction: {:.1f} ms per meeting on average.\n", extract_ms / n);
    return Json{{"action", "meeting-minutes"},
                {"sets", Json::array({{{"set", "QMSum general queries"},
                                       {"meetings", meetings},
                                       {"refused", refused},
                                       {"methods", std::move(rows)},
                                       {"extract_ms_mean", extract_ms / n}}})},
                {"markdown", md}};
}

}  // namespace borough::actions::minutes
