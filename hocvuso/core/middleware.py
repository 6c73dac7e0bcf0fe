"""Display preferences (text size, contrast) kept in a cookie, so they persist
and apply on the first byte of every page, with or without JavaScript."""

TEXT_SIZES = ("normal", "large", "larger")
CONTRASTS = ("normal", "high")
PREFERENCE_COOKIE = "hocvuso_display"


def parse_preferences(raw: str | None) -> dict[str, str]:
    size, contrast = "normal", "normal"
    if raw:
        parts = raw.split(".")
        if len(parts) == 2:
            size = parts[0] if parts[0] in TEXT_SIZES else "normal"
            contrast = parts[1] if parts[1] in CONTRASTS else "normal"
    return {"text_size": size, "contrast": contrast}


class DisplayPreferencesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.display = parse_preferences(request.COOKIES.get(PREFERENCE_COOKIE))
        return self.get_response(request)


class DefaultLanguageMiddleware:
    """Vietnamese unless the person chose another language with the switch.

    Replaces Django's LocaleMiddleware, which would follow the browser's
    Accept-Language: phones sold in Vietnam often report English.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings
        from django.utils import translation

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        available = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
