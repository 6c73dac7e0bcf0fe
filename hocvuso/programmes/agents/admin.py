"""The Django admin for the Đại lý số network: where a province sets its own
kinds of agent and services (the catalogue is data), reference points of the
hamlets, and where a superuser can correct an agent. Writes keep the same
derived fields and audit rows as the services."""

from django.contrib import admin

from hocvuso.core.models import AuditAction
from hocvuso.core.services import audit_record
from hocvuso.programmes.agents.models import (
    AgentKind,
    AgentService,
    DigitalAgent,
    HamletCentre,
    HelpLog,
)
from hocvuso.programmes.agents.services import commune_of


class AuditedAdmin(admin.ModelAdmin):
    object_type = ""

    def unit_path_of(self, obj) -> str:
        return ""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user,
            action=AuditAction.CHANGE if change else AuditAction.CREATE,
            object_type=self.object_type,
            object_id=obj.pk,
            unit_path=self.unit_path_of(obj),
            detail={"admin": True, "fields": sorted(form.changed_data)},
        )


@admin.register(AgentKind, AgentService)
class CatalogueAdmin(AuditedAdmin):
    list_display = ("name", "code", "province", "position", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name", "code")
    raw_id_fields = ("province",)
    object_type = "agent_catalogue"

    def unit_path_of(self, obj) -> str:
        return obj.province.path if obj.province_id else ""


@admin.register(DigitalAgent)
class DigitalAgentAdmin(AuditedAdmin):
    list_display = ("name", "kind", "unit", "commune", "is_active")
    list_filter = ("is_active", "kind")
    search_fields = ("name", "address")
    raw_id_fields = ("unit", "account")
    readonly_fields = ("commune", "unit_path", "created_by")
    filter_horizontal = ("services",)
    object_type = "digital_agent"

    def unit_path_of(self, obj) -> str:
        return obj.unit_path

    def save_model(self, request, obj, form, change):
        obj.commune = commune_of(obj.unit)
        obj.unit_path = obj.unit.path
        super().save_model(request, obj, form, change)


@admin.register(HamletCentre)
class HamletCentreAdmin(AuditedAdmin):
    list_display = ("unit", "latitude", "longitude")
    raw_id_fields = ("unit",)
    object_type = "hamlet_centre"

    def unit_path_of(self, obj) -> str:
        return obj.unit.path


@admin.register(HelpLog)
class HelpLogAdmin(admin.ModelAdmin):
    list_display = ("agent", "service", "day", "count")
    list_filter = ("service",)
    date_hierarchy = "day"
    readonly_fields = ("agent", "service", "day", "count", "unit_path", "recorded_by")

    def has_add_permission(self, request):
        return False  # help is logged on the agent's page, one row a day
