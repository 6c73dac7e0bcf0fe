"""What the base layout needs from the signed-in user's roles."""

from hocvuso.accounts.scope import Capability, can


def navigation(request):
    """Which role-dependent links the header shows (outreach, classes, agents)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_outreach": False, "nav_classes": False, "nav_agents": False}
    return {
        "nav_outreach": can(user, Capability.RECORD_VISITS)
        or can(user, Capability.VIEW_OUTREACH),
        "nav_classes": can(user, Capability.MANAGE_CLASSES)
        or can(user, Capability.TEACH_CLASSES)
        or can(user, Capability.VIEW_CLASS_REPORTS),
        "nav_agents": can(user, Capability.VIEW_AGENTS),
    }
