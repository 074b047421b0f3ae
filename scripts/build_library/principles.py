"""Build the US-Singapore shared principles, the OECD AI Principles and our authored mappings between them,
AI Verify 2023 and the AI RMF.

Why a script with tables: these files are small, but the authored mappings are our judgement and
must be reviewable in one place, row by row, each with its reason. Every row is STRM with a
rationale and an OLIR strength, and every one is marked ``judgement: ours``.

Usage (from the repository root): ``python scripts/build_library/principles.py [--check]``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from crosswalk.yamlwrite import dump  # noqa: E402
from _output import write_or_check  # noqa: E402

FACT_SHEET = ("Joint fact sheet of the United States and Singapore on the Critical and Emerging Technology "
              "dialogue, 5 June 2024")
SHARED = [  # (id, name as listed in the fact sheet's sentence)
    ("explainability", "explainability"), ("transparency", "transparency"), ("accountability", "accountability"),
    ("fairness", "fairness"), ("inclusivity", "inclusivity"), ("robustness", "robustness"),
    ("reproducibility", "reproducibility"), ("security", "security"), ("safety", "safety"),
    ("data-governance", "data governance"), ("human-ai-configuration", "human-AI configuration"),
    ("inclusive-growth", "inclusive growth"),
    ("societal-and-environmental-well-being", "societal and environmental well-being"),
]
OECD_PRINCIPLES = [
    ("1.1", "Inclusive growth, sustainable development and well-being"),
    ("1.2", "Human rights and democratic values, including fairness and privacy"),
    ("1.3", "Transparency and explainability"),
    ("1.4", "Robustness, security and safety"),
    ("1.5", "Accountability"),
]
OECD_RECOMMENDATIONS = [
    ("2.1", "Investing in AI research and development"),
    ("2.2", "Fostering an inclusive AI-enabling ecosystem"),
    ("2.3", "Enabling an interoperable governance and policy environment for AI"),
    ("2.4", "Building human capacity and preparing for labour market transition"),
    ("2.5", "International co-operation for trustworthy AI"),
]
# (shared principle, AI Verify 2023 principle id, relationship, strength, note)
TO_AIVERIFY = [
    ("transparency", "1", "intersects_with", 8, "Both concern informing affected people; AI Verify's principle is a set of testable process checks, the shared one a general value."),
    ("explainability", "2", "intersects_with", 8, "Same concept; AI Verify tests it through explainability methods and documentation."),
    ("reproducibility", "3", "intersects_with", 7, "AI Verify's principle 3 also covers traceability, which the shared list does not name."),
    ("safety", "4", "intersects_with", 8, "Same concept; AI Verify frames it as risk assessment and fail-safe processes."),
    ("security", "5", "intersects_with", 8, "Same concept."),
    ("robustness", "6", "intersects_with", 8, "Same concept."),
    ("fairness", "7", "intersects_with", 8, "Same concept; AI Verify tests bias in data and outcomes."),
    ("inclusivity", "7", "intersects_with", 4, "Inclusivity overlaps fairness where it concerns groups that AI outcomes disadvantage."),
    ("data-governance", "8", "intersects_with", 8, "Same concept."),
    ("accountability", "9", "intersects_with", 8, "Same concept."),
    ("human-ai-configuration", "10", "intersects_with", 6, "Human agency and oversight is one part of how humans and AI are configured together."),
    ("inclusive-growth", "11", "intersects_with", 7, "AI Verify's principle 11 names inclusive growth explicitly."),
    ("societal-and-environmental-well-being", "11", "intersects_with", 7, "AI Verify's principle 11 names societal and environmental well-being explicitly."),
]
# (shared principle, AI RMF subcategory, relationship, strength, note)
TO_AI_RMF = [
    ("safety", "MEASURE 2.6", "intersects_with", 7, "MEASURE 2.6 evaluates safety risks, one part of safety."),
    ("security", "MEASURE 2.7", "intersects_with", 7, "MEASURE 2.7 evaluates security and resilience."),
    ("robustness", "MEASURE 2.5", "intersects_with", 6, "Validity and reliability are the AI RMF's closest notion of robustness."),
    ("transparency", "MEASURE 2.8", "intersects_with", 6, "MEASURE 2.8 examines transparency (and accountability) risks."),
    ("accountability", "MEASURE 2.8", "intersects_with", 5, "MEASURE 2.8 examines accountability (and transparency) risks."),
    ("accountability", "GOVERN 2.1", "intersects_with", 5, "Documented roles and responsibilities are a core of accountability."),
    ("explainability", "MEASURE 2.9", "intersects_with", 7, "MEASURE 2.9: the model is explained and its output interpreted."),
    ("fairness", "MEASURE 2.11", "intersects_with", 7, "MEASURE 2.11 evaluates fairness and bias."),
    ("data-governance", "MEASURE 2.10", "intersects_with", 4, "Privacy risk is one part of data governance."),
    ("reproducibility", "MEASURE 2.1", "intersects_with", 4, "Documented test sets, metrics and tools make evaluations reproducible."),
    ("human-ai-configuration", "MAP 3.5", "intersects_with", 6, "Human oversight processes are part of the human-AI configuration."),
    ("inclusivity", "GOVERN 3.1", "intersects_with", 4, "A diverse team informing decisions is one aspect of inclusivity."),
    ("societal-and-environmental-well-being", "MEASURE 2.12", "intersects_with", 5, "MEASURE 2.12 assesses environmental impact and sustainability."),
]
# (shared principle, OECD id, relationship, strength, note)
TO_OECD = [
    ("inclusive-growth", "1.1", "intersects_with", 7, "OECD 1.1 names inclusive growth, alongside sustainable development."),
    ("societal-and-environmental-well-being", "1.1", "intersects_with", 7, "OECD 1.1 names well-being and sustainable development."),
    ("fairness", "1.2", "intersects_with", 6, "OECD 1.2 includes fairness among human rights and democratic values."),
    ("data-governance", "1.2", "intersects_with", 3, "OECD 1.2 includes privacy and data protection."),
    ("inclusivity", "1.2", "intersects_with", 4, "Non-discrimination and diversity are among OECD 1.2's values."),
    ("transparency", "1.3", "subset_of", 8, "OECD 1.3 joins transparency and explainability."),
    ("explainability", "1.3", "subset_of", 8, "OECD 1.3 joins transparency and explainability."),
    ("robustness", "1.4", "subset_of", 8, "OECD 1.4 joins robustness, security and safety."),
    ("security", "1.4", "subset_of", 8, "OECD 1.4 joins robustness, security and safety."),
    ("safety", "1.4", "subset_of", 8, "OECD 1.4 joins robustness, security and safety."),
    ("accountability", "1.5", "intersects_with", 8, "Same concept; OECD 1.5 adds traceability and risk management."),
    ("reproducibility", "1.5", "intersects_with", 3, "OECD 1.5 asks for traceability of datasets, processes and decisions."),
    ("human-ai-configuration", "1.2", "intersects_with", 4, "OECD 1.2 asks for human agency and oversight mechanisms."),
]
PROVENANCE = {
    "author": "crosswalk maintainers",
    "authority": "none: our judgement, not an official crosswalk",
    "document": "scripts/build_library/principles.py (each row's note gives the reason)",
    "published": "2026-11-22",
    "method": "human",
    "status": "draft",
    "judgement": "ours",
    "note": "Authored by the crosswalk maintainers as a draft: every row is our judgement, typed as a NIST IR 8477 "
            "set-theory relationship with rationale and strength; no government has published this mapping.",
}


def shared_framework() -> dict[str, Any]:
    return {
        "kind": "framework", "id": "us-sg-shared-principles", "version": "2024",
        "name": "US-Singapore shared principles for AI", "short_name": "US-SG shared AI principles",
        "publisher": "United States Government and Government of Singapore",
        "published": "2024-06-05",
        "source": {"document": FACT_SHEET, "note": "The fact sheet lists the principles in one sentence."},
        "licence": "Names of principles from a joint government fact sheet; the descriptions are ours.",
        "notes": "The fact sheet lists the principles in lower case in one sentence; the capitalised titles are our "
                 "formatting of those names. The fact sheet gives no descriptions and no numbering; ids are ours.",
        "levels": ["principle"],
        "elements": [
            {"id": ident, "level": "principle", "title": name[0].upper() + name[1:],
             "citation": {"document": FACT_SHEET}}
            for ident, name in SHARED
        ],
    }


def oecd_framework() -> dict[str, Any]:
    source = {"url": "https://oecd.ai/en/ai-principles",
              "document": "OECD, Recommendation of the Council on Artificial Intelligence, OECD/LEGAL/0449 "
                          "(adopted 2019, amended 3 May 2024)"}
    elements: list[dict[str, Any]] = [
        {"id": "1", "level": "section", "title": "Principles for responsible stewardship of trustworthy AI",
         "citation": {"document": source["document"], "section": "Section 1"}},
    ]
    elements += [{"id": i, "level": "principle", "parent": "1", "title": t,
                  "citation": {"document": source["document"], "section": i}} for i, t in OECD_PRINCIPLES]
    elements.append({"id": "2", "level": "section",
                     "title": "National policies and international co-operation for trustworthy AI",
                     "citation": {"document": source["document"], "section": "Section 2"}})
    elements += [{"id": i, "level": "principle", "parent": "2", "title": t,
                  "citation": {"document": source["document"], "section": i}} for i, t in OECD_RECOMMENDATIONS]
    return {
        "kind": "framework", "id": "oecd-ai-principles", "version": "2024",
        "name": "OECD AI Principles (Recommendation of the Council on Artificial Intelligence, 2024 update)",
        "short_name": "OECD AI Principles 2024", "publisher": "Organisation for Economic Co-operation and Development (OECD)",
        "published": "2024-05-03", "source": source,
        "licence": "Titles of the OECD's principles and recommendations only; no text of the Recommendation.",
        "notes": "Values-based principles 1.1-1.5 from IBM/risk-atlas-nexus principles_oecd.yaml (2024 wording, "
                 "Apache-2.0 packaging); recommendations 2.1-2.5 as titled in the 2024 Recommendation, not checked "
                 "against the OECD's text in this session. Section titles are the Recommendation's headings.",
        "levels": ["section", "principle"],
        "elements": elements,
    }


MGF_GENAI = [
    ("1", "Accountability"), ("2", "Data"), ("3", "Trusted Development and Deployment"), ("4", "Incident Reporting"),
    ("5", "Testing and Assurance"), ("6", "Security"), ("7", "Content Provenance"),
    ("8", "Safety and Alignment Research & Development (R&D)"), ("9", "AI for Public Good"),
]
KR_PRINCIPLES = [  # our wording throughout
    ("P1", "Human dignity", "People are ends in themselves; AI must not harm life or mental and physical health."),
    ("P2", "Common good of society", "AI should serve the well-being of society and humankind as a whole."),
    ("P3", "Technology fit for purpose", "AI is a tool for people and should be developed and used for humanity's benefit."),
]
KR_REQUIREMENTS = [
    ("R1", "Safeguarding human rights", "Respect the rights and freedoms every person holds."),
    ("R2", "Protection of privacy", "Protect personal information throughout the AI life cycle."),
    ("R3", "Respect for diversity", "Avoid bias and discrimination; consider users of every background."),
    ("R4", "Prevention of harm", "Do not use AI to harm people; manage the risk of harm."),
    ("R5", "Public good", "Use AI for the benefit of society, not only of individuals."),
    ("R6", "Solidarity", "Keep relations between groups fair and involve stakeholders."),
    ("R7", "Data management", "Use data only for its purpose and keep its quality and integrity."),
    ("R8", "Accountability", "Make clear who is responsible for AI and its outcomes."),
    ("R9", "Safety", "Prevent risks and let users control or stop the system."),
    ("R10", "Transparency", "Explain AI use and outcomes to the degree appropriate."),
]
ISO_CLAUSES = [  # (id, parent, our short title: a paraphrase of clauses 4-10, never the standard's heading)
    ("4", None, "The organisation and its setting"),
    ("4.1", "4", "Issues inside and outside the organisation"), ("4.2", "4", "Who has a stake, and what they expect"),
    ("4.3", "4", "Where the management system applies"), ("4.4", "4", "Setting up and keeping the system"),
    ("5", None, "Top management's part"),
    ("5.1", "5", "Top management takes charge"), ("5.2", "5", "Top management sets the AI policy"),
    ("5.3", "5", "Who does what, with what authority"),
    ("6", None, "Planning the management system"),
    ("6.1", "6", "Dealing with risks and opportunities"),
    ("6.1.1", "6.1", "Risk criteria and planned actions"), ("6.1.2", "6.1", "How AI risks are assessed"),
    ("6.1.3", "6.1", "How AI risks are treated"), ("6.1.4", "6.1", "How an AI system's impacts are assessed"),
    ("6.2", "6", "Measurable aims for AI, and plans to reach them"), ("6.3", "6", "Changing the system in a planned way"),
    ("7", None, "What the system runs on"),
    ("7.1", "7", "Providing what is needed"), ("7.2", "7", "People able to do the work"),
    ("7.3", "7", "Staff know the policy and their part"), ("7.4", "7", "Who is told what, when and how"),
    ("7.5", "7", "Documents and records"),
    ("7.5.1", "7.5", "Documents the system needs"), ("7.5.2", "7.5", "Writing and revising documents"),
    ("7.5.3", "7.5", "Keeping documents under control"),
    ("8", None, "Running the management system"),
    ("8.1", "8", "Planning and controlling the work"), ("8.2", "8", "Doing the AI risk assessments"),
    ("8.3", "8", "Carrying out the risk treatment plan"), ("8.4", "8", "Doing the AI system impact assessments"),
    ("9", None, "Checking how well the system works"),
    ("9.1", "9", "Tracking and judging results"), ("9.2", "9", "Auditing the system from within"),
    ("9.2.1", "9.2", "Audits at planned intervals"), ("9.2.2", "9.2", "Planning and running the audits"),
    ("9.3", "9", "Top management looks back"),
    ("9.3.1", "9.3", "Reviews at planned intervals"), ("9.3.2", "9.3", "What a review takes into account"),
    ("9.3.3", "9.3", "What a review decides"),
    ("10", None, "Getting better"),
    ("10.1", "10", "Improving the system all the time"), ("10.2", "10", "Fixing what does not conform, and why it happened"),
]
ISO_CLAUSE_LEVELS = {1: "clause", 2: "subclause", 3: "sub-subclause"}  # by the number of parts in the id
ISO_GROUPS = [  # (id, our short title)
    ("A.2", "AI policies"), ("A.3", "Internal organisation for AI"), ("A.4", "Resources that AI systems use"),
    ("A.5", "Impact assessment of AI systems"), ("A.6", "Life cycle of an AI system"), ("A.7", "Data that AI systems use"),
    ("A.8", "Information for interested parties"), ("A.9", "Using AI systems"),
    ("A.10", "Third parties and customers"),
]
ISO_SUBGROUPS = [("A.6.1", "A.6", "Guidance for developing AI systems"), ("A.6.2", "A.6", "Life-cycle stages")]
ISO_CONTROLS = [  # (id, parent, our short title: a paraphrase, never the standard's wording)
    ("A.2.2", "A.2", "A documented policy for AI"), ("A.2.3", "A.2", "AI policy consistent with other policies"),
    ("A.2.4", "A.2", "Periodic review of the AI policy"),
    ("A.3.2", "A.3", "Assigned AI roles and duties"), ("A.3.3", "A.3", "A way to raise concerns about AI"),
    ("A.4.2", "A.4", "Inventory of resources an AI system needs"), ("A.4.3", "A.4", "Data as a documented resource"),
    ("A.4.4", "A.4", "Tools as a documented resource"), ("A.4.5", "A.4", "Compute and infrastructure as a documented resource"),
    ("A.4.6", "A.4", "People and skills as a documented resource"),
    ("A.5.2", "A.5", "A process for assessing an AI system's impacts"), ("A.5.3", "A.5", "Records of impact assessments"),
    ("A.5.4", "A.5", "Impact on individuals and groups"), ("A.5.5", "A.5", "Impact on society"),
    ("A.6.1.2", "A.6.1", "Aims for responsible development"), ("A.6.1.3", "A.6.1", "Processes for responsible design"),
    ("A.6.2.2", "A.6.2", "Specifying what the system must do"), ("A.6.2.3", "A.6.2", "Recording design decisions"),
    ("A.6.2.4", "A.6.2", "Checking and validating the system"), ("A.6.2.5", "A.6.2", "Putting the system into use"),
    ("A.6.2.6", "A.6.2", "Running and watching the system"), ("A.6.2.7", "A.6.2", "Technical records of the system"),
    ("A.6.2.8", "A.6.2", "Logging of events"),
    ("A.7.2", "A.7", "Data for building and improving systems"), ("A.7.3", "A.7", "Obtaining data"),
    ("A.7.4", "A.7", "Data quality"), ("A.7.5", "A.7", "Where data comes from"), ("A.7.6", "A.7", "Preparing data"),
    ("A.8.2", "A.8", "Documentation for users"), ("A.8.3", "A.8", "Reporting to outside parties"),
    ("A.8.4", "A.8", "Telling people about incidents"), ("A.8.5", "A.8", "What interested parties are told"),
    ("A.9.2", "A.9", "Processes for using AI responsibly"), ("A.9.3", "A.9", "Aims for responsible use"),
    ("A.9.4", "A.9", "Use as intended"),
    ("A.10.2", "A.10", "Sharing responsibilities along the chain"), ("A.10.3", "A.10", "Supplier arrangements"),
    ("A.10.4", "A.10", "Customer arrangements"),
]


def mgf_framework() -> dict[str, Any]:
    document = "Model AI Governance Framework for Generative AI: Fostering a Trusted Ecosystem (30 May 2024)"
    return {
        "kind": "framework", "id": "sg-mgf-genai", "version": "2024",
        "name": "Model AI Governance Framework for Generative AI", "short_name": "Singapore MGF for GenAI",
        "publisher": "AI Verify Foundation and Infocomm Media Development Authority (IMDA), Singapore",
        "published": "2024-05-30", "source": {"document": document},
        "licence": "Names of the nine dimensions only; no text of the framework.",
        "notes": "The nine dimensions as the framework names them; not checked against the PDF in this session.",
        "levels": ["dimension"],
        "elements": [{"id": i, "level": "dimension", "title": t, "citation": {"document": document, "section": f"Dimension {i}"}}
                     for i, t in MGF_GENAI],
    }


def kr_framework() -> dict[str, Any]:
    document = "National Guidelines for Artificial Intelligence (AI) Ethics, Ministry of Science and ICT, December 2020"
    elements: list[dict[str, Any]] = [
        {"id": "principles", "level": "group", "title": "Three basic principles", "wording": "ours", "citation": {"document": document}},
        {"id": "requirements", "level": "group", "title": "Ten key requirements", "wording": "ours", "citation": {"document": document}},
    ]
    elements += [{"id": i, "level": "item", "parent": "principles", "title": t, "text": d, "wording": "ours",
                  "citation": {"document": document}} for i, t, d in KR_PRINCIPLES]
    elements += [{"id": i, "level": "item", "parent": "requirements", "title": t, "text": d, "wording": "ours",
                  "citation": {"document": document}} for i, t, d in KR_REQUIREMENTS]
    return {
        "kind": "framework", "id": "kr-ai-ethics", "version": "2020",
        "name": "Korea National Guidelines for AI Ethics", "short_name": "Korea AI Ethics Guidelines 2020",
        "publisher": "Ministry of Science and ICT (MSIT), Republic of Korea", "published": "2020-12-23",
        "source": {"document": document},
        "licence": "Titles and descriptions are our own wording of the guidelines, cited; no text of the guidelines.",
        "notes": "Ids are ours (P1-P3, R1-R10). Every title and description is our paraphrase (wording: ours).",
        "levels": ["group", "item"],
        "elements": elements,
    }


def iso_framework() -> dict[str, Any]:
    """Clauses 4-10 (the requirements) and the Annex A controls.

    Why three more levels rather than reusing group/subgroup/control: clauses are requirements, not
    controls, and their tree is one deeper (6.1 > 6.1.2); the standard calls them clause and subclause.
    """
    document = "ISO/IEC 42001:2023, Annex A (normative), reference control objectives and controls"
    clauses = "ISO/IEC 42001:2023, clauses 4-10 (requirements)"
    elements: list[dict[str, Any]] = []
    for ident, parent, title in ISO_CLAUSES:
        element: dict[str, Any] = {"id": ident, "level": ISO_CLAUSE_LEVELS[ident.count(".") + 1]}
        if parent is not None:
            element["parent"] = parent
        elements.append(dict(element, title=title, wording="ours", citation={"document": clauses, "section": ident}))
    cite = {"document": document}
    for ident, title in ISO_GROUPS:
        elements.append({"id": ident, "level": "group", "title": title, "wording": "ours", "citation": dict(cite, section=ident)})
        for sub, parent, sub_title in ISO_SUBGROUPS:
            if parent == ident:
                elements.append({"id": sub, "level": "subgroup", "parent": ident, "title": sub_title, "wording": "ours",
                                 "citation": dict(cite, section=sub)})
    for ident, parent, title in ISO_CONTROLS:
        elements.append({"id": ident, "level": "control", "parent": parent, "title": title, "wording": "ours",
                         "citation": dict(cite, section=ident)})
    return {
        "kind": "framework", "id": "iso-iec-42001", "version": "2023",
        "name": "ISO/IEC 42001:2023 Artificial intelligence management system: clauses 4-10 and Annex A controls",
        "short_name": "ISO/IEC 42001:2023",
        "publisher": "International Organization for Standardization (ISO) and International Electrotechnical Commission (IEC)",
        "published": "2023-12-18",
        "source": {"url": "https://www.iso.org/standard/81230.html",
                   "document": "ISO/IEC 42001:2023, clauses 4-10 and Annex A (normative)"},
        "licence": "The standard is copyrighted and sold by ISO: only the clause and control ids are the standard's; "
                   "every title is our own short wording, and no text of the standard is included.",
        "notes": "Clauses 4-10: the 7 clauses, 24 subclauses and 12 sub-subclauses of the published standard (ids from "
                 "intuitem/ciso-assistant-community's outline, which lacks 6.1.1-6.1.4, and public descriptions of the "
                 "standard's clause structure, which list them); all of them, cited or not by a mapping, so that a "
                 "coverage report over the clauses is not overstated. Annex A: 38 control ids (from the same outline, "
                 "which follows the published standard). Every clause, group, sub-group and control title is ours.",
        "levels": ["clause", "subclause", "sub-subclause", "group", "subgroup", "control"],
        "elements": elements,
    }


def mapping(ident: str, target: str, rows: list[tuple[str, str, str, int, str]], title: str) -> dict[str, Any]:
    return {
        "kind": "mapping", "id": ident, "title": title, "source": "us-sg-shared-principles@2024", "target": target,
        "style": "strm", "provenance": PROVENANCE,
        "rows": [{"source": s, "target": t, "relationship": r, "rationale": "semantic", "strength": n,
                  "judgement": "ours", "note": note} for s, t, r, n, note in rows],
    }


def outputs() -> dict[Path, dict[str, Any]]:
    return {
        ROOT / "frameworks" / "us-sg-shared-principles-2024.yaml": shared_framework(),
        ROOT / "frameworks" / "oecd-ai-principles-2024.yaml": oecd_framework(),
        ROOT / "frameworks" / "sg-mgf-genai-2024.yaml": mgf_framework(),
        ROOT / "frameworks" / "kr-ai-ethics-2020.yaml": kr_framework(),
        ROOT / "frameworks" / "iso-iec-42001-2023.yaml": iso_framework(),
        ROOT / "mappings" / "us-sg-shared-principles-2024--aiverify-2023.yaml": mapping(
            "us-sg-shared-principles-2024--aiverify-2023", "aiverify@2023", TO_AIVERIFY,
            "US-Singapore shared principles to AI Verify 2023 principles (our draft)"),
        ROOT / "mappings" / "us-sg-shared-principles-2024--nist-ai-rmf-1.0.yaml": mapping(
            "us-sg-shared-principles-2024--nist-ai-rmf-1.0", "nist-ai-rmf@1.0", TO_AI_RMF,
            "US-Singapore shared principles to NIST AI RMF subcategories (our draft)"),
        ROOT / "mappings" / "us-sg-shared-principles-2024--oecd-ai-principles-2024.yaml": mapping(
            "us-sg-shared-principles-2024--oecd-ai-principles-2024", "oecd-ai-principles@2024", TO_OECD,
            "US-Singapore shared principles to the OECD AI Principles (our draft)"),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    return write_or_check({path: dump(data) for path, data in outputs().items()}, args.check)

if __name__ == "__main__":
    sys.exit(main())
