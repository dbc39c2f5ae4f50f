#!/usr/bin/env bash
# `make demo`: runs the main job — survey analysis of the bundled tenant satisfaction survey — with the
# borough binary given as $1, then a scanned paper form through OCR, meeting minutes from two transcripts,
# a needs assessment record and a document summary, and prints
# where the reports are. Uses a throwaway data directory under build/ so a real installation is untouched.
set -euo pipefail
borough="${1:?usage: tools/demo.sh PATH/TO/borough}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/build/demo"
mkdir -p "$out"
export BOROUGH_DATA_DIR="$out/data"

echo "== survey-analysis: samples/survey/tenant-satisfaction-2026.csv (extractive: no model configured)"
"$borough" run survey-analysis --input "$root/samples/survey/tenant-satisfaction-2026.csv" \
    --segment Ward --segment "Age band" --segment Tenure --out-dir "$out/survey" >/dev/null

echo "== survey-analysis: a scanned paper form, samples/survey/scanned-form-01.png (OCR with Tesseract)"
"$borough" run survey-analysis --input "$root/samples/survey/scanned-form-01.png" \
    --columns "What do you like most about living in your home or neighbourhood?" \
    --columns "What one thing should the council improve about repairs and maintenance?" \
    --columns "Is there anything else you would like to tell us?" \
    --param stability_runs=0 --out-dir "$out/scanned" >/dev/null

echo "== meeting-minutes: samples/minutes/housing-committee-2026-03.vtt (formal) and team-meeting.txt (team)"
"$borough" run meeting-minutes --input "$root/samples/minutes/housing-committee-2026-03.vtt" \
    --param style=formal --param meeting_date=2026-03-12 --param "title=Housing Committee" \
    --out-dir "$out/minutes" >/dev/null
"$borough" run meeting-minutes --input "$root/samples/minutes/team-meeting.txt" \
    --param style=team --param meeting_date=2026-03-09 --param "title=Customer Contact Team" \
    --out-dir "$out/minutes" >/dev/null

echo "== needs-assessment: samples/assessment/home-visit-conversation.txt (Care Act 2014 outcomes)"
"$borough" run needs-assessment --input "$root/samples/assessment/home-visit-conversation.txt" \
    --out-dir "$out/assessment" >/dev/null

echo "== document-summary: samples/housing-repairs-scrutiny-report.md"
"$borough" run document-summary --input "$root/samples/housing-repairs-scrutiny-report.md" \
    --out-dir "$out/summary" >/dev/null

echo "== news-angles: samples/news-angles/culture-and-leisure-annual-report.md"
"$borough" run news-angles --input "$root/samples/news-angles/culture-and-leisure-annual-report.md" \
    --out-dir "$out/news" >/dev/null

echo
echo "Survey report (HTML, open in a browser): $out/survey/tenant-satisfaction-2026.html"
echo "Survey coding sheet (XLSX):             $out/survey/tenant-satisfaction-2026.xlsx"
echo "Survey summary (Markdown) and JSON:     $out/survey/tenant-satisfaction-2026.{md,json}"
echo "Scanned form, as read by OCR:           $out/scanned/scanned-form-01.{html,md,json,xlsx}"
echo "Committee minutes (Word, Markdown):     $out/minutes/housing-committee-2026-03.{docx,md,json}"
echo "Team meeting notes:                     $out/minutes/team-meeting.{docx,md,json}"
echo "Needs assessment record:                $out/assessment/home-visit-conversation.{docx,md,json}"
echo "Document summary:                       $out/summary/housing-repairs-scrutiny-report.{docx,md,json}"
echo "News angles for the press office:       $out/news/culture-and-leisure-annual-report.{docx,md,json}"
echo "Job history:                            BOROUGH_DATA_DIR=$out/data $borough history"
