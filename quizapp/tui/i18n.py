"""The app's own words in each language (content brings its own translations).

Binding descriptions (footer, command palette) stay in English: Textual reads
them from class-level bindings, and one set of key names is easier to look up.
"""

from __future__ import annotations

LANGS = ("en", "zh")

_WORDS: dict[str, tuple[str, str]] = {
    # key: (en, zh)
    "app_title": ("quizapp · normalization layers", "quizapp · 归一化层面试"),
    "loading": ("Loading…", "加载中…"),
    "today": ("Today", "今天"),
    "decks": ("Decks", "卡组"),
    "exercises": ("Exercises", "编程练习"),
    "deck": ("Deck", "卡组"),
    "due": ("Due", "待复习"),
    "new": ("New", "新卡"),
    "total": ("Total", "总数"),
    "mastery": ("Mastery", "掌握度"),
    "exercise": ("Exercise", "练习"),
    "status": ("Status", "状态"),
    "best_time": ("Best time", "最佳用时"),
    "st_new": ("new", "未做"),
    "st_attempted": ("attempted", "尝试过"),
    "st_solved": ("solved", "已通过"),
    "st_due": ("due", "待复习"),
    "next_review": (
        "{due} due and {new} new cards waiting. Press [b]r[/b] to start today's review.",
        "{due} 张待复习，{new} 张新卡。按 [b]r[/b] 开始今天的复习。",
    ),
    "next_done": (
        "Nothing due right now. Drill a deck with [b]enter[/b], or practise an exercise.",
        "现在没有要复习的卡片。选择卡组按 [b]enter[/b] 练习，或者做一道编程题。",
    ),
    "next_exercise": ("Next exercise: {title} (press [b]e[/b])", "下一道练习：{title}（按 [b]e[/b]）"),
    "content_errors": (
        "{n} content error(s); the rest loaded. Run `quizapp check` for details.",
        "内容有 {n} 处错误，其余已加载。运行 `quizapp check` 查看详情。",
    ),
    "no_cards": ("No cards to review here right now.", "这里现在没有要复习的卡片。"),
    "no_choice": ("This deck has no choice cards.", "这个卡组没有选择题。"),
    "question": ("Question", "问题"),
    "answer": ("Answer", "答案"),
    "details": ("In depth", "深入"),
    "key_points": ("Key points: tick what you recalled", "要点：勾选你答出的内容"),
    "show_answer": ("Press [b]space[/b] to show the answer", "按 [b]space[/b] 显示答案"),
    "suggested": ("suggested: {rating}", "建议评分：{rating}"),
    "again": ("Again", "重来"),
    "hard": ("Hard", "困难"),
    "good": ("Good", "良好"),
    "easy": ("Easy", "简单"),
    "card_n": ("Card {i} of {n}", "第 {i} / {n} 张"),
    "summary": ("Session finished", "本轮完成"),
    "summary_cards": ("{n} cards reviewed in {time}", "共复习 {n} 张，用时 {time}"),
    "summary_back": ("Press [b]enter[/b] or [b]q[/b] to go back.", "按 [b]enter[/b] 或 [b]q[/b] 返回。"),
    "quiz_score": ("Score: {right} / {total}", "得分：{right} / {total}"),
    "correct": ("Correct", "正确"),
    "wrong": ("Wrong: the answer is {answer}", "错误：正确答案是 {answer}"),
    "pick": ("Pick with [b]a[/b]–[b]{last}[/b] or a click", "按 [b]a[/b]–[b]{last}[/b] 或点击选择"),
    "pick_many": (
        "Several answers: toggle with [b]a[/b]–[b]{last}[/b], then [b]enter[/b]",
        "多选：按 [b]a[/b]–[b]{last}[/b] 切换，再按 [b]enter[/b] 提交",
    ),
    "continue": ("[b]space[/b] next", "按 [b]space[/b] 继续"),
    "prompt": ("Task", "题目"),
    "results": ("Results", "结果"),
    "no_results": (
        "ctrl+r runs the samples, ctrl+s submits to the hidden suite.",
        "ctrl+r 运行示例，ctrl+s 提交到隐藏测试。",
    ),
    "grading": ("Grading…", "评测中…"),
    "busy": ("Already grading: wait for the result.", "正在评测，请等待结果。"),
    "samples": ("samples", "示例"),
    "hidden": ("hidden suite", "隐藏测试"),
    "hint_n": ("Hint {i}/{n}", "提示 {i}/{n}"),
    "no_more_hints": ("No more hints.", "没有更多提示了。"),
    "accepted_title": ("Accepted: {title}", "通过：{title}"),
    "gave_up_title": ("Reference for {title}", "参考答案：{title}"),
    "explanation": ("Explanation", "讲解"),
    "your_code": ("Your code", "你的代码"),
    "reference": ("Reference", "参考实现"),
    "reloaded": ("Draft reloaded from {path}", "已从 {path} 重新载入草稿"),
    "help_title": ("Keys on this screen", "本屏按键"),
    "help_key": ("Key", "按键"),
    "help_action": ("Action", "功能"),
    "lang_now": ("Language: English", "语言：中文"),
    "verdict_accepted": ("accepted", "通过"),
    "verdict_wrong_answer": ("wrong answer", "答案错误"),
    "verdict_runtime_error": ("runtime error", "运行错误"),
    "verdict_time_limit_exceeded": ("time limit exceeded", "超时"),
    "verdict_memory_limit_exceeded": ("memory limit exceeded", "超内存"),
    "verdict_output_limit_exceeded": ("output limit exceeded", "输出过多"),
    "verdict_syntax_error": ("syntax error", "语法错误"),
    "verdict_interface_error": ("interface error", "接口错误"),
    "verdict_judge_error": ("judge error", "评测系统错误"),
    "passed_of": ("{passed}/{total} passed", "通过 {passed}/{total}"),
    # statistics screen
    "stats_title": ("Statistics", "统计"),
    "stats_overview": ("Overview", "概览"),
    "stats_line": (
        "{reviews} reviews · {seen} cards seen · {due} due now · streak {streak} d · "
        "retention (30 d) {retention} · {attempts} exercise attempts, {accept} accepted",
        "复习 {reviews} 次 · 见过 {seen} 张卡 · 现在待复习 {due} 张 · 连续 {streak} 天 · "
        "30 天保持率 {retention} · 编程尝试 {attempts} 次，通过率 {accept}",
    ),
    "stats_heatmap": ("Reviews per day, last 30 days", "最近 30 天每日复习量"),
    "stats_retention": ("Retention by week (recalls of cards already in review)", "每周保持率（已进入复习阶段的卡片）"),
    "stats_week_of": ("from {day}", "{day} 起"),
    "stats_forecast": ("Due in the next 7 days", "未来 7 天到期"),
    "stats_mastery": ("Mastery per deck (stability of 21 days or more)", "各卡组掌握度（稳定性 ≥ 21 天）"),
    "stats_tags": ("Mastery per tag", "各标签掌握度"),
    "stats_exercises": ("Exercises: attempts and best times", "编程练习：尝试次数与最佳用时"),
    "stats_attempts": ("{n} attempts, {ok} accepted", "尝试 {n} 次，通过 {ok} 次"),
    "stats_none": ("Nothing yet.", "暂无。"),
    "stats_leeches": ("Leeches (forgotten 8 times or more)", "顽固卡（遗忘 8 次以上）"),
    "stats_leech": ("{front}: {n} lapses", "{front}：遗忘 {n} 次"),
    "stats_no_leeches": ("No leeches.", "没有顽固卡。"),
    # mock interview
    "mock_title": ("Mock interview", "模拟面试"),
    "mock_item": ("Item {i} of {n}", "第 {i} / {n} 题"),
    "mock_left": ("{time} left", "剩余 {time}"),
    "mock_your_answer": ("Your answer (optional; kept in the report)", "你的回答（可选，会保存在报告里）"),
    "mock_reveal_hint": (
        "Answer as you would out loud, then press [b]ctrl+s[/b] to see the key points and tick what you covered.",
        "像面试时那样作答，然后按 [b]ctrl+s[/b] 查看要点，勾选你答到的内容。",
    ),
    "mock_report_title": ("Mock interview report #{n}", "模拟面试报告 #{n}"),
    "mock_total": ("Score: {score}%", "得分：{score}%"),
    "mock_time_used": ("Time: {used} of {limit}", "用时：{used} / {limit}"),
    "mock_timed_out": ("Time ran out: items not reached score 0.", "时间到：未作答的题目记 0 分。"),
    "mock_first": (
        "Your first mock interview: the next one will be compared with it.",
        "这是你的第一次模拟面试，下次会与它比较。",
    ),
    "mock_change": ("Previous mock: {before}% ({delta} points)", "上次模拟面试：{before}%（变化 {delta} 分）"),
    "mock_dimensions": ("Score per dimension", "各维度得分"),
    "mock_topics": ("Score per topic", "各主题得分"),
    "mock_items": ("Items", "题目"),
    "mock_coding": ("Coding", "编程"),
    "mock_weakest": ("Weakest cards: they come back sooner in your reviews", "最薄弱的卡片：会更早出现在复习中"),
    "mock_no_weak": ("None: every card answered in full.", "无：每张卡片都答全了。"),
    "mock_end_confirm": (
        "Press q again to end the interview now: items not answered score 0.",
        "再按一次 q 立即结束面试：未作答的题目记 0 分。",
    ),
    "mock_exported": ("Report written to {path}", "报告已写入 {path}"),
    "mock_export_failed": ("Could not write the report: {error}", "无法写入报告：{error}"),
    "dim_theory": ("Theory recall", "理论回忆"),
    "dim_choice": ("Multiple choice", "选择题"),
    "dim_coding": ("Coding correctness", "代码正确性"),
    "dim_time": ("Time", "时间"),
    # timed challenges
    "time_left": ("{time} left", "剩余 {time}"),
    "time_up": ("time is up", "时间到"),
    "time_up_submitting": ("Time is up: your draft was submitted as it stands.", "时间到：已按当前草稿提交。"),
    "no_hints_timed": ("Hints are off in timed mode, as in an interview.", "限时模式下不提供提示，和面试一样。"),
    "timed_setup": ("Timed challenge: {title}", "限时挑战：{title}"),
    "timed_minutes": ("Minutes (enter to start, escape to cancel)", "分钟数（enter 开始，escape 取消）"),
    "timed_bad_minutes": ("Enter a whole number of minutes from 1 to 180.", "请输入 1 到 180 之间的整数分钟。"),
    # sessions and custom study (issue 16)
    "mock_not_answered": ("not answered", "未作答"),
    "cs_title": ("Custom study: {deck}", "自定义学习：{deck}"),
    "cs_intro": (
        "Nothing is due here today. Study more: new cards are scheduled as usual; a cram reschedules nothing.",
        "今天这里没有要复习的卡片。可以继续学习：新卡照常排期；突击复习不改变任何排期。",
    ),
    "cs_new_deck": ("{n} more new cards from this deck today", "今天再学本卡组 {n} 张新卡"),
    "cs_new_tag": ("{n} more new cards tagged #{tag}", "再学标签 #{tag} 的 {n} 张新卡"),
    "cs_cram_deck": ("Cram this deck (no rescheduling)", "突击复习本卡组（不改变排期）"),
    "cs_cram_tag": ("Cram tag #{tag} (no rescheduling)", "突击复习标签 #{tag}（不改变排期）"),
    "cs_weakest": (
        "Drill my weakest tag: #{tag} (cram, weakest cards first)",
        "练习我最弱的标签：#{tag}（突击复习，最弱的卡片在前）",
    ),
    "cs_cram_title": ("Cram: {what}", "突击复习：{what}"),
    "cs_keys": ("↑↓ choose · enter start · escape close", "↑↓ 选择 · enter 开始 · escape 关闭"),
    "undid_other": ("Undid the newest answer in your history: {card}", "已撤销历史中最新的回答：{card}"),
}

RATING_KEYS = ("again", "hard", "good", "easy")


def tr(key: str, lang: str, **values: object) -> str:
    """The text for `key` in `lang` (English if `lang` is unknown)."""
    en, zh = _WORDS[key]
    text = zh if lang == "zh" else en
    return text.format(**values) if values else text


def verdict_label(verdict: str, lang: str) -> str:
    key = f"verdict_{verdict}"
    return tr(key, lang) if key in _WORDS else verdict.replace("_", " ")


def format_duration(ms: int) -> str:
    """12s, 3m05s, 1h02m: durations as they appear in tables."""
    seconds = max(0, round(ms / 1000))
    if seconds < 60:
        return f"{seconds}s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes}m{seconds:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m"
