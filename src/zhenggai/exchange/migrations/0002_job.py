"""ImportJob becomes Job: imports and exports share the background-job machinery."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("ledger", "0001_initial"),
        ("exchange", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameModel("ImportJob", "Job"),
        migrations.AlterModelOptions(
            name="job",
            options={
                "ordering": ["-created_at", "-id"],
                "verbose_name": "导入导出任务",
                "verbose_name_plural": "导入导出任务",
            },
        ),
        migrations.AddField(
            model_name="job",
            name="action",
            field=models.CharField(
                choices=[("import", "导入"), ("export", "导出")],
                default="import",
                max_length=10,
                verbose_name="操作",
            ),
        ),
        migrations.AlterField(
            model_name="job",
            name="kind",
            field=models.CharField(
                choices=[
                    ("report", "整改通报"),
                    ("ledger", "Excel 台账"),
                    ("problems", "问题清单"),
                    ("tasks", "任务清单"),
                    ("responsibility", "责任清单"),
                    ("results", "成果清单"),
                    ("archive", "档案清单"),
                ],
                max_length=20,
                verbose_name="类型",
            ),
        ),
        migrations.AlterField(
            model_name="job",
            name="state",
            field=models.CharField(
                choices=[
                    ("analysing", "正在分析"),
                    ("ready", "待确认"),
                    ("invalid", "文件有错误"),
                    ("importing", "正在导入"),
                    ("exporting", "正在导出"),
                    ("done", "已完成"),
                    ("failed", "失败"),
                ],
                default="analysing",
                max_length=20,
                verbose_name="状态",
            ),
        ),
        migrations.AlterField(
            model_name="job",
            name="unit",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="exchange_jobs",
                to="accounts.organisation",
                verbose_name="单位",
            ),
        ),
        migrations.AlterField(
            model_name="job",
            name="created_by",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="发起人",
            ),
        ),
        migrations.AlterField(
            model_name="job",
            name="created_at",
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name="开始时间"),
        ),
        migrations.AlterField(
            model_name="job",
            name="inspection",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                to="ledger.inspection",
                verbose_name="巡察",
            ),
        ),
    ]
