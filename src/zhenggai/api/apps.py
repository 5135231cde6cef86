from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "zhenggai.api"
    verbose_name = "接口"
