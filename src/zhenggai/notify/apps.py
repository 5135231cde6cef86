from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "zhenggai.notify"
    verbose_name = "提醒与通知"
    default_auto_field = "django.db.models.BigAutoField"
