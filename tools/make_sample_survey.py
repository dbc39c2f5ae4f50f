#!/usr/bin/env python3
"""Writes samples/survey/tenant-satisfaction-2026.csv: a fictional tenant satisfaction survey of the
fictional Northbrook Borough Council, written by the borough team for the demo and the tests.

Every answer is composed from phrases written for this file (no text comes from any real survey or
from ../shared/eval). The output is deterministic (fixed seed); re-run after editing the phrase bank:
    python3 tools/make_sample_survey.py > samples/survey/tenant-satisfaction-2026.csv
It deliberately contains what real exports contain: blanks and non-answers, a duplicate submission,
answers in Welsh and Polish, personal data, answers that need a safeguarding review, a very long answer,
opposite views on one topic ("more parking" vs "less parking"), Windows line breaks inside quotes.
"""
import csv
import random
import sys

rng = random.Random(2026)

WARDS = ["Riverside", "Castle", "Northgate", "Hillside", "St Mary's", "Eastfield"]
AGES = ["16-24", "25-34", "35-49", "50-64", "65-74", "75+"]
TENURES = ["General needs", "General needs", "General needs", "Sheltered", "Leaseholder"]
SATISFACTION = ["Very satisfied", "Fairly satisfied", "Neither", "Fairly dissatisfied", "Very dissatisfied"]

# Q1: What do you like most about living in your home or neighbourhood?
LIKE = {
    "neighbours": [
        "My neighbours are lovely and we look out for each other.",
        "Good neighbours, friendly community spirit.",
        "The people on our street are brilliant, everyone knows each other.",
        "Friendly neighbours who help with my shopping when I'm unwell.",
        "A real sense of community, the residents association does a lot.",
        "I like my neighbours, it is a close knit community.",
    ],
    "quiet": [
        "It is quiet and peaceful, especially in the evenings.",
        "Nice quiet street, not much traffic.",
        "Peaceful area, I sleep well here.",
        "Quiet close with no through traffic.",
    ],
    "location": [
        "Close to the shops, the doctors and the bus stop.",
        "Handy for town and good bus routes into the centre.",
        "Near the school and the station, very convenient.",
        "Walking distance to the shops and the health centre.",
        "Good transport links, I can get to work easily.",
    ],
    "green": [
        "The park across the road and the green space for the kids.",
        "Lots of green space and trees, the river walk is lovely.",
        "Being near the park, I walk the dog there every day.",
        "The communal gardens are well kept and pleasant.",
    ],
    "home": [
        "My flat is warm and a good size for us.",
        "The house is spacious and we have our own garden.",
        "It is my home, I have lived here 30 years and raised my family here.",
        "Affordable rent compared with private renting.",
        "The new kitchen fitted last year is great.",
        "Secure tenancy, I feel settled here.",
    ],
    "safe": [
        "I feel safe here, the estate has improved a lot.",
        "Safe area with good street lighting.",
        "The door entry system makes me feel secure.",
    ],
}

# Q2: What one thing should the council improve about repairs and maintenance?
IMPROVE = {
    "speed": [
        "Repairs take far too long, I waited four months for a leaking roof to be fixed.",
        "Speed up repairs. Reported a broken window in March and it is still not done.",
        "The waiting time for repairs is ridiculous, weeks for a simple job.",
        "Get repairs done quicker, non urgent jobs take months.",
        "Faster repairs please, the backlog seems to get longer every year.",
        "It takes ages for anything to get fixed.",
    ],
    "communication": [
        "Keep appointments or let us know. I took a day off work and nobody turned up.",
        "Better communication, nobody ever calls back when they say they will.",
        "Tell us when the operative is coming, a time slot of 8 to 6 is no good when you work.",
        "Text us before the visit. Three no-shows this year with no explanation.",
        "Let tenants know what is happening with their repair instead of leaving us chasing.",
        "I was fobbed off every time I phoned about the repair.",
    ],
    "damp": [
        "Deal with the damp and mould properly, not just paint over it.",
        "Black mould in the bedroom keeps coming back, my child has asthma.",
        "Damp in the bathroom and mould on the walls, it has been reported many times.",
        "Condensation and mould every winter, the extractor fan does not work.",
        "Sort out the damp problem for good, the mould is making us ill.",
    ],
    "quality": [
        "Do the job right first time, they had to come back three times for the same leak.",
        "The quality of work is poor, the new door was fitted badly and does not lock.",
        "Contractors leave a mess and the job is only half done.",
        "Botched repairs, the tap was replaced and leaked again within a week.",
        "Check the work afterwards, nobody inspects what the contractors do.",
    ],
    "contact": [
        "Answer the phone. I waited 45 minutes on hold to report a repair.",
        "The online repairs form is hard to use and crashes on my phone.",
        "Make it easier to report repairs online and track them.",
        "The call centre staff do not know anything about the repair.",
    ],
    "heating": [
        "Fix the heating properly, the boiler has broken down three times this winter.",
        "We had no hot water for two weeks in December.",
        "Replace old boilers before they break, the heating is unreliable.",
        "Radiators do not work upstairs and the boiler is very old.",
    ],
    "windows": [
        "Replace the old windows, they are draughty and the frames are rotten.",
        "The windows do not close properly and let the cold in.",
        "New doors and windows needed, the heating bills are huge because of draughts.",
    ],
    "positive": [
        "Nothing really, the repairs team were prompt and polite when they came.",
        "Honestly the last repair was done quickly and the operative was very helpful.",
        "Keep it up, my repairs have always been sorted within a week.",
        "The plumber who came was excellent, explained everything and cleaned up.",
    ],
}

# Q3: Is there anything else you would like to tell us?
OTHER = {
    "asb": [
        "Antisocial behaviour on the estate is getting worse, groups in the stairwell at night.",
        "Drug dealing near the garages and nobody does anything about it.",
        "Noise from the flat above until 3am every weekend, I have reported it many times.",
        "Youths on motorbikes racing round the estate, it is dangerous.",
    ],
    "rubbish": [
        "Fly-tipping by the bin store is a constant problem.",
        "The bins are overflowing and there are rats now.",
        "Rubbish left in the communal areas for weeks.",
        "Communal areas are dirty, the cleaning has got worse.",
    ],
    "parking_more": [
        "We need more parking, there are never any spaces in the evening.",
        "More parking spaces please, I have to park two streets away.",
        "Build more parking bays on the estate, cars are parked on the grass.",
    ],
    "parking_less": [
        "Less parking and more green space, the car park is half empty and ugly.",
        "Please do not build more parking on the green, we need less parking and more play space.",
        "Too much of the estate is car parking, turn some into gardens.",
    ],
    "rent": [
        "The rent increase this year is hard to afford with everything else going up.",
        "Service charges keep rising but the service does not improve.",
        "Cost of living is a struggle, the rent and heating bills are too much.",
    ],
    "thanks": [
        "Thank you to the housing officer who helped me when my husband died.",
        "My housing officer is very helpful and always gets back to me.",
        "Overall I am happy with the council as a landlord.",
        "Thanks for the new playground, the kids love it.",
    ],
    "say": [
        "Listen to tenants, we never hear what happens after these surveys.",
        "Come and visit the estate and talk to residents.",
        "Bring back the estate walkabouts so we can show you the problems.",
    ],
}

NON_ANSWERS = ["", "", "", "n/a", "N/A", "no", "None", "-", "nothing", "No comment", "no thanks", "."]

# Answers a person must see (safeguarding), personal data, and other languages. Written for this file.
SPECIAL_Q3 = [
    "My name is Sandra Whitfield and I have phoned 07700 900461 six times about the leak, please call me back.",
    "You can contact me at j.okafor@example.org, I live at 14 Mill Lane and the damp is getting worse.",
    "Since the flat flooded I have felt like ending it all, I don't know who to talk to.",
    "The man next door shouts at his partner every night and I heard her screaming that he hit her.",
    "The children at number 9 are left alone all night with no food in the house.",
    "My neighbour threatened to burn my door down if I complain again.",
    "Mae'r tŷ yn oer iawn yn y gaeaf ac mae angen ffenestri newydd arnom ni.",
    "Dziękuję za pomoc, ale naprawa okna trwała bardzo długo i nikt nie dzwonił.",
    "Mr Patel from the repairs team was fantastic, please pass on my thanks.",
]

LONG_Q3 = (
    "I want to explain the whole history because I think it shows what goes wrong. "
    + " ".join(
        [
            "In January I reported water coming through the ceiling in the bathroom.",
            "An operative came two weeks later, looked at it, and said a roofer was needed.",
            "Nobody told me when the roofer would come, and I phoned the contact centre four times.",
            "Each time I was told the job was booked, but nobody could give me a date.",
            "In March the roofer came but could not get on the roof without scaffolding.",
            "The scaffolding went up in April and stayed up for six weeks with nobody working on it.",
            "Meanwhile the ceiling stain spread and mould started growing in the corner of the bedroom.",
            "My daughter has asthma and her chest got worse over the spring.",
            "When the roof was finally fixed in May nobody came back to repair the ceiling or treat the mould.",
            "I am still waiting for that now.",
        ]
    )
    + " I appreciate that the staff are under pressure, and the people who actually came were polite and"
    " did their best, but the system for booking and following up jobs lets everybody down. Please have one"
    " person responsible for a repair from start to finish, who keeps the tenant informed and checks the"
    " job is really finished before it is closed. That would save you money as well as our patience."
)


OPENERS = ["", "", "", "Honestly, ", "I think ", "For me, ", "To be honest ", "Mainly ", "Well, ",
           "As a tenant of many years, ", "Personally ", "Simple: "]
ENDINGS = ["", "", "", " Thanks.", " That's all.", " Please listen.", " It really matters to us.",
           " Same as last year.", " My neighbours say the same."]
# Word swaps that keep the meaning, so that no two respondents write exactly alike.
SWAPS = [("really", "very"), ("very", "really"), ("lovely", "nice"), ("brilliant", "great"),
         ("far too long", "much too long"), ("months", "ages"), ("fixed", "sorted"),
         ("the council", "you"), ("repairs", "repair jobs"), ("flat", "home"), ("kids", "children"),
         ("shops", "local shops"), ("nobody", "no one"), ("quicker", "faster"), ("dirty", "filthy"),
         ("spaces", "bays"), ("estate", "area"), ("please", "pls"), ("mould", "black mould")]
DETAILS = ["", "", "", "", " It has been like this for a while.", " I have lived here since 2009.",
           " My daughter agrees.", " This has been the case since the pandemic.", " We are a family of four.",
           " I am disabled so this matters to me.", " I work shifts.", " I have told the housing officer."]


def vary_words(text):
    for a, b in SWAPS:
        if a in text and rng.random() < 0.35:
            text = text.replace(a, b, 1)
    if rng.random() < 0.05 and len(text) > 30:
        i = rng.randrange(5, len(text) - 5)
        if text[i].isalpha() and text[i + 1].isalpha():
            text = text[:i] + text[i + 1] + text[i] + text[i + 2:]  # a typo
    return text


def compose(core):
    opener = rng.choice(OPENERS)
    text = core
    if opener:
        text = opener + text[0].lower() + text[1:]
    detail = rng.choice(DETAILS) if rng.random() < 0.2 else ""
    ending = rng.choice(ENDINGS) if rng.random() < 0.15 else ""
    return vary_words(text + detail + ending)


def pick(bank, weights):
    theme = rng.choices(list(bank), weights=weights)[0]
    return theme, rng.choice(bank[theme])


def maybe_two(bank, weights, p_second=0.25):
    theme, text = pick(bank, weights)
    text = compose(text)
    if rng.random() < p_second:
        other, more = pick(bank, weights)
        if other != theme:
            text = text + " " + compose(more)
    return text


def vary(text):
    r = rng.random()
    if r < 0.08:
        return text.lower()
    if r < 0.11:
        return text.rstrip(".") + "!!"
    if r < 0.13:
        return text.upper()
    return text


def main():
    rows = []
    n = 360
    for i in range(1, n + 1):
        ward = rng.choice(WARDS)
        # Eastfield has the worst repairs record in this fiction; Riverside the best.
        w_improve = [6, 5, 4, 3, 2, 2, 2, 2]
        if ward == "Eastfield":
            w_improve = [8, 5, 8, 4, 2, 3, 2, 1]
        if ward == "Riverside":
            w_improve = [4, 4, 2, 2, 2, 2, 2, 5]
        q1 = vary(maybe_two(LIKE, [5, 2, 4, 3, 4, 2])) if rng.random() > 0.06 else rng.choice(NON_ANSWERS)
        q2 = vary(maybe_two(IMPROVE, w_improve, 0.3)) if rng.random() > 0.05 else rng.choice(NON_ANSWERS)
        q3 = vary(maybe_two(OTHER, [4, 4, 2, 2, 3, 3, 2], 0.15)) if rng.random() > 0.45 else rng.choice(NON_ANSWERS)
        sat = rng.choices(SATISFACTION, weights=[3, 4, 2, 2, 1] if ward != "Eastfield" else [1, 2, 2, 4, 3])[0]
        rows.append(
            {
                "Respondent ID": f"P-{i:04d}",
                "Date submitted": f"2026-{rng.randint(9, 10):02d}-{rng.randint(1, 28):02d}",
                "Ward": ward,
                "Age band": rng.choice(AGES),
                "Tenure": rng.choice(TENURES),
                "Overall satisfaction": sat,
                "What do you like most about living in your home or neighbourhood?": q1,
                "What one thing should the council improve about repairs and maintenance?": q2,
                "Is there anything else you would like to tell us?": q3,
            }
        )
    q3_col = "Is there anything else you would like to tell us?"
    for k, text in enumerate(SPECIAL_Q3):
        rows[17 + k * 37][q3_col] = text
    rows[250][q3_col] = LONG_Q3
    rows[120]["What one thing should the council improve about repairs and maintenance?"] = (
        "Two things:\r\n1. answer the phone\r\n2. turn up when you say you will"
    )
    # A duplicate submission: the same person sent the form twice, a day apart.
    dup = dict(rows[42])
    dup["Respondent ID"] = f"P-{n + 1:04d}"
    rows.append(dup)
    writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)


if __name__ == "__main__":
    main()
