"""The expert's score form: one field per criterion of the campaign."""

from django import forms

from cases.models import Recommendation


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label="评审意见",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="供编辑复核修改时参考：案例的长处、需要修改之处",
    )
    recommendation = forms.ChoiceField(
        label="推荐意见", choices=Recommendation.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        scored = {}
        for criterion in criteria:
            scored[f"score_{criterion.pk}"] = forms.IntegerField(
                label=f"{criterion.name}（满分 {criterion.max_score}）",
                min_value=0,
                max_value=criterion.max_score,
                help_text=criterion.description,
                error_messages={
                    "min_value": "分数不能小于 0。",
                    "max_value": f"分数不能超过满分 {criterion.max_score}。",
                    "required": "请为这一项打分。",
                    "invalid": "请填写整数分数。",
                },
            )
        self.fields = {**scored, **self.fields}

    def scores(self):
        return {str(c.pk): self.cleaned_data[f"score_{c.pk}"] for c in self.criteria}
