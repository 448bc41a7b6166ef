"""The four sections (篇) named in the notice, in the notice's order."""

NOTICE_SECTIONS = [
    ("生活服务篇", "life-service", "社区生活服务类社会组织参与社区治理的案例"),
    ("慈善公益篇", "charity", "社区慈善公益类社会组织参与社区治理的案例"),
    ("社区自治篇", "self-governance", "居民自治、业委会、楼组与社区文体团队参与社区治理的案例"),
    ("矛盾调处与帮困帮教篇", "mediation", "专业调处、帮困帮教类社会力量参与社区治理的案例"),
]
