from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from consumers.models import Agency, Membership, Program

User = get_user_model()


class ProgramInline(admin.TabularInline):
    model = Program
    extra = 0
    fields = ["name", "started_on", "is_active"]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "time_zone"]
    search_fields = ["name"]
    inlines = [ProgramInline]


class ProgramMembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "program"
    extra = 0
    fields = ["user", "role"]
    autocomplete_fields = ["user"]


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["name", "agency", "started_on", "is_active"]
    list_filter = ["agency", "is_active"]
    search_fields = ["name", "agency__name"]
    inlines = [ProgramMembershipInline]


class UserMembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "user"
    extra = 1
    fields = ["role", "program", "agency"]


# Staff and their roles are managed together: one page per person.
admin.site.unregister(User)


@admin.register(User)
class StaffAdmin(UserAdmin):
    inlines = [UserMembershipInline]
    list_display = ["username", "first_name", "last_name", "email", "is_active", "is_superuser"]

    def has_delete_permission(self, request, obj=None):
        # Deactivate instead: the audit trail keeps pointing at the account.
        return False
