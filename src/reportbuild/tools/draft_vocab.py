"""What a draft knows of the data: indicators, units, qualifiers and scopes (the shared tables), and the words the
hand-entered rows use for each indicator (term_zh, table rows, the clause a figure was quoted from), learned from
data/<region>/<chapter>/observations.csv. Choosing an indicator is matching a figure's words against these."""

from __future__ import annotations

import csv
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

# Traditional → simplified, for matching words only (quotes keep the source's characters). A script table of common
# characters, not anyone's vocabulary; OpenCC would be the complete one.
_TRAD = (
    "農农標标準准於于萬万億亿兩两區区縣县鄉乡鎮镇務务養养兒儿費费貼贴補补殘残護护會会組组織织機机構构數数戶户員员"
    "項项處处個个歲岁齡龄計计統统實实現现這这們们來来時时對对發发條条從从達达長长幣币幫帮點点進进額额創创與与調调"
    "層层級级歸归屬属關关聯联動动態态營营運运設设總总體体綜综報报導导際际經经濟济貧贫療疗醫医險险災灾難难辦办證证"
    "認认齊齐蓋盖圍围雙双結结價价錢钱資资產产業业廳厅將将議议規规範范環环衛卫權权責责義义黨党隊队質质適适邊边遠远"
    "廣广東东門门開开間间問问團团慶庆歷历勞劳職职離离網网線线車车軍军輔辅轉转愛爱親亲獨独殯殡類类顧顾顯显願愿雜杂"
    "園园圖图國国傷伤傳传優优減减滿满溫温為为無无獎奖當当盡尽監监確确種种稅税窮穷節节簡简糧粮約约紀纪納纳給给絕绝"
    "維维緊紧編编續续繼继脫脱臨临興兴舉举舊旧號号裝装製制觀观記记訪访許许評评試试說说請请講讲識识讓让財财貸贷購购"
    "較较載载輕轻辭辞連连週周過过違违遞递選选遺遗還还鄰邻銀银錄录陳陈陸陆陽阳階阶隨随電电靈灵頁页順顺須须預预領领"
    "頭头題题風风飛飞養养餘余館馆馬马驗验鬥斗麼么樣样樂乐歐欧歲岁氣气決决況况潔洁熱热爭争狀状獲获畫画異异碼码礎础"
    "稱称穩稳競竞籌筹紙纸絡络緣缘練练績绩繫系聲声藝艺藥药覺觉誤误課课論论謀谋謝谢讀读變变負负趨趋執执堅坚場场塊块"
    "壓压壽寿夠够婦妇孫孙學学寧宁審审寫写寬宽專专屆届島岛幹干張张強强後后徵征擁拥據据擔担擴扩數数斷断應应書书極极"
    "榮荣檢检殺杀淨净濕湿犧牺眾众療疗禮礼禦御糾纠紡纺臺台嚴严險险貨货貴贵賠赔贈赠輸输遷迁鏈链隱隐韓韩響响頂顶頒颁"
    "頻频驅驱剛刚勵励協协單单衛卫參参喪丧執执塵尘壞坏夥伙奮奋孤孤寶宝導导屆届嶺岭彌弥徹彻慮虑慣惯憑凭懷怀戲戏撥拨"
)
TRAD = {_TRAD[i]: _TRAD[i + 1] for i in range(0, len(_TRAD) - 1, 2)}
# Generic statistical wording for the scopes of scopes.csv (by its name_zh): 城镇 is how yearbooks say 城市; 城乡 is
# urban and rural together; a list 集中和分散 names 集中供养 and 散居.
SCOPE_SYNONYMS = {"城镇": "城市", "乡村": "农村", "分散": "散居", "集中": "集中供养"}
PAIRS = {"城乡": ("城市", "农村")}
CJK = re.compile(r"[\u4e00-\u9fff]")
NOT_WORD = re.compile(r"[^\u4e00-\u9fff]+")
LEARNED_WEIGHT = 0.8  # a clause a figure was quoted from names its indicator less surely than the indicator's name
# A number in an indicator's name (60岁及以上, 1000平方米以上) must be the number in the figure's words: the same one
# adds this much to its match, another one multiplies it by NUMBER_MISMATCH. Years (2012年) are periods, not names.
NUMBER_BONUS, NUMBER_MISMATCH = 0.5, 0.3
NAMED_NUMBER = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)(?![\d.])(?!\s*[年月日号])")
ID_STOPWORDS = {"of", "and", "the", "per", "in", "a", "an", "to", "for", "by", "or", "with", "new"}


def simplified(text: str) -> str:
    return "".join(TRAD.get(c, c) for c in text)


def named_numbers(text: str, units: dict | None = None) -> set[str]:
    """The numbers that name something in `text` (60 of 60周岁以上, 1000 of 1000平方米), not years, dates or (with
    `units`) figures written with a unit of units.csv."""
    plain, found = simplified(text), set()
    for match in NAMED_NUMBER.finditer(plain):
        following = plain[match.end() : match.end() + 4]
        if match.start() and plain[match.start() - 1] == "第":
            continue
        if units and any(following.startswith(u) for u in units if not u[:1].isascii()):
            continue
        if following[:1] in ("%", "％") or not CJK.match(following[:1] or " "):
            continue
        found.add(match.group(1))
    return found


def bigrams(text: str) -> set[str]:
    """The character pairs of the Chinese words in `text` (a lone character counts as itself)."""
    found = set()
    for word in NOT_WORD.split(simplified(text)):
        found |= {word[i : i + 2] for i in range(len(word) - 1)} if len(word) > 1 else ({word} if word else set())
    return found


def read_csv(path: Path) -> list[dict]:
    if not path.is_file():
        return []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def number_clause(quote: str, as_written: str) -> str:
    """The clause of `quote` that holds `as_written` (the whole quote when no clause does)."""
    for clause in re.split(r"[,，;；。、\n]", quote or ""):
        if as_written and as_written in clause:
            return clause
    return quote or ""


def unit_label(label: str) -> tuple[str, str]:
    """A table label and the unit it prints in brackets: '城镇低保人数 (人)' → ('城镇低保人数', '人')."""
    match = re.match(r"^(.*?)\s*[（(]\s*(?:单位[:：]?)?\s*([^()（）]+?)\s*[)）]\s*$", label)
    return (match.group(1).strip(), match.group(2)) if match else (label.strip(), "")


@dataclass
class Vocabulary:
    indicators: dict[str, dict]  # id → row of indicators.csv
    units: dict[str, dict]
    qualifiers: list[tuple[str, str, str]]  # (spelling, qualifier, position), longest spelling first
    scopes: dict[str, str]  # a word a source writes → scope id
    words: dict[str, list[tuple[str, float]]] = field(default_factory=dict)  # indicator → (text, weight)
    pair_counts: dict[str, int] = field(default_factory=dict)  # character pair → how many indicators use it
    gloss: dict[str, list[str]] = field(default_factory=dict)  # character pair → id words (for a new id)

    def dimension(self, unit: str) -> str | None:
        return self.units.get(unit, {}).get("dimension")

    def dimensions(self) -> set[str]:
        return {row["dimension"] for row in self.units.values()}

    def rarity(self, pair: str) -> float:
        """How telling a character pair is: log of how few indicators use it (孤儿 tells more than 标准)."""
        if not self.pair_counts:
            for entries in self.words.values():
                for pair_ in set().union(*(bigrams(t) for t, _ in entries)):
                    self.pair_counts[pair_] = self.pair_counts.get(pair_, 0) + 1
        return math.log(1 + len(self.indicators) / self.pair_counts.get(pair, 1))

    def _covered(self, pairs: set[str], found: set[str]) -> float:
        total = sum(self.rarity(p) for p in sorted(pairs))  # sorted: the same sum whatever the hash seed
        return sum(self.rarity(p) for p in sorted(pairs & found)) / total if total else 0.0

    def score(self, indicator: str, local: str, sentence: str) -> float:
        """How well `local` (the figure's own words) and `sentence` name `indicator`: the share of the pairs of
        its best-matching name found there, each pair weighed by how telling it is; the sentence counts a quarter."""
        near, wide = bigrams(local), bigrams(sentence)
        best_near = best_wide = 0.0
        for text, weight in self.words.get(indicator, []):
            pairs = bigrams(text)
            if pairs:
                best_near = max(best_near, weight * self._covered(pairs, near))
                best_wide = max(best_wide, weight * self._covered(pairs, wide))
        return best_near + 0.25 * best_wide

    def numbered(self, indicator: str, score: float, numbers: set[str]) -> float:
        """The score with the numbers of the indicator's name weighed: the figure's words name the same number
        (60周岁 for 60岁及以上), another one (60 for 65岁), or none."""
        named = named_numbers(self.indicators[indicator].get("name_zh", ""))
        if not named or not numbers:
            return score
        return score + NUMBER_BONUS if named & numbers else score * NUMBER_MISMATCH

    def choose(self, dimension: str | None, local: str, sentence: str) -> tuple[str | None, float, float]:
        """The best indicator of `dimension` for these words, its score and the runner-up's."""
        numbers = named_numbers(local, self.units)
        scored = sorted(
            (
                (self.numbered(i, self.score(i, local, sentence), numbers), i)
                for i, row in self.indicators.items()
                if row["dimension"] == dimension
            ),
            reverse=True,
        )
        if not scored:
            return None, 0.0, 0.0
        return scored[0][1], scored[0][0], scored[1][0] if len(scored) > 1 else 0.0

    def chapter_of(self, text: str) -> str | None:
        """The chapter of the indicator whose names `text` matches best (any dimension), for an event."""
        best = max(((self.score(i, text, ""), i) for i in self.indicators), default=(0.0, None))
        return self.indicators[best[1]]["chapter"] if best[1] and best[0] >= 0.3 else None

    def suggest_id(self, words: str, dimension: str | None, taken: set[str]) -> str:
        """A readable id for a new indicator: the id words the shared indicators use for the character pairs of
        `words` (农村 → rural, 床位 → beds), in the order written, with the numbers that name it (60 of 60岁);
        new_<dimension>_<n> when no pair is known."""
        plain = "".join(CJK.findall(simplified(words)))
        chosen: list[str] = []
        for i in range(len(plain) - 1):
            for word in self.gloss.get(plain[i : i + 2], []):
                if word not in chosen:
                    chosen.append(word)
        base = "_".join(chosen[:4] + sorted(named_numbers(words, self.units))[:1]) if chosen else ""
        if not base or base in self.indicators or base in taken:
            stem = base or f"new_{dimension or 'figure'}"
            n = 1
            while f"{stem}_{n}" in self.indicators or f"{stem}_{n}" in taken:
                n += 1
            return f"{stem}_{n}"
        return base


def _scope_words(scopes: list[dict], rows: list[dict], indicators: dict[str, dict]) -> dict[str, str]:
    """Words naming each scope: its name_zh (and without its quotation marks), the generic synonyms, and the word a
    hand-entered label or term starts with where the shared indicator name lacks it (城镇低保人数 → 城镇)."""
    by_name = {r["name_zh"]: r["scope"] for r in scopes}
    words = {}
    for name, scope in by_name.items():
        words[name] = scope
        words[name.replace("“", "").replace("”", "")] = scope
    words.update({w: by_name[n] for w, n in SCOPE_SYNONYMS.items() if n in by_name})
    for row in rows:
        scope, shared = row.get("scope"), indicators.get(row.get("indicator"), {}).get("name_zh", "")
        for label in (row.get("term_zh"), unit_label(row.get("table_row") or "")[0]):
            lead = simplified(label or "")[:2]
            if scope and scope != "all" and len(CJK.findall(lead)) == 2 and lead not in shared and lead not in words:
                words[lead] = scope
    return words


def _gloss(indicators: dict[str, dict]) -> dict[str, list[str]]:
    """Which words of the indicator ids go with which character pairs of their names: a pair and an id word go
    together when two or more indicators hold both and few hold only one of them (Jaccard ≥ ½)."""
    by_pair: dict[str, set[str]] = {}
    by_word: dict[str, set[str]] = {}
    for indicator, row in indicators.items():
        for pair in bigrams(row.get("name_zh", "")):
            by_pair.setdefault(pair, set()).add(indicator)
        for word in indicator.split("_"):
            if word.isalpha() and word not in ID_STOPWORDS:
                by_word.setdefault(word, set()).add(indicator)
    gloss = {}
    for pair, holders in by_pair.items():
        scored = []
        for word, users in by_word.items():
            common = len(holders & users)
            if common:
                scored.append((common / len(holders | users), common, word))
        best = max(scored, default=(0.0, 0, ""))
        if best[0] >= 0.5 and best[1] >= 2:
            gloss[pair] = [w for j, c, w in sorted(scored, reverse=True) if (j, c) == best[:2]][:2]
    return gloss


def region_rows(data: Path) -> list[dict]:
    """Every hand-entered figure of every region folder (each row with its file's chapter)."""
    rows = []
    for path in sorted(data.glob("*/*/observations.csv")):
        rows += [dict(r, chapter=path.parent.name, region=path.parent.parent.name) for r in read_csv(path)]
    return rows


def load_vocabulary(data: Path, exclude_source: str | None = None) -> Vocabulary:
    """The vocabulary of the data folder; the figures of `exclude_source` are not learned from (a fair back-test)."""
    indicators = {r["indicator"]: r for r in read_csv(data / "indicators.csv")}
    units = {r["unit"]: r for r in read_csv(data / "units.csv")}
    spellings = []
    for row in read_csv(data / "qualifiers.csv"):
        for spelling in [row["qualifier"], *(row.get("variants") or "").split()]:
            spellings.append((spelling, row["qualifier"], row["position"]))
    spellings.sort(key=lambda s: -len(s[0]))
    rows = [r for r in region_rows(data) if r.get("source_id") != exclude_source]
    vocabulary = Vocabulary(indicators, units, spellings, _scope_words(read_csv(data / "scopes.csv"), rows, indicators))
    vocabulary.gloss = _gloss(indicators)
    for indicator, row in indicators.items():
        vocabulary.words[indicator] = [(row["name_zh"], 1.0)]
    for row in rows:
        entries = vocabulary.words.get(row.get("indicator"))
        if entries is None:
            continue
        for label in (row.get("term_zh"), unit_label(row.get("table_row") or "")[0]):
            if label:
                entries.append((label, 1.0))
        clause = number_clause(row.get("quote") or "", row.get("as_written") or "")
        if clause and CJK.search(clause):
            entries.append((clause.replace(row.get("as_written") or "", " "), LEARNED_WEIGHT))
    return vocabulary
