// Diarisation error rate (DER) against a reference in RTTM: missed speech + false alarm + speaker
// confusion, over the reference's speech time, with the optimal one-to-one speaker mapping.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "speech/diariser.h"

namespace borough::speech {

// Speaker turns from an RTTM file. SpeakerSegment::speaker indexes `speakers` (names in order of
// first appearance). Segments may overlap (overlapped speech).
struct Rttm {
    std::vector<SpeakerSegment> segments;
    std::vector<std::string> speakers;
};

// Reads "SPEAKER <file> <chan> <start s> <dur s> <NA> <NA> <name> ..." lines; other record types
// (SPKR-INFO, ...), blank lines and ';;' comments are skipped. Errors: InvalidInput
// "name: line N: ..." for a short line, a bad time or a negative duration; NotFound for a
// missing file.
[[nodiscard]] Result<Rttm> parse_rttm(std::string_view text, const std::string& name);
[[nodiscard]] Result<Rttm> read_rttm(const std::filesystem::path& path);

struct DerScore {
    double reference_ms = 0.0;  // scored reference speech (speaker-time: overlap counts per speaker)
    double missed_ms = 0.0;
    double false_alarm_ms = 0.0;
    double confusion_ms = 0.0;

    // (missed + false alarm + confusion) / reference; 0 when there is no reference speech.
    [[nodiscard]] double der() const;
};

// NIST md-eval rules: every elementary stretch of time (between any two boundaries) counts
// duration × max(0, Nref − Nhyp) as missed, × max(0, Nhyp − Nref) as false alarm and
// × (min(Nref, Nhyp) − Ncorrect) as confusion, where Ncorrect is the number of reference speakers
// whose mapped hypothesis speaker is also active. The mapping maximises the total time both are
// active (Hungarian method). Overlapped speech is scored. collar_ms: time within ± collar_ms of any
// reference boundary is not scored (md-eval's -c; 250 is the customary 0.25 s). Pure function.
[[nodiscard]] DerScore score_diarisation(const std::vector<SpeakerSegment>& reference,
                                         const std::vector<SpeakerSegment>& hypothesis, std::int64_t collar_ms);

}  // namespace borough::speech
