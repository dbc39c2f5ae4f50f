// Generated survey text for the benchmarks: a phrase bank written for them (40 topics, positive and
// negative wording, tails, wards / age bands / tenures), deterministic for a seed. Throughput depends on
// the text's length and vocabulary, not on what it says. Header-only; benchmarks only.
#pragma once

#include <fmt/format.h>

#include <cctype>
#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace borough::bench {

inline const std::vector<std::string> kSubjects = {"the repairs service",
                                                   "my boiler",
                                                   "the damp in the bedroom",
                                                   "the mould",
                                                   "the call centre",
                                                   "the housing officer",
                                                   "the communal cleaning",
                                                   "the bin store",
                                                   "the parking",
                                                   "the street lighting",
                                                   "the lift",
                                                   "the windows",
                                                   "the front door",
                                                   "the kitchen",
                                                   "the bathroom",
                                                   "the garden",
                                                   "the fence",
                                                   "the heating",
                                                   "the hot water",
                                                   "the roof",
                                                   "the stairwell",
                                                   "the noise from next door",
                                                   "the rent",
                                                   "the service charge",
                                                   "the online form",
                                                   "the contractors",
                                                   "the caretaker",
                                                   "the play area",
                                                   "the CCTV",
                                                   "the door entry system",
                                                   "the grass cutting",
                                                   "the fly-tipping",
                                                   "the anti-social behaviour",
                                                   "the drains",
                                                   "the gutters",
                                                   "the electrics",
                                                   "the smoke alarm",
                                                   "the estate walkabouts",
                                                   "the complaints process",
                                                   "the neighbourhood"};
inline const std::vector<std::string> kPositive = {
    "is brilliant",      "was sorted quickly", "is much better than last year",
    "works well",        "is lovely",          "was fixed the same week",
    "is really helpful", "has improved a lot", "is kept clean",
    "is great"};
inline const std::vector<std::string> kNegative = {"took months to fix",   "is still broken",
                                                   "keeps getting worse",  "is a disgrace",
                                                   "was never sorted",     "is filthy",
                                                   "is dangerous",         "needs replacing",
                                                   "is far too expensive", "is ignored every time I report it"};
inline const std::vector<std::string> kTails = {"",
                                                " and nobody called back",
                                                " since the spring",
                                                " which affects my children",
                                                " but the staff were polite",
                                                " and I have reported it three times",
                                                " thank you",
                                                " please sort it out",
                                                " for over a year",
                                                " according to my neighbours too"};
inline const std::vector<std::string> kWards = {"Riverside", "Castle",    "Northgate", "Hillside", "St Mary's",
                                                "Eastfield", "Westbrook", "Moorside",  "Parkview", "Old Town"};
inline const std::vector<std::string> kAges = {"16-24", "25-34", "35-49", "50-64", "65-74", "75+"};
inline const std::vector<std::string> kTenures = {"General needs", "Sheltered", "Leaseholder", "Temporary"};

inline std::string quote(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

// CSV with header "Respondent ID,Ward,Age band,Tenure,Question 1..N" and one row per respondent; 3 %
// of answers are empty and 3 % "n/a".
inline std::string make_csv(std::size_t respondents, std::size_t questions, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    auto pick = [&rng](const std::vector<std::string>& v) -> const std::string& {
        return v[std::uniform_int_distribution<std::size_t>(0, v.size() - 1)(rng)];
    };
    std::string csv = "Respondent ID,Ward,Age band,Tenure";
    for (std::size_t q = 0; q < questions; ++q) csv += fmt::format(",Question {}", q + 1);
    csv += "\n";
    csv.reserve(respondents * questions * 80);
    std::uniform_real_distribution<double> unit(0, 1);
    for (std::size_t i = 0; i < respondents; ++i) {
        csv += fmt::format("R{:07d},{},{},{}", i + 1, pick(kWards), pick(kAges), pick(kTenures));
        for (std::size_t q = 0; q < questions; ++q) {
            std::string answer;
            const double r = unit(rng);
            if (r < 0.06) {
                answer = r < 0.03 ? "" : "n/a";
            } else {
                const int sentences = unit(rng) < 0.3 ? 2 : 1;
                for (int s = 0; s < sentences; ++s) {
                    std::string subject = pick(kSubjects);
                    subject[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(subject[0])));
                    answer += (s > 0 ? " " : "") + subject + " " +
                              (unit(rng) < 0.4 ? pick(kPositive) : pick(kNegative)) + pick(kTails) + ".";
                }
            }
            csv += "," + quote(answer);
        }
        csv += "\n";
    }
    return csv;
}

}  // namespace borough::bench
