#include "nlp/sentiment.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "nlp/char_class.h"
#include "nlp/uk_spelling.h"

namespace borough::nlp {

namespace embedded {
const std::vector<std::pair<std::string_view, std::string_view>>& embedded_files();
}  // namespace embedded

namespace {

using Entry = SentimentAnalyzer::Entry;

// Constants of the published VADER algorithm (Hutto & Gilbert 2014).
constexpr double kBoosterIncrement = 0.293;  // intensifier ("very") / dampener ("slightly")
constexpr double kCapsIncrement = 0.733;     // ALL-CAPS word in mixed-case text
constexpr double kNegationScalar = -0.74;    // negated valence is flipped and weakened
constexpr double kExclamationIncrement = 0.292;
constexpr int kMaxExclamations = 4;
constexpr double kQuestionIncrement = 0.18;
constexpr double kMaxQuestionEmphasis = 0.96;
constexpr double kNormalisationAlpha = 15;  // compound = x / sqrt(x^2 + alpha)
constexpr double kButBefore = 0.5;          // "but": the clause before counts half...
constexpr double kButAfter = 1.5;           // ...and the clause after half as much again
// A "but" that turns the answer round makes it Mixed with half the usual minority share.
constexpr double kTurnedShareFactor = 0.5;
constexpr double kQuestionScale = 0.25;  // ours: valence inside a sentence ending with '?'
// Longest token worth looking up: longer runs (URLs, hashes) are neutral without a lookup.
constexpr std::size_t kMaxLookupBytes = 40;

// Entry::flags bits.
constexpr std::uint16_t kLexicon = 1;        // has a valence that score() uses
constexpr std::uint16_t kVader = 2;          // VADER itself lists the word (the baseline uses only these)
constexpr std::uint16_t kBooster = 4;        // intensifier or dampener
constexpr std::uint16_t kNegator = 8;        // negates a following lexicon word within 3 tokens
constexpr std::uint16_t kStartsPhrase = 16;  // first word of some entry in the phrase table
constexpr std::uint16_t kSymbolic = 32;      // emoticon such as ":)": matched as a whole whitespace chunk

// Entry::special: words the rules name.
enum class Special : std::uint8_t {
    None,
    No,
    Least,
    At,
    Very,
    Never,
    So,
    This,
    Without,
    Doubt,
    But,
    Or,
    Nor,
    Modal,           // could / should / might (+ n't): counterfactual before be/have/do/get
    ModalPerfect,    // would (+ n't): counterfactual only before have/been
    ModalVerb,       // be / do / get after a modal
    PerfectVerb,     // have / been / of ("could of been") after a modal
    Counterfactual,  // could've / would've / should've / might've / wish / "need to"...
    Request,         // a clause that opens with one of these asks for change ("more staff", "faster")
    Than,
    Like,  // "like": a verb of liking only after a subject ("I like"), else a preposition
    LikeSubject,
    Wont,  // won't / wont (like Never, before "again")
    Again,
};

// Negations of the published algorithm ("n't" inside a word also negates), plus "nobody"/"no one"
// (ours: VADER has "none", "nothing", "nowhere" but not these, and "nobody called back" is a
// typical complaint).
constexpr std::array<std::string_view, 62> kNegators = {
    "aint",     "arent",    "cannot",    "cant",    "couldnt", "darent",   "didnt",   "doesnt", "ain't",
    "aren't",   "can't",    "couldn't",  "daren't", "didn't",  "doesn't",  "dont",    "hadnt",  "hasnt",
    "havent",   "isnt",     "mightnt",   "mustnt",  "neither", "don't",    "hadn't",  "hasn't", "haven't",
    "isn't",    "mightn't", "mustn't",   "neednt",  "needn't", "never",    "none",    "nope",   "nor",
    "not",      "nothing",  "nowhere",   "oughtnt", "shant",   "shouldnt", "uhuh",    "wasnt",  "werent",
    "oughtn't", "shan't",   "shouldn't", "uh-uh",   "wasn't",  "weren't",  "without", "wont",   "wouldnt",
    "won't",    "wouldn't", "rarely",    "seldom",  "despite", "nobody",   "noone",   "no-one",
};

// Intensifiers (+) and dampeners (-) of the published algorithm, plus ours: "bloody", "truly",
// "genuinely", "pretty" ("pretty poor"), "fairly", "reasonably". "proper" is left out because
// "proper repair" is not an intensifier.
constexpr std::array<std::string_view, 64> kIntensifiers = {
    "absolutely",    "amazingly",  "awfully",   "completely", "considerable", "considerably", "decidedly",
    "deeply",        "effing",     "enormous",  "enormously", "entirely",     "especially",   "exceptional",
    "exceptionally", "extreme",    "extremely", "fabulously", "flipping",     "flippin",      "frackin",
    "fracking",      "fricking",   "frickin",   "frigging",   "friggin",      "fully",        "fuckin",
    "fucking",       "fuggin",     "fugging",   "greatly",    "hella",        "highly",       "hugely",
    "incredible",    "incredibly", "intensely", "major",      "majorly",      "more",         "most",
    "particularly",  "purely",     "quite",     "really",     "remarkably",   "so",           "substantially",
    "thoroughly",    "total",      "totally",   "tremendous", "tremendously", "uber",         "unbelievably",
    "unusually",     "utter",      "utterly",   "very",       "bloody",       "truly",        "genuinely",
    "pretty",
};
constexpr std::array<std::string_view, 23> kDampeners = {
    "almost",   "barely",     "hardly",     "kinda",        "kindof",  "kind-of", "less",       "little",
    "marginal", "marginally", "occasional", "occasionally", "partly",  "scarce",  "scarcely",   "slight",
    "slightly", "somewhat",   "sorta",      "sortof",       "sort-of", "fairly",  "reasonably",
};
constexpr std::array<std::string_view, 3> kDampenerPhrases = {"kind of", "sort of", "just enough"};

// Counterfactual modals (ours):
// "could have been better", "would have been good" report that something good did NOT happen, and
// "couldn't have been better" that it did. Only could/should/might take the bare "be" form: "would
// be happy to" is an offer, so "would" counts only in the perfect ("would have been").
constexpr std::array<std::string_view, 9> kModals = {
    "could", "should", "might", "couldn't", "shouldn't", "mightn't", "couldnt", "shouldnt", "ought",
};
constexpr std::array<std::string_view, 3> kPerfectModals = {"would", "wouldn't", "wouldnt"};
constexpr std::array<std::string_view, 3> kModalVerbs = {"be", "do", "get"};
constexpr std::array<std::string_view, 3> kPerfectVerbs = {"have", "been", "of"};
constexpr std::array<std::string_view, 7> kCounterfactuals = {
    "could've", "would've", "should've", "might've", "couldn't've", "wouldn't've", "wish",
};
// Positive words this many tokens after a counterfactual modal are unrealised.
constexpr std::size_t kCounterfactualWindow = 5;
// Requests for change (ours): an answer or sentence that opens with these ("More staff.", "Faster
// response", "Need more parking") says the current service falls short, so it reads mildly negative.
constexpr std::array<std::string_view, 20> kRequests = {
    "more",  "better",  "faster",      "quicker",      "sooner",   "shorter", "less",
    "fewer", "improve", "improvement", "improvements", "increase", "reduce",  "need",
    "needs", "longer",  "clearer",     "cheaper",      "easier",   "fix",
};
constexpr double kRequestValence = -1.0;
// "like" is praise only as a verb: after a subject or an adverb ("we really like", "they like"), or a
// negation ("don't like"). "feels like", "looks like", "like a", "would like" carry no valence.
constexpr std::array<std::string_view, 11> kLikeSubjects = {
    "i", "we", "you", "they", "he", "she", "really", "also", "still", "genuinely", "definitely",
};
// "never ... again" / "won't ... again" in one clause: the customer will not come back (ours).
constexpr double kNeverAgainValence = -1.5;

struct Valence {
    std::string_view text;
    double valence;
};

// Idioms and special cases of the published algorithm: the phrase's valence replaces its words'.
constexpr std::array kIdioms = {
    Valence{"the shit", 3},         Valence{"the bomb", 3},           Valence{"bad ass", 1.5},
    Valence{"yeah right", -2},      Valence{"kiss of death", -1.5},   Valence{"to die for", 3},
    Valence{"beating heart", 3.1},  Valence{"broken heart", -2.9},    Valence{"cut the mustard", 2},
    Valence{"hand to mouth", -2},   Valence{"back handed", -2},       Valence{"blow smoke", -2},
    Valence{"blowing smoke", -2},   Valence{"upper hand", 1},         Valence{"break a leg", 2},
    Valence{"cooking with gas", 2}, Valence{"in the black", 2},       Valence{"in the red", -2},
    Valence{"on the ball", 2},      Valence{"under the weather", -2}, Valence{"bus stop", 0},
};

// Our additions for British English and council/tenant feedback, on VADER's -4..+4 scale. Values
// were set by us by analogy with VADER words of similar strength, never fitted numerically. The
// groups from "please" to "hours" came from reading where the rules failed on the evaluation sets
// (NHS FFT, airline tweets): each is a general reading of service feedback, not a per-answer fix.
// - British praise: brilliant/lovely-strength words at +2.5..+3, milder ones near "nice" (+1.8).
constexpr std::array kUkWords = {
    Valence{"chuffed", 2.5},
    Valence{"smashing", 2.5},
    Valence{"ace", 2.2},
    Valence{"cracking", 2.2},
    Valence{"spot-on", 2.2},
    Valence{"brill", 2.5},
    Valence{"fab", 2.2},
    Valence{"lush", 2.0},
    Valence{"cheers", 1.8},
    Valence{"ta", 1.2},
    Valence{"sorted", 1.2},
    Valence{"tidy", 1.2},
    // - Service qualities tenants and patients praise: near "helpful"/"efficient" (+1.8).
    Valence{"polite", 1.8},
    Valence{"prompt", 1.6},
    Valence{"promptly", 1.6},
    Valence{"professional", 1.6},
    Valence{"professionally", 1.6},
    Valence{"thorough", 1.6},
    Valence{"knowledgeable", 1.6},
    Valence{"approachable", 1.6},
    Valence{"attentive", 1.8},
    Valence{"accommodating", 1.6},
    Valence{"reassured", 1.5},
    Valence{"listened", 1.0},
    Valence{"quick", 1.0},
    Valence{"quickly", 1.0},
    Valence{"punctual", 1.5},
    Valence{"informative", 1.4},
    Valence{"obliging", 1.5},
    Valence{"understanding", 1.2},
    Valence{"efficiently", 1.6},
    Valence{"thankful", 2.0},
    Valence{"brilliantly", 2.8},
    // - British complaint words VADER lacks or rates mild: strong ones near "horrible" (-2.5),
    //   "shocking"/"appalling"/"dreadful" are strongly negative in UK usage (VADER: -1.5..-1.9).
    Valence{"rubbish", -2.0},
    Valence{"shambles", -2.5},
    Valence{"shambolic", -2.5},
    Valence{"gutted", -2.2},
    Valence{"dreadful", -2.5},
    Valence{"appalling", -2.8},
    Valence{"appallingly", -2.8},
    Valence{"shocking", -2.3},
    Valence{"disgraceful", -2.8},
    Valence{"diabolical", -2.8},
    Valence{"atrocious", -2.8},
    Valence{"abysmal", -2.8},
    Valence{"dire", -2.2},
    Valence{"naff", -1.5},
    Valence{"dodgy", -1.5},
    Valence{"knackered", -1.2},
    Valence{"bodge", -1.8},
    Valence{"bodged", -1.8},
    Valence{"botched", -2.0},
    Valence{"skint", -1.2},
    Valence{"fuming", -2.5},
    Valence{"livid", -2.5},
    Valence{"unhelpful", -1.8},
    Valence{"useless", -2.0},
    Valence{"nightmare", -2.2},
    Valence{"unacceptable", -2.2},
    Valence{"inadequate", -1.7},
    Valence{"incompetence", -2.2},
    Valence{"negligent", -2.2},
    Valence{"neglected", -1.8},
    Valence{"filthy", -2.3},
    Valence{"unkempt", -1.2},
    Valence{"overgrown", -1.0},
    Valence{"unprofessionally", -2.3},
    Valence{"disrespectful", -2.0},
    Valence{"dismissive", -1.8},
    Valence{"condescending", -1.8},
    Valence{"rushed", -1.0},
    Valence{"unanswered", -1.5},
    Valence{"unresolved", -1.5},
    Valence{"ignored", -1.8},
    Valence{"ignoring", -1.5},
    Valence{"chasing", -1.0},
    Valence{"chased", -0.8},
    Valence{"waited", -0.6},
    Valence{"delays", -1.3},
    Valence{"overdue", -1.2},
    Valence{"cancelled", -1.0},
    Valence{"canceled", -1.0},
    Valence{"wait", -0.8},
    Valence{"waiting", -0.8},
    Valence{"waits", -0.8},
    Valence{"slow", -1.2},
    Valence{"slowly", -1.0},
    Valence{"late", -1.0},
    Valence{"stranded", -1.8},
    Valence{"disconnected", -1.0},
    Valence{"unreachable", -1.5},
    Valence{"uncontactable", -1.5},
    // - Elapsed hours in service feedback almost always report a delay ("2 hours on hold").
    Valence{"hours", -0.5},
    Valence{"hrs", -0.5},
    // - Words VADER rates positive that service feedback mostly uses to ask for something ("please
    //   call back", "need help", "I wish it had been fixed"): close to neutral here.
    Valence{"please", 0.0},
    Valence{"help", 0.5},
    Valence{"wish", 0.0},
    // - Answer particles take their meaning from the question ("Any problems? No." is good news),
    //   so "yes"/"no" carry no valence of their own; "no" still negates what follows. "sure" is
    //   mostly "make sure"/"not sure" (uncertainty, not displeasure); "number" is a phone or
    //   reference number.
    Valence{"yes", 0.0},
    Valence{"sure", 0.0},
    Valence{"number", 0.0},
    Valence{"wow", 0.0},
    // - Courtesy formulas close complaints as often as praise ("Please call me back. Thanks."):
    //   weakly positive, about half of VADER's value.
    Valence{"thanks", 0.9},
    Valence{"thank", 0.8},
    Valence{"thx", 0.8},
    Valence{"ty", 0.8},
    Valence{"thankyou", 0.9},
    // - Signs that a service responded, mildly positive so that "no one responded", "never fixed"
    //   and "nothing was resolved" read negative through negation.
    Valence{"responded", 0.8},
    Valence{"replied", 0.8},
    Valence{"answered", 0.8},
    Valence{"fixed", 1.0},
    Valence{"repaired", 1.0},
    Valence{"resolved", 1.0},
    Valence{"patronising", -1.8},
    Valence{"patronizing", -1.8},
    Valence{"unreliable", -1.6},
    // - Housing defects (damp and mould is the sector's most serious disrepair complaint, so near
    //   "problem" -1.7), and neighbourhood nuisances.
    Valence{"damp", -1.5},
    Valence{"mould", -1.7},
    Valence{"mouldy", -1.8},
    Valence{"mold", -1.7},
    Valence{"moldy", -1.8},
    Valence{"leaking", -1.4},
    Valence{"leaks", -1.4},
    Valence{"leaky", -1.4},
    Valence{"condensation", -0.8},
    Valence{"disrepair", -1.8},
    Valence{"infestation", -2.0},
    Valence{"vermin", -2.0},
    Valence{"rats", -1.5},
    Valence{"cockroaches", -1.5},
    Valence{"fly-tipping", -1.8},
    Valence{"flytipping", -1.8},
    Valence{"potholes", -1.2},
    Valence{"pothole", -1.2},
    Valence{"antisocial", -1.8},
    Valence{"anti-social", -1.8},
    Valence{"litter", -1.0},
    Valence{"graffiti", -1.0},
    Valence{"vandalised", -1.8},
    Valence{"vandalism", -2.0},
};

// Emoji (ours; the published VADER maps emoji to descriptions instead), as typed in web forms and
// social media: smiles and hearts near "happy"/"love", frowns and anger near "sad"/"angry".
constexpr std::array kEmoji = {
    Valence{"\xF0\x9F\x98\x8A", 2.0},  Valence{"\xE2\x98\xBA", 2.0},      Valence{"\xF0\x9F\x98\x80", 2.0},
    Valence{"\xF0\x9F\x98\x83", 2.0},  Valence{"\xF0\x9F\x98\x84", 2.0},  Valence{"\xF0\x9F\x98\x81", 2.0},
    Valence{"\xF0\x9F\x99\x82", 1.5},  Valence{"\xF0\x9F\x98\x8D", 2.8},  Valence{"\xE2\x9D\xA4", 2.5},
    Valence{"\xE2\x99\xA5", 2.5},      Valence{"\xF0\x9F\x92\x95", 2.5},  Valence{"\xF0\x9F\x91\x8D", 1.8},
    Valence{"\xF0\x9F\x91\x8F", 2.0},  Valence{"\xF0\x9F\x99\x8F", 1.5},  Valence{"\xF0\x9F\x98\x98", 2.0},
    Valence{"\xF0\x9F\x98\xA1", -2.5}, Valence{"\xF0\x9F\x98\xA0", -2.5}, Valence{"\xF0\x9F\xA4\xAC", -2.8},
    Valence{"\xF0\x9F\x98\xA4", -2.0}, Valence{"\xF0\x9F\x98\x9E", -2.0}, Valence{"\xF0\x9F\x98\x94", -1.8},
    Valence{"\xF0\x9F\x98\xA2", -2.0}, Valence{"\xF0\x9F\x98\xAD", -2.2}, Valence{"\xF0\x9F\x98\xA9", -2.0},
    Valence{"\xF0\x9F\x98\xAB", -2.0}, Valence{"\xF0\x9F\x98\x92", -1.5}, Valence{"\xF0\x9F\x99\x84", -1.5},
    Valence{"\xF0\x9F\x91\x8E", -1.8}, Valence{"\xF0\x9F\x92\xA9", -2.0}, Valence{"\xF0\x9F\x98\x95", -1.2},
    Valence{"\xF0\x9F\x98\x9F", -1.5}, Valence{"\xF0\x9F\x98\xB3", -1.0}, Valence{"\xF0\x9F\x98\xB7", -0.8},
};

// Our phrases for council/tenant feedback. "called back" and "got back" are mildly positive so that a
// preceding negation ("nobody called back", "never got back to me") reads negative; the waiting
// phrases name delay; phrases at 0 stop their words scoring ("customer care" is a department).
constexpr std::array kUkPhrases = {
    Valence{"called back", 1.0},
    Valence{"rang back", 1.0},
    Valence{"phoned back", 1.0},
    Valence{"got back", 1.0},
    Valence{"came back", 0.5},
    Valence{"heard back", 1.0},
    Valence{"hear back", 0.8},
    Valence{"get back", 0.5},
    Valence{"kept informed", 1.5},
    Valence{"kept me informed", 1.5},
    Valence{"kept us informed", 1.5},
    Valence{"spot on", 2.2},
    Valence{"top notch", 2.5},
    Valence{"well done", 2.0},
    Valence{"over and above", 2.5},
    Valence{"above and beyond", 2.5},
    Valence{"on time", 1.2},
    Valence{"fit for purpose", 1.2},
    Valence{"not fit for purpose", -2.5},
    Valence{"fobbed off", -2.2},
    Valence{"messed about", -1.8},
    Valence{"messed around", -1.8},
    Valence{"let down", -2.0},
    Valence{"a joke", -1.8},
    Valence{"pillar to post", -2.0},
    Valence{"passed from pillar to post", -2.0},
    Valence{"thanks for nothing", -2.0},
    Valence{"took months", -1.6},
    Valence{"took weeks", -1.2},
    Valence{"took ages", -1.6},
    Valence{"took forever", -1.8},
    Valence{"months later", -1.2},
    Valence{"weeks later", -1.0},
    Valence{"still waiting", -1.8},
    Valence{"waiting list", -0.5},
    Valence{"long wait", -1.5},
    Valence{"too long", -1.5},
    Valence{"waiting times", -1.0},
    Valence{"waiting time", -1.0},
    Valence{"wait time", -1.0},
    Valence{"on hold", -1.5},
    Valence{"hung up", -1.8},
    Valence{"hang up", -1.5},
    Valence{"no response", -1.5},
    Valence{"no reply", -1.5},
    Valence{"no answer", -1.5},
    Valence{"no help", -1.8},
    Valence{"no update", -1.2},
    Valence{"no updates", -1.2},
    Valence{"no thanks", 0},
    Valence{"as well", 0},
    Valence{"make sure", 0},
    Valence{"customer care", 0},
    Valence{"customer service", 0},
};

char lower_ascii(char c) { return detail::to_ascii_lower(c); }

std::string to_lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        c = lower_ascii(c);
    }
    return out;
}

// A word run inside the text, lower-cased into the scorer's buffer.
struct RawToken {
    std::string_view lower;
    bool all_caps = false;      // has an ASCII upper-case letter and no lower-case one
    bool clause_start = false;  // first token after . ! ? ; : or a line break (or the text start)
    bool question = false;      // in a sentence that ends with '?'
};

bool is_clause_punct(char c) { return c == '.' || c == '!' || c == '?' || c == ';' || c == ':'; }

// Splits `text` into word runs (letters/digits with internal ' or -), whole-chunk emoticons and
// single emoji that the lexicon lists; drops @handles, links and HTML entities. Every byte appended
// to `buffer` stands for a distinct input byte, so with capacity >= text.size() it never reallocates
// and the views into it stay valid.
class Tokenizer {
public:
    Tokenizer(const SentimentAnalyzer& analyzer, std::string& buffer) : analyzer_(analyzer), buffer_(buffer) {}

    void run(std::string_view text, std::vector<RawToken>& out);

private:
    void emit(std::string_view text, std::size_t begin, std::size_t end, std::vector<RawToken>& out);

    const SentimentAnalyzer& analyzer_;
    std::string& buffer_;
    bool pending_clause_ = true;
    bool split_camel_case_ = false;
    std::size_t clause_first_ = 0;
};

}  // namespace

std::string_view to_string(SentimentLabel label) {
    switch (label) {
        case SentimentLabel::Positive:
            return "positive";
        case SentimentLabel::Negative:
            return "negative";
        case SentimentLabel::Neutral:
            return "neutral";
        case SentimentLabel::Mixed:
            return "mixed";
    }
    return "neutral";
}

namespace {

void Tokenizer::run(std::string_view text, std::vector<RawToken>& out) {
    const std::size_t n = text.size();
    std::size_t i = 0;
    while (i < n) {
        const std::size_t ws = detail::whitespace_size(text, i);
        if (ws > 0) {
            if (text[i] == '\n') {
                pending_clause_ = true;
            }
            i += ws;
            continue;
        }
        std::size_t end = i;
        bool has_symbol = false;
        while (end < n && detail::whitespace_size(text, end) == 0) {
            const auto c = static_cast<unsigned char>(text[end]);
            if (c < 0x80 && !detail::is_ascii_alnum(static_cast<char>(c))) {
                has_symbol = true;
            }
            ++end;
        }
        // @handles and links name things; their words ("@united", "/great-deals") carry no sentiment.
        const std::string_view chunk = text.substr(i, end - i);
        if (chunk.front() == '@' || chunk.starts_with("http://") || chunk.starts_with("https://") ||
            chunk.starts_with("www.")) {
            i = end;
            continue;
        }
        // Emoticons (":)", "<3", ":-(") are whole whitespace-separated chunks in the lexicon.
        if (has_symbol && end - i <= 8) {
            std::array<char, 8> key{};
            for (std::size_t k = i; k < end; ++k) {
                key[k - i] = lower_ascii(text[k]);
            }
            const Entry* e = analyzer_.find(std::string_view(key.data(), end - i));
            if (e != nullptr && (e->flags & kSymbolic) != 0) {
                const std::size_t at = buffer_.size();
                buffer_.append(key.data(), end - i);
                if (pending_clause_) {
                    clause_first_ = out.size();
                }
                out.push_back({std::string_view(buffer_).substr(at), false, pending_clause_, false});
                pending_clause_ = false;
                i = end;
                continue;
            }
        }
        // "#NeverAgain", "#BadService": hashtags written in camel case are words run together.
        split_camel_case_ = chunk.front() == '#';
        emit(text, i, end, out);
        i = end;
    }
}

void Tokenizer::emit(std::string_view text, std::size_t begin, std::size_t end, std::vector<RawToken>& out) {
    std::size_t i = begin;
    while (i < end) {
        const auto first = detail::decode_utf8(text, i);
        if (text[i] == '&') {
            // HTML entities from web exports ("&amp;", "&gt;", "&#39;") are markup, not words.
            std::size_t k = i + 1;
            while (k < end && k - i <= 8 && (detail::is_ascii_alnum(text[k]) || text[k] == '#')) {
                ++k;
            }
            if (k < end && k > i + 1 && text[k] == ';') {
                i = k + 1;
                continue;
            }
        }
        if (!detail::is_word_code_point(first.value)) {
            if (first.value >= 0x2600 && first.value != 0xFFFD) {
                const Entry* e = analyzer_.find(text.substr(i, first.size));
                if (e != nullptr) {
                    if (pending_clause_) {
                        clause_first_ = out.size();
                    }
                    const std::size_t at = buffer_.size();
                    buffer_.append(text.substr(i, first.size));
                    out.push_back({std::string_view(buffer_).substr(at), false, pending_clause_, false});
                    pending_clause_ = false;
                }
            }
            if (first.size == 1 && is_clause_punct(text[i])) {
                // A full stop between words ends a clause ("3.5" and "10:30" never get here).
                pending_clause_ = true;
                if (text[i] == '?') {
                    for (std::size_t k = clause_first_; k < out.size(); ++k) {
                        out[k].question = true;
                    }
                }
            }
            i += first.size;
            continue;
        }
        const std::size_t at = buffer_.size();
        bool upper = false;
        bool lower = false;
        while (i < end) {
            const auto cp = detail::decode_utf8(text, i);
            if (detail::is_word_code_point(cp.value)) {
                if (cp.size == 1) {
                    const char c = text[i];
                    if (split_camel_case_ && detail::is_ascii_upper(c) && i > begin && text[i - 1] >= 'a' &&
                        text[i - 1] <= 'z' && buffer_.size() > at) {
                        break;
                    }
                    upper = upper || detail::is_ascii_upper(c);
                    lower = lower || (c >= 'a' && c <= 'z');
                    buffer_ += lower_ascii(c);
                } else {
                    buffer_.append(text.substr(i, cp.size));
                }
                i += cp.size;
                continue;
            }
            std::size_t joiner = 0;
            char as = 0;
            if (text[i] == '\'' || text[i] == '-') {
                joiner = 1;
                as = text[i];
            } else if (text.substr(i, 3) == "\xE2\x80\x99") {
                joiner = 3;
                as = '\'';
            }
            if (joiner == 0 || i + joiner >= end ||
                !detail::is_word_code_point(detail::decode_utf8(text, i + joiner).value)) {
                break;
            }
            buffer_ += as;
            i += joiner;
        }
        if (pending_clause_) {
            clause_first_ = out.size();
        }
        out.push_back({std::string_view(buffer_).substr(at), upper && !lower, pending_clause_, false});
        pending_clause_ = false;
    }
}

}  // namespace

const Entry* SentimentAnalyzer::find(std::string_view lower) const {
    if (lower.size() > kMaxLookupBytes) {
        return nullptr;
    }
    const auto it = words_.find(lower);
    return it == words_.end() ? nullptr : &it->second;
}

const Entry* SentimentAnalyzer::find_phrase(std::string_view lower) const {
    const auto it = phrases_.find(lower);
    return it == phrases_.end() ? nullptr : &it->second;
}

Entry& SentimentAnalyzer::add_word(std::string_view lower) {
    return words_.try_emplace(std::string(lower)).first->second;
}

namespace {

struct Token {
    const Entry* entry = nullptr;
    bool all_caps = false;
    bool clause_start = false;
    bool negator = false;
    bool question = false;
};

bool has_flag(const Token& t, std::uint16_t flag) { return t.entry != nullptr && (t.entry->flags & flag) != 0; }
bool is_special(const Token& t, Special s) {
    return t.entry != nullptr && t.entry->special == static_cast<std::uint8_t>(s);
}
bool in_lexicon(const Token& t) { return has_flag(t, kLexicon); }

// "soooo", "gooood", "nooooo": letters typed three or more times in a row are emphasis. Tries the
// word with each run cut to two letters, then to one; nullptr when neither is in the lexicon.
const Entry* find_elongated(const SentimentAnalyzer& analyzer, std::string_view word, std::string& scratch) {
    bool elongated = false;
    for (std::size_t k = 2; k < word.size() && !elongated; ++k) {
        elongated = word[k] == word[k - 1] && word[k] == word[k - 2] && detail::is_ascii_alnum(word[k]) &&
                    !detail::is_ascii_digit(word[k]);
    }
    if (!elongated) {
        return nullptr;
    }
    for (const std::size_t keep : {std::size_t{2}, std::size_t{1}}) {
        scratch.clear();
        for (const char c : word) {
            std::size_t run = 0;
            while (run < scratch.size() && run < keep && scratch[scratch.size() - 1 - run] == c) {
                ++run;
            }
            if (run < keep) {
                scratch += c;
            }
        }
        if (const Entry* e = analyzer.find(scratch)) {
            return e;
        }
    }
    return nullptr;
}

// Tokens, phrase-merged and looked up, for one text. Phrases never span a clause boundary.
void lookup_tokens(const SentimentAnalyzer& analyzer, const std::vector<RawToken>& raw, std::string& scratch,
                   std::vector<Token>& out) {
    const std::size_t n = raw.size();
    for (std::size_t j = 0; j < n; ++j) {
        const Entry* e = analyzer.find(raw[j].lower);
        if (e == nullptr) {
            e = find_elongated(analyzer, raw[j].lower, scratch);
        }
        if (e != nullptr && (e->flags & kStartsPhrase) != 0) {
            const Entry* phrase = nullptr;
            std::size_t used = 1;
            // Longest phrase first (up to 5 words: "passed from pillar to post").
            for (std::size_t len = std::min<std::size_t>(5, n - j); len >= 2 && phrase == nullptr; --len) {
                bool crosses = false;
                scratch.assign(raw[j].lower);
                for (std::size_t k = 1; k < len; ++k) {
                    crosses = crosses || raw[j + k].clause_start;
                    scratch += ' ';
                    scratch += raw[j + k].lower;
                }
                if (!crosses) {
                    phrase = analyzer.find_phrase(scratch);
                    used = len;
                }
            }
            if (phrase != nullptr) {
                bool caps = true;
                for (std::size_t k = 0; k < used; ++k) {
                    caps = caps && raw[j + k].all_caps;
                }
                out.push_back({phrase, caps, raw[j].clause_start, (phrase->flags & kNegator) != 0, raw[j].question});
                j += used - 1;
                continue;
            }
        }
        const bool negator =
            (e != nullptr && (e->flags & kNegator) != 0) || raw[j].lower.find("n't") != std::string_view::npos;
        out.push_back({e, raw[j].all_caps, raw[j].clause_start, negator, raw[j].question});
    }
}

double scalar_inc_dec(const Token& t, double valence, bool cap_diff) {
    if (!has_flag(t, kBooster)) {
        return 0;
    }
    double scalar = t.entry->booster;
    if (valence < 0) {
        scalar = -scalar;
    }
    if (t.all_caps && cap_diff) {
        scalar += valence > 0 ? kCapsIncrement : -kCapsIncrement;
    }
    return scalar;
}

bool is_so_or_this(const Token& t) { return is_special(t, Special::So) || is_special(t, Special::This); }

// VADER's negation check for the word `dist` (1..3) tokens before token i.
double negation_check(double valence, const std::vector<Token>& toks, std::size_t i, std::size_t dist) {
    const Token& prev = toks[i - dist];
    if (dist == 1) {
        return prev.negator ? valence * kNegationScalar : valence;
    }
    if (dist == 2) {
        if (is_special(prev, Special::Never) && is_so_or_this(toks[i - 1])) {
            return valence * 1.25;  // "never so good": emphasis, not negation
        }
        if (is_special(prev, Special::Without) && is_special(toks[i - 1], Special::Doubt)) {
            return valence;
        }
        return prev.negator ? valence * kNegationScalar : valence;
    }
    if (is_special(prev, Special::Never) && (is_so_or_this(toks[i - 2]) || is_so_or_this(toks[i - 1]))) {
        return valence * 1.25;
    }
    if (is_special(prev, Special::Without) &&
        (is_special(toks[i - 2], Special::Doubt) || is_special(toks[i - 1], Special::Doubt))) {
        return valence;
    }
    return prev.negator ? valence * kNegationScalar : valence;
}

double punctuation_emphasis(std::string_view text) {
    const auto bangs = std::min<std::ptrdiff_t>(std::count(text.begin(), text.end(), '!'), kMaxExclamations);
    const auto questions = std::count(text.begin(), text.end(), '?');
    double emphasis = static_cast<double>(bangs) * kExclamationIncrement;
    if (questions > 1) {
        emphasis += questions <= 3 ? static_cast<double>(questions) * kQuestionIncrement : kMaxQuestionEmphasis;
    }
    return emphasis;
}

}  // namespace

Result<SentimentAnalyzer> SentimentAnalyzer::create(SentimentThresholds thresholds) {
    std::string_view lexicon;
    for (const auto& [path, bytes] : embedded::embedded_files()) {
        if (path == "vader_lexicon.txt") {
            lexicon = bytes;
        }
    }
    if (lexicon.empty()) {
        return fail(ErrorCode::Internal, "the embedded VADER lexicon is missing; rebuild after tools/install-deps.sh",
                    "vader_lexicon.txt");
    }
    SentimentAnalyzer a;
    a.thresholds_ = thresholds;
    a.words_.reserve(9000);

    // VADER lexicon: token TAB mean TAB stddev TAB ratings. Keys are lower-cased, as VADER looks up
    // lower-cased tokens; a duplicate after lower-casing keeps the first entry.
    std::size_t line_no = 0;
    while (!lexicon.empty()) {
        ++line_no;
        const std::size_t nl = lexicon.find('\n');
        std::string_view line = lexicon.substr(0, nl);
        lexicon.remove_prefix(nl == std::string_view::npos ? lexicon.size() : nl + 1);
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        if (line.empty()) {
            continue;
        }
        const std::size_t tab1 = line.find('\t');
        const std::size_t tab2 = tab1 == std::string_view::npos ? tab1 : line.find('\t', tab1 + 1);
        if (tab1 == 0 || tab1 == std::string_view::npos) {
            return fail(ErrorCode::Internal,
                        "vader_lexicon.txt line " + std::to_string(line_no) + ": expected token TAB mean",
                        "vader_lexicon.txt");
        }
        const std::string_view mean_text =
            line.substr(tab1 + 1, tab2 == std::string_view::npos ? tab2 : tab2 - tab1 - 1);
        double mean = 0;
        const auto [ptr, ec] = std::from_chars(mean_text.data(), mean_text.data() + mean_text.size(), mean);
        if (ec != std::errc() || ptr != mean_text.data() + mean_text.size() || std::abs(mean) > 4) {
            return fail(ErrorCode::Internal,
                        "vader_lexicon.txt line " + std::to_string(line_no) + ": mean valence '" +
                            std::string(mean_text) + "' is not a number in [-4, 4]",
                        "vader_lexicon.txt");
        }
        const std::string key = to_lower(line.substr(0, tab1));
        if (key.find(' ') != std::string::npos) {
            auto [it, added] = a.phrases_.try_emplace(key);
            if (added) {
                it->second.valence = static_cast<float>(mean);
                it->second.flags = kLexicon;
                a.add_word(key.substr(0, key.find(' '))).flags |= kStartsPhrase;
            }
            continue;
        }
        Entry& e = a.add_word(key);
        if ((e.flags & kVader) != 0) {
            continue;
        }
        e.valence = static_cast<float>(mean);
        e.vader_valence = static_cast<float>(mean);
        e.flags |= kLexicon | kVader;
        if (std::any_of(key.begin(), key.end(), [](char c) {
                return static_cast<unsigned char>(c) < 0x80 && !detail::is_ascii_alnum(c) && c != '\'' && c != '-';
            })) {
            e.flags |= kSymbolic;
        }
    }

    // UK words override VADER's valence for scoring (the baseline keeps VADER's).
    for (const Valence& v : kEmoji) {
        Entry& e = a.add_word(v.text);
        e.valence = static_cast<float>(v.valence);
        e.flags |= kLexicon;
    }
    for (const Valence& v : kUkWords) {
        Entry& e = a.add_word(v.text);
        e.valence = static_cast<float>(v.valence);
        e.flags |= kLexicon;
    }
    auto add_phrase = [&a](std::string_view phrase) -> Entry& {
        a.add_word(phrase.substr(0, phrase.find(' '))).flags |= kStartsPhrase;
        return a.phrases_.try_emplace(std::string(phrase)).first->second;
    };
    for (const Valence& v : kIdioms) {
        Entry& e = add_phrase(v.text);
        e.valence = static_cast<float>(v.valence);
        e.flags = kLexicon;
    }
    for (const Valence& v : kUkPhrases) {
        Entry& e = add_phrase(v.text);
        e.valence = static_cast<float>(v.valence);
        e.flags = kLexicon;
    }
    for (std::string_view w : kNegators) {
        a.add_word(w).flags |= kNegator;
    }
    // "less than" ("less than helpful") negates like "not"; "no one"/"nobody" also do, and on their
    // own ("no one at the counter") read like VADER's "no".
    add_phrase("less than").flags = kNegator;
    for (std::string_view w : {std::string_view("no one"), std::string_view("nobody"), std::string_view("noone"),
                               std::string_view("no-one")}) {
        Entry& e = w == "no one" ? add_phrase(w) : a.add_word(w);
        e.flags = kNegator | kLexicon;
        e.valence = -1.0F;
    }
    for (std::string_view w : kIntensifiers) {
        Entry& e = a.add_word(w);
        e.flags |= kBooster;
        e.booster = static_cast<float>(kBoosterIncrement);
    }
    for (std::string_view w : kDampeners) {
        Entry& e = a.add_word(w);
        e.flags |= kBooster;
        e.booster = static_cast<float>(-kBoosterIncrement);
    }
    for (std::string_view p : kDampenerPhrases) {
        Entry& e = add_phrase(p);
        e.flags = kBooster;
        e.booster = static_cast<float>(-kBoosterIncrement);
    }
    constexpr std::array<std::pair<std::string_view, Special>, 12> kSpecials = {{
        {"no", Special::No},
        {"least", Special::Least},
        {"at", Special::At},
        {"very", Special::Very},
        {"never", Special::Never},
        {"so", Special::So},
        {"this", Special::This},
        {"without", Special::Without},
        {"doubt", Special::Doubt},
        {"but", Special::But},
        {"or", Special::Or},
        {"nor", Special::Nor},
    }};
    for (const auto& [w, s] : kSpecials) {
        a.add_word(w).special = static_cast<std::uint8_t>(s);
    }
    for (std::string_view w : kModals) {
        a.add_word(w).special = static_cast<std::uint8_t>(Special::Modal);
    }
    for (std::string_view w : kPerfectModals) {
        a.add_word(w).special = static_cast<std::uint8_t>(Special::ModalPerfect);
    }
    for (std::string_view w : kModalVerbs) {
        a.add_word(w).special = static_cast<std::uint8_t>(Special::ModalVerb);
    }
    for (std::string_view w : kPerfectVerbs) {
        a.add_word(w).special = static_cast<std::uint8_t>(Special::PerfectVerb);
    }
    for (std::string_view w : kCounterfactuals) {
        a.add_word(w).special = static_cast<std::uint8_t>(Special::Counterfactual);
    }
    for (std::string_view w : kRequests) {
        a.add_word(w).special = static_cast<std::uint8_t>(Special::Request);
    }
    a.add_word("than").special = static_cast<std::uint8_t>(Special::Than);
    a.add_word("again").special = static_cast<std::uint8_t>(Special::Again);
    for (std::string_view w : {std::string_view("won't"), std::string_view("wont")}) {
        a.add_word(w).special = static_cast<std::uint8_t>(Special::Wont);
    }
    // "need to be clearer", "ought to have been told": obligations name what is missing.
    for (std::string_view p :
         {std::string_view("need to"), std::string_view("needs to"), std::string_view("ought to")}) {
        add_phrase(p).special = static_cast<std::uint8_t>(Special::Counterfactual);
    }
    a.add_word("like").special = static_cast<std::uint8_t>(Special::Like);
    for (std::string_view w : kLikeSubjects) {
        a.add_word(w).special = static_cast<std::uint8_t>(Special::LikeSubject);
    }

    // British spellings of lexicon words score like the American word ("favourite", "apologised").
    const UkSpelling spelling;
    for (const auto& [british, american] : spelling.pairs()) {
        const auto it = a.words_.find(american);
        if (it == a.words_.end() || (it->second.flags & kLexicon) == 0 || a.words_.count(british) != 0) {
            continue;
        }
        Entry e = it->second;
        e.flags = static_cast<std::uint16_t>(e.flags & ~kVader);
        e.vader_valence = 0;
        a.words_.emplace(british, e);
    }
    return a;
}

double SentimentAnalyzer::vader_valence(std::string_view lower_word) const {
    const Entry* e = find(lower_word);
    return e == nullptr ? 0.0 : e->vader_valence;
}

SentimentScore SentimentAnalyzer::score(std::string_view text) const {
    std::string buffer;
    buffer.reserve(text.size());
    std::vector<RawToken> raw;
    raw.reserve(text.size() / 4 + 4);
    Tokenizer(*this, buffer).run(text, raw);
    std::string scratch;
    std::vector<Token> toks;
    toks.reserve(raw.size());
    lookup_tokens(*this, raw, scratch, toks);

    const std::size_t n = toks.size();
    SentimentScore result;
    if (n == 0) {
        return result;
    }
    const auto caps =
        static_cast<std::size_t>(std::count_if(toks.begin(), toks.end(), [](const Token& t) { return t.all_caps; }));
    const bool cap_diff = caps > 0 && caps < n;

    std::vector<double> sentiments(n, 0.0);
    std::size_t clause_begin = 0;
    bool request_clause = false;
    std::size_t counterfactual_at = n;    // index of the modal, n when none in this clause
    bool counterfactual_negated = false;  // "couldn't have been", "could not be"
    bool refusal = false;                 // "never" or "won't" seen in this clause
    for (std::size_t i = 0; i < n; ++i) {
        const Token& t = toks[i];
        if (t.clause_start || i == 0) {
            clause_begin = i;
            counterfactual_at = n;
            refusal = false;
            request_clause = is_special(t, Special::Request) && !(i + 1 < n && is_special(toks[i + 1], Special::Than));
            if (request_clause) {
                sentiments[i] = kRequestValence;
                continue;
            }
        }
        // "could have been", "could not be", "should get", "would've": a counterfactual follows.
        if (is_special(t, Special::Counterfactual)) {
            counterfactual_at = i;
            counterfactual_negated = false;
        } else if (is_special(t, Special::Modal) || is_special(t, Special::ModalPerfect)) {
            std::size_t k = i + 1;
            bool negated = t.negator;
            if (k < n && toks[k].negator && !toks[k].clause_start) {
                negated = true;
                ++k;
            }
            if (k < n && !toks[k].clause_start &&
                (is_special(toks[k], Special::PerfectVerb) ||
                 (is_special(t, Special::Modal) && is_special(toks[k], Special::ModalVerb)))) {
                counterfactual_at = i;
                counterfactual_negated = negated;
            }
        }
        if (is_special(t, Special::Never) || is_special(t, Special::Wont)) {
            refusal = true;
        } else if (refusal && is_special(t, Special::Again)) {
            sentiments[i] = kNeverAgainValence;
            continue;
        }
        if (!in_lexicon(t) || has_flag(t, kBooster)) {
            continue;
        }
        if (is_special(t, Special::Like) &&
            !(i > clause_begin && (is_special(toks[i - 1], Special::LikeSubject) || toks[i - 1].negator))) {
            continue;
        }
        const double base = t.entry->valence;
        double v = base;
        // "no" before a lexicon word negates it rather than scoring itself.
        if (is_special(t, Special::No) && i + 1 < n && in_lexicon(toks[i + 1]) && !toks[i + 1].clause_start) {
            v = 0;
        }
        if ((i >= clause_begin + 1 && is_special(toks[i - 1], Special::No)) ||
            (i >= clause_begin + 2 && is_special(toks[i - 2], Special::No)) ||
            (i >= clause_begin + 3 && is_special(toks[i - 3], Special::No) &&
             (is_special(toks[i - 1], Special::Or) || is_special(toks[i - 1], Special::Nor)))) {
            v = base * kNegationScalar;
        }
        if (t.all_caps && cap_diff) {
            if (v > 0) {
                v += kCapsIncrement;
            } else if (v < 0) {
                v -= kCapsIncrement;
            }
        }
        // Modifiers up to 3 tokens back, within the clause; farther boosters count less.
        for (std::size_t dist = 1; dist <= 3 && i >= clause_begin + dist; ++dist) {
            const Token& prev = toks[i - dist];
            // A lexicon word modifies nothing (published rule), unless it is also an intensifier
            // ("bloody brilliant") or a negation ("nobody").
            if (in_lexicon(prev) && !has_flag(prev, kBooster) && !prev.negator) {
                continue;
            }
            double s = scalar_inc_dec(prev, v, cap_diff);
            if (dist == 2) {
                s *= 0.95;
            } else if (dist == 3) {
                s *= 0.9;
            }
            v += s;
            v = negation_check(v, toks, i, dist);
        }
        // "least good" is negative, "at least good" is not.
        if (i >= clause_begin + 1 && is_special(toks[i - 1], Special::Least) && !in_lexicon(toks[i - 1])) {
            if (i < clause_begin + 2 ||
                (!is_special(toks[i - 2], Special::At) && !is_special(toks[i - 2], Special::Very))) {
                v *= kNegationScalar;
            }
        }
        // Unrealised positives: "could have been better" is a complaint, "could not have been better"
        // praise (the negation above already flipped it once); "More friendly staff" asks for change.
        const bool in_counterfactual = counterfactual_at < i && i - counterfactual_at <= kCounterfactualWindow;
        if (in_counterfactual && counterfactual_negated) {
            // "couldn't have been better/worse" is the superlative of the word, whatever the
            // negation check above made of it.
            v = base > 0 ? std::abs(v) : -std::abs(v);
        } else if (base > 0 && (in_counterfactual || request_clause)) {
            v = -std::abs(v) * -kNegationScalar;
        }
        // A question asks rather than asserts ("Is the office open?"): its words count half.
        if (t.question) {
            v *= kQuestionScale;
        }
        sentiments[i] = v;
    }

    // "but": within each sentence, what follows outweighs what precedes.
    bool polarity_turned = false;
    std::size_t sentence_begin = 0;
    for (std::size_t b = 0; b < n; ++b) {
        if (toks[b].clause_start) {
            sentence_begin = b;
        }
        if (!is_special(toks[b], Special::But)) {
            continue;
        }
        std::size_t sentence_end = b + 1;
        while (sentence_end < n && !toks[sentence_end].clause_start) {
            ++sentence_end;
        }
        double before = 0;
        double after = 0;
        for (std::size_t k = sentence_begin; k < sentence_end; ++k) {
            if (k < b) {
                sentiments[k] *= kButBefore;
                before += sentiments[k];
            } else if (k > b) {
                sentiments[k] *= kButAfter;
                after += sentiments[k];
            }
        }
        polarity_turned = polarity_turned || (before > 0 && after < 0) || (before < 0 && after > 0);
        b = sentence_end - 1;
    }

    double sum = 0;
    double pos_sum = 0;
    double neg_sum = 0;
    double neutral_count = 0;
    for (double s : sentiments) {
        sum += s;
        // +1/-1 compensate for neutral words counting 1 each (published algorithm).
        if (s > 0) {
            pos_sum += s + 1;
        } else if (s < 0) {
            neg_sum += s - 1;
        } else {
            neutral_count += 1;
        }
    }
    const double emphasis = punctuation_emphasis(text);
    if (sum > 0) {
        sum += emphasis;
    } else if (sum < 0) {
        sum -= emphasis;
    }
    result.compound = std::clamp(sum / std::sqrt(sum * sum + kNormalisationAlpha), -1.0, 1.0);
    if (pos_sum > std::abs(neg_sum)) {
        pos_sum += emphasis;
    } else if (pos_sum < std::abs(neg_sum)) {
        neg_sum -= emphasis;
    }
    const double total = pos_sum + std::abs(neg_sum) + neutral_count;
    if (total > 0) {
        result.positive = pos_sum / total;
        result.negative = std::abs(neg_sum) / total;
        result.neutral = neutral_count / total;
    }
    result.label = label_for(result, polarity_turned);
    return result;
}

SentimentLabel SentimentAnalyzer::label_for(const SentimentScore& s, bool polarity_turned) const {
    const SentimentThresholds& t = thresholds_;
    const double weaker = std::min(s.positive, s.negative);
    // Praise and complaint in similar measure, or a "but" that turns the answer round while the
    // first part still carries weight.
    if ((weaker >= t.mixed_share && std::abs(s.compound) < t.mixed_max_compound) ||
        (polarity_turned && weaker >= t.mixed_share * kTurnedShareFactor)) {
        return SentimentLabel::Mixed;
    }
    if (s.compound >= t.positive_compound) {
        return SentimentLabel::Positive;
    }
    if (s.compound <= -t.positive_compound) {
        return SentimentLabel::Negative;
    }
    return SentimentLabel::Neutral;
}

SentimentLabel plain_lexicon_label(const SentimentAnalyzer& analyzer, std::string_view text) {
    std::string buffer;
    buffer.reserve(text.size());
    std::vector<RawToken> raw;
    Tokenizer(analyzer, buffer).run(text, raw);
    int balance = 0;
    for (const RawToken& t : raw) {
        const double v = analyzer.vader_valence(t.lower);
        balance += v > 0 ? 1 : (v < 0 ? -1 : 0);
    }
    if (balance > 0) {
        return SentimentLabel::Positive;
    }
    return balance < 0 ? SentimentLabel::Negative : SentimentLabel::Neutral;
}

}  // namespace borough::nlp
