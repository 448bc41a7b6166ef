"""使用手册: the admin's help, written for the portal's own roles and flows. It replaces
Wagtail's help menu, which links to an English editor guide about Wagtail itself."""

from django.template.response import TemplateResponse

# (group, title, steps): one section per role, in the order a case goes through them.
ROLES = [
    (
        "申报代理",
        "申报代理（区社联会）",
        [
            "登录后打开征集通知中的“在线申报”，为各社会组织填写并提交申报表。",
            "提交后获得申报编号，回执同时发给申报人和您本人。",
            "左侧菜单“我的代理申报”列出您提交的全部申报、当前状态和进度链接。",
            "收到的 Word 申报表可在“导入申报表”中上传，每个文件都有导入报告。",
        ],
    ),
    (
        "编辑",
        "编辑（区社联会）",
        [
            "“案例征集 → 申报表”列出全部申报：联系人、推荐单位意见和盖章扫描件只在这里可见，"
            "不会出现在公开页面。",
            "每个案例先经过“形式审查”：查看自动检查（字数、照片、隐私）的提示，通过或退回修改。",
            "在案例页面用“分配专家”指定评审专家，或按征集活动“自动分配”；专家不会分到本单位"
            "的案例或已申报利益冲突的案例。",
            "专家评审完成后进入“复核修改”：可请申报人在线修改，修改后的内容回到提出修改的步骤，"
            "页面历史列出每处改动。",
            "“评审排名”按征集活动和篇显示均分、中位数、加权总分和推荐意见，可导出 Excel。",
            "在案例汇编页面点“生成PDF”排版汇编，每次成功生成都保留为一个版本；"
            "每个案例可单独生成校样。",
            "导出：每个案例的申报表 PDF、每个征集活动的申报汇总表 Excel（页面上方按钮）。",
        ],
    ),
    (
        "评审专家",
        "评审专家",
        [
            "左侧菜单“我的评审”列出分配给您的案例。",
            "按通知的标准（真实有效、经验典型、社会认同、可读性）逐项打分，写下评语和推荐意见。",
            "您只能看到分配给自己的案例和自己的评分。",
        ],
    ),
    (
        "终审",
        "终审（区社工委、社建办）",
        [
            "控制面板列出等待您审核的案例；批准即发布案例。",
            "批准时选择是否“入选汇编”并可写说明；入选的案例进入汇编的篇目。",
            "“评审排名”可查看各案例的评分和推荐意见。",
        ],
    ),
]
ADMINISTRATOR = (
    "管理员",
    [
        "“设置 → 用户”添加账户并放入编辑、评审专家、终审或申报代理组；每组的权限由系统设定。",
        "多次输错密码的账户或地址会被锁定，可在“设置 → 登录锁定”中解除。",
        "“设置 → 工作流”可改名称、任务和负责的组，评审流程不变。",
    ],
)


def sections_for(user):
    """Every role's section, the reader's own first (marked as theirs)."""
    groups = set(user.groups.values_list("name", flat=True))
    sections = [
        {"title": title, "steps": steps, "mine": group in groups} for group, title, steps in ROLES
    ]
    title, steps = ADMINISTRATOR
    sections.append({"title": title, "steps": steps, "mine": user.is_superuser})
    return sorted(sections, key=lambda section: not section["mine"])


def manual(request):
    return TemplateResponse(request, "portal/manual.html", {"sections": sections_for(request.user)})
