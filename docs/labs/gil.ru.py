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
# # Лаборатория GIL
#
# Поменяйте числа в следующей ячейке и выполните блокнот заново. Одна и та же работа делается
# `THREADS` раз: по очереди в одном потоке, а затем в `THREADS` потоках одновременно. Ускорение —
# отношение двух времён; *секунды процессорного времени за секунду* — сколько процесс потратил,
# пока работали его потоки. Больше 1 бывает, только если потоки действительно работали
# одновременно.

# %%
import sys

import snippets.gil.claims as experiment

KIND = "python"  # "python", "hash", "small-hash", "zlib" или "sleep"
SIZE = 20  # python: fib(SIZE); hash, small-hash: единицы по 256 КиБ; zlib: единицы по 16 КиБ; sleep: миллисекунды
PIECES = 20  # кусков работы на поток
THREADS = 2
SWITCH_INTERVAL = 0.005  # секунды; по умолчанию 0.005
ROUNDS = 3  # сколько раз повторить каждый вариант, попеременно; выводятся медианы

# %%
gil_on = getattr(sys, "_is_gil_enabled", lambda: True)()  # Python 3.13+; в старых сборках GIL есть всегда
print(f"Python {sys.version.split()[0]}, GIL {'включён' if gil_on else 'выключен'}\n")
figures = experiment.threads_speedup_figures(KIND, SIZE, PIECES, THREADS, ROUNDS, SWITCH_INTERVAL)
for name, value in figures.items():
    print(f"{name:26} {value:8.3f}")

# %% [markdown]
# ## Все виды работы рядом
#
# При включённом GIL чистый Python и хеширование вызовами по 1000 байт держат его; хеширование
# по 256 КиБ за вызов, сжатие и сон его отпускают (в free-threaded сборке ускоряться может любая
# строка). На занятой машине ускорения гуляют; а больше одной секунды
# процессорного времени за секунду нагрузка подделать не может.

# %%
sizes = {"python": 20, "small-hash": 4, "hash": 4, "zlib": 4, "sleep": 5}
rows = {kind: experiment.threads_speedup_figures(kind, size, PIECES, THREADS, ROUNDS, SWITCH_INTERVAL)
        for kind, size in sizes.items()}
print(f"{'работа':12} {'ускорение':>9} {'с ЦП за с':>12}")
for kind, row in rows.items():
    print(f"{kind:12} {row['speedup']:9.2f} {row['cpu_per_wall_in_threads']:12.2f}")

# %% [markdown]
# ## Что меняет интервал переключения
#
# Интервал переключения не позволяет потокам работать одновременно; он определяет, сколько
# поток, которому нужен GIL, будет его ждать. Здесь один поток считает, а другой снова и снова
# спит по 2 мс; при включённом GIL, проснувшись, он каждый раз должен получить GIL обратно,
# прежде чем продолжить (в free-threaded сборке с выключенным GIL ему ждать нечего).

# %%
print(f"проснувшийся поток ждёт {experiment.gil_wait_ms():6.2f} мс при интервале по умолчанию (0.005 с)")
print(f"проснувшийся поток ждёт {experiment.gil_wait_ms(SWITCH_INTERVAL):6.2f} мс при {SWITCH_INTERVAL} с")

# %% [markdown]
# ## Проверки
#
# Два сна по 0,1 секунды в двух потоках перекрываются в любой сборке (измеряется как в
# утверждении `sleep-releases-gil`: от первого начала до последнего конца, лучший из нескольких
# раундов). При включённом GIL потоки на чистом Python никогда не тратят больше примерно одной
# секунды процессорного времени за секунду, какими бы ни были параметры.

# %%
sleeping = experiment.sleep_figures()
print(f"два сна по 0,1 с в двух потоках заняли {sleeping['both_waits_in_waits']:.2f} сна")
assert sleeping["both_waits_in_waits"] < 1.5, sleeping
if gil_on:
    assert rows["python"]["cpu_per_wall_in_threads"] < 1.2, rows["python"]
