#!/usr/bin/env python3
"""Writes the small corpus cases, one input phenomenon per folder.

Run from the repository root: `python3 corpus/make_cases.py` (needs openpyxl
for the XLSX cases). The demo month (`corpus/demo-month/`) comes from the
project's own generator instead; see its README. All data is synthetic.
"""
import json
import os
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))

HEADER = ["工单编号", "受理时间", "来源渠道", "来电号码", "诉求类型", "诉求内容", "办理方式", "承办单位", "工单状态", "办结时间", "办结内容", "回访结果"]
ROWS = [
    ["SY2403150001", "2024-03-15 09:12:33", "电话", "13812345678", "投诉", "大祥区宝庆路3号路灯不亮已一周", "网络转办", "邵阳市城市路灯管理所", "已办结", "2024-03-16 15:20:00",
     "3月16日上午，路灯所维修班组到宝庆路3号现场查看，更换损坏的镇流器，路灯已恢复照明。当天下午电话联系市民告知处理结果，市民表示满意。", "满意"],
    ["SY2403150002", "2024-03-15 10:05:00", "微信", "13987654321", "求助", "双清区某小区门口下水道堵塞，污水外溢", "网络转办", "邵阳市双清区人民政府", "已办结", "2024-03-17 11:00:00",
     "尊敬的市民：您好！关于您反映的问题，街道非常重视，我们正在积极处理此问题，还请您耐心等待。感谢您对我们工作的理解与支持，祝您生活愉快！", "不满意"],
    ["SY2403150003", "2024-03-15 11:40:00", "电话", "0739-5151228", "咨询", "咨询灵活就业人员社保缴费标准", "当即答复", "", "已办结", "2024-03-15 11:45:00",
     "已告知市民灵活就业人员可按当地上年度社平工资的60%至300%选择缴费基数。", "非常满意"],
    ["SY2403150004", "2024/3/16 8:30", "电话", "13700001111", "投诉", "北塔区某工地夜间施工噪音扰民", "网络转办", "邵阳市北塔区人民政府", "已办结", "2024/3/15 17:00",
     "3月15日执法人员到现场检查，责令施工单位停止夜间施工，已电话告知来电人，市民表示认可。", "满意"],
    ["SY2403150005", "20240316091500", "网站", "", "建议", "建议在城南公园增设健身器材", "网络转办", "邵阳市城市管理和综合执法局", "办理中", "", "", ""],
]


def write(case, name, data):
    path = os.path.join(HERE, case, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def csv_text(header, rows, sep=",", eol="\r\n"):
    def cell(v):
        v = str(v)
        if any(c in v for c in [sep, '"', "\n", "\r"]):
            return '"' + v.replace('"', '""') + '"'
        return v
    return eol.join(sep.join(cell(v) for v in r) for r in [header] + rows) + eol


def xlsx(case, name, sheets):
    import openpyxl
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets:
        ws = wb.create_sheet(title)
        for r in rows:
            ws.append(r)
    d = os.path.join(HERE, case)
    os.makedirs(d, exist_ok=True)
    wb.save(os.path.join(d, name))


def main():
    text = csv_text(HEADER, ROWS)
    write("gbk-encoded", "工单导出.csv", text.encode("gbk"))
    write("utf8-bom", "tickets.csv", b"\xef\xbb\xbf" + text.encode("utf-8"))
    alias_header = ["热线单号", "来电时间", "诉求渠道", "联系电话", "来电类型", "问题描述", "处理方式", "责任单位", "办理状态", "答复时间", "答复内容", "满意度"]
    write("header-aliases", "export.csv", csv_text(alias_header, ROWS).encode("utf-8"))
    write("tsv", "tickets.tsv", csv_text(HEADER, ROWS, sep="\t").encode("utf-8"))

    # XLSX with a title row, two table sheets (tickets and calls) and a notes sheet.
    import datetime as dt
    xrows = [list(r) for r in ROWS]
    xrows[0][1] = dt.datetime(2024, 3, 15, 9, 12, 33)  # a real date cell
    xrows[2][3] = 13812345678  # a phone stored as a number
    calls = [["话单编号", "主叫号码", "呼叫方向", "开始时间", "通话时长"],
             ["C20240315-0001", 13812345678, "呼入", dt.datetime(2024, 3, 15, 9, 10, 2), 151]]
    xlsx("xlsx-two-sheets", "三月导出.xlsx", [
        ("工单", [["邵阳市12345工单导出（2024年3月）"], HEADER] + xrows),
        ("话单", calls),
        ("说明", [["本文件由热线平台导出"], ["仅供核对"]]),
    ])

    objs = [dict(zip(HEADER, r)) for r in ROWS]
    write("json-array", "tickets.json", json.dumps(objs, ensure_ascii=False, indent=2).encode("utf-8"))
    write("json-wrapped", "api-dump.json", json.dumps({"code": 0, "data": {"records": objs}}, ensure_ascii=False).encode("utf-8"))
    lines = [json.dumps(o, ensure_ascii=False) for o in objs]
    lines.insert(2, '{"工单编号": "SY2403150099", "受理时间": ')  # a broken line
    write("json-lines", "tickets.jsonl", ("\n".join(lines) + "\n").encode("utf-8"))

    ragged = csv_text(HEADER, ROWS[:2]) + "SY2403150006,2024-03-16 09:00:00,电话\r\n" + \
        "SY2403150007,2024-03-16 09:30:00,电话,13812345670,投诉,噪音,网络转办,邵阳市公安局,办理中,,,,多出,两列\r\n"
    write("ragged-rows", "tickets.csv", ragged.encode("utf-8"))

    quoted = [r[:] for r in ROWS[:2]]
    quoted[0][5] = '市民反映："宝庆路3号"路灯不亮，\n已经一周了，请尽快处理'
    quoted[1][10] = '经核实，已疏通，\r\n已电话告知市民，市民说"满意"。'
    write("quoted-cells", "tickets.csv", csv_text(HEADER, quoted).encode("utf-8"))

    write("empty-file", "tickets.csv", b"")
    write("header-only", "tickets.csv", csv_text(HEADER, []).encode("gbk"))
    dup = HEADER + ["受理时间"]
    write("duplicate-headers", "tickets.csv", csv_text(dup, [r + ["2024-03-20 00:00:00"] for r in ROWS[:2]]).encode("utf-8"))

    # A real XLSX renamed to .csv, and a truncated XLSX.
    xlsx("binary-named-csv", "tmp.xlsx", [("Sheet1", [HEADER] + ROWS[:1])])
    os.replace(os.path.join(HERE, "binary-named-csv", "tmp.xlsx"), os.path.join(HERE, "binary-named-csv", "tickets.csv"))
    xlsx("broken-xlsx", "full.xlsx", [("Sheet1", [HEADER] + ROWS)])
    p = os.path.join(HERE, "broken-xlsx", "full.xlsx")
    data = open(p, "rb").read()
    os.remove(p)
    write("broken-xlsx", "tickets.xlsx", data[: len(data) // 2])

    write("invalid-json", "tickets.json", ('[\n  {"工单编号": "SY2403150001", "受理时间": "2024-03-15 09:12:33"},\n  {"工单编号": "SY2403150002" "受理时间": "2024-03-15 10:05:00"}\n]\n').encode("utf-8"))

    # Bad rule file and bad config: the run fails with exit 2, pointing at the key.
    write("bad-rule-file", "tickets.csv", text.encode("utf-8"))
    write("bad-rule-file", "gongdan.toml", b'extra-rules = ["local-rules"]\n')
    write("bad-rule-file", "local-rules/X001-short-content.toml", """code = "X001"
name = "short-content"
severity = "warning"
source = "county rule"
title = { zh = "诉求内容过短", en = "Appeal too short" }
message = { zh = "工单 {ticket} 的诉求内容过短", en = "Ticket {ticket}: appeal too short" }
help = { zh = "补充诉求内容", en = "Describe the appeal" }
rationale = { zh = "内容过短无法办理", en = "Too short to handle" }

[check]
kind = "length"
field = "content"
minimum = 10
""".encode("utf-8"))
    write("bad-config", "tickets.csv", text.encode("utf-8"))
    write("bad-config", "gongdan.toml", b'lang = "zh"\nselect = ["GD1", "GD7"]\n\n[severity]\nGD701 = "fatal"\n')

    # A county's own rule and aliases, working.
    write("county-config", "tickets.csv", csv_text(["单号"] + HEADER[1:], ROWS).encode("utf-8"))
    write("county-config", "gongdan.toml", """# 县级热线中心的配置示例
lang = "zh"
extra-rules = ["county-rules"]

[aliases.tickets]
ticket_id = ["单号"]

[severity]
GD602 = "warning"
""".encode("utf-8"))
    write("county-config", "county-rules/X001-short-content.toml", """code = "X001"
name = "short-content"
severity = "warning"
source = "本县热线运行管理办法"
title = { zh = "诉求内容过短", en = "Appeal too short" }
message = { zh = "工单 {ticket} 的「{column}」{detail}，无法看出诉求。", en = "Ticket {ticket}: “{column}” {detail}; the appeal is unclear." }
help = { zh = "写清地点、问题和诉求。", en = "State the place, the problem and the request." }
rationale = { zh = "诉求内容过短，承办单位无法办理。", en = "Too short for the unit to act on." }

[check]
kind = "length"
field = "content"
min = 15

[[examples]]
fires = true
row = { "工单编号" = "A1", "诉求内容" = "路灯坏了" }

[[examples]]
fires = false
row = { "工单编号" = "A2", "诉求内容" = "大祥区宝庆路3号路灯不亮已一周，请尽快修复" }
""".encode("utf-8"))

    # A folder that holds a table and a file that is no table.
    write("mixed-folder", "tickets.csv", text.encode("utf-8"))
    write("mixed-folder", "notes.csv", "姓名,备注\r\n张三,测试\r\n".encode("utf-8"))
    write("mixed-folder", "readme.txt", "这不是表格，只是说明文字。\n".encode("utf-8"))


if __name__ == "__main__":
    main()
