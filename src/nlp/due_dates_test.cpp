#include "nlp/due_dates.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace borough::nlp {
namespace {

using namespace std::chrono;

// Thursday 12 March 2026.
constexpr year_month_day kMeeting{year{2026}, March, day{12}};

std::string due(std::string_view text, year_month_day meeting = kMeeting) {
    const auto d = find_due_date(text, meeting);
    return d ? iso_date(d->date) : "none";
}

TEST(DueDates, WeekdaysAreTheNextOneAfterTheMeeting) {
    EXPECT_EQ(due("Sarah will send the report by Friday."), "2026-03-13");
    EXPECT_EQ(due("by Thursday"), "2026-03-19");  // the meeting is on a Thursday: a week later
    EXPECT_EQ(due("on Monday please"), "2026-03-16");
    EXPECT_EQ(due("by next Friday"), "2026-03-20");  // Friday of the following week
    EXPECT_EQ(due("by this Friday"), "2026-03-13");
    EXPECT_EQ(due("by Friday next week"), "2026-03-20");
    EXPECT_EQ(due("on Monday this week"), "2026-03-09");
}

TEST(DueDates, PeriodsResolveToTheirEndAndAreMarkedApproximate) {
    const auto d = find_due_date("Tom to circulate the draft by the end of April.", kMeeting);
    ASSERT_TRUE(d);
    EXPECT_EQ(iso_date(d->date), "2026-04-30");
    EXPECT_EQ(d->phrase, "by the end of April");
    EXPECT_TRUE(d->approximate);
    EXPECT_EQ(due("by the end of the week"), "2026-03-13");
    EXPECT_EQ(due("end of next week"), "2026-03-20");
    EXPECT_EQ(due("by the end of the month"), "2026-03-31");
    EXPECT_EQ(due("end of February"), "2027-02-28");  // already past this year
    EXPECT_EQ(due("sometime next week"), "2026-03-20");
    EXPECT_EQ(due("next month"), "2026-04-30");
    EXPECT_EQ(due("I'll get it to you this week"), "2026-03-13");
    EXPECT_EQ(due("some time this month"), "2026-03-31");
    const auto week = find_due_date("Sam will call her this week.", kMeeting);
    ASSERT_TRUE(week);
    EXPECT_EQ(week->phrase, "this week");
    EXPECT_TRUE(week->approximate);
}

TEST(DueDates, RelativeSpans) {
    EXPECT_EQ(due("within two weeks"), "2026-03-26");
    EXPECT_EQ(due("in 3 days"), "2026-03-15");
    EXPECT_EQ(due("in a fortnight"), "2026-03-26");
    EXPECT_EQ(due("within a month"), "2026-04-12");
    EXPECT_EQ(due("tomorrow"), "2026-03-13");
    EXPECT_EQ(due("by today"), "2026-03-12");
    EXPECT_EQ(due("in 1 month", year_month_day{year{2026}, January, day{31}}), "2026-02-28");
    EXPECT_EQ(due("within the next two weeks"), "2026-03-26");
    // Working days skip the weekend: the meeting is on a Thursday.
    EXPECT_EQ(due("within five working days"), "2026-03-19");
    EXPECT_EQ(due("in 3 business days"), "2026-03-17");
    EXPECT_EQ(due("within 1 working day"), "2026-03-13");
    const auto wd = find_due_date("A reply is due within ten working days of the visit.", kMeeting);
    ASSERT_TRUE(wd);
    EXPECT_EQ(wd->phrase, "within ten working days");
    EXPECT_EQ(iso_date(wd->date), "2026-03-26");
    EXPECT_FALSE(wd->approximate);
}

TEST(DueDates, WorkingDaysLeaveOutBankHolidays) {
    for (const auto& [y, iso] :
         {std::pair{2000, "2000-04-23"}, std::pair{2024, "2024-03-31"}, std::pair{2025, "2025-04-20"},
          std::pair{2026, "2026-04-05"}, std::pair{2027, "2027-03-28"}, std::pair{2038, "2038-04-25"}}) {
        EXPECT_EQ(iso_date(easter_sunday(year{y})), iso) << y;
    }
    // England and Wales, 2026: Boxing Day is a Saturday, so Monday 28 December is the holiday.
    std::vector<std::string> holidays;
    for (sys_days d{2026y / January / 1}; d <= sys_days{2026y / December / 31}; d += days{1}) {
        if (is_england_wales_bank_holiday(year_month_day{d})) holidays.push_back(iso_date(year_month_day{d}));
    }
    EXPECT_EQ(holidays, (std::vector<std::string>{"2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25",
                                                  "2026-08-31", "2026-12-25", "2026-12-28"}));
    // Christmas on a Saturday (2027): the Monday and Tuesday after; New Year's Day 2028 is a Saturday.
    EXPECT_TRUE(is_england_wales_bank_holiday(2027y / December / 27));
    EXPECT_TRUE(is_england_wales_bank_holiday(2027y / December / 28));
    EXPECT_FALSE(is_england_wales_bank_holiday(2027y / December / 25));
    EXPECT_TRUE(is_england_wales_bank_holiday(2028y / January / 3));
    // Christmas on a Sunday (2022): Boxing Day Monday 26 and the substitute Tuesday 27.
    EXPECT_TRUE(is_england_wales_bank_holiday(2022y / December / 26));
    EXPECT_TRUE(is_england_wales_bank_holiday(2022y / December / 27));
    EXPECT_FALSE(is_england_wales_bank_holiday(2022y / December / 28));

    EXPECT_EQ(due("within five working days", 2026y / December / 23), "2027-01-04");
    EXPECT_EQ(due("within two working days", 2026y / April / 2), "2026-04-08");  // over Easter
}

TEST(DueDates, CalendarDatesInUkOrder) {
    EXPECT_EQ(due("by 20 March"), "2026-03-20");
    EXPECT_EQ(due("by the 2nd of April"), "2026-04-02");
    EXPECT_EQ(due("by April 2nd"), "2026-04-02");
    EXPECT_EQ(due("before 1 March"), "2027-03-01");  // passed this year
    EXPECT_EQ(due("by 5 May 2027"), "2027-05-05");
    EXPECT_EQ(due("by 05/04"), "2026-04-05");  // day first
    EXPECT_EQ(due("by 05/04/2027"), "2027-04-05");
    EXPECT_EQ(due("due 2026-06-30"), "2026-06-30");
    EXPECT_EQ(due("by the twenty-seventh of March"), "2026-03-27");  // as a transcript spells it
    EXPECT_EQ(due("on the first of April 2026"), "2026-04-01");
    EXPECT_EQ(due("the second reading"), "none");
}

TEST(DueDates, WordsThatOnlyLookLikeDates) {
    EXPECT_EQ(due("You may wish to march on"), "none");  // modal verb and verb, no day number
    EXPECT_EQ(due("Mayfield Road and the Sundays club"), "none");
    EXPECT_EQ(due("We discussed item 31 at length"), "none");
    EXPECT_EQ(due("by 31 February"), "none");  // not a real day
    EXPECT_EQ(due("2026-13-01"), "none");
    EXPECT_EQ(due(""), "none");
}

TEST(DueDates, PhraseOffsetsPointIntoTheText) {
    const std::string text = "Action: Priya to book the room by Friday, thanks.";
    const auto d = find_due_date(text, kMeeting);
    ASSERT_TRUE(d);
    EXPECT_EQ(text.substr(d->begin, d->end - d->begin), "by Friday");
    EXPECT_FALSE(d->approximate);
}

TEST(DueDates, IsoRoundTrip) {
    ASSERT_TRUE(parse_iso_date("2026-02-28"));
    EXPECT_EQ(iso_date(*parse_iso_date("2026-02-28")), "2026-02-28");
    EXPECT_FALSE(parse_iso_date("2026-02-30"));
    EXPECT_FALSE(parse_iso_date("26-02-2026"));
}

}  // namespace
}  // namespace borough::nlp
