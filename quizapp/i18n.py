"""Every word the app says, in English and Chinese: one plain table, key -> (en, zh).

The screens, footer, help, palette and toasts (through quizapp/tui/i18n.py), the
command line's text output, and the grader's messages (their own table,
quizapp/grading/messages.py, with the same shape) read from here. A plain table
rather than gettext or Babel: two languages, both always shipped, a few hundred
short strings with `{placeholders}`; a dict needs no compile step and no
locale machinery at import (`quizapp grade` starts in milliseconds), and
tests/test_i18n_catalogue.py proves what gettext would not: every key has both
languages, the same placeholders, and Chinese punctuation.

No textual here: the CLI and the grader use it too.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

LANGS = ("en", "zh")

WORDS: dict[str, tuple[str, str]] = {
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
    "quiz_score": ("Choice cards right: {right} / {total}", "选择题答对：{right} / {total}"),
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
    "busy": ("Already grading: wait for the result.", "正在评测，请等待结果。"),
    "samples": ("samples", "示例"),
    "hidden": ("hidden suite", "隐藏测试"),
    "hint_n": ("Hint {i}/{n}", "提示 {i}/{n}"),
    "grading_what": ("Grading… ({what})", "评测中…（{what}）"),
    "mock_item_line": (
        "{mark} {n:>2}. {prompt}  ·  {score}  ·  {time}",
        "{mark} {n:>2}、{prompt}（{score}，{time}）",
    ),
    "mock_weak_line": ("• {prompt} ({score})", "• {prompt}（{score}）"),
    "hint_line": ("**{heading}**: {text}", "**{heading}**：{text}"),
    "case_line": ("{name}: {verdict}", "{name}：{verdict}"),
    "stdout_title": ("stdout:", "stdout："),
    "no_more_hints": ("No more hints.", "没有更多提示了。"),
    "accepted_title": ("Accepted: {title}", "通过：{title}"),
    "gave_up_title": ("Reference for {title}", "参考答案：{title}"),
    "explanation": ("Explanation", "讲解"),
    "your_code": ("Your code", "你的代码"),
    "reference": ("Reference", "参考实现"),
    "model_answer": ("Model answer", "参考答案"),
    "boot_failed": ("Your review history could not be opened: {error}", "无法打开你的复习记录：{error}"),
    "editor_failed": ("cannot open $EDITOR: {error}", "无法打开 $EDITOR：{error}"),
    "reloaded": ("Draft reloaded from {path}", "已从 {path} 重新载入草稿"),
    "help_title": ("Keys on this screen", "本屏按键"),
    "help_key": ("Key", "按键"),
    "help_action": ("Action", "功能"),
    "help_palette": ("Command palette: every action by name", "命令面板：按名称查找所有操作"),
    "help_this": ("This help", "本帮助"),
    "palette_key": ("key: {keys}", "按键：{keys}"),
    "palette_language": ("Language: English / 中文", "语言：中文 / English"),
    "palette_language_help": ("switch the language of cards and labels", "切换卡片和界面的语言"),
    "help_language": ("Switch the language (中/En)", "切换语言（中/En）"),
    "help_quit": ("Quit the app", "退出应用"),
    "help_close": ("escape / q / ? close", "escape / q / ? 关闭"),
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
    # the exercise's results pane, reset and next exercise
    "case_col": ("Case", "用例"),
    "verdict_col": ("Verdict", "结果"),
    "cpu_col": ("CPU", "耗时"),
    "case_passed": ("This case passed.", "该用例通过。"),
    "result_hint": ("→ Hint: {hint}", "→ 提示：{hint}"),
    "reset_title": ("Reset to the starter code?", "恢复为初始代码？"),
    "reset_body": (
        "Your draft ({lines} lines) is replaced by the starter code and the clock starts again.",
        "你的草稿（{lines} 行）将被初始代码替换，计时重新开始。",
    ),
    "reset_keys": ("y / enter reset · n / escape keep my draft", "y / enter 恢复 · n / escape 保留草稿"),
    "reset_done": ("Back to the starter code.", "已恢复为初始代码。"),
    "reset_same": ("The draft is already the starter code.", "草稿已经是初始代码。"),
    "no_next_exercise": ("Every exercise is solved and none is due.", "所有练习都已通过，暂无待复习的练习。"),
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
    "stats_attempts": ("attempts: {n}, accepted: {ok}", "尝试：{n} 次，通过：{ok} 次"),
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
    "mock_not_answered": ("not answered", "未作答"),
    "mock_export_failed": ("Could not write the report: {error}", "无法写入报告：{error}"),
    # the mock report's Markdown export
    "report_title": ("Mock interview report", "模拟面试报告"),
    "report_total": ("Total", "总分"),
    "report_time": ("Time", "用时"),
    "report_of": ("of", "/"),
    "report_topics": ("Score per topic", "各主题得分"),
    "report_dims": ("Score per dimension", "各维度得分"),
    "report_items": ("Items", "题目"),
    "report_weakest": ("Weakest cards (scheduled sooner)", "最薄弱的卡片（已提前安排复习）"),
    "report_none": ("None: every card answered in full.", "无：每张卡片都答全了。"),
    "report_progress": ("Compared with the previous mock", "与上一次模拟面试相比"),
    "report_first": ("This is your first mock interview.", "这是你的第一次模拟面试。"),
    "report_item": ("Item", "题目"),
    "report_topic": ("Topic", "主题"),
    "report_score": ("Score", "得分"),
    "report_dimension": ("Dimension", "维度"),
    "report_previous": ("Previous", "上次"),
    "report_change": ("Change", "变化"),
    "report_answers": ("Your written answers", "你写下的回答"),
    "report_not_answered": ("not answered", "未作答"),
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
    "undid_other": ("Undid the newest answer in your history: {card}", "已撤销历史中最新的回答：{card}"),
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
    # the command line's text output (list, check, stats)
    "cli_deck_line": ("deck {id}: {title} ({n} cards)", "卡组 {id}：{title}（{n} 张卡）"),
    "cli_kind_qa": ("qa", "问答"),
    "cli_kind_choice": ("choice", "选择"),
    "cli_exercises": ("exercises:", "编程练习："),
    "cli_content_errors": (
        "quizapp: {n} content error(s); run `quizapp check` for details:",
        "quizapp：内容有 {n} 处错误；运行 `quizapp check` 查看详情：",
    ),
    "cli_not_loaded": ("{path}: not loaded: {why}", "{path}：未加载：{why}"),
    "cli_check_ok": ("ok", "通过"),
    "cli_check_failed": ("FAILED", "未通过"),
    "cli_check_summary": (
        "{verdict}: {files} file(s), {decks} deck(s), {cards} card(s), {exercises} exercise(s), "
        "{errors} content error(s)",
        "{verdict}：{files} 个文件，{decks} 个卡组，{cards} 张卡，{exercises} 道练习，{errors} 处内容错误",
    ),
    "cli_check_unloaded": (", {n} file(s) not loaded", "，{n} 个文件未加载"),
    "cli_check_failed_checks": (", {n} exercise check(s) failed", "，{n} 项练习检查未通过"),
    "stats_t_reviews": (
        "Reviews: {reviews}   today: {today}   streak: {streak} day(s)",
        "复习：{reviews} 次   今天：{today} 次   连续：{streak} 天",
    ),
    "stats_t_cards": (
        "Cards: {seen} seen of {active}   due now: {due}",
        "卡片：见过 {seen} / {active} 张   现在待复习：{due} 张",
    ),
    "stats_t_retention": (
        "True retention (30 days): {pct} of {n} reviews",
        "真实保持率（30 天）：{pct}，共 {n} 次复习",
    ),
    "stats_t_exercises": (
        "Exercises: {attempts} attempts, {accepted} accepted ({rate}), {solved} exercises solved",
        "编程练习：尝试 {attempts} 次，通过 {accepted} 次（{rate}），已解出 {solved} 道",
    ),
    "stats_t_days": ("Last 30 days: |{bars}| max {peak}/day", "最近 30 天：|{bars}| 最多 {peak} 次/天"),
    "stats_t_due": ("Due next 7 days: {days}", "未来 7 天到期：{days}"),
    "stats_t_decks": ("Decks (mature / cards):", "卡组（已掌握 / 总数）："),
    "stats_t_tags": ("Tags: {tags}", "标签：{tags}"),
    "stats_t_more": (" (+{n} more)", "（另有 {n} 个）"),
    "stats_t_bests": ("Personal bests:", "个人最佳："),
    "stats_t_leeches": ("Leeches (lapsed 8+ times): {items}", "顽固卡（遗忘 8 次以上）：{items}"),
    "stats_t_rewritten": ("Rewritten since last review: {items}", "上次复习后改写过：{items}"),
    "stats_t_removed": ("Removed from content (history kept): {n}", "已从内容中移除（保留历史）：{n}"),
    "stats_t_mock": ("Mock interviews: {n}, last score {pct}%", "模拟面试：{n} 次，最近一次得分 {pct}%"),
    "give_up_confirm": (
        "Press ctrl+g again to give up and see the reference (the exercise is rated Again).",
        "再按一次 ctrl+g 放弃并查看参考答案（本题记为“重来”）。",
    ),
}

RATING_KEYS = ("again", "hard", "good", "easy")


def tr(key: str, lang: str, **values: object) -> str:
    """The text for `key` in `lang` (English if `lang` is unknown)."""
    en, zh = WORDS[key]
    text = zh if lang == "zh" else en
    return text.format(**values) if values else text


def list_separator(lang: str) -> str:
    """Between the items of an inline list: `a, b` in English, `a、b` in Chinese."""
    return "、" if lang == "zh" else ", "


def verdict_label(verdict: str, lang: str) -> str:
    key = f"verdict_{verdict}"
    return tr(key, lang) if key in WORDS else verdict.replace("_", " ")


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


# What a key does, as the footer, the help screen and the palette show it: the
# binding's English description -> (en, zh). Keyed by the description, so the
# keys of Textual's own widgets (an editor's "Select all") are found the same way.
ACTIONS: dict[str, tuple[str, str]] = {
    # the app's screens
    "Help": ("Help", "帮助"),
    "Review today": ("Review today", "今日复习"),
    "Open": ("Open", "打开"),
    "Quiz": ("Quiz", "选择题"),
    "Exercise": ("Exercise", "编程练习"),
    "Timed": ("Timed", "限时"),
    "Mock": ("Mock", "模拟面试"),
    "Stats": ("Stats", "统计"),
    "中/En": ("中/En", "中/En"),
    "Language": ("Language", "切换语言"),
    "Quit": ("Quit", "退出"),
    "Back": ("Back", "返回"),
    "Home": ("Home", "主页"),
    "Close": ("Close", "关闭"),
    "Code left": ("Code left", "代码左移"),
    "Code right": ("Code right", "代码右移"),
    "Next": ("Next", "下一个"),
    "Submit": ("Submit", "提交"),
    "Undo": ("Undo", "撤销"),
    "Refresh": ("Refresh", "刷新"),
    "Export Markdown": ("Export Markdown", "导出 Markdown"),
    "Next pane": ("Next pane", "下一栏"),
    "Results": ("Results", "结果"),
    "Reset": ("Reset", "重置"),
    "Next exercise": ("Next exercise", "下一题"),
    "Yes": ("Yes", "是"),
    "No": ("No", "否"),
    "Cancel": ("Cancel", "取消"),
    "Run samples": ("Run samples", "运行示例"),
    "Hint": ("Hint", "提示"),
    "Give up": ("Give up", "放弃"),
    "$EDITOR": ("$EDITOR", "外部编辑器"),
    "Leave editor": ("Leave editor", "离开编辑器"),
    "Edit": ("Edit", "编辑"),
    "Show key points": ("Show key points", "显示要点"),
    "Score it": ("Score it", "评分"),
    "End interview": ("End interview", "结束面试"),
    "Tick / pick": ("Tick / pick", "勾选或选择"),
    "Pick an option": ("Pick an option", "选择选项"),
    "Show answer": ("Show answer", "显示答案"),
    "Rate Again": ("Rate Again", "评为重来"),
    "Rate Hard": ("Rate Hard", "评为困难"),
    "Rate Good": ("Rate Good", "评为良好"),
    "Rate Easy": ("Rate Easy", "评为简单"),
    "Rate": ("Rate", "评分"),
    "Suggested": ("Suggested", "按建议评分"),
    "Tick a key point / pick an option": ("Tick a key point / pick an option", "勾选要点或选择选项"),
    "palette": ("palette", "命令面板"),
    # Textual's own: the app, screens and the widgets we use
    "Command palette": ("Command palette", "命令面板"),
    "Focus Next": ("Focus Next", "下一个控件"),
    "Focus Previous": ("Focus Previous", "上一个控件"),
    "Copy selected text": ("Copy selected text", "复制选中文本"),
    "Copy": ("Copy", "复制"),
    "Cut": ("Cut", "剪切"),
    "Cut selected text": ("Cut selected text", "剪切选中文本"),
    "Paste": ("Paste", "粘贴"),
    "Paste text from the clipboard": ("Paste text from the clipboard", "从剪贴板粘贴"),
    "Redo": ("Redo", "重做"),
    "Select all": ("Select all", "全选"),
    "Select line": ("Select line", "选中整行"),
    "Select line start": ("Select line start", "选到行首"),
    "Select line end": ("Select line end", "选到行尾"),
    "Select": ("Select", "选择"),
    "Toggle": ("Toggle", "切换"),
    "Toggle option": ("Toggle option", "切换选项"),
    "Press button": ("Press button", "按下按钮"),
    "Next option": ("Next option", "下一个选项"),
    "Previous option": ("Previous option", "上一个选项"),
    "Scroll Up": ("Scroll Up", "向上滚动"),
    "Scroll Down": ("Scroll Down", "向下滚动"),
    "Scroll Left": ("Scroll Left", "向左滚动"),
    "Scroll Right": ("Scroll Right", "向右滚动"),
    "Scroll Home": ("Scroll Home", "滚到开头"),
    "Scroll End": ("Scroll End", "滚到末尾"),
    "Page Up": ("Page Up", "向上翻页"),
    "Page Down": ("Page Down", "向下翻页"),
    "Page Left": ("Page Left", "向左翻页"),
    "Page Right": ("Page Right", "向右翻页"),
    "Page up": ("Page up", "向上翻页"),
    "Page down": ("Page down", "向下翻页"),
    "Top": ("Top", "顶部"),
    "Bottom": ("Bottom", "底部"),
    "Up": ("Up", "上移"),
    "Down": ("Down", "下移"),
    "First": ("First", "第一项"),
    "Last": ("Last", "最后一项"),
    "End": ("End", "末尾"),
    "Cursor up": ("Cursor up", "光标上移"),
    "Cursor down": ("Cursor down", "光标下移"),
    "Cursor left": ("Cursor left", "光标左移"),
    "Cursor right": ("Cursor right", "光标右移"),
    "Cursor up select": ("Cursor up select", "向上选择"),
    "Cursor down select": ("Cursor down select", "向下选择"),
    "Cursor left select": ("Cursor left select", "向左选择"),
    "Cursor right select": ("Cursor right select", "向右选择"),
    "Cursor word left": ("Cursor word left", "光标左移一词"),
    "Cursor word right": ("Cursor word right", "光标右移一词"),
    "Cursor left word select": ("Cursor left word select", "向左选择一词"),
    "Cursor right word select": ("Cursor right word select", "向右选择一词"),
    "Cursor line start": ("Cursor line start", "光标到行首"),
    "Cursor line end": ("Cursor line end", "光标到行尾"),
    "Cursor line start select": ("Cursor line start select", "选到行首"),
    "Cursor line end select": ("Cursor line end select", "选到行尾"),
    "Cursor page up": ("Cursor page up", "光标上翻一页"),
    "Cursor page down": ("Cursor page down", "光标下翻一页"),
    "Delete character left": ("Delete character left", "删除左边一个字符"),
    "Delete character right": ("Delete character right", "删除右边一个字符"),
    "Delete left to start of word": ("Delete left to start of word", "向左删除到词首"),
    "Delete right to start of word": ("Delete right to start of word", "向右删除到下一词首"),
    "Delete to line start": ("Delete to line start", "删除到行首"),
    "Delete to line end": ("Delete to line end", "删除到行尾"),
    "Delete all to the left": ("Delete all to the left", "删除左边全部"),
    "Delete all to the right": ("Delete all to the right", "删除右边全部"),
    "Delete line": ("Delete line", "删除整行"),
    "Go to start": ("Go to start", "到开头"),
    "Go to end": ("Go to end", "到末尾"),
    "Move cursor left": ("Move cursor left", "光标左移"),
    "Move cursor right": ("Move cursor right", "光标右移"),
    "Move cursor left a word": ("Move cursor left a word", "光标左移一词"),
    "Move cursor right a word": ("Move cursor right a word", "光标右移一词"),
    "Move cursor left and select": ("Move cursor left and select", "向左选择"),
    "Move cursor right and select": ("Move cursor right and select", "向右选择"),
    "Move cursor left a word and select": ("Move cursor left a word and select", "向左选择一词"),
    "Move cursor right a word and select": ("Move cursor right a word and select", "向右选择一词"),
    "Move cursor right or accept the completion suggestion": (
        "Move cursor right or accept the completion suggestion",
        "光标右移或接受补全建议",
    ),
    # Textual's own palette commands
    "Theme": ("Theme", "主题"),
    "Change the current theme": ("Change the current theme", "更换配色主题"),
    "Quit the application as soon as possible": ("Quit the application as soon as possible", "立即退出应用"),
    "Keys": ("Keys", "按键面板"),
    "Show help for the focused widget and a summary of available keys": (
        "Show help for the focused widget and a summary of available keys",
        "显示当前控件的帮助和可用按键",
    ),
    "Hide the keys and widget help panel": ("Hide the keys and widget help panel", "隐藏按键和控件帮助面板"),
    "Maximize": ("Maximize", "最大化"),
    "Maximize the focused widget": ("Maximize the focused widget", "最大化当前控件"),
    "Minimize": ("Minimize", "还原"),
    "Minimize the widget and restore to normal size": (
        "Minimize the widget and restore to normal size",
        "还原控件大小",
    ),
    "Screenshot": ("Screenshot", "截图"),
    "Save an SVG 'screenshot' of the current screen": (
        "Save an SVG 'screenshot' of the current screen",
        "把当前屏幕保存为 SVG 截图",
    ),
}


def action_text(description: str, lang: str) -> str:
    """A key's description in `lang`; a description the table lacks is shown as written."""
    pair = ACTIONS.get(description)
    if pair is None:
        return description
    return pair[1] if lang == "zh" else pair[0]


def action_names(description: str) -> tuple[str, ...]:
    """Every name of an action, for searches in either language."""
    return ACTIONS.get(description, (description,))


class Bilingual(str):
    """A message in both languages: the English text is the str itself (logs, tests and
    older callers read it as before), the Chinese one is `.zh`; `get(lang)` picks."""

    zh: str

    def __new__(cls, en: str, zh: str | None = None) -> Bilingual:
        obj = super().__new__(cls, en)
        obj.zh = en if zh is None else zh
        return obj

    @property
    def en(self) -> str:
        return str.__str__(self)

    def get(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


def in_lang(value: object, lang: str) -> str:
    """`value` in `lang` when it is Bilingual; anything else as it is."""
    return value.get(lang) if isinstance(value, Bilingual) else str(value)


def fill(table: Mapping[str, tuple[str, str]], key: str, /, **fields: object) -> Bilingual:
    """`table[key]` filled in both languages (a Bilingual field in the matching one)."""
    en, zh = table[key]
    return Bilingual(
        en.format(**{k: in_lang(v, "en") for k, v in fields.items()}),
        zh.format(**{k: in_lang(v, "zh") for k, v in fields.items()}),
    )


def catalogues() -> Iterator[tuple[str, Mapping[str, tuple[str, str]]]]:
    """Every (en, zh) table the app speaks from, by name: the tests check them all alike."""
    yield "quizapp.i18n.WORDS", WORDS
    yield "quizapp.i18n.ACTIONS", ACTIONS
    from quizapp.userinput import MESSAGES

    yield "quizapp.userinput.MESSAGES", MESSAGES
    from quizapp.content.messages import CONTENT_MESSAGES

    yield "quizapp.content.messages.CONTENT_MESSAGES", CONTENT_MESSAGES
    try:
        from quizapp.grading import messages
    except ImportError:  # the grader's catalogue is not in this build yet
        return
    for name in dir(messages):
        table = getattr(messages, name)
        if name.isupper() and isinstance(table, dict) and table and all(
            isinstance(v, tuple) and len(v) == 2 for v in table.values()
        ):
            yield f"quizapp.grading.messages.{name}", table


def cli_language(explicit: str | None = None, home: object | None = None) -> str:
    """The command line's language: `--lang`, else `quizapp config language`, else the locale, else English.

    The setting is read straight from the database, read-only, and any trouble
    with it (no database yet, locked, damaged) falls back to the locale: a
    language is never a reason for a command to fail.
    """
    if explicit in LANGS:
        return explicit
    stored = stored_language(home)
    if stored is not None:
        return stored
    from quizapp.userinput import cli_language as locale_language

    return locale_language(None)


def stored_language(home: object | None = None) -> str | None:
    """The `language` setting kept in the review database, or None."""
    from pathlib import Path

    try:
        if home is None:
            from quizapp.locations import data_home

            home = data_home()
        database = Path(str(home)) / "quizapp.db"
        if not database.is_file():
            return None
        # Imported only once there is a database to read: sqlite3 costs a few ms of start-up.
        import json
        import sqlite3

        conn = sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True, timeout=0.2)
        try:
            row = conn.execute("SELECT value FROM settings WHERE key = 'language'").fetchone()
        finally:
            conn.close()
        value = json.loads(row[0]) if row else None
    except Exception:  # noqa: BLE001 - any failure means "not configured"
        return None
    return value if value in LANGS else None
