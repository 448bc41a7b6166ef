"""The review's groups as the roles migration creates them, and what each may do: the
expectation the permission tests hold the database to."""

EDITORS = "编辑"
EXPERTS = "评审专家"
APPROVERS = "终审"

# Model permissions per group, as (app_label, codename).
MODEL_PERMISSIONS = {
    EDITORS: [
        ("wagtailadmin", "access_admin"),
        ("cases", "view_organization"),
        ("cases", "add_organization"),
        ("cases", "change_organization"),
        ("cases", "view_application"),
        ("cases", "change_application"),
        ("cases", "view_casecategory"),
        ("cases", "change_casecategory"),
        ("cases", "view_expertprofile"),
        ("cases", "add_expertprofile"),
        ("cases", "change_expertprofile"),
        ("cases", "view_conflict"),
        ("cases", "add_conflict"),
        ("cases", "change_conflict"),
        ("cases", "delete_conflict"),
        ("cases", "view_assignment"),
        ("cases", "add_assignment"),
        ("cases", "delete_assignment"),
        ("cases", "view_review"),
        ("cases", "view_rankings"),
        # The 公示 and its objections (publicity/migrations/0002_editor_permissions.py).
        ("publicity", "view_publicity"),
        ("publicity", "add_publicity"),
        ("publicity", "change_publicity"),
        ("publicity", "view_objection"),
        ("publicity", "change_objection"),
    ],
    EXPERTS: [
        ("wagtailadmin", "access_admin"),
        ("cases", "add_review"),
    ],
    APPROVERS: [
        ("wagtailadmin", "access_admin"),
        ("cases", "view_review"),
        ("cases", "view_rankings"),
    ],
}
# Page permissions on the whole tree, and image/document permissions, for editors.
EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
# Final approval publishes: Wagtail lets a moderator act on a page only with a page
# permission, and publishing (without editing) is exactly the approvers' role.
APPROVER_PAGE_PERMISSIONS = ["publish_page"]
EDITOR_COLLECTION_PERMISSIONS = [
    ("cases", "add_caseimage"),
    ("cases", "change_caseimage"),
    ("cases", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
]
