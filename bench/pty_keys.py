#!/usr/bin/env python3
"""Key-to-frame latency on a real pseudo-terminal.

usage: pty_keys.py COLUMNS ROWS READY_PATTERN KEYS REPEATS -- COMMAND...
Starts COMMAND, waits until READY_PATTERN appears, then REPEATS times: writes
one key of KEYS (cycling; "j", "k", "\\t" ...), and measures the milliseconds
until the program has written the frame that answers it (the first output after
the key; before each key the terminal has been quiet for 100 ms). Prints one number
per line.
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
    os.write(fd, b'q')
    time.sleep(0.3)
    try:
        os.kill(pid, signal.SIGKILL)
    except OSError:
        pass

main()
