#!/usr/bin/env python3
"""Records every byte a program writes to a real pseudo-terminal.

usage: pty_record.py OUT_FILE COLUMNS ROWS PATTERN -- COMMAND...
Runs COMMAND, waits until PATTERN (a regular expression over the raw bytes)
has appeared, waits 300 ms more, sends "q", waits for the exit, and writes the
raw bytes to OUT_FILE. Exit code 1 if the pattern never appeared.
"""
import fcntl, os, pty, re, select, signal, struct, sys, termios, time

def main():
    out, columns, rows = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    pattern = re.compile(sys.argv[4].encode())
    command = sys.argv[sys.argv.index('--') + 1:]
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(command[0], command)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', rows, columns, 0, 0))
    data = b''
    found_at = None
    deadline = time.time() + 20
    while time.time() < deadline:
        if found_at is None and pattern.search(data):
            found_at = time.time()
        if found_at is not None and time.time() - found_at > 0.3:
            break
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            data += chunk
    try:
        os.write(fd, b'q')
        end = time.time() + 5
        while time.time() < end:
            ready, _, _ = select.select([fd], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(fd, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                data += chunk
            if os.waitpid(pid, os.WNOHANG)[0]:
                break
    except OSError:
        pass
    try:
        os.kill(pid, signal.SIGKILL)
    except OSError:
        pass
    with open(out, 'wb') as handle:
        handle.write(data)
    sys.exit(0 if found_at else 1)

main()
