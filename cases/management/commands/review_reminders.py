from django.core.management.base import BaseCommand

from cases.review import due


class Command(BaseCommand):
    help = (
        "专家评审提醒：在评审截止前（征集活动设置的天数）和截止当天各提醒一次尚未提交评分的专家。"
        "每条提醒只发送一次，建议每小时运行。"
    )

    def handle(self, *args, **options):
        sent = due.send_reminders()
        overdue = due.overdue_assignments().count()
        self.stdout.write(f"已发送 {sent} 封评审提醒；逾期未评 {overdue} 项。")
