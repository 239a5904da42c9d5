"""Claims of the page "How single-threaded concurrency works: sockets", with their experiments."""

import selectors
import socket
import threading
import time

from verified import Claim, at_least, at_most, exactly, timeline_svg

DELAY = 0.1  # seconds the other end of a connection waits before it sends


def connected_pair():
    """Two ends of a real TCP connection on 127.0.0.1: a new client socket and the server's end."""
    with socket.create_server(("127.0.0.1", 0)) as listener:
        client = socket.socket()  # created here, so it has the defaults of a new socket
        client.connect(listener.getsockname())
        peer, _ = listener.accept()
    return client, peer


def _send_after(peer, gate, delay, events, data=b"reply", sent_at=None):
    """A thread that waits for `gate`, then `delay` seconds, then sends; it logs the send first."""

    def run():
        gate.wait()
        time.sleep(delay)
        events.append("peer sends")  # logged before the bytes leave: nothing can read them earlier
        if sent_at is not None:
            sent_at.append(time.perf_counter())
        peer.sendall(data)

    thread = threading.Thread(target=run)
    thread.start()
    return thread


# --- A new socket is blocking ------------------------------------------------------------------


def blocking_recv_figures(switch_to_nonblocking=False):
    client, peer = connected_pair()
    if switch_to_nonblocking:
        client.setblocking(False)
    blocking, timeout = client.getblocking(), client.gettimeout()
    events, gate = [], threading.Event()
    sender = _send_after(peer, gate, DELAY, events)
    start = time.perf_counter()  # before the gate opens: the peer's delay cannot start earlier
    gate.set()
    try:
        client.recv(1024)
        events.append("recv returns")
    except BlockingIOError:
        events.append("recv raises BlockingIOError")
    waited = time.perf_counter() - start
    sender.join()
    client.close()
    peer.close()
    return {
        "getblocking_is_true": int(blocking is True),
        "gettimeout_is_none": int(timeout is None),
        "events": " → ".join(events),
        "recv_returned_after_peer_sent": int(events[0] == "peer sends"),
        "recv_waited_s": waited,
        "recv_waited_in_delays": waited / DELAY,
    }


SOCKET_BLOCKING_BY_DEFAULT = Claim(
    id="socket-blocking-by-default",
    statement={
        "en": "A new socket is blocking (getblocking() is True, gettimeout() is None): recv() on a connected "
        "socket with nothing to read holds the thread until the other side sends.",
        "ru": "Новый сокет блокирующий (getblocking() возвращает True, gettimeout() — None): recv() на "
        "подключённом сокете, которому нечего читать, держит поток, пока другая сторона не отправит данные.",
    },
    measure=blocking_recv_figures,
    control=lambda: blocking_recv_figures(switch_to_nonblocking=True),
    expect=(
        exactly("getblocking_is_true", 1, why="the default of socket.socket(); setblocking(False) makes it False"),
        exactly("gettimeout_is_none", 1, why="no timeout: wait as long as it takes (0.0 would mean non-blocking)"),
        exactly("recv_returned_after_peer_sent", 1, why="event order: recv() can only return bytes already sent"),
        at_least("recv_waited_in_delays", 0.9, why="the peer sends one full delay after the clock starts; "
                 "a non-blocking recv() returns in microseconds"),
    ),
)

# --- A non-blocking socket raises instead of waiting --------------------------------------------


def nonblocking_recv_figures(data_already_sent=False):
    client, peer = connected_pair()
    client.setblocking(False)
    events, gate, sender = [], threading.Event(), None
    if data_already_sent:
        events.append("peer sends")
        peer.sendall(b"reply")
        with selectors.DefaultSelector() as selector:  # wait until the bytes are there, not a guessed time
            selector.register(client, selectors.EVENT_READ)
            selector.select(timeout=1.0)
    else:
        sender = _send_after(peer, gate, DELAY, events)  # the reply will come, but later
    start = time.perf_counter()
    gate.set()
    try:
        received, raised = len(client.recv(1024)), 0
        events.append("recv returns")
    except BlockingIOError:
        received, raised = 0, 1
        events.append("recv raises BlockingIOError")
    returned_after = time.perf_counter() - start
    if sender is not None:
        sender.join()
    client.close()
    peer.close()
    return {
        "raised_blocking_io_error": raised,
        "bytes_received": received,
        "events": " → ".join(events),
        "recv_returned_before_peer_sent": int(events[0] != "peer sends"),
        "returned_after_s": returned_after,
    }


NONBLOCKING_RECV_RAISES = Claim(
    id="nonblocking-recv-raises-blockingioerror",
    statement={
        "en": "After setblocking(False), recv() with nothing to read does not wait: it raises BlockingIOError "
        "at once.",
        "ru": "После setblocking(False) вызов recv(), когда читать нечего, не ждёт: он сразу выбрасывает "
        "BlockingIOError.",
    },
    measure=nonblocking_recv_figures,
    control=lambda: nonblocking_recv_figures(data_already_sent=True),
    expect=(
        exactly("raised_blocking_io_error", 1, why="EAGAIN from the OS becomes BlockingIOError; with bytes "
                "waiting, recv() returns them instead"),
        exactly("recv_returned_before_peer_sent", 1, why=f"event order: recv() is back before the peer's "
                f"{DELAY} s delay ends; a call that waited for data would return after the send"),
    ),
)

# --- The OS says when a socket is ready ---------------------------------------------------------


def selector_figures(peer_sends_first=False):
    client, peer = connected_pair()
    client.setblocking(False)
    selector = selectors.DefaultSelector()
    selector.register(client, selectors.EVENT_READ)
    events, gate = [], threading.Event()
    if peer_sends_first:
        events.append("peer sends")
        peer.sendall(b"reply")
        time.sleep(0.05)  # let the bytes arrive before the selector is asked
        sender = None
    else:
        sender = _send_after(peer, gate, DELAY, events)
    ready_before = len(selector.select(timeout=0))  # timeout=0: look, do not wait
    start = time.perf_counter()
    gate.set()
    ready = selector.select(timeout=5)
    waited = time.perf_counter() - start
    events.append("select reports readable")
    received = len(client.recv(1024))  # ready means this call cannot raise BlockingIOError
    if sender is not None:
        sender.join()
    selector.close()
    client.close()
    peer.close()
    return {
        "selector": type(selector).__name__,
        "ready_before_peer_sent": ready_before,
        "ready_after_select": len(ready),
        "events": " → ".join(events),
        "select_returned_after_peer_sent": int(events[0] == "peer sends"),
        "select_waited_in_delays": waited / DELAY,
        "bytes_received": received,
    }


SELECTOR_REPORTS_READY = Claim(
    id="selector-reports-ready-after-peer-sends",
    statement={
        "en": "A selector reports a socket readable only once the other side has sent: before that, select() "
        "finds nothing ready, and a select() without timeout sleeps until the bytes arrive.",
        "ru": "Селектор сообщает, что сокет готов к чтению, только после того, как другая сторона отправила "
        "данные: до этого select() не находит готовых сокетов, а select() без тайм-аута спит, пока байты не "
        "придут.",
    },
    measure=selector_figures,
    control=lambda: selector_figures(peer_sends_first=True),
    expect=(
        exactly("ready_before_peer_sent", 0, why="nothing has been sent, so no socket can be readable"),
        exactly("ready_after_select", 1, why="the one registered socket, once its bytes have arrived"),
        exactly("select_returned_after_peer_sent", 1, why="event order: readiness follows the send"),
        at_least("select_waited_in_delays", 0.9, why="the peer sends one full delay after the clock starts; "
                 "a socket already readable is reported in microseconds"),
    ),
)

# --- The same loop with a blocking and a non-blocking socket (drawn) ----------------------------

REPLY_DELAY = 0.2  # seconds until the reply arrives
SLICE = 0.01  # seconds of other work between two attempts to read


def _spin(seconds):
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        pass


def _try_read_else_work(blocking):
    """Loop: try recv(); if nothing has arrived, do a slice of other work. Returns the spans it measured."""
    client, peer = connected_pair()
    client.setblocking(blocking)
    events, gate, sent_at = [], threading.Event(), []
    sender = _send_after(peer, gate, REPLY_DELAY, events, sent_at=sent_at)
    origin = time.perf_counter()
    gate.set()
    work, attempt = [], origin
    while True:
        attempt = time.perf_counter()
        try:
            client.recv(1024)
            break
        except BlockingIOError:
            _spin(SLICE)
            work.append((attempt - origin, time.perf_counter() - origin))
    got = time.perf_counter() - origin
    _spin(SLICE)  # handle the reply
    handled = time.perf_counter() - origin
    sender.join()
    client.close()
    peer.close()
    return {"work": work, "blocked": (attempt - origin, got), "handled": (got, handled),
            "sent": sent_at[0] - origin}


def work_while_waiting_figures(second_socket_blocking=False):
    blocking = _try_read_else_work(blocking=True)
    other = _try_read_else_work(blocking=second_socket_blocking)
    return {
        "reply_after_s": REPLY_DELAY,
        "slice_s": SLICE,
        "blocking_slices_while_waiting": len(blocking["work"]),
        "nonblocking_slices_while_waiting": len(other["work"]),
        "nonblocking_busy_share_of_wait": sum(b - a for a, b in other["work"]) / other["handled"][0],
        "spans": {"blocking": blocking, "nonblocking": other},
    }


def _ru(number):
    return f"{number:g}".replace(".", ",")  # Russian writes a decimal comma


def draw_work_while_waiting(figures, lang):
    spans = figures["spans"]
    blocking, other = spans["blocking"], spans["nonblocking"]
    labels = {
        "en": ("the other side", "blocking socket", "non-blocking socket"),
        "ru": ("другая сторона", "блокирующий сокет", "неблокирующий сокет"),
    }[lang]
    lanes = [
        (labels[0], [(0.0, blocking["sent"], "wait")]),
        (labels[1], [(*blocking["blocked"], "wait"), (*blocking["handled"], "cpu")]),
        (labels[0], [(0.0, other["sent"], "wait")]),
        (labels[2], [(a, b, "cpu") for a, b in other["work"]] + [(*other["handled"], "cpu")]),
    ]
    text = {
        "en": (
            "Blocking and non-blocking sockets, measured in this build",
            "Two runs, each under the other side's wait until it sends. With a blocking socket the thread "
            "sits in recv() until the reply arrives, then handles it. With a non-blocking socket the same loop "
            "does slices of other work until the reply arrives, then handles it.",
            f"Figure: one loop, “try recv(), otherwise do {SLICE * 1000:.0f} ms of other work”; the other side "
            f"sends after {REPLY_DELAY} s. With a blocking socket the thread waits in recv(), then handles the "
            "reply; with a non-blocking one, slices of other work fill the wait. Measured when this page was "
            "built.",
        ),
        "ru": (
            "Блокирующий и неблокирующий сокеты, измерено при сборке",
            "Два прогона, каждый под ожиданием другой стороны до отправки. С блокирующим сокетом поток сидит "
            "в recv(), пока не придёт ответ, затем обрабатывает его. С неблокирующим тот же цикл выполняет "
            "порции другой работы, пока не придёт ответ, затем обрабатывает его.",
            f"Рисунок: один цикл «попробовать recv(), иначе {SLICE * 1000:.0f} мс другой работы»; другая "
            f"сторона отправляет ответ через {_ru(REPLY_DELAY)} с. С блокирующим сокетом поток ждёт в recv(), "
            "затем обрабатывает ответ; с неблокирующим ожидание заполняют порции другой работы. Измерено при "
            "сборке этой страницы.",
        ),
    }[lang]
    return timeline_svg(lanes, title=text[0], description=text[1], caption=text[2], lang=lang)


WORK_WHILE_WAITING = Claim(
    id="nonblocking-socket-frees-the-thread",
    statement={
        "en": "The same loop — try recv(), otherwise do a slice of other work — does no other work while a "
        "blocking socket waits for a reply, and keeps working while a non-blocking one does.",
        "ru": "Один и тот же цикл — попробовать recv(), иначе выполнить порцию другой работы — ничего не "
        "успевает, пока ответа ждёт блокирующий сокет, и продолжает работать, пока ждёт неблокирующий.",
    },
    measure=work_while_waiting_figures,
    control=lambda: work_while_waiting_figures(second_socket_blocking=True),
    expect=(
        exactly("blocking_slices_while_waiting", 0, why="recv() holds the thread for the whole wait"),
        at_least("nonblocking_slices_while_waiting", 2, why=f"the wait fits ~{REPLY_DELAY / SLICE:.0f} slices on "
                 "an idle machine, fewer when other processes take turns on the CPU; a blocked thread does none"),
        at_least("nonblocking_busy_share_of_wait", 0.5, why="slices run back to back on the clock, so they "
                 "cover ~all of the wait even under load; a blocked thread covers none of it"),
    ),
    draw=draw_work_while_waiting,
)

# --- One thread serves many slow clients --------------------------------------------------------

CLIENTS = 20
THINK = 0.1  # seconds each client keeps its connection open before it sends
FEW_CLIENTS = 4  # the one-at-a-time server gets fewer: each costs a full think time


def _slow_client(address, go):
    go.wait()  # every client thread is already running: they connect together
    with socket.create_connection(address, timeout=5) as sock:
        sock.recv(64)  # the greeting: the server has accepted this connection
        time.sleep(THINK)
        sock.sendall(b"ping")
        if sock.recv(64) != b"ping":
            raise AssertionError("the echo server answered something else")


def selectors_server(listener, clients, stats):
    """Serve every client from this one thread: the selector says which socket is ready."""
    listener.setblocking(False)
    selector = selectors.DefaultSelector()
    selector.register(listener, selectors.EVENT_READ)
    served = open_now = 0
    while served < clients:
        for key, _ in selector.select(timeout=5):
            stats["threads"].add(threading.get_ident())
            if key.fileobj is listener:
                connection, _ = listener.accept()
                connection.setblocking(False)
                connection.sendall(b"hello")
                selector.register(connection, selectors.EVENT_READ)
                open_now += 1
                stats["most_open"] = max(stats["most_open"], open_now)
            elif data := key.fileobj.recv(64):
                key.fileobj.sendall(data)
            else:
                selector.unregister(key.fileobj)
                key.fileobj.close()
                open_now -= 1
                served += 1
    selector.close()


def one_at_a_time_server(listener, clients, stats):
    """A blocking server: accept a client, serve it to the end, then accept the next."""
    for _ in range(clients):
        connection, _ = listener.accept()
        stats["threads"].add(threading.get_ident())
        stats["most_open"] = max(stats["most_open"], 1)
        with connection:
            connection.sendall(b"hello")
            while data := connection.recv(64):
                connection.sendall(data)


def serve_clients(server, clients):
    """Time `clients` slow clients (each in its own thread) against `server` (in one thread of its own)."""
    stats = {"threads": set(), "most_open": 0}
    with socket.create_server(("127.0.0.1", 0), backlog=clients) as listener:
        server_thread = threading.Thread(target=server, args=(listener, clients, stats))
        server_thread.start()
        go = threading.Event()
        threads = [threading.Thread(target=_slow_client, args=(listener.getsockname(), go)) for _ in range(clients)]
        for thread in threads:
            thread.start()
        start = time.perf_counter()
        go.set()
        for thread in threads:
            thread.join()
        server_thread.join()
        elapsed = time.perf_counter() - start
    return elapsed, len(stats["threads"]), stats["most_open"]


def many_clients_figures(server=selectors_server):
    elapsed, threads, most_open = serve_clients(server, CLIENTS)
    slow_elapsed, _, _ = serve_clients(one_at_a_time_server, FEW_CLIENTS)
    return {
        "clients": CLIENTS,
        "think_s": THINK,
        "total_s": elapsed,
        "total_in_think_times": elapsed / THINK,
        "server_threads": threads,
        "most_connections_open_at_once": most_open,
        "one_at_a_time_clients": FEW_CLIENTS,
        "one_at_a_time_total_in_think_times": slow_elapsed / THINK,
    }


ONE_THREAD_MANY_CLIENTS = Claim(
    id="one-thread-serves-many-clients",
    statement={
        "en": f"A selectors-based server in one thread holds all its connections open at once, so {CLIENTS} "
        f"clients that each think for {THINK} s are served in far fewer than {CLIENTS} think times (at most 8: "
        f"a busy machine may be slow to start {CLIENTS} client threads), where a server that serves one "
        "client at a time needs one think time per client.",
        "ru": f"Сервер на selectors в одном потоке держит все соединения открытыми одновременно, поэтому "
        f"{CLIENTS} клиентов, каждый из которых думает {_ru(THINK)} с, он обслуживает намного быстрее, чем "
        f"{CLIENTS} раз по {_ru(THINK)} с (не дольше 8 таких промежутков: загруженная машина может медленно "
        f"запускать {CLIENTS} клиентских потоков), а серверу, который обслуживает клиентов по одному, нужно "
        "время раздумий на каждого.",
    },
    measure=many_clients_figures,
    control=lambda: many_clients_figures(server=one_at_a_time_server),
    expect=(
        exactly("server_threads", 1, why="every accept, recv and send of the server ran in the same thread"),
        at_least("most_connections_open_at_once", CLIENTS // 2, why=f"all {CLIENTS} clients connect within "
                 "milliseconds and stay a full think time; a one-at-a-time server holds 1"),
        at_most("total_in_think_times", 8, why=f"overlapping think times cost ~1; one at a time they cost "
                f"{CLIENTS}; 8 leaves room for 21 threads sharing a busy machine"),
        at_least("one_at_a_time_total_in_think_times", FEW_CLIENTS * 0.9, why="a blocking server waits out each "
                 "client's think time before it accepts the next (the contrast, measured with fewer clients)"),
    ),
)


# What each figure is, for people: the id stays the key in claims.json.
FIGURE_LABELS = {
    "getblocking_is_true": {"en": "1 if getblocking() of a new socket is True",
                            "ru": "1, если getblocking() нового сокета возвращает True"},
    "gettimeout_is_none": {"en": "1 if gettimeout() of a new socket is None",
                           "ru": "1, если gettimeout() нового сокета возвращает None"},
    "events": {"en": "the events, in the order they happened", "ru": "события в том порядке, в каком они произошли"},
    "recv_returned_after_peer_sent": {
        "en": "1 if recv() returned only after the other side sent",
        "ru": "1, если recv() вернул управление только после того, как другая сторона отправила данные",
    },
    "recv_waited_s": {"en": "time recv() took to return, s", "ru": "сколько ждал recv(), с"},
    "recv_waited_in_delays": {"en": "time recv() waited, in lengths of the other side's delay",
                              "ru": "время ожидания в recv(), делённое на задержку другой стороны"},
    "raised_blocking_io_error": {"en": "1 if recv() raised BlockingIOError",
                                 "ru": "1, если recv() выбросил BlockingIOError"},
    "bytes_received": {"en": "data the recv() call returned, bytes", "ru": "объём данных, возвращённых recv(), байт"},
    "recv_returned_before_peer_sent": {
        "en": "1 if recv() returned before the other side sent",
        "ru": "1, если recv() вернул управление до того, как другая сторона отправила данные",
    },
    "returned_after_s": {"en": "time until recv() returned or raised, s",
                         "ru": "время до возврата из recv() или исключения, с"},
    "selector": {"en": "selector class this platform uses", "ru": "класс селектора на этой платформе"},
    "ready_before_peer_sent": {"en": "sockets ready before the other side sent",
                               "ru": "сокетов, готовых до того, как другая сторона отправила данные"},
    "ready_after_select": {"en": "sockets select() reported ready",
                           "ru": "сокетов, о готовности которых сообщил select()"},
    "select_returned_after_peer_sent": {
        "en": "1 if select() returned only after the other side sent",
        "ru": "1, если select() вернул управление только после того, как другая сторона отправила данные",
    },
    "select_waited_in_delays": {"en": "time select() waited, in lengths of the other side's delay",
                                "ru": "время ожидания в select(), делённое на задержку другой стороны"},
    "reply_after_s": {"en": "time until the other side sends its reply, s",
                      "ru": "время до отправки ответа другой стороной, с"},
    "slice_s": {"en": "length of one slice of other work, s", "ru": "длительность одной порции другой работы, с"},
    "blocking_slices_while_waiting": {"en": "slices of other work done while a blocking socket waited",
                                      "ru": "порций другой работы, выполненных, пока ждал блокирующий сокет"},
    "nonblocking_slices_while_waiting": {"en": "slices of other work done while a non-blocking socket waited",
                                         "ru": "порций другой работы, выполненных, пока ждал неблокирующий сокет"},
    "nonblocking_busy_share_of_wait": {"en": "share of the non-blocking socket's wait filled with other work",
                                       "ru": "доля ожидания неблокирующего сокета, занятая другой работой"},
    "clients": {"en": "slow clients of the selectors server", "ru": "медленных клиентов сервера на selectors"},
    "think_s": {"en": "time each client thinks before it sends, s", "ru": "время раздумий клиента перед отправкой, с"},
    "total_s": {"en": "time to serve all clients with selectors, s",
                "ru": "время обслуживания всех клиентов на selectors, с"},
    "total_in_think_times": {"en": "time to serve all clients with selectors, in think times",
                             "ru": "время обслуживания всех клиентов на selectors, делённое на время раздумий"},
    "server_threads": {"en": "threads the selectors server ran in",
                       "ru": "потоков, в которых работал сервер на selectors"},
    "most_connections_open_at_once": {"en": "most connections open at the same time",
                                      "ru": "наибольшее число одновременно открытых соединений"},
    "one_at_a_time_clients": {"en": "clients of the server that serves one at a time",
                              "ru": "клиентов сервера, обслуживающего по одному"},
    "one_at_a_time_total_in_think_times": {
        "en": "time to serve its clients one at a time, in think times",
        "ru": "время обслуживания клиентов по одному, делённое на время раздумий",
    },
}
