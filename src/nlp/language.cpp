#include "nlp/language.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>

#include "nlp/char_class.h"

namespace borough::nlp {
namespace {

enum Lang : std::uint8_t { En, Cy, Pl, Ro, Es, Fr, De, Pt, It, Lt, So, kLangCount };

constexpr std::array<std::string_view, kLangCount> kLangCodes = {"en", "cy", "pl", "ro", "es", "fr",
                                                                 "de", "pt", "it", "lt", "so"};

// Common-word profiles, written by us from general knowledge of each language: articles, pronouns,
// prepositions, conjunctions, auxiliaries, plus a few words any council answer uses ("council",
// "street", "children", "thank you", "good"). Tokens are split at apostrophes, so elided French and
// Italian forms ("l'", "qu'") and English contractions ("don't" -> "don", "t") appear as fragments.
// English also lists texting forms ("tbh", "u", "gr8") so slang is never mistaken for another language.
// A word in several lists counts 1/k for each of its k languages.
constexpr std::string_view kEnglish =
    "the and to of a in is it that for was on are with be this have not but they at i you my we there "
    "more very would should could been has had were from or so no all can do what when which their them "
    "our about just like get also need needs only than some because don t s didn isn can wasn won "
    "couldn m ve ll re doesn aren im dont cant wont didnt isnt tbh u ur pls plz thx thanks lol gr8 cos "
    "coz gonna wanna service council staff good great bad poor help helpful time people well really too "
    "much lot better always never how who why where any out up if been will your his her he she me "
    "him us an as by one got go went did does done said told felt made took nothing everything "
    "something anything nice friendly kind lovely thank thanks please n r b4 cuz tho ok okay yes "
    "appointment doctor nurse waiting wait area road street park bins rubbish parking housing "
    "repair repairs rent tenant neighbour neighbours after before over into then there here now "
    "still again being these those other every each same such own make see know think want";
constexpr std::string_view kWelsh =
    "y yr r a ac i yn o ar mae ei eu am ond fel hefyd gyda wedi ddim nid bod oedd roedd ydw ydy yw sy "
    "sydd hyn hynny hwn hon neu gan wrth drwy trwy rhaid mwy iawn diolch cyngor da dda pob nhw fi chi "
    "ni fy ein eich gwasanaeth angen byddai bydd dim rwy dwi mewn efo pan beth pam sut lle ble yma yno "
    "oherwydd achos llawer ychydig rhai dylai cael gwneud gallu ffordd ffyrdd gwell gormod hen ysgol "
    "plant cymraeg amser pobl ’r";
constexpr std::string_view kPolish =
    "i w z na nie się sie do to że ze jest o jak ale po co tak za od przez dla już juz tylko jego jej "
    "ich być był była było są może moze bardzo też tez także czy który która które gdy kiedy ten ta te "
    "tego tym mnie mi mam ma mamy jestem nas nam więc bo ponieważ jeszcze bez pod nad przy oraz lub "
    "albo dobrze źle brak dziękuję dziekuje miasto ulica ulice gmina dzieci mieszkanie trzeba powinno "
    "powinien jako można mozna";
constexpr std::string_view kRomanian =
    "și si în la de pe cu nu este sunt că ca o un una mai din pentru care se ce am ai are au fost fi "
    "foarte dar sau acest această aceasta acesta lor lui ei el ea noi voi eu mă mi ne vă le prin după "
    "dupa până despre când cand unde cum bine rău toate tot nici dacă daca deja mult multe copii "
    "strada străzi primăria primaria consiliul trebuie poate avem nostru noastră fie sa să iar";
constexpr std::string_view kSpanish =
    "el la los las de del y en que a un una es por con no para se su sus al lo como más mas pero muy "
    "este esta esto son ha hay fue ser está estan están también tambien porque cuando donde nos mi me "
    "le les ya todo todos sin sobre entre hasta bien mal gracias servicio calle calles ayuntamiento "
    "niños tiene tienen hace puede necesita mejor poco mucho";
constexpr std::string_view kFrench =
    "le la les de des du un une et est en que qui dans pour pas ne sur au aux avec ce cette ces il "
    "elle ils elles nous vous je j on son sa ses mais ou où très tres plus sont été être avoir à fait "
    "faire aussi comme parce quand leur leurs merci rue rues mairie conseil enfants bien mal peu "
    "beaucoup trop y c d l n qu s cest jai";
constexpr std::string_view kGerman =
    "der die das und ist nicht ein eine einen einem einer zu den dem des mit sich auf für im von es "
    "auch an als wie wir ich sie er sind war wird werden haben hat aber oder wenn dass noch nur schon "
    "sehr mehr so kein keine bei nach aus um über vor durch gut schlecht danke straße strasse stadt "
    "kinder bitte wurde sollte könnte muss gibt";
constexpr std::string_view kPortuguese =
    "o a os as de do da dos das e é em no na nos nas um uma que para por com não se mais mas muito "
    "muita como ao à seu sua ele ela eles nós eu você voce isso isto este esta são foi ser está estão "
    "tem têm também porque quando onde bem mal obrigado obrigada rua ruas câmara crianças pelo pela "
    "já ainda sem nao";
constexpr std::string_view kItalian =
    "il lo la i gli le di del della dei delle e è un una uno che per con non in nel nella su sul "
    "sulla da dal dalla al alla come più ma molto anche sono sia era essere ha hanno questo questa "
    "quello quella perché perche quando dove se mi ci si ne noi voi loro io lui lei bene male grazie "
    "strada strade comune bambini ancora già sempre troppo l dell all nell";
constexpr std::string_view kLithuanian =
    "ir yra kad su į iš is ne tai kaip bet ar jis ji jie jos mes jūs aš man mano mūsų savo už per "
    "prie apie nuo iki dėl po labai daug nėra buvo bus gali reikia taip čia ten kas kur kada kodėl "
    "dabar jau dar tik arba vaikai gatvė gatvės ačiū gerai blogai šis ši tas ta būti";
constexpr std::string_view kSomali =
    "waa iyo ka ku in oo ee la u ah ayaa aan wax waxaan waxay ma laga loo kale badan jira jiro sida "
    "haddii laakiin si ayay ayuu yahay yihiin leh kuwa tahay hadda baan baa dadka guriga carruurta "
    "caruurta waan mahadsanid waxa kuma uma lama ugu kuu ii aad ayaan soo sii wuxuu iyada isaga "
    "annaga iyaga dhammaan fiican xun degmada wadada";

constexpr std::array<std::string_view, kLangCount> kProfiles = {
    kEnglish, kWelsh, kPolish, kRomanian, kSpanish, kFrench, kGerman, kPortuguese, kItalian, kLithuanian, kSomali};

using Mask = std::uint16_t;

// Word -> set of languages whose profile lists it: open addressing with FNV-1a, because every word
// of every answer is looked up and std::unordered_map costs several times more per lookup here.
class ProfileTable {
public:
    ProfileTable() {
        for (std::size_t lang = 0; lang < kLangCount; ++lang) {
            const std::string_view list = kProfiles[lang];
            std::size_t i = 0;
            while (i < list.size()) {
                const std::size_t end = std::min(list.find(' ', i), list.size());
                if (end > i) {
                    add(list.substr(i, end - i), static_cast<Mask>(1u << lang));
                }
                i = end + 1;
            }
        }
    }

    // Languages listing `word` (0 when none).
    [[nodiscard]] Mask find(std::string_view word) const {
        for (std::size_t slot = hash(word) & (kSlots - 1);; slot = (slot + 1) & (kSlots - 1)) {
            if (keys_[slot].empty()) {
                return 0;
            }
            if (keys_[slot] == word) {
                return masks_[slot];
            }
        }
    }

private:
    static constexpr std::size_t kSlots = 4096;  // power of two, several times the word count

    static std::size_t hash(std::string_view word) {
        std::uint32_t h = 2166136261u;
        for (const char c : word) {
            h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
        }
        return h;
    }

    void add(std::string_view word, Mask mask) {
        for (std::size_t slot = hash(word) & (kSlots - 1);; slot = (slot + 1) & (kSlots - 1)) {
            if (keys_[slot].empty() || keys_[slot] == word) {
                keys_[slot] = word;
                masks_[slot] |= mask;
                return;
            }
        }
    }

    std::array<std::string_view, kSlots> keys_{};
    std::array<Mask, kSlots> masks_{};
};

const ProfileTable& profile_words() {
    static const ProfileTable table;
    return table;
}

// Letters that are strong hints for one language in our set (each occurrence adds kHintWeight).
struct Hint {
    std::uint32_t cp;
    Lang lang;
};
constexpr std::array kHints = {
    Hint{0x0142, Pl}, Hint{0x0105, Pl}, Hint{0x0119, Pl}, Hint{0x017C, Pl}, Hint{0x015B, Pl},
    Hint{0x017A, Pl}, Hint{0x0107, Pl}, Hint{0x0144, Pl},  // ł ą ę ż ś ź ć ń
    Hint{0x0103, Ro}, Hint{0x0219, Ro}, Hint{0x015F, Ro}, Hint{0x021B, Ro}, Hint{0x0163, Ro},  // ă ș ş ț ţ
    Hint{0x0175, Cy}, Hint{0x0177, Cy},                                                        // ŵ ŷ
    Hint{0x00F1, Es}, Hint{0x00BF, Es}, Hint{0x00A1, Es},                                      // ñ ¿ ¡
    Hint{0x00E3, Pt}, Hint{0x00F5, Pt},                                                        // ã õ
    Hint{0x00DF, De}, Hint{0x00E4, De}, Hint{0x00F6, De}, Hint{0x00FC, De},                    // ß ä ö ü
    Hint{0x0117, Lt}, Hint{0x0173, Lt}, Hint{0x016B, Lt}, Hint{0x012F, Lt}, Hint{0x010D, Lt},
    Hint{0x0161, Lt}, Hint{0x017E, Lt},                    // ė ų ū į č š ž
    Hint{0x0153, Fr}, Hint{0x00EB, Fr}, Hint{0x00EF, Fr},  // œ ë ï
    Hint{0x00F2, It}, Hint{0x00EC, It},                    // ò ì
};
constexpr double kHintWeight = 0.5;
constexpr double kMaxHintScore = 2.0;

enum class Script : std::uint8_t {
    Latin,
    Arabic,
    Bengali,
    Gurmukhi,
    Gujarati,
    Devanagari,
    Tamil,
    Cyrillic,
    Greek,
    Hebrew,
    Han,
    Kana,
    Hangul,
    Thai,
    Ethiopic,
    Other,
    kCount
};

Script script_of(std::uint32_t cp) {
    if (cp < 0x250) {
        return Script::Latin;
    }
    if (cp >= 0x1E00 && cp <= 0x1EFF) {
        return Script::Latin;  // Latin Extended Additional (Welsh ẁ ẃ ỳ, Vietnamese)
    }
    if ((cp >= 0x600 && cp <= 0x6FF) || (cp >= 0x750 && cp <= 0x77F) || (cp >= 0xFB50 && cp <= 0xFDFF) ||
        (cp >= 0xFE70 && cp <= 0xFEFF)) {
        return Script::Arabic;
    }
    if (cp >= 0x900 && cp <= 0x97F) {
        return Script::Devanagari;
    }
    if (cp >= 0x980 && cp <= 0x9FF) {
        return Script::Bengali;
    }
    if (cp >= 0xA00 && cp <= 0xA7F) {
        return Script::Gurmukhi;
    }
    if (cp >= 0xA80 && cp <= 0xAFF) {
        return Script::Gujarati;
    }
    if (cp >= 0xB80 && cp <= 0xBFF) {
        return Script::Tamil;
    }
    if (cp >= 0x400 && cp <= 0x52F) {
        return Script::Cyrillic;
    }
    if (cp >= 0x370 && cp <= 0x3FF) {
        return Script::Greek;
    }
    if (cp >= 0x590 && cp <= 0x5FF) {
        return Script::Hebrew;
    }
    if (cp >= 0xE00 && cp <= 0xE7F) {
        return Script::Thai;
    }
    if (cp >= 0x1200 && cp <= 0x139F) {
        return Script::Ethiopic;
    }
    if (cp >= 0x3040 && cp <= 0x30FF) {
        return Script::Kana;
    }
    if ((cp >= 0xAC00 && cp <= 0xD7AF) || (cp >= 0x1100 && cp <= 0x11FF)) {
        return Script::Hangul;
    }
    if ((cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF)) {
        return Script::Han;
    }
    return Script::Other;
}

// Lower-cases ASCII, Latin-1 and Latin Extended-A capitals; other code points are returned as-is.
std::uint32_t to_lower(std::uint32_t cp) {
    if (cp < 0x80) {
        return (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
    }
    if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) {
        return cp + 32;
    }
    if (cp >= 0x100 && cp <= 0x17F) {
        // Extended-A pairs capital/small as even/odd, except 0x139-0x148 and 0x179-0x17E (odd/even).
        const bool odd_first = (cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E);
        const bool is_capital = odd_first ? (cp % 2 == 1) : (cp % 2 == 0);
        if (is_capital && cp != 0x130 && cp != 0x138 && cp != 0x149) {
            return cp + 1;
        }
        return cp;
    }
    if (cp == 0x218 || cp == 0x21A) {
        return cp + 1;  // Ș Ț
    }
    return cp;
}

std::size_t append_utf8(std::uint32_t cp, char* out) {
    if (cp < 0x80) {
        out[0] = static_cast<char>(cp);
        return 1;
    }
    if (cp < 0x800) {
        out[0] = static_cast<char>(0xC0 | (cp >> 6));
        out[1] = static_cast<char>(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = static_cast<char>(0xE0 | (cp >> 12));
        out[1] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out[2] = static_cast<char>(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = static_cast<char>(0xF0 | (cp >> 18));
    out[1] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out[2] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out[3] = static_cast<char>(0x80 | (cp & 0x3F));
    return 4;
}

bool is_urdu_letter(std::uint32_t cp) {
    // ٹ ڈ ڑ ں ہ ھ ے ۓ: used by Urdu (and Punjabi Shahmukhi), not by Arabic or Persian.
    return cp == 0x679 || cp == 0x688 || cp == 0x691 || cp == 0x6BA || cp == 0x6C1 || cp == 0x6BE || cp == 0x6D2 ||
           cp == 0x6D3;
}
bool is_persian_letter(std::uint32_t cp) {
    return cp == 0x67E || cp == 0x686 || cp == 0x698 || cp == 0x6AF;  // پ چ ژ گ
}
bool is_ukrainian_letter(std::uint32_t cp) {
    return cp == 0x456 || cp == 0x457 || cp == 0x454 || cp == 0x491 || cp == 0x406 || cp == 0x407 || cp == 0x404 ||
           cp == 0x490;  // і ї є ґ (and capitals)
}

constexpr std::size_t kMinLatinWords = 3;
constexpr std::size_t kMaxWordBytes = 48;

}  // namespace

LanguageGuess detect_language(std::string_view text) {
    std::array<std::size_t, static_cast<std::size_t>(Script::kCount)> letters{};
    std::array<double, kLangCount> score{};
    std::array<std::size_t, kLangCount> hits{};
    double hint_score[kLangCount] = {};
    std::size_t words = 0;
    std::size_t letter_total = 0;
    bool urdu = false;
    bool persian = false;
    bool ukrainian = false;
    const auto& profile = profile_words();

    std::array<char, kMaxWordBytes + 4> word{};
    std::size_t word_size = 0;
    bool word_overflow = false;
    auto finish_word = [&] {
        if (word_size == 0 && !word_overflow) {
            return;
        }
        ++words;
        if (!word_overflow) {
            const Mask mask = profile.find(std::string_view(word.data(), word_size));
            if (mask != 0) {
                const double weight = 1.0 / std::popcount(mask);
                for (unsigned bits = mask; bits != 0; bits &= bits - 1) {
                    const auto lang = static_cast<std::size_t>(std::countr_zero(bits));
                    score[lang] += weight;
                    ++hits[lang];
                }
            }
        }
        word_size = 0;
        word_overflow = false;
    };

    constexpr auto kLatin = static_cast<std::size_t>(Script::Latin);
    for (std::size_t i = 0; i < text.size();) {
        if (const char c = text[i]; static_cast<unsigned char>(c) < 0x80) {  // ASCII fast path
            ++i;
            if (!detail::is_ascii_alnum(c)) {
                finish_word();
                continue;
            }
            if (!detail::is_ascii_digit(c)) {
                ++letters[kLatin];
                ++letter_total;
            }
            if (word_size + 4 > kMaxWordBytes) {
                word_overflow = true;
            } else {
                word[word_size++] = detail::to_ascii_lower(c);
            }
            continue;
        }
        const detail::CodePoint cp = detail::decode_utf8(text, i);
        i += cp.size;
        if (!detail::is_word_code_point(cp.value)) {
            finish_word();
            for (const Hint& h : kHints) {
                if (cp.value >= 0xA1 && h.cp == cp.value) {  // ¿ ¡ are punctuation
                    hint_score[h.lang] += kHintWeight;
                }
            }
            continue;
        }
        const Script script = script_of(cp.value);
        const bool is_letter = !(cp.value >= '0' && cp.value <= '9');
        if (is_letter) {
            ++letters[static_cast<std::size_t>(script)];
            ++letter_total;
        }
        urdu = urdu || is_urdu_letter(cp.value);
        persian = persian || is_persian_letter(cp.value);
        ukrainian = ukrainian || is_ukrainian_letter(cp.value);
        const std::uint32_t lower = to_lower(cp.value);
        if (lower >= 0xA1) {
            for (const Hint& h : kHints) {
                if (h.cp == lower) {
                    hint_score[h.lang] += kHintWeight;
                }
            }
        }
        if (word_size + 4 > kMaxWordBytes) {
            word_overflow = true;
        } else {
            word_size += append_utf8(lower, word.data() + word_size);
        }
    }
    finish_word();

    if (letter_total == 0) {
        return {"und", 0.0};
    }
    // Script decides first: the script with the most letters wins, if it is not Latin.
    std::size_t best_script = 0;
    for (std::size_t s = 1; s < letters.size(); ++s) {
        if (letters[s] > letters[best_script]) {
            best_script = s;
        }
    }
    const double script_share = static_cast<double>(letters[best_script]) / static_cast<double>(letter_total);
    const double short_factor = letters[best_script] >= 6 ? 1.0 : 0.6;
    const double script_confidence = script_share * short_factor;
    switch (static_cast<Script>(best_script)) {
        case Script::Latin:
            break;
        case Script::Arabic:
            return {urdu ? "ur" : (persian ? "fa" : "ar"), script_confidence * (urdu ? 1.0 : 0.8)};
        case Script::Bengali:
            return {"bn", script_confidence};
        case Script::Gurmukhi:
            return {"pa", script_confidence};
        case Script::Gujarati:
            return {"gu", script_confidence};
        case Script::Devanagari:
            return {"hi", script_confidence * 0.8};  // also Nepali, Marathi
        case Script::Tamil:
            return {"ta", script_confidence};
        case Script::Cyrillic:
            return {ukrainian ? "uk" : "ru", script_confidence * 0.8};
        case Script::Greek:
            return {"el", script_confidence};
        case Script::Hebrew:
            return {"he", script_confidence};
        case Script::Han:
            return {letters[static_cast<std::size_t>(Script::Kana)] > 0 ? "ja" : "zh", script_confidence};
        case Script::Kana:
            return {"ja", script_confidence};
        case Script::Hangul:
            return {"ko", script_confidence};
        case Script::Thai:
            return {"th", script_confidence};
        case Script::Ethiopic:
            return {"am", script_confidence * 0.7};
        case Script::Other:
        case Script::kCount:
            return {"und", 0.1};
    }

    if (words < kMinLatinWords) {
        return {"und", 0.1};
    }
    for (std::size_t lang = 0; lang < kLangCount; ++lang) {
        score[lang] += std::min(hint_score[lang], kMaxHintScore);
    }
    std::size_t best = En;
    std::size_t second = kLangCount;
    for (std::size_t lang = 0; lang < kLangCount; ++lang) {
        if (lang != best && score[lang] > score[best]) {
            best = lang;
        }
    }
    for (std::size_t lang = 0; lang < kLangCount; ++lang) {
        if (lang != best && (second == kLangCount || score[lang] > score[second])) {
            second = lang;
        }
    }
    if (score[best] <= 0) {
        return {"und", 0.2};  // no profile word: e.g. "excellent friendly efficient staff"
    }
    // A foreign guess needs real evidence and a clear lead over English, so English with typos,
    // slang or a stray foreign word ("the café was nice") stays English.
    const bool clear_foreign =
        best != En && score[best] >= 1.5 && hits[best] >= 2 && score[best] >= 1.5 * score[En] + 0.5;
    if (best != En && !clear_foreign) {
        const double en_conf = score[En] > 0 ? 0.3 : 0.15;
        return {score[En] > 0 ? "en" : "und", en_conf};
    }
    const double margin = (score[best] - score[second]) / score[best];
    const double evidence = std::min(1.0, score[best] / 4.0);
    const double confidence = std::clamp(0.2 + 0.4 * margin + 0.4 * evidence, 0.0, 1.0);
    return {std::string(kLangCodes[best]), confidence};
}

}  // namespace borough::nlp
