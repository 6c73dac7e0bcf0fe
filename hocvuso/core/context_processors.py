from hocvuso.core.middleware import CONTRASTS, TEXT_SIZES


def display_preferences(request):
    return {
        "display": getattr(
            request, "display", {"text_size": "normal", "contrast": "normal"}
        ),
        "TEXT_SIZES": TEXT_SIZES,
        "CONTRASTS": CONTRASTS,
    }
