#!/usr/bin/env python3
"""Assemble tests/data/text-eval/texts.jsonl from the authors' files, the
collected real replies and the independent labellers' labels.

Usage: text_eval_assemble.py WORKDIR OUT.jsonl
       text_eval_assemble.py --add-round WORKDIR_N TEXTS.jsonl

The second form adds a later round of authors (and real replies, ids REAL2-…)
to an existing set: every earlier record becomes `tune` (its held-back part
was scored and then worked on), and every record of the new round is `held`.
Rounds 2 to 19 were added each from its own folder, in that order.

WORKDIR/authors/TAG.jsonl   texts with the author's own labels
WORKDIR/real/replies.jsonl  real public replies with their source addresses
WORKDIR/labels/*.jsonl      {"id", "head", "labels", "note"} from a labeller who
                            did not write the text; `head` (from round 7 on) is
                            the first characters of the text's `content`, and an
                            answer whose head does not match its text stops the
                            assembly (a labeller who writes its answers one id
                            off cannot pass unseen, as one did in round 6)

The final label of a text is its labeller's; the author's is kept beside it
and every disagreement is marked. The split is fixed: the bank (YH) and
street-office (JD) authors are held back whole, and of the rest every id whose
hash falls in the last 3 of 10 buckets.
"""
import hashlib
import json
import sys
from pathlib import Path

OFFICES = {
    "CG": "县城市管理和综合执法局 (Jiangxi)",
    "SD": "供水/供电公司 (Sichuan)",
    "YH": "商业银行支行 (Shandong)",
    "PCS": "派出所/交警 (Henan)",
    "YY": "县人民医院/卫健局 + 县12345热线 (Guangxi)",
    "JD": "街道办事处 + 区12345分中心 (Jiangsu)",
    "RX": "市12345热线中心 (Hebei)",
    "REAL": "real public replies",
    "RS": "县人社局/医保局 (Yunnan)",
    "GJ": "城市燃气公司/公交集团 (Fujian)",
    "HX": "省会城市12345热线 + 住建局 (Gansu)",
    "HL": "县12345热线 + 县教育局 (Heilongjiang)",
    "SJ": "区市场监督管理局 (Zhejiang)",
    "XZ": "镇人民政府 + 区12345分中心 (Hubei)",
    "GZ": "地级市12345热线 (Guangdong)",
    "HB": "市生态环境局及分局 (Shaanxi)",
    "WY": "区住建委物业管理科 + 街道 (Chongqing)",
    "NT": "县农业农村局 + 乡镇农业站 (Jilin)",
    "JT": "市交通运输局/出租汽车管理处/公路养护中心 (Inner Mongolia)",
    "ZY": "县自然资源和规划局 + 不动产登记中心 (Anhui)",
    "TJ": "区12345便民服务热线分中心 (Tianjin)",
    "DX": "市电信/移动分公司 + 通信管理办公室 (Guizhou)",
    "SW": "县税务局 + 税务分局/办税服务厅 (Shaanxi)",
    "WL": "市文化和旅游局/文化市场综合执法支队 + 景区管委会 (Shanxi)",
    "MZ": "县级市民政局 + 残联 (Guangdong)",
    "GJJ": "市住房公积金管理中心 + 区房产服务中心 (Liaoning)",
    "QH": "地级市12345热线 (Qinghai)",
    "FJ": "县12345热线 + 市邮政管理局/快递网点 (Fujian)",
    "SL": "县水利局/河长办/水库管理所/农村供水公司 (Hunan)",
    "YJ": "市应急管理局 + 消防救援支队防火监督科 (Hainan)",
    "BJ": "区12345接诉即办分中心 (Beijing)",
    "RL": "市热力公司 + 供热管理办公室 (Xinjiang)",
    "SH": "街道办事处/城运中心 + 区12345分中心 (Shanghai)",
    "TY": "县退役军人事务局 + 林业和草原局 (Ningxia)",
    "GA": "市公安局户政/出入境/车管所 (Hubei)",
    "CQ": "区12345热线分中心 (Chongqing)",
    "SWJ": "市商务局 (Gansu)",
    "ZF": "区住房保障和房产管理局 (Zhejiang)",
    "ZW": "市政务服务管理局 (Anhui) + 县12345分中心 (Jiangxi)",
    "SF": "区司法局/公共法律服务中心/公证处 (Sichuan)",
    "YL": "市园林绿化管理局 + 环境卫生管理处 (Henan)",
    "KF": "国家级经济技术开发区管委会 (Jiangsu)",
    "XF": "县12345热线（与县信访局合署）(Shandong)",
    "DZ": "地级市12345热线 + 乡镇人民政府/街道 (Yunnan)",
    "CZ": "县财政局 + 乡镇财政所/国库集中支付中心 (Hainan)",
    "ZX": "区房屋征收与补偿事务中心 + 城市更新局 (Hebei)",
    "SQ": "社区居民委员会 + 网格工作站 (Liaoning)",
    "PM": "物业服务企业 (Guangdong)",
    "HN": "省会城市12345政务服务便民热线 (Hainan)",
    "DT": "城市轨道交通集团/地铁运营分公司 + 市公交集团 (Hunan)",
    "GD": "县广电网络公司 + 县文化广电旅游体育局 (Shanxi)",
    "LD": "市人社局劳动保障监察支队 + 劳动人事争议仲裁院 (Zhejiang)",
    "JY": "区教育体育局 + 辖区中小学/幼儿园 (Guizhou)",
    "GZR": "地级市12345政务服务便民热线 (Jiangxi)",
    "SY": "市水务集团供水/排水公司 + 污水处理厂 + 节水办 (Shanxi)",
    "JC": "机场集团 + 港务集团客运码头 + 铁路客运站 (Shandong)",
    "WS": "市卫健委 + 急救中心(120) + 疾控中心 + 区属医院 (Jiangsu)",
    "NJ": "县发改局能源股/价格认证中心 + 充电桩运营企业 + 加油站 (Sichuan)",
    "WZR": "区12345政务服务便民热线分中心 (Zhejiang)",
    "JZ": "市住建局建筑市场科/质监站/扬尘办 + 工地项目部 (Guangxi)",
    "JR": "金融监管分局 + 保险公司市分公司 + 农村商业银行 (Hebei)",
    "YC": "市烟草专卖局 + 盐务局/盐业公司 + 粮食和物资储备局 (Henan)",
    "BZ": "市民族宗教事务局 + 县殡葬管理所 + 公墓/殡仪馆 (Guangxi)",
    "XAR": "市12345市民热线 (Shaanxi)",
    "GS": "高速公路管理处路政支队 + 高速运营公司收费站/服务区 (Anhui)",
    "HY": "市海洋与渔业局 + 海事处 + 港航管理中心 + 渔港管理站 (Zhejiang)",
    "YJG": "市药品监督管理局 + 定点零售药店 + 医疗器械经营企业 (Jilin)",
    "GH": "市总工会 + 市妇联 + 团市委12355 (Hunan)",
    "XFZ": "市消防救援支队/区消防救援大队 + 市应急管理局 (Ningxia)",
    "SLC": "县水利局 + 河长办 + 灌区管理所 + 农村供水站 (Xinjiang)",
    "TYH": "区退役军人事务局 + 区医疗保障局 + 退役军人服务站 (Hainan)",
    "LC": "市林业和草原局 + 自然保护区管理局 + 野生动物保护站 + 国有林场 (Yunnan)",
    "JNR": "市12345政务服务便民热线 (Shandong)",
    "CDR": "市12345政务服务便民热线 (Sichuan)",
    "RFB": "市人民防空办公室 + 人防工程使用管理单位/人防地下停车场 (Shandong)",
    "QXJ": "市气象局 + 防雷减灾中心 + 人工影响天气办 + 县气象站 (Xizang)",
    "TCG": "市停车管理中心 + 智慧停车运营公司 + 交警停车秩序大队 (Guangdong)",
    "ZMH": "市城市照明管理处 + 市政设施养护中心 + 排水管理所 (Heilongjiang)",
    "BTR": "市12345政务服务便民热线 (Inner Mongolia)",
    "GXZ": "市属高等职业技术学院 + 市教育考试院/招生办 (Hebei)",
    "TYC": "市体育局 + 体育中心场馆运营公司 + 全民健身中心 (Liaoning)",
    "DCZ": "市城管局共享单车管理办 + 公共自行车公司 + 共享单车/电单车企业 (Zhejiang)",
    "GXS": "县供销合作社 + 农资公司 + 再生资源回收站 + 为农服务中心 (Henan)",
    "XTR": "市12345政务服务便民热线 (Hunan)",
    "JPX": "市交通运输局驾培科 + 驾驶培训学校 (Shanxi)",
    "YLJ": "区民政局养老服务科 + 婚姻登记处 + 街道养老服务中心 + 民办养老院 (Chongqing)",
    "ZLG": "区住房租赁服务中心 + 住建局房屋租赁管理科 + 长租公寓企业 (Guangdong)",
    "DWS": "区动物卫生监督所 + 犬类管理 + 宠物诊所 (Tianjin)",
    "GYR": "市12345政务服务便民热线 (Guizhou)",
    "HWJ": "市环境卫生管理处 + 垃圾分类办 + 转运站/焚烧厂 (Fujian)",
    "CBJ": "区残疾人联合会 + 残疾人就业服务中心 + 康复中心 (Jiangsu)",
    "SWT": "市水文水资源勘测中心 + 水利局水资源科 (Gansu)",
    "JYZ": "县市场监管局计量所 + 加油站/成品油经营企业 (Hebei)",
    "LZR": "市12345政务服务便民热线 (Gansu)",
    "ZTB": "市城管局渣土管理办公室 + 建筑垃圾消纳场 + 渣土运输企业 (Hubei)",
    "WJS": "区卫生健康综合监督执法大队 + 公共场所 + 医疗美容机构 (Sichuan)",
    "NMS": "区农贸市场服务中心 + 市场开办方 + 街道市场监管所 (Jiangxi)",
    "DTJ": "区既有住宅加装电梯办公室 + 特种设备检验所 + 电梯维保公司 (Jiangsu)",
    "CCR": "市12345政务服务便民热线 (Jilin)",
    "GWG": "市图书馆 + 文化馆/群众艺术馆 + 博物馆 + 区文化站 (Zhejiang)",
    "NLG": "县交通运输局农村公路股 + 农村公路养护站 + 乡镇交通管理站 (Sichuan)",
    "DZF": "县自然资源局地质灾害防治股 + 矿产资源管理股 + 乡镇国土所 (Guizhou)",
    "CTJ": "市市政工程建设管理中心 + 城投集团 + 道路施工项目部 (Hunan)",
    "TYR": "市12345政务服务便民热线 (Shanxi)",
    "GGZ": "市公共资源交易中心 + 政府采购中心 + 招标代理机构 (Anhui)",
    "NJZ": "县农业农村局农村经营管理站 + 农村集体产权交易中心 + 乡镇农经站 (Hebei)",
    "KWB": "镇（街道）控制违法建设办公室 + 市城管局违建治理科 + 村(社区)查违队 (Guangdong)",
    "XZZ": "县教育体育局学生资助管理中心 + 校车服务管理办公室 + 营养改善计划办 (Yunnan)",
    "HFR": "市12345政务服务便民热线 (Anhui)",
    "ZSC": "市知识产权保护中心 + 市场监管局知识产权科 + 商标品牌指导站 (Guangdong)",
    "SPA": "区市场监管局食品安全科 + 网络订餐监管 + 外卖平台区域站 (Shanghai)",
    "HSH": "市红十字会 + 慈善总会 + 红十字应急救护培训中心 (Jiangsu)",
    "DAG": "市档案馆 + 不动产登记档案 + 婚姻登记档案 + 城建档案馆 (Hubei)",
    "WLR": "市12345政务服务便民热线 (Xinjiang)",
    "MDJ": "县（区）矛盾纠纷多元化解中心 + 人民调解委员会 + 司法所 (Guangxi)",
    "XCZ": "县乡村振兴局 + 驻村工作队 + 乡镇农业综合服务中心 (Gansu)",
    "JGJ": "市市场监管局价格监督检查科 + 收费管理 + 价格认定中心 (Hebei)",
    "QWB": "市外事办 + 侨务办 + 台湾事务办 (Fujian)",
    "LSR": "市12345政务服务便民热线 (Xizang)",
    "YCB": "区城管局市容环境卫生科 + 户外广告招牌管理所 + 夜市摊区管理办 (Guangxi)",
    "CPZ": "市福利彩票发行中心 + 体育彩票管理中心 + 彩票销售站点 (Hunan)",
    "GCX": "县公共法律服务中心 + 法律援助中心 + 12348法律服务热线 (Jiangxi)",
    "JKJ": "市卫健委疾病预防控制科 + 疾控中心 + 预防接种门诊 (Shandong)",
    "NNR": "市12345政务服务便民热线 (Guangxi)",
    "WXB": "市委网信办违法和不良信息举报中心 + 公安局网安支队 (Hubei)",
    "XPX": "区教育局校外培训监管科 + 双减办 + 校外培训机构 (Shaanxi)",
    "WXZ": "市住宅专项维修资金管理中心 + 房屋安全鉴定站 (Liaoning)",
    "HGJ": "隶属海关 + 出入境检验检疫 + 国际邮件/快件监管中心 (Guangdong)",
    "ZZR": "市12345政务服务便民热线 (Henan)",
    "RCB": "市人才发展服务中心/人才办 + 人才公寓运营公司 + 就业见习基地 (Jiangsu)",
    "KFS": "房地产开发企业客服中心 + 区住建局房地产市场监管科 + 预售资金监管 (Henan)",
    "NZD": "市农业综合行政执法支队 + 县农业执法大队 (Heilongjiang)",
    "XLS": "12356心理援助热线 + 市精神卫生中心 + 社区心理服务站 (Sichuan)",
    "YCR": "市12345政务服务便民热线 (Ningxia)",
    "XBW": "市消费者权益保护委员会 + 市场监管局12315投诉举报中心 (Liaoning)",
    "KYZ": "市道路运输事务中心 + 长途汽车客运站 + 客运企业 (Yunnan)",
    "WWJ": "市文物局 + 县文物保护管理所 + 市博物院 (Henan)",
    "YSB": "市优化营商环境办公室 + 企业服务中心 + 工业园区管委会 (Jiangsu)",
    "SHR": "市民服务热线12345 (Shanghai)",
    "LGS": "市公共就业和人才服务中心 + 零工市场 + 职业技能培训补贴窗口 (Shandong)",
    "SPJ": "区行政审批局 + 政务服务中心企业开办专区 + 许可窗口 (Sichuan)",
    "SQJ": "县司法局社区矫正管理局 + 司法所 + 看守所家属接待 (Henan)",
    "FXB": "市防汛抗旱指挥部办公室 + 水务局排水防涝科 + 区城市内涝应急队 (Hunan)",
    "SYR": "市12345政务服务便民热线 (Liaoning)",
    "WSZ": "县卫健局基层卫生股 + 乡镇卫生院 + 家庭医生签约团队 + 村卫生室 (Shaanxi)",
    "YFK": "区商务局单用途商业预付卡监管科 + 街道市场所 + 预付消费商户 (Beijing)",
    "DMB": "市民政局区划地名科 + 公安分局门牌管理 + 区地名办 (Hebei)",
    "NJJ": "县农业机械化服务中心 + 农机安全监理站 + 农机购置补贴办 (Heilongjiang)",
    "WHR": "市民服务热线12345 (Hubei)",
    "KJJ": "市科学技术局 + 科技企业孵化器 + 高新技术企业认定办公室 + 科技特派员工作站 (Shaanxi)",
    "LLB": "区卫健委老龄健康科/区老龄办 + 街道为老服务中心 + 高龄津贴与老年人优待证窗口 (Jiangxi)",
    "JSG": "市机关事务管理局 + 公务用车服务中心 + 机关办公区物业中心 + 机关幼儿园 (Guangdong)",
    "DWY": "市动物园 + 城市公园管理中心 + 公园游乐设施运营公司 (Sichuan)",
    "SZR": "市12345政务服务便民热线 (Jiangsu)",
    "TJJ": "市统计局 + 普查办公室 + 国家统计局调查队 + 乡镇统计站 (Henan)",
    "XYB": "市发改委社会信用体系建设科/信用办 + 信用修复窗口 + 公共信用信息平台 (Zhejiang)",
    "JCZ": "市公安局车管所 + 机动车安全技术检验站 + 市场监管局检验检测科 (Shandong)",
    "KSJ": "县应急管理局非煤矿山科 + 县自然资源局矿管股 + 煤矿/采石场企业 (Shanxi)",
    "XMR": "市12345政务服务便民热线 (Fujian)",
}
HELD_AUTHORS = {"YH", "JD"}
TEXT_FIELDS = ["content", "closing_text", "return_reason", "extension_reason", "nonaccept_reason", "reply"]


def split_of(rid: str, author: str) -> str:
    if author in HELD_AUTHORS:
        return "held"
    h = int(hashlib.sha256(rid.encode()).hexdigest(), 16) % 10
    return "held" if h >= 7 else "tune"


def squeeze(text: str) -> str:
    return "".join(text.split())


def check_head(rid: str, head: str, content: str) -> None:
    """A labeller's quote of the start of the appeal must be its start."""
    h, c = squeeze(head), squeeze(content)
    n = min(len(h), 6)
    if n == 0 or c[:n] != h[:n]:
        sys.exit(f"{rid}: the labeller's head {head!r} is not the start of its text {content[:20]!r}")


def main() -> None:
    if sys.argv[1] in ("--add-round", "--round2"):
        return add_round(Path(sys.argv[2]), Path(sys.argv[3]))
    work, out = Path(sys.argv[1]), Path(sys.argv[2])
    labelled = {}
    for f in sorted((work / "labels").glob("*.jsonl")):
        for line in f.read_text(encoding="utf-8").splitlines():
            if line.strip():
                r = json.loads(line)
                labelled[r["id"]] = r
    rows = []
    for f in sorted((work / "authors").glob("*.jsonl")):
        tag = f.stem
        for line in f.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            r = json.loads(line)
            rows.append((tag, r))
    real = work / "real" / "replies.jsonl"
    if real.exists():
        for line in real.read_text(encoding="utf-8").splitlines():
            if line.strip():
                r = json.loads(line)
                r["kind"] = "closing"
                if "reply" in r:  # rounds 1-9 named the reply `reply`
                    r["closing_text"] = r.pop("reply")
                r["labels"] = None
                rows.append(("REAL", r))
    seen = set()
    n_dis = 0
    with out.open("w", encoding="utf-8") as w:
        for tag, r in rows:
            if r["id"] in seen:
                continue
            seen.add(r["id"])
            lab = labelled.get(r["id"])
            if lab and lab.get("head") is not None:
                check_head(r["id"], lab["head"], r.get("content") or "")
            author_labels = sorted(r.get("labels") or []) if r.get("labels") is not None else None
            labeller_labels = sorted(lab["labels"]) if lab else None
            final = labeller_labels if labeller_labels is not None else author_labels
            if final is None:
                continue
            rec = {
                "id": r["id"],
                "author": tag,
                "office": OFFICES.get(tag, tag),
                "kind": r["kind"],
                "split": split_of(r["id"], tag),
                "unit": r.get("unit") or "",
            }
            for k in TEXT_FIELDS:
                if r.get(k):
                    rec[k] = r[k]
            if r.get("cited_ticket_in_export") is not None:
                rec["cited_ticket_in_export"] = r["cited_ticket_in_export"]
            if tag == "REAL":
                rec["source"] = r.get("source")
            rec["labels"] = final
            rec["author_labels"] = author_labels
            rec["labeller_labels"] = labeller_labels
            if author_labels is not None and labeller_labels is not None and author_labels != labeller_labels:
                rec["disagreement"] = True
                rec["labeller_note"] = lab.get("note", "")
                n_dis += 1
            w.write(json.dumps(rec, ensure_ascii=False) + "\n")
    print(f"{len(seen)} texts, {n_dis} disagreements", file=sys.stderr)


def add_round(work: Path, texts: Path) -> None:
    old = [json.loads(l) for l in texts.read_text(encoding="utf-8").splitlines() if l.strip()]
    for r in old:
        r["split"] = "tune"
    tmp = work / "_round2.jsonl"
    saved = sys.argv
    sys.argv = [saved[0], str(work), str(tmp)]
    global split_of
    split_of = lambda rid, author: "held"  # noqa: E731 (every new record is held back)
    main()
    sys.argv = saved
    new = [json.loads(l) for l in tmp.read_text(encoding="utf-8").splitlines() if l.strip()]
    tmp.unlink()
    for r in new:
        if r["author"] == "REAL":
            n = r["id"].split("-")[0][len("REAL"):] or "1"
            r["office"] = f"real public replies (round {n})"
    ids = {r["id"] for r in old}
    assert not any(r["id"] in ids for r in new), "ids of the new round clash"
    with texts.open("w", encoding="utf-8") as w:
        for r in old + new:
            w.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"{len(old)} earlier texts (now tune), {len(new)} new (held)", file=sys.stderr)


if __name__ == "__main__":
    main()
