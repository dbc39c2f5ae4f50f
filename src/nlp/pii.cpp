#include "nlp/pii.h"

#include <algorithm>
#include <array>
#include <unordered_set>

#include "nlp/char_class.h"
#include "nlp/tokenize.h"

namespace borough::nlp {
namespace {

using detail::is_ascii_alnum;
using detail::is_ascii_digit;
using detail::to_ascii_lower;

bool is_ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
char to_ascii_upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c; }

using WordSet = std::unordered_set<std::string_view>;

WordSet split_words(std::string_view list) {
    WordSet set;
    std::size_t i = 0;
    while (i < list.size()) {
        const std::size_t end = std::min(list.find(' ', i), list.size());
        if (end > i) {
            set.insert(list.substr(i, end - i));
        }
        i = end + 1;
    }
    return set;
}

// Common UK given names, written by us: frequent names across generations (ONS baby-name tables
// were the mental reference, not copied), plus names frequent in UK Welsh, Scottish, Irish, South
// Asian, Polish, Romanian and West African communities. Lower case.
constexpr std::string_view kGivenNames =
    "amelia olivia isla ava emily sophia sophie lily mia ella evie charlotte poppy jessica freya chloe "
    "daisy alice isabella florence millie phoebe sienna harper matilda eva amy scarlett evelyn lucy "
    "layla ellie elizabeth hannah rebecca laura sarah emma rachel claire karen susan julie helen lisa "
    "nicola michelle joanne angela tracey tracy jane janet margaret patricia linda barbara jennifer "
    "deborah debbie wendy christine pauline sandra sharon gillian jacqueline jackie kathleen catherine "
    "katherine kate katie kelly donna lorraine denise diane anne ann mary jean joan dorothy irene doris "
    "sheila shirley brenda maureen valerie beverley gemma natalie danielle stephanie victoria samantha "
    "leanne kirsty zoe megan abigail bethany georgia lauren jasmine molly fatima aisha ayesha maryam "
    "zainab amina khadija priya anita sunita pooja nadia yasmin agnieszka katarzyna anna maria monika "
    "joanna alexandra andrea louise caroline fiona alison rosemary jenny bridget siobhan niamh aoife "
    "eilidh morag mhairi carys cerys ffion seren sian bethan nia rhiannon eleri angharad lowri "
    "oliver george noah arthur harry leo muhammad mohammed mohammad mohamed ahmed ali omar hassan "
    "hussain ibrahim yusuf charlie oscar jacob henry thomas freddie alfie theo theodore archie joshua "
    "alexander james isaac edward lucas tommy finley logan ethan mason harrison samuel sam daniel "
    "david michael john paul peter andrew stephen steven richard robert christopher chris matthew "
    "simon ian kevin gary brian alan anthony tony martin neil jason darren wayne carl craig shaun "
    "sean keith colin derek trevor graham barry terry kenneth ronald raymond dennis philip phil "
    "stuart scott adam luke ben benjamin jamie ryan nathan callum kieran liam connor dylan tyler jake "
    "jordan lewis aaron bradley kyle reece joseph joe patrick declan ciaran eoin rhys dafydd gareth "
    "geraint gethin iwan huw owain aled emyr dewi ewan angus hamish fraser alistair alasdair euan "
    "gordon malcolm raj rajesh sanjay vijay amit arjun rohan ravi deepak sunil harpreet gurpreet "
    "jaswinder manpreet piotr tomasz krzysztof pawel marcin michal mateusz jakub andrzej ion mihai "
    "andrei florin kwame kofi emeka chinedu tunde abdul abdullah mustafa tariq imran kamran bilal "
    "faisal asif zahid shahid nasir margaret edith ethel gladys elsie vera hilda beryl sylvia "
    "marjorie norma audrey joyce eileen june rita josephine lesley alan bernard stanley albert "
    "harold walter frederick leonard ernest sidney douglas norman eric geoffrey malcolm clive "
    "nigel roger howard julian jeremy rupert giles hugh";

// Given names that are also everyday English words or place names: they count as a name only when a
// capitalised surname follows ("Will Jones", not "Will the council...").
constexpr std::string_view kAmbiguousGivenNames =
    "will may june april august mark grace hope faith joy bill rose jack frank pat sue dawn summer "
    "amber ruby holly heather hazel jade carol ray roy lee guy rob art chase hunter sky iris ivy "
    "violet olive penny robin jo don max dean cherry hunter sterling";

// Titles that precede a name. Lower case, without the optional full stop.
constexpr std::string_view kTitles = "mr mrs ms miss mx dr prof sir dame cllr councillor rev lord lady";

// Capitalised words that are never (part of) a personal name in council answers: days, months,
// organisations, places, and words that often start a sentence.
constexpr std::string_view kNotNames =
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june "
    "july august september october november december council borough city county housing team "
    "department dept office services service centre center hall library school college university "
    "hospital nhs gp police ltd limited plc group trust association church station estate house ward "
    "ok okay thanks thank please hello hi dear yes no not very really great good bad poor excellent "
    "english welsh british uk england wales scotland britain london christmas easter covid";

// Street suffixes (full words and common abbreviations), lower case.
constexpr std::string_view kStreetSuffixes =
    "street st road rd avenue ave av lane ln close cl drive dr court ct way place pl crescent cres "
    "gardens gdns grove gr terrace terr tce walk row square sq hill park rise view mews parade pde "
    "green vale wharf yard gate gardens meadow meadows fields chase ridge embankment esplanade quay "
    "boulevard blvd circle cir highway hwy parkway pkwy trail loop broadway approach bank brow "
    "causeway croft dale end fold glade hollow nook orchard passage path promenade wynd villas "
    "cottages";

// Suffixes that make a lower-case phrase an address ("12 acacia avenue"); "walk", "view", "park"
// and the like are too common as ordinary words ("2 dogs walk").
constexpr std::string_view kStrongStreetSuffixes =
    "street road avenue lane close drive crescent gardens grove terrace mews";

// Words before a house number: "Flat 3, 45 High Street".
constexpr std::string_view kUnitWords = "flat apartment apt unit suite no number";

// Lower-case words that, between a number and a street suffix, show it is not an address
// ("3 hours on the road", "5 more minutes walk").
constexpr std::string_view kNotAddressWords =
    "hours hour minutes minute mins days day weeks week months month years year times people cars "
    "more less miles mile metres yards bins bags buses pounds years kids children houses homes";

struct Tables {
    WordSet given_names = split_words(kGivenNames);
    WordSet ambiguous_given_names = split_words(kAmbiguousGivenNames);
    WordSet titles = split_words(kTitles);
    WordSet not_names = split_words(kNotNames);
    WordSet street_suffixes = split_words(kStreetSuffixes);
    WordSet strong_street_suffixes = split_words(kStrongStreetSuffixes);
    WordSet unit_words = split_words(kUnitWords);
    WordSet not_address_words = split_words(kNotAddressWords);
};

const Tables& tables() {
    static const Tables t;
    return t;
}

// ---------------------------------------------------------------------------------------------
// Tokens for the word-level detectors (names, addresses, dates of birth).

struct Token {
    std::size_t begin = 0;
    std::size_t end = 0;
    bool number = false;    // starts with a digit ("12", "12a", "3rd")
    bool capital = false;   // first letter upper case
    bool lower = false;     // no upper-case letter at all
    bool shouting = false;  // two or more letters, none lower case ("NHS", "ASB", "THE")
};

constexpr std::size_t kMaxLowerBytes = 32;

// Lower-cased ASCII copy of a token into `buf` (U+2019 becomes '), or "" when it does not fit.
std::string_view lower_token(std::string_view text, const Token& t, std::array<char, kMaxLowerBytes>& buf) {
    std::size_t n = 0;
    for (std::size_t i = t.begin; i < t.end; ++i) {
        if (n == buf.size()) {
            return {};
        }
        if (text[i] == '\xE2' && text.compare(i, 3, "\xE2\x80\x99") == 0) {
            buf[n++] = '\'';
            i += 2;
            continue;
        }
        buf[n++] = to_ascii_lower(text[i]);
    }
    return {buf.data(), n};
}

bool is_apostrophe_at(std::string_view text, std::size_t i, std::size_t& size) {
    if (text[i] == '\'' || text[i] == '-') {
        size = 1;
        return true;
    }
    if (text[i] == '\xE2' && text.compare(i, 3, "\xE2\x80\x99") == 0) {
        size = 3;
        return true;
    }
    return false;
}

std::vector<Token> tokenize(std::string_view text) {
    std::vector<Token> tokens;
    tokens.reserve(text.size() / 4 + 1);
    std::size_t i = 0;
    while (i < text.size()) {
        if (static_cast<unsigned char>(text[i]) < 0x80 && !is_ascii_alnum(text[i])) {
            ++i;  // ASCII space and punctuation, the common case
            continue;
        }
        detail::CodePoint cp = detail::decode_utf8(text, i);
        if (!detail::is_word_code_point(cp.value)) {
            i += cp.size;
            continue;
        }
        Token t;
        t.begin = i;
        t.number = cp.value >= '0' && cp.value <= '9';
        t.capital = detail::is_upper_code_point(cp.value);
        bool any_upper = false;
        bool any_ascii_lower = false;
        std::size_t ascii_letters = 0;
        while (i < text.size()) {
            if (is_ascii_alnum(text[i])) {
                any_upper = any_upper || detail::is_ascii_upper(text[i]);
                any_ascii_lower = any_ascii_lower || (text[i] >= 'a' && text[i] <= 'z');
                ascii_letters += is_ascii_alpha(text[i]) ? 1 : 0;
                ++i;
                continue;
            }
            cp = detail::decode_utf8(text, i);
            if (detail::is_word_code_point(cp.value)) {
                any_upper = any_upper || detail::is_upper_code_point(cp.value);
                i += cp.size;
                continue;
            }
            std::size_t joiner = 0;
            if (!t.number && is_apostrophe_at(text, i, joiner) && i + joiner < text.size() &&
                detail::is_word_code_point(detail::decode_utf8(text, i + joiner).value)) {
                i += joiner;
                continue;
            }
            break;
        }
        t.end = i;
        t.lower = !any_upper;
        t.shouting = !any_ascii_lower && ascii_letters >= 2 && !t.number;
        tokens.push_back(t);
    }
    return tokens;
}

// Text between two tokens is only spaces (at least one), so they are words of one phrase.
bool only_spaces_between(std::string_view text, const Token& a, const Token& b) {
    if (b.begin <= a.end) {
        return false;
    }
    for (std::size_t i = a.end; i < b.begin; ++i) {
        if (text[i] != ' ') {
            return false;
        }
    }
    return true;
}

// ---------------------------------------------------------------------------------------------
// Character-level detectors.

bool is_email_local(char c) { return is_ascii_alnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-'; }
bool is_domain_char(char c) { return is_ascii_alnum(c) || c == '-' || c == '.'; }

void find_emails(std::string_view text, std::vector<PiiSpan>& out) {
    std::size_t from = 0;
    while (true) {
        const std::size_t at = text.find('@', from);
        if (at == std::string_view::npos) {
            return;
        }
        from = at + 1;
        std::size_t b = at;
        while (b > 0 && is_email_local(text[b - 1])) {
            --b;
        }
        while (b < at && (text[b] == '.' || text[b] == '-')) {
            ++b;
        }
        std::size_t e = at + 1;
        while (e < text.size() && is_domain_char(text[e])) {
            ++e;
        }
        while (e > at + 1 && (text[e - 1] == '.' || text[e - 1] == '-')) {
            --e;
        }
        if (b == at || e == at + 1) {
            continue;
        }
        const std::string_view domain = text.substr(at + 1, e - at - 1);
        const std::size_t dot = domain.rfind('.');
        if (dot == std::string_view::npos || dot == 0 || domain.size() - dot - 1 < 2) {
            continue;
        }
        bool tld_alpha = true;
        for (std::size_t k = dot + 1; k < domain.size(); ++k) {
            tld_alpha = tld_alpha && is_ascii_alpha(domain[k]);
        }
        if (!tld_alpha) {
            continue;
        }
        out.push_back({PiiKind::Email, b, e});
        from = e;
    }
}

bool nhs_check(std::string_view d) {
    int sum = 0;
    for (int k = 0; k < 9; ++k) {
        sum += (d[static_cast<std::size_t>(k)] - '0') * (10 - k);
    }
    int check = 11 - sum % 11;
    if (check == 11) {
        check = 0;
    }
    return check != 10 && check == d[9] - '0';
}

bool luhn_check(std::string_view d) {
    int sum = 0;
    bool twice = false;
    for (std::size_t k = d.size(); k-- > 0;) {
        int v = d[k] - '0';
        if (twice) {
            v *= 2;
            if (v > 9) {
                v -= 9;
            }
        }
        sum += v;
        twice = !twice;
    }
    return sum % 10 == 0;
}

constexpr std::size_t kMaxRunDigits = 20;

// A run of digits broken by single spaces, hyphens, dots or a bracketed area code, possibly with a
// leading '+': the shape of phone, card and NHS numbers.
struct DigitRun {
    std::size_t begin = 0;
    std::size_t end = 0;
    std::array<char, kMaxRunDigits> digits{};
    std::size_t digit_count = 0;
    std::size_t groups = 0;
    std::size_t min_group = kMaxRunDigits;
    bool plus = false;
    bool brackets = false;
    bool zero_in_brackets = false;  // "+44 (0)20 ..."
};

bool scan_digit_run(std::string_view text, std::size_t i, DigitRun& run) {
    run = DigitRun{};
    run.begin = i;
    std::size_t j = i;
    if (text[j] == '+') {
        run.plus = true;
        ++j;
        if (j < text.size() && text[j] == ' ') {
            ++j;
        }
    }
    while (j < text.size()) {
        bool bracket = false;
        std::size_t k = j;
        if (text[k] == '(') {
            bracket = true;
            ++k;
        }
        const std::size_t group_begin = k;
        while (k < text.size() && is_ascii_digit(text[k])) {
            if (run.digit_count == kMaxRunDigits) {
                return false;
            }
            run.digits[run.digit_count++] = text[k];
            ++k;
        }
        const std::size_t group = k - group_begin;
        if (group == 0) {
            break;
        }
        if (bracket) {
            if (k >= text.size() || text[k] != ')') {
                return false;
            }
            ++k;
            run.brackets = true;
            if (group == 1 && text[group_begin] == '0') {
                run.zero_in_brackets = true;
            }
        }
        ++run.groups;
        run.min_group = std::min(run.min_group, group);
        j = k;
        run.end = j;
        // Separator: one space, hyphen or dot (or ") " already consumed), then another group.
        std::size_t s = j;
        if (s < text.size() && (text[s] == ' ' || text[s] == '-' || text[s] == '.')) {
            ++s;
        }
        if (s < text.size() && (is_ascii_digit(text[s]) || text[s] == '(')) {
            j = s;
            continue;
        }
        break;
    }
    return run.digit_count > 0;
}

// Extends a phone span over an extension: "x8593", " ext 123", " ext. 123".
std::size_t extend_over_extension(std::string_view text, std::size_t end) {
    std::size_t k = end;
    if (k < text.size() && text[k] == ' ') {
        ++k;
    }
    if (k < text.size() && (text[k] == 'x' || text[k] == 'X')) {
        ++k;
    } else if (k + 3 <= text.size() && (text.compare(k, 3, "ext") == 0 || text.compare(k, 3, "Ext") == 0)) {
        k += 3;
        if (k < text.size() && text[k] == '.') {
            ++k;
        }
        if (k < text.size() && text[k] == ' ') {
            ++k;
        }
    } else {
        return end;
    }
    const std::size_t digits_begin = k;
    while (k < text.size() && is_ascii_digit(text[k])) {
        ++k;
    }
    if (k == digits_begin || k - digits_begin > 6 || (k < text.size() && is_ascii_alnum(text[k]))) {
        return end;
    }
    return k;
}

void find_numbers(std::string_view text, std::vector<PiiSpan>& out) {
    DigitRun run;
    std::size_t i = 0;
    while (i < text.size()) {
        const char c = text[i];
        const bool starts = is_ascii_digit(c) || ((c == '+' || c == '(') && i + 1 < text.size() &&
                                                  (is_ascii_digit(text[i + 1]) || (c == '+' && text[i + 1] == ' ')));
        // Not the tail of a word, date, amount or decimal ("A12", "1/2", "1,250", "2.5").
        const bool glued_before =
            i > 0 && (is_ascii_alnum(text[i - 1]) || text[i - 1] == '/' || text[i - 1] == '-' || text[i - 1] == '+' ||
                      ((text[i - 1] == '.' || text[i - 1] == ',') && i > 1 && is_ascii_digit(text[i - 2])));
        if (!starts || glued_before) {
            ++i;
            continue;
        }
        if (!scan_digit_run(text, i, run)) {
            // Too many digits or a broken bracket: skip the whole digit block.
            ++i;
            while (i < text.size() && is_ascii_digit(text[i])) {
                ++i;
            }
            continue;
        }
        std::size_t end = run.end;
        const bool letter_after =
            end < text.size() && is_ascii_alpha(text[end]) && text[end] != 'x' && text[end] != 'X';
        const bool glued_after = end < text.size() && (text[end] == '/' || is_ascii_digit(text[end]));
        if (letter_after || glued_after) {
            i = end + 1;
            continue;
        }
        const std::string_view d(run.digits.data(), run.digit_count);
        const std::size_t n = d.size();
        bool phone = false;
        PiiKind kind = PiiKind::Phone;
        if (run.plus || d.starts_with("00")) {
            std::string_view rest = run.plus ? d : d.substr(2);
            if (rest.starts_with("44")) {
                rest.remove_prefix(2);
                if (run.zero_in_brackets && rest.starts_with("0")) {
                    rest.remove_prefix(1);
                }
                phone = rest.size() >= 9 && rest.size() <= 10;
            } else {
                phone = rest.size() >= 7 && rest.size() <= 15;
            }
        } else if (d[0] == '0' && (n == 10 || n == 11) && d[1] != '0' && d[1] != '4' && d[1] != '6') {
            phone = true;  // UK national: 01/02/03 landline, 05/07 mobile and VoIP, 08/09 special
        } else if (n == 10 && (run.groups == 1 || (run.groups == 3 && !run.brackets)) && nhs_check(d)) {
            kind = PiiKind::NhsNumber;
            phone = true;
        } else if (n >= 13 && n <= 19 && run.min_group >= 3 && !run.brackets && luhn_check(d)) {
            kind = PiiKind::CardNumber;
            phone = true;
        } else if ((n == 10 || (n == 11 && d[0] == '1')) && run.groups >= 2 && run.min_group >= 3) {
            phone = true;  // North American 3-3-4 shape, also UK numbers missing the 0
        }
        if (phone) {
            if (kind == PiiKind::Phone) {
                end = extend_over_extension(text, end);
            }
            out.push_back({kind, run.begin, end});
        }
        i = end;
    }
}

bool ni_prefix_ok(char a, char b) {
    a = to_ascii_upper(a);
    b = to_ascii_upper(b);
    if (std::string_view("DFIQUV").find(a) != std::string_view::npos ||
        std::string_view("DFIOQUV").find(b) != std::string_view::npos) {
        return false;
    }
    const char pair[2] = {a, b};
    const std::string_view p(pair, 2);
    return p != "BG" && p != "GB" && p != "KN" && p != "NK" && p != "NT" && p != "TN" && p != "ZZ";
}

void find_ni_numbers(std::string_view text, std::vector<PiiSpan>& out) {
    for (std::size_t i = 0; i + 9 <= text.size(); ++i) {
        if (!is_ascii_alpha(text[i]) || !is_ascii_alpha(text[i + 1]) ||
            (!is_ascii_digit(text[i + 2]) && text[i + 2] != ' ') || (i > 0 && is_ascii_alnum(text[i - 1]))) {
            continue;
        }
        if (!ni_prefix_ok(text[i], text[i + 1])) {
            continue;
        }
        std::size_t k = i + 2;
        std::size_t digits = 0;
        while (k < text.size() && digits < 6) {
            if (is_ascii_digit(text[k])) {
                ++digits;
                ++k;
            } else if (text[k] == ' ' && (digits % 2 == 0) && k + 1 < text.size() && is_ascii_digit(text[k + 1])) {
                ++k;
            } else {
                break;
            }
        }
        if (digits != 6) {
            continue;
        }
        if (k < text.size() && text[k] == ' ') {
            ++k;
        }
        if (k < text.size() && std::string_view("ABCDabcd").find(text[k]) != std::string_view::npos &&
            (k + 1 == text.size() || !is_ascii_alnum(text[k + 1]))) {
            out.push_back({PiiKind::NiNumber, i, k + 1});
            i = k;
        }
    }
}

bool in_set(char c, std::string_view upper_set) { return upper_set.find(to_ascii_upper(c)) != std::string_view::npos; }

// Inward code "9AA" at k; returns its end or 0.
std::size_t match_inward(std::string_view text, std::size_t k) {
    if (k + 3 > text.size() || !is_ascii_digit(text[k]) || !is_ascii_alpha(text[k + 1]) ||
        !is_ascii_alpha(text[k + 2]) || in_set(text[k + 1], "CIKMOV") || in_set(text[k + 2], "CIKMOV")) {
        return 0;
    }
    if (k + 3 < text.size() && is_ascii_alnum(text[k + 3])) {
        return 0;
    }
    // "A1 2nd", "M6 4th": lower-case ordinal suffixes are not inward codes.
    const std::string_view letters = text.substr(k + 1, 2);
    if (letters == "st" || letters == "nd" || letters == "rd" || letters == "th") {
        return 0;
    }
    return k + 3;
}

void find_postcodes(std::string_view text, std::vector<PiiSpan>& out) {
    for (std::size_t i = 0; i + 5 <= text.size(); ++i) {
        if (!is_ascii_alpha(text[i]) || (i > 0 && is_ascii_alnum(text[i - 1]))) {
            continue;
        }
        // Every outward code has a digit second or third ("M1", "SW1A"), except GIR 0AA.
        if (!is_ascii_digit(text[i + 1]) && !(is_ascii_alpha(text[i + 1]) && is_ascii_digit(text[i + 2])) &&
            to_ascii_upper(text[i]) != 'G') {
            continue;
        }
        std::size_t best_end = 0;
        if ((text.compare(i, 3, "GIR") == 0 || text.compare(i, 3, "gir") == 0)) {
            const std::size_t k = i + 3 + (i + 3 < text.size() && text[i + 3] == ' ' ? 1 : 0);
            if (text.compare(k, 3, "0AA") == 0 || text.compare(k, 3, "0aa") == 0) {
                best_end = k + 3;
            }
        }
        if (in_set(text[i], "QVX")) {
            continue;
        }
        // Outward forms: A9 A99 A9A AA9 AA99 AA9A, written as a pattern of L (letter) and D (digit).
        constexpr std::array<std::string_view, 6> kForms = {"LD", "LDD", "LDL", "LLD", "LLDD", "LLDL"};
        for (const std::string_view form : kForms) {
            if (i + form.size() > text.size()) {
                continue;
            }
            bool ok = true;
            for (std::size_t f = 0; f < form.size() && ok; ++f) {
                const char c = text[i + f];
                ok = form[f] == 'L' ? is_ascii_alpha(c) : is_ascii_digit(c);
            }
            if (!ok) {
                continue;
            }
            if (form[1] == 'L' && in_set(text[i + 1], "IJZ")) {
                continue;
            }
            if (form == "LDL" && !in_set(text[i + 2], "ABCDEFGHJKPSTUW")) {
                continue;
            }
            if (form == "LLDL" && !in_set(text[i + 3], "ABEHMNPRVWXY")) {
                continue;
            }
            std::size_t k = i + form.size();
            if (k < text.size() && text[k] == ' ') {
                ++k;
            }
            const std::size_t end = match_inward(text, k);
            best_end = std::max(best_end, end);
        }
        if (best_end > 0) {
            out.push_back({PiiKind::Postcode, i, best_end});
            i = best_end;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Word-level detectors.

struct WordContext {
    std::string_view text;
    const std::vector<Token>& tokens;
    const Tables& t;

    std::string_view lower(std::size_t k, std::array<char, kMaxLowerBytes>& buf) const {
        return lower_token(text, tokens[k], buf);
    }
    bool is(std::size_t k, std::string_view lower_word) const {
        std::array<char, kMaxLowerBytes> buf{};
        return k < tokens.size() && lower(k, buf) == lower_word;
    }
    bool in(std::size_t k, const WordSet& set) const {
        std::array<char, kMaxLowerBytes> buf{};
        const std::string_view w = lower(k, buf);
        return !w.empty() && set.contains(w);
    }
    // Capitalised word that can be part of a personal name.
    bool is_name_word(std::size_t k) const {
        if (k >= tokens.size() || tokens[k].number || !tokens[k].capital || tokens[k].shouting) {
            return false;
        }
        std::array<char, kMaxLowerBytes> buf{};
        const std::string_view w = lower(k, buf);
        return !w.empty() && !t.not_names.contains(w) && !t.street_suffixes.contains(w) && !is_stopword(w) &&
               !t.titles.contains(w);
    }
    bool adjacent(std::size_t a, std::size_t b) const {
        return b < tokens.size() && only_spaces_between(text, tokens[a], tokens[b]);
    }
    // Extends from token k over up to `max_more` further adjacent name words; returns the last index.
    std::size_t extend_name(std::size_t k, std::size_t max_more) const {
        std::size_t last = k;
        while (max_more-- > 0 && adjacent(last, last + 1) && is_name_word(last + 1)) {
            ++last;
        }
        return last;
    }
};

void find_addresses(const WordContext& w, std::vector<PiiSpan>& out) {
    const auto& tok = w.tokens;
    for (std::size_t k = 0; k < tok.size(); ++k) {
        if (!tok[k].number || tok[k].end - tok[k].begin > 5) {
            continue;
        }
        if (tok[k].begin > 0) {
            const char before = w.text[tok[k].begin - 1];
            if (before == '$' || before == '.' || before == ',' ||
                w.text.substr(0, tok[k].begin).ends_with("\xC2\xA3")) {
                continue;  // amounts: "£12", "$5", "2.5"
            }
        }
        std::size_t best = 0;
        bool all_capital = true;
        bool plausible_lower = true;
        for (std::size_t m = k + 1; m < tok.size() && m <= k + 5; ++m) {
            if (!w.adjacent(m - 1, m) || tok[m].number) {
                break;
            }
            if (m > k + 1 && ((all_capital && w.in(m, w.t.street_suffixes)) ||
                              (plausible_lower && w.in(m, w.t.strong_street_suffixes)))) {
                best = m;
            }
            all_capital = all_capital && tok[m].capital;
            std::array<char, kMaxLowerBytes> buf{};
            const std::string_view lw = w.lower(m, buf);
            plausible_lower =
                plausible_lower && !lw.empty() && !is_stopword(lw) && !w.t.not_address_words.contains(lw) && m <= k + 3;
            if (!all_capital && !plausible_lower) {
                break;
            }
        }
        if (best == 0) {
            continue;
        }
        std::size_t begin = tok[k].begin;
        std::size_t end = tok[best].end;
        // "Flat 3, 45 High Street": a unit word and number before the house number.
        if (k >= 2 && tok[k - 1].number && w.in(k - 2, w.t.unit_words)) {
            const std::string_view gap = w.text.substr(tok[k - 1].end, tok[k].begin - tok[k - 1].end);
            if (gap == " " || gap == ", " || gap == "," || gap == " , ") {
                begin = tok[k - 2].begin;
            }
        }
        // "12 Main Street Apt. 4", "45 High Street, Flat 2".
        if (best + 2 < tok.size() && w.in(best + 1, w.t.unit_words) && tok[best + 2].number) {
            const std::string_view gap = w.text.substr(end, tok[best + 1].begin - end);
            if (gap == " " || gap == ", ") {
                end = tok[best + 2].end;
            }
        }
        out.push_back({PiiKind::Address, begin, end});
        k = best;
    }
}

void find_names(const WordContext& w, std::vector<PiiSpan>& out) {
    const auto& tok = w.tokens;
    for (std::size_t k = 0; k < tok.size(); ++k) {
        if (tok[k].number) {
            continue;
        }
        // Only capitalised words and the first letters of cue words ("name", "called", "spoke",
        // "thanks", "i'm") can start a name here; skip the rest without lower-casing them.
        if (const char first = w.text[tok[k].begin];
            !tok[k].capital && std::string_view("nNcCsStTiI").find(first) == std::string_view::npos) {
            continue;
        }
        std::array<char, kMaxLowerBytes> buf{};
        const std::string_view lw = w.lower(k, buf);
        if (lw.empty()) {
            continue;
        }
        // Title + name: "Mrs Patel", "Dr. A. Jones", "Cllr Smith".
        if (tok[k].capital && w.t.titles.contains(lw)) {
            std::size_t next = k + 1;
            const bool dotted = next < tok.size() && tok[k].end < w.text.size() && w.text[tok[k].end] == '.';
            const bool joined =
                next < tok.size() &&
                (w.adjacent(k, next) || (dotted && tok[next].begin == tok[k].end + 2 && w.text[tok[k].end + 1] == ' '));
            const auto is_initial = [&](std::size_t i) {
                return i < tok.size() && tok[i].end - tok[i].begin == 1 &&
                       detail::is_ascii_upper(w.text[tok[i].begin]) && tok[i].end < w.text.size() &&
                       w.text[tok[i].end] == '.';
            };
            if (joined && (w.is_name_word(next) || is_initial(next))) {
                std::size_t last = next;
                // Initials followed by a full stop: "Dr A. Jones".
                while (is_initial(last) && last + 1 < tok.size() && tok[last + 1].begin == tok[last].end + 2 &&
                       w.text[tok[last].end + 1] == ' ' && (w.is_name_word(last + 1) || is_initial(last + 1))) {
                    ++last;
                }
                if (is_initial(last)) {
                    continue;  // "Dr. A." with no surname: too little to be sure
                }
                last = w.extend_name(last, 2);
                out.push_back({PiiKind::Name, tok[k].begin, tok[last].end});
                k = last;
                continue;
            }
        }
        // Cue phrases: "my name is X", "spoke to X", "called X".
        std::size_t cue_end = 0;  // index of the first token after the cue
        bool allow_lower = false;
        if (lw == "name" && (w.is(k + 1, "is") || w.is(k + 1, "was"))) {
            cue_end = k + 2;
            allow_lower = k >= 1 && w.is(k - 1, "my");
        } else if (lw == "name" && tok[k].end < w.text.size() && w.text[tok[k].end] == ':') {
            cue_end = k + 1;
        } else if ((lw == "name's" || lw == "names") && k >= 1 && w.is(k - 1, "my")) {
            cue_end = k + 1;
            allow_lower = true;
        } else if (lw == "called" || lw == "named") {
            cue_end = k + 1;
        } else if ((lw == "spoke" || lw == "speak" || lw == "speaking" || lw == "talked" || lw == "talking" ||
                    lw == "thanks" || lw == "thank") &&
                   (w.is(k + 1, "to") || w.is(k + 1, "with") || w.is(k + 1, "you"))) {
            cue_end = k + 2;
            if (w.is(k + 1, "you") && w.is(k + 2, "to")) {
                cue_end = k + 3;
            }
        } else if ((lw == "i'm" || lw == "im") && w.is_name_word(k + 1) && w.is(k + 2, "from")) {
            cue_end = k + 1;
        }
        const bool cue_joined =
            cue_end > 0 && cue_end < tok.size() &&
            (w.adjacent(cue_end - 1, cue_end) ||
             w.text.substr(tok[cue_end - 1].end, tok[cue_end].begin - tok[cue_end - 1].end) == ": ");
        if (cue_joined) {
            if (w.is_name_word(cue_end)) {
                const std::size_t last = w.extend_name(cue_end, 2);
                out.push_back({PiiKind::Name, tok[cue_end].begin, tok[last].end});
                k = last;
                continue;
            }
            if (allow_lower && !tok[cue_end].number) {
                std::array<char, kMaxLowerBytes> nb{};
                const std::string_view nw = w.lower(cue_end, nb);
                if (!nw.empty() && !is_stopword(nw) && !w.t.not_names.contains(nw)) {
                    std::size_t last = cue_end;
                    std::array<char, kMaxLowerBytes> sb{};
                    if (w.adjacent(last, last + 1) && !tok[last + 1].number) {
                        const std::string_view sw = w.lower(last + 1, sb);
                        if (!sw.empty() && !is_stopword(sw) && !w.t.not_names.contains(sw)) {
                            ++last;
                        }
                    }
                    out.push_back({PiiKind::Name, tok[cue_end].begin, tok[last].end});
                    k = last;
                    continue;
                }
            }
        }
        // Listed given name, optionally followed by surname(s): "Sarah", "Sarah Jones".
        if (tok[k].capital && (w.t.given_names.contains(lw) || w.t.ambiguous_given_names.contains(lw))) {
            const bool followed_by_street = w.adjacent(k, k + 1) && w.in(k + 1, w.t.street_suffixes);
            if (followed_by_street) {
                continue;
            }
            const std::size_t last = w.extend_name(k, 2);
            const bool ambiguous = w.t.ambiguous_given_names.contains(lw);
            if (last == k && ambiguous) {
                continue;
            }
            out.push_back({PiiKind::Name, tok[k].begin, tok[last].end});
            k = last;
        }
    }
}

constexpr std::array<std::string_view, 12> kMonths = {"january",   "february", "march",    "april",
                                                      "may",       "june",     "july",     "august",
                                                      "september", "october",  "november", "december"};

bool is_month(std::string_view lw) {
    for (const std::string_view m : kMonths) {
        if (lw == m || (lw.size() == 3 && m.starts_with(lw)) || (lw == "sept")) {
            return true;
        }
    }
    return false;
}

bool is_day_number(std::string_view text, const Token& t) {
    std::size_t digits = 0;
    while (t.begin + digits < t.end && is_ascii_digit(text[t.begin + digits])) {
        ++digits;
    }
    if (digits == 0 || digits > 2) {
        return false;
    }
    const std::string_view suffix = text.substr(t.begin + digits, t.end - t.begin - digits);
    return suffix.empty() || suffix == "st" || suffix == "nd" || suffix == "rd" || suffix == "th";
}

bool is_year(std::string_view text, const Token& t) {
    const std::size_t n = t.end - t.begin;
    if (n != 2 && n != 4) {
        return false;
    }
    for (std::size_t i = t.begin; i < t.end; ++i) {
        if (!is_ascii_digit(text[i])) {
            return false;
        }
    }
    return true;
}

// Numeric date at byte i: d/m/y with '/', '-' or '.', 1-2 digit day and month, 2 or 4 digit year.
std::size_t match_numeric_date(std::string_view text, std::size_t i) {
    std::size_t k = i;
    for (int part = 0; part < 3; ++part) {
        const std::size_t start = k;
        while (k < text.size() && is_ascii_digit(text[k]) && k - start < 4) {
            ++k;
        }
        const std::size_t n = k - start;
        if (part < 2 ? (n < 1 || n > 2) : (n != 2 && n != 4)) {
            return 0;
        }
        if (part < 2) {
            if (k >= text.size() || (text[k] != '/' && text[k] != '-' && text[k] != '.')) {
                return 0;
            }
            ++k;
        }
    }
    if (k < text.size() && is_ascii_alnum(text[k])) {
        return 0;
    }
    return k;
}

void find_dates_of_birth(const WordContext& w, std::vector<PiiSpan>& out) {
    const auto& tok = w.tokens;
    for (std::size_t k = 0; k < tok.size(); ++k) {
        if (const char first = w.text[tok[k].begin]; first != 'd' && first != 'D' && first != 'b' && first != 'B') {
            continue;  // every cue starts with "d" or "b"
        }
        std::array<char, kMaxLowerBytes> buf{};
        const std::string_view lw = w.lower(k, buf);
        std::size_t next = 0;
        if (lw == "dob" || lw == "born" || lw == "birthday" || lw == "birthdate") {
            next = k + 1;
        } else if (lw == "birth" && k >= 2 && w.is(k - 1, "of") && w.is(k - 2, "date")) {
            next = k + 1;
        } else if (lw == "birth" && w.is(k + 1, "date")) {
            next = k + 2;
        } else if (lw == "d" && w.is(k + 1, "o") && w.is(k + 2, "b")) {
            next = k + 3;
        }
        if (next == 0) {
            continue;
        }
        // Skip filler: "DOB: 12/03/1975", "born on the 3rd of March 1975", "birthday is ...".
        for (int skip = 0; skip < 3 && next < tok.size(); ++skip) {
            if (w.is(next, "on") || w.is(next, "is") || w.is(next, "the") || w.is(next, "was")) {
                ++next;
            }
        }
        if (next >= tok.size() || tok[next].begin - tok[next - 1].end > 4) {
            continue;
        }
        const Token& first = tok[next];
        if (const std::size_t end = match_numeric_date(w.text, first.begin); end > 0) {
            out.push_back({PiiKind::DateOfBirth, first.begin, end});
            continue;
        }
        std::array<char, kMaxLowerBytes> mb{};
        // "3 March 1975", "3rd of March 1975".
        if (first.number && is_day_number(w.text, first)) {
            std::size_t m = next + 1;
            if (w.is(m, "of")) {
                ++m;
            }
            if (m < tok.size() && is_month(w.lower(m, mb))) {
                std::size_t last = m;
                if (m + 1 < tok.size() && is_year(w.text, tok[m + 1]) && tok[m + 1].begin - tok[m].end <= 2) {
                    last = m + 1;
                }
                out.push_back({PiiKind::DateOfBirth, first.begin, tok[last].end});
            }
            continue;
        }
        // "March 3, 1975", "March 3rd 1975".
        if (is_month(w.lower(next, mb)) && next + 1 < tok.size() && is_day_number(w.text, tok[next + 1])) {
            std::size_t last = next + 1;
            if (last + 1 < tok.size() && is_year(w.text, tok[last + 1]) && tok[last + 1].begin - tok[last].end <= 2) {
                ++last;
            }
            out.push_back({PiiKind::DateOfBirth, first.begin, tok[last].end});
        }
    }
}

// Lower value wins an overlap: specific formats beat loose word patterns.
int priority(PiiKind kind) {
    switch (kind) {
        case PiiKind::Email:
            return 0;
        case PiiKind::NiNumber:
        case PiiKind::NhsNumber:
        case PiiKind::CardNumber:
            return 1;
        case PiiKind::Phone:
            return 2;
        case PiiKind::DateOfBirth:
        case PiiKind::Postcode:
            return 3;
        case PiiKind::Address:
            return 4;
        case PiiKind::Name:
            return 5;
    }
    return 6;
}

}  // namespace

std::string_view to_string(PiiKind kind) {
    switch (kind) {
        case PiiKind::Email:
            return "email";
        case PiiKind::Phone:
            return "phone";
        case PiiKind::Postcode:
            return "postcode";
        case PiiKind::Address:
            return "address";
        case PiiKind::Name:
            return "name";
        case PiiKind::NiNumber:
            return "ni_number";
        case PiiKind::NhsNumber:
            return "nhs_number";
        case PiiKind::CardNumber:
            return "card_number";
        case PiiKind::DateOfBirth:
            return "date_of_birth";
    }
    return "unknown";
}

std::string_view redaction_label(PiiKind kind) {
    switch (kind) {
        case PiiKind::Email:
            return "[email]";
        case PiiKind::Phone:
            return "[phone]";
        case PiiKind::Postcode:
            return "[postcode]";
        case PiiKind::Address:
            return "[address]";
        case PiiKind::Name:
            return "[name]";
        case PiiKind::NiNumber:
            return "[ni number]";
        case PiiKind::NhsNumber:
            return "[nhs number]";
        case PiiKind::CardNumber:
            return "[card number]";
        case PiiKind::DateOfBirth:
            return "[date of birth]";
    }
    return "[personal data]";
}

std::vector<PiiSpan> find_pii(std::string_view text) {
    std::vector<PiiSpan> found;
    if (text.empty()) {
        return found;
    }
    find_emails(text, found);
    find_numbers(text, found);
    find_ni_numbers(text, found);
    find_postcodes(text, found);
    const std::vector<Token> tokens = tokenize(text);
    const WordContext words{text, tokens, tables()};
    find_addresses(words, found);
    find_dates_of_birth(words, found);
    find_names(words, found);
    if (found.size() <= 1) {
        return found;
    }
    std::sort(found.begin(), found.end(), [](const PiiSpan& a, const PiiSpan& b) {
        if (priority(a.kind) != priority(b.kind)) {
            return priority(a.kind) < priority(b.kind);
        }
        if (a.end - a.begin != b.end - b.begin) {
            return a.end - a.begin > b.end - b.begin;
        }
        return a.begin < b.begin;
    });
    std::vector<PiiSpan> kept;
    kept.reserve(found.size());
    for (const PiiSpan& s : found) {
        const bool overlaps =
            std::any_of(kept.begin(), kept.end(), [&](const PiiSpan& k) { return s.begin < k.end && k.begin < s.end; });
        if (!overlaps) {
            kept.push_back(s);
        }
    }
    std::sort(kept.begin(), kept.end(), [](const PiiSpan& a, const PiiSpan& b) { return a.begin < b.begin; });
    return kept;
}

std::string redact_pii(std::string_view text, const std::vector<PiiSpan>& spans) {
    std::vector<PiiSpan> sorted = spans;
    std::sort(sorted.begin(), sorted.end(), [](const PiiSpan& a, const PiiSpan& b) {
        return a.begin != b.begin ? a.begin < b.begin : a.end > b.end;
    });
    std::string out;
    out.reserve(text.size());
    std::size_t pos = 0;
    for (const PiiSpan& s : sorted) {
        if (s.begin < pos || s.begin >= s.end || s.end > text.size()) {
            continue;
        }
        out.append(text.substr(pos, s.begin - pos));
        out.append(redaction_label(s.kind));
        pos = s.end;
    }
    out.append(text.substr(pos));
    return out;
}

std::string redact_pii(std::string_view text) { return redact_pii(text, find_pii(text)); }

}  // namespace borough::nlp
