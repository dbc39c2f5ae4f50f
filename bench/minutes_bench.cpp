// borough-bench-minutes: the meeting-minutes action's extractive path on a generated 2-hour council
// meeting (~20,000 words, 8 speakers, agenda cues, decisions, actions): parse → extract → JSON,
// Markdown and DOCX, timed per stage (median of --reps runs) and end to end through the action.
// Usage: borough-bench-minutes [--words 20000] [--reps 5] [--json FILE] [--transcript FILE]
// The meeting is generated from phrase banks written for this benchmark, deterministic for a seed;
// the time depends on the text's length and shape, not on what it says.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "actions/minutes/minutes.h"
#include "actions/minutes/minutes_action.h"
#include "actions/minutes/minutes_report.h"
#include "core/file.h"
#include "core/json.h"
#include "io/docx_writer.h"
#include "io/transcript.h"

namespace {

using borough::Json;
using Clock = std::chrono::steady_clock;

const std::vector<std::string> kSpeakers = {"Cllr Anne Hale", "Cllr Ravi Mehta", "Cllr Jo Burns", "Cllr Peter Lund",
                                            "Sam Ortiz",      "Dr Leah Moss",    "Ken Adair",     "Ola Banjo"};
const std::vector<std::string> kTopics = {"the housing revenue account budget",
                                          "the leisure centre refurbishment",
                                          "the local plan consultation",
                                          "fly-tipping enforcement",
                                          "the school transport review",
                                          "the library opening hours",
                                          "the climate action plan",
                                          "the temporary accommodation costs",
                                          "the parks maintenance contract",
                                          "the town centre car parks",
                                          "the adult social care waiting list",
                                          "the street lighting upgrade"};
const std::vector<std::string> kOpeners = {"I think",
                                           "To be fair,",
                                           "From the residents' point of view,",
                                           "Looking at the figures,",
                                           "In my ward,",
                                           "As the report says,",
                                           "If I can come in there,",
                                           "Just to add,",
                                           "Speaking for the service,",
                                           "Honestly,"};
const std::vector<std::string> kClaims = {"the costs have gone up by {} per cent since last year",
                                          "we have had {} complaints about this in the last quarter",
                                          "the waiting time is now {} weeks on average",
                                          "the contractor has missed {} of the agreed deadlines",
                                          "around {} households are affected by the change",
                                          "the budget gap for next year is about {} thousand pounds",
                                          "usage has fallen by {} per cent since the pandemic",
                                          "the survey had {} responses, which is better than expected",
                                          "we could save {} thousand pounds by sharing the service",
                                          "staff sickness is running at {} days per person"};
const std::vector<std::string> kTails = {"and that worries me a great deal",
                                         "which the committee should bear in mind",
                                         "so we need to be careful about the timing",
                                         "and residents have told us so at every forum",
                                         "but the officers have a plan to deal with it",
                                         "and I would like to see the detail before we go further",
                                         "which is in line with what other councils report",
                                         "so I am not convinced the current approach is working"};
const std::vector<std::string> kTasks = {"send members the full breakdown of the figures",
                                         "circulate the revised report",
                                         "write to the residents affected",
                                         "arrange a site visit for members",
                                         "check the legal position with the monitoring officer",
                                         "bring a costed option to the next meeting",
                                         "update the risk register",
                                         "contact the contractor about the delays",
                                         "prepare a briefing note for ward councillors",
                                         "book a workshop with the service leads"};
const std::vector<std::string> kDue = {
    "by Friday", "by the end of the month", "within two weeks", "before the next meeting", "by 12 March", "next week",
    ""};

std::string pick(std::mt19937& rng, const std::vector<std::string>& bank) {
    return bank[std::uniform_int_distribution<std::size_t>(0, bank.size() - 1)(rng)];
}

std::size_t count_words(const std::string& s) {
    std::size_t n = 0;
    bool in = false;
    for (char c : s) {
        const bool space = c == ' ' || c == '\n';
        if (!space && !in) ++n;
        in = !space;
    }
    return n;
}

// "[hh:mm:ss] Name: text" lines; the chair opens each item, others discuss; decisions and actions
// are scattered through the items the way a committee makes them.
std::string make_meeting(std::size_t target_words, std::uint64_t seed) {
    std::mt19937 rng(static_cast<std::mt19937::result_type>(seed));
    std::string out;
    std::size_t words = 0;
    std::size_t item = 0;
    std::size_t last_speaker = 0;
    const double seconds_per_word = 7200.0 / static_cast<double>(std::max<std::size_t>(target_words, 1));
    const auto line = [&](std::size_t speaker, const std::string& text) {
        const auto s = static_cast<long>(static_cast<double>(words) * seconds_per_word);
        out += fmt::format("[{:02}:{:02}:{:02}] {}: {}\n", s / 3600, (s / 60) % 60, s % 60, kSpeakers[speaker], text);
        words += count_words(text) + 2;
        last_speaker = speaker;
    };
    line(0,
         "Good evening and welcome to the committee. Apologies have been received from Cllr Grant. Are there any "
         "declarations of interest? None, thank you.");
    std::uniform_int_distribution<std::size_t> other(1, kSpeakers.size() - 1);
    std::uniform_int_distribution<int> figure(2, 95);
    std::uniform_int_distribution<int> sentences(2, 5);
    std::uniform_int_distribution<int> dice(0, 99);
    while (words < target_words) {
        const std::string topic = kTopics[item % kTopics.size()];
        ++item;
        line(0, fmt::format("Item {}: {}. I will ask the officer to introduce the report.", item, topic));
        const std::size_t turns_in_item = 20 + static_cast<std::size_t>(dice(rng) % 20);
        for (std::size_t t = 0; t < turns_in_item && words < target_words; ++t) {
            std::size_t speaker = other(rng);
            if (speaker == last_speaker) speaker = speaker % (kSpeakers.size() - 1) + 1;
            std::string text;
            const int n = sentences(rng);
            for (int k = 0; k < n; ++k) {
                text += fmt::format("{} {} {}. ", pick(rng, kOpeners),
                                    fmt::format(fmt::runtime(pick(rng, kClaims)), figure(rng)), pick(rng, kTails));
            }
            const int roll = dice(rng);
            if (roll < 12) {
                const std::string due = pick(rng, kDue);
                text += fmt::format("I'll {}{}{}.", pick(rng, kTasks), due.empty() ? "" : " ", due);
            } else if (roll < 18) {
                text += fmt::format(
                    "Can you {}, {}?", pick(rng, kTasks),
                    kSpeakers[other(rng)].substr(0, 3) == "Cll" ? std::string("Sam") : kSpeakers[other(rng)]);
            }
            while (!text.empty() && text.back() == ' ') text.pop_back();
            line(speaker, text);
        }
        // Every item ends with the chair's summing up: a decision, sometimes a vote, and an action.
        line(0, fmt::format("Thank you all. It was agreed that the committee notes the report on {} and asks "
                            "officers to return with options.{} Action: Sam Ortiz to {} {}.",
                            topic, dice(rng) < 50 ? " The motion is carried unanimously." : "", pick(rng, kTasks),
                            pick(rng, kDue)));
    }
    line(0, "That concludes the business. The next meeting is on 9 April. Thank you all.");
    return out;
}

double ms_between(Clock::time_point a, Clock::time_point b) {
    return std::chrono::duration<double, std::milli>(b - a).count();
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"meeting-minutes extractive path benchmark"};
    std::size_t target_words = 20000;
    int reps = 5;
    std::uint64_t seed = 11;
    std::string json_path;
    std::string transcript_path;
    bool list = false;
    app.add_option("--words", target_words, "Approximate words in the generated meeting");
    app.add_option("--reps", reps, "Repetitions (the median is reported)")->check(CLI::Range(1, 100));
    app.add_option("--seed", seed, "Generator seed");
    app.add_option("--json", json_path, "Write the figures here as JSON");
    app.add_option("--transcript", transcript_path, "Also write the generated transcript here (for the CLI)");
    app.add_flag("--list", list, "Print the actions found (to check the generated meeting)");
    CLI11_PARSE(app, argc, argv);

    const std::string text = make_meeting(target_words, seed);
    if (!transcript_path.empty()) {
        if (auto st = borough::write_file_atomic(transcript_path, text); !st) {
            std::fprintf(stderr, "borough-bench-minutes: %s\n", st.error().message.c_str());
            return 1;
        }
    }
    namespace mn = borough::actions::minutes;
    mn::ReportHeader header;
    header.title = "Bench committee";
    header.meeting_date = std::chrono::year_month_day{std::chrono::year{2026}, std::chrono::March, std::chrono::day{5}};
    std::vector<double> parse_ms, extract_ms, json_ms, markdown_ms, docx_ms, stages_ms, action_ms;
    std::size_t turns = 0, words = 0, items = 0, decisions = 0, actions = 0, docx_bytes = 0;
    borough::SystemClock clock;
    borough::actions::NullProgressSink sink;
    for (int r = 0; r < reps; ++r) {
        const auto t0 = Clock::now();
        auto transcript = borough::io::parse_transcript(text, "bench-meeting.txt");
        const auto t1 = Clock::now();
        if (!transcript) {
            std::fprintf(stderr, "borough-bench-minutes: %s\n", transcript.error().message.c_str());
            return 1;
        }
        auto m = mn::extract_minutes(*transcript, mn::MinutesOptions{header.meeting_date});
        const auto t2 = Clock::now();
        if (!m) {
            std::fprintf(stderr, "borough-bench-minutes: %s\n", m.error().message.c_str());
            return 1;
        }
        const std::string json = borough::dump_json(mn::minutes_to_json(*m, *transcript, header));
        const auto t3 = Clock::now();
        const std::string md = mn::minutes_markdown(*m, *transcript, header);
        const auto t4 = Clock::now();
        auto docx = borough::io::write_docx(mn::minutes_docx(*m, *transcript, header, false));
        const auto t5 = Clock::now();
        if (!docx) {
            std::fprintf(stderr, "borough-bench-minutes: %s\n", docx.error().message.c_str());
            return 1;
        }
        parse_ms.push_back(ms_between(t0, t1));
        extract_ms.push_back(ms_between(t1, t2));
        json_ms.push_back(ms_between(t2, t3));
        markdown_ms.push_back(ms_between(t3, t4));
        docx_ms.push_back(ms_between(t4, t5));
        stages_ms.push_back(ms_between(t0, t5));
        turns = transcript->turns.size();
        words = transcript->words();
        items = m->items.size();
        decisions = actions = 0;
        for (const auto& it : m->items) {
            decisions += it.decisions.size();
            actions += it.actions.size();
        }
        docx_bytes = docx->size();
        for (const auto& it : m->items) {
            for (const auto& a : it.actions) {
                if (list && r == 0) std::printf("T%zu [%s] %s\n", a.turn + 1, a.owner.c_str(), a.task.c_str());
            }
        }
        // The whole action as a job runs it: the same steps plus parameter handling.
        borough::actions::ActionContext ctx{nullptr, clock, sink, {}};
        const Json params{{"style", "formal"}, {"meeting_date", "2026-03-05"}, {"title", "Bench committee"}};
        const auto a0 = Clock::now();
        auto out =
            mn::run_meeting_minutes(borough::actions::ActionDefinition{},
                                    borough::actions::ActionInput::from_text("bench-meeting.txt", text), params, ctx);
        action_ms.push_back(ms_between(a0, Clock::now()));
        if (!out) {
            std::fprintf(stderr, "borough-bench-minutes: %s\n", out.error().message.c_str());
            return 1;
        }
    }
    std::printf(
        "meeting-minutes extractive: %zu words, %zu turns, %zu speakers, %zu items, %zu decisions, %zu "
        "actions (median of %d runs)\n",
        words, turns, kSpeakers.size(), items, decisions, actions, reps);
    std::printf("  parse %.1f ms, extract %.1f ms, JSON %.1f ms, Markdown %.1f ms, DOCX %.1f ms (%zu bytes)\n",
                median(parse_ms), median(extract_ms), median(json_ms), median(markdown_ms), median(docx_ms),
                docx_bytes);
    std::printf("  parse-to-reports %.1f ms; whole action (run_meeting_minutes) %.1f ms; target 1000 ms: %s\n",
                median(stages_ms), median(action_ms), median(action_ms) <= 1000 ? "met" : "NOT met");
    if (!json_path.empty()) {
        const Json j{{"words", words},
                     {"turns", turns},
                     {"items", items},
                     {"decisions", decisions},
                     {"actions", actions},
                     {"reps", reps},
                     {"parse_ms", median(parse_ms)},
                     {"extract_ms", median(extract_ms)},
                     {"json_ms", median(json_ms)},
                     {"markdown_ms", median(markdown_ms)},
                     {"docx_ms", median(docx_ms)},
                     {"stages_ms", median(stages_ms)},
                     {"action_ms", median(action_ms)}};
        if (auto st = borough::write_file_atomic(json_path, borough::dump_json(j, 2)); !st) {
            std::fprintf(stderr, "borough-bench-minutes: %s\n", st.error().message.c_str());
            return 1;
        }
    }
    return 0;
}
