#include "actions/minutes/minutes_eval.h"

#include <algorithm>
#include <chrono>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "actions/minutes/minutes.h"
#include "core/file.h"
#include "core/strings.h"
#include "io/transcript.h"
#include "nlp/due_dates.h"
#include "nlp/stemmer.h"
#include "nlp/tokenize.h"
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

namespace borough::actions::minutes {
namespace {

struct GoldCounts {
    std::size_t gold_decisions = 0, predicted_decisions = 0, matched_decisions = 0;
    std::size_t gold_actions = 0, predicted_actions = 0, found = 0, owner = 0, due = 0, all = 0, matched_predicted = 0;
    void add(const GoldCounts& o) {
        gold_decisions += o.gold_decisions;
        predicted_decisions += o.predicted_decisions;
        matched_decisions += o.matched_decisions;
        gold_actions += o.gold_actions;
        predicted_actions += o.predicted_actions;
        found += o.found;
        owner += o.owner;
        due += o.due;
        all += o.all;
        matched_predicted += o.matched_predicted;
    }
};

double ratio(std::size_t a, std::size_t b) { return b == 0 ? 1.0 : static_cast<double>(a) / static_cast<double>(b); }

std::vector<std::string> name_words(std::string_view name) {
    std::vector<std::string> out;
    for (auto& w : nlp::word_tokens(name)) out.push_back(ascii_lower(w));
    return out;
}

bool subset(const std::vector<std::string>& a, const std::vector<std::string>& b) {
    return std::all_of(a.begin(), a.end(), [&](const std::string& w) { return std::find(b.begin(), b.end(), w) != b.end(); });
}

bool same_owner(std::string_view gold, std::string_view predicted) {
    const auto g = name_words(gold), p = name_words(predicted);
    if (g.empty() || p.empty()) return g.empty() && p.empty();
    return subset(p, g) || subset(g, p);
}

std::set<std::string> stem_set(nlp::Stemmer& stemmer, std::string_view text) {
    std::set<std::string> out;
    for (const auto& w : nlp::content_tokens(text)) out.emplace(stemmer.stem(ascii_lower(w)));
    return out;
}

// Share of the gold task's content stems that the predicted task has.
double task_overlap(nlp::Stemmer& stemmer, std::string_view gold, std::string_view predicted) {
    const auto g = stem_set(stemmer, gold);
    const auto p = stem_set(stemmer, predicted);
    std::size_t shared = 0;
    for (const auto& w : g) shared += p.count(w);
    return g.empty() ? 0.0 : static_cast<double>(shared) / static_cast<double>(g.size());
}

Result<std::size_t> turn_of_said(const io::Transcript& t, const Json& entry, const std::string& where) {
    const std::string said = entry.is_object() ? entry.value("said", "") : std::string();
    std::optional<std::size_t> found;
    for (std::size_t i = 0; i < t.turns.size() && !said.empty(); ++i) {
        if (t.turns[i].text.find(said) == std::string::npos) continue;
        if (found) {
            return fail(ErrorCode::InvalidInput,
                        fmt::format("{}: \"said\" occurs in turns {} and {}", where, *found + 1, i + 1), where);
        }
        found = i;
    }
    if (!found) {
        return fail(ErrorCode::InvalidInput, fmt::format("{}: \"said\" is in no turn of the transcript", where), where);
    }
    return *found;
}

Result<GoldCounts> score_meeting(const fs::path& dir, nlp::Stemmer& stemmer) {
    fs::path transcript_path;
    for (const char* ext : {".txt", ".vtt", ".srt", ".json", ".docx"}) {
        if (fs::exists(dir / (std::string("transcript") + ext))) transcript_path = dir / (std::string("transcript") + ext);
    }
    const fs::path gold_path = dir / "gold.json";
    if (transcript_path.empty()) {
        return fail(ErrorCode::InvalidInput, fmt::format("{}: no transcript.* file", dir.string()), dir.string());
    }
    BOROUGH_TRY(auto bytes, read_file(transcript_path, 8 << 20));
    BOROUGH_TRY(auto transcript, io::parse_transcript(bytes, transcript_path.string()));
    BOROUGH_TRY(auto gold_bytes, read_file(gold_path, 1 << 20));
    BOROUGH_TRY(auto gold, parse_json(gold_bytes, gold_path.string()));
    const auto date = gold.is_object() ? nlp::parse_iso_date(gold.value("meeting_date", "")) : std::nullopt;
    if (!date) {
        return fail(ErrorCode::InvalidInput, fmt::format("{}: /meeting_date is not YYYY-MM-DD", gold_path.string()),
                    gold_path.string());
    }
    BOROUGH_TRY(auto m, extract_minutes(transcript, MinutesOptions{*date}));
    GoldCounts c;
    std::vector<std::size_t> decision_turns;
    std::vector<const ActionItem*> actions;
    for (const auto& item : m.items) {
        for (const auto& d : item.decisions) decision_turns.push_back(d.turn);
        for (const auto& a : item.actions) actions.push_back(&a);
    }
    c.predicted_decisions = decision_turns.size();
    c.predicted_actions = actions.size();
    std::vector<bool> used_decision(decision_turns.size(), false);
    const Json decisions = gold.value("decisions", Json::array());
    for (std::size_t i = 0; i < decisions.size(); ++i) {
        BOROUGH_TRY(const std::size_t turn,
                    turn_of_said(transcript, decisions[i], fmt::format("{}: /decisions/{}", gold_path.string(), i)));
        ++c.gold_decisions;
        for (std::size_t k = 0; k < decision_turns.size(); ++k) {
            if (!used_decision[k] && decision_turns[k] == turn) {
                used_decision[k] = true;
                ++c.matched_decisions;
                break;
            }
        }
    }
    std::vector<bool> used_action(actions.size(), false);
    const Json gold_actions = gold.value("actions", Json::array());
    for (std::size_t i = 0; i < gold_actions.size(); ++i) {
        const std::string where = fmt::format("{}: /actions/{}", gold_path.string(), i);
        BOROUGH_TRY(const std::size_t turn, turn_of_said(transcript, gold_actions[i], where));
        ++c.gold_actions;
        const Json& g = gold_actions[i];
        std::size_t best = actions.size();
        double best_overlap = 0.5 - 1e-9;
        for (std::size_t k = 0; k < actions.size(); ++k) {
            const std::size_t t = actions[k]->turn;
            if (used_action[k] || t + 1 < turn || t > turn + 1) continue;
            const double overlap = task_overlap(stemmer, g.value("task", ""), actions[k]->task);
            if (overlap > best_overlap) {
                best_overlap = overlap;
                best = k;
            }
        }
        if (best == actions.size()) continue;
        used_action[best] = true;
        ++c.found;
        ++c.matched_predicted;
        const ActionItem& a = *actions[best];
        const bool owner_ok = same_owner(g.value("owner", ""), a.owner);
        const bool due_ok = g.contains("due") && g["due"].is_string()
                                ? (a.due && nlp::iso_date(*a.due) == g["due"].get<std::string>())
                                : !a.due;
        c.owner += owner_ok ? 1 : 0;
        c.due += due_ok ? 1 : 0;
        c.all += owner_ok && due_ok ? 1 : 0;
    }
    return c;
}

Json decisions_json(const GoldCounts& c) {
    return Json{{"gold", c.gold_decisions},
                {"predicted", c.predicted_decisions},
                {"matched", c.matched_decisions},
                {"recall", ratio(c.matched_decisions, c.gold_decisions)},
                {"precision", ratio(c.matched_decisions, c.predicted_decisions)}};
}

Json actions_json(const GoldCounts& c) {
    return Json{{"gold", c.gold_actions},
                {"predicted", c.predicted_actions},
                {"found", c.found},
                {"owner", c.owner},
                {"due", c.due},
                {"all", c.all},
                {"recall_task", ratio(c.found, c.gold_actions)},
                {"recall_owner", ratio(c.owner, c.gold_actions)},
                {"recall_due", ratio(c.due, c.gold_actions)},
                {"recall_all", ratio(c.all, c.gold_actions)},
                {"precision", ratio(c.matched_predicted, c.predicted_actions)}};
}

}  // namespace

Result<Json> evaluate_minutes_gold(const fs::path& gold_dir) {
    std::vector<fs::path> dirs;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(gold_dir, ec)) {
        if (e.is_directory() && fs::exists(e.path() / "gold.json")) dirs.push_back(e.path());
    }
    std::sort(dirs.begin(), dirs.end());
    if (dirs.empty()) {
        return fail(ErrorCode::NotFound,
                    fmt::format("no gold meetings (folders with gold.json) under {}", gold_dir.string()), "gold");
    }
    BOROUGH_TRY(auto stemmer, nlp::Stemmer::create());
    GoldCounts total;
    Json per = Json::array();
    std::string md = fmt::format(
        "Structured recall on {} gold meetings written for borough (tests/eval/minutes_gold), extractive "
        "method:\n\n| Meeting | Decisions recall | Decisions precision | Actions found (task) | Owner | Due | "
        "Owner + task + due | Actions precision |\n|---|---:|---:|---:|---:|---:|---:|---:|\n",
        dirs.size());
    const auto row = [](std::string_view name, const GoldCounts& c) {
        return fmt::format("| {} | {}/{} | {}/{} | {}/{} | {}/{} | {}/{} | {}/{} | {}/{} |\n", name,
                           c.matched_decisions, c.gold_decisions, c.matched_decisions, c.predicted_decisions, c.found,
                           c.gold_actions, c.owner, c.gold_actions, c.due, c.gold_actions, c.all, c.gold_actions,
                           c.matched_predicted, c.predicted_actions);
    };
    for (const auto& dir : dirs) {
        BOROUGH_TRY(const auto c, score_meeting(dir, *stemmer));
        total.add(c);
        const std::string name = dir.filename().string();
        per.push_back({{"meeting", name}, {"decisions", decisions_json(c)}, {"actions", actions_json(c)}});
        md += row(name, c);
    }
    md += row("**all**", total);
    md += fmt::format(
        "\nDecisions: recall {:.2f}, precision {:.2f}. Actions: recall {:.2f} (task), {:.2f} (owner), {:.2f} "
        "(due), {:.2f} (owner + task + due); precision {:.2f}.\n",
        ratio(total.matched_decisions, total.gold_decisions), ratio(total.matched_decisions, total.predicted_decisions),
        ratio(total.found, total.gold_actions), ratio(total.owner, total.gold_actions),
        ratio(total.due, total.gold_actions), ratio(total.all, total.gold_actions),
        ratio(total.matched_predicted, total.predicted_actions));
    return Json{{"meetings", dirs.size()},
                {"decisions", decisions_json(total)},
                {"actions", actions_json(total)},
                {"per_meeting", std::move(per)},
                {"markdown", md}};
}

}  // namespace borough::actions::minutes
