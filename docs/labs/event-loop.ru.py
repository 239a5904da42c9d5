# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Лаборатория цикла событий
#
# Поменяйте числа в следующей ячейке и выполните блокнот заново. Опыт тот же, что стоит за
# утверждениями `blocking-requests-wait-one-after-another` и
# `event-loop-overlaps-waits-not-computing`: каждая задача считает, отправляет запрос
# локальному веб-серверу, который отвечает с задержкой, и снова считает — сначала задачи идут
# по очереди с блокирующими запросами, затем как задачи asyncio в одном цикле событий.

# %%
import snippets.event_loop.claims as experiment

TASKS = 3  # сколько задач
SERVER_DELAY = 0.15  # сколько секунд веб-сервер готовит каждый ответ
CPU_WORK = 0.02  # сколько секунд задача считает до запроса и после него

# %% [markdown]
# На диаграммах ниже каждая строка — задача: `#` — вычисления, `.` — ожидание ответа сервера.
# Ожидание заканчивается, когда задача возобновляется: в цикле событий это может случиться
# чуть позже прихода ответа, если цикл в тот момент считал для другой задачи.

# %%
blocking = experiment.three_tasks_figures("blocking", tasks=TASKS, delay=SERVER_DELAY, cpu=CPU_WORK)
print("по очереди, блокирующие запросы:")
print(experiment.timeline_text(blocking["spans"]))

# %%
on_loop = experiment.three_tasks_figures("asyncio", tasks=TASKS, delay=SERVER_DELAY, cpu=CPU_WORK)
print("задачи asyncio в одном цикле событий:")
print(experiment.timeline_text(on_loop["spans"]))

# %% [markdown]
# Цикл событий перекрывает ожидания, но не вычисления: один поток считает для одной задачи за
# раз. Прежде чем что-то менять, предскажите: если `CPU_WORK` больше `SERVER_DELAY`, перестанут
# ли ожидания перекрываться? Не перестанут. Ожидание длится от запроса задачи до её
# возобновления, а возобновиться задача может, только когда поток не считает для другой; поэтому
# каждое ожидание теперь включает и вычисления других задач, длится дольше задержки сервера, и
# ожидания по-прежнему перекрываются. Цикл, как и раньше, экономит примерно
# `(TASKS - 1) * SERVER_DELAY` — ту часть задержек сервера, которая перекрывается; вычисления в
# обоих прогонах занимают одинаковое время.

# %%
for name, figures in [("по очереди", blocking), ("цикл", on_loop)]:
    print(f"{name:10}  всего {figures['wall_s']:.3f} с   вычисления {figures['cpu_s_in_all_tasks']:.3f} с   "
          f"перекрытие вычислений {figures['max_cpu_overlap_s']:.3f} с   "
          f"перекрывающихся пар ожиданий {figures['overlapping_wait_pairs']} из {figures['wait_pairs']}")
print(f"цикл сэкономил: {blocking['wall_s'] - on_loop['wall_s']:.3f} с   "
      f"(TASKS - 1) * SERVER_DELAY: {(TASKS - 1) * SERVER_DELAY:.3f} с")
assert on_loop["max_cpu_overlap_s"] == 0, "два вычисления в одном потоке перекрылись"
assert blocking["overlapping_wait_pairs"] == 0, "блокирующие запросы перекрылись"
assert TASKS < 2 or SERVER_DELAY == 0 or on_loop["wall_s"] < blocking["wall_s"], "цикл не сэкономил времени"
