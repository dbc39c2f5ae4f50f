#include "nlp/safeguarding.h"

#include <algorithm>
#include <array>
#include <bitset>
#include <cstdint>
#include <unordered_map>

#include "nlp/char_class.h"

namespace borough::nlp {
namespace {

using Cat = SafeguardingCategory;

// Pattern syntax: words separated by spaces; "a|b" is a choice; "word+" also matches its regular
// inflections (-s, -es, -ed, -d, -ing, doubled consonant, e-dropping, y -> ies/ied); "~" skips zero to
// three words. Words are lower case without apostrophes. First word cannot be "~".
struct Entry {
    Cat category;
    std::string_view pattern;
};

// Written by us from safeguarding training material for council staff (the kinds of disclosure a
// front-line officer must pass on) and from how people actually phrase them in free text: first
// person, present and past tense, texting spellings ("dont", "cant", "gonna"). Recall first.
constexpr std::array kLexicon = {
    // Self-harm and suicide.
    Entry{Cat::SelfHarm, "kill+ myself"},
    Entry{Cat::SelfHarm, "end+ it all"},
    Entry{Cat::SelfHarm, "end+ my life"},
    Entry{Cat::SelfHarm, "end+ my own life"},
    Entry{Cat::SelfHarm, "take+|took my own life"},
    Entry{Cat::SelfHarm, "suicide"},
    Entry{Cat::SelfHarm, "suicidal"},
    Entry{Cat::SelfHarm, "self harm+"},
    Entry{Cat::SelfHarm, "selfharm+"},
    Entry{Cat::SelfHarm, "harm+|hurt+|cut+|injure+ myself"},
    Entry{Cat::SelfHarm, "hang+ myself"},
    Entry{Cat::SelfHarm, "overdose+"},
    Entry{Cat::SelfHarm, "dont|cant|wont want to live"},
    Entry{Cat::SelfHarm, "do|does not want to live"},
    Entry{Cat::SelfHarm, "dont want to be here|alive"},
    Entry{Cat::SelfHarm, "do not want to be here|alive"},
    Entry{Cat::SelfHarm, "no reason|point to live"},
    Entry{Cat::SelfHarm, "no point ~ living"},
    Entry{Cat::SelfHarm, "nothing to live for"},
    Entry{Cat::SelfHarm, "better off dead"},
    Entry{Cat::SelfHarm, "better off without me"},
    Entry{Cat::SelfHarm, "want+|wanted to die"},
    Entry{Cat::SelfHarm, "wish i was|were dead"},
    Entry{Cat::SelfHarm, "wish i wasnt|werent here|alive"},
    Entry{Cat::SelfHarm, "cant|cannot go on"},
    Entry{Cat::SelfHarm, "cant|cannot carry on"},
    Entry{Cat::SelfHarm, "cant|cannot cope any|anymore"},
    Entry{Cat::SelfHarm, "cant|cannot take it any|anymore"},
    Entry{Cat::SelfHarm, "give up on life"},
    Entry{Cat::SelfHarm, "jump+ off ~ bridge|building|roof|cliff"},
    // Abuse and violence against the person writing or someone they know.
    Entry{Cat::AbuseOrViolence,
          "hit+|beat|beats|beating|beaten|punch+|kick+|slap+|strangle+|choke+|batter+|shove+ "
          "me|him|her|us|them"},
    Entry{Cat::AbuseOrViolence,
          "hit+|beat|beats|beating|beaten|punch+|kick+|slap+|strangle+|choke+|batter+ "
          "my|his|her|their wife|husband|partner|mum|mother|dad|father|girlfriend|"
          "boyfriend|nan|gran|grandmother|grandad|sister|brother"},
    Entry{Cat::AbuseOrViolence, "beat+|beaten up"},
    Entry{Cat::AbuseOrViolence, "domestic violence|abuse"},
    Entry{Cat::AbuseOrViolence, "abuse+"},
    Entry{Cat::AbuseOrViolence, "abusive"},
    Entry{Cat::AbuseOrViolence, "abuser|abusers"},
    Entry{Cat::AbuseOrViolence, "assault+"},
    Entry{Cat::AbuseOrViolence, "attack+ me|him|her|us|them"},
    Entry{Cat::AbuseOrViolence, "attacked|assaulted|mugged|stabbed|robbed"},
    Entry{Cat::AbuseOrViolence, "rape|raped|raping|rapist"},
    Entry{Cat::AbuseOrViolence, "molest+"},
    Entry{Cat::AbuseOrViolence, "stalk+ me|him|her|us"},
    Entry{Cat::AbuseOrViolence, "stalking|stalker"},
    Entry{Cat::AbuseOrViolence, "harass+"},
    Entry{Cat::AbuseOrViolence, "harassment"},
    Entry{Cat::AbuseOrViolence, "bully+"},
    Entry{Cat::AbuseOrViolence, "coercive control"},
    Entry{Cat::AbuseOrViolence, "controlling behaviour|behavior"},
    Entry{Cat::AbuseOrViolence, "violence|violent"},
    Entry{Cat::AbuseOrViolence, "afraid|scared|frightened|terrified to go home"},
    Entry{Cat::AbuseOrViolence, "afraid|scared|frightened|terrified of him|her"},
    Entry{Cat::AbuseOrViolence,
          "afraid|scared|frightened|terrified of my partner|husband|wife|ex|boyfriend|"
          "girlfriend|dad|father|stepdad|mum|mother|son|neighbour|neighbours"},
    Entry{Cat::AbuseOrViolence, "he|she hurts|hurt me"},
    // Threats made or received.
    Entry{Cat::Threat, "will|ill|gonna|wanna kill"},
    Entry{Cat::Threat, "going to kill"},
    Entry{Cat::Threat, "kill+ you|him|her|them|someone|somebody|everyone|people"},
    Entry{Cat::Threat, "try+|tried to kill"},
    Entry{Cat::Threat, "threaten+"},
    Entry{Cat::Threat, "threat|threats"},
    Entry{Cat::Threat, "intimidate+"},
    Entry{Cat::Threat, "intimidating|intimidation"},
    Entry{Cat::Threat, "burn+|burnt ~ down"},
    Entry{Cat::Threat, "set fire to"},
    Entry{Cat::Threat, "set ~ on fire|alight"},
    Entry{Cat::Threat, "blow+|blew ~ up"},
    Entry{Cat::Threat, "bomb threat|threats"},
    Entry{Cat::Threat, "plant|make a bomb"},
    Entry{Cat::Threat, "shoot+|stab+ you|him|her|them|someone|somebody|people|everyone"},
    Entry{Cat::Threat, "knife|knives|gun|guns|machete|machetes"},
    Entry{Cat::Threat, "i know where you live"},
    Entry{Cat::Threat, "watch your back"},
    Entry{Cat::Threat, "youll|you will regret"},
    Entry{Cat::Threat, "hurt+ someone|somebody|you|people"},
    // Neglect of an adult or child.
    Entry{Cat::Neglect, "left alone all day|night"},
    Entry{Cat::Neglect, "left alone"},
    Entry{Cat::Neglect, "left on his|her|their|my own"},
    Entry{Cat::Neglect, "no food"},
    Entry{Cat::Neglect, "nothing to eat"},
    Entry{Cat::Neglect, "not|never been fed"},
    Entry{Cat::Neglect, "hasnt|havent|hadnt|not eaten"},
    Entry{Cat::Neglect, "cant|cannot afford food|to eat"},
    Entry{Cat::Neglect, "going|go hungry"},
    Entry{Cat::Neglect, "going without food|meals"},
    Entry{Cat::Neglect, "skip+ meals"},
    Entry{Cat::Neglect, "children|kids|family ~ starving"},
    Entry{Cat::Neglect, "no one|nobody checks|visits|cares on|for"},
    Entry{Cat::Neglect, "no one|nobody to look after|care"},
    Entry{Cat::Neglect, "carer|carers never|didnt|doesnt|dont|did|does|do ~ turn|come|came|visit|visits"},
    Entry{Cat::Neglect, "squalor|filth"},
    Entry{Cat::Neglect, "soiled"},
    Entry{Cat::Neglect, "bed sores"},
    Entry{Cat::Neglect, "bedsores|unwashed"},
    Entry{Cat::Neglect, "not been washed|changed"},
    Entry{Cat::Neglect, "neglect+"},
    // A child at risk.
    Entry{Cat::ChildAtRisk, "home alone"},
    Entry{Cat::ChildAtRisk, "child|children|kids|kid|baby|babies|toddler|toddlers ~ left alone|unsupervised"},
    Entry{Cat::ChildAtRisk, "leave+|left the|their|her|his|my kids|children|child|baby ~ alone"},
    Entry{Cat::ChildAtRisk, "child abuse|neglect|protection"},
    Entry{Cat::ChildAtRisk, "abuse+ ~ child|children|kids"},
    Entry{Cat::ChildAtRisk,
          "hit+|beat|beats|beating|beaten|smack+|slap+|punch+|kick+|hurt+|shake+|shook "
          "the|their|his|her|my kids|children|child|baby|son|daughter|toddler"},
    Entry{Cat::ChildAtRisk, "kids|children|child|son|daughter ~ scared|frightened|afraid|terrified"},
    Entry{Cat::ChildAtRisk, "underage"},
    Entry{Cat::ChildAtRisk, "under age"},
    // Exploitation.
    Entry{Cat::Exploitation, "cuckoo+"},
    Entry{Cat::Exploitation, "county lines"},
    Entry{Cat::Exploitation, "grooming|groomed"},
    Entry{Cat::Exploitation, "modern slavery"},
    Entry{Cat::Exploitation, "slavery|slave|slaves"},
    Entry{Cat::Exploitation, "traffick+"},
    Entry{Cat::Exploitation, "forced to work"},
    Entry{Cat::Exploitation, "forced labour|labor"},
    Entry{Cat::Exploitation, "sexual+ exploitation"},
    Entry{Cat::Exploitation, "exploit+"},
    Entry{Cat::Exploitation, "exploitation"},
    Entry{Cat::Exploitation, "taken|took|taking|takes over his|her|my|their flat|home|house"},
    Entry{Cat::Exploitation, "dealers ~ using|in|staying|living ~ flat|home|house"},
    Entry{Cat::Exploitation, "financial abuse"},
    Entry{Cat::Exploitation, "take+|taking|took|stealing|stole|steal+ his|her|their money|benefits|pension|card"},
    Entry{Cat::Exploitation, "takes|taking|stealing|stole|steal+ my money|benefits|pension|card"},
};

// Idioms and council-business uses of the words above. A flag overlapping one of these is dropped.
constexpr std::array kExclusions = {
    std::string_view("kill+ ~ weeds|weed|time|grass|moss|bugs|pests|rats|mice|slugs|germs|bacteria|mood|"
                     "buzz|engine|lights|flies|insects|vermin|plants|hedge|conversation|atmosphere"),
    std::string_view("is|are|was|were|its|thats|s|youre|really killing me"),
    std::string_view("it|that|this kill+ me"),
    std::string_view("kill+ myself laughing"),
    std::string_view("nearly|almost kill+ myself"),
    std::string_view("kill+ for"),
    std::string_view("abuse+ of ~ parking|power|position|system|process|bay|bays|space|spaces|funds|money|"
                     "resources|office|authority|privilege|badge|badges|permit|permits|rules|scheme|service|"
                     "services|facilities|bins|tip|trust|hospitality"),
    std::string_view("abuse+ the ~ system|parking|bays|rules|scheme|service|privilege|permits|badges"),
    std::string_view("cuts|it|that|this|reality|prices|bills|tax|rise|increase|increases|storm|flood|covid|"
                     "pandemic|recession|inflation hit+"),
    std::string_view("beat+ ~ to it"),
    std::string_view("beat+ the ~ queue|queues|traffic|rush|crowds|system"),
    std::string_view("it|that|this|what beats me"),
    std::string_view("kick+ ~ out|off"),
    std::string_view("dog|dogs|pet|pets|horse|cat grooming"),
    std::string_view("grooming salon|salons|parlour|parlours|business|service|services|shop|shops"),
    std::string_view("cuckoo clock|clocks|land"),
    std::string_view("blow+|blew up at"),
    std::string_view("blow+|blew ~ up ~ balloon|balloons|tyres|tyre|photo|photos"),
    std::string_view("no food waste|bin|bins|caddy|caddies|collection|collections|recycling|shop|shops|"
                     "stalls|options|outlets|court|market|vans|places|venues|allowed|banks"),
    std::string_view("be left alone"),
    std::string_view("neglect+ ~ area|areas|estate|estates|park|parks|garden|gardens|building|buildings|"
                     "property|properties|repairs|maintenance|road|roads|street|streets|block|blocks|"
                     "flats|housing|town|village|pavement|pavements|paths|verges|trees|hedges|green|"
                     "playground|centre|land|site|stock|infrastructure|duty|duties"),
    std::string_view("area|estate|park|garden|gardens|building|buildings|property|road|roads|street|streets|"
                     "block|town|village|pavement|pavements|paths|playground|centre|land|site ~ neglect+"),
    std::string_view("under threat"),
    std::string_view("threat+ to ~ close|closure|services|service|library|libraries|green|wildlife|jobs|"
                     "funding|environment|future|character|businesses|the"),
    std::string_view("threat+ of ~ closure|closures|cuts|flooding|development|redundancy|fines|fine"),
    std::string_view("threatening letter|letters|email|emails|tone"),
    std::string_view("threaten+ with ~ court|bailiffs|legal|action|fine|fines|enforcement"),
    std::string_view("to die for"),
    std::string_view("bored to death"),
    std::string_view("harass+ ~ by ~ parking|wardens|warden|enforcement"),
    std::string_view("exploit+ ~ loophole|loopholes|potential|opportunity|opportunities|site|land|space"),
    std::string_view("violent ~ storm|storms|winds|weather"),
    std::string_view("leave+|left ~ alone ~ hedge|hedges|trees|tree|park|green|field|fields|garden|area|it|them"),
    std::string_view("bread|butter|kitchen knife|knives"),
    std::string_view("attacked ~ by ~ seagulls|gulls|birds|pigeons"),
    std::string_view("life|non threatening|threatened"),
    std::string_view("machine|glue|nail|water gun|guns"),
    std::string_view("knife|knives and fork|forks"),
};

struct Step {
    std::vector<std::string> forms;
    bool gap = false;
};

struct Pattern {
    Cat category = Cat::SelfHarm;
    std::string_view source;
    std::vector<Step> steps;
};

void add_inflections(std::string_view base, std::vector<std::string>& out) {
    const std::string b(base);
    out.push_back(b);
    for (const char* suffix : {"s", "es", "ed", "d", "ing"}) {
        out.push_back(b + suffix);
    }
    const char last = b.back();
    out.push_back(b + last + "ing");
    out.push_back(b + last + "ed");
    if (last == 'e') {
        out.push_back(b.substr(0, b.size() - 1) + "ing");
    }
    if (last == 'y') {
        out.push_back(b.substr(0, b.size() - 1) + "ies");
        out.push_back(b.substr(0, b.size() - 1) + "ied");
    }
}

Pattern compile(Cat category, std::string_view source) {
    Pattern p{category, source, {}};
    std::size_t i = 0;
    while (i < source.size()) {
        const std::size_t end = std::min(source.find(' ', i), source.size());
        const std::string_view word = source.substr(i, end - i);
        i = end + 1;
        if (word.empty()) {
            continue;
        }
        Step step;
        if (word == "~") {
            step.gap = true;
            p.steps.push_back(std::move(step));
            continue;
        }
        std::size_t j = 0;
        while (j <= word.size()) {
            const std::size_t bar = std::min(word.find('|', j), word.size());
            std::string_view alt = word.substr(j, bar - j);
            j = bar + 1;
            if (alt.empty()) {
                continue;
            }
            if (alt.back() == '+') {
                add_inflections(alt.substr(0, alt.size() - 1), step.forms);
            } else {
                step.forms.emplace_back(alt);
            }
        }
        p.steps.push_back(std::move(step));
    }
    return p;
}

constexpr std::size_t kFilterBits = 1u << 16;

std::size_t filter_key(std::string_view word) {
    const auto first = static_cast<unsigned char>(word.front());
    const auto last = static_cast<unsigned char>(word.back());
    return ((first | (static_cast<std::size_t>(last) << 8)) ^ (word.size() << 11)) & (kFilterBits - 1);
}

struct Lexicon {
    std::vector<Pattern> patterns;  // flags first, then exclusions
    std::size_t exclusion_begin = 0;
    // Keys view the first step's forms in `patterns`, which never change after construction.
    std::unordered_map<std::string_view, std::vector<std::uint32_t>> by_first_word;
    // Bloom-style filter over by_first_word's keys: most answer words start no pattern, and this
    // rejects them without hashing the whole word.
    std::bitset<kFilterBits> first_word_filter;

    Lexicon() {
        for (const Entry& e : kLexicon) {
            patterns.push_back(compile(e.category, e.pattern));
        }
        exclusion_begin = patterns.size();
        for (const std::string_view e : kExclusions) {
            patterns.push_back(compile(Cat::SelfHarm, e));
        }
        for (std::size_t k = 0; k < patterns.size(); ++k) {
            for (const std::string& form : patterns[k].steps.front().forms) {
                first_word_filter.set(filter_key(form));
                auto& list = by_first_word[form];
                if (list.empty() || list.back() != k) {
                    list.push_back(static_cast<std::uint32_t>(k));
                }
            }
        }
    }
};

const Lexicon& lexicon() {
    static const Lexicon lex;
    return lex;
}

struct Word {
    std::size_t begin = 0;  // byte span in the answer
    std::size_t end = 0;
    std::size_t norm_begin = 0;  // span in the normalised buffer
    std::size_t norm_end = 0;
};

constexpr std::size_t kMaxGap = 3;

struct Matcher {
    const std::vector<Word>& words;
    const std::string& norm;

    std::string_view word(std::size_t k) const {
        return std::string_view(norm).substr(words[k].norm_begin, words[k].norm_end - words[k].norm_begin);
    }
    // Index one past the last matched word, or 0 when steps[step..] do not match from word k.
    std::size_t match(const Pattern& p, std::size_t step, std::size_t k) const {
        if (step == p.steps.size()) {
            return k;
        }
        const Step& s = p.steps[step];
        if (s.gap) {
            for (std::size_t skip = 0; skip <= kMaxGap && k + skip <= words.size(); ++skip) {
                if (const std::size_t end = match(p, step + 1, k + skip); end > 0) {
                    return end;
                }
            }
            return 0;
        }
        if (k >= words.size()) {
            return 0;
        }
        const std::string_view w = word(k);
        if (std::find(s.forms.begin(), s.forms.end(), w) == s.forms.end()) {
            return 0;
        }
        return match(p, step + 1, k + 1);
    }
};

bool is_apostrophe(std::uint32_t cp) { return cp == '\'' || cp == 0x2019 || cp == 0x2018; }

}  // namespace

std::string_view to_string(SafeguardingCategory category) {
    switch (category) {
        case Cat::SelfHarm:
            return "self_harm";
        case Cat::AbuseOrViolence:
            return "abuse_or_violence";
        case Cat::Threat:
            return "threat";
        case Cat::Neglect:
            return "neglect";
        case Cat::ChildAtRisk:
            return "child_at_risk";
        case Cat::Exploitation:
            return "exploitation";
    }
    return "unknown";
}

std::vector<SafeguardingFlag> find_safeguarding_concerns(std::string_view text) {
    std::vector<SafeguardingFlag> flags;
    std::vector<Word> words;
    std::string norm;
    norm.reserve(text.size());
    words.reserve(text.size() / 4 + 1);
    // Tokenise: word characters, apostrophes inside a word dropped ("don't" -> "dont").
    bool in_word = false;
    for (std::size_t i = 0; i < text.size();) {
        if (const char c = text[i]; static_cast<unsigned char>(c) < 0x80 && c != '\'') {  // ASCII fast path
            if (detail::is_ascii_alnum(c)) {
                if (!in_word) {
                    words.push_back({i, i, norm.size(), norm.size()});
                    in_word = true;
                }
                norm += detail::to_ascii_lower(c);
                ++i;
                words.back().end = i;
                words.back().norm_end = norm.size();
            } else {
                in_word = false;
                ++i;
            }
            continue;
        }
        const detail::CodePoint cp = detail::decode_utf8(text, i);
        if (detail::is_word_code_point(cp.value)) {
            if (!in_word) {
                words.push_back({i, i, norm.size(), norm.size()});
                in_word = true;
            }
            if (cp.value < 0x80) {
                norm += detail::to_ascii_lower(static_cast<char>(cp.value));
            } else {
                norm.append(text.substr(i, cp.size));
            }
            i += cp.size;
            words.back().end = i;
            words.back().norm_end = norm.size();
            continue;
        }
        if (in_word && is_apostrophe(cp.value) && i + cp.size < text.size() &&
            detail::is_word_code_point(detail::decode_utf8(text, i + cp.size).value)) {
            i += cp.size;  // stays in the word
            continue;
        }
        in_word = false;
        i += cp.size;
    }
    if (words.empty()) {
        return flags;
    }
    const Lexicon& lex = lexicon();
    const Matcher m{words, norm};
    struct Hit {
        std::uint32_t pattern;
        std::size_t first;
        std::size_t last;  // one past
    };
    std::vector<Hit> hits;
    std::vector<Hit> excluded;
    for (std::size_t k = 0; k < words.size(); ++k) {
        const std::string_view w = m.word(k);
        if (!lex.first_word_filter.test(filter_key(w))) {
            continue;
        }
        const auto it = lex.by_first_word.find(w);
        if (it == lex.by_first_word.end()) {
            continue;
        }
        for (const std::uint32_t p : it->second) {
            if (const std::size_t end = m.match(lex.patterns[p], 1, k + 1); end > 0) {
                (p < lex.exclusion_begin ? hits : excluded).push_back({p, k, end});
            }
        }
    }
    for (const Hit& h : hits) {
        const bool idiom = std::any_of(excluded.begin(), excluded.end(),
                                       [&](const Hit& x) { return h.first < x.last && x.first < h.last; });
        // A longer or equal hit of the same category over these words says it better.
        const Pattern& pattern = lex.patterns[h.pattern];
        const bool subsumed = std::any_of(hits.begin(), hits.end(), [&](const Hit& o) {
            if (&o == &h || lex.patterns[o.pattern].category != pattern.category) {
                return false;
            }
            const bool covers = o.first <= h.first && h.last <= o.last;
            const bool longer = (o.last - o.first) > (h.last - h.first) ||
                                ((o.last - o.first) == (h.last - h.first) && o.pattern < h.pattern);
            return covers && longer;
        });
        // A more specific category over the same words replaces this one: "I will kill myself" is
        // self-harm, not a threat; "the kids are left alone" is a child at risk, not adult neglect.
        const bool more_specific = std::any_of(hits.begin(), hits.end(), [&](const Hit& o) {
            const Cat other = lex.patterns[o.pattern].category;
            const bool overlap = h.first < o.last && o.first < h.last;
            return overlap && ((pattern.category == Cat::Threat && other == Cat::SelfHarm) ||
                               ((pattern.category == Cat::Neglect || pattern.category == Cat::AbuseOrViolence) &&
                                other == Cat::ChildAtRisk));
        });
        if (!idiom && !subsumed && !more_specific) {
            flags.push_back(
                {pattern.category, words[h.first].begin, words[h.last - 1].end, std::string(pattern.source)});
        }
    }
    std::stable_sort(flags.begin(), flags.end(),
                     [](const SafeguardingFlag& a, const SafeguardingFlag& b) { return a.begin < b.begin; });
    return flags;
}

}  // namespace borough::nlp
