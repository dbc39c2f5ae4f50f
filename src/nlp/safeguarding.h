// Safeguarding flags for survey answers: phrases that may disclose self-harm, abuse, threats, neglect,
// a child at risk or exploitation. Tuned for recall: every flag goes to a person, nothing is decided here.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace borough::nlp {

enum class SafeguardingCategory { SelfHarm, AbuseOrViolence, Threat, Neglect, ChildAtRisk, Exploitation };

// "self_harm", "abuse_or_violence", "threat", "neglect", "child_at_risk", "exploitation".
std::string_view to_string(SafeguardingCategory category);

struct SafeguardingFlag {
    SafeguardingCategory category = SafeguardingCategory::SelfHarm;
    std::size_t begin = 0;  // byte offsets of the matched words in the answer
    std::size_t end = 0;
    std::string phrase;  // the lexicon entry that matched (our wording, never answer text)
};

// Flags in order of `begin`. Matching is on lower-cased word tokens with apostrophes dropped
// ("don't" = "dont"), so case and curly quotes do not matter; lexicon verbs match their inflections
// ("hit", "hits", "hitting"). Matches inside a listed idiom ("kill the weeds", "the wait is killing
// me", "abuse of parking bays", "dog grooming") are dropped; the lists are in safeguarding.cpp.
// Negation is not understood ("I am not suicidal" is flagged): recall first. Pure and thread-safe.
std::vector<SafeguardingFlag> find_safeguarding_concerns(std::string_view text);

}  // namespace borough::nlp
