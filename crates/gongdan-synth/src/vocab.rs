//! Word lists for the generator: the units, counties and categories of the
//! seed bulletin (邵阳市 2024-03), places, problems, and the fragments that
//! appeals and closing reports are composed from. All names of people are
//! surnames with 女士/先生/某, never a real person.

/// A county-level division and a few of its places (roads, communities,
/// landmarks) for appeals. `urban` marks the city districts, whose tickets go
/// to city-level units or the district government.
pub struct County {
    pub name: &'static str,
    pub weight: u32,
    pub urban: bool,
    pub places: &'static [&'static str],
}

/// The counties of attachment 2 plus the city districts of attachment 1,
/// weighted roughly by their ticket volumes.
pub const COUNTIES: &[County] = &[
    County {
        name: "大祥区",
        weight: 24,
        urban: true,
        places: &[
            "人大路宝庆府邸",
            "星火路",
            "敏州西路",
            "红旗路菜市场",
            "城南公园东门",
            "邵阳学院后门李子园",
            "碧桂园南城首府",
            "湖口井路",
            "紫霞路",
            "新城大道",
            "翠园小区",
            "雨溪桥",
        ],
    },
    County {
        name: "双清区",
        weight: 19,
        urban: true,
        places: &[
            "宝庆中路",
            "东大路",
            "双清公园",
            "社会福利院",
            "龙须塘",
            "滑石桥",
            "兴隆步行街",
            "爱莲池",
            "桥头菜市场",
        ],
    },
    County {
        name: "北塔区",
        weight: 9,
        urban: true,
        places: &[
            "资江北路",
            "北塔路",
            "陈家桥",
            "江北广场",
            "状元洲",
            "新滩镇街道",
            "茶元头",
        ],
    },
    County {
        name: "经开区",
        weight: 2,
        urban: true,
        places: &["宝庆大道", "江北工业园", "金龙路", "雨溪路"],
    },
    County {
        name: "洞口县",
        weight: 8,
        urban: false,
        places: &[
            "佳和名都小区",
            "蔡锷小区",
            "文昌街道",
            "雪峰街道",
            "洞口大桥",
            "平溪江路",
            "高沙镇",
        ],
    },
    County {
        name: "新宁县",
        weight: 6,
        urban: false,
        places: &[
            "金石镇",
            "崀山镇",
            "夫夷广场",
            "扶夷江路",
            "一渡水镇",
            "回龙寺镇",
        ],
    },
    County {
        name: "绥宁县",
        weight: 3,
        urban: false,
        places: &["长铺子乡", "寨市镇", "东山侗族乡", "绥宁大道"],
    },
    County {
        name: "邵东市",
        weight: 5,
        urban: false,
        places: &[
            "昭阳大道",
            "两市塘街道",
            "红岭路",
            "宋家塘街道",
            "火厂坪镇",
            "邵东五金城",
        ],
    },
    County {
        name: "隆回县",
        weight: 5,
        urban: false,
        places: &["桃洪镇", "花门街道", "六都寨镇", "隆回大道", "魏源路"],
    },
    County {
        name: "邵阳县",
        weight: 4,
        urban: false,
        places: &["塘渡口镇", "白仓镇", "九公桥镇", "五峰铺镇", "宝庆大道南段"],
    },
    County {
        name: "武冈市",
        weight: 4,
        urban: false,
        places: &["迎春亭街道", "云山路", "水西门街道", "法相岩", "武冈古城"],
    },
    County {
        name: "新邵县",
        weight: 4,
        urban: false,
        places: &["酿溪镇", "大新路", "雀塘镇", "坪上镇", "新邵一中附近"],
    },
    County {
        name: "城步苗族自治县",
        weight: 1,
        urban: false,
        places: &["儒林镇", "南山镇", "西岩镇"],
    },
];

/// Name fragments appended to a place to make it concrete.
pub const PLACE_DETAILS: &[&str] = &[
    "",
    "",
    "附近",
    "路口",
    "{n}栋{m}单元",
    "旁边的巷子",
    "对面",
    "{n}号门面",
    "公交站旁",
    "小区门口",
    "菜市场旁",
];

/// The hotline itself: the unit for 当即答复 and 不予受理 tickets.
pub const HOTLINE: &str = "邵阳市12345政务服务便民热线";

/// A recurring kind of appeal: its category, appeal types, the units that
/// handle it, and the fragments its appeal and closing are written from.
pub struct Topic {
    pub category: &'static str,
    pub appeal_types: &'static [&'static str],
    /// Short name of the problem for replies: `路灯不亮`.
    pub short: &'static str,
    /// The asset a return reason says was handed over (`路灯`, `排水管网`).
    pub asset: &'static str,
    /// City-level units (attachment 1).
    pub city_units: &'static [&'static str],
    /// Bureau suffix for county-level units (`城市管理和综合执法局`), if any.
    pub county_bureau: Option<&'static str>,
    /// Enterprises (移动, 自来水…) handle it city-wide, never a county bureau.
    pub enterprise: bool,
    pub problems: &'static [&'static str],
    pub requests: &'static [&'static str],
    /// Handling steps, subject-less so they read after a unit or after 经.
    pub process: &'static [&'static str],
    /// Results that say the matter was solved.
    pub results: &'static [&'static str],
}

pub const TOPICS: &[Topic] = &[
    Topic {
        category: "城乡建设类",
        appeal_types: &["求助", "投诉"],
        short: "路灯不亮",
        asset: "路灯",
        city_units: &["邵阳市城市路灯管理所", "邵阳市城市管理和综合执法局"],
        county_bureau: Some("城市管理和综合执法局"),
        enterprise: false,
        problems: &[
            "路灯已经安装好了但一直没有通电，晚上一片漆黑",
            "有七八盏路灯晚上不亮，已经坏了半个多月",
            "路灯白天亮着晚上反而不亮，时好时坏",
            "一排路灯全部不亮，晚上老人小孩出门很不安全",
        ],
        requests: &[
            "希望责任单位尽快将路灯供电",
            "请相关部门尽快维修",
            "请尽快修好",
            "要求尽快恢复照明",
        ],
        process: &[
            "安排维修班组到{place}对路灯线路逐杆排查",
            "到现场查看，发现该段路灯控制箱空开跳闸、灯头损坏",
            "联系供电部门对{place}路灯供电线路进行检测",
        ],
        results: &[
            "已更换老化电缆接头，{place}路灯现已全部恢复正常照明",
            "已更换损坏灯头{k}个，照明恢复正常",
            "已更换光控开关，路灯恢复夜间正常开启",
            "已完成接电调试，整排路灯于当晚恢复亮灯",
        ],
    },
    Topic {
        category: "城乡建设类",
        appeal_types: &["投诉", "求助"],
        short: "井盖缺失",
        asset: "排水井盖",
        city_units: &["邵阳市城市管理和综合执法局", "邵阳市住房和城乡建设局"],
        county_bureau: Some("住房和城乡建设局"),
        enterprise: false,
        problems: &[
            "人行道上有一个下水道井盖缺失，只用几根树枝挡着",
            "井盖破损下陷，电动车经过时容易摔倒",
            "雨水井盖松动，车子压过去哐哐响，晚上吵得睡不着",
        ],
        requests: &[
            "担心有人掉下去，请尽快处理",
            "请相关部门尽快更换井盖",
            "希望尽快修好",
        ],
        process: &[
            "到{place}现场核查，设置临时警示围挡",
            "对{place}排水井盖进行现场勘查并组织抢修",
            "调派市政维修队到现场处置",
        ],
        results: &[
            "已更换新的球墨铸铁井盖并加固井座，安全隐患已消除",
            "破损井盖已于当日更换完毕，路面恢复通行",
            "已对松动井盖加装防震垫圈，异响问题已解决",
        ],
    },
    Topic {
        category: "环境保护类",
        appeal_types: &["投诉", "举报"],
        short: "污水乱排",
        asset: "排水管网",
        city_units: &["邵阳市生态环境局", "邵阳市城市管理和综合执法局"],
        county_bureau: Some("城市管理和综合执法局"),
        enterprise: false,
        problems: &[
            "每天下午都有污水排放到马路上的下水道，气味难闻、污水横流",
            "有一家洗车店把洗车污水直接排到路边雨水沟里",
            "化粪池满溢，污水流到小区道路上，臭气熏天",
        ],
        requests: &[
            "请相关部门彻底解决污水乱排问题",
            "要求依法查处",
            "希望尽快清理疏通",
        ],
        process: &[
            "到{place}现场排查污水来源，沿管网溯源",
            "对{place}排水管道进行疏通并对涉事商户开展执法检查",
            "会同社区对{place}化粪池和周边排水口逐一摸排",
        ],
        results: &[
            "已查明系一餐饮店私接排水管所致，责令其当场整改，现污水已不再外溢",
            "已对洗车店下达责令改正通知书，其已加装沉淀池，污水不再直排",
            "已对化粪池进行清掏，堵塞管道完成疏通清淤，路面污水已清理干净",
        ],
    },
    Topic {
        category: "环境保护类",
        appeal_types: &["投诉"],
        short: "噪音扰民",
        asset: "商业门面",
        city_units: &[
            "邵阳市公安局",
            "邵阳市城市管理和综合执法局",
            "邵阳市生态环境局",
        ],
        county_bureau: Some("公安局"),
        enterprise: false,
        problems: &[
            "一家KTV每天晚上唱到凌晨两三点，噪音很大",
            "工地晚上十点以后还在施工，打桩声音吵得没办法睡觉",
            "广场舞音响开得特别大声，每天晚上持续到十点多",
            "楼下烧烤店深夜喧哗，油烟和噪音都很严重",
        ],
        requests: &[
            "请相关部门管一管",
            "要求依法处理夜间噪音",
            "希望能还居民一个安静的环境",
        ],
        process: &[
            "于夜间到{place}现场检测噪音并对经营者进行约谈",
            "对{place}施工工地夜间施工许可情况进行核查",
            "联合辖区社区到{place}广场与活动组织者沟通",
            "联合辖区派出所到{place}开展夜间巡查",
        ],
        results: &[
            "经营者已调低音量并承诺22时后停止营业性演唱，现场复查噪音已达标",
            "该工地无夜间施工许可，已责令停止夜间施工，并依法立案处理",
            "已与广场舞组织者沟通，音响音量已调低，活动时间调整至21时前结束",
            "已责令烧烤店22时后不得室外经营并加装油烟净化设施，复查时已整改到位",
        ],
    },
    Topic {
        category: "城乡建设类",
        appeal_types: &["投诉", "求助"],
        short: "垃圾堆放",
        asset: "环卫设施",
        city_units: &["邵阳市城市管理和综合执法局"],
        county_bureau: Some("城市管理和综合执法局"),
        enterprise: false,
        problems: &[
            "平地上被堆放了大量的废品垃圾，引来了老鼠且散发刺鼻臭味",
            "垃圾桶已经满了好几天没人清运，垃圾堆到路上",
            "有人长期在空地上倾倒建筑垃圾，越堆越高",
        ],
        requests: &[
            "希望禁止在此地堆放垃圾",
            "请环卫部门尽快清运",
            "请相关部门清理并加强管理",
        ],
        process: &[
            "组织环卫作业人员到{place}对堆积垃圾进行清运",
            "安排清运车辆到{place}作业，并对周边商户开展宣传",
            "到{place}现场查看并调取周边监控查找倾倒人",
        ],
        results: &[
            "共清运垃圾约{k}车，现场已清理干净并设置了禁止堆放警示牌",
            "已恢复该点位每日两次清运，垃圾桶已增设至{k}个",
            "已对倾倒建筑垃圾的车主处以罚款并责令清理，现场已恢复原貌",
        ],
    },
    Topic {
        category: "人力资源与社会保障类",
        appeal_types: &["咨询", "求助", "投诉"],
        short: "社保参保",
        asset: "社保业务",
        city_units: &["邵阳市人力资源和社会保障局", "邵阳市医疗保障局"],
        county_bureau: Some("人力资源和社会保障局"),
        enterprise: false,
        problems: &[
            "查询到有一家劳务公司给自己参保了2021年的职工社保，自己从未在该公司上班",
            "单位连续五个月没有给员工缴纳社保",
            "养老保险转移接续办了两个月还没有到账",
            "灵活就业人员医保缴费后系统一直显示未缴费",
        ],
        requests: &[
            "请责任单位核实解决具体参保情况",
            "要求单位依法补缴",
            "希望尽快办理",
        ],
        process: &[
            "通过社保系统查询当事人的参保记录",
            "调取该单位近一年缴费明细并约谈单位负责人",
            "与转出地社保经办机构核对转移资金到账情况",
            "调取医保缴费系统的扣款和到账记录进行核对",
        ],
        results: &[
            "当事人存在两个有效账户，已将错误参保的月份作退费处理",
            "该单位已补缴拖欠的{k}个月社会保险费",
            "转移资金已到账，已为当事人完成养老保险关系合并",
            "系银行扣款信息未及时回传所致，已手工补录，缴费状态已恢复正常",
        ],
    },
    Topic {
        category: "人力资源与社会保障类",
        appeal_types: &["投诉", "求助"],
        short: "拖欠工资",
        asset: "劳动保障监察",
        city_units: &["邵阳市人力资源和社会保障局"],
        county_bureau: Some("人力资源和社会保障局"),
        enterprise: false,
        problems: &[
            "在一个工地做了三个月木工，包工头拖欠工资{k}万多元不给",
            "离职两个月了，公司一直拖着不结最后一个月工资",
            "饭店老板拖欠十几个服务员的工资",
        ],
        requests: &[
            "请劳动监察部门帮忙追讨",
            "要求尽快支付拖欠的工资",
            "希望政府出面协调",
        ],
        process: &[
            "派劳动保障监察大队对{place}项目部进行调查，约谈项目负责人和劳务班组长",
            "调取考勤表、工资表进行核对，并向用人单位下达限期改正指令书",
            "组织劳资双方到劳动保障监察大队协调",
        ],
        results: &[
            "项目部已通过农民工工资专户将拖欠工资{k}元全部支付到位",
            "用人单位已于限期内结清拖欠工资",
            "经协调双方达成一致，工资已当场结清",
        ],
    },
    Topic {
        category: "金融商贸财经类",
        appeal_types: &["投诉", "举报"],
        short: "消费维权",
        asset: "市场经营秩序",
        city_units: &["邵阳市市场监督管理局"],
        county_bureau: Some("市场监督管理局"),
        enterprise: false,
        problems: &[
            "在一家超市买到过期的牛奶，商家不肯退换",
            "在健身房办了年卡，现在健身房关门跑路了",
            "在理发店充值两千元，店老板换了以后不认之前的卡",
            "网上团购的套餐到店后商家说要加钱才能用",
        ],
        requests: &[
            "要求退款",
            "请市场监管部门依法处理",
            "希望维护消费者合法权益",
        ],
        process: &[
            "派执法人员到{place}涉事门店进行现场检查，调取购销凭证",
            "对涉事商家的经营资质和预付卡台账进行核查",
            "组织消费者与商家进行调解",
            "调取团购平台订单信息并约谈商家",
        ],
        results: &[
            "商家已向消费者退还货款并按规定赔偿，对其销售过期食品行为已立案调查",
            "健身房经营者已被约谈，剩余预付款{k}元已退还消费者",
            "双方达成调解协议，商家已退还剩余预付款{k}元",
            "商家已按原团购价格为消费者提供服务",
        ],
    },
    Topic {
        category: "金融商贸财经类",
        appeal_types: &["投诉"],
        short: "不开发票",
        asset: "税务征管",
        city_units: &["国家税务总局邵阳市税务局"],
        county_bureau: Some("税务局"),
        enterprise: false,
        problems: &[
            "在一家餐馆用餐后商家不愿意开具发票",
            "买家电时商家说开发票要加百分之六的税点",
            "装修公司收了装修款拒绝开发票",
        ],
        requests: &["要求相关部门依法处理", "希望督促商家开票", "请税务部门查处"],
        process: &[
            "派税务所人员到{place}涉事商户进行核查",
            "对涉事商户的开票情况和申报记录进行核实",
        ],
        results: &[
            "商户已为市民开具发票，发票号码{invoice}，并对其进行了税法宣传",
            "已责令商家按规定开具发票，不得另收税点，商家已开具",
            "装修公司已补开发票并向市民致歉",
        ],
    },
    Topic {
        category: "社会治安类",
        appeal_types: &["投诉", "建议"],
        short: "违章停车",
        asset: "停车秩序",
        city_units: &["邵阳市公安局交警支队"],
        county_bureau: Some("公安局交警大队"),
        enterprise: false,
        problems: &[
            "小区门口每天都有车辆乱停乱放，把消防通道堵死了",
            "人行道上停满了车，行人只能走机动车道",
            "有车辆长期占用公交站台停放",
        ],
        requests: &[
            "希望交警加强管理",
            "请相关部门整治乱停车",
            "要求清理占道车辆",
        ],
        process: &[
            "组织警力到{place}开展违停专项整治",
            "在{place}张贴违停告知单并对违停车辆拍照取证",
        ],
        results: &[
            "占道车辆已全部驶离，消防通道已恢复畅通",
            "现场查处违停车辆{k}台，并在该路段增设了禁停标志，已纳入日常巡查",
            "已对占用公交站台的车辆依法处罚，并增设隔离桩",
        ],
    },
    Topic {
        category: "社会治安类",
        appeal_types: &["求助", "投诉", "建议"],
        short: "治安巡逻",
        asset: "治安管理",
        city_units: &["邵阳市公安局"],
        county_bureau: Some("公安局"),
        enterprise: false,
        problems: &[
            "最近经常有人偷东西，这个月已经丢了三次电动车电瓶",
            "晚上经常有一群年轻人骑摩托车炸街",
            "路口经常有人聚集赌博",
        ],
        requests: &[
            "建议相关部门加强巡逻",
            "请公安机关依法处理",
            "希望加强治安管理",
        ],
        process: &[
            "安排辖区派出所民警到{place}走访调查并调取视频监控",
            "对{place}周边开展夜间巡逻和专项打击",
        ],
        results: &[
            "已抓获盗窃嫌疑人一名，追回电瓶{k}个，派出所已增加该区域巡逻频次",
            "查处改装摩托车{k}辆，炸街现象已明显减少",
            "已对聚赌人员依法处理，现场已无聚集赌博现象",
        ],
    },
    Topic {
        category: "公用事业类",
        appeal_types: &["求助", "投诉"],
        short: "停水",
        asset: "供水管网",
        city_units: &["邵阳市自来水公司"],
        county_bureau: None,
        enterprise: true,
        problems: &[
            "从昨天晚上开始停水，没有任何通知",
            "自来水水压很低，五楼以上基本没水",
            "自来水发黄有异味，不敢喝",
        ],
        requests: &["请尽快恢复供水", "希望自来水公司尽快处理", "请检测水质"],
        process: &[
            "组织抢修班组到{place}排查，发现主管道爆管",
            "对{place}供水管网进行压力检测",
            "安排水质检测中心到{place}取样检测并冲洗管网",
        ],
        results: &[
            "已连夜完成爆管抢修，{place}于次日凌晨恢复供水",
            "已调整加压泵站运行参数，高层用户水压已恢复正常",
            "冲洗管网后复检水质各项指标合格，已恢复正常使用",
        ],
    },
    Topic {
        category: "公用事业类",
        appeal_types: &["求助", "投诉"],
        short: "燃气故障",
        asset: "燃气管道",
        city_units: &["邵阳市燃气公司"],
        county_bureau: None,
        enterprise: true,
        problems: &[
            "燃气表预付费充值后一直不到账，家里没法做饭",
            "燃气公司上门安检收取了不明费用",
            "申请燃气开户两周了还没有人来安装",
        ],
        requests: &["请尽快处理", "要求退还费用", "希望尽快上门安装"],
        process: &[
            "核查充值记录并派维修人员上门",
            "安排营业所到{place}核实收费情况",
            "安排安装班组上门勘查",
        ],
        results: &[
            "系IC卡写卡失败所致，已补写气量，市民已恢复用气",
            "所收费用为更换自闭阀的材料费，已向市民出示收费依据，市民同意",
            "已上门完成安装通气",
        ],
    },
    Topic {
        category: "通信类",
        appeal_types: &["投诉"],
        short: "信号差",
        asset: "通信基站",
        city_units: &[
            "湖南移动通信有限责任公司邵阳分公司",
            "中国电信股份有限公司邵阳分公司",
            "中国联合网络通信有限公司邵阳市分公司",
        ],
        county_bureau: None,
        enterprise: true,
        problems: &[
            "家里手机信号很差，打电话经常断线，5G信号时有时无",
            "宽带已经断网三天了，报修一直没人来",
            "手机套餐被莫名其妙增加了增值业务，每月多扣二十多元",
        ],
        requests: &["要求尽快解决", "要求退还多扣的费用", "请运营商尽快上门维修"],
        process: &[
            "安排网络优化工程师到{place}进行信号测试",
            "安排装维人员上门检测线路",
            "核查用户业务订购记录",
        ],
        results: &[
            "已调整附近基站天线方位角，室内信号强度明显改善",
            "系光缆被施工挖断，已熔接修复，宽带恢复正常",
            "已退订该增值业务并退还费用{k}元",
        ],
    },
    Topic {
        category: "交通运输类",
        appeal_types: &["投诉", "建议"],
        short: "公交服务",
        asset: "公交线路",
        city_units: &["邵阳市城市公共客运管理办公室", "邵阳市交通运输局"],
        county_bureau: Some("交通运输局"),
        enterprise: false,
        problems: &[
            "{k}路公交车经常不按站停靠，司机态度恶劣",
            "出租车司机拒载，还绕路多收费",
            "早高峰公交车间隔太长，等了四十分钟",
        ],
        requests: &["要求处理司机", "建议增加班次", "请运管部门查处"],
        process: &[
            "调取车载视频核查",
            "约谈涉事出租车公司和驾驶员",
            "核查该线路早高峰发车记录",
        ],
        results: &[
            "视频显示该驾驶员确有甩站行为，公司已对其停岗培训并扣罚绩效",
            "已对拒载的出租车驾驶员依法处罚，并退还多收车费",
            "已将早高峰发车间隔由15分钟调整为8分钟",
        ],
    },
    Topic {
        category: "教育文体类",
        appeal_types: &["咨询", "投诉", "求助"],
        short: "学校收费",
        asset: "教育收费",
        city_units: &["邵阳市教育局"],
        county_bureau: Some("教育局"),
        enterprise: false,
        problems: &[
            "孩子所在学校强制要求购买指定的教辅资料",
            "幼儿园收取的伙食费明显偏高，伙食质量差",
            "孩子转学手续办了一个月还没办下来",
        ],
        requests: &["请教育部门核查", "要求退还费用", "希望尽快办理"],
        process: &[
            "派督导组到{place}涉事学校调查",
            "核查该园收费公示和伙食账目",
            "联系转出和转入学校核查学籍流转情况",
        ],
        results: &[
            "学校已停止统一征订教辅，已收取的费用全部退还",
            "已责令该园按规定核算伙食费并公示，多收部分已退还家长",
            "已为学生完成学籍转接，孩子已正常入学",
        ],
    },
    Topic {
        category: "住房保障类",
        appeal_types: &["投诉", "求助"],
        short: "物业服务",
        asset: "小区公共设施",
        city_units: &["邵阳市住房和城乡建设局"],
        county_bureau: Some("住房和城乡建设局"),
        enterprise: false,
        problems: &[
            "小区电梯经常坏，上个月困人两次，物业不管",
            "物业擅自提高停车费，没有公示",
            "开发商交房三年了还没有办理不动产证",
        ],
        requests: &[
            "请住建部门督促物业整改",
            "要求恢复原收费标准",
            "希望尽快办证",
        ],
        process: &[
            "约谈物业服务企业负责人并到{place}现场核查电梯",
            "约谈物业服务企业并核查收费备案",
            "组织开发商与业主代表座谈",
        ],
        results: &[
            "物业已更换电梯主板和钢丝绳，并经特检院检验合格",
            "物业已撤销涨价通知，恢复原收费标准",
            "开发商已完成首批{k}户的不动产证办理",
        ],
    },
    Topic {
        category: "卫生健康类",
        appeal_types: &["投诉", "建议"],
        short: "医院服务",
        asset: "医疗服务",
        city_units: &[
            "邵阳市中心医院",
            "邵阳市卫生健康委员会",
            "邵阳学院附属第一医院",
        ],
        county_bureau: Some("卫生健康局"),
        enterprise: false,
        problems: &[
            "在医院门诊排队两个小时，挂号窗口只开一个",
            "住院期间被收取了没有使用的检查费",
            "医生看病态度生硬，不解释病情",
        ],
        requests: &["要求退还费用", "建议增加窗口", "希望医院改进服务"],
        process: &[
            "对门诊挂号窗口运行情况进行核查",
            "调取患者住院收费明细核查",
            "调取诊疗记录并约谈当事医生",
        ],
        results: &[
            "已增开两个挂号窗口和自助挂号机，并增派导诊人员",
            "确系收费系统重复计费，已将多收的{k}元退还患者",
            "已对当事医生进行批评教育，并向患者当面致歉",
        ],
    },
];

/// Appeal types for 当即答复 consultations, with the question and the answer.
pub const CONSULTATIONS: &[(&str, &str, &str)] = &[
    (
        "人力资源与社会保障类",
        "社保卡丢失后如何补办",
        "可携带本人身份证到任一社保卡服务网点或合作银行网点办理挂失补办，也可通过“湘税社保”小程序申请邮寄",
    ),
    (
        "社会服务类",
        "办理居住证需要哪些材料",
        "需携带身份证、居住地住址证明（租房合同或房产证明）到居住地派出所户籍窗口申领，满半年可办理",
    ),
    (
        "人力资源与社会保障类",
        "灵活就业人员如何缴纳养老保险",
        "可通过“湘税社保”小程序或到户籍所在地社保经办窗口办理灵活就业人员参保登记，按年度选择缴费档次",
    ),
    (
        "住房保障类",
        "公积金提取的条件和办理流程",
        "购房、租房、退休等情形可申请提取，可通过邵阳住房公积金网上服务大厅或携带身份证到公积金管理中心窗口办理",
    ),
    (
        "交通运输类",
        "驾驶证到期换证在哪里办理",
        "可通过“交管12123”APP在线申请，或携带身份证、体检证明到车管所或交警大队车驾管窗口办理",
    ),
    (
        "教育文体类",
        "小学新生入学报名时间",
        "具体时间以教育局发布的招生公告为准，一般在每年6月至7月，可关注教育局官网或学校公众号",
    ),
    (
        "金融商贸财经类",
        "个体工商户如何办理营业执照",
        "可登录湖南省企业登记全程电子化业务系统在线办理，或携带身份证、经营场所证明到政务服务中心市场监管窗口办理",
    ),
    (
        "卫生健康类",
        "新生儿出生医学证明如何办理",
        "在分娩医院产科或医院指定窗口凭父母身份证办理，首次签发免费",
    ),
    (
        "社会服务类",
        "最低生活保障如何申请",
        "可向户籍所在地乡镇人民政府（街道办事处）提出书面申请，由社区协助收集家庭收入等材料后审核",
    ),
    (
        "公用事业类",
        "自来水过户需要什么手续",
        "需携带房产证明、新户主身份证到自来水公司营业厅办理，也可通过自来水公司微信公众号预约",
    ),
    (
        "城乡建设类",
        "老旧小区改造如何申报",
        "由小区业主委员会或社区统一征求居民意愿后向街道提出申请，列入年度改造计划后实施",
    ),
    (
        "人力资源与社会保障类",
        "失业保险金申领条件",
        "非因本人意愿中断就业、已参保缴费满一年并已办理失业登记的，可通过“湘就业”或到人社窗口申领",
    ),
];

/// Who answered a 当即答复 ticket, and from what.
pub const ANSWER_SOURCES: &[&str] = &[
    "知识库",
    "政策文件",
    "相关单位提供的答复口径",
    "热线知识库及部门公开信息",
];

/// Surnames for 王女士 / 李先生 and 张某 / 刘某某.
pub const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "徐", "孙", "胡", "朱", "高", "林",
    "何", "郭", "马", "罗", "梁", "宋", "郑", "谢", "唐", "邓", "曾", "彭", "蒋", "隆", "申", "罗",
    "贺", "欧阳", "肖", "龚", "鄢", "禤", "佘", "冼", "亓",
];

/// Handling staff, subject to a unit: `执法队员{name}`.
pub const STAFF: &[&str] = &[
    "工作人员{name}",
    "执法队员{name}、{name2}",
    "社区网格员{name}",
    "值班负责人{name}",
    "经办人{name}",
    "{name}等两名工作人员",
];

/// Openers of an appeal.
pub const APPEAL_OPENERS: &[&str] = &[
    "市民来电反映：",
    "来电人反映，",
    "市民反映：",
    "{name}来电反映，",
    "市民通过{channel}反映：",
    "来电人称：",
    "來電人反映：",
    "",
];

/// Extra, element-free sentences at the end of a closing (the part a GD101
/// injection garbles when the five elements must stay readable).
pub const CLOSING_EXTRAS: &[&str] = &[
    "后续如有疑问，欢迎拨打服务电话{landline}咨询。",
    "我单位将加强日常巡查，防止问题反弹。",
    "感谢您对我们工作的理解与支持！",
    "下一步将举一反三，对辖区同类问题开展排查。",
    "今后将进一步加强监管，切实维护群众合法权益。",
    "如再发现类似情况，可随时向我单位反映。",
];

/// 联系服务对象情况 fragments: the unit told the citizen.
pub const CONTACTS: &[&str] = &[
    "已电话联系市民告知处理结果，市民表示认可",
    "工作人员已回电来电人说明办理情况，来电人表示满意",
    "已与市民当面沟通，市民对处理结果无异议",
    "已电话回复{caller}，{caller}表示感谢",
    "办理完毕后已致电市民反馈办理情况，市民表示认可",
    "已将办理结果告知市民，市民表示理解",
];

/// Obstacles that keep a matter from being solved at once.
pub const OBSTACLES: &[&str] = &[
    "涉及整体改造，需要纳入年度计划统筹实施",
    "改造资金需经财政评审后才能下达",
    "涉及多家产权单位，需协调一致后施工",
    "近期持续降雨，暂不具备施工条件",
    "需先完成相关审批手续，方可实施",
];

/// Measures + deadline for matters that cannot be solved at once (GD503 clean).
pub const PLANS: &[&str] = &[
    "已将该问题列入2024年度维修计划，预计{date}前完成施工，届时将告知市民",
    "已制定整改方案，先行设置临时设施保障通行，正式施工预计{date}前完成",
    "已向上级申报专项资金，资金到位后立即实施，承诺于{date}前办结并回复市民",
    "已明确专人跟踪，每周向市民通报进度，计划{date}前解决到位",
];

/// Document numbers cited as 依据 in valid return reasons. Synthetic.
pub const DOCS: &[&str] = &[
    "邵市政办发〔2023〕11号",
    "邵市政办函〔2022〕47号",
    "邵市城管发〔2021〕9号",
    "邵市住建发〔2022〕23号",
    "邵政发〔2020〕6号",
];

/// Names of regulations cited as 依据.
pub const REGULATIONS: &[&str] = &[
    "《邵阳市城市照明设施管理办法》",
    "《邵阳市市政设施移交管理规定》",
    "《邵阳市城市排水管理办法》",
    "《邵阳市物业管理条例实施细则》",
];

/// Valid non-accept categories: (reason variants, content variants, reply
/// variants). Replies explain and give a route; none says 不属于…管辖 (which
/// would look like GD403 to a naive reader).
pub struct NonAccept {
    pub reasons: &'static [&'static str],
    pub contents: &'static [&'static str],
    pub replies: &'static [&'static str],
}

pub const NONACCEPTS: &[NonAccept] = &[
    NonAccept {
        reasons: &[
            "属于诉讼类事项",
            "涉诉事项，应通过司法途径解决",
            "民事纠纷已进入诉讼程序",
        ],
        contents: &[
            "市民反映朋友{name}借了{k}万元一直不还，要求政府帮忙追回借款",
            "来电人称与邻居的宅基地纠纷已经起诉到法院，要求12345督促对方让步",
        ],
        replies: &[
            "已向来电人解释：民间借贷纠纷属于民事诉讼范围，建议其携带借条、转账记录等证据向{county}人民法院提起诉讼，也可拨打12348法律服务热线咨询。",
            "已告知来电人该纠纷已进入司法程序，12345热线无法干预，请其按法院通知参加诉讼，如需法律援助可到{county}法律援助中心申请。",
        ],
    },
    NonAccept {
        reasons: &["属于劳动人事争议仲裁事项", "已申请劳动仲裁"],
        contents: &["来电人称与公司的劳动合同纠纷已经申请仲裁，要求12345催仲裁委尽快开庭"],
        replies: &[
            "已向来电人说明：劳动争议仲裁依法独立进行，请其向邵阳市劳动人事争议仲裁委员会了解案件进度，电话可通过114查询。",
        ],
    },
    NonAccept {
        reasons: &[
            "属于行政复议事项",
            "对行政处罚不服，应申请行政复议或提起行政诉讼",
        ],
        contents: &["市民对交警开具的违停罚单不服，认为当时只是临时停车，要求撤销处罚"],
        replies: &[
            "已告知来电人可自收到处罚决定书之日起60日内向{county}人民政府申请行政复议，或6个月内向人民法院提起行政诉讼，并向其解释了相关程序。",
        ],
    },
    NonAccept {
        reasons: &["属于政府信息公开申请事项", "依申请公开事项"],
        contents: &["来电人要求公开{place}拆迁项目的全部审批文件和补偿标准"],
        replies: &[
            "已向来电人解释：政府信息公开申请需书面提出，可通过邵阳市人民政府门户网站“依申请公开”栏目在线提交，或到政务服务中心窗口递交申请表。",
        ],
    },
    NonAccept {
        reasons: &[
            "属于纪检监察事项",
            "涉及党员干部违纪问题，由纪检监察机关受理",
        ],
        contents: &["市民举报{place}村干部在低保评定中优亲厚友"],
        replies: &[
            "已告知来电人可向{county}纪委监委信访室书面反映，或登录12388纪检监察举报网站实名举报，并说明了需提供的线索材料。",
        ],
    },
    NonAccept {
        reasons: &["已进入信访程序", "该事项正在信访办理中"],
        contents: &["来电人称征地补偿问题已经向信访局反映过，要求12345再催一下"],
        replies: &[
            "已向来电人说明：该事项已在信访程序中办理，为避免重复处理，请其向{county}信访局查询办理进度，并告知了查询电话。",
        ],
    },
    NonAccept {
        reasons: &["属于人民法院职责", "法院执行事项"],
        contents: &["市民称判决已经生效一年，对方仍不履行，要求12345督促法院强制执行"],
        replies: &[
            "已向来电人解释：判决执行由人民法院负责，建议其向{county}人民法院执行局申请强制执行，或拨打12368诉讼服务热线查询。",
        ],
    },
    NonAccept {
        reasons: &["非本行政区域事项", "事发地在外市，超出本市办理范围"],
        contents: &[
            "市民反映长沙市岳麓区某小区物业乱收费",
            "来电人反映在衡阳市某驾校报名后驾校不退费",
        ],
        replies: &[
            "已告知来电人该事项发生在外市，请其拨打事发地12345热线反映，并提供了拨打方式。",
            "已向来电人解释热线按属地办理，建议其向事发地市场监管部门或当地12345热线投诉。",
        ],
    },
    NonAccept {
        reasons: &["涉及他人隐私", "要求提供他人个人信息"],
        contents: &["来电人要求12345提供其前夫现在的住址和电话"],
        replies: &[
            "已向来电人解释：他人的住址、电话属于个人信息，依法不能提供；如涉及抚养费等纠纷，建议其通过人民法院依法主张权利。",
        ],
    },
    NonAccept {
        reasons: &["诉求违反法律法规规定", "要求违法"],
        contents: &["来电人要求社区帮其开具一份虚假的居住证明用于孩子入学"],
        replies: &[
            "已向来电人解释：开具虚假证明违反法律规定，社区只能据实出具证明，建议其按入学政策准备真实的居住材料。",
        ],
    },
];

/// A non-accept for lack of substance, whose content really has none.
pub const NO_CONTENT_REASONS: &[&str] =
    &["无实质性内容", "诉求要素不全，无法转办", "来电无实质诉求"];
pub const NO_CONTENT_CONTENTS: &[&str] = &[
    "来电人未说明具体诉求，多次询问后挂断",
    "来电无声，话务员多次询问无应答",
    "来电人只说要投诉，不愿提供事项、地点和时间，随后挂断",
    "来电人表示打错了",
];
pub const NO_CONTENT_REPLIES: &[&str] = &[
    "来电人未提供具体诉求，已告知如需反映问题可再次拨打12345并说明事项、地点和时间。",
    "已向来电人说明需提供具体事项和地点才能转办，请其核实后再次来电或通过12345微信公众号提交。",
];

/// Reasons and replies for a repeat appeal; `{ref}` is an earlier ticket id.
pub const REPEAT_REASONS: &[&str] = &[
    "重复诉求，该问题已通过工单{ref}办结，本次无新情况、新理由",
    "重复来电，同一事项已于工单{ref}答复，无新的事实和理由",
];
pub const REPEAT_REPLIES: &[&str] = &[
    "已向市民解释：该问题已由承办单位办理答复（工单号{ref}），如对办理结果有异议，可向承办单位申请复查或向上一级主管部门反映。",
    "已告知来电人此前工单{ref}的办理结果，并说明如有新情况可补充材料后重新反映。",
];

/// Emergencies that must be transferred (GD305).
pub const EMERGENCIES: &[(&str, &str)] = &[
    ("{place}一栋民房冒出浓烟，好像起火了", "119"),
    ("{place}有人打架斗殴，有人受伤流血", "110"),
    ("{place}有位老人晕倒在路边，叫不醒", "120"),
    ("{place}发生两车相撞的交通事故，有人员被困", "122"),
    ("{place}楼道里闻到很浓的煤气味", "119"),
];

pub const DISPATCH_OPINIONS: &[&str] = &[
    "请按时限办理并回复",
    "请核实处理，及时联系市民",
    "请依职责办理，办结后上传办理情况",
    "转办，请于时限内办结",
];

pub const SIGN_OPINIONS: &[&str] = &["已签收", "签收，安排办理", "已接收", ""];

pub const CALLBACK_NOTES_OK: &[&str] = &[
    "经12345政务服务便民热线回访，市民对办理结果表示满意",
    "回访市民，市民表示问题已处理好",
    "电话回访，来电人认可办理结果",
    "经系统回访，市民对办理结果无异议，系统自动办结",
];

pub const CALLBACK_NOTES_PLAN: &[&str] = &[
    "回访市民，市民认可处理方案，希望尽快落实",
    "市民表示已知晓解决期限，会继续关注",
];
