#include "actions/survey_analysis/survey_eval.h"

#include <algorithm>
#include <chrono>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <unordered_map>

#include <fmt/format.h>

#include "actions/survey_analysis/survey_analysis.h"
#include "core/assignment.h"
#include "core/clock.h"
#include "core/file.h"
#include "io/csv_reader.h"
#include "nlp/sentiment.h"
#include "nlp/stemmer.h"
#include "nlp/tokenize.h"
#include "nlp/themes.h"

namespace borough::actions::survey {
namespace {

namespace fs = std::filesystem;

// Three-way sentiment classes: our Mixed counts as neutral (the gold sets' middle class).
constexpr int kPositive = 0;
constexpr int kNeutral = 1;
constexpr int kNegative = 2;

int class_of(nlp::SentimentLabel l) {
    switch (l) {
        case nlp::SentimentLabel::Positive: return kPositive;
        case nlp::SentimentLabel::Negative: return kNegative;
        case nlp::SentimentLabel::Neutral:
        case nlp::SentimentLabel::Mixed: return kNeutral;
    }
    return kNeutral;
}

struct SentimentSet {
    std::string name;
    std::vector<std::string> texts;
    std::vector<int> gold;
};

Json sentiment_json(const SentimentSet& set, const nlp::SentimentAnalyzer& analyzer, std::string& md) {
    std::vector<int> ours, base;
    ours.reserve(set.texts.size());
    base.reserve(set.texts.size());
    const auto t0 = std::chrono::steady_clock::now();
    for (const auto& t : set.texts) ours.push_back(class_of(analyzer.score(t).label));
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    for (const auto& t : set.texts) base.push_back(class_of(nlp::plain_lexicon_label(analyzer, t)));
    const auto o = score_classes(set.gold, ours, 3);
    const auto b = score_classes(set.gold, base, 3);
    md += fmt::format("| {} | {} | lexicon (borough) | {:.3f} | {:.3f} | {:.3f} / {:.3f} / {:.3f} |\n", set.name,
                      set.texts.size(), o.accuracy, o.macro_f1, o.f1[0], o.f1[1], o.f1[2]);
    md += fmt::format("| {} | {} | plain word-count baseline | {:.3f} | {:.3f} | {:.3f} / {:.3f} / {:.3f} |\n",
                      set.name, set.texts.size(), b.accuracy, b.macro_f1, b.f1[0], b.f1[1], b.f1[2]);
    return Json{{"set", set.name},
                {"items", set.texts.size()},
                {"ours", {{"accuracy", o.accuracy}, {"macro_f1", o.macro_f1}, {"f1_pos_neu_neg", o.f1}}},
                {"baseline", {{"accuracy", b.accuracy}, {"macro_f1", b.macro_f1}, {"f1_pos_neu_neg", b.f1}}},
                {"macro_f1_gain", o.macro_f1 - b.macro_f1},
                {"ms", ms}};
}

Result<io::Table> read_csv_file(const fs::path& path) {
    BOROUGH_TRY(auto bytes, read_file(path, std::uint64_t{1} << 30));
    return io::read_csv(bytes, path.filename().string());
}

Result<std::size_t> need_column(const io::Table& t, std::string_view name) {
    if (auto c = t.column(name)) return *c;
    return fail(ErrorCode::InvalidInput, fmt::format("{}: no column \"{}\"", t.source, name), std::string(name));
}

}  // namespace

ClassScores score_classes(const std::vector<int>& gold, const std::vector<int>& predicted, std::size_t labels) {
    ClassScores s;
    std::vector<std::size_t> tp(labels), fp(labels), fn(labels);
    std::size_t correct = 0;
    for (std::size_t i = 0; i < gold.size() && i < predicted.size(); ++i) {
        const auto g = static_cast<std::size_t>(gold[i]);
        const auto p = static_cast<std::size_t>(predicted[i]);
        if (g == p) {
            ++correct;
            ++tp[g];
        } else {
            ++fp[p];
            ++fn[g];
        }
    }
    s.accuracy = gold.empty() ? 0 : static_cast<double>(correct) / static_cast<double>(gold.size());
    for (std::size_t c = 0; c < labels; ++c) {
        const double denom = static_cast<double>(2 * tp[c] + fp[c] + fn[c]);
        s.f1.push_back(denom == 0 ? 0 : 2.0 * static_cast<double>(tp[c]) / denom);
        s.macro_f1 += s.f1.back() / static_cast<double>(labels);
    }
    return s;
}

std::vector<int> best_assignment(const std::vector<std::vector<double>>& weight) {
    // Maximum total weight: the least-cost assignment on (max weight - weight), padded square with zeros.
    const std::size_t rows = weight.size();
    std::size_t cols = 0;
    for (const auto& r : weight) cols = std::max(cols, r.size());
    const std::size_t n = std::max(rows, cols);
    if (n == 0) return {};
    double max_w = 0;
    for (const auto& r : weight) {
        for (double w : r) max_w = std::max(max_w, w);
    }
    auto cost = [&](std::size_t i, std::size_t j) {
        const double w = i < rows && j < weight[i].size() ? weight[i][j] : 0.0;
        return max_w - w;
    };
    std::vector<std::vector<double>> square(n, std::vector<double>(n));
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = 0; j < n; ++j) square[i][j] = cost(i, j);
    }
    const std::vector<std::size_t> row_to_col = min_cost_assignment(square);
    std::vector<int> result(rows, -1);
    for (std::size_t i = 0; i < rows; ++i) {
        const std::size_t j = row_to_col[i];
        if (j < weight[i].size() && weight[i][j] > 0) result[i] = static_cast<int>(j);
    }
    return result;
}

ThemeScores score_themes(const std::vector<std::vector<std::size_t>>& produced,
                         const std::vector<std::vector<std::size_t>>& gold, const std::vector<std::string>& gold_names,
                         std::size_t min_gold_size, double match_jaccard) {
    ThemeScores s;
    for (std::size_t g = 0; g < gold.size(); ++g) {
        if (gold[g].size() < min_gold_size) continue;
        ++s.gold_themes;
        double best = 0;
        for (const auto& p : produced) best = std::max(best, nlp::jaccard(p, gold[g]));
        if (best >= match_jaccard) ++s.matched;
        s.best_jaccard.emplace_back(g < gold_names.size() ? gold_names[g] : std::to_string(g), best);
    }
    s.recall = s.gold_themes == 0 ? 0 : static_cast<double>(s.matched) / static_cast<double>(s.gold_themes);
    std::vector<std::vector<double>> overlap(produced.size(), std::vector<double>(gold.size()));
    for (std::size_t p = 0; p < produced.size(); ++p) {
        for (std::size_t g = 0; g < gold.size(); ++g) {
            overlap[p][g] = static_cast<double>(nlp::intersection_size(produced[p], gold[g]));
        }
    }
    const auto match = best_assignment(overlap);
    double tp = 0, predicted = 0, actual = 0;
    for (std::size_t p = 0; p < produced.size(); ++p) {
        predicted += static_cast<double>(produced[p].size());
        if (match[p] >= 0) tp += overlap[p][static_cast<std::size_t>(match[p])];
    }
    for (const auto& g : gold) actual += static_cast<double>(g.size());
    s.micro_precision = predicted == 0 ? 0 : tp / predicted;
    s.micro_recall = actual == 0 ? 0 : tp / actual;
    s.micro_f1 = s.micro_precision + s.micro_recall == 0
                     ? 0
                     : 2 * s.micro_precision * s.micro_recall / (s.micro_precision + s.micro_recall);
    return s;
}

Result<WordSetCeiling> word_set_ceiling(const std::vector<std::string_view>& texts,
                                        const std::vector<std::vector<std::size_t>>& gold, std::size_t max_stems,
                                        std::size_t min_gold_size, double match_jaccard) {
    BOROUGH_TRY(auto stemmer, nlp::Stemmer::create());
    // Rows as bitsets per stem, so a candidate union is a word-wise OR.
    const std::size_t n = texts.size();
    const std::size_t words = (n + 63) / 64;
    std::unordered_map<std::string, std::size_t> stem_ids;
    std::vector<std::vector<std::uint64_t>> rows_of;
    for (std::size_t r = 0; r < n; ++r) {
        for (const auto& token : nlp::content_tokens(texts[r])) {
            const auto [it, added] = stem_ids.emplace(std::string(stemmer->stem(token)), rows_of.size());
            if (added) rows_of.emplace_back(words, 0);
            rows_of[it->second][r / 64] |= std::uint64_t{1} << (r % 64);
        }
    }
    WordSetCeiling c;
    std::vector<std::uint64_t> target(words), current(words);
    for (const auto& g : gold) {
        if (g.size() < min_gold_size) continue;
        ++c.gold_themes;
        std::fill(target.begin(), target.end(), 0);
        for (std::size_t r : g) {
            if (r < n) target[r / 64] |= std::uint64_t{1} << (r % 64);
        }
        std::fill(current.begin(), current.end(), 0);
        double best = 0;
        for (std::size_t step = 0; step < max_stems; ++step) {
            std::size_t pick = rows_of.size();
            double pick_jaccard = best;
            for (std::size_t s = 0; s < rows_of.size(); ++s) {
                std::size_t both = 0, either = 0;
                for (std::size_t w = 0; w < words; ++w) {
                    const std::uint64_t u = current[w] | rows_of[s][w];
                    both += static_cast<std::size_t>(std::popcount(u & target[w]));
                    either += static_cast<std::size_t>(std::popcount(u | target[w]));
                }
                const double j = either == 0 ? 0 : static_cast<double>(both) / static_cast<double>(either);
                if (j > pick_jaccard + 1e-12) {
                    pick_jaccard = j;
                    pick = s;
                }
            }
            if (pick == rows_of.size()) break;
            for (std::size_t w = 0; w < words; ++w) current[w] |= rows_of[pick][w];
            best = pick_jaccard;
        }
        if (best >= match_jaccard) ++c.matched;
    }
    c.recall = c.gold_themes == 0 ? 0 : static_cast<double>(c.matched) / static_cast<double>(c.gold_themes);
    return c;
}

Result<Json> evaluate_survey_analysis(const fs::path& eval_dir, std::uint64_t seed) {
    BOROUGH_TRY(auto analyzer, nlp::SentimentAnalyzer::create());
    Json sets = Json::array();
    std::string md =
        "| Set | Items | Method | Accuracy | Macro-F1 | F1 pos / neu / neg |\n|---|---:|---|---:|---:|---|\n";
    std::string theme_md;

    const fs::path fft = eval_dir / "nhs_fft_pxtextmining" / "datasets" / "v6framework_230831.csv";
    if (fs::exists(fft)) {
        BOROUGH_TRY(auto table, read_csv_file(fft));
        BOROUGH_TRY(auto text_col, need_column(table, "FFT answer"));
        BOROUGH_TRY(auto label_col, need_column(table, "Comment sentiment"));
        SentimentSet set{"NHS FFT v6 (pxtextmining)", {}, {}};
        for (const auto& row : table.rows) {
            const auto& label = row.cells[label_col];
            const auto& text = row.cells[text_col];
            if (label.size() != 1 || label[0] < '1' || label[0] > '5' || text.empty()) continue;
            set.texts.push_back(text);
            set.gold.push_back(label[0] <= '2' ? kPositive : label[0] == '3' ? kNeutral : kNegative);
        }
        sets.push_back(sentiment_json(set, analyzer, md));

        // Themes: the whole action on the answer column, against the framework's one-hot theme columns.
        std::vector<std::size_t> theme_cols;
        std::vector<std::string> names;
        for (std::size_t c = label_col + 1; c < table.header.size(); ++c) {
            const auto& h = table.header[c];
            if (h == "Not assigned" || h == "Labelling not possible") continue;
            theme_cols.push_back(c);
            names.push_back(h);
        }
        std::vector<std::vector<std::size_t>> gold(theme_cols.size());
        for (std::size_t r = 0; r < table.rows.size(); ++r) {
            for (std::size_t k = 0; k < theme_cols.size(); ++k) {
                if (table.rows[r].cells[theme_cols[k]] == "1") gold[k].push_back(r);
            }
        }
        SurveyOptions options;
        options.columns.questions = {"FFT answer"};
        options.columns.id = "none";
        options.columns.segments = {"Trust"};
        options.stability_runs = 2;
        options.combined = false;
        options.seed = seed;
        SystemClock clock;
        NullProgressSink progress;
        ActionContext ctx{nullptr, clock, progress, {}};
        const auto t0 = std::chrono::steady_clock::now();
        BOROUGH_TRY(auto result, analyse_survey(table, options, ctx));
        const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
        // Recall counts every produced theme (sub-themes too: a council reads them); the one-to-one
        // assignment F1 uses the top-level themes, which partition the answers like the gold framework.
        std::vector<std::vector<std::size_t>> produced, top_level;
        for (const auto& t : result.questions[0].themes) {
            std::vector<std::size_t> rows;
            for (std::size_t a : t.answers) rows.push_back(result.respondents[result.answers[a].respondent].table_row);
            std::sort(rows.begin(), rows.end());
            if (!t.parent) top_level.push_back(rows);
            produced.push_back(std::move(rows));
        }
        auto ts = score_themes(produced, gold, names);
        const auto top = score_themes(top_level, gold, names);
        ts.micro_precision = top.micro_precision;
        ts.micro_recall = top.micro_recall;
        ts.micro_f1 = top.micro_f1;
        // The oracle ceiling over the same answered rows, gold restricted to them.
        std::vector<std::string_view> answered_texts;
        std::vector<std::size_t> row_to_answer(table.rows.size(), SIZE_MAX);
        for (std::size_t a = 0; a < result.answers.size(); ++a) {
            if (result.answers[a].state != AnswerState::Answered) continue;
            row_to_answer[result.respondents[result.answers[a].respondent].table_row] = answered_texts.size();
            answered_texts.push_back(answer_text(result, a));
        }
        // The same gold themes as recall counts (>= 30 rows), each restricted to the answered rows.
        std::vector<std::vector<std::size_t>> gold_answered;
        for (const auto& g : gold) {
            if (g.size() < 30) continue;
            auto& restricted = gold_answered.emplace_back();
            for (std::size_t row : g) {
                if (row_to_answer[row] != SIZE_MAX) restricted.push_back(row_to_answer[row]);
            }
        }
        BOROUGH_TRY(const auto ceiling, word_set_ceiling(answered_texts, gold_answered, 6, 0));
        Json per_theme = Json::array();
        for (const auto& [name, j] : ts.best_jaccard) per_theme.push_back({{"theme", name}, {"best_jaccard", j}});
        sets.push_back({{"set", "NHS FFT v6 themes"},
                        {"answers", result.questions[0].answered},
                        {"themes_produced", produced.size()},
                        {"top_level_themes", top_level.size()},
                        {"gold_themes_30_plus", ts.gold_themes},
                        {"matched", ts.matched},
                        {"theme_recall", ts.recall},
                        {"micro_precision", ts.micro_precision},
                        {"micro_recall", ts.micro_recall},
                        {"micro_f1", ts.micro_f1},
                        {"stability", result.questions[0].stability},
                        {"word_set_ceiling",
                         {{"matched", ceiling.matched}, {"gold_themes", ceiling.gold_themes}, {"recall", ceiling.recall}}},
                        {"per_gold_theme", std::move(per_theme)},
                        {"ms", ms}});
        theme_md += fmt::format(
            "| NHS FFT v6 | {} answers | {} themes ({} top-level) | {}/{} gold themes (≥30 answers) matched at "
            "Jaccard ≥ 0.3: recall {:.2f} (word-set oracle ceiling {:.2f}) | top-level micro-P {:.3f} micro-R {:.3f} micro-F1 {:.3f} | stability "
            "{:.2f} | {:.0f} ms |\n",
            result.questions[0].answered, produced.size(), top_level.size(), ts.matched, ts.gold_themes, ts.recall,
            ceiling.recall, ts.micro_precision,
            ts.micro_recall, ts.micro_f1, result.questions[0].stability, ms);
    }

    const fs::path tweets = eval_dir / "sentiment_twitter_us_airline" / "Tweets.csv";
    if (fs::exists(tweets)) {
        BOROUGH_TRY(auto table, read_csv_file(tweets));
        BOROUGH_TRY(auto text_col, need_column(table, "text"));
        BOROUGH_TRY(auto label_col, need_column(table, "airline_sentiment"));
        SentimentSet set{"Twitter US airline", {}, {}};
        for (const auto& row : table.rows) {
            const auto& label = row.cells[label_col];
            const int gold = label == "positive" ? kPositive : label == "neutral" ? kNeutral : label == "negative" ? kNegative : -1;
            if (gold < 0) continue;
            set.texts.push_back(row.cells[text_col]);
            set.gold.push_back(gold);
        }
        sets.push_back(sentiment_json(set, analyzer, md));
    }
    if (sets.empty()) {
        return fail(ErrorCode::NotFound,
                    fmt::format("no evaluation set found under {} (expected nhs_fft_pxtextmining/ or "
                                "sentiment_twitter_us_airline/)",
                                eval_dir.string()),
                    "data");
    }
    if (!theme_md.empty()) md += "\n| Set | Answers | Produced | Theme recall | Assignment | Stability | Time |\n"
                                 "|---|---:|---:|---|---|---:|---:|\n" + theme_md;
    return Json{{"action", "survey-analysis"}, {"seed", seed}, {"sets", std::move(sets)}, {"markdown", md}};
}

}  // namespace borough::actions::survey
