#include "speech/diariser.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <utility>

#include "speech/gaussian.h"
#include "speech/voice_activity.h"

namespace borough::speech {
namespace {

// Chosen from the usual values in the BIC diarisation literature and checked on the AMI/pyannote
// excerpts (`borough eval diarisation`); with two short files, treat them as sensible, not optimal.
constexpr std::size_t kVoiceCepstra = 12;
constexpr std::size_t kChangeWindow = 100;     // frames (1 s) each side of a candidate change
constexpr std::size_t kChangeStep = 5;         // candidate spacing, frames
constexpr std::size_t kMaxFullClusters = 300;  // above this, local then diagonal passes reduce the count
constexpr std::size_t kLocalChunk = 100;       // consecutive segments merged locally first
constexpr double kRidge = 0.01;                // added to covariance diagonals
constexpr double kMinSpeakerFrames = 400;      // clusters with under 4 s of speech are absorbed
constexpr std::size_t kSmoothHalf = 25;        // ±0.25 s likelihood smoothing in re-segmentation
constexpr std::size_t kMinRunFrames = 30;      // 0.3 s: shorter speaker runs join a neighbour
constexpr int kResegmentPasses = 2;
constexpr float kChannelMarginDb = 6.0F;      // a channel dominates a frame by this much
constexpr double kChannelMinShare = 0.10;     // of speech frames, for a channel to be a speaker
constexpr double kChannelMinDominated = 0.5;  // of speech frames, for the split to be trusted
constexpr std::size_t kMaxFrames = 24ULL * 3600 * 100;

// The features clustering uses: c1..c12 without the energy term (loudness says more about the
// distance to the microphone than about the voice; higher cepstra added noise on the AMI excerpts).
std::size_t voice_dims(const FrameFeatures& f) {
    return std::min<std::size_t>(kVoiceCepstra, static_cast<std::size_t>(f.dims) - 1);
}
std::span<const float> voice(const FrameFeatures& f, std::size_t i) { return f.row(i).subspan(1, voice_dims(f)); }

struct Segment {
    std::size_t begin = 0;
    std::size_t end = 0;
};

// --- change detection ---------------------------------------------------------------------------

// Diagonal-covariance BIC between the two windows either side of each candidate point, from prefix
// sums, so each candidate costs O(d). Changes are positive local maxima.
std::vector<Segment> split_at_changes(const FrameFeatures& f, const FrameRange& region, double penalty) {
    const std::size_t n = region.size();
    if (n < 2 * kChangeWindow) return {{region.begin, region.end}};
    const std::size_t d = voice_dims(f);
    std::vector<double> s1((n + 1) * d, 0.0), s2((n + 1) * d, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
        const auto x = voice(f, region.begin + i);
        for (std::size_t k = 0; k < d; ++k) {
            s1[(i + 1) * d + k] = s1[i * d + k] + x[k];
            s2[(i + 1) * d + k] = s2[i * d + k] + static_cast<double>(x[k]) * x[k];
        }
    }
    auto log_det = [&](std::size_t a, std::size_t b) {
        const auto cnt = static_cast<double>(b - a);
        double s = 0.0;
        for (std::size_t k = 0; k < d; ++k) {
            const double m = (s1[b * d + k] - s1[a * d + k]) / cnt;
            const double v = (s2[b * d + k] - s2[a * d + k]) / cnt - m * m;
            s += std::log(std::max(v, 0.0) + kRidge);
        }
        return s;
    };
    const auto w = static_cast<double>(kChangeWindow);
    const double bic_penalty = penalty * 0.5 * static_cast<double>(2 * d) * std::log(2.0 * w);
    std::vector<std::pair<std::size_t, double>> scores;
    for (std::size_t t = kChangeWindow; t + kChangeWindow <= n; t += kChangeStep) {
        const double score = 0.5 * 2.0 * w * log_det(t - kChangeWindow, t + kChangeWindow) -
                             0.5 * w * log_det(t - kChangeWindow, t) - 0.5 * w * log_det(t, t + kChangeWindow) -
                             bic_penalty;
        scores.emplace_back(t, score);
    }
    std::vector<Segment> out;
    std::size_t start = 0;
    const std::size_t reach = kChangeWindow / 2 / kChangeStep;
    for (std::size_t i = 0; i < scores.size(); ++i) {
        if (scores[i].second <= 0.0) continue;
        bool peak = true;
        for (std::size_t j = i > reach ? i - reach : 0; j < std::min(scores.size(), i + reach + 1) && peak; ++j) {
            if (scores[j].second > scores[i].second || (scores[j].second == scores[i].second && j < i)) peak = false;
        }
        if (!peak) continue;
        out.push_back({region.begin + start, region.begin + scores[i].first});
        start = scores[i].first;
    }
    out.push_back({region.begin + start, region.end});
    return out;
}

// --- clustering ---------------------------------------------------------------------------------

class Agglomerative {
public:
    Agglomerative(std::vector<GaussianStats> clusters, double penalty)
        : stats_(std::move(clusters)), penalty_(penalty), active_(stats_.size(), true), owner_(stats_.size()) {
        for (std::size_t i = 0; i < owner_.size(); ++i) owner_[i] = i;
        count_ = stats_.size();
    }

    [[nodiscard]] std::size_t count() const { return count_; }

    // Merges the closest pair while `keep_going(best ΔBIC, clusters)` says so.
    template <class Pred>
    void run(bool full, Pred keep_going) {
        if (count_ < 2) return;
        full_ = full;
        log_det_.assign(stats_.size(), 0.0);
        for (std::size_t i = 0; i < stats_.size(); ++i) {
            if (active_[i]) log_det_[i] = ld(stats_[i]);
        }
        best_.assign(stats_.size(), {0, std::numeric_limits<double>::infinity()});
        for (std::size_t i = 0; i < stats_.size(); ++i) {
            if (active_[i]) refresh(i);
        }
        while (count_ >= 2) {
            std::size_t a = stats_.size();
            double lowest = std::numeric_limits<double>::infinity();
            for (std::size_t i = 0; i < stats_.size(); ++i) {
                if (active_[i] && best_[i].second < lowest) {
                    lowest = best_[i].second;
                    a = i;
                }
            }
            if (a == stats_.size() || !keep_going(lowest, count_)) break;
            const std::size_t b = best_[a].first;
            merge(a, b);
        }
    }

    // Cluster index of each original item.
    [[nodiscard]] std::vector<std::size_t> labels() const {
        std::vector<std::size_t> out(owner_.size());
        for (std::size_t i = 0; i < owner_.size(); ++i) out[i] = find(i);
        return out;
    }
    [[nodiscard]] const std::vector<GaussianStats>& stats() const { return stats_; }
    [[nodiscard]] bool active(std::size_t i) const { return active_[i]; }

    // Merges active clusters smaller than min_frames (smallest first) into their closest other
    // cluster, while more than `keep` clusters remain.
    void absorb_small(double min_frames, std::size_t keep = 1) {
        for (;;) {
            if (count_ <= keep) return;
            std::size_t small = stats_.size();
            for (std::size_t i = 0; i < stats_.size(); ++i) {
                if (active_[i] && stats_[i].count() < min_frames &&
                    (small == stats_.size() || stats_[i].count() < stats_[small].count())) {
                    small = i;
                }
            }
            if (small == stats_.size() || count_ < 2) return;
            refresh(small);
            merge(best_[small].first, small);
        }
    }

private:
    [[nodiscard]] double ld(const GaussianStats& s) const {
        return full_ ? s.log_det_full(kRidge) : s.log_det_diag(kRidge);
    }
    [[nodiscard]] double params() const {
        const auto d = static_cast<double>(stats_.front().dims());
        return full_ ? d + d * (d + 1) / 2 : 2 * d;
    }
    [[nodiscard]] double delta_bic(std::size_t i, std::size_t j) {
        const double n = stats_[i].count() + stats_[j].count();
        const double merged = full_ ? stats_[i].merged_log_det_full(stats_[j], kRidge, scratch_)
                                    : stats_[i].merged_log_det_diag(stats_[j], kRidge);
        const double glr =
            0.5 * n * merged - 0.5 * stats_[i].count() * log_det_[i] - 0.5 * stats_[j].count() * log_det_[j];
        return glr - penalty_ * 0.5 * params() * std::log(n);
    }
    void refresh(std::size_t i) {
        best_[i] = {i, std::numeric_limits<double>::infinity()};
        for (std::size_t j = 0; j < stats_.size(); ++j) {
            if (j == i || !active_[j]) continue;
            const double v = delta_bic(i, j);
            if (v < best_[i].second) best_[i] = {j, v};
        }
    }
    void merge(std::size_t a, std::size_t b) {
        if (a > b) std::swap(a, b);  // keep the lower index: deterministic, stable numbering
        stats_[a].merge(stats_[b]);
        active_[b] = false;
        owner_[b] = a;
        --count_;
        log_det_[a] = ld(stats_[a]);
        for (std::size_t k = 0; k < stats_.size(); ++k) {
            if (!active_[k]) continue;
            if (k == a || best_[k].first == a || best_[k].first == b) {
                refresh(k);
            } else {
                const double v = delta_bic(k, a);
                if (v < best_[k].second) best_[k] = {a, v};
            }
        }
    }
    [[nodiscard]] std::size_t find(std::size_t i) const {
        while (owner_[i] != i) i = owner_[i];
        return i;
    }

    std::vector<GaussianStats> stats_;
    double penalty_;
    std::vector<bool> active_;
    std::vector<std::size_t> owner_;
    std::vector<double> log_det_;
    std::vector<std::pair<std::size_t, double>> best_;
    std::vector<double> scratch_;
    std::size_t count_ = 0;
    bool full_ = true;
};

// --- frame labels -------------------------------------------------------------------------------

// Runs shorter than kMinRunFrames inside a region take the label of the longer neighbour.
void remove_short_runs(std::vector<int>& labels, const FrameRange& r) {
    for (int pass = 0; pass < 3; ++pass) {
        std::size_t i = r.begin;
        bool changed = false;
        while (i < r.end) {
            std::size_t j = i;
            while (j < r.end && labels[j] == labels[i]) ++j;
            if (j - i < kMinRunFrames && !(i == r.begin && j == r.end)) {
                std::size_t left_len = 0, right_len = 0;
                int left = -1, right = -1;
                if (i > r.begin) {
                    left = labels[i - 1];
                    for (std::size_t k = i; k > r.begin && labels[k - 1] == left; --k) ++left_len;
                }
                if (j < r.end) {
                    right = labels[j];
                    for (std::size_t k = j; k < r.end && labels[k] == right; ++k) ++right_len;
                }
                const int take = left_len >= right_len ? left : right;
                if (take >= 0) {
                    std::fill(labels.begin() + static_cast<std::ptrdiff_t>(i),
                              labels.begin() + static_cast<std::ptrdiff_t>(j), take);
                    changed = true;
                }
            }
            i = j;
        }
        if (!changed) return;
    }
}

// Frame-level re-segmentation: each speaker a full Gaussian from its frames, each frame the speaker
// with the best likelihood averaged over ±kSmoothHalf frames.
void resegment(const FrameFeatures& f, const std::vector<FrameRange>& regions, int speakers, std::vector<int>& labels) {
    if (speakers < 2) return;
    const std::size_t d = voice_dims(f);
    const auto k = static_cast<std::size_t>(speakers);
    for (int pass = 0; pass < kResegmentPasses; ++pass) {
        std::vector<GaussianStats> stats(k, GaussianStats(d));
        for (const FrameRange& r : regions) {
            for (std::size_t i = r.begin; i < r.end; ++i) {
                if (labels[i] >= 0) stats[static_cast<std::size_t>(labels[i])].add(voice(f, i));
            }
        }
        std::vector<GaussianStats::Model> models;
        std::vector<bool> alive(k);
        for (std::size_t s = 0; s < k; ++s) {
            alive[s] = stats[s].count() >= static_cast<double>(kMinRunFrames);
            models.push_back(stats[s].model(kRidge));
        }
        std::vector<double> prefix;
        for (const FrameRange& r : regions) {
            const std::size_t n = r.size();
            prefix.assign((n + 1) * k, 0.0);
            for (std::size_t i = 0; i < n; ++i) {
                const auto x = voice(f, r.begin + i);
                for (std::size_t s = 0; s < k; ++s) {
                    const double ll = alive[s] ? log_likelihood(models[s], x) : -1e30;
                    prefix[(i + 1) * k + s] = prefix[i * k + s] + std::max(ll, -1e6);
                }
            }
            for (std::size_t i = 0; i < n; ++i) {
                const std::size_t a = i > kSmoothHalf ? i - kSmoothHalf : 0;
                const std::size_t b = std::min(n, i + kSmoothHalf + 1);
                int best = labels[r.begin + i];
                double best_score = -std::numeric_limits<double>::infinity();
                for (std::size_t s = 0; s < k; ++s) {
                    if (!alive[s]) continue;
                    const double v = prefix[b * k + s] - prefix[a * k + s];
                    if (v > best_score) {
                        best_score = v;
                        best = static_cast<int>(s);
                    }
                }
                labels[r.begin + i] = best;
            }
            remove_short_runs(labels, r);
        }
    }
}

std::vector<SpeakerSegment> to_segments(const std::vector<int>& labels, const FrameRange& whole, int hop_ms,
                                        int frame_ms, std::int64_t min_gap_ms) {
    std::vector<SpeakerSegment> out;
    const std::int64_t offset = (frame_ms - hop_ms) / 2;  // frame centres
    for (std::size_t i = whole.begin; i < whole.end;) {
        if (labels[i] < 0) {
            ++i;
            continue;
        }
        std::size_t j = i;
        while (j < whole.end && labels[j] == labels[i]) ++j;
        const std::int64_t start = static_cast<std::int64_t>(i) * hop_ms + offset;
        const std::int64_t end = static_cast<std::int64_t>(j) * hop_ms + offset;
        if (!out.empty() && out.back().speaker == labels[i] && start - out.back().end_ms <= min_gap_ms) {
            out.back().end_ms = end;
        } else {
            out.push_back({start, end, labels[i]});
        }
        i = j;
    }
    // Speakers numbered by first appearance.
    std::vector<int> order;
    for (auto& s : out) {
        auto it = std::find(order.begin(), order.end(), s.speaker);
        if (it == order.end()) {
            order.push_back(s.speaker);
            s.speaker = static_cast<int>(order.size()) - 1;
        } else {
            s.speaker = static_cast<int>(it - order.begin());
        }
    }
    return out;
}

// Stereo: when channels carry different speakers, the louder channel says who speaks. Returns
// false (labels untouched) when the channels do not separate speakers clearly.
bool label_by_channel(const std::vector<std::vector<float>>& channel_db, const std::vector<FrameRange>& regions,
                      int wanted_speakers, std::vector<int>& labels, int& speakers) {
    const std::size_t nch = channel_db.size();
    std::vector<std::size_t> dominated(nch, 0);
    std::size_t speech = 0;
    for (const FrameRange& r : regions) {
        for (std::size_t i = r.begin; i < r.end; ++i) {
            ++speech;
            std::size_t top = 0;
            float first = -1e30F, second = -1e30F;
            for (std::size_t c = 0; c < nch; ++c) {
                const float v = i < channel_db[c].size() ? channel_db[c][i] : -1e30F;
                if (v > first) {
                    second = first;
                    first = v;
                    top = c;
                } else if (v > second) {
                    second = v;
                }
            }
            if (first - second >= kChannelMarginDb) ++dominated[top];
        }
    }
    if (speech == 0) return false;
    std::vector<int> speaker_of(nch, -1);
    int k = 0;
    std::size_t total = 0;
    for (std::size_t c = 0; c < nch; ++c) {
        if (static_cast<double>(dominated[c]) >= kChannelMinShare * static_cast<double>(speech)) {
            speaker_of[c] = k++;
            total += dominated[c];
        }
    }
    if (k < 2 || static_cast<double>(total) < kChannelMinDominated * static_cast<double>(speech)) return false;
    if (wanted_speakers > 0 && wanted_speakers != k) return false;
    for (const FrameRange& r : regions) {
        // Majority of dominant-channel votes over ±kSmoothHalf frames.
        std::vector<int> raw(r.size(), -1);
        for (std::size_t i = r.begin; i < r.end; ++i) {
            int best = -1;
            float level = -1e30F;
            for (std::size_t c = 0; c < nch; ++c) {
                if (speaker_of[c] >= 0 && i < channel_db[c].size() && channel_db[c][i] > level) {
                    level = channel_db[c][i];
                    best = speaker_of[c];
                }
            }
            raw[i - r.begin] = best;
        }
        std::vector<int> votes(static_cast<std::size_t>(k), 0);
        for (std::size_t i = 0; i < r.size(); ++i) {
            std::fill(votes.begin(), votes.end(), 0);
            const std::size_t a = i > kSmoothHalf ? i - kSmoothHalf : 0;
            const std::size_t b = std::min(r.size(), i + kSmoothHalf + 1);
            for (std::size_t j = a; j < b; ++j) {
                if (raw[j] >= 0) ++votes[static_cast<std::size_t>(raw[j])];
            }
            labels[r.begin + i] = static_cast<int>(std::max_element(votes.begin(), votes.end()) - votes.begin());
        }
        remove_short_runs(labels, r);
    }
    speakers = k;
    return true;
}

}  // namespace

Result<Diariser> Diariser::create(const DiariserOptions& o) {
    if (o.max_speakers < 1) return fail(ErrorCode::InvalidInput, "max_speakers must be at least 1", "max_speakers");
    if (o.speakers < 0 || o.speakers > o.max_speakers) {
        return fail(ErrorCode::InvalidInput, "speakers must be 0 (estimate) or 1.." + std::to_string(o.max_speakers),
                    "speakers");
    }
    if (!(o.cluster_penalty >= 0.0))
        return fail(ErrorCode::InvalidInput, "cluster_penalty must be >= 0", "cluster_penalty");
    if (!(o.change_penalty >= 0.0))
        return fail(ErrorCode::InvalidInput, "change_penalty must be >= 0", "change_penalty");
    if (o.min_speech_ms < 0 || o.min_gap_ms < 0) {
        return fail(ErrorCode::InvalidInput, "min_speech_ms and min_gap_ms must be >= 0", "min_speech_ms");
    }
    BOROUGH_TRY(MfccExtractor mfcc, MfccExtractor::create());
    return Diariser(o, std::move(mfcc));
}

Diariser::Diariser(const DiariserOptions& options, MfccExtractor mfcc) : options_(options), mfcc_(std::move(mfcc)) {}

void Diariser::push(std::span<const float> mono, std::span<const std::vector<float>> channels) {
    const bool first = pushed_samples_ == 0;
    pushed_samples_ += mono.size();
    mfcc_.push(mono, features_);
    // The first block decides whether channels are tracked; a later change of layout (or a block
    // without channels) turns the split off, since channel frames must line up with mono frames.
    if (first && options_.use_channels && channels.size() >= 2) {
        channel_db_.resize(channels.size());
        channel_pending_.resize(channels.size());
    }
    if (channel_db_.empty()) return;
    if (channels.size() != channel_db_.size()) {
        channel_db_.clear();
        channel_pending_.clear();
        return;
    }
    const std::size_t frame = mfcc_.frame_samples();
    const std::size_t hop = mfcc_.hop_samples();
    for (std::size_t c = 0; c < channels.size(); ++c) {
        std::vector<float>& pending = channel_pending_[c];
        const std::size_t n = std::min(channels[c].size(), mono.size());
        pending.insert(pending.end(), channels[c].begin(), channels[c].begin() + static_cast<std::ptrdiff_t>(n));
        std::size_t pos = 0;
        while (pos + frame <= pending.size()) {
            double sq = 0.0;
            for (std::size_t i = 0; i < frame; ++i) sq += static_cast<double>(pending[pos + i]) * pending[pos + i];
            channel_db_[c].push_back(static_cast<float>(10.0 * std::log10(sq / static_cast<double>(frame) + 1e-10)));
            pos += hop;
        }
        pending.erase(pending.begin(), pending.begin() + static_cast<std::ptrdiff_t>(pos));
    }
}

Result<std::vector<SpeakerSegment>> Diariser::finish() {
    const std::size_t n = features_.rows();
    stats_ = {};
    stats_.frames = n;
    if (n > kMaxFrames) {
        return fail(ErrorCode::ResourceExhausted, "recording is longer than 24 hours; split it before diarisation",
                    "audio");
    }
    VoiceActivityOptions vad;
    vad.min_speech_ms = options_.min_speech_ms;
    vad.min_gap_ms = options_.min_gap_ms;
    const std::vector<FrameRange> regions = detect_speech(features_, vad);
    for (const FrameRange& r : regions) stats_.speech_frames += r.size();
    if (regions.empty()) return std::vector<SpeakerSegment>{};

    std::vector<int> labels(n, -1);
    int speakers = 0;
    if (channel_db_.size() >= 2 && label_by_channel(channel_db_, regions, options_.speakers, labels, speakers)) {
        stats_.by_channel = true;
        stats_.segments = regions.size();
    } else {
        std::vector<Segment> segments;
        for (const FrameRange& r : regions) {
            for (const Segment& s : split_at_changes(features_, r, options_.change_penalty)) segments.push_back(s);
        }
        stats_.segments = segments.size();
        const std::size_t d = voice_dims(features_);
        std::vector<GaussianStats> clusters;
        clusters.reserve(segments.size());
        for (const Segment& s : segments) {
            GaussianStats g(d);
            for (std::size_t i = s.begin; i < s.end; ++i) g.add(voice(features_, i));
            clusters.push_back(std::move(g));
        }
        const auto wanted = static_cast<std::size_t>(options_.speakers);
        const auto cap = static_cast<std::size_t>(options_.max_speakers);
        // Long recordings: first merge within runs of consecutive segments (a speaker's turns
        // cluster in time), so the global pass starts from a few hundred clusters instead of
        // thousands; the pair search is quadratic.
        std::vector<std::size_t> item_of(segments.size());
        std::vector<GaussianStats> items;
        if (clusters.size() > kMaxFullClusters) {
            constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();
            for (std::size_t first = 0; first < clusters.size(); first += kLocalChunk) {
                const std::size_t last = std::min(clusters.size(), first + kLocalChunk);
                Agglomerative local(std::vector<GaussianStats>(clusters.begin() + static_cast<std::ptrdiff_t>(first),
                                                               clusters.begin() + static_cast<std::ptrdiff_t>(last)),
                                    options_.cluster_penalty);
                local.run(true, [](double bic, std::size_t) { return bic < 0.0; });
                const std::vector<std::size_t> owner = local.labels();
                std::vector<std::size_t> index(owner.size(), kNone);
                for (std::size_t i = 0; i < owner.size(); ++i) {
                    if (index[owner[i]] == kNone) {
                        index[owner[i]] = items.size();
                        items.push_back(local.stats()[owner[i]]);
                    }
                    item_of[first + i] = index[owner[i]];
                }
            }
        } else {
            items = std::move(clusters);
            for (std::size_t i = 0; i < item_of.size(); ++i) item_of[i] = i;
        }
        Agglomerative agg(std::move(items), options_.cluster_penalty);
        if (agg.count() > kMaxFullClusters) {
            agg.run(false, [&](double bic, std::size_t count) {
                return count > kMaxFullClusters && (bic < 0.0 || count > std::max<std::size_t>(wanted, cap));
            });
        }
        // BIC decides while it can; then clusters with too little speech for a full-covariance
        // Gaussian join their nearest neighbour; then merging continues down to the given count
        // (or the cap).
        const std::size_t floor_count = std::max<std::size_t>(wanted, 1);
        agg.run(true, [&](double bic, std::size_t count) { return bic < 0.0 && count > floor_count; });
        agg.absorb_small(kMinSpeakerFrames, floor_count);
        agg.run(true, [&](double, std::size_t count) { return count > (wanted > 0 ? wanted : cap); });
        // Dense speaker numbers for the surviving clusters.
        const std::vector<std::size_t> owner = agg.labels();
        std::vector<int> dense(owner.size(), -1);
        for (std::size_t i = 0; i < segments.size(); ++i) {
            const std::size_t c = owner[item_of[i]];
            if (dense[c] < 0) dense[c] = speakers++;
            std::fill(labels.begin() + static_cast<std::ptrdiff_t>(segments[i].begin),
                      labels.begin() + static_cast<std::ptrdiff_t>(segments[i].end), dense[c]);
        }
        resegment(features_, regions, speakers, labels);
    }
    std::vector<SpeakerSegment> out =
        to_segments(labels, {0, n}, mfcc_.hop_ms(), mfcc_.frame_ms(), options_.min_gap_ms);
    int distinct = 0;
    for (const SpeakerSegment& s : out) distinct = std::max(distinct, s.speaker + 1);
    stats_.speakers = distinct;
    return out;
}

Result<std::vector<SpeakerSegment>> diarise(std::span<const float> mono, std::span<const std::vector<float>> channels,
                                            const DiariserOptions& options) {
    BOROUGH_TRY(Diariser d, Diariser::create(options));
    d.push(mono, channels);
    return d.finish();
}

}  // namespace borough::speech
