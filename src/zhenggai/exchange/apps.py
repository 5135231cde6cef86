from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "zhenggai.exchange"
    label = "exchange"
    verbose_name = "导入导出"
