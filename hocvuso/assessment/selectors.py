"""Reads for learners' sign-in and their results."""

from hocvuso.assessment.models import SignInCard
from hocvuso.assessment.tokens import token_hash
from hocvuso.people.models import Person


def card_person(token: str) -> Person | None:
    """The person a card token signs in, or None when unknown or revoked."""
    card = card_for_token(token)
    return card.person if card else None


def card_for_token(token: str) -> SignInCard | None:
    """The active card a token belongs to, or None."""
    if not token or len(token) > 100:
        return None
    return (
        SignInCard.objects.active()
        .select_related("person__unit")
        .filter(token_hash=token_hash(token))
        .first()
    )
