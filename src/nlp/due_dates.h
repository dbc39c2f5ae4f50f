// Due dates said in conversation ("by Friday", "by the end of April", "within two weeks", "by 12 March")
// resolved against the meeting's date, for the owner/task/due of minutes' actions. English, UK order.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace borough::nlp {

struct DueDate {
    std::chrono::year_month_day date;  // the resolved calendar date
    std::string phrase;                // the words as said, e.g. "by Friday"
    std::size_t begin = 0;             // byte offsets of `phrase` in the text
    std::size_t end = 0;
    // True when the phrase names a period rather than a day ("by the end of April", "next week"):
    // `date` is then the period's last working day, and a reader should see the phrase too.
    bool approximate = false;
};

// The first due-date phrase in `text`, resolved against `meeting` (the day the words were said).
// Understood: today / tomorrow / tonight; "by|on|before|until|for [this|next] Monday..Sunday" (a bare
// weekday is the next one after the meeting; "next Friday" and "Friday next week" the one in the
// following week); "end of (the) day|week|month|year", "end of next week|month", "end of <Month>";
// "this|next week" (its Friday) and "this|next month" (its last day), both approximate; "in|within
// [the next] N days|weeks|months" (N as digits or one..twelve; a fortnight = 2 weeks) and "N working
// (or business) days" (Monday to Friday, leaving out England and Wales bank holidays); dates "12 March", "12th of
// March", "the twenty-seventh of March", "March 12", "12/03", "12/03/2027", ISO "2027-03-12" (a day and month without a
// year that has already passed this year means next year). Words inside other words never match ("Mayfield" is not
// May). nullopt when there is none.
[[nodiscard]] std::optional<DueDate> find_due_date(std::string_view text, std::chrono::year_month_day meeting);

// Easter Sunday of `y` in the Gregorian calendar.
[[nodiscard]] std::chrono::year_month_day easter_sunday(std::chrono::year y);

// Whether `date` is a regular England and Wales bank holiday (New Year's Day, Good Friday, Easter
// Monday, the first and last Mondays of May, the last Monday of August, Christmas Day, Boxing Day, with
// weekend substitute days). One-off holidays proclaimed for a single year, and moved ones (May 2020),
// are not known; Scotland and Northern Ireland have others.
[[nodiscard]] bool is_england_wales_bank_holiday(std::chrono::year_month_day date);

// "2027-03-12".
[[nodiscard]] std::string iso_date(std::chrono::year_month_day date);

// "2027-03-12" → date; nullopt when malformed or not a real day.
[[nodiscard]] std::optional<std::chrono::year_month_day> parse_iso_date(std::string_view text);

}  // namespace borough::nlp
