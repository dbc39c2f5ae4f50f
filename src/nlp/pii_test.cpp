#include "nlp/pii.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

extern "C" int borough_fuzz_flags_one_input(const std::uint8_t* data, std::size_t size);

namespace borough::nlp {
namespace {

// All names, numbers and addresses below are invented for these tests (numbers from the ranges Ofcom
// and the NHS reserve for fiction and testing where such ranges exist).

struct Found {
    PiiKind kind;
    std::string text;
    bool operator==(const Found&) const = default;
};

void PrintTo(const Found& f, std::ostream* os) { *os << to_string(f.kind) << ":'" << f.text << "'"; }

std::vector<Found> found(std::string_view text) {
    std::vector<Found> out;
    for (const PiiSpan& s : find_pii(text)) {
        out.push_back({s.kind, std::string(text.substr(s.begin, s.end - s.begin))});
    }
    return out;
}

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(PiiEmail, FindsAddressesAndTrimsPunctuation) {
    EXPECT_THAT(found("Email me at jo.bloggs+survey@example.co.uk."),
                ElementsAre(Found{PiiKind::Email, "jo.bloggs+survey@example.co.uk"}));
    EXPECT_THAT(found("meet @ 5pm, or a@b, or x@y.z"), IsEmpty());
}

TEST(PiiPhone, UkFormats) {
    EXPECT_THAT(found("ring 07700 900123 please"), ElementsAre(Found{PiiKind::Phone, "07700 900123"}));
    EXPECT_THAT(found("call +44 7700 900123"), ElementsAre(Found{PiiKind::Phone, "+44 7700 900123"}));
    EXPECT_THAT(found("office (020) 7946 0000 or 0113-496-0000"),
                ElementsAre(Found{PiiKind::Phone, "(020) 7946 0000"}, Found{PiiKind::Phone, "0113-496-0000"}));
    EXPECT_THAT(found("+44 (0)20 7946 0999 ext 12"), ElementsAre(Found{PiiKind::Phone, "+44 (0)20 7946 0999 ext 12"}));
    EXPECT_THAT(found("01632960000"), ElementsAre(Found{PiiKind::Phone, "01632960000"}));
}

TEST(PiiPhone, OrdinaryNumbersAreNotPhones) {
    EXPECT_THAT(found("waited 45 minutes, paid \xC2\xA3"
                      "1,250.00 in 2019-2020, ref 12/03/2024"),
                IsEmpty());
    EXPECT_THAT(found("open 9.00-17.00 on 3 days"), IsEmpty());
}

TEST(PiiNumbers, NhsNumberNeedsTheCheckDigit) {
    EXPECT_THAT(found("NHS no 943 476 5919"), ElementsAre(Found{PiiKind::NhsNumber, "943 476 5919"}));
    EXPECT_THAT(found("NHS no 9434765919."), ElementsAre(Found{PiiKind::NhsNumber, "9434765919"}));
    EXPECT_THAT(found("ref 9434765918"), IsEmpty());  // wrong check digit, no phone shape
}

TEST(PiiNumbers, CardNumberNeedsLuhn) {
    EXPECT_THAT(found("card 4111 1111 1111 1111 expired"),
                ElementsAre(Found{PiiKind::CardNumber, "4111 1111 1111 1111"}));
    EXPECT_THAT(found("card 4111-1111-1111-1112"), IsEmpty());
}

TEST(PiiNumbers, NationalInsuranceNumber) {
    EXPECT_THAT(found("my NI is AB123456C."), ElementsAre(Found{PiiKind::NiNumber, "AB123456C"}));
    EXPECT_THAT(found("NI: JG 10 37 54 A"), ElementsAre(Found{PiiKind::NiNumber, "JG 10 37 54 A"}));
    EXPECT_THAT(found("code GB123456A or QA123456B"), IsEmpty());  // invalid prefixes
}

TEST(PiiPostcode, FullGrammarCaseInsensitive) {
    EXPECT_THAT(found("SW1A 1AA"), ElementsAre(Found{PiiKind::Postcode, "SW1A 1AA"}));
    EXPECT_THAT(found("live in M1 1AE, near B33 8TH and cr2 6xh"),
                ElementsAre(Found{PiiKind::Postcode, "M1 1AE"}, Found{PiiKind::Postcode, "B33 8TH"},
                            Found{PiiKind::Postcode, "cr2 6xh"}));
    EXPECT_THAT(found("DN551PT"), ElementsAre(Found{PiiKind::Postcode, "DN551PT"}));
    EXPECT_THAT(found("take the A1 2nd exit, M6 4th junction"), IsEmpty());
    EXPECT_THAT(found("QA1 1AA"), IsEmpty());
}

TEST(PiiAddress, NumberWordsAndStreetSuffix) {
    EXPECT_THAT(found("I live at 12 Acacia Avenue and"), ElementsAre(Found{PiiKind::Address, "12 Acacia Avenue"}));
    EXPECT_THAT(found("Flat 3, 45 High Street is damp"),
                ElementsAre(Found{PiiKind::Address, "Flat 3, 45 High Street"}));
    EXPECT_THAT(found("at 7 mill lane"), ElementsAre(Found{PiiKind::Address, "7 mill lane"}));
    EXPECT_THAT(found("100 Park Road Apt 4 is cold"), ElementsAre(Found{PiiKind::Address, "100 Park Road Apt 4"}));
    EXPECT_THAT(found("I waited 3 hours on the road and 2 dogs walk past"), IsEmpty());
}

TEST(PiiName, TitlesAndCuePhrases) {
    EXPECT_THAT(found("Mrs Patel was kind"), ElementsAre(Found{PiiKind::Name, "Mrs Patel"}));
    EXPECT_THAT(found("ask Dr. A. Okafor"), ElementsAre(Found{PiiKind::Name, "Dr. A. Okafor"}));
    EXPECT_THAT(found("my name is jon snowe and"), ElementsAre(Found{PiiKind::Name, "jon snowe"}));
    EXPECT_THAT(found("I spoke to Bartholomew Quist yesterday"),
                ElementsAre(Found{PiiKind::Name, "Bartholomew Quist"}));
    EXPECT_THAT(found("a man called Zed phoned"), ElementsAre(Found{PiiKind::Name, "Zed"}));
    EXPECT_THAT(found("I called the Council on Monday and spoke to Housing"), IsEmpty());
}

TEST(PiiName, GivenNameList) {
    EXPECT_THAT(found("Sarah Jones from repairs was great"), ElementsAre(Found{PiiKind::Name, "Sarah Jones"}));
    EXPECT_THAT(found("thanks, Mohammed sorted it"), ElementsAre(Found{PiiKind::Name, "Mohammed"}));
    EXPECT_THAT(found("Will the council fix it? May I add that Grace Road is fine"), IsEmpty());
    EXPECT_THAT(found("Will Jones helped"), ElementsAre(Found{PiiKind::Name, "Will Jones"}));
}

TEST(PiiName, OrdinaryCapitalisedWordsAreNotNames) {
    EXPECT_THAT(found("The Council Tax went up. Parking In Town Centre Is Awful. NHS and ASB Team"), IsEmpty());
}

TEST(PiiDateOfBirth, AfterACue) {
    EXPECT_THAT(found("DOB 12/03/1975"), ElementsAre(Found{PiiKind::DateOfBirth, "12/03/1975"}));
    EXPECT_THAT(found("I was born on 3 March 1975 here"), ElementsAre(Found{PiiKind::DateOfBirth, "3 March 1975"}));
    EXPECT_THAT(found("date of birth: 3rd of May 1960"), ElementsAre(Found{PiiKind::DateOfBirth, "3rd of May 1960"}));
    EXPECT_THAT(found("born March 3, 1975"), ElementsAre(Found{PiiKind::DateOfBirth, "March 3, 1975"}));
    EXPECT_THAT(found("the meeting on 12/03/1975 was fine"), IsEmpty());
}

TEST(PiiRedact, ReplacesSpansWithLabels) {
    const std::string text = "Mrs Patel at 12 Acacia Avenue, M1 1AE, 07700 900123, jo@example.org";
    EXPECT_EQ(redact_pii(text), "[name] at [address], [postcode], [phone], [email]");
}

TEST(PiiRedact, IgnoresOverlappingAndOutOfRangeSpans) {
    const std::string text = "abcdef";
    const std::vector<PiiSpan> spans = {
        {PiiKind::Name, 3, 5}, {PiiKind::Email, 0, 2}, {PiiKind::Phone, 1, 4}, {PiiKind::Phone, 4, 9}};
    EXPECT_EQ(redact_pii(text, spans), "[email]c[name]f");
    EXPECT_EQ(redact_pii(text, {}), text);
}

TEST(PiiSpans, SortedAndDisjointWhenDetectorsOverlap) {
    // "Victoria" is a given name and part of the address: the address wins.
    EXPECT_THAT(found("8 Victoria Road, Sam"),
                ElementsAre(Found{PiiKind::Address, "8 Victoria Road"}, Found{PiiKind::Name, "Sam"}));
}

TEST(PiiFuzz, SeedsPassTheInvariants) {
    const std::vector<std::string> seeds = {
        "",
        "@",
        "a@b.cd@e.fg",
        "+",
        "+ (",
        "(0",
        "+44 (0",
        "0000000000000000000000000000000",
        "AB12345",
        "SW1A",
        "1 A Street",
        "Mr",
        "Mr.",
        "my name is",
        "born on",
        "DOB 1/1/",
        "\xE2\x80\x99 Sarah\xE2\x80\x99s \xC2\xA3"
        "12 Road",
        std::string("\0\xFF\xFE kill myself \xC3", 17),
        "n/a",
        "d.o.b",
    };
    for (const std::string& seed : seeds) {
        EXPECT_EQ(borough_fuzz_flags_one_input(reinterpret_cast<const std::uint8_t*>(seed.data()), seed.size()), 0);
    }
}

}  // namespace
}  // namespace borough::nlp
