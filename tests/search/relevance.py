"""Labelled queries over the demo content: each with the case that must come first.

"first" is the case expected at rank 1; "relevant" are the cases a reader would expect
in the top ten (recall@10 is measured against them). Written from the demo stories
(home/demo/data/cases/) and the notice's reference case.
"""

REF = "xinjiayuan-property-disputes"
OWNERS = "owners-committee-reelection"
LIFT_FEES = "highrise-elevator-fee-dispute"
MEDIATION = "neighbourhood-mediation-studio"
REPAIRS = "public-housing-repair-team"

QUERIES = [
    # The reference case, in the words the design names, and synonyms.
    ("物业", REF, {REF, OWNERS, LIFT_FEES}),
    ("业委会", OWNERS, {REF, OWNERS}),
    ("业主委员会", OWNERS, {REF, OWNERS}),
    ("老娘舅", MEDIATION, {REF, MEDIATION}),
    ("业主大会组建", REF, {REF}),
    ("新家园", REF, {REF}),
    ("物业纠纷", REF, {REF}),
    ("售后公房", REPAIRS, {REPAIRS, REF, LIFT_FEES}),
    ("凉城新村", REF, {REF}),
    # One distinctive subject per demo case, most of them twice.
    ("长者食堂", "lane-elderly-meal-service", {"lane-elderly-meal-service"}),
    ("助餐", "lane-elderly-meal-service", {"lane-elderly-meal-service"}),
    ("慈善超市", "charity-supermarket-points-card", {"charity-supermarket-points-card"}),
    ("爱心积分", "charity-supermarket-points-card", {"charity-supermarket-points-card"}),
    ("换届选举", OWNERS, {OWNERS}),
    ("邻里纠纷", MEDIATION, {MEDIATION}),
    ("人民调解", MEDIATION, {MEDIATION}),
    ("加装电梯", "old-building-lift-retrofit", {"old-building-lift-retrofit"}),
    ("老公房", "old-building-lift-retrofit", {"old-building-lift-retrofit"}),
    ("助残就业", "disabled-employment-workshop", {"disabled-employment-workshop"}),
    ("阳光工坊", "disabled-employment-workshop", {"disabled-employment-workshop"}),
    ("社区花园", "shared-pocket-garden", {"shared-pocket-garden"}),
    ("百草园", "shared-pocket-garden", {"shared-pocket-garden"}),
    ("社区矫正", "community-corrections-social-work", {"community-corrections-social-work"}),
    ("帮教", "community-corrections-social-work", {"community-corrections-social-work"}),
    ("垃圾分类", "green-account-waste-sorting", {"green-account-waste-sorting"}),
    ("绿色账户", "green-account-waste-sorting", {"green-account-waste-sorting"}),
    ("白领志愿者", "office-volunteers-elderly-pairing", {"office-volunteers-elderly-pairing"}),
    ("独居老人 结对", "office-volunteers-elderly-pairing", {"office-volunteers-elderly-pairing"}),
    ("沪剧", "lane-opera-team-self-governance", {"lane-opera-team-self-governance"}),
    ("文体团队", "lane-opera-team-self-governance", {"lane-opera-team-self-governance"}),
    ("电梯更新", LIFT_FEES, {LIFT_FEES}),
    ("维修资金", LIFT_FEES, {LIFT_FEES}),
    ("四点半课堂", "after-school-care-classroom", {"after-school-care-classroom"}),
    ("课后看护", "after-school-care-classroom", {"after-school-care-classroom"}),
    ("微心愿", "children-micro-wish-program", {"children-micro-wish-program"}),
    ("困境儿童", "children-micro-wish-program", {"children-micro-wish-program"}),
    ("停车难", "deputy-parking-self-management", {"deputy-parking-self-management"}),
    ("人大代表", "deputy-parking-self-management", {"deputy-parking-self-management"}),
    ("群租", "rental-housing-governance-deputy", {"rental-housing-governance-deputy"}),
    ("政协委员", "rental-housing-governance-deputy", {"rental-housing-governance-deputy"}),
    ("邻里修缮队", REPAIRS, {REPAIRS}),
    ("失独", "bereaved-parents-mutual-support", {"bereaved-parents-mutual-support"}),
    ("哀伤辅导", "bereaved-parents-mutual-support", {"bereaved-parents-mutual-support"}),
    ("红袖章 夜巡", "lane-safety-volunteer-patrol", {"lane-safety-volunteer-patrol"}),
    ("平安志愿者", "lane-safety-volunteer-patrol", {"lane-safety-volunteer-patrol"}),
    ("闲散青少年", "youth-social-work-outreach", {"youth-social-work-outreach"}),
    ("网吧", "youth-social-work-outreach", {"youth-social-work-outreach"}),
]
