"""What a reader sees of a built page: a chapter page hides the publication's own version of a part
(helpers.page.display.publication_only) and shows the working papers' version."""

from bs4 import BeautifulSoup

from helpers.page import display


def as_shown(html: str) -> str:
    """A chapter page's HTML without what it hides (the publication's own versions)."""
    if display.PUBLICATION_CLASS not in html:
        return html
    soup = BeautifulSoup(html, "html.parser")
    for hidden in soup.select(f".{display.PUBLICATION_CLASS}"):
        hidden.decompose()
    return str(soup)


def images_of(html: str, edition: str) -> int:
    """How many charts a chapter page's HTML gives an edition: the publication leaves out the working papers' own
    (display.working_papers), the working papers the publication's own."""
    left_out = display.WORKPAPERS_CLASS if edition == "publication" else display.PUBLICATION_CLASS
    soup = BeautifulSoup(html, "html.parser")
    for part in soup.select(f".{left_out}"):
        part.decompose()
    return len(soup.find_all("img"))
