// A scanned paper survey form, after OCR, turned into one survey row: the text written under each
// printed question heading, and "Label: value" fields such as the ward. Knows nothing of the OCR
// engine beyond engine::OcrPage.
#pragma once

#include <cstddef>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "engine/ocr_reader.h"

namespace borough::actions::survey {

struct FormAnswer {
    std::size_t question = 0;  // 1-based, the position of its heading in question_headings
    std::string text;          // answer lines joined with spaces; "" when blank or the heading is missing
    float confidence = 0.F;    // mean OCR confidence (0-100) of the answer's lines; 0 when it has none
};

struct FormRow {
    std::size_t page = 0;                       // OcrPage::page
    std::vector<FormAnswer> answers;            // one per heading, in heading order
    std::map<std::string, std::string> fields;  // field label (as given) -> value, for labels found
    float confidence = 0.F;                     // mean OCR confidence of all answer lines; 0 when there are none
    bool needs_check = false;                   // a person should compare the row with the paper
    std::vector<std::string> problems;          // why needs_check; never contains answer text
};

// Splits one OCR'd page into answers. A heading is found where one line, or up to three consecutive
// lines (a wrapped heading), is within normalised edit distance 0.25 of it (lower-case letters and
// digits, runs of anything else as one space), best matches first; failing that, where a line's
// first words are that close to the heading's first six words (its tail smudged or cut off). Text
// between a heading and the next heading (or the end of the page) is that question's answer. Lines "Label: value" for a
// label in field_labels (case-insensitive, several per line allowed, OCR slips tolerated) become fields and are never
// part of an answer. Lines before the first heading that are not fields (title, instructions) are ignored. needs_check
// when the page has an OCR error, a heading is missing, no answer text was found, or confidence < check_below. Pure
// function; thread-safe.
[[nodiscard]] FormRow read_form_page(const engine::OcrPage& page, std::span<const std::string> question_headings,
                                     std::span<const std::string> field_labels, float check_below = 70.F);

}  // namespace borough::actions::survey
