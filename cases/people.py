"""How people are named to each other: Chinese order, family name first, no space."""


def display_name(user):
    """张三 for first_name 三, last_name 张; the username when no name was entered."""
    if user is None:
        return ""
    full = f"{user.last_name.strip()}{user.first_name.strip()}"
    return full or user.get_username()
