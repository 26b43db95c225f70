"""The theory decks: complete, bilingual, stable, sourced, and every source-article question covered.

Loaded through the app's own loader, so a deck that passes here is a deck the app can show.
"""

from __future__ import annotations

import re
from collections import Counter

import numpy as np
import pytest

from quizapp.content import ChoiceCard, QACard, Text, load_catalog

LANGS = ("zh", "en")
THEORY_DECKS = (
    "batchnorm-basics",
    "batchnorm-math",
    "normalization-family",
    "practice-and-pitfalls",
    "normalization-today",
)

# Every question of the source article (shared/source/batchnorm-interview-article.zh.txt),
# as the article asks it, and the card in batchnorm-basics that stands for it. The article
# asks the overfitting question twice; both map to one card.
ARTICLE_QUESTIONS: dict[str, tuple[str, ...]] = {
    "bn-what-problem": ("BN解决了什么问题?",),
    "bn-how-it-works": ("BN的运作方式",),
    "bn-implement-forward": ("手撕BN",),
    "bn-overfitting": ("BN能防止过拟合吗?为什么?", "BN可以防止过拟合吗?"),
    "bn-parameters": ("BN 有哪些参数?",),
    "bn-backward-derivation": ("BN 的反向传播推导",),
    "bn-train-vs-test": ("BN 在训练和测试的区别?",),
    "bn-placement": ("BN通常放在什么位置?",),
    "bn-with-dropout": ("BN和Dropout同时用会怎样?怎样才能同时使用?",),
    "bn-other-normalizations": ("有什么其它的归一化方法?",),
}

# Card ids are keys of the user's review history: renaming one orphans it. Cards may be
# added, but these must keep existing in their decks.
STABLE_IDS: dict[str, tuple[str, ...]] = {
    "batchnorm-basics": (
        *ARTICLE_QUESTIONS,
        "bn-conv-statistics",
        "bn-bias-redundant",
        "bn-placement-choice",
        "bn-conv-axes-choice",
        "bn-ics-choice",
        "bn-param-count-choice",
        "bn-dropout-fix-choice",
        "bn-eval-mode-choice",
    ),
    "batchnorm-math": (
        "bn-backward-graph",
        "bn-backward-dgamma-dbeta",
        "bn-backward-dxhat",
        "bn-backward-dvar",
        "bn-backward-dmu",
        "bn-backward-compact",
        "bn-backward-sum-zero",
        "bn-backward-check",
        "bn-grad-through-stats",
        "bn-running-stats-momentum",
        "bn-running-var-unbiased",
        "bn-inference-affine",
        "bn-fold-conv",
        "bn-scale-invariance",
        "bn-effective-lr-weight-decay",
        "bn-eps-role",
        "bn-param-grads-choice",
        "bn-sum-dx-choice",
        "bn-dx-compact-choice",
        "bn-momentum-keras-choice",
        "bn-running-var-choice",
        "bn-fold-bias-choice",
        "bn-scale-grad-choice",
    ),
    "normalization-family": (
        "ln-definition",
        "ln-why-transformers",
        "ln-in-cnns",
        "rmsnorm-definition",
        "rmsnorm-llm",
        "in-definition",
        "adain-style-transfer",
        "gn-definition",
        "gn-groups-interpolation",
        "weight-standardization",
        "weight-norm",
        "spectral-norm",
        "normalization-free-resnets",
        "norm-choice-by-task",
        "ln-axes-choice",
        "gn-extremes-choice",
        "rmsnorm-omits-choice",
        "adain-params-choice",
        "in-defaults-choice",
        "ws-what-choice",
    ),
    "practice-and-pitfalls": (
        "bn-finetune-frozen-stats",
        "bn-small-batch-problems",
        "syncbn",
        "batch-renorm",
        "zero-init-gamma",
        "bn-with-rnns",
        "bn-precise-stats",
        "bn-domain-shift",
        "bn-batch-leakage",
        "ghost-bn-large-batch",
        "bn-in-gans",
        "bn-train-eval-gap-debug",
        "no-grad-vs-eval-choice",
        "freeze-requires-grad-choice",
        "grad-accum-choice",
        "syncbn-choice",
        "zero-gamma-choice",
        "batch-renorm-choice",
        "swa-update-bn-choice",
        "moco-shuffle-bn-choice",
    ),
    # Moved here from normalization-family (same ids, so history stays): the issue's
    # topics for this deck.
    "normalization-today": (
        "preln-vs-postln",
        "postln-warmup",
        "dyt-normalization-free",
        "preln-warmup-choice",
        "dyt-formula-choice",
    ),
}

# Cards merged into others (issue 18): they left the content, and their review history
# follows the replacement through the decks' `retired:` mappings.
RETIRED = {
    "bn-backward-dx": "bn-backward-derivation",
    "eval-mode-what-changes": "bn-train-vs-test",
    "eval-common-bugs": "bn-train-eval-gap-debug",
    "bn-batch-size-one": "bn-small-batch-problems",
    "bn-grad-accumulation": "bn-small-batch-problems",
}

# Topics the issue requires beyond the article, each with the card(s) that cover it.
REQUIRED_TOPICS: dict[str, tuple[str, ...]] = {
    "backward: computation graph": ("bn-backward-graph",),
    "backward: dx̂": ("bn-backward-dxhat",),
    "backward: dσ²": ("bn-backward-dvar",),
    "backward: dμ": ("bn-backward-dmu",),
    "backward: compact dx": ("bn-backward-compact",),
    "backward: Σdx = 0": ("bn-backward-sum-zero",),
    "inference and folding": ("bn-inference-affine", "bn-fold-conv"),
    "momentum and running statistics": ("bn-running-stats-momentum", "bn-running-var-unbiased"),
    "model.eval() and its bugs": ("bn-train-vs-test", "bn-train-eval-gap-debug", "bn-eval-only-bn-layers"),
    "small batches, SyncBN, Batch Renorm, GN": (
        "bn-small-batch-problems",
        "syncbn",
        "batch-renorm",
        "gn-definition",
    ),
    "LN and transformers": ("ln-definition", "ln-why-transformers"),
    "pre-LN vs post-LN": ("preln-vs-postln",),
    "RMSNorm in LLMs": ("rmsnorm-definition", "rmsnorm-llm"),
    "IN and AdaIN": ("in-definition", "adain-style-transfer"),
    "weight standardization": ("weight-standardization",),
    "scale invariance, learning rate, weight decay": (
        "bn-scale-invariance",
        "bn-effective-lr-weight-decay",
    ),
    "zero-init γ": ("zero-init-gamma",),
    "fine-tuning with frozen statistics": ("bn-finetune-frozen-stats",),
    "BN with RNNs": ("bn-with-rnns",),
    "DyT": ("dyt-normalization-free", "today-dyt-what-replaces"),
    # Issue 18's deck on today's models, topic by topic.
    "Pre-LN vs Post-LN and warm-up": ("preln-vs-postln", "postln-warmup", "today-preln-formula-choice"),
    "sandwich / Peri-LN": ("today-sandwich-periln",),
    "QK-Norm and logit growth": ("today-qk-norm", "today-logit-growth", "today-qk-norm-choice"),
    "the LLaMA block, RMSNorm in fp32": ("today-llama-block", "today-rmsnorm-fp32", "today-llama-norm-choice"),
    "conditional BN, FiLM, SPADE": ("today-conditional-bn", "today-film", "today-spade"),
    "AdaLN and AdaLN-Zero in DiT": ("today-adaln-dit", "today-adaln-zero-choice"),
    "GroupNorm(32) in diffusion U-Nets": ("today-unet-groupnorm", "today-diffusion-gn-choice"),
    "stable variance: two-pass, Welford, Chan": ("today-naive-variance", "today-welford", "today-chan-merge"),
    "shape pitfalls": ("today-bn1d-sequence", "today-channels-last", "today-bn3d"),
    "input normalization": ("today-input-normalization",),
    "LRN in AlexNet": ("today-lrn",),
    "Switchable Norm, EvoNorm, FRN + TLU": ("today-sn-evonorm-frn",),
}

CJK = re.compile(r"[\u4e00-\u9fff]")
LATEX = re.compile(r"\\(frac|sqrt|sum|mu|sigma|gamma|beta|hat|cdot|left|right)\b|\$|\\\(|\\\[")
CITES_A_PAPER = re.compile(r"\bet al\.|\b(19|20)\d\d\b")
REF_FORM = re.compile(r"(19|20)\d\d$|documentation|CS231n")


@pytest.fixture(scope="module")
def catalog():
    # Built-in content only: the autouse fixture points QUIZAPP_HOME at an empty folder anyway.
    return load_catalog(include_user=False)


@pytest.fixture(scope="module")
def theory(catalog):
    decks = {deck.id: deck for deck in catalog.decks if deck.id in THEORY_DECKS}
    assert sorted(decks) == sorted(THEORY_DECKS), "a theory deck is missing"
    return decks


def theory_cards(theory):
    for deck in theory.values():
        yield from deck.cards


def card_texts(card) -> list[tuple[str, Text]]:
    texts = [("question", card.question)]
    if isinstance(card, QACard):
        texts.append(("answer", card.answer))
        if card.details is not None:
            texts.append(("details", card.details))
        texts += [(f"key_points[{i}]", t) for i, t in enumerate(card.key_points)]
    else:
        texts += [(f"options[{i}]", t) for i, t in enumerate(card.options)]
        texts.append(("explanation", card.explanation))
    return texts


def test_counts(theory) -> None:
    kinds = Counter(card.kind for card in theory_cards(theory))
    assert kinds["qa"] >= 120, kinds
    assert kinds["choice"] >= 40, kinds


def test_merged_cards_are_retired_into_their_replacements(catalog) -> None:
    retired = catalog.retired()
    for old, new in RETIRED.items():
        assert catalog.card(old) is None, f"{old} is still live"
        assert retired.get(old) == new, f"{old} must be retired into {new}"


def test_the_deck_on_todays_models_is_complete(theory) -> None:
    kinds = Counter(card.kind for card in theory["normalization-today"].cards)
    assert kinds["qa"] >= 20 and kinds["choice"] >= 8, kinds


def test_every_deck_declares_both_languages(catalog) -> None:
    for deck in catalog.decks:
        assert set(LANGS) <= set(deck.languages), deck.id
        for name, text in (("title", deck.title), ("description", deck.description)):
            for lang in LANGS:
                assert lang in text.langs and text.get(lang).strip(), f"{deck.id}.{name}.{lang}"


def test_every_text_is_present_and_non_empty_in_both_languages(catalog) -> None:
    for deck in catalog.decks:
        for card in deck.cards:
            for field, text in card_texts(card):
                for lang in LANGS:
                    assert lang in text.langs, f"{card.id}.{field}: no {lang}"
                    assert text.get(lang).strip(), f"{card.id}.{field}.{lang} is empty"


def test_languages_are_not_swapped_and_math_is_unicode(theory) -> None:
    for card in theory_cards(theory):
        for field, text in card_texts(card):
            zh, en = text.get("zh"), text.get("en")
            assert not CJK.search(en), f"{card.id}.{field}.en contains Chinese"
            if not field.startswith("options"):  # options may be bare formulas
                assert CJK.search(zh), f"{card.id}.{field}.zh has no Chinese"
            for lang, value in (("zh", zh), ("en", en)):
                assert not LATEX.search(value), f"{card.id}.{field}.{lang} uses LaTeX"


def test_ids_are_unique_across_all_decks(catalog) -> None:
    ids = Counter(card.id for card in catalog.cards())
    assert not [i for i, n in ids.items() if n > 1]
    deck_ids = Counter(deck.id for deck in catalog.decks)
    assert not [i for i, n in deck_ids.items() if n > 1]


def test_ids_are_stable(theory) -> None:
    for deck_id, ids in STABLE_IDS.items():
        present = {card.id for card in theory[deck_id].cards}
        missing = [i for i in ids if i not in present]
        assert not missing, f"{deck_id} lost cards (ids must stay stable): {missing}"


def test_key_points(theory) -> None:
    for card in theory_cards(theory):
        if isinstance(card, QACard):
            assert 2 <= len(card.key_points) <= 5, card.id
            assert card.answer.get("en").strip() and card.answer.get("zh").strip(), card.id


def test_choice_cards_are_well_formed(theory) -> None:
    for card in theory_cards(theory):
        if isinstance(card, ChoiceCard):
            assert 2 <= len(card.options) <= 6, card.id
            assert card.correct and len(set(card.correct)) == len(card.correct), card.id
            assert all(0 <= i < len(card.options) for i in card.correct), card.id
            options = [o.get("en") for o in card.options]
            assert len(set(options)) == len(options), f"{card.id}: duplicate options"


def _half_width(text: str) -> str:
    from quizapp.content.punctuation import FULL_WIDTH

    return text.translate({ord(full): half for half, full in FULL_WIDTH.items()})


def test_every_article_question_is_a_qa_card_in_batchnorm_basics(theory) -> None:
    basics = {card.id: card for card in theory["batchnorm-basics"].cards}
    for card_id, asked in ARTICLE_QUESTIONS.items():
        card = basics.get(card_id)
        assert card is not None, f"article question {asked[0]!r} has no card {card_id}"
        assert isinstance(card, QACard), card_id
        # The article's words, with Chinese punctuation (the article itself mixes in half-width marks).
        written = _half_width(card.question.get("zh"))
        assert written in {_half_width(a) for a in asked}, f"{card_id}: zh question is not the article's"


def test_contract_example_card(theory) -> None:
    card = next(c for c in theory["batchnorm-basics"].cards if c.id == "bn-what-problem")
    assert card.question.get("zh") == "BN解决了什么问题？"  # CONTRACT.md's example, in Chinese punctuation
    assert card.question.get("en") == "What problems does BN solve?"


def test_required_topics_are_covered(catalog) -> None:
    for topic, ids in REQUIRED_TOPICS.items():
        for card_id in ids:
            assert catalog.card(card_id) is not None, f"{topic}: no card {card_id}"


def test_corrections_to_the_article_are_on_the_cards(catalog) -> None:
    """The cards say where the article is wrong or dated, with the source."""
    expectations = {
        "bn-what-problem": ("Santurkar",),
        "bn-placement": ("He et al., Identity Mappings",),
        "bn-with-dropout": ("Li et al., Understanding the Disharmony",),
        "bn-overfitting": ("Bjorck", "van Laarhoven"),
    }
    for card_id, sources in expectations.items():
        card = catalog.card(card_id)
        for source in sources:
            assert any(source in ref for ref in card.refs), f"{card_id}: cite {source}"
    critique = catalog.card("bn-forward-article-critique").answer
    for lang in LANGS:
        for point in (".numel()", "gamma, beta = 1, 0", "num_features", "float64"):
            assert point in critique.get(lang), f"bn-forward-article-critique.{lang} must discuss {point}"


# Issue 18's corrections, each as (card, field, phrases the text must hold in en and in zh).
CORRECTIONS = [
    ("bn-bias-redundant", "answer", ("whether or not", "affine"), ("无论", "affine")),
    ("bn-forward-article-critique", "answer", ("torch.Tensor", "autograd"), ("torch.Tensor", "autograd")),
    ("bn-dropout-p-convention", "answer", ("keep probability", "drop** probability"), ("保留概率", "丢弃**概率")),
    ("bn-fold-conv", "answer", ("BN → ReLU → Conv", "cannot"), ("BN → ReLU → Conv", "不能")),
    ("bn-why-gamma-beta", "answer", ("population", "zero median"), ("总体", "零中位数")),
    ("ln-why-transformers", "answer", ("future", "weak"), ("未来", "弱")),
    ("bn-finetune-frozen-stats", "answer", ("is_trained",), ("is_trained",)),
    ("gn-definition", "answer", ("has no default",), ("没有默认值",)),
    ("virtual-bn", "answer", ("the example itself",), ("样本自己",)),
    ("rmsnorm-llm", "answer", ("T5's \"LayerNorm\" is in fact RMSNorm",), ("T5 的“LayerNorm”其实就是 RMSNorm",)),
    ("bn-other-normalizations", "details", ("batch-2", "1 AP"), ("batch 为 2", "1 AP")),
    ("bn-train-vs-test", "answer", ("correct inference results come from `eval()`",), ("推理结果正确靠的是 `eval()`",)),
    ("spectral-norm", "answer", ("approximate",), ("近似",)),
    ("bn-ics-vs-smoothness", "answer", ("internal covariate shift",), ("内部协变量偏移",)),
    ("bn-fold-conv", "answer", ("fusing or merging",), ("融合", "合并")),
]


@pytest.mark.parametrize(("card_id", "field", "en", "zh"), CORRECTIONS)
def test_issue_18_corrections_are_on_the_cards(catalog, card_id: str, field: str, en, zh) -> None:
    text = getattr(catalog.card(card_id), field)
    for phrase in en:
        assert phrase in text.get("en"), f"{card_id}.{field}.en: {phrase!r}"
    for phrase in zh:
        assert phrase in text.get("zh"), f"{card_id}.{field}.zh: {phrase!r}"


def test_cards_that_cite_papers_have_refs(theory) -> None:
    for card in theory_cards(theory):
        body = card.answer if isinstance(card, QACard) else card.explanation
        if CITES_A_PAPER.search(body.get("en")):
            assert card.refs, f"{card.id} cites work but has no refs"
        for ref in card.refs:
            assert REF_FORM.search(ref), f"{card.id}: ref {ref!r} lacks a year or documentation"


def _code_blocks(text: str) -> list[str]:
    return re.findall(r"```python\n(.*?)```", text, re.S)


@pytest.mark.parametrize("lang", LANGS)
def test_the_numpy_sketch_on_the_card_is_a_correct_batchnorm2d(catalog, lang: str) -> None:
    from solutions import BatchNorm2D as Reference

    (code,) = _code_blocks(catalog.card("bn-implement-forward").answer.get(lang))
    namespace: dict = {}
    exec(compile(code, f"bn-implement-forward.{lang}", "exec"), namespace)
    ours, ref = namespace["BatchNorm2D"](3, momentum=0.2), Reference(3, momentum=0.2)
    rng = np.random.default_rng(7)
    for layer in (ours, ref):
        layer.gamma = np.array([0.5, 1.0, 2.0])
        layer.beta = np.array([0.1, -0.2, 0.3])
    for step in range(3):
        x = rng.normal(1.0, 2.0, size=(4, 3, 5, 6)).astype(np.float32)
        if step == 2:
            ours.training = ref.training = False
        got, want = ours.forward(x), ref.forward(x)
        assert got.dtype == x.dtype and got.shape == x.shape
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)
        np.testing.assert_allclose(ours.running_mean, ref.running_mean, rtol=1e-6)
        np.testing.assert_allclose(ours.running_var, ref.running_var, rtol=1e-6)


def test_the_compact_backward_formula_on_the_cards_matches_the_reference(catalog) -> None:
    from solutions import batchnorm_backward

    formula = "dx = (γ / (N·s))·(N·dy − Σdy − x̂·Σ(dy·x̂))"
    card = catalog.card("bn-backward-compact")
    assert any(formula in kp.get("en") for kp in card.key_points)

    rng = np.random.default_rng(3)
    x, dy = rng.normal(2.0, 3.0, size=(6, 4)), rng.normal(size=(6, 4))
    gamma, eps, n = rng.normal(size=4), 1e-5, x.shape[0]
    s = np.sqrt(x.var(axis=0) + eps)
    x_hat = (x - x.mean(axis=0)) / s
    dx = (gamma / (n * s)) * (n * dy - dy.sum(axis=0) - x_hat * (dy * x_hat).sum(axis=0))
    want_dx, want_dgamma, want_dbeta = batchnorm_backward(dy, x, gamma, eps=eps)
    np.testing.assert_allclose(dx, want_dx, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose((dy * x_hat).sum(axis=0), want_dgamma, rtol=1e-9)
    np.testing.assert_allclose(dy.sum(axis=0), want_dbeta, rtol=1e-9)
    np.testing.assert_allclose(dx.sum(axis=0), 0.0, atol=1e-9)  # bn-backward-sum-zero
