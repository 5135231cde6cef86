from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "zhenggai.portal"
    label = "portal"
    verbose_name = "整改通报公开"
