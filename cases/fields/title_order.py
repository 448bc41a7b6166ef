"""A case's place in the library's order by title: its title in pinyin, as a Chinese
reader looks a title up (阿姨 before 老娘舅 before 助餐).

Worked out when the page is saved and kept on it (CasePage.title_pinyin): the web
workers that sort the library then never load pypinyin (13 MB a process without its
phrase dictionary, 57 MB with it). The readings are the search's (search/variants.py:
one pypinyin a process, without the phrase dictionary), so a title's key is the same
whichever process saved it. Each character is read by its usual reading: 调解 sorts as
diao jie, where the phrase dictionary said tiao jie (71 of the 560 demo and corpus titles
read differently, 23 of them in another place of the order)."""

from search.variants import letters


def title_pinyin(title: str) -> str:
    return " ".join(letters(title or ""))
