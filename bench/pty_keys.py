#!/usr/bin/env python3
"""Key-to-frame latency on a real pseudo-terminal.

usage: pty_keys.py COLUMNS ROWS READY_PATTERN KEYS REPEATS -- COMMAND...
Starts COMMAND, waits until READY_PATTERN appears, then REPEATS times: writes
one key of KEYS (cycling; "j", "k", "\\t" ...), and measures the milliseconds
until the program has written the frame that answers it (the first output after
the key; before each key the terminal has been quiet for 100 ms). Prints one number
per line, then `cpu BUSY_MS IDLE_MS`: the CPU time (user + system) COMMAND used
over the presses, and over as long again with no key, so that timers can be
subtracted (on a shared machine CPU time moves far less than latency).
"""
import os, pty, re, select, struct, sys, time, fcntl, termios, signal

def drain(fd, quiet):
    data = b''
    while True:
        ready, _, _ = select.select([fd], [], [], quiet)
        if not ready:
            return data
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            return data
        if not chunk:
            return data
        data += chunk

def cpu_ms(pid):
    with open(f'/proc/{pid}/stat') as stat:
        fields = stat.read().rsplit(')', 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf('SC_CLK_TCK')

def main():
    columns, rows = int(sys.argv[1]), int(sys.argv[2])
    ready = re.compile(sys.argv[3].encode())
    keys = sys.argv[4].encode().decode('unicode_escape').encode()
    repeats = int(sys.argv[5])
    command = sys.argv[sys.argv.index('--') + 1:]
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(command[0], command)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', rows, columns, 0, 0))
    seen = b''
    deadline = time.time() + 30
    while not ready.search(seen):
        if time.time() > deadline:
            sys.stderr.write('never ready:\n' + seen[-1500:].decode(errors='replace'))
            os.kill(pid, signal.SIGKILL)
            sys.exit(1)
        r, _, _ = select.select([fd], [], [], 0.5)
        if r:
            seen += os.read(fd, 65536)
    drain(fd, 0.3)
    cpu_before, started = cpu_ms(pid), time.perf_counter()
    for i in range(repeats):
        key = keys[i % len(keys):i % len(keys) + 1]
        start = time.perf_counter()
        os.write(fd, key)
        r, _, _ = select.select([fd], [], [], 5)
        if not r:
            print('timeout')
            continue
        os.read(fd, 65536)
        first = time.perf_counter()
        drain(fd, 0.015)
        print(f'{(first - start) * 1000:.2f}')
        # Let the answer to this key end before the next key, so that no frame is counted twice.
        drain(fd, 0.1)
    busy, pressing = cpu_ms(pid) - cpu_before, time.perf_counter() - started
    idle_before, idle_started = cpu_ms(pid), time.perf_counter()
    while time.perf_counter() < idle_started + pressing:
        drain(fd, min(0.5, max(0.01, idle_started + pressing - time.perf_counter())))
    # Scaled to the time the presses took: a frame arriving at the end can stretch the idle window a little.
    idle = (cpu_ms(pid) - idle_before) * pressing / (time.perf_counter() - idle_started)
    print(f'cpu {busy:.0f} {idle:.0f}')
    os.write(fd, b'q')
    time.sleep(0.3)
    try:
        os.kill(pid, signal.SIGKILL)
    except OSError:
        pass

main()
