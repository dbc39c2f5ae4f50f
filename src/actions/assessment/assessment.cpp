#include "actions/assessment/assessment.h"

#include <algorithm>
#include <cmath>
#include <set>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "core/strings.h"
#include "nlp/sentences.h"
#include "nlp/stemmer.h"
#include "nlp/tokenize.h"

namespace borough::actions::assessment {
namespace {

bool is_question(std::string_view s) {
    const auto end = s.find_last_not_of(" \"'”)");
    return end != std::string_view::npos && s[end] == '?';
}

// Stemmed word sequence of a text, for matching one- and two-word keywords.
std::vector<std::string> stems(nlp::Stemmer& stemmer, std::string_view text) {
    std::vector<std::string> out;
    for (const auto& w : nlp::word_tokens(text)) out.emplace_back(stemmer.stem(w));
    return out;
}

}  // namespace

const std::vector<FormField>& care_act_fields() {
    static const std::vector<FormField> kFields = {
        {"what_matters", "What matters to the person", "Their own words about what is important to them",
         {"matters", "important to me", "want to", "wish", "hope", "enjoy", "love", "independent", "my own"}},
        {"nutrition", "Managing and maintaining nutrition", "Eating, drinking, shopping for and preparing food",
         {"eat", "eating", "food", "meal", "meals", "cook", "cooking", "drink", "shopping", "appetite", "weight",
          "kitchen", "microwave", "breakfast", "lunch", "dinner", "tea"}},
        {"personal_hygiene", "Maintaining personal hygiene", "Washing, bathing, showering, teeth, hair",
         {"wash", "washing", "bath", "shower", "hygiene", "teeth", "hair", "shave", "clean myself"}},
        {"toilet_needs", "Managing toilet needs", "Getting to and using the toilet, continence",
         {"toilet", "continence", "incontinence", "commode", "pads", "accident", "bladder", "bowel"}},
        {"clothing", "Being appropriately clothed", "Dressing and undressing, suitable clothes",
         {"dress", "dressed", "dressing", "clothes", "buttons", "shoes", "socks", "coat"}},
        {"home_safety", "Being able to make use of the home safely", "Moving around the home, stairs, falls",
         {"stairs", "fall", "fell", "falls", "falling", "walk", "walking", "frame", "rail", "bed", "chair", "trip",
          "get up", "mobility"}},
        {"habitable_home", "Maintaining a habitable home environment", "Cleaning, heating, bills, repairs",
         {"heating", "clean", "cleaning", "hoover", "bills", "damp", "repairs", "rubbish", "bins", "laundry", "cold"}},
        {"relationships", "Developing and maintaining family or other personal relationships",
         "Family, friends, loneliness, isolation",
         {"family", "daughter", "son", "friend", "friends", "lonely", "loneliness", "isolated", "grandchildren",
          "neighbour", "visit", "husband", "wife"}},
        {"work_learning", "Accessing and engaging in work, training, education or volunteering", "",
         {"work", "job", "volunteer", "volunteering", "college", "course", "training", "education", "learn"}},
        {"community", "Making use of necessary facilities or services in the local community",
         "Shops, transport, GP, library, day centre",
         {"bus", "transport", "shops", "town", "library", "church", "day centre", "club", "taxi", "gp", "appointments"}},
        {"caring_for_child", "Carrying out any caring responsibilities for a child", "",
         {"child", "children", "school", "grandchild", "look after my", "nursery"}},
        {"health", "Health and wellbeing", "Conditions, medication, pain, memory, mood",
         {"pain", "medication", "tablets", "doctor", "hospital", "diagnosis", "memory", "dementia", "arthritis",
          "diabetes", "depressed", "anxious", "mood", "sleep", "breathless"}},
        {"risks", "Risks", "Risks to the person or others as described in the conversation",
         {"risk", "unsafe", "safe", "worried", "scared", "alone at night", "wandering", "fire", "gas", "scam"}},
        {"carer", "The carer's situation", "What an unpaid carer said about caring and their own needs",
         {"carer", "caring for", "care for", "look after", "exhausted", "tired", "break", "respite", "cope", "coping"}},
        {"next_steps", "Agreed next steps", "What was agreed to happen next",
         {"next step", "agreed", "will arrange", "refer", "referral", "assessment", "visit again", "follow up",
          "i'll", "we'll"}},
    };
    return kFields;
}

Result<std::vector<FormField>> parse_form_template(std::string_view yaml) {
    YAML::Node root;
    try {
        root = YAML::Load(std::string(yaml));
    } catch (const YAML::Exception& e) {
        return fail(ErrorCode::InvalidInput,
                    fmt::format("form template line {}: {}", e.mark.line + 1, e.msg), "template");
    }
    if (!root.IsMap() || !root["fields"] || !root["fields"].IsSequence()) {
        return fail(ErrorCode::InvalidInput, "form template: needs a list under 'fields'", "template");
    }
    std::vector<FormField> out;
    std::set<std::string> ids;
    for (const auto& node : root["fields"]) {
        const int line = node.Mark().line + 1;
        const auto text = [&](const char* key) -> std::string {
            return node.IsMap() && node[key] && node[key].IsScalar() ? node[key].as<std::string>() : std::string();
        };
        FormField f{text("id"), text("label"), text("description"), {}};
        if (f.id.empty() || f.label.empty()) {
            return fail(ErrorCode::InvalidInput, fmt::format("form template line {}: a field needs an id and a label", line),
                        "template");
        }
        if (!ids.insert(f.id).second) {
            return fail(ErrorCode::InvalidInput, fmt::format("form template line {}: duplicate field id '{}'", line, f.id),
                        "template");
        }
        if (!node["keywords"] || !node["keywords"].IsSequence() || node["keywords"].size() == 0) {
            return fail(ErrorCode::InvalidInput,
                        fmt::format("form template line {}: field '{}' needs a list of keywords", line, f.id), "template");
        }
        for (const auto& k : node["keywords"]) {
            if (k.IsScalar()) f.keywords.push_back(k.as<std::string>());
        }
        out.push_back(std::move(f));
    }
    return out;
}

Status check_meaningful(const io::Transcript& transcript) {
    if (transcript.turns.empty() || transcript.words() < io::kMeaningfulTranscriptWords) {
        return fail(ErrorCode::InvalidInput,
                    fmt::format("{}: the conversation has {} words; an assessment record is not meaningful for "
                                "fewer than {} (nothing has been invented)",
                                transcript.source, transcript.words(), io::kMeaningfulTranscriptWords),
                    transcript.source);
    }
    return {};
}

Result<std::vector<FieldResult>> assess(const io::Transcript& transcript, const std::vector<FormField>& fields,
                                        std::size_t max_per_field) {
    BOROUGH_TRY_STATUS(check_meaningful(transcript));
    BOROUGH_TRY(auto stemmer, nlp::Stemmer::create());
    // Keywords as stem sequences (one or two words).
    std::vector<std::vector<std::vector<std::string>>> keys(fields.size());
    for (std::size_t f = 0; f < fields.size(); ++f) {
        for (const auto& k : fields[f].keywords) keys[f].push_back(stems(*stemmer, ascii_lower(k)));
    }
    struct Scored {
        std::size_t order = 0;  // sentence number over the conversation
        double score = 0;
        Evidence evidence;
    };
    std::vector<std::vector<Scored>> found(fields.size());
    std::size_t order = 0;
    for (std::size_t t = 0; t < transcript.turns.size(); ++t) {
        const auto& turn = transcript.turns[t];
        for (const auto& s : nlp::split_sentences(turn.text)) {
            ++order;
            if (is_question(s.text) || nlp::content_tokens(s.text).size() < 3) continue;
            const auto words = stems(*stemmer, s.text);
            for (std::size_t f = 0; f < fields.size(); ++f) {
                std::size_t hits = 0;
                for (const auto& k : keys[f]) {
                    if (k.empty() || k.size() > words.size()) continue;
                    for (std::size_t i = 0; i + k.size() <= words.size(); ++i) {
                        if (std::equal(k.begin(), k.end(), words.begin() + static_cast<std::ptrdiff_t>(i))) {
                            hits += k.size();  // a two-word phrase is stronger evidence
                            break;
                        }
                    }
                }
                if (hits == 0) continue;
                // Longer sentences mention more things by chance: normalise gently by length.
                const double score = static_cast<double>(hits) / std::sqrt(static_cast<double>(words.size()) + 4.0);
                found[f].push_back({order, score, {turn.speaker, s.text, t}});
            }
        }
    }
    std::vector<FieldResult> out;
    for (std::size_t f = 0; f < fields.size(); ++f) {
        auto& list = found[f];
        std::stable_sort(list.begin(), list.end(), [](const Scored& a, const Scored& b) { return a.score > b.score; });
        if (list.size() > max_per_field) list.resize(max_per_field);
        std::sort(list.begin(), list.end(), [](const Scored& a, const Scored& b) { return a.order < b.order; });
        FieldResult r;
        r.field = &fields[f];
        for (auto& s : list) r.evidence.push_back(std::move(s.evidence));
        out.push_back(std::move(r));
    }
    return out;
}

}  // namespace borough::actions::assessment
