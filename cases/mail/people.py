"""How people are named to each other: Chinese order, family name first, no space."""


def family_name_first(user) -> str:
    """张三 for first_name 三, last_name 张: what AbstractUser.get_full_name returns here."""
    return f"{user.last_name.strip()}{user.first_name.strip()}"


def display_name(user):
    """张三 for first_name 三, last_name 张; the username when no name was entered."""
    if user is None:
        return ""
    return family_name_first(user) or user.get_username()
