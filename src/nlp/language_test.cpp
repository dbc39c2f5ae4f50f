#include "nlp/language.h"

#include <gtest/gtest.h>

#include <string>

namespace borough::nlp {
namespace {

// Every sentence below was written by us for these tests.
struct Case {
    const char* text;
    const char* code;
};

TEST(LanguageDetect, LatinScriptLanguages) {
    const Case cases[] = {
        {"The bins were not collected on time and the staff did not answer my calls", "en"},
        {"Mae'r gwasanaeth yn dda iawn ond mae angen mwy o finiau yn y parc", "cy"},
        {"Dw i ddim yn hapus gyda'r ffyrdd yn y pentref, mae llawer o dyllau", "cy"},
        {"Ulice s\xC4\x85 brudne i nie ma gdzie zaparkowa\xC4\x87 samochodu", "pl"},
        {"Strada este foarte murdar\xC4\x83 \xC8\x99i nu sunt destule co\xC8\x99uri de gunoi", "ro"},
        {"Las calles est\xC3\xA1n muy sucias y no hay suficientes papeleras en el barrio", "es"},
        {"Les rues sont tr\xC3\xA8s sales et il n'y a pas assez de poubelles dans le quartier", "fr"},
        {"Die Stra\xC3\x9F"
         "en sind sehr schmutzig und es gibt nicht genug M\xC3\xBClleimer",
         "de"},
        {"As ruas est\xC3\xA3o muito sujas e n\xC3\xA3o h\xC3\xA1 caixotes do lixo suficientes", "pt"},
        {"Le strade sono molto sporche e non ci sono abbastanza cestini nel quartiere", "it"},
        {"Gatv\xC4\x97s yra labai ne\xC5\xA1varios ir n\xC4\x97ra pakankamai \xC5\xA1iuk\xC5\xA1li\xC5\xB3 "
         "d\xC4\x97\xC5\xBEi\xC5\xB3",
         "lt"},
        {"Waddooyinka waa wasakh badan oo ma jiraan weelal qashin oo ku filan", "so"},
    };
    for (const Case& c : cases) {
        const LanguageGuess g = detect_language(c.text);
        EXPECT_EQ(g.code, c.code) << c.text;
        EXPECT_GT(g.confidence, 0.3) << c.text;
        EXPECT_LE(g.confidence, 1.0) << c.text;
    }
}

TEST(LanguageDetect, OtherScripts) {
    const Case cases[] = {
        {"\xD8\xA7\xD9\x84\xD8\xB4\xD9\x88\xD8\xA7\xD8\xB1\xD8\xB9 \xD9\x85\xD8\xAA\xD8\xB3\xD8\xAE\xD8\xA9 "
         "\xD8\xAC\xD8\xAF\xD8\xA7",
         "ar"},
        {"\xDA\xA9\xD9\x88\xDA\x91\xD8\xA7 \xD8\xA8\xDB\x81\xD8\xAA \xDB\x81\xDB\x92", "ur"},  // Urdu letters ڑ ہ ے
        {"\xE0\xA6\xB0\xE0\xA6\xBE\xE0\xA6\xB8\xE0\xA7\x8D\xE0\xA6\xA4\xE0\xA6\xBE "
         "\xE0\xA6\xA8\xE0\xA7\x8B\xE0\xA6\x82\xE0\xA6\xB0\xE0\xA6\xBE",
         "bn"},
        {"\xE0\xA8\xB8\xE0\xA9\x9C\xE0\xA8\x95\xE0\xA8\xBE\xE0\xA8\x82 "
         "\xE0\xA8\x97\xE0\xA9\xB0\xE0\xA8\xA6\xE0\xA9\x80\xE0\xA8\x86\xE0\xA8\x82",
         "pa"},
        {"\xD0\xA3\xD0\xBB\xD0\xB8\xD1\x86\xD1\x8B \xD0\xBE\xD1\x87\xD0\xB5\xD0\xBD\xD1\x8C "
         "\xD0\xB3\xD1\x80\xD1\x8F\xD0\xB7\xD0\xBD\xD1\x8B\xD0\xB5",
         "ru"},
        {"\xE8\xA1\x97\xE9\x81\x93\xE5\xBE\x88\xE8\x84\x8F", "zh"},
        {"\xCE\x9F\xCE\xB9 \xCE\xB4\xCF\x81\xCF\x8C\xCE\xBC\xCE\xBF\xCE\xB9 \xCE\xB5\xCE\xAF\xCE\xBD\xCE\xB1\xCE\xB9 "
         "\xCE\xB2\xCF\x81\xCF\x8E\xCE\xBC\xCE\xB9\xCE\xBA\xCE\xBF\xCE\xB9",
         "el"},
    };
    for (const Case& c : cases) {
        EXPECT_EQ(detect_language(c.text).code, c.code) << c.text;
    }
}

TEST(LanguageDetect, EnglishWithTyposAndSlangStaysEnglish) {
    for (const char* s :
         {"gr8 service tbh", "the staff was gr8 n v helpful innit", "bins r never emptied on time lol",
          "I had a caf\xC3\xA9 latte in the park and it was nice", "Pls sort out the potholes on ma street",
          "Its a joke, no one answers the phone at the council"}) {
        const LanguageGuess g = detect_language(s);
        EXPECT_TRUE(g.code == "en" || g.code == "und") << s << " -> " << g.code;
    }
}

TEST(LanguageDetect, ShortOrEmptyAnswersAreUndetermined) {
    for (const char* s : {"", "   ", "ok", "Excellent service", "12345", "!!!", "Tak dobrze"}) {
        const LanguageGuess g = detect_language(s);
        EXPECT_EQ(g.code, "und") << s;
        EXPECT_LT(g.confidence, 0.3) << s;
    }
}

}  // namespace
}  // namespace borough::nlp
