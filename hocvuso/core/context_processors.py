from hocvuso.core.middleware import CONTRASTS, TEXT_SIZES


def navigation(request):
    from hocvuso.accounts.scope import Capability, can

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_outreach": False, "nav_classes": False, "nav_agents": False}
    return {
        "nav_outreach": can(user, Capability.RECORD_VISITS)
        or can(user, Capability.REVIEW_OUTREACH),
        "nav_classes": can(user, Capability.MANAGE_CLASSES)
        or can(user, Capability.TEACH_CLASSES),
        "nav_agents": can(user, Capability.VIEW_AGENTS),
    }


def display_preferences(request):
    return {
        "display": getattr(
            request, "display", {"text_size": "normal", "contrast": "normal"}
        ),
        "TEXT_SIZES": TEXT_SIZES,
        "CONTRASTS": CONTRASTS,
    }
