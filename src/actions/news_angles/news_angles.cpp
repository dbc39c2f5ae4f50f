#include "actions/news_angles/news_angles.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <set>

#include "actions/common/llm_map_reduce.h"
#include "actions/news_angles/figures.h"
#include "actions/news_angles/quotes.h"
#include "core/strings.h"
#include "nlp/tokenize.h"

namespace borough::actions::news_angles {
namespace {

template <std::size_t N>
bool is_one_of(std::string_view w, const std::array<std::string_view, N>& words) {
    return std::find(words.begin(), words.end(), w) != words.end();
}

constexpr std::array<std::string_view, 32> kChange = {
    "rose",     "risen",    "rise",      "rises",     "increased", "increase", "increases", "increasing",
    "fell",     "fallen",   "falls",     "dropped",   "declined",  "decline",  "cut",       "cuts",
    "doubled",  "tripled",  "trebled",   "halved",    "grew",      "grown",    "growth",    "reduced",
    "reduction", "year-on-year", "compared", "up", "down", "jumped", "soared", "slumped"};
constexpr std::array<std::string_view, 19> kCost = {
    "cost",    "costs",   "budget",  "spend",  "spending", "savings", "saving",  "overspend", "underspend", "funding",
    "funded",  "fees",    "charges", "price",  "prices",   "bill",    "bills",   "investment", "deficit"};
// Not "members": in a council report that means councillors.
constexpr std::array<std::string_view, 26> kPeople = {
    "residents", "families", "children",  "households", "people",    "pupils",   "tenants",
    "patients",  "homes",    "carers",    "businesses", "visitors",  "adults",   "students",
    "users",     "older",    "young",     "vulnerable", "homeless",  "parents",  "schools",
    "customers", "volunteers", "residents'", "claimants", "leaseholders"};
constexpr std::array<std::string_view, 13> kFirst = {"first",  "record",   "highest", "lowest",  "largest",
                                                     "biggest", "smallest", "fastest", "ever",    "unprecedented",
                                                     "milestone", "launched", "pioneering"};
// "up" and "down" count as change only in "up from" / "down from" / "up by" / "down by".
bool change_word_at(const std::vector<std::string>& tokens, std::size_t i) {
    const std::string& w = tokens[i];
    if (w == "up" || w == "down" || w == "compared") {
        if (i + 1 >= tokens.size()) return false;
        const std::string& next = tokens[i + 1];
        return w == "compared" ? (next == "with" || next == "to") : (next == "from" || next == "by" || next == "on");
    }
    return is_one_of(w, kChange);
}

bool is_real_figure(const Figure& f) { return f.kind != FigureKind::Date; }

double jaccard(const std::vector<std::string>& a, const std::vector<std::string>& b) {
    if (a.empty() || b.empty()) return 0;
    std::set<std::string_view> sa(a.begin(), a.end());
    std::set<std::string_view> sb(b.begin(), b.end());
    std::size_t common = 0;
    for (const auto& w : sa) common += sb.count(w);
    return static_cast<double>(common) / static_cast<double>(sa.size() + sb.size() - common);
}

double weight(Reason r) {
    switch (r) {
        case Reason::Change: return 2.0;
        case Reason::First: return 2.5;  // a first or a record is what a press office looks for
        case Reason::Cost: return 1.5;
        case Reason::Scale: return 1.5;
        case Reason::People: return 1.0;
    }
    return 1.0;
}

// Which sentences belong together: the section when titled, else the PDF page, else a window.
long group_of(const DocumentSource& doc, std::size_t i) {
    if (doc.sentence_section[i] >= 0) return doc.sentence_section[i];
    if (doc.sentence_page[i] > 0) return 100000L + doc.sentence_page[i];
    return -1;
}

bool same_group(const DocumentSource& doc, std::size_t a, std::size_t b) {
    const long ga = group_of(doc, a);
    if (ga < 0 || group_of(doc, b) < 0) return (a > b ? a - b : b - a) <= 2;
    return ga == group_of(doc, b);
}

Json figure_json(const Figure& f, std::string_view sentence, const Json& citation) {
    Json j{{"text", f.text}, {"kind", to_string(f.kind)}};
    if (f.value) j["value"] = *f.value;
    if (!f.unit.empty()) j["unit"] = f.unit;
    j["context"] = figure_context(sentence, f.begin, f.end);
    j["citation"] = citation;
    return j;
}

// The sentence holding byte `offset` of the text (the last one starting at or before it).
std::size_t sentence_at(const DocumentSource& doc, std::size_t offset) {
    const auto& s = doc.source.sentences;
    auto it = std::upper_bound(s.begin(), s.end(), offset,
                               [](std::size_t off, const nlp::Sentence& x) { return off < x.begin; });
    return it == s.begin() ? 0 : static_cast<std::size_t>(it - s.begin()) - 1;
}

struct Candidate {
    std::size_t index = 0;
    double score = 0;
    std::vector<ReasonHit> reasons;
    std::vector<Figure> figures;
    std::vector<std::size_t> reason_sources;  // neighbours that added a reason: cited with the angle
};

std::string collapse_spaces(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
            if (!out.empty() && out.back() != ' ') out += ' ';
        } else {
            out += c;
        }
    }
    return out;
}

}  // namespace

std::string_view to_string(Reason reason) {
    switch (reason) {
        case Reason::Change: return "change";
        case Reason::Scale: return "scale";
        case Reason::Cost: return "cost";
        case Reason::People: return "people";
        case Reason::First: return "first";
    }
    return "change";
}

std::vector<ReasonHit> newsworthy_reasons(std::string_view sentence) {
    const std::vector<std::string> tokens = nlp::word_tokens(sentence);
    const std::vector<Figure> figures = find_figures(sentence);
    std::vector<ReasonHit> out;
    const auto add = [&](Reason r, std::string detail) {
        for (const auto& h : out) {
            if (h.reason == r) return;
        }
        out.push_back(ReasonHit{r, std::move(detail)});
    };
    for (const auto& f : figures) {
        if (f.kind == FigureKind::Change) add(Reason::Change, f.text);
    }
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        if (change_word_at(tokens, i)) {
            add(Reason::Change, i + 1 < tokens.size() && (tokens[i] == "up" || tokens[i] == "down" ||
                                                          tokens[i] == "compared")
                                    ? tokens[i] + " " + tokens[i + 1]
                                    : tokens[i]);
        }
    }
    for (const auto& f : figures) {
        if ((f.kind == FigureKind::Count && f.value && *f.value >= 1000) ||
            (f.kind == FigureKind::Money && f.value && *f.value >= 1e6)) {
            add(Reason::Scale, f.text);
        }
    }
    for (const auto& f : figures) {
        if (f.kind == FigureKind::Money) add(Reason::Cost, f.text);
    }
    for (const auto& t : tokens) {
        if (is_one_of(t, kCost)) add(Reason::Cost, t);
    }
    for (const auto& f : figures) {
        if (f.kind == FigureKind::Count && is_one_of(std::string_view(f.unit).substr(f.unit.rfind(' ') + 1), kPeople)) {
            add(Reason::People, f.text);
        }
    }
    for (const auto& t : tokens) {
        if (is_one_of(t, kPeople)) add(Reason::People, t);
    }
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        if (is_one_of(tokens[i], kFirst)) add(Reason::First, tokens[i]);
        if (tokens[i] == "records" && i + 1 < tokens.size() && tokens[i + 1] == "began") {
            add(Reason::First, "since records began");
        }
    }
    std::sort(out.begin(), out.end(), [](const ReasonHit& a, const ReasonHit& b) { return a.reason < b.reason; });
    return out;
}

std::string headline_from(std::string_view sentence) {
    std::string_view s = trim_ascii_whitespace(sentence);
    static constexpr std::array<std::string_view, 14> kConnectives = {
        "however, ",     "in addition, ", "overall, ",   "as a result, ", "furthermore, ", "meanwhile, ",
        "in total, ",    "moreover, ",    "therefore, ", "this means that ", "importantly, ", "in summary, ",
        "in particular, ", "also, "};
    for (const auto c : kConnectives) {
        if (ascii_lower(s.substr(0, c.size())) == c) {
            s.remove_prefix(c.size());
            break;
        }
    }
    // Cut at a clause break.
    for (const std::string_view brk : {std::string_view("; "), std::string_view(" \xE2\x80\x93 "),
                                       std::string_view(" - "), std::string_view(", which "),
                                       std::string_view(", although "), std::string_view(" because ")}) {
        if (const std::size_t at = s.find(brk); at != std::string_view::npos && at > 20) s = s.substr(0, at);
    }
    // About 14 words: prefer a comma after the sixth word.
    constexpr std::size_t kMaxWords = 14;
    std::size_t words = 0;
    std::size_t last_comma = std::string_view::npos;
    std::size_t cut = s.size();
    bool in = false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const bool space = s[i] == ' ';
        if (!space && !in && ++words > kMaxWords) {
            cut = i;
            break;
        }
        if (s[i] == ',' && i + 1 < s.size() && s[i + 1] == ' ' && words >= 6) last_comma = i;  // not "1,310"
        in = !space;
    }
    std::string out;
    if (cut < s.size()) {
        out = std::string(trim_ascii_whitespace(s.substr(0, last_comma != std::string_view::npos ? last_comma : cut)));
        if (last_comma == std::string_view::npos) out += "\xE2\x80\xA6";
    } else {
        out = std::string(s);
    }
    while (!out.empty() && (out.back() == '.' || out.back() == ',' || out.back() == ' ')) out.pop_back();
    if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 'a' + 'A');
    return out;
}

Result<Json> extract_angles(const DocumentSource& doc, std::size_t count, ActionContext& ctx) {
    const auto& sentences = doc.source.sentences;
    const std::vector<Quote> quotes = find_quotes(doc.source.text);
    std::vector<std::size_t> quote_sentence;
    quote_sentence.reserve(quotes.size());
    for (const auto& q : quotes) quote_sentence.push_back(sentence_at(doc, q.begin));

    std::vector<Candidate> candidates;
    std::vector<std::vector<Figure>> figures(sentences.size());
    for (std::size_t i = 0; i < sentences.size(); ++i) {
        if (i % 256 == 0 && ctx.stop.stop_requested()) return fail(ErrorCode::Cancelled, "news angles cancelled");
        if (doc.sentence_is_heading[i]) continue;
        figures[i] = find_figures(sentences[i].text);
        if (count_words(sentences[i].text) < 6) continue;
        Candidate c;
        c.index = i;
        c.reasons = newsworthy_reasons(sentences[i].text);
        const auto real = static_cast<std::size_t>(std::count_if(figures[i].begin(), figures[i].end(), is_real_figure));
        bool first = false;
        for (const auto& r : c.reasons) {
            c.score += weight(r.reason);
            first = first || r.reason == Reason::First;
        }
        c.score += 0.75 * static_cast<double>(std::min<std::size_t>(real, 3));
        // A story is its paragraph, not one sentence: reasons the neighbours add count half, and are
        // part of why the story is news.
        std::vector<ReasonHit> added;
        for (const std::size_t j : {i - 1, i + 1}) {
            if (j >= sentences.size() || doc.sentence_is_heading[j] || !same_group(doc, i, j)) continue;
            for (auto& r : newsworthy_reasons(sentences[j].text)) {
                const auto same = [&](const ReasonHit& h) { return h.reason == r.reason; };
                if (std::any_of(c.reasons.begin(), c.reasons.end(), same) ||
                    std::any_of(added.begin(), added.end(), same)) {
                    continue;
                }
                c.score += 0.5 * weight(r.reason);
                added.push_back(std::move(r));
                if (c.reason_sources.empty() || c.reason_sources.back() != j) c.reason_sources.push_back(j);
            }
        }
        c.reasons.insert(c.reasons.end(), added.begin(), added.end());
        std::stable_sort(c.reasons.begin(), c.reasons.end(),
                         [](const ReasonHit& a, const ReasonHit& b) { return a.reason < b.reason; });
        // A quote in the same section makes the story usable.
        for (std::size_t q = 0; q < quotes.size(); ++q) {
            if (same_group(doc, quote_sentence[q], i)) {
                c.score += 0.75;
                break;
            }
        }
        if (c.score < 2.5 || (real == 0 && !first)) continue;
        c.figures = figures[i];
        candidates.push_back(std::move(c));
    }
    std::stable_sort(candidates.begin(), candidates.end(),
                     [](const Candidate& a, const Candidate& b) { return a.score > b.score; });

    std::vector<bool> used(sentences.size(), false);
    std::vector<bool> quote_used(quotes.size(), false);
    std::vector<std::vector<std::string>> picked_tokens;
    Json angles = Json::array();
    for (const auto& c : candidates) {
        if (angles.size() >= count) break;
        if (used[c.index]) continue;
        const auto tokens = nlp::content_tokens(sentences[c.index].text);
        const bool repeat = std::any_of(picked_tokens.begin(), picked_tokens.end(),
                                        [&](const auto& t) { return jaccard(t, tokens) > 0.5; });
        if (repeat) continue;
        picked_tokens.push_back(tokens);
        used[c.index] = true;

        std::vector<ReasonHit> reasons = c.reasons;
        Json citations = Json::array({doc.citation(c.index)});
        Json figs = Json::array();
        for (const auto& f : c.figures) figs.push_back(figure_json(f, sentences[c.index].text, doc.citation(c.index)));
        // Up to two neighbours in the same section that carry figures support the story.
        std::size_t support = 0;
        for (std::size_t d = 1; d <= 3 && support < 2; ++d) {
            for (const std::size_t j : {c.index + d, c.index >= d ? c.index - d : sentences.size()}) {
                if (j >= sentences.size() || used[j] || support >= 2 || doc.sentence_is_heading[j]) continue;
                if (!same_group(doc, j, c.index)) continue;
                if (std::none_of(figures[j].begin(), figures[j].end(), is_real_figure)) continue;
                used[j] = true;
                ++support;
                citations.push_back(doc.citation(j));
                // What makes the supporting sentence news is part of why the story is ("a record").
                for (auto& r : newsworthy_reasons(sentences[j].text)) {
                    const auto same = [&](const ReasonHit& h) { return h.reason == r.reason; };
                    if (std::none_of(reasons.begin(), reasons.end(), same)) reasons.push_back(std::move(r));
                }
                for (const auto& f : figures[j]) figs.push_back(figure_json(f, sentences[j].text, doc.citation(j)));
            }
        }
        for (const std::size_t j : c.reason_sources) {
            const bool cited = std::any_of(citations.begin(), citations.end(), [&](const Json& x) {
                return x["sentence"].get<std::size_t>() == j + 1;
            });
            if (!cited) citations.push_back(doc.citation(j));
            used[j] = true;  // part of this story: it does not lead another
        }
        std::stable_sort(reasons.begin(), reasons.end(),
                         [](const ReasonHit& a, const ReasonHit& b) { return a.reason < b.reason; });
        Json why = Json::array();
        for (const auto& r : reasons) why.push_back(Json{{"reason", to_string(r.reason)}, {"detail", r.detail}});
        Json qs = Json::array();
        for (std::size_t q = 0; q < quotes.size() && qs.size() < 2; ++q) {
            if (quote_used[q] || !same_group(doc, quote_sentence[q], c.index)) continue;
            quote_used[q] = true;
            Json jq{{"text", quotes[q].text}};
            if (!quotes[q].speaker.empty()) jq["speaker"] = quotes[q].speaker;
            jq["citation"] = doc.citation(quote_sentence[q]);
            qs.push_back(std::move(jq));
        }
        std::sort(citations.begin(), citations.end(), [](const Json& a, const Json& b) {
            return a["sentence"].get<long long>() < b["sentence"].get<long long>();
        });
        angles.push_back(Json{{"rank", angles.size() + 1},
                              {"headline", headline_from(sentences[c.index].text)},
                              {"score", std::round(c.score * 100) / 100},
                              {"why", std::move(why)},
                              {"figures", std::move(figs)},
                              {"quotes", std::move(qs)},
                              {"citations", std::move(citations)}});
    }
    return angles;
}

namespace {

// Lengths and counts are bounded so that constrained decoding always ends within the reply budget.
Json angle_schema(const Json& id) {
    const Json ids = {{"type", "array"}, {"minItems", 1}, {"maxItems", 4}, {"items", id}};
    const Json why = {{"type", "object"},
                      {"required", Json::array({"reason", "detail"})},
                      {"additionalProperties", false},
                      {"properties",
                       {{"reason",
                         {{"type", "string"}, {"enum", Json::array({"change", "scale", "cost", "people", "first"})}}},
                        {"detail", {{"type", "string"}, {"maxLength", 160}}}}}};
    const Json figure = {{"type", "object"},
                         {"required", Json::array({"text", "citations"})},
                         {"additionalProperties", false},
                         {"properties",
                          {{"text", {{"type", "string"}, {"minLength", 1}, {"maxLength", 60}}},
                           {"context", {{"type", "string"}, {"maxLength", 160}}},
                           {"citations", ids}}}};
    const Json quote = {{"type", "object"},
                        {"required", Json::array({"text", "citations"})},
                        {"additionalProperties", false},
                        {"properties",
                         {{"text", {{"type", "string"}, {"minLength", 1}, {"maxLength", 400}}},
                          {"speaker", {{"type", "string"}, {"maxLength", 120}}},
                          {"citations", ids}}}};
    return {{"type", "object"},
            {"required", Json::array({"headline", "why", "citations"})},
            {"additionalProperties", false},
            {"properties",
             {{"headline", {{"type", "string"}, {"minLength", 1}, {"maxLength", 120}}},
              {"why", {{"type", "array"}, {"minItems", 1}, {"maxItems", 5}, {"items", why}}},
              {"figures", {{"type", "array"}, {"maxItems", 4}, {"items", figure}}},
              {"quotes", {{"type", "array"}, {"maxItems", 2}, {"items", quote}}},
              {"citations", ids}}}};
}

Json angles_schema(std::size_t max_items, const Json& id) {
    return {{"type", "object"},
            {"required", Json::array({"angles"})},
            {"additionalProperties", false},
            {"properties", {{"angles", {{"type", "array"}, {"maxItems", max_items}, {"items", angle_schema(id)}}}}}};
}

// 0-based sentence indexes of the "S<n>" ids in `ids`, in order, without repeats or unknown ids.
std::vector<std::size_t> cited_indexes(const Json& ids, std::size_t n) {
    std::vector<std::size_t> out;
    for (const auto& id : ids) {
        if (!id.is_string()) continue;
        const std::string& s = id.get_ref<const std::string&>();
        if (s.size() < 2 || s[0] != 'S') continue;
        std::size_t k = 0;
        bool ok = true;
        for (std::size_t i = 1; i < s.size() && ok; ++i) {
            ok = s[i] >= '0' && s[i] <= '9' && k <= n;
            if (ok) k = k * 10 + static_cast<std::size_t>(s[i] - '0');
        }
        if (ok && k >= 1 && k <= n && std::find(out.begin(), out.end(), k - 1) == out.end()) out.push_back(k - 1);
    }
    return out;
}

std::string cited_text(const DocumentSource& doc, const std::vector<std::size_t>& idx) {
    std::string out;
    for (std::size_t i : idx) out += doc.source.sentences[i].text + " ";
    return out;
}

// The digits of a figure ("£1.2m" → "1.2"), or "" when it has none.
std::string digits_of(std::string_view text) {
    const std::size_t b = text.find_first_of("0123456789");
    if (b == std::string_view::npos) return {};
    std::size_t e = b;
    while (e < text.size() &&
           (std::isdigit(static_cast<unsigned char>(text[e])) != 0 || text[e] == ',' || text[e] == '.')) {
        ++e;
    }
    while (e > b && (text[e - 1] == ',' || text[e - 1] == '.')) --e;
    return std::string(text.substr(b, e - b));
}

}  // namespace

Result<Json> model_angles(const ActionDefinition& action, const DocumentSource& doc, std::size_t count,
                          const Json& params, ActionContext& ctx, std::vector<std::string>& warnings) {
    Json data = Json::object();
    data["params"] = params;
    data["document_name"] = doc.source.name;
    common::MapReduceSpec spec;
    spec.name = action.id;
    BOROUGH_TRY(spec.system, render_template(action.prompts.system, data));
    BOROUGH_TRY(spec.map_instruction, render_template(action.prompts.map, data));
    BOROUGH_TRY(spec.reduce_instruction, render_template(action.prompts.reduce, data));
    const Json id = document_summary::sentence_id_schema(doc.source.sentences.size());
    spec.map_schema = angles_schema(3, id);
    spec.reduce_schema = angles_schema(count, id);
    spec.max_chunk_tokens = action.strategy.chunk_tokens;
    // Reply budgets: at most a third (map) or a half (reduce) of a sequence's context.
    const int context = ctx.generator->context_tokens();
    const auto budget = [context](int want, int divisor) {
        return context > 0 ? std::min(want, context / divisor) : want;
    };
    spec.map_max_tokens = budget(2048, 3);
    spec.reduce_max_tokens = budget(3072, 2);
    const std::vector<common::CitedUnit> units = common::sentence_units(doc.source);
    BOROUGH_TRY(auto mr, common::run_map_reduce(units, spec, ctx));
    warnings.insert(warnings.end(), mr.warnings.begin(), mr.warnings.end());

    const std::size_t n = doc.source.sentences.size();
    const std::string whole = collapse_spaces(doc.source.text);
    Json angles = Json::array();
    std::size_t a = 0;
    for (const auto& m : mr.reduced["angles"]) {
        ++a;
        const auto lead = cited_indexes(m["citations"], n);
        if (lead.empty()) continue;
        Json citations = Json::array();
        for (std::size_t i : lead) citations.push_back(doc.citation(i));
        Json figs = Json::array();
        for (const auto& f : m.value("figures", Json::array())) {
            const auto idx = cited_indexes(f["citations"], n);
            const std::string text = f["text"].get<std::string>();
            const std::string digits = digits_of(text);
            const std::string haystack = cited_text(doc, idx);
            const bool found =
                !idx.empty() && (digits.empty() ? ascii_lower(haystack).find(ascii_lower(text)) != std::string::npos
                                                : haystack.find(digits) != std::string::npos);
            if (!found) {
                warnings.push_back(fmt::format("{}: angle {}: a figure is not in the sentences it cites; dropped",
                                               action.id, a));
                continue;
            }
            const auto parsed = find_figures(text);
            Json j{{"text", text}};
            if (!parsed.empty()) {
                j["kind"] = to_string(parsed.front().kind);
                if (parsed.front().value) j["value"] = *parsed.front().value;
                if (!parsed.front().unit.empty()) j["unit"] = parsed.front().unit;
            } else {
                j["kind"] = "count";
            }
            j["context"] = f.value("context", std::string());
            j["citation"] = doc.citation(idx.front());
            figs.push_back(std::move(j));
        }
        Json qs = Json::array();
        for (const auto& q : m.value("quotes", Json::array())) {
            const auto idx = cited_indexes(q["citations"], n);
            std::string text = collapse_spaces(q["text"].get<std::string>());
            // The model may keep the quotation marks: the check is on the words.
            for (const std::string_view mark : {"\xE2\x80\x9C", "\xE2\x80\x9D", "\""}) {
                if (text.starts_with(mark)) text.erase(0, mark.size());
                if (text.ends_with(mark)) text.erase(text.size() - mark.size());
            }
            if (idx.empty() || collapse_spaces(cited_text(doc, idx)).find(text) == std::string::npos) {
                warnings.push_back(fmt::format(
                    "{}: angle {}: a quote is not word for word in the sentences it cites; dropped", action.id, a));
                continue;
            }
            Json jq{{"text", text}};
            const std::string speaker = q.value("speaker", std::string());
            if (!speaker.empty() && whole.find(speaker) != std::string::npos) {
                jq["speaker"] = speaker;
            } else if (!speaker.empty()) {
                warnings.push_back(fmt::format(
                    "{}: angle {}: a quote's speaker is not named in the document; left out", action.id, a));
            }
            jq["citation"] = doc.citation(idx.front());
            qs.push_back(std::move(jq));
        }
        Json why = Json::array();
        for (const auto& w : m["why"]) why.push_back(Json{{"reason", w["reason"]}, {"detail", w["detail"]}});
        angles.push_back(Json{{"rank", angles.size() + 1},
                              {"headline", m["headline"]},
                              {"why", std::move(why)},
                              {"figures", std::move(figs)},
                              {"quotes", std::move(qs)},
                              {"citations", std::move(citations)}});
    }
    return angles;
}

}  // namespace borough::actions::news_angles
