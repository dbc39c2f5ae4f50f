#include "actions/minutes/minutes.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <set>

#include "core/strings.h"
#include "nlp/due_dates.h"
#include "nlp/sentences.h"
#include "nlp/textrank.h"
#include "nlp/tokenize.h"

namespace borough::actions::minutes {
namespace {

std::string lower(std::string_view s) {
    std::string out = ascii_lower(s);
    // Curly apostrophes as straight ones, so "I’ll" matches "i'll".
    for (std::size_t p = out.find("\xE2\x80\x99"); p != std::string::npos; p = out.find("\xE2\x80\x99", p)) {
        out.replace(p, 3, "'");
    }
    return out;
}

bool has_any(std::string_view text, std::initializer_list<std::string_view> cues) {
    return std::any_of(cues.begin(), cues.end(),
                       [&](std::string_view c) { return text.find(c) != std::string_view::npos; });
}

bool is_question(std::string_view sentence) {
    const auto end = sentence.find_last_not_of(" \"'”)");
    return end != std::string_view::npos && sentence[end] == '?';
}

bool is_decision(std::string_view s) {
    if (is_question(s)) return false;
    const std::string l = lower(s);
    // A motion moved or seconded is a proposal until the chair puts it: "I move that they are approved".
    if (has_any(l, {"not agreed", "n't agree", "not decided", "n't decided", "no decision", "not yet agreed",
                    "not approved", "n't approve", "if we agree", "until we agree", "whether to", "i move that",
                    "i propose that", "i'd propose", "i second"})) {
        return false;
    }
    // "We agreed ..." opens a decision; "... the works we've agreed" in passing does not.
    for (std::string_view cue : {"we agreed", "we've agreed", "we have agreed"}) {
        if (const auto at = l.find(cue); at != std::string::npos && at < 24) return true;
    }
    return has_any(l, {"resolved",        "it was agreed",       "agreed that",     "is agreed",
                       "are agreed",      "all agreed",          "agreed to",       "approved",
                       "the decision is", "we decided",          "we've decided",   "it was decided",
                       "decided to",      "we'll go with",       "we will go with", "motion is carried",
                       "motion carried",  "carried unanimously", "unanimously",     "all in favour",
                       "so agreed",       "that's agreed",       "that is agreed",  "decision:",
                       "decision then:"});
}

bool is_apology(std::string_view s) {
    const std::string l = lower(s);
    return has_any(
        l, {"apologies from", "apologies have been received", "apologies received", "sends apologies", "sent apologies",
            "sends her apologies", "sends his apologies", "sends their apologies", "sent her apologies",
            "sent his apologies", "sent their apologies", "unable to attend", "can't make it", "cannot make it",
            "couldn't make it", "cannot attend", "can't attend", "couldn't attend", "unable to join"});
}

bool is_declaration(std::string_view s) {
    const std::string l = lower(s);
    return has_any(l, {"declare an interest", "declare a interest", "declare a pecuniary", "declare a personal",
                       "declaration of interest", "declarations of interest", "no declarations", "interest to declare",
                       "interests to declare", "pecuniary interest", "prejudicial interest"});
}

bool is_concern(std::string_view s) {
    const std::string l = lower(s);
    return has_any(
        l, {"concern",    "worried", "worry",     "worries",   "risk",   "unsafe",  "not safe",   "bruis",  "injur",
            "neglect",    "abuse",   "self-harm", "self harm", "harm",   "scared",  "frightened", "afraid", "missing",
            "not eating", "fell ",   "a fall",    "falls",     "threat", "exploit", "vulnerable"});
}

// Title of a new agenda item if the sentence opens one: "Item 3: rent setting", "moving on to the
// budget", "the next item is fly-tipping".
std::optional<std::string> item_title(std::string_view sentence) {
    // A chair opens an item at the start of a sentence ("Item three is ...", "Moving on to ...");
    // "I declare an interest in item five" or a question about an item does not.
    const bool declaration = is_declaration(sentence);
    const std::string l = lower(sentence);
    // "Any other business?" is how a chair opens that item; other questions do not open one.
    if (is_question(sentence) && !l.starts_with("any other business")) return std::nullopt;
    static constexpr std::array<std::string_view, 16> kOpeners = {
        "agenda item ", "item number ", "item ",         "moving on to ", "move on to ", "moving onto ",
        "turning to ",  "turn to ",     "next item is ", "next item, ",   "next item: ", "any other business",
        "next, ",       "last thing, ", "finally, ",     "first thing, "};
    for (std::string_view cue : kOpeners) {
        const auto at = l.find(cue);
        if (at == std::string::npos) continue;
        // Loose openers ("Next, the bins form.") count only as the sentence's first words.
        if ((cue == "next, " || cue == "last thing, " || cue == "finally, " || cue == "first thing, ") && at != 0)
            continue;
        if (at > 0 && std::isalpha(static_cast<unsigned char>(l[at - 1])) != 0) continue;  // "problem item"
        if (std::count(l.begin(), l.begin() + static_cast<std::ptrdiff_t>(at), ' ') > 3)
            continue;                         // not near the start
        if (declaration && at > 0) continue;  // "For item six, I have a pecuniary interest"
        if (cue == "any other business") return std::string("Any other business");
        std::size_t p = at + cue.size();
        if (cue == "item " || cue == "agenda item " || cue == "item number ") {
            // Needs a number or number word: "item 3", "item four".
            std::size_t q = p;
            while (q < l.size() && std::isalnum(static_cast<unsigned char>(l[q])) != 0) ++q;
            const std::string_view num = std::string_view(l).substr(p, q - p);
            static constexpr std::array<std::string_view, 13> kNums = {"one",    "two",    "three",   "four", "five",
                                                                       "six",    "seven",  "eight",   "nine", "ten",
                                                                       "eleven", "twelve", "thirteen"};
            const bool digits = !num.empty() && std::all_of(num.begin(), num.end(), [](char c) {
                return std::isdigit(static_cast<unsigned char>(c)) != 0;
            });
            if (!digits && std::find(kNums.begin(), kNums.end(), num) == kNums.end()) continue;
            p = q;
        }
        // Skip joining words: ":", "-", "is", "which is", "on", "the".
        std::string_view rest = std::string_view(sentence).substr(std::min(p, sentence.size()));
        for (bool changed = true; changed;) {
            changed = false;
            const auto trimmed = rest.find_first_not_of(" :,-–.");
            rest = trimmed == std::string_view::npos ? std::string_view() : rest.substr(trimmed);
            for (std::string_view lead : {"which is ", "is ", "on ", "about ", "regarding "}) {
                if (lower(rest.substr(0, lead.size())) == lead) {
                    rest.remove_prefix(lead.size());
                    changed = true;
                }
            }
        }
        // Up to the end of the clause, at most 10 words.
        std::size_t end = rest.find_first_of(".?!;");
        rest = rest.substr(0, end == std::string_view::npos ? rest.size() : end);
        std::string title;
        std::size_t words = 0;
        for (std::size_t i = 0; i < rest.size(); ++i) {
            if (rest[i] == ' ' && ++words >= 12) break;
            title += rest[i];
        }
        while (!title.empty() && (title.back() == ' ' || title.back() == ',')) title.pop_back();
        if (title.empty()) return std::nullopt;
        title[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(title[0])));
        return title;
    }
    return std::nullopt;
}

constexpr std::string_view kTaskVerbs[] = {
    "send",        "circulate", "share",    "email",    "e-mail",  "write",    "draft",  "prepare",  "book",
    "arrange",     "organise",  "organize", "schedule", "set",     "contact",  "call",   "ring",     "phone",
    "speak",       "talk",      "chase",    "follow",   "check",   "confirm",  "find",   "look",     "review",
    "update",      "report",    "bring",    "provide",  "produce", "complete", "submit", "raise",    "escalate",
    "investigate", "visit",     "meet",     "invite",   "ask",     "get",      "put",    "add",      "make",
    "do",          "liaise",    "forward",  "compile",  "collate", "amend",    "revise", "sort",     "fix",
    "order",       "publish",   "post",     "upload",   "print",   "present",  "brief",  "feed",     "notify",
    "inform",      "tell",      "let",      "go",       "pick",    "take",     "refer",  "complete", "request",
    "source",      "test",      "clarify",  "agree",    "respond", "reply",    "keep",   "include",  "pull",
    "monitor",     "record",    "draw",     "repaint",  "repair",  "replace",  "remove", "clear",    "install",
    "renew",       "apply"};

bool is_task_verb(std::string_view w) {
    return std::find(std::begin(kTaskVerbs), std::end(kTaskVerbs), w) != std::end(kTaskVerbs);
}

struct Word {
    std::string text;  // as said, punctuation stripped from both ends
    std::string lower;
    std::size_t begin = 0;
    std::size_t end = 0;
    bool comma_after = false;
};

std::vector<Word> words_of(std::string_view s) {
    std::vector<Word> out;
    std::size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && s[i] == ' ') ++i;
        std::size_t j = i;
        while (j < s.size() && s[j] != ' ') ++j;
        std::size_t b = i, e = j;
        const auto punct = [](char c) {
            return c == ',' || c == '.' || c == '!' || c == '?' || c == ':' || c == ';' || c == '"' || c == '(' ||
                   c == ')';
        };
        while (b < e && punct(s[b])) ++b;
        while (e > b && punct(s[e - 1])) --e;
        if (b < e) {
            Word w;
            w.text = std::string(s.substr(b, e - b));
            w.lower = lower(w.text);
            w.begin = b;
            w.end = e;
            w.comma_after = e < j && s[e] == ',';
            out.push_back(std::move(w));
        }
        i = j;
    }
    return out;
}

bool capitalised(const Word& w) { return !w.text.empty() && std::isupper(static_cast<unsigned char>(w.text[0])) != 0; }

bool is_pronoun_or_filler(std::string_view lw) {
    static constexpr std::array<std::string_view, 32> kNot = {
        "i",        "we",      "you",    "it",       "this",      "that",   "they",    "he",
        "she",      "there",   "which",  "who",      "so",        "and",    "but",     "ok",
        "okay",     "right",   "yes",    "no",       "well",      "then",   "action",  "actions",
        "somebody", "someone", "nobody", "everyone", "everybody", "anyone", "anybody", "people"};
    return std::find(kNot.begin(), kNot.end(), lw) != kNot.end();
}

// A name of 1-3 capitalised words ending at word index `last` (inclusive), e.g. "Cllr Jones",
// "Housing Officer"; "" when the word there is not capitalised or is a pronoun.
std::string name_ending_at(const std::vector<Word>& w, std::size_t last) {
    if (!capitalised(w[last]) || is_pronoun_or_filler(w[last].lower)) return {};
    std::size_t first = last;
    while (first > 0 && last - first < 2 && capitalised(w[first - 1]) && !is_pronoun_or_filler(w[first - 1].lower) &&
           !w[first - 1].comma_after) {
        --first;
    }
    // A sentence's first word is capitalised anyway: alone, a common word there is not a name ("Just to
    // add, ..." is not Just being asked to add).
    if (first == last && last == 0 && nlp::is_stopword(w[last].lower)) return {};
    std::string name;
    for (std::size_t i = first; i <= last; ++i) name += (name.empty() ? "" : " ") + w[i].text;
    return name;
}

// Task text: the words from `from` to the end of the sentence, the due phrase cut out.
std::string task_from(std::string_view sentence, const std::vector<Word>& w, std::size_t from,
                      const std::optional<nlp::DueDate>& due) {
    if (from >= w.size()) return {};
    std::size_t end = sentence.size();
    std::string task;
    const std::size_t begin = w[from].begin;
    if (due && due->begin >= begin) {
        task = std::string(sentence.substr(begin, due->begin - begin)) + std::string(sentence.substr(due->end));
    } else {
        task = std::string(sentence.substr(begin, end - begin));
    }
    // Trailing punctuation, vocatives and fillers: "..., please.", "..., Sam?".
    while (!task.empty() && std::string_view(" .,!?;:").find(task.back()) != std::string_view::npos) task.pop_back();
    for (std::string_view tail : {" please", " thanks", " thank you"}) {
        if (lower(task).ends_with(tail)) task.resize(task.size() - tail.size());
    }
    while (!task.empty() && std::string_view(" .,!?;:").find(task.back()) != std::string_view::npos) task.pop_back();
    // Collapse the space left where the due phrase was ("breakdown  and", "breakdown , and").
    for (std::size_t p = task.find("  "); p != std::string::npos; p = task.find("  ")) task.erase(p, 1);
    for (std::size_t p = task.find(" ,"); p != std::string::npos; p = task.find(" ,")) task.erase(p, 1);
    return task;
}

// Index of the first task verb at or after `i`, skipping adverbs ("also", "just", "then").
std::optional<std::size_t> verb_at(const std::vector<Word>& w, std::size_t i) {
    for (std::size_t k = i; k < w.size() && k < i + 3; ++k) {
        // "we'll go with option two" chooses; it is a decision, not a task.
        if (w[k].lower == "go" && k + 1 < w.size() && w[k + 1].lower == "with") return std::nullopt;
        if (is_task_verb(w[k].lower)) return k;
        if (w[k].lower != "also" && w[k].lower != "just" && w[k].lower != "then" && w[k].lower != "please" &&
            w[k].lower != "go" && w[k].lower != "and") {
            return std::nullopt;
        }
    }
    return std::nullopt;
}

Statement statement(const io::Turn& t, std::size_t turn, std::string text) {
    return Statement{t.speaker, std::move(text), turn};
}

std::set<std::string> content_set(std::string_view text) {
    std::set<std::string> out;
    for (auto& w : nlp::content_tokens(text)) {
        if (w.size() >= 3) out.insert(std::move(w));
    }
    return out;
}

std::vector<std::string> lower_words(std::string_view text) {
    std::vector<std::string> out;
    for (auto& w : nlp::word_tokens(text)) out.push_back(lower(w));
    return out;
}

// Every word of `part` is in `whole`: "Sarah" names "Sarah Bell".
bool names_within(std::string_view part, std::string_view whole) {
    const auto p = lower_words(part), w = lower_words(whole);
    return !p.empty() && std::all_of(p.begin(), p.end(),
                                     [&](const std::string& x) { return std::find(w.begin(), w.end(), x) != w.end(); });
}

// Whether a due-date phrase was said as a deadline ("by Friday", "before the end of April", "within
// two weeks") rather than as a date the task is about ("a retest for the week of the ninth of March").
bool is_deadline(std::string_view phrase) {
    const std::string l = lower(phrase);
    for (std::string_view lead : {"by ", "before ", "until ", "within ", "in "}) {
        if (l.starts_with(lead)) return true;
    }
    return l.find("end of") != std::string::npos;
}

// An action that only accepts or repeats the one asked for just before ("Yes, I can do that." after
// "Sarah, can you update the page by Wednesday?"; "Lucy, do that before Friday." after Lucy's offer)
// is that action: it gives it the owner's full name and a due date (the accepting turn's own date
// wins unless the request set a deadline: "can you book a retest for the ninth of March?" "Yes, I'll
// book it this week." is due this week), and is not listed twice. Same person, a later turn within
// two, and no task word the first does not have.
void merge_acceptances(std::vector<AgendaItem>& items) {
    ActionItem* prev = nullptr;
    for (auto& item : items) {
        std::vector<ActionItem> kept;
        kept.reserve(item.actions.size());
        for (auto& a : item.actions) {
            bool merged = false;
            if (prev != nullptr && a.turn > prev->turn && a.turn <= prev->turn + 2 && !a.owner.empty() &&
                (prev->owner.empty() || names_within(prev->owner, a.owner) || names_within(a.owner, prev->owner))) {
                const auto asked = content_set(prev->task);
                const auto again = content_set(a.task);
                merged =
                    std::all_of(again.begin(), again.end(), [&](const std::string& w) { return asked.count(w) > 0; });
            }
            if (!merged) {
                kept.push_back(std::move(a));
                prev = &kept.back();  // reserved above, and moving the vector keeps its elements in place
                continue;
            }
            if (prev->owner.empty() || (names_within(prev->owner, a.owner) && a.owner.size() > prev->owner.size())) {
                prev->owner = a.owner;
            }
            if (a.due && (!prev->due || !is_deadline(prev->due_phrase))) {
                prev->due = a.due;
                prev->due_phrase = a.due_phrase;
                prev->due_approximate = a.due_approximate;
            }
        }
        item.actions = std::move(kept);
    }
}

}  // namespace

std::optional<ActionItem> find_action(std::string_view sentence, std::string_view speaker,
                                      std::chrono::year_month_day meeting_date) {
    if (sentence.empty()) return std::nullopt;
    const auto w = words_of(sentence);
    const auto due = nlp::find_due_date(sentence, meeting_date);
    std::optional<ActionItem> found;
    const auto make = [&](std::string owner, std::size_t verb) {
        ActionItem a;
        a.owner = std::move(owner);
        a.task = task_from(sentence, w, verb, due);
        if (due) {
            a.due = due->date;
            a.due_phrase = due->phrase;
            a.due_approximate = due->approximate;
        }
        a.said = std::string(sentence);
        return a;
    };
    for (std::size_t i = 0; i < w.size() && !found; ++i) {
        const std::string& l = w[i].lower;
        // "Action: Priya to ...", "Action for Priya - ..."
        if ((l == "action" || l == "actions") && i + 1 < w.size()) {
            std::size_t k = i + 1;
            if (w[k].lower == "for" || w[k].lower == "on") ++k;
            std::size_t name_end = k;
            while (name_end + 1 < w.size() && name_end < k + 2 && capitalised(w[name_end + 1]) &&
                   w[name_end + 1].lower != "to") {
                ++name_end;
            }
            if (k < w.size()) {
                const std::string name = name_ending_at(w, name_end);
                std::size_t after = name_end + 1;
                if (after < w.size() && (w[after].lower == "to" || w[after].lower == "will")) ++after;
                if (!name.empty()) {
                    if (auto v = verb_at(w, after)) found = make(name, *v);
                }
            }
        }
        // "Rachel, please let the comms team know ...", "Yes please, Lucy, do that before Friday": a name
        // addressed at the start of a sentence or clause, then an imperative.
        if (!found && w[i].comma_after) {
            const std::string name = name_ending_at(w, i);
            if (!name.empty()) {
                const auto name_words = static_cast<std::size_t>(std::count(name.begin(), name.end(), ' ')) + 1;
                const std::size_t first = i + 1 - name_words;
                // The name is the whole clause before the comma (so "Thank you, Chair" is not it).
                if (first == 0 || w[first - 1].comma_after) {
                    if (auto v = verb_at(w, i + 1)) found = make(name, *v);
                }
            }
        }
        // "I'll ...", "I will ...", "I can ...", "I'm going to ...", "leave it with me"
        if (!found && (l == "i'll" || l == "ill" ||
                       ((l == "i") && i + 1 < w.size() &&
                        (w[i + 1].lower == "will" || w[i + 1].lower == "can" || w[i + 1].lower == "shall")))) {
            const std::size_t after = l == "i" ? i + 2 : i + 1;
            if (auto v = verb_at(w, after)) found = make(std::string(speaker), *v);
        }
        if (!found && (l == "i'm" || l == "i") && i + 2 < w.size()) {
            const std::size_t g = l == "i" ? i + 2 : i + 1;
            if (g + 1 < w.size() && (l == "i'm" || w[i + 1].lower == "am") && w[g].lower == "going" &&
                w[g + 1].lower == "to") {
                if (auto v = verb_at(w, g + 2)) found = make(std::string(speaker), *v);
            }
        }
        // "Tom will ...", "Tom to ...", "Tom is going to ...", "Tom agreed to ..."
        if (!found && i > 0 && (l == "will" || l == "to" || l == "agreed") && !w[i - 1].comma_after) {
            const std::string name = name_ending_at(w, i - 1);
            const bool to_form = l == "to";
            // "Tom to send" only at the start of a sentence or clause (else "went to" etc. would not
            // reach here anyway, as the word before "to" must be a name).
            if (!name.empty() && (!to_form || i - 1 < 3)) {
                std::size_t after = i + 1;
                if (l == "agreed" && after < w.size() && w[after].lower == "to") ++after;
                if (l == "agreed" && after == i + 1) continue;
                if (auto v = verb_at(w, after)) found = make(name, *v);
            }
        }
        // "Can you ..., Sam?" / "Sam, can you ...?" / "Could you ..."
        if (!found && (l == "can" || l == "could" || l == "would") && i + 1 < w.size() && w[i + 1].lower == "you") {
            if (auto v = verb_at(w, i + 2)) {
                std::string owner;
                if (i > 0 && w[i - 1].comma_after) owner = name_ending_at(w, i - 1);
                for (std::size_t k = *v + 1; k < w.size() && owner.empty(); ++k) {
                    if (w[k - 1].comma_after && k + 1 == w.size()) owner = name_ending_at(w, k);
                }
                auto a = make(owner, *v);
                // Drop the trailing vocative from the task ("..., Sam").
                if (!owner.empty() && a.task.ends_with(owner)) {
                    a.task.resize(a.task.size() - owner.size());
                    while (!a.task.empty() && (a.task.back() == ' ' || a.task.back() == ',')) a.task.pop_back();
                }
                found = std::move(a);
            }
        }
        // "We'll ..." / "We need to ..." - the team, nobody named.
        if (!found &&
            (l == "we'll" || (l == "we" && i + 2 < w.size() && w[i + 1].lower == "need" && w[i + 2].lower == "to"))) {
            const std::size_t after = l == "we'll" ? i + 1 : i + 3;
            if (auto v = verb_at(w, after)) found = make("", *v);
        }
    }
    if (found && (found->task.empty() || (is_question(sentence) && found->owner.empty() && !found->due))) {
        return std::nullopt;
    }
    return found;
}

Result<Minutes> extract_minutes(const io::Transcript& transcript, const MinutesOptions& options) {
    if (transcript.turns.empty()) {
        return fail(ErrorCode::InvalidInput, fmt::format("{}: the transcript has no turns", transcript.source),
                    transcript.source);
    }
    Minutes m;
    m.words = transcript.words();
    if (m.words < io::kMeaningfulTranscriptWords) {
        return fail(ErrorCode::InvalidInput,
                    fmt::format("{}: the transcript has {} words; minutes are not meaningful for fewer than {} "
                                "(nothing has been invented)",
                                transcript.source, m.words, io::kMeaningfulTranscriptWords),
                    transcript.source);
    }
    m.warnings = transcript.warnings;
    for (const auto& t : transcript.turns) {
        if (!t.speaker.empty() && std::find(m.present.begin(), m.present.end(), t.speaker) == m.present.end()) {
            m.present.push_back(t.speaker);
        }
    }
    if (m.present.size() == 1) {
        m.warnings.push_back(
            fmt::format("only one speaker ({}) in the transcript: check it is the whole meeting", m.present.front()));
    }

    // Every sentence with its turn; agenda items start at the sentence where the chair opens one, so
    // a turn that closes one item and opens the next is split between them.
    struct Said {
        nlp::Sentence sentence;
        std::size_t turn = 0;
    };
    std::vector<Said> said;
    for (std::size_t t = 0; t < transcript.turns.size(); ++t) {
        for (auto& s : nlp::split_sentences(transcript.turns[t].text)) said.push_back({std::move(s), t});
    }
    std::vector<AgendaItem> items;
    std::vector<std::size_t> item_start;  // index into `said`
    for (std::size_t i = 0; i < said.size(); ++i) {
        auto title = item_title(said[i].sentence.text);
        if (!title) continue;
        if (items.empty() && i > 0) {
            items.push_back(AgendaItem{.title = "Opening of the meeting"});
            item_start.push_back(0);
        }
        items.push_back(AgendaItem{.title = std::move(*title)});
        item_start.push_back(i);
    }
    if (items.empty()) {
        items.push_back(AgendaItem{.title = "General discussion"});
        item_start.push_back(0);
    }
    item_start.push_back(said.size());

    for (std::size_t k = 0; k < items.size(); ++k) {
        auto& item = items[k];
        std::vector<nlp::Sentence> pool;
        std::vector<std::size_t> pool_turn;
        const std::size_t first = item_start[k], last = std::max(item_start[k + 1], first + 1) - 1;
        item.first_turn = first < said.size() ? said[first].turn : 0;
        item.last_turn = last < said.size() ? said[last].turn : item.first_turn;
        for (std::size_t i = first; i < item_start[k + 1]; ++i) {
            const std::size_t t = said[i].turn;
            const auto& turn = transcript.turns[t];
            const auto& s = said[i].sentence;
            if (is_apology(s.text)) m.apologies.push_back(statement(turn, t, s.text));
            if (is_declaration(s.text)) m.declarations.push_back(statement(turn, t, s.text));
            if (is_decision(s.text)) item.decisions.push_back(statement(turn, t, s.text));
            if (is_concern(s.text) && !is_question(s.text)) item.concerns.push_back(statement(turn, t, s.text));
            if (auto a = find_action(s.text, turn.speaker, options.meeting_date)) {
                a->turn = t;
                item.actions.push_back(std::move(*a));
            }
            const std::string l = lower(s.text);
            if ((l.find("review") != std::string::npos || l.find("next meeting") != std::string::npos) &&
                nlp::find_due_date(s.text, options.meeting_date)) {
                m.next_review.push_back(statement(turn, t, s.text));
            }
            pool.push_back(s);
            pool_turn.push_back(t);
        }
        nlp::TextRankOptions tr;
        tr.max_sentences = options.points_per_item;
        for (std::size_t i : nlp::select_summary(pool, tr)) {
            const auto& turn = transcript.turns[pool_turn[i]];
            item.points.push_back(statement(turn, pool_turn[i], pool[i].text));
        }
    }
    merge_acceptances(items);
    m.items = std::move(items);
    return m;
}

void carry_forward(const Json& previous, const io::Transcript& transcript, Minutes& minutes) {
    const Json* actions = previous.is_object() && previous.contains("actions") ? &previous["actions"] : nullptr;
    if (actions == nullptr || !actions->is_array()) return;
    std::vector<std::set<std::string>> turn_words;
    for (const auto& t : transcript.turns) turn_words.push_back(content_set(t.text + " " + t.speaker));
    for (const auto& j : *actions) {
        if (!j.is_object() || j.value("status", "") == "done") continue;
        ActionItem a;
        a.owner = j.value("owner", "");
        a.task = j.value("task", "");
        a.due_phrase = j.value("due_phrase", "");
        if (j.contains("due") && j["due"].is_string()) a.due = nlp::parse_iso_date(j["due"].get<std::string>());
        a.said = j.value("said", "");
        a.status = "carried forward";
        const auto task_words = content_set(a.task);
        const auto owner_words = content_set(a.owner);
        for (std::size_t t = 0; t < turn_words.size() && !task_words.empty(); ++t) {
            std::size_t shared = 0;
            for (const auto& w : task_words) shared += turn_words[t].count(w);
            // The owner named (or speaking) in this turn or the reply to it.
            const auto named_in = [&](std::size_t k) {
                return k < turn_words.size() &&
                       std::any_of(owner_words.begin(), owner_words.end(),
                                   [&](const std::string& w) { return turn_words[k].count(w) > 0; });
            };
            const bool owner_named = owner_words.empty() || named_in(t) || named_in(t + 1);
            if (owner_named && 2 * shared >= task_words.size() &&
                shared >= std::min<std::size_t>(2, task_words.size())) {
                a.status = "discussed";
                a.turn = t;
                break;
            }
        }
        minutes.carried.push_back(std::move(a));
    }
}

}  // namespace borough::actions::minutes
