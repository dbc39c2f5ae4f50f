#include "io/transcript.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "io/transcript_parse.h"
#include "io/zip_memory.h"

namespace borough::io {

int fuzz_transcript(const std::uint8_t* data, std::size_t size);

namespace {

using ::testing::AllOf;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

Transcript parse_ok(std::string_view bytes, std::string name) {
    auto r = parse_transcript(bytes, std::move(name));
    EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
    return r.has_value() ? std::move(r).value() : Transcript{};
}

std::vector<std::string> speakers_of(const Transcript& t) {
    std::vector<std::string> out;
    for (const Turn& turn : t.turns) {
        out.push_back(turn.speaker);
    }
    return out;
}

std::string words(std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i) {
        out += "word ";
    }
    return out;
}

// --- the speaker rule ---------------------------------------------------------------------------

TEST(TranscriptSpeakerRule, NamesAndRolesAreSpeakers) {
    for (const char* name : {"Priya", "Cllr Okafor", "Speaker 1", "Head of Housing", "Dr. Evans", "Siân Llewelyn",
                             "Mary O'Neil-Brown", "Chair", "SPEAKER_00", "Q", "Cllr Hughes (Chair)", "Key Worker"}) {
        EXPECT_TRUE(detail::looks_like_speaker(name)) << name;
    }
}

TEST(TranscriptSpeakerRule, LabelsSentencesAndNumbersAreNot) {
    for (const char* name : {"Agenda item 3",
                             "Note",
                             "NOTE",
                             "Action",
                             "RESOLVED",
                             "Apologies",
                             "Item 4",
                             "So what we agreed",
                             "The main point is this",
                             "1. Opening",
                             "Time",
                             "Next steps",
                             "Well, honestly",
                             "Why",
                             "Really?",
                             "One two three four five",
                             "12",
                             "",
                             "Re",
                             "this is it",
                             "e.g. the budget",
                             "Yes",
                             "Okay so",
                             "First"}) {
        EXPECT_FALSE(detail::looks_like_speaker(name)) << name;
    }
    // Commas only where a timestamp makes the header unambiguous (Teams writes "Surname, First").
    EXPECT_FALSE(detail::looks_like_speaker("Okafor, Ade"));
    EXPECT_TRUE(detail::looks_like_speaker("Okafor, Ade", true));
}

TEST(TranscriptSpeakerRule, PrefixNeedsColonThenSpace) {
    EXPECT_EQ(detail::speaker_prefix("Priya: hello"), std::optional<std::size_t>(5));
    EXPECT_EQ(detail::speaker_prefix("Priya:"), std::optional<std::size_t>(5));
    EXPECT_FALSE(detail::speaker_prefix("See https://example.org/a: b"));
    EXPECT_FALSE(detail::speaker_prefix("10:15 start"));
    EXPECT_FALSE(detail::speaker_prefix("Agenda item 3: housing repairs"));
    EXPECT_FALSE(detail::speaker_prefix("Note: the room changed"));
    EXPECT_FALSE(detail::speaker_prefix("What we heard from tenants was this: damp"));
}

TEST(TranscriptClock, FormatsAndLimits) {
    EXPECT_EQ(detail::parse_clock("01:02:03.456"), 3723456);
    EXPECT_EQ(detail::parse_clock("02:03.4"), 123400);
    EXPECT_EQ(detail::parse_clock("00:00:01,000"), 1000);
    EXPECT_EQ(detail::parse_clock("0:0:3.1200000"), 3120);
    EXPECT_EQ(detail::parse_clock("75:30"), 4530000);  // hours omitted: minutes may pass 59
    EXPECT_EQ(detail::parse_clock("12.5"), 12500);
    EXPECT_FALSE(detail::parse_clock("00:61:00"));
    EXPECT_FALSE(detail::parse_clock("1:2:3:4"));
    EXPECT_FALSE(detail::parse_clock("aa:bb"));
    EXPECT_FALSE(detail::parse_clock("00:01."));
    EXPECT_FALSE(detail::parse_clock(""));
}

// --- plain text ---------------------------------------------------------------------------------

TEST(TranscriptNames, NumberedSpeakersTakeTheNameTheyStateThemselves) {
    const auto t = parse_transcript(
        "Speaker 1: Hello, I'm Lisa from adult social care, thanks for seeing me.\n"
        "Speaker 2: Come in. I'm not sure where to start.\n"
        "Speaker 1: That's fine. Is Tom coming? I'm told he is.\n"
        "Speaker 2: My name is Joan Smith, by the way.\n"
        "Speaker 3: I'm Housing Options for the council.\n",
        "visit.txt");
    ASSERT_TRUE(t.has_value()) << t.error().message;
    std::vector<std::string> speakers;
    for (const auto& turn : t->turns) speakers.push_back(turn.speaker);
    // "I'm not sure" and "I'm told" are not names; Tom is named by someone else; "Housing Options" is
    // not followed by an introduction's end, so Speaker 3 stays numbered.
    EXPECT_THAT(speakers, ElementsAre("Lisa", "Joan Smith", "Lisa", "Joan Smith", "Speaker 3"));
    EXPECT_THAT(t->warnings, Contains(HasSubstr("Speaker 1 is named Lisa from their own words at line 1")));
    EXPECT_THAT(t->warnings, Contains(HasSubstr("Speaker 2 is named Joan Smith from their own words at line 4")));
}

TEST(TranscriptNames, NamedSpeakersAreNeverRenamed) {
    const auto t = parse_transcript("Ann: I'm Lisa from the council.\nBob: Hello Lisa.\n", "named.txt");
    ASSERT_TRUE(t.has_value()) << t.error().message;
    EXPECT_EQ(t->turns[0].speaker, "Ann");
}

TEST(TranscriptText, NameLinesContinuationsAndMerging) {
    const auto t = parse_ok(
        "Ward surgery, North Park\n"
        "Priya: Thanks for coming in.\n"
        "The damp is in the back bedroom.\n"
        "\n"
        "Priya: It started in October.\n"
        "Cllr Okafor: Has the landlord been told?\n"
        "Agenda item 3: this line is Cllr Okafor's too.\n"
        "Note: so is this one.\n",
        "surgery.txt");
    EXPECT_EQ(t.format, "text");
    ASSERT_EQ(t.turns.size(), 3U);
    EXPECT_EQ(t.turns[0].speaker, "");
    EXPECT_EQ(t.turns[0].text, "Ward surgery, North Park");
    EXPECT_EQ(t.turns[1].speaker, "Priya");
    EXPECT_EQ(t.turns[1].text, "Thanks for coming in. The damp is in the back bedroom. It started in October.");
    EXPECT_EQ(t.turns[1].line, 2U);
    EXPECT_EQ(t.turns[2].speaker, "Cllr Okafor");
    EXPECT_EQ(t.turns[2].line, 6U);
    EXPECT_EQ(t.turns[2].text,
              "Has the landlord been told? Agenda item 3: this line is Cllr Okafor's too. Note: so is this one.");
    EXPECT_EQ(t.speakers(), 2U);
    EXPECT_THAT(t.warnings, ElementsAre("surgery.txt: only 38 words; minutes are not meaningful under 200 words"));
}

TEST(TranscriptText, NumberedSpeakersAndTimestamps) {
    const auto t = parse_ok(
        "[00:00:05] Speaker 1: Morning all.\n"
        "(01:10) Speaker 2: Morning.\n"
        "[00:01:30.5] Speaker 1: Shall we start?\n"
        "[1] is not a time, nor is (note)\n"
        "Costs --> up is not a timing line\n",
        "call.txt");
    ASSERT_EQ(t.turns.size(), 3U);
    EXPECT_THAT(speakers_of(t), ElementsAre("Speaker 1", "Speaker 2", "Speaker 1"));
    EXPECT_EQ(t.turns[0].start_ms, 5000);
    EXPECT_EQ(t.turns[1].start_ms, 70000);
    EXPECT_EQ(t.turns[2].start_ms, 90500);
    EXPECT_EQ(t.turns[2].text, "Shall we start? [1] is not a time, nor is (note) Costs --> up is not a timing line");
    EXPECT_THAT(t.warnings, Not(Contains(HasSubstr("timing"))));
    EXPECT_FALSE(t.turns[0].end_ms);
}

TEST(TranscriptText, HeaderLinesWithTimes) {
    // Otter / Teams style: "Name  0:03" alone on a line, the text below.
    const auto t = parse_ok(
        "Jo Bell  0:03\nRight, the rota first.\n\nOkafor, Ade  0:41\nI can cover Tuesdays.\n"
        "Jo Bell  1:02:05\nGreat.\n",
        "otter.txt");
    ASSERT_EQ(t.turns.size(), 3U);
    EXPECT_THAT(speakers_of(t), ElementsAre("Jo Bell", "Okafor, Ade", "Jo Bell"));
    EXPECT_EQ(t.turns[0].start_ms, 3000);
    EXPECT_EQ(t.turns[1].start_ms, 41000);
    EXPECT_EQ(t.turns[2].start_ms, 3725000);
    EXPECT_EQ(t.turns[1].text, "I can cover Tuesdays.");
    EXPECT_EQ(t.turns[1].line, 4U);
}

TEST(TranscriptText, CrlfBomAndWindows1252) {
    const auto crlf = parse_ok("\xEF\xBB\xBFZo\xC3\xAB: Caf\xC3\xA9 at ten?\r\nSam: Yes.\r\n", "a.txt");
    ASSERT_EQ(crlf.turns.size(), 2U);
    EXPECT_EQ(crlf.turns[0].speaker, "Zo\xC3\xAB");
    EXPECT_EQ(crlf.turns[0].text, "Caf\xC3\xA9 at ten?");
    EXPECT_EQ(crlf.turns[1].line, 2U);

    const auto cp1252 = parse_ok(
        "Zo\xEB: It costs \x80"
        "5 \x96 fine.\rSam: OK.",
        "b.txt");
    ASSERT_EQ(cp1252.turns.size(), 2U);
    EXPECT_EQ(cp1252.turns[0].speaker, "Zo\xC3\xAB");
    EXPECT_EQ(cp1252.turns[0].text,
              "It costs \xE2\x82\xAC"
              "5 \xE2\x80\x93 fine.");
    EXPECT_EQ(cp1252.turns[1].line, 2U);
}

TEST(TranscriptText, NoSpeakersKeepsParagraphsAndWarns) {
    const auto t = parse_ok("First paragraph\ncontinues here.\n\nSecond paragraph.\n", "notes.txt");
    ASSERT_EQ(t.turns.size(), 2U);
    EXPECT_EQ(t.turns[0].text, "First paragraph continues here.");
    EXPECT_EQ(t.turns[1].line, 4U);
    EXPECT_THAT(t.warnings, Contains(HasSubstr("notes.txt: no speaker information")));
}

TEST(TranscriptText, OneSpeakerAndShortWarnings) {
    const auto one = parse_ok("Sam: " + words(250), "one.txt");
    EXPECT_THAT(one.warnings, ElementsAre("one.txt: only one speaker"));
    EXPECT_EQ(one.words(), 250U);

    const auto enough = parse_ok("Sam: " + words(150) + "\nJo: " + words(60), "two.txt");
    EXPECT_THAT(enough.warnings, IsEmpty());
    EXPECT_EQ(enough.words(), 210U);
}

// --- WebVTT -------------------------------------------------------------------------------------

TEST(TranscriptVtt, VoiceTagsIdsSettingsNotesAndStyles) {
    const auto t = parse_ok(
        "WEBVTT - committee\n"
        "Kind: captions\n"
        "\n"
        "NOTE written by hand\n"
        "over two lines\n"
        "\n"
        "STYLE\n"
        "::cue { color: red }\n"
        "\n"
        "a1b2-c3/14-0\n"
        "00:00:01.000 --> 00:00:04.500 align:start position:10%\n"
        "<v Cllr Hughes>Welcome, <b>everyone</b> &amp; guests.</v>\n"
        "\n"
        "00:05.000 --> 00:07.250\n"
        "<v.loud Ana Silva>Thank you,\n"
        "Chair.\n"
        "\n"
        "3\n"
        "00:00:07.250 --> 00:00:09.000\n"
        "<v Ana Silva>First item.</v>\n",
        "meeting.vtt");
    EXPECT_EQ(t.format, "vtt");
    ASSERT_EQ(t.turns.size(), 2U);
    EXPECT_EQ(t.turns[0].speaker, "Cllr Hughes");
    EXPECT_EQ(t.turns[0].text, "Welcome, everyone & guests.");
    EXPECT_EQ(t.turns[0].start_ms, 1000);
    EXPECT_EQ(t.turns[0].end_ms, 4500);
    EXPECT_EQ(t.turns[0].line, 12U);
    // Voice tag without closing runs to the end of the cue; hours omitted; merged with the next cue.
    EXPECT_EQ(t.turns[1].speaker, "Ana Silva");
    EXPECT_EQ(t.turns[1].text, "Thank you, Chair. First item.");
    EXPECT_EQ(t.turns[1].start_ms, 5000);
    EXPECT_EQ(t.turns[1].end_ms, 9000);
    EXPECT_EQ(t.turns[1].line, 15U);
}

TEST(TranscriptVtt, SeveralVoicesInOneCueAndZoomPrefixes) {
    const auto t = parse_ok(
        "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Ana>Ready?</v> <v Ben>Yes.</v>\n\n"
        "2\n00:00:03.000 --> 00:00:05.000\nCarys Jones: Zoom puts names here.\n",
        "zoom.vtt");
    EXPECT_THAT(speakers_of(t), ElementsAre("Ana", "Ben", "Carys Jones"));
    EXPECT_EQ(t.turns[1].start_ms, 1000);
    EXPECT_EQ(t.turns[2].text, "Zoom puts names here.");
}

TEST(TranscriptVtt, MalformedTimingKeepsTheCueAndWarnsWithLine) {
    const auto t = parse_ok(
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Ana>One.\n\n"
        "00:00:02.000 --> 00:0x:03.000\n<v Ben>Two, kept.\n\n"
        "00:00:09.000 --> 00:00:04.000\n<v Ana>Three.\n",
        "bad.vtt");
    ASSERT_EQ(t.turns.size(), 3U);
    EXPECT_EQ(t.turns[1].text, "Two, kept.");
    EXPECT_FALSE(t.turns[1].start_ms);
    EXPECT_FALSE(t.turns[1].end_ms);
    EXPECT_EQ(t.turns[2].start_ms, 9000);
    EXPECT_FALSE(t.turns[2].end_ms);
    EXPECT_THAT(t.warnings, Contains("bad.vtt: line 6: malformed cue timing; the cue is kept without times"));
    EXPECT_THAT(t.warnings, Contains("bad.vtt: line 9: cue ends before it starts; end time dropped"));
}

TEST(TranscriptVtt, EmptyCuesOverlapsCrlfAndMissingHeader) {
    const auto t = parse_ok(
        "\xEF\xBB\xBF"
        "WEBVTT\r\n\r\n00:00:01.000 --> 00:00:05.000\r\n<v Ana>Overlapping start.\r\n\r\n"
        "00:00:02.000 --> 00:00:03.000\r\n\r\n"
        "00:00:03.000 --> 00:00:04.000\r\n<v Ben>Interrupting.\r\n\r\n"
        "00:00:04.000 --> 00:00:06.000\r\n<v Ana><i></i></v>\r\n",
        "crlf.vtt");
    ASSERT_EQ(t.turns.size(), 2U);  // the empty cues are dropped
    EXPECT_EQ(t.turns[0].end_ms, 5000);
    EXPECT_EQ(t.turns[1].start_ms, 3000);  // overlaps are kept as given, in file order
    EXPECT_EQ(t.turns[1].line, 9U);

    const auto headless = parse_ok("00:00:01.000 --> 00:00:02.000\n<v Ana>Hi.\n", "x.vtt");
    EXPECT_EQ(headless.format, "vtt");
    EXPECT_THAT(headless.warnings, Contains("x.vtt: line 1: no WEBVTT header; read as WebVTT anyway"));
    ASSERT_EQ(headless.turns.size(), 1U);
    EXPECT_EQ(headless.turns[0].speaker, "Ana");
}

TEST(TranscriptVtt, TextWithoutTimingIsKept) {
    const auto t = parse_ok("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Ana>Hi.\n\nstray words\n", "s.vtt");
    ASSERT_EQ(t.turns.size(), 2U);
    EXPECT_EQ(t.turns[1].text, "stray words");
    EXPECT_THAT(t.warnings, Contains("s.vtt: line 6: text without a cue timing line; kept without times"));
}

// --- SRT ----------------------------------------------------------------------------------------

TEST(TranscriptSrt, NumberedCuesWithSpeakers) {
    const auto t = parse_ok(
        "1\n00:00:01,000 --> 00:00:04,000\nDev Patel: The <i>first</i> point.\n\n"
        "2\n00:00:04,000 --> 00:00:06,500 X1:10 X2:20\n{\\an8}And the second.\n\n"
        "3\n00:00:07,000 --> 00:00:08,000\nMaria: Agreed.\n",
        "call.srt");
    EXPECT_EQ(t.format, "srt");
    ASSERT_EQ(t.turns.size(), 3U);
    EXPECT_EQ(t.turns[0].speaker, "Dev Patel");
    EXPECT_EQ(t.turns[0].text, "The first point.");
    EXPECT_EQ(t.turns[1].speaker, "");  // a cue without a name is not given one
    EXPECT_EQ(t.turns[1].text, "And the second.");
    EXPECT_EQ(t.turns[1].end_ms, 6500);
    EXPECT_EQ(t.turns[2].line, 11U);
}

TEST(TranscriptSrt, DetectedByContentAndMerged) {
    const auto t = parse_ok(
        "1\r\n00:00:01,000 --> 00:00:02,000\r\nAna: One\r\n\r\n2\r\n00:00:02,500 --> 00:00:03,000\r\nAna: two\r\n",
        "upload");
    EXPECT_EQ(t.format, "srt");
    ASSERT_EQ(t.turns.size(), 1U);
    EXPECT_EQ(t.turns[0].text, "One two");
    EXPECT_EQ(t.turns[0].start_ms, 1000);
    EXPECT_EQ(t.turns[0].end_ms, 3000);
}

// --- JSON ---------------------------------------------------------------------------------------

TEST(TranscriptJson, ArrayTurnsAndSegments) {
    const auto array = parse_ok(R"([{"speaker":"Ana","start":1.5,"end":"00:00:04.250","text":"Hello  there"},)"
                                R"({"speaker":"Ben","start":"0:05","end":null,"text":"Hi"}])",
                                "a.json");
    EXPECT_EQ(array.format, "json");
    ASSERT_EQ(array.turns.size(), 2U);
    EXPECT_EQ(array.turns[0].start_ms, 1500);
    EXPECT_EQ(array.turns[0].end_ms, 4250);
    EXPECT_EQ(array.turns[0].text, "Hello there");
    EXPECT_EQ(array.turns[1].start_ms, 5000);
    EXPECT_FALSE(array.turns[1].end_ms);
    EXPECT_EQ(array.turns[1].line, 2U);

    const auto turns = parse_ok(R"({"turns":[{"speaker":2,"text":"numbered"}]})", "t.json");
    EXPECT_THAT(speakers_of(turns), ElementsAre("Speaker 2"));

    const auto whisper = parse_ok(R"({"text":"x","segments":[{"id":0,"start":0.0,"end":2.0,"text":" First."},)"
                                  R"({"id":1,"start":2.0,"end":3.5,"text":" Second."}]})",
                                  "w.json");
    ASSERT_EQ(whisper.turns.size(), 2U);  // unnamed turns are not merged
    EXPECT_EQ(whisper.turns[1].text, "Second.");
    EXPECT_THAT(whisper.warnings, Contains(HasSubstr("no speaker information")));
}

TEST(TranscriptJson, ErrorsNameThePointer) {
    const auto expect_error = [](std::string_view json, const std::string& pointer) {
        const auto r = parse_transcript(json, "in.json");
        ASSERT_FALSE(r.has_value()) << json;
        EXPECT_EQ(r.error().code, ErrorCode::InvalidInput);
        EXPECT_EQ(r.error().field, pointer) << r.error().message;
        EXPECT_THAT(r.error().message, HasSubstr("in.json: " + pointer + ": "));
    };
    expect_error(R"({"segments":[{"text":"a"},{"start":"soon","text":"b"}]})", "/segments/1/start");
    expect_error(R"([{"speaker":"Ana"}])", "/0/text");
    expect_error(R"([{"text":"a","speaker":["x"]}])", "/0/speaker");
    expect_error(R"([{"text":"a","end":-3}])", "/0/end");
    expect_error(R"({"turns":{"text":"a"}})", "/turns");
    expect_error(R"({"words":[]})", "/");
    expect_error(R"([{"text":"a"}, 7])", "/1");

    for (const char* broken : {R"([{"text": "a",])", R"([{"text": "a", "start": 1e999}])"}) {
        const auto syntax = parse_transcript(broken, "in.json");
        ASSERT_FALSE(syntax.has_value()) << broken;
        EXPECT_EQ(syntax.error().code, ErrorCode::InvalidInput);
        EXPECT_THAT(syntax.error().message, HasSubstr("in.json: not valid JSON"));
    }
}

// --- Teams .docx --------------------------------------------------------------------------------

std::string teams_docx(const std::string& paragraphs) {
    auto zip = zip_in_memory(
        {{"[Content_Types].xml", "<Types/>"},
         {"word/document.xml",
          R"(<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>)" +
              paragraphs + "</w:body></w:document>"}});
    EXPECT_TRUE(zip.has_value());
    return zip.value_or(std::string());
}

std::string para(const std::string& text) {
    return "<w:p><w:r><w:t xml:space=\"preserve\">" + text + "</w:t></w:r></w:p>";
}

TEST(TranscriptDocx, CurrentTeamsLayout) {
    const auto t =
        parse_ok(teams_docx(para("Budget check-in") +
                            para("Hughes, Gwen\xC2\xA0\xC2\xA0"
                                 "0:03") +
                            para("Can everyone hear me?") +
                            "<w:p><w:r><w:t>Ana Silva   1:15</w:t><w:br/><w:t>Yes, loud and clear.</w:t></w:r></w:p>" +
                            para("Ana Silva   1:20") + para("Shall I share the figures?")),
                 "Meeting transcript.docx");
    EXPECT_EQ(t.format, "docx");
    ASSERT_EQ(t.turns.size(), 3U);
    EXPECT_EQ(t.turns[0].text, "Budget check-in");
    EXPECT_EQ(t.turns[1].speaker, "Hughes, Gwen");
    EXPECT_EQ(t.turns[1].start_ms, 3000);
    EXPECT_EQ(t.turns[1].line, 2U);
    EXPECT_EQ(t.turns[2].speaker, "Ana Silva");
    EXPECT_EQ(t.turns[2].text, "Yes, loud and clear. Shall I share the figures?");
    EXPECT_EQ(t.turns[2].start_ms, 75000);
    EXPECT_EQ(t.turns[2].line, 4U);
}

TEST(TranscriptDocx, StreamLayoutWithArrows) {
    const auto t =
        parse_ok(teams_docx("<w:p><w:r><w:t>0:0:0.0 --&gt; 0:0:4.120</w:t><w:br/><w:t>Gwen Hughes</w:t><w:br/>"
                            "<w:t>Morning, everyone.</w:t></w:r></w:p>" +
                            para("0:0:4.120 --&gt; 0:0:6.0") + para("Ana Silva") + para("Morning.") +
                            para("0:0:6.0 --&gt; 0:0:7.5") + para("Thank You")),
                 "stream.docx");
    ASSERT_EQ(t.turns.size(), 3U);
    EXPECT_THAT(speakers_of(t), ElementsAre("Gwen Hughes", "Ana Silva", ""));
    EXPECT_EQ(t.turns[0].end_ms, 4120);
    EXPECT_EQ(t.turns[1].start_ms, 4120);
    EXPECT_EQ(t.turns[1].line, 2U);
    EXPECT_EQ(t.turns[2].text, "Thank You");  // a lone line after the timing is text, not a name
    EXPECT_EQ(t.turns[2].start_ms, 6000);
    EXPECT_EQ(t.turns[2].end_ms, 7500);
    EXPECT_EQ(t.turns[2].line, 5U);
}

// --- errors and dispatch ------------------------------------------------------------------------

TEST(TranscriptErrors, BadInputGetsClearMessages) {
    const auto expect = [](std::string_view bytes, const std::string& name, ErrorCode code, const std::string& text) {
        const auto r = parse_transcript(bytes, name);
        ASSERT_FALSE(r.has_value()) << name;
        EXPECT_EQ(r.error().code, code) << r.error().message;
        EXPECT_THAT(r.error().message, AllOf(HasSubstr(name + ": "), HasSubstr(text)));
    };
    expect("", "empty.vtt", ErrorCode::InvalidInput, "file is empty");
    expect(std::string("Ana: hi\0there", 13), "bin.txt", ErrorCode::InvalidInput, "binary");
    expect("\xFF\xFEh\0i\0", "wide.txt", ErrorCode::InvalidInput, "UTF-16");
    expect("just some words", "scan.pdf", ErrorCode::InvalidInput, "unknown transcript format");
    expect("WEBVTT\n\nNOTE nothing said\n\n00:00:01.000 --> 00:00:02.000\n\n", "quiet.vtt", ErrorCode::InvalidInput,
           "contains no transcript turns");
    expect("   \n\t\n", "blank.txt", ErrorCode::InvalidInput, "contains no transcript turns");
    expect("[]", "none.json", ErrorCode::InvalidInput, "contains no transcript turns");
    expect("not really a zip", "fake.docx", ErrorCode::InvalidInput, "not a DOCX file");
    expect(std::string(kMaxTranscriptBytes + 1, 'a'), "huge.txt", ErrorCode::ResourceExhausted, "over the limit");
}

TEST(TranscriptErrors, UnknownExtensionWithSpeakerLinesIsText) {
    const auto t = parse_ok("Ana: hello\nBen: hi\n", "chat.log.bak");
    EXPECT_EQ(t.format, "text");
    EXPECT_EQ(t.speakers(), 2U);
}

TEST(TranscriptFile, ReadsFromDiskAndNamesMissingFiles) {
    const auto dir = std::filesystem::temp_directory_path() /
                     ("borough_transcript_test_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
    std::filesystem::create_directories(dir);
    const auto path = dir / "call.srt";
    {
        std::ofstream out(path, std::ios::binary);
        out << "1\n00:00:01,000 --> 00:00:02,000\nAna: Hello.\n";
    }
    const auto t = read_transcript_file(path);
    ASSERT_TRUE(t.has_value()) << t.error().message;
    EXPECT_EQ(t->source, "call.srt");
    EXPECT_EQ(t->format, "srt");
    EXPECT_THAT(t->warnings, Contains(HasSubstr(path.string() + ": only one speaker")));

    const auto missing = read_transcript_file(dir / "absent.vtt");
    ASSERT_FALSE(missing.has_value());
    EXPECT_EQ(missing.error().code, ErrorCode::NotFound);
    EXPECT_THAT(missing.error().message, HasSubstr("absent.vtt"));
    std::filesystem::remove_all(dir);
}

TEST(TranscriptFile, SamplesParse) {
    const std::filesystem::path samples = std::filesystem::path(BOROUGH_SOURCE_DIR) / "samples" / "minutes";
    const auto committee = read_transcript_file(samples / "housing-committee-2026-03.vtt");
    ASSERT_TRUE(committee.has_value()) << committee.error().message;
    EXPECT_EQ(committee->format, "vtt");
    EXPECT_THAT(committee->warnings, IsEmpty());
    EXPECT_GE(committee->speakers(), 5U);
    EXPECT_GE(committee->words(), 1500U);
    for (const Turn& turn : committee->turns) {
        EXPECT_FALSE(turn.speaker.empty()) << "line " << turn.line;
        EXPECT_TRUE(turn.start_ms.has_value()) << "line " << turn.line;
    }
    const auto team = read_transcript_file(samples / "team-meeting.txt");
    ASSERT_TRUE(team.has_value()) << team.error().message;
    EXPECT_EQ(team->format, "text");
    EXPECT_THAT(team->warnings, IsEmpty());
    EXPECT_GE(team->speakers(), 3U);
    EXPECT_GE(team->words(), 600U);
    ASSERT_GE(team->turns.size(), 2U);
    EXPECT_EQ(team->turns[0].speaker, "");  // the title line: no speaker is invented for it
    for (std::size_t k = 1; k < team->turns.size(); ++k) {
        EXPECT_FALSE(team->turns[k].speaker.empty()) << "line " << team->turns[k].line;
    }
}

// --- performance --------------------------------------------------------------------------------

TEST(TranscriptPerformance, TwoHourMeetingParsesQuickly) {
    // ~20,000 words in 2,000 cues; the whole minutes budget is 1 s, so reading must be a fraction.
    std::string vtt = "WEBVTT\n\n";
    for (int i = 0; i < 2000; ++i) {
        vtt += std::to_string(i) + "\n00:" + (i / 60 < 10 ? "0" : "") + std::to_string(i / 60 % 60) + ":" +
               (i % 60 < 10 ? "0" : "") + std::to_string(i % 60) + ".000 --> 00:59:59.000\n<v Speaker " +
               std::to_string(i % 6) + ">" + words(10) + "</v>\n\n";
    }
    const auto start = std::chrono::steady_clock::now();
    const auto t = parse_ok(vtt, "long.vtt");
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
    EXPECT_EQ(t.words(), 20000U);
    EXPECT_LT(ms.count(), 500);  // Debug + sanitizers; release is far faster
}

// --- fuzz seeds ---------------------------------------------------------------------------------

TEST(TranscriptFuzz, SeedsKeepInvariants) {
    const std::vector<std::string> seeds = {
        std::string(1, '\0') + "Ana: hi\nBen: hello\n\nAna: again",
        std::string(1, '\0') + "0:0:1 --> 0:0:2\nAna\nText\n--> -->\n[00:01] x",
        std::string(1, '\1') + "WEBVTT\n\n1\n00:01.000 --> 00:02.000\n<v Ana>a<v Ben>b</v>&#xD800;&amp<\n",
        std::string(1, '\1') + "WEBVTT\n00:01.000 --> 00:00.000\n<v>\n\nNOTE\n",
        std::string(1, '\2') + "1\n00:00:01,000 --> 99:59:59,999\n{\\a}Ana: x\n\n2\n-->\n",
        std::string(1, '\3') + R"({"segments":[{"start":1e300,"text":"x"}]})",
        std::string(1, '\3') + R"([{"start":"9:99","text":"x"},{"text":""}])",
        std::string(1, '\3') + "990000000000000000E00000000000001129798864\n",  // found by the fuzzer
        std::string(1, '\3') + R"([{"text":"x","speaker":18446744073709551615,"start":1e999}])",
        std::string(1, '\4') + "PK\x03\x04 broken",
        std::string(1, '\5') +
            "<w:document><w:body><w:p><w:r><w:t>Ana  0:01</w:t><w:br/><w:t>Hi</w:t></w:r></w:p>"
            "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>",
        std::string(1, '\5') + "<w:document><w:body><w:p><w:p>",
        std::string(1, '\0') + "\r\r\n\r" + "Ana:\tx  \xC2\xA0 y",
    };
    for (const auto& seed : seeds) {
        EXPECT_EQ(fuzz_transcript(reinterpret_cast<const std::uint8_t*>(seed.data()), seed.size()), 0);
    }
}

}  // namespace
}  // namespace borough::io
