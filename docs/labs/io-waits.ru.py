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
# # Лаборатория ожиданий
#
# Поменяйте числа в следующей ячейке и выполните блокнот заново. Опыт тот же, что стоит за
# утверждением `io-waits-overlap`: запросы к локальному серверу, который отвечает с задержкой,
# отправленные по очереди и затем вместе, из одного потока.

# %%
import snippets.io_cpu.claims as experiment

experiment.SERVER_DELAY = 0.05  # сколько секунд сервер ждёт перед ответом
ROUNDS = 3  # сколько раз повторить каждый вариант; выводится медиана

# %%
figures = experiment.overlap_figures(repeats=ROUNDS)
for name, value in figures.items():
    if isinstance(value, float):
        print(f"{name:28} {value:8.3f}")

# %% [markdown]
# Теперь замените ожидание вычислением: `busy_request` тратит то же время в цикле, а не ждёт
# сервер. Три таких запроса в одном потоке перекрыться не могут.

# %%
busy = experiment.overlap_figures(request=experiment.busy_request, repeats=ROUNDS)
print(f"вместе, ожидание:   {figures['together_in_waits']:.2f} ожиданий")
print(f"вместе, вычисление: {busy['together_in_waits']:.2f} ожиданий")
assert busy["together_in_waits"] > 2 * figures["together_in_waits"]
