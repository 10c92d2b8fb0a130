use super::*;

fn done_verbs(text: &str) -> Vec<String> {
    let a = Analysis::of(text);
    a.events
        .iter()
        .filter(|e| e.done && e.group == VerbGroup::Substantive)
        .map(|e| text[e.start..e.end].to_owned())
        .collect()
}

#[test]
fn the_lexicon_parses() {
    let lex = Lexicon::get();
    assert!(lex.perfective.contains("已"));
    assert!(lex.org_heads.iter().any(|h| h == "局"));
}

#[test]
fn completed_actions_on_any_verb() {
    assert!(!done_verbs("已安排志愿者上门疏通了下水道").is_empty());
    assert!(!done_verbs("已在该路口增设黄闪警示灯一组并施划导向标线").is_empty());
    assert!(!done_verbs("已在大祥区邵阳火车南站找到市民孩子并安全送回家中").is_empty());
    assert!(!done_verbs("工作人员上门疏通了下水道").is_empty());
}

#[test]
fn promises_and_set_ups_are_not_done() {
    assert!(done_verbs("该问题正在处理中，待处理完毕后再行回复。").is_empty());
    assert!(done_verbs("已安排人员跟进处理").is_empty());
    assert!(done_verbs("我们将尽快修复").is_empty());
    assert!(done_verbs("问题尚未解决").is_empty());
    assert!(promises("我们将尽快修复"));
}

#[test]
fn ba_is_not_will() {
    assert!(!done_verbs("已将垃圾清运完毕").is_empty());
    // Further on in a clause told as done (已通过…将…).
    let t = "项目部已通过农民工工资专户将拖欠工资26元全部支付到位";
    assert!(
        done_verbs(t).iter().any(|v| v == "支付"),
        "{:?}",
        done_verbs(t)
    );
}

#[test]
fn mood_of_a_match() {
    let t = "该问题正在处理中，待处理完毕后再行回复。";
    let a = Analysis::of(t);
    let at = t.find("处理完毕").unwrap();
    assert_eq!(a.mood_at(at), Mood::Pending);
}

#[test]
fn units_are_organisation_nouns() {
    let t = "残疾人补贴发放属于邵阳市残疾人联合会职责范围，请改派邵阳市残疾人联合会。";
    let a = Analysis::of(t);
    let named: Vec<&str> = a
        .units
        .iter()
        .filter(|u| u.specific)
        .map(|u| &t[u.start..u.end])
        .collect();
    assert!(named.iter().any(|u| u.ends_with("联合会")), "{named:?}");
    let t = "不属我们负责，请转其他相关单位";
    let a = Analysis::of(t);
    assert!(a.units.iter().all(|u| !u.specific), "{:?}", a.units);
    let t = "此处不属于我公司责任范围";
    let a = Analysis::of(t);
    assert!(
        a.units.iter().all(|u| !u.specific || u.own),
        "{:?}",
        a.units
    );
}

#[test]
fn shadow_maps_back() {
    let t = "建议转市市场监督管理局办理";
    let a = Analysis::of(t);
    let (shadow, map) = a.shadow(t);
    let at = shadow.find(UNIT_MARK).expect("a unit");
    let back = unshadow(map, at);
    assert!(
        t[back..].starts_with("市") || t[back..].starts_with("市场"),
        "{shadow}"
    );
}

#[test]
fn a_step_still_to_be_taken_names_content() {
    let needed = |t: &str| {
        Analysis::of(t)
            .first_needed(t)
            .map(|(s, e)| t[s..e].to_owned())
    };
    assert!(needed("客户社保卡芯片损坏需重新制卡").is_some());
    assert!(needed("需待该机具下次清机对账，申请延期至4月3日").is_some());
    assert!(needed("需通过人民银行大额支付系统向收款行发起查询查复").is_some());
    assert_eq!(needed("该问题需进一步核实，申请延期10个工作日"), None);
    assert_eq!(needed("需要时间处理"), None);
    assert_eq!(needed("无需协调，尽快处理"), None);
    assert_eq!(needed("正在积极协调解决，延期15天。"), None);
}

#[test]
fn a_completion_before_hou_is_a_condition() {
    assert!(done_verbs("检修完成后将恢复正常使用").is_empty());
    assert!(!done_verbs("检修完成，已恢复正常使用").is_empty());
}

#[test]
fn a_length_of_time_is_no_step() {
    let t = "时间：约需7个工作日，申请延期至5月16日";
    assert_eq!(Analysis::of(t).first_needed(t), None);
}

fn told(text: &str) -> Option<String> {
    let a = Analysis::of(text);
    a.first_told().map(|e| text[e.start..e.end].to_owned())
}

fn acted(text: &str) -> Option<String> {
    let a = Analysis::of(text);
    a.first_acted().map(|e| text[e.start..e.end].to_owned())
}

#[test]
fn a_verb_used_as_a_noun_sets_up_nothing() {
    // 上述安排 is a noun: the telling after it happened.
    assert_eq!(
        told("产权科刘某某将上述安排电话告知反映人赵女士").as_deref(),
        Some("告知")
    );
    // A real set-up still does: 已安排人员跟进 is not done.
    assert!(done_verbs("已安排人员跟进处理").is_empty());
}

#[test]
fn negation_after_the_object_marker_is_inside_the_object() {
    assert_eq!(
        told("审批科同日已将不予贷款决定及原因电话告知申请人钱先生").as_deref(),
        Some("告知")
    );
    // Negated before the marker, the telling did not happen.
    assert_eq!(told("未将结果告知来电人"), None);
}

#[test]
fn handing_over_a_verbal_noun_is_the_object_marker() {
    assert!(!promises("工作人员通过微信将退款转给来电人"));
    // "Will" before a plain verb stays a promise.
    assert!(promises("我们将继续跟进"));
}

#[test]
fn negation_in_a_relative_clause_ends_at_its_de() {
    assert!(told("解释了超标电动自行车不能登记的规定，并告知其可向销售商退换").is_some());
    assert_eq!(told("没有告知来电人"), None);
}

#[test]
fn verbs_inside_an_object_are_no_actions() {
    // 受托 modifies 银行, 上网 modifies 登记系统: no result is reported.
    assert!(done_verbs("并与受托银行进行了沟通").is_empty());
    let a = Analysis::of("4月12日查看了上网登记系统和前台监控");
    assert!(a.first_reported().is_none(), "{:?}", a.events);
}

#[test]
fn closing_the_ticket_is_no_handling_step() {
    assert_eq!(acted("我中心于5月8日办结此件"), None);
    assert_eq!(acted("您反映的问题已收悉"), None);
    // Going to the site is the first step (5月8日|到|现场查看).
    assert_eq!(acted("5月8日到现场查看").as_deref(), Some("到"));
}

#[test]
fn function_words_glued_by_the_hmm_are_cut_again() {
    // jieba's HMM made 科于 and 科已 of an unknown unit name; cut again, the
    // unit is found and 流通/监管 are part of it, not actions.
    let a = Analysis::of("我局商贸流通科于9月5日到该商场了解停车收费情况");
    assert!(a.first_reported().is_none(), "{:?}", a.events);
    let a = Analysis::of("9月23日，物业监管科已与该小区物业负责人进行沟通");
    assert!(a.first_reported().is_none(), "{:?}", a.events);
}

#[test]
fn a_preposition_glued_to_a_level_is_not_the_units() {
    let text = "可在方案公示期内向区教委书面反馈";
    let a = Analysis::of(text);
    let names: Vec<&str> = a.units.iter().map(|u| &text[u.start..u.end]).collect();
    assert_eq!(names, ["区教委"]);
}

#[test]
fn what_a_unit_attends_to_is_no_action() {
    let a = Analysis::of("市级、县级各部门和江门镇均高度重视项目推进");
    assert!(a.first_reported().is_none(), "{:?}", a.events);
    // The next clause is read again.
    let a = Analysis::of("局领导高度重视，3月2日组织人员修复了路灯");
    assert!(a.first_reported().is_some(), "{:?}", a.events);
}

#[test]
fn a_relayed_claim_is_no_handling_step_but_an_answered_question_is() {
    assert_eq!(acted("县河长办于9月2日回复：您反映的问题已解决"), None);
    assert_eq!(
        acted("县社保中心4月3日电话答复来电人：每年认证一次，可通过掌上12333完成").as_deref(),
        Some("答复")
    );
    assert_eq!(
        acted("民警3月2日到现场查看，回复：已修好").as_deref(),
        Some("到")
    );
}

#[test]
fn a_cause_is_no_action() {
    let a = Analysis::of("因前期雨水较多进度滞后，我们会督促施工单位加快进度");
    assert!(a.first_reported().is_none(), "{:?}", a.events);
    // The clause after the cause is read again.
    let a = Analysis::of("因管道老化破裂，维修班于3月5日更换了管道");
    assert!(a.first_reported().is_some(), "{:?}", a.events);
}

#[test]
fn run_together_words_are_cut_apart() {
    // 后会 is a dictionary word (后会有期); here it is 后 + 会: a promise.
    let a = Analysis::of("物业表示装修验收后会退");
    assert!(a.first_reported().is_none(), "{:?}", a.events);
    // 我站 is the writer's own office, though jieba tags 站 a verb.
    let text = "我站将尽快组织人员对水厂进行检查";
    let a = Analysis::of(text);
    assert!(
        a.units
            .iter()
            .any(|u| u.own && &text[u.start..u.end] == "站"),
        "{:?}",
        a.units
    );
    assert!(a.first_reported().is_none(), "{:?}", a.events);
}

#[test]
fn a_dummy_verbs_perfective_completes_the_verb_it_carries() {
    // 安排 sets up what follows, but 进行了修剪 says it was done.
    let a = Analysis::of("我局于4月11日安排养护队对该树进行了修剪");
    assert!(a.first_done().is_some(), "{:?}", a.events);
    let a = Analysis::of("我局将安排养护队对该树进行修剪");
    assert!(a.first_done().is_none(), "{:?}", a.events);
}

#[test]
fn a_deferral_waits_on_the_act_it_names() {
    let t = "已通知楼上业主整改，待整改完成后再回复业主。";
    let a = Analysis::of(t);
    let end = t.find("，").unwrap();
    assert!(a.awaits(t, end), "整改 is awaited: {:?}", a.awaited);
    // A condition on money names no act (到位 completes), and what comes
    // after the deferral is not awaited by it.
    let t = "已安排征收二科跟进，待区财政资金到位后再回复市民。";
    let a = Analysis::of(t);
    assert!(!a.awaits(t, t.find("，").unwrap()));
    let t = "已督促环卫公司增加洒水次数，3月5日已电话告知来电人。";
    let a = Analysis::of(t);
    assert!(a.awaited.is_empty());
}

#[test]
fn a_vague_word_before_the_head_names_no_unit() {
    let specific = |t: &str| {
        let a = Analysis::of(t);
        a.units
            .iter()
            .filter(|u| u.specific)
            .map(|u| t[u.start..u.end].to_owned())
            .collect::<Vec<_>>()
    };
    assert!(specific("请向当地有关部门反映。").is_empty());
    assert_eq!(specific("请向当地派出所报案。"), vec!["当地派出所"]);
}

#[test]
fn what_a_consequence_verb_follows_is_its_cause() {
    // The broken valve is what was found, the consequence's cause: no act.
    let t = "3月22日上午到12栋天台查看，水箱浮球阀损坏导致溢水";
    let a = Analysis::of(t);
    assert!(
        a.events
            .iter()
            .all(|e| &t[e.start..e.end] != "损坏" && &t[e.start..e.end] != "导致"),
        "{:?}",
        a.events
    );
    // The act after it in another clause is still one.
    let t = "3月22日水箱浮球阀损坏导致溢水，维修工当日更换了浮球阀";
    assert!(
        done_verbs(t).iter().any(|v| v == "更换"),
        "{:?}",
        done_verbs(t)
    );
}

#[test]
fn the_object_of_dui_taken_up_by_a_dummy_verb_is_no_act() {
    // 泄漏 names the alarm checked, 检测 is what was done.
    let t = "3月28日下午到现场对燃气泄漏报警器进行检测";
    let a = Analysis::of(t);
    let words: Vec<&str> = a.events.iter().map(|e| &t[e.start..e.end]).collect();
    assert!(!words.contains(&"泄漏"), "{words:?}");
    // Without a dummy verb the verb after the object is the act itself.
    let t = "3月28日对破损井盖更换了新盖板";
    assert!(
        done_verbs(t).iter().any(|v| v == "更换"),
        "{:?}",
        done_verbs(t)
    );
}

#[test]
fn a_dotted_month_and_day_anchors_a_report() {
    // 9.12 is a date: what the team did after it is narrated as done.
    let a = Analysis::of("9.12 排水巡查一队到场，积水排除，电话告知市民。");
    assert!(a.first_reported().is_some(), "{:?}", a.events);
    assert!(dotted_date("9.12", None));
    assert!(!dotted_date("9.12", Some("元")));
    assert!(!dotted_date("13.5", None));
}

#[test]
fn what_follows_an_awaited_condition_is_not_done() {
    // 待…后，立即…: the action waits for the condition, whatever adverb
    // of immediacy it carries.
    assert!(done_verbs("待资金到位后，立即组织施工修复路面。").is_empty());
    assert!(done_verbs("待完成项目前期工作后，及时启动建设。").is_empty());
    // Marked done, it is done: the condition was met.
    assert_eq!(
        done_verbs("待雨停后，我所组织人员疏通了下水道。"),
        vec!["疏通"]
    );
    // Without a condition awaited, 立即 narrates what was done.
    assert!(!done_verbs("接到工单后，立即组织人员修复路面。").is_empty());
}

/// Whether the text leaves some action pending (promised or in progress).
fn promises(text: &str) -> bool {
    Analysis::of(text).first_pending().is_some()
}

/// The mood at the first occurrence of `word` in `text`.
fn mood_at_word(text: &str, word: &str) -> Mood {
    Analysis::of(text).mood_at(text.find(word).unwrap())
}

/// The mood of the event whose verb is `verb`, if the analysis made one.
fn event_mood(text: &str, verb: &str) -> Option<Mood> {
    Analysis::of(text)
        .events
        .iter()
        .find(|e| &text[e.start..e.end] == verb)
        .map(|e| e.mood)
}

fn reported_verbs(text: &str) -> Vec<String> {
    let a = Analysis::of(text);
    a.events
        .iter()
        .filter(|e| e.reported())
        .map(|e| text[e.start..e.end].to_owned())
        .collect()
}

#[test]
fn a_topic_names_the_matter_not_an_act() {
    // 施工 inside 关于…问题 is the matter written about.
    assert!(reported_verbs("关于您反映的项目夜间施工扰民问题，我局高度重视。").is_empty());
    // After the topic's head, the clause reports again.
    assert_eq!(
        reported_verbs("关于路灯问题，3月5日我所维修了路灯。"),
        vec!["维修"]
    );
}

#[test]
fn a_condition_adverb_makes_its_verb_a_condition() {
    // 一经查实: the finding is a condition, not a finding made.
    assert!(reported_verbs("执法人员一经查实将依法处理。").is_empty());
    assert!(done_verbs("执法人员一经查实将依法处理。").is_empty());
}

#[test]
fn a_passive_future_states_a_rule_not_a_promise() {
    // 将被处以罚款: what the rule does to offenders, no promise.
    assert!(!promises("违禁者将被处以罚款。"));
    assert!(promises("我局将依法处以罚款。"));
}

#[test]
fn the_citizen_as_subject_ends_a_carried_promise() {
    // 将 here marks the object (将核查结论…告知), and the citizen's answer
    // in the next clause is told, not promised.
    assert!(!promises(
        "8月21日，科室工作人员将核查结论电话告知来电人，来电人表示知晓。"
    ));
    // A promise still reaches over the commas of its sentence.
    assert!(promises("下一步将加大巡查力度，发现一起查处一起。"));
}

#[test]
fn a_branch_tagged_a_verb_after_a_name_is_a_unit() {
    let t = "3月15日下午，新城支行两名员工携带终端上门。";
    let a = Analysis::of(t);
    assert!(a.units.iter().any(|u| &t[u.start..u.end] == "新城支行"));
}

#[test]
fn a_word_of_promise_used_as_a_noun_promises_nothing() {
    // 计划 in a unit's name, before a noun.
    assert!(!promises(
        "市节约用水办公室计划用水科于3月14日调阅用水台账，收费无误。"
    ));
    // 计划 before a time still plans.
    assert!(promises("街道计划明年实施改造。"));
}

#[test]
fn reaching_the_citizen_sets_up_no_ones_work() {
    // 联系来电人 is no arrangement: what the unit did next is told plainly.
    let t = "6月3日，社区专干电话联系来电人，并于当日下午入户讲解政策。";
    let a = Analysis::of(t);
    let at = t.find("讲解").unwrap();
    assert_eq!(a.mood_at(at), Mood::Plain);
    // Arranging someone else's work still sets it up…
    let t = "6月3日，社区安排网格员，并上门讲解政策。";
    let a = Analysis::of(t);
    assert_eq!(a.mood_at(t.find("讲解").unwrap()), Mood::Directed);
    // …unless the clause after 并 is dated: then it tells what was done
    // that day, whoever did it.
    let t = "6月3日，社区安排网格员，并于当日下午入户讲解政策。";
    let a = Analysis::of(t);
    assert_ne!(a.mood_at(t.find("讲解").unwrap()), Mood::Directed);
}

#[test]
fn a_plan_denied_promises_nothing() {
    assert!(!promises("目前华侨城暂未有计划征收该村房屋。"));
    assert!(!promises("我局没有打算调整该路段限速。"));
    // A plan affirmed still promises.
    assert!(promises("我局计划于下月组织维修。"));
}

#[test]
fn jiang_before_a_verb_and_de_marks_the_object() {
    // 将散落的注射器 is what was handled, not "will scatter".
    assert!(!promises("卫健局当日派人到场，将散落的注射器收集处置。"));
    assert!(
        reported_verbs("卫健局当日派人到场，将散落的注射器收集处置。").contains(&"处置".to_owned())
    );
    // 现将您反映的问题答复如下: 将 before the citizen marks the object too.
    assert!(!promises(
        "现将您反映的问题答复如下：该路段已于3月2日修复。"
    ));
}

#[test]
fn what_was_asked_about_is_no_action() {
    // The object of 了解, up to its head 情况, names what was asked about.
    assert!(reported_verbs("律师详细了解其被克扣加班费及解除劳动合同情况。").is_empty());
    // Or up to the noun that ends its phrase; after 并 the clause acts again.
    assert!(
        reported_verbs("4月3日站长到现场查看了来电反映的停泊位置，并当场拖离了该船。")
            == vec!["拖离".to_owned()]
    );
    // Past a marker the clause goes on to act.
    assert!(reported_verbs("3月2日核查后已将该处破损问题修复完毕。").contains(&"修复".to_owned()));
}

#[test]
fn what_someone_said_is_no_act_reported() {
    // After 表示/称, a plain verb is what the shop owner said, not an act.
    assert!(reported_verbs("5月6日大队督促店主整改，店主表示配合。").is_empty());
    assert!(reported_verbs("5月6日大队督促店主整改，店主配合。").contains(&"配合".to_owned()));
    // 称会 (one dictionary word) is cut: what the property company said it
    // will do is a promise.
    assert!(promises("已联系小区物业，物业称会尽快更换线路。"));
    // 立即 in what was said promises; outside it, it narrates.
    assert!(promises("经约谈，商户表示立即整改。"));
    assert!(!promises("接报后立即组织整改。"));
    // What was said to be done is done.
    assert!(done_verbs("物业称已于当日修好").contains(&"修好".to_owned()));
}

#[test]
fn a_plan_told_as_history_promises_nothing() {
    let t = "原计划于9月底撤并的营业网点，经9月12日研究决定予以保留。";
    assert!(!promises(t));
    assert!(reported_verbs(t).contains(&"保留".to_owned()));
    // A plan of now still promises.
    assert!(promises("计划于9月底撤并该营业网点。"));
}

#[test]
fn a_station_after_a_noun_is_a_unit() {
    // jieba tags 站 a verb (stand); after a noun it ends a unit's name.
    let text = "北山供水站于5月3日处理完毕。";
    let a = Analysis::of(text);
    assert!(
        a.units
            .iter()
            .any(|u| u.specific && text[u.start..u.end].ends_with("供水站")),
        "{:?}",
        a.units
    );
    assert!(reported_verbs(text).iter().all(|v| v != "站"));
}

fn unit_names(text: &str) -> Vec<String> {
    let a = Analysis::of(text);
    a.units
        .iter()
        .map(|u| text[u.start..u.end].to_owned())
        .collect()
}

#[test]
fn after_a_bare_acknowledgement_immediacy_promises() {
    let t = "收到，马上安排人处理。";
    let a = Analysis::of(t);
    assert_eq!(a.mood_at(t.find("马上").unwrap()), Mood::Pending);
    // Narrated after a time, 马上 still reports.
    let t = "接报后，马上安排人员到场，已清理完毕。";
    assert!(!done_verbs(t).is_empty(), "{:?}", done_verbs(t));
}

#[test]
fn no_unit_inside_a_title_nor_at_the_particle_suo() {
    let t = "依据《普通高等学校学生管理规定》，请转市教育局。";
    let names = unit_names(t);
    assert!(names.iter().all(|n| !n.contains("学校")), "{names:?}");
    assert!(names.iter().any(|n| n.contains("教育局")), "{names:?}");
    assert!(unit_names("市民所反映问题此前已转办。").is_empty());
    assert!(!unit_names("城关所于3月5日到场。").is_empty());
}

#[test]
fn a_verb_inside_a_crews_name_is_no_act_and_an_adjective_starts_an_object() {
    let t = "5月9日排水所维修班到现场进行了查看。";
    let a = Analysis::of(t);
    assert!(a.inside_a_name(t.find("维修").unwrap() + "维修".len()));
    // 将 before an adjective and a noun marks the object (将合同复印件送到…).
    let t = "当日工作人员将合同复印件送到刘先生家中当面说明，刘先生认可。";
    let a = Analysis::of(t);
    assert_ne!(a.mood_at(t.find("送到").unwrap()), Mood::Pending);
    assert_ne!(a.mood_at(t.rfind("刘先生").unwrap()), Mood::Pending);
}

#[test]
fn giving_information_is_telling_not_work() {
    let t = "已电话告知来电人，并向其提供了价格咨询电话。";
    let a = Analysis::of(t);
    assert!(
        a.events
            .iter()
            .filter(|e| &t[e.start..e.end] == "提供")
            .all(|e| e.group == VerbGroup::Telling)
    );
    assert!(!done_verbs("已为其提供临时安置房。").is_empty());
}

#[test]
fn after_an_act_told_in_the_clause_jiang_marks_the_object() {
    let t = "我站工作人员到现场将死猫清理并做无害化处理。";
    assert!(!promises(t), "{t}");
    // With 后 between, what follows is what will be done.
    assert!(promises("工作人员到现场后将进行处理。"));
    assert!(promises("我局已安排人员将于下周维修。"));
}

#[test]
fn a_request_ends_a_carried_promise_and_zhong_marks_progress() {
    let t = "正在走流程，请耐心等待。";
    let a = Analysis::of(t);
    assert_ne!(a.mood_at(t.find("请").unwrap()), Mood::Pending);
    assert!(promises("站方整改跟进中。"));
    assert!(done_verbs("站方整改跟进中。").is_empty());
}

#[test]
fn a_dummy_verb_carries_a_promised_action_tagged_a_noun() {
    // jieba tags 立案查处 a noun and glues 采取有效 into one: the promise
    // is still read.
    assert!(promises("虎门大队将对该单位进行立案查处。"));
    assert!(promises("下一步将采取有效措施予以整治。"));
    // 将 before a plain noun stays the object marker.
    assert!(!promises("已将垃圾清运完毕。"));
    // A noun carried in plain narration is no reported act
    // (目前对永辉路实施常态化保洁 tells a routine, not a result).
    let t = "我单位目前对永辉路实施常态化保洁。";
    assert!(Analysis::of(t).first_reported().is_none(), "{t}");
}

#[test]
fn a_clause_told_as_history_or_supposed_is_no_current_state() {
    let t = "1月23日复检合格后恢复开放。期间曾因业主要求暂缓复检一天。";
    let a = Analysis::of(t);
    assert!(a.not_current(t, t.find("暂缓").unwrap()));
    // jieba glues 曾 to what follows (曾以): still history.
    let t = "押金原计划年底退还，曾以摊位设施待验收为由暂缓办理。";
    assert!(Analysis::of(t).not_current(t, t.find("暂缓").unwrap()));
    // Not across a clause break, and not without a retrospective word.
    let t = "此前已沟通，目前暂缓施工。";
    assert!(!Analysis::of(t).not_current(t, t.find("暂缓").unwrap()));
    // A supposition is no present state either (如遇危险请拨打110), but only
    // in its own clause.
    let t = "如遇危险请拨打110报警。";
    assert!(Analysis::of(t).not_current(t, t.find("110").unwrap()));
    let t = "如需帮助可来电，家中已起火。";
    assert!(!Analysis::of(t).not_current(t, t.find("起火").unwrap()));
}

#[test]
fn units_named_by_role_and_names_joined_by_he() {
    let a = Analysis::of("电梯维护保养应由维保单位负责。");
    let t = "电梯维护保养应由维保单位负责。";
    let u: Vec<_> = a
        .units
        .iter()
        .map(|u| (&t[u.start..u.end], u.role))
        .collect();
    assert!(u.contains(&("维保单位", true)), "{u:?}");
    let t = "请转市人力资源和社会保障局处理。";
    let a = Analysis::of(t);
    assert!(
        a.units
            .iter()
            .any(|u| t[u.start..u.end].ends_with("人力资源和社会保障局") && !u.role),
        "{:?}",
        a.units
    );
    // The named shadow leaves a role as text; the full one marks it.
    let t = "应由维保单位负责";
    let a = Analysis::of(t);
    assert!(a.shadow(t).0.contains(crate::text::UNIT_MARK));
    assert!(!a.shadow_named(t).0.contains(crate::text::UNIT_MARK));
}

#[test]
fn a_section_named_after_a_verb_is_a_unit() {
    // 所 after a verb ends a name (维护所), though before a verb it is the
    // particle (市民所反映); 股 after a noun or verb ends a section's name.
    let names = |t: &str| -> Vec<String> {
        Analysis::of(t)
            .units
            .iter()
            .map(|u| t[u.start..u.end].to_owned())
            .collect()
    };
    assert!(names("8月14日，市政维护所办结。").contains(&"市政维护所".to_owned()));
    assert!(names("市民所反映的问题已解决。").is_empty());
    assert!(
        names("县医保局医药服务管理股于4月14日答复。")
            .iter()
            .any(|n| n.ends_with("医药服务管理股"))
    );
}

#[test]
fn jinqi_reports_in_a_sentence_told_as_done() {
    // 近期 is both "lately" and "soon".
    assert!(!promises(
        "执法人员近期与公安部门联合前往河段进行了执法巡查。"
    ));
    assert!(promises("我局近期安排人员维修，请耐心等待。"));
}

#[test]
fn a_space_between_hanzi_ends_a_clause() {
    // Terse records part their clauses by spaces: the negation of the first
    // does not reach the telling in the next.
    let t = "未发现价格违法 当日电话回复来电人";
    let a = Analysis::of(t);
    assert_eq!(a.mood_at(t.find("回复").unwrap()), Mood::Plain, "{t}");
    // Without the space the negation would run on (the clause is one).
    assert_eq!(
        mood_at_word("未发现价格违法当日电话回复来电人", "回复"),
        Mood::Negated
    );
    // A space between Latin letters or digits parts nothing.
    assert_eq!(
        mood_at_word("未发现 92# 汽油价格违法", "汽油"),
        Mood::Negated
    );
}

#[test]
fn a_clause_of_purpose_carries_no_promise_over_its_comma() {
    let t = "但为尽快查清，我局于3月20日调取了结算单。";
    let a = Analysis::of(t);
    assert_ne!(a.mood_at(t.find("调取").unwrap()), Mood::Pending, "{t}");
    // A promise not in a clause of purpose still carries (将…，…).
    let t = "下一步将加大巡查力度，发现一起查处一起。";
    assert_eq!(
        Analysis::of(t).mood_at(t.find("查处").unwrap()),
        Mood::Pending,
        "{t}"
    );
}

#[test]
fn jiang_after_a_colon_is_will() {
    // 回复 before the colon is no act whose object 将 marks: what follows
    // the colon is what was told.
    let t = "现回复如下：公交公司将进行规范和清理。";
    let a = Analysis::of(t);
    assert!(!a.object_marker_at(t, t.find('将').unwrap()), "{t}");
    assert_eq!(a.mood_at(t.find("进行").unwrap()), Mood::Pending, "{t}");
}

#[test]
fn zan_glued_by_the_hmm_is_cut_again() {
    // jieba's HMM glues 中暂 in 城市规划中暂未规划; cut again, 暂未 negates.
    let t = "目前城市规划中暂未规划金泰路大桥。";
    let a = Analysis::of(t);
    assert_eq!(a.mood_at(t.rfind("规划").unwrap()), Mood::Negated, "{t}");
}

#[test]
fn a_verb_jieba_tags_a_noun_is_no_part_of_a_place() {
    // 联系 is tagged n; before 长沙市 it is the verb, not the place's modifier.
    let t = "请联系长沙市教育局。";
    let a = Analysis::of(t);
    assert!(
        a.places.iter().all(|&(s, _)| s >= t.find("长沙").unwrap()),
        "{t}"
    );
}

#[test]
fn a_continuer_carries_no_possibility_over_a_full_stop() {
    let t = "当日在系统中可正常查询。随后工作人员电话告知来电人。";
    let a = Analysis::of(t);
    assert_ne!(a.mood_at(t.find("告知").unwrap()), Mood::Irrealis, "{t}");
    let t = "现可正常查询。随后工作人员电话告知来电人。";
    assert_ne!(
        Analysis::of(t).mood_at(t.find("告知").unwrap()),
        Mood::Irrealis,
        "{t}"
    );
    // Inside a sentence it still does (请先补充材料，随后再来电).
    let t = "请先补充材料，随后再来电。";
    assert_eq!(
        Analysis::of(t).mood_at(t.find("来电").unwrap()),
        Mood::Irrealis,
        "{t}"
    );
}

#[test]
fn a_dated_clause_after_bing_is_no_directed_act() {
    let t = "当场要求店主建立台账，并于当日电话回复来电人。";
    let a = Analysis::of(t);
    assert_ne!(a.mood_at(t.find("回复").unwrap()), Mood::Directed, "{t}");
    // Undated, what follows 并 is still what was asked for.
    let t = "当场要求店主撤下过期商品，并建立进货台账。";
    assert_eq!(
        Analysis::of(t).mood_at(t.find("建立").unwrap()),
        Mood::Directed,
        "{t}"
    );
}

#[test]
fn hui_before_a_verb_of_effect_predicts() {
    let t = "随意停放车辆会影响其他车辆通行。";
    let a = Analysis::of(t);
    assert_ne!(a.mood_at(t.find("其他").unwrap()), Mood::Pending, "{t}");
    // Before any other verb 会 still promises (我局会加强巡查; jieba's
    // 局会 is cut apart, `split_words`).
    assert_eq!(mood_at_word("我局会加强巡查。", "巡查"), Mood::Pending);
    assert_eq!(mood_at_word("我们会加强巡查。", "巡查"), Mood::Pending);
}

#[test]
fn a_field_before_a_department_is_no_place_and_no_level() {
    // 市场 alone is no place name, and it starts with 市 without being the
    // city: 市场监管部门 is a department named by its field, a role.
    let t = "建议转市场监管部门。";
    let a = Analysis::of(t);
    assert!(a.places.is_empty(), "{:?}", a.places);
    assert!(
        a.units
            .iter()
            .any(|u| &t[u.start..u.end] == "市场监管部门" && u.role),
        "{:?}",
        a.units
    );
    // A level of government still names one (市监管部门 is the city's).
    assert!(is_admin_level("市", Lexicon::get()));
    assert!(is_admin_level("县级", Lexicon::get()));
    assert!(!is_admin_level("市场", Lexicon::get()));
    // Nor is an organisation's head that ends like a place (政府: 府).
    assert!(Analysis::of("你们政府都不管事。").places.is_empty());
    // A place with a name before its head is still a place.
    let t = "到南门菜市场查看。";
    assert!(!Analysis::of(t).places.is_empty());
}

#[test]
fn quoted_words_and_times_of_an_act_report_nothing() {
    // A quoted name of the matter (就“被合成照片敲诈”一事) holds no act.
    assert!(reported_verbs("7月2日民警就“被合成照片敲诈”一事与赵女士当面了解情况。").is_empty());
    // An unclosed quotation mark ends with its sentence.
    assert_eq!(
        reported_verbs("7月2日民警查看了“监控。当日民警拆除了路障。"),
        vec!["拆除"]
    );
    // A verb before 时 says when, not what was done.
    assert!(reported_verbs("3月5日已通知施工单位，夜间施工时尽量避免使用大型设备。").is_empty());
}

#[test]
fn anew_with_an_act_done_is_an_adverb() {
    // 另行 with an act told done in its sentence reports (另行指派…，重新
    // 检测了…) and is no act itself; alone it still promises.
    let t = "我站于7月7日另行指派工程师复核，重新检测了楼板挠度。";
    let a = Analysis::of(t);
    assert!(a.first_pending().is_none(), "{:?}", a.events);
    assert!(a.events.iter().all(|e| &t[e.start..e.end] != "另行"));
    assert!(promises("周末另行派人维修。"));
    // A word of promise as a verb's object is a noun (造计划).
    assert!(!promises("课本在开学前早就造计划订好了。"));
}

#[test]
fn jiang_before_a_noun_phrase_and_telling_marks_the_object() {
    // 将 + what is told + a verb of telling: the result is told, not promised.
    let t = "执法人员当日将检验及处理结果电话告知张女士。";
    assert!(!promises(t));
    assert_eq!(event_mood(t, "告知"), Some(Mood::Plain));
    // 将 before an adverb of promise still promises.
    assert_eq!(
        event_mood("我局将尽快将处理结果告知张女士。", "告知"),
        Some(Mood::Pending)
    );
}

#[test]
fn a_units_head_read_as_a_verb_and_a_directive_before_hou() {
    // 站 after 我 or before a noun is the station, no act (jieba tags it v).
    let t = "我站已收悉，站领导高度重视。";
    let a = Analysis::of(t);
    assert!(
        a.events.iter().all(|e| &t[e.start..e.end] != "站"),
        "{:?}",
        a.events
    );
    // A directive right before 后 only dates what follows: the answer to
    // the citizen is told plainly, not set up.
    assert_eq!(
        event_mood("工作人员查询开放安排后电话答复来电人。", "答复"),
        Some(Mood::Plain)
    );
    // Without 后 it still sets up what follows (已安排人员处理).
    assert_eq!(
        event_mood("已安排人员上门处理。", "处理"),
        Some(Mood::Directed)
    );
}

/// Whether the name `name` (its first occurrence) is only what a verb or
/// a preposition acted on.
fn object_only_at(text: &str, name: &str) -> bool {
    let a = Analysis::of(text);
    let end = text.find(name).expect("name in text") + name.len();
    a.object_only(text, end)
}

#[test]
fn a_name_a_verb_acted_on_is_no_one_who_acted() {
    // After a verb with 了 or a determiner between, and nothing of its own after.
    assert!(object_only_at(
        "5月6日上午查看了区政务服务中心一楼自助打印机",
        "区政务服务中心"
    ));
    assert!(object_only_at(
        "11月3日下午对该在押人员进行了体检",
        "在押人员"
    ));
    assert!(object_only_at(
        "电子证明已推送至工商银行城南支行。",
        "工商银行城南支行"
    ));
    // Whom a unit sent acts itself; a verb glued to a name may be part of it.
    assert!(!object_only_at("6月2日安排了网格员上门查看", "网格员"));
    assert!(!object_only_at("经县就业服务中心3月11日核查", "服务中心"));
    assert!(!object_only_at("11.26 执法二中队 劝离占道摊点", "二中队"));
    // 与 joins names as often as it names whom one dealt with.
    assert!(!object_only_at(
        "市海洋与渔业局执法支队于7月22日登船检查",
        "渔业局执法支队"
    ));
    // At a clause's start, the subject.
    assert!(!object_only_at(
        "3月5日，区城管局执法人员到现场",
        "区城管局"
    ));
}

#[test]
fn yu_jinqi_dates_an_act_and_a_marker_before_it_still_promises() {
    assert_ne!(event_mood("该店确于近期转让", "转让"), Some(Mood::Pending));
    assert_eq!(event_mood("该店已于近期停业", "停业"), Some(Mood::Done));
    assert_eq!(
        event_mood("我局将于近期开展检查", "检查"),
        Some(Mood::Pending)
    );
    // Without 于, 近期 with nothing done in its sentence still promises.
    assert_eq!(event_mood("我局近期组织检查", "组织"), Some(Mood::Pending));
}

#[test]
fn jiang_before_a_negated_relative_clause_marks_the_object() {
    assert_ne!(
        event_mood("当班教师将不睡觉的幼儿带离床位", "带离"),
        Some(Mood::Pending)
    );
    // 将不再 before a verb with no 的 after it still promises.
    assert_eq!(
        event_mood("我局将不再收取该项费用", "收取"),
        Some(Mood::Pending)
    );
}

#[test]
fn hui_inside_a_noun_is_no_will() {
    let text = "经园务会研究，押金调整为100元";
    let a = Analysis::of(text);
    assert!(a.inside_a_noun(text.find('会').unwrap()));
    // A name jieba guessed glues words: 会 there may still be "will".
    let text = "其马上会安排工作人员修剪";
    let a = Analysis::of(text);
    assert!(!a.inside_a_noun(text.find('会').unwrap()));
}
