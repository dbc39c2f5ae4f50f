#include "actions/minutes/minutes_report.h"

#include <fmt/format.h>

#include "nlp/due_dates.h"

namespace borough::actions::minutes {
namespace {

using Kind = io::DocxBlock::Kind;

std::string clock_time(std::int64_t ms) {
    const std::int64_t s = ms / 1000;
    return fmt::format("{:02}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60);
}

Json statement_json(const Statement& s, const io::Transcript& t) {
    Json j{{"text", s.text}, {"speaker", s.speaker}, {"turn", s.turn + 1}, {"line", t.turns[s.turn].line}};
    if (const auto& ms = t.turns[s.turn].start_ms) j["time"] = clock_time(*ms);
    if (!s.verbatim) j["verbatim"] = false;
    return j;
}

Json statements_json(const std::vector<Statement>& list, const io::Transcript& t) {
    Json out = Json::array();
    for (const auto& s : list) out.push_back(statement_json(s, t));
    return out;
}

Json action_json(const ActionItem& a, const io::Transcript& t, bool cite) {
    Json j{{"owner", a.owner}, {"task", a.task}, {"status", a.status}, {"said", a.said}};
    j["due"] = a.due ? Json(nlp::iso_date(*a.due)) : Json(nullptr);
    j["due_phrase"] = a.due_phrase;
    j["due_approximate"] = a.due_approximate;
    if (cite && a.turn < t.turns.size()) {
        j["turn"] = a.turn + 1;
        if (const auto& ms = t.turns[a.turn].start_ms) j["time"] = clock_time(*ms);
    }
    return j;
}

std::string due_text(const ActionItem& a) {
    if (!a.due) return "not stated";
    if (a.due_approximate) return fmt::format("{} ({})", nlp::iso_date(*a.due), a.due_phrase);
    return nlp::iso_date(*a.due);
}

std::string owner_text(const ActionItem& a) { return a.owner.empty() ? "Not assigned" : a.owner; }

std::string quoted(const Statement& s, const io::Transcript& t) {
    // A model's reported speech is not presented as anyone's words.
    if (!s.verbatim) return fmt::format("{} {}", s.text, citation(t, s.turn));
    return fmt::format("{}: \u201c{}\u201d {}", s.speaker.empty() ? "Unnamed speaker" : s.speaker, s.text,
                       citation(t, s.turn));
}

std::vector<const ActionItem*> all_actions(const Minutes& m) {
    std::vector<const ActionItem*> out;
    for (const auto& item : m.items) {
        for (const auto& a : item.actions) out.push_back(&a);
    }
    return out;
}

std::string heading_title(const ReportHeader& h) {
    switch (h.style) {
        case Style::Formal: return fmt::format("{}: minutes", h.title);
        case Style::Team: return fmt::format("{}: notes", h.title);
        case Style::Safeguarding: return fmt::format("{}: safeguarding meeting record", h.title);
    }
    return h.title;
}

}  // namespace

Result<Style> parse_style(std::string_view text) {
    if (text.empty() || text == "formal") return Style::Formal;
    if (text == "team") return Style::Team;
    if (text == "safeguarding") return Style::Safeguarding;
    return fail(ErrorCode::InvalidInput,
                fmt::format("style \"{}\" is not one of formal, team, safeguarding", text), "style");
}

std::string_view to_string(Style style) {
    switch (style) {
        case Style::Formal: return "formal";
        case Style::Team: return "team";
        case Style::Safeguarding: return "safeguarding";
    }
    return "formal";
}

std::string citation(const io::Transcript& transcript, std::size_t turn) {
    if (turn < transcript.turns.size() && transcript.turns[turn].start_ms) {
        return fmt::format("[T{} {}]", turn + 1, clock_time(*transcript.turns[turn].start_ms));
    }
    return fmt::format("[T{}]", turn + 1);
}

Json minutes_to_json(const Minutes& m, const io::Transcript& t, const ReportHeader& h) {
    Json items = Json::array();
    Json actions = Json::array();
    for (std::size_t i = 0; i < m.items.size(); ++i) {
        const auto& item = m.items[i];
        Json ja = Json::array();
        for (const auto& a : item.actions) {
            ja.push_back(action_json(a, t, true));
            Json flat = action_json(a, t, true);
            flat["item"] = i + 1;
            actions.push_back(std::move(flat));
        }
        items.push_back({{"number", i + 1},
                         {"title", item.title},
                         {"turns", {item.first_turn + 1, item.last_turn + 1}},
                         {"points", statements_json(item.points, t)},
                         {"decisions", statements_json(item.decisions, t)},
                         {"actions", std::move(ja)},
                         {"concerns", statements_json(item.concerns, t)}});
        if (!item.summary.empty()) items.back()["summary"] = statements_json(item.summary, t);
    }
    Json carried = Json::array();
    for (const auto& a : m.carried) carried.push_back(action_json(a, t, a.status == "discussed"));
    Json out{{"title", h.title},
             {"style", to_string(h.style)},
             {"meeting_date", nlp::iso_date(h.meeting_date)},
             {"method", h.method},
             {"confidentiality", h.style == Style::Safeguarding ? "OFFICIAL-SENSITIVE" : ""},
             {"present", m.present},
             {"apologies", statements_json(m.apologies, t)},
             {"declarations", statements_json(m.declarations, t)},
             {"items", std::move(items)},
             {"actions", std::move(actions)},
             {"carried_forward", std::move(carried)},
             {"next_review", statements_json(m.next_review, t)},
             {"transcript", {{"source", t.source}, {"format", t.format}, {"turns", t.turns.size()}, {"words", m.words}}},
             {"warnings", m.warnings}};
    if (!m.summary.empty()) out["summary"] = statements_json(m.summary, t);
    return out;
}

std::string minutes_markdown(const Minutes& m, const io::Transcript& t, const ReportHeader& h) {
    std::string md;
    if (h.style == Style::Safeguarding) md += "**OFFICIAL-SENSITIVE: contains personal information.**\n\n";
    md += fmt::format("# {}\n\n", heading_title(h));
    md += fmt::format("Date: {}. Method: {}. *Draft prepared with AI assistance: check before use.*\n\n",
                      nlp::iso_date(h.meeting_date), h.method);
    const std::string people = m.present.empty() ? "not recorded" : fmt::format("{}", fmt::join(m.present, ", "));
    md += fmt::format("**{}:** {}\n\n", h.style == Style::Safeguarding ? "Attendees (roles not stated in the "
                                                                         "transcript)"
                                                                       : "Present",
                      people);
    const auto bullets = [&](const std::vector<Statement>& list, std::string_view none) {
        std::string out;
        for (const auto& s : list) out += "- " + quoted(s, t) + "\n";
        if (list.empty()) out += fmt::format("- {}\n", none);
        return out + "\n";
    };
    const auto actions_table = [&](const std::vector<const ActionItem*>& list) {
        if (list.empty()) return std::string("No actions were recorded.\n\n");
        std::string out = "| Owner | Action | Due | Source |\n|---|---|---|---|\n";
        for (const auto* a : list) {
            out += fmt::format("| {} | {} | {} | {} |\n", owner_text(*a), a->task, due_text(*a), citation(t, a->turn));
        }
        return out + "\n";
    };
    if (!m.summary.empty() && h.style != Style::Team) {
        md += "## Summary\n\n";
        for (const auto& s : m.summary) md += quoted(s, t) + "\n";
        md += "\n";
    }
    const auto item_summary = [&](const AgendaItem& item) {
        std::string out;
        for (const auto& s : item.summary) out += quoted(s, t) + "\n";
        return out.empty() ? out : out + "\n";
    };
    const auto resolved = [&](const Statement& d) {
        return d.verbatim ? fmt::format("**RESOLVED** (as said): {}", quoted(d, t))
                          : fmt::format("**RESOLVED**: {}", quoted(d, t));
    };
    if (h.style == Style::Formal) {
        md += "## Apologies\n\n" + bullets(m.apologies, "None recorded.");
        md += "## Declarations of interest\n\n" + bullets(m.declarations, "None recorded.");
        for (std::size_t i = 0; i < m.items.size(); ++i) {
            const auto& item = m.items[i];
            md += fmt::format("## {}. {}\n\n", i + 1, item.title);
            md += item_summary(item);
            for (const auto& p : item.points) md += "- " + quoted(p, t) + "\n";
            if (!item.points.empty()) md += "\n";
            for (const auto& d : item.decisions) md += resolved(d) + "\n\n";
            if (!item.actions.empty()) {
                std::vector<const ActionItem*> list;
                for (const auto& a : item.actions) list.push_back(&a);
                md += "Actions:\n\n" + actions_table(list);
            }
        }
    } else if (h.style == Style::Team) {
        md += "## Summary\n\n";
        for (const auto& s : m.summary) md += quoted(s, t) + "\n";
        if (!m.summary.empty()) md += "\n";
        for (const auto& item : m.items) {
            md += fmt::format("**{}**\n\n", item.title);
            md += item_summary(item);
            for (const auto& p : item.points) md += "- " + quoted(p, t) + "\n";
            md += "\n";
        }
        md += "## Decisions\n\n";
        std::size_t decisions = 0;
        for (const auto& item : m.items) {
            for (const auto& d : item.decisions) {
                md += "- " + quoted(d, t) + "\n";
                ++decisions;
            }
        }
        md += decisions == 0 ? "- None recorded.\n\n" : "\n";
    } else {
        md += "## Concerns and risks\n\n";
        std::vector<Statement> concerns;
        for (const auto& item : m.items) concerns.insert(concerns.end(), item.concerns.begin(), item.concerns.end());
        md += bullets(concerns, "None recorded.");
        md += "## Decisions\n\n";
        std::vector<Statement> decisions;
        for (const auto& item : m.items) decisions.insert(decisions.end(), item.decisions.begin(), item.decisions.end());
        md += bullets(decisions, "None recorded.");
        md += "## Next review\n\n" + bullets(m.next_review, "Not stated in the conversation.");
    }
    md += "## Actions\n\n" + actions_table(all_actions(m));
    if (!m.carried.empty()) {
        md += "## Actions carried forward from the previous minutes\n\n| Owner | Action | Due | Status |\n|---|---|---|---|\n";
        for (const auto& a : m.carried) {
            md += fmt::format("| {} | {} | {} | {} |\n", owner_text(a), a.task, due_text(a),
                              a.status == "discussed" ? "discussed " + citation(t, a.turn) : a.status);
        }
        md += "\n";
    }
    if (!m.warnings.empty()) {
        md += "## For the reviewer\n\n";
        for (const auto& w : m.warnings) md += "- " + w + "\n";
        md += "\n";
    }
    return md;
}

io::DocxDocument minutes_docx(const Minutes& m, const io::Transcript& t, const ReportHeader& h, bool append_transcript) {
    io::DocxDocument doc;
    doc.title = heading_title(h);
    doc.subject = fmt::format("{} minutes, {}", to_string(h.style), nlp::iso_date(h.meeting_date));
    doc.author = "borough";
    if (h.style == Style::Safeguarding) doc.header_text = "OFFICIAL-SENSITIVE";
    doc.draft_watermark = true;
    const auto para = [&](std::string text) {
        io::DocxBlock b;
        b.kind = Kind::Paragraph;
        b.runs.push_back({std::move(text)});
        doc.blocks.push_back(std::move(b));
    };
    const auto heading = [&](std::string text, int level) {
        io::DocxBlock b;
        b.kind = Kind::Heading;
        b.level = level;
        b.runs.push_back({std::move(text)});
        doc.blocks.push_back(std::move(b));
    };
    const auto cited = [&](const Statement& s, Kind kind, std::string prefix = {}) {
        io::DocxBlock b;
        b.kind = kind;
        b.level = 0;
        if (!prefix.empty()) b.runs.push_back({std::move(prefix), true});
        b.runs.push_back({s.verbatim ? fmt::format("{}: \u201c{}\u201d", s.speaker.empty() ? "Unnamed speaker" : s.speaker,
                                                   s.text)
                                     : s.text});
        b.citation = citation(t, s.turn);
        doc.blocks.push_back(std::move(b));
    };
    const auto list = [&](const std::vector<Statement>& items, std::string_view none) {
        for (const auto& s : items) cited(s, Kind::Bullet);
        if (items.empty()) para(std::string(none));
    };
    const auto actions_table = [&](const std::vector<const ActionItem*>& items) {
        if (items.empty()) {
            para("No actions were recorded.");
            return;
        }
        io::DocxBlock b;
        b.kind = Kind::Table;
        b.rows.push_back({"Owner", "Action", "Due", "Source"});
        for (const auto* a : items) b.rows.push_back({owner_text(*a), a->task, due_text(*a), citation(t, a->turn)});
        doc.blocks.push_back(std::move(b));
    };
    para(fmt::format("Date: {}. Method: {}.", nlp::iso_date(h.meeting_date), h.method));
    para(fmt::format("{}: {}", h.style == Style::Safeguarding ? "Attendees (roles not stated)" : "Present",
                     m.present.empty() ? std::string("not recorded") : fmt::format("{}", fmt::join(m.present, ", "))));
    if (!m.summary.empty()) {
        heading("Summary", 1);
        for (const auto& s : m.summary) cited(s, Kind::Paragraph);
    }
    if (h.style == Style::Formal) {
        heading("Apologies", 1);
        list(m.apologies, "None recorded.");
        heading("Declarations of interest", 1);
        list(m.declarations, "None recorded.");
        for (std::size_t i = 0; i < m.items.size(); ++i) {
            const auto& item = m.items[i];
            heading(fmt::format("{}. {}", i + 1, item.title), 1);
            for (const auto& s : item.summary) cited(s, Kind::Paragraph);
            for (const auto& p : item.points) cited(p, Kind::Bullet);
            for (const auto& d : item.decisions) {
                cited(d, Kind::Paragraph, d.verbatim ? "RESOLVED (as said): " : "RESOLVED: ");
            }
        }
    } else if (h.style == Style::Team) {
        if (m.summary.empty()) heading("Summary", 1);
        for (const auto& item : m.items) {
            heading(item.title, 2);
            for (const auto& s : item.summary) cited(s, Kind::Paragraph);
            for (const auto& p : item.points) cited(p, Kind::Bullet);
        }
        heading("Decisions", 1);
        std::vector<Statement> decisions;
        for (const auto& item : m.items) decisions.insert(decisions.end(), item.decisions.begin(), item.decisions.end());
        list(decisions, "None recorded.");
    } else {
        heading("Concerns and risks", 1);
        std::vector<Statement> concerns;
        for (const auto& item : m.items) concerns.insert(concerns.end(), item.concerns.begin(), item.concerns.end());
        list(concerns, "None recorded.");
        heading("Decisions", 1);
        std::vector<Statement> decisions;
        for (const auto& item : m.items) decisions.insert(decisions.end(), item.decisions.begin(), item.decisions.end());
        list(decisions, "None recorded.");
        heading("Next review", 1);
        list(m.next_review, "Not stated in the conversation.");
    }
    heading("Actions", 1);
    actions_table(all_actions(m));
    if (!m.carried.empty()) {
        heading("Actions carried forward from the previous minutes", 1);
        io::DocxBlock b;
        b.kind = Kind::Table;
        b.rows.push_back({"Owner", "Action", "Due", "Status"});
        for (const auto& a : m.carried) {
            b.rows.push_back({owner_text(a), a.task, due_text(a),
                              a.status == "discussed" ? "discussed " + citation(t, a.turn) : a.status});
        }
        doc.blocks.push_back(std::move(b));
    }
    if (append_transcript) {
        doc.blocks.push_back(io::DocxBlock{Kind::PageBreak});
        heading("Transcript", 1);
        for (std::size_t i = 0; i < t.turns.size(); ++i) {
            io::DocxBlock b;
            b.kind = Kind::Paragraph;
            b.runs.push_back({fmt::format("{} {}: ", citation(t, i), t.turns[i].speaker.empty() ? "Unnamed speaker"
                                                                                                 : t.turns[i].speaker),
                              true});
            b.runs.push_back({t.turns[i].text});
            doc.blocks.push_back(std::move(b));
        }
    }
    return doc;
}

}  // namespace borough::actions::minutes
