#include "nlp/uk_spelling.h"

#include <algorithm>
#include <array>

namespace borough::nlp {
namespace {

// One row: British stem, American stem, and the endings ('|'-separated, "" = the bare stem) that
// both spellings share. Written by us from standard British/American spelling differences. Only words
// whose British form is not also standard American are listed ("advertise", "surprise", "exercise" are
// spelled with -ise in both, so they are absent).
struct StemRow {
    std::string_view british;
    std::string_view american;
    std::string_view endings;
};

// Verb endings for -ise/-yse verbs and their -isation/-iser nouns and -isable adjectives.
constexpr std::string_view kIse = "e|es|ed|ing|er|ers|ation|ations|able";
constexpr std::string_view kIseVerb = "e|es|ed|ing";
// Nouns/verbs in -our and their common derivations.
constexpr std::string_view kOur = "|s|ed|ing";
// Doubled -ll- before -ed/-ing/-er (travelled, cancelling, modeller).
constexpr std::string_view kLl = "ed|ing|er|ers";

constexpr std::array kStems = {
    // -ise → -ize (verbs that only American English spells with z)
    StemRow{"agonis", "agoniz", kIse},
    StemRow{"antagonis", "antagoniz", kIse},
    StemRow{"apologis", "apologiz", kIse},
    StemRow{"authoris", "authoriz", kIse},
    StemRow{"unauthoris", "unauthoriz", kIse},
    StemRow{"brutalis", "brutaliz", kIse},
    StemRow{"categoris", "categoriz", kIse},
    StemRow{"centralis", "centraliz", kIse},
    StemRow{"characteris", "characteriz", kIse},
    StemRow{"civilis", "civiliz", kIse},
    StemRow{"criticis", "criticiz", kIse},
    StemRow{"customis", "customiz", kIse},
    StemRow{"demoralis", "demoraliz", kIse},
    StemRow{"digitis", "digitiz", kIse},
    StemRow{"disorganis", "disorganiz", kIse},
    StemRow{"dramatis", "dramatiz", kIse},
    StemRow{"emphasis", "emphasiz", kIseVerb},
    StemRow{"energis", "energiz", kIse},
    StemRow{"equalis", "equaliz", kIse},
    StemRow{"familiaris", "familiariz", kIse},
    StemRow{"fantasis", "fantasiz", kIse},
    StemRow{"finalis", "finaliz", kIse},
    StemRow{"glamoris", "glamoriz", kIse},
    StemRow{"harmonis", "harmoniz", kIse},
    StemRow{"hospitalis", "hospitaliz", kIse},
    StemRow{"humanis", "humaniz", kIse},
    StemRow{"idolis", "idoliz", kIse},
    StemRow{"immunis", "immuniz", kIse},
    StemRow{"itemis", "itemiz", kIse},
    StemRow{"jeopardis", "jeopardiz", kIse},
    StemRow{"legalis", "legaliz", kIse},
    StemRow{"localis", "localiz", kIse},
    StemRow{"marginalis", "marginaliz", kIse},
    StemRow{"maximis", "maximiz", kIse},
    StemRow{"memoris", "memoriz", kIse},
    StemRow{"mesmeris", "mesmeriz", kIse},
    StemRow{"minimis", "minimiz", kIse},
    StemRow{"mobilis", "mobiliz", kIse},
    StemRow{"modernis", "moderniz", kIse},
    StemRow{"monopolis", "monopoliz", kIse},
    StemRow{"moralis", "moraliz", kIse},
    StemRow{"neutralis", "neutraliz", kIse},
    StemRow{"normalis", "normaliz", kIse},
    StemRow{"optimis", "optimiz", kIse},
    StemRow{"organis", "organiz", kIse},
    StemRow{"ostracis", "ostraciz", kIse},
    StemRow{"patronis", "patroniz", kIse},
    StemRow{"penalis", "penaliz", kIse},
    StemRow{"personalis", "personaliz", kIse},
    StemRow{"polaris", "polariz", kIse},
    StemRow{"popularis", "populariz", kIse},
    StemRow{"prioritis", "prioritiz", kIse},
    StemRow{"privatis", "privatiz", kIse},
    StemRow{"publicis", "publiciz", kIse},
    StemRow{"rationalis", "rationaliz", kIse},
    StemRow{"realis", "realiz", kIse},
    StemRow{"recognis", "recogniz", kIse},
    StemRow{"unrecognis", "unrecogniz", kIse},
    StemRow{"reorganis", "reorganiz", kIse},
    StemRow{"revolutionis", "revolutioniz", kIse},
    StemRow{"sanitis", "sanitiz", kIse},
    StemRow{"scandalis", "scandaliz", kIse},
    StemRow{"scrutinis", "scrutiniz", kIse},
    StemRow{"sensitis", "sensitiz", kIse},
    StemRow{"socialis", "socializ", kIse},
    StemRow{"specialis", "specializ", kIse},
    StemRow{"stabilis", "stabiliz", kIse},
    StemRow{"standardis", "standardiz", kIse},
    StemRow{"sterilis", "steriliz", kIse},
    StemRow{"stigmatis", "stigmatiz", kIse},
    StemRow{"subsidis", "subsidiz", kIse},
    StemRow{"summaris", "summariz", kIse},
    StemRow{"symbolis", "symboliz", kIse},
    StemRow{"sympathis", "sympathiz", kIse},
    StemRow{"terroris", "terroriz", kIse},
    StemRow{"traumatis", "traumatiz", kIse},
    StemRow{"trivialis", "trivializ", kIse},
    StemRow{"utilis", "utiliz", kIse},
    StemRow{"vandalis", "vandaliz", kIse},
    StemRow{"victimis", "victimiz", kIse},
    StemRow{"visualis", "visualiz", kIse},
    // -yse → -yze
    StemRow{"analys", "analyz", kIseVerb},
    StemRow{"paralys", "paralyz", kIseVerb},
    StemRow{"catalys", "catalyz", kIseVerb},
    // -our → -or
    StemRow{"ardour", "ardor", kOur},
    StemRow{"armour", "armor", kOur},
    StemRow{"behaviour", "behavior", "|s|al|ally"},
    StemRow{"misbehaviour", "misbehavior", ""},
    StemRow{"candour", "candor", ""},
    StemRow{"clamour", "clamor", kOur},
    StemRow{"colour", "color", "|s|ed|ing|ful|fully|less"},
    StemRow{"discolour", "discolor", "|ed|ation"},
    StemRow{"demeanour", "demeanor", ""},
    StemRow{"endeavour", "endeavor", kOur},
    StemRow{"favour", "favor", "|s|ed|ing|able|ably|ite|ites|itism"},
    StemRow{"unfavourabl", "unfavorabl", "e|y"},
    StemRow{"fervour", "fervor", ""},
    StemRow{"flavour", "flavor", "|s|ed|ing|ful|less|some"},
    StemRow{"harbour", "harbor", kOur},
    StemRow{"honour", "honor", "|s|ed|ing|able|ably"},
    StemRow{"dishonour", "dishonor", "|s|ed|able|ably"},
    StemRow{"humour", "humor", "|s|ed|ing|less"},
    StemRow{"labour", "labor", "|s|ed|ing|er|ers"},
    StemRow{"neighbour", "neighbor", "|s|hood|hoods|ing|ly|liness"},
    StemRow{"odour", "odor", "|s|less"},
    StemRow{"parlour", "parlor", "|s"},
    StemRow{"rigour", "rigor", ""},
    StemRow{"rumour", "rumor", "|s|ed"},
    StemRow{"saviour", "savior", "|s"},
    StemRow{"savour", "savor", "|s|ed|ing|y"},
    StemRow{"splendour", "splendor", ""},
    StemRow{"tumour", "tumor", "|s"},
    StemRow{"valour", "valor", ""},
    StemRow{"vapour", "vapor", "|s"},
    StemRow{"vigour", "vigor", ""},
    // doubled l
    StemRow{"cancell", "cancel", kLl},
    StemRow{"counsell", "counsel", "ed|ing|or|ors"},
    StemRow{"diall", "dial", "ed|ing"},
    StemRow{"equall", "equal", "ed|ing"},
    StemRow{"fuell", "fuel", "ed|ing"},
    StemRow{"labell", "label", "ed|ing"},
    StemRow{"levell", "level", "ed|ing"},
    StemRow{"marvell", "marvel", "ed|ing|ous|ously"},
    StemRow{"modell", "model", kLl},
    StemRow{"quarrell", "quarrel", "ed|ing"},
    StemRow{"signall", "signal", "ed|ing"},
    StemRow{"totall", "total", "ed|ing"},
    StemRow{"travell", "travel", kLl},
    StemRow{"jewellery", "jewelry", ""},
    StemRow{"skilful", "skillful", "|ly"},
    StemRow{"wilful", "willful", "|ly"},
    StemRow{"fulfil", "fulfill", "|s|ment"},
    StemRow{"enrol", "enroll", "|s|ment"},
    StemRow{"instalment", "installment", "|s"},
    // -re → -er
    StemRow{"centre", "center", "|s|d"},
    StemRow{"theatre", "theater", "|s"},
    StemRow{"metre", "meter", "|s"},
    StemRow{"litre", "liter", "|s"},
    StemRow{"fibre", "fiber", "|s"},
    StemRow{"calibre", "caliber", ""},
    StemRow{"sombre", "somber", "|ly"},
    StemRow{"lustre", "luster", ""},
    StemRow{"meagre", "meager", ""},
    StemRow{"spectre", "specter", ""},
    StemRow{"manoeuvre", "maneuver", "|s|d"},
    StemRow{"manoeuvring", "maneuvering", ""},
    // -ence → -ense
    StemRow{"defence", "defense", "|s|less"},
    StemRow{"offence", "offense", "|s"},
    StemRow{"pretence", "pretense", "|s"},
    StemRow{"licence", "license", "|s"},
    // ae/oe
    StemRow{"anaemi", "anemi", "a|c"},
    StemRow{"anaesthe", "anesthe", "tic|tics|sia|tist"},
    StemRow{"paediatric", "pediatric", "|s|ian"},
    StemRow{"diarrhoea", "diarrhea", ""},
    StemRow{"haemorrhag", "hemorrhag", "e|es|ing"},
    StemRow{"oesophag", "esophag", "us|eal"},
    StemRow{"oestrogen", "estrogen", ""},
    StemRow{"foetus", "fetus", ""},
    StemRow{"orthopaedic", "orthopedic", "|s"},
    StemRow{"gynaecolog", "gynecolog", "y|ist|ical"},
    StemRow{"encyclopaedi", "encyclopedi", "a|as"},
    // single words
    StemRow{"acknowledgement", "acknowledgment", "|s"},
    StemRow{"ageing", "aging", ""},
    StemRow{"aluminium", "aluminum", ""},
    StemRow{"amongst", "among", ""},
    StemRow{"cheque", "check", "|s"},
    StemRow{"catalogue", "catalog", "|s|d"},
    StemRow{"analogue", "analog", ""},
    StemRow{"cosy", "cozy", ""},
    StemRow{"draught", "draft", "|s|y"},
    StemRow{"grey", "gray", "|er|ish"},
    StemRow{"judgement", "judgment", "|s|al"},
    StemRow{"kerb", "curb", "|s"},
    StemRow{"mould", "mold", "|s|y|ed|ing"},
    StemRow{"smoulder", "smolder", "|s|ed|ing"},
    StemRow{"plough", "plow", "|s|ed|ing"},
    StemRow{"programme", "program", "|s"},
    StemRow{"pyjamas", "pajamas", ""},
    StemRow{"sceptic", "skeptic", "|al|ally|ism|s"},
    StemRow{"tyre", "tire", "|s"},
    StemRow{"whilst", "while", ""},
    StemRow{"learnt", "learned", ""},
    StemRow{"spelt", "spelled", ""},
    StemRow{"spoilt", "spoiled", ""},
    StemRow{"burnt", "burned", ""},
    StemRow{"dreamt", "dreamed", ""},
    StemRow{"practis", "practic", "e|es|ed|ing"},
    StemRow{"aeroplane", "airplane", "|s"},
    StemRow{"storey", "story", "|s"},
};

}  // namespace

UkSpelling::UkSpelling() {
    for (const StemRow& row : kStems) {
        std::string_view endings = row.endings;
        while (true) {
            const std::size_t bar = endings.find('|');
            const std::string_view ending = endings.substr(0, bar);
            std::string british(row.british);
            british += ending;
            std::string american(row.american);
            american += ending;
            if (british != american) {
                map_.emplace(std::move(british), std::move(american));
            }
            if (bar == std::string_view::npos) {
                break;
            }
            endings.remove_prefix(bar + 1);
        }
    }
}

std::string_view UkSpelling::to_american(std::string_view word) const {
    const auto it = map_.find(word);
    return it == map_.end() ? word : std::string_view(it->second);
}

bool UkSpelling::contains(std::string_view word) const { return map_.find(word) != map_.end(); }

std::vector<std::pair<std::string, std::string>> UkSpelling::pairs() const {
    std::vector<std::pair<std::string, std::string>> out(map_.begin(), map_.end());
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace borough::nlp
