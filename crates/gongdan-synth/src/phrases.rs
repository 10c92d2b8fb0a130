//! Defect phrasings: what a careless clerk writes. Written independently of
//! the rule files (the rules must recognise the meaning, not this wording),
//! and varied as different county clerks would write them.

/// GD401: return reasons without 理由 / 依据 / 建议承办单位.
pub const VAGUE_RETURNS: &[&str] = &[
    "此处不属于我公司责任范围",
    "不属我们负责，请转其他相关单位",
    "非我单位职责",
    "该问题不归我们管",
    "请核实后重新派单",
    "不属于我局职责范围，退回",
    "此事与我单位无关。",
    "非我司管辖",
    "派错单位了",
    "不是我们的事，请改派",
    "不属于本部门业务范围",
    "该路段不归我们管理",
    "超出我单位职能，退回重派",
    "请转相关部门办理",
    "不属于本单位管辖范围。",
    "我公司无此职责",
    "退回，非本单位事项",
    "该诉求不在我单位受理范围内",
    "经研究，不属于我单位职责",
    "此工单派错了，请重新派发",
    "请12345核实责任单位后再派",
    "{place}已移交，不属于我公司责任范围",
    "不归我们处理！",
    "与我中心无关，请退回",
];

/// GD404: extension reasons as thin as a vague return.
pub const VAGUE_EXTENSIONS: &[&str] = &[
    "情况复杂，申请延期",
    "正在处理中",
    "需要进一步核实",
    "工作量大，申请延期办理",
    "因客观原因，申请延期",
    "还没处理完，延期",
    "需协调",
    "时间不够",
    "申请延期。",
    "待研究",
    "正在积极协调中，申请延长办理时限",
    "因故延期",
    "特殊原因",
    "人手不足",
];

/// GD501: closings that only promise. Pieces, composed in order.
pub const PERFUNCTORY_OPENERS: &[&str] = &["尊敬的市民：您好！", "市民您好！", "您好，", "", ""];
pub const PERFUNCTORY_BODIES: &[&str] = &[
    "关于您反映的问题，{who}非常重视，我们正在积极处理此问题，还请您耐心等待。",
    "您反映的{short}问题已收悉，我们已安排相关人员跟进，将尽快处理。",
    "收到工单后，{who}高度重视，目前正在协调解决中，请耐心等待。",
    "您反映的情况我们已经知晓，正在积极处理，后续将持续跟进。",
    "此问题{who}已高度重视，将尽快研究解决。",
    "您反映的问题正在处理中，请您再耐心等待几天。",
    "{who}已关注此事，会尽快给您一个满意的答复。",
];
pub const PERFUNCTORY_CLOSERS: &[&str] = &[
    "感谢您对我们工作的理解与支持，祝您生活愉快！",
    "感谢您的来电。",
    "谢谢您的监督！",
    "",
];
/// Who 非常重视 in a perfunctory closing.
pub const PERFUNCTORY_WHO: &[&str] = &["街道", "我局", "我单位", "社区", "我公司", "领导"];

/// GD503: matters that cannot be solved, with no measure or deadline.
pub const NO_PLAN_UNRESOLVED: &[&str] = &[
    "因{obstacle}，该问题目前暂时无法解决",
    "受客观条件限制，暂不具备解决条件，敬请谅解",
    "该问题历史遗留，目前无法处理",
    "待条件成熟后再行解决",
    "因{obstacle}，现阶段无法解决",
];

/// GD403: a closing by a unit that says the matter is not its own.
pub const NOT_OURS_CLOSINGS: &[&str] = &[
    "{time}，{org}到{place}现场核实，该路段{asset}尚未移交我局，不属于我局管辖范围。已电话告知市民。",
    "经查，该事项属于{other}职责，非我单位管辖，{time}已电话建议市民向{other}反映。",
    "{org}于{time}核实，此问题不在我单位职责范围内，已告知来电人咨询相关部门。",
    "经{org}{time}核实，该小区{asset}未移交，不归我们管理，已电话告知来电人。",
    "{time}经核查，{place}{asset}产权不属于我单位，我单位无权处理，已与市民联系说明。",
];

/// GD504: callback notes that contradict a solved closing.
pub const CONTRADICTING_NOTES: &[&str] = &[
    "市民表示问题根本没有解决，{short}依旧存在",
    "回访时市民称工作人员从未到现场，问题仍未处理",
    "市民表示现场没有任何变化，对办理结果不满意",
    "来电人称办理结果不属实，问题还是老样子",
    "市民表示{month}月初就开始反映，现在仍没有任何整改",
];

/// GD505: generic five-element texts pasted onto many different appeals.
/// `{staff}` stays fixed per template; `{date}` and numbers vary (they are
/// masked before comparing).
pub const TEMPLATES: &[&str] = &[
    "我单位接到工单后高度重视，工作人员{staff}于{date}到现场进行了核实处理，问题已按相关规定处理到位，并已电话告知市民处理结果，市民表示认可。",
    "经我单位{staff}于{date}调查核实，已依据相关规定妥善处理，问题已解决，已联系市民反馈办理情况。",
    "收到交办件后，{staff}于{date}联系相关人员处理，目前已处理完毕，已与市民沟通，市民无异议。",
    "{date}，我单位{staff}对市民反映的问题进行了认真核查并处理，现问题已解决，已电话回访市民，市民满意。",
    "我单位于{date}安排{staff}跟进落实，经实地核查后已处理，结果已电话告知诉求人，诉求人表示理解。",
    "工作人员{staff}于{date}对该问题进行了现场处置，问题已得到解决，已电话联系市民，市民认可。",
];

/// GD301: non-accept reasons that fit no allowed category.
pub const INVALID_NONACCEPT: &[&str] = &[
    "",
    "其他",
    "市民态度恶劣",
    "问题太复杂",
    "暂不处理",
    "无法联系相关单位",
    "领导指示不予受理",
    "系统原因",
    "该诉求不合理",
    "话务员认为不需要转办",
];

/// GD302: replies that give neither an explanation nor a route.
pub const BARE_REPLIES: &[&str] = &[
    "",
    "不予受理。",
    "不予受理",
    "按规定不予受理",
    "已办结",
    "该诉求不予受理，特此回复。",
    "不受理",
];

/// GD303: repeat reasons that cite no earlier ticket.
pub const REPEAT_NO_REF: &[&str] = &[
    "重复诉求",
    "重复来电，不予受理",
    "同一问题已反映过，无新情况",
    "该问题此前已处理，属重复诉求",
    "重复件",
];
/// GD303: reasons citing an earlier ticket that is not in the export.
pub const REPEAT_BAD_REF: &[&str] = &[
    "重复诉求，已于工单{ref}办结，无新情况、新理由",
    "重复来电，见工单{ref}，无新理由",
];
pub const REPEAT_NO_REF_REPLIES: &[&str] = &[
    "已向市民说明该问题此前已办理答复，如对结果有异议可向承办单位申请复查。",
    "已告知来电人该事项已有办理结果，如有新情况可补充材料后重新反映。",
];

/// GD305: reasons and replies that refuse an emergency without transferring it.
pub const EMERGENCY_REASONS: &[&str] = &[
    "属于紧急警情",
    "紧急事项，不属于12345受理范围",
    "应拨打{num}",
    "突发事件，不予受理",
];
pub const EMERGENCY_REPLIES: &[&str] = &[
    "已告知来电人直接拨打{num}。",
    "请市民自行拨打{num}求助。",
    "该事项属于紧急事项，12345不予受理，建议拨打{num}。",
    "已向来电人说明此类情况应拨打{num}，由专业部门处置。",
];

/// GD702: values outside the allowed enumerations (typos, leaked codes).
pub const BAD_CHANNELS: &[&str] = &["电活", "微新", "网占", "9", "05"];
pub const BAD_APPEAL_TYPES: &[&str] = &["投述", "咨洵", "3", "求肋", "諮询类"];
pub const BAD_HANDLINGS: &[&str] = &["网络转半", "当即答付", "2", "不与受理"];

/// GD704: date-time values that do not parse.
pub const BAD_DATES: &[&str] = &[
    "2024-02-30 10:15:00",
    "2024-03-19 25:10:00",
    "2024-13-05 09:00:00",
    "3月19号上午",
    "#VALUE!",
    "2024/3/32 9:12",
];

/// GD204: call ids mangled (Excel scientific notation, spaces, truncation).
pub const BAD_CALL_ID_FORMS: &[&str] = &["sci", "space", "cn", "slash"];
