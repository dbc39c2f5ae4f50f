#include "speech/der.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <utility>

#include "core/assignment.h"
#include "core/file.h"

namespace borough::speech {
namespace {

constexpr std::uint64_t kMaxRttmBytes = 64ULL * 1024 * 1024;

std::vector<std::string_view> fields_of(std::string_view line) {
    std::vector<std::string_view> out;
    std::size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
        std::size_t j = i;
        while (j < line.size() && line[j] != ' ' && line[j] != '\t' && line[j] != '\r') ++j;
        if (j > i) out.push_back(line.substr(i, j - i));
        i = j;
    }
    return out;
}

bool parse_seconds(std::string_view s, double& out) {
    const char* end = s.data() + s.size();
    auto [p, ec] = std::from_chars(s.data(), end, out);
    return ec == std::errc() && p == end && std::isfinite(out);
}

struct Event {
    std::int64_t t;
    int kind;  // 0 ref, 1 hyp, 2 no-score zone
    int who;
    int delta;
};

}  // namespace

double DerScore::der() const {
    return reference_ms > 0.0 ? (missed_ms + false_alarm_ms + confusion_ms) / reference_ms : 0.0;
}

Result<Rttm> parse_rttm(std::string_view text, const std::string& name) {
    Rttm out;
    std::size_t line_no = 0;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        std::size_t eol = text.find('\n', pos);
        if (eol == std::string_view::npos) eol = text.size();
        const std::string_view line = text.substr(pos, eol - pos);
        pos = eol + 1;
        ++line_no;
        const auto f = fields_of(line);
        if (f.empty() || f[0].starts_with(";;") || f[0].starts_with("#")) continue;
        if (f[0] != "SPEAKER") continue;
        const std::string where = name + ": line " + std::to_string(line_no) + ": ";
        if (f.size() < 8) {
            return fail(ErrorCode::InvalidInput,
                        where + "SPEAKER needs at least 8 fields, found " + std::to_string(f.size()), name);
        }
        double start = 0.0, dur = 0.0;
        if (!parse_seconds(f[3], start) || start < 0.0) {
            return fail(ErrorCode::InvalidInput, where + "bad start time '" + std::string(f[3]) + "'", name);
        }
        if (!parse_seconds(f[4], dur) || dur < 0.0) {
            return fail(ErrorCode::InvalidInput, where + "bad duration '" + std::string(f[4]) + "'", name);
        }
        const std::string speaker(f[7]);
        auto it = std::find(out.speakers.begin(), out.speakers.end(), speaker);
        const auto index = static_cast<int>(it - out.speakers.begin());
        if (it == out.speakers.end()) out.speakers.push_back(speaker);
        const auto start_ms = static_cast<std::int64_t>(std::llround(start * 1000.0));
        const auto end_ms = static_cast<std::int64_t>(std::llround((start + dur) * 1000.0));
        out.segments.push_back({start_ms, end_ms, index});
        if (eol == text.size()) break;
    }
    return out;
}

Result<Rttm> read_rttm(const std::filesystem::path& path) {
    BOROUGH_TRY(std::string text, read_file(path, kMaxRttmBytes, true));
    return parse_rttm(text, path.string());
}

DerScore score_diarisation(const std::vector<SpeakerSegment>& reference, const std::vector<SpeakerSegment>& hypothesis,
                           std::int64_t collar_ms) {
    int nref = 0, nhyp = 0;
    std::vector<Event> events;
    events.reserve(2 * (reference.size() * 2 + hypothesis.size()));
    for (const auto& s : reference) {
        if (s.speaker < 0) continue;
        nref = std::max(nref, s.speaker + 1);
        if (s.end_ms > s.start_ms) {
            events.push_back({s.start_ms, 0, s.speaker, +1});
            events.push_back({s.end_ms, 0, s.speaker, -1});
        }
        if (collar_ms > 0) {
            for (const std::int64_t b : {s.start_ms, s.end_ms}) {
                events.push_back({b - collar_ms, 2, 0, +1});
                events.push_back({b + collar_ms, 2, 0, -1});
            }
        }
    }
    for (const auto& s : hypothesis) {
        if (s.speaker < 0 || s.end_ms <= s.start_ms) continue;
        nhyp = std::max(nhyp, s.speaker + 1);
        events.push_back({s.start_ms, 1, s.speaker, +1});
        events.push_back({s.end_ms, 1, s.speaker, -1});
    }
    std::sort(events.begin(), events.end(), [](const Event& a, const Event& b) { return a.t < b.t; });

    // Counts per speaker (a speaker's own overlapping segments count once: active while > 0).
    std::vector<int> ref_count(static_cast<std::size_t>(nref), 0), hyp_count(static_cast<std::size_t>(nhyp), 0);
    std::vector<std::vector<double>> both(static_cast<std::size_t>(nref),
                                          std::vector<double>(static_cast<std::size_t>(nhyp), 0.0));
    int no_score = 0;
    DerScore score;
    double min_sum = 0.0;
    for (std::size_t e = 0; e < events.size();) {
        const std::int64_t t = events[e].t;
        while (e < events.size() && events[e].t == t) {
            const Event& ev = events[e];
            if (ev.kind == 0) ref_count[static_cast<std::size_t>(ev.who)] += ev.delta;
            if (ev.kind == 1) hyp_count[static_cast<std::size_t>(ev.who)] += ev.delta;
            if (ev.kind == 2) no_score += ev.delta;
            ++e;
        }
        if (e == events.size()) break;
        const auto d = static_cast<double>(events[e].t - t);
        if (d <= 0.0 || no_score > 0) continue;
        int r = 0, h = 0;
        for (int c : ref_count) r += c > 0 ? 1 : 0;
        for (int c : hyp_count) h += c > 0 ? 1 : 0;
        score.reference_ms += d * r;
        score.missed_ms += d * std::max(0, r - h);
        score.false_alarm_ms += d * std::max(0, h - r);
        min_sum += d * std::min(r, h);
        if (r > 0 && h > 0) {
            for (std::size_t i = 0; i < ref_count.size(); ++i) {
                if (ref_count[i] <= 0) continue;
                for (std::size_t j = 0; j < hyp_count.size(); ++j) {
                    if (hyp_count[j] > 0) both[i][j] += d;
                }
            }
        }
    }
    double matched = 0.0;
    const std::size_t n = static_cast<std::size_t>(std::max(nref, nhyp));
    if (nref > 0 && nhyp > 0) {
        double top = 0.0;
        for (const auto& row : both) {
            for (double v : row) top = std::max(top, v);
        }
        std::vector<std::vector<double>> cost(n, std::vector<double>(n, top));
        for (std::size_t i = 0; i < both.size(); ++i) {
            for (std::size_t j = 0; j < both[i].size(); ++j) cost[i][j] = top - both[i][j];
        }
        const std::vector<std::size_t> map = min_cost_assignment(cost);
        for (std::size_t i = 0; i < both.size(); ++i) {
            if (map[i] < both[i].size()) matched += both[i][map[i]];
        }
    }
    score.confusion_ms = std::max(0.0, min_sum - matched);
    return score;
}

}  // namespace borough::speech
