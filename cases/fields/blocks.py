"""StreamField blocks shared by the campaign notice and the case body."""

from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

PARAGRAPH_FEATURES = ["bold", "italic", "link", "ol", "ul"]
# In a case's body a line can be turned into a subheading and back where it stands
# (Draftail's block type menu); cases.text.content reads such lines as headings.
BODY_FEATURES = ["h2", "h3", *PARAGRAPH_FEATURES]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label="标题", max_length=120)
    level = blocks.ChoiceBlock(
        label="级别",
        # 一、 → （一） → 1. → （1）: the four levels Chinese reports number their parts with.
        choices=[("h2", "二级标题"), ("h3", "三级标题"), ("h4", "四级标题"), ("h5", "五级标题")],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = "小标题"
        template = "components/blocks/heading.html"
        description = "案例中的小节标题，例如“巧解物业纠纷  当好小区老娘舅”"


class QuotationBlock(blocks.StructBlock):
    text = blocks.TextBlock(label="引语")
    attribution = blocks.CharBlock(label="出处", required=False, max_length=80)

    class Meta:
        icon = "openquote"
        label = "引语"
        template = "components/blocks/quotation.html"
        description = "居民、业主或工作人员说的话，可注明出处（用昵称或代号）"


class KeyFigureBlock(blocks.StructBlock):
    value = blocks.CharBlock(label="数字", max_length=20, help_text="例如：88个、9万人次、60%")
    label = blocks.CharBlock(label="说明", max_length=60)

    class Meta:
        icon = "order"
        label = "数据"


class KeyFiguresBlock(blocks.StructBlock):
    items = blocks.ListBlock(KeyFigureBlock(), label="数据", min_num=1, max_num=6)

    class Meta:
        icon = "table"
        label = "关键数据"
        template = "components/blocks/key_figures.html"
        description = "用几组数字说明成效，例如“88个小区”“9万人次”"


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label="图片")
    caption = blocks.CharBlock(label="图注", max_length=120)
    alt_text = blocks.CharBlock(
        label="替代文字", required=False, max_length=200, help_text="留空时使用图注"
    )

    class Meta:
        icon = "image"
        label = "图片"
        template = "components/blocks/captioned_image.html"
        description = "带图注的图片"


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=BODY_FEATURES,
        label="段落",
        icon="pilcrow",
        template="components/blocks/paragraph.html",
        description="正文段落",
    )
    quotation = QuotationBlock()
    key_figures = KeyFiguresBlock()
    image = CaptionedImageBlock()

    class Meta:
        label = "正文"


class CompilationSectionBlock(blocks.StructBlock):
    """One 篇 of the printed book: its name and its cases, in print order."""

    title = blocks.CharBlock(label="篇名", max_length=40)
    intro = blocks.TextBlock(label="篇首语", required=False, help_text="印在篇章页上，可留空")
    cases = blocks.ListBlock(
        blocks.PageChooserBlock(page_type="cases.CasePage", label="案例"),
        label="案例（按印刷顺序）",
    )

    class Meta:
        icon = "folder-open-inverse"
        label = "篇"


class CompilationContentsBlock(blocks.StreamBlock):
    section = CompilationSectionBlock()

    class Meta:
        label = "目录"
