"""Section Ⅰ (일반 현황) apart from its budget tables: the org chart, the duties and the district
facts, each in its block (blocks.py), and a block of numbers no parser reads as an error."""

from __future__ import annotations

from extractors.parts.blocks import Block, split_blocks
from extractors.parts.district import parse_district_stats
from extractors.parts.duties import parse_department_duties
from extractors.parts.gaps import gap
from extractors.parts.number_blocks import in_printed_order, stray_blocks
from extractors.parts.org import parse_org_units
from extractors.parts.part import Context, Part, Stated
from extractors.parts.sections import Section

# The table each block of section Ⅰ fills (the overview's budget tables are read with section Ⅲ's).
BLOCK_TABLES = {"org_units": "org_units", "department_duties": "department_duties",
                "district_stats": "district_stats", "budget_overview": "expenditure_summary"}
BLOCK_PARSERS_TABLES = ("org_units", "department_duties", "district_stats")  # the tables this module fills


def read_general(section: Section, context: Context) -> Part:
    blocks = split_blocks(section.lines)
    part = Part(used={block.title.key for block in blocks.values()})
    if "org_units" in blocks:
        org = parse_org_units(blocks["org_units"], context.fiscal_year, context.as_of)
        part.add("org_units", org.frame, org.used)
        if org.stated_units is not None and org.stated_staff is not None:
            part.stated["org_units.units"] = Stated(org.stated_units, org.title)
            part.stated["org_units.staff"] = Stated(org.stated_staff, org.title)
    if "department_duties" in blocks:
        duties = parse_department_duties(blocks["department_duties"], context.fiscal_year)
        part.add("department_duties", duties.frame, duties.used)
        part.narrative["department_duties"] = duties.used
    part.merge(_district(section, blocks.get("district_stats"), context, part))
    for key, block in blocks.items():
        table = BLOCK_TABLES.get(key)
        if table in BLOCK_PARSERS_TABLES and (table not in part.tables or part.tables[table].empty):
            part.gaps.append(gap("table_not_read", table, block.title.stripped, block.title))
    return part


def _district(section: Section, titled: Block | None, context: Context, read: Part) -> Part:
    """The district block its title leads, and every block of section Ⅰ of its shape that no other
    parser read, whatever its title; another block of numbers no parser reads is block_not_read."""
    part = Part()
    found = [parse_district_stats(titled, context.fiscal_year)] if titled is not None else []
    used = set(context.used) | read.used
    used = used.union(*(district.used for district in found))
    shaped, unread = stray_blocks(section.lines, used)
    found += [parse_district_stats(block, context.fiscal_year) for block in shaped]
    part.gaps += [gap("block_not_read", "district_stats", block.title.stripped, block.title) for block in unread]
    if found:
        district_used = set().union(*(district.used for district in found))
        part.add("district_stats", in_printed_order([district.frame for district in found]), district_used)
        part.narrative["district_stats"] = district_used
    return part
