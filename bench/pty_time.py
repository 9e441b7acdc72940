#!/usr/bin/env python3
"""Time from launch until a pattern appears on a real pseudo-terminal.

usage: pty_time.py COLUMNS ROWS PATTERN -- COMMAND...
Prints the milliseconds from fork to the first output that matches PATTERN
(a regular expression over everything written so far, escape sequences
included) and the CPU milliseconds the program had used by then, then sends
'q' and waits for the program to exit.
"""
import fcntl, os, pty, re, select, signal, struct, sys, termios, time

def cpu_ms(pid):
    # user + system time the program has used so far: on a shared machine this moves far less than the wall clock.
    with open(f'/proc/{pid}/stat') as stat:
        fields = stat.read().rsplit(')', 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf('SC_CLK_TCK')

def drain(fd, until, pid=None):
    # Reads and drops the program's output until `until` or, given its pid, until it has exited (then True).
    while time.perf_counter() < until:
        if pid is not None and os.waitpid(pid, os.WNOHANG)[0]:
            return True
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                os.read(fd, 65536)
            except OSError:
                break
    return False

def main():
    columns, rows, pattern = int(sys.argv[1]), int(sys.argv[2]), re.compile(sys.argv[3].encode())
    command = sys.argv[sys.argv.index('--') + 1:]
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(command[0], command)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', rows, columns, 0, 0))
    seen = b''
    elapsed = None
    deadline = start + 30
    while time.perf_counter() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
        if pattern.search(seen):
            elapsed = (time.perf_counter() - start) * 1000
            # CLOCK_MONOTONIC in microseconds, the clock of V8's CPU profiles (bench/profile-start.mjs cuts them there).
            clock = time.clock_gettime_ns(time.CLOCK_MONOTONIC) // 1000
            cpu = cpu_ms(pid)
            break
    # HOLD_MS: keep the program running (output drained) before quitting, e.g. to let it write its code cache.
    drain(fd, time.perf_counter() + float(os.environ.get('HOLD_MS', '0')) / 1000)
    try:
        os.write(fd, b'q')
        if not drain(fd, time.perf_counter() + 5, pid):
            os.kill(pid, signal.SIGKILL)
    except OSError:
        pass
    if elapsed is None:
        sys.stderr.write('pattern never appeared; last output:\n' + seen[-2000:].decode(errors='replace') + '\n')
        sys.exit(1)
    print(f'{elapsed:.1f} {cpu:.0f}' + (f' {clock}' if os.environ.get('PRINT_CLOCK') else ''))

main()
