#!/usr/bin/env python3
"""Writes Fixtures/years: several agencies over two years, made from the seeds, for the cross-year rules.

Layout `Fixtures/years/<agency>/<year>.txt` (the folder names the agency, the file the year), plus
`Fixtures/years-manifest/` where a manifest.csv says who is who for flat file names, and `Fixtures/years-2019/`, an
agency's 2020 report in the 2019 format followed by its 2021 report in the 2021 format. Each derived report
is a seed with explicit edits; the script fails loudly when an edit's old text is not found exactly once
(or, for line edits, when the line does not hold what it should). Run from the repository root:

    python3 Fixtures/tools/make_year_fixtures.py
"""
import os
import shutil
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SEEDS = os.path.join(ROOT, "Fixtures", "seeds")
S001 = "001_1705811733659c39.txt"
S002 = "002_f90b525eb7280150.txt"
S003 = "003_f6478d7b7b0e6afc.txt"


def seed(name):
    with open(os.path.join(SEEDS, name), encoding="utf-8") as f:
        return f.read()


def replace_once(text, old, new, why):
    count = text.count(old)
    if count != 1:
        sys.exit(f"edit '{why}': expected the old text once, found it {count} times: {old!r}")
    return text.replace(old, new)


def set_line(text, number, expected, new, why):
    lines = text.split("\n")
    if lines[number - 1] != expected:
        sys.exit(f"edit '{why}': line {number} is {lines[number - 1]!r}, not {expected!r}")
    lines[number - 1] = new
    return "\n".join(lines)


def shift_years(text, pairs):
    """Replaces years in order (older first, so 2023→2022 does not meet a 2024→2023 result)."""
    for old, new in pairs:
        text = text.replace(old, new)
    return text


def yanzhou_2023():
    """济宁市兖州区卫生健康局 2023: two applications received, one handled, one carried over to 2024 —
    but the 2024 report (seed 001) says 上年结转 0: diff.carryover-mismatch (自然人 and 总计)."""
    text = shift_years(seed(S001), [("2024", "2023"), ("2025", "2024")])
    text = replace_once(text, "区卫生健康局2023年收到政府信息公开申请1件", "区卫生健康局2023年收到政府信息公开申请2件",
                        "two applications received")
    text = set_line(text, 90, "\t1", "\t2", "新收 自然人 2")
    text = set_line(text, 96, "\t1", "\t2", "新收 总计 2")
    text = set_line(text, 348, "\t0", "\t1", "结转下年 自然人 1")
    text = set_line(text, 354, "\t0", "\t1", "结转下年 总计 1")
    return text


def zhaoyuan_2022():
    """招远市卫生健康局 2022: two applications. The 2023 report (seed 002) says 相较 2022 年度依申请公开件增加 1 件,
    but it received one: diff.prior-year-claim."""
    text = shift_years(seed(S002), [("2022", "2021"), ("2023", "2022")])
    text = replace_once(text, "\n1 件，内容涉及计划生育相关政策信息", "\n2 件，内容涉及计划生育相关政策信息", "two applications received")
    text = replace_once(text, "一、本年新收政府信息公开申请数量\t\t1\t0\t0\t0\t0\t0\t1",
                        "一、本年新收政府信息公开申请数量\t\t2\t0\t0\t0\t0\t0\t2", "新收 2")
    text = replace_once(text, "(一) 予以公开\t1\t0\t0\t0\t0\t0\t1", "(一) 予以公开\t2\t0\t0\t0\t0\t0\t2", "予以公开 2")
    text = replace_once(text, "(七) 总计\t1\t0\t0\t0\t0\t0\t1", "(七) 总计\t2\t0\t0\t0\t0\t0\t2", "总计 2")
    return text


# 惠农区卫生健康局 2023: its own words (a clean pair with the 2024 seed: no cross-year finding).
HUINONG_2023_PROSE = {
    9: "2023 年，惠农区卫生健康局以群众关切为导向，围绕疫情防控转段、基层医疗服务能力提升等重点工作推进政务公开，公开内容更加全面、及时。",
    13: "全年依托区政府网站卫生健康专栏和“健康惠农”公众号，集中发布了家庭医生签约、老年人健康体检、儿童预防接种等便民信息，方便群众查询办理。",
    17: "2023年，惠农区卫生健康局未收到政府信息公开申请。",
    21: "建立信息发布台账，对拟公开信息逐条登记、逐级审签，全年未发生因信息发布不当引发的舆情事件。",
    25: "对系统内医疗机构的公示栏、电子屏开展两轮专项检查，督促更新收费标准、服务流程等内容，整改问题十余项。",
    29: "组织政务公开工作人员参加自治区、市级业务培训三次，提升了信息撰写和审核能力。",
    90: "对照上级要求，本年度政务公开工作仍有不足：部分医疗机构信息更新不够及时，政策解读形式较为单一，图解、视频类解读偏少。",
    92: "下一步，将建立医疗机构信息更新定期提醒制度，增加图解、短视频等解读形式，并把政务公开纳入年度考核。",
    96: "2023 年，惠农区卫生健康局未收到政府信息公开申请，未收取信息处理费。",
}


# 惠农区卫生健康局 2022: a third year, again in its own words (2022 → 2023 → 2024 is a clean chain).
HUINONG_2022_PROSE = {
    9: "2022 年，惠农区卫生健康局把政务公开作为转变作风、服务群众的重要抓手，重点做好疫情防控信息发布，做到权威信息第一时间公开。",
    13: "全年通过区政府网站、“健康惠农”公众号和社区公告栏发布核酸检测点位、疫苗接种安排等信息，及时回应群众关切，未出现信息发布滞后问题。",
    17: "2022年，惠农区卫生健康局未收到政府信息公开申请。",
    21: "修订信息公开保密审查办法，明确拟公开信息由科室负责人初审、分管领导复审、主要领导终审，确保公开内容准确无误。",
    25: "开展政务新媒体专项清理整顿，关停更新缓慢的账号两个，保留的七个公众号均落实专人管理，定期开展内容巡查。",
    29: "将政务公开工作纳入局机关年度目标考核，每季度通报各科室信息报送情况，督促各单位按时完成公开任务。",
    90: "回顾全年工作，政务公开仍存在主动公开的深度不够、部分栏目更新不及时、基层医疗机构公开意识不强等问题，需要在下一年度着力解决。",
    92: "下一步，将细化基层医疗机构公开清单，开展政务公开业务培训，并建立栏目更新月度检查制度，推动公开工作常态化。",
    96: "2022 年，惠农区卫生健康局未收到政府信息公开申请，未收取信息处理费。",
}


def with_paragraphs(text, prose, who):
    """The text with the paragraphs on the given lines replaced (each must be a paragraph: 20 characters or more)."""
    lines = text.split("\n")
    for number, paragraph in prose.items():
        if len(lines[number - 1]) < 20:
            sys.exit(f"{who}: line {number} is not a paragraph: {lines[number - 1]!r}")
        lines[number - 1] = paragraph
    return "\n".join(lines)


def huinong(year, prose, licensing, punishment):
    """Seed 003 moved to `year`, with the given paragraphs and 行政许可/行政处罚 figures."""
    text = with_paragraphs(shift_years(seed(S003), [("2024", str(year))]), prose, f"惠农区 {year}")
    text = replace_once(text, "行政许可\t418", f"行政许可\t{licensing}", "行政许可")
    text = replace_once(text, "行政处罚\t25", f"行政处罚\t{punishment}", "行政处罚")
    return text


# 惠农区卫生健康局 2020, in the 2019 format (国办公开办函〔2019〕60号), in its own words.
HUINONG_2020_PROSE = {
    9: "2020 年，惠农区卫生健康局在做好疫情防控工作的同时，坚持把政务公开贯穿卫生健康工作全过程，及时发布疫情防控、医疗救治等权威信息。",
    13: "全年通过区政府网站卫生健康专栏、微信公众号发布防控通告、就医指南和健康科普信息，方便群众及时了解防控要求。",
    17: "2020年，惠农区卫生健康局收到政府信息公开申请1件，年底尚在办理，结转至下一年度继续办理。",
    21: "落实信息发布审核制度，拟公开信息由科室初审、分管领导审签后发布，确保信息准确规范。",
    25: "整合系统内政务新媒体账号，明确专人负责日常更新和留言回复，提升平台服务能力。",
    29: "将政务公开工作纳入年度工作要点，明确责任科室和完成时限，定期检查落实情况。",
    92: "回顾 2020 年，政务公开工作仍存在公开内容不够细致、政策解读形式单一等问题。",
    94: "下一步，我局将细化公开目录，丰富政策解读形式，加强业务培训，不断提升政务公开工作质量。",
    98: "2020 年，惠农区卫生健康局收到政府信息公开申请1件，未收取信息处理费。",
}

# 惠农区卫生健康局 2021, the first year in the 2021 format, in its own words.
HUINONG_2021_PROSE = {
    9: "2021 年，惠农区卫生健康局按照新的年度报告格式要求，梳理主动公开事项，推进卫生健康领域基层政务公开标准化规范化。",
    13: "全年通过区政府网站、“健康惠农”公众号发布疫苗接种、家庭医生签约服务等便民信息，群众查询更加方便。",
    17: "2021年，惠农区卫生健康局未收到政府信息公开申请。",
    21: "修订完善信息公开保密审查制度，落实“先审查、后公开”和“一事一审”要求。",
    25: "对系统内政务新媒体开展季度检查，督促各账号及时更新内容、规范留言办理。",
    29: "组织政务公开工作人员参加业务培训两次，提高信息撰写与审核能力。",
    90: "对照上级要求，本年度政务公开工作仍有不足：基层医疗机构公开内容更新不够及时，解读材料偏少。",
    92: "下一步，将建立基层医疗机构公开内容定期检查制度，增加图解等解读形式，推动公开工作常态化。",
    96: "2021 年，惠农区卫生健康局未收到政府信息公开申请，未收取信息处理费。",
}


def huinong_2020():
    """惠农区卫生健康局 2020 in the 2019 format: one application received and carried over to 2021 — but the
    2021 report (the 2021 format) says 上年结转 0: diff.carryover-mismatch across the two formats."""
    with open(os.path.join(ROOT, "Fixtures", "synthetic", "huinong-2020-format2019.txt"), encoding="utf-8") as f:
        text = f.read()
    text = replace_once(text, "国办公开办函〔2021〕30号", "国办公开办函〔2019〕60号", "the 2019 format's notice")
    text = with_paragraphs(shift_years(text, [("2024", "2020")]), HUINONG_2020_PROSE, "惠农区 2020")
    text = set_line(text, 57, "一、本年新收政府信息公开申请数量\t\t0\t0\t0\t0\t0\t0\t0\t",
                    "一、本年新收政府信息公开申请数量\t\t1\t0\t0\t0\t0\t0\t1\t", "新收 1")
    text = set_line(text, 79, "四、结转下年度继续办理\t\t0\t0\t0\t0\t0\t0\t0\t",
                    "四、结转下年度继续办理\t\t1\t0\t0\t0\t0\t0\t1\t", "结转下年 1")
    return text


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    print("wrote", os.path.relpath(path, ROOT))


def main():
    years = os.path.join(ROOT, "Fixtures", "years")
    shutil.rmtree(years, ignore_errors=True)
    write(os.path.join(years, "济宁市兖州区卫生健康局", "2023.txt"), yanzhou_2023())
    write(os.path.join(years, "济宁市兖州区卫生健康局", "2024.txt"), seed(S001))
    write(os.path.join(years, "招远市卫生健康局", "2022.txt"), zhaoyuan_2022())
    write(os.path.join(years, "招远市卫生健康局", "2023.txt"), seed(S002))
    write(os.path.join(years, "惠农区卫生健康局", "2022.txt"), huinong(2022, HUINONG_2022_PROSE, 380, 22))
    write(os.path.join(years, "惠农区卫生健康局", "2023.txt"), huinong(2023, HUINONG_2023_PROSE, 400, 20))
    write(os.path.join(years, "惠农区卫生健康局", "2024.txt"), seed(S003))

    # Across the formats: a 2020 report in the 2019 format, then 2021 in the 2021 format.
    formats = os.path.join(ROOT, "Fixtures", "years-2019")
    shutil.rmtree(formats, ignore_errors=True)
    write(os.path.join(formats, "惠农区卫生健康局", "2020.txt"), huinong_2020())
    write(os.path.join(formats, "惠农区卫生健康局", "2021.txt"), huinong(2021, HUINONG_2021_PROSE, 350, 18))

    # Flat names, identified by a manifest: the same 兖州 pair, and a second copy of its 2024 report.
    flat = os.path.join(ROOT, "Fixtures", "years-manifest")
    shutil.rmtree(flat, ignore_errors=True)
    write(os.path.join(flat, "a.txt"), yanzhou_2023())
    write(os.path.join(flat, "b.txt"), seed(S001))
    write(os.path.join(flat, "c.txt"), seed(S001))
    write(os.path.join(flat, "manifest.csv"),
          "file,agency,year,agency_kind,region\n"
          "a.txt,济宁市兖州区卫生健康局,2023,department,济宁市\n"
          "b.txt,济宁市兖州区卫生健康局,2024,department,济宁市\n"
          "c.txt,济宁市济宁市兖州区卫生健康局,2024,department,济宁市\n")


if __name__ == "__main__":
    main()
